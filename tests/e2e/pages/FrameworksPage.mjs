import { followNav } from "../support/nav.mjs";
import { CommitmentFormPage } from "./CommitmentFormPage.mjs";

/** `#/frameworks`, one framework, and its Add/Edit form. */
export class FrameworksPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
  }

  /** Opens the list from the header's navigation, as a person would. */
  async openFromHeader() {
    await followNav(this.page, "nav-frameworks");
    await this.page.getByTestId("framework-table").waitFor();
    return this;
  }

  /** The codes of the frameworks listed, in order. */
  codes() {
    return this.page
      .locator("[data-testid=framework-table] tbody tr")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-framework")));
  }

  async add() {
    await this.page.getByTestId("add-framework").click();
    await this.page.getByTestId("framework-form").waitFor();
  }

  /**
   * Fills the form. Levels and types replace the rows there; categories are added as new rows
   * ({ parent } is the parent's code, chosen in the row's parent select).
   * @param {{ code?: string, name?: string, description?: string, source?: string,
   *           levels?: string[], types?: string[], minCategories?: number,
   *           categories?: { code: string, name: string, parent?: string, referenceText?: string }[] }} values
   */
  async fill(values) {
    const form = this.page.getByTestId("framework-form");
    for (const field of ["code", "name", "description", "source"]) {
      if (values[field] !== undefined) await form.locator(`#fw-${field}`).fill(values[field]);
    }
    for (const [list, items] of [["levels", values.levels], ["types", values.types]]) {
      if (items === undefined) continue;
      // Down to as few rows as the list allows, then one row per item.
      while ((await form.getByTestId(`fw-${list}-remove-0`).count()) > 0) {
        await form.getByTestId(`fw-${list}-remove-0`).click();
      }
      for (let i = 0; i < items.length; i++) {
        if ((await form.locator(`#fw-${list}-${i}`).count()) === 0) {
          await form.getByTestId(`fw-${list}-add`).click();
        }
        await form.locator(`#fw-${list}-${i}`).fill(items[i]);
      }
    }
    if (values.minCategories !== undefined) {
      await form.locator("#fw-minCategories").fill(String(values.minCategories));
    }
    for (const category of values.categories ?? []) {
      const index = await form.locator("[data-testid=category-rows] tbody tr").count();
      await form.getByTestId("fw-categories-add").click();
      const row = `#fw-category-${index}`;
      await form.locator(`${row}-code`).fill(category.code);
      await form.locator(`${row}-name`).fill(category.name);
      if (category.parent !== undefined) {
        // Options read "<level name>: <code> <name>".
        const value = await form
          .locator(`${row}-parent option`)
          .evaluateAll(
            (options, code) => options.find((o) => (o.textContent ?? "").includes(`: ${code} `))?.value,
            category.parent,
          );
        await form.locator(`${row}-parent`).selectOption(value ?? "");
      }
      if (category.referenceText !== undefined) {
        await form.locator(`${row}-referenceText`).fill(category.referenceText);
      }
    }
  }

  /** Saves and waits for the framework's own page. */
  async save() {
    await this.page.getByTestId("framework-form").getByRole("button", { name: "Save" }).click();
    await this.page.getByTestId("framework-detail").waitFor();
  }

  /** On a framework's page: its heading, levels and the codes of its category tree. */
  async shown() {
    const detail = this.page.getByTestId("framework-detail");
    return {
      heading: await detail.locator("h1").textContent(),
      levels: await detail.getByTestId("framework-levels").textContent(),
      types: await detail.getByTestId("framework-types").textContent(),
      categories: await detail
        .getByTestId("tree-category")
        .evaluateAll((items) => items.map((li) => li.getAttribute("data-code"))),
    };
  }

  /** Opens the commitment form from the catalogue (the header's first entry). */
  async addCommitment() {
    await followNav(this.page, "nav-catalogue");
    await this.page.getByRole("link", { name: "Add commitment" }).click();
    const form = new CommitmentFormPage(this.page);
    await form.waitForLoad();
    return form;
  }
}
