/* paraphrase.c: similarity of two short texts that may say the same thing in other words
 * (sentence pairs, paraphrase detection, the sentences of a rewrite).
 *
 * Words are normalised and stemmed (Snowball, libstemmer); each stem weighs its inverse
 * document frequency in a reference collection (the texts being compared, when nothing better
 * is known). A pair is described by lexical features (paraphrase.h): overlap of stems, words,
 * stem bigrams and trigrams and character 4-grams in both directions, idf-weighted overlap,
 * the longest common subsequence, a length ratio, agreement of numbers (paraphrases rarely
 * differ in their numbers), of capitalised names and of negation, and the content words left
 * over once stems and shared prefixes ("acquisition", "acquire") are matched. The features
 * are those of the lexical paraphrase classifiers in the literature (Wan et al. 2006; Das and
 * Smith 2009; Madnani et al. 2012), combined by logistic regression with weights fitted
 * offline on sentence pairs and kept here as constants (scripts/fit_paraphrase.py). */
#include "paraphrase.h"

#include <libstemmer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "reprint.h"
#include "../base/alloc.h"
#include "../base/banned.h"

#define MAX_LCS_WORDS 256 /* longer ranges are cut to this for the subsequence */
#define STEM_SLOTS 16384  /* words whose stems a stemmer keeps, a power of two */
#define MIN_PREFIX 5      /* bytes of a shared prefix that match two words ("announc...") */

struct rp__simil_item {
    uint64_t key; /* stem hash */
    float idf;
    uint8_t kind; /* enum rp__term_kind, of any of its occurrences */
};

/* Function words, sorted for bsearch: they count in the overlaps but are not content. */
static const char *const stop_words[] = {
    "a",     "about",  "after", "all",   "also",  "an",   "and",   "any",  "are",   "as",   "at",
    "be",    "been",   "being", "but",   "by",    "can",  "could", "did",  "do",    "does", "for",
    "from",  "had",    "has",   "have",  "he",    "her",  "his",   "i",    "if",    "in",   "into",
    "is",    "it",     "it's",  "its",   "may",   "more", "most",  "much", "must",  "my",   "of",
    "on",    "one",    "or",    "other", "our",   "out",  "over",  "s",    "said",  "says", "shall",
    "she",   "should", "so",    "some",  "such",  "than", "that",  "the",  "their", "them", "then",
    "there", "these",  "they",  "this",  "those", "to",   "up",    "us",   "was",   "we",   "were",
    "what",  "when",   "which", "while", "who",   "whom", "will",  "with", "would", "you",  "your",
};

static const char *const negations[] = {"neither", "never", "no",      "nobody",
                                        "none",    "nor",   "nothing", "not"};

struct word_key {
    const char *p;
    size_t len;
};

static int cmp_word(const void *k, const void *e)
{
    const struct word_key *w = k;
    const char *s = *(const char *const *)e;
    const size_t n = strlen(s);
    const int c = memcmp(w->p, s, w->len < n ? w->len : n);

    return c != 0 ? c : (w->len > n) - (w->len < n);
}

static int in_list(const char *p, size_t len, const char *const *list, size_t count)
{
    const struct word_key k = {p, len};

    /* no function word is longer than seven bytes: most words need no search */
    return len <= 7 && bsearch(&k, list, count, sizeof(*list), cmp_word) != NULL;
}

/* What a word is by itself: a function word, a negation. */
static uint8_t word_kind(const char *p, size_t n)
{
    uint8_t k = 0;

    if (in_list(p, n, stop_words, sizeof(stop_words) / sizeof(stop_words[0])))
        k |= RP__TERM_STOP;
    if (in_list(p, n, negations, sizeof(negations) / sizeof(negations[0])) ||
        (n > 3 && memcmp(p + n - 3, "n't", 3) == 0))
        k |= RP__TERM_NEG | RP__TERM_STOP;
    return k;
}

/* What word w is where it stands: a number, a name (capitalised, not first in its sentence). */
static uint8_t place_kind(const struct rp_text *t, size_t w)
{
    const struct rp__word *x = &t->words[w];

    if (x->flags & RP__WORD_DIGIT)
        return RP__TERM_NUMBER;
    if ((x->flags & RP__WORD_UPPER) && w > 0 && t->words[w - 1].sentence == x->sentence)
        return RP__TERM_NAME;
    return 0;
}

