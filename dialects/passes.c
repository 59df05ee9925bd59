/*
 * passes.c - the pass table (see passes.h). Entries are grouped by the stage they work on; a
 * pass that needs a target uses the host's CPU configuration (kcc-opt's `-t` applies to --emit).
 */
#include "passes.h"
#include "cpu/cpu.h"
#include "tile_facts.h"

#include <string.h>

static bool host_cfg(KccTargetConfig *cfg, Diag *d) {
  return target_resolve("cpu", 3, cfg, d);
}

/* kir -> upstream scf/memref/arith/math/vector/llvm (the fusing tile emitter alone). */
static bool pass_cpu_lower_kir(MlirModule m, Diag *d) {
  KccTargetConfig cfg;
  return host_cfg(&cfg, d) && cpu_lower_kir(m, cpu_vec_bits(&cfg), d);
}

/* upstream dialects -> LLVM dialect */
static bool pass_cpu_to_llvm(MlirModule m, Diag *d) {
  return cpu_lower_to_llvm(m, d);
}

/* kir -> LLVM dialect for the host CPU */
static bool pass_cpu_lower(MlirModule m, Diag *d) {
  KccTargetConfig cfg;
  return host_cfg(&cfg, d) && cfg.target->lower(m, &cfg, d);
}

/* kir -> kir with `kcc.facts` on every op (tile_facts.h), for tests and inspection */
static bool pass_tile_facts(MlirModule m, Diag *d) {
  (void)d;
  tile_facts_annotate(mlirModuleGetOperation(m));
  return true;
}

const KirPass kir_passes[] = {
    {"cpu-lower", "kir -> LLVM dialect for the host CPU (cpu-lower-kir + cpu-to-llvm)",
     pass_cpu_lower},
    {"cpu-lower-kir", "kir -> scf/memref/arith/math/vector/llvm: the CPU tile emitter",
     pass_cpu_lower_kir},
    {"cpu-to-llvm", "upstream dialects -> LLVM dialect (conversion pipeline)", pass_cpu_to_llvm},
    {"tile-facts", "annotates every op result with its tile facts (kcc.facts)", pass_tile_facts},
    {NULL, NULL, NULL},
};

const KirPass *kir_pass_find(const char *name) {
  for (int i = 0; kir_passes[i].name; i++)
    if (strcmp(kir_passes[i].name, name) == 0) return &kir_passes[i];
  return NULL;
}
