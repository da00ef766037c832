/* codec.c: the blobs of the index format (doc/FORMAT.md, "Blobs"): relation parts and
 * boilerplate spans, little-endian and fixed-width (the word starts of an article: varints; the
 * blocks of postings: bit-packed), so that a file reads the same on every machine. Decoders check
 * each length against what is left of the blob and every value against its range: a damaged blob
 * gives RP_ECORRUPT, never a read outside it. */
#include "store.h"

#include <string.h>

#include "../scan/scan.h"
#include "../base/banned.h"

#define RELATION_VERSION 1
#define NO_SPEAKER 0xFFFFu
#define WORDS_VERSION 1

struct writer {
    struct rp__buf b;
    int failed;
};

static void put(struct writer *w, const void *p, size_t len)
{
    if (!w->failed && rp__buf_append(&w->b, p, len) < 0)
        w->failed = 1;
}

static void put_u8(struct writer *w, unsigned v)
{
    const uint8_t b = (uint8_t)v;

    put(w, &b, 1);
}

static void put_u16(struct writer *w, unsigned v)
{
    const uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};

    put(w, b, 2);
}

static void put_u32(struct writer *w, uint64_t v)
{
    uint8_t b[4];

    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    put(w, b, 4);
}

static void put_u64(struct writer *w, uint64_t v)
{
    uint8_t b[8];

    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    put(w, b, 8);
}

static void put_f64(struct writer *w, double d)
{
    uint64_t v;

    memcpy(&v, &d, sizeof(v));
    put_u64(w, v);
}

static int finish(struct writer *w, uint8_t **out, size_t *len)
{
    if (w->failed) {
        rp__buf_release(&w->b);
        return RP_ENOMEM;
    }
    if (w->b.data == NULL && rp__buf_append(&w->b, "", 0) < 0)
        return RP_ENOMEM;
    *out = (uint8_t *)rp__buf_detach(&w->b, len);
    return RP_OK;
}

int rp__codec_relation_put(const rp_relation *r, uint8_t **out, size_t *len)
{
    struct writer w = {{NULL, 0, 0}, 0};

    *out = NULL;
    *len = 0;
    put_u8(&w, RELATION_VERSION);
    put_u8(&w, (unsigned)r->type);
    put_u8(&w, (r->by_containment ? 1u : 0u) | (r->direction_inferred ? 2u : 0u));
    put_u8(&w, r->direction < 0 ? 0xFFu : r->direction > 0 ? 1u : 0u);
    put_f64(&w, r->score);
    put_f64(&w, r->a_share);
    put_f64(&w, r->b_share);
    put_f64(&w, r->jaccard);
    put_f64(&w, r->jaccard_estimate);
    put_f64(&w, r->containment);
    put_u64(&w, r->content_hash);
    put_u32(&w, r->passage_count);
    for (size_t i = 0; i < r->passage_count; i++) {
        const rp_passage *p = &r->passages[i];
        const size_t sl = p->speaker != NULL ? strlen(p->speaker) : 0;
        put_u32(&w, p->a_start);
        put_u32(&w, p->a_end);
        put_u32(&w, p->b_start);
        put_u32(&w, p->b_end);
        put_u32(&w, p->word_count);
        put_f64(&w, p->identity);
        put_u8(&w, p->quote ? 1u : 0u);
        put_u16(&w, p->speaker != NULL ? (unsigned)(sl < NO_SPEAKER ? sl : NO_SPEAKER - 1)
                                       : NO_SPEAKER);
        if (p->speaker != NULL)
            put(&w, p->speaker, sl < NO_SPEAKER ? sl : NO_SPEAKER - 1);
    }
    put_u32(&w, r->sentence_count);
    for (size_t i = 0; i < r->sentence_count; i++) {
        const rp_sentence_pair *p = &r->sentences[i];
        put_u32(&w, p->a_start);
        put_u32(&w, p->a_end);
        put_u32(&w, p->b_start);
        put_u32(&w, p->b_end);
        put_f64(&w, p->similarity);
    }
    put_u32(&w, r->term_count);
    for (size_t i = 0; i < r->term_count; i++) {
        const size_t tl = strlen(r->terms[i]);
        put_u16(&w, (unsigned)(tl < 0xFFFF ? tl : 0xFFFF));
        put(&w, r->terms[i], tl < 0xFFFF ? tl : 0xFFFF);
    }
    return finish(&w, out, len);
}

