/* charset.c: a web page's bytes to UTF-8. The declaration is found by a prescan like the
 * one of the HTML standard (meta tags before <body>, comments passed over), then checked
 * against the bytes (charset.h says how). windows-1252 and UTF-16 are decoded here; any other
 * encoding goes through iconv(3). */
#include "charset.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <utf8proc.h>

#include "reprint.h"
#include "../base/banned.h"

#define PRESCAN_LEN 65536 /* bytes of the page looked at for a declaration */
#define CS_UTF8 "utf-8"
#define CS_1252 "windows-1252"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* windows-1252 bytes 0x80-0x9F; the five it leaves undefined map to the C1 controls. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* Labels that mean UTF-8 or windows-1252 (WHATWG Encoding, section 4.2). */
static const char *const utf8_labels[] = {
    "utf-8",           "utf8",     "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8",
    "x-unicode20utf8", "utf-16",   "utf-16le",          "utf-16be",      "unicode",
    "ucs-2",           "csunicode"}; /* a UTF-16 label read in ASCII bytes is wrong */
static const char *const cp1252_labels[] = {
    "windows-1252", "cp1252",   "x-cp1252", "iso-8859-1",      "iso8859-1",     "iso_8859-1",
    "iso88591",     "latin1",   "l1",       "iso-ir-100",      "csisolatin1",   "ibm819",
    "cp819",        "us-ascii", "ascii",    "iso_8859-1:1987", "ansi_x3.4-1968"};

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* 1 when s[0, len) starts with the lower-case word w, in any case. */
static int starts_ci(const char *s, size_t len, const char *w)
{
    size_t i = 0;

    for (; w[i] != '\0'; i++)
        if (i >= len || lower((unsigned char)s[i]) != w[i])
            return 0;
    return 1;
}

static const char *find_ci(const char *s, size_t len, const char *w)
{
    for (size_t i = 0; i < len; i++)
        if (starts_ci(s + i, len - i, w))
            return s + i;
    return NULL;
}

/* Copies a label, lower-cased and trimmed of spaces and quotes, into out. */
static void put_label(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;

    while (len > 0 && (is_space((unsigned char)*s) || *s == '"' || *s == '\'')) {
        s++;
        len--;
    }
    while (len > 0 && (is_space((unsigned char)s[len - 1]) || s[len - 1] == '"' ||
                       s[len - 1] == '\'' || s[len - 1] == ';'))
        len--;
    for (size_t i = 0; i < len && n + 1 < cap; i++)
        out[n++] = (char)lower((unsigned char)s[i]);
    out[n] = '\0';
}

/* The charset named inside a Content-Type value ("text/html; charset=latin1"). */
static void label_from_content(const char *s, size_t len, char *out, size_t cap)
{
    const char *p = find_ci(s, len, "charset");
    size_t i, e;

    if (p == NULL)
        return;
    i = (size_t)(p - s) + 7;
    while (i < len && is_space((unsigned char)s[i]))
        i++;
    if (i >= len || s[i] != '=')
        return;
    i++;
    while (i < len && (is_space((unsigned char)s[i]) || s[i] == '"' || s[i] == '\''))
        i++;
    for (e = i;
         e < len && s[e] != ';' && s[e] != '"' && s[e] != '\'' && !is_space((unsigned char)s[e]);
         e++)
        ;
    put_label(s + i, e - i, out, cap);
}

/* One attribute of a tag at s[*i]: its name and value spans; returns 0 at the tag's end. */
static int next_attr(const char *s, size_t len, size_t *i, size_t *name, size_t *name_len,
                     size_t *val, size_t *val_len)
{
    size_t k = *i;

    while (k < len && (is_space((unsigned char)s[k]) || s[k] == '/'))
        k++;
    if (k >= len || s[k] == '>')
        return 0;
    *name = k;
    while (k < len && !is_space((unsigned char)s[k]) && s[k] != '=' && s[k] != '>' && s[k] != '/')
        k++;
    *name_len = k - *name;
    *val = k;
    *val_len = 0;
    while (k < len && is_space((unsigned char)s[k]))
        k++;
    if (k < len && s[k] == '=') {
        k++;
        while (k < len && is_space((unsigned char)s[k]))
            k++;
        if (k < len && (s[k] == '"' || s[k] == '\'')) {
            const char q = s[k++];
            *val = k;
            while (k < len && s[k] != q)
                k++;
            *val_len = k - *val;
            if (k < len)
                k++;
        } else {
            *val = k;
            while (k < len && !is_space((unsigned char)s[k]) && s[k] != '>')
                k++;
            *val_len = k - *val;
        }
    }
    if (*name_len == 0) /* a stray '=' or quote: step over it */
        k++;
    *i = k;
    return 1;
}

