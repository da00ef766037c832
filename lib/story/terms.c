/* terms.c: term vectors for stories: TF-IDF (Salton & Buckley 1988) over Snowball stems.
 *
 * Each article's words, without boilerplate and stop words, are stemmed (libstemmer's
 * English Porter2) and hashed. A word's count is boosted when it is in the title (the
 * headline says what the story is) and when it is a name or a number (capitalised or
 * starting with a digit: names, places, tolls and dates are what tell two events of the
 * same kind apart). Weights are sublinear, (1 + log tf) * log((1 + N) / (1 + df)), each
 * vector is cut to its RP__STORY_TERMS strongest terms and normalised to unit length. The
 * years an article writes are kept beside its vector (anchors.c).
 *
 * Document frequencies come from one hash table of the vocabulary, filled in article
 * order so that ids do not depend on threads; counting and weighting run in parallel. */
#include "terms.h"
#include "anchors.h"

#include <libstemmer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../base/banned.h"

#define TITLE_BOOST 2.0f
#define NAME_BOOST 2.5f

static const char *const stop_words[] = {
    "a",     "about", "after", "again",     "all",   "also",   "an",      "and",  "any",   "are",
    "as",    "at",    "be",    "because",   "been",  "before", "being",   "but",  "by",    "can",
    "could", "did",   "do",    "does",      "for",   "from",   "had",     "has",  "have",  "he",
    "her",   "here",  "him",   "his",       "how",   "i",      "if",      "in",   "into",  "is",
    "it",    "its",   "just",  "more",      "most",  "my",     "new",     "no",   "not",   "now",
    "of",    "on",    "one",   "only",      "or",    "other",  "our",     "out",  "over",  "said",
    "says",  "she",   "so",    "some",      "such",  "than",   "that",    "the",  "their", "them",
    "then",  "there", "these", "they",      "this",  "those",  "through", "to",   "told",  "two",
    "up",    "us",    "very",  "was",       "we",    "were",   "what",    "when", "where", "which",
    "while", "who",   "will",  "with",      "would", "year",   "years",   "you",  "your",  "s",
    "t",     "mr",    "ms",    "according", "since", "news",   "reported"};

static int is_stop(const char *w, size_t len)
{
    for (size_t i = 0; i < sizeof(stop_words) / sizeof(stop_words[0]); i++)
        if (stop_words[i][0] == w[0] && strlen(stop_words[i]) == len &&
            memcmp(stop_words[i], w, len) == 0)
            return 1;
    return 0;
}

uint64_t rp__story_terms_word_key(struct sb_stemmer *stem, const struct rp_text *t, size_t i)
{
    const struct rp__word *x = &t->words[i];
    const char *norm = rp__word_norm(t, i);

    if ((x->flags & RP__WORD_BOILER) || x->norm_len < 2 || is_stop(norm, x->norm_len))
        return 0;
    const sb_symbol *s = sb_stemmer_stem(stem, (const sb_symbol *)norm, (int)x->norm_len);
    const void *p = s != NULL ? (const void *)s : (const void *)norm;
    const size_t len = s != NULL ? (size_t)sb_stemmer_length(stem) : x->norm_len;
    const uint64_t key = XXH3_64bits(p, len);
    return key != 0 ? key : 1;
}

/* A term occurrence while counting: key and boosted count. */
struct occ {
    uint64_t key;
    float tf;
};

static int cmp_occ(const void *x, const void *y)
{
    const struct occ *a = x, *b = y;

    return a->key < b->key ? -1 : a->key > b->key;
}

struct counts {
    struct occ *o;
    size_t n, cap;
};

static int count_words(struct sb_stemmer *stem, const struct rp_text *t, float boost,
                       struct counts *c)
{
    for (size_t i = 0; i < t->word_count; i++) {
        const uint64_t key = rp__story_terms_word_key(stem, t, i);
        if (key == 0)
            continue;
        if (RP__GROW(c->o, c->cap, c->n + 1) < 0)
            return RP_ENOMEM;
        const int name = (t->words[i].flags & (RP__WORD_UPPER | RP__WORD_DIGIT)) != 0;
        c->o[c->n++] = (struct occ){key, boost * (name ? NAME_BOOST : 1.0f)};
    }
    return RP_OK;
}

