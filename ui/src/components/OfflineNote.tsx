import { useTranslation } from "react-i18next";

type Props = {
  /** What cannot be done now: "review" (its steps) or "catalogue" (its changes). */
  action: "review" | "catalogue";
  /** For a disabled control's aria-describedby. */
  id?: string;
};

/**
 * Says, next to controls an offline copy of a team server greys out or leaves out, that they
 * need a connection to the server (report edits do not: they wait here and are sent later).
 */
export function OfflineNote({ action, id }: Props) {
  const { t } = useTranslation("sync");
  return (
    <p
      id={id}
      className="hint offline-explanation"
      data-testid="offline-explanation"
      data-action={action}
    >
      {t(`offline.${action}`)}
    </p>
  );
}
