/* pairs.c: pairs of texts to compare, as JSON Lines {"id":...,"a":TEXT,"b":TEXT} (other
 * fields ignored), read and checked like articles: a bad record is reported as
 * FILE:LINE: what is wrong, and stops the read unless RP_READ_SKIP_BAD. */
#include "io.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "../base/banned.h"

struct rp_pairs {
    rp_pair_text *items; /* owned strings */
    size_t count, cap;
    size_t skipped;
    char errmsg[1024];
};

int rp_pairs_new(rp_pairs **out)
{
    *out = rp__calloc(1, sizeof(**out));
    return *out == NULL ? RP_ENOMEM : RP_OK;
}

void rp_pairs_free(rp_pairs *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->count; i++) {
        rp__free((void *)(uintptr_t)p->items[i].id);
        rp__free((void *)(uintptr_t)p->items[i].a);
        rp__free((void *)(uintptr_t)p->items[i].b);
    }
    rp__free(p->items);
    rp__free(p);
}

size_t rp_pairs_count(const rp_pairs *p)
{
    return p->count;
}

const rp_pair_text *rp_pairs_get(const rp_pairs *p, size_t i)
{
    return i < p->count ? &p->items[i] : NULL;
}

size_t rp_pairs_skipped(const rp_pairs *p)
{
    return p->skipped;
}

const char *rp_pairs_errmsg(const rp_pairs *p)
{
    return p->errmsg;
}

struct ctx {
    rp_pairs *p;
    unsigned flags;
    rp_report_fn *report;
    void *user;
};

static int bad(struct ctx *x, int rc, const char *name, uint64_t line, const char *what)
{
    char msg[1024];

    snprintf(msg, sizeof(msg), "%s:%llu: %s", name, (unsigned long long)line, what);
    if (!(x->flags & RP_READ_SKIP_BAD)) {
        snprintf(x->p->errmsg, sizeof(x->p->errmsg), "%s", msg);
        return rc;
    }
    x->p->skipped++;
    if (x->report != NULL)
        x->report(x->user, msg);
    return RP_OK;
}

static int one_line(void *ctxp, const char *name, uint64_t lineno, const char *line, size_t len,
                    int too_long)
{
    struct ctx *x = ctxp;
    json_error_t err;
    json_t *root, *id, *a, *b;
    char what[512], idbuf[32];
    size_t i = 0;
    int rc = RP_OK;

    if (too_long)
        return bad(x, RP_ELIMIT, name, lineno, "line longer than the limit of 512 MiB");
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    if (i == len)
        return RP_OK;
    root = json_loadb(line, len, JSON_DECODE_ANY, &err);
    if (root == NULL) {
        snprintf(what, sizeof(what), "invalid JSON at column %d: %s", err.column, err.text);
        return bad(x, RP_EFORMAT, name, lineno, what);
    }
    id = json_object_get(root, "id");
    a = json_object_get(root, "a");
    b = json_object_get(root, "b");
    if (!json_is_object(root)) {
        rc = bad(x, RP_EFORMAT, name, lineno, "not a JSON object");
    } else if (id == NULL || !(json_is_string(id) || json_is_integer(id))) {
        rc = bad(x, RP_EFORMAT, name, lineno, "id: missing, or not a string or an integer");
    } else if (!json_is_string(a) || !json_is_string(b)) {
        rc = bad(x, RP_EFORMAT, name, lineno, "a and b: each must be a string");
    } else if (json_string_length(a) > RP_MAX_ARTICLE_LEN ||
               json_string_length(b) > RP_MAX_ARTICLE_LEN) {
        rc = bad(x, RP_ELIMIT, name, lineno, "a text longer than the limit of 256 MiB");
    } else {
        rp_pair_text t;
        if (json_is_integer(id))
            snprintf(idbuf, sizeof(idbuf), "%lld", (long long)json_integer_value(id));
        t.id = rp__strdup(json_is_integer(id) ? idbuf : json_string_value(id));
        t.a_len = json_string_length(a);
        t.b_len = json_string_length(b);
        t.a = rp__strndup(json_string_value(a), t.a_len);
        t.b = rp__strndup(json_string_value(b), t.b_len);
        t.line = lineno;
        if (t.id == NULL || t.a == NULL || t.b == NULL ||
            RP__GROW(x->p->items, x->p->cap, x->p->count + 1) < 0) {
            rp__free((void *)(uintptr_t)t.id);
            rp__free((void *)(uintptr_t)t.a);
            rp__free((void *)(uintptr_t)t.b);
            rc = RP_ENOMEM;
        } else {
            x->p->items[x->p->count++] = t;
        }
    }
    json_decref(root);
    return rc;
}

int rp_pairs_read(rp_pairs *p, const char *path, unsigned flags, rp_report_fn *report, void *user)
{
    struct ctx x = {p, flags, report, user};

    return rp__lines_read(path, one_line, &x, p->errmsg, sizeof(p->errmsg));
}

int rp_pairs_read_buf(rp_pairs *p, const char *name, const char *data, size_t len, unsigned flags,
                      rp_report_fn *report, void *user)
{
    struct ctx x = {p, flags, report, user};
    uint64_t lineno = 0;
    int rc = RP_OK;

    for (size_t i = 0; i < len && rc == RP_OK;) {
        const char *nl = memchr(data + i, '\n', len - i);
        const size_t e = nl != NULL ? (size_t)(nl - data) : len;
        rc = one_line(&x, name, ++lineno, data + i, e - i, 0);
        i = e + 1;
    }
    return rc;
}
