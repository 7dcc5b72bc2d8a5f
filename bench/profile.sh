#!/usr/bin/env bash
# Where trustlint spends its time on the AWS managed corpus: perf on a single-thread run.
#   bash bench/profile.sh [DIR] [--rev REV]
# Builds a release binary with debug info and frame pointers in target/bench-prof (so
# target/release is left alone), runs it under `perf record -g` several times over DIR
# (default ../shared/corpus/aws-managed) with --threads 1, and prints the top functions
# by inclusive (children) and by self cost. Writes bench/profile.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
dir="$repo/../shared/corpus/aws-managed"
rev=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rev) rev="$2"; shift 2 ;;
        *) dir="$1"; shift ;;
    esac
done
command -v perf >/dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null; }

work="$(mktemp -d "${TMPDIR:-/tmp}/trustlint-prof.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$repo"
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
src="$repo"
if [[ -n "$rev" ]]; then
    mkdir "$work/tree" && git archive "$rev" | tar -x -C "$work/tree" && src="$work/tree"
fi
(cd "$src" && CARGO_TARGET_DIR="$target/bench-prof" CARGO_PROFILE_RELEASE_DEBUG=true \
    CARGO_PROFILE_RELEASE_STRIP=false RUSTFLAGS="-C force-frame-pointers=yes" \
    cargo build --release --quiet --bin trustlint)
bin="$target/bench-prof/release/trustlint"

# Repeat the run so that short phases get enough samples.
cat > "$work/loop.sh" <<LOOP
for i in 1 2 3 4 5 6 7 8 9 10; do "$bin" check "$dir" --threads 1 --format json --fail-on never --now 2026-01-01T00:00:00Z > /dev/null; done
LOOP
data="$target/bench-prof/perf.data"   # kept for further `perf report -i` queries
perf record -q -F 4999 -g -o "$data" bash "$work/loop.sh" 2>/dev/null
{
    echo "# trustlint profile: --threads 1 over $dir, 10 runs, perf -g (frame pointers)"
    echo "# built from: ${rev:-the working tree}"
    echo
    echo "## Phases (inclusive share of all trustlint samples)"
    perf report -i "$data" --comm trustlint --children --stdio -g none --percent-limit 0 2>/dev/null \
        | grep -E 'trustlint::(main|check|lint::run|lint::finish|diagnostic::sort|lint::lint_bytes|lint::lint_bytes_with|report::spliced::write|discover::discover|json::parse|json::parser::Parser::document|policy::Policy::from_document|lint::locate|report::write|rules::Registry::builtin|crossfile::[a-z_]+)$|core::ptr::drop_in_place<trustlint::json' \
        | cut -c1-200
    echo
    echo "## Top trustlint functions by inclusive cost"
    perf report -i "$data" --comm trustlint --children --stdio -g none --percent-limit 0.8 2>/dev/null \
        | grep -E 'trustlint::|libc' | grep -vE 'trustlint::main$|rayon|lang_start|__libc_start|start_thread' | cut -c1-200 | head -45
    echo
    echo "## Self cost"
    perf report -i "$data" --comm trustlint --no-children --stdio -g none --percent-limit 0.8 2>/dev/null \
        | grep -v '^#' | grep -v '^$' | cut -c1-200 | head -30
} | tee "$here/profile.txt"
