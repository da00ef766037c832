/* gen_corpus.c: makes a benchmark corpus of N news-sized articles as JSON Lines, built
 * from the sentences of real articles (the evaluation data in ../shared, read at run time;
 * nothing generated is committed). Article lengths follow a log-normal distribution with
 * a median of about 18 sentences (400 words). The few thousand source sentences would
 * repeat in thousands of articles, which no real corpus does, so sentences are generated:
 * a random walk on the word bigrams of the source text (each next word is the word after
 * a random other occurrence of the current one), which keeps the words and short phrases
 * of news while unrelated articles share only its common phrases. A share of the articles
 * (10%) are near-duplicates of an earlier one: a sentence dropped, a few words changed, a
 * line of page furniture added. Deterministic.
 *
 * usage: bench_gen_corpus N OUT.jsonl SOURCE.jsonl... */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reprint.h"

static uint64_t state = 0x853c49e6748fea9bULL;

static uint64_t rnd(void)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
}

static double uniform(void)
{
    return (double)(rnd() >> 11) / 9007199254740992.0;
}

struct sent {
    const char *p;
    size_t len;
};

struct tok {
    const char *p;
    size_t len;
    uint64_t hash;
};

static struct tok *toks; /* every word of the source text, in order */
static size_t tok_count;
static size_t *by_hash; /* token positions sorted by the word's hash */

static int cmp_by_hash(const void *x, const void *y)
{
    const uint64_t a = toks[*(const size_t *)x].hash, b = toks[*(const size_t *)y].hash;

    if (a != b)
        return a < b ? -1 : 1;
    return *(const size_t *)x < *(const size_t *)y ? -1 : 1;
}

static uint64_t hash_word(const char *p, size_t len)
{
    uint64_t h = 14695981039346656037ULL;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
    return h;
}

