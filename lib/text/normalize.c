/* normalize.c: normalisation for matching. Unicode NFKC with case folding comes from
 * utf8proc; on top of it every apostrophe and quotation mark folds to ' or " and every dash
 * to '-', so that "won’t" and "won't" (or "1990–91" and "1990-91") compare equal. ASCII
 * input, the common case, only needs lower-casing and never reaches utf8proc. */
#include "normalize.h"

#include <string.h>
#include <utf8proc.h>

#include "reprint.h"
#include "../base/banned.h"

size_t rp__utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
    utf8proc_int32_t c;
    const utf8proc_ssize_t n = utf8proc_iterate(s, len > 4 ? 4 : (utf8proc_ssize_t)len, &c);

    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (size_t)n;
}

int rp__fold_punct(int32_t c)
{
    switch (c) {
    case 0x2018: /* left and right single quotation marks */
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032: /* prime */
    case 0x2035:
    case 0x02BC: /* modifier letter apostrophe */
    case 0xFF07:
        return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x2036:
    case 0x00AB: /* guillemets */
    case 0x00BB:
    case 0xFF02:
        return '"';
    case 0x2212: /* minus sign */
        return '-';
    default:
        break;
    }
    if (c > 0x7F && utf8proc_category(c) == UTF8PROC_CATEGORY_PD)
        return '-';
    return 0;
}

/* Replaces invalid sequences by U+FFFD; returns the count. */
static size_t sanitize(const char *s, size_t len, struct rp__buf *out, int *rc)
{
    static const char fffd[] = "\xEF\xBF\xBD";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, bad = 0;

    rp__buf_reset(out);
    *rc = RP_OK;
    while (i < len && *rc == RP_OK) {
        int32_t cp;
        const size_t n = rp__utf8_decode(u + i, len - i, &cp);

        if (cp < 0) {
            bad++;
            *rc = rp__buf_append(out, fffd, 3);
        } else {
            *rc = rp__buf_append(out, s + i, n);
        }
        i += n;
    }
    return bad;
}

static int is_ascii(const char *s, size_t len)
{
    unsigned char acc = 0;

    for (size_t i = 0; i < len; i++)
        acc |= (unsigned char)s[i];
    return acc < 0x80;
}

int rp__normalize_append(struct rp__norm *n, const char *s, size_t len, struct rp__buf *out,
                         size_t *invalid)
{
    const utf8proc_option_t opts =
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD;
    utf8proc_ssize_t cps_len, bytes;
    size_t bad = 0;
    int rc;

    if (is_ascii(s, len)) {
        const size_t at = out->len;

        rc = rp__buf_append(out, s, len);
        for (size_t i = at; rc == RP_OK && i < out->len; i++) {
            const char c = out->data[i];
            if (c >= 'A' && c <= 'Z')
                out->data[i] = (char)(c + ('a' - 'A'));
        }
        return rc;
    }
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += rp__utf8_decode((const unsigned char *)s + i, len - i, &cp);
        bad += cp < 0;
    }
    if (bad > 0) {
        sanitize(s, len, &n->in, &rc);
        if (rc < 0)
            return rc;
        s = n->in.data;
        len = n->in.len;
        if (invalid != NULL)
            *invalid += bad;
    }
    for (;;) {
        cps_len = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                            n->cps, (utf8proc_ssize_t)n->cps_cap, opts, NULL, NULL);
        if (cps_len < 0)
            return RP_EINVAL; /* cannot happen: the input is valid UTF-8 by now */
        if ((size_t)cps_len <= n->cps_cap)
            break;
        /* reencode writes up to 4 bytes per code point into the same buffer */
        if (RP__GROW(n->cps, n->cps_cap, (size_t)cps_len + 1) < 0)
            return RP_ENOMEM;
    }
    /* Quotes and dashes fold after decomposition, so that those that compatibility
     * decomposition produces (a triple prime is three primes) fold too. */
    for (utf8proc_ssize_t i = 0; i < cps_len; i++) {
        const int p = n->cps[i] > 0x7F ? rp__fold_punct(n->cps[i]) : 0;
        if (p != 0)
            n->cps[i] = p;
    }
    bytes = utf8proc_reencode(n->cps, cps_len, opts);
    if (bytes < 0)
        return RP_EINVAL;
    return rp__buf_append(out, n->cps, (size_t)bytes);
}

void rp__norm_release(struct rp__norm *n)
{
    rp__free(n->cps);
    n->cps = NULL;
    n->cps_cap = 0;
    rp__buf_release(&n->in);
}

int rp_normalize(const char *text, size_t len, char **out, size_t *out_len)
{
    struct rp__norm n = {0};
    struct rp__buf b = {0};
    int rc;

    *out = NULL;
    if (out_len != NULL)
        *out_len = 0;
    if (text == NULL && len > 0)
        return RP_EINVAL;
    rc = rp__normalize_append(&n, text == NULL ? "" : text, len, &b, NULL);
    if (rc == RP_OK)
        rc = rp__buf_append(&b, "", 0);
    if (rc == RP_OK)
        *out = rp__buf_detach(&b, out_len);
    rp__buf_release(&b);
    rp__norm_release(&n);
    return *out == NULL && rc == RP_OK ? RP_ENOMEM : rc;
}
