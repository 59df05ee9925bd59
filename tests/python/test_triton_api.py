"""The names a Triton file uses from ``triton`` / ``triton.language`` exist in kcc.triton."""

import importlib

import pytest

import kcc
import kcc.triton as triton
import kcc.triton.language as tl


def test_module_aliases():
    assert triton.language is tl
    assert importlib.import_module("kcc.triton.language") is kcc.language
    from kcc.triton.language.extra import libdevice
    from kcc.triton.language.extra.cuda import libdevice as cuda_libdevice
    assert libdevice is cuda_libdevice
    assert tl.extra.libdevice is libdevice
    assert callable(tl.math.exp2) and callable(libdevice.asin)


@pytest.mark.parametrize("name", ["float16", "float32", "bfloat16", "float64", "int1", "int8",
                                  "int16", "int32", "int64", "uint8", "uint16", "uint32",
                                  "uint64", "float8e5", "float8e4nv"])
def test_dtypes(name):
    d = getattr(tl, name)
    assert isinstance(d, tl.dtype)
    assert d.literal() == "tl." + name


def test_builtins_exist_and_raise_outside_kernels():
    for name in ("program_id", "num_programs", "arange", "load", "store", "zeros", "full",
                 "where", "dot", "sum", "max", "min", "exp", "sqrt", "cdiv", "atomic_add",
                 "atomic_cas", "static_range", "range", "multiple_of", "static_assert",
                 "reshape", "trans", "cumsum", "argmax", "sigmoid", "softmax", "rand"):
        assert hasattr(tl, name), name
    with pytest.raises(RuntimeError, match="inside a kernel"):
        tl.load(None)


def test_constexpr_and_helpers():
    c = tl.constexpr(8)
    assert c.value == 8 and c == 8 and c * 2 == 16
    assert triton.cdiv(10, 4) == 3 and kcc.cdiv(8, 4) == 2
    assert [triton.next_power_of_2(n) for n in (0, 1, 2, 3, 5, 1024, 1025)] == \
        [1, 1, 2, 4, 8, 1024, 2048]
    assert tl.float32.is_floating() and tl.int32.is_int_signed() and tl.float16.is_fp16()
    assert tl.pointer_type(tl.float16).element_ty is tl.float16


def test_runtime_driver_describes_the_cpu():
    d = triton.runtime.driver.active
    assert d.get_current_target().backend == "cpu"
    assert d.utils.get_device_properties(d.get_current_device())["multiprocessor_count"] >= 1
    assert str(d.get_active_torch_device()) == "cpu"


def test_library_version():
    assert kcc.version()
    assert kcc.library_path().endswith(".so")
