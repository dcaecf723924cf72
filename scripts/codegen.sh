#!/usr/bin/env bash
# Regenerates Wolverine's handler code into src/Casework/Internal/Generated (ADR 8): run it after adding,
# changing or removing an endpoint, and commit the result. The service loads only this pre-generated code.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

# Configuration is read at start-up but no database is touched: any connection string will do.
export ConnectionStrings__Casework="${ConnectionStrings__Casework:-Host=127.0.0.1;Database=codegen}"
rm -rf src/Casework/Internal/Generated
dotnet build src/Casework -v quiet -nologo
(cd src/Casework && ASPNETCORE_ENVIRONMENT=Development dotnet run --no-build -- codegen write >/dev/null)