struct rp__stem_slot {
    uint64_t word; /* the word's hash, 0 for an empty slot */
    uint64_t stem; /* the hash of its stem, low bit clear */
    uint8_t kind;  /* word_kind() */
};

int rp__stemmer_init(struct rp__stemmer *s)
{
    s->sb = sb_stemmer_new("english", NULL);
    s->slots = rp__calloc(STEM_SLOTS, sizeof(*s->slots));
    if (s->sb == NULL || s->slots == NULL) {
        rp__stemmer_release(s);
        return RP_ENOMEM;
    }
    return RP_OK;
}

void rp__stemmer_release(struct rp__stemmer *s)
{
    if (s->sb != NULL)
        sb_stemmer_delete(s->sb);
    rp__free(s->slots);
    s->sb = NULL;
    s->slots = NULL;
}

/* The stem hash and kind of word w of t, from the cache or computed into it. */
static const struct rp__stem_slot *stem_of(struct rp__stemmer *st, const struct rp_text *t,
                                           size_t w)
{
    const struct rp__word *x = &t->words[w];
    const uint64_t key = x->hash | 1; /* never 0 */
    struct rp__stem_slot *slot = &st->slots[(key >> 17) & (STEM_SLOTS - 1)];

    if (slot->word == key)
        return slot;
    const char *norm = rp__word_norm(t, w);
    const sb_symbol *s = sb_stemmer_stem(st->sb, (const sb_symbol *)norm, (int)x->norm_len);
    const void *p = s != NULL ? (const void *)s : (const void *)norm;
    const size_t len = s != NULL ? (size_t)sb_stemmer_length(st->sb) : x->norm_len;
    slot->word = key;
    slot->stem = XXH3_64bits(p, len) & ~UINT64_C(1);
    slot->kind = word_kind(norm, x->norm_len);
    return slot;
}

double rp__idf(size_t df, size_t docs)
{
    const double v = log((1.0 + (double)docs) / (1.0 + (double)df)) / log(2.0 + (double)docs);

    return 1.0 + 9.0 * (v > 0 ? v : 0);
}

static int terms_reserve(struct rp__terms *tm, size_t need)
{
    size_t cap = tm->cap;

    if (need <= cap)
        return RP_OK;
    cap = need < 64 ? 64 : need + need / 2;
#define TERMS_REALLOC(field)                                                                       \
    do {                                                                                           \
        void *p = rp__realloc(tm->field, rp__mul_size(cap, sizeof(*tm->field)));                   \
        if (p == NULL)                                                                             \
            return RP_ENOMEM;                                                                      \
        tm->field = p;                                                                             \
    } while (0)
    TERMS_REALLOC(stem);
    TERMS_REALLOC(word);
    TERMS_REALLOC(idf);
    TERMS_REALLOC(norm_off);
    TERMS_REALLOC(norm_len);
    TERMS_REALLOC(kind);
    TERMS_REALLOC(src);
    TERMS_REALLOC(sentence);
#undef TERMS_REALLOC
    tm->cap = cap;
    return RP_OK;
}

int rp__terms_build(struct rp__terms *tm, const struct rp_text *t, struct rp__stemmer *st,
                    int skip_boiler)
{
    size_t n = 0;

    tm->count = 0;
    tm->norm = t->norm.data;
    if (terms_reserve(tm, t->word_count) < 0)
        return RP_ENOMEM;
    for (size_t w = 0; w < t->word_count; w++) {
        const struct rp__word *x = &t->words[w];
        if (skip_boiler && (x->flags & RP__WORD_BOILER))
            continue;
        const struct rp__stem_slot *slot = stem_of(st, t, w);
        const uint8_t kind = (uint8_t)(slot->kind | place_kind(t, w));
        tm->stem[n] = slot->stem | ((kind & RP__TERM_NUMBER) ? 1 : 0);
        tm->word[n] = x->hash;
        tm->idf[n] = 1.0f;
        tm->norm_off[n] = x->norm_off;
        tm->norm_len[n] = x->norm_len;
        tm->kind[n] = kind;
        tm->src[n] = (uint32_t)w;
        tm->sentence[n] = x->sentence;
        n++;
    }
    tm->count = n;
    return RP_OK;
}

