/*
 * gen_internal.h - state shared by the generator's files: values (constexpr or runtime), the
 * environment, and emission helpers. Private to frontend/gen*.c.
 */
#ifndef KCC_FRONTEND_GEN_INTERNAL_H
#define KCC_FRONTEND_GEN_INTERNAL_H

#include "gen.h"
#include "kir.h"
#include "sema.h"
#include <setjmp.h>

typedef enum VKind {
  V_NONE,     /* Python None */
  V_BOOL,     /* constexpr bool: i */
  V_INT,      /* constexpr int: i (ubig: value is (uint64_t)i >= 2^63) */
  V_FLOAT,    /* constexpr float: f */
  V_STR,      /* constexpr str: s */
  V_DTYPE,    /* a tl dtype: dt */
  V_TUPLE,    /* tuple/list: items, n (may mix constexprs and tensors) */
  V_TENSOR,   /* runtime value: v (MlirValue), ty */
  V_FUNC,     /* a jit function: fn (N_FUNCTION node) */
  V_BUILTIN,  /* a builtin callable/namespace: s = qualified name ("tl.load", "tl", "math") */
  V_METHOD,   /* a bound method: self (items[0]), s = method name */
  V_SLICE,    /* ':' in a subscript */
  V_BLOCKPTR, /* tl.make_block_ptr: items, n = 1 + 5 * rank, i = rank (gen_blockptr.c) */
} VKind;

typedef struct Value Value;
struct Value {
  VKind kind;
  bool ubig;
  bool is_list;
  unsigned short nest; /* V_TUPLE: nesting of tuples inside (0: none), see gen_tuple_nest */
  int64_t i;
  double f;
  const char *s;
  const DType *dt;
  const Node *fn;
  Value *items;
  int n;
  MlirValue v;
  Type ty;
};

typedef struct Binding {
  const char *name;
  Value val;
  const Node *site; /* the statement that last assigned it (for diagnostics), or NULL */
} Binding;

typedef struct Env {
  Binding *b;
  int n, cap;
} Env;

typedef struct Gen {
  MlirContext ctx;
  Arena *a;
  Diag *d;
  const Node *module;
  const Node *prelude[2];   /* gen_prelude.c's modules, each parsed on first use */
  const Node *prelude_call; /* the user's call while generating prelude code, else NULL */
  const SourceFile *file;
  jmp_buf fail;        /* gen_fail longjmps here after reporting */
  MlirBlock *detached; /* blocks not yet owned by a region (gen_block_new), oldest first */
  int ndetached, capdetached;
  MlirBlock block; /* insertion block */
  Env env;         /* current function's variables */
  int depth;       /* inlining depth */
  /* growth counters, checked against kir_limits.h's GEN_MAX_* (a located error beyond them) */
  int nest;         /* recursion depth of gen_expr / gen_stmts */
  long ops;         /* operations emitted (gen_op) */
  long inlined;     /* inlined calls */
  long unrolled;    /* tl.static_range iterations */
  long const_iters; /* loop iterations run in constexpr functions */
  bool debug;
  MlirLocation loc; /* location of the node being generated */
  const Node *node; /* that node (for errors found where no node is at hand, e.g. gen_op) */
  /* return handling inside the current inlined function */
  bool returned;
  Value ret;
  bool in_loop;
  bool in_define;  /* evaluating a -D value: `tl` and `triton` always name the language */
  bool const_eval; /* inside a constexpr function: assignments stay constexpr, loops run now */
  const Node *assign_site; /* statement whose assignment gen_bind is recording, or NULL */
  const Node *ret_node;    /* the return statement that set `ret` */
  const NodeList *fn_body; /* the current function's body (falling off its end returns None) */
  /* the environment given with the request (gen_env.c): entries of req->defs named "KEY NAME" */
  const GenParam *envp;     /* req->defs */
  int nenv;                 /* req->ndefs */
  bool has_env;             /* some entry is an environment entry */
  const char *scope;        /* whose environment names resolve in: NULL the kernel's, else an ID */
  const Node *scope_module; /* the module of that function: env lookups only while in it */
  struct GenEnvFn *fns;     /* jit functions parsed from "function" entries */
  int nfns, capfns;
  Value *envval;            /* "global" values by entry index, once evaluated */
  unsigned char *envstate;  /* 0: not yet, 1: being evaluated, 2: envval holds it */
  MlirBlock kernel_entry;   /* the kernel's entry block: its arguments are the kernel's */
  MlirAttribute *arg_attrs; /* their attribute dictionaries, until the func.func is built */
} Gen;

