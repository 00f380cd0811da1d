import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { SearchHit } from "../bindings/SearchHit";
import { commitmentHref, reportHref } from "../addresses";
import { SearchSnippet } from "./SearchSnippet";

/** One ranked result: the commitment or the report it was found in, and where. */
export function SearchHitItem({ hit, rank }: { hit: SearchHit; rank: number }) {
  const { t } = useTranslation("status");
  const isReport = hit.kind === "report" && hit.year !== null;
  const href =
    isReport && hit.year !== null
      ? reportHref(hit, hit.year)
      : commitmentHref(hit);
  return (
    <li
      className="search-hit"
      data-testid="search-hit"
      data-kind={hit.kind}
      data-commitment-id={hit.commitmentId}
      data-year={hit.year ?? undefined}
      data-rank={rank}
    >
      <h2 className="search-hit-title">
        <Link to={href}>
          {isReport
            ? t("search.reportTitle", { id: hit.commitmentId, year: hit.year })
            : t("search.commitmentTitle", { id: hit.commitmentId })}
        </Link>{" "}
        <span className={`kind-badge kind-${isReport ? "report" : "commitment"}`}>
          {isReport ? t("search.kindReport") : t("search.kindCommitment")}
        </span>
      </h2>
      <SearchSnippet snippet={hit.snippet} />
    </li>
  );
}
