import { useQueries, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { apiQuery } from "../api/queries";
import type { Autosave } from "../bindings/Autosave";
import { useDateFormat } from "../hooks/useDateFormat";
import { reportHref } from "../addresses";

const keyOf = (a: Autosave) => `${a.commitment}:${a.year}`;

/**
 * After a crash, a kill or a closed window, the text that was being typed is offered back: the
 * kept texts found when the app started are listed under the header, each linking to its report
 * page (where the recovery banner restores it), until they are dealt with or dismissed.
 */
export function AutosaveNotice() {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const { pathname } = useLocation();
  // The texts kept when the app started: the list's first answer (none if it failed).
  const [atStart, setAtStart] = useState<Autosave[] | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const active = !dismissed && atStart !== null && atStart.length > 0;
  // Watched while there is something to offer, so that texts restored and saved, or discarded,
  // drop out: saves and discards invalidate it (see api/queryKeys.ts).
  const now = useQuery(apiQuery("autosave_list", atStart === null || active ? {} : null));
  if (atStart === null && (now.data !== undefined || now.error !== null)) {
    setAtStart(now.data ?? []);
  }
  // The Commitment IDs of the texts kept, read one by one: a few at most, where the whole
  // catalogue (thousands, at the Summit's scale) was read before. One that is gone since still
  // has its link, with "…" for its ID.
  const ids = active ? [...new Set(atStart.map((a) => a.commitment))] : [];
  const commitments = useQueries({ queries: ids.map((id) => apiQuery("get_commitment", { id })) });
  const publicIds = new Map(
    ids.flatMap((id, i) => {
      const c = commitments[i]?.data;
      return c ? [[id, c] as const] : [];
    }),
  );
  if (!active) return null;

  const stillKept = new Set((now.data ?? atStart).map(keyOf));
  // Its link by public ID, or by UUID until that is known (both addresses work).
  const hrefOf = (a: Autosave) => reportHref(publicIds.get(a.commitment) ?? a.commitment, a.year);
  const items = atStart.filter(
    (a) =>
      stillKept.has(keyOf(a)) &&
      pathname !== hrefOf(a) &&
      pathname !== reportHref(a.commitment, a.year),
  );
  if (items.length === 0) return null;

  return (
    <section className="autosave-notice" data-testid="autosave-notice" aria-labelledby="autosave-notice-heading">
      <h2 id="autosave-notice-heading">{t("autosave.noticeTitle", { count: items.length })}</h2>
      <ul>
        {items.map((a) => (
          <li key={keyOf(a)} data-testid="autosave-notice-item">
            <Link to={hrefOf(a)}>
              {t("autosave.noticeItem", {
                id: publicIds.get(a.commitment)?.commitmentId ?? "…",
                year: a.year,
              })}
            </Link>{" "}
            <span className="muted">
              {t("autosave.keptOn", { date: dateTime(a.savedAt) })}
            </span>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={() => setDismissed(true)}>
        {t("autosave.dismiss")}
      </button>
    </section>
  );
}
