import { useTranslation } from "react-i18next";
import { useAppInfo } from "../session";
import { PageHeading } from "./PageHeading";

/**
 * A team server on a database file: its copies are made and restored on the server, from its
 * command line (a browser never names a file on the server's disk, and a restore replaces
 * everyone's data, so it is not a button here).
 */
export function TeamFileBackups() {
  const { t } = useTranslation("exchange");
  const { t: tt } = useTranslation("team");
  const { dbPath } = useAppInfo();
  const db = `'${dbPath}'`;
  return (
    <div className="backups-page" data-testid="backups">
      <PageHeading>{t("backups.title")}</PageHeading>
      <div className="note" data-testid="backups-on-server">
        <p className="notice-title">{tt("backups.title")}</p>
        <p>{tt("backups.daily")}</p>
        <p>{tt("backups.take")}</p>
        <pre className="command">
          <code>{`ct --db ${db} backup create\nct --db ${db} backup list`}</code>
        </pre>
        <p>{tt("backups.bringBack")}</p>
        <pre className="command">
          <code>{`ct --db ${db} backup restore FILE`}</code>
        </pre>
      </div>
    </div>
  );
}
