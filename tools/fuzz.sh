#!/usr/bin/env bash
# Fuzzes the model loader with libFuzzer (clang 14, ASan + UBSan):
#   tools/fuzz.sh TARGET SECONDS [libFuzzer options...]
#     TARGET: read (the ONNX reader), plan (reader + session create + planning), run (plan + one
#     run on small inputs). Builds the coverage-instrumented `fuzz` preset's target, seeds a corpus
#     (build/fuzz-corpus/TARGET) from every model of models/, the ONNX node tests and the
#     differential cases under 1 MB, and fuzzes for SECONDS. A crash, leak, timeout (10 s) or
#     out-of-memory (2 GiB) stops it and is written to build/fuzz-crashes/TARGET-*; replay one with
#     build/fuzz/wnn-fuzz-TARGET FILE.
#   tools/fuzz.sh --smoke TARGET SECONDS
#     ./test's short run: the native-asan build's target (not coverage-guided: the seeds, then
#     random mutations of them), no build, with a fixed random seed so that a given tree gives
#     the same inputs on every machine (a faster one gets further along the same sequence).
#   Past finds (tests/fuzz/finds/, each fixed and kept as a regression input) are seeds too.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=0
if [[ ${1:-} == --smoke ]]; then smoke=1; shift; fi
target=${1:-}
seconds=${2:-}
if [[ ! $target =~ ^(read|plan|run)$ || ! $seconds =~ ^[0-9]+$ ]]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
shift 2
if ((smoke)); then
  binary=build/native-asan/wnn-fuzz-$target
  [[ -x $binary ]] || { echo "fuzz: $binary is missing: tools/build.sh native-asan builds it" >&2; exit 1; }
else
  tools/setup.sh build >/dev/null
  [[ -f build/fuzz/CMakeCache.txt ]] || cmake --preset fuzz >build/fuzz.log 2>&1 ||
    { tail -n 30 build/fuzz.log >&2; exit 1; }
  cmake --build build/fuzz --target "wnn-fuzz-$target" -j"$(nproc)" >>build/fuzz.log 2>&1 ||
    { tail -n 30 build/fuzz.log >&2; exit 1; }
  binary=build/fuzz/wnn-fuzz-$target
fi

corpus=build/fuzz-corpus/$target
crashes=build/fuzz-crashes
mkdir -p "$corpus" "$crashes"
# Seeds, added every time (the fuzzer's own finds stay beside them): each model file under 1 MiB,
# named by its path (a corpus is a folder of inputs). (find's -size -1M would mean 0 bytes.)
# (The generated folders exist once ./test or their generate.sh has run: only those that exist.)
seeds=()
for d in tests/fuzz/finds models build/onnx-node-tests build/differential; do [[ -d $d ]] && seeds+=("$d"); done
find "${seeds[@]}" -name '*.onnx' -size -1024k | sort |
  while read -r f; do
    seed=$corpus/seed_${f//\//_}
    [[ -f $seed ]] || cp "$f" "$seed"
  done
echo "fuzz: $binary for $seconds s over $(ls "$corpus" | wc -l) inputs in $corpus; crashes go to $crashes/$target-*"
log=build/fuzz-$target.log
options=()
((smoke)) && options+=(-seed=1)
set +e
"$binary" "$corpus" "${options[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
  -artifact_prefix="$crashes/$target-" -print_final_stats=1 "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
runs=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n1)
if ((rc == 0)); then
  echo "fuzz: $target: ${runs:-no summary}s, no crash, leak or timeout (log: $log)"
else
  echo "fuzz: $target FAILED (exit $rc): the input is $(ls -t "$crashes"/$target-* 2>/dev/null | head -n1); replay it with $binary FILE (log: $log)"
fi
exit "$rc"
