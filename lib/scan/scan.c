/* scan.c: rp_scan_run(), the pipeline over one corpus. It computes each article's counts,
 * then runs the detectors in pipeline order (boilerplate, duplicates, reused passages,
 * stories); each reports through the docs table (lib/text/docs.h), and relations for one
 * pair are merged into one of the strongest type. The detectors see the articles in the
 * canonical order (rp__article_cmp() of docs.h: by publication time, then id), never in
 * input order, so that their tie-breaks and caps ("the first 8 articles of a posting") give
 * the same result for any order of the same articles; what they find is mapped back to
 * input indices at the end, and relations are sorted by pair, so that the output never
 * depends on thread timing either. */
#include "scan.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../io/io.h"
#include "../reuse/reuse.h"
#include "../reuse/rewrite.h"
#include "../text/boilerplate.h"
#include "../sketch/dups.h"
#include "../story/story.h"
#include "../base/banned.h"

void rp_options_default(rp_options *o)
{
    memset(o, 0, sizeof(*o));
    o->thread_count = 0;
    o->seed = UINT64_C(0x5eed0f4e70e1c0de);
    o->shingle_len = 5;
    o->perm_count = 128;
    o->dup_threshold = 0.5;
    o->dup_method = RP_DUP_MINHASH;
    o->dup_fast = 0;
    o->min_passage_words = 8;
    o->window = -1;
    o->detect = RP_DETECT_ALL;
    o->dup_containment = 0.9;
    o->df_cap = 100;
}

const char *rp_relation_type_name(int type)
{
    static const char *const names[] = {"exact", "near-duplicate", "copy",
                                        "quote", "rewrite",        "same-story"};
    return type >= 0 && type < RP_REL_TYPE_COUNT ? names[type] : "?";
}

const char *rp_role_name(int role)
{
    static const char *const names[] = {"original", "duplicate", "copy",
                                        "quote",    "rewrite",   "independent"};
    return role >= 0 && role <= RP_ROLE_INDEPENDENT ? names[role] : "?";
}

static struct rp_scan *scan_of(const struct rp__docs *d)
{
    return d->ctx;
}

/* Analyses article i and flags the words inside its boilerplate spans. */
static int docs_analyze(const struct rp__docs *d, size_t i, struct rp_text *t)
{
    const struct rp_scan *s = scan_of(d);
    const rp_article *a = rp_corpus_get(d->corpus, i);
    const rp_article_info *in = &s->info[i];
    size_t k = 0;
    int rc;

    rc = rp__text_analyze(t, a->text, a->text_len);
    if (rc < 0 || in->boilerplate_count == 0)
        return rc;
    for (size_t w = 0; w < t->word_count; w++) {
        while (k < in->boilerplate_count && in->boilerplate[k].end <= t->words[w].start)
            k++;
        if (k == in->boilerplate_count)
            break;
        if (in->boilerplate[k].start < t->words[w].end)
            t->words[w].flags |= RP__WORD_BOILER;
    }
    return RP_OK;
}

static int docs_set_boilerplate(const struct rp__docs *d, size_t i, const rp_token *spans,
                                size_t count)
{
    struct rp_scan *s = scan_of(d);
    rp_article_info *in = &s->info[i];
    rp_token *copy = NULL;

    if (count > 0) {
        copy = rp__calloc(count, sizeof(*copy));
        if (copy == NULL)
            return RP_ENOMEM;
        memcpy(copy, spans, count * sizeof(*copy));
    }
    rp__free((void *)(uintptr_t)in->boilerplate);
    in->boilerplate = copy;
    in->boilerplate_count = count;
    return RP_OK;
}

static uint64_t pair_key(size_t a, size_t b)
{
    return ((uint64_t)a << 32 | (uint64_t)b) + 1;
}

/* The key of a relation's pair, whichever way round it is. */
static uint64_t rel_key(const rp_relation *r)
{
    return r->a < r->b ? pair_key(r->a, r->b) : pair_key(r->b, r->a);
}

