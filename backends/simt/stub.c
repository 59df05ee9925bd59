/* Temporary: replaced by the SIMT lowering (layout.c, assign.c, lower*.c). */
#include "simt.h"

bool simt_assign_layouts(MlirModule m, const KccTargetConfig *cfg, Diag *d) {
  (void)m, (void)cfg;
  diag_plain(d, "the SIMT lowering is not built yet");
  return false;
}
bool simt_lower(MlirModule m, const KccTargetConfig *cfg, Diag *d) {
  (void)m, (void)cfg;
  diag_plain(d, "the SIMT lowering is not built yet");
  return false;
}
bool simt_assign_layouts_pass(MlirModule m, int warp_size, Diag *d) {
  (void)m, (void)warp_size;
  diag_plain(d, "the SIMT lowering is not built yet");
  return false;
}
bool simt_lower_pass(MlirModule m, Diag *d) {
  (void)m;
  diag_plain(d, "the SIMT lowering is not built yet");
  return false;
}
