/**
 * The types the definitions give, checked by the compiler: tsc on __tests__/types/ (mistakes that must
 * not compile, and the decoded value types that must come out), every tag's type-level PROP_TYPE
 * against the run-time one, the generated parameter names, and what an editor shows for a generated
 * method, an export and a handler.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { PROP_TAGS } from '../ffi-defs/constants/proptags';
import { PROP_TYPE } from '../lib/mapi/tags';
import { PARAM_NAMES_FILE, renderParamNames } from '../scripts/param-names';

const root = path.resolve(__dirname, '..');
const typesDir = path.join(__dirname, 'types');
/** A path as an import specifier or tsconfig entry (forward slashes on Windows too). */
const slash = (p: string) => p.split(path.sep).join('/');

let tmp = '';
beforeAll(() => {
  // Inside the repo (.cache/ is ignored by git and by tsconfig.json), so the repo's rootDir holds it.
  fs.mkdirSync(path.join(root, '.cache'), { recursive: true });
  tmp = fs.mkdtempSync(path.join(root, '.cache', 'types-'));
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('lib/ffi/param-names.ts is what scripts/param-names.ts writes (run `npm run gen:param-names`)', () => {
  expect(fs.readFileSync(PARAM_NAMES_FILE, 'utf8')).toBe(renderParamNames());
});

test("tsc accepts __tests__/types/, and every tag's PT_ type at the type level is PROP_TYPE's", () => {
  // One object literal typed by the type-level PROP_TYPE of every tag: a wrong or missing entry fails.
  const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  const lines = [
    `import type { PROP_TAGS } from '${slash(path.join(root, 'ffi-defs', 'constants', 'proptags'))}';`,
    `import type { PropTypeHex } from '${slash(path.join(root, 'lib', 'mapi', 'tags'))}';`,
    'type T = typeof PROP_TAGS;',
    'export const types: { readonly [K in keyof T]: PropTypeHex<T[K]> } = {',
    ...Object.entries(PROP_TAGS).map(([name, value]) => `  ${name}: '${hex4(PROP_TYPE(value))}',`),
    '};',
    '',
  ];
  fs.writeFileSync(path.join(tmp, 'all-tags.ts'), lines.join('\n'));
  const files = fs.readdirSync(typesDir).filter((f) => f.endsWith('.ts')).map((f) => slash(path.join(typesDir, f)));
  expect(files.length).toBeGreaterThanOrEqual(3);
  const config = {
    extends: slash(path.join(typesDir, 'tsconfig.json')),
    compilerOptions: { typeRoots: [slash(path.join(root, 'node_modules', '@types'))], rootDir: slash(root) },
    include: [],
    files: [...files, 'all-tags.ts'],
  };
  fs.writeFileSync(path.join(tmp, 'tsconfig.json'), JSON.stringify(config, null, 2));
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(tmp, 'tsconfig.json')], { encoding: 'utf8', timeout: 240_000 });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 300_000);

test('editor hints name the parameters of generated methods, exports and handlers after the definitions', () => {
  const probe = path.join(tmp, 'probe.ts');
  const source = [
    `import { implement, type ComProxy, type MapiLibrary } from '${slash(path.join(root, 'lib'))}';`,
    `import { EXPORTS } from '${slash(path.join(root, 'ffi-defs', 'exports'))}';`,
    `import { IMAPIProgress } from '${slash(path.join(root, 'ffi-defs', 'interfaces', 'IMAPIProgress'))}';`,
    `import type { IMsgStore } from '${slash(path.join(root, 'ffi-defs', 'interfaces', 'IMsgStore'))}';`,
    'declare const store: ComProxy<typeof IMsgStore>;',
    'declare const lib: MapiLibrary;',
    'store.GetProps;',
    'lib.exports.MAPIAllocateBuffer;',
    'lib.call(EXPORTS.HrGetOneProp, );',
    'implement(IMAPIProgress, { Progress() { return 0; } });',
    '',
  ].join('\n');
  fs.writeFileSync(probe, source);
  const options: ts.CompilerOptions = {
    strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'], types: ['node'], typeRoots: [path.join(root, 'node_modules', '@types')], skipLibCheck: true,
  };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [probe],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => (fs.existsSync(f) ? ts.ScriptSnapshot.fromString(fs.readFileSync(f, 'utf8')) : undefined),
    getCurrentDirectory: () => root,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const ls = ts.createLanguageService(host);
  const at = (text: string) => source.indexOf(text) + text.length;
  const quickInfo = (text: string) => ts.displayPartsToString(ls.getQuickInfoAtPosition(probe, at(text) - 1)?.displayParts);
  const parameters = (text: string) => ls.getSignatureHelpItems(probe, at(text), undefined)?.items.map((i) => i.parameters.map((p) => p.name));

  expect(quickInfo('store.GetProps')).toBe(
    '(property) GetProps: (lpPropTagArray: PointerArg, ulFlags: number, lpcValues: number[], lppPropArray: (bigint | null)[]) => number',
  );
  expect(quickInfo('lib.exports.MAPIAllocateBuffer')).toBe('(property) MAPIAllocateBuffer: (cbSize: number, lppBuffer: (bigint | null)[]) => number');
  expect(parameters('lib.call(EXPORTS.HrGetOneProp, ')).toEqual([['def', 'lpMapiProp', 'ulPropTag', 'lppProp']]);
  expect(parameters('Progress(')).toEqual([['ulValue', 'ulCount', 'ulTotal']]);
  ls.dispose();
}, 120_000);
