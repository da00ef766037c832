/* html.h: web pages. html.c decodes a page (charset.c), parses it with libxml2's HTML parser
 * through SAX callbacks into a flat tree, and gathers its metadata; htmltext.c finds the main
 * text in that tree. The tree is arrays, not pointers: elements in document order, each with
 * its parent and the end of its subtree, and the page's text cut into blocks (the runs of
 * text between block-level boundaries, as a browser lays them out). Every pass over it is a
 * loop over the arrays, so markup of any depth costs no stack. */
#ifndef RP_HTML_H
#define RP_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "charset.h"
#include "io.h"

/* The elements the extractor tells apart; every other one is RP__H_OTHER. */
enum rp__htag {
    RP__H_OTHER = 0,
    RP__H_A,
    RP__H_ADDRESS,
    RP__H_ARTICLE,
    RP__H_ASIDE,
    RP__H_BLOCKQUOTE,
    RP__H_BODY,
    RP__H_BR,
    RP__H_DD,
    RP__H_DIV,
    RP__H_DL,
    RP__H_DT,
    RP__H_FIGCAPTION,
    RP__H_FIGURE,
    RP__H_FOOTER,
    RP__H_FORM,
    RP__H_H1,
    RP__H_H2,
    RP__H_H3,
    RP__H_H4,
    RP__H_H5,
    RP__H_H6,
    RP__H_HEADER,
    RP__H_HR,
    RP__H_HTML,
    RP__H_LI,
    RP__H_MAIN,
    RP__H_NAV,
    RP__H_OL,
    RP__H_P,
    RP__H_PRE,
    RP__H_SECTION,
    RP__H_TABLE,
    RP__H_TD,
    RP__H_TH,
    RP__H_TR,
    RP__H_UL,
    RP__H_BLOCK, /* another block-level element (center, details, fieldset, ...) */
    RP__H_SKIP,  /* an element whose content is never text (script, style, svg, button ...) */
    RP__H_TAG_COUNT
};

enum rp__hnode_flags {
    RP__HN_HIDDEN = 1u << 0,  /* hidden, or styled display:none or visibility:hidden */
    RP__HN_LINK = 1u << 1,    /* a link (an <a> with an href) */
    RP__HN_MAINCUE = 1u << 2, /* marked as the article body (itemprop, role, class) */
};

struct rp__hnode {
    uint32_t parent;      /* index of the parent element; the root is its own */
    uint32_t end;         /* one past the last element of its subtree */
    uint32_t block_begin; /* the blocks inside it: [block_begin, block_end) */
    uint32_t block_end;
    uint8_t tag;   /* enum rp__htag */
    int8_t cue;    /* class, id and role: < 0 furniture, > 0 content */
    uint8_t flags; /* enum rp__hnode_flags */
    uint8_t skip;  /* 1: inside an element that never holds text */
};

enum rp__hblock_flags {
    RP__HB_LI = 1u << 0,      /* inside a list item */
    RP__HB_CAPTION = 1u << 1, /* inside a figure or its caption */
    RP__HB_CELL = 1u << 2,    /* inside a table */
};

struct rp__hblock {
    uint32_t start, end; /* bytes [start, end) of the block's text in rp__hdoc.text */
    uint32_t node;       /* the innermost block-level element that holds it */
    uint32_t chars;      /* characters other than white space (CJK ones count 3) */
    uint32_t link_chars; /* of those, inside links */
    uint32_t cued_chars; /* of those, inside inline elements cued as furniture */
    uint32_t words;      /* runs of letters and digits */
    uint16_t stops;      /* sentence ends: . ! ? and their CJK forms */
    uint16_t commas;     /* commas and semicolons */
    uint32_t row, cell;  /* the table row (tr) and cell (td, th) it is in, or 0 */
    uint8_t heading;     /* 1-6 inside h1-h6, 0 outside */
    uint8_t flags;       /* enum rp__hblock_flags */
    uint8_t keep;        /* set by the extractor: 1 when the block is main text */
    uint8_t pad;
};

