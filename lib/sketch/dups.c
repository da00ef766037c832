/* dups.c: the duplicates detector.
 *
 * 1. Every article is tokenised once: the hash of its normalised words (exact duplicates),
 *    its shingle count, and its MinHash signature (one-permutation hashing with optimal
 *    densification) or its SimHash. Articles without words take no part.
 * 2. Exact duplicates form classes; each class is represented by its best article (earliest
 *    published, then longest, then smallest id) and only representatives go on.
 * 3. Candidates: LSH banding of the signatures (bands and rows from the threshold), one band
 *    at a time so that memory stays at a few bytes per article; a bucket of more than
 *    RP__DUPS_BUCKET_CAP (64) articles pairs each with the bucket's first and next only, which
 * bounds the work on pathological inputs (100,000 near-identical texts) while keeping them linked.
 *    With SimHash: Manku et al.'s permuted tables, four 16-bit blocks, Hamming distance at
 *    most 3 (by the pigeonhole principle a pair within 3 bits agrees on one block).
 * 4. Verification: the exact Jaccard similarity and containment of the two shingle sets,
 *    recomputed from the texts (or, with dup_fast, the signature estimate alone).
 * 5. Groups: articles in priority order; each one not yet grouped keeps a group of the
 *    ungrouped articles verified similar to it (not merely to some member: no chaining). */
#include "dups.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "sketch.h"
#include "../base/banned.h"

#define MIN_CONTAIN_SHINGLES 20 /* containment counts only for texts this long */
#ifndef SIMHASH_DISTANCE
#define SIMHASH_DISTANCE 3 /* Manku et al.: 3 bits of 64 for near-duplicate pages */
#endif
#define BLOCK_BITS (64 / (SIMHASH_DISTANCE + 1)) /* one table per block of the fingerprint */

struct doc {
    uint64_t content; /* hash of the normalised words; 0 with no words */
    uint64_t simhash;
    uint32_t rep; /* index of the representative of its exact class */
};

struct pair {
    uint32_t a, b; /* a < b */
};

struct state {
    const struct rp__docs *d;
    const rp_options *o;
    struct doc *docs;
    uint32_t *sigs;  /* perm_count values per article */
    uint32_t *order; /* articles by priority (rp__dups_better()) */
    uint32_t *reps;  /* representatives of exact classes, in index order */
    size_t rep_count;
    struct pair *pairs; /* candidate pairs, then verified ones */
    size_t pair_count, pair_cap;
    struct verdict *verdicts;
};

struct verdict {
    double jaccard, estimate, containment, a_share, b_share;
    int ok;
};

/* Per thread scratch of the first pass and of verification. */
struct scratch {
    uint64_t *sh;
    size_t cap, count;
    uint64_t *sh2;
    size_t cap2, count2;
};

int rp__dups_better(const rp_article *x, const rp_article *y)
{
    if (x->published != y->published) {
        if (x->published == RP_TIME_NONE)
            return 0;
        if (y->published == RP_TIME_NONE)
            return 1;
        return x->published < y->published;
    }
    if (x->text_len != y->text_len)
        return x->text_len > y->text_len;
    return strcmp(x->id, y->id) < 0;
}

static int cmp_priority_r(const void *x, const void *y, void *c)
{
    const uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

    if (a == b)
        return 0;
    return rp__dups_better(rp_corpus_get(c, a), rp_corpus_get(c, b)) ? -1 : 1;
}

int rp__dups_features(struct rp_text *t, const rp_options *o, uint64_t *content, uint32_t *sig,
                      uint64_t *simhash)
{
    size_t count, words = 0;
    int rc;

    for (size_t w = 0; w < t->word_count; w++)
        words += !(t->words[w].flags & RP__WORD_BOILER);
    *content = words == 0 ? 0 : rp__text_content_hash(t);
    if (words == 0)
        return RP_OK;
    if (o->dup_method == RP_DUP_SIMHASH)
        return rp__simhash(t, o->seed, simhash);
    /* the shingles live in the text's own scratch: nothing is allocated per article */
    rc = rp__shingles(t, o->shingle_len, o->seed, 0, &t->aux, &t->aux_cap, &count);
    if (rc == RP_OK)
        rp__minhash_oph(t->aux, count, o->perm_count, o->seed, sig);
    return rc;
}

