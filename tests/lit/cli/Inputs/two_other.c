/* The second translation unit of two_main.c. */
#include "first.h"

int two_other(float *x);

int two_other(float *x) {
  return first_launch(4, 1, 1, x);
}
