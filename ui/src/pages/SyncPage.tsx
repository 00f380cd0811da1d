import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { reportHref } from "../addresses";
import { call, type ApiError } from "../api";
import { apiKey, invalidateAfterChange } from "../api/queryKeys";
import type { PendingChange } from "../bindings/PendingChange";
import type { ReportInput } from "../bindings/ReportInput";
import type { SyncResolution } from "../bindings/SyncResolution";
import type { SyncStatus } from "../bindings/SyncStatus";
import { useSession } from "../account";
import { ConfirmAction } from "../components/ConfirmAction";
import { ConnectForm } from "../components/ConnectForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { MergeView } from "../components/MergeView";
import { PageHeading } from "../components/PageHeading";
import { hostOf } from "../components/SyncBar";
import { useDateFormat } from "../hooks/useDateFormat";
import { choicesOf, offeredOf, useSyncStatus, waitingOf } from "../sync";
import "../styles/sync.css";

/**
 * `#/sync`: the team server this database is a copy of, and the edits not on it yet: those
 * that need the person's choice first (conflicts, refusals), then reports offered for upload
 * after linking, then those waiting to be sent.
 */
export function SyncPage() {
  const { t } = useTranslation("sync");
  const status = useSyncStatus();
  const session = useSession();
  if (!status) {
    return (
      <section className="sync-page" data-testid="sync-page" aria-labelledby="sync-heading">
        <PageHeading id="sync-heading">{t("page.title")}</PageHeading>
        <p className="note" data-testid="sync-not-linked">
          {t("page.notLinked")}{" "}
          {session.mode !== "team" && <Link to="/connect">{t("page.connect")}</Link>}
        </p>
      </section>
    );
  }
  return <Linked status={status} />;
}

/** Settles pending edit `number`, then tries to send at once; the status comes back. */
function useResolve() {
  const queryClient = useQueryClient();
  return useMutation<SyncStatus, ApiError, { number: number; resolution: SyncResolution }>({
    mutationFn: (args) => call("resolve_sync", args),
    onSuccess: (status) => {
      queryClient.setQueryData(apiKey("sync_status", {}), status);
      // "Take theirs" put the server's text back in the report; the others changed it.
      void invalidateAfterChange(queryClient, "report");
      // Sent now when the server can be reached; otherwise by the background sync later.
      void call("sync_now", {})
        .catch(() => null)
        .finally(() => void queryClient.invalidateQueries({ queryKey: apiKey("sync_status", {}) }));
    },
  });
}

function Linked({ status }: { status: SyncStatus }) {
  const { t } = useTranslation("sync");
  const { t: tc } = useTranslation();
  const { dateTime } = useDateFormat();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [unlinkError, setUnlinkError] = useState<ApiError | null>(null);
  const unlink = useMutation<SyncStatus, ApiError>({
    mutationFn: () => call("unlink_server", {}),
    onSuccess: async () => {
      await invalidateAfterChange(queryClient, "all");
      void navigate("/");
    },
    onError: setUnlinkError,
  });
  const choices = choicesOf(status);
  const offered = offeredOf(status);
  const waiting = waitingOf(status);
  const never = t("page.never");

  return (
    <section className="sync-page" data-testid="sync-page" aria-labelledby="sync-heading">
      <PageHeading id="sync-heading">{t("page.title")}</PageHeading>
      <dl className="sync-facts" data-testid="sync-facts">
        <dt>{t("page.server")}</dt>
        <dd data-testid="sync-server">{status.server}</dd>
        <dt>{t("page.account")}</dt>
        <dd>
          {status.name} &lt;{status.email}&gt;
          {status.role && ` · ${tc(`role.${status.role}`)}`}
        </dd>
        <dt>{t("page.lastSynced")}</dt>
        <dd>{status.lastSyncedAt ? dateTime(status.lastSyncedAt) : never}</dd>
        <dt>{t("page.lastAttempt")}</dt>
        <dd>{status.lastAttemptAt ? dateTime(status.lastAttemptAt) : never}</dd>
        {status.lastError && (
          <>
            <dt>{t("page.lastError")}</dt>
            <dd data-testid="sync-last-error">
              {status.outdated
                ? t("page.outdated")
                : status.offline
                  ? t("page.offline")
                  : t("page.failed")}{" "}
              <span className="alert-detail">{status.lastError}</span>
            </dd>
          </>
        )}
      </dl>

      {status.lastError && !status.offline && !status.outdated && status.server && (
        // The server refused the copy (its token was revoked or has expired): signing in
        // again makes a new token; the edits waiting here stay and go next.
        <section aria-labelledby="sync-again-heading" data-testid="sync-again">
          <h2 id="sync-again-heading">{t("page.againTitle")}</h2>
          <p className="hint">{t("page.againIntro")}</p>
          <ConnectForm
            labelledBy="sync-again-heading"
            again={{ server: status.server, email: status.email ?? "" }}
            onLinked={() => undefined}
          />
        </section>
      )}
      {status.pending.length === 0 && (
        <p className="notice" data-testid="sync-nothing">
          {t("page.nothing")}
        </p>
      )}
      {choices.length > 0 && (
        <section aria-labelledby="sync-choices-heading">
          <h2 id="sync-choices-heading">{t("page.choicesTitle")}</h2>
          <p className="hint">{t("page.choicesIntro")}</p>
          <PendingList items={choices} />
        </section>
      )}
      {offered.length > 0 && (
        <section aria-labelledby="sync-offered-heading">
          <h2 id="sync-offered-heading">{t("page.offeredTitle")}</h2>
          <p className="hint">{t("page.offeredIntro")}</p>
          <PendingList items={offered} />
        </section>
      )}
      {waiting.length > 0 && (
        <section aria-labelledby="sync-waiting-heading">
          <h2 id="sync-waiting-heading">{t("page.waitingTitle")}</h2>
          <p className="hint">{t("page.waitingIntro")}</p>
          <PendingList items={waiting} />
        </section>
      )}

      <h2>{t("page.disconnectTitle")}</h2>
      <p className="hint">{t("page.disconnectIntro")}</p>
      {unlinkError && <ErrorAlert error={unlinkError}>{t("page.disconnectFailed")}</ErrorAlert>}
      <div className="actions">
        <ConfirmAction
          className="secondary"
          label={t("page.disconnect")}
          prompt={t("page.disconnectPrompt", { server: hostOf(status.server) })}
          confirmLabel={t("page.disconnectButton")}
          onConfirm={() => unlink.mutate()}
          testId="sync-disconnect"
        />
      </div>
    </section>
  );
}

