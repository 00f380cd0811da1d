import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useLayoutEffect } from "react";
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
import { commitmentListQuery } from "../commitmentList";
import { call } from "../api";
import { mark, startupMarks } from "../startup";
import { mayReview, useAccount } from "../account";
import { OfflineNote } from "../components/OfflineNote";
import { useOffline } from "../sync";

const SEARCH_DEBOUNCE_MS = 200;

let painted = false;

/**
 * Tells the backend, once per start, that the first rows of the list are on screen (the
 * cold-start probe). Called as the list is committed to the page: the next frame paints it,
 * and a timeout queued in that frame's animation callback runs after the paint. "frame
 * begun" tells waiting for that frame (the web process busy elsewhere) from painting it.
 */
function signalFirstPaint() {
  if (painted) return;
  painted = true;
  requestAnimationFrame(() => {
    mark("frame begun");
    window.setTimeout(() => {
      mark("painted");
      call("ui_ready", { marks: startupMarks() }).catch(() => undefined);
    }, 0);
  });
}

export function CataloguePage() {
  const { t } = useTranslation();
  const { t: tw } = useTranslation("work");
  // On a team server only coordinators and admins add commitments.
  const account = useAccount();
  const mayAdd = !account || mayReview(account.role);
  // An offline copy of a team server: its catalogue is read-only until the server is back.
  const offline = useOffline();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  // The URL follows every keystroke; the server is only asked once typing pauses.
  const search = useDebounced(filters.q, SEARCH_DEBOUNCE_MS);
  // Another filter's first page replaces the rows shown so far only once it is in.
  const query = useInfiniteQuery({
    ...commitmentListQuery(toCommitmentFilter({ ...filters, q: search })),
    placeholderData: keepPreviousData,
  });
  const { fetchNextPage } = query;
  const loading = query.isPlaceholderData || query.isPending;
  const error = query.isPlaceholderData ? null : query.error;
  const list = {
    // The rows read so far (none yet, or none at all after a failed first page).
    rows: query.data?.rows ?? (error ? [] : undefined),
    total: query.data?.total ?? 0,
  };
  const rows = list.rows ?? [];
  // The next page: not while another is on its way (or the list is being read again), nor
  // after a failure (Retry reads it again) or when all are read.
  const canMore = !loading && !error && query.hasNextPage && !query.isFetching;
  const more = useCallback(() => {
    if (canMore) void fetchNextPage({ cancelRefetch: false });
  }, [canMore, fetchNextPage]);

  useEffect(() => rememberCatalogueSearch(params), [params]);
  mark("catalogue rendered");
  useLayoutEffect(() => {
    if (list.rows === undefined) return;
    mark("list committed");
    signalFirstPaint();
  }, [list.rows]);

  // Replace, not push: Back should leave the catalogue, not replay each keystroke.
  const setFilters = (next: Filters) => setParams(writeFilters(next), { replace: true });

  return (
    <>
      <div className="page-title">
        <PageHeading>{t("catalogue.title")}</PageHeading>
        {mayAdd && offline ? (
          <OfflineNote action="catalogue" />
        ) : mayAdd ? (
          <Link className="button primary" to="/commitments/new">
            {t("catalogue.add")}
          </Link>
        ) : (
          account && (
            <p
              className="hint"
              data-testid="denied-explanation"
              data-action="add-commitment"
              data-reason={account.role === "Viewer" ? "viewer" : "notReviewer"}
            >
              {tw("denied.addCommitment")}
            </p>
          )
        )}
      </div>
      <FilterBar filters={filters} onChange={setFilters} />
      {error && (
        <ErrorAlert
          error={error}
          action={{ label: t("app.retry"), onClick: () => void query.refetch() }}
        >
          {t("catalogue.loadFailed")}
        </ErrorAlert>
      )}
      <p className="result-count" data-testid="result-count" role="status">
        {list.rows === undefined ? t("app.loading") : t("catalogue.count", { count: list.total })}
      </p>
      {list.rows !== undefined && list.total === 0 ? (
        <p className="empty">{t("catalogue.empty")}</p>
      ) : (
        <CommitmentTable
          rows={rows}
          total={list.total}
          busy={loading}
          onMore={more}
          loadingMore={query.isFetchingNextPage}
        />
      )}
    </>
  );
}
