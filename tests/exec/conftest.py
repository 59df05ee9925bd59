"""pytest set-up of the execution tests: the target they run on.

``KCC_TARGET=opencl`` (or ``--kcc-target=opencl``) runs every case through kcc-run on an OpenCL
device with the same references as on the CPU, ``KCC_NUM_WARPS=N`` (or ``--kcc-num-warps=N``)
compiles with that num_warps. What a device target cannot run yet is marked xfail with the
missing feature as the reason (never skipped silently): the AOT C header and its hosts, cross
compilation of CPU objects, qemu and valgrind runs of host code. Everything else runs, and fails
while the target cannot compile it (the failure names the reason)."""
import os

import pytest


def pytest_addoption(parser):
    parser.addoption("--kcc-target", default=None, help="target to run on (default $KCC_TARGET)")
    parser.addoption("--kcc-num-warps", default=None, help="num_warps (default $KCC_NUM_WARPS)")


def pytest_configure(config):
    # before exec_harness is imported by the test modules (it reads the environment once)
    for opt, env in (("--kcc-target", "KCC_TARGET"), ("--kcc-num-warps", "KCC_NUM_WARPS")):
        v = config.getoption(opt)
        if v:
            os.environ[env] = v


def pytest_report_header(config):
    import exec_harness as h
    return "kcc exec target: %s, num_warps: %s" % (h.TARGET or "cpu (host)",
                                                     h.NUM_WARPS or "default")


#: test function name prefix -> the feature a device target lacks for it
DEVICE_XFAIL = {
    "test_example_aot_header": "AOT C header (--header) of device targets: not implemented",
    "test_aot_main_c_reference": "AOT C header (--header) of device targets: not implemented",
    "test_aot_pool_main_c": "AOT C header thread pool: CPU targets only",
    "test_aarch64_aot_main_under_qemu": "cross-compiled AOT hosts under qemu: CPU targets only",
    "test_aarch64_example_under_qemu": "cross-compiled AOT hosts under qemu: CPU targets only",
    "test_aot_fp16_on_baseline_x86_64": "AOT C header (--header) of device targets: not "
                                        "implemented",
    "test_examples_emit_obj_for_arch": "--emit=obj for CPU architectures: CPU targets only",
    "test_valgrind_aot_host_clean": "valgrind of AOT hosts: CPU targets only",
    "test_valgrind_c_api_host": "valgrind of CPU kernels in libkcc: CPU targets only",
}


def pytest_collection_modifyitems(config, items):
    import exec_harness as h
    if not h.device_target():
        return
    for item in items:
        name = getattr(item, "originalname", None) or item.name.split("[", 1)[0]
        reason = DEVICE_XFAIL.get(name)
        if reason:
            item.add_marker(pytest.mark.xfail(run=False, strict=True,
                                              reason="%s: %s" % (h.TARGET, reason)))
