/* test_scan.c: the scan's bookkeeping: relations merged per pair, sorted, owned. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A made-up article: sentences of pseudo-random words from a small vocabulary, and, when
 * 'shared' is set, the same passage in the middle (a wire story that many outlets ran). */
static void made_up(char *buf, size_t cap, unsigned seed, int shared)
{
    static const char *const words[] = {
        "council", "river",  "bridge", "minister", "harbour", "election", "storm",  "market",
        "school",  "police", "budget", "festival", "court",   "hospital", "train",  "airport",
        "union",   "strike", "museum", "village",  "mayor",   "station",  "forest", "factory"};
    uint64_t x = seed * UINT64_C(0x9e3779b97f4a7c15) + 1;
    size_t len = 0;

    for (int s = 0; s < 12; s++) {
        if (shared && s == 6)
            len += (size_t)snprintf(buf + len, cap - len,
                                    "The agency said the northern pass would stay closed "
                                    "until the snow clears and the army checks the road. ");
        for (int w = 0; w < 9; w++) {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            const char *word = words[(x * UINT64_C(2685821657736338717)) >> 59 & 15];
            len += (size_t)snprintf(buf + len, cap - len, "%s%s%u", w == 0 ? "" : " ", word,
                                    (unsigned)(x % 97));
        }
        len += (size_t)snprintf(buf + len, cap - len, ". ");
    }
}

/* Every relation and story of a scan as sorted lines of ids, to compare runs. */
static char *outcome(const rp_corpus *c, const rp_scan *s)
{
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap);

    cr_assert_not_null(buf);
    for (size_t i = 0; i < rp_scan_relation_count(s); i++) {
        const rp_relation *r = rp_scan_relation(s, i);
        len += (size_t)snprintf(buf + len, cap - len, "%s %s %s %.4f %zu\n",
                                rp_corpus_get(c, r->a)->id, rp_corpus_get(c, r->b)->id,
                                rp_relation_type_name(r->type), r->score, r->passage_count);
    }
    for (size_t i = 0; i < rp_scan_story_count(s); i++) {
        const rp_story *st = rp_scan_story(s, i);
        for (size_t k = 0; k < st->article_count; k++)
            len += (size_t)snprintf(buf + len, cap - len, "%s%s", k ? "," : "story ",
                                    rp_corpus_get(c, st->articles[k])->id);
        len += (size_t)snprintf(buf + len, cap - len, "\n");
    }
    return buf;
}

Test(scan, the_result_does_not_depend_on_the_order_of_the_articles_even_where_caps_bind)
{
    /* 30 articles share a passage: its 4-grams are in more than 16 articles, where the reuse
     * detector pairs each with "the first 8" only, so the first must not mean input order. */
    enum { N = 30 };
    rp_corpus *c, *d;
    rp_scan *s, *t;
    char text[4096], id[16];

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_new(&d), RP_OK);
    for (int pass = 0; pass < 2; pass++)
        for (unsigned k = 0; k < N; k++) {
            const unsigned i = pass == 0 ? k : (k * 7 + 3) % N; /* another order */
            rp_article a = {0};
            made_up(text, sizeof(text), i, 1);
            snprintf(id, sizeof(id), "a%02u", i);
            a.id = id;
            a.text = text;
            a.text_len = strlen(text);
            a.published = RP_TIME_NONE;
            cr_assert_eq(rp_corpus_add(pass == 0 ? c : d, &a), RP_OK);
        }
    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    cr_assert_eq(rp_scan_run(d, NULL, &t), RP_OK);
    cr_assert_gt(rp_scan_relation_count(s), N - 1);
    char *x = outcome(c, s), *y = outcome(d, t);
    cr_expect_str_eq(x, y);
    free(x);
    free(y);
    rp_scan_free(s);
    rp_scan_free(t);
    rp_corpus_free(c);
    rp_corpus_free(d);
}
