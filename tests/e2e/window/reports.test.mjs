// Reports in the real desktop window (Tauri + WebKitGTK through tauri-driver under Xvfb): the
// review cycle up to the lock, then a hard kill of the app while text is being typed, and a new
// session on the same database that must offer the text back.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";
import { CatalogueWindow } from "./CatalogueWindow.mjs";
import { ReportWindow } from "./ReportWindow.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = process.env.CT_BIN ?? path.join(repo, "target/debug/commitment-tracker");
const artifacts = path.join(repo, "tests/e2e/artifacts");

/** @type {WebdriverIO.Browser} */
let browser;
let dir;
let db;

/** A WebDriver session: the app started by the driver on the test's database file. */
function startSession() {
  return remote({
    hostname: "127.0.0.1",
    port: Number(process.env.TAURI_DRIVER_PORT ?? 4444),
    logLevel: "error",
    connectionRetryCount: 10,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: bin, args: ["--db", db] },
    },
  });
}

/** Ends a session whose app may already be gone, without waiting forever for it. */
async function endSession(session) {
  await Promise.race([
    session?.deleteSession().catch(() => {}),
    new Promise((resolve) => setTimeout(resolve, 10_000)),
  ]);
}

/**
 * The ids of the app processes on this test's database: their command line names the temporary
 * database file, which nothing else on the machine does.
 */
async function appPids() {
  let out = "";
  try {
    out = execFileSync("pgrep", ["-f", db], { encoding: "utf8" });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  const pids = [];
  for (const pid of out.split("\n").filter(Boolean).map(Number)) {
    if (pid === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.split("\0").includes(db)) pids.push(pid);
  }
  return pids;
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ct-window-reports-"));
  db = path.join(dir, "reports.sqlite3");
  await mkdir(artifacts, { recursive: true });
  browser = await startSession();
});

after(async () => {
  await endSession(browser);
  for (const pid of await appPids()) process.kill(pid, "SIGKILL");
  if (dir) await rm(dir, { recursive: true, force: true });
});

const TYPED = "Text typed in the window and never saved: 12 districts covered.";

test("a coordinator writes, submits and approves the 2019 report of 200009 in the window", async () => {
  const win = new ReportWindow(browser);
  await win.identify("Ana Coordinator", "Coordinator");
  assert.equal(await win.text("[data-testid=identity-display]"), "Ana Coordinator (Coordinator)");

  const catalogue = new CatalogueWindow(browser);
  await catalogue.waitForRows(19);
  await catalogue.openCommitment("200009");
  await win.openReport(2019);
  await win.fill({
    status: "InProgress",
    achievements: "Trained 40 enumerators on GBV risk indicators.",
    evidence: [{ title: "DTM round 12", url: "https://dtm.iom.int/reports/round-12" }],
  });
  await win.save();
  assert.equal(await win.reviewState(), "Draft");

  await win.review("submit", "Submitted");
  await win.review("approve", "Approved");
  assert.equal(await win.has("[data-testid=action-edit]"), false);
  assert.match(await win.text("[data-testid=locked-notice]"), /Approved — locked/);
  await browser.saveScreenshot(path.join(artifacts, "window-report-approved.png"));
});

test("text typed before the app is killed is offered back in a new session", async () => {
  const win = new ReportWindow(browser);
  await (await win.waitFor("a[rel=next]")).click(); // 2019 → 2020
  await win.waitFor("[data-testid=report-editor]");
  assert.match(await win.text("#report-heading"), /2020/);
  await win.fill({ achievements: TYPED });
  // The autosave keeps it once typing pauses (~0.8 s).
  await browser.waitUntil(async () => /Draft kept at/.test(await win.autosaveStatus()), {
    timeout: 10_000,
    timeoutMsg: "the text was never kept",
  });
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  // Kill the app hard: no pagehide, no unload, nothing gets a chance to run.
  const pids = await appPids();
  assert.ok(pids.length > 0, `no app process found for ${db}`);
  for (const pid of pids) process.kill(pid, "SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.deepEqual(await appPids(), []);
  await endSession(browser);

  browser = await startSession();
  const again = new ReportWindow(browser);
  // On start, the header lists the text that was kept.
  const notice = await again.waitFor("[data-testid=autosave-notice]", 30_000);
  // The notice shows first; the commitment's ID follows once the catalogue has loaded.
  await browser
    .waitUntil(async () => /200009, 2020 report/.test(await notice.getText()), { timeout: 10_000 })
    .catch(() => undefined);
  assert.match(await notice.getText(), /200009, 2020 report/);

  const catalogue = new CatalogueWindow(browser);
  await catalogue.waitForRows(19);
  await catalogue.openCommitment("200009");
  await again.openReport(2020);
  const banner = await again.waitFor("[data-testid=autosave-recovery]");
  assert.match(await banner.getText(), /Unsaved text from .* was kept/);
  await browser.saveScreenshot(path.join(artifacts, "window-editor-recovery.png"));

  await (await again.$("[data-testid=autosave-restore]")).click();
  await browser.waitUntil(async () => (await again.value("#field-achievements")) === TYPED, {
    timeout: 10_000,
    timeoutMsg: "the restored text is not in the editor",
  });
  assert.equal(await again.has("[data-testid=autosave-recovery]"), false);
});