/* Metadata gathered while parsing; each field is the first value found of its kind. */
enum rp__hmeta {
    RP__M_TITLE_TAG,    /* <title> */
    RP__M_OG_TITLE,     /* og:title, twitter:title */
    RP__M_LD_HEADLINE,  /* JSON-LD headline (of an Article or its kinds) */
    RP__M_OG_SITE,      /* og:site_name, application-name */
    RP__M_LD_PUBLISHER, /* JSON-LD publisher.name */
    RP__M_META_TIME,    /* article:published_time, datePublished, pubdate, date ... */
    RP__M_LD_TIME,      /* JSON-LD datePublished */
    RP__M_TIME_TAG,     /* the first <time datetime> */
    RP__M_CANONICAL,    /* <link rel=canonical> */
    RP__M_OG_URL,       /* og:url */
    RP__M_LD_URL,       /* JSON-LD url or mainEntityOfPage */
    RP__M_COUNT
};

/* A parsed page. Zero-initialise; release with rp__hdoc_release(). */
struct rp__hdoc {
    struct rp__hnode *nodes; /* nodes[0] is the document root */
    size_t node_count, node_cap;
    struct rp__hblock *blocks;
    size_t block_count, block_cap;
    struct rp__buf text;              /* the blocks' text, whitespace collapsed */
    struct rp__buf meta[RP__M_COUNT]; /* enum rp__hmeta; empty when not found */
    struct rp__buf jsonld;            /* JSON-LD scripts, NUL-separated */
    uint32_t title_node;              /* the h1 that repeats the title, or 0 */
    uint32_t main_node;               /* the element the extractor chose as the article */
    float *node_score;                /* when not NULL, the extractor stores the score of
                                         every element there (for inspection) */
    size_t stopped_at;                /* the parser gave up at this byte; 0 when it did not */
};

void rp__hdoc_release(struct rp__hdoc *d);

/* Why a page is not read: the message and the offset in the file that shows it. */
struct rp__html_error {
    const char *what; /* a static string */
    size_t at;        /* byte offset in the page as stored */
    int has_at;       /* 0: no one byte shows it */
};

/* What a page gives: its main text and metadata. Zero-initialise; release with
 * rp__html_page_release(). */
struct rp__html_page {
    struct rp__buf text; /* the main text: blocks as paragraphs, blank lines between */
    char *title;         /* or NULL */
    char *site;          /* the site's name, or NULL */
    char *url;           /* or NULL */
    int64_t published;   /* or RP_TIME_NONE */
    int published_has_time;
    struct rp__charset charset; /* how its bytes were decoded */
    size_t stopped_at;          /* the parser gave up at this byte of the decoded page, or 0 */
};

void rp__html_page_release(struct rp__html_page *p);

/* Parses a page's bytes (any charset) into d. RP_EFORMAT with *err set when it is not a web
 * page (binary data, no markup at all); RP_ENOMEM. The first call initialises libxml2: to
 * parse pages on several threads at once, let one call finish first. */
int rp__html_parse(const char *data, size_t len, struct rp__hdoc *d, struct rp__html_page *page,
                   struct rp__html_error *err);

/* Marks the blocks of d that are the page's main text (htmltext.c). RP_ENOMEM. */
int rp__html_main_text(struct rp__hdoc *d);

/* The whole reading of a page: parse, metadata, main text into page. Errors as for
 * rp__html_parse(). */
int rp__html_extract(const char *data, size_t len, struct rp__html_page *page,
                     struct rp__html_error *err);

/* Reads one web page file's bytes as an article into c, its id the file name without its
 * extensions; a page that is no web page is a bad record; one without main text is an
 * article with empty text and a warning. */
int rp__html_read(rp_corpus *c, const char *path, const char *data, size_t len, unsigned flags,
                  rp_report_fn *report, void *user);

#endif
