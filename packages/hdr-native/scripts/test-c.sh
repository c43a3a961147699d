#!/usr/bin/env bash
# Builds the C core's unit tests (../c/test_hdr.c) with AddressSanitizer and UBSan and runs them
# against the shared vectors. Uses $CC, else cc.
set -euo pipefail

package_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$package_dir/build/c"
mkdir -p "$out"
cc="${CC:-cc}"
command -v "$cc" >/dev/null || { echo "test-c: error: no C compiler ($cc); install gcc or set CC" >&2; exit 1; }

"$cc" -std=c99 -D_POSIX_C_SOURCE=200809L -O1 -g -Wall -Wextra -Wpedantic -Werror \
  -fsanitize=address,undefined -fno-sanitize-recover=all \
  -I"$package_dir/c" -o "$out/test_hdr" \
  "$package_dir"/c/hdr.c "$package_dir"/c/hdr_codec.c "$package_dir"/c/hdr_text.c \
  "$package_dir"/c/test_json.c "$package_dir"/c/test_hdr.c -lm
"$out/test_hdr" "$package_dir/vectors/vectors.json"
