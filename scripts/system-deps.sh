#!/usr/bin/env bash
# Debian packages the portal needs beyond Python: Liberation fonts with Vietnamese glyphs
# (fonts-liberation2, metric-compatible with Times New Roman) for PDFs, WeasyPrint's Pango,
# Chromium for the browser journeys, poppler-utils (pdftotext/pdftoppm) for PDF checks.
set -euo pipefail
# usage: system-deps.sh [run|test]   (run: what serving needs; test: plus browser and PDF tools)
PKGS=(fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 gettext)
if [ "${1:-test}" = test ]; then PKGS+=(chromium poppler-utils); fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
