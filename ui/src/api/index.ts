// The only door to the backend. In the desktop window it goes through the single Tauri
// command `api`; in browser mode through `POST /api/<cmd>` guarded by the session token.
import { invoke } from "@tauri-apps/api/core";
import { openUrl } from "@tauri-apps/plugin-opener";
import type { ApiError } from "../bindings/ApiError";
import type { Commands } from "../bindings/Commands";
import type { ErrorKind } from "../bindings/ErrorKind";

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
  const message = value instanceof Error ? value.message : String(value);
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

export type CallOptions = {
  /**
   * Browser mode: let the request outlive the page (used to keep editor text when the tab is
   * hidden or closed). Browsers cap such bodies at 64 KiB; a larger one is sent normally.
   */
  keepalive?: boolean;
};

async function callBrowser(cmd: string, args: unknown, options: CallOptions): Promise<unknown> {
  const json = JSON.stringify(args);
  const init: RequestInit = {
    method: "POST",
    headers: { "content-type": "application/json", "x-ct-token": browserToken() },
    body: json,
    keepalive: options.keepalive === true && new TextEncoder().encode(json).length < 60_000,
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
