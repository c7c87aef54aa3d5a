import type { InterfaceDef } from '../schema';
import { IMAPIContainer } from './IMAPIContainer';

const LPTSTR_DOC = 'UTF-16 when MAPI_UNICODE is passed in ulFlags, else 8-bit';

/**
 * IMAPIFolder — folders of a message store.
 * [MAPIDefS.h MAPI_IMAPIFOLDER_METHODS; learn.microsoft.com imapifolderimapicontainer.md]
 */
export const IMAPIFolder = {
  name: 'IMAPIFolder',
  iid: '{0002030C-0000-0000-C000-000000000046}',
  base: IMAPIContainer,
  methods: [
    {
      name: 'CreateMessage',
      params: [
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = IID_IMessage.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_ASSOCIATED, MAPI_DEFERRED_ERRORS.' },
        { name: 'lppMessage', type: 'IMessage **', dir: 'out' },
      ],
    },
    {
      name: 'CopyMessages',
      params: [
        { name: 'lpMsgList', type: 'SBinaryArray *', doc: 'ENTRYLIST of message entry IDs.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'Interface of lpDestFolder; NULL = IID_IMAPIFolder.' },
        { name: 'lpDestFolder', type: 'void *', doc: 'Destination folder, an interface pointer of type *lpInterface.' },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for progress UI.' },
        { name: 'lpProgress', type: 'IMAPIProgress *', doc: 'May be NULL.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MESSAGE_MOVE, MESSAGE_DIALOG, MAPI_DECLINE_OK.' },
      ],
    },
    {
      name: 'DeleteMessages',
      params: [
        { name: 'lpMsgList', type: 'SBinaryArray *', doc: 'ENTRYLIST of message entry IDs.' },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for progress UI.' },
        { name: 'lpProgress', type: 'IMAPIProgress *', doc: 'May be NULL.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MESSAGE_DIALOG, DELETE_HARD_DELETE.' },
      ],
    },
    {
      name: 'CreateFolder',
      params: [
        { name: 'ulFolderType', type: 'ULONG', doc: 'FOLDER_GENERIC, FOLDER_SEARCH.' },
        { name: 'lpszFolderName', type: 'void *', doc: LPTSTR_DOC },
        { name: 'lpszFolderComment', type: 'void *', doc: `May be NULL. ${LPTSTR_DOC}` },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = IID_IMAPIFolder.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE, OPEN_IF_EXISTS, MAPI_DEFERRED_ERRORS.' },
        { name: 'lppFolder', type: 'IMAPIFolder **', dir: 'out' },
      ],
    },
    {
      name: 'CopyFolder',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'The subfolder to copy or move.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'Interface of lpDestFolder; NULL = IID_IMAPIFolder.' },
        { name: 'lpDestFolder', type: 'void *', doc: 'Destination folder, an interface pointer of type *lpInterface.' },
        { name: 'lpszNewFolderName', type: 'void *', doc: `NULL keeps the name. ${LPTSTR_DOC}` },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for progress UI.' },
        { name: 'lpProgress', type: 'IMAPIProgress *', doc: 'May be NULL.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'FOLDER_MOVE, FOLDER_DIALOG, COPY_SUBFOLDERS, MAPI_DECLINE_OK, MAPI_NOREPLACE, MAPI_UNICODE.' },
      ],
    },
    {
      name: 'DeleteFolder',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'The subfolder to delete.' },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for progress UI.' },
        { name: 'lpProgress', type: 'IMAPIProgress *', doc: 'May be NULL.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'DEL_FOLDERS, DEL_MESSAGES, FOLDER_DIALOG, DELETE_HARD_DELETE.' },
      ],
    },
    {
      name: 'SetReadFlags',
      params: [
        { name: 'lpMsgList', type: 'SBinaryArray *', doc: 'ENTRYLIST of message entry IDs; NULL = every message in the folder.' },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for progress UI.' },
        { name: 'lpProgress', type: 'IMAPIProgress *', doc: 'May be NULL.' },
        {
          name: 'ulFlags',
          type: 'ULONG',
          doc: 'CLEAR_READ_FLAG, SUPPRESS_RECEIPT, GENERATE_RECEIPT_ONLY, CLEAR_RN_PENDING, CLEAR_NRN_PENDING, FOLDER_DIALOG, MAPI_DEFERRED_ERRORS.',
        },
      ],
    },
    {
      name: 'GetMessageStatus',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'lpulMessageStatus', type: 'ULONG *', dir: 'out', doc: 'MSGSTATUS_* bits (PR_MSG_STATUS).' },
      ],
    },
    {
      name: 'SetMessageStatus',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID' },
        { name: 'ulNewStatus', type: 'ULONG', doc: 'MSGSTATUS_* bits to assign.' },
        { name: 'ulNewStatusMask', type: 'ULONG', doc: 'Which bits of ulNewStatus to apply.' },
        { name: 'lpulOldStatus', type: 'ULONG *', dir: 'out', doc: 'Previous status; may be NULL.' },
      ],
    },
    {
      name: 'SaveContentsSort',
      doc: 'Sets the default sort order of the folder\'s contents table.',
      params: [
        { name: 'lpSortCriteria', type: 'SSortOrderSet *' },
        { name: 'ulFlags', type: 'ULONG', doc: 'RECURSIVE_SORT' },
      ],
    },
    {
      name: 'EmptyFolder',
      doc: 'Deletes all messages and subfolders, leaving the folder itself.',
      params: [
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for progress UI.' },
        { name: 'lpProgress', type: 'IMAPIProgress *', doc: 'May be NULL.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'DEL_ASSOCIATED, FOLDER_DIALOG, DELETE_HARD_DELETE.' },
      ],
    },
  ],
  source: 'MAPIDefS.h; imapifolderimapicontainer.md',
} as const satisfies InterfaceDef;
