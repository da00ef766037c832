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
    const char *id;         /* unique within a corpus; never NULL */
    const char *title;      /* NUL-terminated, or NULL when there is none */
    const char *source;     /* outlet name, or NULL */
    const char *url;        /* or NULL */
    int64_t published;      /* seconds since 1970-01-01 UTC, or RP_TIME_NONE */
    int published_has_time; /* 0: only the date was given (published is its midnight UTC) */
    const char *text;       /* the article text, NUL-terminated; invalid UTF-8 kept as it is */
    size_t text_len;        /* bytes of text, without the terminating NUL */
    size_t title_start;     /* span of the title line inside text, when the title came from the */
    size_t title_end;       /* text itself (txt files); both 0 otherwise */
    const char *origin;     /* the file it was read from ("-" for standard input) */
    uint64_t origin_line;   /* its line in that file (1 for a whole-file article) */
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
 * first line when that reads as a headline. A web page (.html, .htm) is one article: its id
 * is the file name without the extensions, its text the page's main text (the article's
 * paragraphs, headings, lists and table rows, a blank line apart, without the title and the
 * page furniture), its title, source, url and published from the page's metadata; a page
 * without main text is an article with an empty text and a warning (rp_corpus_warning()).
 * A JSON Lines record needs "id" and "text"; it may have "title", "source", "url",
 * "published" (ISO 8601) and other fields, which are ignored.
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
size_t rp_corpus_skipped(const rp_corpus *c);     /* bad records skipped so far */
size_t rp_corpus_ignored(const rp_corpus *c);     /* files in directories that are not articles */
const char *rp_corpus_errmsg(const rp_corpus *c); /* last failure; "" when none */
/* Warnings about articles that were read with a caveat, "FILE:LINE: what", in reading
 * order: a web page without main text (its article has an empty text), a charset
 * declaration that did not fit the page's bytes, a page whose markup the parser gave up
 * on part of the way. rp_corpus_warning() is borrowed from c; NULL when i is too large. */
size_t rp_corpus_warning_count(const rp_corpus *c);
const char *rp_corpus_warning(const rp_corpus *c, size_t i);

/* Parses an ISO 8601 date or date-time ("2023-09-22", "2023-09-22T10:05:00Z",
 * "2023-09-22 10:05:00+02:00", with optional fractional seconds; no zone means UTC) into
 * seconds since the epoch. *has_time is 0 for a date alone. RP_EFORMAT if it is not one. */
int rp_time_parse(const char *s, size_t len, int64_t *out, int *has_time);

/* Formats t as "YYYY-MM-DDTHH:MM:SSZ" (or "YYYY-MM-DD" when !has_time) into buf, which needs
 * at least 32 bytes. Returns buf. */
char *rp_time_format(int64_t t, int has_time, char *buf, size_t cap);

/* Pairs of texts to compare (reprint compare --pairs): JSON Lines {"id":...,"a":TEXT,
 * "b":TEXT}, other fields ignored. Read like articles: bad records are reported as
 * "FILE:LINE: what is wrong" and stop the read unless RP_READ_SKIP_BAD. */
typedef struct rp_pair_text {
    const char *id;
    const char *a, *b; /* NUL-terminated */
    size_t a_len, b_len;
    uint64_t line; /* its line in the file */
} rp_pair_text;

typedef struct rp_pairs rp_pairs;
int rp_pairs_new(rp_pairs **out);
void rp_pairs_free(rp_pairs *p);
int rp_pairs_read(rp_pairs *p, const char *path, unsigned flags, rp_report_fn *report, void *user);
int rp_pairs_read_buf(rp_pairs *p, const char *name, const char *data, size_t len, unsigned flags,
                      rp_report_fn *report, void *user);
size_t rp_pairs_count(const rp_pairs *p);
const rp_pair_text *rp_pairs_get(const rp_pairs *p, size_t i);
size_t rp_pairs_skipped(const rp_pairs *p);
const char *rp_pairs_errmsg(const rp_pairs *p); /* "" when none */

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

