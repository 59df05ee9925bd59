/*
 * kcc.c - the `kcc` command-line compiler: options in, one stage of the pipeline out.
 *
 *   kcc [--emit=STAGE] [-t TARGET[:ARCH]] [-k KERNEL] [--signature 'name=type,...']
 *       [-D NAME=VALUE]... [-O0..3] [-g] [--num-warps N] [--num-stages N] [--num-ctas N]
 *       [--cache-dir DIR] [-o OUT] [--header H]
 *       [--list-targets] [--version] [-h] FILE.py
 *
 * Stages: tokens and ast come straight from the lexer and parser (no signature needed); kir and
 * everything after it go through the public API (kcc_compile_kir + kcc_kernel_emit). Without
 * --emit the stage follows -o's suffix (.so, .o, .ll, .s) and is kir otherwise. Text stages go to
 * stdout without -o or with -o -; binary stages (obj, so) need a file.
 *
 * Exit status (a contract, tested in tests/lit/cli): 0 success, 1 compile error (diagnostics on
 * stderr exactly as the library produced them), 2 usage error ("kcc: error: ..." on stderr).
 */
#include "kcc/kcc.h"

#include "ast.h"
#include "kir_limits.h"
#include "target.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_COMPILE = 1, EXIT_USAGE = 2 };

static const char USAGE[] =
    "usage: kcc [options] FILE.py\n"
    "\n"
    "  --emit=STAGE         tokens, ast, kir, kir-loc, mlir-llvm, llvm, asm, obj, so, header\n"
    "                       (default: from -o's suffix .so .o .ll .s, else kir); device\n"
    "                       targets: kgpu, simt, then src (opencl), ptx, cubin (nvidia),\n"
    "                       asm, hsaco (amdgpu, dcu); see --list-targets\n"
    "  -t, --target T[:A]   target and architecture (default: cpu, the host); see --list-targets\n"
    "  -k, --kernel NAME    kernel to compile (may be omitted when the file has one kernel)\n"
    "  --signature SIG      runtime parameter types, e.g. 'x=*fp32,y=*fp32,n=i32' (repeatable)\n"
    "  -D NAME=VALUE        constexpr parameter value, a Python literal (repeatable)\n"
    "  -O0 .. -O3           LLVM optimisation level (default 3)\n"
    "  -g, --debug          keep tl.device_assert checks\n"
    "  --check-bounds       check every load/store/atomic against its array's size\n"
    "  --num-warps N        launch parameters as in Triton, recorded on the kir module and in\n"
    "  --num-stages N         the cache key: num-warps a power of two 1..64 (default 4),\n"
    "  --num-ctas N           num-stages 0..64 (default 3), num-ctas a power of two 1..16 (1)\n"
    "  --cache-dir DIR      kernel cache (default $KCC_CACHE_DIR or ~/.cache/kcc; '' disables)\n"
    "  -o OUT               output file ('-' or none: stdout, for text stages)\n"
    "  --header H           also write the AOT C header for the kernel to H\n"
    "  --list-targets       list the targets and exit\n"
    "  --version            print the version and exit\n"
    "  -h, --help           print this help and exit\n"
    "\n"
    "Exit status: 0 success, 1 compile error, 2 usage error.\n";

static int usage_error(const char *fmt, const char *arg) {
  fputs("kcc: error: ", stderr);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  return EXIT_USAGE;
}

static int status_exit(KccStatus st) {
  return st == KCC_ERR_USAGE ? EXIT_USAGE : EXIT_COMPILE;
}

/* Reads at most KCC_MAX_SOURCE_BYTES + 1 bytes, so an endless file (/dev/zero) is refused after
 * the limit instead of read until memory runs out: errno EFBIG then, with the file's size in
 * *len when it is a regular file (else the bytes read). */
static char *read_source(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, max = (size_t)KCC_MAX_SOURCE_BYTES + 1;
  char *buf = malloc(cap);
  for (size_t r;
       buf && n < max && (r = fread(buf + n, 1, (cap - 1 < max ? cap - 1 : max) - n, f)) > 0;) {
    n += r;
    if (n + 1 == cap && n < max) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb) free(buf);
      buf = nb;
    }
  }
  int err = ferror(f) ? errno : n >= max ? EFBIG : 0;
  struct stat st;
  if (err == EFBIG && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) n = (size_t)st.st_size;
  fclose(f);
  if (err || !buf) {
    free(buf);
    *len = n;
    errno = err ? err : ENOMEM;
    return NULL;
  }
  buf[n] = 0;
  *len = n;
  return buf;
}

