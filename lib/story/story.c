/* story.c: stories, as average-link clusters of a sparse similarity graph.
 *
 * Terms: the normalised words of an article, stemmed (Snowball, libstemmer), without stop
 * words and boilerplate, weighted by (1 + log tf) * idf, words of the title and capitalised
 * words (names) counted double; each vector is cut to its TERMS strongest terms and
 * normalised. Candidates: an inverted index over every article's PREFIX strongest terms
 * (prefix filtering), so only pairs that share a strong term are compared (cosine of the
 * cut vectors); pairs outside the time window (when both dates are known) are not linked.
 * Duplicate, copy and quote relations are strong links (similarity 1).
 * Clustering: group-average agglomeration (cluster.c): the two clusters of highest
 * average similarity over all their cross pairs (missing edges count 0) merge while that
 * average reaches the threshold, which keeps one shared sentence or one generic article
 * from chaining two stories together. No number of stories is given. Deterministic: ties
 * break by article index. Parameters (200 terms per vector, 40 indexed, names and numbers
 * weighed 2.5, threshold 0.17) were chosen on ECB+ (doc/ARCHITECTURE.md). */
#include "story.h"
#include "cluster.h"

#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../base/banned.h"

#ifndef TERMS
#define TERMS 200
#endif

#ifndef PREFIX
#define PREFIX 40
#endif

#define MAX_POSTING 500 /* a term in more articles than this is not indexed */
#define ALL_PAIRS 64    /* a term in at most this many articles pairs them all */
#define STAR 16         /* a commoner term pairs each of its articles with its first STAR */
#ifndef NAME_BOOST
#define NAME_BOOST 2.5f
#endif
#ifndef LINK_THRESHOLD
#define LINK_THRESHOLD 0.17 /* average-link similarity that merges two clusters */
#endif

#define DEFAULT_WINDOW (3 * 86400)

struct term {
    uint64_t key;
    float w;
};

struct vec {
    struct term *t; /* sorted by key */
    uint32_t n;
    struct term *top; /* strongest first, PREFIX at most (pointers into their own array) */
    uint32_t ntop;
};

struct edge {
    uint32_t a, b;
    float sim;
};

struct state {
    const struct rp__docs *d;
    struct vec *v;
    uint64_t **raw; /* per article: stemmed term keys (with repeats), before weighting */
    uint32_t *raw_n;
    float **raw_w;    /* per-occurrence boosts */
    uint32_t *follow; /* the representative an exact duplicate follows; itself otherwise */
};

static const char *const stop_words[] = {
    "a",     "about", "after", "again",     "all",   "also",   "an",      "and",  "any",   "are",
    "as",    "at",    "be",    "because",   "been",  "before", "being",   "but",  "by",    "can",
    "could", "did",   "do",    "does",      "for",   "from",   "had",     "has",  "have",  "he",
    "her",   "here",  "him",   "his",       "how",   "i",      "if",      "in",   "into",  "is",
    "it",    "its",   "just",  "more",      "most",  "my",     "new",     "no",   "not",   "now",
    "of",    "on",    "one",   "only",      "or",    "other",  "our",     "out",  "over",  "said",
    "says",  "she",   "so",    "some",      "such",  "than",   "that",    "the",  "their", "them",
    "then",  "there", "these", "they",      "this",  "those",  "through", "to",   "told",  "two",
    "up",    "us",    "very",  "was",       "we",    "were",   "what",    "when", "where", "which",
    "while", "who",   "will",  "with",      "would", "year",   "years",   "you",  "your",  "s",
    "t",     "mr",    "ms",    "according", "since", "news",   "reported"};

static int is_stop(const char *w, size_t len)
{
    for (size_t i = 0; i < sizeof(stop_words) / sizeof(stop_words[0]); i++)
        if (stop_words[i][0] == w[0] && strlen(stop_words[i]) == len &&
            memcmp(stop_words[i], w, len) == 0)
            return 1;
    return 0;
}

