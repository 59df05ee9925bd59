/*
 * fuzz_compile.c - libFuzzer entry for the whole compile path to kir: parse, generate (constexpr
 * evaluation, typing, inlining) and verify. Each input is one source file; its first kernel is
 * compiled with every parameter given a type or a value by a fixed rule (constexpr parameters
 * and UPPER_CASE names get 16, names that look like sizes or strides get i32, the others *fp32),
 * so the examples and lit tests are useful seeds. Errors are expected; the contract is that a
 * failure comes with at least one error and nothing crashes, hangs or leaks past the input.
 * Built with -DKCC_FUZZ=ON (clang) and run by scripts/fuzz.sh.
 */
#include "ast.h"
#include "gen.h"
#include "kir.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PARAMS = 64 };

static MlirContext ctx;

static bool is_constexpr(const Node *p) {
  const Node *ann = p->c;
  return ann && ((ann->kind == N_ATTR && strcmp(ann->name, "constexpr") == 0) ||
                 (ann->kind == N_NAME && strcmp(ann->name, "constexpr") == 0));
}

static bool looks_scalar(const char *name) {
  static const char *const prefixes[] = {"n", "N", "M", "K", "stride", "size", "num", "len"};
  for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
    if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0) return true;
  return false;
}

static bool all_upper(const char *s) {
  bool letter = false;
  for (; *s; s++) {
    if (islower((unsigned char)*s)) return false;
    letter |= isupper((unsigned char)*s) != 0;
  }
  return letter;
}

/* The function node of kernel `name` at module level. */
static const Node *find_function(const Node *mod, const char *name) {
  for (int i = 0; i < mod->body.len; i++) {
    const Node *s = mod->body.items[i];
    if (s->kind == N_FUNCTION && s->name && strcmp(s->name, name) == 0) return s;
  }
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096 || memchr(data, 0, size)) return 0;
  char *text = malloc(size + 1);
  memcpy(text, data, size);
  text[size] = 0;
  Diag d;
  diag_init(&d);
  if (mlirContextIsNull(ctx)) ctx = kir_context_create(&d);
  Arena *a = arena_create();
  SourceFile f = {"fuzz.py", text, size, 0};
  Node *mod = parse_module_kernels(a, &d, &f);
  const char *names[4];
  if (mod && d.errors == 0 && gen_list_kernels(mod, names, 4) > 0) {
    const Node *fn = find_function(mod, names[0]);
    GenParam sig[MAX_PARAMS], defs[MAX_PARAMS];
    int nsig = 0, ndefs = 0;
    for (int i = 0; fn && i < fn->params.len && i < MAX_PARAMS; i++) {
      const Node *p = fn->params.items[i];
      if (!p->name || p->ival) continue; /* *args / **kwargs */
      if (is_constexpr(p) || all_upper(p->name))
        defs[ndefs++] = (GenParam){p->name, "16"};
      else
        sig[nsig++] = (GenParam){p->name, looks_scalar(p->name) ? "i32" : "*fp32"};
    }
    KirDiagScope scope;
    kir_diag_attach(&scope, ctx, &d, &f);
    GenRequest req = {.kernel = names[0],
                      .sig = sig,
                      .nsig = nsig,
                      .defs = defs,
                      .ndefs = ndefs,
                      .num_warps = 4,
                      .num_stages = 3,
                      .num_ctas = 1};
    GenKernel gk = {0};
    MlirModule m = gen_kernel(ctx, a, &d, mod, &req, &gk);
    bool ok = !mlirModuleIsNull(m) && d.errors == 0 && kir_verify(m, &d) && d.errors == 0;
    if (!mlirModuleIsNull(m)) mlirModuleDestroy(m);
    kir_diag_detach(&scope);
    char *msgs = diag_take(&d);
    if (!ok && !(msgs && strstr(msgs, "error"))) abort(); /* a failure must say why */
    free(msgs);
  }
  diag_free(&d);
  arena_destroy(a);
  free(text);
  return 0;
}
