/*
 * options.c - the compile options bag of kcc.h (kcc_options_*): every key is parsed and validated
 * here, once, so the pipeline and the cache key see only canonical values. Also the signature
 * types' libffi view of the table in support/ptype.def, and the usage-error helpers.
 */
#include "rt.h"
#include "ptype.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- signature types (the table is support/ptype.def) ---------------------------------------
 */
const char *rt_type_canon(const char *type) {
  return ptype_canon(type);
}

/* libffi's type for a row's ABI storage: the argument as the compiled kernel takes it. */
ffi_type *rt_type_ffi(const char *type) {
  const PType *t = ptype_find(type, NULL);
  if (!t) return NULL;
  if (t->kind == PTYPE_POINTER) return &ffi_type_pointer;
  if (t->abi_float) return t->abi_bits == 32 ? &ffi_type_float : &ffi_type_double;
  bool sign = t->kind == PTYPE_SINT;
  switch (t->abi_bits) {
  case 8:
    return sign ? &ffi_type_sint8 : &ffi_type_uint8;
  case 16:
    return sign ? &ffi_type_sint16 : &ffi_type_uint16;
  case 32:
    return sign ? &ffi_type_sint32 : &ffi_type_uint32;
  default:
    return sign ? &ffi_type_sint64 : &ffi_type_uint64;
  }
}

/* The public view of the rows of ptype.def, in the same order as ptype_table. */
static const KccParamType param_types[PTYPE_COUNT] = {
#define KCC_PTYPE(NAME, CTYPE, SIZE, KIND, ABI_BITS, ABI_FLOAT)                                    \
  {NAME, #CTYPE, SIZE, KCC_TYPE_##KIND, ABI_BITS, ABI_FLOAT},
#define KCC_PTYPE_POINTER KCC_PTYPE
#include "ptype.def"
};

const KccParamType *kcc_param_type(int i) {
  return i >= 0 && i < PTYPE_COUNT ? &param_types[i] : NULL;
}

/* ---- errors -----------------------------------------------------------------------------------
 */
KccStatus rt_usage(char **diag, const char *fmt, ...) {
  if (diag) {
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t n = strlen(msg) + sizeof "kcc: error: \n";
    *diag = malloc(n);
    if (*diag) snprintf(*diag, n, "kcc: error: %s\n", msg);
  }
  return KCC_ERR_USAGE;
}

KccStatus rt_diag_out(Diag *d, char **diag, KccStatus st) {
  char *text = diag_take(d);
  if (diag)
    *diag = text ? text : NULL;
  else
    free(text);
  diag_free(d);
  return st;
}

/* ---- the bag ----------------------------------------------------------------------------------
 */
KccOptions *kcc_options_create(void) {
  KccOptions *o = calloc(1, sizeof *o);
  if (o) {
    o->magic = RT_OPTIONS_MAGIC;
    o->opt = 3;
    o->num_warps = 4; /* Triton's defaults */
    o->num_stages = 3;
    o->num_ctas = 1;
  }
  return o;
}

static void free_params(GenParam *p, int n) {
  for (int i = 0; i < n; i++) {
    free((char *)p[i].name);
    free((char *)p[i].type);
  }
  free(p);
}

void kcc_options_destroy(KccOptions *o) {
  if (!rt_options_ok(o)) return; /* NULL, already destroyed (when detectable) or foreign */
  *(volatile uint64_t *)&o->magic = RT_DEAD_MAGIC; /* volatile: free follows (no dead store) */
  free(o->kernel);
  free_params(o->sig, o->nsig);
  free_params(o->defs, o->ndefs);
  free(o->target);
  free(o->cache_dir);
  free(o);
}

static char *xstrdup(const char *s) {
  return s ? strdup(s) : NULL;
}

KccOptions *rt_options_clone(const KccOptions *o) {
  KccOptions *c = kcc_options_create();
  if (!c || !o) return c;
  c->opt = o->opt;
  c->line_offset = o->line_offset;
  c->col_offset = o->col_offset;
  c->debug = o->debug;
  c->check_bounds = o->check_bounds;
  c->num_warps = o->num_warps;
  c->num_stages = o->num_stages;
  c->num_ctas = o->num_ctas;
  c->kernel = xstrdup(o->kernel);
  c->target = xstrdup(o->target);
  c->cache_dir = xstrdup(o->cache_dir);
  c->sig = calloc((size_t)o->nsig + 1, sizeof *c->sig);
  c->defs = calloc((size_t)o->ndefs + 1, sizeof *c->defs);
  for (int i = 0; i < o->nsig; i++)
    c->sig[i] =
        (GenParam){xstrdup(o->sig[i].name), xstrdup(o->sig[i].type), o->sig[i].divisibility};
  for (int i = 0; i < o->ndefs; i++)
    c->defs[i] = (GenParam){xstrdup(o->defs[i].name), xstrdup(o->defs[i].type), 0};
  c->nsig = c->capsig = o->nsig;
  c->ndefs = c->capdefs = o->ndefs;
  return c;
}

static bool is_ident(const char *s, size_t n) {
  if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) return false;
  for (size_t i = 1; i < n; i++)
    if (!(isalnum((unsigned char)s[i]) || s[i] == '_')) return false;
  return true;
}

