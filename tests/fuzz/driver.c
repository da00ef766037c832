/* driver.c: a main() that replays files through a libFuzzer target, so that 'make test'
 * runs every fuzz corpus with gcc and the sanitizers, without libFuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        uint8_t *buf = NULL;
        size_t len = 0, cap = 0, n;

        if (f == NULL) {
            fprintf(stderr, "driver: cannot open '%s'\n", argv[i]);
            return 1;
        }
        do {
            if (len == cap) {
                cap = cap ? cap * 2 : 65536;
                buf = realloc(buf, cap);
                if (buf == NULL)
                    return 1;
            }
            n = fread(buf + len, 1, cap - len, f);
            len += n;
        } while (n > 0);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
        fprintf(stderr, "replayed %s (%zu bytes)\n", argv[i], len);
    }
    return 0;
}
