#!/usr/bin/env bash
# Starts the README's first command (the demo) on a fresh embedded data folder, checks GET /health
# and GET /ready, stops it with SIGTERM and expects a clean exit. Then SIGKILLs a second run and
# checks that a third start recovers from the stale embedded server. Loopback only; bounded.
set -euo pipefail
cd "$(dirname "$0")/../.."

data_dir=$(mktemp -d /tmp/kaiji-smoke-XXXXXX)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
log="$data_dir/demo.log"
trap 'kill -9 "${pid:-0}" 2>/dev/null || true; pkill -f "$data_dir/pg" 2>/dev/null || true' EXIT

start() {
  env -u DATABASE_URL KAIJI_DATA_DIR="$data_dir" PORT="$port" node dist/src/main.js --demo >>"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do
    if curl -sf "http://127.0.0.1:$port/health" >/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "the demo exited early:"; cat "$log"; return 1; fi
    sleep 1
  done
  echo "the demo did not answer /health within 60 s:"; cat "$log"; return 1
}

[ -f dist/src/main.js ] || npm run build
start
curl -sf "http://127.0.0.1:$port/ready" >/dev/null
grep -q 'demo logins' "$log"
# The sandbox (issue 16): the two printed curl lines get a token and call the API with it, first try.
token_line=$(grep -m1 'TOKEN=$(curl' "$log" | sed -E 's/^ +//')
api_line=$(grep -m1 'curl -s -H "Authorization: Bearer' "$log" | sed -E 's/^ +//; s/^curl -s /curl -sf /')
eval "$token_line"
[ -n "${TOKEN:-}" ] || { echo "the printed token command gave no token:"; cat "$log"; exit 1; }
eval "$api_line" >/dev/null
kill -TERM "$pid"
wait "$pid"
echo "graceful stop: exit $?"

start
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
echo "killed with SIGKILL; restarting on the same data folder"
start
curl -sf "http://127.0.0.1:$port/ready" >/dev/null
kill -TERM "$pid"
wait "$pid"
echo "smoke: ok (health, ready, sandbox API client, graceful stop, restart after SIGKILL)"
rm -rf "$data_dir"
