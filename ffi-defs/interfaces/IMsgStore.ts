import type { InterfaceDef } from '../schema';
import { IMAPIProp } from './IMAPIProp';

const LPTSTR_DOC = 'UTF-16 when MAPI_UNICODE is passed in ulFlags, else 8-bit';

/**
 * IMsgStore — a message store. AbortSubmit, GetOutgoingQueue, SetLockState, FinishedMsg and NotifyNewMail
 * are for the MAPI spooler / transport providers; clients do not call them.
 * [MAPIDefS.h MAPI_IMSGSTORE_METHODS; learn.microsoft.com imsgstoreimapiprop.md]
 */
export const IMsgStore = {
  name: 'IMsgStore',
  iid: '{00020306-0000-0000-C000-000000000046}',
  base: IMAPIProp,
  methods: [
    {
      name: 'Advise',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'Object to watch; NULL (with cbEntryID 0) = the whole store.' },
        { name: 'ulEventMask', type: 'ULONG', doc: 'fnev* bits.' },
        { name: 'lpAdviseSink', type: 'IMAPIAdviseSink *' },
        { name: 'lpulConnection', type: 'ULONG_PTR *', dir: 'out', doc: 'Non-zero connection number for Unadvise.' },
      ],
    },
    {
      name: 'Unadvise',
      params: [{ name: 'ulConnection', type: 'ULONG_PTR' }],
    },
    {
      name: 'CompareEntryIDs',
      params: [
        { name: 'cbEntryID1', type: 'ULONG' },
        { name: 'lpEntryID1', type: 'ENTRYID *', sizedBy: 'cbEntryID1' },
        { name: 'cbEntryID2', type: 'ULONG' },
        { name: 'lpEntryID2', type: 'ENTRYID *', sizedBy: 'cbEntryID2' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'lpulResult', type: 'ULONG *', dir: 'out', doc: 'TRUE (1) when both refer to the same object.' },
      ],
    },
    {
      name: 'OpenEntry',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'NULL (with cbEntryID 0) opens the root folder.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = the object\'s standard interface.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_BEST_ACCESS, MAPI_MODIFY, MAPI_DEFERRED_ERRORS.' },
        { name: 'lpulObjType', type: 'ULONG *', dir: 'out', doc: 'MAPI_FOLDER, MAPI_MESSAGE, …' },
        { name: 'lppUnk', type: 'IUnknown **', dir: 'out', doc: 'An interface pointer of type *lpInterface (or the standard one).' },
      ],
    },
    {
      name: 'SetReceiveFolder',
      params: [
        { name: 'lpszMessageClass', type: 'void *', doc: `Message class; NULL or "" = default. ${LPTSTR_DOC}` },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'The folder; NULL removes the association.' },
      ],
    },
    {
      name: 'GetReceiveFolder',
      params: [
        { name: 'lpszMessageClass', type: 'void *', doc: `Message class; NULL or "" = default (the Inbox). ${LPTSTR_DOC}` },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lpcbEntryID', type: 'ULONG *', dir: 'out' },
        { name: 'lppEntryID', type: 'ENTRYID **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
        {
          name: 'lppszExplicitClass',
          type: 'void **',
          dir: 'out',
          doc: `Message class that matched; may be NULL. Free with MAPIFreeBuffer. ${LPTSTR_DOC}`,
        },
      ],
    },
    {
      name: 'GetReceiveFolderTable',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_DEFERRED_ERRORS, MAPI_UNICODE.' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'StoreLogoff',
      doc: 'Orderly logoff; controls how pending transport activity is handled.',
      params: [
        {
          name: 'lpulFlags',
          type: 'ULONG *',
          dir: 'inout',
          doc: 'In: one of LOGOFF_ABORT, LOGOFF_NO_WAIT, LOGOFF_ORDERLY, LOGOFF_PURGE, LOGOFF_QUIET. Out: LOGOFF_COMPLETE, LOGOFF_INBOUND, LOGOFF_OUTBOUND, LOGOFF_OUTBOUND_QUEUE.',
        },
      ],
    },
    {
      name: 'AbortSubmit',
      doc: 'Removes a submitted message from the outgoing queue.',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
      ],
    },
    {
      name: 'GetOutgoingQueue',
      doc: 'MAPI spooler only.',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'SetLockState',
      doc: 'MAPI spooler only.',
      params: [
        { name: 'lpMessage', type: 'IMessage *' },
        { name: 'ulLockState', type: 'ULONG', doc: 'MSG_LOCKED, MSG_UNLOCKED.' },
      ],
    },
    {
      name: 'FinishedMsg',
      doc: 'MAPI spooler only.',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID' },
      ],
    },
    {
      name: 'NotifyNewMail',
      doc: 'MAPI spooler only: tells the store a new message has arrived.',
      params: [{ name: 'lpNotification', type: 'NOTIFICATION *' }],
    },
  ],
  source: 'MAPIDefS.h; imsgstoreimapiprop.md',
} as const satisfies InterfaceDef;
