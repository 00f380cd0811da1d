import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import es from "./es.json";
import fr from "./fr.json";
import exchangeEn from "./exchange/en.json";
import exchangeEs from "./exchange/es.json";
import exchangeFr from "./exchange/fr.json";
import statusEn from "./status/en.json";
import statusEs from "./status/es.json";
import statusFr from "./status/fr.json";
import teamEn from "./team/en.json";
import teamEs from "./team/es.json";
import teamFr from "./team/fr.json";
import workEn from "./work/en.json";
import workEs from "./work/es.json";
import workFr from "./work/fr.json";
import syncEn from "./sync/en.json";
import syncEs from "./sync/es.json";
import syncFr from "./sync/fr.json";

export const LANGUAGES = ["en", "fr", "es"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "ct.language";

// `satisfies` makes tsc fail when a translation lacks a key that English has.
// One namespace per area ("status": dashboard, matrix, search; "exchange": exports, imports,
// backups; "team": a team server's sign-in, account and admin pages; "work": working
// together there, focal points, what one may not do and why; "sync": an offline copy of a
// team server, its welcome choice, status and pending edits), so each area's strings live in
// files of their own.
export const resources = {
  en: {
    translation: en,
    status: statusEn,
    exchange: exchangeEn,
    team: teamEn,
    work: workEn,
    sync: syncEn,
  },
  fr: {
    translation: fr satisfies typeof en,
    status: statusFr satisfies typeof statusEn,
    exchange: exchangeFr satisfies typeof exchangeEn,
    team: teamFr satisfies typeof teamEn,
    work: workFr satisfies typeof workEn,
    sync: syncFr satisfies typeof syncEn,
  },
  es: {
    translation: es satisfies typeof en,
    status: statusEs satisfies typeof statusEn,
    exchange: exchangeEs satisfies typeof exchangeEn,
    team: teamEs satisfies typeof teamEn,
    work: workEs satisfies typeof workEn,
    sync: syncEs satisfies typeof syncEn,
  },
};

export function isLanguage(value: string | null | undefined): value is Language {
  return (LANGUAGES as readonly (string | null | undefined)[]).includes(value);
}

/** The user's last choice, else the first supported language the browser asks for, else English. */
function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const preferred = navigator.languages.map((tag) => tag.split("-")[0]).find(isLanguage);
  return preferred ?? "en";
}

function applyToDocument(language: string) {
  document.documentElement.lang = language;
  document.title = i18n.t("app.name");
}

i18n.on("languageChanged", applyToDocument);

/** An explicit choice is remembered; the browser default is not, so it can still follow the OS. */
export function chooseLanguage(language: Language) {
  localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: "en",
  // Resources are bundled, so there is nothing to wait for.
  initAsync: false,
  // React escapes output itself; escaping here would show "&#39;" for apostrophes.
  interpolation: { escapeValue: false },
});
