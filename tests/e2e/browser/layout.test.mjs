// The layout on a phone (360 px wide) and on a 1280 px screen: no page scrolls sideways, the
// header's items never overlap, the language menu stays in view, and at 1280 px the header is
// one row in every language, even with a long name and a long role. The real server, the built
// UI, Debian's chromium.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { eventually } from "../support/browser.mjs";
import { startSession } from "../support/session.mjs";

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../artifacts");

/** @type {Awaited<ReturnType<typeof startSession>>["server"]} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("playwright-core").Page} */
let page;

const LONG_NAME = "María-Fernanda Rodríguez-Villanueva de la Peña";

/** The main pages: address and the test id that shows it has loaded. */
const PAGES = [
  ["#/", "commitment-table"],
  ["#/frameworks", "frameworks"],
  ["#/frameworks/WHS", "framework-detail"],
  ["#/frameworks/new", "framework-form"],
  ["#/my-work", "my-work"],
  ["#/dashboard", "dash-summary"],
  ["#/matrix", "matrix-page"],
  ["#/search?q=data", "search-page"],
  ["#/exchange", "exchange"],
  ["#/backups", "backups"],
  ["#/commitments/IOM/200009", "report-years"],
  ["#/commitments/IOM/200009/reports/2019", "report-editor"],
  ["#/commitments/IOM/200009/edit", "commitment-form"],
  ["#/commitments/new", "commitment-form"],
];

