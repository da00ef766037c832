/* test_story.c: stories from term similarity and reuse: two events of one kind apart (by
 * their words, and by the years they write), no chaining through one shared passage or one
 * generic article, the same partition and provenance whatever the input order or thread
 * count, the time window, who was first, and titles of one story gathered by their centroids. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reprint.h"
#include "../../lib/story/anchors.h"
#include "../../lib/story/centroid.h"

/* Two earthquakes: what reports of each may say. They share the words of the kind of event
 * (earthquake, magnitude, rescuers, aftershocks, toll) and differ in places, names, numbers
 * and details, as two real events do. */
static const char *const quake_a[8] = {
    "An earthquake of magnitude 6.1 struck the fjord town of Varnholt on Tuesday, killing "
    "fourteen people.",
    "Ingrid Solberg of the Varnholt civil defence said rescuers were searching the collapsed "
    "timber warehouses by the ferry pier.",
    "The Halvard ferry broke its moorings and drifted across the fjord before tugboats "
    "towed it back.",
    "\"We are still counting the damage along the waterfront,\" Solberg told reporters at the "
    "town hall in Varnholt.",
    "The lutheran church and two schools in Varnholt opened as shelters for families from the "
    "harbour streets.",
    "Aftershocks rattled Varnholt through Tuesday night while snow fell on the mountain road "
    "to Bergstad.",
    "The toll of fourteen could rise, Solberg warned, as divers checked the sunken fishing "
    "boats.",
    "Seismologists at the Bergstad observatory said the magnitude 6.1 quake was shallow, about "
    "nine kilometres under the fjord."};
static const char *const quake_b[8] = {
    "A magnitude 4.8 earthquake shook the desert mining district of Cerro Blanco on Sunday, "
    "killing three miners.",
    "Tomas Aguirre, chief of the Cerro Blanco fire brigade, said rescuers reached the copper "
    "mine shaft after six hours.",
    "The Esperanza copper mine flooded when a water main burst in the second gallery.",
    "\"The tunnels held, but the pumps failed,\" Aguirre told the Radio Atacama station on "
    "Sunday evening.",
    "The mining company El Condor sent buses to carry the night shift home to the valley.",
    "Aftershocks were felt as far as the port of Antofagasta, where cranes stopped for an "
    "hour.",
    "The toll of three could rise, the company said, as two miners were still missing in the "
    "lower gallery.",
    "Geologists at the university of Atacama said the 4.8 quake was deep, under the salt "
    "flats east of the mine."};

/* A report of one event: 'count' of its sentences from 'from' on (wrapping round). */
static char *report(const char *const *event, int from, int count)
{
    char *text = calloc(4096, 1);
    size_t len = 0;

    for (int k = 0; k < count; k++)
        len += (size_t)snprintf(text + len, 4096 - len, "%s ", event[(from + k) % 8]);
    return text;
}

struct doc {
    const char *id;
    char *text;
    int64_t published;
};

static rp_scan *scan(const struct doc *docs, size_t n, const rp_options *opt, rp_corpus **out)
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
        a.published = docs[i].published;
        cr_assert_eq(rp_corpus_add(c, &a), RP_OK);
    }
    if (opt == NULL)
        rp_options_default(&o);
    else
        o = *opt;
    cr_assert_eq(rp_scan_run(c, &o, &s), RP_OK);
    *out = c;
    return s;
}

static const rp_story *story_of(const rp_corpus *c, const rp_scan *s, const char *id)
{
    for (size_t i = 0; i < rp_scan_story_count(s); i++) {
        const rp_story *st = rp_scan_story(s, i);
        for (size_t k = 0; k < st->article_count; k++)
            if (strcmp(rp_corpus_get(c, st->articles[k])->id, id) == 0)
                return st;
    }
    return NULL;
}

static int role_of(const rp_corpus *c, const rp_story *st, const char *id)
{
    for (size_t k = 0; k < st->article_count; k++)
        if (strcmp(rp_corpus_get(c, st->articles[k])->id, id) == 0)
            return st->roles[k];
    return -1;
}

