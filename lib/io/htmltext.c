/* htmltext.c: the main text of a parsed page (html.h). */
#include "html.h"

#include <string.h>

#include "../base/banned.h"

struct scratch {
    uint8_t *neg;    /* per node: inside furniture */
    uint8_t *pos;    /* per node: it or a descendant carries a content cue */
    double *prefix;  /* per block: sum of the values of the blocks before it */
    uint8_t *prose;  /* per block */
};

static int is_prose(const struct rp__hblock *k)
{
    return (k->words >= 8 && k->stops + k->commas >= 1) || k->words >= 20;
}

static double block_value(const struct rp__hblock *k, int neg)
{
    const double c = k->chars, l = k->link_chars;

    if (neg)
        return -c;
    if (l > 0.5 * c)
        return -c;
    return (c - l) * (is_prose(k) ? 1.0 : 0.3) - l - 20;
}

void rp__html_main_text(struct rp__hdoc *d)
{
    const size_t n = d->node_count, nb = d->block_count;
    struct scratch s = {0};
    size_t best = 0;
    double best_score = -1e300;
    size_t first = SIZE_MAX, last = 0;

    if (nb == 0)
        return;
    s.neg = rp__calloc(n, 1);
    s.pos = rp__calloc(n, 1);
    s.prefix = rp__calloc(nb + 1, sizeof(double));
    s.prose = rp__calloc(nb, 1);
    if (s.neg == NULL || s.pos == NULL || s.prefix == NULL || s.prose == NULL)
        goto out;
    for (size_t i = n; i-- > 1;) {
        const struct rp__hnode *x = &d->nodes[i];
        if (x->cue > 0 || (x->flags & RP__HN_MAINCUE))
            s.pos[i] = 1;
        if (s.pos[i])
            s.pos[x->parent] = 1;
    }
    for (size_t i = 1; i < n; i++) {
        const struct rp__hnode *x = &d->nodes[i];
        int own = (x->cue < 0 || x->tag == RP__H_ASIDE || x->tag == RP__H_FOOTER) && !s.pos[i] &&
                  x->tag != RP__H_BODY && x->tag != RP__H_HTML && x->tag != RP__H_MAIN;
        s.neg[i] = (uint8_t)(s.neg[x->parent] || own);
    }
    for (size_t k = 0; k < nb; k++) {
        const struct rp__hblock *b = &d->blocks[k];
        s.prefix[k + 1] = s.prefix[k] + block_value(b, s.neg[b->node]);
        s.prose[k] = (uint8_t)is_prose(b);
    }
    for (size_t i = 0; i < n; i++) {
        const struct rp__hnode *x = &d->nodes[i];
        double v;
        if (x->skip || s.neg[i] || x->tag == RP__H_A || x->tag == RP__H_OTHER)
            continue;
        v = s.prefix[x->block_end] - s.prefix[x->block_begin];
        if (v >= best_score) {
            best_score = v;
            best = i;
        }
    }
    {
        const struct rp__hnode *x = &d->nodes[best];
        for (size_t k = x->block_begin; k < x->block_end; k++) {
            const struct rp__hblock *b = &d->blocks[k];
            if (s.neg[b->node] || b->link_chars * 2 > b->chars || b->node == d->title_node)
                continue;
            b = b;
            d->blocks[k].keep = 1;
            if (s.prose[k]) {
                if (first == SIZE_MAX)
                    first = k;
                last = k;
            }
        }
        for (size_t k = x->block_begin; k < x->block_end; k++)
            if (k < first || k > last)
                d->blocks[k].keep = 0;
    }
out:
    rp__free(s.neg);
    rp__free(s.pos);
    rp__free(s.prefix);
    rp__free(s.prose);
}
