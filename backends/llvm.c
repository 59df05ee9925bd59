/*
 * llvm.c - from an LLVM-dialect module to bytes: translation to LLVM IR, the O0-O3 pipeline on a
 * TargetMachine for the configured triple/CPU/features (IEEE floating point: no fast-math flags
 * are added here), and emission of .ll text, assembly or an object; plus linking an object into
 * a shared library with ld.lld, or GNU ld for host objects (posix_spawn, no shell; temporary
 * files under $TMPDIR). The library is made self-contained: libm is a DT_NEEDED (--as-needed, so
 * only kernels that call it, e.g. erff) and the compiler runtime builtins (__truncsfhf2 and
 * friends, which fp16 code calls on CPUs without F16C) are linked in statically from compiler-rt
 * (else libgcc.a). Cross targets use the same files from the cross toolchain when installed
 * (/usr/<arch>-linux-gnu/lib/libm.so.6, /usr/lib/gcc-cross/<arch>-linux-gnu/N/libgcc.a); when
 * absent the .so is linked without them and a kernel needing them has undefined symbols that
 * the final host link must provide.
 */
#include "target.h"
#include "kir.h"

#include <llvm-c/Analysis.h>
#include <llvm-c/BitReader.h>
#include <llvm-c/Core.h>
#include <llvm-c/Linker.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <mlir-c/RegisterEverything.h>
#include <mlir-c/Target/LLVMIR.h>
#include <glob.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef KCC_LLVM_BIN
#define KCC_LLVM_BIN "/usr/lib/llvm-22/bin"
#endif

extern char **environ;

/* Basic blocks longer than this are compiled by LLVM's fast (O0) code generator: the machine
 * scheduler is quadratic in a block's length (a 100,000-term expression took 32 s in it). Only
 * pathological kernels have such blocks (tile loops are short; the examples' longest block is a
 * few hundred instructions), so normal code keeps the optimizing code generator. */
enum { LLVM_FAST_CODEGEN_BLOCK = 8192 };

static LLVMTargetMachineRef llvm_tm(const KccTargetConfig *cfg, int opt_level, Diag *d) {
  if (cfg->target->init) /* lazily: a cache hit never registers LLVM backends */
    cfg->target->init();
  LLVMTargetRef t;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(cfg->triple, &t, &err)) {
    diag_plain(d, "no LLVM target for triple '%s': %s", cfg->triple, err ? err : "");
    LLVMDisposeMessage(err);
    return NULL;
  }
  LLVMCodeGenOptLevel lvl = opt_level >= 3   ? LLVMCodeGenLevelAggressive
                            : opt_level == 2 ? LLVMCodeGenLevelDefault
                            : opt_level == 1 ? LLVMCodeGenLevelLess
                                             : LLVMCodeGenLevelNone;
  return LLVMCreateTargetMachine(t, cfg->triple, cfg->cpu, cfg->features, lvl, LLVMRelocPIC,
                                 LLVMCodeModelDefault);
}

/* Links cfg->bitcode into mod and internalizes the functions it brought (every definition that
 * was not in mod before), so that the optimizer keeps only those the kernels call. */
