import { useTranslation } from "react-i18next";
import { chooseLanguage, isLanguage, LANGUAGES } from "../i18n";

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-select">
      {/* The menu shows the language's own name: its label is for screen readers. */}
      <label htmlFor="language-select" className="visually-hidden">
        {t("language.label")}
      </label>
      <select
        id="language-select"
        value={i18n.resolvedLanguage}
        onChange={(e) => {
          if (isLanguage(e.target.value)) chooseLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
