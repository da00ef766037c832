/* report.c: reprint scan --html, the HTML report: one self-contained page (inline style sheet
 * and script, no network requests) with the stories, articles and relations of a scan.
 *
 * The data goes into the page once, as JSON: one element holds the articles, relations and
 * stories, then comes the script (report/report.js), then one element per article holds its
 * text, which the script parses only when a view shows that text. The script draws every view
 * from the data on demand, and the overview while the browser still reads the texts, so that
 * a report of 50,000 articles opens in seconds.
 *
 * Offsets: the library's spans are byte offsets into UTF-8 text, but JavaScript strings are
 * indexed by UTF-16 code units. Every span is converted here, counting the units of the text
 * as json_str_script() writes it: a valid sequence is one unit (two above U+FFFF), and an
 * invalid byte becomes one U+FFFD. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../lib/base/banned.h"

#define MARK_SHIFT 6 /* a checkpoint every 64 bytes of text */

/* Byte offsets to UTF-16 indices for one text. */
struct u16map {
    const unsigned char *text;
    size_t len;      /* bytes of text */
    uint32_t *pos;   /* pos[k]: first sequence start at or after byte k << MARK_SHIFT; NULL
                        when the text is ASCII, where bytes and units are the same */
    uint32_t *units; /* units[k]: UTF-16 units before pos[k] */
};

/* Bytes of the sequence at text[i] as the JSON writer takes it: an invalid byte alone. */
static size_t seq_len(const unsigned char *text, size_t len, size_t i)
{
    const size_t n = utf8_len(text + i, len - i);

    return n == 0 ? 1 : n;
}

static void u16map_init(struct u16map *m, const char *text, size_t len)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t i = 0, k = 0, units = 0;

    m->text = t;
    m->len = len;
    m->pos = NULL;
    m->units = NULL;
    while (i < len && t[i] < 0x80)
        i++;
    if (i == len)
        return;
    /* RP_MAX_ARTICLE_LEN keeps offsets and unit counts inside 32 bits. */
    m->pos = xcalloc((len >> MARK_SHIFT) + 1, sizeof(*m->pos));
    m->units = xcalloc((len >> MARK_SHIFT) + 1, sizeof(*m->units));
    for (i = 0; i < len;) {
        const size_t n = seq_len(t, len, i);
        for (; k << MARK_SHIFT <= i; k++) {
            m->pos[k] = (uint32_t)i;
            m->units[k] = (uint32_t)units;
        }
        units += n == 4 ? 2 : 1;
        i += n;
    }
    for (; k <= len >> MARK_SHIFT; k++) {
        m->pos[k] = (uint32_t)len;
        m->units[k] = (uint32_t)units;
    }
}

static void u16map_release(struct u16map *m)
{
    free(m->pos);
    free(m->units);
}

/* The UTF-16 index of byte offset 'off'; an offset inside a sequence counts that sequence. */
static size_t u16_index(const struct u16map *m, size_t off)
{
    size_t i, units;

    if (off > m->len)
        off = m->len;
    if (m->pos == NULL)
        return off;
    i = m->pos[off >> MARK_SHIFT];
    units = m->units[off >> MARK_SHIFT];
    while (i < off) {
        const size_t n = seq_len(m->text, m->len, i);
        units += n == 4 ? 2 : 1;
        i += n;
    }
    return units;
}

static void span(FILE *f, const struct u16map *m, size_t start, size_t end)
{
    fprintf(f, "[%zu,%zu]", u16_index(m, start), u16_index(m, end));
}

static void str(FILE *f, const char *s)
{
    if (s == NULL)
        fputs("null", f);
    else
        json_str_script(f, s, strlen(s));
}

/* A share or score: four decimals, and 0 for what is not a number. */
static void number(FILE *f, const char *key, double v)
{
    fprintf(f, ",\"%s\":%.4f", key, isfinite(v) ? v : 0.0);
}

/* Text for HTML content or an attribute value: escaped, invalid UTF-8 as U+FFFD. */
static void html_text(FILE *f, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    const size_t len = strlen(s);

    for (size_t i = 0; i < len;) {
        const size_t n = utf8_len(u + i, len - i);
        switch (u[i]) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            if (n == 0)
                fputs("\xEF\xBF\xBD", f);
            else if (u[i] >= 0x20 || u[i] == '\t')
                fwrite(u + i, 1, n, f);
        }
        i += n == 0 ? 1 : n;
    }
}

