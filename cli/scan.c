/* scan.c: reprint scan, the main job: reads the articles, runs every detector, and reports
 * the articles, the relations between them and the stories. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../lib/base/banned.h"

static const char usage[] =
    "usage: reprint scan [OPTIONS] PATH...\n"
    "\n"
    "Reads articles from each PATH (a directory of .txt/.jsonl files, a file, or - for JSON\n"
    "Lines on standard input) and reports the articles, the relations between them (exact\n"
    "and near duplicates, copies, quotes, rewrites, same story) and the stories.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT   text (a readable report, the default) or jsonl\n"
    "      --json         the same as --format jsonl\n"
    "  -o, --output FILE  write to FILE instead of standard output\n"
    "      --html FILE    write the HTML report to FILE (- for standard output): one\n"
    "                     self-contained page of the stories, articles and shared\n"
    "                     passages; the records are then written only with -f or -o\n"
    "  -j, --threads N    worker threads (default: one per core); never changes the output\n"
    "      --min-words N  shortest shared passage reported, in words (default 8)\n"
    "      --df-cap N     word 4-grams in more than N articles are too common to pair\n"
    "                     articles for alignment (default 100)\n"
    "      --window T     articles published more than T apart (both dates known) are\n"
    "                     not put in one story by their terms alone: 72h, 3d, 90m, 3600s,\n"
    "                     or none (default 3d)\n"
    "      --skip-bad     report bad records and go on (default: stop at the first)\n"
    "  -q, --quiet        do not list skipped records (their count is still given)\n"
    "  -h, --help         show this help\n";

/* A duration such as "72h", "3d", "90m", "3600s" or "3600" in seconds; "none" or 0 for none. */
static int64_t parse_window(const char *value)
{
    char *end;
    unsigned long long v;
    int64_t unit = 1;

    if (strcmp(value, "none") == 0)
        return 0;
    errno = 0;
    v = strtoull(value, &end, 10);
    if (*end == 'd')
        unit = 86400;
    else if (*end == 'h')
        unit = 3600;
    else if (*end == 'm')
        unit = 60;
    if (*end == 'd' || *end == 'h' || *end == 'm' || *end == 's')
        end++;
    if (errno != 0 || end == value || *end != '\0' || value[0] == '-' ||
        v > (unsigned long long)(INT64_MAX / 86400) / (unsigned long long)unit)
        usage_error("scan", "--window wants a duration such as 72h, 3d, 90m or none, not '%s'",
                    value);
    return (int64_t)v * unit;
}

/* One block per story of two or more: its articles in order, what each is, what it adds,
 * and the earlier article it took from. */
static void print_story_text(FILE *f, const rp_corpus *c, const rp_story *st, int idw)
{
    char when[32];
    int dated = 0;

    if (st->article_count < 2)
        return;
    for (size_t k = 0; k < st->article_count; k++)
        dated |= rp_corpus_get(c, st->articles[k])->published != RP_TIME_NONE;
    fprintf(f, "\nstory %s: %s\n", st->id, st->title != NULL ? st->title : "(no title)");
    if (st->order_inferred)
        fprintf(f,
                "  %zu articles, order inferred (no publication times): the original is the one "
                "the others reuse\n",
                st->article_count);
    else
        fprintf(f, "  %zu articles, in order of publication\n", st->article_count);
    for (size_t k = 0; k < st->article_count; k++) {
        const rp_article *a = rp_corpus_get(c, st->articles[k]);
        const size_t from = st->sources != NULL ? st->sources[k] : SIZE_MAX;
        fprintf(f, "  %-12s %-*s", rp_role_name(st->roles[k]), idw, a->id);
        if (dated)
            fprintf(f, " %-20s",
                    a->published != RP_TIME_NONE
                        ? rp_time_format(a->published, a->published_has_time, when, sizeof(when))
                        : "(no date)");
        fprintf(f, "  adds %3.0f%%", 100 * st->novel_share[k]);
        if (from != SIZE_MAX)
            fprintf(f, ", from %s", rp_corpus_get(c, from)->id);
        else if (st->roles[k] == RP_ROLE_INDEPENDENT)
            fputs(", its own report", f);
        fputc('\n', f);
    }
}

/* The articles that are a story of their own, on one line. */
static void print_alone(FILE *f, const rp_corpus *c, const rp_scan *s)
{
    size_t alone = 0;

    for (size_t i = 0; i < rp_scan_story_count(s); i++) {
        const rp_story *st = rp_scan_story(s, i);
        if (st->article_count != 1)
            continue;
        fprintf(f, "%s%s", alone++ == 0 ? "\nalone:" : ",", " ");
        fputs(rp_corpus_get(c, st->articles[0])->id, f);
    }
    if (alone > 0)
        fputc('\n', f);
}

