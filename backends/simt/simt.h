/*
 * simt.h - the SIMT lowering shared by every GPU target (docs/simt.md): layout assignment
 * (kir -> kgpu: layouts in the tensor types' encodings, kgpu.convert_layout where producer and
 * consumer disagree) and the per-thread lowering (kgpu -> per-thread IR: scalars, gpu ids and
 * barriers, scf/arith/math, scalar kir memory ops, workgroup memrefs). Both read only the device
 * description and launch parameters of the target config, never a target's name.
 */
#ifndef KCC_BACKENDS_SIMT_H
#define KCC_BACKENDS_SIMT_H

#include "target.h"

/* kir -> kgpu, in place. Records kgpu.num_warps / kgpu.warp_size on the module. */
bool simt_assign_layouts(MlirModule m, const KccTargetConfig *cfg, Diag *d);
/* kgpu -> per-thread IR, in place (docs/simt.md, section 2). */
bool simt_lower(MlirModule m, const KccTargetConfig *cfg, Diag *d);

/* The SIMT stages of a GPU target's print_stage hook: runs the layout and per-thread steps on m
 * up to `stage` and returns the printed module when stage is "kgpu" or "simt" (malloc'd, *size
 * its length); for a later stage runs both steps, sets *later and returns NULL. NULL + diag on
 * failure. */
char *simt_print_stage(MlirModule m, const KccTargetConfig *cfg, const char *stage, Diag *d,
                       size_t *size, bool *later);

/* The passes for kcc-opt, with the launch parameters taken from the module (kcc.num_warps) and
 * the warp size from `kgpu.warp_size` or `warp_size` (a target's default); simt-lower takes the
 * device's `mma` (KCC_MMA_*) from the module attribute `kgpu.mma` (default 0: none) and 32 KiB of
 * workgroup memory. */
bool simt_assign_layouts_pass(MlirModule m, int warp_size, Diag *d);
bool simt_lower_pass(MlirModule m, Diag *d);

#endif
