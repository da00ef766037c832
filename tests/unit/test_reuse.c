/* test_reuse.c: alignment and the reuse detector on hand-made pairs, and the seeds'
 * expectations (../shared/seeds/EXPECTED.md), checked by structure rather than by text. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reprint.h"
#include "../../lib/reuse/reuse.h"

static const char para1[] =
    "The storm surge broke through the sea wall of the fishing town early on Friday, flooding "
    "the harbour district and forcing about six hundred residents from their homes.";
static const char para2[] =
    "Engineers from the coastal authority were due to inspect the damage at first light, and "
    "temporary barriers of sandbags would be in place before the next high tide.";
static const char host[] =
    "A teenager won the open chess tournament on Sunday after a final game that lasted almost "
    "five hours, beating the three-time champion in front of a record crowd.";

static rp_scan *scan_texts(const char *const *texts, size_t n, rp_corpus **out)
{
    rp_corpus *c;
    rp_options o;
    rp_scan *s;
    char id[32];

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    for (size_t i = 0; i < n; i++) {
        rp_article a = {0};
        snprintf(id, sizeof(id), "t%zu", i);
        a.id = id;
        a.text = texts[i];
        a.text_len = strlen(texts[i]);
        a.published = RP_TIME_NONE;
        cr_assert_eq(rp_corpus_add(c, &a), RP_OK);
    }
    rp_options_default(&o);
    o.detect = RP_DETECT_REUSE;
    cr_assert_eq(rp_scan_run(c, &o, &s), RP_OK);
    *out = c;
    return s;
}

static int is_boundary(const char *t, size_t len, size_t at, int start)
{
    /* a word starts after a non-word byte and ends before one */
    const unsigned char c =
        start ? (at > 0 ? (unsigned char)t[at - 1] : ' ') : (at < len ? (unsigned char)t[at] : ' ');
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
}

/* Every passage lies within both texts and on word boundaries. */
static void check_spans(const rp_corpus *c, const rp_relation *r)
{
    const rp_article *a = rp_corpus_get(c, r->a), *b = rp_corpus_get(c, r->b);

    for (size_t k = 0; k < r->passage_count; k++) {
        const rp_passage *p = &r->passages[k];
        cr_assert(p->a_start < p->a_end && p->a_end <= a->text_len);
        cr_assert(p->b_start < p->b_end && p->b_end <= b->text_len);
        cr_expect(is_boundary(a->text, a->text_len, p->a_start, 1) &&
                      is_boundary(a->text, a->text_len, p->a_end, 0),
                  "a: [%zu,%zu) not on word boundaries", p->a_start, p->a_end);
        cr_expect(is_boundary(b->text, b->text_len, p->b_start, 1) &&
                      is_boundary(b->text, b->text_len, p->b_end, 0),
                  "b: [%zu,%zu) not on word boundaries", p->b_start, p->b_end);
    }
}

