import { followNav } from "../support/nav.mjs";
import { ReportPage } from "./ReportPage.mjs";

/** `#/matrix`: commitments × years, virtualised, filtered through the URL. */
export class MatrixPage {
  /** @param {import("playwright-core").Page} page @param {URL} url the server's URL, token included */
  constructor(page, url) {
    this.page = page;
    this.url = url;
    this.root = page.getByTestId("matrix-page");
    this.grid = page.getByTestId("matrix");
  }

  /** @param {string} [query] e.g. "framework=WHS&category=3&status=Completed" */
  async open(query = "") {
    await this.page.goto(`${this.url.href}#/matrix${query ? `?${query}` : ""}`);
    await this.waitForRows();
    return this;
  }

  async openFromHeader() {
    await followNav(this.page, "nav-matrix");
    await this.waitForRows();
    return this;
  }

  waitForRows() {
    return this.grid.locator("tr[data-commitment-id]").first().waitFor();
  }

  /** "19 commitments". */
  total() {
    return this.page.getByTestId("matrix-total").textContent();
  }

  /** The commitment IDs of the rows drawn (the virtualiser draws only those near the view). */
  drawnIds() {
    return this.grid
      .locator("tr[data-commitment-id]")
      .evaluateAll((rows) => rows.map((tr) => tr.getAttribute("data-commitment-id")));
  }

  cell(commitmentId, year) {
    return this.grid.locator(`tr[data-commitment-id="${commitmentId}"] td[data-year="${year}"]`);
  }

  /** { status, review, label } of one cell. */
  cellState(commitmentId, year) {
    return this.cell(commitmentId, year).evaluate((td) => ({
      status: td.getAttribute("data-status"),
      review: td.getAttribute("data-review"),
      label: td.querySelector("a")?.getAttribute("aria-label") ?? null,
      mark: td.textContent,
    }));
  }

  async openCell(commitmentId, year) {
    await this.cell(commitmentId, year).locator("a").click();
    return new ReportPage(this.page).waitForLoad();
  }

  /** @param {"framework" | "category" | "type" | "status"} filter @param {string} value "" for all */
  async filter(filter, value) {
    await this.page.locator(`#matrix-${filter}`).selectOption(value);
  }

  /** Scrolls the grid to its end and returns the last row drawn. */
  async scrollToEnd() {
    await this.page.locator(".matrix-scroll").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
  }

  legend() {
    return this.page.getByTestId("matrix-legend").textContent();
  }
}
