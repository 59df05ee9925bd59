// Pointers and memory: masked loads never dereference (0 or `other` instead), masked stores,
// volatile, i1 memory as 8 bits, pointer casts, workgroup buffers at kernel scope, gpu ids and
// the barrier.
// RUN: %kcc-opt %s --emit-opencl | FileCheck %s
// RUN: %kcc-opt %s --emit-opencl -o %t.cl
// RUN: sh %root/tests/runtime/build.sh $(dirname %kcc)/../lib %t-run %S/Inputs/run_cl.c
// RUN: %t-run %t.cl build | FileCheck --check-prefix=BUILD %s
// BUILD: {{^(build: ok|skipped: no OpenCL device)}}
module {
  func.func @mem(%p: !kir.ptr<f32> {kcc.name = "p", kcc.type = "*fp32"},
                 %bp: !kir.ptr<i1> {kcc.name = "flags", kcc.type = "*i1"},
                 %lp: !kir.ptr<i64> {kcc.name = "l", kcc.type = "*i64"},
                 %off: i64 {kcc.name = "off", kcc.type = "i64"})
      attributes {kcc.kernel, kcc.threads = 128 : i32, kcc.shared = 1024 : i64} {
// CHECK-LABEL: void mem(__global float *p_p, __global uchar *p_flags, __global ulong *p_l, ulong p_off) {
    // CHECK: __local float [[BUF:v[0-9]+]][128] __attribute__((aligned(16)));
    // CHECK: __local ushort [[HB:v[0-9]+]][256] __attribute__((aligned(16)));
    %buf = memref.alloca() : memref<128xf32, 3>
    %hb = memref.alloca() : memref<256xf16, 3>
    // CHECK: ulong [[T:v[0-9]+]] = (ulong)get_local_id(0);
    // CHECK: ulong {{v[0-9]+}} = (ulong)get_group_id(1);
    // CHECK: ulong {{v[0-9]+}} = (ulong)get_num_groups(2);
    %t = gpu.thread_id x
    %by = gpu.block_id y
    %gz = gpu.grid_dim z
    // CHECK: __global uchar *[[Q:v[0-9]+]] = p_flags + (long)(long)p_off;
    // CHECK: bool [[M:v[0-9]+]] = (*[[Q]] != 0);
    %q = "kir.addptr"(%bp, %off) : (!kir.ptr<i1>, i64) -> !kir.ptr<i1>
    %m = "kir.load"(%q) : (!kir.ptr<i1>) -> i1
    // CHECK: float [[V:v[0-9]+]] = [[M]] ? *p_p : (float)0;
    %v = "kir.load"(%p, %m) : (!kir.ptr<f32>, i1) -> f32
    // CHECK: float [[O:v[0-9]+]] = [[M]] ? [[V]] : [[V]];
    %o = arith.select %m, %v, %v : f32
    // CHECK: float {{v[0-9]+}} = *(volatile __global float *)p_p;
    %vv = "kir.load"(%p) {volatile} : (!kir.ptr<f32>) -> f32
    // CHECK: barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
    // CHECK: [[BUF]][[[T]]] = [[O]];
    // CHECK: barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
    // CHECK: float [[R:v[0-9]+]] = [[BUF]][[[T]]];
    gpu.barrier
    memref.store %o, %buf[%t] : memref<128xf32, 3>
    gpu.barrier
    %r = memref.load %buf[%t] : memref<128xf32, 3>
    // CHECK: [[HB]][[[T]]] = kcc_f16_bits({{v[0-9]+}});
    %h = arith.truncf %r : f32 to f16
    memref.store %h, %hb[%t] : memref<256xf16, 3>
    // CHECK: if ([[M]]) *p_p = [[R]];
    "kir.store"(%p, %r, %m) : (!kir.ptr<f32>, f32, i1) -> ()
    // CHECK: *[[Q]] = (uchar)[[M]];
    "kir.store"(%q, %m) : (!kir.ptr<i1>, i1) -> ()
    // CHECK: ulong [[PI:v[0-9]+]] = (ulong)(ulong)p_p;
    // CHECK: __global float *{{v[0-9]+}} = (__global float *)(ulong)[[PI]];
    // CHECK: __global uint *{{v[0-9]+}} = (__global uint *)p_p;
    %pi = "kir.ptr_to_int"(%p) : (!kir.ptr<f32>) -> i64
    %pp = "kir.int_to_ptr"(%pi) : (i64) -> !kir.ptr<f32>
    %ip = "kir.bitcast"(%p) : (!kir.ptr<f32>) -> !kir.ptr<i32>
    "kir.store"(%lp, %pi) : (!kir.ptr<i64>, i64) -> ()
    return
  }
}