/* The C API takes NUL-terminated source text, so a NUL byte in the file is reported here, where
 * the whole file is known, at its line and column. */
static int null_byte_error(const char *input, const char *text, size_t len) {
  const char *z = memchr(text, 0, len);
  int line = 1;
  const char *bol = text;
  for (const char *p = text; p < z; p++)
    if (*p == '\n') {
      line++;
      bol = p + 1;
    }
  SourceFile file = {input, text, len, 0};
  Diag d;
  diag_init(&d);
  diag_error(&d, (Loc){&file, line, (int)(z - bol) + 1}, "null byte in the source file");
  char *msg = diag_take(&d);
  fputs(msg ? msg : "", stderr);
  free(msg);
  diag_free(&d);
  return EXIT_COMPILE;
}

static bool is_binary_stage(const char *s) {
  return strcmp(s, "obj") == 0 || strcmp(s, "so") == 0;
}

/* A stage of the frontend, the API or any target (the API checks it against the chosen one). */
static bool known_stage(const char *s) {
  static const char *const stages[] = {"tokens", "ast", "kir", "kir-loc", "mlir-llvm",
                                       "llvm",   "asm", "obj", "so",      "header"};
  for (size_t i = 0; i < sizeof stages / sizeof *stages; i++)
    if (strcmp(s, stages[i]) == 0) return true;
  for (const KccTarget *const *t = target_list(); *t; t++)
    if (target_has_stage(*t, s)) return true;
  return false;
}

static const char *stage_from_suffix(const char *out) {
  const char *dot = out ? strrchr(out, '.') : NULL;
  if (!dot || strchr(dot, '/')) return "kir";
  if (strcmp(dot, ".so") == 0) return "so";
  if (strcmp(dot, ".o") == 0) return "obj";
  if (strcmp(dot, ".ll") == 0) return "llvm";
  if (strcmp(dot, ".s") == 0) return "asm";
  return "kir";
}

/* Writes bytes to `path` ("-" or NULL: stdout). Returns false after printing why. */
static bool write_out(const char *path, const char *data, size_t size, bool executable) {
  if (!path || strcmp(path, "-") == 0) {
    bool ok = fwrite(data, 1, size, stdout) == size && fflush(stdout) == 0;
    if (!ok) fprintf(stderr, "kcc: error: cannot write to stdout: %s\n", strerror(errno));
    return ok;
  }
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, executable ? 0777 : 0666);
  bool ok = fd >= 0;
  for (size_t done = 0; ok && done < size;) {
    ssize_t w = write(fd, data + done, size - done);
    if (w < 0 && errno == EINTR) continue;
    ok = w > 0;
    done += ok ? (size_t)w : 0;
  }
  if (fd >= 0 && close(fd) != 0) ok = false;
  if (!ok) fprintf(stderr, "kcc: error: cannot write '%s': %s\n", path, strerror(errno));
  return ok;
}

typedef struct Sink {
  FILE *f;
} Sink;

static void sink_write(const char *s, size_t n, void *u) {
  fwrite(s, 1, n, ((Sink *)u)->f);
}