/* The word after a random occurrence of the word at t. */
static size_t next_token(size_t t)
{
    size_t lo = 0, hi = tok_count;
    const uint64_t h = toks[t].hash;

    while (lo < hi) { /* first position with this hash */
        const size_t mid = (lo + hi) / 2;
        if (toks[by_hash[mid]].hash < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo, top = tok_count;
    while (end < top) { /* first position past this hash */
        const size_t mid = (end + top) / 2;
        if (toks[by_hash[mid]].hash <= h)
            end = mid + 1;
        else
            top = mid;
    }
    const size_t pick = by_hash[lo + (rnd() >> 3) % (end - lo)];
    return pick + 1 < tok_count ? pick + 1 : (rnd() >> 3) % tok_count;
}

static void put_json(FILE *f, const char *s, size_t len)
{
    putc('"', f);
    for (size_t i = 0; i < len; i++) {
        const unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            putc(c, f);
    }
    putc('"', f);
}

int main(int argc, char **argv)
{
    struct sent *pool = NULL;
    size_t pool_count = 0, pool_cap = 0, n;
    char **texts;
    size_t *lens;
    rp_corpus *c;
    rp_text *t;
    FILE *out;

    if (argc < 4) {
        fprintf(stderr, "usage: bench_gen_corpus N OUT.jsonl SOURCE.jsonl...\n");
        return 2;
    }
    n = strtoull(argv[1], NULL, 10);
    rp_corpus_new(&c);
    for (int i = 3; i < argc; i++)
        if (rp_corpus_read(c, argv[i], RP_READ_SKIP_BAD, NULL, NULL) < 0) {
            fprintf(stderr, "bench_gen_corpus: %s\n", rp_corpus_errmsg(c));
            return 3;
        }
    rp_text_new(&t);
    for (size_t i = 0; i < rp_corpus_count(c); i++) {
        const rp_article *a = rp_corpus_get(c, i);
        rp_text_stats st;
        rp_text_analyze(t, a->text, a->text_len);
        rp_text_stats_get(t, &st);
        for (size_t k = 0; k < st.sentence_count; k++) {
            const rp_token s = rp_text_sentence(t, k);
            if (s.end - s.start < 40 || s.end - s.start > 600)
                continue;
            if (pool_count == pool_cap) {
                pool_cap = pool_cap ? pool_cap * 2 : 4096;
                pool = realloc(pool, pool_cap * sizeof(*pool));
            }
            pool[pool_count++] = (struct sent){a->text + s.start, s.end - s.start};
        }
    }
    for (size_t i = 0; i < pool_count; i++)
        for (size_t w = 0; w < pool[i].len;) {
            size_t e = w;
            while (e < pool[i].len && pool[i].p[e] != ' ' && pool[i].p[e] != '\n')
                e++;
            if (e > w) {
                if ((tok_count & (tok_count + 1)) == 0 || tok_count == 0)
                    toks = realloc(toks, (2 * tok_count + 2) * sizeof(*toks));
                toks[tok_count++] =
                    (struct tok){pool[i].p + w, e - w, hash_word(pool[i].p + w, e - w)};
            }
            w = e + 1;
        }
    by_hash = malloc(tok_count * sizeof(*by_hash));
    for (size_t i = 0; i < tok_count; i++)
        by_hash[i] = i;
    qsort(by_hash, tok_count, sizeof(*by_hash), cmp_by_hash);
    out = fopen(argv[2], "w");
    if (out == NULL || pool_count == 0)
        return 3;
    texts = calloc(n, sizeof(*texts));
    lens = calloc(n, sizeof(*lens));
    size_t dups = 0, bytes = 0;
    for (size_t i = 0; i < n; i++) {
        char *buf;
        size_t len = 0;
        if (i > 0 && uniform() < 0.10) {
            /* a near-duplicate of an earlier article */
            const size_t j = rnd() % i;
            const char *src = texts[j];
            buf = malloc(lens[j] + 128);
            const size_t cut = (size_t)(uniform() * (double)lens[j]);
            const char *dot = strstr(src + cut, ". ");
            for (size_t k = 0; k < lens[j]; k++) {
                if (dot != NULL && src + k == dot + 2) { /* drop the next sentence */
                    const char *next = strstr(dot + 2, ". ");
                    if (next != NULL && next < src + lens[j]) {
                        k = (size_t)(next + 1 - src);
                        continue;
                    }
                }
                buf[len++] = src[k] == 'e' && uniform() < 0.004 ? 'a' : src[k];
            }
            if (uniform() < 0.5)
                len += (size_t)sprintf(buf + len, "\nFollow us for the latest updates.");
            dups++;
        } else {
            const double z = sqrt(-2 * log(uniform() + 1e-12)) * cos(6.283185307 * uniform());
            size_t k = (size_t)exp(log(18.0) + 0.6 * z);
            if (k < 3)
                k = 3;
            if (k > 120)
                k = 120;
            const size_t cap = 0;
            buf = malloc(cap + k * 700 + 2);
            for (size_t s = 0; s < k; s++) {
                /* a sentence of 8 to 40 words from a random start, ended by a period */
                size_t at = (rnd() >> 3) % tok_count;
                const size_t words = 8 + (rnd() >> 3) % 33;
                for (size_t w = 0; w < words; w++) {
                    if (len + toks[at].len + 2 > cap + k * 700)
                        break;
                    memcpy(buf + len, toks[at].p, toks[at].len);
                    len += toks[at].len;
                    buf[len++] = ' ';
                    at = next_token(at);
                }
                if (len > 0)
                    buf[len - 1] = '.';
                buf[len++] = (s % 4 == 3) ? '\n' : ' ';
            }
        }
        texts[i] = buf;
        lens[i] = len;
        bytes += len;
        fprintf(out, "{\"id\":\"g%07zu\",\"text\":", i);
        put_json(out, buf, len);
        fputs("}\n", out);
    }
    fclose(out);
    fprintf(stderr,
            "bench_gen_corpus: %zu articles, %.1f MB of text, %zu near-duplicates, "
            "from %zu sentences\n",
            n, (double)bytes / 1e6, dups, pool_count);
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    free(pool);
    free(toks);
    free(by_hash);
    rp_text_free(t);
    rp_corpus_free(c);
    return 0;
}