/* A parameter name: an identifier, or a part of a tuple parameter "t.0", "t.2.1" (gen.c). */
static bool is_param_name(const char *s, size_t n) {
  const char *dot = memchr(s, '.', n);
  if (!dot) return is_ident(s, n);
  if (!is_ident(s, (size_t)(dot - s))) return false;
  for (size_t i = (size_t)(dot - s); i < n; i++) {
    if (s[i] != '.' || i + 1 >= n || !isdigit((unsigned char)s[i + 1])) return false;
    while (i + 1 < n && isdigit((unsigned char)s[i + 1]))
      i++;
  }
  return true;
}

/* Sets or replaces name -> value (and divisibility) in a parameter list. */
static void put_param(GenParam **list, int *n, int *cap, const char *name, size_t nlen,
                      const char *value, int divisibility) {
  for (int i = 0; i < *n; i++)
    if (strlen((*list)[i].name) == nlen && memcmp((*list)[i].name, name, nlen) == 0) {
      free((char *)(*list)[i].type);
      (*list)[i].type = strdup(value);
      (*list)[i].divisibility = divisibility;
      return;
    }
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 8;
    *list = realloc(*list, (size_t)*cap * sizeof **list);
  }
  (*list)[(*n)++] = (GenParam){strndup(name, nlen), strdup(value), divisibility};
}

/* The index of name in a parameter list, or -1. */
static int find_param(const GenParam *list, int n, const char *name, size_t nlen) {
  for (int i = 0; i < n; i++)
    if (strlen(list[i].name) == nlen && memcmp(list[i].name, name, nlen) == 0) return i;
  return -1;
}

/* Removes name from a parameter list (if it is there). */
static void drop_param(GenParam *list, int *n, const char *name, size_t nlen) {
  for (int i = 0; i < *n; i++)
    if (strlen(list[i].name) == nlen && memcmp(list[i].name, name, nlen) == 0) {
      free((char *)list[i].name);
      free((char *)list[i].type);
      memmove(&list[i], &list[i + 1], (size_t)(*n - i - 1) * sizeof *list);
      (*n)--;
      return;
    }
}

