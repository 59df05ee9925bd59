/*
 * target.c - the `cpu` target: maps `cpu[:ARCH[+feature,...]]` to an LLVM triple, CPU and
 * feature string (the host's real CPU and features when no arch is given) and its device
 * description, lowers a verified kir module to the LLVM dialect (the kir walk of lower.c, then the
 * upstream conversion passes), and emits a shared object. Its passes (cpu-lower, cpu-lower-kir,
 * cpu-to-llvm) are registered here for kcc-opt.
 */
#include "cpu.h"
#include "cpu_features.h"
#include "kir.h"

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>
#include <mlir-c/Conversion.h>
#include <mlir-c/Pass.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct CpuArch {
  const char *name, *alias, *triple, *cpu, *features;
} CpuArch;

static const CpuArch cpu_archs[] = {
    {"x86-64", "x86_64", "x86_64-unknown-linux-gnu", "x86-64", ""},
    {"aarch64", "arm64", "aarch64-unknown-linux-gnu", "generic", "+neon"},
    {"loongarch64", "la64", "loongarch64-unknown-linux-gnu", "generic-la64", "+f,+d,+lsx"},
    {"riscv64", "rv64", "riscv64-unknown-linux-gnu", "generic-rv64", "+m,+a,+f,+d,+c"},
};

static const char *host_family(void) {
#if defined(__x86_64__)
  return "x86-64";
#elif defined(__aarch64__)
  return "aarch64";
#elif defined(__loongarch64)
  return "loongarch64";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#else
  return "";
#endif
}

static void copy(char *dst, size_t cap, const char *src) {
  snprintf(dst, cap, "%s", src ? src : "");
}

/* The host feature list can exceed cfg->features: keep every enabled feature first, then as
 * many disabled ones as fit, cutting only at commas. */
static void host_features(char *dst, size_t cap, const char *all) {
  size_t n = 0;
  dst[0] = 0;
  for (int pass = 0; pass < 2; pass++)
    for (const char *p = all; *p;) {
      size_t len = strcspn(p, ",");
      if ((p[0] == '+') == (pass == 0) && len && n + len + 2 < cap) {
        n += (size_t)snprintf(dst + n, cap - n, "%s%.*s", n ? "," : "", (int)len, p);
      }
      p += len;
      if (*p == ',') p++;
    }
}

/* A CPU runs a program on one thread; tiles live on its stack, so there is no shared memory. */
static void cpu_device(KccTargetConfig *cfg) {
  cfg->dev = (KccDevice){
      .warp_size = 1,
      .max_threads = 1,
      .shared_bytes = 0,
      .vector_bits = cpu_vec_bits(cfg),
      .fp16 = true, /* computed in fp32 where the CPU lacks half arithmetic */
      .bf16 = true,
      .fp64 = true,
      .atomics64 = true,
  };
}

static bool cpu_configure_arch(KccTargetConfig *cfg, const char *arch, Diag *d);

/* The feature names LLVM knows for arch a (cpu_features.h), as ",name,...,". */
static const char *arch_features(const CpuArch *a) {
  switch (a - cpu_archs) {
  case 0:
    return cpu_features_x86_64;
  case 1:
    return cpu_features_aarch64;
  case 2:
    return cpu_features_loongarch64;
  default:
    return cpu_features_riscv64;
  }
}

static bool feature_known(const char *table, const char *name, size_t len) {
  char key[96];
  if (len == 0 || len + 3 > sizeof key) return false;
  snprintf(key, sizeof key, ",%.*s,", (int)len, name);
  return strstr(table, key) != NULL;
}

/* The next feature of a list such as "+avx2,+fma", "+avx2+fma-sse4a" or "+prefer-256-bit": its
 * sign ('+' when omitted), name and name length; *p moves past it. Features are separated by
 * ',' and '+', and by '-' unless the name with its '-' is one LLVM knows for the arch (`known`)
 * or its part before the '-' is not (then the whole name is reported unknown). False at the
 * end of the list. */
static bool next_feature(const char **p, const char *known, char *sign, const char **name,
                         size_t *len) {
  const char *s = *p;
  while (*s == ',')
    s++;
  if (!*s) return false;
  *sign = *s == '-' ? '-' : '+';
  if (*s == '+' || *s == '-') s++;
  size_t whole = strcspn(s, "+,"), part = strcspn(s, "+,-");
  *len = part < whole && !feature_known(known, s, whole) && feature_known(known, s, part) ? part
                                                                                          : whole;
  *name = s;
  *p = s + *len;
  return true;
}

