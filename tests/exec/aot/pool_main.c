/* AOT host for tests/exec/aot/pool.py: the headers' persistent pool. count_kernel (built with -g)
 * and chain_kernel come from two headers included together here, and chain_kernel again from
 * pool_other.c, a second translation unit; all of them must share one pool. Checks:
 *   - 2000 back-to-back launches of a 4-program grid count exactly, and 3-D grids map ids right;
 *   - launches after idle gaps (sleeping workers are woken);
 *   - a device assertion aborts the launch with its program and message (the first failure
 *     wins, no further programs start), and the next launch runs the whole grid again;
 *   - program ids are handed out in ascending order (chain_kernel would hang otherwise);
 *   - launches from several host threads (serialised; errors stay per thread);
 *   - the process has KCC_NUM_THREADS threads in all (one pool, not one per header);
 *   - fork() while another thread launches: the child starts a fresh pool that works.
 * Prints "ok". */
#define _POSIX_C_SOURCE 200809L
#include "chain_kernel.h"
#include "count_kernel.h"

#include "aot_common.h"

#include <dirent.h>
#include <sys/types.h>
#include <sys/wait.h>

int pool_other_chain(int32_t *flags, unsigned n);

enum { BIG = 20000 };
static int32_t hits[BIG];
static int32_t conc[2]; /* count_kernel: programs running now, most at once */

#ifdef __SANITIZE_THREAD__
enum { OTHER_THREADS = 1 }; /* gcc's ThreadSanitizer runs a thread of its own */
#else
enum { OTHER_THREADS = 0 };
#endif

/* The pool's size: the launching thread and KCC_NUM_THREADS - 1 workers. */
static long expected_threads(void) {
  const char *env = getenv("KCC_NUM_THREADS");
  long n = env ? strtol(env, NULL, 10) : 0;
  if (n <= 0) n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 1024 ? 1024 : n;
}

