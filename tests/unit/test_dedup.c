/* test_dedup.c: the duplicates detector on hand-made corpora: groups, keep rule, no
 * chaining, order independence, and pathological inputs in bounded time and memory. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reprint.h"

static rp_corpus *corpus_of(const char *const *ids, const char *const *texts, size_t n)
{
    rp_corpus *c;

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    for (size_t i = 0; i < n; i++) {
        rp_article a = {0};
        a.id = ids[i];
        a.text = texts[i];
        a.text_len = strlen(texts[i]);
        a.published = RP_TIME_NONE;
        cr_assert_eq(rp_corpus_add(c, &a), RP_OK);
    }
    return c;
}

static rp_scan *dedup(const rp_corpus *c, unsigned threads)
{
    rp_options o;
    rp_scan *s;

    rp_options_default(&o);
    o.detect = RP_DETECT_DUPLICATES;
    o.thread_count = threads;
    cr_assert_eq(rp_scan_run(c, &o, &s), RP_OK);
    return s;
}

static const char base[] =
    "The storm surge broke through the sea wall of the fishing town early on Friday, "
    "flooding the harbour district and forcing about six hundred residents from their homes, "
    "local officials said. Water rose more than a metre above the quay within an hour of high "
    "tide, sweeping boats onto the harbour road and cutting power to the old town.";

/* The relations as "a b type" lines, for comparing runs. */
static char *relations_of(const rp_corpus *c, const rp_scan *s)
{
    static char buf[8192];
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < rp_scan_relation_count(s); i++) {
        const rp_relation *r = rp_scan_relation(s, i);
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s %s %s %.4f\n",
                                rp_corpus_get(c, r->a)->id, rp_corpus_get(c, r->b)->id,
                                rp_relation_type_name(r->type), r->jaccard);
    }
    return buf;
}

