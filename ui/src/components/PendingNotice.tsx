import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSyncStatus } from "../sync";

/**
 * On an offline copy of a team server, above a report whose edit is not on the server yet:
 * waiting to be sent, or waiting for the person's choice (a conflict, a refusal, an offer).
 */
export function PendingNotice({ commitment, year }: { commitment: string; year: number }) {
  const { t } = useTranslation("sync");
  const status = useSyncStatus();
  const pending = status?.pending.find((p) => p.commitment === commitment && p.year === year);
  if (!pending) return null;
  const waiting = pending.state === "Pending";
  return (
    <p
      className={waiting ? "notice" : "note"}
      data-testid="pending-notice"
      data-state={pending.state}
    >
      {waiting ? t("notice.waiting") : t("notice.choose", { state: t(`state.${pending.state}`) })}{" "}
      {!waiting && <Link to="/sync">{t("notice.chooseLink")}</Link>}
    </p>
  );
}
