import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

/**
 * IMAPIAdviseSink — the notification callback object passed to Advise. Implemented by the client (here:
 * in JS, or by MAPI through HrAllocAdviseSink) and called by MAPI/providers, possibly on another thread
 * unless wrapped with HrThisThreadAdviseSink.
 * [MAPIDefS.h MAPI_IMAPIADVISESINK_METHODS; learn.microsoft.com imapiadvisesinkiunknown.md]
 */
export const IMAPIAdviseSink = {
  name: 'IMAPIAdviseSink',
  iid: '{00020302-0000-0000-C000-000000000046}',
  base: IUnknown,
  methods: [
    {
      name: 'OnNotify',
      returns: 'ULONG',
      doc: 'Returns a ULONG, not an HRESULT: 0 on success.',
      params: [
        { name: 'cNotif', type: 'ULONG' },
        {
          name: 'lpNotifications',
          type: 'NOTIFICATION *',
          doc: 'Array of cNotif; owned by the caller and valid only during the call — do not modify or free.',
        },
      ],
    },
  ],
  source: 'MAPIDefS.h; imapiadvisesinkiunknown.md',
} as const satisfies InterfaceDef;
