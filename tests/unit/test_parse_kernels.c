/*
 * test_parse_kernels.c - unit tests of parse_module_kernels: host code that is not in the kernel
 * subset is skipped whole (leaving stubs for the names it binds), @jit functions stay strict, and
 * a failed attempt leaves no diagnostics behind.
 */
#include "ast.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

static SourceFile file;

static Node *parse(Arena *a, Diag *d, const char *src) {
  file = (SourceFile){"t.py", src, strlen(src), 0};
  diag_init(d);
  return parse_module_kernels(a, d, &file);
}

static const Node *stmt(const Node *m, int i) {
  return m && i < m->body.len ? m->body.items[i] : NULL;
}

int main(void) {
  Arena *a = arena_create();
  Diag d;

  /* host code around a kernel: nested comprehension, class with `with`, f-string, __main__ block */
  Node *m = parse(a, &d,
                  "import triton\n"
                  "configs = [c for c in range(3) for d in range(2)]\n"
                  "class Runner:\n"
                  "    def run(self):\n"
                  "        with open('x') as f:\n"
                  "            return f'{f}'\n"
                  "@triton.autotune(configs=[x for x in configs for y in configs], key=['n'])\n"
                  "@triton.jit\n"
                  "def k(x_ptr, n):\n"
                  "    pass\n"
                  "if __name__ == '__main__':\n"
                  "    try:\n"
                  "        k[(1,)](None, 1)\n"
                  "    except Exception:\n"
                  "        pass\n"
                  "X = 3\n");
  CHECK(m != NULL);
  CHECK(d.errors == 0 && d.len == 0);
  CHECK(stmt(m, 0) && stmt(m, 0)->kind == N_IMPORT);
  /* skipped assignment: a stub that binds `configs` with no value */
  CHECK(stmt(m, 1) && stmt(m, 1)->kind == N_ASSIGN && stmt(m, 1)->b == NULL &&
        strcmp(stmt(m, 1)->list.items[0]->name, "configs") == 0 && stmt(m, 1)->loc.line == 2);
  /* class Runner parses? its `with` does not: a stub without a body */
  CHECK(stmt(m, 2) && stmt(m, 2)->kind == N_CLASS && strcmp(stmt(m, 2)->name, "Runner") == 0 &&
        stmt(m, 2)->body.len == 0);
  /* the kernel keeps its jit decorator; the autotune decorator that does not parse is dropped */
  const Node *k = stmt(m, 3);
  CHECK(k && k->kind == N_FUNCTION && strcmp(k->name, "k") == 0 && k->decorators.len == 1 &&
        k->body.len == 1 && k->loc.line == 9);
  /* the __main__ block fails (try) and binds nothing; X = 3 parses */
  CHECK(stmt(m, 4) && stmt(m, 4)->kind == N_ASSIGN && stmt(m, 4)->b &&
        stmt(m, 4)->b->kind == N_INT && stmt(m, 4)->loc.line == 16);
  CHECK(m && m->body.len == 5);
  diag_free(&d);

  /* errors inside a @jit function are still errors, at their location */
  m = parse(a, &d,
            "import triton\n"
            "@triton.jit\n"
            "def k(x):\n"
            "    y = [i for i in x for j in x]\n");
  CHECK(m == NULL);
  CHECK(d.errors == 1 && d.buf &&
        strstr(d.buf,
               "t.py:4:23: error: nested comprehensions (two 'for' clauses) are not supported"));
  diag_free(&d);

  /* lexer errors anywhere stay errors */
  m = parse(a, &d, "def host():\n    s = 'unterminated\n");
  CHECK(m == NULL && d.errors == 1);
  diag_free(&d);

  /* everything the strict parser accepts, the kernel parser accepts the same way */
  m = parse(a, &d, "def f(a, b=1):\n    return a + b\nY = f\n");
  CHECK(m && m->body.len == 2 && stmt(m, 0)->kind == N_FUNCTION && stmt(m, 0)->body.len == 1);
  diag_free(&d);

  arena_destroy(a);
  printf("test_parse_kernels: %d checks, %d failures\n", checks, failures);
  return failures != 0;
}
