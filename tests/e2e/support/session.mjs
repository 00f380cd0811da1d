// A browser-mode session: the real server on a fresh database, Chromium in English, and the
// first-start identity prompt answered.
import { IdentityPrompt } from "../pages/IdentityPrompt.mjs";
import { launchBrowser } from "./browser.mjs";
import { startServer } from "./server.mjs";

/**
 * @param {{ name: string, role: "FocalPoint" | "Coordinator" }} identity
 * @param {Parameters<typeof startServer>[0]} [serverOptions]
 * @param {{ width: number, height: number }} [viewport] the page's size (default: Playwright's)
 */
export async function startSession(identity, serverOptions, viewport) {
  const server = await startServer(serverOptions);
  const browser = await launchBrowser();
  // English, whatever the machine's locale, because the assertions read English text.
  const context = await browser.newContext({ locale: "en-US", ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  // A fresh database: the app first asks who is working.
  await page.goto(server.url.href);
  const prompt = new IdentityPrompt(page);
  await prompt.waitFor();
  await prompt.set(identity.name, identity.role);
  return { server, browser, page };
}
