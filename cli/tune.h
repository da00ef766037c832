/* tune.h: how the programs (reprint, the benchmarks) set up glibc's allocator.
 *
 * A batch of the index allocates and frees hundreds of MB of texts, arrays and maps. By
 * default glibc hands freed memory back to the kernel and maps it in 4 KB pages, so that the
 * next batch faults every page in again, and a page fault costs microseconds (more in a
 * virtual machine): a quarter of an add's time at 100,000 articles went to them. Kept, and in
 * 2 MB pages where it can, the memory faults in 40 times less often, and 10,000 articles are
 * added to 100,000 in 11.1 s rather than 15.4 s (the medians of three runs). */
#ifndef RP_CLI_TUNE_H
#define RP_CLI_TUNE_H

#include <stdlib.h>
#include <unistd.h>

#define CLI_MALLOC_TUNABLES                                                                        \
    "glibc.malloc.hugetlb=1:glibc.malloc.trim_threshold=1073741824:"                               \
    "glibc.malloc.mmap_threshold=268435456"

/* For main(), first thing: starts the program again, once, with CLI_MALLOC_TUNABLES in
 * GLIBC_TUNABLES (glibc reads them only when a program starts), unless GLIBC_TUNABLES is set
 * already, or LD_PRELOAD is: a preloaded library is a tool that watches the program or
 * another allocator (under valgrind, /proc/self/exe is valgrind itself). Returns when it did
 * not (not glibc, or no /proc). Under a sanitizer the tunables do nothing, but the exec is
 * done all the same, so that the tests run it. */
static inline void cli_tune_malloc(char **argv)
{
#ifdef __GLIBC__
    if (getenv("GLIBC_TUNABLES") != NULL || getenv("LD_PRELOAD") != NULL ||
        setenv("GLIBC_TUNABLES", CLI_MALLOC_TUNABLES, 1) < 0)
        return;
    execv("/proc/self/exe", argv);
    unsetenv("GLIBC_TUNABLES"); /* it did not start again: it goes on as it is */
#else
    (void)argv;
#endif
}

#endif
