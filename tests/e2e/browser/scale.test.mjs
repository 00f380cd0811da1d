// Browser mode at a larger scale: 450 generated commitments (`ct generate`).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CataloguePage } from "../pages/CataloguePage.mjs";
import { DashboardPage } from "../pages/DashboardPage.mjs";
import { eventually } from "../support/browser.mjs";
import { startSession } from "../support/session.mjs";
import { startServer } from "../support/server.mjs";

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("playwright-core").Page} */
let page;

before(async () => {
  ({ server, browser, page } = await startSession(
    { name: "Cora Coordinator", role: "Coordinator" },
    { generate: { commitments: 450, reports: 300 } },
  ));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a long catalogue is drawn 200 rows at a time, more on scrolling or on request", async () => {
  // What the page asks the server for: a page of rows at a time, never the whole list.
  /** @type {{cmd: string, offset?: number, limit?: number, rows?: number}[]} */
  const asked = [];
  page.on("response", async (response) => {
    const cmd = new URL(response.url()).pathname.match(/^\/api\/(list_commitments\w*)$/)?.[1];
    if (!cmd) return;
    const args = response.request().postDataJSON() ?? {};
    // (A body that cannot be read belongs to the page the session opened before this test,
    // left by navigating here.)
    const body = await response.json().catch(() => null);
    if (body === null) return;
    asked.push({ cmd, offset: args.offset, limit: args.limit, rows: body.rows?.length });
  });
  const catalogue = await new CataloguePage(page, server.url).open();
  await eventually(async () => assert.equal(await catalogue.resultCount(), "450 commitments"));
  // (The first screenfuls are drawn first, the rest of the page just after.)
  await eventually(async () => assert.equal((await catalogue.rowIds()).length, 200));
  assert.equal(await catalogue.shownText(), "Rows 200 of 450 are shown; more appear as you scroll.");

  // Scrolling to the end of the table draws the next rows.
  await catalogue.scrollToEnd();
  await eventually(async () => assert.equal((await catalogue.rowIds()).length, 400));

  // The button does the same from the keyboard; when all are drawn it goes away.
  await catalogue.showMoreButton().focus();
  await page.keyboard.press("Enter");
  await eventually(async () => assert.equal((await catalogue.rowIds()).length, 450));
  assert.equal(await page.getByTestId("show-more").count(), 0);
  const ids = await catalogue.rowIds();
  assert.equal(new Set(ids).size, 450, "no row drawn twice");
  await eventually(async () =>
    assert.deepEqual(asked, [
      { cmd: "list_commitments_page", offset: 0, limit: 200, rows: 200 },
      { cmd: "list_commitments_page", offset: 200, limit: 200, rows: 200 },
      { cmd: "list_commitments_page", offset: 400, limit: 200, rows: 50 },
    ]),
  );

  // Another filter starts again from the top.
  await catalogue.filterByType("Policy");
  await eventually(async () => {
    const count = await catalogue.resultCount();
    const n = Number(count?.split(" ")[0]);
    assert.ok(n > 0 && n < 450, count ?? "");
    assert.equal((await catalogue.rowIds()).length, Math.min(n, 200));
  });
});

test("the dashboard counts all 450 and lists the first 200 overdue", async () => {
  const dashboard = await new DashboardPage(page, server.url).open(2016);
  assert.match(await dashboard.reported(), /^\d+ of 450 \(\d+%\)$/);
  await dashboard.openCycle("2017-03-31", "overdue");
  const submitted = Number(await page.getByTestId("dash-submitted").textContent());
  assert.equal(Number(await dashboard.overdueCount()), 450 - submitted);
  await dashboard.unfoldOverdue();
  assert.equal((await dashboard.overdueIds()).length, 200);
  assert.equal(
    await page.getByTestId("dash-overdue-first").textContent(),
    "The first 200 are listed. See every commitment in the matrix",
  );
});
