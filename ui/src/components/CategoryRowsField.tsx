import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { depthOf, isUnder, newRow, type CategoryRow } from "../frameworkDraft";
import { FieldError, type FieldProblem } from "./FieldError";

/** What the backend said about one row ("categories[3].code": column "code"). */
export type RowProblem = { column: string; problem: FieldProblem };

type Props = {
  rows: CategoryRow[];
  levels: string[];
  onChange: (rows: CategoryRow[]) => void;
  /** About the list as a whole ("categories"). */
  problem: FieldProblem | undefined;
  rowProblems: Map<number, RowProblem>;
};

const COLUMNS = ["code", "name", "parent", "referenceText"] as const;
type Column = (typeof COLUMNS)[number];

/**
 * A framework's categories as a table: code, name, parent (a category of a level above that
 * still has a level below it), reference text. A row's level follows from its parent.
 */
export function CategoryRowsField({ rows, levels, onChange, problem, rowProblems }: Props) {
  const { t } = useTranslation();
  const added = useRef(false);
  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    document.getElementById(`fw-category-${rows.length - 1}-code`)?.focus();
  }, [rows.length]);

  const levelName = (depth: number) => levels[depth - 1] || t("category.level", { level: depth });
  const rowName = (row: CategoryRow, index: number) =>
    row.code.trim()
      ? t("category.label", { code: row.code.trim(), name: row.name.trim() })
      : t("frameworks.form.categoryRow", { number: index + 1 });
  const change = (key: number, patch: Partial<CategoryRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const remove = (row: CategoryRow) =>
    // Its children move up to its own parent rather than vanish with it.
    onChange(
      rows
        .filter((r) => r.key !== row.key)
        .map((r) => (r.parent === row.key ? { ...r, parent: row.parent } : r)),
    );
  const headerId = (column: Column | "level") => `fw-categories-${column}`;
  const columnLabel: Record<Column, string> = {
    code: t("frameworks.form.categoryCode"),
    name: t("frameworks.form.categoryName"),
    parent: t("frameworks.form.categoryParent"),
    referenceText: t("frameworks.form.categoryReference"),
  };

  return (
    <fieldset
      id="fw-categories"
      className="rows-field categories-field"
      aria-describedby={["fw-categories-hint", problem && "error-fw-categories"].filter(Boolean).join(" ")}
    >
      <legend>{t("frameworks.form.categories")}</legend>
      <p id="fw-categories-hint" className="hint">
        {t("frameworks.form.categoriesHint")}
      </p>
      {problem && <FieldError field="fw-categories" problem={problem} />}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table category-rows" data-testid="category-rows">
            <thead>
              <tr>
                <th scope="col">{t("frameworks.form.categoryRowHeader")}</th>
                <th scope="col" id={headerId("level")}>
                  {t("frameworks.form.categoryLevel")}
                </th>
                {COLUMNS.map((column) => (
                  <th key={column} scope="col" id={headerId(column)}>
                    {columnLabel[column]}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{t("frameworks.form.categoryActions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const rowId = `fw-category-${index}`;
                const depth = depthOf(rows, row);
                const rowProblem = rowProblems.get(row.key);
                const invalid = (column: Column) =>
                  rowProblem && (rowProblem.column === column || rowProblem.column === "")
                    ? true
                    : undefined;
                const cell = (column: Column) => ({
                  id: `${rowId}-${column}`,
                  "aria-labelledby": `${headerId(column)} ${rowId}-label`,
                  "aria-invalid": invalid(column),
                  "aria-describedby": rowProblem ? `error-${rowId}` : undefined,
                });
                // A parent must leave a level below it; the row cannot go under itself.
                const parents = rows.filter(
                  (r) => !isUnder(rows, r, row.key) && depthOf(rows, r) < levels.length,
                );
                return (
                  <tr key={row.key} data-row={index}>
                    <th scope="row" id={`${rowId}-label`}>
                      {t("frameworks.form.categoryRow", { number: index + 1 })}
                      {rowProblem && <FieldError field={rowId} problem={rowProblem.problem} />}
                    </th>
                    <td data-testid={`${rowId}-level`}>{levelName(depth)}</td>
                    <td>
                      <input
                        type="text"
                        autoComplete="off"
                        size={6}
                        value={row.code}
                        onChange={(e) => change(row.key, { code: e.target.value })}
                        {...cell("code")}
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        autoComplete="off"
                        value={row.name}
                        onChange={(e) => change(row.key, { name: e.target.value })}
                        {...cell("name")}
                      />
                    </td>
                    <td>
                      <select
                        value={row.parent ?? ""}
                        onChange={(e) =>
                          change(row.key, { parent: e.target.value ? Number(e.target.value) : null })
                        }
                        {...cell("parent")}
                      >
                        <option value="">{t("frameworks.form.noParent")}</option>
                        {parents.map((p) => (
                          <option key={p.key} value={p.key}>
                            {t("frameworks.form.parentOption", {
                              level: levelName(depthOf(rows, p)),
                              label: rowName(p, rows.indexOf(p)),
                            })}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <textarea
                        rows={2}
                        value={row.referenceText}
                        onChange={(e) => change(row.key, { referenceText: e.target.value })}
                        {...cell("referenceText")}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        data-testid={`${rowId}-remove`}
                        onClick={() => {
                          remove(row);
                          document.getElementById("fw-categories-add")?.focus();
                        }}
                      >
                        {t("frameworks.form.removeCategory", { number: index + 1 })}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {rows.length === 0 && <p className="muted">{t("frameworks.noCategories")}</p>}
      <button
        type="button"
        id="fw-categories-add"
        data-testid="fw-categories-add"
        onClick={() => {
          added.current = true;
          onChange([...rows, newRow()]);
        }}
      >
        {t("frameworks.form.addCategory")}
      </button>
    </fieldset>
  );
}
