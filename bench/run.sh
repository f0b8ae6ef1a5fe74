#!/usr/bin/env bash
# Load test of the public directory (not a test: it prints figures).
#   bash bench/run.sh            # SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cms_bench bash bench/run.sh
# First the demo county's cases (bench/demo.sh: cached vs nginx, distinct
# searches, RSS; SKIP_DEMO=1 leaves them out). Then it
# seeds 50 counties of 200 providers, starts `cms serve` (release) on
# loopback, and drives /{t}/support and /{t}/support/{slug} with wrk at 64
# connections, once as a browser asks (Accept-Encoding: gzip, deflate, br)
# and once without compression, printing requests per second and latency
# percentiles with the load average beside them. See bench/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

COUNTIES="${COUNTIES:-50}"
PROVIDERS="${PROVIDERS:-200}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-20s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
PORT="${PORT:-3999}"
# Which runs: page:encoding pairs, page one of directory, provider;
# encoding one of br (what browsers send), identity.
RUNS="${RUNS:-directory:br directory:identity provider:br provider:identity}"
# BIN_DIR: use binaries already built there (cms and bench-seed) instead of
# building the workspace, e.g. to compare against an older build.
BIN_DIR="${BIN_DIR:-}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
if [[ -z "$BIN_DIR" ]]; then
    cargo build --release -q -p server -p bench
    BIN_DIR="${CARGO_TARGET_DIR:-target}/release"
fi

# Part 1: the demo county: cached vs nginx, distinct searches, memory.
if [[ "${SKIP_DEMO:-}" != 1 ]]; then
    demo_url=""
    [[ -n "${DATABASE_URL:-}" ]] && demo_url="${DATABASE_URL}_demo"
    DATABASE_URL="$demo_url" BIN_DIR="$BIN_DIR" bash bench/demo.sh
    echo
fi

# Part 2: 50 counties of 200 providers.
work="$(mktemp -d)"
if [[ -z "${DATABASE_URL:-}" ]]; then
    export DATABASE_URL="sqlite://$work/bench.sqlite?mode=rwc"
else
    # A fresh PostgreSQL database named in DATABASE_URL.
    db="${DATABASE_URL##*/}"
    admin="${DATABASE_URL%/*}/postgres"
    psql "$admin" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
fi
echo "database: ${DATABASE_URL%%\?*} | $COUNTIES counties x $PROVIDERS providers | $(nproc) cores"
time "$BIN_DIR/bench-seed" "$COUNTIES" "$PROVIDERS"

# 10,000 provider pages and 50 directories weigh about 120 MiB in the page
# cache (body plus half again for its compressed variants): more than the
# default budget (64 MiB), which then evicts pages that are asked for again
# at random, and every miss is a render plus a compression. An installation
# of this size sets CMS_CACHE_MB; so does the benchmark.
CMS_CACHE_MB="${CMS_CACHE_MB:-256}" CMS_BIND="127.0.0.1:$PORT" RUST_LOG="${RUST_LOG:-info}" "$BIN_DIR/cms" serve >"$work/server.log" 2>&1 &
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

# Warm-up: every directory, then every provider page, once, split between
# wrk's threads (pages are cached until a label or the content changes, so
# the figures below are the steady state; the warm-up line shows the cost
# of filling the cache).
cat >"$work/warm.lua" <<LUA
local counties = $COUNTIES
local providers = $PROVIDERS
local threads = 0
function setup(thread)
  thread:set("first", threads)
  threads = threads + 1
end
function init(args)
  n = first
  step = $THREADS
end
request = function()
  local i = n
  n = n + step
  if i < counties then
    return wrk.format("GET", "/bench-" .. (i + 1) .. "/support")
  end
  i = (i - counties) % (counties * providers)
  local c = i % counties + 1
  local p = string.format("%03d", math.floor(i / counties))
  return wrk.format("GET", "/bench-" .. c .. "/support/provider-" .. p .. "-of-county-" .. c)
end
LUA
echo "warm-up (load average before: $(cut -d' ' -f1-3 /proc/loadavg)):"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$work/warm.lua" "http://127.0.0.1:$PORT" \
    | grep -E "Requests/sec|Non-2xx"

size() {
    curl -fs -o /dev/null -w '%{size_download}' -H "Accept-Encoding: $2" "http://127.0.0.1:$PORT$1"
}
echo "directory page: $(size /bench-1/support identity) bytes," \
    "$(size /bench-1/support gzip) gzip, $(size /bench-1/support br) br"
echo "provider page: $(size /bench-1/support/provider-000-of-county-1 identity) bytes," \
    "$(size /bench-1/support/provider-000-of-county-1 br) br"

for run in $RUNS; do
    page="${run%%:*}"
    encoding="${run##*:}"
    case "$encoding" in
        br) accept="gzip, deflate, br" ;;
        *) accept="identity" ;;
    esac
    path="/{t}/support"
    [[ $page == provider ]] && path="/{t}/support/{slug}"
    echo
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "=== $path, Accept-Encoding: $accept — wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Accept-Encoding: $accept" \
        -s "$work/$page.lua" "http://127.0.0.1:$PORT" \
        | grep -E "Requests/sec|Transfer/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors"
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
