/* db.c: the SQL layer of the index: opening or creating the file, refusing foreign or newer
 * files, the schema of doc/FORMAT.md, prepared statements, transactions and the mapping of
 * SQLite's results to ours. */
#include "store.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../sketch/dups.h"
#include "../base/banned.h"

static const char *const sql[ST_COUNT] = {
    [ST_FIND_ID] = "SELECT aid, record_hash, version FROM article WHERE id = ?1 AND current = 1",
    [ST_MAX_AID] = "SELECT max((SELECT coalesce(max(aid), 0) FROM article), "
                   "(SELECT coalesce(max(aid), 0) FROM pgone))",
    [ST_KEY] = "SELECT published, text_len, id FROM article WHERE aid = ?1",
    [ST_KEYS] = "SELECT aid, published, text_len, id FROM article WHERE aid < ?1",
    [ST_ARTICLE] = "SELECT id, title, source, url, published, has_time, words, sentences, "
                   "paragraphs, invalid_utf8, content_hash, dup_content, boilerplate, text_len, "
                   "words_at FROM article WHERE aid = ?1",
    [ST_TEXT] = "SELECT body FROM text WHERE aid = ?1",
    [ST_PUT_ARTICLE] = "INSERT INTO article (aid, id, version, current, batch, record_hash, "
                       "title, source, url, published, has_time, text_len, words, sentences, "
                       "paragraphs, invalid_utf8, content_hash, dup_content, boilerplate, "
                       "words_at) VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                       "?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    [ST_PUT_TEXT] = "INSERT INTO text (aid, body) VALUES (?1, ?2)",
    [ST_SUPERSEDE] = "UPDATE article SET current = 0 WHERE aid = ?1",
    [ST_DEL_ARTICLE] = "DELETE FROM article WHERE aid = ?1",
    [ST_DEL_TEXT] = "DELETE FROM text WHERE aid = ?1",
    [ST_CLASS] = "SELECT aid, published, text_len, id FROM article WHERE dup_content = ?1 AND "
                 "current = 1 AND "
                 "dup_content <> 0",
    [ST_RUNS] = "SELECT run, level, postings, grams, first_block, blocks, length(fences), "
                "filter_words FROM prun ORDER BY run",
    [ST_NEXT_RUN] = "SELECT coalesce(max(run), 0) + 1, "
                    "(SELECT coalesce(max(bid), 0) + 1 FROM pblock) FROM prun",
    [ST_PUT_RUN] = "INSERT INTO prun (run, level, postings, grams, first_block, blocks, fences, "
                   "filter_words) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_FILTER] = "SELECT bits FROM pfilter WHERE key = ?1",
    [ST_FILTER_RANGE] = "SELECT key, bits FROM pfilter WHERE key BETWEEN ?1 AND ?2 ORDER BY key",
    [ST_PUT_FILTER] = "INSERT INTO pfilter (key, bits) VALUES (?1, ?2)",
    [ST_DEL_FILTER] = "DELETE FROM pfilter WHERE key BETWEEN ?1 AND ?2",
    [ST_DEL_RUN] = "DELETE FROM prun WHERE run = ?1",
    [ST_BLOCK] = "SELECT data FROM pblock WHERE bid = ?1",
    [ST_PUT_BLOCK] = "INSERT INTO pblock (bid, run, data) VALUES (?1, ?2, ?3)",
    [ST_DEL_BLOCKS] = "DELETE FROM pblock WHERE bid BETWEEN ?1 AND ?2",
    [ST_GONE] = "SELECT aid FROM pgone ORDER BY aid",
    [ST_PUT_GONE] = "INSERT OR IGNORE INTO pgone (aid) VALUES (?1)",
    [ST_CLEAR_GONE] = "DELETE FROM pgone",
    [ST_BUCKET] = "SELECT b.aid, a.published, a.text_len, a.id FROM (SELECT aid FROM band "
                  "WHERE band = ?1 AND bkey = ?2 UNION ALL SELECT aid FROM band_recent "
                  "WHERE band = ?1 AND bkey = ?2) b JOIN article a ON a.aid = b.aid",
    [ST_PUT_BAND] = "INSERT INTO band_recent (band, bkey, aid) VALUES (?1, ?2, ?3)",
    [ST_DEL_BAND] = "DELETE FROM band WHERE band = ?1 AND bkey = ?2 AND aid = ?3",
    [ST_DEL_BAND_RECENT] = "DELETE FROM band_recent WHERE band = ?1 AND bkey = ?2 AND aid = ?3",
    [ST_BANDS_RECENT] = "SELECT count(*) FROM band_recent",
    [ST_PART] = "SELECT flip, data FROM part WHERE lo = ?1 AND hi = ?2 AND phase = ?3",
    [ST_PARTS_LO] = "SELECT hi, phase, type FROM part WHERE lo = ?1",
    [ST_PUT_PART] = "INSERT OR REPLACE INTO part (lo, hi, phase, flip, type, data) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_DEL_PART] = "DELETE FROM part WHERE lo = ?1 AND hi = ?2 AND phase = ?3",
    [ST_DEL_PHASE] = "DELETE FROM part WHERE phase = ?1",
    [ST_PARTS_OF] = "SELECT lo, hi, phase, flip, data FROM part WHERE lo = ?1 UNION ALL "
                    "SELECT lo, hi, phase, flip, data FROM part WHERE hi = ?1 "
                    "ORDER BY 1, 2, 3",
    [ST_DEL_PARTS_OF] = "DELETE FROM part WHERE lo = ?1 OR hi = ?1",
    [ST_MEMBER] = "SELECT sid FROM member WHERE aid = ?1",
    [ST_PUT_MEMBER] = "INSERT OR REPLACE INTO member (aid, sid, pos, role, novel, source) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_DEL_MEMBER] = "DELETE FROM member WHERE aid = ?1",
    [ST_MEMBERS] = "SELECT aid FROM member WHERE sid = ?1 ORDER BY pos",
    [ST_STORY] = "SELECT name, first, original, title, order_inferred, size FROM story "
                 "WHERE sid = ?1",
    [ST_STORY_NAME] = "SELECT sid FROM story WHERE name = ?1",
    [ST_PUT_STORY] = "INSERT OR REPLACE INTO story (sid, name, first, original, title, "
                     "order_inferred, size, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ST_DEL_STORY] = "DELETE FROM story WHERE sid = ?1",
    [ST_ALIAS] = "SELECT sid FROM alias WHERE name = ?1",
    [ST_PUT_ALIAS] = "INSERT OR REPLACE INTO alias (name, sid, batch, reason) "
                     "VALUES (?1, ?2, ?3, ?4)",
    [ST_META] = "SELECT value FROM meta WHERE key = ?1",
    [ST_PUT_META] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
    [ST_STORY_PARTS] = "SELECT p.lo, p.hi, p.phase, p.flip, p.data FROM member m "
                       "JOIN part p ON p.lo = m.aid JOIN member n ON n.aid = p.hi "
                       "AND n.sid = m.sid WHERE m.sid = ?1 ORDER BY 1, 2, 3",
};

