/*
 * passes.c - the SIMT lowering's kcc-opt passes, shared by every GPU target: --kgpu-layout
 * (kir -> kgpu, warp size from the module's kgpu.warp_size or 32) and --simt-lower (kgpu ->
 * per-thread IR).
 */
#include "simt.h"

static bool layout_pass(MlirModule m, Diag *d) {
  return simt_assign_layouts_pass(m, 32, d);
}

const KirPass simt_passes[] = {
    {"kgpu-layout", "assign SIMT layouts (kir -> kgpu; kcc.num_warps, warp size 32)", layout_pass},
    {"simt-lower", "lower kgpu to per-thread IR (scalars, gpu ids, workgroup memory)",
     simt_lower_pass},
    {NULL, NULL, NULL},
};
