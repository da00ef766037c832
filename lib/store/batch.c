/* batch.c: adding a batch of articles to the index, or querying it with them.
 *
 * The index holds after every batch exactly the relations that a scan (rp_scan_run) of its
 * current articles finds (doc/FORMAT.md, "What is guaranteed"). A scan's candidates depend
 * on the whole corpus: an LSH bucket of more than 64 representatives pairs them as a chain,
 * an n-gram in more than 16 articles pairs only the first 8 with the others, one in more
 * than df_cap none, and an exact duplicate class is represented by its best article. So a
 * batch does not only pair its new articles with the old ones: for every posting list,
 * bucket and class it changes, it compares the pairs the rule gives before and after, and
 * re-examines the old pairs whose candidacy may have changed (re-verifying or dropping
 * them). Verification itself is the detectors' own, one pair at a time (dups.h, reuse.h),
 * and pairs are always seen in the canonical order of the scan, so a pair gets the very
 * evidence a scan gives it.
 *
 * Steps: classify the inputs (new, unchanged, new version); compute the new articles'
 * features in parallel; the duplicate classes and their representatives; the LSH buckets;
 * the posting lists; the old pairs to re-examine; the verifications (in parallel); the
 * stories (stories.c); then, for an add, every change is written in the same transaction
 * as the articles. Nothing is written before that point, so a query runs the same steps on
 * a read transaction. */
#include "batch.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../io/io.h"
#include "../reuse/reuse.h"
#include "../scan/scan.h"
#include "../sketch/dups.h"
#include "../sketch/sketch.h"
#include "../text/boilerplate.h"
#include "../base/sort.h"
#include "../base/banned.h"

#define NO_INDEX SIZE_MAX

static uint64_t pair_key(int64_t x, int64_t y)
{
    const int64_t lo = x < y ? x : y, hi = x < y ? y : x;

    return (uint64_t)lo << 32 | (uint64_t)hi;
}

/* ---- articles and keys ---------------------------------------------------------------- */

static char *dup_or_null(const char *s, int *nomem)
{
    char *p;

    if (s == NULL)
        return NULL;
    p = rp__strdup(s);
    *nomem |= p == NULL;
    return p;
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NULL
                                                    : (const char *)sqlite3_column_text(s, i);
}

/* Keeps aid's key (id copied) unless it is known; *out (if not NULL) points at it. The keys of
 * committed articles never change, so the handle keeps them for every later batch and query;
 * those of the batch's new aids are the batch's own (a failed batch leaves its aids free). */
static int keep_key(struct batch *b, int64_t aid, int64_t published, size_t text_len,
                    const char *id, const struct rp__key **out)
{
    struct rp__keys *keys = aid < b->first_new_aid ? &b->ix->key_cache : &b->keys;

    if (aid < 1 || aid > UINT32_MAX) /* the index gives aids from 1, postings hold 32 bits */
        return rp__store_fail(b->ix, RP_ECORRUPT, "'%s': article #%lld is out of range",
                              b->ix->path, (long long)aid);
    return rp__keys_put(keys, aid, published, text_len, id, out);
}

static int64_t key_time(sqlite3_stmt *s, int col)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL ? RP_TIME_NONE : sqlite3_column_int64(s, col);
}

/* Reads the keys of every committed article, in one pass over the table: a large batch on a
 * new handle asks for most of them. A query of 10,000 new articles at 1,000,000 read 985,605
 * keys one by one and took 18-21 s; read in one pass (about 1 s), 13-16 s. */
static int read_all_keys(struct batch *b)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_KEYS);
    int rc;

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, b->first_new_aid);
    while ((rc = rp__store_step(b->ix, s, "reading the articles")) == 1) {
        rc = keep_key(b, sqlite3_column_int64(s, 0), key_time(s, 1),
                      (size_t)sqlite3_column_int64(s, 2), col_text(s, 3), NULL);
        if (rc < 0)
            break;
    }
    sqlite3_reset(s);
    if (rc < 0)
        return rc;
    b->ix->keys_all = 1;
    return RP_OK;
}

int rp__batch_key(struct batch *b, int64_t aid, const struct rp__key **out)
{
    const int old = aid < b->first_new_aid;
    const struct rp__key *k = rp__keys_find(old ? &b->ix->key_cache : &b->keys, aid);
    sqlite3_stmt *s;
    int rc;

    *out = k;
    if (k != NULL)
        return RP_OK;
    /* once the keys read one by one are an eighth of the articles, the rest are read too
     * (a query of one article reads a few hundred; a batch of thousands, most of them) */
    if (old && !b->ix->keys_all && ++b->ix->key_reads >= 64 &&
        b->ix->key_reads * 8 >= b->first_new_aid) {
        rc = read_all_keys(b);
        if (rc < 0)
            return rc;
        *out = k = rp__keys_find(&b->ix->key_cache, aid);
        if (k != NULL)
            return RP_OK;
    }
    s = rp__store_stmt(b->ix, ST_KEY);
    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, aid);
    rc = rp__store_step(b->ix, s, "reading an article");
    if (rc == 0)
        rc = rp__store_fail(b->ix, RP_ECORRUPT, "'%s': article #%lld is missing", b->ix->path,
                            (long long)aid);
    if (rc == 1)
        rc = keep_key(b, aid, key_time(s, 0), (size_t)sqlite3_column_int64(s, 1), col_text(s, 2),
                      out);
    sqlite3_reset(s);
    return rc;
}

static int put_key(struct batch *b, int64_t aid, const rp_article *a)
{
    return keep_key(b, aid, a->published, a->text_len, a->id, NULL);
}

static void as_article(const struct rp__key *k, rp_article *a)
{
    memset(a, 0, sizeof(*a));
    a->id = k->id;
    a->published = k->published;
    a->text_len = k->text_len;
}

/* cmp() of the articles x and y as their keys describe them, into out. */
static int compare_keys(struct batch *b, int64_t x, int64_t y,
                        int (*cmp)(const rp_article *, const rp_article *), int *out)
{
    const struct rp__key *kx, *ky;
    rp_article ax, ay;
    int rc = rp__batch_key(b, x, &kx);

    if (rc == RP_OK)
        rc = rp__batch_key(b, y, &ky);
    *out = 0;
    if (rc == RP_OK) {
        as_article(kx, &ax);
        as_article(ky, &ay);
        *out = cmp(&ax, &ay);
    }
    return rc;
}

int rp__batch_cmp(struct batch *b, int64_t x, int64_t y, int *out)
{
    const struct rp__key *kx, *ky;
    int rc = rp__batch_key(b, x, &kx);

    if (rc == RP_OK)
        rc = rp__batch_key(b, y, &ky);
    *out = rc == RP_OK ? rp__key_cmp(kx, ky) : 0;
    return rc;
}

/* 1 when x is the better representative of a duplicate class (rp__dups_better). */
static int better(struct batch *b, int64_t x, int64_t y, int *out)
{
    return compare_keys(b, x, y, rp__dups_better, out);
}

static void art_release(struct art *a)
{
    rp__free((void *)(uintptr_t)a->a.id);
    rp__free((void *)(uintptr_t)a->a.title);
    rp__free((void *)(uintptr_t)a->a.source);
    rp__free((void *)(uintptr_t)a->a.url);
    rp__free((void *)(uintptr_t)a->a.text);
    rp__free(a->spans);
    rp__free(a->words);
    rp__free(a->sig);
    rp__free(a->bkeys);
    rp__free(a->grams);
}

/* Reads the row of aid into a. */
static int load_meta(struct batch *b, int64_t aid, struct art *a)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_ARTICLE);
    int rc, nomem = 0;

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, aid);
    rc = rp__store_step(b->ix, s, "reading an article");
    if (rc == 0)
        rc = rp__store_fail(b->ix, RP_ECORRUPT, "'%s': article #%lld is missing", b->ix->path,
                            (long long)aid);
    if (rc != 1)
        goto out;
    rc = RP_OK;
    a->aid = aid;
    a->a.id = dup_or_null(col_text(s, 0), &nomem);
    a->a.title = dup_or_null(col_text(s, 1), &nomem);
    a->a.source = dup_or_null(col_text(s, 2), &nomem);
    a->a.url = dup_or_null(col_text(s, 3), &nomem);
    a->a.published =
        sqlite3_column_type(s, 4) == SQLITE_NULL ? RP_TIME_NONE : sqlite3_column_int64(s, 4);
    a->a.published_has_time = sqlite3_column_int(s, 5);
    a->stats.word_count = (size_t)sqlite3_column_int64(s, 6);
    a->stats.sentence_count = (size_t)sqlite3_column_int64(s, 7);
    a->stats.paragraph_count = (size_t)sqlite3_column_int64(s, 8);
    a->stats.invalid_utf8 = (size_t)sqlite3_column_int64(s, 9);
    a->content_hash = (uint64_t)sqlite3_column_int64(s, 10);
    a->dup_content = (uint64_t)sqlite3_column_int64(s, 11);
    a->a.text_len = (size_t)sqlite3_column_int64(s, 13);
    if (a->a.id == NULL)
        nomem = 1;
    if (!nomem)
        rc = rp__codec_spans_get(sqlite3_column_blob(s, 12), (size_t)sqlite3_column_bytes(s, 12),
                                 &a->spans, &a->span_count);
    if (rc == RP_ECORRUPT)
        rc = rp__store_fail(b->ix, rc, "'%s': article '%s' has damaged boilerplate spans",
                            b->ix->path, a->a.id);
    const void *words = sqlite3_column_blob(s, 14);
    a->words_len = (size_t)sqlite3_column_bytes(s, 14);
    if (rc == RP_OK && !nomem && (a->words = rp__malloc(a->words_len + 1)) == NULL)
        nomem = 1;
    else if (rc == RP_OK && !nomem && a->words_len > 0)
        memcpy(a->words, words, a->words_len);
    if (nomem)
        rc = RP_ENOMEM;
out:
    sqlite3_reset(s);
    return rc;
}

/* Reads the text of a (its row read) from its own table. */
static int load_text(struct batch *b, struct art *a)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_TEXT);
    int rc, whole = 0;

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, a->aid);
    rc = rp__store_step(b->ix, s, "reading an article");
    if (rc == 1) {
        const void *body = sqlite3_column_blob(s, 0);
        const size_t len = (size_t)sqlite3_column_bytes(s, 0);
        whole = sqlite3_column_type(s, 0) != SQLITE_NULL && len == a->a.text_len;
        char *t = whole ? rp__strndup(body != NULL ? body : "", len) : NULL;
        rc = whole && t == NULL ? RP_ENOMEM : RP_OK;
        if (t != NULL) {
            rp__free((void *)(uintptr_t)a->a.text);
            a->a.text = t;
            a->has_text = 1;
        }
    }
    if (rc == RP_OK && !whole)
        rc = rp__store_fail(b->ix, RP_ECORRUPT, "'%s': the text of '%s' is missing or cut",
                            b->ix->path, a->a.id);
    sqlite3_reset(s);
    return rc;
}

/* Reads the row of aid into a unless a holds it, and its text when 'text': from a table of
 * its own, as most reads (the members of a story described again, the keys) need the row
 * alone and a join would read the text's page all the same. */
static int load_row(struct batch *b, int64_t aid, int text, struct art *a)
{
    int rc = a->a.id == NULL ? load_meta(b, aid, a) : RP_OK;

    if (rc == RP_OK && text && !a->has_text)
        rc = load_text(b, a);
    return rc;
}

static int new_art(struct batch *b, int64_t aid, size_t *index)
{
    if (RP__GROW(b->arts, b->art_cap, b->art_count + 1) < 0)
        return RP_ENOMEM;
    struct art *a = rp__calloc(1, sizeof(*a));
    if (a == NULL || rp__map_put(&b->by_aid, (uint64_t)aid, b->art_count, NULL) < 0) {
        rp__free(a);
        return RP_ENOMEM;
    }
    a->aid = aid;
    a->work = NO_INDEX;
    b->arts[b->art_count] = a;
    *index = b->art_count++;
    return RP_OK;
}

int rp__batch_art(struct batch *b, int64_t aid, int text, size_t *index)
{
    const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)aid);
    int rc;

    if (v != NULL) {
        *index = *v;
        if (text && !b->arts[*v]->has_text)
            return load_row(b, aid, 1, b->arts[*v]);
        return RP_OK;
    }
    rc = new_art(b, aid, index);
    if (rc == RP_OK) {
        const char *empty = rp__strdup("");
        b->arts[*index]->a.text = empty;
        rc = empty == NULL ? RP_ENOMEM : load_row(b, aid, text, b->arts[*index]);
    }
    return rc;
}

int rp__batch_removed(const struct batch *b, int64_t aid)
{
    const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)aid);

    return v != NULL && b->arts[*v]->state == ART_REMOVED;
}

static int is_new(const struct batch *b, int64_t aid)
{
    const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)aid);

    return v != NULL && b->arts[*v]->state == ART_NEW;
}

/* 1 for a new article of the input (not one made again for its furniture). */
static int is_input(const struct batch *b, int64_t aid)
{
    const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)aid);

    return v != NULL && b->arts[*v]->state == ART_NEW && !b->arts[*v]->refurnished;
}

/* ---- features ------------------------------------------------------------------------- */

/* Analyses an article's text into t with its boilerplate words flagged, as the scan does. */
static void flag_boilerplate(const struct art *a, struct rp_text *t)
{
    size_t k = 0;

    for (size_t w = 0; w < t->word_count; w++)
        t->words[w].flags &= ~(uint32_t)RP__WORD_BOILER;
    for (size_t w = 0; w < t->word_count && a->span_count > 0; w++) {
        while (k < a->span_count && a->spans[k].end <= t->words[w].start)
            k++;
        if (k == a->span_count)
            break;
        if (a->spans[k].start < t->words[w].end)
            t->words[w].flags |= RP__WORD_BOILER;
    }
}

static int analyze(const struct art *a, struct rp_text *t)
{
    const int rc = rp__text_analyze(t, a->a.text, a->a.text_len);

    if (rc == RP_OK)
        flag_boilerplate(a, t);
    return rc;
}

/* The words blob of an analysis t (boilerplate flagged). */
static int words_blob(const struct rp_text *t, uint8_t **out, size_t *len)
{
    uint32_t *starts = rp__malloc((t->word_count + 1) * sizeof(*starts));
    size_t n;
    int rc;

    if (starts == NULL)
        return RP_ENOMEM;
    n = rp__text_core_starts(t, starts);
    rc = rp__codec_words_put(starts, n, t->word_count - n, out, len);
    rp__free(starts);
    return rc;
}

static int words_of(struct art *a, const struct rp_text *t)
{
    rp__free(a->words);
    a->words = NULL;
    return words_blob(t, &a->words, &a->words_len);
}

int rp__batch_words_fit(const struct art *a, int *fit)
{
    struct rp_text t;
    uint8_t *w = NULL;
    size_t len = 0;
    int rc;

    memset(&t, 0, sizeof(t));
    *fit = 0;
    rc = analyze(a, &t);
    if (rc == RP_OK)
        rc = words_blob(&t, &w, &len);
    if (rc == RP_OK)
        *fit = len == a->words_len && memcmp(w, a->words, len) == 0;
    rp__free(w);
    rp__text_release(&t);
    return rc;
}

int rp__batch_words(const struct batch *b, size_t art, uint32_t **starts, size_t *n, size_t *cap,
                    size_t *boiler)
{
    const struct art *a = b->arts[art];
    int rc = rp__codec_words_get(a->words, a->words_len, a->a.text_len, starts, n, cap, boiler);

    if (rc == RP_ECORRUPT || (rc == RP_OK && *n + *boiler != a->stats.word_count))
        return RP_ECORRUPT;
    return rc;
}

