/*
 * meta.c - the "kcc-meta" text of a kernel, made from kir attributes by the same code for every
 * target. Each target embeds it in its artefact (the CPU target as the constant string
 * kcc_meta_NAME; a text artefact can carry it in a comment), and the runtime reads a kernel's
 * name, parameters and launch shape back from it without running the frontend (cache hits,
 * kcc_kernel_load). The format (docs/kir.md, "Kernel metadata"):
 *   kcc-meta 1
 *   kernel NAME
 *   param NAME TYPE          one per runtime parameter, in order (kcc.name / kcc.type)
 *   threads N                threads of one program (kcc.threads on the func; default 1)
 *   shared N                 shared-memory bytes of one program (kcc.shared; default 0)
 *   end
 * Readers ignore keys they do not know, so later versions may add lines before `end`.
 */
#include "kir.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static MlirStringRef arg_string(MlirOperation f, intptr_t i, const char *name) {
  MlirAttribute aa = mlirOperationGetAttributeByName(f, kir_str("arg_attrs"));
  if (mlirAttributeIsNull(aa) || !mlirAttributeIsAArray(aa) || i >= mlirArrayAttrGetNumElements(aa))
    return (MlirStringRef){"", 0};
  MlirAttribute d = mlirArrayAttrGetElement(aa, i);
  MlirAttribute s = mlirAttributeIsADictionary(d)
                        ? mlirDictionaryAttrGetElementByName(d, kir_str(name))
                        : (MlirAttribute){NULL};
  if (mlirAttributeIsNull(s) || !mlirAttributeIsAString(s)) return (MlirStringRef){"", 0};
  return mlirStringAttrGetValue(s);
}

static int64_t func_int(MlirOperation f, const char *name, int64_t dflt) {
  MlirAttribute a = mlirOperationGetAttributeByName(f, kir_str(name));
  return !mlirAttributeIsNull(a) && mlirAttributeIsAInteger(a) ? mlirIntegerAttrGetValueInt(a)
                                                               : dflt;
}

char *kir_kernel_meta(MlirOperation kernel, size_t *len) {
  StrBuf t = {0};
  MlirStringRef name =
      mlirStringAttrGetValue(mlirOperationGetAttributeByName(kernel, kir_str("sym_name")));
  strbuf_printf(&t, "kcc-meta 1\nkernel %.*s\n", (int)name.length, name.data);
  MlirType ft =
      mlirTypeAttrGetValue(mlirOperationGetAttributeByName(kernel, kir_str("function_type")));
  for (intptr_t i = 0; i < mlirFunctionTypeGetNumInputs(ft); i++) {
    MlirStringRef pn = arg_string(kernel, i, "kcc.name"), pt = arg_string(kernel, i, "kcc.type");
    strbuf_printf(&t, "param %.*s %.*s\n", (int)pn.length, pn.data, (int)pt.length, pt.data);
  }
  strbuf_printf(&t, "threads %lld\nshared %lld\nend\n",
                (long long)func_int(kernel, "kcc.threads", 1),
                (long long)func_int(kernel, "kcc.shared", 0));
  return strbuf_take(&t, len);
}
