/**
 * Profiles and message services (MAPIAdminProfiles -> IProfAdmin -> IMsgServiceAdmin), the friendly
 * way: mapi.profiles.list(), .create(name, { services }), .copy(), .rename(), .delete(name), .setDefault(name),
 * profile.services(), service.configure(props). Each friendly call opens the admin objects it needs
 * and releases them before it returns, so nothing native outlives it; ProfileAdmin and ServiceAdmin
 * are the same objects kept open, with the raw proxies at `.raw`, for what the friendly layer lacks.
 *
 * Errors are MAPI's own: a duplicate name is MAPI_E_NO_ACCESS from IProfAdmin::CreateProfile
 * (iprofadmin-createprofile.md), an unknown profile MAPI_E_NOT_FOUND, a service that refuses its
 * configuration the HRESULT of IMsgServiceAdmin::ConfigureMsgService; create() then deletes the
 * half-made profile again, so the profile file is as it was.
 */
import { EXPORTS } from '../../ffi-defs/exports';
import { MAPI_FLAGS } from '../../ffi-defs/constants/flags';
import { HR } from '../../ffi-defs/constants/hresults';
import { IProfAdmin } from '../../ffi-defs/interfaces/IProfAdmin';
import { IMsgServiceAdmin } from '../../ffi-defs/interfaces/IMsgServiceAdmin';
import { IMAPITable } from '../../ffi-defs/interfaces/IMAPITable';
import { wrap } from '../com/proxy';
import type { MapiLibrary } from '../loader';
import { MapiArgumentError, MapiError } from '../errors';
import { checkArray, checkString, describe } from '../validate';
import type { MapiContext } from './context';
import { Arena } from './memory';
import { MapiObject, type Owner } from './object';
import { propsToWrite } from './props';
import { Table } from './table';
import { ServiceAdmin, type ServiceInfo, type ServiceProps, type ServiceSpec } from './service-admin';

export { ServiceAdmin, type ServiceInfo, type ServiceProps, type ServiceSpec } from './service-admin';

const { MAPI_UNICODE } = MAPI_FLAGS;

/** What the profile layer needs of an initialized Mapi (lib/session.ts). */
export interface ProfileHost extends Owner {
  readonly lib: MapiLibrary;
  readonly ctx: MapiContext;
}

export interface CreateProfileOptions {
  /** The services to add, in order. A string is a service name with no configuration. */
  services?: readonly (string | ServiceSpec)[];
  /** Make it the default profile. */
  setDefault?: boolean;
}

/** The profiles of this MAPI (mapi.profiles). */
export class Profiles {
  readonly #host: ProfileHost;

  /** @internal Use mapi.profiles. */
  constructor(host: ProfileHost) {
    this.#host = host;
  }

  /** MAPIAdminProfiles: an IProfAdmin kept open (release it, or `using`). */
  admin(): ProfileAdmin {
    this.#host.ctx.ensureAlive('IProfAdmin', 'MAPIAdminProfiles');
    const out: (bigint | null)[] = [null];
    this.#host.lib.call(EXPORTS.MAPIAdminProfiles, 0, out);
    if (!out[0]) throw new MapiError(HR.E_POINTER, 'MAPIAdminProfiles', { detail: 'S_OK with a NULL IProfAdmin' });
    return new ProfileAdmin(this.#host.ctx, wrap(IProfAdmin, out[0]), this.#host);
  }

  /** The profiles (IProfAdmin::GetProfileTable). */
  list(): Profile[] {
    using a = this.admin();
    return a.profileRows().map((r) => new Profile(this, r.name, r.isDefault));
  }

  /** The profile of that name (names compare without case, as MAPI's do); MAPI_E_NOT_FOUND when there is none. */
  get(name: string): Profile {
    checkString(name, 'profile name');
    const p = this.list().find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!p) throw notFound(name, 'IProfAdmin::GetProfileTable');
    return p;
  }

