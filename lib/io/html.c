/* html.c: web pages read through libxml2's HTML parser. The page is decoded to UTF-8 first
 * (charset.c) and handed to the parser with its own encoding guess switched off. SAX
 * callbacks build a flat tree (html.h) instead of libxml2's DOM: the DOM builder stops at
 * 256 levels of nesting and its tree functions recurse, while arrays take any depth. Text is
 * cut into blocks at block-level boundaries, white space collapsed as a browser does; a
 * <br><br> ends a block, one <br> is a line break. Metadata (title, time, site, address,
 * JSON-LD) is gathered on the way.
 *
 * Guards against input that makes libxml2 2.9 slow: a tag with more than MAX_ATTRS attributes
 * is cut (the parser compares each attribute with all before it), and the parse stops, with
 * what was read kept, when its errors report too much work at great depth (each stray end
 * tag makes it search its whole stack). */
#include "html.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <string.h>
#include <utf8proc.h>

#include "../base/banned.h"

#define MAX_ATTRS 256         /* attributes kept per tag */
#define BINARY_SAMPLE 65536   /* bytes looked at for binary data */
#define WORK_PER_BYTE 16      /* stack entries the parser may search per input byte */
#define WORK_FLOOR (1u << 24) /* and in any case */
#define META_MAX 2048         /* bytes kept of a metadata value */

/* Element names, sorted for bsearch. Skipped elements hold no text a reader sees. */
static const struct tag_name {
    const char *name;
    uint8_t tag;
} tag_names[] = {
    {"a", RP__H_A},
    {"address", RP__H_ADDRESS},
    {"applet", RP__H_SKIP},
    {"article", RP__H_ARTICLE},
    {"aside", RP__H_ASIDE},
    {"audio", RP__H_SKIP},
    {"blockquote", RP__H_BLOCKQUOTE},
    {"body", RP__H_BODY},
    {"br", RP__H_BR},
    {"button", RP__H_SKIP},
    {"canvas", RP__H_SKIP},
    {"caption", RP__H_BLOCK},
    {"center", RP__H_BLOCK},
    {"datalist", RP__H_SKIP},
    {"dd", RP__H_DD},
    {"details", RP__H_BLOCK},
    {"dialog", RP__H_SKIP},
    {"dir", RP__H_UL},
    {"div", RP__H_DIV},
    {"dl", RP__H_DL},
    {"dt", RP__H_DT},
    {"embed", RP__H_SKIP},
    {"fieldset", RP__H_BLOCK},
    {"figcaption", RP__H_FIGCAPTION},
    {"figure", RP__H_FIGURE},
    {"footer", RP__H_FOOTER},
    {"form", RP__H_FORM},
    {"frameset", RP__H_SKIP},
    {"h1", RP__H_H1},
    {"h2", RP__H_H2},
    {"h3", RP__H_H3},
    {"h4", RP__H_H4},
    {"h5", RP__H_H5},
    {"h6", RP__H_H6},
    {"head", RP__H_SKIP},
    {"header", RP__H_HEADER},
    {"hgroup", RP__H_BLOCK},
    {"hr", RP__H_HR},
    {"html", RP__H_HTML},
    {"iframe", RP__H_SKIP},
    {"input", RP__H_SKIP},
    {"legend", RP__H_BLOCK},
    {"li", RP__H_LI},
    {"main", RP__H_MAIN},
    {"map", RP__H_SKIP},
    {"math", RP__H_SKIP},
    {"menu", RP__H_UL},
    {"nav", RP__H_NAV},
    {"noembed", RP__H_SKIP},
    {"noframes", RP__H_SKIP},
    {"noscript", RP__H_SKIP},
    {"object", RP__H_SKIP},
    {"ol", RP__H_OL},
    {"optgroup", RP__H_SKIP},
    {"option", RP__H_SKIP},
    {"p", RP__H_P},
    {"picture", RP__H_SKIP},
    {"pre", RP__H_PRE},
    {"script", RP__H_SKIP},
    {"section", RP__H_SECTION},
    {"select", RP__H_SKIP},
    {"style", RP__H_SKIP},
    {"summary", RP__H_BLOCK},
    {"svg", RP__H_SKIP},
    {"table", RP__H_TABLE},
    {"tbody", RP__H_BLOCK},
    {"td", RP__H_TD},
    {"template", RP__H_SKIP},
    {"textarea", RP__H_SKIP},
    {"tfoot", RP__H_BLOCK},
    {"th", RP__H_TH},
    {"thead", RP__H_BLOCK},
    {"title", RP__H_SKIP},
    {"tr", RP__H_TR},
    {"ul", RP__H_UL},
    {"video", RP__H_SKIP},
};

#define TAG_NAME_COUNT (sizeof(tag_names) / sizeof(tag_names[0]))

static int cmp_tag(const void *key, const void *elem)
{
    return strcmp(key, ((const struct tag_name *)elem)->name);
}

static uint8_t tag_of(const char *name)
{
    const struct tag_name *t = bsearch(name, tag_names, TAG_NAME_COUNT, sizeof(*t), cmp_tag);

    return t != NULL ? t->tag : RP__H_OTHER;
}

/* Block-level elements end the text before them and start a new block. */
static int is_block_tag(unsigned tag)
{
    return tag != RP__H_OTHER && tag != RP__H_A && tag != RP__H_BR && tag != RP__H_SKIP;
}

void rp__hdoc_release(struct rp__hdoc *d)
{
    rp__free(d->nodes);
    rp__free(d->blocks);
    rp__free(d->node_score);
    rp__buf_release(&d->text);
    for (size_t i = 0; i < RP__M_COUNT; i++)
        rp__buf_release(&d->meta[i]);
    rp__buf_release(&d->jsonld);
    memset(d, 0, sizeof(*d));
}

void rp__html_page_release(struct rp__html_page *p)
{
    rp__buf_release(&p->text);
    rp__free(p->title);
    rp__free(p->site);
    rp__free(p->url);
    memset(p, 0, sizeof(*p));
}

/* ---- class, id and role cues ---------------------------------------------------------- */

/* Parts of class and id names that mark furniture, strongly (a block inside is furniture)
 * or weakly (a hint); a part that starts with a prefix of the first list counts too
 * ("sharebar", "related-posts", "commentlist"). Generic ones ("widget", "meta") are weak:
 * page builders put them on everything, the article body included. */
