/* reprint.h: public interface of libreprint, an engine that finds the stories, duplicates,
 * copied and quoted passages, rewrites and provenance in a collection of news articles.
 *
 * Everything not declared here is private and may change in any release. The comments of
 * this file are the library's manual. Conventions:
 *   - fallible functions return int: RP_OK (0) or a negative RP_E* code; details are on the
 *     handle (rp_corpus_errmsg() and friends), never in a global;
 *   - inputs are borrowed for the duration of the call;
 *   - an object made by rp_X_new() is freed by rp_X_free(), and _free(NULL) is a no-op;
 *   - byte offsets are [start, end) into an article's original text. */
#ifndef RP_H
#define RP_H

#include <stddef.h>
#include <stdint.h>

#define RP_VERSION "0.1.0"

/* Result codes: 0 is success, errors are negative. */
enum {
    RP_OK = 0,
    RP_ENOMEM = -1,   /* an allocation failed */
    RP_EINVAL = -2,   /* bad argument: a bug in the caller */
    RP_EIO = -3,      /* a read or write failed; see the handle's errmsg */
    RP_ECORRUPT = -4, /* an index is damaged or of another format */
    RP_EFORMAT = -5,  /* an input record is malformed; see the handle's errmsg */
    RP_ELIMIT = -6,   /* an input exceeds a documented limit */
};

/* Static name of a result code; never NULL. */
const char *rp_strerror(int rc);

/* Frees memory that the library allocated and documented as "free with rp_free()". */
void rp_free(void *p);

/* Replaces the library's allocator as a set (all three functions, or NULL for the C
 * library's). Call it before any other function of the library. */
typedef struct rp_allocator {
    void *(*malloc_fn)(void *user, size_t size);
    void *(*realloc_fn)(void *user, void *p, size_t size);
    void (*free_fn)(void *user, void *p);
    void *user;
} rp_allocator;
void rp_set_allocator(const rp_allocator *a);

/* Limits. An article longer than RP_MAX_ARTICLE_LEN bytes, or a JSON Lines line longer than
 * RP_MAX_LINE_LEN, is a bad record (RP_ELIMIT). Offsets are kept in 32 bits internally. */
#define RP_MAX_ARTICLE_LEN ((size_t)256 << 20)
#define RP_MAX_LINE_LEN ((size_t)512 << 20)
#define RP_MAX_ID_LEN 1024

/* ------------------------------------------------------------------------------------------
 * Articles and corpora
 * ---------------------------------------------------------------------------------------- */

#define RP_TIME_NONE INT64_MIN /* rp_article.published when the time is unknown */

typedef struct rp_article {
    const char *id;       /* unique within a corpus; never NULL */
    const char *title;    /* NUL-terminated, or NULL when there is none */
    const char *source;   /* outlet name, or NULL */
    const char *url;      /* or NULL */
    int64_t published;    /* seconds since 1970-01-01 UTC, or RP_TIME_NONE */
    int published_has_time; /* 0: only the date was given (published is its midnight UTC) */
    const char *text;     /* the article text, NUL-terminated; invalid UTF-8 kept as it is */
    size_t text_len;      /* bytes of text, without the terminating NUL */
    size_t title_start;   /* span of the title line inside text, when the title came from the */
    size_t title_end;     /* text itself (txt files); both 0 otherwise */
    const char *origin;   /* the file it was read from ("-" for standard input) */
    uint64_t origin_line; /* its line in that file (1 for a whole-file article) */
} rp_article;

typedef struct rp_corpus rp_corpus; /* opaque: owns its articles */

/* Makes an empty corpus. */
int rp_corpus_new(rp_corpus **out);
void rp_corpus_free(rp_corpus *c);

/* Called once for every bad record skipped under RP_READ_SKIP_BAD, with a message of the
 * form "FILE:LINE: what is wrong". */
typedef void rp_report_fn(void *user, const char *message);

enum rp_read_flags {
    RP_READ_SKIP_BAD = 1u << 0, /* report bad records and go on, instead of stopping */
};

