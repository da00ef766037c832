/* fuzz_jsonl.c: the JSON Lines reader takes any bytes: every line is an article or a
 * reported bad record, never a crash. */
#include <assert.h>
#include <string.h>

#include "reprint.h"

static size_t reported;

static void count(void *user, const char *msg)
{
    (void)user;
    assert(strstr(msg, "fuzz.jsonl:") == msg);
    reported++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rp_corpus *c;

    if (rp_corpus_new(&c) < 0)
        return 0;
    reported = 0;
    (void)rp_corpus_read_jsonl(c, "fuzz.jsonl", (const char *)data, size, RP_READ_SKIP_BAD, count,
                               NULL);
    for (size_t i = 0; i < rp_corpus_count(c); i++) {
        const rp_article *a = rp_corpus_get(c, i);
        assert(a->id != NULL && a->id[0] != '\0');
        assert(a->text_len <= size);
    }
    assert(reported == rp_corpus_skipped(c));
    rp_corpus_free(c);
    return 0;
}
