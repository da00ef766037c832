/* story.h: the story detector of the scan: articles about the same event, clustered. */
#ifndef RP_STORY_H
#define RP_STORY_H

#include "../text/docs.h"

/* Groups the articles into stories (every article in exactly one) from TF-IDF similarity
 * of their stemmed terms and the duplicate and reuse relations found before, and sets them
 * with their order, likely original and roles. */
int rp__stories_find(const struct rp__docs *d);

#endif
