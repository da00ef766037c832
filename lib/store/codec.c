/* codec.c: the blobs of the index format (doc/FORMAT.md, "Blobs"): relation parts and
 * boilerplate spans, little-endian and fixed-width (the word starts of an article: varints),
 * so that a file reads the same on every machine. Decoders check each length against what is left
 * of the blob and every value against its range: a damaged blob gives RP_ECORRUPT, never a read
 * outside it. */
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

static void put_varint(struct writer *w, uint64_t v)
{
    uint8_t b[10];
    size_t n = 0;

    do {
        b[n++] = (uint8_t)((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
        v >>= 7;
    } while (v > 0);
    put(w, b, n);
}

/* A varint of at most 5 bytes (32 bits); 0 with r->bad set when it is not one. */
static uint32_t get_varint(struct reader *r)
{
    uint64_t v = 0;

    for (unsigned shift = 0; shift < 35; shift += 7) {
        const uint8_t *p = take(r, 1);
        if (p == NULL)
            return 0;
        v |= (uint64_t)(*p & 0x7F) << shift;
        if (!(*p & 0x80)) {
            if (v > UINT32_MAX || (shift > 0 && *p == 0)) /* too large, or not the shortest */
                break;
            return (uint32_t)v;
        }
    }
    r->bad = 1;
    return 0;
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

/* Fixed-width fields: a lookup reads a block with a copy, no decoding step. */
#define BLOCK_VERSION 2
#define BLOCK_HEAD 5 /* u8 version, u32 count */

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

int rp__codec_block_put(const uint64_t *grams, const int64_t *aids, size_t n, struct rp__buf *out)
{
    uint8_t b[8];
    int rc;

    if (n == 0 || n > UINT32_MAX)
        return RP_EINVAL;
    b[0] = BLOCK_VERSION;
    for (int i = 0; i < 4; i++)
        b[1 + i] = (uint8_t)(n >> (8 * i));
    rc = rp__buf_append(out, b, BLOCK_HEAD);
    for (size_t k = 0; k < n && rc == RP_OK; k++) {
        for (int i = 0; i < 8; i++)
            b[i] = (uint8_t)(grams[k] >> (8 * i));
        rc = rp__buf_append(out, b, 8);
    }
    for (size_t k = 0; k < n && rc == RP_OK; k++) {
        if (aids[k] <= 0 || aids[k] > (int64_t)UINT32_MAX)
            return RP_EINVAL;
        for (int i = 0; i < 4; i++)
            b[i] = (uint8_t)((uint64_t)aids[k] >> (8 * i));
        rc = rp__buf_append(out, b, 4);
    }
    return rc < 0 ? RP_ENOMEM : RP_OK;
}

int rp__codec_block_get(const uint8_t *p, size_t len, uint64_t **grams, int64_t **aids,
                        size_t *count, size_t *cap)
{
    size_t n;

    *count = 0;
    if (len < BLOCK_HEAD || p[0] != BLOCK_VERSION)
        return RP_ECORRUPT;
    n = le32(p + 1);
    if (n == 0 || (len - BLOCK_HEAD) / 12 != n || (len - BLOCK_HEAD) % 12 != 0)
        return RP_ECORRUPT;
    if (n > *cap) {
        uint64_t *g = rp__realloc(*grams, n * sizeof(*g));
        if (g == NULL)
            return RP_ENOMEM;
        *grams = g;
        int64_t *a = rp__realloc(*aids, n * sizeof(*a));
        if (a == NULL)
            return RP_ENOMEM;
        *aids = a;
        *cap = n;
    }
    const uint8_t *g = p + BLOCK_HEAD, *a = g + 8 * n;
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
