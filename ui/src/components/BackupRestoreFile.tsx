import { useState } from "react";
import { useTranslation } from "react-i18next";
import { openFile, type ApiError } from "../api";
import { BackupRestoreConfirm } from "./BackupRestoreConfirm";

type Props = {
  restoring: string | null;
  onRestore: (path: string) => void;
  onError: (error: ApiError) => void;
};

/** Window only: restore a backup file kept anywhere, chosen with the native open dialog. */
export function BackupRestoreFile({ restoring, onRestore, onError }: Props) {
  const { t } = useTranslation("exchange");
  const [path, setPath] = useState<string | null>(null);

  const choose = async () => {
    try {
      const chosen = await openFile({ extensions: ["sqlite3", "sqlite", "db"] });
      if (chosen) setPath(chosen);
    } catch (err) {
      onError(err as ApiError);
    }
  };

  return (
    <section className="backup-other" aria-labelledby="backup-other-heading">
      <h2 id="backup-other-heading">{t("backups.otherHeading")}</h2>
      <p className="section-intro">{t("backups.otherIntro")}</p>
      <button
        type="button"
        className="secondary"
        data-testid="backup-choose-file"
        disabled={restoring !== null}
        onClick={() => void choose()}
      >
        {t("backups.chooseOther")}
      </button>
      {path && (
        <BackupRestoreConfirm
          prompt={t("backups.restoreFilePrompt", { path })}
          confirmLabel={t("backups.restoreFileConfirm")}
          busy={restoring === path}
          testId="backup-restore-file-confirm"
          onConfirm={() => onRestore(path)}
          onCancel={() => setPath(null)}
        />
      )}
    </section>
  );
}
