/*
 * pool.h — libuv's thread pool as newsflow's workers.
 *
 * Each pool thread gets its own nf_worker (Lua state, arena, scratch) the
 * first time it runs an article, kept in thread-local storage and reused
 * for every later article. The pool's size is fixed when libuv starts it,
 * so nf_pool_init must come before any work is queued.
 */
#ifndef NF_POOL_H
#define NF_POOL_H

#include "worker.h"

/* Sets the pool size (0: one thread per core) and returns it. Call once, before queuing work. */
unsigned nf_pool_init(unsigned workers);

/* The calling pool thread's worker, created on first use; NULL when out of memory. */
nf_worker *nf_pool_worker(void);

/* Frees every worker. No work may be running. */
void nf_pool_shutdown(void);

#endif
