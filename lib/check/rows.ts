/**
 * The tags of each row as the provider sent them (table.columns): the friendly rows are keyed by name
 * and hide order and PT_ERROR types, so the SRowSet's own tags are read (lib/mapi/rows.ts).
 */
import { EXPORTS } from '../../ffi-defs/exports';
import type { MapiLibrary } from '../loader';
import { decodeRowTags } from '../mapi/rows';
import type { Table } from '../mapi/table';

export function rowTags(t: Table, n: number, lib: MapiLibrary): number[][] {
  const out: (bigint | null)[] = [null];
  t.raw.QueryRows(n, 0, out);
  try {
    return decodeRowTags(out[0] ?? 0n);
  } finally {
    if (out[0]) lib.call(EXPORTS.FreeProws, out[0]);
  }
}