void rp__terms_release(struct rp__terms *tm)
{
    rp__free(tm->stem);
    rp__free(tm->word);
    rp__free(tm->idf);
    rp__free(tm->norm_off);
    rp__free(tm->norm_len);
    rp__free(tm->kind);
    rp__free(tm->src);
    rp__free(tm->sentence);
    memset(tm, 0, sizeof(*tm));
}

void rp__simil_scratch_release(struct rp__simil_scratch *sc)
{
    rp__free(sc->x);
    rp__free(sc->y);
    rp__free(sc->gx);
    rp__free(sc->gy);
    rp__free(sc->row);
    rp__free(sc->used);
    rp__buf_release(&sc->chars);
    memset(sc, 0, sizeof(*sc));
}

static int cmp_item(const void *x, const void *y)
{
    const struct rp__simil_item *a = x, *b = y;

    return a->key < b->key ? -1 : a->key > b->key;
}

static int cmp_u64(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

    return a < b ? -1 : a > b;
}

/* The distinct stems of words [from, to) of tm, sorted, with their weights; returns the count. */
static size_t stem_set(const struct rp__terms *tm, size_t from, size_t to, struct rp__simil_item *v)
{
    size_t n = 0, u = 0;

    for (size_t i = from; i < to; i++)
        v[n++] = (struct rp__simil_item){tm->stem[i], tm->idf[i], tm->kind[i]};
    qsort(v, n, sizeof(*v), cmp_item);
    for (size_t i = 0; i < n; i++) {
        if (u > 0 && v[i].key == v[u - 1].key) {
            v[u - 1].kind |= v[i].kind;
            continue;
        }
        v[u++] = v[i];
    }
    return u;
}

/* Sorts and dedups v[0, n); returns the distinct count. */
static size_t unique_u64(uint64_t *v, size_t n)
{
    size_t u = 0;

    qsort(v, n, sizeof(*v), cmp_u64);
    for (size_t i = 0; i < n; i++)
        if (u == 0 || v[i] != v[u - 1])
            v[u++] = v[i];
    return u;
}

static size_t shared_u64(const uint64_t *x, size_t nx, const uint64_t *y, size_t ny)
{
    size_t i = 0, j = 0, c = 0;

    while (i < nx && j < ny) {
        if (x[i] < y[j])
            i++;
        else if (y[j] < x[i])
            j++;
        else
            c++, i++, j++;
    }
    return c;
}

/* Stem n-grams (n = 1: words' own hashes when 'words') of [from, to) into g; the count. */
static size_t grams(const struct rp__terms *tm, size_t from, size_t to, size_t n, int words,
                    uint64_t *g)
{
    size_t c = 0;

    for (size_t i = from; i + n <= to; i++) {
        uint64_t h = UINT64_C(0xcbf29ce484222325);
        for (size_t k = 0; k < n; k++)
            h = (h ^ (words ? tm->word[i + k] : tm->stem[i + k])) * UINT64_C(0x100000001b3);
        g[c++] = h;
    }
    return unique_u64(g, c);
}

/* Shared n-grams over the larger (*lo) and the smaller (*hi) side's count. */
static void gram_overlap(const struct rp__terms *a, size_t ab, size_t ae, const struct rp__terms *b,
                         size_t bb, size_t be, size_t n, int words, struct rp__simil_scratch *sc,
                         double *lo, double *hi)
{
    const size_t nx = grams(a, ab, ae, n, words, sc->gx), ny = grams(b, bb, be, n, words, sc->gy);
    const size_t c = shared_u64(sc->gx, nx, sc->gy, ny);

    *lo = *hi = 0;
    if (nx == 0 || ny == 0)
        return;
    *lo = (double)c / (double)(nx > ny ? nx : ny);
    *hi = (double)c / (double)(nx < ny ? nx : ny);
}

/* Character 4-grams of the words [from, to) joined by spaces, packed four bytes to a value. */
static int char_grams(const struct rp__terms *tm, size_t from, size_t to, struct rp__buf *buf,
                      uint64_t **g, size_t *cap, size_t *count)
{
    size_t n = 0;

    rp__buf_reset(buf);
    if (rp__buf_putc(buf, ' ') < 0)
        return RP_ENOMEM;
    for (size_t i = from; i < to; i++)
        if (rp__buf_append(buf, tm->norm + tm->norm_off[i], tm->norm_len[i]) < 0 ||
            rp__buf_putc(buf, ' ') < 0)
            return RP_ENOMEM;
    if (RP__GROW(*g, *cap, buf->len + 1) < 0)
        return RP_ENOMEM;
    for (size_t i = 0; i + 4 <= buf->len; i++) {
        const unsigned char *p = (const unsigned char *)buf->data + i;
        (*g)[n++] = (uint64_t)p[0] << 24 | (uint64_t)p[1] << 16 | (uint64_t)p[2] << 8 | p[3];
    }
    *count = unique_u64(*g, n);
    return RP_OK;
}

