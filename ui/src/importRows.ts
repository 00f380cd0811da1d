// What the import preview shows of a refused row.

/**
 * A refused row's error without the place the row's own cells already show: the server may
 * start it with "<file>: row <n>, column <c>: " (report imports) or "<file>: row <n>: " when no
 * column is at fault. Any other text is kept whole.
 */
export function rowProblem(error: string, file: string, row: number, column: string | null): string {
  const place = `${file}: row ${row}${column ? `, column ${column}` : ""}: `;
  return error.startsWith(place) ? error.slice(place.length) : error;
}
