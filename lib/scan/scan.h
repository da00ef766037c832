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
};

#endif
