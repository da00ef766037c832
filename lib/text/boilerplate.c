/* boilerplate.c: page furniture, flagged at paragraph and sentence level, in two stages.
 *
 * 1. Cues within one article, after the way jusText and Boilerpipe classify blocks (short
 *    blocks full of links and calls to action are furniture, long prose with many stop words
 *    is not, and a short block takes the class of its neighbours) but on plain text, where
 *    no markup tells a link from prose. A paragraph is furniture when it is
 *      - a "Most Read"/"Related" heading and the headline list under it;
 *      - the headline repeated, a URL slug, a byline among the first lines, a credit line
 *        ("Reporting by ..."), a copyright line, a navigation line ("A | B | C"), a line of
 *        share buttons, a link to the site's own pages ("Privacy Policy");
 *      - a short line with an e-mail address, URL or @handle, or a line that ends with one;
 *      - an embedded post (pic.twitter.com, "- Name (@handle) Month D, YYYY", and the
 *        post's text just above that attribution);
 *      - a photo caption, which ends with a photo credit ("... via REUTERS/file photo");
 *      - a lead-in line ("Read more: ...", "Related: ...", "Tags: ...", "Advertisement");
 *      - in the tail (after the last paragraph of prose): an author bio ("Jane Doe is a
 *        reporter ...", "Hi, I'm ..., a writer ...", about someone the article does not
 *        name before, with no sentence after it but furniture), an "About ..." heading, and
 *        short lines next to other furniture.
 *    Inside paragraphs of prose, a short sentence that calls to action ("Follow us on ...",
 *    "For the latest headlines follow our channel") or says a site phrase ("All rights
 *    reserved") is flagged alone. Date lines are not flagged: the story detector uses them.
 *
 * 2. Repetition across the corpus. Trafilatura drops a text segment seen more than twice in
 *    the pages it has processed; that depends on the order of pages and cannot tell a site's
 *    footer from a wire story that twenty outlets republish. Here a unit (a paragraph, or a
 *    sentence of a longer paragraph, with three words or more that are not numbers; a
 *    number counts as one symbol, so that "(c) 2024" and "(c) 2025" agree) is furniture
 *    when it recurs in articles that are otherwise about different things:
 *      - in 2 or more such articles of one source (the "source" field, else the host of
 *        "url"); articles without either have no source and get only the next rule;
 *      - in 5 or more such articles of any sources (templates, a site read without sources).
 *    "About different things" is judged on what the articles do not share: each article
 *    gets a bottom-32 sample of its informative words (not stop words, in at most
 *    max(20, N/50) articles) outside every unit that recurs anywhere and outside cue-flagged
 *    furniture, and two articles are related when their samples meet. Wire copies, updates
 *    and rewrites of one story share their names and places, so what they share is reuse,
 *    not furniture, however many outlets carry it. An article that is mostly text found
 *    elsewhere (less than a fifth, and fewer than 100, of its words are its own) has too
 *    little to judge and never counts as unrelated. On ECB+ pairs the samples meet for 96%
 *    of same-story pairs and 13% of pairs of different topics.
 *
 *    Three passes: (a) cues; every unit's key into a "seen" / "seen twice" bitset pair and
 *    every distinct word into a document-frequency count, with atomic operations, so that
 *    nothing depends on thread timing; (b) the samples, and the units seen twice with their
 *    spans; (c) the units sorted by key, source and a hash of the article id (never by input
 *    order), judged group by group, and the flags set. Memory: 2 bytes per unit (256 MB at
 *    most) and 64 MB of word counts at most during (a) and (b); 176 bytes per article and 40
 *    bytes per occurrence of a unit found in two or more articles. */
#include "boilerplate.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "credit.h"
#include "../base/banned.h"

#define MAX_CUE_WORDS 30    /* a phrase cue flags a sentence only this short */
#define MAX_LINK_WORDS 12   /* a line with an address anywhere is furniture only this short */
#define MAX_LINE_WORDS 30   /* lead-in, copyright and address-ending lines at most this long */
#define LIST_WORDS 16       /* lines of a headline list are at most this long */
#define POST_WORDS 80       /* an embedded post or a caption is at most this long */
#define BIO_WORDS 120       /* an author bio is at most this long */
#define TAIL_SHORT_WORDS 12 /* short lines of the tail take their neighbours' class */
#define PROSE_WORDS 12      /* a paragraph of prose has at least this many words */
#define MAX_TAIL 100        /* the tail is looked for in this many last paragraphs */
#define TOP_LINES 8         /* a line repeated among this many first ones is furniture */

#define UNIT_LETTERS 3   /* a repeated unit needs this many words that are not numbers */
#define SIG_K 32         /* informative words sampled per article */
#define SIG_MIN 8        /* fewer informative words than this: cannot be judged */
#define OWN_WORDS 100    /* judged: a fifth of its words, or this many, are its own */
#define SOURCE_REPEATS 2 /* unrelated articles of one source that make a unit furniture */
#define CROSS_REPEATS 5  /* unrelated articles of any sources that make it furniture */
#define GROUP_SCAN 4096  /* members of one unit's group looked at, at most */
#define STOP_SLOTS 2048  /* slots of the stop-word hash set: a quarter full */
#define DF_CAP_MIN 20    /* a word in more articles than max(this, N / 50) is not informative */

/* ------------------------------------------------------------------------------------------
 * Words and lines
 * ---------------------------------------------------------------------------------------- */

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

