/*
 * kcc.h - the public C API of kcc, a compiler for Triton-compatible kernels.
 *
 * The CLI (`kcc`), the Python package (`python/kcc`, through ctypes) and C hosts all use this
 * header. Ownership follows MLIR's C API grammar: every `kcc_x_create` has a `kcc_x_destroy`,
 * `get` returns a borrowed object that lives as long as its owner, and strings returned through
 * `char **` out-parameters are owned by the caller and released with `kcc_free`.
 *
 * The library never calls exit() and never prints: every failure returns a status and, where an
 * out-parameter is given, the full diagnostics text, each entry formatted
 *   FILE:LINE:COL: error: MESSAGE
 *   <source line>
 *   <caret>
 *
 * Typical use:
 *   KccOptions *o = kcc_options_create();
 *   kcc_options_set(o, "signature", "x=*fp32,y=*fp32,out=*fp32,n=i32");
 *   kcc_options_set(o, "define", "BLOCK=1024");
 *   KccKernel *k; char *diag;
 *   if (kcc_compile("add.py", src, o, &k, &diag) != KCC_OK) { fputs(diag, stderr); kcc_free(diag);
 * } void *args[] = {&x, &y, &out, &n}; kcc_launch(k, (unsigned[3]){grid, 1, 1}, args, &diag);
 *   kcc_kernel_destroy(k); kcc_options_destroy(o);
 */
#ifndef KCC_KCC_H
#define KCC_KCC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(KCC_BUILDING_LIBRARY)
#define KCC_API __attribute__((visibility("default")))
#else
#define KCC_API
#endif

typedef enum KccStatus {
  KCC_OK = 0,
  KCC_ERR_COMPILE = 1,   /* the kernel source is wrong: located diagnostics */
  KCC_ERR_USAGE = 2,     /* bad option, unknown target, unknown stage, bad argument */
  KCC_ERR_RUNTIME = 3,   /* loading or launching failed (toolchain, driver, cache) */
  KCC_ERR_CANCELLED = 4, /* kcc_launch_cancel stopped a launch before all its programs ran */
} KccStatus;

/* ---- Handles ---------------------------------------------------------------------------------
 * KccOptions and KccKernel handles carry a magic word that every call checks and destroy
 * overwrites. NULL and pointers that never were a handle of that kind are always KCC_ERR_USAGE
 * (NULL/0 from the getters; destroy ignores them). Using a handle after destroying it, or
 * destroying it twice, is detected on a best-effort basis only: the freed memory may have been
 * reused by then, so such programs are still wrong; when detected it is KCC_ERR_USAGE ("the kernel
 * was destroyed") or, for destroy, nothing. A handle must not be destroyed while another thread
 * uses it. */

/* Version string of the library, e.g. "0.1.0 (LLVM 22.1.8)". Borrowed, static. */
KCC_API const char *kcc_version(void);

/* Releases a string or buffer that the library handed to the caller. NULL is fine. */
KCC_API void kcc_free(void *p);