struct word {
    const char *s;
    size_t len;
};
#define W(s)                                                                                       \
    {                                                                                              \
        s, sizeof(s) - 1                                                                           \
    }

static const struct word strong_prefixes[] = {
    W("advert"),     W("breadcrumb"), W("comment"),    W("consent"),     W("cookie"),
    W("disqus"),     W("footer"),     W("masthead"),   W("navbar"),      W("navigation"),
    W("newsletter"), W("outbrain"),   W("pagination"), W("popular"),     W("popup"),
    W("promo"),      W("recommend"),  W("related"),    W("share"),       W("sharing"),
    W("sidebar"),    W("signup"),     W("social"),     W("sponsor"),     W("subscri"),
    W("taboola"),    W("trending"),   W("mostread"),   W("mostpopular"), W("readmore"),
    W("gdpr"),       W("caption"),    W("credit"),
};
static const struct word strong_words[] = {
    W("ad"),    W("ads"),   W("adv"),   W("nav"),       W("menu"),
    W("modal"), W("pager"), W("reply"), W("replies"),   W("subnav"),
    W("dfp"),   W("gpt"),   W("cta"),   W("affiliate"), W("offscreen"),
};
static const struct word weak_words[] = {
    W("widget"), W("meta"),   W("tag"),     W("tags"),   W("author"),   W("byline"),   W("bio"),
    W("print"),  W("tools"),  W("toolbar"), W("util"),   W("utility"),  W("header"),   W("banner"),
    W("rail"),   W("aside"),  W("gallery"), W("video"),  W("player"),   W("carousel"), W("slider"),
    W("sticky"), W("teaser"), W("teasers"), W("card"),   W("cards"),    W("list"),     W("links"),
    W("extra"),  W("skip"),   W("hidden"),  W("sr"),     W("search"),   W("login"),    W("overlay"),
    W("foot"),   W("more"),   W("topics"),  W("screen"), W("visually"),
};

/* Parts of names that mark the article body. */
static const struct word content_words[] = {
    W("article"), W("articlebody"), W("body"),  W("content"),   W("entry"),
    W("main"),    W("post"),        W("story"), W("storybody"), W("text"),
    W("prose"),   W("richtext"),    W("rte"),   W("blog"),      W("paragraph"),
};

static int in_words(const char *w, size_t len, const struct word *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (list[i].len == len && w[0] == list[i].s[0] && memcmp(list[i].s, w, len) == 0)
            return 1;
    return 0;
}

