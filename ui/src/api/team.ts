// The team server's side of the transport (`ct serve --team`): who is signed in, and requests
// made with the session cookie. index.ts is still the only door; it sends a page's requests
// here when `GET /auth/session` answered like a team server (200 or 401), and nowhere else:
// the window and the personal browser mode never reach this file's requests.
//
// A request refused with 401 (the session expired, or was ended from another browser) does
// not fail: it waits until the same account signs in again, then goes again. So a page keeps
// what was typed in it, and the report editor's pending autosave lands after the sign-in
// instead of being dropped. If the page must be left meanwhile (single sign-on goes through
// the provider's pages; a reload), the waiting autosaves are kept in sessionStorage and sent
// once the same account is back.
import type { SignedIn } from "../bindings/SignedIn";

/** What the page knows about its server. */
export type Session =
  /** The window, or browser mode on one computer (`?token=`): no accounts. */
  | { mode: "local" }
  | { mode: "team"; state: "checking" }
  | { mode: "team"; state: "unreachable"; message: string }
  | { mode: "team"; state: "signedIn"; user: SignedIn }
  | {
      mode: "team";
      state: "signedOut";
      /** The server offers "Sign in with your organisation" (OpenID Connect). */
      singleSignOn: boolean;
      /** The account whose session ended while this page was open (its requests wait). */
      lost: SignedIn | null;
    };

/** A refusal as the server sent it (`{kind, message, field}`), or what went wrong instead. */
export type Failure = { kind: string; message: string; field: string | null };

/** A refused sign-in; `retryAfterSecs` comes from `Retry-After` when throttled. */
export type SignInFailure = Failure & { retryAfterSecs?: number };

/** Why the page is on the sign-in form after leaving on purpose (kept across the reload). */
export type Departure = "signedOut" | "signedOutEverywhere";

const PENDING_KEY = "ct.pendingAutosaves";
const RETURN_KEY = "ct.returnTo";
const DEPARTURE_KEY = "ct.departure";

const CSRF = { "x-ct-csrf": "1" } as const;

let session: Session = { mode: "local" };
// What the 401 of /auth/session said about single sign-on (a session that ends later is
// signed in again the same ways).
let lastSingleSignOn = false;
const listeners = new Set<() => void>();

function set(next: Session) {
  session = next;
  for (const listener of listeners) listener();
}

/** For `useSyncExternalStore`. */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentSession(): Session {
  return session;
}

function failure(response: Response, body: unknown): Failure {
  if (typeof body === "object" && body !== null) {
    const b = body as Record<string, unknown>;
    if (typeof b.kind === "string" && typeof b.message === "string") {
      return { kind: b.kind, message: b.message, field: typeof b.field === "string" ? b.field : null };
    }
  }
  return { kind: "io", message: `HTTP ${response.status} ${response.statusText}`.trim(), field: null };
}

const networkFailure = (e: unknown): Failure => ({
  kind: "io",
  message: e instanceof Error ? e.message : String(e),
  field: null,
});

// --- Finding out -------------------------------------------------------------------------

let checked: Promise<void> | null = null;

/**
 * Asks `GET /auth/session` once: 200 is a team server with this browser signed in, 401 a team
 * server without (its body's `singleSignOn: true` offers the organisation's sign-in); anything
 * else (the personal server answers 404) leaves the page as it was. Later calls get the same
 * answer.
 */
export function checkSession(): Promise<void> {
  checked ??= probe();
  return checked;
}

async function probe(): Promise<void> {
  set({ mode: "team", state: "checking" });
  let response: Response;
  try {
    response = await fetch("/auth/session", { cache: "no-store", credentials: "same-origin" });
  } catch (e) {
    set({ mode: "team", state: "unreachable", message: networkFailure(e).message });
    return;
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 200 && isSignedIn(body)) {
    await arrived(body);
  } else if (response.status === 401) {
    lastSingleSignOn = offersSingleSignOn(body);
    set({ mode: "team", state: "signedOut", singleSignOn: lastSingleSignOn, lost: null });
  } else {
    set({ mode: "local" });
  }
}

/**
 * Asks whether this page's session still holds (say when the change notices' stream ended):
 * if it ended, the sign-in dialog shows at once rather than at the next request.
 */
export async function recheckSession(): Promise<void> {
  if (session.mode !== "team" || session.state !== "signedIn") return;
  const response = await fetch("/auth/session", { cache: "no-store", credentials: "same-origin" }).catch(
    () => null,
  );
  if (response?.status === 401) void afterSignIn();
}

