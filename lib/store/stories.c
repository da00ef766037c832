/* stories.c: the stories of the index, kept between batches.
 *
 * A story's partition depends on the whole corpus (TF-IDF weights, group-average
 * clustering), so it cannot be updated exactly one article at a time. A batch therefore does
 * one of two things (doc/FORMAT.md, "Stories"):
 *   - it settles: the story detector runs again over every current article, starting from
 *     the relations the index holds (rp__scan_resume), which gives exactly the stories of a
 *     scan; this is the default while the index is small (RP__SETTLE_LIMIT articles);
 *   - or it places its new articles provisionally: each joins the story of the article it
 *     is most strongly related to (exact > near-duplicate > copy > quote, then score, then
 *     canonical order) or starts a story of its own, and only the stories it touches are
 *     described again (order, original, roles, sources: rp__provenance_set of the
 *     detector, on that story alone).
 * Either way stories keep their ids: after settling, each new cluster takes the id of the
 * old story that gives it most members (ties to the older story); a story whose id no
 * cluster takes has merged, and its id becomes an alias of the cluster holding most of its
 * former members, so that it still resolves. A new story is named like a scan names it,
 * "s" and the hash of its member ids in byte order. */
#include "batch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../io/io.h"
#include "../scan/scan.h"
#include "../story/provenance.h"
#include "../base/banned.h"

void rp__stories_release(struct batch *b)
{
    for (size_t i = 0; i < b->placed_count; i++) {
        rp__free(b->placed[i].aids);
        rp__free(b->placed[i].roles);
        rp__free(b->placed[i].novel);
        rp__free(b->placed[i].sources);
        rp__free(b->placed[i].title);
    }
    rp__free(b->placed);
    b->placed = NULL;
    b->placed_count = b->placed_cap = 0;
}

/* 1 in *taken when a story or an alias has this name (name is the buffer of a placed story,
 * which is not compared with itself). */
