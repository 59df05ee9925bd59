#!/bin/sh
# build.sh LIBDIR OUT SRC - compiles a runtime C test against LIBDIR/libkcc.so, with the
# sanitizers when that library was built with them (KCC_SANITIZE=ON).
set -eu
libdir=$1 out=$2 src=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
san=
if ldd "$libdir/libkcc.so" | grep -q libasan; then
  san="-fsanitize=address,undefined -fno-omit-frame-pointer"
fi
exec "${CC:-cc}" -std=c11 -g -Wall -Wextra -D_GNU_SOURCE $san -I"$root/include" "$src" -o "$out" \
  -L"$libdir" -lkcc -Wl,-rpath,"$libdir" -lpthread
