#!/usr/bin/env bash
# Fills fuzz/corpus/{parse,lint} with seed inputs (never committed: see .gitignore).
# Sources: ../shared/corpus/trust, a sample of ../shared/corpus/aws-managed,
# ../shared/jsontestsuite/test_parsing and the main crate's tests/fixtures.
set -euo pipefail
cd "$(dirname "$0")"
shared=../../shared
sample=${AWS_MANAGED_SAMPLE:-200}
for target in parse lint; do
  dir=corpus/$target
  mkdir -p "$dir"
  cp "$shared"/corpus/trust/*.json "$dir"/
  # A deterministic sample of the AWS-managed policies (every Nth file).
  mapfile -t managed < <(ls "$shared"/corpus/aws-managed/*.json | sort)
  step=$(( ${#managed[@]} / sample )); [ "$step" -ge 1 ] || step=1
  for ((i = 0; i < ${#managed[@]}; i += step)); do cp "${managed[$i]}" "$dir"/; done
  for f in "$shared"/jsontestsuite/test_parsing/*; do cp "$f" "$dir/jsts_$(basename "$f")"; done
  find ../tests/fixtures -name '*.json' | while read -r f; do
    cp "$f" "$dir/fixture_$(echo "${f#../tests/fixtures/}" | tr / _)"
  done
  if [ -d ../tests/regressions ]; then
    find ../tests/regressions -type f -name '*.json' | while read -r f; do cp "$f" "$dir/regression_$(basename "$f")"; done
  fi
  echo "$dir: $(ls "$dir" | wc -l) files"
done
