/* result.c: the records an index returns (rp_records): the articles they name, article
 * records with their facts and status, relations and stories, all owned. */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "../io/io.h"
#include "../scan/scan.h"
#include "../base/banned.h"

int rp__records_new(rp_records **out)
{
    rp_records *r = rp__calloc(1, sizeof(*r));

    *out = NULL;
    if (r == NULL)
        return RP_ENOMEM;
    if (rp_corpus_new(&r->corpus) < 0) {
        rp__free(r);
        return RP_ENOMEM;
    }
    *out = r;
    return RP_OK;
}

int rp__records_put(rp_records *r, int64_t aid, const rp_article *a, int text, size_t *index)
{
    const uint64_t *v = rp__map_find(&r->index, (uint64_t)aid);
    const size_t n = rp_corpus_count(r->corpus);
    rp_article copy = *a;
    int rc;

    if (v != NULL) {
        *index = *v;
        if (text && !r->has_text[*v] && a->text != NULL) {
            rp_article *item = &r->corpus->items[*v];
            char *t = rp__strndup(a->text, a->text_len);
            if (t == NULL)
                return RP_ENOMEM;
            rp__free((void *)(uintptr_t)item->text);
            item->text = t;
            item->text_len = a->text_len;
            r->has_text[*v] = 1;
        }
        return RP_OK;
    }
    if (n + 1 > r->aid_cap) {
        const size_t cap = r->aid_cap < 16 ? 16 : r->aid_cap * 2;
        int64_t *aids = rp__realloc(r->aid, cap * sizeof(*aids));
        if (aids == NULL)
            return RP_ENOMEM;
        r->aid = aids;
        int *ht = rp__realloc(r->has_text, cap * sizeof(*ht));
        if (ht == NULL)
            return RP_ENOMEM;
        r->has_text = ht;
        r->aid_cap = cap;
    }
    copy.origin = NULL;
    if (!text || a->text == NULL) {
        copy.text = "";
        copy.text_len = 0;
    }
    rc = rp__corpus_put(r->corpus, &copy);
    if (rc == RP_EFORMAT) /* two versions of one id in one set of records cannot be */
        rc = RP_ECORRUPT;
    if (rc < 0)
        return rc;
    r->aid[n] = aid;
    r->has_text[n] = text && a->text != NULL;
    rc = rp__map_put(&r->index, (uint64_t)aid, n, NULL);
    *index = n;
    return rc;
}

int rp__records_add_record(rp_records *r, size_t i, const rp_article_info *info, int status)
{
    rp_token *spans = NULL;

    if (RP__GROW(r->record, r->record_cap, r->record_count + 1) < 0 ||
        RP__GROW(r->info, r->info_cap, r->record_count + 1) < 0 ||
        RP__GROW(r->status, r->status_cap, r->record_count + 1) < 0)
        return RP_ENOMEM;
    if (info->boilerplate_count > 0) {
        spans = rp__calloc(info->boilerplate_count, sizeof(*spans));
        if (spans == NULL)
            return RP_ENOMEM;
        memcpy(spans, info->boilerplate, info->boilerplate_count * sizeof(*spans));
    }
    r->record[r->record_count] = i;
    r->info[r->record_count] = *info;
    r->info[r->record_count].boilerplate = spans;
    r->status[r->record_count] = status;
    r->record_count++;
    return RP_OK;
}

int rp__records_add_relation(rp_records *r, const rp_relation *rel)
{
    if (RP__GROW(r->rels, r->rel_cap, r->rel_count + 1) < 0)
        return RP_ENOMEM;
    const int rc = rp__relation_copy(&r->rels[r->rel_count], rel);
    if (rc == RP_OK)
        r->rel_count++;
    return rc;
}