static int cmp_term_key(const void *x, const void *y)
{
    const struct term *a = x, *b = y;

    return a->key < b->key ? -1 : a->key > b->key;
}

static int cmp_term_weight(const void *x, const void *y)
{
    const struct term *a = x, *b = y;

    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return a->key < b->key ? -1 : a->key > b->key;
}

/* Stemmed terms of one text appended to (keys, boosts). */
static int add_terms(struct sb_stemmer *st, const struct rp_text *t, float boost, uint64_t **keys,
                     float **w, size_t *n, size_t *cap)
{
    for (size_t i = 0; i < t->word_count; i++) {
        const struct rp__word *x = &t->words[i];
        const char *norm = rp__word_norm(t, i);
        if ((x->flags & RP__WORD_BOILER) || x->norm_len < 2 || is_stop(norm, x->norm_len))
            continue;
        const sb_symbol *stem = sb_stemmer_stem(st, (const sb_symbol *)norm, (int)x->norm_len);
        const void *p = stem != NULL ? (const void *)stem : (const void *)norm;
        const size_t len = stem != NULL ? (size_t)sb_stemmer_length(st) : x->norm_len;
        if (*n == *cap) {
            const size_t c = *cap ? *cap * 2 : 256;
            uint64_t *k2 = rp__realloc(*keys, c * sizeof(**keys));
            if (k2 == NULL)
                return RP_ENOMEM;
            *keys = k2;
            float *w2 = rp__realloc(*w, c * sizeof(**w));
            if (w2 == NULL)
                return RP_ENOMEM;
            *w = w2;
            *cap = c;
        }
        (*keys)[*n] = XXH3_64bits(p, len);
        /* names and numbers tell events apart */
        (*w)[*n] = boost * ((x->flags & (RP__WORD_UPPER | RP__WORD_DIGIT)) ? NAME_BOOST : 1.0f);
        (*n)++;
    }
    return RP_OK;
}

static int collect(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    struct state *st = user;
    const rp_article *a = rp_corpus_get(d->corpus, i);
    struct sb_stemmer *stem;
    uint64_t *keys = NULL;
    float *w = NULL;
    size_t n = 0, cap = 0;
    int rc;

    if (st->follow[i] != i)
        return RP_OK; /* a copy: no vector of its own */
    stem = sb_stemmer_new("english", NULL);
    if (stem == NULL)
        return RP_ENOMEM;
    rc = d->analyze(d, i, t);
    if (rc == RP_OK)
        rc = add_terms(stem, t, 1.0f, &keys, &w, &n, &cap);
    if (rc == RP_OK && a->title != NULL) { /* the headline says what the story is */
        struct rp_text title = {0};
        rc = rp__text_analyze(&title, a->title, strlen(a->title));
        if (rc == RP_OK)
            rc = add_terms(stem, &title, 2.0f, &keys, &w, &n, &cap);
        rp__text_release(&title);
    }
    sb_stemmer_delete(stem);
    if (rc < 0) {
        rp__free(keys);
        rp__free(w);
        return rc;
    }
    st->raw[i] = keys;
    st->raw_w[i] = w;
    st->raw_n[i] = (uint32_t)n;
    return RP_OK;
}

/* Document frequencies: sorted (key, doc) runs, counted once per article. */
struct kd {
    uint64_t key;
    uint32_t doc;
};

