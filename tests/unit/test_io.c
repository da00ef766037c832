/* test_io.c: the readers: .txt files and their titles, JSON Lines, directories, bad records. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reprint.h"
#include "../../lib/io/io.h"
#include "../../lib/text/credit.h"

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof(dir), "/tmp/rp_test_io_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void put(const char *name, const char *data, size_t len)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite(data, 1, len, f);
    fclose(f);
}

static void remove_dir(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static const char *title_of(const char *text)
{
    static char buf[512];
    struct rp__txt_info info;

    rp__txt_inspect(text, strlen(text), &info);
    if (info.title_end == info.title_start)
        return "(none)";
    snprintf(buf, sizeof(buf), "%.*s", (int)(info.title_end - info.title_start),
             text + info.title_start);
    return buf;
}

Test(txt, the_first_headline_like_line_is_the_title)
{
    cr_expect_str_eq(title_of("Quake hits coast\nA strong earthquake struck.\n"),
                     "Quake hits coast");
    cr_expect_str_eq(title_of("\n\n  Rain ends drought  \nBody.\n"), "Rain ends drought");
}

Test(txt, bylines_agency_lines_and_dates_are_not_titles)
{
    cr_expect_str_eq(title_of("AP and Reuters\n\nQuake hits coast\nBody.\n"), "Quake hits coast");
    cr_expect_str_eq(title_of("By Jane Doe\nQuake hits coast\nBody.\n"), "Quake hits coast");
    cr_expect_str_eq(title_of("September 22, 2023\nQuake hits coast\nBody.\n"), "Quake hits coast");
    cr_expect_str_eq(title_of("Reuters\n"), "(none)");
}

Test(txt, a_first_line_that_reads_as_a_sentence_is_no_title)
{
    cr_expect_str_eq(title_of("The talks ended on Friday without a deal, officials said.\n"
                              "More text.\n"),
                     "(none)");
    cr_expect_str_eq(title_of(""), "(none)");
}

Test(txt, a_directory_is_read_recursively_in_byte_order)
{
    rp_corpus *c;

    make_dir();
    put("b.txt", "Second story here\nText.\n", 24);
    put("a.txt", "First story here\nText.\n", 23);
    put("notes.md", "# not an article\n", 17);
    {
        char sub[128];
        snprintf(sub, sizeof(sub), "%s/sub", dir);
        cr_assert_eq(mkdir(sub, 0700), 0);
    }
    put("sub/c.txt", "Third\n", 6);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_assert_eq(rp_corpus_read(c, dir, 0, NULL, NULL), RP_OK);
    cr_assert_eq(rp_corpus_count(c), 3);
    cr_expect_str_eq(rp_corpus_get(c, 0)->id, "a");
    cr_expect_str_eq(rp_corpus_get(c, 0)->title, "First story here");
    cr_expect_str_eq(rp_corpus_get(c, 1)->id, "b");
    cr_expect_str_eq(rp_corpus_get(c, 2)->id, "c");
    cr_expect_null(rp_corpus_get(c, 2)->title); /* one word is no headline */
    cr_expect_eq(rp_corpus_ignored(c), 1);
    rp_corpus_free(c);
    remove_dir();
}

Test(txt, a_binary_file_is_a_bad_record_naming_the_file)
{
    rp_corpus *c;
    char path[128];

    make_dir();
    put("x.txt", "GIF89a\0\0\1\2", 10);
    snprintf(path, sizeof(path), "%s/x.txt", dir);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_expect_eq(rp_corpus_read(c, path, 0, NULL, NULL), RP_EFORMAT);
    cr_expect(strstr(rp_corpus_errmsg(c), "x.txt:1: not a text file") != NULL, "%s",
              rp_corpus_errmsg(c));
    rp_corpus_free(c);
    remove_dir();
}

Test(txt, an_empty_file_is_an_article_without_words)
{
    rp_corpus *c;

    make_dir();
    put("empty.txt", "", 0);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_expect_eq(rp_corpus_read(c, dir, 0, NULL, NULL), RP_OK);
    cr_assert_eq(rp_corpus_count(c), 1);
    cr_expect_eq(rp_corpus_get(c, 0)->text_len, 0);
    cr_expect_null(rp_corpus_get(c, 0)->title);
    rp_corpus_free(c);
    remove_dir();
}

static int reports;
static char last_report[512];

static void on_report(void *user, const char *msg)
{
    (void)user;
    reports++;
    snprintf(last_report, sizeof(last_report), "%s", msg);
}

static const char jsonl[] =
    "{\"id\":\"a\",\"text\":\"One.\",\"title\":\"T\",\"published\":\"2023-09-22T10:00:00+02:00\"}\n"
    "\n"
    "{\"id\":7,\"text\":\"Two.\",\"extra\":[1,2]}\n"
    "{\"id\":\"b\"\n"
    "{\"text\":\"no id\"}\n"
    "{\"id\":\"a\",\"text\":\"again\"}\n"
    "[1,2]\n"
    "{\"id\":\"c\",\"text\":\"Three.\",\"published\":\"yesterday\"}\n"
    "{\"id\":\"d\",\"text\":\"Four.\",\"source\":null}";

