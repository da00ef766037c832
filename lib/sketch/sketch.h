/* sketch.h: shingles, MinHash signatures, LSH banding and SimHash over one text's words.
 *
 * Shingles are hashes of runs of k consecutive normalised words (boilerplate words left
 * out). A signature summarises a shingle set in a fixed number of 32-bit values whose
 * agreement estimates the Jaccard similarity of two sets; LSH bands group signatures so
 * that similar ones meet in a bucket without comparing all pairs. */
#ifndef RP_SKETCH_H
#define RP_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "../text/tokenize.h"

#define RP__MAX_PERMS 1024 /* most values a signature may have */

/* The finaliser of SplitMix64: a bijection of 64-bit values that spreads every input bit;
 * the sketches' stand-in for a random permutation. */
static inline uint64_t rp__mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

/* The shingle hashes of t into (*out)[0, *count), *out grown as needed: sorted and
 * distinct when 'sorted', else in text order with repeats (enough for MinHash, whose
 * minimum ignores them). A text with fewer than k words (but at least one) has one shingle
 * of all of them; no words, none. RP_OK, RP_ENOMEM or RP_EINVAL (k not in 1..64). */
int rp__shingles(const struct rp_text *t, unsigned k, uint64_t seed, int sorted, uint64_t **out,
                 size_t *cap, size_t *count);

/* |a ∩ b| of two sorted, distinct hash arrays. */
size_t rp__intersection(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* One-permutation MinHash with optimal densification (Li, Owen and Zhang 2012;
 * Shrivastava 2017): each shingle hash falls into one of k bins and keeps the bin's
 * minimum; an empty bin copies a non-empty one chosen by a seeded hash sequence, so that
 * two sets agree on a bin with probability equal to their Jaccard similarity. sig has k
 * values; an empty set gives all UINT32_MAX. O(n + k) per set. */
void rp__minhash_oph(const uint64_t *shingles, size_t n, unsigned k, uint64_t seed, uint32_t *sig);

/* Classic MinHash with k hash functions h_i(x) = (a_i x + b_i) >> 32 (multiply-shift);
 * O(n k). Kept as the reference that the benchmark measures OPH against. */
void rp__minhash_classic(const uint64_t *shingles, size_t n, unsigned k, uint64_t seed,
                         uint32_t *sig);

/* Share of equal values of two signatures of k values: the Jaccard estimate. */
double rp__minhash_estimate(const uint32_t *a, const uint32_t *b, unsigned k);

/* LSH parameters for a threshold: the bands b and rows r (b r <= k) that minimise
 * w_fp * FP + w_fn * FN, where FP and FN are the areas under the banding curve
 * 1 - (1 - s^r)^b below and above the threshold (as in datasketch). */
void rp__lsh_params(double threshold, unsigned k, double w_fp, double w_fn, unsigned *bands,
                    unsigned *rows);

/* Probability that two sets of Jaccard similarity s share at least one band. */
double rp__lsh_probability(double s, unsigned bands, unsigned rows);

/* Key of band j of a signature: a hash of its r values and of j. */
uint64_t rp__lsh_key(const uint32_t *sig, unsigned band, unsigned rows, uint64_t seed);

/* 64-bit SimHash (Charikar 2002) of the words of t into *out, each distinct word weighted
 * by 1 + log(its frequency); boilerplate words left out. RP_ENOMEM. */
int rp__simhash(const struct rp_text *t, uint64_t seed, uint64_t *out);

#endif