function PendingList({ items }: { items: PendingChange[] }) {
  return (
    <ul className="pending-list">
      {items.map((p) => (
        <PendingItem key={p.number} pending={p} />
      ))}
    </ul>
  );
}

function PendingItem({ pending }: { pending: PendingChange }) {
  const { t } = useTranslation("sync");
  const { dateTime } = useDateFormat();
  const resolve = useResolve();
  const [comparing, setComparing] = useState(false);
  const busy = resolve.isPending;
  const { number, state, serverContent } = pending;
  const settle = (resolution: SyncResolution) => {
    if (!busy) resolve.mutate({ number, resolution });
  };
  const mergeSave = async (content: ReportInput): Promise<ApiError | null> => {
    try {
      await resolve.mutateAsync({ number, resolution: { choice: "merged", content } });
      return null;
    } catch (e) {
      return e as ApiError;
    }
  };
  const mine = state === "Offered" ? t("item.upload") : t("item.keepMine");
  const theirs =
    state === "Offered" ? t("item.discard") : serverContent ? t("item.takeTheirs") : t("item.drop");
  const choiceButtons = (
    <>
      <button
        type="button"
        className={serverContent ? undefined : "primary"}
        data-testid="pending-keep-mine"
        disabled={busy}
        onClick={() => settle({ choice: "keepMine" })}
      >
        {mine}
      </button>
      <button
        type="button"
        data-testid="pending-take-theirs"
        disabled={busy}
        onClick={() => settle({ choice: "takeTheirs" })}
      >
        {theirs}
      </button>
    </>
  );

  return (
    <li
      className="pending-item"
      data-testid="pending-item"
      data-state={state}
      data-commitment-id={pending.commitmentId}
      data-year={pending.year}
    >
      <h3>
        <Link to={reportHref(pending.commitment, pending.year)}>
          {t("item.heading", { id: pending.commitmentId, year: pending.year })}
        </Link>
      </h3>
      <p>
        <span className="pending-state" data-testid="pending-state">
          {t(`state.${state}`)}
        </span>
        {" · "}
        {t("item.savedHere", { time: dateTime(pending.updatedAt) })}
      </p>
      {state === "Conflict" && <p>{t("item.conflictHelp")}</p>}
      {state === "Refused" && (
        <p className="pending-message" data-testid="pending-message">
          {t("item.refusedHelp", { message: pending.message ?? "" })}
        </p>
      )}
      {state === "Offered" && (
        <p>{serverContent ? t("item.offeredOver") : t("item.offeredNew")}</p>
      )}
      {resolve.error && (
        <ErrorAlert error={resolve.error}>{t("item.resolveFailed")}</ErrorAlert>
      )}
      {state !== "Pending" &&
        (comparing && serverContent ? (
          <MergeView
            mine={pending.content}
            theirs={serverContent}
            savedBy={{ name: pending.serverUpdatedBy ?? "", at: pending.serverUpdatedAt ?? "" }}
            onSave={mergeSave}
            onChange={() => undefined}
            onBack={() => setComparing(false)}
            words={{
              title: t("merge.title", { id: pending.commitmentId, year: pending.year }),
              intro: pending.serverUpdatedBy
                ? t("merge.intro", {
                    name: pending.serverUpdatedBy,
                    time: dateTime(pending.serverUpdatedAt ?? ""),
                  })
                : t("merge.introUnknown"),
              theirs: pending.serverUpdatedBy
                ? t("merge.theirs", { name: pending.serverUpdatedBy })
                : t("merge.theirsUnknown"),
              keepTheirs: t("merge.keepTheirs"),
              save: t("merge.save"),
              back: t("merge.back"),
            }}
            actions={choiceButtons}
          />
        ) : (
          <div className="actions">
            {serverContent && (
              <button
                type="button"
                className="primary"
                data-testid="pending-compare"
                onClick={() => setComparing(true)}
              >
                {t("item.compare")}
              </button>
            )}
            {choiceButtons}
          </div>
        ))}
    </li>
  );
}
