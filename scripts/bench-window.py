#!/usr/bin/env python3
"""The desktop window's cold start and memory beside its floor, for scripts/bench.sh.

The floor is benches/floor-window: a one-page Tauri 2 window with the app's Tauri version,
features, WebKit settings and release profile. Memory is the process tree's PSS (proportional
set size: a page shared by n processes counts 1/n in each, so WebKit's shared libraries count
once, not once per process) and the app process's own private memory; never summed RSS. The
floor is measured the same way, in the same run. Prints Markdown rows (a table and, per
process and per kind of mapping, where the memory goes).

    bench-window.py APP FLOOR IOM_DB BIG_DB REPORT_ROUTE

APP and FLOOR are release binaries; IOM_DB a fresh database with IOM's catalogue, BIG_DB the
5,000-commitment one (both with an identity set, so the window opens on the catalogue);
REPORT_ROUTE a report of BIG_DB, e.g. "#/commitments/ORG1/200001/reports/2020". The "after
opening" figures drive the window through tauri-driver (WebDriver), so the floor is measured
under WebDriver for them as well.
"""
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

STARTS = int(os.environ.get("WINDOW_STARTS", "5"))
SETTLE_S = 5  # idle: this long after the first paint

# ---------------------------------------------------------------------------------------------
# Memory


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except FileNotFoundError:
        return []


def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children(p)
    return out


def name_of(pid):
    """The program's file name (comm is cut at 15 characters)."""
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return "?"


