// Page object for identity, reports and the autosave recovery, driven through WebDriver in the
// real window (WebKitGTK). Mirrors pages/ReportPage.mjs, which drives Chromium.

/** The first-start prompt, a commitment's report years and the report page, in the window. */
export class ReportWindow {
  /** @param {WebdriverIO.Browser} browser */
  constructor(browser) {
    this.browser = browser;
  }

  async $(selector) {
    return this.browser.$(selector);
  }

  async waitFor(selector, timeout = 15_000) {
    const el = await this.browser.$(selector);
    await el.waitForDisplayed({ timeout, timeoutMsg: `${selector} did not appear` });
    return el;
  }

  async text(selector) {
    return (await this.waitFor(selector)).getText();
  }

  /** Answers the first-start prompt. */
  async identify(name, role) {
    await this.waitFor("[data-testid=first-start]", 30_000);
    await (await this.$("#identity-name")).setValue(name);
    await (await this.$(`#identity-role input[value="${role}"]`)).click();
    await (await this.$("[data-testid=identity-submit]")).click();
    await this.waitFor("[data-testid=identity-display]");
  }

  /** From a commitment's page, the report of `year`. */
  async openReport(year) {
    const link = await this.waitFor(`[data-testid=report-years] tr[data-year="${year}"] th a`);
    await link.click();
    await this.waitFor("[data-testid=report-page]");
    await this.browser.waitUntil(
      async () =>
        (await (await this.$("[data-testid=report-view]")).isExisting()) ||
        (await (await this.$("[data-testid=report-editor]")).isExisting()),
      { timeout: 15_000, timeoutMsg: "neither the report nor the editor appeared" },
    );
  }

  async fill({ status, achievements, evidence = [] }) {
    if (status) await (await this.waitFor("#field-status")).selectByAttribute("value", status);
    if (achievements !== undefined) {
      await (await this.waitFor("#field-achievements")).setValue(achievements);
    }
    for (const [i, link] of evidence.entries()) {
      await (await this.$("[data-testid=evidence-add]")).click();
      await (await this.waitFor(`#evidence-title-${i}`)).setValue(link.title);
      await (await this.waitFor(`#evidence-url-${i}`)).setValue(link.url);
    }
  }

  async value(selector) {
    return (await this.waitFor(selector)).getValue();
  }

  async save() {
    await (await this.$("[data-testid=editor-save]")).click();
    await this.waitFor("[data-testid=report-view]");
  }

  async reviewState() {
    return this.text("[data-testid=review-state]");
  }

  /** Clicks `action-<name>` and waits for the review state to read `expected`. */
  async review(name, expected) {
    await (await this.waitFor(`[data-testid=action-${name}]`)).click();
    await this.browser.waitUntil(async () => (await this.reviewState()) === expected, {
      timeout: 10_000,
      timeoutMsg: `review state never became ${expected}`,
    });
  }

  async has(selector) {
    return (await this.$(selector)).isExisting();
  }

  async autosaveStatus() {
    return this.text("[data-testid=autosave-status]");
  }
}
