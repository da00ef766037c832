/* test_docs.c: the thread pool that runs detectors: every item once, the first error by
 * index whatever the thread count. */
#include <criterion/criterion.h>
#include <string.h>

#include "reprint.h"
#include "../../lib/text/docs.h"

struct counts {
    int seen[1000];
    size_t fail_from; /* items at or after this index fail */
};

static int visit(size_t i, void *user)
{
    struct counts *c = user;

    __atomic_add_fetch(&c->seen[i], 1, __ATOMIC_RELAXED);
    if (i >= c->fail_from)
        return i % 2 ? RP_EIO : RP_EFORMAT;
    return RP_OK;
}

Test(docs, every_item_runs_once_on_any_number_of_threads)
{
    for (unsigned threads = 1; threads <= 8; threads *= 2) {
        struct counts c;
        memset(&c, 0, sizeof(c));
        c.fail_from = SIZE_MAX;
        cr_assert_eq(rp__parallel_for(1000, threads, visit, &c), RP_OK);
        for (size_t i = 0; i < 1000; i++)
            cr_assert_eq(c.seen[i], 1, "item %zu ran %d times on %u threads", i, c.seen[i],
                         threads);
    }
}

Test(docs, the_error_reported_is_the_one_of_the_smallest_failing_index)
{
    for (unsigned threads = 1; threads <= 8; threads *= 2) {
        struct counts c;
        memset(&c, 0, sizeof(c));
        c.fail_from = 501; /* 501 is odd: RP_EIO; 502 would be RP_EFORMAT */
        cr_expect_eq(rp__parallel_for(1000, threads, visit, &c), RP_EIO, "%u threads", threads);
    }
}

Test(docs, every_part_runs_once_each_on_a_thread_and_the_first_failing_part_is_reported)
{
    /* past 64 parts, the rest run on the caller's thread after the others */
    const size_t parts[] = {0, 1, 2, 3, 8, 70};
    for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++) {
        struct counts c;
        memset(&c, 0, sizeof(c));
        c.fail_from = SIZE_MAX;
        cr_assert_eq(rp__parallel_parts(parts[p], visit, &c), RP_OK);
        for (size_t i = 0; i < 1000; i++)
            cr_assert_eq(c.seen[i], i < parts[p], "part %zu of %zu ran %d times", i, parts[p],
                         c.seen[i]);
        memset(&c, 0, sizeof(c));
        c.fail_from = 1; /* part 1 fails with RP_EIO, part 2 with RP_EFORMAT */
        cr_expect_eq(rp__parallel_parts(parts[p], visit, &c), parts[p] > 1 ? RP_EIO : RP_OK,
                     "%zu parts", parts[p]);
    }
}
