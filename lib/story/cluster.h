/* cluster.h: agglomerative clustering of a sparse similarity graph with a stopping rule
 * relative to each cluster's own cohesion, and clusters kept apart by their years. */
#ifndef RP_CLUSTER_H
#define RP_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

struct rp__edge {
    uint32_t a, b; /* items, a != b; each pair at most once */
    float sim;     /* link weight (similarity), 0..1; pairs without an edge count as 0 */
    float inner;   /* what the pair adds to its cluster's cohesion (at most sim) */
};

/* When two clusters may merge (see cluster.c). */
struct rp__cluster_rule {
    double floor;       /* the average similarity of a merge is at least this */
    double ratio;       /* ... and at least ratio times the smaller cohesion of the two; 0: the
                           floor alone decides (plain group-average clustering) */
    double prior_pairs; /* weight, in pairs, of the prior that a cluster is no more cohesive
                           than its link: small clusters are not yet evidence of a story */
    /* Optional: the years item i writes, ascending and distinct, are years(user, i, &count)
     * (NULL for none); two clusters whose years say they are two events (rp__anchors_apart)
     * do not merge. NULL: no such test. */
    const uint16_t *(*years)(const void *user, size_t item, size_t *count);
    const void *years_user;
};

/* Groups items [0, n): starts from the groups in label (label[i] is the smallest item of
 * i's group, or i; n < UINT32_MAX), then repeatedly merges the two clusters of highest average
 * similarity that the rule allows. On return label[i] is the smallest item of i's cluster. RP_OK or
 * RP_ENOMEM. Deterministic: ties go to the smaller items; the result does not depend on the
 * order of the edges. */
int rp__cluster_run(size_t n, const struct rp__edge *edges, size_t edge_count,
                    const struct rp__cluster_rule *rule, uint32_t *label);

#endif
