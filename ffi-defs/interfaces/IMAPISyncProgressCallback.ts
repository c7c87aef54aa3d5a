import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

/**
 * IMAPISyncProgressCallback — implemented by Outlook (here: by the bridge, in JS), called by a store
 * provider from the thread it created in IMAPISync::SynchronizeInBackground. No public header declares
 * it; hand-declared from the documentation. Only S_OK is documented as a return value for the three
 * methods.
 * [office-developer-client-docs imapisyncprogresscallbackiunknown.md, -progress.md, -error.md, -done.md]
 */
export const IMAPISyncProgressCallback = {
  name: 'IMAPISyncProgressCallback',
  iid: '{5024A386-2D44-486A-81A8-8F0ECB6071DD}',
  base: IUnknown,
  methods: [
    {
      name: 'Progress',
      doc: 'Updates the Send/Receive status; called periodically.',
      params: [
        { name: 'pwcszProgress', type: 'LPCWSTR', doc: 'Current step; may be NULL to only update the position.' },
        { name: 'ulIndex', type: 'ULONG', doc: 'Current position.' },
        { name: 'ulIndexMax', type: 'ULONG', doc: 'Position that means complete.' },
      ],
    },
    {
      name: 'Error',
      doc: 'An error or warning to show in the Send/Receive dialog.',
      params: [
        { name: 'hResult', type: 'HRESULT' },
        { name: 'pwcszErrorStr', type: 'LPCWSTR' },
      ],
    },
    {
      name: 'Done',
      doc: 'Synchronization is complete.',
      params: [
        { name: 'hThreadDoneEvent', type: 'HANDLE', doc: 'Passed back so the caller can close it; may be NULL.' },
        { name: 'hResult', type: 'HRESULT', doc: 'Final status.' },
      ],
    },
  ],
  source: 'imapisyncprogresscallbackiunknown.md',
} as const satisfies InterfaceDef;
