/*
 * stage.c - what the LLVM GPU targets share around the lowering: their printed stages (kgpu and
 * simt after the SIMT steps, mlir-llvm, llvm and asm after gpu_lower), writing an artefact file
 * and running an external tool (ptxas, ld.lld) with its output captured for kcc's error.
 */
#include "gpu.h"

#include "kir.h"
#include "simt/simt.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

char *gpu_print_stage(MlirModule m, const KccTargetConfig *cfg, const GpuFamily *fam,
                      const char *stage, Diag *d, size_t *size) {
  bool later;
  char *s = simt_print_stage(m, cfg, stage, d, size, &later);
  if (!later) return s;
  if (!gpu_lower_to_llvm(m, cfg, fam, d)) return NULL;
  if (strcmp(stage, "mlir-llvm") == 0) {
    s = kir_print(mlirModuleGetOperation(m), false);
    *size = s ? strlen(s) : 0;
    return s;
  }
  if (strcmp(stage, "llvm") == 0) return llvm_emit_ir(m, cfg, d, size);
  if (strcmp(stage, "asm") == 0) return llvm_emit_asm(m, cfg, d, size);
  return NULL;
}

bool gpu_write_file(const char *path, const char *data, size_t len, Diag *d) {
  FILE *f = fopen(path, "wb");
  bool ok = f && fwrite(data, 1, len, f) == len;
  if (f && fclose(f) != 0) ok = false;
  if (!ok) diag_plain(d, "cannot write '%s': %s", path, strerror(errno));
  return ok;
}

int gpu_run_tool(char *const argv[], char **out) {
  *out = NULL;
  int fds[2];
  if (pipe(fds) != 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  size_t n = 0, cap = 4096;
  char *buf = malloc(cap);
  ssize_t r;
  while (buf && (r = read(fds[0], buf + n, cap - n - 1)) > 0) {
    n += (size_t)r;
    if (n + 1 == cap) buf = realloc(buf, cap *= 2);
  }
  close(fds[0]);
  if (buf) buf[n] = 0;
  *out = buf;
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}
