/*
 * layout.h - layouts of the SIMT lowering (docs/simt.md, section 1): which thread of a workgroup
 * holds which elements of a tile. A layout is a blocked layout of rank `rank` (elements per
 * thread, threads per warp, warps per workgroup, order) with some dimensions sliced away (the
 * results of reductions). It lives in the tensor type's encoding as a dictionary attribute:
 *   {kgpu = "blocked", spt = array<i32: ..>, tpw = array<i32: ..>, wpc = array<i32: ..>,
 *    order = array<i32: ..>}
 *   {kgpu = "slice", dim = D : i32, parent = <layout>}
 *
 * A tile of shape S in layout L is seen through its *expanded shape* E: S with an extent 1
 * inserted at every sliced dimension, so that every layout is a blocked layout over E. A
 * thread's registers are enumerated dimension by dimension in `order` (fastest first), regs[d] in
 * dimension d (1 for sliced dimensions); register index j in dimension d holds the element at
 *   coord_d = (j / spt_d) * cover_d + j % spt_d + pos_d * spt_d   (mod E_d)
 * where cover_d = spt_d * tpw_d * wpc_d and pos_d = warp_d * tpw_d + lane_d is the thread's
 * position along d. When the value before the mod reaches E_d the thread holds a replica.
 */
#ifndef KCC_BACKENDS_SIMT_LAYOUT_H
#define KCC_BACKENDS_SIMT_LAYOUT_H

#include "kir_limits.h"
#include <mlir-c/IR.h>
#include <stdbool.h>
#include <stdint.h>

#define LAYOUT_MAX_RANK (KIR_MAX_RANK + 1)

typedef struct Layout {
  int rank;                   /* of the blocked layout (the expanded shape) */
  int spt[LAYOUT_MAX_RANK];   /* elements per thread */
  int tpw[LAYOUT_MAX_RANK];   /* threads per warp (product: the warp size) */
  int wpc[LAYOUT_MAX_RANK];   /* warps per workgroup (product: num_warps) */
  int order[LAYOUT_MAX_RANK]; /* dimensions, fastest first */
  unsigned sliced;            /* bit d: dimension d is sliced away */
} Layout;

/* A tile type seen through its layout. */
typedef struct Tile {
  Layout l;
  int rank;                       /* of the tile (l.rank minus the sliced dimensions) */
  int64_t shape[LAYOUT_MAX_RANK]; /* the tile's shape */
  int64_t ext[LAYOUT_MAX_RANK];   /* the expanded shape (1 at sliced dimensions) */
  int64_t regs[LAYOUT_MAX_RANK];  /* registers per thread in each expanded dimension */
  int64_t nregs;                  /* registers per thread */
  int64_t numel;                  /* elements of the tile */
  MlirType elem;                  /* element type */
} Tile;

/* Reads the layout of a tensor type's encoding; false when it has none (or a malformed one). */
bool layout_of_type(MlirType t, Layout *l);
/* Fills *t for a tensor type with a layout; false when it has none. */
bool tile_of_type(MlirType type, Tile *t);
/* The encoding attribute of l. */
MlirAttribute layout_attr(MlirContext ctx, const Layout *l);
/* The tensor type `t` (shape and element type) with layout l. */
MlirType layout_type(MlirType t, const Layout *l);
bool layout_equal(const Layout *a, const Layout *b);

/* The default blocked layout of a shape: order fastest-last-dimension first, `vec` elements per
 * thread along it (reduced so that the workgroup still covers the tile), threads of a warp along
 * the fastest dimensions first, then warps. */
Layout layout_default(int rank, const int64_t *shape, int warp_size, int num_warps, int vec);
/* l with tile dimension `dim` (an index into the tile's dimensions) sliced away. */
Layout layout_slice(const Layout *l, int dim);
/* The expanded dimension of tile dimension `dim`. */
int layout_expanded_dim(const Layout *l, int dim);

/* Register index <-> per-dimension register indices (over the expanded dimensions). */
void tile_reg_split(const Tile *t, int64_t r, int64_t *j);
int64_t tile_reg_join(const Tile *t, const int64_t *j);
/* The constant part of the coordinate of register index j in expanded dimension d. */
int64_t tile_reg_offset(const Tile *t, int d, int64_t j);
/* Whether a thread position can hold a replica in expanded dimension d (cover exceeds E_d, or
 * the dimension is sliced). */
bool tile_dim_wraps(const Tile *t, int d);

/* Reports a located error at op ("FILE:LINE:COL: error: MSG '<op name>'") through MLIR's
 * diagnostics, which the caller routes to its Diag. */
void simt_error(MlirOperation op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Small helpers of the SIMT passes: a ranked tensor, an integer module attribute (dflt when
 * absent), ceil(log2(v)). */
bool simt_is_tensor(MlirValue v);
int simt_module_int(MlirOperation module, const char *name, int dflt);
int simt_log2(int64_t v);

/* Printed form "blocked{spt=[..] tpw=[..] wpc=[..] order=[..]}" for diagnostics. */
void layout_format(const Layout *l, char *buf, size_t cap);

#endif