static int name_taken(struct batch *b, const char *name, int *taken)
{
    static const enum stmt which[2] = {ST_STORY_NAME, ST_ALIAS};
    int rc = RP_OK;

    *taken = 0;
    for (size_t i = 0; i < b->placed_count && !*taken; i++)
        *taken = b->placed[i].name != name && strcmp(b->placed[i].name, name) == 0;
    for (int k = 0; k < 2 && !*taken && rc == RP_OK; k++) {
        sqlite3_stmt *s = rp__store_stmt(b->ix, which[k]);
        if (s == NULL)
            return RP_EIO;
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        rc = rp__store_step(b->ix, s, "reading the stories");
        *taken = rc == 1;
        sqlite3_reset(s);
        rc = rc < 0 ? rc : RP_OK;
    }
    return rc;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* A name for a new story: "s" and the hash of its member ids in byte order, as a scan names
 * it; another hash when that one is taken. */
static int new_name(struct batch *b, const int64_t *aids, size_t n, int64_t sid, char *out,
                    size_t cap)
{
    const char **ids = rp__calloc(n + 1, sizeof(*ids));
    int taken = 1, rc = ids == NULL ? RP_ENOMEM : RP_OK;

    for (size_t i = 0; i < n && rc == RP_OK; i++) {
        const struct rp__key *k;
        rc = rp__batch_key(b, aids[i], &k);
        if (rc == RP_OK)
            ids[i] = k->id;
    }
    if (rc == RP_OK && n > 1)
        qsort(ids, n, sizeof(*ids), cmp_str);
    for (uint64_t round = 0; taken && rc == RP_OK; round++) {
        XXH3_state_t h;
        XXH3_64bits_reset(&h);
        for (size_t i = 0; i < n; i++)
            XXH3_64bits_update(&h, ids[i], strlen(ids[i]) + 1);
        if (round > 0) {
            const int64_t salt[2] = {sid, (int64_t)round};
            XXH3_64bits_update(&h, salt, sizeof(salt));
        }
        snprintf(out, cap, "s%016llx", (unsigned long long)XXH3_64bits_digest(&h));
        rc = name_taken(b, out, &taken);
    }
    rp__free(ids);
    return rc;
}

/* ---- describing one story ------------------------------------------------------------- */

struct rel_list {
    rp_relation *v;
    size_t count, cap;
};

static void rel_list_release(struct rel_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        rp__relation_release(&l->v[i]);
    rp__free(l->v);
    memset(l, 0, sizeof(*l));
}

/* What the provenance of one story reads and writes: its members (corpus indices are
 * positions in arts[]), the relations between them, and the story it makes. */
struct describe_ctx {
    struct batch *b;
    const size_t *art;    /* per member: index in b->arts */
    struct rel_list rels; /* sorted by (a, b), a < b */
    rp_story st;          /* the story made: arrays owned */
    int made;
};

static size_t docs_relation_count(const struct rp__docs *d)
{
    return ((const struct describe_ctx *)d->ctx)->rels.count;
}

static const rp_relation *docs_relation(const struct rp__docs *d, size_t i)
{
    const struct describe_ctx *x = d->ctx;

    return i < x->rels.count ? &x->rels.v[i] : NULL;
}

static int docs_core_words(const struct rp__docs *d, size_t i, uint32_t **starts, size_t *n,
                           size_t *cap, size_t *boiler)
{
    const struct describe_ctx *x = d->ctx;

    return rp__batch_words(x->b, x->art[i], starts, n, cap, boiler); /* named by describe() */
}

/* RP_ECORRUPT with a message naming the first linked member whose words do not decode. */
static int name_damaged(struct batch *b, const size_t *art, const uint8_t *linked, size_t n)
{
    uint32_t *starts = NULL;
    size_t cap = 0, words, boiler;
    size_t k = 0;

    while (k < n && !(linked[k] &&
                      rp__batch_words(b, art[k], &starts, &words, &cap, &boiler) == RP_ECORRUPT))
        k++;
    rp__free(starts);
    if (k == n) /* (none: provenance cannot give RP_ECORRUPT otherwise) */
        return rp__store_fail(b->ix, RP_ECORRUPT, "'%s': a story's words are damaged", b->ix->path);
    return rp__store_fail(b->ix, RP_ECORRUPT, "'%s': article '%s' has damaged words", b->ix->path,
                          b->arts[art[k]]->a.id);
}

/* The directions provenance gives relations without one: a provisional story does not
 * record them (a settlement does, as phase-3 parts). */
static int docs_relate(const struct rp__docs *d, const rp_relation *r)
{
    (void)d;
    (void)r;
    return RP_OK;
}

static int docs_set_stories(const struct rp__docs *d, const rp_story *stories, size_t count)
{
    struct describe_ctx *x = d->ctx;
    const size_t n = count == 1 ? stories[0].article_count : 0;

    if (count != 1 || n != d->count || x->made)
        return RP_EINVAL;
    x->made = 1;
    x->st = stories[0];
    size_t *arts = rp__calloc(n + 1, sizeof(*arts)), *src = rp__calloc(n + 1, sizeof(*src));
    int *roles = rp__calloc(n + 1, sizeof(*roles));
    double *novel = rp__calloc(n + 1, sizeof(*novel));
    x->st.articles = arts;
    x->st.sources = src;
    x->st.roles = roles;
    x->st.novel_share = novel;
    if (arts == NULL || src == NULL || roles == NULL || novel == NULL)
        return RP_ENOMEM;
    memcpy(arts, stories[0].articles, n * sizeof(*arts));
    memcpy(src, stories[0].sources, n * sizeof(*src));
    memcpy(roles, stories[0].roles, n * sizeof(*roles));
    memcpy(novel, stories[0].novel_share, n * sizeof(*novel));
    x->st.id = NULL;
    x->st.title = NULL; /* taken from the corpus by the caller */
    return RP_OK;
}

static int cmp_rel_pair(const void *x, const void *y)
{
    const rp_relation *a = x, *b = y;

    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

/* Adds a story as the batch leaves it. */
static int place(struct batch *b, struct placed **out)
{
    if (RP__GROW(b->placed, b->placed_cap, b->placed_count + 1) < 0)
        return RP_ENOMEM;
    *out = &b->placed[b->placed_count++];
    memset(*out, 0, sizeof(**out));
    return RP_OK;
}

static int index_of(const struct rp__map *m, int64_t aid, size_t *i)
{
    const uint64_t *v = rp__map_find(m, (uint64_t)aid);

    if (v == NULL)
        return 0;
    *i = *v;
    return 1;
}

/* Adds the relation of (lo, hi) after the batch to l, in member indices. */
static int add_member_pair(struct batch *b, const struct rp__map *member, struct rp__map *seen,
                           int64_t lo, int64_t hi, struct rel_list *l)
{
    size_t ia, ib;
    rp_relation r;
    int flip, found, rc;

    if (!index_of(member, lo, &ia) || !index_of(member, hi, &ib))
        return RP_OK;
    if (rp__map_find(seen, (uint64_t)lo << 32 | (uint64_t)hi) != NULL)
        return RP_OK;
    rc = rp__map_put(seen, (uint64_t)lo << 32 | (uint64_t)hi, 1, NULL);
    if (rc == RP_OK)
        rc = rp__batch_relation(b, lo, hi, &r, &flip, &found);
    if (rc < 0 || !found)
        return rc;
    if (RP__GROW(l->v, l->cap, l->count + 1) < 0) {
        rp__relation_release(&r);
        return RP_ENOMEM;
    }
    r.a = flip ? ib : ia;
    r.b = flip ? ia : ib;
    l->v[l->count++] = r;
    return RP_OK;
}

/* An end of a change between two old articles. */
struct old_end {
    int64_t aid;
    size_t change;
};

/* The changes of the batch by article: change indices of article a are
 * by[start[a]..start[a + 1]) where a is the article's index among 'fresh'; the changes
 * between two old articles by each of their ends, so that a story finds those of its
 * members without going through all of them (a batch describes thousands of stories). */
struct adjacency {
    struct rp__map index; /* aid -> position among the new articles */
    size_t *start, *by;
    struct old_end *old; /* both ends of each, by (aid, change) */
    size_t old_count;
    struct rp__map old_at; /* aid -> its first end in old */
};

static int cmp_old_end(const void *x, const void *y)
{
    const struct old_end *a = x, *b = y;

    if (a->aid != b->aid)
        return a->aid < b->aid ? -1 : 1;
    return a->change < b->change ? -1 : a->change > b->change;
}

static int adjacency_make(struct batch *b, const int64_t *fresh, size_t nf, struct adjacency *adj)
{
    int rc = RP_OK;

    adj->start = rp__calloc(nf + 2, sizeof(*adj->start));
    adj->by = rp__calloc(2 * b->change_count + 1, sizeof(*adj->by));
    adj->old = rp__calloc(2 * b->change_count + 1, sizeof(*adj->old));
    if (adj->start == NULL || adj->by == NULL || adj->old == NULL)
        return RP_ENOMEM;
    for (size_t f = 0; f < nf && rc == RP_OK; f++)
        rc = rp__map_put(&adj->index, (uint64_t)fresh[f], f, NULL);
    if (rc < 0)
        return rc;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t c = 0; c < b->change_count; c++) {
            const int64_t ends[2] = {b->changes[c].lo, b->changes[c].hi};
            int fresh_ends = 0;
            for (int e = 0; e < 2; e++) {
                const uint64_t *v = rp__map_find(&adj->index, (uint64_t)ends[e]);
                if (v == NULL)
                    continue;
                fresh_ends++;
                if (pass == 0)
                    adj->start[*v + 2]++;
                else
                    adj->by[adj->start[*v + 1]++] = c;
            }
            if (pass == 0 && fresh_ends == 0) /* between two old articles */
                for (int e = 0; e < 2; e++)
                    adj->old[adj->old_count++] = (struct old_end){ends[e], c};
        }
        if (pass == 0)
            for (size_t f = 0; f < nf; f++)
                adj->start[f + 2] += adj->start[f + 1];
    }
    if (adj->old_count > 1)
        qsort(adj->old, adj->old_count, sizeof(*adj->old), cmp_old_end);
    for (size_t e = 0; e < adj->old_count && rc == RP_OK; e++)
        if (e == 0 || adj->old[e].aid != adj->old[e - 1].aid)
            rc = rp__map_put(&adj->old_at, (uint64_t)adj->old[e].aid, e, NULL);
    return rc;
}

static void adjacency_release(struct adjacency *adj)
{
    rp__map_release(&adj->index);
    rp__free(adj->start);
    rp__free(adj->by);
    rp__free(adj->old);
    rp__map_release(&adj->old_at);
}

static int cmp_new_canonical(const void *x, const void *y, void *user)
{
    struct batch *b = user;
    int out = 0;

    rp__batch_cmp(b, *(const int64_t *)x, *(const int64_t *)y, &out);
    return out;
}

