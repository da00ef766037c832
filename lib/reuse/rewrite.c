/* rewrite.c: the rewrite detector. A rewrite follows another article sentence by sentence in
 * other words (a "spun" copy, a reworded wire story), so it shares few phrases with it but
 * most of its content words, in the same order.
 *
 * Terms: each article's words outside page furniture, stemmed (paraphrase.c); a stem's
 * weight is its inverse frequency among all sentences, the unit that paraphrase similarity
 * was fitted on. Exact and near-duplicates form classes (from the relations of the
 * duplicates detector) of which only one representative, the smallest id, takes part.
 * Candidates: each representative's TOP_TERMS strongest content stems (sublinear sentence
 * frequency times idf, shared with some other article) go into an inverted index; a stem in
 * more than MAX_POSTING lists is passed over, so work grows with the postings, not their
 * square; a pair sharing MIN_SHARED indexed stems is aligned. No other pair is compared.
 * Verification: the sentences of the two are aligned both ways (rp__rewrite_align: content
 * and word-order similarity, monotone runs) and the pair is a rewrite when one text follows
 * the other: most of it aligned, mostly reworded, with enough evidence (rp__rewrite_is); a
 * pair whose shared passages (the reuse detector's copy or quote) cover half of what its
 * reworded sentences do or more stays what it is. A rewrite of a representative is then tried on
 * the other members of both classes (at most CLASS_FANOUT of each), so that rewrites of a story
 * many outlets ran are related to each copy. */
#include "rewrite.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/sort.h"
#include "../base/banned.h"

#define MIN_SENT_WORDS 3   /* shorter sentences (datelines, headings) are not aligned */
#define MAX_SENTS 400      /* sentences of each text aligned; the rest are left out */
#define SCREEN 0.2         /* content similarity at which a sentence pair is scored */
#define MATCH 0.2          /* similarity at which two sentences may align */
#define OFFSET 0.15        /* an aligned pair adds its similarity less this to the path */
#define SKIP 0.1           /* cost of each sentence of the followed text a path steps over */
#define JUMP 0.5           /* cost of a jump back to an earlier sentence of the other text */
#define COPIED_LCS 0.8     /* an aligned pair whose stems follow in order this much is copied */
#define MIN_PAIRS 4        /* aligned sentence pairs of a rewrite, at least */
#define MIN_SCORE 2.0      /* evidence, at least: about eight aligned pairs of fair similarity */
#define REWRITE_SHARE 0.45 /* most of the rewrite aligned ... */
#define REWORDED_SHARE 0.5 /* ... at least half of that reworded ... */
#define OTHER_SHARE 0.3    /* ... and this much of the text it follows */
#define COPY_RATIO 0.5     /* passages covering this part of the reworded share keep a copy */
#define TOP_TERMS 40       /* indexed content stems per article */
#define MAX_POSTING 64     /* a stem indexed by more articles makes no candidates */
#define MIN_SHARED 5       /* indexed stems a candidate pair shares */
#define CLASS_FANOUT 16    /* members of a duplicate class a rewrite is tried on */
#define BLOCK 256          /* articles per unit of parallel work (each makes a stemmer) */

/* ---- sentences and their alignment ---- */

static int cmp_set_item(const void *x, const void *y)
{
    const struct rp__set_item *a = x, *b = y;

    return a->stem < b->stem ? -1 : a->stem > b->stem;
}

int rp__sents_build(struct rp__sents *s, const struct rp__terms *tm)
{
    s->count = s->set_count = 0;
    s->words = tm->count;
    for (size_t k = 0; k < tm->count;) {
        size_t e = k + 1;
        while (e < tm->count && tm->sentence[e] == tm->sentence[k])
            e++;
        if (e - k >= MIN_SENT_WORDS) {
            if (RP__GROW(s->v, s->cap, s->count + 1) < 0 ||
                RP__GROW(s->sets, s->set_cap, s->set_count + (e - k)) < 0)
                return RP_ENOMEM;
            struct rp__set_item *items = s->sets + s->set_count;
            size_t n = 0, u = 0;
            for (size_t w = k; w < e; w++)
                if (!(tm->kind[w] & RP__TERM_STOP))
                    items[n++] = (struct rp__set_item){tm->stem[w], tm->idf[w]};
            qsort(items, n, sizeof(*items), cmp_set_item);
            float weight = 0;
            for (size_t w = 0; w < n; w++)
                if (u == 0 || items[w].stem != items[u - 1].stem) {
                    items[u++] = items[w];
                    weight += items[w].idf;
                }
            s->v[s->count++] = (struct rp__sent){(uint32_t)k,
                                                 (uint32_t)e,
                                                 tm->sentence[k],
                                                 weight,
                                                 (uint32_t)s->set_count,
                                                 (uint32_t)(s->set_count + u)};
            s->set_count += u;
        }
        k = e;
    }
    return RP_OK;
}

void rp__sents_release(struct rp__sents *s)
{
    rp__free(s->v);
    rp__free(s->sets);
    memset(s, 0, sizeof(*s));
}

void rp__alignment_release(struct rp__alignment *al)
{
    rp__free(al->pairs);
    rp__free(al->sim);
    rp__free(al->from);
    rp__free(al->best);
    rp__free(al->prev);
    rp__free(al->best_at);
    rp__free(al->prev_at);
    rp__free(al->mark);
    rp__simil_scratch_release(&al->sc);
    memset(al, 0, sizeof(*al));
}

