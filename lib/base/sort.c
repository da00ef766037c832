/* sort.c: radix sorts of 32- and 64-bit keys. qsort() costs a call of the comparison function
 * per comparison and, in glibc, a merge sort with a buffer of its own; the n-gram hashes and
 * shingles of every article, the millions of pair keys of an index's batch and the term keys
 * of the rewrite pass are sorted here in a few passes over them instead. */
#include "sort.h"

#include <string.h>

#include "alloc.h"
#include "reprint.h"
#include "banned.h"

/* Below this many keys an insertion sort costs less than the radix sort's counts. */
#define SMALL 64

/* One sort for keys of type T: an insertion sort below SMALL keys, else an LSD radix sort a
 * byte at a time through tmp, skipping the passes whose byte is the same in every key (the
 * counts, all taken in the first pass, tell). */
#define RADIX_SORT(name, T)                                                                        \
    void name(T *v, size_t n, T *tmp)                                                              \
    {                                                                                              \
        if (n < SMALL) {                                                                           \
            for (size_t i = 1; i < n; i++) {                                                       \
                const T x = v[i];                                                                  \
                size_t j = i;                                                                      \
                for (; j > 0 && v[j - 1] > x; j--)                                                 \
                    v[j] = v[j - 1];                                                               \
                v[j] = x;                                                                          \
            }                                                                                      \
            return;                                                                                \
        }                                                                                          \
        size_t count[sizeof(T)][256] = {{0}};                                                      \
        T *src = v, *dst = tmp;                                                                    \
        for (size_t i = 0; i < n; i++)                                                             \
            for (size_t b = 0; b < sizeof(T); b++)                                                 \
                count[b][(v[i] >> (8 * b)) & 0xFF]++;                                              \
        for (size_t b = 0; b < sizeof(T); b++) {                                                   \
            size_t sum = 0;                                                                        \
            if (count[b][(v[0] >> (8 * b)) & 0xFF] == n)                                           \
                continue;                                                                          \
            for (int d = 0; d < 256; d++) {                                                        \
                const size_t c = count[b][d];                                                      \
                count[b][d] = sum;                                                                 \
                sum += c;                                                                          \
            }                                                                                      \
            for (size_t i = 0; i < n; i++)                                                         \
                dst[count[b][(src[i] >> (8 * b)) & 0xFF]++] = src[i];                              \
            T *t = src;                                                                            \
            src = dst;                                                                             \
            dst = t;                                                                               \
        }                                                                                          \
        if (src != v)                                                                              \
            memcpy(v, src, n * sizeof(*v));                                                        \
    }

RADIX_SORT(rp__sort_u64, uint64_t)
RADIX_SORT(rp__sort_u32, uint32_t)

int rp__sort_u64_alloc(uint64_t *v, size_t n)
{
    if (n < SMALL) {
        rp__sort_u64(v, n, NULL);
        return RP_OK;
    }
    uint64_t *tmp = rp__malloc(rp__mul_size(n, sizeof(*tmp)));
    if (tmp == NULL)
        return RP_ENOMEM;
    rp__sort_u64(v, n, tmp);
    rp__free(tmp);
    return RP_OK;
}
