/* sort.c: a radix sort of 64-bit keys. qsort() costs a call of the comparison function per
 * comparison and, in glibc, a merge sort with a buffer of its own; the n-gram hashes and
 * shingles of every article and the millions of pair keys of an index's batch are sorted here
 * in a few passes over them instead. */
#include "sort.h"

#include <string.h>

#include "alloc.h"
#include "reprint.h"
#include "banned.h"

/* Below this many keys an insertion sort costs less than the radix sort's 16 KB of counts. */
#define SMALL 64

void rp__sort_u64(uint64_t *v, size_t n, uint64_t *tmp)
{
    if (n < SMALL) {
        for (size_t i = 1; i < n; i++) {
            const uint64_t x = v[i];
            size_t j = i;
            for (; j > 0 && v[j - 1] > x; j--)
                v[j] = v[j - 1];
            v[j] = x;
        }
        return;
    }
    /* LSD radix sort, a byte at a time; passes whose byte is the same in every value are
     * skipped (the eight counts tell). */
    size_t count[8][256] = {{0}};
    uint64_t *src = v, *dst = tmp;

    for (size_t i = 0; i < n; i++)
        for (int b = 0; b < 8; b++)
            count[b][(v[i] >> (8 * b)) & 0xFF]++;
    for (int b = 0; b < 8; b++) {
        size_t sum = 0;
        if (count[b][(v[0] >> (8 * b)) & 0xFF] == n)
            continue;
        for (int d = 0; d < 256; d++) {
            const size_t c = count[b][d];
            count[b][d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[b][(src[i] >> (8 * b)) & 0xFF]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != v)
        memcpy(v, src, n * sizeof(*v));
}

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
