/* boilerplate.h: page furniture (follow lines, newsletters, "Most Read" lists, bylines,
 * copyright lines, author bios, embedded posts), flagged so that no detector uses it. */
#ifndef RP_BOILERPLATE_H
#define RP_BOILERPLATE_H

#include "docs.h"

/* Flags the furniture of every article through d->set_boilerplate(): its cues, and what
 * recurs in unrelated articles of its source or of many sources (boilerplate.c). The result
 * does not depend on thread count or input order. RP_ENOMEM. */
int rp__boilerplate_find(const struct rp__docs *d);

/* The furniture spans of one analysed text by its cues alone, in text order, into *out
 * (grown as needed; *count is set). Uses t->aux as scratch. RP_ENOMEM. */
int rp__boilerplate_spans(struct rp_text *t, rp_token **out, size_t *count, size_t *cap);

#endif
