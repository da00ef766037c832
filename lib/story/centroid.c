/* centroid.c: the second stage of story clustering for short texts: clusters of titles or
 * snippets merged by the cosine of their centroids.
 *
 * Group-average clustering (cluster.c) judges a merge by the pairs of articles, and a pair of
 * titles says little: two headlines of one story share one word or two, or none ("golden
 * globe winners" and "johansson voice nominated"), and each title meets only its nearest
 * candidates, so a story of hundreds of titles ends up as dozens of tight clusters that no
 * pair-level rule can join. What the titles of a story share is seen in their sum: the
 * centroid of each of those clusters leans on the story's few words (its names, its event),
 * and the centroids of two parts of one story point the same way while those of two stories
 * do not. This is the evidence that models for short texts pool (the Dirichlet multinomial
 * mixture of Yin & Wang 2014 scores a title against a cluster's word counts, not against
 * another title).
 *
 * So, after the pair-level clustering, clusters whose articles are short (their vectors hold
 * SHORT_TERMS terms or fewer, on average) are merged in rounds: each round measures the cosine
 * of the centroids (the normalised sum of the members' unit vectors) of every two short
 * clusters that share one of their CENTROID_PREFIX strongest terms, and merges, best first,
 * every pair at MERGE_COSINE or more whose two clusters no better pair of this round has
 * taken; the centroids are then measured again, until a round merges nothing. Long articles
 * are left to the pair-level rule: their pairs carry enough evidence, and their centroids
 * are close for two events of one kind (two earthquakes at one place), which the pair-level
 * rule and the years keep apart.
 *
 * Everything goes by rank (the order of the ids) and ties break by rank, so the result does
 * not depend on the input order or on the number of threads. */
#include "centroid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reprint.h"
#include "../base/alloc.h"
#include "../base/banned.h"

#define SHORT_TERMS 16 /* a cluster is short when its vectors hold this many terms or fewer */
#ifndef MERGE_COSINE
#define MERGE_COSINE 0.25 /* centroids this close are parts of one story */
#endif
#define CENTROID_PREFIX 10 /* terms of each centroid in the candidate index */
#define MAX_POSTING 1000   /* a term in more centroids' prefixes than this is not indexed */
#define MAX_ROUNDS 64      /* a bound on the rounds (a round merges disjoint pairs) */

struct pair {
    double sim;
    uint32_t a, b; /* cluster indices, a < b */
};

struct round {
    size_t clusters;           /* short clusters this round */
    uint32_t *root;            /* per cluster: its smallest rank */
    uint32_t *cid;             /* per rank: its short cluster, or UINT32_MAX */
    uint32_t *start, *members; /* cluster c's ranks: members[start[c], start[c + 1]) ascending */
    struct rp__story_vec *cent;
    struct rp__story_term *pool; /* the centroids' terms */
    uint32_t *top;               /* cluster c's prefix: top[c * CENTROID_PREFIX, + top_n[c]) */
    uint32_t *top_n;
    struct pair *pairs;
    size_t pair_count, pair_cap;
};

static int cmp_pair(const void *x, const void *y)
{
    const struct pair *p = x, *q = y;

    if (p->sim != q->sim)
        return p->sim > q->sim ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return p->b < q->b ? -1 : p->b > q->b;
}

