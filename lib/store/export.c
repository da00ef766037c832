/* export.c: the whole index as records, a page at a time from one read snapshot, in the
 * order of `reprint scan --format jsonl`: the articles (in the order they were added), the
 * relations (by the ids of their pair), the stories (by the smallest id among their
 * articles). Also the record of one story as the file holds it. */
#include "batch.h"

#include <string.h>

#include "../scan/scan.h"
#include "../base/banned.h"

#define PAGE 512 /* records per page */

enum { PART_ARTICLES, PART_RELATIONS, PART_STORIES, PART_END };

struct rp_index_export {
    rp_index *ix;
    int part;          /* PART_*: what the pages hold now */
    sqlite3_stmt *cur; /* the query of the current part */
    int at_end;        /* cur has no more rows */
    int own_txn;       /* the export opened the read transaction (and ends it) */
};

static const char *const part_sql[PART_END] = {
    [PART_ARTICLES] = "SELECT aid FROM article WHERE current = 1 ORDER BY aid",
    [PART_RELATIONS] = ("SELECT p.lo, p.hi FROM part p JOIN article x ON x.aid = p.lo "
                        "JOIN article y ON y.aid = p.hi GROUP BY p.lo, p.hi "
                        "ORDER BY min(x.id, y.id), max(x.id, y.id)"),
    [PART_STORIES] = ("SELECT s.sid FROM story s ORDER BY (SELECT min(a.id) FROM member m "
                      "JOIN article a ON a.aid = m.aid WHERE m.sid = s.sid)"),
};

