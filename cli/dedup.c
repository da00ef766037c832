/* dedup.c: reprint dedup, the fast duplicates pass for large corpora: groups of exact and
 * near-duplicate articles, or the corpus without its duplicates. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../lib/base/banned.h"

static const char usage[] =
    "usage: reprint dedup [OPTIONS] PATH...\n"
    "\n"
    "Finds groups of exact and near-duplicate articles. Each group has a kept article\n"
    "(earliest published, then longest, then smallest id), and every other member is\n"
    "similar to it. With --format jsonl each group is a \"duplicates\" record, followed by\n"
    "the verified pairs as \"relation\" records with their exact Jaccard similarity, MinHash\n"
    "estimate and containment. Exit status 1 when there are none.\n"
    "\n"
    "options:\n"
    "  -t, --threshold T   near-duplicate at a Jaccard similarity of word shingles of at\n"
    "                      least T (default 0.5)\n"
    "      --containment C or when the shorter text's shingles are at least C inside the\n"
    "                      longer (default 0.9)\n"
    "      --shingle N     words per shingle (default 5)\n"
    "      --perms K       MinHash values per signature (default 128)\n"
    "      --method M      minhash (default) or simhash\n"
    "      --fast          trust the sketch's estimate; skip the exact Jaccard check\n"
    "  -f, --format FMT    text (default) or jsonl\n"
    "  -o, --output FILE   write the input articles minus the duplicates there, as JSON\n"
    "                      Lines (the groups still go to standard output)\n"
    "  -j, --threads N     worker threads (default: one per core); never changes the output\n"
    "      --skip-bad      report bad records and go on (default: stop at the first)\n"
    "  -q, --quiet         do not list skipped records\n"
    "  -h, --help          show this help\n";

static double parse_share(const char *opt, const char *value)
{
    char *end;
    const double v = strtod(value, &end);

    if (end == value || *end != '\0' || !(v > 0.0 && v <= 1.0))
        usage_error("dedup", "%s wants a number above 0 and at most 1, not '%s'", opt, value);
    return v;
}

static void print_group_jsonl(FILE *f, const rp_corpus *c, const rp_dup_group *g)
{
    fputs("{\"kind\":\"duplicates\",\"keep\":", f);
    json_cstr(f, rp_corpus_get(c, g->keep)->id);
    fputs(",\"ids\":[", f);
    for (size_t i = 0; i < g->member_count; i++) {
        if (i > 0)
            putc(',', f);
        json_cstr(f, rp_corpus_get(c, g->members[i])->id);
    }
    fprintf(f, "],\"type\":\"%s\",\"size\":%zu}\n", rp_relation_type_name(g->type),
            g->member_count);
}

static void print_group_text(FILE *f, const rp_corpus *c, const rp_dup_group *g)
{
    fprintf(f, "%s group of %zu, keep %s:", rp_relation_type_name(g->type), g->member_count,
            rp_corpus_get(c, g->keep)->id);
    for (size_t i = 1; i < g->member_count; i++)
        fprintf(f, " %s", rp_corpus_get(c, g->members[i])->id);
    fputc('\n', f);
}

/* Writes every article that is not a dropped member of a group, in input order. */
static void write_kept(const char *path, const rp_corpus *c, const rp_scan *s)
{
    const size_t n = rp_corpus_count(c);
    unsigned char *drop = xcalloc(n, 1);
    FILE *f = open_output(path);

    for (size_t g = 0; g < rp_scan_dup_group_count(s); g++) {
        const rp_dup_group *grp = rp_scan_dup_group(s, g);
        for (size_t i = 1; i < grp->member_count; i++)
            drop[grp->members[i]] = 1;
    }
    for (size_t i = 0; i < n; i++)
        if (!drop[i])
            print_source_jsonl(f, rp_corpus_get(c, i));
    close_output(f, path);
    free(drop);
}

int cmd_dedup(int argc, char **argv)
{
    enum { O_SHINGLE = 256, O_PERMS, O_METHOD, O_FAST, O_CONTAIN };
    static const struct option longopts[] = {{"threshold", required_argument, NULL, 't'},
                                             {"containment", required_argument, NULL, O_CONTAIN},
                                             {"shingle", required_argument, NULL, O_SHINGLE},
                                             {"perms", required_argument, NULL, O_PERMS},
                                             {"method", required_argument, NULL, O_METHOD},
                                             {"fast", no_argument, NULL, O_FAST},
                                             COMMON_LONGOPTS};
    rp_options opt;
    struct common_args ca = {FORMAT_TEXT, 0, NULL, {0, 0}, &opt};
    rp_corpus *c;
    rp_scan *s;
    size_t groups, dropped = 0;
    int o, rc;

    rp_options_default(&opt);
    opt.detect = RP_DETECT_DUPLICATES; /* no per-article counts: one pass fewer */
    while ((o = getopt_long(argc, argv, "t:f:o:j:qh", longopts, NULL)) != -1) {
        switch (o) {
        case 't':
            opt.dup_threshold = parse_share("--threshold", optarg);
            break;
        case O_CONTAIN:
            opt.dup_containment = parse_share("--containment", optarg);
            break;
        case O_SHINGLE:
            opt.shingle_len = parse_count("dedup", "--shingle", optarg, 1, 64);
            break;
        case O_PERMS:
            opt.perm_count = parse_count("dedup", "--perms", optarg, 1, 1024);
            break;
        case O_METHOD:
            if (strcmp(optarg, "minhash") == 0)
                opt.dup_method = RP_DUP_MINHASH;
            else if (strcmp(optarg, "simhash") == 0)
                opt.dup_method = RP_DUP_SIMHASH;
            else
                usage_error("dedup", "unknown method '%s' (minhash or simhash)", optarg);
            break;
        case O_FAST:
            opt.dup_fast = 1;
            break;
        default:
            common_option("dedup", o, optarg, usage, &ca);
        }
    }
    if (optind >= argc)
        usage_error("dedup", "no input given");
    c = read_inputs(argv + optind, argc - optind, &ca.in);
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "reprint: %zu articles read; looking for duplicates...\r",
                rp_corpus_count(c));
    rc = rp_scan_run(c, &opt, &s);
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "%60s\r", "");
    if (rc < 0)
        die("dedup failed: %s", rp_strerror(rc));
    groups = rp_scan_dup_group_count(s);
    for (size_t g = 0; g < groups; g++) {
        const rp_dup_group *grp = rp_scan_dup_group(s, g);
        dropped += grp->member_count - 1;
        if (ca.format == FORMAT_JSONL)
            print_group_jsonl(stdout, c, grp);
        else
            print_group_text(stdout, c, grp);
    }
    /* the verified pairs behind the groups, with their measured similarity */
    for (size_t i = 0; ca.format == FORMAT_JSONL && i < rp_scan_relation_count(s); i++)
        print_relation_jsonl(stdout, c, rp_scan_relation(s, i));
    if (ca.format == FORMAT_TEXT)
        printf("%zu group%s of duplicates; %zu of %zu articles are duplicates of a kept one\n",
               groups, groups == 1 ? "" : "s", dropped, rp_corpus_count(c));
    close_output(stdout, NULL);
    if (ca.output != NULL)
        write_kept(ca.output, c, s);
    rp_scan_free(s);
    rp_corpus_free(c);
    return groups > 0 ? EXIT_OK : EXIT_NOTHING;
}
