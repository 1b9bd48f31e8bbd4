#!/usr/bin/env bash
# Installs what the tests need beyond npm packages: Debian's Chromium for the browser tests, and
# poppler's pdftotext to read back the PDFs the report tests print.
# playwright-core drives Chromium at /usr/bin/chromium; Playwright's own browser download is never used.
set -euo pipefail
if [ -x /usr/bin/chromium ] && command -v pdftotext >/dev/null 2>&1; then
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "Chromium o pdftotext mancanti e apt-get non disponibile: installare Chromium (/usr/bin/chromium) e poppler-utils." >&2
	exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "Installo Chromium e poppler-utils (Debian) per i test del browser e dei PDF…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
/usr/bin/chromium --version
