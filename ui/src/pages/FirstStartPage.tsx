import { useTranslation } from "react-i18next";
import type { Identity } from "../bindings/Identity";
import { IdentityForm } from "../components/IdentityForm";
import { PageHeading } from "../components/PageHeading";

/** Shown before anything else until the person says who they are. */
export function FirstStartPage({ onSaved }: { onSaved: (identity: Identity) => void }) {
  const { t } = useTranslation();
  return (
    <section className="first-start" data-testid="first-start">
      <PageHeading id="first-start-heading">{t("identity.welcome")}</PageHeading>
      <p>{t("identity.why")}</p>
      <IdentityForm current={null} labelledBy="first-start-heading" onSaved={onSaved} />
    </section>
  );
}
