/* cluster.c: group-average agglomerative clustering (UPGMA; Sokal & Michener 1958) over a
 * sparse similarity graph, as used for topic detection and tracking (Yang et al. 1998), with
 * a stopping rule relative to the clusters themselves.
 *
 * Only pairs with an edge have a similarity; all others count as 0, so two groups merge only
 * when their members are, on average, similar: one shared sentence or one generic article
 * cannot chain two stories together as single-link would.
 *
 * A single global threshold cannot serve both fine events and broad topics: two reports of
 * different earthquakes at one place can be more alike than two articles of one broad topic.
 * What tells them apart is the structure: two distinct events are two clusters, each much
 * more cohesive inside than the link between them, while a loose topic has no such tight
 * parts. So a merge of A and B needs their average similarity (the link) to reach both a
 * floor (background similarity) and 'ratio' times the smaller cohesion of the two, where
 * the cohesion of a cluster is the average similarity of its own pairs, shrunk towards the
 * link with a prior worth 'prior_pairs' pairs: a small cluster has little evidence of being
 * tighter than its surroundings (as in HDBSCAN, a few points are not yet a cluster). This is
 * in the spirit of Chameleon's relative closeness (Karypis, Han & Kumar 1999).
 *
 * An edge carries two weights: its link weight, which orders and allows merges, and its
 * cohesion weight, which it adds to a cluster once both ends are inside. They differ for
 * reuse relations (strong links): a copy pulls its two articles together, but copies of one
 * text say nothing about how tight a story is, so inside a cluster they count with the
 * similarity of their terms. Each cluster keeps its neighbours with both sums to them, and
 * its inner sum; a heap holds candidate merges by link, stale ones skipped by versions. A candidate
 * that the rule refuses is dropped: its verdict can only change when one of its clusters
 * changes, and then it is pushed again.
 *
 * Optionally each cluster also tallies the years its items write (anchors.c), and two
 * clusters that the rule would merge stay apart when their years say they are two events of
 * one kind, which the similarity of their words cannot tell. */
#include "cluster.h"
#include "anchors.h"

#include <stdlib.h>
#include <string.h>

#include "reprint.h"
#include "../base/alloc.h"
#include "../base/banned.h"

struct nb {
    uint32_t c;   /* neighbouring cluster */
    double sum;   /* summed link weight of all member pairs */
    double inner; /* summed cohesion weight of all member pairs */
};

struct adj {
    struct nb *v;
    size_t count, cap;
};

struct cand {
    double avg; /* the link: average similarity over all cross pairs */
    size_t a, b;
    unsigned va, vb;
};

struct heap {
    struct cand *v;
    size_t count, cap;
};

/* 1 when x should come out of the heap before y. */
static int before(const struct cand *x, const struct cand *y)
{
    if (x->avg != y->avg)
        return x->avg > y->avg;
    if (x->a != y->a)
        return x->a < y->a;
    return x->b < y->b;
}

