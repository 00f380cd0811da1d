// A team server in the browser: the real `ct serve --team` on a fresh database (PostgreSQL when
// CT_E2E_PG is set), accounts made with the real `ct users add`, the built UI, Debian's
// chromium, one browser context per person. Tests run in order and build on each other.
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { ExchangePage } from "../pages/ExchangePage.mjs";
import { ReportPage } from "../pages/ReportPage.mjs";
import { eventually, launchBrowser } from "../support/browser.mjs";
import { followNav } from "../support/nav.mjs";
import {
  PASSWORD,
  apiAs,
  signInThroughPage,
  signOutEverywhere,
  startTeamServer,
} from "../support/teamServer.mjs";

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../artifacts");

const ADMIN = { email: "ada@example.org", name: "Ada Admin", role: "admin" };
const COORDINATOR = { email: "cai@example.org", name: "Cai Coordinator", role: "coordinator" };
const VIEWER = { email: "vic@example.org", name: "Vic Viewer", role: "viewer" };

/** @type {Awaited<ReturnType<typeof startTeamServer>>} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** The admin's page (signed in by the first test). */
let page;
let dir;
/** Every dialog any page opened (alert, confirm, prompt): there must be none. */
const dialogs = [];

/** A page in a fresh browser context (its own cookies), English, watched for dialogs. */
async function newPage() {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  p.on("dialog", async (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return p;
}

/** A fresh page on the sign-in form, signed in as `email` once the catalogue shows. */
async function signedIn(email) {
  const p = await newPage();
  await p.goto(server.url.href);
  await p.getByTestId("sign-in-page").waitFor();
  await signInThroughPage(p, email);
  await p.getByTestId("commitment-table").waitFor();
  return p;
}

/** Opens a page of the app by its address (`#/admin`). */
async function go(p, hash) {
  const url = new URL(server.url);
  url.hash = hash;
  await p.goto(url.href);
}

const shot = (p, name) => p.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

/** The accounts as `ct users list --format json` prints them. */
async function accounts() {
  return JSON.parse(await server.ct(["users", "list", "--format", "json"]));
}

before(async () => {
  await mkdir(artifacts, { recursive: true });
  dir = await mkdtemp(path.join(tmpdir(), "ct-e2e-team-files-"));
  server = await startTeamServer({ accounts: [ADMIN, COORDINATOR, VIEWER] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("signing in: a wrong password is said at the field, the right one shows the name and role", async () => {
  page = await newPage();
  await page.goto(server.url.href);
  await page.getByTestId("sign-in-page").waitFor();
  // Nothing of the app shows before signing in, and nobody is asked to declare who they are.
  assert.equal(await page.getByTestId("commitment-table").count(), 0);
  assert.equal(await page.getByTestId("first-start").count(), 0);
  const email = page.getByLabel("E-mail");
  const password = page.getByLabel("Password", { exact: true });
  assert.equal(await email.getAttribute("autocomplete"), "username");
  assert.equal(await password.getAttribute("autocomplete"), "current-password");
  // This server has no single sign-on configured: no button for it.
  assert.equal(await page.getByTestId("sign-in-sso").count(), 0);

  // Empty: each field says what it needs.
  await page.getByTestId("sign-in-submit").click();
  assert.equal(await page.locator("#error-email").textContent(), "Error: Enter your e-mail address.");
  assert.equal(await page.locator("#error-password").textContent(), "Error: Enter your password.");

  await signInThroughPage(page, ADMIN.email, "not the password at all");
  await eventually(async () =>
    assert.equal(
      await page.locator("#error-password").textContent(),
      "Error: The e-mail or the password is wrong.",
    ),
  );
  assert.equal(await page.locator("#error-email").count(), 0);
  assert.equal(await password.getAttribute("aria-invalid"), "true");
  assert.match(await password.getAttribute("aria-describedby"), /\berror-password\b/);
  // Focus goes to the field to fix, which was emptied.
  assert.equal(await page.evaluate(() => document.activeElement?.id), "password");
  assert.equal(await password.inputValue(), "");
  await shot(page, "browser-team-sign-in-wrong");

  await signInThroughPage(page, ADMIN.email);
  await page.getByTestId("commitment-table").waitFor();
  assert.equal(await page.getByTestId("identity-display").textContent(), "Ada Admin (Admin)");
  // No self-declared identity, no role switch.
  assert.equal(await page.getByTestId("identity-change").count(), 0);
  assert.equal(await page.getByTestId("nav-admin").count(), 1);
  assert.equal(await page.getByTestId("nav-backups").count(), 1);
});

test("too many wrong passwords: the form says when to try again", async () => {
  const p = await newPage();
  await p.goto(server.url.href);
  await p.getByTestId("sign-in-page").waitFor();
  // An e-mail no account has: the throttle counts it all the same.
  let status = 0;
  for (let attempt = 0; attempt < 8 && status !== 429; attempt++) {
    const [response] = await Promise.all([
      p.waitForResponse((r) => new URL(r.url()).pathname === "/auth/sign-in"),
      signInThroughPage(p, "zed@example.org", `wrong password ${attempt}`),
    ]);
    status = response.status();
  }
  assert.equal(status, 429);
  const throttled = p.getByTestId("sign-in-throttled");
  assert.match(await throttled.textContent(), /^Too many failed attempts\. You can try again at \d{1,2}:\d{2}/);
  await p.context().close();
});

test("an admin adds an account and changes its role", async () => {
  await followNav(page, "nav-admin");
  await page.getByTestId("admin").waitFor();
  const table = page.getByTestId("account-table");
  await table.locator("tr[data-email='cai@example.org']").waitFor();

  // A password the policy refuses is said at its field.
  await page.getByLabel("Name", { exact: true }).fill("Fay Focal");
  await page.locator("#new-email").fill("fay@example.org");
  await page.locator("#new-role").selectOption("FocalPoint");
  await page.locator("#new-password").fill("short");
  await page.getByTestId("add-account").click();
  assert.equal(
    await page.locator("#error-new-password").textContent(),
    "Error: The password must have at least 12 characters.",
  );
  await page.locator("#new-password").fill(PASSWORD);
  await page.getByTestId("add-account").click();
  const row = table.locator("tr[data-email='fay@example.org']");
  await row.waitFor();
  assert.equal(await row.getByTestId("account-role").textContent(), "Focal point");
  assert.equal(await row.getByTestId("account-status").textContent(), "Enabled");
  assert.equal(await page.getByTestId("account-added").textContent(), "Added Fay Focal (fay@example.org).");

  // The same e-mail again: said at the e-mail field.
  await page.getByLabel("Name", { exact: true }).fill("Fay Again");
  await page.locator("#new-email").fill("FAY@example.org");
  await page.getByTestId("add-account").click();
  await page.locator("#error-new-email").waitFor();
  assert.match(await page.locator("#error-new-email").textContent(), /already exists/);

  await row.getByTestId("account-manage").click();
  const panel = page.getByTestId("account-panel");
  await panel.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "account-manage-heading");
  await panel.getByLabel("Role").selectOption("Coordinator");
  await panel.getByTestId("account-set-role").click();
  await eventually(async () => assert.equal(await row.getByTestId("account-role").textContent(), "Coordinator"));
  assert.equal(await panel.getByTestId("account-done").textContent(), "Fay Focal is now Coordinator.");
  // The server has it, and its history says who did it.
  const fay = (await accounts()).find((a) => a.email === "fay@example.org");
  assert.equal(fay.role, "Coordinator");
  await eventually(async () =>
    assert.match(
      await panel.getByTestId("account-history").textContent(),
      /Ada Admin changed the role of Fay Focal from Focal point to Coordinator\./,
    ),
  );

  // Disabling asks first, then the account cannot sign in.
  await panel.getByTestId("account-disable").click();
  await panel.getByTestId("account-disable-confirm").click();
  await eventually(async () => assert.equal(await row.getByTestId("account-status").textContent(), "Disabled"));
  await assert.rejects(apiAs(server, "fay@example.org"), /HTTP 401/);
  await panel.getByTestId("account-enable").click();
  await panel.getByTestId("account-enable-confirm").click();
  await eventually(async () => assert.equal(await row.getByTestId("account-status").textContent(), "Enabled"));
  await apiAs(server, "fay@example.org");

  // The server's settings: separation of duties is on by default.
  const separation = page.getByLabel("Separation of duties");
  assert.equal(await separation.isChecked(), true);
  await shot(page, "browser-team-admin");

  // Backups are made on the server: the page says how, with no button that names a file.
  await go(page, "#/backups");
  await page.getByTestId("backups-on-server").waitFor();
  assert.equal(await page.getByTestId("backup-restore").count(), 0);
});

test("the tokens page shows a new token once, and it works until revoked", async () => {
  await page.getByTestId("account-menu").click();
  await page.getByTestId("account-tokens").click();
  await page.getByTestId("tokens").waitFor();
  // The list loads after the page shows (slower on PostgreSQL): wait for its empty state.
  await page.getByText("You have no tokens.").waitFor();

  await page.getByLabel("Label").fill("laptop");
  await page.getByLabel("Valid for (days)").fill("400");
  await page.getByTestId("token-create").click();
  assert.equal(await page.locator("#error-token-days").textContent(), "Error: Give a whole number of days from 1 to 365.");
  await page.getByLabel("Valid for (days)").fill("30");
  await page.getByTestId("token-create").click();

  const shown = page.getByTestId("new-token");
  await shown.waitFor();
  const secret = await page.locator("#new-token-secret").inputValue();
  assert.match(secret, /^ct_[A-Za-z0-9_-]{43}$/);
  assert.match(await shown.textContent(), /shown only this once/);
  const row = page.locator("[data-testid=token-table] tr", { hasText: "laptop" });
  await row.waitFor();
  assert.equal(await row.getByTestId("token-state").textContent(), "Active");
  await shot(page, "browser-team-token");

  // The token works, as its owner.
  const whoami = await fetch(new URL("/api/whoami", server.url), {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: "{}",
  });
  assert.equal(whoami.status, 200);
  assert.equal((await whoami.json()).email, ADMIN.email);

  // Once dismissed (or the page opened again) the secret is nowhere on the page.
  await page.getByTestId("new-token-done").click();
  assert.equal(await page.getByTestId("new-token").count(), 0);
  await page.reload();
  await page.getByTestId("tokens").waitFor();
  await row.waitFor();
  assert.equal((await page.content()).includes(secret), false);

  await row.getByTestId("token-revoke").click();
  await row.getByTestId("token-revoke-confirm").click();
  await eventually(async () => assert.equal(await row.getByTestId("token-state").textContent(), "Revoked"));
  const refused = await fetch(new URL("/api/whoami", server.url), {
    method: "POST",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    body: "{}",
  });
  assert.equal(refused.status, 401);
});

test("a viewer has no admin page, and a change they try is refused with the reason", async () => {
  const viewer = await signedIn(VIEWER.email);
  assert.equal(await viewer.getByTestId("identity-display").textContent(), "Vic Viewer (Viewer)");
  assert.equal(await viewer.getByTestId("nav-admin").count(), 0);
  assert.equal(await viewer.getByTestId("nav-backups").count(), 0);

  // Typed in by hand: the page says whose it is and shows nothing of it.
  await go(viewer, "#/admin");
  await viewer.getByTestId("role-required").waitFor();
  assert.equal(await viewer.getByTestId("account-table").count(), 0);
  assert.match(await viewer.getByTestId("role-required").textContent(), /accounts with the role Admin/);
  await go(viewer, "#/backups");
  await viewer.getByTestId("role-required").waitFor();

  // Editing or retiring a commitment is not offered to a viewer; the page says who does it.
  await go(viewer, "#/commitments/200009");
  await viewer.getByTestId("commitment-detail").waitFor();
  assert.equal(await viewer.getByRole("button", { name: "Retire" }).count(), 0);
  assert.match(
    await viewer.locator("[data-testid=denied-explanation][data-action=edit-commitment]").textContent(),
    /Only a coordinator or an admin edits or retires commitments/,
  );
  // The edit form typed in by hand: the server refuses the save (403, forbidden), and the
  // page gives its reason.
  await go(viewer, "#/commitments/200009/edit");
  await viewer.getByTestId("commitment-form").waitFor();
  await viewer.locator("#field-description").fill("A viewer's change.");
  await viewer.getByTestId("commitment-form").getByRole("button", { name: "Save" }).click();
  const alert = viewer.locator('[data-testid=commitment-form] .alert[data-kind="forbidden"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /You may not do this\. The server said why:.*your role \(viewer\) may not/s);
  const api = await apiAs(server, COORDINATOR.email);
  const commitment = await api("find_commitment", { organisation: null, commitmentId: "200009" });
  assert.notEqual(commitment.description, "A viewer's change.", "nothing was written");
  await shot(viewer, "browser-team-viewer-refused");
  await viewer.context().close();
});

test("a catalogue import goes through an upload on a team server", async () => {
  const file = path.join(dir, "team-commitments.csv");
  await writeFile(
    file,
    [
      "Commitment ID,Type,Core responsibilities,Description,Transformations,Organisation,Organisation name",
      '300001,Operational,3;4,"IOM commits to train 300 staff on displacement data.",3A;4B,IOM,International Organization for Migration',
      "",
    ].join("\n"),
  );
  const coordinator = await signedIn(COORDINATOR.email);
  const uploads = [];
  coordinator.on("request", (r) => {
    if (new URL(r.url()).pathname === "/upload") uploads.push(r.url());
  });
  const exchange = new ExchangePage(coordinator, server.url);
  await go(coordinator, "#/exchange");
  await coordinator.getByTestId("exchange").waitFor();
  await exchange.chooseCatalogue(file);
  assert.equal(await exchange.fileError(), null);
  assert.deepEqual((await exchange.previewRows()).map((r) => r.action), ["Add"]);
  await exchange.applyImport();
  assert.equal(
    await exchange.importStatus(),
    "Imported from team-commitments.csv: 1 added, 0 changed, 0 unchanged.",
  );
  assert.equal(uploads.length >= 1, true, "the file went up as an upload");
  assert.match(uploads[0], /\/upload\?name=team-commitments\.csv$/);
  const api = await apiAs(server, VIEWER.email);
  const added = await api("find_commitment", { organisation: null, commitmentId: "300001" });
  assert.match(added.description, /train 300 staff/);
  await coordinator.context().close();
});

test("a session that ends while typing: signing in again keeps the page and what was typed", async () => {
  const coordinator = await signedIn(COORDINATOR.email);
  await go(coordinator, "#/commitments/200009/reports/2019");
  const report = await new ReportPage(coordinator).waitForLoad();
  await report.fill({ status: "InProgress", achievements: "Trained 40 enumerators." });
  await eventually(async () => assert.match(await report.autosaveStatus(), /Draft kept at/), 5_000);

  // From another device, Cai signs out everywhere: this page's session is gone too.
  await signOutEverywhere(server, COORDINATOR.email);
  await report.fill({ achievements: "Trained 40 enumerators. Mapped referral pathways." });
  const dialog = coordinator.getByTestId("sign-in-dialog");
  await dialog.waitFor({ timeout: 10_000 });
  assert.match(await dialog.textContent(), /Sign in again as Cai Coordinator/);
  // The e-mail is filled in; the page behind is kept, unchanged and out of reach.
  assert.equal(await dialog.getByLabel("E-mail").inputValue(), COORDINATOR.email);
  assert.equal(await report.value("achievements"), "Trained 40 enumerators. Mapped referral pathways.");
  assert.equal(await coordinator.locator(".session-content[inert]").count(), 1);
  await shot(coordinator, "browser-team-session-ended");

  await dialog.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await dialog.getByTestId("sign-in-submit").click();
  await dialog.waitFor({ state: "detached" });
  assert.equal(await report.value("achievements"), "Trained 40 enumerators. Mapped referral pathways.");
  // The autosave refused while signed out went again once signed in: the server has the text.
  const api = await apiAs(server, COORDINATOR.email);
  const { id } = await api("find_commitment", { organisation: null, commitmentId: "200009" });
  await eventually(async () => {
    const kept = await api("autosave_get", { commitment: id, year: 2019 });
    assert.equal(kept?.input.achievements, "Trained 40 enumerators. Mapped referral pathways.");
  }, 5_000);
  await report.save();
  assert.equal(await report.reviewState(), "Draft");

  // An export comes back as a download of the account's own (GET /download/<id>).
  await go(coordinator, "#/exchange");
  const exchange = new ExchangePage(coordinator, server.url);
  await coordinator.getByTestId("exchange").waitFor();
  await exchange.chooseFormat("Csv");
  await exchange.chooseYears(2019, 2019);
  const download = await exchange.exportAndDownload();
  assert.equal(download.suggestedFilename(), "reports-2019.csv");
  const text = await readFile(await download.path(), "utf8");
  assert.match(text, /^200009,IOM,.*Trained 40 enumerators\. Mapped referral pathways\./m);
  await coordinator.context().close();
});

test("a session that ends, then the page is left: the text waiting is sent after signing in", async () => {
  const coordinator = await signedIn(COORDINATOR.email);
  await go(coordinator, "#/commitments/200009/reports/2020");
  const report = await new ReportPage(coordinator).waitForLoad();
  await report.fill({ status: "InProgress", achievements: "Surveyed 12 sites." });
  await eventually(async () => assert.match(await report.autosaveStatus(), /Draft kept at/), 5_000);
  await signOutEverywhere(server, COORDINATOR.email);
  await report.fill({ achievements: "Surveyed 12 sites. Published round 13." });
  await coordinator.getByTestId("sign-in-dialog").waitFor({ timeout: 10_000 });

  // Reloaded (or gone to the organisation's sign-in page): the page starts at the sign-in form.
  await coordinator.reload();
  await coordinator.getByTestId("sign-in-page").waitFor();
  await signInThroughPage(coordinator, COORDINATOR.email);
  // Back on the report, which offers the text kept.
  await report.waitForLoad();
  const api = await apiAs(server, COORDINATOR.email);
  const { id } = await api("find_commitment", { organisation: null, commitmentId: "200009" });
  const kept = await api("autosave_get", { commitment: id, year: 2020 });
  assert.equal(kept?.input.achievements, "Surveyed 12 sites. Published round 13.");
  await report.recoveryBanner().waitFor();
  await coordinator.context().close();
});

test("signing out, and signing out everywhere ends the other browsers' sessions", async () => {
  await page.getByTestId("account-menu").click();
  await page.getByTestId("sign-out").click();
  await page.getByTestId("sign-in-page").waitFor();
  assert.equal(await page.getByTestId("signed-out").textContent(), "You have signed out.");
  const session = await page.evaluate(() => fetch("/auth/session").then((r) => r.status));
  assert.equal(session, 401);

  await signInThroughPage(page, ADMIN.email);
  await page.getByTestId("commitment-table").waitFor();
  const elsewhere = await signedIn(ADMIN.email);

  await page.getByTestId("account-menu").click();
  await page.getByTestId("sign-out-everywhere").click();
  await page.getByTestId("sign-out-everywhere-confirm").click();
  await page.getByTestId("sign-in-page").waitFor();
  assert.match(await page.getByTestId("signed-out").textContent(), /^You have signed out everywhere/);

  // The other browser finds out at its next request: it asks to sign in again.
  await followNav(elsewhere, "nav-my-work");
  await elsewhere.getByTestId("sign-in-dialog").waitFor();
  await elsewhere.reload();
  await elsewhere.getByTestId("sign-in-page").waitFor();
  await elsewhere.context().close();
  assert.deepEqual(dialogs, []);
});
