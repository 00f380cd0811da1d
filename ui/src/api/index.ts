// The only door to the backend. In the desktop window it goes through the single Tauri
// command `api`; in browser mode through `POST /api/<cmd>` guarded by the session token.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError } from "../bindings/ApiError";
import type { Commands } from "../bindings/Commands";
import type { ErrorKind } from "../bindings/ErrorKind";

export type { ApiError };

const ERROR_KINDS: ReadonlySet<string> = new Set<ErrorKind>([
  "validation",
  "not_found",
  "conflict",
  "duplicate",
  "schema_too_new",
  "not_our_database",
  "bad_request",
  "forbidden",
  "storage",
  "io",
]);

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

async function callBrowser(cmd: string, args: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`/api/${cmd}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-ct-token": browserToken() },
      body: JSON.stringify(args),
    });
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
): Promise<Commands[K]["result"]> {
  try {
    const result = inTauri ? await invoke("api", { cmd, args }) : await callBrowser(cmd, args);
    return result as Commands[K]["result"];
  } catch (e) {
    throw toApiError(e);
  }
}
