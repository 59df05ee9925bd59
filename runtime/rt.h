/*
 * rt.h - what the runtime files (options, api, cache, loader, launch, threadpool, header) share.
 *
 * The public handles of kcc.h are defined here, private to runtime/: KccOptions is the validated
 * option bag, KccKernel is one compiled kernel with every stage it has produced so far (kept kir
 * module, lowered module, shared-object bytes, loaded code). Cross-file symbols use the rt_
 * prefix; nothing here is exported from libkcc.
 */
#ifndef KCC_RUNTIME_RT_H
#define KCC_RUNTIME_RT_H

#include "kcc/kcc.h"
#include "ast.h"
#include "gen.h"
#include "target.h"

#include <ffi.h>
#include <mlir-c/IR.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RT_VERSION "0.1.0"

/* ---- options.c --------------------------------------------------------------------------------
 */
struct KccOptions {
  char *kernel;  /* NULL: the file's only kernel */
  GenParam *sig; /* malloc'd name/type strings; type canonical ("*kfp32" -> "*fp32"), with the
                    divisibility hint (":16") in GenParam.divisibility */
  int nsig, capsig;
  /* RT_OPTIONS_MAGIC while alive, RT_DEAD_MAGIC after kcc_options_destroy; not first or last:
   * glibc's free writes the first 32 bytes of a block and the last 8 of a large one */
  uint64_t magic;
  GenParam *defs; /* NAME -> Python literal text; each name once, never in sig */
  int ndefs, capdefs;
  char *target;    /* "cpu[:ARCH]" as given; NULL: "cpu" */
  int opt;         /* 0..3 */
  char *cache_dir; /* NULL: default ($KCC_CACHE_DIR or ~/.cache/kcc); "": disabled */
  int line_offset, col_offset;
  bool debug;
  bool check_bounds;                   /* "check-bounds": bounds-checked loads/stores/atomics */
  int num_warps, num_stages, num_ctas; /* launch parameters (Triton's defaults 4, 3, 1) */
};

/* Handle validation (kcc.h, "Handles"): every public entry point checks the magic word, which
 * destroy overwrites. Reliable against NULL and pointers that never were a handle of this kind;
 * best effort after destroy (the memory may have been reused by then). */