static double cosine(const struct rp__sents *sa, const struct rp__sent *x,
                     const struct rp__sents *sb, const struct rp__sent *y)
{
    const struct rp__set_item *p = sa->sets + x->set_begin, *pe = sa->sets + x->set_end;
    const struct rp__set_item *q = sb->sets + y->set_begin, *qe = sb->sets + y->set_end;
    double both = 0;

    while (p < pe && q < qe) {
        if (p->stem < q->stem)
            p++;
        else if (q->stem < p->stem)
            q++;
        else
            both += p->idf, p++, q++;
    }
    const double norm = sqrt((double)x->weight * (double)y->weight);
    return norm > 0 ? both / norm : 0.0;
}

static int alignment_reserve(struct rp__alignment *al, size_t cells, size_t row)
{
    if (cells > al->cells_cap) {
        float *sim = rp__realloc(al->sim, rp__mul_size(cells, sizeof(*sim)));
        if (sim == NULL)
            return RP_ENOMEM;
        al->sim = sim;
        int32_t *from = rp__realloc(al->from, rp__mul_size(cells, sizeof(*from)));
        if (from == NULL)
            return RP_ENOMEM;
        al->from = from;
        al->cells_cap = cells;
    }
    if (row > al->row_cap) {
        uint8_t *mark = rp__realloc(al->mark, row);
        if (mark != NULL)
            al->mark = mark;
        double *best = rp__realloc(al->best, rp__mul_size(row, sizeof(*best)));
        if (best != NULL)
            al->best = best;
        double *prev = rp__realloc(al->prev, rp__mul_size(row, sizeof(*prev)));
        if (prev != NULL)
            al->prev = prev;
        int32_t *best_at = rp__realloc(al->best_at, rp__mul_size(row, sizeof(*best_at)));
        if (best_at != NULL)
            al->best_at = best_at;
        int32_t *prev_at = rp__realloc(al->prev_at, rp__mul_size(row, sizeof(*prev_at)));
        if (prev_at != NULL)
            al->prev_at = prev_at;
        if (mark == NULL || best == NULL || prev == NULL || best_at == NULL || prev_at == NULL)
            return RP_ENOMEM;
        al->row_cap = row;
    }
    return RP_OK;
}

/* The similarity of every pair of sentences whose content overlaps (cosine at least SCREEN):
 * the geometric mean of that content similarity and the share of their words that follow in
 * the same order (longest common subsequence over the longer length); 0 below MATCH. */
static void score_cells(const struct rp__terms *wa, const struct rp__sents *sa,
                        const struct rp__terms *wb, const struct rp__sents *sb, size_t na,
                        size_t nb, struct rp__alignment *al)
{
    for (size_t j = 0; j < nb; j++)
        for (size_t i = 0; i < na; i++) {
            const struct rp__sent *x = &sa->v[i], *y = &sb->v[j];
            const double c = cosine(sa, x, sb, y);
            float *cell = &al->sim[j * na + i];
            *cell = 0;
            if (c < SCREEN)
                continue;
            const size_t lx = x->end - x->begin, ly = y->end - y->begin;
            const double l =
                (double)rp__simil_lcs(wa, x->begin, x->end, wb, y->begin, y->end, &al->sc) /
                (double)(lx > ly ? lx : ly);
            const double v = sqrt(c * l);
            *cell = v >= MATCH ? (float)v : 0.0f;
        }
}

/* Marks the aligned pairs that share nearly all their words in the same order: copied
 * sentences, not reworded ones. */
static void mark_copied(const struct rp__terms *wa, const struct rp__sents *sa,
                        const struct rp__terms *wb, const struct rp__sents *sb,
                        struct rp__alignment *al, struct rp__simil_scratch *sc)
{
    for (size_t k = 0; k < al->count; k++) {
        const struct rp__sent *x = &sa->v[al->pairs[k].a], *y = &sb->v[al->pairs[k].b];
        const size_t lx = x->end - x->begin, ly = y->end - y->begin;
        const size_t common = rp__simil_lcs(wa, x->begin, x->end, wb, y->begin, y->end, sc);
        al->pairs[k].copied = (double)common >= COPIED_LCS * (double)(lx > ly ? lx : ly);
    }
}

/* Words of the aligned sentences of each side, all of them and the reworded ones. */
static void shares(const struct rp__sents *sa, const struct rp__sents *sb, size_t na,
                   struct rp__alignment *al)
{
    size_t aw = 0, ar = 0, bw = 0, br = 0;

    al->score = 0;
    memset(al->mark, 0, na);
    for (size_t k = 0; k < al->count; k++) {
        const struct rp__sent_pair *p = &al->pairs[k];
        const size_t n = sb->v[p->b].end - sb->v[p->b].begin;
        al->score += p->sim - OFFSET;
        bw += n;
        br += p->copied ? 0 : n;
        if (al->mark[p->a]) /* a's sentence counts once */
            continue;
        al->mark[p->a] = 1;
        const size_t m = sa->v[p->a].end - sa->v[p->a].begin;
        aw += m;
        ar += p->copied ? 0 : m;
    }
    al->a_share = sa->words == 0 ? 0 : (double)aw / (double)sa->words;
    al->b_share = sb->words == 0 ? 0 : (double)bw / (double)sb->words;
    al->a_reworded = sa->words == 0 ? 0 : (double)ar / (double)sa->words;
    al->b_reworded = sb->words == 0 ? 0 : (double)br / (double)sb->words;
}

