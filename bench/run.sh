#!/usr/bin/env bash
# trustlint benchmark: one command, see bench/README.md.
#   bash bench/run.sh            # the whole benchmark (about 4 minutes on 2 cores)
#   bash bench/run.sh --quick    # fewer runs, for trying the script out
#   bash bench/run.sh --rev HEAD # benchmark a commit instead of the working tree (others may be
#                                # mid-edit in src/): it is exported with `git archive` and built
#                                # in target/bench-rev, so target/release is left alone
# Writes bench/results.md (and bench/results.json) and prints the table.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
corpus="${TRUSTLINT_CORPUS:-$repo/../shared/corpus}"
venvs="${TRUSTLINT_BENCH_VENVS:-${XDG_CACHE_HOME:-$HOME/.cache}/trustlint-bench}"
runs=(--runs-tiny 21 --runs-small 5 --runs-large 3 --runs-peer 3)
rev=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) runs=(--runs-tiny 3 --runs-small 2 --runs-large 1 --runs-peer 1); shift ;;
        --rev) rev="$2"; shift 2 ;;
        *) echo "usage: bash bench/run.sh [--quick] [--rev REV]" >&2; exit 2 ;;
    esac
done

[[ -d "$corpus/aws-managed" && -d "$corpus/trust" ]] || { echo "bench: no corpus at $corpus" >&2; exit 2; }

# Tools: hyperfine (Debian) for the one-file timing; the loop in bench.py is the fallback.
if ! command -v hyperfine >/dev/null; then
    echo "bench: installing hyperfine (apt)" >&2
    (apt-get update -qq && apt-get install -y -qq hyperfine) >/dev/null 2>&1 || echo "bench: no hyperfine; timing a loop instead" >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/trustlint-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cd "$repo"
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
label="working tree"
if [[ -n "$rev" ]]; then
    label="$(git rev-parse --short "$rev") (git archive)"
    echo "bench: exporting $rev" >&2
    mkdir "$work/tree"
    git archive "$rev" | tar -x -C "$work/tree"
    cp "$repo/examples/parse_floor.rs" "$work/tree/examples/"
    cd "$work/tree"
    export CARGO_TARGET_DIR="$target/bench-rev"
    target="$CARGO_TARGET_DIR"
fi
# GNU time reports each command's own peak RSS (see run_once in bench.py).
if [[ ! -x /usr/bin/time ]]; then
    echo "bench: installing time (apt)" >&2
    (apt-get update -qq && apt-get install -y -qq time) >/dev/null 2>&1 || echo "bench: no GNU time; RSS figures will include the Python parent's" >&2
fi

echo "bench: building trustlint and the parse-only floor (release) from the $label" >&2
cargo build --release --quiet --bin trustlint
cargo build --release --quiet --example parse_floor
cd "$repo"

# Peers, each in its own throwaway virtualenv (kept in $venvs between runs; delete it to reinstall).
peer_args=()
for peer in parliament cloudsplaining; do
    venv="$venvs/$peer"
    if [[ ! -x "$venv/bin/$peer" ]]; then
        echo "bench: installing $peer from PyPI into $venv" >&2
        rm -rf "$venv"
        if ! { python3 -m venv "$venv" && timeout 300 "$venv/bin/pip" install -q "$peer"; } >&2; then
            echo "bench: could not install $peer; skipping it" >&2
            rm -rf "$venv"
            continue
        fi
    fi
    peer_args+=("--$peer" "$venv/bin/python")
done

# Both binaries are timed from fresh copies. How fast a binary starts and runs depends on
# its file's state in the page cache: the same trustlint ran a one-file lint 16% slower
# from a file written two hours earlier than from a copy made a moment before (201
# interleaved pairs; 520 page faults against 490). A no-op `cargo build` leaves an old
# file, so trustlint and the floor could otherwise be timed in different states.
mkdir "$work/bin"
cp "$target/release/trustlint" "$target/release/examples/parse_floor" "$work/bin/"

python3 "$here/bench.py" \
    --trustlint "$work/bin/trustlint" \
    --floor "$work/bin/parse_floor" \
    "${peer_args[@]}" \
    --corpus "$corpus" --work "$work" --bench-dir "$here" \
    --built-from "$label" --out "$here/results.md" "${runs[@]}"
