/*
 * target.c - the `amdgpu` target, `-t amdgpu[:gfxNNN]` (default gfx942), and its alias `dcu`
 * for Hygon DCUs (default gfx906). A program is one workgroup of num_warps x wavefront threads
 * (64 on GCN/CDNA, 32 on RDNA); the SIMT lowering and the shared GPU lowering (backends/gpu) run
 * with the ROCDL family row below; LLVM's AMDGPU backend writes an object, and `ld.lld -shared`
 * makes the code object (hsaco), the artefact. No ROCm installation is needed: the grid size is
 * read from the HSA dispatch packet, math uses what the backend selects and kcc's polynomials
 * (backends/gpu/math.c), device printf is refused (it needs the ROCm device libraries) and an
 * assert traps. The kcc-meta text of each kernel is the constant global kcc_meta_NAME.
 * Stages: kgpu, simt, mlir-llvm, llvm, asm, hsaco.
 */
#include "amdgpu.h"

#include "gpu/gpu.h"
#include "kir.h"

#include <llvm-c/Target.h>
#include <mlir-c/Dialect/ROCDL.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One row per architecture: its wavefront, the LDS one workgroup may use, and a short name. */
typedef struct AmdArch {
  const char *name;
  int wave;
  int64_t lds_bytes;
} AmdArch;

static const AmdArch amd_archs[] = {
    {"gfx906", 64, 65536},  {"gfx908", 64, 65536},  {"gfx90a", 64, 65536},  {"gfx940", 64, 65536},
    {"gfx941", 64, 65536},  {"gfx942", 64, 65536},  {"gfx950", 64, 163840}, {"gfx1030", 32, 65536},
    {"gfx1100", 32, 65536}, {"gfx1101", 32, 65536}, {"gfx1200", 32, 65536}, {"gfx1201", 32, 65536},
};

static void amd_load_dialect(MlirContext ctx) {
  mlirDialectHandleLoadDialect(mlirGetDialectHandle__rocdl__(), ctx);
}

/* f32 functions the AMDGPU backend selects (v_exp_f32, v_log_f32, v_sin_f32, v_cos_f32 with
 * its range reduction) */
static const int amd_native_math[] = {KIR_OP_MATH_EXP,
                                      KIR_OP_MATH_EXP2,
                                      KIR_OP_MATH_LOG,
                                      KIR_OP_MATH_LOG2,
                                      KIR_OP_MATH_SIN,
                                      KIR_OP_MATH_COS,
                                      0};

static const GpuFamily rocdl_family = {
    .name = "AMDGPU",
    .load_dialect = amd_load_dialect,
    .thread_id = "rocdl.workitem.id.x",
    .block_id = {"rocdl.workgroup.id.x", "rocdl.workgroup.id.y", "rocdl.workgroup.id.z"},
    .grid_dim = {NULL, NULL, NULL},
    /* hsa_kernel_dispatch_packet_t: workgroup_size_x at 4 (u16), grid_size_x at 12 (u32) */
    .packet_intrinsic = "llvm.amdgcn.dispatch.ptr",
    .packet_as = 4,
    .packet_grid_offset = 12,
    .packet_block_offset = 4,
    .barrier = "rocdl.barrier",
    .kernel_attr = "rocdl.kernel",
    .threads_attr = "rocdl.flat_work_group_size",
    .threads_fmt = "\"%d,%d\"",
    .scope_gpu = "agent",
    .scope_cta = "workgroup",
    .scope_sys = "",
    .mathlib_prefix = NULL,
    .native_f32_math = amd_native_math,
    .printf_fn = NULL,
    .assert_fn = NULL,
    .meta_globals = true,
};

static bool configure(KccTargetConfig *cfg, const char *arch, const char *dflt, Diag *d) {
  const AmdArch *a = NULL;
  const char *want = *arch ? arch : dflt;
  char known[256] = "";
  for (size_t i = 0; i < sizeof amd_archs / sizeof *amd_archs; i++) {
    if (strcmp(want, amd_archs[i].name) == 0) a = &amd_archs[i];
    snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
             amd_archs[i].name);
  }
  if (!a) {
    diag_plain(d, "unknown AMDGPU architecture '%s' in -t %s:ARCH (known: %s)", want,
               cfg->target->name, known);
    return false;
  }
  snprintf(cfg->arch, sizeof cfg->arch, "%s", a->name);
  snprintf(cfg->triple, sizeof cfg->triple, "amdgcn-amd-amdhsa");
  snprintf(cfg->cpu, sizeof cfg->cpu, "%s", a->name);
  snprintf(cfg->features, sizeof cfg->features, "+wavefrontsize%d", a->wave);
  cfg->host = false;
  cfg->bitcode[0] = 0;
  cfg->dev = (KccDevice){
      .warp_size = a->wave,
      .max_threads = 1024,
      .shared_bytes = a->lds_bytes,
      .vector_bits = 128,
      .as_global = 1,
      .as_shared = 3,
      .as_constant = 4,
      .as_private = 5,
      .shuffles = true,
      .fp16 = true,
      .bf16 = false, /* LLVM computes bf16 in f32 */
      .fp64 = true,
      .atomics64 = true,
  };
  return true;
}

static bool amd_configure(KccTargetConfig *cfg, const char *arch, Diag *d) {
  return configure(cfg, arch, "gfx942", d);
}

static bool dcu_configure(KccTargetConfig *cfg, const char *arch, Diag *d) {
  return configure(cfg, arch, "gfx906", d);
}

static void amd_init_once(void) {
  LLVMInitializeAMDGPUTargetInfo();
  LLVMInitializeAMDGPUTarget();
  LLVMInitializeAMDGPUTargetMC();
  LLVMInitializeAMDGPUAsmPrinter();
}

static void amd_init(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, amd_init_once);
}

static bool amd_lower(MlirModule m, const KccTargetConfig *cfg, Diag *d) {
  return gpu_lower(m, cfg, &rocdl_family, d);
}

static char *amd_print_stage(MlirModule m, const KccTargetConfig *cfg, const char *stage, Diag *d,
                             size_t *size) {
  return gpu_print_stage(m, cfg, &rocdl_family, stage, d, size);
}

static const char *const amd_stages[] = {"kgpu", "simt", "mlir-llvm", "llvm", "asm", "hsaco", NULL};

const KccTarget amdgpu_target = {
    .name = "amdgpu",
    .description = "AMD GPUs through LLVM AMDGPU: code objects (hsaco), one program per "
                   "workgroup (amdgpu[:gfx942|gfx90a|gfx906|gfx1100|...])",
    .kind = KCC_TARGET_SIMT,
    .artefact = KCC_ARTEFACT_HSACO,
    .stages = amd_stages,
    .init = amd_init,
    .configure = amd_configure,
    .lower = amd_lower,
    .emit = llvm_emit_so,
    .print_stage = amd_print_stage,
};

const KccTarget dcu_target = {
    .name = "dcu",
    .description = "Hygon DCUs (the amdgpu target, default gfx906): hsaco (dcu[:gfx906|...])",
    .kind = KCC_TARGET_SIMT,
    .artefact = KCC_ARTEFACT_HSACO,
    .stages = amd_stages,
    .init = amd_init,
    .configure = dcu_configure,
    .lower = amd_lower,
    .emit = llvm_emit_so,
    .print_stage = amd_print_stage,
};
