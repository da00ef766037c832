/* dups.h: the duplicates detector of the scan. */
#ifndef RP_DUPS_H
#define RP_DUPS_H

#include "../text/docs.h"

/* Finds exact duplicates (same normalised words) and near-duplicates (Jaccard similarity of
 * word shingles at least opt->dup_threshold, or the shorter text's containment in the
 * longer at least opt->dup_containment), relates them and sets the groups. Candidates come
 * from LSH banding of MinHash signatures (or from SimHash tables); each is verified against
 * the exact shingle sets unless opt->dup_fast. */
int rp__dups_find(const struct rp__docs *d);

/* The parts of the detector that an index uses one article or one pair at a time (lib/store),
 * so that it finds what a scan of the same articles finds. */

/* LSH buckets larger than this are paired as a chain, not all pairs. */
#define RP__DUPS_BUCKET_CAP 64

/* The LSH bands and rows of signatures of o->perm_count values for o->dup_threshold. */
void rp__dups_bands(const rp_options *o, unsigned *bands, unsigned *rows);

/* One article's features from its analysed text (boilerplate flagged): *content is the hash
 * of its normalised words, or 0 when it has no words outside boilerplate (it then takes no
 * part); sig gets its o->perm_count MinHash values (or *simhash its SimHash, by
 * o->dup_method). Uses t->aux as scratch. RP_OK or RP_ENOMEM. */
int rp__dups_features(struct rp_text *t, const rp_options *o, uint64_t *content, uint32_t *sig,
                      uint64_t *simhash);

/* 1 when article x is kept before y as the representative of its duplicates: earliest
 * published (known times first), then longest, then smallest id. */
int rp__dups_better(const rp_article *x, const rp_article *y);

/* The candidate pairs of one LSH bucket of n articles in canonical order: fn(x, y) for
 * positions x < y; all pairs while the bucket is small, else a chain through its first
 * article. Stops at the first negative result of fn and returns it. */
int rp__dups_bucket_pairs(size_t n, int (*fn)(size_t x, size_t y, void *user), void *user);

/* Verifies a candidate pair (MinHash only) from its analysed texts and signatures: *ok is 1
 * when they are near-duplicates, and *r the relation the detector reports (with a = 0,
 * b = 1: the caller puts in the indices). Uses a->aux and b->aux. RP_OK or RP_ENOMEM. */
int rp__dups_verify(struct rp_text *a, struct rp_text *b, const uint32_t *sig_a,
                    const uint32_t *sig_b, const rp_options *o, rp_relation *r, int *ok);

/* The relation of an exact duplicate to its representative (indices left 0). */
void rp__dups_exact(uint64_t content, rp_relation *r);

#endif