_Noreturn void gen_fail(Gen *g, const Node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* values */
Value gen_const_int(int64_t v);
Value gen_tensor(MlirValue v, Type t);
bool gen_is_const(const Value *v); /* bool/int/float (python numbers) */
/* Checks a new tuple's nesting (GEN_MAX_VALUE_NEST) at node n and records it in t->nest. */
void gen_tuple_nest(Gen *g, const Node *n, Value *t);
const char *gen_value_desc(Gen *g, const Value *v);

/* types */
MlirType gen_mlir_dtype(Gen *g, const DType *dt);
MlirType gen_mlir_type(Gen *g, Type t);

/* emission */
MlirOperation gen_op(Gen *g, const char *name, intptr_t nops, const MlirValue *ops, intptr_t nres,
                     const MlirType *res, intptr_t nattrs, const MlirNamedAttribute *attrs);
MlirValue gen_op1(Gen *g, const char *name, intptr_t nops, const MlirValue *ops, MlirType res,
                  intptr_t nattrs, const MlirNamedAttribute *attrs);
Value gen_to_tensor(Gen *g, const Node *n, const Value *v); /* constexpr -> scalar tensor */
Value gen_cast(Gen *g, const Node *n, Value v, const DType *to, bool bitcast);
/* gen_fp8.c: an fp8 tensor (bytes in kir) as fp32, exactly; an fp32 tensor rounded to fp8 `to` */
Value gen_fp8_decode(Gen *g, const Node *n, Value v);
Value gen_fp8_encode(Gen *g, const Node *n, Value x, const DType *to);
Value gen_broadcast_to(Gen *g, const Node *n, Value v, Type shape); /* splat/broadcast to shape */
Value gen_binary(Gen *g, const Node *n, const char *op, Value a, Value b);
Type gen_promoted(Gen *g, const Node *n, const char *op, Value a, Value b);
Value gen_unary(Gen *g, const Node *n, const char *op, Value a);
Value gen_constant(Gen *g, Type t, double f, int64_t i); /* splat constant of type t */
Value gen_cmp(Gen *g, const Node *n, const char *op, Value a, Value b);
MlirValue gen_scalar_cond(Gen *g, const Node *n, Value c);

/* expressions & calls */
Value gen_expr(Gen *g, const Node *n);
Value gen_call_builtin(Gen *g, const Node *call, const char *name, Value *self, Value *args,
                       int nargs, const char **kwnames, Value *kwargs, int nkw);
Value gen_getattr(Gen *g, const Node *n, Value obj, const char *attr);
Value gen_call_function(Gen *g, const Node *call, const Node *fn, Value *args, int nargs,
                        const char **kwnames, Value *kwargs, int nkw);
bool gen_truthy(Gen *g, const Node *n, const Value *v);

/* The builtins kcc writes in the kernel language (gen_prelude.c: tl.rand & co. from gen_random.c,
 * tl.dot_scaled from gen_scaled.c): true when `name` is a public function of a prelude module
 * (not starting with '_'), with its result in *out. */
extern const SourceFile gen_prelude_random, gen_prelude_scaled;
bool gen_call_prelude(Gen *g, const Node *call, const char *name, Value *args, int nargs,
                      const char **kwnames, Value *kwargs, int nkw, Value *out);

/* block pointers (gen_blockptr.c) */
Value gen_make_block_ptr(Gen *g, const Node *n, Value base, Value shape, Value strides,
                         Value offsets, Value block_shape, Value order);
Value gen_advance(Gen *g, const Node *n, Value bp, Value offsets);
Value gen_block_load(Gen *g, const Node *n, Value bp, const Value *boundary_check,
                     const Value *padding);
void gen_block_store(Gen *g, const Node *n, Value bp, Value v, const Value *boundary_check);
/* tensor descriptors: block pointers at offset 0 whose loads and stores check every dimension */
Value gen_make_descriptor(Gen *g, const Node *n, Value base, Value shape, Value strides,
                          Value block_shape);
Value gen_descriptor_load(Gen *g, const Node *n, Value desc, Value offsets);
void gen_descriptor_store(Gen *g, const Node *n, Value desc, Value offsets, Value v);

/* the request's environment (gen_env.c) */
void gen_env_init(Gen *g, const GenRequest *req);
bool gen_env_is_entry(const char *name); /* a "KEY NAME" entry of GenRequest.defs */
/* Resolves a free name in the current function's environment; false when it has no entry. */
bool gen_env_lookup(Gen *g, const Node *use, const char *name, Value *out);
/* The jit function of a "function ID=SOURCE" entry (a define's value may name one). */
bool gen_env_function(Gen *g, const Node *use, const char *id, Value *out);
/* Makes fn's environment (and module, file) current when fn came from a "function" entry. */
typedef struct GenScope {
  const char *scope;
  const Node *scope_module, *module;
  const SourceFile *file;
} GenScope;
void gen_env_enter(Gen *g, const Node *fn, GenScope *saved);
void gen_env_leave(Gen *g, const GenScope *saved);
/* A Python literal (`-D` values, "global" entries) as a constexpr; `what` names it in errors. */
Value gen_literal(Gen *g, const Node *at, const char *what, const char *name, const char *text);
/* The builtin namespace of an imported module path ("triton.language" -> "tl"). */
const char *gen_canon_module(Gen *g, const char *path);

/* environment */
Value *gen_lookup(Gen *g, const char *name);
void gen_bind(Gen *g, const char *name, Value v);
/* Where `name` was last assigned (NULL when unknown). */
const Node *gen_binding_site(Gen *g, const char *name);

/* Blocks under construction: created by gen_block_new, handed to a region (gen_block_owned) or
 * destroyed (gen_block_drop). When generation fails, the blocks still detached are destroyed,
 * innermost first, so an error never leaks the IR built so far. */
MlirBlock gen_block_new(Gen *g, intptr_t nargs, const MlirType *types, const MlirLocation *locs);
void gen_block_owned(Gen *g, MlirBlock b);
void gen_block_drop(Gen *g, MlirBlock b);

#endif