def rollup(pid):
    """kB figures of /proc/PID/smaps_rollup (Pss, Rss, Private_Clean, ...)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            text = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB", text, re.M)}


def kind_of(mapping, exe):
    """What a mapping of /proc/PID/smaps holds, by its name."""
    if mapping == "":
        return "anonymous (heaps of malloc, JavaScript, caches)"
    if mapping == "[heap]":
        return "anonymous (heaps of malloc, JavaScript, caches)"
    if mapping.startswith("[anon:") or mapping.startswith("[stack"):
        return "anonymous (heaps of malloc, JavaScript, caches)"
    if mapping == exe:
        return "the program's own file"
    if ".so" in os.path.basename(mapping):
        return "shared libraries (.so)"
    if mapping.startswith("/memfd:") or mapping.startswith("/dev/shm") or "SYSV" in mapping or mapping.startswith("/dev/dri"):
        return "shared memory (memfd, /dev/shm: the web process's frames, IPC)"
    if mapping.startswith("["):
        return "kernel ([vdso], [vvar])"
    return "other files (fonts, caches, locale data)"


def smaps_by_kind(pid):
    """Pss and private kB per kind of mapping of one process."""
    try:
        exe = os.path.realpath(f"/proc/{pid}/exe")
        with open(f"/proc/{pid}/smaps") as f:
            text = f.read()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return {}
    kinds, current = {}, None
    for line in text.splitlines():
        head = re.match(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$", line)
        if head:
            current = kinds.setdefault(kind_of(head.group(1).replace(" (deleted)", ""), exe), [0, 0])
            continue
        m = re.match(r"^(Pss|Private_Clean|Private_Dirty):\s+(\d+) kB", line)
        if m and current is not None:
            if m.group(1) == "Pss":
                current[0] += int(m.group(2))
            else:
                current[1] += int(m.group(2))
    return kinds


def memory(pid, detail=False):
    """The tree's PSS, summed RSS and private memory, and the top process's private (MB)."""
    procs = []
    for p in tree(pid):
        r = rollup(p)
        if r is None:
            continue
        private = r.get("Private_Clean", 0) + r.get("Private_Dirty", 0)
        procs.append({"pid": p, "name": name_of(p), "pss": r.get("Pss", 0) / 1024,
                      "rss": r.get("Rss", 0) / 1024, "private": private / 1024,
                      "kinds": {k: (v[0] / 1024, v[1] / 1024) for k, v in smaps_by_kind(p).items()} if detail else {}})
    top = procs[0] if procs and procs[0]["pid"] == pid else None
    return {"pss": sum(p["pss"] for p in procs), "rss": sum(p["rss"] for p in procs),
            "private": sum(p["private"] for p in procs),
            "app_private": top["private"] if top else float("nan"), "procs": procs}


# ---------------------------------------------------------------------------------------------
# Plain starts (as a person starts the app)


def start(argv, ready, env_extra=None, timeout=60):
    """Starts argv, waits for a stderr line matching `ready`; returns (process, ms or None)."""
    env = dict(os.environ, **(env_extra or {}))
    t = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)
    killer = threading.Timer(timeout, p.kill)  # never hang the run: no line in time fails it below
    killer.start()
    ms = None
    for line in p.stderr:
        if re.search(ready, line):
            ms = (time.perf_counter() - t) * 1000
            break
    killer.cancel()
    threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()
    return p, ms


def starts(argv, ready, env_extra=None, detail=False):
    """STARTS cold starts: the times to `ready`, and the memory SETTLE_S after each."""
    times, mems = [], []
    for _ in range(STARTS):
        p, ms = start(argv, ready, env_extra)
        if ms is None:
            p.kill()
            p.wait()
            raise SystemExit(f"bench-window: {argv[0]} never printed /{ready}/")
        times.append(ms)
        time.sleep(SETTLE_S)
        mems.append(memory(p.pid, detail))
        p.kill()
        p.wait()
        time.sleep(1)  # the WebKit processes end after the app
    return times, mems


# ---------------------------------------------------------------------------------------------
# Driven through WebDriver (tauri-driver), to open pages


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    """tauri-driver and one WebDriver session of one binary (the classic protocol, by hand)."""

    def __init__(self, binary, args):
        self.port = free_port()
        # Its WebKitWebDriver on a free port too (not 4445, which a test run may hold).
        self.proc = subprocess.Popen(["tauri-driver", "--port", str(self.port), "--native-port", str(free_port())],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "wry",
                                                 "tauri:options": {"application": binary, "args": args}}}}
        for _ in range(100):
            try:
                self.session = self.call("POST", "/session", caps)["sessionId"]
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("bench-window: tauri-driver did not answer")
        self.binary = os.path.realpath(binary)

    def call(self, method, path, body=None):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.load(r)["value"]

    def run(self, script, *args):
        return self.call("POST", f"/session/{self.session}/execute/sync", {"script": script, "args": list(args)})

    def wait_for(self, selector, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            if self.run("return document.querySelector(arguments[0]) !== null", selector):
                return
            time.sleep(0.1)
        raise SystemExit(f"bench-window: {selector} never appeared")

    def open(self, route, selector):
        self.run("location.hash = arguments[0]", route)
        self.wait_for(selector)

    def app_pid(self):
        """The app's process: WebKitWebDriver's child running the binary."""
        for p in tree(self.proc.pid):
            try:
                if os.path.realpath(f"/proc/{p}/exe") == self.binary:
                    return p
            except FileNotFoundError:
                pass
        raise SystemExit("bench-window: the app's process was not found under tauri-driver")

    def close(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        except OSError:
            pass
        self.proc.terminate()
        self.proc.wait()
        time.sleep(1)


# ---------------------------------------------------------------------------------------------


def spread(ms):
    s = sorted(ms)
    return f"{s[0]:.0f} / {statistics.median(s):.0f} / {s[-1]:.0f} ms"


def worst(mems, key):
    return max(m[key] for m in mems)


def breakdown(title, mem):
    """Rows: where one run's memory is, per process and per kind of mapping (PSS / private MB)."""
    rows = [f"| {title}: {p['name']} (PSS / private) | " +
            "; ".join(f"{k} {v[0]:.0f} / {v[1]:.0f}" for k, v in sorted(p["kinds"].items(), key=lambda kv: -kv[1][0]) if v[0] >= 0.5) +
            f" | **{p['pss']:.0f} / {p['private']:.0f}** |" for p in mem["procs"]]
    return rows


