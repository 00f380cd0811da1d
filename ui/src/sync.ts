// This database as an offline copy of a team server (issue #17, docs/decisions/0007): where
// the copy stands (`sync_status`), asked again every few seconds while it is linked, shared
// through context. The copy syncs by itself in the background (the window and `ct serve`
// start it); when the server's feed position it holds moves, colleagues' changes have
// arrived and every view asks again. On a team server, or a database never linked, the
// status says `linked: false` and nothing is polled.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { apiQuery } from "./api/queries";
import type { PendingChange } from "./bindings/PendingChange";
import type { SignedIn } from "./bindings/SignedIn";
import type { SyncStatus } from "./bindings/SyncStatus";

/** How often a linked copy's status is asked for (the background sync runs every ~10 s). */
export const POLL_MS = 3_000;

/** The copy's status once known; null before the first answer and when not linked. */
export const SyncContext = createContext<SyncStatus | null>(null);

/** The account a linked copy acts as (its `whoami`); null when not linked. */
export const LinkedAccountContext = createContext<SignedIn | null>(null);

/** Where the linked copy stands, or null when this database is not a copy. */
export function useSyncStatus(): SyncStatus | null {
  return useContext(SyncContext);
}

/** Whether this database is a copy of a team server that cannot be reached now. */
export function useOffline(): boolean {
  const status = useSyncStatus();
  return status !== null && status.offline;
}

/**
 * Asks for the status (every POLL_MS while linked) and, when the feed position held moves
 * or the link comes or goes, marks every other result stale. For App only.
 */
export function useSyncPolling(): { status: SyncStatus | null; account: SignedIn | null } {
  const queryClient = useQueryClient();
  const query = useQuery({
    ...apiQuery("sync_status", {}),
    refetchInterval: (q) => (q.state.data?.linked ? POLL_MS : false),
    // Polling goes on while the window is in the background: a colleague's change must be
    // there when the person comes back.
    refetchIntervalInBackground: true,
  });
  const linked = query.data?.linked ?? false;
  const account = useQuery(apiQuery("whoami", linked ? {} : null));
  // Position (or null when not linked) as seen last time: a change of either reloads.
  const position = query.data ? (linked ? query.data.position : null) : undefined;
  const seen = useRef<number | null | undefined>(undefined);
  useEffect(() => {
    if (position === undefined) return;
    const before = seen.current;
    seen.current = position;
    if (before === undefined || before === position) return;
    void queryClient.invalidateQueries({
      predicate: (q) => q.queryKey[0] !== "sync_status",
    });
  }, [position, queryClient]);
  return {
    status: linked && query.data ? query.data : null,
    account: linked ? (account.data ?? null) : null,
  };
}

/** Edits that wait for the person's choice (conflicts, refusals), then offered reports. */
export function choicesOf(status: SyncStatus): PendingChange[] {
  return status.pending.filter((p) => p.state === "Conflict" || p.state === "Refused");
}

export function offeredOf(status: SyncStatus): PendingChange[] {
  return status.pending.filter((p) => p.state === "Offered");
}

export function waitingOf(status: SyncStatus): PendingChange[] {
  return status.pending.filter((p) => p.state === "Pending");
}

/** The current time, again every `everyMs` (for "2 minutes ago" that stays true). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/**
 * "2 minutes ago" and the exact time ("10:32", or the date and time when not today), in the
 * reader's language; null for a missing or broken time.
 */
export function useRelativeTime(): (iso: string | null, now: number) => {
  relative: string;
  exact: string;
} | null {
  const { t, i18n } = useTranslation("sync");
  const language = i18n.resolvedLanguage;
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
  const time = new Intl.DateTimeFormat(language, { timeStyle: "short" });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
  return (iso, now) => {
    if (iso === null) return null;
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return null;
    const secs = Math.round((at.getTime() - now) / 1000);
    // Under a minute: "just now" (the seconds would change at every poll).
    let relative = t("bar.justNow");
    for (const [unit, size] of UNITS) {
      if (Math.abs(secs) >= size) {
        relative = rtf.format(Math.trunc(secs / size), unit);
        break;
      }
    }
    const today = new Date(now).toDateString() === at.toDateString();
    return { relative, exact: (today ? time : dateTime).format(at) };
  };
}
