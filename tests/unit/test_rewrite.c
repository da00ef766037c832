/* test_rewrite.c: the rewrite detector on hand-made articles (written for this test): a
 * reworded version of a report is a rewrite, also with its paragraphs moved and also of a
 * near-duplicate of the report; an independent report of the same event in other words is
 * not, and neither is a verbatim copy of part of it; the outcome does not depend on the
 * order of the input or on threads; the seeds show what EXPECTED.md says. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reprint.h"
#include "../../lib/reuse/rewrite.h"

#define P1                                                                                         \
    "The passenger ferry Nordlys ran aground on a sandbank outside the port of Lindhaven on "      \
    "Tuesday evening, leaving 212 passengers stranded for more than five hours, the harbour "      \
    "authority said. Nobody was seriously hurt, although three people were treated for minor "     \
    "injuries after falling on the car deck.\n\n"
#define P2                                                                                         \
    "The ferry, operated by Westsea Lines, had left Lindhaven at 18:40 for the island of Karsby "  \
    "when it drifted out of the marked channel in thick fog. Captain Henrik Dahl told "            \
    "coastguard officers that the radar had failed minutes before the vessel struck the "          \
    "bank.\n\n"
#define P3                                                                                         \
    "Two tugboats pulled the ship free shortly before midnight on the rising tide, and it "        \
    "returned to the port under its own power. Passengers were given blankets, food and hot "      \
    "drinks on board while they waited.\n\n"
#define P4                                                                                         \
    "Westsea Lines said it would suspend the Karsby service until divers had inspected the "       \
    "hull. The maritime safety agency has opened an investigation into the grounding, its third "  \
    "in the channel since 2021. Local councillors have long demanded that the channel be "         \
    "dredged and better lit.\n\n"
#define P5                                                                                         \
    "Passengers said the crew had kept them informed throughout the night, although several "      \
    "complained that the ferry company did not answer its telephone line until the next "          \
    "morning. Relatives waiting at the terminal were offered rooms at a nearby hotel by the town " \
    "council.\n\n"
#define P6                                                                                         \
    "The Nordlys, built in 1998, carries up to 400 passengers and 60 cars on the two-hour "        \
    "crossing. Westsea Lines plans to replace it with a new vessel in 2026, a spokesman said.\n"

/* A heavy rewrite ("spun" copy): the same sentences in the same order, most words replaced,
 * names and numbers kept. */
#define R1                                                                                         \
    "On Tuesday night the Nordlys, a passenger boat, became stuck on a sand bar just off "         \
    "Lindhaven harbour, so 212 travellers were left waiting for over five hours, port officials "  \
    "reported. There were no serious casualties, but three travellers needed care for small "      \
    "wounds after slipping on the vehicle level.\n\n"
#define R2                                                                                         \
    "Run by Westsea Lines, the vessel had set off from Lindhaven at 18:40 bound for Karsby "       \
    "island, then strayed from the buoyed lane in dense mist. Its master, Henrik Dahl, informed "  \
    "coastguard staff that his radar stopped working moments before the boat hit the sand.\n\n"
#define R3                                                                                         \
    "A pair of tugs freed the vessel just ahead of midnight as the tide came in, and it sailed "   \
    "back into port unaided. While waiting, travellers received blankets, meals and warm drinks "  \
    "from the crew.\n\n"
#define R4                                                                                         \
    "Westsea Lines announced that crossings to Karsby would be halted until underwater teams had " \
    "examined the hull. An inquiry into the accident, the third in that lane since 2021, has "     \
    "been "                                                                                        \
    "launched by the maritime safety agency. Town council members have for years called for the "  \
    "lane to be deepened and given more lights.\n\n"
#define R5                                                                                         \
    "According to travellers, the crew updated them regularly during the night, even if a number " \
    "of them grumbled that the operator left its phone line unanswered until the following "       \
    "morning. Family members gathered at the terminal were given hotel rooms close by, paid for "  \
    "by the town council.\n\n"
#define R6                                                                                         \
    "Constructed in 1998, the Nordlys can take as many as 400 people and 60 vehicles on the "      \
    "crossing, which lasts two hours. A company spokesman said Westsea Lines intends to bring in " \
    "a new ship in 2026 to take its place.\n"

