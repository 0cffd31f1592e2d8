#!/usr/bin/env bash
# The benchmark: builds the apps, starts the auth-server and the resource-server on loopback on their embedded
# defaults, drives load with wrk (bounded in time, loopback only) and prints one table. Not part of `mvn verify`.
#
#   bench/run.sh                      # everything, about 19 minutes on 2 cores
#   WARMUP=5s JIT_WARMUP=5s SCALE=no BOUNDED=no bench/run.sh  # shorter: no scale or bounded-table scenario, figures of a cold JIT
#
# Settings (environment): DURATION per scenario (10s), WARMUP before each (30s, not recorded), JIT_WARMUP of the
# client-credentials path and of the resource server (60s each), CONNECTIONS (16), BOUNDED (yes) and its BOUNDED_DURATION (120s),
# SCALE (yes), SKIP_BUILD (set to skip mvn).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
# The JIT needs this long under load on 2 cores: a client-credentials token costs about three times the CPU after
# 10 s of load as after 90 s.
WARMUP=${WARMUP:-30s}
# Before the first measurement, each client-credentials scenario runs this long unrecorded: the token path is the
# deepest, and on 2 cores the JIT is still making it faster two minutes into the load.
JIT_WARMUP=${JIT_WARMUP:-60s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=2
BOUNDED=${BOUNDED:-yes}
BOUNDED_DURATION=${BOUNDED_DURATION:-120}
SCALE=${SCALE:-yes}
AUTH=http://127.0.0.1:9000
API=http://127.0.0.1:8081
WORK=bench/target
# The JVM flags of the measured server; RSS is judged with these. G1, not the serial collector: with H2 in the same
# heap, the serial collector's full collections stopped every request for 100-150 ms every few seconds of stored
# client-credentials tokens, the p99; G1 costs some 40 MB more RSS.
JVM_FLAGS=${JVM_FLAGS:--Xms64m -Xmx160m -Xss512k -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m}

if ! command -v wrk >/dev/null 2>&1; then
    echo "Installing wrk..."
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
fi
command -v openssl >/dev/null 2>&1 || { echo "openssl is needed" >&2; exit 1; }

if [ -z "${SKIP_BUILD:-}" ]; then
    mvn -q -B -ntp -DskipTests package -pl auth-server,resource-server -am
fi
AUTH_JAR=$(ls auth-server/target/auth-server-*.jar | grep -v original | head -1)
API_JAR=$(ls resource-server/target/resource-server-*.jar | grep -v original | head -1)
ACCP_JAR=$(find ~/.m2/repository/software/amazon/cryptools -name '*linux-x86_64.jar' | head -1)
H2_JAR=$(find ~/.m2/repository/com/h2database/h2 -name 'h2-*.jar' | sort | tail -1)

rm -rf "$WORK" && mkdir -p "$WORK"
random() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='; }
M2M_SECRET=$(random); STATELESS_SECRET=$(random); REFRESH_SECRET=$(random); SHORT_SECRET=$(random)
USER_PASSWORD=$(random)

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# One log per database, each start on it appended.
auth_server_log() { echo "$WORK/auth-server-${AUTH_DB:-authserver}.log"; }
start_auth_server() { # [jar [extra JVM flags...]], on the database named by $AUTH_DB, with $AUTH_ARGS added, on $AUTH_JAVA
    local jar=${1:-$AUTH_JAR}
    shift || true
    # shellcheck disable=SC2086
    ${AUTH_JAVA:-java} $JVM_FLAGS "$@" -jar "$jar" \
        --server.address=127.0.0.1 --server.port=9000 \
        --spring.security.oauth2.authorizationserver.issuer=http://127.0.0.1:9000 \
        --spring.datasource.url="jdbc:h2:file:$PWD/$WORK/db/${AUTH_DB:-authserver}${AUTH_DB_OPTIONS:-}" \
        --authserver.keys.dev-encryption-key-file="$PWD/$WORK/db/kek" \
        --authserver.demo.user-password="$USER_PASSWORD" --authserver.demo.machine-client-secret="$M2M_SECRET" \
        --spring.security.oauth2.authorizationserver.client.stateless.registration.client-id=bench-stateless \
        --spring.security.oauth2.authorizationserver.client.stateless.registration.client-secret="{noop}$STATELESS_SECRET" \
        --spring.security.oauth2.authorizationserver.client.stateless.registration.client-authentication-methods=client_secret_basic \
        --spring.security.oauth2.authorizationserver.client.stateless.registration.authorization-grant-types=client_credentials \
        --spring.security.oauth2.authorizationserver.client.stateless.registration.scopes=message.read \
        --authserver.authorizations.stateless-clients=bench-stateless \
        --spring.security.oauth2.authorizationserver.client.refresh.registration.client-id=bench-refresh \
        --spring.security.oauth2.authorizationserver.client.refresh.registration.client-secret="{noop}$REFRESH_SECRET" \
        --spring.security.oauth2.authorizationserver.client.refresh.registration.client-authentication-methods=client_secret_basic \
        --spring.security.oauth2.authorizationserver.client.refresh.registration.authorization-grant-types=authorization_code,refresh_token \
        --spring.security.oauth2.authorizationserver.client.refresh.registration.redirect-uris=http://127.0.0.1:8080/cb \
        --authserver.registration.allow-http-localhost=true \
        --spring.security.oauth2.authorizationserver.client.refresh.registration.scopes=openid,message.read \
        --spring.security.oauth2.authorizationserver.client.refresh.require-proof-key=true \
        --logging.level.root=WARN ${AUTH_ARGS:-} >> "$(auth_server_log)" 2>&1 &
    AUTH_PID=$!
    pids+=("$AUTH_PID")
}

token() { # client_id secret -> access token
    curl -s -u "$1:$2" -d grant_type=client_credentials -d scope=message.read "$AUTH/oauth2/token" \
        | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

await_token() { # waits for the first successful token; prints the milliseconds since $1 (ms since epoch)
    for _ in $(seq 1 1200); do
        if [ -n "$(token demo-m2m "$M2M_SECRET" 2>/dev/null)" ]; then
            echo $(( $(date +%s%3N) - $1 ))
            return 0
        fi
        sleep 0.02
    done
    echo "The auth-server did not issue a token; see $WORK/auth-server-*.log" >&2
    exit 1
}

# measure <name> <url> [lua script [connections [warm-up lua script]]] -> appends
# "name|req/s|p50|p99|non2xx|socket errors and timeouts" to $WORK/results
RESULTS="$WORK/results"
: > "$RESULTS"
measure() {
    local name=$1 url=$2 script=${3:-} connections=${4:-$CONNECTIONS} out
    local warmup_script=${5:-$script}
    # Unrecorded first, so the figures are the steady state, not the JIT compiling the path.
    wrk -t"$THREADS" -c"$connections" -d"$WARMUP" ${warmup_script:+-s "$warmup_script"} "$url" > /dev/null
    out=$(wrk -t"$THREADS" -c"$connections" -d"$DURATION" --latency ${script:+-s "$script"} "$url")
    local rps p50 p99 non2xx socket_errors
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    socket_errors=$(echo "$out" | awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}')
    echo "$name|$rps|$p50|$p99|${non2xx:-0}|${socket_errors:-0}" >> "$RESULTS"
    echo "  $name: $rps req/s, p50 $p50, p99 $p99, non-2xx ${non2xx:-0}, socket errors and timeouts ${socket_errors:-0}"
}

lua_post() { # file authorization body
    cat > "$1" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "$2"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "$3"
LUA
}
lua_get() { # file authorization
    cat > "$1" <<LUA
wrk.headers["Authorization"] = "$2"
LUA
}
# Every refresh answer carries the refresh token's replacement, and presenting a replaced one revokes its grant, so
# each request presents a current token: a thread's connections share a queue of them, each answer puts its new
# token back, and without pipelining a connection has one request out at a time, so the queue never runs dry.
lua_refresh() { # file authorization tokens-file
    {
        echo 'local tokens = {'
        sed 's/.*/    "&",/' "$3"
        echo '}'
        cat <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "$2"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local threads = 0
function setup(thread)
    thread:set("first", threads + 1)
    threads = threads + 1
end
function init(args)
    queue = {}
    for i = first, #tokens, $THREADS do
        queue[#queue + 1] = tokens[i]
    end
end
function request()
    -- An empty queue (a refresh failed) sends a token that is refused, counted among the non-2xx answers.
    local token = table.remove(queue, 1) or "none-left"
    return wrk.format(nil, nil, nil, "grant_type=refresh_token&refresh_token=" .. token)
end
function response(status, headers, body)
    local token = body:match('"refresh_token":"([^"]+)"')
    if token then
        queue[#queue + 1] = token
    end
end
LUA
    } > "$1"
}
basic() { printf 'Basic %s' "$(printf '%s:%s' "$1" "$2" | base64 -w0)"; }

echo "== Physical limits on this machine"
OPENSSL_SIGN=$(openssl speed -seconds 5 -multi 2 rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $6}')
read -r JDK_NAME JDK_SIGN1 JDK_VERIFY1 < <(java bench/SignatureRates.java jdk 1 4)
read -r _ JDK_SIGN2 JDK_VERIFY2 < <(java bench/SignatureRates.java jdk 2 4)
read -r ACCP_NAME ACCP_SIGN1 ACCP_VERIFY1 < <(java -cp "$ACCP_JAR" bench/SignatureRates.java accp 1 4)
read -r _ ACCP_SIGN2 ACCP_VERIFY2 < <(java -cp "$ACCP_JAR" bench/SignatureRates.java accp 2 4)
echo "  OpenSSL RSA-2048 sign, 2 processes: $OPENSSL_SIGN/s"
echo "  $JDK_NAME SHA256withRSA: sign $JDK_SIGN1/s (1 thread) $JDK_SIGN2/s (2), verify $JDK_VERIFY1/s (1) $JDK_VERIFY2/s (2)"
echo "  $ACCP_NAME SHA256withRSA: sign $ACCP_SIGN1/s (1 thread) $ACCP_SIGN2/s (2), verify $ACCP_VERIFY1/s (1) $ACCP_VERIFY2/s (2)"

echo "== Start-up"
stop_auth_server() { kill "$AUTH_PID"; wait "$AUTH_PID" 2>/dev/null || true; }
timed_start() { # [jar [JVM flags...]] -> ms from process start to the first token; the server is stopped after it
    local start_ms ms
    start_ms=$(date +%s%3N)
    start_auth_server "$@"
    ms=$(await_token "$start_ms") || { stop_auth_server; exit 1; }
    stop_auth_server
    echo "$ms"
}
# Each way is timed twice on one database: the first start on an empty one also creates the schema, the demo data
# and the first signing key; a restart, as every later start and every instance added behind a load balancer, finds
# them there.
startups() { # [jar [JVM flags...]] -> "first start ms / restart ms", on the database named by $AUTH_DB
    local first restart
    # Explicit exits: a command substitution's subshell does not inherit set -e.
    first=$(timed_start "$@") || exit 1
    restart=$(timed_start "$@") || exit 1
    echo "$first / $restart ms"
}
# With a class data sharing archive of the classes a start and a first token load, made from Boot's extracted
# layout (the archive needs a fixed class path). JDK 17 crashes archiving lambda proxies, so those are left out.
java -Djarmode=tools -jar "$AUTH_JAR" extract --destination "$WORK/cds" > /dev/null
CDS_JAR="$PWD/$WORK/cds/$(basename "$AUTH_JAR")"
AUTH_DB=cds-training timed_start "$CDS_JAR" -XX:DumpLoadedClassList="$WORK/cds/classes" > /dev/null
grep -v '^@lambda' "$WORK/cds/classes" > "$WORK/cds/classes-without-lambdas"
# shellcheck disable=SC2086
java $JVM_FLAGS -Xshare:dump -XX:SharedClassListFile="$WORK/cds/classes-without-lambdas" \
    -XX:SharedArchiveFile="$WORK/cds/auth-server.jsa" -jar "$CDS_JAR" > "$WORK/cds/dump.log" 2>&1
CDS_STARTUP=$(AUTH_DB=cds startups "$CDS_JAR" -XX:SharedArchiveFile="$WORK/cds/auth-server.jsa")
# On JDK 25, where there is one: its AOT cache (JEPs 483, 514, 515) holds the classes of a training run loaded and
# linked, and its method profiles. Made the same way, from a start and a first token.
JDK25=${JDK25:-$(find /usr/lib/jvm -maxdepth 1 -name '*-25-*' 2>/dev/null | head -1)}
if [ -n "$JDK25" ] && [ -x "$JDK25/bin/java" ]; then
    "$JDK25/bin/java" -Djarmode=tools -jar "$AUTH_JAR" extract --destination "$WORK/aot" > /dev/null
    AOT_JAR="$PWD/$WORK/aot/$(basename "$AUTH_JAR")"
    JAVA25="$JDK25/bin/java --enable-native-access=ALL-UNNAMED"
    AUTH_JAVA=$JAVA25 AUTH_DB=aot-training timed_start "$AOT_JAR" -XX:AOTCacheOutput="$WORK/aot/auth-server.aot" > /dev/null
    AOT_STARTUP=$(AUTH_JAVA=$JAVA25 AUTH_DB=aot startups "$AOT_JAR" -XX:AOTCache="$WORK/aot/auth-server.aot")
    AOT_STARTUP="$AOT_STARTUP on $("$JDK25/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2) with its AOT cache"
else
    AOT_STARTUP="no JDK 25 found for an AOT cache (set JDK25)"
fi
STARTUP=$(startups)
# The server under load, on the database the plain starts made.
start_auth_server
await_token "$(date +%s%3N)" > /dev/null
echo "  auth-server: process start to first token, first start / restart: ${STARTUP}; ${CDS_STARTUP} with the class data sharing archive; $AOT_STARTUP (JVM flags: $JVM_FLAGS)"
grep -o "Signing with the native crypto provider.*\|Native crypto provider not available.*" "$(auth_server_log)" | head -1 | sed 's/^/  /' || true
java -Xmx128m -jar "$API_JAR" --server.address=127.0.0.1 --server.port=8081 \
    --spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:9000 \
    --spring.datasource.url="jdbc:h2:file:$PWD/$WORK/db/resource-server" --logging.level.root=WARN \
    > "$WORK/resource-server.log" 2>&1 &
API_PID=$!
pids+=("$API_PID")
for _ in $(seq 1 600); do curl -s -o /dev/null "$API/api/me" && break; sleep 0.1; done

echo "== Refresh tokens for the refresh scenario, one per connection (authorization code + PKCE, after one login)"
JAR="$WORK/cookies"
REFRESH_TOKENS="$WORK/refresh-tokens"
challenge() { printf %s "$1" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '='; }
authorize_url() { # code_challenge
    echo "$AUTH/oauth2/authorize?response_type=code&client_id=bench-refresh&scope=openid%20message.read&redirect_uri=http://127.0.0.1:8080/cb&state=s&code_challenge=$1&code_challenge_method=S256"
}
curl -s -c "$JAR" -b "$JAR" -o /dev/null -H 'Accept: text/html' "$(authorize_url "$(challenge "$(random)")")"
CSRF=$(curl -s -c "$JAR" -b "$JAR" "$AUTH/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -c "$JAR" -b "$JAR" -o /dev/null \
    --data-urlencode "username=demo" --data-urlencode "password=$USER_PASSWORD" --data-urlencode "_csrf=$CSRF" "$AUTH/login"
# A few spare grants, so that one failed refresh does not leave a connection without a token.
REFRESH_GRANTS=$((CONNECTIONS + 2 * THREADS))
refresh_grants() { # file: $REFRESH_GRANTS refresh tokens, one per line
    : > "$1"
    for _ in $(seq 1 "$REFRESH_GRANTS"); do
        VERIFIER=$(random)
        CODE=$(curl -s -c "$JAR" -b "$JAR" -o /dev/null -w '%{redirect_url}' "$(authorize_url "$(challenge "$VERIFIER")")" \
            | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
        TOKEN=$(curl -s -u "bench-refresh:$REFRESH_SECRET" -d grant_type=authorization_code -d "code=$CODE" \
            -d redirect_uri=http://127.0.0.1:8080/cb -d "code_verifier=$VERIFIER" "$AUTH/oauth2/token" \
            | sed -n 's/.*"refresh_token":"\([^"]*\)".*/\1/p')
        echo "$TOKEN" >> "$1"
    done
    [ "$(grep -c . "$1")" -eq "$REFRESH_GRANTS" ] || { echo "Could not obtain $REFRESH_GRANTS refresh tokens" >&2; exit 1; }
}
# Grants of their own for the warm-up: when wrk stops, the answers to the requests in flight, with their
# replacement tokens, are never read, so a run leaves its grants unusable.
refresh_grants "$REFRESH_TOKENS"
refresh_grants "$WORK/refresh-tokens-warm-up"

echo "== Load: $CONNECTIONS connections, $DURATION each"
lua_post "$WORK/cc.lua" "$(basic demo-m2m "$M2M_SECRET")" "grant_type=client_credentials&scope=message.read"
lua_post "$WORK/cc-stateless.lua" "$(basic bench-stateless "$STATELESS_SECRET")" "grant_type=client_credentials&scope=message.read"
lua_refresh "$WORK/refresh.lua" "$(basic bench-refresh "$REFRESH_SECRET")" "$REFRESH_TOKENS"
lua_refresh "$WORK/refresh-warm-up.lua" "$(basic bench-refresh "$REFRESH_SECRET")" "$WORK/refresh-tokens-warm-up"

wrk -t"$THREADS" -c"$CONNECTIONS" -d"$JIT_WARMUP" -s "$WORK/cc.lua" "$AUTH/oauth2/token" > /dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$JIT_WARMUP" -s "$WORK/cc-stateless.lua" "$AUTH/oauth2/token" > /dev/null
measure "client_credentials, recorded" "$AUTH/oauth2/token" "$WORK/cc.lua"
measure "client_credentials, stateless" "$AUTH/oauth2/token" "$WORK/cc-stateless.lua"
measure "JWKS GET" "$AUTH/oauth2/jwks"
# A token of its own for each scenario that presents one: the demo client's tokens live 5 minutes, less than the
# warm-ups and measurements before the resource-server's turn.
lua_post "$WORK/introspect.lua" "$(basic demo-m2m "$M2M_SECRET")" "token=$(token demo-m2m "$M2M_SECRET")"
measure "introspection" "$AUTH/oauth2/introspect" "$WORK/introspect.lua"
measure "refresh_token grant" "$AUTH/oauth2/token" "$WORK/refresh.lua" "$CONNECTIONS" "$WORK/refresh-warm-up.lua"
lua_get "$WORK/api.lua" "Bearer $(token demo-m2m "$M2M_SECRET")"
# The resource server's JIT too is still making it faster after the 30 s warm-up (about 7,800 vs 10,400 req/s).
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$JIT_WARMUP" -s "$WORK/api.lua" "$API/api/me" > /dev/null
measure "resource-server GET /api/me" "$API/api/me" "$WORK/api.lua"
AUTH_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$AUTH_PID/status")
API_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$API_PID/status")

BOUNDED_ROWS=""
if [ "$BOUNDED" = "yes" ]; then
    echo "== Bounded table: ${BOUNDED_DURATION} s of client-credentials tokens that live 10 s, cleanup every 5 s"
    stop_auth_server
    # Counted while the server runs: H2's automatic mixed mode lets this script's connection in beside the server's.
    BOUNDED_URL="jdbc:h2:file:$PWD/$WORK/db/bounded;AUTO_SERVER=TRUE"
    stored_authorizations() {
        java -cp "$H2_JAR" org.h2.tools.Shell -url "$BOUNDED_URL" -user sa -password "" \
            -sql "SELECT COUNT(*) AS stored FROM oauth2_authorization" | awk 'NR == 2 {print $1}'
    }
    AUTH_DB=bounded AUTH_DB_OPTIONS=";AUTO_SERVER=TRUE" AUTH_ARGS="--authserver.cleanup.interval=5s \
        --authserver.cleanup.expired-for=0s \
        --spring.security.oauth2.authorizationserver.client.short.registration.client-id=bench-short \
        --spring.security.oauth2.authorizationserver.client.short.registration.client-secret={noop}$SHORT_SECRET \
        --spring.security.oauth2.authorizationserver.client.short.registration.client-authentication-methods=client_secret_basic \
        --spring.security.oauth2.authorizationserver.client.short.registration.authorization-grant-types=client_credentials \
        --spring.security.oauth2.authorizationserver.client.short.registration.scopes=message.read \
        --spring.security.oauth2.authorizationserver.client.short.token.access-token-time-to-live=10s" start_auth_server
    await_token "$(date +%s%3N)" > /dev/null
    lua_post "$WORK/cc-short.lua" "$(basic bench-short "$SHORT_SECRET")" "grant_type=client_credentials&scope=message.read"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${BOUNDED_DURATION}s" -s "$WORK/cc-short.lua" "$AUTH/oauth2/token" \
        > "$WORK/bounded-wrk.txt" &
    WRK_PID=$!
    LOAD_START=$(date +%s)
    for second in $(seq 15 15 "$BOUNDED_DURATION"); do
        while [ $(( $(date +%s) - LOAD_START )) -lt "$second" ]; do sleep 0.2; done
        BOUNDED_ROWS="$BOUNDED_ROWS ${second}s: $(stored_authorizations);"
    done
    wait "$WRK_PID"
    BOUNDED_ISSUED=$(awk '/requests in/ {print $1}' "$WORK/bounded-wrk.txt")
    BOUNDED_NON2XX=$(awk '/Non-2xx/ {print $5}' "$WORK/bounded-wrk.txt")
    # The last tokens expire 10 s after the load, and the cleanup runs every 5 s.
    sleep 20
    BOUNDED_AFTER=$(stored_authorizations)
    echo "  $BOUNDED_ISSUED tokens issued (non-2xx ${BOUNDED_NON2XX:-0}); stored authorizations during the load:$BOUNDED_ROWS 20 s after it: $BOUNDED_AFTER"
fi

if [ "$SCALE" = "yes" ]; then
    echo "== Scale: introspection and revocation with 1,000 and 1,000,000 stored authorizations"
    insert_rows() { # from to
        stop_auth_server
        cat > "$WORK/insert.sql" <<SQL
INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, authorization_grant_type,
    authorized_scopes, access_token_value, access_token_issued_at, access_token_expires_at, access_token_type,
    access_token_scopes, access_token_metadata)
SELECT 'bulk-' || X, 'bulk-client', 'bulk-user', 'client_credentials', 'message.read',
    'sha256:' || LOWER(RAWTOHEX(HASH('SHA-256', CAST('bulk-token-' || X AS VARCHAR)))),
    CURRENT_TIMESTAMP, DATEADD('DAY', 1, CURRENT_TIMESTAMP), 'Bearer', 'message.read', '{}'
FROM SYSTEM_RANGE($1, $2);
SQL
        java -cp "$H2_JAR" org.h2.tools.RunScript -url "jdbc:h2:file:$PWD/$WORK/db/authserver" -user sa -password "" \
            -script "$WORK/insert.sql"
        start_auth_server
        await_token "$(date +%s%3N)" >/dev/null
    }
    scale_round() { # label
        local token
        token=$(token demo-m2m "$M2M_SECRET")
        lua_post "$WORK/introspect-scale.lua" "$(basic demo-m2m "$M2M_SECRET")" "token=$token"
        lua_post "$WORK/revoke-scale.lua" "$(basic demo-m2m "$M2M_SECRET")" "token=$token"
        measure "introspection, $1 authorizations" "$AUTH/oauth2/introspect" "$WORK/introspect-scale.lua" 4
        measure "revocation, $1 authorizations" "$AUTH/oauth2/revoke" "$WORK/revoke-scale.lua" 4
    }
    insert_rows 1 1000
    scale_round "1k"
    insert_rows 1001 1000000
    scale_round "1M"
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
field() { awk -F'|' -v n="$1" -v f="$2" '$1 == n {print $f}' "$RESULTS"; }
ms() { # wrk latency ("1.23ms", "850.00us", "1.20s") to milliseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000; printf "%.2f", n }'
}

echo
echo "| scenario | requests/s | p50 ms | p99 ms | non-2xx | ratio |"
echo "|---|---|---|---|---|---|"
failed=()
while IFS='|' read -r name rps p50 p99 non2xx socket_errors; do
    case "$name" in
        client_credentials*|refresh*) r="$(ratio "$rps" "$OPENSSL_SIGN") × OpenSSL 2-process signs/s" ;;
        resource-server*) r="$(ratio "$rps" "$JDK_VERIFY2") × JDK verifies/s (2 threads)" ;;
        *) r="" ;;
    esac
    # wrk counts a refused answer as a request, and a timed-out one not at all: either way, no result.
    if [ "$non2xx" != 0 ] || [ "$socket_errors" != 0 ] || [ "$rps" = "0.00" ]; then
        r="failed requests: not a result"
        failed+=("$name: $non2xx non-2xx answers, $socket_errors socket errors and timeouts")
    fi
    echo "| $name | $rps | $(ms "$p50") | $(ms "$p99") | $non2xx | $r |"
done < "$RESULTS"
if [ "$SCALE" = "yes" ]; then
    echo "| introspection p50, 1M ÷ 1k | | $(ratio "$(ms "$(field 'introspection, 1M authorizations' 3)")" "$(ms "$(field 'introspection, 1k authorizations' 3)")") | | | |"
    echo "| revocation p50, 1M ÷ 1k | | $(ratio "$(ms "$(field 'revocation, 1M authorizations' 3)")" "$(ms "$(field 'revocation, 1k authorizations' 3)")") | | | |"
fi
echo
echo "auth-server: start-up to first token, first start on an empty database / restart: ${STARTUP} (${CDS_STARTUP} with a class data sharing archive; $AOT_STARTUP); peak RSS $((AUTH_RSS_KB / 1024)) MB after the load (JVM flags: $JVM_FLAGS)"
if [ "$BOUNDED" = "yes" ]; then
    echo "bounded table: $BOUNDED_ISSUED client-credentials tokens living 10 s issued in ${BOUNDED_DURATION} s (non-2xx ${BOUNDED_NON2XX:-0}), cleanup every 5 s; rows in oauth2_authorization during the load:$BOUNDED_ROWS 20 s after it: $BOUNDED_AFTER"
fi
echo "resource-server: peak RSS $((API_RSS_KB / 1024)) MB (-Xmx128m)"
echo "OpenSSL RSA-2048 signs/s, 2 processes: $OPENSSL_SIGN"
echo "SHA256withRSA 2048 sign/s 1|2 threads: $JDK_NAME $JDK_SIGN1|$JDK_SIGN2, $ACCP_NAME $ACCP_SIGN1|$ACCP_SIGN2; verify/s: $JDK_NAME $JDK_VERIFY1|$JDK_VERIFY2, $ACCP_NAME $ACCP_VERIFY1|$ACCP_VERIFY2"
if [ ${#failed[@]} -gt 0 ]; then
    echo "Scenarios with failed requests (see $WORK/auth-server-*.log):" >&2
    printf '  %s\n' "${failed[@]}" >&2
    exit 1
fi
