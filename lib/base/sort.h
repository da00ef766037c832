/* sort.h: sorting 64-bit keys (hashes, pairs of aids) without a comparison function. */
#ifndef RP_SORT_H
#define RP_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sorts v[0, n) ascending; tmp has room for n values (below 64 it is not used). */
void rp__sort_u64(uint64_t *v, size_t n, uint64_t *tmp);
/* The same with scratch of its own: RP_OK, or RP_ENOMEM (v then unchanged). */
int rp__sort_u64_alloc(uint64_t *v, size_t n);

#endif
