/* corpus.c: the corpus, an array of owned articles with a hash table of their ids. */
#include "io.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "../base/banned.h"

int rp_corpus_new(rp_corpus **out)
{
    *out = rp__calloc(1, sizeof(**out));
    return *out == NULL ? RP_ENOMEM : RP_OK;
}

/* The corpus owns the strings that the public struct shows as const. */
static void free_owned(const char *s)
{
    rp__free((void *)(uintptr_t)s);
}

static void article_release(rp_article *a)
{
    free_owned(a->id);
    free_owned(a->title);
    free_owned(a->source);
    free_owned(a->url);
    free_owned(a->text);
}

void rp_corpus_free(rp_corpus *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->count; i++)
        article_release(&c->items[i]);
    for (size_t i = 0; i < c->origin_count; i++)
        rp__free(c->origins[i]);
    rp__free(c->origins);
    rp__free(c->items);
    rp__free(c->slots);
    rp__buf_release(&c->errmsg);
    rp__buf_release(&c->warnings);
    rp__free(c->warning_offsets);
    rp__free(c);
}

size_t rp_corpus_count(const rp_corpus *c)
{
    return c->count;
}

const rp_article *rp_corpus_get(const rp_corpus *c, size_t i)
{
    return i < c->count ? &c->items[i] : NULL;
}

size_t rp_corpus_skipped(const rp_corpus *c)
{
    return c->skipped;
}

size_t rp_corpus_ignored(const rp_corpus *c)
{
    return c->ignored;
}

const char *rp_corpus_errmsg(const rp_corpus *c)
{
    return c->errmsg.data != NULL ? c->errmsg.data : "";
}

__attribute__((format(printf, 3, 0))) static int vfail(rp_corpus *c, int rc, const char *fmt,
                                                       va_list ap)
{
    char msg[1024];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    rp__buf_reset(&c->errmsg);
    if (rp__buf_append(&c->errmsg, msg, strlen(msg)) < 0)
        return RP_ENOMEM;
    return rc;
}

int rp__corpus_fail(rp_corpus *c, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    rc = vfail(c, rc, fmt, ap);
    va_end(ap);
    return rc;
}

int rp__corpus_bad(rp_corpus *c, unsigned flags, rp_report_fn *report, void *user, int rc,
                   const char *origin, uint64_t line, const char *fmt, ...)
{
    char what[768], msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof(msg), "%s:%llu: %s", origin, (unsigned long long)line, what);
    if (!(flags & RP_READ_SKIP_BAD))
        return rp__corpus_fail(c, rc, "%s", msg);
    c->skipped++;
    if (report != NULL)
        report(user, msg);
    return RP_OK;
}

