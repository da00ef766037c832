/* test_html.c: web pages: charsets, broken and pathological markup, metadata, JSON-LD, and
 * the main text found among navigation, related lists, comments and footers. Every page is
 * written here by hand. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "reprint.h"
#include "../../lib/io/charset.h"
#include "../../lib/io/html.h"

/* ---- helpers -------------------------------------------------------------------------- */

static struct rp__html_page page;
static struct rp__html_error err;

static int extract_len(const char *html, size_t len)
{
    rp__html_page_release(&page);
    return rp__html_extract(html, len, &page, &err);
}

static int extract(const char *html)
{
    return extract_len(html, strlen(html));
}

static const char *text(void)
{
    return page.text.data != NULL ? page.text.data : "";
}

static void fini(void)
{
    rp__html_page_release(&page);
}

TestSuite(html, .fini = fini);

/* Three paragraphs of prose for the article bodies below. */
#define PROSE1                                                                                     \
    "The harbour council voted on Tuesday to raise the sea wall by two metres, after a winter "    \
    "in which storms flooded the lower town three times."
#define PROSE2                                                                                     \
    "Engineers said the work would take four years and cost about twelve million, most of it "     \
    "paid by the regional government."
#define PROSE3                                                                                     \
    "Residents who lost shops to the water said the decision came late, but that they were "       \
    "relieved it had come at all."

/* A news page as sites make them: navigation, a header, the article with a byline, a share
 * bar, a related list, comments and a footer. */
static const char news_page[] =
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
    "<title>Sea wall to rise by two metres | The Harbour Times</title>"
    "<meta property=\"og:title\" content=\"Sea wall to rise by two metres\">"
    "<meta property=\"og:site_name\" content=\"The Harbour Times\">"
    "<meta property=\"article:published_time\" content=\"2023-03-14T09:30:00+01:00\">"
    "<link rel=\"canonical\" href=\"https://harbour.example/news/sea-wall\">"
    "<style>p { color: red }</style><script>var x = '<p>not text</p>';</script>"
    "</head><body>"
    "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li>"
    "<li><a href=\"/sport\">Sport</a></li></ul></nav>"
    "<div class=\"page has-sidebar\"><main>"
    "<article><h1>Sea wall to rise by two metres</h1>"
    "<div class=\"byline\">By Ann Reed</div>"
    "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet</a></div>"
    "<div class=\"article-body\"><p>" PROSE1 "</p><h2>Four years of work</h2><p>" PROSE2
    "</p><figure><img src=\"w.jpg\"><figcaption>The wall at high tide, photographed from the "
    "pier last winter.</figcaption></figure><p>" PROSE3 "</p></div>"
    "<div class=\"related-stories\"><h3>Related</h3><ul>"
    "<li><a href=\"/a\">Storm closes the ferry port for the second time this month</a></li>"
    "<li><a href=\"/b\">Council approves a new budget for the lower town schools</a></li>"
    "<li><a href=\"/c\">Fishing fleet returns after a week of gales on the coast</a></li>"
    "</ul></div>"
    "<section id=\"comments\"><h3>Comments</h3><div class=\"comment\"><p>I have lived here for "
    "forty years and the water has never come up this far before, so this is welcome.</p>"
    "</div></section>"
    "</article></main>"
    "<aside class=\"sidebar\"><h3>Most read</h3><p>A long teaser of another story that runs "
    "on for many words, with commas, and ends with a stop.</p></aside></div>"
    "<footer><p>Copyright 2023 The Harbour Times. All rights reserved. Contact us at the "
    "address on the about page, with any question you have.</p></footer>"
    "</body></html>";

/* ---- the main text -------------------------------------------------------------------- */

Test(html, the_article_text_is_found_among_the_furniture)
{
    cr_assert_eq(extract(news_page), RP_OK);
    cr_expect_str_eq(text(), PROSE1 "\n\nFour years of work\n\n" PROSE2 "\n\n" PROSE3);
}