/* Length of the longest common subsequence of the stems of two ranges (each cut to
 * MAX_LCS_WORDS). */
static size_t lcs(const struct rp__terms *a, size_t ab, size_t ae, const struct rp__terms *b,
                  size_t bb, size_t be, uint32_t *row, size_t *run)
{
    const size_t na = ae - ab > MAX_LCS_WORDS ? MAX_LCS_WORDS : ae - ab;
    const size_t nb = be - bb > MAX_LCS_WORDS ? MAX_LCS_WORDS : be - bb;

    uint32_t *runs = row + nb + 1; /* common run ending at (i, j) */

    *run = 0;
    memset(row, 0, 2 * (nb + 1) * sizeof(*row));
    for (size_t i = 0; i < na; i++) {
        uint32_t diag = 0, diag_run = 0; /* row[j] and runs[j] of the previous i */
        for (size_t j = 0; j < nb; j++) {
            const uint32_t up = row[j + 1], up_run = runs[j + 1];
            if (a->stem[ab + i] == b->stem[bb + j]) {
                row[j + 1] = diag + 1;
                runs[j + 1] = diag_run + 1;
                if (runs[j + 1] > *run)
                    *run = runs[j + 1];
            } else {
                runs[j + 1] = 0;
                if (row[j] > row[j + 1])
                    row[j + 1] = row[j];
            }
            diag = up;
            diag_run = up_run;
        }
    }
    return row[nb];
}

int rp__simil_reserve(struct rp__simil_scratch *sc)
{
    return RP__GROW(sc->row, sc->row_cap, 2 * (MAX_LCS_WORDS + 1)) < 0 ? RP_ENOMEM : RP_OK;
}

size_t rp__simil_lcs(const struct rp__terms *a, size_t ab, size_t ae, const struct rp__terms *b,
                     size_t bb, size_t be, struct rp__simil_scratch *sc)
{
    size_t run;

    if (rp__simil_reserve(sc) < 0)
        return 0;
    return lcs(a, ab, ae, b, bb, be, sc->row, &run);
}

static int has_stem(const struct rp__simil_item *v, size_t n, uint64_t key)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (v[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo].key == key;
}

static size_t common_prefix(const char *x, size_t nx, const char *y, size_t ny)
{
    size_t k = 0;

    while (k < nx && k < ny && x[k] == y[k])
        k++;
    return k;
}

/* Content words of each side matched by a stem of the other, then the rest by a shared
 * prefix of MIN_PREFIX bytes, one to one: the shares matched on each side and the words left
 * over on the side that has more. */
static void soft_match(const struct rp__terms *a, size_t ab, size_t ae, const struct rp__terms *b,
                       size_t bb, size_t be, const struct rp__simil_item *x, size_t nx,
                       const struct rp__simil_item *y, size_t ny, uint8_t *used, double *f)
{
    const size_t na = ae - ab, nb = be - bb;
    uint8_t *ua = used, *ub = used + na;
    size_t ca = 0, cb = 0, ma = 0, mb = 0;

    for (size_t i = 0; i < na; i++) {
        ua[i] = (uint8_t)((a->kind[ab + i] & RP__TERM_STOP) ? 2 : has_stem(y, ny, a->stem[ab + i]));
        ca += ua[i] != 2;
        ma += ua[i] == 1;
    }
    for (size_t j = 0; j < nb; j++) {
        ub[j] = (uint8_t)((b->kind[bb + j] & RP__TERM_STOP) ? 2 : has_stem(x, nx, b->stem[bb + j]));
        cb += ub[j] != 2;
        mb += ub[j] == 1;
    }
    for (size_t i = 0; i < na; i++) {
        if (ua[i] != 0 || a->norm_len[ab + i] < MIN_PREFIX)
            continue;
        for (size_t j = 0; j < nb; j++)
            if (ub[j] == 0 && b->norm_len[bb + j] >= MIN_PREFIX &&
                common_prefix(a->norm + a->norm_off[ab + i], a->norm_len[ab + i],
                              b->norm + b->norm_off[bb + j], b->norm_len[bb + j]) >= MIN_PREFIX) {
                ua[i] = ub[j] = 1;
                ma++;
                mb++;
                break;
            }
    }
    const double sa = ca == 0 ? 1.0 : (double)ma / (double)ca;
    const double sb = cb == 0 ? 1.0 : (double)mb / (double)cb;
    f[RP__F_SOFT_MIN] = sa < sb ? sa : sb;
    f[RP__F_SOFT_MAX] = sa > sb ? sa : sb;
    const size_t left = ca - ma > cb - mb ? ca - ma : cb - mb;
    f[RP__F_UNMATCHED_MAX] = log1p((double)left);
}