/* The best path of b's sentences (rows) through a's (columns) over the similarities
 * sim[row * rs + col * cs], into al->pairs. A path is a chain of aligned cells, rows
 * increasing. prev[i] is the best path ending at a cell (j', i') with j' < j and i' <= i,
 * less SKIP for every row it steps over; prev_at is that cell. A cell extends a path from
 * (j - 1, i - 1) or (j - 1, i) (a's sentence split in two), with a's sentences in between
 * passed over for free (b may leave out what a says, not add to it); or jumps back from the
 * best path anywhere for JUMP (a paragraph moved); or starts anew. */
static int path(const float *sim, size_t rows, size_t cols, size_t rs, size_t cs,
                struct rp__alignment *al)
{
    double top = 0; /* the best path ending in a row before the current one */
    int32_t top_at = -1;

    al->count = 0;
    for (size_t i = 0; i < cols; i++) {
        al->prev[i] = 0;
        al->prev_at[i] = -1;
    }
    for (size_t j = 0; j < rows; j++) {
        double row_top = top;
        int32_t row_top_at = top_at;
        for (size_t i = 0; i < cols; i++) {
            const size_t c = j * cols + i;
            const double v = sim[j * rs + i * cs];
            double here = -1;
            int32_t here_at = -1;
            al->from[c] = -2; /* not aligned */
            if (v > 0) {
                double base = 0;
                int32_t from = -1;
                if (i > 0 && al->prev_at[i - 1] >= 0 && al->prev[i - 1] > base) {
                    base = al->prev[i - 1];
                    from = al->prev_at[i - 1];
                }
                if (al->prev_at[i] >= 0 && al->prev[i] > base) {
                    base = al->prev[i];
                    from = al->prev_at[i];
                }
                if (top_at >= 0 && top - JUMP > base) {
                    base = top - JUMP;
                    from = top_at;
                }
                here = base + v - OFFSET;
                here_at = (int32_t)c;
                al->from[c] = from;
                if (row_top_at < 0 || here > row_top) {
                    row_top = here;
                    row_top_at = here_at;
                }
            }
            /* best[i] = max(here, prev[i] - SKIP, best[i - 1]) */
            double b = al->prev[i] - SKIP;
            int32_t b_at = al->prev_at[i];
            if (i > 0 && al->best_at[i - 1] >= 0 && (b_at < 0 || al->best[i - 1] > b)) {
                b = al->best[i - 1];
                b_at = al->best_at[i - 1];
            }
            if (here_at >= 0 && (b_at < 0 || here > b)) {
                b = here;
                b_at = here_at;
            }
            if (b < 0) /* starting anew is better */
                b_at = -1;
            al->best[i] = b;
            al->best_at[i] = b_at;
        }
        top = row_top;
        top_at = row_top_at;
        double *t = al->prev;
        al->prev = al->best;
        al->best = t;
        int32_t *t_at = al->prev_at;
        al->prev_at = al->best_at;
        al->best_at = t_at;
    }
    /* back from the best cell, then in b's order */
    for (int32_t c = top_at; c >= 0; c = al->from[c]) {
        if (RP__GROW(al->pairs, al->cap, al->count + 1) < 0)
            return RP_ENOMEM;
        const size_t j = (size_t)c / cols, i = (size_t)c % cols;
        al->pairs[al->count++] =
            (struct rp__sent_pair){(uint32_t)i, (uint32_t)j, sim[j * rs + i * cs], 0};
    }
    for (size_t k = 0; k < al->count / 2; k++) {
        const struct rp__sent_pair t = al->pairs[k];
        al->pairs[k] = al->pairs[al->count - 1 - k];
        al->pairs[al->count - 1 - k] = t;
    }
    return RP_OK;
}

int rp__rewrite_align(const struct rp__terms *wa, const struct rp__sents *sa,
                      const struct rp__terms *wb, const struct rp__sents *sb,
                      struct rp__alignment *ab, struct rp__alignment *ba)
{
    const size_t na = sa->count < MAX_SENTS ? sa->count : MAX_SENTS;
    const size_t nb = sb->count < MAX_SENTS ? sb->count : MAX_SENTS;
    const size_t most = na > nb ? na : nb;
    int rc;

    ab->count = ba->count = 0;
    ab->a_share = ab->b_share = ab->a_reworded = ab->b_reworded = ab->score = 0;
    ba->a_share = ba->b_share = ba->a_reworded = ba->b_reworded = ba->score = 0;
    if (na == 0 || nb == 0)
        return RP_OK;
    rc = alignment_reserve(ab, na * nb, most);
    if (rc == RP_OK)
        rc = alignment_reserve(ba, na * nb, most);
    if (rc == RP_OK) /* the LCS below cannot fail then */
        rc = rp__simil_reserve(&ab->sc);
    if (rc < 0)
        return rc;
    score_cells(wa, sa, wb, sb, na, nb, ab);
    rc = path(ab->sim, nb, na, na, 1, ab);
    if (rc == RP_OK)
        rc = path(ab->sim, na, nb, 1, na, ba);
    if (rc < 0)
        return rc;
    mark_copied(wa, sa, wb, sb, ab, &ab->sc);
    mark_copied(wb, sb, wa, sa, ba, &ab->sc);
    shares(sa, sb, na, ab);
    shares(sb, sa, nb, ba);
    return RP_OK;
}

int rp__rewrite_is(const struct rp__alignment *al)
{
    return al->count >= MIN_PAIRS && al->score >= MIN_SCORE && al->b_share >= REWRITE_SHARE &&
           al->b_reworded >= REWORDED_SHARE * al->b_share && al->a_share >= OTHER_SHARE;
}

/* ---- the detector ---- */

struct known {     /* a relation found before this detector ran */
    uint32_t a, b; /* corpus indices, a < b */
    int type;
    double a_share, b_share; /* the parts of a's and b's text its evidence covers */
};

