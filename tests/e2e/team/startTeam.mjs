// Provisional: starts the real `ct serve --team` on a fresh database (PostgreSQL when
// CT_E2E_PG is set) with accounts made by the real `ct users add`. To be replaced by the
// shared support/teamServer.mjs once it lands.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { freshDatabase } from "../support/server.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const STARTUP_TIMEOUT_MS = 30_000;
export const PASSWORD = "plum orchard ladder 42";

function run(bin, args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(bin, args, (error, stdout, stderr) =>
      error ? reject(new Error(`${args.join(" ")}: ${stderr}`)) : resolve(stdout),
    );
    child.stdin.end(input ?? "");
  });
}

/**
 * @param {{ email: string, name: string, role: string }[]} accounts role as `ct users add`
 *   takes it (admin, coordinator, focal-point, viewer)
 * @returns {Promise<{ url: URL, db: string, ct: (args: string[]) => Promise<string>,
 *   stop: () => Promise<void> }>}
 */
export async function startTeam(accounts) {
  const bin = process.env.CT_BIN ?? path.join(repo, "target/debug/ct");
  const dir = await mkdtemp(path.join(tmpdir(), "ct-e2e-team-"));
  const db = await freshDatabase(dir);
  const ct = (args, input) => run(bin, ["--db", db, "--keep-backups", "0", ...args], input);
  for (const a of accounts) {
    await ct(["users", "add", a.email, "--name", a.name, "--role", a.role, "--password-stdin"], PASSWORD);
  }
  const child = spawn(
    bin,
    ["--db", db, "--keep-backups", "0", "serve", "--team", "--listen", "127.0.0.1:0"],
    {
      env: { ...process.env, CT_UI_DIR: process.env.CT_UI_DIR ?? path.join(repo, "ui/dist") },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "Serving a team on" line within ${STARTUP_TIMEOUT_MS} ms\n${stderr}`)),
        STARTUP_TIMEOUT_MS,
      );
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`${bin} exited with ${code}\n${stderr}`)));
      createInterface({ input: child.stdout }).on("line", (line) => {
        const match = /^Serving a team on (\S+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(new URL(match[1]));
        }
      });
    });
    return { url, db, ct, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Signs a browser context in (its cookie jar gets the session) and sends the anti-CSRF header
 * with every request, as the team-mode transport will.
 * @param {import("playwright-core").BrowserContext} context
 */
export async function signIn(context, url, email) {
  await context.setExtraHTTPHeaders({ "x-ct-csrf": "1" });
  const response = await context.request.post(new URL("/auth/sign-in", url).href, {
    data: { email, password: PASSWORD },
  });
  if (!response.ok()) throw new Error(`sign-in ${email}: ${response.status()} ${await response.text()}`);
}
