import { useTranslation } from "react-i18next";
import type { ImplementationStatus } from "../bindings/ImplementationStatus";

/** How far the commitment got that year. */
export function StatusBadge({ status, testId }: { status: ImplementationStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge status-${status}`} data-testid={testId}>
      {t(`status.${status}`)}
    </span>
  );
}