static int first_pass(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    struct state *st = user;
    const int rc = d->analyze(d, i, t);

    if (rc < 0)
        return rc;
    return rp__dups_features(t, st->o, &st->docs[i].content, st->sigs + i * st->o->perm_count,
                             &st->docs[i].simhash);
}

static int add_pair(struct state *st, uint32_t a, uint32_t b)
{
    if (a == b)
        return RP_OK;
    if (RP__GROW(st->pairs, st->pair_cap, st->pair_count + 1) < 0)
        return RP_ENOMEM;
    st->pairs[st->pair_count++] = a < b ? (struct pair){a, b} : (struct pair){b, a};
    return RP_OK;
}

struct keyed {
    uint64_t key;
    uint32_t doc;
};

static int cmp_keyed(const void *x, const void *y)
{
    const struct keyed *a = x, *b = y;

    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->doc < b->doc ? -1 : a->doc > b->doc;
}

int rp__dups_bucket_pairs(size_t n, int (*fn)(size_t x, size_t y, void *user), void *user)
{
    int rc = RP_OK;

    if (n <= RP__DUPS_BUCKET_CAP) {
        for (size_t x = 0; x < n && rc == RP_OK; x++)
            for (size_t y = x + 1; y < n && rc == RP_OK; y++)
                rc = fn(x, y, user);
    } else {
        for (size_t x = 1; x < n && rc == RP_OK; x++) {
            rc = fn(0, x, user);
            if (rc == RP_OK && x > 1)
                rc = fn(x - 1, x, user);
        }
    }
    return rc;
}

struct bucket {
    struct state *st;
    const struct keyed *k; /* the bucket's first entry */
};

static int bucket_pair(size_t x, size_t y, void *user)
{
    const struct bucket *b = user;

    return add_pair(b->st, b->k[x].doc, b->k[y].doc);
}

/* Pairs the articles of each run of equal keys. */
static int pair_buckets(struct state *st, struct keyed *k, size_t n)
{
    int rc = RP_OK;

    qsort(k, n, sizeof(*k), cmp_keyed);
    for (size_t i = 0; i < n && rc == RP_OK;) {
        size_t j = i + 1;
        while (j < n && k[j].key == k[i].key)
            j++;
        struct bucket b = {st, k + i};
        rc = rp__dups_bucket_pairs(j - i, bucket_pair, &b);
        i = j;
    }
    return rc;
}

void rp__dups_bands(const rp_options *o, unsigned *bands, unsigned *rows)
{
    /* Verification removes false positives, so missing a pair costs more than finding a
     * wrong one: weigh false negatives four times, and aim the banding two standard errors
     * of the estimate below the threshold, so that pairs right at it are found too. */
    const double t = o->dup_threshold;
    const double aim = t - 2.0 * sqrt(t * (1.0 - t) / o->perm_count);

    rp__lsh_params(aim > 0.05 ? aim : 0.05, o->perm_count, 0.2, 0.8, bands, rows);
}

static int lsh_candidates(struct state *st)
{
    const unsigned perms = st->o->perm_count;
    unsigned bands, rows;
    struct keyed *k = rp__calloc(st->rep_count + 1, sizeof(*k));
    int rc = RP_OK;

    if (k == NULL)
        return RP_ENOMEM;
    rp__dups_bands(st->o, &bands, &rows);
    for (unsigned b = 0; b < bands && rc == RP_OK; b++) {
        for (size_t r = 0; r < st->rep_count; r++) {
            const uint32_t i = st->reps[r];
            k[r].key = rp__lsh_key(st->sigs + (size_t)i * perms, b, rows, st->o->seed);
            k[r].doc = i;
        }
        rc = pair_buckets(st, k, st->rep_count);
    }
    rp__free(k);
    return rc;
}