  /**
   * IProfAdmin::CreateProfile, then CreateMsgService and ConfigureMsgService for each service. If any
   * step fails the new profile is deleted again and that step's MapiError is thrown.
   */
  create(name: string, options: CreateProfileOptions = {}): Profile {
    checkString(name, 'profile name');
    if (options === null || typeof options !== 'object') throw new MapiArgumentError('ERR_ARGUMENT', `create() options must be an object, not ${describe(options)}`);
    const specs = (options.services === undefined ? [] : checkArray(options.services, 'services')).map(serviceSpec);
    using a = this.admin();
    a.createProfile(name);
    try {
      if (specs.length) {
        using s = a.services(name);
        for (const spec of specs) s.addService(spec);
      }
      if (options.setDefault) a.setDefault(name);
    } catch (e) {
      try {
        a.deleteProfile(name);
      } catch {
        // The first error is the one to report.
      }
      throw e;
    }
    return new Profile(this, name, options.setDefault === true);
  }

  /** IProfAdmin::DeleteProfile; MAPI_E_NOT_FOUND for an unknown name. */
  delete(name: string): void {
    checkString(name, 'profile name');
    using a = this.admin();
    a.deleteProfile(name);
  }

  /**
   * IProfAdmin::CopyProfile: a new profile `newName` with copies of `name`'s services (MAPI gives the
   * copies new service UIDs). MAPI_E_NOT_FOUND for an unknown `name`, MAPI_E_NO_ACCESS when `newName`
   * exists.
   */
  copy(name: string, newName: string): Profile {
    checkString(name, 'profile name');
    checkString(newName, 'new profile name');
    using a = this.admin();
    a.copyProfile(name, newName);
    return new Profile(this, newName, false);
  }

  /**
   * IProfAdmin::RenameProfile; the default profile stays the default under its new name. A profile in
   * use by a session is renamed by MAPI when its last session ends (its page says so), so the profile
   * returned is read back from the profile table: under the old name while that has not happened.
   */
  rename(name: string, newName: string): Profile {
    checkString(name, 'profile name');
    checkString(newName, 'new profile name');
    using a = this.admin();
    a.renameProfile(name, newName);
    const rows = a.profileRows();
    const r = rows.find((x) => x.name.toLowerCase() === newName.toLowerCase()) ?? rows.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return new Profile(this, r?.name ?? newName, r?.isDefault === true);
  }

  /** IProfAdmin::SetDefaultProfile; null clears the default. */
  setDefault(name: string | null): void {
    if (name !== null) checkString(name, 'profile name');
    using a = this.admin();
    a.setDefault(name);
  }

  /** The default profile, or undefined. */
  default(): Profile | undefined {
    return this.list().find((p) => p.isDefault);
  }
}

/** One profile, by name (a snapshot of the profile table's row). */
export class Profile {
  readonly #profiles: Profiles;
  readonly name: string;
  readonly isDefault: boolean;

  /** @internal */
  constructor(profiles: Profiles, name: string, isDefault: boolean) {
    this.#profiles = profiles;
    this.name = name;
    this.isDefault = isDefault;
  }