static int has_prefix(const char *w, size_t len, const struct word *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (list[i].len <= len && w[0] == list[i].s[0] && memcmp(list[i].s, w, list[i].len) == 0)
            return 1;
    return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The cue of one class or id value: name parts split at punctuation, digits and
 * lower-to-upper case changes; a strong furniture part weighs -2, a weak one -1, a content
 * part 1. */
static int cue_of_names(const char *s, int *positive)
{
    int score = 0;
    size_t i = 0;
    char w[32];

    while (s[i] != '\0') {
        size_t n = 0;
        while (s[i] != '\0' && !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            i++;
        while (s[i] != '\0' && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) {
            if (n > 0 && s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' && s[i - 1] <= 'z')
                break;
            if (n < sizeof(w))
                w[n] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
            n++;
            i++;
        }
        if (n == 0 || n > sizeof(w))
            continue;
        if (in_words(w, n, strong_words, COUNT(strong_words)) ||
            has_prefix(w, n, strong_prefixes, COUNT(strong_prefixes)))
            score -= 2;
        else if (in_words(w, n, weak_words, COUNT(weak_words)))
            score -= 1;
        else if (in_words(w, n, content_words, COUNT(content_words))) {
            score += 1;
            *positive = 1;
        }
    }
    return score;
}

/* ---- the builder: SAX callbacks ------------------------------------------------------- */

struct open_elem {
    uint32_t node;     /* its node */
    uint32_t block_at; /* the nearest block-level element at or above it */
    uint32_t row;      /* the nearest table row (tr) at or above it, or 0 */
    uint32_t cell;     /* the nearest table cell (td, th) at or above it, or 0 */
};

struct builder {
    struct rp__hdoc *d;
    htmlParserCtxtPtr ctxt;
    struct open_elem *stack;
    size_t depth, stack_cap;
    unsigned skip, links, pre, li, figure, table, svg; /* open elements of these kinds */
    unsigned cued;                   /* open inline elements whose cues mark furniture */
    unsigned heading, heading_depth; /* level of the outermost open h1-h6, and how many */
    /* the block being built */
    int in_block; /* 1 once it has a character */
    int pending;  /* white space to emit before the next character: 1 space, 2 newline */
    struct rp__hblock cur;
    int32_t prev_cp;   /* the last character added, for word counts */
    unsigned unspaced; /* letters of scripts without spaces in the block */
    /* metadata */
    int in_title, title_done, in_ldjson;
    uint64_t work; /* stack entries the parser searched for stray tags */
    uint64_t work_cap;
    int rc; /* the first failure (RP_ENOMEM) */
};

/* Ideographs, kana and hangul: a character says about as much as a short word. */
static int is_cjk(int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF66 && cp <= 0xFF9F);
}

/* Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer): a word is
 * counted for every four letters. */
static int is_unspaced(int32_t cp)
{
    return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
           (cp >= 0x1780 && cp <= 0x17FF);
}

static int is_stop(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F ||
           cp == 0x061F || cp == 0x06D4 || cp == 0x0964 || cp == 0x0965 || cp == 0x1362 ||
           cp == 0x104B || cp == 0x17D4;
}

static int is_comma(int32_t cp)
{
    return cp == ',' || cp == ';' || cp == 0xFF0C || cp == 0x3001 || cp == 0x060C || cp == 0x061B ||
           cp == 0x104A;
}

/* Letters, marks and digits make words. */
static int is_word_cp(int32_t cp)
{
    utf8proc_category_t c;

    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_MC) || c == UTF8PROC_CATEGORY_ND;
}

static int is_digit_cp(int32_t cp)
{
    return cp < 0x80 ? cp >= '0' && cp <= '9' : utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static void fail(struct builder *b, int rc)
{
    if (b->rc == RP_OK)
        b->rc = rc;
    xmlStopParser(b->ctxt);
}

static void flush_block(struct builder *b)
{
    struct rp__hdoc *d = b->d;

    if (b->in_block) {
        b->cur.end = (uint32_t)d->text.len;
        if (RP__GROW(d->blocks, d->block_cap, d->block_count + 1) < 0) {
            fail(b, RP_ENOMEM);
            return;
        }
        d->blocks[d->block_count++] = b->cur;
        if (rp__buf_putc(&d->text, '\n') < 0)
            fail(b, RP_ENOMEM);
    }
    b->in_block = 0;
    b->pending = 0;
}

/* Starts the block at the first character: its node and the flags of where it is. */
static void open_block(struct builder *b)
{
    struct rp__hblock *k = &b->cur;

    memset(k, 0, sizeof(*k));
    k->start = (uint32_t)b->d->text.len;
    k->node = b->depth > 0 ? b->stack[b->depth - 1].block_at : 0;
    k->heading = (uint8_t)b->heading;
    k->row = b->depth > 0 ? b->stack[b->depth - 1].row : 0;
    k->cell = b->depth > 0 ? b->stack[b->depth - 1].cell : 0;
    k->flags = (uint8_t)((b->li ? RP__HB_LI : 0) | (b->figure ? RP__HB_CAPTION : 0) |
                         (b->table ? RP__HB_CELL : 0));
    b->in_block = 1;
    b->pending = 0;
    b->prev_cp = ' ';
    b->unspaced = 0;
}

static void add_text(struct builder *b, const unsigned char *s, size_t len)
{
    struct rp__buf *t = &b->d->text;
    size_t i = 0;

    if (t->len + len >= UINT32_MAX / 2) {
        fail(b, RP_ELIMIT);
        return;
    }
    while (i < len) {
        int32_t cp = s[i];
        size_t n = 1;
        int space;

        if (cp >= 0x80) {
            const utf8proc_ssize_t r =
                utf8proc_iterate(s + i, len - i > 4 ? 4 : (utf8proc_ssize_t)(len - i), &cp);
            n = r > 0 ? (size_t)r : 1;
            if (r <= 0) /* cannot happen: the page was decoded to valid UTF-8 */
                cp = 0xFFFD;
        }
        i += n;
        if (cp == 0x200B || cp == 0xFEFF || cp == 0x00AD || cp == 0x200C || cp == 0x2060)
            continue; /* zero-width characters and soft hyphens */
        space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
                cp == 0x2009 || cp == 0x202F || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A);
        if (b->pre && (cp == '\n' || cp == '\t' || cp == ' ')) {
            /* white space is kept in preformatted text, but for the block's start */
            if (b->in_block && rp__buf_putc(t, (int)cp) < 0)
                fail(b, RP_ENOMEM);
            b->prev_cp = ' ';
            continue;
        }
        if (space) {
            if (b->in_block && b->pending == 0)
                b->pending = 1;
            b->prev_cp = ' ';
            continue;
        }
        if (!b->in_block)
            open_block(b);
        else if (b->pending != 0 && rp__buf_putc(t, b->pending == 2 ? '\n' : ' ') < 0)
            fail(b, RP_ENOMEM);
        b->pending = 0;
        if (rp__buf_append(t, s + i - n, n) < 0)
            fail(b, RP_ENOMEM);
        {
            const uint32_t w = is_cjk(cp) ? 3 : 1;
            const int word = is_word_cp(cp) && !is_digit_cp(cp);
            b->cur.chars += w;
            if (b->links)
                b->cur.link_chars += w;
            if (b->cued)
                b->cur.cued_chars += w;
            if (is_cjk(cp) || (is_unspaced(cp) && ++b->unspaced % 4 == 0) ||
                (word && !is_word_cp(b->prev_cp)))
                b->cur.words++;
            if (is_stop(cp) && b->cur.stops < UINT16_MAX)
                b->cur.stops++;
            if (is_comma(cp) && b->cur.commas < UINT16_MAX)
                b->cur.commas++;
        }
        b->prev_cp = cp;
    }
}

static const char *attr(const xmlChar **atts, const char *name)
{
    for (size_t i = 0; atts != NULL && atts[i] != NULL; i += 2)
        if (strcmp((const char *)atts[i], name) == 0)
            return atts[i + 1] != NULL ? (const char *)atts[i + 1] : "";
    return NULL;
}

static int ci_eq(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++)
        if ((*a >= 'A' && *a <= 'Z' ? *a + 32 : *a) != *b)
            return 0;
    return *a == *b;
}

/* 1 when a style attribute hides the element. */
static int style_hides(const char *style)
{
    char buf[256];
    size_t n = 0;

    for (size_t i = 0; style[i] != '\0' && n + 1 < sizeof(buf); i++)
        if (style[i] != ' ' && style[i] != '\t' && style[i] != '\n')
            buf[n++] = (char)(style[i] >= 'A' && style[i] <= 'Z' ? style[i] + 32 : style[i]);
    buf[n] = '\0';
    return strstr(buf, "display:none") != NULL || strstr(buf, "visibility:hidden") != NULL;
}

/* A dialog or a modal window (cookie banners, sign-up boxes): never the article. */
static int is_dialog(const xmlChar **atts)
{
    const char *role = attr(atts, "role"), *modal = attr(atts, "aria-modal");

    return (role != NULL && (ci_eq(role, "dialog") || ci_eq(role, "alertdialog"))) ||
           (modal != NULL && ci_eq(modal, "true"));
}

static void set_meta(struct builder *b, enum rp__hmeta which, const char *value)
{
    struct rp__buf *m = &b->d->meta[which];
    size_t len;

    if (m->len > 0 || value == NULL)
        return;
    while (*value == ' ' || *value == '\t' || *value == '\n' || *value == '\r')
        value++;
    len = strlen(value);
    if (len > META_MAX)
        len = META_MAX;
    while (len > 0 && (value[len - 1] == ' ' || value[len - 1] == '\n' || value[len - 1] == '\r' ||
                       value[len - 1] == '\t'))
        len--;
    if (len > 0 && rp__buf_append(m, value, len) < 0)
        fail(b, RP_ENOMEM);
}

