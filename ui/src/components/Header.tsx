import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LanguageSelect } from "./LanguageSelect";

export function Header() {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <Link to="/" className="app-name">
        {t("app.name")}
      </Link>
      <LanguageSelect />
    </header>
  );
}