static int in_list(const char *w, size_t len, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (len > 0 && list[i][0] == w[0] && strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
            return 1;
    return 0;
}

/* The same for a list of short words in fixed slots: no strlen() in the loop. */
static int in_words(const char *w, size_t len, const char (*list)[16], size_t n)
{
    if (len >= 16)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (list[i][len] == '\0' && memcmp(list[i], w, len) == 0)
            return 1;
    return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define IN(w, len, list) in_words((w), (len), (list), COUNT(list))

/* English function words and the commonest content words (days, months, numbers, "said",
 * "people", "won"), sorted: for the stop-word density of a block (jusText keeps a list of
 * this kind per language) and to keep words that any two articles may share out of the
 * samples that tell stories apart. */
static const char stop_words[][12] = {
    "a",        "able",      "about",     "above",     "according", "across",    "add",
    "added",    "after",     "again",     "against",   "all",       "allow",     "almost",
    "already",  "also",      "although",  "always",    "am",        "among",     "an",
    "and",      "another",   "any",       "appear",    "april",     "are",       "area",
    "areas",    "around",    "as",        "ask",       "asked",     "asks",      "at",
    "august",   "back",      "bad",       "be",        "because",   "been",      "before",
    "began",    "begin",     "being",     "believe",   "below",     "best",      "better",
    "between",  "big",       "billion",   "both",      "bring",     "brings",    "brought",
    "build",    "but",       "buy",       "by",        "call",      "called",    "calls",
    "came",     "can",       "can't",     "case",      "cases",     "cent",      "change",
    "changed",  "child",     "children",  "city",      "close",     "come",      "comes",
    "consider", "continue",  "continued", "could",     "countries", "country",   "create",
    "cut",      "day",       "days",      "december",  "decide",    "did",       "didn't",
    "die",      "died",      "different", "do",        "does",      "doesn't",   "don't",
    "down",     "dr",        "during",    "each",      "early",     "eight",     "either",
    "end",      "enough",    "even",      "evening",   "every",     "expect",    "face",
    "fact",     "facts",     "fall",      "families",  "family",    "february",  "feel",
    "feels",    "fell",      "felt",      "few",       "final",     "find",      "finds",
    "first",    "five",      "follow",    "followed",  "for",       "found",     "four",
    "free",     "friday",    "from",      "full",      "further",   "gave",      "get",
    "gets",     "give",      "given",     "gives",     "go",        "goes",      "gone",
    "good",     "got",       "great",     "group",     "groups",    "grow",      "had",
    "hand",     "hands",     "happen",    "happened",  "has",       "have",      "he",
    "he's",     "head",      "hear",      "heard",     "her",       "here",      "hers",
    "high",     "him",       "his",       "home",      "house",     "how",       "however",
    "hundred",  "hundreds",  "i",         "i'm",       "if",        "important", "in",
    "include",  "included",  "includes",  "including", "into",      "is",        "isn't",
    "it",       "it's",      "its",       "january",   "july",      "june",      "just",
    "keep",     "keeps",     "kept",      "kill",      "killed",    "kind",      "knew",
    "know",     "known",     "knows",     "large",     "last",      "late",      "lead",
    "learn",    "least",     "leave",     "leaves",    "led",       "left",      "less",
    "let",      "lets",      "life",      "like",      "little",    "live",      "lived",
    "lives",    "local",     "long",      "look",      "looked",    "looks",     "lose",
    "lost",     "lot",       "love",      "low",       "made",      "main",      "major",
    "make",     "makes",     "man",       "many",      "march",     "may",       "me",
    "meet",     "men",       "met",       "might",     "million",   "millions",  "monday",
    "month",    "months",    "more",      "morning",   "most",      "move",      "moved",
    "moves",    "mr",        "mrs",       "ms",        "much",      "must",      "my",
    "name",     "names",     "national",  "neither",   "never",     "new",       "next",
    "night",    "nine",      "no",        "nor",       "not",       "november",  "now",
    "number",   "numbers",   "october",   "of",        "off",       "offer",     "often",
    "old",      "on",        "once",      "one",       "only",      "onto",      "open",
    "or",       "other",     "others",    "our",       "out",       "over",      "own",
    "paid",     "part",      "parts",     "pass",      "pay",       "people",    "per",
    "percent",  "place",     "places",    "play",      "played",    "plays",     "point",
    "points",   "problem",   "problems",  "provide",   "provided",  "public",    "pull",
    "put",      "puts",      "quite",     "raise",     "ran",       "rather",    "reach",
    "read",     "real",      "really",    "recent",    "remain",    "remained",  "remember",
    "report",   "reported",  "require",   "right",     "run",       "runs",      "said",
    "same",     "saturday",  "saw",       "say",       "saying",    "says",      "second",
    "see",      "seem",      "seemed",    "seems",     "seen",      "sees",      "sell",
    "send",     "sent",      "september", "serve",     "set",       "seven",     "several",
    "she",      "she's",     "short",     "should",    "show",      "showed",    "shown",
    "shows",    "side",      "since",     "sit",       "six",       "small",     "so",
    "some",     "sometimes", "speak",     "spend",     "spoke",     "stand",     "start",
    "started",  "starts",    "state",     "states",    "stay",      "still",     "stop",
    "stopped",  "such",      "suggest",   "sunday",    "sure",      "take",      "taken",
    "takes",    "tell",      "tells",     "ten",       "than",      "that",      "that's",
    "the",      "their",     "them",      "then",      "there",     "there's",   "these",
    "they",     "they're",   "thing",     "things",    "think",     "thinks",    "third",
    "this",     "those",     "though",    "thought",   "thousand",  "thousands", "three",
    "through",  "thursday",  "time",      "times",     "to",        "today",     "told",
    "tomorrow", "too",       "took",      "toward",    "towards",   "town",      "tried",
    "tries",    "true",      "try",       "tuesday",   "two",       "under",     "understand",
    "until",    "up",        "upon",      "use",       "used",      "uses",      "usually",
    "very",     "wait",      "walk",      "want",      "wanted",    "wants",     "was",
    "wasn't",   "watch",     "way",       "ways",      "we",        "we're",     "wednesday",
    "week",     "weeks",     "well",      "went",      "were",      "what",      "when",
    "where",    "whether",   "which",     "while",     "who",       "whole",     "whom",
    "why",      "will",      "win",       "wins",      "with",      "within",    "without",
    "woman",    "women",     "won",       "won't",     "work",      "works",     "world",
    "would",    "write",     "written",   "wrote",     "year",      "years",     "yesterday",
    "yet",      "you",       "you're",    "young",     "your",
};

/* Big-endian value of the first n bytes of s, for comparing fixed slots as numbers. */
static uint64_t pack(const char *s, size_t n)
{
    uint64_t v = 0;

    for (size_t i = 0; i < n; i++)
        v = v << 8 | (unsigned char)s[i];
    return v;
}

static int is_stop(const char *w, size_t len)
{
    char key[12] = {0};
    size_t lo = 0, hi = COUNT(stop_words);

    if (len >= sizeof(key))
        return 0;
    memcpy(key, w, len);
    const uint64_t k_hi = pack(key, 8), k_lo = pack(key + 8, 4);
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const uint64_t e_hi = pack(stop_words[mid], 8), e_lo = pack(stop_words[mid] + 8, 4);
        if (e_hi == k_hi && e_lo == k_lo)
            return 1;
        if (e_hi < k_hi || (e_hi == k_hi && e_lo < k_lo))
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static size_t words_in(const struct rp__span *p)
{
    return p->word_end - p->word_begin;
}

/* The normalised word i is exactly 'w'. */
static int word_is(const struct rp_text *t, size_t i, const char *w)
{
    return t->words[i].norm_len == strlen(w) && memcmp(rp__word_norm(t, i), w, strlen(w)) == 0;
}

/* The span ends as a sentence: '.', '?' or '!', maybe inside closing quotes or brackets. */
static int ends_sentence(const char *s, size_t len)
{
    while (len > 0) {
        const unsigned char c = (unsigned char)s[len - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']' || c == ' ') {
            len--;
        } else if (len >= 3 && c >= 0x80 && (unsigned char)s[len - 3] == 0xE2 &&
                   (unsigned char)s[len - 2] == 0x80) {
            len -= 3; /* a curly quote */
        } else if (len >= 3 && ((memcmp(s + len - 3, "\xE3\x80\x82", 3) == 0) ||
                                memcmp(s + len - 3, "\xEF\xBC\x81", 3) == 0 ||
                                memcmp(s + len - 3, "\xEF\xBC\x9F", 3) == 0)) {
            return 1; /* an ideographic full stop, a full-width '!' or '?' */
        } else {
            return c == '.' || c == '?' || c == '!';
        }
    }
    return 0;
}

/* Share of stop words among the words of p, in percent. */
static size_t stop_percent(const struct rp_text *t, const struct rp__span *p)
{
    size_t stops = 0;

    for (size_t w = p->word_begin; w < p->word_end; w++)
        stops += is_stop(rp__word_norm(t, w), t->words[w].norm_len) ? 1u : 0u;
    return words_in(p) == 0 ? 0 : 100 * stops / words_in(p);
}

/* A paragraph of prose (jusText's "good" block): long enough, ends as a sentence, and reads
 * as language (a quarter of its words or more are stop words). */
static int is_prose(const struct rp_text *t, const struct rp__span *p)
{
    return words_in(p) >= PROSE_WORDS && ends_sentence(t->text + p->start, p->end - p->start) &&
           stop_percent(t, p) >= 25;
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* The '@' at tok[at] makes a @handle (it opens the token, a letter follows) or an e-mail
 * address (a letter on each side, a '.' later in the token). */
static int is_handle_or_mail(const char *tok, size_t len, size_t at)
{
    if (at + 1 >= len || !is_letter(tok[at + 1]))
        return 0;
    if (at == 0 || tok[at - 1] == '(')
        return 1;
    if (!is_letter(tok[at - 1]) && !(tok[at - 1] >= '0' && tok[at - 1] <= '9'))
        return 0;
    for (size_t i = at + 1; i + 1 < len && tok[i] != ' '; i++)
        if (tok[i] == '.' && is_letter(tok[i + 1]))
            return 1;
    return 0;
}

/* Where an address (e-mail, @handle, URL) starts in [s, s + len): the offset of the first
 * byte of its space-delimited token, or -1. With last != 0, the last such token. */
static long address_at(const char *s, size_t len, int last)
{
    long found = -1;
    size_t tok = 0;

    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' || s[i] == '\t') {
            tok = i + 1;
            continue;
        }
        if ((s[i] == '@' && is_handle_or_mail(s + tok, len - tok, i - tok)) ||
            (i + 3 <= len && memcmp(s + i, "://", 3) == 0) ||
            (i + 4 <= len && memcmp(s + i, "www.", 4) == 0)) {
            found = (long)tok;
            if (!last)
                break;
        }
    }
    return found;
}

/* The paragraph ends with an address: after the last address token only punctuation. */
static int ends_with_address(const char *s, size_t len)
{
    const long at = address_at(s, len, 1);

    if (at < 0)
        return 0;
    for (size_t i = (size_t)at; i < len; i++)
        if (s[i] == ' ')
            return 0;
    return 1;
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
    static const char *const headings[] = {"most read",         "related",
                                           "trending",          "read more",
                                           "more stories",      "popular",
                                           "most popular",      "related articles",
                                           "related stories",   "related content",
                                           "related coverage",  "recommended",
                                           "you may also like", "top stories",
                                           "latest news",       "more from this section",
                                           "editor's picks",    "more on this story",
                                           "latest stories",    "most viewed"};
    if (in_list(lower, strlen(lower), headings, COUNT(headings)))
        return 1;
    /* "More from Music", "More in Business": a section's list of headlines */
    return (strncmp(lower, "more from ", 10) == 0 || strncmp(lower, "more in ", 8) == 0) &&
           rp__line_words(lower, strlen(lower)) <= 4;
}

/* Lines that introduce furniture whatever follows ("Read more: ...", "Tags: ..."). */
static int is_lead_in(const char *lower)
{
    static const char *const opens[] = {"read more:",
                                        "read more at",
                                        "read also:",
                                        "also read:",
                                        "see also:",
                                        "related:",
                                        "related coverage",
                                        "related articles",
                                        "related stories",
                                        "more:",
                                        "watch:",
                                        "watch now:",
                                        "listen:",
                                        "tags:",
                                        "topics:",
                                        "filed under",
                                        "categories:",
                                        "advertisement",
                                        "sponsored",
                                        "share this",
                                        "click here",
                                        "continue reading",
                                        "story continues",
                                        "scroll to continue",
                                        "skip advertisement",
                                        "subscribe now",
                                        "sign up for",
                                        "sign up to",
                                        "follow us",
                                        "download the app",
                                        "download our app",
                                        "view comments",
                                        "leave a comment",
                                        "comments are closed",
                                        "about the author",
                                        "about the writer",
                                        "about the reporter",
                                        "read next",
                                        "recommended:",
                                        "don't miss",
                                        "further reading",
                                        "more on this",
                                        "see more:",
                                        "image source",
                                        "follow @",
                                        "read more about",
                                        "find out more",
                                        "learn more",
                                        "our standards:",
                                        "skip to",
                                        "back to top",
                                        "next article",
                                        "previous article",
                                        "next story",
                                        "previous story",
                                        "up next",
                                        "create an account",
                                        "sign in to",
                                        "log in to"};

    for (size_t i = 0; i < COUNT(opens); i++)
        if (opens[i][0] == lower[0] && strncmp(lower, opens[i], strlen(opens[i])) == 0)
            return 1;
    return 0;
}

/* A line of share and widget words only: "Facebook Twitter WhatsApp Email". */
static int is_widget_line(const struct rp_text *t, const struct rp__span *p)
{
    static const char widget[][16] = {"share",     "tweet",
                                      "email",     "e",
                                      "mail",      "print",
                                      "facebook",  "twitter",
                                      "x",         "whatsapp",
                                      "linkedin",  "pinterest",
                                      "reddit",    "flipboard",
                                      "pocket",    "telegram",
                                      "comments",  "comment",
                                      "copy",      "link",
                                      "save",      "advertisement",
                                      "sponsored", "pdf",
                                      "google",    "messenger",
                                      "sms",       "this",
                                      "article",   "story",
                                      "on",        "via",
                                      "more",      "close",
                                      "menu",      "subscribe",
                                      "sign",      "in",
                                      "log",       "login",
                                      "register",  "photo",
                                      "photos",    "video",
                                      "image",     "gallery",
                                      "like",      "loading",
                                      "reply",     "cancel",
                                      "leave",     "a",
                                      "opens",     "new",
                                      "window",    "listen",
                                      "to",        "next",
                                      "previous",  "top",
                                      "back"};

    if (words_in(p) == 0 || words_in(p) > 6)
        return 0;
    size_t named = 0;
    for (size_t w = p->word_begin; w < p->word_end; w++) {
        if (t->words[w].flags & RP__WORD_DIGIT)
            continue; /* "12 comments" */
        if (!IN(rp__word_norm(t, w), t->words[w].norm_len, widget))
            return 0;
        named++;
    }
    return named > 0;
}

/* Phrases of a site's own pages, which a short line names only as a link. */
static int has_site_phrase(const char *lower)
{
    static const char *const phrases[] = {
        "privacy policy",          "terms of use",       "terms of service",  "cookie policy",
        "cookie settings",         "contact us",         "advertise with us", "about us",
        "accessibility statement", "manage preferences", "do not sell my"};

    for (size_t i = 0; i < COUNT(phrases); i++)
        if (strstr(lower, phrases[i]) != NULL)
            return 1;
    return 0;
}

/* A copyright line: "(c) 2025 The Herald", "Copyright 2024 ...", "... All rights reserved". */
static int is_copyright(const char *lower)
{
    const char *c = strstr(lower, "copyright");

    if (strstr(lower, "\xC2\xA9") != NULL || strstr(lower, "all rights reserved") != NULL ||
        strstr(lower, "(c) 1") != NULL || strstr(lower, "(c) 2") != NULL)
        return 1;
    if (c == NULL)
        return 0;
    c += strlen("copyright");
    while (*c == ' ' || *c == ':')
        c++;
    return (*c >= '0' && *c <= '9') || strncmp(c, "(c)", 3) == 0;
}

/* Site phrases that prose does not use, flagged in a sentence of at most MAX_CUE_WORDS. */
static const char *const cues[] = {"follow us on",
                                   "follow our",
                                   "sign up for our",
                                   "sign up to our",
                                   "subscribe to our",
                                   "all rights reserved",
                                   "about the author",
                                   "have a tip",
                                   "got a tip",
                                   "got a story",
                                   "click here",
                                   "download our app",
                                   "download the app",
                                   "read more:",
                                   "related:",
                                   "share this article",
                                   "share this story",
                                   "latest headlines",
                                   "pic.twitter.com",
                                   "recommended for you",
                                   "trending now",
                                   "contributed to this report",
                                   "contributed reporting",
                                   "originally published on",
                                   "originally published by",
                                   "originally appeared on",
                                   "article first appeared",
                                   "story first appeared",
                                   "post first appeared",
                                   "a post shared by",
                                   "like us on facebook",
                                   "breaking news alerts",
                                   "join the conversation",
                                   "comments are closed",
                                   "leave a comment",
                                   "\xC2\xA9",
                                   "(c) 20",
                                   "have a news tip",
                                   "got a news tip",
                                   "send us a tip",
                                   "email address will not be published",
                                   "required fields are marked",
                                   "contact the reporter",
                                   "contact the writer",
                                   "to your inbox",
                                   "in your inbox",
                                   "min read",
                                   "minute read",
                                   "minutes to read",
                                   "listen to this article",
                                   "reading time",
                                   "we use cookies",
                                   "uses cookies",
                                   "enable javascript",
                                   "by continuing to use",
                                   "thank you for signing up",
                                   "thanks for signing up",
                                   "successfully subscribed",
                                   "privacy preferences"};

/* Where a cue may start: the first two bytes of every cue, as bits of a 4096-bit table, so
 * that a sentence is read once instead of once per cue. */
static size_t pair_slot(const char *s)
{
    return ((size_t)(unsigned char)s[0] * 61 + (unsigned char)s[1]) & 4095;
}

static void cue_pairs(uint64_t *bits)
{
    memset(bits, 0, 4096 / 8);
    for (size_t i = 0; i < COUNT(cues); i++) {
        const size_t k = pair_slot(cues[i]);
        bits[k >> 6] |= UINT64_C(1) << (k & 63);
    }
}

static int has_cue(const char *lower, const uint64_t *bits)
{
    for (const char *at = lower; at[0] != '\0' && at[1] != '\0'; at++) {
        const size_t k = pair_slot(at);
        if (!((bits[k >> 6] >> (k & 63)) & 1))
            continue;
        for (size_t i = 0; i < COUNT(cues); i++)
            if (cues[i][0] == at[0] && cues[i][1] == at[1] &&
                strncmp(at, cues[i], strlen(cues[i])) == 0)
                return 1;
    }
    return 0;
}

/* A call to action: an imperative ("follow", "sign up", "download", ...) that opens the
 * sentence (or follows "please", or a "For ..." phrase) with the site as its object ("us",
 * "our", "newsletter", "app", "channel", a social network) within five words. "Follow the
 * money" is not one. */
static int is_call_to_action(const struct rp_text *t, const struct rp__span *se)
{
    static const char verbs[][16] = {
        "follow", "sign",     "subscribe", "download", "join",    "like",   "share",   "click",
        "tap",    "get",      "listen",    "watch",    "read",    "visit",  "contact", "email",
        "send",   "register", "install",   "check",    "see",     "find",   "stay",    "never",
        "don't",  "be",       "keep",      "tell",     "support", "donate", "become"};
    static const char objects[][16] = {
        "us",      "our",      "newsletter", "newsletters", "app",           "channel",
        "podcast", "whatsapp", "telegram",   "facebook",    "twitter",       "instagram",
        "youtube", "tiktok",   "linkedin",   "alerts",      "notifications", "here",
        "below",   "website",  "feed",       "inbox",       "subscription",  "subscribe",
        "article", "bulletin", "briefing",   "rss",         "updates",       "coverage",
        "blog",    "live"};
    size_t w = se->word_begin, verb = SIZE_MAX;

    if (w == se->word_end)
        return 0;
    /* "'Tell us what you saw,' the officer said": an imperative quoted in prose */
    for (size_t b = se->start; b < t->words[w].start; b++)
        if (t->text[b] == '"' || t->text[b] == '\'' ||
            (b + 2 < t->words[w].start && memcmp(t->text + b, "\xE2\x80", 2) == 0 &&
             ((unsigned char)t->text[b + 2] == 0x9C || (unsigned char)t->text[b + 2] == 0x98)))
            return 0;
    /* a label first: "Live: Follow the latest developments here" */
    for (size_t k = w; k < se->word_end && k < w + 2; k++)
        if (t->words[k].end < se->end && t->text[t->words[k].end] == ':') {
            w = k + 1;
            break;
        }
    if (w < se->word_end &&
        (word_is(t, w, "please") || word_is(t, w, "and") || word_is(t, w, "also")))
        w++;
    /* "Sign up now", "Subscribe today": a bare call to subscribe */
    if (w < se->word_end && se->word_end - w <= 4 &&
        (word_is(t, w, "subscribe") || word_is(t, w, "sign") || word_is(t, w, "register")))
        return 1;
    if (w < se->word_end && IN(rp__word_norm(t, w), t->words[w].norm_len, verbs)) {
        verb = w;
    } else if (w < se->word_end && word_is(t, w, "for")) {
        for (size_t k = w + 1; k < se->word_end && k < w + 8; k++)
            if (IN(rp__word_norm(t, k), t->words[k].norm_len, verbs)) {
                verb = k;
                break;
            }
    }
    if (verb == SIZE_MAX)
        return 0;
    for (size_t k = verb + 1; k < se->word_end && k <= verb + 5; k++)
        if (IN(rp__word_norm(t, k), t->words[k].norm_len, objects))
            return 1;
    return 0;
}

/* ------------------------------------------------------------------------------------------
 * Stage 1: cues within one article
 * ---------------------------------------------------------------------------------------- */

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

/* The key of words [wb, we): their hashes in order, any number one symbol. *letters counts
 * the words that are not numbers. */
static uint64_t unit_key(const struct rp_text *t, size_t wb, size_t we, size_t *letters)
{
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15);

    *letters = 0;
    for (size_t w = wb; w < we; w++) {
        const int digit = (t->words[w].flags & RP__WORD_DIGIT) != 0;
        *letters += !digit;
        h = mix(h ^ (digit ? UINT64_C(0x2545f4914f6cdd1d) : t->words[w].hash));
    }
    return mix(h + (uint64_t)(we - wb));
}

/* Makes t->aux hold at least n values. */
static int scratch(struct rp_text *t, size_t n)
{
    return rp__grow((void **)&t->aux, &t->aux_cap, n, sizeof(*t->aux)) < 0 ? RP_ENOMEM : RP_OK;
}

enum mark { M_NONE = 0, M_FLAG = 1 };

/* Appends [start, end) to the spans, merged with the previous one when they overlap or only
 * white space lies between them. */
static int add(const char *text, rp_token **out, size_t *count, size_t *cap, size_t start,
               size_t end)
{
    int rc = RP_OK;

    if (*count > 0) {
        rp_token *prev = &(*out)[*count - 1];
        size_t gap = prev->end;
        while (gap < start &&
               (text[gap] == ' ' || text[gap] == '\n' || text[gap] == '\r' || text[gap] == '\t'))
            gap++;
        if (gap >= start) {
            if (end > prev->end)
                prev->end = end;
            goto out;
        }
    }
    rc = rp__grow((void **)out, cap, *count + 1, sizeof(**out)) < 0 ? RP_ENOMEM : RP_OK;
    if (rc == RP_OK)
        (*out)[(*count)++] = (rp_token){start, end};
out:
    return rc;
}

/* Words that name a trade of writing: a bio says the author is one. */
static const char roles[][16] = {
    "writer",          "reporter",   "editor",      "journalist", "correspondent", "columnist",
    "contributor",     "author",     "blogger",     "producer",   "freelancer",    "photographer",
    "photojournalist", "critic",     "commentator", "novelist",   "fellow",        "professor",
    "lecturer",        "researcher", "scholar",     "anchor",     "presenter",     "broadcaster",
    "podcaster",       "intern",     "writers",     "reporters",  "editors",       "journalists"};

/* 1 when paragraph p opens as an author bio, and the words of the name it gives (the words
 * before "is", or after "I'm") in [*name_begin, *name_end):
 *   "Jane Doe is a senior reporter ...", "Jane Doe covers ...", "Hi, I'm Jane Doe, a writer".
 */
static int bio_opening(const struct rp_text *t, const struct rp__span *p, size_t *name_begin,
                       size_t *name_end)
{
    static const char copulas[][16] = {"is", "was", "has", "am", "'s"};
    static const char verbs[][16] = {"covers", "writes", "reports", "edits", "hosts"};
    size_t w = p->word_begin;
    const size_t end = p->word_end < p->word_begin + 24 ? p->word_end : p->word_begin + 24;

    if (word_is(t, w, "hi") || word_is(t, w, "hello") || word_is(t, w, "hey"))
        w++;
    /* "The writer is ...", "The author is ..." (op-ed footers) */
    if (word_is(t, w, "the") && w + 2 < end &&
        IN(rp__word_norm(t, w + 1), t->words[w + 1].norm_len, roles) &&
        (word_is(t, w + 2, "is") || word_is(t, w + 2, "was"))) {
        *name_begin = *name_end = w;
        return 1;
    }
    if (w < end &&
        (word_is(t, w, "i'm") || (word_is(t, w, "i") && w + 1 < end && word_is(t, w + 1, "am")))) {
        w += word_is(t, w, "i'm") ? 1 : 2;
        *name_begin = w;
        while (w < end && (t->words[w].flags & RP__WORD_UPPER))
            w++;
        *name_end = w;
        for (size_t k = w; k < end && k < w + 10; k++)
            if (IN(rp__word_norm(t, k), t->words[k].norm_len, roles))
                return 1;
        return 0;
    }
    /* a name of one to four capitalised words, then "is a ..." or "covers ..." */
    *name_begin = w;
    while (w < end && w < *name_begin + 4 && (t->words[w].flags & RP__WORD_UPPER) &&
           !(t->words[w].flags & RP__WORD_DIGIT))
        w++;
    *name_end = w;
    if (w == *name_begin || w >= end)
        return 0;
    if (IN(rp__word_norm(t, w), t->words[w].norm_len, verbs))
        return 1;
    if (!IN(rp__word_norm(t, w), t->words[w].norm_len, copulas))
        return 0;
    for (size_t k = w + 1; k < end && k < w + 8; k++)
        if (IN(rp__word_norm(t, k), t->words[k].norm_len, roles))
            return 1;
    return 0;
}

/* Whether any word of [nb, ne) occurs in an unflagged paragraph before p. */
static int named_before(const struct rp_text *t, const uint64_t *marks, size_t p, size_t nb,
                        size_t ne)
{
    for (size_t q = 0; q < p; q++) {
        if (marks[q] == M_FLAG)
            continue;
        for (size_t w = t->paras[q].word_begin; w < t->paras[q].word_end; w++)
            for (size_t k = nb; k < ne; k++)
                if (t->words[k].norm_len >= 3 && t->words[w].hash == t->words[k].hash)
                    return 1;
    }
    return 0;
}

static int is_bio(const struct rp_text *t, const uint64_t *marks, size_t p)
{
    const struct rp__span *para = &t->paras[p];
    size_t nb, ne;

    if (words_in(para) < 6 || words_in(para) > BIO_WORDS || !bio_opening(t, para, &nb, &ne))
        return 0;
    return !named_before(t, marks, p, nb, ne);
}

/* "About News Team", "About the author": a short heading that introduces a bio. */
static int is_about_heading(const struct rp_text *t, const struct rp__span *p)
{
    return words_in(p) >= 2 && words_in(p) <= 5 && word_is(t, p->word_begin, "about") &&
           !ends_sentence(t->text + p->start, p->end - p->start);
}

/* "Jane Doe | Reuters", "By Staff Writer | Updated 3:45 PM": a byline among '|' segments. */
static int piped_byline(const char *s, size_t len)
{
    size_t b = 0;

    if (memchr(s, '|', len) == NULL)
        return 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || s[i] == '|') {
            if (i > b && rp__is_byline(s + b, i - b))
                return 1;
            b = i + 1;
        }
    return 0;
}

