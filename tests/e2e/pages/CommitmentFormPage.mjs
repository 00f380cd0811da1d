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
   * Categories are ticked in the order given: a parent (e.g. WHS "3") before its children
   * ("3A"), since a child can only be ticked under a ticked parent. The framework select is
   * only there when there is more than one framework.
   * @param {{ commitmentId?: string, title?: string, framework?: string, type?: string,
   *           description?: string, categories?: string[] }} values
   */
  async fill(values) {
    if (values.commitmentId !== undefined) {
      await this.page.locator("#field-commitmentId").fill(values.commitmentId);
    }
    if (values.title !== undefined) await this.page.locator("#field-title").fill(values.title);
    if (values.framework !== undefined) {
      await this.page.locator("#field-framework").selectOption(values.framework);
    }
    if (values.type !== undefined) await this.page.locator("#field-type").selectOption(values.type);
    if (values.description !== undefined) {
      await this.page.locator("#field-description").fill(values.description);
    }
    for (const code of values.categories ?? []) {
      await this.page.locator(`[id="category-${code}"]`).check();
    }
  }

  /** Whether a control of the form is there (the type select is not for a framework without types). */
  async has(field) {
    return (await this.page.locator(`#field-${field}`).count()) > 0;
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