static bool cpu_configure(KccTargetConfig *cfg, const char *arch, Diag *d) {
  if (!cpu_configure_arch(cfg, arch, d)) return false;
  cpu_device(cfg);
  return true;
}

static bool cpu_configure_arch(KccTargetConfig *cfg, const char *arch, Diag *d) {
  copy(cfg->arch, sizeof cfg->arch, arch);
  if (!arch || !*arch || strcmp(arch, "native") == 0 || strcmp(arch, "host") == 0) {
    char *t = LLVMGetDefaultTargetTriple();
    char *n = LLVMNormalizeTargetTriple(t);
    char *cpu = LLVMGetHostCPUName(), *feat = LLVMGetHostCPUFeatures();
    copy(cfg->triple, sizeof cfg->triple, n);
    copy(cfg->cpu, sizeof cfg->cpu, cpu);
    host_features(cfg->features, sizeof cfg->features, feat);
    LLVMDisposeMessage(t);
    LLVMDisposeMessage(n);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(feat);
    cfg->host = true;
    return true;
  }
  /* ARCH[+feat[,+feat]...] */
  char base[64];
  size_t bl = strcspn(arch, "+");
  snprintf(base, sizeof base, "%.*s", (int)(bl < sizeof base ? bl : sizeof base - 1), arch);
  const char *extra = arch + bl;
  const CpuArch *a = NULL;
  const char *cpu_override = NULL;
  for (size_t i = 0; i < sizeof cpu_archs / sizeof *cpu_archs; i++)
    if (strcmp(base, cpu_archs[i].name) == 0 || strcmp(base, cpu_archs[i].alias) == 0)
      a = &cpu_archs[i];
  if (!a && strncmp(base, "x86-64-v", 8) == 0 && base[8] >= '2' && base[8] <= '4' && !base[9]) {
    a = &cpu_archs[0];
    cpu_override = base;
  }
  if (!a) {
    diag_plain(d,
               "unknown CPU architecture '%s' (known: x86-64[-v2|-v3|-v4], aarch64, loongarch64, "
               "riscv64; append features as in x86-64+avx2,+fma)",
               base);
    return false;
  }
  copy(cfg->triple, sizeof cfg->triple, a->triple);
  copy(cfg->cpu, sizeof cfg->cpu, cpu_override ? cpu_override : a->cpu);
  /* features: the arch's defaults, then the user's list normalised to ",+name,-name" */
  char feat[512];
  size_t n = (size_t)snprintf(feat, sizeof feat, "%s", a->features);
  const char *known = arch_features(a);
  char sign;
  const char *fname;
  size_t len;
  for (const char *p = extra; next_feature(&p, known, &sign, &fname, &len);) {
    /* LLVM prints "'+x' is not a recognized feature" on stderr for an unknown feature: a
     * library must not print, so a name outside LLVM's list for the arch is an error here */
    if (!feature_known(known, fname, len)) {
      diag_plain(d, "unknown %s CPU feature '%.*s' in '%s'", a->name, (int)len, fname, arch);
      return false;
    }
    if (n + len + 3 < sizeof feat)
      n += (size_t)snprintf(feat + n, sizeof feat - n, "%s%c%.*s", n ? "," : "", sign, (int)len,
                            fname);
  }
  copy(cfg->features, sizeof cfg->features, feat);
  cfg->host = strcmp(a->name, host_family()) == 0;
  return true;
}

int cpu_vec_bits(const KccTargetConfig *cfg) {
  const char *f = cfg->features;
  if (strncmp(cfg->triple, "x86_64", 6) == 0) {
    if (strstr(f, "+avx512f") || strstr(cfg->cpu, "v4")) return 512;
    if (strstr(f, "+avx2") || strstr(f, "+avx,") || strstr(cfg->cpu, "v3")) return 256;
    return 128;
  }
  return 128;
}

/* convert-scf-to-cf moves an scf.for's discardable `llvm.loop_annotation` to its latch branch,
 * and convert-cf-to-llvm keeps it there as a discardable attribute, which the translation to
 * LLVM IR ignores (it reads llvm.br's inherent `loop_annotation`): without this move no
 * !llvm.loop metadata (unroll/vectorize hints of lower.c) reached LLVM. */
