// Exports, imports and backups in browser mode: the real `ct serve` on a fresh database, the
// built UI, Debian's chromium. Tests run in order and build on each other's data.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { BackupsPage } from "../pages/BackupsPage.mjs";
import { CataloguePage } from "../pages/CataloguePage.mjs";
import { ExchangePage } from "../pages/ExchangePage.mjs";
import { IdentityPrompt } from "../pages/IdentityPrompt.mjs";
import { ReportPage } from "../pages/ReportPage.mjs";
import { eventually, launchBrowser } from "../support/browser.mjs";
import { callApi, startServer } from "../support/server.mjs";

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../artifacts");

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("playwright-core").Page} */
let page;
let dir;
let year;
/** Every dialog any page opened (alert, confirm, prompt): there must be none. */
const dialogs = [];

/** Calls the server's API directly (to set up data the way another user would). */
const api = (cmd, args) => callApi(server, cmd, args);

async function commitmentUuid(publicId) {
  const all = await api("list_commitments", {
    search: null,
    type: null,
    framework: null,
    category: null,
    organisation: null,
    includeRetired: true,
  });
  return all.find((c) => c.commitmentId === publicId)?.id;
}

const input = (achievements) => ({
  status: "InProgress",
  achievements,
  challenges: "",
  nextSteps: "",
  evidence: [],
  progress: 30,
  tags: [],
});

/** Changes a report's achievements as someone else would, through the API. */
async function changeReport(publicId, reportYear, achievements) {
  const report = await api("find_report", { commitment: await commitmentUuid(publicId), year: reportYear });
  return api("update_report", { id: report.id, expectedVersion: report.version, input: input(achievements) });
}

const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

const ACHIEVEMENTS = "Exported achievements, with a comma and “quotes”.";
const HEADER =
  "Commitment ID,Organisation,Type,Framework,Categories,Year,Implementation status," +
  "Progress (%),Review state,Achievements,Challenges,Next steps,Evidence,Tags,Author,Created (UTC)," +
  "Updated (UTC),Updated by,Commitment description,Inferred links";

