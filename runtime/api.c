/*
 * api.c - the compile driver behind kcc.h: kcc_compile, kcc_compile_kir, kcc_kernel_emit.
 *
 * The pipeline, one step per function below:
 *   source --parse_module--> AST --gen_kernel--> kir --kir_verify-->            frontend()
 *   kir --clone, target->lower--> LLVM dialect                                  lower()
 *   lowered module --target->emit--> the target's artefact (CPU: .so)           build_artefact()
 *   artefact --cache--> dlopen (CPU targets for this machine)       obtain_so(), rt_load()
 *
 * The driver knows a target only through backends/target.h: its hooks, its stages and whether
 * its artefact runs in this process (a CPU target for this machine). A kernel keeps every stage it
 * has produced (the kir module stays untouched: lowering works on a clone), and produces the others
 * on demand, so kcc_kernel_emit can print any stage. On a cache hit kcc_compile skips the frontend
 * entirely: the kernel's name and parameters come from the `kcc-meta` text inside the object, and
 * kir is regenerated only if someone asks for it.
 *
 * All MLIR work happens in one process-wide context, created on first use and kept, under one
 * mutex (rt_lock): MLIR contexts are not thread-safe for concurrent mutation. Each kernel also has
 * its own mutex over its lazily built stages, always taken before rt_lock.
 */
#include "rt.h"

#include <mlir-c/Diagnostics.h> /* kir.h uses MlirDiagnosticHandlerID */

#include "kir.h"

#include <llvm-c/Core.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- library-wide -----------------------------------------------------------------------------
 */
static pthread_mutex_t mlir_mu = PTHREAD_MUTEX_INITIALIZER;
static MlirContext mlir_ctx; /* created on first use, kept for the life of the process */

/* fork() while another thread compiles must not leave the child with mlir_mu locked by a
 * thread that does not exist there: the fork waits for the compile to finish (prepare), and the
 * child starts with a fresh mutex. The context has no threads of its own (kir_context_create
 * turns MLIR's multithreading off), so the child can go on using it. */
static void fork_prepare(void) {
  pthread_mutex_lock(&mlir_mu);
}

static void fork_parent(void) {
  pthread_mutex_unlock(&mlir_mu);
}

static void fork_child(void) {
  pthread_mutex_init(&mlir_mu, NULL);
}

static pthread_once_t fork_once = PTHREAD_ONCE_INIT;

static void register_fork(void) {
  pthread_atfork(fork_prepare, fork_parent, fork_child);
}

void rt_lock(void) {
  pthread_once(&fork_once, register_fork);
  pthread_mutex_lock(&mlir_mu);
}

void rt_unlock(void) {
  pthread_mutex_unlock(&mlir_mu);
}

/* With rt_lock held. */
static MlirContext context(Diag *d) {
  if (mlirContextIsNull(mlir_ctx)) mlir_ctx = kir_context_create(d);
  return mlir_ctx;
}

static char version[64];
static pthread_once_t version_once = PTHREAD_ONCE_INIT;

static void make_version(void) {
  unsigned maj, min, pat;
  LLVMGetVersion(&maj, &min, &pat);
  snprintf(version, sizeof version, "%s (LLVM %u.%u.%u)", RT_VERSION, maj, min, pat);
}

const char *kcc_version(void) {
  pthread_once(&version_once, make_version);
  return version;
}

void kcc_free(void *p) {
  free(p);
}

/* ---- kernels ----------------------------------------------------------------------------------
 */
KccKernel *rt_kernel_new(void) {
  KccKernel *k = calloc(1, sizeof *k);
  if (k) {
    k->magic = RT_KERNEL_MAGIC;
    pthread_mutex_init(&k->mu, NULL);
    k->threads = 1;
  }
  return k;
}

static void free_params(KccKernel *k) {
  for (int i = 0; i < k->nparams; i++)
    free(k->pnames[i]), free(k->ptypes[i]);
  free(k->pnames), free(k->ptypes), free(k->pwrites), free(k->name);
  k->pnames = k->ptypes = NULL;
  k->pwrites = NULL;
  k->name = NULL;
  k->nparams = 0;
}