int rp__records_add_story(rp_records *r, const rp_story *st)
{
    rp_story *d;

    if (RP__GROW(r->stories, r->story_cap, r->story_count + 1) < 0)
        return RP_ENOMEM;
    d = &r->stories[r->story_count];
    memset(d, 0, sizeof(*d));
    r->story_count++;
    d->id = st->id != NULL ? rp__strdup(st->id) : NULL;
    d->title = st->title != NULL ? rp__strdup(st->title) : NULL;
    size_t *arts = rp__calloc(st->article_count + 1, sizeof(*arts));
    int *roles = rp__calloc(st->article_count + 1, sizeof(*roles));
    double *novel = rp__calloc(st->article_count + 1, sizeof(*novel));
    size_t *src = rp__calloc(st->article_count + 1, sizeof(*src));
    d->sources = src;
    d->articles = arts;
    d->roles = roles;
    d->novel_share = novel;
    d->article_count = st->article_count;
    d->original = st->original;
    d->order_inferred = st->order_inferred;
    if (arts == NULL || roles == NULL || novel == NULL || src == NULL ||
        (st->id != NULL && d->id == NULL) || (st->title != NULL && d->title == NULL))
        return RP_ENOMEM;
    memcpy(arts, st->articles, st->article_count * sizeof(*arts));
    memcpy(roles, st->roles, st->article_count * sizeof(*roles));
    memcpy(novel, st->novel_share, st->article_count * sizeof(*novel));
    for (size_t k = 0; k < st->article_count; k++)
        src[k] = st->sources != NULL ? st->sources[k] : SIZE_MAX;
    return RP_OK;
}

static int cmp_rel_ids(const void *x, const void *y, void *corpus)
{
    const rp_relation *a = x, *b = y;
    const rp_corpus *c = corpus;
    int d = strcmp(rp_corpus_get(c, a->a)->id, rp_corpus_get(c, b->a)->id);

    if (d == 0)
        d = strcmp(rp_corpus_get(c, a->b)->id, rp_corpus_get(c, b->b)->id);
    return d;
}

void rp__records_sort(rp_records *r)
{
    if (r->rel_count > 1)
        qsort_r(r->rels, r->rel_count, sizeof(*r->rels), cmp_rel_ids, r->corpus);
}

void rp_records_free(rp_records *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->record_count; i++)
        rp__free((void *)(uintptr_t)r->info[i].boilerplate);
    for (size_t i = 0; i < r->rel_count; i++)
        rp__relation_release(&r->rels[i]);
    for (size_t i = 0; i < r->story_count; i++) {
        rp__free((void *)(uintptr_t)r->stories[i].id);
        rp__free((void *)(uintptr_t)r->stories[i].title);
        rp__free((void *)(uintptr_t)r->stories[i].articles);
        rp__free((void *)(uintptr_t)r->stories[i].roles);
        rp__free((void *)(uintptr_t)r->stories[i].novel_share);
        rp__free((void *)(uintptr_t)r->stories[i].sources);
    }
    rp__free(r->stories);
    rp__free(r->rels);
    rp__free(r->record);
    rp__free(r->info);
    rp__free(r->status);
    rp__free(r->aid);
    rp__free(r->has_text);
    rp__map_release(&r->index);
    rp_corpus_free(r->corpus);
    rp__free(r);
}

const rp_corpus *rp_records_corpus(const rp_records *r)
{
    return r->corpus;
}

size_t rp_records_article_count(const rp_records *r)
{
    return r->record_count;
}

size_t rp_records_article(const rp_records *r, size_t i, rp_article_info *info, int *status)
{
    if (i >= r->record_count)
        return SIZE_MAX;
    if (info != NULL)
        *info = r->info[i];
    if (status != NULL)
        *status = r->status[i];
    return r->record[i];
}

size_t rp_records_relation_count(const rp_records *r)
{
    return r->rel_count;
}

const rp_relation *rp_records_relation(const rp_records *r, size_t i)
{
    return i < r->rel_count ? &r->rels[i] : NULL;
}

size_t rp_records_story_count(const rp_records *r)
{
    return r->story_count;
}

const rp_story *rp_records_story(const rp_records *r, size_t i)
{
    return i < r->story_count ? &r->stories[i] : NULL;
}
