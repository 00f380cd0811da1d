import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { isDesktop, type ApiError } from "../api";
import { apiQuery, useApiMutation } from "../api/queries";
import type { BackupFile } from "../bindings/BackupFile";
import { BackupList } from "../components/BackupList";
import { BackupRestoreFile } from "../components/BackupRestoreFile";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeading } from "../components/PageHeading";
import { RoleRequired } from "../components/RoleRequired";
import { TeamFileBackups } from "../components/TeamFileBackups";
import { useAccount } from "../account";
import { useSyncStatus } from "../sync";
import { useAppInfo } from "../session";
import "../styles/exchange.css";

/** What a restore did, kept across the reload that follows it so the page can say so. */
const RESTORED_KEY = "ct.backupRestored";
type Restored = { name: string; kept: string };

const baseName = (path: string) => path.split(/[\\/]/).pop() || path;

function readRestored(): Restored | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(RESTORED_KEY) ?? "null");
    if (typeof value !== "object" || value === null) return null;
    const { name, kept } = value as Record<string, unknown>;
    return typeof name === "string" && typeof kept === "string" ? { name, kept } : null;
  } catch {
    return null;
  }
}

/**
 * `#/backups`: the copies of the database (daily, before upgrades, by hand, before restores),
 * a backup on demand, and restoring one after an inline question. After a restore the app
 * reloads, so that every page shows the restored data.
 */
export function BackupsPage() {
  const { t } = useTranslation("exchange");
  const { engine } = useAppInfo();
  // On a team server: its admins', and made on the server (see TeamFileBackups).
  const account = useAccount();
  // A copy of a team server is a file on this computer: its backups are the person's own.
  const copy = useSyncStatus() !== null;
  if (copy) return <FileBackups />;
  if (account && account.role !== "Admin") return <RoleRequired title={t("backups.title")} needs="Admin" />;
  if (engine === "postgres") return <ServerBackups />;
  return account ? <TeamFileBackups /> : <FileBackups />;
}

/** A PostgreSQL database's copies are the server's: say how they are made. */
function ServerBackups() {
  const { t } = useTranslation("exchange");
  const { dbPath } = useAppInfo();
  return (
    <div className="backups-page" data-testid="backups">
      <PageHeading>{t("backups.title")}</PageHeading>
      <div className="note" data-testid="backups-on-server">
        <p className="notice-title">{t("backups.onServerTitle")}</p>
        <p>{t("backups.onServer")}</p>
        <p>{t("backups.onServerTake")}</p>
        <pre className="command">
          <code>{`pg_dump --format=custom --file=commitments.dump '${dbPath}'`}</code>
        </pre>
        <p>{t("backups.onServerBringBack")}</p>
        <pre className="command">
          <code>{`pg_restore --clean --if-exists --single-transaction --dbname='${dbPath}' commitments.dump`}</code>
        </pre>
      </div>
    </div>
  );
}

/** A database file's copies: listed, made on demand, restored after a question. */
function FileBackups() {
  const { t } = useTranslation("exchange");
  const { storageWarning } = useAppInfo();
  const list = useQuery(apiQuery("list_backups", {}));
  const createBackup = useApiMutation("create_backup", "backup");
  // Nothing to invalidate: the page reloads with the restored data.
  const restoreBackup = useApiMutation("restore_backup", null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<BackupFile | null>(null);
  const [createError, setCreateError] = useState<ApiError | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [restoreError, setRestoreError] = useState<ApiError | null>(null);
  const [restored] = useState(readRestored);

  useEffect(() => sessionStorage.removeItem(RESTORED_KEY), []);
  useEffect(() => {
    if (restoreError) document.getElementById("restore-error")?.focus();
  }, [restoreError]);
  useEffect(() => {
    if (createError) document.getElementById("create-error")?.focus();
  }, [createError]);

  const create = async () => {
    if (creating) return;
    setCreating(true);
    setCreated(null);
    setCreateError(null);
    try {
      setCreated(await createBackup.mutateAsync({}));
    } catch (err) {
      setCreateError(err as ApiError);
    } finally {
      setCreating(false);
    }
  };

  const restore = async (path: string) => {
    if (restoring) return;
    setRestoring(path);
    setRestoreError(null);
    try {
      const outcome = await restoreBackup.mutateAsync({ path });
      const note: Restored = { name: baseName(path), kept: baseName(outcome.replacedKeptAt) };
      sessionStorage.setItem(RESTORED_KEY, JSON.stringify(note));
      // Every page, the header and the reference data start again from the restored data.
      window.location.reload();
    } catch (err) {
      setRestoreError(err as ApiError);
      setRestoring(null);
    }
  };

  return (
    <div className="backups-page" data-testid="backups">
      <PageHeading>{t("backups.title")}</PageHeading>
      {storageWarning && (
        <div className="note storage-warning" data-testid="storage-warning">
          <p className="notice-title">{t("backups.storageWarning")}</p>
          <p>{storageWarning}</p>
        </div>
      )}
      {restored && (
        <p className="flash" role="status" data-testid="backup-restored">
          {t("backups.restored", { name: restored.name, kept: restored.kept })}
        </p>
      )}
      <p className="page-intro">{t("backups.intro")}</p>

      <div className="actions backup-actions">
        <button
          type="button"
          className="primary"
          data-testid="backup-create"
          disabled={creating || restoring !== null}
          onClick={() => void create()}
        >
          {creating ? t("backups.creating") : t("backups.create")}
        </button>
      </div>
      <p className="flash" role="status" data-testid="backup-status">
        {created && t("backups.created", { name: created.fileName })}
      </p>
      {createError && (
        <ErrorAlert id="create-error" error={createError}>
          {t("backups.createFailed")}
        </ErrorAlert>
      )}

      <section aria-labelledby="backup-list-heading">
        <h2 id="backup-list-heading">{t("backups.listHeading")}</h2>
        {restoreError && (
          <ErrorAlert id="restore-error" error={restoreError}>
            {t("backups.restoreFailed")}
          </ErrorAlert>
        )}
        {list.error && (
          <ErrorAlert
            error={list.error}
            action={{ label: t("backups.retry"), onClick: () => void list.refetch() }}
          >
            {t("backups.listFailed")}
          </ErrorAlert>
        )}
        {list.data === undefined ? (
          !list.error && <p role="status">{t("backups.loading")}</p>
        ) : list.data.length === 0 ? (
          <p className="empty">{t("backups.empty")}</p>
        ) : (
          <BackupList
            files={list.data}
            fresh={created?.fileName ?? null}
            restoring={restoring}
            onRestore={(file) => void restore(file.path)}
          />
        )}
      </section>

      {isDesktop() && (
        <BackupRestoreFile
          restoring={restoring}
          onRestore={(path) => void restore(path)}
          onError={setRestoreError}
        />
      )}
    </div>
  );
}