/* The label of one <meta ...> tag starting at s[*i] (after "<meta"), if it declares one. */
static void meta_label(const char *s, size_t len, size_t *i, char *label, size_t cap)
{
    size_t name, name_len, val, val_len, content = 0, content_len = 0;
    int http_equiv = 0;
    char direct[RP__CHARSET_LABEL] = "";

    while (next_attr(s, len, i, &name, &name_len, &val, &val_len)) {
        if (name_len == 7 && starts_ci(s + name, name_len, "charset"))
            put_label(s + val, val_len, direct, sizeof(direct));
        else if (name_len == 10 && starts_ci(s + name, name_len, "http-equiv"))
            http_equiv = val_len == 12 && starts_ci(s + val, val_len, "content-type");
        else if (name_len == 7 && starts_ci(s + name, name_len, "content")) {
            content = val;
            content_len = val_len;
        }
    }
    if (direct[0] != '\0')
        put_label(direct, strlen(direct), label, cap);
    else if (http_equiv && content_len > 0)
        label_from_content(s + content, content_len, label, cap);
}

void rp__charset_sniff(const char *data, size_t len, char *label, size_t cap)
{
    const size_t n = len < PRESCAN_LEN ? len : PRESCAN_LEN;
    size_t i = 0;

    label[0] = '\0';
    if (starts_ci(data, n, "<?xml")) {
        const char *end = memchr(data, '>', n);
        const char *enc = find_ci(data, end != NULL ? (size_t)(end - data) : n, "encoding");
        if (enc != NULL) {
            size_t k = (size_t)(enc - data) + 8, e;
            while (k < n && (is_space((unsigned char)data[k]) || data[k] == '='))
                k++;
            if (k < n && (data[k] == '"' || data[k] == '\''))
                k++;
            for (e = k; e < n && data[e] != '"' && data[e] != '\'' && data[e] != '?'; e++)
                ;
            put_label(data + k, e - k, label, cap);
            return;
        }
    }
    while (i < n && label[0] == '\0') {
        const char *lt = memchr(data + i, '<', n - i);
        if (lt == NULL)
            break;
        i = (size_t)(lt - data);
        if (starts_ci(data + i, n - i, "<!--")) {
            const char *end = NULL;
            for (size_t k = i + 4; k + 2 < n && end == NULL; k++)
                if (data[k] == '-' && data[k + 1] == '-' && data[k + 2] == '>')
                    end = data + k;
            if (end == NULL)
                break;
            i = (size_t)(end - data) + 3;
        } else if (starts_ci(data + i, n - i, "<meta") && i + 5 < n &&
                   (is_space((unsigned char)data[i + 5]) || data[i + 5] == '/')) {
            i += 5;
            meta_label(data, n, &i, label, cap);
        } else if (starts_ci(data + i, n - i, "<body")) {
            break;
        } else {
            i++;
        }
    }
}

static int in_list(const char *label, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(label, list[i]) == 0)
            return 1;
    return 0;
}

static int is_utf8_label(const char *label)
{
    return in_list(label, utf8_labels, COUNT(utf8_labels));
}

static int is_1252_label(const char *label)
{
    return in_list(label, cp1252_labels, COUNT(cp1252_labels));
}

static int put_cp(struct rp__buf *out, int32_t cp)
{
    utf8proc_uint8_t tmp[4];
    const utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);

    return rp__buf_append(out, tmp, (size_t)n);
}

/* Counts of a UTF-8 reading of the bytes. */
struct utf8_census {
    size_t multibyte; /* valid non-ASCII characters */
    size_t invalid;   /* invalid sequences */
};

