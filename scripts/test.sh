#!/usr/bin/env bash
# Runs every test: the pure suite (deciders, projections, tokens), the integration suite against a
# real PostgreSQL, provisioned by scripts/db.sh unless ConnectionStrings__Casework (the service's role) and
# ConnectionStrings__CaseworkOwner (the schema owner's) are set, and the console's
# browser tests in Debian's chromium, installed here when missing (Playwright cannot download its own browsers), with
# the OpenID Connect provider they sign in through (oidc-provider from npm), and the chart test (ADR 23), whose Debian
# Go packages are installed here when missing too, and the SMTP server the alert tests send to (Debian's python3-aiosmtpd).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

# The PDF export reads DejaVu Sans from the machine (ADR 11): install Debian's package where it is missing.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && [ ! -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ]; then
  apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null
fi

# The alert tests deliver e-mail to a real SMTP server, Debian's aiosmtpd (under Debian's python3), started by the tests.
if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian's python3-aiosmtpd for the alert tests..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >&2
  else
    echo "The alert tests need Debian's python3-aiosmtpd: run 'sudo apt-get install -y python3-aiosmtpd' and try again." >&2
    echo "tests: 0 passed, 1 failed, 0 skipped"
    exit 1
  fi
fi

export ConnectionStrings__Casework="${ConnectionStrings__Casework:-$(scripts/db.sh start)}"
# The fixtures migrate each test schema as its owner, then run the service as ConnectionStrings__Casework's role (ADR 15).
export ConnectionStrings__CaseworkOwner="$(scripts/db.sh owner)"
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian's chromium for the browser tests..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "The browser tests need Debian's chromium: run 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH to a Chromium) and try again." >&2
    echo "tests: 0 passed, 1 failed, 0 skipped"
    exit 1
  fi
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"
# The chart test (ADR 23) renders with Helm's template engine rebuilt from Debian's Go and Sprig packages: install them when missing.
if ! command -v go >/dev/null 2>&1 || [ ! -d /usr/share/gocode/src/github.com/Masterminds/sprig ] || [ ! -d /usr/share/gocode/src/sigs.k8s.io/yaml ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian's Go, Sprig and sigs.k8s.io/yaml for the chart test..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev >&2
  else
    echo "The chart test needs Debian's golang-go, golang-github-masterminds-sprig-dev and golang-k8s-sigs-yaml-dev: install them and try again." >&2
    echo "tests: 0 passed, 1 failed, 0 skipped"
    exit 1
  fi
fi
# The browser tests sign in through a real OpenID Connect provider (issue 20): panva's oidc-provider under Node,
# installed from npm (pinned by its package-lock.json) when missing.
if ! command -v node >/dev/null 2>&1; then
  echo "The browser tests need Node.js (20 or later) for the OpenID Connect provider: install it and try again." >&2
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
if [ ! -d tests/Casework.BrowserTests/oidc/node_modules/oidc-provider ]; then
  (cd tests/Casework.BrowserTests/oidc && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Wolverine's handler code is generated ahead and committed (ADR 8): regenerate it, and fail if the committed
# code differs, since a stale registry answers a new endpoint with a silent 404.
scripts/codegen.sh
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
  && { ! git diff --quiet -- src/Casework/Internal/Generated || [ -n "$(git ls-files --others --exclude-standard -- src/Casework/Internal/Generated)" ]; }; then
  git status --short -- src/Casework/Internal/Generated
  echo "The generated Wolverine code was stale: commit src/Casework/Internal/Generated as scripts/codegen.sh regenerated it." >&2
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

status=0
dotnet test Casework.sln 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test assemblies.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