static size_t pair_find(const struct rp_scan *s, uint64_t key)
{
    const size_t mask = s->pair_slots - 1;
    size_t i = (size_t)(XXH3_64bits(&key, sizeof(key)) & mask);

    while (s->pair_keys[i] != 0 && s->pair_keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static int pairs_grow(struct rp_scan *s)
{
    const size_t old_slots = s->pair_slots;
    uint64_t *old_keys = s->pair_keys;
    uint32_t *old_index = s->pair_index;
    const size_t n = old_slots == 0 ? 1024 : old_slots * 2;

    s->pair_keys = rp__calloc(n, sizeof(*s->pair_keys));
    s->pair_index = rp__calloc(n, sizeof(*s->pair_index));
    if (s->pair_keys == NULL || s->pair_index == NULL) {
        rp__free(s->pair_keys);
        rp__free(s->pair_index);
        s->pair_keys = old_keys;
        s->pair_index = old_index;
        return RP_ENOMEM;
    }
    s->pair_slots = n;
    for (size_t i = 0; i < old_slots; i++)
        if (old_keys[i] != 0) {
            const size_t j = pair_find(s, old_keys[i]);
            s->pair_keys[j] = old_keys[i];
            s->pair_index[j] = old_index[i];
        }
    rp__free(old_keys);
    rp__free(old_index);
    return RP_OK;
}

static char *dup_str(const char *p)
{
    return p == NULL ? NULL : rp__strdup(p);
}

static void free_str(const char *p)
{
    rp__free((void *)(uintptr_t)p);
}

static void evidence_release(rp_relation *r)
{
    for (size_t i = 0; i < r->passage_count; i++)
        free_str(r->passages[i].speaker);
    rp__free((void *)(uintptr_t)r->passages);
    rp__free((void *)(uintptr_t)r->sentences);
    for (size_t i = 0; i < r->term_count; i++)
        free_str(r->terms[i]);
    rp__free((void *)(uintptr_t)r->terms);
    r->passages = NULL;
    r->sentences = NULL;
    r->terms = NULL;
    r->passage_count = r->sentence_count = r->term_count = 0;
}

/* Copies the arrays of src's evidence that dst lacks. */
static int evidence_take(rp_relation *dst, const rp_relation *src)
{
    if (src->passage_count > 0 && dst->passage_count == 0) {
        rp_passage *p = rp__calloc(src->passage_count, sizeof(*p));
        if (p == NULL)
            return RP_ENOMEM;
        for (size_t i = 0; i < src->passage_count; i++) {
            p[i] = src->passages[i];
            p[i].speaker = dup_str(src->passages[i].speaker);
        }
        dst->passages = p;
        dst->passage_count = src->passage_count;
    }
    if (src->sentence_count > 0 && dst->sentence_count == 0) {
        rp_sentence_pair *p = rp__calloc(src->sentence_count, sizeof(*p));
        if (p == NULL)
            return RP_ENOMEM;
        memcpy(p, src->sentences, src->sentence_count * sizeof(*p));
        dst->sentences = p;
        dst->sentence_count = src->sentence_count;
    }
    if (src->term_count > 0 && dst->term_count == 0) {
        const char **p = rp__calloc(src->term_count, sizeof(*p));
        if (p == NULL)
            return RP_ENOMEM;
        for (size_t i = 0; i < src->term_count; i++)
            p[i] = dup_str(src->terms[i]);
        dst->terms = p;
        dst->term_count = src->term_count;
    }
    return RP_OK;
}

static double max_d(double x, double y)
{
    return x > y ? x : y;
}

/* The strength of a relation type, strongest 0: the order of enum rp_relation_type, except
 * that a rewrite outranks a copy or a quote. The rewrite detector reports a pair only where
 * the shared passages explain less than half of what its reworded sentences do (see
 * lib/reuse/rewrite.c): a few phrases left in a reworded article do not make it a copy. */
static int rank(int type)
{
    return type == RP_REL_REWRITE                        ? RP_REL_COPY
           : type == RP_REL_COPY || type == RP_REL_QUOTE ? type + 1
                                                         : type;
}

/* Merges the findings of src into dst (same pair): the stronger type and its score win;
 * measured values fill in what is missing. */
static void merge(rp_relation *dst, const rp_relation *src)
{
    if (rank(src->type) < rank(dst->type)) {
        dst->type = src->type;
        dst->score = src->score;
    } else if (src->type == dst->type) {
        dst->score = max_d(dst->score, src->score);
    }
    dst->a_share = max_d(dst->a_share, src->a_share);
    dst->b_share = max_d(dst->b_share, src->b_share);
    if (dst->jaccard < 0)
        dst->jaccard = src->jaccard;
    if (dst->jaccard_estimate < 0)
        dst->jaccard_estimate = src->jaccard_estimate;
    if (dst->containment < 0)
        dst->containment = src->containment;
    if (dst->content_hash == 0)
        dst->content_hash = src->content_hash;
    dst->by_containment |= src->by_containment;
    if (dst->direction == 0) {
        dst->direction = src->direction;
        dst->direction_inferred = src->direction_inferred;
    }
}

int rp__relation_merge(rp_relation *dst, const rp_relation *src)
{
    merge(dst, src);
    return evidence_take(dst, src);
}

int rp__relation_copy(rp_relation *dst, const rp_relation *src)
{
    int rc;

    *dst = *src;
    dst->passages = NULL;
    dst->sentences = NULL;
    dst->terms = NULL;
    dst->passage_count = dst->sentence_count = dst->term_count = 0;
    rc = evidence_take(dst, src);
    if (rc < 0)
        evidence_release(dst);
    return rc;
}

void rp__relation_release(rp_relation *r)
{
    evidence_release(r);
}

static int docs_relate(const struct rp__docs *d, const rp_relation *r)
{
    struct rp_scan *s = scan_of(d);
    uint64_t key;
    size_t slot;
    int rc = RP_OK;

    if (r->a >= r->b || r->b >= s->count || r->type < 0 || r->type >= RP_REL_TYPE_COUNT)
        return RP_EINVAL;
    key = pair_key(r->a, r->b);
    pthread_mutex_lock(&s->lock);
    if ((s->rel_count + 1) * 2 > s->pair_slots && pairs_grow(s) < 0) {
        rc = RP_ENOMEM;
        goto out;
    }
    slot = pair_find(s, key);
    if (s->pair_keys[slot] != 0) {
        rp_relation *dst = &s->rels[s->pair_index[slot]].r;
        merge(dst, r);
        rc = evidence_take(dst, r);
        goto out;
    }
    if (RP__GROW(s->rels, s->rel_cap, s->rel_count + 1) < 0) {
        rc = RP_ENOMEM;
        goto out;
    }
    rc = rp__relation_copy(&s->rels[s->rel_count].r, r);
    if (rc < 0)
        goto out;
    s->pair_keys[slot] = key;
    s->pair_index[slot] = (uint32_t)s->rel_count;
    s->rel_count++;
    s->sorted = 0;
out:
    pthread_mutex_unlock(&s->lock);
    return rc;
}

static int cmp_rel(const void *x, const void *y)
{
    const rp_relation *a = &((const struct rel_slot *)x)->r;
    const rp_relation *b = &((const struct rel_slot *)y)->r;

    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    if (a->b != b->b)
        return a->b < b->b ? -1 : 1;
    return 0;
}

static int cmp_passage(const void *x, const void *y)
{
    const rp_passage *a = x, *b = y;

    if (a->a_start != b->a_start)
        return a->a_start < b->a_start ? -1 : 1;
    return a->b_start < b->b_start ? -1 : a->b_start > b->b_start;
}

static int cmp_sentence(const void *x, const void *y)
{
    const rp_sentence_pair *a = x, *b = y;

    if (a->a_start != b->a_start)
        return a->a_start < b->a_start ? -1 : 1;
    return a->b_start < b->b_start ? -1 : a->b_start > b->b_start;
}

static int cmp_rel_ids(const void *x, const void *y, void *corpus)
{
    const rp_relation *a = &((const struct rel_slot *)x)->r;
    const rp_relation *b = &((const struct rel_slot *)y)->r;
    const rp_corpus *c = corpus;
    int d = strcmp(rp_corpus_get(c, a->a)->id, rp_corpus_get(c, b->a)->id);

    if (d == 0)
        d = strcmp(rp_corpus_get(c, a->b)->id, rp_corpus_get(c, b->b)->id);
    return d;
}

/* Sorts the relations by pair and rebuilds the pair table. */
static void sort_relations(struct rp_scan *s)
{
    if (s->sorted)
        return;
    if (s->rel_count > 1)
        qsort(s->rels, s->rel_count, sizeof(*s->rels), cmp_rel);
    for (size_t i = 0; i < s->rel_count; i++) {
        const size_t slot = pair_find(s, rel_key(&s->rels[i].r));
        s->pair_index[slot] = (uint32_t)i;
    }
    s->sorted = 1;
}

static void swap_sides(size_t *a_start, size_t *a_end, size_t *b_start, size_t *b_end)
{
    const size_t start = *a_start, end = *a_end;

    *a_start = *b_start;
    *a_end = *b_end;
    *b_start = start;
    *b_end = end;
}

/* Puts each relation in id order (a's id sorts before b's), swapping the sides of its
 * evidence where needed, and sorts the relations by their pair of ids: the output then does
 * not depend on the order of the input. Indices are no longer ordered after this. */
void rp__relation_swap(rp_relation *r)
{
    const size_t t = r->a;
    const double sh = r->a_share;

    r->a = r->b;
    r->b = t;
    r->a_share = r->b_share;
    r->b_share = sh;
    r->direction = -r->direction;
    for (size_t k = 0; k < r->passage_count; k++) {
        rp_passage *p = (rp_passage *)(uintptr_t)&r->passages[k];
        swap_sides(&p->a_start, &p->a_end, &p->b_start, &p->b_end);
    }
    for (size_t k = 0; k < r->sentence_count; k++) {
        rp_sentence_pair *p = (rp_sentence_pair *)(uintptr_t)&r->sentences[k];
        swap_sides(&p->a_start, &p->a_end, &p->b_start, &p->b_end);
    }
    if (r->passage_count > 1) /* passages are listed in a's text order */
        qsort((void *)(uintptr_t)r->passages, r->passage_count, sizeof(*r->passages), cmp_passage);
    if (r->sentence_count > 1)
        qsort((void *)(uintptr_t)r->sentences, r->sentence_count, sizeof(*r->sentences),
              cmp_sentence);
}

static void canonicalize(struct rp_scan *s)
{
    for (size_t i = 0; i < s->rel_count; i++) {
        rp_relation *r = &s->rels[i].r;
        if (strcmp(rp_corpus_get(s->corpus, r->a)->id, rp_corpus_get(s->corpus, r->b)->id) > 0)
            rp__relation_swap(r);
    }
    if (s->rel_count > 1)
        qsort_r(s->rels, s->rel_count, sizeof(*s->rels), cmp_rel_ids, (void *)(uintptr_t)s->corpus);
    s->sorted = 0; /* no longer in index order */
}

static size_t docs_relation_count(const struct rp__docs *d)
{
    return scan_of(d)->rel_count;
}

static const rp_relation *docs_relation(const struct rp__docs *d, size_t i)
{
    struct rp_scan *s = scan_of(d);

    pthread_mutex_lock(&s->lock);
    sort_relations(s);
    pthread_mutex_unlock(&s->lock);
    return i < s->rel_count ? &s->rels[i].r : NULL;
}

static void stories_release(struct rp_scan *s)
{
    for (size_t i = 0; i < s->story_count; i++) {
        rp_story *st = &s->stories[i];
        free_str(st->id);
        free_str(st->title);
        rp__free((void *)(uintptr_t)st->articles);
        rp__free((void *)(uintptr_t)st->roles);
        rp__free((void *)(uintptr_t)st->novel_share);
        rp__free((void *)(uintptr_t)st->sources);
    }
    rp__free(s->stories);
    s->stories = NULL;
    s->story_count = 0;
}

static void groups_release(struct rp_scan *s)
{
    for (size_t i = 0; i < s->group_count; i++)
        rp__free((void *)(uintptr_t)s->groups[i].members);
    rp__free(s->groups);
    s->groups = NULL;
    s->group_count = 0;
}

static int docs_set_dup_groups(const struct rp__docs *d, const rp_dup_group *groups, size_t count)
{
    struct rp_scan *s = scan_of(d);

    groups_release(s);
    if (count == 0)
        return RP_OK;
    s->groups = rp__calloc(count, sizeof(*s->groups));
    if (s->groups == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        size_t *m = rp__calloc(groups[i].member_count, sizeof(*m));
        if (m == NULL)
            return RP_ENOMEM;
        memcpy(m, groups[i].members, groups[i].member_count * sizeof(*m));
        s->groups[i] = groups[i];
        s->groups[i].members = m;
        s->group_count = i + 1;
    }
    return RP_OK;
}

static void docs_count(const struct rp__docs *d, int which, uint64_t n)
{
    if (which >= 0 && which < RP_COUNTER_COUNT)
        __atomic_add_fetch(&scan_of(d)->counters[which], n, __ATOMIC_RELAXED);
}

uint64_t rp_scan_counter(const rp_scan *s, int which)
{
    return which >= 0 && which < RP_COUNTER_COUNT ? s->counters[which] : 0;
}

static int docs_set_stories(const struct rp__docs *d, const rp_story *stories, size_t count)
{
    struct rp_scan *s = scan_of(d);

    stories_release(s);
    if (count == 0)
        return RP_OK;
    s->stories = rp__calloc(count, sizeof(*s->stories));
    if (s->stories == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        const rp_story *src = &stories[i];
        rp_story *dst = &s->stories[i];
        size_t *arts = rp__calloc(src->article_count, sizeof(*arts));
        int *roles = rp__calloc(src->article_count, sizeof(*roles));
        double *novel = rp__calloc(src->article_count, sizeof(*novel));
        size_t *sources = rp__calloc(src->article_count, sizeof(*sources));

        s->story_count = i + 1;
        *dst = *src;
        dst->id = dup_str(src->id);
        dst->title = dup_str(src->title);
        dst->articles = arts;
        dst->roles = roles;
        dst->novel_share = novel;
        dst->sources = sources;
        if (arts == NULL || roles == NULL || novel == NULL || sources == NULL ||
            (src->id != NULL && dst->id == NULL) || (src->title != NULL && dst->title == NULL))
            return RP_ENOMEM;
        memcpy(arts, src->articles, src->article_count * sizeof(*arts));
        if (src->roles != NULL)
            memcpy(roles, src->roles, src->article_count * sizeof(*roles));
        if (src->novel_share != NULL)
            memcpy(novel, src->novel_share, src->article_count * sizeof(*novel));
        for (size_t k = 0; k < src->article_count; k++)
            sources[k] = src->sources != NULL ? src->sources[k] : SIZE_MAX;
    }
    return RP_OK;
}

/* Counts and the content hash of article i. */
static int stats_one(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    struct rp_scan *s = scan_of(d);
    const rp_article *a = rp_corpus_get(d->corpus, i);
    int rc;

    (void)user;
    rc = rp__text_analyze(t, a->text, a->text_len);
    if (rc < 0)
        return rc;
    s->info[i].stats.word_count = t->word_count;
    s->info[i].stats.sentence_count = t->sent_count;
    s->info[i].stats.paragraph_count = t->para_count;
    s->info[i].stats.invalid_utf8 = t->invalid_utf8;
    s->info[i].content_hash = rp__text_content_hash(t);
    return RP_OK;
}

static int cmp_order(const void *x, const void *y, void *corpus)
{
    const size_t i = *(const size_t *)x, j = *(const size_t *)y;

    return rp__article_cmp(rp_corpus_get(corpus, i), rp_corpus_get(corpus, j));
}

/* The corpus as the detectors see it: the articles in canonical order (shallow copies). */
static int make_view(struct rp_scan *s)
{
    const rp_corpus *c = s->corpus;
    rp_corpus *v = rp__calloc(1, sizeof(*v));

    s->order = rp__calloc(s->count + 1, sizeof(*s->order));
    s->rank = rp__calloc(s->count + 1, sizeof(*s->rank));
    if (v == NULL || s->order == NULL || s->rank == NULL) {
        rp__free(v);
        return RP_ENOMEM;
    }
    s->view = v;
    v->items = rp__calloc(s->count + 1, sizeof(*v->items));
    if (v->items == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < s->count; i++)
        s->order[i] = i;
    qsort_r(s->order, s->count, sizeof(*s->order), cmp_order, (void *)(uintptr_t)c);
    for (size_t k = 0; k < s->count; k++) {
        v->items[k] = *rp_corpus_get(c, s->order[k]);
        s->rank[s->order[k]] = k;
    }
    v->count = v->cap = s->count;
    return RP_OK;
}

static void view_free(struct rp_scan *s)
{
    if (s->view != NULL)
        rp__free(s->view->items);
    rp__free(s->view);
    rp__free(s->order);
    rp__free(s->rank);
    s->view = NULL;
    s->order = s->rank = NULL;
}

/* What an index already holds: article facts and relations, in input indices. */
static int load_preset(struct rp_scan *s, const struct rp__scan_preset *p)
{
    int rc = RP_OK;

    for (size_t i = 0; i < s->count && rc == RP_OK; i++) {
        rp_article_info *in = &s->info[s->rank[i]];
        in->stats = p->info[i].stats;
        in->content_hash = p->info[i].content_hash;
        rc = docs_set_boilerplate(&s->docs, s->rank[i], p->info[i].boilerplate,
                                  p->info[i].boilerplate_count);
    }
    for (size_t k = 0; k < p->relation_count && rc == RP_OK; k++) {
        rp_relation r;
        if (p->relations[k].a >= s->count || p->relations[k].b >= s->count)
            return RP_EINVAL;
        rc = rp__relation_copy(&r, &p->relations[k]);
        if (rc < 0)
            break;
        r.a = s->rank[r.a];
        r.b = s->rank[r.b];
        if (r.a > r.b)
            rp__relation_swap(&r);
        rc = docs_relate(&s->docs, &r);
        rp__relation_release(&r);
    }
    return rc;
}

/* Maps what the detectors found from canonical back to input indices. */
static int to_input(struct rp_scan *s)
{
    rp_article_info *info = rp__calloc(s->count + 1, sizeof(*info));

    if (info == NULL)
        return RP_ENOMEM;
    for (size_t k = 0; k < s->count; k++)
        info[s->order[k]] = s->info[k];
    rp__free(s->info);
    s->info = info;
    if (s->pair_slots > 0)
        memset(s->pair_keys, 0, s->pair_slots * sizeof(*s->pair_keys));
    for (size_t i = 0; i < s->rel_count; i++) {
        rp_relation *r = &s->rels[i].r;
        r->a = s->order[r->a];
        r->b = s->order[r->b];
        const size_t slot = pair_find(s, rel_key(r));
        s->pair_keys[slot] = rel_key(r);
        s->pair_index[slot] = (uint32_t)i;
    }
    s->sorted = 0;
    for (size_t g = 0; g < s->group_count; g++) {
        size_t *m = (size_t *)(uintptr_t)s->groups[g].members;
        s->groups[g].keep = s->order[s->groups[g].keep];
        for (size_t k = 0; k < s->groups[g].member_count; k++)
            m[k] = s->order[m[k]];
    }
    for (size_t k = 0; k < s->story_count; k++) {
        rp_story *st = &s->stories[k];
        size_t *a = (size_t *)(uintptr_t)st->articles;
        if (st->original != SIZE_MAX)
            st->original = s->order[st->original];
        size_t *src = (size_t *)(uintptr_t)st->sources;
        for (size_t x = 0; x < st->article_count; x++) {
            a[x] = s->order[a[x]];
            if (src != NULL && src[x] != SIZE_MAX)
                src[x] = s->order[src[x]];
        }
    }
    return RP_OK;
}

static int run(const rp_corpus *c, const rp_options *o, const struct rp__scan_preset *preset,
               rp_scan **out)
{
    struct rp_scan *s;
    int rc = RP_OK;

    *out = NULL;
    if (c == NULL)
        return RP_EINVAL;
    s = rp__calloc(1, sizeof(*s));
    if (s == NULL)
        return RP_ENOMEM;
    if (o != NULL)
        s->opt = *o;
    else
        rp_options_default(&s->opt);
    if (s->opt.shingle_len == 0 || s->opt.shingle_len > 64 || s->opt.perm_count == 0 ||
        s->opt.perm_count > 1024 || s->opt.dup_threshold <= 0 || s->opt.dup_threshold > 1 ||
        s->opt.dup_containment <= 0 || s->opt.dup_containment > 1 || s->opt.df_cap < 2 ||
        s->opt.min_passage_words == 0) {
        rp__free(s);
        return RP_EINVAL;
    }
    s->corpus = c;
    s->count = rp_corpus_count(c);
    pthread_mutex_init(&s->lock, NULL);
    s->info = rp__calloc(s->count + 1, sizeof(*s->info));
    rc = make_view(s);
    s->docs = (struct rp__docs){.corpus = s->view,
                                .count = s->count,
                                .opt = &s->opt,
                                .thread_count =
                                    s->opt.thread_count == 0 ? rp__cores() : s->opt.thread_count,
                                .ctx = s,
                                .analyze = docs_analyze,
                                .set_boilerplate = docs_set_boilerplate,
                                .relate = docs_relate,
                                .relation_count = docs_relation_count,
                                .relation = docs_relation,
                                .set_dup_groups = docs_set_dup_groups,
                                .tally = docs_count,
                                .set_stories = docs_set_stories};
    if (s->info == NULL)
        rc = RP_ENOMEM;
    if (rc == RP_OK && preset != NULL)
        rc = load_preset(s, preset);
    if (rc == RP_OK && (s->opt.detect & RP_DETECT_COUNTS))
        rc = rp__docs_parallel(&s->docs, stats_one, NULL);
    /* The detectors, in pipeline order. */
    if (rc == RP_OK && (s->opt.detect & RP_DETECT_BOILERPLATE))
        rc = rp__boilerplate_find(&s->docs);
    if (rc == RP_OK && (s->opt.detect & RP_DETECT_DUPLICATES))
        rc = rp__dups_find(&s->docs);
    if (rc == RP_OK && (s->opt.detect & RP_DETECT_REUSE))
        rc = rp__reuse_find(&s->docs);
    if (rc == RP_OK && (s->opt.detect & RP_DETECT_REWRITES))
        rc = rp__rewrite_find(&s->docs);
    if (rc == RP_OK && (s->opt.detect & RP_DETECT_STORIES))
        rc = rp__stories_find(&s->docs);
    if (rc == RP_OK)
        rc = to_input(s);
    if (rc == RP_OK)
        canonicalize(s);
    s->docs.corpus = c;
    view_free(s);
    if (rc < 0) {
        rp_scan_free(s);
        return rc;
    }
    *out = s;
    return RP_OK;
}

int rp_scan_run(const rp_corpus *c, const rp_options *o, rp_scan **out)
{
    return run(c, o, NULL, out);
}

int rp__scan_resume(const rp_corpus *c, const rp_options *o, const struct rp__scan_preset *p,
                    rp_scan **out)
{
    if (p == NULL || (p->info == NULL && rp_corpus_count(c) > 0)) {
        *out = NULL;
        return RP_EINVAL;
    }
    return run(c, o, p, out);
}

void rp_scan_free(rp_scan *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; s->info != NULL && i < s->count; i++)
        rp__free((void *)(uintptr_t)s->info[i].boilerplate);
    rp__free(s->info);
    for (size_t i = 0; i < s->rel_count; i++)
        evidence_release(&s->rels[i].r);
    rp__free(s->rels);
    rp__free(s->pair_keys);
    rp__free(s->pair_index);
    stories_release(s);
    groups_release(s);
    pthread_mutex_destroy(&s->lock);
    rp__buf_release(&s->errmsg);
    rp__free(s);
}

const char *rp_scan_errmsg(const rp_scan *s)
{
    return s->errmsg.data != NULL ? s->errmsg.data : "";
}

void rp_scan_article(const rp_scan *s, size_t i, rp_article_info *out)
{
    *out = s->info[i];
}

size_t rp_scan_relation_count(const rp_scan *s)
{
    return s->rel_count;
}

const rp_relation *rp_scan_relation(const rp_scan *s, size_t i)
{
    return i < s->rel_count ? &s->rels[i].r : NULL;
}

size_t rp_scan_dup_group_count(const rp_scan *s)
{
    return s->group_count;
}

const rp_dup_group *rp_scan_dup_group(const rp_scan *s, size_t i)
{
    return i < s->group_count ? &s->groups[i] : NULL;
}

size_t rp_scan_story_count(const rp_scan *s)
{
    return s->story_count;
}

const rp_story *rp_scan_story(const rp_scan *s, size_t i)
{
    return i < s->story_count ? &s->stories[i] : NULL;
}
