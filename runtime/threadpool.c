/*
 * threadpool.c - the persistent pool that runs CPU grids.
 *
 * KCC_NUM_THREADS threads in all (default: the online cores), the launching thread included, so
 * the pool starts KCC_NUM_THREADS - 1 workers on first use. A launch publishes one job (under the
 * pool mutex, with a new generation number); every thread then takes chunks of consecutive
 * linear program ids from one atomic counter, so ids are handed out in ascending order (x fastest,
 * then y, then z): a program that spin-waits on an earlier one never waits on a program nobody
 * has started. The launcher returns when the counter is exhausted and no worker is inside the job;
 * a worker joins a job under the mutex, so the next job is published only after every worker has
 * left the previous one. Launches from several host threads are serialised. After fork() the
 * child starts a fresh pool (the parent's workers do not exist there).
 */
#include "rt.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct Job {
  RtProgramFn fn;
  void *ctx;
  uint64_t total, chunk;
  uint32_t gx, gy;
} Job;

static struct {
  pthread_mutex_t launch; /* held for a whole launch */
  pthread_mutex_t mu;     /* guards everything below except `next`/`stop` */
  pthread_cond_t wake, idle;
  bool started;
  int nthreads; /* including the launcher */
  uint64_t gen;
  int busy; /* workers inside the current job */
  Job job;
  _Atomic uint64_t next;
  _Atomic bool stop;
} pool = {.launch = PTHREAD_MUTEX_INITIALIZER,
          .mu = PTHREAD_MUTEX_INITIALIZER,
          .wake = PTHREAD_COND_INITIALIZER,
          .idle = PTHREAD_COND_INITIALIZER};

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void run_job(const Job *j, int tid) {
  for (;;) {
    uint64_t i = atomic_fetch_add_explicit(&pool.next, j->chunk, memory_order_relaxed);
    if (i >= j->total) return;
    uint64_t end = i + j->chunk < j->total ? i + j->chunk : j->total;
    for (; i < end; i++) {
      if (atomic_load_explicit(&pool.stop, memory_order_relaxed)) return;
      uint64_t yz = i / j->gx;
      if (!j->fn(j->ctx, tid, (uint32_t)(i % j->gx), (uint32_t)(yz % j->gy),
                 (uint32_t)(yz / j->gy)))
        atomic_store(&pool.stop, true);
    }
  }
}

static void *worker(void *arg) {
  int tid = (int)(intptr_t)arg;
  uint64_t seen = 0;
  pthread_mutex_lock(&pool.mu);
  for (;;) {
    while (pool.gen == seen)
      pthread_cond_wait(&pool.wake, &pool.mu);
    seen = pool.gen;
    Job j = pool.job;
    pool.busy++;
    pthread_mutex_unlock(&pool.mu);
    run_job(&j, tid);
    pthread_mutex_lock(&pool.mu);
    if (--pool.busy == 0) pthread_cond_signal(&pool.idle);
  }
  return NULL;
}

static void atfork_prepare(void) {
  pthread_mutex_lock(&pool.launch);
}

static void atfork_parent(void) {
  pthread_mutex_unlock(&pool.launch);
}

static void atfork_child(void) {
  /* Only this thread exists in the child: forget the workers, keep nothing locked. */
  pthread_mutex_init(&pool.launch, NULL);
  pthread_mutex_init(&pool.mu, NULL);
  pthread_cond_init(&pool.wake, NULL);
  pthread_cond_init(&pool.idle, NULL);
  pool.started = false;
  pool.busy = 0;
  pool.gen = 0; /* new workers start with seen == gen */
}

static void register_atfork(void) {
  pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

static int configured_threads(void) {
  const char *env = getenv("KCC_NUM_THREADS");
  long n = env ? strtol(env, NULL, 10) : 0;
  if (n <= 0) n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n <= 0) n = 1;
  return n > 1024 ? 1024 : (int)n;
}

/* Starts the workers once; with pool.launch held. Fewer threads if some fail to start. */
static void start(void) {
  if (pool.started) return;
  pthread_once(&atfork_once, register_atfork);
  int want = configured_threads();
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, (size_t)16 << 20); /* tiles may live on the stack */
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int n = 1;
  for (; n < want; n++) {
    pthread_t t;
    if (pthread_create(&t, &attr, worker, (void *)(intptr_t)n) != 0) break;
  }
  pthread_attr_destroy(&attr);
  pool.nthreads = n;
  pool.started = true;
}

int rt_pool_threads(void) {
  pthread_mutex_lock(&pool.launch);
  start();
  int n = pool.nthreads;
  pthread_mutex_unlock(&pool.launch);
  return n;
}

void rt_pool_run(const unsigned grid[3], RtProgramFn fn, void *ctx) {
  uint64_t total = (uint64_t)grid[0] * grid[1] * grid[2];
  if (total == 0) return;
  pthread_mutex_lock(&pool.launch);
  start();
  uint64_t per = total / ((uint64_t)pool.nthreads * 32);
  Job j = {fn, ctx, total, per < 1 ? 1 : per > 16 ? 16 : per, grid[0], grid[1]};
  atomic_store(&pool.stop, false);
  if (pool.nthreads == 1 || total == 1) {
    atomic_store(&pool.next, 0);
    run_job(&j, 0);
  } else {
    pthread_mutex_lock(&pool.mu);
    while (pool.busy > 0) /* stragglers of the previous job */
      pthread_cond_wait(&pool.idle, &pool.mu);
    pool.job = j;
    atomic_store(&pool.next, 0);
    pool.gen++;
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.mu);
    run_job(&j, 0);
    pthread_mutex_lock(&pool.mu);
    while (pool.busy > 0)
      pthread_cond_wait(&pool.idle, &pool.mu);
    pthread_mutex_unlock(&pool.mu);
  }
  pthread_mutex_unlock(&pool.launch);
}
