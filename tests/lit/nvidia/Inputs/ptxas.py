"""Compiles feat.py to a cubin for sm_80 and sm_90 and checks the result is an NVIDIA ELF; then
feeds ptxas a PTX it must refuse (through a fake toolkit) and checks kcc shows its message. Prints
one line per check, or a visible skip line when no CUDA toolkit is found."""
import os
import shutil
import subprocess
import sys
import tempfile

kcc, src = sys.argv[1], sys.argv[2]
sig = ["--signature", "x_ptr=*fp32,h_ptr=*fp16,b_ptr=*bf16,out_ptr=*fp32,cnt_ptr=*i32,n=i32,s=fp32",
       "-D", "BLOCK=256", "-D", "PRINT=True", "-g"]
home = os.environ.get("CUDA_HOME") or "/usr/local/cuda"
have = os.path.exists(os.path.join(home, "bin", "ptxas")) or shutil.which("ptxas")
tmp = tempfile.mkdtemp()
for arch in ("sm_80", "sm_90"):
    if not have:
        print("%s: skipped: no ptxas" % arch)
        continue
    out = os.path.join(tmp, arch + ".cubin")
    r = subprocess.run([kcc, src, "-t", "nvidia:" + arch, "--emit=cubin", "-o", out] + sig,
                       capture_output=True, text=True)
    ok = r.returncode == 0 and open(out, "rb").read(4) == b"\x7fELF"
    print("%s: %s" % (arch, "ok" if ok else "FAILED\n" + r.stderr))
if not have:
    print("ptxas error shown: skipped: no ptxas")
else:
    # a toolkit whose ptxas refuses everything: kcc must name it and show its output
    fake = os.path.join(tmp, "cuda")
    os.makedirs(os.path.join(fake, "bin"))
    p = os.path.join(fake, "bin", "ptxas")
    with open(p, "w") as f:
        f.write("#!/bin/sh\necho 'ptxas fatal   : fake failure for the test' >&2\nexit 255\n")
    os.chmod(p, 0o755)
    env = dict(os.environ, CUDA_HOME=fake)
    r = subprocess.run([kcc, src, "-t", "nvidia", "--emit=cubin", "-o", os.path.join(tmp, "x")] + sig,
                       capture_output=True, text=True, env=env)
    ok = r.returncode == 1 and "fake failure for the test" in r.stderr and fake in r.stderr
    print("ptxas error shown: %s" % ("ok" if ok else "FAILED\n" + r.stderr))
shutil.rmtree(tmp, ignore_errors=True)
