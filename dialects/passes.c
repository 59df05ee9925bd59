/*
 * passes.c - the table of kir passes (see passes.h): target-independent passes over kir. Each
 * target registers its own passes (lowerings) in its KccTarget; kcc-opt finds both through
 * target_pass_find (backends/target.h).
 */
#include "passes.h"
#include "tile_facts.h"

#include <string.h>

/* kir -> kir with `kcc.facts` on every op (tile_facts.h), for tests and inspection */
static bool pass_tile_facts(MlirModule m, Diag *d) {
  (void)d;
  tile_facts_annotate(mlirModuleGetOperation(m));
  return true;
}

const KirPass kir_passes[] = {
    {"tile-facts", "annotates every op result with its tile facts (kcc.facts)", pass_tile_facts},
    {NULL, NULL, NULL},
};

const KirPass *kir_pass_find(const char *name) {
  for (int i = 0; kir_passes[i].name; i++)
    if (strcmp(kir_passes[i].name, name) == 0) return &kir_passes[i];
  return NULL;
}
