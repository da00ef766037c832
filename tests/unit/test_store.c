/* test_store.c: the persistent index on hand-made corpora: a batch, many batches and another
 * order give a scan's relations and stories; re-adding changes nothing; new versions;
 * queries; story ids that persist and resolve after merges; foreign, damaged and newer files
 * refused; failed allocations; a reader while a writer adds. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reprint.h"
#include "../../lib/store/map.h"
#include "../../lib/store/store.h"
#include "../../lib/text/docs.h"

/* ---- corpora ------------------------------------------------------------------------- */

static uint64_t rnd_state;

static unsigned rnd(unsigned n)
{
    rnd_state ^= rnd_state >> 12;
    rnd_state ^= rnd_state << 25;
    rnd_state ^= rnd_state >> 27;
    return (unsigned)((rnd_state * UINT64_C(2685821657736338717)) >> 33) % n;
}

static const char *const vocabulary[] = {
    "council", "river",  "bridge",  "minister", "harbour", "election", "storm",  "market",
    "school",  "police", "budget",  "festival", "court",   "hospital", "train",  "airport",
    "union",   "strike", "museum",  "village",  "mayor",   "station",  "forest", "factory",
    "ferry",   "tunnel", "drought", "harvest",  "protest", "senate",   "quarry", "glacier",
};

/* Appends n sentences of pseudo-random words to buf. */
static void sentences(char *buf, size_t cap, int n)
{
    size_t len = strlen(buf);

    for (int s = 0; s < n; s++) {
        for (int w = 0; w < 10; w++)
            len += (size_t)snprintf(buf + len, cap - len, "%s%s%u", w ? " " : "",
                                    vocabulary[rnd(32)], rnd(300));
        len += (size_t)snprintf(buf + len, cap - len, ". ");
    }
}

struct spec {
    char id[32];
    char text[16384];
    char published[32];
};

/* A corpus where the candidate rules bind: passages shared by 3, 18 and 30 articles (more
 * than 16 articles pair only the first 8; with df_cap 25 the last one pairs none), 70 small
 * edits of one text (LSH buckets of more than 64 form chains), and exact duplicates with
 * other dates, spacing and case (their representative changes with what is added). */
static size_t made_up(struct spec *v, size_t cap)
{
    static const int family[] = {3, 18, 30};
    char shared[3][2048], base[4096];
    size_t n = 0;

    rnd_state = 0x9e3779b97f4a7c15u;
    for (int f = 0; f < 3; f++) {
        shared[f][0] = '\0';
        sentences(shared[f], sizeof(shared[f]), 3);
    }
    base[0] = '\0';
    sentences(base, sizeof(base), 12);
    for (int f = 0; f < 3; f++)
        for (int i = 0; i < family[f] && n < cap; i++, n++) {
            struct spec *s = &v[n];
            snprintf(s->id, sizeof(s->id), "f%d-%02d", f, i);
            s->text[0] = '\0';
            sentences(s->text, sizeof(s->text), 2);
            strcat(s->text, "\n\n");
            strcat(s->text, shared[f]);
            strcat(s->text, "\n\n");
            sentences(s->text, sizeof(s->text), 2);
            s->published[0] = '\0';
            if (rnd(2))
                snprintf(s->published, sizeof(s->published), "2023-09-%02dT%02d:00:00Z",
                         1 + rnd(20), rnd(24));
        }
    for (int i = 0; i < 70 && n < cap; i++, n++) {
        struct spec *s = &v[n];
        char *w[200];
        char copy[4096];
        size_t nw = 0;
        snprintf(s->id, sizeof(s->id), "n-%02d", i);
        snprintf(copy, sizeof(copy), "%s", base);
        for (char *t = strtok(copy, " "); t != NULL && nw < 200; t = strtok(NULL, " "))
            w[nw++] = t;
        const unsigned x = rnd((unsigned)nw), y = rnd((unsigned)nw);
        s->text[0] = '\0';
        for (size_t k = 0; k < nw; k++) {
            strcat(s->text, k ? " " : "");
            strcat(s->text, k == x || k == y ? vocabulary[rnd(32)] : w[k]);
        }
        s->published[0] = '\0';
    }
    for (int i = 0; i < 5 && n < cap; i++, n++) {
        struct spec *s = &v[n];
        snprintf(s->id, sizeof(s->id), "x-%d", i);
        snprintf(s->text, sizeof(s->text), "%s%s", shared[0], i % 2 ? "  " : "");
        if (i == 3)
            for (char *p = s->text; *p; p++)
                *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        s->published[0] = '\0';
        if (i > 0)
            snprintf(s->published, sizeof(s->published), "2023-10-0%dT10:00:00Z", 6 - i);
    }
    return n;
}

/* The articles of v in the given order (NULL: as they are) in a new corpus. */
static rp_corpus *corpus_of(const struct spec *v, size_t n, const size_t *order)
{
    rp_corpus *c;

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    for (size_t k = 0; k < n; k++) {
        const struct spec *s = &v[order != NULL ? order[k] : k];
        rp_article a = {0};
        a.id = s->id;
        a.text = s->text;
        a.text_len = strlen(s->text);
        a.published = RP_TIME_NONE;
        if (s->published[0] != '\0')
            cr_assert_eq(rp_time_parse(s->published, strlen(s->published), &a.published,
                                       &a.published_has_time),
                         RP_OK);
        cr_assert_eq(rp_corpus_add(c, &a), RP_OK);
    }
    return c;
}

/* ---- comparing outcomes -------------------------------------------------------------- */

struct lines {
    char **v;
    size_t count, cap;
};

static void line_add(struct lines *l, const char *s)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = realloc(l->v, l->cap * sizeof(*l->v));
        cr_assert_not_null(l->v);
    }
    l->v[l->count++] = strdup(s);
}

static void relation_line(struct lines *l, const rp_corpus *c, const rp_relation *r)
{
    char buf[4096];
    size_t len =
        (size_t)snprintf(buf, sizeof(buf), "rel %s %s %d %.9f %.9f %.9f %.9f %.9f %d",
                         rp_corpus_get(c, r->a)->id, rp_corpus_get(c, r->b)->id, r->type, r->score,
                         r->a_share, r->b_share, r->jaccard, r->containment, r->direction);
    for (size_t k = 0; k < r->passage_count && len < sizeof(buf) - 64; k++)
        len +=
            (size_t)snprintf(buf + len, sizeof(buf) - len, " [%zu,%zu|%zu,%zu %.6f %d]",
                             r->passages[k].a_start, r->passages[k].a_end, r->passages[k].b_start,
                             r->passages[k].b_end, r->passages[k].identity, r->passages[k].quote);
    line_add(l, buf);
}

static void story_line(struct lines *l, const rp_corpus *c, const rp_story *st)
{
    char buf[16384];
    size_t len = (size_t)snprintf(
        buf, sizeof(buf),
        "story %s %d:", st->original == SIZE_MAX ? "-" : rp_corpus_get(c, st->original)->id,
        st->order_inferred);
    for (size_t k = 0; k < st->article_count && len < sizeof(buf) - 64; k++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s/%d/%.6f",
                                rp_corpus_get(c, st->articles[k])->id, st->roles[k],
                                st->novel_share[k]);
    line_add(l, buf);
}

