/* align.c: local alignment of two texts by seed, chain and bridge.
 *
 * Seeds are the positions where both texts have the same run of RP__SEED_WORDS words
 * (boilerplate left out); seeds on one diagonal that follow each other form exact runs. A
 * run joins the passage that ends just before it in both texts (within RP__MAX_GAP words on
 * each side: the inserted, deleted or changed words of an edited copy); otherwise it starts
 * a passage of its own, so that passages in a different order in the two texts are each
 * found. This is the seed-and-extend idea of BLAST and of text-reuse aligners such as
 * passim, kept to exact seeds and bounded gaps so that each pair costs time linear in the
 * length of the texts plus the number of seeds. */
#include "reuse.h"

#include <stdlib.h>
#include <string.h>

#include "../base/banned.h"

#define MAX_SEEDS_PER_GRAM 16 /* an n-gram repeated more often in b seeds only this often */

struct seq {
    uint32_t *idx;  /* word indices of the non-boilerplate words */
    uint32_t *seg;  /* per position: boilerplate runs before it, so that no passage crosses one */
    uint64_t *gram; /* hash of the n-gram starting at each position; 0: crosses boilerplate */
    size_t len, cap, gram_count;
};

struct run {
    uint32_t a, b, len; /* a[a, a + len) equals b[b, b + len) */
};

static int build(const struct rp_text *t, struct seq *s)
{
    uint32_t seg = 0;
    int in_boiler = 0;

    s->len = 0;
    if (RP__GROW(s->idx, s->cap, t->word_count + 1) < 0)
        return RP_ENOMEM;
    s->seg = rp__realloc(s->seg, s->cap * sizeof(*s->seg));
    if (s->seg == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < t->word_count; i++) {
        if (t->words[i].flags & RP__WORD_BOILER) {
            seg += !in_boiler;
            in_boiler = 1;
            continue;
        }
        in_boiler = 0;
        s->seg[s->len] = seg;
        s->idx[s->len++] = (uint32_t)i;
    }
    s->gram = rp__realloc(s->gram, (s->len + 1) * sizeof(*s->gram));
    if (s->gram == NULL)
        return RP_ENOMEM;
    s->gram_count = s->len >= RP__SEED_WORDS ? s->len - RP__SEED_WORDS + 1 : 0;
    for (size_t p = 0; p < s->gram_count; p++) {
        uint64_t h = 0;
        for (size_t k = 0; k < RP__SEED_WORDS; k++)
            h = (h ^ t->words[s->idx[p + k]].hash) * UINT64_C(0x100000001b3) + k;
        /* a seed never spans page furniture: the evidence must not rest on it */
        s->gram[p] = s->seg[p] == s->seg[p + RP__SEED_WORDS - 1] ? h | 1 : 0;
    }
    return RP_OK;
}

static int cmp_run(const void *x, const void *y)
{
    const struct run *a = x, *b = y;
    const int64_t da = (int64_t)a->b - a->a, db = (int64_t)b->b - b->a;

    if (da != db)
        return da < db ? -1 : 1;
    return a->a < b->a ? -1 : a->a > b->a;
}

static int cmp_run_a(const void *x, const void *y)
{
    const struct run *a = x, *b = y;

    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static int words_equal(const struct rp_text *ta, const struct seq *sa, size_t p,
                       const struct rp_text *tb, const struct seq *sb, size_t q)
{
    for (size_t k = 0; k < RP__SEED_WORDS; k++)
        if (ta->words[sa->idx[p + k]].hash != tb->words[sb->idx[q + k]].hash)
            return 0;
    return 1;
}

/* Seeds, merged into exact runs along each diagonal. */
static int find_runs(const struct rp_text *ta, const struct seq *sa, const struct rp_text *tb,
                     const struct seq *sb, struct run **runs, size_t *count)
{
    size_t slots = 16, n = 0, cap = 0;
    uint32_t *head, *next;
    struct run *r = NULL;
    int rc = RP_OK;

    *runs = NULL;
    *count = 0;
    if (sa->gram_count == 0 || sb->gram_count == 0)
        return RP_OK;
    while (slots < 2 * sb->gram_count)
        slots *= 2;
    head = rp__calloc(slots, sizeof(*head));
    next = rp__calloc(sb->gram_count, sizeof(*next));
    if (head == NULL || next == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    /* chained hash table of b's n-grams: head[slot] and next[] hold position + 1 */
    for (size_t q = sb->gram_count; q-- > 0;) {
        const size_t slot =
            (size_t)(sb->gram[q] * UINT64_C(0x9e3779b97f4a7c15) >> 32) & (slots - 1);
        next[q] = head[slot];
        head[slot] = (uint32_t)q + 1;
    }
    for (size_t p = 0; p < sa->gram_count && rc == RP_OK; p++) {
        const size_t slot =
            (size_t)(sa->gram[p] * UINT64_C(0x9e3779b97f4a7c15) >> 32) & (slots - 1);
        unsigned seeds = 0;
        for (uint32_t e = head[slot]; e != 0 && seeds < MAX_SEEDS_PER_GRAM; e = next[e - 1]) {
            const size_t q = e - 1;
            if (sa->gram[p] == 0 || sb->gram[q] != sa->gram[p] ||
                !words_equal(ta, sa, p, tb, sb, q))
                continue;
            seeds++;
            if (RP__GROW(r, cap, n + 1) < 0) {
                rc = RP_ENOMEM;
                break;
            }
            r[n++] = (struct run){(uint32_t)p, (uint32_t)q, RP__SEED_WORDS};
        }
    }
    if (rc < 0 || n == 0)
        goto out;
    /* merge seeds that follow each other on a diagonal */
    qsort(r, n, sizeof(*r), cmp_run);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w > 0 && (int64_t)r[w - 1].b - r[w - 1].a == (int64_t)r[i].b - r[i].a &&
            r[i].a <= r[w - 1].a + r[w - 1].len && sa->seg[r[i].a] == sa->seg[r[w - 1].a] &&
            sb->seg[r[i].b] == sb->seg[r[w - 1].b]) {
            const uint32_t end = r[i].a + r[i].len;
            if (end > r[w - 1].a + r[w - 1].len)
                r[w - 1].len = end - r[w - 1].a;
        } else {
            r[w++] = r[i];
        }
    }
    n = w;
    qsort(r, n, sizeof(*r), cmp_run_a);
out:
    rp__free(head);
    rp__free(next);
    if (rc < 0) {
        rp__free(r);
        return rc;
    }
    *runs = r;
    *count = n;
    return RP_OK;
}