static bool link_bitcode(LLVMModuleRef mod, const KccTargetConfig *cfg, LLVMContextRef lctx,
                         Diag *d) {
  LLVMMemoryBufferRef buf = NULL;
  char *err = NULL;
  if (LLVMCreateMemoryBufferWithContentsOfFile(cfg->bitcode, &buf, &err)) {
    diag_plain(d, "cannot read the bitcode library '%s': %s", cfg->bitcode, err ? err : "");
    LLVMDisposeMessage(err);
    return false;
  }
  LLVMModuleRef lib = NULL;
  bool bad = LLVMParseBitcodeInContext2(lctx, buf, &lib);
  LLVMDisposeMemoryBuffer(buf);
  if (bad) {
    diag_plain(d, "the bitcode library '%s' does not parse", cfg->bitcode);
    return false;
  }
  LLVMSetTarget(lib, LLVMGetTarget(mod));
  LLVMSetDataLayout(lib, LLVMGetDataLayoutStr(mod));
  size_t n = 0, cap = 64;
  char **own = malloc(cap * sizeof *own);
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f)) {
    if (LLVMIsDeclaration(f)) continue;
    if (n == cap) own = realloc(own, (cap *= 2) * sizeof *own);
    size_t len;
    const char *name = LLVMGetValueName2(f, &len);
    own[n++] = strndup(name, len);
  }
  if (LLVMLinkModules2(mod, lib)) {
    diag_plain(d, "linking the bitcode library '%s' failed", cfg->bitcode);
    n = cap = 0;
  }
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f && cap; f = LLVMGetNextFunction(f)) {
    if (LLVMIsDeclaration(f)) continue;
    size_t len;
    const char *name = LLVMGetValueName2(f, &len);
    bool mine = false;
    for (size_t i = 0; i < n && !mine; i++)
      mine = strlen(own[i]) == len && memcmp(own[i], name, len) == 0;
    if (!mine) LLVMSetLinkage(f, LLVMInternalLinkage);
  }
  for (size_t i = 0; i < n; i++)
    free(own[i]);
  free(own);
  return cap != 0;
}

/* Translates and optimizes; the caller disposes module and context. */
static LLVMModuleRef llvm_build(MlirModule m, const KccTargetConfig *cfg, LLVMContextRef lctx,
                                LLVMTargetMachineRef tm, Diag *d) {
  MlirContext ctx = mlirModuleGetContext(m);
  mlirRegisterAllLLVMTranslations(ctx);
  LLVMModuleRef mod = mlirTranslateModuleToLLVMIR(mlirModuleGetOperation(m), lctx);
  if (!mod) {
    if (d->errors == 0)
      diag_plain(d, "translation to LLVM IR failed (is the module in the LLVM dialect?)");
    return NULL;
  }
  LLVMSetTarget(mod, cfg->triple);
  LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
  LLVMSetModuleDataLayout(mod, dl);
  LLVMDisposeTargetData(dl);
  if (cfg->bitcode[0] && !link_bitcode(mod, cfg, lctx, d)) {
    LLVMDisposeModule(mod);
    return NULL;
  }
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f)) {
    if (LLVMIsDeclaration(f)) continue;
    LLVMAddTargetDependentFunctionAttr(f, "target-cpu", cfg->cpu);
    if (cfg->features[0]) LLVMAddTargetDependentFunctionAttr(f, "target-features", cfg->features);
  }
  char pipeline[32];
  snprintf(pipeline, sizeof pipeline, "default<O%d>", cfg->opt_level);
  LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(mod, pipeline, tm, opts);
  LLVMDisposePassBuilderOptions(opts);
  if (e) {
    char *msg = LLVMGetErrorMessage(e);
    diag_plain(d, "LLVM optimization failed: %s", msg);
    LLVMDisposeErrorMessage(msg);
    LLVMDisposeModule(mod);
    return NULL;
  }
  return mod;
}

static char *dup_bytes(const char *p, size_t n, size_t *size) {
  char *r = malloc(n + 1);
  memcpy(r, p, n);
  r[n] = 0;
  if (size) *size = n;
  return r;
}

enum { EMIT_IR = -1 }; /* besides LLVMAssemblyFile / LLVMObjectFile */

/* LLVM's diagnostics (a warning such as "stack frame size exceeds limit", an error from a
 * backend) go into the Diag instead of stderr: the library never prints. Errors fail the
 * compilation; warnings and notes become notes; remarks are dropped. */