/* ---- Options ---------------------------------------------------------------------------------
 * A bag of compile options, validated by kcc_options_set. Keys:
 *   "kernel"     NAME          kernel to compile (may be omitted when the file has one kernel)
 *   "signature"  'a=*fp32,n=i32,...'  runtime parameter types, Triton spelling; may be given
 *                                 several times, entries accumulate. As in Triton's AOT compiler
 *                                 an entry may carry a specialisation hint: 'a=*fp32:16' (the
 *                                 address is a multiple of 16 bytes), 'n=i32:16' (the value is a
 *                                 multiple of 16; pointers and integers only), 'n=i32:1' (the
 *                                 value is 1: the same as define n=1, n is then no runtime
 *                                 parameter). The parameter type stays the plain spelling.
 *   "define"     NAME=VALUE    a constexpr value, VALUE a Python literal (1024, 1e-5, True,
 *                              'relu', tl.float16, None); may be given several times, for
 *                              different names: a name defined twice, or defined and also in
 *                              the signature, is KCC_ERR_USAGE
 *   "target"     cpu[:ARCH]    target, e.g. "cpu", "cpu:aarch64", "cpu:x86-64+avx2"
 *   "opt"        0..3          optimisation level of the LLVM pipeline (default 3)
 *   "cache-dir"  PATH          on-disk cache ("" disables; default $KCC_CACHE_DIR or ~/.cache/kcc)
 *   "line-offset" N            added to every reported line number (for embedded sources)
 *   "col-offset" N             added to every reported column of lines after offset (indent)
 *   "debug"      0|1           keep device_assert checks
 *   "check-bounds" 0|1         check each live lane of every load, store and atomic against the
 *                              size of the array argument it addresses (kcc_launch_sized); the
 *                              first violation fails the launch with KCC_ERR_RUNTIME and a
 *                              located message. Not supported by the AOT header.
 *   "num-warps"  N             launch parameters as in Triton, carried by the kir module
 *   "num-stages" N               (kcc.num_warps/num_stages/num_ctas) for the lowerings and part of
 *   "num-ctas"   N               the cache key. num-warps: a power of two, 1..64 (default 4);
 *                              num-stages: 0..64, software-pipelining depth, 0 and 1 meaning none
 *                              (default 3); num-ctas: a power of two, 1..16 (default 1). A
 *                              constexpr kernel parameter of the same name (e.g. num_stages) is
 *                              a separate thing, given with "define".
 * The kernel's environment, as Triton resolves a kernel's free names from the live values of its
 * function's globals and closure (the Python JIT gives these; without them, names resolve from
 * the module-level statements of the source, as the CLI does). Each entry names a free name of
 * the kernel, or, written SCOPE:NAME, of the jit function SCOPE; a name may be given once per
 * scope (an entry of the same kind given again replaces it). Entries enter the cache key.
 *   "global"   [SCOPE:]NAME=LITERAL  NAME is a constant: a Python literal as for "define"
 *                                 (evaluated when the kernel first uses NAME)
 *   "module"   [SCOPE:]NAME=PATH     NAME is a module of the language or one of its members:
 *                                 triton.language (any alias), triton.language.math,
 *                                 triton.language.extra[.cuda].libdevice, triton, math, or
 *                                 such a path with a member (triton.language.zeros)
 *   "jit"      [SCOPE:]NAME=ID       NAME is the jit function ID, given with "function"
 *   "opaque"   [SCOPE:]NAME=WHAT     NAME is a value that cannot be a constant, WHAT saying what
 *                                 it is ("a torch.Tensor"): a kernel using NAME fails with a
 *                                 located error "global 'NAME' is a torch.Tensor, which is not a
 *                                 compile-time constant ..."
 *   "function" ID=SOURCE             the source of jit function ID (an identifier the caller
 *                                 makes unique, e.g. helper_1): its own `def` (decorators may be
 *                                 left out); its names resolve in scope ID, then in SOURCE's
 *                                 module-level statements
 *   "function-file" ID=LINE:FILE     where SOURCE starts, for its diagnostics: FILE, and LINE
 *                                 added to its line numbers
 * A "define" value may be the ID of a "function" entry: a jit function passed as a constexpr.
 * With an environment given, the kernel named by "kernel" may come without a jit decorator (its
 * source starts at its `def`, as Triton's JITFunction.src).
 * Returns KCC_OK or KCC_ERR_USAGE with *diag (if non-NULL) saying why.
 */
typedef struct KccOptions KccOptions;
KCC_API KccOptions *kcc_options_create(void);
KCC_API void kcc_options_destroy(KccOptions *o);
KCC_API KccStatus kcc_options_set(KccOptions *o, const char *key, const char *value, char **diag);

/* ---- Parameter types -------------------------------------------------------------------------
 * The table of signature types (support/ptype.def), for bindings that must not keep their own
 * copy: kcc_param_type(i) for i = 0, 1, ... returns the rows until NULL. Each scalar type has a
 * row; the last row is the pointer row (name "*"), which describes every pointer "*T".
 */
typedef enum KccTypeKind {
  KCC_TYPE_SINT = 0,    /* i8, i16, i32, i64 */
  KCC_TYPE_UINT = 1,    /* u8, u16, u32, u64 */
  KCC_TYPE_FLOAT = 2,   /* fp16, bf16, fp32, fp64 */
  KCC_TYPE_BOOL = 3,    /* i1 */
  KCC_TYPE_POINTER = 4, /* "*T" */
} KccTypeKind;

