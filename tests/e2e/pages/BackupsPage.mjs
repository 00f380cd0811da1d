/** `#/backups`: back up now, the list of backups, restore after a question. */
export class BackupsPage {
  /** @param {import("playwright-core").Page} page @param {URL} url the server's URL, token included */
  constructor(page, url) {
    this.page = page;
    this.url = url;
    this.root = page.getByTestId("backups");
  }

  async open() {
    const url = new URL(this.url);
    // Through a page that does nothing (not the catalogue, which would forget its filters).
    url.hash = "#/start-over";
    await this.page.goto(url.href);
    url.hash = "#/backups";
    await this.page.goto(url.href);
    await this.root.waitFor();
    // A file's list (or its absence), or a server database's note on how its copies are made.
    await this.page
      .locator("[data-testid=backup-list], .backups-page .empty, [data-testid=backups-on-server]")
      .first()
      .waitFor();
    return this;
  }

  /** Backs up now; resolves to the new file's name once the list shows it. */
  async backUpNow() {
    await this.page.getByTestId("backup-create").click();
    const status = this.page.getByTestId("backup-status");
    await this.page.waitForFunction(
      () => /: (.+)\.$/.test(document.querySelector("[data-testid=backup-status]")?.textContent ?? ""),
    );
    const name = /: (.+)\.$/.exec(await status.textContent())[1];
    await this.row(name).waitFor();
    return name;
  }

  /** The file names listed, newest first. */
  files() {
    return this.page
      .locator("[data-testid=backup-list] tbody tr[data-file]")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-file")));
  }

  row(fileName) {
    return this.page.locator(`tr[data-file="${fileName}"]`);
  }

  /** Opens the question for `fileName` and returns its text, without confirming. */
  async askRestore(fileName) {
    await this.row(fileName).getByTestId("backup-restore").click();
    const confirm = this.page.getByTestId("backup-restore-confirm");
    await confirm.waitFor();
    return this.page.locator(".backup-confirm p").textContent();
  }

  /** Confirms the open question; the app reloads and says what it restored. */
  async confirmRestore() {
    await this.page.getByTestId("backup-restore-confirm").click();
    await this.page.getByTestId("backup-restored").waitFor({ timeout: 15_000 });
    return this.page.getByTestId("backup-restored").textContent();
  }

  storageWarning() {
    return this.page.getByTestId("storage-warning");
  }
}