before(async () => {
  await mkdir(artifacts, { recursive: true });
  dir = await mkdtemp(path.join(tmpdir(), "ct-e2e-exchange-"));
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({
    locale: "en-US",
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.on("dialog", async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await page.goto(server.url.href);
  const prompt = new IdentityPrompt(page);
  await prompt.waitFor();
  await prompt.set("Ana Exporter", "Coordinator");

  year = (await api("app_info")).currentYear;
  const uuid = await commitmentUuid("200003");
  await api("create_report", { commitment: uuid, year, input: input(ACHIEVEMENTS) });
  await api("create_report", { commitment: uuid, year: year - 1, input: input("Last year's work.") });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  assert.deepEqual(dialogs, [], "no native dialog may open");
});

test("a CSV export of one year downloads that year's reports", async () => {
  const exchange = await new ExchangePage(page, server.url).open();
  // One year by default: this year.
  assert.equal(await page.locator("#export-format").inputValue(), "Csv");
  assert.equal(await page.locator("#export-from").inputValue(), String(year));
  assert.equal(await page.locator("#export-to").inputValue(), String(year));

  const download = await exchange.exportAndDownload();
  assert.equal(download.suggestedFilename(), `reports-${year}.csv`);
  const text = await readFile(await download.path(), "utf8");
  const lines = text.trimEnd().split(/\r?\n/);
  assert.equal(lines[0], HEADER);
  assert.equal(lines.length, 2, text); // last year's report is not in it
  assert.ok(lines[1].startsWith(`200003,IOM,`), lines[1]);
  assert.ok(lines[1].includes(`,${year},In progress,30,Draft,`), lines[1]);
  assert.ok(lines[1].includes(`"Exported achievements, with a comma and “quotes”."`), lines[1]);
  const outcome = await exchange.outcome();
  assert.equal(outcome.fileName, `reports-${year}.csv`);
  assert.equal(outcome.rows, "1 report");
  assert.match(outcome.size, /^\d+(\.\d)? (bytes|kB)$/);
  await shot("browser-exchange-export");

  // Two years, Excel-friendly: both reports, after a byte-order mark.
  await exchange.chooseYears(year - 1, year);
  await exchange.setBom(true);
  const both = await exchange.exportAndDownload();
  assert.equal(both.suggestedFilename(), `reports-${year - 1}-${year}.csv`);
  const bytes = await readFile(await both.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.toString("utf8").trimEnd().split(/\r?\n/).length, 3);
  assert.equal((await exchange.outcome()).rows, "2 reports");
});

test("the catalogue's current filters can narrow an export", async () => {
  const catalogue = await new CataloguePage(page, server.url).open();
  await catalogue.filterByCategory("4B", "WHS"); // 200003 and 200012
  await eventually(async () => assert.deepEqual(await catalogue.rowIds(), ["200003", "200012"]));

  const exchange = await new ExchangePage(page, server.url).open();
  assert.match(await page.getByTestId("export-filters-hint").textContent(), /The catalogue shows: .*\b4B /);
  await page.locator("#export-filters").check();
  await exchange.chooseYears(year - 1, year);
  let download = await exchange.exportAndDownload();
  assert.equal((await readFile(await download.path(), "utf8")).trimEnd().split(/\r?\n/).length, 3);

  // A filter that leaves 200003 out: only the header.
  await catalogue.open();
  await catalogue.filterByCategory("1A", "WHS");
  await eventually(async () => assert.ok(!(await catalogue.rowIds()).includes("200003")));
  await exchange.open();
  await page.locator("#export-filters").check();
  await exchange.chooseYears(year - 1, year);
  download = await exchange.exportAndDownload();
  assert.equal((await readFile(await download.path(), "utf8")).trimEnd(), HEADER);
  assert.equal((await exchange.outcome()).rows, "0 reports");

  // Unchecked, the filters do not apply.
  await page.locator("#export-filters").uncheck();
  download = await exchange.exportAndDownload();
  assert.equal((await readFile(await download.path(), "utf8")).trimEnd().split(/\r?\n/).length, 3);
  await catalogue.open();
  await catalogue.filterByCategory("", "");
});

test("while an export runs, its progress shows with a way to cancel", async () => {
  const exchange = await new ExchangePage(page, server.url).open();
  // Hold the export request back a moment (the real server answers it afterwards), so that the
  // running state can be seen: the small test database exports in milliseconds.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route("**/api/export_file", async (route) => {
    await held;
    await route.continue();
  });
  try {
    const downloaded = page.waitForEvent("download");
    await page.getByTestId("export-run").click();
    const bar = page.getByRole("progressbar", { name: "Export progress" });
    await bar.waitFor();
    assert.equal(await bar.getAttribute("aria-valuemin"), "0");
    assert.ok(await bar.getAttribute("aria-valuetext"));
    assert.equal(await page.getByTestId("export-run").isDisabled(), true);
    assert.equal(await page.getByTestId("export-cancel").textContent(), "Cancel export");
    await shot("browser-exchange-progress");
    release();
    await downloaded;
    await page.getByTestId("export-result").waitFor();
    assert.equal(await bar.count(), 0);
  } finally {
    release();
    await page.unroute("**/api/export_file");
  }
});

test("years in the wrong order are refused at the field, before anything is exported", async () => {
  const exchange = await new ExchangePage(page, server.url).open();
  await exchange.chooseYears(year, year - 1);
  await page.getByTestId("export-run").click();
  const error = page.locator("#error-export-from");
  await error.waitFor();
  assert.match(await error.textContent(), /first year must not be after the last/);
  assert.equal(await page.locator("#export-from").getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByTestId("export-result").count(), 0);
});

test("the annual report exports as a PDF for its one year", async () => {
  const exchange = await new ExchangePage(page, server.url).open();
  await exchange.chooseFormat("Pdf");
  // One year only: no "from".
  assert.equal(await page.locator("#export-from").count(), 0);
  await exchange.chooseReportYear(year);
  const download = await exchange.exportAndDownload();
  assert.equal(download.suggestedFilename(), `annual-report-${year}.pdf`);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 4).toString("latin1"), "%PDF");
  assert.match((await exchange.outcome()).size, /kB|MB/);
});

const CATALOGUE_HEADER =
  "Commitment ID,Type,Core responsibilities,Description,Transformations,Organisation,Organisation name";
const GOOD_ROW =
  '200020,Operational,3;4,"IOM commits to train 200 staff on displacement data.",3A;4B,IOM,International Organization for Migration';

