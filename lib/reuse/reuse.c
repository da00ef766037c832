/* reuse.c: the reuse detector.
 *
 * Candidates: every article's distinct word n-grams (RP__GRAM_WORDS words, boilerplate left
 * out) go into one postings list, sorted by hash; n-grams found in more than opt->df_cap
 * articles (common phrases, furniture that was not flagged) are passed over, and a pair of
 * articles sharing at least MIN_SHARED of the others is a candidate. No pair is compared
 * that shares nothing rare.
 * Verification: the two texts are aligned (align.c); passages of opt->min_passage_words
 * words or more become the evidence of a copy relation, or of a quote relation when every
 * passage lies inside quotation marks in one of the two articles. */
#include "reuse.h"

#include <stdlib.h>
#include <string.h>

#include "../base/sort.h"
#include "../base/banned.h"

#ifndef RP__GRAM_WORDS
#define RP__GRAM_WORDS 4 /* words per candidate n-gram */
#endif
#define ALL_PAIRS_DF 16   /* a 4-gram in at most this many articles pairs them all */
#define STAR_DOCS 8       /* otherwise each of its articles pairs with its first this many */
#define QUOTE_SHARE 0.6   /* a passage is a quotation when this much of it is quoted */
#define COPY_IDENTITY 0.8 /* prose shared at least this closely makes a pair a copy */

struct posting {
    uint64_t gram;
    uint32_t doc;
};

struct state {
    const struct rp__docs *d;
    uint64_t **grams; /* per article: its distinct n-gram hashes */
    uint32_t *gram_count;
    uint64_t *pairs; /* candidate pairs as a << 32 | b */
    size_t pair_count;
};

int rp__reuse_grams(const struct rp_text *t, uint64_t **out, size_t *count)
{
    uint64_t *g = NULL;
    size_t n = 0, kept = 0;

    *out = NULL;
    *count = 0;
    uint64_t window[RP__GRAM_WORDS];
    g = rp__malloc(rp__mul_size(t->word_count + 1, sizeof(*g)));
    if (g == NULL)
        return RP_ENOMEM;
    for (size_t w = 0; w < t->word_count; w++) {
        if (t->words[w].flags & RP__WORD_BOILER)
            continue;
        window[kept % RP__GRAM_WORDS] = t->words[w].hash;
        kept++;
        if (kept < RP__GRAM_WORDS)
            continue;
        uint64_t h = UINT64_C(0xcbf29ce484222325);
        for (size_t k = 0; k < RP__GRAM_WORDS; k++)
            h = (h ^ window[(kept + k) % RP__GRAM_WORDS]) * UINT64_C(0x100000001b3);
        g[n++] = h;
    }
    if (rp__sort_u64_alloc(g, n) < 0) {
        rp__free(g);
        return RP_ENOMEM;
    }
    size_t u = 0;
    for (size_t k = 0; k < n; k++)
        if (u == 0 || g[k] != g[u - 1])
            g[u++] = g[k];
    *out = g;
    *count = u;
    return RP_OK;
}

static int collect(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    struct state *st = user;
    size_t n = 0;
    int rc = d->analyze(d, i, t);

    if (rc == RP_OK)
        rc = rp__reuse_grams(t, &st->grams[i], &n);
    st->gram_count[i] = (uint32_t)n;
    return rc;
}

size_t rp__reuse_width(size_t df, size_t df_cap)
{
    if (df < 2 || df > df_cap)
        return 0;
    return df <= ALL_PAIRS_DF ? df : STAR_DOCS;
}

