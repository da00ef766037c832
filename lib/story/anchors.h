/* anchors.h: event anchors of the story detector (anchors.c): the years an article writes,
 * tallied per cluster, and the test that keeps apart two clusters of reports whose years say
 * that they are two events. */
#ifndef RP_STORY_ANCHORS_H
#define RP_STORY_ANCHORS_H

#include <stddef.h>
#include <stdint.h>

#include "../text/tokenize.h"

#define RP__ANCHORS_YEAR_MIN 1800 /* a word of four digits in [MIN, MAX] is a year */
#define RP__ANCHORS_YEAR_MAX 2099
#define RP__ANCHORS_YEAR_COUNT (RP__ANCHORS_YEAR_MAX - RP__ANCHORS_YEAR_MIN + 1)

/* A set of years. Zero-initialise. */
struct rp__anchors_years {
    uint64_t bits[(RP__ANCHORS_YEAR_COUNT + 63) / 64]; /* bit y - YEAR_MIN: year y */
};

/* Adds to y the years that t's words write (words of page furniture left out). */
void rp__anchors_scan(struct rp__anchors_years *y, const struct rp_text *t);

/* Writes the years of y into out (room for RP__ANCHORS_YEAR_COUNT), ascending; returns how
 * many. */
size_t rp__anchors_list(const struct rp__anchors_years *y, uint16_t *out);

/* How many articles of a cluster write a year. */
struct rp__anchors_count {
    uint16_t year;
    uint32_t articles;
};

/* The years of a cluster's articles. Zero-initialise; release with
 * rp__anchors_tally_release(). */
struct rp__anchors_tally {
    struct rp__anchors_count *v; /* ascending by year, articles > 0 */
    size_t count, cap;
};

/* Counts one more article, which writes the n years of 'years' (ascending, distinct). RP_OK
 * or RP_ENOMEM (t unchanged). */
int rp__anchors_tally_add(struct rp__anchors_tally *t, const uint16_t *years, size_t n);

/* Adds the counts of 'from' to 'into' and empties 'from'. RP_OK or RP_ENOMEM (both
 * unchanged). */
int rp__anchors_tally_merge(struct rp__anchors_tally *into, struct rp__anchors_tally *from);

void rp__anchors_tally_release(struct rp__anchors_tally *t);

/* 1 when a cluster of size_a articles with the years of a and one of size_b with those of b
 * are, by their years, two events: the latest year that at least half of one's articles
 * write (three or more of them) is written by none of the other's, and so many reports of
 * the same event would all leave it out by chance at most once in twenty; unless the first
 * writes the other's own year (a follow-up). 0 otherwise. */
int rp__anchors_apart(const struct rp__anchors_tally *a, size_t size_a,
                      const struct rp__anchors_tally *b, size_t size_b);

#endif