/* ------------------------------------------------------------------------------------------
 * Scanning a corpus: duplicates, reused passages, rewrites, stories
 * ---------------------------------------------------------------------------------------- */

/* Settings of a scan; rp_options_default() fills in the defaults. Plain data. */
typedef struct rp_options {
    unsigned thread_count;      /* worker threads; 0 = one per core. Never changes results */
    uint64_t seed;              /* hash seed of every sketch */
    unsigned shingle_len;       /* words per shingle (near-duplicates) */
    unsigned perm_count;        /* MinHash values per signature */
    double dup_threshold;       /* near-duplicate: Jaccard (or containment) at least this */
    int dup_method;             /* RP_DUP_MINHASH or RP_DUP_SIMHASH */
    int dup_fast;               /* 1: trust the MinHash estimate, skip the exact Jaccard */
    unsigned min_passage_words; /* shortest reused passage reported */
    int64_t window;             /* story time window in seconds; 0 = none, -1 = default */
    unsigned detect;            /* enum rp_detect: which detectors run */
    double dup_containment;     /* near-duplicate by containment: the shorter text's share of
                                   shingles found in the longer, at least this */
    unsigned df_cap;            /* reuse: word n-grams in more articles than this are too
                                   common to make candidates */
} rp_options;

enum rp_dup_method { RP_DUP_MINHASH = 0, RP_DUP_SIMHASH = 1 };

enum rp_detect {
    RP_DETECT_DUPLICATES = 1u << 0,  /* exact and near-duplicate pairs */
    RP_DETECT_REUSE = 1u << 1,       /* copied and quoted passages */
    RP_DETECT_STORIES = 1u << 2,     /* stories, same-story relations, provenance */
    RP_DETECT_COUNTS = 1u << 4,      /* article counts (rp_article_info.stats, content_hash) */
    RP_DETECT_BOILERPLATE = 1u << 3, /* page furniture, flagged and kept out of the others */
    RP_DETECT_REWRITES = 1u << 5,    /* rewrites: sentences that follow another's in other words */
    RP_DETECT_ALL = 0xFFu,
};

void rp_options_default(rp_options *o);

/* Relation types, strongest first. A pair of articles has at most one relation, of its
 * strongest type; the evidence of weaker findings for the same pair is kept on it. */
enum rp_relation_type {
    RP_REL_EXACT = 0,          /* same text after normalisation */
    RP_REL_NEAR_DUPLICATE = 1, /* same article with small edits, or one wholly inside the other */
    RP_REL_COPY = 2,           /* substantial passages of one appear in the other */
    RP_REL_QUOTE = 3,          /* what they share is quotations */
    RP_REL_REWRITE = 4,        /* one follows the other sentence by sentence in other words */
    RP_REL_SAME_STORY = 5,     /* same event, independent text */
    RP_REL_TYPE_COUNT = 6
};

/* "exact", "near-duplicate", "copy", "quote", "rewrite", "same-story"; "?" otherwise. */
const char *rp_relation_type_name(int type);

/* A passage shared by two articles: byte spans in each original text. */
typedef struct rp_passage {
    size_t a_start, a_end; /* bytes [start, end) of article a's text */
    size_t b_start, b_end; /* bytes [start, end) of article b's text */
    uint32_t word_count;   /* words in the alignment (the longer side) */
    double identity;       /* share of aligned words that match, 0..1 */
    int quote;             /* 1: a quotation (inside quotation marks) in either article */
    const char *speaker;   /* the quoted speaker when a sentence names one, or NULL */
} rp_passage;

/* Two sentences that say the same in other words (rewrite evidence). */
typedef struct rp_sentence_pair {
    size_t a_start, a_end; /* the sentence in a */
    size_t b_start, b_end; /* the sentence in b */
    double similarity;     /* 0..1 */
} rp_sentence_pair;

