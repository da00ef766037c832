/* test_story.c: stories from term similarity: two events apart, every article in one story,
 * the same partition whatever the input order. */
#include <criterion/criterion.h>
#include <string.h>

#include "reprint.h"

static const char *const flood1 =
    "Storm surge floods Kestrel Bay harbour. A storm surge broke the sea wall of Kestrel Bay on "
    "Friday and flooded the harbour district; six hundred residents left their homes.";
static const char *const flood2 =
    "Kestrel Bay residents flee flooded harbour. The sea wall of Kestrel Bay gave way in a "
    "storm surge on Friday, flooding the harbour and forcing residents out.";
static const char *const chess1 =
    "Teenager Nina Halvorsen wins Marrow open chess tournament. Halvorsen beat the three-time "
    "champion in a five-hour final game of the Marrow open chess tournament.";
static const char *const chess2 =
    "Halvorsen takes Marrow chess title. Nina Halvorsen, fifteen, won the Marrow open chess "
    "tournament after a final game that lasted five hours.";

static rp_scan *stories_of(const char *const *ids, const char *const *texts, size_t n,
                           rp_corpus **out)
{
    rp_corpus *c;
    rp_options o;
    rp_scan *s;

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    for (size_t i = 0; i < n; i++) {
        rp_article a = {0};
        a.id = ids[i];
        a.text = texts[i];
        a.text_len = strlen(texts[i]);
        a.published = RP_TIME_NONE;
        cr_assert_eq(rp_corpus_add(c, &a), RP_OK);
    }
    rp_options_default(&o);
    cr_assert_eq(rp_scan_run(c, &o, &s), RP_OK);
    *out = c;
    return s;
}

/* The story id of article 'id'. */
static const char *story_of(const rp_corpus *c, const rp_scan *s, const char *id)
{
    for (size_t i = 0; i < rp_scan_story_count(s); i++) {
        const rp_story *st = rp_scan_story(s, i);
        for (size_t k = 0; k < st->article_count; k++)
            if (strcmp(rp_corpus_get(c, st->articles[k])->id, id) == 0)
                return st->id;
    }
    return NULL;
}

Test(story, two_events_make_two_stories_and_every_article_is_in_one)
{
    const char *ids[] = {"f1", "c1", "f2", "c2"};
    const char *texts[] = {flood1, chess1, flood2, chess2};
    rp_corpus *c;
    rp_scan *s = stories_of(ids, texts, 4, &c);
    size_t total = 0;

    for (size_t i = 0; i < rp_scan_story_count(s); i++)
        total += rp_scan_story(s, i)->article_count;
    cr_expect_eq(total, 4);
    cr_expect_str_eq(story_of(c, s, "f1"), story_of(c, s, "f2"));
    cr_expect_str_eq(story_of(c, s, "c1"), story_of(c, s, "c2"));
    cr_expect_str_neq(story_of(c, s, "f1"), story_of(c, s, "c1"));
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(story, the_partition_and_the_ids_do_not_depend_on_input_order)
{
    const char *ids[] = {"f1", "c1", "f2", "c2"};
    const char *texts[] = {flood1, chess1, flood2, chess2};
    const char *rids[] = {"c2", "f2", "c1", "f1"};
    const char *rtexts[] = {chess2, flood2, chess1, flood1};
    rp_corpus *c, *d;
    rp_scan *s = stories_of(ids, texts, 4, &c), *t = stories_of(rids, rtexts, 4, &d);

    for (size_t i = 0; i < 4; i++)
        cr_expect_str_eq(story_of(c, s, ids[i]), story_of(d, t, ids[i]));
    rp_scan_free(s);
    rp_scan_free(t);
    rp_corpus_free(c);
    rp_corpus_free(d);
}