bool rt_kernel_set_params(KccKernel *k, const char *name, int n, const char *const *names,
                          const char *const *types, const bool *writes, Diag *d) {
  for (int i = 0; i < n; i++)
    if (!rt_type_canon(types[i])) {
      diag_plain(d, "kernel '%s': parameter '%s' has unknown type '%s'", name, names[i], types[i]);
      return false;
    }
  free_params(k);
  k->name = strdup(name);
  k->pnames = calloc((size_t)n + 1, sizeof *k->pnames);
  k->ptypes = calloc((size_t)n + 1, sizeof *k->ptypes);
  k->pwrites = calloc((size_t)n + 1, sizeof *k->pwrites);
  for (int i = 0; i < n; i++) {
    k->pnames[i] = strdup(names[i]);
    k->ptypes[i] = strdup(rt_type_canon(types[i]));
    k->pwrites[i] = writes && writes[i];
  }
  k->nparams = n;
  return true;
}

void kcc_kernel_destroy(KccKernel *k) {
  if (!rt_kernel_ok(k)) return; /* NULL, already destroyed (when detectable) or foreign */
  *(volatile uint64_t *)&k->magic = RT_DEAD_MAGIC; /* volatile: free follows (no dead store) */
  rt_unload(k);
  rt_simt_free(k);
  if (!mlirModuleIsNull(k->kir) || !mlirModuleIsNull(k->llvm)) {
    rt_lock();
    if (!mlirModuleIsNull(k->kir)) mlirModuleDestroy(k->kir);
    if (!mlirModuleIsNull(k->llvm)) mlirModuleDestroy(k->llvm);
    rt_unlock();
  }
  free_params(k);
  free(k->filename), free(k->source), free(k->so);
  kcc_options_destroy(k->opts);
  pthread_mutex_destroy(&k->mu);
  free(k);
}

/* ---- pipeline steps (with k->mu held) ---------------------------------------------------------
 */

/* The pointer parameters kernel `name` of m writes through (kir_kernel_param_writes), n of them;
 * malloc'd, or NULL when the kernel func is not found or its arity differs. */
static bool *kernel_writes(MlirModule m, const char *name, int n) {
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute sym = mlirOperationGetAttributeByName(op, kir_str("sym_name"));
    MlirAttribute fty = mlirOperationGetAttributeByName(op, kir_str("function_type"));
    if (kir_op_kind(op) != KIR_OP_FUNC_FUNC || mlirAttributeIsNull(sym) ||
        mlirAttributeIsNull(fty) ||
        !mlirStringRefEqual(mlirStringAttrGetValue(sym), kir_str(name)) ||
        mlirFunctionTypeGetNumInputs(mlirTypeAttrGetValue(fty)) != n)
      continue;
    bool *w = calloc((size_t)n + 1, sizeof *w);
    kir_kernel_param_writes(op, w);
    return w;
  }
  return NULL;
}

/* source -> verified kir in k->kir; fills the kernel's name and parameters unless known. */
static KccStatus frontend(KccKernel *k, Diag *d) {
  if (!mlirModuleIsNull(k->kir)) return KCC_OK;
  if (!k->source) {
    diag_plain(d,
               "kernel '%s' was loaded from a shared object: only the 'so' and 'header' "
               "stages are available",
               k->name);
    return KCC_ERR_USAGE;
  }
  Arena *a = arena_create();
  KccStatus st = KCC_ERR_COMPILE;
  Node *mod = parse_module_kernels(a, d, &k->file);
  if (mod && d->errors == 0) {
    rt_lock();
    MlirContext ctx = context(d);
    if (!mlirContextIsNull(ctx)) {
      KirDiagScope scope;
      kir_diag_attach(&scope, ctx, d, &k->file);
      const KccOptions *o = k->opts;
      GenRequest req = {o->kernel, o->sig,       o->nsig,       o->defs,     o->ndefs,
                        o->debug,  o->num_warps, o->num_stages, o->num_ctas, o->check_bounds};
      GenKernel gk = {0};
      MlirModule m = gen_kernel(ctx, a, d, mod, &req, &gk);
      bool ok = !mlirModuleIsNull(m) && d->errors == 0 && kir_verify(m, d) && d->errors == 0;
      kir_diag_detach(&scope);
      if (ok && !k->name) {
        const char **names = calloc((size_t)gk.nparams + 1, sizeof *names);
        const char **types = calloc((size_t)gk.nparams + 1, sizeof *types);
        bool *writes = kernel_writes(m, gk.name, gk.nparams);
        for (int i = 0; i < gk.nparams; i++)
          names[i] = gk.params[i].name, types[i] = gk.params[i].type;
        ok = rt_kernel_set_params(k, gk.name, gk.nparams, names, types, writes, d);
        free(names), free(types), free(writes);
      }
      if (ok) {
        k->kir = m;
        st = KCC_OK;
      } else if (!mlirModuleIsNull(m)) {
        mlirModuleDestroy(m);
      }
    }
    rt_unlock();
  }
  if (st != KCC_OK && d->errors == 0) diag_plain(d, "compilation of '%s' failed", k->filename);
  arena_destroy(a);
  return st;
}

