# lit configuration for kcc: every stage is tested in its own input language with FileCheck.
import os
import platform

import lit.formats

config.name = "kcc"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".py", ".mlir", ".test", ".c"]
config.excludes = ["Inputs", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)

root = os.path.abspath(os.path.join(config.test_source_root, "..", ".."))
build = lit_config.params.get("kcc_build", os.path.join(root, "build"))
bindir = os.path.join(build, "bin")
config.test_exec_root = os.path.join(build, "lit")

llvm_bin = "/usr/lib/llvm-22/bin"
config.environment["PATH"] = os.pathsep.join([bindir, llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["KCC_CACHE_DIR"] = os.path.join(build, "lit-cache")
for var in ("HOME", "TMPDIR", "KCC_NUM_THREADS"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions.append(("%kcc-opt", os.path.join(bindir, "kcc-opt")))
config.substitutions.append(("%kcc", os.path.join(bindir, "kcc")))
config.substitutions.append(("%root", root))
config.substitutions.append(("%python", "/usr/bin/python3"))

if platform.machine() in ("x86_64", "AMD64"):
    config.available_features.add("x86_64")
if os.path.exists("/usr/local/cuda/bin/ptxas"):
    config.available_features.add("ptxas")
