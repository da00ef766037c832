/* test_boilerplate.c: page furniture is flagged by its cues and by its repetition across
 * unrelated articles, prose and text shared within one story are not, and no relation rests
 * on furniture. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "reprint.h"
#include "../../lib/text/boilerplate.h"

static size_t flagged(const char *text, const char *what)
{
    rp_text *t;
    rp_token *spans = NULL;
    size_t count = 0, cap = 0, found = 0;
    const char *at = strstr(text, what);

    cr_assert_not_null(at, "test text lacks '%s'", what);
    cr_assert_eq(rp_text_new(&t), RP_OK);
    cr_assert_eq(rp_text_analyze(t, text, strlen(text)), RP_OK);
    cr_assert_eq(rp__boilerplate_spans(t, &spans, &count, &cap), RP_OK);
    for (size_t i = 0; i < count; i++)
        if (spans[i].start <= (size_t)(at - text) &&
            spans[i].end >= (size_t)(at - text) + strlen(what))
            found = 1;
    free(spans);
    rp_text_free(t);
    return found;
}

static const char page[] =
    "Harbour wall to be rebuilt by spring\n"
    "By Jane Doe\n"
    "The council voted on Monday to rebuild the harbour wall before the spring tides. Follow "
    "us on WhatsApp for breaking news.\n"
    "Work will start in January and cost 18 million euros, the mayor said.\n"
    "Most Read\n"
    "Ferry keeps its night crossing\n"
    "Five cliff walks to try\n"
    "Engineers said the old stone had been patched twice since 2019 and could not be saved.\n"
    "Sign up for our morning newsletter: news@herald.example\n"
    "(c) 2025 The Herald. All rights reserved.\n";

Test(boilerplate, furniture_is_flagged_by_its_cues)
{
    cr_expect(flagged(page, "By Jane Doe"));
    cr_expect(flagged(page, "Follow us on WhatsApp for breaking news."));
    cr_expect(flagged(page, "Most Read"));
    cr_expect(flagged(page, "Five cliff walks to try"));
    cr_expect(flagged(page, "Sign up for our morning newsletter"));
    cr_expect(flagged(page, "All rights reserved."));
}

Test(boilerplate, prose_is_not_flagged)
{
    cr_expect(!flagged(page, "Harbour wall to be rebuilt by spring"));
    cr_expect(!flagged(page, "The council voted on Monday"));
    cr_expect(!flagged(page, "Work will start in January"));
    cr_expect(!flagged(page, "Engineers said the old stone"));
}

Test(boilerplate, two_articles_of_one_site_sharing_only_furniture_are_not_related)
{
    static const char footer[] =
        "\nFollow the Herald on WhatsApp for breaking news as it happens.\n"
        "Sign up for the Herald morning newsletter: news@herald.example\n"
        "(c) 2025 The Herald. All rights reserved.\n";
    char a[2048], b[2048];
    rp_corpus *c;
    rp_scan *s;
    rp_article x = {0};

    snprintf(a, sizeof(a),
             "Chess title goes to a teenager\nA fifteen-year-old won the open "
             "chess tournament on Sunday after a five-hour final.%s",
             footer);
    snprintf(b, sizeof(b),
             "Council keeps the night ferry\nThe council voted to keep the "
             "night ferry running through the winter months.%s",
             footer);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    x.published = RP_TIME_NONE;
    x.id = "a";
    x.text = a;
    x.text_len = strlen(a);
    cr_assert_eq(rp_corpus_add(c, &x), RP_OK);
    x.id = "b";
    x.text = b;
    x.text_len = strlen(b);
    cr_assert_eq(rp_corpus_add(c, &x), RP_OK);
    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    cr_expect_eq(rp_scan_relation_count(s), 0);
    rp_scan_free(s);
    rp_corpus_free(c);
}

/* Captions, bios, footers, embedded posts and lead-in lines, each in a page of prose. */
static const char tail_page[] =
    "Ferry keeps its night crossing through the winter\n"
    "The council voted on Tuesday to keep the night ferry running through the winter months, "
    "after a petition signed by more than two thousand islanders.\n"
    "Passengers wait for the evening ferry at the harbour in Kestrel Bay, March 3, 2025. "
    "Jane Roe/Coastal Herald via REUTERS/file photo\n"
    "The operator had planned to stop the last crossing in November to save fuel, the mayor "
    "said, but the island school and the hospital depend on it.\n"
    "Read more: Harbour bakery wins regional prize\n"
    "Islanders celebrate the vote pic.twitter.com/AbCdEf1234\n"
    "\xE2\x80\x94 Island Voice (@islandvoice) March 4, 2025\n"
    "The ferry will run on the old timetable until the new boat arrives in the spring, the "
    "operator said in a statement on Wednesday.\n"
    "About the reporter\n"
    "Tom Quill is a senior reporter at the Coastal Herald who covers transport and the "
    "islands.\n"
    "Home | News | Sport | Islands | Weather | Contact\n";

