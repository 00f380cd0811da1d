// What a new user met walking through the app (issue 13): a returned report easy to find with
// its comment and deadline, addresses by Commitment ID, a character count near the narrative
// limit, and the small things (focus in the matrix, a confirmation after returning from the
// review list, "Keep editing", the ID hint). The real server, the built UI, Debian's chromium.
// Tests run in order and build on each other's data.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { MyWorkPage } from "../pages/MyWorkPage.mjs";
import { eventually } from "../support/browser.mjs";
import { callApi } from "../support/server.mjs";
import { startSession } from "../support/session.mjs";

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../artifacts");

/** @type {Awaited<ReturnType<typeof startSession>>["server"]} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("playwright-core").Page} */
let page;
let thisYear;
const dialogs = [];

/** Calls the server's API directly (to set up data the way another user would). */
const api = (cmd, args) => callApi(server, cmd, args);

const input = (achievements) => ({
  status: "InProgress",
  achievements,
  challenges: "",
  nextSteps: "",
  evidence: [],
  progress: 30,
  tags: [],
});

/** Writes and submits a report through the API; returns it. */
async function submitted(commitmentId, year, text) {
  const c = await api("find_commitment", { organisation: "IOM", commitmentId });
  const r = await api("create_report", { commitment: c.id, year, input: input(text) });
  return api("submit_report", { id: r.id, expectedVersion: r.version, comment: null });
}

async function go(hash) {
  const url = new URL(server.url);
  url.hash = hash;
  await page.goto(url.href);
}

const RETURN_COMMENT = "Add the figures for Cox's Bazar, please.";

