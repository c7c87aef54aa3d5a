import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

/**
 * IMAPISync — exposed on a store object by store providers, called by Outlook (here: by the bridge acting
 * as Outlook) to start a background synchronization. No public header declares it; hand-declared from the
 * documentation. QueryInterface for it may fail with E_NOINTERFACE (0x80004002).
 * [office-developer-client-docs imapisynciunknown.md, imapisyncsynchronizeinbackground.md, mapisib.md]
 */
export const IMAPISync = {
  name: 'IMAPISync',
  iid: '{5024A385-2D44-486A-81A8-8F0ECB6071DD}',
  base: IUnknown,
  methods: [
    {
      name: 'SynchronizeInBackground',
      doc: 'Starts a sync on a provider-created thread; progress arrives on IMAPISyncProgressCallback. Only S_OK is documented.',
      params: [
        {
          name: 'psibpb',
          type: 'MAPISIB *',
          doc: 'ulSize, ulFlags (SYNC_*), psesSync, punkCallBack (QI-able for IMAPISyncProgressCallback), phSyncDoneEvent (caller-owned HANDLE slot the provider writes).',
        },
      ],
    },
  ],
  source: 'imapisynciunknown.md; imapisyncsynchronizeinbackground.md',
} as const satisfies InterfaceDef;