static const char *skip_ws(const char *p) {
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

enum { HINT_NONE = 0, HINT_ONE = 1, HINT_16 = 16 };

/* The hint after a signature type, as Triton's AOT compiler spells it: ":16" (divisible by 16:
 * pointers and integers) or ":1" (equal to 1: integers). Returns false after reporting. */
static bool parse_hint(const char *text, const char *name, size_t nlen, const char *type,
                       const char *h, size_t hlen, int *hint, char **diag) {
  const PType *t = ptype_find(type, NULL);
  bool is_int = t->kind == PTYPE_SINT || t->kind == PTYPE_UINT;
  if (hlen == 2 && memcmp(h, "16", 2) == 0) {
    *hint = HINT_16;
    if (is_int || t->kind == PTYPE_POINTER) return true;
    rt_usage(diag,
             "bad signature '%s': ':16' on '%.*s' of type %s (divisibility applies to pointers "
             "and integers)",
             text, (int)nlen, name, type);
  } else if (hlen == 1 && h[0] == '1') {
    *hint = HINT_ONE;
    if (is_int) return true;
    rt_usage(diag, "bad signature '%s': ':1' on '%.*s' of type %s (only an integer can be 1)", text,
             (int)nlen, name, type);
  } else {
    rt_usage(diag,
             "bad signature '%s': unknown hint ':%.*s' for '%.*s' (expected ':16', a multiple of "
             "16, or ':1', equal to 1)",
             text, (int)hlen, h, (int)nlen, name);
  }
  return false;
}

/* signature := entry (',' entry)* ; entry := NAME '=' TYPE [':' HINT]  (spaces allowed around
 * tokens). Parsed completely before anything is added, so a bad signature leaves the options as
 * they were. An entry with ":1" becomes the define NAME=1 (as Triton's AOT compiler makes it a
 * constant), leaving the signature.
 */
static KccStatus set_signature(KccOptions *o, const char *text, char **diag) {
  struct {
    const char *name;
    size_t nlen;
    const char *type;
    int hint;
  } ent[256];
  int n = 0;
  const char *p = skip_ws(text);
  if (!*p) return KCC_OK;
  for (;;) {
    const char *name = p;
    while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
      p++;
    size_t nlen = (size_t)(p - name);
    p = skip_ws(p);
    if (!is_param_name(name, nlen) || *p != '=')
      return rt_usage(diag, "bad signature '%s': expected NAME=TYPE entries separated by ','",
                      text);
    p = skip_ws(p + 1);
    const char *ty = p;
    while (*p && *p != ',' && *p != ':' && *p != ' ' && *p != '\t')
      p++;
    char tbuf[32];
    size_t tlen = (size_t)(p - ty);
    snprintf(tbuf, sizeof tbuf, "%.*s", (int)(tlen < 31 ? tlen : 31), ty);
    const char *canon = tlen < 31 ? rt_type_canon(tbuf) : NULL;
    if (!canon)
      return rt_usage(diag,
                      "bad signature '%s': unknown type '%.*s' for '%.*s' (expected i1, i8..i64, "
                      "u8..u64, fp16, bf16, fp32, fp64, fp8e4nv, fp8e5, fp8e4b15, or a pointer "
                      "'*fp32', ...)",
                      text, (int)tlen, ty, (int)nlen, name);
    int hint = HINT_NONE;
    if (*p == ':') {
      const char *h = ++p;
      while (*p && *p != ',' && *p != ' ' && *p != '\t')
        p++;
      if (!parse_hint(text, name, nlen, canon, h, (size_t)(p - h), &hint, diag))
        return KCC_ERR_USAGE;
    }
    for (int i = 0; i < n; i++)
      if (ent[i].nlen == nlen && memcmp(ent[i].name, name, nlen) == 0)
        return rt_usage(diag, "bad signature '%s': '%.*s' is given twice", text, (int)nlen, name);
    if (find_param(o->defs, o->ndefs, name, nlen) >= 0)
      return rt_usage(diag,
                      "bad signature '%s': '%.*s' is also given as a constant (define %.*s=...); "
                      "a parameter is either a runtime parameter or a constexpr",
                      text, (int)nlen, name, (int)nlen, name);
    if (n == (int)(sizeof ent / sizeof *ent))
      return rt_usage(diag, "bad signature: more than %d parameters", n);
    ent[n].name = name;
    ent[n].nlen = nlen;
    ent[n].type = canon;
    ent[n].hint = hint;
    n++;
    p = skip_ws(p);
    if (!*p) break;
    if (*p != ',') return rt_usage(diag, "bad signature '%s': expected ',' before '%s'", text, p);
    p = skip_ws(p + 1);
  }
  for (int i = 0; i < n; i++) {
    if (ent[i].hint == HINT_ONE) {
      drop_param(o->sig, &o->nsig, ent[i].name, ent[i].nlen);
      put_param(&o->defs, &o->ndefs, &o->capdefs, ent[i].name, ent[i].nlen, "1", 0);
    } else {
      put_param(&o->sig, &o->nsig, &o->capsig, ent[i].name, ent[i].nlen, ent[i].type, ent[i].hint);
    }
  }
  return KCC_OK;
}

static bool parse_int(const char *s, long lo, long hi, int *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) return false;
  *out = (int)v;
  return true;
}

