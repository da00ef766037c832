/* batch.h: one batch of articles added to the index or queried against it (batch.c), and
 * what the stories (stories.c) and the records (result.c) read of it. A batch computes
 * every change in memory from the state of the file at its start and writes them at the
 * end (or, for a query, not at all). */
#ifndef RP_BATCH_H
#define RP_BATCH_H

#include "store.h"
#include "map.h"
#include "../text/docs.h"
#include "../text/tokenize.h"

/* What orders an article: the canonical order (rp__article_cmp) and the keep rule of
 * duplicates (rp__dups_better). */
enum art_state {
    ART_OLD = 0,     /* in the index before the batch, and after it */
    ART_NEW = 1,     /* added by the batch */
    ART_REMOVED = 2, /* superseded by a new version in the batch */
};

/* An article that takes part in a batch: new, superseded, or an old one loaded because a
 * candidate pair, a duplicate class or a story needs it. */
struct art {
    int64_t aid;
    int state;       /* enum art_state */
    int64_t version; /* 1, 2, ... */
    size_t input;    /* new: index in the input corpus */
    rp_article a;    /* its fields; strings owned */
    int has_text;    /* a.text holds the text (else "" and text_len the true length) */
    rp_token *spans; /* boilerplate spans, owned */
    size_t span_count;
    uint8_t *words; /* its words outside the spans (rp__codec_words_put), owned */
    size_t words_len;
    rp_text_stats stats;
    uint64_t content_hash; /* of all its words (0 for none) */
    uint64_t dup_content;  /* the duplicates detector's content hash (0: takes no part) */
    uint64_t record_hash;  /* identity of the record: text and fields */
    int has_features;      /* sig, bkeys and grams computed */
    int refurnished;       /* removed: its furniture changed, the row goes (not superseded);
                              new: that article again, with its new furniture in spans */
    int spans_set;         /* new: spans hold the furniture of a settling batch */
    uint32_t *sig;         /* MinHash values (perm_count), when dup_content != 0 */
    uint64_t *bkeys;       /* LSH band keys (bands), when dup_content != 0 */
    uint64_t *grams;       /* distinct candidate n-grams, sorted */
    size_t gram_count;
    size_t work; /* index in the batch's work corpus, or SIZE_MAX */
    int64_t sid; /* its story once the batch has placed it, or 0 */
};

/* The changes to one pair of articles (lo < hi aids). */
#define PHASES 3 /* parts of a relation: 1 duplicates, 2 reuse, 3 story-phase detectors */
struct change {
    int64_t lo, hi;
    unsigned dropped;          /* bit p-1: part p is deleted (or replaced) */
    rp_relation *part[PHASES]; /* new parts in id orientation (owned), or NULL */
    int flip[PHASES];          /* 1: the part's a is hi */
};

/* A list of aids (a posting list or an LSH bucket) as it is after the batch. */
struct list {
    int64_t *aids; /* buckets: in canonical order; postings: the first 'width' in canonical
                      order, the others after them */
    size_t count;
    size_t width; /* postings: how many leading ones pair with every later one */
};

struct batch {
    rp_index *ix;
    int write; /* 1: add (write at the end); 0: query, or an add that changes nothing */
    int query; /* 1: a query (its records tell what the index holds of unchanged articles) */
    unsigned flags;
    const rp_options *o;
    int64_t batch_seq;     /* this batch's number */
    int64_t next_aid;      /* first aid of the new articles */
    int64_t first_new_aid; /* next_aid at the start: the aids below are committed ones */
    int64_t current_before;
    struct art **arts; /* each allocated alone: pointers stay valid as the batch grows */
    size_t art_count, art_cap;
    struct rp__map by_aid; /* aid -> index in arts */
    struct rp__keys keys;  /* of the new aids (the handle keeps the others: keep_key) */
    size_t *input_art;     /* per input article: index in arts, or SIZE_MAX when unchanged */
    int *input_status;     /* per input article: enum rp_index_status */
    int64_t *input_aid;    /* per input article: its aid (the old one when unchanged) */
    size_t input_count;
    struct change *changes;
    size_t change_count, change_cap;
    struct rp__map change_of; /* pair key -> index in changes */
    /* the parts the file held at the batch's start with one article as lo, for has_part() */
    int64_t parts_lo; /* 0: none read */
    struct part_row {
        int64_t hi;
        int phase, type;
    } * parts;
    size_t part_count, part_cap;
    struct list *lists;
    size_t list_count, list_cap;
    /* the final posting lists of grams, as indices in lists (NO_INDEX: pairs nobody): of the
     * grams the batch touches, in gram order; and of others read later */
    uint64_t *touched_gram;
    size_t *touched_list;
    size_t touched_count, touched_cap, touched_list_cap;
    struct rp__map gram_list;
    struct rp__map bucket_list; /* band key -> index in lists (final buckets) */
    rp_corpus *work;            /* articles the verifications read, with their texts */
    size_t *work_art;           /* per work corpus article: index in arts */
    int settle;                 /* the stories are recomputed from scratch */
    struct placed *placed;      /* the stories as the batch leaves them (stories.c) */
    size_t placed_count, placed_cap;
    int64_t next_sid;
};