/* The schema, version RP__STORE_SCHEMA (doc/FORMAT.md). */
static const char schema[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
    "CREATE TABLE article (aid INTEGER PRIMARY KEY, id TEXT NOT NULL, version INTEGER NOT NULL,"
    " current INTEGER NOT NULL, batch INTEGER NOT NULL, record_hash INTEGER NOT NULL,"
    " title TEXT, source TEXT, url TEXT, published INTEGER, has_time INTEGER NOT NULL,"
    " text_len INTEGER NOT NULL, words INTEGER NOT NULL, sentences INTEGER NOT NULL,"
    " paragraphs INTEGER NOT NULL, invalid_utf8 INTEGER NOT NULL,"
    " content_hash INTEGER NOT NULL, dup_content INTEGER NOT NULL, boilerplate BLOB NOT NULL,"
    " words_at BLOB NOT NULL);"
    "CREATE UNIQUE INDEX article_version ON article (id, version);"
    "CREATE INDEX article_dup ON article (dup_content) WHERE current = 1 AND dup_content <> 0;"
    "CREATE TABLE text (aid INTEGER PRIMARY KEY, body BLOB NOT NULL);"
    "CREATE TABLE prun (run INTEGER PRIMARY KEY, level INTEGER NOT NULL,"
    " postings INTEGER NOT NULL, grams INTEGER NOT NULL, first_block INTEGER NOT NULL,"
    " blocks INTEGER NOT NULL, fences BLOB NOT NULL, filter_words INTEGER NOT NULL);"
    "CREATE TABLE pfilter (key INTEGER PRIMARY KEY, bits BLOB NOT NULL);"
    "CREATE TABLE pblock (bid INTEGER PRIMARY KEY, run INTEGER NOT NULL, data BLOB NOT NULL);"
    "CREATE TABLE pgone (aid INTEGER PRIMARY KEY);"
    "CREATE TABLE band (band INTEGER NOT NULL, bkey INTEGER NOT NULL, aid INTEGER NOT NULL,"
    " PRIMARY KEY (band, bkey, aid)) WITHOUT ROWID;"
    "CREATE TABLE band_recent (band INTEGER NOT NULL, bkey INTEGER NOT NULL,"
    " aid INTEGER NOT NULL, PRIMARY KEY (band, bkey, aid)) WITHOUT ROWID;"
    "CREATE TABLE part (lo INTEGER NOT NULL, hi INTEGER NOT NULL, phase INTEGER NOT NULL,"
    " flip INTEGER NOT NULL, type INTEGER NOT NULL, data BLOB NOT NULL,"
    " PRIMARY KEY (lo, hi, phase)) WITHOUT ROWID;"
    "CREATE INDEX part_hi ON part (hi);"
    "CREATE TABLE story (sid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " first INTEGER NOT NULL, original INTEGER, title TEXT, order_inferred INTEGER NOT NULL,"
    " size INTEGER NOT NULL, created INTEGER NOT NULL);"
    "CREATE TABLE member (aid INTEGER PRIMARY KEY, sid INTEGER NOT NULL, pos INTEGER NOT NULL,"
    " role INTEGER NOT NULL, novel REAL NOT NULL, source INTEGER);"
    "CREATE INDEX member_story ON member (sid, pos);"
    "CREATE TABLE alias (name TEXT PRIMARY KEY, sid INTEGER NOT NULL, batch INTEGER NOT NULL,"
    " reason TEXT NOT NULL) WITHOUT ROWID;";

int rp__store_fail(rp_index *ix, int rc, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    rp__buf_reset(&ix->errmsg);
    if (rp__buf_append(&ix->errmsg, msg, strlen(msg)) < 0)
        return RP_ENOMEM;
    return rc;
}

int rp__store_sql_fail(rp_index *ix, int src, const char *what)
{
    const int primary = src & 0xff;
    int rc = RP_EIO;

    if (primary == SQLITE_NOMEM)
        rc = RP_ENOMEM;
    else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_FORMAT)
        rc = RP_ECORRUPT;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        return rp__store_fail(ix, rc, "'%s': %s: the index is locked by another writer", ix->path,
                              what);
    if (rc == RP_ECORRUPT)
        return rp__store_fail(ix, rc, "'%s': not a reprint index, or a damaged one: %s (%s)",
                              ix->path, sqlite3_errstr(src), what);
    return rp__store_fail(ix, rc, "'%s': %s: %s", ix->path, what,
                          ix->db != NULL ? sqlite3_errmsg(ix->db) : sqlite3_errstr(src));
}