int rp__corpus_warn(rp_corpus *c, const char *origin, uint64_t line, const char *fmt, ...)
{
    char what[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    if (RP__GROW(c->warning_offsets, c->warning_cap, c->warning_count + 1) < 0)
        return RP_ENOMEM;
    c->warning_offsets[c->warning_count] = c->warnings.len;
    if (rp__buf_printf(&c->warnings, "%s:%llu: %s", origin, (unsigned long long)line, what) < 0 ||
        rp__buf_putc(&c->warnings, '\0') < 0)
        return RP_ENOMEM;
    c->warning_count++;
    return RP_OK;
}

size_t rp_corpus_warning_count(const rp_corpus *c)
{
    return c->warning_count;
}

const char *rp_corpus_warning(const rp_corpus *c, size_t i)
{
    return i < c->warning_count ? c->warnings.data + c->warning_offsets[i] : NULL;
}

static uint64_t id_hash(const char *id)
{
    return XXH3_64bits(id, strlen(id));
}

/* Slot of 'id': where it is, or the free slot where it would go. */
static size_t find_slot(const rp_corpus *c, const char *id)
{
    const size_t mask = c->slot_count - 1;
    size_t i = (size_t)id_hash(id) & mask;

    while (c->slots[i] != 0 && strcmp(c->items[c->slots[i] - 1].id, id) != 0)
        i = (i + 1) & mask;
    return i;
}

static int grow_slots(rp_corpus *c)
{
    const size_t n = c->slot_count == 0 ? 64 : c->slot_count * 2;
    uint32_t *old = c->slots;
    const size_t old_count = c->slot_count;

    if (n > UINT32_MAX)
        return RP_ELIMIT;
    c->slots = rp__calloc(n, sizeof(*c->slots));
    if (c->slots == NULL) {
        c->slots = old;
        return RP_ENOMEM;
    }
    c->slot_count = n;
    for (size_t i = 0; i < old_count; i++)
        if (old[i] != 0)
            c->slots[find_slot(c, c->items[old[i] - 1].id)] = old[i];
    rp__free(old);
    return RP_OK;
}

static const char *intern_origin(rp_corpus *c, const char *origin)
{
    if (origin == NULL)
        return NULL;
    if (c->origin_count > 0 && strcmp(c->origins[c->origin_count - 1], origin) == 0)
        return c->origins[c->origin_count - 1];
    if (RP__GROW(c->origins, c->origin_cap, c->origin_count + 1) < 0)
        return NULL;
    c->origins[c->origin_count] = rp__strdup(origin);
    return c->origins[c->origin_count] == NULL ? NULL : c->origins[c->origin_count++];
}

static char *dup_opt(const char *s, int *failed)
{
    char *p;

    if (s == NULL)
        return NULL;
    p = rp__strdup(s);
    *failed |= p == NULL;
    return p;
}

int rp__corpus_put(rp_corpus *c, const rp_article *a)
{
    rp_article copy;
    size_t slot;
    int failed = 0;

    if ((c->count + 1) * 2 > c->slot_count && grow_slots(c) < 0)
        return RP_ENOMEM;
    slot = find_slot(c, a->id);
    if (c->slots[slot] != 0) {
        const rp_article *first = &c->items[c->slots[slot] - 1];
        return rp__corpus_fail(c, RP_EFORMAT, "duplicate id '%s' (first seen at %s:%llu)", a->id,
                               first->origin ? first->origin : "?",
                               (unsigned long long)first->origin_line);
    }
    if (RP__GROW(c->items, c->cap, c->count + 1) < 0)
        return RP_ENOMEM;
    copy = *a;
    copy.id = dup_opt(a->id, &failed);
    copy.title = dup_opt(a->title, &failed);
    copy.source = dup_opt(a->source, &failed);
    copy.url = dup_opt(a->url, &failed);
    copy.text = rp__strndup(a->text, a->text_len);
    failed |= copy.text == NULL;
    copy.origin = intern_origin(c, a->origin);
    failed |= a->origin != NULL && copy.origin == NULL;
    if (failed) {
        article_release(&copy);
        return RP_ENOMEM;
    }
    c->items[c->count] = copy;
    c->slots[slot] = (uint32_t)++c->count;
    return RP_OK;
}

int rp_corpus_add(rp_corpus *c, const rp_article *a)
{
    if (c == NULL || a == NULL)
        return RP_EINVAL;
    if (a->id == NULL || a->id[0] == '\0' || a->text == NULL)
        return rp__corpus_fail(c, RP_EFORMAT, "an article needs an id and a text");
    if (strlen(a->id) > RP_MAX_ID_LEN)
        return rp__corpus_fail(c, RP_ELIMIT, "id longer than %d bytes", RP_MAX_ID_LEN);
    if (a->text_len > RP_MAX_ARTICLE_LEN)
        return rp__corpus_fail(c, RP_ELIMIT, "article '%s' of %zu bytes exceeds the limit of %zu",
                               a->id, a->text_len, RP_MAX_ARTICLE_LEN);
    return rp__corpus_put(c, a);
}
