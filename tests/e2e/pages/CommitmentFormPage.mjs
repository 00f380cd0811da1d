import { CommitmentPage } from "./CommitmentPage.mjs";

/** `#/commitments/new` and `#/commitments/:id/edit`. */
export class CommitmentFormPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
  }

  waitForLoad() {
    return this.page.locator("#field-commitmentId").waitFor();
  }

  /**
   * @param {{ commitmentId?: string, type?: string, description?: string,
   *           coreResponsibilities?: number[], transformations?: string[] }} values
   */
  async fill(values) {
    if (values.commitmentId !== undefined) {
      await this.page.locator("#field-commitmentId").fill(values.commitmentId);
    }
    if (values.type !== undefined) await this.page.locator("#field-type").selectOption(values.type);
    if (values.description !== undefined) {
      await this.page.locator("#field-description").fill(values.description);
    }
    for (const number of values.coreResponsibilities ?? []) {
      await this.page.locator(`#cr-${number}`).check();
    }
    for (const code of values.transformations ?? []) {
      await this.page.locator(`#transformation-${code}`).check();
    }
  }

  value(field) {
    return this.page.locator(`#field-${field}`).inputValue();
  }

  save() {
    return this.page.getByRole("button", { name: "Save" }).click();
  }

  async saveAndOpen() {
    await this.save();
    const detail = new CommitmentPage(this.page);
    await detail.waitForLoad();
    return detail;
  }

  /**
   * The error shown for `field` (found the way assistive technology finds it: through the
   * field's aria-describedby), or null while the field is not marked invalid.
   */
  fieldError(field) {
    return this.page.evaluate((id) => {
      const input = document.getElementById(`field-${id}`);
      if (input?.getAttribute("aria-invalid") !== "true") return null;
      const error = document.getElementById(`error-${id}`);
      const describedBy = input.getAttribute("aria-describedby")?.split(" ") ?? [];
      return error && describedBy.includes(error.id) ? error.textContent : null;
    }, field);
  }

  focusedFieldId() {
    return this.page.evaluate(() => document.activeElement?.id ?? null);
  }
}