sqlite3_stmt *rp__store_stmt(rp_index *ix, enum stmt which)
{
    sqlite3_stmt *s = ix->stmt[which];

    if (s == NULL) {
        const int src = sqlite3_prepare_v3(ix->db, sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                                           &ix->stmt[which], NULL);
        if (src != SQLITE_OK) {
            rp__store_sql_fail(ix, src, "preparing a statement");
            return NULL;
        }
        return ix->stmt[which];
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

int rp__store_exec(rp_index *ix, const char *text)
{
    const int src = sqlite3_exec(ix->db, text, NULL, NULL, NULL);

    return src == SQLITE_OK ? RP_OK : rp__store_sql_fail(ix, src, "running SQL");
}

int rp__store_step(rp_index *ix, sqlite3_stmt *s, const char *what)
{
    const int src = sqlite3_step(s);

    if (src == SQLITE_ROW)
        return 1;
    if (src == SQLITE_DONE)
        return 0;
    return rp__store_sql_fail(ix, src, what);
}

int rp__store_run(rp_index *ix, sqlite3_stmt *s, const char *what)
{
    const int rc = rp__store_step(ix, s, what);

    sqlite3_reset(s);
    return rc < 0 ? rc : RP_OK;
}

int rp__store_begin(rp_index *ix, int write)
{
    int rc;

    if (ix->in_txn) /* an export of this handle is still open */
        return rp__store_fail(ix, RP_EINVAL, "'%s': the handle is in the middle of an export",
                              ix->path);
    rc = rp__store_exec(ix, write ? "BEGIN IMMEDIATE" : "BEGIN");
    if (rc == RP_OK)
        ix->in_txn = 1;
    ix->post.fresh = 0; /* another writer may have changed the runs since */
    return rc;
}

int rp__store_commit(rp_index *ix)
{
    const int rc = rp__store_exec(ix, "COMMIT");

    if (rc < 0) {
        rp__store_rollback(ix);
        return rc;
    }
    ix->in_txn = 0;
    ix->post.dirty = 0;
    return RP_OK;
}

void rp__store_rollback(rp_index *ix)
{
    if (ix->in_txn)
        sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
    ix->in_txn = 0;
    if (ix->post.dirty)
        rp__postings_forget(ix);
}

int rp__store_meta_int(rp_index *ix, const char *key, int64_t def, int64_t *out)
{
    sqlite3_stmt *s = rp__store_stmt(ix, ST_META);
    int rc;

    *out = def;
    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    rc = rp__store_step(ix, s, "reading the settings");
    if (rc == 1) {
        if (sqlite3_column_type(s, 0) != SQLITE_INTEGER)
            rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': the setting '%s' is not a number", ix->path,
                                key);
        else
            *out = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    return rc < 0 ? rc : RP_OK;
}

int rp__store_meta_set(rp_index *ix, const char *key, int64_t value)
{
    sqlite3_stmt *s = rp__store_stmt(ix, ST_PUT_META);

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, value);
    return rp__store_run(ix, s, "writing the settings");
}

/* The settings of an index, kept as meta rows (integers; the thresholds as REAL, whose
 * IEEE doubles come back exactly). */
enum { SET_U64, SET_UNSIGNED, SET_INT, SET_I64, SET_REAL };

static const struct setting {
    const char *key;
    size_t offset;
    int type;
} settings[] = {
    {"seed", offsetof(rp_options, seed), SET_U64},
    {"shingle_len", offsetof(rp_options, shingle_len), SET_UNSIGNED},
    {"perm_count", offsetof(rp_options, perm_count), SET_UNSIGNED},
    {"dup_threshold", offsetof(rp_options, dup_threshold), SET_REAL},
    {"dup_method", offsetof(rp_options, dup_method), SET_INT},
    {"dup_fast", offsetof(rp_options, dup_fast), SET_INT},
    {"min_passage_words", offsetof(rp_options, min_passage_words), SET_UNSIGNED},
    {"window", offsetof(rp_options, window), SET_I64},
    {"detect", offsetof(rp_options, detect), SET_UNSIGNED},
    {"dup_containment", offsetof(rp_options, dup_containment), SET_REAL},
    {"df_cap", offsetof(rp_options, df_cap), SET_UNSIGNED},
};

static int setting_put(rp_index *ix, const struct setting *k, const rp_options *o)
{
    const char *p = (const char *)o + k->offset;
    sqlite3_stmt *s = rp__store_stmt(ix, ST_PUT_META);
    uint64_t u;
    unsigned un;
    int in;
    int64_t i64;
    double d;

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_text(s, 1, k->key, -1, SQLITE_STATIC);
    switch (k->type) {
    case SET_U64:
        memcpy(&u, p, sizeof(u));
        sqlite3_bind_int64(s, 2, (int64_t)u);
        break;
    case SET_UNSIGNED:
        memcpy(&un, p, sizeof(un));
        sqlite3_bind_int64(s, 2, un);
        break;
    case SET_INT:
        memcpy(&in, p, sizeof(in));
        sqlite3_bind_int64(s, 2, in);
        break;
    case SET_I64:
        memcpy(&i64, p, sizeof(i64));
        sqlite3_bind_int64(s, 2, i64);
        break;
    default:
        memcpy(&d, p, sizeof(d));
        sqlite3_bind_double(s, 2, d);
        break;
    }
    return rp__store_run(ix, s, "writing the settings");
}

static int setting_get(rp_index *ix, const struct setting *k, rp_options *o)
{
    char *p = (char *)o + k->offset;
    sqlite3_stmt *s = rp__store_stmt(ix, ST_META);
    int rc;

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_text(s, 1, k->key, -1, SQLITE_STATIC);
    rc = rp__store_step(ix, s, "reading the settings");
    if (rc == 0)
        rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': the setting '%s' is missing", ix->path, k->key);
    else if (rc == 1 &&
             sqlite3_column_type(s, 0) != (k->type == SET_REAL ? SQLITE_FLOAT : SQLITE_INTEGER))
        rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': the setting '%s' is not a number", ix->path,
                            k->key);
    if (rc == 1) {
        const int64_t v = sqlite3_column_int64(s, 0);
        const uint64_t u = (uint64_t)v;
        const unsigned un = (unsigned)v;
        const int in = (int)v;
        const double d = sqlite3_column_double(s, 0);
        switch (k->type) {
        case SET_U64:
            memcpy(p, &u, sizeof(u));
            break;
        case SET_UNSIGNED:
            memcpy(p, &un, sizeof(un));
            break;
        case SET_INT:
            memcpy(p, &in, sizeof(in));
            break;
        case SET_I64:
            memcpy(p, &v, sizeof(v));
            break;
        default:
            memcpy(p, &d, sizeof(d));
            break;
        }
        rc = RP_OK;
    }
    sqlite3_reset(s);
    return rc;
}

