/**
 * A profile's message services through IMsgServiceAdmin (IProfAdmin::AdminServices), kept open: the
 * object profiles.ts's friendly calls use, with the raw proxy at `.raw`.
 */
import { MAPI_FLAGS } from '../../ffi-defs/constants/flags';
import { HR } from '../../ffi-defs/constants/hresults';
import { IMsgServiceAdmin, IMsgServiceAdmin2 } from '../../ffi-defs/interfaces/IMsgServiceAdmin';
import { IMAPITable } from '../../ffi-defs/interfaces/IMAPITable';
import { wrap, type ComProxy } from '../com/proxy';
import type { InterfaceDef } from '../../ffi-defs/schema';
import { MapiArgumentError, MapiError } from '../errors';
import { describe } from '../validate';
import type { MapiContext } from './context';
import { Arena } from './memory';
import { MapiObject, entryIdHex, type Owner } from './object';
import { encodeProps, propsToWrite, type PropsToSet, type TagLike } from './props';
import { Table } from './table';

const { MAPI_UNICODE } = MAPI_FLAGS;

/** A service to add to a profile: its MAPI service name ("MSUPST MS", "KMAPI_SAMPLE"...) and its configuration. */
export interface ServiceSpec {
  service: string;
  /** PR_DISPLAY_NAME of the new service (CreateMsgService's lpszDisplayName). */
  displayName?: string;
  /** Values for ConfigureMsgService: { PR_PST_PATH_W: 'C:\\a.pst' } or [{ tag, value }]. */
  props?: ServiceProps;
}
export type ServiceProps = PropsToSet | readonly { tag: TagLike; value: unknown }[];

export interface ServiceInfo {
  /** PR_SERVICE_UID as hex (the MAPIUID ConfigureMsgService and DeleteMsgService take). */
  readonly uid: string;
  /** PR_SERVICE_NAME_W: the service's name in MapiSvc.inf. */
  readonly service: string;
  readonly displayName: string;
  readonly resourceFlags: number;
}

/** IMsgServiceAdmin of one profile, kept open. */
export class ServiceAdmin extends MapiObject<typeof IMsgServiceAdmin> {
  readonly profile: string;

  /** @internal */
  constructor(ctx: MapiContext, raw: ReturnType<typeof wrap<typeof IMsgServiceAdmin>>, owner: Owner, profile: string) {
    super(ctx, raw, owner, `IMsgServiceAdmin of profile '${profile}'`);
    this.profile = profile;
  }

  serviceRows(): ServiceInfo[] {
    const out: (bigint | null)[] = [null];
    this.call('GetMsgServiceTable', () => this.raw.GetMsgServiceTable(MAPI_UNICODE, out));
    using t = new Table(this.ctx, wrap(IMAPITable, out[0]!), this, 'message service table');
    t.setColumns(['PR_SERVICE_UID', 'PR_SERVICE_NAME_W', 'PR_DISPLAY_NAME_W', 'PR_RESOURCE_FLAGS']);
    return t.all().map((r) => ({
      uid: entryIdHex(r.PR_SERVICE_UID),
      service: typeof r.PR_SERVICE_NAME_W === 'string' ? r.PR_SERVICE_NAME_W : '',
      displayName: typeof r.PR_DISPLAY_NAME_W === 'string' ? r.PR_DISPLAY_NAME_W : '',
      resourceFlags: typeof r.PR_RESOURCE_FLAGS === 'number' ? r.PR_RESOURCE_FLAGS : 0,
    }));
  }

  /**
   * Adds a service, then ConfigureMsgService with spec.props. With IMsgServiceAdmin2 (Outlook 2010 and
   * later) IMsgServiceAdmin2::CreateMsgServiceEx hands back the new service's UID; without it,
   * CreateMsgService, and the new service is the row the table did not have before (which another
   * process adding a service to the same profile at that moment could confuse).
   */
  addService(spec: ServiceSpec): ServiceInfo {
    const arena = new Arena();
    const name = arena.wstring(spec.service);
    const display = spec.displayName === undefined ? null : arena.wstring(spec.displayName);
    const admin2 = this.#admin2();
    let added: ServiceInfo | undefined;
    if (admin2) {
      const out: ({ ab: ArrayLike<number> } | null)[] = [null];
      try {
        arena.keep(() => this.call('CreateMsgServiceEx', () => admin2.CreateMsgServiceEx(name, display, 0, MAPI_UNICODE, out)));
      } finally {
        admin2.release();
      }
      const uid = out[0] ? entryIdHex(Buffer.from(Array.from(out[0].ab))) : '';
      added = this.serviceRows().find((r) => r.uid === uid);
      if (!added) throw new MapiError(HR.MAPI_E_NOT_FOUND, 'IMsgServiceAdmin2::CreateMsgServiceEx', { detail: `S_OK, but no row of UID ${uid || '(none)'} in the service table` });
    } else {
      const before = new Set(this.serviceRows().map((r) => r.uid));
      arena.keep(() => this.call('CreateMsgService', () => this.raw.CreateMsgService(name, display, 0, MAPI_UNICODE)));
      added = this.serviceRows().find((r) => !before.has(r.uid));
      if (!added) throw new MapiError(HR.MAPI_E_NOT_FOUND, 'IMsgServiceAdmin::CreateMsgService', { detail: `S_OK, but no new row for '${spec.service}' in the service table` });
    }
    if (spec.props !== undefined) {
      try {
        this.configure(added.uid, spec.props);
      } catch (e) {
        try {
          this.deleteService(added.uid);
        } catch {
          // The configuration error is the one to report.
        }
        throw e;
      }
    }
    return added;
  }

  configure(uid: string, props: ServiceProps): void {
    const list = propsToWrite(props, 'configure');
    const arena = new Arena();
    const id = uidBytes(uid);
    const { ptr, count } = encodeProps(arena, list);
    arena.keep(() => this.call('ConfigureMsgService', () => this.raw.ConfigureMsgService(id, 0, MAPI_UNICODE, count, ptr)));
  }

  /** IMsgServiceAdmin2 of this object (a new reference), or null when MAPI has none (before Outlook 2010). */
  #admin2(): ComProxy<typeof IMsgServiceAdmin2> | null {
    try {
      // Inferring QueryInterface's T from IMsgServiceAdmin2 (two bases deep) is too deep for tsc.
      return this.raw.QueryInterface(IMsgServiceAdmin2 as InterfaceDef) as unknown as ComProxy<typeof IMsgServiceAdmin2>;
    } catch (e) {
      if (e instanceof MapiError && e.hr === HR.E_NOINTERFACE) return null;
      throw e;
    }
  }

  deleteService(uid: string): void {
    const id = uidBytes(uid);
    this.call('DeleteMsgService', () => this.raw.DeleteMsgService(id));
  }
}

function uidBytes(uid: string): Buffer {
  if (typeof uid !== 'string' || !/^[0-9a-fA-F]{32}$/.test(uid)) throw new MapiArgumentError('ERR_ARGUMENT', `a service UID is 32 hex digits, not ${describe(uid)}`);
  return Buffer.from(uid, 'hex');
}