struct state {
    const struct rp__docs *d;
    uint32_t *rep;          /* per article: the representative of its duplicate class */
    uint32_t *member_start; /* per article + 1: its class's members if it is a representative */
    uint32_t *members;      /* ... members[member_start[i], member_start[i + 1]), by id */
    uint32_t **keys;        /* per representative: distinct stem keys, sorted */
    uint8_t **tf;           /* sentences of it holding each key (at most 255) */
    uint32_t *key_count;
    uint32_t *df_keys; /* open addressing: key (0 = free) ... */
    uint32_t *df;      /* ... and the sentences of representatives that hold it */
    float *idf;        /* ... and its weight (rp__idf), once the table is complete */
    size_t df_slots;
    size_t df_used;
    size_t sentences; /* sentences of the representatives; atomic while collecting */
    uint32_t *top;    /* per article: TOP_TERMS indexed keys, the first top_count[i] */
    uint8_t *top_count;
    uint32_t *post_keys;  /* distinct indexed keys, sorted */
    uint32_t *post_start; /* per distinct key + 1: its postings in post_docs */
    uint32_t *post_docs;  /* articles, ascending, per key */
    size_t post_key_count;
    struct known *known; /* relations before, sorted by (a, b) */
    size_t known_count;
};

/* The key of a word in the candidate index and the frequency table: 32 bits of its stem,
 * the low bit set for a content word. */
static uint32_t key_of(const struct rp__terms *tm, size_t w)
{
    uint32_t k = (uint32_t)(tm->stem[w] >> 32);

    k = (tm->kind[w] & RP__TERM_STOP) ? (k & ~1u) : (k | 1u);
    return k == 0 ? 2 : k;
}

static size_t df_slot(const struct state *st, uint32_t key)
{
    size_t i = (size_t)((uint64_t)key * UINT64_C(0x9e3779b97f4a7c15) >> 32) & (st->df_slots - 1);

    while (st->df_keys[i] != 0 && st->df_keys[i] != key)
        i = (i + 1) & (st->df_slots - 1);
    return i;
}

static uint32_t df_of(const struct state *st, uint32_t key)
{
    return st->df_slots == 0 ? 0 : st->df[df_slot(st, key)];
}

static int df_grow(struct state *st)
{
    const size_t old = st->df_slots;
    uint32_t *keys = st->df_keys, *df = st->df;

    st->df_slots = old == 0 ? 1u << 16 : old * 2;
    st->df_keys = rp__calloc(st->df_slots, sizeof(*st->df_keys));
    st->df = rp__calloc(st->df_slots, sizeof(*st->df));
    if (st->df_keys == NULL || st->df == NULL) {
        rp__free(st->df_keys);
        rp__free(st->df);
        st->df_keys = keys;
        st->df = df;
        st->df_slots = old;
        return RP_ENOMEM;
    }
    for (size_t i = 0; i < old; i++)
        if (keys[i] != 0) {
            const size_t j = df_slot(st, keys[i]);
            st->df_keys[j] = keys[i];
            st->df[j] = df[i];
        }
    rp__free(keys);
    rp__free(df);
    return RP_OK;
}

/* What one thread works with. */
struct worker {
    struct state *st;
    struct rp__stemmer stemmer;
    struct rp_text ta, tb;
    struct rp__terms wa, wb;
    struct rp__sents sa, sb;
    struct rp__alignment al;   /* y's sentences following x's */
    struct rp__alignment back; /* x's sentences following y's */
    size_t loaded;             /* the article in ta/wa/sa, or SIZE_MAX */
    uint32_t *buf;             /* keys of one article's sentences; candidate articles */
    size_t buf_cap;
    uint32_t *tmp; /* scratch of rp__sort_u32() */
    size_t tmp_cap;
    uint32_t *count_doc, *count; /* open addressing: candidate article + 1, shared keys */
    size_t count_slots;
    uint32_t *touched; /* slots in use */
    size_t touched_count, touched_cap;
    rp_sentence_pair *ev;
    size_t ev_cap;
};

static int worker_init(struct worker *w, struct state *st)
{
    memset(w, 0, sizeof(*w));
    w->st = st;
    w->loaded = SIZE_MAX;
    return rp__stemmer_init(&w->stemmer);
}

static void worker_release(struct worker *w)
{
    rp__stemmer_release(&w->stemmer);
    rp__text_release(&w->ta);
    rp__text_release(&w->tb);
    rp__terms_release(&w->wa);
    rp__terms_release(&w->wb);
    rp__sents_release(&w->sa);
    rp__sents_release(&w->sb);
    rp__alignment_release(&w->al);
    rp__alignment_release(&w->back);
    rp__free(w->buf);
    rp__free(w->tmp);
    rp__free(w->count_doc);
    rp__free(w->count);
    rp__free(w->touched);
    rp__free(w->ev);
}

