/* htmltext.c: the main text of a parsed page (html.h), after the ways Readability, jusText,
 * Boilerpipe and trafilatura decide, in one linear pass each over the flat tree:
 *
 *  1. Blocks get a value: prose (a sentence's punctuation and eight words, or twenty words)
 *     counts its characters outside links; a short block counts half of them less the link
 *     text; a block that is nearly all link text (menus, headline lists), a furniture label
 *     ("Advertisement") or a block inside an element whose class, id or role marks
 *     furniture (comments, sharing, related, sidebar ...) counts against. Captions count
 *     nothing.
 *  2. The article is the element whose blocks add up to the most (prefix sums make every
 *     element's total one subtraction): a container that also holds menus and lists of
 *     links loses to the smaller one that holds only the text.
 *  3. Inside it, furniture is dropped: blocks as above, captions, the heading that repeats
 *     the title, the article's <header>, and every inner container (div, section, list ...)
 *     whose blocks add up to nothing; then short blocks outside the innermost element that
 *     holds all the prose, before the first or after the last prose block (bylines, dates,
 *     share and tag lines).
 * A class cue marks furniture only when nothing inside it is marked as the article body,
 * so a page-wide "has-sidebar" wrapper does not sink the article; a blockquote (quoted
 * material, embedded posts) is judged by its own cue only. */
#include "html.h"

#include <string.h>

#include "../base/banned.h"

#define LINK_HEAVY 0.8 /* link share above which any block is furniture */
#define LINK_SHORT 0.5 /* and a short one */

struct scratch {
    uint8_t *neg;   /* per node: inside furniture by its cues */
    uint8_t *pos;   /* per node: it or an element inside it is marked as the article body */
    uint8_t *drop;  /* per node, inside the article: 1 in a container that adds up to nothing,
                       2 in furniture by its cues */
    double *prefix; /* per block: the sum of the values of the blocks before it */
    uint8_t *kind;  /* per block: enum kind */
};

enum kind { K_SHORT, K_PROSE, K_LINKS, K_LABEL, K_CAPTION, K_FURNITURE };

/* Labels that are furniture wherever they stand, compared folded (lower case, no final
 * punctuation). */
static const char *const labels[] = {
    "ad",
    "ads",
    "advert",
    "advertisement",
    "advertisements",
    "advertising",
    "anzeige",
    "werbung",
    "publicidad",
    "publicit\xC3\xA9",
    "pubblicit\xC3\xA0",
    "reklama",
    "sponsored",
    "sponsored content",
    "paid content",
    "promoted",
    "story continues below advertisement",
    "article continues below advertisement",
    "continue reading below",
    "continue reading the main story",
    "scroll to continue with content",
    "skip advert",
    "this slideshow requires javascript",
    "read more",
    "show more",
    "load more",
    "see more",
    "click here",
    "share",
    "share this",
    "share this article",
    "share this story",
    "tweet",
    "email",
    "print",
    "comments",
    "comment",
    "close",
    "caption",
    "toggle caption",
    "hide caption",
    "enlarge this image",
    "image",
    "photo",
    "video",
    "loading",
    "more",
    "don't miss",
    "don\xE2\x80\x99t miss",
    "must read",
    "see also",
    "also read",
    "read also",
    "recommended",
    "related",
    "related articles",
    "related stories",
    "more on this story",
    "trending",
    "most popular",
    "most read",
    "top stories",
    "latest news",
    "editor's picks",
};

static int is_label(const char *s, size_t len)
{
    char buf[48];
    size_t n = 0;

    if (len >= sizeof(buf))
        return 0;
    for (size_t i = 0; i < len; i++)
        buf[n++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    while (n > 0 && (buf[n - 1] == '.' || buf[n - 1] == ':' || buf[n - 1] == ' ' ||
                     buf[n - 1] == '!' || buf[n - 1] == '>' || buf[n - 1] == '|'))
        n--;
    buf[n] = '\0';
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(buf, labels[i]) == 0)
            return 1;
    return 0;
}

static int is_prose(const struct rp__hblock *k)
{
    return (k->words >= 8 && k->stops + k->commas >= 1) || k->words >= 20;
}

