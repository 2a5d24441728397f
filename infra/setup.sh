#!/usr/bin/env bash
# Prepares this machine for LeakWatch: installs only what is missing, safe to re-run.
#   - pnpm at the version package.json pins
#   - system packages the product and its tests use (Debian/Ubuntu apt, when run as root or
#     with passwordless sudo; otherwise it prints the command to run)
#   - the workspace's dependencies, exactly as the lockfile records them
#   - the dashboard's production build (services/dashboard/dist), which the API serves
# Nothing here downloads a browser, a model or a font at run time: it is all installed now.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# --- Node.js -----------------------------------------------------------------------------
if ! command -v node >/dev/null 2>&1; then
  say "Node.js 20.19 or newer is required: https://nodejs.org/ (or your distribution's nodejs package)."
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  say "Node.js $(node --version) is too old: LeakWatch needs 20.19 or newer."
  exit 1
fi

# --- pnpm --------------------------------------------------------------------------------
pnpm_version="$(node -p 'require("./package.json").packageManager.split("@")[1]')"
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  say "installing pnpm $pnpm_version"
  npm install --global --no-fund --no-audit "pnpm@$pnpm_version" >/dev/null
fi

# --- system packages ---------------------------------------------------------------------
# program-or-file-to-check:debian-package
requirements=(
  # Redis for the queues when none is running (PostgreSQL comes from npm: embedded-postgres).
  "redis-server:redis-server"
  # The crawler, the corpus renderer and the browser tests (never a downloaded browser).
  "/usr/bin/chromium:chromium"
  # Fonts with full Vietnamese coverage for rendered pages, and emoji for social-media cards.
  "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf:fonts-liberation"
  "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf:fonts-liberation2"
  "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf:fonts-noto-color-emoji"
  # The `fast` Vietnamese OCR model (OCR_MODEL=fast); `best-int` ships with npm.
  "/usr/share/tesseract-ocr/5/tessdata/vie.traineddata:tesseract-ocr-vie"
  # Registering DOCX/ODT documents (converted to PDF headless).
  "soffice:libreoffice-writer-nogui"
)
missing=()
for requirement in "${requirements[@]}"; do
  program="${requirement%%:*}"
  package="${requirement#*:}"
  if [[ "$program" == /* ]]; then
    [ -e "$program" ] || missing+=("$package")
  else
    command -v "$program" >/dev/null 2>&1 || missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo -n"
    say "installing system packages: ${missing[*]}"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "please install these system packages, then run this again: ${missing[*]}"
    say "  Debian/Ubuntu: sudo apt-get install ${missing[*]}"
    say "  other systems: see docs/operations.md, \"System packages\""
    exit 1
  fi
fi

# --- workspace dependencies --------------------------------------------------------------
say "installing dependencies (pnpm install --frozen-lockfile)"
pnpm install --frozen-lockfile --reporter=append-only | grep -v '^Progress' || true
test -d node_modules/.pnpm || { say "pnpm install failed"; exit 1; }

# --- the dashboard -------------------------------------------------------------------------
# The API serves services/dashboard/dist; built every time (about a second) so it matches the
# checkout's sources.
say "building the dashboard (pnpm --filter @leakwatch/dashboard build)"
pnpm --filter @leakwatch/dashboard build >/dev/null || { say "the dashboard build failed"; exit 1; }
say "ready"
