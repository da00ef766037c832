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

/* ---- page furniture on the seeds and on ECB+ ---- */

/* A piece of furniture that seeds/EXPECTED.md lists, located in the seed at test time by a
 * short key, so that no seed text is copied here: the line (or the sentence) holding the
 * key, the seed's first line, the title line again, or the lines from the key's line up to
 * the line of 'until'. */
enum scope { LINE, EVERY_LINE, SENTENCE, FIRST_LINE, TITLE_AGAIN, UP_TO };
static const struct item {
    const char *seed; /* the file name's first three characters */
    enum scope scope;
    const char *key, *until;
} furniture[] = {
    {"000", SENTENCE, "headlines", NULL}, {"001", LINE, "-amnesty-", NULL},
    {"001", TITLE_AGAIN, NULL, NULL},     {"001", LINE, "News Team", NULL},
    {"001", LINE, "Alex", NULL},          {"001", LINE, "tips@", NULL},
    {"001", UP_TO, "Most Read", "@rush"}, {"001", LINE, "@rush", NULL},
    {"002", FIRST_LINE, NULL, NULL},      {"002", LINE, "Photolure", NULL},
    {"002", LINE, "RSS", NULL},           {"004", EVERY_LINE, "Read more:", NULL},
    {"004", LINE, "pic.twitter", NULL},   {"004", LINE, "(@", NULL},
};

static size_t line_start(const char *t, size_t at)
{
    while (at > 0 && t[at - 1] != '\n')
        at--;
    return at;
}

static size_t line_end(const char *t, size_t len, size_t at)
{
    while (at < len && t[at] != '\n')
        at++;
    return at;
}

/* Marks the bytes of item 'it' in mark[]; returns the number of pieces found. */
static size_t locate(const struct item *it, const char *t, size_t len, char *mark)
{
    size_t found = 0, b = 0, e = 0;
    const char *at = it->key != NULL ? strstr(t, it->key) : NULL;

    switch (it->scope) {
    case FIRST_LINE:
        b = 0;
        e = line_end(t, len, 0);
        break;
    case TITLE_AGAIN: {
        const size_t n = line_end(t, len, 0);
        for (size_t i = 1; i + n <= len && e == 0; i++)
            if (t[i - 1] == '\n' && memcmp(t + i, t, n) == 0 &&
                (i + n == len || t[i + n] == '\n')) {
                b = i;
                e = i + n;
            }
        break;
    }
    case SENTENCE:
        if (at == NULL)
            return 0;
        b = (size_t)(at - t);
        while (b > 0 && !(t[b - 1] == '\n' || (b > 1 && t[b - 2] == '.' && t[b - 1] == ' ')))
            b--;
        e = (size_t)(at - t);
        while (e < len && t[e] != '.' && t[e] != '\n')
            e++;
        e += e < len && t[e] == '.';
        break;
    case UP_TO: {
        const char *to = at != NULL ? strstr(at, it->until) : NULL;
        if (to == NULL)
            return 0;
        b = line_start(t, (size_t)(at - t));
        e = line_start(t, (size_t)(to - t));
        break;
    }
    case LINE:
    case EVERY_LINE:
        for (; at != NULL; at = it->scope == EVERY_LINE ? strstr(at + 1, it->key) : NULL) {
            const size_t s = line_start(t, (size_t)(at - t));
            memset(mark + s, 1, line_end(t, len, s) - s);
            found++;
        }
        return found;
    }
    if (e <= b)
        return 0;
    memset(mark + b, 1, e - b);
    return 1;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

Test(shared, every_piece_of_seed_furniture_is_flagged_and_at_most_two_percent_of_the_rest)
{
    char path[512];
    rp_corpus *c;
    rp_scan *s;
    size_t real = 0, real_flagged = 0;

    NEED_SHARED("seeds", path);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read(c, path, 0, NULL, NULL), RP_OK);
    cr_assert_eq(rp_scan_run(c, NULL, &s), RP_OK);
    for (size_t i = 0; i < rp_corpus_count(c); i++) {
        const rp_article *a = rp_corpus_get(c, i);
        char *item = calloc(a->text_len + 1, 1), *flag = calloc(a->text_len + 1, 1);
        rp_article_info in;

        cr_assert(item != NULL && flag != NULL);
        rp_scan_article(s, i, &in);
        for (size_t k = 0; k < in.boilerplate_count; k++)
            memset(flag + in.boilerplate[k].start, 1,
                   in.boilerplate[k].end - in.boilerplate[k].start);
        for (size_t f = 0; f < sizeof(furniture) / sizeof(furniture[0]); f++) {
            const struct item *it = &furniture[f];
            char *one;
            if (strncmp(a->id, it->seed, 3) != 0)
                continue;
            one = calloc(a->text_len + 1, 1);
            cr_assert_not_null(one);
            cr_assert_gt(locate(it, a->text, a->text_len, one), 0, "%s: item %zu not found", a->id,
                         f);
            for (size_t b = 0; b < a->text_len; b++) {
                if (!one[b])
                    continue;
                item[b] = 1;
                cr_expect(flag[b] || is_space(a->text[b]),
                          "%s: furniture at byte %zu (item %zu, key '%s') is not flagged", a->id, b,
                          f, it->key != NULL ? it->key : "-");
                if (!flag[b] && !is_space(a->text[b]))
                    break;
            }
            free(one);
        }
        for (size_t b = 0; b < a->text_len; b++) {
            real += !item[b];
            real_flagged += !item[b] && flag[b];
        }
        free(item);
        free(flag);
    }
    cr_expect_leq(real_flagged * 50, real, "%zu of %zu bytes of article text are flagged",
                  real_flagged, real);
    rp_scan_free(s);
    rp_corpus_free(c);
}

Test(shared, at_most_two_percent_of_the_ecbplus_text_is_flagged, .timeout = 300)
{
    char path[512];
    rp_corpus *c;
    rp_scan *s;
    rp_options o;
    size_t bytes = 0, flagged = 0;

    NEED_SHARED("eval/stories/ecbplus.jsonl", path);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read(c, path, 0, NULL, NULL), RP_OK);
    rp_options_default(&o);
    o.detect = RP_DETECT_BOILERPLATE;
    cr_assert_eq(rp_scan_run(c, &o, &s), RP_OK);
    for (size_t i = 0; i < rp_corpus_count(c); i++) {
        rp_article_info in;
        rp_scan_article(s, i, &in);
        bytes += rp_corpus_get(c, i)->text_len;
        for (size_t k = 0; k < in.boilerplate_count; k++)
            flagged += in.boilerplate[k].end - in.boilerplate[k].start;
    }
    cr_expect_gt(bytes, 100000);
    cr_expect_leq(flagged * 50, bytes, "%zu of %zu bytes flagged", flagged, bytes);
    rp_scan_free(s);
    rp_corpus_free(c);
}
