/** `#/commitments/:id/reports/:year`: one report, its editor, merge view and history. */
export class ReportPage {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId("report-page");
  }

  async waitForLoad() {
    await this.root.waitFor();
    await this.page
      .locator("[data-testid=report-view], [data-testid=report-editor]")
      .first()
      .waitFor();
    return this;
  }

  heading() {
    return this.root.locator("h1").textContent();
  }

  // --- Editor -------------------------------------------------------------------------
  editor() {
    return this.page.getByTestId("report-editor");
  }

  /**
   * @param {{ status?: string, progress?: string, achievements?: string, challenges?: string,
   *           nextSteps?: string, tags?: string, evidence?: { title: string, url: string }[] }} values
   */
  async fill(values) {
    const p = this.page;
    if (values.status !== undefined) await p.locator("#field-status").selectOption(values.status);
    if (values.progress !== undefined) await p.locator("#field-progress").fill(values.progress);
    for (const field of ["achievements", "challenges", "nextSteps"]) {
      if (values[field] !== undefined) await p.locator(`#field-${field}`).fill(values[field]);
    }
    if (values.tags !== undefined) await p.locator("#field-tags").fill(values.tags);
    for (const link of values.evidence ?? []) {
      const n = await p.getByTestId("evidence-row").count();
      await p.getByTestId("evidence-add").click();
      await p.locator(`#evidence-title-${n}`).fill(link.title);
      await p.locator(`#evidence-url-${n}`).fill(link.url);
    }
  }

  value(field) {
    return this.page.locator(`#field-${field}`).inputValue();
  }

  async edit() {
    await this.page.getByTestId("action-edit").click();
    await this.editor().waitFor();
  }

  /** Saves and waits for the read view. */
  async save() {
    await this.page.getByTestId("editor-save").click();
    await this.page.getByTestId("report-view").waitFor();
  }

  /** Saves expecting the merge view (someone saved in between). */
  async saveExpectingMerge() {
    await this.page.getByTestId("editor-save").click();
    await this.mergeView().waitFor();
  }

  startFromLastYear() {
    return this.page.getByTestId("prefill").click();
  }

  autosaveStatus() {
    return this.page.getByTestId("autosave-status").textContent();
  }

  // --- Recovery -----------------------------------------------------------------------
  recoveryBanner() {
    return this.page.getByTestId("autosave-recovery");
  }

  async restoreKeptText() {
    await this.page.getByTestId("autosave-restore").click();
    await this.editor().waitFor();
  }

  // --- Merge view ---------------------------------------------------------------------
  mergeView() {
    return this.page.getByTestId("merge-view");
  }

  /** The fields the merge view shows as different. */
  mergeFields() {
    return this.mergeView()
      .locator("fieldset.merge-field")
      .evaluateAll((sets) => sets.map((s) => s.id.replace(/^merge-/, "")));
  }

  /** @param {string} field @param {"mine" | "theirs" | "merged"} choice */
  chooseInMerge(field, choice) {
    return this.page.locator(`#merge-${field}-${choice}`).check();
  }

  async saveMerged() {
    await this.page.getByTestId("merge-save").click();
    await this.page.getByTestId("report-view").waitFor();
  }

  // --- Read view and review -----------------------------------------------------------
  reviewState() {
    return this.page.getByTestId("review-state").textContent();
  }

  status() {
    return this.page.getByTestId("report-status").textContent();
  }

  narrative(field) {
    return this.page.getByTestId(`narrative-${field}`);
  }

  action(name) {
    return this.page.getByTestId(`action-${name}`);
  }

  /** Runs a review step and waits until the review state shows `expected`. */
  async review(name, expected, comment) {
    if (comment !== undefined) await this.page.locator("#review-comment").fill(comment);
    await this.action(name).click();
    await this.page.waitForFunction(
      (text) => document.querySelector("[data-testid=review-state]")?.textContent === text,
      expected,
    );
  }

  lockedNotice() {
    return this.page.getByTestId("locked-notice");
  }

  evidenceLinks() {
    return this.page
      .locator("[data-testid=evidence-list] a")
      .evaluateAll((links) =>
        links.map((a) => ({ href: a.getAttribute("href"), rel: a.getAttribute("rel") })),
      );
  }

  async openTab(id) {
    await this.page.getByTestId(`tab-${id}`).click();
  }
}
