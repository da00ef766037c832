/* rewrite.c: speed of the rewrite detector. For each JSON Lines corpus given, prints the time
 * of a scan without stories and rewrites (counts, boilerplate, duplicates, reuse), the time
 * with the rewrite detector added, the added time, the candidate pairs whose sentences it
 * aligned and the pairs aligned per second of added time, and the rewrites found. Each time
 * is the better of two runs, as the machine may be shared. */
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

/* Scans c with the detectors of 'detect'; the time, the aligned pairs and the rewrites. */
static double run(const rp_corpus *c, unsigned detect, uint64_t *pairs, size_t *rewrites)
{
    rp_options o;
    rp_scan *s;
    const double t0 = now();

    rp_options_default(&o);
    o.detect = detect;
    if (rp_scan_run(c, &o, &s) < 0)
        return -1;
    const double t = now() - t0;
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

    printf("%9s %8s %8s %8s %8s %10s %9s %9s\n", "articles", "MB", "base s", "with s", "added s",
           "pairs", "pairs/s", "rewrites");
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
        double t0 = run(c, base, &pairs, &rewrites),
               t1 = run(c, base | RP_DETECT_REWRITES, &pairs, &rewrites);
        const double t0b = run(c, base, &pairs, &rewrites);
        const double t1b = run(c, base | RP_DETECT_REWRITES, &pairs, &rewrites);
        t0 = t0b < t0 ? t0b : t0;
        t1 = t1b < t1 ? t1b : t1;
        printf("%9zu %8.1f %8.2f %8.2f %8.2f %10llu %9.0f %9zu\n", rp_corpus_count(c), bytes / 1e6,
               t0, t1, t1 - t0, (unsigned long long)pairs, (double)pairs / (t1 - t0), rewrites);
        fflush(stdout);
        rp_corpus_free(c);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory %.0f MB (all cores; reading not included in the times)\n",
           (double)ru.ru_maxrss / 1e3);
    return 0;
}
