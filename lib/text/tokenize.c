/* tokenize.c: words, sentences and paragraphs with byte offsets into the original text.
 *
 * One pass finds the words (ASCII handled by table, other characters by their Unicode
 * category); a second pass over lines finds paragraphs and, inside them, sentences by
 * looking at the punctuation between consecutive words. Sentence rules: a '.', '!', '?' or
 * '…' followed by closing quotes or brackets and then white space ends a sentence, unless the
 * next word starts with a lower-case letter, or the period follows an abbreviation, a single
 * letter (an initial), or a month or "No." before a number. A paragraph is a line, or, in
 * hard-wrapped text (most line breaks fall inside a sentence), a block between blank lines. */
#include "tokenize.h"

#include <string.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL /* the hash of every word: inlined, it is a third faster */
#include <xxhash.h>

#include "reprint.h"
#include "../base/banned.h"

enum cls { C_OTHER, C_WORD, C_SPACE, C_APOS };

/* Class of each ASCII character: letters and digits, white space, the apostrophe. */
static const unsigned char ascii_class[128] = {
    C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_SPACE,
    C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER,
    C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER,
    C_OTHER, C_OTHER, C_SPACE, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_APOS,
    C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_WORD,  C_WORD,
    C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_OTHER, C_OTHER,
    C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,
    C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,
    C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,
    C_WORD,  C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_WORD,  C_WORD,  C_WORD,
    C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,
    C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,  C_WORD,
    C_WORD,  C_WORD,  C_WORD,  C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER,
};

/* Lower-cased form of each ASCII letter and digit; 0 for every other byte (the word loop's
 * only test). */
static const unsigned char ascii_word_lower[256] = {
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   48,  49,  50,  51,  52,  53,  54,  55,  56,
    57,  0,   0,   0,   0,   0,   0,   0,   97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107,
    108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0,   0,   0,   0,
    0,   0,   97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113,
    114, 115, 116, 117, 118, 119, 120, 121, 122, 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,
};

static enum cls unicode_class(int32_t cp)
{
    if (cp < 0)
        return C_OTHER;
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)
        return C_APOS;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_WORD;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return C_SPACE;
    default:
        return cp == 0x85 || cp == 0xFEFF ? C_SPACE : C_OTHER;
    }
}

/* Decodes the character at i: returns its class, its length in *n and its code point. */
static enum cls char_at(const unsigned char *s, size_t len, size_t i, size_t *n, int32_t *cp)
{
    if (s[i] < 0x80) {
        *n = 1;
        *cp = s[i];
        return (enum cls)ascii_class[s[i]];
    }
    *n = rp__utf8_decode(s + i, len - i, cp);
    return unicode_class(*cp);
}

static int is_digit_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static int is_letter_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
        return 1;
    default:
        return 0;
    }
}

static int is_upper_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU ||
           utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

static int commit_word(struct rp_text *t, size_t start, size_t end, uint32_t flags, size_t at,
                       size_t pending);

static int add_word(struct rp_text *t, size_t start, size_t end, uint32_t flags)
{
    const size_t at = t->norm.len;
    int rc = RP_OK;

    if (flags & RP__WORD_ASCII) {
        const size_t n = end - start;
        char *dst;

        if (t->norm.len + n + 1 > t->norm.cap &&
            RP__GROW(t->norm.data, t->norm.cap, t->norm.len + n + 1) < 0)
            return RP_ENOMEM;
        dst = t->norm.data + at;
        for (size_t k = 0; k < n; k++) {
            const unsigned char c = (unsigned char)t->text[start + k];
            dst[k] = (char)(c + ((unsigned)(c - 'A') < 26u ? 'a' - 'A' : 0));
        }
        t->norm.len += n;
        dst[n] = '\0';
    } else {
        rc = rp__normalize_append(&t->scratch, t->text + start, end - start, &t->norm, NULL);
    }
    if (rc < 0)
        return rc;
    return commit_word(t, start, end, flags, at, 0);
}

/* Records the word [start, end) whose normalised form starts at norm offset 'at'; the
 * last 'pending' bytes of it were written past norm.len and are counted now. */
