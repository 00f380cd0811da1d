import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  /** What a restore does, in full: shown before anything happens. */
  prompt: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy: boolean;
  /** The confirming button's data-testid. */
  testId: string;
};

/** The inline question before a restore (native confirm() is unavailable in the window). */
export function BackupRestoreConfirm({
  prompt,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
  testId,
}: Props) {
  const { t } = useTranslation("exchange");
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div className="confirm backup-confirm" role="group" aria-labelledby={`${testId}-prompt`}>
      <p id={`${testId}-prompt`}>{prompt}</p>
      <div className="actions compact">
        <button
          ref={confirmRef}
          type="button"
          className="primary"
          data-testid={testId}
          disabled={busy}
          onClick={onConfirm}
        >
          {busy ? t("backups.restoring") : confirmLabel}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={onCancel}>
          {t("backups.cancel")}
        </button>
      </div>
    </div>
  );
}