Test(html, the_metadata_gives_title_site_time_and_address)
{
    char buf[48];

    cr_assert_eq(extract(news_page), RP_OK);
    cr_expect_str_eq(page.title, "Sea wall to rise by two metres");
    cr_expect_str_eq(page.site, "The Harbour Times");
    cr_expect_str_eq(page.url, "https://harbour.example/news/sea-wall");
    cr_expect_str_eq(rp_time_format(page.published, page.published_has_time, buf, sizeof(buf)),
                     "2023-03-14T08:30:00Z");
}

Test(html, without_metadata_the_title_tag_loses_its_site_part_and_the_h1_is_not_text)
{
    static const char html[] =
        "<html><head><title>Quake shakes the north coast - Daily Post"
        "</title></head><body><h1>Quake shakes the north coast</h1><p>" PROSE1 "</p><p>" PROSE2
        "</p></body></html>";

    cr_assert_eq(extract(html), RP_OK);
    cr_expect_str_eq(page.title, "Quake shakes the north coast");
    cr_expect_str_eq(text(), PROSE1 "\n\n" PROSE2);
    cr_expect_null(page.site);
    cr_expect_eq(page.published, RP_TIME_NONE);
}

Test(html, json_ld_gives_headline_time_and_publisher_also_inside_a_graph)
{
    static const char html[] =
        "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
        "\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"Not this\"},{\"@type\":[\"NewsArticle\"],"
        "\"headline\":\"Ferry port reopens\",\"datePublished\":\"2023-05-02\",\"publisher\":"
        "{\"@type\":\"Organization\",\"name\":\"Coast News\"}}]}</script>"
        "<script type=\"application/ld+json\">{ broken json </script>"
        "</head><body><p>" PROSE1 "</p></body></html>";
    char buf[48];

    cr_assert_eq(extract(html), RP_OK);
    cr_expect_str_eq(page.title, "Ferry port reopens");
    cr_expect_str_eq(page.site, "Coast News");
    cr_expect_str_eq(rp_time_format(page.published, page.published_has_time, buf, sizeof(buf)),
                     "2023-05-02");
    cr_expect_str_eq(text(), PROSE1);
}

Test(html, a_time_element_gives_the_time_when_nothing_else_does)
{
    static const char html[] = "<html><body><article><time datetime=\"2022-11-05T18:00:00Z\">"
                               "5 November</time><p>" PROSE1 "</p></article></body></html>";
    char buf[48];

    cr_assert_eq(extract(html), RP_OK);
    cr_expect_str_eq(rp_time_format(page.published, page.published_has_time, buf, sizeof(buf)),
                     "2022-11-05T18:00:00Z");
}

Test(html, script_style_hidden_and_dialog_content_is_never_text)
{
    static const char html[] =
        "<html><body><div><p>" PROSE1 "</p><script>document.write('gone gone gone');</script>"
        "<p style=\"display: none\">Hidden words that nobody sees on the page at all, ever.</p>"
        "<p hidden>Also hidden from every reader of the page, whatever they do.</p>"
        "<div role=\"dialog\"><p>We use cookies to improve your experience of the site, "
        "accept them please.</p></div><noscript>Enable JavaScript</noscript><p>" PROSE2
        "</p></div></body></html>";

    cr_assert_eq(extract(html), RP_OK);
    cr_expect_str_eq(text(), PROSE1 "\n\n" PROSE2);
}

