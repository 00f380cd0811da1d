import { followNav } from "../support/nav.mjs";
/** `#/search?q=…`: full-text search with highlighted snippets and filters. */
export class SearchPage {
  /** @param {import("playwright-core").Page} page @param {URL} url the server's URL, token included */
  constructor(page, url) {
    this.page = page;
    this.url = url;
    this.root = page.getByTestId("search-page");
  }

  async openFromHeader() {
    await followNav(this.page, "nav-search");
    await this.root.waitFor();
    return this;
  }

  async open(query = "") {
    await this.page.goto(`${this.url.href}#/search${query ? `?${query}` : ""}`);
    await this.root.waitFor();
    return this;
  }

  /** Types the words and waits until the count speaks of them (results or none). */
  async search(words) {
    await this.page.locator("#search-text").fill(words);
    await this.page.waitForFunction(
      () => /result|Nothing/i.test(document.querySelector("[data-testid=search-count]")?.textContent ?? ""),
    );
  }

  count() {
    return this.page.getByTestId("search-count").textContent();
  }

  /** Each hit, best first: kind, commitment ID, year, snippet text and the marked words. */
  hits() {
    return this.page.getByTestId("search-hit").evaluateAll((items) =>
      items.map((li) => ({
        kind: li.getAttribute("data-kind"),
        commitmentId: li.getAttribute("data-commitment-id"),
        year: li.getAttribute("data-year"),
        href: li.querySelector("a")?.getAttribute("href"),
        snippet: li.querySelector("[data-testid=search-snippet]")?.textContent ?? "",
        marked: [...li.querySelectorAll("mark")].map((m) => m.textContent),
        elements: [...li.querySelectorAll("[data-testid=search-snippet] *")].map((e) => e.tagName),
      })),
    );
  }

  /** @param {"framework" | "category" | "type" | "year" | "status"} filter @param {string} value "" for all */
  async filter(filter, value) {
    await this.page.locator(`#search-${filter}`).selectOption(value);
  }
}
