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
 * kcc.type), threads per program (kcc.threads) and shared bytes (kcc.shared), ending "end\n".
 * malloc'd, NUL-terminated; *len (when not NULL) excludes the NUL. */
char *kir_kernel_meta(MlirOperation kernel, size_t *len);

/* Prints an op (generic form for kir ops, with locations when `locs`) to a malloc'd string. */
char *kir_print(MlirOperation op, bool locs);

#endif
