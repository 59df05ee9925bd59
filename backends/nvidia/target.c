/*
 * target.c - the `nvidia` target: `-t nvidia[:sm_XX]` (default sm_80). A program is one CUDA
 * block of num_warps x 32 threads; the SIMT lowering and the shared GPU lowering (backends/gpu)
 * run with the NVVM family row below, LLVM's NVPTX backend prints PTX, and the artefact is that
 * PTX text after one `/ * kcc-meta 1 ... end * /` comment per kernel. libdevice
 * (nvvm/libdevice/libdevice.10.bc of a CUDA toolkit) is linked when found, for the math
 * functions; the `cubin` stage runs the toolkit's ptxas. The toolkit is looked for in
 * $CUDA_HOME, /usr/local/cuda and the directories of PATH. Stages: kgpu, simt, mlir-llvm, llvm,
 * ptx, cubin.
 */
#include "nvidia.h"

#include "gpu/gpu.h"
#include "kir.h"

#include <llvm-c/Target.h>
#include <mlir-c/Dialect/NVVM.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One row per architecture ptxas 13 accepts: the PTX ISA LLVM must at least emit for it, the
 * shared memory one block may use (the opt-in maximum of the CUDA programming guide), and
 * whether it has native bf16 arithmetic. Every row but sm_75 has mma.sync m16n8k16 for tl.dot. */
typedef struct NvArch {
  const char *name, *ptx;
  int64_t shared_bytes;
  bool bf16;
} NvArch;

static const NvArch nv_archs[] = {
    {"sm_75", "+ptx63", 65536, false},  {"sm_80", "+ptx70", 166912, false},
    {"sm_86", "+ptx71", 101376, false}, {"sm_89", "+ptx78", 101376, false},
    {"sm_90", "+ptx78", 232448, true},  {"sm_100", "+ptx86", 232448, true},
    {"sm_120", "+ptx87", 101376, true},
};

/* ---- the toolkit --------------------------------------------------------------------------------
 */
/* The toolkit directory holding `rel` (bin/ptxas, nvvm/libdevice/libdevice.10.bc): $CUDA_HOME,
 * /usr/local/cuda, then PARENT of every PATH directory (PATH=.../cuda/bin). `looked` lists the
 * places tried. */
static bool find_toolkit(const char *rel, char *out, size_t cap, char *looked, size_t lcap) {
  char cands[24][512];
  int n = 0;
  const char *home = getenv("CUDA_HOME");
  if (home && *home) snprintf(cands[n++], sizeof cands[0], "%s", home);
  snprintf(cands[n++], sizeof cands[0], "/usr/local/cuda");
  const char *path = getenv("PATH");
  for (const char *p = path ? path : ""; *p && n < 24;) {
    size_t len = strcspn(p, ":");
    if (len > 4 && len < 500 && strncmp(p + len - 4, "/bin", 4) == 0)
      snprintf(cands[n++], sizeof cands[0], "%.*s", (int)len - 4, p);
    p += len;
    if (*p == ':') p++;
  }
  size_t ln = 0;
  if (looked) looked[0] = 0;
  for (int i = 0; i < n; i++) {
    snprintf(out, cap, "%.400s/%.100s", cands[i], rel);
    if (access(out, R_OK) == 0) return true;
    if (looked && ln < lcap)
      ln += (size_t)snprintf(looked + ln, lcap - ln, "%s%s", ln ? ", " : "", out);
  }
  out[0] = 0;
  return false;
}

/* ---- the family row -----------------------------------------------------------------------------
 */
static void nv_load_dialect(MlirContext ctx) {
  mlirDialectHandleLoadDialect(mlirGetDialectHandle__nvvm__(), ctx);
}

static const int nv_native_math[] = {0}; /* NVPTX selects exp2/sin only as approximations */

