/* map.c: a hash map from 64-bit keys to 64-bit values (open addressing, linear probing), the
 * index's in-memory bookkeeping of one batch: articles by aid, pairs, grams; and the articles'
 * keys by aid. */
#include "map.h"

#include <string.h>

#include "../base/alloc.h"
#include "../sketch/sketch.h"
#include "../text/docs.h"
#include "../base/banned.h"

static size_t slot_of(const struct rp__map *m, uint64_t key)
{
    const size_t mask = m->cap - 1;
    size_t i = (size_t)rp__mix64(key) & mask;

    while (m->used[i] && m->slots[i].key != key)
        i = (i + 1) & mask;
    return i;
}

static int grow(struct rp__map *m)
{
    struct rp__map n = {NULL, NULL, 0, 0};

    n.cap = m->cap == 0 ? 64 : m->cap * 2;
    n.slots = rp__malloc(n.cap * sizeof(*n.slots));
    n.used = rp__calloc(n.cap, 1);
    if (n.slots == NULL || n.used == NULL) {
        rp__map_release(&n);
        return RP_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->used[i]) {
            const size_t j = slot_of(&n, m->slots[i].key);
            n.used[j] = 1;
            n.slots[j] = m->slots[i];
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
    return m->used[i] ? &m->slots[i].val : NULL;
}

int rp__map_put(struct rp__map *m, uint64_t key, uint64_t value, uint64_t **slot)
{
    size_t i;

    if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
        return RP_ENOMEM;
    i = slot_of(m, key);
    if (!m->used[i]) {
        m->used[i] = 1;
        m->slots[i].key = key;
        m->slots[i].val = value;
        m->count++;
    }
    if (slot != NULL)
        *slot = &m->slots[i].val;
    return RP_OK;
}

void rp__map_release(struct rp__map *m)
{
    rp__free(m->slots);
    rp__free(m->used);
    memset(m, 0, sizeof(*m));
}

#define KEY_CHUNK 128 /* keys a chunk: a page, as a query reads a few hundred far apart */

int rp__key_cmp(const struct rp__key *a, const struct rp__key *b)
{
    if (a->published == b->published && a->id8 != b->id8)
        return a->id8 < b->id8 ? -1 : 1;
    return rp__order_cmp(a->published, a->id, b->published, b->id);
}

const struct rp__key *rp__keys_find(const struct rp__keys *k, int64_t aid)
{
    const uint64_t c = (uint64_t)aid / KEY_CHUNK;
    const struct rp__key *key;

    if (aid < 0 || c >= k->chunk_cap || k->chunks[c] == NULL)
        return NULL;
    key = &k->chunks[c][(uint64_t)aid % KEY_CHUNK];
    return key->id != NULL ? key : NULL;
}

int rp__keys_put(struct rp__keys *k, int64_t aid, int64_t published, size_t text_len,
                 const char *id, const struct rp__key **out)
{
    const struct rp__key *held = rp__keys_find(k, aid);

    if (held == NULL) {
        if (aid < 0)
            return RP_EINVAL;
        const size_t c = (size_t)aid / KEY_CHUNK, cap = k->chunk_cap;
        if (c >= cap) {
            if (RP__GROW(k->chunks, k->chunk_cap, c + 1) < 0)
                return RP_ENOMEM;
            memset(k->chunks + cap, 0, (k->chunk_cap - cap) * sizeof(*k->chunks));
        }
        if (k->chunks[c] == NULL &&
            (k->chunks[c] = rp__calloc(KEY_CHUNK, sizeof(**k->chunks))) == NULL)
            return RP_ENOMEM;
        struct rp__key *n = &k->chunks[c][(size_t)aid % KEY_CHUNK];
        n->id = rp__strdup(id != NULL ? id : "");
        if (n->id == NULL)
            return RP_ENOMEM;
        n->published = published;
        n->text_len = text_len;
        n->id8 = 0;
        for (size_t i = 0; i < 8 && n->id[i] != '\0'; i++)
            n->id8 |= (uint64_t)(unsigned char)n->id[i] << (56 - 8 * i);
        held = n;
    }
    if (out != NULL)
        *out = held;
    return RP_OK;
}

void rp__keys_release(struct rp__keys *k)
{
    for (size_t c = 0; c < k->chunk_cap; c++) {
        for (size_t i = 0; k->chunks[c] != NULL && i < KEY_CHUNK; i++)
            rp__free(k->chunks[c][i].id);
        rp__free(k->chunks[c]);
    }
    rp__free(k->chunks);
    memset(k, 0, sizeof(*k));
}
