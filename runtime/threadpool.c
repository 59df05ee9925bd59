/*
 * threadpool.c - the persistent pool that runs CPU grids.
 *
 * KCC_NUM_THREADS threads in all (default: the online cores), the launching thread included, so
 * the pool starts KCC_NUM_THREADS - 1 workers on first use. Every thread of a launch takes chunks
 * of consecutive linear program ids from one atomic counter, so ids are handed out in ascending
 * order (x fastest, then y, then z): a program that spin-waits on an earlier one never waits on a
 * program nobody has started.
 *
 * A launch writes the job while the current generation is closed, then opens the next one. One
 * atomic word holds the generation and the number of workers inside it; a worker joins with a
 * compare-and-swap that only succeeds while the generation is open, and the launcher closes it
 * (again by CAS, only with nobody inside) once the counter is exhausted. So the job is never
 * rewritten under a worker, and no worker enters a finished one. Idle workers poll for
 * KCC_SPIN_US microseconds (default 500) before they sleep on a condition variable: back-to-back
 * launches, the common case, then start on all cores at once without a futex wake-up (OpenMP
 * runtimes do the same). Launches from several host threads are serialised. After fork() the
 * child starts a fresh pool (the parent's workers do not exist there).
 */
#include "rt.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef struct Job {
  RtProgramFn fn;
  void *ctx;
  uint64_t total, chunk;
  uint32_t gx, gy;
} Job;

/* pool.state packs a job generation (upper bits) and the number of workers inside that job (low
 * BUSY_BITS). An even generation is open (workers may join), an odd one closed. */
#define BUSY_BITS 16
#define BUSY_MASK ((UINT64_C(1) << BUSY_BITS) - 1)
#define GEN_ONE (UINT64_C(1) << BUSY_BITS)

static struct {
  pthread_mutex_t launch; /* held for a whole launch */
  pthread_mutex_t mu;     /* with `wake`: sleeping workers */
  pthread_cond_t wake;
  bool started;
  int nthreads; /* including the launcher */
  long spin_us; /* how long an idle worker polls before it sleeps */
  Job job;      /* written only while the generation is closed */
  _Atomic uint64_t state;
  _Atomic int sleepers;
  _Atomic uint64_t next;
  _Atomic bool stop;
  _Atomic bool cancelled; /* kcc_launch_cancel stopped the current launch */
} pool = {.launch = PTHREAD_MUTEX_INITIALIZER,
          .mu = PTHREAD_MUTEX_INITIALIZER,
          .wake = PTHREAD_COND_INITIALIZER,
          .state = GEN_ONE}; /* generation 1: closed */

static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

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

/* A job the worker has not seen yet is open in `s`. */
static bool joinable(uint64_t s, uint64_t seen) {
  uint64_t gen = s >> BUSY_BITS;
  return !(gen & 1) && gen != seen;
}

/* Joins the open job (busy + 1) unless it closes first; returns its generation or 0. */
static uint64_t join(uint64_t seen) {
  uint64_t s = atomic_load(&pool.state);
  while (joinable(s, seen))
    if (atomic_compare_exchange_weak(&pool.state, &s, s + 1)) return s >> BUSY_BITS;
  return 0;
}

/* Idle workers poll for the next job for spin_us (back-to-back launches find them awake, as
 * OpenMP runtimes do), then sleep on the condition variable. */
static void *worker(void *arg) {
  int tid = (int)(intptr_t)arg;
  uint64_t seen = 0;
  for (;;) {
    uint64_t gen = 0, t0 = now_us();
    for (unsigned n = 1; !(gen = join(seen)); n++) {
      cpu_relax();
      if (n % 256 || now_us() - t0 < (uint64_t)pool.spin_us) continue;
      pthread_mutex_lock(&pool.mu);
      atomic_fetch_add(&pool.sleepers, 1);
      while (!joinable(atomic_load(&pool.state), seen))
        pthread_cond_wait(&pool.wake, &pool.mu);
      atomic_fetch_sub(&pool.sleepers, 1);
      pthread_mutex_unlock(&pool.mu);
    }
    seen = gen;
    Job j = pool.job; /* stable: the launcher cannot close the job while busy > 0 */
    run_job(&j, tid);
    atomic_fetch_sub(&pool.state, 1);
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
  pool.started = false;
  atomic_store(&pool.sleepers, 0);
  atomic_store(&pool.state, (atomic_load(&pool.state) | GEN_ONE) & ~BUSY_MASK); /* closed */
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
  const char *spin = getenv("KCC_SPIN_US");
  pool.spin_us = spin ? strtol(spin, NULL, 10) : 500;
  if (pool.spin_us < 0) pool.spin_us = 0; /* a negative value would poll forever */
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

/* Async-signal-safe: two atomic stores. The flag `stop` is read between programs anyway, so a
 * launch that is never cancelled pays nothing for this. */
void rt_pool_cancel(void) {
  atomic_store(&pool.cancelled, true);
  atomic_store(&pool.stop, true);
}

bool rt_pool_run(const unsigned grid[3], RtProgramFn fn, void *ctx) {
  uint64_t total;
  if (__builtin_mul_overflow((uint64_t)grid[0], (uint64_t)grid[1], &total) ||
      __builtin_mul_overflow(total, (uint64_t)grid[2], &total) || total > RT_MAX_PROGRAMS)
    return true; /* refused by the callers (rt_grid_check) */
  if (total == 0) return true;
  pthread_mutex_lock(&pool.launch);
  start();
  atomic_store(&pool.cancelled, false);
  uint64_t per = total / ((uint64_t)pool.nthreads * 32);
  Job j = {fn, ctx, total, per < 1 ? 1 : per > 16 ? 16 : per, grid[0], grid[1]};
  atomic_store(&pool.stop, false);
  atomic_store(&pool.next, 0);
  if (pool.nthreads == 1 || total == 1) {
    run_job(&j, 0);
  } else {
    /* The generation is closed and no worker is inside it: publish, open, wake the sleepers. */
    pool.job = j;
    atomic_fetch_add(&pool.state, GEN_ONE);
    if (atomic_load(&pool.sleepers) > 0) {
      pthread_mutex_lock(&pool.mu);
      pthread_cond_broadcast(&pool.wake);
      pthread_mutex_unlock(&pool.mu);
    }
    run_job(&j, 0);
    /* Close it once the workers inside have finished their last programs. */
    uint64_t s = atomic_load(&pool.state);
    for (unsigned n = 1;; n++) {
      if ((s & BUSY_MASK) == 0 && atomic_compare_exchange_weak(&pool.state, &s, s + GEN_ONE)) break;
      if (n % 1024 == 0)
        sched_yield();
      else
        cpu_relax();
      s = atomic_load(&pool.state);
    }
  }
  bool ok = !atomic_load(&pool.cancelled);
  pthread_mutex_unlock(&pool.launch);
  return ok;
}
