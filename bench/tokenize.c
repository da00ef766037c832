/* tokenize.c: speed of the first pipeline stage. Reads the given inputs (files or folders,
 * as reprint scan does), then times reading alone and normalising + tokenising alone on one
 * core, and prints MB/s and articles/s for each. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "reprint.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    rp_corpus *c;
    rp_text *t;
    size_t bytes = 0, words = 0, n, rounds = 0;
    double t0, read_s, tok_s;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_tokenize PATH...\n");
        return 2;
    }
    t0 = now();
    if (rp_corpus_new(&c) < 0)
        return 3;
    for (int i = 1; i < argc; i++)
        if (rp_corpus_read(c, argv[i], RP_READ_SKIP_BAD, NULL, NULL) < 0) {
            fprintf(stderr, "bench_tokenize: %s\n", rp_corpus_errmsg(c));
            return 3;
        }
    read_s = now() - t0;
    n = rp_corpus_count(c);
    for (size_t i = 0; i < n; i++)
        bytes += rp_corpus_get(c, i)->text_len;
    if (rp_text_new(&t) < 0)
        return 3;
    t0 = now();
    do {
        for (size_t i = 0; i < n; i++) {
            const rp_article *a = rp_corpus_get(c, i);
            rp_text_stats st;
            if (rp_text_analyze(t, a->text, a->text_len) < 0)
                return 3;
            rp_text_stats_get(t, &st);
            words += st.word_count;
        }
        rounds++;
        tok_s = now() - t0;
    } while (tok_s < 2.0);
    printf("corpus: %zu articles, %.1f MB, %zu words per pass\n", n, (double)bytes / 1e6,
           words / rounds);
    printf("read (parse files, JSON):        %7.1f MB/s  %9.0f articles/s\n",
           (double)bytes / 1e6 / read_s, (double)n / read_s);
    printf("normalise + tokenise, one core:  %7.1f MB/s  %9.0f articles/s  (%zu passes)\n",
           (double)bytes * (double)rounds / 1e6 / tok_s, (double)n * (double)rounds / tok_s,
           rounds);
    printf("the whole stage (read once, then tokenise once): %.1f MB/s\n",
           (double)bytes / 1e6 / (read_s + tok_s / (double)rounds));
    rp_text_free(t);
    rp_corpus_free(c);
    return 0;
}
