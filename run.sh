#!/usr/bin/env bash
# Builds the four apps and starts them on their embedded defaults (H2 files under ./data, ports on localhost).
# Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")"

mvn -q -B -ntp -DskipTests package

# The client demo must know the secrets of its two clients at the auth-server, and the resource server that of its
# own (demo-api, which exchanges tokens for the downstream API). They are generated once, kept only here (readable by
# you alone), and handed to the apps.
mkdir -p data
secrets=data/demo-client-secrets.env
if [ ! -f "$secrets" ]; then
    umask 077
    {
        echo "DEMO_WEB_CLIENT_SECRET=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
        echo "DEMO_M2M_CLIENT_SECRET=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    } > "$secrets"
fi
# A file from before the downstream API existed gets the secret of demo-api too.
if ! grep -q '^DEMO_API_CLIENT_SECRET=' "$secrets"; then
    (umask 077; echo "DEMO_API_CLIENT_SECRET=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')" >> "$secrets")
fi
# shellcheck disable=SC1090
source "$secrets"

pids=()
stop() {
    trap - EXIT INT TERM
    echo "Stopping..."
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop EXIT INT TERM

# In development mode (authserver.registration.allow-http-localhost), which the client demo needs: its confidential
# client receives codes on http://127.0.0.1:8080, which a server open to the world accepts from native apps only, and
# its back-channel logout endpoint there is registered and called.
AUTHSERVER_DEMO_WEBCLIENTSECRET="$DEMO_WEB_CLIENT_SECRET" \
AUTHSERVER_DEMO_MACHINECLIENTSECRET="$DEMO_M2M_CLIENT_SECRET" \
AUTHSERVER_DEMO_APICLIENTSECRET="$DEMO_API_CLIENT_SECRET" \
    java -jar auth-server/target/auth-server-*.jar --server.port=9000 \
        --authserver.registration.allow-http-localhost=true \
        --authserver.tokens.resources=http://localhost:8082 &
pids+=($!)

SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DOWNSTREAM_CLIENTSECRET="$DEMO_API_CLIENT_SECRET" \
SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_ACTOR_CLIENTSECRET="$DEMO_API_CLIENT_SECRET" \
    java -jar resource-server/target/resource-server-*.jar --server.port=8081 > data/resource-server.log 2>&1 &
pids+=($!)

java -jar downstream-api/target/downstream-api-*.jar --server.port=8082 > data/downstream-api.log 2>&1 &
pids+=($!)

SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DEMO_CLIENTSECRET="$DEMO_WEB_CLIENT_SECRET" \
SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MACHINE_CLIENTSECRET="$DEMO_M2M_CLIENT_SECRET" \
    java -jar client-demo/target/client-demo-*.jar --server.port=8080 > data/client-demo.log 2>&1 &
pids+=($!)

wait_for() {
    for _ in $(seq 1 120); do
        if curl -s -o /dev/null "$1"; then return 0; fi
        sleep 1
    done
    echo "$2 did not start; see its log" >&2
    return 1
}
wait_for http://localhost:9000/.well-known/openid-configuration auth-server
wait_for http://localhost:8081/api/me resource-server
wait_for http://localhost:8082/api/identity downstream-api
wait_for http://127.0.0.1:8080/ client-demo

# On a first start the auth-server writes the demo credentials it generated to this file (readable by you alone),
# never to its output, which is a log wherever it runs unattended. Shown here, on the terminal only, then deleted.
credentials=data/demo-credentials.txt
if [ -f "$credentials" ]; then
    cat "$credentials"
    rm -f "$credentials"
fi

cat <<INFO

  auth-server      http://localhost:9000    (discovery: /.well-known/openid-configuration)
                   http://127.0.0.1:9001    (management, this host only: /actuator/health/readiness, /actuator/prometheus)
  resource-server  http://localhost:8081    (API: /api/messages, /api/me, /api/downstream-identity; log: data/resource-server.log)
  downstream-api   http://localhost:8082    (API behind it, exchanged tokens only: /api/identity; log: data/downstream-api.log)
  client-demo      http://127.0.0.1:8080    (open this one in your browser; log: data/client-demo.log)

  Sign in as "demo" with the password shown above on the first start.
  Press Ctrl-C to stop all four.

INFO
wait