static int has_post_link(const char *lower)
{
    return strstr(lower, "pic.twitter.com") != NULL || strstr(lower, "twitter.com/") != NULL ||
           strstr(lower, "x.com/") != NULL || strstr(lower, "t.co/") != NULL ||
           strstr(lower, "instagram.com/p/") != NULL;
}

/* Whole-paragraph cues, in text order; marks[p] = M_FLAG for the paragraphs they flag. */
static void mark_lines(const struct rp_text *t, uint64_t *marks)
{
    char lower[512];
    int in_list = 0;
    for (size_t p = 0; p < t->para_count; p++) {
        const struct rp__span *para = &t->paras[p];
        const char *s = t->text + para->start;
        const size_t len = para->end - para->start, n = words_in(para);
        const int last = len > 0 && (s[len - 1] == '.' || s[len - 1] == '?' || s[len - 1] == '!');

        lower_copy(s, len, lower, sizeof(lower));
        if (in_list && (n > LIST_WORDS || (last && n > 3)))
            in_list = 0;
        if (is_list_heading(lower)) {
            in_list = 1;
            marks[p] = M_FLAG;
            continue;
        }
        /* a headline near the top again (the title under the title), in other case or
         * spacing too; a sentence said twice is the article's own */
        int repeat = 0;
        if (p > 0 && p < TOP_LINES && n > 0 && n <= LIST_WORDS && !ends_sentence(s, len)) {
            size_t letters;
            const uint64_t key = unit_key(t, para->word_begin, para->word_end, &letters);
            for (size_t q = 0; q < p && !repeat; q++)
                repeat = words_in(&t->paras[q]) == n &&
                         unit_key(t, t->paras[q].word_begin, t->paras[q].word_end, &letters) == key;
        }
        const int short_line = n <= MAX_LINE_WORDS;
        if (in_list || repeat || (p < 6 && is_slug(s, len)) ||
            (p < 4 && n <= 8 && rp__is_byline(s, len)) ||
            (p < 4 && n <= 12 && piped_byline(s, len)) || rp__is_credit_line(s, len) ||
            (n <= MAX_LINK_WORDS && address_at(s, len, 0) >= 0) ||
            (short_line && ends_with_address(s, len)) || (short_line && is_lead_in(lower)) ||
            (short_line && is_copyright(lower)) || rp__is_nav_line(s, len) ||
            (n <= MAX_LINK_WORDS && has_site_phrase(lower)) || is_widget_line(t, para) ||
            (n <= POST_WORDS && has_post_link(lower)) ||
            (p > 0 && n <= POST_WORDS && rp__is_photo_credit(s, len)))
            marks[p] = M_FLAG;
        if (rp__is_post_attribution(s, len)) {
            marks[p] = M_FLAG;
            /* the post's own text sits just above its attribution line */
            if (p > 1 && words_in(&t->paras[p - 1]) <= POST_WORDS)
                marks[p - 1] = M_FLAG;
        }
    }
}

