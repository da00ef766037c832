/* store.h: the persistent index in one SQLite file (doc/FORMAT.md): its handle, the SQL layer
 * (db.c), the blob codecs (codec.c), the batch that adds or queries articles (batch.c), the
 * stories kept between batches (stories.c), the records it returns (result.c), export and
 * checks (export.c, check.c). The only module that includes sqlite3.h. */
#ifndef RP_STORE_H
#define RP_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "reprint.h"
#include "map.h"
#include "../base/alloc.h"

#define RP__STORE_SCHEMA 7 /* the schema version this build reads and writes */
#define RP__STORE_OLDEST 3 /* the oldest version it upgrades */
/* 64-bit words of a part of a run's filter (a row of pfilter, whose key is run << 24 | part):
 * 60 lines of 512 bits, 3,840 bytes: one row to a page of 4096 bytes, four to one of 16384 */
#define RP__FILTER_PART_WORDS 480
/* The page size of a new file (an existing one keeps its own): a page of 16 KB holds about
 * twenty packed blocks of postings (ten fixed-width ones) where one of 4 KB held two, so that
 * a batch's sweep over the runs makes fewer reads of the file, and texts and blocks waste less
 * of their pages (fixed-width blocks, side by side from 0 to 299,700 articles: 1,143 s
 * against 1,359 s, the file 14% smaller). */
#ifndef RP__STORE_PAGE_SIZE
#define RP__STORE_PAGE_SIZE 16384
#endif
#define RP__STR(x) #x
#define RP__XSTR(x) RP__STR(x)
#define RP__STORE_APP_ID 0x52504958      /* PRAGMA application_id: "RPIX" */
#define RP__STORE_FORMAT "reprint-index" /* meta 'format' */

/* The index settles its stories after every batch while it holds at most this many current
 * articles (doc/FORMAT.md, "Stories"). */
#define RP__SETTLE_LIMIT 5000

/* Prepared statements, by name; db.c holds their SQL. */
enum stmt {
    ST_FIND_ID,      /* current version of an id: aid, record hash, version */
    ST_MAX_AID,      /* largest aid */
    ST_KEY,          /* published, text_len, id of an aid */
    ST_KEYS,         /* aid, published, text_len, id of every aid below ?1 */
    ST_ARTICLE,      /* the article row of an aid */
    ST_TEXT,         /* the text of an aid */
    ST_PUT_ARTICLE,  /* insert an article row */
    ST_PUT_TEXT,     /* insert its text */
    ST_SUPERSEDE,    /* mark an aid superseded */
    ST_DEL_ARTICLE,  /* delete an article row */
    ST_DEL_TEXT,     /* delete its text */
    ST_CLASS,        /* current aids of a dup content hash */
    ST_RUNS,         /* every posting run row, by run */
    ST_NEXT_RUN,     /* the next run id and block id */
    ST_PUT_RUN,      /* insert a run row */
    ST_DEL_RUN,      /* delete a run row */
    ST_BLOCK,        /* a block of postings by bid */
    ST_FILTER,       /* a part of a run's filter by key */
    ST_FILTER_RANGE, /* the parts with keys in [?1, ?2], by key */
    ST_PUT_FILTER,
    ST_DEL_FILTER,      /* the parts of a run: keys in [?1, ?2] */
    ST_PUT_BLOCK,       /* insert a block */
    ST_DEL_BLOCKS,      /* delete the blocks of a bid range */
    ST_GONE,            /* aids whose postings are to be skipped, ascending */
    ST_PUT_GONE,        /* add one */
    ST_CLEAR_GONE,      /* empty the list */
    ST_BUCKET,          /* aids of (band, key), with their keys */
    ST_PUT_BAND,        /* insert (band, key, aid), into band_recent */
    ST_DEL_BAND,        /* delete (band, key, aid) from band */
    ST_DEL_BAND_RECENT, /* delete (band, key, aid) from band_recent */
    ST_BANDS_RECENT,    /* rows of band_recent */
    ST_PART,            /* the part of (lo, hi, phase) */
    ST_PARTS_LO,        /* hi, phase, type of every part with this lo, by hi and phase */
    ST_PUT_PART,        /* insert or replace a part */
    ST_DEL_PART,        /* delete a part */
    ST_DEL_PHASE,       /* delete every part of a phase */
    ST_PARTS_OF,        /* every part with aid on one side: lo, hi, phase, flip, data */
    ST_DEL_PARTS_OF,    /* delete every part with aid on one side */
    ST_MEMBER,          /* story of an aid: sid */
    ST_PUT_MEMBER,      /* insert or replace a member row */
    ST_DEL_MEMBER,      /* delete the member row of an aid */
    ST_MEMBERS,         /* aids of a story */
    ST_STORY,           /* a story row by sid */
    ST_STORY_NAME,      /* sid of a story name */
    ST_PUT_STORY,       /* insert or replace a story row */
    ST_DEL_STORY,       /* delete a story row */
    ST_ALIAS,           /* sid an alias names */
    ST_PUT_ALIAS,       /* insert or replace an alias */
    ST_META,            /* value of a meta key */
    ST_PUT_META,        /* set a meta key */
    ST_STORY_PARTS,     /* relation parts between two members of one story */
    ST_COUNT
};

