/**
 * `profiles`, `profile create NAME --service S... [--pst PATH] [--default]`, `profile delete NAME --yes`,
 * `profile copy NAME NEW`, `profile rename NAME NEW`, `profile services NAME`, `profile default NAME`:
 * MAPI profiles and their message services
 * (lib/mapi/profiles.ts). None of them logs on: they only need MAPIInitialize.
 */
import path from 'node:path';
import { initialize, type Mapi } from '../session';
import type { ServiceSpec } from '../mapi/profiles';
import { table, toJson } from './format';
import { UsageError, type GlobalOptions, type Io } from './context';

/** MAPIInitialize from --dll (no logon); disposing uninitializes. */
function openMapi(o: GlobalOptions): Mapi {
  return initialize(o.dll !== undefined ? { path: o.dll } : {});
}

export function profilesCommand(io: Io, o: GlobalOptions): number {
  using mapi = openMapi(o);
  const list = mapi.profiles.list().map((p) => p.toJSON());
  if (o.json) io.out(toJson(list));
  else if (list.length === 0) io.out('no profiles (koffi-mapi profile create NAME --service SERVICE makes one)');
  else io.out(table(['DEFAULT', 'NAME'], list.map((p) => [p.isDefault ? '*' : '', p.name])));
  return 0;
}

export interface CreateOptions {
  service?: string[];
  /** PR_PST_PATH_W of the first --service (made absolute). */
  pst?: string;
  default?: boolean;
}

export function profileCreateCommand(io: Io, o: GlobalOptions, name: string, c: CreateOptions): number {
  const services: ServiceSpec[] = (c.service ?? []).map((service) => ({ service }));
  if (c.pst !== undefined) {
    if (services.length === 0) throw new UsageError("--pst sets the PST path of a service: name it with --service (Outlook's is 'MSUPST MS')");
    if (c.pst === '') throw new UsageError('--pst needs a file path');
    services[0].props = { PR_PST_PATH_W: path.resolve(c.pst) };
  }
  using mapi = openMapi(o);
  const p = mapi.profiles.create(name, { services, setDefault: c.default === true });
  const svcs = p.services().map((s) => s.toJSON());
  if (o.json) io.out(toJson({ name: p.name, isDefault: p.isDefault, services: svcs }));
  else io.out(`created profile '${p.name}'${p.isDefault ? ' (default)' : ''} with ${svcs.length} service${svcs.length === 1 ? '' : 's'}${svcs.length ? ': ' + svcs.map((s) => s.service).join(', ') : ''}`);
  return 0;
}

export async function profileDeleteCommand(io: Io, o: GlobalOptions, name: string, d: { yes?: boolean }): Promise<number> {
  if (!d.yes) {
    if (!io.confirm) throw new UsageError(`profile delete removes '${name}' and its services for good: pass --yes (stdin is not a terminal, so it cannot ask)`);
    if (!(await io.confirm(`delete profile '${name}'? [y/N] `))) {
      io.err('nothing deleted');
      return 1;
    }
  }
  using mapi = openMapi(o);
  mapi.profiles.delete(name);
  if (o.json) io.out(toJson({ deleted: name }));
  else io.out(`deleted profile '${name}'`);
  return 0;
}

export function profileCopyCommand(io: Io, o: GlobalOptions, name: string, newName: string): number {
  using mapi = openMapi(o);
  const p = mapi.profiles.copy(name, newName);
  const svcs = p.services().map((s) => s.toJSON());
  if (o.json) io.out(toJson({ copied: name, name: p.name, services: svcs }));
  else io.out(`copied profile '${name}' to '${p.name}' with ${svcs.length} service${svcs.length === 1 ? '' : 's'}${svcs.length ? ': ' + svcs.map((s) => s.service).join(', ') : ''}`);
  return 0;
}

export function profileRenameCommand(io: Io, o: GlobalOptions, name: string, newName: string): number {
  using mapi = openMapi(o);
  const p = mapi.profiles.rename(name, newName);
  // MAPI renames a profile in use when its last session ends: the table still has the old name.
  const pending = p.name.toLowerCase() !== newName.toLowerCase();
  if (o.json) io.out(toJson({ renamed: name, name: p.name, isDefault: p.isDefault, pending }));
  else if (pending) io.out(`profile '${name}' is in use: MAPI renames it to '${newName}' when its last session ends`);
  else io.out(`renamed profile '${name}' to '${p.name}'${p.isDefault ? ' (default)' : ''}`);
  return 0;
}

export function profileServicesCommand(io: Io, o: GlobalOptions, name: string): number {
  using mapi = openMapi(o);
  const svcs = mapi.profiles.get(name).services().map((s) => s.toJSON());
  if (o.json) io.out(toJson(svcs));
  else if (svcs.length === 0) io.out(`profile '${name}' has no message services`);
  else io.out(table(['SERVICE', 'DISPLAY NAME', 'UID'], svcs.map((s) => [s.service, s.displayName, s.uid])));
  return 0;
}

export function profileDefaultCommand(io: Io, o: GlobalOptions, name: string): number {
  using mapi = openMapi(o);
  mapi.profiles.setDefault(name);
  if (o.json) io.out(toJson({ default: name }));
  else io.out(`'${name}' is now the default profile`);
  return 0;
}
