/* AOT host for examples/vector_add.py (add_kernel, BLOCK_SIZE=1024): out = x + y, checked exactly,
 * with a sentinel after the end that the masked tail must not touch. */
#include "kernel.h"

#include "aot_common.h"

int main(void) {
  const int n = 100003;
  float *x = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * n);
  float *out = malloc(sizeof(float) * (n + 1));
  AOT_CHECK(x && y && out, "out of memory");
  for (int i = 0; i < n; i++) {
    x[i] = aot_rand() * 100.0f;
    y[i] = aot_rand();
    out[i] = -1.0f;
  }
  out[n] = 12345.0f;
  unsigned grid = (unsigned)((n + 1023) / 1024);
  AOT_CHECK(add_kernel_launch(grid, 1, 1, x, y, out, n) == 0, "launch failed: %s",
            kcc_aot_last_error());
  for (int i = 0; i < n; i++)
    AOT_CHECK(out[i] == x[i] + y[i], "out[%d] = %g, expected %g", i, out[i], x[i] + y[i]);
  AOT_CHECK(out[n] == 12345.0f, "the masked tail wrote past the end");
  free(x), free(y), free(out);
  puts("ok");
  return 0;
}
