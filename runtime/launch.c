/*
 * launch.c - kcc_launch on the CPU: one call of the kernel's entry (or libffi) per program, the
 * grid spread over the thread pool, and device assertions.
 *
 * Device assertions: the CPU backend calls `__kcc_assert_fail(msg)` when a kir.assert fails. The
 * program must not go on (the assertion usually guards the accesses that follow), and longjmp
 * between threads is undefined, so each thread sets its own jmp_buf around the program it runs
 * and __kcc_assert_fail jumps back to it on the same thread: the program is abandoned, its message
 * recorded (the first failure wins), and the pool stops handing out further programs; programs
 * already running on other threads finish. kcc_launch then returns KCC_ERR_RUNTIME with the
 * message. Kernel frames hold no locks or resources the runtime knows of, so leaving them by
 * longjmp is safe. Called outside a kcc launch (a host calling the symbol directly), it prints the
 * message and aborts, like assert().
 */
#include "rt.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local jmp_buf *assert_jmp;
static _Thread_local char assert_msg[1024];

KCC_API void __kcc_assert_fail(const char *msg);

KCC_API void __kcc_assert_fail(const char *msg) {
  if (!assert_jmp) {
    fprintf(stderr, "kcc: device assertion failed: %s%s", msg ? msg : "(no message)",
            msg && *msg && msg[strlen(msg) - 1] == '\n' ? "" : "\n");
    abort();
  }
  snprintf(assert_msg, sizeof assert_msg, "%s", msg ? msg : "(no message)");
  for (size_t n = strlen(assert_msg); n > 0 && assert_msg[n - 1] == '\n';) /* one line */
    assert_msg[--n] = 0;
  longjmp(*assert_jmp, 1);
}

/* check-bounds (backends/cpu/mem.c): a live lane addressed outside its array. `what` is
 * "FILE:LINE:COL: out-of-bounds store through 'PARAM'"; ends the program like a failed assertion.
 */
KCC_API void __kcc_bounds_fail(const char *what, int64_t elem_offset, int64_t nelems);

KCC_API void __kcc_bounds_fail(const char *what, int64_t elem_offset, int64_t nelems) {
  char msg[900];
  snprintf(msg, sizeof msg, "%s: element offset %lld, array of %lld elements",
           what ? what : "out-of-bounds access", (long long)elem_offset, (long long)nelems);
  __kcc_assert_fail(msg);
}

#define PID_STRIDE 16 /* int32s: 64 bytes */

typedef struct Launch {
  KccKernel *k;
  int nargs;      /* parameters + 6 */
  void **avalues; /* per thread: nargs argument pointers for ffi_call */
  int32_t *pids;  /* per thread, one cache line each (PID_STRIDE): pid_x, pid_y, pid_z, nprog_x,
                     nprog_y, nprog_z; threads rewrite theirs per program, so no false sharing */
  pthread_mutex_t mu;
  bool failed;
  uint32_t fx, fy, fz;
  char msg[1024];
} Launch;

static bool program(void *ctx, int tid, uint32_t x, uint32_t y, uint32_t z) {
  Launch *L = ctx;
  void **av = L->avalues + (size_t)tid * (size_t)L->nargs;
  int32_t *pid = L->pids + (size_t)tid * PID_STRIDE;
  pid[0] = (int32_t)x, pid[1] = (int32_t)y, pid[2] = (int32_t)z;
  jmp_buf jb;
  assert_jmp = &jb;
  if (setjmp(jb)) {
    assert_jmp = NULL;
    pthread_mutex_lock(&L->mu);
    if (!L->failed) {
      L->failed = true;
      L->fx = x, L->fy = y, L->fz = z;
      snprintf(L->msg, sizeof L->msg, "%s", assert_msg);
    }
    pthread_mutex_unlock(&L->mu);
    return false;
  }
  if (L->k->entry) {
    L->k->entry(av);
  } else {
    ffi_arg ret;
    ffi_call(&L->k->cif, L->k->fn, &ret, av);
  }
  assert_jmp = NULL;
  return true;
}

bool rt_grid_check(const unsigned grid[3], char *msg, size_t cap) {
  for (int i = 0; i < 3; i++)
    if (grid[i] > RT_MAX_GRID_DIM) {
      snprintf(msg, cap, "grid dimension %d is %u, more than 2^31-1", i, grid[i]);
      return false;
    }
  uint64_t n;
  if (__builtin_mul_overflow((uint64_t)grid[0], (uint64_t)grid[1], &n) ||
      __builtin_mul_overflow(n, (uint64_t)grid[2], &n) || n > RT_MAX_PROGRAMS) {
    snprintf(msg, cap, "grid (%u, %u, %u) has more than 2^63-1 programs", grid[0], grid[1],
             grid[2]);
    return false;
  }
  return true;
}

void kcc_launch_cancel(void) {
  rt_pool_cancel();
}

/* ---- cancelling on a signal -------------------------------------------------------------------
 * kcc_launch_cancel_on_signal puts `on_signal` in front of the signal's handler: it cancels the
 * running launch, then calls the handler it replaced (Python's, which records the signal for the
 * interpreter). Only the two atomic stores of rt_pool_cancel happen in the handler itself. */
static struct sigaction chained[65];

static void on_signal(int sig, siginfo_t *info, void *uctx) {
  rt_pool_cancel();
  const struct sigaction *o = sig > 0 && sig < 65 ? &chained[sig] : NULL;
  if (!o) return;
  if (o->sa_flags & SA_SIGINFO) {
    if (o->sa_sigaction) o->sa_sigaction(sig, info, uctx);
  } else if (o->sa_handler != SIG_IGN && o->sa_handler != SIG_DFL && o->sa_handler) {
    o->sa_handler(sig);
  }
}

