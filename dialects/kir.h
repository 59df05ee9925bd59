/*
 * kir.h - the MLIR side of kcc shared by the frontend's generator, the passes, the backends and
 * the tools: context set-up (dialects registered, kir loaded from IRDL), diagnostics routed to
 * a Diag, small builder helpers over the MLIR C API, and the verifier.
 */
#ifndef KCC_DIALECTS_KIR_H
#define KCC_DIALECTS_KIR_H

#include "diag.h"
#include "kir_limits.h"
#include <mlir-c/Diagnostics.h>
#include <mlir-c/IR.h>
#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <stdbool.h>
#include <stddef.h>

/* Creates a context with func, arith, math, scf, cf, tensor, memref, vector, gpu, llvm, irdl
 * registered and loaded, and the kir dialect loaded from its embedded IRDL definition. Returns a
 * null context (and reports to d) if the definition does not load. */
MlirContext kir_context_create(Diag *d);
void kir_context_destroy(MlirContext ctx);

/* While `d` is attached, MLIR diagnostics on `ctx` become located kcc errors in `d` (using the
 * FileLineCol location of the op, and the source text when the file is known). */
typedef struct KirDiagScope {
  MlirContext ctx;
  MlirDiagnosticHandlerID id;
  Diag *d;
  const SourceFile *file;
} KirDiagScope;
/* The first FileLineCol location inside `loc` (through fused / name / callsite locs), found by
 * parsing its printed form loc("file":L:C); false when it has none. */
bool kir_loc_file_line_col(MlirLocation loc, char *file, size_t fcap, int *line, int *col);
void kir_diag_attach(KirDiagScope *s, MlirContext ctx, Diag *d, const SourceFile *file);
void kir_diag_detach(KirDiagScope *s);

/* Builders. */
MlirLocation kir_loc(MlirContext ctx, Loc loc);
MlirType kir_ptr_type(MlirContext ctx, MlirType pointee);
bool kir_is_ptr_type(MlirType t);
MlirType kir_ptr_pointee(MlirType t);
MlirStringRef kir_str(const char *s);
MlirAttribute kir_named_i32(MlirContext ctx, int64_t v);
MlirNamedAttribute kir_attr(MlirContext ctx, const char *name, MlirAttribute a);

/* Creates an op `name` at `loc` with operands, result types and attributes, inserts it at the end
 * of `block` (when not null) and returns it. */
MlirOperation kir_op(MlirBlock block, const char *name, MlirLocation loc, intptr_t nops,
                     const MlirValue *ops, intptr_t nres, const MlirType *res, intptr_t nattrs,
                     const MlirNamedAttribute *attrs);

/* Checks the rules of docs/kir.md that IRDL cannot state. Reports located errors to d. */
bool kir_verify(MlirModule m, Diag *d);

/* The "kcc-meta 1" text of a kernel func (meta.c): name, parameters (arg_attrs kcc.name and
 * kcc.type), threads per program (kcc.threads), shared bytes (kcc.shared) and the pointer
 * parameters it writes through, ending "end\n".
 * malloc'd, NUL-terminated; *len (when not NULL) excludes the NUL. */
char *kir_kernel_meta(MlirOperation kernel, size_t *len);
/* Sets writes[i] (one per argument of the kernel func) when the kernel may write memory through
 * pointer argument i: the pointer operands of kir.store / kir.atomic_* traced back to arguments;
 * when a trace is lost, every pointer argument is marked (meta.c). */
void kir_kernel_param_writes(MlirOperation kernel, bool *writes);

/* Prints an op (generic form for kir ops, with locations when `locs`) to a malloc'd string. */
char *kir_print(MlirOperation op, bool locs);

/* ---- the op table (kir_ops.def) ---------------------------------------------------------------
 * Every op that may appear in kir has a kind, a name and flag bits; backends and the verifier
 * switch on the kind instead of comparing names. */
typedef enum KirOpKind {
  KIR_OP_UNKNOWN,
#define KIR_OP(ID, NAME, DIALECT, FLAGS) KIR_OP_##ID,
#include "kir_ops.def"
  KIR_OP_COUNT
} KirOpKind;

typedef enum KirDialect {
  KIR_D_KIR,
  KIR_D_ARITH,
  KIR_D_MATH,
  KIR_D_SCF,
  KIR_D_FUNC,
  KIR_D_GPU
} KirDialect;

enum {
  /* result element i is a function of element i of each operand (scalars are splats) */
  KIR_F_ELEMWISE = 1u << 0,
  /* moves elements without computing (broadcast, expand_dims, reshape, trans, join, split) */
  KIR_F_SHAPE = 1u << 1,
  /* element i is a function of its index alone (arange) */
  KIR_F_INDEXED = 1u << 2,
  KIR_F_READS = 1u << 3,  /* reads memory through a pointer operand */
  KIR_F_WRITES = 1u << 4, /* writes memory through a pointer operand */
  /* costly to recompute per use: a tile used several times is worth a buffer (divisions,
   * transcendental math; loads decide by their addresses) */
  KIR_F_COSTLY = 1u << 5,
  /* division or remainder: the integer forms must not trap (docs/kir.md) */
  KIR_F_DIVREM = 1u << 6,
  /* associative and commutative float op: a reduction combiner may reassociate it */
  KIR_F_REASSOC = 1u << 7,
  /* consumes whole tiles (a loop over their elements); tile results live in buffers */
  KIR_F_SINK = 1u << 8,
  KIR_F_REGION = 1u << 9,     /* holds regions (loops, ifs, functions, combiners) */
  KIR_F_TERMINATOR = 1u << 10 /* ends a region */
};
/* An element of the result can be computed alone, on demand: what a backend may fuse. */
#define KIR_F_PER_ELEMENT (KIR_F_ELEMWISE | KIR_F_SHAPE | KIR_F_INDEXED)

/* The kind of op (KIR_OP_UNKNOWN for ops not in the table and for a null op). One hash of the
 * name and one comparison. */
KirOpKind kir_op_kind(MlirOperation op);
/* A kernel: a func.func with the unit attribute kcc.kernel. */
bool kir_is_kernel(MlirOperation op);
/* The dimension (0..2 for x..z) of gpu.thread_id / block_id / grid_dim, from its printed
 * #gpu<dim x>; -1 when it has none. */
int kir_gpu_dim(MlirOperation op);
/* The kind of an op name (KIR_OP_UNKNOWN when it is not in the table). */
KirOpKind kir_op_kind_of_name(MlirStringRef name);
const char *kir_op_name(KirOpKind k);
unsigned kir_op_flags(KirOpKind k);
KirDialect kir_op_dialect(KirOpKind k);
/* "elemwise,reads,..." for flags f (the spelling of `kcc-opt --list-ops`) into buf. */
const char *kir_op_flags_str(unsigned f, char *buf, size_t cap);

#endif