static int cmp_line(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* One string of the sorted lines, freed lines. */
static char *joined(struct lines *l)
{
    size_t total = 1;
    char *s;

    qsort(l->v, l->count, sizeof(*l->v), cmp_line);
    for (size_t i = 0; i < l->count; i++)
        total += strlen(l->v[i]) + 1;
    s = malloc(total);
    cr_assert_not_null(s);
    s[0] = '\0';
    for (size_t i = 0, len = 0; i < l->count; i++) {
        len += (size_t)sprintf(s + len, "%s\n", l->v[i]);
        free(l->v[i]);
    }
    free(l->v);
    memset(l, 0, sizeof(*l));
    return s;
}

static char *scan_outcome(const rp_corpus *c, const rp_options *o)
{
    struct lines l = {NULL, 0, 0};
    rp_scan *s;

    cr_assert_eq(rp_scan_run(c, o, &s), RP_OK);
    for (size_t i = 0; i < rp_scan_relation_count(s); i++)
        relation_line(&l, c, rp_scan_relation(s, i));
    for (size_t i = 0; i < rp_scan_story_count(s); i++)
        story_line(&l, c, rp_scan_story(s, i));
    rp_scan_free(s);
    return joined(&l);
}

static void records_lines(struct lines *l, const rp_records *r, int articles)
{
    const rp_corpus *c = rp_records_corpus(r);

    for (size_t i = 0; articles && i < rp_records_article_count(r); i++) {
        rp_article_info in;
        int status;
        const rp_article *a = rp_corpus_get(c, rp_records_article(r, i, &in, &status));
        char buf[256];
        snprintf(buf, sizeof(buf), "art %s %zu %zu %016llx %zu", a->id, a->text_len,
                 in.stats.word_count, (unsigned long long)in.content_hash, in.boilerplate_count);
        line_add(l, buf);
    }
    for (size_t i = 0; i < rp_records_relation_count(r); i++)
        relation_line(l, c, rp_records_relation(r, i));
    for (size_t i = 0; i < rp_records_story_count(r); i++)
        story_line(l, c, rp_records_story(r, i));
}

/* Everything the index holds, as sorted lines (articles too when 'articles'). */
static char *index_outcome(rp_index *ix, int articles)
{
    struct lines l = {NULL, 0, 0};
    rp_index_export *e;
    rp_records *r;

    cr_assert_eq(rp_index_export_open(ix, &e), RP_OK);
    while (rp_index_export_next(e, &r) == RP_OK && r != NULL) {
        records_lines(&l, r, articles);
        rp_records_free(r);
    }
    rp_index_export_close(e);
    return joined(&l);
}

static void remove_index(const char *path);

static void temp_path(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "/tmp/rp_test_store_%d_%s.db", (int)getpid(), name);
    remove_index(buf);
}

static void remove_index(const char *path)
{
    char p[512];

    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

static rp_index *open_new(const char *path, const rp_options *o)
{
    char err[512];
    rp_index *ix;

    remove_index(path);
    cr_assert_eq(rp_index_open(path, RP_INDEX_CREATE, o, &ix, err, sizeof(err)), RP_OK, "%s", err);
    return ix;
}

static void add_in_batches(rp_index *ix, const rp_corpus *c, size_t batch, unsigned flags)
{
    for (size_t first = 0; first < rp_corpus_count(c); first += batch) {
        const size_t n = rp_corpus_count(c) - first < batch ? rp_corpus_count(c) - first : batch;
        rp_records *r;
        cr_assert_eq(rp_index_add(ix, c, first, n, flags, &r), RP_OK, "%s", rp_index_errmsg(ix));
        rp_records_free(r);
    }
}

static void small_cap(rp_options *o)
{
    rp_options_default(o);
    o->df_cap = 25;
    o->thread_count = 2;
}

/* ---- tests --------------------------------------------------------------------------- */

Test(store, one_batch_many_batches_and_another_order_give_a_scans_relations_and_stories)
{
    static struct spec v[160];
    const size_t n = made_up(v, 160);
    size_t order[160];
    rp_options o;
    char path[256];

    small_cap(&o);
    for (size_t k = 0; k < n; k++)
        order[k] = (k * 37 + 11) % n; /* 37 is prime to n = 126 */
    rp_corpus *c = corpus_of(v, n, NULL), *d = corpus_of(v, n, order);
    char *want = scan_outcome(c, &o), *other = scan_outcome(d, &o);
    cr_assert_str_eq(other, want, "the scan depends on input order");
    free(other);
    const struct {
        const rp_corpus *c;
        size_t batch;
    } runs[] = {{c, 1000}, {c, 9}, {d, 14}};
    for (size_t r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
        temp_path(path, sizeof(path), "equal");
        rp_index *ix = open_new(path, &o);
        add_in_batches(ix, runs[r].c, runs[r].batch, 0);
        cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "run %zu: %s", r,
                     rp_index_errmsg(ix));
        char *got = index_outcome(ix, 0);
        cr_expect_str_eq(got, want, "run %zu (batches of %zu)", r, runs[r].batch);
        free(got);
        rp_index_close(ix);
        remove_index(path);
    }
    free(want);
    rp_corpus_free(c);
    rp_corpus_free(d);
}

Test(store, unsettled_batches_keep_a_scans_relations_and_settling_gives_its_stories)
{
    static struct spec v[160];
    const size_t n = made_up(v, 160);
    rp_options o;
    rp_index_stats st;
    char path[256];

    small_cap(&o);
    rp_corpus *c = corpus_of(v, n, NULL);
    char *want = scan_outcome(c, &o);
    temp_path(path, sizeof(path), "unsettled");
    rp_index *ix = open_new(path, &o);
    add_in_batches(ix, c, 20, RP_ADD_NO_SETTLE);
    cr_assert_eq(rp_index_stats_get(ix, &st), RP_OK);
    cr_expect_eq(st.unsettled, n);
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "%s", rp_index_errmsg(ix));
    cr_assert_eq(rp_index_settle(ix), RP_OK, "%s", rp_index_errmsg(ix));
    cr_assert_eq(rp_index_stats_get(ix, &st), RP_OK);
    cr_expect_eq(st.unsettled, 0);
    char *got = index_outcome(ix, 0);
    cr_expect_str_eq(got, want);
    free(got);
    free(want);
    rp_index_close(ix);
    remove_index(path);
    rp_corpus_free(c);
}

Test(store, adding_the_same_articles_again_changes_nothing)
{
    static struct spec v[160];
    const size_t n = made_up(v, 40);
    rp_options o;
    rp_index_stats before, after;
    rp_records *r;
    char path[256];

    small_cap(&o);
    rp_corpus *c = corpus_of(v, n, NULL);
    temp_path(path, sizeof(path), "again");
    rp_index *ix = open_new(path, &o);
    add_in_batches(ix, c, 1000, 0);
    char *first = index_outcome(ix, 1);
    cr_assert_eq(rp_index_stats_get(ix, &before), RP_OK);
    cr_assert_eq(rp_index_add(ix, c, 0, n, 0, &r), RP_OK);
    cr_assert_eq(rp_records_article_count(r), n);
    for (size_t i = 0; i < n; i++) {
        int status;
        rp_records_article(r, i, NULL, &status);
        cr_expect_eq(status, RP_STATUS_UNCHANGED);
    }
    cr_expect_eq(rp_records_relation_count(r), 0);
    rp_records_free(r);
    cr_assert_eq(rp_index_stats_get(ix, &after), RP_OK);
    cr_expect_eq(memcmp(&before, &after, sizeof(before)), 0, "the statistics changed");
    char *second = index_outcome(ix, 1);
    cr_expect_str_eq(second, first);
    free(first);
    free(second);
    rp_index_close(ix);
    remove_index(path);
    rp_corpus_free(c);
}

Test(store, each_step_has_a_name_and_an_add_times_its_writes)
{
    static struct spec v[160];
    const size_t n = made_up(v, 40);
    double first[RP_STEP_COUNT], again[RP_STEP_COUNT];
    rp_options o;
    rp_records *r;
    char path[256];

    for (int k = 0; k < RP_STEP_COUNT; k++) {
        cr_assert_not_null(rp_index_step_name(k), "step %d", k);
        for (int j = 0; j < k; j++)
            cr_expect_str_neq(rp_index_step_name(j), rp_index_step_name(k));
    }
    cr_expect_null(rp_index_step_name(RP_STEP_COUNT));
    cr_expect_null(rp_index_step_name(-1));
    small_cap(&o);
    rp_corpus *c = corpus_of(v, n, NULL);
    temp_path(path, sizeof(path), "steps");
    rp_index *ix = open_new(path, &o);
    add_in_batches(ix, c, 1000, 0);
    rp_index_step_seconds(ix, first);
    const int writes[] = {RP_STEP_ARTICLES, RP_STEP_RUN, RP_STEP_BANDS};
    for (size_t k = 0; k < sizeof(writes) / sizeof(writes[0]); k++)
        cr_expect_gt(first[writes[k]], 0.0, "%s", rp_index_step_name(writes[k]));
    /* the writes happen beside the verification, within its time */
    cr_expect_geq(first[RP_STEP_VERIFY],
                  first[RP_STEP_ARTICLES] + first[RP_STEP_RUN] + first[RP_STEP_BANDS]);
    /* the same articles again write nothing */
    cr_assert_eq(rp_index_add(ix, c, 0, n, 0, &r), RP_OK);
    rp_records_free(r);
    rp_index_step_seconds(ix, again);
    for (size_t k = 0; k < sizeof(writes) / sizeof(writes[0]); k++)
        cr_expect_eq(again[writes[k]], first[writes[k]], "%s", rp_index_step_name(writes[k]));
    rp_index_close(ix);
    remove_index(path);
    rp_corpus_free(c);
}

