/*
 * kcc-opt - reads any kcc MLIR dump, verifies it, runs named passes in order and prints the
 * result (re-readable by kcc-opt itself), or carries it on through the LLVM steps, or prints it
 * in a target's language with one of the targets' printers (--emit-opencl: the OpenCL C of a
 * per-thread IR module).
 *
 *   kcc-opt FILE.mlir [--PASS ...] [-t TARGET] [--emit=llvm|asm|obj] [-o OUT] [--locs]
 *   kcc-opt FILE.mlir [--PASS ...] --PRINTER [-o OUT]
 *   kcc-opt --list-ops      the op table (dialects/kir_ops.def): name, dialect, flags
 *
 * Exit status: 0 success, 1 diagnostics (printed with locations), 2 usage error.
 */
#include "kir.h"
#include "passes.h"
#include "target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f, "usage: kcc-opt FILE.mlir [--PASS ...] [-t TARGET] [--emit=llvm|asm|obj] [-o OUT] "
             "[--locs]\n       kcc-opt FILE.mlir [--PASS ...] --PRINTER [-o OUT]\n"
             "       kcc-opt --list-ops\nkir passes:\n");
  for (int i = 0; kir_passes[i].name; i++)
    fprintf(f, "  --%-16s %s\n", kir_passes[i].name, kir_passes[i].help);
  for (const KccTarget *const *t = target_list(); *t; t++) {
    if (!(*t)->passes) continue;
    fprintf(f, "passes of target '%s':\n", (*t)->name);
    for (int i = 0; (*t)->passes[i].name; i++)
      fprintf(f, "  --%-16s %s\n", (*t)->passes[i].name, (*t)->passes[i].help);
  }
  for (const KccTarget *const *t = target_list(); *t; t++) {
    if (!(*t)->printers) continue;
    fprintf(f, "printers of target '%s' (after the passes, instead of MLIR):\n", (*t)->name);
    for (int i = 0; (*t)->printers[i].name; i++)
      fprintf(f, "  --%-16s %s\n", (*t)->printers[i].name, (*t)->printers[i].help);
  }
}

/* One line per op of the table: name, dialect, flags. */
static void list_ops(void) {
  static const char *dialects[] = {"kir", "arith", "math", "scf", "func", "gpu"};
  char flags[256];
  for (int k = KIR_OP_UNKNOWN + 1; k < KIR_OP_COUNT; k++)
    printf("%-22s %-6s %s\n", kir_op_name((KirOpKind)k), dialects[kir_op_dialect((KirOpKind)k)],
           kir_op_flags_str(kir_op_flags((KirOpKind)k), flags, sizeof flags));
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (n + 1 >= cap) buf = realloc(buf, cap *= 2);
    size_t r = fread(buf + n, 1, cap - n - 1, f);
    if (r == 0) break;
    n += r;
  }
  buf[n] = 0;
  if (f != stdin) fclose(f);
  *len = n;
  return buf;
}

static bool has_kernels(MlirModule m) {
  for (MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(m));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    if (kir_op_kind(op) == KIR_OP_FUNC_FUNC &&
        !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, kir_str("kcc.kernel"))))
      return true;
  }
  return false;
}

static int finish(Diag *d, int rc) {
  char *s = diag_take(d);
  if (s && *s) fputs(s, stderr);
  free(s);
  return rc;
}

