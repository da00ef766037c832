/* minhash.c: shingles and MinHash signatures (Broder 1997) over 64-bit shingle hashes:
 * one-permutation hashing with optimal densification (Li, Owen and Zhang, NIPS 2012;
 * Shrivastava, ICML 2017), and classic k-hash MinHash as a reference. */
#include "sketch.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "reprint.h"
#include "../base/sort.h"
#include "../base/banned.h"

int rp__shingles(const struct rp_text *t, unsigned k, uint64_t seed, int sorted, uint64_t **out,
                 size_t *cap, size_t *count)
{
    size_t kept = 0, n;
    uint64_t *h;

    *count = 0;
    if (k == 0 || k > 64)
        return RP_EINVAL;
    /* room for the word hashes, then the shingles, then the sort's scratch */
    if (RP__GROW(*out, *cap, 3 * t->word_count + 2) < 0)
        return RP_ENOMEM;
    h = *out + 2 * t->word_count + 1;
    for (size_t i = 0; i < t->word_count; i++)
        if (!(t->words[i].flags & RP__WORD_BOILER))
            h[kept++] = t->words[i].hash;
    if (kept == 0)
        return RP_OK;
    if (kept < k) { /* fewer than k words: one shingle of them all */
        (*out)[0] = XXH3_64bits_withSeed(h, kept * sizeof(*h), seed);
        *count = 1;
        return RP_OK;
    }
    n = kept - k + 1;
    for (size_t i = 0; i < n; i++)
        (*out)[i] = XXH3_64bits_withSeed(h + i, k * sizeof(*h), seed);
    *count = n;
    if (!sorted)
        return RP_OK;
    rp__sort_u64(*out, n, *out + n);
    size_t w = 1;
    for (size_t i = 1; i < n; i++)
        if ((*out)[i] != (*out)[w - 1])
            (*out)[w++] = (*out)[i];
    *count = w;
    return RP_OK;
}

size_t rp__intersection(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, both = 0;

    while (i < na && j < nb) {
        if (a[i] < b[j]) {
            i++;
        } else if (a[i] > b[j]) {
            j++;
        } else {
            both++;
            i++;
            j++;
        }
    }
    return both;
}

void rp__minhash_oph(const uint64_t *shingles, size_t n, unsigned k, uint64_t seed, uint32_t *sig)
{
    uint32_t bins[RP__MAX_PERMS];
    const uint64_t key = rp__mix64(seed + UINT64_C(0x9e3779b97f4a7c15)); /* no input maps to 0 */
    int any = 0;

    assert(k > 0 && k <= RP__MAX_PERMS);
    for (unsigned j = 0; j < k; j++)
        bins[j] = UINT32_MAX;
    /* Bin by the high 32 bits of a seeded bijection of the hash (multiply-high), keep the
     * minimum of the low 32 bits. */
    for (size_t i = 0; i < n; i++) {
        const uint64_t h = rp__mix64(shingles[i] ^ key);
        const unsigned bin = (unsigned)(((h >> 32) * (uint64_t)k) >> 32);
        const uint32_t v = (uint32_t)h;
        if (v < bins[bin])
            bins[bin] = v;
        any = 1;
    }
    /* Optimal densification: an empty bin j probes bins h(j, 1), h(j, 2), ... until one is
     * non-empty and takes its value. Two sets with the same empty bins probe alike, which
     * keeps the estimate unbiased. (A shingle whose value is UINT32_MAX counts as empty:
     * a 2^-32 event.) */
    for (unsigned j = 0; j < k; j++) {
        sig[j] = bins[j];
        if (bins[j] != UINT32_MAX || !any)
            continue;
        for (uint64_t attempt = 1;; attempt++) {
            const uint64_t h =
                rp__mix64(seed ^ UINT64_C(0x9e3779b97f4a7c15) ^ ((uint64_t)j << 32) ^ attempt);
            const unsigned from = (unsigned)(((h >> 32) * (uint64_t)k) >> 32);
            if (bins[from] != UINT32_MAX) {
                sig[j] = bins[from];
                break;
            }
        }
    }
}

void rp__minhash_classic(const uint64_t *shingles, size_t n, unsigned k, uint64_t seed,
                         uint32_t *sig)
{
    uint64_t a[RP__MAX_PERMS], b[RP__MAX_PERMS];

    assert(k > 0 && k <= RP__MAX_PERMS);
    for (unsigned j = 0; j < k; j++) {
        a[j] = rp__mix64(seed + 2 * (uint64_t)j + 1) | 1;
        b[j] = rp__mix64(seed + 2 * (uint64_t)j + 2);
        sig[j] = UINT32_MAX;
    }
    for (size_t i = 0; i < n; i++) {
        const uint64_t x = shingles[i];
        for (unsigned j = 0; j < k; j++) {
            const uint32_t v = (uint32_t)((a[j] * x + b[j]) >> 32);
            sig[j] = v < sig[j] ? v : sig[j];
        }
    }
}

double rp__minhash_estimate(const uint32_t *a, const uint32_t *b, unsigned k)
{
    unsigned same = 0;

    for (unsigned j = 0; j < k; j++)
        same += a[j] == b[j];
    return k == 0 ? 0.0 : (double)same / k;
}