/* --emit=tokens / --emit=ast: the frontend's own dumps, no MLIR involved. */
static int emit_syntax(const char *stage, const char *path, const char *text, size_t len,
                       const char *out) {
  SourceFile file = {.name = path, .text = text, .len = len};
  Arena *a = arena_create();
  Diag d;
  diag_init(&d);
  FILE *f = stdout;
  if (out && strcmp(out, "-") != 0 && !(f = fopen(out, "w"))) {
    fprintf(stderr, "kcc: error: cannot write '%s': %s\n", out, strerror(errno));
    arena_destroy(a);
    diag_free(&d);
    return EXIT_COMPILE;
  }
  Sink sink = {f};
  int rc = 0;
  if (strcmp(stage, "tokens") == 0) {
    int count = 0;
    Token *toks = lex_file(a, &d, &file, &count);
    if (toks && d.errors == 0)
      lex_dump(toks, count, sink_write, &sink);
    else
      rc = EXIT_COMPILE;
  } else {
    Node *mod = parse_module(a, &d, &file);
    if (mod && d.errors == 0)
      ast_dump(mod, sink_write, &sink);
    else
      rc = EXIT_COMPILE;
  }
  char *msg = diag_take(&d);
  if (msg) fputs(msg, stderr);
  free(msg);
  diag_free(&d);
  arena_destroy(a);
  if (f != stdout && fclose(f) != 0) {
    fprintf(stderr, "kcc: error: cannot write '%s': %s\n", out, strerror(errno));
    rc = EXIT_COMPILE;
  } else if (f == stdout) {
    fflush(stdout);
  }
  return rc;
}

static int list_targets(void) {
  char buf[4096];
  target_describe(buf, sizeof buf);
  printf("  %-10s %-5s %-14s %s\n%s", "TARGET", "KIND", "ARTEFACT", "DESCRIPTION", buf);
  return 0;
}

/* Splits "--name=value" / "--name value" / "-xvalue" / "-x value" forms. `long_name` may be NULL.
 * Returns the value (advancing *i when it is the next argument), or NULL if argv[*i] is not this
 * option; sets *missing when the option is there but its value is not. */
static const char *opt_value(int argc, char **argv, int *i, const char *short_name,
                             const char *long_name, bool *missing) {
  const char *a = argv[*i];
  size_t n;
  if (long_name && strncmp(a, long_name, n = strlen(long_name)) == 0 &&
      (a[n] == '=' || a[n] == 0)) {
    if (a[n] == '=') return a + n + 1;
  } else if (short_name && strncmp(a, short_name, n = strlen(short_name)) == 0) {
    if (a[n]) return a + n;
  } else {
    return NULL;
  }
  if (*i + 1 >= argc) {
    *missing = true;
    return NULL;
  }
  return argv[++*i];
}

