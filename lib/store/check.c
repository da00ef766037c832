/* check.c: rp_index_check(): SQLite's integrity check, the invariants of the index's tables
 * (doc/FORMAT.md), and, deep, a fresh scan of the current articles compared relation by
 * relation and story by story with what the index holds. */
#include "batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/io.h"
#include "../scan/scan.h"
#include "../base/banned.h"

#define PART_WORDS RP__XSTR(RP__FILTER_PART_WORDS) /* in SQL */

/* Each query counts rows that break one invariant: it must give 0. */
static const struct invariant {
    const char *sql;
    const char *what;
} invariants[] = {
    {"SELECT count(*) FROM article a LEFT JOIN text t ON t.aid = a.aid "
     "WHERE t.aid IS NULL OR length(t.body) <> a.text_len",
     "articles without their text"},
    {"SELECT count(*) FROM (SELECT id FROM article WHERE current = 1 GROUP BY id "
     "HAVING count(*) > 1)",
     "ids with two current versions"},
    {"SELECT count(*) FROM part p LEFT JOIN article x ON x.aid = p.lo LEFT JOIN article y "
     "ON y.aid = p.hi WHERE p.lo >= p.hi OR x.current IS NOT 1 OR y.current IS NOT 1 "
     "OR p.phase NOT IN (1, 2, 3)",
     "relations of articles that are not current"},
    {"SELECT count(*) FROM pgone g JOIN article a ON a.aid = g.aid WHERE a.current = 1",
     "current articles whose postings are marked gone"},
    {"SELECT count(*) FROM pblock b LEFT JOIN prun r ON r.run = b.run WHERE r.run IS NULL "
     "OR b.bid < r.first_block OR b.bid >= r.first_block + r.blocks",
     "blocks of postings outside their run"},
    {"SELECT count(*) FROM prun r WHERE r.blocks <> (SELECT count(*) FROM pblock b "
     "WHERE b.run = r.run)",
     "posting runs missing blocks"},
    {"SELECT count(*) FROM pfilter f LEFT JOIN prun r ON r.run = f.key >> 24 WHERE r.run IS NULL "
     "OR length(f.bits) <> 8 * min(" PART_WORDS
     ", r.filter_words - (f.key & 16777215) * " PART_WORDS ")",
     "parts of filters outside their run or of the wrong length"},
    {"SELECT count(*) FROM prun r WHERE (r.filter_words + " PART_WORDS " - 1) / " PART_WORDS
     " <> (SELECT count(*) FROM pfilter f WHERE f.key BETWEEN r.run << 24 AND "
     "(r.run << 24) + 16777215)",
     "posting runs missing parts of their filter"},
    {"SELECT count(*) FROM (SELECT aid FROM band UNION ALL SELECT aid FROM band_recent) b "
     "LEFT JOIN article a ON a.aid = b.aid WHERE a.current IS NOT 1 OR a.dup_content = 0",
     "LSH bands of articles that take no part"},
    {"SELECT count(*) FROM band_recent r JOIN band b USING (band, bkey, aid)",
     "LSH band rows held twice"},
    {"SELECT count(*) FROM member m LEFT JOIN article a ON a.aid = m.aid "
     "LEFT JOIN story s ON s.sid = m.sid WHERE a.current IS NOT 1 OR s.sid IS NULL",
     "story members that are not current articles of a story"},
    {"SELECT count(*) FROM story s WHERE s.size <> (SELECT count(*) FROM member m "
     "WHERE m.sid = s.sid) OR s.size = 0 OR NOT EXISTS (SELECT 1 FROM member m "
     "WHERE m.sid = s.sid AND m.aid = s.first)",
     "stories whose size or first article is wrong"},
    {"SELECT count(*) FROM alias a LEFT JOIN story s ON s.sid = a.sid WHERE s.sid IS NULL",
     "aliases of no story"},
    {"SELECT count(*) FROM alias a JOIN story s ON s.name = a.name",
     "aliases that are also story ids"},
};

/* Counters kept in meta (so that statistics need not count), each against its rows. */
static const struct counter {
    const char *sql;
    const char *key;
    const char *what;
} counters[] = {
    {"SELECT count(*) FROM article WHERE current = 1", "articles", "current articles"},
    {"SELECT (SELECT count(*) FROM band) + (SELECT count(*) FROM band_recent)", "bands",
     "LSH band rows"},
};

