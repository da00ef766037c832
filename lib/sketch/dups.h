/* dups.h: the duplicates detector of the scan. */
#ifndef RP_DUPS_H
#define RP_DUPS_H

#include "../text/docs.h"

/* Finds exact duplicates (same normalised words) and near-duplicates (Jaccard similarity of
 * word shingles at least opt->dup_threshold, or the shorter text's containment in the
 * longer at least opt->dup_containment), relates them and sets the groups. Candidates come
 * from LSH banding of MinHash signatures (or from SimHash tables); each is verified against
 * the exact shingle sets unless opt->dup_fast. */
int rp__dups_find(const struct rp__docs *d);

#endif