/* A power of two in 1..hi (Triton: "num_warps must be a power of 2"). */
static bool parse_pow2(const char *s, long hi, int *out) {
  int v;
  if (!parse_int(s, 1, hi, &v) || (v & (v - 1)) != 0) return false;
  *out = v;
  return true;
}

/* ---- the kernel's environment (kcc.h, "global" ... "function-file") ---------------------------
 * Each entry is kept in the defines list under the name "KEY NAME" (a space never occurs in a
 * define's name), so it is cloned, enters the cache key and reaches the frontend (gen.h,
 * GenRequest) like a define. */
typedef enum EnvValue { ENV_ANY, ENV_DOTTED, ENV_IDENT, ENV_LINE_FILE } EnvValue;

static const struct EnvKey {
  const char *key;
  bool scoped;    /* NAME may be SCOPE:NAME (the environment of the jit function SCOPE) */
  EnvValue value; /* what the value must look like (the frontend checks literals) */
  const char *what;
} env_keys[] = {
    {"global", true, ENV_ANY, "[SCOPE:]NAME=PYTHON-LITERAL"},
    {"module", true, ENV_DOTTED, "[SCOPE:]NAME=MODULE.PATH"},
    {"jit", true, ENV_IDENT, "[SCOPE:]NAME=FUNCTION-ID"},
    {"opaque", true, ENV_ANY, "[SCOPE:]NAME=DESCRIPTION"},
    {"function", false, ENV_ANY, "ID=SOURCE"},
    {"function-file", false, ENV_LINE_FILE, "ID=LINE:FILE"},
};

static bool is_dotted(const char *s) {
  for (;;) {
    const char *dot = strchr(s, '.');
    size_t n = dot ? (size_t)(dot - s) : strlen(s);
    if (!is_ident(s, n)) return false;
    if (!dot) return true;
    s = dot + 1;
  }
}

static bool env_value_ok(EnvValue kind, const char *v) {
  switch (kind) {
  case ENV_ANY:
    return *v != 0;
  case ENV_DOTTED:
    return is_dotted(v);
  case ENV_IDENT:
    return is_ident(v, strlen(v));
  case ENV_LINE_FILE: {
    const char *colon = strchr(v, ':');
    int line;
    char buf[16];
    if (!colon || colon == v || (size_t)(colon - v) >= sizeof buf || !colon[1]) return false;
    snprintf(buf, sizeof buf, "%.*s", (int)(colon - v), v);
    return parse_int(buf, 0, 1 << 30, &line);
  }
  }
  return false;
}

static KccStatus set_env(KccOptions *o, const struct EnvKey *k, const char *value, char **diag) {
  const char *eq = strchr(value, '=');
  size_t nlen = eq ? (size_t)(eq - value) : strlen(value);
  const char *colon = k->scoped ? memchr(value, ':', nlen) : NULL;
  bool name_ok = colon ? is_ident(value, (size_t)(colon - value)) &&
                             is_ident(colon + 1, nlen - (size_t)(colon + 1 - value))
                       : is_ident(value, nlen);
  if (!eq || !name_ok || !env_value_ok(k->value, eq + 1))
    return rt_usage(diag, "bad %s '%.200s': expected %s", k->key, value, k->what);
  char *name = malloc(strlen(k->key) + nlen + 2);
  if (!name) return rt_usage(diag, "out of memory");
  sprintf(name, "%s %.*s", k->key, (int)nlen, value);
  put_param(&o->defs, &o->ndefs, &o->capdefs, name, strlen(name), eq + 1, 0);
  free(name);
  return KCC_OK;
}

