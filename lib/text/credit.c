/* credit.c: lines that are not prose: bylines, agency and credit lines ("By Jane Doe",
 * "AP and Reuters", "Reporting by ..."), lines of dates and times, photo credits that end a
 * caption ("... via REUTERS/file photo", "(AP Photo/Jane Doe)"), the attribution line of an
 * embedded post ("- Jane Doe (@jdoe) September 19, 2023") and navigation lines of short
 * segments between '|' separators. Used to pass them over when looking for a title and to
 * flag them as page furniture. ASCII words suffice: these lines are in English in the news
 * this was made for. */
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
    /* "Reporting by ...", "Posted on June 12, 2024 by Sam Carter": a date, then the name */
    if (strcmp(w.buf, "reporting") == 0 || strcmp(w.buf, "written") == 0 ||
        strcmp(w.buf, "posted") == 0 || strcmp(w.buf, "edited") == 0 ||
        strcmp(w.buf, "published") == 0 || strcmp(w.buf, "updated") == 0) {
        for (int k = 0; k < 8 && next_word(&w); k++) {
            if (strcmp(w.buf, "by") == 0)
                return 1;
            if (k > 0 && !rp__is_dateline(w.buf, w.n))
                break; /* only date words between the verb and "by" */
        }
        w.i = 0;
        next_word(&w);
    }

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

/* Lower-case ASCII byte. */
static char lower(char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* Offset of the last case-insensitive occurrence of 'needle' in [s, s + len), or -1. */
static long last_ci(const char *s, size_t len, const char *needle)
{
    const size_t n = strlen(needle);

    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;) {
        size_t k = 0;
        while (k < n && lower(s[i + k]) == needle[k])
            k++;
        if (k == n)
            return (long)i;
    }
    return -1;
}

static int starts_ci(const char *s, size_t len, const char *prefix)
{
    const size_t n = strlen(prefix);

    if (len < n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (lower(s[k]) != prefix[k])
            return 0;
    return 1;
}

/* Credits that end a caption: the agency or photographer after the description. */
static const char *const photo_marks[] = {
    "reuters/",   "/reuters",      "via reuters",    "ap photo",     "getty images",
    "afp/",       "/afp",          "afp photo",      "via afp",      "epa/",
    "/epa",       "epa-efe",       "file photo",     "photo:",       "photograph:",
    "photo by",   "photos by",     "picture:",       "pictures:",    "image:",
    "credit:",    "photo credit",  "photo courtesy", "shutterstock", "alamy",
    "/bloomberg", "bloomberg via", "xinhua/",        "/xinhua",      "wireimage",
    "pa wire",    "pa images",     "/sipa",          "sipa usa",     "anadolu agency via",
    "/anadolu",   "dpa/",          "/dpa",           "ansa/",        "/tass",
    "tass/",      "nurphoto",      "zuma press",     "/ap)",         "(ap)",
    "/getty",     "[afp]",         "[reuters]",      "[ap]",         "[epa]",
    "[getty"};
/* Labels that open a caption. */
static const char *const caption_opens[] = {"file - ",         "file photo",    "photo:",
                                            "pictured:",       "caption:",      "image caption",
                                            "image copyright", "media caption", "picture:"};

/* The paragraph ends with a sentence of agency names alone: "... on Monday. AFP" */
static int ends_with_agency(const char *s, size_t len)
{
    size_t e = len, b;

    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '.' || s[e - 1] == ')' || s[e - 1] == ']'))
        e--;
    b = e;
    while (b > 0 && !(b > 1 && s[b - 2] == '.' && s[b - 1] == ' ') && e - b < 40)
        b--;
    while (b < e && (s[b] == '(' || s[b] == '['))
        b++;
    if (b >= e || e - b >= 40 || !(s[b] >= 'A' && s[b] <= 'Z'))
        return 0;
    struct words w = {s + b, e - b, 0, {0}, 0};
    size_t n = 0;
    while (next_word(&w)) {
        if (!in_list(w.buf, w.n, agencies, COUNT(agencies)) && strcmp(w.buf, "getty") != 0 &&
            strcmp(w.buf, "images") != 0 && strcmp(w.buf, "epa") != 0 && strcmp(w.buf, "and") != 0)
            return 0;
        n++;
    }
    return n > 0 && n <= 4;
}

/* An agency's credit at t[from, from + mark_len) reads as one, not as prose that names the
 * agency ("... in a Reuters/Ipsos poll.", "... distributed by Getty Images."): no lower-case
 * word just before it but "via", and only names (or "file photo", "pool", ...) after it. */