static void llvm_diag(LLVMDiagnosticInfoRef info, void *arg) {
  Diag *d = arg;
  char *msg = LLVMGetDiagInfoDescription(info);
  switch (LLVMGetDiagInfoSeverity(info)) {
  case LLVMDSError:
    diag_plain(d, "LLVM: %s", msg);
    break;
  case LLVMDSWarning:
    diag_note(d, (Loc){0}, "LLVM warning: %s", msg);
    break;
  case LLVMDSNote:
    diag_note(d, (Loc){0}, "LLVM: %s", msg);
    break;
  case LLVMDSRemark:
    break;
  }
  LLVMDisposeMessage(msg);
}

/* The number of instructions of the longest basic block of mod. */
static long longest_block(LLVMModuleRef mod) {
  long most = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f))
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b)) {
      long n = 0;
      for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i))
        n++;
      most = n > most ? n : most;
    }
  return most;
}

/* Builds m for cfg's target machine and returns it as LLVM IR text, assembly or an object. */
static char *emit(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size, int kind) {
  LLVMTargetMachineRef tm = llvm_tm(cfg, cfg->opt_level, d);
  if (!tm) return NULL;
  int errors = d->errors;
  LLVMContextRef lctx = LLVMContextCreate();
  LLVMContextSetDiagnosticHandler(lctx, llvm_diag, d);
  LLVMModuleRef mod = llvm_build(m, cfg, lctx, tm, d);
  char *r = NULL;
  if (mod && kind == EMIT_IR) {
    char *s = LLVMPrintModuleToString(mod);
    r = dup_bytes(s, strlen(s), size);
    LLVMDisposeMessage(s);
  } else if (mod) {
    LLVMMemoryBufferRef buf = NULL;
    char *err = NULL;
    if (cfg->opt_level > 0 && longest_block(mod) > LLVM_FAST_CODEGEN_BLOCK) {
      LLVMTargetMachineRef fast = llvm_tm(cfg, 0, d);
      if (fast) LLVMDisposeTargetMachine(tm), tm = fast;
    }
    if (LLVMTargetMachineEmitToMemoryBuffer(tm, mod, (LLVMCodeGenFileType)kind, &err, &buf)) {
      diag_plain(d, "LLVM code generation failed: %s", err ? err : "");
      LLVMDisposeMessage(err);
    } else {
      r = dup_bytes(LLVMGetBufferStart(buf), LLVMGetBufferSize(buf), size);
      LLVMDisposeMemoryBuffer(buf);
    }
  }
  if (mod) LLVMDisposeModule(mod);
  LLVMContextDispose(lctx);
  LLVMDisposeTargetMachine(tm);
  if (r && d->errors > errors) { /* LLVM reported an error through llvm_diag */
    free(r);
    r = NULL;
  }
  return r;
}

char *llvm_emit_ir(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size) {
  return emit(m, cfg, d, size, EMIT_IR);
}

char *llvm_emit_asm(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size) {
  return emit(m, cfg, d, size, LLVMAssemblyFile);
}

char *llvm_emit_obj(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size) {
  return emit(m, cfg, d, size, LLVMObjectFile);
}

/* The first existing file among the patterns (globs; the last match of a glob wins, so the
 * highest-sorting GCC version). */
static bool find_file(char *out, size_t n, const char *const *pats, int npats) {
  for (int i = 0; i < npats; i++) {
    glob_t g;
    if (glob(pats[i], 0, NULL, &g) == 0 && g.gl_pathc > 0) {
      snprintf(out, n, "%s", g.gl_pathv[g.gl_pathc - 1]);
      globfree(&g);
      return true;
    }
    globfree(&g);
  }
  return false;
}