static const char original[] = P1 P2 P3 P4 P5 P6;
static const char reworded[] = R1 R2 R3 R4 R5 R6;
static const char reordered[] = R4 R5 R6 R1 R2 R3;
static const char independent[] =
    "Fog and a broken radar were blamed on Wednesday for the grounding of a Lindhaven ferry "
    "that left hundreds of people waiting at sea into the night.\n\n"
    "Passengers on the Nordlys described a loud scraping noise as the ship came to a halt near "
    "the harbour entrance. \"We thought we had hit another boat,\" said Maria Sund, a nurse "
    "travelling home to Karsby.\n\n"
    "Westsea Lines has cancelled its sailings to the island for the rest of the week, and "
    "island shopkeepers fear that deliveries will run short before the weekend.\n\n"
    "The coastguard said the vessel was refloated by two tugs around midnight. An inquiry will "
    "examine why the ferry left the channel, the third such accident there in three years.\n";
static const char copy[] =
    P1 P2 "Our reporter spoke to islanders waiting on the quay, who said the crossing had been "
          "unreliable all winter and that the timetable was rarely kept.\n";
static const char unrelated[] =
    "The city orchestra opened its winter season on Saturday with a programme of Nordic "
    "symphonies. The new conductor, appointed in the spring, drew long applause from a full "
    "hall. Tickets for the remaining concerts are almost sold out, the box office said.\n";

struct doc {
    const char *id;
    const char *text;
};

static rp_scan *scan_docs(const struct doc *docs, size_t n, unsigned threads, rp_corpus **out)
{
    rp_corpus *c;
    rp_options o;
    rp_scan *s;

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    for (size_t i = 0; i < n; i++) {
        rp_article a = {0};
        a.id = docs[i].id;
        a.text = docs[i].text;
        a.text_len = strlen(docs[i].text);
        a.published = RP_TIME_NONE;
        cr_assert_eq(rp_corpus_add(c, &a), RP_OK);
    }
    rp_options_default(&o);
    o.detect = RP_DETECT_DUPLICATES | RP_DETECT_REUSE | RP_DETECT_REWRITES | RP_DETECT_COUNTS;
    o.thread_count = threads;
    cr_assert_eq(rp_scan_run(c, &o, &s), RP_OK);
    *out = c;
    return s;
}

/* The relation between the articles of ids x and y, or NULL. */
static const rp_relation *find(const rp_scan *s, const rp_corpus *c, const char *x, const char *y)
{
    for (size_t i = 0; i < rp_scan_relation_count(s); i++) {
        const rp_relation *r = rp_scan_relation(s, i);
        const char *a = rp_corpus_get(c, r->a)->id, *b = rp_corpus_get(c, r->b)->id;
        if ((strcmp(a, x) == 0 && strcmp(b, y) == 0) || (strcmp(a, y) == 0 && strcmp(b, x) == 0))
            return r;
    }
    return NULL;
}

static int type_of(const rp_scan *s, const rp_corpus *c, const char *x, const char *y)
{
    const rp_relation *r = find(s, c, x, y);

    return r == NULL ? -1 : r->type;
}

/* Aligned sentences lie inside their texts, in the rewrite's order, with similarities. */
static void check_sentences(const rp_corpus *c, const rp_relation *r)
{
    const rp_article *a = rp_corpus_get(c, r->a), *b = rp_corpus_get(c, r->b);

    cr_assert_gt(r->sentence_count, 0);
    for (size_t k = 0; k < r->sentence_count; k++) {
        const rp_sentence_pair *p = &r->sentences[k];
        cr_expect(p->a_start < p->a_end && p->a_end <= a->text_len);
        cr_expect(p->b_start < p->b_end && p->b_end <= b->text_len);
        cr_expect(p->similarity > 0 && p->similarity <= 1);
    }
}

