#!/usr/bin/env bash
# Load test of the public directory (not a test: it prints figures).
#   bash bench/run.sh            # SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cms_bench bash bench/run.sh
# Seeds 50 counties of 200 providers, starts `cms serve` (release) on
# loopback, and drives /{t}/support and /{t}/support/{slug} with wrk at 64
# connections, printing requests per second and latency percentiles.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

COUNTIES="${COUNTIES:-50}"
PROVIDERS="${PROVIDERS:-200}"
DURATION="${DURATION:-20s}"
PORT="${PORT:-3999}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q -p server -p bench

work="$(mktemp -d)"
if [[ -z "${DATABASE_URL:-}" ]]; then
    export DATABASE_URL="sqlite://$work/bench.sqlite?mode=rwc"
else
    # A fresh PostgreSQL database named in DATABASE_URL.
    db="${DATABASE_URL##*/}"
    admin="${DATABASE_URL%/*}/postgres"
    psql "$admin" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
fi
echo "database: ${DATABASE_URL%%\?*} | $COUNTIES counties x $PROVIDERS providers"
time target/release/bench-seed "$COUNTIES" "$PROVIDERS"

CMS_BIND="127.0.0.1:$PORT" RUST_LOG=warn target/release/cms serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# Requests spread over every county (and, for the provider page, providers).
cat >"$work/directory.lua" <<LUA
local counties = $COUNTIES
request = function()
  return wrk.format("GET", "/bench-" .. math.random(1, counties) .. "/support")
end
LUA
cat >"$work/provider.lua" <<LUA
local counties = $COUNTIES
local providers = $PROVIDERS
request = function()
  local c = math.random(1, counties)
  local p = string.format("%03d", math.random(0, providers - 1))
  return wrk.format("GET", "/bench-" .. c .. "/support/provider-" .. p .. "-of-county-" .. c)
end
LUA

bytes=$(curl -fs "http://127.0.0.1:$PORT/bench-1/support" | wc -c)
echo "directory page: $bytes bytes"
for script in directory provider; do
    echo
    echo "=== /{t}/support$([[ $script == provider ]] && echo '/{slug}') — wrk -t2 -c64 -d$DURATION --latency"
    wrk -t2 -c64 -d"$DURATION" --latency -s "$work/$script.lua" "http://127.0.0.1:$PORT" \
        | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"
done
