/* cluster.c: group-average agglomerative clustering (UPGMA; Sokal & Michener 1958) over a
 * sparse similarity graph, as used for topic detection and tracking (Yang et al. 1998).
 *
 * Only pairs with an edge have a similarity; all others count as 0, so two groups merge only
 * when their members are, on average, similar: one shared sentence or one generic article
 * cannot chain two stories together as single-link would. Each cluster keeps its neighbours
 * with the summed similarity to them, and a heap holds candidate merges, stale ones skipped
 * by version numbers. */
#include "cluster.h"

#include <stdlib.h>
#include <string.h>

#include "reprint.h"
#include "../base/alloc.h"
#include "../base/banned.h"

struct nb {
    size_t c;   /* neighbouring cluster */
    double sum; /* summed similarity of all member pairs */
};

struct adj {
    struct nb *v;
    size_t count, cap;
};

struct cand {
    double avg;
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

/* Adds sum to the entry for c in a, creating it. */
static int adj_add(struct adj *a, size_t c, double sum)
{
    size_t lo = 0, hi = a->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->v[mid].c < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < a->count && a->v[lo].c == c) {
        a->v[lo].sum += sum;
        return RP_OK;
    }
    if (RP__GROW(a->v, a->cap, a->count + 1) < 0)
        return RP_ENOMEM;
    memmove(a->v + lo + 1, a->v + lo, (a->count - lo) * sizeof(*a->v));
    a->v[lo].c = c;
    a->v[lo].sum = sum;
    a->count++;
    return RP_OK;
}

/* Removes the entry for c from a and returns its sum (0 when there was none). */
static double adj_take(struct adj *a, size_t c)
{
    for (size_t k = 0; k < a->count; k++)
        if (a->v[k].c == c) {
            double s = a->v[k].sum;
            memmove(a->v + k, a->v + k + 1, (a->count - k - 1) * sizeof(*a->v));
            a->count--;
            return s;
        }
    return 0;
}

static size_t root(size_t *label, size_t x)
{
    while (label[x] != x) {
        label[x] = label[label[x]];
        x = label[x];
    }
    return x;
}

int rp__cluster_average(size_t n, const struct rp__edge *edges, size_t edge_count, double threshold,
                        size_t *label)
{
    struct adj *adj = rp__calloc(n, sizeof(*adj));
    size_t *size = rp__calloc(n, sizeof(*size));
    unsigned *ver = rp__calloc(n, sizeof(*ver));
    struct heap h = {0};
    int rc = RP_ENOMEM;

    if (n > 0 && (adj == NULL || size == NULL || ver == NULL))
        goto out;
    for (size_t i = 0; i < n; i++)
        size[root(label, i)]++;
    for (size_t e = 0; e < edge_count; e++) {
        size_t a = root(label, edges[e].a), b = root(label, edges[e].b);
        if (a == b)
            continue;
        if (adj_add(&adj[a], b, edges[e].sim) < 0 || adj_add(&adj[b], a, edges[e].sim) < 0)
            goto out;
    }
    for (size_t a = 0; a < n; a++)
        for (size_t k = 0; k < adj[a].count; k++) {
            size_t b = adj[a].v[k].c;
            struct cand c = {adj[a].v[k].sum / ((double)size[a] * (double)size[b]), a, b, 0, 0};
            if (a < b && c.avg >= threshold && heap_push(&h, c) < 0)
                goto out;
        }
    while (h.count > 0) {
        struct cand c = heap_pop(&h);
        size_t a = c.a, b = c.b;

        if (c.va != ver[a] || c.vb != ver[b] || label[a] != a || label[b] != b)
            continue;
        /* Merge b into a (a < b): a takes b's neighbours. */
        label[b] = a;
        size[a] += size[b];
        ver[a]++;
        adj_take(&adj[a], b);
        for (size_t k = 0; k < adj[b].count; k++) {
            size_t x = adj[b].v[k].c;
            double s = adj[b].v[k].sum;
            if (x == a)
                continue;
            adj_take(&adj[x], b);
            if (adj_add(&adj[a], x, s) < 0 || adj_add(&adj[x], a, s) < 0)
                goto out;
        }
        rp__free(adj[b].v);
        adj[b] = (struct adj){0};
        for (size_t k = 0; k < adj[a].count; k++) {
            size_t x = adj[a].v[k].c;
            struct cand m = {adj[a].v[k].sum / ((double)size[a] * (double)size[x]), a < x ? a : x,
                             a < x ? x : a, 0, 0};
            m.va = ver[m.a];
            m.vb = ver[m.b];
            if (m.avg >= threshold && heap_push(&h, m) < 0)
                goto out;
        }
    }
    for (size_t i = 0; i < n; i++)
        label[i] = root(label, i);
    rc = RP_OK;
out:
    if (adj != NULL)
        for (size_t i = 0; i < n; i++)
            rp__free(adj[i].v);
    rp__free(adj);
    rp__free(size);
    rp__free(ver);
    rp__free(h.v);
    return rc;
}
