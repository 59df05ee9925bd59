/* Two kcc headers in one translation unit, and the first again in another (two_other.c): both
 * compile cleanly (strict C11, every warning an error) and the three launch functions share one
 * pool. Prints "ok". */
#include "first.h"
#include "second.h"

int two_other(float *x);

int main(void) {
  float x = 0.0f;
  for (int i = 0; i < 100; i++) {
    if (first_launch(1, 1, 1, &x) != 0 || x != 1.0f)
      return printf("first: %s\n", kcc_aot_last_error()), 1;
    if (second_launch(3, 2, 2, &x) != 0 || x != 2.0f)
      return printf("second: %s\n", kcc_aot_last_error()), 1;
    if (two_other(&x) != 0 || x != 1.0f) return printf("other: %s\n", kcc_aot_last_error()), 1;
  }
  puts("ok");
  return 0;
}
