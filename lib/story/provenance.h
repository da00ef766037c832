/* provenance.h: the order, likely original, roles and novel shares of each story
 * (provenance.c). */
#ifndef RP_PROVENANCE_H
#define RP_PROVENANCE_H

#include <stdint.h>

#include "../text/docs.h"

/* Makes the stories of the partition label (label[i]: any id shared by the members of i's
 * story, below d->count), with their provenance from the reuse relations recorded so far,
 * sets them on d, and gives every reuse relation within a story its direction. RP_OK or
 * RP_ENOMEM. */
int rp__provenance_set(const struct rp__docs *d, const uint32_t *label);

#endif
