/* rewrite.c: speed of the rewrite detector. For each JSON Lines corpus given, prints the time
 * of a scan without stories and rewrites (counts, boilerplate, duplicates, reuse), the time
 * with the rewrite detector added, the added wall and CPU time, the candidate pairs whose
 * sentences it aligned and the pairs aligned per added CPU second, and the rewrites found. Each
 * time is the better of two runs, as the machine may be shared. */
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

#include "reprint.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds of the process so far, all threads: steadier than wall time on a shared
 * machine. */
static double cpu(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

static double cpu_used; /* CPU seconds of the last run() */

/* Scans c with the detectors of 'detect'; the time, the aligned pairs and the rewrites. */
static double run(const rp_corpus *c, unsigned detect, uint64_t *pairs, size_t *rewrites)
{
    rp_options o;
    rp_scan *s;
    const double t0 = now(), c0 = cpu();

    rp_options_default(&o);
    o.detect = detect;
    if (rp_scan_run(c, &o, &s) < 0)
        return -1;
    const double t = now() - t0;
    cpu_used = cpu() - c0;
    *pairs = rp_scan_counter(s, RP_COUNT_REWRITE_CANDIDATES);
    *rewrites = 0;
    for (size_t i = 0; i < rp_scan_relation_count(s); i++)
        *rewrites += rp_scan_relation(s, i)->type == RP_REL_REWRITE;
    rp_scan_free(s);
    return t;
}

int main(int argc, char **argv)
{
    const unsigned base = RP_DETECT_ALL & ~(unsigned)(RP_DETECT_STORIES | RP_DETECT_REWRITES);

    printf("%9s %8s %8s %8s %8s %8s %10s %9s %9s\n", "articles", "MB", "base s", "with s",
           "added s", "cpu +s", "pairs", "pairs/s", "rewrites");
    for (int f = 1; f < argc; f++) {
        rp_corpus *c;
        double bytes = 0;
        uint64_t pairs;
        size_t rewrites;

        rp_corpus_new(&c);
        if (rp_corpus_read(c, argv[f], 0, NULL, NULL) < 0) {
            fprintf(stderr, "bench_rewrite: %s\n", rp_corpus_errmsg(c));
            return 3;
        }
        for (size_t i = 0; i < rp_corpus_count(c); i++)
            bytes += (double)rp_corpus_get(c, i)->text_len;
        double t0 = run(c, base, &pairs, &rewrites), c0 = cpu_used;
        double t1 = run(c, base | RP_DETECT_REWRITES, &pairs, &rewrites), c1 = cpu_used;
        const double t0b = run(c, base, &pairs, &rewrites), c0b = cpu_used;
        const double t1b = run(c, base | RP_DETECT_REWRITES, &pairs, &rewrites), c1b = cpu_used;
        t0 = t0b < t0 ? t0b : t0;
        t1 = t1b < t1 ? t1b : t1;
        c0 = c0b < c0 ? c0b : c0;
        c1 = c1b < c1 ? c1b : c1;
        printf("%9zu %8.1f %8.2f %8.2f %8.2f %8.2f %10llu %9.0f %9zu\n", rp_corpus_count(c),
               bytes / 1e6, t0, t1, t1 - t0, c1 - c0, (unsigned long long)pairs,
               (double)pairs / (c1 - c0), rewrites);
        fflush(stdout);
        rp_corpus_free(c);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory %.0f MB (all cores; reading not included in the times)\n",
           (double)ru.ru_maxrss / 1e3);
    return 0;
}