/* Describes story sid with the given members (aids, any order) as the detector would: its
 * order, original, roles, sources and novel shares (rp__provenance_set), from the relations
 * between its members after the batch, and the words of its members (rp__batch_words): the
 * texts are not read. */
static int describe(struct batch *b, const struct adjacency *adj, int64_t sid,
                    const int64_t *members, size_t n, struct placed **out)
{
    rp_corpus *c = NULL;
    struct rp__map member = {NULL, NULL, 0, 0}, seen = {NULL, NULL, 0, 0};
    struct describe_ctx x;
    int64_t *aids = rp__calloc(n + 1, sizeof(*aids));
    size_t *art = rp__calloc(n + 1, sizeof(*art));
    uint32_t *label = rp__calloc(n + 1, sizeof(*label)); /* one story: every label 0 */
    uint8_t *linked = rp__calloc(n + 1, 1);
    struct placed *p = NULL;
    int rc = rp_corpus_new(&c);

    memset(&x, 0, sizeof(x));
    x.b = b;
    x.art = art;
    if (rc == RP_OK && (aids == NULL || art == NULL || label == NULL || linked == NULL))
        rc = RP_ENOMEM;
    for (size_t k = 0; k < n && rc == RP_OK; k++) { /* keys first: the sort cannot fail */
        const struct rp__key *key;
        aids[k] = members[k];
        rc = rp__batch_key(b, aids[k], &key);
    }
    if (rc == RP_OK) /* the canonical order, in which the scan shows them */
        qsort_r(aids, n, sizeof(*aids), cmp_new_canonical, b);
    for (size_t k = 0; k < n && rc == RP_OK; k++) {
        rc = rp__batch_art(b, aids[k], 0, &art[k]);
        if (rc == RP_OK)
            rc = rp__map_put(&member, (uint64_t)aids[k], k, NULL);
    }
    /* the relations between members: those the file holds within the story, and the
     * pairs the batch changed */
    if (rc == RP_OK && sid != 0) {
        sqlite3_stmt *s = rp__store_stmt(b->ix, ST_STORY_PARTS);
        if (s == NULL)
            rc = RP_EIO;
        else
            sqlite3_bind_int64(s, 1, sid);
        while (rc == RP_OK && (rc = rp__store_step(b->ix, s, "reading a story")) == 1)
            rc = add_member_pair(b, &member, &seen, sqlite3_column_int64(s, 0),
                                 sqlite3_column_int64(s, 1), &x.rels);
        if (s != NULL)
            sqlite3_reset(s);
    }
    for (size_t k = 0; k < n && rc == RP_OK; k++) { /* the changed pairs of new members */
        const uint64_t *f = rp__map_find(&adj->index, (uint64_t)aids[k]);
        for (size_t e = f != NULL ? adj->start[*f] : 0;
             f != NULL && e < adj->start[*f + 1] && rc == RP_OK; e++)
            rc = add_member_pair(b, &member, &seen, b->changes[adj->by[e]].lo,
                                 b->changes[adj->by[e]].hi, &x.rels);
    }
    for (size_t k = 0; k < n && rc == RP_OK; k++) { /* and of old ones */
        const uint64_t *f = rp__map_find(&adj->old_at, (uint64_t)aids[k]);
        for (size_t e = f != NULL ? (size_t)*f : adj->old_count;
             e < adj->old_count && adj->old[e].aid == aids[k] && rc == RP_OK; e++)
            rc = add_member_pair(b, &member, &seen, b->changes[adj->old[e].change].lo,
                                 b->changes[adj->old[e].change].hi, &x.rels);
    }
    for (size_t e = 0; e < x.rels.count && rc == RP_OK; e++) {
        rp_relation *r = &x.rels.v[e];
        if (r->a > r->b)
            rp__relation_swap(r);
        linked[r->a] = linked[r->b] = 1;
    }
    if (rc == RP_OK && x.rels.count > 1)
        qsort(x.rels.v, x.rels.count, sizeof(*x.rels.v), cmp_rel_pair);
    for (size_t k = 0; k < n && rc == RP_OK; k++) {
        rp_article a = b->arts[art[k]]->a;
        a.text = ""; /* provenance reads words through docs_core_words() */
        a.text_len = 0;
        a.origin = NULL;
        if (rc == RP_OK)
            rc = rp__corpus_put(c, &a);
    }
    if (rc == RP_OK) {
        struct rp__docs d;
        rp__batch_docs(b, c, 1, &x, &d);
        d.core_words = docs_core_words;
        d.relate = docs_relate;
        d.relation_count = docs_relation_count;
        d.relation = docs_relation;
        d.set_stories = docs_set_stories;
        rc = rp__provenance_set(&d, label);
        if (rc == RP_OK && !x.made)
            rc = RP_EINVAL;
        if (rc == RP_ECORRUPT) /* words that do not decode: the first damaged member is named */
            rc = name_damaged(b, art, linked, n);
    }
    if (rc == RP_OK)
        rc = place(b, &p);
    if (rc == RP_OK) {
        const rp_story *st = &x.st;
        p->sid = sid;
        p->count = n;
        p->aids = rp__calloc(n + 1, sizeof(*p->aids));
        p->sources = rp__calloc(n + 1, sizeof(*p->sources));
        p->roles = (int *)(uintptr_t)st->roles;
        p->novel = (double *)(uintptr_t)st->novel_share;
        x.st.roles = NULL;
        x.st.novel_share = NULL;
        p->order_inferred = st->order_inferred;
        p->original = st->original != SIZE_MAX ? aids[st->original] : 0;
        p->title = st->title != NULL ? rp__strdup(st->title) : NULL;
        if (p->aids == NULL || p->sources == NULL || (st->title != NULL && p->title == NULL))
            rc = RP_ENOMEM;
        for (size_t k = 0; k < n && rc == RP_OK; k++) {
            p->aids[k] = aids[st->articles[k]];
            p->sources[k] = st->sources[k] != SIZE_MAX ? aids[st->sources[k]] : 0;
        }
        *out = p;
    }
    rp__free((void *)(uintptr_t)x.st.articles);
    rp__free((void *)(uintptr_t)x.st.sources);
    rp__free((void *)(uintptr_t)x.st.roles);
    rp__free((void *)(uintptr_t)x.st.novel_share);
    rel_list_release(&x.rels);
    rp__map_release(&member);
    rp__map_release(&seen);
    rp__free(aids);
    rp__free(art);
    rp__free(label);
    rp__free(linked);
    rp_corpus_free(c);
    return rc;
}