/* The features of one article: for a new one its counts and boilerplate too. */
static int features_of(struct batch *b, struct art *a, struct rp_text *t)
{
    const rp_options *o = b->o;
    uint64_t simhash = 0;
    size_t cap = 0;
    int rc = RP_OK;

    if (a->state == ART_NEW) {
        rc = rp__text_analyze(t, a->a.text, a->a.text_len);
        if (rc < 0)
            return rc;
        a->stats.word_count = t->word_count;
        a->stats.sentence_count = t->sent_count;
        a->stats.paragraph_count = t->para_count;
        a->stats.invalid_utf8 = t->invalid_utf8;
        a->content_hash = rp__text_content_hash(t);
        if ((o->detect & RP_DETECT_BOILERPLATE) && !a->spans_set)
            rc = rp__boilerplate_spans(t, &a->spans, &a->span_count, &cap);
        if (rc < 0)
            return rc;
        flag_boilerplate(a, t); /* the analysis serves again: only the flags change */
        rc = words_of(a, t);
        if (rc < 0)
            return rc;
    } else {
        rc = analyze(a, t);
        if (rc < 0)
            return rc;
    }
    a->sig = rp__calloc(o->perm_count, sizeof(*a->sig));
    a->bkeys = rp__calloc(b->ix->bands + 1, sizeof(*a->bkeys));
    if (a->sig == NULL || a->bkeys == NULL)
        return RP_ENOMEM;
    rc = rp__dups_features(t, o, &a->dup_content, a->sig, &simhash);
    if (rc < 0)
        return rc;
    if (!(o->detect & RP_DETECT_DUPLICATES))
        a->dup_content = 0;
    for (unsigned k = 0; k < b->ix->bands && a->dup_content != 0; k++)
        a->bkeys[k] = rp__lsh_key(a->sig, k, b->ix->rows, o->seed);
    if (o->detect & RP_DETECT_REUSE)
        rc = rp__reuse_grams(t, &a->grams, &a->gram_count);
    a->has_features = rc == RP_OK;
    return rc;
}

struct feature_job {
    struct batch *b;
    size_t *which; /* indices in arts */
};

static int feature_one(size_t i, void *user)
{
    struct feature_job *j = user;
    struct rp_text t = {0};
    const int rc = features_of(j->b, j->b->arts[j->which[i]], &t);

    rp__text_release(&t);
    return rc;
}

/* Computes the features of the listed articles on the caller's threads. */
static int features(struct batch *b, size_t *which, size_t n)
{
    struct feature_job j = {b, which};
    const unsigned threads = b->o->thread_count == 0 ? rp__cores() : b->o->thread_count;

    return rp__parallel_for(n, threads, feature_one, &j);
}

/* The features of an old article, loading it when needed. */
static int old_features(struct batch *b, int64_t aid, struct art **out)
{
    size_t i;
    int rc = rp__batch_art(b, aid, 1, &i);

    *out = NULL;
    if (rc == RP_OK && !b->arts[i]->has_features) {
        struct rp_text t = {0};
        rc = features_of(b, b->arts[i], &t);
        rp__text_release(&t);
    }
    if (rc == RP_OK)
        *out = b->arts[i];
    return rc;
}

/* ---- changes to pairs ----------------------------------------------------------------- */

int rp__batch_change(struct batch *b, int64_t x, int64_t y, struct change **out)
{
    uint64_t *slot;
    const uint64_t key = pair_key(x, y);
    int rc;

    slot = rp__map_find(&b->change_of, key);
    if (slot != NULL) {
        *out = &b->changes[*slot];
        return RP_OK;
    }
    *out = NULL;
    if (RP__GROW(b->changes, b->change_cap, b->change_count + 1) < 0)
        return RP_ENOMEM;
    rc = rp__map_put(&b->change_of, key, b->change_count, NULL);
    if (rc < 0)
        return rc;
    struct change *c = &b->changes[b->change_count++];
    memset(c, 0, sizeof(*c));
    c->lo = x < y ? x : y;
    c->hi = x < y ? y : x;
    *out = c;
    return RP_OK;
}

static void change_release(struct change *c)
{
    for (int p = 0; p < PHASES; p++)
        if (c->part[p] != NULL) {
            rp__relation_release(c->part[p]);
            rp__free(c->part[p]);
            c->part[p] = NULL;
        }
}

/* Sets (or, with r NULL, drops) part 'phase' of pair (x, y); r is in canonical orientation
 * with r->a the canonically first of x, y. A change to the duplicates or reuse part drops
 * the story-phase part, which only the next settlement makes again. */
static int set_part(struct batch *b, int64_t first, int64_t second, int phase, const rp_relation *r)
{
    struct change *c;
    const struct rp__key *k1, *k2;
    int rc = rp__batch_change(b, first, second, &c);

    if (rc == RP_OK)
        rc = rp__batch_key(b, first, &k1);
    if (rc == RP_OK)
        rc = rp__batch_key(b, second, &k2);
    if (rc < 0)
        return rc;
    if (c->part[phase - 1] != NULL) {
        rp__relation_release(c->part[phase - 1]);
        rp__free(c->part[phase - 1]);
        c->part[phase - 1] = NULL;
    }
    c->dropped |= 1u << (phase - 1);
    if (phase < 3)
        c->dropped |= 1u << 2;
    if (r == NULL)
        return RP_OK;
    rp_relation *copy = rp__malloc(sizeof(*copy));
    if (copy == NULL)
        return RP_ENOMEM;
    rc = rp__relation_copy(copy, r);
    if (rc < 0) {
        rp__free(copy);
        return rc;
    }
    /* the scan puts the smaller id first (canonicalize in scan.c) */
    int swapped = 0;
    if (strcmp(k1->id, k2->id) > 0) {
        rp__relation_swap(copy);
        swapped = 1;
    }
    copy->a = copy->b = 0;
    c->part[phase - 1] = copy;
    /* flip: the part's a is hi */
    const int64_t a_aid = swapped ? second : first;
    c->flip[phase - 1] = a_aid == c->hi;
    return RP_OK;
}

/* Reads part 'phase' of pair (lo, hi) from the file: *found 0 when there is none. */
static int db_part(struct batch *b, int64_t lo, int64_t hi, int phase, rp_relation *r, int *flip,
                   int *found)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_PART);
    int rc;

    *found = 0;
    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, lo);
    sqlite3_bind_int64(s, 2, hi);
    sqlite3_bind_int(s, 3, phase);
    rc = rp__store_step(b->ix, s, "reading a relation");
    if (rc == 1) {
        *flip = sqlite3_column_int(s, 0);
        rc = RP_OK;
        if (r != NULL)
            rc = rp__codec_relation_get(sqlite3_column_blob(s, 1),
                                        (size_t)sqlite3_column_bytes(s, 1), r);
        if (rc == RP_ECORRUPT)
            rc = rp__store_fail(b->ix, rc, "'%s': a damaged relation of #%lld and #%lld",
                                b->ix->path, (long long)lo, (long long)hi);
        *found = rc == RP_OK;
    }
    sqlite3_reset(s);
    return rc;
}

/* 1 in *has when pair (x, y) holds part 'phase' after the batch so far (of 'type' when
 * type >= 0). */
/* The parts of lo in the file, read once for all the pairs of lo a batch asks about (the
 * rechecks ask about many, in order). */
static int parts_of_lo(struct batch *b, int64_t lo)
{
    sqlite3_stmt *s;
    int rc;

    if (b->parts_lo == lo)
        return RP_OK;
    b->parts_lo = 0;
    b->part_count = 0;
    s = rp__store_stmt(b->ix, ST_PARTS_LO);
    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, lo);
    while ((rc = rp__store_step(b->ix, s, "reading relations")) == 1) {
        if (RP__GROW(b->parts, b->part_cap, b->part_count + 1) < 0) {
            rc = RP_ENOMEM;
            break;
        }
        b->parts[b->part_count++] = (struct part_row){
            sqlite3_column_int64(s, 0), sqlite3_column_int(s, 1), sqlite3_column_int(s, 2)};
    }
    sqlite3_reset(s);
    if (rc < 0)
        return rc;
    b->parts_lo = lo;
    return RP_OK;
}

static int has_part(struct batch *b, int64_t x, int64_t y, int phase, int type, int *has)
{
    const int64_t lo = x < y ? x : y, hi = x < y ? y : x;
    const uint64_t *slot = rp__map_find(&b->change_of, pair_key(lo, hi));
    int rc;

    *has = 0;
    if (slot != NULL) {
        const struct change *c = &b->changes[*slot];
        if (c->part[phase - 1] != NULL) {
            *has = type < 0 || c->part[phase - 1]->type == type;
            return RP_OK;
        }
        if (c->dropped & (1u << (phase - 1)))
            return RP_OK;
    }
    rc = parts_of_lo(b, lo);
    for (size_t k = 0; rc == RP_OK && k < b->part_count; k++)
        if (b->parts[k].hi == hi && b->parts[k].phase == phase)
            *has = type < 0 || b->parts[k].type == type;
    return rc;
}

/* Merges part p of a pair into the relation being built. */
static int merge_part(rp_relation *out, int *have, int *flip, const rp_relation *part,
                      int part_flip)
{
    int rc;

    if (!*have) {
        rc = rp__relation_copy(out, part);
        *flip = part_flip;
        *have = rc == RP_OK;
        return rc;
    }
    if (part_flip != *flip) { /* cannot happen: parts share the id orientation */
        rp_relation t;
        rc = rp__relation_copy(&t, part);
        if (rc == RP_OK) {
            rp__relation_swap(&t);
            rc = rp__relation_merge(out, &t);
            rp__relation_release(&t);
        }
        return rc;
    }
    return rp__relation_merge(out, part);
}

int rp__batch_relation(struct batch *b, int64_t lo, int64_t hi, rp_relation *out, int *flip,
                       int *found)
{
    const uint64_t *slot = rp__map_find(&b->change_of, pair_key(lo, hi));
    const struct change *c = slot != NULL ? &b->changes[*slot] : NULL;
    int rc = RP_OK;

    *found = 0;
    *flip = 0;
    memset(out, 0, sizeof(*out));
    if (rp__batch_removed(b, lo) || rp__batch_removed(b, hi))
        return RP_OK;
    for (int p = 1; p <= PHASES && rc == RP_OK; p++) {
        if (c != NULL && c->part[p - 1] != NULL) {
            rc = merge_part(out, found, flip, c->part[p - 1], c->flip[p - 1]);
        } else if ((c == NULL || !(c->dropped & (1u << (p - 1)))) && !(p == 3 && b->settle)) {
            /* a settling batch makes every story-phase part again */
            rp_relation r;
            int f, got;
            rc = db_part(b, lo, hi, p, &r, &f, &got);
            if (rc == RP_OK && got) {
                rc = merge_part(out, found, flip, &r, f);
                rp__relation_release(&r);
            }
        }
    }
    if (rc < 0 && *found) {
        rp__relation_release(out);
        *found = 0;
    }
    return rc;
}

static int cmp_change(const void *x, const void *y)
{
    const struct change *a = x, *b = y;

    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return a->hi < b->hi ? -1 : a->hi > b->hi;
}

int rp__batch_relations(struct batch *b, rp__batch_rel_fn *fn, void *user)
{
    sqlite3_stmt *s = NULL;
    size_t next = 0;
    int64_t cur_lo = -1, cur_hi = -1;
    int rc = RP_OK, src;

    /* the changes in pair order (the map is rebuilt after the sort) */
    if (b->change_count > 1)
        qsort(b->changes, b->change_count, sizeof(*b->changes), cmp_change);
    rp__map_release(&b->change_of);
    for (size_t i = 0; i < b->change_count && rc == RP_OK; i++)
        rc = rp__map_put(&b->change_of, pair_key(b->changes[i].lo, b->changes[i].hi), i, NULL);
    if (rc < 0)
        return rc;
    src = sqlite3_prepare_v2(b->ix->db, "SELECT DISTINCT lo, hi FROM part ORDER BY lo, hi", -1, &s,
                             NULL);
    if (src != SQLITE_OK)
        return rp__store_sql_fail(b->ix, src, "reading the relations");
    for (;;) {
        int64_t lo = INT64_MAX, hi = INT64_MAX;
        if (cur_lo < 0) {
            rc = rp__store_step(b->ix, s, "reading the relations");
            if (rc < 0)
                break;
            if (rc == 1) {
                cur_lo = sqlite3_column_int64(s, 0);
                cur_hi = sqlite3_column_int64(s, 1);
            } else {
                cur_lo = cur_hi = INT64_MAX;
            }
            rc = RP_OK;
        }
        /* the smaller of the next pair of the file and the next pair with changes */
        lo = cur_lo;
        hi = cur_hi;
        if (next < b->change_count &&
            (b->changes[next].lo < lo || (b->changes[next].lo == lo && b->changes[next].hi < hi))) {
            lo = b->changes[next].lo;
            hi = b->changes[next].hi;
        }
        if (lo == INT64_MAX)
            break;
        if (lo == cur_lo && hi == cur_hi)
            cur_lo = -1; /* taken: read the next row */
        if (next < b->change_count && b->changes[next].lo == lo && b->changes[next].hi == hi)
            next++;
        rp_relation r;
        int flip, found;
        rc = rp__batch_relation(b, lo, hi, &r, &flip, &found);
        if (rc == RP_OK && found) {
            rc = fn(user, lo, hi, &r, flip);
            rp__relation_release(&r);
        }
        if (rc < 0)
            break;
    }
    sqlite3_finalize(s);
    return rc;
}

/* ---- verification jobs ---------------------------------------------------------------- */

enum { JOB_DUP = 1, JOB_REUSE = 2 };

struct job {
    int64_t first, second; /* canonical order */
    unsigned kind;         /* JOB_* */
    size_t wa, wb;         /* work corpus indices */
    int hub_first;         /* the run that holds it shares its first article (else second) */
    int dup_ok;
    rp_relation dup; /* the near-duplicate relation when dup_ok */
    int reuse_found;
    rp_relation reuse; /* copy or quote */
};

struct jobs {
    struct job *v;
    size_t count, cap;
    struct rp__map of; /* pair key -> index */
};

static int add_job(struct batch *b, struct jobs *js, int64_t x, int64_t y, unsigned kind)
{
    uint64_t *slot;
    int cmp, rc;

    if (x == y)
        return RP_OK;
    slot = rp__map_find(&js->of, pair_key(x, y));
    if (slot != NULL) {
        js->v[*slot].kind |= kind;
        return RP_OK;
    }
    rc = rp__batch_cmp(b, x, y, &cmp);
    if (rc < 0)
        return rc;
    if (RP__GROW(js->v, js->cap, js->count + 1) < 0)
        return RP_ENOMEM;
    rc = rp__map_put(&js->of, pair_key(x, y), js->count, NULL);
    if (rc < 0)
        return rc;
    struct job *j = &js->v[js->count++];
    memset(j, 0, sizeof(*j));
    j->first = cmp <= 0 ? x : y;
    j->second = cmp <= 0 ? y : x;
    j->kind = kind;
    return RP_OK;
}

static void jobs_release(struct jobs *js)
{
    for (size_t i = 0; i < js->count; i++) {
        if (js->v[i].dup_ok)
            rp__relation_release(&js->v[i].dup);
        if (js->v[i].reuse_found)
            rp__relation_release(&js->v[i].reuse);
    }
    rp__free(js->v);
    rp__map_release(&js->of);
}