typedef struct rp_relation {
    size_t a, b;                /* corpus indices; in a scan's results a's id sorts before b's */
    int type;                   /* enum rp_relation_type */
    double score;               /* strength of the relation, 0..1 */
    double a_share, b_share;    /* part of each text covered by the evidence, 0..1 */
    double jaccard;             /* exact Jaccard of the shingle sets, or -1 if not computed */
    double jaccard_estimate;    /* the sketch's estimate, or -1 */
    double containment;         /* share of the shorter text's shingles in the longer, or -1 */
    uint64_t content_hash;      /* exact duplicates: hash of the normalised text; else 0 */
    int direction;              /* 1: b reused a; -1: a reused b; 0: unknown */
    int direction_inferred;     /* 1: direction inferred without publication times */
    const rp_passage *passages; /* shared passages in a's text order */
    size_t passage_count;
    const rp_sentence_pair *sentences; /* aligned sentences (rewrite) */
    size_t sentence_count;
    const char *const *terms; /* shared terms and names (same-story), strongest first */
    size_t term_count;
    int by_containment; /* near-duplicate: by containment (its Jaccard is below the threshold) */
} rp_relation;

/* What an article is within its story. */
enum rp_role {
    RP_ROLE_ORIGINAL = 0,    /* the likely original */
    RP_ROLE_DUPLICATE = 1,   /* exact or near duplicate of an earlier article */
    RP_ROLE_COPY = 2,        /* copies passages of an earlier article */
    RP_ROLE_QUOTE = 3,       /* quotes an earlier article */
    RP_ROLE_REWRITE = 4,     /* rewrites an earlier article */
    RP_ROLE_INDEPENDENT = 5, /* its own report of the event */
};
const char *rp_role_name(int role); /* "original", "duplicate", "copy", ... */

typedef struct rp_story {
    const char *id;         /* stable: derived from the member ids */
    const char *title;      /* the title of its original or first article, or NULL */
    const size_t *articles; /* corpus indices, in time (or inferred) order */
    size_t article_count;
    size_t original;           /* corpus index of the likely original, or SIZE_MAX */
    int order_inferred;        /* 1: no publication times; order and original are inferred */
    const int *roles;          /* enum rp_role per article, parallel to articles */
    const double *novel_share; /* share of each article's text no earlier article had */
    const size_t *sources;     /* per article: the earlier article it took most from (corpus
                                  index), or SIZE_MAX for the original and independents */
} rp_story;

/* Article facts that a scan adds: counts and flagged boilerplate. */
typedef struct rp_article_info {
    rp_text_stats stats;
    const rp_token *boilerplate; /* flagged page furniture, byte spans in text order */
    size_t boilerplate_count;
    uint64_t content_hash; /* hash of the normalised words (exact duplicates), 0 for none */
} rp_article_info;         /* stats and content_hash are 0 without RP_DETECT_COUNTS */

/* A group of duplicates: the article kept and the others, each similar to the kept one
 * (never only to another member: groups do not chain). */
typedef struct rp_dup_group {
    size_t keep;           /* corpus index of the kept article: earliest published, then
                              longest, then smallest id */
    const size_t *members; /* corpus indices, the kept one first, then by id */
    size_t member_count;   /* at least 2 */
    int type;              /* RP_REL_EXACT when all are the same text, else
                              RP_REL_NEAR_DUPLICATE */
} rp_dup_group;

typedef struct rp_scan rp_scan; /* opaque: the results of scanning one corpus */

/* Scans corpus c (which must outlive the scan and not change) with options o (NULL for the
 * defaults). Results do not depend on thread count or on the order of articles other than
 * through their indices. RP_ENOMEM, RP_EINVAL; *out is NULL on failure. */
int rp_scan_run(const rp_corpus *c, const rp_options *o, rp_scan **out);
void rp_scan_free(rp_scan *s);
const char *rp_scan_errmsg(const rp_scan *s);

void rp_scan_article(const rp_scan *s, size_t i, rp_article_info *out);
size_t rp_scan_relation_count(const rp_scan *s);
/* Relations sorted by the ids of (a, b), so that they do not depend on the order of the
 * input; borrowed from s. */
