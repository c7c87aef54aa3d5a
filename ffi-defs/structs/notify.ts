import type { StructDef } from '../schema';

/**
 * NOTIFICATION and the union members it carries: what IMAPIAdviseSink::OnNotify receives, an array of
 * cNotif. ulEventType (one fnev* value) says which member of `info` is in use. Everything is the
 * caller's, valid during OnNotify only. [MAPIDefS.h; notification.md and the *_notification.md pages]
 */

export const ERROR_NOTIFICATION = {
  kind: 'struct',
  name: 'ERROR_NOTIFICATION',
  fields: [
    { name: 'cbEntryID', type: 'ULONG' },
    { name: 'lpEntryID', type: 'ENTRYID *' },
    { name: 'scode', type: 'SCODE' },
    { name: 'ulFlags', type: 'ULONG' },
    { name: 'lpMAPIError', type: 'MAPIERROR *' },
  ],
  source: 'MAPIDefS.h; error_notification.md',
} as const satisfies StructDef;

/** ulFlags MAPI_UNICODE: lpszMessageClass is UTF-16, else 8-bit. */
export const NEWMAIL_NOTIFICATION = {
  kind: 'struct',
  name: 'NEWMAIL_NOTIFICATION',
  fields: [
    { name: 'cbEntryID', type: 'ULONG' },
    { name: 'lpEntryID', type: 'ENTRYID *' },
    { name: 'cbParentID', type: 'ULONG' },
    { name: 'lpParentID', type: 'ENTRYID *' },
    { name: 'ulFlags', type: 'ULONG' },
    { name: 'lpszMessageClass', type: 'void *' },
    { name: 'ulMessageFlags', type: 'ULONG' },
  ],
  source: 'MAPIDefS.h; newmail_notification.md',
} as const satisfies StructDef;

/** fnevObjectCreated/Deleted/Modified/Moved/Copied and fnevSearchComplete. */
export const OBJECT_NOTIFICATION = {
  kind: 'struct',
  name: 'OBJECT_NOTIFICATION',
  fields: [
    { name: 'cbEntryID', type: 'ULONG' },
    { name: 'lpEntryID', type: 'ENTRYID *' },
    { name: 'ulObjType', type: 'ULONG' },
    { name: 'cbParentID', type: 'ULONG' },
    { name: 'lpParentID', type: 'ENTRYID *' },
    { name: 'cbOldID', type: 'ULONG' },
    { name: 'lpOldID', type: 'ENTRYID *' },
    { name: 'cbOldParentID', type: 'ULONG' },
    { name: 'lpOldParentID', type: 'ENTRYID *' },
    { name: 'lpPropTagArray', type: 'SPropTagArray *' },
  ],
  source: 'MAPIDefS.h; object_notification.md',
} as const satisfies StructDef;

/** fnevTableModified. propIndex: the row's PR_INSTANCE_KEY; propPrior: the row before it (PR_NULL: none). */
export const TABLE_NOTIFICATION = {
  kind: 'struct',
  name: 'TABLE_NOTIFICATION',
  fields: [
    { name: 'ulTableEvent', type: 'ULONG' },
    { name: 'hResult', type: 'HRESULT' },
    { name: 'propIndex', type: 'SPropValue' },
    { name: 'propPrior', type: 'SPropValue' },
    { name: 'row', type: 'SRow' },
    { name: 'ulPad', type: 'ULONG' },
  ],
  source: 'MAPIDefS.h (ulPad is in the header, not in table_notification.md)',
} as const satisfies StructDef;

export const EXTENDED_NOTIFICATION = {
  kind: 'struct',
  name: 'EXTENDED_NOTIFICATION',
  fields: [
    { name: 'ulEvent', type: 'ULONG' },
    { name: 'cb', type: 'ULONG' },
    { name: 'pbEventParameters', type: 'BYTE *' },
  ],
  source: 'MAPIDefS.h; extended_notification.md',
} as const satisfies StructDef;

export const STATUS_OBJECT_NOTIFICATION = {
  kind: 'struct',
  name: 'STATUS_OBJECT_NOTIFICATION',
  fields: [
    { name: 'cbEntryID', type: 'ULONG' },
    { name: 'lpEntryID', type: 'ENTRYID *' },
    { name: 'cValues', type: 'ULONG' },
    { name: 'lpPropVals', type: 'SPropValue *' },
  ],
  source: 'MAPIDefS.h; status_object_notification.md',
} as const satisfies StructDef;

export const NOTIFICATION_INFO = {
  kind: 'union',
  name: 'NOTIFICATION_INFO',
  fields: [
    { name: 'err', type: 'ERROR_NOTIFICATION' },
    { name: 'newmail', type: 'NEWMAIL_NOTIFICATION' },
    { name: 'obj', type: 'OBJECT_NOTIFICATION' },
    { name: 'tab', type: 'TABLE_NOTIFICATION' },
    { name: 'ext', type: 'EXTENDED_NOTIFICATION' },
    { name: 'statobj', type: 'STATUS_OBJECT_NOTIFICATION' },
  ],
  source: 'MAPIDefS.h (the anonymous union `info` of NOTIFICATION, named here for its own layout)',
} as const satisfies StructDef;

/** info at 8 on both ABIs: x64 aligns the union's pointers, x86 its SPropValue's double. */
export const NOTIFICATION = {
  kind: 'struct',
  name: 'NOTIFICATION',
  fields: [
    { name: 'ulEventType', type: 'ULONG' },
    { name: 'ulAlignPad', type: 'ULONG' },
    { name: 'info', type: 'NOTIFICATION_INFO' },
  ],
  source: 'MAPIDefS.h; notification.md',
} as const satisfies StructDef;