#define RT_OPTIONS_MAGIC UINT64_C(0x6b63632d6f707473) /* "kcc-opts" */
#define RT_KERNEL_MAGIC UINT64_C(0x6b63632d6b65726e)  /* "kcc-kern" */
#define RT_DEAD_MAGIC UINT64_C(0x6b63632d64656164)    /* "kcc-dead" */
static inline bool rt_options_ok(const KccOptions *o) {
  return o && o->magic == RT_OPTIONS_MAGIC;
}
KccOptions *rt_options_clone(const KccOptions *o); /* o may be NULL: defaults */
/* Canonical spelling of a signature type ("*kfp32" -> "*fp32"), or NULL when unknown. */
const char *rt_type_canon(const char *type);
/* libffi type of a signature type (the row's ABI storage), NULL when unknown. */
ffi_type *rt_type_ffi(const char *type);
/* Writes "kcc: error: MESSAGE\n" to *diag (when diag is not NULL); returns KCC_ERR_USAGE. */
KccStatus rt_usage(char **diag, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copies a Diag's text to *diag (when not NULL) and frees it; returns st. */
KccStatus rt_diag_out(Diag *d, char **diag, KccStatus st);

/* ---- sha256.c ---------------------------------------------------------------------------------
 */
typedef struct RtSha256 {
  uint32_t h[8];
  uint64_t len;
  uint8_t buf[64];
  size_t nbuf;
} RtSha256;
void rt_sha256_init(RtSha256 *s);
void rt_sha256_update(RtSha256 *s, const void *data, size_t n);
void rt_sha256_final(RtSha256 *s, uint8_t out[32]);
void rt_sha256(const void *data, size_t n, uint8_t out[32]);
void rt_hex(const uint8_t *bytes, size_t n, char *out); /* 2n chars + NUL */
/* HMAC-SHA-256 (RFC 2104): the keyed tag of cache entries. */
typedef struct RtHmac {
  RtSha256 inner, outer;
} RtHmac;
void rt_hmac_init(RtHmac *m, const uint8_t *key, size_t n);
void rt_hmac_update(RtHmac *m, const void *data, size_t n);
void rt_hmac_final(RtHmac *m, uint8_t out[32]);

/* ---- cache.c ----------------------------------------------------------------------------------
 * An entry is `<dir>/<2 hex>/<key>.so`: the shared object followed by a trailer
 *   kernel name | u32 name length | u64 object size | tag | "KCCSO v2"
 * (integers little-endian), tag = HMAC-SHA-256(<dir>/key, cache key | object | name). The loader
 * ignores the bytes after the ELF image. The cache trusts only what the user owns: the root
 * directory, the `<2 hex>` directories and the entries must belong to the effective user and be
 * writable by nobody else, the key file must be the user's and private (0600), and everything
 * below the root is reached through the root's descriptor without following symbolic links.
 * Whatever fails these checks is not used: the kernel is built in a private temporary directory
 * instead, and the reason goes to rt_cache_note. */
typedef struct RtCache {
  int fd;          /* the checked root directory; -1: no cache */
  char *dir;       /* its path, for messages */
  uint8_t key[32]; /* the HMAC key */
} RtCache;
/* Opens the cache that o names. False when it is disabled ("") or refused (with a note). */
bool rt_cache_open(const KccOptions *o, RtCache *c);
void rt_cache_close(RtCache *c);
void rt_cache_key(const KccKernel *k, char key[65]);
/* A valid entry: *so (object bytes, malloc'd, NUL-terminated), *size, *name (malloc'd) and *fd,
 * the entry opened once (read-only), whose bytes were checked: load from it, not from the path.
 * Anything else at the entry's path is a miss (noted unless simply absent); rt_cache_store then
 * replaces it. */
bool rt_cache_lookup(RtCache *c, const char *key, char **so, size_t *size, char **name, int *fd);
/* Writes so/size with its trailer to a private temporary file beside the entry and renames it
 * into place (atomically replacing whatever was there). False, with a note, when it cannot. */
bool rt_cache_store(RtCache *c, const char *key, const char *so, size_t size, const char *name);
/* One line "kcc: note: ..." on stderr when $KCC_CACHE_DEBUG is set (the library prints nothing
 * otherwise): why the cache, or an entry, was not used. */
void rt_cache_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A fresh private directory (mkdtemp under $TMPDIR or /tmp, mode 0700), malloc'd path, or NULL. */
char *rt_private_dir(void);
/* An unnamed private file (0600) holding bytes[0..size), read-write, or -1. */
int rt_private_file(const char *bytes, size_t size);
/* If bytes[0..*size) end with a well-formed trailer, strips it (adjusting *size) and returns the
 * kernel name it records (malloc'd); otherwise NULL. The tag is not checked (kcc_kernel_load
 * loads the file the user names, with no cache key). */
char *rt_cache_strip(char *bytes, size_t *size);
/* Whole file (from its descriptor, or its path), malloc'd and NUL-terminated; NULL with errno set
 * on failure or when it is not a regular file. */
char *rt_read_fd(int fd, size_t *size);
char *rt_read_file(const char *path, size_t *size);
bool rt_write_all(int fd, const void *p, size_t n);

/* ---- the kernel object ------------------------------------------------------------------------
 */
struct KccKernel {
  pthread_mutex_t mu; /* guards the lazily built stages below (taken before rt_lock) */
  /* RT_KERNEL_MAGIC while alive, RT_DEAD_MAGIC after kcc_kernel_destroy; not first or last:
   * glibc's free writes the first 32 bytes of a block and the last 8 of a large one */
  uint64_t magic;
  char *name;
  int nparams;
  char **pnames, **ptypes; /* canonical signature spellings */
  bool *pwrites;           /* pointer parameter i may be written by the kernel (kcc-meta) */
  int threads;             /* threads of one program (kcc-meta; 1 for CPU targets) */
  bool artefact_meta;      /* threads/shared were read from the artefact (SIMT kernels) */
  long long shared_bytes;  /* shared memory of one program (kcc-meta) */
  bool check_bounds; /* compiled with check-bounds: the entry takes nparams array sizes more */
  bool simt_source;  /* loaded by kcc_kernel_load from a device artefact: runs on a device */
  KccArtefact source_artefact; /* ... which is this (OpenCL C, PTX, hsaco) */

  /* How to rebuild it: NULL source for kernels loaded from a shared object. */
  char *filename, *source;
  SourceFile file; /* points into filename/source; used for located diagnostics */
  KccOptions *opts;
  KccTargetConfig cfg;
  bool have_cfg;
  char key[65]; /* cache key (hex) */

  MlirModule kir;  /* verified kir, null until the frontend ran */
  MlirModule llvm; /* lowered clone of kir, null until needed */

  char *so; /* the target's artefact (CPU: shared-object bytes; no cache trailer), NULL until
               built or read */
  size_t so_size;

  /* Loaded code. */
  _Atomic(bool) loaded;
  void *dl;
  void (*fn)(void);
  void (*entry)(void **args); /* kcc_entry_NAME, or NULL: call fn through cif */
  ffi_cif cif;
  ffi_type **atypes;

  /* SIMT kernels (launch.c): per device identity (name, platform, versions), the program bytes
   * that device builds from: the cached program binary, or the source artefact. Guarded by mu. */
  struct RtSimtProgram *simt_programs;
};

static inline bool rt_kernel_ok(const KccKernel *k) {
  return k && k->magic == RT_KERNEL_MAGIC;
}
/* Why a kernel handle failed rt_kernel_ok, for the usage error. */
static inline const char *rt_bad_kernel(const KccKernel *k) {
  return !k ? "null kernel"
         : k->magic == RT_DEAD_MAGIC
             ? "the kernel was destroyed (kcc_kernel_destroy)"
             : "not a kernel handle (never returned by kcc_compile/kcc_kernel_load, or destroyed)";
}

/* api.c: the one process-wide MLIR context and the lock that serialises its use. */
void rt_lock(void);
void rt_unlock(void);
/* Builds (or finds in the cache) and loads the code of k; thread-safe. */
KccStatus rt_kernel_ensure_loaded(KccKernel *k, Diag *d);
KccKernel *rt_kernel_new(void);
/* Sets k's name and parameters; writes[i] (NULL: none) marks the pointer parameters the kernel
 * may write through. */
bool rt_kernel_set_params(KccKernel *k, const char *name, int n, const char *const *names,
                          const char *const *types, const bool *writes, Diag *d);

/* Whether k's artefact runs on a device (a SIMT target, or a source artefact loaded from a file):
 * it is never dlopened, and kcc_launch takes KccBuffer * for its pointer parameters. */
static inline bool rt_kernel_simt(const KccKernel *k) {
  return k->simt_source || (k->have_cfg && k->cfg.target->kind == KCC_TARGET_SIMT);
}
/* api.c: builds (or finds in the cache) k's artefact into k->so without loading it; thread-safe. */
KccStatus rt_kernel_ensure_artefact(KccKernel *k, Diag *d);

/* ---- launch.c: SIMT kernels ------------------------------------------------------------------
 */
/* kcc_kernel_load of a device artefact (rt_device_artefact; bytes NUL-terminated): takes the
 * name and parameters from its metadata (want_name NULL: the first kernel it describes) and keeps
 * the bytes (owned by k from then on) for device launches. */
bool rt_kernel_load_source(KccKernel *k, char *bytes, size_t size, KccArtefact kind,
                           const char *want_name, Diag *d);
/* Whether bytes[0..size) are a device artefact, and which: text beginning with the kcc-meta
 * comment (OpenCL C, or PTX: it has a .version directive), or an AMDGPU ELF (hsaco). */
bool rt_device_artefact(const char *bytes, size_t size, KccArtefact *kind);
/* Frees k's per-device program bytes (kcc_kernel_destroy). */
void rt_simt_free(KccKernel *k);

/* ---- loader.c ---------------------------------------------------------------------------------
 */
/* dlopens the file open at `fd` (RTLD_LOCAL) through /proc/self/fd, so the object loaded is the one
 * whose bytes were read, whatever happens to its path (`path` only names it in messages; without
 * /proc, a private copy of `bytes` is loaded), and binds k->fn, reading the kernel's metadata;
 * `name` NULL: taken from k->name, else from the object's only kcc_meta_* symbol (`bytes` is the
 * ELF image to search). Binds the object's kcc_entry_NAME (the kernel called with an array of
 * argument pointers) and prepares the libffi call interface, used for objects without an entry or
 * when KCC_CALL=ffi. */
bool rt_load(KccKernel *k, int fd, const char *path, const char *name, const char *bytes,
             size_t size, Diag *d);
void rt_unload(KccKernel *k);
/* Parses a "kcc-meta 1" block (dialects/meta.c) into k's name, parameters, threads and shared
 * bytes. */
bool rt_meta_parse(KccKernel *k, const char *meta, const char *want_name, Diag *d);

/* ---- threadpool.c ----------------------------------------------------------------------------
 * Runs fn for every program of the grid on the persistent pool (the caller participates), handing
 * out linear ids in ascending order (x fastest) in small chunks from an atomic counter. A false
 * return from fn stops handing out further programs. Launches from several threads are
 * serialised. `tid` is 0..rt_pool_threads()-1, unique among the threads running at one time. */
typedef bool (*RtProgramFn)(void *ctx, int tid, uint32_t x, uint32_t y, uint32_t z);
int rt_pool_threads(void);
/* Returns false when kcc_launch_cancel stopped the launch (some programs did not run). A grid
 * that rt_grid_check refuses runs nothing. */
bool rt_pool_run(const unsigned grid[3], RtProgramFn fn, void *ctx);
/* Stops the running launch, if any, from handing out further programs (async-signal-safe). */
void rt_pool_cancel(void);
/* Grid limits: each dimension at most 2^31-1 (program ids are int32), the product at most 2^63-1
 * (the linear id counter must not wrap). */
#define RT_MAX_GRID_DIM 0x7fffffffu
#define RT_MAX_PROGRAMS ((uint64_t)INT64_MAX)
/* Checks a grid against those limits; false after writing the reason to msg. */
bool rt_grid_check(const unsigned grid[3], char *msg, size_t cap);

/* ---- header.c ---------------------------------------------------------------------------------
 */
/* The AOT C header for kernel k (malloc'd text). */
char *rt_header_emit(const KccKernel *k);

#endif /* KCC_RUNTIME_RT_H */
