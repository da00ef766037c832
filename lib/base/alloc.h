/* alloc.h: the library's allocator, growable buffers and size arithmetic.
 * Every allocation of libreprint goes through rp__malloc() and friends, so an embedder can
 * replace them as a set with rp_set_allocator() (declared in reprint.h). */
#ifndef RP_ALLOC_H
#define RP_ALLOC_H

#include <stddef.h>
#include <stdint.h>

void *rp__malloc(size_t size);
void *rp__calloc(size_t count, size_t size);
void *rp__realloc(void *p, size_t size);
void rp__free(void *p);
char *rp__strndup(const char *s, size_t len); /* NUL-terminated copy, or NULL */
char *rp__strdup(const char *s);

/* a * b, or SIZE_MAX when it overflows (so that the allocation fails). */
static inline size_t rp__mul_size(size_t a, size_t b)
{
    return (b != 0 && a > SIZE_MAX / b) ? SIZE_MAX : a * b;
}

/* Makes room for at least 'need' items of 'size' bytes in *items whose capacity is *cap,
 * growing by half again. Returns 0 or RP_ENOMEM (and then leaves *items as it was). */
int rp__grow(void **items, size_t *cap, size_t need, size_t size);

#define RP__GROW(arr, cap, need) rp__grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/* A growable byte buffer; zero-initialise it, release it with rp__buf_release(). The data is
 * always NUL-terminated once anything was appended. */
struct rp__buf {
    char *data;
    size_t len; /* bytes in use, excluding the NUL */
    size_t cap; /* bytes allocated */
};

int rp__buf_append(struct rp__buf *b, const void *p, size_t len);
int rp__buf_putc(struct rp__buf *b, int c);
int rp__buf_printf(struct rp__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rp__buf_reset(struct rp__buf *b);
void rp__buf_release(struct rp__buf *b);
/* Hands the data over to the caller (free with rp__free) and empties b. */
char *rp__buf_detach(struct rp__buf *b, size_t *len);

#endif