static size_t negation_count(const struct rp__terms *tm, size_t from, size_t to)
{
    size_t n = 0;

    for (size_t i = from; i < to; i++)
        n += (tm->kind[i] & RP__TERM_NEG) != 0;
    return n;
}

/* The overlap features of the two distinct stem sets. */
static void stem_features(const struct rp__simil_item *x, size_t nx, const struct rp__simil_item *y,
                          size_t ny, double *f)
{
    double wx = 0, wy = 0, wboth = 0, unmatched = 0, cx = 0, cy = 0, cboth = 0;
    size_t shared = 0, nums = 0, nums_one = 0, names = 0, names_one = 0;

    for (size_t i = 0, j = 0; i < nx || j < ny;) {
        const struct rp__simil_item *e;
        int both = 0, side = 0;
        if (j >= ny || (i < nx && x[i].key < y[j].key)) {
            e = &x[i++];
            wx += e->idf;
        } else if (i >= nx || y[j].key < x[i].key) {
            e = &y[j++];
            wy += e->idf;
            side = 1;
        } else {
            e = &x[i];
            wx += e->idf;
            wy += y[j].idf;
            wboth += e->idf;
            both = 1;
            shared++;
            i++;
            j++;
        }
        if (!(e->kind & RP__TERM_STOP)) {
            cx += both || side == 0 ? e->idf : 0;
            cy += both || side == 1 ? e->idf : 0;
            cboth += both ? e->idf : 0;
        }
        nums += (e->kind & RP__TERM_NUMBER) != 0;
        nums_one += !both && (e->kind & RP__TERM_NUMBER);
        names += (e->kind & RP__TERM_NAME) != 0;
        names_one += !both && (e->kind & RP__TERM_NAME);
        if (!both && !(e->kind & RP__TERM_STOP))
            unmatched += e->idf;
    }
    f[RP__F_STEM_MIN] = (double)shared / (double)(nx > ny ? nx : ny);
    f[RP__F_STEM_MAX] = (double)shared / (double)(nx < ny ? nx : ny);
    f[RP__F_IDF_MIN] = wboth / (wx > wy ? wx : wy);
    f[RP__F_IDF_MAX] = wboth / (wx < wy ? wx : wy);
    f[RP__F_NUM_MISMATCH] = nums == 0 ? 0.0 : (double)nums_one / (double)nums;
    f[RP__F_NUM_DIFFER] = nums_one > 0;
    f[RP__F_NAME_MISMATCH] = names == 0 ? 0.0 : (double)names_one / (double)names;
    f[RP__F_UNMATCHED] = log1p(unmatched);
    f[RP__F_CONTENT_MIN] = cx + cy == 0 ? 0.0 : cboth / (cx > cy ? cx : cy);
    f[RP__F_NUM_ONE] = log1p((double)nums_one);
    f[RP__F_NAME_ONE] = log1p((double)names_one);
}

