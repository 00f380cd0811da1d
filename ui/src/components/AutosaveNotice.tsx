import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { call } from "../api";
import type { Autosave } from "../bindings/Autosave";
import { useDateFormat } from "../hooks/useDateFormat";
import { useQuery } from "../hooks/useQuery";
import { reportHref, type CommitmentRef } from "../addresses";

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
  const [atStart, setAtStart] = useState<Autosave[] | null>(null);
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => {
    call("autosave_list", {}).then(setAtStart, () => setAtStart([]));
  }, []);

  const active = !dismissed && atStart !== null && atStart.length > 0;
  // Asked again on every page change, so that restored, saved or discarded texts drop out.
  const now = useQuery("autosave_list", active ? {} : null, pathname);
  // The Commitment IDs of the texts kept, read one by one: a few at most, where the whole
  // catalogue (thousands, at the Summit's scale) was read before.
  const [publicIds, setPublicIds] = useState<
    ReadonlyMap<string, Exclude<CommitmentRef, string>>
  >(new Map());
  useEffect(() => {
    if (!active || atStart === null) return;
    let current = true;
    const ids = [...new Set(atStart.map((a) => a.commitment))];
    void Promise.all(
      ids.map((id) =>
        call("get_commitment", { id }).then(
          (c): [string, Exclude<CommitmentRef, string>] => [id, c],
          () => null, // (gone since: the link still works, with "…" for its ID)
        ),
      ),
    ).then((pairs) => {
      if (current) setPublicIds(new Map(pairs.filter((p) => p !== null)));
    });
    return () => {
      current = false;
    };
  }, [active, atStart]);
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
