/* story.c: the story detector: articles about the same event, clustered, with their
 * provenance and same-story relations.
 *
 * Vectors: TF-IDF of stemmed terms (terms.c). Candidates: an inverted index over each
 * article's RP__STORY_PREFIX strongest terms (prefix filtering); for every article the scores
 * of the articles it meets there are accumulated, and its K_NEAREST best are measured
 * exactly (cosine of the whole vectors), so the work grows with the postings, never with
 * all pairs; a term in more than MAX_POSTING articles is too common to say which story an
 * article belongs to and is not indexed. Pairs outside the time window (when both dates are
 * known) are not candidates. Duplicates (exact or near) collapse into one voice, the member
 * with the smallest id; copy, quote and rewrite relations are strong links as far as their
 * evidence goes: the share of the text they explain counts as identical and the rest at the
 * pair's cosine, so that a whole copy is a link of weight 1 and one shared sentence or stock
 * phrase cannot chain two stories together (cohesion weight: the cosine). Clustering:
 * group-average agglomeration with a stopping rule relative to the clusters' own cohesion and
 * to the background similarity of the corpus, and clusters kept apart when their years say
 * they are two events (cluster.c, anchors.c). No number of stories is given. Deterministic,
 * and independent of the input order: term ids follow the keys, clustering runs on the ranks
 * of the article ids, and every tie breaks by id.
 *
 * Then each story gets its provenance (provenance.c), and each article its strongest link
 * within its story to an article it shares no text with, as a same-story relation with the
 * shared terms that support it. */
#include "story.h"
#include "centroid.h"
#include "cluster.h"
#include "provenance.h"
#include "terms.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "../base/banned.h"

#define MAX_POSTING 1000 /* a term in more articles than this is not indexed */
#define K_NEAREST 64     /* candidates measured exactly per article */
#define SCAN_CAP 128     /* entries of a posting read per article: its strongest */
#define SHARED_TERMS 8   /* terms given as the evidence of a same-story relation */

#define DEFAULT_WINDOW (3 * 86400)

/* The stopping rule of the clustering (cluster.c), chosen on the story sets of ../shared/eval
 * (doc/ARCHITECTURE.md): a merge's link is at least FLOOR_SCALE times the background
 * similarity of pairs that are not each other's nearest candidates (what unrelated articles
 * of this corpus share), and at least FLOOR_MIN (a cosine below it is a few common words);
 * and it is at least LINK_RATIO of the smaller cohesion of the two clusters, shrunk with a
 * prior of PRIOR_PAIRS pairs. */
#define FLOOR_SCALE 2.0
#define FLOOR_MIN 0.05
#define LINK_RATIO 0.8
#define PRIOR_PAIRS 40.0

struct state {
    const struct rp__docs *d;
    struct rp__story_terms tv;
    uint32_t *rank;        /* per article: its place in the order of ids */
    uint32_t *perm;        /* the article of each rank */
    uint32_t *follow;      /* the representative a duplicate follows; itself otherwise */
    uint32_t *post_start;  /* postings: term id -> [post_start[id], post_start[id + 1]) */
    uint32_t *post_doc;    /* articles in index order */
    float *post_w;         /* their weights of the term */
    struct rp__edge *near; /* article i's measured candidates at [i * K_NEAREST, + near_n[i]) */
    uint32_t *near_n;
    int64_t window;  /* seconds; 0 for none */
    int64_t *pub;    /* publication times when a window applies and some are known, or NULL */
    size_t task_len; /* articles per task of the candidate search */
};

static int in_window(const struct state *st, size_t a, size_t b)
{
    const int64_t x = st->pub[a], y = st->pub[b];

    if (x == RP_TIME_NONE || y == RP_TIME_NONE)
        return 1;
    return (x > y ? x - y : y - x) <= st->window;
}