KccStatus kcc_launch_cancel_on_signal(int sig, char **diag) {
  if (diag) *diag = NULL;
  static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  if (sig <= 0 || sig >= 65 || sig == SIGKILL || sig == SIGSTOP)
    return rt_usage(diag, "kcc_launch_cancel_on_signal: bad signal %d", sig);
  pthread_mutex_lock(&mu);
  struct sigaction cur;
  KccStatus st = KCC_OK;
  if (sigaction(sig, NULL, &cur) != 0) {
    st = rt_usage(diag, "kcc_launch_cancel_on_signal: cannot read the action of signal %d", sig);
  } else if ((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_signal) {
    /* installed already */
  } else if (!(cur.sa_flags & SA_SIGINFO) &&
             (cur.sa_handler == SIG_DFL || cur.sa_handler == SIG_IGN)) {
    /* nobody handles it: the default action (or none) stays */
  } else {
    chained[sig] = cur;
    struct sigaction sa = cur;
    sa.sa_flags |= SA_SIGINFO;
    sa.sa_sigaction = on_signal;
    if (sigaction(sig, &sa, NULL) != 0)
      st = rt_usage(diag, "kcc_launch_cancel_on_signal: cannot install a handler for %d", sig);
  }
  pthread_mutex_unlock(&mu);
  return st;
}

KccStatus kcc_launch(KccKernel *k, const unsigned grid[3], void *const *args, char **diag) {
  return kcc_launch_sized(k, grid, args, NULL, diag);
}

KccStatus kcc_launch_sized(KccKernel *k, const unsigned grid[3], void *const *args,
                           const int64_t *sizes, char **diag) {
  if (diag) *diag = NULL;
  if (!grid) return rt_usage(diag, "kcc_launch: null grid");
  if (!rt_kernel_ok(k)) return rt_usage(diag, "kcc_launch: %s", rt_bad_kernel(k));
  if (k->nparams > 0 && !args)
    return rt_usage(diag, "kcc_launch: kernel '%s' takes %d arguments, got none", k->name,
                    k->nparams);
  for (int i = 0; i < k->nparams; i++)
    if (!args[i])
      return rt_usage(diag, "kcc_launch: argument %d ('%s') of kernel '%s' is a null pointer", i,
                      k->pnames[i], k->name);
  char why[160];
  if (!rt_grid_check(grid, why, sizeof why))
    return rt_usage(diag, "kcc_launch: kernel '%s': %s", k->name, why);
  if (!atomic_load_explicit(&k->loaded, memory_order_acquire)) {
    Diag d;
    diag_init(&d);
    KccStatus st = rt_kernel_ensure_loaded(k, &d);
    if (st != KCC_OK) return rt_diag_out(&d, diag, st);
    diag_free(&d);
  }
  if (!grid[0] || !grid[1] || !grid[2]) return KCC_OK;

  int nthreads = rt_pool_threads();
  Launch L = {.k = k, .nargs = k->nparams + 6 + (k->check_bounds ? k->nparams : 0)};
  L.avalues = malloc(sizeof *L.avalues * (size_t)nthreads * (size_t)L.nargs);
  L.pids = aligned_alloc(64, sizeof *L.pids * (size_t)nthreads * PID_STRIDE);
  /* check-bounds: the array sizes, read by every thread (INT64_MAX: unknown) */
  int64_t *bsz = k->check_bounds ? malloc(sizeof *bsz * ((size_t)k->nparams + 1)) : NULL;
  for (int i = 0; bsz && i < k->nparams; i++)
    bsz[i] = sizes && sizes[i] >= 0 ? sizes[i] : INT64_MAX;
  if (!L.avalues || !L.pids || (k->check_bounds && !bsz)) {
    free(L.avalues), free(L.pids), free(bsz);
    Diag d;
    diag_init(&d);
    diag_plain(&d, "out of memory launching '%s'", k->name);
    return rt_diag_out(&d, diag, KCC_ERR_RUNTIME);
  }
  for (int t = 0; t < nthreads; t++) {
    void **av = L.avalues + (size_t)t * (size_t)L.nargs;
    int32_t *pid = L.pids + (size_t)t * PID_STRIDE;
    for (int i = 0; i < k->nparams; i++)
      av[i] = args[i];
    for (int i = 0; i < 6; i++)
      av[k->nparams + i] = &pid[i];
    for (int i = 0; bsz && i < k->nparams; i++)
      av[k->nparams + 6 + i] = &bsz[i];
    pid[3] = (int32_t)grid[0], pid[4] = (int32_t)grid[1], pid[5] = (int32_t)grid[2];
  }
  pthread_mutex_init(&L.mu, NULL);
  bool done = rt_pool_run(grid, program, &L);
  pthread_mutex_destroy(&L.mu);
  free(L.avalues);
  free(L.pids);
  free(bsz);
  if (L.failed) {
    Diag d;
    diag_init(&d);
    diag_plain(&d, "kernel '%s', program (%u, %u, %u): %s", k->name, L.fx, L.fy, L.fz, L.msg);
    return rt_diag_out(&d, diag, KCC_ERR_RUNTIME);
  }
  if (!done) {
    Diag d;
    diag_init(&d);
    diag_plain(&d, "launch of kernel '%s' cancelled (kcc_launch_cancel)", k->name);
    return rt_diag_out(&d, diag, KCC_ERR_CANCELLED);
  }
  return KCC_OK;
}