static const GpuFamily nvvm_family = {
    .name = "NVIDIA",
    .load_dialect = nv_load_dialect,
    .thread_id = "nvvm.read.ptx.sreg.tid.x",
    .block_id = {"nvvm.read.ptx.sreg.ctaid.x", "nvvm.read.ptx.sreg.ctaid.y",
                 "nvvm.read.ptx.sreg.ctaid.z"},
    .grid_dim = {"nvvm.read.ptx.sreg.nctaid.x", "nvvm.read.ptx.sreg.nctaid.y",
                 "nvvm.read.ptx.sreg.nctaid.z"},
    .barrier = "nvvm.barrier0",
    .kernel_attr = "nvvm.kernel",
    .threads_attr = "nvvm.maxntid",
    .threads_fmt = "array<i32: %d, 1, 1>",
    .scope_gpu = "device",
    .scope_cta = "block",
    .scope_sys = "",
    .mathlib_prefix = "__nv_",
    .native_f32_math = nv_native_math,
    .printf_fn = "vprintf",
    .assert_fn = "__assertfail",
    .meta_globals = false,
};

/* ---- hooks --------------------------------------------------------------------------------------
 */
static bool nv_configure(KccTargetConfig *cfg, const char *arch, Diag *d) {
  const NvArch *a = NULL;
  const char *want = *arch ? arch : "sm_80";
  char known[256] = "";
  for (size_t i = 0; i < sizeof nv_archs / sizeof *nv_archs; i++) {
    if (strcmp(want, nv_archs[i].name) == 0) a = &nv_archs[i];
    snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
             nv_archs[i].name);
  }
  if (!a) {
    diag_plain(d, "unknown NVIDIA architecture '%s' in -t nvidia:ARCH (known: %s)", want, known);
    return false;
  }
  snprintf(cfg->arch, sizeof cfg->arch, "%s", a->name);
  snprintf(cfg->triple, sizeof cfg->triple, "nvptx64-nvidia-cuda");
  snprintf(cfg->cpu, sizeof cfg->cpu, "%s", a->name);
  snprintf(cfg->features, sizeof cfg->features, "%s", a->ptx);
  cfg->host = false;
  cfg->dev = (KccDevice){
      .warp_size = 32,
      .max_threads = 1024,
      .shared_bytes = a->shared_bytes,
      .vector_bits = 128,
      .as_global = 1,
      .as_shared = 3,
      .as_constant = 4,
      .as_private = 0, /* NVPTX allocas are generic; the backend moves them to local (5) */
      .shuffles = true,
      .fp16 = true,
      .bf16 = a->bf16,
      .fp64 = true,
      .atomics64 = true,
      .mma = strcmp(a->name, "sm_75") == 0 ? KCC_MMA_NONE : KCC_MMA_SM80,
  };
  find_toolkit("nvvm/libdevice/libdevice.10.bc", cfg->bitcode, sizeof cfg->bitcode, NULL, 0);
  return true;
}

static void nv_init_once(void) {
  LLVMInitializeNVPTXTargetInfo();
  LLVMInitializeNVPTXTarget();
  LLVMInitializeNVPTXTargetMC();
  LLVMInitializeNVPTXAsmPrinter();
}

static void nv_init(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, nv_init_once);
}

static bool nv_lower(MlirModule m, const KccTargetConfig *cfg, Diag *d) {
  return gpu_lower(m, cfg, &nvvm_family, d);
}

/* The artefact: the kcc-meta comments, then the PTX of the lowered module. */
static char *nv_ptx(MlirModule lowered, const KccTargetConfig *cfg, Diag *d, size_t *size) {
  size_t n = 0;
  char *ptx = llvm_emit_asm(lowered, cfg, d, &n);
  if (!ptx) return NULL;
  char *meta = gpu_meta_comments(lowered);
  size_t ml = strlen(meta);
  char *all = malloc(ml + n + 1);
  memcpy(all, meta, ml);
  memcpy(all + ml, ptx, n + 1);
  free(meta);
  free(ptx);
  *size = ml + n;
  return all;
}

