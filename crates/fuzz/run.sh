#!/usr/bin/env bash
# Coverage-guided fuzzing of rc-onboard's hostile-input parsers with cargo-fuzz (libFuzzer + ASan)
# on the pinned stable toolchain.
#
#   crates/fuzz/run.sh TARGET SECONDS   fuzz TARGET for SECONDS, then minimise corpus/TARGET
#   crates/fuzz/run.sh all SECONDS      every target in turn, SECONDS each
#   crates/fuzz/run.sh replay TARGET    run TARGET once over corpus/TARGET and seeds/TARGET
#   crates/fuzz/run.sh minimise TARGET  shrink corpus/TARGET to a set covering the same edges
#   crates/fuzz/run.sh seeds            regenerate seeds/ (examples/make_seeds.rs)
#   crates/fuzz/run.sh list             the targets
#
# Targets: inspect, profile, rc_error, intake. Needs cargo-fuzz (`cargo install --locked
# cargo-fuzz`). Sanitizers are unstable rustc flags; RUSTC_BOOTSTRAP=1 lets the stable compiler
# accept them. Crashes are written to crates/fuzz/artifacts/TARGET/; reproduce one with
# `crates/fuzz/run.sh replay TARGET` after copying it into seeds/TARGET/, or run the binary
# target/x86_64-unknown-linux-gnu/release/TARGET on the file directly.
#
# Runs at the lowest CPU priority in one process. Environment: FUZZ_NICE (default 19),
# FUZZ_MAX_LEN (default 4096), FUZZ_ARGS (extra libFuzzer flags).
set -euo pipefail

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$fuzz_dir/../.." && pwd)"
targets=(inspect profile rc_error intake)
nice_level="${FUZZ_NICE:-19}"
max_len="${FUZZ_MAX_LEN:-4096}"
triple="$(rustc -vV | sed -n 's/^host: //p')"
binary_dir="$fuzz_dir/target/$triple/release"

export RUSTC_BOOTSTRAP=1

usage() {
    sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
}

known_target() {
    local t
    for t in "${targets[@]}"; do [[ "$t" == "$1" ]] && return 0; done
    echo "unknown target '$1'; targets: ${targets[*]}" >&2
    exit 2
}

build() {
    # Fuzz the dependency versions the product ships: start from the workspace's lock file.
    cp "$repo/Cargo.lock" "$fuzz_dir/Cargo.lock"
    (cd "$repo" && nice -n "$nice_level" cargo fuzz build --fuzz-dir crates/fuzz "$1")
}

fuzz() {
    local target="$1" seconds="$2"
    known_target "$target"
    build "$target" || return 1
    local corpus="$fuzz_dir/corpus/$target" seeds="$fuzz_dir/seeds/$target"
    local work="$fuzz_dir/target/work/$target"
    local artifacts="$fuzz_dir/artifacts/$target"
    local dict=()
    [[ -f "$fuzz_dir/dict/$target.dict" ]] && dict=("-dict=$fuzz_dir/dict/$target.dict")
    mkdir -p "$corpus" "$seeds" "$artifacts"
    rm -rf "$work"
    mkdir -p "$work"
    # New inputs go to the first directory; the others are read only. A crash stops the run;
    # what was found until then is still merged, and the status is returned at the end.
    local status=0
    # shellcheck disable=SC2086
    nice -n "$nice_level" "$binary_dir/$target" "$work" "$corpus" "$seeds" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" ${FUZZ_ARGS:-} ||
        status=$?
    minimise "$target" "$work"
    rm -rf "$work"
    return "$status"
}

# Replaces corpus/TARGET by the smallest set of inputs (from it, the extra directories and the
# seeds) that still reaches every coverage edge: set-cover merge on edges alone (-use_counters=0)
# keeps a few hundred files where a plain merge keeps every hit-count variant.
minimise() {
    local target="$1"
    shift
    local corpus="$fuzz_dir/corpus/$target" fresh="$fuzz_dir/target/work/$target.merged"
    rm -rf "$fresh"
    mkdir -p "$fresh" "$corpus"
    nice -n "$nice_level" "$binary_dir/$target" -set_cover_merge=1 -use_counters=0 \
        -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
        "$fresh" "$corpus" "$@" "$fuzz_dir/seeds/$target"
    rm -rf "$corpus"
    mv "$fresh" "$corpus"
    echo "corpus/$target: $(find "$corpus" -type f | wc -l) files"
}

replay() {
    local target="$1"
    known_target "$target"
    build "$target"
    local files=()
    mapfile -t files < <(find "$fuzz_dir/corpus/$target" "$fuzz_dir/seeds/$target" -type f 2>/dev/null)
    nice -n "$nice_level" "$binary_dir/$target" -runs=1 "${files[@]}"
}

case "${1:-}" in
    all)
        [[ $# -eq 2 ]] || usage
        failed=()
        for t in "${targets[@]}"; do
            # A crash in one target must not skip the others; each runs in its own shell.
            (fuzz "$t" "$2") || failed+=("$t")
        done
        if [[ ${#failed[@]} -gt 0 ]]; then
            echo "failed: ${failed[*]} (inputs in crates/fuzz/artifacts/)" >&2
            exit 1
        fi
        ;;
    replay)
        [[ $# -eq 2 ]] || usage
        replay "$2"
        ;;
    minimise)
        [[ $# -eq 2 ]] || usage
        known_target "$2"
        build "$2"
        minimise "$2"
        ;;
    seeds)
        (cd "$fuzz_dir" && cp "$repo/Cargo.lock" Cargo.lock && nice -n "$nice_level" cargo run --example make_seeds)
        ;;
    list)
        printf '%s\n' "${targets[@]}"
        ;;
    "" | -h | --help)
        usage
        ;;
    *)
        [[ $# -eq 2 ]] || usage
        fuzz "$1" "$2"
        ;;
esac