const rp_relation *rp_scan_relation(const rp_scan *s, size_t i);
/* Work counters of a scan, for benchmarks and progress reports. */
enum rp_counter {
    RP_COUNT_DUP_CANDIDATES = 0,     /* candidate pairs of the duplicates detector */
    RP_COUNT_REUSE_CANDIDATES = 1,   /* pairs the reuse detector aligned */
    RP_COUNT_STORY_CANDIDATES = 2,   /* pairs whose term similarity the story detector measured */
    RP_COUNT_REWRITE_CANDIDATES = 3, /* pairs whose sentences the rewrite detector aligned */
    RP_COUNTER_COUNT = 4
};
uint64_t rp_scan_counter(const rp_scan *s, int which);

/* Groups of duplicates, sorted by the id of the kept article. Borrowed from s. */
size_t rp_scan_dup_group_count(const rp_scan *s);
const rp_dup_group *rp_scan_dup_group(const rp_scan *s, size_t i);
size_t rp_scan_story_count(const rp_scan *s);
/* Stories sorted by the smallest id among their articles; every article is in exactly one story (a
 * story may have one article). Borrowed from s. */
const rp_story *rp_scan_story(const rp_scan *s, size_t i);

/* ------------------------------------------------------------------------------------------
 * The persistent index: one SQLite file that articles are added to over time
 *
 * After every batch the index holds exactly the relations a scan of its current articles
 * finds (rp_scan_run, same settings); its stories are those of a scan whenever it is
 * settled, which it is after every batch while it holds at most 5,000 articles (see
 * doc/FORMAT.md, "What is guaranteed"). Stories keep their ids as they grow; a story that
 * merges into another leaves its id as an alias that still resolves. A batch is one
 * transaction: a process killed at any moment leaves the index as it was after the last
 * batch it reported. Readers (query, export, stats) work while another process adds.
 * ---------------------------------------------------------------------------------------- */

typedef struct rp_index rp_index; /* opaque: one open index file; use it from one thread */

enum rp_index_open_flags {
    RP_INDEX_READONLY = 1u << 0, /* read only: query, export, stats, check */
    RP_INDEX_CREATE = 1u << 1,   /* make the file when it is missing or empty */
};

/* Opens the index at path. A new index takes its settings from o (NULL for the defaults)
 * and keeps them in the file; an existing one keeps its own, and o gives only the thread
 * count. On failure *out is NULL and a message naming the file goes into errbuf (which may
 * be NULL): RP_ECORRUPT for a file that is not an index of this format (another SQLite
 * database, another kind of file, another schema version) or a damaged one; RP_EIO when it
 * cannot be opened; RP_EINVAL for settings an index cannot keep (SimHash). */
int rp_index_open(const char *path, unsigned flags, const rp_options *o, rp_index **out,
                  char *errbuf, size_t errcap);
void rp_index_close(rp_index *ix);               /* NULL is a no-op */
const char *rp_index_errmsg(const rp_index *ix); /* last failure; "" when none */
/* The settings the index was made with. */
void rp_index_options(const rp_index *ix, rp_options *out);

typedef struct rp_records rp_records; /* opaque: records read from an index */

enum rp_index_add_flags {
    RP_ADD_REJECT_CHANGED = 1u << 0, /* an id the index holds with another text or other
                                        fields fails the batch (RP_EFORMAT), instead of
                                        becoming a new version that supersedes the old one */
    RP_ADD_SETTLE = 1u << 1,         /* settle the stories after this batch, whatever the size */
    RP_ADD_NO_SETTLE = 1u << 2,      /* never settle after this batch */
};

/* What happened to an article given to rp_index_add() or rp_index_query(). */
enum rp_index_status {
    RP_STATUS_ADDED = 0,       /* new */
    RP_STATUS_UNCHANGED = 1,   /* the index holds it with the same text and fields: nothing done */
    RP_STATUS_NEW_VERSION = 2, /* it replaced an older version of the same id (kept, marked
                                  superseded; it takes no part in relations or stories) */
};

