// What every matrix cell needs, worked out once for the whole grid: its words, translated once
// per language, and its link addresses. With thousands of cells drawn while scrolling, a
// translation hook or a router <Link> in every cell would cost more than the cell itself (the
// hash router looks for a <base> element for every address it makes).
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useHref } from "react-router";
import type { ImplementationStatus } from "../bindings/ImplementationStatus";
import type { ReviewState } from "../bindings/ReviewState";

export type MatrixShared = {
  /** The href of an app path, e.g. "/commitments/…" → "#/commitments/…". */
  href: (path: string) => string;
  loading: string;
  mark: (state: ReviewState) => string;
  cellLabel: (
    id: string,
    year: number,
    status: ImplementationStatus,
    review: ReviewState,
  ) => string;
  emptyLabel: (id: string, year: number) => string;
  commitmentLabel: (id: string, retired: boolean) => string;
};

export function useMatrixShared(): MatrixShared {
  const { t } = useTranslation("status");
  const { t: tc } = useTranslation();
  const root = useHref("/");
  return useMemo(
    () => ({
      href: (path) => `${root}${path.replace(/^\//, "")}`,
      loading: tc("app.loading"),
      mark: (state) => t(`matrix.mark.${state}`),
      cellLabel: (id, year, status, review) =>
        t("matrix.cellLabel", {
          id,
          year,
          status: tc(`status.${status}`),
          review: tc(`reviewState.${review}`),
        }),
      emptyLabel: (id, year) => t("matrix.emptyLabel", { id, year }),
      commitmentLabel: (id, retired) =>
        retired ? t("matrix.commitmentRetired", { id }) : t("matrix.commitmentLink", { id }),
    }),
    [t, tc, root],
  );
}
