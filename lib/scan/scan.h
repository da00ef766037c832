/* scan.h: the scan (rp_scan), which drives the detectors over a corpus through the table of
 * functions of lib/text/docs.h and keeps what they find. */
#ifndef RP_SCAN_H
#define RP_SCAN_H

#include <pthread.h>

#include "reprint.h"
#include "../base/alloc.h"
#include "../text/docs.h"

struct rel_slot {
    rp_relation r; /* passages, sentences, terms and speakers owned */
};

/* After rp_scan_run() returns, relations are in id order (canonicalize() in scan.c) and the
 * pair table no longer matches them: only the public accessors read them then. */
struct rp_scan {
    const rp_corpus *corpus;
    rp_options opt;
    size_t count;          /* articles */
    rp_article_info *info; /* per article; boilerplate arrays owned */
    struct rel_slot *rels; /* relations, in the order found until sorted */
    size_t rel_count, rel_cap;
    uint64_t *pair_keys;  /* open addressing: (a << 32 | b) + 1 per slot, 0 = free */
    uint32_t *pair_index; /* relation index of each slot */
    size_t pair_slots;    /* a power of two */
    int sorted;           /* rels sorted by (a, b) */
    rp_dup_group *groups; /* groups of duplicates, owned, with their member arrays */
    size_t group_count;
    rp_story *stories; /* owned, with their arrays and strings */
    size_t story_count;
    pthread_mutex_t lock;                /* guards relations against concurrent relate() */
    uint64_t counters[RP_COUNTER_COUNT]; /* enum rp_counter; updated atomically */
    struct rp__docs docs;                /* what the detectors see */
    struct rp__buf errmsg;
    rp_corpus *view; /* during a run: the articles in canonical order (shallow copies) */
    size_t *order;   /* during a run: input index of each canonical index */
    size_t *rank;    /* during a run: canonical index of each input index */
};

/* Relations as values: a deep copy (dst's arrays and strings owned), the merge of the
 * evidence of src into dst (the stronger type wins, measured values fill in what dst lacks,
 * dst keeps the arrays it has), the release of a copy's arrays, and a swap of the two sides
 * (a and b, shares, spans, direction; passages and sentences sorted again in a's order). */
int rp__relation_copy(rp_relation *dst, const rp_relation *src);
int rp__relation_merge(rp_relation *dst, const rp_relation *src);
void rp__relation_release(rp_relation *r);
void rp__relation_swap(rp_relation *r);

/* What an index already holds about a corpus, so that a scan can go on from there: the
 * counts, content hashes and boilerplate spans of every article (parallel to the corpus),
 * and the relations found by the detectors that came before (input indices, either way
 * round). All borrowed. */
struct rp__scan_preset {
    const rp_article_info *info;
    const rp_relation *relations;
    size_t relation_count;
};

/* A scan of c that starts from a preset and runs only the detectors of o->detect (which
 * should leave out the counts, the boilerplate and the detectors the preset stands for):
 * the result is the one rp_scan_run() gives with every detector on. RP_EINVAL without a
 * preset. */
int rp__scan_resume(const rp_corpus *c, const rp_options *o, const struct rp__scan_preset *p,
                    rp_scan **out);

#endif
