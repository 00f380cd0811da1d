// The person's column choices over a proposal (whose `fields` are the import's fields, as
// `src/import/mapping.rs` lists them). The server judges everything; these only shape
// what the mapping screen offers.
import type { ColumnMapping } from "./bindings/ColumnMapping";
import type { Framework } from "./bindings/Framework";
import type { ImportField } from "./bindings/ImportField";
import type { MappingProposal } from "./bindings/MappingProposal";

/** An import field's snake_case name (`ImportField.name`). */
export type FieldName = string;

/** Whether `name` is one of the import's fields (the server lists them in its proposal). */
export function isFieldName(fields: ImportField[], name: string): boolean {
  return fields.some((f) => f.name === name);
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
  fields: ImportField[],
  current: ColumnMapping["fields"],
  column: string,
  target: string,
): ColumnMapping["fields"] {
  const next: ColumnMapping["fields"] = {};
  for (const f of fields) {
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
