// The export / import and backups pages in the real desktop window (Tauri + WebKitGTK through
// tauri-driver under Xvfb). The native save and open dialogs cannot be driven by WebDriver, so
// this checks that the pages render with the window's controls, and a backup made by hand.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";
import { ExchangeWindow } from "./ExchangeWindow.mjs";
import { ReportWindow } from "./ReportWindow.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const bin = process.env.CT_BIN ?? path.join(repo, "target/debug/commitment-tracker");
const artifacts = path.join(repo, "tests/e2e/artifacts");

/** @type {WebdriverIO.Browser} */
let browser;
let dir;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ct-window-exchange-"));
  await mkdir(artifacts, { recursive: true });
  browser = await remote({
    hostname: "127.0.0.1",
    port: Number(process.env.TAURI_DRIVER_PORT ?? 4444),
    logLevel: "error",
    connectionRetryCount: 10,
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: bin, args: ["--db", path.join(dir, "exchange.sqlite3")] },
    },
  });
  await new ReportWindow(browser).identify("Window Tester", "Coordinator");
});

after(async () => {
  await browser?.deleteSession().catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("the export / import page renders with the window's native file choosers", async () => {
  const win = new ExchangeWindow(browser);
  await win.openExchange();
  await win.waitFor("[data-testid=export-run]");
  assert.equal(await (await browser.$("#export-format")).getValue(), "Csv");
  // In the window the files are chosen with the native dialog: buttons, not file inputs.
  assert.deepEqual(await win.control("import-file"), { tag: "button", type: "button" });
  assert.deepEqual(await win.control("bundle-file"), { tag: "button", type: "button" });
  await win.waitFor("[data-testid=import-template]");
  await browser.saveScreenshot(path.join(artifacts, "window-exchange.png"));
});

test("the annual report exported as a PDF in the window is typeset by the program beside it", async () => {
  const win = new ExchangeWindow(browser);
  await win.openExchange();
  const file = path.join(dir, "annual-report-2019.pdf");
  const outcome = await win.exportTo("Pdf", 2019, file);
  assert.equal(outcome.path, file);
  assert.ok(outcome.rows >= 19, `entries for all 19 commitments: ${outcome.rows}`);
  const bytes = await readFile(file);
  assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  for (const needle of [
    "Annual self-report 2019",
    "International Organization for Migration",
    "Core responsibility 3: Leave No One Behind",
    "Commitment 200009 (Operational)",
    "No report for 2019.",
  ]) {
    assert.ok(text.includes(needle), `${needle} missing from the PDF`);
  }
});

test("the backups page lists a backup made with “Back up now”", async () => {
  const win = new ExchangeWindow(browser);
  await win.openBackups();
  const name = await win.backUpNow();
  assert.match(name, /^exchange-.*-manual\.sqlite3$/);
  assert.equal((await win.files())[0], name);
  // The window may also restore a file kept elsewhere, chosen with the native dialog.
  await win.waitFor("[data-testid=backup-choose-file]");
  await browser.saveScreenshot(path.join(artifacts, "window-backups.png"));
});

test("restoring a listed backup reloads the window and says what was kept", async () => {
  const win = new ExchangeWindow(browser);
  await win.openBackups();
  const name = (await win.files())[0];
  await (await win.waitFor(`tr[data-file="${name}"] [data-testid=backup-restore]`)).click();
  await (await win.waitFor("[data-testid=backup-restore-confirm]")).click();
  const said = await (await win.waitFor("[data-testid=backup-restored]", 30_000)).getText();
  assert.match(said, new RegExp(`The backup ${name.replaceAll(".", "\\.")} was restored`));
  assert.ok((await win.files()).some((f) => f.endsWith("-before-restore.sqlite3")));
});

test("a workbook with a stray far cell is previewed in the window, which stays open", async () => {
  const file = path.join(repo, "tests/fixtures/cases/stray-far-cell.xlsx");
  // The native open dialog cannot be driven: the page's own command, with the path it returns.
  const preview = await browser.execute(
    (file) =>
      window.__TAURI_INTERNALS__.invoke("api", {
        cmd: "import_catalogue",
        args: { source: { name: "stray-far-cell.xlsx", path: file, contentBase64: null }, apply: false },
      }),
    file,
  );
  // The import runs in the window's own process: before, it aborted it (and the window) here.
  assert.deepEqual(
    preview.rows.map(({ row, action, commitmentId }) => ({ row, action, commitmentId })),
    [
      { row: 2, action: "Add", commitmentId: "200020" },
      { row: 3, action: "Change", commitmentId: "200001" },
    ],
  );
  const win = new ExchangeWindow(browser);
  await win.openExchange();
  await win.waitFor("[data-testid=export-run]");
});

test("a real tracker comes in through the window's own imports, into a framework the Frameworks page lists", async () => {
  const file = path.join(repo, "tests/fixtures/real/ogp-us-nap5/derived_subcommitments.csv");
  const call = (cmd, args) =>
    browser.execute((cmd, args) => window.__TAURI_INTERNALS__.invoke("api", { cmd, args }), cmd, args);
  await call("create_framework", {
    code: "OGP-US5",
    name: "OGP US NAP5",
    description: "",
    source: "",
    levels: ["Theme"],
    types: [],
    minCategories: 0,
    categories: [],
  });
  // The native open dialog cannot be driven: the page's own commands, with the path it returns.
  const source = { name: "derived_subcommitments.csv", path: file, contentBase64: null };
  const catalogue = await call("import_catalogue", {
    source,
    apply: true,
    options: {
      framework: "OGP-US5",
      organisation: "US",
      createCategories: true,
      choice: { mappingName: null, mapping: { fields: { title: [] }, values: {} } },
    },
  });
  assert.equal(catalogue.added, 70);
  assert.equal(catalogue.createdCategories.length, 5);
  const reports = await call("import_reports", { source, apply: true, options: { year: 2023 } });
  assert.deepEqual([reports.added, reports.refused], [70, 0]);

  // (Made by direct calls, not through the page, which reads the frameworks once: reload it.)
  await browser.execute(() => {
    window.__stale = true;
    window.location.reload();
  });
  await browser.waitUntil(() => browser.execute(() => !window.__stale && !!document.querySelector("header")), {
    timeout: 15_000,
    timeoutMsg: "the window did not reload",
  });
  const win = new ExchangeWindow(browser);
  await win.go("#/frameworks", "framework-table");
  const row = await win.waitFor('[data-testid=framework-table] tr[data-framework="OGP-US5"]');
  assert.match(await row.getText(), /OGP US NAP5/);
  // The exchange page draws both mapping-driven import sections in the window.
  await win.openExchange();
  await win.waitFor("[data-testid=report-import-section]");
  await win.waitFor("[data-testid=import-section]");
});
