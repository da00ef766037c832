/* anchors.c: event anchors: the years that articles write, and when they keep two clusters
 * of reports apart.
 *
 * Two events of one kind (two earthquakes near one town, two offers to one footballer) share
 * their vocabulary; what differs are the facts that anchor each: numbers, dates, names. Of
 * these only the year holds for every report of an event, early or late: tolls rise, names
 * come and go as a story develops, weekdays change from one day's reports to the next, but
 * an event happens in one year, and its reports either write that year or do not. So a
 * cluster whose reports mostly write a year, the latest they agree on (earlier ones are
 * history: the scandal behind an obituary), has a year; reports of the same event write it
 * at about the same rate. When none of another cluster's m reports writes it, and that is
 * unlikely for m more reports of the first cluster's event, the two are taken for two
 * events. With k of the first cluster's n articles writing the year and a uniform prior on
 * the rate, the chance that m more all leave it out is the beta-binomial
 *     prod_{j < m} (n - k + 1 + j) / (n + 2 + j),
 * and it must be at most APART_CHANCE; a cluster needs MIN_ARTICLES articles to have a year
 * at all (two or three reports that share a dateline are not yet a habit).
 *
 * The test is one-sided: the other cluster need not write a year of its own (reports of an
 * event long past often name none), and a later follow-up that also writes the earlier
 * event's year is not apart from it. On the ECB+ development half (doc/ARCHITECTURE.md) the
 * other anchors failed where years do not: a report's numbers or names missing from another
 * cluster are as common within one event as between two, and two-sided conflicts (each side
 * writes a year, a weekday or a month the other never does) split more events than they
 * separated. */
#include "anchors.h"

#include <string.h>

#include "reprint.h"
#include "../base/alloc.h"
#include "../base/banned.h"

#define APART_CHANCE 0.05 /* the chance below which an absent year is not taken for chance */
#define MIN_ARTICLES 3    /* articles a cluster needs to have a year */

void rp__anchors_scan(struct rp__anchors_years *y, const struct rp_text *t)
{
    for (size_t i = 0; i < t->word_count; i++) {
        const struct rp__word *w = &t->words[i];
        if ((w->flags & (RP__WORD_DIGIT | RP__WORD_BOILER)) != RP__WORD_DIGIT || w->norm_len != 4)
            continue;
        const char *s = rp__word_norm(t, i);
        unsigned v = 0;
        size_t k = 0;
        while (k < 4 && s[k] >= '0' && s[k] <= '9')
            v = v * 10 + (unsigned)(s[k++] - '0');
        if (k == 4 && v >= RP__ANCHORS_YEAR_MIN && v <= RP__ANCHORS_YEAR_MAX) {
            const unsigned bit = v - RP__ANCHORS_YEAR_MIN;
            y->bits[bit / 64] |= UINT64_C(1) << (bit % 64);
        }
    }
}

size_t rp__anchors_list(const struct rp__anchors_years *y, uint16_t *out)
{
    size_t n = 0;

    for (unsigned bit = 0; bit < RP__ANCHORS_YEAR_COUNT; bit++)
        if (y->bits[bit / 64] >> (bit % 64) & 1)
            out[n++] = (uint16_t)(RP__ANCHORS_YEAR_MIN + bit);
    return n;
}

/* Merges the counts of a and b, both ascending by year, into out (room for both). */
static size_t merge_counts(const struct rp__anchors_count *a, size_t na,
                           const struct rp__anchors_count *b, size_t nb,
                           struct rp__anchors_count *out)
{
    size_t i = 0, j = 0, n = 0;

    while (i < na || j < nb) {
        if (j == nb || (i < na && a[i].year < b[j].year)) {
            out[n++] = a[i++];
        } else if (i == na || b[j].year < a[i].year) {
            out[n++] = b[j++];
        } else {
            out[n] = a[i++];
            out[n++].articles += b[j++].articles;
        }
    }
    return n;
}

/* Replaces t's counts by their merge with the n counts of c. */
static int tally_merge_counts(struct rp__anchors_tally *t, const struct rp__anchors_count *c,
                              size_t n)
{
    struct rp__anchors_count *v;

    if (n == 0)
        return RP_OK;
    v = rp__malloc(rp__mul_size(t->count + n, sizeof(*v)));
    if (v == NULL)
        return RP_ENOMEM;
    t->count = merge_counts(t->v, t->count, c, n, v);
    t->cap = t->count;
    rp__free(t->v);
    t->v = v;
    return RP_OK;
}

int rp__anchors_tally_add(struct rp__anchors_tally *t, const uint16_t *years, size_t n)
{
    struct rp__anchors_count *c;
    int rc;

    if (n == 0)
        return RP_OK;
    c = rp__malloc(rp__mul_size(n, sizeof(*c)));
    if (c == NULL)
        return RP_ENOMEM;
    for (size_t k = 0; k < n; k++)
        c[k] = (struct rp__anchors_count){years[k], 1};
    rc = tally_merge_counts(t, c, n);
    rp__free(c);
    return rc;
}

int rp__anchors_tally_merge(struct rp__anchors_tally *into, struct rp__anchors_tally *from)
{
    int rc = RP_OK;

    if (into->count == 0) { /* the common case of a cluster without years: take them */
        struct rp__anchors_tally t = *into;
        *into = *from;
        *from = t;
    } else {
        rc = tally_merge_counts(into, from->v, from->count);
    }
    if (rc == RP_OK)
        from->count = 0;
    return rc;
}

void rp__anchors_tally_release(struct rp__anchors_tally *t)
{
    rp__free(t->v);
    memset(t, 0, sizeof(*t));
}

/* How many of t's articles write 'year'. */
static uint32_t articles_of(const struct rp__anchors_tally *t, uint16_t year)
{
    size_t lo = 0, hi = t->count;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (t->v[mid].year < year)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->count && t->v[lo].year == year ? t->v[lo].articles : 0;
}

/* The year of a cluster of n articles with the years of t (the latest that at least half of
 * them write; *articles of them), or 0 for none. */
static uint16_t year_of(const struct rp__anchors_tally *t, size_t n, uint32_t *articles)
{
    size_t k = t->count;

    if (n < MIN_ARTICLES)
        return 0;
    while (k > 0 && 2 * (size_t)t->v[k - 1].articles < n)
        k--;
    if (k == 0)
        return 0;
    *articles = t->v[k - 1].articles;
    return t->v[k - 1].year;
}

/* 1 when y's articles leave out the year of x beyond chance, and x does not write y's own
 * year (which would make x a follow-up of y). */
static int leaves_out(const struct rp__anchors_tally *x, size_t nx,
                      const struct rp__anchors_tally *y, size_t ny)
{
    uint32_t k = 0, ky = 0;
    const uint16_t year = year_of(x, nx, &k);

    if (year == 0 || articles_of(y, year) > 0)
        return 0;
    const uint16_t other = year_of(y, ny, &ky);
    if (other != 0 && articles_of(x, other) > 0)
        return 0;
    /* the product falls at least as fast as m^-(k+1), k >= 2: a few factors decide */
    double chance = 1;
    for (size_t j = 0; j < ny && chance > APART_CHANCE; j++)
        chance *= ((double)(nx - k) + 1 + (double)j) / ((double)nx + 2 + (double)j);
    return chance <= APART_CHANCE;
}

int rp__anchors_apart(const struct rp__anchors_tally *a, size_t size_a,
                      const struct rp__anchors_tally *b, size_t size_b)
{
    return leaves_out(a, size_a, b, size_b) || leaves_out(b, size_b, a, size_a);
}
