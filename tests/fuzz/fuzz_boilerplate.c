/* fuzz_boilerplate.c: page furniture on any bytes. The input is split at NUL bytes into up to
 * eight articles (every second one with a source); the cue spans of each and the spans of a
 * whole scan (cues and repetition) lie inside its text, in order, without overlaps. */
#include <assert.h>
#include <string.h>

#include "reprint.h"
#include "../../lib/text/boilerplate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_spans(const rp_token *spans, size_t count, size_t len)
{
    for (size_t k = 0; k < count; k++) {
        assert(spans[k].start < spans[k].end && spans[k].end <= len);
        assert(k == 0 || spans[k - 1].end < spans[k].start);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    rp_corpus *c = NULL;
    struct rp_text t = {0};
    rp_token *spans = NULL;
    size_t count = 0, cap = 0, at = 0;
    char ids[8][4];

    if (rp_corpus_new(&c) != RP_OK)
        return 0;
    for (int n = 0; n < 8 && at <= size; n++) {
        const char *end = memchr(s + at, '\0', size - at);
        const size_t len = end != NULL ? (size_t)(end - (s + at)) : size - at;
        rp_article a = {0};

        if (rp__text_analyze(&t, s + at, len) == RP_OK &&
            rp__boilerplate_spans(&t, &spans, &count, &cap) == RP_OK)
            check_spans(spans, count, len);
        memcpy(ids[n], "a0", 3);
        ids[n][1] = (char)('0' + n);
        a.id = ids[n];
        a.source = n % 2 ? "site" : NULL;
        a.published = RP_TIME_NONE;
        a.text = s + at;
        a.text_len = len;
        rp_corpus_add(c, &a);
        at += len + 1;
    }
    rp_options o;
    rp_scan *sc = NULL;
    rp_options_default(&o);
    o.detect = RP_DETECT_BOILERPLATE;
    o.thread_count = 1;
    if (rp_scan_run(c, &o, &sc) == RP_OK)
        for (size_t i = 0; i < rp_corpus_count(c); i++) {
            rp_article_info x;
            rp_scan_article(sc, i, &x);
            check_spans(x.boilerplate, x.boilerplate_count, rp_corpus_get(c, i)->text_len);
        }
    rp_scan_free(sc);
    rp__text_release(&t);
    rp_free(spans);
    rp_corpus_free(c);
    return 0;
}
