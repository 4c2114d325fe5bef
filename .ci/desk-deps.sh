#!/usr/bin/env bash
# System packages the desk's browser tests need: Debian's Chromium (driven by
# Playwright's Python API with executable_path, never `playwright install`) and
# chromedriver. Tolerant of failure: without a browser the browser tests skip and
# say why.
set -u
if command -v chromium >/dev/null 2>&1; then
  echo "chromium already installed: $(command -v chromium)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "no apt-get here: the desk's browser tests will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || echo "apt-get update failed; trying the install anyway" >&2
if ! apt-get install -y -qq chromium chromium-driver >/dev/null; then
  echo "could not install chromium: the desk's browser tests will be skipped" >&2
fi
exit 0
