/* reuse.h: reused passages between two texts (alignment), quotations and speakers, and the
 * reuse detector of the scan. */
#ifndef RP_REUSE_H
#define RP_REUSE_H

#include <stddef.h>
#include <stdint.h>

#include "reprint.h"
#include "../text/docs.h"

/* Seed length: words per n-gram that start an alignment (chosen by measurement on the
 * splice and seeds sets; see doc/ARCHITECTURE.md). */
#ifndef RP__SEED_WORDS
#define RP__SEED_WORDS 3
#endif
/* Most words of edits (inserted, deleted or changed) bridged between two matching runs. */
#define RP__MAX_GAP 10

/* A passage of alignment in word indices of the two texts. */
struct rp__match {
    uint32_t a_begin, a_end; /* words [a_begin, a_end) of text a */
    uint32_t b_begin, b_end; /* words [b_begin, b_end) of text b */
    uint32_t matched;        /* words of a that match a word of b in the alignment */
};

/* Quotation regions of one text: byte spans inside quotation marks. */
struct rp__quotes {
    rp_token *spans;
    size_t count, cap;
};

/* Finds the quotation regions of t: “…”, "…", «…», and ‘…’ when the marks stand at word
 * edges; a quotation left open ends with its paragraph. */
int rp__quotes_find(const struct rp_text *t, struct rp__quotes *q);
void rp__quotes_release(struct rp__quotes *q);
/* Bytes of [start, end) inside quotation regions. */
size_t rp__quotes_cover(const struct rp__quotes *q, size_t start, size_t end);
/* The speaker named in the sentence around bytes [start, end) of t ("..., Hajiyev said",
 * "told Reuters", "Varga told"), written into buf; 0 when none is found. */
size_t rp__speaker(const struct rp_text *t, size_t start, size_t end, char *buf, size_t cap);

/* Aligns texts a and b (boilerplate words left out): exact runs from shared n-gram seeds,
 * chained into passages across gaps of up to RP__MAX_GAP edited words, in any order of the
 * passages. Appends the passages of at least min_words words (on the shorter side) to *out.
 * Each passage's matched share is at least a half. RP_OK or RP_ENOMEM. */
int rp__align(const struct rp_text *a, const struct rp_text *b, unsigned min_words,
              struct rp__match **out, size_t *count, size_t *cap);

/* The reuse detector: candidate pairs from postings of rare word n-grams, aligned; relates
 * RP_REL_COPY or RP_REL_QUOTE with passages. */
int rp__reuse_find(const struct rp__docs *d);

/* Shared rare n-grams that make a candidate pair. */
#define RP__REUSE_MIN_SHARED 3

/* The parts of the detector that an index uses one article or one pair at a time (lib/store),
 * so that it finds what a scan of the same articles finds. */

/* The distinct candidate n-gram hashes of an analysed text (boilerplate flagged), sorted,
 * into *out (free with rp__free). RP_OK or RP_ENOMEM. */
int rp__reuse_grams(const struct rp_text *t, uint64_t **out, size_t *count);

/* How an n-gram found in df articles pairs them, the articles in canonical order: each of
 * the first 'width' (the result) with every later one; 0 when df < 2 or df > df_cap. */
size_t rp__reuse_width(size_t df, size_t df_cap);

/* Aligns candidate pair (ia, ib) of d from their analysed texts (qa: the quotations of a)
 * and relates what they share, as the detector does; *m and *mcap are scratch. */
int rp__reuse_pair(const struct rp__docs *d, size_t ia, const struct rp_text *a,
                   const struct rp__quotes *qa, size_t ib, const struct rp_text *b,
                   struct rp__match **m, size_t *mcap);

#endif
