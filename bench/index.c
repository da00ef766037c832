/* index.c: speed of the persistent index as it grows. Adds the articles of the JSON Lines
 * files given (read one file at a time: split a large corpus into parts) to a new index in
 * batches, without settling the stories, and prints at each milestone (1k, 10k, 100k, 1M
 * articles, the others of 1-2-5, and every 100k) the articles/s of the last stretch, the file size
 * per article (the database pages; the write-ahead log apart) and the memory in use; at 10k, 100k
 * and 1M it times queries (one article each, from the last QUERIES articles of the last file, which
 * are never added): median and 99th percentile; at the milestones of BENCH_SETTLE (default 10000)
 * it times settling the stories. Under each milestone: the seconds the stretch spent in each step
 * of the adds (rp_index_step_seconds). With BENCH_RESUME=1 it goes on with the index a run left
 * (which holds the first articles of the files), so that a long run can give the machine back;
 * with BENCH_QUERIES=1 as well it only times the queries on that index, twice: on a handle warmed
 * by as many other queries, then on a new handle; with BENCH_OPTIMIZE=1 it first merges the
 * index's postings into one run (rp_index_optimize) and times that. It never replaces an index that
 * exists.
 *
 * usage: bench_index DB MAX FILE.jsonl... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "reprint.h"
#include "../cli/tune.h"

#define BATCH 1000
#define QUERIES 300

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double file_mb(const char *db)
{
    char wal[1024];
    struct stat st;
    double bytes = 0;

    if (stat(db, &st) == 0)
        bytes += (double)st.st_size;
    snprintf(wal, sizeof(wal), "%s-wal", db);
    if (stat(wal, &st) == 0)
        bytes += (double)st.st_size;
    return bytes;
}

static long peak_mb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

static int cmp_double(const void *x, const void *y)
{
    const double a = *(const double *)x, b = *(const double *)y;

    return a < b ? -1 : a > b;
}

struct timed {
    double t, steps[RP_STEP_COUNT]; /* seconds in all, and in each step of the query */
    size_t nth;                     /* 1 for the handle's first query */
};

static int cmp_timed(const void *x, const void *y)
{
    return cmp_double(&((const struct timed *)x)->t, &((const struct timed *)y)->t);
}

/* Times one query per article of q; prints the median, the 99th percentile and the steps of
 * the three slowest, where the tail comes from. */
static void time_queries(rp_index *ix, const rp_corpus *q, size_t n)
{
    struct timed *t = calloc(n + 1, sizeof(*t));
    double before[RP_STEP_COUNT];
    size_t found = 0;

    for (size_t i = 0; i < n; i++) {
        rp_records *r;
        rp_index_step_seconds(ix, before);
        const double t0 = now();
        if (rp_index_query(ix, q, i, 1, RP_ADD_NO_SETTLE, &r) < 0) {
            fprintf(stderr, "bench_index: query: %s\n", rp_index_errmsg(ix));
            exit(3);
        }
        t[i].t = now() - t0;
        t[i].nth = i + 1;
        rp_index_step_seconds(ix, t[i].steps);
        for (int k = 0; k < RP_STEP_COUNT; k++)
            t[i].steps[k] -= before[k];
        found += rp_records_relation_count(r) > 0;
        rp_records_free(r);
    }
    qsort(t, n, sizeof(*t), cmp_timed);
    printf("    queries: %zu, median %.1f ms, p99 %.1f ms, max %.1f ms (%zu found relations)\n", n,
           1e3 * t[n / 2].t, 1e3 * t[(n * 99) / 100].t, 1e3 * t[n - 1].t, found);
    for (size_t i = n > 3 ? n - 3 : 0; i < n; i++) {
        printf("    a slowest query (number %zu of the handle), %.1f ms (ms):", t[i].nth,
               1e3 * t[i].t);
        for (int k = 0; k < RP_STEP_COUNT; k++)
            if (t[i].steps[k] >= 0.0005)
                printf(" %s %.1f", rp_index_step_name(k), 1e3 * t[i].steps[k]);
        printf("\n");
    }
    free(t);
}

/* The seconds of each step since the last call (prev holds the totals then), on one line. */
static void print_steps(const rp_index *ix, double prev[RP_STEP_COUNT])
{
    double cur[RP_STEP_COUNT];

    rp_index_step_seconds(ix, cur);
    printf("    steps (s):");
    for (int k = 0; k < RP_STEP_COUNT; k++) {
        if (cur[k] - prev[k] >= 0.05)
            printf(" %s %.1f", rp_index_step_name(k), cur[k] - prev[k]);
        prev[k] = cur[k];
    }
    printf("\n");
}

