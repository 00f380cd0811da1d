#!/usr/bin/env bash
# Offline copies of a team server (issue 17, docs/PERFORMANCE.md "Offline copies: sync"): the
# first sync of a new copy (`ct link`) of the 5k database (5,000 commitments, 50,000 reports),
# and incremental syncs (`ct sync`) of 10 reports changed on the server and of 10 edits made on
# the copy, against `ct serve --team` on loopback, on SQLite and on PostgreSQL. Numbers are
# printed beside the targets (10 s, 200 ms); nothing here fails on a slow run.
# Prints Markdown and writes it to target/bench-sync-results.md.
#   scripts/bench-sync.sh                  both engines (PostgreSQL when installed)
#   ENGINES=sqlite scripts/bench-sync.sh   one (sqlite or postgres)
#   ROUNDS=5 scripts/bench-sync.sh         rounds of each measure (the median is shown)
#   CT_BIN=/path/to/ct scripts/bench-sync.sh   another build (not built here)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
data=target/bench-data
out=target/bench-sync-results.md
mkdir -p "$data"
: > "$out"
say() { printf '%s\n' "$*" | tee -a "$out"; }

engines=${ENGINES:-sqlite postgres}
rounds=${ROUNDS:-5}
[ -n "${CT_BIN:-}" ] || cargo build --release -q -p commitment-tracker --bin ct
ct=${CT_BIN:-$root/target/release/ct}

db5="$data/5k.sqlite3"
if [ ! -f "$db5" ]; then
  echo "bench-sync: generating the 5k database (once; scripts/bench.sh uses the same)" >&2
  "$ct" --db "$db5" --no-seed --keep-backups 0 generate --commitments 5000 --organisations 400 --reports 50000 --years 10 --narrative-chars 1500 --seed 42 >&2
  sqlite3 "$db5" "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;" >/dev/null
fi

pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then bash "$root/scripts/pg-cluster.sh" stop "$pg_dir/c"; rm -rf "$pg_dir"; fi
}
trap cleanup EXIT

counts=$(sqlite3 "$db5" "SELECT (SELECT count(*) FROM commitments)||' commitments, '||(SELECT count(*) FROM reports)||' reports, '||(SELECT count(*) FROM report_revisions)||' revisions, '||(SELECT count(*) FROM audit_log)||' audit rows, '||(SELECT count(*) FROM sync_rows)||' feed rows'")
say "## Offline copies: sync (issue 17)"
say ""
say "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); the 5k database ($counts); server and copy on this machine (loopback), release \`ct\`; machine load before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M') UTC."
say ""
say "Each figure is the wall time of the \`ct\` process (start, open, sync, exit), median of $rounds (best in brackets). The first sync is \`ct link\` into a new copy; the incremental ones are \`ct sync\` after 10 reports were changed on the server (pulled), or edited on the copy (pushed, then their rows pulled back). \`ct sync --status\` (start, open, no network) is what a process costs without syncing."
say ""
say "| server's store | first sync (link; rows; the copy's file) | 10 changed on the server | 10 edited on the copy | \`ct sync --status\` | targets |"
say "| --- | ---: | ---: | ---: | ---: | --- |"
for engine in $engines; do
  case "$engine" in
    sqlite)
      db="$data/sync-server.sqlite3"
      rm -f "$db" "$db-wal" "$db-shm"
      cp "$db5" "$db"
      ;;
    postgres)
      if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
        echo "bench-sync: PostgreSQL is not installed: its row is left out" >&2
        continue
      fi
      pg_dir=$(mktemp -d /tmp/ct-sync-pg.XXXXXX)
      chmod 755 "$pg_dir"
      pg_base=$(bash scripts/pg-cluster.sh start "$pg_dir/c")
      psql -X -q "$pg_base" -c 'CREATE DATABASE sync'
      db=${pg_base/\/postgres\?/\/sync\?}
      "$ct" migrate --from "$db5" --to "$db" >/dev/null
      psql -X -q "$db" -c 'VACUUM ANALYZE' >/dev/null
      ;;
    *) echo "bench-sync: unknown engine $engine (sqlite or postgres)" >&2; exit 2 ;;
  esac
  python3 - "$ct" "$db" "$data" "$engine" "$rounds" <<'PY' | tee -a "$out"
