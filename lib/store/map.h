/* map.h: a hash map from 64-bit keys to 64-bit values, for the index's bookkeeping. */
#ifndef RP_MAP_H
#define RP_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "reprint.h"

struct rp__map_slot {
    uint64_t key, val; /* side by side: a lookup touches one cache line of them */
};

struct rp__map {
    struct rp__map_slot *slots;
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

/* An article's key: what its canonical order and the choice of a duplicate class's
 * representative read. */
struct rp__key {
    int64_t published; /* RP_TIME_NONE when unknown */
    uint64_t id8;      /* the first 8 bytes of id, big-endian, zeros after its end */
    size_t text_len;
    char *id; /* owned */
};

/* The canonical order of two articles by their keys: rp__order_cmp's, without reading the
 * ids where their first 8 bytes differ. */
int rp__key_cmp(const struct rp__key *a, const struct rp__key *b);

/* Keys by aid, the aids being dense (the index gives them in sequence from 1): in chunks of
 * consecutive aids, so a key is found in one step and stays where it is while more are put. */
struct rp__keys {
    struct rp__key **chunks; /* NULL where no aid of the chunk has a key yet */
    size_t chunk_cap;
};

const struct rp__key *rp__keys_find(const struct rp__keys *k, int64_t aid);
/* Puts aid's key (id copied; NULL as "") unless one is there; *out (if not NULL) points at
 * the key held. RP_OK or RP_ENOMEM. */
int rp__keys_put(struct rp__keys *k, int64_t aid, int64_t published, size_t text_len,
                 const char *id, const struct rp__key **out);
void rp__keys_release(struct rp__keys *k);

#endif