static enum kind kind_of(const struct rp__hdoc *d, const struct rp__hblock *k, int neg)
{
    if (neg || k->cued_chars * 2 > k->chars)
        return K_FURNITURE;
    if (k->flags & RP__HB_CAPTION)
        return K_CAPTION;
    if (k->link_chars > LINK_HEAVY * k->chars)
        return K_LINKS;
    if (k->chars <= 40 && is_label(d->text.data + k->start, k->end - k->start))
        return K_LABEL;
    if (is_prose(k))
        return K_PROSE;
    return k->link_chars > LINK_SHORT * k->chars ? K_LINKS : K_SHORT;
}

static double value_of(const struct rp__hblock *k, enum kind kind)
{
    const double c = k->chars, l = k->link_chars;

    switch (kind) {
    case K_PROSE:
        return c - l;
    case K_SHORT:
        return 0.5 * (c - l) - l - ((k->flags & (RP__HB_LI | RP__HB_CELL)) ? 0 : 5);
    case K_CAPTION:
        return 0;
    default:
        return -c;
    }
}

/* An inner element that is dropped as a whole when its blocks add up to nothing: a
 * container, not a paragraph, heading or list item, whose shortness alone says little. */
static int is_container(unsigned tag)
{
    switch (tag) {
    case RP__H_DIV:
    case RP__H_SECTION:
    case RP__H_ASIDE:
    case RP__H_HEADER:
    case RP__H_FOOTER:
    case RP__H_FORM:
    case RP__H_TABLE:
    case RP__H_UL:
    case RP__H_OL:
    case RP__H_DL:
    case RP__H_BLOCK:
    case RP__H_ARTICLE:
        return 1;
    default:
        return 0;
    }
}

static int alloc_scratch(struct scratch *s, size_t n, size_t nb)
{
    s->neg = rp__calloc(n, 1);
    s->pos = rp__calloc(n, 1);
    s->drop = rp__calloc(n, 1);
    s->prefix = rp__calloc(nb + 1, sizeof(double));
    s->kind = rp__calloc(nb, 1);
    return s->neg && s->pos && s->drop && s->prefix && s->kind ? RP_OK : RP_ENOMEM;
}

static void free_scratch(struct scratch *s)
{
    rp__free(s->neg);
    rp__free(s->pos);
    rp__free(s->drop);
    rp__free(s->prefix);
    rp__free(s->kind);
}

/* An element whose own cues or tag mark furniture. */
static int own_furniture(const struct rp__hnode *x)
{
    return (x->cue <= -2 || x->tag == RP__H_ASIDE || x->tag == RP__H_FOOTER) &&
           x->tag != RP__H_BODY && x->tag != RP__H_HTML && x->tag != RP__H_MAIN;
}

static double score(const struct scratch *s, const struct rp__hnode *x)
{
    return s->prefix[x->block_end] - s->prefix[x->block_begin];
}

/* Step 2: the element whose blocks add up to the most; the deepest of equals. */
static size_t choose(struct rp__hdoc *d, const struct scratch *s)
{
    size_t best = 0;
    double best_score = 0;

    for (size_t i = 0; i < d->node_count; i++) {
        const struct rp__hnode *x = &d->nodes[i];
        double v;
        if (x->skip || s->neg[i] || x->tag == RP__H_A || x->tag == RP__H_OTHER ||
            x->tag == RP__H_BR || x->tag == RP__H_HR)
            continue;
        v = score(s, x);
        if (d->node_score != NULL)
            d->node_score[i] = (float)v;
        if (v >= best_score) {
            best_score = v;
            best = i;
        }
    }
    return best;
}

/* The block of the highest value inside element x. */
static size_t largest_block(const struct scratch *s, const struct rp__hnode *x)
{
    size_t anchor = x->block_begin;
    double top = -1e300;

    for (size_t k = x->block_begin; k < x->block_end; k++) {
        const double v = s->prefix[k + 1] - s->prefix[k];
        if (v > top) {
            top = v;
            anchor = k;
        }
    }
    return anchor;
}

static int holds(const struct rp__hnode *x, size_t block)
{
    return x->block_begin <= block && block < x->block_end;
}

/* Step 1: furniture by cues, then every block's kind and value. Cues can mislead (a wrapper
 * "non-ad-column" around the article), so no cue of furniture holds for an element that
 * holds one cued as the article body ("article-body", itemprop=articleBody). */
