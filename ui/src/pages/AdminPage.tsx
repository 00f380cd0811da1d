import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { apiQuery } from "../api/queries";
import { useAccount } from "../account";
import type { User } from "../bindings/User";
import { AccountHistory } from "../components/AccountHistory";
import { AccountPanel } from "../components/AccountPanel";
import { AccountTable } from "../components/AccountTable";
import { AddAccountForm } from "../components/AddAccountForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeading } from "../components/PageHeading";
import { RoleRequired } from "../components/RoleRequired";
import { ServerSettingsForm } from "../components/ServerSettingsForm";
import "../styles/team.css";

/**
 * `#/admin`, a team server's admins only: the accounts (add one, change a role, disable or
 * enable, a new password), the account history and the server's settings. What the page shows
 * is what the server allows: every action is checked there again.
 */
export function AdminPage() {
  const { t: tt } = useTranslation("team");
  const account = useAccount();
  if (account?.role !== "Admin") return <RoleRequired title={tt("admin.title")} needs="Admin" />;
  return <Administration />;
}

function Administration() {
  const { t: tt } = useTranslation("team");
  const users = useQuery(apiQuery("list_users", {}));
  const [selected, setSelected] = useState<string | null>(null);
  const [added, setAdded] = useState<User | null>(null);
  const manageFrom = useRef<string | null>(null);
  const current = users.data?.find((u) => u.id === selected) ?? null;

  // Closing a panel gives focus back to the Manage button that opened it.
  useEffect(() => {
    if (selected === null && manageFrom.current) {
      const row = `tr[data-email="${CSS.escape(manageFrom.current)}"]`;
      document.querySelector<HTMLButtonElement>(`${row} [data-testid=account-manage]`)?.focus();
      manageFrom.current = null;
    }
  }, [selected]);

  return (
    <div className="admin-page" data-testid="admin">
      <PageHeading>{tt("admin.title")}</PageHeading>
      <p className="page-intro">{tt("admin.intro")}</p>

      <section aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">{tt("admin.accounts")}</h2>
        <p className="flash" role="status" data-testid="account-added">
          {added && tt("admin.added", { name: added.name, email: added.email })}
        </p>
        {users.error ? (
          <ErrorAlert error={users.error} action={{ label: tt("retry"), onClick: () => void users.refetch() }}>
            {tt("admin.loadFailed")}
          </ErrorAlert>
        ) : users.data === undefined ? (
          <p role="status">{tt("loading")}</p>
        ) : (
          <AccountTable
            users={users.data}
            selected={selected}
            onManage={(user) => {
              manageFrom.current = user.email;
              setSelected(selected === user.id ? null : user.id);
            }}
          />
        )}
        {current && <AccountPanel key={current.id} user={current} onClose={() => setSelected(null)} />}
      </section>

      <AddAccountForm onAdded={setAdded} />
      <ServerSettingsForm />
      <AccountHistory user={null} headingLevel={2} />
    </div>
  );
}
