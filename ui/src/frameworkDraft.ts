// The framework form edits rows, not the wire shape: a category's parent is another row (by a
// key that survives renaming its code), and the rows are sent parents first.
import type { Framework } from "./bindings/Framework";
import type { FrameworkInput } from "./bindings/FrameworkInput";

export const MAX_LEVELS = 4;

export type CategoryRow = {
  /** Stable while the form is open; never sent. */
  key: number;
  code: string;
  name: string;
  /** The parent row's key, or null at the top. */
  parent: number | null;
  referenceText: string;
};

export type FrameworkDraft = {
  code: string;
  name: string;
  description: string;
  source: string;
  levels: string[];
  types: string[];
  /** Text, so the field can be empty while someone types. */
  minCategories: string;
  categories: CategoryRow[];
};

let lastKey = 0;
export function newRow(parent: number | null = null): CategoryRow {
  lastKey += 1;
  return { key: lastKey, code: "", name: "", parent, referenceText: "" };
}

export function draftOf(framework: Framework | null): FrameworkDraft {
  if (!framework) {
    return {
      code: "",
      name: "",
      description: "",
      source: "",
      levels: [""],
      types: [],
      minCategories: "0",
      categories: [],
    };
  }
  const keys = new Map<string, number>();
  const categories = framework.categories.map((c) => {
    const row = newRow(c.parent === null ? null : (keys.get(c.parent) ?? null));
    keys.set(c.code, row.key);
    return { ...row, code: c.code, name: c.name, referenceText: c.referenceText };
  });
  return {
    code: framework.code,
    name: framework.name,
    description: framework.description,
    source: framework.source,
    levels: [...framework.levels],
    types: [...framework.types],
    minCategories: String(framework.minCategories),
    categories,
  };
}

/** 1 for a row without a parent, one more per parent above it (a cycle counts as the top). */
export function depthOf(rows: CategoryRow[], row: CategoryRow): number {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  let depth = 1;
  const seen = new Set([row.key]);
  for (let p = row.parent; p !== null; ) {
    const parent = byKey.get(p);
    if (!parent || seen.has(p)) break;
    seen.add(p);
    depth += 1;
    p = parent.parent;
  }
  return depth;
}

/** Whether `row` is `ancestor` or below it (a row cannot be put under itself). */
export function isUnder(rows: CategoryRow[], row: CategoryRow, ancestor: number): boolean {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const seen = new Set<number>();
  for (let r: CategoryRow | undefined = row; r && !seen.has(r.key); r = r.parent === null ? undefined : byKey.get(r.parent)) {
    if (r.key === ancestor) return true;
    seen.add(r.key);
  }
  return false;
}

/**
 * The rows depth-first (each parent followed by its children, siblings as entered), which is
 * the order the backend keeps categories in.
 */
export function depthFirst(rows: CategoryRow[]): CategoryRow[] {
  const keys = new Set(rows.map((r) => r.key));
  const out: CategoryRow[] = [];
  const visit = (parent: number | null) => {
    for (const row of rows) {
      const top = row.parent === null || !keys.has(row.parent);
      if ((parent === null ? top : row.parent === parent) && !out.includes(row)) {
        out.push(row);
        visit(row.key);
      }
    }
  };
  visit(null);
  // Rows caught in a cycle are sent too, so the backend can say what is wrong with them.
  return [...out, ...rows.filter((r) => !out.includes(r))];
}

/** The wire input, and which row each sent category came from (for errors like categories[3]). */
export function toInput(draft: FrameworkDraft): { input: FrameworkInput; sentRows: number[] } {
  const ordered = depthFirst(draft.categories);
  const codeOf = new Map(draft.categories.map((r) => [r.key, r.code.trim()]));
  const min = Number(draft.minCategories);
  return {
    input: {
      code: draft.code.trim(),
      name: draft.name.trim(),
      description: draft.description.trim(),
      source: draft.source.trim(),
      levels: draft.levels.map((l) => l.trim()),
      types: draft.types.map((t) => t.trim()),
      minCategories: Number.isFinite(min) ? min : 0,
      categories: ordered.map((row) => ({
        code: row.code.trim(),
        name: row.name.trim(),
        parent: row.parent === null ? null : (codeOf.get(row.parent) ?? null),
        referenceText: row.referenceText,
      })),
    },
    sentRows: ordered.map((r) => r.key),
  };
}

/** "categories[3].code" → { index: 3, column: "code" }; anything else → null. */
export function categoryField(field: string): { index: number; column: string } | null {
  const match = /^categories\[(\d+)\](?:\.(\w+))?$/.exec(field);
  return match ? { index: Number(match[1]), column: match[2] ?? "" } : null;
}
