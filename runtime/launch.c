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
 *
 * SIMT kernels (a SIMT target such as opencl, or a source artefact loaded with kcc_kernel_load)
 * are never dlopened: kcc_launch takes their device from the KccBuffer * arguments (kcc_launch_on
 * names it), builds the artefact on that device once, keeping its program binary in the kernel
 * cache beside the source, and runs grid workgroups of the metadata's `threads` work-items
 * through rt_device_launch (device.c).
 */
#include "driver.h"
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

/* ---- SIMT kernels -----------------------------------------------------------------------------
 */
/* The program bytes one device identity builds kernel k from (a list in k, under k->mu). */
typedef struct RtSimtProgram {
  struct RtSimtProgram *next;
  char *device;  /* "name|platform|version|driver version|options": what decides the binary */
  char *options; /* the build options ($KCC_OPENCL_OPTIONS, e.g. -cl-opt-disable), or NULL */
  RtProgramKind kind;
  char *bytes; /* the program binary (kind BINARY, owned), or NULL: the source artefact k->so */
  size_t size;
} RtSimtProgram;

/* TEST-ONLY counts (kcc_test_simt_counts): binaries taken from the cache, programs built from
 * source, binaries stored into the cache. */
static _Atomic(int64_t) simt_counts[3];
enum { SIMT_BINARY_HITS, SIMT_SOURCE_BUILDS, SIMT_BINARY_STORES };

static const char SOURCE_MAGIC[] = "/* kcc-meta 1\n";
#define EM_AMDGPU 224 /* ELF e_machine of AMDGPU code objects */

bool rt_device_artefact(const char *bytes, size_t size, KccArtefact *kind) {
  if (size >= sizeof SOURCE_MAGIC - 1 &&
      memcmp(bytes, SOURCE_MAGIC, sizeof SOURCE_MAGIC - 1) == 0) {
    /* PTX after the metadata comments has its .version directive; OpenCL C has none */
    *kind = memmem(bytes, size, "\n.version ", 10) ? KCC_ARTEFACT_PTX : KCC_ARTEFACT_SOURCE;
    return true;
  }
  if (size >= 20 && memcmp(bytes, "\177ELF", 4) == 0 && bytes[5] == 1 /* little-endian */ &&
      ((unsigned char)bytes[18] | (unsigned char)bytes[19] << 8) == EM_AMDGPU) {
    *kind = KCC_ARTEFACT_HSACO;
    return true;
  }
  return false;
}

bool rt_kernel_load_source(KccKernel *k, char *bytes, size_t size, KccArtefact kind,
                           const char *want_name, Diag *d) {
  /* the block of the kernel asked for (one per kernel), else the first */
  char head[300];
  int n = snprintf(head, sizeof head, "kcc-meta 1\nkernel %s\n", want_name ? want_name : "");
  const char *meta = memmem(bytes, size, head, want_name ? (size_t)n : 11);
  if (!meta) {
    diag_plain(d, "no kcc-meta block%s%s in the %s artefact", want_name ? " of kernel " : "",
               want_name ? want_name : "", kind == KCC_ARTEFACT_HSACO ? "hsaco" : "device");
    return false;
  }
  if (!rt_meta_parse(k, meta, want_name, d)) return false; /* NUL-terminated (rt_read_fd) */
  k->simt_source = true;
  k->source_artefact = kind;
  return true;
}

void rt_simt_free(KccKernel *k) {
  for (RtSimtProgram *p = k->simt_programs, *n; p; p = n) {
    n = p->next;
    free(p->device), free(p->options), free(p->bytes), free(p);
  }
  k->simt_programs = NULL;
}

/* The device family a SIMT artefact runs on, by artefact kind; whether the kcc-meta `shared`
 * bytes are passed at launch (CUDA/HIP dynamic shared memory: the code declares an external
 * zero-sized array) or declared by the code itself (OpenCL C's __local arrays); and what the
 * artefact is to the driver. */
static const struct {
  KccArtefact artefact;
  const char *family;
  bool dynamic_shared;
  RtProgramKind kind;
} families[] = {
    {KCC_ARTEFACT_SOURCE, "opencl", false, RT_PROGRAM_SOURCE},
    {KCC_ARTEFACT_PTX, "cuda", true, RT_PROGRAM_SOURCE},
    {KCC_ARTEFACT_CUBIN, "cuda", true, RT_PROGRAM_BINARY},
    {KCC_ARTEFACT_HSACO, "hip", true, RT_PROGRAM_SOURCE},
};

