#!/usr/bin/env bash
# Reproduces every figure of docs/PERFORMANCE.md on this machine and prints them as Markdown
# (also written to target/bench-results.md). Builds release binaries, generates the synthetic
# databases once (target/bench-data/), then measures queries (against the sqlite3 shell on the
# same file), exports, imports, the window's cold start, its memory and the binary sizes.
#   scripts/bench.sh            everything
#   QUICK=1 scripts/bench.sh    skip the 50k-commitment growth database
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
data=target/bench-data
out=target/bench-results.md
mkdir -p "$data"
: > "$out"
say() { printf '%s\n' "$*" | tee -a "$out"; }

command -v sqlite3 >/dev/null || { echo "bench: sqlite3 missing (scripts/setup-debian.sh installs it)" >&2; exit 1; }
python3 -c 'import xlsxwriter' 2>/dev/null || pip install --quiet xlsxwriter

(cd ui && npm run --silent build)
# One invocation: built separately, the desktop's features would rebuild shared crates each time.
cargo build --release -q -p commitment-tracker --bins --benches -p commitment-tracker-typeset \
  -p commitment-tracker-desktop
ct="$root/target/release/ct"
# The query benchmark as built above (`cargo bench` would build it again with other features).
queries=$(ls -t target/release/deps/queries-* | grep -v '\.d$' | head -1)

gen() { # name commitments reports narrative_chars
  local db="$data/$1.sqlite3"
  if [ ! -f "$db" ]; then
    echo "bench: generating $1 (once)" >&2
    "$ct" --db "$db" --no-seed --keep-backups 0 generate --commitments "$2" --organisations 400 --reports "$3" --years 10 --narrative-chars "$4" --seed 42 >&2
    sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;" >/dev/null
  fi
}
gen 5k 5000 50000 1500
[ -n "${QUICK:-}" ] || gen 50k 50000 100000 300

say "## Machine"
say ""
say "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); SQLite shell $(sqlite3 --version | cut -d' ' -f1); $(date -u +%Y-%m-%d)."
say ""
for name in 5k 50k; do
  db="$data/$name.sqlite3"
  [ -f "$db" ] || continue
  cp "$db" "$data/run.sqlite3"
  rm -f "$data/run.sqlite3-wal" "$data/run.sqlite3-shm"
  counts=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM commitments)||' commitments, '||(SELECT count(*) FROM reports)||' reports, '||(SELECT count(*) FROM report_revisions)||' revisions, '||(SELECT count(*) FROM audit_log)||' audit rows'")
  say "## Queries, $name database ($counts; $(du -h "$db" | cut -f1))"
  say ""
  CT_BENCH_DB="$data/run.sqlite3" CT_BENCH_ITERS=${ITERS:-40} "$queries" | tee -a "$out"
  say ""
done

db5="$data/5k.sqlite3"
cp "$db5" "$data/run.sqlite3"
timed() { # prints seconds (best of 3) and peak RSS MB of a command
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
best = None
for _ in range(3):
    t = time.perf_counter()
    subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
    d = time.perf_counter() - t
    best = d if best is None or d < best else best
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{best:.3f} {rss:.0f}")
PY
}
say "## Exports and imports (5k database)"
say ""
say "| what | seconds (best of 3) | peak RSS MB | target |"
say "| --- | ---: | ---: | --- |"
read -r s m < <(timed "$ct" --db "$data/run.sqlite3" --keep-backups 0 export --format csv --out "$data/all.csv")
rows=$(($(python3 -c "import csv,sys;print(sum(1 for _ in csv.reader(open('$data/all.csv',encoding='utf-8'))))") - 1))
say "| CSV, $rows reports | $s | $m | ≤ 0.5 s |"
read -r xs xm < <(timed "$ct" --db "$data/run.sqlite3" --keep-backups 0 export --format xlsx --out "$data/all.xlsx")
# (A file, not a here-document: `timed` reads its own program from standard input.)
cat > "$data/xlsxwriter_rows.py" <<'PY'
import csv, sys, xlsxwriter
wb = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
ws = wb.add_worksheet("Reports")
with open(sys.argv[1], encoding="utf-8") as f:
    for r, row in enumerate(csv.reader(f)):
        for c, v in enumerate(row):
            ws.write_string(r, c, v)
