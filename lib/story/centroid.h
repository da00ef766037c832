/* centroid.h: the second stage of story clustering for short texts (centroid.c): clusters of
 * titles or snippets merged by the cosine of their centroids. */
#ifndef RP_STORY_CENTROID_H
#define RP_STORY_CENTROID_H

#include <stddef.h>
#include <stdint.h>

#include "terms.h"

/* Merges short clusters (see centroid.c). Items are ranks [0, n): the vector of rank r is
 * tv->v[perm[r]] (no terms: it takes no part); label[r] is the smallest rank of r's cluster,
 * on entry as rp__cluster_run() left it and on return after the merges. RP_OK or RP_ENOMEM.
 * Deterministic: everything goes by rank. */
int rp__story_centroid_merge(const struct rp__story_terms *tv, const uint32_t *perm, size_t n,
                             uint32_t *label);

#endif
