/* charset.h: the character encoding of a web page, and its bytes decoded to UTF-8.
 *
 * The declared encoding comes from a byte-order mark, else from the page itself (a
 * <meta charset>, a <meta http-equiv="Content-Type"> or an XML declaration near the start),
 * with the labels of the WHATWG Encoding standard (ISO-8859-1 and US-ASCII mean
 * windows-1252). Declarations are often wrong, so the bytes have the last word:
 *   - bytes that are valid UTF-8 with non-ASCII characters are UTF-8, whatever is declared
 *     (a wrong Latin-1 declaration on a UTF-8 page is common; the reverse by chance is not);
 *   - a page declared (or assumed) UTF-8 whose bytes are not mostly valid UTF-8 is
 *     windows-1252, which covers ISO-8859-1 and gives 0x80-0x9F their curly quotes;
 *   - any other declared encoding is decoded with iconv(3); an unknown one falls back to
 *     windows-1252. */
#ifndef RP_CHARSET_H
#define RP_CHARSET_H

#include <stddef.h>

#include "../base/alloc.h"

#define RP__CHARSET_LABEL 40 /* bytes kept of a label, NUL included */

/* What was declared and what was used. */
struct rp__charset {
    char declared[RP__CHARSET_LABEL]; /* the page's label, lower-cased; "" when none */
    char used[RP__CHARSET_LABEL];     /* "utf-8", "windows-1252", "utf-16le", "utf-16be" or
                                         the declared label as iconv read it */
    int overridden;                   /* 1: a declaration was there but not followed */
    size_t invalid;                   /* bytes that could not be decoded (now U+FFFD) */
};

/* Finds the label a page declares in its first bytes (BOM excluded) into label (cap bytes,
 * lower-cased and trimmed); "" when there is none. */
void rp__charset_sniff(const char *data, size_t len, char *label, size_t cap);

/* Appends the page's text, decoded to valid UTF-8 (without a byte-order mark), to out and
 * says in *cs how it was read. Cannot fail but for RP_ENOMEM. */
int rp__charset_decode(const char *data, size_t len, struct rp__buf *out, struct rp__charset *cs);

#endif