static int cmp_kd(const void *x, const void *y)
{
    const struct kd *a = x, *b = y;

    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static int build_vectors(struct state *st)
{
    const size_t n = st->d->count;
    size_t total = 0, m = 0;
    struct kd *all;
    int rc = RP_OK;

    for (size_t i = 0; i < n; i++)
        total += st->raw_n[i];
    all = rp__malloc((total + 1) * sizeof(*all));
    if (all == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < st->raw_n[i]; k++)
            all[m++] = (struct kd){st->raw[i][k], (uint32_t)i};
    qsort(all, m, sizeof(*all), cmp_kd);
    /* unique (key, doc) with df per key: keys sorted, so a second array of (key, df) */
    size_t nk = 0;
    struct term *df = rp__malloc((m + 1) * sizeof(*df));
    if (df == NULL) {
        rp__free(all);
        return RP_ENOMEM;
    }
    for (size_t i = 0; i < m;) {
        size_t j = i, docs = 0;
        while (j < m && all[j].key == all[i].key) {
            if (j == i || all[j].doc != all[j - 1].doc)
                docs++;
            j++;
        }
        df[nk++] = (struct term){all[i].key, (float)docs};
        i = j;
    }
    rp__free(all);
    for (size_t i = 0; i < n && rc == RP_OK; i++) {
        const uint32_t cnt = st->raw_n[i];
        struct term *t = rp__malloc((cnt + 1) * sizeof(*t));
        size_t u = 0;
        if (t == NULL) {
            rc = RP_ENOMEM;
            break;
        }
        for (size_t k = 0; k < cnt; k++)
            t[k] = (struct term){st->raw[i][k], st->raw_w[i][k]};
        qsort(t, cnt, sizeof(*t), cmp_term_key);
        /* tf as the sum of boosts per term; weight (1 + log tf) * idf */
        for (size_t k = 0; k < cnt;) {
            size_t j = k;
            float tf = 0;
            while (j < cnt && t[j].key == t[k].key)
                tf += t[j++].w;
            struct term key = {t[k].key, 0};
            const struct term *hit = bsearch(&key, df, nk, sizeof(*df), cmp_term_key);
            const double idf = log((1.0 + (double)n) / (1.0 + (hit ? hit->w : 0.0)));
            t[u++] = (struct term){t[k].key, (float)((1.0 + log(tf)) * idf)};
            k = j;
        }
        qsort(t, u, sizeof(*t), cmp_term_weight);
        if (u > TERMS)
            u = TERMS;
        double norm = 0;
        for (size_t k = 0; k < u; k++)
            norm += (double)t[k].w * t[k].w;
        norm = norm > 0 ? sqrt(norm) : 1;
        for (size_t k = 0; k < u; k++)
            t[k].w = (float)(t[k].w / norm);
        /* top terms first (for the index), then a key-sorted copy for dot products */
        struct term *sorted = rp__malloc((u + 1) * sizeof(*sorted));
        if (sorted == NULL) {
            rp__free(t);
            rc = RP_ENOMEM;
            break;
        }
        memcpy(sorted, t, u * sizeof(*t));
        qsort(sorted, u, sizeof(*sorted), cmp_term_key);
        st->v[i].t = sorted;
        st->v[i].n = (uint32_t)u;
        st->v[i].top = t;
        st->v[i].ntop = (uint32_t)(u < PREFIX ? u : PREFIX);
    }
    rp__free(df);
    return rc;
}

static float dot(const struct vec *a, const struct vec *b)
{
    double sum = 0;

    for (size_t i = 0, j = 0; i < a->n && j < b->n;) {
        if (a->t[i].key < b->t[j].key)
            i++;
        else if (a->t[i].key > b->t[j].key)
            j++;
        else
            sum += (double)a->t[i++].w * b->t[j++].w;
    }
    return (float)sum;
}

static int cmp_edge_pair(const void *x, const void *y)
{
    const struct edge *a = x, *b = y;

    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static int in_window(const struct rp__docs *d, size_t a, size_t b)
{
    const rp_article *x = rp_corpus_get(d->corpus, a), *y = rp_corpus_get(d->corpus, b);
    int64_t window = d->opt->window;

    if (window == 0 || x->published == RP_TIME_NONE || y->published == RP_TIME_NONE)
        return 1;
    if (window < 0)
        window = DEFAULT_WINDOW;
    const int64_t diff =
        x->published > y->published ? x->published - y->published : y->published - x->published;
    return diff <= window;
}

/* Candidate edges: pairs sharing one of their PREFIX strongest terms, plus strong links. */
static int candidate_edges(struct state *st, struct edge **out, size_t *count)
{
    const struct rp__docs *d = st->d;
    const size_t n = d->count;
    size_t m = 0, ne = 0, cap = 0;
    struct kd *post;
    struct edge *e = NULL;

    for (size_t i = 0; i < n; i++)
        m += st->v[i].ntop;
    post = rp__malloc((m + 1) * sizeof(*post));
    if (post == NULL)
        return RP_ENOMEM;
    m = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < st->v[i].ntop; k++)
            post[m++] = (struct kd){st->v[i].top[k].key, (uint32_t)i};
    qsort(post, m, sizeof(*post), cmp_kd);
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && post[j].key == post[i].key)
            j++;
        /* a term of few articles pairs them all; a commoner one pairs each with the first
         * STAR of them, so that candidates grow with the postings, not their square */
        const size_t width = j - i <= ALL_PAIRS ? j - i : STAR;
        if (j - i <= MAX_POSTING)
            for (size_t x = i; x < i + width && x < j; x++)
                for (size_t y = x + 1; y < j; y++) {
                    if (RP__GROW(e, cap, ne + 1) < 0) {
                        rp__free(post);
                        rp__free(e);
                        return RP_ENOMEM;
                    }
                    e[ne++] = (struct edge){post[x].doc, post[y].doc, 0};
                }
        i = j;
    }
    rp__free(post);
    /* strong links from the detectors before */
    for (size_t r = 0; r < d->relation_count(d); r++) {
        const rp_relation *rel = d->relation(d, r);
        if (rel->type > RP_REL_QUOTE)
            continue;
        if (RP__GROW(e, cap, ne + 1) < 0) {
            rp__free(e);
            return RP_ENOMEM;
        }
        /* between the representatives of exact-duplicate classes: copies take no part */
        const uint32_t x = st->follow[rel->a], y = st->follow[rel->b];
        if (x == y)
            continue;
        e[ne++] = (struct edge){x < y ? x : y, x < y ? y : x, 2.0f};
    }
    if (ne > 1)
        qsort(e, ne, sizeof(*e), cmp_edge_pair);
    size_t w = 0;
    for (size_t i = 0; i < ne;) {
        size_t j = i;
        float strong = 0;
        while (j < ne && e[j].a == e[i].a && e[j].b == e[i].b) {
            if (e[j].sim > strong)
                strong = e[j].sim;
            j++;
        }
        float sim = dot(&st->v[e[i].a], &st->v[e[i].b]);
        if (strong > 0)
            sim = 1.0f;
        if (sim > 0 && in_window(d, e[i].a, e[i].b))
            e[w++] = (struct edge){e[i].a, e[i].b, sim};
        i = j;
    }
    d->tally(d, RP_COUNT_STORY_CANDIDATES, ne);
    *out = e;
    *count = w;
    return RP_OK;
}

