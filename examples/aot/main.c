/*
 * main.c - a C host calling a kcc kernel ahead of time, without Python or libkcc: the kernel was
 * compiled by `kcc add.py ... -o libadd_kernel.so --header add_kernel.h` (see Makefile), and the
 * header's add_kernel_launch runs the grid on a thread pool that the first launch starts and later
 * launches reuse (KCC_NUM_THREADS threads, the caller included).
 */
#include "add_kernel.h"

#include <stdio.h>
#include <stdlib.h>

enum { BLOCK_SIZE = 1024 }; /* must match -D BLOCK_SIZE=... in the Makefile */

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000003; /* not a multiple of the block: tests the mask */
  float *x = malloc(sizeof *x * (size_t)n), *y = malloc(sizeof *y * (size_t)n);
  float *out = malloc(sizeof *out * ((size_t)n + 1)), *ref = malloc(sizeof *ref * (size_t)n);
  if (!x || !y || !out || !ref) return fprintf(stderr, "out of memory\n"), 1;
  for (int i = 0; i < n; i++) {
    x[i] = (float)(i % 1000) * 0.25f;
    y[i] = (float)(i % 77) - 3.0f;
    ref[i] = x[i] + y[i];
  }
  out[n] = 42.0f; /* the masked tail must not write past n */

  unsigned grid = (unsigned)((n + BLOCK_SIZE - 1) / BLOCK_SIZE);
  if (add_kernel_launch(grid, 1, 1, x, y, out, n) != 0)
    return fprintf(stderr, "launch failed: %s\n", kcc_aot_last_error()), 1;

  for (int i = 0; i < n; i++)
    if (out[i] != ref[i])
      return fprintf(stderr, "mismatch at %d: %g != %g\n", i, out[i], ref[i]), 1;
  if (out[n] != 42.0f) return fprintf(stderr, "wrote past the end\n"), 1;
  printf("ok\n");
  free(x), free(y), free(out), free(ref);
  return 0;
}
