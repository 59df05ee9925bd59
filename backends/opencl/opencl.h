/*
 * opencl.h - the `opencl` target (target.c): the SIMT lowering, then OpenCL C 1.2 source
 * printed by the C-like printer (clike.h) with the OpenCL row.
 */
#ifndef KCC_BACKENDS_OPENCL_H
#define KCC_BACKENDS_OPENCL_H

#include "target.h"

extern const KccTarget opencl_target;

#endif