static int cmp_posting(const void *x, const void *y)
{
    const struct posting *a = x, *b = y;

    if (a->gram != b->gram)
        return a->gram < b->gram ? -1 : 1;
    return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static int candidates(struct state *st)
{
    const size_t n = st->d->count;
    const size_t cap_df = st->d->opt->df_cap;
    size_t total = 0, np = 0, pcap = 0;
    struct posting *post;
    uint64_t *pairs = NULL;
    int rc = RP_OK;

    for (size_t i = 0; i < n; i++)
        total += st->gram_count[i];
    post = rp__malloc(rp__mul_size(total + 1, sizeof(*post)));
    if (post == NULL)
        return RP_ENOMEM;
    total = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < st->gram_count[i]; k++)
            post[total++] = (struct posting){st->grams[i][k], (uint32_t)i};
        rp__free(st->grams[i]);
        st->grams[i] = NULL;
    }
    qsort(post, total, sizeof(*post), cmp_posting);
    for (size_t i = 0; i < total && rc == RP_OK;) {
        size_t j = i + 1;
        while (j < total && post[j].gram == post[i].gram)
            j++;
        /* A 4-gram in a few articles pairs them all; one in more pairs each with the
         * STAR_DOCS first of them (the earliest published: the detectors see the articles
         * in canonical order), so that the work grows with the postings, not with their
         * square, and a passage that many outlets ran is still traced to the first ones. */
        const size_t width = rp__reuse_width(j - i, cap_df);
        for (size_t x = i; x < i + width && rc == RP_OK; x++)
            for (size_t y = x + 1; y < j; y++) {
                if (RP__GROW(pairs, pcap, np + 1) < 0) {
                    rc = RP_ENOMEM;
                    break;
                }
                pairs[np++] = (uint64_t)post[x].doc << 32 | post[y].doc;
            }
        i = j;
    }
    rp__free(post);
    if (rc < 0) {
        rp__free(pairs);
        return rc;
    }
    if (rp__sort_u64_alloc(pairs, np) < 0) {
        rp__free(pairs);
        return RP_ENOMEM;
    }
    size_t w = 0;
    for (size_t i = 0; i < np;) {
        size_t j = i + 1;
        while (j < np && pairs[j] == pairs[i])
            j++;
        if (j - i >= RP__REUSE_MIN_SHARED)
            pairs[w++] = pairs[i];
        i = j;
    }
    st->pairs = pairs;
    st->pair_count = w;
    return RP_OK;
}

/* Runs of candidate pairs with the same first article. */
struct runs {
    struct state *st;
    size_t *start;
    size_t count;
};

/* Words of t inside passages, counted once: for the shares. */
static size_t covered_words(const struct rp__match *m, size_t n, int side_b, uint8_t *mark,
                            size_t words)
{
    size_t covered = 0;

    memset(mark, 0, words);
    for (size_t k = 0; k < n; k++) {
        const uint32_t from = side_b ? m[k].b_begin : m[k].a_begin;
        const uint32_t to = side_b ? m[k].b_end : m[k].a_end;
        for (uint32_t w = from; w < to && w < words; w++)
            if (!mark[w]) {
                mark[w] = 1;
                covered++;
            }
    }
    return covered;
}

static size_t content_words(const struct rp_text *t)
{
    size_t n = 0;

    for (size_t w = 0; w < t->word_count; w++)
        n += !(t->words[w].flags & RP__WORD_BOILER);
    return n;
}

static int has_speech_verb(const struct rp_text *t, uint32_t from, uint32_t to)
{
    static const char *const verbs[] = {"said", "says", "told", "tells", "added", "stated"};

    for (uint32_t w = from; w < to; w++)
        for (size_t v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++)
            if (t->words[w].norm_len == strlen(verbs[v]) &&
                memcmp(rp__word_norm(t, w), verbs[v], t->words[w].norm_len) == 0)
                return 1;
    return 0;
}

/* 1 when passages x and y lie in the same or neighbouring sentences of t (side b or a). */
static int near(const struct rp_text *t, const struct rp__match *x, const struct rp__match *y,
                int side_b)
{
    const uint32_t x0 = t->words[side_b ? x->b_begin : x->a_begin].sentence;
    const uint32_t x1 = t->words[(side_b ? x->b_end : x->a_end) - 1].sentence;
    const uint32_t y0 = t->words[side_b ? y->b_begin : y->a_begin].sentence;
    const uint32_t y1 = t->words[(side_b ? y->b_end : y->a_end) - 1].sentence;

    return x0 <= y1 + 1 && y0 <= x1 + 1;
}