/* Adds articles [first, first + count) of c in one transaction (a batch). On success *out
 * (free with rp_records_free()) holds one article record per input article (with its
 * status), the relations of the added ones, and their stories. RP_EFORMAT: an id changed
 * under RP_ADD_REJECT_CHANGED (nothing of the batch is added); RP_EIO: the file cannot be
 * written, or another process holds it for too long; RP_ECORRUPT: it is damaged. */
int rp_index_add(rp_index *ix, const rp_corpus *c, size_t first, size_t count, unsigned flags,
                 rp_records **out);

/* What rp_index_add() would return for these articles with the same flags, without adding
 * them (a read transaction: it works on a read-only handle and while another process adds).
 * A query settles only with RP_ADD_SETTLE (settling runs the story detector over the whole
 * index); otherwise it places the articles as an unsettled batch would. */
int rp_index_query(rp_index *ix, const rp_corpus *c, size_t first, size_t count, unsigned flags,
                   rp_records **out);

/* Recomputes the stories from all current articles (see RP_ADD_SETTLE), in one batch. */
int rp_index_settle(rp_index *ix);

/* The story with this id, or the one it merged into (aliases are followed), with its
 * articles; RP_EFORMAT and a message when no story has that id. */
int rp_index_story(rp_index *ix, const char *story_id, rp_records **out);

typedef struct rp_index_stats {
    uint64_t articles;                   /* current articles (the latest version of each id) */
    uint64_t superseded;                 /* older versions kept */
    uint64_t relations;                  /* pairs of current articles with a relation */
    uint64_t by_type[RP_REL_TYPE_COUNT]; /* relations by type */
    uint64_t stories;                    /* stories, one article or more */
    uint64_t multi_stories;              /* stories of two articles or more */
    uint64_t largest_story;              /* articles in the largest story */
    uint64_t aliases;                    /* old story ids that resolve to a current story */
    uint64_t batches;                    /* batches added so far */
    uint64_t unsettled;                  /* articles added since the stories were last settled */
    uint64_t postings;                   /* rows of the n-gram postings */
    uint64_t posting_runs;               /* sorted runs that hold them (rp_index_optimize) */
    uint64_t bands;                      /* rows of the LSH bands */
    uint64_t file_bytes; /* size of the database file (without its write-ahead log) */
    int schema_version;
} rp_index_stats;

int rp_index_stats_get(rp_index *ix, rp_index_stats *out);

/* Merges the n-gram postings into one sorted run, in one transaction, so that a lookup of a
 * gram reads one block of the file at most (a batch's run merges only with others of its
 * size: at 1M articles there were 9 runs, and a query of one article read 3.6 times the
 * blocks). Takes minutes for a large index (a pass over all its postings: 2.5 minutes at 1M, 13
 * with format 5's blocks); readers go on meanwhile, another writer waits. *runs_before (which may
 * be NULL): the runs there were. Nothing else changes. */
int rp_index_optimize(rp_index *ix, size_t *runs_before);

/* Where this handle's time went: the wall-clock seconds it has spent in each step of its adds
 * and queries so far (the steps of lib/store/batch.c), for profiling. */
