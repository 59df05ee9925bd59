/*
 * target.c - the `opencl` target: `-t opencl[:DEVICE]`. A program is one OpenCL workgroup; the
 * SIMT lowering (backends/simt: layouts, then per-thread IR) runs with this row's device
 * description, and the artefact is OpenCL C 1.2 source (clike.h with the OpenCL row), compiled
 * by the OpenCL driver at load time. DEVICE, when given, names the device to run on (a part of
 * its name, e.g. "pocl"); the source does not depend on it. Stages: kgpu, simt, src.
 * KCC_OPENCL_MMA=emulate (tests) lowers fp16/bf16 dots through emulated mma.sync fragments.
 */
#include "opencl.h"

#include "clike.h"
#include "kir.h"
#include "simt/simt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The OpenCL 1.2 minimums (local memory 32 KiB) and what every device of this target has. */
static bool opencl_configure(KccTargetConfig *cfg, const char *arch, Diag *d) {
  for (const char *c = arch; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          strchr(" _.+-", *c))) {
      diag_plain(d,
                 "bad OpenCL device name '%s' in -t opencl:DEVICE (letters, digits, ' ', '_', "
                 "'.', '+' and '-')",
                 arch);
      return false;
    }
  snprintf(cfg->arch, sizeof cfg->arch, "%s", arch);
  snprintf(cfg->triple, sizeof cfg->triple, "spir64-unknown-unknown");
  snprintf(cfg->cpu, sizeof cfg->cpu, "%s", arch);
  cfg->features[0] = 0;
  cfg->host = false;
  cfg->dev = (KccDevice){
      .warp_size = 32,
      .max_threads = 1024,
      .shared_bytes = 32768,
      .vector_bits = 128,
      .as_global = 1, /* SPIR's numbering */
      .as_shared = 3,
      .as_constant = 2,
      .as_private = 0,
      .shuffles = false,
      .fp16 = false, /* computed in float: no cl_khr_fp16 needed */
      .bf16 = false,
      .fp64 = true,
      .atomics64 = true,
      .mma = KCC_MMA_NONE,
  };
  /* A test of the mma path of tl.dot on any OpenCL device (docs/simt.md, "dot"): the fragments
   * of mma.sync m16n8k16, each instruction emulated through workgroup memory. The feature string
   * is part of the kernel cache key, so cached artefacts of either mode never mix. */
  const char *mma = getenv("KCC_OPENCL_MMA");
  if (mma && *mma) {
    if (strcmp(mma, "emulate") != 0) {
      diag_plain(d, "KCC_OPENCL_MMA='%s': the only mode is 'emulate'", mma);
      return false;
    }
    cfg->dev.mma = KCC_MMA_EMULATED;
    snprintf(cfg->features, sizeof cfg->features, "+mma-emulated");
  }
  return true;
}

static bool opencl_lower(MlirModule m, const KccTargetConfig *cfg, Diag *d) {
  return simt_assign_layouts(m, cfg, d) && simt_lower(m, cfg, d);
}

static bool opencl_emit(MlirModule m, const KccTargetConfig *cfg, const char *path, Diag *d) {
  (void)cfg;
  size_t len = 0;
  char *src = clike_print_module(m, &clike_opencl, d, &len);
  if (!src) return false;
  FILE *f = fopen(path, "wb");
  bool ok = f && fwrite(src, 1, len, f) == len;
  if (f && fclose(f) != 0) ok = false;
  if (!ok) diag_plain(d, "cannot write '%s': %s", path, strerror(errno));
  free(src);
  return ok;
}

/* kgpu and simt print the module after the step of that name; src is the OpenCL C. */
static char *opencl_print_stage(MlirModule m, const KccTargetConfig *cfg, const char *stage,
                                Diag *d, size_t *size) {
  bool later;
  char *s = simt_print_stage(m, cfg, stage, d, size, &later);
  if (!later) return s;
  return clike_print_module(m, &clike_opencl, d, size);
}

/* ---- kcc-opt ----------------------------------------------------------------------------------
 */
static bool pass_kgpu_layout(MlirModule m, Diag *d) {
  return simt_assign_layouts_pass(m, 32, d);
}

static char *print_opencl(MlirModule m, Diag *d, size_t *size) {
  return clike_print_module(m, &clike_opencl, d, size);
}

static const KirPass opencl_passes[] = {
    {"kgpu-layout", "kir -> kgpu: SIMT layouts (warp size from the module, else 32)",
     pass_kgpu_layout},
    {"simt-lower", "kgpu -> per-thread IR (docs/simt.md, section 2)", simt_lower_pass},
    {NULL, NULL, NULL},
};

static const KccPrinter opencl_printers[] = {
    {"emit-opencl", "per-thread IR -> OpenCL C 1.2 (the opencl target's src stage)", print_opencl},
    {NULL, NULL, NULL},
};

static const char *const opencl_stages[] = {"kgpu", "simt", "src", NULL};

const KccTarget opencl_target = {
    .name = "opencl",
    .description = "OpenCL 1.2 devices: OpenCL C source, one program per workgroup "
                   "(opencl[:DEVICE])",
    .kind = KCC_TARGET_SIMT,
    .artefact = KCC_ARTEFACT_SOURCE,
    .stages = opencl_stages,
    .passes = opencl_passes,
    .printers = opencl_printers,
    .init = NULL,
    .configure = opencl_configure,
    .lower = opencl_lower,
    .emit = opencl_emit,
    .print_stage = opencl_print_stage,
};