static void classify(struct rp__hdoc *d, struct scratch *s)
{
    const size_t n = d->node_count;

    for (size_t i = n; i-- > 1;) { /* children come after their parents */
        const struct rp__hnode *x = &d->nodes[i];
        if (x->cue >= 2 || (x->flags & RP__HN_MAINCUE))
            s->pos[i] = 1;
        if (s->pos[i])
            s->pos[x->parent] = 1;
    }
    for (size_t i = 1; i < n; i++) {
        const struct rp__hnode *x = &d->nodes[i];
        s->neg[i] = (uint8_t)((own_furniture(x) && !s->pos[i]) ||
                              (s->neg[x->parent] && x->tag != RP__H_BLOCKQUOTE));
    }
    for (size_t k = 0; k < d->block_count; k++) {
        const struct rp__hblock *b = &d->blocks[k];
        const enum kind kind = kind_of(d, b, s->neg[b->node]);
        s->kind[k] = (uint8_t)kind;
        s->prefix[k + 1] = s->prefix[k] + value_of(b, kind);
    }
}

/* The innermost element that holds nodes a and b. It marks the ancestors of a with bit 4 of
 * mark (one byte per node) and clears the bit again. */
static uint32_t common_ancestor(const struct rp__hdoc *d, uint8_t *mark, uint32_t a, uint32_t b)
{
    uint32_t x = a, found;

    for (;; x = d->nodes[x].parent) {
        mark[x] |= 4;
        if (x == 0)
            break;
    }
    for (x = b; !(mark[x] & 4); x = d->nodes[x].parent)
        ;
    found = x;
    for (x = a;; x = d->nodes[x].parent) {
        mark[x] &= (uint8_t)~4u;
        if (x == 0)
            break;
    }
    return found;
}

/* Step 3: the blocks of the article that are its text. */
static void keep_text(struct rp__hdoc *d, struct scratch *s, size_t main)
{
    const struct rp__hnode *m = &d->nodes[main];
    const size_t anchor = largest_block(s, m);
    size_t first = SIZE_MAX, last = 0;

    /* Inside the article, a cue of furniture holds unless the element holds the article's
     * largest block: what spared "related" lists for the article bodies inside them is
     * undone for all but the body. An article's <header> holds its title, standfirst,
     * byline and date (HTML's meaning of the element), not its text; a form inside it is a
     * sign-up or search box (a form around the whole page holds the body). */
    for (size_t i = main + 1; i < m->end; i++) {
        const struct rp__hnode *x = &d->nodes[i];
        const unsigned up = s->drop[x->parent];
        const unsigned by_score = (up & 1) || (is_container(x->tag) && score(s, x) <= 0);
        const unsigned by_cue =
            ((up & 2) && x->tag != RP__H_BLOCKQUOTE) ||
            ((own_furniture(x) || x->tag == RP__H_HEADER || x->tag == RP__H_FORM) &&
             !holds(x, anchor) && x->tag != RP__H_BLOCKQUOTE);
        s->drop[i] = (uint8_t)(by_score | by_cue << 1);
    }
    for (size_t k = m->block_begin; k < m->block_end; k++) {
        const struct rp__hblock *b = &d->blocks[k];
        const enum kind kind = (enum kind)s->kind[k];
        if ((kind != K_PROSE && kind != K_SHORT) || s->drop[b->node] ||
            (b->node == d->title_node && d->title_node != 0))
            continue;
        d->blocks[k].keep = 1;
        if (kind == K_PROSE) {
            if (first == SIZE_MAX)
                first = k;
            last = k;
        }
    }
    if (first == SIZE_MAX) {
        for (size_t k = m->block_begin; k < m->block_end; k++)
            d->blocks[k].keep = 0;
        return;
    }
    /* the body: the innermost element that holds all the prose; short blocks outside it
     * before the first prose block or after the last are the article's furniture */
    {
        const uint32_t body =
            common_ancestor(d, s->drop, d->blocks[first].node, d->blocks[last].node);
        const struct rp__hnode *b = &d->nodes[body];
        for (size_t k = m->block_begin; k < m->block_end; k++)
            if ((k < first || k > last) && (k < b->block_begin || k >= b->block_end))
                d->blocks[k].keep = 0;
    }
}

int rp__html_main_text(struct rp__hdoc *d)
{
    const size_t n = d->node_count, nb = d->block_count;
    struct scratch s = {0};
    int rc = RP_OK;

    for (size_t k = 0; k < nb; k++)
        d->blocks[k].keep = 0;
    d->main_node = 0;
    if (nb == 0)
        goto out;
    rc = alloc_scratch(&s, n, nb);
    if (rc < 0)
        goto out;
    classify(d, &s);
    d->main_node = (uint32_t)choose(d, &s);
    keep_text(d, &s, d->main_node);
out:
    free_scratch(&s);
    return rc;
}
