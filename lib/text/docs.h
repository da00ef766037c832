/* docs.h: how a detector sees the corpus it works on, and where its findings go.
 *
 * Detectors (lib/sketch, lib/reuse, lib/story, lib/text/boilerplate) never see the scan that
 * drives them (lib/scan): they get this table of functions, so that dependencies point one
 * way. Texts are analysed again whenever a detector needs them (tokenising runs at well over
 * 100 MB/s) instead of being kept for every article; what a detector keeps per article is
 * its own compact features. */
#ifndef RP_DOCS_H
#define RP_DOCS_H

#include <stddef.h>
#include <stdint.h>

#include "reprint.h"
#include "tokenize.h"

struct rp__docs {
    const rp_corpus *corpus; /* the articles, by index */
    size_t count;            /* rp_corpus_count(corpus) */
    const rp_options *opt;   /* the scan's settings */
    unsigned thread_count;   /* resolved: at least 1 */
    void *ctx;               /* the scan's own state */

    /* Analyses article i into t, its boilerplate words flagged RP__WORD_BOILER. Safe to call
     * from several threads with different t. */
    int (*analyze)(const struct rp__docs *d, size_t i, struct rp_text *t);
    /* Optional: article i's words outside its furniture as an analysis flags them, without
     * analysing it: their count in *n, their byte starts (rp__text_core_starts) in *starts
     * (grown as needed, *cap its size; starts NULL for the counts alone) and the count of
     * its furniture words in *boiler. Safe to call from several threads. When it is set,
     * provenance needs no analyze. */
    int (*core_words)(const struct rp__docs *d, size_t i, uint32_t **starts, size_t *n, size_t *cap,
                      size_t *boiler);
    /* Flags byte spans of article i as boilerplate (called by the boilerplate detector, once
     * per article, before the others run). Thread-safe for distinct i. */
    int (*set_boilerplate)(const struct rp__docs *d, size_t i, const rp_token *spans, size_t count);
    /* Records evidence about a pair (r->a < r->b); evidence for a pair that already has some
     * is merged into it (the stronger type wins, evidence is kept). Thread-safe; the strings
     * and arrays of r are copied. */
    int (*relate)(const struct rp__docs *d, const rp_relation *r);
    /* The relations recorded so far, sorted by (a, b): for detectors that build on others. */
    size_t (*relation_count)(const struct rp__docs *d);
    const rp_relation *(*relation)(const struct rp__docs *d, size_t i);
    /* Sets the groups of duplicates (the duplicates detector; copied). */
    int (*set_dup_groups)(const struct rp__docs *d, const rp_dup_group *groups, size_t count);
    /* Adds n to work counter 'which' (enum rp_counter). Thread-safe. */
    void (*tally)(const struct rp__docs *d, int which, uint64_t n);
    /* Sets the stories (the story detector; copied). */
    int (*set_stories)(const struct rp__docs *d, const rp_story *stories, size_t count);
};

/* The canonical order of articles, in which the scan shows a corpus to the detectors: known
 * publication times first, earliest first, then unknown ones; ties by id (bytewise).
 * Negative, 0 or positive as a sorts before, with or after b. */
int rp__article_cmp(const rp_article *a, const rp_article *b);
/* The same order on the two fields it reads. */
int rp__order_cmp(int64_t a_published, const char *a_id, int64_t b_published, const char *b_id);

/* Runs fn(d, i, t, user) for every i in [0, d->count) on d->thread_count threads, each with
 * its own reusable rp_text. Returns the first error (by index, so deterministically) or 0. */
typedef int rp__docs_fn(const struct rp__docs *d, size_t i, struct rp_text *t, void *user);
int rp__docs_parallel(const struct rp__docs *d, rp__docs_fn *fn, void *user);

/* Runs fn(i, user) for every i in [0, count) on thread_count threads; the first error by
 * index, or 0. For work that is not per article (pairs, buckets). */
int rp__parallel_for(size_t count, unsigned thread_count, int (*fn)(size_t i, void *user),
                     void *user);

/* Runs fn(k, user) for every part k in [0, parts), each on a thread of its own: part 0 on
 * the caller's thread, and there too, after it, any part whose thread could not start. The
 * first error by part, or 0. For work split in a few large parts, each of which keeps what
 * it uses (a connection, a cache, its output) to itself. */
int rp__parallel_parts(size_t parts, int (*fn)(size_t k, void *user), void *user);

/* The number of cores this process may use (at least 1, at most 256). */
unsigned rp__cores(void);

#endif
