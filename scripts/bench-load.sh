#!/usr/bin/env bash
# The team server under load (issue 16, docs/PERFORMANCE.md "Team server under load"): 200
# simulated users (150 focal points saving drafts every 3-5 s, 30 coordinators reading the
# dashboard, matrix and catalogue pages and reviewing, 20 viewers searching) for 2 minutes after
# a 20-second ramp, against `ct serve --team` on the 5k database (5,000 commitments, 50,000
# reports), on SQLite and on PostgreSQL, with Goose (benches/load, its own Cargo package).
# Server, database and Goose all run on this machine, on loopback only; each run stops by itself.
# Prints the Markdown tables and writes them to target/bench-load-results.md.
#   scripts/bench-load.sh                  both engines
#   ENGINES=sqlite scripts/bench-load.sh   one (sqlite or postgres)
#   USERS=200 RAMP=20s RUN=2m scripts/bench-load.sh
#   CT_BIN=/path/to/ct scripts/bench-load.sh   another build of the server (not built here)
#   CT_LOAD_MY_WORK=0 scripts/bench-load.sh     focal points never open "My work" (default 0.15)
# PostgreSQL runs in a throwaway cluster (scripts/pg-cluster.sh) with fsync and
# synchronous_commit on, as a real server has them (SQLite runs with synchronous=FULL).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
data=target/bench-data
out=target/bench-load-results.md
mkdir -p "$data"
: > "$out"
say() { printf '%s\n' "$*" | tee -a "$out"; }

users=${USERS:-200} ramp=${RAMP:-20s} run=${RUN:-2m}
engines=${ENGINES:-sqlite postgres}
port=${PORT:-18787}
password='load-bench-Kq7v-2Wz9'

# The team server is served by `ct` (the UI files are not needed: only the API is called).
[ -n "${CT_BIN:-}" ] || cargo build --release -q -p commitment-tracker --bin ct
(cd benches/load && cargo build --release -q)
ct=${CT_BIN:-$root/target/release/ct}
load="$root/benches/load/target/release/ct-load"

db5="$data/5k.sqlite3"
if [ ! -f "$db5" ]; then
  echo "bench-load: generating the 5k database (once; scripts/bench.sh uses the same)" >&2
  "$ct" --db "$db5" --no-seed --keep-backups 0 generate --commitments 5000 --organisations 400 --reports 50000 --years 10 --narrative-chars 1500 --seed 42 >&2
  sqlite3 "$db5" "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;" >/dev/null
fi