/* The tail, after the last paragraph of prose, read backwards: author bios, "About ..."
 * headings, and short lines next to furniture (jusText's context rule, kept to the tail). */
static void mark_tail(const struct rp_text *t, uint64_t *marks)
{
    int sentence_after = 0; /* a sentence that is not furniture comes later */

    const size_t stop = t->para_count > MAX_TAIL ? t->para_count - MAX_TAIL : 1;

    for (size_t p = t->para_count; p-- > stop;) {
        const struct rp__span *para = &t->paras[p];
        const char *s = t->text + para->start;
        const size_t len = para->end - para->start;

        if (marks[p] == M_FLAG)
            continue;
        const int near =
            (p + 1 < t->para_count && marks[p + 1] == M_FLAG) || marks[p - 1] == M_FLAG;
        /* a bio is the last thing the page says before its furniture */
        if ((!sentence_after && is_bio(t, marks, p)) || is_about_heading(t, para) ||
            (near && words_in(para) <= TAIL_SHORT_WORDS && !ends_sentence(s, len))) {
            marks[p] = M_FLAG;
            continue;
        }
        if (is_prose(t, para)) {
            /* a bio under an "About ..." heading need not open like one */
            if (!sentence_after && p > 1 && words_in(para) <= BIO_WORDS &&
                is_about_heading(t, &t->paras[p - 1])) {
                marks[p] = marks[p - 1] = M_FLAG;
                continue;
            }
            break; /* the last paragraph of prose: the tail ends here */
        }
        sentence_after |= words_in(para) >= 3 && ends_sentence(s, len);
    }
}

