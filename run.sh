#!/usr/bin/env bash
# Runs the portal with demo data on http://127.0.0.1:5080 (override with HIDAMARI_URL).
# Starts the project-local PostgreSQL first unless ConnectionStrings__Hidamari is already set.
set -euo pipefail
cd "$(dirname "$0")"
URL="${HIDAMARI_URL:-http://127.0.0.1:5080}"
if [ -z "${ConnectionStrings__Hidamari:-}" ]; then
  export ConnectionStrings__Hidamari="$(infra/pg.sh start)"
fi
# Claim PDFs need a Japanese font (IPAGothic); install it when we can, else the PDF export says what is missing.
if [ ! -f /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf ] && command -v apt-get >/dev/null; then
  if [ "$(id -u)" = "0" ]; then (apt-get install -y -qq fonts-ipafont-gothic >/dev/null 2>&1 || true)
  elif command -v sudo >/dev/null; then (sudo -n apt-get install -y -qq fonts-ipafont-gothic >/dev/null 2>&1 || true); fi
fi
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
echo "Hidamari: building and starting the portal with demo data..."
dotnet build src/Portal -c Release -v quiet -nologo
echo "Hidamari portal: $URL  (API reference: $URL/api/docs; stop with Ctrl+C)"
exec dotnet run --no-build -c Release --project src/Portal --no-launch-profile --urls "$URL" -- "$@"
