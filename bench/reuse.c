/* reuse.c: speed of the reuse detector. For each JSON Lines corpus given, prints the time
 * of candidate generation and alignment (rp_scan_run with the reuse detector alone), the
 * candidate pairs aligned per second, the relations found, articles/s and MB/s; then the
 * time of a `reprint scan` pass without stories (counts, duplicates and reuse). */
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

static uint64_t candidates;

static double run(const rp_corpus *c, unsigned detect, size_t *relations, size_t *passages)
{
    rp_options o;
    rp_scan *s;
    const double t0 = now();

    rp_options_default(&o);
    o.detect = detect;
    if (rp_scan_run(c, &o, &s) < 0)
        return -1;
    const double t = now() - t0;
    *relations = rp_scan_relation_count(s);
    candidates = rp_scan_counter(s, RP_COUNT_REUSE_CANDIDATES);
    *passages = 0;
    for (size_t i = 0; i < *relations; i++)
        *passages += rp_scan_relation(s, i)->passage_count;
    rp_scan_free(s);
    return t;
}

int main(int argc, char **argv)
{
    printf("%9s %8s %9s %10s %9s %9s %9s %7s %7s %10s\n", "articles", "MB", "reuse s", "pairs",
           "pairs/s", "relations", "art/s", "MB/s", "scan s", "scan MB/s");
    for (int f = 1; f < argc; f++) {
        rp_corpus *c;
        size_t rel, pas, rel2, pas2;
        double bytes = 0;

        rp_corpus_new(&c);
        if (rp_corpus_read(c, argv[f], 0, NULL, NULL) < 0) {
            fprintf(stderr, "bench_reuse: %s\n", rp_corpus_errmsg(c));
            return 3;
        }
        for (size_t i = 0; i < rp_corpus_count(c); i++)
            bytes += (double)rp_corpus_get(c, i)->text_len;
        const double t = run(c, RP_DETECT_REUSE, &rel, &pas);
        const uint64_t pairs = candidates;
        /* a scan without the story detector, whose clustering does not scale to 100k yet */
        const double all = run(c, RP_DETECT_ALL & ~(unsigned)RP_DETECT_STORIES, &rel2, &pas2);
        printf("%9zu %8.1f %9.2f %10llu %9.0f %9zu %9.0f %7.1f %7.2f %10.1f\n", rp_corpus_count(c),
               bytes / 1e6, t, (unsigned long long)pairs, (double)pairs / t, rel,
               (double)rp_corpus_count(c) / t, bytes / 1e6 / t, all, bytes / 1e6 / all);
        fflush(stdout);
        rp_corpus_free(c);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory %.0f MB (all cores; reading not included in the times)\n",
           (double)ru.ru_maxrss / 1e3);
    return 0;
}