static int simhash_candidates(struct state *st)
{
    struct keyed *k = rp__calloc(st->rep_count + 1, sizeof(*k));
    int rc = RP_OK;

    if (k == NULL)
        return RP_ENOMEM;
    for (unsigned block = 0; block < SIMHASH_DISTANCE + 1 && rc == RP_OK; block++) {
        size_t n = 0;
        for (size_t r = 0; r < st->rep_count; r++) {
            const uint32_t i = st->reps[r];
            k[n].key =
                st->docs[i].simhash >> (block * BLOCK_BITS) & ((UINT64_C(1) << BLOCK_BITS) - 1);
            k[n].doc = i;
            n++;
        }
        qsort(k, n, sizeof(*k), cmp_keyed);
        for (size_t i = 0; i < n && rc == RP_OK;) {
            size_t j = i + 1;
            while (j < n && k[j].key == k[i].key)
                j++;
            /* within a block bucket only pairs within the Hamming distance are candidates;
             * the bucket is scanned whole only while it is small */
            for (size_t x = i; x < j && rc == RP_OK; x++)
                for (size_t y = x + 1; y < j && y <= x + 4 * RP__DUPS_BUCKET_CAP && rc == RP_OK;
                     y++) {
                    const uint64_t diff = st->docs[k[x].doc].simhash ^ st->docs[k[y].doc].simhash;
                    if (__builtin_popcountll(diff) <= SIMHASH_DISTANCE)
                        rc = add_pair(st, k[x].doc, k[y].doc);
                }
            i = j;
        }
    }
    rp__free(k);
    return rc;
}

