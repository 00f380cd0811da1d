// The fields each import kind reads (as `src/import/mapping.rs` `fields(kind)` lists them) and
// the person's column choices over a proposal. The server judges everything; these only shape
// what the mapping screen offers.
import type { ColumnMapping } from "./bindings/ColumnMapping";
import type { Framework } from "./bindings/Framework";
import type { ImportKind } from "./bindings/ImportKind";
import type { MappingProposal } from "./bindings/MappingProposal";

export type ImportField = {
  /** snake_case, as in `ColumnMapping.fields`. */
  name: FieldName;
  required: boolean;
  /** One of a closed set of values, mapped value by value (report status, commitment type). */
  enumerated: boolean;
};

export type FieldName =
  | "id"
  | "title"
  | "description"
  | "type"
  | "organisation"
  | "organisation_name"
  | "categories"
  | "tags"
  | "year"
  | "status"
  | "achievements"
  | "challenges"
  | "next_steps"
  | "evidence"
  | "progress"
  | "author";

const field = (name: FieldName, required = false, enumerated = false): ImportField => ({
  name,
  required,
  enumerated,
});

export const IMPORT_FIELDS: Record<ImportKind, ImportField[]> = {
  Catalogue: [
    field("id", true),
    field("title"),
    field("description", true),
    field("type", false, true),
    field("organisation"),
    field("organisation_name"),
    field("categories"),
    field("tags"),
  ],
  Reports: [
    field("id", true),
    field("year"),
    field("status", true, true),
    field("achievements"),
    field("challenges"),
    field("next_steps"),
    field("evidence"),
    field("progress"),
    field("tags"),
    field("author"),
  ],
};

export function isFieldName(kind: ImportKind, name: string): name is FieldName {
  return IMPORT_FIELDS[kind].some((f) => f.name === name);
}

/** The field a column is mapped to, if any. */
export function fieldOfColumn(mapping: ColumnMapping, column: string): string | undefined {
  return Object.keys(mapping.fields).find((f) => mapping.fields[f]?.includes(column));
}

/**
 * The whole mapping of fields after mapping `column` to `target` ("" = ignore): the column
 * leaves its field and joins the end of the target's columns. Every field of the kind is named
 * (empty when it has no column), so the server takes the person's mapping as it is.
 */
export function remapColumn(
  kind: ImportKind,
  current: ColumnMapping["fields"],
  column: string,
  target: string,
): ColumnMapping["fields"] {
  const next: ColumnMapping["fields"] = {};
  for (const f of IMPORT_FIELDS[kind]) {
    next[f.name] = (current[f.name] ?? []).filter((c) => c !== column);
  }
  if (target) next[target] = [...(next[target] ?? []), column];
  return next;
}

/**
 * The values of an enumerated field still to map: for a commitment type, those the chosen
 * framework does not know (its types are data, matched ignoring case).
 */
export function unmappedValues(
  proposal: MappingProposal,
  framework: Framework | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(proposal.unmappedValues)) {
    const known = new Set(
      name === "type" ? (framework?.types ?? []).map((t) => t.trim().toLowerCase()) : [],
    );
    const left = values.filter((v) => !known.has(v.trim().toLowerCase()));
    if (left.length > 0) out[name] = left;
  }
  return out;
}