static int relate_pair(const struct rp__docs *d, size_t ia, const struct rp_text *a,
                       const struct rp__quotes *qa, size_t ib, const struct rp_text *b,
                       struct rp__match *m, size_t n)
{
    struct rp__quotes qb = {0};
    rp_relation r;
    rp_passage *ps = NULL;
    char(*speakers)[64] = NULL;
    uint8_t *mark = NULL;
    int rc, all_quotes = 1, any_quote = 0;

    rc = rp__quotes_find(b, &qb);
    ps = rp__calloc(n, sizeof(*ps));
    speakers = rp__calloc(n, sizeof(*speakers));
    mark = rp__malloc((a->word_count > b->word_count ? a->word_count : b->word_count) + 1);
    if (rc < 0 || ps == NULL || speakers == NULL || mark == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    for (size_t k = 0; k < n; k++) {
        rp_passage *p = &ps[k];
        const uint32_t la = m[k].a_end - m[k].a_begin, lb = m[k].b_end - m[k].b_begin;
        p->a_start = a->words[m[k].a_begin].start;
        p->a_end = a->words[m[k].a_end - 1].end;
        p->b_start = b->words[m[k].b_begin].start;
        p->b_end = b->words[m[k].b_end - 1].end;
        p->word_count = la > lb ? la : lb;
        p->identity = (double)m[k].matched / (double)p->word_count;
        const size_t in_a = rp__quotes_cover(qa, p->a_start, p->a_end);
        const size_t in_b = rp__quotes_cover(&qb, p->b_start, p->b_end);
        const int qa_ok = (double)in_a >= QUOTE_SHARE * (double)(p->a_end - p->a_start);
        const int qb_ok = (double)in_b >= QUOTE_SHARE * (double)(p->b_end - p->b_start);
        p->quote = qa_ok || qb_ok;
        any_quote |= p->quote;
        if (p->quote) {
            size_t len = qa_ok ? rp__speaker(a, p->a_start, p->a_end, speakers[k], 64) : 0;
            if (len == 0 && qb_ok)
                len = rp__speaker(b, p->b_start, p->b_end, speakers[k], 64);
            p->speaker = len > 0 ? speakers[k] : NULL;
        }
    }
    /* The attribution of a shared quotation ("X, adviser to Y, told Reuters") next to it in
     * both texts belongs to the quotation. */
    for (size_t k = 0; k < n; k++) {
        if (ps[k].quote || !has_speech_verb(a, m[k].a_begin, m[k].a_end))
            continue;
        for (size_t q = 0; q < n; q++)
            if (ps[q].quote && near(a, &m[k], &m[q], 0) && near(b, &m[k], &m[q], 1)) {
                ps[k].quote = 1;
                ps[k].speaker = ps[q].speaker;
                break;
            }
    }
    /* A copy shares prose verbatim or lightly edited; prose shared only in other words (a
     * lower identity) is reported but does not make the pair a copy. */
    for (size_t k = 0; k < n; k++)
        if (!ps[k].quote && ps[k].identity >= COPY_IDENTITY)
            all_quotes = 0;
    memset(&r, 0, sizeof(r));
    r.a = ia;
    r.b = ib;
    r.type = any_quote && all_quotes ? RP_REL_QUOTE : RP_REL_COPY;
    r.jaccard = r.jaccard_estimate = r.containment = -1;
    const size_t wa = content_words(a), wb = content_words(b);
    r.a_share = wa == 0 ? 0 : (double)covered_words(m, n, 0, mark, a->word_count) / (double)wa;
    r.b_share = wb == 0 ? 0 : (double)covered_words(m, n, 1, mark, b->word_count) / (double)wb;
    r.score = r.a_share > r.b_share ? r.a_share : r.b_share;
    {
        const rp_article *x = rp_corpus_get(d->corpus, ia), *y = rp_corpus_get(d->corpus, ib);
        if (x->published != RP_TIME_NONE && y->published != RP_TIME_NONE &&
            x->published != y->published)
            r.direction = x->published < y->published ? 1 : -1;
    }
    r.passages = ps;
    r.passage_count = n;
    rc = d->relate(d, &r);
out:
    rp__quotes_release(&qb);
    rp__free(ps);
    rp__free(speakers);
    rp__free(mark);
    return rc;
}

static int cmp_match_a(const void *x, const void *y)
{
    const struct rp__match *a = x, *b = y;

    if (a->a_begin != b->a_begin)
        return a->a_begin < b->a_begin ? -1 : 1;
    return a->b_begin < b->b_begin ? -1 : a->b_begin > b->b_begin;
}

int rp__reuse_pair(const struct rp__docs *d, size_t ia, const struct rp_text *a,
                   const struct rp__quotes *qa, size_t ib, const struct rp_text *b,
                   struct rp__match **m, size_t *mcap)
{
    size_t n = 0;
    int rc = rp__align(a, b, d->opt->min_passage_words, m, &n, mcap);