/* The distinct keys of representative i and the number of its sentences holding each. */
static int collect_one(struct worker *w, size_t i)
{
    struct state *st = w->st;
    const struct rp__terms *tm = &w->wa;
    size_t n = 0, sentences = 0, u = 0;
    int rc = st->d->analyze(st->d, i, &w->ta);

    if (rc == RP_OK)
        rc = rp__terms_build(&w->wa, &w->ta, &w->stemmer, 1);
    if (rc < 0)
        return rc;
    if (RP__GROW(w->buf, w->buf_cap, tm->count + 1) < 0 ||
        RP__GROW(w->tmp, w->tmp_cap, tm->count + 1) < 0)
        return RP_ENOMEM;
    for (size_t k = 0; k < tm->count;) {
        size_t e = k + 1, m = 0;
        while (e < tm->count && tm->sentence[e] == tm->sentence[k])
            e++;
        uint32_t *keys = w->buf + n; /* this sentence's distinct keys */
        for (size_t x = k; x < e; x++)
            keys[m++] = key_of(tm, x);
        rp__sort_u32(keys, m, w->tmp);
        for (size_t x = 0; x < m; x++)
            if (x == 0 || keys[x] != keys[x - 1])
                w->buf[n++] = keys[x];
        sentences++;
        k = e;
    }
    rp__sort_u32(w->buf, n, w->tmp);
    size_t distinct = 0;
    for (size_t x = 0; x < n; x++)
        distinct += x == 0 || w->buf[x] != w->buf[x - 1];
    st->keys[i] = rp__malloc(rp__mul_size(distinct + 1, sizeof(**st->keys)));
    st->tf[i] = rp__malloc(distinct + 1);
    if (st->keys[i] == NULL || st->tf[i] == NULL)
        return RP_ENOMEM;
    for (size_t x = 0; x < n;) {
        size_t y = x + 1;
        while (y < n && w->buf[y] == w->buf[x])
            y++;
        st->keys[i][u] = w->buf[x];
        st->tf[i][u++] = (uint8_t)(y - x > 255 ? 255 : y - x);
        x = y;
    }
    st->key_count[i] = (uint32_t)u;
    __atomic_add_fetch(&st->sentences, sentences, __ATOMIC_RELAXED);
    return RP_OK;
}

static int collect_block(size_t block, void *user)
{
    struct state *st = user;
    struct worker w;
    int rc = worker_init(&w, st);

    for (size_t i = block * BLOCK; i < (block + 1) * BLOCK && i < st->d->count && rc == RP_OK; i++)
        if (st->rep[i] == i)
            rc = collect_one(&w, i);
    worker_release(&w);
    return rc;
}

static double idf_of(const struct state *st, uint32_t key)
{
    return st->df_slots == 0 ? rp__idf(0, st->sentences) : st->idf[df_slot(st, key)];
}

struct weighted {
    uint32_t key;
    float weight;
};

static int cmp_weighted(const void *x, const void *y)
{
    const struct weighted *a = x, *b = y;

    if (a->weight != b->weight)
        return a->weight > b->weight ? -1 : 1;
    return a->key < b->key ? -1 : a->key > b->key;
}

/* Representative i's strongest content keys that some other article shares. */
static int select_one(struct state *st, size_t i, struct weighted *v)
{
    size_t n = 0;

    for (size_t k = 0; k < st->key_count[i]; k++) {
        const uint32_t key = st->keys[i][k], df = df_of(st, key);
        if (!(key & 1u) || df <= st->tf[i][k])
            continue;
        v[n++] =
            (struct weighted){key, (float)((1.0 + log((double)st->tf[i][k])) * idf_of(st, key))};
    }
    qsort(v, n, sizeof(*v), cmp_weighted);
    if (n > TOP_TERMS)
        n = TOP_TERMS;
    for (size_t k = 0; k < n; k++)
        st->top[i * TOP_TERMS + k] = v[k].key;
    st->top_count[i] = (uint8_t)n;
    return RP_OK;
}

struct posting {
    uint32_t key, doc;
};

static int cmp_posting(const void *x, const void *y)
{
    const struct posting *a = x, *b = y;

    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->doc < b->doc ? -1 : a->doc > b->doc;
}

/* The frequency table, each representative's indexed keys, and the index. */
static int build_index(struct state *st)
{
    const size_t n = st->d->count;
    struct weighted *v = NULL;
    struct posting *post = NULL;
    size_t most = 0, total = 0;
    int rc = RP_OK;

    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; st->keys[i] != NULL && k < st->key_count[i]; k++) {
            if ((st->df_used + 1) * 2 > st->df_slots && df_grow(st) < 0)
                return RP_ENOMEM;
            const size_t j = df_slot(st, st->keys[i][k]);
            if (st->df_keys[j] == 0) {
                st->df_keys[j] = st->keys[i][k];
                st->df_used++;
            }
            st->df[j] += st->tf[i][k];
        }
    st->idf = rp__malloc(rp__mul_size(st->df_slots + 1, sizeof(*st->idf)));
    if (st->idf == NULL)
        return RP_ENOMEM;
    for (size_t j = 0; j < st->df_slots; j++)
        st->idf[j] = (float)rp__idf(st->df[j], st->sentences);
    for (size_t i = 0; i < n; i++)
        most = st->key_count[i] > most ? st->key_count[i] : most;
    v = rp__malloc(rp__mul_size(most + 1, sizeof(*v)));
    st->top = rp__malloc(rp__mul_size(rp__mul_size(n, TOP_TERMS), sizeof(*st->top)));
    st->top_count = rp__calloc(n, 1);
    if (v == NULL || st->top == NULL || st->top_count == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (st->keys[i] != NULL)
            select_one(st, i, v);
        rp__free(st->keys[i]);
        rp__free(st->tf[i]);
        st->keys[i] = NULL;
        st->tf[i] = NULL;
        total += st->top_count[i];
    }
    post = rp__malloc(rp__mul_size(total + 1, sizeof(*post)));
    st->post_keys = rp__malloc(rp__mul_size(total + 1, sizeof(*st->post_keys)));
    st->post_start = rp__malloc(rp__mul_size(total + 2, sizeof(*st->post_start)));
    st->post_docs = rp__malloc(rp__mul_size(total + 1, sizeof(*st->post_docs)));
    if (post == NULL || st->post_keys == NULL || st->post_start == NULL || st->post_docs == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    total = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < st->top_count[i]; k++)
            post[total++] = (struct posting){st->top[i * TOP_TERMS + k], (uint32_t)i};
    qsort(post, total, sizeof(*post), cmp_posting);
    for (size_t p = 0; p < total; p++) {
        if (p == 0 || post[p].key != post[p - 1].key) {
            st->post_keys[st->post_key_count] = post[p].key;
            st->post_start[st->post_key_count++] = (uint32_t)p;
        }
        st->post_docs[p] = post[p].doc;
    }
    st->post_start[st->post_key_count] = (uint32_t)total;
