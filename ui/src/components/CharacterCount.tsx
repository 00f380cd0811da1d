import { useTranslation } from "react-i18next";
import { useAppInfo } from "../session";

/** From this share of the limit on, the count shows. */
const SHOW_FROM = 0.9;

/** Characters as the server counts them (Unicode code points, trailing spaces dropped). */
export function characterCount(text: string): number {
  // The string iterator walks code points, as Rust's chars() does.
  return Array.from(text.trimEnd()).length;
}

/**
 * How many characters a narrative holds, shown near its limit so that it is met while typing,
 * not on save. Always in the page, empty while far from the limit: a live region must exist
 * before it speaks.
 */
export function CharacterCount({ id, text }: { id: string; text: string }) {
  const { t, i18n } = useTranslation();
  const { maxNarrativeLen: max } = useAppInfo();
  const count = characterCount(text);
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
              used: number.format(count),
              max: number.format(max),
            }))}
    </p>
  );
}

/** Whether the count is showing (it then describes its field). */
export function countShown(text: string, max: number): boolean {
  return characterCount(text) >= max * SHOW_FROM;
}