static int cmp_pair(const void *x, const void *y)
{
    const struct pair *a = x, *b = y;

    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static void unique_pairs(struct state *st)
{
    size_t w = 0;

    if (st->pair_count == 0)
        return;
    qsort(st->pairs, st->pair_count, sizeof(*st->pairs), cmp_pair);
    for (size_t i = 0; i < st->pair_count; i++)
        if (w == 0 || cmp_pair(&st->pairs[i], &st->pairs[w - 1]) != 0)
            st->pairs[w++] = st->pairs[i];
    st->pair_count = w;
}

/* Runs of candidate pairs with the same first article: verification works on one run. */
struct runs {
    struct state *st;
    size_t *start; /* run r is pairs [start[r], start[r + 1]) */
    size_t count;
    struct rp_text *texts; /* one pair of texts per thread slot */
};

static int shingles_of(const struct state *st, uint32_t i, struct rp_text *t, uint64_t **sh,
                       size_t *cap, size_t *count)
{
    const int rc = st->d->analyze(st->d, i, t);

    if (rc < 0)
        return rc;
    return rp__shingles(t, st->o->shingle_len, st->o->seed, 1, sh, cap, count);
}

/* The verdict on a pair from the exact shingle sets (sorted, distinct) of its texts. */
static void judge(const rp_options *o, const uint64_t *sa, size_t na, const uint64_t *sb, size_t nb,
                  struct verdict *v)
{
    const size_t both = rp__intersection(sa, na, sb, nb);
    const size_t shorter = na < nb ? na : nb;

    v->jaccard = na + nb - both == 0 ? 1.0 : (double)both / (double)(na + nb - both);
    v->containment = shorter == 0 ? 0.0 : (double)both / (double)shorter;
    v->a_share = na == 0 ? 0.0 : (double)both / (double)na;
    v->b_share = nb == 0 ? 0.0 : (double)both / (double)nb;
    v->ok = v->jaccard >= o->dup_threshold ||
            (shorter >= MIN_CONTAIN_SHINGLES && v->containment >= o->dup_containment);
}

static int verify_run(const struct rp__docs *d, size_t r, struct rp_text *t, void *user)
{
    struct runs *runs = user;
    struct state *st = runs->st;
    const unsigned perms = st->o->perm_count;
    struct scratch sc = {0};
    struct rp_text other = {0};
    int rc = RP_OK;

    (void)d;
    for (size_t p = runs->start[r]; p < runs->start[r + 1] && rc == RP_OK; p++) {
        const uint32_t a = st->pairs[p].a, b = st->pairs[p].b;
        struct verdict *v = &st->verdicts[p];
        const double t_j = st->o->dup_threshold;

        v->estimate = -1;
        v->jaccard = -1;
        v->containment = -1;
        if (st->o->dup_method == RP_DUP_MINHASH)
            v->estimate = rp__minhash_estimate(st->sigs + (size_t)a * perms,
                                               st->sigs + (size_t)b * perms, perms);
        if (st->o->dup_fast) {
            const double e =
                st->o->dup_method == RP_DUP_MINHASH
                    ? v->estimate
                    : 1.0 - __builtin_popcountll(st->docs[a].simhash ^ st->docs[b].simhash) / 64.0;
            v->ok = e >= t_j;
            v->a_share = v->b_share = e;
            continue;
        }
        if (p == runs->start[r])
            rc = shingles_of(st, a, t, &sc.sh, &sc.cap, &sc.count);
        if (rc == RP_OK)
            rc = shingles_of(st, b, &other, &sc.sh2, &sc.cap2, &sc.count2);
        if (rc < 0)
            break;
        judge(st->o, sc.sh, sc.count, sc.sh2, sc.count2, v);
    }
    rp__text_release(&other);
    rp__free(sc.sh);
    rp__free(sc.sh2);
    return rc;
}

/* The verification pass over all candidate pairs, a run per first article. */
static int verify(struct state *st)
{
    struct runs runs = {st, NULL, 0, NULL};
    struct rp__docs sub;
    int rc;

    st->verdicts = rp__calloc(st->pair_count + 1, sizeof(*st->verdicts));
    runs.start = rp__calloc(st->pair_count + 2, sizeof(*runs.start));
    if (st->verdicts == NULL || runs.start == NULL) {
        rp__free(runs.start);
        return RP_ENOMEM;
    }
    for (size_t p = 0; p < st->pair_count; p++)
        if (p == 0 || st->pairs[p].a != st->pairs[p - 1].a)
            runs.start[runs.count++] = p;
    runs.start[runs.count] = st->pair_count;
    sub = *st->d;
    sub.count = runs.count; /* rp__docs_parallel runs over runs, not articles */
    rc = rp__docs_parallel(&sub, verify_run, &runs);
    rp__free(runs.start);
    return rc;
}

static int relate_exact(struct state *st, uint32_t rep, uint32_t member)
{
    rp_relation r;

    rp__dups_exact(st->docs[rep].content, &r);
    r.a = rep < member ? rep : member;
    r.b = rep < member ? member : rep;
    return st->d->relate(st->d, &r);
}

static void near_relation(const rp_options *o, const struct verdict *v, size_t a, size_t b,
                          rp_relation *r)
{
    memset(r, 0, sizeof(*r));
    r->a = a;
    r->b = b;
    r->type = RP_REL_NEAR_DUPLICATE;
    r->jaccard = v->jaccard;
    r->jaccard_estimate = v->estimate;
    r->containment = v->containment;
    r->score =
        v->jaccard >= 0 ? (v->jaccard > v->containment ? v->jaccard : v->containment) : v->estimate;
    r->a_share = v->a_share;
    r->b_share = v->b_share;
    r->by_containment = v->jaccard >= 0 && v->jaccard < o->dup_threshold;
}

static int relate_near(struct state *st, size_t p)
{
    rp_relation r;

    near_relation(st->o, &st->verdicts[p], st->pairs[p].a, st->pairs[p].b, &r);
    return st->d->relate(st->d, &r);
}

int rp__dups_verify(struct rp_text *a, struct rp_text *b, const uint32_t *sig_a,
                    const uint32_t *sig_b, const rp_options *o, rp_relation *r, int *ok)
{
    struct verdict v = {-1, -1, -1, 0, 0, 0};
    size_t na = 0, nb = 0;
    int rc = RP_OK;

    assert(o->dup_method == RP_DUP_MINHASH);
    v.estimate = rp__minhash_estimate(sig_a, sig_b, o->perm_count);
    if (o->dup_fast) {
        v.ok = v.estimate >= o->dup_threshold;
        v.a_share = v.b_share = v.estimate;
    } else {
        rc = rp__shingles(a, o->shingle_len, o->seed, 1, &a->aux, &a->aux_cap, &na);
        if (rc == RP_OK)
            rc = rp__shingles(b, o->shingle_len, o->seed, 1, &b->aux, &b->aux_cap, &nb);
        if (rc == RP_OK)
            judge(o, a->aux, na, b->aux, nb, &v);
    }
    *ok = rc == RP_OK && v.ok;
    near_relation(o, &v, 0, 1, r);
    return rc;
}

void rp__dups_exact(uint64_t content, rp_relation *r)
{
    memset(r, 0, sizeof(*r));
    r->type = RP_REL_EXACT;
    r->score = 1.0;
    r->a_share = r->b_share = 1.0;
    r->jaccard = 1.0;
    r->jaccard_estimate = -1;
    r->containment = 1.0;
    r->content_hash = content;
}

static int cmp_u32(const void *x, const void *y)
{
    const uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

    return a < b ? -1 : a > b;
}

static int cmp_ids(const void *x, const void *y, void *corpus)
{
    const size_t a = *(const size_t *)x, b = *(const size_t *)y;

    return strcmp(rp_corpus_get(corpus, a)->id, rp_corpus_get(corpus, b)->id);
}

static int cmp_group(const void *x, const void *y, void *corpus)
{
    const rp_dup_group *a = x, *b = y;

    return strcmp(rp_corpus_get(corpus, a->keep)->id, rp_corpus_get(corpus, b->keep)->id);
}

/* Groups: in priority order, an article not yet grouped keeps the ungrouped members of its
 * exact class and of the exact classes of representatives verified similar to its own. */
static int make_groups(struct state *st)
{
    const rp_corpus *c = st->d->corpus;
    const size_t n = st->d->count;
    uint32_t *adj_start = NULL, *adj = NULL, *class_start = NULL, *class_members = NULL;
    uint8_t *grouped = NULL;
    rp_dup_group *groups = NULL;
    size_t *members = NULL, group_count = 0, group_cap = 0, ok = 0;
    int rc = RP_ENOMEM;

    /* adjacency of representatives by verified pairs (CSR) */
    adj_start = rp__calloc(n + 1, sizeof(*adj_start));
    class_start = rp__calloc(n + 1, sizeof(*class_start));
    class_members = rp__calloc(n + 1, sizeof(*class_members));
    grouped = rp__calloc(n + 1, 1);
    members = rp__calloc(n + 1, sizeof(*members));
    for (size_t p = 0; p < st->pair_count; p++)
        ok += st->verdicts[p].ok != 0;
    adj = rp__calloc(2 * ok + 1, sizeof(*adj));
    if (!adj_start || !class_start || !class_members || !grouped || !members || !adj)
        goto out;
    for (size_t p = 0; p < st->pair_count; p++)
        if (st->verdicts[p].ok) {
            adj_start[st->pairs[p].a + 1]++;
            adj_start[st->pairs[p].b + 1]++;
        }
    for (size_t i = 0; i < n; i++)
        adj_start[i + 1] += adj_start[i];
    {
        uint32_t *fill = rp__calloc(n + 1, sizeof(*fill));
        if (fill == NULL)
            goto out;
        for (size_t p = 0; p < st->pair_count; p++)
            if (st->verdicts[p].ok) {
                const uint32_t a = st->pairs[p].a, b = st->pairs[p].b;
                adj[adj_start[a] + fill[a]++] = b;
                adj[adj_start[b] + fill[b]++] = a;
            }
        /* exact classes by representative (CSR), members in index order */
        for (size_t i = 0; i < n; i++)
            if (st->docs[i].content != 0)
                class_start[st->docs[i].rep + 1]++;
        for (size_t i = 0; i < n; i++)
            class_start[i + 1] += class_start[i];
        memset(fill, 0, (n + 1) * sizeof(*fill));
        for (size_t i = 0; i < n; i++)
            if (st->docs[i].content != 0) {
                const uint32_t r = st->docs[i].rep;
                class_members[class_start[r] + fill[r]++] = (uint32_t)i;
            }
        rp__free(fill);
    }
    for (size_t o = 0; o < n; o++) {
        const uint32_t keep = st->order[o];
        size_t m = 0;
        int exact = 1;

        if (grouped[keep] || st->docs[keep].content == 0)
            continue;
        members[m++] = keep;
        grouped[keep] = 1;
        const uint32_t rep = st->docs[keep].rep;
        for (uint32_t k = class_start[rep]; k < class_start[rep + 1]; k++) {
            const uint32_t x = class_members[k];
            if (!grouped[x]) {
                grouped[x] = 1;
                members[m++] = x;
            }
        }
        for (uint32_t e = adj_start[rep]; e < adj_start[rep + 1]; e++) {
            const uint32_t other = adj[e];
            for (uint32_t k = class_start[other]; k < class_start[other + 1]; k++) {
                const uint32_t x = class_members[k];
                if (!grouped[x]) {
                    grouped[x] = 1;
                    members[m++] = x;
                    exact = 0;
                }
            }
        }
        if (m < 2)
            continue;
        if (RP__GROW(groups, group_cap, group_count + 1) < 0)
            goto out;
        size_t *copy = rp__calloc(m, sizeof(*copy));
        if (copy == NULL)
            goto out;
        memcpy(copy, members, m * sizeof(*copy));
        qsort_r(copy + 1, m - 1, sizeof(*copy), cmp_ids, (void *)(uintptr_t)c);
        groups[group_count++] =
            (rp_dup_group){keep, copy, m, exact ? RP_REL_EXACT : RP_REL_NEAR_DUPLICATE};
    }
    if (group_count > 1)
        qsort_r(groups, group_count, sizeof(*groups), cmp_group, (void *)(uintptr_t)c);
    rc = st->d->set_dup_groups(st->d, groups, group_count);
out:
    for (size_t g = 0; g < group_count; g++)
        rp__free((void *)(uintptr_t)groups[g].members);
    rp__free(groups);
    rp__free(adj_start);
    rp__free(adj);
    rp__free(class_start);
    rp__free(class_members);
    rp__free(grouped);
    rp__free(members);
    return rc;
}

int rp__dups_find(const struct rp__docs *d)
{
    struct state st;
    const size_t n = d->count;
    int rc;

    memset(&st, 0, sizeof(st));
    st.d = d;
    st.o = d->opt;
    if (n == 0)
        return d->set_dup_groups(d, NULL, 0);
    if (n > UINT32_MAX)
        return RP_ELIMIT;
    st.docs = rp__calloc(n, sizeof(*st.docs));
    st.order = rp__calloc(n, sizeof(*st.order));
    st.reps = rp__calloc(n, sizeof(*st.reps));
    if (st.o->dup_method == RP_DUP_MINHASH)
        st.sigs = rp__calloc(rp__mul_size(n, st.o->perm_count), sizeof(*st.sigs));
    if (st.docs == NULL || st.order == NULL || st.reps == NULL ||
        (st.o->dup_method == RP_DUP_MINHASH && st.sigs == NULL)) {
        rc = RP_ENOMEM;
        goto out;
    }
    rc = rp__docs_parallel(d, first_pass, &st);
    if (rc < 0)
        goto out;
    /* exact classes: by content hash, each represented by its best article */
    for (size_t i = 0; i < n; i++)
        st.order[i] = (uint32_t)i;
    qsort_r(st.order, n, sizeof(*st.order), cmp_priority_r, (void *)(uintptr_t)d->corpus);
    {
        struct keyed *k = rp__calloc(n, sizeof(*k));
        size_t m = 0;
        if (k == NULL) {
            rc = RP_ENOMEM;
            goto out;
        }
        for (size_t o = 0; o < n; o++) /* priority order, so the first of a class is best */
            if (st.docs[st.order[o]].content != 0)
                k[m++] = (struct keyed){st.docs[st.order[o]].content, (uint32_t)o};
        qsort(k, m, sizeof(*k), cmp_keyed); /* ties by priority rank */
        for (size_t i = 0; i < m && rc == RP_OK;) {
            size_t j = i + 1;
            const uint32_t rep = st.order[k[i].doc];
            while (j < m && k[j].key == k[i].key)
                j++;
            st.docs[rep].rep = rep;
            st.reps[st.rep_count++] = rep;
            for (size_t x = i + 1; x < j && rc == RP_OK; x++) {
                const uint32_t member = st.order[k[x].doc];
                st.docs[member].rep = rep;
                rc = relate_exact(&st, rep, member);
            }
            i = j;
        }
        rp__free(k);
        if (rc < 0)
            goto out;
    }
    qsort(st.reps, st.rep_count, sizeof(*st.reps), cmp_u32);
    rc = st.o->dup_method == RP_DUP_SIMHASH ? simhash_candidates(&st) : lsh_candidates(&st);
    if (rc < 0)
        goto out;
    unique_pairs(&st);
    d->tally(d, RP_COUNT_DUP_CANDIDATES, st.pair_count);
    rc = verify(&st);
    for (size_t p = 0; p < st.pair_count && rc == RP_OK; p++)
        if (st.verdicts[p].ok)
            rc = relate_near(&st, p);
    if (rc == RP_OK)
        rc = make_groups(&st);
out:
    rp__free(st.docs);
    rp__free(st.sigs);
    rp__free(st.order);
    rp__free(st.reps);
    rp__free(st.pairs);
    rp__free(st.verdicts);
    return rc;
}
