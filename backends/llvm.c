/*
 * llvm.c - from an LLVM-dialect module to bytes: translation to LLVM IR, the O0-O3 pipeline on a
 * TargetMachine for the configured triple/CPU/features (IEEE floating point: no fast-math flags
 * are added here), and emission of .ll text, assembly or an object; plus linking an object into
 * a shared library with ld.lld, or GNU ld for host objects (posix_spawn, no shell; temporary
 * files under $TMPDIR).
 */
#include "target.h"
#include "kir.h"

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <mlir-c/RegisterEverything.h>
#include <mlir-c/Target/LLVMIR.h>
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

static void llvm_init_once(void) {
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86AsmPrinter();
  LLVMInitializeAArch64TargetInfo();
  LLVMInitializeAArch64Target();
  LLVMInitializeAArch64TargetMC();
  LLVMInitializeAArch64AsmPrinter();
  LLVMInitializeLoongArchTargetInfo();
  LLVMInitializeLoongArchTarget();
  LLVMInitializeLoongArchTargetMC();
  LLVMInitializeLoongArchAsmPrinter();
  LLVMInitializeRISCVTargetInfo();
  LLVMInitializeRISCVTarget();
  LLVMInitializeRISCVTargetMC();
  LLVMInitializeRISCVAsmPrinter();
}

static LLVMTargetMachineRef llvm_tm(const KccTargetConfig *cfg, Diag *d) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, llvm_init_once);
  LLVMTargetRef t;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(cfg->triple, &t, &err)) {
    diag_plain(d, "no LLVM target for triple '%s': %s", cfg->triple, err ? err : "");
    LLVMDisposeMessage(err);
    return NULL;
  }
  LLVMCodeGenOptLevel lvl = cfg->opt_level >= 3   ? LLVMCodeGenLevelAggressive
                            : cfg->opt_level == 2 ? LLVMCodeGenLevelDefault
                            : cfg->opt_level == 1 ? LLVMCodeGenLevelLess
                                                  : LLVMCodeGenLevelNone;
  return LLVMCreateTargetMachine(t, cfg->triple, cfg->cpu, cfg->features, lvl, LLVMRelocPIC,
                                 LLVMCodeModelDefault);
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
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f)) {
    if (LLVMIsDeclaration(f))
      continue;
    LLVMAddTargetDependentFunctionAttr(f, "target-cpu", cfg->cpu);
    if (cfg->features[0])
      LLVMAddTargetDependentFunctionAttr(f, "target-features", cfg->features);
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
  if (size)
    *size = n;
  return r;
}

char *llvm_emit_ir(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size) {
  LLVMTargetMachineRef tm = llvm_tm(cfg, d);
  if (!tm)
    return NULL;
  LLVMContextRef lctx = LLVMContextCreate();
  LLVMModuleRef mod = llvm_build(m, cfg, lctx, tm, d);
  char *r = NULL;
  if (mod) {
    char *s = LLVMPrintModuleToString(mod);
    r = dup_bytes(s, strlen(s), size);
    LLVMDisposeMessage(s);
    LLVMDisposeModule(mod);
  }
  LLVMContextDispose(lctx);
  LLVMDisposeTargetMachine(tm);
  return r;
}

static char *emit_file(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size,
                       LLVMCodeGenFileType kind) {
  LLVMTargetMachineRef tm = llvm_tm(cfg, d);
  if (!tm)
    return NULL;
  LLVMContextRef lctx = LLVMContextCreate();
  LLVMModuleRef mod = llvm_build(m, cfg, lctx, tm, d);
  char *r = NULL;
  if (mod) {
    LLVMMemoryBufferRef buf = NULL;
    char *err = NULL;
    if (LLVMTargetMachineEmitToMemoryBuffer(tm, mod, kind, &err, &buf)) {
      diag_plain(d, "LLVM code generation failed: %s", err ? err : "");
      LLVMDisposeMessage(err);
    } else {
      r = dup_bytes(LLVMGetBufferStart(buf), LLVMGetBufferSize(buf), size);
      LLVMDisposeMemoryBuffer(buf);
    }
    LLVMDisposeModule(mod);
  }
  LLVMContextDispose(lctx);
  LLVMDisposeTargetMachine(tm);
  return r;
}

char *llvm_emit_asm(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size) {
  return emit_file(m, cfg, d, size, LLVMAssemblyFile);
}

char *llvm_emit_obj(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size) {
  return emit_file(m, cfg, d, size, LLVMObjectFile);
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
    if (w <= 0)
      break;
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
  char *argv[] = {KCC_LLVM_BIN "/ld.lld", "-shared", "-o", (char *)so_path, path, NULL};
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
    if (!ok)
      diag_plain(d, "%s failed to link %s", argv[0], so_path);
  }
  unlink(path);
  return ok;
}