/* ---- writing -------------------------------------------------------------------------- */

static int write_placed(struct batch *b, const struct placed *p)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_PUT_STORY);
    int64_t first = p->aids[0];
    int rc = RP_OK;

    for (size_t k = 1; k < p->count && rc == RP_OK; k++) {
        int cmp;
        rc = rp__batch_cmp(b, p->aids[k], first, &cmp);
        if (cmp < 0)
            first = p->aids[k];
    }
    if (rc < 0)
        return rc;
    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, p->sid);
    sqlite3_bind_text(s, 2, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, first);
    if (p->original != 0)
        sqlite3_bind_int64(s, 4, p->original);
    if (p->title != NULL)
        sqlite3_bind_text(s, 5, p->title, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 6, p->order_inferred);
    sqlite3_bind_int64(s, 7, (int64_t)p->count);
    sqlite3_bind_int64(s, 8, b->batch_seq);
    rc = rp__store_run(b->ix, s, "writing a story");
    for (size_t k = 0; k < p->count && rc == RP_OK; k++) {
        s = rp__store_stmt(b->ix, ST_PUT_MEMBER);
        if (s == NULL)
            return RP_EIO;
        sqlite3_bind_int64(s, 1, p->aids[k]);
        sqlite3_bind_int64(s, 2, p->sid);
        sqlite3_bind_int64(s, 3, (int64_t)k);
        sqlite3_bind_int(s, 4, p->roles[k]);
        sqlite3_bind_double(s, 5, p->novel[k]);
        if (p->sources[k] != 0)
            sqlite3_bind_int64(s, 6, p->sources[k]);
        rc = rp__store_run(b->ix, s, "writing a story's members");
    }
    return rc;
}

/* Story sid is gone: its id, and every alias that named it, now name story 'into'. */
static int write_vanished(struct batch *b, int64_t sid, int64_t into, const char *reason)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_STORY);
    char name[64] = "";
    int rc;

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, sid);
    rc = rp__store_step(b->ix, s, "reading a story");
    if (rc == 1)
        snprintf(name, sizeof(name), "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_reset(s);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return RP_OK;
    s = rp__store_stmt(b->ix, ST_DEL_STORY);
    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, sid);
    rc = rp__store_run(b->ix, s, "dropping a story");
    if (rc == RP_OK) {
        sqlite3_stmt *u = NULL;
        const int src =
            sqlite3_prepare_v2(b->ix->db, "UPDATE alias SET sid = ?1 WHERE sid = ?2", -1, &u, NULL);
        if (src != SQLITE_OK)
            return rp__store_sql_fail(b->ix, src, "writing an alias");
        sqlite3_bind_int64(u, 1, into);
        sqlite3_bind_int64(u, 2, sid);
        rc = rp__store_run(b->ix, u, "writing an alias");
        sqlite3_finalize(u);
    }
    if (rc == RP_OK) {
        s = rp__store_stmt(b->ix, ST_PUT_ALIAS);
        if (s == NULL)
            return RP_EIO;
        sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, into);
        sqlite3_bind_int64(s, 3, b->batch_seq);
        sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
        rc = rp__store_run(b->ix, s, "writing an alias");
    }
    return rc;
}

static int delete_member(struct batch *b, int64_t aid)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_DEL_MEMBER);

    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, aid);
    return rp__store_run(b->ix, s, "dropping a story member");
}

/* The story an article belongs to in the file (0 for none). */
static int member_of(struct batch *b, int64_t aid, int64_t *sid)
{
    sqlite3_stmt *s = rp__store_stmt(b->ix, ST_MEMBER);
    int rc;

    *sid = 0;
    if (s == NULL)
        return RP_EIO;
    sqlite3_bind_int64(s, 1, aid);
    rc = rp__store_step(b->ix, s, "reading a story member");
    if (rc == 1)
        *sid = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc < 0 ? rc : RP_OK;
}

static int max_sid(struct batch *b, int64_t *out)
{
    sqlite3_stmt *s = NULL;
    int src =
        sqlite3_prepare_v2(b->ix->db, "SELECT coalesce(max(sid), 0) FROM story", -1, &s, NULL);
    int rc;

    *out = 0;
    if (src != SQLITE_OK)
        return rp__store_sql_fail(b->ix, src, "reading the stories");
    rc = rp__store_step(b->ix, s, "reading the stories");
    if (rc == 1)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc < 0 ? rc : RP_OK;
}

/* The story of the new version of a superseded article (after placing), or 0. */
static int64_t story_of_successor(const struct batch *b, int64_t removed)
{
    const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)removed);
    const char *id = b->arts[*v]->a.id;

    for (size_t i = 0; i < b->art_count; i++)
        if (b->arts[i]->state == ART_NEW && strcmp(b->arts[i]->a.id, id) == 0)
            return b->arts[i]->sid;
    return 0;
}

/* ---- provisional placement ------------------------------------------------------------ */

struct candidate {
    int64_t partner;
    int type;
    double score;
};

/* 1 when x is a stronger link than y. */
static int stronger(struct batch *b, const struct candidate *x, const struct candidate *y, int *out)
{
    int cmp = 0, rc = RP_OK;

    if (x->type != y->type)
        *out = x->type < y->type;
    else if (x->score != y->score)
        *out = x->score > y->score;
    else {
        rc = rp__batch_cmp(b, x->partner, y->partner, &cmp);
        *out = cmp < 0;
    }
    return rc;
}

/* The strongest link of new article aid to an article already in a story: *sid 0 when it
 * has none. */
static int strongest(struct batch *b, const struct adjacency *adj, int64_t aid, int64_t *sid)
{
    struct candidate best = {0, RP_REL_TYPE_COUNT, 0};
    const uint64_t *f = rp__map_find(&adj->index, (uint64_t)aid);
    int rc = RP_OK;

    *sid = 0;
    for (size_t k = adj->start[*f]; k < adj->start[*f + 1] && rc == RP_OK; k++) {
        const struct change *ch = &b->changes[adj->by[k]];
        const int64_t other = ch->lo == aid ? ch->hi : ch->lo;
        rp_relation r;
        int flip, found, wins = 1;
        int64_t other_sid = 0;
        rc = rp__batch_relation(b, ch->lo, ch->hi, &r, &flip, &found);
        if (rc < 0 || !found)
            continue;
        const struct candidate cand = {other, r.type, r.score};
        rp__relation_release(&r);
        if (cand.type > RP_REL_QUOTE)
            continue;
        const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)other);
        if (v != NULL && b->arts[*v]->state == ART_NEW)
            other_sid = b->arts[*v]->sid;
        else
            rc = member_of(b, other, &other_sid);
        if (rc == RP_OK && other_sid != 0 && *sid != 0)
            rc = stronger(b, &cand, &best, &wins);
        if (rc == RP_OK && other_sid != 0 && wins) {
            best = cand;
            *sid = other_sid;
        }
    }
    return rc;
}