static int commit_word(struct rp_text *t, size_t start, size_t end, uint32_t flags, size_t at,
                       size_t pending)
{
    struct rp__word *w;

    t->norm.len += pending; /* norm is not NUL-terminated: words carry their lengths */
    if (t->norm.len > UINT32_MAX)
        return RP_ELIMIT;
    if (t->word_count == t->word_cap && RP__GROW(t->words, t->word_cap, t->word_count + 1) < 0)
        return RP_ENOMEM;
    w = &t->words[t->word_count++];
    w->start = (uint32_t)start;
    w->end = (uint32_t)end;
    w->norm_off = (uint32_t)at;
    w->norm_len = (uint32_t)(t->norm.len - at);
    w->hash = XXH3_64bits_withSeed(t->norm.data + at, w->norm_len, RP__HASH_SEED);
    w->flags = flags;
    w->sentence = 0;
    return RP_OK;
}

static int find_words(struct rp_text *t)
{
    const unsigned char *s = (const unsigned char *)t->text;
    const size_t len = t->text_len;
    size_t i = 0;
    int rc = RP_OK;

    while (i < len && rc == RP_OK) {
        size_t n, j, n2;
        int32_t cp, cp2, prev;
        uint32_t flags;
        enum cls c;

        if (s[i] < 0x80) {
            /* The common case: a word of ASCII letters and digits ended by ASCII that
             * cannot continue it. It is lower-cased into the norm buffer while it is
             * scanned; the bytes count only if the word turns out to be such a word. */
            char *dst;

            if (ascii_class[s[i]] != C_WORD) {
                i++;
                continue;
            }
            if (t->norm.cap - t->norm.len < len - i + 1 &&
                RP__GROW(t->norm.data, t->norm.cap, t->norm.len + (len - i) + 1) < 0)
                return RP_ENOMEM;
            dst = t->norm.data + t->norm.len - i;
            j = i;
            do {
                const unsigned char lower = ascii_word_lower[s[j]];
                if (lower == 0)
                    break;
                dst[j] = (char)lower;
                j++;
            } while (j < len);
            if (j == len || (s[j] < 0x80 && s[j] != '\'' && s[j] != '.' && s[j] != ',')) {
                flags = RP__WORD_ASCII | ((unsigned)(s[i] - 'A') < 26u ? RP__WORD_UPPER : 0) |
                        ((unsigned)(s[i] - '0') < 10u ? RP__WORD_DIGIT : 0);
                rc = commit_word(t, i, j, flags, t->norm.len, j - i);
                i = j;
                continue;
            }
        }
        c = char_at(s, len, i, &n, &cp);
        if (c != C_WORD) {
            t->invalid_utf8 += cp < 0;
            i += n;
            continue;
        }
        flags = (s[i] < 0x80 ? RP__WORD_ASCII : 0) | (is_upper_cp(cp) ? RP__WORD_UPPER : 0) |
                (is_digit_cp(cp) ? RP__WORD_DIGIT : 0);
        prev = cp;
        j = i + n;
        while (j < len) {
            enum cls c2 = char_at(s, len, j, &n2, &cp2);
            size_t n3;
            int32_t cp3;

            if (c2 == C_WORD) {
                if (s[j] >= 0x80)
                    flags &= ~(uint32_t)RP__WORD_ASCII;
                prev = cp2;
                j += n2;
                continue;
            }
            if (j + n2 >= len)
                break;
            /* an apostrophe between letters, a separator between digits */
            if (c2 == C_APOS && is_letter_cp(prev)) {
                if (char_at(s, len, j + n2, &n3, &cp3) != C_WORD || !is_letter_cp(cp3))
                    break;
            } else if ((cp2 == '.' || cp2 == ',') && is_digit_cp(prev)) {
                if (char_at(s, len, j + n2, &n3, &cp3) != C_WORD || !is_digit_cp(cp3))
                    break;
            } else {
                break;
            }
            if (s[j] >= 0x80)
                flags &= ~(uint32_t)RP__WORD_ASCII;
            prev = cp2;
            j += n2;
        }
        rc = add_word(t, i, j, flags);
        i = j;
    }
    return rc;
}