out:
    rp__free(v);
    rp__free(post);
    return rc;
}

/* Analyses article i into one side of the worker: words, weights, sentences. */
static int load(struct worker *w, size_t i, struct rp_text *t, struct rp__terms *tm,
                struct rp__sents *s)
{
    const struct state *st = w->st;
    int rc = st->d->analyze(st->d, i, t);

    if (rc == RP_OK)
        rc = rp__terms_build(tm, t, &w->stemmer, 1);
    if (rc < 0)
        return rc;
    for (size_t k = 0; k < tm->count; k++)
        tm->idf[k] = (float)idf_of(st, key_of(tm, k));
    return rp__sents_build(s, tm);
}

static const struct known *known_of(const struct state *st, uint32_t a, uint32_t b)
{
    size_t lo = 0, hi = st->known_count;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const struct known *k = &st->known[mid];
        if (k->a < a || (k->a == a && k->b < b))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < st->known_count && st->known[lo].a == a && st->known[lo].b == b ? &st->known[lo]
                                                                                : NULL;
}

static int cmp_evidence(const void *x, const void *y)
{
    const rp_sentence_pair *a = x, *b = y;

    if (a->a_start != b->a_start)
        return a->a_start < b->a_start ? -1 : 1;
    return a->b_start < b->b_start ? -1 : a->b_start > b->b_start;
}

/* Relates x and y as a rewrite with the aligned sentences of al, in which x's text is on
 * side a (x_first) or side b. */
static int relate(struct worker *w, uint32_t x, uint32_t y, const struct rp__alignment *al,
                  int x_first)
{
    const struct rp__docs *d = w->st->d;
    /* al's side a is the text followed: x's when x_first, else y's */
    const struct rp_text *ta = x_first ? &w->ta : &w->tb, *tb = x_first ? &w->tb : &w->ta;
    const struct rp__sents *sa = x_first ? &w->sa : &w->sb, *sb = x_first ? &w->sb : &w->sa;
    const int a_is_first = (x < y) == (x_first != 0); /* al's a is the relation's a */
    rp_relation r;

    if (RP__GROW(w->ev, w->ev_cap, al->count + 1) < 0)
        return RP_ENOMEM;
    for (size_t k = 0; k < al->count; k++) {
        const struct rp__span *p = &ta->sents[sa->v[al->pairs[k].a].index];
        const struct rp__span *q = &tb->sents[sb->v[al->pairs[k].b].index];
        const struct rp__span *first = a_is_first ? p : q, *second = a_is_first ? q : p;
        w->ev[k] = (rp_sentence_pair){first->start, first->end, second->start, second->end,
                                      al->pairs[k].sim};
    }
    /* in a's text order, as the scan lists evidence whichever side the rewrite is */
    qsort(w->ev, al->count, sizeof(*w->ev), cmp_evidence);
    memset(&r, 0, sizeof(r));
    r.a = x < y ? x : y;
    r.b = x < y ? y : x;
    r.type = RP_REL_REWRITE;
    r.a_share = a_is_first ? al->a_share : al->b_share;
    r.b_share = a_is_first ? al->b_share : al->a_share;
    r.score = r.a_share > r.b_share ? r.a_share : r.b_share;
    r.jaccard = r.jaccard_estimate = r.containment = -1;
    const rp_article *pa = rp_corpus_get(d->corpus, r.a), *pb = rp_corpus_get(d->corpus, r.b);
    if (pa->published != RP_TIME_NONE && pb->published != RP_TIME_NONE &&
        pa->published != pb->published)
        r.direction = pa->published < pb->published ? 1 : -1;
    r.sentences = w->ev;
    r.sentence_count = al->count;
    return d->relate(d, &r);
}

/* 1 when al (side b the rewrite) makes a rewrite that the shared passages known before do
 * not explain as well; known_b is their share of side b's text. */
static int rewrite_wins(const struct rp__alignment *al, double known_b)
{
    return rp__rewrite_is(al) && known_b < COPY_RATIO * al->b_reworded;
}

/* Aligns x and y both ways (each text as the rewrite of the other); relates them when one
 * way makes a rewrite, the way that explains more. *is is 1 then. */
