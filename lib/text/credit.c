/* credit.c: lines that are not prose: bylines, agency and credit lines ("By Jane Doe",
 * "AP and Reuters", "Reporting by ..."), and lines of dates and times. Used to pass them over
 * when looking for a title and to flag them as page furniture. ASCII words suffice: these
 * lines are in English in the news this was made for. */
#include "credit.h"

#include <string.h>

#include "reprint.h"
#include "../base/banned.h"

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_alnum(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || c >= 0x80;
}

static int in_list(const char *w, size_t len, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && strncmp(list[i], w, len) == 0)
            return 1;
    return 0;
}

/* Lower-cased ASCII words of a line, walked one at a time. */
struct words {
    const char *s;
    size_t len, i;
    char buf[32];
    size_t n;
};

static int next_word(struct words *w)
{
    const unsigned char *s = (const unsigned char *)w->s;

    while (w->i < w->len && !is_alnum(s[w->i]))
        w->i++;
    if (w->i >= w->len)
        return 0;
    w->n = 0;
    while (w->i < w->len && is_alnum(s[w->i])) {
        if (w->n < sizeof(w->buf) - 1) {
            const unsigned char c = s[w->i];
            w->buf[w->n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        w->i++;
    }
    w->buf[w->n] = '\0';
    return 1;
}

static const char *const agencies[] = {
    "ap",      "reuters",       "afp",     "associated", "press",  "agence",   "france",
    "presse",  "bloomberg",     "upi",     "dpa",        "xinhua", "tass",     "ria",
    "novosti", "ani",           "pti",     "ians",       "efe",    "ansa",     "kyodo",
    "yonhap",  "aap",           "anadolu", "interfax",   "staff",  "reporter", "reporters",
    "writer",  "correspondent", "wires"};
static const char *const credit_words[] = {
    "and",    "with",        "from",         "the",    "via",      "wire",
    "news",   "service",     "services",     "agency", "agencies", "desk",
    "editor", "editors",     "bureau",       "report", "reports",  "web",
    "team",   "contributed", "contributors", "online", "digital",  "in"};
static const char *const date_words[] = {
    "january",   "february", "march",     "april",    "may",    "june",     "july",   "august",
    "september", "october",  "november",  "december", "jan",    "feb",      "mar",    "apr",
    "jun",       "jul",      "aug",       "sep",      "sept",   "oct",      "nov",    "dec",
    "monday",    "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday", "am",
    "pm",        "gmt",      "utc",       "est",      "edt",    "bst",      "cet",    "cest",
    "ist",       "updated",  "published", "posted",   "last",   "on",       "at",     "st",
    "nd",        "rd",       "th",        "min",      "read",   "ago",      "hours",  "minutes"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int rp__is_byline(const char *s, size_t len)
{
    struct words w = {s, len, 0, {0}, 0};
    size_t n = 0, agency = 0, other = 0;

    if (!next_word(&w))
        return 0;
    /* "By Jane Doe", "Reporting by ...", "Written by ..." */
    if (strcmp(w.buf, "by") == 0)
        return 1;
    if ((strcmp(w.buf, "reporting") == 0 || strcmp(w.buf, "written") == 0 ||
         strcmp(w.buf, "posted") == 0 || strcmp(w.buf, "edited") == 0) &&
        next_word(&w) && strcmp(w.buf, "by") == 0)
        return 1;
    w.i = 0;
    while (next_word(&w)) {
        n++;
        if (in_list(w.buf, w.n, agencies, COUNT(agencies)))
            agency++;
        else if (!in_list(w.buf, w.n, credit_words, COUNT(credit_words)))
            other++;
    }
    return n <= 8 && agency > 0 && other == 0;
}

int rp__is_dateline(const char *s, size_t len)
{
    struct words w = {s, len, 0, {0}, 0};
    size_t n = 0;

    while (next_word(&w)) {
        const int digits = w.buf[0] >= '0' && w.buf[0] <= '9';
        if (!digits && !in_list(w.buf, w.n, date_words, COUNT(date_words)))
            return 0;
        n++;
    }
    return n > 0;
}

size_t rp__line_words(const char *s, size_t len)
{
    struct words w = {s, len, 0, {0}, 0};
    size_t n = 0;

    while (next_word(&w))
        n++;
    return n;
}