wb.close()
PY
read -r ps pm < <(timed python3 "$data/xlsxwriter_rows.py" "$data/all.csv" "$data/py.xlsx")
say "| XLSX, $rows reports (constant memory) | $xs | $xm | ≥ 3× faster than XlsxWriter |"
say "| Python XlsxWriter, same rows (constant memory) | $ps | $pm | ratio $(python3 -c "print(f'{$ps/$xs:.1f}')")× |"
# The PDF: median of three runs; the peak memory is the typesetter's (the largest process).
pdf_run() { # label, extra export arguments
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
times = []
for _ in range(3):
    t = time.perf_counter()
    subprocess.run(sys.argv[2:], check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - t)
print(f"{sorted(times)[1]:.2f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
PY
}
pages() { pdfinfo "$1" 2>/dev/null | awk '/Pages/ {print $2}'; }
read -r s m < <(pdf_run x "$ct" --db "$data/run.sqlite3" --keep-backups 0 export --format pdf --year 2020 --cr 1 --out "$data/annual-cr1.pdf")
say "| PDF annual report 2020, core responsibility 1 only ($(pages "$data/annual-cr1.pdf") pages; median of 3) | $s | $m | – |"
read -r s m < <(pdf_run x "$ct" --db "$data/run.sqlite3" --keep-backups 0 export --format pdf --year 2020 --out "$data/annual.pdf")
say "| PDF annual report 2020 ($(sqlite3 "$db5" 'SELECT count(*) FROM reports WHERE year = 2020') reports, $(pages "$data/annual.pdf") pages; median of 3) | $s | $m | ≤ 3 s |"
sqlite3 -csv -header "$db5" "SELECT 'N' || public_id AS 'Commitment ID', kind AS 'Type', (SELECT group_concat(cr.number, ';') FROM commitment_core_responsibilities x JOIN core_responsibilities cr ON cr.id = x.core_responsibility_id WHERE x.commitment_id = c.id) AS 'Core responsibilities', description AS 'Description', 'BENCH' AS 'Organisation' FROM commitments c LIMIT 5000" > "$data/catalogue.csv"
python3 - "$ct" "$data" <<'PY' | tee -a "$out"
import subprocess, sys, time, os
ct, data = sys.argv[1], sys.argv[2]
best = None
for i in range(3):
    db = f"{data}/import-{i}.sqlite3"
    for ext in ("", "-wal", "-shm"):
        if os.path.exists(db + ext): os.remove(db + ext)
    subprocess.run([ct, "--db", db, "--no-seed", "--keep-backups", "0", "commitments", "list"], check=True, stdout=subprocess.DEVNULL)
    t = time.perf_counter()
    subprocess.run([ct, "--db", db, "--keep-backups", "0", "import", "catalogue", f"{data}/catalogue.csv", "--apply"], check=True, stdout=subprocess.DEVNULL)
    d = time.perf_counter() - t
    best = d if best is None or d < best else best
print(f"| Catalogue import, 5,000 rows (preview + apply, one transaction) | {best:.3f} | – | ≤ 1 s |")
PY
say ""

say "## The window (release build, Xvfb)"
say ""
say "| what | measured | target |"
say "| --- | ---: | --- |"
bin="$root/target/release/commitment-tracker"
if [ -z "${DISPLAY:-}" ]; then
  Xvfb :94 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
  export DISPLAY=:94
  sleep 1
fi
# The window shows the catalogue once someone has said who they are on this account.
"$ct" --db "$data/run.sqlite3" --keep-backups 0 identity --name "Bench" --role coordinator >/dev/null
python3 - "$bin" "$data/run.sqlite3" <<'PY' | tee -a "$out"
import os, re, subprocess, sys, threading, time
bin, db = sys.argv[1], sys.argv[2]
def tree_memory(pid):
    """RSS summed over the process tree (shared libraries counted once per process), PSS
    (shared pages split between their users: what the tree really holds) and private memory."""
    pids, rss, pss, private = [pid], 0, 0, 0
    while pids:
        p = pids.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                rss += int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
            with open(f"/proc/{p}/smaps_rollup") as f:
                sm = f.read()
            pss += int(re.search(r"^Pss:\s+(\d+)", sm, re.M).group(1))
            private += sum(int(x) for x in re.findall(r"^Private_(?:Clean|Dirty):\s+(\d+)", sm, re.M))
            with open(f"/proc/{p}/task/{p}/children") as f:
                pids += [int(c) for c in f.read().split()]
        except (FileNotFoundError, AttributeError):
            pass
    return rss / 1024, pss / 1024, private / 1024
# A desktop session has a D-Bus session bus, and its accessibility bus already running. Without
# them (Xvfb here) GLib runs dbus-launch for each of three processes and GTK waits for the
# accessibility bus to start: ~0.1-0.3 s no user sees. So the starts run in one such session.
session = None
if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    out = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
                         capture_output=True, text=True, check=True).stdout.split()
    session = int(out[1])
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = out[0]
    subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                    "org.a11y.Bus.GetAddress"], capture_output=True)
    time.sleep(0.5)
starts, rss = [], []
for _ in range(5):
    env = dict(os.environ, CT_STARTUP_PROBE="1")
    t = time.perf_counter()
    p = subprocess.Popen([bin, "--db", db, "--keep-backups", "0"], env=env, stderr=subprocess.PIPE, text=True)
    threading.Timer(60, p.kill).start()  # never hang the run: no line in 60 s fails it below
    for line in p.stderr:
        m = re.search(r"first list painted after (\d+) ms", line)
        if m:
            starts.append((time.perf_counter() - t) * 1000)
            break
    threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()
    time.sleep(5)
    rss.append(tree_memory(p.pid))
    p.kill(); p.wait()
    time.sleep(1)  # the WebKit processes end after the app
if session:
    subprocess.run(["pkill", "-f", "at-spi"], capture_output=True)
    os.kill(session, 15)
in_order = ", ".join(f"{s:.0f}" for s in starts)
starts.sort()
print(f"| cold start to the catalogue's first rows painted (best / median / worst of 5; in a desktop-like D-Bus session) | {starts[0]:.0f} / {starts[2]:.0f} / {starts[-1]:.0f} ms (in order: {in_order}) | ≤ 1000 ms |")
worst = max(rss)
print(f"| idle memory of the process tree after 5 s (worst of 5): RSS summed / PSS / private | {worst[0]:.0f} / {worst[1]:.0f} / {worst[2]:.0f} MB | ≤ 120 MB RSS |")
PY
[ -z "${xvfb:-}" ] || kill "$xvfb" 2>/dev/null || true
mb() { python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 1048576:.1f}')" "$1"; }
say "| release binary size: desktop \`commitment-tracker\` / headless \`ct\` | $(mb "$bin") MB / $(mb "$ct") MB | ≤ 20 MB |"
say "| the PDF typesetter \`ct-typeset\`, run only for PDF exports | $(mb "$root/target/release/ct-typeset") MB | (shipped beside the app) |"
say ""
echo "bench: results in $out" >&2