/* postings.c: the posting runs as a handle knows them. */
struct prun;
struct rp__postings {
    struct prun *runs; /* by run id */
    size_t run_count, run_cap;
    int64_t *gone; /* aids that left, ascending */
    size_t gone_count, gone_cap;
    int64_t gen;                 /* meta 'posting_gen' they were read at; -1: not read */
    int fresh;                   /* gen checked in the current transaction */
    int dirty;                   /* changed by the current transaction: a rollback forgets them */
    struct rp__preader *readers; /* for rp__postings_get_many's other threads */
    size_t reader_count;
};

struct rp_index {
    sqlite3 *db;
    sqlite3_stmt *stmt[ST_COUNT]; /* prepared on first use */
    rp_options opt;               /* the index's settings (meta), thread_count from the caller */
    int readonly;
    int in_txn;            /* a transaction of ours is open */
    unsigned bands, rows;  /* LSH banding of opt */
    struct rp__buf errmsg; /* last failure */
    struct rp__postings post;
    /* the keys (publication time, length, id) of committed articles read so far: an aid's
     * never change, so they serve every later batch and query of the handle */
    struct rp__keys key_cache;
    int64_t key_reads; /* keys read one by one so far; when they are many, all are read */
    int keys_all;      /* key_cache has every article committed before it was filled */
    /* the largest arrays of a batch, kept for the next one: fresh memory costs a page fault a
     * page (at 100k, 10,000 articles are 5 million membership changes, 160 MB a copy) */
    void *keep[2];
    size_t keep_cap[2];              /* in elements of the batch's own type */
    double step_secs[RP_STEP_COUNT]; /* rp_index_step_seconds */
    double step_began[RP_STEP_COUNT];
    char path[1024];
};

/* batch.c: fills the words_at column of every article from its text and furniture (the
 * upgrade from version 3), in the open write transaction. */
int rp__batch_upgrade_words(rp_index *ix);

/* index.c: the time of a step. TIMED(ix, RP_STEP_X, call) evaluates call (an int) and adds
 * the seconds it took to step X. */
void rp__step_begin(rp_index *ix, int step);
int rp__step_end(rp_index *ix, int step, int rc);
#define TIMED(ix, step, call) (rp__step_begin((ix), (step)), rp__step_end((ix), (step), (call)))

/* db.c: the SQL layer. Every function returns RP_OK or a negative code with a message on ix
 * naming what failed. */