/* Group-average clustering (cluster.c) of the edges; root[i] gets i's cluster. */
static int average_link(size_t n, const struct edge *e, size_t ne, uint32_t *root)
{
    struct rp__edge *edges = rp__malloc((ne + 1) * sizeof(*edges));
    size_t *label = rp__malloc((n + 1) * sizeof(*label));
    int rc = RP_ENOMEM;

    if (edges != NULL && label != NULL) {
        for (size_t k = 0; k < ne; k++)
            edges[k] = (struct rp__edge){e[k].a, e[k].b, e[k].sim};
        for (size_t i = 0; i < n; i++)
            label[i] = i;
        rc = rp__cluster_average(n, edges, ne, LINK_THRESHOLD, label);
        for (size_t i = 0; rc == RP_OK && i < n; i++)
            root[i] = (uint32_t)label[i];
    }
    rp__free(edges);
    rp__free(label);
    return rc;
}

struct order_ctx {
    const rp_corpus *c;
};

static int cmp_time(const void *x, const void *y, void *ctx)
{
    const rp_corpus *c = ctx;
    const size_t i = *(const size_t *)x, j = *(const size_t *)y;

    return rp__article_cmp(rp_corpus_get(c, i), rp_corpus_get(c, j));
}

/* What the relations found before say about each article within its story: how many
 * articles of its story it shares text with (links), and its strongest role and largest
 * covered share towards an article placed before it. One pass over the relations. */
