#!/usr/bin/env bash
# A real pre-commit run of the hook this repository ships: it must fail on a
# bad policy and pass once the policy is fixed. Installs pre-commit from PyPI
# into a throwaway virtualenv.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/cache"

mkdir "$work/scratch" && cd "$work/scratch"
git init --quiet
git config user.email ci@example.com
git config user.name ci
cat > trust.json <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
  ]
}
JSON
echo '{"name": "not-a-policy"}' > package.json
git add . && git commit --quiet -m "bad policy"

echo "== pre-commit try-repo on a bad policy (must fail)"
if pre-commit try-repo "$repo" trustlint --all-files > "$work/bad.log" 2>&1; then
  cat "$work/bad.log"
  echo "FAIL: the hook passed on a bad policy" >&2
  exit 1
fi
grep -q 'TL004' "$work/bad.log" || { cat "$work/bad.log"; echo "FAIL: no TL004 in the hook's output" >&2; exit 1; }

sed -i 's/"allow"/"Allow"/' trust.json
git commit --quiet -am "fix the policy"
echo "== pre-commit try-repo on the fixed policy (must pass)"
if ! pre-commit try-repo "$repo" trustlint --all-files > "$work/good.log" 2>&1; then
  cat "$work/good.log"
  echo "FAIL: the hook failed on a good policy" >&2
  exit 1
fi
echo "pre-commit hook test: fails on the bad policy, passes on the fixed one"
