/* cli.h: what the subcommands of reprint(1) share: error reporting in git's style, memory
 * that dies on exhaustion, reading the inputs, and JSON output. Front ends see <reprint.h>
 * only. */
#ifndef RP_CLI_H
#define RP_CLI_H

#include <stdio.h>
#include <stddef.h>

#include "reprint.h"

/* Exit status (reprint(1)). */
enum { EXIT_OK = 0, EXIT_NOTHING = 1, EXIT_USAGE = 2, EXIT_RUNTIME = 3 };

enum out_format { FORMAT_TEXT, FORMAT_JSONL };

void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "reprint: ..." and exits with EXIT_RUNTIME. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);

/* Options every subcommand that reads articles understands. */
struct input_opts {
    int skip_bad; /* --skip-bad */
    int quiet;    /* --quiet: no report of skipped records on standard error */
};

/* Reads every path into a new corpus; on a bad record without --skip-bad prints it and
 * exits with EXIT_RUNTIME. With --skip-bad reports each and, at the end, their count. */
rp_corpus *read_inputs(char **paths, int count, const struct input_opts *o);

/* Parses a --format value; exits with EXIT_USAGE on anything else. */
enum out_format parse_format(const char *cmd, const char *value);

/* Opens --output, or returns stdout for NULL or "-". */
FILE *open_output(const char *path);
void close_output(FILE *f, const char *path);

/* JSON output: a string with escapes, invalid UTF-8 written as U+FFFD. */
void json_str(FILE *f, const char *s, size_t len);
void json_cstr(FILE *f, const char *s); /* NULL prints null */
void json_time(FILE *f, int64_t t, int has_time);

/* Prints "usage: ..." plus a hint to stderr and exits with EXIT_USAGE. */
void usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Records (records.c). */
void print_article_jsonl(FILE *f, const rp_article *a, const rp_article_info *in);
void print_relation_jsonl(FILE *f, const rp_corpus *c, const rp_relation *r);
void print_story_jsonl(FILE *f, const rp_corpus *c, const rp_story *st);
void print_relation_text(FILE *f, const rp_corpus *c, const rp_relation *r);

/* Parses a count option ("--threads 4"); exits with EXIT_USAGE when it is not one. */
unsigned parse_count(const char *cmd, const char *opt, const char *value, unsigned min,
                     unsigned max);

/* Writes an input article back as a JSON Lines record with all its fields. */
void print_source_jsonl(FILE *f, const rp_article *a);

int cmd_scan(int argc, char **argv);
int cmd_dedup(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_extract(int argc, char **argv);

#endif
