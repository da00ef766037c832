/* fuzz_pairs.c: the reader of text pairs takes any bytes: every line is a pair or a
 * reported bad record. */
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
    rp_pairs *p;

    if (rp_pairs_new(&p) < 0)
        return 0;
    reported = 0;
    (void)rp_pairs_read_buf(p, "fuzz.jsonl", (const char *)data, size, RP_READ_SKIP_BAD, count,
                            NULL);
    for (size_t i = 0; i < rp_pairs_count(p); i++) {
        const rp_pair_text *t = rp_pairs_get(p, i);
        assert(t->id != NULL && t->a_len <= size && t->b_len <= size);
        assert(strlen(t->a) <= t->a_len);
    }
    assert(reported == rp_pairs_skipped(p));
    rp_pairs_free(p);
    return 0;
}