/* k's row of families, or -1 (a kernel that runs in this process). */
static int family_of(const KccKernel *k) {
  if (!rt_kernel_simt(k)) return -1;
  KccArtefact a = k->simt_source ? k->source_artefact : k->cfg.target->artefact;
  for (int i = 0; i < (int)(sizeof families / sizeof *families); i++)
    if (families[i].artefact == a) return i;
  return -1;
}

const char *kcc_kernel_device_target(const KccKernel *k) {
  if (!rt_kernel_ok(k)) return NULL;
  int f = family_of(k);
  return f < 0 ? NULL : families[f].family;
}

/* The cache key of the program binary of artefact k->so on device `id`. */
static void binary_key(const KccKernel *k, const char *id, char key[65]) {
  RtSha256 s;
  uint8_t h[32];
  rt_sha256_init(&s);
  rt_sha256_update(&s, "kcc program binary 1\n", 21);
  rt_sha256_update(&s, k->so, k->so_size);
  rt_sha256_update(&s, "\n", 1);
  rt_sha256_update(&s, id, strlen(id));
  rt_sha256_final(&s, h);
  rt_hex(h, 32, key);
}

/* With k->mu held: a cached binary of k for device `id`, built on dev; false on a miss or when it
 * does not build (a stale entry: rebuilt from source and replaced). */
static bool binary_from_cache(KccKernel *k, KccDeviceHandle *dev, RtCache *c, const char *key,
                              RtSimtProgram *p) {
  char *bin = NULL, *name = NULL;
  size_t n;
  int fd = -1;
  if (!rt_cache_lookup(c, key, &bin, &n, &name, &fd)) return false;
  close(fd);
  Diag tmp;
  diag_init(&tmp);
  bool ok = strcmp(name, k->name) == 0 &&
            rt_device_program_build(dev, RT_PROGRAM_BINARY, bin, n, p->options, &tmp) == KCC_OK;
  if (ok) {
    p->kind = RT_PROGRAM_BINARY, p->bytes = bin, p->size = n, bin = NULL;
    atomic_fetch_add(&simt_counts[SIMT_BINARY_HITS], 1);
    rt_cache_note("program binary of kernel '%s' for '%s' taken from the cache (%s/%.2s/%s.so)",
                  k->name, rt_device_info(dev)->name, c->dir, key, key);
  } else {
    rt_cache_note("cached program binary of kernel '%s' for '%s' not used: it does not build "
                  "there; rebuilding from source",
                  k->name, rt_device_info(dev)->name);
  }
  diag_free(&tmp);
  free(bin), free(name);
  return ok;
}

/* With k->mu held: what device dev builds k from, its program built there. */
static RtSimtProgram *simt_program(KccKernel *k, KccDeviceHandle *dev, RtProgramKind kind,
                                   Diag *d) {
  const RtDeviceInfo *in = rt_device_info(dev);
  const char *opts =
      strcmp(rt_device_target(dev), "opencl") == 0 ? getenv("KCC_OPENCL_OPTIONS") : NULL;
  if (opts && !*opts) opts = NULL;
  char id[1200];
  snprintf(id, sizeof id, "%s|%s|%s|%s|%.300s", in->name, in->platform, in->version,
           in->driver_version, opts ? opts : "");
  for (RtSimtProgram *p = k->simt_programs; p; p = p->next)
    if (strcmp(p->device, id) == 0) return p;
  RtSimtProgram *p = calloc(1, sizeof *p);
  if (!p || !(p->device = strdup(id)) || (opts && !(p->options = strdup(opts)))) {
    if (p) free(p->device);
    free(p);
    diag_plain(d, "out of memory");
    return NULL;
  }
  p->kind = kind;
  if (!rt_device_has_binaries(dev)) { /* built from the artefact in each process */
    if (rt_device_program_build(dev, kind, k->so, k->so_size, NULL, d) != KCC_OK) {
      free(p->device), free(p->options), free(p);
      return NULL;
    }
    p->next = k->simt_programs;
    k->simt_programs = p;
    return p;
  }
  char key[65];
  binary_key(k, id, key);
  RtCache c;
  rt_cache_open(k->opts, &c); /* a kernel loaded from a file: the default cache */
  if (!binary_from_cache(k, dev, &c, key, p)) {
    char *bin = NULL;
    size_t n = 0;
    if (rt_device_program_binary(dev, RT_PROGRAM_SOURCE, k->so, k->so_size, p->options, &bin, &n,
                                 d) != KCC_OK) {
      rt_cache_close(&c);
      free(p->device), free(p->options), free(p);
      return NULL;
    }
    atomic_fetch_add(&simt_counts[SIMT_SOURCE_BUILDS], 1);
    if (rt_cache_store(&c, key, bin, n, k->name))
      atomic_fetch_add(&simt_counts[SIMT_BINARY_STORES], 1);
    free(bin);
  }
  rt_cache_close(&c);
  p->next = k->simt_programs;
  k->simt_programs = p;
  return p;
}

