/*
 * clike_rows.c - the rows of the C-like GPU language table (clike.h). OpenCL C 1.2: fp16 and
 * bf16 are computed in float (no cl_khr_fp16), 64-bit atomics through the cl_khr_int64_*
 * extensions' atom_* functions.
 */
#include "clike.h"

static const ClMath opencl_math[] = {
    {KIR_OP_MATH_ABSF, "fabs"},
    {KIR_OP_MATH_ACOS, "acos"},
    {KIR_OP_MATH_ACOSH, "acosh"},
    {KIR_OP_MATH_ASIN, "asin"},
    {KIR_OP_MATH_ASINH, "asinh"},
    {KIR_OP_MATH_ATAN, "atan"},
    {KIR_OP_MATH_ATAN2, "atan2"},
    {KIR_OP_MATH_ATANH, "atanh"},
    {KIR_OP_MATH_CBRT, "cbrt"},
    {KIR_OP_MATH_CEIL, "ceil"},
    {KIR_OP_MATH_COPYSIGN, "copysign"},
    {KIR_OP_MATH_COS, "cos"},
    {KIR_OP_MATH_COSH, "cosh"},
    {KIR_OP_MATH_ERF, "erf"},
    {KIR_OP_MATH_ERFC, "erfc"},
    {KIR_OP_MATH_EXP, "exp"},
    {KIR_OP_MATH_EXP2, "exp2"},
    {KIR_OP_MATH_EXPM1, "expm1"},
    {KIR_OP_MATH_FLOOR, "floor"},
    {KIR_OP_MATH_FMA, "fma"},
    {KIR_OP_MATH_LOG, "log"},
    {KIR_OP_MATH_LOG10, "log10"},
    {KIR_OP_MATH_LOG1P, "log1p"},
    {KIR_OP_MATH_LOG2, "log2"},
    {KIR_OP_MATH_POWF, "pow"},
    {KIR_OP_MATH_ROUND, "round"},
    {KIR_OP_MATH_ROUNDEVEN, "rint"},
    {KIR_OP_MATH_RSQRT, "rsqrt"},
    {KIR_OP_MATH_SIN, "sin"},
    {KIR_OP_MATH_SINH, "sinh"},
    {KIR_OP_MATH_SQRT, "sqrt"},
    {KIR_OP_MATH_TAN, "tan"},
    {KIR_OP_MATH_TANH, "tanh"},
    {KIR_OP_MATH_TRUNC, "trunc"},
    {KIR_OP_ARITH_MAXNUMF, "fmax"},
    {KIR_OP_ARITH_MINNUMF, "fmin"},
    {KIR_OP_ARITH_REMF, "fmod"},
    {KIR_OP_MATH_FPOWI, "pown"},
    {KIR_OP_UNKNOWN, NULL},
};

const CLike clike_opencl = {
    .name = "OpenCL C 1.2",
    .kernel = "__kernel",
    .global = "__global",
    .local = "__local",
    .threads_fmt = "__attribute__((reqd_work_group_size(%d, 1, 1)))",
    .uint_t = {"uchar", "ushort", "uint", "ulong"},
    .sint_t = {"char", "short", "int", "long"},
    .bool_t = "bool",
    .f32_t = "float",
    .f64_t = "double",
    .thread_id = "get_local_id(0)",
    .block_id = {"get_group_id(0)", "get_group_id(1)", "get_group_id(2)"},
    .grid_dim = {"get_num_groups(0)", "get_num_groups(1)", "get_num_groups(2)"},
    .barrier = "barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);",
    .fence = "mem_fence(CLK_GLOBAL_MEM_FENCE);",
    .atomic32 =
        {
            [CL_AT_ADD] = "atomic_add",
            [CL_AT_MAX] = "atomic_max",
            [CL_AT_UMAX] = "atomic_max",
            [CL_AT_MIN] = "atomic_min",
            [CL_AT_UMIN] = "atomic_min",
            [CL_AT_AND] = "atomic_and",
            [CL_AT_OR] = "atomic_or",
            [CL_AT_XOR] = "atomic_xor",
            [CL_AT_XCHG] = "atomic_xchg",
        },
    .atomic64 =
        {
            [CL_AT_ADD] = "atom_add",
            [CL_AT_MAX] = "atom_max",
            [CL_AT_UMAX] = "atom_max",
            [CL_AT_MIN] = "atom_min",
            [CL_AT_UMIN] = "atom_min",
            [CL_AT_AND] = "atom_and",
            [CL_AT_OR] = "atom_or",
            [CL_AT_XOR] = "atom_xor",
            [CL_AT_XCHG] = "atom_xchg",
        },
    .cas32 = "atomic_cmpxchg",
    .cas64 = "atom_cmpxchg",
    .bits_to_f32 = "as_float",
    .f32_to_bits = "as_uint",
    .bits_to_f64 = "as_double",
    .f64_to_bits = "as_ulong",
    .fp_to_int = "convert_%s_sat_rtz",
    .mul_hi = "mul_hi",
    .clz = "clz",
    .popcount = "popcount",
    .isnan = "isnan",
    .isunordered = "isunordered",
    .islessgreater = "islessgreater",
    .printf_fn = "printf",
    .group_id_int = "(int)get_group_id(%d)",
    .math = opencl_math,
    .helpers =
        {
            [CL_NEED_F16] =
                "/* fp16: computed in float, rounded to half (to nearest even) after each op */\n"
                "static inline float kcc_f16_from_bits(ushort b) {\n"
                "  return vload_half(0, (const __private half *)&b);\n"
                "}\n"
                "static inline ushort kcc_f16_bits(float x) {\n"
                "  ushort b;\n"
                "  vstore_half_rte(x, 0, (__private half *)&b);\n"
                "  return b;\n"
                "}\n"
                "static inline float kcc_f16_round(float x) {\n"
                "  return kcc_f16_from_bits(kcc_f16_bits(x));\n"
                "}\n",
            [CL_NEED_BF16] =
                "/* bf16: computed in float; the high 16 bits, rounded to nearest even */\n"
                "static inline float kcc_bf16_from_bits(ushort b) {\n"
                "  return as_float((uint)b << 16);\n"
                "}\n"
                "static inline ushort kcc_bf16_bits(float x) {\n"
                "  uint u = as_uint(x);\n"
                "  if (isnan(x)) return (ushort)((u >> 16) | 0x40u);\n"
                "  return (ushort)((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);\n"
                "}\n"
                "static inline float kcc_bf16_round(float x) {\n"
                "  return kcc_bf16_from_bits(kcc_bf16_bits(x));\n"
                "}\n",
            [CL_NEED_ATOM64] = "#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable\n"
                               "#pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable\n",
            [CL_NEED_FP64] = "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n",
        },
};