/* The work corpus index of aid (its text loaded). */
static int work_index(struct batch *b, int64_t aid, size_t *out)
{
    size_t i;
    int rc = rp__batch_art(b, aid, 1, &i);

    if (rc < 0)
        return rc;
    if (b->arts[i]->work == NO_INDEX) {
        const size_t n = rp_corpus_count(b->work);
        size_t *wa = rp__realloc(b->work_art, (n + 1) * sizeof(*wa));
        if (wa == NULL)
            return RP_ENOMEM;
        b->work_art = wa;
        rp_article copy = b->arts[i]->a;
        copy.origin = NULL;
        rc = rp__corpus_put(b->work, &copy);
        if (rc < 0)
            return rc == RP_EFORMAT ? RP_ECORRUPT : rc;
        wa[n] = i;
        b->arts[i]->work = n;
    }
    *out = b->arts[i]->work;
    return RP_OK;
}

struct run_ctx {
    struct batch *b;
    struct jobs *js;
    size_t *start; /* runs of jobs with the same first article */
    size_t run_count;
    struct rp__docs docs;
    /* every work article analysed once, for all its jobs (read by every thread) */
    size_t work_count;
    struct rp_text *texts;
    struct rp__quotes *quotes;
    uint32_t *sigs;    /* perm_count values per work article that has a duplicates job */
    uint8_t *need_sig; /* 1 for those */
};

static int docs_analyze(const struct rp__docs *d, size_t i, struct rp_text *t)
{
    const struct run_ctx *ctx = d->ctx;
    const struct batch *b = ctx->b;

    return analyze(b->arts[b->work_art[i]], t);
}

/* What the reuse detector relates goes into the job (the docs table's ctx of the thread). */
struct thread_docs {
    struct rp__docs d;
    struct job *job;
};

static int docs_relate(const struct rp__docs *d, const rp_relation *r)
{
    struct job *j = ((const struct thread_docs *)(const void *)d)->job;
    int rc;

    if (j->reuse_found) { /* one relate per pair from the reuse detector */
        rc = rp__relation_merge(&j->reuse, r);
        return rc;
    }
    rc = rp__relation_copy(&j->reuse, r);
    j->reuse_found = rc == RP_OK;
    return rc;
}

/* The signature of a job's article: its own when computed, else from its analysis. */
static int signature_of(const struct batch *b, const struct art *a, struct rp_text *t,
                        uint32_t *sig)
{
    uint64_t content, simhash;

    if (a->sig != NULL) {
        memcpy(sig, a->sig, b->o->perm_count * sizeof(*sig));
        return RP_OK;
    }
    return rp__dups_features(t, b->o, &content, sig, &simhash);
}

/* One job's verification and alignment from the analyses of its two articles (x of the
 * first, y of the second in canonical order, as the scan sees them). The analyses are shared
 * by the threads: the duplicates verifier writes its shingles into a copy's own scratch. */
static int run_job(struct batch *b, struct thread_docs *td, struct job *j,
                   const struct run_ctx *ctx, struct rp__match **m, size_t *mcap)
{
    int rc = RP_OK;

    td->job = j;
    if (j->kind & JOB_DUP) {
        struct rp_text x = ctx->texts[j->wa], y = ctx->texts[j->wb];
        int ok = 0;
        x.aux = y.aux = NULL;
        x.aux_cap = y.aux_cap = 0;
        rc = rp__dups_verify(&x, &y, ctx->sigs + (size_t)b->o->perm_count * j->wa,
                             ctx->sigs + (size_t)b->o->perm_count * j->wb, b->o, &j->dup, &ok);
        j->dup_ok = rc == RP_OK && ok;
        rp__free(x.aux);
        rp__free(y.aux);
    }
    if (rc == RP_OK && (j->kind & JOB_REUSE))
        rc = rp__reuse_pair(&td->d, j->wa, &ctx->texts[j->wa], &ctx->quotes[j->wa], j->wb,
                            &ctx->texts[j->wb], m, mcap);
    return rc;
}

/* A run of jobs that share one article (the hub, usually a new article). */
static int run_jobs(size_t r, void *user)
{
    struct run_ctx *ctx = user;
    struct rp__match *m = NULL;
    size_t mcap = 0;
    struct thread_docs td;
    int rc = RP_OK;

    td.d = ctx->docs;
    td.d.relate = docs_relate;
    for (size_t k = ctx->start[r]; k < ctx->start[r + 1] && rc == RP_OK; k++)
        rc = run_job(ctx->b, &td, &ctx->js->v[k], ctx, &m, &mcap);
    rp__free(m);
    return rc;
}

/* The analysis, quotations and (for a duplicates job) signature of work article i. */
static int analyze_work(size_t i, void *user)
{
    struct run_ctx *ctx = user;
    const struct batch *b = ctx->b;
    const struct art *a = b->arts[b->work_art[i]];
    int rc = analyze(a, &ctx->texts[i]);

    if (rc == RP_OK)
        rc = rp__quotes_find(&ctx->texts[i], &ctx->quotes[i]);
    if (rc == RP_OK && ctx->need_sig[i])
        rc = signature_of(b, a, &ctx->texts[i], ctx->sigs + (size_t)b->o->perm_count * i);
    return rc;
}

static void run_release(struct run_ctx *ctx)
{
    for (size_t i = 0; i < ctx->work_count; i++) {
        if (ctx->texts != NULL)
            rp__text_release(&ctx->texts[i]);
        if (ctx->quotes != NULL)
            rp__quotes_release(&ctx->quotes[i]);
    }
    rp__free(ctx->texts);
    rp__free(ctx->quotes);
    rp__free(ctx->sigs);
    rp__free(ctx->need_sig);
    rp__free(ctx->start);
    ctx->texts = NULL;
    ctx->quotes = NULL;
    ctx->sigs = NULL;
    ctx->need_sig = NULL;
    ctx->start = NULL;
    ctx->work_count = 0;
}

static size_t hub_of(const struct job *j)
{
    return j->hub_first ? j->wa : j->wb;
}

static int cmp_job(const void *x, const void *y)
{
    const struct job *a = x, *b = y;
    const size_t ha = hub_of(a), hb = hub_of(b);

    if (ha != hb)
        return ha < hb ? -1 : 1;
    if (a->wa != b->wa)
        return a->wa < b->wa ? -1 : 1;
    return a->wb < b->wb ? -1 : a->wb > b->wb;
}

/* The verifications, in three steps: the texts they read loaded and the jobs ordered (in
 * the caller's transaction), the work on every thread (which touches neither the file nor
 * the batch's maps, so that the caller may write meanwhile), and the parts they give. */
static int run_prepare(struct batch *b, struct jobs *js, struct run_ctx *out)
{
    struct run_ctx *ctx = out;
    int rc = RP_OK;

    memset(ctx, 0, sizeof(*ctx));
    for (size_t k = 0; k < js->count && rc == RP_OK; k++) {
        struct job *j = &js->v[k];
        rc = work_index(b, j->first, &j->wa);
        if (rc == RP_OK)
            rc = work_index(b, j->second, &j->wb);
        /* the new article of the pair is analysed once for all its pairs */
        j->hub_first = is_new(b, j->first) || !is_new(b, j->second);
    }
    if (rc < 0 || js->count == 0)
        return rc;
    qsort(js->v, js->count, sizeof(*js->v), cmp_job);
    ctx->start = rp__calloc(js->count + 1, sizeof(*ctx->start));
    if (ctx->start == NULL)
        return RP_ENOMEM;
    for (size_t k = 0; k < js->count; k++)
        if (k == 0 || hub_of(&js->v[k]) != hub_of(&js->v[k - 1]))
            ctx->start[ctx->run_count++] = k;
    ctx->start[ctx->run_count] = js->count;
    ctx->b = b;
    ctx->js = js;
    ctx->docs.corpus = b->work;
    ctx->docs.count = rp_corpus_count(b->work);
    ctx->docs.opt = b->o;
    ctx->docs.thread_count = 1;
    ctx->docs.ctx = ctx;
    ctx->docs.analyze = docs_analyze;
    ctx->work_count = rp_corpus_count(b->work);
    ctx->texts = rp__calloc(ctx->work_count + 1, sizeof(*ctx->texts));
    ctx->quotes = rp__calloc(ctx->work_count + 1, sizeof(*ctx->quotes));
    ctx->sigs = rp__calloc(rp__mul_size(ctx->work_count + 1, b->o->perm_count), sizeof(*ctx->sigs));
    ctx->need_sig = rp__calloc(ctx->work_count + 1, 1);
    if (ctx->texts == NULL || ctx->quotes == NULL || ctx->sigs == NULL || ctx->need_sig == NULL)
        return RP_ENOMEM;
    for (size_t k = 0; k < js->count; k++)
        if (js->v[k].kind & JOB_DUP)
            ctx->need_sig[js->v[k].wa] = ctx->need_sig[js->v[k].wb] = 1;
    return RP_OK;
}

static int run_compute(struct run_ctx *ctx)
{
    if (ctx->run_count == 0)
        return RP_OK;
    const unsigned t = ctx->b->o->thread_count;
    const int rc = rp__parallel_for(ctx->work_count, t == 0 ? rp__cores() : t, analyze_work, ctx);
    return rc < 0 ? rc : rp__parallel_for(ctx->run_count, t == 0 ? rp__cores() : t, run_jobs, ctx);
}

static int run_finish(struct batch *b, struct jobs *js, struct run_ctx *ctx)
{
    int rc = RP_OK;

    (void)ctx;
    for (size_t k = 0; k < js->count && rc == RP_OK; k++) {
        struct job *j = &js->v[k];
        if (j->kind & JOB_DUP)
            rc = set_part(b, j->first, j->second, 1, j->dup_ok ? &j->dup : NULL);
        if (rc == RP_OK && (j->kind & JOB_REUSE))
            rc = set_part(b, j->first, j->second, 2, j->reuse_found ? &j->reuse : NULL);
    }
    return rc;
}

/* ---- lists: postings and buckets ------------------------------------------------------ */

/* Reads rows (aid, published, text_len, id) into *out, keeping the keys of the aids the
 * batch does not know yet: the canonical order of a list needs them. */
static int read_members(struct batch *b, sqlite3_stmt *s, int64_t **out, size_t *count, size_t *cap)
{
    int rc;

    *count = 0;
    while ((rc = rp__store_step(b->ix, s, "reading the index")) == 1) {
        const int64_t aid = sqlite3_column_int64(s, 0);
        if (RP__GROW(*out, *cap, *count + 1) < 0) {
            rc = RP_ENOMEM;
            break;
        }
        (*out)[(*count)++] = aid;
        rc = keep_key(b, aid, key_time(s, 1), (size_t)sqlite3_column_int64(s, 2), col_text(s, 3),
                      NULL);
        if (rc < 0)
            break;
    }
    sqlite3_reset(s);
    return rc < 0 ? rc : RP_OK;
}

struct keyed {
    int64_t aid;
    const struct rp__key *k;
};

static int cmp_keyed(const void *x, const void *y)
{
    const struct rp__key *a = ((const struct keyed *)x)->k, *b = ((const struct keyed *)y)->k;

    return rp__key_cmp(a, b);
}

/* The key of aid when the handle or the batch holds it in memory: RP_OK and *out, else
 * KEY_LATER. It never reads the file, so other threads may ask it. */
enum { KEY_LATER = 1 };

static int key_held(struct batch *b, int64_t aid, const struct rp__key **out)
{
    *out = rp__keys_find(aid < b->first_new_aid ? &b->ix->key_cache : &b->keys, aid);
    return *out != NULL ? RP_OK : KEY_LATER;
}

typedef int key_fn(struct batch *b, int64_t aid, const struct rp__key **out);

/* Sorts aids in canonical order; each key is looked up once, not at every comparison. */
static int sort_canonical(struct batch *b, key_fn *key, int64_t *aids, size_t n)
{
    struct keyed *v;
    int rc = RP_OK;

    if (n < 2) { /* its key is known after, as for longer lists */
        const struct rp__key *k;
        return n == 1 ? key(b, aids[0], &k) : RP_OK;
    }
    v = rp__malloc(n * sizeof(*v));
    if (v == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < n && rc == RP_OK; i++) {
        v[i].aid = aids[i];
        rc = key(b, aids[i], &v[i].k);
    }
    if (rc == RP_OK) {
        qsort(v, n, sizeof(*v), cmp_keyed);
        for (size_t i = 0; i < n; i++)
            aids[i] = v[i].aid;
    }
    rp__free(v);
    return rc;
}

/* Moves the w canonically first of aids to the front, in canonical order (the rest in no
 * particular order): all that a posting list's pairs read (its width). The keys come from
 * key: RP_OK, KEY_LATER (aids as they were) or a failure. */
static int front_canonical(struct batch *b, key_fn *key, int64_t *aids, size_t n, size_t w)
{
    struct keyed top[16];
    size_t held = 0;
    int rc = RP_OK;

    if (w == 0) /* nothing pairs */
        return RP_OK;
    if (w >= n || w > sizeof(top) / sizeof(*top))
        return sort_canonical(b, key, aids, n);
    for (size_t i = 0; i < n && rc == RP_OK; i++) {
        struct keyed x = {aids[i], NULL};
        rc = key(b, aids[i], &x.k);
        if (rc != RP_OK || (held == w && cmp_keyed(&x, &top[w - 1]) >= 0))
            continue;
        size_t k = held < w ? held++ : w - 1;
        while (k > 0 && cmp_keyed(&x, &top[k - 1]) < 0) {
            top[k] = top[k - 1];
            k--;
        }
        top[k] = x;
    }
    if (rc != RP_OK)
        return rc;
    /* the others after them, in the order they came */
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        int in_top = 0;
        for (size_t k = 0; k < w && !in_top; k++)
            in_top = top[k].aid == aids[i];
        if (!in_top)
            aids[out++] = aids[i];
    }
    memmove(aids + w, aids, out * sizeof(*aids));
    for (size_t k = 0; k < w; k++)
        aids[k] = top[k].aid;
    return RP_OK;
}

static int has_aid(const int64_t *v, size_t n, int64_t aid)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == aid)
            return 1;
    return 0;
}

/* A change of membership of one list: aid joins (+1) or leaves (-1) list 'key'. */
struct member_change {
    uint64_t key;
    uint64_t key2; /* the band of a bucket; 0 for postings */
    int64_t aid;
    int sign;
};

static int cmp_member_change(const void *x, const void *y)
{
    const struct member_change *a = x, *b = y;

    if (a->key2 != b->key2)
        return a->key2 < b->key2 ? -1 : 1;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->aid < b->aid ? -1 : a->aid > b->aid;
}

static int change_before(const struct member_change *x, const struct member_change *y)
{
    return x->key < y->key || (x->key == y->key && x->aid < y->aid);
}

/* Sorts changes of one kind (key2 alike) by key, then aid. The keys are hashes: one stable
 * pass by their top bits (about 16 changes a bucket), then each bucket by insertion, or by
 * qsort when it is large (a skewed input). */
enum { KEEP_CHANGES, KEEP_SORTED }; /* what the handle keeps between batches (ix->keep) */