Test(store, another_text_for_an_id_is_a_new_version_or_an_error_when_asked)
{
    static struct spec v[160], w[160];
    const size_t n = made_up(v, 160);
    rp_options o;
    rp_index_stats st;
    rp_records *r;
    char path[256];

    small_cap(&o);
    memcpy(w, v, sizeof(v));
    /* new versions: one family member takes another family's text, a near-duplicate is
     * cut short, an exact duplicate gets a date that makes it the representative */
    memcpy(w[5].text, v[40].text, sizeof(w[5].text));
    w[60].text[200] = '\0';
    snprintf(w[n - 1].published, sizeof(w[n - 1].published), "2023-01-01");
    const size_t changed[] = {5, 60, n - 1};
    rp_corpus *c = corpus_of(v, n, NULL), *now = corpus_of(w, n, NULL), *upd;
    cr_assert_eq(rp_corpus_new(&upd), RP_OK);
    for (size_t k = 0; k < 3; k++)
        cr_assert_eq(rp_corpus_add(upd, rp_corpus_get(now, changed[k])), RP_OK);
    temp_path(path, sizeof(path), "versions");
    rp_index *ix = open_new(path, &o);
    add_in_batches(ix, c, 1000, 0);
    char *old = index_outcome(ix, 1);
    cr_expect_eq(rp_index_add(ix, upd, 0, 3, RP_ADD_REJECT_CHANGED, &r), RP_EFORMAT);
    cr_expect_null(r);
    cr_expect_neq(strstr(rp_index_errmsg(ix), "another text"), NULL, "%s", rp_index_errmsg(ix));
    char *same = index_outcome(ix, 1);
    cr_expect_str_eq(same, old, "a refused batch changed the index");
    cr_assert_eq(rp_index_add(ix, upd, 0, 3, 0, &r), RP_OK, "%s", rp_index_errmsg(ix));
    for (size_t i = 0; i < 3; i++) {
        int status;
        rp_records_article(r, i, NULL, &status);
        cr_expect_eq(status, RP_STATUS_NEW_VERSION);
    }
    rp_records_free(r);
    cr_assert_eq(rp_index_stats_get(ix, &st), RP_OK);
    cr_expect_eq(st.articles, n);
    cr_expect_eq(st.superseded, 3);
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "%s", rp_index_errmsg(ix));
    char *want = scan_outcome(now, &o), *got = index_outcome(ix, 0);
    cr_expect_str_eq(got, want);
    free(old);
    free(same);
    free(got);
    rp_index_close(ix);
    remove_index(path);

    /* in small batches, the new versions one at a time: the postings of the old ones are
     * skipped where they are read and dropped where their runs merge */
    ix = open_new(path, &o);
    add_in_batches(ix, c, 9, 0);
    for (size_t k = 0; k < 3; k++) {
        cr_assert_eq(rp_index_add(ix, upd, k, 1, 0, &r), RP_OK, "%s", rp_index_errmsg(ix));
        rp_records_free(r);
    }
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "%s", rp_index_errmsg(ix));
    got = index_outcome(ix, 0);
    cr_expect_str_eq(got, want);
    free(got);
    free(want);
    rp_index_close(ix);
    remove_index(path);
    rp_corpus_free(c);
    rp_corpus_free(now);
    rp_corpus_free(upd);
}

/* A list too long to pair anyone can be short again when articles go, and the articles that
 * come after pair by it (a handle that remembered it as long would miss them). */
Test(store, a_list_too_long_that_loses_articles_pairs_again)
{
    static struct spec v[31], w[31];
    char passage[1024] = "";
    rp_options o;
    rp_records *r;
    char path[256];

    small_cap(&o); /* 30 articles share a passage, within a paragraph: too many for 25 */
    rnd_state = 0x2545f4914f6cdd1du;
    sentences(passage, sizeof(passage), 3);
    for (size_t k = 0; k < 31; k++) {
        snprintf(v[k].id, sizeof(v[k].id), "p-%02zu", k);
        sentences(v[k].text, sizeof(v[k].text), 3);
        strcat(v[k].text, passage);
        sentences(v[k].text, sizeof(v[k].text), 3);
    }
    memcpy(w, v, sizeof(v));
    for (size_t k = 0; k < 10; k++) { /* ten of them get texts of their own */
        w[k].text[0] = '\0';
        sentences(w[k].text, sizeof(w[k].text), 6);
    }
    rp_corpus *c = corpus_of(v, 30, NULL), *now = corpus_of(w, 31, NULL), *upd;
    cr_assert_eq(rp_corpus_new(&upd), RP_OK);
    for (size_t k = 0; k < 10; k++)
        cr_assert_eq(rp_corpus_add(upd, rp_corpus_get(now, k)), RP_OK);
    temp_path(path, sizeof(path), "longlist");
    rp_index *ix = open_new(path, &o);
    add_in_batches(ix, c, 27, 0); /* the second batch finds the passage's lists too long */
    cr_assert_eq(rp_index_add(ix, upd, 0, 10, 0, &r), RP_OK, "%s", rp_index_errmsg(ix));
    rp_records_free(r);
    /* the last article comes: the passage's lists hold 21 now, and pair it */
    cr_assert_eq(rp_index_add(ix, now, 30, 1, 0, &r), RP_OK, "%s", rp_index_errmsg(ix));
    rp_records_free(r);
    char *want = scan_outcome(now, &o), *got = index_outcome(ix, 0);
    cr_expect_str_eq(got, want);
    free(got);
    free(want);
    rp_index_close(ix);
    remove_index(path);
    rp_corpus *made[] = {c, now, upd};
    for (size_t k = 0; k < 3; k++)
        rp_corpus_free(made[k]);
}

static char *sql_value(const char *path, const char *query);

static uint64_t runs_of(rp_index *ix)
{
    rp_index_stats st;

    cr_assert_eq(rp_index_stats_get(ix, &st), RP_OK, "%s", rp_index_errmsg(ix));
    return st.posting_runs;
}

/* The relations and story of the first article of q that the index holds, as lines. */
static char *query_outcome(rp_index *ix, const rp_corpus *q)
{
    struct lines l = {NULL, 0, 0};
    rp_records *r;

    cr_assert_eq(rp_index_query(ix, q, 0, 1, 0, &r), RP_OK, "%s", rp_index_errmsg(ix));
    records_lines(&l, r, 0);
    rp_records_free(r);
    return joined(&l);
}

