// The reference catalogue (core responsibilities and transformations) is loaded once by App
// and shared through context, because every screen needs its names.
import { createContext, useContext } from "react";
import { useTranslation } from "react-i18next";
import type { Catalogue } from "./bindings/Catalogue";
import type { CommitmentType } from "./bindings/CommitmentType";
import type { CoreResponsibility } from "./bindings/CoreResponsibility";
import type { Transformation } from "./bindings/Transformation";

// A Record forces this list to follow the generated CommitmentType union exactly.
const TYPES: Record<CommitmentType, null> = {
  Operational: null,
  Policy: null,
  Advocacy: null,
  Financial: null,
};
export const COMMITMENT_TYPES = Object.keys(TYPES) as CommitmentType[];

export function isCommitmentType(value: string | null): value is CommitmentType {
  return value !== null && value in TYPES;
}

export type CatalogueIndex = {
  coreResponsibilities: CoreResponsibility[];
  byNumber: Map<number, CoreResponsibility>;
  /** In catalogue order (1A … 5E). */
  byCode: Map<string, Transformation>;
};

export function indexCatalogue(catalogue: Catalogue): CatalogueIndex {
  const { coreResponsibilities } = catalogue;
  return {
    coreResponsibilities,
    byNumber: new Map(coreResponsibilities.map((cr) => [cr.number, cr])),
    byCode: new Map(
      coreResponsibilities.flatMap((cr) => cr.transformations.map((t) => [t.code, t] as const)),
    ),
  };
}

export const CatalogueContext = createContext<CatalogueIndex | null>(null);

export function useCatalogue(): CatalogueIndex {
  const index = useContext(CatalogueContext);
  if (!index) throw new Error("useCatalogue outside CatalogueContext");
  return index;
}

/** "CR3 Leave No One Behind" and "3A Reduce and address displacement", in the current language. */
export function useLabels() {
  const { t } = useTranslation();
  const { byNumber, byCode } = useCatalogue();
  return {
    coreResponsibility(number: number): string {
      const name = byNumber.get(number)?.name;
      return name === undefined
        ? t("coreResponsibility.short", { number })
        : t("coreResponsibility.label", { number, name });
    },
    transformation(code: string): string {
      const name = byCode.get(code)?.name;
      return name === undefined ? code : t("transformation.label", { code, name });
    },
  };
}