/* Length of the white-space character at i, or 0 when there is none. */
static size_t space_at(const unsigned char *s, size_t len, size_t i)
{
    size_t n;
    int32_t cp;

    if (s[i] < 0x80)
        return ascii_class[s[i]] == C_SPACE ? 1 : 0;
    return char_at(s, len, i, &n, &cp) == C_SPACE ? n : 0;
}

static void trim(const unsigned char *s, size_t len, size_t *start, size_t *end)
{
    size_t n;

    while (*start < *end && (n = space_at(s, len, *start)) > 0)
        *start += n;
    while (*end > *start) {
        /* step back over one character: find its first byte */
        size_t b = *end - 1;
        while (b > *start && (s[b] & 0xC0) == 0x80 && *end - b < 4)
            b--;
        if (space_at(s, len, b) != *end - b)
            break;
        *end = b;
    }
}

/* Terminal punctuation at i: '.', '!', '?' or '…' (3 bytes); returns its length or 0. */
static size_t terminator_at(const unsigned char *s, size_t len, size_t i, int *is_period)
{
    *is_period = 0;
    if (s[i] == '.') {
        *is_period = 1;
        return 1;
    }
    if (s[i] == '!' || s[i] == '?')
        return 1;
    if (i + 2 < len && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0xA6)
        return 3;
    return 0;
}

/* A closing quotation mark or bracket at i; returns its length or 0. */
static size_t closer_at(const unsigned char *s, size_t len, size_t i)
{
    size_t n;
    int32_t cp;

    if (s[i] == '"' || s[i] == '\'' || s[i] == ')' || s[i] == ']')
        return 1;
    if (s[i] < 0x80)
        return 0;
    char_at(s, len, i, &n, &cp);
    return (cp == 0x201D || cp == 0x2019 || cp == 0x00BB || cp == 0x201C) ? n : 0;
}

static int is_month_or_number_abbrev(const char *w, size_t len)
{
    static const char *const words[] = {"jan",  "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                                        "sept", "oct", "nov", "dec", "no",  "nos", "nr",  "art",
                                        "p",    "pp",  "vol", "fig", "ch",  "sec"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strlen(words[i]) == len && memcmp(words[i], w, len) == 0)
            return 1;
    return 0;
}

int rp__is_abbreviation(const char *w, size_t len)
{
    /* Titles and short forms that come before a name or a noun, so that a period after them
     * practically never ends a sentence. */
    static const char *const words[] = {
        "mr",   "mrs",  "ms",  "dr",   "prof", "st",   "gen",  "col",    "lt",   "sgt",
        "capt", "cmdr", "adm", "gov",  "sen",  "rep",  "rev",  "hon",    "maj",  "brig",
        "cpl",  "pvt",  "fr",  "mt",   "ft",   "vs",   "cf",   "messrs", "mme",  "mlle",
        "supt", "insp", "det", "pres", "gens", "reps", "sens", "govs",   "atty", "approx"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strlen(words[i]) == len && memcmp(words[i], w, len) == 0)
            return 1;
    return 0;
}

/* Decides whether the gap between words k and k + 1 ends a sentence; when it does, stores
 * in *end the offset just past the terminator and any closing quotes. */
static int sentence_break(const struct rp_text *t, size_t k, size_t *end)
{
    const unsigned char *s = (const unsigned char *)t->text;
    const size_t len = t->text_len;
    const struct rp__word *w = &t->words[k], *next = &t->words[k + 1];
    size_t i = w->end, n, term_at = 0;
    int is_period = 0, saw_term = 0, single_period = 0;

    if (s[i] == ' ' && next->start == i + 1)
        return 0; /* the common gap, one space */

    /* closing quotes may come before the terminator: ‘he said “no”.’ */
    while (i < next->start && (n = closer_at(s, len, i)) > 0)
        i += n;
    while (i < next->start) {
        int p;
        if ((n = terminator_at(s, len, i, &p)) > 0) {
            if (!saw_term) {
                term_at = i;
                is_period = p;
                single_period = p;
            } else {
                single_period = 0;
            }
            saw_term = 1;
        } else if ((n = closer_at(s, len, i)) == 0 || !saw_term) {
            break;
        }
        i += n;
    }
    if (!saw_term || i >= next->start || space_at(s, len, i) == 0) /* "ALL.N", "U.S.A" */
        return 0;
    /* the next word starts with a lower-case letter: "Help!" he said */
    if (!(next->flags & (RP__WORD_UPPER | RP__WORD_DIGIT)))
        return 0;
    if (is_period && single_period && term_at == w->end) {
        const char *norm = rp__word_norm(t, k);
        const size_t nlen = w->norm_len;

        if (rp__is_abbreviation(norm, nlen))
            return 0;
        if ((w->flags & RP__WORD_UPPER) && w->end - w->start <= 2 && nlen <= 2 &&
            !(w->flags & RP__WORD_DIGIT) && w->end - w->start == 1)
            return 0; /* an initial: "J. Smith" */
        if ((next->flags & RP__WORD_DIGIT) && is_month_or_number_abbrev(norm, nlen))
            return 0;
    }
    *end = i;
    return 1;
}

