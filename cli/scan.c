/* scan.c: reprint scan, the main job: reads the articles and reports what is in them. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../lib/base/banned.h"

static const char usage[] =
    "usage: reprint scan [OPTIONS] PATH...\n"
    "\n"
    "Reads articles from each PATH (a directory of .txt/.jsonl files, a file, or - for JSON\n"
    "Lines on standard input) and reports each article: its title, words and sentences.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT   text (a readable table, the default) or jsonl\n"
    "  -o, --output FILE  write to FILE instead of standard output\n"
    "      --skip-bad     report bad records and go on (default: stop at the first)\n"
    "  -q, --quiet        do not list skipped records (their count is still given)\n"
    "  -h, --help         show this help\n";

struct article_row {
    const rp_article *a;
    rp_text_stats st;
};

static void print_text(FILE *f, const struct article_row *rows, size_t n)
{
    size_t idw = 2;

    for (size_t i = 0; i < n; i++) {
        const size_t l = strlen(rows[i].a->id);
        if (l > idw)
            idw = l;
    }
    if (idw > 40)
        idw = 40;
    fprintf(f, "%-*s %7s %6s %6s  %s\n", (int)idw, "ID", "WORDS", "SENTS", "BAD", "TITLE");
    for (size_t i = 0; i < n; i++) {
        const rp_article *a = rows[i].a;
        fprintf(f, "%-*s %7zu %6zu %6zu  %s\n", (int)idw, a->id, rows[i].st.word_count,
                rows[i].st.sentence_count, rows[i].st.invalid_utf8,
                a->title != NULL ? a->title : "-");
    }
    fprintf(f, "%zu article%s\n", n, n == 1 ? "" : "s");
}

static void print_jsonl(FILE *f, const struct article_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const rp_article *a = rows[i].a;

        fputs("{\"kind\":\"article\",\"id\":", f);
        json_cstr(f, a->id);
        fputs(",\"title\":", f);
        json_cstr(f, a->title);
        if (a->source != NULL) {
            fputs(",\"source\":", f);
            json_cstr(f, a->source);
        }
        if (a->url != NULL) {
            fputs(",\"url\":", f);
            json_cstr(f, a->url);
        }
        if (a->published != RP_TIME_NONE) {
            fputs(",\"published\":", f);
            json_time(f, a->published, a->published_has_time);
        }
        fprintf(f, ",\"bytes\":%zu,\"words\":%zu,\"sentences\":%zu,\"paragraphs\":%zu,"
                   "\"invalid_utf8\":%zu}\n",
                a->text_len, rows[i].st.word_count, rows[i].st.sentence_count,
                rows[i].st.paragraph_count, rows[i].st.invalid_utf8);
    }
}

int cmd_scan(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"skip-bad", no_argument, NULL, 'S'},     {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    struct input_opts in = {0, 0};
    enum out_format format = FORMAT_TEXT;
    const char *output = NULL;
    struct article_row *rows;
    rp_corpus *c;
    rp_text *t;
    FILE *f;
    size_t n;
    int opt;

    while ((opt = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'f':
            format = parse_format("scan", optarg);
            break;
        case 'o':
            output = optarg;
            break;
        case 'S':
            in.skip_bad = 1;
            break;
        case 'q':
            in.quiet = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        default:
            fputs(usage, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc)
        usage_error("scan", "no input given");
    c = read_inputs(argv + optind, argc - optind, &in);
    n = rp_corpus_count(c);
    rows = xcalloc(n, sizeof(*rows));
    if (rp_text_new(&t) < 0)
        die("out of memory");
    for (size_t i = 0; i < n; i++) {
        const rp_article *a = rp_corpus_get(c, i);
        const int rc = rp_text_analyze(t, a->text, a->text_len);

        if (rc < 0)
            die("%s: %s", a->id, rp_strerror(rc));
        rows[i].a = a;
        rp_text_stats_get(t, &rows[i].st);
    }
    rp_text_free(t);
    f = open_output(output);
    if (format == FORMAT_JSONL)
        print_jsonl(f, rows, n);
    else
        print_text(f, rows, n);
    close_output(f, output);
    free(rows);
    rp_corpus_free(c);
    return EXIT_OK;
}
