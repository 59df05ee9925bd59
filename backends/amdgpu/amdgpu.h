/*
 * amdgpu.h - the `amdgpu` target and its `dcu` alias (target.c): the SIMT lowering, the shared
 * GPU lowering with the ROCDL family row, an AMDGPU object linked by ld.lld into a hsaco.
 */
#ifndef KCC_BACKENDS_AMDGPU_H
#define KCC_BACKENDS_AMDGPU_H

#include "target.h"

extern const KccTarget amdgpu_target;
extern const KccTarget dcu_target;

#endif