static void meta_tag(struct builder *b, const xmlChar **atts)
{
    const char *key = attr(atts, "property");
    const char *content = attr(atts, "content");

    if (content == NULL)
        return;
    if (key == NULL)
        key = attr(atts, "name");
    if (key == NULL)
        key = attr(atts, "itemprop");
    if (key == NULL)
        return;
    if (ci_eq(key, "og:title") || ci_eq(key, "twitter:title"))
        set_meta(b, RP__M_OG_TITLE, content);
    else if (ci_eq(key, "og:site_name") || ci_eq(key, "application-name"))
        set_meta(b, RP__M_OG_SITE, content);
    else if (ci_eq(key, "og:url"))
        set_meta(b, RP__M_OG_URL, content);
    else if (ci_eq(key, "article:published_time") || ci_eq(key, "og:article:published_time") ||
             ci_eq(key, "datepublished") || ci_eq(key, "pubdate") || ci_eq(key, "publishdate") ||
             ci_eq(key, "publish-date") || ci_eq(key, "publish_date") ||
             ci_eq(key, "dc.date.issued") || ci_eq(key, "dc.date") ||
             ci_eq(key, "dcterms.created") || ci_eq(key, "sailthru.date") ||
             ci_eq(key, "parsely-pub-date") || ci_eq(key, "date") ||
             ci_eq(key, "article.published") || ci_eq(key, "published_time"))
        set_meta(b, RP__M_META_TIME, content);
}

/* The class, id, role and itemprop cues of an element. */
static void node_cues(struct rp__hnode *n, const xmlChar **atts)
{
    const char *cls = attr(atts, "class"), *id = attr(atts, "id");
    const char *role = attr(atts, "role"), *itemprop = attr(atts, "itemprop");
    int score = 0, positive = 0;

    if (cls != NULL)
        score += cue_of_names(cls, &positive);
    if (id != NULL)
        score += cue_of_names(id, &positive);
    if (role != NULL) {
        if (ci_eq(role, "main") || ci_eq(role, "article"))
            score += 2;
        else if (ci_eq(role, "navigation") || ci_eq(role, "banner") || ci_eq(role, "contentinfo") ||
                 ci_eq(role, "complementary") || ci_eq(role, "search") || ci_eq(role, "menu") ||
                 ci_eq(role, "menubar") || ci_eq(role, "dialog") || ci_eq(role, "alertdialog") ||
                 ci_eq(role, "toolbar"))
            score -= 4;
    }
    if (itemprop != NULL && ci_eq(itemprop, "articlebody")) {
        n->flags |= RP__HN_MAINCUE;
        score += 4;
    }
    if (score > 100)
        score = 100;
    if (score < -100)
        score = -100;
    n->cue = (int8_t)score;
}

/* An inline element (a span, a link) whose cues mark furniture: "newsCaption", "byline". */
static unsigned cued_inline(const struct rp__hnode *n)
{
    return !is_block_tag(n->tag) && n->cue <= -2;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    struct builder *b = ctx;
    struct rp__hdoc *d = b->d;
    const uint8_t tag = tag_of((const char *)name);
    struct rp__hnode *n;
    uint32_t idx;

    if (b->rc < 0)
        return;
    if (tag == RP__H_BR || tag == RP__H_HR) {
        /* void elements get an end call too; they only break the text */
        if (tag == RP__H_HR || b->pending == 2)
            flush_block(b);
        else if (b->in_block)
            b->pending = 2;
    } else if (is_block_tag(tag)) {
        flush_block(b);
    }
    if (RP__GROW(d->nodes, d->node_cap, d->node_count + 1) < 0 ||
        RP__GROW(b->stack, b->stack_cap, b->depth + 1) < 0) {
        fail(b, RP_ENOMEM);
        return;
    }
    if (d->node_count >= UINT32_MAX - 1) {
        fail(b, RP_ELIMIT);
        return;
    }
    idx = (uint32_t)d->node_count++;
    n = &d->nodes[idx];
    memset(n, 0, sizeof(*n));
    n->parent = b->depth > 0 ? b->stack[b->depth - 1].node : 0;
    n->tag = tag;
    n->block_begin = (uint32_t)d->block_count;
    node_cues(n, atts);
    if (tag == RP__H_A && attr(atts, "href") != NULL)
        n->flags |= RP__HN_LINK;
    if (attr(atts, "hidden") != NULL ||
        (attr(atts, "style") != NULL && style_hides(attr(atts, "style"))) || is_dialog(atts))
        n->flags |= RP__HN_HIDDEN;
    b->stack[b->depth].node = idx;
    b->stack[b->depth].block_at =
        is_block_tag(tag) ? idx : (b->depth > 0 ? b->stack[b->depth - 1].block_at : idx);
    b->stack[b->depth].row =
        tag == RP__H_TR ? idx : (b->depth > 0 ? b->stack[b->depth - 1].row : 0);
    b->stack[b->depth].cell =
        tag == RP__H_TD || tag == RP__H_TH ? idx : (b->depth > 0 ? b->stack[b->depth - 1].cell : 0);
    b->depth++;
    n->skip = (uint8_t)(b->skip > 0);
    b->skip += tag == RP__H_SKIP || tag == RP__H_NAV || (n->flags & RP__HN_HIDDEN);
    b->links += (n->flags & RP__HN_LINK) != 0;
    b->cued += cued_inline(n);
    b->pre += tag == RP__H_PRE;
    b->li += tag == RP__H_LI || tag == RP__H_DD || tag == RP__H_DT;
    b->figure += tag == RP__H_FIGURE || tag == RP__H_FIGCAPTION;
    b->table += tag == RP__H_TABLE;

    b->svg += strcmp((const char *)name, "svg") == 0;
    if (tag >= RP__H_H1 && tag <= RP__H_H6 && b->heading_depth++ == 0)
        b->heading = (unsigned)(tag - RP__H_H1 + 1);
    /* metadata */
    if (strcmp((const char *)name, "meta") == 0) {
        meta_tag(b, atts);
    } else if (strcmp((const char *)name, "title") == 0 && b->svg == 0 && !b->title_done) {
        b->in_title = 1;
    } else if (strcmp((const char *)name, "link") == 0) {
        const char *rel = attr(atts, "rel");
        if (rel != NULL && ci_eq(rel, "canonical"))
            set_meta(b, RP__M_CANONICAL, attr(atts, "href"));
    } else if (strcmp((const char *)name, "time") == 0) {
        const char *dt = attr(atts, "datetime");
        const char *ip = attr(atts, "itemprop");
        if (ip != NULL && ci_eq(ip, "datepublished"))
            set_meta(b, RP__M_META_TIME, dt);
        set_meta(b, RP__M_TIME_TAG, dt);
    } else if (strcmp((const char *)name, "script") == 0) {
        const char *type = attr(atts, "type");
        b->in_ldjson = type != NULL && ci_eq(type, "application/ld+json");
    }
}

