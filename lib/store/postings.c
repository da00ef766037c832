/* postings.c: the posting lists of the index ((candidate 4-gram, article) pairs) as sorted
 * runs (doc/FORMAT.md, "Postings"). A batch writes its new postings as one run; runs of one
 * level merge into one of the next when there are POSTING_FANOUT of them, so that a posting
 * is written once per level, in order, rather than into a random page of one large B-tree.
 * A run is a sequence of blocks of postings sorted by (gram, aid); in memory a handle keeps
 * each run's fences (the first gram of every block, with every 64th apart to search first)
 * and a Bloom filter of its grams, so that
 * a gram no run holds costs a few probes of memory and one that a run holds one block read.
 * Articles that leave (superseded or remade) are listed as gone: their postings are skipped
 * when read and dropped when their run merges. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "../text/docs.h"
#include "../base/banned.h"

#define POSTING_FANOUT 4   /* runs of a level that merge into one of the next */
#define BLOCK_POSTINGS 128 /* postings of a block, at least (a gram is never split) */
#define FILTER_BITS_PER 10 /* Bloom filter bits per gram: about 1% false positives */
#define FILTER_PROBES 7    /* bits set per gram, in one 512-bit line */
#define LINE_WORDS 8       /* 64-bit words of a filter line */
#define FILTER_AHEAD 8     /* grams whose filter lines are asked for ahead of their use */
#define TOP_EVERY 64       /* fences per entry of a run's top fences (a chunk: 8 cache lines) */
#define PART_WORDS RP__FILTER_PART_WORDS
#define CURSOR_STEPS 16 /* blocks a cursor steps over rather than seek (a seek costs ten) */

/* The last block read of a run, decoded, and the cursor of a connection over the run's blocks
 * that read it (rp__postings_get_many's reads, which go forward through each run). */
struct bcache {
    size_t cached; /* block index, or SIZE_MAX */
    uint64_t *bgram;
    int64_t *baid;
    size_t bcount, bcap;
    sqlite3_stmt *cur; /* SELECT bid, data over a range of pblock, or NULL */
    int64_t at;        /* the bid cur is on, or 0 when it is on none */
};

struct prun {
    int64_t run, level;
    int64_t postings, grams; /* postings held (gone ones too), distinct grams */
    int64_t first_block;     /* bid of its first block; the others follow */
    size_t blocks;
    uint64_t *fences; /* first gram of each block, increasing */
    uint64_t *top;    /* every TOP_EVERY-th fence: a lookup searches these (they stay in the
                         cache), then one chunk of fences, not the whole array */
    size_t top_count;
    uint64_t *filter; /* filter_words words, a multiple of LINE_WORDS; read part by part */
    size_t filter_words;
    uint8_t *part_read; /* 1 for each part of the filter in memory (NULL: all are) */
    struct bcache c;    /* the handle's last block read of it */
};

/* ---- the Bloom filter: one 512-bit line per gram ----------------------------------------- */

static size_t filter_words_for(int64_t grams)
{
    const uint64_t bits = (uint64_t)(grams > 0 ? grams : 1) * FILTER_BITS_PER;
    const uint64_t lines = (bits + 64 * LINE_WORDS - 1) / (64 * LINE_WORDS);

    return (size_t)lines * LINE_WORDS;
}

static uint64_t *filter_line(uint64_t *f, size_t words, uint64_t gram)
{
    const uint64_t h = gram * 0x9e3779b97f4a7c15u;
    const uint64_t lines = words / LINE_WORDS;

    return f + LINE_WORDS * (size_t)(((h >> 32) * lines) >> 32);
}

static void filter_add(uint64_t *f, size_t words, uint64_t gram)
{
    uint64_t *line = filter_line(f, words, gram);
    uint64_t h = gram * 0xc2b2ae3d27d4eb4fu;

    for (int k = 0; k < FILTER_PROBES; k++, h >>= 9)
        line[(h >> 6) & 7] |= 1ull << (h & 63);
}

/* 1 when the filter answers that r may hold gram (the line's part in memory). */
static int filter_has(const struct prun *r, uint64_t gram)
{
    const uint64_t *line = filter_line(r->filter, r->filter_words, gram);
    uint64_t h = gram * 0xc2b2ae3d27d4eb4fu;

    for (int k = 0; k < FILTER_PROBES; k++, h >>= 9)
        if (!(line[(h >> 6) & 7] & (1ull << (h & 63))))
            return 0;
    return 1;
}

/* ---- the runs a handle knows --------------------------------------------------------------- */

/* The rows of pfilter of a run: run << 24 | part (a filter of up to 2^24 parts, 64 GB). */
static int64_t part_key(int64_t run, size_t part)
{
    return run << 24 | (int64_t)part;
}

static size_t part_count(size_t filter_words)
{
    return (filter_words + PART_WORDS - 1) / PART_WORDS;
}

/* The words of part k of a filter of filter_words words (the last part may be shorter). */
static size_t part_words(size_t filter_words, size_t k)
{
    const size_t left = filter_words - k * PART_WORDS;

    return left < PART_WORDS ? left : PART_WORDS;
}

/* Binds ?1 and ?2 of s to the first and last possible keys of the parts of a run. */
static void bind_parts_of(sqlite3_stmt *s, int64_t run)
{
    sqlite3_bind_int64(s, 1, part_key(run, 0));
    sqlite3_bind_int64(s, 2, part_key(run + 1, 0) - 1);
}

/* Writes the parts of a filter of n words (fi: little-endian bytes) as rows of run's. */
static int put_parts(rp_index *ix, int64_t run, const uint8_t *fi, size_t n, const char *what)
{
    int rc = RP_OK;

    for (size_t k = 0; k < part_count(n) && rc == RP_OK; k++) {
        sqlite3_stmt *s = rp__store_stmt(ix, ST_PUT_FILTER);
        if (s == NULL)
            return RP_EIO;
        sqlite3_bind_int64(s, 1, part_key(run, k));
        sqlite3_bind_blob(s, 2, fi + 8 * k * PART_WORDS, (int)(8 * part_words(n, k)),
                          SQLITE_STATIC);
        rc = rp__store_run(ix, s, what);
    }
    return rc;
}

/* Takes part k of r's filter (parts being read) from column col of s's row: 0 when the row
 * is not one of its length. */
