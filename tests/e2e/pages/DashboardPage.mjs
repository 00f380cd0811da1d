import { followNav } from "../support/nav.mjs";
/** `#/dashboard?year=…`: a year at a glance, its cycle, and the breakdowns. */
export class DashboardPage {
  /** @param {import("playwright-core").Page} page @param {URL} url the server's URL, token included */
  constructor(page, url) {
    this.page = page;
    this.url = url;
    this.root = page.getByTestId("dashboard");
  }

  /** Opens the dashboard of `year` and waits for its numbers. */
  async open(year) {
    await this.page.goto(`${this.url.href}#/dashboard?year=${year}`);
    await this.waitForYear(year);
    return this;
  }

  async openFromHeader() {
    await followNav(this.page, "nav-dashboard");
    await this.root.getByTestId("dash-reported").waitFor();
    return this;
  }

  async waitForYear(year) {
    await this.root.waitFor();
    await this.page.waitForFunction(
      (y) =>
        document.querySelector("#dashboard-heading")?.textContent?.includes(String(y)) &&
        document.querySelector("[data-testid=dash-reported]") !== null &&
        document.querySelector("[data-testid=dashboard] [aria-busy=true]") === null,
      year,
    );
  }

  async chooseYear(year) {
    await this.page.locator("#dashboard-year").selectOption(String(year));
    await this.waitForYear(year);
  }

  /** "3 of 19 (16%)". */
  reported() {
    return this.root.getByTestId("dash-reported").textContent();
  }

  /** The phase of the cycle: "notOpen", "due" or "overdue". */
  cyclePhase() {
    return this.root.getByTestId("dash-cycle").getAttribute("data-phase");
  }

  overdueCount() {
    return this.root.getByTestId("dash-overdue-count").textContent();
  }

  /** Commitment IDs of the overdue list. */
  overdueIds() {
    return this.root
      .locator("[data-testid=dash-overdue] li")
      .evaluateAll((items) => items.map((li) => li.getAttribute("data-commitment-id")));
  }

  /** Unfolds the overdue list (a long one starts folded). */
  async unfoldOverdue() {
    const details = this.root.locator("details.overdue");
    if (!(await details.evaluate((d) => d.open))) await details.locator("summary").click();
  }

  /** Opens the cycle (coordinators) with a deadline (YYYY-MM-DD) and waits for its phase. */
  async openCycle(deadline, expectedPhase) {
    await this.page.locator("#cycle-deadline").fill(deadline);
    await this.page.getByTestId("cycle-submit").click();
    await this.page.waitForFunction(
      (phase) => document.querySelector("[data-testid=dash-cycle]")?.getAttribute("data-phase") === phase,
      expectedPhase,
    );
  }

  /**
   * One table as { rowKey: { column: number } }. Count tables (status, review) have the
   * columns "count" and "share"; group tables (one per framework and level, e.g.
   * "dash-WHS-1-table" for the WHS core responsibilities, "dash-WHS-2-table" for its
   * transformations) have
   * "commitments", "withReport" (any report), "reported" (submitted or approved), "due"/"overdue"
   * and one per status or review state.
   * @param {string} testId "dash-status-table", "dash-review-table" or "dash-<framework>-<level>-table"
   */
  table(testId) {
    return this.root.getByTestId(testId).evaluate((table) => {
      const rows = {};
      for (const tr of table.querySelectorAll("tr[data-key]")) {
        const cells = {};
        for (const td of tr.querySelectorAll("td[data-col]")) {
          cells[td.getAttribute("data-col")] = Number.parseInt(td.textContent ?? "", 10);
        }
        rows[tr.getAttribute("data-key")] = cells;
      }
      return rows;
    });
  }

  /** The charts drawn (their test ids), once Chart.js has sized their canvases. */
  charts() {
    return this.root
      .locator("canvas[data-testid]")
      .evaluateAll((canvases) =>
        canvases.filter((c) => c.width > 0 && c.height > 0).map((c) => c.getAttribute("data-testid")),
      );
  }

  countsOnceNote() {
    return this.root.getByTestId("dash-count-note").textContent();
  }
}