int main(int argc, char **argv) {
  const char *emit = NULL, *out = NULL, *header = NULL, *input = NULL;
  KccOptions *opts = kcc_options_create();
  int rc = 0;
  char *diag = NULL;
  bool only_files = false;

  for (int i = 1; i < argc && rc == 0; i++) {
    const char *a = argv[i], *v = NULL;
    bool missing = false;
    const char *key = NULL;
    if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
      if (input) {
        rc = usage_error("more than one input file ('%s')", a);
        break;
      }
      input = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_files = true;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      fputs(USAGE, stdout);
      kcc_options_destroy(opts);
      return 0;
    } else if (strcmp(a, "--version") == 0) {
      printf("kcc %s\n", kcc_version());
      kcc_options_destroy(opts);
      return 0;
    } else if (strcmp(a, "--list-targets") == 0) {
      kcc_options_destroy(opts);
      return list_targets();
    } else if (strcmp(a, "-g") == 0 || strcmp(a, "--debug") == 0) {
      key = "debug", v = "1";
    } else if (strcmp(a, "--check-bounds") == 0) {
      key = "check-bounds", v = "1";
    } else if (strncmp(a, "-O", 2) == 0) {
      if (a[2] < '0' || a[2] > '3' || a[3])
        rc = usage_error("bad optimisation level '%s' (expected -O0, -O1, -O2 or -O3)", a);
      key = "opt", v = a + 2;
    } else if ((v = opt_value(argc, argv, &i, NULL, "--emit", &missing)) || missing) {
      if (v && !known_stage(v)) {
        char more[256] = "";
        for (const KccTarget *const *t = target_list(); *t; t++)
          for (const char *const *st = (*t)->stages; st && *st; st++)
            if (!strstr("mlir-llvm,llvm,asm,obj,so", *st))
              snprintf(more + strlen(more), sizeof more - strlen(more), ", %s (%s)", *st,
                       (*t)->name);
        char msg[512];
        snprintf(msg, sizeof msg,
                 "unknown stage '%.64s' (expected tokens, ast, kir, kir-loc, mlir-llvm, llvm, asm, "
                 "obj, so, header%s)",
                 v, more);
        rc = usage_error("%s", msg);
      }
      emit = v;
    } else if ((v = opt_value(argc, argv, &i, "-t", "--target", &missing)) || missing) {
      key = "target";
    } else if ((v = opt_value(argc, argv, &i, "-k", "--kernel", &missing)) || missing) {
      key = "kernel";
    } else if ((v = opt_value(argc, argv, &i, NULL, "--signature", &missing)) || missing) {
      key = "signature";
    } else if ((v = opt_value(argc, argv, &i, "-D", NULL, &missing)) || missing) {
      key = "define";
    } else if ((v = opt_value(argc, argv, &i, NULL, "--cache-dir", &missing)) || missing) {
      key = "cache-dir";
    } else if ((v = opt_value(argc, argv, &i, NULL, "--num-warps", &missing)) || missing) {
      key = "num-warps";
    } else if ((v = opt_value(argc, argv, &i, NULL, "--num-stages", &missing)) || missing) {
      key = "num-stages";
    } else if ((v = opt_value(argc, argv, &i, NULL, "--num-ctas", &missing)) || missing) {
      key = "num-ctas";
    } else if ((v = opt_value(argc, argv, &i, "-o", NULL, &missing)) || missing) {
      out = v;
    } else if ((v = opt_value(argc, argv, &i, NULL, "--header", &missing)) || missing) {
      header = v;
    } else {
      rc = usage_error("unknown option '%s' (see kcc -h)", a);
    }
    if (rc == 0 && missing) rc = usage_error("option '%s' needs a value", a);
    if (rc == 0 && key) {
      KccStatus st = kcc_options_set(opts, key, v, &diag);
      if (st != KCC_OK) {
        fputs(diag ? diag : "kcc: error: bad option\n", stderr);
        rc = status_exit(st);
      }
      kcc_free(diag);
      diag = NULL;
    }
  }
  if (rc == 0 && !input) rc = usage_error("%s", "no input file (see kcc -h)");
  if (rc != 0) {
    kcc_options_destroy(opts);
    return rc;
  }

  size_t len = 0;
  char *text = read_source(input, &len);
  if (!text && errno == EFBIG) {
    fprintf(stderr,
            "kcc: error: %s: the source is %s%zu bytes, more than the limit of %u bytes "
            "(16 MiB)\n",
            input, len == (size_t)KCC_MAX_SOURCE_BYTES + 1 ? "at least " : "", len,
            KCC_MAX_SOURCE_BYTES);
    kcc_options_destroy(opts);
    return EXIT_COMPILE;
  }
  if (!text) {
    fprintf(stderr, "kcc: error: cannot open '%s': %s\n", input, strerror(errno));
    kcc_options_destroy(opts);
    return EXIT_USAGE;
  }

  if (!emit) emit = header && !out ? NULL : stage_from_suffix(out);
  if (emit && is_binary_stage(emit) && (!out || strcmp(out, "-") == 0)) {
    rc = usage_error("--emit=%s writes a binary file: give -o FILE", emit);
  } else if (emit && (strcmp(emit, "tokens") == 0 || strcmp(emit, "ast") == 0)) {
    rc = emit_syntax(emit, input, text, len, out);
  } else if (memchr(text, 0, len)) {
    rc = null_byte_error(input, text, len);
  } else {
    KccKernel *k = NULL;
    KccStatus st = kcc_compile_kir(input, text, opts, &k, &diag);
    const char *stages[2] = {emit, header ? "header" : NULL};
    const char *dests[2] = {out, header};
    for (int s = 0; s < 2 && st == KCC_OK; s++) {
      if (!stages[s]) continue;
      char *data = NULL;
      size_t size = 0;
      st = kcc_kernel_emit(k, stages[s], &data, &size, &diag);
      if (st == KCC_OK && !write_out(dests[s], data, size, strcmp(stages[s], "so") == 0))
        rc = EXIT_COMPILE;
      kcc_free(data);
      if (rc) break;
    }
    if (st != KCC_OK) {
      if (diag) fputs(diag, stderr);
      rc = status_exit(st);
    }
    kcc_free(diag);
    kcc_kernel_destroy(k);
  }
  free(text);
  kcc_options_destroy(opts);
  return rc;
}
