/* alloc.c: the library's allocator (replaceable), growable arrays and byte buffers. */
#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reprint.h"
#include "banned.h"

static rp_allocator allocator = {NULL, NULL, NULL, NULL};

void rp_set_allocator(const rp_allocator *a)
{
    if (a == NULL || a->malloc_fn == NULL || a->realloc_fn == NULL || a->free_fn == NULL) {
        allocator = (rp_allocator){NULL, NULL, NULL, NULL};
        return;
    }
    allocator = *a;
}

void *rp__malloc(size_t size)
{
    if (size == 0)
        size = 1;
    if (allocator.malloc_fn != NULL)
        return allocator.malloc_fn(allocator.user, size);
    return malloc(size);
}

void *rp__calloc(size_t count, size_t size)
{
    const size_t total = rp__mul_size(count, size);
    void *p;

    if (total == SIZE_MAX)
        return NULL;
    p = rp__malloc(total);
    if (p != NULL)
        memset(p, 0, total);
    return p;
}

void *rp__realloc(void *p, size_t size)
{
    if (size == 0)
        size = 1;
    if (allocator.realloc_fn != NULL)
        return allocator.realloc_fn(allocator.user, p, size);
    return realloc(p, size);
}

void rp__free(void *p)
{
    if (p == NULL)
        return;
    if (allocator.free_fn != NULL)
        allocator.free_fn(allocator.user, p);
    else
        free(p);
}

void rp_free(void *p)
{
    rp__free(p);
}

char *rp__strndup(const char *s, size_t len)
{
    char *p = len == SIZE_MAX ? NULL : rp__malloc(len + 1);

    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *rp__strdup(const char *s)
{
    return rp__strndup(s, strlen(s));
}

int rp__grow(void **items, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap;
    void *p;

    if (need <= n)
        return RP_OK;
    n = n < 8 ? 8 : n + n / 2;
    if (n < need)
        n = need;
    p = rp__realloc(*items, rp__mul_size(n, size));
    if (p == NULL)
        return RP_ENOMEM;
    *items = p;
    *cap = n;
    return RP_OK;
}

int rp__buf_append(struct rp__buf *b, const void *p, size_t len)
{
    if (len >= SIZE_MAX - b->len)
        return RP_ENOMEM;
    if (RP__GROW(b->data, b->cap, b->len + len + 1) < 0)
        return RP_ENOMEM;
    if (len > 0)
        memcpy(b->data + b->len, p, len);
    b->len += len;
    b->data[b->len] = '\0';
    return RP_OK;
}

int rp__buf_putc(struct rp__buf *b, int c)
{
    const char ch = (char)c;

    return rp__buf_append(b, &ch, 1);
}

int rp__buf_printf(struct rp__buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return RP_EINVAL;
    if (RP__GROW(b->data, b->cap, b->len + (size_t)n + 1) < 0)
        return RP_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return RP_OK;
}

void rp__buf_reset(struct rp__buf *b)
{
    b->len = 0;
    if (b->data != NULL)
        b->data[0] = '\0';
}

void rp__buf_release(struct rp__buf *b)
{
    rp__free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *rp__buf_detach(struct rp__buf *b, size_t *len)
{
    char *p = b->data;

    if (p == NULL)
        p = rp__strndup("", 0);
    if (len != NULL)
        *len = p == NULL ? 0 : b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
