import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useCatalogue } from "../catalogue";
import { FrameworkImportSection } from "../components/FrameworkImportSection";
import { OfflineNote } from "../components/OfflineNote";
import { PageHeading } from "../components/PageHeading";
import { frameworkHref, NEW_FRAMEWORK_HREF } from "../frameworkAddresses";
import { useOffline } from "../sync";

/** `#/frameworks`: every framework commitments can be classified by. */
export function FrameworksPage() {
  const { t } = useTranslation();
  const { frameworks } = useCatalogue();
  // An offline copy of a team server: its catalogue is read-only until the server is back.
  const offline = useOffline();
  return (
    <section className="frameworks" data-testid="frameworks" aria-labelledby="frameworks-heading">
      <div className="page-title">
        <PageHeading id="frameworks-heading">{t("frameworks.title")}</PageHeading>
        {offline ? (
          <OfflineNote action="catalogue" />
        ) : (
          <Link className="button primary" to={NEW_FRAMEWORK_HREF} data-testid="add-framework">
            {t("frameworks.add")}
          </Link>
        )}
      </div>
      <p className="hint">{t("frameworks.intro")}</p>
      <div className="table-scroll">
        <table className="data-table" data-testid="framework-table">
          <caption>{t("frameworks.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("frameworks.column.code")}</th>
              <th scope="col">{t("frameworks.column.name")}</th>
              <th scope="col" className="num">
                {t("frameworks.column.categories")}
              </th>
              <th scope="col">{t("frameworks.column.levels")}</th>
            </tr>
          </thead>
          <tbody>
            {frameworks.map((f) => (
              <tr key={f.code} data-framework={f.code}>
                <th scope="row">
                  <Link to={frameworkHref(f.code)}>{f.code}</Link>
                </th>
                <td>{f.name}</td>
                <td className="num" data-col="categories">
                  {f.categories.length}
                </td>
                <td data-col="levels">{f.levels.join(" › ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!offline && <FrameworkImportSection />}
    </section>
  );
}