int rp__boilerplate_spans(struct rp_text *t, rp_token **out, size_t *count, size_t *cap)
{
    char lower[512];
    int rc;
    size_t k = 0;

    *count = 0;
    rc = scratch(t, t->para_count);
    if (rc < 0 || t->para_count == 0)
        goto out;
    uint64_t *marks = t->aux, pairs[4096 / 64];
    memset(marks, 0, t->para_count * sizeof(*marks));
    cue_pairs(pairs);
    mark_lines(t, marks);
    mark_tail(t, marks);
    for (size_t p = 0; p < t->para_count && rc == RP_OK; p++) {
        const struct rp__span *para = &t->paras[p];
        if (marks[p] == M_FLAG) {
            rc = add(t->text, out, count, cap, para->start, para->end);
            continue;
        }
        /* sentence by sentence: calls to action inside a paragraph of prose */
        while (k < t->sent_count && t->sents[k].start < para->start)
            k++;
        for (; k < t->sent_count && t->sents[k].end <= para->end && rc == RP_OK; k++) {
            const struct rp__span *se = &t->sents[k];
            if (words_in(se) > MAX_CUE_WORDS)
                continue;
            lower_copy(t->text + se->start, se->end - se->start, lower, sizeof(lower));
            if (has_cue(lower, pairs) || is_call_to_action(t, se))
                rc = add(t->text, out, count, cap, se->start, se->end);
        }
    }
out:
    return rc;
}