static void print_article(FILE *f, const rp_article *a, const rp_article_info *in,
                          const struct u16map *m)
{
    char date[48];

    fputs("{\"id\":", f);
    str(f, a->id);
    fputs(",\"title\":", f);
    str(f, a->title);
    fputs(",\"source\":", f);
    str(f, a->source);
    fputs(",\"url\":", f);
    str(f, a->url);
    if (a->published != RP_TIME_NONE)
        fprintf(f, ",\"date\":\"%s\",\"t\":%lld",
                rp_time_format(a->published, a->published_has_time, date, sizeof(date)),
                (long long)a->published);
    fprintf(f, ",\"bytes\":%zu,\"len\":%zu,\"words\":%zu,\"invalid_utf8\":%zu,\"bp\":[",
            a->text_len, u16_index(m, a->text_len), in->stats.word_count, in->stats.invalid_utf8);
    for (size_t k = 0; k < in->boilerplate_count; k++) {
        if (k > 0)
            putc(',', f);
        span(f, m, in->boilerplate[k].start, in->boilerplate[k].end);
    }
    fputs("]}", f);
}

/* Evidence spans in both texts: "a":[s,e],"b":[s,e] as UTF-16 indices. */
static void sides(FILE *f, const struct u16map *ma, const struct u16map *mb, size_t a_start,
                  size_t a_end, size_t b_start, size_t b_end)
{
    fputs("{\"a\":", f);
    span(f, ma, a_start, a_end);
    fputs(",\"b\":", f);
    span(f, mb, b_start, b_end);
}

static void print_relation(FILE *f, const rp_relation *r, const struct u16map *maps)
{
    const struct u16map *ma = &maps[r->a], *mb = &maps[r->b];

    fprintf(f, "{\"a\":%zu,\"b\":%zu,\"type\":", r->a, r->b);
    str(f, rp_relation_type_name(r->type));
    number(f, "score", r->score);
    number(f, "a_share", r->a_share);
    number(f, "b_share", r->b_share);
    if (r->jaccard >= 0)
        number(f, "jaccard", r->jaccard);
    if (r->containment >= 0)
        number(f, "containment", r->containment);
    if (r->direction != 0)
        fprintf(f, ",\"from\":%zu,\"inferred\":%s", r->direction > 0 ? r->a : r->b,
                r->direction_inferred ? "true" : "false");
    fputs(",\"passages\":[", f);
    for (size_t i = 0; i < r->passage_count; i++) {
        const rp_passage *p = &r->passages[i];
        if (i > 0)
            putc(',', f);
        sides(f, ma, mb, p->a_start, p->a_end, p->b_start, p->b_end);
        fprintf(f, ",\"words\":%u", p->word_count);
        number(f, "identity", p->identity);
        fprintf(f, ",\"quote\":%s", p->quote ? "true" : "false");
        if (p->speaker != NULL) {
            fputs(",\"speaker\":", f);
            str(f, p->speaker);
        }
        putc('}', f);
    }
    fputs("],\"sentences\":[", f);
    for (size_t i = 0; i < r->sentence_count; i++) {
        const rp_sentence_pair *p = &r->sentences[i];
        if (i > 0)
            putc(',', f);
        sides(f, ma, mb, p->a_start, p->a_end, p->b_start, p->b_end);
        number(f, "similarity", p->similarity);
        putc('}', f);
    }
    fputs("],\"terms\":[", f);
    for (size_t i = 0; i < r->term_count; i++) {
        if (i > 0)
            putc(',', f);
        str(f, r->terms[i]);
    }
    fputs("]}", f);
}

static void print_story(FILE *f, const rp_story *st)
{
    fputs("{\"id\":", f);
    str(f, st->id);
    fputs(",\"title\":", f);
    str(f, st->title);
    if (st->original != SIZE_MAX)
        fprintf(f, ",\"original\":%zu", st->original);
    fprintf(f, ",\"inferred\":%s,\"articles\":[", st->order_inferred ? "true" : "false");
    for (size_t i = 0; i < st->article_count; i++)
        fprintf(f, "%s%zu", i > 0 ? "," : "", st->articles[i]);
    fputs("],\"roles\":[", f);
    for (size_t i = 0; i < st->article_count; i++) {
        if (i > 0)
            putc(',', f);
        str(f, rp_role_name(st->roles[i]));
    }
    fputs("],\"novel\":[", f);
    for (size_t i = 0; i < st->article_count; i++)
        fprintf(f, "%s%.4f", i > 0 ? "," : "",
                isfinite(st->novel_share[i]) ? st->novel_share[i] : 0.0);
    fputs("]}", f);
}