struct build {
    struct rp__story_terms *tv;
    const uint8_t *skip;
    struct occ **raw; /* per article: distinct keys with their boosted counts, by key */
    uint32_t *raw_n;
};

/* Gives v the years of y, if any. */
static int keep_years(struct rp__story_vec *v, const struct rp__anchors_years *y)
{
    uint16_t list[RP__ANCHORS_YEAR_COUNT];
    const size_t n = rp__anchors_list(y, list);

    if (n == 0)
        return RP_OK;
    v->years = rp__malloc(n * sizeof(*v->years));
    if (v->years == NULL)
        return RP_ENOMEM;
    memcpy(v->years, list, n * sizeof(*v->years));
    v->year_n = (uint32_t)n;
    return RP_OK;
}

static int count_one(const struct rp__docs *d, size_t i, struct rp_text *t, void *user)
{
    struct build *b = user;
    const rp_article *a = rp_corpus_get(d->corpus, i);
    struct rp__anchors_years years = {{0}};
    struct counts c = {0};
    struct sb_stemmer *stem;
    size_t u = 0;
    int rc;

    if (b->skip != NULL && b->skip[i])
        return RP_OK;
    stem = sb_stemmer_new("english", NULL);
    if (stem == NULL)
        return RP_ENOMEM;
    rc = d->analyze(d, i, t);
    if (rc == RP_OK) {
        rc = count_words(stem, t, 1.0f, &c);
        rp__anchors_scan(&years, t);
    }
    if (rc == RP_OK && a->title != NULL) {
        struct rp_text title = {0};
        rc = rp__text_analyze(&title, a->title, strlen(a->title));
        if (rc == RP_OK) {
            rc = count_words(stem, &title, TITLE_BOOST, &c);
            rp__anchors_scan(&years, &title);
        }
        rp__text_release(&title);
    }
    sb_stemmer_delete(stem);
    if (rc == RP_OK)
        rc = keep_years(&b->tv->v[i], &years);
    if (rc == RP_OK && c.n > 0) {
        qsort(c.o, c.n, sizeof(*c.o), cmp_occ);
        for (size_t k = 0; k < c.n; k++) {
            if (u > 0 && c.o[u - 1].key == c.o[k].key)
                c.o[u - 1].tf += c.o[k].tf;
            else
                c.o[u++] = c.o[k];
        }
    }
    if (rc < 0 || u == 0) {
        rp__free(c.o);
        return rc;
    }
    b->raw[i] = c.o;
    b->raw_n[i] = (uint32_t)u;
    return RP_OK;
}

static size_t slot_of(const struct rp__story_terms *tv, uint64_t key)
{
    const size_t mask = tv->slot_count - 1;
    size_t s = (size_t)(key ^ (key >> 29)) & mask;

    while (tv->slots[s].key != 0 && tv->slots[s].key != key)
        s = (s + 1) & mask;
    return s;
}

static int vocab_grow(struct rp__story_terms *tv)
{
    const size_t old_count = tv->slot_count;
    struct rp__story_slot *old = tv->slots;
    const size_t count = old_count ? old_count * 2 : 1u << 16;
    uint64_t *keys = rp__realloc(tv->key_of, rp__mul_size(count / 2 + 1, sizeof(*keys)));

    if (keys == NULL)
        return RP_ENOMEM;
    tv->key_of = keys;
    tv->slots = rp__calloc(count, sizeof(*tv->slots));
    if (tv->slots == NULL) {
        tv->slots = old;
        return RP_ENOMEM;
    }
    tv->slot_count = count;
    for (size_t i = 0; i < old_count; i++)
        if (old[i].key != 0)
            tv->slots[slot_of(tv, old[i].key)] = old[i];
    rp__free(old);
    return RP_OK;
}