/* ------------------------------------------------------------------------------------------
 * Stage 2: repetition across the corpus
 * ---------------------------------------------------------------------------------------- */

struct unit {            /* a paragraph or sentence of one article that recurs elsewhere */
    uint64_t key;        /* hash of its words, numbers folded */
    uint32_t start, end; /* bytes [start, end) of the article's text */
    uint32_t furniture;  /* 1: judged furniture */
};

struct art {            /* what stage 2 keeps of one article */
    rp_token *cues;     /* furniture spans by cues, text order */
    struct unit *units; /* its units seen in two or more articles, text order */
    uint32_t cue_count, unit_count;
    uint64_t source;     /* hash of the source or url host; 0 for none */
    uint64_t order;      /* hash of the id: the order of articles within a group */
    uint32_t sig[SIG_K]; /* the bottom-SIG_K sample of its informative words, ascending */
    uint8_t sig_count;
    uint8_t judged; /* 1: enough text of its own to be judged related or not */
};

struct posting {
    uint64_t key;
    uint32_t art;  /* article index */
    uint32_t slot; /* index into that article's units */
};

struct rep {
    const struct rp__docs *d;
    struct art *arts;
    uint64_t *seen, *twice; /* bitsets of unit keys: seen in one article, in two or more */
    uint64_t bit_mask;      /* bits - 1 */
    uint32_t *df;           /* document-frequency counters of words, by hash */
    uint64_t df_mask;       /* slots - 1 */
    uint32_t df_cap;        /* informative words are in at most this many articles */
    struct posting *posts;
    size_t post_count;
    uint64_t stops[STOP_SLOTS]; /* hash set of the stop words' word hashes */
};

/* Calls fn for every unit of t: each paragraph, and each sentence of a paragraph of two or
 * more sentences. */
typedef int unit_fn(void *user, uint64_t key, size_t letters, const struct rp__span *span);
static int each_unit(const struct rp_text *t, unit_fn *fn, void *user)
{
    size_t k = 0;
    int rc = RP_OK;

    for (size_t p = 0; p < t->para_count && rc == RP_OK; p++) {
        const struct rp__span *para = &t->paras[p];
        size_t letters = 0, first, n = 0;
        if (words_in(para) == 0)
            continue;
        uint64_t key = unit_key(t, para->word_begin, para->word_end, &letters);
        rc = fn(user, key, letters, para);
        while (k < t->sent_count && t->sents[k].start < para->start)
            k++;
        first = k;
        while (k + n < t->sent_count && t->sents[k + n].end <= para->end)
            n++;
        for (size_t j = first; n > 1 && j < first + n && rc == RP_OK; j++) {
            const struct rp__span *se = &t->sents[j];
            if (words_in(se) == 0)
                continue;
            key = unit_key(t, se->word_begin, se->word_end, &letters);
            rc = fn(user, key, letters, se);
        }
        k = first + n;
    }
    return rc;
}

static int cmp_u64(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

    return a < b ? -1 : a > b;
}

/* Sorts and dedups n values in place; returns the number left. */
static size_t sort_unique(uint64_t *v, size_t n)
{
    size_t u = 0;

    if (n == 0)
        return 0;
    qsort(v, n, sizeof(*v), cmp_u64);
    for (size_t i = 0; i < n; i++)
        if (u == 0 || v[i] != v[u - 1])
            v[u++] = v[i];
    return u;
}

static int bit_test(const uint64_t *bits, uint64_t mask, uint64_t key)
{
    const uint64_t i = key & mask;

    return (__atomic_load_n(&bits[i >> 6], __ATOMIC_RELAXED) >> (i & 63)) & 1;
}

/* The stop words by their word hash (tokenize.h), for the per-word test of the passes. */
static void stop_set_fill(uint64_t *set)
{
    memset(set, 0, STOP_SLOTS * sizeof(*set));
    for (size_t i = 0; i < COUNT(stop_words); i++) {
        const uint64_t h =
            XXH3_64bits_withSeed(stop_words[i], strlen(stop_words[i]), RP__HASH_SEED);
        size_t k = (size_t)(h & (STOP_SLOTS - 1));
        while (set[k] != 0)
            k = (k + 1) & (STOP_SLOTS - 1);
        set[k] = h;
    }
}

