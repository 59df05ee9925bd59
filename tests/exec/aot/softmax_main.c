/* AOT host for examples/softmax.py (softmax_kernel, BLOCK_SIZE=1024): row softmax over padded
 * rows, with fewer programs than rows (the kernel's grid-stride loop), against a double-precision
 * C reference. */
#include "kernel.h"

#include "aot_common.h"

int main(void) {
  enum { ROWS = 45, COLS = 777, IN_STRIDE = 800, OUT_STRIDE = 790 };
  float *x = calloc(ROWS * IN_STRIDE, sizeof(float)), *y = calloc(ROWS * OUT_STRIDE, sizeof(float));
  AOT_CHECK(x && y, "out of memory");
  for (int i = 0; i < ROWS * IN_STRIDE; i++)
    x[i] = aot_rand() * 8.0f;
  AOT_CHECK(softmax_kernel_launch(7, 1, 1, y, x, IN_STRIDE, OUT_STRIDE, ROWS, COLS) == 0,
            "launch failed: %s", kcc_aot_last_error());
  for (int r = 0; r < ROWS; r++) {
    double mx = -INFINITY, sum = 0;
    for (int c = 0; c < COLS; c++)
      mx = fmax(mx, x[r * IN_STRIDE + c]);
    for (int c = 0; c < COLS; c++)
      sum += exp(x[r * IN_STRIDE + c] - mx);
    for (int c = 0; c < COLS; c++) {
      double ref = exp(x[r * IN_STRIDE + c] - mx) / sum;
      float got = y[r * OUT_STRIDE + c];
      AOT_CHECK(aot_close(got, ref, 1e-5, 1e-7), "y[%d][%d] = %.9g, expected %.9g", r, c, got, ref);
    }
    for (int c = COLS; c < OUT_STRIDE; c++)
      AOT_CHECK(y[r * OUT_STRIDE + c] == 0.0f, "wrote y[%d][%d] past the row", r, c);
  }
  free(x), free(y);
  puts("ok");
  return 0;
}
