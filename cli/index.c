/* index.c: reprint index add|query|stats|export|settle|optimize|upgrade --db FILE: the persistent
 * index (reprint.h, rp_index_*). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../lib/base/banned.h"

static const char usage[] =
    "usage: reprint index add    --db FILE [OPTIONS] PATH...\n"
    "       reprint index query  --db FILE [OPTIONS] PATH...\n"
    "       reprint index query  --db FILE --story ID\n"
    "       reprint index stats  --db FILE [--check | --verify]\n"
    "       reprint index export --db FILE [--format jsonl] [-o FILE]\n"
    "       reprint index settle --db FILE\n"
    "       reprint index optimize --db FILE\n"
    "       reprint index upgrade --db FILE\n"
    "\n"
    "A persistent index of articles in one SQLite file. 'add' adds articles (a transaction\n"
    "per batch) and writes, for each batch, the records of its new articles: their\n"
    "relations and stories. 'query' shows what the index holds that relates to articles,\n"
    "without adding them (exit status 1 when nothing does), or one story by its id (an old\n"
    "id of a story that merged resolves to the story it merged into). 'stats' counts what\n"
    "it holds; 'export' writes it all as `reprint scan --format jsonl` does. After every\n"
    "batch the index holds the relations a scan of its articles finds, and, while it holds\n"
    "at most 5,000 articles, its stories too ('settle' makes them so at any size).\n"
    "'optimize' merges the n-gram postings into one sorted run, so that queries and adds\n"
    "read fewer blocks (minutes for a large index; nothing else changes).\n"
    "'upgrade' brings a file of an older format version to this build's (so does any\n"
    "command that writes).\n"
    "\n"
    "options:\n"
    "      --db FILE        the index (made by 'add' when it does not exist)\n"
    "  -f, --format FMT     text (default) or jsonl\n"
    "  -o, --output FILE    write to FILE instead of standard output\n"
    "      --batch N        articles per transaction (default: a tenth of the index,\n"
    "                       from 1000 to 10000)\n"
    "      --on-change WHAT an id the index holds with another text or other fields:\n"
    "                       'version' adds a new version and keeps the old one, marked\n"
    "                       superseded (the default); 'error' refuses the batch\n"
    "      --settle WHEN    recompute the stories after each batch: auto (while the index\n"
    "                       holds at most 5,000 articles; the default), always or never;\n"
    "                       a query settles only with always\n"
    "      --story ID       query: the story with this id\n"
    "      --check          stats: check the file and the index's invariants\n"
    "      --verify         stats: --check, and compare with a fresh scan of its articles\n"
    "  -j, --threads N      worker threads (default: one per core); never changes the output\n"
    "      --min-words N    new index: shortest shared passage, in words (default 8)\n"
    "      --df-cap N       new index: word 4-grams in more than N articles pair none\n"
    "                       (default 100)\n"
    "      --skip-bad       report bad records and go on (default: stop at the first)\n"
    "  -q, --quiet          do not list skipped records\n"
    "  -h, --help           show this help\n";

struct opts {
    const char *db;
    const char *story;
    unsigned batch;
    unsigned flags; /* RP_ADD_* */
    int check;      /* 1 --check, 2 --verify */
    rp_options opt;
    int df_cap_set, min_words_set;
    struct common_args common; /* -f, -o, -j, --skip-bad, -q */
};

static const char *status_name(int status)
{
    return status == RP_STATUS_UNCHANGED     ? "unchanged"
           : status == RP_STATUS_NEW_VERSION ? "new version"
                                             : "added";
}

static void print_records_jsonl(FILE *f, const rp_records *r)
{
    const rp_corpus *c = rp_records_corpus(r);

    for (size_t i = 0; i < rp_records_article_count(r); i++) {
        rp_article_info info;
        int status;
        const size_t k = rp_records_article(r, i, &info, &status);
        if (status != RP_STATUS_UNCHANGED)
            print_article_jsonl(f, rp_corpus_get(c, k), &info);
    }
    for (size_t i = 0; i < rp_records_relation_count(r); i++)
        print_relation_jsonl(f, c, rp_records_relation(r, i));
    for (size_t i = 0; i < rp_records_story_count(r); i++)
        print_story_jsonl(f, c, rp_records_story(r, i));
}

