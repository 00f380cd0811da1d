// The only door to the backend. In the desktop window it goes through the single Tauri
// command `api`; in browser mode through `POST /api/<cmd>` guarded by the session token; on a
// team server (no token in the address, and `GET /auth/session` answers 200 or 401) as the
// signed-in account, through team.ts.
import { invoke } from "@tauri-apps/api/core";
import { openUrl } from "@tauri-apps/plugin-opener";
import type { ApiError } from "../bindings/ApiError";
import type { Commands } from "../bindings/Commands";
import type { ErrorKind } from "../bindings/ErrorKind";
import type { FileSource } from "../bindings/FileSource";
import type { Framework } from "../bindings/Framework";
import type { FrameworkImport } from "../bindings/FrameworkImport";
import type { FrameworkInput } from "../bindings/FrameworkInput";
import type { FrameworkUpdate } from "../bindings/FrameworkUpdate";
import type { ImportRequest } from "../bindings/ImportRequest";
import type { SignedIn } from "../bindings/SignedIn";
import type { TextFile } from "../bindings/TextFile";
import * as team from "./team";

export type { ApiError };

// A Record, so that tsc fails when the generated ErrorKind gains a kind this list lacks
// (an unknown kind would otherwise turn a real server error into an "io" one).
const KINDS: Record<ErrorKind, null> = {
  validation: null,
  not_found: null,
  conflict: null,
  locked: null,
  cancelled: null,
  duplicate: null,
  schema_too_new: null,
  not_our_database: null,
  bad_request: null,
  forbidden: null,
  unauthorized: null,
  throttled: null,
  unavailable: null,
  offline: null,
  outdated: null,
  storage: null,
  io: null,
};
const ERROR_KINDS: ReadonlySet<string> = new Set(Object.keys(KINDS));

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.kind === "string" &&
    ERROR_KINDS.has(v.kind) &&
    typeof v.message === "string" &&
    (v.field === null || typeof v.field === "string")
  );
}

/** Anything thrown below that is not already an ApiError (network down, broken body) becomes one. */
function toApiError(value: unknown): ApiError {
  if (isApiError(value)) return value;
  const message =
    value instanceof Error
      ? value.message
      : typeof value === "object" && value !== null && "message" in value
        ? String(value.message)
        : String(value);
  return { kind: "io", message, field: null };
}

const TOKEN_KEY = "ct.token";

/** The token arrives once as `?token=`; sessionStorage keeps it across reloads of this tab. */
function browserToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get("token");
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

const inTauri = "__TAURI_INTERNALS__" in window;

// A page opened without the personal server's token may be a team server's: ask once, before
// the first request goes out. The window and a page with a token never ask.
const teamCandidate = !inTauri && browserToken() === "";
const teamChecked: Promise<void> = teamCandidate ? team.checkSession() : Promise.resolve();

/** Whether requests go to a team server (known once `teamChecked` has settled). */
async function onTeamServer(): Promise<boolean> {
  if (!teamCandidate) return false;
  await teamChecked;
  return team.currentSession().mode === "team";
}

export type CallOptions = {
  /**
   * Browser mode: let the request outlive the page (used to keep editor text when the tab is
   * hidden or closed). Browsers cap such bodies at 64 KiB; a larger one is sent normally.
   */
  keepalive?: boolean;
};