static int add_span(struct rp__span **arr, size_t *count, size_t *cap, size_t start, size_t end,
                    size_t wb, size_t we)
{
    if (rp__grow((void **)arr, cap, *count + 1, sizeof(**arr)) < 0)
        return RP_ENOMEM;
    (*arr)[*count] = (struct rp__span){(uint32_t)start, (uint32_t)end, (uint32_t)wb, (uint32_t)we};
    (*count)++;
    return RP_OK;
}

/* Splits paragraph [ps, pe), whose words are [wb, we), into sentences. */
static int split_sentences(struct rp_text *t, size_t ps, size_t pe, size_t wb, size_t we)
{
    const unsigned char *s = (const unsigned char *)t->text;
    size_t start = ps, first = wb;
    int rc = RP_OK;

    for (size_t k = wb; k < we && rc == RP_OK; k++) {
        size_t end, a, b;

        if (k + 1 < we && !sentence_break(t, k, &end))
            continue;
        if (k + 1 >= we)
            end = pe;
        a = start;
        b = end;
        trim(s, t->text_len, &a, &b);
        for (size_t j = first; j <= k; j++)
            t->words[j].sentence = (uint32_t)t->sent_count;
        rc = add_span(&t->sents, &t->sent_count, &t->sent_cap, a, b, first, k + 1);
        start = end;
        first = k + 1;
    }
    if (wb == we && rc == RP_OK) /* a paragraph without words is one sentence */
        rc = add_span(&t->sents, &t->sent_count, &t->sent_cap, ps, pe, wb, we);
    return rc;
}

/* Hard-wrapped text: most breaks between two non-blank lines fall inside a sentence (the
 * line ends without terminal punctuation and the next starts in lower case). */
static int detect_wrapped(const struct rp_text *t)
{
    const unsigned char *s = (const unsigned char *)t->text;
    const size_t len = t->text_len;
    size_t joins = 0, inside = 0, i = 0;
    size_t prev_start = 0, prev_end = 0;
    int have_prev = 0;

    while (i <= len) {
        const unsigned char *nl = i < len ? memchr(s + i, '\n', len - i) : NULL;
        const size_t e = nl != NULL ? (size_t)(nl - s) : len;
        size_t a = i, b = e;

        trim(s, len, &a, &b);
        if (a == b) {
            have_prev = 0;
        } else {
            if (have_prev) {
                int p;
                size_t c = prev_end - 1;
                while (c > prev_start && (s[c] & 0xC0) == 0x80)
                    c--;
                const int ends = terminator_at(s, len, c, &p) > 0 || s[c] == ':' || s[c] == ';' ||
                                 closer_at(s, len, c) > 0;
                joins++;
                if (!ends && s[a] >= 'a' && s[a] <= 'z')
                    inside++;
            }
            have_prev = 1;
            prev_start = a;
            prev_end = b;
        }
        i = e + 1;
    }
    return joins >= 2 && inside * 2 >= joins;
}