Test(html, white_space_entities_line_breaks_and_table_rows_read_as_a_browser_shows_them)
{
    static const char html[] =
        "<html><body><div class=\"content\"><p>Fish &amp; chips cost&nbsp;&#163;9 at\n   the "
        "pier&#8217;s end, <b>said</b><i> the owner</i>, who has sold them there for years.</p>"
        "<p>The first line of a poem about the sea<br>and its second line, with commas, "
        "there.</p><p>" PROSE1 "</p><p>One paragraph<br><br>and another one after a double "
        "break, both of them in the same element.</p>"
        "<table><tr><th>Year</th><th>Floods</th></tr><tr><td>2021</td><td>1</td></tr></table>"
        "</div></body></html>";

    cr_assert_eq(extract(html), RP_OK);
    cr_expect_str_eq(text(), "Fish & chips cost \xC2\xA3"
                             "9 at the pier\xE2\x80\x99s end, said the owner, who has sold them "
                             "there for years.\n\nThe first line of a poem about the sea\nand "
                             "its second line, with commas, there.\n\n" PROSE1
                             "\n\nOne paragraph\n\nand another one after a double break, both of "
                             "them in the same element.\n\nYear Floods\n\n2021 1");
}

Test(html, a_page_of_links_alone_has_no_main_text)
{
    static const char html[] =
        "<html><head><title>Index</title></head><body><ul><li><a href=\"/a\">First story "
        "of the day</a></li><li><a href=\"/b\">Second story of the day</a></li></ul>"
        "<p>Log in</p></body></html>";

    cr_assert_eq(extract(html), RP_OK);
    cr_expect_str_eq(text(), "");
    cr_expect_str_eq(page.title, "Index");
}

Test(html, broken_and_unclosed_markup_still_gives_the_text)
{
    static const char html[] = "<html><body><div class=\"story\"><p>" PROSE1 "<p>" PROSE2
                               "</span></b><div><p>" PROSE3 "<table><tr><td>x";

    cr_assert_eq(extract(html), RP_OK);
    cr_expect(strstr(text(), PROSE1 "\n\n" PROSE2 "\n\n" PROSE3) != NULL, "%s", text());
}

Test(html, markup_nested_100000_levels_deep_is_read_without_recursion)
{
    const size_t depth = 100000;
    struct rp__buf b = {0};

    cr_assert_eq(rp__buf_append(&b, "<html><body>", 12), RP_OK);
    for (size_t i = 0; i < depth; i++)
        cr_assert_eq(rp__buf_append(&b, "<div><span>", 11), RP_OK);
    cr_assert_eq(rp__buf_append(&b, "<p>" PROSE1 "</p>", strlen("<p>" PROSE1 "</p>")), RP_OK);
    for (size_t i = 0; i < depth; i++)
        cr_assert_eq(rp__buf_append(&b, "</span></div>", 13), RP_OK);
    cr_assert_eq(extract_len(b.data, b.len), RP_OK);
    cr_expect_str_eq(text(), PROSE1);
    /* and without the end tags */
    b.len = 12 + depth * 11;
    cr_assert_eq(rp__buf_append(&b, PROSE2, strlen(PROSE2)), RP_OK);
    cr_assert_eq(extract_len(b.data, b.len), RP_OK);
    cr_expect_str_eq(text(), PROSE2);
    rp__buf_release(&b);
}

Test(html, stray_end_tags_deep_down_stop_the_parser_with_what_was_read_kept)
{
    /* each stray end tag makes libxml2 search its whole stack */
    const size_t depth = 30000;
    struct rp__buf b = {0};

    cr_assert_eq(rp__buf_append(&b, "<html><body><p>" PROSE1 "</p>", strlen(PROSE1) + 19), RP_OK);
    for (size_t i = 0; i < depth; i++)
        cr_assert_eq(rp__buf_append(&b, "<div>", 5), RP_OK);
    for (size_t i = 0; i < depth; i++)
        cr_assert_eq(rp__buf_append(&b, "</span>", 7), RP_OK);
    cr_assert_eq(rp__buf_append(&b, "<p>" PROSE2 "</p>", strlen(PROSE2) + 7), RP_OK);
    cr_assert_eq(extract_len(b.data, b.len), RP_OK);
    cr_expect_gt(page.stopped_at, 0);
    cr_expect_lt(page.stopped_at, b.len);
    cr_expect_str_eq(text(), PROSE1);
    rp__buf_release(&b);
}

