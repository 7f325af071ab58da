#!/usr/bin/env bash
# Runs KefuDesk on SQLite with demo data and prints where to go and how to sign in.
#   scripts/run.sh            keep data/ between runs (demo data is written into an empty database)
#   scripts/run.sh --reset    start again from fresh demo data
# KEFUDESK_PORT (default 5080) picks the port.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/lib.sh

port=${KEFUDESK_PORT:-5080}
if [ "${1:-}" = "--reset" ]; then
  rm -rf "$root/data"
fi
mkdir -p "$root/data"

kd_ensure_node
echo "Building KefuDesk (Release)…"
# The migrations projects build the web app too and put themselves beside it.
for project in src/KefuDesk.Migrations.Sqlite src/KefuDesk.Migrations.Postgres; do
  dotnet build "$project" -c Release -nologo -v quiet -clp:"ErrorsOnly;NoSummary"
done

export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
exec dotnet src/KefuDesk.Web/bin/Release/net10.0/KefuDesk.Web.dll \
  --contentRoot "$root/src/KefuDesk.Web" \
  --urls "http://localhost:$port" \
  --Database:Provider Sqlite \
  --Database:ConnectionString "Data Source=$root/data/kefudesk.db" \
  --KefuDesk:Demo true
