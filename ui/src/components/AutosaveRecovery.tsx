import { useTranslation } from "react-i18next";
import type { Autosave } from "../bindings/Autosave";
import { useDateFormat } from "../hooks/useDateFormat";
import { ConfirmAction } from "./ConfirmAction";

type Props = { kept: Autosave; onRestore: () => void; onDiscard: () => void };

/** Text that was typed here but never saved (the app was closed, crashed or was killed). */
export function AutosaveRecovery({ kept, onRestore, onDiscard }: Props) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  return (
    <div className="recovery" role="status" data-testid="autosave-recovery">
      <p className="notice-title">
        {t("autosave.recoveryTitle", { time: dateTime(kept.savedAt) })}
      </p>
      <p>{t("autosave.recoveryHelp")}</p>
      <div className="actions compact">
        <button type="button" className="primary" data-testid="autosave-restore" onClick={onRestore}>
          {t("autosave.restore")}
        </button>
        <ConfirmAction
          label={t("autosave.discard")}
          prompt={t("autosave.confirmDiscard")}
          confirmLabel={t("autosave.confirmDiscardButton")}
          testId="autosave-discard"
          onConfirm={onDiscard}
        />
      </div>
    </div>
  );
}
