/* story.h: the story detector of the scan: articles about the same event, clustered. */
#ifndef RP_STORY_H
#define RP_STORY_H

#include "../text/docs.h"

/* Groups the articles into stories (every article in exactly one) from TF-IDF similarity
 * of their stemmed terms and the duplicate and reuse relations found before, and sets them
 * with their order, likely original and roles. */
int rp__stories_find(const struct rp__docs *d);

/* The story record of one group of articles, as the detector makes it for one of its
 * clusters (for an index that keeps its stories between scans): members[0, m) are put in
 * story order, *out gets the original, roles and novel shares from the relations of d
 * (roles and novel_share to free with rp__free; articles is members, id is id_buf). */
int rp__story_describe(const struct rp__docs *d, size_t *members, size_t m, rp_story *out,
                       char *id_buf, size_t id_cap);

#endif