/* Sets ix's message (printf style) and returns rc. */
int rp__store_fail(rp_index *ix, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Maps a SQLite result to ours with a message "what: SQLite's message". */
int rp__store_sql_fail(rp_index *ix, int src, const char *what);
/* The prepared statement, reset and with its bindings cleared; NULL on failure (message
 * set). */
sqlite3_stmt *rp__store_stmt(rp_index *ix, enum stmt which);
/* Runs one SQL statement without results. */
int rp__store_exec(rp_index *ix, const char *sql);
/* Steps a statement: 1 for a row, 0 when done, negative on failure. */
int rp__store_step(rp_index *ix, sqlite3_stmt *s, const char *what);
/* Steps a statement that returns no row (insert, update, delete). */
int rp__store_run(rp_index *ix, sqlite3_stmt *s, const char *what);
/* Begins a write (IMMEDIATE) or a read transaction; ends it. */
int rp__store_begin(rp_index *ix, int write);
int rp__store_commit(rp_index *ix);
void rp__store_rollback(rp_index *ix);
/* A meta value as an integer (def when absent) and setting one. */
int rp__store_meta_int(rp_index *ix, const char *key, int64_t def, int64_t *out);
int rp__store_meta_set(rp_index *ix, const char *key, int64_t value);

/* codec.c: the blobs of the format (doc/FORMAT.md), little-endian. Decoders check every
 * length against the blob and fail with RP_ECORRUPT, never reading outside it. */

/* One relation part in id orientation: type, measures, passages, sentences, terms. On
 * success *out is owned (free with rp__free). */
int rp__codec_relation_put(const rp_relation *r, uint8_t **out, size_t *len);
/* Decodes into *r whose arrays and strings become owned (rp__relation_release of scan.h);
 * r->a and r->b are left 0. */
int rp__codec_relation_get(const uint8_t *p, size_t len, rp_relation *r);
/* Boilerplate spans: count and (start, end) pairs of 32-bit offsets. */
int rp__codec_spans_put(const rp_token *spans, size_t count, uint8_t **out, size_t *len);
int rp__codec_spans_get(const uint8_t *p, size_t len, rp_token **spans, size_t *count);
/* A block of postings (doc/FORMAT.md): its grams and aids in (gram, aid) order, into arrays
 * grown as needed (*cap entries). */
int rp__codec_block_get(const uint8_t *p, size_t len, uint64_t **grams, int64_t **aids,
                        size_t *count, size_t *cap);
/* The words of an article outside its furniture: their byte starts (increasing) and the
 * count of its furniture words. The decoder checks each start against the text's length;
 * *starts is grown as needed (*cap its size). With starts NULL it reads the counts alone
 * and checks only that the blob can hold them. */
int rp__codec_words_put(const uint32_t *starts, size_t n, size_t boiler, uint8_t **out,
                        size_t *len);
int rp__codec_words_get(const uint8_t *p, size_t len, size_t text_len, uint32_t **starts, size_t *n,
                        size_t *cap, size_t *boiler);
/* Fences and filters: n little-endian 64-bit words, into a new buffer (free with rp__free)
 * or out of 8 n bytes (p may be v itself: the words are then converted in place). */
int rp__codec_u64s_put(const uint64_t *v, size_t n, uint8_t **out);
void rp__codec_u64s_get(const uint8_t *p, size_t n, uint64_t *v);
/* Appends the block of n > 0 postings in (gram, aid) order, aids positive. */
int rp__codec_block_put(const uint64_t *grams, const int64_t *aids, size_t n, struct rp__buf *out);

/* The first index in [lo, hi) of ascending v whose value is at least x (hi when none). */
static inline size_t rp__first_at_least(const uint64_t *v, size_t lo, size_t hi, uint64_t x)
{
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A batch's grams on several threads: each thread a share of RP__GRAMS_A_THREAD grams at
 * least (fewer cost more to start than they save), RP__THREADS_MAX threads at most. */
#define RP__GRAMS_A_THREAD 4096
#define RP__THREADS_MAX 8
static inline size_t rp__parts_for(size_t grams, unsigned threads)
{
    const size_t p = grams / RP__GRAMS_A_THREAD < threads ? grams / RP__GRAMS_A_THREAD : threads;

    return p > RP__THREADS_MAX ? RP__THREADS_MAX : p < 1 ? 1 : p;
}

/* postings.c: the posting lists, as sorted runs. */
/* For each of n grams, a mask of the runs that may hold it (bit i: run i; bit 63 also for
 * every run after the 63rd), from their filters: most grams are in no run. On up to 'threads'
 * threads once the filters are in memory. */
int rp__postings_probe(rp_index *ix, const uint64_t *grams, size_t n, unsigned threads,
                       uint64_t *maybe);
#define RP__POSTINGS_ANY UINT64_MAX /* a mask of every run */
/* The current aids of a gram, ascending, from the runs of the mask; when it has limit or more,
 * *count is limit and the aids given are some of them (the runs are read only until limit
 * are found). */
int rp__postings_get(rp_index *ix, uint64_t gram, uint64_t maybe, size_t limit, int64_t **out,
                     size_t *count, size_t *cap);
/* The posting lists of n grams in increasing order (maybe[g] and limit[g] as for
 * rp__postings_get), read on up to 'threads' threads: this one through the handle, the others
 * on connections of their own, which read only while the file holds the runs the handle
 * knows (what they cannot read, this thread reads after). List g is (*aids)[at[g]] to
 * (*aids)[at[g + 1] - 1] (at has n + 1 entries); *aids grows as needed. */
int rp__postings_get_many(rp_index *ix, const uint64_t *grams, const uint64_t *maybe,
                          const size_t *limit, size_t n, unsigned threads, int64_t **aids,
                          size_t *cap, size_t *at);
/* Closes the connections of rp__postings_get_many's threads. */
void rp__postings_readers_close(rp_index *ix);
/* Writes a batch's new postings (n, in (gram, aid) order) as a run, records the aids whose
 * postings go (gone), and merges runs. Inside the batch's write transaction. */
int rp__postings_write(rp_index *ix, const uint64_t *grams, const int64_t *aids, size_t n,
                       const int64_t *gone, size_t gone_count);
/* Merges every run into one (dropping the postings of gone aids), so that a lookup reads
 * one block at most; *before: the runs there were. Inside a write transaction. */
int rp__postings_optimize(rp_index *ix, size_t *before);
/* Calls fn on every posting the runs hold (gone: 1 for a posting to be skipped), checking
 * their order and filters. */
typedef int rp__posting_fn(uint64_t gram, int64_t aid, int gone, void *user);
int rp__postings_scan(rp_index *ix, rp__posting_fn *fn, void *user);
/* The upgrade from version 4: each run's filter, one blob in its row until then, into the
 * parts of pfilter; in the open write transaction. */
int rp__postings_upgrade_filters(rp_index *ix);
/* Drops what the handle knows of the runs (it reads them again when next needed). */
void rp__postings_forget(rp_index *ix);

/* result.c: the records object. */
struct rp_records {
    rp_corpus *corpus; /* the articles the records name, owned */
    int64_t *aid;      /* aid of each corpus article */
    int *has_text;     /* 1 where the corpus article carries its text */
    size_t aid_cap;
    struct rp__map index;  /* aid -> corpus index */
    size_t *record;        /* article records: corpus indices */
    rp_article_info *info; /* per article record; boilerplate arrays owned */
    int *status;           /* per article record: enum rp_index_status */
    size_t record_count, record_cap, info_cap, status_cap;
    rp_relation *rels; /* owned, corpus indices, a's id first */
    size_t rel_count, rel_cap;
    rp_story *stories; /* owned: id, title, articles, roles, novel_share */
    size_t story_count, story_cap;
};

int rp__records_new(rp_records **out);
/* The corpus index of the article with this aid, adding a copy of a the first time (its
 * text only when 'text'; an article added without text gets it when put again with). */
int rp__records_put(rp_records *r, int64_t aid, const rp_article *a, int text, size_t *index);
/* Adds an article record (corpus index i), its facts copied. */
int rp__records_add_record(rp_records *r, size_t i, const rp_article_info *info, int status);
/* Adds a copy of a relation (corpus indices, a's id first). */
int rp__records_add_relation(rp_records *r, const rp_relation *rel);
/* Adds a copy of a story (corpus indices). */
int rp__records_add_story(rp_records *r, const rp_story *st);
/* Sorts the relations by the ids of their pair. */
void rp__records_sort(rp_records *r);

/* codec.c: 1 when two relations hold the same evidence, value for value. */
int rp__relation_equal(const rp_relation *x, const rp_relation *y);

/* db.c: opening and closing the file under a handle (index.c makes the handle). */
int rp__store_open(rp_index *ix, const char *path, unsigned flags, const rp_options *o);
void rp__store_close(rp_index *ix);

#endif