/* The story of the article at corpus index k among the records, or NULL. */
static const rp_story *story_of(const rp_records *r, size_t k)
{
    for (size_t i = 0; i < rp_records_story_count(r); i++) {
        const rp_story *st = rp_records_story(r, i);
        for (size_t x = 0; x < st->article_count; x++)
            if (st->articles[x] == k)
                return st;
    }
    return NULL;
}

static void print_records_text(FILE *f, const rp_records *r, const char *verb)
{
    const rp_corpus *c = rp_records_corpus(r);

    for (size_t i = 0; i < rp_records_article_count(r); i++) {
        int status;
        const size_t k = rp_records_article(r, i, NULL, &status);
        const rp_story *st = story_of(r, k);
        size_t links = 0;
        for (size_t j = 0; j < rp_records_relation_count(r); j++) {
            const rp_relation *rel = rp_records_relation(r, j);
            links += rel->a == k || rel->b == k;
        }
        if (status == RP_STATUS_UNCHANGED && verb == NULL) {
            fprintf(f, "%-12s %s\n", "unchanged", rp_corpus_get(c, k)->id);
            continue;
        }
        const char *label = verb == NULL                    ? status_name(status)
                            : status == RP_STATUS_UNCHANGED ? "in the index"
                                                            : verb;
        fprintf(f, "%-12s %s: %zu relation%s", label, rp_corpus_get(c, k)->id, links,
                links == 1 ? "" : "s");
        if (st != NULL)
            fprintf(f, ", story %s (%zu article%s)", st->id, st->article_count,
                    st->article_count == 1 ? "" : "s");
        fputc('\n', f);
    }
    for (size_t j = 0; j < rp_records_relation_count(r); j++)
        print_relation_text(f, c, rp_records_relation(r, j));
}

static void print_story_text(FILE *f, const rp_records *r)
{
    const rp_corpus *c = rp_records_corpus(r);

    for (size_t i = 0; i < rp_records_story_count(r); i++) {
        const rp_story *st = rp_records_story(r, i);
        fprintf(f, "story %s: %s\n  %zu article%s, %s order\n", st->id,
                st->title != NULL ? st->title : "(no title)", st->article_count,
                st->article_count == 1 ? "" : "s", st->order_inferred ? "inferred" : "publication");
        for (size_t k = 0; k < st->article_count; k++) {
            const size_t from = st->sources != NULL ? st->sources[k] : SIZE_MAX;
            fprintf(f, "  %-12s %s adds %3.0f%%", rp_role_name(st->roles[k]),
                    rp_corpus_get(c, st->articles[k])->id, 100 * st->novel_share[k]);
            if (from != SIZE_MAX)
                fprintf(f, ", from %s", rp_corpus_get(c, from)->id);
            fputc('\n', f);
        }
    }
}

static rp_index *open_index(const struct opts *o, unsigned flags)
{
    char err[1024];
    rp_index *ix;
    rp_options opt = o->opt;
    const int rc = rp_index_open(o->db, flags, &opt, &ix, err, sizeof(err));

    if (rc < 0)
        die("%s", err[0] ? err : rp_strerror(rc));
    rp_index_options(ix, &opt);
    if ((o->df_cap_set && opt.df_cap != o->opt.df_cap) ||
        (o->min_words_set && opt.min_passage_words != o->opt.min_passage_words)) {
        rp_index_close(ix);
        die("'%s' was made with --df-cap %u --min-words %u; its settings cannot change", o->db,
            opt.df_cap, opt.min_passage_words);
    }
    return ix;
}