static float weight_of(const struct rp__story_vec *v, uint32_t id)
{
    uint32_t lo = 0, hi = v->n;

    while (lo < hi) {
        const uint32_t mid = lo + (hi - lo) / 2;
        if (v->t[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < v->n && v->t[lo].id == id ? v->t[lo].w : 0.0f;
}

struct posting {
    uint32_t doc, rank;
    float w;
};

static int cmp_posting(const void *x, const void *y)
{
    const struct posting *a = x, *b = y;

    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return a->rank < b->rank ? -1 : a->rank > b->rank;
}

/* The inverted index of every vector's strongest terms. */
static int build_index(struct state *st)
{
    const struct rp__story_terms *tv = &st->tv;
    size_t total = 0;

    st->post_start = rp__calloc(tv->vocab + 2, sizeof(*st->post_start));
    if (st->post_start == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < tv->count; i++)
        for (uint32_t k = 0; k < tv->v[i].top_n; k++)
            st->post_start[tv->v[i].top[k] + 2]++;
    for (size_t k = 0; k <= tv->vocab; k++) {
        total += st->post_start[k + 1];
        st->post_start[k + 1] = (uint32_t)(st->post_start[k + 1] + st->post_start[k]);
    }
    st->post_doc = rp__malloc((total + 1) * sizeof(*st->post_doc));
    st->post_w = rp__malloc((total + 1) * sizeof(*st->post_w));
    if (st->post_doc == NULL || st->post_w == NULL)
        return RP_ENOMEM;
    /* post_start[id + 1] is the fill position of id; after the fill it is id's end */
    for (size_t i = 0; i < tv->count; i++)
        for (uint32_t k = 0; k < tv->v[i].top_n; k++) {
            const uint32_t id = tv->v[i].top[k], at = st->post_start[id + 1]++;
            st->post_doc[at] = (uint32_t)i;
            st->post_w[at] = weight_of(&tv->v[i], id);
        }
    /* each posting strongest first (then by id), so that a long one is read from the
     * articles the term matters most to */
    struct posting *tmp = NULL;
    size_t cap = 0;
    int rc = RP_OK;
    for (size_t id = 0; id < tv->vocab && rc == RP_OK; id++) {
        const uint32_t s = st->post_start[id], e = st->post_start[id + 1];
        if (e - s < 2)
            continue;
        if (RP__GROW(tmp, cap, e - s) < 0) {
            rc = RP_ENOMEM;
            break;
        }
        for (uint32_t p = s; p < e; p++)
            tmp[p - s] =
                (struct posting){st->post_doc[p], st->rank[st->post_doc[p]], st->post_w[p]};
        qsort(tmp, e - s, sizeof(*tmp), cmp_posting);
        for (uint32_t p = s; p < e; p++) {
            st->post_doc[p] = tmp[p - s].doc;
            st->post_w[p] = tmp[p - s].w;
        }
    }
    rp__free(tmp);
    return rc;
}

struct scored {
    uint32_t doc;
    uint32_t rank; /* ties go to the smaller id, whatever the input order */
    float score;
};

static int cmp_scored(const void *x, const void *y)
{
    const struct scored *a = x, *b = y;

    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->rank < b->rank ? -1 : a->rank > b->rank;
}

/* Moves the k best of v[0, n) (by cmp_scored, a total order), 0 < k < n, to v[0, k), in
 * any order: Hoare's selection with a median-of-three pivot. */
static void select_best(struct scored *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    const size_t target = k - 1;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const struct scored *x = &v[lo], *y = &v[mid], *z = &v[hi];
        const struct scored pivot = cmp_scored(x, y) < 0 ? (cmp_scored(y, z) < 0   ? *y
                                                            : cmp_scored(x, z) < 0 ? *z
                                                                                   : *x)
                                                         : (cmp_scored(x, z) < 0   ? *x
                                                            : cmp_scored(y, z) < 0 ? *z
                                                                                   : *y);
        size_t i = lo, j = hi;
        while (i <= j) {
            while (cmp_scored(&v[i], &pivot) < 0)
                i++;
            while (cmp_scored(&v[j], &pivot) > 0)
                j--;
            if (i <= j) {
                const struct scored t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (target <= j && j < i)
            hi = j;
        else if (target >= i)
            lo = i;
        else
            break;
    }
}

#define TASKS_PER_THREAD 8 /* tasks of the candidate search per thread */

/* The candidates of the articles of task c: a range of them, with a score accumulator over
 * all articles and a dense copy of each article's vector for its exact products. */
static int near_task(size_t c, void *user)
{
    struct state *st = user;
    const struct rp__story_terms *tv = &st->tv;
    const size_t n = tv->count, lo = c * st->task_len;
    const size_t hi = lo + st->task_len < n ? lo + st->task_len : n;
    float *acc = rp__calloc(n + 1, sizeof(*acc));
    double *dense = rp__calloc(tv->vocab + 1, sizeof(*dense));
    struct scored *touched = NULL;
    size_t cap = 0;
    int rc = RP_ENOMEM;

    if (acc == NULL || dense == NULL)
        goto out;
    for (size_t i = lo; i < hi; i++) {
        const struct rp__story_vec *v = &tv->v[i];
        size_t m = 0;
        for (uint32_t k = 0; k < v->top_n; k++) {
            const uint32_t id = v->top[k];
            const uint32_t s = st->post_start[id];
            uint32_t e = st->post_start[id + 1];
            if (e - s > MAX_POSTING)
                continue;
            if (e - s > SCAN_CAP) /* the work per article stays bounded */
                e = s + SCAN_CAP;
            const float w = weight_of(v, id);
            for (uint32_t p = s; p < e; p++) {
                const uint32_t j = st->post_doc[p];
                if (j == i || (st->pub != NULL && !in_window(st, i, j)))
                    continue;
                if (acc[j] == 0) {
                    if (RP__GROW(touched, cap, m + 1) < 0)
                        goto out;
                    touched[m++].doc = j;
                }
                acc[j] += w * st->post_w[p];
            }
        }
        for (size_t k = 0; k < m; k++) {
            touched[k].score = acc[touched[k].doc];
            touched[k].rank = st->rank[touched[k].doc];
            acc[touched[k].doc] = 0;
        }
        if (m > K_NEAREST) /* the K_NEAREST best first (in any order), by score and rank */
            select_best(touched, m, K_NEAREST);
        const size_t keep = m < K_NEAREST ? m : K_NEAREST;
        /* exact cosines: i's weights scattered, each candidate's gathered in id order (the
         * same sum, to the bit, as rp__story_terms_dot) */
        for (uint32_t k = 0; k < v->n; k++)
            dense[v->t[k].id] = v->t[k].w;
        for (size_t k = 0; k < keep; k++) {
            const struct rp__story_vec *u = &tv->v[touched[k].doc];
            double sum = 0;
            for (uint32_t q = 0; q < u->n; q++)
                sum += dense[u->t[q].id] * u->t[q].w;
            const uint32_t x = st->rank[i], y = touched[k].rank;
            if (sum > 0)
                st->near[i * K_NEAREST + st->near_n[i]++] =
                    (struct rp__edge){x < y ? x : y, x < y ? y : x, (float)sum, (float)sum};
        }
        for (uint32_t k = 0; k < v->n; k++)
            dense[v->t[k].id] = 0;
    }
    rc = RP_OK;
out:
    rp__free(acc);
    rp__free(dense);
    rp__free(touched);
    return rc;
}

static int cmp_edge(const void *x, const void *y)
{
    const struct rp__edge *a = x, *b = y;

    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
    return (uint64_t)a << 32 | b;
}

static int cmp_u64(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

    return a < b ? -1 : a > b;
}

/* Candidate edges (each article's measured nearest) and strong links, one per pair, sorted,
 * between ranks (not indices); *strong gets the sorted keys of the pairs that have a reuse
 * relation. A strong link's weight is s + (1 - s) c, where s is the larger share of the two
 * texts that the relation's evidence covers and c the cosine of their terms; its cohesion
 * weight is c. On ECB+, 141 of the 1003 reuse relations join two different events of one
 * topic, nearly all of them covering less than a tenth of either text (a stock sentence about
 * the same sect, a template lead about the same kind of earthquake): as links of weight 1
 * they merged six of its pairs of events. */
static int candidate_edges(struct state *st, struct rp__edge **out, size_t *count,
                           uint64_t **strong, size_t *strong_count)
{
    const struct rp__docs *d = st->d;
    const size_t n = d->count;
    size_t tasks = (size_t)d->thread_count * TASKS_PER_THREAD;
    struct rp__edge *e = NULL;
    uint64_t *sk = NULL;
    size_t ne = 0, ns = 0, cap = 0, scap = 0, measured = 0;
    int rc;

    st->near = rp__malloc(rp__mul_size(n, K_NEAREST * sizeof(*st->near)));
    st->near_n = rp__calloc(n + 1, sizeof(*st->near_n));
    if (st->near == NULL || st->near_n == NULL)
        return RP_ENOMEM;
    if (tasks > n)
        tasks = n;
    st->task_len = (n + tasks - 1) / tasks;
    rc = rp__parallel_for((n + st->task_len - 1) / st->task_len, d->thread_count, near_task, st);
    if (rc < 0)
        return rc;
    /* the measured candidates, packed in place (each article's start only moves down) */
    e = st->near;
    st->near = NULL;
    cap = n * K_NEAREST;
    for (size_t i = 0; i < n; i++) {
        memmove(e + ne, e + i * K_NEAREST, st->near_n[i] * sizeof(*e));
        ne += st->near_n[i];
    }
    measured = ne;
    struct rp__edge *packed = rp__realloc(e, (ne + 1) * sizeof(*e)); /* give back the rest */
    if (packed != NULL) {
        e = packed;
        cap = ne + 1;
    }
    /* strong links: reuse relations, between the representatives of duplicate classes */
    for (size_t r = 0; r < d->relation_count(d); r++) {
        const rp_relation *rel = d->relation(d, r);
        if (rel->type > RP_REL_REWRITE)
            continue;
        const uint32_t fx = st->follow[rel->a], fy = st->follow[rel->b];
        if (fx == fy)
            continue;
        if (RP__GROW(e, cap, ne + 1) < 0 || RP__GROW(sk, scap, ns + 1) < 0) {
            rc = RP_ENOMEM;
            goto out;
        }
        const uint32_t x = st->rank[fx], y = st->rank[fy];
        const float cos = (float)rp__story_terms_dot(&st->tv.v[fx], &st->tv.v[fy]);
        const double share = rel->a_share > rel->b_share ? rel->a_share : rel->b_share;
        const float link = (float)(share + (1 - share) * cos);
        e[ne++] = (struct rp__edge){x < y ? x : y, x < y ? y : x, link, cos};
        sk[ns++] = pair_key(x < y ? x : y, x < y ? y : x);
    }
    if (ne > 1)
        qsort(e, ne, sizeof(*e), cmp_edge);
    if (ns > 1)
        qsort(sk, ns, sizeof(*sk), cmp_u64);
    size_t w = 0;
    for (size_t i = 0; i < ne;) {
        size_t j = i;
        float sim = e[i].sim;
        while (j < ne && e[j].a == e[i].a && e[j].b == e[i].b) {
            if (e[j].sim > sim)
                sim = e[j].sim;
            j++;
        }
        e[w] = e[i];
        e[w++].sim = sim > 1.0f ? 1.0f : sim;
        i = j;
    }
    d->tally(d, RP_COUNT_STORY_CANDIDATES, measured);
    *out = e;
    *count = w;
    *strong = sk;
    *strong_count = ns;
    e = NULL;
    sk = NULL;
out:
    rp__free(e);
    rp__free(sk);
    return rc;
}

/* The years written by the article of rank r (anchors.c). */
static const uint16_t *years_of(const void *user, size_t r, size_t *count)
{
    const struct state *st = user;
    const struct rp__story_vec *v = &st->tv.v[st->perm[r]];

    *count = v->year_n;
    return v->years;
}

/* Clustering (cluster.c) of the edges between ranks; label[r] gets r's cluster. */
static int cluster(const struct state *st, const struct rp__edge *e, size_t ne, uint32_t *label)
{
    struct rp__cluster_rule rule = {FLOOR_MIN, LINK_RATIO, PRIOR_PAIRS, years_of, st};
    const double bg = rp__story_terms_background(&st->tv, st->perm);
    const double n = (double)st->tv.with_vector, pairs = n * (n - 1) / 2;
    double near = 0;

    if (bg < 0)
        return RP_ENOMEM;
    /* the background of the pairs that are not each other's nearest candidates */
    for (size_t k = 0; k < ne; k++)
        near += e[k].inner;
    double far = pairs > (double)ne ? (bg * pairs - near) / (pairs - (double)ne) : 0;
    if (far < 0)
        far = 0;
    rule.floor = FLOOR_SCALE * far > FLOOR_MIN ? FLOOR_SCALE * far : FLOOR_MIN;
    for (size_t i = 0; i < st->d->count; i++)
        label[i] = (uint32_t)i;
    return rp__cluster_run(st->d->count, e, ne, &rule, label);
}

/* Same-story relations: each article's strongest edge to a member of its story that it has
 * no reuse relation with; pairs[] gets them, one per pair, sorted. */
static size_t same_story_pairs(const struct rp__edge *e, size_t ne, const uint32_t *label,
                               const uint64_t *strong, size_t ns, size_t n, uint32_t *best,
                               float *best_sim, uint64_t *pairs)
{
    size_t m = 0;

    for (size_t i = 0; i < n; i++) {
        best[i] = UINT32_MAX;
        best_sim[i] = 0;
    }
    for (size_t k = 0; k < ne; k++) {
        const uint32_t a = e[k].a, b = e[k].b;
        const uint64_t key = pair_key(a, b);
        if (label[a] != label[b] ||
            (ns > 0 && bsearch(&key, strong, ns, sizeof(*strong), cmp_u64) != NULL))
            continue;
        /* edges come sorted by (a, b): a strictly higher similarity wins */
        if (e[k].sim > best_sim[a]) {
            best_sim[a] = e[k].sim;
            best[a] = b;
        }
        if (e[k].sim > best_sim[b]) {
            best_sim[b] = e[k].sim;
            best[b] = a;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (best[i] != UINT32_MAX)
            pairs[m++] =
                i < best[i] ? pair_key((uint32_t)i, best[i]) : pair_key(best[i], (uint32_t)i);
    qsort(pairs, m, sizeof(*pairs), cmp_u64);
    size_t w = 0;
    for (size_t k = 0; k < m; k++)
        if (w == 0 || pairs[w - 1] != pairs[k])
            pairs[w++] = pairs[k];
    return w;
}

/* The words behind the shared terms of the same-story pairs whose first article (the one with
 * the smaller id, so that the words do not depend on the input order) is i: the first
 * occurrence of each term in its text, as written. */
struct naming {
    const struct state *st;
    const uint64_t *pairs;
    size_t pair_count;
    size_t *first; /* per article: its first pair in pairs[], or SIZE_MAX */
    uint32_t (*ids)[SHARED_TERMS];
    uint8_t *id_count;
    char *(*words)[SHARED_TERMS];
};

static int name_one(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    struct naming *nm = user;
    struct sb_stemmer *stem;
    int rc;

    if (nm->first[i] == SIZE_MAX)
        return RP_OK;
    stem = sb_stemmer_new("english", NULL);
    if (stem == NULL)
        return RP_ENOMEM;
    rc = d->analyze(d, i, t);
    for (size_t w = 0; rc == RP_OK && w < t->word_count; w++) {
        const uint32_t id = rp__story_terms_id(&nm->st->tv, rp__story_terms_word_key(stem, t, w));
        if (id == UINT32_MAX)
            continue;
        for (size_t p = nm->first[i]; p < nm->pair_count && (nm->pairs[p] >> 32) == i; p++)
            for (size_t k = 0; k < nm->id_count[p]; k++)
                if (nm->ids[p][k] == id && nm->words[p][k] == NULL) {
                    nm->words[p][k] = rp__strndup(t->text + t->words[w].start,
                                                  t->words[w].end - t->words[w].start);
                    if (nm->words[p][k] == NULL)
                        rc = RP_ENOMEM;
                }
    }
    sb_stemmer_delete(stem);
    return rc;
}

static int relate_same_story(const struct state *st, const uint64_t *pairs, size_t m)
{
    const struct rp__docs *d = st->d;
    struct naming nm = {st, pairs, m, NULL, NULL, NULL, NULL};
    int rc = RP_ENOMEM;

    nm.first = rp__malloc((d->count + 1) * sizeof(*nm.first));
    nm.ids = rp__calloc(m + 1, sizeof(*nm.ids));
    nm.id_count = rp__calloc(m + 1, sizeof(*nm.id_count));
    nm.words = rp__calloc(m + 1, sizeof(*nm.words));
    if (nm.first == NULL || nm.ids == NULL || nm.id_count == NULL || nm.words == NULL)
        goto out;
    for (size_t i = 0; i < d->count; i++)
        nm.first[i] = SIZE_MAX;
    for (size_t p = m; p-- > 0;) {
        const uint32_t a = (uint32_t)(pairs[p] >> 32), b = (uint32_t)pairs[p];
        nm.first[a] = p;
        nm.id_count[p] =
            (uint8_t)rp__story_terms_shared(&st->tv.v[a], &st->tv.v[b], nm.ids[p], SHARED_TERMS);
    }
    rc = rp__docs_parallel(d, name_one, &nm);
    for (size_t p = 0; rc == RP_OK && p < m; p++) {
        const uint32_t x = (uint32_t)(pairs[p] >> 32), y = (uint32_t)pairs[p];
        const uint32_t a = x < y ? x : y, b = x < y ? y : x;
        const char *terms[SHARED_TERMS];
        size_t tc = 0;
        rp_relation r;
        for (size_t k = 0; k < nm.id_count[p]; k++)
            if (nm.words[p][k] != NULL)
                terms[tc++] = nm.words[p][k];
        memset(&r, 0, sizeof(r));
        r.a = a;
        r.b = b;
        r.type = RP_REL_SAME_STORY;
        r.score = rp__story_terms_dot(&st->tv.v[a], &st->tv.v[b]);
        r.jaccard = r.jaccard_estimate = r.containment = -1;
        r.terms = terms;
        r.term_count = tc;
        rc = d->relate(d, &r);
    }
out:
    for (size_t p = 0; nm.words != NULL && p < m; p++)
        for (size_t k = 0; k < SHARED_TERMS; k++)
            rp__free(nm.words[p][k]);
    rp__free(nm.first);
    rp__free(nm.ids);
    rp__free(nm.id_count);
    rp__free(nm.words);
    return rc;
}

/* Duplicates (exact or near) follow the member of their class with the smallest id. */
static void follow_duplicates(const struct rp__docs *d, const uint32_t *rank, uint32_t *follow)
{
    for (size_t i = 0; i < d->count; i++)
        follow[i] = (uint32_t)i;
    for (size_t r = 0; r < d->relation_count(d); r++) {
        const rp_relation *rel = d->relation(d, r);
        if (rel->type > RP_REL_NEAR_DUPLICATE)
            continue;
        size_t x = rel->a, y = rel->b;
        while (follow[x] != x)
            x = follow[x];
        while (follow[y] != y)
            y = follow[y];
        if (x != y) {
            const int xfirst = rank[x] < rank[y];
            follow[xfirst ? y : x] = (uint32_t)(xfirst ? x : y);
        }
    }
    for (size_t i = 0; i < d->count; i++) { /* flatten: every member points at its class's first */
        size_t x = i;
        while (follow[x] != x)
            x = follow[x];
        follow[i] = (uint32_t)x;
    }
}

static int cmp_by_id(const void *x, const void *y, void *corpus)
{
    return strcmp(rp_corpus_get(corpus, *(const uint32_t *)x)->id,
                  rp_corpus_get(corpus, *(const uint32_t *)y)->id);
}

int rp__stories_find(const struct rp__docs *d)
{
    struct state st;
    const size_t n = d->count;
    struct rp__edge *e = NULL;
    uint64_t *strong = NULL, *pairs = NULL;
    size_t ne = 0, ns = 0, m = 0;
    uint32_t *label = NULL, *by_rank = NULL, *best = NULL;
    float *best_sim = NULL;
    uint8_t *skip = NULL;
    int rc = RP_ENOMEM;

    memset(&st, 0, sizeof(st));
    st.d = d;
    st.window = d->opt->window < 0 ? DEFAULT_WINDOW : d->opt->window;
    if (n == 0)
        return RP_OK;
    if (n >= UINT32_MAX)
        return RP_ELIMIT;
    st.rank = rp__malloc(n * sizeof(*st.rank));
    st.perm = rp__malloc(n * sizeof(*st.perm));
    st.follow = rp__malloc(n * sizeof(*st.follow));
    skip = rp__malloc(n);
    label = rp__malloc(n * sizeof(*label));
    by_rank = rp__malloc(n * sizeof(*by_rank));
    if (st.rank == NULL || st.perm == NULL || st.follow == NULL || skip == NULL || label == NULL ||
        by_rank == NULL)
        goto out;
    /* Everything that breaks ties goes by the order of ids, so that the stories do not depend
     * on the order of the input. */
    for (size_t i = 0; i < n; i++)
        st.perm[i] = (uint32_t)i;
    qsort_r(st.perm, n, sizeof(*st.perm), cmp_by_id, (void *)(uintptr_t)d->corpus);
    for (size_t r = 0; r < n; r++)
        st.rank[st.perm[r]] = (uint32_t)r;
    /* A duplicate follows its class's representative into its story: copies of one text are
     * one voice, and only representatives are compared, however many copies there are. */
    follow_duplicates(d, st.rank, st.follow);
    for (size_t i = 0; i < n; i++)
        skip[i] = st.follow[i] != i;
    if (st.window > 0) {
        st.pub = rp__malloc(n * sizeof(*st.pub));
        if (st.pub == NULL) {
            rc = RP_ENOMEM;
            goto out;
        }
        int dated = 0;
        for (size_t i = 0; i < n; i++) {
            st.pub[i] = rp_corpus_get(d->corpus, i)->published;
            dated |= st.pub[i] != RP_TIME_NONE;
        }
        if (!dated) {
            rp__free(st.pub);
            st.pub = NULL;
        }
    }
    rc = rp__story_terms_build(&st.tv, d, skip);
    if (rc == RP_OK)
        rc = build_index(&st);
    if (rc == RP_OK)
        rc = candidate_edges(&st, &e, &ne, &strong, &ns);
    if (rc == RP_OK)
        rc = cluster(&st, e, ne, by_rank);
    if (rc == RP_OK)
        rc = rp__story_centroid_merge(&st.tv, st.perm, n, by_rank);
    if (rc < 0)
        goto out;
    for (size_t i = 0; i < n; i++) /* followers join their representative's cluster */
        label[i] = by_rank[st.rank[st.follow[i]]];
    rc = rp__provenance_set(d, label);
    if (rc < 0)
        goto out;
    best = rp__malloc(n * sizeof(*best));
    best_sim = rp__malloc(n * sizeof(*best_sim));
    pairs = rp__malloc(n * sizeof(*pairs));
    if (best == NULL || best_sim == NULL || pairs == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    m = same_story_pairs(e, ne, by_rank, strong, ns, n, best, best_sim, pairs);
    for (size_t k = 0; k < m; k++) /* ranks back to indices, the smaller id (the namer) first */
        pairs[k] = pair_key(st.perm[pairs[k] >> 32], st.perm[(uint32_t)pairs[k]]);
    if (m > 1)
        qsort(pairs, m, sizeof(*pairs), cmp_u64);
    rc = relate_same_story(&st, pairs, m);
out:
    rp__story_terms_release(&st.tv);
    rp__free(st.rank);
    rp__free(st.perm);
    rp__free(st.follow);
    rp__free(st.pub);
    rp__free(st.post_start);
    rp__free(st.post_doc);
    rp__free(st.post_w);
    rp__free(st.near);
    rp__free(st.near_n);
    rp__free(e);
    rp__free(strong);
    rp__free(pairs);
    rp__free(label);
    rp__free(by_rank);
    rp__free(best);
    rp__free(best_sim);
    rp__free(skip);
    return rc;
}
