// Browser mode (`ct serve`, one computer) on an offline copy of a real team server (issue #17):
// edits made on the copy while a colleague changed the same reports on the server are
// conflicts, settled on the pending edits page: one merged by hand in the merge view, one
// given up for the server's text. Then a personal database is connected from the header, and
// its own report is offered for upload and uploaded. What the server holds afterwards is read
// back over HTTP.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../support/browser.mjs";
import { startServer } from "../support/server.mjs";
import { startSession } from "../support/session.mjs";
import { ct, PASSWORD, startTeamServer } from "../support/teamServer.mjs";
import { ReportPage } from "../pages/ReportPage.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = process.env.CT_BIN ?? path.join(repo, "target/debug/ct");
const artifacts = path.join(repo, "tests/e2e/artifacts");
const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

const ADMIN = { email: "ada@example.org", name: "Ada Admin", role: "admin" };
const COORDINATOR = { email: "cleo@example.org", name: "Cleo Coordinator", role: "coordinator" };
const FOCAL = { email: "fatou@example.org", name: "Fatou Focal", role: "focal-point" };
const YEAR = 2025;

/** @type {Awaited<ReturnType<typeof startTeamServer>>} */
let team;
/** @type {Awaited<ReturnType<typeof startServer>>} */
let local;
let browser;
/** @type {import("playwright-core").Page} */
let page;
let dir;
let copy;
let coordinatorToken;