Test(store, optimize_merges_the_runs_into_one_and_changes_no_outcome)
{
    static struct spec v[160], w[160];
    const size_t n = made_up(v, 160);
    rp_options o;
    rp_index *rd;
    size_t before = 99;
    char path[256], err[512];

    small_cap(&o);
    rp_corpus *c = corpus_of(v, n, NULL), *q = corpus_of(v + n - 1, 1, NULL);
    temp_path(path, sizeof(path), "optimize");
    rp_index *ix = open_new(path, &o);
    add_in_batches(ix, c, 9, 0);
    const uint64_t runs = runs_of(ix);
    cr_assert_gt(runs, 1, "batches of 9 should leave several runs");
    char *want = index_outcome(ix, 1);
    /* a reader opened before the optimize, that has read the runs */
    cr_assert_eq(rp_index_open(path, RP_INDEX_READONLY, NULL, &rd, err, sizeof(err)), RP_OK, "%s",
                 err);
    char *asked = query_outcome(rd, q);
    cr_expect_eq(rp_index_optimize(rd, NULL), RP_EINVAL, "a read-only handle optimized");
    cr_assert_eq(rp_index_optimize(ix, &before), RP_OK, "%s", rp_index_errmsg(ix));
    cr_expect_eq(before, runs);
    cr_expect_eq(runs_of(ix), 1);
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "%s", rp_index_errmsg(ix));
    char *got = index_outcome(ix, 1), *again = query_outcome(rd, q);
    cr_expect_str_eq(got, want, "optimize changed what the index holds");
    cr_expect_str_eq(again, asked, "a reader's query changed after the optimize");
    free(got);
    free(again);
    /* one run left: optimize does nothing */
    cr_assert_eq(rp_index_optimize(ix, &before), RP_OK, "%s", rp_index_errmsg(ix));
    cr_expect_eq(before, 1);
    /* ten new versions: their old postings are gone, and an optimize drops them; the index
     * goes on as a scan of the current articles */
    memcpy(w, v, sizeof(v));
    for (size_t k = 0; k < 10; k++) {
        w[k].text[0] = '\0';
        sentences(w[k].text, sizeof(w[k].text), 6);
    }
    rp_corpus *upd = corpus_of(w, 10, NULL), *now = corpus_of(w, n, NULL);
    add_in_batches(ix, upd, 10, 0);
    cr_expect_eq(runs_of(ix), 2);
    cr_assert_eq(rp_index_optimize(ix, &before), RP_OK, "%s", rp_index_errmsg(ix));
    cr_expect_eq(before, 2);
    cr_expect_eq(runs_of(ix), 1);
    char *gone = sql_value(path, "SELECT count(*) FROM pgone");
    cr_expect_str_eq(gone, "0", "gone postings kept");
    free(gone);
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "%s", rp_index_errmsg(ix));
    free(want);
    want = scan_outcome(now, &o);
    got = index_outcome(ix, 0);
    cr_expect_str_eq(got, want);
    free(got);
    free(want);
    free(asked);
    rp_index_close(rd);
    rp_index_close(ix);
    remove_index(path);
    rp_corpus *made[] = {c, q, upd, now};
    for (size_t k = 0; k < 4; k++)
        rp_corpus_free(made[k]);
}

Test(store, a_query_tells_what_an_add_would_and_adds_nothing)
{
    static struct spec v[160];
    const size_t n = made_up(v, 160);
    rp_options o;
    rp_records *q, *a;
    struct lines lq = {NULL, 0, 0}, la = {NULL, 0, 0};
    char path[256];

    small_cap(&o);
    rp_corpus *c = corpus_of(v, n, NULL);
    temp_path(path, sizeof(path), "query");
    rp_index *ix = open_new(path, &o);
    cr_assert_eq(rp_index_add(ix, c, 0, n - 12, 0, &a), RP_OK); /* the last 12 wait */
    rp_records_free(a);
    char *before = index_outcome(ix, 1);
    cr_assert_eq(rp_index_query(ix, c, n - 12, 12, RP_ADD_SETTLE, &q), RP_OK, "%s",
                 rp_index_errmsg(ix));
    char *after = index_outcome(ix, 1);
    cr_expect_str_eq(after, before, "a query changed the index");
    rp_records *unsettled;
    cr_assert_eq(rp_index_query(ix, c, n - 12, 12, 0, &unsettled), RP_OK);
    cr_expect_eq(rp_records_relation_count(unsettled), rp_records_relation_count(q));
    rp_records_free(unsettled);
    cr_assert_eq(rp_index_add(ix, c, n - 12, 12, RP_ADD_SETTLE, &a), RP_OK, "%s",
                 rp_index_errmsg(ix));
    cr_expect_gt(rp_records_relation_count(q), 12);
    records_lines(&lq, q, 1);
    records_lines(&la, a, 1);
    char *sq = joined(&lq), *sa = joined(&la);
    cr_expect_str_eq(sq, sa);
    free(sq);
    free(sa);
    free(before);
    free(after);
    rp_records_free(q);
    rp_records_free(a);
    rp_index_close(ix);
    remove_index(path);
    rp_corpus_free(c);
}

/* The records of a query of the last 'count' articles of c, on a new handle of path; with
 * one_by_one, the handle never reads all the keys at once. */
static char *query_of_last(const char *path, const rp_corpus *c, size_t count, int one_by_one,
                           int *all_read)
{
    struct lines l = {NULL, 0, 0};
    char err[512];
    rp_index *ix;
    rp_records *r;

    cr_assert_eq(rp_index_open(path, RP_INDEX_READONLY, NULL, &ix, err, sizeof(err)), RP_OK, "%s",
                 err);
    if (one_by_one)
        ix->key_reads = INT64_MIN / 2;
    cr_assert_eq(rp_index_query(ix, c, rp_corpus_count(c) - count, count, 0, &r), RP_OK, "%s",
                 rp_index_errmsg(ix));
    records_lines(&l, r, 1);
    *all_read = ix->keys_all;
    rp_records_free(r);
    rp_index_close(ix);
    return joined(&l);
}

Test(store, a_query_that_needs_many_keys_reads_them_all_at_once_and_finds_the_same)
{
    /* ninety articles that copy one passage and are otherwise unlike: each of its grams is
     * in all of them, a list whose first articles in the canonical order need every key */
    static struct spec v[90];
    char quote[2048];
    rp_options o;
    char path[256];
    int all_read, all_read_too;

    rnd_state = 0x2545f4914f6cdd1du;
    quote[0] = '\0';
    sentences(quote, sizeof(quote), 4);
    for (size_t i = 0; i < 90; i++) {
        snprintf(v[i].id, sizeof(v[i].id), "q-%02zu", i);
        v[i].text[0] = '\0';
        sentences(v[i].text, sizeof(v[i].text), 12);
        strcat(v[i].text, quote);
        sentences(v[i].text, sizeof(v[i].text), 12);
        v[i].published[0] = '\0';
    }
    rp_options_default(&o);
    o.thread_count = 2;
    rp_corpus *c = corpus_of(v, 90, NULL);
    temp_path(path, sizeof(path), "keys");
    rp_index *ix = open_new(path, &o);
    rp_records *added;
    cr_assert_eq(rp_index_add(ix, c, 0, 80, 0, &added), RP_OK, "%s", rp_index_errmsg(ix));
    rp_records_free(added);
    rp_index_close(ix);
    char *one_by_one = query_of_last(path, c, 10, 1, &all_read);
    char *at_once = query_of_last(path, c, 10, 0, &all_read_too);
    cr_expect_eq(all_read, 0);
    cr_expect_eq(all_read_too, 1, "the query did not read all the keys at once");
    cr_expect_gt(strlen(at_once), 0);
    cr_expect_str_eq(at_once, one_by_one);
    free(one_by_one);
    free(at_once);
    remove_index(path);
    rp_corpus_free(c);
}