Test(boilerplate, captions_bios_posts_and_footers_are_flagged_by_their_cues)
{
    cr_expect(flagged(tail_page, "Passengers wait for the evening ferry"));
    cr_expect(flagged(tail_page, "via REUTERS/file photo"));
    cr_expect(flagged(tail_page, "Read more: Harbour bakery wins regional prize"));
    cr_expect(flagged(tail_page, "Islanders celebrate the vote"));
    cr_expect(flagged(tail_page, "Island Voice (@islandvoice) March 4, 2025"));
    cr_expect(flagged(tail_page, "About the reporter"));
    cr_expect(flagged(tail_page, "Tom Quill is a senior reporter"));
    cr_expect(flagged(tail_page, "Home | News | Sport"));
}

Test(boilerplate, the_prose_around_them_is_not)
{
    cr_expect(!flagged(tail_page, "Ferry keeps its night crossing"));
    cr_expect(!flagged(tail_page, "The council voted on Tuesday"));
    cr_expect(!flagged(tail_page, "The operator had planned"));
    cr_expect(!flagged(tail_page, "The ferry will run on the old timetable"));
}

Test(boilerplate, a_sentence_about_a_reporter_the_article_names_is_not_a_bio)
{
    static const char text[] =
        "Reporter freed after a week in custody\n"
        "Police released Mara Lind on Friday after holding her for a week without charge, her "
        "lawyer said.\n"
        "Mara Lind is a freelance reporter who has worked in the region since 2015.\n";

    cr_expect(!flagged(text, "Mara Lind is a freelance reporter"));
}

Test(boilerplate, phrases_that_prose_also_uses_are_not_calls_to_action)
{
    static const char text[] =
        "Investigators follow the money\n"
        "It was a three-word road map to the heart of the matter: \"Follow the money.\"\n"
        "Like other phones of its kind, it has a camera and an app store for games.\n"
        "Customers can sign up for alerts on the operator's web site before the launch.\n"
        "The paper printed a newsletter for its readers in the 1990s.\n";

    cr_expect(!flagged(text, "Follow the money."));
    cr_expect(!flagged(text, "Like other phones"));
    cr_expect(!flagged(text, "The paper printed a newsletter"));
}

/* ---- repetition across articles ---- */

struct doc {
    const char *id, *source, *text;
};

static rp_corpus *corpus_of(const struct doc *docs, size_t n, int reversed)
{
    rp_corpus *c;

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    for (size_t k = 0; k < n; k++) {
        const struct doc *d = &docs[reversed ? n - 1 - k : k];
        rp_article x = {0};
        x.published = RP_TIME_NONE;
        x.id = d->id;
        x.source = d->source;
        x.text = d->text;
        x.text_len = strlen(d->text);
        cr_assert_eq(rp_corpus_add(c, &x), RP_OK);
    }
    return c;
}

/* Whether the bytes of 'what' in article 'id' lie inside its flagged spans. */
static int scan_flagged(const rp_scan *s, const rp_corpus *c, const char *id, const char *what)
{
    for (size_t i = 0; i < rp_corpus_count(c); i++) {
        const rp_article *a = rp_corpus_get(c, i);
        rp_article_info in;
        if (strcmp(a->id, id) != 0)
            continue;
        const char *at = strstr(a->text, what);
        cr_assert_not_null(at, "%s lacks '%s'", id, what);
        const size_t b = (size_t)(at - a->text), e = b + strlen(what);
        rp_scan_article(s, i, &in);
        for (size_t k = 0; k < in.boilerplate_count; k++)
            if (in.boilerplate[k].start <= b && in.boilerplate[k].end >= e)
                return 1;
        return 0;
    }
    cr_assert_fail("no article '%s'", id);
    return 0;
}

