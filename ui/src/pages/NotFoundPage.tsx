import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageHeading } from "../components/PageHeading";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t("app.notFound")}</PageHeading>
      <p>
        <Link to="/">{t("app.toCatalogue")}</Link>
      </p>
    </>
  );
}
