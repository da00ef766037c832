/* paraphrase.c: similarity of two short texts that may say the same thing in other words
 * (sentence pairs, paraphrase detection). Words are normalised and stemmed (Snowball,
 * libstemmer); each weighs its inverse document frequency in a reference collection (the
 * texts being compared, when nothing better is known). The score is the weight of the stems
 * the two share over the weight of the heavier text's stems, lowered when the numbers of
 * one text are missing from the other, as lexical paraphrase measures in the literature do
 * (e.g. Mihalcea, Corley and Strapparava 2006). Word bigrams, tried too, lowered the AUC. */
#include "reuse.h"

#include <libstemmer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../sketch/sketch.h"
#include "../base/banned.h"

struct rp_simil {
    struct sb_stemmer *stemmer;
    struct rp_text text; /* scratch */
    uint64_t *df_keys;   /* open addressing: stem hash + 1, 0 = free */
    uint32_t *df;        /* documents that have the stem */
    size_t slots, used;
    size_t docs;
    uint64_t *bag, *bag2; /* scratch: stems of the two texts */
    size_t bag_cap, bag2_cap;
};

int rp_simil_new(rp_simil **out)
{
    rp_simil *s = rp__calloc(1, sizeof(*s));

    *out = NULL;
    if (s == NULL)
        return RP_ENOMEM;
    s->stemmer = sb_stemmer_new("english", NULL);
    if (s->stemmer == NULL) {
        rp__free(s);
        return RP_ENOMEM;
    }
    *out = s;
    return RP_OK;
}

void rp_simil_free(rp_simil *s)
{
    if (s == NULL)
        return;
    sb_stemmer_delete(s->stemmer);
    rp__text_release(&s->text);
    rp__free(s->df_keys);
    rp__free(s->df);
    rp__free(s->bag);
    rp__free(s->bag2);
    rp__free(s);
}

static int cmp_u64(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

    return a < b ? -1 : a > b;
}

/* The stem hashes of a text, in order (digits flagged in the low bit: numbers). */
static int stems(rp_simil *s, const char *text, size_t len, uint64_t **bag, size_t *cap,
                 size_t *count)
{
    int rc = rp__text_analyze(&s->text, text, len);

    *count = 0;
    if (rc < 0)
        return rc;
    if (RP__GROW(*bag, *cap, s->text.word_count + 1) < 0)
        return RP_ENOMEM;
    for (size_t w = 0; w < s->text.word_count; w++) {
        const struct rp__word *x = &s->text.words[w];
        const sb_symbol *st = sb_stemmer_stem(
            s->stemmer, (const sb_symbol *)rp__word_norm(&s->text, w), (int)x->norm_len);
        const size_t n = st != NULL ? (size_t)sb_stemmer_length(s->stemmer) : x->norm_len;
        const void *p = st != NULL ? (const void *)st : (const void *)rp__word_norm(&s->text, w);
        const uint64_t h = XXH3_64bits(p, n) & ~UINT64_C(1);
        (*bag)[(*count)++] = h | ((x->flags & RP__WORD_DIGIT) ? 1 : 0);
    }
    return RP_OK;
}

static size_t slot_of(const rp_simil *s, uint64_t key)
{
    size_t i = (size_t)(key * UINT64_C(0x9e3779b97f4a7c15) >> 20) & (s->slots - 1);

    while (s->df_keys[i] != 0 && s->df_keys[i] != key + 1)
        i = (i + 1) & (s->slots - 1);
    return i;
}

static int grow_df(rp_simil *s)
{
    const size_t old = s->slots;
    uint64_t *keys = s->df_keys;
    uint32_t *df = s->df;

    s->slots = old == 0 ? 4096 : old * 2;
    s->df_keys = rp__calloc(s->slots, sizeof(*s->df_keys));
    s->df = rp__calloc(s->slots, sizeof(*s->df));
    if (s->df_keys == NULL || s->df == NULL) {
        rp__free(s->df_keys);
        rp__free(s->df);
        s->df_keys = keys;
        s->df = df;
        s->slots = old;
        return RP_ENOMEM;
    }
    for (size_t i = 0; i < old; i++)
        if (keys[i] != 0) {
            const size_t j = slot_of(s, keys[i] - 1);
            s->df_keys[j] = keys[i];
            s->df[j] = df[i];
        }
    rp__free(keys);
    rp__free(df);
    return RP_OK;
}

int rp_simil_add(rp_simil *s, const char *text, size_t len)
{
    size_t n;
    int rc = stems(s, text, len, &s->bag, &s->bag_cap, &n);

    if (rc < 0)
        return rc;
    qsort(s->bag, n, sizeof(*s->bag), cmp_u64);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && s->bag[i] == s->bag[i - 1])
            continue;
        if ((s->used + 1) * 2 > s->slots && grow_df(s) < 0)
            return RP_ENOMEM;
        const size_t j = slot_of(s, s->bag[i]);
        if (s->df_keys[j] == 0) {
            s->df_keys[j] = s->bag[i] + 1;
            s->used++;
        }
        s->df[j]++;
    }
    s->docs++;
    return RP_OK;
}

static double idf(const rp_simil *s, uint64_t key)
{
    const uint32_t df = s->slots == 0 ? 0 : s->df[slot_of(s, key)];

    return log((1.0 + (double)s->docs) / (1.0 + (double)df)) + 1.0;
}

/* Distinct values of a sorted array, in place; returns the count. */
static size_t unique(uint64_t *v, size_t n)
{
    size_t w = 0;

    for (size_t i = 0; i < n; i++)
        if (w == 0 || v[i] != v[w - 1])
            v[w++] = v[i];
    return w;
}

int rp_simil_score(rp_simil *s, const char *a, size_t a_len, const char *b, size_t b_len,
                   double *score)
{
    size_t na, nb;
    int rc;

    *score = 0;
    rc = stems(s, a, a_len, &s->bag, &s->bag_cap, &na);
    if (rc == RP_OK)
        rc = stems(s, b, b_len, &s->bag2, &s->bag2_cap, &nb);
    if (rc < 0 || na == 0 || nb == 0)
        return rc;
    /* weighted overlap of the stem sets, over the heavier one; numbers missing on one side */
    qsort(s->bag, na, sizeof(*s->bag), cmp_u64);
    qsort(s->bag2, nb, sizeof(*s->bag2), cmp_u64);
    na = unique(s->bag, na);
    nb = unique(s->bag2, nb);
    double wa = 0, wb = 0, wboth = 0;
    size_t numbers = 0, numbers_missing = 0;
    for (size_t i = 0, j = 0; i < na || j < nb;) {
        if (j >= nb || (i < na && s->bag[i] < s->bag2[j])) {
            wa += idf(s, s->bag[i]);
            numbers += s->bag[i] & 1;
            numbers_missing += s->bag[i] & 1;
            i++;
        } else if (i >= na || s->bag2[j] < s->bag[i]) {
            wb += idf(s, s->bag2[j]);
            numbers += s->bag2[j] & 1;
            numbers_missing += s->bag2[j] & 1;
            j++;
        } else {
            const double w = idf(s, s->bag[i]);
            wa += w;
            wb += w;
            wboth += w;
            numbers += s->bag[i] & 1;
            i++;
            j++;
        }
    }
    /* over the heavier side: a short text inside a long one is no paraphrase */
    double v = wa + wb == 0 ? 0.0 : wboth / (wa > wb ? wa : wb);
    if (numbers > 0)
        v *= 1.0 - 0.3 * (double)numbers_missing / (double)numbers;
    *score = v;
    return RP_OK;
}
