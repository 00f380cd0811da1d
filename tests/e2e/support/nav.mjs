// Follows one of the header's links. Where they do not all fit on the header's row (a narrow
// window, long labels or a long name) they sit behind the Menu button: open it first.

/**
 * The header decides between links and Menu once it has measured itself, which can happen just
 * after the page shows: so look again until the link is visible, opening the menu if it came.
 * @param {import("playwright-core").Page} page
 * @param {string} testId e.g. "nav-dashboard"
 */
export async function followNav(page, testId) {
  const link = page.getByTestId(testId);
  const toggle = page.getByTestId("nav-toggle");
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (await link.isVisible()) {
      // The menu may close again before the click lands (the header is drawn anew once the
      // app knows who is there): then open it again.
      try {
        await link.click({ timeout: 2_000 });
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        continue;
      }
    }
    if (Date.now() > deadline) {
      await link.click(); // says what is wrong
      return;
    }
    // (The toggle may go again while it is looked at: then simply look again.)
    const expanded = await toggle.getAttribute("aria-expanded", { timeout: 500 }).catch(() => null);
    if (expanded === "false") {
      await toggle.click({ timeout: 1_000 }).catch(() => {});
      // Wait for the click to land before looking again: on a busy machine the menu opens
      // after the next look, which would click again and close it (seen in CI).
      await page
        .waitForFunction(
          () => document.querySelector("[data-testid=nav-toggle]")?.getAttribute("aria-expanded") !== "false",
          null,
          { timeout: 2_000 },
        )
        .catch(() => {});
    } else {
      await page.waitForTimeout(50);
    }
  }
}