static MlirWalkResult move_loop_annotation(MlirOperation op, void *ud) {
  (void)ud;
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  if ((name.length == 7 && memcmp(name.data, "llvm.br", 7) == 0) ||
      (name.length == 12 && memcmp(name.data, "llvm.cond_br", 12) == 0)) {
    MlirAttribute a =
        mlirOperationGetDiscardableAttributeByName(op, kir_str("llvm.loop_annotation"));
    if (!mlirAttributeIsNull(a)) {
      mlirOperationSetInherentAttributeByName(op, kir_str("loop_annotation"), a);
      mlirOperationRemoveDiscardableAttributeByName(op, kir_str("llvm.loop_annotation"));
    }
  }
  return MlirWalkResultAdvance;
}

bool cpu_lower_to_llvm(MlirModule m, Diag *d) {
  static bool registered;
  if (!registered) {
    mlirRegisterConversionSCFToControlFlowPass();
    mlirRegisterConversionConvertVectorToLLVMPass();
    mlirRegisterConversionFinalizeMemRefToLLVMConversionPass();
    mlirRegisterConversionConvertMathToLLVMPass();
    mlirRegisterConversionConvertMathToLibmPass();
    mlirRegisterConversionArithToLLVMConversionPass();
    mlirRegisterConversionConvertControlFlowToLLVMPass();
    mlirRegisterConversionConvertFuncToLLVMPass();
    mlirRegisterConversionUBToLLVMConversionPass();
    mlirRegisterConversionReconcileUnrealizedCastsPass();
    registered = true;
  }
  MlirContext ctx = mlirModuleGetContext(m);
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  const char *pipeline =
      "builtin.module(convert-scf-to-cf, convert-vector-to-llvm, finalize-memref-to-llvm, "
      "convert-math-to-llvm, convert-math-to-libm, convert-arith-to-llvm, convert-cf-to-llvm, "
      "convert-func-to-llvm, convert-ub-to-llvm, reconcile-unrealized-casts)";
  MlirLogicalResult r =
      mlirParsePassPipeline(mlirPassManagerGetAsOpPassManager(pm), kir_str(pipeline), NULL, NULL);
  bool ok = mlirLogicalResultIsSuccess(r);
  if (!ok)
    diag_plain(d, "internal: the CPU conversion pipeline does not parse");
  else
    ok = mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(m)));
  mlirPassManagerDestroy(pm);
  if (ok)
    mlirOperationWalk(mlirModuleGetOperation(m), move_loop_annotation, NULL, MlirWalkPostOrder);
  if (!ok && d->errors == 0) diag_plain(d, "internal: lowering to the LLVM dialect failed");
  return ok;
}

static bool cpu_lower(MlirModule m, const KccTargetConfig *cfg, Diag *d) {
  return cpu_lower_kir(m, cfg->dev.vector_bits, d) && cpu_lower_to_llvm(m, d);
}

static void cpu_init_once(void) {
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

static void cpu_init(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, cpu_init_once);
}

/* ---- kcc-opt passes (the host's configuration) ---------------------------------------------- */
static bool host_cfg(KccTargetConfig *cfg, Diag *d) {
  return target_resolve("cpu", 3, cfg, d);
}

static bool pass_cpu_lower_kir(MlirModule m, Diag *d) {
  KccTargetConfig cfg;
  return host_cfg(&cfg, d) && cpu_lower_kir(m, cfg.dev.vector_bits, d);
}

static bool pass_cpu_to_llvm(MlirModule m, Diag *d) {
  return cpu_lower_to_llvm(m, d);
}

static bool pass_cpu_lower(MlirModule m, Diag *d) {
  KccTargetConfig cfg;
  return host_cfg(&cfg, d) && cpu_lower(m, &cfg, d);
}

static const KirPass cpu_passes[] = {
    {"cpu-lower", "kir -> LLVM dialect for the host CPU (cpu-lower-kir + cpu-to-llvm)",
     pass_cpu_lower},
    {"cpu-lower-kir", "kir -> scf/memref/arith/math/vector/llvm: the CPU tile emitter",
     pass_cpu_lower_kir},
    {"cpu-to-llvm", "upstream dialects -> LLVM dialect (conversion pipeline)", pass_cpu_to_llvm},
    {NULL, NULL, NULL},
};

static const char *const cpu_stages[] = {"mlir-llvm", "llvm", "asm", "obj", "so", NULL};

const KccTarget cpu_target = {
    .name = "cpu",
    .description =
        "CPUs: the host, or x86-64, aarch64, loongarch64, riscv64 (one program per call)",
    .kind = KCC_TARGET_CPU,
    .artefact = KCC_ARTEFACT_SHARED_OBJECT,
    .stages = cpu_stages,
    .passes = cpu_passes,
    .init = cpu_init,
    .configure = cpu_configure,
    .lower = cpu_lower,
    .emit = llvm_emit_so,
};