static int together(const rp_corpus *c, const rp_scan *s, const char *x, const char *y)
{
    return story_of(c, s, x) == story_of(c, s, y);
}

/* Two earthquakes, six reports each, plus unrelated articles. */
static size_t two_quakes(struct doc *docs)
{
    static char ids[12][16];
    static const char *const other[] = {
        "Teenager Nina Halvorsen won the Marrow open chess tournament after a five-hour final "
        "game against the three-time champion.",
        "The city council of Dunmore approved a new cycle lane along the river and a bridge "
        "for pedestrians, to be finished next spring.",
        "Shares of the Kestrel Shipping Company rose after it reported record freight volumes "
        "for the second quarter."};
    size_t n = 0;

    for (unsigned r = 0; r < 6; r++) {
        snprintf(ids[r], sizeof(ids[r]), "a%u", r);
        docs[n++] = (struct doc){ids[r], report(quake_a, 3 * (int)r, 3), RP_TIME_NONE};
        snprintf(ids[6 + r], sizeof(ids[6 + r]), "b%u", r);
        docs[n++] = (struct doc){ids[6 + r], report(quake_b, 3 * (int)r, 3), RP_TIME_NONE};
    }
    for (size_t k = 0; k < 3; k++) {
        static char oid[3][24];
        snprintf(oid[k], sizeof(oid[k]), "o%zu", k);
        docs[n++] = (struct doc){oid[k], strdup(other[k]), RP_TIME_NONE};
    }
    return n;
}

static void free_docs(struct doc *docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(docs[i].text);
}

Test(story, two_earthquakes_of_one_kind_are_two_stories)
{
    struct doc docs[20];
    const size_t n = two_quakes(docs);
    rp_corpus *c;
    rp_scan *s = scan(docs, n, NULL, &c);
    size_t total = 0;

    for (size_t i = 0; i < rp_scan_story_count(s); i++)
        total += rp_scan_story(s, i)->article_count;
    cr_expect_eq(total, n, "every article is in exactly one story");
    for (unsigned r = 1; r < 6; r++) {
        char a[16], b[16];
        snprintf(a, sizeof(a), "a%u", r);
        snprintf(b, sizeof(b), "b%u", r);
        cr_expect(together(c, s, "a0", a), "%s is with a0", a);
        cr_expect(together(c, s, "b0", b), "%s is with b0", b);
    }
    cr_expect(!together(c, s, "a0", "b0"), "the two earthquakes are apart");
    cr_expect(!together(c, s, "a0", "o0") && !together(c, s, "o0", "o1"));
    rp_scan_free(s);
    rp_corpus_free(c);
    free_docs(docs, n);
}

Test(story, one_shared_passage_does_not_chain_two_stories)
{
    struct doc docs[20];
    size_t n = two_quakes(docs);
    rp_corpus *c;
    char *mixed = calloc(8192, 1);

    /* b5 also quotes one sentence of the other story: a reuse relation that explains a small
     * part of either text, so a weak link */
    snprintf(mixed, 8192, "%s %s", docs[11].text, quake_a[3]);
    free(docs[11].text);
    docs[11].text = mixed;
    rp_scan *s = scan(docs, n, NULL, &c);
    int copy = 0;
    for (size_t i = 0; i < rp_scan_relation_count(s); i++) {
        const rp_relation *r = rp_scan_relation(s, i);
        copy |= r->type <= RP_REL_QUOTE && strcmp(rp_corpus_get(c, r->b)->id, "b5") == 0 &&
                rp_corpus_get(c, r->a)->id[0] == 'a';
    }
    cr_expect(copy, "b5 shares a passage with the other story");
    cr_expect(!together(c, s, "a1", "b1"), "the stories stay apart");
    cr_expect(together(c, s, "b5", "b0") && !together(c, s, "b5", "a0"),
              "b5 stays with its own story");
    rp_scan_free(s);
    rp_corpus_free(c);
    free_docs(docs, n);
}