Test(store, lists_read_on_several_threads_are_those_read_on_one)
{
    /* 160 articles, each with one of five passages (a list of 32 articles: the first 8 in the
     * canonical order pair with the others); a batch of 30 of them asks for about 8,600
     * lists, which a handle of two threads reads and makes on both (the lists with an article
     * whose key the handle has not read, after, on one) */
    static struct spec v[160];
    static char quote[5][2048];
    char path[2][256], *added[2], *queried[2], *outcome[2];
    size_t related[2];

    rnd_state = 0x9e3779b97f4a7c15u;
    for (size_t k = 0; k < 5; k++) {
        quote[k][0] = '\0';
        sentences(quote[k], sizeof(quote[k]), 4);
    }
    for (size_t i = 0; i < 160; i++) {
        snprintf(v[i].id, sizeof(v[i].id), "t-%03zu", i);
        v[i].text[0] = '\0';
        sentences(v[i].text, sizeof(v[i].text), 14);
        strcat(v[i].text, quote[i % 5]);
        sentences(v[i].text, sizeof(v[i].text), 14);
        snprintf(v[i].published, sizeof(v[i].published), "2026-0%zu-1%zuT00:00:00Z", 1 + i % 9,
                 i % 10);
    }
    rp_corpus *c = corpus_of(v, 160, NULL);
    for (int t = 0; t < 2; t++) {
        rp_options o;
        rp_records *r;
        struct lines la = {NULL, 0, 0}, lq = {NULL, 0, 0};
        rp_options_default(&o);
        o.thread_count = t == 0 ? 1 : 2;
        temp_path(path[t], sizeof(path[t]), t == 0 ? "threads1" : "threads2");
        /* the two-thread handle opens its file by a relative name, and the process then moves
         * elsewhere: its readers still open the file the handle opened */
        char cwd[1024];
        cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
        cr_assert_eq(chdir("/tmp"), 0);
        rp_index *ix = open_new(t == 0 ? path[t] : strrchr(path[t], '/') + 1, &o);
        cr_assert_eq(chdir(t == 0 ? cwd : "/"), 0);
        for (size_t first = 0; first < 100; first += 25) { /* four runs */
            cr_assert_eq(rp_index_add(ix, c, first, 25, 0, &r), RP_OK, "%s", rp_index_errmsg(ix));
            rp_records_free(r);
        }
        cr_assert_eq(rp_index_add(ix, c, 100, 30, 0, &r), RP_OK, "%s", rp_index_errmsg(ix));
        records_lines(&la, r, 1);
        rp_records_free(r);
        cr_assert_eq(rp_index_query(ix, c, 130, 30, 0, &r), RP_OK, "%s", rp_index_errmsg(ix));
        records_lines(&lq, r, 1);
        related[t] = rp_records_relation_count(r);
        rp_records_free(r);
        /* one thread reads alone; two read beside the handle on a connection of its own */
        cr_expect_eq(ix->post.reader_count > 0, t == 1, "readers: %zu", ix->post.reader_count);
        added[t] = joined(&la);
        queried[t] = joined(&lq);
        outcome[t] = index_outcome(ix, 1);
        rp_index_close(ix);
        cr_assert_eq(chdir(cwd), 0);
    }
    cr_expect_gt(strlen(added[0]), 0);
    cr_expect_geq(related[0], 30, "each queried article shares a passage with 20 added ones");
    cr_expect_str_eq(added[1], added[0]);
    cr_expect_str_eq(queried[1], queried[0]);
    cr_expect_str_eq(outcome[1], outcome[0]);
    for (int t = 0; t < 2; t++) {
        free(added[t]);
        free(queried[t]);
        free(outcome[t]);
        remove_index(path[t]);
    }
    rp_corpus_free(c);
}

/* The id of the story that holds article 'id' in r, or "". */
static const char *story_id_of(const rp_records *r, const char *id)
{
    const rp_corpus *c = rp_records_corpus(r);

    for (size_t i = 0; i < rp_records_story_count(r); i++) {
        const rp_story *st = rp_records_story(r, i);
        for (size_t k = 0; k < st->article_count; k++)
            if (strcmp(rp_corpus_get(c, st->articles[k])->id, id) == 0)
                return st->id;
    }
    return "";
}

Test(store, stories_keep_their_ids_as_they_grow_and_merged_ids_still_resolve)
{
    char a[4096] = "", b[4096] = "", path[256], ida[64], idb[64];
    rp_records *r;
    rp_index *ix;

    rnd_state = 42;
    sentences(a, sizeof(a), 8);
    sentences(b, sizeof(b), 8);
    /* a1, a2 copy a; b1, b2 copy b; later a3 copies a; then c runs both a and b */
    struct spec v[6];
    const char *texts[6] = {a, a, b, b, a, NULL};
    const char *ids[6] = {"a1", "a2", "b1", "b2", "a3", "c"};
    for (int i = 0; i < 6; i++) {
        snprintf(v[i].id, sizeof(v[i].id), "%s", ids[i]);
        if (texts[i] != NULL)
            snprintf(v[i].text, sizeof(v[i].text), "%s%s", texts[i], i % 2 ? " Updated." : "");
        else
            snprintf(v[i].text, sizeof(v[i].text), "%s\n\n%s", a, b);
        v[i].published[0] = '\0';
    }
    rp_corpus *c = corpus_of(v, 6, NULL);
    temp_path(path, sizeof(path), "ids");
    ix = open_new(path, NULL);
    cr_assert_eq(rp_index_add(ix, c, 0, 4, 0, &r), RP_OK);
    snprintf(ida, sizeof(ida), "%s", story_id_of(r, "a1"));
    snprintf(idb, sizeof(idb), "%s", story_id_of(r, "b1"));
    cr_expect_str_eq(story_id_of(r, "a2"), ida);
    cr_expect_str_neq(ida, idb);
    rp_records_free(r);
    cr_assert_eq(rp_index_add(ix, c, 4, 1, 0, &r), RP_OK);
    cr_expect_str_eq(story_id_of(r, "a3"), ida, "a story that grows keeps its id");
    rp_records_free(r);
    cr_assert_eq(rp_index_add(ix, c, 5, 1, 0, &r), RP_OK);
    const char *merged = story_id_of(r, "c");
    cr_expect(strcmp(merged, ida) == 0 || strcmp(merged, idb) == 0,
              "the merged story keeps one of the ids");
    const char *gone = strcmp(merged, ida) == 0 ? idb : ida;
    char kept[64];
    snprintf(kept, sizeof(kept), "%s", merged);
    rp_records_free(r);
    cr_assert_eq(rp_index_story(ix, gone, &r), RP_OK, "%s", rp_index_errmsg(ix));
    cr_assert_eq(rp_records_story_count(r), 1);
    cr_expect_str_eq(rp_records_story(r, 0)->id, kept, "the old id resolves to the merged story");
    cr_expect_eq(rp_records_story(r, 0)->article_count, 6);
    rp_records_free(r);
    cr_expect_eq(rp_index_story(ix, "s0000000000000000", &r), RP_EFORMAT);
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "%s", rp_index_errmsg(ix));
    rp_index_close(ix);
    remove_index(path);
    rp_corpus_free(c);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    cr_assert_not_null(f);
    cr_assert_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void sql(const char *path, const char *text)
{
    sqlite3 *db;

    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
}

/* Adds c in batches of 10 to a new index at path, damages the file with the statement
 * 'damage', and checks that a query of q then fails as damaged, with a message that says
 * 'says'. */
static void damage_is_named(const char *path, const rp_corpus *c, const char *damage,
                            const rp_corpus *q, const char *says)
{
    char err[512];
    rp_records *r = NULL;
    rp_index *ix = open_new(path, NULL);

    add_in_batches(ix, c, 10, 0);
    rp_index_close(ix);
    sql(path, damage);
    cr_assert_eq(rp_index_open(path, 0, NULL, &ix, err, sizeof(err)), RP_OK, "%s", err);
    cr_expect_eq(rp_index_query(ix, q, 0, rp_corpus_count(q), 0, &r), RP_ECORRUPT);
    cr_expect_null(r);
    cr_expect_neq(strstr(rp_index_errmsg(ix), says), NULL, "%s", rp_index_errmsg(ix));
    rp_index_close(ix);
    remove_index(path);
}

/* Writes every block of postings again in the fixed-width layout of format 5 and older
 * (doc/FORMAT.md: u8 2, u32 n, n grams of 8 bytes, n aids of 4), its aids 0 when 'zero'. */
/* The band rows as versions before 7 kept them: all in one table. */
static void bands_in_one_table(const char *path)
{
    sql(path, "INSERT INTO band SELECT band, bkey, aid FROM band_recent; DROP TABLE band_recent");
}

