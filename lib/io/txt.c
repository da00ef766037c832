/* txt.c: one article per text file. The id is the file name without its extension, the text
 * is the whole file (offsets are into it), and the title is the first line that reads as a
 * headline, passing over byline, agency, date and address lines ("AP and Reuters",
 * "By Jane Doe", "September 22, 2023"); when the first other line is not headline-like (too
 * long, or it ends like a sentence) the article has no title. */
#include "io.h"

#include <string.h>

#include "../text/credit.h"
#include "../text/normalize.h"
#include "../base/banned.h"

#define MAX_TITLE_BYTES 250
#define MAX_TITLE_WORDS 30
#define TITLE_LOOKAHEAD 6 /* non-blank lines looked at for a title */
#define BINARY_SAMPLE 65536

/* An address or a URL slug: no spaces at all and a '/', '-' or '.' inside. */
static int is_address(const char *s, size_t len)
{
    int sep = 0;

    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' || s[i] == '\t')
            return 0;
        sep |= s[i] == '/' || s[i] == '-' || s[i] == '.';
    }
    return sep && len > 20;
}

static int is_headline(const char *s, size_t len)
{
    const size_t n = rp__line_words(s, len);
    const char last = s[len - 1];

    if (len > MAX_TITLE_BYTES)
        return 0;
    if (n < 2 || n > MAX_TITLE_WORDS)
        return 0;
    if (last == ',' || last == ';' || last == ':')
        return 0;
    if (last == '.' && !(len >= 3 && s[len - 2] == '.' && s[len - 3] == '.'))
        return 0;
    return 1;
}

static void trim_line(const char *s, size_t *a, size_t *b)
{
    static const char bom[] = "\xEF\xBB\xBF";

    if (*b - *a >= 3 && memcmp(s + *a, bom, 3) == 0)
        *a += 3;
    while (*a < *b && (s[*a] == ' ' || s[*a] == '\t' || s[*a] == '\r' || s[*a] == '\f'))
        (*a)++;
    while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t' || s[*b - 1] == '\r'))
        (*b)--;
}

void rp__txt_inspect(const char *data, size_t len, struct rp__txt_info *info)
{
    const unsigned char *u = (const unsigned char *)data;
    const size_t sample = len < BINARY_SAMPLE ? len : BINARY_SAMPLE;
    const char *nul = memchr(data, '\0', len);
    size_t odd = 0, looked = 0, i = 0;

    memset(info, 0, sizeof(*info));
    if (nul != NULL) {
        info->binary = 1;
        info->binary_at = (size_t)(nul - data);
        return;
    }
    /* Control characters and invalid UTF-8 in the first 64 KiB: a few are tolerated (they
     * are counted as invalid later), a third of the sample is not text. */
    while (i < sample) {
        int32_t cp;
        const size_t n = rp__utf8_decode(u + i, len - i, &cp);
        if (cp < 0 ||
            (cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t' && cp != '\f' && cp != 0x1B) ||
            cp == 0x7F)
            odd++;
        i += n;
        looked++;
    }
    if (looked >= 16 && odd * 3 > looked) {
        info->binary = 1;
        info->binary_at = 0;
        return;
    }
    i = 0;
    for (int lines = 0; i < len && lines < TITLE_LOOKAHEAD;) {
        const char *nl = memchr(data + i, '\n', len - i);
        const size_t e = nl != NULL ? (size_t)(nl - data) : len;
        size_t a = i, b = e;

        trim_line(data, &a, &b);
        i = e + 1;
        if (a == b)
            continue;
        lines++;
        if (rp__is_byline(data + a, b - a) || rp__is_dateline(data + a, b - a) ||
            is_address(data + a, b - a))
            continue;
        if (is_headline(data + a, b - a)) {
            info->title_start = a;
            info->title_end = b;
        }
        break;
    }
}

size_t rp__file_id(const char *path, const char **id)
{
    const char *base = strrchr(path, '/');
    const char *dot;
    size_t len;

    base = base != NULL ? base + 1 : path;
    len = strlen(base);
    if (len > 3 && strcmp(base + len - 3, ".gz") == 0)
        len -= 3;
    dot = NULL;
    for (size_t i = len; i > 0; i--)
        if (base[i - 1] == '.') {
            dot = base + i - 1;
            break;
        }
    if (dot != NULL && dot != base)
        len = (size_t)(dot - base);
    *id = base;
    return len;
}

int rp__txt_read(rp_corpus *c, const char *path, const char *data, size_t len, unsigned flags,
                 rp_report_fn *report, void *user)
{
    struct rp__txt_info info;
    rp_article a = {0};
    const char *idp;
    const size_t id_len = rp__file_id(path, &idp);
    char *id = NULL, *title = NULL;
    int rc;

    rp__txt_inspect(data, len, &info);
    if (info.binary)
        return rp__corpus_bad(c, flags, report, user, RP_EFORMAT, path, 1,
                              "not a text file (byte %zu)", info.binary_at);
    if (id_len == 0 || id_len > RP_MAX_ID_LEN)
        return rp__corpus_bad(c, flags, report, user, RP_EFORMAT, path, 1,
                              "file name gives no usable id");
    id = rp__strndup(idp, id_len);
    if (info.title_end > info.title_start)
        title = rp__strndup(data + info.title_start, info.title_end - info.title_start);
    if (id == NULL || (info.title_end > info.title_start && title == NULL)) {
        rc = RP_ENOMEM;
        goto out;
    }
    a.id = id;
    a.title = title;
    a.published = RP_TIME_NONE;
    a.text = data;
    a.text_len = len;
    a.title_start = info.title_start;
    a.title_end = info.title_end;
    a.origin = path;
    a.origin_line = 1;
    rc = rp__corpus_put(c, &a);
    if (rc == RP_EFORMAT) /* a duplicate id: report it like any bad record */
        rc = rp__corpus_bad(c, flags, report, user, RP_EFORMAT, path, 1, "%s", rp_corpus_errmsg(c));
out:
    rp__free(id);
    rp__free(title);
    return rc;
}
