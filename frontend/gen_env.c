/*
 * gen_env.c - the kernel's environment given with the request, as Triton resolves a kernel's
 * free names from the live Python values (its function's globals and closure) instead of
 * re-reading module-level statements. The entries come through the options (kcc.h: "global",
 * "module", "jit", "opaque", "function", "function-file") as GenRequest.defs named "KEY NAME":
 *
 *   global [ID:]NAME=LITERAL   NAME is the constexpr LITERAL (numbers, strings, None, dtypes,
 *                              tuples of them), evaluated when first used
 *   module [ID:]NAME=PATH      NAME is a module of the language or one of its members
 *                              (triton.language, triton.language.extra.libdevice, math, ...)
 *   jit    [ID:]NAME=FID       NAME is the jit function FID
 *   opaque [ID:]NAME=WHAT      NAME is a Python value that is no constant (a tensor...): using it
 *                              is a located error naming it
 *   function FID=SOURCE        the source of jit function FID: its own def, parsed on first use
 *   function-file FID=LINE:FILE  where that source is (diagnostics: file name, line offset)
 *
 * A define's value may be such an FID: a jit function passed as a constexpr argument.
 *
 * Without a prefix ID a name belongs to the kernel's environment; with one, to the environment
 * of jit function ID, which is current while that function is inlined. A name without an entry
 * falls back to the module-level statements of the source (what the CLI relies on).
 */
#include "gen_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct GenEnvFn {
  const char *id;
  const Node *module; /* the parsed source */
  const Node *fn;     /* its function */
} GenEnvFn;

typedef enum EnvKind { ENV_GLOBAL, ENV_MODULE, ENV_JIT, ENV_OPAQUE } EnvKind;

static const struct {
  const char *key;
  EnvKind kind;
} env_kinds[] = {
    {"global", ENV_GLOBAL},
    {"module", ENV_MODULE},
    {"jit", ENV_JIT},
    {"opaque", ENV_OPAQUE},
};

bool gen_env_is_entry(const char *name) {
  return strchr(name, ' ') != NULL;
}

void gen_env_init(Gen *g, const GenRequest *req) {
  g->envp = req->defs;
  g->nenv = req->ndefs;
  for (int i = 0; i < req->ndefs; i++)
    g->has_env |= gen_env_is_entry(req->defs[i].name);
  g->envval = arena_alloc(g->a, sizeof(Value) * (size_t)(g->nenv + 1));
  g->envstate = arena_alloc(g->a, (size_t)g->nenv + 1);
  g->scope = NULL;
  g->scope_module = g->module;
}

/* The value of entry "KEY NAME" (NULL when there is none). */
static const char *entry(Gen *g, const char *key, const char *name, int *index) {
  size_t kl = strlen(key);
  for (int i = 0; i < g->nenv; i++) {
    const char *e = g->envp[i].name;
    if (strncmp(e, key, kl) == 0 && e[kl] == ' ' && strcmp(e + kl + 1, name) == 0) {
      if (index) *index = i;
      return g->envp[i].type;
    }
  }
  return NULL;
}

static const GenEnvFn *env_function(Gen *g, const Node *use, const char *id) {
  for (int i = 0; i < g->nfns; i++)
    if (strcmp(g->fns[i].id, id) == 0) return &g->fns[i];
  const char *src = entry(g, "function", id, NULL);
  if (!src)
    gen_fail(g, use, "internal error: the environment names jit function '%s' but gives no source",
             id);
  SourceFile *f = arena_alloc(g->a, sizeof *f);
  const char *where = entry(g, "function-file", id, NULL);
  if (where) {
    const char *colon = strchr(where, ':');
    f->line_offset = atoi(where);
    f->name = colon + 1;
  } else {
    f->name = arena_printf(g->a, "<%s>", id);
  }
  f->text = src;
  f->len = strlen(src);
  Node *m = parse_module_kernels(g->a, g->d, f);
  const Node *fn = NULL;
  for (int i = 0; m && i < m->body.len && !fn; i++)
    if (m->body.items[i]->kind == N_FUNCTION) fn = m->body.items[i];
  if (!m || g->d->errors) gen_fail(g, use, "the source of jit function '%s' does not parse", id);
  if (!fn) gen_fail(g, use, "the source of jit function '%s' holds no def", id);
  if (g->nfns == g->capfns) {
    int cap = g->capfns ? g->capfns * 2 : 8;
    GenEnvFn *b = arena_alloc(g->a, sizeof *b * (size_t)cap);
    if (g->nfns) memcpy(b, g->fns, sizeof *b * (size_t)g->nfns);
    g->fns = b;
    g->capfns = cap;
  }
  g->fns[g->nfns] = (GenEnvFn){id, m, fn};
  return &g->fns[g->nfns++];
}

bool gen_env_lookup(Gen *g, const Node *use, const char *name, Value *out) {
  if (!g->has_env || g->module != g->scope_module)
    return false; /* kcc's prelude, or no environment: module-level statements */
  const char *key = g->scope ? arena_printf(g->a, "%s:%s", g->scope, name) : name;
  for (size_t k = 0; k < sizeof env_kinds / sizeof *env_kinds; k++) {
    int i = -1;
    const char *v = entry(g, env_kinds[k].key, key, &i);
    if (!v) continue;
    switch (env_kinds[k].kind) {
    case ENV_GLOBAL:
      if (g->envstate[i] == 1) gen_fail(g, use, "global '%s' refers to itself", name);
      if (g->envstate[i] == 0) {
        g->envstate[i] = 1;
        g->envval[i] = gen_literal(g, use, "global", name, v);
        g->envstate[i] = 2;
      }
      *out = g->envval[i];
      return true;
    case ENV_MODULE:
      *out = (Value){.kind = V_BUILTIN, .s = gen_canon_module(g, v)};
      return true;
    case ENV_JIT:
      *out = (Value){.kind = V_FUNC, .fn = env_function(g, use, v)->fn};
      return true;
    case ENV_OPAQUE:
      gen_fail(g, use,
               "global '%s' is %s, which is not a compile-time constant: a kernel may use "
               "constexpr globals (numbers, strings, None, dtypes, tuples of them), the language's "
               "modules and @jit functions",
               name, v);
    }
  }
  return false;
}

bool gen_env_function(Gen *g, const Node *use, const char *id, Value *out) {
  if (!g->has_env || !entry(g, "function", id, NULL)) return false;
  *out = (Value){.kind = V_FUNC, .fn = env_function(g, use, id)->fn};
  return true;
}

void gen_env_enter(Gen *g, const Node *fn, GenScope *saved) {
  *saved = (GenScope){g->scope, g->scope_module, g->module, g->file};
  for (int i = 0; i < g->nfns; i++)
    if (g->fns[i].fn == fn) {
      g->scope = g->fns[i].id;
      g->scope_module = g->module = g->fns[i].module;
      g->file = g->fns[i].module->loc.file;
      return;
    }
}

void gen_env_leave(Gen *g, const GenScope *saved) {
  g->scope = saved->scope;
  g->scope_module = saved->scope_module;
  g->module = saved->module;
  g->file = saved->file;
}
