import { useTranslation } from "react-i18next";
import type { Denial } from "../account";

type Props = {
  reason: Denial;
  /** What is not offered ("write", "review", "approve"), for tests and styling. */
  action: string;
  /** For a disabled control's aria-describedby. */
  id?: string;
};

/** Says, next to where a control would be, why the signed-in account is not offered it. */
export function Denied({ reason, action, id }: Props) {
  const { t } = useTranslation("work");
  return (
    <p
      id={id}
      className="hint denied"
      data-testid="denied-explanation"
      data-reason={reason}
      data-action={action}
    >
      {t(`denied.${reason}`)}
    </p>
  );
}
