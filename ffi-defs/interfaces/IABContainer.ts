import type { InterfaceDef } from '../schema';
import { AB_CONTAINER_METHODS } from './ab-methods';
import { IMAPIContainer } from './IMAPIContainer';

/**
 * IABContainer — an address book container (a directory, a contacts folder, a PAB).
 * [MAPIDefS.h MAPI_IABCONTAINER_METHODS; learn.microsoft.com iabcontainerimapicontainer.md]
 */
export const IABContainer = {
  name: 'IABContainer',
  iid: '{0002030D-0000-0000-C000-000000000046}',
  base: IMAPIContainer,
  methods: AB_CONTAINER_METHODS,
  source: 'MAPIDefS.h; iabcontainerimapicontainer.md',
} as const satisfies InterfaceDef;
