#!/usr/bin/env bash
# Installs what the browser and HTML tests need if it is missing: Debian's chromium (driven by
# Playwright through its executable path; Playwright's own browser download is not used), a Java
# runtime for the Nu Html Checker, and the pinned npm packages axe-core and vnu-jar.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# --ignore-scripts: vnu-jar's postinstall would download its own Java; we use Debian's.
# Reinstall only when package-lock.json is newer than what node_modules/ holds.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing axe-core and vnu-jar from npm (package-lock.json)..."
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
