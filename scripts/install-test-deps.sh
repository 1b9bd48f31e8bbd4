#!/usr/bin/env bash
# Installs what the tests need beyond npm packages: Debian's Chromium for the browser tests.
# playwright-core drives it at /usr/bin/chromium; Playwright's own browser download is never used.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "Chromium non trovato e apt-get non disponibile: installare Chromium in /usr/bin/chromium (o impostare CHROMIUM_PATH)." >&2
	exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "Installo Chromium (Debian) per i test del browser…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