/** `ct --server URL --token T ARGS…` as the coordinator, a colleague on the team server. */
function asColleague(args, input = "") {
  return new Promise((resolve, reject) => {
    const child = execFile(
      bin,
      ["--server", team.url.origin, "--token", coordinatorToken, ...args],
      (error, stdout, stderr) => {
        if (error) reject(new Error(`ct ${args.join(" ")}: ${error.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
    child.stdin?.end(input);
  });
}

const setAchievements = (id, extra = []) =>
  ["report", "set", "--commitment", id, "--year", String(YEAR), ...extra, "--achievements", "-"];

async function onServer(id, year = YEAR) {
  const out = await asColleague(["report", "show", "--commitment", id, "--year", String(year), "--format", "json"]);
  return JSON.parse(out);
}

before(async () => {
  await mkdir(artifacts, { recursive: true });
  team = await startTeamServer({ accounts: [ADMIN, COORDINATOR, FOCAL] });
  for (const id of ["200009", "200010"]) {
    await team.ct(["commitments", "assign", "--user", FOCAL.email, id]);
  }
  const lastLine = (out) => out.trim().split("\n").pop();
  coordinatorToken = lastLine(await team.ct(["users", "token", COORDINATOR.email]));
  const focalToken = lastLine(await team.ct(["users", "token", FOCAL.email]));

  dir = await mkdtemp(path.join(tmpdir(), "ct-e2e-copy-"));
  copy = path.join(dir, "copy.db");
  await ct(copy, ["link", "--server", team.url.origin, "--token", focalToken]);
  // Both reports exist on the server and on the copy; then each side changes them.
  for (const id of ["200009", "200010"]) {
    await asColleague(setAchievements(id, ["--status", "in progress"]), `First text of ${id}.`);
  }
  await ct(copy, ["sync"]);
  await ct(copy, setAchievements("200009"), "Fatou's text: 12 districts, written offline.");
  await ct(copy, setAchievements("200010"), "Fatou's text of 200010, which she will give up.");
  await asColleague(setAchievements("200009"), "Cleo's text: 11 districts, checked by M&E.");
  await asColleague(setAchievements("200010"), "Cleo's text of 200010, the one to keep.");
  // The copy sends its edits: the server's reports moved on, so both are conflicts.
  const synced = await ct(copy, ["sync", "--format", "json"]);
  assert.equal(JSON.parse(synced).conflicts, 2);

  local = await startServer({ db: copy, env: { COMMITMENT_TRACKER_SYNC_SECONDS: "1" } });
  browser = await launchBrowser();
  const context = await browser.newContext({ locale: "en-US" });
  page = await context.newPage();
  await page.goto(local.url.href);
});

/** @type {Awaited<ReturnType<typeof startSession>> | null} */
let personal = null;

after(async () => {
  await personal?.browser.close();
  await personal?.server.stop();
  await browser?.close();
  await local?.stop();
  await team?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("the copy opens as the linked account, and the bar says two edits need a choice", async () => {
  await page.getByTestId("sync-bar").waitFor();
  assert.equal(await page.getByTestId("identity-display").textContent(), "Fatou Focal (Focal point)");
  assert.equal(await page.getByTestId("sync-choices").textContent(), "2 edits need your choice");
  await page.getByTestId("sync-choices").click();
  await page.getByTestId("sync-page").waitFor();
  const items = page.locator("[data-testid=pending-item][data-state=Conflict]");
  assert.equal(await items.count(), 2);
  await shot("browser-sync-pending");
});

test("a conflict merged by hand sends the merged text to the server", async () => {
  const item = page.locator("[data-testid=pending-item][data-commitment-id='200009']");
  await item.getByTestId("pending-compare").click();
  const merge = item.getByTestId("merge-view");
  await merge.waitFor();
  assert.match(await merge.getByTestId("merge-intro").textContent(), /Cleo Coordinator saved this report on the team server/);
  const field = merge.getByTestId("merge-field-achievements");
  assert.match(await field.textContent(), /Fatou's text: 12 districts/);
  assert.match(await field.textContent(), /Cleo's text: 11 districts/);
  const merged = "12 districts (Fatou), 11 of them checked by M&E (Cleo).";
  await page.locator("#merge-achievements-text").fill(merged);
  await shot("browser-sync-conflict-merge");
  await merge.getByTestId("merge-save").click();
  await item.waitFor({ state: "detached" });
  // Sent at once (the page asks for a sync after a choice), or by the background sync.
  const deadline = Date.now() + 20_000;
  let report = await onServer("200009");
  while (report.achievements !== merged && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    report = await onServer("200009");
  }
  assert.equal(report.achievements, merged);
  assert.equal(report.updatedBy, FOCAL.name);
});

test("a conflict given up takes the server's text, which the server keeps", async () => {
  const item = page.locator("[data-testid=pending-item][data-commitment-id='200010']");
  await item.getByTestId("pending-take-theirs").click();
  await item.waitFor({ state: "detached" });
  await page.getByTestId("sync-nothing").waitFor();
  assert.equal((await onServer("200010")).achievements, "Cleo's text of 200010, the one to keep.");
  // The copy shows the server's text too.
  await page.goto(`${local.url.origin}/#/commitments/200010/reports/${YEAR}`);
  await page.getByTestId("report-view").waitFor();
  assert.equal(
    await page.getByTestId("narrative-achievements").textContent(),
    "Cleo's text of 200010, the one to keep.",
  );
});

test("a personal database connected later offers its own report for upload", async () => {
  // A file, also when the other tests run on PostgreSQL: an offline copy is a file.
  personal = await startSession(
    { name: "Fatou on her laptop", role: "FocalPoint" },
    { db: path.join(dir, "laptop.db"), env: { COMMITMENT_TRACKER_SYNC_SECONDS: "1" } },
  );
  const p = personal.page;
  const mine = "Written before there was a team server: 3 workshops in 2024.";
  await p.goto(`${personal.server.url.origin}/#/commitments/200009/reports/2024`);
  const report = await new ReportPage(p).waitForLoad();
  await report.fill({ status: "InProgress", achievements: mine });
  await report.save();

  // Connecting is in the header's identity panel.
  await p.getByTestId("identity-change").click();
  await p.getByTestId("identity-connect").click();
  await p.getByTestId("connect-page").waitFor();
  await p.locator("#connect-server").fill(team.url.origin);
  // Single sign-on is offered beside the password; this server has none, and says so at
  // its address.
  await p.getByTestId("connect-sso").click();
  const noSso = p.locator("#error-connect-server");
  await noSso.waitFor();
  assert.match(await noSso.textContent(), /has no single sign-on/);
  await p.locator("#connect-email").fill(FOCAL.email);
  await p.locator("#connect-password").fill(PASSWORD);
  await p.getByTestId("connect-submit").click();

  // The pending edits page lists the report this database held, offered for upload.
  const item = p.locator("[data-testid=pending-item][data-state=Offered]");
  await item.waitFor({ timeout: 30_000 });
  assert.equal(await item.getAttribute("data-commitment-id"), "200009");
  assert.equal(await item.getAttribute("data-year"), "2024");
  assert.equal(await p.getByTestId("identity-display").textContent(), "Fatou Focal (Focal point)");
  assert.equal(await p.getByTestId("sync-offered").textContent(), "1 report offered for upload");
  await item.getByTestId("pending-keep-mine").click();
  await item.waitFor({ state: "detached" });
  const deadline = Date.now() + 20_000;
  let uploaded = null;
  while (uploaded === null && Date.now() < deadline) {
    uploaded = await onServer("200009", 2024).catch(() => null);
    if (uploaded === null) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(uploaded?.achievements, mine);
  assert.equal(uploaded?.updatedBy, FOCAL.name);
});

test("a copy the server stopped accepting signs in again from the pending edits page", async () => {
  const p = personal.page;
  // Disabling an account revokes its tokens; enabled again, it must sign in again.
  await team.ct(["users", "disable", FOCAL.email]);
  await team.ct(["users", "enable", FOCAL.email]);
  await p.locator("[data-testid=sync-bar][data-state=failed]").waitFor({ timeout: 20_000 });
  assert.match(await p.getByTestId("sync-state").textContent(), /^Sync failed/);
  await p.goto(`${personal.server.url.origin}/#/sync`);
  const again = p.getByTestId("sync-again");
  await again.waitFor();
  assert.equal(await p.locator("#connect-server").inputValue(), team.url.origin);
  assert.equal(await p.locator("#connect-email").inputValue(), FOCAL.email);
  await p.locator("#connect-password").fill(PASSWORD);
  await p.getByTestId("connect-submit").click();
  await again.waitFor({ state: "detached", timeout: 30_000 });
  await p.locator("[data-testid=sync-bar][data-state=synced]").waitFor({ timeout: 10_000 });
});
