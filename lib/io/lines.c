/* lines.c: reading a file a line at a time through zlib's gz* functions, so that plain and
 * gzip-compressed files read alike and no input has to fit in memory twice. */
#include "io.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../base/banned.h"

#define CHUNK (1u << 20)

int rp__lines_read(const char *path, rp__line_fn *fn, void *ctx, char *err, size_t err_cap)
{
    const int is_stdin = strcmp(path, "-") == 0;
    gzFile f = is_stdin ? gzdopen(dup(STDIN_FILENO), "rb") : gzopen(path, "rb");
    const char *name = is_stdin ? "<stdin>" : path;
    struct rp__buf line = {0};
    char *chunk = NULL;
    uint64_t lineno = 1;
    int rc = RP_OK, too_long = 0, first = 1;

    if (f == NULL) {
        snprintf(err, err_cap, "cannot open '%s': %s", path, strerror(errno));
        return RP_EIO;
    }
    chunk = rp__malloc(CHUNK);
    if (chunk == NULL) {
        gzclose(f);
        return RP_ENOMEM;
    }
    gzbuffer(f, 256 * 1024);
    for (;;) {
        const int n = gzread(f, chunk, CHUNK);
        size_t i = 0;

        if (n < 0) {
            int zerr;
            const char *msg = gzerror(f, &zerr);
            snprintf(err, err_cap, "%s:%llu: read failed: %s", name, (unsigned long long)lineno,
                     zerr == Z_ERRNO ? strerror(errno) : msg);
            rc = RP_EIO;
            break;
        }
        if (first && n >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0)
            i = 3;
        first = 0;
        while (rc == RP_OK && i < (size_t)n) {
            const char *nl = memchr(chunk + i, '\n', (size_t)n - i);
            const size_t e = nl != NULL ? (size_t)(nl - chunk) : (size_t)n;

            if (!too_long && line.len + (e - i) > RP_MAX_LINE_LEN) {
                too_long = 1;
                rp__buf_release(&line);
            }
            if (!too_long)
                rc = rp__buf_append(&line, chunk + i, e - i);
            i = e + 1;
            if (nl == NULL || rc < 0)
                break;
            rc =
                fn(ctx, name, lineno, too_long ? "" : line.data, too_long ? 0 : line.len, too_long);
            rp__buf_reset(&line);
            too_long = 0;
            lineno++;
        }
        if (rc < 0 || n == 0)
            break;
    }
    if (rc == RP_OK && (too_long || line.len > 0))
        rc = fn(ctx, name, lineno, too_long ? "" : line.data, too_long ? 0 : line.len, too_long);
    rp__buf_release(&line);
    rp__free(chunk);
    gzclose(f);
    return rc;
}
