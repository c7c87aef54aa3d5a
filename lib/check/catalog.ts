/**
 * Every check of `koffi-mapi check`: its id, what it checks, the rule and where the rule is written.
 * docs/provider-developers.md lists the same, with the sample-provider knob that breaks each one.
 */
import type { CheckDef } from './types';

const MS = 'https://learn.microsoft.com';
const MAPI = `${MS}/office/client-developer/outlook/mapi`;
const COM = `${MS}/windows/win32`;

export const CHECKS = [
  // ---- COM rules, on the session, every store, a folder, a message, a table and the IMAPISync object
  {
    id: 'com.identity', group: 'com', title: 'QueryInterface(IID_IUnknown) gives the same pointer every time, from every interface',
    rule: 'An object has one identity: QueryInterface for IUnknown through any of its interfaces always returns the same pointer.',
    source: `${COM}/com/rules-for-implementing-queryinterface`,
  },
  {
    id: 'com.symmetric', group: 'com', title: 'Each interface the object has is reachable from each other one',
    rule: 'QueryInterface is reflexive, symmetric and transitive: an interface obtained from the object leads back to every other it has.',
    source: `${COM}/com/rules-for-implementing-queryinterface`,
  },
  {
    id: 'com.unknown-iid', group: 'com', title: 'An interface the object lacks gives E_NOINTERFACE and a NULL pointer',
    rule: 'On failure QueryInterface sets *ppvObject to NULL; E_NOINTERFACE means the interface is not supported.',
    source: `${COM}/api/unknwn/nf-unknwn-iunknown-queryinterface(refiid_void)`,
  },
  {
    id: 'com.null-out', group: 'com', title: 'QueryInterface with a NULL out pointer is refused',
    rule: 'ppvObject is required: a NULL one must give a failure (E_POINTER, E_INVALIDARG, MAPI_E_INVALID_PARAMETER), not success.',
    source: `${COM}/api/unknwn/nf-unknwn-iunknown-queryinterface(refiid_void)`,
  },
  {
    id: 'com.refcounts', group: 'com', title: 'AddRef and Release return plausible counts, and balance',
    rule: 'AddRef returns the new count and Release the count left; with references held they cannot be 0, and AddRef then Release returns to where it was.',
    source: `${COM}/api/unknwn/nf-unknwn-iunknown-addref`,
  },
  // ---- IMAPISync, MAPISIB and IMAPISyncProgressCallback
  {
    id: 'sync.sib-size', group: 'sync', title: 'A MAPISIB whose ulSize is too small is refused, not read past',
    rule: 'ulSize is the size of the MAPISIB the caller passed; a provider must not read fields beyond it.',
    source: `${MAPI}/mapisib`,
  },
  {
    id: 'sync.returns-promptly', group: 'sync', title: 'SynchronizeInBackground returns promptly',
    rule: 'SynchronizeInBackground starts the synchronization in the background and returns; Outlook calls it on a thread that must not block.',
    source: `${MAPI}/imapisync-synchronizeinbackground`,
  },
  {
    id: 'sync.other-thread', group: 'sync', title: 'The work, and Done, happen on another thread',
    rule: 'The provider synchronizes on a thread of its own and reports through the callback from there; only reporting before returning may use the caller\'s thread.',
    source: `${MAPI}/imapisync-synchronizeinbackground`,
  },
  {
    id: 'sync.done-event', group: 'sync', title: 'A waitable done event in *phSyncDoneEvent, signalled after Done',
    rule: 'phSyncDoneEvent receives an event the caller waits on; it is signalled when the synchronization thread is finished, so after Done.',
    source: `${MAPI}/mapisib`,
  },
  {
    id: 'sync.done-once', group: 'sync', title: 'Done is called exactly once',
    rule: 'IMAPISyncProgressCallback::Done reports the end of the synchronization: once, with its result.',
    source: `${MAPI}/imapisyncprogresscallback-done`,
  },
  {
    id: 'sync.nothing-after-done', group: 'sync', title: 'No Progress or Error after Done',
    rule: 'Done is the last call: after it the caller may release the callback.',
    source: `${MAPI}/imapisyncprogresscallback-done`,
  },
  {
    id: 'sync.progress-indices', group: 'sync', title: 'Progress indices stay within ulIndexMax and do not go backwards',
    rule: 'ulIndex is the progress so far out of ulIndexMax.',
    source: `${MAPI}/imapisyncprogresscallback-progress`,
  },
  {
    id: 'sync.cancel', group: 'sync', title: 'A cancel (Progress returning MAPI_E_USER_CANCEL) ends the run soon',
    rule: 'Only S_OK is documented for Progress; Outlook\'s Cancel is a failure returned from it. A provider that stops reports Done(MAPI_E_USER_CANCEL) within a few calls; one that ignores it gets a warning.',
    source: `${MAPI}/imapisyncprogresscallback-progress`,
  },
  {
    id: 'sync.callback-qi', group: 'sync', title: 'The callback is QueryInterface\'d for IID_IMAPISyncProgressCallback before use',
    rule: 'punkCallBack is an IUnknown: the provider gets IMAPISyncProgressCallback from it with QueryInterface.',
    source: `${MAPI}/mapisib`,
  },
  {
    id: 'sync.callback-refs', group: 'sync', title: 'The callback\'s references are given back, no more and no fewer',
    rule: 'Each reference taken (QueryInterface, AddRef) is released once, when the thread is done with it.',
    source: `${COM}/com/rules-for-managing-reference-counts`,
  },
  {
    id: 'sync.error-text', group: 'sync', title: 'Error texts are valid UTF-16',
    rule: 'IMAPISyncProgressCallback::Error takes a Unicode string (LPCWSTR); a NULL text is not documented.',
    source: `${MAPI}/imapisyncprogresscallback-error`,
  },
  {
    id: 'sync.flags', group: 'sync', title: 'Every SYNC_* flag combination is either refused at once or runs by the rules',
    rule: 'MAPISIB.ulFlags asks for parts of a synchronization; a combination the provider does not support fails the call, one it accepts ends with Done and the event.',
    source: `${MAPI}/mapisib`,
  },
  {
    id: 'sync.concurrent', group: 'sync', title: 'Two syncs at once each report to their own callback',
    rule: 'Each SynchronizeInBackground call has its own MAPISIB, callback and done event.',
    source: `${MAPI}/imapisync-synchronizeinbackground`,
  },
  {
    id: 'sync.back-to-back', group: 'sync', title: 'A second sync right after the first is accepted',
    rule: 'Once a run has ended (Done, event signalled), the store can be synchronized again.',
    source: `${MAPI}/imapisync-synchronizeinbackground`,
  },
  // ---- Stores, folders, tables, properties: what Outlook relies on
  {
    id: 'store.stores-table', group: 'store', title: 'The message stores table has the required columns',
    rule: 'The message store table has PR_DISPLAY_NAME, PR_ENTRYID, PR_INSTANCE_KEY, PR_MDB_PROVIDER, PR_OBJECT_TYPE, PR_PROVIDER_DISPLAY, PR_RECORD_KEY, PR_RESOURCE_FLAGS, PR_RESOURCE_TYPE, and PR_DEFAULT_STORE.',
    source: `${MAPI}/message-store-tables`,
  },
  {
    id: 'store.default', group: 'store', title: 'Exactly one store is the default store',
    rule: 'One store has PR_DEFAULT_STORE TRUE and STATUS_DEFAULT_STORE in PR_RESOURCE_FLAGS.',
    source: `${MAPI}/pidtagdefaultstore-canonical-property`,
  },
  {
    id: 'store.ipm-subtree', group: 'store', title: 'The default store has an IPM subtree that opens',
    rule: 'PR_IPM_SUBTREE_ENTRYID is the root of the folders a user sees.',
    source: `${MAPI}/pidtagipmsubtreeentryid-canonical-property`,
  },
  {
    id: 'store.receive-folder', group: 'store', title: 'GetReceiveFolder gives a folder that opens',
    rule: 'IMsgStore::GetReceiveFolder returns the entry id of the folder for a message class (IPM.Note, and the default "").',
    source: `${MAPI}/imsgstore-getreceivefolder`,
  },
  {
    id: 'table.columns', group: 'store', title: 'SetColumns gives rows with exactly those columns, in order',
    rule: 'After SetColumns each row has one value per column asked for, in that order (PT_ERROR where a row has no value).',
    source: `${MAPI}/imapitable-setcolumns`,
  },
  {
    id: 'table.row-count', group: 'store', title: 'GetRowCount agrees with the rows QueryRows gives',
    rule: 'GetRowCount returns the number of rows in the view.',
    source: `${MAPI}/imapitable-getrowcount`,
  },
  {
    id: 'table.seek', group: 'store', title: 'SeekRow moves and reports the rows it moved',
    rule: 'SeekRow returns in lplRowsSought the number of rows moved, fewer when the table ends first.',
    source: `${MAPI}/imapitable-seekrow`,
  },
  {
    id: 'table.restrict', group: 'store', title: 'Restrict keeps only the matching rows, and NULL removes it',
    rule: 'After Restrict the view holds the rows that satisfy the restriction.',
    source: `${MAPI}/imapitable-restrict`,
  },
  {
    id: 'table.sort', group: 'store', title: 'SortTable orders the rows',
    rule: 'After SortTable the rows are in the order the sort order set asks for.',
    source: `${MAPI}/imapitable-sorttable`,
  },
  {
    id: 'props.null-tags', group: 'store', title: 'GetProps with a NULL tag array returns the properties the object has',
    rule: 'With lpPropTagArray NULL, GetProps returns every property; errors belong to tags asked for (MAPI_E_NOT_ENOUGH_MEMORY for a large value is allowed).',
    source: `${MAPI}/imapiprop-getprops`,
  },
  {
    id: 'props.error-slots', group: 'store', title: 'A missing property comes back as a PT_ERROR slot with MAPI_E_NOT_FOUND',
    rule: 'GetProps returns MAPI_W_ERRORS_RETURNED, and the slot of a missing property has type PT_ERROR and value MAPI_E_NOT_FOUND.',
    source: `${MAPI}/imapiprop-getprops`,
  },
  {
    id: 'props.not-found', group: 'store', title: 'Opening a deleted message fails with MAPI_E_NOT_FOUND',
    rule: 'OpenEntry of an entry id whose object does not exist returns MAPI_E_NOT_FOUND (or MAPI_E_INVALID_ENTRYID), not success with an empty object.',
    source: `${MAPI}/imsgstore-openentry`,
  },
  {
    id: 'props.free-buffers', group: 'store', title: 'Returned buffers are freeable with MAPIFreeBuffer',
    rule: 'Memory a provider returns (GetProps, QueryRows…) is allocated with MAPIAllocateBuffer/MAPIAllocateMore and freed by the caller with MAPIFreeBuffer.',
    source: `${MAPI}/mapifreebuffer`,
  },
  // ---- Clean-up
  {
    id: 'cleanup.no-calls', group: 'cleanup', title: 'No provider thread calls into the process after logoff and MAPIUninitialize',
    rule: 'After the last release, Logoff and MAPIUninitialize the caller may unload its callbacks; a call after that lands in freed code.',
    source: `${MAPI}/mapiuninitialize`,
  },
  {
    id: 'cleanup.threads', group: 'cleanup', title: 'The provider\'s threads have ended after MAPIUninitialize',
    rule: 'A provider stops the threads it started when the last session is logged off and MAPI is uninitialized.',
    source: `${MAPI}/mapiuninitialize`,
  },
  {
    id: 'cleanup.objects', group: 'cleanup', title: 'No provider objects or buffers are alive after logoff',
    rule: 'Every object is destroyed at its last Release, and every buffer the provider allocated for itself is freed at Logoff.',
    source: `${MAPI}/imapisession-logoff`,
  },
] as const satisfies readonly CheckDef[];

export type CheckId = (typeof CHECKS)[number]['id'];

export const CHECK_GROUPS = ['com', 'sync', 'store', 'cleanup'] as const;

export function checkDef(id: CheckId): CheckDef {
  return CHECKS.find((c) => c.id === id)!;
}
