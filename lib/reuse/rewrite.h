/* rewrite.h: rewrites, articles that follow another sentence by sentence in other words.
 * The sentences of two articles are aligned by their paraphrase similarity (paraphrase.h) in
 * monotone runs; a pair is a rewrite when the aligned sentences explain most of one of the
 * two texts and most of them were reworded rather than copied. */
#ifndef RP_REWRITE_H
#define RP_REWRITE_H

#include <stddef.h>
#include <stdint.h>

#include "paraphrase.h"
#include "../text/docs.h"

/* One sentence of a text as the aligner sees it. */
struct rp__sent {
    uint32_t begin, end; /* its words in the text's rp__terms: [begin, end) */
    uint32_t index;      /* its index among the rp_text's sentences */
    float weight;        /* idf weight of its distinct content stems */
    uint32_t set_begin;  /* its distinct content stems: sets[set_begin, set_end) */
    uint32_t set_end;
};

/* Two aligned sentences. */
struct rp__sent_pair {
    uint32_t a, b; /* sentence indices into the two rp__sent arrays */
    float sim;     /* paraphrase score, 0..1 */
    int copied;    /* 1: the same words in the same order, nearly all (not reworded) */
};

/* Sentences of one text; zero-initialise, release with rp__sents_release(). */
struct rp__sents {
    struct rp__sent *v;
    size_t count, cap;
    struct rp__set_item *sets; /* distinct content stems of every sentence, each run sorted */
    size_t set_count, set_cap;
    size_t words; /* words of the text (rp__terms count) */
};
struct rp__set_item {
    uint64_t stem;
    float idf;
};

/* Splits the words of tm (from t) into sentences of at least 3 words and gathers their
 * distinct content stems. RP_OK or RP_ENOMEM. */
int rp__sents_build(struct rp__sents *s, const struct rp__terms *tm);
void rp__sents_release(struct rp__sents *s);

/* The outcome of aligning two texts. */
struct rp__alignment {
    struct rp__sent_pair *pairs; /* in b's order */
    size_t count, cap;
    double a_share, b_share;       /* words of each text inside aligned sentences */
    double a_reworded, b_reworded; /* ... inside aligned sentences that were reworded */
    double score;  /* evidence: the aligned pairs' similarities, each less OFFSET (rewrite.c) */
    float *sim;    /* scratch: similarity matrix, b-major */
    int32_t *from; /* scratch: back pointers */
    double *best, *prev;        /* scratch: rows of prefix maxima */
    int32_t *best_at, *prev_at; /* their cells */
    uint8_t *mark;              /* scratch: a's sentences counted */
    size_t cells_cap, row_cap;
    struct rp__simil_scratch sc; /* feature scratch */
};
void rp__alignment_release(struct rp__alignment *al);

/* Aligns the sentences of a and b both ways: ab gets the path of b's sentences through a's
 * (b as the rewrite of a), ba the path of a's through b's. The similarity of two sentences
 * is the geometric mean of their content similarity (idf-weighted cosine of their content
 * stems) and the share of their words in the same order (longest common subsequence): a
 * reworded sentence keeps names, numbers and its skeleton, a report of the same facts in
 * its own words does not. A dynamic programme picks the path in monotone runs (see path()
 * in rewrite.c); texts are cut to their first 400 sentences. RP_OK or RP_ENOMEM. */
int rp__rewrite_align(const struct rp__terms *wa, const struct rp__sents *sa,
                      const struct rp__terms *wb, const struct rp__sents *sb,
                      struct rp__alignment *ab, struct rp__alignment *ba);

/* 1 when an alignment makes its b a rewrite of its a: most of b aligned, mostly reworded,
 * and a fair part of a followed. */
int rp__rewrite_is(const struct rp__alignment *al);

/* The rewrite detector: candidate pairs from an inverted index of each article's strongest
 * stemmed terms, never all pairs; pairs that are duplicates, or copies whose shared passages
 * explain as much, are passed over. Relates RP_REL_REWRITE with the aligned sentence pairs. */
int rp__rewrite_find(const struct rp__docs *d);

#endif
