// Check (a): Windows Node runs under Wine and reports a Windows 10 host.
// Also proves that the repo's koffi (a Linux node_modules tree) finds Koffi's Windows binary.
'use strict';
const os = require('os');
const path = require('path');

console.log(`platform=${process.platform} arch=${process.arch} node=${process.version} os.release=${os.release()}`);
const koffiDir = path.resolve(__dirname, '../../../node_modules/koffi');
const koffi = require(koffiDir);
console.log(`koffi=${koffi.version} from ${require.resolve(koffiDir)}`);
