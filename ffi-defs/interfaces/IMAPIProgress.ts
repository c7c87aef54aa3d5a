import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

/**
 * IMAPIProgress — a progress indicator passed (optionally) to CopyTo, CopyMessages, DeleteFolder… Implemented
 * by the client (here: in JS) and called by the provider. Global min/max start at 1 and 1000.
 * [MAPIDefS.h MAPI_IMAPIPROGRESS_METHODS; learn.microsoft.com imapiprogressiunknown.md]
 */
export const IMAPIProgress = {
  name: 'IMAPIProgress',
  iid: '{0002031F-0000-0000-C000-000000000046}',
  base: IUnknown,
  methods: [
    {
      name: 'Progress',
      params: [
        { name: 'ulValue', type: 'ULONG', doc: 'Progress so far, between the current min and max.' },
        { name: 'ulCount', type: 'ULONG', doc: 'Item being processed, relative to ulTotal.' },
        { name: 'ulTotal', type: 'ULONG', doc: 'Total items in the operation.' },
      ],
    },
    {
      name: 'GetFlags',
      params: [{ name: 'lpulFlags', type: 'ULONG *', dir: 'out', doc: 'MAPI_TOP_LEVEL (0x1) or 0.' }],
    },
    {
      name: 'GetMax',
      params: [{ name: 'lpulMax', type: 'ULONG *', dir: 'out' }],
    },
    {
      name: 'GetMin',
      params: [{ name: 'lpulMin', type: 'ULONG *', dir: 'out' }],
    },
    {
      name: 'SetLimits',
      doc: 'The docs mark all three [in] (the callee reads them); declared inout so callers pass a value and a JS implementation reads it.',
      params: [
        { name: 'lpulMin', type: 'ULONG *', dir: 'inout', doc: 'Lower limit.' },
        { name: 'lpulMax', type: 'ULONG *', dir: 'inout', doc: 'Upper limit.' },
        { name: 'lpulFlags', type: 'ULONG *', dir: 'inout', doc: 'MAPI_TOP_LEVEL: limits are global, else local.' },
      ],
    },
  ],
  source: 'MAPIDefS.h; imapiprogressiunknown.md',
} as const satisfies InterfaceDef;
