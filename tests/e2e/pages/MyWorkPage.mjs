import { followNav } from "../support/nav.mjs";
/** `#/my-work`: what is to write, to review and not started for a year. */
export class MyWorkPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId("my-work");
  }

  async openFromHeader() {
    await followNav(this.page, "nav-my-work");
    await this.root.waitFor();
    return this;
  }

  async chooseYear(year) {
    await this.page.locator("#mywork-year").selectOption(String(year));
    await this.page.waitForFunction(
      (y) => document.querySelector("#to-write-heading")?.textContent?.includes(String(y)),
      year,
    );
  }

  /** "commitmentId/year" of each row of a list: "to-write", "to-review" or "not-started". */
  rows(list) {
    return this.page
      .locator(`[data-testid=mywork-${list}] li[data-commitment-id]`)
      .evaluateAll((items) =>
        items.map((li) => `${li.getAttribute("data-commitment-id")}/${li.getAttribute("data-year")}`),
      );
  }

  row(list, commitmentId, year) {
    return this.page.locator(
      `[data-testid=mywork-${list}] li[data-commitment-id="${commitmentId}"][data-year="${year}"]`,
    );
  }
}