int rp__simil_features(const struct rp__terms *a, size_t ab, size_t ae, const struct rp__terms *b,
                       size_t bb, size_t be, struct rp__simil_scratch *sc, double *f)
{
    const size_t na = ae - ab, nb = be - bb, most = na > nb ? na : nb;
    size_t nx, ny, cx = 0, cy = 0;
    double unused;

    memset(f, 0, RP__SIMIL_FEATURES * sizeof(*f));
    if (na == 0 || nb == 0) {
        f[RP__F_LEN_DIFF] = 1.0;
        return RP_OK;
    }
    if (RP__GROW(sc->x, sc->x_cap, na) < 0 || RP__GROW(sc->y, sc->y_cap, nb) < 0 ||
        RP__GROW(sc->gx, sc->gx_cap, na) < 0 || RP__GROW(sc->gy, sc->gy_cap, nb) < 0 ||
        RP__GROW(sc->row, sc->row_cap, 2 * (MAX_LCS_WORDS + 1)) < 0 ||
        RP__GROW(sc->used, sc->used_cap, na + nb) < 0)
        return RP_ENOMEM;
    nx = stem_set(a, ab, ae, sc->x);
    ny = stem_set(b, bb, be, sc->y);
    stem_features(sc->x, nx, sc->y, ny, f);
    gram_overlap(a, ab, ae, b, bb, be, 2, 0, sc, &f[RP__F_BIGRAM_MIN], &f[RP__F_BIGRAM_MAX]);
    gram_overlap(a, ab, ae, b, bb, be, 3, 0, sc, &f[RP__F_TRIGRAM], &unused);
    gram_overlap(a, ab, ae, b, bb, be, 1, 1, sc, &f[RP__F_WORD], &unused);
    size_t run;
    const size_t common = lcs(a, ab, ae, b, bb, be, sc->row, &run);
    const size_t la = na > MAX_LCS_WORDS ? MAX_LCS_WORDS : na;
    const size_t lb = nb > MAX_LCS_WORDS ? MAX_LCS_WORDS : nb;
    f[RP__F_LCS_MIN] = (double)common / (double)(la > lb ? la : lb);
    f[RP__F_LCS_MAX] = (double)common / (double)(la < lb ? la : lb);
    f[RP__F_RUN] = (double)run / (double)(la > lb ? la : lb);
    f[RP__F_LOG_LEN] = log1p((double)most);
    soft_match(a, ab, ae, b, bb, be, sc->x, nx, sc->y, ny, sc->used, f);
    f[RP__F_LEN_DIFF] = (double)(na > nb ? na - nb : nb - na) / (double)most;
    f[RP__F_NEG_DIFFER] = negation_count(a, ab, ae) != negation_count(b, bb, be);
    /* character 4-grams last: they reuse the n-gram arrays */
    if (char_grams(a, ab, ae, &sc->chars, &sc->gx, &sc->gx_cap, &cx) < 0 ||
        char_grams(b, bb, be, &sc->chars, &sc->gy, &sc->gy_cap, &cy) < 0)
        return RP_ENOMEM;
    if (cx + cy > 0)
        f[RP__F_CHAR4] = 2.0 * (double)shared_u64(sc->gx, cx, sc->gy, cy) / (double)(cx + cy);
    return RP_OK;
}

/* Logistic weights of the features (enum rp__simil_feature order) and the intercept, fitted
 * by scripts/fit_paraphrase.py on the MSRP training pairs (see doc/ARCHITECTURE.md). */
static const double weights[RP__SIMIL_FEATURES] = {
    -4.86604, 0.99463,  8.88668, 0.03412,  4.64019,  -4.66826, -4.21090, 0.50358, 15.09641,
    -7.27171, 3.04431,  2.89412, -0.00007, 4.82419,  0.83642,  -0.62022, 0.17865, -1.12430,
    0.24730,  -0.78290, 0.37927, -6.29482, -0.55050, -0.39503, 0.13532};
static const double intercept = -2.09318;

double rp__simil_combine(const double *f)
{
    double z = intercept;

    for (size_t k = 0; k < RP__SIMIL_FEATURES; k++)
        z += weights[k] * f[k];
    return 1.0 / (1.0 + exp(-z));
}

/* ---- rp_simil: the public sentence similarity over a reference collection ---- */

struct rp_simil {
    struct rp__stemmer stemmer;
    struct rp_text ta, tb;       /* scratch: the two texts */
    struct rp__terms wa, wb;     /* their words */
    struct rp__simil_scratch sc; /* feature scratch */
    uint64_t *df_keys;           /* open addressing: stem hash + 1, 0 = free */
    uint32_t *df;                /* documents that have the stem */
    size_t slots, used;
    size_t docs;
    uint64_t *bag; /* scratch: distinct stems of a text being added */
    size_t bag_cap;
};

int rp_simil_new(rp_simil **out)
{
    rp_simil *s = rp__calloc(1, sizeof(*s));

    *out = NULL;
    if (s == NULL)
        return RP_ENOMEM;
    if (rp__stemmer_init(&s->stemmer) < 0) {
        rp__free(s);
        return RP_ENOMEM;
    }
    *out = s;
    return RP_OK;
}

