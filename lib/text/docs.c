/* docs.c: running work over the articles on several threads (pthreads). Items are handed
 * out in blocks from an atomic counter; each result is stored by index, so the outcome never
 * depends on the number of threads or on their timing. */
#include "docs.h"

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "../base/banned.h"

#define BLOCK 16 /* items taken at a time: cheap hand-out, good balance */

struct job {
    size_t count;
    size_t next; /* next item to hand out; atomic */
    int (*fn)(size_t i, void *user);
    void *user;
    size_t first_bad; /* smallest failing index; atomic min */
    int first_rc;
    pthread_mutex_t lock;
};

static void *worker(void *arg)
{
    struct job *j = arg;

    for (;;) {
        const size_t b = __atomic_fetch_add(&j->next, BLOCK, __ATOMIC_RELAXED);
        if (b >= j->count)
            break;
        for (size_t i = b; i < b + BLOCK && i < j->count; i++) {
            const int rc = j->fn(i, j->user);
            if (rc < 0) {
                pthread_mutex_lock(&j->lock);
                if (i < j->first_bad) {
                    j->first_bad = i;
                    j->first_rc = rc;
                }
                pthread_mutex_unlock(&j->lock);
            }
        }
    }
    return NULL;
}

int rp__parallel_for(size_t count, unsigned thread_count, int (*fn)(size_t i, void *user),
                     void *user)
{
    struct job j;
    pthread_t tids[256];
    unsigned started = 0;

    memset(&j, 0, sizeof(j));
    j.count = count;
    j.fn = fn;
    j.user = user;
    j.first_bad = SIZE_MAX;
    if (thread_count > 256)
        thread_count = 256;
    if (thread_count <= 1 || count <= BLOCK) {
        for (size_t i = 0; i < count; i++) {
            const int rc = fn(i, user);
            if (rc < 0)
                return rc;
        }
        return RP_OK;
    }
    pthread_mutex_init(&j.lock, NULL);
    for (unsigned k = 1; k < thread_count; k++)
        if (pthread_create(&tids[started], NULL, worker, &j) == 0)
            started++;
    worker(&j);
    for (unsigned k = 0; k < started; k++)
        pthread_join(tids[k], NULL);
    pthread_mutex_destroy(&j.lock);
    return j.first_bad == SIZE_MAX ? RP_OK : j.first_rc;
}

struct docs_job {
    const struct rp__docs *d;
    rp__docs_fn *fn;
    void *user;
    struct rp_text *texts; /* one per thread */
    pthread_key_t key;
    size_t slots_used; /* atomic */
    size_t slot_count;
};

/* Each thread takes a text slot the first time it runs an item. */
static int run_doc(size_t i, void *user)
{
    struct docs_job *j = user;
    struct rp_text *t = pthread_getspecific(j->key);

    if (t == NULL) {
        const size_t k = __atomic_fetch_add(&j->slots_used, 1, __ATOMIC_RELAXED);
        if (k >= j->slot_count)
            return RP_EINVAL;
        t = &j->texts[k];
        pthread_setspecific(j->key, t);
    }
    return j->fn(j->d, i, t, j->user);
}

int rp__docs_parallel(const struct rp__docs *d, rp__docs_fn *fn, void *user)
{
    struct docs_job j;
    const unsigned threads = d->thread_count == 0 ? 1 : d->thread_count;
    int rc;

    memset(&j, 0, sizeof(j));
    j.d = d;
    j.fn = fn;
    j.user = user;
    j.slot_count = threads > 256 ? 256 : threads;
    j.texts = rp__calloc(j.slot_count, sizeof(*j.texts));
    if (j.texts == NULL)
        return RP_ENOMEM;
    if (pthread_key_create(&j.key, NULL) != 0) {
        rp__free(j.texts);
        return RP_ENOMEM;
    }
    rc = rp__parallel_for(d->count, threads, run_doc, &j);
    pthread_key_delete(j.key);
    for (size_t k = 0; k < j.slot_count; k++)
        rp__text_release(&j.texts[k]);
    rp__free(j.texts);
    return rc;
}

int rp__order_cmp(int64_t a_published, const char *a_id, int64_t b_published, const char *b_id)
{
    if (a_published != b_published) {
        if (a_published == RP_TIME_NONE)
            return 1;
        if (b_published == RP_TIME_NONE)
            return -1;
        return a_published < b_published ? -1 : 1;
    }
    return strcmp(a_id, b_id);
}

int rp__article_cmp(const rp_article *a, const rp_article *b)
{
    return rp__order_cmp(a->published, a->id, b->published, b->id);
}

struct part_call {
    int (*fn)(size_t k, void *user);
    void *user;
    size_t k;
    int rc;
};

static void *part_thread(void *arg)
{
    struct part_call *c = arg;

    c->rc = c->fn(c->k, c->user);
    return NULL;
}

int rp__parallel_parts(size_t parts, int (*fn)(size_t k, void *user), void *user)
{
    enum { MAX = 64 }; /* parts beyond run on the caller's thread */
    struct part_call call[MAX];
    pthread_t tid[MAX];
    int started[MAX] = {0};
    int rc = RP_OK;

    for (size_t k = 1; k < parts && k < MAX; k++) {
        call[k] = (struct part_call){fn, user, k, RP_OK};
        started[k] = pthread_create(&tid[k], NULL, part_thread, &call[k]) == 0;
    }
    if (parts > 0)
        rc = fn(0, user);
    for (size_t k = 1; k < parts; k++) {
        int got;
        if (k < MAX && started[k]) {
            pthread_join(tid[k], NULL);
            got = call[k].rc;
        } else {
            got = fn(k, user);
        }
        if (rc == RP_OK && got < 0)
            rc = got;
    }
    return rc;
}

unsigned rp__cores(void)
{
    const long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1 : n > 256 ? 256 : (unsigned)n;
}