Test(html, a_tag_with_a_hundred_thousand_attributes_is_cut_and_read)
{
    struct rp__buf b = {0};

    cr_assert_eq(rp__buf_append(&b, "<html><body><div ", 17), RP_OK);
    for (int i = 0; i < 100000; i++)
        cr_assert_eq(rp__buf_printf(&b, "a%d=\"x>y\" ", i), RP_OK);
    cr_assert_eq(rp__buf_printf(&b, "><p>%s</p></div></body></html>", PROSE1), RP_OK);
    cr_assert_eq(extract_len(b.data, b.len), RP_OK);
    cr_expect_str_eq(text(), PROSE1);
    rp__buf_release(&b);
}

Test(html, a_50_mb_page_is_read_in_one_linear_pass)
{
    const size_t target = (size_t)50 << 20;
    struct rp__buf b = {0};
    size_t paragraphs = 0, want = 0;

    cr_assert_eq(rp__buf_append(&b, "<html><body><article>", 21), RP_OK);
    while (b.len < target) {
        const size_t before = b.len;
        cr_assert_eq(rp__buf_printf(&b, "<p>%zu. %s</p>", paragraphs, PROSE2), RP_OK);
        want += b.len - before - 7 + (paragraphs > 0 ? 2 : 0); /* without <p></p>, "\n\n" */
        cr_assert_eq(rp__buf_append(&b, "\n<div class=\"ad\">Advertisement</div>", 36), RP_OK);
        paragraphs++;
    }
    cr_assert_eq(rp__buf_append(&b, "</article></body></html>", 24), RP_OK);
    cr_assert_eq(extract_len(b.data, b.len), RP_OK);
    cr_expect_eq(page.text.len, want);
    cr_expect(strncmp(text(), "0. " PROSE2 "\n\n1. ", strlen(PROSE2) + 8) == 0);
    cr_expect_null(strstr(text(), "Advertisement"));
    rp__buf_release(&b);
}

/* ---- charsets ------------------------------------------------------------------------- */

/* The text of a page made of head, a paragraph in bytes p and a sentence of prose. */
static const char *body_of(const char *head, const char *p)
{
    static char buf[1024];

    snprintf(buf, sizeof(buf), "<html><head>%s</head><body><p>%s " PROSE1 "</p></body></html>",
             head, p);
    cr_assert_eq(extract(buf), RP_OK);
    cr_assert_geq(page.text.len, strlen(PROSE1));
    snprintf(buf, sizeof(buf), "%.*s", (int)(page.text.len - strlen(PROSE1) - 1), text());
    return buf;
}

Test(html, a_latin1_page_declared_latin1_reads_its_accents)
{
    cr_expect_str_eq(body_of("<meta charset=\"ISO-8859-1\">", "caf\xE9 na\xEFve \xC5"),
                     "caf\xC3\xA9 na\xC3\xAFve \xC3\x85");
    cr_expect_str_eq(page.charset.used, "windows-1252");
    cr_expect_eq(page.charset.overridden, 0);
}

Test(html, windows_1252_quotes_read_as_curly_quotes_with_or_without_a_declaration)
{
    const char *want = "\xE2\x80\x9C"
                       "Hi\xE2\x80\x9D \xE2\x80\x94 it\xE2\x80\x99s \xE2\x82\xAC"
                       "5";

    cr_expect_str_eq(body_of("<meta http-equiv=\"Content-Type\" content=\"text/html; "
                             "charset=windows-1252\">",
                             "\x93Hi\x94 \x97 it\x92s \x80"
                             "5"),
                     want);
    cr_expect_str_eq(body_of("", "\x93Hi\x94 \x97 it\x92s \x80"
                                 "5"),
                     want);
    cr_expect_str_eq(page.charset.used, "windows-1252");
    /* latin-1 declared, windows-1252 bytes: the WHATWG reading */
    cr_expect_str_eq(body_of("<meta charset=latin1>", "\x93Hi\x94 \x97 it\x92s \x80"
                                                      "5"),
                     want);
}

