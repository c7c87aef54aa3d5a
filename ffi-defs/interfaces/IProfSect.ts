import type { InterfaceDef } from '../schema';
import { IMAPIProp } from './IMAPIProp';

/**
 * IProfSect — a profile section: an IMAPIProp with no methods of its own (MAPIX.h declares it with
 * MAPI_IMAPIPROP_METHODS only). Opened by IMAPISession/IMsgServiceAdmin/IProviderAdmin::OpenProfileSection.
 * [MAPIX.h DECLARE_MAPI_INTERFACE_(IProfSect, IMAPIProp); MAPIGuid.h IID_IProfSect 0x00020304;
 * learn.microsoft.com iprofsectimapiprop.md]
 */
export const IProfSect = {
  name: 'IProfSect',
  iid: '{00020304-0000-0000-C000-000000000046}',
  base: IMAPIProp,
  methods: [],
  source: 'MAPIX.h; MAPIGuid.h; iprofsectimapiprop.md',
} as const satisfies InterfaceDef;
