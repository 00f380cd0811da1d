// Working together on a team server: the real `ct serve --team` (on PostgreSQL when CT_E2E_PG
// is set, else SQLite), three accounts made with the real `ct users add`, each signed in in
// its own browser context: a coordinator, a focal point and a viewer. The whole review cycle,
// what each is not offered and why, and changes seen live by the others. Tests run in order
// and build on each other.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { MyWorkPage } from "../pages/MyWorkPage.mjs";
import { ReportPage } from "../pages/ReportPage.mjs";
import { launchBrowser } from "../support/browser.mjs";
import { signInThroughPage, startTeamServer } from "../support/teamServer.mjs";

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../artifacts");
const YEAR = new Date().getUTCFullYear();
const MINE = "200009";
const OTHER = "200001";
const LIVE_MS = 10_000;

const ACCOUNTS = {
  cora: { email: "cora@example.org", name: "Cora Coordinator", role: "coordinator" },
  fiona: { email: "fiona@example.org", name: "Fiona Focal", role: "focal-point" },
  vic: { email: "vic@example.org", name: "Vic Viewer", role: "viewer" },
};

/** @type {Awaited<ReturnType<typeof startTeamServer>>} */
let team;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {Record<keyof typeof ACCOUNTS, import("playwright-core").Page>} */
const pages = {};
/** Every dialog or page error: there must be none. */
const trouble = [];

