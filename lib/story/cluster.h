/* cluster.h: average-link clustering of a sparse similarity graph. */
#ifndef RP_CLUSTER_H
#define RP_CLUSTER_H

#include <stddef.h>

struct rp__edge {
    size_t a, b; /* items, a != b */
    double sim;  /* similarity, 0..1; pairs without an edge count as 0 */
};

/* Groups items [0, n): starts from the groups in label (label[i] is the smallest item of
 * i's group, or i), then merges the two groups of highest average similarity while it is
 * at least threshold. On return label[i] is the smallest item of i's cluster. RP_OK or
 * RP_ENOMEM. Deterministic: ties go to the smaller items. */
int rp__cluster_average(size_t n, const struct rp__edge *edges, size_t edge_count, double threshold,
                        size_t *label);

#endif
