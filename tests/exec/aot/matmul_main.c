/* AOT host for examples/matmul.py (matmul_kernel: fp16 A @ B with leaky_relu, fp32 accumulation,
 * fp16 output, 64x64x32 tiles, grouped ordering), against a C reference accumulating in double
 * from the same fp16 inputs. */
#include "kernel.h"

#include "aot_common.h"

int main(void) {
  enum { M = 150, N = 100, K = 90 };
  uint16_t *a = malloc(sizeof(uint16_t) * M * K), *b = malloc(sizeof(uint16_t) * K * N);
  uint16_t *c = malloc(sizeof(uint16_t) * M * N);
  AOT_CHECK(a && b && c, "out of memory");
  for (int i = 0; i < M * K; i++)
    a[i] = aot_f2h(aot_rand());
  for (int i = 0; i < K * N; i++)
    b[i] = aot_f2h(aot_rand());
  memset(c, 0xff, sizeof(uint16_t) * M * N);
  unsigned grid = (unsigned)(((M + 63) / 64) * ((N + 63) / 64));
  AOT_CHECK(matmul_kernel_launch(grid, 1, 1, a, b, c, M, N, K, K, 1, N, 1, N, 1) == 0,
            "launch failed: %s", kcc_aot_last_error());
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      double acc = 0;
      for (int k = 0; k < K; k++)
        acc += (double)aot_h2f(a[i * K + k]) * aot_h2f(b[k * N + j]);
      double ref = acc >= 0 ? acc : 0.01 * acc;
      float got = aot_h2f(c[i * N + j]);
      AOT_CHECK(aot_close(got, ref, 2e-3, 2e-3), "c[%d][%d] = %.6g, expected %.6g", i, j, got, ref);
    }
  free(a), free(b), free(c);
  puts("ok");
  return 0;
}