# CPU use while a run goes on, sampled every 2 s: the server, Goose, PostgreSQL's processes and
# everything else on the machine (other builds), in % of one core; medians over the samples.
sample_cpu() { # server_pid load_pid postmaster_pid_or_0
  python3 - "$@" <<'PY'
import os, statistics, sys, time
server, load, postmaster = (int(a) for a in sys.argv[1:4])
hz = os.sysconf("SC_CLK_TCK")
def ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        return int(parts[11]) + int(parts[12]), int(parts[1])
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
def pg_ticks():
    if not postmaster:
        return 0
    total = 0
    for p in os.listdir("/proc"):
        if p.isdigit():
            t = ticks(int(p))
            if t and (int(p) == postmaster or t[1] == postmaster):
                total += t[0]
    return total
def machine():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return sum(v), v[3] + v[4]
rows = []
prev = None
while ticks(load):
    now = (time.time(), (ticks(server) or (0,))[0], (ticks(load) or (0,))[0], pg_ticks(), *machine())
    if prev:
        dt = now[0] - prev[0]
        pct = lambda i: 100.0 * (now[i] - prev[i]) / hz / dt
        busy = 100.0 * os.cpu_count() * (1 - (now[5] - prev[5]) / max(1, now[4] - prev[4]))
        s, l, g = pct(1), pct(2), pct(3)
        rows.append((s, l, g, max(0.0, busy - s - l - g), busy))
    prev = now
    time.sleep(2)
if rows:
    # Drop the first quarter (setup and ramp) so the medians are the steady state's.
    steady = rows[len(rows) // 4:] or rows
    m = [statistics.median(c) for c in zip(*steady)]
    print(f"CPU (median of {len(steady)} 2-s samples in the run's last three quarters, % of one core; the machine has {os.cpu_count()} cores): "
          f"server {m[0]:.0f}%, Goose {m[1]:.0f}%, PostgreSQL {m[2]:.0f}%, everything else {m[3]:.0f}%; machine busy {m[4]:.0f}% of {100 * os.cpu_count()}%.")
PY
}

pg_dir=""
cleanup() {
  [ -z "${server:-}" ] || kill "$server" 2>/dev/null || true
  if [ -n "$pg_dir" ]; then bash "$root/scripts/pg-cluster.sh" stop "$pg_dir/c"; rm -rf "$pg_dir"; fi
}
trap cleanup EXIT

say "## Team server under load"
say ""
say "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); Goose $(grep -A1 '^name = "goose"' benches/load/Cargo.lock | sed -n 's/version = "\(.*\)"/\1/p'); $users users, ramp $ramp, run $run; server, database and Goose on this machine (loopback); $(date -u +%Y-%m-%d)."
say ""
for engine in $engines; do
  case "$engine" in
    sqlite)
      db="$data/load.sqlite3"
      rm -f "$db" "$db-wal" "$db-shm"
      cp "$db5" "$db"
      postmaster=0
      ;;
    postgres)
      pg_dir=$(mktemp -d /tmp/ct-load-pg.XXXXXX)
      chmod 755 "$pg_dir"
      pg_base=$(PG_FSYNC=on PG_SYNCHRONOUS_COMMIT=on bash scripts/pg-cluster.sh start "$pg_dir/c")
      psql -X -q "$pg_base" -c 'CREATE DATABASE load'
      db=${pg_base/\/postgres\?/\/load\?}
      "$ct" migrate --from "$db5" --to "$db" >&2
      psql -X -q "$db" -c 'VACUUM ANALYZE' >/dev/null
      postmaster=$(head -1 "$pg_dir/c/data/postmaster.pid")
      ;;
    *) echo "bench-load: unknown engine $engine (sqlite or postgres)" >&2; exit 2 ;;
  esac
  printf '%s' "$password" | "$ct" --db "$db" --keep-backups 0 users add admin@load.example --name "Load Admin" --role admin --password-stdin >/dev/null
  token=$("$ct" --db "$db" --keep-backups 0 users token admin@load.example --label load --days 1 | tail -1)
  "$ct" --db "$db" --keep-backups 0 serve --team --listen "127.0.0.1:$port" > "$data/load-$engine-server.log" 2>&1 &
  server=$!
  until grep -q "Serving a team" "$data/load-$engine-server.log"; do
    kill -0 "$server" 2>/dev/null || { cat "$data/load-$engine-server.log" >&2; exit 1; }
    sleep 0.2
  done
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  CT_LOAD_URL="http://127.0.0.1:$port" CT_LOAD_ADMIN_TOKEN="$token" CT_LOAD_LABEL="$engine${CT_LOAD_MY_WORK:+ (My work share $CT_LOAD_MY_WORK)}" \
    CT_LOAD_SUMMARY="$data/load-$engine.md" \
    "$load" --users "$users" --increase-time "$ramp" --run-time "$run" \
    --no-telnet --report-file "$data/load-$engine.html" > "$data/load-$engine-goose.log" 2>&1 &
  goose=$!
  cpu=$(sample_cpu "$server" "$goose" "$postmaster")
  wait "$goose" || { echo "bench-load: the load run on $engine failed (see $data/load-$engine-goose.log)" >&2; exit 1; }
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  cat "$data/load-$engine.md" | tee -a "$out"
  say "- Load average before the run (1, 5, 15 min): $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)."
  say "- $cpu"
  say ""
  if [ "$engine" = postgres ]; then
    bash scripts/pg-cluster.sh stop "$pg_dir/c"; rm -rf "$pg_dir"; pg_dir=""
  fi
  # The copies the app takes before upgrading a file's schema (~0.7 GB each): not needed here.
  rm -rf "$data/backups"
done
echo "bench-load: results in $out (Goose's own reports: $data/load-*.html)" >&2
