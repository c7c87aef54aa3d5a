/**
 * Table rows are decoded by functions made for their column set (lib/mapi/row-codec.ts), through views
 * shared by a page's rows (lib/mapi/span.ts). These check them against the generic decoder (the one
 * getProps uses) on the sample provider's rows, cell by cell, for every property type it stores, with
 * rows whose tags differ (PT_ERROR cells); and rows whose memory lies in two places far apart.
 */
import koffi from 'koffi';
import { EXPORTS } from '../ffi-defs/exports';
import { PROP_TYPES as PT } from '../ffi-defs/constants/proptypes';
import { decodeProps, decodeRowArrays, decodeRowSet, PropError, PROP_TAG, tagName, type Folder, type Mapi, type Row, type Session, type Store } from '../lib';
import { flexibleLayout, offsetsOf } from '../lib/ffi/layout';
import { Arena, PTR, writePtr } from '../lib/mapi/memory';
import { spvLayout, valueLayout } from '../lib/mapi/props';
import { MAX_SPAN } from '../lib/mapi/span';
import { init, expectNoLeaks } from './helpers/provider';

let mapi: Mapi;
let session: Session;
let store: Store;
let folder: Folder;
beforeAll(() => {
  mapi = init();
  session = mapi.logon({ profile: 'Sample' });
  store = session.defaultStore();
  folder = store.folder('Inbox').createFolder('row decoding');
});
afterAll(() => mapi.uninitialize());
expectNoLeaks();

// One property of each type, in the provider-defined range (0x6600-0x67FF).
const T = (id: number, type: number) => PROP_TAG(type, id);
const TYPED = [
  [T(0x6701, PT.PT_I2), -12345],
  [T(0x6702, PT.PT_LONG), -7],
  [T(0x6703, PT.PT_R4), 1.5],
  [T(0x6704, PT.PT_DOUBLE), Math.PI],
  [T(0x6705, PT.PT_CURRENCY), -123456789012345n],
  [T(0x6706, PT.PT_APPTIME), 45000.25],
  [T(0x6707, PT.PT_BOOLEAN), true],
  [T(0x6708, PT.PT_I8), 2n ** 62n + 5n],
  [T(0x6709, PT.PT_STRING8), 'eight bit'],
  [T(0x670a, PT.PT_UNICODE), 'wide ✓ 日本'],
  [T(0x670b, PT.PT_SYSTIME), new Date('2026-03-04T05:06:07.000Z')],
  [T(0x670c, PT.PT_CLSID), '{00020D0B-0000-0000-C000-000000000046}'],
  [T(0x670d, PT.PT_BINARY), Buffer.from([1, 2, 3, 0, 255])],
  [T(0x670e, PT.PT_MV_LONG), [1, -2, 3]],
  [T(0x670f, PT.PT_MV_UNICODE), ['a', 'bé', '']],
  [T(0x6710, PT.PT_MV_BINARY), [Buffer.from('xy'), Buffer.alloc(0)]],
] as const;

/** Rows of `columns` from the folder's contents table, by the row decoder and by the generic decoder. */
function bothWays(columns: readonly number[], arrays = false): { rows: unknown[]; generic: unknown[] } {
  using t = folder.contents({ columns: [...columns] });
  const out: (bigint | null)[] = [null];
  t.raw.QueryRows(1000, 0, out);
  try {
    const rows = arrays ? decodeRowArrays(out[0]!) : decodeRowSet(out[0]!);
    const set = flexibleLayout('SRowSet');
    const srow = offsetsOf('SRow', 'cValues', 'lpProps');
    const n = Buffer.from(koffiView(out[0]!, set.head)).readUInt32LE(set.count);
    const v = Buffer.from(koffiView(out[0]!, set.head + n * set.stride));
    const generic = Array.from({ length: n }, (_, i) => {
      const o = set.head + i * set.stride;
      const count = v.readUInt32LE(o + srow.cValues);
      const lp = PTR === 8 ? v.readBigUInt64LE(o + srow.lpProps) : BigInt(v.readUInt32LE(o + srow.lpProps));
      const props = decodeProps(lp, count);
      if (arrays) return props.map((p) => p.value);
      const row: Record<string, unknown> = {};
      for (const p of props) row[tagName(p.tag)] = p.value;
      return row;
    });
    return { rows, generic };
  } finally {
    mapi.lib.call(EXPORTS.FreeProws, out[0]);
  }
}

function koffiView(p: bigint, len: number): ArrayBuffer {
  return koffi.view(p as never, len) as ArrayBuffer;
}