  /** The profile's message services (IProfAdmin::AdminServices, GetMsgServiceTable). */
  services(): Service[] {
    using a = this.#profiles.admin();
    using s = a.services(this.name);
    return s.serviceRows().map((i) => new Service(this.#profiles, this.name, i));
  }

  /** Adds a service (CreateMsgService, then ConfigureMsgService with spec.props). */
  addService(spec: string | ServiceSpec): Service {
    using a = this.#profiles.admin();
    using s = a.services(this.name);
    return new Service(this.#profiles, this.name, s.addService(serviceSpec(spec)));
  }

  delete(): void {
    this.#profiles.delete(this.name);
  }

  setDefault(): void {
    this.#profiles.setDefault(this.name);
  }

  /** A copy of this profile under `newName` (Profiles.copy). */
  copy(newName: string): Profile {
    return this.#profiles.copy(this.name, newName);
  }

  /** Renames this profile (Profiles.rename): the profile as the table shows it afterwards. */
  rename(newName: string): Profile {
    return this.#profiles.rename(this.name, newName);
  }

  toJSON(): { name: string; isDefault: boolean } {
    return { name: this.name, isDefault: this.isDefault };
  }
}

/** One message service of a profile. */
export class Service implements ServiceInfo {
  readonly #profiles: Profiles;
  readonly profile: string;
  readonly uid: string;
  readonly service: string;
  readonly displayName: string;
  readonly resourceFlags: number;

  /** @internal */
  constructor(profiles: Profiles, profile: string, info: ServiceInfo) {
    this.#profiles = profiles;
    this.profile = profile;
    ({ uid: this.uid, service: this.service, displayName: this.displayName, resourceFlags: this.resourceFlags } = info);
  }

  /** IMsgServiceAdmin::ConfigureMsgService with these values (no UI). */
  configure(props: ServiceProps): void {
    using a = this.#profiles.admin();
    using s = a.services(this.profile);
    s.configure(this.uid, props);
  }

  /** IMsgServiceAdmin::DeleteMsgService. */
  delete(): void {
    using a = this.#profiles.admin();
    using s = a.services(this.profile);
    s.deleteService(this.uid);
  }

  toJSON(): ServiceInfo & { profile: string } {
    return { profile: this.profile, uid: this.uid, service: this.service, displayName: this.displayName, resourceFlags: this.resourceFlags };
  }
}

/** IProfAdmin, kept open. */
export class ProfileAdmin extends MapiObject<typeof IProfAdmin> {
  /** @internal Use mapi.profiles.admin(). */
  constructor(ctx: MapiContext, raw: ReturnType<typeof wrap<typeof IProfAdmin>>, owner: Owner) {
    super(ctx, raw, owner, 'IProfAdmin');
  }

  profileRows(): { name: string; isDefault: boolean }[] {
    const out: (bigint | null)[] = [null];
    this.call('GetProfileTable', () => this.raw.GetProfileTable(MAPI_UNICODE, out));
    using t = new Table(this.ctx, wrap(IMAPITable, out[0]!), this, 'profile table');
    t.setColumns(['PR_DISPLAY_NAME_W', 'PR_DEFAULT_PROFILE']);
    return t.all().map((r) => ({ name: typeof r.PR_DISPLAY_NAME_W === 'string' ? r.PR_DISPLAY_NAME_W : '', isDefault: r.PR_DEFAULT_PROFILE === true }));
  }

  createProfile(name: string): void {
    const arena = new Arena();
    arena.keep(() => this.call('CreateProfile', () => this.raw.CreateProfile(arena.wstring(name), null, 0, MAPI_UNICODE)));
  }

  deleteProfile(name: string): void {
    const arena = new Arena();
    arena.keep(() => this.call('DeleteProfile', () => this.raw.DeleteProfile(arena.wstring(name), MAPI_UNICODE)));
  }

  copyProfile(name: string, newName: string): void {
    const arena = new Arena();
    arena.keep(() => this.call('CopyProfile', () => this.raw.CopyProfile(arena.wstring(name), null, arena.wstring(newName), 0, MAPI_UNICODE)));
  }

  renameProfile(name: string, newName: string): void {
    const arena = new Arena();
    arena.keep(() => this.call('RenameProfile', () => this.raw.RenameProfile(arena.wstring(name), null, arena.wstring(newName), 0, MAPI_UNICODE)));
  }

  setDefault(name: string | null): void {
    const arena = new Arena();
    arena.keep(() => this.call('SetDefaultProfile', () => this.raw.SetDefaultProfile(name === null ? null : arena.wstring(name), MAPI_UNICODE)));
  }

  /** IProfAdmin::AdminServices. */
  services(name: string): ServiceAdmin {
    checkString(name, 'profile name');
    const arena = new Arena();
    const out: (bigint | null)[] = [null];
    arena.keep(() => this.call('AdminServices', () => this.raw.AdminServices(arena.wstring(name), null, 0, MAPI_UNICODE, out)));
    return new ServiceAdmin(this.ctx, wrap(IMsgServiceAdmin, out[0]!), this, name);
  }
}

function serviceSpec(s: unknown): ServiceSpec {
  if (typeof s === 'string') s = { service: s };
  if (s === null || typeof s !== 'object' || typeof (s as ServiceSpec).service !== 'string') {
    throw new MapiArgumentError('ERR_ARGUMENT', `a service is a name or { service, displayName?, props? }, not ${describe(s)}`);
  }
  const spec = s as ServiceSpec;
  checkString(spec.service, 'service name');
  if (spec.displayName !== undefined) checkString(spec.displayName, 'service displayName');
  if (spec.props !== undefined) propsToWrite(spec.props, 'configure');
  return spec;
}

function notFound(name: string, call: string): MapiError {
  return new MapiError(HR.MAPI_E_NOT_FOUND, call, { detail: `no profile named '${name}'` });
}
