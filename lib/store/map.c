/* map.c: a hash map from 64-bit keys to 64-bit values (open addressing, linear probing), the
 * index's in-memory bookkeeping of one batch: articles by aid, pairs, grams. */
#include "map.h"

#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../base/alloc.h"
#include "../base/banned.h"

static size_t slot_of(const struct rp__map *m, uint64_t key)
{
    const size_t mask = m->cap - 1;
    size_t i = (size_t)XXH3_64bits(&key, sizeof(key)) & mask;

    while (m->used[i] && m->keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

static int grow(struct rp__map *m)
{
    struct rp__map n = {NULL, NULL, NULL, 0, 0};

    n.cap = m->cap == 0 ? 64 : m->cap * 2;
    n.keys = rp__calloc(n.cap, sizeof(*n.keys));
    n.vals = rp__calloc(n.cap, sizeof(*n.vals));
    n.used = rp__calloc(n.cap, 1);
    if (n.keys == NULL || n.vals == NULL || n.used == NULL) {
        rp__map_release(&n);
        return RP_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->used[i]) {
            const size_t j = slot_of(&n, m->keys[i]);
            n.used[j] = 1;
            n.keys[j] = m->keys[i];
            n.vals[j] = m->vals[i];
        }
    n.count = m->count;
    rp__map_release(m);
    *m = n;
    return RP_OK;
}

uint64_t *rp__map_find(const struct rp__map *m, uint64_t key)
{
    size_t i;

    if (m->cap == 0)
        return NULL;
    i = slot_of(m, key);
    return m->used[i] ? &m->vals[i] : NULL;
}

int rp__map_put(struct rp__map *m, uint64_t key, uint64_t value, uint64_t **slot)
{
    size_t i;

    if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
        return RP_ENOMEM;
    i = slot_of(m, key);
    if (!m->used[i]) {
        m->used[i] = 1;
        m->keys[i] = key;
        m->vals[i] = value;
        m->count++;
    }
    if (slot != NULL)
        *slot = &m->vals[i];
    return RP_OK;
}

void rp__map_release(struct rp__map *m)
{
    rp__free(m->keys);
    rp__free(m->vals);
    rp__free(m->used);
    memset(m, 0, sizeof(*m));
}
