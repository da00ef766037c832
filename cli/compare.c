/* compare.c: reprint compare, two articles side by side with their shared passages, or
 * many pairs of short texts scored for paraphrase (--pairs). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "../lib/base/banned.h"

static const char usage[] =
    "usage: reprint compare [OPTIONS] A B\n"
    "       reprint compare --pairs FILE [OPTIONS]\n"
    "\n"
    "Shows articles A and B (files of one article each: .txt, or JSON Lines of one record)\n"
    "side by side with the passages they share highlighted: copied passages in yellow,\n"
    "quotations in cyan (or between [n ... ]n markers when the output is not a terminal),\n"
    "then lists the passages with their byte offsets, and for a rewrite the sentences of\n"
    "one that follow the other's in other words. --format jsonl writes the relation\n"
    "record instead. Exit status 1 when the two share nothing.\n"
    "\n"
    "With --pairs, reads JSON Lines {\"id\":...,\"a\":TEXT,\"b\":TEXT} and writes for each\n"
    "{\"kind\":\"pair\",\"id\":...,\"score\":X,\"paraphrase\":true|false}: the similarity of the\n"
    "two texts (overlap of stemmed words weighed by their rarity in the file, of word pairs\n"
    "and letters, word order, numbers and names, combined as fitted on news paraphrases)\n"
    "and whether it reaches the paraphrase threshold.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT    text (default) or jsonl\n"
    "  -w, --width N       width of the side-by-side view (default: the terminal's, or 100)\n"
    "      --color WHEN    auto (default), always or never\n"
    "      --pairs FILE    score the pairs of FILE ('-' for standard input)\n"
    "      --threshold T   paraphrase decision threshold for --pairs (default 0.50)\n"
    "      --min-words N   shortest passage reported, in words (default 8)\n"
    "      --skip-bad      report bad records and go on (default: stop at the first)\n"
    "  -h, --help          show this help\n";

static void report_skipped(void *user, const char *msg)
{
    (void)user;
    fprintf(stderr, "reprint: skipped %s\n", msg);
}

static int compare_pairs(const char *path, enum out_format format, double threshold, int skip)
{
    rp_pairs *p;
    rp_simil *s;
    int rc;

    if (rp_pairs_new(&p) < 0 || rp_simil_new(&s) < 0)
        die("out of memory");
    rc = rp_pairs_read(p, path, skip ? RP_READ_SKIP_BAD : 0, report_skipped, NULL);
    if (rc < 0)
        die("%s", rp_pairs_errmsg(p)[0] ? rp_pairs_errmsg(p) : rp_strerror(rc));
    for (size_t i = 0; i < rp_pairs_count(p); i++) {
        const rp_pair_text *t = rp_pairs_get(p, i);
        if (rp_simil_add(s, t->a, t->a_len) < 0 || rp_simil_add(s, t->b, t->b_len) < 0)
            die("out of memory");
    }
    for (size_t i = 0; i < rp_pairs_count(p); i++) {
        const rp_pair_text *t = rp_pairs_get(p, i);
        double score;
        if (rp_simil_score(s, t->a, t->a_len, t->b, t->b_len, &score) < 0)
            die("%s:%llu: cannot score the pair", path, (unsigned long long)t->line);
        if (format == FORMAT_JSONL) {
            fputs("{\"kind\":\"pair\",\"id\":", stdout);
            json_cstr(stdout, t->id);
            printf(",\"score\":%.4f,\"paraphrase\":%s}\n", score,
                   score >= threshold ? "true" : "false");
        } else {
            printf("%-20s %.3f %s\n", t->id, score, score >= threshold ? "paraphrase" : "-");
        }
    }
    if (skip && rp_pairs_skipped(p) > 0)
        warn("%zu bad records skipped", rp_pairs_skipped(p));
    close_output(stdout, NULL);
    rp_simil_free(s);
    rp_pairs_free(p);
    return EXIT_OK;
}

/* One column of the side-by-side view: the text cut into lines of at most 'width'
 * characters, each byte marked with the passage that covers it (0: none). */