static void print_text(FILE *f, const rp_corpus *c, const rp_scan *s)
{
    const size_t n = rp_corpus_count(c);
    const size_t nrel = rp_scan_relation_count(s);
    size_t idw = 2;

    for (size_t i = 0; i < n; i++) {
        const size_t l = strlen(rp_corpus_get(c, i)->id);
        if (l > idw)
            idw = l;
    }
    if (idw > 40)
        idw = 40;
    fprintf(f, "%-*s %7s %6s %6s  %s\n", (int)idw, "ID", "WORDS", "SENTS", "BAD", "TITLE");
    for (size_t i = 0; i < n; i++) {
        const rp_article *a = rp_corpus_get(c, i);
        rp_article_info in;
        rp_scan_article(s, i, &in);
        fprintf(f, "%-*s %7zu %6zu %6zu  %s\n", (int)idw, a->id, in.stats.word_count,
                in.stats.sentence_count, in.stats.invalid_utf8, a->title != NULL ? a->title : "-");
    }
    fprintf(f, "%zu article%s, %zu relation%s, %zu stor%s\n", n, n == 1 ? "" : "s", nrel,
            nrel == 1 ? "" : "s", rp_scan_story_count(s),
            rp_scan_story_count(s) == 1 ? "y" : "ies");
    for (size_t i = 0; i < rp_scan_story_count(s); i++)
        print_story_text(f, c, rp_scan_story(s, i), (int)idw);
    print_alone(f, c, s);
    if (nrel > 0)
        fputc('\n', f);
    for (size_t i = 0; i < nrel; i++)
        print_relation_text(f, c, rp_scan_relation(s, i));
}

static void print_jsonl(FILE *f, const rp_corpus *c, const rp_scan *s)
{
    for (size_t i = 0; i < rp_corpus_count(c); i++) {
        rp_article_info in;
        rp_scan_article(s, i, &in);
        print_article_jsonl(f, rp_corpus_get(c, i), &in);
    }
    for (size_t i = 0; i < rp_scan_relation_count(s); i++)
        print_relation_jsonl(f, c, rp_scan_relation(s, i));
    for (size_t i = 0; i < rp_scan_story_count(s); i++)
        print_story_jsonl(f, c, rp_scan_story(s, i));
}

int cmd_scan(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'J'},         {"min-words", required_argument, NULL, 'M'},
        {"df-cap", required_argument, NULL, 'D'}, {"window", required_argument, NULL, 'W'},
        {"html", required_argument, NULL, 'H'},   COMMON_LONGOPTS};
    rp_options opt;
    struct common_args ca = {FORMAT_TEXT, 0, NULL, {0, 0}, &opt};
    const char *html = NULL;
    int json = 0; /* --json given */
    rp_corpus *c;
    rp_scan *s;
    FILE *f;
    int o, rc;

    rp_options_default(&opt);
    while ((o = getopt_long(argc, argv, "f:o:j:qh", longopts, NULL)) != -1) {
        switch (o) {
        case 'J':
            ca.format = FORMAT_JSONL;
            json = 1;
            break;
        case 'H':
            html = optarg;
            break;
        case 'M':
            opt.min_passage_words = parse_count("scan", "--min-words", optarg, 1, 10000);
            break;
        case 'D':
            opt.df_cap = parse_count("scan", "--df-cap", optarg, 2, 1000000);
            break;
        case 'W':
            opt.window = parse_window(optarg);
            break;
        default:
            common_option("scan", o, optarg, usage, &ca);
        }
    }
    if (optind >= argc)
        usage_error("scan", "no input given");
    const int records_asked = ca.format_set || json || ca.output != NULL;
    if (html != NULL && strcmp(html, "-") == 0 && records_asked &&
        (ca.output == NULL || strcmp(ca.output, "-") == 0))
        usage_error("scan", "--html - and the records cannot both go to standard output");
    c = read_inputs(argv + optind, argc - optind, &ca.in);
    rc = rp_scan_run(c, &opt, &s);
    if (rc < 0)
        die("scan failed: %s", rp_strerror(rc));
    if (html != NULL) {
        f = open_output(html);
        print_report_html(f, c, s, argv + optind, argc - optind);
        close_output(f, html);
    }
    if (html == NULL || records_asked) {
        f = open_output(ca.output);
        if (ca.format == FORMAT_JSONL)
            print_jsonl(f, c, s);
        else
            print_text(f, c, s);
        close_output(f, ca.output);
    }
    rp_scan_free(s);
    rp_corpus_free(c);
    return EXIT_OK;
}