int rp__export_story(struct batch *b, int64_t sid, rp_records *r)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_STORY), *m = NULL;
    rp_story st;
    size_t *idx = NULL, n = 0, cap = 0;
    int *roles = NULL;
    double *novel = NULL;
    int64_t *source = NULL; /* per member: the aid of its source, or 0 */
    size_t *src_idx = NULL;
    char *name = NULL, *title = NULL;
    int64_t original = 0;
    int rc, src;

    if (s == NULL)
        return RP_EIO;
    memset(&st, 0, sizeof(st));
    sqlite3_bind_int64(s, 1, sid);
    rc = rp__store_step(b->ix, s, "reading a story");
    if (rc == 1) {
        name = rp__strdup((const char *)sqlite3_column_text(s, 0));
        original = sqlite3_column_int64(s, 2);
        if (sqlite3_column_type(s, 3) != SQLITE_NULL)
            title = rp__strdup((const char *)sqlite3_column_text(s, 3));
        st.order_inferred = sqlite3_column_int(s, 4);
        rc = name == NULL ? RP_ENOMEM : RP_OK;
    } else if (rc == 0) {
        rc = rp__store_fail(b->ix, RP_ECORRUPT, "'%s': story #%lld is missing", b->ix->path,
                            (long long)sid);
    }
    sqlite3_reset(s);
    if (rc < 0)
        goto out;
    src = sqlite3_prepare_v2(
        b->ix->db, "SELECT aid, role, novel, source FROM member WHERE sid = ?1 ORDER BY pos", -1,
        &m, NULL);
    if (src != SQLITE_OK) {
        rc = rp__store_sql_fail(b->ix, src, "reading a story");
        goto out;
    }
    sqlite3_bind_int64(m, 1, sid);
    st.original = SIZE_MAX;
    while ((rc = rp__store_step(b->ix, m, "reading a story")) == 1) {
        const int64_t aid = sqlite3_column_int64(m, 0);
        size_t i, ci;
        if (n == cap) {
            cap = cap < 16 ? 16 : cap * 2;
            size_t *a2 = rp__realloc(idx, cap * sizeof(*a2));
            int *r2 = a2 != NULL ? rp__realloc(roles, cap * sizeof(*r2)) : NULL;
            double *n2 = r2 != NULL ? rp__realloc(novel, cap * sizeof(*n2)) : NULL;
            int64_t *s2 = n2 != NULL ? rp__realloc(source, cap * sizeof(*s2)) : NULL;
            if (a2 != NULL)
                idx = a2;
            if (r2 != NULL)
                roles = r2;
            if (n2 != NULL)
                novel = n2;
            if (s2 == NULL) {
                rc = RP_ENOMEM;
                break;
            }
            source = s2;
        }
        rc = rp__batch_art(b, aid, 0, &i);
        if (rc == RP_OK)
            rc = rp__records_put(r, aid, &b->arts[i]->a, 0, &ci);
        if (rc < 0)
            break;
        idx[n] = ci;
        roles[n] = sqlite3_column_int(m, 1);
        novel[n] = sqlite3_column_double(m, 2);
        source[n] = sqlite3_column_type(m, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64(m, 3);
        if (aid == original)
            st.original = ci;
        n++;
    }
    if (rc < 0)
        goto out;
    if (n == 0) {
        rc = rp__store_fail(b->ix, RP_ECORRUPT, "'%s': story '%s' has no articles", b->ix->path,
                            name);
        goto out;
    }
    st.id = name;
    st.title = title;
    st.articles = idx;
    st.article_count = n;
    st.roles = roles;
    st.novel_share = novel;
    src_idx = rp__calloc(n + 1, sizeof(*src_idx));
    if (src_idx == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    for (size_t x = 0; x < n; x++) { /* a source is a member: the records hold it */
        const uint64_t *v = source[x] != 0 ? rp__map_find(&r->index, (uint64_t)source[x]) : NULL;
        src_idx[x] = v != NULL ? (size_t)*v : SIZE_MAX;
    }
    st.sources = src_idx;
    rc = rp__records_add_story(r, &st);
out:
    sqlite3_finalize(m);
    rp__free(idx);
    rp__free(roles);
    rp__free(novel);
    rp__free(source);
    rp__free(src_idx);
    rp__free(name);
    rp__free(title);
    return rc;
}

int rp_index_export_open(rp_index *ix, rp_index_export **out)
{
    rp_index_export *e = rp__calloc(1, sizeof(*e));
    int rc;

    *out = NULL;
    if (e == NULL)
        return RP_ENOMEM;
    e->ix = ix;
    rp__buf_reset(&ix->errmsg);
    rc = rp__store_begin(ix, 0);
    if (rc < 0) {
        rp__free(e);
        return rc;
    }
    e->part = -1;
    e->own_txn = 1;
    *out = e;
    return RP_OK;
}

int rp__export_stories(rp_index *ix, rp_index_export **out)
{
    rp_index_export *e = rp__calloc(1, sizeof(*e));

    *out = e;
    if (e == NULL)
        return RP_ENOMEM;
    e->ix = ix;
    e->part = PART_STORIES - 1;
    e->at_end = 1;
    return RP_OK;
}

static int next_part(rp_index_export *e)
{
    int src;

    sqlite3_finalize(e->cur);
    e->cur = NULL;
    e->at_end = 0;
    e->part++;
    if (e->part >= PART_END)
        return RP_OK;
    src = sqlite3_prepare_v2(e->ix->db, part_sql[e->part], -1, &e->cur, NULL);
    return src == SQLITE_OK ? RP_OK : rp__store_sql_fail(e->ix, src, "exporting");
}

static int one_record(rp_index_export *e, struct batch *b, rp_records *r)
{
    size_t i, ci;
    int rc = RP_OK;

    if (e->part == PART_ARTICLES) {
        const int64_t aid = sqlite3_column_int64(e->cur, 0);
        rc = rp__batch_art(b, aid, 1, &i);
        if (rc == RP_OK)
            rc = rp__records_put(r, aid, &b->arts[i]->a, 1, &ci);
        if (rc == RP_OK) {
            const struct art *a = b->arts[i];
            rp_article_info info;
            memset(&info, 0, sizeof(info));
            info.stats = a->stats;
            info.boilerplate = a->spans;
            info.boilerplate_count = a->span_count;
            info.content_hash = a->content_hash;
            rc = rp__records_add_record(r, ci, &info, RP_STATUS_ADDED);
        }
    } else if (e->part == PART_RELATIONS) {
        const int64_t lo = sqlite3_column_int64(e->cur, 0), hi = sqlite3_column_int64(e->cur, 1);
        rp_relation rel;
        int flip, found;
        size_t ia = 0, ib = 0, xa, xb;
        rc = rp__batch_relation(b, lo, hi, &rel, &flip, &found);
        if (rc < 0 || !found)
            return rc;
        rc = rp__batch_art(b, flip ? hi : lo, 0, &xa);
        if (rc == RP_OK)
            rc = rp__batch_art(b, flip ? lo : hi, 0, &xb);
        if (rc == RP_OK)
            rc = rp__records_put(r, flip ? hi : lo, &b->arts[xa]->a, 0, &ia);
        if (rc == RP_OK)
            rc = rp__records_put(r, flip ? lo : hi, &b->arts[xb]->a, 0, &ib);
        rel.a = ia;
        rel.b = ib;
        if (rc == RP_OK)
            rc = rp__records_add_relation(r, &rel);
        rp__relation_release(&rel);
    } else {
        rc = rp__export_story(b, sqlite3_column_int64(e->cur, 0), r);
    }
    return rc;
}

int rp_index_export_next(rp_index_export *e, rp_records **out)
{
    struct batch b;
    rp_records *r = NULL;
    size_t n = 0;
    int rc;

    *out = NULL;
    if ((e->part < 0 || e->at_end) && (rc = next_part(e)) < 0)
        return rc;
    rc = rp__batch_init(&b, e->ix);
    if (rc == RP_OK)
        rc = rp__records_new(&r);
    while (rc == RP_OK && e->part < PART_END && n < PAGE) {
        rc = rp__store_step(e->ix, e->cur, "exporting");
        if (rc == 0) {
            if (n > 0) { /* a page holds one kind of record */
                e->at_end = 1;
                break;
            }
            rc = next_part(e);
            continue;
        }
        if (rc == 1) {
            rc = one_record(e, &b, r);
            n++;
        }
    }
    rp__batch_release(&b);
    if (rc < 0 || n == 0) {
        rp_records_free(r);
        return rc;
    }
    *out = r;
    return RP_OK;
}

void rp_index_export_close(rp_index_export *e)
{
    if (e == NULL)
        return;
    sqlite3_finalize(e->cur);
    if (e->own_txn)
        rp__store_rollback(e->ix);
    rp__free(e);
}