/* The device of the launch: dev, or that of the first buffer argument; every buffer argument
 * live, on it, and as large as sizes[i] says (when known). NULL + diag (a usage error). raw:
 * pointer arguments are the API's device pointers (kcc_launch_with), nothing to check. */
static KccDeviceHandle *launch_device(const KccKernel *k, KccDeviceHandle *dev, void *const *args,
                                      const int64_t *sizes, bool raw, Diag *d) {
  int from = -1; /* the argument dev was taken from; -1: given */
  for (int i = 0; i < k->nparams && !raw; i++) {
    if (k->ptypes[i][0] != '*') continue;
    const KccBuffer *b = *(KccBuffer *const *)args[i];
    KccDeviceHandle *bd = b ? rt_buffer_device(b) : NULL;
    if (!bd) {
      diag_plain(d,
                 "argument %d ('%s') of kernel '%s' is %s: kernels of device targets take a "
                 "KccBuffer * (kcc_buffer_create) for every pointer parameter, never host memory",
                 i, k->pnames[i], k->name, b ? "not a live KccBuffer" : "a NULL buffer");
      return NULL;
    }
    if (!dev) dev = bd, from = i;
    if (bd != dev) {
      char was[96] = "the device given";
      if (from >= 0) snprintf(was, sizeof was, "that of argument %d ('%s')", from, k->pnames[from]);
      diag_plain(d,
                 "argument %d ('%s') of kernel '%s' is a buffer of device '%s', not of the "
                 "launch's device (%s, '%s'): every buffer of a launch must belong to one device",
                 i, k->pnames[i], k->name, rt_device_info(bd)->name, was,
                 rt_device_info(dev)->name);
      return NULL;
    }
    size_t have = kcc_buffer_size(b);
    if (sizes && sizes[i] >= 0 && (uint64_t)sizes[i] > have) {
      diag_plain(d,
                 "argument %d ('%s') of kernel '%s': the buffer holds %zu bytes, but the launch "
                 "says the kernel addresses %lld",
                 i, k->pnames[i], k->name, have, (long long)sizes[i]);
      return NULL;
    }
  }
  if (!dev)
    diag_plain(d,
               "kernel '%s' has no buffer argument to take the device from: launch it with "
               "kcc_launch_on",
               k->name);
  return dev;
}

/* kcc_launch of a SIMT kernel (arguments and grid already checked for NULL and size). */
static KccStatus simt_launch(KccKernel *k, KccDeviceHandle *dev, const unsigned grid[3],
                             void *const *args, const int64_t *sizes, const RtLaunchHow *how,
                             Diag *d) {
  if (how->raw_pointers && !dev) {
    diag_plain(d,
               "kernel '%s': a launch on raw device pointers needs its device "
               "(KccLaunchOptions.device)",
               k->name);
    return KCC_ERR_USAGE;
  }
  if (!(dev = launch_device(k, dev, args, sizes, how->raw_pointers, d))) return KCC_ERR_USAGE;
  int f = family_of(k);
  const char *family = f < 0 ? NULL : families[f].family, *have = rt_device_target(dev);
  if (!family || !have || strcmp(family, have) != 0) {
    diag_plain(d, "kernel '%s' runs on %s devices, and '%s' is a %s device", k->name,
               family ? family : "no", rt_device_info(dev)->name, have ? have : "dead");
    return KCC_ERR_USAGE;
  }
  KccStatus st = rt_kernel_ensure_artefact(k, d);
  if (st != KCC_OK) return st;
  pthread_mutex_lock(&k->mu);
  RtSimtProgram *p = simt_program(k, dev, families[f].kind, d);
  pthread_mutex_unlock(&k->mu);
  if (!p) return KCC_ERR_RUNTIME;
  const unsigned local[3] = {(unsigned)k->threads, 1, 1};
  size_t shared = families[f].dynamic_shared ? (size_t)k->shared_bytes : 0;
  return rt_device_launch(dev, p->kind, p->bytes ? p->bytes : k->so,
                          p->bytes ? p->size : k->so_size, p->options, k->name, k->nparams,
                          (const char *const *)k->ptypes, args, grid, local, shared, how, d);
}

static KccStatus launch(const char *what, KccKernel *k, KccDeviceHandle *dev,
                        const unsigned grid[3], void *const *args, const int64_t *sizes,
                        const RtLaunchHow *how, char **diag);

