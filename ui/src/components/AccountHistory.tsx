import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { apiQuery } from "../api/queries";
import type { AccountEvent } from "../bindings/AccountEvent";
import { isRole } from "../session";
import { useDateFormat } from "../hooks/useDateFormat";
import { ErrorAlert } from "./ErrorAlert";

type Props = {
  /** One account's history (its UUID), or everyone's (null). */
  user: string | null;
  headingLevel: 2 | 3;
};

const LIMIT = 100;

/** Who did what to which account, newest first (`account_history`). */
export function AccountHistory({ user, headingLevel }: Props) {
  const { t } = useTranslation();
  const { t: tt } = useTranslation("team");
  const { dateTime } = useDateFormat();
  const history = useQuery(apiQuery("account_history", { user, limit: LIMIT }));
  const users = useQuery(apiQuery("list_users", {}));
  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.name ?? id;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const headingId = user === null ? "account-history-heading" : "account-history-one-heading";

  const roleName = (value: unknown) =>
    typeof value === "string" && isRole(value) ? t(`role.${value}`) : String(value);

  const describe = (event: AccountEvent) => {
    const base = { actor: event.actor, account: nameOf(event.userId) };
    const detail =
      typeof event.detail === "object" && event.detail !== null && !Array.isArray(event.detail)
        ? event.detail
        : {};
    switch (event.action) {
      case "add":
        return tt("history.add", { ...base, role: roleName(detail.role) });
      case "set_role":
        return tt("history.set_role", { ...base, from: roleName(detail.from), to: roleName(detail.to) });
      case "disable":
        return tt("history.disable", base);
      case "enable":
        return tt("history.enable", base);
      case "reset_password":
        return tt("history.reset_password", base);
      case "link_sso":
        return tt("history.link_sso", base);
    }
  };

  return (
    <section className="account-history" aria-labelledby={headingId} data-testid="account-history">
      <Heading id={headingId}>{user === null ? tt("history.heading") : tt("history.oneHeading")}</Heading>
      {history.error ? (
        <ErrorAlert
          error={history.error}
          action={{ label: tt("retry"), onClick: () => void history.refetch() }}
        >
          {tt("history.loadFailed")}
        </ErrorAlert>
      ) : history.data === undefined ? (
        <p role="status">{tt("loading")}</p>
      ) : history.data.length === 0 ? (
        <p className="empty">{tt("history.empty")}</p>
      ) : (
        <ul className="event-list">
          {history.data.map((event) => (
            <li key={event.id}>
              <p>{describe(event)}</p>
              <time dateTime={event.at}>{dateTime(event.at)}</time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
