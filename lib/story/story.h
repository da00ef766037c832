/* story.h: the story detector of the scan: articles about the same event, clustered. */
#ifndef RP_STORY_H
#define RP_STORY_H

#include "../text/docs.h"

/* Groups the articles into stories (every article in exactly one) from TF-IDF similarity
 * of their stemmed terms and the duplicate, reuse and rewrite relations found before; sets
 * the stories with their provenance (provenance.h) and relates each article to its
 * strongest partner within its story that it shares no text with (same-story). */
int rp__stories_find(const struct rp__docs *d);

#endif
