/*
 * passes.c - the table of kir passes (see passes.h): target-independent passes over kir. Each
 * target registers its own passes (lowerings) in its KccTarget; kcc-opt finds both through
 * target_pass_find (backends/target.h).
 */
#include "passes.h"

#include <string.h>

const KirPass kir_passes[] = {
    {NULL, NULL, NULL},
};

const KirPass *kir_pass_find(const char *name) {
  for (int i = 0; kir_passes[i].name; i++)
    if (strcmp(kir_passes[i].name, name) == 0) return &kir_passes[i];
  return NULL;
}
