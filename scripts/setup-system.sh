#!/usr/bin/env bash
# Install the system pieces the Python venv cannot provide: Chinese fonts,
# Chromium (browser tests), LibreOffice (DOCX round-trip tests) and axe-core
# (accessibility tests; npm, pinned in package-lock.json, into ./node_modules).
# Idempotent: each step is skipped when its result is already present.
# Usage: scripts/setup-system.sh [--with-test-tools]
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[ "${1:-}" = "--with-test-tools" ] && want_tests=1

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

packages=(fonts-noto-cjk fonts-lxgw-wenkai git-lfs)
# Debian's python3 needs python3-venv for `python3 -m venv`.
python3 -c "import ensurepip" 2>/dev/null || packages+=(python3-venv)
[ "$want_tests" = 1 ] && packages+=(chromium libreoffice-writer-nogui poppler-utils)
[ "$want_tests" = 1 ] && ! command -v npm >/dev/null && packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "【安装】系统软件包：${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Units' originals (data/submissions/) are stored with Git LFS (.gitattributes), not in the history's blobs.
if command -v git-lfs >/dev/null && git rev-parse --git-dir >/dev/null 2>&1; then
  git lfs install --local >/dev/null
fi

# Fandol fonts (FandolFang / FandolKai / FandolHei / FandolSong) ship only inside
# texlive-lang-chinese; take the .deb and keep just the fonts, in the project.
fonts_dir=".cache/fonts/fandol"
if ! ls "$fonts_dir"/FandolFang-Regular.otf >/dev/null 2>&1; then
  echo "【安装】Fandol 开源中文字体（取自 texlive-lang-chinese）"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null)
  dpkg-deb -x "$tmp"/texlive-lang-chinese_*.deb "$tmp/x"
  mkdir -p "$fonts_dir.partial"
  find "$tmp/x" -name 'Fandol*.otf' -exec cp {} "$fonts_dir.partial/" \;
  rm -rf "$fonts_dir" && mv "$fonts_dir.partial" "$fonts_dir"
fi
if [ "$want_tests" = 1 ] && [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "【安装】axe-core 无障碍检查（npm，版本固定在 package-lock.json）"
  npm ci --ignore-scripts --no-audit --no-fund --silent
fi
echo "【完成】系统依赖已就绪"
