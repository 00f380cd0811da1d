// The real desktop window (Tauri + WebKitGTK), driven through tauri-driver and WebKitWebDriver
// under Xvfb: the built binary on a fresh database file.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { remote } from "webdriverio";
import { freshDatabase } from "../support/server.mjs";
import { CatalogueWindow } from "./CatalogueWindow.mjs";
import { ReportWindow } from "./ReportWindow.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = process.env.CT_BIN ?? path.join(repo, "target/debug/commitment-tracker");
const artifacts = path.join(repo, "tests/e2e/artifacts");

/** @type {WebdriverIO.Browser} */
let browser;
let dir;
let db;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ct-window-"));
  // A file, or a new PostgreSQL database when CT_E2E_PG names a cluster (the second run).
  db = process.env.CT_E2E_PG ? await freshDatabase(dir) : path.join(dir, "window.sqlite3");
  await mkdir(artifacts, { recursive: true });
  browser = await remote({
    hostname: "127.0.0.1",
    port: Number(process.env.TAURI_DRIVER_PORT ?? 4444),
    logLevel: "error",
    connectionRetryCount: 10,
    capabilities: {
      browserName: "wry",
      // WebKitWebDriver speaks classic WebDriver, not BiDi.
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: bin, args: ["--db", db] },
    },
  });
  // A fresh database: the window first asks who is working.
  await new ReportWindow(browser).identify("E2E Tester", "FocalPoint");
});

after(async () => {
  await browser?.deleteSession().catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

const plain = (text) => text.replaceAll("\u2019", "'");

test("the window opens on a fresh database seeded with IOM's 19 commitments", async () => {
  const win = new CatalogueWindow(browser);
  await win.waitForRows(19);
  assert.equal(await win.resultCount(), "19 commitments");
  const ids = await win.rowIds();
  assert.equal(ids[0], "200001");
  assert.equal(ids[18], "200019");
  // The database is the one named on the command line.
  if (process.env.CT_E2E_PG) {
    const count = execFileSync("psql", ["-tAc", "SELECT count(*) FROM commitments", db], { encoding: "utf8" });
    assert.equal(count.trim(), "19");
  } else {
    assert.ok((await stat(db)).size > 0);
  }
  await browser.saveScreenshot(path.join(artifacts, "window-catalogue.png"));
  if (process.env.UPDATE_SCREENSHOTS) {
    await browser.saveScreenshot(path.join(repo, "docs/screenshot-catalogue.png"));
  }
});

test("the text is set in the platform's UI font, asked for by one name", async () => {
  // WebKitGTK looks up every family of the stack that is missing, for each size and weight:
  // a stack the CSS build had lowered to twelve names cost ~150 ms before the first paint.
  const fonts = await new CatalogueWindow(browser).fontFamilies();
  assert.deepEqual(fonts, { page: "system-ui, sans-serif", row: "system-ui, sans-serif" });
});

test("filtering by the WHS transformation 4B leaves 200003 and 200012", async () => {
  const win = new CatalogueWindow(browser);
  await win.filterByCategory("WHS", "4B");
  await browser.waitUntil(async () => (await win.rowIds()).join() === "200003,200012", {
    timeout: 10_000,
    timeoutMsg: `rows after filtering: ${JSON.stringify(await win.rowIds())}`,
  });
  assert.equal(await win.resultCount(), "2 commitments");
});

test("200003 shows both of its core responsibilities (WHS categories of level 1)", async () => {
  const win = new CatalogueWindow(browser);
  await win.openCommitment("200003");
  assert.match(await win.heading(), /200003/);
  const crs = (await win.categories(1)).map(plain);
  assert.equal(crs.length, 2, JSON.stringify(crs));
  assert.ok(crs.some((t) => t.includes("Leave No One Behind")), JSON.stringify(crs));
  assert.ok(
    crs.some((t) => t.includes("Change People's Lives: From Delivering Aid to Ending Need")),
    JSON.stringify(crs),
  );
  await browser.saveScreenshot(path.join(artifacts, "window-commitment-200003.png"));
  if (process.env.UPDATE_SCREENSHOTS) {
    await browser.saveScreenshot(path.join(repo, "docs/screenshot-commitment.png"));
  }
});