Test(dedup, case_spacing_and_quote_style_make_exact_duplicates)
{
    const char *ids[] = {"a", "b", "c"};
    const char *texts[] = {"He said it won\xE2\x80\x99t  STOP. Nobody knew why the rain came.",
                           "he said it won't stop nobody knew why the rain came",
                           "Something else entirely, about chess and a library."};
    rp_corpus *c = corpus_of(ids, texts, 3);
    rp_scan *s = dedup(c, 1);

    cr_assert_eq(rp_scan_relation_count(s), 1);
    cr_expect_eq(rp_scan_relation(s, 0)->type, RP_REL_EXACT);
    cr_assert_eq(rp_scan_dup_group_count(s), 1);
    cr_expect_eq(rp_scan_dup_group(s, 0)->type, RP_REL_EXACT);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(dedup, an_edited_copy_is_a_near_duplicate_and_the_longest_is_kept)
{
    char edited[1024], longer[1024];
    const char *ids[] = {"orig", "edited", "longer"};
    const char *texts[] = {base, edited, longer};

    snprintf(edited, sizeof(edited), "%s", base);
    memcpy(strstr(edited, "six hundred"), "six  dozen ", 11);
    snprintf(longer, sizeof(longer), "%s Follow us for more news.", base);
    rp_corpus *c = corpus_of(ids, texts, 3);
    rp_scan *s = dedup(c, 1);

    cr_assert_eq(rp_scan_dup_group_count(s), 1);
    const rp_dup_group *g = rp_scan_dup_group(s, 0);
    cr_expect_eq(g->member_count, 3);
    cr_expect_str_eq(rp_corpus_get(c, g->keep)->id, "longer");
    cr_expect_eq(g->type, RP_REL_NEAR_DUPLICATE);
    for (size_t i = 0; i < rp_scan_relation_count(s); i++) {
        const rp_relation *r = rp_scan_relation(s, i);
        cr_expect(r->jaccard >= 0.5 && r->jaccard <= 1.0, "jaccard %f", r->jaccard);
        cr_expect(r->jaccard_estimate >= 0.0, "the estimate is reported too");
    }
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(dedup, a_wire_story_inside_a_longer_article_is_a_near_duplicate_by_containment)
{
    char local[4096];
    const char *ids[] = {"wire", "local"};
    const char *texts[] = {base, local};

    snprintf(local, sizeof(local),
             "Our own reporter adds that the council met at noon to plan the repairs and that "
             "schools will stay closed until Monday while engineers inspect the breach. %s "
             "Residents were told to boil their water. The ferry to the islands was cancelled "
             "and the market will not open on Saturday. Volunteers from the sailing club went "
             "from house to house with blankets and hot food for the older residents.",
             base);
    rp_corpus *c = corpus_of(ids, texts, 2);
    rp_scan *s = dedup(c, 1);

    cr_assert_eq(rp_scan_relation_count(s), 1);
    const rp_relation *r = rp_scan_relation(s, 0);
    cr_expect_eq(r->type, RP_REL_NEAR_DUPLICATE);
    cr_expect_lt(r->jaccard, 0.5);
    cr_expect_geq(r->containment, 0.9);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(dedup, groups_do_not_chain_through_a_middle_article)
{
    /* x ~ y and y ~ z, but x and z share too little: the group of the kept article holds
     * only what is similar to it. */
    static const char *words[] = {"alpha", "bravo", "charlie", "delta",  "echo", "foxtrot",
                                  "golf",  "hotel", "india",   "juliet", "kilo", "lima"};
    char x[2048], y[2048], z[2048];
    size_t nx = 0, ny = 0, nz = 0;
    for (int i = 0; i < 60; i++) {
        if (i < 40) /* x: words 0-39, y: 10-49, z: 20-59 */
            nx += (size_t)snprintf(x + nx, sizeof(x) - nx, "%s%d ", words[i % 12], i);
        if (i >= 10 && i < 50)
            ny += (size_t)snprintf(y + ny, sizeof(y) - ny, "%s%d ", words[i % 12], i);
        if (i >= 20)
            nz += (size_t)snprintf(z + nz, sizeof(z) - nz, "%s%d ", words[i % 12], i);
    }
    const char *ids[] = {"x", "y", "z"};
    const char *texts[] = {x, y, z};
    rp_corpus *c = corpus_of(ids, texts, 3);
    rp_scan *s = dedup(c, 1);

    for (size_t g = 0; g < rp_scan_dup_group_count(s); g++)
        cr_expect_leq(rp_scan_dup_group(s, g)->member_count, 2, "a chained group");
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(dedup, the_result_does_not_depend_on_input_order_or_threads)
{
    char v1[1024], v2[1024], v3[1024];
    const char *ids[] = {"p", "q", "r", "s"};
    const char *texts[] = {base, v1, v2, v3};
    const char *rev_ids[] = {"s", "r", "q", "p"};
    const char *rev_texts[] = {v3, v2, v1, base};
    char first[8192];

    snprintf(v1, sizeof(v1), "Share this article. %s", base);
    snprintf(v2, sizeof(v2), "%s Related stories follow.", base);
    snprintf(v3, sizeof(v3), "%.200s", base);
    rp_corpus *c = corpus_of(ids, texts, 4), *d = corpus_of(rev_ids, rev_texts, 4);
    rp_scan *s = dedup(c, 1), *t = dedup(d, 3);

    snprintf(first, sizeof(first), "%s", relations_of(c, s));
    cr_expect_gt(strlen(first), 0);
    cr_expect_str_eq(relations_of(d, t), first);
    cr_assert_eq(rp_scan_dup_group_count(s), rp_scan_dup_group_count(t));
    for (size_t g = 0; g < rp_scan_dup_group_count(s); g++)
        cr_expect_str_eq(rp_corpus_get(c, rp_scan_dup_group(s, g)->keep)->id,
                         rp_corpus_get(d, rp_scan_dup_group(t, g)->keep)->id);
    rp_scan_free(s);
    rp_scan_free(t);
    rp_corpus_free(c);
    rp_corpus_free(d);
}

Test(dedup, empty_articles_are_nobody_s_duplicates)
{
    const char *ids[] = {"e1", "e2", "e3"};
    const char *texts[] = {"", "  \n", "..."};
    rp_corpus *c = corpus_of(ids, texts, 3);
    rp_scan *s = dedup(c, 2);

    cr_expect_eq(rp_scan_relation_count(s), 0);
    cr_expect_eq(rp_scan_dup_group_count(s), 0);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(dedup, a_hundred_thousand_identical_articles_make_one_group, .timeout = 300)
{
    enum { N = 100000 };
    rp_corpus *c;
    char id[32];

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    for (int i = 0; i < N; i++) {
        rp_article a = {0};
        snprintf(id, sizeof(id), "n%06d", i);
        a.id = id;
        a.text = base;
        a.text_len = sizeof(base) - 1;
        a.published = RP_TIME_NONE;
        cr_assert_eq(rp_corpus_add(c, &a), RP_OK);
    }
    rp_scan *s = dedup(c, 2);
    cr_assert_eq(rp_scan_dup_group_count(s), 1);
    cr_expect_eq(rp_scan_dup_group(s, 0)->member_count, N);
    cr_expect_str_eq(rp_corpus_get(c, rp_scan_dup_group(s, 0)->keep)->id, "n000000");
    cr_expect_eq(rp_scan_relation_count(s), N - 1, "a star of relations, not all pairs");
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(dedup, one_hundred_megabyte_article_is_handled, .timeout = 600)
{
    const size_t len = (size_t)100 << 20;
    char *big = malloc(len + 1);
    rp_corpus *c;
    rp_article a = {0};

    cr_assert_not_null(big);
    for (size_t i = 0; i < len; i++) /* words of 1 to 7 letters: "bcdefgh bcd ..." */
        big[i] = (i * 2654435761u >> 7) % 8 == 0 ? ' ' : (char)('a' + i % 26);
    big[len] = '\0';
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    a.id = "big";
    a.text = big;
    a.text_len = len;
    a.published = RP_TIME_NONE;
    cr_assert_eq(rp_corpus_add(c, &a), RP_OK);
    a.id = "small";
    a.text = base;
    a.text_len = sizeof(base) - 1;
    cr_assert_eq(rp_corpus_add(c, &a), RP_OK);
    free(big);
    rp_scan *s = dedup(c, 2);
    cr_expect_eq(rp_scan_dup_group_count(s), 0);
    rp_scan_free(s);
    rp_corpus_free(c);
}
