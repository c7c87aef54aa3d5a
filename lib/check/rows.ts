/**
 * The tags of each row as the provider sent them (table.columns): the friendly rows are keyed by name
 * and hide order and PT_ERROR types, so the SRowSet is read here, through the same layouts.
 */
import { flexibleLayout, offsetsOf } from '../ffi/layout';
import { viewOf, readPtr } from '../mapi/memory';
import { decodeProps } from '../mapi/decode';
import type { Table } from '../mapi/table';
import type { MapiLibrary } from '../loader';
import { EXPORTS } from '../../ffi-defs/exports';

export function rowTags(t: Table, n: number, lib: MapiLibrary): number[][] {
  const out: (bigint | null)[] = [null];
  const raw = t.raw as unknown as { QueryRows(n: number, f: number, o: (bigint | null)[]): number };
  raw.QueryRows(n, 0, out);
  const set = out[0];
  if (!set) return [];
  try {
    const L = flexibleLayout('SRowSet');
    const R = offsetsOf('SRow', 'cValues', 'lpProps');
    const head = viewOf(set, L.head);
    const cRows = head.getUint32(L.count, true);
    const rows: number[][] = [];
    for (let i = 0; i < cRows; i++) {
      const v = viewOf(set + BigInt(L.head + i * L.stride), L.stride);
      const cValues = v.getUint32(R.cValues, true);
      const props = decodeProps(readPtr(v, R.lpProps), cValues);
      rows.push(props.map((p) => p.tag));
    }
    return rows;
  } finally {
    lib.call(EXPORTS.FreeProws, set);
  }
}
