/* normalize.h: normalisation of text for matching (NFKC, case folding, quotes, dashes). */
#ifndef RP_NORMALIZE_H
#define RP_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/alloc.h"

/* Scratch space for normalising; zero-initialise, release with rp__norm_release(). */
struct rp__norm {
    int32_t *cps;      /* code points of the text being normalised */
    size_t cps_cap;    /* capacity of cps, in code points */
    struct rp__buf in; /* the input with invalid UTF-8 replaced by U+FFFD */
};

/* Appends the normalised form of s to out: invalid UTF-8 as U+FFFD (counted in *invalid when
 * it is not NULL), NFKC with case folding, quotes to ' and ", dashes to '-'. */
int rp__normalize_append(struct rp__norm *n, const char *s, size_t len, struct rp__buf *out,
                         size_t *invalid);
void rp__norm_release(struct rp__norm *n);

/* Decodes one UTF-8 character at s (len > 0): stores its code point in *cp and returns its
 * length in bytes; an invalid sequence gives *cp = -1 and length 1. */
size_t rp__utf8_decode(const unsigned char *s, size_t len, int32_t *cp);

/* The quote or dash that c folds to ('\'', '"' or '-'), or 0 when it is neither. */
int rp__fold_punct(int32_t c);

#endif