static int credit_context(const char *t, size_t tail, size_t from, size_t mark_len)
{
    static const char *const lower_ok[] = {
        "file", "photo", "pool", "handout", "illustration", "via", "and", "for", "de",  "van",
        "von",  "da",    "di",   "del",     "le",           "la",  "al",  "el",  "bin", "images"};
    size_t k = from;

    while (k > 0 && t[k - 1] == ' ')
        k--;
    /* "[AFP]", "(AP Photo/...)": a bracket says it is a credit, whatever comes before */
    if (k > 0 && t[k - 1] >= 'a' && t[k - 1] <= 'z' && t[from] != '[' && t[from] != '(') {
        size_t b = k;
        while (b > 0 &&
               ((t[b - 1] >= 'a' && t[b - 1] <= 'z') || (t[b - 1] >= 'A' && t[b - 1] <= 'Z')))
            b--;
        if (!(t[b] >= 'A' && t[b] <= 'Z') && !(k - b == 3 && memcmp(t + b, "via", 3) == 0))
            return 0;
    }
    struct words w = {t + from + mark_len, tail - from - mark_len, 0, {0}, 0};
    while (next_word(&w)) {
        const char first = t[from + mark_len + w.i - w.n];
        if (first >= 'a' && first <= 'z' && !in_list(w.buf, w.n, lower_ok, COUNT(lower_ok)))
            return 0;
    }
    return 1;
}

int rp__is_photo_credit(const char *s, size_t len)
{
    /* a credit starts within the last 60 bytes: only those and a mark's length matter */
    const size_t tail = len > 80 ? 80 : len;
    const char *t = s + len - tail;
    char low[80];

    if (rp__line_words(s, len) <= 50 && ends_with_agency(s, len))
        return 1;
    for (size_t i = 0; i < COUNT(caption_opens); i++)
        if (starts_ci(s, len, caption_opens[i]))
            return 1;
    for (size_t k = 0; k < tail; k++)
        low[k] = lower(t[k]);
    for (size_t i = 0; i < COUNT(photo_marks); i++) {
        const size_t mark_len = strlen(photo_marks[i]);
        const char *at = NULL;
        for (const char *f = memmem(low, tail, photo_marks[i], mark_len); f != NULL;
             f = memmem(f + 1, tail - (size_t)(f + 1 - low), photo_marks[i], mark_len))
            at = f;
        if (at == NULL)
            continue;
        /* the credit closes the paragraph: a short rest without a new sentence */
        const size_t from = (size_t)(at - low), rest = tail - from;
        int sentence = 0;
        for (size_t k = from; k + 2 < tail; k++)
            if ((t[k] == '.' || t[k] == '!' || t[k] == '?') && t[k + 1] == ' ' && t[k + 2] >= 'A' &&
                t[k + 2] <= 'Z')
                sentence = 1;
        /* a label ("Photo:", "Photo by") needs a name after it, not "Photo: 79 / 100" */
        const int label = photo_marks[i][mark_len - 1] == ':' ||
                          (mark_len > 3 && memcmp(photo_marks[i] + mark_len - 3, " by", 3) == 0);
        int name = !label;
        for (size_t k = from + mark_len; k < tail && !name; k++)
            name = (t[k] >= 'a' && t[k] <= 'z') || (t[k] >= 'A' && t[k] <= 'Z');
        if (rest <= 60 && !sentence && name && (label || credit_context(t, tail, from, mark_len)))
            return 1;
    }
    return 0;
}

int rp__is_post_attribution(const char *s, size_t len)
{
    const long at = memchr(s, '@', len) != NULL ? last_ci(s, len, "(@") : -1;
    size_t e = len, digits = 0;

    if (at < 0) /* an embedded post names its author's @handle */
        return 0;
    if (last_ci(s, len, "a post shared by") >= 0)
        return 1;
    if (rp__line_words(s, len) > 20)
        return 0;
    /* "- Name (@handle) Month D, YYYY": the line ends with a year */
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == ')'))
        e--;
    while (e > 0 && s[e - 1] >= '0' && s[e - 1] <= '9') {
        e--;
        digits++;
    }
    return digits == 4 && e > (size_t)at;
}

int rp__is_nav_line(const char *s, size_t len)
{
    size_t seps = 0;

    for (size_t i = 0; i < len; i++) {
        if (s[i] == '|')
            seps++;
        /* U+2022 bullet and U+00B7 middle dot between words */
        else if (i + 2 < len && memcmp(s + i, "\xE2\x80\xA2", 3) == 0)
            seps++;
        else if (i + 1 < len && memcmp(s + i, "\xC2\xB7", 2) == 0)
            seps++;
    }
    if (seps < 2 || (len > 0 && s[len - 1] == '.'))
        return 0;
    return rp__line_words(s, len) <= 8 * (seps + 1);
}

int rp__is_credit_line(const char *s, size_t len)
{
    static const char *const opens[] = {
        "reporting by",  "writing by",      "editing by",        "additional reporting",
        "compiled by",   "contributing:",   "contributors:",     "produced by",
        "translated by", "with files from", "with reporting by", "with reporting from"};

    while (len > 0 && (*s == '(' || *s == '[' || *s == ' ')) {
        s++;
        len--;
    }
    for (size_t i = 0; i < COUNT(opens); i++)
        if (starts_ci(s, len, opens[i]))
            return rp__line_words(s, len) <= 30;
    return 0;
}
