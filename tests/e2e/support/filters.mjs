// The commitment filter that lets everything through but retired commitments, as the backend
// takes it (the `CommitmentFilter` binding's fields).

/** No search, type, framework, category or organisation; retired left out. */
export const NO_FILTER = Object.freeze({
  search: null,
  type: null,
  framework: null,
  category: null,
  organisation: null,
  includeRetired: false,
});
