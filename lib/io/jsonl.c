/* jsonl.c: JSON Lines articles, one object per line, parsed with jansson. A line reader over
 * zlib's gz* functions reads plain and gzip-compressed files alike, a chunk at a time; a line
 * longer than RP_MAX_LINE_LEN is reported and passed over without being held in memory. */
#include "io.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../text/docs.h"
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

/* One line, parsed on a worker thread: the article (whose strings point into root) or what
 * is wrong with it. */
struct parsed {
    json_t *root; /* owned until committed */
    rp_article a;
    char idbuf[32];
    int rc;         /* RP_OK, or the error of a bad record */
    int blank;      /* a blank line: no record */
    char what[256]; /* the message of a bad record, without FILE:LINE */
};

static void fail(struct parsed *p, int rc, const char *field, const char *what)
{
    p->rc = rc;
    snprintf(p->what, sizeof(p->what), "%s%s%s", field ? field : "", field ? ": " : "", what);
}

/* Parses one line; touches nothing but p, so lines parse in parallel. */
static void parse_line(const char *line, size_t len, struct parsed *p)
{
    json_error_t err;
    json_t *id, *text, *pub;
    size_t i = 0;

    memset(p, 0, sizeof(*p));
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    if (i == len) {
        p->blank = 1;
        return;
    }
    p->root = json_loadb(line, len, JSON_DECODE_ANY, &err);
    if (p->root == NULL) {
        char what[256];
        snprintf(what, sizeof(what), "invalid JSON at column %d: %s", err.column, err.text);
        fail(p, RP_EFORMAT, NULL, what);
        return;
    }
    if (!json_is_object(p->root)) {
        fail(p, RP_EFORMAT, NULL, "not a JSON object");
        return;
    }
    id = json_object_get(p->root, "id");
    text = json_object_get(p->root, "text");
    if (id == NULL || text == NULL) {
        fail(p, RP_EFORMAT, id ? "text" : "id", "missing");
        return;
    }
    if (json_is_integer(id)) {
        snprintf(p->idbuf, sizeof(p->idbuf), "%lld", (long long)json_integer_value(id));
        p->a.id = p->idbuf;
    } else if (json_is_string(id) && json_string_length(id) > 0 &&
               json_string_length(id) <= RP_MAX_ID_LEN &&
               strlen(json_string_value(id)) == json_string_length(id)) {
        p->a.id = json_string_value(id);
    } else {
        fail(p, RP_EFORMAT, "id",
             "must be a non-empty string of at most 1024 bytes, or an integer");
        return;
    }
    if (!json_is_string(text)) {
        fail(p, RP_EFORMAT, "text", "must be a string");
        return;
    }
    p->a.text = json_string_value(text);
    p->a.text_len = json_string_length(text);
    if (p->a.text_len > RP_MAX_ARTICLE_LEN) {
        fail(p, RP_ELIMIT, "text", "longer than the limit of 256 MiB");
        return;
    }
    if (!optional_string(p->root, "title", &p->a.title)) {
        fail(p, RP_EFORMAT, "title", "must be a string");
        return;
    }
    if (!optional_string(p->root, "source", &p->a.source)) {
        fail(p, RP_EFORMAT, "source", "must be a string");
        return;
    }
    if (!optional_string(p->root, "url", &p->a.url)) {
        fail(p, RP_EFORMAT, "url", "must be a string");
        return;
    }
    pub = json_object_get(p->root, "published");
    p->a.published = RP_TIME_NONE;
    if (pub != NULL && !json_is_null(pub)) {
        const char *v = json_is_string(pub) ? json_string_value(pub) : NULL;
        if (v == NULL ||
            rp_time_parse(v, strlen(v), &p->a.published, &p->a.published_has_time) < 0) {
            fail(p, RP_EFORMAT, "published", "not an ISO 8601 date or date-time");
            return;
        }
    }
    if (p->a.title != NULL && p->a.title[0] == '\0')
        p->a.title = NULL;
}

/* Adds a parsed line to the corpus, or reports it; in input order. */
static int commit(rp_corpus *c, const char *name, uint64_t lineno, struct parsed *p, unsigned flags,
                  rp_report_fn *report, void *user)
{
    int rc = RP_OK;

    if (p->rc < 0) {
        rc = rp__corpus_bad(c, flags, report, user, p->rc, name, lineno, "%s", p->what);
    } else if (!p->blank) {
        p->a.origin = name;
        p->a.origin_line = lineno;
        rc = rp__corpus_put(c, &p->a);
        if (rc == RP_EFORMAT)
            rc = rp__corpus_bad(c, flags, report, user, RP_EFORMAT, name, lineno, "%s",
                                rp_corpus_errmsg(c));
    }
    json_decref(p->root);
    p->root = NULL;
    return rc;
}

/* Lines gathered for parsing in parallel: their text back to back. */
struct batch {
    struct rp__buf text;
    size_t *off, *len;
    uint64_t *lineno;
    uint8_t *too_long;
    size_t count, cap;
    struct parsed *parsed;
    size_t parsed_cap;
};

#define BATCH_BYTES ((size_t)32 << 20)
#define BATCH_LINES 16384

