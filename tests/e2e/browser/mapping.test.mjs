// The column mapping in browser mode: report history in an organisation's own (French) columns,
// mapped on screen, one status value mapped by hand, the mapping saved and used again.
// The real `ct serve` on a fresh database, the built UI, Debian's chromium. Tests run in order.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ExchangePage } from "../pages/ExchangePage.mjs";
import { callApi } from "../support/server.mjs";
import { startSession } from "../support/session.mjs";

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../artifacts");

/** @type {Awaited<ReturnType<typeof startSession>>} */
let session;
let dir;
const SECTION = "report-import";
const HEADER = "N°;Engagement;Statut;Progrès réalisés;Année";

const api = (cmd, args) => callApi(session.server, cmd, args);

/** A commitment's report of one year, through the API (undefined when there is none). */
async function report(publicId, year) {
  const all = await api("list_commitments", {
    search: null,
    type: null,
    framework: null,
    category: null,
    organisation: null,
    includeRetired: true,
  });
  const commitment = all.find((c) => c.commitmentId === publicId)?.id;
  return api("find_report", { commitment, year });
}

before(async () => {
  session = await startSession({ name: "Marie Importer", role: "Coordinator" });
  dir = await mkdtemp(path.join(tmpdir(), "ct-e2e-mapping-"));
});

after(async () => {
  await session?.browser.close();
  await session?.server.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("report history in French columns: proposed, a status mapped by hand, saved, imported", async () => {
  const { page } = session;
  const file = path.join(dir, "rapport-2024.csv");
  await writeFile(
    file,
    [
      HEADER,
      "200009;Former le personnel;En cours;Formation de 40 agents.;2024",
      "200012;Partager les données;retardé;Retard dû aux inondations.;2024",
      "200013;Plaidoyer;Terminé;Tout est fait.;2024",
      "",
    ].join("\n"),
  );
  const exchange = await new ExchangePage(page, session.server.url).open();
  await exchange.chooseFile(SECTION, file);
  assert.equal(await exchange.fileError(`${SECTION}-file`), null);

  // The columns as proposed: id, status, achievements and year; the commitment text is not imported.
  const columns = await exchange.mappedColumns(SECTION);
  assert.equal(columns["N°"], "id");
  assert.equal(columns["Statut"], "status");
  assert.equal(columns["Progrès réalisés"], "achievements");
  assert.equal(columns["Année"], "year");
  assert.equal(await exchange.missingFields(SECTION).count(), 0);
  assert.deepEqual(
    (await exchange.mappedRows(SECTION)).map((r) => [r.row, r.id, r.status, r.year]),
    [
      [2, "200009", "In progress", "2024"],
      [3, "200012", "retardé", "2024"],
      [4, "200013", "Completed", "2024"],
    ],
  );

  // "retardé" means nothing certain: listed, never guessed, and the import waits for it.
  assert.deepEqual(await exchange.valuesToMap(SECTION, "status"), ["retardé"]);

  // On a phone the mapping screen does not push the page sideways (its tables scroll inside).
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 800 });
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  await page.screenshot({ path: path.join(artifacts, "browser-mapping-reports-phone.png"), fullPage: true });
  assert.ok(scrollWidth <= clientWidth, `scrolls sideways (${scrollWidth} > ${clientWidth})`);
  await page.setViewportSize(viewport);
  await exchange.check(SECTION);
  assert.equal(await exchange.importButton(SECTION).isDisabled(), true);

  await exchange.mapValue(SECTION, "status", "retardé", "InProgress");
  assert.equal(await page.getByTestId(`${SECTION}-values-left`).count(), 0);
  assert.equal((await exchange.mappedRows(SECTION))[1].status, "In progress");
  await exchange.check(SECTION);
  assert.deepEqual(
    (await exchange.previewRows(SECTION)).map((r) => [r.commitment, r.action]),
    [
      ["200009", "Add"],
      ["200012", "Add"],
      ["200013", "Add"],
    ],
  );
  assert.equal(await exchange.summary(SECTION), "3 to add, 0 to change, 0 unchanged, 0 refused.");
  assert.equal(await exchange.importButton(SECTION).isDisabled(), false);

  await page.getByLabel("Save this mapping as").fill("rapport annuel");
  await exchange.applyImport(SECTION);
  assert.equal(
    await exchange.importStatus(SECTION),
    "Imported from rapport-2024.csv: 3 added, 0 changed, 0 unchanged.",
  );
  const delayed = await report("200012", 2024);
  assert.equal(delayed.status, "InProgress");
  assert.equal(delayed.achievements, "Retard dû aux inondations.");
  assert.equal((await report("200013", 2024)).status, "Completed");
  assert.deepEqual(await api("list_import_mappings", { kind: "Reports" }), ["rapport annuel"]);
});

test("another file in the same columns imports through the saved mapping alone", async () => {
  const { page } = session;
  const file = path.join(dir, "rapport-2025.csv");
  await writeFile(
    file,
    [
      HEADER,
      "200009;Former le personnel;retardé;Formation reportée.;2025",
      "200014;Coordonner;Terminé;Coordination assurée.;2025",
      "",
    ].join("\n"),
  );
  const exchange = await new ExchangePage(page, session.server.url).open();

  // A file without one of the saved mapping's columns: said at the saved mapping's choice.
  const other = path.join(dir, "autre.csv");
  await writeFile(other, ["N°;Statut;Année", "200009;Terminé;2025", ""].join("\n"));
  await exchange.chooseFile(SECTION, other);
  await exchange.chooseSavedMapping(SECTION, "rapport annuel");
  assert.match(await exchange.fileError(`${SECTION}-saved-mapping`), /Progrès réalisés/);

  await exchange.chooseFile(SECTION, file);
  assert.deepEqual(await exchange.valuesToMap(SECTION, "status"), ["retardé"]);

  await exchange.chooseSavedMapping(SECTION, "rapport annuel");
  assert.equal(await page.getByTestId(`${SECTION}-values`).count(), 0, "the saved mapping knows “retardé”");
  await exchange.check(SECTION);
  assert.deepEqual(
    (await exchange.previewRows(SECTION)).map((r) => [r.commitment, r.action]),
    [
      ["200009", "Add"],
      ["200014", "Add"],
    ],
  );
  await exchange.applyImport(SECTION);
  assert.equal(
    await exchange.importStatus(SECTION),
    "Imported from rapport-2025.csv: 2 added, 0 changed, 0 unchanged.",
  );
  assert.equal((await report("200009", 2025)).status, "InProgress");
  assert.equal((await report("200014", 2025)).achievements, "Coordination assurée.");
});