typedef struct KccParamType {
  const char *name;  /* signature spelling: "i32", "fp16"; "*" for the pointer row */
  const char *ctype; /* C type of the value kcc_launch reads: "int32_t", "float", "uint16_t" (the
                        bit pattern of an fp16/bf16), "uint8_t" (i1 as 0/1), "void *" */
  int size;          /* sizeof that C type */
  int kind;          /* KccTypeKind */
  int abi_bits;      /* width of the compiled kernel's argument: i1 is passed in 8 bits */
  int abi_float;     /* 1: passed as an IEEE float (fp32, fp64); 0: as an integer or pointer
                        (fp16/bf16 travel as 16-bit integers) */
} KccParamType;

/* Row i of the table (borrowed, static), or NULL when i is out of range. */
KCC_API const KccParamType *kcc_param_type(int i);

/* ---- Kernels --------------------------------------------------------------------------------- */
typedef struct KccKernel KccKernel;

/* Compiles `source` (the text of a Python file named `filename`) under `opts`.
 * On success *out owns a kernel; on failure *out is NULL and *diag holds the diagnostics. The
 * compiled code is taken from the on-disk cache when it is there. */
KCC_API KccStatus kcc_compile(const char *filename, const char *source, const KccOptions *opts,
                              KccKernel **out, char **diag);

/* Runs the frontend only (parse, generate and verify kir), for tools that print stages: no cache
 * lookup, no code generation, nothing loaded. Later stages are produced on demand by
 * kcc_kernel_emit ("so" consults and fills the cache), and the first kcc_launch builds and loads
 * the code. Same ownership and errors as kcc_compile. */
KCC_API KccStatus kcc_compile_kir(const char *filename, const char *source, const KccOptions *opts,
                                  KccKernel **out, char **diag);

/* Loads a kernel from a shared object written by `kcc --emit=so` / kcc_kernel_emit("so"), or from
 * the artefact of a device target (OpenCL C or PTX beginning with the "kcc-meta 1" comment, as
 * `kcc -t opencl` / `-t nvidia` write them, an AMDGPU code object (hsaco) holding the kcc-meta
 * bytes, or a cache entry): such a kernel is a device kernel (below); its artefact is built on
 * the device at its first launch. `kernel` NULL: the first one the file describes. */
KCC_API KccStatus kcc_kernel_load(const char *so_path, const char *kernel, KccKernel **out,
                                  char **diag);

KCC_API void kcc_kernel_destroy(KccKernel *k);

/* Kernel name and runtime parameters (constexpr parameters are not listed). Borrowed strings.
 * Parameter types use the signature spelling: "*fp32", "i32", "fp32", ... */
KCC_API const char *kcc_kernel_name(const KccKernel *k);
KCC_API int kcc_kernel_num_params(const KccKernel *k);
KCC_API const char *kcc_kernel_param_name(const KccKernel *k, int i);
KCC_API const char *kcc_kernel_param_type(const KccKernel *k, int i);
/* 1 when the kernel may write memory through pointer parameter i (a kir.store or atomic whose
 * address derives from it, or any pointer parameter when the compiler cannot tell which one an
 * address derives from: "writes NAME" lines of the kernel metadata, docs/kir.md); 0 for
 * parameters it only reads through, scalars, and i out of range. */
KCC_API int kcc_kernel_param_writes(const KccKernel *k, int i);

/* Produces one stage of the pipeline as bytes: "kir" (without locations; "kir-loc" with them),
 * "mlir-llvm", "llvm", "asm", "obj", "so", "header" (the AOT C header, see `kcc --header`).
 * Missing stages are built on demand from the kept kir module (regenerated from the source after a
 * cache hit). A kernel from kcc_kernel_load has only "so" and "header". *data is NUL-terminated
 * (also for binary stages) and released with kcc_free; *size (if size is not NULL) excludes the
 * NUL. An unknown stage is KCC_ERR_USAGE. */
KCC_API KccStatus kcc_kernel_emit(KccKernel *k, const char *stage, char **data, size_t *size,
                                  char **diag);

