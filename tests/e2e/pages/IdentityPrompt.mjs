/** The first-start screen (and the header's "Change" panel): name and role. */
export class IdentityPrompt {
  /** @param {import("playwright-core").Page} page */
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId("first-start");
  }

  waitFor() {
    return this.root.waitFor();
  }

  /** @param {string} name @param {"FocalPoint" | "Coordinator"} role */
  async set(name, role) {
    await this.page.locator("#identity-name").fill(name);
    await this.page.locator(`#identity-role input[value="${role}"]`).check();
    await this.page.getByTestId("identity-submit").click();
    await this.root.waitFor({ state: "detached" });
  }

  /** "Name (Role)" as the header shows it. */
  shown() {
    return this.page.getByTestId("identity-display").textContent();
  }
}