def main():
    app, floor, iom, big, report_route = sys.argv[1:6]
    # A desktop session has a D-Bus session bus, and its accessibility bus already running.
    # Without them (Xvfb here) GLib runs dbus-launch for each of three processes and GTK waits
    # for the accessibility bus to start: ~0.1-0.3 s no user sees. So the starts run in one
    # such session.
    session = None
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        out = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
                             capture_output=True, text=True, check=True).stdout.split()
        session = int(out[1])
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = out[0]
        subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                        "org.a11y.Bus.GetAddress"], capture_output=True)
        time.sleep(0.5)
    probe = {"CT_STARTUP_PROBE": "1"}
    painted = r"first list painted after (\d+) ms"
    try:
        floor_t, floor_m = starts([floor], r"floor-window: first paint after")
        iom_t, iom_m = starts([app, "--db", iom, "--keep-backups", "0"], painted, probe, detail=True)
        big_t, big_m = starts([app, "--db", big, "--keep-backups", "0"], painted, probe)
        floor_m_detail = memory_once_detail(floor)

        # Driven: the floor idle, then the app through the catalogue, dashboard, matrix, a report.
        d = Driver(floor, [])
        d.wait_for("#painted")
        time.sleep(SETTLE_S)
        floor_wd = memory(d.app_pid(), detail=True)
        d.close()
        d = Driver(app, ["--db", big, "--keep-backups", "0"])
        d.wait_for("[data-testid=commitment-table] tbody tr")
        d.open("#/dashboard", "[data-testid=dash-reported]")
        d.open("#/matrix", "[data-testid=matrix] tr[data-commitment-id]")
        d.open(report_route, "[data-testid=report-view], [data-testid=report-editor]")
        time.sleep(SETTLE_S)
        after = memory(d.app_pid(), detail=True)
        d.close()
    finally:
        if session:
            # The accessibility bus this session started, then the session: by process id.
            for p in reversed(tree(session)):
                try:
                    os.kill(p, 15)
                except ProcessLookupError:
                    pass

    f_pss, f_priv = worst(floor_m, "pss"), worst(floor_m, "app_private")
    i_pss, i_priv = worst(iom_m, "pss"), worst(iom_m, "app_private")
    b_pss = worst(big_m, "pss")
    a_pss = after["pss"]
    ok = lambda good: "✓" if good else "✗"
    print(f"| cold start to the catalogue's first rows painted, 5k database (best / median / worst of {STARTS}; in order {', '.join(f'{t:.0f}' for t in big_t)}) | {spread(big_t)} | ≤ 1000 ms {ok(statistics.median(big_t) <= 1000)} |")
    print(f"| — the same, IOM's catalogue | {spread(iom_t)} | – |")
    print(f"| — the floor window's start to its first paint | {spread(floor_t)} | (floor) |")
    print(f"| idle memory of the floor window's process tree, {SETTLE_S} s after its paint (worst of {STARTS}): PSS / its own process's private / RSS summed | {f_pss:.0f} / {f_priv:.0f} / {worst(floor_m, 'rss'):.0f} MB | (floor) |")
    print(f"| idle, IOM's catalogue (worst of {STARTS}): PSS / app process private / RSS summed | {i_pss:.0f} / {i_priv:.0f} / {worst(iom_m, 'rss'):.0f} MB | – |")
    print(f"| **PSS ratio to the floor, idle on IOM's catalogue** | **{i_pss / f_pss:.2f}×** | ≤ 1.25× {ok(i_pss / f_pss <= 1.25)} |")
    print(f"| **app process private memory, idle on IOM's catalogue** | **{i_priv:.0f} MB** | ≤ 60 MB {ok(i_priv <= 60)} |")
    print(f"| idle, 5k database (worst of {STARTS}): PSS / app process private / RSS summed | {b_pss:.0f} / {worst(big_m, 'app_private'):.0f} / {worst(big_m, 'rss'):.0f} MB ({b_pss / f_pss:.2f}× the floor's PSS) | – |")
    print(f"| under WebDriver: the floor idle / the app after the catalogue, dashboard, matrix and a report at 5,000 commitments ({report_route}), {SETTLE_S} s after: PSS | {floor_wd['pss']:.0f} / {a_pss:.0f} MB (app process private {after['app_private']:.0f} MB) | – |")
    print(f"| **PSS ratio to the floor after opening the dashboard, the matrix and a report (5k)** | **{a_pss / floor_wd['pss']:.2f}×** | ≤ 1.5× {ok(a_pss / floor_wd['pss'] <= 1.5)} |")
    print()
    print("Where the memory is (one run each; per process: PSS / private MB per kind of mapping):")
    print()
    print("| run and process | by kind of mapping | process total |")
    print("| --- | --- | ---: |")
    for row in breakdown("floor, idle", floor_m_detail):
        print(row)
    for row in breakdown("app, idle on IOM's catalogue", max(iom_m, key=lambda m: m["pss"])):
        print(row)
    for row in breakdown("floor under WebDriver, idle", floor_wd):
        print(row)
    for row in breakdown("app under WebDriver, after dashboard, matrix, report (5k)", after):
        print(row)


def memory_once_detail(floor):
    """One more start of the floor, for the breakdown by kind of mapping."""
    p, ms = start([floor], r"floor-window: first paint after")
    if ms is None:
        p.kill()
        p.wait()
        raise SystemExit("bench-window: the floor window never painted")
    time.sleep(SETTLE_S)
    m = memory(p.pid, detail=True)
    p.kill()
    p.wait()
    time.sleep(1)
    return m


if __name__ == "__main__":
    if not shutil.which("tauri-driver"):
        raise SystemExit("bench-window: tauri-driver missing (scripts/setup-debian.sh installs it)")
    main()
