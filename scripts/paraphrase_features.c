/* paraphrase_features.c: writes the sentence-similarity features (lib/reuse/paraphrase.h) of
 * every pair of a --pairs file as tab-separated lines "id f0 f1 ...", with the stems weighed
 * as `reprint compare --pairs` weighs them. A tool of scripts/fit_paraphrase.py, which builds
 * it against build/release/libreprint.a; it is not part of reprint. */
#include <stdio.h>
#include <stdlib.h>

#include "reprint.h"
#include "../lib/reuse/paraphrase.h"

int main(int argc, char **argv)
{
    rp_pairs *p;
    rp_simil *s;

    if (argc != 2) {
        fputs("usage: paraphrase_features PAIRS.jsonl\n", stderr);
        return 2;
    }
    if (rp_pairs_new(&p) < 0 || rp_simil_new(&s) < 0 ||
        rp_pairs_read(p, argv[1], 0, NULL, NULL) < 0) {
        fprintf(stderr, "paraphrase_features: cannot read '%s'\n", argv[1]);
        return 3;
    }
    for (size_t i = 0; i < rp_pairs_count(p); i++) {
        const rp_pair_text *t = rp_pairs_get(p, i);
        if (rp_simil_add(s, t->a, t->a_len) < 0 || rp_simil_add(s, t->b, t->b_len) < 0)
            return 3;
    }
    for (size_t i = 0; i < rp_pairs_count(p); i++) {
        const rp_pair_text *t = rp_pairs_get(p, i);
        double f[RP__SIMIL_FEATURES];
        if (rp__simil_pair_features(s, t->a, t->a_len, t->b, t->b_len, f) < 0)
            return 3;
        fputs(t->id, stdout);
        for (size_t k = 0; k < RP__SIMIL_FEATURES; k++)
            printf("\t%.6f", f[k]);
        putchar('\n');
    }
    rp_simil_free(s);
    rp_pairs_free(p);
    return 0;
}
