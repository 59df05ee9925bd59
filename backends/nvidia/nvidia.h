/*
 * nvidia.h - the `nvidia` target (target.c): the SIMT lowering, the shared GPU lowering with the
 * NVVM family row, PTX from LLVM NVPTX (the artefact) and a cubin through ptxas.
 */
#ifndef KCC_BACKENDS_NVIDIA_H
#define KCC_BACKENDS_NVIDIA_H

#include "target.h"

extern const KccTarget nvidia_target;

#endif