static int create(rp_index *ix, const rp_options *o)
{
    char pragmas[160];
    int rc;

    /* WAL lets readers go on while a writer adds; it is a property of the file. */
    rc = rp__store_exec(ix, "PRAGMA page_size = " RP__XSTR(RP__STORE_PAGE_SIZE));
    if (rc == RP_OK)
        rc = rp__store_exec(ix, "PRAGMA journal_mode = WAL");
    if (rc == RP_OK)
        rc = rp__store_begin(ix, 1);
    if (rc < 0)
        return rc;
    snprintf(pragmas, sizeof(pragmas), "PRAGMA application_id = %d; PRAGMA user_version = %d",
             RP__STORE_APP_ID, RP__STORE_SCHEMA);
    rc = rp__store_exec(ix, schema);
    if (rc == RP_OK)
        rc = rp__store_exec(ix, pragmas);
    if (rc == RP_OK) {
        sqlite3_stmt *s = rp__store_stmt(ix, ST_PUT_META);
        rc = s == NULL ? RP_EIO : RP_OK;
        if (rc == RP_OK) {
            sqlite3_bind_text(s, 1, "format", -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, RP__STORE_FORMAT, -1, SQLITE_STATIC);
            rc = rp__store_run(ix, s, "writing the settings");
        }
    }
    if (rc == RP_OK)
        rc = rp__store_meta_set(ix, "schema", RP__STORE_SCHEMA);
    for (size_t k = 0; k < sizeof(settings) / sizeof(settings[0]) && rc == RP_OK; k++)
        rc = setting_put(ix, &settings[k], o);
    /* the banding follows from the settings; kept, since working it out takes a while */
    unsigned bands, rows;
    rp__dups_bands(o, &bands, &rows);
    if (rc == RP_OK)
        rc = rp__store_meta_set(ix, "lsh_bands", bands);
    if (rc == RP_OK)
        rc = rp__store_meta_set(ix, "lsh_rows", rows);
    if (rc == RP_OK)
        rc = rp__store_commit(ix);
    else
        rp__store_rollback(ix);
    return rc;
}

