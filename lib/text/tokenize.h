/* tokenize.h: words with byte offsets, sentences and paragraphs of one text.
 *
 * A word is a run of letters, marks and digits; an apostrophe between letters ("won't") and
 * a '.' or ',' between digits ("120,000", "3.5") stay inside it; a hyphen splits
 * ("Nagorno-Karabakh" is two words). Each word carries its normalised form (normalize.h) and
 * a 64-bit XXH3 hash of it, which every detector uses in place of the string. */
#ifndef RP_TOKENIZE_H
#define RP_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include "normalize.h"

#define RP__HASH_SEED UINT64_C(0x7265707269e74e31) /* part of the format: see doc/FORMAT.md */

enum rp__word_flags {
    RP__WORD_UPPER = 1u << 0,  /* starts with an upper-case letter in the original */
    RP__WORD_DIGIT = 1u << 1,  /* starts with a digit */
    RP__WORD_ASCII = 1u << 2,  /* the original bytes are all ASCII */
    RP__WORD_BOILER = 1u << 3, /* inside flagged page furniture: no detector may use it */
};

struct rp__word {
    uint32_t start, end; /* bytes [start, end) of the original text */
    uint32_t norm_off;   /* the normalised form is norm[norm_off, norm_off + norm_len) */
    uint32_t norm_len;
    uint64_t hash;     /* XXH3 of the normalised form, seeded with RP__HASH_SEED */
    uint32_t flags;    /* enum rp__word_flags */
    uint32_t sentence; /* index of the sentence that holds it */
};

struct rp__span {
    uint32_t start, end;           /* bytes [start, end) of the original text, trimmed */
    uint32_t word_begin, word_end; /* the words inside: [word_begin, word_end) */
};

/* One analysed text (the public rp_text). Zero-initialise; reuse it for many texts. */
struct rp_text {
    const char *text; /* borrowed */
    size_t text_len;
    struct rp__word *words;
    size_t word_count, word_cap;
    struct rp__span *sents; /* sentences in text order, never across paragraphs */
    size_t sent_count, sent_cap;
    struct rp__span *paras; /* paragraphs in text order */
    size_t para_count, para_cap;
    struct rp__buf norm; /* normalised words, back to back, not NUL-terminated */
    size_t invalid_utf8; /* invalid UTF-8 sequences seen */
    int wrapped;         /* 1: hard-wrapped text, paragraphs are blank-line blocks */
    uint64_t *aux;       /* scratch that a detector may use with this text (shingles) */
    size_t aux_cap;
    struct rp__norm scratch;
};

int rp__text_analyze(struct rp_text *t, const char *text, size_t len);

/* Hash of the text's normalised words in order (all of them, boilerplate too): equal for
 * texts that differ only in white space, case, quote and dash style; 0 for no words. */
uint64_t rp__text_content_hash(const struct rp_text *t);
/* The byte starts of the words not flagged RP__WORD_BOILER, in order, into out (room for
 * word_count); returns their count. */
size_t rp__text_core_starts(const struct rp_text *t, uint32_t *out);
void rp__text_release(struct rp_text *t);

/* The normalised form of word i. */
static inline const char *rp__word_norm(const struct rp_text *t, size_t i)
{
    return t->norm.data + t->words[i].norm_off;
}

/* 1 when the normalised word w (not NUL-terminated) is an abbreviation after which a period
 * does not end a sentence. */
int rp__is_abbreviation(const char *w, size_t len);

#endif
