/*
 * lower_internal.h - the state of the per-thread lowering (docs/simt.md, section 2), shared by
 * lower.c (the walk, the builder, elementwise ops, control flow) and lower_tile.c (the steps
 * through workgroup memory: conversions, shape ops, reductions, scans, sorts and dot).
 *
 * Every kgpu value maps to its registers: one scalar SSA value per register of its layout (a
 * scalar maps to one). New ops are appended to `blk` (before `anchor` when it is set); values
 * every op may need (thread positions, workgroup buffers) are created in the kernel's entry
 * block before `prologue`, so they dominate everything.
 */
#ifndef KCC_BACKENDS_SIMT_LOWER_INTERNAL_H
#define KCC_BACKENDS_SIMT_LOWER_INTERNAL_H

#include "kir.h"
#include "layout.h"
#include "simt.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

typedef struct Regs {
  MlirValue *v;
  int64_t n;
} Regs;

typedef struct MapEntry {
  const void *key;
  Regs regs;
} MapEntry;

typedef struct ThreadPos { /* a layout's thread offsets tp_d = pos_d * spt_d (i32) */
  Layout l;
  MlirValue tp[LAYOUT_MAX_RANK];
} ThreadPos;

typedef struct LocalBuf {
  MlirType elem; /* memory element type */
  int64_t n;
  int use; /* its byte offset in the pool */
  MlirValue buf;
} LocalBuf;

/* At most SIMT_MAX_REGS registers per thread for one tile: the per-thread code is unrolled over
 * them, so this bounds the size of what a device compiler gets (a located error beyond). */
enum { SIMT_MAX_REGS = 1024, SIMT_MAX_BUFS = 64, SIMT_MAX_POS = 64 };

typedef struct Lower {
  MlirContext ctx;
  Diag *d;
  bool failed;
  int warp, nwarps, threads;
  int mma; /* KccDevice.mma: how dot uses warp matrix multiply-accumulate (mma.c) */
  int64_t max_shared, shared;
  MlirBlock blk;
  MlirOperation anchor;
  MlirLocation loc;
  MlirBlock entry;
  MlirOperation prologue;
  MlirValue tid, lane, wid; /* i32 */
  MapEntry *map;
  size_t map_cap, map_len;
  ThreadPos pos[SIMT_MAX_POS];
  int npos;
  LocalBuf bufs[SIMT_MAX_BUFS];
  int nbufs;
  MlirValue pool; /* memref<B x i8, 3> */
} Lower;

