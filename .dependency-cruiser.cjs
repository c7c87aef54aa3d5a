/**
 * The layers of koffi-mapi, lowest first (docs/contributing.md draws them). A module may import its own
 * layer and the layers below it, never one above, and nothing may form a cycle. Checked by
 * `npx depcruise -c .dependency-cruiser.cjs lib ffi-defs` (run by __tests__/18.structure.test.ts).
 * Type-only imports do not count: they vanish when compiled.
 */
const LAYERS = [
  ['ffi-defs', '^ffi-defs/'],
  ['base', '^lib/(errors|validate|paths|env)\\.ts$|^lib/mapi/tags\\.ts$|^lib/com/guid\\.ts$'],
  ['ffi', '^lib/ffi/|^lib/trace(-decoders)?\\.ts$'],
  ['com', '^lib/com/|^lib/platform/'],
  ['loader', '^lib/(loader|sample)\\.ts$'],
  ['mapi', '^lib/mapi/'],
  ['session', '^lib/session\\.ts$'],
  ['check', '^lib/check/'],
  ['cli', '^lib/cli/|^lib/index\\.ts$'],
];

const forbidden = [
  { name: 'no-circular', severity: 'error', comment: 'Import cycles make load order matter.', from: {}, to: { circular: true } },
  {
    name: 'in-a-layer',
    severity: 'error',
    comment: 'Every module of lib/ and ffi-defs/ belongs to a layer (add it to LAYERS in .dependency-cruiser.cjs).',
    from: { path: '^(lib|ffi-defs)/', pathNot: LAYERS.map(([, p]) => `(${p})`).join('|') },
    to: {},
  },
];
LAYERS.forEach(([name, path], i) => {
  const above = LAYERS.slice(i + 1);
  if (above.length === 0) return;
  forbidden.push({
    name: `layer-${name}`,
    severity: 'error',
    comment: `${name} may import only ${LAYERS.slice(0, i + 1).map(([n]) => n).join(', ')} (not ${above.map(([n]) => n).join(', ')}).`,
    from: { path },
    // A module listed by name in a lower layer (lib/mapi/tags.ts in base) is not in the folder's layer.
    to: { path: above.map(([, p]) => `(${p})`).join('|'), pathNot: LAYERS.slice(0, i + 1).map(([, p]) => `(${p})`).join('|') },
  });
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
