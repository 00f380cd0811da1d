import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useSession } from "../account";
import { ConnectForm } from "../components/ConnectForm";
import { PageHeading } from "../components/PageHeading";
import { hostOf } from "../components/SyncBar";
import { useSyncStatus } from "../sync";
import "../styles/sync.css";

/**
 * `#/connect`: makes this personal database a copy of a team server. Its own reports are kept
 * in a backup and offered for upload on the pending edits page, where the person chooses.
 */
export function ConnectPage() {
  const { t } = useTranslation("sync");
  const navigate = useNavigate();
  const session = useSession();
  const status = useSyncStatus();
  let body;
  if (session.mode === "team") {
    // A team server's own pages: nothing to link.
    body = <p className="note">{t("connect.onTeamServer")}</p>;
  } else if (status) {
    body = (
      <p className="note" data-testid="connect-already">
        {t("connect.already", { server: hostOf(status.server) })}{" "}
        <Link to="/sync">{t("connect.seePending")}</Link>
      </p>
    );
  } else {
    body = (
      <>
        <p className="page-intro">{t("connect.intro")}</p>
        <p className="page-intro">{t("connect.personalIntro")}</p>
        <ConnectForm
          labelledBy="connect-heading"
          onLinked={() => void navigate("/sync")}
          onCancel={() => void navigate(-1)}
        />
      </>
    );
  }
  return (
    <section className="connect-page" data-testid="connect-page" aria-labelledby="connect-heading">
      <PageHeading id="connect-heading">{t("connect.title")}</PageHeading>
      {body}
    </section>
  );
}
