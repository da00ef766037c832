/* boilerplate.c: page furniture by cues within the article, at paragraph and sentence
 * level, after the way jusText and Boilerpipe decide (short blocks full of links and
 * calls to action are furniture, long prose is not), kept conservative: a block is flagged
 * only on a cue that prose does not use.
 *   - call-to-action and site phrases ("follow us", "sign up for", "all rights reserved",
 *     "most read", "read more:", "share this article", "about the author", ...) in a
 *     sentence of at most 40 words;
 *   - a short line that carries an e-mail address, a URL, a @handle or pic.twitter.com;
 *   - a byline or credit line among the first lines ("By Jane Doe", "AP and Reuters");
 *   - the list under a "Most Read", "Related" or "Trending" heading: its short lines without
 *     a sentence's final period, up to the first line of prose.
 * Repetition across the articles of one site is not used yet. */
#include "boilerplate.h"

#include <string.h>

#include "credit.h"
#include "../base/banned.h"

#define MAX_CUE_WORDS 40  /* a cue flags a sentence only this short */
#define MAX_LINK_WORDS 30 /* a line with an address is furniture only this short */
#define LIST_WORDS 16     /* lines of a headline list are at most this long */

static const char *const cues[] = {
    "follow us",       "follow the",         "follow our",          "sign up for",
    "sign up to",      "subscribe to",       "all rights reserved", "most read",
    "read more:",      "share this article", "about the author",    "have a tip",
    "got a story",     "click here",         "download the app",    "related:",
    "related stories", "latest headlines",   "newsletter",          "copyright",
    "(c) 20",          "\xC2\xA9",           "pic.twitter.com",     "photo credit",
    "via reuters/",    "/file photo",        "trending now",        "recommended for you",
};

/* Lower-cased ASCII copy of [s, s + len) into buf (NUL-terminated, cut at cap). */
static void lower_copy(const char *s, size_t len, char *buf, size_t cap)
{
    size_t n = len < cap - 1 ? len : cap - 1;

    for (size_t i = 0; i < n; i++) {
        const char c = s[i];
        buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    buf[n] = '\0';
}

static int has_cue(const char *lower)
{
    for (size_t i = 0; i < sizeof(cues) / sizeof(cues[0]); i++)
        if (strstr(lower, cues[i]) != NULL)
            return 1;
    return 0;
}

static int has_address(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] == '@' && i > 0 && s[i + 1] != ' ')
            return 1; /* e-mail or @handle */
        if (i + 3 < len && (memcmp(s + i, "://", 3) == 0 || memcmp(s + i, "www.", 4) == 0))
            return 1;
    }
    return 0;
}

static size_t words_in(const struct rp__span *p)
{
    return p->word_end - p->word_begin;
}

static int add(rp_token **out, size_t *count, size_t *cap, size_t start, size_t end)
{
    if (*count > 0 && (*out)[*count - 1].end >= start) { /* merge with the previous */
        if (end > (*out)[*count - 1].end)
            (*out)[*count - 1].end = end;
        return RP_OK;
    }
    if (rp__grow((void **)out, cap, *count + 1, sizeof(**out)) < 0)
        return RP_ENOMEM;
    (*out)[(*count)++] = (rp_token){start, end};
    return RP_OK;
}

/* A URL slug or address alone on a line: no spaces, 20 bytes or more, with '-', '/' or '.'. */
static int is_slug(const char *s, size_t len)
{
    int sep = 0;

    if (len < 20)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' || s[i] == '\t')
            return 0;
        sep |= s[i] == '-' || s[i] == '/' || s[i] == '.';
    }
    return sep;
}

static int is_list_heading(const char *lower)
{
    return strcmp(lower, "most read") == 0 || strcmp(lower, "related") == 0 ||
           strcmp(lower, "trending") == 0 || strcmp(lower, "read more") == 0 ||
           strcmp(lower, "more stories") == 0 || strcmp(lower, "popular") == 0;
}

int rp__boilerplate_spans(const struct rp_text *t, rp_token **out, size_t *count, size_t *cap)
{
    char lower[512];
    int in_list = 0, rc = RP_OK;

    *count = 0;
    for (size_t p = 0; p < t->para_count && rc == RP_OK; p++) {
        const struct rp__span *para = &t->paras[p];
        const char *s = t->text + para->start;
        const size_t len = para->end - para->start;
        const int last = len > 0 && (s[len - 1] == '.' || s[len - 1] == '?' || s[len - 1] == '!');

        lower_copy(s, len, lower, sizeof(lower));
        if (in_list && (words_in(para) > LIST_WORDS || (last && words_in(para) > 3)))
            in_list = 0;
        if (is_list_heading(lower)) {
            in_list = 1;
            rc = add(out, count, cap, para->start, para->end);
            continue;
        }
        /* the headline again, after the headline: a page's repeated title */
        const struct rp__span *first = &t->paras[0];
        const int repeat = p > 0 && p < 6 && len == first->end - first->start &&
                           memcmp(s, t->text + first->start, len) == 0;
        if (in_list || repeat || (p < 6 && is_slug(s, len)) ||
            (p < 4 && words_in(para) <= 8 && rp__is_byline(s, len)) ||
            (words_in(para) <= MAX_LINK_WORDS && has_address(s, len))) {
            rc = add(out, count, cap, para->start, para->end);
            continue;
        }
        /* sentence by sentence: calls to action inside a paragraph of prose */
        for (size_t k = 0; k < t->sent_count && rc == RP_OK; k++) {
            const struct rp__span *se = &t->sents[k];
            if (se->start < para->start || se->end > para->end)
                continue;
            if (words_in(se) > MAX_CUE_WORDS)
                continue;
            lower_copy(t->text + se->start, se->end - se->start, lower, sizeof(lower));
            if (has_cue(lower))
                rc = add(out, count, cap, se->start, se->end);
        }
    }
    return rc;
}

static int one(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    const rp_article *a = rp_corpus_get(d->corpus, i);
    rp_token *spans = NULL;
    size_t count = 0, cap = 0;
    int rc;

    (void)user;
    rc = rp__text_analyze(t, a->text, a->text_len);
    if (rc == RP_OK)
        rc = rp__boilerplate_spans(t, &spans, &count, &cap);
    if (rc == RP_OK)
        rc = d->set_boilerplate(d, i, spans, count);
    rp__free(spans);
    return rc;
}

int rp__boilerplate_find(const struct rp__docs *d)
{
    return rp__docs_parallel(d, one, NULL);
}