static int verify(struct worker *w, uint32_t x, uint32_t y, int *is)
{
    const struct state *st = w->st;
    const struct known *k = known_of(st, x < y ? x : y, x < y ? y : x);
    int rc = RP_OK;

    *is = 0;
    if (k != NULL && k->type <= RP_REL_NEAR_DUPLICATE)
        return RP_OK;
    if (w->loaded != x) {
        w->loaded = SIZE_MAX;
        rc = load(w, x, &w->ta, &w->wa, &w->sa);
        if (rc < 0)
            return rc;
        w->loaded = x;
    }
    rc = load(w, y, &w->tb, &w->wb, &w->sb);
    if (rc == RP_OK)
        rc = rp__rewrite_align(&w->wa, &w->sa, &w->wb, &w->sb, &w->al, &w->back);
    if (rc < 0)
        return rc;
    /* the known shares of x's and y's texts */
    const double kx = k == NULL ? 0 : x < y ? k->a_share : k->b_share;
    const double ky = k == NULL ? 0 : x < y ? k->b_share : k->a_share;
    const int y_rewrites = rewrite_wins(&w->al, ky), x_rewrites = rewrite_wins(&w->back, kx);
    if (!y_rewrites && !x_rewrites)
        return RP_OK;
    *is = 1;
    /* both ways: the one that explains more; on a tie, the one whose rewrite has the larger
     * id, so that the order of the input does not matter */
    int y_wins = y_rewrites && !x_rewrites;
    if (y_rewrites && x_rewrites)
        y_wins = w->al.b_reworded != w->back.b_reworded
                     ? w->al.b_reworded > w->back.b_reworded
                     : strcmp(rp_corpus_get(st->d->corpus, y)->id,
                              rp_corpus_get(st->d->corpus, x)->id) > 0;
    return y_wins ? relate(w, x, y, &w->al, 1) : relate(w, x, y, &w->back, 0);
}

/* A rewrite between two representatives, tried on the other members of their classes. */
static int expand(struct worker *w, uint32_t x, uint32_t y)
{
    const struct state *st = w->st;
    const uint32_t *mx = st->members + st->member_start[x];
    const uint32_t *my = st->members + st->member_start[y];
    size_t nx = st->member_start[x + 1] - st->member_start[x];
    size_t ny = st->member_start[y + 1] - st->member_start[y];
    int rc = RP_OK, is;

    nx = nx > CLASS_FANOUT ? CLASS_FANOUT : nx;
    ny = ny > CLASS_FANOUT ? CLASS_FANOUT : ny;
    for (size_t i = 0; i < nx && rc == RP_OK; i++)
        for (size_t j = 0; j < ny && rc == RP_OK; j++)
            if (mx[i] != x || my[j] != y)
                rc = verify(w, mx[i], my[j], &is);
    return rc;
}

