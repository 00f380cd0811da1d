// Browser mode end to end: a framework of one's own (issue #14), made through the Frameworks
// page and used by a commitment, next to the seeded WHS framework.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { CataloguePage } from "../pages/CataloguePage.mjs";
import { FrameworksPage } from "../pages/FrameworksPage.mjs";
import { eventually } from "../support/browser.mjs";
import { startSession } from "../support/session.mjs";

/** @type {Awaited<ReturnType<typeof import("../support/server.mjs").startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("playwright-core").Page} */
let page;
/** Where the framework files chosen in the page are written. */
let dir;

before(async () => {
  ({ server, browser, page } = await startSession({ name: "E2E Tester", role: "Coordinator" }));
  dir = await mkdtemp(path.join(tmpdir(), "ct-e2e-frameworks-"));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("the Frameworks page lists the seeded WHS framework", async () => {
  const frameworks = await new FrameworksPage(page).openFromHeader();
  assert.deepEqual(await frameworks.codes(), ["WHS"]);
  const whs = page.locator('[data-testid=framework-table] tr[data-framework="WHS"]');
  assert.equal(await whs.locator("[data-col=levels]").textContent(), "Core responsibility › Transformation");
  assert.equal(await whs.locator("[data-col=categories]").textContent(), "29"); // 5 + 24
});

test("in the commitment form a transformation can be ticked only under its core responsibility", async () => {
  const form = await new FrameworksPage(page).addCommitment();
  const child = page.locator("#category-3A");
  assert.equal(await child.isDisabled(), true);
  await page.locator("#category-3").check();
  assert.equal(await child.isDisabled(), false);
  await child.check();
  // Unticking the parent unticks what is below it, so the form never sends an orphan.
  await page.locator("#category-3").uncheck();
  assert.equal(await child.isChecked(), false);
  assert.equal(await child.isDisabled(), true);
  assert.equal(await form.has("framework"), false, "with one framework there is nothing to choose");
});

test("a framework made on the Frameworks page takes a commitment the catalogue then filters by", async () => {
  const frameworks = await new FrameworksPage(page).openFromHeader();
  await frameworks.add();
  // An empty code is refused on its field, before anything is sent.
  await frameworks.fill({ name: "Open Government" });
  await page.getByTestId("framework-form").getByRole("button", { name: "Save" }).click();
  await page.locator("#error-fw-code").waitFor();
  assert.equal(await page.locator("#fw-code").getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "fw-code");

  await frameworks.fill({
    code: "OT",
    name: "Open Government",
    description: "Themes of an open government action plan.",
    levels: ["Theme"],
    types: [],
    minCategories: 0,
    categories: [
      { code: "T1", name: "Transparency", referenceText: "- Publish budgets" },
      { code: "T2", name: "Participation" },
    ],
  });
  await frameworks.save();
  const shown = await frameworks.shown();
  assert.equal(shown.heading, "Open Government (OT)");
  assert.equal(shown.levels, "Theme");
  assert.equal(shown.types, "None: its commitments have no type.");
  assert.deepEqual(shown.categories, ["T1", "T2"]);

  await frameworks.openFromHeader();
  await eventually(async () => assert.deepEqual((await frameworks.codes()).sort(), ["OT", "WHS"]));

  // The commitment form offers the new framework; it has no types, so no type is asked for.
  const form = await frameworks.addCommitment();
  await form.fill({ framework: "OT" });
  assert.equal(await form.has("type"), false);
  await form.fill({
    commitmentId: "OT-001",
    title: "Open budgets",
    description: "Publish the budget every quarter.",
    categories: ["T2"],
  });
  const commitment = await form.saveAndOpen();
  assert.equal(await commitment.heading(), "Commitment OT-001");
  assert.equal(await commitment.framework(), "Open Government (OT)");
  assert.deepEqual(await commitment.levelHeadings(), ["Theme"]);
  assert.deepEqual(await commitment.categoryCodes(1), ["T2"]);

  // The catalogue, narrowed to the framework, shows it and nothing of WHS.
  const catalogue = await new CataloguePage(page, server.url).open();
  await catalogue.filterByFramework("OT");
  await eventually(async () => assert.deepEqual(await catalogue.rowIds(), ["OT-001"]));
  assert.match(page.url(), /[?&]framework=OT\b/);
  await catalogue.filterByCategory("T2");
  await eventually(async () => assert.deepEqual(await catalogue.rowIds(), ["OT-001"]));
  await catalogue.filterByCategory("T1");
  await eventually(async () => assert.deepEqual(await catalogue.rowIds(), []));
});

test("an edit saves through the framework's version; a code used twice is refused on its row", async () => {
  const frameworks = await new FrameworksPage(page).openFromHeader();
  await page.locator('[data-testid=framework-table] tr[data-framework="OT"] a').click();
  await page.getByTestId("edit-framework").click();
  await page.getByTestId("framework-form").waitFor();
  assert.equal(await page.locator("#fw-category-1-code").inputValue(), "T2");

  // The backend names the row ("categories[2].code"): the error is shown on it.
  await frameworks.fill({ categories: [{ code: "T1", name: "Transparency again" }] });
  await page.getByTestId("framework-form").getByRole("button", { name: "Save" }).click();
  await page.locator("#error-fw-category-2").waitFor();
  assert.match(await page.locator("#error-fw-category-2").textContent(), /appears twice/);
  assert.equal(await page.locator("#fw-category-2-code").getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "fw-category-2-code");

  await page.locator("#fw-category-2-code").fill("T3");
  await frameworks.save();
  assert.deepEqual((await frameworks.shown()).categories, ["T1", "T2", "T3"]);
});

const GB_HEADER = "Framework code,Framework name,Level,Code,Name,Parent,Reference text";

test("a framework is imported from a CSV file: a refused file names its row and column, a good one is previewed, then imported", async () => {
  const frameworks = await new FrameworksPage(page).openFromHeader();

  // The CSV template comes as a download whose header line has the columns the import reads.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("framework-template-csv").click(),
  ]);
  assert.equal(download.suggestedFilename(), "framework-template.csv");
  const template = await readFile(await download.path(), "utf8");
  assert.equal(template.split("\n")[0], GB_HEADER);
  assert.equal(
    await page.getByTestId("framework-template-status").textContent(),
    "framework-template.csv was downloaded.",
  );

  // A row without its level is refused next to the file chooser, nothing previewed.
  const broken = path.join(dir, "gb-broken.csv");
  await writeFile(broken, `${GB_HEADER}\nGB,Grand Bargain,Workstream,1,Greater transparency,,\nGB,Grand Bargain,,2,Localisation,,\n`);
  await frameworks.chooseImportFile(broken);
  const refusal = await frameworks.importError();
  assert.match(refusal ?? "", /gb-broken\.csv: row 3, column Level/);
  assert.equal(await page.locator("#framework-file").getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "framework-file");
  assert.equal(await frameworks.importSummary(), null);

  const file = path.join(dir, "grand-bargain.csv");
  await writeFile(
    file,
    [
      GB_HEADER,
      "GB,Grand Bargain,Workstream,1,Greater transparency,,",
      "GB,Grand Bargain,Workstream,2,Localisation,,",
      'GB,Grand Bargain,Indicator,2.1,Multi-year funding,2,"- 25% to local responders"',
      "",
    ].join("\n"),
  );
  await frameworks.chooseImportFile(file);
  assert.equal(await frameworks.importError(), null);
  assert.equal(
    await frameworks.importSummary(),
    "Would add the framework Grand Bargain (GB) with 3 categories.",
  );
  // A preview changes nothing.
  assert.equal((await frameworks.codes()).includes("GB"), false);

  assert.match(
    await frameworks.applyImport(),
    /The framework Grand Bargain \(GB\) was added with 3 categories\./,
  );
  await eventually(async () => assert.ok((await frameworks.codes()).includes("GB")));
  assert.deepEqual(await frameworks.row("GB"), { categories: "3", levels: "Workstream › Indicator" });

  await page.getByTestId("framework-import-open").click();
  await page.getByTestId("framework-detail").waitFor();
  const shown = await frameworks.shown();
  assert.equal(shown.heading, "Grand Bargain (GB)");
  assert.deepEqual(shown.categories, ["1", "2", "2.1"]);

  // The same file again would update it, not add a second one.
  await frameworks.openFromHeader();
  await frameworks.chooseImportFile(file);
  assert.equal(
    await frameworks.importSummary(),
    "Would update the framework Grand Bargain (GB); it would then have 3 categories.",
  );
});

