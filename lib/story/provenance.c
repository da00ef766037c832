/* provenance.c: within each story, who was first and who took what from whom.
 *
 * The evidence is the reuse relations found before (duplicates, copies, quotes, rewrites)
 * between members of one story. Each such link gets a direction, source to taker:
 *   - both dated at different times: the earlier is the source;
 *   - otherwise it is inferred: the side whose text is much more covered by what the two
 *     share took from the other (a shortened copy is mostly the original's text, the
 *     original only partly the copy's); when both are covered alike (a reprint), the side
 *     with more page furniture is the republisher (outlets add bylines, follow lines and
 *     footers to what they take, the wire sends none).
 * Articles are then ordered: dated ones by time, the others by how much of the evidence
 * says they were taken from (sources first), articles without links last, then by id. The
 * order fixes every link's direction, so the directions never contradict it. The likely
 * original is the first article whose text a later one reuses; each later article's role
 * is its strongest link to an earlier one (duplicate, copy, quote, rewrite) or independent;
 * its novel share is the part of its own words (page furniture left out) that no earlier
 * article shares with it. */
#include "provenance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../base/banned.h"

#define CLEAR_SHARE 0.1 /* a difference in covered share that says who took from whom */

struct link {
    uint32_t a, b;        /* corpus indices, a < b */
    const rp_relation *r; /* the relation (borrowed until the next relate()) */
    int dir;              /* 1: b took from a; -1: a took from b */
};

struct member {
    uint32_t idx;
    int dated;
    int64_t t;
    int score;       /* links where it is the source minus links where it took */
    uint32_t links;  /* links within its story */
    uint32_t boiler; /* words of page furniture */
    const char *id;
};

struct prov {
    const struct rp__docs *d;
    const uint32_t *label;
    struct link *links;
    size_t link_count;
    size_t *by_start; /* per article: its links in by_link[by_start[i], by_start[i + 1]) */
    size_t *by_link;
    uint32_t *boiler, *core; /* per article with links: furniture and other words */
    uint32_t *pos;           /* per article: its place in its story's order */
    double *novel;           /* per article: share of its words no earlier article had */
};

static int count_words(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    struct prov *p = user;
    int rc;

    if (p->by_start[i] == p->by_start[i + 1])
        return RP_OK;
    if (d->core_words != NULL) {
        size_t n = 0, cap = 0, boiler = 0;
        rc = d->core_words(d, i, NULL, &n, &cap, &boiler);
        p->core[i] = (uint32_t)n;
        p->boiler[i] = (uint32_t)boiler;
        return rc;
    }
    rc = d->analyze(d, i, t);
    for (size_t w = 0; rc == RP_OK && w < t->word_count; w++) {
        if (t->words[w].flags & RP__WORD_BOILER)
            p->boiler[i]++;
        else
            p->core[i]++;
    }
    return rc;
}

struct span {
    size_t start, end;
};

static int cmp_span(const void *x, const void *y)
{
    const struct span *a = x, *b = y;

    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return a->end < b->end ? -1 : a->end > b->end;
}

/* Article i's side of a link's evidence appended to spans; returns the count or -1. */
static int add_spans(const struct link *l, size_t i, struct span **spans, size_t *n, size_t *cap)
{
    const rp_relation *r = l->r;
    const int side_a = r->a == i;

    for (size_t k = 0; k < r->passage_count; k++) {
        if (RP__GROW(*spans, *cap, *n + 1) < 0)
            return -1;
        const rp_passage *q = &r->passages[k];
        (*spans)[(*n)++] =
            side_a ? (struct span){q->a_start, q->a_end} : (struct span){q->b_start, q->b_end};
    }
    for (size_t k = 0; k < r->sentence_count; k++) {
        if (RP__GROW(*spans, *cap, *n + 1) < 0)
            return -1;
        const rp_sentence_pair *q = &r->sentences[k];
        (*spans)[(*n)++] =
            side_a ? (struct span){q->a_start, q->a_end} : (struct span){q->b_start, q->b_end};
    }
    return 0;
}