static int run_add(const struct opts *o, char **paths, int count)
{
    rp_corpus *c = read_inputs(paths, count, &o->common.in);
    rp_index *ix = open_index(o, RP_INDEX_CREATE);
    FILE *f = open_output(o->common.output);
    const size_t n = rp_corpus_count(c);
    size_t added = 0, unchanged = 0, versions = 0;

    rp_index_stats st;
    size_t held = 0;
    if (o->batch == 0 && rp_index_stats_get(ix, &st) == RP_OK)
        held = (size_t)st.articles;
    for (size_t first = 0, k; first < n; first += k, held += k) {
        /* by default a batch is a tenth of the index, from 1,000 to 10,000 articles: every
         * batch rewrites pages all over the postings, so larger ones cost less per article
         * once the index is large */
        size_t batch = o->batch;
        if (batch == 0)
            batch = held / 10 < 1000 ? 1000 : held / 10 > 10000 ? 10000 : held / 10;
        k = n - first < batch ? n - first : batch;
        rp_records *r;
        const int rc = rp_index_add(ix, c, first, k, o->flags, &r);
        if (rc < 0) {
            fflush(f);
            die("%s", rp_index_errmsg(ix)[0] ? rp_index_errmsg(ix) : rp_strerror(rc));
        }
        for (size_t i = 0; i < rp_records_article_count(r); i++) {
            int status;
            rp_records_article(r, i, NULL, &status);
            added += status == RP_STATUS_ADDED;
            unchanged += status == RP_STATUS_UNCHANGED;
            versions += status == RP_STATUS_NEW_VERSION;
        }
        /* reported only once committed: what is reported is in the index */
        if (o->common.format == FORMAT_JSONL)
            print_records_jsonl(f, r);
        else
            print_records_text(f, r, NULL);
        fflush(f);
        rp_records_free(r);
    }
    if (o->common.format == FORMAT_TEXT)
        fprintf(f, "%zu added, %zu new version%s, %zu unchanged\n", added, versions,
                versions == 1 ? "" : "s", unchanged);
    close_output(f, o->common.output);
    rp_index_close(ix);
    rp_corpus_free(c);
    return EXIT_OK;
}

static int run_query(const struct opts *o, char **paths, int count)
{
    rp_index *ix = open_index(o, RP_INDEX_READONLY);
    FILE *f = open_output(o->common.output);
    rp_records *r;
    int rc, found;

    if (o->story != NULL) {
        rc = rp_index_story(ix, o->story, &r);
        if (rc == RP_EFORMAT) {
            fprintf(stderr, "reprint: %s\n", rp_index_errmsg(ix));
            rp_index_close(ix);
            return EXIT_NOTHING;
        }
        if (rc < 0)
            die("%s", rp_index_errmsg(ix));
        if (o->common.format == FORMAT_JSONL)
            print_records_jsonl(f, r);
        else
            print_story_text(f, r);
        rp_records_free(r);
        close_output(f, o->common.output);
        rp_index_close(ix);
        return EXIT_OK;
    }
    rp_corpus *c = read_inputs(paths, count, &o->common.in);
    rc = rp_index_query(ix, c, 0, rp_corpus_count(c), o->flags, &r);
    if (rc < 0)
        die("%s", rp_index_errmsg(ix)[0] ? rp_index_errmsg(ix) : rp_strerror(rc));
    found = rp_records_relation_count(r) > 0;
    if (o->common.format == FORMAT_JSONL)
        print_records_jsonl(f, r);
    else
        print_records_text(f, r, "query");
    rp_records_free(r);
    close_output(f, o->common.output);
    rp_index_close(ix);
    rp_corpus_free(c);
    return found ? EXIT_OK : EXIT_NOTHING;
}

