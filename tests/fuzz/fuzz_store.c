/* fuzz_store.c: the decoders of the index's blobs (relation parts, boilerplate spans, blocks
 * of postings, the words of an article) take any bytes: a blob decodes to values within it, or
 * to RP_ECORRUPT; what decodes encodes back to the same bytes (a fixed-width block of an older
 * file, to a packed one of the same postings). The first byte chooses the decoder: 2 blocks,
 * 4 words, odd spans, other even relation parts. */
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
    if (data[0] == 2) {
        uint64_t *grams = NULL;
        int64_t *aids = NULL;
        size_t count = 0, cap = 0;
        if (rp__codec_block_get(data + 1, size - 1, &grams, &aids, &count, &cap) == RP_OK) {
            struct rp__buf b = {NULL, 0, 0};
            assert(count > 0 && count <= size);
            for (size_t i = 0; i < count; i++)
                assert(aids[i] > 0 && (i == 0 || grams[i] > grams[i - 1] ||
                                       (grams[i] == grams[i - 1] && aids[i] > aids[i - 1])));
            assert(rp__codec_block_put(grams, aids, count, &b) == RP_OK);
            if (data[1] == 3) { /* packed: the same bytes again */
                assert(b.len == size - 1 && memcmp(b.data, data + 1, b.len) == 0);
            } else { /* fixed-width, of older files: written packed, the same postings */
                uint64_t *g2 = NULL;
                int64_t *a2 = NULL;
                size_t n2 = 0, cap2 = 0;
                assert(rp__codec_block_get((const uint8_t *)b.data, b.len, &g2, &a2, &n2, &cap2) ==
                       RP_OK);
                assert(n2 == count && memcmp(g2, grams, count * sizeof(*g2)) == 0 &&
                       memcmp(a2, aids, count * sizeof(*a2)) == 0);
                rp__free(g2);
                rp__free(a2);
            }
            rp__buf_release(&b);
        }
        rp__free(grams);
        rp__free(aids);
    } else if (data[0] == 4) {
        uint32_t *starts = NULL;
        size_t n = 0, cap = 0, boiler = 0;
        const size_t text_len = 8 * size; /* some starts fit, others not */
        if (rp__codec_words_get(data + 1, size - 1, text_len, &starts, &n, &cap, &boiler) ==
            RP_OK) {
            for (size_t i = 0; i < n; i++)
                assert(starts[i] < text_len && (i == 0 || starts[i] > starts[i - 1]));
            assert(rp__codec_words_put(starts, n, boiler, &again, &len) == RP_OK);
            assert(len == size - 1 && memcmp(again, data + 1, len) == 0);
        }
        rp__free(starts);
    } else if (data[0] & 1) {
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