KccStatus kcc_launch_on(KccKernel *k, KccDeviceHandle *dev, const unsigned grid[3],
                        void *const *args, const int64_t *sizes, char **diag) {
  if (!dev) return kcc_launch_sized(k, grid, args, sizes, diag);
  if (diag) *diag = NULL;
  if (!rt_kernel_ok(k)) return rt_usage(diag, "kcc_launch_on: %s", rt_bad_kernel(k));
  const char *have = rt_device_target(dev);
  if (!have)
    return rt_usage(diag, "kcc_launch_on: device handle %p is not a live device", (void *)dev);
  if (!rt_kernel_simt(k)) {
    if (strcmp(have, "cpu") != 0)
      return rt_usage(diag,
                      "kcc_launch_on: kernel '%s' runs in this process (target %s), not on "
                      "the %s device '%s'",
                      k->name, k->have_cfg ? k->cfg.target->name : "cpu", have,
                      rt_device_info(dev)->name);
    return launch("kcc_launch_on", k, NULL, grid, args, sizes, NULL, diag);
  }
  return launch("kcc_launch_on", k, dev, grid, args, sizes, NULL, diag);
}

KccStatus kcc_launch_with(KccKernel *k, const unsigned grid[3], void *const *args,
                          const KccLaunchOptions *o, char **diag) {
  if (diag) *diag = NULL;
  if (!o) return kcc_launch_sized(k, grid, args, NULL, diag);
  if (!rt_kernel_ok(k)) return rt_usage(diag, "kcc_launch_with: %s", rt_bad_kernel(k));
  if ((o->stream || o->device_pointers) && !rt_kernel_simt(k))
    return rt_usage(diag,
                    "kcc_launch_with: kernel '%s' runs in this process (target %s): a stream "
                    "and raw device pointers are for device kernels",
                    k->name, k->have_cfg ? k->cfg.target->name : "cpu");
  if (o->device && !rt_device_target(o->device))
    return rt_usage(diag, "kcc_launch_with: device handle %p is not a live device",
                    (void *)o->device);
  if (!rt_kernel_simt(k)) return kcc_launch_on(k, o->device, grid, args, o->sizes, diag);
  const RtLaunchHow how = {.stream = o->stream, .raw_pointers = o->device_pointers != 0};
  return launch("kcc_launch_with", k, o->device, grid, args, o->sizes, &how, diag);
}

/* TEST-ONLY (tests/runtime/test_simt.c): the SIMT counts of this process; not in kcc.h. */
KCC_API void kcc_test_simt_counts(int64_t out[3]);

KCC_API void kcc_test_simt_counts(int64_t out[3]) {
  for (int i = 0; i < 3; i++)
    out[i] = atomic_load(&simt_counts[i]);
}

KccStatus kcc_launch(KccKernel *k, const unsigned grid[3], void *const *args, char **diag) {
  return kcc_launch_sized(k, grid, args, NULL, diag);
}

KccStatus kcc_launch_sized(KccKernel *k, const unsigned grid[3], void *const *args,
                           const int64_t *sizes, char **diag) {
  return launch("kcc_launch", k, NULL, grid, args, sizes, NULL, diag);
}

/* kcc_launch_sized; a SIMT kernel on dev (NULL: its buffers' device), as `how` says (NULL: its
 * device's queue, KccBuffer * arguments). `what` names the call. */
static KccStatus launch(const char *what, KccKernel *k, KccDeviceHandle *dev,
                        const unsigned grid[3], void *const *args, const int64_t *sizes,
                        const RtLaunchHow *how, char **diag) {
  if (diag) *diag = NULL;
  if (!grid) return rt_usage(diag, "%s: null grid", what);
  if (!rt_kernel_ok(k)) return rt_usage(diag, "%s: %s", what, rt_bad_kernel(k));
  if (k->nparams > 0 && !args)
    return rt_usage(diag, "%s: kernel '%s' takes %d arguments, got none", what, k->name,
                    k->nparams);
  for (int i = 0; i < k->nparams; i++)
    if (!args[i])
      return rt_usage(diag, "%s: argument %d ('%s') of kernel '%s' is a null pointer", what, i,
                      k->pnames[i], k->name);
  char why[160];
  if (!rt_grid_check(grid, why, sizeof why))
    return rt_usage(diag, "%s: kernel '%s': %s", what, k->name, why);
  if (!atomic_load_explicit(&k->loaded, memory_order_acquire)) { /* SIMT kernels: always */
    Diag d;
    diag_init(&d);
    const RtLaunchHow plain = {0};
    if (rt_kernel_simt(k))
      return rt_diag_out(&d, diag, simt_launch(k, dev, grid, args, sizes, how ? how : &plain, &d));
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
