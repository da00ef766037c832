/* io.h: the corpus container and the readers that fill it (txt, JSON Lines, directories;
 * web pages are in html.h).
 * Every reader reports a bad record through rp__corpus_bad(), which either stops the read
 * with the message on the corpus or, under RP_READ_SKIP_BAD, reports it and counts it. */
#ifndef RP_IO_H
#define RP_IO_H

#include <stddef.h>
#include <stdint.h>

#include "reprint.h"
#include "../base/alloc.h"

struct rp_corpus {
    rp_article *items; /* articles in reading order; every string owned */
    size_t count, cap;
    uint32_t *slots;   /* open-addressing table of item index + 1 by id hash; 0 = free */
    size_t slot_count; /* a power of two, at least twice count */
    char **origins;    /* interned origin names, owned */
    size_t origin_count, origin_cap;
    size_t skipped;        /* bad records skipped */
    size_t ignored;        /* directory entries that are not articles */
    struct rp__buf errmsg; /* last failure */

    struct rp__buf warnings; /* warnings, each NUL-terminated, back to back */
    size_t *warning_offsets; /* where each starts in warnings */
    size_t warning_count, warning_cap;
};

/* Reports a bad record at origin:line. Under RP_READ_SKIP_BAD calls report and returns RP_OK;
 * otherwise stores the message and returns rc. */
int rp__corpus_bad(rp_corpus *c, unsigned flags, rp_report_fn *report, void *user, int rc,
                   const char *origin, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

/* Records a warning "origin:line: what" about an article that was read. RP_ENOMEM. */
int rp__corpus_warn(rp_corpus *c, const char *origin, uint64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Adds an article whose strings it copies; RP_EFORMAT (with the message set) for a
 * duplicate id. */
int rp__corpus_put(rp_corpus *c, const rp_article *a);

/* Sets the corpus message. Returns rc. */
int rp__corpus_fail(rp_corpus *c, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What the txt reader makes of a file's bytes. */
struct rp__txt_info {
    int binary;                    /* 1: not a text file */
    size_t binary_at;              /* the offset that shows it */
    size_t title_start, title_end; /* title line, trimmed; equal when there is none */
};

/* Looks at a text file's bytes: binary or not, and which line is its title. */
void rp__txt_inspect(const char *data, size_t len, struct rp__txt_info *info);

/* Reads a whole file (gzip-compressed or not) into *data (free with rp__free); fails with
 * RP_EIO or RP_ELIMIT, and a message naming the file in *why (a static string). */
int rp__read_file(const char *path, size_t limit, char **data, size_t *len, const char **why);

/* The id of a file: its base name up to the extension, and a ".gz" after it ("a.txt" and
 * "a.html.gz" are both "a"); *id points into path. Returns the id's length. */
size_t rp__file_id(const char *path, const char **id);

/* Reads one .txt article from its bytes; takes ownership of nothing. */
int rp__txt_read(rp_corpus *c, const char *path, const char *data, size_t len, unsigned flags,
                 rp_report_fn *report, void *user);

/* Reads JSON Lines from a file (gzip-compressed or not) or, for "-", standard input, a
 * line at a time, so that the input may be larger than memory allows for twice. */
int rp__jsonl_read_file(rp_corpus *c, const char *path, unsigned flags, rp_report_fn *report,
                        void *user);

/* Calls fn for every line of a file (gzip-compressed or not; "-" is standard input, named
 * "<stdin>"), without its newline, a chunk at a time; a byte-order mark at the start is
 * skipped. A line longer than RP_MAX_LINE_LEN is not kept: fn gets too_long = 1 and no
 * text. Stops at the first negative result of fn and returns it; RP_EIO when the file
 * cannot be opened or read, with a message naming it in err. */
typedef int rp__line_fn(void *ctx, const char *name, uint64_t lineno, const char *line, size_t len,
                        int too_long);
int rp__lines_read(const char *path, rp__line_fn *fn, void *ctx, char *err, size_t err_cap);

#endif
