#!/usr/bin/env bash
# What the cross-file pass (TL3xx) costs: a 10,000-file repository with 1,000
# bindings (500 roles with their trust policies, 500 users whose policies
# assume them), linted with and without the manifest. Prints both medians and
# the ratio. Usage: bench/crossfile.sh  (from the repository root)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/../shared/corpus/aws-managed"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/trustlint"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$corpus" "$work" <<'PY'
import os, sys, shutil, json
corpus, work = sys.argv[1], sys.argv[2]
files = sorted(f for f in os.listdir(corpus) if f.endswith('.json'))
os.makedirs(f"{work}/managed")
n = 0
while n < 9000:
    f = files[n % len(files)]
    shutil.copy(f"{corpus}/{f}", f"{work}/managed/{n:05d}-{f}")
    n += 1
os.makedirs(f"{work}/roles"); os.makedirs(f"{work}/users")
manifest = ['[accounts]', 'own = ["111122223333", "444455556666"]', '']
for i in range(500):
    role = f"arn:aws:iam::444455556666:role/team{i}/Deployer{i}"
    user = f"arn:aws:iam::111122223333:user/dev{i}"
    # every 50th pair disagrees, so the rules have work to report
    trusted = user if i % 50 else f"arn:aws:iam::111122223333:user/other{i}"
    json.dump({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": trusted},
               "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]},
              open(f"{work}/roles/trust{i}.json", "w"), indent=2)
    json.dump({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
               "Resource": role}]}, open(f"{work}/users/assume{i}.json", "w"), indent=2)
    manifest += ['[[role]]', f'arn = "{role}"', f'trust = "roles/trust{i}.json"', '',
                 '[[user]]', f'arn = "{user}"', f'policies = ["users/assume{i}.json"]', '']
open(f"{work}/manifest.toml", "w").write("\n".join(manifest))
open(f"{work}/empty.toml", "w").write("")
PY

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() {  # $1: config file
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N)
    (cd "$work" && "$bin" check --config "$1" --fail-on never --format json . > /dev/null)
    e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))   # microseconds
  done | median
}
(cd "$work" && "$bin" check --config manifest.toml --fail-on never --format json . > /dev/null)  # warm the cache
without=$(run empty.toml)
with=$(run manifest.toml)
files=$(find "$work" -name '*.json' | wc -l)
echo "files: $files, bindings: 1000"
python3 -c "w, m = $without, $with; print(f'without manifest: {w/1e6:.3f} s'); print(f'with manifest:    {m/1e6:.3f} s'); print(f'cross-file overhead: {(m/w - 1)*100:.1f}%')"
