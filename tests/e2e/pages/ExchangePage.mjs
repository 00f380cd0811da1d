/** `#/exchange`: exports, the catalogue and report history imports, and the bundle import. */
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

  // --- Catalogue and report history imports ------------------------------------------
  // `section` is "import" (commitments) or "report-import" (report history).

  /**
   * Chooses a catalogue file and checks it as proposed (a .json file is checked at once);
   * waits for the check's rows or the file's error.
   */
  async chooseCatalogue(filePath) {
    await this.chooseFile("import", filePath);
    if (!filePath.endsWith(".json") && (await this.fileError()) === null) await this.check("import");
  }

  /** Chooses a file in the "import", "report-import" or "bundle" section and waits until it has been read. */
  async chooseFile(section, filePath) {
    await this.afterReading(section, () => this.page.locator(`#${section}-file`).setInputFiles(filePath));
  }

  /** Runs `action` and waits until the section has read (or checked) the file once more. */
  async afterReading(section, action) {
    const root = this.page.getByTestId(`${section}-section`);
    const before = Number(await root.getAttribute("data-checks"));
    await action();
    await this.page.waitForFunction(
      ([id, n]) => Number(document.querySelector(`[data-testid=${id}]`)?.getAttribute("data-checks")) > n,
      [`${section}-section`, before],
    );
  }

  /** Clicks Check and waits for the row-by-row result (or an error). */
  check(section = "import") {
    return this.afterReading(section, () => this.page.getByTestId(`${section}-check`).click());
  }

  /** The mapping screen's columns: the file's column → the field it is imported as ("" = not). */
  mappedColumns(section) {
    return this.page
      .locator(`[data-testid=${section}-mapping] tbody tr[data-column]`)
      .evaluateAll((rows) =>
        Object.fromEntries(rows.map((r) => [r.getAttribute("data-column"), r.getAttribute("data-field")])),
      );
  }

  /** Maps a column (by its label, the column's name) to a field ("" = not imported). */
  mapColumn(section, column, field) {
    return this.afterReading(section, () =>
      this.page.getByTestId(`${section}-mapping`).getByLabel(column, { exact: true }).selectOption(field),
    );
  }

  /** The values of an enumerated field listed to map ("retardé", …). */
  valuesToMap(section, field) {
    return this.page
      .locator(`[data-testid=${section}-values] fieldset[data-field=${field}] [data-value]`)
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-value")));
  }

  /** Says what a file's value means (target: a status such as "InProgress", or a type). */
  mapValue(section, field, value, target) {
    const select = this.page.locator(
      `[data-testid=${section}-values] fieldset[data-field=${field}] [data-value="${value}"] select`,
    );
    return this.afterReading(section, () => select.selectOption(target));
  }

  /** Starts from a mapping saved by name. */
  chooseSavedMapping(section, name) {
    return this.afterReading(section, () => this.page.locator(`#${section}-saved-mapping`).selectOption(name));
  }

  /** The first rows as mapped: [{ row, field: value, … }]. */
  mappedRows(section) {
    return this.page
      .locator(`[data-testid=${section}-mapped-rows] tbody tr[data-row]`)
      .evaluateAll((rows) =>
        rows.map((r) => ({
          row: Number(r.getAttribute("data-row")),
          ...Object.fromEntries(
            [...r.querySelectorAll("td[data-field]")].map((td) => [td.getAttribute("data-field"), td.textContent]),
          ),
        })),
      );
  }

  missingFields(section) {
    return this.page.getByTestId(`${section}-missing`);
  }

  importButton(section = "import") {
    return this.page.getByTestId(`${section}-apply`);
  }

  /** The check's rows: number, commitment, action and details. */
  previewRows(section = "import") {
    return this.page
      .locator(`[data-testid=${section}-preview] tbody tr[data-row]`)
      .evaluateAll((rows) =>
        rows.map((row) => ({
          row: Number(row.getAttribute("data-row")),
          action: row.getAttribute("data-action"),
          commitment: row.querySelector("td")?.textContent ?? "",
          details: row.querySelector("[data-testid=import-row-details]")?.textContent ?? "",
        })),
      );
  }

  summary(section = "import") {
    return this.page.getByTestId(`${section}-summary`).textContent();
  }

  /** Clicks Import and waits until it is done (the status says so, or an error shows). */
  async applyImport(section = "import") {
    await this.page.getByTestId(`${section}-apply`).click();
    await this.page.waitForFunction((s) => {
      const status = document.querySelector(`[data-testid=${s}-status]`)?.textContent ?? "";
      return (
        status.startsWith("Imported") ||
        document.querySelector(`[data-testid=${s}-section] [id^=error-], #${s}-error`) !== null
      );
    }, section);
  }

  importStatus(section = "import") {
    return this.page.getByTestId(`${section}-status`).textContent();
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
