// Yearly progress reports in browser mode: the real server binary on a fresh database, the
// built UI, Debian's chromium. Tests run in order and build on each other's data.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { CataloguePage } from "../pages/CataloguePage.mjs";
import { IdentityPrompt } from "../pages/IdentityPrompt.mjs";
import { MyWorkPage } from "../pages/MyWorkPage.mjs";
import { ReportPage } from "../pages/ReportPage.mjs";
import { eventually, launchBrowser } from "../support/browser.mjs";
import { startServer } from "../support/server.mjs";

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../artifacts");

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("playwright-core").Page} */
let page;
/** Every dialog any page opened (alert, confirm, prompt): there must be none. */
const dialogs = [];

/** A page in a fresh browser context (its own session storage), English, watched for dialogs. */
async function newPage() {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  p.on("dialog", async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return p;
}

/** The catalogue → the commitment → its report for `year`. */
async function openReport(p, commitmentId, year) {
  const catalogue = await new CataloguePage(p, server.url).open();
  const commitment = await catalogue.openCommitment(commitmentId);
  return commitment.openReport(year);
}

const shot = (p, name) => p.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

const ACHIEVEMENTS_2019 =
  "Trained **40 enumerators** on GBV risk indicators.\n\n- DTM round 12 published\n- Referral pathways mapped";

before(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("on first start the app asks who you are before anything else", async () => {
  await page.goto(server.url.href);
  const prompt = new IdentityPrompt(page);
  await prompt.waitFor();
  // Nothing else is reachable yet: no catalogue, no navigation.
  assert.equal(await page.getByTestId("commitment-table").count(), 0);
  assert.equal(await page.getByTestId("nav-my-work").count(), 0);
  await shot(page, "browser-first-start");

  await prompt.set("Ana Coordinator", "Coordinator");
  assert.equal(await prompt.shown(), "Ana Coordinator (Coordinator)");
  await page.getByTestId("commitment-table").waitFor();
});

test("a coordinator writes, submits and approves the 2019 report of 200009", async () => {
  const catalogue = await new CataloguePage(page, server.url).open();
  const commitment = await catalogue.openCommitment("200009");
  const years = await commitment.reportYears();
  // From next year down to 2016, every year shown, gaps included.
  assert.equal(years[years.length - 1].year, 2016);
  assert.equal(years[0].year - years[years.length - 1].year + 1, years.length);
  assert.match(years.find((y) => y.year === 2019).text, /No report/);

  const report = await commitment.openReport(2019);
  assert.equal(await report.heading(), "Commitment 200009 — 2019 report");
  await report.fill({
    status: "InProgress",
    progress: "40",
    achievements: ACHIEVEMENTS_2019,
    challenges: "Access to **two districts** was limited.",
    tags: "DTM, GBV",
    evidence: [{ title: "DTM round 12", url: "https://dtm.iom.int/reports/round-12" }],
  });
  await report.save();
  assert.equal(await report.reviewState(), "Draft");
  assert.equal(await report.status(), "In progress");
  assert.equal(
    await report.narrative("achievements").locator("strong").textContent(),
    "40 enumerators",
  );
  assert.deepEqual(await report.evidenceLinks(), [
    { href: "https://dtm.iom.int/reports/round-12", rel: "noopener noreferrer" },
  ]);

  await report.review("submit", "Submitted");
  assert.equal(await report.action("edit").count(), 0, "a submitted report offers Edit");
  await report.review("approve", "Approved");
  assert.equal(await report.action("edit").count(), 0, "an approved report offers Edit");
  assert.match(await report.lockedNotice().textContent(), /Approved — locked/);
  assert.equal(await report.action("reopen").count(), 1);
  await shot(page, "browser-report-approved");

  await report.openTab("review");
  await eventually(async () =>
    assert.equal(await page.locator("[data-testid=review-history] li").count(), 2),
  );
  await report.openTab("history");
  await page.getByTestId("revision-history").waitFor();

  // The commitment's page now shows the year as approved, and the activity records it.
  await page.locator("nav.breadcrumbs a").click();
  await eventually(async () => {
    const row = (await commitment.reportYears()).find((y) => y.year === 2019);
    assert.match(row.text, /In progress/);
    assert.match(row.text, /Approved/);
  });
  const actions = await commitment.activity();
  assert.deepEqual(actions.slice(0, 3), ["approve", "submit", "create"]);
});

test("a hostile narrative is shown as inert text", async () => {
  const hostile = [
    "<img src=x onerror=alert(1)>",
    "",
    "<script>alert(1)</script>",
    "",
    "[x](javascript:alert(1)) and [fine](https://example.org/ok)",
  ].join("\n");
  const report = await openReport(page, "200001", 2019);
  await report.fill({ status: "InProgress", achievements: hostile });
  // The preview is as inert as the saved view.
  await page.getByTestId("preview-achievements").click();
  await page.getByTestId("preview-achievements-content").waitFor();
  assert.equal(await page.locator("#preview-achievements img, #preview-achievements script").count(), 0);
  await page.getByTestId("preview-achievements").click();
  await report.save();

  const narrative = report.narrative("achievements");
  await narrative.waitFor();
  assert.equal(await narrative.locator("img, script, iframe, object").count(), 0);
  const hrefs = await narrative
    .locator("a")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  assert.deepEqual(hrefs, ["https://example.org/ok"]);
  assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0);
  // The text is still there for a reader to see, as text.
  const text = await narrative.textContent();
  assert.ok(text.includes("onerror=alert(1)"), text);
  assert.ok(text.includes("<script>alert(1)</script>"), text);
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  await shot(page, "browser-report-hostile");
});

test("two people save the same draft: the second sees the merge view and saves the merge", async () => {
  // A draft to fight over.
  const first = await openReport(page, "200009", 2021);
  await first.fill({ status: "InProgress", achievements: "Baseline text.", progress: "10" });
  await first.save();

  const other = await newPage();
  await other.goto(server.url.href);
  await other.getByTestId("commitment-table").waitFor();
  const second = await openReport(other, "200009", 2021);

  await first.edit();
  await second.edit();
  await first.fill({ achievements: "Baseline text. Their addition.", progress: "30" });
  await first.save();

  await second.fill({ achievements: "Baseline text. My addition.", challenges: "Mine only." });
  await second.saveExpectingMerge();
  const fields = await second.mergeFields();
  assert.ok(fields.includes("achievements"), fields.join());
  assert.ok(fields.includes("progress"), fields.join());
  // Nothing typed is lost: the merged text starts as mine, theirs is shown beside it.
  assert.equal(
    await other.locator("#merge-achievements-text").inputValue(),
    "Baseline text. My addition.",
  );
  assert.match(await second.mergeView().textContent(), /Their addition/);
  // Both tabs are the same person: the view says it was them, in another tab or window.
  assert.match(
    await second.mergeView().locator("h2").textContent(),
    /^You saved this report in another tab or window/,
  );
  await other.locator("#merge-achievements-text").fill("Baseline text. Their addition. My addition.");
  await second.chooseInMerge("progress", "theirs");
  await shot(other, "browser-merge-view");
  await second.saveMerged();

  assert.equal(await second.reviewState(), "Draft");
  assert.equal(
    await second.narrative("achievements").textContent(),
    "Baseline text. Their addition. My addition.",
  );
  assert.match(await other.getByTestId("report-progress").textContent(), /30%/);
  assert.equal(await second.narrative("challenges").textContent(), "Mine only.");
  await other.context().close();
});

test("“Start from last year” prefills 2020 from 2019", async () => {
  const report = await openReport(page, "200009", 2020);
  await report.editor().waitFor();
  await report.startFromLastYear();
  assert.equal(await report.value("achievements"), ACHIEVEMENTS_2019);
  assert.equal(await report.value("status"), "InProgress");
  assert.equal(await report.value("tags"), "DTM, GBV");
  assert.equal(await page.locator("#evidence-url-0").inputValue(), "https://dtm.iom.int/reports/round-12");
});

test("typed text survives a reload: the banner offers it back and restores it", async () => {
  // Continues in the 2020 editor prefilled above.
  const report = new ReportPage(page);
  const typed = `${ACHIEVEMENTS_2019}\n\nAdded after the prefill, never saved.`;
  await page.locator("#field-achievements").fill(typed);
  await eventually(async () => assert.match(await report.autosaveStatus(), /Draft kept at/), 5_000);

  // A fresh start of the app (as after a crash) lists the kept text under the header.
  await page.goto(server.url.href);
  await page.reload();
  const notice = page.getByTestId("autosave-notice");
  await notice.waitFor();
  await eventually(async () => {
    const items = await notice.getByTestId("autosave-notice-item").allTextContents();
    assert.equal(items.length, 1, items.join(" | "));
    assert.match(items[0], /Commitment 200009, 2020 report/);
  });
  await notice.locator("a").click();
  await report.waitForLoad();
  await report.recoveryBanner().waitFor();
  assert.match(await report.recoveryBanner().textContent(), /Unsaved text from .* was kept/);
  assert.equal(await report.recoveryBanner().getAttribute("role"), "status");
  await shot(page, "browser-editor-recovery");
  await report.restoreKeptText();
  assert.equal(await report.value("achievements"), typed);
  await report.save();
  assert.match(await report.narrative("achievements").textContent(), /never saved/);
  // Saving dropped the kept text: no banner when the page opens again.
  await page.reload();
  await report.waitForLoad();
  assert.equal(await report.recoveryBanner().count(), 0);
});

test("My work lists what is to write, to review and not started, and approves inline", async () => {
  // 2021's draft is to write; 2020's report goes to review.
  const report = new ReportPage(page);
  await report.review("submit", "Submitted");

  const work = await new MyWorkPage(page).openFromHeader();
  await work.chooseYear(2021);
  await eventually(async () => assert.deepEqual(await work.rows("to-write"), ["200009/2021"]));
  assert.deepEqual(await work.rows("to-review"), ["200009/2020"]);
  const notStarted = await work.rows("not-started");
  assert.equal(notStarted.length, 18);
  assert.ok(!notStarted.includes("200009/2021"));
  await shot(page, "browser-my-work");

  const row = work.row("to-review", "200009", 2020);
  await row.getByTestId("queue-approve").click();
  await eventually(async () => assert.deepEqual(await work.rows("to-review"), []));

  await work.row("not-started", "200002", 2021).locator("a").click();
  const write = await new ReportPage(page).waitForLoad();
  assert.equal(await write.heading(), "Commitment 200002 — 2021 report");
  await write.editor().waitFor();
});
