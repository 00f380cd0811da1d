// Starts the real team server (`ct serve --team`) on a fresh database (SQLite, or PostgreSQL
// when CT_E2E_PG is set: see freshDatabase) and an ephemeral loopback port, with accounts made
// by the real `ct users add … --password-stdin`. Shared by the team browser tests.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { freshDatabase } from "./server.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const STARTUP_TIMEOUT_MS = 30_000;
const bin = () => process.env.CT_BIN ?? path.join(repo, "target/debug/ct");

/** A password the server's policy accepts (12+ characters, not a common one). */
export const PASSWORD = "correct horse battery staple 7";

/**
 * @typedef {{ email: string, name: string, role: "admin" | "coordinator" | "focal-point" | "viewer", password?: string | null }} Account
 *   `password: null` makes a single-sign-on-only account; by default PASSWORD.
 */

/**
 * Runs `ct --db DB ARGS…` to completion, feeding `input` on standard input.
 * @param {string} db
 * @param {string[]} args
 * @param {string} [input]
 * @returns {Promise<string>} its standard output
 */
export function ct(db, args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(bin(), ["--db", db, "--keep-backups", "0", ...args], (error, stdout, stderr) => {
      if (error) reject(new Error(`ct ${args.join(" ")}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin?.end(input ?? "");
  });
}

/**
 * Adds an account with the real command line.
 * @param {string} db
 * @param {Account} account
 */
export async function addAccount(db, { email, name, role, password = PASSWORD }) {
  const args = ["users", "add", email, "--name", name, "--role", role];
  if (password !== null) args.push("--password-stdin");
  await ct(db, args, password ?? "");
}

/**
 * Starts `ct serve --team` on `db`, listening on `listen`; resolves once it prints its address.
 * @param {string} db
 * @param {string} listen e.g. "127.0.0.1:0"
 * @param {string[]} args more `serve` arguments
 */
async function serveTeam(db, listen, args) {
  const child = spawn(
    bin(),
    ["--db", db, "--keep-backups", "0", "serve", "--team", "--listen", listen, ...args],
    {
      env: { ...process.env, CT_UI_DIR: process.env.CT_UI_DIR ?? path.join(repo, "ui/dist") },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no "Serving a team on" line within ${STARTUP_TIMEOUT_MS} ms\n${stderr}`)),
        STARTUP_TIMEOUT_MS,
      );
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`${bin()} exited with ${code}\n${stderr}`)));
      createInterface({ input: child.stdout }).on("line", (line) => {
        const match = /^Serving a team on (\S+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(new URL(match[1]));
        }
      });
    });
    return { url, kill };
  } catch (error) {
    await kill();
    throw error;
  }
}

/**
 * @param {{ accounts?: Account[], args?: string[] }} [options] accounts: made before the server
 *   starts (the first is usually the admin); args: more `serve` arguments
 * @returns {Promise<{ url: URL, db: string, dir: string, ct: (args: string[], input?: string) => Promise<string>, pause: () => Promise<void>, resume: () => Promise<void>, stop: () => Promise<void> }>}
 *   url: the server's address (no token: people sign in); pause: the server process ends (its
 *   database stays); resume: it starts again on the same database and port; stop: it ends and
 *   its database is deleted
 */
export async function startTeamServer(options = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), "ct-e2e-team-"));
  const db = await freshDatabase(dir);
  // Opening the database once creates and seeds it before accounts are added.
  await ct(db, ["users", "list"]);
  for (const account of options.accounts ?? []) await addAccount(db, account);

  const args = options.args ?? [];
  let running;
  try {
    running = await serveTeam(db, "127.0.0.1:0", args);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const url = running.url;
  /** @type {Promise<void> | null} */
  let paused = null;
  const pause = async () => {
    paused ??= running.kill();
    await paused;
  };
  const resume = async () => {
    await pause();
    running = await serveTeam(db, url.host, args);
    paused = null;
  };
  const stop = async () => {
    await pause();
    await rm(dir, { recursive: true, force: true });
  };
  return { url, db, dir, ct: (a, input) => ct(db, a, input), pause, resume, stop };
}

/**
 * Signs in over HTTP (no browser) and returns a caller of the API as that account, for setting
 * up data the way a colleague would.
 * @param {{ url: URL }} server
 * @param {string} email
 * @param {string} [password]
 * @returns {Promise<(cmd: string, args?: object) => Promise<any>>}
 */
export async function apiAs(server, email, password = PASSWORD) {
  const response = await fetch(new URL("/auth/sign-in", server.url), {
    method: "POST",
    headers: { "content-type": "application/json", "x-ct-csrf": "1" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email}: HTTP ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
  return async (cmd, args = {}) => {
    const r = await fetch(new URL(`/api/${cmd}`, server.url), {
      method: "POST",
      headers: { "content-type": "application/json", "x-ct-csrf": "1", cookie },
      body: JSON.stringify(args),
    });
    const body = await r.json();
    if (!r.ok) throw Object.assign(new Error(`${cmd}: ${body.message}`), { status: r.status, body });
    return body;
  };
}

/**
 * Signs in through the page's form (the page must be on the sign-in form).
 * @param {import("playwright-core").Page} page
 * @param {string} email
 * @param {string} [password]
 */
export async function signInThroughPage(page, email, password = PASSWORD) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByTestId("sign-in-submit").click();
}

/**
 * Ends every session of an account from outside the browser (as its owner would from another
 * device): signs in over HTTP, then `POST /auth/sign-out-everywhere`.
 * @param {{ url: URL }} server
 * @param {string} email
 * @param {string} [password]
 */
export async function signOutEverywhere(server, email, password = PASSWORD) {
  const response = await fetch(new URL("/auth/sign-in", server.url), {
    method: "POST",
    headers: { "content-type": "application/json", "x-ct-csrf": "1" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email}: HTTP ${response.status}`);
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
  const out = await fetch(new URL("/auth/sign-out-everywhere", server.url), {
    method: "POST",
    headers: { "x-ct-csrf": "1", cookie },
  });
  if (!out.ok) throw new Error(`sign-out-everywhere of ${email}: HTTP ${out.status}`);
}
