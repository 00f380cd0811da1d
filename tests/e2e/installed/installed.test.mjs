// The installed app, as a user starts it: run by scripts/test-installer.sh once the .deb is
// installed (dpkg -i) and before it is removed. It reads the menu entry the package put in
// /usr/share/applications, starts its Exec command under Xvfb with a fresh home directory, so
// the data goes to that person's per-user data directory, and looks at the catalogue (the
// startup probe's "first list painted", then the rows through WebDriver against the same
// installed binary). A PDF export checks that the typesetter was installed beside the app.
//
//   CT_DESKTOP_ENTRY   the installed .desktop file
//   CT_INSTALLED_HOME  the home directory to run in (left in place: the script checks the data
//                      is still there after `dpkg -r`)
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { access, mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { remote } from "webdriverio";
import { CatalogueWindow } from "../window/CatalogueWindow.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const artifacts = path.join(repo, "tests/e2e/artifacts");
const entryFile = process.env.CT_DESKTOP_ENTRY;
const home = process.env.CT_INSTALLED_HOME;
const run = promisify(execFile);

/** The person's environment: their home, no other data directory or database named. */
function userEnv(extra = {}) {
  const env = { ...process.env, HOME: home, ...extra };
  for (const name of ["XDG_DATA_HOME", "COMMITMENT_TRACKER_DB", "CT_TYPESETTER"]) delete env[name];
  return env;
}

/** The keys of a desktop entry's [Desktop Entry] group. */
function parseEntry(text) {
  const keys = {};
  let group = "";
  for (const line of text.split("\n")) {
    const g = line.match(/^\[(.+)\]$/);
    if (g) group = g[1];
    else if (group === "Desktop Entry" && /^[A-Za-z]+=/.test(line)) {
      const at = line.indexOf("=");
      keys[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return keys;
}

/**
 * The Exec key as argv, per the Desktop Entry Specification: double-quoted arguments, and
 * field codes (%f, %U, …) dropped, as a launcher given no files does.
 */
function execArgv(exec) {
  const args = [];
  for (const m of exec.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    const arg = m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2];
    if (!/^%[a-zA-Z]$/.test(arg)) args.push(arg);
  }
  return args;
}

/** A program name resolved through PATH, as the launcher does. */
async function resolve(program) {
  if (program.includes("/")) return program;
  for (const dir of (process.env.PATH ?? "").split(":")) {
    const candidate = path.join(dir, program);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${program} is not on PATH`);
}

let entry;
let argv;
let program;

before(async () => {
  assert.ok(entryFile && home, "CT_DESKTOP_ENTRY and CT_INSTALLED_HOME must be set");
  await mkdir(artifacts, { recursive: true });
  entry = parseEntry(await readFile(entryFile, "utf8"));
  argv = execArgv(entry.Exec ?? "");
  program = await resolve(argv[0]);
});

test("the menu entry names the app, its icon and an installed program", async () => {
  assert.equal(entry.Type, "Application");
  assert.equal(entry.Name, "Commitment Tracker");
  assert.equal(entry.Terminal, "false");
  assert.match(entry.Categories ?? "", /Office/);
  assert.equal(program, "/usr/bin/commitment-tracker");
  // The icon theme's largest copy of the app's icon.
  await access(`/usr/share/icons/hicolor/512x512/apps/${entry.Icon}.png`);
});

test("the person says who they are with the installed command line; the data goes to their data directory", async () => {
  await run(program, ["identity", "--name", "Installer Test", "--role", "coordinator"], { env: userEnv() });
  const db = path.join(home, ".local/share/org.commitmenttracker.desktop/commitment-tracker.sqlite3");
  assert.ok((await stat(db)).size > 0);
});

test("the menu entry's command opens the window on IOM's catalogue", async () => {
  const child = spawn(program, argv.slice(1), {
    env: userEnv({ CT_STARTUP_PROBE: "1" }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const painted = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no first rows painted in 60 s:\n${stderr}`)), 60_000);
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      if (/first list painted after \d+ ms/.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`the app exited (${code}) before painting:\n${stderr}`)));
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    await painted;
    assert.match(stderr, /first list served after \d+ ms/);
    assert.doesNotMatch(stderr, /error:/);
    await run("import", ["-window", "root", path.join(artifacts, "installed-catalogue.png")]);
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
});

test("the installed window lists IOM's 19 commitments (WebDriver)", async () => {
  // Beside the window tests' tauri-driver (4444, its WebKitWebDriver on 4445).
  const port = Number(process.env.CT_INSTALLED_DRIVER_PORT ?? 4446);
  // The app inherits tauri-driver's environment: the person's home.
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
    env: userEnv(),
    stdio: "ignore",
  });
  const driverExited = new Promise((resolve) => driver.once("exit", resolve));
  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      connectionRetryCount: 10,
      capabilities: {
        browserName: "wry",
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: program, args: argv.slice(1) },
      },
    });
    const win = new CatalogueWindow(browser);
    await win.waitForRows(19);
    const ids = await win.rowIds();
    assert.equal(ids[0], "200001");
    assert.equal(ids[18], "200019");
  } finally {
    await browser?.deleteSession().catch(() => {});
    driver.kill("SIGTERM");
    await driverExited;
  }
});

test("a PDF export finds the typesetter installed beside the app", async () => {
  const out = path.join(home, "annual-report.pdf");
  await run(program, ["export", "--format", "pdf", "--year", "2019", "--out", out], { env: userEnv() });
  const head = (await readFile(out)).subarray(0, 5).toString("latin1");
  assert.equal(head, "%PDF-");
  const { stdout } = await run("pdftotext", [out, "-"]);
  assert.match(stdout, /2019/);
});

