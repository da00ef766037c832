/* extract.c: speed of reading web pages: decoding, parsing with libxml2, metadata and the
 * main text of every .html/.htm file given (or found in the folders given), on one core,
 * repeated until at least two seconds have passed. Prints pages/s and MB/s of HTML. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "reprint.h"
#include "../lib/io/html.h"

struct page {
    char *data;
    size_t len;
};

static struct page *pages;
static size_t page_count, page_cap;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void load(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct page p = {0};
    size_t cap = 0, n;

    if (f == NULL) {
        fprintf(stderr, "bench_extract: cannot open '%s'\n", path);
        exit(3);
    }
    do {
        if (p.len == cap) {
            cap = cap ? cap * 2 : 65536;
            p.data = realloc(p.data, cap);
            if (p.data == NULL)
                exit(3);
        }
        n = fread(p.data + p.len, 1, cap - p.len, f);
        p.len += n;
    } while (n > 0);
    fclose(f);
    if (page_count == page_cap) {
        page_cap = page_cap ? page_cap * 2 : 64;
        pages = realloc(pages, page_cap * sizeof(*pages));
        if (pages == NULL)
            exit(3);
    }
    pages[page_count++] = p;
}

static int is_page(const char *name)
{
    const size_t n = strlen(name);

    return (n > 5 && strcmp(name + n - 5, ".html") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".htm") == 0);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_path(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t count = 0;

    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
        load(path);
        return;
    }
    d = opendir(path);
    if (d == NULL) {
        fprintf(stderr, "bench_extract: cannot open '%s'\n", path);
        exit(3);
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !is_page(e->d_name))
            continue;
        const size_t n = strlen(path) + strlen(e->d_name) + 2;
        names = realloc(names, (count + 1) * sizeof(*names));
        if (names == NULL || (names[count] = malloc(n)) == NULL)
            exit(3);
        snprintf(names[count], n, "%s/%s", path, e->d_name);
        count++;
    }
    closedir(d);
    qsort(names, count, sizeof(*names), cmp_names);
    for (size_t i = 0; i < count; i++) {
        load(names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    size_t bytes = 0, text = 0, rounds = 0, empty = 0;
    double t0, s;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_extract PATH...\n");
        return 2;
    }
    for (int i = 1; i < argc; i++)
        load_path(argv[i]);
    if (page_count == 0) {
        fprintf(stderr, "bench_extract: no .html or .htm pages found\n");
        return 3;
    }
    for (size_t i = 0; i < page_count; i++)
        bytes += pages[i].len;
    t0 = now();
    do {
        for (size_t i = 0; i < page_count; i++) {
            struct rp__html_page p = {0};
            struct rp__html_error err;
            if (rp__html_extract(pages[i].data, pages[i].len, &p, &err) == RP_OK && rounds == 0) {
                text += p.text.len;
                empty += p.text.len == 0;
            }
            rp__html_page_release(&p);
        }
        rounds++;
    } while (now() - t0 < 2.0);
    s = (now() - t0) / (double)rounds;
    printf("%zu pages, %.1f MB of HTML, %.1f MB of main text (%zu pages without), %zu rounds\n",
           page_count, (double)bytes / 1e6, (double)text / 1e6, empty, rounds);
    printf("extract (decode, parse, metadata, main text): %.0f pages/s, %.1f MB/s of HTML\n",
           (double)page_count / s, (double)bytes / 1e6 / s);
    for (size_t i = 0; i < page_count; i++)
        free(pages[i].data);
    free(pages);
    return 0;
}