test("a catalogue with a bad row is previewed, not importable, then imported once fixed", async () => {
  const exchange = await new ExchangePage(page, server.url).open();
  const bad = path.join(dir, "new-commitments.csv");
  await writeFile(
    bad,
    [
      CATALOGUE_HEADER,
      GOOD_ROW,
      '200021,Banana,3,"IOM commits to advocate for data sharing.",3A,IOM,International Organization for Migration',
      "",
    ].join("\n"),
  );
  await exchange.chooseCatalogue(bad);
  const rows = await exchange.previewRows();
  assert.deepEqual(
    rows.map(({ row, action, commitment }) => ({ row, action, commitment })),
    [
      { row: 2, action: "Add", commitment: "200020" },
      { row: 3, action: "Refused", commitment: "200021" },
    ],
  );
  assert.match(rows[1].details, /^Column “Type”: /);
  assert.equal(await exchange.summary(), "1 to add, 0 to change, 0 unchanged, 1 refused.");
  // A type the framework lacks is listed to map by hand; nothing can be imported meanwhile.
  assert.deepEqual(await exchange.valuesToMap("import", "type"), ["Banana"]);
  assert.equal(await exchange.importButton().isDisabled(), true);
  await shot("browser-exchange-import-refused");

  // A category the framework lacks: listed, and the row refused.
  await writeFile(
    bad,
    [
      CATALOGUE_HEADER,
      GOOD_ROW,
      '200021,Advocacy,9,"IOM commits to advocate for data sharing.",3A,IOM,International Organization for Migration',
      "",
    ].join("\n"),
  );
  await exchange.chooseCatalogue(bad);
  assert.deepEqual(
    (await exchange.previewRows()).map((r) => r.action),
    ["Add", "Refused"],
  );
  assert.match(await page.getByTestId("import-unknown-categories").textContent(), /9/);

  // The server would refuse the whole file: Import waits, and says what to do instead.
  assert.equal(await exchange.importButton().isDisabled(), true);
  assert.match(await page.getByTestId("import-refused-hint").textContent(), /^Fix the refused rows/);
  assert.equal(await commitmentUuid("200020"), undefined, "nothing may change");

  // Fixed and chosen again (the same file name): both rows are added.
  await writeFile(
    bad,
    [
      CATALOGUE_HEADER,
      GOOD_ROW,
      '200021,Advocacy,3,"IOM commits to advocate for data sharing.",3A,IOM,International Organization for Migration',
      "",
    ].join("\n"),
  );
  await exchange.chooseCatalogue(bad);
  assert.equal(await exchange.fileError(), null);
  assert.deepEqual(
    (await exchange.previewRows()).map((r) => r.action),
    ["Add", "Add"],
  );
  await exchange.applyImport();
  assert.equal(
    await exchange.importStatus(),
    "Imported from new-commitments.csv: 2 added, 0 changed, 0 unchanged.",
  );
  assert.ok(await commitmentUuid("200021"));

  const catalogue = await new CataloguePage(page, server.url).open();
  await eventually(async () => assert.equal((await catalogue.rowIds()).length, 21));
});

test("the import template downloads", async () => {
  await new ExchangePage(page, server.url).open();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("import-template").click(),
  ]);
  assert.equal(download.suggestedFilename(), "catalogue-template.csv");
  const text = await readFile(await download.path(), "utf8");
  assert.equal(
    text.split("\n")[0],
    "Commitment ID,Type,Title,Description,Categories,Tags,Organisation,Organisation name,Focal points",
  );
});

/** Exports the whole database as a bundle through the page; returns the file's path. */
async function exportBundle(name) {
  const exchange = await new ExchangePage(page, server.url).open();
  await exchange.chooseFormat("Json");
  assert.equal(await page.locator("#export-to").count(), 0, "a bundle has no years");
  const download = await exchange.exportAndDownload();
  assert.equal(download.suggestedFilename(), "commitment-tracker-bundle.json");
  const file = path.join(dir, name);
  await download.saveAs(file);
  return file;
}

test("a bundle exported from this copy imports as all unchanged", async () => {
  const file = await exportBundle("same.json");
  const exchange = await new ExchangePage(page, server.url).open();
  await exchange.chooseBundle(file);
  const counts = await exchange.bundleCounts();
  assert.deepEqual(counts, {
    organisationsAdded: 0,
    commitmentsAdded: 0,
    reportsAdded: 0,
    reportsUpdated: 0,
    reportsUnchanged: 2,
    conflicts: 0,
  });
  await exchange.nothingToImport().waitFor();
  assert.equal(await page.getByTestId("bundle-apply").count(), 0);
});

test("a file that is not a bundle is refused at the file chooser", async () => {
  const file = path.join(dir, "not-a-bundle.json");
  await writeFile(file, '{"hello": "world"}');
  const exchange = await new ExchangePage(page, server.url).open();
  await exchange.chooseBundle(file);
  assert.match(await exchange.fileError("bundle-file"), /not-a-bundle\.json: not a Commitment Tracker bundle/);
});

/** The achievements of the 200003 report of `year`, as its page shows them. */
async function shownAchievements() {
  const url = new URL(server.url);
  url.hash = `#/commitments/${await commitmentUuid("200003")}/reports/${year}`;
  await page.goto(url.href);
  const report = await new ReportPage(page).waitForLoad();
  return (await report.narrative("achievements").textContent()).trim();
}