Test(jsonl, good_records_are_read_and_optional_fields_parsed)
{
    rp_corpus *c;
    const rp_article *a;

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    reports = 0;
    cr_assert_eq(rp_corpus_read_jsonl(c, "in.jsonl", jsonl, strlen(jsonl), RP_READ_SKIP_BAD,
                                      on_report, NULL),
                 RP_OK);
    cr_assert_eq(rp_corpus_count(c), 3);
    a = rp_corpus_get(c, 0);
    cr_expect_str_eq(a->id, "a");
    cr_expect_str_eq(a->title, "T");
    cr_expect_eq(a->published, 1695369600); /* 2023-09-22T08:00:00Z */
    cr_expect_eq(a->published_has_time, 1);
    cr_expect_eq(a->origin_line, 1);
    cr_expect_str_eq(rp_corpus_get(c, 1)->id, "7");
    cr_expect_eq(rp_corpus_get(c, 1)->origin_line, 3);
    cr_expect_str_eq(rp_corpus_get(c, 2)->id, "d");
    cr_expect_eq(rp_corpus_skipped(c), 5);
    cr_expect_eq(reports, 5);
    rp_corpus_free(c);
}

Test(jsonl, the_first_bad_record_stops_the_read_with_file_and_line)
{
    rp_corpus *c;

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_expect_eq(rp_corpus_read_jsonl(c, "in.jsonl", jsonl, strlen(jsonl), 0, NULL, NULL),
                 RP_EFORMAT);
    cr_expect(strncmp(rp_corpus_errmsg(c), "in.jsonl:4: invalid JSON", 24) == 0, "%s",
              rp_corpus_errmsg(c));
    cr_expect_eq(rp_corpus_count(c), 2);
    rp_corpus_free(c);
}

Test(jsonl, each_kind_of_bad_record_says_what_is_wrong)
{
    static const struct {
        const char *line, *msg;
    } cases[] = {
        {"{\"text\":\"x\"}", "in.jsonl:1: id: missing"},
        {"{\"id\":\"x\"}", "in.jsonl:1: text: missing"},
        {"{\"id\":\"\",\"text\":\"x\"}", "in.jsonl:1: id: must be"},
        {"{\"id\":\"x\",\"text\":5}", "in.jsonl:1: text: must be a string"},
        {"{\"id\":\"x\",\"text\":\"y\",\"published\":\"22/09/2023\"}",
         "in.jsonl:1: published: not an ISO 8601"},
        {"\"just a string\"", "in.jsonl:1: not a JSON object"},
        {"{\"id\":\"x\",\"text\":\"\xff\"}", "in.jsonl:1: invalid JSON"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rp_corpus *c;
        cr_assert_eq(rp_corpus_new(&c), RP_OK);
        cr_expect_neq(rp_corpus_read_jsonl(c, "in.jsonl", cases[i].line, strlen(cases[i].line), 0,
                                           NULL, NULL),
                      RP_OK);
        cr_expect(strncmp(rp_corpus_errmsg(c), cases[i].msg, strlen(cases[i].msg)) == 0,
                  "case %zu: '%s'", i, rp_corpus_errmsg(c));
        rp_corpus_free(c);
    }
}

Test(jsonl, a_duplicate_id_names_where_it_was_first_seen)
{
    rp_corpus *c;
    const char *in = "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"y\"}\n";

    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_expect_eq(rp_corpus_read_jsonl(c, "d.jsonl", in, strlen(in), 0, NULL, NULL), RP_EFORMAT);
    cr_expect_str_eq(rp_corpus_errmsg(c), "d.jsonl:2: duplicate id 'a' (first seen at d.jsonl:1)");
    rp_corpus_free(c);
}

Test(jsonl, a_gzip_file_reads_like_a_plain_one)
{
    rp_corpus *c;
    char path[128], cmd[256];

    make_dir();
    put("a.jsonl", jsonl, strlen(jsonl));
    snprintf(cmd, sizeof(cmd), "gzip '%s/a.jsonl'", dir);
    cr_assert_eq(system(cmd), 0);
    snprintf(path, sizeof(path), "%s/a.jsonl.gz", dir);
    cr_assert_eq(rp_corpus_new(&c), RP_OK);
    cr_expect_eq(rp_corpus_read(c, path, RP_READ_SKIP_BAD, NULL, NULL), RP_OK);
    cr_expect_eq(rp_corpus_count(c), 3);
    rp_corpus_free(c);
    remove_dir();
}

Test(time, iso_8601_forms_parse_to_epoch_seconds)
{
    int64_t t;
    int has;

    cr_expect_eq(rp_time_parse("2023-09-22", 10, &t, &has), RP_OK);
    cr_expect_eq(t, 1695340800);
    cr_expect_eq(has, 0);
    cr_expect_eq(rp_time_parse("2023-09-22T10:05:30Z", 20, &t, &has), RP_OK);
    cr_expect_eq(t, 1695340800 + 36330);
    cr_expect_eq(rp_time_parse("2023-09-22 10:05:30.123-05:00", 29, &t, &has), RP_OK);
    cr_expect_eq(t, 1695340800 + 36330 + 5 * 3600);
    cr_expect_eq(rp_time_parse("2024-02-29T00:00", 16, &t, &has), RP_OK);
    cr_expect_eq(rp_time_parse("2023-02-29", 10, &t, &has), RP_EFORMAT);
    cr_expect_eq(rp_time_parse("2023-9-22", 9, &t, &has), RP_EFORMAT);
    cr_expect_eq(rp_time_parse("", 0, &t, &has), RP_EFORMAT);
}

Test(time, formatting_inverts_parsing)
{
    char buf[48];

    cr_expect_str_eq(rp_time_format(1695340800 + 36330, 1, buf, sizeof(buf)),
                     "2023-09-22T10:05:30Z");
    cr_expect_str_eq(rp_time_format(-86400, 0, buf, sizeof(buf)), "1969-12-31");
}