static void print_lines(FILE *f, const char *const *lines)
{
    for (size_t i = 0; lines[i] != NULL; i++)
        fputs(lines[i], f);
}

static void print_data(FILE *f, const rp_corpus *c, const rp_scan *s, char **inputs,
                       int input_count, const struct u16map *maps)
{
    const size_t n = rp_corpus_count(c);

    fputs("<script type=\"application/json\" id=\"rp-data\">{\"generator\":\"reprint " RP_VERSION
          "\",\"inputs\":[",
          f);
    for (int i = 0; i < input_count; i++) {
        if (i > 0)
            putc(',', f);
        str(f, inputs[i]);
    }
    fprintf(f, "],\"skipped\":%zu,\n\"articles\":[\n", rp_corpus_skipped(c));
    for (size_t i = 0; i < n; i++) {
        rp_article_info in;
        rp_scan_article(s, i, &in);
        print_article(f, rp_corpus_get(c, i), &in, &maps[i]);
        fputs(i + 1 < n ? ",\n" : "\n", f);
    }
    fputs("],\n\"relations\":[\n", f);
    for (size_t i = 0; i < rp_scan_relation_count(s); i++) {
        print_relation(f, rp_scan_relation(s, i), maps);
        fputs(i + 1 < rp_scan_relation_count(s) ? ",\n" : "\n", f);
    }
    fputs("],\n\"stories\":[\n", f);
    for (size_t i = 0; i < rp_scan_story_count(s); i++) {
        print_story(f, rp_scan_story(s, i));
        fputs(i + 1 < rp_scan_story_count(s) ? ",\n" : "\n", f);
    }
    fputs("]}</script>\n", f);
}

/* The texts, one element each, after the script: the views that need no text can be drawn
 * while the browser still reads them. */
static void print_texts(FILE *f, const rp_corpus *c)
{
    const size_t n = rp_corpus_count(c);

    for (size_t i = 0; i < n; i++) {
        const rp_article *a = rp_corpus_get(c, i);
        fprintf(f, "<script type=\"application/json\" id=\"rp-t%zu\">", i);
        json_str_script(f, a->text, a->text_len);
        fputs("</script>\n", f);
    }
}

void print_report_html(FILE *f, const rp_corpus *c, const rp_scan *s, char **inputs,
                       int input_count)
{
    const size_t n = rp_corpus_count(c);
    struct u16map *maps = xcalloc(n, sizeof(*maps));

    for (size_t i = 0; i < n; i++) {
        const rp_article *a = rp_corpus_get(c, i);
        u16map_init(&maps[i], a->text, a->text_len);
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"generator\" content=\"reprint " RP_VERSION "\">\n<title>reprint: ",
          f);
    for (int i = 0; i < input_count; i++) {
        if (i > 0)
            fputs(", ", f);
        html_text(f, inputs[i]);
    }
    fprintf(f, " (%zu article%s, %zu stor%s)</title>\n<style>\n", n, n == 1 ? "" : "s",
            rp_scan_story_count(s), rp_scan_story_count(s) == 1 ? "y" : "ies");
    print_lines(f, report_css);
    fputs("</style>\n</head>\n<body>\n"
          "<header class=\"top\"><p class=\"brand\"><a href=\"#/\">reprint report</a></p>"
          "<nav aria-label=\"Where you are\" id=\"rp-crumbs\"></nav></header>\n"
          "<main id=\"rp-main\" tabindex=\"-1\"><noscript><p>This report draws its views with "
          "JavaScript; the data is in the page source as JSON.</p></noscript>"
          "<p id=\"rp-loading\">Loading the report\xE2\x80\xA6</p></main>\n"
          "<div id=\"rp-live\" class=\"sr-only\" role=\"status\" aria-live=\"polite\"></div>\n",
          f);
    print_data(f, c, s, inputs, input_count, maps);
    fputs("<script>\n", f);
    print_lines(f, report_js);
    fputs("</script>\n", f);
    print_texts(f, c);
    fputs("</body>\n</html>\n", f);
    for (size_t i = 0; i < n; i++)
        u16map_release(&maps[i]);
    free(maps);
}
