// The frameworks (each with its levels, types and category tree) are loaded once by App and
// shared through context, because every screen needs their names.
import { createContext, useContext } from "react";
import { useTranslation } from "react-i18next";
import type { Catalogue } from "./bindings/Catalogue";
import type { Category } from "./bindings/Category";
import type { Framework } from "./bindings/Framework";

/** The framework a new commitment starts in when nobody chooses (the backend's own default). */
export const DEFAULT_FRAMEWORK = "WHS";

export type CatalogueIndex = {
  frameworks: Framework[];
  byFramework: Map<string, Framework>;
  /** Per framework code, its categories by code (in framework order). */
  categories: Map<string, Map<string, Category>>;
  /** WHS if it exists, else the first framework. */
  defaultFramework: Framework | undefined;
  /** Asks for the catalogue again (after a framework was added or changed). */
  reload: () => void;
};

export function indexCatalogue(catalogue: Catalogue, reload: () => void): CatalogueIndex {
  const { frameworks } = catalogue;
  return {
    frameworks,
    byFramework: new Map(frameworks.map((f) => [f.code, f])),
    categories: new Map(
      frameworks.map((f) => [f.code, new Map(f.categories.map((c) => [c.code, c]))]),
    ),
    defaultFramework: frameworks.find((f) => f.code === DEFAULT_FRAMEWORK) ?? frameworks[0],
    reload,
  };
}

export const CatalogueContext = createContext<CatalogueIndex | null>(null);

export function useCatalogue(): CatalogueIndex {
  const index = useContext(CatalogueContext);
  if (!index) throw new Error("useCatalogue outside CatalogueContext");
  return index;
}

/** The direct children of `parent` (null: the top level), in framework order. */
export function childrenOf(framework: Framework, parent: string | null): Category[] {
  return framework.categories.filter((c) => c.parent === parent);
}

/** `code` and everything below it. */
export function withDescendants(framework: Framework, code: string): Set<string> {
  const found = new Set([code]);
  // Depth-first order puts every descendant after its parent, so one pass suffices.
  for (const c of framework.categories) {
    if (c.parent !== null && found.has(c.parent)) found.add(c.code);
  }
  return found;
}

/** The types offered for a framework, or those of all frameworks (in order, once) for none. */
export function typesOf(frameworks: Framework[], framework: Framework | undefined): string[] {
  return framework ? framework.types : [...new Set(frameworks.flatMap((f) => f.types))];
}

/** "3A Reduce and address displacement", level names, and types in the current language. */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const { byFramework, categories } = useCatalogue();
  return {
    category(framework: string, code: string): string {
      const name = categories.get(framework)?.get(code)?.name;
      return name === undefined ? code : t("category.label", { code, name });
    },
    /** The name of level `level` (1-based) of a framework. */
    level(framework: string, level: number): string {
      return byFramework.get(framework)?.levels[level - 1] ?? t("category.level", { level });
    },
    framework(code: string): string {
      return byFramework.get(code)?.name ?? code;
    },
    /** The WHS types have translations; any other framework's types are shown as entered. */
    type(type: string): string {
      const key = `type.${type}`;
      return i18n.exists(key) ? (t(key as "type.Policy") as string) : type;
    },
  };
}