static void on_end(void *ctx, const xmlChar *name)
{
    struct builder *b = ctx;
    struct rp__hdoc *d = b->d;
    struct rp__hnode *n;
    uint32_t idx;

    (void)name;
    if (b->rc < 0 || b->depth == 0)
        return;
    idx = b->stack[--b->depth].node;
    n = &d->nodes[idx];
    if (is_block_tag(n->tag))
        flush_block(b);
    n->end = (uint32_t)d->node_count;
    n->block_end = (uint32_t)d->block_count;
    b->skip -= n->tag == RP__H_SKIP || n->tag == RP__H_NAV || (n->flags & RP__HN_HIDDEN);
    b->links -= (n->flags & RP__HN_LINK) != 0;
    b->cued -= cued_inline(n);
    b->pre -= n->tag == RP__H_PRE;
    b->li -= n->tag == RP__H_LI || n->tag == RP__H_DD || n->tag == RP__H_DT;
    b->figure -= n->tag == RP__H_FIGURE || n->tag == RP__H_FIGCAPTION;
    b->table -= n->tag == RP__H_TABLE;

    b->svg -= strcmp((const char *)name, "svg") == 0 && b->svg > 0;
    if (n->tag >= RP__H_H1 && n->tag <= RP__H_H6 && --b->heading_depth == 0)
        b->heading = 0;
    if (b->in_title && strcmp((const char *)name, "title") == 0) {
        b->in_title = 0;
        b->title_done = 1;
    }
    if (strcmp((const char *)name, "script") == 0 && b->in_ldjson) {
        b->in_ldjson = 0;
        if (rp__buf_putc(&d->jsonld, '\0') < 0)
            fail(b, RP_ENOMEM);
    }
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    struct builder *b = ctx;

    if (b->rc < 0 || len <= 0)
        return;
    if (b->in_ldjson) {
        if (rp__buf_append(&b->d->jsonld, ch, (size_t)len) < 0)
            fail(b, RP_ENOMEM);
        return;
    }
    if (b->in_title) {
        struct rp__buf *m = &b->d->meta[RP__M_TITLE_TAG];
        if (m->len < META_MAX && rp__buf_append(m, ch, (size_t)len) < 0)
            fail(b, RP_ENOMEM);
        return;
    }
    if (b->skip > 0)
        return;
    add_text(b, ch, (size_t)len);
}

/* Each parse error costs the parser a search of its stack at worst: count it, and stop a
 * parse that has searched far more than the page's size. */
static void on_error(void *ctx, xmlErrorPtr e)
{
    struct builder *b = ctx;

    (void)e;
    b->work += b->depth + 1;
    if (b->work > b->work_cap && b->d->stopped_at == 0) {
        const xmlParserInputPtr in = b->ctxt->input;
        b->d->stopped_at = in != NULL ? (size_t)(in->cur - in->base) + 1 : 1;
        xmlStopParser(b->ctxt);
    }
}

/* ---- reading ---------------------------------------------------------------------------- */

/* Binary data: a NUL byte, or control characters in a third of the first 64 KiB. */
static int find_binary(const char *data, size_t len, size_t *at)
{
    const unsigned char *u = (const unsigned char *)data;
    const size_t sample = len < BINARY_SAMPLE ? len : BINARY_SAMPLE;
    const char *nul = memchr(data, '\0', len);
    size_t odd = 0;

    if (len >= 2 && (u[0] == 0xFF || u[0] == 0xFE) && u[1] == (u[0] ^ 1))
        return 0; /* UTF-16 has NUL bytes */
    if (nul != NULL) {
        *at = (size_t)(nul - data);
        return 1;
    }
    for (size_t i = 0; i < sample; i++)
        odd += u[i] < 0x20 && u[i] != '\n' && u[i] != '\r' && u[i] != '\t' && u[i] != '\f' &&
               u[i] != 0x1B;
    *at = 0;
    return sample >= 16 && odd * 3 > sample;
}

/* 1 when the text has markup: a '<' followed by a letter, '!', '/' or '?'. */
static int has_markup(const char *s, size_t len)
{
    for (const char *p = memchr(s, '<', len); p != NULL && p + 1 < s + len;
         p = memchr(p + 1, '<', len - (size_t)(p + 1 - s))) {
        const char c = p[1];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '!' || c == '/' || c == '?')
            return 1;
    }
    return 0;
}

static int is_tag_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Scans the tag whose '<' is at s[k], as the parser's tokenizer does: returns the index past
 * its '>' (or len) and sets *cut to where its attribute MAX_ATTRS + 1 starts (0 when it has
 * no more than MAX_ATTRS) and *raw to 1 for a script or style start tag, whose content is
 * raw text. */
static size_t scan_tag(const char *s, size_t len, size_t k, size_t *cut, int *raw)
{
    const size_t name = k + 1;
    size_t attrs = 0;

    *cut = 0;
    for (k = name; k < len && !is_tag_space(s[k]) && s[k] != '>' && s[k] != '/'; k++)
        ;
    *raw = (k - name == 6 && strncasecmp(s + name, "script", 6) == 0) ||
           (k - name == 5 && strncasecmp(s + name, "style", 5) == 0);
    while (k < len && s[k] != '>') {
        while (k < len && (is_tag_space(s[k]) || s[k] == '/'))
            k++;
        if (k >= len || s[k] == '>')
            break;
        if (++attrs == MAX_ATTRS + 1)
            *cut = k;
        while (k < len && s[k] != '=' && s[k] != '>' && !is_tag_space(s[k]))
            k++;
        if (k < len && s[k] == '=') {
            k++;
            if (k < len && (s[k] == '"' || s[k] == '\'')) {
                const char *e = memchr(s + k + 1, s[k], len - k - 1);
                k = e != NULL ? (size_t)(e - s) + 1 : len;
            } else {
                while (k < len && s[k] != '>' && !is_tag_space(s[k]))
                    k++;
            }
        }
    }
    return k < len ? k + 1 : len;
}