before(async () => {
  await mkdir(artifacts, { recursive: true });
  ({ server, browser, page } = await startSession(
    { name: LONG_NAME, role: "Coordinator" },
    undefined,
    { width: 360, height: 780 },
  ));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(hash, testId) {
  const url = new URL(server.url);
  url.hash = hash;
  await page.goto(url.href);
  await page.getByTestId(testId).first().waitFor();
  // Lazy pages and charts settle their size.
  await page.waitForTimeout(150);
}

/** What sticks out of the page sideways, if anything. */
function sideways() {
  return page.evaluate(() => {
    const root = document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
}

/** The header's visible items and their boxes. */
function headerBoxes() {
  return page.evaluate(() => {
    const selectors = {
      name: ".app-header .app-name",
      toggle: "[data-testid=nav-toggle]",
      nav: "nav.app-nav:not(.menu)",
      identity: "[data-testid=identity-display]",
      change: "[data-testid=identity-change]",
      language: "#language-select",
    };
    const boxes = {};
    for (const [key, selector] of Object.entries(selectors)) {
      const el = document.querySelector(selector);
      if (!el) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      boxes[key] = { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }
    return { boxes, viewport: window.innerWidth };
  });
}

function overlaps(a, b) {
  return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
}

function assertHeaderSane({ boxes, viewport }, where) {
  const keys = Object.keys(boxes);
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      assert.ok(
        !overlaps(boxes[keys[i]], boxes[keys[j]]),
        `${where}: ${keys[i]} and ${keys[j]} overlap: ${JSON.stringify(boxes)}`,
      );
    }
  }
  const language = boxes.language;
  assert.ok(language, `${where}: the language menu is shown`);
  assert.ok(
    language.left >= 0 && language.right <= viewport,
    `${where}: the language menu is within the ${viewport} px viewport: ${JSON.stringify(language)}`,
  );
}

test("at 360 px no page scrolls sideways and the header's items neither overlap nor leave the screen", async () => {
  // French and Spanish labels are longer: every page in every language.
  for (const language of ["fr", "es", "en"]) {
    await open("#/", "commitment-table");
    await page.locator("#language-select").selectOption(language);
    for (const [hash, testId] of PAGES) {
      await open(hash, testId);
      const { scrollWidth, clientWidth } = await sideways();
      const where = `${language} ${hash}`;
      assert.equal(await page.evaluate(() => document.documentElement.lang), language, where);
      assert.ok(scrollWidth <= clientWidth, `${where}: scrolls sideways (${scrollWidth} > ${clientWidth})`);
      assertHeaderSane(await headerBoxes(), where);
    }
  }
  await page.screenshot({ path: path.join(artifacts, "browser-phone-report.png"), fullPage: true });

  // The panel to change who is working stays on the screen.
  await page.getByTestId("identity-change").click();
  const panel = await page.locator("#identity-panel").boundingBox();
  assert.ok(panel && panel.x >= 0 && panel.x + panel.width <= 360, JSON.stringify(panel));
  await page.keyboard.press("Escape");
});

test("at 360 px the links are behind a Menu button that opens, leads somewhere and closes", async () => {
  await open("#/", "commitment-table");
  const toggle = page.getByTestId("nav-toggle");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await page.getByTestId("nav-dashboard").isVisible(), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const link = page.getByTestId("nav-dashboard");
  assert.ok(await link.isVisible());
  const box = await link.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 360, JSON.stringify(box));
  await page.screenshot({ path: path.join(artifacts, "browser-phone-menu.png") });
  await link.click();
  await page.getByTestId("dashboard").waitFor();
  // Following a link closes the menu.
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  // Escape closes it too, and focus goes back to its button.
  await toggle.click();
  await page.keyboard.press("Escape");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "nav-toggle");
});

test("at 1280 px the header is one row in English, French and Spanish, with a long name", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const language of ["en", "fr", "es"]) {
    await open("#/", "commitment-table");
    await page.locator("#language-select").selectOption(language);
    await eventually(async () => {
      const { boxes, viewport } = await headerBoxes();
      assertHeaderSane({ boxes, viewport }, `1280 px, ${language}`);
      const top = Math.max(...Object.values(boxes).map((b) => b.top));
      const bottom = Math.min(...Object.values(boxes).map((b) => b.bottom));
      assert.ok(top < bottom, `${language}: the header's items are not on one row: ${JSON.stringify(boxes)}`);
      const height = await page.locator(".app-header").evaluate((h) => h.getBoundingClientRect().height);
      assert.ok(height < 70, `${language}: the header is ${height} px tall`);
    });
    await page.screenshot({ path: path.join(artifacts, `browser-header-1280-${language}.png`) });
  }
  // Where there is room for every link (English at 1600 px), they are shown, not a menu.
  await page.locator("#language-select").selectOption("en");
  await page.setViewportSize({ width: 1600, height: 800 });
  await eventually(async () => assert.equal(await page.getByTestId("nav-toggle").count(), 0));
  assert.ok(await page.getByTestId("nav-backups").isVisible());
  const { boxes } = await headerBoxes();
  assert.ok(boxes.nav, "the links are in the header's row");
  assert.ok(Math.max(...Object.values(boxes).map((b) => b.top)) < Math.min(...Object.values(boxes).map((b) => b.bottom)));
  await page.screenshot({ path: path.join(artifacts, "browser-header-1600-en.png") });
  // Around the width where the links just fit (with this name, between 1280 and 1600 px),
  // the header is one row either way: the links beside the person, or a menu.
  for (let width = 1200; width <= 1600; width += 8) {
    await page.setViewportSize({ width, height: 800 });
    await eventually(async () => {
      const height = await page.locator(".app-header").evaluate((h) => h.getBoundingClientRect().height);
      assert.ok(height < 70, `${width} px: the header is ${height} px tall`);
    });
  }
});

test("a timeline's badges stay inside their cards, in every language", async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // A submitted report, so that the long "Submitted" badge is drawn.
  await open("#/commitments/IOM/200009/reports/2019", "report-editor");
  await page.locator("#field-status").selectOption("InProgress");
  await page.locator("#field-achievements").fill("Trained enumerators.");
  await page.getByTestId("editor-save").click();
  await eventually(async () =>
    assert.match(await page.getByTestId("report-message").textContent(), /saved/),
  );
  await page.getByTestId("action-submit").click();
  await eventually(async () =>
    assert.match(await page.getByTestId("report-message").textContent(), /submitted/),
  );
  for (const language of ["en", "fr", "es"]) {
    await page.locator("#language-select").selectOption(language);
    await open("#/commitments/IOM/200009", "timeline");
    const spill = await page.getByTestId("timeline").evaluate((list) => {
      const out = [];
      for (const item of list.querySelectorAll(".timeline-item")) {
        const card = item.getBoundingClientRect();
        for (const badge of item.querySelectorAll(".status-badge, .review-badge")) {
          const b = badge.getBoundingClientRect();
          if (b.right > card.right + 0.5 || b.left < card.left - 0.5) out.push(badge.textContent);
        }
      }
      return out;
    });
    assert.deepEqual(spill, [], `${language}: badges wider than their card`);
  }
  await page.locator("#language-select").selectOption("en");
});