static int sort_changes(rp_index *ix, struct member_change *v, size_t n)
{
    enum { SMALL = 64 };
    unsigned bits = 8;
    struct member_change *tmp;
    size_t *start;

    if (n < 4096) {
        if (n > 1)
            qsort(v, n, sizeof(*v), cmp_member_change);
        return RP_OK;
    }
    while (bits < 18 && (n >> bits) > 16)
        bits++;
    const size_t buckets = (size_t)1 << bits;
    const unsigned shift = 64 - bits;
    tmp = ix->keep[KEEP_SORTED];
    if (RP__GROW(tmp, ix->keep_cap[KEEP_SORTED], n) < 0)
        return RP_ENOMEM;
    ix->keep[KEEP_SORTED] = tmp;
    start = rp__calloc(buckets + 1, sizeof(*start));
    if (start == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < n; i++)
        start[(v[i].key >> shift) + 1]++;
    for (size_t k = 0; k < buckets; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; i < n; i++) /* start[k] runs ahead, to the end of bucket k */
        tmp[start[v[i].key >> shift]++] = v[i];
    for (size_t k = 0, from = 0; k < buckets; from = start[k++]) {
        struct member_change *bk = tmp + from;
        const size_t m = start[k] - from;
        if (m > SMALL) {
            qsort(bk, m, sizeof(*bk), cmp_member_change);
            continue;
        }
        for (size_t i = 1; i < m; i++) {
            const struct member_change x = bk[i];
            size_t j = i;
            while (j > 0 && change_before(&x, &bk[j - 1])) {
                bk[j] = bk[j - 1];
                j--;
            }
            bk[j] = x;
        }
    }
    memcpy(v, tmp, n * sizeof(*v));
    rp__free(start);
    return RP_OK;
}

struct pairs {
    uint64_t *v;
    size_t count, cap;
};

static int pairs_add(struct pairs *p, int64_t x, int64_t y)
{
    if (RP__GROW(p->v, p->cap, p->count + 1) < 0)
        return RP_ENOMEM;
    p->v[p->count++] = pair_key(x, y);
    return RP_OK;
}

/* Sorts the pairs and drops repeats (a batch's rechecks gather millions: radix sorted). */
static int pairs_unique(struct pairs *p)
{
    size_t w = 0;
    const int rc = rp__sort_u64_alloc(p->v, p->count);

    if (rc < 0)
        return rc;
    for (size_t i = 0; i < p->count; i++)
        if (w == 0 || p->v[i] != p->v[w - 1])
            p->v[w++] = p->v[i];
    p->count = w;
    return RP_OK;
}

/* The pairs of old articles that one list gives after the batch but not before (gained) or
 * before but not after (lost): their candidacy may have changed. */
static int old_pairs_diff(struct batch *b, const struct pairs *p0, const struct pairs *p1,
                          struct pairs *diff)
{
    size_t i = 0, j = 0;
    int rc = RP_OK;

    while ((i < p0->count || j < p1->count) && rc == RP_OK) {
        uint64_t k;
        struct pairs *out;
        if (j == p1->count || (i < p0->count && p0->v[i] < p1->v[j])) {
            k = p0->v[i++];
            out = &diff[1];
        } else if (i == p0->count || p1->v[j] < p0->v[i]) {
            k = p1->v[j++];
            out = &diff[0];
        } else {
            i++;
            j++;
            continue;
        }
        const int64_t x = (int64_t)(k >> 32), y = (int64_t)(k & 0xFFFFFFFFu);
        if (!is_new(b, x) && !is_new(b, y) && !rp__batch_removed(b, x) && !rp__batch_removed(b, y))
            rc = pairs_add(out, x, y);
    }
    return rc;
}

/* The pairs a posting list of n aids (canonical order when it matters) gives. */
static int posting_pairs(const int64_t *aids, size_t n, size_t width, struct pairs *out)
{
    int rc = RP_OK;

    for (size_t x = 0; x < width && rc == RP_OK; x++)
        for (size_t y = x + 1; y < n && rc == RP_OK; y++)
            rc = pairs_add(out, aids[x], aids[y]);
    return rc < 0 ? rc : pairs_unique(out);
}

struct bucket_fill {
    const int64_t *aids;
    struct pairs *out;
};

static int bucket_pair(size_t x, size_t y, void *user)
{
    struct bucket_fill *f = user;

    return pairs_add(f->out, f->aids[x], f->aids[y]);
}

static int bucket_pairs(const int64_t *aids, size_t n, struct pairs *out)
{
    struct bucket_fill f = {aids, out};
    const int rc = rp__dups_bucket_pairs(n, bucket_pair, &f);

    return rc < 0 ? rc : pairs_unique(out);
}

static int new_list(struct batch *b, const int64_t *aids, size_t n, size_t width, size_t *index)
{
    struct list *l;

    if (RP__GROW(b->lists, b->list_cap, b->list_count + 1) < 0)
        return RP_ENOMEM;
    l = &b->lists[b->list_count];
    l->aids = rp__malloc((n + 1) * sizeof(*l->aids));
    if (l->aids == NULL)
        return RP_ENOMEM;
    if (n > 0)
        memcpy(l->aids, aids, n * sizeof(*aids));
    l->count = n;
    l->width = width;
    *index = b->list_count++;
    return RP_OK;
}

/* L1 = L0 without the leaving aids, with the joining ones. */
static int apply_changes(const struct member_change *ch, size_t nch, int64_t **list, size_t *n,
                         size_t *cap)
{
    size_t w = 0;

    for (size_t i = 0; i < *n; i++) {
        int leaves = 0;
        for (size_t k = 0; k < nch; k++)
            leaves |= ch[k].sign < 0 && ch[k].aid == (*list)[i];
        if (!leaves)
            (*list)[w++] = (*list)[i];
    }
    *n = w;
    for (size_t k = 0; k < nch; k++)
        if (ch[k].sign > 0 && !has_aid(*list, *n, ch[k].aid)) {
            if (RP__GROW(*list, *cap, *n + 1) < 0)
                return RP_ENOMEM;
            (*list)[(*n)++] = ch[k].aid;
        }
    return RP_OK;
}

/* ---- the steps ------------------------------------------------------------------------ */

struct step {
    struct member_change *ch; /* membership changes of postings or buckets */
    size_t ch_count, ch_cap;
    struct pairs recheck[2][2]; /* old pairs whose duplicate [0] or reuse [1] candidacy may
                                   have changed: [][0] gained by a list, [][1] lost */
    int64_t *reps_added;        /* articles that become representatives */
    size_t reps_added_count, reps_added_cap;
    int64_t *reps_removed; /* old representatives that stop being one */
    size_t reps_removed_count, reps_removed_cap;
    struct jobs jobs;
};

static int add_change(struct step *st, uint64_t key2, uint64_t key, int64_t aid, int sign)
{
    if (RP__GROW(st->ch, st->ch_cap, st->ch_count + 1) < 0)
        return RP_ENOMEM;
    st->ch[st->ch_count++] = (struct member_change){key, key2, aid, sign};
    return RP_OK;
}

static int push_aid(int64_t **v, size_t *count, size_t *cap, int64_t aid)
{
    if (RP__GROW(*v, *cap, *count + 1) < 0)
        return RP_ENOMEM;
    (*v)[(*count)++] = aid;
    return RP_OK;
}

struct content_art {
    uint64_t content;
    size_t art; /* index in the batch's articles */
};

static int cmp_content_art(const void *x, const void *y)
{
    const struct content_art *a = x, *b = y;

    if (a->content != b->content)
        return a->content < b->content ? -1 : 1;
    return a->art < b->art ? -1 : a->art > b->art;
}

/* Exact-duplicate classes touched by the batch: their representatives and exact parts. */
static int classes(struct batch *b, struct step *st)
{
    uint64_t *contents = NULL;
    size_t nc = 0;
    int64_t *m0 = NULL, *m1 = NULL;
    size_t n0 = 0, cap0 = 0, n1 = 0, cap1 = 0;
    int rc = RP_OK;

    contents = rp__malloc((b->art_count + 1) * sizeof(*contents));
    if (contents == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < b->art_count; i++)
        if (b->arts[i]->state != ART_OLD && b->arts[i]->dup_content != 0)
            contents[nc++] = b->arts[i]->dup_content;
    rc = rp__sort_u64_alloc(contents, nc);
    struct content_art *news = rp__malloc((b->art_count + 1) * sizeof(*news));
    size_t nn = 0, at = 0;
    if (rc == RP_OK && news == NULL)
        rc = RP_ENOMEM;
    for (size_t i = 0; i < b->art_count && rc == RP_OK; i++)
        if (b->arts[i]->state == ART_NEW && b->arts[i]->dup_content != 0)
            news[nn++] = (struct content_art){b->arts[i]->dup_content, i};
    if (nn > 1)
        qsort(news, nn, sizeof(*news), cmp_content_art);
    for (size_t c = 0; c < nc && rc == RP_OK; c++) {
        if (c > 0 && contents[c] == contents[c - 1])
            continue;
        sqlite3_stmt *s = rp__store_stmt(b->ix, ST_CLASS);
        if (s == NULL) {
            rc = RP_EIO;
            break;
        }
        sqlite3_bind_int64(s, 1, (int64_t)contents[c]);
        /* the members with their keys: the representative is chosen by them */
        rc = read_members(b, s, &m0, &n0, &cap0);
        if (rc < 0)
            break;
        /* after the batch: without the superseded, with the new */
        n1 = 0;
        for (size_t i = 0; i < n0 && rc == RP_OK; i++)
            if (!rp__batch_removed(b, m0[i]))
                rc = push_aid(&m1, &n1, &cap1, m0[i]);
        /* the new members, in the batch's order: both lists go by content */
        while (at < nn && news[at].content < contents[c])
            at++;
        for (; at < nn && news[at].content == contents[c] && rc == RP_OK; at++)
            rc = push_aid(&m1, &n1, &cap1, b->arts[news[at].art]->aid);
        int64_t rep0 = 0, rep1 = 0;
        int bt;
        for (size_t i = 0; i < n0 && rc == RP_OK; i++)
            if (rep0 == 0 || ((rc = better(b, m0[i], rep0, &bt)) == RP_OK && bt))
                rep0 = m0[i];
        for (size_t i = 0; i < n1 && rc == RP_OK; i++)
            if (rep1 == 0 || ((rc = better(b, m1[i], rep1, &bt)) == RP_OK && bt))
                rep1 = m1[i];
        if (rc < 0)
            break;
        /* the exact parts: (rep, member) for every member; the old ones go when the
         * representative changes (the superseded lose theirs with all their parts) */
        if (rep0 != 0 && rep0 != rep1)
            for (size_t i = 0; i < n0 && rc == RP_OK; i++)
                if (m0[i] != rep0 && !rp__batch_removed(b, m0[i]) && !rp__batch_removed(b, rep0))
                    rc = set_part(b, rep0, m0[i], 1, NULL);
        for (size_t i = 0; i < n1 && rc == RP_OK; i++) {
            if (m1[i] == rep1 || (rep1 == rep0 && !is_new(b, m1[i])))
                continue;
            rp_relation r;
            int cmp;
            rp__dups_exact(contents[c], &r);
            rc = rp__batch_cmp(b, rep1, m1[i], &cmp);
            if (rc == RP_OK)
                rc = cmp < 0 ? set_part(b, rep1, m1[i], 1, &r) : set_part(b, m1[i], rep1, 1, &r);
        }
        if (rc == RP_OK && rep0 != 0 && rep0 != rep1)
            rc = push_aid(&st->reps_removed, &st->reps_removed_count, &st->reps_removed_cap, rep0);
        if (rc == RP_OK && rep1 != 0 && rep1 != rep0)
            rc = push_aid(&st->reps_added, &st->reps_added_count, &st->reps_added_cap, rep1);
    }
    rp__free(contents);
    rp__free(news);
    rp__free(m0);
    rp__free(m1);
    return rc;
}

/* The final buckets of the representatives that come and go, their partners, and the old
 * pairs whose candidacy changed. */
static int buckets(struct batch *b, struct step *st)
{
    int64_t *l0 = NULL, *l1 = NULL;
    size_t n0 = 0, cap0 = 0, n1 = 0, cap1 = 0;
    struct pairs p0 = {NULL, 0, 0}, p1 = {NULL, 0, 0};
    struct art *a;
    int rc = RP_OK;

    st->ch_count = 0;
    for (int pass = 0; pass < 2 && rc == RP_OK; pass++) {
        const int64_t *v = pass == 0 ? st->reps_removed : st->reps_added;
        const size_t n = pass == 0 ? st->reps_removed_count : st->reps_added_count;
        for (size_t i = 0; i < n && rc == RP_OK; i++) {
            rc = old_features(b, v[i], &a);
            for (unsigned k = 0; k < b->ix->bands && rc == RP_OK; k++)
                rc = add_change(st, k + 1, a->bkeys[k], v[i], pass == 0 ? -1 : 1);
        }
    }
    if (rc < 0)
        return rc;
    if (st->ch_count > 1)
        qsort(st->ch, st->ch_count, sizeof(*st->ch), cmp_member_change);
    for (size_t i = 0; i < st->ch_count && rc == RP_OK;) {
        size_t j = i + 1, index;
        while (j < st->ch_count && st->ch[j].key == st->ch[i].key &&
               st->ch[j].key2 == st->ch[i].key2)
            j++;
        sqlite3_stmt *s = rp__store_stmt(b->ix, ST_BUCKET);
        if (s == NULL) {
            rc = RP_EIO;
            break;
        }
        sqlite3_bind_int64(s, 1, (int64_t)st->ch[i].key2);
        sqlite3_bind_int64(s, 2, (int64_t)st->ch[i].key);
        rc = read_members(b, s, &l0, &n0, &cap0);
        if (rc == RP_OK && (n1 = n0, RP__GROW(l1, cap1, n0 + 1) < 0))
            rc = RP_ENOMEM;
        if (rc < 0)
            break;
        if (n0 > 0)
            memcpy(l1, l0, n0 * sizeof(*l0));
        rc = apply_changes(st->ch + i, j - i, &l1, &n1, &cap1);
        if (rc == RP_OK)
            rc = sort_canonical(b, rp__batch_key, l1, n1);
        /* a bucket that is or was a chain changes pairs of old articles too */
        if (rc == RP_OK && !b->query && (n0 > RP__DUPS_BUCKET_CAP || n1 > RP__DUPS_BUCKET_CAP)) {
            p0.count = p1.count = 0;
            rc = sort_canonical(b, rp__batch_key, l0, n0);
            if (rc == RP_OK)
                rc = bucket_pairs(l0, n0, &p0);
            if (rc == RP_OK)
                rc = bucket_pairs(l1, n1, &p1);
            if (rc == RP_OK)
                rc = old_pairs_diff(b, &p0, &p1, st->recheck[0]);
        }
        if (rc == RP_OK)
            rc = new_list(b, l1, n1, 0, &index);
        if (rc == RP_OK)
            rc = rp__map_put(&b->bucket_list, st->ch[i].key ^ rp__mix64(st->ch[i].key2), index,
                             NULL);
        i = j;
    }
    /* every representative that comes pairs with its bucket partners */
    for (size_t i = 0; i < st->reps_added_count && rc == RP_OK; i++) {
        rc = old_features(b, st->reps_added[i], &a);
        for (unsigned k = 0; k < b->ix->bands && rc == RP_OK; k++) {
            const uint64_t *li =
                rp__map_find(&b->bucket_list, a->bkeys[k] ^ rp__mix64((uint64_t)k + 1));
            const struct list *l = &b->lists[*li];
            p1.count = 0;
            rc = bucket_pairs(l->aids, l->count, &p1);
            for (size_t x = 0; x < p1.count && rc == RP_OK; x++) {
                const int64_t u = (int64_t)(p1.v[x] >> 32), v = (int64_t)(p1.v[x] & 0xFFFFFFFFu);
                if (u == st->reps_added[i] || v == st->reps_added[i])
                    rc = add_job(b, &st->jobs, u, v, JOB_DUP);
            }
        }
    }
    rp__free(l0);
    rp__free(l1);
    rp__free(p0.v);
    rp__free(p1.v);
    return rc;
}

/* Records the final posting list of a gram the batch touches (they come in gram order). */
static int touch_gram(struct batch *b, uint64_t gram, size_t index)
{
    if (RP__GROW(b->touched_gram, b->touched_cap, b->touched_count + 1) < 0 ||
        RP__GROW(b->touched_list, b->touched_list_cap, b->touched_count + 1) < 0)
        return RP_ENOMEM;
    b->touched_gram[b->touched_count] = gram;
    b->touched_list[b->touched_count++] = index;
    return RP_OK;
}