Test(rewrite, a_reworded_report_is_a_rewrite_with_its_sentences_aligned_in_order)
{
    const struct doc docs[] = {{"original", original}, {"reworded", reworded}};
    rp_corpus *c;
    rp_scan *s = scan_docs(docs, 2, 1, &c);
    const rp_relation *r = find(s, c, "original", "reworded");

    cr_assert_not_null(r);
    cr_expect_eq(r->type, RP_REL_REWRITE, "type %s", rp_relation_type_name(r->type));
    check_sentences(c, r);
    cr_expect_geq(r->sentence_count, 8);
    cr_expect_gt(r->a_share, 0.7);
    cr_expect_gt(r->b_share, 0.7);
    /* the first aligned pair is the first sentence of each */
    cr_expect_eq(r->sentences[0].a_start, 0);
    cr_expect_eq(r->sentences[0].b_start, 0);
    for (size_t k = 1; k < r->sentence_count; k++)
        cr_expect_gt(r->sentences[k].b_start, r->sentences[k - 1].b_start);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(rewrite, a_rewrite_with_its_paragraphs_moved_is_still_a_rewrite)
{
    const struct doc docs[] = {{"original", original}, {"reordered", reordered}};
    rp_corpus *c;
    rp_scan *s = scan_docs(docs, 2, 1, &c);

    cr_expect_eq(type_of(s, c, "original", "reordered"), RP_REL_REWRITE);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(rewrite, an_independent_report_of_the_same_event_is_not_a_rewrite)
{
    const struct doc docs[] = {
        {"original", original}, {"independent", independent}, {"unrelated", unrelated}};
    rp_corpus *c;
    rp_scan *s = scan_docs(docs, 3, 1, &c);

    for (size_t i = 0; i < rp_scan_relation_count(s); i++)
        cr_expect_neq(rp_scan_relation(s, i)->type, RP_REL_REWRITE);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(rewrite, a_verbatim_copy_of_part_of_a_report_stays_a_copy)
{
    const struct doc docs[] = {{"original", original}, {"copy", copy}};
    rp_corpus *c;
    rp_scan *s = scan_docs(docs, 2, 1, &c);

    cr_expect_eq(type_of(s, c, "original", "copy"), RP_REL_COPY);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(rewrite, a_rewrite_is_related_to_each_near_duplicate_of_its_source)
{
    /* the source again with a byline: a near-duplicate, so only one of the two is indexed */
    static const char again[] = "By Staff Reporter\n\n" P1 P2 P3 P4 P5 P6;
    const struct doc docs[] = {{"zz-again", again}, {"original", original}, {"reworded", reworded}};
    rp_corpus *c;
    rp_scan *s = scan_docs(docs, 3, 1, &c);

    cr_expect_eq(type_of(s, c, "original", "zz-again"), RP_REL_NEAR_DUPLICATE);
    cr_expect_eq(type_of(s, c, "original", "reworded"), RP_REL_REWRITE);
    cr_expect_eq(type_of(s, c, "zz-again", "reworded"), RP_REL_REWRITE);
    rp_scan_free(s);
    rp_corpus_free(c);
}

/* Relations as text, each by ids, so that scans of permuted inputs compare. */
static char *describe(const rp_scan *s, const rp_corpus *c)
{
    char *out = calloc(1, 1 << 16);
    size_t len = 0;

    for (size_t i = 0; i < rp_scan_relation_count(s); i++) {
        const rp_relation *r = rp_scan_relation(s, i);
        len += (size_t)snprintf(out + len, (1 << 16) - len, "%s %s %s %.4f %.4f %zu\n",
                                rp_corpus_get(c, r->a)->id, rp_corpus_get(c, r->b)->id,
                                rp_relation_type_name(r->type), r->a_share, r->b_share,
                                r->sentence_count);
        for (size_t k = 0; k < r->sentence_count; k++)
            len += (size_t)snprintf(out + len, (1 << 16) - len, " %zu-%zu %.4f",
                                    r->sentences[k].a_start, r->sentences[k].b_start,
                                    r->sentences[k].similarity);
    }
    return out;
}

Test(rewrite, results_do_not_depend_on_input_order_or_thread_count)
{
    const struct doc fwd[] = {{"original", original},   {"reworded", reworded},
                              {"reordered", reordered}, {"independent", independent},
                              {"copy", copy},           {"unrelated", unrelated}};
    const struct doc rev[] = {{"unrelated", unrelated},     {"copy", copy},
                              {"independent", independent}, {"reordered", reordered},
                              {"reworded", reworded},       {"original", original}};
    rp_corpus *c1, *c2, *c3;
    rp_scan *s1 = scan_docs(fwd, 6, 1, &c1), *s2 = scan_docs(rev, 6, 1, &c2);
    rp_scan *s3 = scan_docs(fwd, 6, 4, &c3);
    char *d1 = describe(s1, c1), *d2 = describe(s2, c2), *d3 = describe(s3, c3);

    cr_expect_str_eq(d1, d2);
    cr_expect_str_eq(d1, d3);
    cr_expect_eq(type_of(s1, c1, "original", "reworded"), RP_REL_REWRITE);
    cr_expect_eq(type_of(s1, c1, "original", "reordered"), RP_REL_REWRITE);
    cr_expect_neq(type_of(s1, c1, "original", "independent"), RP_REL_REWRITE);
    free(d1);
    free(d2);
    free(d3);
    rp_scan_free(s1);
    rp_scan_free(s2);
    rp_scan_free(s3);
    rp_corpus_free(c1);
    rp_corpus_free(c2);
    rp_corpus_free(c3);
}

Test(rewrite, empty_short_and_one_word_articles_make_no_rewrite)
{
    static char repeated[20001];
    for (size_t i = 0; i < 20000; i += 2) {
        repeated[i] = 'a';
        repeated[i + 1] = ' ';
    }
    const struct doc docs[] = {{"empty", ""},          {"dot", "."},
                               {"one", "Word."},       {"repeated", repeated},
                               {"original", original}, {"short", "Ferry ran aground."}};
    rp_corpus *c;
    rp_scan *s = scan_docs(docs, 6, 2, &c);

    for (size_t i = 0; i < rp_scan_relation_count(s); i++)
        cr_expect_neq(rp_scan_relation(s, i)->type, RP_REL_REWRITE);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(rewrite, the_seeds_relate_001_to_002_as_a_rewrite_and_no_independent_pair)
{
    const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
    char path[4096];
    struct stat st;
    rp_corpus *c;
    rp_options o;
    rp_scan *s;

    snprintf(path, sizeof(path), "%s/seeds", shared);
    if (stat(path, &st) != 0) {
        cr_skip_test("%s not found: the seeds live in ../shared", path);
        return;
    }
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read(c, path, 0, NULL, NULL), RP_OK);
    rp_options_default(&o);
    cr_assert_eq(rp_scan_run(c, &o, &s), RP_OK);
    const rp_relation *r = find(s, c, "001_4016603ca77bb2f9", "002_bc846421cfa7926a");
    cr_assert_not_null(r);
    cr_expect_eq(r->type, RP_REL_REWRITE, "001-002 is %s", rp_relation_type_name(r->type));
    check_sentences(c, r);
    cr_expect_eq(type_of(s, c, "000_17e5b99f851c6b9e", "002_bc846421cfa7926a"), RP_REL_COPY);
    cr_expect_neq(type_of(s, c, "002_bc846421cfa7926a", "004_447baae5077cd307"), RP_REL_REWRITE);
    cr_expect_neq(type_of(s, c, "003_a0b66537df37ba75", "004_447baae5077cd307"), RP_REL_REWRITE);
    rp_scan_free(s);
    rp_corpus_free(c);
}

/* Direct: sentences of a text against themselves align one to one. */
Test(rewrite, a_text_aligned_with_itself_pairs_each_sentence_with_itself)
{
    struct rp_text t = {0};
    struct rp__terms w = {0};
    struct rp__sents ss = {0};
    struct rp__alignment ab = {0}, ba = {0};
    struct rp__stemmer stemmer = {0};

    cr_assert_eq(rp__text_analyze(&t, original, strlen(original)), RP_OK);
    cr_assert_eq(rp__stemmer_init(&stemmer), RP_OK);
    cr_assert_eq(rp__terms_build(&w, &t, &stemmer, 1), RP_OK);
    cr_assert_eq(rp__sents_build(&ss, &w), RP_OK);
    cr_assert_eq(rp__rewrite_align(&w, &ss, &w, &ss, &ab, &ba), RP_OK);
    cr_expect_eq(ab.count, ss.count);
    for (size_t k = 0; k < ab.count; k++) {
        cr_expect_eq(ab.pairs[k].a, k);
        cr_expect_eq(ab.pairs[k].b, k);
        cr_expect(ab.pairs[k].copied);
    }
    cr_expect_float_eq(ab.b_share, 1.0, 1e-9);
    cr_expect_float_eq(ab.b_reworded, 0.0, 1e-9);
    cr_expect_not(rp__rewrite_is(&ab)); /* copied, not reworded */
    rp__alignment_release(&ab);
    rp__alignment_release(&ba);
    rp__sents_release(&ss);
    rp__terms_release(&w);
    rp__text_release(&t);
    rp__stemmer_release(&stemmer);
}