/* Takes rt_lock and attaches d to the context (the caller detaches and unlocks): a clone of k's
 * kir module for a target's steps. */
static MlirModule locked_clone(KccKernel *k, KirDiagScope *scope, Diag *d) {
  rt_lock();
  kir_diag_attach(scope, mlir_ctx, d, &k->file);
  return mlirModuleFromOperation(mlirOperationClone(mlirModuleGetOperation(k->kir)));
}

/* kir -> LLVM dialect, on a clone kept in k->llvm. */
static KccStatus lower(KccKernel *k, Diag *d) {
  if (!mlirModuleIsNull(k->llvm)) return KCC_OK;
  KccStatus st = frontend(k, d);
  if (st != KCC_OK) return st;
  KirDiagScope scope;
  MlirModule m = locked_clone(k, &scope, d);
  bool ok = k->cfg.target->lower(m, &k->cfg, d) && d->errors == 0;
  kir_diag_detach(&scope);
  if (ok)
    k->llvm = m;
  else
    mlirModuleDestroy(m);
  rt_unlock();
  if (!ok && d->errors == 0)
    diag_plain(d, "lowering kernel '%s' for %s failed", k->name, k->cfg.triple);
  return ok ? KCC_OK : KCC_ERR_COMPILE;
}

/* The lowered module -> the target's artefact (for the CPU a shared object), emitted in a private
 * directory (0700, removed after): k->so, *fd (the emitted file, open; it is loaded from that
 * descriptor) and, when the cache c is usable, a new entry there. */
static KccStatus build_artefact(KccKernel *k, Diag *d, RtCache *c, int *fd) {
  *fd = -1;
  KccStatus st = lower(k, d);
  if (st != KCC_OK) return st;
  char *dir = rt_private_dir(), tmp[4200];
  if (!dir) {
    diag_plain(d, "cannot create a temporary directory: %s", strerror(errno));
    return KCC_ERR_RUNTIME;
  }
  snprintf(tmp, sizeof tmp, "%s/%s.so", dir, k->key);
  rt_lock();
  bool ok = k->cfg.target->emit(k->llvm, &k->cfg, tmp, d);
  rt_unlock();
  size_t size = 0;
  char *so = NULL;
  if (ok && (*fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) >= 0) so = rt_read_fd(*fd, &size);
  if (ok && !so) diag_plain(d, "cannot read '%s': %s", tmp, strerror(errno));
  unlink(tmp);
  rmdir(dir);
  free(dir);
  if (!so) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
    return KCC_ERR_RUNTIME;
  }
  free(k->so);
  k->so = so;
  k->so_size = size;
  rt_cache_store(c, k->key, so, size, k->name); /* when it cannot, the kernel still loads */
  return KCC_OK;
}

/* Finds the kcc-meta text inside the artefact's bytes (an object of any architecture, or source
 * text with the metadata in a comment: no NUL after it) and takes the kernel's name and
 * parameters from it. */
static bool meta_from_bytes(KccKernel *k, const char *name, Diag *d) {
  char head[300];
  int n = snprintf(head, sizeof head, "kcc-meta 1\nkernel %s\n", name);
  const char *m = memmem(k->so, k->so_size, head, (size_t)n);
  size_t left = m ? k->so_size - (size_t)(m - k->so) : 0;
  const char *end = m ? memmem(m, left, "\nend\n", 5) : NULL;
  char *text = end ? strndup(m, (size_t)(end - m) + 5) : NULL;
  bool ok = text && rt_meta_parse(k, text, name, d);
  free(text);
  return ok;
}

/* The artefact of k, in k->so and open at *fd (what is loaded): from the cache, from bytes built
 * before (a private unnamed copy), or built now. */
