/**
 * Builds what the suite needs before any test runs: the sample provider and the native test helpers.
 * On Windows (the Wine tier) these are built beforehand by scripts/windows/ with MinGW, since the
 * Windows Node has no compiler; here we only check that they are present.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '..', '..');
  if (process.platform === 'win32') return;
  require(path.join(root, 'scripts', 'build-test-native.js')).buildTestNative('host');
  const provider = path.join(root, 'scripts', 'build-provider.js');
  if (fs.existsSync(provider)) require(provider).buildProvider({});
};