/* Runs the kernel over grid[0] x grid[1] x grid[2] programs and waits for them. args[i] points at
 * the value of runtime parameter i: a `void *` for pointer parameters (a `KccBuffer *` for device
 * kernels: see "Device kernels" below), an int8/16/32/64_t, float,
 * double or (fp16/bf16) uint16_t bit pattern for scalars, a uint8_t 0/1 for i1. The grid runs
 * on a thread pool of KCC_NUM_THREADS threads (default: all cores); program ids are handed out in
 * ascending order. A grid with a zero dimension runs nothing and returns KCC_OK (as Triton's
 * launcher does). Each dimension is at most 2^31-1 and the product at most 2^63-1; a larger grid
 * is KCC_ERR_USAGE and runs nothing. Launches from several threads run one at a time. */
KCC_API KccStatus kcc_launch(KccKernel *k, const unsigned grid[3], void *const *args, char **diag);
/* kcc_launch with the size in bytes of the array each pointer parameter addresses, from its
 * pointer to the array's end (sizes[i]; ignored for scalars and for kernels compiled without
 * "check-bounds"; sizes NULL or a negative entry: unknown, not checked). kcc_launch is this with
 * every size unknown. A kernel compiled with "check-bounds" fails the launch with KCC_ERR_RUNTIME
 * and "FILE:LINE:COL: out-of-bounds store through 'PARAM': element offset N, array of M elements"
 * at the first access outside its array. */
KCC_API KccStatus kcc_launch_sized(KccKernel *k, const unsigned grid[3], void *const *args,
                                   const int64_t *sizes, char **diag);

/* Asks the running launch (of any kernel, in any thread) to start no further programs; programs
 * already running finish, and that kcc_launch returns KCC_ERR_CANCELLED. Without a running launch
 * it does nothing (a later launch is not affected). Async-signal-safe: a host may call it from
 * its own signal handler. A launch that is never cancelled pays nothing for this (the pool reads
 * the flag it already reads between programs). */
KCC_API void kcc_launch_cancel(void);

/* Puts a handler in front of the current handler of signal `sig` (e.g. SIGINT) that calls
 * kcc_launch_cancel and then the handler it replaced (the Python package does this for SIGINT, so
 * that Ctrl-C stops a long launch promptly). Nothing is installed while the signal has its default
 * action or is ignored; calling it again is harmless. Whoever installs another handler later
 * replaces this one (call it again then). KCC_ERR_USAGE for a signal that cannot be caught. */
KCC_API KccStatus kcc_launch_cancel_on_signal(int sig, char **diag);

/* ---- Devices ---------------------------------------------------------------------------------
 * A device runs the artefacts of one target family and holds buffers. Target names:
 *   "opencl"  every device of every OpenCL platform, in the ICD loader's order (libOpenCL.so.1,
 *             loaded on first use, never linked; $KCC_OPENCL_LIB names another library)
 *   "cuda"    NVIDIA GPUs through the CUDA driver API (libcuda.so.1, from the NVIDIA driver;
 *             loaded on first use, never linked; $KCC_CUDA_LIB names another library): runs the
 *             `nvidia` target's PTX. A device is the GPU's primary context, the one the CUDA
 *             runtime and torch use, so their device pointers and streams work in kcc launches
 *   "hip"     AMD (and Hygon DCU) GPUs through HIP (libamdhip64.so from ROCm or DTK; loaded on
 *             first use; $KCC_HIP_LIB names another library): runs the `amdgpu` target's hsaco
 *   "cpu"     this process: one device (index 0) whose buffers are host memory, so that host code
 *             written against devices and buffers runs unchanged on the CPU
 * A missing library, no device or an index out of range is KCC_ERR_RUNTIME with a message naming
 * the library, the platforms found or the number of devices; failures of the device API name its
 * status (CL_INVALID_WORK_GROUP_SIZE, ...). Handles are checked on every call: NULL, a destroyed
 * handle or one never returned by kcc is KCC_ERR_USAGE (NULL/0 from the getters), not a crash.
 * Destroying a device destroys its buffers; destroying NULL or a dead handle does nothing. A
 * handle must not be destroyed while another thread is using it; otherwise calls may come from
 * any thread (calls on one device are serialised).
 * (KccDeviceHandle, not KccDevice: the compiler's device description has that name internally.)
 */
