#!/usr/bin/env bash
# What bench/eval needs besides the build: Debian's Python 3 with its Xapian bindings
# (the whole-document peer); SQLite FTS5 ships with Python's sqlite3 module.
set -euo pipefail
missing=()
for p in python3 python3-xapian; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
