/* paraphrase.h: similarity of two short word sequences (sentences) that may say the same
 * thing in other words. paraphrase.c computes lexical features of a pair (overlap of stems,
 * words, bigrams and character 4-grams, idf-weighted overlap, longest common subsequence,
 * agreement of numbers, names and negations, prefix matches of the words left over) and
 * combines them with fixed logistic weights into one score. rp_simil_score() and the
 * rewrite detector (rewrite.c) both use it. */
#ifndef RP_PARAPHRASE_H
#define RP_PARAPHRASE_H

#include <stddef.h>
#include <stdint.h>

#include "reprint.h"
#include "../text/tokenize.h"

struct rp__simil_item;

enum rp__term_kind {
    RP__TERM_NUMBER = 1u << 0, /* starts with a digit */
    RP__TERM_NAME = 1u << 1,   /* capitalised and not first in its sentence: a name */
    RP__TERM_STOP = 1u << 2,   /* a function word ("the", "of", "was") */
    RP__TERM_NEG = 1u << 3,    /* a negation ("not", "no", "never", "n't") */
};

/* The words of one text as sentence similarity sees them. A sentence is a range of them.
 * Zero-initialise; reuse for many texts; release with rp__terms_release(). */
struct rp__terms {
    const char *norm;   /* the normalised words (borrowed from the rp_text they came from) */
    uint64_t *stem;     /* per word: hash of its Snowball stem, low bit set for a number */
    uint64_t *word;     /* hash of the normalised word */
    float *idf;         /* weight of the stem: its inverse document frequency, >= 1 */
    uint32_t *norm_off; /* the normalised word is norm[norm_off, norm_off + norm_len) */
    uint32_t *norm_len;
    uint8_t *kind;      /* enum rp__term_kind */
    uint32_t *src;      /* index of the word among its rp_text's words */
    uint32_t *sentence; /* index of its sentence in the rp_text */
    size_t count, cap;  /* words kept; capacity of every array */
};

/* Weight of a stem that df of 'docs' texts hold: its inverse document frequency, scaled to
 * run from 1 (in every text) to 10 (in one) whatever the size of the collection, so that
 * the fitted weights of rp__simil_combine() hold for any collection. */
double rp__idf(size_t df, size_t docs);

/* A Snowball stemmer (libstemmer, English) with a cache of the stems and kinds of the words
 * seen last; not thread-safe: one per thread. */
struct rp__stemmer {
    struct sb_stemmer *sb;
    struct rp__stem_slot *slots; /* direct-mapped by word hash, RP__STEM_SLOTS of them */
};
int rp__stemmer_init(struct rp__stemmer *s); /* RP_OK or RP_ENOMEM */
void rp__stemmer_release(struct rp__stemmer *s);

/* Fills tm with the words of t (those flagged RP__WORD_BOILER left out when skip_boiler),
 * stemmed with st; every idf is set to 1. RP_OK or RP_ENOMEM. */
int rp__terms_build(struct rp__terms *tm, const struct rp_text *t, struct rp__stemmer *st,
                    int skip_boiler);
void rp__terms_release(struct rp__terms *tm);

/* Features of a pair, in this order (all symmetric in the two sides). */
enum rp__simil_feature {
    RP__F_STEM_MIN,      /* shared distinct stems over the larger side's */
    RP__F_STEM_MAX,      /* ... over the smaller side's */
    RP__F_IDF_MIN,       /* idf weight of shared stems over the heavier side's */
    RP__F_IDF_MAX,       /* ... over the lighter side's */
    RP__F_BIGRAM_MIN,    /* shared stem bigrams over the larger side's */
    RP__F_BIGRAM_MAX,    /* ... over the smaller side's */
    RP__F_TRIGRAM,       /* shared stem trigrams over the larger side's */
    RP__F_WORD,          /* shared distinct unstemmed words over the larger side's */
    RP__F_LCS_MIN,       /* longest common subsequence of stems over the longer length */
    RP__F_LCS_MAX,       /* ... over the shorter length */
    RP__F_CHAR4,         /* Dice coefficient of character 4-gram sets */
    RP__F_SOFT_MIN,      /* share of content words matched (stem or prefix), the lower side */
    RP__F_SOFT_MAX,      /* ... the higher side */
    RP__F_LEN_DIFF,      /* difference of lengths over the longer */
    RP__F_NUM_MISMATCH,  /* numbers on one side only over numbers on either */
    RP__F_NUM_DIFFER,    /* 1 when some number is on one side only */
    RP__F_NAME_MISMATCH, /* names on one side only over names on either */
    RP__F_UNMATCHED,     /* log(1 + idf weight of the content stems on one side only) */
    RP__F_UNMATCHED_MAX, /* content words left unmatched on the side that has more, log(1 + n) */
    RP__F_NEG_DIFFER,    /* 1 when one side has a negation more than the other */
    RP__F_LOG_LEN,       /* log(1 + words of the longer side) */
    RP__F_CONTENT_MIN,   /* idf weight of shared content stems over the heavier side's */
    RP__F_RUN,           /* longest run of stems in the same order on both sides, over the longer */
    RP__F_NUM_ONE,       /* log(1 + numbers on one side only) */
    RP__F_NAME_ONE,      /* log(1 + names on one side only) */
    RP__SIMIL_FEATURES
};

/* Scratch space of rp__simil_features(); zero-initialise, release with
 * rp__simil_scratch_release(). One per thread. */
struct rp__simil_scratch {
    struct rp__simil_item *x, *y; /* distinct stems of the two sides */
    size_t x_cap, y_cap;
    uint64_t *gx, *gy; /* n-gram sets of the two sides */
    size_t gx_cap, gy_cap;
    uint32_t *row; /* a row of the LCS table */
    size_t row_cap;
    uint8_t *used; /* matched marks of the two sides' words */
    size_t used_cap;
    struct rp__buf chars; /* the joined words of one side */
};
void rp__simil_scratch_release(struct rp__simil_scratch *sc);

/* Computes the features of words [ab, ae) of a against words [bb, be) of b into
 * f[RP__SIMIL_FEATURES]. RP_OK or RP_ENOMEM. */
int rp__simil_features(const struct rp__terms *a, size_t ab, size_t ae, const struct rp__terms *b,
                       size_t bb, size_t be, struct rp__simil_scratch *sc, double *f);

/* Makes the scratch space of rp__simil_lcs(): RP_OK or RP_ENOMEM. */
int rp__simil_reserve(struct rp__simil_scratch *sc);
/* Length of the longest common subsequence of the stems of two ranges (each cut to its first
 * 256 words); 0 when scratch space cannot be had (reserve it first to tell). */
size_t rp__simil_lcs(const struct rp__terms *a, size_t ab, size_t ae, const struct rp__terms *b,
                     size_t bb, size_t be, struct rp__simil_scratch *sc);

/* The paraphrase score of a pair from its features: a logistic combination with weights
 * fitted on sentence pairs (scripts/fit_paraphrase.py), in (0, 1). */
double rp__simil_combine(const double *f);

/* The features of texts a and b as rp_simil_score() sees them (its reference collection
 * weighs the stems): for fitting the weights (scripts/fit_paraphrase.py). */
int rp__simil_pair_features(rp_simil *s, const char *a, size_t a_len, const char *b, size_t b_len,
                            double *f);

#endif
