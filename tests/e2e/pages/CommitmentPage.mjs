import { ReportPage } from "./ReportPage.mjs";

/** `#/commitments/:id`: one commitment. */
export class CommitmentPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId("commitment-detail");
  }

  waitForLoad() {
    return this.root.waitFor();
  }

  heading() {
    return this.root.locator("h1").textContent();
  }

  /** The framework as shown, e.g. "Agenda for Humanity (WHS)". */
  framework() {
    return this.root.getByTestId("detail-framework").textContent();
  }

  /** The tags shown, in order (none: []). */
  tags() {
    return this.root.locator("[data-testid=detail-tags] li").allTextContents();
  }

  /** The names of the linked categories of one level (1: WHS core responsibilities). */
  categoryNames(level = 1) {
    return this.root
      .locator(`[data-testid=detail-category][data-level="${level}"] [data-testid=detail-category-name]`)
      .allTextContents();
  }

  /** The codes of the linked categories of one level (2: WHS transformations). */
  categoryCodes(level) {
    return this.root
      .locator(`[data-testid=detail-category][data-level="${level}"]`)
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-code")));
  }

  /** The headings of the category sections: the framework's level names. */
  levelHeadings() {
    return this.root.locator("[data-testid=detail-level] h2").allTextContents();
  }

  /** Per reporting year (newest first): the year and what its row says. */
  async reportYears() {
    // The years are drawn at once, their reports once read: wait for those.
    await this.root.locator('[data-testid=report-years][aria-busy="false"]').waitFor();
    return this.root
      .locator("[data-testid=report-years] tbody tr")
      .evaluateAll((rows) =>
        rows.map((row) => ({
          year: Number(row.getAttribute("data-year")),
          text: (row.textContent ?? "").replace(/\s+/g, " ").trim(),
        })),
      );
  }

  async openReport(year) {
    await this.root.locator(`[data-testid=report-years] tr[data-year="${year}"] th a`).click();
    return new ReportPage(this.page).waitForLoad();
  }

  /** Opens the Activity section and returns the actions listed, newest first. */
  async activity() {
    const log = this.root.getByTestId("audit-log");
    if (!(await log.evaluate((d) => d.open))) await log.locator("summary").click();
    await log.getByTestId("audit-entry").first().waitFor();
    return log
      .getByTestId("audit-entry")
      .evaluateAll((items) => items.map((li) => li.getAttribute("data-action")));
  }
}
