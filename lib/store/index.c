/* index.c: the public interface of the persistent index (rp_index_* of reprint.h): opening,
 * adding and querying batches, settling, stories by id, statistics. */
#include "batch.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../base/banned.h"

int rp_index_open(const char *path, unsigned flags, const rp_options *o, rp_index **out,
                  char *errbuf, size_t errcap)
{
    rp_options def;
    rp_index *ix;
    int rc;

    *out = NULL;
    if (errbuf != NULL && errcap > 0)
        errbuf[0] = '\0';
    if (path == NULL || ((flags & RP_INDEX_READONLY) && (flags & RP_INDEX_CREATE)))
        return RP_EINVAL;
    if (o == NULL) {
        rp_options_default(&def);
        o = &def;
    }
    ix = rp__calloc(1, sizeof(*ix));
    if (ix == NULL)
        return RP_ENOMEM;
    if (o->dup_method != RP_DUP_MINHASH || o->shingle_len == 0 || o->shingle_len > 64 ||
        o->perm_count == 0 || o->perm_count > 1024 || o->dup_threshold <= 0 ||
        o->dup_threshold > 1 || o->dup_containment <= 0 || o->dup_containment > 1 ||
        o->df_cap < 2 || o->min_passage_words == 0) {
        rc = rp__store_fail(ix, RP_EINVAL, "'%s': an index needs MinHash and valid settings", path);
    } else {
        rc = rp__store_open(ix, path, flags, o);
    }
    if (rc == RP_OK && ix->opt.dup_method != RP_DUP_MINHASH)
        rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': the index's settings are not ones it can use",
                            path);
    if (rc < 0) {
        if (errbuf != NULL && errcap > 0)
            snprintf(errbuf, errcap, "%s", rp_index_errmsg(ix));
        rp_index_close(ix);
        return rc;
    }
    *out = ix;
    return RP_OK;
}

void rp_index_close(rp_index *ix)
{
    if (ix == NULL)
        return;
    if (ix->db != NULL)
        rp__store_close(ix);
    rp__buf_release(&ix->errmsg);
    rp__free(ix);
}

const char *rp_index_errmsg(const rp_index *ix)
{
    return ix->errmsg.data != NULL ? ix->errmsg.data : "";
}

void rp_index_options(const rp_index *ix, rp_options *out)
{
    *out = ix->opt;
}

static int batch(rp_index *ix, const rp_corpus *c, size_t first, size_t count, unsigned flags,
                 int write, rp_records **out)
{
    *out = NULL;
    if (write && ix->readonly)
        return rp__store_fail(ix, RP_EINVAL, "'%s': opened read-only", ix->path);
    if (count > 0 &&
        (c == NULL || first > rp_corpus_count(c) || count > rp_corpus_count(c) - first))
        return rp__store_fail(ix, RP_EINVAL, "articles out of range");
    rp__buf_reset(&ix->errmsg);
    return rp__batch_run(ix, c, first, count, flags, write, out);
}

int rp_index_add(rp_index *ix, const rp_corpus *c, size_t first, size_t count, unsigned flags,
                 rp_records **out)
{
    return batch(ix, c, first, count, flags, 1, out);
}

int rp_index_query(rp_index *ix, const rp_corpus *c, size_t first, size_t count, unsigned flags,
                   rp_records **out)
{
    if (!(flags & RP_ADD_SETTLE))
        flags |= RP_ADD_NO_SETTLE;
    return batch(ix, c, first, count, flags, 0, out);
}

int rp_index_settle(rp_index *ix)
{
    rp_records *r;
    const int rc = batch(ix, NULL, 0, 0, RP_ADD_SETTLE, 1, &r);

    rp_records_free(r);
    return rc;
}

/* The sid a story id names, following aliases; 0 when none. */
static int resolve(rp_index *ix, const char *id, int64_t *sid)
{
    static const enum stmt which[2] = {ST_STORY_NAME, ST_ALIAS};
    int rc = RP_OK;

    *sid = 0;
    for (int k = 0; k < 2 && *sid == 0 && rc == RP_OK; k++) {
        sqlite3_stmt *s = rp__store_stmt(ix, which[k]);
        if (s == NULL)
            return RP_EIO;
        sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
        rc = rp__store_step(ix, s, "reading the stories");
        if (rc == 1)
            *sid = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
        rc = rc < 0 ? rc : RP_OK;
    }
    return rc;
}

int rp_index_story(rp_index *ix, const char *story_id, rp_records **out)
{
    struct batch b;
    int64_t sid = 0;
    int rc;

    *out = NULL;
    rp__buf_reset(&ix->errmsg);
    rc = rp__batch_init(&b, ix);
    if (rc == RP_OK)
        rc = rp__store_begin(ix, 0);
    if (rc == RP_OK)
        rc = resolve(ix, story_id, &sid);
    if (rc == RP_OK && sid == 0)
        rc = rp__store_fail(ix, RP_EFORMAT, "'%s': no story '%s'", ix->path, story_id);
    if (rc == RP_OK)
        rc = rp__records_new(out);
    if (rc == RP_OK)
        rc = rp__export_story(&b, sid, *out);
    if (rc < 0) {
        rp_records_free(*out);
        *out = NULL;
    }
    rp__store_rollback(ix);
    rp__batch_release(&b);
    return rc;
}

