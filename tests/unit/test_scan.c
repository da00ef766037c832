/* test_scan.c: the scan's bookkeeping: relations merged per pair, sorted, owned. */
#include <criterion/criterion.h>
#include <string.h>

#include "reprint.h"
#include "../../lib/scan/scan.h"

static rp_corpus *three_articles(void)
{
    static const char in[] = "{\"id\":\"x\",\"text\":\"One two three.\"}\n"
                             "{\"id\":\"y\",\"text\":\"Four five six.\"}\n"
                             "{\"id\":\"z\",\"text\":\"Seven eight.\"}\n";
    rp_corpus *c;

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read_jsonl(c, "t", in, strlen(in), 0, NULL, NULL), RP_OK);
    return c;
}

static rp_relation blank(size_t a, size_t b, int type)
{
    rp_relation r;

    memset(&r, 0, sizeof(r));
    r.a = a;
    r.b = b;
    r.type = type;
    r.jaccard = r.jaccard_estimate = r.containment = -1;
    return r;
}

Test(scan, evidence_for_one_pair_merges_into_the_strongest_type)
{
    rp_corpus *c = three_articles();
    rp_scan *s;
    rp_relation r = blank(0, 2, RP_REL_COPY);
    rp_passage p = {0, 3, 0, 4, 1, 1.0, 1, "Someone"};
    const rp_relation *got;

    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    r.passages = &p;
    r.passage_count = 1;
    r.a_share = 0.5;
    cr_assert_eq(s->docs.relate(&s->docs, &r), RP_OK);
    r = blank(0, 2, RP_REL_NEAR_DUPLICATE);
    r.jaccard = 0.9;
    r.score = 0.9;
    cr_assert_eq(s->docs.relate(&s->docs, &r), RP_OK);
    r = blank(0, 1, RP_REL_SAME_STORY);
    cr_assert_eq(s->docs.relate(&s->docs, &r), RP_OK);
    cr_expect_eq(s->docs.relate(&s->docs, &(rp_relation){.a = 2, .b = 1}), RP_EINVAL);
    cr_assert_eq(rp_scan_relation_count(s), 2);
    got = s->docs.relation(&s->docs, 1);
    cr_expect_eq(got->a, 0);
    cr_expect_eq(got->b, 2);
    cr_expect_eq(got->type, RP_REL_NEAR_DUPLICATE);
    cr_expect_float_eq(got->jaccard, 0.9, 1e-9);
    cr_expect_float_eq(got->a_share, 0.5, 1e-9);
    cr_assert_eq(got->passage_count, 1);
    cr_expect_str_eq(got->passages[0].speaker, "Someone");
    cr_expect_eq(rp_scan_relation(s, 0)->b, 1);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(scan, every_article_gets_counts_and_a_content_hash_that_ignores_case_and_spacing)
{
    static const char in[] = "{\"id\":\"x\",\"text\":\"Won\xE2\x80\x99t  STOP now.\"}\n"
                             "{\"id\":\"y\",\"text\":\"won't stop\\nnow\"}\n";
    rp_corpus *c;
    rp_scan *s;
    rp_article_info a, b;

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read_jsonl(c, "t", in, strlen(in), 0, NULL, NULL), RP_OK);
    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    rp_scan_article(s, 0, &a);
    rp_scan_article(s, 1, &b);
    cr_expect_eq(a.stats.word_count, 3);
    cr_expect_eq(a.content_hash, b.content_hash);
    rp_scan_free(s);
    rp_corpus_free(c);
}
