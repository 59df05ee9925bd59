/*
 * debug.c - kir.print and kir.assert on an LLVM GPU target. print calls the family's printf_fn
 * (vprintf(format, args): the arguments packed in a stack buffer at their natural alignment,
 * floats promoted to double as C varargs are), with the program ids first as the other targets
 * print them: "pid (x, y, z) PREFIXvalue". A family without one (AMDGPU without the device
 * libraries) reports a located error. assert calls assert_fn(message, file, line, function, 1)
 * when its condition is false, or traps when the family has none.
 */
#include "gpu.h"

#include "cpu/cpu.h"
#include "kir.h"
#include "strbuf.h"

#include <mlir-c/Dialect/LLVM.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CB(g) ((CpuB *)(g)->cb)

static MlirStringRef str_attr(MlirOperation op, const char *name) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, kir_str(name));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAString(a)) return mlirStringRefCreate("", 0);
  return mlirStringAttrGetValue(a);
}

/* s with '%' doubled (it becomes part of a printf format) */
static void format_text(StrBuf *b, MlirStringRef s) {
  for (size_t i = 0; i < s.length; i++)
    strbuf_printf(b, s.data[i] == '%' ? "%%%%" : "%c", s.data[i]);
}

/* An i8 stack buffer of `bytes` bytes in the kernel's entry block (never inside a loop). */
static MlirValue stack_buffer(GpuB *g, int bytes) {
  CpuB *b = CB(g);
  MlirType i64 = cpu_int_t(b, 64);
  MlirValue one = cpu_cint(b, i64, 1);
  MlirType at = mlirLLVMArrayTypeGet(cpu_int_t(b, 8), (unsigned)bytes);
  MlirNamedAttribute attrs[2] = {
      cpu_nattr(b, "elem_type", mlirTypeAttrGet(at)),
      cpu_nattr(b, "alignment", mlirIntegerAttrGet(i64, 8)),
  };
  MlirType pt = mlirLLVMPointerTypeGet(g->ctx, (unsigned)g->cfg->dev.as_private);
  MlirOperation a = kir_op((MlirBlock){NULL}, "llvm.alloca", b->loc, 1, &one, 1, &pt, 2, attrs);
  mlirBlockInsertOwnedOperationBefore(b->entry, b->anchor, a);
  MlirValue p = mlirOperationGetResult(a, 0);
  if (g->cfg->dev.as_private != 0) /* the callee takes generic pointers */
    p = cpu_cast(b, "llvm.addrspacecast", p, mlirLLVMPointerTypeGet(g->ctx, 0));
  return p;
}

static void put(GpuB *g, MlirValue buf, int off, MlirValue v) {
  CpuB *b = CB(g);
  MlirValue ops[2] = {buf, cpu_cint(b, cpu_int_t(b, 64), off)};
  MlirNamedAttribute attrs[2] = {
      cpu_nattr(b, "elem_type", mlirTypeAttrGet(cpu_int_t(b, 8))),
      cpu_nattr(b, "rawConstantIndices", mlirDenseI32ArrayGet(g->ctx, 1, (int32_t[]){INT32_MIN})),
  };
  MlirValue p = cpu_op1(b, "llvm.getelementptr", 2, ops, mlirValueGetType(buf), 2, attrs);
  MlirValue st[2] = {v, p};
  cpu_op(b, "llvm.store", 2, st, 0, NULL, 0, NULL);
}

