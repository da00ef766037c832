/* map.h: a hash map from 64-bit keys to 64-bit values, for the index's bookkeeping. */
#ifndef RP_MAP_H
#define RP_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "reprint.h"

struct rp__map {
    uint64_t *keys;
    uint64_t *vals;
    uint8_t *used; /* 1 where a slot holds a key */
    size_t cap;    /* slots, a power of two (0 before the first put) */
    size_t count;  /* keys held, at most half of cap */
};

/* The value of key, or NULL when it is not there. Valid until the next put. */
uint64_t *rp__map_find(const struct rp__map *m, uint64_t key);
/* Puts key with value unless it is there already; *slot (if not NULL) points at its value,
 * valid until the next put. RP_OK or RP_ENOMEM. */
int rp__map_put(struct rp__map *m, uint64_t key, uint64_t value, uint64_t **slot);
void rp__map_release(struct rp__map *m);

#endif