test("commitments: two columns joined into one ID, a required field left without a column", async () => {
  const { page } = session;
  const file = path.join(dir, "engagements.csv");
  await writeFile(
    file,
    [
      "Numéro;Lettre;Texte de l'engagement;Type;Responsabilités",
      "34;a;IOM commits to map displacement sites.;Operational;3",
      "35;b;IOM commits to advocate for site planning.;Advocacy;4",
      "",
    ].join("\n"),
  );
  const exchange = await new ExchangePage(page, session.server.url).open();
  await exchange.chooseFile("import", file);
  const columns = await exchange.mappedColumns("import");
  assert.equal(columns["Numéro"], "id");
  assert.equal(columns["Texte de l'engagement"], "description");
  assert.equal(columns["Lettre"], "");
  // No synonym names "Responsabilités": mapped by hand.
  assert.equal(columns["Responsabilités"], "");
  await exchange.mapColumn("import", "Responsabilités", "categories");
  // The framework's own types mean themselves: nothing to map.
  assert.equal(await page.getByTestId("import-values").count(), 0);

  // The letter joins the number, in the order shown: "34" + "a".
  await exchange.mapColumn("import", "Lettre", "id");
  assert.deepEqual(
    (await exchange.mappedRows("import")).map((r) => r.id),
    ["34a", "35b"],
  );
  assert.match(await page.locator("#import-column-1-joined").textContent(), /Part 2 of 2: Numéro \+ Lettre/);

  // Without a column for the commitment text, the file cannot even be checked.
  await exchange.mapColumn("import", "Texte de l'engagement", "");
  assert.match(await exchange.missingFields("import").textContent(), /Commitment text/);
  assert.equal(await page.getByTestId("import-check").isDisabled(), true);
  await exchange.mapColumn("import", "Texte de l'engagement", "description");
  assert.equal(await exchange.missingFields("import").count(), 0);

  await exchange.check("import");
  assert.deepEqual(
    (await exchange.previewRows("import")).map((r) => [r.commitment, r.action]),
    [
      ["34a", "Add"],
      ["35b", "Add"],
    ],
  );
  await page.screenshot({ path: path.join(artifacts, "browser-mapping-catalogue.png"), fullPage: true });
});

test("report history without a year column takes the year given, refused next to the field when out of range", async () => {
  const { page } = session;
  const file = path.join(dir, "sans-annee.csv");
  await writeFile(file, ["N°;Statut;Progrès réalisés", "200015;Terminé;Achevé.", ""].join("\n"));
  const exchange = await new ExchangePage(page, session.server.url).open();
  await exchange.chooseFile(SECTION, file);
  const year = page.getByLabel("Report year");
  await year.fill("1800");
  await exchange.check(SECTION);
  assert.match(await exchange.fileError(`${SECTION}-year`), /reporting year must be between/);
  assert.equal(await year.getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), `${SECTION}-year`);

  await year.fill("2023");
  await exchange.check(SECTION);
  assert.equal(await exchange.fileError(`${SECTION}-year`), null);
  assert.deepEqual(
    (await exchange.previewRows(SECTION)).map((r) => [r.commitment, r.action]),
    [["200015", "Add"]],
  );
  const shownYear = page.locator(`[data-testid=${SECTION}-preview] [data-testid=import-row-year]`);
  assert.equal(await shownYear.textContent(), "2023");
});

test("the header row is found below a title row and can be changed by hand", async () => {
  const { page } = session;
  const file = path.join(dir, "avec-titre.csv");
  await writeFile(
    file,
    ["Rapport annuel de l'OIM;;", "N°;Statut;Année", "200016;Terminé;2024", "200017;En cours;2024", ""].join("\n"),
  );
  const exchange = await new ExchangePage(page, session.server.url).open();
  await exchange.chooseFile(SECTION, file);
  const headerRow = page.getByLabel("Row of the column names");
  assert.equal(await headerRow.inputValue(), "2");
  assert.deepEqual(Object.keys(await exchange.mappedColumns(SECTION)), ["N°", "Statut", "Année"]);

  // Another row, typed and confirmed with Enter: the file is read again from there.
  await headerRow.fill("3");
  await exchange.afterReading(SECTION, () => headerRow.press("Enter"));
  assert.equal(await headerRow.inputValue(), "3");
  assert.ok(Object.keys(await exchange.mappedColumns(SECTION)).includes("200016"));
  assert.ok((await exchange.missingFields(SECTION).textContent()).length > 0);

  await headerRow.fill("2");
  await exchange.afterReading(SECTION, () => headerRow.press("Enter"));
  assert.equal(await exchange.missingFields(SECTION).count(), 0);
  assert.deepEqual(
    (await exchange.mappedRows(SECTION)).map((r) => [r.id, r.status]),
    [
      ["200016", "Completed"],
      ["200017", "In progress"],
    ],
  );
});
