import type { InterfaceDef } from '../schema';
import { AB_CONTAINER_METHODS } from './ab-methods';
import { IMAPIContainer } from './IMAPIContainer';

/**
 * IDistList — a distribution list: a container whose contents table lists its members. Derives from
 * IMAPIContainer and adds IABContainer's four methods (not derived from IABContainer).
 * [MAPIDefS.h MAPI_IDISTLIST_METHODS; learn.microsoft.com idistlistimapicontainer.md]
 */
export const IDistList = {
  name: 'IDistList',
  iid: '{0002030E-0000-0000-C000-000000000046}',
  base: IMAPIContainer,
  methods: AB_CONTAINER_METHODS,
  source: 'MAPIDefS.h; idistlistimapicontainer.md',
} as const satisfies InterfaceDef;