static bool nv_emit(MlirModule m, const KccTargetConfig *cfg, const char *path, Diag *d) {
  size_t n;
  char *ptx = nv_ptx(m, cfg, d, &n);
  bool ok = ptx && gpu_write_file(path, ptx, n, d);
  free(ptx);
  return ok;
}

/* PTX -> cubin through ptxas (its messages under kcc's error). */
static char *nv_cubin(const char *ptx, size_t n, const KccTargetConfig *cfg, Diag *d,
                      size_t *size) {
  char ptxas[512], looked[2048];
  if (!find_toolkit("bin/ptxas", ptxas, sizeof ptxas, looked, sizeof looked)) {
    diag_plain(d,
               "the cubin stage needs a CUDA toolkit's ptxas; not found (looked for %s; set "
               "CUDA_HOME)",
               looked);
    return NULL;
  }
  const char *tmp = getenv("TMPDIR");
  char in[4096], out[4200];
  snprintf(in, sizeof in, "%s/kcc-ptx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemp(in);
  if (fd < 0) {
    diag_plain(d, "cannot create a temporary file in %s", tmp && *tmp ? tmp : "/tmp");
    return NULL;
  }
  close(fd);
  snprintf(out, sizeof out, "%s.cubin", in);
  char *res = NULL;
  if (gpu_write_file(in, ptx, n, d)) {
    char arch[80];
    snprintf(arch, sizeof arch, "-arch=%s", cfg->cpu);
    char *argv[] = {ptxas, arch, "-o", out, in, NULL};
    char *msg = NULL;
    int rc = gpu_run_tool(argv, &msg);
    if (rc != 0) {
      diag_plain(d, "%s %s failed (exit status %d):\n%s", ptxas, arch, rc, msg ? msg : "");
    } else {
      FILE *f = fopen(out, "rb");
      if (f && fseek(f, 0, SEEK_END) == 0) {
        long len = ftell(f);
        rewind(f);
        res = malloc((size_t)len + 1);
        if (res && fread(res, 1, (size_t)len, f) == (size_t)len) {
          res[len] = 0;
          *size = (size_t)len;
        } else {
          free(res), res = NULL;
        }
      }
      if (f) fclose(f);
      if (!res) diag_plain(d, "cannot read the cubin ptxas wrote to %s", out);
    }
    free(msg);
  }
  unlink(in);
  unlink(out);
  return res;
}

static char *nv_print_stage(MlirModule m, const KccTargetConfig *cfg, const char *stage, Diag *d,
                            size_t *size) {
  bool ptx = strcmp(stage, "ptx") == 0, cubin = strcmp(stage, "cubin") == 0;
  if (!ptx && !cubin) return gpu_print_stage(m, cfg, &nvvm_family, stage, d, size);
  if (!nv_lower(m, cfg, d)) return NULL;
  size_t n;
  char *text = nv_ptx(m, cfg, d, &n);
  if (!text || ptx) {
    if (text) *size = n;
    return text;
  }
  char *bin = nv_cubin(text, n, cfg, d, size);
  free(text);
  return bin;
}

static const char *const nv_stages[] = {"kgpu", "simt", "mlir-llvm", "llvm", "cubin", "ptx", NULL};

const KccTarget nvidia_target = {
    .name = "nvidia",
    .description = "NVIDIA GPUs through LLVM NVPTX: PTX, one program per block "
                   "(nvidia[:sm_75|sm_80|sm_86|sm_89|sm_90|sm_100|sm_120])",
    .kind = KCC_TARGET_SIMT,
    .artefact = KCC_ARTEFACT_PTX,
    .stages = nv_stages,
    .passes = NULL,
    .printers = NULL,
    .init = nv_init,
    .configure = nv_configure,
    .lower = nv_lower,
    .emit = nv_emit,
    .print_stage = nv_print_stage,
};
