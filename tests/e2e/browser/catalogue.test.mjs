// Browser mode end to end: the real `ct serve` binary, the built UI, Debian's chromium.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CataloguePage } from "../pages/CataloguePage.mjs";
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
  ({ server, browser, page } = await startSession({ name: "E2E Tester", role: "FocalPoint" }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Typographic and straight apostrophes are the same name to a reader.
const plain = (text) => text.replaceAll("\u2019", "'");

test("the API refuses a call without the session token", async () => {
  const response = await fetch(new URL("/api/app_info", server.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  assert.equal(response.status, 403);
});

test("the catalogue lists, filters by a WHS transformation (a category of level 2) and searches", async () => {
  const catalogue = await new CataloguePage(page, server.url).open();
  await eventually(async () => assert.equal((await catalogue.rowIds()).length, 19));
  assert.equal(await catalogue.resultCount(), "19 commitments");

  await catalogue.filterByCategory("4B", "WHS");
  await eventually(async () => assert.deepEqual(await catalogue.rowIds(), ["200003", "200012"]));
  assert.equal(await catalogue.resultCount(), "2 commitments");
  assert.match(page.url(), /[?&]framework=WHS&category=4B\b/);

  await catalogue.filterByCategory("", "");
  await eventually(async () => assert.equal((await catalogue.rowIds()).length, 19));

  await catalogue.search("PSEA");
  await eventually(async () => {
    const ids = await catalogue.rowIds();
    assert.ok(ids.includes("200001") && ids.length < 19, ids.join(" "));
  });
});

test("a commitment shows its categories under the framework's level names", async () => {
  const catalogue = await new CataloguePage(page, server.url).open();
  const commitment = await catalogue.openCommitment("200003");
  assert.equal(await commitment.heading(), "Commitment 200003");
  assert.match(await commitment.framework(), /\(WHS\)$/);
  assert.deepEqual(await commitment.levelHeadings(), ["Core responsibility", "Transformation"]);
  assert.deepEqual(await commitment.categoryCodes(2), ["3A", "4B"]);
  const names = (await commitment.categoryNames(1)).map(plain);
  assert.equal(names.length, 2);
  assert.ok(names.some((name) => name.endsWith("Leave No One Behind")), names.join(" | "));
  assert.ok(
    names.some((name) => name.endsWith("Change People's Lives: From Delivering Aid to Ending Need")),
    names.join(" | "),
  );
});

test("a duplicate ID is reported at its field, and fixing it saves the commitment", async () => {
  const catalogue = await new CataloguePage(page, server.url).open();
  const form = await catalogue.addCommitment();
  const description = "End-to-end test commitment.\nCreated by the browser test.";
  await form.fill({
    commitmentId: "200001",
    type: "Policy",
    description,
    categories: ["1", "1A"],
  });
  await form.save();

  const error = await eventually(async () => {
    const text = await form.fieldError("commitmentId");
    assert.ok(text, "no error shown for the Commitment ID field");
    return text;
  });
  assert.match(error, /^Error: ./);
  assert.equal(await form.focusedFieldId(), "field-commitmentId");
  assert.equal(await form.value("description"), description, "the form lost input on error");

  await form.fill({ commitmentId: "300001" });
  const saved = await form.saveAndOpen();
  assert.equal(await saved.heading(), "Commitment 300001");

  await catalogue.open();
  await eventually(async () => assert.ok((await catalogue.rowIds()).includes("300001")));
});
