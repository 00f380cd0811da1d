import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useLabels } from "../catalogue";
import { CategoryTree } from "../components/CategoryTree";
import { OfflineNote } from "../components/OfflineNote";
import { PageHeading } from "../components/PageHeading";
import { ReferenceText } from "../components/ReferenceText";
import { frameworkEditHref, FRAMEWORKS_HREF, useAddressedFramework } from "../frameworkAddresses";
import { useOffline } from "../sync";
import { NotFoundPage } from "./NotFoundPage";

/** `#/frameworks/:code`: one framework, its levels, types and category tree. */
export function FrameworkPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const framework = useAddressedFramework();
  // An offline copy of a team server: its catalogue is read-only until the server is back.
  const offline = useOffline();
  if (!framework) return <NotFoundPage />;

  return (
    <section
      className="framework-detail"
      data-testid="framework-detail"
      aria-labelledby="framework-heading"
    >
      <PageHeading id="framework-heading">
        {t("frameworks.heading", { name: framework.name, code: framework.code })}
      </PageHeading>
      {framework.description && <ReferenceText text={framework.description} />}
      <dl className="facts">
        <dt>{t("frameworks.source")}</dt>
        <dd>{framework.source || t("frameworks.none")}</dd>
        <dt>{t("frameworks.levels")}</dt>
        <dd data-testid="framework-levels">{framework.levels.join(" › ")}</dd>
        <dt>{t("frameworks.types")}</dt>
        <dd data-testid="framework-types">
          {framework.types.length > 0
            ? framework.types.map((type) => labels.type(type)).join(", ")
            : t("frameworks.noTypes")}
        </dd>
        <dt>{t("frameworks.minCategories")}</dt>
        <dd>{framework.minCategories}</dd>
      </dl>

      {offline && <OfflineNote action="catalogue" />}
      <div className="actions">
        {!offline && (
          <Link className="button" to={frameworkEditHref(framework.code)} data-testid="edit-framework">
            {t("frameworks.edit")}
          </Link>
        )}
        <Link className="button secondary" to={FRAMEWORKS_HREF}>
          {t("frameworks.back")}
        </Link>
      </div>

      <h2>{t("frameworks.categories")}</h2>
      {framework.categories.length === 0 ? (
        <p>{t("frameworks.noCategories")}</p>
      ) : (
        <CategoryTree framework={framework} />
      )}
    </section>
  );
}