    if (rc == RP_OK && n > 0) {
        qsort(*m, n, sizeof(**m), cmp_match_a);
        rc = relate_pair(d, ia, a, qa, ib, b, *m, n);
    }
    return rc;
}

static int align_run(const struct rp__docs *d, size_t r, struct rp_text *t, void *user)
{
    struct runs *runs = user;
    struct state *st = runs->st;
    struct rp_text other = {0};
    struct rp__quotes qa = {0};
    struct rp__match *m = NULL;
    size_t mcap = 0;
    int rc;

    const uint32_t ia = (uint32_t)(st->pairs[runs->start[r]] >> 32);
    rc = d->analyze(d, ia, t);
    if (rc == RP_OK)
        rc = rp__quotes_find(t, &qa);
    for (size_t p = runs->start[r]; p < runs->start[r + 1] && rc == RP_OK; p++) {
        const uint32_t ib = (uint32_t)st->pairs[p];
        rc = d->analyze(d, ib, &other);
        if (rc == RP_OK)
            rc = rp__reuse_pair(d, ia, t, &qa, ib, &other, &m, &mcap);
    }
    rp__free(m);
    rp__quotes_release(&qa);
    rp__text_release(&other);
    return rc;
}

int rp__reuse_find(const struct rp__docs *d)
{
    struct state st = {d, NULL, NULL, NULL, 0};
    struct runs runs = {&st, NULL, 0};
    struct rp__docs sub;
    int rc;

    if (d->count < 2)
        return RP_OK;
    st.grams = rp__calloc(d->count, sizeof(*st.grams));
    st.gram_count = rp__calloc(d->count, sizeof(*st.gram_count));
    if (st.grams == NULL || st.gram_count == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    rc = rp__docs_parallel(d, collect, &st);
    if (rc == RP_OK)
        rc = candidates(&st);
    if (rc < 0 || st.pair_count == 0)
        goto out;
    d->tally(d, RP_COUNT_REUSE_CANDIDATES, st.pair_count);
    runs.start = rp__calloc(st.pair_count + 2, sizeof(*runs.start));
    if (runs.start == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    for (size_t p = 0; p < st.pair_count; p++)
        if (p == 0 || st.pairs[p] >> 32 != st.pairs[p - 1] >> 32)
            runs.start[runs.count++] = p;
    runs.start[runs.count] = st.pair_count;
    sub = *d;
    sub.count = runs.count;
    rc = rp__docs_parallel(&sub, align_run, &runs);
out:
    for (size_t i = 0; st.grams != NULL && i < d->count; i++)
        rp__free(st.grams[i]);
    rp__free(st.grams);
    rp__free(st.gram_count);
    rp__free(st.pairs);
    rp__free(runs.start);
    return rc;
}