before(async () => {
  await mkdir(artifacts, { recursive: true });
  ({ server, browser, page } = await startSession(
    { name: "Ana Field", role: "Coordinator" },
    undefined,
    { width: 1280, height: 900 },
  ));
  page.on("dialog", async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  thisYear = (await api("app_info")).currentYear;
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(dialogs, [], "no native dialog may open");
});

test("My work opens on last year's open cycle: overdue, the returned report on top with its comment", async () => {
  const lastYear = thisYear - 1;
  await api("open_cycle", { year: lastYear, deadline: `${lastYear}-03-31` });
  const r = await submitted("200009", lastYear, "Trained enumerators.");
  await api("return_report", { id: r.id, expectedVersion: r.version, comment: RETURN_COMMENT });

  await go("#/");
  const work = await new MyWorkPage(page).openFromHeader();
  await eventually(async () => assert.equal(await page.locator("#mywork-year").inputValue(), String(lastYear)));
  const deadline = page.getByTestId("mywork-deadline");
  assert.equal(await deadline.getAttribute("data-phase"), "Overdue");
  assert.match(await deadline.textContent(), new RegExp(`Overdue.*${lastYear} reports were due by March 31, ${lastYear}`));

  const returned = work.row("returned", "200009", lastYear);
  await returned.waitFor();
  assert.match(await returned.getByTestId("return-comment").textContent(), /Add the figures for Cox's Bazar/);
  assert.match(await returned.getByTestId("return-comment").textContent(), /Ana Field/);
  assert.match(await returned.getByTestId("returned-deadline").textContent(), /Overdue.*The deadline was/);
  // The returned report is listed on top, before the year's drafts.
  const order = await page
    .locator("[data-testid=my-work] section[data-testid]")
    .evaluateAll((sections) => sections.map((s) => s.getAttribute("data-testid")));
  assert.deepEqual(order.slice(0, 2), ["mywork-returned", "mywork-to-write"]);
  // Not started rows carry the overdue mark too.
  assert.ok((await work.row("not-started", "200001", lastYear).getByTestId("overdue-mark").count()) === 1);

  // Any other year still shows it on top.
  await work.chooseYear(thisYear);
  assert.deepEqual(await work.rows("returned"), [`200009/${lastYear}`]);
  assert.equal(await page.getByTestId("mywork-deadline").getAttribute("data-phase"), "NotOpen");
  await page.screenshot({ path: path.join(artifacts, "browser-my-work-returned.png"), fullPage: true });

  // Its link is by Commitment ID; the report and its editor show the comment.
  const link = work.row("returned", "200009", lastYear).locator("a").first();
  assert.equal(await link.getAttribute("href"), `#/commitments/IOM/200009/reports/${lastYear}`);
  await link.click();
  await page.getByTestId("review-actions").getByTestId("return-comment").waitFor();
  await page.getByTestId("action-edit").click();
  const editorNote = page.getByTestId("editor-returned");
  assert.match(await editorNote.getByTestId("return-comment").textContent(), /Add the figures for Cox's Bazar/);
  // Beside the fields, on a 1280 px screen.
  const note = await editorNote.boundingBox();
  const field = await page.locator("#field-achievements").boundingBox();
  assert.ok(note && field && note.x >= field.x + field.width, JSON.stringify({ note, field }));
  await page.screenshot({ path: path.join(artifacts, "browser-editor-returned.png") });
});

test("addresses take the Commitment ID, with or without the organisation, and the app links by it", async () => {
  await go("#/commitments/200009");
  await page.getByTestId("commitment-detail").waitFor();
  assert.equal(await page.locator("h1").textContent(), "Commitment 200009");

  await go("#/commitments/IOM/200012/reports/2019");
  await page.getByTestId("report-editor").waitFor();
  assert.equal(await page.locator("h1").textContent(), "Commitment 200012 — 2019 report");
  assert.equal(
    await page.locator(".breadcrumbs a").getAttribute("href"),
    "#/commitments/IOM/200012",
  );

  await go("#/");
  const href = await page
    .getByTestId("commitment-table")
    .locator("a", { hasText: /^200009$/ })
    .getAttribute("href");
  assert.equal(href, "#/commitments/IOM/200009");

  // Any ID works in an address, "/" included (other frameworks use IDs like US0113 or 34a).
  await api("create_commitment", {
    commitmentId: "US/01.a",
    organisation: "IOM",
    framework: null,
    title: "",
    type: "Policy",
    description: "A commitment whose ID has a slash.",
    categories: [{ code: "2", inferred: false }],
  });
  await go("#/");
  await page.reload(); // (added behind the page's back: read the list again)
  const slashed = page.getByTestId("commitment-table").locator("a", { hasText: "US/01.a" });
  assert.equal(await slashed.getAttribute("href"), "#/commitments/IOM/US%2F01.a");
  await slashed.click();
  await eventually(async () => assert.equal(await page.locator("h1").textContent(), "Commitment US/01.a"));
  await page.locator("[data-testid=report-years] tr[data-year='2019'] th a").click();
  await eventually(async () =>
    assert.equal(await page.locator("h1").textContent(), "Commitment US/01.a — 2019 report"),
  );

  // An ID no organisation has: said so, not a blank page.
  await go("#/commitments/IOM/999999");
  await eventually(async () => assert.match(await page.locator(".alert").textContent(), /999999/));
});

test("a narrative shows its character count near the limit, politely announced", async () => {
  await go("#/commitments/IOM/200002/reports/2019");
  await page.getByTestId("report-editor").waitFor();
  const count = page.getByTestId("count-achievements");
  assert.equal(await count.getAttribute("aria-live"), "polite");
  await page.locator("#field-achievements").fill("x".repeat(1_000));
  assert.equal(await count.textContent(), "");
  await page.locator("#field-achievements").fill("x".repeat(45_500));
  await eventually(async () => assert.equal(await count.textContent(), "4,500 characters left of 50,000"));
  assert.match(
    (await page.locator("#field-achievements").getAttribute("aria-describedby")) ?? "",
    /count-achievements/,
  );
  await page.locator("#field-achievements").fill("x".repeat(50_002));
  await eventually(async () => assert.match(await count.textContent(), /^2 over the limit of 50,000 characters/));
  await page.locator("#language-select").selectOption("fr");
  await eventually(async () => assert.match(await count.textContent(), /de trop/));
  await page.locator("#language-select").selectOption("en");

  // Cancelling asks first; its "no" keeps editing, and says so.
  await page.getByTestId("editor-cancel").click();
  const keep = page.getByTestId("editor-cancel-keep");
  assert.equal(await keep.textContent(), "Keep editing");
  await keep.click();
  assert.equal((await page.locator("#field-achievements").inputValue()).length, 50_002);
});

test("returning a report from the review list confirms it, for screen readers too", async () => {
  await submitted("200003", 2019, "Waiting for review.");
  await go("#/my-work?year=2019");
  const work = new MyWorkPage(page);
  const row = work.row("to-review", "200003", 2019);
  await row.waitFor();
  await row.getByTestId("queue-return").click();
  await page.locator(`[data-testid=mywork-to-review] textarea`).fill("Say which camps.");
  await row.getByTestId("queue-return-confirm").click();
  const message = page.getByTestId("mywork-message");
  await eventually(async () =>
    assert.equal(await message.textContent(), "The 2019 report of 200003 was returned with your comment."),
  );
  assert.equal(await message.getAttribute("role"), "status");
  // Oldest year first.
  await eventually(async () =>
    assert.deepEqual(await work.rows("returned"), ["200003/2019", `200009/${thisYear - 1}`]),
  );
});

test("the matrix runs to next year like the tables, and a focused cell has the full focus ring", async () => {
  await go("#/matrix");
  await page.getByTestId("matrix-page").waitFor();
  const years = await page
    .locator(".matrix thead th.matrix-year")
    .evaluateAll((ths) => ths.map((th) => Number.parseInt(th.textContent ?? "", 10)));
  assert.equal(years[years.length - 1], thisYear + 1);
  const cell = page.locator(".matrix-cell a").first();
  await cell.waitFor();
  await cell.focus();
  await page.keyboard.press("ArrowRight");
  const ring = await page.evaluate(() => {
    const el = document.activeElement;
    const style = el && getComputedStyle(el);
    return style && { width: style.outlineWidth, style: style.outlineStyle, z: style.zIndex };
  });
  assert.deepEqual(ring, { width: "3px", style: "solid", z: "2" });
});

test("the Commitment ID's hint says any letters and digits are accepted; the description counts too", async () => {
  await go("#/commitments/new");
  await page.getByTestId("commitment-form").waitFor();
  assert.match(await page.locator("#hint-commitmentId").textContent(), /US0113/);
  const count = page.getByTestId("count-description");
  await page.locator("#field-description").fill(`  ${"d".repeat(18_500)}  `);
  await eventually(async () => assert.equal(await count.textContent(), "1,500 characters left of 20,000"));
});