static void blocks_fixed(const char *path, int zero)
{
    sqlite3 *db;
    sqlite3_stmt *s, *u;
    uint64_t *grams = NULL;
    int64_t *aids = NULL;
    size_t count, cap = 0;

    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT bid, data FROM pblock", -1, &s, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, "UPDATE pblock SET data = ?2 WHERE bid = ?1", -1, &u, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        cr_assert_eq(rp__codec_block_get(sqlite3_column_blob(s, 1),
                                         (size_t)sqlite3_column_bytes(s, 1), &grams, &aids, &count,
                                         &cap),
                     RP_OK);
        uint8_t *b = malloc(5 + 12 * count);
        b[0] = 2;
        for (int i = 0; i < 4; i++)
            b[1 + i] = (uint8_t)(count >> (8 * i));
        for (size_t k = 0; k < count; k++)
            for (int i = 0; i < 8; i++) {
                b[5 + 8 * k + (size_t)i] = (uint8_t)(grams[k] >> (8 * i));
                if (i < 4)
                    b[5 + 8 * count + 4 * k + (size_t)i] =
                        (uint8_t)(zero ? 0 : (uint64_t)aids[k] >> (8 * i));
            }
        sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
        sqlite3_bind_blob(u, 2, b, (int)(5 + 12 * count), free);
        cr_assert_eq(sqlite3_step(u), SQLITE_DONE, "%s", sqlite3_errmsg(db));
        sqlite3_reset(u);
    }
    cr_assert_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    sqlite3_close(db);
    rp__free(grams);
    rp__free(aids);
}

static int refused(const char *path, unsigned flags, char *err, size_t cap)
{
    rp_index *ix;
    const int rc = rp_index_open(path, flags, NULL, &ix, err, cap);

    cr_expect_null(ix);
    return rc;
}

Test(store, foreign_newer_and_damaged_files_are_refused_with_a_message)
{
    char path[256], err[512];
    static const char text[] = "This is a text file, not an index.\n";

    temp_path(path, sizeof(path), "foreign");
    write_file(path, text, sizeof(text));
    cr_expect_eq(refused(path, RP_INDEX_CREATE, err, sizeof(err)), RP_ECORRUPT);
    cr_expect_neq(strstr(err, "not a reprint index"), NULL, "%s", err);
    remove_index(path);
    sql(path, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    cr_expect_eq(refused(path, 0, err, sizeof(err)), RP_ECORRUPT);
    cr_expect_neq(strstr(err, "another kind"), NULL, "%s", err);
    remove_index(path);
    cr_expect_eq(refused(path, RP_INDEX_READONLY, err, sizeof(err)), RP_EIO);
    cr_expect_neq(strstr(err, "no such index"), NULL, "%s", err);

    /* a newer schema version */
    static struct spec v[160];
    const size_t n = made_up(v, 30);
    rp_corpus *c = corpus_of(v, n, NULL);
    rp_index *ix = open_new(path, NULL);
    add_in_batches(ix, c, 1000, 0);
    rp_index_close(ix);
    sql(path, "PRAGMA user_version = 99");
    cr_expect_eq(refused(path, 0, err, sizeof(err)), RP_ECORRUPT);
    cr_expect_neq(strstr(err, "version 99"), NULL, "%s", err);
    bands_in_one_table(path);
    sql(path, "PRAGMA user_version = 5; DELETE FROM meta WHERE key = 'df_cap'");
    cr_expect_eq(refused(path, 0, err, sizeof(err)), RP_ECORRUPT);
    cr_expect_neq(strstr(err, "df_cap"), NULL, "%s", err);
    remove_index(path);

    /* a damaged block of postings, or run row, is named */
    ix = open_new(path, NULL);
    add_in_batches(ix, c, 10, 0);
    rp_index_close(ix);
    sql(path, "UPDATE pblock SET data = x'0103' WHERE bid = (SELECT max(bid) FROM pblock)");
    cr_assert_eq(rp_index_open(path, 0, NULL, &ix, err, sizeof(err)), RP_OK, "%s", err);
    cr_expect_eq(rp_index_check(ix, 0), RP_ECORRUPT);
    cr_expect_neq(strstr(rp_index_errmsg(ix), "posting run"), NULL, "%s", rp_index_errmsg(ix));
    rp_index_close(ix);
    remove_index(path);

    /* new ids: a query of held articles looks nothing up */
    static struct spec copies[30];
    for (size_t k = 0; k < n; k++) {
        copies[k] = v[k];
        snprintf(copies[k].id, sizeof(copies[k].id), "copy-%zu", k);
    }
    rp_corpus *copied = corpus_of(copies, n, NULL);
    /* a block missing from the middle of a run: the lookups of a query, which go through the
     * run with a cursor, name it rather than take the next block for it */
    damage_is_named(path, c,
                    "DELETE FROM pblock WHERE bid = (SELECT first_block + blocks / 2 FROM prun "
                    "ORDER BY blocks DESC LIMIT 1)",
                    copied, "is missing");
    /* the texts of the old articles missing or cut: the query that reads one again (to
     * verify a new copy against it, from the text's own table) names its article */
    damage_is_named(path, c, "DELETE FROM text", copied, "is missing or cut");
    damage_is_named(path, c, "UPDATE text SET body = substr(body, 1, 10)", copied,
                    "is missing or cut");
    rp_corpus_free(copied);

    /* a damaged part of a run's filter: the check finds it, and so does the first lookup
     * that reads it (a handle reads the parts as its lookups need them) */
    rp_corpus *most = corpus_of(v, n - 10, NULL);
    ix = open_new(path, NULL);
    add_in_batches(ix, most, 10, 0);
    rp_index_close(ix);
    sql(path, "UPDATE pfilter SET bits = x'00' WHERE key = (SELECT min(key) FROM pfilter)");
    cr_assert_eq(rp_index_open(path, 0, NULL, &ix, err, sizeof(err)), RP_OK, "%s", err);
    cr_expect_eq(rp_index_check(ix, 0), RP_ECORRUPT);
    cr_expect_neq(strstr(rp_index_errmsg(ix), "filters"), NULL, "%s", rp_index_errmsg(ix));
    rp_records *rr = NULL;
    cr_expect_eq(rp_index_add(ix, c, 0, n, 0, &rr), RP_ECORRUPT);
    cr_expect_null(rr);
    cr_expect_neq(strstr(rp_index_errmsg(ix), "filter of posting run"), NULL, "%s",
                  rp_index_errmsg(ix));
    rp_index_close(ix);
    remove_index(path);

    /* postings whose aids are damaged (all 0, the blocks' lengths and grams kept): the first
     * lookup that reads one says so */
    ix = open_new(path, NULL);
    add_in_batches(ix, most, 10, 0);
    rp_index_close(ix);
    blocks_fixed(path, 1);
    cr_assert_eq(rp_index_open(path, 0, NULL, &ix, err, sizeof(err)), RP_OK, "%s", err);
    struct spec copy = v[5]; /* a copy under another id: every gram of it is held */
    strcpy(copy.id, "copy");
    rp_corpus *q = corpus_of(&copy, 1, NULL);
    rr = NULL;
    cr_expect_eq(rp_index_query(ix, q, 0, 1, 0, &rr), RP_ECORRUPT);
    cr_expect_null(rr);
    rp_corpus_free(q);
    cr_expect_neq(strstr(rp_index_errmsg(ix), "a block of posting run"), NULL, "%s",
                  rp_index_errmsg(ix));
    rp_index_close(ix);
    rp_corpus_free(most);
    remove_index(path);

    /* damaged pages: every outcome is an error code, never a crash */
    ix = open_new(path, NULL);
    add_in_batches(ix, c, 1000, 0);
    rp_index_close(ix);
    sql(path, "PRAGMA wal_checkpoint(TRUNCATE)");
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    const long size = ftell(f);
    for (long at = 4096 * 2; at < size; at += 4096 * 3) {
        static const char junk[64] = "damaged damaged damaged damaged damaged damaged damaged";
        fseek(f, at + 100, SEEK_SET);
        fwrite(junk, 1, sizeof(junk), f);
    }
    fclose(f);
    int rc = rp_index_open(path, 0, NULL, &ix, err, sizeof(err));
    if (rc == RP_OK) {
        rp_records *r = NULL;
        const int check = rp_index_check(ix, 0);
        cr_expect_eq(check, RP_ECORRUPT, "a damaged file passed the check");
        cr_expect_neq(strstr(rp_index_errmsg(ix), path), NULL, "%s", rp_index_errmsg(ix));
        rc = rp_index_add(ix, c, 0, n, 0, &r);
        cr_expect(rc == RP_OK || rc == RP_ECORRUPT, "add gave %d", rc);
        rp_records_free(r);
        rp_index_close(ix);
    } else {
        cr_expect_eq(rc, RP_ECORRUPT);
    }
    remove_index(path);
    rp_corpus_free(c);
}

/* The one value a query gives, as text (the caller frees it). */
static char *sql_value(const char *path, const char *query)
{
    sqlite3 *db;
    sqlite3_stmt *s;
    char *v;

    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, query, -1, &s, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    v = strdup(sqlite3_column_text(s, 0) != NULL ? (const char *)sqlite3_column_text(s, 0) : "");
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

/* Makes the postings of a file as version 4 kept them: each run's filter in one blob of its
 * row, the parts of pfilter concatenated. */
static void filters_as_version_4(const char *path)
{
    sqlite3 *db;
    sqlite3_stmt *s, *u;

    sql(path, "ALTER TABLE prun ADD COLUMN filter BLOB NOT NULL DEFAULT x''");
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(
        sqlite3_prepare_v2(db, "SELECT key >> 24, bits FROM pfilter ORDER BY key", -1, &s, NULL),
        SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, "UPDATE prun SET filter = filter || ?2 WHERE run = ?1", -1,
                                    &u, NULL),
                 SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
        sqlite3_bind_blob(u, 2, sqlite3_column_blob(s, 1), sqlite3_column_bytes(s, 1),
                          SQLITE_TRANSIENT);
        cr_assert_eq(sqlite3_step(u), SQLITE_DONE, "%s", sqlite3_errmsg(db));
        sqlite3_reset(u);
    }
    sqlite3_finalize(s);
    sqlite3_finalize(u);
    sqlite3_close(db);
    bands_in_one_table(path);
    sql(path, "UPDATE prun SET filter = CAST(filter AS BLOB); "
              "ALTER TABLE prun DROP COLUMN filter_words; DROP TABLE pfilter; "
              "PRAGMA user_version = 4; UPDATE meta SET value = 4 WHERE key = 'schema'");
}

/* An older file is refused read-only with a message that says so, then upgraded by a writable
 * open to an index that holds what it held (before) and passes the deep check. */
static void expect_upgraded(const char *path, const char *message, const char *before)
{
    char err[512];
    rp_index *ix;

    cr_expect_eq(refused(path, RP_INDEX_READONLY, err, sizeof(err)), RP_ECORRUPT);
    cr_expect_neq(strstr(err, message), NULL, "%s", err);
    cr_assert_eq(rp_index_open(path, 0, NULL, &ix, err, sizeof(err)), RP_OK, "%s", err);
    char *after = index_outcome(ix, 1);
    cr_expect_str_eq(after, before);
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "%s", rp_index_errmsg(ix));
    rp_index_close(ix);
    free(after);
}

