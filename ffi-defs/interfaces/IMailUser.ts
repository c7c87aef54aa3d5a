import type { InterfaceDef } from '../schema';
import { IMAPIProp } from './IMAPIProp';

/**
 * IMailUser — a messaging user of an address book container. IMAPIProp's methods only.
 * [MAPIDefS.h (IMailUser declares no methods of its own); learn.microsoft.com imailuserimapiprop.md]
 */
export const IMailUser = {
  name: 'IMailUser',
  iid: '{0002030A-0000-0000-C000-000000000046}',
  base: IMAPIProp,
  methods: [],
  source: 'MAPIDefS.h; imailuserimapiprop.md',
} as const satisfies InterfaceDef;