/* libm.so.6 and a static builtins archive for the target's architecture (from the triple). */
static void runtime_libs(const KccTargetConfig *cfg, char *libm, char *builtins, size_t n) {
  libm[0] = builtins[0] = 0;
  char arch[96] = "x86_64";
  if (cfg && cfg->triple[0]) {
    snprintf(arch, sizeof arch, "%s", cfg->triple);
    char *dash = strchr(arch, '-');
    if (dash) *dash = 0;
  }
  char p[6][512];
  const char *pats[6];
  for (int i = 0; i < 6; i++)
    pats[i] = p[i];
  snprintf(p[0], sizeof p[0], "/usr/%s-linux-gnu/lib/libm.so.6", arch);
  snprintf(p[1], sizeof p[1], "/lib/%s-linux-gnu/libm.so.6", arch);
  snprintf(p[2], sizeof p[2], "/usr/lib/%s-linux-gnu/libm.so.6", arch);
  /* a native library only when the target is the machine's architecture */
#if defined(__x86_64__)
  bool native = strcmp(arch, "x86_64") == 0;
#elif defined(__aarch64__)
  bool native = strcmp(arch, "aarch64") == 0;
#else
  bool native = false;
#endif
  find_file(libm, n, pats, native ? 3 : 1);
  snprintf(p[0], sizeof p[0], "/usr/lib/gcc-cross/%s-linux-gnu/*/libgcc.a", arch);
  snprintf(p[1], sizeof p[1], "/usr/lib/gcc/%s-linux-gnu/*/libgcc.a", arch);
  snprintf(p[2], sizeof p[2], "%s/../lib/clang/*/lib/linux/libclang_rt.builtins-%s.a", KCC_LLVM_BIN,
           arch);
  snprintf(p[3], sizeof p[3], "%s/../lib/clang/*/lib/%s-unknown-linux-gnu/libclang_rt.builtins.a",
           KCC_LLVM_BIN, arch);
  if (native) { /* compiler-rt first: it has every libcall LLVM emits (gcc 12's libgcc.a lacks
                   __truncsfbf2, which bf16 stores call) */
    pats[0] = p[2];
    pats[1] = p[3];
    pats[2] = p[1];
    find_file(builtins, n, pats, 3);
  } else {
    pats[1] = p[2];
    pats[2] = p[3];
    find_file(builtins, n, pats, 3);
  }
}

bool llvm_link_so(const char *obj, size_t size, const char *so_path, const KccTargetConfig *cfg,
                  Diag *d) {
  const char *tmp = getenv("TMPDIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/kcc-obj-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) {
    diag_plain(d, "cannot create a temporary file in %s", tmp && *tmp ? tmp : "/tmp");
    return false;
  }
  size_t off = 0;
  while (off < size) {
    ssize_t w = write(fd, obj + off, size - off);
    if (w <= 0) break;
    off += (size_t)w;
  }
  close(fd);
  if (off != size) {
    diag_plain(d, "cannot write %s", path);
    unlink(path);
    return false;
  }
  /* ld.lld links every target; for host objects the system's GNU ld is used when present
   * because it starts several times faster (ld.lld loads all of libLLVM: ~150 ms here). */
  char libm[512], builtins[512];
  runtime_libs(cfg, libm, builtins, sizeof libm);
  char *argv[16] = {KCC_LLVM_BIN "/ld.lld", "-shared", "-o", (char *)so_path, path};
  int argc = 5;
  if (libm[0]) {
    argv[argc++] = "--as-needed";
    argv[argc++] = libm;
    argv[argc++] = "--no-as-needed";
  }
  if (builtins[0]) argv[argc++] = builtins;
  argv[argc] = NULL;
  if (cfg && cfg->host && access("/usr/bin/ld.bfd", X_OK) == 0 && !getenv("KCC_USE_LLD"))
    argv[0] = "/usr/bin/ld.bfd";
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
  bool ok = false;
  if (rc != 0) {
    diag_plain(d, "cannot run %s", argv[0]);
  } else {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (!ok) diag_plain(d, "%s failed to link %s", argv[0], so_path);
  }
  unlink(path);
  return ok;
}

bool llvm_emit_so(MlirModule m, const KccTargetConfig *cfg, const char *path, Diag *d) {
  size_t size = 0;
  char *obj = llvm_emit_obj(m, cfg, d, &size);
  bool ok = obj && llvm_link_so(obj, size, path, cfg, d);
  free(obj);
  return ok;
}
