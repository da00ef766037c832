/* test_boilerplate.c: page furniture is flagged by its cues, prose is not, and no relation
 * rests on furniture. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
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
