/**
 * Every struct built from ffi-defs/ has the size and field offsets the C compiler gives the same
 * struct declared from the documentation (__tests__/native/layouts.c). On Linux that checks the x64
 * layout against the system compiler; the Windows tier runs this same file under Windows Node (x64 and
 * ia32) against MinGW's layouts.
 */
import koffi from 'koffi';
import { structType } from '../lib/ffi/types';
import { flexibleLayout, pointeeSize } from '../lib/ffi/layout';
import { STRUCTS, type StructName } from '../ffi-defs/structs';
import { compilerLayouts } from './helpers/native';

const c = compilerLayouts();

describe('struct layouts match the C compiler', () => {
  test('the C side covers every struct in ffi-defs', () => {
    expect(Object.keys(STRUCTS).filter((n) => !(n in c))).toEqual([]);
  });

  test.each(Object.keys(c))('%s', (name) => {
    const t = structType(name as StructName); // a C-side name missing from ffi-defs throws here
    const expected = c[name];
    const actual = {
      size: koffi.sizeof(t),
      align: koffi.alignof(t),
      // Every member of a union starts at 0; Koffi's offsetof only takes structs.
      fields: Object.fromEntries(Object.keys(expected.fields).map((f) => [f, STRUCTS[name].kind === 'union' ? 0 : koffi.offsetof(t, f)])),
    };
    expect(actual).toEqual(expected);
  });

  test('variable-length arrays and multi-valued elements: where lib/ reads them, as the compiler has them', () => {
    const f = (s: string) => c[s].fields;
    expect(flexibleLayout('SPropTagArray')).toEqual({ count: f('SPropTagArray').cValues, head: f('SPropTagArray').aulPropTag, stride: 4 });
    expect(flexibleLayout('SRowSet')).toEqual({ count: f('SRowSet').cRows, head: f('SRowSet').aRow, stride: c.SRow.size });
    expect(flexibleLayout('SSortOrderSet')).toEqual({ count: f('SSortOrderSet').cSorts, head: f('SSortOrderSet').aSort, stride: c.SSortOrder.size });
    expect(flexibleLayout('SPropProblemArray')).toEqual({ count: f('SPropProblemArray').cProblem, head: f('SPropProblemArray').aProblem, stride: c.SPropProblem.size });
    expect(flexibleLayout('ADRLIST')).toEqual({ count: f('ADRLIST').cEntries, head: f('ADRLIST').aEntries, stride: c.ADRENTRY.size });
    expect(flexibleLayout('FlagList')).toEqual({ count: f('FlagList').cFlags, head: f('FlagList').ulFlag, stride: 4 });
    const p = koffi.sizeof('void *');
    expect((['SShortArray', 'SLongArray', 'SRealArray', 'SDoubleArray', 'SCurrencyArray', 'SAppTimeArray', 'SDateTimeArray', 'SBinaryArray', 'SLPSTRArray', 'SWStringArray', 'SGuidArray', 'SLargeIntegerArray'] as const).map((s) => pointeeSize(s, 'lp')))
      .toEqual([2, 4, 4, 8, c.CURRENCY.size, 8, c.FILETIME.size, c.SBinary.size, p, p, c.GUID.size, c.LARGE_INTEGER.size]);
  });

  test('the sizes MAPI users depend on', () => {
    const p = koffi.sizeof('void *');
    expect(koffi.sizeof(structType('SPropValue'))).toBe(p === 8 ? 24 : 16);
    expect(koffi.offsetof(structType('SRowSet'), 'aRow')).toBe(p === 8 ? 8 : 4);
    expect(koffi.sizeof(structType('MAPISIB'))).toBe(p === 8 ? 32 : 20);
    expect([koffi.sizeof(structType('ACTION')), koffi.offsetof(structType('ACTION'), 'u')]).toEqual(p === 8 ? [64, 32] : [48, 24]);
  });
});