/** Asks again after the server could not be reached. */
export function retryCheck(): Promise<void> {
  checked = probe();
  return checked;
}

function isSignedIn(value: unknown): value is SignedIn {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === "string" && typeof v.name === "string" && typeof v.role === "string";
}

function offersSingleSignOn(body: unknown): boolean {
  return (
    typeof body === "object" &&
    body !== null &&
    (body as Record<string, unknown>).singleSignOn === true
  );
}

// --- Waiting for a sign-in ---------------------------------------------------------------

/** Requests refused with 401, waiting for their account to sign in again. */
type Waiting = { cmd: string; body: string };
const waiting = new Set<Waiting>();
let signedInAgain: { promise: Promise<void>; resolve: () => void } | null = null;

/** Resolves when the account this page was signed in as is signed in again. */
function afterSignIn(): Promise<void> {
  if (session.mode === "team" && session.state === "signedIn") {
    set({ mode: "team", state: "signedOut", singleSignOn: lastSingleSignOn, lost: session.user });
  }
  if (!signedInAgain) {
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    signedInAgain = { promise, resolve };
  }
  return signedInAgain.promise;
}

/** An account is signed in (at start, or after the sign-in form). */
async function arrived(user: SignedIn) {
  const previous = session.mode === "team" && session.state === "signedOut" ? session.lost : null;
  if (previous && previous.id !== user.id) {
    // Someone else signed in on a page that held another person's work and cache: start
    // afresh. The other person's waiting requests are not theirs to send.
    waiting.clear();
    sessionStorage.removeItem(PENDING_KEY);
    window.location.hash = "#/";
    window.location.reload();
    return;
  }
  await replayPendingAutosaves(user);
  restoreReturnTo();
  set({ mode: "team", state: "signedIn", user });
  signedInAgain?.resolve();
  signedInAgain = null;
}

/** Keeps the autosaves still waiting when the page goes away, to send them after sign-in. */
function keepWaitingAutosaves() {
  if (session.mode !== "team" || session.state !== "signedOut" || !session.lost) return;
  const bodies = [...waiting].filter((w) => w.cmd === "autosave_put").map((w) => w.body);
  if (bodies.length === 0) return;
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ userId: session.lost.id, bodies }));
}

async function replayPendingAutosaves(user: SignedIn) {
  const raw = sessionStorage.getItem(PENDING_KEY);
  if (raw === null) return;
  sessionStorage.removeItem(PENDING_KEY);
  let kept: unknown;
  try {
    kept = JSON.parse(raw);
  } catch {
    return;
  }
  if (typeof kept !== "object" || kept === null) return;
  const { userId, bodies } = kept as Record<string, unknown>;
  if (userId !== user.id || !Array.isArray(bodies)) return;
  // In the order typed; a refusal (the report changed meanwhile) leaves the older kept text.
  for (const body of bodies) {
    if (typeof body !== "string") continue;
    await fetch("/api/autosave_put", {
      method: "POST",
      headers: { "content-type": "application/json", ...CSRF },
      body,
      credentials: "same-origin",
    }).catch(() => undefined);
  }
}

/** Where a page opened through single sign-on goes back to once signed in. */
function restoreReturnTo() {
  const target = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  if (target && target.startsWith("#/") && (window.location.hash === "" || window.location.hash === "#/")) {
    window.location.hash = target;
  }
}

window.addEventListener("pagehide", keepWaitingAutosaves);
// Back to a tab left open: if its session ended meanwhile, say so now, not at the next save.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") void recheckSession();
});

// --- Requests ----------------------------------------------------------------------------

/**
 * `fetch` with the session cookie and, except for GET, the anti-CSRF header; a 401 waits for
 * the account to sign in again and goes again. Rejects with a `Failure`.
 */
async function send(url: string, init: RequestInit, cmd: string, body: string | null) {
  const entry: Waiting | null = body === null ? null : { cmd, body };
  for (;;) {
    let response: Response;
    try {
      response = await fetch(url, {
        ...init,
        credentials: "same-origin",
        headers: { ...(init.headers as Record<string, string>), ...(init.method === "POST" ? CSRF : {}) },
      });
    } catch (e) {
      throw networkFailure(e);
    }
    if (response.status !== 401) {
      if (entry) waiting.delete(entry);
      return response;
    }
    if (entry) waiting.add(entry);
    await afterSignIn();
  }
}