/* The byte starts of article i's words outside its furniture, increasing, into *starts (the
 * caller frees it) and their count into *n: from the docs' own list, or analysed into t. */
static int core_starts(const struct rp__docs *d, size_t i, struct rp_text *t, uint32_t **starts,
                       size_t *n)
{
    size_t cap = 0, boiler = 0;
    int rc;

    *n = 0;
    if (d->core_words != NULL)
        return d->core_words(d, i, starts, n, &cap, &boiler);
    rc = d->analyze(d, i, t);
    if (rc == RP_OK && (*starts = rp__malloc((t->word_count + 1) * sizeof(**starts))) == NULL)
        rc = RP_ENOMEM;
    if (rc == RP_OK)
        *n = rp__text_core_starts(t, *starts);
    return rc;
}

/* Novel share of article i: its words outside the evidence of its links to earlier members. */
static int novel_one(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    struct prov *p = user;
    struct span *spans = NULL;
    uint32_t *starts = NULL;
    size_t n = 0, cap = 0, covered = 0, core = 0, s = 0;
    double share = 0;
    int rc = RP_OK;

    p->novel[i] = 1.0;
    for (size_t k = p->by_start[i]; k < p->by_start[i + 1]; k++) {
        const struct link *l = &p->links[p->by_link[k]];
        const size_t other = l->a == i ? l->b : l->a;
        if (p->pos[other] > p->pos[i])
            continue;
        const double sh = l->a == i ? l->r->a_share : l->r->b_share;
        if (sh > share)
            share = sh;
        if (add_spans(l, i, &spans, &n, &cap) < 0) {
            rc = RP_ENOMEM;
            goto out;
        }
    }
    if (share == 0 && n == 0)
        goto out;
    if (n > 0) {
        qsort(spans, n, sizeof(*spans), cmp_span);
        rc = core_starts(d, i, t, &starts, &core);
        for (size_t w = 0; rc == RP_OK && w < core; w++) {
            size_t end = 0;
            while (s < n && spans[s].end <= starts[w])
                s++;
            for (size_t k = s; k < n && spans[k].start <= starts[w]; k++)
                if (spans[k].end > end)
                    end = spans[k].end;
            covered += end > starts[w];
        }
    }
    if (core > 0 && (double)covered / (double)core > share)
        share = (double)covered / (double)core;
    p->novel[i] = share >= 1 ? 0.0 : 1.0 - share;
out:
    rp__free(spans);
    rp__free(starts);
    return rc;
}

/* The inferred direction of a link whose dates do not decide it. */
static int infer(const struct prov *p, const struct link *l)
{
    const double ca = l->r->a_share, cb = l->r->b_share;

    if (ca - cb >= CLEAR_SHARE || cb - ca >= CLEAR_SHARE)
        return ca > cb ? -1 : 1;
    if (p->boiler[l->a] != p->boiler[l->b])
        return p->boiler[l->a] > p->boiler[l->b] ? -1 : 1;
    return 0;
}

static int timed(const rp_article *x, const rp_article *y)
{
    return x->published != RP_TIME_NONE && y->published != RP_TIME_NONE &&
           x->published != y->published;
}

static int cmp_member(const void *x, const void *y)
{
    const struct member *a = x, *b = y;

    if (a->dated != b->dated)
        return a->dated ? -1 : 1;
    if (a->dated && a->t != b->t)
        return a->t < b->t ? -1 : 1;
    if ((a->links > 0) != (b->links > 0))
        return a->links > 0 ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->boiler != b->boiler)
        return a->boiler < b->boiler ? -1 : 1;
    return strcmp(a->id, b->id);
}