async function callBrowser(cmd: string, args: unknown, options: CallOptions): Promise<unknown> {
  const json = JSON.stringify(args);
  const keepalive = options.keepalive === true && new TextEncoder().encode(json).length < 60_000;
  if (await onTeamServer()) return team.teamCall(cmd, json, keepalive);
  const init: RequestInit = {
    method: "POST",
    headers: { "content-type": "application/json", "x-ct-token": browserToken() },
    body: json,
    keepalive,
  };
  let response: Response;
  try {
    response = await fetch(`/api/${cmd}`, init);
  } catch (e) {
    throw toApiError(e);
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  throw isApiError(body)
    ? body
    : toApiError(`HTTP ${response.status} ${response.statusText}`.trim());
}

export async function call<K extends keyof Commands>(
  cmd: K,
  args: Commands[K]["args"],
  options: CallOptions = {},
): Promise<Commands[K]["result"]> {
  try {
    const result = inTauri
      ? await invoke("api", { cmd, args })
      : await callBrowser(cmd, args, options);
    return result as Commands[K]["result"];
  } catch (e) {
    throw toApiError(e);
  }
}

// --- Frameworks ----------------------------------------------------------------------------

export function createFramework(input: FrameworkInput): Promise<Framework> {
  return call("create_framework", input);
}

/** Refused with a conflict when someone saved the framework after `expectedVersion`. */
export function updateFramework(u: FrameworkUpdate): Promise<Framework> {
  return call("update_framework", u);
}

/**
 * Reads a framework file (CSV/XLSX with one category a row, or JSON) and adds the framework or
 * updates the one with its code: a preview unless `apply`. A refusal of the file says its row
 * and column (field "file", or the framework's field such as "categories[2].code").
 */
export function importFramework(request: ImportRequest): Promise<FrameworkImport> {
  return call("import_framework", request);
}

/** A framework file to fill in: the table form (CSV), or JSON. */
export function frameworkTemplate(format: "csv" | "json"): Promise<TextFile> {
  return format === "csv" ? call("framework_template_csv", {}) : call("framework_template", {});
}

/** Web and mail addresses only: anything else (javascript:, data:, file:, relative) is never a link. */
export function isSafeUrl(url: string): boolean {
  const lower = url.trim().toLowerCase();
  return ["https://", "http://", "mailto:"].some(
    (prefix) => lower.startsWith(prefix) && lower.length > prefix.length,
  );
}

/**
 * Opens a web or mail address outside the app: in the person's browser (window) or a new tab
 * (browser mode), never inside the app's own webview. Other addresses are ignored.
 */
export async function openExternal(url: string): Promise<void> {
  if (!isSafeUrl(url)) return;
  if (inTauri) {
    await openUrl(url.trim());
  } else {
    window.open(url.trim(), "_blank", "noopener,noreferrer");
  }
}

// --- Files ---------------------------------------------------------------------------------
// Exports are written by the server: to the path chosen in the window's save dialog, or (browser
// mode) to a temporary file the page then downloads once. Imports read a path chosen in the
// window's open dialog, or the content of a file the browser page was given.

/** Whether the page runs inside the desktop window (native dialogs) or in a browser tab. */
export function isDesktop(): boolean {
  return inTauri;
}

/** The dialog plugin loads only in the window, and only when a dialog is first needed. */
async function dialog() {
  return import("@tauri-apps/plugin-dialog");
}

/**
 * Window: asks where to save with the native dialog; resolves to the chosen path, or null when
 * the person cancels. Browser mode has no such dialog and always resolves to null.
 */
export async function saveFile({
  defaultName,
  extension,
}: {
  defaultName: string;
  extension: string;
}): Promise<string | null> {
  if (!inTauri) return null;
  try {
    const { save } = await dialog();
    return await save({
      defaultPath: defaultName,
      filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
    });
  } catch (e) {
    throw toApiError(e);
  }
}

/**
 * Window: asks for one file with the native dialog; resolves to its path, or null when the
 * person cancels. Browser mode reads files through `<input type="file">` instead: always null.
 */
export async function openFile({ extensions }: { extensions: string[] }): Promise<string | null> {
  if (!inTauri) return null;
  try {
    const { open } = await dialog();
    const chosen = await open({
      multiple: false,
      directory: false,
      filters: [{ name: extensions.map((e) => e.toUpperCase()).join(", "), extensions }],
    });
    return typeof chosen === "string" ? chosen : null;
  } catch (e) {
    throw toApiError(e);
  }
}

/** Hands a Blob to the browser as a download named `fileName` (the link never enters the page). */
function offerBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the address is freed a while later, not at once, because
  // some browsers read it asynchronously.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Browser mode: fetches an export the server wrote (`ExportOutcome.downloadId`; it is served
 * once, then deleted) and offers it as a download named `fileName`.
 */
export async function download(downloadId: string, fileName: string): Promise<void> {
  if (await onTeamServer()) {
    try {
      offerBlob(await team.teamDownload(downloadId), fileName);
    } catch (e) {
      throw toApiError(e);
    }
    return;
  }
  let response: Response;
  try {
    response = await fetch(`/download/${encodeURIComponent(downloadId)}`, {
      headers: { "x-ct-token": browserToken() },
      cache: "no-store",
    });
  } catch (e) {
    throw toApiError(e);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw isApiError(body)
      ? body
      : toApiError(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  try {
    offerBlob(await response.blob(), fileName);
  } catch (e) {
    throw toApiError(e);
  }
}

/** Offers text the page already holds (the import template) as a download. */
export function downloadText(fileName: string, content: string, type = "text/csv"): void {
  offerBlob(new Blob([content], { type: `${type};charset=utf-8` }), fileName);
}

/** A file the browser page was given, as base64 (`FileSource.contentBase64`). */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === "string" ? reader.result : "";
      // A data URL: "data:<type>;base64,<content>".
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () =>
      reject({
        ...toApiError(reader.error ?? `${file.name}: the file could not be read`),
        field: "file",
      });
    reader.readAsDataURL(file);
  });
}

/**
 * A file the browser page was given, as an import's source: on a team server it is uploaded
 * first (`POST /upload`) and named by its upload id; in personal browser mode its content
 * travels in the request (base64).
 */
export async function browserFileSource(file: File): Promise<FileSource> {
  if (await onTeamServer()) {
    try {
      const { uploadId, name } = await team.teamUpload(file);
      return { name, path: null, contentBase64: null, uploadId };
    } catch (e) {
      throw { ...toApiError(e), field: "file" };
    }
  }
  return { name: file.name, path: null, contentBase64: await readAsBase64(file) };
}

// --- Team server: the signed-in account ----------------------------------------------------

export type { Departure, Session } from "./team";
export {
  currentSession,
  departure,
  recheckSession,
  retryCheck,
  signInWithOrganisation,
  singleSignOnMessage,
  singleSignOnRefusal,
  subscribe as subscribeSession,
} from "./team";

/** A refused sign-in: an ApiError, and when throttled the seconds `Retry-After` gave. */
export type SignInError = ApiError & { retryAfterSecs?: number };

/** Signs in with an e-mail and a password (kind `unauthorized` when wrong, `throttled`). */
export async function signIn(email: string, password: string): Promise<SignedIn> {
  try {
    return await team.signIn(email, password);
  } catch (e) {
    const error: SignInError = toApiError(e);
    if (typeof e === "object" && e !== null && "retryAfterSecs" in e && typeof e.retryAfterSecs === "number") {
      error.retryAfterSecs = e.retryAfterSecs;
    }
    throw error;
  }
}

/** Signs out of this browser, or (`everywhere`) every session of the account; then reloads. */
export async function signOut(everywhere: boolean): Promise<void> {
  try {
    await team.signOut(everywhere);
  } catch (e) {
    throw toApiError(e);
  }
}
