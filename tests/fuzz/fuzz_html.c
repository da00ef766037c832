/* fuzz_html.c: a web page of any bytes is an article or a clear refusal, never a crash: the
 * main text is valid UTF-8 without NUL bytes, title, site and address are single lines, and
 * the reader reports a refusal as "FILE:LINE: what". */
#include <assert.h>
#include <string.h>

#include "../../lib/io/html.h"
#include "../../lib/text/normalize.h"

static void valid_utf8(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += rp__utf8_decode((const unsigned char *)s + i, len - i, &cp);
        assert(cp > 0);
    }
}

static void one_line(const char *s)
{
    if (s != NULL) {
        assert(s[0] != '\0' && strchr(s, '\n') == NULL);
        valid_utf8(s, strlen(s));
    }
}

static void report(void *user, const char *msg)
{
    (void)user;
    assert(strncmp(msg, "fuzz.html:", 10) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rp__html_page page = {0};
    struct rp__html_error err;
    rp_corpus *c;
    const int rc = rp__html_extract((const char *)data, size, &page, &err);

    assert(rc == RP_OK || rc == RP_EFORMAT || rc == RP_ENOMEM);
    if (rc == RP_OK) {
        assert(page.text.len == strlen(page.text.data));
        valid_utf8(page.text.data, page.text.len);
        assert(page.text.len <= 3 * size + 3);
        one_line(page.title);
        one_line(page.site);
        one_line(page.url);
    } else if (rc == RP_EFORMAT) {
        assert(err.what != NULL && err.at <= size);
    }
    rp__html_page_release(&page);
    if (rp_corpus_new(&c) == RP_OK) {
        (void)rp__html_read(c, "fuzz.html", (const char *)data, size, RP_READ_SKIP_BAD, report,
                            NULL);
        assert(rp_corpus_count(c) + rp_corpus_skipped(c) == 1 || rc == RP_ENOMEM);
        rp_corpus_free(c);
    }
    return 0;
}
