// Follows one of the header's links. Where they do not all fit on the header's row (a narrow
// window, long labels or a long name) they sit behind the Menu button: open it first.

/**
 * @param {import("playwright-core").Page} page
 * @param {string} testId e.g. "nav-dashboard"
 */
export async function followNav(page, testId) {
  const toggle = page.getByTestId("nav-toggle");
  if ((await toggle.count()) > 0 && (await toggle.getAttribute("aria-expanded")) !== "true") {
    await toggle.click();
  }
  await page.getByTestId(testId).click();
}
