/* simhash.c: 64-bit SimHash (Charikar, STOC 2002) of a text's words, as used for
 * near-duplicate web pages by Manku, Jain and Das Sarma (WWW 2007): each distinct word
 * votes on every bit with its weight, 1 + log of its frequency; the sign of each bit's
 * total is the fingerprint. */
#include "sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reprint.h"
#include "../base/banned.h"

static int cmp_u64(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

    return a < b ? -1 : a > b;
}

int rp__simhash(const struct rp_text *t, uint64_t seed, uint64_t *out)
{
    double votes[64] = {0};
    uint64_t *hashes, result = 0;
    size_t n = 0;

    *out = 0;
    hashes = rp__malloc(rp__mul_size(t->word_count + 1, sizeof(*hashes)));
    if (hashes == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < t->word_count; i++)
        if (!(t->words[i].flags & RP__WORD_BOILER))
            hashes[n++] = t->words[i].hash;
    qsort(hashes, n, sizeof(*hashes), cmp_u64);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && hashes[j] == hashes[i])
            j++;
        const double w = 1.0 + log((double)(j - i));
        const uint64_t h = rp__mix64(hashes[i] ^ seed);
        for (int b = 0; b < 64; b++)
            votes[b] += (h >> b & 1) ? w : -w;
        i = j;
    }
    for (int b = 0; b < 64; b++)
        if (votes[b] > 0)
            result |= UINT64_C(1) << b;
    rp__free(hashes);
    *out = result;
    return RP_OK;
}
