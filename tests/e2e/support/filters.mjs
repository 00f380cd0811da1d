// The commitment filter that lets everything through but retired commitments, as the backend
// takes it (the `CommitmentFilter` binding's fields).

/** No search, type, core responsibility, transformation or organisation; retired left out. */
export const NO_FILTER = Object.freeze({
  search: null,
  type: null,
  coreResponsibility: null,
  transformation: null,
  organisation: null,
  includeRetired: false,
});
