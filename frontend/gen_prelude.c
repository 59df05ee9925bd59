/*
 * gen_prelude.c - calls into kcc's prelude modules: builtins written in the kernel language
 * (gen_random.c, gen_scaled.c), each module parsed once per compilation on first use and its
 * functions called through the ordinary jit-function inliner.
 */
#include "gen_internal.h"

#include <string.h>

static const SourceFile *const modules[] = {&gen_prelude_random, &gen_prelude_scaled};

_Static_assert(sizeof modules / sizeof *modules ==
                   sizeof((Gen *)0)->prelude / sizeof *((Gen *)0)->prelude,
               "one parsed module per prelude source");

static const Node *module(Gen *g, const Node *call, int i) {
  if (!g->prelude[i]) {
    Diag d;
    diag_init(&d);
    g->prelude[i] = parse_module(g->a, &d, modules[i]);
    diag_free(&d);
    if (!g->prelude[i])
      gen_fail(g, call, "internal error: kcc's prelude %s does not parse", modules[i]->name);
  }
  return g->prelude[i];
}

bool gen_call_prelude(Gen *g, const Node *call, const char *name, Value *args, int nargs,
                      const char **kwnames, Value *kwargs, int nkw, Value *out) {
  if (name[0] == '_') return false; /* the modules' own helpers */
  for (int m = 0; m < (int)(sizeof modules / sizeof *modules); m++) {
    const Node *mod = module(g, call, m);
    for (int i = 0; i < mod->body.len; i++) {
      const Node *f = mod->body.items[i];
      if (f->kind != N_FUNCTION || strcmp(f->name, name) != 0) continue;
      /* The prelude's names resolve in the prelude; the call's arguments were evaluated already. */
      const Node *saved = g->module, *saved_call = g->prelude_call;
      g->module = mod;
      if (!saved_call) g->prelude_call = call;
      *out = gen_call_function(g, call, f, args, nargs, kwnames, kwargs, nkw);
      g->module = saved;
      g->prelude_call = saved_call;
      return true;
    }
  }
  return false;
}
