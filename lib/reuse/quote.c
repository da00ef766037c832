/* quote.c: quotation regions of a text and the speakers that sentences name.
 *
 * Double quotation marks (“ ”, " and « ») open and close quotations; single ones (‘ ’, ')
 * only where they stand at the edge of a word, since ’ is also an apostrophe. A quotation
 * still open at the end of its paragraph ends there (news prose reopens a long quotation in
 * the next paragraph). Speakers come from the attribution around the quotation:
 * "..., Hajiyev said", "Hajiyev said: ...", "said Grigor Z.", "told Reuters". */
#include "reuse.h"

#include <string.h>

#include "../text/normalize.h"
#include "../base/banned.h"

enum mark { M_NONE, M_OPEN, M_CLOSE, M_TOGGLE };

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* What the character at i is as a quotation mark, and its length. */
static enum mark mark_at(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    int32_t cp;

    *n = rp__utf8_decode(s + i, len - i, &cp);
    const int before = i > 0 && is_word_byte(s[i - 1]);
    const int after = i + *n < len && is_word_byte(s[i + *n]);
    switch (cp) {
    case 0x201C: /* “ */
    case 0x00AB: /* « */
    case 0x201E: /* „ */
        return M_OPEN;
    case 0x201D: /* ” */
    case 0x00BB: /* » */
        return M_CLOSE;
    case '"':
        return M_TOGGLE;
    case 0x2018: /* ‘ */
        return !before ? M_OPEN : M_NONE;
    case 0x2019: /* ’ */
    case '\'':
        if (before && after)
            return M_NONE; /* an apostrophe: won’t */
        if (!before && after)
            return cp == '\'' ? M_OPEN : M_NONE;
        return before && !after ? M_CLOSE : M_NONE;
    default:
        return M_NONE;
    }
}

int rp__quotes_find(const struct rp_text *t, struct rp__quotes *q)
{
    const unsigned char *s = (const unsigned char *)t->text;

    q->count = 0;
    for (size_t p = 0; p < t->para_count; p++) {
        const size_t end = t->paras[p].end;
        size_t i = t->paras[p].start, open = SIZE_MAX, n;
        int single = 0;

        while (i < end) {
            if (s[i] < 0x80 && s[i] != '"' && s[i] != '\'') {
                i++;
                continue;
            }
            const enum mark m = mark_at(s, end, i, &n);
            const int is_single = s[i] == '\'' || (s[i] == 0xE2 && i + 2 < end &&
                                                   (s[i + 2] == 0x98 || s[i + 2] == 0x99));
            if (m == M_OPEN || (m == M_TOGGLE && open == SIZE_MAX)) {
                if (open == SIZE_MAX) {
                    open = i;
                    single = is_single;
                }
            } else if ((m == M_CLOSE || m == M_TOGGLE) && open != SIZE_MAX && is_single == single) {
                if (RP__GROW(q->spans, q->cap, q->count + 1) < 0)
                    return RP_ENOMEM;
                q->spans[q->count++] = (rp_token){open, i + n};
                open = SIZE_MAX;
            }
            i += n;
        }
        if (open != SIZE_MAX) {
            if (RP__GROW(q->spans, q->cap, q->count + 1) < 0)
                return RP_ENOMEM;
            q->spans[q->count++] = (rp_token){open, end};
        }
    }
    return RP_OK;
}

void rp__quotes_release(struct rp__quotes *q)
{
    rp__free(q->spans);
    q->spans = NULL;
    q->count = q->cap = 0;
}

size_t rp__quotes_cover(const struct rp__quotes *q, size_t start, size_t end)
{
    size_t inside = 0;

    for (size_t k = 0; k < q->count; k++) {
        const size_t a = q->spans[k].start > start ? q->spans[k].start : start;
        const size_t b = q->spans[k].end < end ? q->spans[k].end : end;
        if (a < b)
            inside += b - a;
    }
    return inside;
}