Test(story, one_generic_article_does_not_chain_two_stories)
{
    struct doc docs[20];
    size_t n = two_quakes(docs);
    rp_corpus *c;

    docs[n++] = (struct doc){
        "g",
        strdup("Earthquakes this week: Varnholt and Cerro Blanco counted the damage, rescuers "
               "searched collapsed houses, aftershocks shook both towns and schools opened "
               "as shelters. Ingrid Solberg and Tomas Aguirre warned the toll could rise."),
        RP_TIME_NONE};
    rp_scan *s = scan(docs, n, NULL, &c);
    cr_expect(!together(c, s, "a1", "b1"), "the stories stay apart");
    rp_scan_free(s);
    rp_corpus_free(c);
    free_docs(docs, n);
}

/* Two floods of one river at one town, years apart: the same places, the same kind of
 * damage, different details; the reports of the recent one write its year. */
static const char *const flood_new[8] = {
    "The river Aven burst its banks at Kellsbridge on Monday and flooded three hundred homes "
    "in the lower town.",
    "Mayor Helen Farrow said firefighters carried elderly residents from the almshouses by "
    "boat.",
    "Sandbags ran out at the market square before the water reached the railway bridge.",
    "\"We have never seen the Aven rise so fast,\" Farrow told reporters at the town hall.",
    "The Kellsbridge grammar school and the leisure centre opened as shelters for families.",
    "The Environment Agency said the river peaked at four metres, a record for the town.",
    "Insurers put the damage at twelve million pounds as the water slowly fell.",
    "Farrow said the flood defences promised after the last flood had never been built."};
static const char *const flood_old[8] = {
    "The river Aven burst its banks at Kellsbridge on Friday and flooded ninety homes near "
    "the mill in the lower town.",
    "Mayor Tom Ashdown said firefighters and the coastguard lifted a family from the roof of "
    "the tannery by boat.",
    "Sandbags were handed out at the fire station until the water from the Aven closed the "
    "ring road and the railway bridge.",
    "\"The Aven rose overnight and took the footbridge,\" Ashdown told reporters at the "
    "Kellsbridge town hall.",
    "The Kellsbridge sports hall opened as a shelter for families from the lower town.",
    "The Environment Agency said the water stood three metres above normal at the weir.",
    "Farmers upstream of the town lost sheep as the water of the Aven stayed on the meadows.",
    "Ashdown said Kellsbridge needed flood defences on the Aven before the winter rains."};

/* A report of one event as report() makes it, after a dateline (or none). */
static char *dated_report(const char *dateline, const char *const *event, int from, int count)
{
    char *body = report(event, from, count), *text = calloc(4096, 1);

    snprintf(text, 4096, "%s%s", dateline, body);
    free(body);
    return text;
}

/* Six reports of each flood, the recent one's with its year in a date line. */
static void two_floods(struct doc *docs)
{
    static char ids[12][8];

    for (unsigned r = 0; r < 6; r++) {
        snprintf(ids[r], sizeof(ids[r]), "new%u", r);
        docs[r] = (struct doc){
            ids[r], dated_report("Kellsbridge, 2021. ", flood_new, 3 * (int)r, 3), RP_TIME_NONE};
        snprintf(ids[6 + r], sizeof(ids[6 + r]), "old%u", r);
        docs[6 + r] = (struct doc){ids[6 + r], report(flood_old, 3 * (int)r, 3), RP_TIME_NONE};
    }
}

Test(story, two_floods_of_one_town_in_different_years_are_two_stories)
{
    struct doc docs[12];
    rp_corpus *c;

    two_floods(docs);
    rp_scan *s = scan(docs, 12, NULL, &c);
    for (unsigned r = 1; r < 6; r++) {
        char a[8], b[8];
        snprintf(a, sizeof(a), "new%u", r);
        snprintf(b, sizeof(b), "old%u", r);
        cr_expect(together(c, s, "new0", a), "%s is with new0", a);
        cr_expect(together(c, s, "old0", b), "%s is with old0", b);
    }
    cr_expect(!together(c, s, "new0", "old0"), "the two floods are apart");
    rp_scan_free(s);
    rp_corpus_free(c);
    free_docs(docs, 12);
}

