/* ref_add.c - the C -O3 OpenMP reference for the vector-add benchmark. */
#include <stddef.h>

void ref_add(const float *x, const float *y, float *out, long n) {
#pragma omp parallel for schedule(static)
  for (long i = 0; i < n; i++)
    out[i] = x[i] + y[i];
}
