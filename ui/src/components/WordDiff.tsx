import { diffWords } from "diff";
import { useTranslation } from "react-i18next";

/**
 * The word-level differences between two texts: deleted words in <del>, inserted ones in
 * <ins>, each also announced in words, since screen readers do not all voice the elements.
 */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  const parts = diffWords(before, after);
  return (
    <p className="word-diff">
      {parts.map((part, i) =>
        part.added ? (
          <ins key={i}>
            <span className="visually-hidden">{t("diff.insertedStart")}</span>
            {part.value}
            <span className="visually-hidden">{t("diff.insertedEnd")}</span>
          </ins>
        ) : part.removed ? (
          <del key={i}>
            <span className="visually-hidden">{t("diff.deletedStart")}</span>
            {part.value}
            <span className="visually-hidden">{t("diff.deletedEnd")}</span>
          </del>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </p>
  );
}