Test(story, one_event_whose_reports_write_its_year_or_not_is_one_story)
{
    static char ids[8][8];
    struct doc docs[8];
    rp_corpus *c;

    for (unsigned r = 0; r < 8; r++) {
        snprintf(ids[r], sizeof(ids[r]), "q%u", r);
        docs[r] = (struct doc){
            ids[r],
            dated_report(r % 3 == 0 ? "Varnholt, 2019. " : "", quake_a, 3 * (int)r, 2 + (int)r % 3),
            RP_TIME_NONE};
    }
    rp_scan *s = scan(docs, 8, NULL, &c);
    cr_expect_eq(story_of(c, s, "q0")->article_count, 8);
    rp_scan_free(s);
    rp_corpus_free(c);
    free_docs(docs, 8);
}

/* A cluster's tally of years: 'with' of its 'size' articles write each year in 'years'. */
static struct rp__anchors_tally tally(const uint16_t *years, size_t n, size_t with, size_t size)
{
    struct rp__anchors_tally t = {0};

    for (size_t k = 0; k < size; k++)
        cr_assert_eq(rp__anchors_tally_add(&t, years, k < with ? n : 0), RP_OK);
    return t;
}

Test(story, a_year_is_a_word_of_four_digits_from_1800_to_2099)
{
    const char *text = "In 2013 some 1500 guests and 12000 fans, 1799 and 2100 and 2,013, "
                       "came back from 1801; 2099 AD.";
    struct rp_text t = {0};
    struct rp__anchors_years y = {{0}};
    uint16_t list[RP__ANCHORS_YEAR_COUNT];

    cr_assert_eq(rp__text_analyze(&t, text, strlen(text)), RP_OK);
    rp__anchors_scan(&y, &t);
    rp__anchors_scan(&y, &t); /* a set: twice is once */
    cr_assert_eq(rp__anchors_list(&y, list), 3);
    cr_expect(list[0] == 1801 && list[1] == 2013 && list[2] == 2099);
    rp__text_release(&t);
}

Test(story, a_year_most_of_a_cluster_writes_and_another_leaves_out_keeps_them_apart)
{
    const uint16_t recent[] = {1998, 2021}, earlier[] = {1998};
    struct rp__anchors_tally a = tally(recent, 2, 5, 6), b = tally(earlier, 1, 1, 4);

    cr_expect(rp__anchors_apart(&a, 6, &b, 4), "none of four writes the 2021 of five of six");
    cr_expect(rp__anchors_apart(&b, 4, &a, 6), "the test is symmetric");
    cr_expect(!rp__anchors_apart(&a, 6, &b, 1), "one report leaving it out is chance");
    cr_assert_eq(rp__anchors_tally_merge(&a, &b), RP_OK);
    cr_expect_eq(b.count, 0);
    cr_expect(a.count == 2 && a.v[0].year == 1998 && a.v[0].articles == 6 && a.v[1].articles == 5);
    rp__anchors_tally_release(&a);
    rp__anchors_tally_release(&b);
}

Test(story, years_that_are_no_habit_or_a_follow_up_keep_nothing_apart)
{
    const uint16_t later[] = {2008, 2011}, first[] = {2008}, one[] = {2021};
    struct rp__anchors_tally none = {0};
    struct rp__anchors_tally two = tally(one, 1, 2, 2), few = tally(one, 1, 2, 6);
    struct rp__anchors_tally follow = tally(later, 2, 4, 4), event = tally(first, 1, 4, 5);

    cr_expect(!rp__anchors_apart(&two, 2, &none, 20), "two reports are no habit");
    cr_expect(!rp__anchors_apart(&few, 6, &none, 20), "two of six is not most");
    cr_expect(!rp__anchors_apart(&none, 9, &none, 9), "no years, nothing to go by");
    cr_expect(!rp__anchors_apart(&follow, 4, &event, 5),
              "reports of 2011 that write the 2008 of the others follow them up");
    rp__anchors_tally_release(&two);
    rp__anchors_tally_release(&few);
    rp__anchors_tally_release(&follow);
    rp__anchors_tally_release(&event);
}

