/*
 * Self-test DLL for the Windows-under-Wine tier (scripts/windows/selftest/run.sh).
 *
 * Built with x86_64-w64-mingw32-gcc and i686-w64-mingw32-gcc. It proves, from Windows Node + Koffi:
 *   - a __stdcall export (decorated "SelftestAdd@8" on ia32) can be called;
 *   - a JS callback registered with Koffi can be called from a thread made with CreateThread;
 *   - Wine's mapi32.dll forwards Extended MAPI calls to the DLL registered as DLLPathEx.
 *     The MAPI functions below only record that they were called; they are not a provider.
 *
 * Which export NAMES exist depends on how it is linked (see run.sh): on ia32 MinGW exports a
 * __stdcall function as "Name@N" only, unless linked with --add-stdcall-alias (then also "Name");
 * on x64 it exports "Name" only, and selftest.def adds the "Name@N" spellings Wine looks up.
 */
#include <windows.h>

#define EXPORT __declspec(dllexport)

/* ---- plain calls ------------------------------------------------------------------------ */

EXPORT int __stdcall SelftestAdd(int a, int b) { return a + b; }

EXPORT int __cdecl SelftestPointerSize(void) { return (int)sizeof(void *); }

/* ---- callbacks from a foreign (Windows) thread ------------------------------------------ */

typedef int(__stdcall *selftest_cb)(DWORD native_tid, int value);

static struct {
    selftest_cb cb;
    int count;
    int base;
    volatile LONG sum;
    volatile DWORD tid;
} g_job;

static DWORD WINAPI job_thread(LPVOID unused)
{
    int i;
    (void)unused;
    g_job.tid = GetCurrentThreadId();
    for (i = 0; i < g_job.count; i++)
        InterlockedExchangeAdd(&g_job.sum, g_job.cb(g_job.tid, g_job.base + i));
    return 0;
}

/* Starts a thread that calls cb(thread id, base + i) for i in [0, count) and adds up the results.
 * Returns the thread handle (close it with CloseHandle) or NULL. Does not wait. */
EXPORT HANDLE __stdcall SelftestStartThread(selftest_cb cb, int base, int count)
{
    g_job.cb = cb;
    g_job.base = base;
    g_job.count = count;
    g_job.sum = 0;
    g_job.tid = 0;
    return CreateThread(NULL, 0, job_thread, NULL, 0, NULL);
}

/* Same, but waits for the thread: only usable through Koffi's .async (else it deadlocks). */
EXPORT int __stdcall SelftestRunThreadAndWait(selftest_cb cb, int base, int count)
{
    HANDLE h = SelftestStartThread(cb, base, count);
    if (!h)
        return -1;
    WaitForSingleObject(h, INFINITE);
    CloseHandle(h);
    return (int)g_job.sum;
}

/* Result of the last job: returns the sum, stores the native thread id in *tid. */
EXPORT int __stdcall SelftestJobResult(DWORD *tid)
{
    if (tid)
        *tid = g_job.tid;
    return (int)g_job.sum;
}

/* ---- Extended MAPI entry points that only record their calls ----------------------------- */

enum { C_INIT, C_UNINIT, C_LOGONEX, C_ALLOC, C_ALLOCMORE, C_FREE, C_QUERYALLROWS, C_COUNT };
static volatile LONG g_calls[C_COUNT];
static volatile DWORD g_init_tid;

/* Copies the call counters (C_COUNT of them) to out, returns how many there are. */
EXPORT int __stdcall SelftestMapiCalls(LONG *out)
{
    int i;
    for (i = 0; i < C_COUNT; i++)
        out[i] = g_calls[i];
    return C_COUNT;
}

EXPORT HRESULT __stdcall MAPIInitialize(LPVOID init)
{
    (void)init;
    InterlockedIncrement(&g_calls[C_INIT]);
    g_init_tid = GetCurrentThreadId();
    return S_OK;
}

EXPORT void __stdcall MAPIUninitialize(void) { InterlockedIncrement(&g_calls[C_UNINIT]); }

#define SELFTEST_LOGON_HR ((HRESULT)0x80040111L) /* MAPI_E_LOGON_FAILED */
EXPORT HRESULT __stdcall MAPILogonEx(ULONG_PTR ui, LPWSTR profile, LPWSTR password, ULONG flags,
                                     LPVOID *session)
{
    (void)ui, (void)profile, (void)password, (void)flags;
    InterlockedIncrement(&g_calls[C_LOGONEX]);
    if (session)
        *session = NULL;
    return SELFTEST_LOGON_HR;
}

/* MAPI-style allocator: each block starts with a pointer to the next linked block. */
EXPORT SCODE __stdcall MAPIAllocateBuffer(ULONG cb, LPVOID *pp)
{
    void **block;
    InterlockedIncrement(&g_calls[C_ALLOC]);
    if (!pp)
        return E_INVALIDARG;
    block = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, cb + sizeof(void *));
    if (!block)
        return E_OUTOFMEMORY;
    *pp = block + 1;
    return S_OK;
}

EXPORT SCODE __stdcall MAPIAllocateMore(ULONG cb, LPVOID orig, LPVOID *pp)
{
    void **link;
    void **block;
    InterlockedIncrement(&g_calls[C_ALLOCMORE]);
    if (!orig || !pp)
        return E_INVALIDARG;
    block = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, cb + sizeof(void *));
    if (!block)
        return E_OUTOFMEMORY;
    for (link = (void **)orig - 1; *link; link = *link)
        ;
    *link = block;
    *pp = block + 1;
    return S_OK;
}

EXPORT ULONG __stdcall MAPIFreeBuffer(LPVOID p)
{
    void **block;
    InterlockedIncrement(&g_calls[C_FREE]);
    if (!p)
        return S_OK;
    for (block = (void **)p - 1; block;) {
        void **next = *block;
        HeapFree(GetProcessHeap(), 0, block);
        block = next;
    }
    return S_OK;
}

#define SELFTEST_QUERY_HR ((HRESULT)0x8004010FL) /* MAPI_E_NOT_FOUND */
EXPORT HRESULT __stdcall HrQueryAllRows(LPVOID table, LPVOID tags, LPVOID restriction, LPVOID sort,
                                        LONG max_rows, LPVOID *rows)
{
    (void)table, (void)tags, (void)restriction, (void)sort, (void)max_rows;
    InterlockedIncrement(&g_calls[C_QUERYALLROWS]);
    if (rows)
        *rows = NULL;
    return SELFTEST_QUERY_HR;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst, (void)reason, (void)reserved;
    return TRUE;
}
