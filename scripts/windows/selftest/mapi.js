// Check (c): Wine's own mapi32.dll is in the prefix, and forwards Extended MAPI calls to the DLL
// registered as HKLM\Software\Clients\Mail\<default>\DLLPathEx (register-provider.sh).
// Usage (through run-node.sh): mapi.js <Windows path of the selftest DLL> [--expect=a,b,...] [--unregistered]
//   --expect        the mapi32 entry points that must reach the selftest DLL; every other one must
//                   not. Without it, only prints what happened.
//   --unregistered  the DLL is NOT registered: check that mapi32 does not load it, and show what
//                   Wine's mapi32 answers on its own.
'use strict';
const fs = require('fs');
const path = require('path');
const koffi = require(path.resolve(__dirname, '../../../node_modules/koffi'));

const dllPath = process.argv[2];
const expectArg = process.argv.find(a => a.startsWith('--expect='));
const expected = expectArg ? new Set(expectArg.slice(9).split(',').filter(Boolean)) : null;
const unregistered = process.argv.includes('--unregistered');
let failures = 0;
function check(what, ok, detail = '') {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
    if (!ok) failures++;
}
const hex = hr => `0x${(hr >>> 0).toString(16).padStart(8, '0')}`;

// 1. mapi32.dll in the prefix. A 64-bit process sees the 64-bit system32; 32-bit DLLs are in
//    syswow64 (win64 prefix only). A win32 prefix has only system32 (32-bit).
const sys = process.env.SystemRoot || 'C:\\windows';
for (const dir of ['system32', 'syswow64']) {
    const p = `${sys}\\${dir}\\mapi32.dll`;
    console.log(`info ${p}: ${fs.existsSync(p) ? `${fs.statSync(p).size} bytes` : 'absent'}`);
}
check('mapi32.dll in system32', fs.existsSync(`${sys}\\system32\\mapi32.dll`));

const kernel32 = koffi.load('kernel32.dll');
const GetModuleHandleW = kernel32.func('__stdcall', 'GetModuleHandleW', 'void *', ['str16']);
const GetProcAddress = kernel32.func('__stdcall', 'GetProcAddress', 'void *', ['void *', 'str']);

check('selftest DLL not loaded before mapi32', GetModuleHandleW(dllPath) === null);
// 2. Loading mapi32 runs its DllMain, which reads the registry and LoadLibrary's the provider.
const mapi32 = koffi.load('mapi32.dll');
const hMapi = GetModuleHandleW('mapi32.dll');
if (unregistered) {
    check('mapi32 did not load the unregistered DLL', GetModuleHandleW(dllPath) === null);
} else {
    check('mapi32 loaded the registered DLL (DllMain -> LoadLibraryW(DLLPathEx))', GetModuleHandleW(dllPath) !== null);
}

// Loading it ourselves gives the same module (if mapi32 loaded it) and its call counters.
const provider = koffi.load(dllPath);
function providerFunc(name, stackBytes, ret, args) {
    for (const n of [name, `${name}@${stackBytes}`]) {
        try { return provider.func('__stdcall', n, ret, args); } catch { /* next spelling */ }
    }
    throw new Error(`selftest DLL has no ${name}`);
}
const SelftestMapiCalls = providerFunc('SelftestMapiCalls', 4, 'int', ['int32 *']);
const COUNTERS = ['MAPIInitialize', 'MAPIUninitialize', 'MAPILogonEx', 'MAPIAllocateBuffer', 'MAPIAllocateMore', 'MAPIFreeBuffer', 'HrQueryAllRows'];
function counters() {
    const a = new Int32Array(COUNTERS.length);
    if (!unregistered) SelftestMapiCalls(a); // a DLL mapi32 did not load cannot be reached
    return Object.fromEntries(COUNTERS.map((n, i) => [n, a[i]]));
}

// mapi32's exports: which spellings exist
function exportsOf(name, n) {
    return [name, `${name}@${n}`].filter(s => GetProcAddress(hMapi, s) !== null);
}
function mapiFunc(name, stackBytes, ret, args) {
    const spelled = exportsOf(name, stackBytes);
    if (!spelled.length) throw new Error(`mapi32 exports neither ${name} nor ${name}@${stackBytes}`);
    return { fn: mapi32.func('__stdcall', spelled[0], ret, args), exports: spelled };
}

