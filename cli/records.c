/* records.c: the records reprint writes, as JSON Lines (../shared/eval/README.md) and as
 * readable text: articles, relations with their evidence, stories. */
#include <string.h>

#include "cli.h"
#include "../lib/base/banned.h"

static void span(FILE *f, size_t start, size_t end)
{
    fprintf(f, "[%zu,%zu]", start, end);
}

/* Opens an evidence object with its spans in a and b: {"a":[s,e],"b":[s,e] */
static void sides(FILE *f, size_t a_start, size_t a_end, size_t b_start, size_t b_end)
{
    fputs("{\"a\":", f);
    span(f, a_start, a_end);
    fputs(",\"b\":", f);
    span(f, b_start, b_end);
}

/* The article's source, url and publication time, those it has. */
static void optional_fields(FILE *f, const rp_article *a)
{
    if (a->source != NULL) {
        fputs(",\"source\":", f);
        json_cstr(f, a->source);
    }
    if (a->url != NULL) {
        fputs(",\"url\":", f);
        json_cstr(f, a->url);
    }
    if (a->published != RP_TIME_NONE) {
        fputs(",\"published\":", f);
        json_time(f, a->published, a->published_has_time);
    }
}

void print_article_jsonl(FILE *f, const rp_article *a, const rp_article_info *in)
{
    fputs("{\"kind\":\"article\",\"id\":", f);
    json_cstr(f, a->id);
    fputs(",\"title\":", f);
    json_cstr(f, a->title);
    optional_fields(f, a);
    fprintf(f,
            ",\"bytes\":%zu,\"words\":%zu,\"sentences\":%zu,\"paragraphs\":%zu,"
            "\"invalid_utf8\":%zu,\"content_hash\":\"%016llx\",\"boilerplate\":[",
            a->text_len, in->stats.word_count, in->stats.sentence_count, in->stats.paragraph_count,
            in->stats.invalid_utf8, (unsigned long long)in->content_hash);
    for (size_t k = 0; k < in->boilerplate_count; k++) {
        if (k > 0)
            putc(',', f);
        span(f, in->boilerplate[k].start, in->boilerplate[k].end);
    }
    fputs("]}\n", f);
}

static void number(FILE *f, const char *key, double v)
{
    if (v >= 0)
        fprintf(f, ",\"%s\":%.4f", key, v);
}

void print_relation_jsonl(FILE *f, const rp_corpus *c, const rp_relation *r)
{
    fputs("{\"kind\":\"relation\",\"a\":", f);
    json_cstr(f, rp_corpus_get(c, r->a)->id);
    fputs(",\"b\":", f);
    json_cstr(f, rp_corpus_get(c, r->b)->id);
    fprintf(f, ",\"type\":\"%s\",\"score\":%.4f,\"a_share\":%.4f,\"b_share\":%.4f",
            rp_relation_type_name(r->type), r->score, r->a_share, r->b_share);
    number(f, "jaccard", r->jaccard);
    number(f, "jaccard_estimate", r->jaccard_estimate);
    number(f, "containment", r->containment);
    if (r->type == RP_REL_NEAR_DUPLICATE)
        fprintf(f, ",\"basis\":\"%s\"", r->by_containment ? "containment" : "jaccard");
    if (r->content_hash != 0)
        fprintf(f, ",\"content_hash\":\"%016llx\"", (unsigned long long)r->content_hash);
    if (r->direction != 0) {
        fputs(",\"from\":", f);
        json_cstr(f, rp_corpus_get(c, r->direction > 0 ? r->a : r->b)->id);
        fprintf(f, ",\"direction_inferred\":%s", r->direction_inferred ? "true" : "false");
    }
    fputs(",\"passages\":[", f);
    for (size_t i = 0; i < r->passage_count; i++) {
        const rp_passage *p = &r->passages[i];
        if (i > 0)
            putc(',', f);
        sides(f, p->a_start, p->a_end, p->b_start, p->b_end);
        fprintf(f, ",\"words\":%u,\"identity\":%.4f,\"quote\":%s", p->word_count, p->identity,
                p->quote ? "true" : "false");
        if (p->speaker != NULL) {
            fputs(",\"speaker\":", f);
            json_cstr(f, p->speaker);
        }
        putc('}', f);
    }
    putc(']', f);
    if (r->sentence_count > 0) {
        fputs(",\"sentences\":[", f);
        for (size_t i = 0; i < r->sentence_count; i++) {
            const rp_sentence_pair *p = &r->sentences[i];
            if (i > 0)
                putc(',', f);
            sides(f, p->a_start, p->a_end, p->b_start, p->b_end);
            fprintf(f, ",\"similarity\":%.4f}", p->similarity);
        }
        putc(']', f);
    }
    if (r->term_count > 0) {
        fputs(",\"terms\":[", f);
        for (size_t i = 0; i < r->term_count; i++) {
            if (i > 0)
                putc(',', f);
            json_cstr(f, r->terms[i]);
        }
        putc(']', f);
    }
    fputs("}\n", f);
}