/* ---- lower.c: errors, values, the builder ---------------------------------------------------- */
void lw_fail(Lower *L, MlirOperation op, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The tile of a tensor value with a layout; false + error when it has none or needs more than
 * SIMT_MAX_REGS registers per thread. */
bool lw_tile(Lower *L, MlirOperation op, MlirValue v, Tile *t);
Regs lw_regs(Lower *L, MlirValue v);
MlirValue lw_scalar(Lower *L, MlirValue v);
Regs lw_new_regs(Lower *L, MlirValue v, int64_t n); /* allocates v's registers (to fill) */
void lw_set_scalar(Lower *L, MlirValue v, MlirValue s);

MlirOperation lw_op(Lower *L, const char *name, intptr_t nops, const MlirValue *ops, intptr_t nres,
                    const MlirType *res, intptr_t nattrs, const MlirNamedAttribute *attrs);
MlirValue lw_op1(Lower *L, const char *name, intptr_t nops, const MlirValue *ops, MlirType res);
MlirNamedAttribute lw_nattr(Lower *L, const char *name, MlirAttribute a);
MlirType lw_i(Lower *L, unsigned w);
MlirValue lw_ci(Lower *L, unsigned w, int64_t v);
MlirValue lw_cidx(Lower *L, int64_t v);
MlirValue lw_bin(Lower *L, const char *name, MlirValue x, MlirValue y);
MlirValue lw_cmpi(Lower *L, const char *pred, MlirValue x, MlirValue y);
MlirValue lw_select(Lower *L, MlirValue c, MlirValue x, MlirValue y);
MlirValue lw_and(Lower *L, MlirValue x, MlirValue y); /* either may be null (true) */
MlirValue lw_to_index(Lower *L, MlirValue i32v);
void lw_barrier(Lower *L);

/* scf.if without results around the ops built between lw_if_begin and lw_if_end. */
typedef struct LwSaved {
  MlirBlock blk;
  MlirOperation anchor;
} LwSaved;
LwSaved lw_if_begin(Lower *L, MlirValue cond);
void lw_if_end(Lower *L, LwSaved s);
/* scf.for over i32 [lb, ub) by step with n carried values. */
typedef struct LwFor {
  MlirOperation op;
  LwSaved saved;
} LwFor;
LwFor lw_for_begin(Lower *L, MlirValue lb, MlirValue ub, MlirValue step, int n,
                   const MlirValue *init, MlirValue *iv, MlirValue *args);
void lw_for_end(Lower *L, LwFor *f, int n, const MlirValue *yield, MlirValue *results);

/* ---- threads and registers ------------------------------------------------------------------ */
const ThreadPos *lw_pos(Lower *L, const Layout *l);
/* The tile coordinates (i32, one per tile dimension) of register r; `exp` (may be NULL) gets the
 * expanded ones. */
void lw_coords(Lower *L, const Tile *t, int64_t r, MlirValue *coords, MlirValue *exp);
/* Whether this thread owns register r (null: always). */
MlirValue lw_owner(Lower *L, const Tile *t, int64_t r);
/* Row-major linear index (i32) of tile coordinates. */
MlirValue lw_linear(Lower *L, int rank, const int64_t *shape, const MlirValue *coords);
/* Thread 0 (i1). */
MlirValue lw_thread0(Lower *L);

/* ---- workgroup memory -------------------------------------------------------------------------
 * A buffer of n elements (i1 kept as i8, pointers as i64) at byte offset *off of the kernel's
 * workgroup pool; *off advances past it (16-byte aligned). A step that needs several buffers at
 * once starts from 0 and passes the same offset along. Loads and stores convert to and from the
 * memory type. Null (and a reported error) when the pool would exceed the target's memory. */
MlirValue lw_buf(Lower *L, MlirOperation op, MlirType elem, int64_t n, int64_t *off);
void lw_mstore(Lower *L, MlirValue buf, MlirValue idx_i32, MlirValue v);
MlirValue lw_mload(Lower *L, MlirValue buf, MlirValue idx_i32, MlirType elem);
/* Bytes lw_buf takes for n elements of elem (rounded up to 16). */
int64_t lw_buf_bytes(Lower *L, MlirType elem, int64_t n);

/* ---- lower_tile.c ------------------------------------------------------------------------------
 */
/* Owners of t's registers `in` write them to buf at the row-major index lin(coords) * scale + add;
 * lw_read_tile makes the registers of `res` (tile t) from buf at lin(coords). */
void lw_write_tile(Lower *L, const Tile *t, Regs in, MlirValue buf, int64_t scale, int64_t add);
void lw_read_tile(Lower *L, const Tile *t, MlirValue buf, MlirValue res);
void lw_convert(Lower *L, MlirOperation op); /* kgpu.convert_layout, reshape, trans */
void lw_join(Lower *L, MlirOperation op);
void lw_split(Lower *L, MlirOperation op);
void lw_reduce(Lower *L, MlirOperation op);
void lw_scan(Lower *L, MlirOperation op);
void lw_sort(Lower *L, MlirOperation op);
void lw_dot(Lower *L, MlirOperation op);
/* mma.c: dot through warp matrix multiply-accumulate when L->mma allows it for this dot (false:
 * nothing was built, use the FMA loop). */
bool lw_dot_mma(Lower *L, MlirOperation op);
/* Inlines the combiner region of a reduce/scan: out = combine(lhs, rhs), n values each. */
void lw_combine(Lower *L, MlirOperation op, int n, const MlirValue *lhs, const MlirValue *rhs,
                MlirValue *out);
/* Lowers the ops of a block (lower.c). */
void lw_block(Lower *L, MlirBlock b);

#endif
