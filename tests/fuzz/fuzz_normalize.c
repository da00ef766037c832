/* fuzz_normalize.c: normalisation is stable (normalising twice changes nothing) and its
 * output is valid UTF-8. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "reprint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *once = NULL, *twice = NULL;
    size_t once_len, twice_len;

    if (rp_normalize((const char *)data, size, &once, &once_len) == 0 &&
        rp_normalize(once, once_len, &twice, &twice_len) == 0) {
        assert(once_len == twice_len && memcmp(once, twice, once_len) == 0);
    }
    rp_free(once);
    rp_free(twice);
    return 0;
}