static int take_part(struct prun *r, size_t k, sqlite3_stmt *s, int col)
{
    const uint8_t *bits = sqlite3_column_blob(s, col);
    const size_t words = part_words(r->filter_words, k);

    if (bits == NULL || (size_t)sqlite3_column_bytes(s, col) != 8 * words)
        return 0;
    if (!r->part_read[k])
        rp__codec_u64s_get(bits, words, r->filter + k * PART_WORDS);
    r->part_read[k] = 1;
    return 1;
}

static int damaged_filter(rp_index *ix, const struct prun *r)
{
    return rp__store_fail(ix, RP_ECORRUPT, "'%s': the filter of posting run %lld is damaged",
                          ix->path, (long long)r->run);
}

/* Reads part k of r's filter from the file. */
static int read_part(rp_index *ix, struct prun *r, size_t k)
{
    sqlite3_stmt *s = rp__store_stmt(ix, ST_FILTER);
    int rc;

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, part_key(r->run, k));
    rc = rp__store_step(ix, s, "reading a filter of postings");
    if (rc >= 0)
        rc = rc == 1 && take_part(r, k, s, 0) ? RP_OK : damaged_filter(ix, r);
    sqlite3_reset(s);
    return rc;
}

/* Reads every part of r's filter in one pass over its rows: for a probe of many grams, which
 * would read most parts anyway, far cheaper than a lookup for each. */
static int read_parts(rp_index *ix, struct prun *r)
{
    const size_t parts = part_count(r->filter_words);
    sqlite3_stmt *s = rp__store_stmt(ix, ST_FILTER_RANGE);
    size_t seen = 0;
    int rc;

    if (s == NULL)
        return RP_EIO;
    bind_parts_of(s, r->run);
    while ((rc = rp__store_step(ix, s, "reading a filter of postings")) == 1 &&
           sqlite3_column_int64(s, 0) == part_key(r->run, seen) && seen < parts &&
           take_part(r, seen, s, 1))
        seen++;
    sqlite3_reset(s);
    if (rc < 0)
        return rc;
    if (seen != parts || rc == 1) /* a part missing, damaged, or beyond the last */
        return damaged_filter(ix, r);
    rp__free(r->part_read);
    r->part_read = NULL; /* all in memory */
    return RP_OK;
}

/* As filter_has, reading the line's part first when it is not in memory. */
static int filter_may_hold(rp_index *ix, struct prun *r, uint64_t gram, int *has)
{
    if (r->part_read != NULL) {
        const size_t k =
            (size_t)(filter_line(r->filter, r->filter_words, gram) - r->filter) / PART_WORDS;
        if (!r->part_read[k]) {
            const int rc = read_part(ix, r, k);
            if (rc < 0)
                return rc;
        }
    }
    *has = filter_has(r, gram);
    return RP_OK;
}

static void run_release(struct prun *r)
{
    rp__free(r->fences);
    rp__free(r->top);
    rp__free(r->filter);
    rp__free(r->part_read);
    rp__free(r->c.bgram);
    rp__free(r->c.baid);
    sqlite3_finalize(r->c.cur);
    memset(r, 0, sizeof(*r));
}

void rp__postings_forget(rp_index *ix)
{
    struct rp__postings *p = &ix->post;

    for (size_t i = 0; i < p->run_count; i++)
        run_release(&p->runs[i]);
    rp__free(p->runs);
    rp__free(p->gone);
    memset(p, 0, sizeof(*p));
    p->gen = -1;
}

/* r->top from r->fences. */
static int make_top(struct prun *r)
{
    rp__free(r->top);
    r->top_count = (r->blocks + TOP_EVERY - 1) / TOP_EVERY;
    r->top = rp__malloc((r->top_count + 1) * sizeof(*r->top));
    if (r->top == NULL)
        return RP_ENOMEM;
    for (size_t k = 0; k < r->top_count; k++)
        r->top[k] = r->fences[k * TOP_EVERY];
    return RP_OK;
}