struct reader {
    const uint8_t *p;
    size_t left;
    int bad;
};

static const uint8_t *take(struct reader *r, size_t n)
{
    const uint8_t *p = r->p;

    if (r->bad || n > r->left) {
        r->bad = 1;
        return NULL;
    }
    r->p += n;
    r->left -= n;
    return p;
}

static uint64_t get_le(struct reader *r, size_t n)
{
    const uint8_t *p = take(r, n);
    uint64_t v = 0;

    for (size_t i = 0; p != NULL && i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static double get_f64(struct reader *r)
{
    const uint64_t v = get_le(r, 8);
    double d;

    memcpy(&d, &v, sizeof(d));
    return d;
}

/* A count of items of at least 'least' bytes each that can still be in the blob. */
static size_t get_count(struct reader *r, size_t least)
{
    const size_t n = (size_t)get_le(r, 4);

    if (n > r->left / least)
        r->bad = 1;
    return r->bad ? 0 : n;
}

static char *get_str(struct reader *r, size_t len, int *nomem)
{
    const uint8_t *p = take(r, len);
    char *s;

    if (p == NULL)
        return NULL;
    if (memchr(p, '\0', len) != NULL) { /* strings are written without NULs */
        r->bad = 1;
        return NULL;
    }
    s = rp__strndup((const char *)p, len);
    *nomem |= s == NULL;
    return s;
}

int rp__codec_relation_get(const uint8_t *blob, size_t len, rp_relation *out)
{
    struct reader r = {blob, len, 0};
    rp_relation v;
    int nomem = 0;

    memset(&v, 0, sizeof(v));
    memset(out, 0, sizeof(*out));
    const unsigned version = (unsigned)get_le(&r, 1);
    v.type = (int)get_le(&r, 1);
    const unsigned flags = (unsigned)get_le(&r, 1);
    const unsigned dir = (unsigned)get_le(&r, 1);
    if (r.bad || version != RELATION_VERSION || v.type >= RP_REL_TYPE_COUNT || flags > 3 ||
        (dir != 0 && dir != 1 && dir != 0xFF))
        return RP_ECORRUPT;
    v.by_containment = (flags & 1) != 0;
    v.direction_inferred = (flags & 2) != 0;
    v.direction = dir == 0xFF ? -1 : (int)dir;
    v.score = get_f64(&r);
    v.a_share = get_f64(&r);
    v.b_share = get_f64(&r);
    v.jaccard = get_f64(&r);
    v.jaccard_estimate = get_f64(&r);
    v.containment = get_f64(&r);
    v.content_hash = get_le(&r, 8);
    const size_t np = get_count(&r, 27);
    rp_passage *ps = np > 0 ? rp__calloc(np, sizeof(*ps)) : NULL;
    nomem |= np > 0 && ps == NULL;
    v.passages = ps;
    for (size_t i = 0; i < np && !r.bad && !nomem; i++) {
        ps[i].a_start = (size_t)get_le(&r, 4);
        ps[i].a_end = (size_t)get_le(&r, 4);
        ps[i].b_start = (size_t)get_le(&r, 4);
        ps[i].b_end = (size_t)get_le(&r, 4);
        ps[i].word_count = (uint32_t)get_le(&r, 4);
        ps[i].identity = get_f64(&r);
        const uint64_t quote = get_le(&r, 1);
        ps[i].quote = quote == 1;
        if (quote > 1)
            r.bad = 1;
        const unsigned sl = (unsigned)get_le(&r, 2);
        if (sl != NO_SPEAKER && !r.bad)
            ps[i].speaker = get_str(&r, sl, &nomem);
        v.passage_count = i + 1;
        if (ps[i].a_start > ps[i].a_end || ps[i].b_start > ps[i].b_end)
            r.bad = 1;
    }
    const size_t ns = r.bad || nomem ? 0 : get_count(&r, 24);
    rp_sentence_pair *ss = ns > 0 ? rp__calloc(ns, sizeof(*ss)) : NULL;
    nomem |= ns > 0 && ss == NULL;
    v.sentences = ss;
    for (size_t i = 0; i < ns && !r.bad && !nomem; i++) {
        ss[i].a_start = (size_t)get_le(&r, 4);
        ss[i].a_end = (size_t)get_le(&r, 4);
        ss[i].b_start = (size_t)get_le(&r, 4);
        ss[i].b_end = (size_t)get_le(&r, 4);
        ss[i].similarity = get_f64(&r);
        v.sentence_count = i + 1;
    }
    const size_t nt = r.bad || nomem ? 0 : get_count(&r, 2);
    const char **ts = nt > 0 ? rp__calloc(nt, sizeof(*ts)) : NULL;
    nomem |= nt > 0 && ts == NULL;
    v.terms = ts;
    for (size_t i = 0; i < nt && !r.bad && !nomem; i++) {
        const size_t tl = (size_t)get_le(&r, 2);
        ts[i] = get_str(&r, tl, &nomem);
        v.term_count = i + 1;
    }
    if (r.left != 0)
        r.bad = 1;
    if (r.bad || nomem) {
        rp__relation_release(&v);
        return nomem ? RP_ENOMEM : RP_ECORRUPT;
    }
    *out = v;
    return RP_OK;
}

int rp__codec_spans_put(const rp_token *spans, size_t count, uint8_t **out, size_t *len)
{
    struct writer w = {{NULL, 0, 0}, 0};

    put_u32(&w, count);
    for (size_t i = 0; i < count; i++) {
        put_u32(&w, spans[i].start);
        put_u32(&w, spans[i].end);
    }
    return finish(&w, out, len);
}

int rp__codec_spans_get(const uint8_t *blob, size_t len, rp_token **spans, size_t *count)
{
    struct reader r = {blob, len, 0};
    const size_t n = get_count(&r, 8);
    rp_token *s = NULL;

    *spans = NULL;
    *count = 0;
    if (r.bad || r.left != n * 8)
        return RP_ECORRUPT;
    if (n > 0 && (s = rp__calloc(n, sizeof(*s))) == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        s[i].start = (size_t)get_le(&r, 4);
        s[i].end = (size_t)get_le(&r, 4);
        if (s[i].start > s[i].end || (i > 0 && s[i].start < s[i - 1].end)) {
            rp__free(s);
            return RP_ECORRUPT;
        }
    }
    *spans = s;
    *count = n;
    return RP_OK;
}

/* ---- the words of an article outside its furniture ----------------------------------------- */

/* v as a varint (7 bits a byte, least significant first) into b (10 bytes at most); its
 * length. */
static size_t varint_put(uint8_t *b, uint64_t v)
{
    size_t n = 0;

    while (v > 0x7F) {
        b[n++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    b[n++] = (uint8_t)v;
    return n;
}

static void put_varint(struct writer *w, uint64_t v)
{
    uint8_t b[10];

    put(w, b, varint_put(b, v));
}

/* A varint of up to 64 bits from [*p, end), in its shortest form; 0 when there is none. */
static int varint_from(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
    uint64_t x = 0;

    for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
        const uint8_t c = *(*p)++;
        if (shift == 63 && c > 1)
            return 0; /* beyond 64 bits */
        x |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) {
            *v = x;
            return shift == 0 || c != 0; /* a last byte of 0 is not the shortest form */
        }
    }
    return 0;
}

/* A varint of at most 32 bits; 0 with r->bad set when it is not one. */
static uint32_t get_varint(struct reader *r)
{
    const uint8_t *p = r->p;
    uint64_t v;

    if (r->bad || !varint_from(&p, r->p + r->left, &v) || v > UINT32_MAX) {
        r->bad = 1;
        return 0;
    }
    r->left -= (size_t)(p - r->p);
    r->p = p;
    return (uint32_t)v;
}

int rp__codec_words_put(const uint32_t *starts, size_t n, size_t boiler, uint8_t **out, size_t *len)
{
    struct writer w = {{NULL, 0, 0}, 0};

    put_u8(&w, WORDS_VERSION);
    put_varint(&w, boiler);
    put_varint(&w, n);
    for (size_t i = 0; i < n; i++)
        put_varint(&w, i == 0 ? starts[0] : starts[i] - starts[i - 1]);
    return finish(&w, out, len);
}

int rp__codec_words_get(const uint8_t *blob, size_t len, size_t text_len, uint32_t **starts,
                        size_t *n, size_t *cap, size_t *boiler)
{
    struct reader r = {blob, len, 0};
    const uint8_t *v = take(&r, 1);
    uint64_t at = 0;

    *n = 0;
    *boiler = 0;
    if (v == NULL || *v != WORDS_VERSION)
        return RP_ECORRUPT;
    const size_t b = get_varint(&r), count = get_varint(&r);
    if (r.bad || count > r.left) /* a start takes a byte at least */
        return RP_ECORRUPT;
    if (starts == NULL) { /* the counts alone */
        *n = count;
        *boiler = b;
        return RP_OK;
    }
    if (count > *cap) {
        uint32_t *p = rp__realloc(*starts, count * sizeof(*p));
        if (p == NULL)
            return RP_ENOMEM;
        *starts = p;
        *cap = count;
    }
    for (size_t i = 0; i < count; i++) {
        const uint32_t d = get_varint(&r);
        at += d;
        /* increasing, inside the text */
        if (r.bad || (i > 0 && d == 0) || at >= text_len)
            return RP_ECORRUPT;
        (*starts)[i] = (uint32_t)at;
    }
    if (r.left != 0)
        return RP_ECORRUPT;
    *n = count;
    *boiler = b;
    return RP_OK;
}

static int same_str(const char *a, const char *b)
{
    return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* Doubles compared by their bits: a stored value reads back exactly. */
static int same_f64(double x, double y)
{
    return memcmp(&x, &y, sizeof(x)) == 0;
}

int rp__relation_equal(const rp_relation *x, const rp_relation *y)
{
    if (x->type != y->type || !same_f64(x->score, y->score) || !same_f64(x->a_share, y->a_share) ||
        !same_f64(x->b_share, y->b_share) || !same_f64(x->jaccard, y->jaccard) ||
        !same_f64(x->jaccard_estimate, y->jaccard_estimate) ||
        !same_f64(x->containment, y->containment) || x->content_hash != y->content_hash ||
        x->direction != y->direction || x->direction_inferred != y->direction_inferred ||
        x->by_containment != y->by_containment || x->passage_count != y->passage_count ||
        x->sentence_count != y->sentence_count || x->term_count != y->term_count)
        return 0;
    for (size_t i = 0; i < x->passage_count; i++) {
        const rp_passage *p = &x->passages[i], *q = &y->passages[i];
        if (p->a_start != q->a_start || p->a_end != q->a_end || p->b_start != q->b_start ||
            p->b_end != q->b_end || p->word_count != q->word_count ||
            !same_f64(p->identity, q->identity) || p->quote != q->quote ||
            !same_str(p->speaker, q->speaker))
            return 0;
    }
    for (size_t i = 0; i < x->sentence_count; i++) {
        const rp_sentence_pair *p = &x->sentences[i], *q = &y->sentences[i];
        if (p->a_start != q->a_start || p->a_end != q->a_end || p->b_start != q->b_start ||
            p->b_end != q->b_end || !same_f64(p->similarity, q->similarity))
            return 0;
    }
    for (size_t i = 0; i < x->term_count; i++)
        if (!same_str(x->terms[i], y->terms[i]))
            return 0;
    return 1;
}

/* ---- blocks of postings (doc/FORMAT.md, "Postings") ------------------------------------- */

/* Version 2 (format 5 and older): fixed-width fields, u8 version, u32 count, the grams, the
 * aids. Version 3 (format 6): a head (count, distinct grams, first gram, the two bit widths,
 * the least aid), then bits: a flag per posting that starts a gram, the gaps between grams,
 * the aids less the least one (doc/FORMAT.md). */
#define BLOCK_FIXED 2
#define BLOCK_FIXED_HEAD 5 /* u8 version, u32 count */
#define BLOCK_PACKED 3

/* One load each where the machine is little-endian, as blobs are. */
static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(&v, p, sizeof(v));
#else
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
#endif
    return v;
}

static uint32_t le32(const uint8_t *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
#else
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
#endif
}

int rp__codec_u64s_put(const uint64_t *v, size_t n, uint8_t **out)
{
    uint8_t *p = rp__malloc(rp__mul_size(n, 8) + 1);

    if (p == NULL)
        return RP_ENOMEM;
    for (size_t k = 0; k < n; k++)
        for (int i = 0; i < 8; i++)
            p[8 * k + (size_t)i] = (uint8_t)(v[k] >> (8 * i));
    *out = p;
    return RP_OK;
}

void rp__codec_u64s_get(const uint8_t *p, size_t n, uint64_t *v)
{
    for (size_t k = 0; k < n; k++)
        v[k] = le64(p + 8 * k);
}

/* Bit width of v: 0 for 0. */
static unsigned width_of(uint64_t v)
{
    return v == 0 ? 0 : 64 - (unsigned)__builtin_clzll(v);
}

/* Writes values of up to 64 bits into a bit stream, least significant bit first. */
struct bits {
    struct rp__buf *out;
    uint64_t acc; /* bits not yet written */
    unsigned have;
    int rc;
};

static void bits_put(struct bits *w, uint64_t v, unsigned width)
{
    while (width > 0) {
        const unsigned take = width < 64 - w->have ? width : 64 - w->have;
        const uint64_t part = take == 64 ? v : v & ((UINT64_C(1) << take) - 1);
        w->acc |= part << w->have;
        w->have += take;
        v = take == 64 ? 0 : v >> take;
        width -= take;
        if (w->have == 64) {
            uint8_t b[8];
            for (int i = 0; i < 8; i++)
                b[i] = (uint8_t)(w->acc >> (8 * i));
            if (w->rc == RP_OK && rp__buf_append(w->out, b, 8) < 0)
                w->rc = RP_ENOMEM;
            w->acc = 0;
            w->have = 0;
        }
    }
}

static int bits_end(struct bits *w)
{
    uint8_t b[8];
    const unsigned n = (w->have + 7) / 8;

    for (unsigned i = 0; i < n; i++)
        b[i] = (uint8_t)(w->acc >> (8 * i));
    if (w->rc == RP_OK && n > 0 && rp__buf_append(w->out, b, n) < 0)
        w->rc = RP_ENOMEM;
    return w->rc;
}

int rp__codec_block_put(const uint64_t *grams, const int64_t *aids, size_t n, struct rp__buf *out)
{
    uint64_t distinct = 1, max_delta = 0, base = UINT32_MAX, max_off = 0;
    uint8_t h[48];
    size_t at = 0;

    if (n == 0 || n > UINT32_MAX)
        return RP_EINVAL;
    for (size_t k = 0; k < n; k++) {
        if (aids[k] <= 0 || aids[k] > (int64_t)UINT32_MAX ||
            (k > 0 &&
             (grams[k] < grams[k - 1] || (grams[k] == grams[k - 1] && aids[k] <= aids[k - 1]))))
            return RP_EINVAL;
        if (k > 0 && grams[k] != grams[k - 1]) {
            distinct++;
            if (grams[k] - grams[k - 1] > max_delta)
                max_delta = grams[k] - grams[k - 1];
        }
        if ((uint64_t)aids[k] < base)
            base = (uint64_t)aids[k];
    }
    for (size_t k = 0; k < n; k++)
        if ((uint64_t)aids[k] - base > max_off)
            max_off = (uint64_t)aids[k] - base;
    const unsigned wd = width_of(max_delta), wa = width_of(max_off);
    h[at++] = BLOCK_PACKED;
    at += varint_put(h + at, n);
    at += varint_put(h + at, distinct);
    for (int i = 0; i < 8; i++)
        h[at++] = (uint8_t)(grams[0] >> (8 * i));
    h[at++] = (uint8_t)wd;
    h[at++] = (uint8_t)wa;
    at += varint_put(h + at, base);
    if (rp__buf_append(out, h, at) < 0)
        return RP_ENOMEM;
    struct bits w = {out, 0, 0, RP_OK};
    for (size_t k = 0; k < n; k++)
        bits_put(&w, k == 0 || grams[k] != grams[k - 1], 1);
    for (size_t k = 1; k < n; k++)
        if (grams[k] != grams[k - 1])
            bits_put(&w, grams[k] - grams[k - 1], wd);
    for (size_t k = 0; k < n; k++)
        bits_put(&w, (uint64_t)aids[k] - base, wa);
    return bits_end(&w);
}

/* The value of width bits (at most 57) at bit pos of p, which has 8 readable bytes past the
 * last byte of the bits. */
static inline uint64_t bits_at(const uint8_t *p, uint64_t pos, unsigned width)
{
    const uint64_t x = le64(p + (pos >> 3)) >> (pos & 7);

    return x & ((UINT64_C(1) << width) - 1);
}

/* The same for up to 64 bits. */
static inline uint64_t bits_wide(const uint8_t *p, uint64_t pos, unsigned width)
{
    if (width <= 57)
        return bits_at(p, pos, width);
    return bits_at(p, pos, 32) | bits_at(p, pos + 32, width - 32) << 32;
}

static int block_room(size_t n, uint64_t **grams, int64_t **aids, size_t *cap)
{
    if (n <= *cap)
        return RP_OK;
    uint64_t *g = rp__realloc(*grams, n * sizeof(*g));
    if (g == NULL)
        return RP_ENOMEM;
    *grams = g;
    int64_t *a = rp__realloc(*aids, n * sizeof(*a));
    if (a == NULL)
        return RP_ENOMEM;
    *aids = a;
    *cap = n;
    return RP_OK;
}

/* A block of version 2: fixed-width grams and aids. */
static int block_fixed(const uint8_t *p, size_t len, uint64_t **grams, int64_t **aids,
                       size_t *count, size_t *cap)
{
    if (len < BLOCK_FIXED_HEAD)
        return RP_ECORRUPT;
    const size_t n = le32(p + 1);
    if (n == 0 || (len - BLOCK_FIXED_HEAD) / 12 != n || (len - BLOCK_FIXED_HEAD) % 12 != 0)
        return RP_ECORRUPT;
    const int rc = block_room(n, grams, aids, cap);
    if (rc < 0)
        return rc;
    const uint8_t *g = p + BLOCK_FIXED_HEAD, *a = g + 8 * n;
    for (size_t k = 0; k < n; k++) {
        (*grams)[k] = le64(g + 8 * k);
        (*aids)[k] = le32(a + 4 * k);
        /* in (gram, aid) order, aids positive */
        if ((*aids)[k] == 0 ||
            (k > 0 && ((*grams)[k] < (*grams)[k - 1] ||
                       ((*grams)[k] == (*grams)[k - 1] && (*aids)[k] <= (*aids)[k - 1]))))
            return RP_ECORRUPT;
    }
    *count = n;
    return RP_OK;
}

/* The postings of a packed block from its bit stream (of exactly the bits it needs, read with
 * 8 bytes to spare), checked as rp__codec_block_get says. */
static int block_bits(const uint8_t *q, uint64_t n, uint64_t distinct, unsigned wd, unsigned wa,
                      uint64_t gram, uint64_t base, uint64_t *g, int64_t *a)
{
    uint64_t delta_at = n, aid_at = n + (distinct - 1) * wd, seen = 1, max_delta = 0;
    uint64_t prev = bits_at(q, aid_at, wa), max_off = prev, min_off = prev, bad = 0;

    /* the first posting starts a gram; the others, without a branch on their flags (a gram
     * of one article or of several is a coin toss) */
    bad |= bits_at(q, 0, 1) ^ 1;
    g[0] = gram;
    a[0] = (int64_t)(base + prev);
    for (uint64_t k = 1; k < n; k++) {
        aid_at += wa;
        const uint64_t fresh = bits_at(q, k, 1), off = bits_at(q, aid_at, wa);
        const uint64_t d = bits_wide(q, delta_at, wd) & (0 - fresh);
        delta_at += wd & (0 - fresh);
        bad |= (fresh & (d == 0)) | (d > UINT64_MAX - gram) | ((fresh ^ 1) & (off <= prev));
        gram += d;
        seen += fresh;
        max_delta = d > max_delta ? d : max_delta;
        max_off = off > max_off ? off : max_off;
        min_off = off < min_off ? off : min_off;
        prev = off;
        g[k] = gram;
        a[k] = (int64_t)(base + off);
    }
    /* new grams increase and one gram's aids do; the grams counted, the widths the least that
     * hold the values, base the least aid, and no aid past 2^32 - 1 */
    if (bad || seen != distinct || width_of(max_delta) != wd || width_of(max_off) != wa ||
        min_off != 0 || max_off > UINT32_MAX - base)
        return RP_ECORRUPT;
    return RP_OK;
}

int rp__codec_block_get(const uint8_t *p, size_t len, uint64_t **grams, int64_t **aids,
                        size_t *count, size_t *cap)
{
    const uint8_t *q = p + 1, *end = p + len;
    uint64_t n, distinct, base, gram;
    uint8_t pad[4096];

    *count = 0;
    if (len > 0 && p[0] == BLOCK_FIXED)
        return block_fixed(p, len, grams, aids, count, cap);
    if (len == 0 || p[0] != BLOCK_PACKED)
        return RP_ECORRUPT;
    /* every posting takes a bit at least: the count is bounded by the blob */
    if (!varint_from(&q, end, &n) || n == 0 || n > 8 * (uint64_t)len ||
        !varint_from(&q, end, &distinct) || distinct == 0 || distinct > n || end - q < 10)
        return RP_ECORRUPT;
    gram = le64(q);
    const unsigned wd = q[8], wa = q[9];
    q += 10;
    if (wd > 64 || wa > 32 || (distinct == 1) != (wd == 0) || !varint_from(&q, end, &base) ||
        base == 0 || base > UINT32_MAX)
        return RP_ECORRUPT;
    const uint64_t bits = n + (distinct - 1) * wd + n * wa;
    const size_t body = (size_t)(end - q);
    if ((bits + 7) / 8 != body || (bits % 8 != 0 && q[body - 1] >> (bits % 8) != 0))
        return RP_ECORRUPT; /* the bits fill the blob, the rest of the last byte 0 */
    int rc = block_room((size_t)n, grams, aids, cap);
    if (rc < 0)
        return rc;
    /* the bits with 8 bytes to spare, so that every read is one load */
    uint8_t *copy = body + 8 <= sizeof(pad) ? pad : rp__malloc(body + 8);
    if (copy == NULL)
        return RP_ENOMEM;
    memcpy(copy, q, body);
    memset(copy + body, 0, 8);
    rc = block_bits(copy, n, distinct, wd, wa, gram, base, *grams, *aids);
    if (copy != pad)
        rp__free(copy);
    if (rc == RP_OK)
        *count = (size_t)n;
    return rc;
}