static int is_milestone(size_t n)
{
    size_t m = 1000;

    if (n >= 100000 && n % 100000 == 0)
        return 1;

    while (m <= n) {
        if (n == m || n == 2 * m || n == 5 * m)
            return 1;
        m *= 10;
    }
    return 0;
}

static int listed(const char *list, size_t n)
{
    for (const char *p = list; p != NULL && *p != '\0';) {
        char *end;
        const unsigned long v = strtoul(p, &end, 10);
        if (end == p)
            break;
        if (v == n)
            return 1;
        p = *end == ',' ? end + 1 : end;
    }
    return 0;
}

int main(int argc, char **argv)
{
    char err[1024];
    rp_index *ix;
    rp_corpus *q = NULL, *w = NULL; /* the queries; the warm-up queries */
    rp_options o;
    const char *settle_at = getenv("BENCH_SETTLE") ? getenv("BENCH_SETTLE") : "10000";
    const size_t batch_max =
        getenv("BENCH_BATCH_MAX") ? strtoul(getenv("BENCH_BATCH_MAX"), NULL, 10) : 10 * BATCH;
    const size_t share =
        getenv("BENCH_BATCH_SHARE") && strtoul(getenv("BENCH_BATCH_SHARE"), NULL, 10)
            ? strtoul(getenv("BENCH_BATCH_SHARE"), NULL, 10)
            : 10;
    size_t added = 0, since = 0;
    double t_start, t_mark, steps[RP_STEP_COUNT] = {0};

    cli_tune_malloc(argv); /* as reprint(1) runs */
    if (argc < 4) {
        fputs("usage: bench_index DB MAX FILE.jsonl...\n", stderr);
        return 2;
    }
    const size_t max = strtoul(argv[2], NULL, 10);
    const int resume = getenv("BENCH_RESUME") != NULL && strcmp(getenv("BENCH_RESUME"), "1") == 0;
    struct stat held_st;
    if (!resume && stat(argv[1], &held_st) == 0) { /* hours of adding: never thrown away */
        fprintf(stderr, "bench_index: '%s' exists: remove it, or go on with BENCH_RESUME=1\n",
                argv[1]);
        return 2;
    }
    rp_options_default(&o);
    if (rp_index_open(argv[1], RP_INDEX_CREATE, &o, &ix, err, sizeof(err)) < 0) {
        fprintf(stderr, "bench_index: %s\n", err);
        return 3;
    }
    /* the queries: the last articles of the last file, never added */
    {
        rp_corpus *last;
        rp_corpus_new(&last);
        if (rp_corpus_read(last, argv[argc - 1], 0, NULL, NULL) < 0) {
            fprintf(stderr, "bench_index: %s\n", rp_corpus_errmsg(last));
            return 3;
        }
        rp_corpus_new(&q);
        rp_corpus_new(&w);
        const size_t n = rp_corpus_count(last);
        for (size_t i = n > QUERIES ? n - QUERIES : 0; i < n; i++)
            rp_corpus_add(q, rp_corpus_get(last, i));
        /* the warm-up queries: copies, under new ids, of the articles added before them */
        for (size_t i = n > 2 * QUERIES ? n - 2 * QUERIES : 0; i + QUERIES < n; i++) {
            rp_article a = *rp_corpus_get(last, i);
            char id[512];
            snprintf(id, sizeof(id), "warm-up-%s", a.id);
            a.id = id;
            rp_corpus_add(w, &a);
        }
        rp_corpus_free(last);
    }
    printf("%9s %9s %9s %10s %10s %8s %8s\n", "articles", "seconds", "art/s", "file MB",
           "bytes/art", "wal MB", "peak MB");
    size_t skip = 0;
    if (resume) {
        rp_index_stats held;
        rp_index_stats_get(ix, &held);
        skip = added = (size_t)held.articles;
        printf("(going on from %zu articles)\n", added);
    }
    if (resume && getenv("BENCH_OPTIMIZE") != NULL && strcmp(getenv("BENCH_OPTIMIZE"), "1") == 0) {
        /* the postings of the index as it is merged into one run (rp_index_optimize) */
        const double t0 = now();
        rp_index_stats st;
        size_t before;
        if (rp_index_optimize(ix, &before) < 0 || rp_index_stats_get(ix, &st) < 0) {
            fprintf(stderr, "bench_index: optimize: %s\n", rp_index_errmsg(ix));
            return 3;
        }
        printf(
            "    optimize: %zu runs into %llu in %.1f s; file %.0f MB, wal %.0f MB, peak %ld MB\n",
            before, (unsigned long long)st.posting_runs, now() - t0, (double)st.file_bytes / 1e6,
            (file_mb(argv[1]) - (double)st.file_bytes) / 1e6, peak_mb());
    }
    if (resume && getenv("BENCH_QUERIES") != NULL && strcmp(getenv("BENCH_QUERIES"), "1") == 0) {
        /* the index as it is, nothing added. First a handle that has answered QUERIES other
         * queries (copies, under new ids, of the articles added just before the timed ones),
         * as a long-lived reader is: its caches warm, but not with these articles; then a new
         * handle, whose first queries read the runs' fences and filters as they need them */
        for (size_t i = 0; i < rp_corpus_count(w); i++) {
            rp_records *r;
            if (rp_index_query(ix, w, i, 1, RP_ADD_NO_SETTLE, &r) < 0) {
                fprintf(stderr, "bench_index: query: %s\n", rp_index_errmsg(ix));
                return 3;
            }
            rp_records_free(r);
        }
        rp_index_step_seconds(ix, steps);
        printf("    a warm handle (after %zu other queries):\n", rp_corpus_count(w));
        time_queries(ix, q, rp_corpus_count(q));
        print_steps(ix, steps);
        rp_index_close(ix);
        if (rp_index_open(argv[1], RP_INDEX_READONLY, &o, &ix, err, sizeof(err)) < 0) {
            fprintf(stderr, "bench_index: %s\n", err);
            return 3;
        }
        memset(steps, 0, sizeof(steps));
        printf("    a new handle:\n");
        time_queries(ix, q, rp_corpus_count(q));
        print_steps(ix, steps);
        rp_corpus_free(w);
        rp_corpus_free(q);
        rp_index_close(ix);
        return 0;
    }
    t_start = t_mark = now();
    for (int f = 3; f < argc && added < max; f++) {
        rp_corpus *c;
        rp_corpus_new(&c);
        if (rp_corpus_read(c, argv[f], 0, NULL, NULL) < 0) {
            fprintf(stderr, "bench_index: %s\n", rp_corpus_errmsg(c));
            return 3;
        }
        size_t n = rp_corpus_count(c), first = 0;
        if (f == argc - 1) /* the queries stay out */
            n = n > QUERIES ? n - QUERIES : 0;
        first = skip < n ? skip : n; /* what a resumed index holds already */
        skip -= first;
        while (first < n && added < max) {
            /* as reprint index add: a tenth (1/share) of the index, from 1,000 to batch_max */
            const size_t batch = added / share < BATCH       ? BATCH
                                 : added / share > batch_max ? batch_max
                                                             : added / share;
            size_t k = n - first < batch ? n - first : batch;
            if (k > max - added)
                k = max - added;
            /* end batches at the milestones, so that each is measured where it is */
            for (size_t m = added + 1; m <= added + k; m++)
                if (is_milestone(m)) {
                    k = m - added;
                    break;
                }
            rp_records *r;
            if (rp_index_add(ix, c, first, k, RP_ADD_NO_SETTLE, &r) < 0) {
                fprintf(stderr, "bench_index: add: %s\n", rp_index_errmsg(ix));
                return 3;
            }
            rp_records_free(r);
            first += k;
            added += k;
            since += k;
            if (!is_milestone(added))
                continue;
            const double t = now();
            rp_index_stats st;
            rp_index_stats_get(ix, &st);
            const double bytes = (double)st.file_bytes;
            printf("%9zu %9.1f %9.0f %10.1f %10.0f %8.1f %8ld\n", added, t - t_start,
                   (double)since / (t - t_mark), bytes / 1e6, bytes / (double)added,
                   (file_mb(argv[1]) - bytes) / 1e6, peak_mb());
            print_steps(ix, steps);
            fflush(stdout);
            if (added == 10000 || added == 100000 || added == 1000000)
                time_queries(ix, q, rp_corpus_count(q));
            if (listed(settle_at, added)) {
                const double t0 = now();
                if (rp_index_settle(ix) < 0) {
                    fprintf(stderr, "bench_index: settle: %s\n", rp_index_errmsg(ix));
                    return 3;
                }
                const double dt = now() - t0;
                rp_index_stats_get(ix, &st);
                printf("    settling the stories of %zu articles: %.1f s, %llu stories, peak %ld "
                       "MB\n",
                       added, dt, (unsigned long long)st.stories, peak_mb());
            }
            fflush(stdout);
            rp_index_step_seconds(ix, steps); /* the queries' and the settling's apart */
            since = 0;
            t_mark = now();
        }
        rp_corpus_free(c);
    }
    rp_index_stats st;
    rp_index_stats_get(ix, &st);
    printf("%zu articles, %llu relations, %llu postings, %llu stories; %.1f s in all\n", added,
           (unsigned long long)st.relations, (unsigned long long)st.postings,
           (unsigned long long)st.stories, now() - t_start);
    print_steps(ix, steps);
    rp_corpus_free(w);
    rp_corpus_free(q);
    rp_index_close(ix);
    return 0;
}
