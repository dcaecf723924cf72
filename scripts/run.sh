#!/usr/bin/env bash
# Runs Casework on 127.0.0.1 (port 5080, or CASEWORK_PORT). Unless ConnectionStrings__Casework is set,
# it first provisions and starts a local PostgreSQL under the repository (scripts/db.sh).
# Then `migrate` creates or updates the schema as its owner (ConnectionStrings__CaseworkOwner, by default the
# local cluster's casework_owner), and the service starts as its own role, which may not change the schema
# (ADR 15); the owner's connection string is never given to the service. It prints the Swagger UI address.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

export ConnectionStrings__Casework="${ConnectionStrings__Casework:-$(scripts/db.sh start)}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
ConnectionStrings__CaseworkOwner="$(scripts/db.sh owner)" dotnet run --project src/Casework -- migrate
exec dotnet run --no-build --project src/Casework -- --urls "http://127.0.0.1:${CASEWORK_PORT:-5080}"