struct open_passage {
    struct rp__match m;  /* in positions of the filtered sequences */
    uint32_t last_a_end; /* end of the last run in a, for coverage */
};

int rp__align(const struct rp_text *a, const struct rp_text *b, unsigned min_words,
              struct rp__match **out, size_t *count, size_t *cap)
{
    struct seq sa = {0}, sb = {0};
    struct run *runs = NULL;
    struct open_passage *ps = NULL;
    size_t nruns = 0, np = 0, pcap = 0;
    int rc;

    rc = build(a, &sa);
    if (rc == RP_OK)
        rc = build(b, &sb);
    if (rc == RP_OK)
        rc = find_runs(a, &sa, b, &sb, &runs, &nruns);
    if (rc < 0)
        goto out;
    /* Chain runs in order of a: each joins the passage whose end is nearest before it in
     * both texts, within the gap; otherwise it opens a passage. */
    for (size_t i = 0; i < nruns; i++) {
        const struct run *r = &runs[i];
        size_t best = SIZE_MAX;
        int64_t best_gap = INT64_MAX;

        for (size_t k = np; k-- > 0;) {
            const struct rp__match *m = &ps[k].m;
            const int64_t ga = (int64_t)r->a - m->a_end, gb = (int64_t)r->b - m->b_end;
            if (ga < -(int64_t)RP__SEED_WORDS || gb < -(int64_t)RP__SEED_WORDS ||
                ga > RP__MAX_GAP || gb > RP__MAX_GAP)
                continue;
            if (r->a + r->len <= m->a_end || r->b + r->len <= m->b_end)
                continue; /* nothing new */
            if (sa.seg[r->a] != sa.seg[m->a_begin] || sb.seg[r->b] != sb.seg[m->b_begin])
                continue; /* page furniture lies between */
            const int64_t gap = (ga > 0 ? ga : 0) + (gb > 0 ? gb : 0);
            if (gap < best_gap) {
                best_gap = gap;
                best = k;
            }
        }
        if (best != SIZE_MAX) {
            struct open_passage *p = &ps[best];
            const uint32_t from = r->a > p->last_a_end ? r->a : p->last_a_end;
            if (r->a + r->len > from)
                p->m.matched += r->a + r->len - from;
            if (r->a + r->len > p->m.a_end)
                p->m.a_end = r->a + r->len;
            if (r->b + r->len > p->m.b_end)
                p->m.b_end = r->b + r->len;
            if (r->a + r->len > p->last_a_end)
                p->last_a_end = r->a + r->len;
            continue;
        }
        if (RP__GROW(ps, pcap, np + 1) < 0) {
            rc = RP_ENOMEM;
            goto out;
        }
        ps[np].m = (struct rp__match){r->a, r->a + r->len, r->b, r->b + r->len, r->len};
        ps[np].last_a_end = r->a + r->len;
        np++;
    }
    for (size_t k = 0; k < np; k++) {
        const struct rp__match *m = &ps[k].m;
        const uint32_t la = m->a_end - m->a_begin, lb = m->b_end - m->b_begin;
        const uint32_t longer = la > lb ? la : lb, shorter = la < lb ? la : lb;

        if (shorter < min_words || 2 * m->matched < longer)
            continue;
        if (RP__GROW(*out, *cap, *count + 1) < 0) {
            rc = RP_ENOMEM;
            goto out;
        }
        /* back to word indices of the texts */
        (*out)[(*count)++] =
            (struct rp__match){sa.idx[m->a_begin], sa.idx[m->a_end - 1] + 1, sb.idx[m->b_begin],
                               sb.idx[m->b_end - 1] + 1, m->matched};
    }
out:
    rp__free(sa.idx);
    rp__free(sa.seg);
    rp__free(sa.gram);
    rp__free(sb.idx);
    rp__free(sb.seg);
    rp__free(sb.gram);
    rp__free(runs);
    rp__free(ps);
    return rc;
}
