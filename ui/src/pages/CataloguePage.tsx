import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { CommitmentTable } from "../components/CommitmentTable";
import { ErrorAlert } from "../components/ErrorAlert";
import { FilterBar } from "../components/FilterBar";
import { PageHeading } from "../components/PageHeading";
import {
  readFilters,
  rememberCatalogueSearch,
  toCommitmentFilter,
  writeFilters,
  type Filters,
} from "../filters";
import { useDebounced } from "../hooks/useDebounced";
import { useQuery } from "../hooks/useQuery";
import { call } from "../api";

const SEARCH_DEBOUNCE_MS = 200;

let painted = false;

/** Tells the backend, once per start, that the first list is on screen (the cold-start probe). */
function signalFirstPaint() {
  if (painted) return;
  painted = true;
  // Two frames: the first runs before the paint, the second after it.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      call("ui_ready", {}).catch(() => undefined);
    }),
  );
}

export function CataloguePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  // The URL follows every keystroke; the server is only asked once typing pauses.
  const search = useDebounced(filters.q, SEARCH_DEBOUNCE_MS);
  const query = useQuery("list_commitments", toCommitmentFilter({ ...filters, q: search }));
  const rows = query.data ?? [];

  useEffect(() => rememberCatalogueSearch(params), [params]);
  useEffect(() => {
    if (query.data !== undefined) signalFirstPaint();
  }, [query.data]);

  // Replace, not push: Back should leave the catalogue, not replay each keystroke.
  const setFilters = (next: Filters) => setParams(writeFilters(next), { replace: true });

  return (
    <>
      <div className="page-title">
        <PageHeading>{t("catalogue.title")}</PageHeading>
        <Link className="button primary" to="/commitments/new">
          {t("catalogue.add")}
        </Link>
      </div>
      <FilterBar filters={filters} onChange={setFilters} />
      {query.error && (
        <ErrorAlert error={query.error} action={{ label: t("app.retry"), onClick: query.reload }}>
          {t("catalogue.loadFailed")}
        </ErrorAlert>
      )}
      <p className="result-count" data-testid="result-count" role="status">
        {query.data === undefined ? t("app.loading") : t("catalogue.count", { count: rows.length })}
      </p>
      {query.data !== undefined && rows.length === 0 ? (
        <p className="empty">{t("catalogue.empty")}</p>
      ) : (
        <CommitmentTable rows={rows} busy={query.loading} />
      )}
    </>
  );
}