static int cmp_id(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Bytes of article i's side of a relation's passages (sentences: of its aligned sentences). */
static size_t side_bytes(const rp_relation *r, size_t i, int sentences)
{
    size_t sum = 0;

    if (sentences)
        for (size_t k = 0; k < r->sentence_count; k++)
            sum += r->a == i ? r->sentences[k].a_end - r->sentences[k].a_start
                             : r->sentences[k].b_end - r->sentences[k].b_start;
    else
        for (size_t k = 0; k < r->passage_count; k++)
            sum += r->a == i ? r->passages[k].a_end - r->passages[k].a_start
                             : r->passages[k].b_end - r->passages[k].b_start;
    return sum;
}

/* What taker i is by link l: a duplicate, a copy, a quote, or a rewrite. A pair that shares
 * a phrase or two verbatim and follows the other sentence by sentence in other words has the
 * stronger relation type (copy) but is a rewrite: what decides is which evidence covers more
 * of the taker's text. */
static int link_role(const struct link *l, size_t i)
{
    const int t = l->r->type;

    if (t <= RP_REL_NEAR_DUPLICATE)
        return RP_ROLE_DUPLICATE;
    if (t <= RP_REL_QUOTE && l->r->sentence_count > 0 &&
        side_bytes(l->r, i, 1) > 2 * side_bytes(l->r, i, 0))
        return RP_ROLE_REWRITE;
    return t == RP_REL_COPY ? RP_ROLE_COPY : t == RP_REL_QUOTE ? RP_ROLE_QUOTE : RP_ROLE_REWRITE;
}

/* One story's record from its ordered members. */
static int make_story(const struct prov *p, const struct member *m, size_t cnt, rp_story *st,
                      char *id_buf, size_t id_cap, const char **least)
{
    const struct rp__docs *d = p->d;
    size_t *arts = rp__calloc(cnt, sizeof(*arts)), *src = rp__calloc(cnt, sizeof(*src));
    int *roles = rp__calloc(cnt, sizeof(*roles));
    double *novel = rp__calloc(cnt, sizeof(*novel));
    const char **ids = rp__calloc(cnt, sizeof(*ids));
    size_t original = SIZE_MAX;
    XXH3_state_t h;
    int dated = 1;

    if (arts == NULL || src == NULL || roles == NULL || novel == NULL || ids == NULL) {
        rp__free(arts);
        rp__free(src);
        rp__free(roles);
        rp__free(novel);
        rp__free(ids);
        return RP_ENOMEM;
    }
    for (size_t k = 0; k < cnt; k++) {
        const size_t i = m[k].idx;
        int role = RP_ROLE_INDEPENDENT;
        size_t from = SIZE_MAX;
        double from_share = -1;
        arts[k] = i;
        ids[k] = m[k].id;
        dated &= m[k].dated;
        for (size_t q = p->by_start[i]; q < p->by_start[i + 1]; q++) {
            const struct link *l = &p->links[p->by_link[q]];
            const size_t other = l->a == i ? l->b : l->a;
            if (p->pos[other] > k) {
                if (original == SIZE_MAX)
                    original = i; /* the first article a later one takes from */
                continue;
            }
            const int r = link_role(l, i);
            const double sh = l->a == i ? l->r->a_share : l->r->b_share;
            /* the strongest link; among equals the larger share, then the earlier source */
            if (r < role || (r == role && sh > from_share) ||
                (r == role && sh == from_share && p->pos[other] < p->pos[from])) {
                role = r;
                from = other;
                from_share = sh;
            }
        }
        roles[k] = original == i ? RP_ROLE_ORIGINAL : role;
        src[k] = original == i ? SIZE_MAX : from;
        novel[k] = p->novel[i];
    }
    qsort(ids, cnt, sizeof(*ids), cmp_id);
    memset(&h, 0, sizeof(h));
    XXH3_64bits_reset(&h);
    for (size_t k = 0; k < cnt; k++)
        XXH3_64bits_update(&h, ids[k], strlen(ids[k]) + 1);
    snprintf(id_buf, id_cap, "s%016llx", (unsigned long long)XXH3_64bits_digest(&h));
    *least = ids[0];
    rp__free(ids);
    st->id = id_buf;
    st->title = rp_corpus_get(d->corpus, original != SIZE_MAX ? original : arts[0])->title;
    st->articles = arts;
    st->article_count = cnt;
    st->original = original;
    st->order_inferred = !dated;
    st->roles = roles;
    st->novel_share = novel;
    st->sources = src;
    return RP_OK;
}

/* A story and the smallest id among its articles, for sorting. */
struct ranked_story {
    const char *least;
    rp_story st;
};

static int cmp_story(const void *x, const void *y)
{
    return strcmp(((const struct ranked_story *)x)->least, ((const struct ranked_story *)y)->least);
}

/* The reuse links within stories, and each article's list of them. */
static int collect_links(struct prov *p)
{
    const struct rp__docs *d = p->d;
    const size_t n = d->count, rc_count = d->relation_count(d);
    size_t cap = 0;

    for (size_t r = 0; r < rc_count; r++) {
        const rp_relation *rel = d->relation(d, r);
        if (rel->type > RP_REL_REWRITE || p->label[rel->a] != p->label[rel->b])
            continue;
        if (RP__GROW(p->links, cap, p->link_count + 1) < 0)
            return RP_ENOMEM;
        p->links[p->link_count++] = (struct link){(uint32_t)rel->a, (uint32_t)rel->b, rel, 0};
    }
    p->by_start = rp__calloc(n + 2, sizeof(*p->by_start));
    p->by_link = rp__malloc((2 * p->link_count + 1) * sizeof(*p->by_link));
    if (p->by_start == NULL || p->by_link == NULL)
        return RP_ENOMEM;
    for (size_t k = 0; k < p->link_count; k++) {
        p->by_start[p->links[k].a + 2]++;
        p->by_start[p->links[k].b + 2]++;
    }
    for (size_t i = 0; i < n; i++)
        p->by_start[i + 2] += p->by_start[i + 1];
    for (size_t k = 0; k < p->link_count; k++) {
        p->by_link[p->by_start[p->links[k].a + 1]++] = k;
        p->by_link[p->by_start[p->links[k].b + 1]++] = k;
    }
    return RP_OK;
}

/* Sets each link's direction from the order and records it on its relation. */
static int relate_directions(struct prov *p)
{
    const struct rp__docs *d = p->d;
    rp_relation *out = rp__calloc(p->link_count + 1, sizeof(*out));
    int rc = RP_OK;

    if (out == NULL)
        return RP_ENOMEM;
    for (size_t k = 0; k < p->link_count; k++) { /* read them all before any relate() */
        const struct link *l = &p->links[k];
        const rp_article *x = rp_corpus_get(d->corpus, l->a), *y = rp_corpus_get(d->corpus, l->b);
        out[k] = *l->r;
        out[k].passages = NULL;
        out[k].passage_count = 0;
        out[k].sentences = NULL;
        out[k].sentence_count = 0;
        out[k].terms = NULL;
        out[k].term_count = 0;
        out[k].direction = p->pos[l->a] < p->pos[l->b] ? 1 : -1;
        out[k].direction_inferred = !timed(x, y);
    }
    for (size_t k = 0; k < p->link_count && rc == RP_OK; k++)
        if (p->links[k].r->direction == 0)
            rc = d->relate(d, &out[k]);
    rp__free(out);
    return rc;
}

int rp__provenance_set(const struct rp__docs *d, const uint32_t *label)
{
    const size_t n = d->count;
    struct prov p = {d, label, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL};
    struct member *m = rp__malloc((n + 1) * sizeof(*m));
    size_t *start = rp__calloc(n + 2, sizeof(*start)), story_count = 0;
    uint32_t *story_of = rp__malloc((n + 1) * sizeof(*story_of));
    rp_story *stories = NULL;
    struct ranked_story *ranked = NULL;
    char(*ids)[20] = NULL;
    int rc = RP_ENOMEM;

    p.boiler = rp__calloc(n + 1, sizeof(*p.boiler));
    p.core = rp__calloc(n + 1, sizeof(*p.core));
    p.pos = rp__calloc(n + 1, sizeof(*p.pos));
    p.novel = rp__calloc(n + 1, sizeof(*p.novel));
    if (m == NULL || start == NULL || story_of == NULL || p.boiler == NULL || p.core == NULL ||
        p.pos == NULL || p.novel == NULL)
        goto out;
    rc = collect_links(&p);
    if (rc == RP_OK)
        rc = rp__docs_parallel(d, count_words, &p);
    if (rc < 0)
        goto out;
    /* inferred directions give each article a score: sources up, takers down */
    for (size_t k = 0; k < p.link_count; k++) {
        struct link *l = &p.links[k];
        const rp_article *x = rp_corpus_get(d->corpus, l->a), *y = rp_corpus_get(d->corpus, l->b);
        l->dir = timed(x, y) ? (x->published < y->published ? 1 : -1) : infer(&p, l);
    }
    /* stories in label order, members grouped (counting sort) */
    for (size_t i = 0; i < n; i++)
        story_of[i] = UINT32_MAX;
    for (size_t i = 0; i < n; i++)
        if (story_of[label[i]] == UINT32_MAX)
            story_of[label[i]] = (uint32_t)story_count++;
    for (size_t i = 0; i < n; i++)
        start[story_of[label[i]] + 2]++;
    for (size_t k = 0; k < story_count; k++)
        start[k + 2] += start[k + 1];
    for (size_t i = 0; i < n; i++) {
        const rp_article *a = rp_corpus_get(d->corpus, i);
        m[start[story_of[label[i]] + 1]++] =
            (struct member){(uint32_t)i,
                            a->published != RP_TIME_NONE,
                            a->published,
                            0,
                            (uint32_t)(p.by_start[i + 1] - p.by_start[i]),
                            p.boiler[i],
                            a->id};
    }
    for (size_t i = 0; i < n; i++) /* score by position: m[] is grouped, find via a map */
        p.pos[m[i].idx] = (uint32_t)i;
    for (size_t k = 0; k < p.link_count; k++) {
        m[p.pos[p.links[k].a]].score += p.links[k].dir;
        m[p.pos[p.links[k].b]].score -= p.links[k].dir;
    }
    for (size_t k = 0; k < story_count; k++) {
        qsort(m + start[k], start[k + 1] - start[k], sizeof(*m), cmp_member);
        for (size_t x = start[k]; x < start[k + 1]; x++)
            p.pos[m[x].idx] = (uint32_t)(x - start[k]);
    }
    rc = rp__docs_parallel(d, novel_one, &p);
    if (rc < 0)
        goto out;
    stories = rp__calloc(story_count + 1, sizeof(*stories));
    ranked = rp__calloc(story_count + 1, sizeof(*ranked));
    ids = rp__calloc(story_count + 1, sizeof(*ids));
    if (stories == NULL || ids == NULL || ranked == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < story_count && rc == RP_OK; k++)
        rc = make_story(&p, m + start[k], start[k + 1] - start[k], &stories[k], ids[k],
                        sizeof(ids[k]), &ranked[k].least);
    if (rc < 0)
        goto out;
    /* stories in the order of their smallest article id, whatever the input order */
    for (size_t k = 0; k < story_count; k++)
        ranked[k].st = stories[k];
    qsort(ranked, story_count, sizeof(*ranked), cmp_story);
    for (size_t k = 0; k < story_count; k++)
        stories[k] = ranked[k].st;
    rc = d->set_stories(d, stories, story_count);
    if (rc == RP_OK)
        rc = relate_directions(&p);
out:
    for (size_t k = 0; stories != NULL && k < story_count; k++) {
        rp__free((void *)(uintptr_t)stories[k].articles);
        rp__free((void *)(uintptr_t)stories[k].roles);
        rp__free((void *)(uintptr_t)stories[k].novel_share);
        rp__free((void *)(uintptr_t)stories[k].sources);
    }
    rp__free(stories);
    rp__free(ranked);
    rp__free(ids);
    rp__free(m);
    rp__free(start);
    rp__free(story_of);
    rp__free(p.links);
    rp__free(p.by_start);
    rp__free(p.by_link);
    rp__free(p.boiler);
    rp__free(p.core);
    rp__free(p.pos);
    rp__free(p.novel);
    return rc;
}
