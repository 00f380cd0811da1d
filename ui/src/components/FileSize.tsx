import { useTranslation } from "react-i18next";

const UNITS = ["kilobyte", "megabyte", "gigabyte"] as const;

/** A file's size in the reader's language: "980 bytes", "12.4 kB", "3.1 MB". */
export function FileSize({ bytes }: { bytes: number | bigint }) {
  const { t, i18n } = useTranslation("exchange");
  let value = Number(bytes);
  if (value < 1000) {
    const count = new Intl.NumberFormat(i18n.resolvedLanguage).format(value);
    return <span className="file-size">{t("size.bytes", { value: count })}</span>;
  }
  let unit: (typeof UNITS)[number] = UNITS[0];
  for (const next of UNITS) {
    unit = next;
    value /= 1000;
    if (value < 1000) break;
  }
  const text = new Intl.NumberFormat(i18n.resolvedLanguage, {
    style: "unit",
    unit,
    unitDisplay: "short",
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
  return <span className="file-size">{text}</span>;
}
