#!/usr/bin/env bash
# Fuzzes the HDR decoder and text parser (../fuzz/fuzz_decode.c) for a bounded time, starting from
# seeds made from the shared vectors. With clang's libFuzzer it keeps a growing corpus in
# build/fuzz/corpus between runs; without it, a seeded random-mutation driver built with gcc and the
# same sanitizers runs instead. Exits non-zero, naming the saved input, when anything breaks.
#
# Usage: fuzz.sh [SECONDS]   (default 60; `npm test` runs 20)
set -euo pipefail

seconds="${1:-60}"
package_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$package_dir/build/fuzz"
core=("$package_dir"/c/hdr.c "$package_dir"/c/hdr_codec.c "$package_dir"/c/hdr_text.c)
mkdir -p "$out/corpus"
rm -rf "$out/seeds"
node "$package_dir/fuzz/make-seeds.mjs" "$out/seeds" >/dev/null

if command -v clang >/dev/null &&
  clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$package_dir/c" \
    -o "$out/fuzz_decode" "${core[@]}" "$package_dir/fuzz/fuzz_decode.c" -lm 2>"$out/clang.log"; then
  echo "fuzz: libFuzzer for ${seconds}s, corpus in $out/corpus"
  set +e
  "$out/fuzz_decode" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$out/crash-" "$out/corpus" "$out/seeds" >"$out/libfuzzer.log" 2>&1
  status=$?
  set -e
  grep -E "^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb)" "$out/libfuzzer.log" || true
  echo "fuzz: corpus now $(ls "$out/corpus" | wc -l) inputs"
  if ((status != 0)); then
    tail -n 40 "$out/libfuzzer.log" >&2
    echo "fuzz: FAILED (exit $status); the input is saved as $out/crash-*; full log $out/libfuzzer.log" >&2
    exit 1
  fi
else
  echo "fuzz: libFuzzer is not available (see $out/clang.log); running the gcc driver for ${seconds}s"
  "${CC:-gcc}" -std=c99 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
    -fsanitize=address,undefined -fno-sanitize-recover=all -I"$package_dir/c" -o "$out/driver" \
    "${core[@]}" "$package_dir/fuzz/fuzz_decode.c" "$package_dir/fuzz/driver.c" -lm
  "$out/driver" "$seconds" "$out/seeds" "$out/crash-input"
fi