/* A block of the site's own text without any cue: only its repetition gives it away. */
#define COURIER_BLOCK                                                                              \
    "The Kestrel Courier has served the harbour towns of the north coast since 1921.\n"            \
    "Letters for the editor can be left at the front desk on Quay Street.\n"

static const struct doc courier[] = {
    {"chess", "Kestrel Courier",
     "Teenager wins the open chess tournament\n"
     "A fifteen-year-old student won the open chess tournament on Sunday, beating the "
     "three-time champion in a final game that lasted almost five hours.\n"
     "Organisers counted a record number of players from neighbouring countries.\n" COURIER_BLOCK},
    {"ferry", "Kestrel Courier",
     "Council keeps the night ferry running\n"
     "Councillors voted to keep the night ferry running through the winter months after "
     "islanders signed a petition against the cut.\n"
     "The operator wanted to save fuel by stopping the last crossing in November.\n" COURIER_BLOCK},
    {"bakery", "Kestrel Courier",
     "Harbour bakery wins a regional prize\n"
     "A family bakery beside the fish market won the regional prize for its rye loaf, "
     "baked in a wood oven that is older than the bakery itself.\n"
     "The judges praised the crust and the sour flavour of the dough.\n" COURIER_BLOCK},
};

Test(boilerplate, a_block_that_unrelated_articles_of_one_source_share_is_flagged)
{
    rp_corpus *c = corpus_of(courier, 2, 0);
    rp_scan *s;
    rp_text *t;
    rp_token *spans = NULL;
    size_t count = 0, cap = 0;

    /* no cue flags it: only the repetition does */
    cr_assert_eq(rp_text_new(&t), RP_OK);
    cr_assert_eq(rp_text_analyze(t, courier[0].text, strlen(courier[0].text)), RP_OK);
    cr_assert_eq(rp__boilerplate_spans(t, &spans, &count, &cap), RP_OK);
    cr_expect_eq(count, 0);
    free(spans);
    rp_text_free(t);
    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    cr_expect(scan_flagged(s, c, "chess", "The Kestrel Courier has served"));
    cr_expect(scan_flagged(s, c, "ferry", "Letters for the editor can be left"));
    cr_expect(!scan_flagged(s, c, "chess", "A fifteen-year-old student"));
    cr_expect(!scan_flagged(s, c, "ferry", "Councillors voted"));
    cr_expect_eq(rp_scan_relation_count(s), 0, "%zu relations rest on the shared block",
                 rp_scan_relation_count(s));
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(boilerplate, without_a_source_the_block_needs_five_unrelated_articles)
{
    struct doc docs[5];
    static const struct doc more[] = {
        {"quay", NULL,
         "Quay repairs start in May\n"
         "Engineers will begin repairing the crumbling stone quay in May, closing the north "
         "berth to trawlers for six weeks while divers replace the foundations.\n" COURIER_BLOCK},
        {"choir", NULL,
         "Choir sings in the lighthouse\n"
         "The town choir gave a concert inside the old lighthouse on Saturday evening, singing "
         "sea shanties and hymns to an audience seated on the spiral staircase.\n" COURIER_BLOCK},
    };
    rp_corpus *c;
    rp_scan *s;

    for (size_t k = 0; k < 3; k++)
        docs[k] = (struct doc){courier[k].id, NULL, courier[k].text};
    c = corpus_of(docs, 3, 0);
    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    cr_expect(!scan_flagged(s, c, "chess", "The Kestrel Courier has served"));
    rp_scan_free(s);
    rp_corpus_free(c);
    docs[3] = more[0];
    docs[4] = more[1];
    c = corpus_of(docs, 5, 0);
    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    for (size_t k = 0; k < 5; k++)
        cr_expect(scan_flagged(s, c, docs[k].id, "Letters for the editor can be left"), "%s",
                  docs[k].id);
    rp_scan_free(s);
    rp_corpus_free(c);
}

/* Six outlets' own reports of one event, each with the same quoted paragraph. */
#define QUOTE                                                                                      \
    "\"The wall held for ninety years and tonight it simply gave way,\" Mayor Ilse Varga told "    \
    "reporters by telephone from the town hall.\n"

static const struct doc outlets[] = {
    {"o1", "Northern Wire",
     "Sea wall breached in Kestrel Bay\n"
     "A storm surge broke through the sea wall of Kestrel Bay on Friday and flooded the "
     "harbour district, forcing hundreds from their homes.\n" QUOTE},
    {"o2", "Coastal Herald",
     "Kestrel Bay evacuated after the sea wall fails\n"
     "Hundreds of residents of Kestrel Bay left their homes when the storm surge tore a gap "
     "in the sea wall next to the lifeboat station.\n" QUOTE},
    {"o3", "Island Radio",
     "Flood in Kestrel Bay harbour\n"
     "Water poured over the quay of Kestrel Bay after the storm surge breached the old sea "
     "wall, and the lower town was evacuated overnight.\n" QUOTE},
    {"o4", "Daily Ledger",
     "Mayor of Kestrel Bay orders the lower town to leave\n"
     "The mayor of Kestrel Bay ordered the lower town evacuated after the sea wall gave way "
     "in the storm surge before dawn on Friday.\n" QUOTE},
    {"o5", "News Pulse",
     "Storm surge smashes Kestrel Bay sea wall\n"
     "Kestrel Bay lost a forty-metre stretch of its sea wall to the storm surge, and the "
     "harbour district stood under water by morning.\n" QUOTE},
    {"o6", "Harbour Times",
     "Kestrel Bay sea wall gives way\n"
     "Engineers in Kestrel Bay raced to close a gap in the sea wall after the storm surge "
     "flooded the harbour district and the old town.\n" QUOTE},
};

Test(boilerplate, a_quote_that_many_outlets_share_about_one_story_is_reuse_not_furniture)
{
    rp_corpus *c = corpus_of(outlets, 6, 0);
    rp_scan *s;
    size_t quotes = 0;

    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    for (size_t k = 0; k < 6; k++)
        cr_expect(!scan_flagged(s, c, outlets[k].id, "simply gave way"), "%s", outlets[k].id);
    for (size_t k = 0; k < rp_scan_relation_count(s); k++)
        quotes += rp_scan_relation(s, k)->passage_count > 0;
    cr_expect_gt(quotes, 0, "the shared quotation relates no pair");
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(boilerplate, two_versions_of_one_article_of_one_source_share_no_furniture)
{
    static const struct doc versions[] = {
        {"v1", "Coastal Herald",
         "Sea wall breached in Kestrel Bay\n"
         "A storm surge broke through the sea wall of Kestrel Bay on Friday and flooded the "
         "harbour district, forcing hundreds from their homes.\n"
         "Engineers from the coastal authority were due to inspect the damage at first "
         "light.\n"},
        {"v2", "Coastal Herald",
         "Sea wall breached in Kestrel Bay, hundreds evacuated\n"
         "A storm surge broke through the sea wall of Kestrel Bay on Friday and flooded the "
         "harbour district, forcing hundreds from their homes.\n"
         "Engineers from the coastal authority were due to inspect the damage at first "
         "light.\n"
         "Temporary barriers of sandbags and steel sheet will be in place before the next "
         "high tide, the authority said.\n"},
    };
    rp_corpus *c = corpus_of(versions, 2, 0);
    rp_scan *s;

    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    cr_expect(!scan_flagged(s, c, "v1", "Engineers from the coastal authority"));
    cr_expect(!scan_flagged(s, c, "v2", "A storm surge broke through"));
    cr_expect_eq(rp_scan_relation_count(s), 1);
    rp_scan_free(s);
    rp_corpus_free(c);
}

/* Article k of a made-up corpus: a title and a sentence of made-up words of its own, then
 * the courier's block; one in two has the courier as its source. */
static void made_up(size_t k, char *buf, size_t cap, struct doc *d, char *id, size_t id_cap)
{
    uint64_t x = 0x9e3779b97f4a7c15u * (k + 1);
    size_t n = (size_t)snprintf(buf, cap, "Report number %zu\nThe", k);

    for (int w = 0; w < 24 && n + 16 < cap; w++) {
        buf[n++] = ' ';
        for (int c = 0; c < 6; c++) {
            x = x * 6364136223846793005u + 1442695040888963407u;
            buf[n++] = (char)('a' + (x >> 59) % 26);
        }
    }
    snprintf(buf + n, cap - n, ".\n%s", COURIER_BLOCK);
    snprintf(id, id_cap, "r%02zu", k);
    *d = (struct doc){id, k % 2 ? "Kestrel Courier" : NULL, buf};
}

Test(boilerplate, repetition_flags_do_not_depend_on_threads_or_input_order)
{
    enum { N = 40 };
    static char texts[N][512], ids[N][8];
    struct doc docs[N + 6];
    rp_token first[N + 6][8];
    size_t first_count[N + 6], flagged_count = 0;

    for (size_t k = 0; k < N; k++)
        made_up(k, texts[k], sizeof(texts[k]), &docs[k], ids[k], sizeof(ids[k]));
    for (size_t k = 0; k < 6; k++)
        docs[N + k] = outlets[k];
    for (int run = 0; run < 4; run++) {
        rp_corpus *c = corpus_of(docs, N + 6, run & 1);
        rp_options o;
        rp_scan *s;
        rp_options_default(&o);
        o.thread_count = run < 2 ? 1 : 4;
        cr_assert_eq(rp_scan_run(c, &o, &s), RP_OK);
        for (size_t i = 0; i < N + 6; i++) {
            const rp_article *a = rp_corpus_get(c, i);
            size_t k = 0;
            rp_article_info in;
            while (strcmp(docs[k].id, a->id) != 0)
                k++;
            rp_scan_article(s, i, &in);
            cr_assert_leq(in.boilerplate_count, 8);
            if (run == 0) {
                first_count[k] = in.boilerplate_count;
                flagged_count += in.boilerplate_count > 0;
                if (in.boilerplate_count > 0)
                    memcpy(first[k], in.boilerplate, in.boilerplate_count * sizeof(rp_token));
                continue;
            }
            cr_expect_eq(in.boilerplate_count, first_count[k], "%s, run %d", a->id, run);
            for (size_t j = 0; j < in.boilerplate_count && j < first_count[k]; j++)
                cr_expect(in.boilerplate[j].start == first[k][j].start &&
                              in.boilerplate[j].end == first[k][j].end,
                          "%s, run %d", a->id, run);
        }
        rp_scan_free(s);
        rp_corpus_free(c);
    }
    cr_expect_eq(flagged_count, N, "the block is flagged in %zu of the %d articles that carry it",
                 flagged_count, N);
}

Test(boilerplate, agencies_named_in_prose_are_not_photo_credits)
{
    static const char text[] =
        "Support for the mayor falls\n"
        "Support for the mayor fell to 38 percent in March, according to a Reuters/Ipsos poll.\n"
        "The photograph of the summit was distributed by Getty Images.\n"
        "Voters queue outside a polling station in the old town on Sunday. REUTERS/Jane Roe\n"
        "\"Tell us what you saw,\" the officer said to the witnesses.\n";

    cr_expect(!flagged(text, "according to a Reuters/Ipsos poll."));
    cr_expect(!flagged(text, "distributed by Getty Images."));
    cr_expect(flagged(text, "Voters queue outside a polling station"));
    cr_expect(!flagged(text, "Tell us what you saw"));
}

Test(boilerplate, dated_bylines_and_section_lists_are_flagged)
{
    static const char text[] =
        "The quiet village that became a film set\n"
        "Posted on June 12, 2024 by Sam Carter\n"
        "Nobody in the village expected the film crew to stay for three months, but by the end "
        "of the summer the pub had a new sign and the church a fresh coat of paint.\n"
        "More from Local\n"
        "Village fete returns after a decade\n"
        "Bus route saved after petition\n";

    cr_expect(flagged(text, "Posted on June 12, 2024 by Sam Carter"));
    cr_expect(flagged(text, "More from Local"));
    cr_expect(flagged(text, "Bus route saved after petition"));
    cr_expect(!flagged(text, "Nobody in the village expected"));
}