/* Places the new articles without settling: each joins the story of its strongest link to an
 * article placed before it (old articles first, then the new ones in canonical order), or
 * starts one; every story that gains or loses members is described again. */
/* Appends x unless seen holds it. */
static int push_once(struct rp__map *seen, int64_t **v, size_t *count, size_t *cap, int64_t x)
{
    int rc;

    if (rp__map_find(seen, (uint64_t)x) != NULL)
        return RP_OK;
    rc = rp__map_put(seen, (uint64_t)x, 1, NULL);
    if (rc < 0)
        return rc;
    if (RP__GROW(*v, *cap, *count + 1) < 0)
        return RP_ENOMEM;
    (*v)[(*count)++] = x;
    return RP_OK;
}

struct join {
    int64_t sid;
    size_t f; /* index in the canonical order of the new articles */
};

static int cmp_join(const void *x, const void *y)
{
    const struct join *a = x, *b = y;

    if (a->sid != b->sid)
        return a->sid < b->sid ? -1 : 1;
    return a->f < b->f ? -1 : a->f > b->f;
}

static int provisional(struct batch *b)
{
    struct join *joins = NULL;
    int64_t *fresh = NULL, *touched = NULL, *members = NULL;
    size_t nf = 0, nt = 0, nm = 0, tcap = 0, mcap = 0;
    int64_t first_new_sid = b->next_sid;
    struct adjacency adj;
    struct rp__map seen = {NULL, NULL, 0, 0}; /* the stories in touched */
    int rc = RP_OK;

    memset(&adj, 0, sizeof(adj));

    fresh = rp__calloc(b->art_count + 1, sizeof(*fresh));
    if (fresh == NULL)
        return RP_ENOMEM;
    for (size_t i = 0; i < b->art_count; i++)
        if (b->arts[i]->state == ART_NEW)
            fresh[nf++] = b->arts[i]->aid;
    for (size_t i = 0; i < nf && rc == RP_OK; i++) { /* keys first: the sort cannot fail */
        const struct rp__key *k;
        rc = rp__batch_key(b, fresh[i], &k);
    }
    if (rc < 0)
        goto out;
    qsort_r(fresh, nf, sizeof(*fresh), cmp_new_canonical, b);
    for (size_t i = 0; i < b->art_count && rc == RP_OK; i++) {
        int64_t sid;
        if (b->arts[i]->state != ART_REMOVED)
            continue;
        rc = member_of(b, b->arts[i]->aid, &sid);
        if (rc == RP_OK && sid != 0)
            rc = push_once(&seen, &touched, &nt, &tcap, sid);
    }
    if (rc == RP_OK)
        rc = adjacency_make(b, fresh, nf, &adj);
    for (size_t f = 0; f < nf && rc == RP_OK; f++) {
        const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)fresh[f]);
        int64_t sid;
        rc = strongest(b, &adj, fresh[f], &sid);
        if (rc == RP_OK && sid == 0)
            sid = b->next_sid++;
        b->arts[*v]->sid = sid;
        if (rc == RP_OK)
            rc = push_once(&seen, &touched, &nt, &tcap, sid);
    }
    /* which story each new article joins, by story and then canonical order */
    joins = rp__calloc(nf + 1, sizeof(*joins));
    if (rc == RP_OK && joins == NULL)
        rc = RP_ENOMEM;
    for (size_t f = 0; f < nf && rc == RP_OK; f++) {
        const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)fresh[f]);
        joins[f] = (struct join){b->arts[*v]->sid, f};
    }
    if (rc == RP_OK && nf > 1)
        qsort(joins, nf, sizeof(*joins), cmp_join);
    /* every story that changed: its members in the file without the superseded, with the
     * new ones that joined it */
    for (size_t t = 0; t < nt && rc == RP_OK; t++) {
        const int created = touched[t] >= first_new_sid;
        nm = 0;
        if (!created) {
            sqlite3_stmt *s = rp__store_stmt(b->ix, ST_MEMBERS);
            if (s == NULL) {
                rc = RP_EIO;
                break;
            }
            sqlite3_bind_int64(s, 1, touched[t]);
            while ((rc = rp__store_step(b->ix, s, "reading a story")) == 1) {
                const int64_t aid = sqlite3_column_int64(s, 0);
                if (!rp__batch_removed(b, aid) && RP__GROW(members, mcap, nm + 1) < 0) {
                    rc = RP_ENOMEM;
                    break;
                }
                if (!rp__batch_removed(b, aid))
                    members[nm++] = aid;
            }
            sqlite3_reset(s);
            if (rc < 0)
                break;
            rc = RP_OK;
        }
        /* the new ones, in canonical order: the run of joins with this story */
        size_t lo = 0, hi = nf;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (joins[mid].sid < touched[t])
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t f = lo; f < nf && joins[f].sid == touched[t] && rc == RP_OK; f++) {
            if (RP__GROW(members, mcap, nm + 1) < 0)
                rc = RP_ENOMEM;
            else
                members[nm++] = fresh[joins[f].f];
        }
        if (rc < 0 || nm == 0) /* every member was superseded: the story goes */
            continue;
        struct placed *p = NULL;
        rc = describe(b, &adj, created ? 0 : touched[t], members, nm, &p);
        if (rc < 0)
            break;
        p->sid = touched[t];
        if (created) {
            rc = new_name(b, p->aids, p->count, p->sid, p->name, sizeof(p->name));
            continue;
        }
        sqlite3_stmt *q = rp__store_stmt(b->ix, ST_STORY);
        if (q == NULL) {
            rc = RP_EIO;
            break;
        }
        sqlite3_bind_int64(q, 1, touched[t]);
        rc = rp__store_step(b->ix, q, "reading a story");
        if (rc == 1)
            snprintf(p->name, sizeof(p->name), "%s", (const char *)sqlite3_column_text(q, 0));
        else if (rc == 0)
            rc = rp__store_fail(b->ix, RP_ECORRUPT, "'%s': story #%lld is missing", b->ix->path,
                                (long long)touched[t]);
        sqlite3_reset(q);
        rc = rc < 0 ? rc : RP_OK;
    }
    if (rc < 0 || !b->write)
        goto out;
    /* the stories emptied by superseding become aliases of the story of the new version */
    for (size_t t = 0; t < nt && rc == RP_OK; t++) {
        int kept = 0;
        int64_t into = 0;
        for (size_t u = 0; u < b->placed_count; u++)
            kept |= b->placed[u].sid == touched[t];
        for (size_t i = 0; i < b->art_count && !kept && into == 0 && rc == RP_OK; i++) {
            int64_t sid;
            if (b->arts[i]->state != ART_REMOVED)
                continue;
            rc = member_of(b, b->arts[i]->aid, &sid);
            if (rc == RP_OK && sid == touched[t])
                into = story_of_successor(b, b->arts[i]->aid);
        }
        if (rc == RP_OK && into != 0)
            rc = write_vanished(b, touched[t], into, "superseded");
    }
    for (size_t i = 0; i < b->art_count && rc == RP_OK; i++)
        if (b->arts[i]->state == ART_REMOVED)
            rc = delete_member(b, b->arts[i]->aid);
    for (size_t i = 0; i < b->placed_count && rc == RP_OK; i++)
        rc = write_placed(b, &b->placed[i]);
