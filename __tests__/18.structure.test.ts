/**
 * The shape of the code, as rules that fail: the layer order and no import cycles
 * (.dependency-cruiser.cjs, drawn in docs/contributing.md), files and functions of a readable size.
 * Static checks of the sources: the same on every platform, so they run in the Linux pass only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { testIf } from './helpers/skip';

const root = path.resolve(__dirname, '..');
const stest = testIf(process.platform !== 'win32', 'a static check of the sources, the same on every platform: the Linux run has it');

const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;
/** A comment right above a longer function that says why it is long: `// long: <reason>` (or in its JSDoc). */
const REASON = /\blong:\s*\S/;

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

stest('layers go one way and nothing imports in a cycle (dependency-cruiser)', () => {
  const bin = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const r = spawnSync(process.execPath, [bin, '-c', '.dependency-cruiser.cjs', '--output-type', 'err', 'lib', 'ffi-defs'], { cwd: root, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toMatch(/no dependency violations found/);
  expect(r.status).toBe(0);
}, 60_000);

stest(`no file in lib/ over ${MAX_FILE_LINES} lines`, () => {
  const long = tsFiles(path.join(root, 'lib'))
    .map((f) => [path.relative(root, f), fs.readFileSync(f, 'utf8').split('\n').length] as const)
    .filter(([, n]) => n > MAX_FILE_LINES);
  expect(long).toEqual([]);
});

stest(`no function in lib/ over ${MAX_FUNCTION_LINES} lines without a reason above it`, () => {
  const long: string[] = [];
  for (const f of tsFiles(path.join(root, 'lib'))) {
    const text = fs.readFileSync(f, 'utf8');
    const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node) => {
      if (ts.isFunctionLike(n) && 'body' in n && n.body) {
        const start = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(n.end).line;
        if (end - start + 1 > MAX_FUNCTION_LINES) {
          // The comment may sit above the function or above the statement that holds it (const f = ...).
          let holder: ts.Node = n;
          while (holder.parent && !ts.isSourceFile(holder.parent) && !ts.isBlock(holder.parent) && !ts.isClassLike(holder.parent)) holder = holder.parent;
          const comments = (ts.getLeadingCommentRanges(text, holder.getFullStart()) ?? []).map((c) => text.slice(c.pos, c.end)).join('\n');
          if (!REASON.test(comments)) long.push(`${path.relative(root, f)}:${start + 1} (${end - start + 1} lines)`);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  expect(long).toEqual([]);
});