/* The final posting list of a gram the batch touched, or that was read since: 1 with its
 * index in *index, else 0. *from is where the last search of increasing grams ended. */
static int gram_list_of(const struct batch *b, uint64_t gram, size_t *from, size_t *index)
{
    size_t lo = *from;

    if (lo > b->touched_count || (lo > 0 && b->touched_gram[lo - 1] >= gram))
        lo = 0;
    lo = rp__first_at_least(b->touched_gram, lo, b->touched_count, gram);
    *from = lo;
    if (lo < b->touched_count && b->touched_gram[lo] == gram) {
        *index = b->touched_list[lo];
        return 1;
    }
    const uint64_t *v = rp__map_find(&b->gram_list, gram);
    if (v != NULL)
        *index = (size_t)*v;
    return v != NULL;
}

/* One thread's share of a window of grams: the lists after the batch it made, one after the
 * other, and the old pairs they gain ([0]) or lose ([1]). */
struct gram_work {
    int64_t *l0, *l1; /* scratch: the list before, reordered; the list after */
    size_t cap0, cap1;
    struct pairs p0, p1;
    struct pairs recheck[2];
    int64_t *lists;
    size_t list_count, list_cap;
};

static void gram_work_release(struct gram_work *w)
{
    rp__free(w->l0);
    rp__free(w->l1);
    rp__free(w->p0.v);
    rp__free(w->p1.v);
    rp__free(w->recheck[0].v);
    rp__free(w->recheck[1].v);
    rp__free(w->lists);
    memset(w, 0, sizeof(*w));
}

/* What a gram's lists give: nothing (in no article before, one new one after: it pairs
 * nobody, and an old pair that shares one, none can, finds none in the file either), a list
 * too long to pair anybody, or its list after the batch (lists[at], n of them, the first w
 * pairing with every other); GRAM_LATER when a key it needs is not in memory. */
enum { GRAM_NOTHING, GRAM_LONG, GRAM_LIST, GRAM_LATER };

struct gram_out {
    int kind;
    size_t at, n, w;
};

/* The list after the batch of a gram, from its list before (l0, n0: at most limit aids, the
 * limit that says a list is too long) and its changes ch (nch of them), into w; the keys come
 * from key (KEY_LATER: GRAM_LATER, w as it was). */
static int gram_list(struct batch *b, key_fn *key, const struct member_change *ch, size_t nch,
                     const int64_t *l0src, size_t n0, size_t limit, struct gram_work *w,
                     struct gram_out *out)
{
    const size_t cap = b->o->df_cap, leaving = limit - (cap + 2);
    size_t n1 = n0;
    int rc;

    out->kind = GRAM_NOTHING;
    if (leaving == 0 && n0 == 0 && nch == 1)
        return RP_OK;
    out->kind = GRAM_LONG;
    if (n0 >= limit)
        return RP_OK;
    if (RP__GROW(w->l1, w->cap1, n0 + 1) < 0)
        return RP_ENOMEM;
    if (n0 > 0)
        memcpy(w->l1, l0src, n0 * sizeof(*l0src));
    const int64_t *l0 = l0src; /* a copy of it only to reorder it */
    rc = apply_changes(ch, nch, &w->l1, &n1, &w->cap1);
    int64_t *l1 = w->l1;
    const size_t w0 = rp__reuse_width(n0, cap), w1 = rp__reuse_width(n1, cap);
    /* old pairs change only where a list leaves the all-pairs rule, or loses articles (a
     * query changes nothing: it does not look) */
    int old_pairs = !b->query && (leaving > 0 || w1 < n1) && (w0 > 0 || w1 > 0);
    if (rc == RP_OK && w1 > 0 && w1 < n1)
        rc = front_canonical(b, key, l1, n1, w1);
    /* a star that only gains later articles keeps its old pairs */
    if (rc == RP_OK && old_pairs && leaving == 0 && w0 > 0 && w0 < n0 && w1 > 0 && w1 < n1) {
        old_pairs = 0;
        for (size_t k = 0; k < w1; k++)
            old_pairs |= is_new(b, l1[k]);
    }
    w->p0.count = w->p1.count = 0;
    if (rc == RP_OK && old_pairs && w0 < n0) {
        if (RP__GROW(w->l0, w->cap0, n0) < 0)
            return RP_ENOMEM;
        memcpy(w->l0, l0src, n0 * sizeof(*l0src));
        rc = front_canonical(b, key, w->l0, n0, w0);
        l0 = w->l0;
    }
    if (rc == KEY_LATER) {
        out->kind = GRAM_LATER;
        return RP_OK;
    }
    if (rc == RP_OK && old_pairs)
        rc = posting_pairs(l0, n0, w0, &w->p0);
    if (rc == RP_OK && old_pairs)
        rc = posting_pairs(l1, n1, w1, &w->p1);
    if (rc == RP_OK && old_pairs)
        rc = old_pairs_diff(b, &w->p0, &w->p1, w->recheck);
    if (rc == RP_OK && RP__GROW(w->lists, w->list_cap, w->list_count + n1 + 1) < 0)
        rc = RP_ENOMEM;
    if (rc < 0)
        return rc;
    if (n1 > 0)
        memcpy(w->lists + w->list_count, l1, n1 * sizeof(*l1));
    *out = (struct gram_out){GRAM_LIST, w->list_count, n1, w1};
    w->list_count += n1;
    return RP_OK;
}

/* The grams of a window: gram g's changes are ch[first[g]] to ch[first[g + 1] - 1], its list
 * before the batch list[at[g]] on. */
struct window {
    struct batch *b;
    key_fn *key; /* key_held on other threads */
    const struct member_change *ch;
    const size_t *first, *limit, *at;
    const int64_t *list;
    struct gram_out *out;
};

struct window_part {
    size_t from, to;
    struct gram_work w;
};

/* The parts of a window, for rp__parallel_parts. */
struct window_split {
    const struct window *win;
    struct window_part *part;
};

static int window_part(size_t k, void *user)
{
    const struct window_split *x = user;
    const struct window *win = x->win;
    struct window_part *p = &x->part[k];
    int rc = RP_OK;

    p->w.list_count = 0;
    for (size_t g = p->from; g < p->to && rc == RP_OK; g++)
        rc = gram_list(win->b, win->key, win->ch + win->first[g], win->first[g + 1] - win->first[g],
                       win->list + win->at[g], win->at[g + 1] - win->at[g], win->limit[g], &p->w,
                       &win->out[g]);
    return rc;
}

/* The lists after the batch of the n grams of a window, in 'parts' parts on as many threads,
 * each in its own work. */
static int window_lists(const struct window *win, size_t n, struct window_part *part, size_t parts)
{
    struct window_split x = {win, part};

    for (size_t k = 0; k < parts; k++) {
        part[k].from = n * k / parts;
        part[k].to = n * (k + 1) / parts;
    }
    return rp__parallel_parts(parts, window_part, &x);
}

/* The final posting lists of the grams of the new and superseded articles, the reuse
 * candidates of every new article, and the old pairs whose candidacy may have changed. A
 * window of grams at a time: their lists before the batch read on every thread, their lists
 * after made on every thread, then kept in gram order on this one. */
static int postings(struct batch *b, struct step *st)
{
    enum { WINDOW = 1 << 17 };
    const size_t cap = b->o->df_cap;
    const unsigned threads = b->o->thread_count == 0 ? rp__cores() : b->o->thread_count;
    struct window_part part[RP__THREADS_MAX];
    struct gram_work here; /* the grams left for this thread */
    int rc = RP_OK;

    memset(part, 0, sizeof(part));
    memset(&here, 0, sizeof(here));
    st->ch_count = 0;
    for (size_t i = 0; i < b->art_count && rc == RP_OK; i++) {
        const struct art *a = b->arts[i];
        if (a->state == ART_OLD)
            continue;
        for (size_t g = 0; g < a->gram_count && rc == RP_OK; g++)
            rc = add_change(st, 0, a->grams[g], a->aid, a->state == ART_NEW ? 1 : -1);
    }
    if (rc < 0)
        return rc;
    rc = sort_changes(b->ix, st->ch, st->ch_count);
    uint64_t *grams = rp__malloc((st->ch_count + 1) * sizeof(*grams));
    uint64_t *maybe = rp__malloc((st->ch_count + 1) * sizeof(*maybe));
    size_t *limit = rp__malloc((st->ch_count + 1) * sizeof(*limit));
    size_t *first = rp__malloc((st->ch_count + 1) * sizeof(*first));
    size_t *at = rp__malloc((WINDOW + 1) * sizeof(*at));
    struct gram_out *out = rp__malloc((WINDOW + 1) * sizeof(*out));
    int64_t *list = NULL;
    size_t distinct = 0, list_cap = 0;
    if (rc == RP_OK && (grams == NULL || maybe == NULL || limit == NULL || first == NULL ||
                        at == NULL || out == NULL))
        rc = RP_ENOMEM;
    for (size_t i = 0; i < st->ch_count && rc == RP_OK; i++) {
        if (i == 0 || st->ch[i].key != st->ch[i - 1].key) {
            grams[distinct] = st->ch[i].key;
            first[distinct] = i;
            /* a list longer than this pairs nobody before the batch nor after it */
            limit[distinct++] = cap + 2;
        }
        limit[distinct - 1] += st->ch[i].sign < 0;
    }
    first[distinct] = st->ch_count;
    /* the runs that may hold each gram, for all of them at once */
    if (rc == RP_OK)
        rc = rp__postings_probe(b->ix, grams, distinct, threads, maybe);
    for (size_t from = 0; from < distinct && rc == RP_OK; from += WINDOW) {
        const size_t n = distinct - from < WINDOW ? distinct - from : WINDOW;
        rc = rp__postings_get_many(b->ix, grams + from, maybe + from, limit + from, n, threads,
                                   &list, &list_cap, at);
        /* on other threads only when the keys are in memory: they never read the file, and
         * leave a gram that needs a key it does not hold to this one */
        const size_t parts = b->ix->keys_all ? rp__parts_for(n, threads) : 1;
        struct window win = {.b = b,
                             .key = parts > 1 ? key_held : rp__batch_key,
                             .ch = st->ch,
                             .first = first + from,
                             .limit = limit + from,
                             .at = at,
                             .list = list,
                             .out = out};
        if (rc == RP_OK)
            rc = window_lists(&win, n, part, parts);
        for (size_t g = 0, k = 0; g < n && rc == RP_OK; g++) {
            struct gram_out *o = &out[g];
            while (g >= part[k].to) /* the part that made gram g's list */
                k++;
            const struct gram_work *w = &part[k].w;
            if (o->kind == GRAM_LATER) {
                here.list_count = 0;
                w = &here;
                rc = gram_list(b, rp__batch_key, st->ch + first[from + g],
                               first[from + g + 1] - first[from + g], list + at[g],
                               at[g + 1] - at[g], limit[from + g], &here, o);
                if (rc == RP_OK && o->kind == GRAM_LATER)
                    rc = RP_EINVAL; /* the file gave every key */
            }
            size_t index = NO_INDEX; /* touched, and pairs nobody */
            if (rc == RP_OK && o->kind == GRAM_LIST && o->w > 0)
                rc = new_list(b, w->lists + o->at, o->n, o->w, &index);
            if (rc == RP_OK && o->kind != GRAM_NOTHING)
                rc = touch_gram(b, grams[from + g], index);
        }
        /* the old pairs whose candidacy may have changed, in any order (they are sorted) */
        for (size_t k = 0; k <= parts && rc == RP_OK; k++) {
            struct gram_work *w = k < parts ? &part[k].w : &here;
            for (int e = 0; e < 2 && rc == RP_OK; e++) {
                if (RP__GROW(st->recheck[1][e].v, st->recheck[1][e].cap,
                             st->recheck[1][e].count + w->recheck[e].count + 1) < 0) {
                    rc = RP_ENOMEM;
                    break;
                }
                if (w->recheck[e].count > 0)
                    memcpy(st->recheck[1][e].v + st->recheck[1][e].count, w->recheck[e].v,
                           w->recheck[e].count * sizeof(*w->recheck[e].v));
                st->recheck[1][e].count += w->recheck[e].count;
                w->recheck[e].count = 0;
            }
        }
    }
    for (size_t k = 0; k < RP__THREADS_MAX; k++)
        gram_work_release(&part[k].w);
    gram_work_release(&here);
    rp__free(grams);
    rp__free(maybe);
    rp__free(limit);
    rp__free(first);
    rp__free(at);
    rp__free(out);
    rp__free(list);
    return rc;
}

/* Partners of a new article by its shared rare grams: those with at least
 * RP__REUSE_MIN_SHARED become reuse jobs. */
static int reuse_candidates(struct batch *b, struct step *st)
{
    int64_t first_new = INT64_MAX; /* new articles have the aids from here on */
    uint64_t *v = NULL;
    size_t n = 0, cap = 0;
    int rc = RP_OK;

    for (size_t i = 0; i < b->art_count; i++)
        if (b->arts[i]->state == ART_NEW && b->arts[i]->aid < first_new)
            first_new = b->arts[i]->aid;
    /* (new article, partner) once for every posting list that pairs them */
    for (size_t g = 0; g < b->touched_count && rc == RP_OK; g++) {
        if (b->touched_list[g] == NO_INDEX)
            continue;
        const struct list *l = &b->lists[b->touched_list[g]];
        for (size_t p = 0; p < l->count && rc == RP_OK; p++) {
            if (l->aids[p] < first_new)
                continue;
            if (RP__GROW(v, cap, n + l->count) < 0) {
                rc = RP_ENOMEM;
                break;
            }
            for (size_t x = 0; x < l->count; x++)
                if (x != p && (x < l->width || p < l->width))
                    v[n++] = (uint64_t)l->aids[p] << 32 | (uint64_t)l->aids[x];
        }
    }
    if (rc == RP_OK)
        rc = rp__sort_u64_alloc(v, n);
    for (size_t x = 0, y; x < n && rc == RP_OK; x = y) {
        for (y = x + 1; y < n && v[y] == v[x]; y++)
            ;
        if (y - x >= RP__REUSE_MIN_SHARED)
            rc = add_job(b, &st->jobs, (int64_t)(v[x] >> 32), (int64_t)(v[x] & 0xFFFFFFFFu),
                         JOB_REUSE);
    }
    rp__free(v);
    return rc;
}

/* The final posting list of a gram that the batch did not touch, read from the file. */
static int untouched_list(struct batch *b, uint64_t gram, size_t *index)
{
    int64_t *l = NULL;
    size_t n = 0, cap = 0;
    int rc;

    *index = NO_INDEX;
    rc = rp__postings_get(b->ix, gram, RP__POSTINGS_ANY, (size_t)b->o->df_cap + 2, &l, &n, &cap);
    const size_t w = rp__reuse_width(n, b->o->df_cap);
    if (rc == RP_OK && w > 0 && w < n)
        rc = front_canonical(b, rp__batch_key, l, n, w);
    if (rc == RP_OK)
        rc = new_list(b, l, n, w, index);
    if (rc == RP_OK)
        rc = rp__map_put(&b->gram_list, gram, *index, NULL);
    rp__free(l);
    return rc;
}

static size_t position(const struct list *l, int64_t aid)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->aids[i] == aid)
            return i;
    return NO_INDEX;
}