static int count_of(rp_index *ix, const char *sql, int64_t *out)
{
    sqlite3_stmt *s = NULL;
    const int src = sqlite3_prepare_v2(ix->db, sql, -1, &s, NULL);
    int rc;

    *out = 0;
    if (src != SQLITE_OK)
        return rp__store_sql_fail(ix, src, "checking");
    rc = rp__store_step(ix, s, "checking");
    if (rc == 1)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc < 0 ? rc : RP_OK;
}

static int integrity(rp_index *ix)
{
    sqlite3_stmt *s = NULL;
    const int src = sqlite3_prepare_v2(ix->db, "PRAGMA integrity_check", -1, &s, NULL);
    int rc;

    if (src != SQLITE_OK)
        return rp__store_sql_fail(ix, src, "checking");
    rc = rp__store_step(ix, s, "checking");
    if (rc == 1 && strcmp((const char *)sqlite3_column_text(s, 0), "ok") != 0)
        rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': integrity check: %s", ix->path,
                            (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return rc < 0 ? rc : RP_OK;
}

struct live {
    rp_index *ix;
    struct rp__map current; /* current aids */
    int64_t count;          /* postings not gone */
};

static int live_one(uint64_t gram, int64_t aid, int gone, void *user)
{
    struct live *l = user;

    (void)gram;
    if (gone)
        return RP_OK;
    l->count++;
    if (rp__map_find(&l->current, (uint64_t)aid) == NULL)
        return rp__store_fail(l->ix, RP_ECORRUPT, "'%s': postings of an article not current",
                              l->ix->path);
    return RP_OK;
}

/* Every posting the runs hold is of a current article or of one marked gone; the ones not
 * gone are as many as the count says. */
static int postings(rp_index *ix)
{
    struct live l = {ix, {NULL, NULL, 0, 0}, 0};
    sqlite3_stmt *s = NULL;
    int64_t m;
    int src, rc = RP_OK;

    src = sqlite3_prepare_v2(ix->db, "SELECT aid FROM article WHERE current = 1", -1, &s, NULL);
    if (src != SQLITE_OK)
        return rp__store_sql_fail(ix, src, "checking");
    while (rc == RP_OK && (rc = rp__store_step(ix, s, "checking")) == 1)
        rc = rp__map_put(&l.current, (uint64_t)sqlite3_column_int64(s, 0), 1, NULL);
    sqlite3_finalize(s);
    if (rc == RP_OK)
        rc = rp__postings_scan(ix, live_one, &l);
    if (rc == RP_OK)
        rc = rp__store_meta_int(ix, "postings", 0, &m);
    if (rc == RP_OK && l.count != m)
        rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': %lld postings, the count says %lld", ix->path,
                            (long long)l.count, (long long)m);
    rp__map_release(&l.current);
    return rc;
}

static int structure(rp_index *ix)
{
    int64_t n, m;
    int rc = RP_OK;

    for (size_t k = 0; k < sizeof(invariants) / sizeof(invariants[0]) && rc == RP_OK; k++) {
        rc = count_of(ix, invariants[k].sql, &n);
        if (rc == RP_OK && n != 0)
            rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': %lld %s", ix->path, (long long)n,
                                invariants[k].what);
    }
    for (size_t k = 0; k < sizeof(counters) / sizeof(counters[0]) && rc == RP_OK; k++) {
        rc = count_of(ix, counters[k].sql, &n);
        if (rc == RP_OK)
            rc = rp__store_meta_int(ix, counters[k].key, 0, &m);
        if (rc == RP_OK && n != m)
            rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': %lld %s, the count says %lld", ix->path,
                                (long long)n, counters[k].what, (long long)m);
    }
    if (rc == RP_OK)
        rc = postings(ix);
    if (rc == RP_OK)
        rc = count_of(ix, "SELECT count(*) FROM article WHERE current = 1", &n);
    if (rc == RP_OK && (ix->opt.detect & RP_DETECT_STORIES)) {
        rc = count_of(ix, "SELECT count(*) FROM member", &m);
        if (rc == RP_OK && n != m)
            rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': %lld current articles, %lld in stories",
                                ix->path, (long long)n, (long long)m);
    }
    return rc;
}