static KccStatus obtain_so(KccKernel *k, Diag *d, int *fd) {
  *fd = -1;
  RtCache c = {.fd = -1};
  if (k->source) rt_cache_open(k->opts, &c);
  char *so = NULL, *name = NULL;
  size_t size;
  KccStatus st = KCC_OK;
  if (rt_cache_lookup(&c, k->key, &so, &size, &name, fd)) {
    free(k->so);
    k->so = so;
    k->so_size = size;
    if (k->name ? strcmp(k->name, name) != 0 : !meta_from_bytes(k, name, d)) {
      /* a valid entry for another kernel cannot happen short of a key collision: rebuild it */
      close(*fd);
      *fd = -1;
      free(k->so);
      k->so = NULL;
    }
    free(name);
  }
  if (*fd < 0 && k->so) { /* built before without a cache, or loaded from a file */
    if ((*fd = rt_private_file(k->so, k->so_size)) < 0) {
      diag_plain(d, "cannot write a temporary file: %s", strerror(errno));
      st = KCC_ERR_RUNTIME;
    }
  } else if (*fd < 0) {
    st = build_artefact(k, d, &c, fd);
  }
  rt_cache_close(&c);
  return st;
}

/* Whether k's artefact runs in this process. */
static bool runs_here(const KccKernel *k) {
  return k->cfg.target->kind == KCC_TARGET_CPU && k->cfg.host;
}

static KccStatus load(KccKernel *k, Diag *d) {
  if (atomic_load(&k->loaded)) return KCC_OK;
  if (!runs_here(k)) {
    diag_plain(d, "kernel '%s' was compiled for %s (%s) and cannot run in this process", k->name,
               k->cfg.target->name, k->cfg.triple);
    return KCC_ERR_RUNTIME;
  }
  int fd;
  KccStatus st = obtain_so(k, d, &fd);
  if (st == KCC_OK && !rt_load(k, fd, k->filename, k->name, k->so, k->so_size, d))
    st = KCC_ERR_RUNTIME;
  if (fd >= 0) close(fd); /* the mapping stays valid */
  return st;
}

KccStatus rt_kernel_ensure_loaded(KccKernel *k, Diag *d) {
  pthread_mutex_lock(&k->mu);
  KccStatus st = load(k, d);
  pthread_mutex_unlock(&k->mu);
  return st;
}

/* SIMT kernels (launch.c): the artefact's bytes, never dlopened. */
KccStatus rt_kernel_ensure_artefact(KccKernel *k, Diag *d) {
  pthread_mutex_lock(&k->mu);
  KccStatus st = KCC_OK;
  if (!k->so) {
    int fd;
    st = obtain_so(k, d, &fd);
    if (fd >= 0) close(fd);
  }
  /* the lowering decides threads and workgroup memory: the artefact's metadata is the truth */
  if (st == KCC_OK && !k->artefact_meta && k->name) {
    if (!meta_from_bytes(k, k->name, d)) st = KCC_ERR_RUNTIME;
    k->artefact_meta = st == KCC_OK;
  }
  pthread_mutex_unlock(&k->mu);
  return st;
}

/* ---- API --------------------------------------------------------------------------------------
 */

/* A kernel holding its recipe (source, options, resolved target, cache key), nothing built. */
static KccStatus prepare(const char *filename, const char *source, const KccOptions *opts,
                         KccKernel **out, Diag *d) {
  *out = NULL;
  if (!source) {
    diag_plain(d, "no source text given");
    return KCC_ERR_USAGE;
  }
  if (opts && !rt_options_ok(opts)) {
    diag_plain(d, "the options handle is not a live KccOptions (destroyed, or never created by "
                  "kcc_options_create)");
    return KCC_ERR_USAGE;
  }
  KccKernel *k = rt_kernel_new();
  k->filename = strdup(filename ? filename : "<input>");
  k->source = strdup(source);
  k->opts = rt_options_clone(opts);
  if (!k->filename || !k->source || !k->opts) {
    kcc_kernel_destroy(k);
    diag_plain(d, "out of memory");
    return KCC_ERR_RUNTIME;
  }
  k->file = (SourceFile){k->filename, k->source, strlen(k->source), k->opts->line_offset};
  const KccOptions *o = k->opts;
  if (!target_resolve(o->target ? o->target : "cpu", o->opt, &k->cfg, d) ||
      !target_set_launch(&k->cfg, o->num_warps, o->num_stages, o->num_ctas, d)) {
    kcc_kernel_destroy(k);
    return KCC_ERR_USAGE;
  }
  k->have_cfg = true;
  rt_cache_key(k, k->key);
  *out = k;
  return KCC_OK;
}