out:
    adjacency_release(&adj);
    rp__map_release(&seen);
    rp__free(joins);
    rp__free(fresh);
    rp__free(touched);
    rp__free(members);
    return rc;
}

/* ---- settling ------------------------------------------------------------------------- */

struct all {
    struct batch *b;
    rp_corpus *c;
    int64_t *aid;           /* per corpus article */
    rp_article_info *info;  /* per corpus article, borrowed spans */
    struct rp__map index;   /* aid -> corpus index */
    struct rel_list preset; /* relations after the batch, corpus indices */
    struct rp__map pair;    /* pair key -> preset index */
};

static int collect_relation(void *user, int64_t lo, int64_t hi, const rp_relation *r, int flip)
{
    struct all *all = user;
    size_t ia, ib;
    int rc;

    if (!index_of(&all->index, lo, &ia) || !index_of(&all->index, hi, &ib))
        return rp__store_fail(all->b->ix, RP_ECORRUPT,
                              "'%s': a relation of #%lld and #%lld, not current articles",
                              all->b->ix->path, (long long)lo, (long long)hi);
    if (RP__GROW(all->preset.v, all->preset.cap, all->preset.count + 1) < 0)
        return RP_ENOMEM;
    rp_relation *copy = &all->preset.v[all->preset.count];
    rc = rp__relation_copy(copy, r);
    if (rc < 0)
        return rc;
    copy->a = flip ? ib : ia;
    copy->b = flip ? ia : ib;
    rc = rp__map_put(&all->pair, (uint64_t)lo << 32 | (uint64_t)hi, all->preset.count, NULL);
    all->preset.count++;
    return rc;
}

/* Every current article after the batch into all->c (with text, counts and spans). */
static int gather(struct batch *b, struct all *all)
{
    int64_t *aids = NULL;
    size_t n = 0;
    int rc = rp__batch_current(b, !b->write, &aids, &n); /* an add has written its own */

    all->aid = aids;
    all->info = rp__calloc(n + 1, sizeof(*all->info));
    if (rc == RP_OK && all->info == NULL)
        rc = RP_ENOMEM;
    if (rc == RP_OK)
        rc = rp_corpus_new(&all->c);
    for (size_t k = 0; k < n && rc == RP_OK; k++) {
        size_t i;
        rc = rp__batch_art(b, aids[k], 1, &i);
        if (rc < 0)
            break;
        const struct art *a = b->arts[i];
        rc = rp__corpus_put(all->c, &a->a);
        if (rc == RP_EFORMAT)
            rc = rp__store_fail(b->ix, RP_ECORRUPT, "'%s': two current articles '%s'", b->ix->path,
                                a->a.id);
        all->info[k].stats = a->stats;
        all->info[k].content_hash = a->content_hash;
        all->info[k].boilerplate = a->spans;
        all->info[k].boilerplate_count = a->span_count;
        if (rc == RP_OK)
            rc = rp__map_put(&all->index, (uint64_t)aids[k], k, NULL);
    }
    return rc;
}

