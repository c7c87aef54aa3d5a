/**
 * An ADRLIST read back: each entry's properties, keyed by tag name as table rows are. One reader for
 * the recipients of ModifyRecipients, ResolveName and ResolveNames (recipients.ts) and for a rule's
 * OP_FORWARD / OP_DELEGATE recipients (actions.ts, which decode.ts reaches: this sits below both).
 */
import { flexibleLayout, offsetsOf, type FlexibleLayout } from '../ffi/layout';
import { readPtr, viewOf } from './memory';
import { tagName, type PropsByName, type PropValue } from './tags';
import type { ValuesDecoder } from './restriction';

let L: { list: FlexibleLayout; entry: Readonly<Record<'cValues' | 'rgPropVals', number>> } | undefined;

/** ADRLIST's count, head and stride, and where an ADRENTRY holds cValues and rgPropVals. */
export const adrListLayout = () => (L ??= { list: flexibleLayout('ADRLIST'), entry: offsetsOf('ADRENTRY', 'cValues', 'rgPropVals') });

/** The rows of the ADRLIST at `p` (none for NULL), each entry's values decoded by `values`. */
export function readAdrList(p: bigint, values: ValuesDecoder): PropsByName[] {
  if (!p) return [];
  const { list: { count, head, stride }, entry: e } = adrListLayout();
  const n = viewOf(p, head).getUint32(count, true);
  const v = viewOf(p, head + n * stride);
  return Array.from({ length: n }, (_, i) => {
    const row: Record<string, PropValue> = {};
    const lp = readPtr(v, head + stride * i + e.rgPropVals);
    const c = v.getUint32(head + stride * i + e.cValues, true);
    if (lp && c) for (const x of values(lp, c)) row[tagName(x.tag)] = x.value;
    return row as unknown as PropsByName;
  });
}
