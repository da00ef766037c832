/* common.c: helpers shared by the subcommands. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/base/banned.h"

void warn(const char *fmt, ...)
{
    va_list ap;

    fputs("reprint: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void die(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("reprint: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(EXIT_RUNTIME);
}

void usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "reprint %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\ntry 'reprint %s --help'\n", cmd);
    exit(EXIT_USAGE);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (p == NULL)
        die("out of memory (%zu bytes)", n);
    return p;
}

void *xcalloc(size_t count, size_t n)
{
    void *p = calloc(count ? count : 1, n ? n : 1);

    if (p == NULL)
        die("out of memory");
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (p == NULL)
        die("out of memory (%zu bytes)", n);
    return p;
}

static void report_skipped(void *user, const char *msg)
{
    const int *quiet = user;

    if (!*quiet)
        fprintf(stderr, "reprint: skipped %s\n", msg);
}

rp_corpus *read_inputs(char **paths, int count, const struct input_opts *o)
{
    rp_corpus *c;
    const unsigned flags = o->skip_bad ? RP_READ_SKIP_BAD : 0;
    int quiet = o->quiet;
    int rc;

    if (rp_corpus_new(&c) < 0)
        die("out of memory");
    for (int i = 0; i < count; i++) {
        rc = rp_corpus_read(c, paths[i], flags, report_skipped, &quiet);
        if (rc < 0) {
            const char *msg = rp_corpus_errmsg(c);
            die("%s", msg[0] ? msg : rp_strerror(rc));
        }
    }
    for (size_t i = 0; !o->quiet && i < rp_corpus_warning_count(c); i++)
        warn("warning: %s", rp_corpus_warning(c, i));
    if (o->skip_bad && rp_corpus_skipped(c) > 0)
        warn("%zu bad record%s skipped, %zu article%s read", rp_corpus_skipped(c),
             rp_corpus_skipped(c) == 1 ? "" : "s", rp_corpus_count(c),
             rp_corpus_count(c) == 1 ? "" : "s");
    return c;
}

enum out_format parse_format(const char *cmd, const char *value)
{
    if (strcmp(value, "text") == 0)
        return FORMAT_TEXT;
    if (strcmp(value, "jsonl") == 0 || strcmp(value, "json") == 0)
        return FORMAT_JSONL;
    usage_error(cmd, "unknown format '%s' (text or jsonl)", value);
}

FILE *open_output(const char *path)
{
    FILE *f;

    if (path == NULL || strcmp(path, "-") == 0)
        return stdout;
    f = fopen(path, "w");
    if (f == NULL)
        die("cannot open '%s': %s", path, strerror(errno));
    return f;
}

void close_output(FILE *f, const char *path)
{
    const int failed = ferror(f) | (f == stdout ? fflush(f) : fclose(f));

    if (failed)
        die("cannot write '%s': %s", path ? path : "standard output", strerror(errno));
}

size_t utf8_len(const unsigned char *s, size_t len)
{
    size_t n;
    unsigned min;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        min = 0x80;
        cp = s[0] & 0x1Fu;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        min = 0x800;
        cp = s[0] & 0x0Fu;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        min = 0x10000;
        cp = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* Writes s as a JSON string; with 'script' set also escapes '<', '>', '&', U+2028 and U+2029,
 * so that the string can stand inside an HTML <script> element. */
static void json_escape(FILE *f, const char *s, size_t len, int script)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;

    putc('"', f);
    while (i < len) {
        const unsigned char c = u[i];
        size_t n;

        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80 &&
            !(script && (c == '<' || c == '>' || c == '&'))) {
            run++;
            i++;
            continue;
        }
        fwrite(s + i - run, 1, run, f);
        run = 0;
        switch (c) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (c < 0x80) { /* control characters, and '<', '>', '&' in a script */
                fprintf(f, "\\u%04x", c);
                break;
            }
            n = utf8_len(u + i, len - i);
            if (n == 0) {
                fputs("\xEF\xBF\xBD", f);
                n = 1;
            } else if (script && n == 3 && c == 0xE2 && u[i + 1] == 0x80 &&
                       (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)) {
                fprintf(f, "\\u%04x", 0x2000u + (u[i + 2] & 0x7Fu));
            } else {
                fwrite(s + i, 1, n, f);
            }
            i += n;
            continue;
        }
        i++;
    }
    fwrite(s + i - run, 1, run, f);
    putc('"', f);
}

void json_str(FILE *f, const char *s, size_t len)
{
    json_escape(f, s, len, 0);
}

void json_str_script(FILE *f, const char *s, size_t len)
{
    json_escape(f, s, len, 1);
}

void json_cstr(FILE *f, const char *s)
{
    if (s == NULL)
        fputs("null", f);
    else
        json_str(f, s, strlen(s));
}

void json_time(FILE *f, int64_t t, int has_time)
{
    char buf[48];

    if (t == RP_TIME_NONE)
        fputs("null", f);
    else
        fprintf(f, "\"%s\"", rp_time_format(t, has_time, buf, sizeof(buf)));
}

unsigned parse_count(const char *cmd, const char *opt, const char *value, unsigned min,
                     unsigned max)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || value[0] == '-' || v < min || v > max)
        usage_error(cmd, "%s wants a whole number from %u to %u, not '%s'", opt, min, max, value);
    return (unsigned)v;
}

void common_option(const char *cmd, int o, const char *arg, const char *usage,
                   struct common_args *a)
{
    switch (o) {
    case 'f':
        a->format = parse_format(cmd, arg);
        a->format_set = 1;
        break;
    case 'o':
        a->output = arg;
        break;
    case 'j':
        a->opt->thread_count = parse_count(cmd, "--threads", arg, 1, 256);
        break;
    case OPT_SKIP_BAD:
        a->in.skip_bad = 1;
        break;
    case 'q':
        a->in.quiet = 1;
        break;
    case 'h':
        fputs(usage, stdout);
        exit(EXIT_OK);
    default:
        fputs(usage, stderr);
        exit(EXIT_USAGE);
    }
}