static void utf8_census(const unsigned char *s, size_t len, struct utf8_census *u)
{
    size_t i = 0;

    u->multibyte = u->invalid = 0;
    while (i < len) {
        int32_t cp;
        utf8proc_ssize_t n;

        if (s[i] < 0x80) {
            i++;
            continue;
        }
        n = utf8proc_iterate(s + i, len - i > 4 ? 4 : (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            u->invalid++;
            i++;
        } else {
            u->multibyte++;
            i += (size_t)n;
        }
    }
}

static int decode_utf8(const unsigned char *s, size_t len, struct rp__buf *out, size_t *invalid)
{
    size_t i = 0, run = 0;
    int rc = RP_OK;

    while (i < len && rc == RP_OK) {
        int32_t cp;
        utf8proc_ssize_t n;

        if (s[i] < 0x80) {
            i++;
            run++;
            continue;
        }
        n = utf8proc_iterate(s + i, len - i > 4 ? 4 : (utf8proc_ssize_t)(len - i), &cp);
        if (n > 0) {
            i += (size_t)n;
            run += (size_t)n;
            continue;
        }
        rc = rp__buf_append(out, s + i - run, run);
        if (rc == RP_OK)
            rc = put_cp(out, 0xFFFD);
        (*invalid)++;
        run = 0;
        i++;
    }
    if (rc == RP_OK)
        rc = rp__buf_append(out, s + i - run, run);
    return rc;
}

static int decode_1252(const unsigned char *s, size_t len, struct rp__buf *out)
{
    size_t run = 0;
    int rc = RP_OK;

    for (size_t i = 0; i < len && rc == RP_OK; i++) {
        if (s[i] < 0x80) {
            run++;
            continue;
        }
        rc = rp__buf_append(out, s + i - run, run);
        run = 0;
        if (rc == RP_OK)
            rc = put_cp(out, s[i] < 0xA0 ? cp1252_high[s[i] - 0x80] : s[i]);
    }
    if (rc == RP_OK)
        rc = rp__buf_append(out, s + len - run, run);
    return rc;
}

static int decode_utf16(const unsigned char *s, size_t len, int big, struct rp__buf *out,
                        size_t *invalid)
{
    int rc = RP_OK;

    for (size_t i = 0; i + 1 < len && rc == RP_OK; i += 2) {
        int32_t cp = big ? (s[i] << 8 | s[i + 1]) : (s[i + 1] << 8 | s[i]);

        if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < len) {
            const int32_t lo = big ? (s[i + 2] << 8 | s[i + 3]) : (s[i + 3] << 8 | s[i + 2]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
            (*invalid)++;
        }
        rc = put_cp(out, cp);
    }
    if (rc == RP_OK && len % 2 != 0) {
        (*invalid)++;
        rc = put_cp(out, 0xFFFD);
    }
    return rc;
}

/* Decodes with iconv; returns 1 when iconv does not know the label. An undecodable byte
 * becomes U+FFFD and decoding goes on after it. */
static int decode_iconv(const char *label, const char *s, size_t len, struct rp__buf *out,
                        size_t *invalid)
{
    iconv_t cd = iconv_open("UTF-8", label);
    char tmp[16384];
    char *in = (char *)(uintptr_t)s;
    size_t left = len;
    int rc = RP_OK;

    if (cd == (iconv_t)-1)
        return 1;
    while (rc == RP_OK) {
        char *o = tmp;
        size_t room = sizeof(tmp);
        const size_t r = iconv(cd, left > 0 ? &in : NULL, &left, &o, &room);
        const int err = r == (size_t)-1 ? errno : 0;

        rc = rp__buf_append(out, tmp, (size_t)(o - tmp));
        if (rc < 0 || (err == 0 && left == 0))
            break;
        if (err == EILSEQ || err == EINVAL) {
            (*invalid)++;
            rc = put_cp(out, 0xFFFD);
            in++;
            left--;
            if (left == 0)
                break;
        } else if (err != E2BIG && err != 0) {
            break;
        }
    }
    iconv_close(cd);
    return rc;
}

static void set_used(struct rp__charset *cs, const char *name)
{
    const size_t n = strlen(name) < sizeof(cs->used) - 1 ? strlen(name) : sizeof(cs->used) - 1;

    memcpy(cs->used, name, n);
    cs->used[n] = '\0';
}

int rp__charset_decode(const char *data, size_t len, struct rp__buf *out, struct rp__charset *cs)
{
    const unsigned char *u = (const unsigned char *)data;
    struct utf8_census census;
    const char *decl = cs->declared;
    int rc, want_utf8;

    memset(cs, 0, sizeof(*cs));
    if (len >= 2 && (u[0] == 0xFF || u[0] == 0xFE) && u[1] == (u[0] ^ 1)) {
        const int big = u[0] == 0xFE;
        set_used(cs, big ? "utf-16be" : "utf-16le");
        return decode_utf16(u + 2, len - 2, big, out, &cs->invalid);
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        set_used(cs, CS_UTF8);
        return decode_utf8(u + 3, len - 3, out, &cs->invalid);
    }
    rp__charset_sniff(data, len, cs->declared, sizeof(cs->declared));
    utf8_census(u, len, &census);
    /* Valid UTF-8 with non-ASCII text is UTF-8 whatever the label says; text that is mostly
     * valid UTF-8 (a stray byte in eight characters or fewer) is UTF-8 with damage. */
    want_utf8 = census.invalid == 0 || census.multibyte >= 8 * census.invalid;
    if (census.multibyte == 0 && census.invalid == 0) { /* ASCII: every label agrees */
        set_used(cs, decl[0] != '\0' && !is_utf8_label(decl) ? decl : CS_UTF8);
        return rp__buf_append(out, data, len);
    }
    if (want_utf8 && (census.multibyte > 0 || decl[0] == '\0' || is_utf8_label(decl))) {
        cs->overridden = decl[0] != '\0' && !is_utf8_label(decl);
        set_used(cs, CS_UTF8);
        return decode_utf8(u, len, out, &cs->invalid);
    }
    if (decl[0] == '\0' || is_utf8_label(decl) || is_1252_label(decl)) {
        cs->overridden = decl[0] != '\0' && !is_1252_label(decl);
        set_used(cs, CS_1252);
        return decode_1252(u, len, out);
    }
    {
        const size_t mark = out->len;
        rc = decode_iconv(decl, data, len, out, &cs->invalid);
        if (rc != 1) {
            set_used(cs, decl);
            return rc;
        }
        out->len = mark;
    }
    cs->overridden = 1; /* an encoding iconv does not know */
    set_used(cs, CS_1252);
    return decode_1252(u, len, out);
}
