/* story.c: time and memory of the story detector. For each JSON Lines corpus given, in a
 * child process of its own (so that each peak is its own), reads the corpus, then runs
 * rp_scan_run() with the story detector alone (term vectors, candidates, clustering,
 * provenance) and prints the articles, the wall time and the CPU time of the story pass
 * (the CPU time is the steadier figure on a shared machine), the candidate pairs measured,
 * the stories of two or more, the peak resident memory of the whole child (reading
 * included) and, from the second corpus on, the growth exponent of the wall and CPU times
 * against the previous corpus: log(t2 / t1) / log(n2 / n1).
 *
 * usage: bench_story [-j THREADS] CORPUS.jsonl... */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reprint.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct result {
    double articles, seconds, cpu, candidates, stories;
};

static double cpu_now(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

/* Runs one corpus; writes its result to fd. */
static int run(const char *path, unsigned threads, int fd)
{
    struct result r = {0, 0, 0, 0, 0};
    rp_corpus *c;
    rp_options o;
    rp_scan *s;

    if (rp_corpus_new(&c) < 0 || rp_corpus_read(c, path, RP_READ_SKIP_BAD, NULL, NULL) < 0) {
        fprintf(stderr, "bench_story: cannot read '%s'\n", path);
        return 1;
    }
    rp_options_default(&o);
    o.detect = RP_DETECT_STORIES;
    o.thread_count = threads;
    const double t0 = now(), c0 = cpu_now();
    if (rp_scan_run(c, &o, &s) < 0) {
        fprintf(stderr, "bench_story: scan of '%s' failed\n", path);
        return 1;
    }
    r.seconds = now() - t0;
    r.cpu = cpu_now() - c0;
    r.articles = (double)rp_corpus_count(c);
    r.candidates = (double)rp_scan_counter(s, RP_COUNT_STORY_CANDIDATES);
    for (size_t i = 0; i < rp_scan_story_count(s); i++)
        r.stories += rp_scan_story(s, i)->article_count > 1;
    rp_scan_free(s);
    rp_corpus_free(c);
    return write(fd, &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 1;
}

int main(int argc, char **argv)
{
    unsigned threads = 0;
    int first = 1;
    struct result prev = {0, 0, 0, 0, 0};

    if (argc > 2 && strcmp(argv[1], "-j") == 0) {
        threads = (unsigned)strtoul(argv[2], NULL, 10);
        first = 3;
    }
    printf("%9s %8s %8s %12s %9s %9s %8s %9s %9s\n", "articles", "wall s", "cpu s", "candidates",
           "cand/art", "stories", "peak MB", "exp wall", "exp cpu");
    for (int f = first; f < argc; f++) {
        struct result r;
        struct rusage ru;
        int fds[2], status;

        if (pipe(fds) < 0)
            return 1;
        const pid_t pid = fork();
        if (pid == 0) {
            close(fds[0]);
            _exit(run(argv[f], threads, fds[1]));
        }
        close(fds[1]);
        const ssize_t got = read(fds[0], &r, sizeof(r));
        close(fds[0]);
        if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || got != (ssize_t)sizeof(r))
            return 1;
        printf("%9.0f %8.2f %8.2f %12.0f %9.1f %9.0f %8.0f", r.articles, r.seconds, r.cpu,
               r.candidates, r.candidates / (r.articles > 0 ? r.articles : 1), r.stories,
               (double)ru.ru_maxrss / 1024.0);
        if (prev.articles > 0 && r.articles > prev.articles && prev.seconds > 0 && prev.cpu > 0)
            printf(" %9.2f %9.2f", log(r.seconds / prev.seconds) / log(r.articles / prev.articles),
                   log(r.cpu / prev.cpu) / log(r.articles / prev.articles));
        putchar('\n');
        fflush(stdout);
        prev = r;
    }
    return 0;
}
