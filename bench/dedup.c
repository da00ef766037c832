/* dedup.c: speed and memory of the duplicates pass. For each JSON Lines corpus given (made
 * by bench_gen_corpus at several sizes), prints: reading time; signatures alone on one core
 * (tokenise + shingle + one-permutation MinHash; classic MinHash for comparison); the whole
 * duplicates detection (rp_scan_run with the duplicates detector, all cores), its peak
 * memory beyond the text, and finally the growth exponent of time in N. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "reprint.h"
#include "../lib/sketch/sketch.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double rss_mb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;

    if (f != NULL) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (double)resident * 4096.0 / 1e6;
}

static double signatures(const rp_corpus *c, int classic, size_t limit, double *bytes_out)
{
    rp_text *t;
    uint64_t *sh = NULL;
    size_t cap = 0, count;
    uint32_t sig[128];
    double bytes = 0, t0 = now();
    const size_t n = rp_corpus_count(c) < limit ? rp_corpus_count(c) : limit;

    rp_text_new(&t);
    for (size_t i = 0; i < n; i++) {
        const rp_article *a = rp_corpus_get(c, i);
        rp_text_analyze(t, a->text, a->text_len);
        rp__shingles(t, 5, 1, 0, &sh, &cap, &count);
        if (classic)
            rp__minhash_classic(sh, count, 128, 1, sig);
        else
            rp__minhash_oph(sh, count, 128, 1, sig);
        bytes += (double)a->text_len;
    }
    free(sh);
    rp_text_free(t);
    *bytes_out = bytes;
    return now() - t0;
}

int main(int argc, char **argv)
{
    double logn[16], logt[16];
    int points = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_dedup CORPUS.jsonl...\n");
        return 2;
    }
    printf("%9s %8s %8s %10s %10s %9s %9s %8s %7s\n", "articles", "MB", "read s", "sig MB/s",
           "classic", "dedup s", "art/s", "MB/s", "B/art");
    for (int f = 1; f < argc && points < 16; f++) {
        rp_corpus *c;
        rp_options o;
        rp_scan *s;
        double bytes, t0 = now(), sig_s, sig_bytes, cl_s, cl_bytes;

        rp_corpus_new(&c);
        if (rp_corpus_read(c, argv[f], 0, NULL, NULL) < 0) {
            fprintf(stderr, "bench_dedup: %s\n", rp_corpus_errmsg(c));
            return 3;
        }
        const double read_s = now() - t0;
        const size_t n = rp_corpus_count(c);
        bytes = 0;
        for (size_t i = 0; i < n; i++)
            bytes += (double)rp_corpus_get(c, i)->text_len;
        sig_s = signatures(c, 0, 100000, &sig_bytes);
        cl_s = signatures(c, 1, 5000, &cl_bytes);
        const double before = rss_mb();
        rp_options_default(&o);
        o.detect = RP_DETECT_DUPLICATES; /* as reprint dedup */
        t0 = now();
        if (rp_scan_run(c, &o, &s) < 0)
            return 3;
        const double dedup_s = now() - t0;
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        const double peak = (double)ru.ru_maxrss / 1e3; /* kB -> MB */
        printf("%9zu %8.1f %8.2f %10.1f %10.1f %9.2f %9.0f %8.1f %7.0f\n", n, bytes / 1e6, read_s,
               sig_bytes / 1e6 / sig_s, cl_bytes / 1e6 / cl_s, dedup_s, (double)n / dedup_s,
               bytes / 1e6 / dedup_s, (peak - before) * 1e6 / (double)n);
        printf("          %zu groups of duplicates, %zu relations\n", rp_scan_dup_group_count(s),
               rp_scan_relation_count(s));
        logn[points] = log((double)n);
        logt[points] = log(dedup_s);
        points++;
        rp_scan_free(s);
        rp_corpus_free(c);
    }
    if (points >= 2) {
        double mx = 0, my = 0, sxy = 0, sxx = 0;
        for (int i = 0; i < points; i++) {
            mx += logn[i] / points;
            my += logt[i] / points;
        }
        for (int i = 0; i < points; i++) {
            sxy += (logn[i] - mx) * (logt[i] - my);
            sxx += (logn[i] - mx) * (logn[i] - mx);
        }
        printf("growth of dedup time: N^%.2f (least squares over %d sizes)\n", sxy / sxx, points);
    }
    printf("(B/art: peak memory beyond what the corpus held before the pass, per article; "
           "sig and classic: one core)\n");
    return 0;
}
