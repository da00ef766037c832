/* test_paraphrase.c: sentence similarity (rp_simil_score, lib/reuse/paraphrase.c) on
 * hand-made sentences: the same sentence scores near 1, a paraphrase above the threshold, an
 * unrelated sentence below it, and changed facts lower it; the score is symmetric and
 * stays in [0, 1] on degenerate input. */
#include <criterion/criterion.h>
#include <string.h>

#include "reprint.h"
#include "../../lib/reuse/paraphrase.h"

static const char *const collection[] = {
    "The mayor asked residents of the lower town to leave their homes on Friday.",
    "Residents of the lower town were asked by the mayor to leave on Friday.",
    "A teenager won the open chess tournament on Sunday after a five-hour final.",
    "The council approved a budget of 18 million euros for the new sea wall.",
    "The council approved a budget of 4 million euros for a new library.",
    "Engineers said the repairs to the harbour would take at least three weeks.",
    "Forecasters expect the wind to ease by Saturday afternoon.",
    "The wind is expected to calm down by Saturday afternoon, forecasters said.",
};

static rp_simil *make(void)
{
    rp_simil *s;

    cr_assert_eq(rp_simil_new(&s), RP_OK);
    for (size_t i = 0; i < sizeof(collection) / sizeof(collection[0]); i++)
        cr_assert_eq(rp_simil_add(s, collection[i], strlen(collection[i])), RP_OK);
    return s;
}

static double score(rp_simil *s, const char *a, const char *b)
{
    double v = -1;

    cr_assert_eq(rp_simil_score(s, a, strlen(a), b, strlen(b), &v), RP_OK);
    cr_assert(v >= 0 && v <= 1, "score %f out of [0, 1]", v);
    return v;
}

Test(paraphrase, the_same_sentence_scores_near_one)
{
    rp_simil *s = make();

    cr_expect_gt(score(s, collection[0], collection[0]), 0.95);
    rp_simil_free(s);
}

Test(paraphrase, paraphrases_score_above_the_threshold_and_unrelated_sentences_below)
{
    rp_simil *s = make();

    cr_expect_geq(score(s, collection[0], collection[1]), RP_PARAPHRASE_THRESHOLD);
    cr_expect_geq(score(s, collection[6], collection[7]), RP_PARAPHRASE_THRESHOLD);
    cr_expect_lt(score(s, collection[0], collection[2]), RP_PARAPHRASE_THRESHOLD);
    cr_expect_lt(score(s, collection[5], collection[6]), RP_PARAPHRASE_THRESHOLD);
    rp_simil_free(s);
}

Test(paraphrase, another_number_or_another_object_lowers_the_score)
{
    rp_simil *s = make();
    const char *other_number =
        "The council approved a budget of 4 million euros for the new sea wall.";
    const double same = score(s, collection[3], collection[3]);

    cr_expect_lt(score(s, collection[3], other_number), same);
    cr_expect_lt(score(s, collection[3], collection[4]), score(s, collection[3], other_number));
    rp_simil_free(s);
}

Test(paraphrase, the_score_is_symmetric)
{
    rp_simil *s = make();

    for (size_t i = 0; i < 8; i++)
        for (size_t j = 0; j < 8; j++)
            cr_expect_float_eq(score(s, collection[i], collection[j]),
                               score(s, collection[j], collection[i]), 1e-9, "%zu %zu", i, j);
    rp_simil_free(s);
}

Test(paraphrase, empty_and_wordless_texts_score_zero)
{
    rp_simil *s = make();

    cr_expect_float_eq(score(s, "", collection[0]), 0.0, 1e-12);
    cr_expect_float_eq(score(s, "...", "!!"), 0.0, 1e-12);
    cr_expect_lt(score(s, "a", "b"), RP_PARAPHRASE_THRESHOLD);
    rp_simil_free(s);
}

Test(paraphrase, features_of_identical_ranges_show_full_overlap)
{
    rp_simil *s = make();
    double f[RP__SIMIL_FEATURES];
    const char *t = collection[3];

    cr_assert_eq(rp__simil_pair_features(s, t, strlen(t), t, strlen(t), f), RP_OK);
    cr_expect_float_eq(f[RP__F_STEM_MIN], 1.0, 1e-9);
    cr_expect_float_eq(f[RP__F_IDF_MIN], 1.0, 1e-9);
    cr_expect_float_eq(f[RP__F_LCS_MIN], 1.0, 1e-9);
    cr_expect_float_eq(f[RP__F_CHAR4], 1.0, 1e-9);
    cr_expect_float_eq(f[RP__F_NUM_MISMATCH], 0.0, 1e-9);
    cr_expect_float_eq(f[RP__F_LEN_DIFF], 0.0, 1e-9);
    rp_simil_free(s);
}