/** A page in a browser context of its own, signed in through the sign-in page. */
async function signedInPage(who) {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("dialog", async (dialog) => {
    trouble.push(`${who}: ${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("pageerror", (error) => trouble.push(`${who}: ${error.message}`));
  await page.goto(team.url.href);
  await signInThroughPage(page, ACCOUNTS[who].email);
  await page.getByTestId("identity-display").waitFor();
  return page;
}

const href = (hash) => new URL(`/#${hash}`, team.url).href;
const shot = (p, name) => p.screenshot({ path: path.join(artifacts, `team-${name}.png`), fullPage: true });

async function openCommitment(p, id) {
  await p.goto(href(`/commitments/${id}`));
  await p.getByTestId("focal-points").waitFor();
}

async function openReport(p, id) {
  await p.goto(href(`/commitments/${id}/reports/${YEAR}`));
  await p.getByTestId("report-page").waitFor();
  return new ReportPage(p);
}

async function openMyWork(p) {
  await p.goto(href("/my-work"));
  const work = new MyWorkPage(p);
  await work.root.waitFor();
  await p.getByTestId("mywork-deadline").waitFor();
  return work;
}

/** Waits, without reloading, until the review state shown is `state`. */
function reviewStateBecomes(p, state) {
  return p.waitForFunction(
    (s) => document.querySelector("[data-testid=review-state]")?.textContent === s,
    state,
    { timeout: LIVE_MS },
  );
}

/** The explanations shown where actions are not offered: `action:reason` each. */
function denials(p) {
  return p
    .getByTestId("denied-explanation")
    .evaluateAll((els) => els.map((e) => `${e.dataset.action}:${e.dataset.reason ?? ""}`));
}

/** Counts full page loads, so that "live" means no reload. */
async function watchLoads(p) {
  await p.evaluate(() => {
    window.__ctPageId = Math.random();
  });
  const id = await p.evaluate(() => window.__ctPageId);
  return async () => assert.equal(await p.evaluate(() => window.__ctPageId), id, "the page was not reloaded");
}

before(async () => {
  await mkdir(artifacts, { recursive: true });
  team = await startTeamServer({ accounts: Object.values(ACCOUNTS) });
  browser = await launchBrowser();
  for (const who of Object.keys(ACCOUNTS)) pages[who] = await signedInPage(who);
});

after(async () => {
  await browser?.close();
  await team?.stop();
});

test("before any assignment, the focal point's My work says a coordinator assigns commitments", async () => {
  const p = pages.fiona;
  await openMyWork(p);
  const scope = p.getByTestId("mywork-scope");
  assert.equal(await scope.getAttribute("data-assigned"), "0");
  assert.match(await scope.textContent(), /No commitments are assigned to you yet: a coordinator assigns them/);
  assert.equal(await p.getByTestId("mywork-to-review").count(), 0, "a focal point reviews nothing");

  const v = pages.vic;
  await openMyWork(v);
  assert.match(await v.getByTestId("mywork-scope").textContent(), /As a viewer you have no reports to write/);
});

test("a coordinator assigns the focal point in the UI; the focal point's My work follows live", async () => {
  const c = pages.cora;
  const f = pages.fiona;
  const notReloaded = await watchLoads(f);
  await openCommitment(c, MINE);
  assert.match(await c.getByTestId("focal-points-empty").textContent(), /No focal point/);
  await c.locator('[data-testid=report-years][aria-busy="false"]').waitFor();
  assert.ok((await c.getByRole("link", { name: /^Write the/ }).count()) > 0, "a coordinator may write");
  // Viewers cannot write reports, so they are not offered.
  const options = await c.locator("#assign-user option").allTextContents();
  assert.ok(options.some((o) => o.includes(ACCOUNTS.fiona.email)), options.join(" | "));
  assert.ok(!options.some((o) => o.includes(ACCOUNTS.vic.email)), "a viewer is not offered");
  // Keyboard only: the labelled combobox, then the button.
  await c.getByRole("combobox", { name: "Account to assign" }).focus();
  await c.locator("#assign-user").selectOption({ label: `Fiona Focal — ${ACCOUNTS.fiona.email} (Focal point)` });
  await c.keyboard.press("Tab");
  await c.keyboard.press("Enter");
  await c.locator(`[data-testid=focal-point-list] li[data-email="${ACCOUNTS.fiona.email}"]`).waitFor();
  assert.match(await c.getByTestId("focal-points-message").textContent(), /Fiona Focal is now a focal point/);
  // A second commitment too, for the refusal at the end.
  await openCommitment(c, OTHER);
  await c.locator("#assign-user").selectOption({ label: `Fiona Focal — ${ACCOUNTS.fiona.email} (Focal point)` });
  await c.getByTestId("assign").click();
  await c.locator(`[data-testid=focal-point-list] li[data-email="${ACCOUNTS.fiona.email}"]`).waitFor();

  // Fiona's My work, open all along, now lists her commitments.
  await f.waitForFunction(
    () => document.querySelector("[data-testid=mywork-scope]")?.getAttribute("data-assigned") === "2",
    null,
    { timeout: LIVE_MS },
  );
  assert.match(await f.getByTestId("mywork-scope").textContent(), /your commitments: the 2 commitments assigned to you/);
  assert.deepEqual((await new MyWorkPage(f).rows("not-started")).sort(), [`${OTHER}/${YEAR}`, `${MINE}/${YEAR}`]);
  await notReloaded();

  // The viewer sees who the focal points are, and that a coordinator assigns them.
  const v = pages.vic;
  await openCommitment(v, MINE);
  await v.locator(`[data-testid=focal-point-list] li[data-email="${ACCOUNTS.fiona.email}"]`).waitFor();
  assert.equal(await v.locator("#assign-user").count(), 0);
  assert.equal(await v.getByTestId("unassign").count(), 0);
  assert.deepEqual(await denials(v), ["edit-commitment:viewer", "assign:viewer"]);
  await v.locator('[data-testid=report-years][aria-busy="false"]').waitFor();
  assert.equal(await v.getByRole("link", { name: /^Write the/ }).count(), 0, "no 'Write it' for a viewer");
  // Nor a New commitment button in the catalogue: instead, who adds them.
  await v.goto(href("/"));
  await v.locator("[data-testid=denied-explanation][data-action=add-commitment]").waitFor();
  assert.equal(await v.getByRole("link", { name: "Add commitment" }).count(), 0);
});

test("the focal point writes the report; the viewer, with it open, sees each change live and no edit controls", async () => {
  const f = pages.fiona;
  const v = pages.vic;
  // The viewer opens the year before anything is written: nothing to edit, and why.
  const viewerReport = await openReport(v, MINE);
  await v.getByTestId("no-report").waitFor();
  assert.deepEqual(await denials(v), ["write:viewer"]);
  assert.equal(await v.getByTestId("report-editor").count(), 0);
  const notReloaded = await watchLoads(v);

  const work = await openMyWork(f);
  await work.row("not-started", MINE, YEAR).getByRole("link").click();
  const report = new ReportPage(f);
  await report.editor().waitFor();
  await report.fill({ status: "InProgress", achievements: "DTM round 12 covers GBV risk indicators." });
  await report.save();

  // The viewer's page now shows the draft, with no edit controls and the reason.
  await v.getByTestId("report-view").waitFor({ timeout: LIVE_MS });
  assert.equal(await viewerReport.reviewState(), "Draft");
  assert.match(await viewerReport.narrative("achievements").textContent(), /DTM round 12/);
  assert.equal(await viewerReport.action("edit").count(), 0);
  assert.equal(await viewerReport.action("submit").count(), 0);
  assert.deepEqual(await denials(v), ["write:viewer"]);
  assert.match(
    await v.getByTestId("denied-explanation").textContent(),
    /As a viewer you do not write, submit or review reports/,
  );

  await report.review("submit", "Submitted");
  await reviewStateBecomes(v, "Submitted");
  assert.deepEqual(await denials(v), ["review:viewer"]);
  assert.equal(await viewerReport.action("approve").count(), 0);
  await notReloaded();
  await shot(v, "viewer-submitted");

  // The focal point is not offered approval, and is told who approves.
  assert.equal(await report.action("approve").count(), 0);
  assert.deepEqual(await denials(f), ["review:notReviewer"]);
});

test("the coordinator returns it with a comment; the focal point finds it first in My work, edits and resubmits", async () => {
  const c = pages.cora;
  const f = pages.fiona;
  const v = pages.vic;
  const work = await openMyWork(f);
  const notReloaded = await watchLoads(f);

  const review = await openReport(c, MINE);
  await review.review("return", "Returned", "Please add the number of countries covered.");
  await reviewStateBecomes(v, "Returned");

  // Fiona's My work, open all along: the returned report, with the comment, comes first.
  const returned = work.row("returned", MINE, YEAR);
  await returned.waitFor({ timeout: LIVE_MS });
  await notReloaded();
  const headings = await f.locator("[data-testid=my-work] h2").allTextContents();
  assert.match(headings[0], /^Returned to you/);
  assert.match(await returned.getByTestId("return-comment").textContent(), /number of countries covered[\s\S]*Cora Coordinator/);
  await shot(f, "focal-point-returned");

  await returned.getByRole("link").first().click();
  const report = new ReportPage(f);
  await report.waitForLoad();
  await report.edit();
  await report.fill({ achievements: "DTM round 12 covers GBV risk indicators in 14 countries." });
  await report.save();
  // A save by one user, seen live by another.
  await v.waitForFunction(
    () => document.querySelector("[data-testid=narrative-achievements]")?.textContent?.includes("14 countries"),
    null,
    { timeout: LIVE_MS },
  );
  await report.review("submit", "Submitted");
  await reviewStateBecomes(c, "Submitted");
});

test("the coordinator approves", async () => {
  const c = pages.cora;
  const review = new ReportPage(c);
  assert.deepEqual(await denials(c), []);
  await review.review("approve", "Approved");
  await reviewStateBecomes(pages.vic, "Approved");
  await reviewStateBecomes(pages.fiona, "Approved");
});

test("a colleague's save while the focal point edits: their text is kept, and they can compare", async () => {
  const c = pages.cora;
  const f = pages.fiona;
  const review = new ReportPage(c);
  await review.review("reopen", "Draft", "Reopened to correct the figures.");
  await reviewStateBecomes(f, "Draft");

  const mine = new ReportPage(f);
  await mine.edit();
  await mine.fill({ challenges: "Access to two regions was limited." });

  await review.edit();
  await review.fill({ achievements: "DTM round 12 covers GBV risk indicators in 15 countries." });
  await review.save();

  const notice = f.getByTestId("changed-under");
  await notice.waitFor({ timeout: LIVE_MS });
  assert.match(
    await notice.textContent(),
    /Cora Coordinator saved this report at .+\. Your text is kept: review their changes before saving\./,
  );
  assert.equal(await mine.value("challenges"), "Access to two regions was limited.", "the focal point's text is kept");
  await shot(f, "changed-under");
  await f.getByTestId("compare-theirs").click();
  await mine.mergeView().waitFor();
  assert.deepEqual((await mine.mergeFields()).sort(), ["achievements", "challenges"]);
  // Saving the merge keeps both: theirs for achievements, hers for challenges.
  await mine.chooseInMerge("achievements", "theirs");
  await mine.chooseInMerge("challenges", "mine");
  await mine.saveMerged();
  assert.match(await mine.narrative("achievements").textContent(), /15 countries/);
  assert.match(await mine.narrative("challenges").textContent(), /two regions/);
});

test("separation of duties: the coordinator cannot approve content they wrote, and is told why", async () => {
  const c = pages.cora;
  const review = new ReportPage(c);
  await review.edit();
  await review.fill({ nextSteps: "Round 13 in the second quarter." });
  await review.save();
  await review.review("submit", "Submitted");
  const approve = review.action("approve");
  await approve.waitFor();
  await c.waitForFunction(() => document.querySelector("[data-testid=action-approve]")?.disabled === true);
  assert.deepEqual(await denials(c), ["approve:ownContent"]);
  const why = c.locator("#denied-approve");
  assert.match(await why.textContent(), /You wrote this report's latest content, so another coordinator approves it/);
  assert.equal(await approve.getAttribute("aria-describedby"), "denied-approve");
  assert.equal(await review.action("return").isEnabled(), true, "returning stays possible");
  await shot(c, "separation-of-duties");
});

test("unassigned while writing: the editor says so; where the news did not arrive, the server's refusal is shown at Save", async () => {
  const c = pages.cora;
  const f = pages.fiona;
  // A second page of Fiona's whose change notices never arrive (a dropped stream).
  const stale = await f.context().newPage();
  await stale.route("**/events", (route) => route.abort());
  stale.on("pageerror", (error) => trouble.push(`fiona (stale): ${error.message}`));
  const live = await openReport(f, OTHER);
  await live.editor().waitFor();
  await live.fill({ status: "NotStarted", achievements: "Planning only." });
  const offline = await openReport(stale, OTHER);
  await offline.editor().waitFor();
  await offline.fill({ status: "NotStarted", achievements: "Planning, and a first survey." });

  await openCommitment(c, OTHER);
  await c.getByRole("button", { name: "Unassign Fiona Focal" }).click();
  await c.getByTestId("focal-points-empty").waitFor();

  // Live: Save is no longer offered, and why; the text stays.
  await f.waitForFunction(() => document.querySelector("[data-testid=editor-save]")?.disabled === true, null, {
    timeout: LIVE_MS,
  });
  assert.deepEqual(await denials(f), ["write:notAssigned"]);
  assert.equal(await live.value("achievements"), "Planning only.");

  // Without the notice, Save is tried, and the server's refusal is shown beside it.
  await stale.getByTestId("editor-save").click();
  const refusal = stale.locator('[role=alert][data-kind="forbidden"]');
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /You may not do this\. The server said why:/);
  assert.doesNotMatch(await refusal.textContent(), /could not be saved/);
  assert.equal(await offline.value("achievements"), "Planning, and a first survey.");
  await shot(stale, "forbidden-save");
  await stale.close();
});

test("nothing went wrong on any page", () => {
  assert.deepEqual(trouble, []);
});
