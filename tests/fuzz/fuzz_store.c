/* fuzz_store.c: the decoders of the index's blobs (relation parts, boilerplate spans) take
 * any bytes: a blob decodes to values within it, or to RP_ECORRUPT; what decodes encodes
 * back to the same bytes. The first byte chooses the decoder. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "reprint.h"
#include "../../lib/store/store.h"
#include "../../lib/scan/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *again = NULL;
    size_t len = 0;

    if (size == 0)
        return 0;
    if (data[0] & 1) {
        rp_token *spans;
        size_t count;
        if (rp__codec_spans_get(data + 1, size - 1, &spans, &count) == RP_OK) {
            for (size_t i = 0; i < count; i++)
                assert(spans[i].start <= spans[i].end);
            assert(rp__codec_spans_put(spans, count, &again, &len) == RP_OK);
            assert(len == size - 1 && memcmp(again, data + 1, len) == 0);
            rp__free(spans);
        }
    } else {
        rp_relation r;
        if (rp__codec_relation_get(data + 1, size - 1, &r) == RP_OK) {
            assert(r.type >= 0 && r.type < RP_REL_TYPE_COUNT);
            assert(r.passage_count <= size && r.sentence_count <= size && r.term_count <= size);
            for (size_t i = 0; i < r.passage_count; i++)
                assert(r.passages[i].a_start <= r.passages[i].a_end);
            assert(rp__codec_relation_put(&r, &again, &len) == RP_OK);
            assert(len == size - 1 && memcmp(again, data + 1, len) == 0);
            rp__relation_release(&r);
        }
    }
    rp__free(again);
    return 0;
}