struct prov {
    uint32_t links;
    int role;       /* enum rp_role, RP_ROLE_INDEPENDENT when it took nothing */
    double covered; /* its share of text found in an earlier article */
};

static void provenance(const struct rp__docs *d, const uint32_t *story, const uint32_t *pos,
                       struct prov *p)
{
    for (size_t i = 0; i < d->count; i++)
        p[i] = (struct prov){0, RP_ROLE_INDEPENDENT, 0.0};
    for (size_t k = 0; k < d->relation_count(d); k++) {
        const rp_relation *r = d->relation(d, k);
        if (r->type > RP_REL_QUOTE || story[r->a] != story[r->b])
            continue;
        p[r->a].links++;
        p[r->b].links++;
        /* the later one (in story order) took from the earlier */
        const size_t later = pos[r->a] > pos[r->b] ? r->a : r->b;
        const int role = r->type <= RP_REL_NEAR_DUPLICATE ? RP_ROLE_DUPLICATE
                         : r->type == RP_REL_COPY         ? RP_ROLE_COPY
                                                          : RP_ROLE_QUOTE;
        const double share = later == r->a ? r->a_share : r->b_share;
        if (role < p[later].role)
            p[later].role = role;
        if (share > p[later].covered)
            p[later].covered = share;
    }
}

/* Without dates for all, the inferred original (the article most others share text with)
 * opens the order of a story's members m (place[] follows), and the roles are to be taken
 * again from there. */
static void original_first(const struct rp__docs *d, size_t *m, size_t cnt, const struct prov *prov,
                           uint32_t *place)
{
    size_t best = 0, dated = 0;

    for (size_t x = 0; x < cnt; x++) {
        dated += rp_corpus_get(d->corpus, m[x])->published != RP_TIME_NONE;
        if (prov[m[x]].links > prov[m[best]].links)
            best = x;
    }
    if (dated == cnt || best == 0)
        return;
    const size_t orig = m[best];
    memmove(m + 1, m, best * sizeof(*m));
    m[0] = orig;
    for (size_t x = 0; x < cnt; x++)
        place[m[x]] = (uint32_t)x;
}

static int make_story(const struct rp__docs *d, size_t *members, size_t m, const struct prov *p,
                      rp_story *st, char *id_buf, size_t id_cap)
{
    const rp_corpus *c = d->corpus;
    int *roles = rp__calloc(m, sizeof(*roles));
    double *novel = rp__calloc(m, sizeof(*novel));
    size_t dated = 0, best = 0;
    XXH3_state_t h;

    if (roles == NULL || novel == NULL) {
        rp__free(roles);
        rp__free(novel);
        return RP_ENOMEM;
    }
    for (size_t i = 0; i < m; i++)
        dated += rp_corpus_get(c, members[i])->published != RP_TIME_NONE;
    /* the original: the earliest when all are dated, else the article most others reuse */
    for (size_t i = 1; i < m && dated < m; i++)
        if (p[members[i]].links > p[members[best]].links)
            best = i;
    memset(&h, 0, sizeof(h));
    XXH3_64bits_reset(&h);
    for (size_t i = 0; i < m; i++) {
        const char *id = rp_corpus_get(c, members[i])->id;
        XXH3_64bits_update(&h, id, strlen(id) + 1);
    }
    snprintf(id_buf, id_cap, "s%016llx", (unsigned long long)XXH3_64bits_digest(&h));
    for (size_t i = 0; i < m; i++) {
        roles[i] = i == best ? RP_ROLE_ORIGINAL : p[members[i]].role;
        novel[i] = i == best ? 1.0 : 1.0 - p[members[i]].covered;
    }
    st->id = id_buf;
    st->title = rp_corpus_get(c, members[best])->title;
    st->articles = members;
    st->article_count = m;
    st->original = members[best];
    st->order_inferred = dated < m;
    st->roles = roles;
    st->novel_share = novel;
    return RP_OK;
}