void rp_simil_free(rp_simil *s)
{
    if (s == NULL)
        return;
    rp__stemmer_release(&s->stemmer);
    rp__text_release(&s->ta);
    rp__text_release(&s->tb);
    rp__terms_release(&s->wa);
    rp__terms_release(&s->wb);
    rp__simil_scratch_release(&s->sc);
    rp__free(s->df_keys);
    rp__free(s->df);
    rp__free(s->bag);
    rp__free(s);
}

static size_t slot_of(const rp_simil *s, uint64_t key)
{
    size_t i = (size_t)(key * UINT64_C(0x9e3779b97f4a7c15) >> 20) & (s->slots - 1);

    while (s->df_keys[i] != 0 && s->df_keys[i] != key + 1)
        i = (i + 1) & (s->slots - 1);
    return i;
}

static int grow_df(rp_simil *s)
{
    const size_t old = s->slots;
    uint64_t *keys = s->df_keys;
    uint32_t *df = s->df;

    s->slots = old == 0 ? 4096 : old * 2;
    s->df_keys = rp__calloc(s->slots, sizeof(*s->df_keys));
    s->df = rp__calloc(s->slots, sizeof(*s->df));
    if (s->df_keys == NULL || s->df == NULL) {
        rp__free(s->df_keys);
        rp__free(s->df);
        s->df_keys = keys;
        s->df = df;
        s->slots = old;
        return RP_ENOMEM;
    }
    for (size_t i = 0; i < old; i++)
        if (keys[i] != 0) {
            const size_t j = slot_of(s, keys[i] - 1);
            s->df_keys[j] = keys[i];
            s->df[j] = df[i];
        }
    rp__free(keys);
    rp__free(df);
    return RP_OK;
}

/* Analyses text into t and its words into tm. */
static int terms_of(rp_simil *s, const char *text, size_t len, struct rp_text *t,
                    struct rp__terms *tm)
{
    int rc = rp__text_analyze(t, text, len);

    if (rc == RP_OK)
        rc = rp__terms_build(tm, t, &s->stemmer, 0);
    return rc;
}

int rp_simil_add(rp_simil *s, const char *text, size_t len)
{
    int rc = terms_of(s, text, len, &s->ta, &s->wa);
    size_t n;

    if (rc < 0)
        return rc;
    if (RP__GROW(s->bag, s->bag_cap, s->wa.count + 1) < 0)
        return RP_ENOMEM;
    memcpy(s->bag, s->wa.stem, s->wa.count * sizeof(*s->bag));
    n = unique_u64(s->bag, s->wa.count);
    for (size_t i = 0; i < n; i++) {
        if ((s->used + 1) * 2 > s->slots && grow_df(s) < 0)
            return RP_ENOMEM;
        const size_t j = slot_of(s, s->bag[i]);
        if (s->df_keys[j] == 0) {
            s->df_keys[j] = s->bag[i] + 1;
            s->used++;
        }
        s->df[j]++;
    }
    s->docs++;
    return RP_OK;
}

static void weigh(const rp_simil *s, struct rp__terms *tm)
{
    for (size_t i = 0; i < tm->count; i++) {
        const uint32_t df = s->slots == 0 ? 0 : s->df[slot_of(s, tm->stem[i])];
        tm->idf[i] = (float)rp__idf(df, s->docs);
    }
}

int rp__simil_pair_features(rp_simil *s, const char *a, size_t a_len, const char *b, size_t b_len,
                            double *f)
{
    int rc = terms_of(s, a, a_len, &s->ta, &s->wa);

    if (rc == RP_OK)
        rc = terms_of(s, b, b_len, &s->tb, &s->wb);
    if (rc < 0)
        return rc;
    weigh(s, &s->wa);
    weigh(s, &s->wb);
    return rp__simil_features(&s->wa, 0, s->wa.count, &s->wb, 0, s->wb.count, &s->sc, f);
}

int rp_simil_score(rp_simil *s, const char *a, size_t a_len, const char *b, size_t b_len,
                   double *score)
{
    double f[RP__SIMIL_FEATURES];
    int rc = rp__simil_pair_features(s, a, a_len, b, b_len, f);

    *score = 0;
    if (rc < 0)
        return rc;
    if (s->wa.count > 0 && s->wb.count > 0)
        *score = rp__simil_combine(f);
    return RP_OK;
}