import json, os, statistics, subprocess, sys, time
ct, db, data, engine, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
password = "sync-bench-Hw4r-8Pq2"
def run(*args, input=None, db=db):
    return subprocess.run([ct, "--db", db, "--keep-backups", "0", *args], input=input,
                          capture_output=True, text=True, check=True).stdout
run("users", "add", "bench@sync.example", "--name", "Sync Bench", "--role", "coordinator",
    "--password-stdin", input=password)
token = run("users", "token", "bench@sync.example", "--days", "1").strip().splitlines()[-1]
server = subprocess.Popen([ct, "--db", db, "--keep-backups", "0", "serve", "--team", "--listen",
                           "127.0.0.1:0", "--ui-dir", "/nonexistent"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    url = server.stdout.readline().strip().removeprefix("Serving a team on ")
    assert url.startswith("http://"), url
    copy = f"{data}/sync-copy.sqlite3"
    def fresh():
        for ext in ("", "-wal", "-shm"):
            if os.path.exists(copy + ext):
                os.remove(copy + ext)
    def on_copy(*args, input=None):
        return run("--no-seed", *args, input=input, db=copy)
    def timed(fn):
        t = time.perf_counter()
        out = fn()
        return time.perf_counter() - t, out
    firsts = []
    for _ in range(rounds):
        fresh()
        d, out = timed(lambda: on_copy("--token", token, "link", "--server", url, "--format", "json"))
        firsts.append(d)
        pulled = json.loads(out)["pulled"]
    size = os.path.getsize(copy)  # the file (its WAL, as large, goes at a later checkpoint)
    # Ten reports to change: one per commitment, from the copy (the same ids as the server's).
    import sqlite3
    con = sqlite3.connect(copy)
    picks = con.execute("""SELECT o.code, c.public_id, r.year FROM reports r
                             JOIN commitments c ON c.id = r.commitment_id
                             JOIN organisations o ON o.id = c.organisation_id
                            WHERE r.review_state IN ('Draft', 'Returned')
                            GROUP BY c.id ORDER BY c.public_id LIMIT 40""").fetchall()
    con.close()
    def edit(where, round_, offset):
        for i, (org, cid, year) in enumerate(picks[offset:offset + 10]):
            args = ["report", "set", "--organisation", org, "--commitment", str(cid), "--year",
                    str(year), "--achievements", "-"]
            text = f"{where} edit, round {round_}, report {i}: progress in the field."
            if where == "server":
                run(*args, input=text)
            else:
                on_copy(*args, input=text)
    pulled_in, pushed_out, status = [], [], []
    counts = {}
    for r in range(rounds):
        edit("server", r, 0)
        d, out = timed(lambda: on_copy("sync", "--format", "json"))
        pulled_in.append(d)
        counts["pulled"] = json.loads(out)["pulled"]
        edit("copy", r, 20)
        d, out = timed(lambda: on_copy("sync", "--format", "json"))
        pushed_out.append(d)
        o = json.loads(out)
        counts["pushed"], counts["back"] = o["pushed"], o["pulled"]
        d, _ = timed(lambda: on_copy("sync", "--status"))
        status.append(d)
    def show(xs, unit):
        m, b = statistics.median(xs), min(xs)
        return f"{m:.2f} s ({b:.2f})" if unit == "s" else f"{m * 1000:.0f} ms ({b * 1000:.0f})"
    name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[engine]
    print(f"| {name} | {show(firsts, 's')}; {pulled:,} rows; file {size / 1048576:.0f} MB "
          f"| {show(pulled_in, 'ms')}; {counts['pulled']} rows pulled "
          f"| {show(pushed_out, 'ms')}; {counts['pushed']} pushed, {counts['back']} rows pulled back "
          f"| {show(status, 'ms')} | first ≤ 10 s; incremental ≤ 200 ms |")
finally:
    server.kill()
    server.wait()
PY
  # A file of an older schema (the copy, or the 5k file `ct migrate` read) is backed up when
  # it is upgraded (~0.7 GB each): those copies are not kept.
  rm -f "$data"/backups/sync-server-*-pre-v*.sqlite3 "$data"/backups/5k-*-pre-v*.sqlite3
  if [ "$engine" = postgres ] && [ -n "$pg_dir" ]; then
    bash scripts/pg-cluster.sh stop "$pg_dir/c"; rm -rf "$pg_dir"; pg_dir=""
  fi
done
say ""
echo "bench-sync: results in $out" >&2