static int is_said(const char *w, size_t len)
{
    static const char *const verbs[] = {"said",  "says",  "told",     "added",     "stated",
                                        "asked", "wrote", "warned",   "explained", "noted",
                                        "tells", "adds",  "insisted", "declared",  "quoted"};
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        if (strlen(verbs[i]) == len && memcmp(verbs[i], w, len) == 0)
            return 1;
    return 0;
}

static int is_pronoun(const char *w, size_t len)
{
    static const char *const words[] = {"he", "she", "they", "it",   "we",        "i",      "the",
                                        "a",  "an",  "this", "that", "officials", "sources"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strlen(words[i]) == len && memcmp(words[i], w, len) == 0)
            return 1;
    return 0;
}

/* Copies the capitalised words of t in [from, to) (at most 4) into buf. */
static size_t name_at(const struct rp_text *t, size_t from, size_t to, char *buf, size_t cap)
{
    size_t len = 0;

    for (size_t w = from; w < to && w - from < 4; w++) {
        const struct rp__word *x = &t->words[w];
        const size_t n = x->end - x->start;
        if (!(x->flags & RP__WORD_UPPER) || is_pronoun(rp__word_norm(t, w), x->norm_len))
            break;
        if (len + n + 2 > cap)
            break;
        if (len > 0)
            buf[len++] = ' ';
        memcpy(buf + len, t->text + x->start, n);
        len += n;
    }
    if (cap > 0)
        buf[len < cap ? len : cap - 1] = '\0';
    return len;
}

static int is_connective(const char *w, size_t len)
{
    static const char *const words[] = {"but", "and", "so", "yet", "however", "meanwhile"};

    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strlen(words[i]) == len && memcmp(words[i], w, len) == 0)
            return 1;
    return 0;
}

/* The name right before word w ("Hikmet Hajiyev said"), within sentence 'sent'; a "was"
 * between them is passed over ("Hajiyev was quoted"). */
static size_t name_before(const struct rp_text *t, size_t w, uint32_t sent, char *buf, size_t cap)
{
    size_t from;

    if (w > 0 && t->words[w - 1].norm_len == 3 && memcmp(rp__word_norm(t, w - 1), "was", 3) == 0)
        w--;
    from = w;
    while (from > 0 && t->words[from - 1].sentence == sent &&
           (t->words[from - 1].flags & RP__WORD_UPPER) && w - from < 4)
        from--;
    while (from < w && is_connective(rp__word_norm(t, from), t->words[from].norm_len))
        from++;
    return from < w ? name_at(t, from, w, buf, cap) : 0;
}

size_t rp__speaker(const struct rp_text *t, size_t start, size_t end, char *buf, size_t cap)
{
    size_t w0 = 0, w1;

    if (cap > 0)
        buf[0] = '\0';
    while (w0 < t->word_count && t->words[w0].end <= start)
        w0++;
    if (w0 >= t->word_count)
        return 0;
    w1 = w0;
    while (w1 < t->word_count && t->words[w1].start < end)
        w1++;
    /* after the passage, in the sentence where it ends: "..., NAME said", "said NAME" */
    const uint32_t last = t->words[w1 > w0 ? w1 - 1 : w0].sentence;
    for (size_t w = w1; w < t->word_count && w < w1 + 10 && t->words[w].sentence == last; w++) {
        if (!is_said(rp__word_norm(t, w), t->words[w].norm_len))
            continue;
        const size_t n = name_before(t, w, last, buf, cap);
        if (n > 0 || w > w1)
            return n;
        /* "said NAME"; but after "told" comes the one told ("told Reuters") */
        if (memcmp(rp__word_norm(t, w), "tol", 3) == 0)
            return 0;
        return name_at(t, w + 1, w + 5, buf, cap);
    }
    /* before the passage, in the sentence where it starts: "NAME said: ..." */
    const uint32_t first = t->words[w0].sentence;
    for (size_t w = w0; w-- > 0 && w + 12 > w0 && t->words[w].sentence == first;)
        if (is_said(rp__word_norm(t, w), t->words[w].norm_len))
            return name_before(t, w, first, buf, cap);
    return 0;
}