KccStatus kcc_options_set(KccOptions *o, const char *key, const char *value, char **diag) {
  if (diag) *diag = NULL;
  if (!key) return rt_usage(diag, "kcc_options_set: null key");
  if (!rt_options_ok(o))
    return rt_usage(diag, "kcc_options_set: %s",
                    !o ? "null options"
                    : o->magic == RT_DEAD_MAGIC
                        ? "the options were destroyed (kcc_options_destroy)"
                        : "not an options handle (never returned by kcc_options_create)");
  if (!value) return rt_usage(diag, "option '%s' needs a value", key);

  for (size_t i = 0; i < sizeof env_keys / sizeof *env_keys; i++)
    if (strcmp(key, env_keys[i].key) == 0) return set_env(o, &env_keys[i], value, diag);
  if (strcmp(key, "kernel") == 0) {
    if (!is_ident(value, strlen(value))) return rt_usage(diag, "bad kernel name '%s'", value);
    free(o->kernel);
    o->kernel = strdup(value);
  } else if (strcmp(key, "signature") == 0) {
    return set_signature(o, value, diag);
  } else if (strcmp(key, "define") == 0) {
    const char *eq = strchr(value, '=');
    size_t nlen = eq ? (size_t)(eq - value) : strlen(value);
    if (!eq || !is_param_name(value, nlen))
      return rt_usage(diag, "bad define '%s': expected NAME=VALUE", value);
    if (!eq[1]) return rt_usage(diag, "bad define '%s': missing value", value);
    int d = find_param(o->defs, o->ndefs, value, nlen);
    if (d >= 0)
      return rt_usage(diag, "bad define '%s': '%.*s' is already defined (as %s)", value, (int)nlen,
                      value, o->defs[d].type);
    if (find_param(o->sig, o->nsig, value, nlen) >= 0)
      return rt_usage(diag,
                      "bad define '%s': '%.*s' is also in the signature; a parameter is either a "
                      "runtime parameter or a constexpr",
                      value, (int)nlen, value);
    put_param(&o->defs, &o->ndefs, &o->capdefs, value, nlen, eq + 1, 0);
  } else if (strcmp(key, "target") == 0) {
    KccTargetConfig cfg;
    Diag d;
    diag_init(&d);
    if (!target_resolve(value, o->opt, &cfg, &d)) return rt_diag_out(&d, diag, KCC_ERR_USAGE);
    diag_free(&d);
    free(o->target);
    o->target = strdup(value);
  } else if (strcmp(key, "opt") == 0) {
    if (!parse_int(value, 0, 3, &o->opt))
      return rt_usage(diag, "bad optimisation level '%s' (expected 0, 1, 2 or 3)", value);
  } else if (strcmp(key, "cache-dir") == 0) {
    free(o->cache_dir);
    o->cache_dir = strdup(value);
  } else if (strcmp(key, "line-offset") == 0) {
    if (!parse_int(value, 0, 1 << 30, &o->line_offset))
      return rt_usage(diag, "bad line offset '%s'", value);
  } else if (strcmp(key, "col-offset") == 0) {
    if (!parse_int(value, 0, 1 << 20, &o->col_offset))
      return rt_usage(diag, "bad column offset '%s'", value);
  } else if (strcmp(key, "num-warps") == 0) {
    if (!parse_pow2(value, 64, &o->num_warps))
      return rt_usage(diag, "bad num-warps '%s' (expected a power of two from 1 to 64)", value);
  } else if (strcmp(key, "num-stages") == 0) {
    if (!parse_int(value, 0, 64, &o->num_stages))
      return rt_usage(diag,
                      "bad num-stages '%s' (expected 0 to 64; 0 and 1 mean no software "
                      "pipelining)",
                      value);
  } else if (strcmp(key, "num-ctas") == 0) {
    if (!parse_pow2(value, 16, &o->num_ctas))
      return rt_usage(diag, "bad num-ctas '%s' (expected a power of two from 1 to 16)", value);
  } else if (strcmp(key, "debug") == 0) {
    if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0)
      o->debug = true;
    else if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0)
      o->debug = false;
    else
      return rt_usage(diag, "bad debug value '%s' (expected 0 or 1)", value);
  } else if (strcmp(key, "check-bounds") == 0) {
    if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0)
      o->check_bounds = true;
    else if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0)
      o->check_bounds = false;
    else
      return rt_usage(diag, "bad check-bounds value '%s' (expected 0 or 1)", value);
  } else {
    return rt_usage(
        diag,
        "unknown option '%s' (expected kernel, signature, define, target, opt, "
        "cache-dir, line-offset, col-offset, debug, check-bounds, num-warps, num-stages, "
        "num-ctas, global, module, jit, opaque, function, function-file)",
        key);
  }
  return KCC_OK;
}
