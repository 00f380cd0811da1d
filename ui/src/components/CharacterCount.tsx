import { useTranslation } from "react-i18next";

/** From this share of the limit on, the count shows. */
const SHOW_FROM = 0.9;

/** How the server trims a text before counting it. */
export type Trim = "end" | "both";

/** Characters as the server counts them (Unicode code points, after trimming). */
export function characterCount(text: string, trim: Trim): number {
  // The string iterator walks code points, as Rust's chars() does.
  return Array.from(trim === "end" ? text.trimEnd() : text.trim()).length;
}

/** Whether the count is showing (it then describes its field). */
export function countShown(text: string, max: number, trim: Trim): boolean {
  return characterCount(text, trim) >= max * SHOW_FROM;
}

type Props = { id: string; text: string; max: number; trim: Trim };

/**
 * How many characters a text holds, shown near its limit so that it is met while typing, not
 * on save. Always in the page, empty while far from the limit: a live region must exist before
 * it speaks.
 */
export function CharacterCount({ id, text, max, trim }: Props) {
  const { t, i18n } = useTranslation();
  const count = characterCount(text, trim);
  const shown = count >= max * SHOW_FROM;
  const over = count > max;
  const number = new Intl.NumberFormat(i18n.resolvedLanguage);
  return (
    <p
      id={id}
      className={over ? "char-count over" : "char-count"}
      data-testid={id}
      aria-live="polite"
    >
      {shown &&
        (over
          ? t("editor.charsOver", { over: number.format(count - max), max: number.format(max) })
          : t("editor.charsLeft", {
              count: max - count,
              left: number.format(max - count),
              max: number.format(max),
            }))}
    </p>
  );
}
