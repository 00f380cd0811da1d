// Starts the real `ct serve` on a fresh database and an ephemeral port.
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const STARTUP_TIMEOUT_MS = 30_000;

/**
 * @param {{ generate?: { commitments: number, reports: number }, db?: string, env?: Record<string, string> }} [options]
 *   generate: fill the database with synthetic commitments (`ct generate`) instead of IOM's
 *   catalogue; db: serve this existing database file instead of a fresh one (it is left in
 *   place); env: more environment variables for the server
 * @returns {Promise<{ url: URL, stop: () => Promise<void> }>} url is the printed one, token included.
 */
export async function startServer(options = {}) {
  const bin = process.env.CT_BIN ?? path.join(repo, "target/debug/ct");
  const dir = await mkdtemp(path.join(tmpdir(), "ct-e2e-"));
  const db = options.db ?? (await freshDatabase(dir));
  if (options.generate) {
    const { commitments, reports } = options.generate;
    await promisify(execFile)(bin, [
      "--db", db, "--no-seed", "--keep-backups", "0", "generate",
      "--commitments", String(commitments), "--organisations", "3", "--reports", String(reports),
      "--years", "2", "--narrative-chars", "90", "--seed", "5",
    ]);
  }
  const child = spawn(bin, ["--db", db, "serve", "--port", "0"], {
    env: {
      ...process.env,
      CT_UI_DIR: process.env.CT_UI_DIR ?? path.join(repo, "ui/dist"),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
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
        () => reject(new Error(`no "Serving on" line within ${STARTUP_TIMEOUT_MS} ms\n${stderr}`)),
        STARTUP_TIMEOUT_MS,
      );
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`${bin} exited with ${code}\n${stderr}`)));
      createInterface({ input: child.stdout }).on("line", (line) => {
        const match = /^Serving on (\S+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(new URL(match[1]));
        }
      });
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A new database: a file in `dir`, or, when CT_E2E_PG names a PostgreSQL cluster (the URL of
 * its `postgres` database), a new database there (the suite's PostgreSQL run).
 * @param {string} dir
 * @returns {Promise<string>} what `--db` takes
 */
export async function freshDatabase(dir) {
  const cluster = process.env.CT_E2E_PG;
  if (!cluster) return path.join(dir, "t.db");
  const name = `e2e_${path.basename(dir).replace(/[^a-zA-Z0-9]/g, "_").toLowerCase()}`;
  await promisify(execFile)("psql", ["-q", cluster, "-c", `CREATE DATABASE ${name}`]);
  return cluster.replace("/postgres?", `/${name}?`);
}

/**
 * Calls the server's API directly, as another user's page would (to set up data).
 * @param {{ url: URL }} server
 * @param {string} cmd
 * @param {object} [args]
 */
export async function callApi(server, cmd, args = {}) {
  const response = await fetch(new URL(`/api/${cmd}`, server.url), {
    method: "POST",
    headers: { "content-type": "application/json", "x-ct-token": server.url.searchParams.get("token") },
    body: JSON.stringify(args),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`${cmd}: ${body.message}`);
  return body;
}