uint32_t rp__story_terms_id(const struct rp__story_terms *tv, uint64_t key)
{
    if (tv->slot_count == 0 || key == 0)
        return UINT32_MAX;
    const size_t s = slot_of(tv, key);
    return tv->slots[s].key == key ? tv->slots[s].id : UINT32_MAX;
}

static int cmp_key(const void *x, const void *y)
{
    const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

    return a < b ? -1 : a > b;
}

/* Document frequencies; ids in the order of the keys, so that nothing (not even the order in
 * which floating-point sums run) depends on the order of the articles. */
static int count_df(struct rp__story_terms *tv, const struct build *b)
{
    for (size_t i = 0; i < tv->count; i++)
        for (uint32_t k = 0; k < b->raw_n[i]; k++) {
            if ((tv->vocab + 1) * 2 > tv->slot_count && vocab_grow(tv) < 0)
                return RP_ENOMEM;
            struct rp__story_slot *s = &tv->slots[slot_of(tv, b->raw[i][k].key)];
            if (s->key == 0) {
                *s = (struct rp__story_slot){b->raw[i][k].key, 0, 0};
                tv->key_of[tv->vocab++] = s->key;
            }
            s->df++;
        }
    if (tv->vocab > 1)
        qsort(tv->key_of, tv->vocab, sizeof(*tv->key_of), cmp_key);
    for (size_t k = 0; k < tv->vocab; k++)
        tv->slots[slot_of(tv, tv->key_of[k])].id = (uint32_t)k;
    return RP_OK;
}

