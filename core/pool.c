/* pool.c — one worker context per libuv pool thread. */
#include "pool.h"

#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

typedef struct worker_node {
    nf_worker worker;
    struct worker_node *next;
} worker_node;

static uv_once_t pool_once = UV_ONCE_INIT;
static uv_key_t worker_key;
static uv_mutex_t workers_lock;
static worker_node *workers;     /* every worker ever created, to free at shutdown */
static int pool_ready;

static void init_pool_state(void)
{
    pool_ready = uv_key_create(&worker_key) == 0 && uv_mutex_init(&workers_lock) == 0;
}

unsigned nf_pool_init(unsigned n)
{
    if (n == 0)
        n = uv_available_parallelism();
    if (n > 1024)
        n = 1024;   /* libuv's own ceiling */
    char value[16];
    snprintf(value, sizeof value, "%u", n);
    setenv("UV_THREADPOOL_SIZE", value, 1);
    uv_once(&pool_once, init_pool_state);
    return n;
}

nf_worker *nf_pool_worker(void)
{
    uv_once(&pool_once, init_pool_state);
    if (!pool_ready)
        return NULL;
    worker_node *node = uv_key_get(&worker_key);
    if (node)
        return &node->worker;
    node = nf_calloc(1, sizeof *node);
    if (node == NULL)
        return NULL;
    nf_worker_init(&node->worker);
    uv_mutex_lock(&workers_lock);
    node->next = workers;
    workers = node;
    uv_mutex_unlock(&workers_lock);
    uv_key_set(&worker_key, node);
    return &node->worker;
}

void nf_pool_shutdown(void)
{
    if (!pool_ready)
        return;
    uv_mutex_lock(&workers_lock);
    while (workers) {
        worker_node *next = workers->next;
        nf_worker_free(&workers->worker);
        nf_free(workers);
        workers = next;
    }
    uv_mutex_unlock(&workers_lock);
}