void print_story_jsonl(FILE *f, const rp_corpus *c, const rp_story *st)
{
    fputs("{\"kind\":\"story\",\"id\":", f);
    json_cstr(f, st->id);
    fputs(",\"title\":", f);
    json_cstr(f, st->title);
    fputs(",\"original\":", f);
    if (st->original == SIZE_MAX)
        fputs("null", f);
    else
        json_cstr(f, rp_corpus_get(c, st->original)->id);
    fprintf(f, ",\"order_inferred\":%s,\"articles\":[", st->order_inferred ? "true" : "false");
    for (size_t i = 0; i < st->article_count; i++) {
        if (i > 0)
            putc(',', f);
        json_cstr(f, rp_corpus_get(c, st->articles[i])->id);
    }
    fputs("],\"roles\":[", f);
    for (size_t i = 0; i < st->article_count; i++) {
        if (i > 0)
            putc(',', f);
        fprintf(f, "\"%s\"", rp_role_name(st->roles[i]));
    }
    fputs("],\"novel_share\":[", f);
    for (size_t i = 0; i < st->article_count; i++)
        fprintf(f, "%s%.4f", i > 0 ? "," : "", st->novel_share[i]);
    fputs("]}\n", f);
}

void print_relation_text(FILE *f, const rp_corpus *c, const rp_relation *r)
{
    const rp_article *a = rp_corpus_get(c, r->a), *b = rp_corpus_get(c, r->b);

    fprintf(f, "%-14s %s  <->  %s  score %.2f, shares %.0f%% / %.0f%%",
            rp_relation_type_name(r->type), a->id, b->id, r->score, 100 * r->a_share,
            100 * r->b_share);
    if (r->jaccard >= 0)
        fprintf(f, ", Jaccard %.3f", r->jaccard);
    else if (r->jaccard_estimate >= 0)
        fprintf(f, ", Jaccard ~%.3f", r->jaccard_estimate);
    if (r->passage_count > 0)
        fprintf(f, ", %zu passage%s", r->passage_count, r->passage_count == 1 ? "" : "s");
    if (r->sentence_count > 0)
        fprintf(f, ", %zu aligned sentence%s", r->sentence_count,
                r->sentence_count == 1 ? "" : "s");
    if (r->term_count > 0) {
        fputs(", shared terms:", f);
        for (size_t i = 0; i < r->term_count; i++)
            fprintf(f, "%s %s", i > 0 ? "," : "", r->terms[i]);
    }
    fputc('\n', f);
    for (size_t i = 0; i < r->passage_count; i++) {
        const rp_passage *p = &r->passages[i];
        const size_t len = p->a_end - p->a_start;
        fprintf(f, "    %s[%zu,%zu) ~ [%zu,%zu) %u words%s%s: \"%.*s%s\"\n",
                p->quote ? "quote " : "", p->a_start, p->a_end, p->b_start, p->b_end, p->word_count,
                p->speaker ? ", " : "", p->speaker ? p->speaker : "", (int)(len > 70 ? 70 : len),
                a->text + p->a_start, len > 70 ? "..." : "");
    }
    for (size_t i = 0; i < r->sentence_count; i++) {
        const rp_sentence_pair *p = &r->sentences[i];
        const size_t la = p->a_end - p->a_start, lb = p->b_end - p->b_start;
        fprintf(f, "    sentence [%zu,%zu) ~ [%zu,%zu) similarity %.2f: \"%.*s%s\" ~ \"%.*s%s\"\n",
                p->a_start, p->a_end, p->b_start, p->b_end, p->similarity, (int)(la > 40 ? 40 : la),
                a->text + p->a_start, la > 40 ? "..." : "", (int)(lb > 40 ? 40 : lb),
                b->text + p->b_start, lb > 40 ? "..." : "");
    }
}

void print_source_jsonl(FILE *f, const rp_article *a)
{
    fputs("{\"id\":", f);
    json_cstr(f, a->id);
    if (a->title != NULL) {
        fputs(",\"title\":", f);
        json_cstr(f, a->title);
    }
    optional_fields(f, a);
    fputs(",\"text\":", f);
    json_str(f, a->text, a->text_len);
    fputs("}\n", f);
}