static int cmp_weight(const void *x, const void *y)
{
    const struct rp__story_term *a = x, *b = y;

    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_id(const void *x, const void *y)
{
    const struct rp__story_term *a = x, *b = y;

    return a->id < b->id ? -1 : a->id > b->id;
}

static int weigh_one(size_t i, void *user)
{
    struct build *b = user;
    struct rp__story_terms *tv = b->tv;
    const uint32_t cnt = b->raw_n[i];
    struct rp__story_vec *v = &tv->v[i];
    double norm = 0;
    uint32_t u;

    if (cnt == 0)
        return RP_OK;
    v->t = rp__malloc(cnt * sizeof(*v->t));
    if (v->t == NULL)
        return RP_ENOMEM;
    for (uint32_t k = 0; k < cnt; k++) {
        const struct rp__story_slot *s = &tv->slots[slot_of(tv, b->raw[i][k].key)];
        const double idf = log((1.0 + (double)tv->with_vector) / (1.0 + (double)s->df));
        v->t[k] = (struct rp__story_term){s->id, (float)((1.0 + log(b->raw[i][k].tf)) * idf)};
    }
    rp__free(b->raw[i]);
    b->raw[i] = NULL;
    qsort(v->t, cnt, sizeof(*v->t), cmp_weight);
    u = cnt < RP__STORY_TERMS ? cnt : RP__STORY_TERMS;
    while (u > 0 && v->t[u - 1].w <= 0) /* a term in every article weighs nothing */
        u--;
    for (uint32_t k = 0; k < u; k++)
        norm += (double)v->t[k].w * v->t[k].w;
    norm = norm > 0 ? sqrt(norm) : 1;
    for (uint32_t k = 0; k < u; k++)
        v->t[k].w = (float)(v->t[k].w / norm);
    /* the index holds the strongest terms that some other article has too */
    v->top = rp__malloc((RP__STORY_PREFIX + 1) * sizeof(*v->top));
    if (v->top == NULL)
        return RP_ENOMEM;
    for (uint32_t k = 0; k < u && v->top_n < RP__STORY_PREFIX; k++)
        if (tv->slots[slot_of(tv, tv->key_of[v->t[k].id])].df > 1)
            v->top[v->top_n++] = v->t[k].id;
    qsort(v->t, u, sizeof(*v->t), cmp_id);
    v->n = u;
    return RP_OK;
}

int rp__story_terms_build(struct rp__story_terms *tv, const struct rp__docs *d, const uint8_t *skip)
{
    struct build b = {tv, skip, NULL, NULL};
    int rc = RP_ENOMEM;

    memset(tv, 0, sizeof(*tv));
    tv->count = d->count;
    tv->v = rp__calloc(d->count + 1, sizeof(*tv->v));
    b.raw = rp__calloc(d->count + 1, sizeof(*b.raw));
    b.raw_n = rp__calloc(d->count + 1, sizeof(*b.raw_n));
    if (tv->v == NULL || b.raw == NULL || b.raw_n == NULL)
        goto out;
    rc = rp__docs_parallel(d, count_one, &b);
    if (rc < 0)
        goto out;
    for (size_t i = 0; i < d->count; i++)
        tv->with_vector += b.raw_n[i] > 0;
    rc = count_df(tv, &b);
    if (rc == RP_OK)
        rc = rp__parallel_for(d->count, d->thread_count, weigh_one, &b);
out:
    for (size_t i = 0; b.raw != NULL && i < d->count; i++)
        rp__free(b.raw[i]);
    rp__free(b.raw);
    rp__free(b.raw_n);
    return rc;
}

void rp__story_terms_release(struct rp__story_terms *tv)
{
    for (size_t i = 0; tv->v != NULL && i < tv->count; i++) {
        rp__free(tv->v[i].t);
        rp__free(tv->v[i].top);
        rp__free(tv->v[i].years);
    }
    rp__free(tv->v);
    rp__free(tv->slots);
    rp__free(tv->key_of);
    memset(tv, 0, sizeof(*tv));
}

double rp__story_terms_dot(const struct rp__story_vec *a, const struct rp__story_vec *b)
{
    double sum = 0;

    for (uint32_t i = 0, j = 0; i < a->n && j < b->n;) {
        if (a->t[i].id < b->t[j].id)
            i++;
        else if (a->t[i].id > b->t[j].id)
            j++;
        else
            sum += (double)a->t[i++].w * b->t[j++].w;
    }
    return sum;
}

double rp__story_terms_background(const struct rp__story_terms *tv, const uint32_t *order)
{
    double *mean, sum = 0;

    if (tv->with_vector < 2)
        return 0;
    mean = rp__calloc(tv->vocab + 1, sizeof(*mean));
    if (mean == NULL)
        return -1;
    for (size_t r = 0; r < tv->count; r++) {
        const struct rp__story_vec *v = &tv->v[order != NULL ? order[r] : r];
        for (uint32_t k = 0; k < v->n; k++)
            mean[v->t[k].id] += v->t[k].w;
    }
    for (size_t k = 0; k < tv->vocab; k++)
        sum += mean[k] * mean[k];
    rp__free(mean);
    /* |sum of vectors|^2 counts every pair twice and every unit vector once with itself */
    const double n = (double)tv->with_vector;
    sum -= n;
    return sum > 0 ? sum / (n * (n - 1)) : 0;
}

size_t rp__story_terms_shared(const struct rp__story_vec *a, const struct rp__story_vec *b,
                              uint32_t *out, size_t cap)
{
    struct rp__story_term best[16];
    size_t n = 0;

    if (cap > sizeof(best) / sizeof(best[0]))
        cap = sizeof(best) / sizeof(best[0]);
    for (uint32_t i = 0, j = 0; i < a->n && j < b->n;) {
        if (a->t[i].id < b->t[j].id) {
            i++;
        } else if (a->t[i].id > b->t[j].id) {
            j++;
        } else {
            /* keep the cap strongest products, by insertion */
            const struct rp__story_term x = {a->t[i].id, a->t[i].w * b->t[j].w};
            size_t p = n < cap ? n++ : cap;
            while (p > 0 && cmp_weight(&x, &best[p - 1]) < 0) {
                if (p < cap)
                    best[p] = best[p - 1];
                p--;
            }
            if (p < cap)
                best[p] = x;
            i++;
            j++;
        }
    }
    for (size_t k = 0; k < n; k++)
        out[k] = best[k].id;
    return n;
}
