import { useTranslation } from "react-i18next";

/** Dates and times in the reader's language; text that is not a date is shown as it came. */
export function useDateFormat() {
  const { i18n } = useTranslation();
  const dateTime = new Intl.DateTimeFormat(i18n.resolvedLanguage, {
    dateStyle: "long",
    timeStyle: "short",
  });
  const time = new Intl.DateTimeFormat(i18n.resolvedLanguage, { timeStyle: "short" });
  const format = (formatter: Intl.DateTimeFormat) => (iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : formatter.format(date);
  };
  return { dateTime: format(dateTime), time: format(time) };
}