let divergedBundle;
/** The suite's PostgreSQL run: a server database's copies are pg_dump's, not the app's. */
const onPostgres = Boolean(process.env.CT_E2E_PG);
const fileOnly = onPostgres && "a SQLite file's backups (on PostgreSQL the page says how the server's are made)";

test("on PostgreSQL the backups page says how the server's copies are made and taken back", { skip: !onPostgres && "the PostgreSQL run only" }, async () => {
  const backups = await new BackupsPage(page, server.url).open();
  const note = page.getByTestId("backups-on-server");
  await note.waitFor();
  const text = await note.textContent();
  assert.match(text, /pg_dump --format=custom/);
  assert.match(text, /pg_restore --clean --if-exists --single-transaction --dbname='postgresql:\/\//);
  assert.equal(await page.getByTestId("backup-create").count(), 0, "no button that cannot work");
  assert.ok(backups);
});

test("a backup made now is listed, and restoring it brings the old content back", { skip: fileOnly }, async () => {
  const backups = await new BackupsPage(page, server.url).open();
  const name = await backups.backUpNow();
  assert.match(name, /-manual\.sqlite3$/);
  assert.equal((await backups.files())[0], name);
  assert.match(await backups.row(name).textContent(), /Made by hand/);

  await changeReport("200003", year, "Changed after the backup.");
  assert.equal(await shownAchievements(), "Changed after the backup.");
  // Kept for the conflict test below: this copy's data with the change.
  divergedBundle = await exportBundle("diverged.json");

  await backups.open();
  const question = await backups.askRestore(name);
  assert.match(question, /Replace all the data in the app with this backup/);
  assert.match(question, /first kept as a backup/);
  await shot("browser-backups-confirm");
  const said = await backups.confirmRestore();
  assert.match(said, new RegExp(`The backup ${name.replaceAll(".", "\\.")} was restored`));
  assert.match(said, /-before-restore\.sqlite3\.$/);
  // The replaced data was kept as a backup of its own.
  const files = await backups.files();
  assert.ok(files.some((f) => f.endsWith("-before-restore.sqlite3")), files.join(" "));
  await shot("browser-backups");

  assert.equal(await shownAchievements(), ACHIEVEMENTS);
});

test("a report changed on both sides is shown side by side and settled by the choice made", { skip: fileOnly && "its two sides come from a restored backup" }, async () => {
  await changeReport("200003", year, "Changed here after the restore.");
  const exchange = await new ExchangePage(page, server.url).open();
  await exchange.chooseBundle(divergedBundle);
  const counts = await exchange.bundleCounts();
  assert.equal(counts.conflicts, 1);
  const conflict = exchange.conflicts().first();
  assert.match(await conflict.locator("h4").textContent(), new RegExp(`Commitment 200003 — ${year} report`));
  assert.match(await conflict.getByTestId("bundle-mine").textContent(), /Changed here after the restore\./);
  assert.match(await conflict.getByTestId("bundle-theirs").textContent(), /Changed after the backup\./);
  // Nothing is overwritten without a choice.
  assert.equal(await page.getByTestId("bundle-apply").isDisabled(), true);
  await shot("browser-exchange-bundle-conflict");

  await conflict.getByLabel("Take the bundle's version").check();
  await page.getByTestId("bundle-apply").click();
  await page.getByTestId("bundle-applied").waitFor();
  assert.match(await page.getByTestId("bundle-outcome").textContent(), /Took the bundle's version/);
  assert.equal(await shownAchievements(), "Changed after the backup.");
});

test("files as Excel saves them are previewed: a stray far cell, UTF-16 text, French semicolons", async () => {
  const exchange = await new ExchangePage(page, server.url).open();
  const cases = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/cases");
  // A1:XFD1048576 in use because of one stray cell: the server read it whole and aborted.
  await exchange.chooseCatalogue(path.join(cases, "stray-far-cell.xlsx"));
  // (200020 may exist already: an earlier test of this file imports it.)
  const rows = await exchange.previewRows();
  assert.deepEqual(
    rows.map(({ row, commitment }) => ({ row, commitment })),
    [
      { row: 2, commitment: "200020" },
      { row: 3, commitment: "200001" },
    ],
  );
  assert.notEqual(rows[0].action, "Refused");
  assert.equal(rows[1].action, "Change");
  for (const name of ["02-excel-unicode-text.csv", "03-semicolon-french-excel.csv"]) {
    await exchange.chooseCatalogue(path.join(cases, name));
    assert.equal(await exchange.fileError(), null, name);
    const rows = await exchange.previewRows();
    assert.deepEqual(
      rows.map((r) => r.commitment),
      ["200020", "200021"],
      name,
    );
    assert.ok(rows.every((r) => r.action !== "Refused"), `${name}: ${JSON.stringify(rows)}`);
  }
});