/* 1 in *cand when old pair (x, y) is a reuse candidate after the batch. */
static int reuse_candidate(struct batch *b, int64_t x, int64_t y, int *cand)
{
    struct art *ax, *ay;
    size_t shared = 0, from = 0;
    int rc = old_features(b, x, &ax);

    *cand = 0;
    if (rc == RP_OK)
        rc = old_features(b, y, &ay);
    for (size_t i = 0, j = 0; rc == RP_OK && i < ax->gram_count && j < ay->gram_count;) {
        if (ax->grams[i] < ay->grams[j]) {
            i++;
        } else if (ax->grams[i] > ay->grams[j]) {
            j++;
        } else {
            const uint64_t g = ax->grams[i];
            size_t index = NO_INDEX;
            if (!gram_list_of(b, g, &from, &index))
                rc = untouched_list(b, g, &index);
            if (rc == RP_OK && index != NO_INDEX) {
                const struct list *l = &b->lists[index];
                const size_t px = position(l, x), py = position(l, y);
                const size_t first = px < py ? px : py;
                if (px != NO_INDEX && py != NO_INDEX && first < l->width)
                    shared++;
            }
            if (shared >= RP__REUSE_MIN_SHARED) {
                *cand = 1;
                break;
            }
            i++;
            j++;
        }
    }
    return rc;
}

/* The final bucket of (band, key), from the batch or the file. */
static int final_bucket(struct batch *b, unsigned band, uint64_t key, const struct list **out)
{
    const uint64_t k = key ^ rp__mix64((uint64_t)band + 1);
    const uint64_t *li = rp__map_find(&b->bucket_list, k);
    int64_t *l = NULL;
    size_t n = 0, cap = 0, index;
    int rc;

    if (li != NULL) {
        *out = &b->lists[*li];
        return RP_OK;
    }
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_BUCKET);
    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, (int64_t)band + 1);
    sqlite3_bind_int64(s, 2, (int64_t)key);
    rc = read_members(b, s, &l, &n, &cap);
    if (rc == RP_OK)
        rc = sort_canonical(b, rp__batch_key, l, n);
    if (rc == RP_OK)
        rc = new_list(b, l, n, 0, &index);
    if (rc == RP_OK)
        rc = rp__map_put(&b->bucket_list, k, index, NULL);
    if (rc == RP_OK)
        *out = &b->lists[index];
    rp__free(l);
    return rc;
}

/* 1 in *cand when old pair (x, y) of representatives is a duplicates candidate after. */
static int dup_candidate(struct batch *b, int64_t x, int64_t y, int *cand)
{
    struct art *ax, *ay;
    int rc = old_features(b, x, &ax);

    *cand = 0;
    if (rc == RP_OK)
        rc = old_features(b, y, &ay);
    for (unsigned k = 0; rc == RP_OK && k < b->ix->bands && !*cand; k++) {
        const struct list *l = NULL;
        if (ax->dup_content == 0 || ay->dup_content == 0 || ax->bkeys[k] != ay->bkeys[k])
            continue;
        rc = final_bucket(b, k, ax->bkeys[k], &l);
        if (rc < 0)
            break;
        const size_t px = position(l, x), py = position(l, y);
        if (px == NO_INDEX || py == NO_INDEX)
            continue;
        const size_t lo = px < py ? px : py, hi = px < py ? py : px;
        *cand = l->count <= RP__DUPS_BUCKET_CAP || lo == 0 || hi == lo + 1;
    }
    return rc;
}

/* Old pairs whose candidacy may have changed: verified again when they became candidates
 * without evidence, dropped when they are no longer candidates. */
/* The old pairs a list gained or lost, checked again: first which of them matter (a pair
 * with evidence if a list lost it, one without if a list gave it), then the features of the
 * old articles they need (on every thread), then their candidacy. */
static int rechecks(struct batch *b, struct step *st)
{
    struct recheck {
        uint64_t key;
        int kind, has;
    } *todo = NULL;
    size_t todo_count = 0, todo_cap = 0, *which = NULL, nw = 0, wcap = 0;
    struct rp__map queued = {NULL, NULL, 0, 0};
    int rc = RP_OK;

    for (int kind = 0; kind < 2 && rc == RP_OK; kind++) {
        struct pairs *gained = &st->recheck[kind][0], *lost = &st->recheck[kind][1];
        size_t i = 0, j = 0;
        rc = pairs_unique(gained);
        if (rc == RP_OK)
            rc = pairs_unique(lost);
        while ((i < gained->count || j < lost->count) && rc == RP_OK) {
            const uint64_t g = i < gained->count ? gained->v[i] : UINT64_MAX;
            const uint64_t l = j < lost->count ? lost->v[j] : UINT64_MAX;
            const uint64_t k = g < l ? g : l;
            const int in_gained = g == k, in_lost = l == k;
            i += in_gained ? 1u : 0u;
            j += in_lost ? 1u : 0u;
            const int64_t x = (int64_t)(k >> 32), y = (int64_t)(k & 0xFFFFFFFFu);
            int has = 0;
            rc = has_part(b, x, y, kind + 1, kind == 0 ? RP_REL_NEAR_DUPLICATE : -1, &has);
            if (rc < 0 || (has && !in_lost) || (!has && !in_gained))
                continue;
            if (RP__GROW(todo, todo_cap, todo_count + 1) < 0) {
                rc = RP_ENOMEM;
                break;
            }
            todo[todo_count++] = (struct recheck){k, kind, has};
            const int64_t pair[2] = {x, y};
            for (int e = 0; e < 2 && rc == RP_OK; e++) {
                size_t index;
                rc = rp__batch_art(b, pair[e], 1, &index);
                if (rc < 0 || b->arts[index]->has_features ||
                    rp__map_find(&queued, (uint64_t)index) != NULL)
                    continue;
                rc = rp__map_put(&queued, (uint64_t)index, 1, NULL);
                if (rc == RP_OK && RP__GROW(which, wcap, nw + 1) < 0)
                    rc = RP_ENOMEM;
                if (rc == RP_OK)
                    which[nw++] = index;
            }
        }
    }
    if (rc == RP_OK)
        rc = features(b, which, nw);
    for (size_t t = 0; t < todo_count && rc == RP_OK; t++) {
        const int64_t x = (int64_t)(todo[t].key >> 32), y = (int64_t)(todo[t].key & 0xFFFFFFFFu);
        const int kind = todo[t].kind, has = todo[t].has;
        int cand = 0;
        rc = kind == 0 ? dup_candidate(b, x, y, &cand) : reuse_candidate(b, x, y, &cand);
        if (rc == RP_OK && cand && !has)
            rc = add_job(b, &st->jobs, x, y, kind == 0 ? JOB_DUP : JOB_REUSE);
        else if (rc == RP_OK && !cand && has) {
            int cmp;
            rc = rp__batch_cmp(b, x, y, &cmp);
            if (rc == RP_OK)
                rc = set_part(b, cmp < 0 ? x : y, cmp < 0 ? y : x, kind + 1, NULL);
        }
    }
    rp__free(todo);
    rp__free(which);
    rp__map_release(&queued);
    return rc;
}

/* Near-duplicate parts of the representatives that stop being one. */
static int drop_old_reps(struct batch *b, const struct step *st)
{
    int rc = RP_OK;

    for (size_t i = 0; i < st->reps_removed_count && rc == RP_OK; i++) {
        const int64_t aid = st->reps_removed[i];
        sqlite3_stmt *s;
        if (rp__batch_removed(b, aid))
            continue;
        s = rp__store_stmt(b->ix, ST_PARTS_OF);
        if (s == NULL)
            return RP_EIO;
        sqlite3_bind_int64(s, 1, aid);
        int64_t *others = NULL;
        size_t n = 0, cap = 0;
        while ((rc = rp__store_step(b->ix, s, "reading the relations")) == 1) {
            if (sqlite3_column_int(s, 2) != 1)
                continue;
            rp_relation r;
            rc = rp__codec_relation_get(sqlite3_column_blob(s, 4),
                                        (size_t)sqlite3_column_bytes(s, 4), &r);
            if (rc < 0)
                break;
            const int near = r.type == RP_REL_NEAR_DUPLICATE;
            rp__relation_release(&r);
            const int64_t lo = sqlite3_column_int64(s, 0), hi = sqlite3_column_int64(s, 1);
            if (near && push_aid(&others, &n, &cap, lo == aid ? hi : lo) < 0) {
                rc = RP_ENOMEM;
                break;
            }
        }
        sqlite3_reset(s);
        if (rc == RP_ECORRUPT)
            rc = rp__store_fail(b->ix, rc, "'%s': a damaged relation of #%lld", b->ix->path,
                                (long long)aid);
        for (size_t k = 0; k < n && rc >= 0; k++) {
            int cmp;
            rc = rp__batch_cmp(b, aid, others[k], &cmp);
            if (rc == RP_OK)
                rc = set_part(b, cmp < 0 ? aid : others[k], cmp < 0 ? others[k] : aid, 1, NULL);
        }
        rp__free(others);
        if (rc > 0)
            rc = RP_OK;
    }
    return rc;
}

/* ---- inputs --------------------------------------------------------------------------- */

static uint64_t record_hash(const rp_article *a)
{
    XXH3_state_t h;
    const char *const fields[] = {a->title, a->source, a->url};
    const int64_t pub[2] = {a->published, a->published_has_time};

    XXH3_64bits_reset(&h);
    for (size_t i = 0; i < 3; i++) {
        const uint8_t present = fields[i] != NULL;
        XXH3_64bits_update(&h, &present, 1);
        if (present)
            XXH3_64bits_update(&h, fields[i], strlen(fields[i]) + 1);
    }
    XXH3_64bits_update(&h, pub, sizeof(pub));
    XXH3_64bits_update(&h, a->text, a->text_len);
    return XXH3_64bits_digest(&h);
}

/* Sorts the inputs into unchanged, new and new versions (superseding old ones). */
static int classify(struct batch *b, const rp_corpus *c, size_t first, size_t count)
{
    int rc = RP_OK;

    for (size_t k = 0; k < count && rc == RP_OK; k++) {
        const rp_article *in = rp_corpus_get(c, first + k);
        const uint64_t h = record_hash(in);
        sqlite3_stmt *s = rp__store_stmt(b->ix, ST_FIND_ID);
        int64_t old = 0, version = 0;
        size_t i;

        if (s == NULL)
            return RP_EIO;
        sqlite3_bind_text(s, 1, in->id, -1, SQLITE_STATIC);
        rc = rp__store_step(b->ix, s, "looking an id up");
        int same = 0;
        if (rc == 1) {
            old = sqlite3_column_int64(s, 0);
            same = (uint64_t)sqlite3_column_int64(s, 1) == h;
            version = sqlite3_column_int64(s, 2);
        }
        sqlite3_reset(s);
        if (rc < 0)
            break;
        rc = RP_OK;
        b->input_art[k] = NO_INDEX;
        b->input_aid[k] = old;
        if (old != 0 && same) {
            b->input_status[k] = RP_STATUS_UNCHANGED;
            continue;
        }
        if (old != 0 && (b->flags & RP_ADD_REJECT_CHANGED)) {
            rc = rp__store_fail(b->ix, RP_EFORMAT,
                                "article '%s' is in the index with another text or other "
                                "fields (a new version was not asked for)",
                                in->id);
            break;
        }
        if (old != 0) {
            rc = rp__batch_art(b, old, 1, &i);
            if (rc == RP_OK)
                b->arts[i]->state = ART_REMOVED;
        }
        rc = rc < 0 ? rc : new_art(b, b->next_aid++, &i);
        if (rc < 0)
            break;
        struct art *a = b->arts[i];
        int nomem = 0;
        a->state = ART_NEW;
        a->input = first + k;
        a->version = version + 1;
        a->record_hash = h;
        a->a = *in;
        a->a.origin = NULL;
        a->a.id = dup_or_null(in->id, &nomem);
        a->a.title = dup_or_null(in->title, &nomem);
        a->a.source = dup_or_null(in->source, &nomem);
        a->a.url = dup_or_null(in->url, &nomem);
        a->a.text = rp__strndup(in->text, in->text_len);
        a->has_text = a->a.text != NULL;
        if (nomem || a->a.text == NULL)
            rc = RP_ENOMEM;
        else
            rc = put_key(b, a->aid, &a->a);
        b->input_art[k] = i;
        b->input_aid[k] = a->aid;
        b->input_status[k] = old != 0 ? RP_STATUS_NEW_VERSION : RP_STATUS_ADDED;
    }
    return rc;
}

/* ---- writing -------------------------------------------------------------------------- */

static int write_article(struct batch *b, const struct art *a)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_PUT_ARTICLE);
    uint8_t *spans = NULL;
    size_t spans_len = 0;
    int rc;

    if (s == NULL)
        return RP_EIO;
    rc = rp__codec_spans_put(a->spans, a->span_count, &spans, &spans_len);
    if (rc < 0)
        return rc;
    sqlite3_bind_int64(s, 1, a->aid);
    sqlite3_bind_text(s, 2, a->a.id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, a->version);
    sqlite3_bind_int64(s, 4, b->batch_seq);
    sqlite3_bind_int64(s, 5, (int64_t)a->record_hash);
    if (a->a.title != NULL)
        sqlite3_bind_text(s, 6, a->a.title, -1, SQLITE_STATIC);
    if (a->a.source != NULL)
        sqlite3_bind_text(s, 7, a->a.source, -1, SQLITE_STATIC);
    if (a->a.url != NULL)
        sqlite3_bind_text(s, 8, a->a.url, -1, SQLITE_STATIC);
    if (a->a.published != RP_TIME_NONE)
        sqlite3_bind_int64(s, 9, a->a.published);
    sqlite3_bind_int(s, 10, a->a.published_has_time);
    sqlite3_bind_int64(s, 11, (int64_t)a->a.text_len);
    sqlite3_bind_int64(s, 12, (int64_t)a->stats.word_count);
    sqlite3_bind_int64(s, 13, (int64_t)a->stats.sentence_count);
    sqlite3_bind_int64(s, 14, (int64_t)a->stats.paragraph_count);
    sqlite3_bind_int64(s, 15, (int64_t)a->stats.invalid_utf8);
    sqlite3_bind_int64(s, 16, (int64_t)a->content_hash);
    sqlite3_bind_int64(s, 17, (int64_t)a->dup_content);
    sqlite3_bind_blob(s, 18, spans, (int)spans_len, SQLITE_STATIC);
    sqlite3_bind_blob(s, 19, a->words, (int)a->words_len, SQLITE_STATIC);
    rc = rp__store_run(b->ix, s, "adding an article");
    rp__free(spans);
    if (rc < 0)
        return rc;
    s = rp__store_stmt(b->ix, ST_PUT_TEXT);
    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, a->aid);
    sqlite3_bind_blob(s, 2, a->a.text, (int)a->a.text_len, SQLITE_STATIC);
    return rp__store_run(b->ix, s, "adding an article's text");
}

/* The new postings as one run; the aids of the articles that leave. */
static int write_postings(struct batch *b, const struct step *st, int64_t *delta)
{
    uint64_t *grams = rp__malloc((st->ch_count + 1) * sizeof(*grams));
    int64_t *aids = rp__malloc((st->ch_count + 1) * sizeof(*aids));
    int64_t *gone = rp__malloc((b->art_count + 1) * sizeof(*gone));
    size_t n = 0, ngone = 0;
    int rc = grams == NULL || aids == NULL || gone == NULL ? RP_ENOMEM : RP_OK;

    for (size_t i = 0; i < st->ch_count && rc == RP_OK; i++) {
        if (st->ch[i].sign > 0) {
            grams[n] = st->ch[i].key;
            aids[n++] = st->ch[i].aid;
        }
        *delta += st->ch[i].sign;
    }
    for (size_t i = 0; i < b->art_count && rc == RP_OK; i++)
        if (b->arts[i]->state == ART_REMOVED)
            gone[ngone++] = b->arts[i]->aid;
    if (rc == RP_OK)
        rc = rp__postings_write(b->ix, grams, aids, n, gone, ngone);
    rp__free(grams);
    rp__free(aids);
    rp__free(gone);
    return rc;
}

