import { Fragment, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BackupFile } from "../bindings/BackupFile";
import { BackupReason } from "./BackupReason";
import { BackupRestoreConfirm } from "./BackupRestoreConfirm";
import { FileSize } from "./FileSize";

type Props = {
  files: BackupFile[];
  /** The file just made, marked in the list. */
  fresh: string | null;
  /** The path being restored, while it is. */
  restoring: string | null;
  onRestore: (file: BackupFile) => void;
};

const COLUMNS = 5;

/** The backups of this database, newest first, each with a Restore that asks first. */
export function BackupList({ files, fresh, restoring, onRestore }: Props) {
  const { t, i18n } = useTranslation("exchange");
  // Seconds too: several backups are often made within the same minute.
  const format = new Intl.DateTimeFormat(i18n.resolvedLanguage, {
    dateStyle: "long",
    timeStyle: "medium",
  });
  const [asking, setAsking] = useState<string | null>(null);
  const returnTo = useRef<string | null>(null);

  // Back from a question: focus returns to the Restore button that asked it.
  useEffect(() => {
    if (asking === null && returnTo.current) {
      const row = `tr[data-file="${CSS.escape(returnTo.current)}"]`;
      document.querySelector<HTMLButtonElement>(`${row} [data-testid=backup-restore]`)?.focus();
      returnTo.current = null;
    }
  }, [asking]);

  const made = (file: BackupFile) => format.format(new Date(Number(file.modified) * 1000));

  return (
    <div className="table-scroll">
      <table className="data-table backup-list" data-testid="backup-list">
        <caption className="visually-hidden">{t("backups.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("backups.column.made")}</th>
            <th scope="col">{t("backups.column.reason")}</th>
            <th scope="col">{t("backups.column.size")}</th>
            <th scope="col">{t("backups.column.file")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("backups.column.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <Fragment key={file.path}>
              <tr data-file={file.fileName} className={file.fileName === fresh ? "fresh" : undefined}>
                <th scope="row">{made(file)}</th>
                <td>
                  <BackupReason reason={file.reason} />
                </td>
                <td className="number">
                  <FileSize bytes={file.bytes} />
                </td>
                <td className="file-name">{file.fileName}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    className="secondary small"
                    data-testid="backup-restore"
                    aria-label={t("backups.restoreLabel", { date: made(file) })}
                    aria-expanded={asking === file.path}
                    disabled={restoring !== null}
                    onClick={() => setAsking(asking === file.path ? null : file.path)}
                  >
                    {t("backups.restore")}
                  </button>
                </td>
              </tr>
              {asking === file.path && (
                <tr className="backup-confirm-row" data-confirm-for={file.fileName}>
                  <td colSpan={COLUMNS}>
                    <BackupRestoreConfirm
                      prompt={t("backups.restorePrompt", { date: made(file) })}
                      confirmLabel={t("backups.restoreConfirm")}
                      busy={restoring === file.path}
                      testId="backup-restore-confirm"
                      onConfirm={() => onRestore(file)}
                      onCancel={() => {
                        returnTo.current = file.fileName;
                        setAsking(null);
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