int rp__stories_find(const struct rp__docs *d)
{
    struct state st;
    const size_t n = d->count;
    struct edge *e = NULL;
    size_t ne = 0;
    uint32_t *root = NULL;
    rp_story *stories = NULL;
    size_t story_count = 0, *members = NULL;
    char(*ids)[20] = NULL;
    int rc;

    memset(&st, 0, sizeof(st));
    st.d = d;
    if (n == 0)
        return RP_OK;
    st.v = rp__calloc(n, sizeof(*st.v));
    st.raw = rp__calloc(n, sizeof(*st.raw));
    st.raw_w = rp__calloc(n, sizeof(*st.raw_w));
    st.raw_n = rp__calloc(n, sizeof(*st.raw_n));
    root = rp__calloc(n, sizeof(*root));
    members = rp__calloc(n, sizeof(*members));
    stories = rp__calloc(n, sizeof(*stories));
    ids = rp__calloc(n, sizeof(*ids));
    if (!st.v || !st.raw || !st.raw_w || !st.raw_n || !root || !members || !stories || !ids) {
        rc = RP_ENOMEM;
        goto out;
    }
    /* An exact duplicate follows its class's representative into its story: only
     * representatives are compared, however many copies a corpus holds. */
    st.follow = rp__malloc(n * sizeof(*st.follow));
    if (st.follow == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        st.follow[i] = (uint32_t)i;
    for (size_t r = 0; r < d->relation_count(d); r++) { /* union by smallest index */
        const rp_relation *rel = d->relation(d, r);
        if (rel->type != RP_REL_EXACT)
            continue;
        size_t x = rel->a, y = rel->b;
        while (st.follow[x] != x)
            x = st.follow[x];
        while (st.follow[y] != y)
            y = st.follow[y];
        if (x != y)
            st.follow[x > y ? x : y] = (uint32_t)(x < y ? x : y);
    }
    for (size_t i = 0; i < n; i++) /* flatten: every member points at its class's first */
        st.follow[i] = st.follow[st.follow[i]];
    rc = rp__docs_parallel(d, collect, &st);
    if (rc == RP_OK)
        rc = build_vectors(&st);
    if (rc == RP_OK)
        rc = candidate_edges(&st, &e, &ne);
    if (rc == RP_OK)
        rc = average_link(n, e, ne, root);
    if (rc < 0)
        goto out;
    for (size_t i = 0; i < n; i++) /* followers join their representative's cluster */
        root[i] = root[st.follow[i]];
    /* members of each cluster, clusters in order of their smallest article index */
    {
        uint32_t *first = rp__malloc(n * sizeof(*first));
        size_t *start = rp__calloc(n + 1, sizeof(*start)), pos = 0;
        if (first == NULL || start == NULL) {
            rp__free(first);
            rp__free(start);
            rc = RP_ENOMEM;
            goto out;
        }
        for (size_t i = 0; i < n; i++)
            first[i] = UINT32_MAX;
        for (size_t i = 0; i < n; i++)
            if (first[root[i]] == UINT32_MAX)
                first[root[i]] = (uint32_t)story_count++;
        for (size_t i = 0; i < n; i++)
            start[first[root[i]] + 1]++;
        for (size_t k = 0; k < story_count; k++)
            start[k + 1] += start[k];
        for (size_t i = 0; i < n; i++)
            members[start[first[root[i]]] + (size_t)(pos = 0)] = i, start[first[root[i]]]++;
        /* start[k] now points past story k: step back to the beginnings */
        for (size_t k = story_count; k-- > 0;)
            start[k + 1] = start[k];
        start[0] = 0;
        /* each story in time order (by id without dates), then what relations say */
        uint32_t *story = rp__malloc(n * sizeof(*story)), *place = rp__malloc(n * sizeof(*place));
        struct prov *prov = rp__malloc(n * sizeof(*prov));
        if (story == NULL || place == NULL || prov == NULL) {
            rc = RP_ENOMEM;
        } else {
            for (size_t k = 0; k < story_count; k++) {
                qsort_r(members + start[k], start[k + 1] - start[k], sizeof(*members), cmp_time,
                        (void *)(uintptr_t)d->corpus);
                for (size_t x = start[k]; x < start[k + 1]; x++) {
                    story[members[x]] = (uint32_t)k;
                    place[members[x]] = (uint32_t)(x - start[k]);
                }
            }
            provenance(d, story, place, prov);
            for (size_t k = 0; k < story_count; k++)
                original_first(d, members + start[k], start[k + 1] - start[k], prov, place);
            provenance(d, story, place, prov);
            for (size_t k = 0; k < story_count && rc == RP_OK; k++)
                rc = make_story(d, members + start[k], start[k + 1] - start[k], prov, &stories[k],
                                ids[k], sizeof(ids[k]));
        }
        rp__free(story);
        rp__free(place);
        rp__free(prov);
        (void)pos;
        rp__free(first);
        rp__free(start);
    }
    if (rc == RP_OK)
        rc = d->set_stories(d, stories, story_count);
out:
    for (size_t k = 0; stories != NULL && k < story_count; k++) {
        rp__free((void *)(uintptr_t)stories[k].roles);
        rp__free((void *)(uintptr_t)stories[k].novel_share);
    }
    for (size_t i = 0; i < n && st.v != NULL; i++) {
        rp__free(st.v[i].t);
        rp__free(st.v[i].top);
    }
    for (size_t i = 0; i < n && st.raw != NULL && st.raw_w != NULL; i++) {
        rp__free(st.raw[i]);
        rp__free(st.raw_w[i]);
    }
    rp__free(st.v);
    rp__free(st.raw);
    rp__free(st.raw_w);
    rp__free(st.raw_n);
    rp__free(st.follow);
    rp__free(e);
    rp__free(root);
    rp__free(members);
    rp__free(stories);
    rp__free(ids);
    return rc;
}

int rp__story_describe(const struct rp__docs *d, size_t *members, size_t m, rp_story *out,
                       char *id_buf, size_t id_cap)
{
    const size_t n = d->count;
    uint32_t *story = rp__malloc((n + 1) * sizeof(*story));
    uint32_t *place = rp__calloc(n + 1, sizeof(*place));
    struct prov *prov = rp__malloc((n + 1) * sizeof(*prov));
    int rc = RP_ENOMEM;

    memset(out, 0, sizeof(*out));
    if (story != NULL && place != NULL && prov != NULL && m > 0) {
        /* members are story 0, every other article a story of its own */
        for (size_t i = 0; i < n; i++)
            story[i] = (uint32_t)i + 1;
        for (size_t x = 0; x < m; x++)
            story[members[x]] = 0;
        qsort_r(members, m, sizeof(*members), cmp_time, (void *)(uintptr_t)d->corpus);
        for (size_t x = 0; x < m; x++)
            place[members[x]] = (uint32_t)x;
        provenance(d, story, place, prov);
        original_first(d, members, m, prov, place);
        provenance(d, story, place, prov);
        rc = make_story(d, members, m, prov, out, id_buf, id_cap);
    }
    rp__free(story);
    rp__free(place);
    rp__free(prov);
    return rc;
}
