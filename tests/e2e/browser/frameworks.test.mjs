// Browser mode end to end: a framework of one's own (issue #14), made through the Frameworks
// page and used by a commitment, next to the seeded WHS framework.
import assert from "node:assert/strict";
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

before(async () => {
  ({ server, browser, page } = await startSession({ name: "E2E Tester", role: "Coordinator" }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
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
