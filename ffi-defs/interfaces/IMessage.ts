import type { InterfaceDef } from '../schema';
import { IMAPIProp } from './IMAPIProp';

/**
 * IMessage — a message: properties plus a recipient table and attachments.
 * [MAPIDefS.h MAPI_IMESSAGE_METHODS; learn.microsoft.com imessageimapiprop.md]
 */
export const IMessage = {
  name: 'IMessage',
  iid: '{00020307-0000-0000-C000-000000000046}',
  base: IMAPIProp,
  methods: [
    {
      name: 'GetAttachmentTable',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'OpenAttach',
      params: [
        { name: 'ulAttachmentNum', type: 'ULONG', doc: 'PR_ATTACH_NUM from the attachment table.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = IID_IAttachment.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_BEST_ACCESS, MAPI_MODIFY, MAPI_DEFERRED_ERRORS.' },
        { name: 'lppAttach', type: 'IAttach **', dir: 'out' },
      ],
    },
    {
      name: 'CreateAttach',
      params: [
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = IID_IAttachment.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_DEFERRED_ERRORS' },
        { name: 'lpulAttachmentNum', type: 'ULONG *', dir: 'out' },
        { name: 'lppAttach', type: 'IAttach **', dir: 'out' },
      ],
    },
    {
      name: 'DeleteAttach',
      params: [
        { name: 'ulAttachmentNum', type: 'ULONG' },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for progress UI.' },
        { name: 'lpProgress', type: 'IMAPIProgress *', doc: 'May be NULL.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'ATTACH_DIALOG' },
      ],
    },
    {
      name: 'GetRecipientTable',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'ModifyRecipients',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: '0 (replace all), MODRECIP_ADD, MODRECIP_MODIFY, MODRECIP_REMOVE.' },
        { name: 'lpMods', type: 'ADRLIST *', doc: 'MODRECIP_ADD may write PR_ROWID values back into it.' },
      ],
    },
    {
      name: 'SubmitMessage',
      doc: 'Saves the message and hands it to the spooler; the message object is then unusable.',
      params: [{ name: 'ulFlags', type: 'ULONG', doc: 'FORCE_SUBMIT' }],
    },
    {
      name: 'SetReadFlag',
      params: [
        {
          name: 'ulFlags',
          type: 'ULONG',
          doc: 'CLEAR_READ_FLAG, SUPPRESS_RECEIPT, GENERATE_RECEIPT_ONLY, CLEAR_RN_PENDING, CLEAR_NRN_PENDING, MAPI_DEFERRED_ERRORS.',
        },
      ],
    },
  ],
  source: 'MAPIDefS.h; imessageimapiprop.md',
} as const satisfies InterfaceDef;