static int settle(struct batch *b)
{
    struct all all;
    rp_scan *scan = NULL;
    rp_options o = *b->o;
    struct rp__map old_sid = {NULL, NULL, 0, 0}; /* aid -> sid before */
    int rc;

    memset(&all, 0, sizeof(all));
    all.b = b;
    b->settle = 1;
    rc = gather(b, &all);
    if (rc == RP_OK)
        rc = rp__batch_relations(b, collect_relation, &all);
    if (rc < 0)
        goto out;
    o.detect &= ~(unsigned)(RP_DETECT_COUNTS | RP_DETECT_BOILERPLATE | RP_DETECT_DUPLICATES |
                            RP_DETECT_REUSE);
    {
        const struct rp__scan_preset preset = {all.info, all.preset.v, all.preset.count};
        rc = rp__scan_resume(all.c, &o, &preset, &scan);
    }
    if (rc < 0)
        goto out;
    /* what the story-phase detectors added to the relations becomes part 3 of their pair */
    if (b->write)
        rc = rp__store_exec(b->ix, "DELETE FROM part WHERE phase = 3");
    for (size_t i = 0; i < rp_scan_relation_count(scan) && rc == RP_OK; i++) {
        const rp_relation *r = rp_scan_relation(scan, i);
        const int64_t xa = all.aid[r->a], xb = all.aid[r->b];
        const int64_t lo = xa < xb ? xa : xb, hi = xa < xb ? xb : xa;
        const uint64_t *v = rp__map_find(&all.pair, (uint64_t)lo << 32 | (uint64_t)hi);
        if (v != NULL && rp__relation_equal(r, &all.preset.v[*v]))
            continue;
        struct change *c;
        rc = rp__batch_change(b, lo, hi, &c);
        if (rc < 0)
            break;
        rp_relation *copy = rp__malloc(sizeof(*copy));
        if (copy == NULL || rp__relation_copy(copy, r) < 0) {
            rp__free(copy);
            rc = RP_ENOMEM;
            break;
        }
        if (c->part[2] != NULL) {
            rp__relation_release(c->part[2]);
            rp__free(c->part[2]);
        }
        copy->a = copy->b = 0;
        c->part[2] = copy;
        c->flip[2] = xa == hi;
        if (b->write) {
            uint8_t *blob;
            size_t len;
            rc = rp__codec_relation_put(copy, &blob, &len);
            sqlite3_stmt *s = rc == RP_OK ? rp__store_stmt(b->ix, ST_PUT_PART) : NULL;
            if (rc == RP_OK && s == NULL)
                rc = RP_EIO;
            if (rc == RP_OK) {
                sqlite3_bind_int64(s, 1, lo);
                sqlite3_bind_int64(s, 2, hi);
                sqlite3_bind_int(s, 3, 3);
                sqlite3_bind_int(s, 4, c->flip[2]);
                sqlite3_bind_int(s, 5, copy->type);
                sqlite3_bind_blob(s, 6, blob, (int)len, SQLITE_STATIC);
                rc = rp__store_run(b->ix, s, "writing a relation");
            }
            rp__free(blob);
        }
    }
    if (rc < 0)
        goto out;
    /* the stories before, by article */
    {
        sqlite3_stmt *s = NULL;
        const int src = sqlite3_prepare_v2(b->ix->db, "SELECT aid, sid FROM member", -1, &s, NULL);
        if (src != SQLITE_OK) {
            rc = rp__store_sql_fail(b->ix, src, "reading the stories");
            goto out;
        }
        while ((rc = rp__store_step(b->ix, s, "reading the stories")) == 1)
            if (rp__map_put(&old_sid, (uint64_t)sqlite3_column_int64(s, 0),
                            (uint64_t)sqlite3_column_int64(s, 1), NULL) < 0) {
                rc = RP_ENOMEM;
                break;
            }
        sqlite3_finalize(s);
        if (rc < 0)
            goto out;
        rc = RP_OK;
    }
    /* the clusters, each with the old story that gives it most members */
    const size_t ns = rp_scan_story_count(scan);
    struct claim {
        size_t story;
        int64_t sid;
        size_t count;
    } *claims = NULL;
    size_t nclaims = 0, claim_cap = 0;
    for (size_t k = 0; k < ns && rc == RP_OK; k++) {
        const rp_story *st = rp_scan_story(scan, k);
        struct rp__map count = {NULL, NULL, 0, 0};
        for (size_t x = 0; x < st->article_count && rc == RP_OK; x++) {
            const uint64_t *sid = rp__map_find(&old_sid, (uint64_t)all.aid[st->articles[x]]);
            uint64_t *c;
            if (sid != NULL && (rc = rp__map_put(&count, *sid, 0, &c)) == RP_OK)
                ++*c;
        }
        for (size_t i = 0; i < count.cap && rc == RP_OK; i++) {
            if (!count.used[i])
                continue;
            if (RP__GROW(claims, claim_cap, nclaims + 1) < 0)
                rc = RP_ENOMEM;
            else
                claims[nclaims++] =
                    (struct claim){k, (int64_t)count.slots[i].key, count.slots[i].val};
        }
        rp__map_release(&count);
    }
    /* most members first, then the older story, then the first cluster */
    for (size_t i = 1; i < nclaims; i++)
        for (size_t j = i; j > 0; j--) {
            const struct claim *x = &claims[j - 1], *y = &claims[j];
            const int after = x->count < y->count ||
                              (x->count == y->count &&
                               (x->sid > y->sid || (x->sid == y->sid && x->story > y->story)));
            if (!after)
                break;
            const struct claim t = claims[j - 1];
            claims[j - 1] = claims[j];
            claims[j] = t;
        }
    int64_t *sid_of = rp__calloc(ns + 1, sizeof(*sid_of));
    struct rp__map taken = {NULL, NULL, 0, 0};
    if (rc == RP_OK && sid_of == NULL)
        rc = RP_ENOMEM;
    for (size_t i = 0; i < nclaims && rc == RP_OK; i++)
        if (sid_of[claims[i].story] == 0 && rp__map_find(&taken, (uint64_t)claims[i].sid) == NULL) {
            sid_of[claims[i].story] = claims[i].sid;
            rc = rp__map_put(&taken, (uint64_t)claims[i].sid, claims[i].story, NULL);
        }
    /* the stories as placed */
    for (size_t k = 0; k < ns && rc == RP_OK; k++) {
        const rp_story *st = rp_scan_story(scan, k);
        struct placed *p;
        rc = place(b, &p);
        if (rc < 0)
            break;
        p->count = st->article_count;
        p->aids = rp__calloc(p->count + 1, sizeof(*p->aids));
        p->roles = rp__calloc(p->count + 1, sizeof(*p->roles));
        p->novel = rp__calloc(p->count + 1, sizeof(*p->novel));
        p->sources = rp__calloc(p->count + 1, sizeof(*p->sources));
        p->title = st->title != NULL ? rp__strdup(st->title) : NULL;
        if (p->aids == NULL || p->roles == NULL || p->novel == NULL || p->sources == NULL ||
            (st->title != NULL && p->title == NULL)) {
            rc = RP_ENOMEM;
            break;
        }
        for (size_t x = 0; x < p->count; x++) {
            p->aids[x] = all.aid[st->articles[x]];
            p->roles[x] = st->roles[x];
            p->novel[x] = st->novel_share[x];
            p->sources[x] = st->sources[x] != SIZE_MAX ? all.aid[st->sources[x]] : 0;
        }
        p->original = st->original != SIZE_MAX ? all.aid[st->original] : 0;
        p->order_inferred = st->order_inferred;
        if (sid_of[k] != 0) {
            p->sid = sid_of[k];
            sqlite3_stmt *q = rp__store_stmt(b->ix, ST_STORY);
            if (q == NULL) {
                rc = RP_EIO;
                break;
            }
            sqlite3_bind_int64(q, 1, p->sid);
            rc = rp__store_step(b->ix, q, "reading a story");
            if (rc == 1)
                snprintf(p->name, sizeof(p->name), "%s", (const char *)sqlite3_column_text(q, 0));
            else if (rc == 0)
                rc = rp__store_fail(b->ix, RP_ECORRUPT, "'%s': story #%lld is missing", b->ix->path,
                                    (long long)p->sid);
            sqlite3_reset(q);
            rc = rc < 0 ? rc : RP_OK;
        } else {
            p->sid = b->next_sid++;
            rc = new_name(b, p->aids, p->count, p->sid, p->name, sizeof(p->name));
        }
        for (size_t x = 0; x < p->count && rc == RP_OK; x++) {
            const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)p->aids[x]);
            if (v != NULL)
                b->arts[*v]->sid = p->sid;
        }
    }
    if (rc == RP_OK && b->write) {
        /* the old stories no cluster took: aliases of the cluster with most of their members
         * (a superseded member counts for the cluster of its new version) */
        struct rp__map gone = {NULL, NULL, 0, 0}; /* sid -> 0 */
        for (size_t i = 0; i < old_sid.cap && rc == RP_OK; i++)
            if (old_sid.used[i] && rp__map_find(&taken, old_sid.slots[i].val) == NULL)
                rc = rp__map_put(&gone, old_sid.slots[i].val, 0, NULL);
        for (size_t i = 0; i < gone.cap && rc == RP_OK; i++) {
            if (!gone.used[i])
                continue;
            struct rp__map votes = {NULL, NULL, 0, 0};
            for (size_t j = 0; j < old_sid.cap && rc == RP_OK; j++) {
                if (!old_sid.used[j] || old_sid.slots[j].val != gone.slots[i].key)
                    continue;
                int64_t aid = (int64_t)old_sid.slots[j].key, into = 0;
                if (rp__batch_removed(b, aid)) {
                    into = story_of_successor(b, aid);
                } else {
                    const uint64_t *v = rp__map_find(&b->by_aid, (uint64_t)aid);
                    if (v != NULL)
                        into = b->arts[*v]->sid;
                    else {
                        size_t ci;
                        if (index_of(&all.index, aid, &ci))
                            for (size_t k = 0; k < b->placed_count && into == 0; k++)
                                for (size_t x = 0; x < b->placed[k].count; x++)
                                    if (b->placed[k].aids[x] == aid)
                                        into = b->placed[k].sid;
                    }
                }
                uint64_t *c;
                if (into != 0 && (rc = rp__map_put(&votes, (uint64_t)into, 0, &c)) == RP_OK)
                    ++*c;
            }
            int64_t best = 0;
            uint64_t best_votes = 0;
            for (size_t j = 0; j < votes.cap; j++)
                if (votes.used[j] &&
                    (votes.slots[j].val > best_votes ||
                     (votes.slots[j].val == best_votes && (int64_t)votes.slots[j].key < best))) {
                    best = (int64_t)votes.slots[j].key;
                    best_votes = votes.slots[j].val;
                }
            rp__map_release(&votes);
            if (rc == RP_OK && best != 0)
                rc = write_vanished(b, (int64_t)gone.slots[i].key, best, "merged");
        }
        rp__map_release(&gone);
        for (size_t i = 0; i < b->art_count && rc == RP_OK; i++)
            if (b->arts[i]->state == ART_REMOVED)
                rc = delete_member(b, b->arts[i]->aid);
        for (size_t k = 0; k < b->placed_count && rc == RP_OK; k++)
            rc = write_placed(b, &b->placed[k]);
    }
    rp__free(sid_of);
    rp__free(claims);
    rp__map_release(&taken);
