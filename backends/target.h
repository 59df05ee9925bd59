/*
 * target.h - the target contract: what a kcc target is, what it gives the compiler and the
 * runtime, and in which order they call it. docs/architecture.md ("Writing a target") walks
 * through it for a vendor engineer.
 *
 * A target is a row of data plus a few hooks, registered by name in targets.c (or, later, by a
 * plug-in): its kind (how programs map onto the machine), the artefact it produces, the stages
 * it can print, its device description (the facts lowerings read: warp size, shared memory,
 * vector width, element types, ...), its own passes for kcc-opt, and the hooks, called in this
 * order for every kernel:
 *
 *   init        before the target's first LLVM use: register its LLVM backend (or nothing);
 *               not at resolve time, so loading a cached artefact never pays for it
 *   configure   "name:ARCH" -> triple, CPU, features, device description, host or not
 *   lower       verified kir -> the target's IR (LLVM dialect, or what its emit hook reads), in
 *               place; launch parameters (kcc.num_warps, ...) are read from the kir module
 *   emit        lowered module -> the artefact file the runtime caches and loads
 *
 * The runtime knows targets only through this struct: it caches the artefact whatever it is,
 * loads it in this process when the target is a CPU target for the host, and reads the kernel's
 * metadata (parameters, threads per program, shared bytes) from the "kcc-meta" text that every
 * artefact embeds (kir_kernel_meta in dialects/kir.h makes it from kir attributes).
 */
#ifndef KCC_BACKENDS_TARGET_H
#define KCC_BACKENDS_TARGET_H

#include "diag.h"
#include "passes.h"
#include <mlir-c/IR.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How the programs of a grid map onto the machine. */
typedef enum KccTargetKind {
  KCC_TARGET_CPU,  /* one call runs one whole program on one host thread (backends/cpu) */
  KCC_TARGET_SIMT, /* one program is a workgroup of num_warps x warp_size threads (GPUs) */
} KccTargetKind;

/* What the emit hook writes. */
typedef enum KccArtefact {
  KCC_ARTEFACT_SHARED_OBJECT, /* an ELF shared object, dlopened by the runtime */
  KCC_ARTEFACT_SOURCE,        /* kernel source text compiled by a driver (OpenCL C, ...) */
  KCC_ARTEFACT_PTX,           /* NVIDIA PTX assembly */
  KCC_ARTEFACT_CUBIN,         /* NVIDIA device binary */
  KCC_ARTEFACT_HSACO,         /* AMDGPU code object */
} KccArtefact;

/* The device description: data that lowerings and the runtime read, never a target's name. A
 * new chip of a known family is a new row of these numbers. */
typedef struct KccDevice {
  int warp_size;        /* threads that run in lockstep: 1 (CPU), 32, 64, 128 */
  int max_threads;      /* threads of one program (workgroup) at most */
  int64_t shared_bytes; /* shared/local memory of one program (0: none; CPUs use the stack) */
  int vector_bits;      /* widest vector register or single load/store */
  /* LLVM address spaces of global, shared (workgroup), constant and private memory */
  int as_global, as_shared, as_constant, as_private;
  bool shuffles;  /* cross-lane shuffles inside a warp */
  bool fp16;      /* native half arithmetic (else computed in fp32) */
  bool bf16;      /* native bfloat16 arithmetic (else computed in fp32) */
  bool fp64;      /* double precision at all */
  bool atomics64; /* 64-bit atomic read-modify-write */
  /* Warp matrix multiply-accumulate for tl.dot (docs/simt.md, "dot"; backends/simt/mma.c), one
   * of KCC_MMA_*: fp16/bf16 dots with an fp32 accumulator whose shapes tile by 16x8x16 use it,
   * every other dot the FMA loop. */
  int mma;
} KccDevice;

enum {
  KCC_MMA_NONE = 0,     /* FMA loops only */
  KCC_MMA_EMULATED = 1, /* the m16n8k16 fragments of KCC_MMA_SM80, each mma computed through
                         * workgroup memory: a test of the fragment mapping on any device (the
                         * opencl row with KCC_OPENCL_MMA=emulate) */
  KCC_MMA_SM80 = 80,    /* mma.sync.aligned.m16n8k16.row.col.f32.{f16,bf16} (NVIDIA sm_80 and up),
                         * as nvvm.mma.sync in the per-thread IR */
};

/* A resolved target: the registry entry plus the architecture the user asked for. */
typedef struct KccTargetConfig {
  const struct KccTarget *target;
  char arch[64];      /* as given after ':' (may be empty) */
  char triple[96];    /* LLVM target triple */
  char cpu[64];       /* LLVM CPU name (GPU: the chip, sm_80, gfx942, ...) */
  char features[512]; /* LLVM feature string */
  bool host;          /* the artefact runs in this process (CPU targets for this machine) */
  int opt_level;      /* 0..3 */
  KccDevice dev;      /* filled by configure */
  /* Launch parameters (Triton's): threads per program = num_warps x dev.warp_size. */
  int num_warps, num_stages, num_ctas;
  /* An LLVM bitcode library linked into the module before optimization (NVIDIA's libdevice),
   * or "": its functions are internalized, so only what the kernels call remains. */
  char bitcode[512];
} KccTargetConfig;

