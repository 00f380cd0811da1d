import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Identity } from "../bindings/Identity";
import { ConnectForm } from "../components/ConnectForm";
import { IdentityForm } from "../components/IdentityForm";
import { PageHeading } from "../components/PageHeading";
import { offeredOf } from "../sync";
import "../styles/sync.css";

type Props = {
  /** The database was made by this start: it may become a copy of a team server instead. */
  newDatabase: boolean;
  onSaved: (identity: Identity) => void;
};

/**
 * Shown before anything else until the person says who they are. On a new database, two ways
 * to begin: on this computer only (name and role), or as a copy of a team server (which
 * knows who they are).
 */
export function FirstStartPage({ newDatabase, onSaved }: Props) {
  const { t } = useTranslation();
  if (!newDatabase) {
    return (
      <section className="first-start" data-testid="first-start">
        <PageHeading id="first-start-heading">{t("identity.welcome")}</PageHeading>
        <p>{t("identity.why")}</p>
        <IdentityForm current={null} labelledBy="first-start-heading" onSaved={onSaved} />
      </section>
    );
  }
  return <Welcome onSaved={onSaved} />;
}

function Welcome({ onSaved }: { onSaved: (identity: Identity) => void }) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation("sync");
  const navigate = useNavigate();
  const [connecting, setConnecting] = useState(false);
  return (
    <section className="first-start" data-testid="first-start">
      <PageHeading id="first-start-heading">{t("identity.welcome")}</PageHeading>
      <p>{ts("welcome.intro")}</p>
      <div className="first-start-choices">
        <section
          className="first-start-choice"
          data-testid="choice-local"
          aria-labelledby="choice-local-heading"
        >
          <h2 id="choice-local-heading">{ts("welcome.localTitle")}</h2>
          <p>{ts("welcome.localIntro")}</p>
          <p>{t("identity.why")}</p>
          <IdentityForm current={null} labelledBy="choice-local-heading" onSaved={onSaved} />
        </section>
        <section
          className="first-start-choice"
          data-testid="choice-team"
          aria-labelledby="choice-team-heading"
        >
          <h2 id="choice-team-heading">{ts("welcome.teamTitle")}</h2>
          <p>{ts("welcome.teamIntro")}</p>
          {connecting ? (
            <ConnectForm
              labelledBy="choice-team-heading"
              focusFirst
              onLinked={(outcome) => {
                // Reports this database held before are offered for upload there.
                if (offeredOf(outcome.status).length > 0) void navigate("/sync");
              }}
              onCancel={() => setConnecting(false)}
            />
          ) : (
            <button
              type="button"
              className="primary"
              data-testid="choose-team"
              onClick={() => setConnecting(true)}
            >
              {ts("welcome.teamChoose")}
            </button>
          )}
        </section>
      </div>
    </section>
  );
}