/* From version 3, 4, 5 or 6 to 7, in one transaction: version 4 gave the articles their words
 * outside the furniture (words_at), worked out from their texts; version 5 keeps each run's
 * filter in parts (pfilter), which a handle reads as lookups need them; version 6 writes blocks
 * of postings packed (version 3 blocks), and reads the fixed-width ones of older files as they
 * are, until a merge writes them again; version 7 puts new band rows in band_recent, which
 * merges into band now and then (the old rows stay where they are). */
static int upgrade(rp_index *ix, int64_t from)
{
    char pragma[64];
    int rc = rp__store_begin(ix, 1);

    if (rc == RP_OK && from < 4)
        rc = rp__store_exec(ix, "ALTER TABLE article ADD COLUMN words_at BLOB NOT NULL "
                                "DEFAULT x''");
    if (rc == RP_OK && from < 4)
        rc = rp__batch_upgrade_words(ix);
    if (rc == RP_OK && from < 5)
        rc = rp__postings_upgrade_filters(ix);
    if (rc == RP_OK && from < 7)
        rc = rp__store_exec(ix, "CREATE TABLE band_recent (band INTEGER NOT NULL, "
                                "bkey INTEGER NOT NULL, aid INTEGER NOT NULL, "
                                "PRIMARY KEY (band, bkey, aid)) WITHOUT ROWID");
    snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", RP__STORE_SCHEMA);
    if (rc == RP_OK)
        rc = rp__store_exec(ix, pragma);
    if (rc == RP_OK)
        rc = rp__store_meta_set(ix, "schema", RP__STORE_SCHEMA);
    if (rc == RP_OK)
        rc = rp__store_commit(ix);
    rp__store_rollback(ix);
    return rc;
}