KccStatus kcc_compile(const char *filename, const char *source, const KccOptions *opts,
                      KccKernel **out, char **diag) {
  if (diag) *diag = NULL;
  if (!out) return rt_usage(diag, "kcc_compile: null output");
  Diag d;
  diag_init(&d);
  KccKernel *k;
  KccStatus st = prepare(filename, source, opts, &k, &d);
  if (st != KCC_OK) return rt_diag_out(&d, diag, st);
  RtCache c;
  rt_cache_open(k->opts, &c);
  char *name = NULL;
  int fd = -1;
  size_t size;
  bool hit = false;
  if (rt_cache_lookup(&c, k->key, &k->so, &size, &name, &fd)) { /* no frontend */
    k->so_size = size;
    hit = meta_from_bytes(k, name, &d);
    if (!hit) { /* a valid entry without its metadata: rebuild it (the new one replaces it) */
      close(fd);
      fd = -1;
      free(k->so);
      k->so = NULL;
      free_params(k);
      diag_free(&d);
      diag_init(&d);
    }
  }
  rt_cache_close(&c);
  if (!hit) st = frontend(k, &d);
  if (st == KCC_OK) {
    pthread_mutex_lock(&k->mu);
    if (hit && runs_here(k)) {
      if (!rt_load(k, fd, k->filename, k->name, k->so, k->so_size, &d)) st = KCC_ERR_RUNTIME;
    } else if (runs_here(k)) {
      st = load(k, &d);
    } else if (!hit) { /* another machine's artefact: build it now; it is not loaded here */
      int built;
      st = obtain_so(k, &d, &built);
      if (built >= 0) close(built);
    }
    pthread_mutex_unlock(&k->mu);
  }
  if (fd >= 0) close(fd);
  free(name);
  if (st != KCC_OK) {
    kcc_kernel_destroy(k);
    return rt_diag_out(&d, diag, st);
  }
  diag_free(&d);
  *out = k;
  return KCC_OK;
}

KccStatus kcc_compile_kir(const char *filename, const char *source, const KccOptions *opts,
                          KccKernel **out, char **diag) {
  if (diag) *diag = NULL;
  if (!out) return rt_usage(diag, "kcc_compile_kir: null output");
  Diag d;
  diag_init(&d);
  KccKernel *k;
  KccStatus st = prepare(filename, source, opts, &k, &d);
  if (st == KCC_OK && (st = frontend(k, &d)) != KCC_OK) kcc_kernel_destroy(k);
  if (st != KCC_OK) return rt_diag_out(&d, diag, st);
  diag_free(&d);
  *out = k;
  return KCC_OK;
}

/* The artefact's bytes (k->so), built or taken from the cache when missing. */
static KccStatus emit_artefact(KccKernel *k, char **data, size_t *size, Diag *d) {
  if (!k->so) {
    int fd;
    KccStatus st = obtain_so(k, d, &fd);
    if (fd >= 0) close(fd);
    if (st != KCC_OK) return st;
  }
  *data = malloc(k->so_size + 1);
  if (*data) {
    memcpy(*data, k->so, k->so_size);
    (*data)[k->so_size] = 0;
    *size = k->so_size;
  }
  return KCC_OK;
}

/* The stages of LLVM-based targets between the lowered module and the artefact. */
typedef char *(*LlvmStageFn)(MlirModule, const KccTargetConfig *, Diag *, size_t *);
static const struct {
  const char *name;
  LlvmStageFn fn;
} llvm_stages[] = {{"llvm", llvm_emit_ir}, {"asm", llvm_emit_asm}, {"obj", llvm_emit_obj}};

/* The name of k's artefact stage: the last of its target's stages ("so" for a CPU). */
static const char *artefact_stage(const KccKernel *k) {
  const char *const *s = k->cfg.target->stages, *last = "so";
  for (int i = 0; s && s[i]; i++)
    last = s[i];
  return last;
}

/* A stage printed by the target's print_stage hook, from a clone of the kir module. */
static KccStatus target_stage(KccKernel *k, const char *stage, char **data, size_t *size, Diag *d) {
  KccStatus st = frontend(k, d);
  if (st != KCC_OK) return st;
  KirDiagScope scope;
  MlirModule m = locked_clone(k, &scope, d);
  *data = k->cfg.target->print_stage(m, &k->cfg, stage, d, size);
  mlirModuleDestroy(m);
  kir_diag_detach(&scope);
  rt_unlock();
  if (*data && d->errors == 0) return KCC_OK;
  free(*data);
  *data = NULL;
  if (d->errors == 0) diag_plain(d, "printing stage '%s' of kernel '%s' failed", stage, k->name);
  return KCC_ERR_COMPILE;
}

