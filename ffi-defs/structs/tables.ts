import type { StructDef } from '../schema';

/** Tag arrays, rows, sort orders and restrictions. [MAPIDefS.h] */

export const SPropTagArray = {
  kind: 'struct',
  name: 'SPropTagArray',
  fields: [
    { name: 'cValues', type: 'ULONG' },
    { name: 'aulPropTag', type: 'ULONG', count: 1, flexible: { countField: 'cValues' } },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

export const SPropProblem = {
  kind: 'struct',
  name: 'SPropProblem',
  fields: [
    { name: 'ulIndex', type: 'ULONG' },
    { name: 'ulPropTag', type: 'ULONG' },
    { name: 'scode', type: 'SCODE' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

export const SPropProblemArray = {
  kind: 'struct',
  name: 'SPropProblemArray',
  fields: [
    { name: 'cProblem', type: 'ULONG' },
    { name: 'aProblem', type: 'SPropProblem', count: 1, flexible: { countField: 'cProblem' } },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

export const SRow = {
  kind: 'struct',
  name: 'SRow',
  fields: [
    { name: 'ulAdrEntryPad', type: 'ULONG' },
    { name: 'cValues', type: 'ULONG' },
    { name: 'lpProps', type: 'SPropValue *' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

export const SRowSet = {
  kind: 'struct',
  name: 'SRowSet',
  fields: [
    { name: 'cRows', type: 'ULONG' },
    { name: 'aRow', type: 'SRow', count: 1, flexible: { countField: 'cRows' } },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

export const SSortOrder = {
  kind: 'struct',
  name: 'SSortOrder',
  fields: [
    { name: 'ulPropTag', type: 'ULONG' },
    { name: 'ulOrder', type: 'ULONG' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

export const SSortOrderSet = {
  kind: 'struct',
  name: 'SSortOrderSet',
  fields: [
    { name: 'cSorts', type: 'ULONG' },
    { name: 'cCategories', type: 'ULONG' },
    { name: 'cExpanded', type: 'ULONG' },
    { name: 'aSort', type: 'SSortOrder', count: 1, flexible: { countField: 'cSorts' } },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

// Restrictions: SRestriction is a tagged union (rt selects the member of res).

const struct = <N extends string, F extends readonly { name: string; type: string }[]>(name: N, fields: F) =>
  ({ kind: 'struct', name, fields, source: 'MAPIDefS.h' }) as const satisfies StructDef;

export const SAndRestriction = struct('SAndRestriction', [
  { name: 'cRes', type: 'ULONG' },
  { name: 'lpRes', type: 'SRestriction *' },
] as const);
export const SOrRestriction = struct('SOrRestriction', [
  { name: 'cRes', type: 'ULONG' },
  { name: 'lpRes', type: 'SRestriction *' },
] as const);
export const SNotRestriction = struct('SNotRestriction', [
  { name: 'ulReserved', type: 'ULONG' },
  { name: 'lpRes', type: 'SRestriction *' },
] as const);
export const SContentRestriction = struct('SContentRestriction', [
  { name: 'ulFuzzyLevel', type: 'ULONG' },
  { name: 'ulPropTag', type: 'ULONG' },
  { name: 'lpProp', type: 'SPropValue *' },
] as const);
export const SPropertyRestriction = struct('SPropertyRestriction', [
  { name: 'relop', type: 'ULONG' },
  { name: 'ulPropTag', type: 'ULONG' },
  { name: 'lpProp', type: 'SPropValue *' },
] as const);
export const SComparePropsRestriction = struct('SComparePropsRestriction', [
  { name: 'relop', type: 'ULONG' },
  { name: 'ulPropTag1', type: 'ULONG' },
  { name: 'ulPropTag2', type: 'ULONG' },
] as const);
export const SBitMaskRestriction = struct('SBitMaskRestriction', [
  { name: 'relBMR', type: 'ULONG' },
  { name: 'ulPropTag', type: 'ULONG' },
  { name: 'ulMask', type: 'ULONG' },
] as const);
export const SSizeRestriction = struct('SSizeRestriction', [
  { name: 'relop', type: 'ULONG' },
  { name: 'ulPropTag', type: 'ULONG' },
  { name: 'cb', type: 'ULONG' },
] as const);
export const SExistRestriction = struct('SExistRestriction', [
  { name: 'ulReserved1', type: 'ULONG' },
  { name: 'ulPropTag', type: 'ULONG' },
  { name: 'ulReserved2', type: 'ULONG' },
] as const);
export const SSubRestriction = struct('SSubRestriction', [
  { name: 'ulSubObject', type: 'ULONG' },
  { name: 'lpRes', type: 'SRestriction *' },
] as const);
export const SCommentRestriction = struct('SCommentRestriction', [
  { name: 'cValues', type: 'ULONG' },
  { name: 'lpRes', type: 'SRestriction *' },
  { name: 'lpProp', type: 'SPropValue *' },
] as const);
/** RES_COUNT: only the first ulCount rows matching lpRes match [MS-OXCDATA 2.12.12; MAPIDefS.h]. */
export const SCountRestriction = struct('SCountRestriction', [
  { name: 'ulCount', type: 'ULONG' },
  { name: 'lpRes', type: 'SRestriction *' },
] as const);

export const SRestrictionUnion = {
  kind: 'union',
  name: 'SRestrictionUnion',
  fields: [
    { name: 'resCompareProps', type: 'SComparePropsRestriction' },
    { name: 'resAnd', type: 'SAndRestriction' },
    { name: 'resOr', type: 'SOrRestriction' },
    { name: 'resNot', type: 'SNotRestriction' },
    { name: 'resContent', type: 'SContentRestriction' },
    { name: 'resProperty', type: 'SPropertyRestriction' },
    { name: 'resBitMask', type: 'SBitMaskRestriction' },
    { name: 'resSize', type: 'SSizeRestriction' },
    { name: 'resExist', type: 'SExistRestriction' },
    { name: 'resSub', type: 'SSubRestriction' },
    { name: 'resComment', type: 'SCommentRestriction' },
    { name: 'resCount', type: 'SCountRestriction' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;

export const SRestriction = {
  kind: 'struct',
  name: 'SRestriction',
  fields: [
    { name: 'rt', type: 'ULONG' },
    { name: 'res', type: 'SRestrictionUnion' },
  ],
  source: 'MAPIDefS.h',
} as const satisfies StructDef;
