import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

/**
 * ISequentialStream — Read and Write, the base of IStream. Both return S_OK with fewer bytes than
 * asked at the end of a stream (S_FALSE is also allowed for Read by COM).
 * [objidl.h; learn.microsoft.com isequentialstream]
 */
export const ISequentialStream = {
  name: 'ISequentialStream',
  iid: '{0C733A30-2A1C-11CE-ADE5-00AA0044773D}',
  base: IUnknown,
  methods: [
    {
      name: 'Read',
      params: [
        { name: 'pv', type: 'void *', sizedBy: 'cb', doc: 'Buffer of at least cb bytes.' },
        { name: 'cb', type: 'ULONG' },
        { name: 'pcbRead', type: 'ULONG *', dir: 'out', doc: 'Bytes read; 0 at the end. May be NULL.' },
      ],
    },
    {
      name: 'Write',
      params: [
        { name: 'pv', type: 'const void *', sizedBy: 'cb' },
        { name: 'cb', type: 'ULONG' },
        { name: 'pcbWritten', type: 'ULONG *', dir: 'out', doc: 'May be NULL.' },
      ],
    },
  ],
  source: 'objidl.h',
} as const satisfies InterfaceDef;
