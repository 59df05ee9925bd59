/*
 * kir_limits.h - the limits of kir, in one place. The frontend refuses a kernel that exceeds them
 * with a located error where it builds the value, and the verifier (verify.c) refuses kir that
 * exceeds them, so a hand-written or damaged module never reaches a lowering. Lowerings size
 * their fixed arrays from these numbers. Plain C: the MLIR-free frontend includes it too.
 */
#ifndef KCC_DIALECTS_KIR_LIMITS_H
#define KCC_DIALECTS_KIR_LIMITS_H

/* Dimensions of a tile. */
#define KIR_MAX_RANK 4
/* Elements of one tile (Triton's TRITON_MAX_TENSOR_NUMEL, 2^20). */
#define KIR_MAX_TILE_ELEMS (1 << 20)
/* Kernels (func.func with kcc.kernel) in one module. */
#define KIR_MAX_KERNELS 64
/* Operands of one kir.reduce / kir.scan (see kir.irdl.mlir). */
#define KIR_MAX_REDUCE_OPERANDS 6

/* ---- Frontend limits ------------------------------------------------------------------------
 * The compiler never dies on its input: every input that would make it overflow the stack, grow
 * without bound or run for hours is refused with a located error instead. These numbers are far
 * above what real kernels use (the examples, the tutorials and FlagGems' kernels stay below 1/10
 * of each). The parser's nesting depth is PARSE_MAX_DEPTH (frontend/ast.h). */

/* Bytes of one source text (the CLI reads at most this many + 1; the parser refuses more). */
#define KCC_MAX_SOURCE_BYTES (16u << 20)
/* Recursion depth of the generator's walk: nested expressions (postfix chains such as
 * `x[0][0]...` or `y.to(t).to(t)...` count one level per link), statements and inlined calls
 * together. The C stack grows with it; beyond it: "expression too deeply nested". */
#define GEN_MAX_NEST 1000
/* Nesting of tuple values (`t = (t, x)` in an unrolled loop) and of pointer dtypes: the walks over
 * values recurse on them. */
#define GEN_MAX_VALUE_NEST 200
/* Depth of inlined @jit / constexpr-function calls (recursion ends here). */
#define GEN_MAX_INLINE_DEPTH 64
/* Inlined calls in one kernel, all depths together (helpers calling each other twice per level
 * grow exponentially). */
#define GEN_MAX_INLINED_CALLS 100000
/* Iterations of one tl.static_range, and of all tl.static_range loops of a kernel together
 * (nested loops multiply). */
#define GEN_MAX_UNROLL 4096
#define GEN_MAX_UNROLL_TOTAL 65536
/* Loop iterations run at compile time inside constexpr functions, all loops together. */
#define GEN_MAX_CONST_ITERS 1000000
/* Operations the generator emits for one kernel: the size of the kir module it builds. */
#define GEN_MAX_OPS 1000000

#endif /* KCC_DIALECTS_KIR_LIMITS_H */
