/* sort.h: sorting 32- and 64-bit keys (hashes, pairs of aids, term keys) without a comparison
 * function. */
#ifndef RP_SORT_H
#define RP_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sort v[0, n) ascending; tmp has room for n values (below 64 it is not used). */
void rp__sort_u64(uint64_t *v, size_t n, uint64_t *tmp);
void rp__sort_u32(uint32_t *v, size_t n, uint32_t *tmp);
/* The same with scratch of its own: RP_OK, or RP_ENOMEM (v then unchanged). */
int rp__sort_u64_alloc(uint64_t *v, size_t n);

#endif
