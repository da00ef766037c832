/* jsonl.c: JSON Lines articles, one object per line, parsed with jansson. A line reader over
 * zlib's gz* functions reads plain and gzip-compressed files alike, a chunk at a time; a line
 * longer than RP_MAX_LINE_LEN is reported and passed over without being held in memory. */
#include "io.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../base/banned.h"

static int bad(rp_corpus *c, unsigned flags, rp_report_fn *report, void *user, int rc,
               const char *name, uint64_t line, const char *what, const char *field)
{
    return rp__corpus_bad(c, flags, report, user, rc, name, line, "%s%s%s", field ? field : "",
                          field ? ": " : "", what);
}

static int optional_string(json_t *obj, const char *key, const char **out)
{
    json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 1;
    if (!json_is_string(v))
        return 0;
    *out = json_string_value(v);
    return 1;
}

/* Parses one line into an article and adds it. */
static int parse_record(rp_corpus *c, const char *name, uint64_t lineno, const char *line,
                        size_t len, unsigned flags, rp_report_fn *report, void *user)
{
    json_error_t err;
    json_t *root, *id, *text, *pub;
    rp_article a = {0};
    char idbuf[32];
    const char *published = NULL;
    int rc;
    size_t i = 0;

    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    if (i == len)
        return RP_OK; /* a blank line is no record */
    root = json_loadb(line, len, JSON_DECODE_ANY, &err);
    if (root == NULL) {
        char what[256];
        snprintf(what, sizeof(what), "invalid JSON at column %d: %s", err.column, err.text);
        return bad(c, flags, report, user, RP_EFORMAT, name, lineno, what, NULL);
    }
    rc = RP_OK;
    if (!json_is_object(root)) {
        rc = bad(c, flags, report, user, RP_EFORMAT, name, lineno, "not a JSON object", NULL);
        goto out;
    }
    id = json_object_get(root, "id");
    text = json_object_get(root, "text");
    if (id == NULL || text == NULL) {
        rc = bad(c, flags, report, user, RP_EFORMAT, name, lineno, "missing", id ? "text" : "id");
        goto out;
    }
    if (json_is_integer(id)) {
        snprintf(idbuf, sizeof(idbuf), "%lld", (long long)json_integer_value(id));
        a.id = idbuf;
    } else if (json_is_string(id) && json_string_length(id) > 0 &&
               json_string_length(id) <= RP_MAX_ID_LEN &&
               strlen(json_string_value(id)) == json_string_length(id)) {
        a.id = json_string_value(id);
    } else {
        rc = bad(c, flags, report, user, RP_EFORMAT, name, lineno,
                 "must be a non-empty string of at most 1024 bytes, or an integer", "id");
        goto out;
    }
    if (!json_is_string(text)) {
        rc = bad(c, flags, report, user, RP_EFORMAT, name, lineno, "must be a string", "text");
        goto out;
    }
    a.text = json_string_value(text);
    a.text_len = json_string_length(text);
    if (a.text_len > RP_MAX_ARTICLE_LEN) {
        rc = bad(c, flags, report, user, RP_ELIMIT, name, lineno,
                 "longer than the limit of 256 MiB", "text");
        goto out;
    }
    if (!optional_string(root, "title", &a.title)) {
        rc = bad(c, flags, report, user, RP_EFORMAT, name, lineno, "must be a string", "title");
        goto out;
    }
    if (!optional_string(root, "source", &a.source)) {
        rc = bad(c, flags, report, user, RP_EFORMAT, name, lineno, "must be a string", "source");
        goto out;
    }
    if (!optional_string(root, "url", &a.url)) {
        rc = bad(c, flags, report, user, RP_EFORMAT, name, lineno, "must be a string", "url");
        goto out;
    }
    pub = json_object_get(root, "published");
    a.published = RP_TIME_NONE;
    if (pub != NULL && !json_is_null(pub)) {
        published = json_is_string(pub) ? json_string_value(pub) : NULL;
        if (published == NULL ||
            rp_time_parse(published, strlen(published), &a.published, &a.published_has_time) < 0) {
            rc = bad(c, flags, report, user, RP_EFORMAT, name, lineno,
                     "not an ISO 8601 date or date-time", "published");
            goto out;
        }
    }
    if (a.title != NULL && a.title[0] == '\0')
        a.title = NULL;
    a.origin = name;
    a.origin_line = lineno;
    rc = rp__corpus_put(c, &a);
    if (rc == RP_EFORMAT)
        rc = rp__corpus_bad(c, flags, report, user, RP_EFORMAT, name, lineno, "%s",
                            rp_corpus_errmsg(c));
out:
    json_decref(root);
    return rc;
}

int rp_corpus_read_jsonl(rp_corpus *c, const char *name, const char *data, size_t len,
                         unsigned flags, rp_report_fn *report, void *user)
{
    size_t i = 0;
    uint64_t lineno = 0;
    int rc = RP_OK;

    if (c == NULL || name == NULL || (data == NULL && len > 0))
        return RP_EINVAL;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && rc == RP_OK) {
        const char *nl = memchr(data + i, '\n', len - i);
        const size_t e = nl != NULL ? (size_t)(nl - data) : len;

        lineno++;
        if (e - i > RP_MAX_LINE_LEN)
            rc = bad(c, flags, report, user, RP_ELIMIT, name, lineno,
                     "line longer than the limit of 512 MiB", NULL);
        else
            rc = parse_record(c, name, lineno, data + i, e - i, flags, report, user);
        i = e + 1;
    }
    return rc;
}

struct file_ctx {
    rp_corpus *c;
    unsigned flags;
    rp_report_fn *report;
    void *user;
};

static int file_line(void *ctx, const char *name, uint64_t lineno, const char *line, size_t len,
                     int too_long)
{
    struct file_ctx *f = ctx;

    if (too_long)
        return bad(f->c, f->flags, f->report, f->user, RP_ELIMIT, name, lineno,
                   "line longer than the limit of 512 MiB", NULL);
    return parse_record(f->c, name, lineno, line, len, f->flags, f->report, f->user);
}

int rp__jsonl_read_file(rp_corpus *c, const char *path, unsigned flags, rp_report_fn *report,
                        void *user)
{
    struct file_ctx f = {c, flags, report, user};
    char err[512];
    const int rc = rp__lines_read(path, file_line, &f, err, sizeof(err));

    return rc == RP_EIO ? rp__corpus_fail(c, rc, "%s", err) : rc;
}