static int stop_set_has(const uint64_t *set, uint64_t h)
{
    for (size_t k = (size_t)(h & (STOP_SLOTS - 1)); set[k] != 0; k = (k + 1) & (STOP_SLOTS - 1))
        if (set[k] == h)
            return 1;
    return 0;
}

/* A word that can tell a story from another: not a stop word or number, 3 bytes or more. */
static int maybe_informative(const struct rep *r, const struct rp_text *t, size_t w)
{
    const struct rp__word *x = &t->words[w];

    return x->norm_len >= 3 && !(x->flags & RP__WORD_DIGIT) && !stop_set_has(r->stops, x->hash);
}

/* The counter of word hash h: a collision only makes a word look more common, which keeps
 * it out of the samples (never in). */
static uint32_t *df_slot(const struct rep *r, uint64_t h)
{
    return &r->df[mix(h) & r->df_mask];
}

static uint32_t df_of(const struct rep *r, uint64_t h)
{
    return __atomic_load_n(df_slot(r, h), __ATOMIC_RELAXED);
}

struct collect { /* keys into scratch of a known size */
    uint64_t *keys;
    size_t count;
};

static int collect_key(void *user, uint64_t key, size_t letters, const struct rp__span *span)
{
    struct collect *c = user;

    (void)letters;
    (void)span;
    c->keys[c->count++] = key;
    return RP_OK;
}

/* The units of t into the bitsets, its distinct words into the frequency counts. */
static void count_one(struct rep *r, struct rp_text *t)
{
    struct collect c = {t->aux, 0};

    each_unit(t, collect_key, &c);
    const size_t n = sort_unique(c.keys, c.count);
    for (size_t k = 0; k < n; k++) {
        const uint64_t b = c.keys[k] & r->bit_mask, word = b >> 6, bit = UINT64_C(1) << (b & 63);
        if (__atomic_fetch_or(&r->seen[word], bit, __ATOMIC_RELAXED) & bit)
            __atomic_fetch_or(&r->twice[word], bit, __ATOMIC_RELAXED);
    }
    c.count = 0;
    for (size_t w = 0; w < t->word_count; w++)
        if (maybe_informative(r, t, w))
            c.keys[c.count++] = t->words[w].hash;
    const size_t m = sort_unique(c.keys, c.count);
    for (size_t k = 0; k < m; k++)
        __atomic_fetch_add(df_slot(r, c.keys[k]), 1, __ATOMIC_RELAXED);
}

/* Pass (a): the cues, the units into the bitsets, the words into the frequency counts. */
static int pass_count(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    struct rep *r = user;
    struct art *a = &r->arts[i];
    const rp_article *ar = rp_corpus_get(d->corpus, i);
    size_t count = 0, cap = 0;
    int rc = rp__text_analyze(t, ar->text, ar->text_len);

    if (rc == RP_OK)
        rc = rp__boilerplate_spans(t, &a->cues, &count, &cap);
    a->cue_count = (uint32_t)count;
    if (rc == RP_OK)
        rc = scratch(t, t->para_count + t->sent_count + t->word_count + 1);
    if (rc == RP_OK)
        count_one(r, t);
    return rc;
}

struct gather {
    struct art *a;
    const struct rep *r;
    size_t cap;      /* of a->units */
    uint64_t *depth; /* per word: +1 where a repeated unit starts, -1 where it ends */
};

static int gather_unit(void *user, uint64_t key, size_t letters, const struct rp__span *span)
{
    struct gather *g = user;
    int rc = RP_OK;

    if (!bit_test(g->r->twice, g->r->bit_mask, key))
        goto out;
    g->depth[span->word_begin]++;
    g->depth[span->word_end]--;
    if (letters < UNIT_LETTERS)
        goto out;
    rc = rp__grow((void **)&g->a->units, &g->cap, g->a->unit_count + 1, sizeof(*g->a->units));
    if (rc == RP_OK)
        g->a->units[g->a->unit_count++] = (struct unit){key, span->start, span->end, 0};
out:
    return rc < 0 ? RP_ENOMEM : RP_OK;
}

/* Host of a URL, without "www.": [*h, *h + *len). */
static void url_host(const char *url, const char **h, size_t *len)
{
    const char *s = strstr(url, "://");
    size_t n = 0;

    s = s != NULL ? s + 3 : url;
    while (s[n] != '\0' && s[n] != '/' && s[n] != ':' && s[n] != '?' && s[n] != '#')
        n++;
    if (n > 4 && strncmp(s, "www.", 4) == 0) {
        s += 4;
        n -= 4;
    }
    *h = s;
    *len = n;
}

static uint64_t source_of(const rp_article *ar)
{
    const char *s = NULL;
    size_t len = 0;
    char buf[256];

    if (ar->source != NULL && ar->source[0] != '\0') {
        s = ar->source;
        len = strlen(s);
    } else if (ar->url != NULL && ar->url[0] != '\0') {
        url_host(ar->url, &s, &len);
    }
    if (len == 0)
        return 0;
    lower_copy(s, len, buf, sizeof(buf));
    const uint64_t h = XXH3_64bits(buf, strlen(buf));
    return h == 0 ? 1 : h;
}

/* The sample of t's informative words outside its cues and its repeated units ('steps': +1
 * at each word where one starts, -1 where one ends). */
static void sample_one(const struct rep *r, struct art *a, const struct rp_text *t,
                       const uint64_t *steps, uint64_t *keys)
{
    size_t own = 0, all = 0, ci = 0, n = 0;
    uint64_t depth = 0;

    for (size_t w = 0; w < t->word_count; w++) {
        depth += steps[w]; /* repeated units covering word w; wraps back to 0 */
        while (ci < a->cue_count && a->cues[ci].end <= t->words[w].start)
            ci++;
        if (ci < a->cue_count && a->cues[ci].start < t->words[w].end)
            continue;
        all++;
        if (depth != 0)
            continue;
        own++;
        if (maybe_informative(r, t, w) && df_of(r, t->words[w].hash) <= r->df_cap)
            keys[n++] = t->words[w].hash;
    }
    const size_t m = sort_unique(keys, n);
    /* the bottom-k of a hash that is not the one the counts used */
    for (size_t k = 0; k < m; k++)
        keys[k] = mix(keys[k] ^ UINT64_C(0x51a7e5)) >> 32;
    const size_t u = sort_unique(keys, m);
    a->sig_count = (uint8_t)(u < SIG_K ? u : SIG_K);
    for (size_t k = 0; k < a->sig_count; k++)
        a->sig[k] = (uint32_t)keys[k];
    /* a copy of text found elsewhere, with few words of its own, cannot be judged */
    a->judged = u >= SIG_MIN && (own * 5 >= all || own >= OWN_WORDS);
}

/* Pass (b): the units seen in two or more articles, and the sample of informative words
 * outside them and outside cue-flagged furniture. */
static int pass_sample(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    struct rep *r = user;
    struct art *a = &r->arts[i];
    const rp_article *ar = rp_corpus_get(d->corpus, i);
    int rc = rp__text_analyze(t, ar->text, ar->text_len);

    a->source = source_of(ar);
    a->order = XXH3_64bits(ar->id, strlen(ar->id));
    if (rc == RP_OK)
        rc = scratch(t, 2 * t->word_count + 1);
    if (rc == RP_OK) {
        struct gather g = {a, r, 0, t->aux};
        memset(g.depth, 0, (t->word_count + 1) * sizeof(*g.depth));
        rc = each_unit(t, gather_unit, &g);
        if (rc == RP_OK)
            sample_one(r, a, t, g.depth, t->aux + t->word_count + 1);
    }
    return rc;
}