/* Reads articles from 'path' into the corpus:
 *   - "-": JSON Lines from standard input;
 *   - a directory: every .txt, .jsonl/.ndjson, .html/.htm (optionally .gz) file beneath it,
 *     recursively, in byte order of the path names; hidden files and other files are passed
 *     over (their count is in rp_corpus_ignored());
 *   - a file: by its extension as above; any other extension is read as a .txt article.
 * A .txt file is one article: its id is the file name without the extension, its title the
 * first line when that reads as a headline. A JSON Lines record needs "id" and "text"; it may
 * have "title", "source", "url", "published" (ISO 8601) and other fields, which are ignored.
 *
 * A bad record (invalid JSON, missing id or text, duplicate id, unreadable or binary file, a
 * limit exceeded) fails the call with RP_EFORMAT or RP_ELIMIT and a message "FILE:LINE: what"
 * in rp_corpus_errmsg(); the articles read before it stay in the corpus. With
 * RP_READ_SKIP_BAD, each bad record goes to 'report' (which may be NULL) and is counted in
 * rp_corpus_skipped(), and reading goes on. RP_EIO: 'path' itself cannot be opened. */
int rp_corpus_read(rp_corpus *c, const char *path, unsigned flags, rp_report_fn *report,
                   void *user);

/* Reads JSON Lines from a buffer, as if it were a file named 'name'. */
int rp_corpus_read_jsonl(rp_corpus *c, const char *name, const char *data, size_t len,
                         unsigned flags, rp_report_fn *report, void *user);

/* Adds a copy of 'a' (id and text required; origin may be NULL). RP_EFORMAT for a duplicate
 * id or a missing field, RP_ELIMIT for an over-long text. */
int rp_corpus_add(rp_corpus *c, const rp_article *a);

size_t rp_corpus_count(const rp_corpus *c);
/* The i-th article in reading order; borrowed from c until it is freed. */
const rp_article *rp_corpus_get(const rp_corpus *c, size_t i);
size_t rp_corpus_skipped(const rp_corpus *c); /* bad records skipped so far */
size_t rp_corpus_ignored(const rp_corpus *c); /* files in directories that are not articles */
const char *rp_corpus_errmsg(const rp_corpus *c); /* last failure; "" when none */

/* Parses an ISO 8601 date or date-time ("2023-09-22", "2023-09-22T10:05:00Z",
 * "2023-09-22 10:05:00+02:00", with optional fractional seconds; no zone means UTC) into
 * seconds since the epoch. *has_time is 0 for a date alone. RP_EFORMAT if it is not one. */
int rp_time_parse(const char *s, size_t len, int64_t *out, int *has_time);

/* Formats t as "YYYY-MM-DDTHH:MM:SSZ" (or "YYYY-MM-DD" when !has_time) into buf, which needs
 * at least 32 bytes. Returns buf. */
char *rp_time_format(int64_t t, int has_time, char *buf, size_t cap);

/* ------------------------------------------------------------------------------------------
 * Text
 * ---------------------------------------------------------------------------------------- */

/* Normalises text for matching: invalid UTF-8 becomes U+FFFD, then Unicode NFKC with case
 * folding, curly quotes and apostrophes become ' and ", every dash becomes '-'. On success
 * *out is a NUL-terminated string to free with rp_free() and *out_len its length. The result
 * is stable: normalising it again gives the same bytes. */
int rp_normalize(const char *text, size_t len, char **out, size_t *out_len);

/* What the tokenizer found in one text. */
typedef struct rp_text_stats {
    size_t word_count;      /* words: letters and digits; "120,000" one, "Nagorno-Karabakh" two */
    size_t sentence_count;  /* sentences */
    size_t paragraph_count; /* paragraphs: blank-line blocks, or lines */
    size_t invalid_utf8;    /* invalid UTF-8 sequences, each read as U+FFFD */
} rp_text_stats;

typedef struct rp_token {
    size_t start, end; /* byte span in the text */
} rp_token;

typedef struct rp_text rp_text; /* opaque: one analysed text, reusable */

int rp_text_new(rp_text **out);
void rp_text_free(rp_text *t);
/* Splits 'text' into words, sentences and paragraphs; 'text' must outlive the results.
 * RP_ELIMIT when len exceeds RP_MAX_ARTICLE_LEN. */
int rp_text_analyze(rp_text *t, const char *text, size_t len);
void rp_text_stats_get(const rp_text *t, rp_text_stats *out);
/* The i-th word, sentence or paragraph span; i must be below the matching count. */
rp_token rp_text_word(const rp_text *t, size_t i);
rp_token rp_text_sentence(const rp_text *t, size_t i);
rp_token rp_text_paragraph(const rp_text *t, size_t i);
/* The normalised form of the i-th word (not NUL-terminated); borrowed from t. */
const char *rp_text_word_norm(const rp_text *t, size_t i, size_t *len);

#endif
