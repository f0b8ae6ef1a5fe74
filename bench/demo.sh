#!/usr/bin/env bash
# The demo county under load (not a test: it prints figures). Called by
# bench/run.sh before the 200-provider counties; runs alone as well:
#   bash bench/demo.sh            # SQLite
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/cms_bench_demo bash bench/demo.sh
# In one run, on one `cms serve --demo`:
#   1. the cached directory (/derbyshire/support), uncompressed and as
#      browsers ask (brotli);
#   2. nginx serving the same uncompressed bytes as a static file;
#   3. distinct free-text searches (?q=<a different number each request),
#      which are never cached, for SEARCH_DURATION, with the server's RSS
#      before and after (and its peak);
# then prints the ratios. See bench/README.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION="${DURATION:-15s}"
SEARCH_DURATION="${SEARCH_DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
PORT="${PORT:-3998}"
NGINX_PORT="${NGINX_PORT:-3997}"
BIN_DIR="${BIN_DIR:-}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light || apt-get install -y -qq nginx; }
if [[ -z "$BIN_DIR" ]]; then
    cargo build --release -q -p server
    BIN_DIR="${CARGO_TARGET_DIR:-target}/release"
fi

work="$(mktemp -d)"
chmod 755 "$work"
if [[ -z "${DATABASE_URL:-}" ]]; then
    export DATABASE_URL="sqlite://$work/demo.sqlite?mode=rwc"
else
    db="${DATABASE_URL##*/}"
    admin="${DATABASE_URL%/*}/postgres"
    psql "$admin" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
fi
echo "database: ${DATABASE_URL%%\?*} | demo county | $(nproc) cores"

CMS_BIND="127.0.0.1:$PORT" RUST_LOG="${RUST_LOG:-info}" "$BIN_DIR/cms" serve --demo >"$work/server.log" 2>&1 &
server=$!
nginx_pid=""
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

rss() { awk '/^VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$server/status"; }
peak() { awk '/^VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$server/status"; }

# The same bytes for nginx, as a static file.
mkdir -p "$work/static"
curl -fs -H 'Accept-Encoding: identity' "http://127.0.0.1:$PORT/derbyshire/support" >"$work/static/support.html"
chmod -R a+rX "$work/static"
cat >"$work/nginx.conf" <<CONF
user root;
worker_processes $(nproc);
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $work/static;
        location = /derbyshire/support {
            default_type "text/html; charset=utf-8";
            try_files /support.html =404;
        }
    }
}
CONF
nginx -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$NGINX_PORT/derbyshire/support" && break; sleep 0.1; done

cat >"$work/search.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/derbyshire/support?q=" .. math.random(1, 1000000000) .. "-" .. n)
end
LUA

# Runs wrk; prints its summary and leaves requests/s in $rate.
rate=0
load() {
    local label="$1"
    shift
    echo
    echo "=== $label (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
    local out
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" --latency "$@")"
    grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors" <<<"$out"
    rate="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
}

echo "directory page: $(stat -c %s "$work/static/support.html") bytes uncompressed"
echo "RSS after start: $(rss)"
# Warm: every encoding once.
for enc in identity gzip br; do curl -fs -o /dev/null -H "Accept-Encoding: $enc" "http://127.0.0.1:$PORT/derbyshire/support"; done

load "cms, cached /derbyshire/support, identity" -d"$DURATION" -H "Accept-Encoding: identity" "http://127.0.0.1:$PORT/derbyshire/support"
cached_identity="$rate"
load "nginx, the same bytes as a static file" -d"$DURATION" -H "Accept-Encoding: identity" "http://127.0.0.1:$NGINX_PORT/derbyshire/support"
nginx_rate="$rate"
load "cms, cached /derbyshire/support, gzip, deflate, br" -d"$DURATION" -H "Accept-Encoding: gzip, deflate, br" "http://127.0.0.1:$PORT/derbyshire/support"
cached_br="$rate"
rss_before="$(rss)"
load "cms, distinct searches /derbyshire/support?q=<n> (never cached)" -d"$SEARCH_DURATION" -s "$work/search.lua" "http://127.0.0.1:$PORT"
search_rate="$rate"
rss_after="$(rss)"

echo
echo "=== summary"
awk -v c="$cached_identity" -v n="$nginx_rate" -v b="$cached_br" -v s="$search_rate" 'BEGIN {
    printf "cached (identity) / nginx (same bytes): %.0f / %.0f = %.2f\n", c, n, c / n
    printf "distinct searches / cached (identity):  %.0f / %.0f = %.2f\n", s, c, s / c
    printf "distinct searches / cached (br):        %.0f / %.0f = %.2f\n", s, b, s / b
}'
echo "RSS before the searches: $rss_before; after $SEARCH_DURATION of them: $rss_after; peak: $(peak)"
