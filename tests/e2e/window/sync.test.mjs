// The desktop window as an offline copy of a real team server (issue #17): linked through the
// welcome screen, the server stopped, a report edited offline (the window says so and keeps
// the edit waiting), the server started again on the same database and port, the edit seen
// on the server, and a colleague's change seen in the window without a reload. The window
// syncs by itself every second here (COMMITMENT_TRACKER_SYNC_SECONDS=1, set by a wrapper
// script: tauri-driver starts the app with its own environment).
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";
import { PASSWORD, startTeamServer } from "../support/teamServer.mjs";
import { CatalogueWindow } from "./CatalogueWindow.mjs";
import { ReportWindow } from "./ReportWindow.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = process.env.CT_BIN ?? path.join(repo, "target/debug/commitment-tracker");
const artifacts = path.join(repo, "tests/e2e/artifacts");

const ADMIN = { email: "ada@example.org", name: "Ada Admin", role: "admin" };
const COORDINATOR = { email: "cleo@example.org", name: "Cleo Coordinator", role: "coordinator" };
const FOCAL = { email: "fatou@example.org", name: "Fatou Focal", role: "focal-point" };
const YEAR = new Date().getUTCFullYear();
const OFFLINE_TEXT = "Written on the plane: 14 district teams trained, no connection needed.";
const COLLEAGUE_TEXT = "Cleo's review notes: figures checked against the DTM round 13 data.";

/** @type {Awaited<ReturnType<typeof startTeamServer>>} */
let server;
/** @type {WebdriverIO.Browser} */
let browser;
let dir;
let db;
let coordinatorToken;

/** Runs `ct --server URL --token TOKEN ARGS…` (the server as its HTTP clients see it). */
function remoteCt(args, input = "") {
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin,
      ["--server", server.url.origin, "--token", coordinatorToken, ...args],
      (error, stdout, stderr) => {
        if (error) reject(new Error(`ct ${args.join(" ")}: ${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
    child.stdin?.end(input);
  });
}

/** The server's report of 200009 for YEAR, or null while it has none. */
async function serverReport() {
  try {
    const out = await remoteCt(["report", "show", "--commitment", "200009", "--year", String(YEAR), "--format", "json"]);
    return JSON.parse(out);
  } catch (error) {
    if (/not found|no report/i.test(String(error))) return null;
    throw error;
  }
}

/** The ids of the app processes on this test's database (see reports.test.mjs). */
async function appPids() {
  let out = "";
  try {
    out = execFileSync("pgrep", ["-f", db], { encoding: "utf8" });
  } catch {
    return [];
  }
  const pids = [];
  for (const pid of out.split("\n").filter(Boolean).map(Number)) {
    if (pid === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.split("\0").includes(db)) pids.push(pid);
  }
  return pids;
}

async function barState() {
  return (await browser.$("[data-testid=sync-bar]")).getAttribute("data-state");
}

async function waitForBar(state, timeout) {
  await browser.waitUntil(async () => (await barState()) === state, {
    timeout,
    interval: 250,
    timeoutMsg: `the sync bar never said ${state} (it says ${await barState()})`,
  });
}

before(async () => {
  server = await startTeamServer({ accounts: [ADMIN, COORDINATOR, FOCAL] });
  await server.ct(["commitments", "assign", "--user", FOCAL.email, "200009"]);
  coordinatorToken = (await server.ct(["users", "token", COORDINATOR.email])).trim().split("\n").pop();
  dir = await mkdtemp(path.join(tmpdir(), "ct-window-sync-"));
  db = path.join(dir, "copy.sqlite3");
  await mkdir(artifacts, { recursive: true });
  // tauri-driver starts the app with the driver's environment: the wrapper sets the sync
  // interval for this app alone.
  const wrapper = path.join(dir, "app.sh");
  await writeFile(
    wrapper,
    `#!/bin/sh\nCOMMITMENT_TRACKER_SYNC_SECONDS=1 exec '${bin.replaceAll("'", "'\\''")}' "$@"\n`,
  );
  await chmod(wrapper, 0o755);
  browser = await remote({
    hostname: "127.0.0.1",
    port: Number(process.env.TAURI_DRIVER_PORT ?? 4444),
    logLevel: "error",
    connectionRetryCount: 10,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: wrapper, args: ["--db", db] },
    },
  });
});