void gpu_lower_print(GpuB *g, MlirOperation op) {
  CpuB *b = CB(g);
  if (!g->fam->printf_fn) {
    gpu_fail(g, op,
             "tl.device_print needs the %s device libraries (printf), which kcc does not use",
             g->fam->name);
    return;
  }
  StrBuf fmt = {0};
  strbuf_printf(&fmt, "pid (%%d, %%d, %%d) ");
  format_text(&fmt, str_attr(op, "prefix"));
  MlirType i32 = cpu_int_t(b, 32), i64 = cpu_int_t(b, 64);
  MlirValue v = {NULL};
  int vbytes = 0;
  if (mlirOperationGetNumOperands(op) > 0) {
    v = mlirOperationGetOperand(op, 0);
    MlirType t = mlirValueGetType(v);
    if (mlirTypeIsAFloat(t)) {
      if (!mlirTypeIsAF64(t)) v = cpu_cast(b, "arith.extf", v, mlirF64TypeGet(g->ctx));
      strbuf_printf(&fmt, "%%f");
      vbytes = 8;
    } else if (mlirTypeIsALLVMPointerType(t) || kir_is_ptr_type(t)) {
      v = cpu_cast(b, "llvm.ptrtoint", v, i64);
      strbuf_printf(&fmt, "%%p");
      vbytes = 8;
    } else if (mlirIntegerTypeGetWidth(t) == 64) {
      strbuf_printf(&fmt, "%%lld");
      vbytes = 8;
    } else {
      v = mlirIntegerTypeGetWidth(t) == 32  ? v
          : mlirIntegerTypeGetWidth(t) == 1 ? cpu_cast(b, "arith.extui", v, i32)
                                            : cpu_cast(b, "arith.extsi", v, i32);
      strbuf_printf(&fmt, "%%d");
      vbytes = 4;
    }
  }
  strbuf_printf(&fmt, "\n");
  size_t flen;
  char *f = strbuf_take(&fmt, &flen);
  MlirValue fs = gpu_string(g, f, flen);
  free(f);
  MlirValue buf = stack_buffer(g, 24);
  for (int i = 0; i < 3; i++)
    put(g, buf, 4 * i, cpu_op1(b, g->fam->block_id[i], 0, NULL, i32, 0, NULL));
  if (v.ptr) put(g, buf, vbytes == 8 ? 16 : 12, v);
  gpu_declare(g, g->fam->printf_fn, "(!llvm.ptr, !llvm.ptr) -> i32");
  gpu_call(g, g->fam->printf_fn, 2, (MlirValue[]){fs, buf}, i32);
}

/* The name of the function holding op. */
static MlirStringRef enclosing_function(MlirOperation op) {
  for (MlirOperation p = mlirOperationGetParentOperation(op); !mlirOperationIsNull(p);
       p = mlirOperationGetParentOperation(p)) {
    MlirAttribute a = mlirOperationGetAttributeByName(p, kir_str("sym_name"));
    if (!mlirAttributeIsNull(a) && mlirAttributeIsAString(a)) return mlirStringAttrGetValue(a);
  }
  return kir_str("kernel");
}

void gpu_lower_assert(GpuB *g, MlirOperation op) {
  CpuB *b = CB(g);
  MlirType i1 = cpu_int_t(b, 1);
  MlirValue failed = cpu_cmpi(b, 0 /* eq */, mlirOperationGetOperand(op, 0), cpu_cint(b, i1, 0));
  CpuIf f;
  cpu_if_begin(b, &f, failed, 0, NULL);
  if (g->fam->assert_fn) {
    char file[512] = "<unknown>";
    int line = 0, col = 0;
    kir_loc_file_line_col(mlirOperationGetLocation(op), file, sizeof file, &line, &col);
    MlirStringRef msg = str_attr(op, "msg"), fn = enclosing_function(op);
    MlirValue args[5] = {
        gpu_string(g, msg.data, msg.length), gpu_string(g, file, strlen(file)),
        cpu_cint(b, cpu_int_t(b, 32), line), gpu_string(g, fn.data, fn.length),
        cpu_cint(b, cpu_int_t(b, 64), 1),
    };
    gpu_declare(g, g->fam->assert_fn, "(!llvm.ptr, !llvm.ptr, i32, !llvm.ptr, i64)");
    gpu_call(g, g->fam->assert_fn, 5, args, (MlirType){NULL});
  } else {
    cpu_op(b, "llvm.intr.trap", 0, NULL, 0, NULL, 0, NULL);
  }
  cpu_if_end(b, &f, NULL, NULL);
}
