/** `#/exchange`: exports, the catalogue import and the bundle import. */
export class ExchangePage {
  /** @param {import("playwright-core").Page} page @param {URL} url the server's URL, token included */
  constructor(page, url) {
    this.page = page;
    this.url = url;
    this.root = page.getByTestId("exchange");
  }

  /** Opens the page afresh: a page already open starts over. */
  async open() {
    const url = new URL(this.url);
    // Through a page that does nothing (not the catalogue, which would forget its filters).
    url.hash = "#/start-over";
    await this.page.goto(url.href);
    url.hash = "#/exchange";
    await this.page.goto(url.href);
    await this.root.waitFor();
    return this;
  }

  // --- Export -------------------------------------------------------------------------
  /** @param {"Csv" | "Xlsx" | "Json" | "Markdown" | "Pdf"} format */
  chooseFormat(format) {
    return this.page.locator("#export-format").selectOption(format);
  }

  /** @param {number} from @param {number} to */
  async chooseYears(from, to) {
    await this.page.locator("#export-from").selectOption(String(from));
    await this.page.locator("#export-to").selectOption(String(to));
  }

  /** Markdown and PDF: the one year of the annual report. */
  chooseReportYear(year) {
    return this.page.locator("#export-to").selectOption(String(year));
  }

  setBom(on) {
    return this.page.locator("#export-bom").setChecked(on);
  }

  /**
   * Runs the export (browser mode) and waits for the browser's download and the outcome.
   * @returns {Promise<import("playwright-core").Download>}
   */
  async exportAndDownload() {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByTestId("export-run").click(),
    ]);
    await this.page.getByTestId("export-result").waitFor();
    return download;
  }

  async outcome() {
    const text = (id) => this.page.getByTestId(id).textContent();
    return {
      fileName: await text("export-file-name"),
      rows: await text("export-rows"),
      size: await text("export-size"),
    };
  }

  // --- Catalogue import ---------------------------------------------------------------
  /** Chooses a catalogue file; waits for the preview or the file's error. */
  async chooseCatalogue(filePath) {
    await this.chooseFile("import", filePath);
  }

  /** Chooses a file in the "import" or "bundle" section and waits until it has been checked. */
  async chooseFile(section, filePath) {
    const root = this.page.getByTestId(`${section}-section`);
    const before = Number(await root.getAttribute("data-checks"));
    await this.page.locator(`#${section}-file`).setInputFiles(filePath);
    await this.page.waitForFunction(
      ([id, n]) => Number(document.querySelector(`[data-testid=${id}]`)?.getAttribute("data-checks")) > n,
      [`${section}-section`, before],
    );
  }

  /** The preview's rows: number, commitment, action and details. */
  previewRows() {
    return this.page
      .locator("[data-testid=import-preview] tbody tr[data-row]")
      .evaluateAll((rows) =>
        rows.map((row) => ({
          row: Number(row.getAttribute("data-row")),
          action: row.getAttribute("data-action"),
          commitment: row.querySelector("td")?.textContent ?? "",
          details: row.querySelector("[data-testid=import-row-details]")?.textContent ?? "",
        })),
      );
  }

  summary() {
    return this.page.getByTestId("import-summary").textContent();
  }

  /** Clicks Import and waits until it is done (the status says so, or an error shows). */
  async applyImport() {
    await this.page.getByTestId("import-apply").click();
    await this.page.waitForFunction(() => {
      const status = document.querySelector("[data-testid=import-status]")?.textContent ?? "";
      return (
        status.startsWith("Imported") ||
        document.querySelector("#error-import-file, #import-error") !== null
      );
    });
  }

  importStatus() {
    return this.page.getByTestId("import-status").textContent();
  }

  /** The error shown at the file chooser, or null. */
  async fileError(id = "import-file") {
    const error = this.page.locator(`#error-${id}`);
    return (await error.count()) > 0 ? error.textContent() : null;
  }

  // --- Bundle import ------------------------------------------------------------------
  async chooseBundle(filePath) {
    await this.chooseFile("bundle", filePath);
  }

  /** The preview's counts by name (reportsUnchanged, conflicts, …). */
  bundleCounts() {
    return this.page
      .locator("[data-testid=bundle-summary] dd[data-testid]")
      .evaluateAll((cells) =>
        Object.fromEntries(
          cells.map((dd) => [
            dd.getAttribute("data-testid").replace(/^bundle-/, ""),
            Number(dd.textContent.replace(/\D/g, "")),
          ]),
        ),
      );
  }

  conflicts() {
    return this.page.getByTestId("bundle-conflict");
  }

  nothingToImport() {
    return this.page.getByTestId("bundle-nothing");
  }
}