out:
    rp_scan_free(scan);
    rp__map_release(&old_sid);
    rel_list_release(&all.preset);
    rp__map_release(&all.pair);
    rp__map_release(&all.index);
    rp__free(all.aid);
    rp__free(all.info);
    rp_corpus_free(all.c);
    return rc;
}

int rp__stories_place(struct batch *b)
{
    int rc;

    if (!(b->o->detect & RP_DETECT_STORIES))
        return RP_OK;
    rc = max_sid(b, &b->next_sid);
    b->next_sid++;
    if (rc < 0)
        return rc;
    if (rp__batch_settles(b)) {
        rc = settle(b);
        if (rc == RP_OK && b->write)
            rc = rp__store_meta_set(b->ix, "unsettled", 0);
        return rc;
    }
    rc = provisional(b);
    if (rc == RP_OK && b->write) {
        int64_t u;
        size_t added = 0;
        for (size_t i = 0; i < b->art_count; i++)
            added += b->arts[i]->state == ART_NEW;
        rc = rp__store_meta_int(b->ix, "unsettled", 0, &u);
        if (rc == RP_OK)
            rc = rp__store_meta_set(b->ix, "unsettled", u + (int64_t)added);
    }
    return rc;
}

int rp__stories_record(struct batch *b, int64_t sid, rp_records *r)
{
    const struct placed *p = NULL;
    rp_story st;
    size_t *idx;
    int rc = RP_OK;

    for (size_t i = 0; i < b->placed_count && p == NULL; i++)
        if (b->placed[i].sid == sid)
            p = &b->placed[i];
    if (p == NULL)
        return RP_OK;
    idx = rp__calloc(p->count + 1, sizeof(*idx));
    size_t *src = rp__calloc(p->count + 1, sizeof(*src));
    if (idx == NULL || src == NULL) {
        rp__free(idx);
        rp__free(src);
        return RP_ENOMEM;
    }
    memset(&st, 0, sizeof(st));
    st.original = SIZE_MAX;
    for (size_t x = 0; x < p->count && rc == RP_OK; x++) {
        size_t i;
        rc = rp__batch_art(b, p->aids[x], 0, &i);
        if (rc == RP_OK)
            rc = rp__records_put(r, p->aids[x], &b->arts[i]->a, 0, &idx[x]);
        if (rc == RP_OK && p->aids[x] == p->original)
            st.original = idx[x];
    }
    /* a source is a member: its record by aid (a story may hold thousands) */
    struct rp__map at = {NULL, NULL, 0, 0};
    for (size_t x = 0; x < p->count && rc == RP_OK; x++)
        rc = rp__map_put(&at, (uint64_t)p->aids[x], idx[x], NULL);
    for (size_t x = 0; x < p->count && rc == RP_OK; x++) {
        const uint64_t *y = p->sources[x] != 0 ? rp__map_find(&at, (uint64_t)p->sources[x]) : NULL;
        src[x] = y != NULL ? (size_t)*y : SIZE_MAX;
    }
    rp__map_release(&at);
    st.id = p->name;
    st.title = p->title;
    st.articles = idx;
    st.article_count = p->count;
    st.order_inferred = p->order_inferred;
    st.roles = p->roles;
    st.novel_share = p->novel;
    st.sources = src;
    if (rc == RP_OK)
        rc = rp__records_add_story(r, &st);
    rp__free(idx);
    rp__free(src);
    return rc;
}
