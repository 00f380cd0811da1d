import { CommitmentFormPage } from "./CommitmentFormPage.mjs";
import { CommitmentPage } from "./CommitmentPage.mjs";

/** `#/`: the filterable list of commitments. */
export class CataloguePage {
  /** @param {import("playwright-core").Page} page @param {URL} url the server's URL, token included */
  constructor(page, url) {
    this.page = page;
    this.url = url;
  }

  async open() {
    await this.page.goto(this.url.href);
    await this.page.getByTestId("commitment-table").waitFor();
    return this;
  }

  /** The commitment IDs of the rows shown, in order. */
  rowIds() {
    return this.page
      .locator("[data-testid=commitment-table] tbody tr")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-commitment-id")));
  }

  resultCount() {
    return this.page.getByTestId("result-count").textContent();
  }

  /** "Rows 200 of 450 are shown…", or null when every row is drawn. */
  async shownText() {
    const more = this.page.getByTestId("show-more");
    return (await more.count()) === 0 ? null : more.locator(".muted").textContent();
  }

  showMoreButton() {
    return this.page.getByTestId("show-more").getByRole("button");
  }

  /** Scrolls the end of the table into view (where more rows are drawn). */
  scrollToEnd() {
    return this.page.getByTestId("show-more").scrollIntoViewIfNeeded();
  }

  /** @param {string} kind e.g. "Policy"; "" shows all */
  filterByType(kind) {
    return this.page.locator("#filter-type").selectOption(kind);
  }

  /** @param {string} code e.g. "WHS"; "" shows all */
  filterByFramework(code) {
    return this.page.locator("#filter-framework").selectOption(code);
  }

  /**
   * @param {string} code a category of `framework`, e.g. "4B" (a WHS transformation); "" shows all
   * @param {string} [framework] chosen first when given (needed with several frameworks)
   */
  async filterByCategory(code, framework) {
    if (framework !== undefined) await this.filterByFramework(framework);
    await this.page.locator("#filter-category").selectOption(code);
  }

  search(text) {
    return this.page.locator("#filter-search").fill(text);
  }

  async openCommitment(id) {
    await this.page.locator(`tr[data-commitment-id="${id}"] a`).click();
    const detail = new CommitmentPage(this.page);
    await detail.waitForLoad();
    return detail;
  }

  async addCommitment() {
    await this.page.getByRole("link", { name: "Add commitment" }).click();
    const form = new CommitmentFormPage(this.page);
    await form.waitForLoad();
    return form;
  }
}