typedef struct KccTarget {
  const char *name;        /* "cpu" */
  const char *description; /* one line for `kcc --list-targets` */
  KccTargetKind kind;
  KccArtefact artefact;
  /* The stages kcc_kernel_emit can produce for this target after kir/kir-loc, the last one
   * being the artefact ("so" for a shared object). NULL-terminated. */
  const char *const *stages;
  /* The target's own kcc-opt passes, ending with a {NULL} entry; may be NULL. */
  const KirPass *passes;
  /* The target's kcc-opt printers (`kcc-opt FILE --PASS... --NAME`): the last step of a
   * kcc-opt run, printing the module in the target's language instead of MLIR (the OpenCL C of a
   * per-thread IR module, ...). Ending with a {NULL} entry; may be NULL. */
  const struct KccPrinter *printers;

  /* Registers the target's LLVM backend; called (by backends/llvm.c, or by the target itself)
   * before the target's first LLVM use, idempotent. May be NULL for targets that use no LLVM
   * backend. */
  void (*init)(void);
  /* Fills cfg from the arch string (may be ""): triple, cpu, features, host, dev. false + diag
   * for an unknown arch. */
  bool (*configure)(KccTargetConfig *cfg, const char *arch, Diag *d);
  /* Lowers a verified kir module in place to what emit reads (for LLVM-based targets, the LLVM
   * dialect, which the "mlir-llvm", "llvm" and "asm" stages print). */
  bool (*lower)(MlirModule m, const KccTargetConfig *cfg, Diag *d);
  /* Writes the artefact of a lowered module to the file at `path`. */
  bool (*emit)(MlirModule lowered, const KccTargetConfig *cfg, const char *path, Diag *d);
  /* Optional: the text of one of the target's intermediate stages (not the artefact). Runs the
   * target's steps up to `stage` on `kir`, a verified kir module the caller owns and destroys
   * after (a clone: the hook may change it), and returns the printed stage, malloc'd and
   * NUL-terminated, *size its length; NULL + diag on failure. Targets without it print the
   * lowered module (the LLVM stages of backends/llvm.c). */
  char *(*print_stage)(MlirModule kir, const KccTargetConfig *cfg, const char *stage, Diag *d,
                       size_t *size);
} KccTarget;

/* A kcc-opt printer of a target: the module (already through the passes before it) as text in
 * the target's language. Returns malloc'd, NUL-terminated text (*size its length) or NULL +
 * diag. */
typedef struct KccPrinter {
  const char *name; /* as written after `--` */
  const char *help; /* one line */
  char *(*print)(MlirModule m, Diag *d, size_t *size);
} KccPrinter;

/* num_warps of any target is a power of two up to this; SIMT targets are bounded by their
 * device's max_threads too. */
#define KCC_MAX_NUM_WARPS 64

/* Looks up "name[:arch]" (NULL: "cpu"; an empty name or arch is an error), configures it and
 * sets the default launch parameters (num_warps 4, num_stages 3, num_ctas 1). false + diag when
 * unknown. */
bool target_resolve(const char *spec, int opt_level, KccTargetConfig *cfg, Diag *d);
/* Sets the launch parameters after checking them against the device: num_warps a power of two
 * up to KCC_MAX_NUM_WARPS (SIMT targets: num_warps x warp_size <= max_threads), num_stages >= 0,
 * num_ctas a power of two. */
bool target_set_launch(KccTargetConfig *cfg, int num_warps, int num_stages, int num_ctas, Diag *d);
/* NULL-terminated list of registered targets. */
const KccTarget *const *target_list(void);
/* Whether `stage` is one of cfg's target's stages. */
bool target_has_stage(const KccTarget *t, const char *stage);
/* The pass called `name` among the kir passes (dialects/passes.h) and every target's own, or
 * NULL; *owner is the target that owns it (NULL for a kir pass). */
const KirPass *target_pass_find(const char *name, const KccTarget **owner);
/* The printer called `name` among every target's, or NULL. */
const KccPrinter *target_printer_find(const char *name);
/* Writes one line per target ("NAME  KIND  ARTEFACT  DESCRIPTION") into buf. */
void target_describe(char *buf, size_t cap);

/* LLVM-dialect module -> stages, for LLVM-based targets. Each returns malloc'd bytes
 * (NUL-terminated) or NULL + diag. */
char *llvm_emit_ir(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size); /* .ll text */
char *llvm_emit_asm(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size);
char *llvm_emit_obj(MlirModule m, const KccTargetConfig *cfg, Diag *d, size_t *size);
/* LLVM dialect -> object -> shared object at path (llvm_emit_obj, then llvm_link_so): the emit
 * hook of the CPU targets and of amdgpu (whose shared object is the hsaco). */
bool llvm_emit_so(MlirModule m, const KccTargetConfig *cfg, const char *path, Diag *d);
/* Links an object into a shared library at so_path (ld.bfd for the host, ld.lld otherwise). */
bool llvm_link_so(const char *obj, size_t size, const char *so_path, const KccTargetConfig *cfg,
                  Diag *d);

#endif