static KccStatus emit(KccKernel *k, const char *stage, char **data, size_t *size, Diag *d) {
  KccStatus st = KCC_OK;
  *data = NULL;
  bool kir = strcmp(stage, "kir") == 0 || strcmp(stage, "kir-loc") == 0;
  /* a kernel loaded from a shared object has no target: its artefact is "so" */
  bool artefact = strcmp(stage, k->have_cfg ? artefact_stage(k) : "so") == 0;
  if (!kir && !artefact && strcmp(stage, "header") != 0 && !k->have_cfg) {
    st = frontend(k, d); /* says which stages such a kernel has */
    return st == KCC_OK ? KCC_ERR_USAGE : st;
  }
  if (!kir && !artefact && strcmp(stage, "header") != 0 &&
      !target_has_stage(k->cfg.target, stage)) {
    char known[256] = "kir, kir-loc";
    for (const char *const *s = k->cfg.target->stages; s && *s; s++)
      snprintf(known + strlen(known), sizeof known - strlen(known), ", %s", *s);
    diag_plain(d, "unknown stage '%s' for target %s (expected %s, header)", stage,
               k->cfg.target->name, known);
    return KCC_ERR_USAGE;
  }
  if (kir) {
    if ((st = frontend(k, d)) == KCC_OK) {
      rt_lock();
      *data = kir_print(mlirModuleGetOperation(k->kir), stage[3] != 0);
      rt_unlock();
    }
  } else if (strcmp(stage, "header") == 0) {
    if (k->have_cfg && k->cfg.target->kind != KCC_TARGET_CPU) {
      diag_plain(d,
                 "the AOT header is for CPU targets (target %s runs on a device: use kcc_launch "
                 "with device buffers)",
                 k->cfg.target->name);
      return KCC_ERR_USAGE;
    }
    if (k->check_bounds || (k->opts && k->opts->check_bounds)) {
      diag_plain(d, "the AOT header does not support kernels compiled with check-bounds");
      return KCC_ERR_USAGE;
    }
    *data = rt_header_emit(k);
  } else if (artefact) {
    return emit_artefact(k, data, size, d);
  } else if (k->cfg.target->print_stage) { /* the target prints its own stages */
    return target_stage(k, stage, data, size, d);
  } else if ((st = lower(k, d)) == KCC_OK) { /* a printed form of the lowered module */
    LlvmStageFn fn = NULL;
    for (size_t i = 0; i < sizeof llvm_stages / sizeof *llvm_stages; i++)
      if (strcmp(stage, llvm_stages[i].name) == 0) fn = llvm_stages[i].fn;
    rt_lock();
    if (fn)
      *data = fn(k->llvm, &k->cfg, d, size);
    else
      *data = kir_print(mlirModuleGetOperation(k->llvm), false); /* mlir-llvm */
    rt_unlock();
    if (!*data) return fn ? KCC_ERR_RUNTIME : KCC_OK;
    if (fn) return KCC_OK;
  }
  if (st == KCC_OK && *data) *size = strlen(*data);
  return st;
}

KccStatus kcc_kernel_emit(KccKernel *k, const char *stage, char **data, size_t *size, char **diag) {
  if (diag) *diag = NULL;
  if (!stage || !data) return rt_usage(diag, "kcc_kernel_emit: null stage or output");
  if (!rt_kernel_ok(k)) return rt_usage(diag, "kcc_kernel_emit: %s", rt_bad_kernel(k));
  size_t dummy;
  Diag d;
  diag_init(&d);
  pthread_mutex_lock(&k->mu);
  KccStatus st = emit(k, stage, data, size ? size : &dummy, &d);
  pthread_mutex_unlock(&k->mu);
  if (st == KCC_OK && !*data) {
    diag_plain(&d, "out of memory");
    st = KCC_ERR_RUNTIME;
  }
  if (st != KCC_OK) {
    free(*data);
    *data = NULL;
    return rt_diag_out(&d, diag, st);
  }
  diag_free(&d);
  return KCC_OK;
}
