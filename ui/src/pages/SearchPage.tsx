import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeading } from "../components/PageHeading";
import { SearchHitItem } from "../components/SearchHitItem";
import { StatusFilterBar } from "../components/StatusFilterBar";
import { useDebounced } from "../hooks/useDebounced";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiQuery } from "../api/queries";
import { useReportingYears } from "../session";
import {
  readStatusFilters,
  toStatusCommitmentFilter,
  writeStatusFilters,
  type StatusFilters,
} from "../statusFilters";
import "../styles/status.css";

const TYPING_DEBOUNCE_MS = 250;
/** The most results asked for; more means the words or filters should narrow it. */
const LIMIT = 100;

/** `#/search?q=water&framework=WHS&category=3&year=2019`: full-text search of commitments and reports. */
export function SearchPage() {
  const { t } = useTranslation("status");
  const { t: tc } = useTranslation();
  const years = useReportingYears();
  const [params, setParams] = useSearchParams();
  const filters = readStatusFilters(params);
  const words = useDebounced(filters.q, TYPING_DEBOUNCE_MS).trim();
  // The hits of the words before stay in view while those of the new ones are on their way.
  const query = useQuery({
    ...apiQuery(
      "search",
      words
        ? {
            text: words,
            // The words are the search itself, not the catalogue's ID/description filter.
            filter: toStatusCommitmentFilter(filters, false),
            year: filters.year,
            status: filters.status,
            limit: LIMIT,
          }
        : null,
    ),
    placeholderData: keepPreviousData,
  });
  const hits = words ? query.data : undefined;

  // Replace, not push: Back should leave the search, not replay each keystroke.
  const setFilters = (next: StatusFilters) =>
    setParams(writeStatusFilters(next), { replace: true });

  // Words found in very many records are not ranked (every rank is 0): newest matches first.
  const ranked = hits?.some((hit) => hit.rank !== 0) ?? true;
  let count: string;
  if (!words) count = t("search.prompt");
  else if (!hits) count = tc("app.loading");
  else if (hits.length >= LIMIT)
    count = t(ranked ? "search.capped" : "search.cappedNewest", { count: LIMIT });
  else count = t(ranked ? "search.count" : "search.countNewest", { count: hits.length });

  return (
    <section className="search-page" data-testid="search-page" aria-labelledby="search-heading">
      <PageHeading id="search-heading">{t("search.title")}</PageHeading>
      <form role="search" aria-label={t("search.formLabel")} onSubmit={(e) => e.preventDefault()}>
        <div className="search-box">
          <label htmlFor="search-text">{t("search.words")}</label>
          <input
            id="search-text"
            type="search"
            value={filters.q}
            aria-describedby="search-text-hint"
            onChange={(e) => setFilters({ ...filters, q: e.target.value })}
          />
          <p className="hint" id="search-text-hint">
            {t("search.wordsHint")}
          </p>
        </div>
        <StatusFilterBar
          idPrefix="search"
          filters={filters}
          onChange={setFilters}
          years={years}
          statusHint={t("search.statusHint")}
        />
      </form>

      {query.error && words && (
        <ErrorAlert
          error={query.error}
          action={{ label: tc("app.retry"), onClick: () => void query.refetch() }}
        >
          {t("search.failed")}
        </ErrorAlert>
      )}
      <p className="result-count" role="status" data-testid="search-count">
        {count}
      </p>
      {hits && hits.length === 0 && <p className="empty">{t("search.none")}</p>}
      {hits && hits.length > 0 && (
        <ol
          className="search-results"
          data-testid="search-results"
          aria-busy={query.isFetching}
          aria-label={ranked ? t("search.resultsLabel") : t("search.resultsNewest")}
        >
          {hits.map((hit, i) => (
            <SearchHitItem
              key={`${hit.kind}:${hit.reportId ?? hit.commitment}`}
              hit={hit}
              rank={i + 1}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
