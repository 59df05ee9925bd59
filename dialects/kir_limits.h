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

#endif /* KCC_DIALECTS_KIR_LIMITS_H */