/* The last index in [lo, hi) whose value is <= x (v increasing, v[lo] <= x). */
static size_t last_at_most(const uint64_t *v, size_t lo, size_t hi, uint64_t x)
{
    while (hi - lo > 1) {
        const size_t mid = lo + (hi - lo) / 2;
        if (v[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The last block of r whose fence is <= gram (gram >= its first fence). */
static size_t block_of(const struct prun *r, const struct bcache *c, uint64_t gram)
{
    const size_t k = c->cached;

    /* grams come in order: most often the block read last holds the next one too */
    if (k != SIZE_MAX && gram >= r->fences[k] && (k + 1 == r->blocks || gram < r->fences[k + 1]))
        return k;
    const size_t from = last_at_most(r->top, 0, r->top_count, gram) * TOP_EVERY;
    return last_at_most(r->fences, from,
                        from + TOP_EVERY < r->blocks ? from + TOP_EVERY : r->blocks, gram);
}

/* Reads a run row (run, level, postings, grams, first_block, blocks, length(fences),
 * filter_words): its fences now (straight from the pages into the array, without the copy a
 * column read makes first), its filter part by part as lookups need them, so that a new
 * handle's first query reads only the parts it probes. */
static int run_of_row(rp_index *ix, sqlite3_stmt *s, struct prun *r)
{
    const int64_t fe_len = sqlite3_column_int64(s, 6), fi_words = sqlite3_column_int64(s, 7);
    sqlite3_blob *blob = NULL;
    int src;

    memset(r, 0, sizeof(*r));
    r->c.cached = SIZE_MAX;
    r->run = sqlite3_column_int64(s, 0);
    r->level = sqlite3_column_int64(s, 1);
    r->postings = sqlite3_column_int64(s, 2);
    r->grams = sqlite3_column_int64(s, 3);
    r->first_block = sqlite3_column_int64(s, 4);
    const int64_t blocks = sqlite3_column_int64(s, 5);
    if (blocks <= 0 || r->first_block <= 0 || r->level < 0 || r->run <= 0 ||
        r->run >= (int64_t)1 << 38 || r->grams < blocks || r->postings < r->grams ||
        blocks > INT32_MAX / 8 || fe_len != blocks * 8 || fi_words <= 0 ||
        fi_words % LINE_WORDS != 0 || part_count((size_t)fi_words) > (size_t)1 << 24)
        return rp__store_fail(ix, RP_ECORRUPT, "'%s': posting run %lld is damaged", ix->path,
                              (long long)r->run);
    r->blocks = (size_t)blocks;
    r->filter_words = (size_t)fi_words;
    r->fences = rp__malloc((size_t)fe_len);
    /* not zeroed: a line is read only once its part is, so the pages of the parts never read
     * are never touched and cost no memory */
    r->filter = rp__malloc(r->filter_words * sizeof(*r->filter));
    r->part_read = rp__calloc(part_count(r->filter_words), 1);
    if (r->fences == NULL || r->filter == NULL || r->part_read == NULL)
        return RP_ENOMEM;
    src = sqlite3_blob_open(ix->db, "main", "prun", "fences", r->run, 0, &blob);
    if (src == SQLITE_OK)
        src = sqlite3_blob_read(blob, r->fences, (int)fe_len, 0);
    sqlite3_blob_close(blob);
    if (src != SQLITE_OK)
        return rp__store_sql_fail(ix, src, "reading the posting runs");
    rp__codec_u64s_get((const uint8_t *)r->fences, r->blocks, r->fences); /* in place */
    for (size_t i = 1; i < r->blocks; i++)
        if (r->fences[i] <= r->fences[i - 1])
            return rp__store_fail(ix, RP_ECORRUPT, "'%s': posting run %lld is damaged", ix->path,
                                  (long long)r->run);
    return make_top(r);
}

static int load(rp_index *ix, int64_t gen)
{
    struct rp__postings *p = &ix->post;
    sqlite3_stmt *s;
    int rc;

    rp__postings_forget(ix);
    s = rp__store_stmt(ix, ST_RUNS);
    if (s == NULL)
        return RP_EIO;
    while ((rc = rp__store_step(ix, s, "reading the posting runs")) == 1) {
        if (RP__GROW(p->runs, p->run_cap, p->run_count + 1) < 0) {
            rc = RP_ENOMEM;
            break;
        }
        rc = run_of_row(ix, s, &p->runs[p->run_count]);
        p->run_count++;
        if (rc < 0)
            break;
    }
    sqlite3_reset(s);
    if (rc == 0 && (s = rp__store_stmt(ix, ST_GONE)) == NULL)
        rc = RP_EIO;
    while (rc == 0 && (rc = rp__store_step(ix, s, "reading the posting runs")) == 1) {
        if (RP__GROW(p->gone, p->gone_cap, p->gone_count + 1) < 0) {
            rc = RP_ENOMEM;
            break;
        }
        p->gone[p->gone_count++] = sqlite3_column_int64(s, 0);
        rc = 0;
    }
    if (s != NULL)
        sqlite3_reset(s);
    if (rc < 0) {
        rp__postings_forget(ix);
        return rc;
    }
    p->gen = gen;
    p->fresh = 1;
    return RP_OK;
}

/* The runs as the current transaction sees them. */
static int sync_runs(rp_index *ix)
{
    int64_t gen;
    int rc;

    if (ix->post.fresh)
        return RP_OK;
    rc = rp__store_meta_int(ix, "posting_gen", 0, &gen);
    if (rc < 0)
        return rc;
    if (gen == ix->post.gen) {
        ix->post.fresh = 1;
        return RP_OK;
    }
    return load(ix, gen);
}

static int is_gone(const struct rp__postings *p, int64_t aid)
{
    size_t lo = 0, hi = p->gone_count;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (p->gone[mid] == aid)
            return 1;
        if (p->gone[mid] < aid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

enum { BLOCK_MISSING = 1 };

/* Puts c's cursor, a statement of db, on block k of r: it steps when the block is a few ahead
 * of the one it is on, and seeks otherwise. A batch's lookups read the blocks of a large run
 * in order, many of them next to each other: a step costs a tenth of a seek. RP_OK,
 * BLOCK_MISSING, or RP_EIO with SQLite's code in *src. */
static int cursor_to(sqlite3 *db, const struct prun *r, struct bcache *c, size_t k, int *src)
{
    const int64_t bid = r->first_block + (int64_t)k;
    int64_t at = c->at;

    if (c->cur == NULL) {
        *src = sqlite3_prepare_v3(db, "SELECT bid, data FROM pblock WHERE bid >= ?1 AND bid < ?2",
                                  -1, SQLITE_PREPARE_PERSISTENT, &c->cur, NULL);
        if (*src != SQLITE_OK)
            return RP_EIO;
    }
    if (at == 0 || bid < at || bid - at > CURSOR_STEPS) {
        sqlite3_reset(c->cur);
        sqlite3_bind_int64(c->cur, 1, bid);
        sqlite3_bind_int64(c->cur, 2, r->first_block + (int64_t)r->blocks);
        at = 0;
    }
    c->at = 0;
    while (at < bid) {
        *src = sqlite3_step(c->cur);
        if (*src != SQLITE_ROW)
            return *src == SQLITE_DONE ? BLOCK_MISSING : RP_EIO;
        at = sqlite3_column_int64(c->cur, 0);
    }
    c->at = at;
    return at == bid ? RP_OK : BLOCK_MISSING;
}

/* Leaves the cursor of c on no row, ending its read of the file. */
static void cursor_leave(struct bcache *c)
{
    if (c->cur != NULL)
        sqlite3_reset(c->cur);
    c->at = 0;
}

/* Block k of r into c, read with s (the block statement of a connection) or, when s is NULL,
 * with c's cursor on db: RP_OK, BLOCK_MISSING, RP_ECORRUPT when it is damaged, RP_ENOMEM, or
 * RP_EIO with SQLite's code in *src. */
static int load_block(sqlite3 *db, sqlite3_stmt *s, const struct prun *r, struct bcache *c,
                      size_t k, int *src)
{
    int rc, col = 0;

    *src = SQLITE_OK;
    if (c->cached == k)
        return RP_OK;
    c->cached = SIZE_MAX;
    if (s != NULL) {
        sqlite3_bind_int64(s, 1, r->first_block + (int64_t)k);
        *src = sqlite3_step(s);
        rc = *src == SQLITE_ROW ? RP_OK : *src == SQLITE_DONE ? BLOCK_MISSING : RP_EIO;
    } else {
        rc = cursor_to(db, r, c, k, src);
        s = c->cur;
        col = 1;
    }
    if (rc == RP_OK) {
        rc = rp__codec_block_get(sqlite3_column_blob(s, col), (size_t)sqlite3_column_bytes(s, col),
                                 &c->bgram, &c->baid, &c->bcount, &c->bcap);
        if (rc == RP_OK && (c->bgram[0] != r->fences[k] ||
                            (k + 1 < r->blocks && c->bgram[c->bcount - 1] >= r->fences[k + 1])))
            rc = RP_ECORRUPT;
    }
    if (col == 0)
        sqlite3_reset(s);
    if (rc == RP_OK)
        c->cached = k;
    return rc;
}

/* Block k of r into the handle's cache of it, read with a lookup, or with the handle's cursor
 * over r when seq (which rp__postings_get_many leaves after). */
static int read_block(rp_index *ix, struct prun *r, size_t k, int seq)
{
    sqlite3_stmt *s = NULL;
    int src, rc;

    if (r->c.cached == k)
        return RP_OK;
    if (!seq && (s = rp__store_stmt(ix, ST_BLOCK)) == NULL)
        return RP_EIO;
    rc = load_block(ix->db, s, r, &r->c, k, &src);
    if (rc == RP_EIO)
        return rp__store_sql_fail(ix, src, "reading postings");
    if (rc == BLOCK_MISSING || rc == RP_ECORRUPT)
        return rp__store_fail(ix, RP_ECORRUPT, "'%s': a block of posting run %lld is %s", ix->path,
                              (long long)r->run, rc == BLOCK_MISSING ? "missing" : "damaged");
    return rc;
}

static int cmp_i64(const void *x, const void *y)
{
    const int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

    return a < b ? -1 : a > b;
}

/* A probe whose filters are all in memory, in parts: part k has grams [n k / parts,
 * n (k + 1) / parts). */
struct probe {
    const struct rp__postings *p;
    const uint64_t *grams;
    uint64_t *maybe;
    size_t n, parts;
};

static int probe_part(size_t k, void *user)
{
    enum { AHEAD = 16 };
    const struct probe *q = user;
    const struct rp__postings *p = q->p;
    const size_t from = q->n * k / q->parts, to = q->n * (k + 1) / q->parts;

    /* the filter lines are far apart in memory: ask for a few grams ahead at once */
    for (size_t i = 0; i < p->run_count && i < 64; i++) {
        const struct prun *r = &p->runs[i];
        for (size_t g = from; g < to; g++) {
            if (g + AHEAD < to)
                __builtin_prefetch(filter_line(r->filter, r->filter_words, q->grams[g + AHEAD]));
            if (q->grams[g] >= r->fences[0] && filter_has(r, q->grams[g]))
                q->maybe[g] |= 1ull << i;
        }
    }
    return RP_OK;
}

int rp__postings_probe(rp_index *ix, const uint64_t *grams, size_t n, unsigned threads,
                       uint64_t *maybe)
{
    struct rp__postings *p = &ix->post;
    int rc = sync_runs(ix), all = 1;

    if (rc < 0)
        return rc;
    memset(maybe, 0, n * sizeof(*maybe));
    for (size_t i = 0; i < p->run_count && i < 64; i++) {
        struct prun *r = &p->runs[i];
        /* as many grams as parts: most parts would be read one by one */
        if (r->part_read != NULL && n >= part_count(r->filter_words) &&
            (rc = read_parts(ix, r)) < 0)
            return rc;
        all &= r->part_read == NULL;
    }
    if (all) { /* every filter in memory: on every thread */
        struct probe q = {p, grams, maybe, n, rp__parts_for(n, threads)};
        rc = rp__parallel_parts(q.parts, probe_part, &q);
    }
    for (size_t i = 0; !all && i < p->run_count && i < 64; i++) {
        struct prun *r = &p->runs[i];
        for (size_t g = 0; g < n; g++) {
            int has;
            if (grams[g] < r->fences[0])
                continue;
            if ((rc = filter_may_hold(ix, r, grams[g], &has)) < 0)
                return rc;
            if (has)
                maybe[g] |= 1ull << i;
        }
    }
    for (size_t g = 0; g < n && p->run_count > 64; g++)
        maybe[g] |= 1ull << 63; /* runs from the 64th on: looked at by every get */
    return RP_OK;
}

/* A reader of the posting lists on a connection of its own, for a thread beside the
 * handle's: it reads the runs the handle knows, in a read transaction that sees them. */
struct rp__preader {
    sqlite3 *db;
    sqlite3_stmt *gen;
    struct bcache *cache; /* the last block read of each run, and its cursor */
    size_t cache_count;
};

/* Appends the postings of gram to (*out)[*count ...] as rp__postings_get says, reading blocks
 * through the handle (rd NULL) or through reader rd, which never asks a filter nor reports a
 * failure: it only returns its code. */
static int get_list(rp_index *ix, struct rp__preader *rd, int seq, uint64_t gram, uint64_t maybe,
                    size_t limit, int64_t **out, size_t *count, size_t *cap)
{
    struct rp__postings *p = &ix->post;
    const size_t first = *count;
    int in_order = 1; /* each run's postings of a gram come by aid; the runs, by aid range */
    int rc = RP_OK;

    for (size_t i = 0; i < p->run_count && rc == RP_OK; i++) {
        struct prun *r = &p->runs[i];
        struct bcache *c = rd != NULL ? &rd->cache[i] : &r->c;
        /* with a mask of every run, this lookup asks the filters itself */
        if (!(maybe & (1ull << (i < 63 ? i : 63))) || gram < r->fences[0])
            continue;
        if (maybe == RP__POSTINGS_ANY || i >= 63) {
            int has;
            rc = rd != NULL ? RP_EINVAL : filter_may_hold(ix, r, gram, &has);
            if (rc < 0)
                break;
            if (!has)
                continue;
        }
        const size_t lo = block_of(r, c, gram);
        int src;
        rc = rd != NULL ? load_block(rd->db, NULL, r, c, lo, &src) : read_block(ix, r, lo, seq);
        if (rc != RP_OK) {
            rc = rc > 0 ? RP_ECORRUPT : rc;
            break;
        }
        size_t a = rp__first_at_least(c->bgram, 0, c->bcount, gram); /* its first posting */
        for (; a < c->bcount && c->bgram[a] == gram; a++) {
            if (is_gone(p, c->baid[a]))
                continue;
            if (RP__GROW(*out, *cap, *count + 1) < 0)
                return RP_ENOMEM;
            in_order &= *count == first || (*out)[*count - 1] < c->baid[a];
            (*out)[(*count)++] = c->baid[a];
        }
        /* enough to say the list is too long: the other runs are not read */
        if (*count - first >= limit)
            break;
    }
    if (rc < 0)
        return rc;
    if (*count - first > 1 && !in_order) /* a run of new versions' postings among older ones */
        qsort(*out + first, *count - first, sizeof(**out), cmp_i64);
    if (*count - first > limit)
        *count = first + limit;
    return RP_OK;
}

int rp__postings_get(rp_index *ix, uint64_t gram, uint64_t maybe, size_t limit, int64_t **out,
                     size_t *count, size_t *cap)
{
    const int rc = sync_runs(ix);

    *count = 0;
    return rc < 0 ? rc : get_list(ix, NULL, 0, gram, maybe, limit, out, count, cap);
}

static void reader_close(struct rp__preader *rd)
{
    sqlite3_finalize(rd->gen);
    for (size_t i = 0; i < rd->cache_count; i++) {
        rp__free(rd->cache[i].bgram);
        rp__free(rd->cache[i].baid);
        sqlite3_finalize(rd->cache[i].cur);
    }
    sqlite3_close_v2(rd->db);
    rp__free(rd->cache);
    memset(rd, 0, sizeof(*rd));
}

void rp__postings_readers_close(rp_index *ix)
{
    for (size_t k = 0; k < ix->post.reader_count; k++)
        reader_close(&ix->post.readers[k]);
    rp__free(ix->post.readers);
    ix->post.readers = NULL;
    ix->post.reader_count = 0;
}

static int reader_open(rp_index *ix, struct rp__preader *rd)
{
    /* the file the handle opened, as SQLite resolved its name then */
    const char *path = sqlite3_db_filename(ix->db, "main");

    memset(rd, 0, sizeof(*rd));
    if (path == NULL || path[0] == '\0')
        return RP_EIO;
    int src = sqlite3_open_v2(path, &rd->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_exec(rd->db, "PRAGMA cache_size = -65536; PRAGMA mmap_size = 2147418112",
                           NULL, NULL, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_prepare_v2(rd->db, "SELECT value FROM meta WHERE key = 'posting_gen'", -1,
                                 &rd->gen, NULL);
    return src == SQLITE_OK ? RP_OK : RP_EIO;
}

/* Opens rd's read transaction: 1 when it sees the runs the handle knows, else 0 (and none is
 * left open). */
static int reader_begin(rp_index *ix, struct rp__preader *rd)
{
    const struct rp__postings *p = &ix->post;
    int sees = 0;

    if (sqlite3_exec(rd->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return 0;
    if (sqlite3_step(rd->gen) == SQLITE_ROW)
        sees = sqlite3_column_int64(rd->gen, 0) == p->gen;
    sqlite3_reset(rd->gen);
    if (sees && rd->cache_count < p->run_count) {
        struct bcache *c = rp__realloc(rd->cache, p->run_count * sizeof(*c));
        if (c != NULL) {
            memset(c + rd->cache_count, 0, (p->run_count - rd->cache_count) * sizeof(*c));
            rd->cache = c;
            rd->cache_count = p->run_count;
        }
        sees = c != NULL;
    }
    for (size_t i = 0; i < rd->cache_count; i++)
        rd->cache[i].cached = SIZE_MAX; /* its cursors were left by its last part */
    if (!sees)
        sqlite3_exec(rd->db, "ROLLBACK", NULL, NULL, NULL);
    return sees;
}

/* The lists of grams [from, to) of a get_many, read through the handle (handle 1, on one
 * thread at a time) or through reader rd; a part with neither is left (PART_LEFT) for the
 * handle to read after. */
enum { PART_LEFT = 1 };

struct many {
    rp_index *ix;
    struct rp__preader *rd;
    int handle;
    const uint64_t *grams, *maybe;
    const size_t *limit;
    size_t from, to;
    int64_t *aids;
    size_t count, cap;
    size_t *at; /* of the call: at[g] is where gram g's list starts in this part's aids */
    int rc;
};

static int get_part(size_t k, void *user)
{
    struct many *m = (struct many *)user + k;

    m->count = 0;
    m->rc = m->rd == NULL && !m->handle ? PART_LEFT : RP_OK;
    for (size_t g = m->from; g < m->to && m->rc == RP_OK; g++) {
        m->at[g] = m->count;
        m->rc = get_list(m->ix, m->rd, 1, m->grams[g], m->maybe[g], m->limit[g], &m->aids,
                         &m->count, &m->cap);
    }
    /* no cursor stays on a row: a reader's transaction ends, the handle's goes on writing */
    for (size_t i = 0; (m->rd != NULL || m->handle) && i < m->ix->post.run_count; i++)
        cursor_leave(m->rd != NULL ? &m->rd->cache[i] : &m->ix->post.runs[i].c);
    return RP_OK; /* the caller reads each part's rc: a reader's failure is read again */
}

int rp__postings_get_many(rp_index *ix, const uint64_t *grams, const uint64_t *maybe,
                          const size_t *limit, size_t n, unsigned threads, int64_t **aids,
                          size_t *cap, size_t *at)
{
    struct rp__postings *p = &ix->post;
    struct many part[RP__THREADS_MAX];
    size_t parts = 1;
    int rc = sync_runs(ix);

    if (rc < 0)
        return rc;
    /* beside the handle only when the file holds what it knows: runs this transaction made or
     * that a reader would find merged away are read by the handle alone */
    if (!p->dirty && p->run_count < 63)
        parts = rp__parts_for(n, threads);
    if (parts > 1 && p->reader_count < parts - 1) {
        struct rp__preader *v = rp__realloc(p->readers, (parts - 1) * sizeof(*v));
        if (v == NULL)
            return RP_ENOMEM;
        p->readers = v;
        for (; p->reader_count < parts - 1; p->reader_count++)
            if (reader_open(ix, &v[p->reader_count]) < 0) {
                reader_close(&v[p->reader_count]);
                break;
            }
        if (p->reader_count < parts - 1)
            parts = p->reader_count + 1;
    }
    for (size_t k = 0; k < parts; k++) {
        struct rp__preader *rd =
            k > 0 && reader_begin(ix, &p->readers[k - 1]) ? &p->readers[k - 1] : NULL;
        part[k] = (struct many){ix,
                                rd,
                                k == 0,
                                grams,
                                maybe,
                                limit,
                                n * k / parts,
                                n * (k + 1) / parts,
                                k == 0 ? *aids : NULL,
                                0,
                                k == 0 ? *cap : 0,
                                at,
                                RP_OK};
    }
    (void)rp__parallel_parts(parts, get_part, part);
    for (size_t k = 1; k < parts; k++)
        if (part[k].rd != NULL)
            sqlite3_exec(part[k].rd->db, "COMMIT", NULL, NULL, NULL);
    /* the parts in order, one after the other; one a reader did not read, by the handle */
    rc = part[0].rc;
    *aids = part[0].aids;
    *cap = part[0].cap;
    size_t count = part[0].count;
    for (size_t k = 1; k < parts; k++) {
        if (rc == RP_OK && part[k].rc != RP_OK) {
            part[k].rd = NULL;
            part[k].handle = 1;
            get_part(k, part);
            rc = part[k].rc;
        }
        if (rc == RP_OK && RP__GROW(*aids, *cap, count + part[k].count + 1) < 0)
            rc = RP_ENOMEM;
        if (rc == RP_OK && part[k].count > 0)
            memcpy(*aids + count, part[k].aids, part[k].count * sizeof(**aids));
        if (rc == RP_OK) {
            for (size_t g = part[k].from; g < part[k].to; g++)
                at[g] += count;
            count += part[k].count;
        }
        rp__free(part[k].aids);
    }
    at[n] = count;
    return rc;
}

/* ---- writing runs ------------------------------------------------------------------------- */

struct builder {
    rp_index *ix;
    struct prun r; /* fences and filter filled as blocks are written */
    size_t fence_cap;
    uint64_t *bgram; /* the postings of the block being made */
    int64_t *baid;
    size_t bn, gcap, acap;
    uint64_t bgram_last; /* the gram of the last posting put */
    struct rp__buf blob;
};

static void builder_release(struct builder *w)
{
    run_release(&w->r);
    rp__free(w->bgram);
    rp__free(w->baid);
    rp__buf_release(&w->blob);
}

static int builder_start(rp_index *ix, struct builder *w, int64_t level, int64_t grams_at_most)
{
    sqlite3_stmt *s = rp__store_stmt(ix, ST_NEXT_RUN);
    int rc;

    memset(w, 0, sizeof(*w));
    w->ix = ix;
    w->r.c.cached = SIZE_MAX;
    w->r.level = level;
    if (s == NULL)
        return RP_EIO;
    rc = rp__store_step(ix, s, "writing postings");
    if (rc == 1) {
        w->r.run = sqlite3_column_int64(s, 0);
        w->r.first_block = sqlite3_column_int64(s, 1);
        rc = RP_OK;
    } else if (rc == 0) {
        rc = RP_EIO;
    }
    sqlite3_reset(s);
    if (rc < 0)
        return rc;
    w->r.filter_words = filter_words_for(grams_at_most);
    w->r.filter = rp__calloc(w->r.filter_words, sizeof(*w->r.filter));
    return w->r.filter == NULL ? RP_ENOMEM : RP_OK;
}

static int builder_flush(struct builder *w)
{
    sqlite3_stmt *s;
    int rc;

    if (w->bn == 0)
        return RP_OK;
    /* the block's grams into the filter, each line asked for a few grams ahead: in a filter of
     * hundreds of MB, every line is a miss of the caches (half a merge's time, one at a time) */
    for (size_t i = 0; i < w->bn; i++) {
        if (i + FILTER_AHEAD < w->bn)
            __builtin_prefetch(
                filter_line(w->r.filter, w->r.filter_words, w->bgram[i + FILTER_AHEAD]), 1);
        if (i == 0 || w->bgram[i] != w->bgram[i - 1])
            filter_add(w->r.filter, w->r.filter_words, w->bgram[i]);
    }
    rp__buf_reset(&w->blob);
    rc = rp__codec_block_put(w->bgram, w->baid, w->bn, &w->blob);
    if (rc < 0)
        return rc;
    if (RP__GROW(w->r.fences, w->fence_cap, w->r.blocks + 1) < 0)
        return RP_ENOMEM;
    w->r.fences[w->r.blocks++] = w->bgram[0];
    s = rp__store_stmt(w->ix, ST_PUT_BLOCK);
    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, w->r.first_block + (int64_t)w->r.blocks - 1);
    sqlite3_bind_int64(s, 2, w->r.run);
    sqlite3_bind_blob(s, 3, w->blob.data, (int)w->blob.len, SQLITE_STATIC);
    rc = rp__store_run(w->ix, s, "writing postings");
    w->bn = 0;
    return rc;
}

/* Adds one posting; they come in (gram, aid) order. A block ends between two grams once it
 * holds BLOCK_POSTINGS. */
static int builder_put(struct builder *w, uint64_t gram, int64_t aid)
{
    const int same = w->r.postings > 0 && gram == w->bgram_last;
    int rc = RP_OK;

    if (!same && w->bn >= BLOCK_POSTINGS)
        rc = builder_flush(w);
    if (rc < 0)
        return rc;
    if (RP__GROW(w->bgram, w->gcap, w->bn + 1) < 0 || RP__GROW(w->baid, w->acap, w->bn + 1) < 0)
        return RP_ENOMEM;
    w->bgram[w->bn] = gram;
    w->baid[w->bn++] = aid;
    if (!same)
        w->r.grams++; /* the filter takes it as the block is written */
    w->r.postings++;
    w->bgram_last = gram;
    return RP_OK;
}

/* Writes the run's row and hands the run to the handle (or drops it when empty). */
static int builder_finish(struct builder *w)
{
    struct rp__postings *p = &w->ix->post;
    sqlite3_stmt *s;
    uint8_t *fe = NULL, *fi = NULL;
    int rc = builder_flush(w);

    if (rc < 0 || w->r.postings == 0) {
        builder_release(w);
        return rc;
    }
    rc = rp__codec_u64s_put(w->r.fences, w->r.blocks, &fe);
    if (rc == RP_OK)
        rc = rp__codec_u64s_put(w->r.filter, w->r.filter_words, &fi);
    if (rc == RP_OK)
        rc = put_parts(w->ix, w->r.run, fi, w->r.filter_words, "writing postings");
    s = rc == RP_OK ? rp__store_stmt(w->ix, ST_PUT_RUN) : NULL;
    if (rc == RP_OK && s == NULL)
        rc = RP_EIO;
    if (rc == RP_OK) {
        sqlite3_bind_int64(s, 1, w->r.run);
        sqlite3_bind_int64(s, 2, w->r.level);
        sqlite3_bind_int64(s, 3, w->r.postings);
        sqlite3_bind_int64(s, 4, w->r.grams);
        sqlite3_bind_int64(s, 5, w->r.first_block);
        sqlite3_bind_int64(s, 6, (int64_t)w->r.blocks);
        sqlite3_bind_blob(s, 7, fe, (int)(w->r.blocks * 8), SQLITE_STATIC);
        sqlite3_bind_int64(s, 8, (int64_t)w->r.filter_words);
        rc = rp__store_run(w->ix, s, "writing postings");
    }
    rp__free(fe);
    rp__free(fi);
    if (rc == RP_OK && RP__GROW(p->runs, p->run_cap, p->run_count + 1) < 0)
        rc = RP_ENOMEM;
    if (rc == RP_OK)
        rc = make_top(&w->r);
    if (rc < 0) {
        builder_release(w);
        return rc;
    }
    p->runs[p->run_count++] = w->r;
    memset(&w->r, 0, sizeof(w->r)); /* the handle's now */
    builder_release(w);
    return RP_OK;
}

/* A run read block by block, for a merge. */
struct cursor {
    struct prun *r;
    size_t block, at; /* next posting: r's decoded block 'block', index 'at' */
};

static int cursor_next(rp_index *ix, struct cursor *c, int *more)
{
    if (c->r->c.cached == c->block && c->at < c->r->c.bcount) {
        *more = 1;
        return RP_OK;
    }
    if (c->r->c.cached == c->block)
        c->block++;
    if (c->block >= c->r->blocks) {
        *more = 0;
        return RP_OK;
    }
    c->at = 0;
    *more = 1;
    return read_block(ix, c->r, c->block, 0);
}

static int delete_run(rp_index *ix, const struct prun *r)
{
    sqlite3_stmt *s = rp__store_stmt(ix, ST_DEL_BLOCKS);
    int rc;

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, r->first_block);
    sqlite3_bind_int64(s, 2, r->first_block + (int64_t)r->blocks - 1);
    rc = rp__store_run(ix, s, "merging postings");
    if (rc == RP_OK && (s = rp__store_stmt(ix, ST_DEL_FILTER)) == NULL)
        rc = RP_EIO;
    if (rc == RP_OK) {
        bind_parts_of(s, r->run);
        rc = rp__store_run(ix, s, "merging postings");
    }
    if (rc == RP_OK && (s = rp__store_stmt(ix, ST_DEL_RUN)) == NULL)
        rc = RP_EIO;
    if (rc == RP_OK) {
        sqlite3_bind_int64(s, 1, r->run);
        rc = rp__store_run(ix, s, "merging postings");
    }
    return rc;
}

/* Merges the runs of a level (every run when level < 0) into one of level 'to', dropping the
 * postings of gone aids. */
static int merge_runs(rp_index *ix, int64_t level, int64_t to)
{
    struct rp__postings *p = &ix->post;
    struct cursor *c = rp__malloc((p->run_count + 1) * sizeof(*c));
    size_t n = 0;
    int64_t grams = 0;
    struct builder w;
    int rc;

    if (c == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < p->run_count; i++)
        if (level < 0 || p->runs[i].level == level) {
            c[n++] = (struct cursor){&p->runs[i], 0, 0};
            p->runs[i].c.cached = SIZE_MAX;
            grams += p->runs[i].grams;
        }
    rc = builder_start(ix, &w, to, grams);
    while (rc == RP_OK) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n && rc == RP_OK; i++) {
            int more;
            rc = cursor_next(ix, &c[i], &more);
            if (rc < 0 || !more)
                continue;
            const struct prun *r = c[i].r;
            if (best == SIZE_MAX)
                best = i;
            else {
                const struct prun *q = c[best].r;
                const uint64_t g = r->c.bgram[c[i].at], h = q->c.bgram[c[best].at];
                if (g < h || (g == h && r->c.baid[c[i].at] < q->c.baid[c[best].at]))
                    best = i;
            }
        }
        if (rc < 0 || best == SIZE_MAX)
            break;
        const struct prun *r = c[best].r;
        const uint64_t g = r->c.bgram[c[best].at];
        const int64_t aid = r->c.baid[c[best].at];
        c[best].at++;
        if (!is_gone(p, aid))
            rc = builder_put(&w, g, aid);
    }
    /* the merged runs go, in the file and in memory */
    for (size_t i = 0; i < n && rc == RP_OK; i++)
        rc = delete_run(ix, c[i].r);
    if (rc < 0) {
        builder_release(&w);
        rp__free(c);
        return rc;
    }
    size_t keep = 0;
    for (size_t i = 0; i < p->run_count; i++)
        if (level < 0 || p->runs[i].level == level)
            run_release(&p->runs[i]);
        else
            p->runs[keep++] = p->runs[i];
    p->run_count = keep;
    rp__free(c);
    return builder_finish(&w);
}

static int cmp_run(const void *x, const void *y)
{
    const struct prun *a = x, *b = y;

    return a->run < b->run ? -1 : a->run > b->run;
}

/* Merges while a level holds POSTING_FANOUT runs; once one run is left, no gone article has
 * a posting any more. */
static int compact(rp_index *ix)
{
    struct rp__postings *p = &ix->post;
    int rc = RP_OK;

    for (int64_t level = 0; rc == RP_OK; level++) {
        size_t at = 0, any = 0;
        for (size_t i = 0; i < p->run_count; i++) {
            at += p->runs[i].level == level;
            any += p->runs[i].level >= level;
        }
        if (any == 0)
            break;
        if (at >= POSTING_FANOUT)
            rc = TIMED(ix, RP_STEP_MERGE, merge_runs(ix, level, level + 1));
    }
    if (rc == RP_OK && p->run_count > 1)
        qsort(p->runs, p->run_count, sizeof(*p->runs), cmp_run);
    if (rc == RP_OK && p->run_count <= 1 && p->gone_count > 0) {
        sqlite3_stmt *s = rp__store_stmt(ix, ST_CLEAR_GONE);
        rc = s == NULL ? RP_EIO : rp__store_run(ix, s, "merging postings");
        p->gone_count = 0;
    }
    return rc;
}

/* Raises posting_gen: every other handle reads the runs again. */
static int changed(rp_index *ix)
{
    int64_t gen;
    int rc = rp__store_meta_int(ix, "posting_gen", 0, &gen);

    if (rc == RP_OK)
        rc = rp__store_meta_set(ix, "posting_gen", gen + 1);
    if (rc == RP_OK)
        ix->post.gen = gen + 1;
    return rc;
}

/* Writes n > 0 postings in (gram, aid) order as a new run of level 0. */
static int write_run(rp_index *ix, const uint64_t *grams, const int64_t *aids, size_t n)
{
    struct builder w;
    int64_t distinct = 0;
    int rc;

    for (size_t i = 0; i < n; i++)
        distinct += i == 0 || grams[i] != grams[i - 1];
    rc = builder_start(ix, &w, 0, distinct);
    for (size_t i = 0; i < n && rc == RP_OK; i++)
        rc = builder_put(&w, grams[i], aids[i]);
    if (rc == RP_OK)
        return builder_finish(&w);
    builder_release(&w);
    return rc;
}

int rp__postings_write(rp_index *ix, const uint64_t *grams, const int64_t *aids, size_t n,
                       const int64_t *gone, size_t gone_count)
{
    struct rp__postings *p = &ix->post;
    int rc = sync_runs(ix);

    if (rc < 0)
        return rc;
    /* from here on the handle's runs are this transaction's: a rollback forgets them */
    p->dirty = 1;
    for (size_t i = 0; i < gone_count && rc == RP_OK; i++) {
        sqlite3_stmt *s = rp__store_stmt(ix, ST_PUT_GONE);
        if (s == NULL)
            return RP_EIO;
        sqlite3_bind_int64(s, 1, gone[i]);
        rc = rp__store_run(ix, s, "writing postings");
        if (rc == RP_OK && RP__GROW(p->gone, p->gone_cap, p->gone_count + 1) < 0)
            rc = RP_ENOMEM;
        if (rc == RP_OK)
            p->gone[p->gone_count++] = gone[i];
    }
    if (rc < 0)
        return rc;
    if (p->gone_count > 1)
        qsort(p->gone, p->gone_count, sizeof(*p->gone), cmp_i64);
    if (n > 0)
        rc = TIMED(ix, RP_STEP_RUN, write_run(ix, grams, aids, n));
    if (rc == RP_OK && (n > 0 || gone_count > 0))
        rc = compact(ix);
    return rc == RP_OK ? changed(ix) : rc;
}

int rp__postings_optimize(rp_index *ix, size_t *before)
{
    struct rp__postings *p = &ix->post;
    int64_t top = 0;
    int rc = sync_runs(ix);

    *before = p->run_count;
    if (rc < 0 || p->run_count == 0 || (p->run_count == 1 && p->gone_count == 0))
        return rc;
    p->dirty = 1;
    for (size_t i = 0; i < p->run_count; i++)
        top = p->runs[i].level > top ? p->runs[i].level : top;
    rc = TIMED(ix, RP_STEP_MERGE, merge_runs(ix, -1, top));
    if (rc == RP_OK)
        rc = compact(ix); /* one run or none: the gone aids have no postings left */
    return rc == RP_OK ? changed(ix) : rc;
}

int rp__postings_scan(rp_index *ix, rp__posting_fn *fn, void *user)
{
    struct rp__postings *p = &ix->post;
    int rc = sync_runs(ix);

    for (size_t i = 0; i < p->run_count && rc == RP_OK; i++) {
        struct prun *r = &p->runs[i];
        int64_t held = 0, grams = 0;
        uint64_t last = 0;
        for (size_t k = 0; k < r->blocks && rc == RP_OK; k++) {
            rc = read_block(ix, r, k, 0);
            for (size_t j = 0; j < r->c.bcount && rc == RP_OK; j++) {
                const uint64_t g = r->c.bgram[j];
                int has = 0;
                rc = filter_may_hold(ix, r, g, &has);
                if (rc < 0)
                    break;
                if ((held > 0 && g < last) || !has)
                    rc = rp__store_fail(ix, RP_ECORRUPT,
                                        "'%s': posting run %lld is out of order or its filter "
                                        "misses a gram",
                                        ix->path, (long long)r->run);
                grams += held == 0 || g != last;
                held++;
                last = g;
                if (rc == RP_OK)
                    rc = fn(g, r->c.baid[j], is_gone(p, r->c.baid[j]), user);
            }
        }
        if (rc == RP_OK && (held != r->postings || grams != r->grams))
            rc = rp__store_fail(ix, RP_ECORRUPT,
                                "'%s': posting run %lld holds %lld postings, "
                                "its row says %lld",
                                ix->path, (long long)r->run, (long long)held,
                                (long long)r->postings);
    }
    return rc;
}

int rp__postings_upgrade_filters(rp_index *ix)
{
    sqlite3_stmt *s = NULL;
    int src, rc = rp__store_exec(ix, "CREATE TABLE pfilter (key INTEGER PRIMARY KEY, "
                                     "bits BLOB NOT NULL)");

    if (rc == RP_OK) {
        src = sqlite3_prepare_v2(ix->db, "SELECT run, filter FROM prun ORDER BY run", -1, &s, NULL);
        if (src != SQLITE_OK)
            rc = rp__store_sql_fail(ix, src, "upgrading the filters");
    }
    while (rc == RP_OK && (rc = rp__store_step(ix, s, "upgrading the filters")) == 1) {
        const int64_t run = sqlite3_column_int64(s, 0);
        const uint8_t *fi = sqlite3_column_blob(s, 1);
        const size_t len = (size_t)sqlite3_column_bytes(s, 1);
        rc = RP_OK;
        if (run <= 0 || run >= (int64_t)1 << 38 || len == 0 || len % (8 * LINE_WORDS) != 0 ||
            part_count(len / 8) > (size_t)1 << 24) {
            rc = rp__store_fail(ix, RP_ECORRUPT, "'%s': posting run %lld is damaged", ix->path,
                                (long long)run);
            break;
        }
        rc = put_parts(ix, run, fi, len / 8, "upgrading the filters");
    }
    sqlite3_finalize(s);
    if (rc == RP_OK)
        rc = rp__store_exec(ix, "ALTER TABLE prun ADD COLUMN filter_words INTEGER NOT NULL "
                                "DEFAULT 0; "
                                "UPDATE prun SET filter_words = length(filter) / 8; "
                                "ALTER TABLE prun DROP COLUMN filter");
    return rc;
}
