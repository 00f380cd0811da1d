// Framework addresses use the framework's code: `#/frameworks/WHS`, `#/frameworks/WHS/edit`.
import { useLocation, useParams } from "react-router";
import type { Framework } from "./bindings/Framework";
import { useCatalogue } from "./catalogue";

export const FRAMEWORKS_HREF = "/frameworks";
export const NEW_FRAMEWORK_HREF = "/frameworks/new";

export function frameworkHref(code: string): string {
  return `/frameworks/${encodeURIComponent(code)}`;
}

export function frameworkEditHref(code: string): string {
  return `${frameworkHref(code)}/edit`;
}

/** What a page passes on after a save, so the next one shows it before the catalogue reloads. */
export type SavedState = { saved: Framework };

/**
 * The framework the address names: from the catalogue, or the one just saved when that is
 * newer (the catalogue reloads after a save and may not have it yet). Null: named but unknown;
 * undefined: the address names none (a new framework).
 */
export function useAddressedFramework(): Framework | null | undefined {
  const { code } = useParams();
  const { byFramework } = useCatalogue();
  const state = useLocation().state as SavedState | null;
  if (code === undefined) return undefined;
  const known = byFramework.get(code);
  const saved = state?.saved?.code === code ? state.saved : undefined;
  if (saved && (!known || known.version < saved.version)) return saved;
  return known ?? null;
}