enum rp_index_step {
    RP_STEP_CLASSIFY,  /* reading what the index holds of the inputs' ids */
    RP_STEP_FURNITURE, /* page furniture of the batch */
    RP_STEP_FEATURES,  /* tokens, signatures and n-grams of the new articles */
    RP_STEP_CLASSES,   /* exact-duplicate classes and their representatives */
    RP_STEP_BUCKETS,   /* LSH buckets */
    RP_STEP_POSTINGS,  /* n-gram posting lists and reuse candidates */
    RP_STEP_RECHECKS,  /* old pairs whose candidacy changed */
    RP_STEP_VERIFY,    /* verifying the candidate pairs; beside it, writing the articles, bands
                          and postings (ARTICLES, RUN, BANDS and MERGE) */
    RP_STEP_WRITE,     /* writing the relations */
    RP_STEP_MERGE,     /* merging posting runs (within VERIFY) */
    RP_STEP_STORIES,   /* placing the articles in stories */
    RP_STEP_RECORDS,   /* the records returned */
    RP_STEP_COMMIT,    /* committing the transaction */
    RP_STEP_ARTICLES,  /* writing the new articles' rows and texts (within VERIFY) */
    RP_STEP_RUN,       /* writing the batch's postings as a run, merges apart (within VERIFY) */
    RP_STEP_BANDS,     /* writing and deleting LSH band rows (within VERIFY) */
    RP_STEP_COUNT
};
const char *rp_index_step_name(int step); /* "postings"...; NULL out of range */
void rp_index_step_seconds(const rp_index *ix, double out[RP_STEP_COUNT]);

enum rp_index_check_flags {
    RP_CHECK_DEEP = 1u << 0, /* also scan the current articles again and compare */
};
/* Checks the file (SQLite's integrity check) and the index's invariants: every current
 * article in exactly one story, relations and postings only of current articles, counts
 * that agree. With RP_CHECK_DEEP, compares the relations (and, when settled, the stories)
 * with a fresh scan of the current articles. RP_ECORRUPT with the first difference in
 * rp_index_errmsg(). */
int rp_index_check(rp_index *ix, unsigned flags);

/* Export: the whole index as records, a page at a time, from one snapshot (a read
 * transaction that lasts until rp_index_export_close). The pages come in the order of
 * `reprint scan --format jsonl`: every article (in the order they were added), then every
 * relation (by the ids of the pair), then every story (by its first article). */
typedef struct rp_index_export rp_index_export;
int rp_index_export_open(rp_index *ix, rp_index_export **out);
/* The next page into *out (free with rp_records_free), or NULL at the end. */
int rp_index_export_next(rp_index_export *e, rp_records **out);
void rp_index_export_close(rp_index_export *e);

/* Records: the articles they name (a corpus; an article that is only a story member or the
 * partner of an exported relation may carry no text: text_len 0), article records (with
 * their facts and, from add and query, their status), relations (corpus indices, a's id
 * before b's, sorted by ids) and stories (with the index's persistent ids). */
void rp_records_free(rp_records *r);
const rp_corpus *rp_records_corpus(const rp_records *r);
size_t rp_records_article_count(const rp_records *r);
/* The corpus index of article record i; its facts into *info and its status (enum
 * rp_index_status) into *status when not NULL. Borrowed from r. */
size_t rp_records_article(const rp_records *r, size_t i, rp_article_info *info, int *status);
size_t rp_records_relation_count(const rp_records *r);
const rp_relation *rp_records_relation(const rp_records *r, size_t i);
size_t rp_records_story_count(const rp_records *r);
const rp_story *rp_records_story(const rp_records *r, size_t i);

/* ------------------------------------------------------------------------------------------
 * Similarity of short texts (paraphrase)
 * ---------------------------------------------------------------------------------------- */

typedef struct rp_simil rp_simil; /* opaque: word weights from a reference collection */

/* The paraphrase decision threshold of rp_simil_score(): even odds of the logistic model fitted
 * on the MSRP training split (doc/ARCHITECTURE.md). */
#define RP_PARAPHRASE_THRESHOLD 0.50

int rp_simil_new(rp_simil **out);
void rp_simil_free(rp_simil *s);
/* Adds a text to the reference collection whose document frequencies weigh the words. */
int rp_simil_add(rp_simil *s, const char *text, size_t len);
/* Similarity of a and b in [0, 1]: the probability that they say the same thing, from lexical
 * features (stems, words, bigrams, character 4-grams, numbers, names, word order) weighed by
 * the reference collection; near 1 for the same words in the same order, 0 when either has
 * no words. Symmetric. Not thread-safe on one handle. */
int rp_simil_score(rp_simil *s, const char *a, size_t a_len, const char *b, size_t b_len,
                   double *score);

#endif
