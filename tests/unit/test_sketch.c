/* test_sketch.c: shingles, MinHash, LSH and SimHash: statistics with fixed seeds and
 * known-answer values (a changed value is a format change). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reprint.h"
#include "../../lib/base/sort.h"
#include "../../lib/sketch/sketch.h"

static uint64_t rng_state = 42;

static uint64_t rng(void)
{
    /* xorshift64*: a fixed sequence, so that the statistics are the same on every run */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static int cmp_u64(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* Two sets of n elements sharing 'common' of them. */
static void make_pair(uint64_t *a, uint64_t *b, size_t n, size_t common)
{
    for (size_t i = 0; i < n; i++) {
        a[i] = rng();
        b[i] = i < common ? a[i] : rng();
    }
    qsort(a, n, sizeof(*a), cmp_u64);
    qsort(b, n, sizeof(*b), cmp_u64);
}

Test(sketch, three_words_make_one_shingle_of_three_when_k_is_larger)
{
    rp_text *t;
    uint64_t *sh = NULL;
    size_t cap = 0, count;

    cr_assert_eq(rp_text_new(&t), RP_OK);
    cr_assert_eq(rp_text_analyze(t, "one two three", 13), RP_OK);
    cr_assert_eq(rp__shingles(t, 5, 1, 1, &sh, &cap, &count), RP_OK);
    cr_expect_eq(count, 1);
    cr_assert_eq(rp_text_analyze(t, "a b c d e f g a b c d e", 23), RP_OK);
    cr_assert_eq(rp__shingles(t, 5, 1, 1, &sh, &cap, &count), RP_OK);
    cr_expect_eq(count, 7); /* 8 windows, "a b c d e" twice */
    free(sh);
    rp_text_free(t);
}

Test(sketch, the_minhash_estimate_stays_within_three_standard_errors)
{
    enum { K = 128, N = 400, PAIRS = 300 };
    static uint64_t a[N], b[N];
    uint32_t sa[K], sb[K];
    int outside = 0;

    for (int p = 0; p < PAIRS; p++) {
        const size_t common = (size_t)(rng() % (N + 1));
        const double j = (double)common / (double)(2 * N - common);
        make_pair(a, b, N, common);
        rp__minhash_oph(a, N, K, 7, sa);
        rp__minhash_oph(b, N, K, 7, sb);
        const double est = rp__minhash_estimate(sa, sb, K);
        const double se = sqrt(j * (1 - j) / K);
        outside += fabs(est - j) > 3 * se + 1e-9;
    }
    /* 3 sigma: about 0.3% of the estimates fall outside; allow 2% */
    cr_expect_leq(outside, PAIRS / 50, "%d of %d estimates beyond 3 standard errors", outside,
                  PAIRS);
}

Test(sketch, classic_and_one_permutation_minhash_agree_on_average)
{
    enum { K = 256, N = 300 };
    static uint64_t a[N], b[N];
    uint32_t sa[K], sb[K];
    double sum_oph = 0, sum_classic = 0;

    for (int p = 0; p < 40; p++) {
        make_pair(a, b, N, 200); /* Jaccard 0.5 */
        rp__minhash_oph(a, N, K, 3, sa);
        rp__minhash_oph(b, N, K, 3, sb);
        sum_oph += rp__minhash_estimate(sa, sb, K);
        rp__minhash_classic(a, N, K, 3, sa);
        rp__minhash_classic(b, N, K, 3, sb);
        sum_classic += rp__minhash_estimate(sa, sb, K);
    }
    cr_expect_float_eq(sum_oph / 40, 0.5, 0.02);
    cr_expect_float_eq(sum_classic / 40, 0.5, 0.02);
}

Test(sketch, densification_fills_every_bin_of_a_small_set)
{
    const uint64_t set[3] = {11, 22, 33};
    uint32_t sig[64];

    rp__minhash_oph(set, 3, 64, 5, sig);
    for (int j = 0; j < 64; j++)
        cr_expect_neq(sig[j], UINT32_MAX, "bin %d empty", j);
}

Test(sketch, signatures_have_known_values)
{
    /* Known answers for seed 1: these values are part of the format of stored sketches. */
    const uint64_t set[4] = {1, 2, 3, 0xffffffffffffffffu};
    uint32_t sig[8];

    rp__minhash_oph(set, 4, 8, 1, sig);
    cr_expect_neq(rp__lsh_key(sig, 0, 4, 1), rp__lsh_key(sig, 1, 4, 1), "bands hash apart");
    static const uint32_t want[8] = {2005232499u, 1424578761u, 1424578761u, 3431599396u,
                                     3431599396u, 1424578761u, 2370955643u, 3431599396u};
    for (int j = 0; j < 8; j++)
        cr_expect_eq(sig[j], want[j], "value %d is %u, want %u", j, sig[j], want[j]);
}

Test(sketch, the_lsh_hit_rate_follows_the_banding_curve)
{
    enum { K = 128, N = 200, PAIRS = 400 };
    static uint64_t a[N], b[N];
    uint32_t sa[K], sb[K];
    unsigned bands, rows;

    rp__lsh_params(0.5, K, 0.5, 0.5, &bands, &rows);
    cr_assert_leq(bands * rows, K);
    for (size_t common = 40; common <= 200; common += 40) {
        const double s = (double)common / (double)(2 * N - common);
        const double want = rp__lsh_probability(s, bands, rows);
        int hits = 0;
        for (int p = 0; p < PAIRS; p++) {
            make_pair(a, b, N, common);
            rp__minhash_oph(a, N, K, 11, sa);
            rp__minhash_oph(b, N, K, 11, sb);
            for (unsigned band = 0; band < bands; band++)
                if (rp__lsh_key(sa, band, rows, 11) == rp__lsh_key(sb, band, rows, 11)) {
                    hits++;
                    break;
                }
        }
        const double got = (double)hits / PAIRS;
        const double se = sqrt(want * (1 - want) / PAIRS) + 0.01;
        cr_expect(fabs(got - want) <= 4 * se, "similarity %.2f: hit rate %.3f, curve %.3f", s, got,
                  want);
    }
}

Test(sketch, lsh_parameters_follow_the_threshold)
{
    unsigned b1, r1, b2, r2;

    rp__lsh_params(0.3, 128, 0.5, 0.5, &b1, &r1);
    rp__lsh_params(0.9, 128, 0.5, 0.5, &b2, &r2);
    cr_expect_lt(r1, r2, "a higher threshold wants more rows per band");
    cr_expect_gt(b1, b2);
}

Test(sketch, simhash_of_similar_texts_is_closer_than_of_different_ones)
{
    rp_text *t;
    uint64_t x, y, z;

    cr_assert_eq(rp_text_new(&t), RP_OK);
    const char *a = "The storm broke the sea wall of the town and flooded the harbour district "
                    "early on Friday, officials said, and hundreds left their homes.";
    const char *b = "The storm broke the sea wall of the town and flooded the harbour district "
                    "early on Friday, officials said, and many left their homes.";
    const char *c = "A teenager won the chess tournament on Sunday after a final game that "
                    "lasted five hours in the town library, organisers said.";
    rp_text_analyze(t, a, strlen(a));
    cr_assert_eq(rp__simhash(t, 1, &x), RP_OK);
    rp_text_analyze(t, b, strlen(b));
    cr_assert_eq(rp__simhash(t, 1, &y), RP_OK);
    rp_text_analyze(t, c, strlen(c));
    cr_assert_eq(rp__simhash(t, 1, &z), RP_OK);
    cr_expect_lt(__builtin_popcountll(x ^ y), __builtin_popcountll(x ^ z));
    rp_text_free(t);
}

static int cmp_key(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

    return a < b ? -1 : a > b;
}

Test(sketch, the_radix_sorts_order_keys_as_qsort_does)
{
    static const size_t sizes[] = {0, 1, 2, 31, 32, 63, 64, 500, 4096, 100000};
    uint64_t x = 0x9e3779b97f4a7c15u;

    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        const size_t n = sizes[s];
        uint64_t *v = malloc((n + 1) * sizeof(*v)), *w = malloc((n + 1) * sizeof(*w));
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift */
            /* hashes, pair keys (bytes 3 and 7 alike), and repeats */
            v[i] = s % 3 == 0 ? x : s % 3 == 1 ? (x & 0xFFFFFF) << 32 | (x >> 40) : x % 7;
        }
        memcpy(w, v, n * sizeof(*v));
        qsort(w, n, sizeof(*w), cmp_key);
        cr_assert_eq(rp__sort_u64_alloc(v, n), RP_OK);
        cr_expect_eq(memcmp(v, w, n * sizeof(*v)), 0, "%zu keys", n);
        /* the 32-bit sort, on the low halves (the rewrite pass's term keys) */
        uint32_t *a = malloc((n + 1) * sizeof(*a)), *t = malloc((n + 1) * sizeof(*t));
        uint64_t *c = malloc((n + 1) * sizeof(*c));
        for (size_t i = 0; i < n; i++)
            c[i] = a[i] = (uint32_t)(w[(i * 7919) % n] ^ (w[(i * 7919) % n] >> 32));
        qsort(c, n, sizeof(*c), cmp_key);
        rp__sort_u32(a, n, t);
        for (size_t i = 0; i < n; i++)
            cr_expect_eq(a[i], (uint32_t)c[i], "%zu keys: key %zu", n, i);
        free(a);
        free(t);
        free(c);
        free(v);
        free(w);
    }
}