static int run_stats(const struct opts *o)
{
    rp_index *ix = open_index(o, RP_INDEX_READONLY);
    FILE *f = open_output(o->common.output);
    rp_index_stats st;
    int rc = rp_index_stats_get(ix, &st);

    if (rc < 0)
        die("%s", rp_index_errmsg(ix));
    fprintf(f, "articles       %llu (%llu older versions kept)\n", (unsigned long long)st.articles,
            (unsigned long long)st.superseded);
    fprintf(f, "relations      %llu", (unsigned long long)st.relations);
    for (int t = 0, shown = 0; t < RP_REL_TYPE_COUNT; t++)
        if (st.by_type[t] > 0)
            fprintf(f, "%s %s %llu", shown++ == 0 ? ":" : ",", rp_relation_type_name(t),
                    (unsigned long long)st.by_type[t]);
    fputc('\n', f);
    fprintf(f, "stories        %llu (%llu of two articles or more, the largest %llu)\n",
            (unsigned long long)st.stories, (unsigned long long)st.multi_stories,
            (unsigned long long)st.largest_story);
    fprintf(f, "story aliases  %llu\n", (unsigned long long)st.aliases);
    fprintf(f, "settled        %s\n",
            st.unsettled == 0 ? "yes" : "no: articles added since the stories were settled");
    if (st.unsettled > 0)
        fprintf(f, "unsettled      %llu\n", (unsigned long long)st.unsettled);
    fprintf(f, "batches        %llu\n", (unsigned long long)st.batches);
    fprintf(f, "postings       %llu in %llu sorted run%s\n", (unsigned long long)st.postings,
            (unsigned long long)st.posting_runs, st.posting_runs == 1 ? "" : "s");
    fprintf(f, "lsh bands      %llu\n", (unsigned long long)st.bands);
    fprintf(f, "file           %llu bytes, format version %d\n", (unsigned long long)st.file_bytes,
            st.schema_version);
    if (o->check) {
        rc = rp_index_check(ix, o->check == 2 ? RP_CHECK_DEEP : 0);
        if (rc < 0) {
            fflush(f);
            die("%s", rp_index_errmsg(ix));
        }
        fprintf(f, "check          ok%s\n",
                o->check < 2        ? ""
                : st.unsettled == 0 ? ": the relations and stories of a fresh scan"
                                    : ": the relations of a fresh scan (stories not settled)");
    }
    close_output(f, o->common.output);
    rp_index_close(ix);
    return EXIT_OK;
}

static int run_export(const struct opts *o)
{
    rp_index *ix = open_index(o, RP_INDEX_READONLY);
    rp_index_export *e;
    FILE *f;
    rp_records *r;
    int rc = rp_index_export_open(ix, &e);

    if (rc < 0)
        die("%s", rp_index_errmsg(ix));
    f = open_output(o->common.output);
    while ((rc = rp_index_export_next(e, &r)) == RP_OK && r != NULL) {
        print_records_jsonl(f, r);
        rp_records_free(r);
    }
    if (rc < 0) {
        fflush(f);
        die("%s", rp_index_errmsg(ix));
    }
    rp_index_export_close(e);
    close_output(f, o->common.output);
    rp_index_close(ix);
    return EXIT_OK;
}

static int run_settle(const struct opts *o)
{
    rp_index *ix = open_index(o, 0);
    const int rc = rp_index_settle(ix);

    if (rc < 0)
        die("%s", rp_index_errmsg(ix));
    rp_index_close(ix);
    return EXIT_OK;
}

static int run_optimize(const struct opts *o)
{
    rp_index *ix = open_index(o, 0);
    rp_index_stats st;
    size_t before;

    if (rp_index_optimize(ix, &before) < 0 || rp_index_stats_get(ix, &st) < 0)
        die("%s", rp_index_errmsg(ix));
    printf("'%s': %llu postings in %llu run%s (there were %zu)\n", o->db,
           (unsigned long long)st.postings, (unsigned long long)st.posting_runs,
           st.posting_runs == 1 ? "" : "s", before);
    rp_index_close(ix);
    return EXIT_OK;
}

/* Opening to write upgrades an older file (doc/FORMAT.md); nothing else changes. */
static int run_upgrade(const struct opts *o)
{
    rp_index *ix = open_index(o, 0);
    rp_index_stats st;

    if (rp_index_stats_get(ix, &st) < 0)
        die("%s", rp_index_errmsg(ix));
    printf("'%s': format version %d\n", o->db, st.schema_version);
    rp_index_close(ix);
    return EXIT_OK;
}