typedef struct KccDeviceHandle KccDeviceHandle;
typedef struct KccBuffer KccBuffer;

/* Number of devices of `target` on this machine (0 without error when the API is there but has
 * no device). */
KCC_API KccStatus kcc_device_count(const char *target, int *count, char **diag);
/* Opens device `index` (0..count-1) of `target`. */
KCC_API KccStatus kcc_device_open(const char *target, int index, KccDeviceHandle **out,
                                  char **diag);
KCC_API void kcc_device_destroy(KccDeviceHandle *dev);
/* The device's name as its driver reports it ("cpu": "host"). Borrowed; NULL for a bad handle. */
KCC_API const char *kcc_device_name(const KccDeviceHandle *dev);
/* A number the device reports; 0 where its API does not say. Keys:
 *   "max-workgroup-size"   work-items (threads) of one workgroup at most
 *   "local-memory-bytes"   local (shared) memory of one workgroup
 *   "subgroup-size"        subgroup (warp) width
 *   "max-buffer-bytes"     the largest single buffer
 *   "global-memory-bytes"  all device memory
 *   "compute-units"        compute units (cores, SMs)
 *   "fp16", "fp64"         1 when kernels may compute in half / double precision
 * An unknown key is KCC_ERR_USAGE listing the keys. */
KCC_API KccStatus kcc_device_query(const KccDeviceHandle *dev, const char *key, int64_t *value,
                                   char **diag);

/* A buffer of `bytes` (> 0, at most "max-buffer-bytes") of device memory, zero-filled on "cpu"
 * and unspecified elsewhere. */
KCC_API KccStatus kcc_buffer_create(KccDeviceHandle *dev, size_t bytes, KccBuffer **out,
                                    char **diag);
/* A buffer over device memory the caller allocated and keeps owning (cudaMalloc'd memory, a torch
 * tensor's data_ptr(), a cl_mem): `device_memory` is the API's handle of it (a CUdeviceptr or
 * hipDeviceptr_t cast to void *, a cl_mem; host memory on "cpu"), `bytes` its size (> 0), which
 * kcc trusts. kcc_buffer_destroy (or destroying the device) forgets the handle and frees nothing;
 * the memory must stay allocated while launches use it. */
KCC_API KccStatus kcc_buffer_wrap(KccDeviceHandle *dev, void *device_memory, size_t bytes,
                                  KccBuffer **out, char **diag);
KCC_API void kcc_buffer_destroy(KccBuffer *buf);
/* Size in bytes; 0 for a bad handle. */
KCC_API size_t kcc_buffer_size(const KccBuffer *buf);
/* Copies `bytes` from host memory into the buffer at `offset`, or out of it; both wait until the
 * copy is done. [offset, offset + bytes) must lie inside the buffer (KCC_ERR_USAGE otherwise);
 * 0 bytes is a no-op. */
KCC_API KccStatus kcc_buffer_write(KccBuffer *buf, size_t offset, const void *src, size_t bytes,
                                   char **diag);
KCC_API KccStatus kcc_buffer_read(KccBuffer *buf, size_t offset, void *dst, size_t bytes,
                                  char **diag);

