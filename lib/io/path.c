/* path.c: rp_corpus_read(): standard input, files by extension, and directories walked
 * recursively in byte order of their entries' names, so that the same tree always gives
 * the same corpus in the same order. Symbolic links to directories are not followed (a loop
 * cannot trap the walk); hidden entries are passed over. */
#include "io.h"
#include "html.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "../base/banned.h"

enum kind { K_NONE, K_TXT, K_JSONL, K_HTML };

static int ends_with(const char *s, size_t len, const char *suffix)
{
    const size_t n = strlen(suffix);

    return len >= n && strncmp(s + len - n, suffix, n) == 0;
}

/* The kind of a file by its name; 'in_dir' is 0 for a path given by the user, whose
 * unknown extensions read as text. */
static enum kind kind_of(const char *path, int in_dir)
{
    size_t len = strlen(path);

    if (ends_with(path, len, ".gz"))
        len -= 3;
    if (ends_with(path, len, ".jsonl") || ends_with(path, len, ".ndjson") ||
        ends_with(path, len, ".json"))
        return K_JSONL;
    if (ends_with(path, len, ".txt") || ends_with(path, len, ".text"))
        return K_TXT;
    if (ends_with(path, len, ".html") || ends_with(path, len, ".htm"))
        return K_HTML;
    return in_dir ? K_NONE : K_TXT;
}

int rp__read_file(const char *path, size_t limit, char **data, size_t *len, const char **why)
{
    gzFile f;
    struct rp__buf b = {0};
    char chunk[65536];
    int rc = RP_OK, n;

    *data = NULL;
    *len = 0;
    *why = NULL;
    f = gzopen(path, "rb");
    if (f == NULL) {
        *why = strerror(errno);
        return RP_EIO;
    }
    while ((n = gzread(f, chunk, sizeof(chunk))) > 0) {
        if (b.len + (size_t)n > limit) {
            rc = RP_ELIMIT;
            *why = "file exceeds the article limit of 256 MiB";
            break;
        }
        if (rp__buf_append(&b, chunk, (size_t)n) < 0) {
            rc = RP_ENOMEM;
            break;
        }
    }
    if (n < 0 && rc == RP_OK) {
        int zerr;
        const char *msg = gzerror(f, &zerr);
        *why = zerr == Z_ERRNO ? strerror(errno) : msg;
        rc = RP_EIO;
    }
    gzclose(f);
    if (rc == RP_OK && rp__buf_append(&b, "", 0) < 0)
        rc = RP_ENOMEM;
    if (rc < 0) {
        rp__buf_release(&b);
        return rc;
    }
    *data = rp__buf_detach(&b, len);
    return *data == NULL ? RP_ENOMEM : RP_OK;
}

static int read_one(rp_corpus *c, const char *path, enum kind k, unsigned flags,
                    rp_report_fn *report, void *user)
{
    char *data;
    size_t len;
    const char *why;
    int rc;

    if (k == K_JSONL) {
        rc = rp__jsonl_read_file(c, path, flags, report, user);
        if (rc == RP_EIO) /* could not be opened: a bad record like any other */
            rc = rp__corpus_bad(c, flags, report, user, RP_EIO, path, 1, "%s", rp_corpus_errmsg(c));
        return rc;
    }
    rc = rp__read_file(path, RP_MAX_ARTICLE_LEN, &data, &len, &why);
    if (rc == RP_ENOMEM)
        return rc;
    if (rc < 0)
        return rp__corpus_bad(c, flags, report, user, rc, path, 1, "cannot read: %s", why);
    if (k == K_HTML)
        rc = rp__html_read(c, path, data, len, flags, report, user);
    else
        rc = rp__txt_read(c, path, data, len, flags, report, user);
    rp__free(data);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(rp_corpus *c, const char *dir, unsigned flags, rp_report_fn *report, void *user,
                int depth)
{
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t count = 0, cap = 0;
    int rc = RP_OK;

    if (depth > 64)
        return rp__corpus_bad(c, flags, report, user, RP_ELIMIT, dir, 1,
                              "directories nested deeper than 64 levels");
    d = opendir(dir);
    if (d == NULL)
        return rp__corpus_bad(c, flags, report, user, RP_EIO, dir, 1, "cannot open directory: %s",
                              strerror(errno));
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (RP__GROW(names, cap, count + 1) < 0 || (names[count] = rp__strdup(e->d_name)) == NULL) {
            rc = RP_ENOMEM;
            break;
        }
        count++;
    }
    closedir(d);
    if (count > 0)
        qsort(names, count, sizeof(*names), cmp_names);
    for (size_t i = 0; i < count && rc == RP_OK; i++) {
        struct rp__buf p = {0};
        struct stat st;

        if (rp__buf_printf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]) <
            0) {
            rc = RP_ENOMEM;
        } else if (lstat(p.data, &st) < 0) {
            rc = rp__corpus_bad(c, flags, report, user, RP_EIO, p.data, 1, "cannot read: %s",
                                strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk(c, p.data, flags, report, user, depth + 1);
        } else {
            const enum kind k = kind_of(p.data, 1);
            if (k == K_NONE ||
                (S_ISLNK(st.st_mode) && stat(p.data, &st) == 0 && !S_ISREG(st.st_mode)))
                c->ignored++;
            else
                rc = read_one(c, p.data, k, flags, report, user);
        }
        rp__buf_release(&p);
    }
    for (size_t i = 0; i < count; i++)
        rp__free(names[i]);
    rp__free(names);
    return rc;
}

int rp_corpus_read(rp_corpus *c, const char *path, unsigned flags, rp_report_fn *report, void *user)
{
    struct stat st;

    if (c == NULL || path == NULL)
        return RP_EINVAL;
    if (strcmp(path, "-") == 0)
        return rp__jsonl_read_file(c, path, flags, report, user);
    if (stat(path, &st) < 0)
        return rp__corpus_fail(c, RP_EIO, "cannot open '%s': %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return walk(c, path, flags, report, user, 0);
    return read_one(c, path, kind_of(path, 0), flags, report, user);
}