/* ---- deep: a fresh scan -------------------------------------------------------------- */

struct deep {
    rp_index *ix;
    struct batch b;
    rp_corpus *c;
    int64_t *aid;
    size_t n;
    struct rp__map index; /* aid -> corpus index */
    rp_scan *scan;
    size_t seen; /* stored relations compared */
};

static int ids_of(const struct deep *d, const rp_relation *r, const char **a, const char **b)
{
    *a = rp_corpus_get(d->c, r->a)->id;
    *b = rp_corpus_get(d->c, r->b)->id;
    return RP_OK;
}

static int cmp_scan_rel(const void *key, const void *elem, void *user)
{
    const struct deep *d = user;
    const char *const *k = key;
    const rp_relation *r = *(const rp_relation *const *)elem;
    const char *a, *b;
    int c;

    ids_of(d, r, &a, &b);
    c = strcmp(k[0], a);
    return c != 0 ? c : strcmp(k[1], b);
}

static int compare_one(void *user, int64_t lo, int64_t hi, const rp_relation *r, int flip)
{
    struct deep *d = user;
    const uint64_t *x = rp__map_find(&d->index, (uint64_t)(flip ? hi : lo));
    const uint64_t *y = rp__map_find(&d->index, (uint64_t)(flip ? lo : hi));
    const size_t n = rp_scan_relation_count(d->scan);
    size_t lo_i = 0, hi_i = n;

    if (x == NULL || y == NULL)
        return rp__store_fail(d->ix, RP_ECORRUPT, "'%s': a relation of articles not current",
                              d->ix->path);
    const char *key[2] = {rp_corpus_get(d->c, *x)->id, rp_corpus_get(d->c, *y)->id};
    while (lo_i < hi_i) { /* the scan's relations are sorted by ids */
        const size_t mid = (lo_i + hi_i) / 2;
        const rp_relation *m = rp_scan_relation(d->scan, mid);
        const int c = cmp_scan_rel(key, &m, d);
        if (c == 0) {
            d->seen++;
            if (!rp__relation_equal(m, r))
                return rp__store_fail(d->ix, RP_ECORRUPT,
                                      "'%s': the relation of '%s' and '%s' is not the one a "
                                      "scan finds",
                                      d->ix->path, key[0], key[1]);
            return RP_OK;
        }
        if (c < 0)
            hi_i = mid;
        else
            lo_i = mid + 1;
    }
    return rp__store_fail(d->ix, RP_ECORRUPT,
                          "'%s': the index relates '%s' and '%s', a scan does not", d->ix->path,
                          key[0], key[1]);
}