/* ---- Device kernels --------------------------------------------------------------------------
 * A kernel compiled for a SIMT target ("target" opencl) or loaded from its source artefact runs on
 * a device, never in this process. kcc_compile produces (or takes from the cache) its artefact;
 * the first launch on a device builds it there, and keeps the device's program binary in the
 * kernel cache beside it (keyed by the artefact, the device's name, platform, version and driver
 * version), so that another process skips the device compile. KCC_CACHE_DEBUG=1 notes each binary
 * taken from the cache on stderr.
 *
 * !!! For a device kernel, args[i] of a POINTER parameter points at a `KccBuffer *` (from
 * !!! kcc_buffer_create), NOT at host memory. Nothing in a `void *` says what it points at, so
 * !!! the CPU calling convention cannot be kept: every pointer argument is looked up in the set
 * !!! of live buffers, and host memory is refused (KCC_ERR_USAGE; never dereferenced, never
 * !!! copied). Copy host data with kcc_buffer_write / kcc_buffer_read around the launch.
 * Scalars are passed as for CPU kernels. Every buffer of one launch must belong to one device,
 * which kcc_launch uses (a kernel without pointer parameters needs kcc_launch_on). The launch runs
 * grid[0] x grid[1] x grid[2] workgroups of the kernel's threads per program (num_warps x the
 * target's warp size, from its metadata) and waits for them; kcc_launch_cancel does not stop it.
 * kcc_launch_sized's sizes[i], when >= 0, is the number of bytes the caller says the kernel
 * addresses through pointer parameter i: a smaller buffer is KCC_ERR_USAGE before anything runs.
 * Accesses past the end of a buffer are not checked on devices and are undefined (PoCL runs
 * kernels in this process, where they can corrupt the host's heap).
 * Errors (KCC_ERR_USAGE unless noted, with a message naming the parameter): a NULL buffer, a
 * pointer that is not a live buffer, buffers of different devices, a device of another family,
 * a buffer smaller than sizes[i]; a build failure on the device (its build log) and driver
 * failures are KCC_ERR_RUNTIME. No OpenCL device is the KCC_ERR_RUNTIME of kcc_device_open.
 * The family follows the kernel's target: opencl -> "opencl", nvidia -> "cuda", amdgpu/dcu ->
 * "hip"; a file given to kcc_kernel_load says it itself (OpenCL C or PTX after the kcc-meta
 * comment, an AMDGPU ELF). CUDA and HIP launches pass the kernel's workgroup memory (kcc-meta
 * `shared`) as dynamic shared memory, raising the CUDA function's limit above 48 KiB. A missing
 * driver library is the launch's (or kcc_device_open's) KCC_ERR_RUNTIME naming the library;
 * compiling never needs it. */

/* The device family a device kernel runs on ("opencl"), usable as kcc_device_open's target; NULL
 * for a kernel that runs in this process (CPU targets) or a bad handle. */
KCC_API const char *kcc_kernel_device_target(const KccKernel *k);

/* kcc_launch_sized on device `dev` (every buffer argument must belong to it). dev NULL: exactly
 * kcc_launch_sized. A CPU kernel accepts only the "cpu" device. sizes may be NULL. */
KCC_API KccStatus kcc_launch_on(KccKernel *k, KccDeviceHandle *dev, const unsigned grid[3],
                                void *const *args, const int64_t *sizes, char **diag);

/* How kcc_launch_with runs a launch; zero-initialise it ({0}) and set what you need. */
typedef struct KccLaunchOptions {
  KccDeviceHandle *device; /* NULL: the device of the buffer arguments (as kcc_launch) */
  const int64_t *sizes;    /* as kcc_launch_sized; NULL: unknown */
  /* NULL: the device's own queue, and the launch waits for the kernel. Otherwise a stream of the
   * device's API in the device's context (a CUstream, e.g. torch.cuda.current_stream().cuda_stream,
   * or a hipStream_t): the kernel is enqueued there and the call returns without waiting, so it
   * orders with the caller's other work on that stream; a failure while it runs shows at the
   * caller's next synchronisation. Only "cuda" and "hip" devices take a stream (KCC_ERR_USAGE). */
  void *stream;
  /* 0: args[i] of a pointer parameter points at a KccBuffer *, as for kcc_launch. 1: it points at
   * the API's device pointer itself (a CUdeviceptr or hipDeviceptr_t cast to void *, a cl_mem),
   * as Triton's launchers pass tensors' data_ptr(): nothing is looked up or checked, and sizes are
   * ignored; `device` must be given. */
  int device_pointers;
} KccLaunchOptions;

/* kcc_launch_sized as `opts` says (NULL: exactly kcc_launch). A CPU kernel takes no stream and no
 * device pointers (KCC_ERR_USAGE). */
KCC_API KccStatus kcc_launch_with(KccKernel *k, const unsigned grid[3], void *const *args,
                                  const KccLaunchOptions *opts, char **diag);

#ifdef __cplusplus
}
#endif
#endif /* KCC_KCC_H */