/* Reads the settings of an existing index; refuses what is not one of ours. */
static int check_and_load(rp_index *ix)
{
    sqlite3_stmt *s = NULL;
    int64_t app = 0, version = 0, v;
    int src, rc = RP_OK;

    src = sqlite3_prepare_v2(ix->db, "PRAGMA application_id", -1, &s, NULL);
    if (src == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        app = sqlite3_column_int64(s, 0);
    else if (src == SQLITE_OK)
        src = sqlite3_errcode(ix->db);
    sqlite3_finalize(s);
    if (src != SQLITE_OK)
        return rp__store_sql_fail(ix, src, "reading the header");
    if (app != RP__STORE_APP_ID)
        return rp__store_fail(ix, RP_ECORRUPT,
                              "'%s': not a reprint index (a SQLite database of another kind)",
                              ix->path);
    src = sqlite3_prepare_v2(ix->db, "PRAGMA user_version", -1, &s, NULL);
    if (src == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        version = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    const int older = version >= RP__STORE_OLDEST && version < RP__STORE_SCHEMA;
    if (older && ix->readonly)
        return rp__store_fail(ix, RP_ECORRUPT,
                              "'%s': index format version %lld, this build reads version %d: "
                              "'reprint index upgrade --db %s' upgrades it",
                              ix->path, (long long)version, RP__STORE_SCHEMA, ix->path);
    if (older) {
        rc = upgrade(ix, version);
        if (rc < 0)
            return rc;
        version = RP__STORE_SCHEMA;
    }
    if (version != RP__STORE_SCHEMA)
        return rp__store_fail(ix, RP_ECORRUPT,
                              "'%s': index format version %lld, this build reads version %d",
                              ix->path, (long long)version, RP__STORE_SCHEMA);
    rc = rp__store_meta_int(ix, "schema", 0, &v);
    if (rc == RP_OK && v != RP__STORE_SCHEMA)
        rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': index format version %lld in its settings",
                            ix->path, (long long)v);
    for (size_t k = 0; k < sizeof(settings) / sizeof(settings[0]) && rc == RP_OK; k++)
        rc = setting_get(ix, &settings[k], &ix->opt);
    int64_t bands = 0, rows = 0;
    if (rc == RP_OK)
        rc = rp__store_meta_int(ix, "lsh_bands", 0, &bands);
    if (rc == RP_OK)
        rc = rp__store_meta_int(ix, "lsh_rows", 0, &rows);
    if (rc == RP_OK && (bands <= 0 || rows <= 0 || bands * rows > (int64_t)ix->opt.perm_count))
        rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': the LSH banding in the settings is wrong",
                            ix->path);
    ix->bands = (unsigned)bands;
    ix->rows = (unsigned)rows;
    return rc;
}