async function json(response: Response): Promise<unknown> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  throw failure(response, body);
}

/** `POST /api/<cmd>` as the signed-in account. */
export async function teamCall(cmd: string, body: string, keepalive: boolean): Promise<unknown> {
  const response = await send(
    `/api/${cmd}`,
    { method: "POST", headers: { "content-type": "application/json" }, body, keepalive },
    cmd,
    body,
  );
  return json(response);
}

/** What `POST /upload` answers. */
export type Uploaded = { uploadId: string; name: string; bytes: number };

/** Sends a file the page was given; an import then names `{name, uploadId}` as its source. */
export async function teamUpload(file: File): Promise<Uploaded> {
  const response = await send(
    `/upload?name=${encodeURIComponent(file.name)}`,
    { method: "POST", headers: { "content-type": "application/octet-stream" }, body: file },
    "upload",
    null,
  );
  return (await json(response)) as Uploaded;
}

/** `GET /download/<id>`: the signed-in account's own export. */
export async function teamDownload(downloadId: string): Promise<Blob> {
  const response = await send(
    `/download/${encodeURIComponent(downloadId)}`,
    { method: "GET", cache: "no-store" },
    "download",
    null,
  );
  if (!response.ok) await json(response);
  return response.blob();
}

// --- Signing in and out ------------------------------------------------------------------

/** `POST /auth/sign-in`: the account, or a `SignInFailure` (wrong: 401; throttled: 429). */
export async function signIn(email: string, password: string): Promise<SignedIn> {
  let response: Response;
  try {
    response = await fetch("/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json", ...CSRF },
      body: JSON.stringify({ email, password }),
      credentials: "same-origin",
    });
  } catch (e) {
    throw networkFailure(e);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok || !isSignedIn(body)) {
    const refused: SignInFailure = failure(response, body);
    const retry = Number(response.headers.get("retry-after"));
    if (Number.isFinite(retry) && retry > 0) refused.retryAfterSecs = retry;
    throw refused;
  }
  await arrived(body);
  return body;
}

/**
 * Leaves for the organisation's sign-in page (`GET /auth/oidc/start`), which sends the browser
 * back to `/` signed in. Where the person was, and autosaves still waiting, are kept for then.
 */
export function signInWithOrganisation() {
  const hash = window.location.hash;
  if (hash.startsWith("#/") && hash !== "#/") sessionStorage.setItem(RETURN_KEY, hash);
  keepWaitingAutosaves();
  window.location.assign("/auth/oidc/start");
}

/**
 * `POST /auth/sign-out` (this browser) or `/auth/sign-out-everywhere` (every session of the
 * account), then the page starts again at the sign-in form, saying so. A session that had
 * already ended (401) counts as signed out.
 */
export async function signOut(everywhere: boolean): Promise<void> {
  let response: Response;
  try {
    response = await fetch(everywhere ? "/auth/sign-out-everywhere" : "/auth/sign-out", {
      method: "POST",
      headers: CSRF,
      credentials: "same-origin",
    });
  } catch (e) {
    throw networkFailure(e);
  }
  if (response.status !== 401) await json(response);
  const left: Departure = everywhere ? "signedOutEverywhere" : "signedOut";
  sessionStorage.setItem(DEPARTURE_KEY, left);
  sessionStorage.removeItem(PENDING_KEY);
  waiting.clear();
  window.location.hash = "#/";
  window.location.reload();
}

/** Reads a value kept for the page's next start, once (a reload later does not repeat it). */
function takeOnce(key: string): string | null {
  const value = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  return value;
}

/** Why the sign-in form shows after leaving on purpose: read when the page starts. */
export const departure: Departure | null = ((value) =>
  value === "signedOut" || value === "signedOutEverywhere" ? value : null)(takeOnce(DEPARTURE_KEY));

/**
 * `?sso=<kind>` (an `ErrorKind`): the organisation's sign-in came back refused. Read when the
 * page starts, and taken out of the address so that a reload does not say it again.
 */
export const singleSignOnRefusal: string | null = (() => {
  const params = new URLSearchParams(window.location.search);
  const kind = params.get("sso");
  if (kind === null) return null;
  params.delete("sso");
  const query = params.toString();
  window.history.replaceState(
    null,
    "",
    `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`,
  );
  return kind;
})();
