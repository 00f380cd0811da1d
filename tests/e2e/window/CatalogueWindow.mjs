// Page object for the catalogue and detail views, driven through WebDriver in the real window.

/** The catalogue (`#/`) and a commitment's page, as the desktop window shows them. */
export class CatalogueWindow {
  /** @param {WebdriverIO.Browser} browser */
  constructor(browser) {
    this.browser = browser;
  }

  /** Waits until the list has rendered `count` rows. */
  async waitForRows(count, timeout = 20_000) {
    await this.browser.waitUntil(async () => (await this.rowIds()).length === count, {
      timeout,
      timeoutMsg: `expected ${count} rows, saw ${JSON.stringify(await this.rowIds())}`,
    });
  }

  /** The font families the page and its first catalogue row are set in (computed CSS). */
  async fontFamilies() {
    return this.browser.execute(() => {
      const row = document.querySelector("[data-testid=commitment-table] tbody tr");
      return {
        page: getComputedStyle(document.body).fontFamily,
        row: row ? getComputedStyle(row).fontFamily : null,
      };
    });
  }

  /** The commitment IDs of the rows shown, in order. */
  async rowIds() {
    return this.browser.execute(() =>
      Array.from(document.querySelectorAll("[data-testid=commitment-table] tbody tr")).map((row) =>
        row.getAttribute("data-commitment-id"),
      ),
    );
  }

  async resultCount() {
    return (await this.browser.$("[data-testid=result-count]")).getText();
  }

  /** @param {string} framework e.g. "WHS" @param {string} code a category of it, e.g. "4B" */
  async filterByCategory(framework, code) {
    await (await this.browser.$("#filter-framework")).selectByAttribute("value", framework);
    await (await this.browser.$("#filter-category")).selectByAttribute("value", code);
  }

  async openCommitment(id) {
    const link = await this.browser.$(`tr[data-commitment-id="${id}"] a`);
    await link.click();
    await (await this.browser.$("[data-testid=commitment-detail]")).waitForDisplayed({ timeout: 10_000 });
  }

  async heading() {
    return (await this.browser.$("[data-testid=commitment-detail] h1, [data-testid=commitment-detail] h2")).getText();
  }

  /** The texts of the categories of one level listed on a commitment's page (1: WHS core responsibilities). */
  async categories(level) {
    return this.browser.execute(
      (lvl) =>
        Array.from(
          document.querySelectorAll(`[data-testid=detail-category][data-level="${lvl}"]`),
        ).map((li) => li.textContent ?? ""),
      level,
    );
  }
}
