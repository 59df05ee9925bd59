/*
 * passes.h - named module passes that kcc-opt (`--NAME`) and the drivers run: each is a plain
 * function over a module that reports located errors to a Diag. kir_passes holds the
 * target-independent ones; each target lists its own (lowerings such as "cpu-lower") in its
 * KccTarget (backends/target.h).
 */
#ifndef KCC_DIALECTS_PASSES_H
#define KCC_DIALECTS_PASSES_H

#include "diag.h"
#include <mlir-c/IR.h>
#include <stdbool.h>

typedef bool (*KirPassFn)(MlirModule m, Diag *d);

typedef struct KirPass {
  const char *name; /* as written after `--` */
  const char *help; /* one line */
  KirPassFn run;
} KirPass;

/* The kir passes, ending with a {NULL} entry. */
extern const KirPass kir_passes[];
/* The pass called `name`, or NULL. */
const KirPass *kir_pass_find(const char *name);

#endif
