/*
 * gpu.h - the lowering shared by the LLVM GPU targets (nvidia, amdgpu): per-thread IR
 * (docs/simt.md, section 2) -> LLVM dialect, parameterised by a GpuFamily row. The row is the only
 * place where families differ: the ops of thread id / block id / grid size and the barrier, the
 * kernel attributes, the atomic sync scopes, the math library (libdevice) and the printf / assert
 * hooks. No target name appears in the shared code (lower.c, math.c, debug.c).
 */
#ifndef KCC_BACKENDS_GPU_H
#define KCC_BACKENDS_GPU_H

#include "target.h"
#include <mlir-c/IR.h>

typedef struct GpuB GpuB;

typedef struct GpuFamily {
  const char *name; /* "NVIDIA", "AMDGPU": in messages */
  /* Loads the family's MLIR dialect (NVVM, ROCDL) into a context. */
  void (*load_dialect)(MlirContext ctx);
  /* i32-valued ops without operands: thread id x, block id x/y/z, grid size x/y/z in blocks
   * (NULL: from the dispatch packet below) */
  const char *thread_id, *block_id[3], *grid_dim[3];
  /* the grid size from a dispatch packet (HSA): the intrinsic returning its address (in
   * address space packet_as), the byte offsets of the u32 grid size in threads and of the u16
   * block size in x; y and z follow */
  const char *packet_intrinsic;
  int packet_as, packet_grid_offset, packet_block_offset;
  const char *barrier; /* workgroup barrier op */
  /* kernel attributes on the llvm.func: a unit attribute, and the threads per block as
   * `threads_attr` = the attribute text made by threads_fmt (printf with the count, twice) */
  const char *kernel_attr, *threads_attr, *threads_fmt;
  /* LLVM sync scopes of Triton's atomic scopes gpu, cta, sys ("" is the system scope) */
  const char *scope_gpu, *scope_cta, *scope_sys;
  /* the prefix of the bitcode math library's functions ("__nv_": expf -> __nv_expf) */
  const char *mathlib_prefix;
  /* math ops (KirOpKind) the LLVM backend selects itself on f32 (ends with 0); others are
   * kcc's polynomials or the library */
  const int *native_f32_math;
  /* kir.print: the vprintf-style call, or NULL (then a located error) */
  const char *printf_fn;
  /* kir.assert: a call of assert_fn(msg, file, line, function, char size), or NULL: a trap */
  const char *assert_fn;
  bool meta_globals; /* kcc_meta_NAME constant globals (else only the module attribute) */
} GpuFamily;

/* kir -> kgpu -> per-thread IR -> LLVM dialect, in place. `mathlib` says whether the family's
 * bitcode math library will be linked (cfg->bitcode). The kcc-meta text of every kernel is
 * kept in the module attribute `kcc.meta` (an array of strings), and, with meta_globals, as
 * constant globals kcc_meta_NAME. */
bool gpu_lower(MlirModule m, const KccTargetConfig *cfg, const GpuFamily *fam, Diag *d);
/* Per-thread IR -> LLVM dialect only (the last step of gpu_lower). */
bool gpu_lower_to_llvm(MlirModule m, const KccTargetConfig *cfg, const GpuFamily *fam, Diag *d);
/* The kcc-meta texts kept by gpu_lower, as C comments ("/" "* kcc-meta 1 ... end *" "/\n"
 * each), malloc'd. */
char *gpu_meta_comments(MlirModule lowered);
/* The text of a GPU target's stage: kgpu, simt, mlir-llvm, llvm, asm (after lowering with fam);
 * other stages return NULL without a diagnostic for the target to handle. */
char *gpu_print_stage(MlirModule m, const KccTargetConfig *cfg, const GpuFamily *fam,
                      const char *stage, Diag *d, size_t *size);
/* Writes len bytes to path; false + diag. */
bool gpu_write_file(const char *path, const char *data, size_t len, Diag *d);
/* Runs argv (argv[0] a path) with stdout+stderr captured into *out (malloc'd); exit status or
 * -1 when it cannot run. */
int gpu_run_tool(char *const argv[], char **out);

/* ---- inside the lowering (lower.c, math.c, debug.c) ------------------------------------------ */
struct GpuB {
  MlirContext ctx;
  MlirModule mod;
  const KccTargetConfig *cfg;
  const GpuFamily *fam;
  Diag *d;
  void *cb;     /* the CpuB builder (backends/cpu/cpu.h) */
  bool mathlib; /* the bitcode math library is linked */
  bool failed;
  int nstrings; /* string globals made so far */
};

/* A located error about op. */
void gpu_fail(GpuB *g, MlirOperation op, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Declares `func.func private @name` of type `fn_type` (text, e.g. "(!llvm.ptr) -> i32") once. */
void gpu_declare(GpuB *g, const char *name, const char *fn_type);
/* func.call @name(args) with one result of type res (null type: none). */
MlirValue gpu_call(GpuB *g, const char *name, int n, const MlirValue *args, MlirType res);
/* The address of a new constant string global holding s (NUL-terminated). */
MlirValue gpu_string(GpuB *g, const char *s, size_t len);
/* Replaces a math op (op kind k) by its computation at the builder; false when not a math op
 * handled here (it stays for convert-math-to-llvm). */
bool gpu_lower_math(GpuB *g, MlirOperation op, int k);
/* kir.print / kir.assert. */
void gpu_lower_print(GpuB *g, MlirOperation op);
void gpu_lower_assert(GpuB *g, MlirOperation op);

#endif