Test(store, a_version_3_4_5_or_6_file_is_upgraded_when_opened_to_write)
{
    static const char filters[] = "SELECT count(*) || ' ' || sum(length(bits)) || ' ' || "
                                  "hex(min(bits)) || hex(max(bits)) FROM pfilter";
    static const char words[] = "SELECT group_concat(hex(words_at), ' ') FROM "
                                "(SELECT words_at FROM article ORDER BY aid)";
    char path[256], err[512];
    static struct spec v[160];
    const size_t n = made_up(v, 160);
    rp_corpus *c = corpus_of(v, n, NULL), *first = corpus_of(v, n - 40, NULL);
    rp_index *ix;

    /* provisional stories, whose provenance reads the words of their members */
    temp_path(path, sizeof(path), "upgrade");
    ix = open_new(path, NULL);
    add_in_batches(ix, first, 40, RP_ADD_NO_SETTLE);
    char *before = index_outcome(ix, 1);
    rp_index_close(ix);
    char *made = sql_value(path, words), *parts = sql_value(path, filters);
    cr_expect(strlen(made) > 100);
    /* as version 6 left it: every band row in band */
    char *bands = sql_value(path, "SELECT count(*) FROM band_recent");
    cr_expect_str_neq(bands, "0", "the last batch's band rows should wait in band_recent");
    bands_in_one_table(path);
    sql(path, "PRAGMA user_version = 6; UPDATE meta SET value = 6 WHERE key = 'schema'");
    expect_upgraded(path, "version 6", before);
    free(bands);
    bands = sql_value(path, "SELECT count(*) FROM band_recent");
    cr_expect_str_eq(bands, "0");
    /* as version 5 left it: blocks of fixed-width postings, read as they are */
    blocks_fixed(path, 0);
    bands_in_one_table(path);
    sql(path, "PRAGMA user_version = 5; UPDATE meta SET value = 5 WHERE key = 'schema'");
    expect_upgraded(path, "version 5", before);
    char *fixed = sql_value(path, "SELECT count(*) FROM pblock WHERE substr(data, 1, 1) = x'02'");
    cr_expect_str_neq(fixed, "0", "the upgrade need not write the blocks again");
    /* a merge writes them packed, and nothing else changes */
    cr_assert_eq(rp_index_open(path, 0, NULL, &ix, err, sizeof(err)), RP_OK, "%s", err);
    cr_assert_eq(rp_index_optimize(ix, NULL), RP_OK, "%s", rp_index_errmsg(ix));
    char *optimized = index_outcome(ix, 1);
    cr_expect_str_eq(optimized, before);
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "%s", rp_index_errmsg(ix));
    rp_index_close(ix);
    char *packed = sql_value(path, "SELECT count(*) FROM pblock WHERE substr(data, 1, 1) <> x'03'");
    cr_expect_str_eq(packed, "0");
    blocks_fixed(path, 0);
    free(parts); /* one run now */
    parts = sql_value(path, filters);
    /* as version 4 left it: the filters come back in the same parts */
    filters_as_version_4(path);
    expect_upgraded(path, "version 4", before);
    char *parts4 = sql_value(path, filters);
    cr_expect_str_eq(parts4, parts);
    /* as version 3 left it */
    filters_as_version_4(path);
    sql(path, "ALTER TABLE article DROP COLUMN words_at; PRAGMA user_version = 3; "
              "UPDATE meta SET value = 3 WHERE key = 'schema'");
    expect_upgraded(path, "upgrades it", before);
    char *upgraded = sql_value(path, words);
    cr_expect_str_eq(upgraded, made, "the upgrade works out other words than an add");
    char *version = sql_value(path, "PRAGMA user_version");
    cr_expect_str_eq(version, "7");
    /* damaged words are found by the check, and refused by the stories that read them */
    sql(path, "UPDATE article SET words_at = x'01ff'");
    cr_assert_eq(rp_index_open(path, 0, NULL, &ix, err, sizeof(err)), RP_OK, "%s", err);
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_ECORRUPT);
    cr_expect_neq(strstr(rp_index_errmsg(ix), "words"), NULL, "%s", rp_index_errmsg(ix));
    rp_records *r = NULL;
    cr_expect_eq(rp_index_query(ix, c, n - 40, 40, RP_ADD_NO_SETTLE, &r), RP_ECORRUPT);
    cr_expect_null(r);
    rp_records_free(r);
    cr_expect_neq(strstr(rp_index_errmsg(ix), "damaged words"), NULL, "%s", rp_index_errmsg(ix));
    rp_index_close(ix);
    free(before);
    free(made);
    free(parts);
    free(parts4);
    free(fixed);
    free(bands);
    free(optimized);
    free(packed);
    free(upgraded);
    free(version);
    remove_index(path);
    rp_corpus_free(c);
    rp_corpus_free(first);
}

