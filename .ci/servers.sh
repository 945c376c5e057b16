#!/usr/bin/env bash
# Start (or reuse) the real SPARQL servers the remote tests run against, on 127.0.0.1 only:
#   1. the Oxigraph server from PyPI (`oxigraph serve`, package oxigraph==0.5.13), its default graph the union
#      of the named graphs (--union-default-graph);
#   2. a second Oxigraph server as it comes out of the box: its default graph is NOT the union (as on Fuseki
#      and GraphDB), to prove the store detects it and still answers (issue 7, item 14);
#   3. Virtuoso Open Source 7 from Debian (`virtuoso-opensource`), with .ci/virtuoso.ini, an update user with
#      digest authentication (/sparql-auth) and the Graph Store endpoint /sparql-graph-crud-auth.
#
# Usage: .ci/servers.sh [start|stop|status]        (default: start)
# Environment (all optional):
#   KOTACERDAS_TEST_OXIGRAPH_URL       default http://127.0.0.1:7878
#   KOTACERDAS_TEST_OXIGRAPH_PLAIN_URL default http://127.0.0.1:7879 (the server without --union-default-graph)
#   KOTACERDAS_TEST_VIRTUOSO_URL       default http://127.0.0.1:8890
#   KOTACERDAS_TEST_VIRTUOSO_SQL_PORT  default 1111 (isql, loopback)
#   KOTACERDAS_TEST_VIRTUOSO_USER      default kotacerdas
#   KOTACERDAS_TEST_VIRTUOSO_PASSWORD  default kotacerdas-ci (a loopback test server, not a secret)
#   KOTACERDAS_SERVERS_DIR             default ${TMPDIR:-/tmp}/kotacerdas-servers (databases, logs, pids)
# A fresh start wipes the test databases; a running server started by this script is reused as it is.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
oxigraph_url="${KOTACERDAS_TEST_OXIGRAPH_URL:-http://127.0.0.1:7878}"
plain_url="${KOTACERDAS_TEST_OXIGRAPH_PLAIN_URL:-http://127.0.0.1:7879}"
virtuoso_url="${KOTACERDAS_TEST_VIRTUOSO_URL:-http://127.0.0.1:8890}"
sql_port="${KOTACERDAS_TEST_VIRTUOSO_SQL_PORT:-1111}"
user="${KOTACERDAS_TEST_VIRTUOSO_USER:-kotacerdas}"
password="${KOTACERDAS_TEST_VIRTUOSO_PASSWORD:-kotacerdas-ci}"
work="${KOTACERDAS_SERVERS_DIR:-${TMPDIR:-/tmp}/kotacerdas-servers}"
virtuoso_bind="${virtuoso_url#http://}"

say() { printf 'servers.sh: %s\n' "$*"; }
die() { printf 'servers.sh: ERROR: %s\n' "$*" >&2; exit 1; }

# answers URL: does a SPARQL endpoint answer an ASK query?
answers() {
  curl -sf -m 5 -o /dev/null -H 'Accept: application/sparql-results+json' \
    --data-urlencode 'query=ASK {}' "$1" 2>/dev/null
}