static int batch_add(struct batch *b, uint64_t lineno, const char *line, size_t len, int too_long)
{
    if (b->count == b->cap) {
        const size_t cap = b->cap ? 2 * b->cap : 1024;
        size_t *off = rp__realloc(b->off, cap * sizeof(*off));
        if (off == NULL)
            return RP_ENOMEM;
        b->off = off;
        size_t *l = rp__realloc(b->len, cap * sizeof(*l));
        if (l == NULL)
            return RP_ENOMEM;
        b->len = l;
        uint64_t *n = rp__realloc(b->lineno, cap * sizeof(*n));
        if (n == NULL)
            return RP_ENOMEM;
        b->lineno = n;
        uint8_t *t = rp__realloc(b->too_long, cap * sizeof(*t));
        if (t == NULL)
            return RP_ENOMEM;
        b->too_long = t;
        b->cap = cap;
    }
    b->off[b->count] = b->text.len;
    b->len[b->count] = len;
    b->lineno[b->count] = lineno;
    b->too_long[b->count] = (uint8_t)too_long;
    b->count++;
    return rp__buf_append(&b->text, line, len);
}

static int parse_one(size_t i, void *user)
{
    struct batch *b = user;

    if (!b->too_long[i])
        parse_line(b->text.data + b->off[i], b->len[i], &b->parsed[i]);
    return RP_OK;
}

/* Parses the batch on all cores, then commits its lines in order. */
static int batch_flush(struct batch *b, rp_corpus *c, const char *name, unsigned flags,
                       rp_report_fn *report, void *user)
{
    int rc = RP_OK;
    size_t i;

    if (b->count == 0)
        return RP_OK;
    if (RP__GROW(b->parsed, b->parsed_cap, b->count) < 0)
        return RP_ENOMEM;
    memset(b->parsed, 0, b->count * sizeof(*b->parsed));
    rp__parallel_for(b->count, rp__cores(), parse_one, b);
    for (i = 0; i < b->count && rc == RP_OK; i++) {
        if (b->too_long[i]) {
            rc = bad(c, flags, report, user, RP_ELIMIT, name, b->lineno[i],
                     "line longer than the limit of 512 MiB", NULL);
            continue;
        }
        rc = commit(c, name, b->lineno[i], &b->parsed[i], flags, report, user);
    }
    for (; i < b->count; i++) /* after a stop: drop what was parsed */
        json_decref(b->parsed[i].root);
    b->count = 0;
    rp__buf_reset(&b->text);
    return rc;
}

static void batch_release(struct batch *b)
{
    rp__buf_release(&b->text);
    rp__free(b->off);
    rp__free(b->len);
    rp__free(b->lineno);
    rp__free(b->too_long);
    rp__free(b->parsed);
}

int rp_corpus_read_jsonl(rp_corpus *c, const char *name, const char *data, size_t len,
                         unsigned flags, rp_report_fn *report, void *user)
{
    struct batch b;
    size_t i = 0;
    uint64_t lineno = 0;
    int rc = RP_OK;

    if (c == NULL || name == NULL || (data == NULL && len > 0))
        return RP_EINVAL;
    memset(&b, 0, sizeof(b));
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && rc == RP_OK) {
        const char *nl = memchr(data + i, '\n', len - i);
        const size_t e = nl != NULL ? (size_t)(nl - data) : len;
        const int too_long = e - i > RP_MAX_LINE_LEN;

        rc = batch_add(&b, ++lineno, too_long ? "" : data + i, too_long ? 0 : e - i, too_long);
        if (rc == RP_OK && (b.count >= BATCH_LINES || b.text.len >= BATCH_BYTES))
            rc = batch_flush(&b, c, name, flags, report, user);
        i = e + 1;
    }
    if (rc == RP_OK)
        rc = batch_flush(&b, c, name, flags, report, user);
    batch_release(&b);
    return rc;
}

struct file_ctx {
    rp_corpus *c;
    unsigned flags;
    rp_report_fn *report;
    void *user;
    struct batch b;
};

static int file_line(void *ctx, const char *name, uint64_t lineno, const char *line, size_t len,
                     int too_long)
{
    struct file_ctx *f = ctx;
    int rc = batch_add(&f->b, lineno, line, len, too_long);

    if (rc == RP_OK && (f->b.count >= BATCH_LINES || f->b.text.len >= BATCH_BYTES))
        rc = batch_flush(&f->b, f->c, name, f->flags, f->report, f->user);
    return rc;
}

int rp__jsonl_read_file(rp_corpus *c, const char *path, unsigned flags, rp_report_fn *report,
                        void *user)
{
    struct file_ctx f;
    char err[512];
    int rc;

    memset(&f, 0, sizeof(f));
    f.c = c;
    f.flags = flags;
    f.report = report;
    f.user = user;
    rc = rp__lines_read(path, file_line, &f, err, sizeof(err));
    if (rc == RP_OK)
        rc = batch_flush(&f.b, c, strcmp(path, "-") == 0 ? "<stdin>" : path, flags, report, user);
    batch_release(&f.b);
    return rc == RP_EIO ? rp__corpus_fail(c, rc, "%s", err) : rc;
}