static int heap_push(struct heap *h, struct cand c)
{
    size_t i;
    if (RP__GROW(h->v, h->cap, h->count + 1) < 0)
        return RP_ENOMEM;
    i = h->count++;
    while (i > 0 && before(&c, &h->v[(i - 1) / 2])) {
        h->v[i] = h->v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->v[i] = c;
    return RP_OK;
}

static struct cand heap_pop(struct heap *h)
{
    struct cand top = h->v[0], last = h->v[--h->count];
    size_t i = 0;

    for (;;) {
        size_t l = 2 * i + 1, m = i;
        const struct cand *best = &last;
        if (l < h->count && before(&h->v[l], best)) {
            m = l;
            best = &h->v[l];
        }
        if (l + 1 < h->count && before(&h->v[l + 1], best))
            m = l + 1;
        if (m == i)
            break;
        h->v[i] = h->v[m];
        i = m;
    }
    if (h->count > 0)
        h->v[i] = last;
    return top;
}

/* The position of c in a's neighbours (sorted by cluster), or where it would go. */
static size_t adj_find(const struct adj *a, uint32_t c)
{
    size_t lo = 0, hi = a->count;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (a->v[mid].c < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Adds x's sums to the entry for x.c in a, creating it. */
static int adj_add(struct adj *a, struct nb x)
{
    const size_t lo = adj_find(a, x.c);

    if (lo < a->count && a->v[lo].c == x.c) {
        a->v[lo].sum += x.sum;
        a->v[lo].inner += x.inner;
        return RP_OK;
    }
    if (RP__GROW(a->v, a->cap, a->count + 1) < 0)
        return RP_ENOMEM;
    memmove(a->v + lo + 1, a->v + lo, (a->count - lo) * sizeof(*a->v));
    a->v[lo] = x;
    a->count++;
    return RP_OK;
}

/* Removes the entry for c from a and returns it (sums 0 when there was none). */
static struct nb adj_take(struct adj *a, uint32_t c)
{
    const size_t k = adj_find(a, c);
    struct nb x = {c, 0, 0};

    if (k == a->count || a->v[k].c != c)
        return x;
    x = a->v[k];
    memmove(a->v + k, a->v + k + 1, (a->count - k - 1) * sizeof(*a->v));
    a->count--;
    return x;
}

/* Adds b's neighbours (all but 'self') to a's in one pass, and empties b. */
static int adj_merge(struct adj *a, struct adj *b, uint32_t self)
{
    const size_t cap = a->count + b->count + 1;
    struct nb *v = rp__malloc(cap * sizeof(*v));
    size_t i = 0, j = 0, n = 0;

    if (v == NULL)
        return RP_ENOMEM;
    while (i < a->count || j < b->count) {
        if (j == b->count || (i < a->count && a->v[i].c < b->v[j].c)) {
            v[n++] = a->v[i++];
        } else if (i == a->count || b->v[j].c < a->v[i].c) {
            if (b->v[j].c != self)
                v[n++] = b->v[j];
            j++;
        } else {
            v[n] = a->v[i++];
            v[n].inner += b->v[j].inner;
            v[n++].sum += b->v[j++].sum;
        }
    }
    rp__free(a->v);
    rp__free(b->v);
    a->v = v;
    a->count = n;
    a->cap = cap;
    *b = (struct adj){0};
    return RP_OK;
}

static uint32_t root(uint32_t *label, uint32_t x)
{
    while (label[x] != x) {
        label[x] = label[label[x]];
        x = label[x];
    }
    return x;
}

/* Cohesion of a cluster of 'size' items whose pairs sum to 'inner', shrunk towards 'link'. */
static double cohesion(double inner, size_t size, double link, double prior)
{
    const double pairs = (double)size * ((double)size - 1) / 2;

    return pairs + prior > 0 ? (inner + prior * link) / (pairs + prior) : link;
}

/* 1 when the rule lets clusters a and b merge at link avg. */
static int allowed(const struct rp__cluster_rule *rule, double avg, double inner_a, size_t size_a,
                   double inner_b, size_t size_b)
{
    if (avg < rule->floor)
        return 0;
    if (rule->ratio <= 0)
        return 1;
    const double ca = cohesion(inner_a, size_a, avg, rule->prior_pairs);
    const double cb = cohesion(inner_b, size_b, avg, rule->prior_pairs);
    return avg >= rule->ratio * (ca < cb ? ca : cb);
}

static struct cand make_cand(size_t x, size_t y, double sum, const size_t *size,
                             const unsigned *ver)
{
    struct cand c;

    c.a = x < y ? x : y;
    c.b = x < y ? y : x;
    c.avg = sum / ((double)size[x] * (double)size[y]);
    c.va = ver[c.a];
    c.vb = ver[c.b];
    return c;
}

/* Empties the heap and pushes every live pair of clusters whose link reaches the floor. */
static int fill_heap(struct heap *h, const struct adj *adj, size_t n, const size_t *size,
                     const unsigned *ver, const uint32_t *label, double floor)
{
    h->count = 0;
    for (size_t a = 0; a < n; a++) {
        if (label[a] != a)
            continue;
        for (size_t k = 0; k < adj[a].count; k++) {
            const struct cand c = make_cand(a, adj[a].v[k].c, adj[a].v[k].sum, size, ver);
            if (c.a == a && c.avg >= floor && heap_push(h, c) < 0)
                return RP_ENOMEM;
        }
    }
    return RP_OK;
}

int rp__cluster_run(size_t n, const struct rp__edge *edges, size_t edge_count,
                    const struct rp__cluster_rule *rule, uint32_t *label)
{
    struct adj *adj = rp__calloc(n, sizeof(*adj));
    size_t *size = rp__calloc(n, sizeof(*size));
    unsigned *ver = rp__calloc(n, sizeof(*ver));
    double *inner = rp__calloc(n, sizeof(*inner));
    struct rp__anchors_tally *years = rule->years != NULL ? rp__calloc(n, sizeof(*years)) : NULL;
    struct heap h = {0};
    int rc = RP_ENOMEM;

    if (n > 0 && (adj == NULL || size == NULL || ver == NULL || inner == NULL ||
                  (rule->years != NULL && years == NULL)))
        goto out;
    for (size_t i = 0; i < n; i++) {
        size[root(label, (uint32_t)i)]++;
        if (years != NULL) {
            size_t count = 0;
            const uint16_t *y = rule->years(rule->years_user, i, &count);
            if (rp__anchors_tally_add(&years[root(label, (uint32_t)i)], y, count) < 0)
                goto out;
        }
    }
    for (size_t e = 0; e < edge_count; e++) {
        const uint32_t a = root(label, edges[e].a), b = root(label, edges[e].b);
        if (a == b) {
            inner[a] += edges[e].inner;
            continue;
        }
        if (adj_add(&adj[a], (struct nb){b, edges[e].sim, edges[e].inner}) < 0 ||
            adj_add(&adj[b], (struct nb){a, edges[e].sim, edges[e].inner}) < 0)
            goto out;
    }
    if (fill_heap(&h, adj, n, size, ver, label, rule->floor) < 0)
        goto out;
    size_t limit = 2 * h.count + 1024;
    while (h.count > 0) {
        /* stale candidates pile up behind big clusters: start the heap again from the live
         * ones (the same pops follow, as the order of candidates is total) */
        if (h.count > limit) {
            if (fill_heap(&h, adj, n, size, ver, label, rule->floor) < 0)
                goto out;
            limit = 2 * h.count + 1024;
            continue;
        }
        const struct cand c = heap_pop(&h);
        const size_t a = c.a, b = c.b;

        if (c.va != ver[a] || c.vb != ver[b] || label[a] != a || label[b] != b)
            continue;
        if (!allowed(rule, c.avg, inner[a], size[a], inner[b], size[b]) ||
            (years != NULL && rp__anchors_apart(&years[a], size[a], &years[b], size[b])))
            continue;
        if (years != NULL && rp__anchors_tally_merge(&years[a], &years[b]) < 0)
            goto out;
        /* Merge b into a (a < b): a takes b's neighbours and pairs. */
        label[b] = (uint32_t)a;
        inner[a] += inner[b] + adj_take(&adj[a], (uint32_t)b).inner;
        size[a] += size[b];
        ver[a]++;
        for (size_t k = 0; k < adj[b].count; k++) {
            const uint32_t x = adj[b].v[k].c;
            if (x == a)
                continue;
            struct nb s = adj_take(&adj[x], (uint32_t)b);
            s.c = (uint32_t)a;
            if (adj_add(&adj[x], s) < 0)
                goto out;
        }
        if (adj_merge(&adj[a], &adj[b], (uint32_t)a) < 0)
            goto out;
        for (size_t k = 0; k < adj[a].count; k++) {
            const struct cand m = make_cand(a, adj[a].v[k].c, adj[a].v[k].sum, size, ver);
            if (m.avg >= rule->floor && heap_push(&h, m) < 0)
                goto out;
        }
    }
    for (size_t i = 0; i < n; i++)
        label[i] = root(label, (uint32_t)i);
    rc = RP_OK;
out:
    if (adj != NULL)
        for (size_t i = 0; i < n; i++)
            rp__free(adj[i].v);
    rp__free(adj);
    rp__free(size);
    rp__free(ver);
    rp__free(inner);
    for (size_t i = 0; years != NULL && i < n; i++)
        rp__anchors_tally_release(&years[i]);
    rp__free(years);
    rp__free(h.v);
    return rc;
}
