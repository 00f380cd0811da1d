// A colleague's change, seen without reloading: on a team server, `GET /events` streams a notice
// after every successful change (`event: change`, data `{command, entity, id}`), and this
// module marks what the change made stale, so every view on screen asks again. One stream per
// page, opened once someone is signed in. One computer (the window, personal browser mode) has
// no colleagues and no stream.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useSession } from "../account";
import { invalidateAfterChange, type ChangedEntity } from "./queryKeys";

/** What a notice says changed (the server's `Entity`). */
export type NoticeEntity =
  | "report"
  | "commitment"
  | "framework"
  | "cycle"
  | "assignment"
  | "user"
  | "settings";

export type ChangeNotice = { command: string; entity: NoticeEntity; id: string | null };

// A Record, so that tsc fails when a kind of notice has no kind of change to invalidate.
const KIND: Record<NoticeEntity, ChangedEntity> = {
  report: "report",
  commitment: "commitment",
  framework: "framework",
  cycle: "cycle",
  assignment: "assignment",
  user: "user",
  settings: "settings",
};

function isNotice(value: unknown): value is ChangeNotice {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.command === "string" &&
    typeof v.entity === "string" &&
    v.entity in KIND &&
    (v.id === null || typeof v.id === "string")
  );
}

/** What a notice makes stale. Imports reach further than their entity says. */
export function changedBy(notice: ChangeNotice): ChangedEntity {
  switch (notice.command) {
    // A bundle brings catalogue, reports and cycles at once.
    case "import_bundle":
      return "all";
    // A catalogue import also creates organisations and categories.
    case "import_catalogue":
      return "catalogue";
    default:
      return KIND[notice.entity];
  }
}

// Waits before opening the stream again when the server refused it or closed it for good
// (EventSource retries by itself only after a dropped connection): doubled each time, up to
// a minute.
const FIRST_RETRY_MS = 2_000;
const LAST_RETRY_MS = 60_000;

/**
 * Opens the stream and keeps it open; returns what closes it. After any gap (the connection
 * dropped, the server said `resync` because this page fell behind, or `afterGap`: the page
 * had a stream before, say until its session ended) notices may have been missed, so
 * everything is asked again.
 */
export function startLiveChanges(queryClient: QueryClient, afterGap = false): () => void {
  let source: EventSource | null = null;
  let retry: number | undefined;
  let wait = FIRST_RETRY_MS;
  let gap = afterGap;
  let stopped = false;

  const everything = () => void invalidateAfterChange(queryClient, "all");
  const open = () => {
    const s = new EventSource("/events");
    source = s;
    s.addEventListener("open", () => {
      wait = FIRST_RETRY_MS;
      if (gap) everything();
      gap = false;
    });
    s.addEventListener("change", (event) => {
      let data: unknown = null;
      try {
        data = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      if (isNotice(data)) void invalidateAfterChange(queryClient, changedBy(data));
    });
    s.addEventListener("resync", everything);
    s.addEventListener("error", () => {
      gap = true;
      // CONNECTING: the browser is already trying again. CLOSED: it gave up (the server
      // answered with an error, say a proxy's 502); try again later.
      if (s.readyState !== EventSource.CLOSED || stopped) return;
      window.clearTimeout(retry);
      retry = window.setTimeout(() => {
        if (!stopped) open();
      }, wait);
      wait = Math.min(wait * 2, LAST_RETRY_MS);
    });
  };
  open();
  return () => {
    stopped = true;
    window.clearTimeout(retry);
    source?.close();
  };
}

/**
 * Keeps one stream open while someone is signed in to a team server (none on one computer;
 * none while a session has ended and the sign-in dialog waits).
 */
export function useLiveChanges(): void {
  const queryClient = useQueryClient();
  const session = useSession();
  const accountId =
    session.mode === "team" && session.state === "signedIn" ? session.user.id : null;
  const hadStream = useRef(false);
  useEffect(() => {
    if (accountId === null) return undefined;
    const stop = startLiveChanges(queryClient, hadStream.current);
    hadStream.current = true;
    return stop;
  }, [accountId, queryClient]);
}
