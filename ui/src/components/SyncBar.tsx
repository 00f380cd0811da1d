import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { call, type ApiError } from "../api";
import { apiKey } from "../api/queryKeys";
import type { SyncStatus } from "../bindings/SyncStatus";
import { choicesOf, offeredOf, useNow, useRelativeTime, waitingOf } from "../sync";
import "../styles/sync.css";

/** The server's host name ("reports.example.org"), or the address as given. */
export function hostOf(server: string | null): string {
  if (!server) return "";
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

/**
 * Under the header while this database is a copy of a team server: whether it is in step
 * ("Synced 2 minutes ago"), offline, or too old for the server; the edits not yet sent and
 * those that need a choice; "Sync now".
 */
export function SyncBar({ status }: { status: SyncStatus }) {
  const { t } = useTranslation("sync");
  const queryClient = useQueryClient();
  const now = useNow(20_000);
  const when = useRelativeTime();
  const syncNow = useMutation<unknown, ApiError>({
    mutationFn: () => call("sync_now", {}),
    // Offline or not, the status now says how the try went.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: apiKey("sync_status", {}) }),
  });

  const last = when(status.lastSyncedAt, now);
  const waiting = waitingOf(status).length;
  const choices = choicesOf(status).length;
  const offered = offeredOf(status).length;
  let state: "outdated" | "offline" | "failed" | "synced";
  let text: string;
  if (status.outdated) {
    state = "outdated";
    text = t("bar.outdated");
  } else if (status.offline) {
    state = "offline";
    text = last ? t("bar.offline", { relative: last.relative }) : t("bar.offlineNever");
  } else if (status.lastError) {
    state = "failed";
    text = last ? t("bar.failed", { relative: last.relative }) : t("bar.failedNever");
  } else {
    state = "synced";
    text = last ? t("bar.synced", { relative: last.relative }) : t("bar.never");
  }
  // A failed "Sync now" that the status does not already explain (offline, outdated).
  const nowError =
    syncNow.error && !["offline", "outdated"].includes(syncNow.error.kind) ? syncNow.error : null;

  return (
    <section
      className="sync-bar"
      data-testid="sync-bar"
      data-state={state}
      aria-label={t("bar.label", { server: hostOf(status.server) })}
    >
      <p className="sync-state">
        <span className="sync-server">{hostOf(status.server)}</span>
        <span data-testid="sync-state" title={status.lastError ?? undefined}>
          {text}
        </span>
        {last && (
          <time
            className="sync-exact"
            dateTime={status.lastSyncedAt ?? undefined}
            data-testid="sync-exact"
          >
            {t("bar.exact", { time: last.exact })}
          </time>
        )}
      </p>
      <p className="sync-counts">
        {waiting > 0 && (
          <span className="sync-waiting" data-testid="sync-waiting">
            {t("bar.waiting", { count: waiting })}
          </span>
        )}
        {choices > 0 && (
          <Link to="/sync" className="sync-choices" data-testid="sync-choices">
            {t("bar.choices", { count: choices })}
          </Link>
        )}
        {offered > 0 && (
          <Link to="/sync" data-testid="sync-offered">
            {t("bar.offered", { count: offered })}
          </Link>
        )}
        {waiting + choices + offered === 0 && (
          <Link to="/sync" data-testid="sync-details">
            {t("bar.details")}
          </Link>
        )}
      </p>
      {nowError && (
        <p className="sync-error" role="alert" data-testid="sync-now-error">
          {t("bar.syncFailed", { message: nowError.message })}
        </p>
      )}
      <button
        type="button"
        className="sync-now"
        data-testid="sync-now"
        disabled={syncNow.isPending}
        onClick={() => syncNow.mutate()}
      >
        {syncNow.isPending ? t("bar.syncing") : t("bar.syncNow")}
      </button>
    </section>
  );
}