/* 1 when the file is missing or empty: a new index is made there. */
static int is_new_file(const char *path)
{
    struct stat st;

    return stat(path, &st) != 0 || st.st_size == 0;
}

/* 1 when the database has no table at all (a file whose creation was cut short). */
static int is_blank(rp_index *ix)
{
    sqlite3_stmt *s = NULL;
    int blank = 0;

    if (sqlite3_prepare_v2(ix->db, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL) ==
            SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        blank = sqlite3_column_int64(s, 0) == 0;
    sqlite3_finalize(s);
    return blank;
}

int rp__store_open(rp_index *ix, const char *path, unsigned flags, const rp_options *o)
{
    const int readonly = (flags & RP_INDEX_READONLY) != 0;
    const int fresh = !readonly && (flags & RP_INDEX_CREATE) && is_new_file(path);
    int src, rc;

    snprintf(ix->path, sizeof(ix->path), "%s", path);
    ix->readonly = readonly;
    ix->post.gen = -1;
    if (!fresh && is_new_file(path))
        return rp__store_fail(ix, RP_EIO, "'%s': no such index", path);
    /* a handle is used by one thread at a time (reprint.h): no mutex on every call */
    src = sqlite3_open_v2(path, &ix->db,
                          SQLITE_OPEN_NOMUTEX |
                              (readonly ? SQLITE_OPEN_READONLY
                                        : SQLITE_OPEN_READWRITE | (fresh ? SQLITE_OPEN_CREATE : 0)),
                          NULL);
    if (src != SQLITE_OK)
        return rp__store_fail(ix, RP_EIO, "cannot open '%s': %s", path,
                              ix->db != NULL ? sqlite3_errmsg(ix->db) : sqlite3_errstr(src));
    sqlite3_extended_result_codes(ix->db, 1);
    /* a writer waits a while for another to finish its batch; readers never wait in WAL */
    sqlite3_busy_timeout(ix->db, 10000);
    rc = sqlite3_exec(ix->db, "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY", NULL, NULL,
                      NULL);
    rc = rc == SQLITE_OK ? RP_OK : rp__store_sql_fail(ix, rc, "reading the header");
    /* read the file through a map: a page not in the cache is then not copied into it (a
     * query reads blocks of postings all over the file); a writer's batches touch them all,
     * so it gets a larger page cache too. Debian's SQLite zeroes what is deleted by default:
     * a merge would then write every page of the runs it drops (the optimize of 200,000
     * articles: 1.7 GB of write-ahead log instead of 3.3 GB, 44 s instead of 62 s) */
    if (rc == RP_OK)
        rc = rp__store_exec(ix, "PRAGMA mmap_size = 2147418112");
    if (rc == RP_OK && !readonly)
        rc = rp__store_exec(ix, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144; "
                                "PRAGMA journal_size_limit = 67108864; PRAGMA secure_delete = OFF");
    if (rc < 0)
        return rc;
    ix->opt = *o;
    if (fresh || (!readonly && (flags & RP_INDEX_CREATE) && is_blank(ix)))
        rc = create(ix, o);
    if (rc == RP_OK)
        rc = check_and_load(ix);
    ix->opt.thread_count = o->thread_count;
    return rc;
}

void rp__store_close(rp_index *ix)
{
    for (size_t k = 0; k < ST_COUNT; k++)
        sqlite3_finalize(ix->stmt[k]);
    rp__store_rollback(ix);
    rp__postings_readers_close(ix);
    rp__postings_forget(ix);
    rp__keys_release(&ix->key_cache);
    for (size_t k = 0; k < sizeof(ix->keep) / sizeof(ix->keep[0]); k++) {
        rp__free(ix->keep[k]);
        ix->keep[k] = NULL;
        ix->keep_cap[k] = 0;
    }
    sqlite3_close_v2(ix->db);
    ix->db = NULL;
}
