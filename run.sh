#!/usr/bin/env bash
# Builds the apps and starts them on their embedded defaults (H2 files under ./data, ports on localhost).
# Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")"

mvn -q -B -DskipTests package

pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop EXIT INT TERM

java -jar auth-server/target/auth-server-*.jar &
pids+=($!)

echo
echo "auth-server:  http://localhost:${SERVER_PORT:-9000}  (discovery: /.well-known/openid-configuration)"
echo "The demo user and client secrets are printed above the first time the server starts."
echo "Press Ctrl-C to stop."
wait