/* The stories of s as text: ids, members in order, roles, originals; for comparisons. */
static char *describe(const rp_corpus *c, const rp_scan *s)
{
    char *out = calloc(1 << 16, 1);
    size_t len = 0;

    for (size_t i = 0; i < rp_scan_story_count(s); i++) {
        const rp_story *st = rp_scan_story(s, i);
        len +=
            (size_t)snprintf(out + len, (1 << 16) - len, "%s [%s]:", st->id,
                             st->original == SIZE_MAX ? "-" : rp_corpus_get(c, st->original)->id);
        for (size_t k = 0; k < st->article_count; k++)
            len += (size_t)snprintf(out + len, (1 << 16) - len, " %s/%s/%.4f",
                                    rp_corpus_get(c, st->articles[k])->id,
                                    rp_role_name(st->roles[k]), st->novel_share[k]);
        out[len++] = '\n';
    }
    for (size_t i = 0; i < rp_scan_relation_count(s); i++) {
        const rp_relation *r = rp_scan_relation(s, i);
        len += (size_t)snprintf(out + len, (1 << 16) - len, "%s-%s %s %.6f %d\n",
                                rp_corpus_get(c, r->a)->id, rp_corpus_get(c, r->b)->id,
                                rp_relation_type_name(r->type), r->score, r->direction);
    }
    return out;
}

Test(story, stories_and_provenance_do_not_depend_on_input_order)
{
    struct doc docs[20], rev[20];
    size_t n = two_quakes(docs);
    char *copy = calloc(8192, 1);
    rp_corpus *c, *d;

    snprintf(copy, 8192, "By the Wire Desk\n\n%s", docs[0].text); /* a reprint of a0 */
    docs[n++] = (struct doc){"a0-reprint", copy, RP_TIME_NONE};
    for (size_t i = 0; i < n; i++)
        rev[i] = docs[n - 1 - i];
    rp_scan *s = scan(docs, n, NULL, &c), *t = scan(rev, n, NULL, &d);
    char *x = describe(c, s), *y = describe(d, t);
    cr_expect_str_eq(x, y);
    free(x);
    free(y);
    rp_scan_free(s);
    rp_scan_free(t);
    rp_corpus_free(c);
    rp_corpus_free(d);
    free_docs(docs, n);
}

Test(story, stories_kept_apart_by_their_years_do_not_depend_on_input_order)
{
    struct doc docs[12], rev[12];
    rp_corpus *c, *d;

    two_floods(docs);
    for (size_t i = 0; i < 12; i++)
        rev[i] = docs[11 - i];
    rp_scan *s = scan(docs, 12, NULL, &c), *t = scan(rev, 12, NULL, &d);
    char *x = describe(c, s), *y = describe(d, t);
    cr_expect_str_eq(x, y);
    free(x);
    free(y);
    rp_scan_free(s);
    rp_scan_free(t);
    rp_corpus_free(c);
    rp_corpus_free(d);
    free_docs(docs, 12);
}

Test(story, stories_do_not_depend_on_the_thread_count)
{
    struct doc docs[20];
    size_t n = two_quakes(docs);
    rp_corpus *c, *d;
    rp_options one, four;

    rp_options_default(&one);
    rp_options_default(&four);
    one.thread_count = 1;
    four.thread_count = 4;
    rp_scan *s = scan(docs, n, &one, &c), *t = scan(docs, n, &four, &d);
    char *x = describe(c, s), *y = describe(d, t);
    cr_expect_str_eq(x, y);
    free(x);
    free(y);
    rp_scan_free(s);
    rp_scan_free(t);
    rp_corpus_free(c);
    rp_corpus_free(d);
    free_docs(docs, n);
}