Test(html, a_latin1_page_wrongly_declared_utf8_falls_back_to_windows_1252)
{
    cr_expect_str_eq(body_of("<meta charset=\"utf-8\">", "Gr\xFC\xDF Gott, sch\xF6n"),
                     "Gr\xC3\xBC\xC3\x9F Gott, sch\xC3\xB6n");
    cr_expect_str_eq(page.charset.used, "windows-1252");
    cr_expect_eq(page.charset.overridden, 1);
}

Test(html, a_utf8_page_wrongly_declared_latin1_stays_utf8)
{
    cr_expect_str_eq(
        body_of("<meta charset=\"iso-8859-1\">", "caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D"),
        "caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D");
    cr_expect_str_eq(page.charset.used, "utf-8");
    cr_expect_eq(page.charset.overridden, 1);
}

Test(html, a_utf8_page_without_declaration_is_utf8_and_a_stray_byte_does_not_change_that)
{
    cr_expect_str_eq(body_of("", "na\xC3\xAFve caf\xC3\xA9s and cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                                 "e, a \xE2\x80\x9Cquote\xE2\x80\x9D, \xE2\x82\xAC"
                                 "5 \xFF"),
                     "na\xC3\xAFve caf\xC3\xA9s and cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                     "e, a \xE2\x80\x9Cquote\xE2\x80\x9D, \xE2\x82\xAC"
                     "5 \xEF\xBF\xBD");
    cr_expect_str_eq(page.charset.used, "utf-8");
}

Test(html, another_declared_charset_is_decoded_with_iconv)
{
    /* ISO-8859-2: 0xB3 is l with stroke, 0xA3 L with stroke */
    cr_expect_str_eq(body_of("<meta charset=\"iso-8859-2\">", "\xA3\xF3\x64\xBC"),
                     "\xC5\x81\xC3\xB3\x64\xC5\xBA");
    cr_expect_str_eq(page.charset.used, "iso-8859-2");
}

Test(html, an_unknown_charset_falls_back_to_windows_1252)
{
    cr_expect_str_eq(body_of("<meta charset=\"x-no-such-thing\">", "caf\xE9"), "caf\xC3\xA9");
    cr_expect_str_eq(page.charset.used, "windows-1252");
    cr_expect_eq(page.charset.overridden, 1);
}

Test(html, byte_order_marks_decide_utf8_and_utf16)
{
    static const char u16[] = "\xFF\xFE<\0p\0>\0"
                              "c\0"
                              "a\0"
                              "f\0\xE9\0<\0/\0p\0>\0";
    struct rp__buf out = {0};
    struct rp__charset cs;

    cr_assert_eq(rp__charset_decode(u16, sizeof(u16) - 1, &out, &cs), RP_OK);
    cr_expect_str_eq(out.data, "<p>caf\xC3\xA9</p>");
    cr_expect_str_eq(cs.used, "utf-16le");
    rp__buf_reset(&out);
    cr_assert_eq(rp__charset_decode("\xEF\xBB\xBF<p>\xC3\xA9</p>", 13, &out, &cs), RP_OK);
    cr_expect_str_eq(out.data, "<p>\xC3\xA9</p>");
    rp__buf_release(&out);
}

Test(html, the_declaration_is_found_in_meta_tags_and_xml_declarations_not_in_comments)
{
    char label[RP__CHARSET_LABEL];
    static const char a[] = "<!-- <meta charset=\"koi8-r\"> --><META HTTP-EQUIV='content-type' "
                            "CONTENT='text/html;charset=\"Shift_JIS\"'>";
    static const char b[] = "<?xml version=\"1.0\" encoding='ISO-8859-15'?><html>";

    rp__charset_sniff(a, strlen(a), label, sizeof(label));
    cr_expect_str_eq(label, "shift_jis");
    rp__charset_sniff(b, strlen(b), label, sizeof(label));
    cr_expect_str_eq(label, "iso-8859-15");
    rp__charset_sniff("<html><body><meta charset=x>", 28, label, sizeof(label));
    cr_expect_str_eq(label, "");
}