int cmd_index(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'D'},        {"batch", required_argument, NULL, 'B'},
        {"on-change", required_argument, NULL, 'C'}, {"settle", required_argument, NULL, 'S'},
        {"story", required_argument, NULL, 's'},     {"check", no_argument, NULL, 'k'},
        {"verify", no_argument, NULL, 'V'},          {"min-words", required_argument, NULL, 'M'},
        {"df-cap", required_argument, NULL, 'F'},    COMMON_LONGOPTS};
    struct opts o;
    const char *sub;
    int c;

    memset(&o, 0, sizeof(o));
    o.common.format = FORMAT_TEXT;
    o.common.opt = &o.opt;
    o.batch = 0; /* a tenth of the index, from 1,000 to 10,000 */
    rp_options_default(&o.opt);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (argc < 2 || argv[1][0] == '-')
        usage_error("index", "no subcommand given (add, query, stats, export, settle, optimize "
                             "or upgrade)");
    sub = argv[1];
    if (strcmp(sub, "add") != 0 && strcmp(sub, "query") != 0 && strcmp(sub, "stats") != 0 &&
        strcmp(sub, "export") != 0 && strcmp(sub, "settle") != 0 && strcmp(sub, "upgrade") != 0 &&
        strcmp(sub, "optimize") != 0)
        usage_error("index", "'%s' is not an index subcommand", sub);
    argc--;
    argv++;
    while ((c = getopt_long(argc, argv, "f:o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'D':
            o.db = optarg;
            break;
        case 'B':
            o.batch = parse_count("index", "--batch", optarg, 1, 10000000);
            break;
        case 'C':
            if (strcmp(optarg, "version") == 0)
                o.flags &= ~(unsigned)RP_ADD_REJECT_CHANGED;
            else if (strcmp(optarg, "error") == 0)
                o.flags |= RP_ADD_REJECT_CHANGED;
            else
                usage_error("index", "--on-change is 'version' or 'error', not '%s'", optarg);
            break;
        case 'S':
            o.flags &= ~(unsigned)(RP_ADD_SETTLE | RP_ADD_NO_SETTLE);
            if (strcmp(optarg, "always") == 0)
                o.flags |= RP_ADD_SETTLE;
            else if (strcmp(optarg, "never") == 0)
                o.flags |= RP_ADD_NO_SETTLE;
            else if (strcmp(optarg, "auto") != 0)
                usage_error("index", "--settle is auto, always or never, not '%s'", optarg);
            break;
        case 's':
            o.story = optarg;
            break;
        case 'k':
            o.check = o.check > 1 ? o.check : 1;
            break;
        case 'V':
            o.check = 2;
            break;
        case 'M':
            o.opt.min_passage_words = parse_count("index", "--min-words", optarg, 1, 10000);
            o.min_words_set = 1;
            break;
        case 'F':
            o.opt.df_cap = parse_count("index", "--df-cap", optarg, 2, 1000000);
            o.df_cap_set = 1;
            break;
        default:
            common_option("index", c, optarg, usage, &o.common);
        }
    }
    if (o.db == NULL)
        usage_error("index", "--db FILE is required");
    if (strcmp(sub, "add") == 0 || (strcmp(sub, "query") == 0 && o.story == NULL)) {
        if (optind >= argc)
            usage_error("index", "no input given");
        return strcmp(sub, "add") == 0 ? run_add(&o, argv + optind, argc - optind)
                                       : run_query(&o, argv + optind, argc - optind);
    }
    if (optind < argc)
        usage_error("index", "'%s' takes no PATH", sub);
    if (strcmp(sub, "query") == 0)
        return run_query(&o, NULL, 0);
    if (strcmp(sub, "stats") == 0)
        return run_stats(&o);
    if (strcmp(sub, "export") == 0) {
        if (o.common.format_set && o.common.format != FORMAT_JSONL)
            usage_error("index", "export writes jsonl only");
        return run_export(&o);
    }
    if (strcmp(sub, "upgrade") == 0)
        return run_upgrade(&o);
    if (strcmp(sub, "optimize") == 0)
        return run_optimize(&o);
    return run_settle(&o);
}