Test(story, articles_far_apart_in_time_are_not_joined_by_their_terms)
{
    struct doc docs[3];
    rp_corpus *c;
    rp_options o;

    docs[0] = (struct doc){"early", report(quake_a, 0, 4), 1700000000};
    docs[1] = (struct doc){"late", report(quake_a, 4, 4), 1700000000 + 10 * 86400};
    docs[2] =
        (struct doc){"other", strdup("The city council approved a new cycle lane."), 1700000000};
    rp_options_default(&o);
    rp_scan *s = scan(docs, 3, &o, &c);
    cr_expect(!together(c, s, "early", "late"), "ten days apart, the default window is 3 days");
    rp_scan_free(s);
    rp_corpus_free(c);
    o.window = 0; /* none */
    s = scan(docs, 3, &o, &c);
    cr_expect(together(c, s, "early", "late"), "without a window they are one story");
    rp_scan_free(s);
    rp_corpus_free(c);
    free_docs(docs, 3);
}

Test(story, the_earliest_article_others_reuse_is_the_original)
{
    struct doc docs[4];
    char *first = report(quake_a, 0, 4), *reprint = calloc(8192, 1);
    rp_corpus *c;

    snprintf(reprint, 8192, "%s%s", first, "The harbour master said repairs would take weeks.");
    docs[0] = (struct doc){"reprint", reprint, 1700003600};
    docs[1] = (struct doc){"first", first, 1700000000};
    docs[2] = (struct doc){"own", report(quake_a, 4, 4), 1699990000};
    docs[3] =
        (struct doc){"other", strdup("The city council approved a new cycle lane."), 1700000000};
    rp_scan *s = scan(docs, 4, NULL, &c);
    const rp_story *st = story_of(c, s, "first");
    cr_assert_not_null(st);
    cr_expect(!st->order_inferred);
    cr_assert(st->original != SIZE_MAX);
    cr_expect_str_eq(rp_corpus_get(c, st->original)->id, "first");
    cr_expect_str_eq(rp_corpus_get(c, st->articles[0])->id, "own", "in time order");
    cr_expect_eq(st->roles[0], RP_ROLE_INDEPENDENT);
    cr_expect_eq(st->roles[2], RP_ROLE_DUPLICATE);
    cr_expect(st->novel_share[2] < 0.2, "the reprint adds little");
    rp_scan_free(s);
    rp_corpus_free(c);
    free_docs(docs, 4);
}

static const char *shared_path(const char *rel, char *buf, size_t cap)
{
    const char *root = getenv("SHARED");
    struct stat sb;

    snprintf(buf, cap, "%s/%s", root ? root : "../shared", rel);
    return stat(buf, &sb) == 0 ? buf : NULL;
}

Test(story, the_examples_are_one_story_with_the_wire_first_and_the_chess_alone)
{
    rp_corpus *c;
    rp_scan *s;

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read(c, "examples", 0, NULL, NULL), RP_OK);
    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    const rp_story *st = story_of(c, s, "wire-seawall");
    cr_assert_not_null(st);
    cr_expect_eq(st->article_count, 6);
    cr_assert(st->original != SIZE_MAX);
    cr_expect_str_eq(rp_corpus_get(c, st->original)->id, "wire-seawall",
                     "the wire, not the reprint with furniture");
    cr_expect(together(c, s, "wire-seawall", "radio-independent"));
    cr_expect_eq(role_of(c, st, "herald-reprint"), RP_ROLE_DUPLICATE);
    cr_expect_eq(role_of(c, st, "brief-short"), RP_ROLE_COPY);
    cr_expect_eq(role_of(c, st, "ledger-quotes"), RP_ROLE_QUOTE);
    cr_expect_eq(role_of(c, st, "pulse-rewrite"), RP_ROLE_REWRITE);
    cr_expect_eq(role_of(c, st, "radio-independent"), RP_ROLE_INDEPENDENT);
    cr_expect_eq(story_of(c, s, "herald-chess")->article_count, 1);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(story, the_seeds_are_one_story_of_five)
{
    char path[512];
    rp_corpus *c;
    rp_scan *s;

    if (shared_path("seeds", path, sizeof(path)) == NULL)
        cr_skip_test("skipped: %s not found (no ../shared beside the project)", path);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read(c, path, 0, NULL, NULL), RP_OK);
    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    cr_expect_eq(rp_scan_story_count(s), 1);
    cr_assert_eq(rp_scan_story(s, 0)->article_count, 5);
    cr_expect_eq(role_of(c, rp_scan_story(s, 0), "001_4016603ca77bb2f9"), RP_ROLE_REWRITE,
                 "001 rewrites the long story");
    rp_scan_free(s);
    rp_corpus_free(c);
}

