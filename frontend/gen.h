/*
 * gen.h - from a parsed module to verified kir: constexpr evaluation, the Triton typing rules,
 * specialisation and inlining of helper jit functions, and MLIR generation, in one walk over the
 * kernel's AST (like Triton's code generator, which calls its semantic layer as it visits).
 */
#ifndef KCC_FRONTEND_GEN_H
#define KCC_FRONTEND_GEN_H

#include "ast.h"
#include <mlir-c/IR.h>

typedef struct GenParam {
  const char *name;
  const char *type; /* Triton signature spelling: "*fp32", "i32", "u64", "fp16", "i1", ... */
  int divisibility; /* 16: the pointer's address / the integer is a multiple of 16 (the
                       signature's ":16"); 0: nothing known. Becomes the argument's
                       `kcc.divisibility = array<i64: 16>` */
} GenParam;

typedef struct GenRequest {
  const char *kernel; /* NULL: the file must hold exactly one kernel */
  /* Runtime parameter types ("name" -> "type"), from --signature. */
  const GenParam *sig;
  int nsig;
  /* Constexpr values as Python literal text ("BLOCK" -> "1024"), from -D; and the kernel's
   * environment, entries named "KEY NAME" ("global BLOCK" -> "1024", "module tl" ->
   * "triton.language", "function h_1" -> its source...: gen_env.c, kcc.h). */
  const GenParam *defs;
  int ndefs;
  bool debug; /* keep tl.device_assert */
  /* Launch parameters, put on the module as kcc.num_warps/num_stages/num_ctas (i32). */
  int num_warps, num_stages, num_ctas;
  bool check_bounds; /* put on the module as the unit attribute kcc.check_bounds */
} GenRequest;

typedef struct GenKernel {
  const char *name;
  GenParam *params; /* runtime parameters in order (arena-owned) */
  int nparams;
} GenKernel;

/* Generates the kernel named by `req` from `module` (a parse_module result) into a new module in
 * `ctx`. Returns a null module after reporting located errors to `d`. The result is verified. */
MlirModule gen_kernel(MlirContext ctx, Arena *a, Diag *d, const Node *module, const GenRequest *req,
                      GenKernel *out);

/* Lists the kernels (functions decorated with a jit decorator) of a module. */
int gen_list_kernels(const Node *module, const char **names, int cap);

#endif