describe('rows decoded by column set', () => {
  beforeAll(() => {
    // Rows with every property, then rows missing some (PT_ERROR cells), alternating, so that the
    // decoder meets a new tag pattern in the middle of a page and goes back to the first one.
    for (let i = 0; i < 40; i++) {
      using m = folder.createMessage({ subject: `row ${i}` }, { save: false });
      const props = TYPED.filter((_, k) => i % 3 !== 1 || k % 2 === 0).map(([tag, value]) => ({ tag, value }));
      m.set(props);
      m.save();
    }
  });

  test('every type, with PT_ERROR cells in some rows: the same rows as the generic decoder, as objects and as arrays', () => {
    const columns = [T(0x0037, PT.PT_UNICODE), ...TYPED.map(([tag]) => tag)];
    const { rows, generic } = bothWays(columns);
    expect(rows).toHaveLength(40);
    expect(rows).toEqual(generic);
    const r0 = rows[0] as Row;
    const r1 = rows[1] as Row;
    expect(Object.keys(r0)).toEqual(Object.keys(generic[0] as object)); // the same keys in the same order
    for (const [tag, value] of TYPED) expect(r0[tagName(tag)]).toEqual(value);
    expect(r1[tagName(TYPED[1][0])]).toBeInstanceOf(PropError); // missing in row 1: a PT_ERROR cell
    expect(Buffer.isBuffer(r0[tagName(TYPED[12][0])])).toBe(true);
    const a = bothWays(columns, true);
    expect(a.rows).toEqual(a.generic);
    expect(a.rows).toEqual(rows.map((r) => Object.values(r as object)));
  });

  test('a column asked for twice, and a column set that changes between pages', () => {
    const twice = [T(0x6702, PT.PT_LONG), T(0x0037, PT.PT_UNICODE), T(0x6702, PT.PT_LONG)];
    const { rows, generic } = bothWays(twice);
    expect(rows).toEqual(generic);
    expect(Object.keys(rows[0] as object)).toEqual([tagName(twice[0]), 'PR_SUBJECT_W']);
    const other = bothWays([T(0x670b, PT.PT_SYSTIME), T(0x670a, PT.PT_UNICODE)]);
    expect(other.rows).toEqual(other.generic);
  });
});

describe('rows whose memory lies far apart', () => {
  /**
   * An SRowSet written here: rows 0 and 2 at the start of one block, row 1 more than MAX_SPAN after
   * them (as when malloc serves part of a page from another arena), each with its binary and string
   * right after its SPropValue array, as MAPI allocates them.
   */
  test('each row is read where it is: values from both places, in order', () => {
    const spv = spvLayout();
    const { bin } = valueLayout();
    const set = flexibleLayout('SRowSet');
    const srow = offsetsOf('SRow', 'cValues', 'lpProps');
    const far = MAX_SPAN + 2 * 1024 * 1024;
    const arena = new Arena();
    const block = arena.alloc(far + 64 * 1024);
    const eidTag = T(0x0fff, PT.PT_BINARY);
    const subjTag = T(0x0037, PT.PT_UNICODE);
    const sizeTag = T(0x0e08, PT.PT_LONG);
    const writeRow = (at: number, i: number): bigint => {
      const b = block.buf;
      const props = at;
      const data = at + 3 * spv.size;
      const eid = Buffer.from(`entry-${i}`);
      eid.copy(b, data);
      const text = at + 3 * spv.size + 64;
      b.write(`subject ${i}\0`, text, 'utf16le');
      b.writeUInt32LE(eidTag, props);
      b.writeUInt32LE(eid.length, props + spv.value + bin.cb);
      writePtr(b, props + spv.value + bin.lpb, block.addr + BigInt(data));
      b.writeUInt32LE(subjTag, props + spv.size);
      writePtr(b, props + spv.size + spv.value, block.addr + BigInt(text));
      b.writeUInt32LE(sizeTag, props + 2 * spv.size);
      b.writeInt32LE(100 + i, props + 2 * spv.size + spv.value);
      return block.addr + BigInt(props);
    };
    const places = [0, far, 1024, far + 1024, 2048];
    const header = 8192;
    block.buf.writeUInt32LE(places.length, header + set.count);
    places.forEach((at, i) => {
      const o = header + set.head + i * set.stride;
      block.buf.writeUInt32LE(3, o + srow.cValues);
      writePtr(block.buf, o + srow.lpProps, writeRow(at, i));
    });
    const rows = arena.keep(() => decodeRowSet(block.addr + BigInt(header)));
    expect(rows).toEqual(
      places.map((_, i) => ({ [tagName(eidTag)]: Buffer.from(`entry-${i}`), PR_SUBJECT_W: `subject ${i}`, PR_MESSAGE_SIZE: 100 + i })),
    );
  });
});
