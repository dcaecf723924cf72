#!/usr/bin/env bash
# Runs Casework on 127.0.0.1 (port 5080, or CASEWORK_PORT). Unless ConnectionStrings__Casework is set,
# it first provisions and starts a local PostgreSQL under the repository (scripts/db.sh).
# The service applies its migrations at start-up and prints the Swagger UI address.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

export ConnectionStrings__Casework="${ConnectionStrings__Casework:-$(scripts/db.sh start)}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
exec dotnet run --project src/Casework -- --urls "http://127.0.0.1:${CASEWORK_PORT:-5080}"