/* The threads of this process (Linux), or -1 when /proc is not there. */
static long count_threads(void) {
  DIR *d = opendir("/proc/self/task");
  if (!d) return -1;
  long n = 0;
  for (struct dirent *e; (e = readdir(d));)
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

/* Whether the process has `want` threads; joined host threads may take a moment to go. */
static int threads_are(long want) {
  for (int i = 0; i < 200; i++) {
    long n = count_threads();
    if (n < 0 || n == want + OTHER_THREADS) return 1;
    struct timespec ts = {0, 5 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  return 0;
}

static int check_grid(unsigned gx, unsigned gy, unsigned gz) {
  unsigned total = gx * gy * gz;
  int32_t counter = 0;
  memset(hits, 0, sizeof hits);
  AOT_CHECK(count_kernel_launch(gx, gy, gz, &counter, hits, conc, -1, 0) == 0, "launch failed: %s",
            kcc_aot_last_error());
  AOT_CHECK(kcc_aot_last_error()[0] == 0, "error after a good launch: %s", kcc_aot_last_error());
  AOT_CHECK(counter == (int32_t)total, "grid (%u, %u, %u): %d programs ran", gx, gy, gz, counter);
  for (unsigned i = 0; i < total; i++)
    AOT_CHECK(hits[i] == 1, "grid (%u, %u, %u): program %u ran %d times", gx, gy, gz, i, hits[i]);
  return 0;
}

/* Many launches of a small grid: the pool is reused, every program runs once per launch. */
static int test_loop(int launches) {
  int32_t counter = 0, h[4] = {0, 0, 0, 0};
  for (int i = 0; i < launches; i++)
    AOT_CHECK(count_kernel_launch(4, 1, 1, &counter, h, conc, -1, 0) == 0, "launch %d failed: %s",
              i, kcc_aot_last_error());
  AOT_CHECK(counter == 4 * launches, "%d launches of 4 programs counted %d", launches, counter);
  for (int p = 0; p < 4; p++)
    AOT_CHECK(h[p] == launches, "program %d ran %d times in %d launches", p, h[p], launches);
  return 0;
}

/* Launches after the workers have gone to sleep (KCC_SPIN_US, default 500 us). */
static int test_idle_gaps(void) {
  for (int i = 0; i < 10; i++) {
    struct timespec ts = {0, 2 * 1000 * 1000};
    nanosleep(&ts, NULL);
    if (check_grid(64, 1, 1)) return 1;
  }
  return 0;
}

/* Programs bad .. bad + nbad - 1 fail: the launch is aborted with the message of one of them
 * (the first to fail), and the pool keeps working. `ran` gets the number of programs that ran:
 * with one thread exactly those before `bad`; with more, the failing program's thread may be
 * preempted while the others go on, so main() only checks that some launches stopped early. */
static int test_assert(unsigned gx, unsigned gy, unsigned gz, unsigned bad, unsigned nbad,
                       int32_t *ran) {
  unsigned total = gx * gy * gz, x, y, z;
  int32_t counter = 0;
  memset(hits, 0, sizeof hits);
  AOT_CHECK(count_kernel_launch(gx, gy, gz, &counter, hits, conc, (int32_t)bad, (int32_t)nbad) ==
                -1,
            "a launch with failing programs returned 0");
  const char *e = kcc_aot_last_error();
  int end = 0;
  AOT_CHECK(sscanf(e, "program (%u, %u, %u): %n", &x, &y, &z, &end) == 3 && end > 0 &&
                strstr(e + end, "pool.py:") && strstr(e + end, "a bad program") && !strchr(e, '\n'),
            "error message \"%s\"", e);
  unsigned id = x + gx * (y + gy * z);
  AOT_CHECK(x < gx && y < gy && z < gz && id >= bad && id < bad + nbad,
            "error from program (%u, %u, %u), not a failing one", x, y, z);
  unsigned nfail = nbad < total - bad ? nbad : total - bad;
  for (unsigned i = bad; i < bad + nfail; i++)
    AOT_CHECK(hits[i] == 0, "failing program %u went on after its assertion", i);
  AOT_CHECK(counter <= (int32_t)(total - nfail), "%d programs ran, %u failed of %u", counter, nfail,
            total);
  AOT_CHECK(expected_threads() > 1 || counter == (int32_t)bad,
            "one thread: %d programs ran, expected the %u before the failing one", counter, bad);
  if (ran) *ran = counter;
  return check_grid(gx, gy, gz);
}

static int test_chain(void) {
  static int32_t flags[256];
  for (int i = 0; i < 8; i++) {
    unsigned n = 64u + 24u * (unsigned)i;
    AOT_CHECK(pool_other_chain(flags, n) == 0, "chain launch failed: %s", kcc_aot_last_error());
    for (unsigned p = 0; p < n; p++)
      AOT_CHECK(flags[p] == 1, "chain program %u did not run", p);
  }
  memset(flags, 0, sizeof flags);
  AOT_CHECK(chain_kernel_launch(256, 1, 1, flags) == 0, "chain launch failed: %s",
            kcc_aot_last_error());
  AOT_CHECK(flags[255] == 1, "chain program 255 did not run");
  return 0;
}

typedef struct Host {
  pthread_t t;
  int32_t counter, hits[8];
  int bad, launches, failed;
  char err[1300];
} Host;

/* A host thread launching count_kernel on 8 programs; `bad` >= 0 makes every launch fail. */
static atomic_int go; /* host threads start together */

static void *host_thread(void *p) {
  Host *h = (Host *)p;
  while (!atomic_load(&go))
    sched_yield();
  for (int i = 0; i < h->launches && !h->failed; i++) {
    int rc = count_kernel_launch(8, 1, 1, &h->counter, h->hits, conc, h->bad, 1);
    const char *e = kcc_aot_last_error();
    if (h->bad < 0 ? rc != 0 || e[0] : rc != -1 || !strstr(e, "a bad program")) {
      snprintf(h->err, sizeof h->err, "launch %d: rc %d, error \"%s\"", i, rc, e);
      h->failed = 1;
    }
  }
  return NULL;
}

static int test_host_threads(void) {
  enum { HOSTS = 4, LAUNCHES = 2000 };
  static Host hs[HOSTS];
  conc[1] = 0;
  for (int t = 0; t < HOSTS; t++) {
    memset(&hs[t], 0, sizeof hs[t]);
    hs[t].bad = t == 1 ? 5 : -1;
    hs[t].launches = LAUNCHES;
    AOT_CHECK(pthread_create(&hs[t].t, NULL, host_thread, &hs[t]) == 0, "pthread_create");
  }
  atomic_store(&go, 1);
  for (int t = 0; t < HOSTS; t++)
    pthread_join(hs[t].t, NULL);
  for (int t = 0; t < HOSTS; t++) {
    AOT_CHECK(!hs[t].failed, "host thread %d: %s", t, hs[t].err);
    if (hs[t].bad >= 0) {
      AOT_CHECK(hs[t].hits[hs[t].bad] == 0, "host thread %d: the failing program counted", t);
      continue;
    }
    AOT_CHECK(hs[t].counter == 8 * LAUNCHES, "host thread %d counted %d", t, hs[t].counter);
    for (int p = 0; p < 8; p++)
      AOT_CHECK(hs[t].hits[p] == LAUNCHES, "host thread %d: program %d ran %d times", t, p,
                hs[t].hits[p]);
  }
  AOT_CHECK(conc[0] == 0 && conc[1] <= expected_threads(),
            "%d programs ran at once with %ld threads: launches overlapped", conc[1],
            expected_threads());
  return 0;
}

/* fork() while another thread launches: each child launches on a fresh pool of its own. */
static int test_fork(void) {
  static Host bg;
  memset(&bg, 0, sizeof bg);
  bg.bad = -1;
  bg.launches = 3000;
  AOT_CHECK(pthread_create(&bg.t, NULL, host_thread, &bg) == 0, "pthread_create");
  for (int i = 0; i < 8; i++) {
    fflush(NULL);
    pid_t pid = fork();
    AOT_CHECK(pid >= 0, "fork failed");
    if (pid == 0) { /* the prepare handler waited for the launch in flight */
      int bad = conc[0] != 0 || test_loop(200) || check_grid(7, 3, 2) ||
                test_assert(300, 1, 1, 17, 1, NULL) || !threads_are(expected_threads());
      if (bad) fprintf(stderr, "fork child %d failed (threads: %ld)\n", i, count_threads());
      _exit(bad);
    }
    int status = 0;
    AOT_CHECK(waitpid(pid, &status, 0) == pid, "waitpid failed");
    AOT_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork child %d: status %d", i, status);
  }
  pthread_join(bg.t, NULL);
  AOT_CHECK(!bg.failed, "background host thread: %s", bg.err);
  AOT_CHECK(bg.counter == 8 * bg.launches, "background host thread counted %d", bg.counter);
  return test_loop(100);
}

int main(void) {
  if (test_loop(2000) || check_grid(1, 1, 1) || check_grid(5, 3, 2) || check_grid(BIG, 1, 1) ||
      test_idle_gaps())
    return 1;
  int stopped = 0; /* launches that stopped handing out programs after a failure */
  for (unsigned i = 0; i < 20; i++) {
    int32_t ran = 0;
    if (test_assert(BIG, 1, 1, 37 * i + 1, 1, &ran) || test_assert(BIG, 1, 1, 50 * i, BIG, NULL))
      return 1;
    stopped += ran < BIG / 2;
  }
  AOT_CHECK(stopped > 0, "every launch ran (almost) the whole grid after its program failed");
  if (test_assert(7, 5, 3, 3 + 7 * (2 + 5 * 1), 1, NULL) || test_assert(1, 1, 1, 0, 1, NULL) ||
      test_chain() || test_host_threads())
    return 1;
  AOT_CHECK(threads_are(expected_threads()), "%ld threads, expected %ld (one pool)",
            count_threads(), expected_threads());
  if (test_fork()) return 1;
  puts("ok");
  return 0;
}
