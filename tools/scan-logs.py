#!/usr/bin/env python3
"""Fails when a seeded patient identifier appears in a test-run log.

Usage: tools/scan-logs.py DIR

DIR is $ORTHOREGEN_TEST_LOG_DIR of a test run: test servers write their logs there (*.log) and the helpers that seed
patients append each name, phone number, e-mail address, record number and national id to DIR/seeded.txt. Identifiers
shorter than 5 characters are skipped (they match by chance). Matching ignores case. Exit 0 when no identifier is found,
1 when one is (each hit printed as file:line: identifier), 2 when DIR is missing.
"""
import os
import sys


def main() -> int:
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print("scan-logs: usage: scan-logs.py DIR (a directory of test logs)", file=sys.stderr)
        return 2
    folder = sys.argv[1]
    seeded_path = os.path.join(folder, "seeded.txt")
    seeded = set()
    if os.path.exists(seeded_path):
        with open(seeded_path, encoding="utf-8", errors="replace") as f:
            seeded = {line.strip().lower() for line in f if len(line.strip()) >= 5}
    logs = sorted(n for n in os.listdir(folder) if n.endswith(".log"))
    hits = 0
    for name in logs:
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                low = line.lower()
                for identifier in seeded:
                    if identifier in low:
                        hits += 1
                        if hits <= 50:
                            print(f"{name}:{number}: {identifier}")
    print(f"scan-logs: {len(seeded)} seeded identifiers, {len(logs)} log files, {hits} hits")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
