import type { InterfaceDef } from '../schema';
import { IMAPIProp } from './IMAPIProp';

/**
 * IAttach — an attachment. Adds no methods to IMAPIProp (MAPI_IATTACH_METHODS is empty); the content is
 * reached with OpenProperty (PR_ATTACH_DATA_BIN as IStream, PR_ATTACH_DATA_OBJ as IMessage). Its IID is
 * named IID_IAttachment in MAPIGuid.h.
 * [MAPIDefS.h MAPI_IATTACH_METHODS; learn.microsoft.com iattachimapiprop.md]
 */
export const IAttach = {
  name: 'IAttach',
  iid: '{00020308-0000-0000-C000-000000000046}',
  iidName: 'IID_IAttachment',
  base: IMAPIProp,
  methods: [],
  source: 'MAPIDefS.h; iattachimapiprop.md',
} as const satisfies InterfaceDef;