/* ---- bad pages and the corpus --------------------------------------------------------- */

Test(html, binary_data_and_text_without_markup_are_not_web_pages)
{
    cr_expect_eq(extract_len("<html>\n\n\x89PNG\0\0\1", 14), RP_EFORMAT);
    cr_expect_str_eq(err.what, "binary data, not a web page");
    cr_expect_eq(err.at, 12);
    cr_expect_eq(extract("just some words, no markup at all"), RP_EFORMAT);
    cr_expect_str_eq(err.what, "no markup: not a web page");
}

static char dir[64];

static void put(const char *name, const char *data, size_t len, int gz)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (gz) {
        gzFile f = gzopen(path, "wb");
        cr_assert_not_null(f);
        gzwrite(f, data, (unsigned)len);
        gzclose(f);
    } else {
        FILE *f = fopen(path, "wb");
        cr_assert_not_null(f);
        fwrite(data, 1, len, f);
        fclose(f);
    }
}

static void remove_dir(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(html, a_folder_of_pages_reads_each_as_an_article_named_after_its_file)
{
    rp_corpus *c;
    const rp_article *a;

    snprintf(dir, sizeof(dir), "/tmp/rp_test_html_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    put("harbour.html", news_page, strlen(news_page), 0);
    put("empty.htm", "<html><body><a href=x>Home</a></body></html>", 44, 0);
    put("packed.html.gz", news_page, strlen(news_page), 1);
    put("picture.html", "GIF89a\0\1\2", 9, 0);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_expect_eq(rp_corpus_read(c, dir, RP_READ_SKIP_BAD, NULL, NULL), RP_OK);
    cr_assert_eq(rp_corpus_count(c), 3);
    cr_expect_eq(rp_corpus_skipped(c), 1);
    a = rp_corpus_get(c, 0);
    cr_expect_str_eq(a->id, "empty");
    cr_expect_eq(a->text_len, 0);
    a = rp_corpus_get(c, 1);
    cr_expect_str_eq(a->id, "harbour");
    cr_expect_str_eq(a->title, "Sea wall to rise by two metres");
    cr_expect_str_eq(a->source, "The Harbour Times");
    cr_expect_str_eq(a->url, "https://harbour.example/news/sea-wall");
    cr_expect(strncmp(a->text, PROSE1, strlen(PROSE1)) == 0);
    cr_expect_eq(a->title_start, 0);
    cr_expect_eq(a->title_end, 0);
    cr_expect_str_eq(rp_corpus_get(c, 2)->id, "packed");
    cr_expect_eq(rp_corpus_get(c, 2)->text_len, a->text_len);
    cr_assert_eq(rp_corpus_warning_count(c), 1);
    cr_expect(strstr(rp_corpus_warning(c, 0), "empty.htm:1: no main text found") != NULL, "%s",
              rp_corpus_warning(c, 0));
    cr_expect_null(rp_corpus_warning(c, 1));
    rp_corpus_free(c);
    remove_dir();
}

Test(html, a_bad_page_stops_the_read_with_file_and_line)
{
    rp_corpus *c;
    char path[128];

    snprintf(dir, sizeof(dir), "/tmp/rp_test_html_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    put("bad.html", "<html>\n<body>\n\0\0", 16, 0);
    snprintf(path, sizeof(path), "%s/bad.html", dir);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_expect_eq(rp_corpus_read(c, path, 0, NULL, NULL), RP_EFORMAT);
    cr_expect(strstr(rp_corpus_errmsg(c), "bad.html:3: binary data, not a web page (byte 14)") !=
                  NULL,
              "%s", rp_corpus_errmsg(c));
    rp_corpus_free(c);
    remove_dir();
}