static int cmp_term_weight(const void *x, const void *y)
{
    const struct rp__story_term *a = x, *b = y;

    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_u32(const void *x, const void *y)
{
    const uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

    return a < b ? -1 : a > b;
}

static void round_release(struct round *rd)
{
    rp__free(rd->root);
    rp__free(rd->cid);
    rp__free(rd->start);
    rp__free(rd->members);
    rp__free(rd->cent);
    rp__free(rd->pool);
    rp__free(rd->top);
    rp__free(rd->top_n);
    rp__free(rd->pairs);
    memset(rd, 0, sizeof(*rd));
}

/* The short clusters of label and their members, in rank order. */
static int find_clusters(struct round *rd, const struct rp__story_terms *tv, const uint32_t *perm,
                         size_t n, const uint32_t *label)
{
    uint64_t *terms = NULL;
    uint32_t *size = NULL, *fill = NULL;
    size_t kept = 0;
    int rc = RP_ENOMEM;

    rd->cid = rp__malloc(n * sizeof(*rd->cid));
    size = rp__calloc(n, sizeof(*size)); /* by root: members with a vector */
    terms = rp__calloc(n, sizeof(*terms));
    if (rd->cid == NULL || size == NULL || terms == NULL)
        goto out;
    for (size_t r = 0; r < n; r++) {
        const uint32_t m = tv->v[perm[r]].n;
        rd->cid[r] = UINT32_MAX;
        if (m == 0)
            continue;
        size[label[r]]++;
        terms[label[r]] += m;
    }
    for (size_t r = 0; r < n; r++)
        kept += size[r] > 0 && terms[r] <= (uint64_t)SHORT_TERMS * size[r];
    rd->root = rp__malloc((kept + 1) * sizeof(*rd->root));
    rd->start = rp__calloc(kept + 2, sizeof(*rd->start));
    fill = rp__malloc((kept + 1) * sizeof(*fill));
    if (rd->root == NULL || rd->start == NULL || fill == NULL)
        goto out;
    /* short clusters, numbered in the order of their roots; a root's cid is its number */
    for (size_t r = 0, c = 0; r < n; r++) {
        if (size[r] == 0 || terms[r] > (uint64_t)SHORT_TERMS * size[r])
            continue;
        rd->root[c] = (uint32_t)r;
        rd->start[c + 1] = rd->start[c] + size[r];
        rd->cid[r] = (uint32_t)c++;
    }
    rd->clusters = kept;
    rd->members = rp__malloc((rd->start[kept] + 1) * sizeof(*rd->members));
    if (rd->members == NULL)
        goto out;
    memcpy(fill, rd->start, kept * sizeof(*fill));
    for (size_t r = 0; r < n; r++) { /* label[r] <= r: the root's number is known */
        if (tv->v[perm[r]].n == 0 || rd->cid[label[r]] == UINT32_MAX)
            continue;
        rd->cid[r] = rd->cid[label[r]];
        rd->members[fill[rd->cid[r]]++] = (uint32_t)r;
    }
    rc = RP_OK;
out:
    rp__free(size);
    rp__free(terms);
    rp__free(fill);
    return rc;
}

/* Every short cluster's centroid and its strongest terms. */
static int centroids(struct round *rd, const struct rp__story_terms *tv, const uint32_t *perm)
{
    double *acc = NULL;
    uint32_t *touched = NULL;
    size_t total = 0, used = 0;
    int rc = RP_ENOMEM;

    for (size_t c = 0; c < rd->clusters; c++)
        for (uint32_t k = rd->start[c]; k < rd->start[c + 1]; k++)
            total += tv->v[perm[rd->members[k]]].n;
    acc = rp__calloc(tv->vocab + 1, sizeof(*acc));
    touched = rp__malloc((tv->vocab + 1) * sizeof(*touched));
    rd->pool = rp__malloc((total + 1) * sizeof(*rd->pool));
    rd->cent = rp__calloc(rd->clusters + 1, sizeof(*rd->cent));
    rd->top = rp__malloc((rd->clusters * CENTROID_PREFIX + 1) * sizeof(*rd->top));
    rd->top_n = rp__calloc(rd->clusters + 1, sizeof(*rd->top_n));
    if (acc == NULL || touched == NULL || rd->pool == NULL || rd->cent == NULL || rd->top == NULL ||
        rd->top_n == NULL)
        goto out;
    for (size_t c = 0; c < rd->clusters; c++) {
        size_t nt = 0;
        double norm = 0;
        struct rp__story_term *t = rd->pool + used;

        for (uint32_t k = rd->start[c]; k < rd->start[c + 1]; k++) {
            const struct rp__story_vec *v = &tv->v[perm[rd->members[k]]];
            for (uint32_t i = 0; i < v->n; i++) {
                if (acc[v->t[i].id] == 0)
                    touched[nt++] = v->t[i].id;
                acc[v->t[i].id] += v->t[i].w;
            }
        }
        qsort(touched, nt, sizeof(*touched), cmp_u32);
        for (size_t i = 0; i < nt; i++)
            norm += acc[touched[i]] * acc[touched[i]];
        norm = norm > 0 ? 1 / sqrt(norm) : 0;
        for (size_t i = 0; i < nt; i++) {
            t[i].id = touched[i];
            t[i].w = (float)(acc[touched[i]] * norm);
            acc[touched[i]] = 0;
        }
        rd->cent[c].t = t;
        rd->cent[c].n = (uint32_t)nt;
        used += nt;
        /* the prefix: its CENTROID_PREFIX strongest terms, by insertion */
        struct rp__story_term best[CENTROID_PREFIX];
        size_t nb = 0;
        for (size_t i = 0; i < nt; i++) {
            size_t j = nb < CENTROID_PREFIX ? nb++ : CENTROID_PREFIX;
            if (j == CENTROID_PREFIX) {
                if (cmp_term_weight(&t[i], &best[CENTROID_PREFIX - 1]) >= 0)
                    continue;
                j = CENTROID_PREFIX - 1;
            }
            while (j > 0 && cmp_term_weight(&t[i], &best[j - 1]) < 0) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = t[i];
        }
        for (size_t i = 0; i < nb; i++)
            rd->top[c * CENTROID_PREFIX + i] = best[i].id;
        rd->top_n[c] = (uint32_t)nb;
    }
    rc = RP_OK;
out:
    rp__free(acc);
    rp__free(touched);
    return rc;
}

/* The pairs of short clusters that share a prefix term and whose centroids are close. */
static int close_pairs(struct round *rd, const struct rp__story_terms *tv)
{
    uint32_t *post_start = NULL, *post = NULL, *fill = NULL, *seen = NULL;
    size_t entries = 0;
    const size_t nc = rd->clusters;
    int rc = RP_ENOMEM;

    post_start = rp__calloc(tv->vocab + 2, sizeof(*post_start));
    fill = rp__malloc((tv->vocab + 1) * sizeof(*fill));
    seen = rp__malloc((nc + 1) * sizeof(*seen));
    if (post_start == NULL || fill == NULL || seen == NULL)
        goto out;
    for (size_t c = 0; c < nc; c++) {
        seen[c] = UINT32_MAX;
        for (uint32_t i = 0; i < rd->top_n[c]; i++)
            post_start[rd->top[c * CENTROID_PREFIX + i] + 1]++;
        entries += rd->top_n[c];
    }
    for (size_t t = 0; t < tv->vocab; t++)
        post_start[t + 1] += post_start[t];
    memcpy(fill, post_start, tv->vocab * sizeof(*fill));
    post = rp__malloc((entries + 1) * sizeof(*post));
    if (post == NULL)
        goto out;
    for (size_t c = 0; c < nc; c++) /* each posting in ascending cluster order */
        for (uint32_t i = 0; i < rd->top_n[c]; i++)
            post[fill[rd->top[c * CENTROID_PREFIX + i]]++] = (uint32_t)c;
    for (size_t c = 0; c < nc; c++) {
        for (uint32_t i = 0; i < rd->top_n[c]; i++) {
            const uint32_t t = rd->top[c * CENTROID_PREFIX + i];
            if (post_start[t + 1] - post_start[t] > MAX_POSTING)
                continue;
            for (uint32_t k = post_start[t]; k < post_start[t + 1]; k++) {
                const uint32_t o = post[k];
                if (o <= c || seen[o] == c)
                    continue;
                seen[o] = (uint32_t)c;
                const double sim = rp__story_terms_dot(&rd->cent[c], &rd->cent[o]);
                if (sim < MERGE_COSINE)
                    continue;
                if (RP__GROW(rd->pairs, rd->pair_cap, rd->pair_count + 1) < 0)
                    goto out;
                rd->pairs[rd->pair_count++] = (struct pair){sim, (uint32_t)c, o};
            }
        }
    }
    rc = RP_OK;
out:
    rp__free(post_start);
    rp__free(post);
    rp__free(fill);
    rp__free(seen);
    return rc;
}

/* Merges the best disjoint pairs of this round into label; returns how many. */
static size_t merge_pairs(struct round *rd, size_t n, uint32_t *label, uint8_t *taken)
{
    size_t merged = 0;

    if (rd->pair_count > 1)
        qsort(rd->pairs, rd->pair_count, sizeof(*rd->pairs), cmp_pair);
    memset(taken, 0, rd->clusters);
    for (size_t k = 0; k < rd->pair_count; k++) {
        const struct pair *p = &rd->pairs[k];
        if (taken[p->a] || taken[p->b])
            continue;
        taken[p->a] = taken[p->b] = 1;
        /* the cluster of larger index joins the other: roots ascend with the index */
        rd->root[p->b] = rd->root[p->a];
        merged++;
    }
    for (size_t r = 0; merged > 0 && r < n; r++)
        if (rd->cid[r] != UINT32_MAX)
            label[r] = rd->root[rd->cid[r]];
    return merged;
}

int rp__story_centroid_merge(const struct rp__story_terms *tv, const uint32_t *perm, size_t n,
                             uint32_t *label)
{
    struct round rd;
    uint8_t *taken = NULL;
    int rc = RP_OK;

    memset(&rd, 0, sizeof(rd));
    for (int round = 0; round < MAX_ROUNDS; round++) {
        rc = find_clusters(&rd, tv, perm, n, label);
        if (rc == RP_OK && rd.clusters < 2) {
            round_release(&rd);
            break;
        }
        if (rc == RP_OK)
            rc = centroids(&rd, tv, perm);
        if (rc == RP_OK)
            rc = close_pairs(&rd, tv);
        if (rc == RP_OK && (taken = rp__malloc(rd.clusters)) == NULL)
            rc = RP_ENOMEM;
        const size_t merged = rc == RP_OK ? merge_pairs(&rd, n, label, taken) : 0;
        rp__free(taken);
        taken = NULL;
        round_release(&rd);
        if (rc < 0 || merged == 0)
            break;
    }
    return rc;
}