/* An allocator that fails the nth allocation from now. */
static long alloc_left;
static void *fail_malloc(void *u, size_t n)
{
    (void)u;
    return __atomic_sub_fetch(&alloc_left, 1, __ATOMIC_RELAXED) == 0 ? NULL : malloc(n);
}
static void *fail_realloc(void *u, void *p, size_t n)
{
    (void)u;
    return __atomic_sub_fetch(&alloc_left, 1, __ATOMIC_RELAXED) == 0 ? NULL : realloc(p, n);
}
static void fail_free(void *u, void *p)
{
    (void)u;
    free(p);
}

Test(store, a_failed_allocation_anywhere_in_a_batch_leaves_the_index_as_it_was)
{
    static struct spec v[160];
    const size_t n = made_up(v, 24);
    const rp_allocator failing = {fail_malloc, fail_realloc, fail_free, NULL};
    rp_options o;
    char path[256];
    int ok = 0, failed = 0;

    rp_options_default(&o);
    o.thread_count = 1;
    rp_corpus *c = corpus_of(v, n, NULL);
    temp_path(path, sizeof(path), "oom");
    rp_index *ix = open_new(path, &o);
    rp_records *first;
    cr_assert_eq(rp_index_add(ix, c, 0, 20, 0, &first), RP_OK);
    rp_records_free(first);
    char *before = index_outcome(ix, 1);
    /* every allocation of the batch's first 300, then every 23rd */
    for (long nth = 1; nth < 100000 && !ok; nth += nth < 300 ? 1 : 23) {
        rp_records *r = NULL;
        alloc_left = nth;
        rp_set_allocator(&failing);
        const int rc = rp_index_add(ix, c, 20, n - 20, 0, &r);
        rp_set_allocator(NULL);
        rp_records_free(r);
        if (rc == RP_OK) { /* ran to the end, past the failure: none may be ignored */
            cr_expect_gt(alloc_left, 0, "allocation %ld failed and the batch went on", nth);
            ok = 1;
            break;
        }
        failed++;
        cr_assert(rc == RP_ENOMEM || rc == RP_EIO, "allocation %ld: %d %s", nth, rc,
                  rp_index_errmsg(ix));
        char *now = index_outcome(ix, 1);
        cr_assert_str_eq(now, before, "allocation %ld failed and the index changed", nth);
        free(now);
    }
    cr_expect(ok, "the batch never completed");
    cr_expect_gt(failed, 100);
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "%s", rp_index_errmsg(ix));
    free(before);
    rp_index_close(ix);
    remove_index(path);
    rp_corpus_free(c);
}

struct reader_job {
    const char *path;
    volatile int stop;
    int reads, failures;
    char err[512];
};

static void *reader(void *arg)
{
    struct reader_job *j = arg;

    while (!j->stop) {
        rp_index *ix;
        rp_index_stats st;
        if (rp_index_open(j->path, RP_INDEX_READONLY, NULL, &ix, j->err, sizeof(j->err)) < 0) {
            j->failures++;
            continue;
        }
        if (rp_index_stats_get(ix, &st) < 0 || rp_index_check(ix, 0) < 0) {
            snprintf(j->err, sizeof(j->err), "%s", rp_index_errmsg(ix));
            j->failures++;
        }
        j->reads++;
        rp_index_close(ix);
    }
    return NULL;
}

Test(store, a_reader_sees_a_whole_index_while_a_writer_adds)
{
    static struct spec v[160];
    const size_t n = made_up(v, 160);
    rp_options o;
    char path[256];

    small_cap(&o);
    rp_corpus *c = corpus_of(v, n, NULL);
    temp_path(path, sizeof(path), "reader");
    rp_index *ix = open_new(path, &o);
    struct reader_job k = {path, 0, 0, 0, ""};
    pthread_t t2;
    pthread_create(&t2, NULL, reader, &k);
    add_in_batches(ix, c, 5, 0);
    k.stop = 1;
    pthread_join(t2, NULL);
    cr_expect_eq(k.failures, 0, "%s", k.err);
    cr_expect_gt(k.reads, 2);
    cr_expect_eq(rp_index_check(ix, RP_CHECK_DEEP), RP_OK, "%s", rp_index_errmsg(ix));
    rp_index_close(ix);
    remove_index(path);
    rp_corpus_free(c);
}

Test(store, settings_an_index_cannot_keep_are_refused_and_kept_settings_come_back)
{
    char path[256], err[512];
    rp_options o;
    rp_index *ix;

    temp_path(path, sizeof(path), "settings");
    rp_options_default(&o);
    o.dup_method = RP_DUP_SIMHASH;
    cr_expect_eq(rp_index_open(path, RP_INDEX_CREATE, &o, &ix, err, sizeof(err)), RP_EINVAL);
    cr_expect_null(ix);
    cr_expect_neq(strstr(err, "MinHash"), NULL, "%s", err);
    cr_expect_eq(
        rp_index_open(path, RP_INDEX_CREATE | RP_INDEX_READONLY, NULL, &ix, err, sizeof(err)),
        RP_EINVAL);
    rp_options_default(&o);
    o.df_cap = 33;
    o.min_passage_words = 11;
    o.dup_threshold = 0.61;
    ix = open_new(path, &o);
    rp_index_close(ix);
    rp_options_default(&o);
    o.thread_count = 3;
    cr_assert_eq(rp_index_open(path, RP_INDEX_READONLY, &o, &ix, err, sizeof(err)), RP_OK, "%s",
                 err);
    rp_index_options(ix, &o);
    cr_expect_eq(o.df_cap, 33);
    cr_expect_eq(o.min_passage_words, 11);
    cr_expect_eq(o.dup_threshold, 0.61, "a threshold comes back exactly");
    cr_expect_eq(o.thread_count, 3, "the thread count is the caller's");
    rp_index_close(ix);
    remove_index(path);
}

/* The keys' order is the canonical one (rp__order_cmp) for ids that share their first 8
 * bytes or not, are shorter or longer than 8, and unknown times. */
Test(store, the_keys_order_articles_as_the_canonical_order_does)
{
    static const int64_t times[] = {RP_TIME_NONE, INT64_MIN + 1, -1, 0, 1700000000, INT64_MAX};
    static const char *ids[] = {"",
                                "a",
                                "ab",
                                "g0000000",
                                "g0000001",
                                "g00000001",
                                "g00000002",
                                "g0000000\x01",
                                "https://example.com/a",
                                "https://example.com/b",
                                "https://example.com/",
                                "\xc3\xa9t\xc3\xa9",
                                "\x7f",
                                "zz"};
    const size_t nt = sizeof(times) / sizeof(*times), ni = sizeof(ids) / sizeof(*ids);
    struct rp__keys keys;

    memset(&keys, 0, sizeof(keys));
    for (size_t a = 0; a < nt * ni; a++)
        cr_assert_eq(rp__keys_put(&keys, (int64_t)a + 1, times[a / ni], a, ids[a % ni], NULL),
                     RP_OK);
    for (size_t a = 0; a < nt * ni; a++)
        for (size_t b = 0; b < nt * ni; b++) {
            const struct rp__key *ka = rp__keys_find(&keys, (int64_t)a + 1),
                                 *kb = rp__keys_find(&keys, (int64_t)b + 1);
            const int want = rp__order_cmp(times[a / ni], ids[a % ni], times[b / ni], ids[b % ni]);
            const int got = rp__key_cmp(ka, kb);
            cr_assert_eq(ka->text_len, a);
            cr_assert((want < 0) == (got < 0) && (want > 0) == (got > 0),
                      "'%s' at %lld against '%s' at %lld: %d, not %d", ids[a % ni],
                      (long long)times[a / ni], ids[b % ni], (long long)times[b / ni], got, want);
        }
    cr_assert_null(rp__keys_find(&keys, 0));
    cr_assert_null(rp__keys_find(&keys, (int64_t)(nt * ni) + 1));
    cr_assert_null(rp__keys_find(&keys, 1 << 20));
    rp__keys_release(&keys);
}