after(async () => {
  await Promise.race([
    browser?.deleteSession().catch(() => {}),
    new Promise((resolve) => setTimeout(resolve, 10_000)),
  ]);
  if (db) for (const pid of await appPids()) process.kill(pid, "SIGKILL");
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("a new database is linked to the team server through the welcome screen", async () => {
  const win = new ReportWindow(browser);
  await win.waitFor("[data-testid=first-start]", 30_000);
  // Both ways to begin are offered; the team one asks for the address, then the account.
  assert.equal(await win.has("[data-testid=choice-local] #identity-name"), true);
  await (await win.waitFor("[data-testid=choose-team]")).click();
  await (await win.waitFor("#connect-server")).setValue(server.url.origin);
  await (await win.$("#connect-email")).setValue(FOCAL.email);
  await (await win.$("#connect-password")).setValue("not the password at all");
  await (await win.$("[data-testid=connect-submit]")).click();
  // A wrong password is said at the password.
  assert.match(await win.text("#error-connect-password"), /e-mail or the password is wrong/);

  await (await win.$("#connect-password")).setValue(PASSWORD);
  await (await win.$("[data-testid=connect-submit]")).click();
  await win.waitFor("[data-testid=sync-bar]", 30_000);
  assert.equal(await win.text("[data-testid=identity-display]"), "Fatou Focal (Focal point)");
  await waitForBar("synced", 10_000);
  assert.match(await win.text("[data-testid=sync-state]"), /^Synced/);
  // The team's catalogue was copied.
  await new CatalogueWindow(browser).waitForRows(19);
});

test("with the server stopped, a report is edited in the window and waits", async () => {
  const win = new ReportWindow(browser);
  await server.pause();
  await waitForBar("offline", 15_000);
  assert.match(await win.text("[data-testid=sync-state]"), /^Offline — last synced/);

  const catalogue = new CatalogueWindow(browser);
  await catalogue.openCommitment("200009");
  await win.openReport(YEAR);
  await win.fill({ status: "InProgress", achievements: OFFLINE_TEXT });
  await win.save();
  assert.equal(await win.text("[data-testid=narrative-achievements]"), OFFLINE_TEXT);
  assert.equal(await win.text("[data-testid=sync-waiting]"), "1 edit waiting");
  assert.match(await win.text("[data-testid=pending-notice][data-state=Pending]"), /^Saved on this computer/);
  // Submitting needs the server: greyed out, with the reason beside it.
  assert.equal(await (await win.$("[data-testid=action-submit]")).isEnabled(), false);
  assert.match(
    await win.text("[data-testid=offline-explanation][data-action=review]"),
    /need a connection to the team server/,
  );
  await browser.execute(() => window.scrollTo(0, 0));
  await browser.saveScreenshot(path.join(artifacts, "window-sync-offline.png"));
  // The server's database file (read directly: the server is stopped) has no such report.
  await assert.rejects(
    server.ct(["report", "show", "--commitment", "200009", "--year", String(YEAR)]),
    /not found/,
  );
});

test("when the server is back, the edit arrives there by itself", async () => {
  const win = new ReportWindow(browser);
  await server.resume();
  const started = Date.now();
  // The background sync backs off while the server is away (up to a minute between tries).
  let report = null;
  await browser.waitUntil(async () => (report = await serverReport()) !== null, {
    timeout: 90_000,
    interval: 500,
    timeoutMsg: "the edit never reached the server",
  });
  console.log(`# the edit reached the server ${Date.now() - started} ms after it started again`);
  assert.equal(report.achievements, OFFLINE_TEXT);
  assert.equal(report.status, "InProgress");
  assert.equal(report.updatedBy, FOCAL.name);
  await waitForBar("synced", 15_000);
  await browser.waitUntil(async () => !(await win.has("[data-testid=sync-waiting]")), {
    timeout: 10_000,
    timeoutMsg: "the edit still shows as waiting",
  });
  assert.equal(await (await win.$("[data-testid=action-submit]")).isEnabled(), true);
  assert.equal(await win.has("[data-testid=offline-explanation]"), false);
  assert.equal(await win.has("[data-testid=pending-notice]"), false);
});

test("a colleague's change on the server appears in the window without a reload", async () => {
  const win = new ReportWindow(browser);
  // Marks this page: a reload would lose it.
  await browser.execute(() => {
    window.__syncTestMark = "same page";
  });
  await remoteCt(
    ["report", "set", "--commitment", "200009", "--year", String(YEAR), "--achievements", "-"],
    COLLEAGUE_TEXT,
  );
  const started = Date.now();
  await browser.waitUntil(
    async () => (await win.text("[data-testid=narrative-achievements]")) === COLLEAGUE_TEXT,
    { timeout: 20_000, interval: 250, timeoutMsg: "the colleague's text never appeared" },
  );
  console.log(`# the colleague's change appeared in the window after ${Date.now() - started} ms`);
  assert.equal(await browser.execute(() => window.__syncTestMark), "same page");
  assert.equal(await win.has("[data-testid=sync-waiting]"), false);
  await browser.execute(() => window.scrollTo(0, 0));
  await browser.saveScreenshot(path.join(artifacts, "window-sync-colleague.png"));
});
