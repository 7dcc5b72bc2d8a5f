"""In-process drivers for the peer linters timed by bench/run.sh.

    python peers.py parliament DIR...
    python peers.py cloudsplaining DIR...

`parliament --directory DIR` stops at the first policy that makes it raise (several
AWS managed policies do: "Unknown data format: ArrayOfARN"), so this driver does
what its CLI's --directory mode does (find_files, analyze_policy_string, enhance
and print every finding) file by file, but catches an exception per file and goes
on. cloudsplaining's CLI takes one file per process (about 1 s of start-up each),
so its scan_policy() is called per file in one process the same way.

Findings go to stdout (send it to /dev/null when timing); one summary line goes
to stderr: files, crashed files, findings.
"""

import json
import os
import sys


def json_files(dirs):
    for d in dirs:
        for root, _, names in os.walk(d):
            for name in names:
                if name.endswith(".json"):
                    yield os.path.join(root, name)


def run_parliament(dirs):
    from parliament import analyze_policy_string, enhance_finding
    from parliament.cli import print_finding

    files = crashed = findings = 0
    for path in json_files(dirs):
        files += 1
        try:
            with open(path) as f:
                policy = analyze_policy_string(f.read(), path)
            for finding in policy.findings:
                print_finding(enhance_finding(finding), False, True)
                findings += 1
        except Exception:  # parliament raises on some valid policies
            crashed += 1
    return files, crashed, findings


def run_cloudsplaining(dirs):
    from cloudsplaining.command.scan_policy_file import scan_policy

    files = crashed = findings = 0
    for path in json_files(dirs):
        files += 1
        try:
            with open(path) as f:
                results = scan_policy(json.load(f))
            print(json.dumps(results, default=str))
            findings += sum(1 for v in results.values() if v) if isinstance(results, dict) else 0
        except Exception:
            crashed += 1
    return files, crashed, findings


def main():
    tool, dirs = sys.argv[1], sys.argv[2:]
    runner = {"parliament": run_parliament, "cloudsplaining": run_cloudsplaining}[tool]
    files, crashed, findings = runner(dirs)
    print(json.dumps({"tool": tool, "files": files, "crashed": crashed, "findings": findings}), file=sys.stderr)


if __name__ == "__main__":
    main()
