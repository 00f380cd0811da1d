// Status review in browser mode: the dashboard, a commitment's timeline, the matrix and the
// search, on the real server with a fresh database, the built UI and Debian's chromium. The
// fixture is made through the API; tests run in order and build on each other's data.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { CataloguePage } from "../pages/CataloguePage.mjs";
import { DashboardPage } from "../pages/DashboardPage.mjs";
import { IdentityPrompt } from "../pages/IdentityPrompt.mjs";
import { MatrixPage } from "../pages/MatrixPage.mjs";
import { SearchPage } from "../pages/SearchPage.mjs";
import { eventually, launchBrowser } from "../support/browser.mjs";
import { NO_FILTER } from "../support/filters.mjs";
import { callApi, startServer } from "../support/server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.resolve(here, "../artifacts");
const docs = path.resolve(here, "../../../docs");

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("playwright-core").Page} */
let page;
/** Dialogs, script errors and CSP violations seen on any page: there must be none. */
const problems = [];
/** Commitment ID → UUID. */
const ids = new Map();

/** A backend command through the browser-mode API, as the UI calls it. */
const api = (cmd, args) => callApi(server, cmd, args);

/** Creates the `year` report of a commitment and takes it through the review steps given. */
async function report(commitmentId, year, status, achievements, steps = []) {
  let r = await api("create_report", {
    commitment: ids.get(commitmentId),
    year,
    input: { status, progress: null, achievements, challenges: "", nextSteps: "", evidence: [], tags: [] },
  });
  for (const step of steps) {
    r = await api(`${step}_report`, { id: r.id, expectedVersion: r.version, comment: null });
  }
  return r;
}

const shot = (p, name, fullPage = true) =>
  p.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage });

