#!/usr/bin/env bash
# Installs what the tests need beyond npm packages: Debian's Chromium for the browser tests, poppler's
# pdftotext to read back the PDFs the report tests print, and LibreOffice Writer (without its desktop
# interface) to open the Relazione's DOCX as a board member would and convert it to PDF.
# playwright-core drives Chromium at /usr/bin/chromium; Playwright's own browser download is never used.
set -euo pipefail
if [ -x /usr/bin/chromium ] && command -v pdftotext >/dev/null 2>&1 && command -v soffice >/dev/null 2>&1; then
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "Chromium, pdftotext o LibreOffice mancanti e apt-get non disponibile: installare Chromium (/usr/bin/chromium), poppler-utils e libreoffice-writer-nogui." >&2
	exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "Installo Chromium, poppler-utils e LibreOffice Writer (Debian) per i test del browser, dei PDF e del DOCX…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
# --no-install-recommends: the headless converter needs no desktop integration or Java (a few minutes less).
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null
/usr/bin/chromium --version
soffice --version