static int find_paragraphs(struct rp_text *t)
{
    const unsigned char *s = (const unsigned char *)t->text;
    const size_t len = t->text_len;
    size_t i = 0, w = 0, block_start = 0;
    int in_block = 0, rc = RP_OK;

    t->wrapped = detect_wrapped(t);
    while (i <= len && rc == RP_OK) {
        const unsigned char *nl = i < len ? memchr(s + i, '\n', len - i) : NULL;
        const size_t e = nl != NULL ? (size_t)(nl - s) : len;
        size_t a = i, b = e, pa, pb, wb;
        int close = 0;

        trim(s, len, &a, &b);
        if (a == b) {
            close = in_block;
        } else if (!t->wrapped) {
            block_start = a;
            in_block = 1;
            close = 1;
        } else if (!in_block) {
            block_start = a;
            in_block = 1;
        }
        if (e >= len && in_block)
            close = 1;
        if (close && in_block) {
            pa = block_start;
            pb = (a == b) ? i : e;
            trim(s, len, &pa, &pb);
            wb = w;
            while (w < t->word_count && t->words[w].start < pb)
                w++;
            rc = add_span(&t->paras, &t->para_count, &t->para_cap, pa, pb, wb, w);
            if (rc == RP_OK)
                rc = split_sentences(t, pa, pb, wb, w);
            in_block = 0;
        }
        i = e + 1;
    }
    return rc;
}

int rp__text_analyze(struct rp_text *t, const char *text, size_t len)
{
    int rc;

    t->text = text;
    t->text_len = len;
    t->word_count = t->sent_count = t->para_count = 0;
    t->invalid_utf8 = 0;
    t->wrapped = 0;
    rp__buf_reset(&t->norm);
    if (len > RP_MAX_ARTICLE_LEN)
        return RP_ELIMIT;
    if (text == NULL && len > 0)
        return RP_EINVAL;
    rc = find_words(t);
    if (rc == RP_OK)
        rc = find_paragraphs(t);
    return rc;
}

size_t rp__text_core_starts(const struct rp_text *t, uint32_t *out)
{
    size_t n = 0;

    for (size_t w = 0; w < t->word_count; w++)
        if (!(t->words[w].flags & RP__WORD_BOILER))
            out[n++] = (uint32_t)t->words[w].start;
    return n;
}

uint64_t rp__text_content_hash(const struct rp_text *t)
{
    XXH3_state_t st;

    if (t->word_count == 0)
        return 0;
    memset(&st, 0, sizeof(st)); /* gcc cannot see that reset sets it all */
    XXH3_64bits_reset_withSeed(&st, RP__HASH_SEED);
    for (size_t w = 0; w < t->word_count; w++)
        XXH3_64bits_update(&st, &t->words[w].hash, sizeof(t->words[w].hash));
    return XXH3_64bits_digest(&st) | 1;
}

void rp__text_release(struct rp_text *t)
{
    rp__free(t->words);
    rp__free(t->sents);
    rp__free(t->paras);
    rp__buf_release(&t->norm);
    rp__free(t->aux);
    rp__norm_release(&t->scratch);
    memset(t, 0, sizeof(*t));
}

int rp_text_new(rp_text **out)
{
    *out = rp__calloc(1, sizeof(**out));
    return *out == NULL ? RP_ENOMEM : RP_OK;
}

void rp_text_free(rp_text *t)
{
    if (t == NULL)
        return;
    rp__text_release(t);
    rp__free(t);
}

int rp_text_analyze(rp_text *t, const char *text, size_t len)
{
    return rp__text_analyze(t, text, len);
}

void rp_text_stats_get(const rp_text *t, rp_text_stats *out)
{
    out->word_count = t->word_count;
    out->sentence_count = t->sent_count;
    out->paragraph_count = t->para_count;
    out->invalid_utf8 = t->invalid_utf8;
}

rp_token rp_text_word(const rp_text *t, size_t i)
{
    return (rp_token){t->words[i].start, t->words[i].end};
}

rp_token rp_text_sentence(const rp_text *t, size_t i)
{
    return (rp_token){t->sents[i].start, t->sents[i].end};
}

rp_token rp_text_paragraph(const rp_text *t, size_t i)
{
    return (rp_token){t->paras[i].start, t->paras[i].end};
}

const char *rp_text_word_norm(const rp_text *t, size_t i, size_t *len)
{
    *len = t->words[i].norm_len;
    return rp__word_norm(t, i);
}