# ours NAME: is the server NAME running from a pid file of this script?
ours() {
  local pid_file="$work/$1.pid"
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# wait_for NAME URL SECONDS
wait_for() {
  local name="$1" url="$2" limit="$3" started=$SECONDS
  while ! answers "$url"; do
    ours "$name" || { tail -20 "$work/$name.log" >&2 || true; die "$name stopped while starting (log: $work/$name.log)"; }
    (( SECONDS - started < limit )) || die "$name did not answer at $url within ${limit}s (log: $work/$name.log)"
    sleep 0.3
  done
  say "$name answers at $url after $(( SECONDS - started ))s"
}

find_oxigraph() {
  if [[ -n "${OXIGRAPH:-}" ]]; then echo "$OXIGRAPH"; return; fi
  if command -v oxigraph >/dev/null; then command -v oxigraph; return; fi
  if [[ -x "$root/.venv/bin/oxigraph" ]]; then echo "$root/.venv/bin/oxigraph"; return; fi
  die "the oxigraph server is not installed: pip install 'oxigraph==0.5.13'"
}

# start_oxigraph NAME URL [OPTIONS…]: an Oxigraph server with its own database folder
start_oxigraph() {
  local name="$1" url="$2"; shift 2
  if ours "$name" && answers "$url/query"; then
    say "$name already running (pid $(cat "$work/$name.pid")), reusing $url"; return
  fi
  answers "$url/query" && die "another server already listens at $url: stop it or change its URL variable"
  local binary; binary="$(find_oxigraph)"
  say "starting $name ($("$binary" --version)) at $url $*"
  rm -rf "${work:?}/$name"; mkdir -p "$work/$name"
  nohup "$binary" serve --location "$work/$name" --bind "${url#http://}" "$@" >"$work/$name.log" 2>&1 &
  echo $! >"$work/$name.pid"
  wait_for "$name" "$url/query" 30
}

isql() {
  isql-vt "127.0.0.1:$sql_port" dba dba "exec=$1" >>"$work/virtuoso-setup.log" 2>&1 \
    || die "isql failed: $1 (log: $work/virtuoso-setup.log)"
}

start_virtuoso() {
  if ours virtuoso && answers "$virtuoso_url/sparql"; then
    say "virtuoso already running (pid $(cat "$work/virtuoso.pid")), reusing $virtuoso_url"; return
  fi
  command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null \
    || die "Virtuoso is not installed: apt-get install -y virtuoso-opensource"
  if answers "$virtuoso_url/sparql"; then
    die "another server already listens at $virtuoso_url (Debian's own service? try: service virtuoso-opensource-7 stop) or set KOTACERDAS_TEST_VIRTUOSO_URL"
  fi
  local db="$work/virtuoso"
  rm -rf "$db"; mkdir -p "$db"
  sed -e "s/127\.0\.0\.1:1111/127.0.0.1:$sql_port/" -e "s/127\.0\.0\.1:8890/$virtuoso_bind/" \
    "$here/virtuoso.ini" >"$db/virtuoso.ini"
  say "starting virtuoso $({ virtuoso-t -? 2>&1 || true; } | grep -m1 -o "Version [^ ]*") at $virtuoso_url (SQL port $sql_port)"
  ( cd "$db" && exec nohup virtuoso-t +configfile "$db/virtuoso.ini" +foreground ) >"$work/virtuoso.log" 2>&1 &
  echo $! >"$work/virtuoso.pid"
  wait_for virtuoso "$virtuoso_url/sparql" 120
  # The update user: SPARQL_UPDATE role (needed by /sparql-auth and /sparql-graph-crud-auth, both digest),
  # and read/write permission on every graph (graph-level security's default for this user).
  : >"$work/virtuoso-setup.log"
  isql "DB.DBA.USER_CREATE ('$user', '$password'); GRANT SPARQL_UPDATE TO \"$user\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('$user', 15);"
  curl -sf -m 10 -o /dev/null --digest -u "$user:$password" --data-urlencode 'update=CLEAR SILENT GRAPH <urn:kotacerdas:servers-check>' \
    "$virtuoso_url/sparql-auth" || die "the update user cannot update through $virtuoso_url/sparql-auth"
  say "virtuoso update user '$user' (digest) ready: $virtuoso_url/sparql-auth, GSP $virtuoso_url/sparql-graph-crud-auth"
}

stop_server() {
  local name="$1" pid_file="$work/$1.pid"
  if ours "$name"; then
    local pid; pid="$(cat "$pid_file")"
    kill "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { say "$name did not stop, killing pid $pid"; kill -9 "$pid"; }
    say "$name stopped"
  else
    say "$name is not running (from this script)"
  fi
  rm -f "$pid_file"
}

print_environment() {
  cat <<EOF
servers.sh: ready. The remote tests read (defaults shown):
  export KOTACERDAS_TEST_OXIGRAPH_URL=$oxigraph_url
  export KOTACERDAS_TEST_OXIGRAPH_PLAIN_URL=$plain_url
  export KOTACERDAS_TEST_VIRTUOSO_URL=$virtuoso_url
  export KOTACERDAS_TEST_VIRTUOSO_USER=$user
  export KOTACERDAS_TEST_VIRTUOSO_PASSWORD=$password
EOF
}

mkdir -p "$work"
case "${1:-start}" in
  start)
    # --union-default-graph: the default graph is the union of the named graphs, as on Virtuoso and in the
    # embedded store, so that one query text answers the same everywhere.
    start_oxigraph oxigraph "$oxigraph_url" --union-default-graph
    start_oxigraph oxigraph-plain "$plain_url"
    start_virtuoso; print_environment ;;
  stop) stop_server oxigraph; stop_server oxigraph-plain; stop_server virtuoso ;;
  status)
    for name in oxigraph oxigraph-plain virtuoso; do
      if ours "$name"; then say "$name running (pid $(cat "$work/$name.pid"))"; else say "$name not running"; fi
    done ;;
  *) die "usage: .ci/servers.sh [start|stop|status]" ;;
esac
