#!/usr/bin/env bash
# Installs the Debian packages kcc needs, skipping those already present.
# Idempotent; safe to run on every `make run` / `make test`.
set -euo pipefail
pkgs=(llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22 libclang-rt-22-dev libffi-dev ninja-build
      cmake make gcc python3-numpy python3-pytest python3-venv python3-torch python3-matplotlib
      libopenblas0-pthread pocl-opencl-icd ocl-icd-opencl-dev qemu-user libc6-arm64-cross libc6-dev-arm64-cross gcc-aarch64-linux-gnu)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