before(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  // English, whatever the machine's locale, because the assertions read English text.
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on("dialog", async (dialog) => {
    problems.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a coordinator starts, and the 2019 reports are made through the API", async () => {
  await page.goto(server.url.href);
  const prompt = new IdentityPrompt(page);
  await prompt.waitFor();
  await prompt.set("Cora Coordinator", "Coordinator");
  await page.getByTestId("commitment-table").waitFor();

  for (const c of await api("list_commitments", NO_FILTER)) ids.set(c.commitmentId, c.id);
  assert.equal(ids.size, 19);
  await report(
    "200009",
    2019,
    "InProgress",
    "Trained **40 enumerators** on GBV risk indicators.\n\n- DTM round 12 published",
    ["submit", "approve"],
  );
  // 200003 is under two WHS core responsibilities (3 and 4) and two transformations (3A, 4B).
  await report("200003", 2019, "SubstantialProgress", "Early warning reached 12 districts.", ["submit"]);
  // Markup in a narrative must come back from the search as text.
  await report("200001", 2019, "NotStarted", "<img src=x onerror=alert(1)> PSEA enumerators not hired yet.");
  await report("200009", 2017, "NotStarted", "Planning.", ["submit", "approve"]);
});

test("the dashboard counts the year's reports, in total and per group, with charts and tables", async () => {
  const dashboard = await new DashboardPage(page, server.url).openFromHeader();
  // Without a year in the URL: this year, where nothing is reported.
  assert.match(page.url(), /#\/dashboard$/);
  assert.match(await dashboard.reported(), /^0 of 19 \(0%\)$/);

  await dashboard.chooseYear(2019);
  assert.match(page.url(), /#\/dashboard\?year=2019$/);
  assert.equal(await dashboard.reported(), "3 of 19 (16%)");

  const status = await dashboard.table("dash-status-table");
  assert.deepEqual(
    Object.fromEntries(Object.entries(status).map(([key, row]) => [key, row.count])),
    {
      NotStarted: 1,
      InProgress: 1,
      SubstantialProgress: 1,
      Completed: 0,
      Discontinued: 0,
      NoUpdate: 0,
      none: 16,
      total: 19,
    },
  );
  assert.equal(status.InProgress.share, 5);
  const review = await dashboard.table("dash-review-table");
  assert.deepEqual(
    Object.fromEntries(Object.entries(review).map(([key, row]) => [key, row.count])),
    { Draft: 1, Submitted: 1, Returned: 0, Approved: 1, none: 16, total: 19 },
  );

  // 200003 counts in CR3 and in CR4 (and once in the totals).
  const cr = await dashboard.table("dash-WHS-1-table");
  assert.equal(cr["3"].commitments, 7);
  assert.equal(cr["3"].withReport, 2);
  // "Reported": submitted or approved, the one meaning it has everywhere.
  assert.equal(cr["3"].reported, 2);
  assert.equal(cr["3"]["status-InProgress"], 1);
  assert.equal(cr["3"]["status-SubstantialProgress"], 1);
  assert.equal(cr["3"].none, 5);
  assert.equal(cr["4"].commitments, 7);
  assert.equal(cr["4"].withReport, 1);
  assert.equal(cr["2"].commitments, 5);
  assert.equal(cr["2"].withReport, 1);
  assert.equal(cr["1"].commitments, 1);
  assert.equal(cr["5"].commitments, 0);
  // No cycle yet: neither due nor overdue columns.
  assert.equal(cr["3"].due, undefined);
  assert.equal(cr["3"].overdue, undefined);

  const tr = await dashboard.table("dash-WHS-2-table");
  assert.deepEqual([tr["3A"].commitments, tr["3A"].withReport], [4, 1]);
  assert.deepEqual([tr["4B"].commitments, tr["4B"].withReport], [2, 1]);
  assert.equal(tr["3D"].withReport, 1);
  assert.equal(tr["1A"], undefined, "transformations without commitments are left out");

  // Broken down by review state instead: the URL keeps it.
  await page.getByTestId("break-by-review").check();
  await eventually(async () => {
    const byReview = await dashboard.table("dash-WHS-1-table");
    assert.equal(byReview["3"]["review-Approved"], 1);
    assert.equal(byReview["3"]["review-Submitted"], 1);
    assert.equal(byReview["4"]["review-Submitted"], 1);
  });
  assert.match(page.url(), /year=2019&by=review$/);

  assert.match(await dashboard.countsOnceNote(), /counts once in each of them, and once in the totals/);
  await eventually(async () =>
    assert.deepEqual((await dashboard.charts()).sort(), [
      "dash-WHS-1-chart",
      "dash-review-chart",
      "dash-status-chart",
    ]),
  );

  // The cycle is not open: say so, and offer coordinators to open it.
  assert.equal(await dashboard.cyclePhase(), "notOpen");
  assert.match(await page.getByTestId("cycle-state").textContent(), /2019 reporting cycle is not open/);
  assert.equal(await page.locator("#cycle-deadline").getAttribute("type"), "date");
});

test("a cycle with a past deadline makes the unsubmitted commitments overdue", async () => {
  const dashboard = await new DashboardPage(page, server.url).open(2019);
  // An empty deadline is refused on its field.
  await page.getByTestId("cycle-submit").click();
  await page.locator("#error-cycle-deadline").waitFor();
  assert.equal(await page.locator("#cycle-deadline").getAttribute("aria-invalid"), "true");

  await dashboard.openCycle("2020-03-31", "overdue");
  assert.equal(await dashboard.overdueCount(), "17");
  const overdue = await dashboard.overdueIds();
  assert.equal(overdue.length, 17);
  assert.ok(overdue.includes("200001"), "a draft is still overdue");
  assert.ok(!overdue.includes("200009") && !overdue.includes("200003"));
  assert.match(await page.getByTestId("cycle-state").textContent(), /deadline was March 31, 2020/);
  assert.equal(await page.getByTestId("dash-submitted").textContent(), "2");

  const cr = await dashboard.table("dash-WHS-1-table");
  assert.equal(cr["3"].overdue, 5);
  assert.equal(cr["4"].overdue, 6);

  // Reopened from its URL, the view is the same.
  await page.reload();
  await dashboard.waitForYear(2019);
  assert.equal(await dashboard.cyclePhase(), "overdue");
  // The overdue links open the report of that year.
  await dashboard.unfoldOverdue();
  await page.locator('[data-testid=dash-overdue] li[data-commitment-id="200001"] a').click();
  await page.getByTestId("report-page").waitFor();
  assert.match(await page.locator("h1").textContent(), /Commitment 200001 — 2019 report/);

  // In French: the same numbers, in French.
  await dashboard.open(2019);
  await page.locator("#language-select").selectOption("fr");
  await eventually(async () => assert.match(await dashboard.reported(), /^3 sur 19 \(16\s%\)$/));
  await eventually(async () =>
    assert.match(await page.getByTestId("dash-count-note").textContent(), /compte une fois dans chacune/),
  );
  await page.locator("#language-select").selectOption("en");
  await eventually(async () => assert.equal(await dashboard.reported(), "3 of 19 (16%)"));

  // Wait for the charts' animation, then keep a picture for the README.
  await eventually(async () => assert.equal((await dashboard.charts()).length, 3));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(800);
  // The README's picture is refreshed on request only, so a test run leaves the tree clean.
  if (process.env.UPDATE_SCREENSHOTS) {
    await page.screenshot({ path: path.join(docs, "screenshot-dashboard.png") });
  }
  await shot(page, "browser-dashboard");
});

test("a commitment's timeline shows its status year by year, gaps included", async () => {
  const catalogue = await new CataloguePage(page, server.url).open();
  await catalogue.openCommitment("200009");
  const timeline = page.getByTestId("timeline");
  await timeline.waitFor();
  const items = await timeline.locator("li[data-year]").evaluateAll((lis) =>
    lis.map((li) => ({
      year: Number(li.getAttribute("data-year")),
      status: li.getAttribute("data-status"),
      review: li.getAttribute("data-review"),
      text: li.textContent,
    })),
  );
  assert.equal(items[0].year, 2016);
  assert.equal(items[items.length - 1].year - 2016 + 1, items.length, "every year, none skipped");
  const byYear = new Map(items.map((item) => [item.year, item]));
  assert.deepEqual(
    [byYear.get(2017).status, byYear.get(2017).review],
    ["NotStarted", "Approved"],
  );
  assert.deepEqual([byYear.get(2019).status, byYear.get(2019).review], ["InProgress", "Approved"]);
  assert.equal(byYear.get(2018).status, "none");
  assert.match(byYear.get(2018).text, /No report/);
  await page.getByTestId("timeline-chart").waitFor();
  await page.waitForTimeout(600); // the chart's animation
  await shot(page, "browser-timeline");
});

test("the matrix shows each year's status and review state, filters through the URL and opens reports", async () => {
  const matrix = await new MatrixPage(page, server.url).openFromHeader();
  assert.equal(await matrix.total(), "19 commitments");
  assert.deepEqual(await matrix.cellState("200009", 2019), {
    status: "InProgress",
    review: "Approved",
    label: "200009, 2019: In progress, Approved",
    mark: "A",
  });
  assert.deepEqual(await matrix.cellState("200003", 2019), {
    status: "SubstantialProgress",
    review: "Submitted",
    label: "200003, 2019: Substantial progress, Submitted",
    mark: "S",
  });
  assert.equal((await matrix.cellState("200001", 2019)).status, "NotStarted");
  assert.equal((await matrix.cellState("200001", 2019)).review, "Draft");
  assert.deepEqual(await matrix.cellState("200002", 2019), {
    status: "none",
    review: null,
    label: "200002, 2019: no report. Write it",
    mark: "+",
  });
  assert.match(await matrix.legend(), /Substantial progress/);
  await shot(page, "browser-matrix");

  // Filters: a WHS core responsibility (category 3), then status; the URL keeps them.
  await matrix.filter("category", "3");
  await eventually(async () => assert.equal(await matrix.total(), "7 commitments"));
  assert.match(page.url(), /#\/matrix\?framework=WHS&category=3$/);
  assert.ok(!(await matrix.drawnIds()).includes("200001"));
  await matrix.filter("status", "InProgress");
  await eventually(async () => assert.deepEqual(await matrix.drawnIds(), ["200009"]));
  assert.match(page.url(), /category=3&status=InProgress$/);
  await page.reload();
  await matrix.waitForRows();
  assert.deepEqual(await matrix.drawnIds(), ["200009"]);
  assert.equal(await page.locator("#matrix-status").inputValue(), "InProgress");
  await page.getByTestId("matrix-clear").click();
  await eventually(async () => assert.equal(await matrix.total(), "19 commitments"));

  // Arrow keys move between cells.
  await matrix.cell("200009", 2019).locator("a").focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(
    await page.evaluate(() => document.activeElement?.closest("td")?.getAttribute("data-year")),
    "2020",
  );
  await page.keyboard.press("ArrowUp");
  assert.equal(
    await page.evaluate(() => document.activeElement?.closest("tr")?.getAttribute("data-commitment-id")),
    "200008",
  );

  // A cell opens its report; an empty one the editor of a new report.
  const report = await matrix.openCell("200009", 2019);
  assert.equal(await report.heading(), "Commitment 200009 — 2019 report");
  assert.equal(await report.reviewState(), "Approved");
  await page.goBack();
  await matrix.waitForRows();
  await matrix.cell("200002", 2019).locator("a").click();
  await page.getByTestId("report-editor").waitFor();
  assert.match(await page.locator("h1").textContent(), /Commitment 200002 — 2019 report/);
});

test("the matrix fetches pages as it scrolls and draws only the rows in view", async () => {
  // 431 more commitments: three pages of 200.
  for (let i = 0; i < 431; i++) {
    await api("create_commitment", {
      organisation: null,
      commitmentId: String(400000 + i),
      framework: null,
      title: "",
      type: "Operational",
      description: `Bulk commitment ${i}.`,
      categories: [{ code: "5", inferred: false }],
    });
  }
  const matrix = await new MatrixPage(page, server.url).open();
  assert.equal(await matrix.total(), "450 commitments");
  assert.equal(await matrix.grid.getAttribute("aria-rowcount"), "451");
  const drawn = await matrix.drawnIds();
  assert.ok(drawn.length < 80, `only the rows in view are drawn, not ${drawn.length}`);

  await matrix.scrollToEnd();
  await eventually(async () => assert.equal((await matrix.drawnIds()).at(-1), "400430"));
  const last = matrix.grid.locator('tr[data-commitment-id="400430"]');
  assert.equal(await last.getAttribute("aria-rowindex"), "451");
  assert.ok((await matrix.drawnIds()).length < 80);
});

test("the search finds words in narratives, highlights them as text, and combines with filters", async () => {
  const search = await new SearchPage(page, server.url).openFromHeader();
  assert.match(await search.count(), /Type one or more words/);
  await search.search("enumerators");
  assert.match(page.url(), /#\/search\?q=enumerators$/);
  const hits = await search.hits();
  assert.equal(hits.length, 2, JSON.stringify(hits));
  const approved = hits.find((hit) => hit.commitmentId === "200009");
  assert.equal(approved.kind, "report");
  assert.equal(approved.year, "2019");
  assert.deepEqual(approved.marked, ["enumerators"]);
  assert.match(approved.snippet, /Trained 40 enumerators on GBV/);
  assert.equal(approved.href, "#/commitments/IOM/200009/reports/2019");
  // The markup typed in a narrative is shown as text, never as an element.
  const hostile = hits.find((hit) => hit.commitmentId === "200001");
  // (The snippet starts at a word, so the "<" before "img" is cut.)
  assert.match(hostile.snippet, /img src=x onerror=alert\(1\)> PSEA enumerators/);
  assert.deepEqual([...new Set(hostile.elements)].sort(), ["MARK", "SPAN"]);
  assert.equal(await page.locator("[data-testid=search-results] img").count(), 0);
  await shot(page, "browser-search");

  // Combined with filters, kept in the URL.
  await search.filter("category", "3");
  await eventually(async () => assert.deepEqual((await search.hits()).map((h) => h.commitmentId), ["200009"]));
  await search.filter("year", "2018");
  await eventually(async () => assert.equal(await search.count(), "No results"));
  assert.match(page.url(), /q=enumerators&framework=WHS&category=3&year=2018$/);
  await search.filter("year", "2019");
  await eventually(async () => assert.equal((await search.hits()).length, 1));
  await page.reload();
  await eventually(async () => assert.equal((await search.hits()).length, 1));
  assert.equal(await page.locator("#search-text").inputValue(), "enumerators");

  // A hit opens the report it was found in.
  await page.getByTestId("search-hit").first().locator("a").first().click();
  await page.getByTestId("report-page").waitFor();
  assert.match(await page.locator("h1").textContent(), /Commitment 200009 — 2019 report/);
});

test("nothing opened a dialog, threw, or broke the content security policy", () => {
  assert.deepEqual(problems, []);
});
