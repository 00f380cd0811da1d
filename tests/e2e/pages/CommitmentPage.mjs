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
}
