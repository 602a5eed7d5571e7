#!/usr/bin/env bash
# Installs the Debian 12 packages the project builds and tests with (xapian-tools:
# xapian-check for the crash test, xapian-tcpsrv for the shards test), when missing,
# plus any packages named as arguments (bench/eval: python3 python3-xapian).
set -euo pipefail
packages=(g++ cmake make pkg-config libxapian-dev libicu-dev libcli11-dev catch2 libcpp-httplib-dev xapian-tools "$@")
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