struct column {
    const char *text;
    size_t len;
    int *mark;  /* per byte: passage number, negative for a quotation */
    size_t pos; /* next byte to lay out */
};

static size_t char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Writes the next line of col, at most width characters, padded to width; returns 0 once
 * the text is used up. */
static int next_line(FILE *f, struct column *col, size_t width, int color)
{
    size_t start = col->pos, end = start, chars = 0, last_space = SIZE_MAX, shown = 0;
    int cur = 0;

    if (start >= col->len) {
        fprintf(f, "%*s", (int)width, "");
        return 0;
    }
    while (end < col->len && col->text[end] != '\n' && chars < width) {
        if (col->text[end] == ' ')
            last_space = end;
        end += char_len((unsigned char)col->text[end]);
        chars++;
    }
    if (end < col->len && col->text[end] != '\n' && last_space != SIZE_MAX && last_space > start)
        end = last_space;
    for (size_t i = start; i < end && i < col->len; i++) {
        const int m = col->mark[i];
        if (m != cur) {
            if (color)
                fputs(m == 0 ? "\033[0m" : m > 0 ? "\033[30;43m" : "\033[30;46m", f);
            else if (cur != 0)
                fprintf(f, "]%d", abs(cur)), shown += 1 + (size_t)(abs(cur) >= 10 ? 2 : 1);
            if (!color && m != 0)
                fprintf(f, "[%d", abs(m)), shown += 1 + (size_t)(abs(m) >= 10 ? 2 : 1);
            cur = m;
        }
        const unsigned char c = (unsigned char)col->text[i];
        putc(c == '\t' ? ' ' : c, f);
        if ((c & 0xC0) != 0x80)
            shown++;
    }
    if (cur != 0) {
        if (color)
            fputs("\033[0m", f);
        else
            fprintf(f, "]%d", abs(cur)), shown += 1 + (size_t)(abs(cur) >= 10 ? 2 : 1);
    }
    if (shown < width)
        fprintf(f, "%*s", (int)(width - shown), "");
    col->pos = end;
    while (col->pos < col->len && (col->text[col->pos] == ' ' || col->text[col->pos] == '\n')) {
        if (col->text[col->pos++] == '\n')
            break;
    }
    return 1;
}

static void side_by_side(FILE *f, const rp_article *a, const rp_article *b, const rp_relation *r,
                         size_t width, int color)
{
    struct column ca = {a->text, a->text_len, xcalloc(a->text_len + 1, sizeof(int)), 0};
    struct column cb = {b->text, b->text_len, xcalloc(b->text_len + 1, sizeof(int)), 0};
    const size_t half = width > 7 ? (width - 3) / 2 : 2;

    for (size_t k = 0; r != NULL && k < r->passage_count; k++) {
        const rp_passage *p = &r->passages[k];
        const int m = (int)(k + 1) * (p->quote ? -1 : 1);
        for (size_t i = p->a_start; i < p->a_end; i++)
            ca.mark[i] = m;
        for (size_t i = p->b_start; i < p->b_end; i++)
            cb.mark[i] = m;
    }
    fprintf(f, "%-*.*s | %s\n", (int)half, (int)half, a->id, b->id);
    for (size_t i = 0; i < width && i < 400; i++)
        putc('-', f);
    putc('\n', f);
    for (;;) {
        const int more_a = ca.pos < ca.len, more_b = cb.pos < cb.len;
        if (!more_a && !more_b)
            break;
        next_line(f, &ca, half, color);
        fputs(" | ", f);
        next_line(f, &cb, half, color);
        putc('\n', f);
    }
    free(ca.mark);
    free(cb.mark);
}