static int count_of(rp_index *ix, const char *sql, uint64_t *out)
{
    sqlite3_stmt *s = NULL;
    const int src = sqlite3_prepare_v2(ix->db, sql, -1, &s, NULL);
    int rc;

    *out = 0;
    if (src != SQLITE_OK)
        return rp__store_sql_fail(ix, src, "counting");
    rc = rp__store_step(ix, s, "counting");
    if (rc == 1)
        *out = (uint64_t)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc < 0 ? rc : RP_OK;
}

int rp_index_stats_get(rp_index *ix, rp_index_stats *out)
{
    static const char *const types =
        "SELECT type, count(*) FROM (SELECT lo, hi, min(type) AS type FROM part "
        "GROUP BY lo, hi) GROUP BY type";
    sqlite3_stmt *s = NULL;
    int64_t v = 0;
    int rc, src;

    memset(out, 0, sizeof(*out));
    out->schema_version = RP__STORE_SCHEMA;
    rp__buf_reset(&ix->errmsg);
    rc = rp__store_begin(ix, 0);
    if (rc == RP_OK)
        rc = count_of(ix, "SELECT count(*) FROM article WHERE current = 1", &out->articles);
    if (rc == RP_OK)
        rc = count_of(ix, "SELECT count(*) FROM article WHERE current = 0", &out->superseded);
    if (rc == RP_OK)
        rc = count_of(ix, "SELECT count(*) FROM story", &out->stories);
    if (rc == RP_OK)
        rc = count_of(ix, "SELECT count(*) FROM story WHERE size > 1", &out->multi_stories);
    if (rc == RP_OK)
        rc = count_of(ix, "SELECT coalesce(max(size), 0) FROM story", &out->largest_story);
    if (rc == RP_OK)
        rc = count_of(ix, "SELECT count(*) FROM alias", &out->aliases);
    if (rc == RP_OK)
        rc = rp__store_meta_int(ix, "postings", 0, &v);
    out->postings = (uint64_t)v;
    if (rc == RP_OK)
        rc = rp__store_meta_int(ix, "bands", 0, &v);
    out->bands = (uint64_t)v;
    if (rc == RP_OK)
        rc = count_of(ix, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size",
                      &out->file_bytes);
    if (rc == RP_OK)
        rc = count_of(ix, "SELECT count(*) FROM prun", &out->posting_runs);
    if (rc == RP_OK)
        rc = rp__store_meta_int(ix, "batches", 0, &v);
    out->batches = (uint64_t)v;
    if (rc == RP_OK)
        rc = rp__store_meta_int(ix, "unsettled", 0, &v);
    out->unsettled = (uint64_t)v;
    if (rc == RP_OK) {
        src = sqlite3_prepare_v2(ix->db, types, -1, &s, NULL);
        if (src != SQLITE_OK)
            rc = rp__store_sql_fail(ix, src, "counting");
        while (rc == RP_OK && (rc = rp__store_step(ix, s, "counting")) == 1) {
            const int t = sqlite3_column_int(s, 0);
            const uint64_t n = (uint64_t)sqlite3_column_int64(s, 1);
            if (t >= 0 && t < RP_REL_TYPE_COUNT)
                out->by_type[t] = n;
            out->relations += n;
            rc = RP_OK;
        }
        sqlite3_finalize(s);
        rc = rc < 0 ? rc : RP_OK;
    }
    rp__store_rollback(ix);
    return rc;
}

int rp_index_optimize(rp_index *ix, size_t *runs_before)
{
    size_t before = 0;
    int rc;

    if (runs_before != NULL)
        *runs_before = 0;
    if (ix->readonly)
        return rp__store_fail(ix, RP_EINVAL, "'%s': opened read-only", ix->path);
    rp__buf_reset(&ix->errmsg);
    rc = rp__store_begin(ix, 1);
    if (rc == RP_OK)
        rc = rp__postings_optimize(ix, &before);
    if (rc == RP_OK)
        rc = TIMED(ix, RP_STEP_COMMIT, rp__store_commit(ix));
    else
        rp__store_rollback(ix);
    if (rc == RP_OK && runs_before != NULL)
        *runs_before = before;
    return rc;
}

/* ---- where the time goes ------------------------------------------------------------------- */

static double seconds_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void rp__step_begin(rp_index *ix, int step)
{
    ix->step_began[step] = seconds_now();
}

int rp__step_end(rp_index *ix, int step, int rc)
{
    ix->step_secs[step] += seconds_now() - ix->step_began[step];
    return rc;
}

const char *rp_index_step_name(int step)
{
    static const char *const names[RP_STEP_COUNT] = {
        "classify", "furniture", "features", "classes", "buckets", "postings", "rechecks", "verify",
        "write",    "merge",     "stories",  "records", "commit",  "articles", "run",      "bands"};

    return step >= 0 && step < RP_STEP_COUNT ? names[step] : NULL;
}

void rp_index_step_seconds(const rp_index *ix, double out[RP_STEP_COUNT])
{
    memcpy(out, ix->step_secs, sizeof(ix->step_secs));
}