/* The index of the next tag's '<' from i (comments and the raw text after a script or style
 * start tag passed over), or len. */
static size_t next_tag(const char *s, size_t len, size_t i, int after_raw)
{
    if (after_raw) { /* up to "</" that ends the raw text */
        for (; i + 1 < len; i++)
            if (s[i] == '<' && s[i + 1] == '/')
                return i;
        return len;
    }
    for (;;) {
        const char *lt = memchr(s + i, '<', len - i);
        if (lt == NULL)
            return len;
        i = (size_t)(lt - s);
        if (i + 3 < len && memcmp(s + i, "<!--", 4) == 0) {
            const char *e = NULL;
            for (size_t j = i + 4; j + 2 < len && e == NULL; j++)
                if (s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>')
                    e = s + j + 3;
            if (e == NULL)
                return len;
            i = (size_t)(e - s);
            continue;
        }
        if (i + 1 < len &&
            ((s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z')))
            return i;
        i++;
    }
}

/* Cuts every tag's attributes after the first MAX_ATTRS, in place; returns the new length.
 * A page within the limit is left as it is, byte for byte. */
static size_t cut_attributes(char *s, size_t len)
{
    size_t i = 0, o = 0, cut;
    int raw = 0, any = 0;

    for (i = next_tag(s, len, 0, 0); i < len && !any; i = next_tag(s, len, i, raw)) {
        if (s[i + 1] == '/') {
            i += 2;
            raw = 0;
            continue;
        }
        i = scan_tag(s, len, i, &cut, &raw);
        any = cut != 0;
    }
    if (!any)
        return len;
    i = 0;
    raw = 0;
    while (i < len) {
        const size_t k = next_tag(s, len, i, raw);
        size_t e;
        memmove(s + o, s + i, k - i);
        o += k - i;
        if (k >= len)
            break;
        if (s[k + 1] == '/') {
            s[o++] = s[k];
            i = k + 1;
            raw = 0;
            continue;
        }
        e = scan_tag(s, len, k, &cut, &raw);
        if (cut != 0) { /* keep the tag up to the cut, and its '>' */
            memmove(s + o, s + k, cut - k);
            o += cut - k;
            if (s[e - 1] == '>')
                s[o++] = '>';
        } else {
            memmove(s + o, s + k, e - k);
            o += e - k;
        }
        i = e;
    }
    return o;
}

/* JSON-LD: the first object of an Article kind (in a list or an @graph) gives the headline,
 * the time, the publisher's name and the address. */
static int is_article_type(json_t *t)
{
    static const char *const kinds[] = {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "TechArticle",
        "ScholarlyArticle",
        "LiveBlogPosting",
        "BackgroundNewsArticle",
        "Report",
        "SocialMediaPosting",
        "WebPage",
    };

    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (is_article_type(v) == 2) return 2;
        return 0;
    }
    if (!json_is_string(t))
        return 0;
    for (size_t i = 0; i < COUNT(kinds); i++)
        if (strcmp(json_string_value(t), kinds[i]) == 0)
            return strcmp(kinds[i], "WebPage") == 0 ? 1 : 2;
    return 0;
}

static void ld_string(struct builder *b, enum rp__hmeta which, json_t *v)
{
    if (json_is_string(v))
        set_meta(b, which, json_string_value(v));
    else if (json_is_object(v))
        ld_string(b, which, json_object_get(v, which == RP__M_LD_URL ? "@id" : "name"));
    else if (json_is_array(v) && json_array_size(v) > 0)
        ld_string(b, which, json_array_get(v, 0)); /* one level: arrays of arrays are not */
}

static void ld_object(struct builder *b, json_t *o)
{
    if (!json_is_object(o) || is_article_type(json_object_get(o, "@type")) != 2)
        return;
    ld_string(b, RP__M_LD_HEADLINE, json_object_get(o, "headline"));
    ld_string(b, RP__M_LD_TIME, json_object_get(o, "datePublished"));
    ld_string(b, RP__M_LD_PUBLISHER, json_object_get(o, "publisher"));
    ld_string(b, RP__M_LD_URL, json_object_get(o, "url"));
    ld_string(b, RP__M_LD_URL, json_object_get(o, "mainEntityOfPage"));
}

static void read_jsonld(struct builder *b)
{
    const struct rp__buf *j = &b->d->jsonld;
    size_t i = 0;

    while (i < j->len) {
        const size_t n = strlen(j->data + i);
        json_t *root = json_loadb(j->data + i, n, 0, NULL);
        json_t *graph, *v;
        size_t k;

        if (json_is_array(root)) {
            json_array_foreach(root, k, v) ld_object(b, v);
        } else if (json_is_object(root)) {
            ld_object(b, root);
            graph = json_object_get(root, "@graph");
            if (json_is_array(graph)) {
                json_array_foreach(graph, k, v) ld_object(b, v);
            }
        }
        json_decref(root);
        i += n + 1;
    }
}

int rp__html_parse(const char *data, size_t len, struct rp__hdoc *d, struct rp__html_page *page,
                   struct rp__html_error *err)
{
    struct rp__buf utf8 = {0};
    struct builder b;
    htmlSAXHandler sax;
    size_t at;
    int rc;

    memset(&b, 0, sizeof(b));
    err->what = NULL;
    err->at = 0;
    err->has_at = 0;
    if (find_binary(data, len, &at)) {
        err->what = "binary data, not a web page";
        err->at = at;
        err->has_at = 1;
        return RP_EFORMAT;
    }
    if (!has_markup(data, len)) {
        err->what = "no markup: not a web page";
        return RP_EFORMAT;
    }
    xmlInitParser();
    rc = rp__charset_decode(data, len, &utf8, &page->charset);
    if (rc < 0)
        goto out;
    utf8.len = cut_attributes(utf8.data, utf8.len);
    if (utf8.len > INT_MAX) {
        rc = RP_ELIMIT;
        goto out;
    }
    /* the root node stands for the document */
    if (RP__GROW(d->nodes, d->node_cap, 1) < 0) {
        rc = RP_ENOMEM;
        goto out;
    }
    memset(&d->nodes[0], 0, sizeof(d->nodes[0]));
    d->nodes[0].tag = RP__H_BLOCK;
    d->node_count = 1;
    b.d = d;
    b.work_cap = (uint64_t)utf8.len * WORK_PER_BYTE + WORK_FLOOR;
    if (RP__GROW(b.stack, b.stack_cap, 64) < 0) {
        rc = RP_ENOMEM;
        goto out;
    }
    b.stack[0].node = 0;
    b.stack[0].block_at = 0;
    b.stack[0].row = 0;
    b.stack[0].cell = 0;
    b.depth = 1;
    memset(&sax, 0, sizeof(sax));
    sax.startElement = on_start;
    sax.endElement = on_end;
    sax.characters = on_text;
    sax.ignorableWhitespace = on_text;
    sax.cdataBlock = on_text;
    sax.serror = on_error;
    sax.initialized = XML_SAX2_MAGIC;
    b.ctxt = htmlCreateMemoryParserCtxt(utf8.data, (int)utf8.len);
    if (b.ctxt == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    memcpy(b.ctxt->sax, &sax, sizeof(sax));
    b.ctxt->userData = &b;
    htmlCtxtUseOptions(b.ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOWARNING |
                                   HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
    xmlSwitchEncoding(b.ctxt, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(b.ctxt);
    htmlFreeParserCtxt(b.ctxt);
    b.ctxt = NULL;
    while (b.depth > 1 && b.rc == RP_OK) /* elements a stopped parse left open */
        on_end(&b, (const xmlChar *)"");
    flush_block(&b);
    d->nodes[0].end = (uint32_t)d->node_count;
    d->nodes[0].block_end = (uint32_t)d->block_count;
    rc = b.rc;
    if (rc == RP_OK)
        read_jsonld(&b);
    if (rc == RP_OK)
        rc = b.rc;
    page->stopped_at = d->stopped_at;
out:
    rp__free(b.stack);
    rp__buf_release(&utf8);
    return rc;
}

/* ---- the page: metadata and main text -------------------------------------------------- */

/* A folded form for comparing titles: ASCII letters lower-cased, digits and non-ASCII bytes
 * kept, everything else dropped. */
static size_t fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;

    for (size_t i = 0; i < len && n < cap; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            out[n++] = (char)(c + 32);
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            out[n++] = (char)c;
    }
    return n;
}

/* 1 when one folded text holds the other and the shorter is at least half as long. */
static int same_folded(const char *h, size_t h_len, const char *t, size_t t_len)
{
    char a[512], b[512];
    const size_t na = fold(h, h_len, a, sizeof(a)), nb = fold(t, t_len, b, sizeof(b));
    const char *small = na <= nb ? a : b, *large = na <= nb ? b : a;
    const size_t ns = na <= nb ? na : nb, nl = na <= nb ? nb : na;

    if (ns == 0 || ns * 2 < nl)
        return 0;
    for (size_t i = 0; i + ns <= nl; i++)
        if (memcmp(large + i, small, ns) == 0)
            return 1;
    return 0;
}

/* The hashes of up to cap words of s (runs of letters, digits and non-ASCII bytes, ASCII
 * lower-cased); returns how many. */
static size_t word_hashes(const char *s, size_t len, uint32_t *out, size_t cap)
{
    size_t n = 0, i = 0;

    while (i < len && n < cap) {
        uint32_t h = 2166136261u;
        size_t k = i;
        for (; k < len; k++) {
            unsigned char c = (unsigned char)s[k];
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c + 32);
            else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80))
                break;
            h = (h ^ c) * 16777619u;
        }
        if (k > i)
            out[n++] = h;
        i = k + 1;
    }
    return n;
}

/* 1 when heading text h repeats the title t: one holds the other and the shorter is at
 * least half as long, or they share three words and 60% of the words of the longer ("HS
 * Roundup: ..." and "High School Roundup: ..."). */
static int same_title(const char *h, size_t h_len, const char *t, size_t t_len)
{
    uint32_t wa[64], wb[64];
    const size_t ca = word_hashes(h, h_len, wa, 64), cb = word_hashes(t, t_len, wb, 64);
    size_t shared = 0;

    for (size_t i = 0; i < ca; i++)
        for (size_t k = 0; k < cb; k++)
            if (wa[i] == wb[k]) {
                shared++;
                break;
            }
    if (shared >= 3 && shared * 10 >= 6 * (ca > cb ? ca : cb))
        return 1;
    return same_folded(h, h_len, t, t_len);
}

static const struct rp__buf *first_meta(const struct rp__hdoc *d, const enum rp__hmeta *order,
                                        size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (d->meta[order[i]].len > 0)
            return &d->meta[order[i]];
    return NULL;
}

/* The <title> without a trailing " | Site" or " - Site" part: the site's name when it is
 * known, else a last part of at most three words. */
static size_t strip_site(const char *t, size_t len, const struct rp__buf *site)
{
    static const char *const seps[] = {" | ",  " - ",        " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                       " :: ", " \xC2\xBB ", " \xC2\xB7 "};
    size_t best = len;

    for (size_t s = 0; s < COUNT(seps); s++) {
        const size_t n = strlen(seps[s]);
        for (size_t i = len; i-- > 0;) {
            size_t words = 0;
            if (i + n > len || memcmp(t + i, seps[s], n) != 0)
                continue;
            for (size_t k = i + n; k < len; k++)
                words += t[k] == ' ';
            if ((site != NULL && site->len > 0 && len - i - n == site->len &&
                 memcmp(t + i + n, site->data, site->len) == 0) ||
                (words < 3 && i >= 12))
                best = i < best ? i : best;
            break;
        }
    }
    return best;
}

static char *dup_clean(const char *s, size_t len)
{
    struct rp__buf b = {0};
    int space = 0;

    for (size_t i = 0; i < len; i++) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            space = b.len > 0;
            continue;
        }
        if ((space && rp__buf_putc(&b, ' ') < 0) || rp__buf_putc(&b, c) < 0) {
            rp__buf_release(&b);
            return NULL;
        }
        space = 0;
    }
    if (b.len == 0) {
        rp__buf_release(&b);
        return NULL;
    }
    return rp__buf_detach(&b, &len);
}

static int page_meta(struct rp__hdoc *d, struct rp__html_page *p)
{
    static const enum rp__hmeta title_order[] = {RP__M_OG_TITLE, RP__M_LD_HEADLINE};
    static const enum rp__hmeta site_order[] = {RP__M_OG_SITE, RP__M_LD_PUBLISHER};
    static const enum rp__hmeta time_order[] = {RP__M_META_TIME, RP__M_LD_TIME, RP__M_TIME_TAG};
    static const enum rp__hmeta url_order[] = {RP__M_CANONICAL, RP__M_OG_URL, RP__M_LD_URL};
    const struct rp__buf *site = first_meta(d, site_order, COUNT(site_order));
    const struct rp__buf *title = first_meta(d, title_order, COUNT(title_order));
    const struct rp__buf *tag = &d->meta[RP__M_TITLE_TAG];
    const char *t = NULL;
    size_t t_len = 0;

    if (title != NULL) {
        t = title->data;
        t_len = title->len;
    } else if (tag->len > 0) {
        t = tag->data;
        t_len = strip_site(tag->data, tag->len, site);
    }
    /* the heading that repeats the title is the title, not text; without a title in the
     * metadata, the first h1 is the title */
    for (size_t k = 0; k < d->block_count; k++) {
        const struct rp__hblock *b = &d->blocks[k];
        if (b->heading != 1 && b->heading != 2)
            continue;
        if (t != NULL ? same_title(d->text.data + b->start, b->end - b->start, t, t_len)
                      : b->heading == 1) {
            d->title_node = b->node;
            if (t == NULL) {
                t = d->text.data + b->start;
                t_len = b->end - b->start;
            }
            break;
        }
    }
    if (t != NULL && (p->title = dup_clean(t, t_len)) == NULL && t_len > 0)
        return RP_ENOMEM;
    if (site != NULL && (p->site = dup_clean(site->data, site->len)) == NULL)
        return RP_ENOMEM;
    p->published = RP_TIME_NONE;
    for (size_t i = 0; i < COUNT(time_order); i++) {
        const struct rp__buf *m = &d->meta[time_order[i]];
        if (m->len > 0 &&
            rp_time_parse(m->data, m->len, &p->published, &p->published_has_time) == 0)
            break;
        p->published = RP_TIME_NONE;
    }
    for (size_t i = 0; i < COUNT(url_order); i++) {
        const struct rp__buf *m = &d->meta[url_order[i]];
        if (m->len > 0 &&
            (strncmp(m->data, "http://", 7) == 0 || strncmp(m->data, "https://", 8) == 0)) {
            p->url = dup_clean(m->data, m->len);
            if (p->url == NULL)
                return RP_ENOMEM;
            break;
        }
    }
    return RP_OK;
}

int rp__html_extract(const char *data, size_t len, struct rp__html_page *page,
                     struct rp__html_error *err)
{
    struct rp__hdoc d = {0};
    int rc;

    rc = rp__html_parse(data, len, &d, page, err);
    if (rc < 0)
        goto out;
    rc = page_meta(&d, page);
    if (rc < 0)
        goto out;
    rc = rp__html_main_text(&d);
    for (size_t k = 0, prev = SIZE_MAX; k < d.block_count && rc == RP_OK; k++) {
        const struct rp__hblock *b = &d.blocks[k];
        if (!b->keep)
            continue;
        /* blocks are paragraphs, but the cells of one table row are one line */
        if (page->text.len > 0)
            rc = prev != SIZE_MAX && b->row != 0 && d.blocks[prev].row == b->row &&
                         d.blocks[prev].cell != b->cell
                     ? rp__buf_putc(&page->text, ' ')
                     : rp__buf_append(&page->text, "\n\n", 2);
        prev = k;
        if (rc == RP_OK)
            rc = rp__buf_append(&page->text, d.text.data + b->start, b->end - b->start);
    }
    if (rc == RP_OK)
        rc = rp__buf_append(&page->text, "", 0);
out:
    rp__hdoc_release(&d);
    return rc;
}

static uint64_t line_of(const char *data, size_t len, size_t at)
{
    uint64_t line = 1;

    for (size_t i = 0; i < at && i < len; i++)
        line += data[i] == '\n';
    return line;
}

int rp__html_read(rp_corpus *c, const char *path, const char *data, size_t len, unsigned flags,
                  rp_report_fn *report, void *user)
{
    struct rp__html_page page = {0};
    struct rp__html_error err;
    rp_article a = {0};
    const char *idp;
    const size_t id_len = rp__file_id(path, &idp);
    char *id = NULL;
    int rc;

    if (id_len == 0 || id_len > RP_MAX_ID_LEN)
        return rp__corpus_bad(c, flags, report, user, RP_EFORMAT, path, 1,
                              "file name gives no usable id");
    rc = rp__html_extract(data, len, &page, &err);
    if (rc == RP_EFORMAT) {
        if (err.has_at)
            rc = rp__corpus_bad(c, flags, report, user, rc, path, line_of(data, len, err.at),
                                "%s (byte %zu)", err.what, err.at);
        else
            rc = rp__corpus_bad(c, flags, report, user, rc, path, 1, "%s", err.what);
        goto out;
    }
    if (rc < 0)
        goto out;
    id = rp__strndup(idp, id_len);
    if (id == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    a.id = id;
    a.title = page.title;
    a.source = page.site;
    a.url = page.url;
    a.published = page.published;
    a.published_has_time = page.published_has_time;
    a.text = page.text.data != NULL ? page.text.data : "";
    a.text_len = page.text.len;
    a.origin = path;
    a.origin_line = 1;
    rc = rp__corpus_put(c, &a);
    if (rc == RP_EFORMAT) { /* a duplicate id */
        rc = rp__corpus_bad(c, flags, report, user, RP_EFORMAT, path, 1, "%s", rp_corpus_errmsg(c));
        goto out;
    }
    if (rc == RP_OK && page.charset.overridden)
        rc = rp__corpus_warn(c, path, 1, "declared charset '%s' does not fit its bytes; read as %s",
                             page.charset.declared, page.charset.used);
    if (rc == RP_OK && page.stopped_at > 0)
        rc = rp__corpus_warn(c, path, 1,
                             "markup too tangled: parsing stopped at byte %zu of the decoded page",
                             page.stopped_at);
    if (rc == RP_OK && page.text.len == 0)
        rc = rp__corpus_warn(c, path, 1,
                             "no main text found in %zu bytes of HTML; the article is empty", len);
out:
    rp__free(id);
    rp__html_page_release(&page);
    return rc;
}
