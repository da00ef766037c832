/* test_shared.c: the tokenizer and the readers on the real articles of ../shared (the seeds
 * and every evaluation set). Skipped, with a message, where ../shared is not there. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reprint.h"

static const char *shared_path(const char *rel, char *buf, size_t cap)
{
    const char *root = getenv("SHARED");
    struct stat st;

    snprintf(buf, cap, "%s/%s", root != NULL ? root : "../shared", rel);
    return stat(buf, &st) == 0 ? buf : NULL;
}

#define NEED_SHARED(rel, buf)                                                                      \
    do {                                                                                           \
        if (shared_path(rel, buf, sizeof(buf)) == NULL)                                            \
            cr_skip_test("skipped: %s not found (no ../shared beside the project)", buf);          \
    } while (0)

/* Every word's bytes normalise to the word; returns the number of words checked. */
static size_t check_words(rp_text *t, const char *id, const char *text, size_t len)
{
    rp_text_stats st;

    cr_assert_eq(rp_text_analyze(t, text, len), RP_OK, "%s", id);
    rp_text_stats_get(t, &st);
    for (size_t i = 0; i < st.word_count; i++) {
        const rp_token w = rp_text_word(t, i);
        size_t nlen, rlen;
        const char *norm = rp_text_word_norm(t, i, &nlen);
        char *re;

        cr_assert(w.start < w.end && w.end <= len, "%s: word %zu out of range", id, i);
        cr_assert_eq(rp_normalize(text + w.start, w.end - w.start, &re, &rlen), RP_OK);
        cr_assert(rlen == nlen && memcmp(re, norm, nlen) == 0,
                  "%s: bytes %zu-%zu '%.*s' normalise to '%s', the word is '%.*s'", id, w.start,
                  w.end, (int)(w.end - w.start), text + w.start, re, (int)nlen, norm);
        rp_free(re);
    }
    return st.word_count;
}

static size_t check_corpus(const char *rel)
{
    char path[512];
    rp_corpus *c;
    rp_text *t;
    size_t words = 0;

    if (shared_path(rel, path, sizeof(path)) == NULL)
        return 0;
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read(c, path, 0, NULL, NULL), RP_OK, "%s", rp_corpus_errmsg(c));
    cr_assert_gt(rp_corpus_count(c), 0);
    cr_assert_eq(rp_text_new(&t), RP_OK);
    for (size_t i = 0; i < rp_corpus_count(c); i++) {
        const rp_article *a = rp_corpus_get(c, i);
        words += check_words(t, a->id, a->text, a->text_len);
    }
    rp_text_free(t);
    rp_corpus_free(c);
    return words;
}

Test(shared, every_word_of_the_seeds_normalises_from_its_bytes)
{
    char buf[512];

    NEED_SHARED("seeds", buf);
    cr_expect_gt(check_corpus("seeds"), 2000);
}

Test(shared, every_word_of_every_evaluation_article_normalises_from_its_bytes, .timeout = 600)
{
    static const char *const sets[] = {"eval/stories/ecbplus.jsonl",
                                       "eval/stories/wikiref220.jsonl",
                                       "eval/stories/gnews-titles.jsonl",
                                       "eval/dups/neardup.jsonl",
                                       "eval/reuse/splice.jsonl",
                                       "eval/reuse/clough-stevenson.jsonl",
                                       "eval/html/truth.jsonl"};
    char buf[512];

    NEED_SHARED("eval", buf);
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
        cr_expect_gt(check_corpus(sets[i]), 0, "%s", sets[i]);
}

Test(shared, the_seed_titles_are_found_and_bylines_passed_over)
{
    static const struct {
        const char *id, *title;
    } want[] = {
        {"000_17e5b99f851c6b9e",
         "Azerbaijan says it sees amnesty for Karabakh Armenian fighters who lay down arms"},
        {"001_4016603ca77bb2f9",
         "Azerbaijan sees possible amnesty for Karabakh fighters who lay down arms"},
        {"002_bc846421cfa7926a",
         "Karabakh Armenians say no deal yet with Azerbaijan on security guarantees"},
        {"003_a0b66537df37ba75", NULL},
        {"004_447baae5077cd307",
         "Baku mulls amnesty to groups in Nagorno-Karabakh that lay down weapons"},
    };
    char path[512];
    rp_corpus *c;

    NEED_SHARED("seeds", path);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read(c, path, 0, NULL, NULL), RP_OK);
    cr_assert_eq(rp_corpus_count(c), 5);
    for (size_t i = 0; i < 5; i++) {
        const rp_article *a = rp_corpus_get(c, i);
        cr_expect_str_eq(a->id, want[i].id);
        if (want[i].title == NULL)
            cr_expect_null(a->title, "%s has title '%s'", a->id, a->title);
        else
            cr_expect(a->title != NULL && strcmp(a->title, want[i].title) == 0, "%s: title '%s'",
                      a->id, a->title ? a->title : "(none)");
    }
    rp_corpus_free(c);
}

Test(shared, message_pairs_tokenize_too)
{
    char path[512];
    FILE *f;
    char *line = NULL;
    size_t cap = 0, n = 0;
    rp_text *t;

    NEED_SHARED("eval/pairs/msrp-train.jsonl", path);
    f = fopen(path, "r");
    cr_assert_not_null(f);
    cr_assert_eq(rp_text_new(&t), RP_OK);
    while (getline(&line, &cap, f) > 0) {
        n += check_words(t, "msrp line", line, strlen(line));
    }
    cr_expect_gt(n, 10000);
    rp_text_free(t);
    free(line);
    fclose(f);
}
