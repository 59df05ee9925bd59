/* AOT host for examples/grid2d.py (transpose_add_kernel, 32x64 tiles on a 2-D grid):
 * out = x^T + y with padded strides, checked exactly, padding untouched. */
#include "kernel.h"

#include "aot_common.h"

int main(void) {
  enum { M = 100, N = 130, SX = 133, SY = 101, SO = 105 };
  float *x = malloc(sizeof(float) * M * SX), *y = malloc(sizeof(float) * N * SY);
  float *out = malloc(sizeof(float) * N * SO);
  AOT_CHECK(x && y && out, "out of memory");
  for (int i = 0; i < M * SX; i++)
    x[i] = aot_rand();
  for (int i = 0; i < N * SY; i++)
    y[i] = aot_rand();
  for (int i = 0; i < N * SO; i++)
    out[i] = 77.0f;
  AOT_CHECK(transpose_add_kernel_launch((M + 31) / 32, (N + 63) / 64, 1, x, y, out, M, N, SX, SY,
                                        SO) == 0,
            "launch failed: %s", kcc_aot_last_error());
  for (int n = 0; n < N; n++)
    for (int m = 0; m < SO; m++) {
      float ref = m < M ? x[m * SX + n] + y[n * SY + m] : 77.0f;
      AOT_CHECK(out[n * SO + m] == ref, "out[%d][%d] = %g, expected %g", n, m, out[n * SO + m],
                ref);
    }
  free(x), free(y), free(out);
  puts("ok");
  return 0;
}