test("a commitment saved with two tags shows them on its page, and its form gives them back", async () => {
  const frameworks = new FrameworksPage(page);
  const form = await frameworks.addCommitment();
  await form.fill({ framework: "OT" });
  // A tag longer than the backend keeps is refused on the Tags field.
  await form.fill({
    commitmentId: "OT-002",
    description: "Open contracting data.",
    tags: `data, ${"x".repeat(41)}`,
  });
  await form.save();
  const refusal = await eventually(async () => {
    const text = await form.fieldError("tags");
    assert.ok(text, "no error shown for the Tags field");
    return text;
  });
  assert.match(refusal, /^Error: .*tag/);
  assert.equal(await form.focusedFieldId(), "field-tags");

  await form.fill({ tags: " data,  GBV ," });
  const commitment = await form.saveAndOpen();
  assert.equal(await commitment.heading(), "Commitment OT-002");
  assert.deepEqual(await commitment.tags(), ["data", "GBV"]);

  await page.getByRole("link", { name: "Edit" }).click();
  await form.waitForLoad();
  assert.equal(await form.value("tags"), "data, GBV");

  // The catalogue row shows them too (small, under the summary).
  const catalogue = await new CataloguePage(page, server.url).open();
  await catalogue.filterByFramework("OT");
  await eventually(async () => assert.deepEqual(await catalogue.rowTags("OT-002"), ["data", "GBV"]));
  assert.deepEqual(await catalogue.rowTags("OT-001"), []);
});
