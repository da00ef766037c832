/* extract.c: reprint extract, the main text of every input article (web pages, text files,
 * JSON Lines alike) with the page furniture that the boilerplate detector flags taken out,
 * or kept and listed with --keep-boilerplate: how a folder of saved pages becomes a corpus. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../lib/base/banned.h"

static const char usage[] =
    "usage: reprint extract [OPTIONS] PATH...\n"
    "\n"
    "Writes every input article (web pages .html/.htm, text files, JSON Lines; any of them\n"
    "gzip-compressed) with its main text: for a web page the article's text found among the\n"
    "page's furniture, with its title, publication time, site name and address from the\n"
    "page's metadata. The page furniture that remains (follow lines, newsletters, bylines,\n"
    "headline lists ...) is taken out unless --keep-boilerplate is given. A page without\n"
    "main text gives an article with empty text and a warning on standard error.\n"
    "\n"
    "options:\n"
    "  -f, --format FMT     jsonl (one {\"kind\":\"article\",...} record per line, the\n"
    "                       default) or text (readable)\n"
    "      --keep-boilerplate  keep the flagged furniture in the text and list its byte spans\n"
    "                       as \"boilerplate\":[[START,END],...]\n"
    "  -o, --output FILE    write to FILE instead of standard output\n"
    "  -j, --threads N      worker threads (default: one per core); never changes the output\n"
    "      --skip-bad       report bad records and go on (default: stop at the first)\n"
    "  -q, --quiet          do not list skipped records and warnings\n"
    "  -h, --help           show this help\n";

/* The text without the flagged spans. Where a span is cut out, the white space around it
 * becomes one paragraph break, one line break or one space, the widest it held. */
static char *without_spans(const rp_article *a, const rp_article_info *in, size_t *out_len)
{
    const char *t = a->text;
    char *out = xmalloc(a->text_len + 1);
    size_t o = 0, at = 0;
    int pending = 0; /* 0 none, 1 space, 2 newline, 3 paragraph break */

    for (size_t k = 0; k <= in->boilerplate_count; k++) {
        const size_t end = k < in->boilerplate_count ? in->boilerplate[k].start : a->text_len;
        size_t s = at, e = end;

        if (end < at)
            continue;
        /* white space at both ends of the kept piece joins the pending break */
        for (; s < e && (t[s] == ' ' || t[s] == '\t' || t[s] == '\n' || t[s] == '\r'); s++)
            pending = t[s] == '\n' ? (pending >= 2 ? 3 : 2) : (pending > 0 ? pending : 1);
        if (s < e) {
            if (o > 0 && pending > 0) {
                const char *br = pending == 3 ? "\n\n" : pending == 2 ? "\n" : " ";
                memcpy(out + o, br, strlen(br));
                o += strlen(br);
            }
            for (; e > s &&
                   (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r' || t[e - 1] == '\n');
                 e--)
                ;
            memcpy(out + o, t + s, e - s);
            o += e - s;
            pending = 0;
            for (size_t i = e; i < end; i++)
                pending = t[i] == '\n' ? (pending >= 2 ? 3 : 2) : (pending > 0 ? pending : 1);
        }
        if (k < in->boilerplate_count) {
            const rp_token *b = &in->boilerplate[k];
            /* a removed span counts as the break it stood for */
            int br = 1;
            for (size_t i = b->start; i < b->end; i++)
                if (t[i] == '\n')
                    br = br >= 2 ? 3 : 2;
            pending = pending > br ? pending : br;
            at = b->end;
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

static void print_jsonl(FILE *f, const rp_article *a, const char *text, size_t len,
                        const rp_article_info *in, int keep)
{
    fputs("{\"kind\":\"article\",\"id\":", f);
    json_cstr(f, a->id);
    fputs(",\"title\":", f);
    json_cstr(f, a->title);
    fputs(",\"published\":", f);
    json_time(f, a->published, a->published_has_time);
    fputs(",\"source\":", f);
    json_cstr(f, a->source);
    fputs(",\"url\":", f);
    json_cstr(f, a->url);
    fputs(",\"text\":", f);
    json_str(f, text, len);
    if (keep) {
        fputs(",\"boilerplate\":[", f);
        for (size_t k = 0; k < in->boilerplate_count; k++)
            fprintf(f, "%s[%zu,%zu]", k > 0 ? "," : "", in->boilerplate[k].start,
                    in->boilerplate[k].end);
        putc(']', f);
    }
    fputs("}\n", f);
}

static void print_text(FILE *f, const rp_article *a, const char *text, size_t len,
                       const rp_article_info *in, int keep)
{
    char buf[48];

    fprintf(f, "==> %s <==\n", a->id);
    if (a->title != NULL)
        fprintf(f, "title: %s\n", a->title);
    if (a->published != RP_TIME_NONE)
        fprintf(f, "published: %s\n",
                rp_time_format(a->published, a->published_has_time, buf, sizeof(buf)));
    if (a->source != NULL)
        fprintf(f, "source: %s\n", a->source);
    if (a->url != NULL)
        fprintf(f, "url: %s\n", a->url);
    if (keep && in->boilerplate_count > 0) {
        fputs("boilerplate:", f);
        for (size_t k = 0; k < in->boilerplate_count; k++)
            fprintf(f, " [%zu,%zu)", in->boilerplate[k].start, in->boilerplate[k].end);
        putc('\n', f);
    }
    putc('\n', f);
    fwrite(text, 1, len, f);
    fputs(len > 0 && text[len - 1] == '\n' ? "\n" : "\n\n", f);
}

int cmd_extract(int argc, char **argv)
{
    enum { O_KEEP = 256 };
    static const struct option longopts[] = {{"keep-boilerplate", no_argument, NULL, O_KEEP},
                                             COMMON_LONGOPTS};
    rp_options opt;
    struct common_args ca = {FORMAT_JSONL, 0, NULL, {0, 0}, &opt};
    int keep = 0, o, rc;
    rp_corpus *c;
    rp_scan *s;
    FILE *f;

    rp_options_default(&opt);
    opt.detect = RP_DETECT_BOILERPLATE;
    while ((o = getopt_long(argc, argv, "f:o:j:qh", longopts, NULL)) != -1) {
        switch (o) {
        case O_KEEP:
            keep = 1;
            break;
        default:
            common_option("extract", o, optarg, usage, &ca);
        }
    }
    if (optind >= argc)
        usage_error("extract", "no input given");
    c = read_inputs(argv + optind, argc - optind, &ca.in);
    rc = rp_scan_run(c, &opt, &s);
    if (rc < 0)
        die("extract failed: %s", rp_strerror(rc));
    f = open_output(ca.output);
    for (size_t i = 0; i < rp_corpus_count(c); i++) {
        const rp_article *a = rp_corpus_get(c, i);
        rp_article_info info;
        char *cut = NULL;
        const char *text = a->text;
        size_t len = a->text_len;

        rp_scan_article(s, i, &info);
        if (!keep && info.boilerplate_count > 0)
            text = cut = without_spans(a, &info, &len);
        if (ca.format == FORMAT_JSONL)
            print_jsonl(f, a, text, len, &info, keep);
        else
            print_text(f, a, text, len, &info, keep);
        free(cut);
    }
    close_output(f, ca.output);
    rp_scan_free(s);
    rp_corpus_free(c);
    return EXIT_OK;
}
