/* terms.h: the term vectors of the story detector (terms.c): stemmed words weighted by
 * TF-IDF against the corpus, cut to the strongest and normalised. */
#ifndef RP_STORY_TERMS_H
#define RP_STORY_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "../text/docs.h"

struct rp__story_term {
    uint32_t id; /* index into the corpus vocabulary */
    float w;     /* weight; a vector's weights have unit norm */
};

struct rp__story_vec {
    struct rp__story_term *t; /* sorted by id; NULL for an article without a vector */
    uint32_t n;               /* terms in t, at most RP__STORY_TERMS */
    uint32_t *top;            /* ids of its RP__STORY_PREFIX strongest terms, strongest first */
    uint32_t top_n;
    uint16_t *years; /* the years its text and title write (anchors.h), ascending; or NULL */
    uint32_t year_n;
};

struct rp__story_slot {
    uint64_t key; /* XXH3 of the stem; 0 marks an empty slot */
    uint32_t id;  /* dense index, in key order */
    uint32_t df;  /* articles that have the term */
};

struct rp__story_terms {
    struct rp__story_vec *v;      /* one per article */
    size_t count;                 /* articles */
    size_t with_vector;           /* articles that have a vector */
    struct rp__story_slot *slots; /* open-addressing table of the vocabulary */
    size_t slot_count;            /* a power of two */
    size_t vocab;                 /* distinct terms */
    uint64_t *key_of;             /* key of each id (sorted) */
};

#ifndef RP__STORY_TERMS
#define RP__STORY_TERMS 300
#endif
#define RP__STORY_PREFIX 40 /* terms per vector in the candidate index */

/* Builds the vector of every article i with skip[i] == 0 (skip may be NULL): its words
 * (boilerplate and stop words left out) stemmed with Snowball's English stemmer, the words
 * of its title and its capitalised words and numbers weighed more, weighted by
 * (1 + log tf) * idf; and the years it writes. Runs on d's threads. RP_OK or RP_ENOMEM;
 * release with rp__story_terms_release() either way. */
int rp__story_terms_build(struct rp__story_terms *tv, const struct rp__docs *d,
                          const uint8_t *skip);
void rp__story_terms_release(struct rp__story_terms *tv);

/* Cosine of two vectors. */
double rp__story_terms_dot(const struct rp__story_vec *a, const struct rp__story_vec *b);

/* Average cosine over all pairs of distinct vectors, from the squared norm of their sum,
 * summed in 'order' (article indices; NULL for index order) so that the result does not
 * depend on the order of the input. -1 when out of memory. */
double rp__story_terms_background(const struct rp__story_terms *tv, const uint32_t *order);

/* Appends to out the ids the two vectors share, strongest product first, at most cap;
 * returns how many. */
size_t rp__story_terms_shared(const struct rp__story_vec *a, const struct rp__story_vec *b,
                              uint32_t *out, size_t cap);

/* The key (stem hash) of a word of t as the vectors count it, or 0 for a word they leave out;
 * stem is a Snowball stemmer of the caller's. */
struct sb_stemmer;
uint64_t rp__story_terms_word_key(struct sb_stemmer *stem, const struct rp_text *t, size_t i);

/* The vocabulary id of a key, or UINT32_MAX. */
uint32_t rp__story_terms_id(const struct rp__story_terms *tv, uint64_t key);

#endif
