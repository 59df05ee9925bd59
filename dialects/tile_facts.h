/*
 * tile_facts.h - the shared tile analysis: target-independent facts about every SSA value of a
 * kir kernel, computed once and read by the lowerings (the CPU tile emitter to pick contiguous
 * or uniform tiles and fold masks; a SIMT lowering to coalesce and vectorise loads, where a
 * 128-bit access needs proofs of contiguity and alignment). In the spirit of Triton's AxisInfo,
 * written here from these definitions.
 *
 * A value of rank r (0 for a scalar) has n = max(r, 1) fact dimensions; a scalar is read as a
 * tile of shape [1]. Along dimension d of extent E (all other indices fixed):
 *
 *   contig[d] = c: a power of two dividing E such that for every index i with i % c == 0,
 *     v[i + j] == v[i] + j for 0 <= j < c (runs of consecutive values; for a pointer tile
 *     consecutive means one element apart, i.e. +sizeof(pointee) bytes). 1 = unknown.
 *   div[d] = g: a power of two (at most TILE_FACTS_MAX_DIV) dividing v[i] for every i with
 *     i % contig[d] == 0 (the first element of every run; with contig[d] == 1 every element).
 *     For a pointer it divides the address in bytes. 1 = unknown.
 *   constancy[d] = k: a power of two dividing E such that v[i + j] == v[i] for every i with
 *     i % k == 0 and 0 <= j < k. k == E: uniform along d. 1 = unknown.
 *
 *   has_range: every element lies in [lo, hi], bounds proved from constants (arange,
 *     constants, program ids, and/rem/div/min/max/shifts/casts of such, loop bounds). Integers
 *     (and index) only, read signed at their width, except i1, read as 0 (false) / 1 (true).
 *     Range arithmetic is exact: a result that could wrap has no range.
 *
 * Entries beyond n are 1. Soundness: every fact holds on every execution, except that
 * contiguity assumes the integer index arithmetic producing a run does not wrap around its
 * width (as Triton's AxisInfo and the CPU lowering's last_stride assume: a wrapped offset
 * addresses nothing valid). Unknown is always a sound answer.
 *
 * Inputs besides the ops: pointer arguments are aligned to their element size; a kernel argument
 * with `kcc.divisibility` in its arg_attrs (an integer or `array<i64: g>`) is divisible by g
 * (bytes, for a pointer); an op result carrying `kcc.divisibility`, `kcc.contiguity` or
 * `kcc.constancy` (`array<i64: ...>`, one entry per fact dimension; tl.multiple_of,
 * tl.max_contiguous, tl.max_constancy) has its facts raised to those values (rounded down to a
 * power of two, capped at the extent), and the raised facts propagate to its users. A hint whose
 * length does not match the value's fact dimensions is ignored.
 *
 * Control flow: scf.for induction variables get divisibility and range from lb/ub/step;
 * loop-carried values (scf.for iter_args and results) are the fixpoint of joining the initial
 * and yielded facts (a range that still grows after the first join is dropped; after 16 rounds
 * without a fixpoint they are unknown); scf.if results join both branches' yields (only the
 * taken branch's when the condition is a known constant); scf.while carried values are unknown
 * on entry to the before region and its results are the condition's operands. Values defined
 * inside other regions (reduce/scan combiners) are analysed with unknown block arguments.
 * kir.load results are unknown.
 */
#ifndef KCC_DIALECTS_TILE_FACTS_H
#define KCC_DIALECTS_TILE_FACTS_H

#include "kir_limits.h"
#include <mlir-c/IR.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest divisibility recorded (what 0 gets, and the cap of every product). */
#define TILE_FACTS_MAX_DIV ((int64_t)1 << 30)

typedef struct TileFact {
  int rank; /* of the value: 0 for scalars (one fact dimension) */
  int64_t contig[KIR_MAX_RANK], div[KIR_MAX_RANK], constancy[KIR_MAX_RANK];
  bool has_range;
  int64_t lo, hi; /* 0 when !has_range */
} TileFact;

typedef struct TileFacts TileFacts;

/* Analyses one kernel (a func.func, usually with kcc.kernel). Never NULL. */
TileFacts *tile_facts_run(MlirOperation kernel_func);
/* The facts of v; never NULL: a value the analysis did not see has unknown facts of its rank. */
const TileFact *tile_facts_get(const TileFacts *f, MlirValue v);
void tile_facts_free(TileFacts *f);

/* Every element of v is the same (constancy == extent along every dimension; scalars). */
bool tile_facts_uniform(const TileFacts *f, MlirValue v);
/* Along the last dimension: 0 when v does not move (uniform along it, extent 1 or a scalar),
 * 1 when the whole dimension is one run of consecutive values, -1 otherwise (the CPU lowering's
 * last_stride). */
int tile_facts_last_stride(const TileFacts *f, MlirValue v);
/* Whether v has a known range; sets *lo, *hi. */
bool tile_facts_range(const TileFacts *f, MlirValue v, int64_t *lo, int64_t *hi);
/* How many consecutive elements along the last dimension one thread may access with one aligned
 * vector access of at most max_bytes through the pointer tile ptr: the largest power of two v
 * with v <= contig, v * sizeof(pointee) <= max_bytes and the address of every v-th element
 * divisible by v * sizeof(pointee); with a mask (null for none), also v <= its constancy, so a
 * vector is all live or all dead. 1 for scalars or when nothing is known. */
int64_t tile_facts_vector_width(const TileFacts *f, MlirValue ptr, MlirValue mask,
                                int64_t max_bytes);

/* Writes "contig=[1, 128] div=[16, 16] const=[1, 1] range=[0, 127]" (rank 0: "div=16 range=[0,
 * 7]"; no range part when unknown) to buf; returns what snprintf returns. */
int tile_facts_format(const TileFact *t, char *buf, size_t n);
/* The --tile-facts pass: analyses every kcc.kernel func of the module op and sets on each op
 * `kcc.facts` (a string for one result, an array of strings for several) and on ops whose first
 * region has block arguments (func.func, scf.for, ...) `kcc.arg_facts` (an array of strings);
 * pointer tiles also show " vec16=N", tile_facts_vector_width(.., 16) without a mask, and
 * kir.load / kir.store of tiles get `kcc.vec16 = N : i64`, the same with their mask. */
void tile_facts_annotate(MlirOperation module);

#endif /* KCC_DIALECTS_TILE_FACTS_H */
