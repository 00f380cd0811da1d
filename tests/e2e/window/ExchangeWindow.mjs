// Page object for the export / import and backups pages, driven through WebDriver in the real
// window (WebKitGTK). Native save and open dialogs cannot be driven: only what leads up to them.

import { NO_FILTER } from "../support/filters.mjs";

/** `#/exchange` and `#/backups`, as the desktop window shows them. */
export class ExchangeWindow {
  /** @param {WebdriverIO.Browser} browser */
  constructor(browser) {
    this.browser = browser;
  }

  async waitFor(selector, timeout = 15_000) {
    const el = await this.browser.$(selector);
    await el.waitForDisplayed({ timeout, timeoutMsg: `${selector} did not appear` });
    return el;
  }

  /** Goes to a route of the app (hash routing: no reload). */
  async go(route, testId) {
    await this.browser.execute((hash) => {
      window.location.hash = hash;
    }, route);
    return this.waitFor(`[data-testid=${testId}]`);
  }

  openExchange() {
    return this.go("#/exchange", "exchange");
  }

  /**
   * Runs the export the page's button runs, with the path the native save dialog would have
   * returned (the dialog itself cannot be driven): the window's own backend writes the file.
   */
  exportTo(format, year, file) {
    return this.browser.execute(
      (format, year, file, filter) =>
        window.__TAURI_INTERNALS__.invoke("api", {
          cmd: "export_file",
          args: {
            jobId: crypto.randomUUID(),
            format,
            scope: { fromYear: year, toYear: year, filter },
            path: file,
            bom: false,
          },
        }),
      format,
      year,
      file,
      NO_FILTER,
    );
  }

  async openBackups() {
    await this.go("#/backups", "backups");
    await this.browser.waitUntil(
      async () =>
        (await (await this.browser.$("[data-testid=backup-list]")).isExisting()) ||
        (await (await this.browser.$(".backups-page .empty")).isExisting()),
      { timeout: 15_000, timeoutMsg: "the backups were never listed" },
    );
  }

  /** The tag and type of the control with `id` (a native dialog button, or a file input). */
  control(id) {
    return this.browser.execute((selector) => {
      const el = document.getElementById(selector);
      return el ? { tag: el.tagName.toLowerCase(), type: el.getAttribute("type") } : null;
    }, id);
  }

  /** Backs up now; resolves to the new file's name once the list shows it. */
  async backUpNow() {
    await (await this.waitFor("[data-testid=backup-create]")).click();
    let name = null;
    await this.browser.waitUntil(
      async () => {
        const text = await (await this.browser.$("[data-testid=backup-status]")).getText();
        name = /: (.+)\.$/.exec(text)?.[1] ?? null;
        return name !== null;
      },
      { timeout: 15_000, timeoutMsg: "no backup was reported" },
    );
    await this.waitFor(`tr[data-file="${name}"]`);
    return name;
  }

  files() {
    return this.browser.execute(() =>
      Array.from(document.querySelectorAll("[data-testid=backup-list] tbody tr[data-file]")).map((row) =>
        row.getAttribute("data-file"),
      ),
    );
  }
}
