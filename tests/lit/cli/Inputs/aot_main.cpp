// The AOT header in C++ (and, compiled with -x c, in C): a launch runs, and a grid whose number
// of programs overflows is refused with -1 and a message (nothing runs).
#include "add.h"
#include <stdio.h>
int main(void) {
  float a[4] = {1, 2, 3, 4}, b[4] = {1, 1, 1, 1}, c[4] = {0, 0, 0, 0};
  if (add_kernel_launch(1, 1, 1, a, b, c, 4) != 0 || c[3] != 5) return 1;
  c[0] = 0;
  if (add_kernel_launch(0x7fffffffu, 0x7fffffffu, 0x7fffffffu, a, b, c, 4) != -1) return 2;
  if (c[0] != 0) return 3;
  printf("overflow: %s\n", kcc_aot_last_error());
  if (add_kernel_launch(0x80000000u, 1, 1, a, b, c, 4) != -1) return 4;
  printf("dimension: %s\n", kcc_aot_last_error());
  if (add_kernel_launch(0, 1, 1, a, b, c, 4) != 0) return 5; /* an empty grid: nothing, as Triton */
  printf("ok\n");
  return 0;
}
