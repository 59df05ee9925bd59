/*
 * targets.c - the target registry: a table of KccTarget structs, looked up by the part of a
 * target spec before ':' ("cpu:aarch64" -> cpu, arch "aarch64"), then configured
 * by the target; the launch-parameter checks against the device description; the lookup of
 * passes across kir and every target.
 */
#include "amdgpu/amdgpu.h"
#include "cpu/cpu.h"
#include "nvidia/nvidia.h"
#include "opencl/opencl.h"
#include "target.h"

#include <stdio.h>
#include <string.h>

static const KccTarget *const target_table[] = {&cpu_target,    &opencl_target, &nvidia_target,
                                                &amdgpu_target, &dcu_target,    NULL};

const KccTarget *const *target_list(void) {
  return target_table;
}

static bool is_pow2(int v) {
  return v > 0 && (v & (v - 1)) == 0;
}

bool target_set_launch(KccTargetConfig *cfg, int num_warps, int num_stages, int num_ctas, Diag *d) {
  const KccDevice *dev = &cfg->dev;
  if (!is_pow2(num_warps) || num_warps > KCC_MAX_NUM_WARPS) {
    diag_plain(d, "num_warps must be a power of two from 1 to %d, got %d", KCC_MAX_NUM_WARPS,
               num_warps);
    return false;
  }
  /* a CPU target runs each program on one thread whatever num_warps says */
  if (cfg->target->kind == KCC_TARGET_SIMT &&
      (int64_t)num_warps * dev->warp_size > dev->max_threads) {
    diag_plain(d,
               "num_warps=%d is too large for target '%s': %d warps of %d threads exceed its "
               "%d threads per program",
               num_warps, cfg->target->name, num_warps, dev->warp_size, dev->max_threads);
    return false;
  }
  if (num_stages < 0) {
    diag_plain(d, "num_stages must be 0 or more, got %d", num_stages);
    return false;
  }
  if (!is_pow2(num_ctas)) {
    diag_plain(d, "num_ctas must be a power of two, got %d", num_ctas);
    return false;
  }
  cfg->num_warps = num_warps;
  cfg->num_stages = num_stages;
  cfg->num_ctas = num_ctas;
  return true;
}

bool target_resolve(const char *spec, int opt_level, KccTargetConfig *cfg, Diag *d) {
  memset(cfg, 0, sizeof *cfg);
  if (!spec) spec = "cpu";
  size_t n = strcspn(spec, ":");
  const char *arch = spec[n] == ':' ? spec + n + 1 : "";
  if (n == 0 || (spec[n] == ':' && !*arch)) {
    diag_plain(d,
               n == 0 ? "empty target name in '%s' (see --list-targets)"
                      : "empty architecture after ':' in '%s' (omit the ':' for the default)",
               spec);
    return false;
  }
  for (int i = 0; target_table[i]; i++) {
    const KccTarget *t = target_table[i];
    if (strlen(t->name) == n && strncmp(t->name, spec, n) == 0) {
      cfg->target = t;
      cfg->opt_level = opt_level < 0 ? 0 : opt_level > 3 ? 3 : opt_level;
      if (!t->configure(cfg, arch, d)) return false;
      cfg->num_warps = 4, cfg->num_stages = 3, cfg->num_ctas = 1;
      return true;
    }
  }
  char known[256] = "";
  for (int i = 0; target_table[i]; i++)
    snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "",
             target_table[i]->name);
  diag_plain(d, "unknown target '%.*s' (known: %s)", (int)n, spec, known);
  return false;
}

bool target_has_stage(const KccTarget *t, const char *stage) {
  for (int i = 0; t->stages && t->stages[i]; i++)
    if (strcmp(t->stages[i], stage) == 0) return true;
  return false;
}

const KirPass *target_pass_find(const char *name, const KccTarget **owner) {
  *owner = NULL;
  const KirPass *p = kir_pass_find(name);
  for (int i = 0; !p && target_table[i]; i++)
    for (int j = 0; target_table[i]->passes && target_table[i]->passes[j].name; j++)
      if (strcmp(target_table[i]->passes[j].name, name) == 0) {
        *owner = target_table[i];
        return &target_table[i]->passes[j];
      }
  return p;
}

const KccPrinter *target_printer_find(const char *name) {
  for (int i = 0; target_table[i]; i++)
    for (int j = 0; target_table[i]->printers && target_table[i]->printers[j].name; j++)
      if (strcmp(target_table[i]->printers[j].name, name) == 0)
        return &target_table[i]->printers[j];
  return NULL;
}

static const char *const kind_names[] = {[KCC_TARGET_CPU] = "cpu", [KCC_TARGET_SIMT] = "simt"};
static const char *const artefact_names[] = {
    [KCC_ARTEFACT_SHARED_OBJECT] = "shared object",
    [KCC_ARTEFACT_SOURCE] = "source",
    [KCC_ARTEFACT_PTX] = "ptx",
    [KCC_ARTEFACT_CUBIN] = "cubin",
    [KCC_ARTEFACT_HSACO] = "hsaco",
};

void target_describe(char *buf, size_t cap) {
  size_t n = 0;
  buf[0] = 0;
  for (int i = 0; target_table[i] && n < cap; i++) {
    const KccTarget *t = target_table[i];
    n += (size_t)snprintf(buf + n, cap - n, "  %-10s %-5s %-14s %s\n", t->name, kind_names[t->kind],
                          artefact_names[t->artefact], t->description);
  }
}
