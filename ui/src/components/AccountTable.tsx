import { useTranslation } from "react-i18next";
import type { User } from "../bindings/User";

type Props = {
  users: User[];
  /** The account whose panel is open, if any. */
  selected: string | null;
  onManage: (user: User) => void;
};

/** How an account signs in, as the table says it. */
export function signInWays(user: User): "both" | "password" | "sso" | "none" {
  if (user.hasPassword && user.singleSignOn) return "both";
  if (user.hasPassword) return "password";
  if (user.singleSignOn) return "sso";
  return "none";
}

/** A team server's accounts: name, e-mail, role, whether enabled, how each signs in. */
export function AccountTable({ users, selected, onManage }: Props) {
  const { t } = useTranslation();
  const { t: tt } = useTranslation("team");
  return (
    <div className="table-scroll">
      <table className="data-table account-table" data-testid="account-table">
        <caption className="visually-hidden">{tt("admin.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{tt("admin.name")}</th>
            <th scope="col">{tt("admin.email")}</th>
            <th scope="col">{tt("admin.role")}</th>
            <th scope="col">{tt("admin.status")}</th>
            <th scope="col">{tt("admin.signsIn")}</th>
            <th scope="col">
              <span className="visually-hidden">{tt("admin.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id} data-email={user.email} className={user.disabled ? "disabled" : undefined}>
              <th scope="row">{user.name}</th>
              <td>{user.email}</td>
              <td data-testid="account-role">{t(`role.${user.role}`)}</td>
              <td data-testid="account-status">
                {user.disabled ? tt("admin.disabled") : tt("admin.enabled")}
              </td>
              <td>{tt(`admin.ways.${signInWays(user)}`)}</td>
              <td className="row-actions">
                <button
                  type="button"
                  className="secondary small"
                  data-testid="account-manage"
                  aria-label={tt("admin.manageLabel", { name: user.name })}
                  aria-expanded={selected === user.id}
                  aria-controls={selected === user.id ? "account-manage-panel" : undefined}
                  onClick={() => onManage(user)}
                >
                  {tt("admin.manage")}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
