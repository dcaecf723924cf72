#!/usr/bin/env bash
# The chart test (ADR 23): renders deploy/helm/casework with each values file in its ci/ folder, as `helm template`
# would, and validates every manifest against the Kubernetes API schemas (validate.mjs); also checks that the
# chart refuses to render without a key provider. Needs Debian's golang-go, golang-github-masterminds-sprig-dev and
# golang-k8s-sigs-yaml-dev (scripts/test.sh installs them) and Node.js; installs its npm packages when missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
chart="$here/../casework"

if [ ! -d "$here/node_modules/kubernetes-models" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
# Debian's Go packages in GOPATH mode: no module download, nothing outside Debian's archive.
render="${XDG_CACHE_HOME:-$HOME/.cache}/casework-chart/render"
if [ ! -x "$render" ] || [ "$here/render.go" -nt "$render" ]; then
  mkdir -p "$(dirname "$render")"
  GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$render" "$here/render.go"
fi

status=0
rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
for values in "$chart"/ci/*-values.yaml; do
  "$render" "$chart" casework "$values" > "$rendered/$(basename "$values" -values.yaml)" || { echo "invalid: $(basename "$values") did not render" >&2; status=1; }
done
node "$here/validate.mjs" "$rendered"/* || status=1

# Without an authority or a mounted JWKS the service could validate no token: the chart must say so, not render.
if refusal=$("$render" "$chart" casework 2>&1); then
  echo "invalid: the chart rendered without a key provider" >&2
  status=1
elif ! grep -q "authentication.authority or authentication.jwksSecretName must be set" <<<"$refusal"; then
  echo "invalid: the chart failed for another reason: $refusal" >&2
  status=1
else
  echo "refused: no key provider"
fi
exit "$status"
