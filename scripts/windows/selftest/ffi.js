// Check (b): the repo's koffi under Windows Node calls kernel32, a MinGW DLL's __stdcall export,
// and a JS callback from a thread that the DLL made with CreateThread.
// Usage (through run-node.sh): ffi.js <Windows path of selftest.dll>
'use strict';
const path = require('path');
const koffi = require(path.resolve(__dirname, '../../../node_modules/koffi'));

const dllPath = process.argv[2];
let failures = 0;
function check(what, ok, detail = '') {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
    if (!ok) failures++;
}

// Resolve `name`, then the decorated `name@N` (32-bit __stdcall exports are only known by that name
// when built by MinGW; Koffi does not decorate names itself).
function func(lib, name, stackBytes, ret, args) {
    const errors = [];
    for (const n of [name, `${name}@${stackBytes}`]) {
        try {
            return { fn: lib.func('__stdcall', n, ret, args), resolvedAs: n };
        } catch (e) {
            errors.push(`${n}: ${e.message}`);
        }
    }
    throw new Error(`cannot resolve ${name}: ${errors.join('; ')}`);
}

const kernel32 = koffi.load('kernel32.dll');
const GetCurrentThreadId = kernel32.func('__stdcall', 'GetCurrentThreadId', 'uint32', []);
const GetTickCount = kernel32.func('__stdcall', 'GetTickCount', 'uint32', []);
const WaitForSingleObject = kernel32.func('__stdcall', 'WaitForSingleObject', 'uint32', ['void *', 'uint32']);
const CloseHandle = kernel32.func('__stdcall', 'CloseHandle', 'int', ['void *']);

const mainTid = GetCurrentThreadId();
check('kernel32!GetCurrentThreadId', mainTid > 0, `main thread ${mainTid}`);
const t0 = GetTickCount();
check('kernel32!GetTickCount', t0 > 0, `${t0} ms since boot`);

const lib = koffi.load(dllPath);
const PointerSize = lib.func('__cdecl', 'SelftestPointerSize', 'int', []);
check('DLL bitness matches Node', PointerSize() === (process.arch === 'x64' ? 8 : 4), `sizeof(void*)=${PointerSize()}`);

const add = func(lib, 'SelftestAdd', 8, 'int', ['int', 'int']);
check('__stdcall SelftestAdd(2, 40) = 42', add.fn(2, 40) === 42, `resolved as ${add.resolvedAs}`);
if (process.arch === 'ia32') {
    let plain = null;
    try {
        lib.func('__stdcall', 'SelftestAdd', 'int', ['int', 'int']);
        plain = 'found';
    } catch (e) {
        plain = e.message;
    }
    console.log(`info lookup of the undecorated name "SelftestAdd" on ia32: ${plain}`);
}

const Cb = koffi.proto('__stdcall', 'SelftestCb', 'int', ['uint32', 'int']);
const calls = [];
const cb = koffi.register((nativeTid, value) => {
    calls.push({ nativeTid, jsTid: GetCurrentThreadId(), value });
    return value * 2;
}, koffi.pointer(Cb));

const start = func(lib, 'SelftestStartThread', 12, 'void *', [koffi.pointer(Cb), 'int', 'int']);
const runAndWait = func(lib, 'SelftestRunThreadAndWait', 12, 'int', [koffi.pointer(Cb), 'int', 'int']);
const jobResult = func(lib, 'SelftestJobResult', 4, 'int', [koffi.out(koffi.pointer('uint32'))]);

function checkThreadCalls(label, expectedValues) {
    const values = calls.map(c => c.value);
    check(`${label}: callback ran ${expectedValues.length} times`, JSON.stringify(values) === JSON.stringify(expectedValues), `values ${values}`);
    check(`${label}: native caller was another thread`, calls.every(c => c.nativeTid !== mainTid), `native tids ${[...new Set(calls.map(c => c.nativeTid))]}`);
    check(`${label}: JS ran on the main thread`, calls.every(c => c.jsTid === mainTid));
}

async function main() {
    // 1. Thread started by a plain synchronous call; the main thread stays free (event loop polls).
    const h = start.fn(cb, 10, 3);
    check('CreateThread from the DLL', h !== null && h !== 0n);
    const began = Date.now();
    await new Promise((resolve, reject) => {
        const timer = setInterval(() => {
            if (WaitForSingleObject(h, 0) === 0) { clearInterval(timer); resolve(); }
            else if (Date.now() - began > 10000) { clearInterval(timer); reject(new Error('thread did not finish in 10 s')); }
        }, 5);
    });
    CloseHandle(h);
    const tid = [0];
    const sum = jobResult.fn(tid);
    check('foreign-thread callbacks, sync start + event-loop wait: sum', sum === 2 * (10 + 11 + 12), `sum ${sum}, native thread ${tid[0]}, ${Date.now() - began} ms`);
    checkThreadCalls('sync start', [10, 11, 12]);

    // 2. A native call that creates the thread and blocks until it is done, called through .async.
    calls.length = 0;
    const t1 = Date.now();
    const sum2 = await new Promise((resolve, reject) =>
        runAndWait.fn.async(cb, 100, 2, (err, res) => (err ? reject(err) : resolve(res))));
    check('foreign-thread callbacks inside an .async call: sum', sum2 === 2 * (100 + 101), `sum ${sum2}, ${Date.now() - t1} ms`);
    checkThreadCalls('.async', [100, 101]);

    // 3. Throughput of foreign-thread callbacks under Wine.
    calls.length = 0;
    const n = 2000;
    const t2 = process.hrtime.bigint();
    await new Promise((resolve, reject) =>
        runAndWait.fn.async(cb, 0, n, (err, res) => (err ? reject(err) : resolve(res))));
    const us = Number(process.hrtime.bigint() - t2) / 1000 / n;
    check(`${n} foreign-thread callbacks`, calls.length === n, `${us.toFixed(1)} us per callback`);

    koffi.unregister(cb);
    console.log(`${failures === 0 ? 'PASS' : 'FAIL'} ffi ${process.arch}: ${failures} failure(s)`);
    process.exitCode = failures === 0 ? 0 : 1;
}
main().catch(e => { console.error(e); process.exitCode = 1; });