/* A story as a batch leaves it. */
struct placed {
    int64_t sid;
    char name[24];
    int64_t *aids; /* members in story order */
    int *roles;    /* enum rp_role per member */
    double *novel; /* novel share per member */
    size_t count;
    int64_t *sources; /* per member: aid of the earlier article it took most from, or 0 */
    int64_t original; /* aid, or 0 */
    char *title;      /* owned, or NULL */
    int order_inferred;
};

/* The article record of aid in the batch, loaded from the file when it is not there yet
 * (with its text when 'text'). */
int rp__batch_art(struct batch *b, int64_t aid, int text, size_t *index);
/* The words of arts[art] outside its furniture, as its analysis flags them, from its row
 * (rp__docs.core_words); RP_ECORRUPT when they do not fit its text. */
int rp__batch_words(const struct batch *b, size_t art, uint32_t **starts, size_t *n, size_t *cap,
                    size_t *boiler);
/* 1 in *fit when a's words are those an analysis of its text (held) gives. */
int rp__batch_words_fit(const struct art *a, int *fit);
/* The ordering key of aid. */
int rp__batch_key(struct batch *b, int64_t aid, const struct rp__key **out);
/* Canonical order of two aids: negative, 0 or positive. */
int rp__batch_cmp(struct batch *b, int64_t x, int64_t y, int *out);
/* The relation of a pair as it is after the batch (parts merged in phase order), in id
 * orientation: *found 0 when there is none; *flip 1 when its a is hi. */
int rp__batch_relation(struct batch *b, int64_t lo, int64_t hi, rp_relation *out, int *flip,
                       int *found);
/* Calls fn for every relation after the batch, pairs in (lo, hi) order. */
typedef int rp__batch_rel_fn(void *user, int64_t lo, int64_t hi, const rp_relation *r, int flip);
int rp__batch_relations(struct batch *b, rp__batch_rel_fn *fn, void *user);
/* The change record of a pair, made when missing. */
int rp__batch_change(struct batch *b, int64_t x, int64_t y, struct change **out);
/* 1 when aid is superseded by this batch. */
int rp__batch_removed(const struct batch *b, int64_t aid);

/* 1 when the batch settles: always when asked, never when asked not to, else while the
 * index holds at most RP__SETTLE_LIMIT current articles after it. */
int rp__batch_settles(const struct batch *b);

/* The current articles after the batch as the file holds them (the superseded left out),
 * and the batch's new ones when with_new (those not written yet); *out owned. */
int rp__batch_current(struct batch *b, int with_new, int64_t **out, size_t *count);

/* A docs table over c for a detector the batch runs (no callbacks set yet). */
void rp__batch_docs(const struct batch *b, const rp_corpus *c, unsigned threads, void *ctx,
                    struct rp__docs *d);

/* stories.c: places the batch's new articles in stories, settling them all when the batch
 * does, and writes the story tables (write mode). */
int rp__stories_place(struct batch *b);
/* The story record of sid as the batch leaves it, into r (articles added as needed). */
int rp__stories_record(struct batch *b, int64_t sid, rp_records *r);
void rp__stories_release(struct batch *b);

/* export.c: the story record of sid as the file holds it, into r. */
int rp__export_story(struct batch *b, int64_t sid, rp_records *r);
/* An export of the stories alone, inside the caller's transaction. */
int rp__export_stories(rp_index *ix, rp_index_export **out);

/* An empty batch, to read the index through (export, checks); release it with
 * rp__batch_release. */
int rp__batch_init(struct batch *b, rp_index *ix);
void rp__batch_release(struct batch *b);

/* batch.c: adds (write) or queries articles [first, first + count) of c, in one
 * transaction; *out gets the records of the batch. */
int rp__batch_run(rp_index *ix, const rp_corpus *c, size_t first, size_t count, unsigned flags,
                  int write, rp_records **out);

#endif
