#!/usr/bin/env bash
# Runs the portal with demo data on http://127.0.0.1:5080 (override with HIDAMARI_URL).
# Starts the project-local PostgreSQL first unless ConnectionStrings__Hidamari is already set.
set -euo pipefail
cd "$(dirname "$0")"
URL="${HIDAMARI_URL:-http://127.0.0.1:5080}"
if [ -z "${ConnectionStrings__Hidamari:-}" ]; then
  export ConnectionStrings__Hidamari="$(infra/pg.sh start)"
fi
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
echo "Hidamari: building and starting the portal with demo data..."
dotnet build src/Portal -c Release -v quiet -nologo
echo "Hidamari portal: $URL  (API reference: $URL/api/docs; stop with Ctrl+C)"
exec dotnet run --no-build -c Release --project src/Portal --no-launch-profile --urls "$URL" -- "$@"
