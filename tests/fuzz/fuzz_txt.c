/* fuzz_txt.c: a .txt article of any bytes: its title is a line inside it, and every word,
 * sentence and paragraph lies within the text, in order, on character boundaries. */
#include <assert.h>
#include <string.h>

#include "../../lib/io/io.h"
#include "../../lib/text/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rp__txt_info info;
    struct rp_text t = {0};
    const char *s = (const char *)data;

    rp__txt_inspect(s, size, &info);
    assert(info.title_start <= info.title_end && info.title_end <= size);
    if (info.title_end > info.title_start)
        assert(memchr(s + info.title_start, '\n', info.title_end - info.title_start) == NULL);
    if (rp__text_analyze(&t, s, size) == 0) {
        size_t prev = 0;
        for (size_t i = 0; i < t.word_count; i++) {
            const struct rp__word *w = &t.words[i];
            assert(w->start < w->end && w->end <= size && w->start >= prev);
            assert((data[w->start] & 0xC0) != 0x80);
            for (size_t k = w->start; k < w->end;) { /* a word is valid UTF-8 */
                int32_t cp;
                k += rp__utf8_decode(data + k, w->end - k, &cp);
                assert(cp >= 0);
            }
            assert(w->sentence < t.sent_count);
            prev = w->end;
        }
        for (size_t i = 0; i < t.sent_count; i++) {
            const struct rp__span *p = &t.sents[i];
            assert(p->start <= p->end && p->end <= size);
            assert(p->word_begin <= p->word_end && p->word_end <= t.word_count);
            for (size_t k = p->word_begin; k < p->word_end; k++)
                assert(t.words[k].start >= p->start && t.words[k].end <= p->end);
        }
        for (size_t i = 0; i < t.para_count; i++)
            assert(t.paras[i].start <= t.paras[i].end && t.paras[i].end <= size);
    }
    rp__text_release(&t);
    return 0;
}
