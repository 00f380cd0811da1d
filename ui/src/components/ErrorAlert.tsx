import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";

type Props = {
  /** What failed, in the user's language. */
  children: ReactNode;
  error: ApiError;
  /** Label and handler of an optional recovery button. */
  action?: { label: string; onClick: () => void };
  id?: string;
};

/**
 * A failure, with the server's (English) message shown as detail. Focusable for forms that move
 * focus to it. A refusal of the signed-in account's right (`forbidden`, a team server) says so
 * instead of "it failed": the server's message then is the explanation, shown in full. So does
 * a step an offline copy of a team server could not take (`offline`): it needs the server.
 */
export function ErrorAlert({ children, error, action, id }: Props) {
  const { t } = useTranslation();
  const { t: tw } = useTranslation("work");
  const { t: ts } = useTranslation("sync");
  const forbidden = error.kind === "forbidden";
  const offline = error.kind === "offline";
  return (
    <div
      className="alert"
      role="alert"
      id={id}
      tabIndex={id ? -1 : undefined}
      data-kind={error.kind}
    >
      <p>{forbidden ? tw("forbidden.title") : offline ? ts("offline.title") : children}</p>
      <p className={forbidden || offline ? "alert-reason" : "alert-detail"}>
        {forbidden || offline ? error.message : t("app.errorDetail", { message: error.message })}
      </p>
      {action && (
        <button type="button" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
