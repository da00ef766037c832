/* lsh.c: banding of MinHash signatures (Indyk and Motwani 1998; Leskovec, Rajaraman and
 * Ullman, "Mining of Massive Datasets", ch. 3) with bands and rows chosen from the
 * threshold by minimising the weighted false-positive and false-negative areas under the
 * banding curve, the way datasketch chooses them. */
#include "sketch.h"

#include <math.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../base/banned.h"

double rp__lsh_probability(double s, unsigned bands, unsigned rows)
{
    return 1.0 - pow(1.0 - pow(s, (double)rows), (double)bands);
}

/* Area under f over [a, b] by the midpoint rule; the curve is smooth, 200 steps do. */
static double area(double a, double b, unsigned bands, unsigned rows, int above)
{
    const int steps = 200;
    const double h = (b - a) / steps;
    double sum = 0;

    for (int i = 0; i < steps; i++) {
        const double p = rp__lsh_probability(a + (i + 0.5) * h, bands, rows);
        sum += above ? 1.0 - p : p;
    }
    return sum * h;
}

void rp__lsh_params(double threshold, unsigned k, double w_fp, double w_fn, unsigned *bands,
                    unsigned *rows)
{
    double best = INFINITY;

    *bands = 1;
    *rows = k;
    for (unsigned b = 1; b <= k; b++) {
        for (unsigned r = 1; b * r <= k; r++) {
            const double fp = area(0.0, threshold, b, r, 0);
            const double fn = area(threshold, 1.0, b, r, 1);
            const double cost = w_fp * fp + w_fn * fn;
            if (cost < best - 1e-12) {
                best = cost;
                *bands = b;
                *rows = r;
            }
        }
    }
}

uint64_t rp__lsh_key(const uint32_t *sig, unsigned band, unsigned rows, uint64_t seed)
{
    return XXH3_64bits_withSeed(sig + (size_t)band * rows, rows * sizeof(*sig), seed + band);
}
