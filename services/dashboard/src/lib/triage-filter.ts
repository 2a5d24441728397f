/** The triage queue's filters, as kept in the page address (shareable, survives a reload). */
export interface TriageFilter {
  sourceId: string;
  documentId: string;
  minScore: string;
  from: string;
  to: string;
}

export const noFilter: TriageFilter = {
  sourceId: '',
  documentId: '',
  minScore: '',
  from: '',
  to: '',
};
export const filterFields = Object.keys(noFilter) as (keyof TriageFilter)[];

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads the filters from an address, dropping what the API would refuse (a hand-edited or
 * stale link must show the queue, not an error): ids that are not UUIDs, scores outside 0–1,
 * malformed dates, and a `from` after `to`.
 */
export function filterFromSearch(params: URLSearchParams): TriageFilter {
  const read = (field: keyof TriageFilter) => params.get(field)?.trim() ?? '';
  const score = Number(read('minScore'));
  const filter: TriageFilter = {
    sourceId: uuid.test(read('sourceId')) ? read('sourceId') : '',
    documentId: uuid.test(read('documentId')) ? read('documentId') : '',
    minScore: read('minScore') !== '' && score >= 0 && score <= 1 ? read('minScore') : '',
    from: isoDate.test(read('from')) ? read('from') : '',
    to: isoDate.test(read('to')) ? read('to') : '',
  };
  if (filter.from && filter.to && filter.from > filter.to) filter.from = '';
  return filter;
}

/** The filters that are set, as query parameters (for the address and for the API). */
export function filterToSearch(filter: TriageFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of filterFields) if (filter[field] !== '') params.set(field, filter[field]);
  return params;
}
