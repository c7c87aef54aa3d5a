import type { InterfaceDef } from '../schema';

/** IUnknown: the root of every COM interface. [MAPIDefS.h / Unknwn.h] */
export const IUnknown = {
  name: 'IUnknown',
  iid: '{00000000-0000-0000-C000-000000000046}',
  base: null,
  methods: [
    {
      name: 'QueryInterface',
      params: [
        { name: 'riid', type: 'const GUID *' },
        { name: 'ppvObject', type: 'void **', dir: 'out' },
      ],
    },
    { name: 'AddRef', returns: 'ULONG', params: [] },
    { name: 'Release', returns: 'ULONG', params: [] },
  ],
  source: 'Unknwn.h',
} as const satisfies InterfaceDef;
