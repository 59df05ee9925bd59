/*
 * target.h - what a kcc target is: a plain struct of data and hooks, picked from a registry by
 * name ("cpu", "cpu:aarch64", ...). Vendor targets register the same struct from a plug-in.
 */
#ifndef KCC_BACKENDS_TARGET_H
#define KCC_BACKENDS_TARGET_H

#include "diag.h"
#include <mlir-c/IR.h>
#include <stdbool.h>
#include <stddef.h>

/* A resolved target: the registry entry plus the architecture the user asked for. */
typedef struct KccTargetConfig {
  const struct KccTarget *target;
  char arch[64];      /* as given after ':' (may be empty) */
  char triple[96];    /* LLVM target triple */
  char cpu[64];       /* LLVM CPU name */
  char features[512]; /* LLVM feature string */
  bool host;          /* code runs on this machine */
  int opt_level;      /* 0..3 */
} KccTargetConfig;

typedef struct KccTarget {
  const char *name;        /* "cpu" */
  const char *description; /* one line for `kcc --list-targets` */
  /* Fills cfg from the arch string (may be ""); false + diag for an unknown arch. */
  bool (*configure)(KccTargetConfig *cfg, const char *arch, Diag *d);
  /* Lowers a verified kir module in place down to the LLVM dialect. */
  bool (*lower)(MlirModule m, const KccTargetConfig *cfg, Diag *d);
} KccTarget;

/* Looks up "name[:arch]" and configures it. false + diag when unknown. */
bool target_resolve(const char *spec, int opt_level, KccTargetConfig *cfg, Diag *d);
/* NULL-terminated list of registered targets. */
const KccTarget *const *target_list(void);

/* LLVM-dialect module -> stages. Each returns malloc'd bytes (NUL-terminated) or NULL + diag. */
char *llvm_emit_ir(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size); /* .ll text */
char *llvm_emit_asm(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size);
char *llvm_emit_obj(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size);
/* Links an object into a shared library at so_path (ld.lld). */
bool llvm_link_so(const char *obj, size_t size, const char *so_path, const KccTargetConfig *cfg,
                  Diag *d);

#endif
