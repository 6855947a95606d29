#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Station Desk needs: a Chinese TrueType font,
# the libraries Qt's windows need, and the tools the tests use to read PDFs and QR codes.
# Safe to run again: it installs only what is missing. Elsewhere it prints what to install.
set -euo pipefail

packages=(
  python3-venv
  fonts-wqy-microhei        # Chinese glyphs on screen and embedded in PDFs
  poppler-utils             # pdftoppm / pdftotext: PDFs read back in tests
  zbar-tools                # zbarimg: an independent QR decoder for tests
  xvfb xauth xdotool        # a virtual screen and real key events for the window tests
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-xkb1 libxcb-render-util0 libxcb-image0 libxcb-randr0
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install a Chinese TrueType font, poppler and zbar yourself." >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "Need root to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing system packages: ${missing[*]}"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