Test(reuse, an_edited_copy_inside_other_text_is_found_with_its_spans)
{
    char copy[2048], edited[512];
    rp_corpus *c;

    snprintf(edited, sizeof(edited), "%s", para1);
    memcpy(strstr(edited, "fishing"), "harbour", 7); /* one word changed */
    snprintf(copy, sizeof(copy), "%s %s %s", host, edited, host);
    const char *texts[] = {para1, copy};
    rp_scan *s = scan_texts(texts, 2, &c);

    cr_assert_eq(rp_scan_relation_count(s), 1);
    const rp_relation *r = rp_scan_relation(s, 0);
    cr_expect_eq(r->type, RP_REL_COPY);
    cr_assert_eq(r->passage_count, 1);
    check_spans(c, r);
    const rp_passage *p = &r->passages[0];
    cr_expect_eq(p->a_start, 0);
    cr_expect_eq(p->a_end, strlen(para1) - 1); /* the final period is not a word */
    cr_expect_eq(p->b_start, strlen(host) + 1);
    cr_expect_lt(p->identity, 1.0);
    cr_expect_gt(p->identity, 0.8);
    cr_expect_float_eq(r->a_share, 1.0, 1e-9);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(reuse, reordered_paragraphs_are_each_found)
{
    char x[2048], y[2048];
    rp_corpus *c;

    snprintf(x, sizeof(x), "%s\n%s\n%s", para1, host, para2);
    snprintf(y, sizeof(y), "%s\n%s", para2, para1);
    const char *texts[] = {x, y};
    rp_scan *s = scan_texts(texts, 2, &c);

    cr_assert_eq(rp_scan_relation_count(s), 1);
    const rp_relation *r = rp_scan_relation(s, 0);
    cr_expect_eq(r->passage_count, 2);
    check_spans(c, r);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(reuse, a_passage_repeated_twice_in_one_article_is_found_twice)
{
    char x[2048];
    rp_corpus *c;

    snprintf(x, sizeof(x), "%s\n%s\n%s", para1, host, para1);
    const char *texts[] = {para1, x};
    rp_scan *s = scan_texts(texts, 2, &c);

    cr_assert_eq(rp_scan_relation_count(s), 1);
    cr_expect_eq(rp_scan_relation(s, 0)->passage_count, 2);
    check_spans(c, rp_scan_relation(s, 0));
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(reuse, no_passage_spans_page_furniture_and_no_share_exceeds_one)
{
    static const char furniture[] = "Follow the Harbour Times on WhatsApp for breaking news.";
    char x[2048], y[2048];
    rp_corpus *c;
    rp_options o;
    rp_scan *s;
    rp_article_info info;

    /* the same two paragraphs, once with a furniture line between them */
    snprintf(x, sizeof(x), "%s\n\n%s\n\n%s", para1, furniture, para2);
    snprintf(y, sizeof(y), "%s\n\n%s", para1, para2);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    const char *texts[] = {x, y};
    for (size_t i = 0; i < 2; i++) {
        rp_article a = {0};
        a.id = i == 0 ? "with" : "without";
        a.text = texts[i];
        a.text_len = strlen(texts[i]);
        a.published = RP_TIME_NONE;
        cr_assert_eq(rp_corpus_add(c, &a), RP_OK);
    }
    rp_options_default(&o);
    o.detect = RP_DETECT_REUSE | RP_DETECT_BOILERPLATE;
    cr_assert_eq(rp_scan_run(c, &o, &s), RP_OK);
    rp_scan_article(s, 0, &info);
    cr_assert_gt(info.boilerplate_count, 0, "the furniture line is flagged");
    cr_assert_eq(rp_scan_relation_count(s), 1);
    const rp_relation *r = rp_scan_relation(s, 0);
    const size_t f_start = (size_t)(strstr(x, furniture) - x), f_end = f_start + strlen(furniture);
    cr_expect_eq(r->passage_count, 2);
    for (size_t k = 0; k < r->passage_count; k++)
        cr_expect(r->passages[k].a_end <= f_start || r->passages[k].a_start >= f_end,
                  "passage [%zu,%zu) spans the furniture [%zu,%zu)", r->passages[k].a_start,
                  r->passages[k].a_end, f_start, f_end);
    cr_expect(r->a_share <= 1.0 && r->b_share <= 1.0, "shares %f %f", r->a_share, r->b_share);
    cr_expect_gt(r->a_share, 0.95);
    check_spans(c, r);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(reuse, a_shared_quotation_makes_a_quote_relation_with_its_speaker)
{
    const char *x =
        "The mayor spoke late at night. \xE2\x80\x9CWe are asking everyone in the lower "
        "town to stay with family until engineers tell us it is safe,\xE2\x80\x9D Ilse "
        "Varga said. The rest is about something else entirely here.";
    const char *y = "Shops stayed shut on the harbour road all day. \"We are asking everyone in "
                    "the lower town to stay with family until engineers tell us it is safe,\" "
                    "the mayor told the radio.";
    const char *texts[] = {x, y};
    rp_corpus *c;
    rp_scan *s = scan_texts(texts, 2, &c);

    cr_assert_eq(rp_scan_relation_count(s), 1);
    const rp_relation *r = rp_scan_relation(s, 0);
    cr_expect_eq(r->type, RP_REL_QUOTE);
    cr_assert_eq(r->passage_count, 1);
    cr_expect(r->passages[0].quote);
    cr_expect(r->passages[0].speaker != NULL && strcmp(r->passages[0].speaker, "Ilse Varga") == 0,
              "speaker %s", r->passages[0].speaker ? r->passages[0].speaker : "(none)");
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(reuse, short_shared_phrases_and_near_empty_articles_make_no_relation)
{
    const char *texts[] = {"the prime minister said on Friday that the talks would go on",
                           "Talks went on, the prime minister said on Friday.", "Yes.", ""};
    rp_corpus *c;
    rp_scan *s = scan_texts(texts, 4, &c);

    cr_expect_eq(rp_scan_relation_count(s), 0);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(reuse, an_article_of_one_repeated_word_finishes_quickly, .timeout = 60)
{
    const size_t n = 200000;
    char *x = malloc(5 * n + 1), *y = malloc(5 * n + 1);
    rp_corpus *c;

    for (size_t i = 0; i < n; i++) {
        memcpy(x + 5 * i, "word ", 5);
        memcpy(y + 5 * i, "word ", 5);
    }
    x[5 * n] = y[5 * n] = '\0';
    const char *texts[] = {x, y};
    rp_scan *s = scan_texts(texts, 2, &c);
    for (size_t i = 0; i < rp_scan_relation_count(s); i++)
        check_spans(c, rp_scan_relation(s, i));
    rp_scan_free(s);
    rp_corpus_free(c);
    free(x);
    free(y);
}

static const char *shared(const char *rel, char *buf, size_t cap)
{
    const char *root = getenv("SHARED");
    struct stat st;

    snprintf(buf, cap, "%s/%s", root ? root : "../shared", rel);
    return stat(buf, &st) == 0 ? buf : NULL;
}

/* The relation between two seeds (by their number), or NULL. */
static const rp_relation *between(const rp_corpus *c, const rp_scan *s, int x, int y)
{
    char px[16], py[16];

    snprintf(px, sizeof(px), "%03d_", x < y ? x : y);
    snprintf(py, sizeof(py), "%03d_", x < y ? y : x);
    for (size_t i = 0; i < rp_scan_relation_count(s); i++) {
        const rp_relation *r = rp_scan_relation(s, i);
        if (strncmp(rp_corpus_get(c, r->a)->id, px, 4) == 0 &&
            strncmp(rp_corpus_get(c, r->b)->id, py, 4) == 0)
            return r;
    }
    return NULL;
}

/* The longest passage of r (in words), counting only quotations when 'quotes'. */
static uint32_t longest(const rp_relation *r, int quotes)
{
    uint32_t best = 0;

    for (size_t k = 0; r != NULL && k < r->passage_count; k++)
        if ((!quotes || r->passages[k].quote) && r->passages[k].word_count > best)
            best = r->passages[k].word_count;
    return best;
}

Test(reuse, the_seeds_show_what_expected_md_says)
{
    char path[512];
    rp_corpus *c;
    rp_options o;
    rp_scan *s;

    if (shared("seeds", path, sizeof(path)) == NULL)
        cr_skip_test("skipped: %s not found (no ../shared beside the project)", path);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read(c, path, 0, NULL, NULL), RP_OK);
    rp_options_default(&o);
    o.detect &= ~(unsigned)RP_DETECT_STORIES; /* text reuse only: no same-story relations */
    cr_assert_eq(rp_scan_run(c, &o, &s), RP_OK);
    for (size_t i = 0; i < rp_scan_relation_count(s); i++)
        check_spans(c, rp_scan_relation(s, i));
    /* nothing between 002-004 and 003-004 */
    cr_expect_null(between(c, s, 2, 4));
    cr_expect_null(between(c, s, 3, 4));
    /* 000-003 and 000-004 are quotes: the Hajiyev quotations of 33 and 28 words */
    cr_assert_not_null(between(c, s, 0, 3));
    cr_expect_eq(between(c, s, 0, 3)->type, RP_REL_QUOTE);
    cr_expect_geq(longest(between(c, s, 0, 3), 1), 33);
    cr_assert_not_null(between(c, s, 0, 4));
    cr_expect_eq(between(c, s, 0, 4)->type, RP_REL_QUOTE);
    cr_expect_geq(longest(between(c, s, 0, 4), 1), 27);
    /* 000-002: the long passage of 50 words and more, copied */
    cr_assert_not_null(between(c, s, 0, 2));
    cr_expect_eq(between(c, s, 0, 2)->type, RP_REL_COPY);
    cr_expect_geq(longest(between(c, s, 0, 2), 0), 50);
    cr_expect_geq(between(c, s, 0, 2)->passage_count, 5);
    /* 002-003: the Pashinyan and Babayan quotations (22 and 19 words) among others */
    cr_assert_not_null(between(c, s, 2, 3));
    cr_expect_geq(longest(between(c, s, 2, 3), 1), 19);
    rp_scan_free(s);
    rp_corpus_free(c);
}
