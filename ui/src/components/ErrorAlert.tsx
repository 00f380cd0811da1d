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

/** A failure, with the server's (English) message shown as detail. Focusable for forms that move focus to it. */
export function ErrorAlert({ children, error, action, id }: Props) {
  const { t } = useTranslation();
  return (
    <div className="alert" role="alert" id={id} tabIndex={id ? -1 : undefined}>
      <p>{children}</p>
      <p className="alert-detail">{t("app.errorDetail", { message: error.message })}</p>
      {action && (
        <button type="button" onClick={action.onClick}>
          {action.label}
        </button>
      )}
    </div>
  );
}