/* The stories as sorted lines "id,id,...;role,role" for comparing partitions and roles. */
static int story_lines(const rp_corpus *c, const rp_story *const *st, size_t n, char ***out)
{
    char **lines = rp__calloc(n + 1, sizeof(*lines));
    int rc = RP_OK;

    if (lines == NULL)
        return RP_ENOMEM;
    for (size_t k = 0; k < n && rc == RP_OK; k++) {
        struct rp__buf b = {NULL, 0, 0};
        for (size_t x = 0; x < st[k]->article_count && rc == RP_OK; x++)
            rc = rp__buf_printf(&b, "%s%s:%d:%.6f:%s", x ? "," : "",
                                rp_corpus_get(c, st[k]->articles[x])->id, st[k]->roles[x],
                                st[k]->novel_share[x],
                                st[k]->sources == NULL || st[k]->sources[x] == SIZE_MAX
                                    ? "-"
                                    : rp_corpus_get(c, st[k]->sources[x])->id);
        if (rc == RP_OK)
            rc = rp__buf_printf(&b, ";%s;%d",
                                st[k]->original == SIZE_MAX ? "-"
                                                            : rp_corpus_get(c, st[k]->original)->id,
                                st[k]->order_inferred);
        lines[k] = rp__buf_detach(&b, NULL);
        if (rc == RP_OK && lines[k] == NULL)
            rc = RP_ENOMEM;
    }
    *out = lines;
    return rc;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void lines_free(char **l, size_t n)
{
    for (size_t i = 0; l != NULL && i < n; i++)
        rp__free(l[i]);
    rp__free(l);
}

static int compare_stories(struct deep *d)
{
    rp_index_export *e = NULL;
    const rp_story **mine = NULL, **theirs = NULL;
    rp_records **pages = NULL;
    size_t nm = 0, np = 0, mcap = 0, pcap = 0;
    char **lm = NULL, **lt = NULL;
    const size_t nt = rp_scan_story_count(d->scan);
    int rc;

    /* the index's stories through an export of its own (in the same transaction) */
    rc = rp__export_stories(d->ix, &e);
    rp_records *page;
    while (rc == RP_OK && (rc = rp_index_export_next(e, &page)) == RP_OK && page != NULL) {
        if (RP__GROW(pages, pcap, np + 1) < 0) {
            rp_records_free(page);
            rc = RP_ENOMEM;
            break;
        }
        pages[np++] = page;
    }
    rp_index_export_close(e);
    /* each page has its own corpus: compare by lines of ids */
    char **all = NULL;
    size_t na = 0, acap = 0;
    for (size_t p = 0; p < np && rc == RP_OK; p++) {
        const size_t k = rp_records_story_count(pages[p]);
        const rp_story **v = rp__calloc(k + 1, sizeof(*v));
        char **l = NULL;
        if (v == NULL) {
            rc = RP_ENOMEM;
            break;
        }
        for (size_t i = 0; i < k; i++)
            v[i] = rp_records_story(pages[p], i);
        rc = story_lines(rp_records_corpus(pages[p]), v, k, &l);
        for (size_t i = 0; i < k && rc == RP_OK; i++) {
            if (RP__GROW(all, acap, na + 1) < 0) {
                rc = RP_ENOMEM;
                break;
            }
            all[na++] = l[i];
            l[i] = NULL;
        }
        lines_free(l, k);
        rp__free(v);
    }
    lm = all;
    nm = na;
    (void)mine;
    (void)mcap;
    theirs = rp__calloc(nt + 1, sizeof(*theirs));
    if (rc == RP_OK && theirs == NULL)
        rc = RP_ENOMEM;
    for (size_t k = 0; k < nt && rc == RP_OK; k++)
        theirs[k] = rp_scan_story(d->scan, k);
    if (rc == RP_OK)
        rc = story_lines(d->c, theirs, nt, &lt);
    if (rc == RP_OK) {
        qsort(lm, nm, sizeof(*lm), cmp_str);
        qsort(lt, nt, sizeof(*lt), cmp_str);
        if (nm != nt)
            rc = rp__store_fail(d->ix, RP_ECORRUPT, "'%s': %zu stories, a scan finds %zu",
                                d->ix->path, nm, nt);
        for (size_t k = 0; k < nt && rc == RP_OK; k++)
            if (strcmp(lm[k], lt[k]) != 0)
                rc = rp__store_fail(d->ix, RP_ECORRUPT,
                                    "'%s': the index holds story %s, a scan finds %s", d->ix->path,
                                    lm[k], lt[k]);
    }
    lines_free(lm, nm);
    lines_free(lt, nt);
    rp__free(theirs);
    for (size_t p = 0; p < np; p++)
        rp_records_free(pages[p]);
    rp__free(pages);
    return rc;
}

static int deep(rp_index *ix)
{
    struct deep d;
    sqlite3_stmt *s = NULL;
    int64_t unsettled = 0;
    size_t cap = 0;
    int src, rc;

    memset(&d, 0, sizeof(d));
    d.ix = ix;
    rc = rp__batch_init(&d.b, ix);
    if (rc == RP_OK)
        rc = rp_corpus_new(&d.c);
    if (rc < 0)
        goto out;
    src = sqlite3_prepare_v2(ix->db, "SELECT aid FROM article WHERE current = 1 ORDER BY aid", -1,
                             &s, NULL);
    if (src != SQLITE_OK) {
        rc = rp__store_sql_fail(ix, src, "checking");
        goto out;
    }
    while ((rc = rp__store_step(ix, s, "checking")) == 1) {
        const int64_t aid = sqlite3_column_int64(s, 0);
        size_t i;
        rc = rp__batch_art(&d.b, aid, 1, &i);
        if (rc == RP_OK && RP__GROW(d.aid, cap, d.n + 1) < 0)
            rc = RP_ENOMEM;
        if (rc == RP_OK)
            rc = rp__corpus_put(d.c, &d.b.arts[i]->a);
        if (rc == RP_OK)
            rc = rp__map_put(&d.index, (uint64_t)aid, d.n, NULL);
        if (rc < 0)
            break;
        d.aid[d.n++] = aid;
    }
    sqlite3_finalize(s);
    if (rc < 0)
        goto out;
    rc = rp__store_meta_int(ix, "unsettled", 0, &unsettled);
    if (rc < 0)
        goto out;
    if (unsettled == 0) {
        rc = rp_scan_run(d.c, &ix->opt, &d.scan);
    } else {
        /* furniture by repetition, rewrites and what the stories add to relations wait for a
         * settlement: the duplicates and reuse of a scan with the index's own furniture, and
         * the relations without their story-phase parts */
        rp_options o = ix->opt;
        rp_article_info *info = rp__calloc(d.n + 1, sizeof(*info));
        rc = info == NULL ? RP_ENOMEM : RP_OK;
        for (size_t k = 0; k < d.n && rc == RP_OK; k++) {
            const struct art *a = d.b.arts[*rp__map_find(&d.b.by_aid, (uint64_t)d.aid[k])];
            info[k].stats = a->stats;
            info[k].content_hash = a->content_hash;
            info[k].boilerplate = a->spans;
            info[k].boilerplate_count = a->span_count;
        }
        o.detect &= RP_DETECT_DUPLICATES | RP_DETECT_REUSE;
        d.b.settle = 1;
        const struct rp__scan_preset preset = {info, NULL, 0};
        if (rc == RP_OK)
            rc = rp__scan_resume(d.c, &o, &preset, &d.scan);
        rp__free(info);
    }
    if (rc < 0) {
        rc = rp__store_fail(ix, rc, "'%s': the scan to compare with failed", ix->path);
        goto out;
    }
    /* the boilerplate and counts of every article */
    for (size_t k = 0; k < d.n && rc == RP_OK; k++) {
        rp_article_info in;
        const uint64_t *v = rp__map_find(&d.b.by_aid, (uint64_t)d.aid[k]);
        const struct art *a = d.b.arts[*v];
        rp_scan_article(d.scan, k, &in);
        int same = in.content_hash == a->content_hash &&
                   in.stats.word_count == a->stats.word_count &&
                   in.boilerplate_count == a->span_count;
        for (size_t x = 0; same && x < a->span_count; x++)
            same = in.boilerplate[x].start == a->spans[x].start &&
                   in.boilerplate[x].end == a->spans[x].end;
        int fit = 0;
        rc = rp__batch_words_fit(a, &fit);
        if (rc == RP_OK && !fit)
            rc =
                rp__store_fail(ix, RP_ECORRUPT, "'%s': the words of '%s' are not those of its text",
                               ix->path, a->a.id);
        if (rc == RP_OK && !same)
            rc = rp__store_fail(ix, RP_ECORRUPT,
                                "'%s': the counts or boilerplate of '%s' are not a scan's",
                                ix->path, a->a.id);
    }
    if (rc == RP_OK)
        rc = rp__batch_relations(&d.b, compare_one, &d);
    if (rc == RP_OK && d.seen != rp_scan_relation_count(d.scan))
        rc =
            rp__store_fail(ix, RP_ECORRUPT, "'%s': the index holds %zu relations, a scan finds %zu",
                           ix->path, d.seen, rp_scan_relation_count(d.scan));
    if (rc == RP_OK && unsettled == 0 && (ix->opt.detect & RP_DETECT_STORIES))
        rc = compare_stories(&d);
out:
    rp_scan_free(d.scan);
    rp_corpus_free(d.c);
    rp__free(d.aid);
    rp__map_release(&d.index);
    rp__batch_release(&d.b);
    return rc;
}

int rp_index_check(rp_index *ix, unsigned flags)
{
    int rc;

    rp__buf_reset(&ix->errmsg);
    rc = rp__store_begin(ix, 0);
    if (rc == RP_OK)
        rc = integrity(ix);
    if (rc == RP_OK)
        rc = structure(ix);
    if (rc == RP_OK && (flags & RP_CHECK_DEEP))
        rc = deep(ix);
    rp__store_rollback(ix);
    return rc;
}
