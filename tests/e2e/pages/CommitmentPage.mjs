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

  /** Labels such as "CR3 Leave No One Behind". */
  coreResponsibilities() {
    return this.root.getByTestId("detail-core-responsibility-name").allTextContents();
  }

  /** Codes of the linked transformations. */
  transformations() {
    return this.root
      .getByTestId("detail-transformation")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-code")));
  }

  /** Per reporting year (newest first): the year and what its row says. */
  reportYears() {
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