static const rp_article *only_article(rp_corpus *c, const char *path, const struct input_opts *in)
{
    char *paths[1] = {(char *)(uintptr_t)path};
    rp_corpus *one = read_inputs(paths, 1, in);

    if (rp_corpus_count(one) != 1)
        die("'%s' holds %zu articles; compare wants one in each file", path, rp_corpus_count(one));
    if (rp_corpus_add(c, rp_corpus_get(one, 0)) < 0)
        die("%s", rp_corpus_errmsg(c));
    rp_corpus_free(one);
    return NULL;
}

int cmd_compare(int argc, char **argv)
{
    enum { O_COLOR = 256, O_PAIRS, O_THRESHOLD, O_MIN };
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"width", required_argument, NULL, 'w'},
                                             {"color", required_argument, NULL, O_COLOR},
                                             {"pairs", required_argument, NULL, O_PAIRS},
                                             {"threshold", required_argument, NULL, O_THRESHOLD},
                                             {"min-words", required_argument, NULL, O_MIN},
                                             {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    rp_options opt;
    struct common_args ca = {FORMAT_TEXT, 0, NULL, {0, 0}, &opt};
    const char *pairs = NULL, *color_when = "auto";
    double threshold = RP_PARAPHRASE_THRESHOLD;
    size_t width = 0;
    rp_corpus *c;
    rp_scan *s;
    int o;

    rp_options_default(&opt);
    while ((o = getopt_long(argc, argv, "f:w:h", longopts, NULL)) != -1) {
        switch (o) {
        case 'w':
            width = parse_count("compare", "--width", optarg, 20, 1000);
            break;
        case O_COLOR:
            if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "always") != 0 &&
                strcmp(optarg, "never") != 0)
                usage_error("compare", "--color wants auto, always or never, not '%s'", optarg);
            color_when = optarg;
            break;
        case O_PAIRS:
            pairs = optarg;
            break;
        case O_THRESHOLD: {
            char *end;
            threshold = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || threshold < 0 || threshold > 1)
                usage_error("compare", "--threshold wants a number from 0 to 1, not '%s'", optarg);
            break;
        }
        case O_MIN:
            opt.min_passage_words = parse_count("compare", "--min-words", optarg, 1, 10000);
            break;
        default:
            common_option("compare", o, optarg, usage, &ca);
        }
    }
    if (pairs != NULL) {
        if (optind != argc)
            usage_error("compare", "--pairs takes no other inputs");
        return compare_pairs(pairs, ca.format, threshold, ca.in.skip_bad);
    }
    if (argc - optind != 2)
        usage_error("compare", "give two articles to compare");
    if (rp_corpus_new(&c) < 0)
        die("out of memory");
    only_article(c, argv[optind], &ca.in);
    only_article(c, argv[optind + 1], &ca.in);
    opt.detect = RP_DETECT_DUPLICATES | RP_DETECT_REUSE | RP_DETECT_REWRITES | RP_DETECT_COUNTS;
    if (rp_scan_run(c, &opt, &s) < 0)
        die("compare failed");
    const rp_relation *r = rp_scan_relation_count(s) > 0 ? rp_scan_relation(s, 0) : NULL;
    const int status = r != NULL ? EXIT_OK : EXIT_NOTHING;
    if (ca.format == FORMAT_JSONL) {
        if (r != NULL)
            print_relation_jsonl(stdout, c, r);
    } else {
        const int tty = isatty(STDOUT_FILENO);
        const int color =
            strcmp(color_when, "always") == 0 || (tty && strcmp(color_when, "auto") == 0);
        if (width == 0) {
            struct winsize ws;
            width = tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20 ? ws.ws_col
                                                                                         : 100;
        }
        const rp_article *a = rp_corpus_get(c, r != NULL ? r->a : 0);
        const rp_article *b = rp_corpus_get(c, r != NULL ? r->b : 1);
        side_by_side(stdout, a, b, r, width, color);
        putc('\n', stdout);
        if (r == NULL)
            puts("no shared passages");
        else
            print_relation_text(stdout, c, r);
    }
    close_output(stdout, NULL);
    rp_scan_free(s);
    rp_corpus_free(c);
    return status;
}