static size_t posting_of(const struct state *st, uint32_t key)
{
    size_t lo = 0, hi = st->post_key_count;

    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (st->post_keys[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Adds one shared key for candidate b in the worker's counting table. */
static int count_one(struct worker *w, uint32_t b)
{
    size_t i = (size_t)((uint64_t)b * UINT64_C(0x9e3779b97f4a7c15) >> 32) & (w->count_slots - 1);

    while (w->count_doc[i] != 0 && w->count_doc[i] != b + 1)
        i = (i + 1) & (w->count_slots - 1);
    if (w->count_doc[i] == 0) {
        if (RP__GROW(w->touched, w->touched_cap, w->touched_count + 1) < 0)
            return RP_ENOMEM;
        w->count_doc[i] = b + 1;
        w->touched[w->touched_count++] = (uint32_t)i;
    }
    w->count[i]++;
    return RP_OK;
}

/* The candidates of representative a (articles after it sharing MIN_SHARED indexed keys),
 * each aligned. */
static int pairs_of(struct worker *w, uint32_t a, uint64_t *aligned)
{
    const struct state *st = w->st;
    const size_t need = (size_t)TOP_TERMS * MAX_POSTING * 2;
    size_t n = 0;
    int rc = RP_OK;

    if (w->count_slots < need) {
        size_t slots = 1;
        while (slots < need)
            slots <<= 1;
        rp__free(w->count_doc);
        rp__free(w->count);
        w->count_doc = rp__calloc(slots, sizeof(*w->count_doc));
        w->count = rp__calloc(slots, sizeof(*w->count));
        w->count_slots = slots;
        if (w->count_doc == NULL || w->count == NULL) {
            w->count_slots = 0;
            return RP_ENOMEM;
        }
    }
    w->touched_count = 0;
    for (size_t k = 0; k < st->top_count[a] && rc == RP_OK; k++) {
        const size_t p = posting_of(st, st->top[(size_t)a * TOP_TERMS + k]);
        const uint32_t from = st->post_start[p], to = st->post_start[p + 1];
        if (to - from > MAX_POSTING)
            continue;
        for (uint32_t q = from; q < to && rc == RP_OK; q++)
            if (st->post_docs[q] > a)
                rc = count_one(w, st->post_docs[q]);
    }
    if (rc == RP_OK && RP__GROW(w->buf, w->buf_cap, w->touched_count + 1) < 0)
        rc = RP_ENOMEM;
    for (size_t k = 0; k < w->touched_count; k++) {
        const uint32_t slot = w->touched[k];
        if (rc == RP_OK && w->count[slot] >= MIN_SHARED)
            w->buf[n++] = w->count_doc[slot] - 1;
        w->count_doc[slot] = 0;
        w->count[slot] = 0;
    }
    if (rc < 0)
        return rc;
    if (RP__GROW(w->tmp, w->tmp_cap, n + 1) < 0)
        return RP_ENOMEM;
    rp__sort_u32(w->buf, n, w->tmp);
    *aligned += n;
    for (size_t k = 0; k < n && rc == RP_OK; k++) {
        const uint32_t b = w->buf[k];
        int is;
        rc = verify(w, a, b, &is);
        if (rc == RP_OK && is)
            rc = expand(w, a, b);
    }
    return rc;
}

static int align_block(size_t block, void *user)
{
    struct state *st = user;
    struct worker w;
    uint64_t aligned = 0;
    int rc = worker_init(&w, st);

    for (size_t i = block * BLOCK; i < (block + 1) * BLOCK && i < st->d->count && rc == RP_OK; i++)
        if (st->rep[i] == i && st->top_count[i] > 0)
            rc = pairs_of(&w, (uint32_t)i, &aligned);
    st->d->tally(st->d, RP_COUNT_REWRITE_CANDIDATES, aligned);
    worker_release(&w);
    return rc;
}

static int cmp_known(const void *x, const void *y)
{
    const struct known *a = x, *b = y;

    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static uint32_t find_root(uint32_t *parent, uint32_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static int cmp_member(const void *x, const void *y, void *corpus)
{
    const uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

    return strcmp(rp_corpus_get(corpus, a)->id, rp_corpus_get(corpus, b)->id);
}

/* The relations found so far, and the duplicate classes they make: each article's
 * representative is the member with the smallest id, so classes do not depend on the order
 * of the input. */
static int classes(struct state *st)
{
    const struct rp__docs *d = st->d;
    const size_t n = d->count, rels = d->relation_count(d);
    uint32_t *parent = NULL, *fill = NULL;
    int rc = RP_OK;

    st->known = rp__malloc(rp__mul_size(rels + 1, sizeof(*st->known)));
    parent = rp__malloc(rp__mul_size(n, sizeof(*parent)));
    st->rep = rp__malloc(rp__mul_size(n, sizeof(*st->rep)));
    st->member_start = rp__calloc(n + 1, sizeof(*st->member_start));
    st->members = rp__malloc(rp__mul_size(n, sizeof(*st->members)));
    fill = rp__calloc(n + 1, sizeof(*fill));
    if (st->known == NULL || parent == NULL || st->rep == NULL || st->member_start == NULL ||
        st->members == NULL || fill == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        parent[i] = (uint32_t)i;
    for (size_t k = 0; k < rels; k++) {
        const rp_relation *r = d->relation(d, k);
        st->known[st->known_count++] =
            (struct known){(uint32_t)r->a, (uint32_t)r->b, r->type, r->a_share, r->b_share};
        if (r->type > RP_REL_NEAR_DUPLICATE)
            continue;
        const uint32_t x = find_root(parent, (uint32_t)r->a), y = find_root(parent, (uint32_t)r->b);
        if (x != y)
            parent[x < y ? y : x] = x < y ? x : y;
    }
    qsort(st->known, st->known_count, sizeof(*st->known), cmp_known);
    /* the member with the smallest id represents each class */
    for (size_t i = 0; i < n; i++) {
        st->members[i] = find_root(parent, (uint32_t)i); /* scratch: the roots */
        st->rep[i] = UINT32_MAX;
    }
    for (size_t i = 0; i < n; i++) {
        const uint32_t root = st->members[i];
        if (st->rep[root] == UINT32_MAX || strcmp(rp_corpus_get(d->corpus, i)->id,
                                                  rp_corpus_get(d->corpus, st->rep[root])->id) < 0)
            st->rep[root] = (uint32_t)i;
    }
    for (size_t i = 0; i < n; i++)
        parent[i] = st->rep[st->members[i]];
    memcpy(st->rep, parent, n * sizeof(*st->rep));
    for (size_t i = 0; i < n; i++)
        st->member_start[st->rep[i] + 1]++;
    for (size_t i = 0; i < n; i++)
        st->member_start[i + 1] += st->member_start[i];
    for (size_t i = 0; i < n; i++)
        st->members[st->member_start[st->rep[i]] + fill[st->rep[i]]++] = (uint32_t)i;
    for (size_t i = 0; i < n; i++)
        if (st->member_start[i + 1] - st->member_start[i] > 1)
            qsort_r(st->members + st->member_start[i],
                    st->member_start[i + 1] - st->member_start[i], sizeof(*st->members), cmp_member,
                    (void *)(uintptr_t)d->corpus);
out:
    rp__free(parent);
    rp__free(fill);
    return rc;
}

int rp__rewrite_find(const struct rp__docs *d)
{
    struct state st;
    const size_t blocks = (d->count + BLOCK - 1) / BLOCK;
    int rc;

    memset(&st, 0, sizeof(st));
    st.d = d;
    if (d->count < 2)
        return RP_OK;
    if (d->count >= UINT32_MAX)
        return RP_ELIMIT;
    rc = classes(&st);
    if (rc < 0)
        goto out;
    st.keys = rp__calloc(d->count, sizeof(*st.keys));
    st.tf = rp__calloc(d->count, sizeof(*st.tf));
    st.key_count = rp__calloc(d->count, sizeof(*st.key_count));
    if (st.keys == NULL || st.tf == NULL || st.key_count == NULL) {
        rc = RP_ENOMEM;
        goto out;
    }
    rc = rp__parallel_for(blocks, d->thread_count, collect_block, &st);
    if (rc == RP_OK)
        rc = build_index(&st);
    if (rc == RP_OK)
        rc = rp__parallel_for(blocks, d->thread_count, align_block, &st);
out:
    for (size_t i = 0; i < d->count; i++) { /* either may have failed */
        if (st.keys != NULL)
            rp__free(st.keys[i]);
        if (st.tf != NULL)
            rp__free(st.tf[i]);
    }
    rp__free(st.keys);
    rp__free(st.tf);
    rp__free(st.key_count);
    rp__free(st.df_keys);
    rp__free(st.df);
    rp__free(st.idf);
    rp__free(st.top);
    rp__free(st.top_count);
    rp__free(st.post_keys);
    rp__free(st.post_start);
    rp__free(st.post_docs);
    rp__free(st.known);
    rp__free(st.rep);
    rp__free(st.member_start);
    rp__free(st.members);
    return rc;
}
