#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the console's end-to-end tests when
# they are missing. Called by .ci/run, and by the tests themselves (HeadlessChromium) on
# a machine that lacks them; needs root or password-less sudo, and Debian's packages.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  echo "Chromium is missing and this user cannot install it: run" >&2
  echo "  sudo apt-get install chromium chromium-driver" >&2
  exit 1
fi
echo "Installing Debian's chromium and chromium-driver for the console's browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq chromium chromium-driver >/dev/null
/usr/bin/chromium --version >&2