static int write_band(struct batch *b, enum stmt which, unsigned band, uint64_t key, int64_t aid)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, which);

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int(s, 1, (int)band + 1);
    sqlite3_bind_int64(s, 2, (int64_t)key);
    sqlite3_bind_int64(s, 3, aid);
    return rp__store_run(b->ix, s, "writing the LSH bands");
}

static int write_changes(struct batch *b)
{
    int rc = RP_OK;

    for (size_t i = 0; i < b->change_count && rc == RP_OK; i++) {
        const struct change *c = &b->changes[i];
        if (rp__batch_removed(b, c->lo) || rp__batch_removed(b, c->hi))
            continue;
        for (int p = 1; p <= PHASES && rc == RP_OK; p++) {
            sqlite3_stmt *s;
            if (c->part[p - 1] != NULL) {
                uint8_t *blob;
                size_t len;
                rc = rp__codec_relation_put(c->part[p - 1], &blob, &len);
                if (rc < 0)
                    break;
                s = rp__store_stmt(b->ix, ST_PUT_PART);
                if (s == NULL) {
                    rp__free(blob);
                    return RP_EIO;
                }
                sqlite3_bind_int64(s, 1, c->lo);
                sqlite3_bind_int64(s, 2, c->hi);
                sqlite3_bind_int(s, 3, p);
                sqlite3_bind_int(s, 4, c->flip[p - 1]);
                sqlite3_bind_int(s, 5, c->part[p - 1]->type);
                sqlite3_bind_blob(s, 6, blob, (int)len, SQLITE_STATIC);
                rc = rp__store_run(b->ix, s, "writing a relation");
                rp__free(blob);
            } else if (c->dropped & (1u << (p - 1))) {
                s = rp__store_stmt(b->ix, ST_DEL_PART);
                if (s == NULL)
                    return RP_EIO;
                sqlite3_bind_int64(s, 1, c->lo);
                sqlite3_bind_int64(s, 2, c->hi);
                sqlite3_bind_int(s, 3, p);
                rc = rp__store_run(b->ix, s, "dropping a relation");
            }
        }
    }
    return rc;
}

struct band_row {
    unsigned band;
    uint64_t key;
    int64_t aid;
};

/* The order of the band table's key: band, key as the signed integer stored, aid. */
static int cmp_band_row(const void *x, const void *y)
{
    const struct band_row *a = x, *b = y;

    if (a->band != b->band)
        return a->band < b->band ? -1 : 1;
    if (a->key != b->key)
        return (int64_t)a->key < (int64_t)b->key ? -1 : 1;
    return a->aid < b->aid ? -1 : a->aid > b->aid;
}

/* The rows of the articles that come and go, and their texts. */
static int write_articles(struct batch *b)
{
    int rc = RP_OK;

    for (size_t i = 0; i < b->art_count && rc == RP_OK; i++) {
        const struct art *a = b->arts[i];
        if (a->state == ART_REMOVED && a->refurnished) { /* made again under a new aid */
            sqlite3_stmt *s = rp__store_stmt(b->ix, ST_DEL_ARTICLE);
            if (s == NULL)
                return RP_EIO;
            sqlite3_bind_int64(s, 1, a->aid);
            rc = rp__store_run(b->ix, s, "dropping an article");
            s = rc == RP_OK ? rp__store_stmt(b->ix, ST_DEL_TEXT) : NULL;
            if (rc == RP_OK && s == NULL)
                return RP_EIO;
            if (rc == RP_OK) {
                sqlite3_bind_int64(s, 1, a->aid);
                rc = rp__store_run(b->ix, s, "dropping an article's text");
            }
        } else if (a->state == ART_REMOVED) {
            sqlite3_stmt *s = rp__store_stmt(b->ix, ST_SUPERSEDE);
            if (s == NULL)
                return RP_EIO;
            sqlite3_bind_int64(s, 1, a->aid);
            rc = rp__store_run(b->ix, s, "superseding an article");
        }
        if (a->state == ART_REMOVED) {
            if (rc == RP_OK) {
                sqlite3_stmt *s = rp__store_stmt(b->ix, ST_DEL_PARTS_OF);
                if (s == NULL)
                    return RP_EIO;
                sqlite3_bind_int64(s, 1, a->aid);
                rc = rp__store_run(b->ix, s, "dropping relations");
            }
        } else if (a->state == ART_NEW) {
            rc = write_article(b, a);
        }
    }
    return rc;
}

/* New band rows go to band_recent, small enough that a batch's rows dirty few of its pages,
 * and move to band in one ordered pass once they are an eighth of all: each row of band
 * carries the key of a random bucket, so a batch that wrote to it wrote most of its pages
 * (at 1,000,000 articles, 2,500 articles' 70,000 rows made 600 MB of write-ahead log out of a
 * table of 580 MB). 'change' is this batch's rows added less removed. */
static int merge_bands(struct batch *b, int64_t change)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_BANDS_RECENT);
    int64_t recent = 0, all = 0;
    int rc;

    if (s == NULL)
        return RP_EIO;
    rc = rp__store_step(b->ix, s, "counting the LSH bands");
    if (rc == 1)
        recent = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc >= 0)
        rc = rp__store_meta_int(b->ix, "bands", 0, &all);
    if (rc < 0)
        return rc;
    if (recent == 0 || recent * 8 < all + change)
        return RP_OK;
    rc = rp__store_exec(b->ix, "INSERT INTO band (band, bkey, aid) SELECT band, bkey, aid "
                               "FROM band_recent ORDER BY band, bkey, aid");
    return rc < 0 ? rc : rp__store_exec(b->ix, "DELETE FROM band_recent");
}

/* The band rows of the representatives that come and go; *bands: rows added less removed. */
static int write_bands(struct batch *b, const struct step *st, int64_t *bands)
{
    int rc = RP_OK;

    for (size_t i = 0; i < st->reps_removed_count && rc == RP_OK; i++) {
        const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)st->reps_removed[i]);
        const struct art *a = b->arts[*v];
        for (unsigned k = 0; k < b->ix->bands && rc == RP_OK; k++) {
            rc = write_band(b, ST_DEL_BAND, k, a->bkeys[k], a->aid);
            if (rc == RP_OK)
                rc = write_band(b, ST_DEL_BAND_RECENT, k, a->bkeys[k], a->aid);
        }
        *bands -= b->ix->bands;
    }
    /* the new band rows in key order, so that the B-tree takes them a page at a time rather
     * than each in a random page */
    struct band_row *rows = NULL;
    const size_t nrows = st->reps_added_count * b->ix->bands;
    if (rc == RP_OK && nrows > 0 && (rows = rp__malloc(nrows * sizeof(*rows))) == NULL)
        rc = RP_ENOMEM;
    for (size_t i = 0, n = 0; i < st->reps_added_count && rc == RP_OK; i++) {
        const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)st->reps_added[i]);
        const struct art *a = b->arts[*v];
        for (unsigned k = 0; k < b->ix->bands; k++)
            rows[n++] = (struct band_row){k, a->bkeys[k], a->aid};
        *bands += b->ix->bands;
    }
    if (rc == RP_OK && nrows > 1)
        qsort(rows, nrows, sizeof(*rows), cmp_band_row);
    for (size_t i = 0; i < nrows && rc == RP_OK; i++)
        rc = write_band(b, ST_PUT_BAND, rows[i].band, rows[i].key, rows[i].aid);
    rp__free(rows);
    if (rc == RP_OK)
        rc = merge_bands(b, *bands);
    return rc;
}

/* Writes everything the batch changed, but the relations (write_changes) and the stories
 * (stories.c writes those). */
static int write_all(struct batch *b, const struct step *st)
{
    int64_t postings = 0, bands = 0;
    int rc = TIMED(b->ix, RP_STEP_ARTICLES, write_articles(b));

    /* the new postings in (gram, aid) order, as postings() left them, make a run; the
     * articles that leave take theirs with them */
    if (rc == RP_OK)
        rc = write_postings(b, st, &postings);
    if (rc == RP_OK)
        rc = TIMED(b->ix, RP_STEP_BANDS, write_bands(b, st, &bands));
    /* the counts of the two largest tables, so that statistics need not count them */
    int64_t v;
    if (rc == RP_OK)
        rc = rp__store_meta_int(b->ix, "postings", 0, &v);
    if (rc == RP_OK)
        rc = rp__store_meta_set(b->ix, "postings", v + postings);
    if (rc == RP_OK)
        rc = rp__store_meta_int(b->ix, "bands", 0, &v);
    if (rc == RP_OK)
        rc = rp__store_meta_set(b->ix, "bands", v + bands);
    return rc;
}

struct verifier {
    struct run_ctx *ctx;
    int rc;
};

static void *verify_thread(void *user)
{
    struct verifier *v = user;

    v->rc = run_compute(v->ctx);
    return NULL;
}

/* The verifications and, for an add, the writes that do not wait for them (articles,
 * postings, bands) at the same time: the file is written by this thread alone while the
 * others verify. */
static int verify_and_write(struct batch *b, const struct step *st, struct run_ctx *ctx, int write)
{
    struct verifier v = {ctx, RP_OK};
    pthread_t t;
    int rc;

    if (!write)
        return run_compute(ctx);
    if (ctx->run_count == 0 || pthread_create(&t, NULL, verify_thread, &v) != 0) {
        rc = run_compute(ctx);
        return rc == RP_OK ? write_all(b, st) : rc;
    }
    rc = write_all(b, st);
    pthread_join(t, NULL);
    return v.rc < 0 ? v.rc : rc;
}

/* ---- the batch ------------------------------------------------------------------------ */

void rp__batch_release(struct batch *b)
{
    for (size_t i = 0; i < b->art_count; i++) {
        art_release(b->arts[i]);
        rp__free(b->arts[i]);
    }
    rp__free(b->arts);
    rp__map_release(&b->by_aid);
    rp__keys_release(&b->keys);
    rp__free(b->input_art);
    rp__free(b->input_status);
    rp__free(b->input_aid);
    rp__stories_release(b);
    for (size_t i = 0; i < b->change_count; i++)
        change_release(&b->changes[i]);
    rp__free(b->changes);
    rp__map_release(&b->change_of);
    rp__free(b->parts);
    for (size_t i = 0; i < b->list_count; i++)
        rp__free(b->lists[i].aids);
    rp__free(b->lists);
    rp__free(b->touched_gram);
    rp__free(b->touched_list);
    rp__map_release(&b->gram_list);
    rp__map_release(&b->bucket_list);
    rp_corpus_free(b->work);
    rp__free(b->work_art);
}

static void step_release(struct step *st, rp_index *ix)
{
    rp__free(ix->keep[KEEP_CHANGES]); /* NULL: the batch took it at its start */
    ix->keep[KEEP_CHANGES] = st->ch;
    ix->keep_cap[KEEP_CHANGES] = st->ch_cap;
    for (int k = 0; k < 4; k++)
        rp__free(st->recheck[k / 2][k % 2].v);
    rp__free(st->reps_added);
    rp__free(st->reps_removed);
    jobs_release(&st->jobs);
}

/* The relation of (lo, hi) after the batch into the records, once. */
static int record_pair(struct batch *b, rp_records *r, struct rp__map *seen, int64_t lo, int64_t hi)
{
    rp_relation rel;
    size_t ia = 0, ib = 0, xa, xb;
    int flip, found, rc;

    if (rp__map_find(seen, pair_key(lo, hi)) != NULL)
        return RP_OK;
    rc = rp__map_put(seen, pair_key(lo, hi), 1, NULL);
    if (rc == RP_OK)
        rc = rp__batch_relation(b, lo, hi, &rel, &flip, &found);
    if (rc < 0 || !found)
        return rc;
    const int64_t a_aid = flip ? hi : lo, b_aid = flip ? lo : hi;
    rc = rp__batch_art(b, a_aid, 1, &xa);
    if (rc == RP_OK)
        rc = rp__batch_art(b, b_aid, 1, &xb);
    if (rc == RP_OK)
        rc = rp__records_put(r, a_aid, &b->arts[xa]->a, 1, &ia);
    if (rc == RP_OK)
        rc = rp__records_put(r, b_aid, &b->arts[xb]->a, 1, &ib);
    rel.a = ia;
    rel.b = ib;
    if (rc == RP_OK)
        rc = rp__records_add_relation(r, &rel);
    rp__relation_release(&rel);
    return rc;
}

/* What the index holds about an article a query finds unchanged: its relations. */
static int record_held(struct batch *b, rp_records *r, struct rp__map *seen, int64_t aid)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_PARTS_OF);
    int64_t *pairs = NULL;
    size_t n = 0, cap = 0;
    int rc;

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, aid);
    while ((rc = rp__store_step(b->ix, s, "reading the relations")) == 1) {
        if (RP__GROW(pairs, cap, n + 2) < 0) {
            rc = RP_ENOMEM;
            break;
        }
        pairs[n++] = sqlite3_column_int64(s, 0);
        pairs[n++] = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    for (size_t k = 0; k + 1 < n && rc >= 0; k += 2)
        rc = record_pair(b, r, seen, pairs[k], pairs[k + 1]);
    rp__free(pairs);
    return rc < 0 ? rc : RP_OK;
}

/* The story of an article into the records, once. */
static int record_story(struct batch *b, rp_records *r, struct rp__map *stories, int64_t aid,
                        int64_t sid)
{
    int rc = RP_OK;

    if (sid == 0) { /* not placed by the batch: the story the file holds */
        sqlite3_stmt *s = rp__store_stmt(b->ix, ST_MEMBER);
        if (s == NULL)
            return RP_EIO;
        sqlite3_bind_int64(s, 1, aid);
        rc = rp__store_step(b->ix, s, "reading a story member");
        const int64_t held = rc == 1 ? sqlite3_column_int64(s, 0) : 0;
        sqlite3_reset(s);
        if (rc < 0 || held == 0 || rp__map_find(stories, (uint64_t)held) != NULL)
            return rc < 0 ? rc : RP_OK;
        rc = rp__map_put(stories, (uint64_t)held, 1, NULL);
        return rc < 0 ? rc : rp__export_story(b, held, r);
    }
    if (rp__map_find(stories, (uint64_t)sid) != NULL)
        return RP_OK;
    rc = rp__map_put(stories, (uint64_t)sid, 1, NULL);
    return rc < 0 ? rc : rp__stories_record(b, sid, r);
}

/* The records of a batch: its articles, their relations and their stories (for a query,
 * those of the articles the index holds unchanged too). */