static int cmp_u32_test(const void *x, const void *y)
{
    const uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

    return a < b ? -1 : a > b;
}

/* Short texts (centroid.c): vectors built by hand, one per rank. Terms are ids into a small
 * vocabulary; every vector has unit norm with equal weights. */
static void set_vec(struct rp__story_vec *v, struct rp__story_term *t, const uint32_t *ids,
                    uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        t[i] = (struct rp__story_term){ids[i], (float)(1.0 / sqrt((double)n))};
    v->t = t;
    v->n = n;
}

Test(story, parts_of_one_story_told_in_titles_merge_by_their_centroids)
{
    /* vocabulary: 0 golden, 1 globe, 2 johansson, 3 winners, 4 streep, 5 host, 6 mourinho,
     * 7 killer, 8 instinct, 9 chelsea */
    static const uint32_t w[6][3] = {{0, 1, 2}, {0, 1, 3}, {0, 1, 4},
                                     {1, 0, 5}, {6, 7, 9}, {6, 8, 9}};
    struct rp__story_term t[6][3];
    struct rp__story_vec v[6];
    struct rp__story_terms tv;
    uint32_t perm[6] = {0, 1, 2, 3, 4, 5}, label[6] = {0, 0, 2, 2, 4, 4};
    uint32_t sorted[3];

    memset(&tv, 0, sizeof(tv));
    memset(v, 0, sizeof(v));
    for (int i = 0; i < 6; i++) {
        memcpy(sorted, w[i], sizeof(sorted));
        qsort(sorted, 3, sizeof(*sorted), cmp_u32_test);
        set_vec(&v[i], t[i], sorted, 3);
    }
    tv.v = v;
    tv.count = tv.with_vector = 6;
    tv.vocab = 10;
    cr_assert_eq(rp__story_centroid_merge(&tv, perm, 6, label), RP_OK);
    for (int i = 0; i < 4; i++)
        cr_expect_eq(label[i], 0, "title %d is in cluster %u", i, label[i]);
    cr_expect_eq(label[4], 4);
    cr_expect_eq(label[5], 4);
}

Test(story, clusters_of_long_articles_are_not_merged_by_their_centroids)
{
    enum { TERMS = 40 };
    struct rp__story_term t[4][TERMS];
    struct rp__story_vec v[4];
    struct rp__story_terms tv;
    uint32_t perm[4] = {0, 1, 2, 3}, label[4] = {0, 0, 2, 2}, ids[TERMS];

    memset(&tv, 0, sizeof(tv));
    memset(v, 0, sizeof(v));
    for (int i = 0; i < 4; i++) { /* every vector shares its first 30 terms with the others */
        for (uint32_t k = 0; k < TERMS; k++)
            ids[k] = k < 30 ? k : 30 + (uint32_t)i * 10 + (k - 30);
        set_vec(&v[i], t[i], ids, TERMS);
    }
    tv.v = v;
    tv.count = tv.with_vector = 4;
    tv.vocab = 30 + 4 * 10;
    cr_assert_eq(rp__story_centroid_merge(&tv, perm, 4, label), RP_OK);
    cr_expect_eq(label[2], 2, "two clusters of long articles were merged");
    cr_expect_eq(label[3], 2);
}
