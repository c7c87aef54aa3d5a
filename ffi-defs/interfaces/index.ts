/** Every interface definition, re-exported; ALL_INTERFACES lists them for code that walks them all. */
import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';
import { IMAPIProp } from './IMAPIProp';
import { IMAPIContainer } from './IMAPIContainer';
import { IMAPIFolder } from './IMAPIFolder';
import { IMsgStore } from './IMsgStore';
import { IMessage } from './IMessage';
import { IAttach } from './IAttach';
import { IMAPITable } from './IMAPITable';
import { IMAPISession } from './IMAPISession';
import { IPropData } from './IPropData';
import { IMAPIAdviseSink } from './IMAPIAdviseSink';
import { IMAPIProgress } from './IMAPIProgress';
import { IMAPISync } from './IMAPISync';
import { IMAPISyncProgressCallback } from './IMAPISyncProgressCallback';

export {
  IUnknown,
  IMAPIProp,
  IMAPIContainer,
  IMAPIFolder,
  IMsgStore,
  IMessage,
  IAttach,
  IMAPITable,
  IMAPISession,
  IPropData,
  IMAPIAdviseSink,
  IMAPIProgress,
  IMAPISync,
  IMAPISyncProgressCallback,
};

/** Bases before the interfaces derived from them. */
export const ALL_INTERFACES = [
  IUnknown,
  IMAPIProp,
  IMAPIContainer,
  IMAPIFolder,
  IMsgStore,
  IMessage,
  IAttach,
  IMAPITable,
  IMAPISession,
  IPropData,
  IMAPIAdviseSink,
  IMAPIProgress,
  IMAPISync,
  IMAPISyncProgressCallback,
] as const satisfies readonly InterfaceDef[];