/* Two articles are related when their samples of informative words meet. */
static int related(const struct art *x, const struct art *y)
{
    size_t i = 0, j = 0;

    while (i < x->sig_count && j < y->sig_count) {
        if (x->sig[i] == y->sig[j])
            return 1;
        if (x->sig[i] < y->sig[j])
            i++;
        else
            j++;
    }
    return 0;
}

static int cmp_posting(const void *x, const void *y, void *user)
{
    const struct posting *a = x, *b = y;
    const struct art *arts = user;

    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (arts[a->art].source != arts[b->art].source)
        return arts[a->art].source < arts[b->art].source ? -1 : 1;
    if (arts[a->art].order != arts[b->art].order)
        return arts[a->art].order < arts[b->art].order ? -1 : 1;
    if (a->art != b->art)
        return a->art < b->art ? -1 : 1;
    return a->slot < b->slot ? -1 : a->slot > b->slot;
}

/* Counts articles of postings [b, e) (sorted, an article's postings together) that are
 * pairwise unrelated, up to 'need'. */
static size_t unrelated_count(const struct rep *r, size_t b, size_t e, size_t need)
{
    const struct art *reps[CROSS_REPEATS];
    size_t n = 0, seen = 0;

    for (size_t k = b; k < e && n < need && seen < GROUP_SCAN; k++) {
        if (k > b && r->posts[k].art == r->posts[k - 1].art)
            continue;
        seen++;
        const struct art *a = &r->arts[r->posts[k].art];
        if (!a->judged)
            continue;
        size_t j = 0;
        while (j < n && !related(a, reps[j]))
            j++;
        if (j == n)
            reps[n++] = a;
    }
    return n;
}

static void mark_furniture(struct rep *r, size_t b, size_t e)
{
    for (size_t k = b; k < e; k++)
        r->arts[r->posts[k].art].units[r->posts[k].slot].furniture = 1;
}

/* Judges every group of postings of one key. */
static void judge(struct rep *r)
{
    for (size_t g = 0; g < r->post_count;) {
        size_t e = g;
        while (e < r->post_count && r->posts[e].key == r->posts[g].key)
            e++;
        if (unrelated_count(r, g, e, CROSS_REPEATS) >= CROSS_REPEATS) {
            mark_furniture(r, g, e);
        } else {
            for (size_t s = g; s < e;) { /* runs of one source */
                size_t se = s;
                const uint64_t src = r->arts[r->posts[s].art].source;
                while (se < e && r->arts[r->posts[se].art].source == src)
                    se++;
                if (src != 0 && unrelated_count(r, s, se, SOURCE_REPEATS) >= SOURCE_REPEATS)
                    mark_furniture(r, s, se);
                s = se;
            }
        }
        g = e;
    }
}

/* Pass (c): cue spans and furniture units together, in text order. */
static int flag_one(size_t i, void *user)
{
    struct rep *r = user;
    const struct art *a = &r->arts[i];
    const rp_article *ar = rp_corpus_get(r->d->corpus, i);
    rp_token *spans = NULL;
    size_t count = 0, cap = 0, ci = 0, ui = 0;
    int rc = RP_OK;

    while (rc == RP_OK && (ci < a->cue_count || ui < a->unit_count)) {
        if (ui < a->unit_count && !a->units[ui].furniture) {
            ui++;
            continue;
        }
        if (ci < a->cue_count && (ui >= a->unit_count || a->cues[ci].start <= a->units[ui].start)) {
            rc = add(ar->text, &spans, &count, &cap, a->cues[ci].start, a->cues[ci].end);
            ci++;
        } else {
            const struct unit *u = &a->units[ui++];
            if (count > 0 && spans[count - 1].start <= u->start && spans[count - 1].end >= u->end)
                continue; /* a sentence of a paragraph already flagged */
            rc = add(ar->text, &spans, &count, &cap, u->start, u->end);
        }
    }
    if (rc == RP_OK)
        rc = r->d->set_boilerplate(r->d, i, spans, count);
    rp__free(spans);
    return rc;
}

static uint64_t pow2_at_least(uint64_t n, uint64_t lo, uint64_t hi)
{
    uint64_t p = lo;

    while (p < n && p < hi)
        p <<= 1;
    return p;
}

int rp__boilerplate_find(const struct rp__docs *d)
{
    struct rep r;
    uint64_t bytes = 0;
    int rc = RP_OK;

    memset(&r, 0, sizeof(r));
    r.d = d;
    stop_set_fill(r.stops);
    for (size_t i = 0; i < d->count; i++)
        bytes += rp_corpus_get(d->corpus, i)->text_len;
    /* about one unit per 40 bytes, 8 bits per unit; a word counter per 16 bytes */
    const uint64_t bits = pow2_at_least(bytes / 40 * 8 + 64, 4096, UINT64_C(1) << 30);
    const uint64_t slots = pow2_at_least(bytes / 16, 1024, UINT64_C(1) << 24);
    r.bit_mask = bits - 1;
    r.df_mask = slots - 1;
    r.df_cap = d->count / 50 > DF_CAP_MIN ? (uint32_t)(d->count / 50) : DF_CAP_MIN;
    r.arts = rp__calloc(d->count, sizeof(*r.arts));
    r.seen = rp__calloc((size_t)(bits / 64), sizeof(*r.seen));
    r.twice = rp__calloc((size_t)(bits / 64), sizeof(*r.twice));
    r.df = rp__calloc((size_t)slots, sizeof(*r.df));
    if (r.arts == NULL || r.seen == NULL || r.twice == NULL || r.df == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    rc = rp__docs_parallel(d, pass_count, &r);
    if (rc == RP_OK)
        rc = rp__docs_parallel(d, pass_sample, &r);
    if (rc < 0)
        goto out;
    rp__free(r.seen);
    rp__free(r.twice);
    rp__free(r.df);
    r.seen = r.twice = NULL;
    r.df = NULL;
    for (size_t i = 0; i < d->count; i++)
        r.post_count += r.arts[i].unit_count;
    if (r.post_count > 0) {
        r.posts = rp__malloc(rp__mul_size(r.post_count, sizeof(*r.posts)));
        if (r.posts == NULL) {
            rc = RP_ENOMEM;
            goto out;
        }
        size_t k = 0;
        for (size_t i = 0; i < d->count; i++)
            for (uint32_t u = 0; u < r.arts[i].unit_count; u++)
                r.posts[k++] = (struct posting){r.arts[i].units[u].key, (uint32_t)i, u};
        qsort_r(r.posts, r.post_count, sizeof(*r.posts), cmp_posting, r.arts);
        judge(&r);
    }
    rc = rp__parallel_for(d->count, d->thread_count, flag_one, &r);
out:
    for (size_t i = 0; r.arts != NULL && i < d->count; i++) {
        rp__free(r.arts[i].cues);
        rp__free(r.arts[i].units);
    }
    rp__free(r.arts);
    rp__free(r.seen);
    rp__free(r.twice);
    rp__free(r.df);
    rp__free(r.posts);
    return rc;
}