int main(int argc, char **argv) {
  const char *input = NULL, *out = NULL, *tspec = "cpu", *emit = NULL;
  const char *passes[64];
  int npasses = 0;
  const KccPrinter *printer = NULL;
  bool locs = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      usage(stdout);
      return 0;
    } else if (strcmp(a, "--list-ops") == 0) {
      list_ops();
      return 0;
    } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
      out = argv[++i];
    } else if (strcmp(a, "-t") == 0 && i + 1 < argc) {
      tspec = argv[++i];
    } else if (strncmp(a, "--emit=", 7) == 0) {
      emit = a + 7;
      if (strcmp(emit, "llvm") && strcmp(emit, "asm") && strcmp(emit, "obj")) {
        fprintf(stderr, "kcc-opt: error: unknown --emit value '%s' (llvm, asm, obj)\n", emit);
        return 2;
      }
    } else if (strcmp(a, "--locs") == 0) {
      locs = true;
    } else if (strncmp(a, "--", 2) == 0 && target_printer_find(a + 2)) {
      if (printer) {
        fprintf(stderr, "kcc-opt: error: '%s' after '--%s': one printer at most\n", a,
                printer->name);
        return 2;
      }
      printer = target_printer_find(a + 2);
    } else if (strncmp(a, "--", 2) == 0) {
      const KccTarget *owner;
      if (printer) {
        fprintf(stderr,
                "kcc-opt: error: pass '%s' after the printer '--%s': a printer ends the "
                "pass list\n",
                a, printer->name);
        return 2;
      }
      if (!target_pass_find(a + 2, &owner)) {
        fprintf(stderr, "kcc-opt: error: unknown pass '%s'\n", a);
        usage(stderr);
        return 2;
      }
      if (npasses == 64) {
        fprintf(stderr, "kcc-opt: error: too many passes\n");
        return 2;
      }
      passes[npasses++] = a + 2;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "kcc-opt: error: unknown option '%s'\n", a);
      usage(stderr);
      return 2;
    } else if (!input) {
      input = a;
    } else {
      fprintf(stderr, "kcc-opt: error: more than one input file\n");
      return 2;
    }
  }
  if (!input) {
    usage(stderr);
    return 2;
  }
  if (printer && emit) {
    fprintf(stderr, "kcc-opt: error: --%s and --emit=%s both choose the output\n", printer->name,
            emit);
    return 2;
  }
  size_t len;
  char *text = read_all(input, &len);
  if (!text) {
    fprintf(stderr, "kcc-opt: error: cannot read '%s'\n", input);
    return 1;
  }
  Diag d;
  diag_init(&d);
  MlirContext ctx = kir_context_create(&d);
  if (mlirContextIsNull(ctx)) return finish(&d, 1);
  SourceFile sf = {.name = input, .text = text, .len = len};
  KirDiagScope scope;
  kir_diag_attach(&scope, ctx, &d, &sf);
  int rc = 0;
  /* parsing from the file keeps its name in locations */
  MlirModule m = strcmp(input, "-") == 0
                     ? mlirModuleCreateParse(ctx, mlirStringRefCreate(text, len))
                     : mlirModuleCreateParseFromFile(ctx, kir_str(input));
  if (mlirModuleIsNull(m)) {
    if (d.errors == 0) diag_plain(&d, "cannot parse '%s'", input);
    rc = 1;
    goto done;
  }
  if (!mlirOperationVerify(mlirModuleGetOperation(m)) || !kir_verify(m, &d)) {
    rc = 1;
    goto done;
  }
  for (int i = 0; i < npasses; i++) {
    const KccTarget *owner;
    const KirPass *p = target_pass_find(passes[i], &owner);
    if (!p->run(m, &d) || d.errors || !mlirOperationVerify(mlirModuleGetOperation(m))) {
      if (d.errors == 0) diag_plain(&d, "pass '%s' failed", p->name);
      rc = 1;
      goto done;
    }
  }
  FILE *f = out ? fopen(out, "wb") : stdout;
  if (!f) {
    diag_plain(&d, "cannot write '%s'", out);
    rc = 1;
    goto done;
  }
  if (printer) {
    size_t size = 0;
    char *text = printer->print(m, &d, &size);
    if (text && d.errors == 0)
      fwrite(text, 1, size, f);
    else
      rc = 1;
    free(text);
  } else if (emit) {
    KccTargetConfig cfg;
    if (!target_resolve(tspec, 3, &cfg, &d)) {
      rc = 2;
    } else if (!target_has_stage(cfg.target, emit)) {
      diag_plain(&d, "target '%s' has no '%s' stage", cfg.target->name, emit);
      rc = 2;
    } else if (has_kernels(m) && !cfg.target->lower(m, &cfg, &d)) {
      rc = 1;
    } else {
      size_t size = 0;
      char *bytes = strcmp(emit, "llvm") == 0  ? llvm_emit_ir(m, &cfg, &d, &size)
                    : strcmp(emit, "asm") == 0 ? llvm_emit_asm(m, &cfg, &d, &size)
                                               : llvm_emit_obj(m, &cfg, &d, &size);
      if (bytes)
        fwrite(bytes, 1, size, f);
      else
        rc = 1;
      free(bytes);
    }
  } else {
    char *s = kir_print(mlirModuleGetOperation(m), locs);
    fputs(s, f);
    free(s);
  }
  if (f != stdout) fclose(f);
done:
  kir_diag_detach(&scope);
  if (!mlirModuleIsNull(m)) mlirModuleDestroy(m);
  kir_context_destroy(ctx);
  free(text);
  return finish(&d, rc);
}