const HR = 'uint32';
const PP = koffi.out(koffi.pointer('void *'));
const f = {
    MAPIInitialize: mapiFunc('MAPIInitialize', 4, HR, ['void *']),
    MAPILogonEx: mapiFunc('MAPILogonEx', 20, HR, ['uintptr_t', 'str16', 'str16', 'uint32', PP]),
    MAPIAllocateBuffer: mapiFunc('MAPIAllocateBuffer', 8, HR, ['uint32', PP]),
    MAPIAllocateMore: mapiFunc('MAPIAllocateMore', 12, HR, ['uint32', 'void *', PP]),
    MAPIFreeBuffer: mapiFunc('MAPIFreeBuffer', 4, 'uint32', ['void *']),
    HrQueryAllRows: mapiFunc('HrQueryAllRows', 24, HR, ['void *', 'void *', 'void *', 'void *', 'int32', PP]),
    CreateIProp: mapiFunc('CreateIProp', 24, HR, ['void *', 'void *', 'void *', 'void *', 'void *', PP]),
    MAPIUninitialize: mapiFunc('MAPIUninitialize', 0, 'void', []),
};
for (const [name, { exports }] of Object.entries(f)) console.log(`info mapi32 exports ${exports.join(' and ')}`);

const forwarded = {};
function call(name, counter, thunk) {
    const before = counters()[counter];
    const result = thunk();
    const reached = counters()[counter] > before;
    forwarded[name] = reached;
    console.log(`info ${name} -> ${result} ; reached selftest DLL: ${reached ? 'yes' : 'no'}`);
    return result;
}

call('MAPIInitialize', 'MAPIInitialize', () => hex(f.MAPIInitialize.fn(null)));
const session = [null];
call('MAPILogonEx', 'MAPILogonEx', () => hex(f.MAPILogonEx.fn(0, null, null, 0, session)));
const buf = [null];
call('MAPIAllocateBuffer', 'MAPIAllocateBuffer', () => `${hex(f.MAPIAllocateBuffer.fn(16, buf))}, ptr ${buf[0] !== null}`);
const more = [null];
call('MAPIAllocateMore', 'MAPIAllocateMore', () => `${hex(f.MAPIAllocateMore.fn(8, buf[0], more))}, ptr ${more[0] !== null}`);
call('MAPIFreeBuffer', 'MAPIFreeBuffer', () => hex(f.MAPIFreeBuffer.fn(buf[0])));
const rows = [null];
call('HrQueryAllRows', 'HrQueryAllRows', () => hex(f.HrQueryAllRows.fn(null, null, null, null, 0, rows)));

// CreateIProp is Wine's own (never forwarded); it allocates with the allocators it is given.
// Give it mapi32's exported allocators, which themselves forward when the provider has them.
{
    const alloc = GetProcAddress(hMapi, 'MAPIAllocateBuffer');
    const allocMore = GetProcAddress(hMapi, 'MAPIAllocateMore');
    const free = GetProcAddress(hMapi, 'MAPIFreeBuffer');
    const before = counters();
    const prop = [null];
    const hr = f.CreateIProp.fn(null, alloc, allocMore, free, null, prop);
    let refs = null;
    if (hr === 0 && prop[0] !== null) {
        const vtbl = koffi.decode(prop[0], 'void *');
        const Release = koffi.decode(koffi.decode(vtbl, 2 * koffi.sizeof('void *'), 'void *'),
            koffi.proto('uint32 __stdcall IPropData_Release(void *self)'));
        refs = Release(prop[0]);
    }
    const after = counters();
    check('CreateIProp (Wine\'s own IPropData) works', hr === 0 && refs === 0, `hr ${hex(hr)}, Release -> ${refs}`);
    console.log(`info CreateIProp allocations through the selftest DLL: ${after.MAPIAllocateBuffer - before.MAPIAllocateBuffer} alloc, ${after.MAPIFreeBuffer - before.MAPIFreeBuffer} free`);
}

call('MAPIUninitialize', 'MAPIUninitialize', () => (f.MAPIUninitialize.fn(), 'void'));

if (expected) {
    for (const name of Object.keys(forwarded)) {
        const want = expected.has(name);
        check(`${name} ${want ? 'forwarded' : 'not forwarded'}`, forwarded[name] === want);
    }
}
console.log(`RESULT ${JSON.stringify(forwarded)}`);
console.log(`${failures === 0 ? 'PASS' : 'FAIL'} mapi ${process.arch}: ${failures} failure(s)`);
process.exitCode = failures === 0 ? 0 : 1;