static int make_records(struct batch *b, rp_records **out)
{
    rp_records *r;
    struct rp__map stories = {NULL, NULL, 0, 0}, seen = {NULL, NULL, 0, 0};
    int rc = rp__records_new(&r);

    if (rc < 0)
        return rc;
    for (size_t k = 0; k < b->input_count && rc == RP_OK; k++) {
        size_t i = b->input_art[k], index;
        if (i == NO_INDEX) { /* unchanged: the record of the version in the index */
            rc = rp__batch_art(b, b->input_aid[k], 1, &i);
            if (rc == RP_OK && b->query)
                rc = record_held(b, r, &seen, b->input_aid[k]);
            if (rc < 0)
                break;
        }
        const struct art *a = b->arts[i];
        rc = rp__records_put(r, a->aid, &a->a, 1, &index);
        if (rc == RP_OK) {
            rp_article_info info;
            memset(&info, 0, sizeof(info));
            info.stats = a->stats;
            info.boilerplate = a->spans;
            info.boilerplate_count = a->span_count;
            info.content_hash = a->content_hash;
            rc = rp__records_add_record(r, index, &info, b->input_status[k]);
        }
    }
    /* relations of the new articles: every pair with a change that has one of them */
    for (size_t c = 0; c < b->change_count && rc == RP_OK; c++)
        if (is_input(b, b->changes[c].lo) || is_input(b, b->changes[c].hi))
            rc = record_pair(b, r, &seen, b->changes[c].lo, b->changes[c].hi);
    for (size_t k = 0; k < b->input_count && rc == RP_OK; k++) {
        const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)b->input_aid[k]);
        const struct art *a = v != NULL ? b->arts[*v] : NULL;
        if (a != NULL && (a->state == ART_NEW || b->query) && (b->o->detect & RP_DETECT_STORIES))
            rc = record_story(b, r, &stories, a->aid, a->sid);
    }
    rp__map_release(&stories);
    rp__map_release(&seen);
    if (rc < 0) {
        rp_records_free(r);
        return rc;
    }
    rp__records_sort(r);
    *out = r;
    return RP_OK;
}

int rp__batch_settles(const struct batch *b)
{
    int64_t after = b->current_before;

    for (size_t i = 0; i < b->art_count; i++)
        after += b->arts[i]->state == ART_NEW ? 1 : b->arts[i]->state == ART_REMOVED ? -1 : 0;
    return (b->flags & RP_ADD_SETTLE) ||
           (!(b->flags & RP_ADD_NO_SETTLE) && after <= RP__SETTLE_LIMIT);
}

int rp__batch_current(struct batch *b, int with_new, int64_t **out, size_t *count)
{
    sqlite3_stmt *s = NULL;
    int64_t *aids = NULL;
    size_t n = 0, cap = 0;
    int src, rc;

    *out = NULL;
    *count = 0;
    src = sqlite3_prepare_v2(b->ix->db, "SELECT aid FROM article WHERE current = 1 ORDER BY aid",
                             -1, &s, NULL);
    if (src != SQLITE_OK)
        return rp__store_sql_fail(b->ix, src, "reading the articles");
    while ((rc = rp__store_step(b->ix, s, "reading the articles")) == 1) {
        const int64_t aid = sqlite3_column_int64(s, 0);
        if (rp__batch_removed(b, aid))
            continue;
        if (RP__GROW(aids, cap, n + 1) < 0) {
            rc = RP_ENOMEM;
            break;
        }
        aids[n++] = aid;
    }
    sqlite3_finalize(s);
    for (size_t i = 0; i < b->art_count && rc == RP_OK && with_new; i++)
        if (b->arts[i]->state == ART_NEW) {
            if (RP__GROW(aids, cap, n + 1) < 0)
                rc = RP_ENOMEM;
            else
                aids[n++] = b->arts[i]->aid;
        }
    if (rc < 0) {
        rp__free(aids);
        return rc;
    }
    *out = aids;
    *count = n;
    return RP_OK;
}

void rp__batch_docs(const struct batch *b, const rp_corpus *c, unsigned threads, void *ctx,
                    struct rp__docs *d)
{
    memset(d, 0, sizeof(*d));
    d->corpus = c;
    d->count = rp_corpus_count(c);
    d->opt = b->o;
    d->thread_count = threads;
    d->ctx = ctx;
}

/* The furniture the boilerplate detector flags, per article of the corpus it runs on. */
struct furniture {
    rp_token **spans;
    size_t *count;
};

static int docs_furniture(const struct rp__docs *d, size_t i, const rp_token *spans, size_t count)
{
    struct furniture *f = d->ctx;

    rp__free(f->spans[i]);
    f->spans[i] = NULL;
    f->count[i] = count;
    if (count == 0)
        return RP_OK;
    f->spans[i] = rp__calloc(count, sizeof(*spans));
    if (f->spans[i] == NULL)
        return RP_ENOMEM;
    memcpy(f->spans[i], spans, count * sizeof(*spans));
    return RP_OK;
}

static int same_spans(const rp_token *x, size_t nx, const rp_token *y, size_t ny)
{
    if (nx != ny)
        return 0;
    for (size_t k = 0; k < nx; k++)
        if (x[k].start != y[k].start || x[k].end != y[k].end)
            return 0;
    return 1;
}

/* Old article arts[i] again under a new aid, with other furniture (spans, owned, taken). */
static int refurnish_one(struct batch *b, size_t i, rp_token *spans, size_t count)
{
    struct art *old = b->arts[i], *a;
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_FIND_ID);
    size_t k;
    int rc, nomem = 0;

    if (s == NULL) {
        rp__free(spans);
        return RP_EIO;
    }
    rc = new_art(b, b->next_aid++, &k);
    if (rc < 0) {
        rp__free(spans);
        return rc;
    }
    old = b->arts[i];
    a = b->arts[k];
    a->spans = spans;
    a->span_count = count;
    a->spans_set = 1;
    sqlite3_bind_text(s, 1, old->a.id, -1, SQLITE_STATIC);
    rc = rp__store_step(b->ix, s, "looking an id up");
    if (rc == 1) {
        a->record_hash = (uint64_t)sqlite3_column_int64(s, 1);
        a->version = sqlite3_column_int64(s, 2);
        rc = RP_OK;
    } else if (rc == 0) {
        rc = rp__store_fail(b->ix, RP_ECORRUPT, "'%s': article '%s' is not current", b->ix->path,
                            old->a.id);
    }
    sqlite3_reset(s);
    if (rc < 0)
        return rc;
    old->state = ART_REMOVED;
    old->refurnished = 1;
    a->state = ART_NEW;
    a->refurnished = 1;
    a->input = SIZE_MAX;
    a->a = old->a;
    a->a.origin = NULL;
    a->a.id = dup_or_null(old->a.id, &nomem);
    a->a.title = dup_or_null(old->a.title, &nomem);
    a->a.source = dup_or_null(old->a.source, &nomem);
    a->a.url = dup_or_null(old->a.url, &nomem);
    a->a.text = rp__strndup(old->a.text, old->a.text_len);
    a->has_text = a->a.text != NULL;
    if (nomem || a->a.text == NULL)
        return RP_ENOMEM;
    return put_key(b, a->aid, &a->a);
}

/* A settling batch flags furniture as a scan does, over every current article: furniture
 * found by repetition across articles depends on all of them. The new articles take what it
 * flags; an old article whose furniture changes is made again under a new aid (its row goes,
 * its postings, bands and relations with it), as if it were added now. */
static int refurnish(struct batch *b)
{
    int64_t *aids = NULL;
    size_t *art = NULL, n = 0;
    struct furniture f = {NULL, NULL};
    rp_corpus *c = NULL;
    int rc = rp__batch_current(b, 1, &aids, &n);

    if (rc < 0)
        goto out;
    art = rp__calloc(n + 1, sizeof(*art));
    f.spans = rp__calloc(n + 1, sizeof(*f.spans));
    f.count = rp__calloc(n + 1, sizeof(*f.count));
    rc = art == NULL || f.spans == NULL || f.count == NULL ? RP_ENOMEM : rp_corpus_new(&c);
    for (size_t k = 0; k < n && rc == RP_OK; k++) {
        rc = rp__batch_art(b, aids[k], 1, &art[k]);
        if (rc == RP_OK)
            rc = rp__corpus_put(c, &b->arts[art[k]]->a);
    }
    if (rc == RP_OK) {
        struct rp__docs d;
        rp__batch_docs(b, c, b->o->thread_count == 0 ? rp__cores() : b->o->thread_count, &f, &d);
        d.set_boilerplate = docs_furniture;
        rc = rp__boilerplate_find(&d);
    }
    for (size_t k = 0; k < n && rc == RP_OK; k++) {
        struct art *a = b->arts[art[k]];
        if (a->state == ART_NEW) {
            rp__free(a->spans);
            a->spans = f.spans[k];
            a->span_count = f.count[k];
            a->spans_set = 1; /* features_of() keeps them */
            f.spans[k] = NULL;
        } else if (!same_spans(a->spans, a->span_count, f.spans[k], f.count[k])) {
            rc = refurnish_one(b, art[k], f.spans[k], f.count[k]);
            f.spans[k] = NULL;
        }
    }
out:
    for (size_t k = 0; k < n && f.spans != NULL; k++)
        rp__free(f.spans[k]);
    rp__free(f.spans);
    rp__free(f.count);
    rp__free(aids);
    rp__free(art);
    rp_corpus_free(c);
    return rc;
}

int rp__batch_run(rp_index *ix, const rp_corpus *c, size_t first, size_t count, unsigned flags,
                  int write, rp_records **out)
{
    struct batch b;
    struct step st;
    struct run_ctx rx;
    size_t *fresh = NULL, nf = 0;
    int64_t v;
    int rc;

    *out = NULL;
    memset(&b, 0, sizeof(b));
    memset(&st, 0, sizeof(st));
    st.ch = ix->keep[KEEP_CHANGES]; /* the last batch's array, its pages already there */
    st.ch_cap = ix->keep_cap[KEEP_CHANGES];
    ix->keep[KEEP_CHANGES] = NULL;
    ix->keep_cap[KEEP_CHANGES] = 0;
    memset(&rx, 0, sizeof(rx));
    b.ix = ix;
    b.write = write;
    b.query = !write;
    b.flags = flags;
    b.o = &ix->opt;
    b.input_count = count;
    b.input_art = rp__calloc(count + 1, sizeof(*b.input_art));
    b.input_status = rp__calloc(count + 1, sizeof(*b.input_status));
    b.input_aid = rp__calloc(count + 1, sizeof(*b.input_aid));
    rc = b.input_art == NULL || b.input_status == NULL || b.input_aid == NULL
             ? RP_ENOMEM
             : rp_corpus_new(&b.work);
    if (rc == RP_OK)
        rc = rp__store_begin(ix, write);
    if (rc < 0)
        goto out;
    rc = rp__store_meta_int(ix, "batches", 0, &b.batch_seq);
    b.batch_seq++;
    if (rc == RP_OK)
        rc = rp__store_meta_int(ix, "articles", 0, &b.current_before);
    sqlite3_stmt *s = rc == RP_OK ? rp__store_stmt(ix, ST_MAX_AID) : NULL;
    if (rc == RP_OK && s == NULL)
        rc = RP_EIO;
    if (rc == RP_OK && (rc = rp__store_step(ix, s, "reading the index")) == 1) {
        b.next_aid = b.first_new_aid = sqlite3_column_int64(s, 0) + 1;
        rc = RP_OK;
    }
    if (s != NULL)
        sqlite3_reset(s);
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_CLASSIFY, classify(&b, c, first, count));
    if (rc == RP_OK && (b.art_count > 0 || (flags & RP_ADD_SETTLE)) &&
        (ix->opt.detect & RP_DETECT_BOILERPLATE) && rp__batch_settles(&b))
        rc = TIMED(ix, RP_STEP_FURNITURE, refurnish(&b));
    if (rc < 0)
        goto out;
    /* features of the new and the superseded articles, on every thread */
    fresh = rp__calloc(b.art_count + 1, sizeof(*fresh));
    if (fresh == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < b.art_count; i++)
        if (b.arts[i]->state != ART_OLD)
            fresh[nf++] = i;
    /* a batch of unchanged articles changes nothing, not even the count of batches */
    if (nf == 0 && !(flags & RP_ADD_SETTLE))
        b.write = write = 0;
    rc = TIMED(ix, RP_STEP_FEATURES, features(&b, fresh, nf));
    if (rc == RP_OK && (nf > 0 || (flags & RP_ADD_SETTLE)))
        rc = TIMED(ix, RP_STEP_CLASSES, classes(&b, &st));
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_CLASSES, drop_old_reps(&b, &st));
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_BUCKETS, buckets(&b, &st));
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_POSTINGS, postings(&b, &st));
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_POSTINGS, reuse_candidates(&b, &st));
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_RECHECKS, rechecks(&b, &st));
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_VERIFY, run_prepare(&b, &st.jobs, &rx));
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_VERIFY, verify_and_write(&b, &st, &rx, write));
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_VERIFY, run_finish(&b, &st.jobs, &rx));
    run_release(&rx); /* the analyses: the stories read words, not texts */
    if (rc == RP_OK && write)
        rc = TIMED(ix, RP_STEP_WRITE, write_changes(&b));
    if (rc == RP_OK && (nf > 0 || (flags & RP_ADD_SETTLE)))
        rc = TIMED(ix, RP_STEP_STORIES, rp__stories_place(&b));
    v = b.current_before;
    for (size_t i = 0; i < b.art_count; i++)
        v += b.arts[i]->state == ART_NEW ? 1 : b.arts[i]->state == ART_REMOVED ? -1 : 0;
    if (rc == RP_OK && write)
        rc = rp__store_meta_set(ix, "articles", v);
    if (rc == RP_OK && write)
        rc = rp__store_meta_set(ix, "batches", b.batch_seq);
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_RECORDS, make_records(&b, out));
    if (rc == RP_OK && write)
        rc = TIMED(ix, RP_STEP_COMMIT, rp__store_commit(ix));
    else
        rp__store_rollback(ix);
    if (rc < 0 && *out != NULL) {
        rp_records_free(*out);
        *out = NULL;
    }
out:
    rp__store_rollback(ix);
    run_release(&rx);
    rp__free(fresh);
    step_release(&st, ix);
    rp__batch_release(&b);
    return rc;
}

int rp__batch_upgrade_words(rp_index *ix)
{
    enum { AT_ONCE = 1000 };
    sqlite3_stmt *s = NULL, *u = NULL;
    int64_t aids[AT_ONCE], last = 0;
    struct rp_text t;
    size_t n;
    int rc = RP_OK, src;

    memset(&t, 0, sizeof(t));
    src = sqlite3_prepare_v2(ix->db, "SELECT aid FROM article WHERE aid > ?1 ORDER BY aid LIMIT ?2",
                             -1, &s, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_prepare_v2(ix->db, "UPDATE article SET words_at = ?2 WHERE aid = ?1", -1, &u,
                                 NULL);
    if (src != SQLITE_OK)
        rc = rp__store_sql_fail(ix, src, "upgrading the index");
    /* a thousand at a time, read as a batch reads them: no statement runs while rows change */
    do {
        struct batch b;
        memset(&b, 0, sizeof(b)); /* released whatever happens */
        n = 0;
        sqlite3_bind_int64(s, 1, last);
        sqlite3_bind_int(s, 2, AT_ONCE);
        while (rc == RP_OK && (rc = rp__store_step(ix, s, "upgrading the index")) == 1) {
            aids[n++] = last = sqlite3_column_int64(s, 0);
            rc = RP_OK;
        }
        sqlite3_reset(s);
        if (rc == RP_OK)
            rc = rp__batch_init(&b, ix);
        for (size_t i = 0, k; i < n && rc == RP_OK; i++) {
            rc = rp__batch_art(&b, aids[i], 1, &k);
            if (rc == RP_OK)
                rc = analyze(b.arts[k], &t);
            if (rc == RP_OK)
                rc = words_of(b.arts[k], &t);
            if (rc == RP_OK) {
                sqlite3_bind_int64(u, 1, aids[i]);
                sqlite3_bind_blob(u, 2, b.arts[k]->words, (int)b.arts[k]->words_len, SQLITE_STATIC);
                rc = rp__store_run(ix, u, "upgrading the index");
            }
        }
        rp__batch_release(&b);
    } while (rc == RP_OK && n == AT_ONCE);
    rp__text_release(&t);
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    return rc;
}

int rp__batch_init(struct batch *b, rp_index *ix)
{
    memset(b, 0, sizeof(*b));
    b->ix = ix;
    b->o = &ix->opt;
    return rp_corpus_new(&b->work);
}
