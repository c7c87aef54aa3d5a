/*
 * platform.c - Win32 / pthreads implementation of platform.h.
 *
 * See platform.h for the contract. Windows: thin wrappers over kernel32. Linux: a registry of
 * handles to reference-counted event/thread objects built on pthread mutexes and condition
 * variables.
 */
#if !defined(_WIN32) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* syscall(SYS_gettid) */
#endif

#include "platform.h"

#include <stdlib.h>

/* ==============================================================================================
 * Atomics (both platforms)
 * ============================================================================================ */
#if defined(__GNUC__) || defined(__clang__)
int32_t Plat_AtomicInc(volatile int32_t *p) { return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST); }
int32_t Plat_AtomicDec(volatile int32_t *p) { return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST); }
int32_t Plat_AtomicAdd(volatile int32_t *p, int32_t v)
{
    return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}
int32_t Plat_AtomicLoad(volatile int32_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
#elif defined(_MSC_VER)
#include <intrin.h>
int32_t Plat_AtomicInc(volatile int32_t *p) { return _InterlockedIncrement((volatile long *)p); }
int32_t Plat_AtomicDec(volatile int32_t *p) { return _InterlockedDecrement((volatile long *)p); }
int32_t Plat_AtomicAdd(volatile int32_t *p, int32_t v)
{
    return _InterlockedExchangeAdd((volatile long *)p, v) + v;
}
int32_t Plat_AtomicLoad(volatile int32_t *p) { return _InterlockedOr((volatile long *)p, 0); }
#else
#error "no atomics for this compiler"
#endif

/* Threads created through Plat_CreateThread whose function has not returned yet. */
static volatile int32_t g_cThreads;

uint32_t Plat_RunningThreads(void) { return (uint32_t)Plat_AtomicLoad(&g_cThreads); }

#if defined(_WIN32)
/* ==============================================================================================
 * Windows
 * ============================================================================================ */
#ifndef _WIN32_WINNT
#define _WIN32_WINNT 0x0601 /* GetThreadId, InitOnce, SRW locks: Windows 7+ */
#endif
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

_Static_assert(sizeof(SRWLOCK) == sizeof(void *), "PlatLock holds an SRWLOCK");

void *Plat_CreateEvent(int manualReset, int initialState)
{
    return CreateEventW(NULL, manualReset ? TRUE : FALSE, initialState ? TRUE : FALSE, NULL);
}
int Plat_SetEvent(void *h) { return SetEvent((HANDLE)h) ? 1 : 0; }
int Plat_ResetEvent(void *h) { return ResetEvent((HANDLE)h) ? 1 : 0; }

typedef struct WinThreadStart {
    PlatThreadProc *fn;
    void *arg;
} WinThreadStart;

static DWORD WINAPI WinThreadMain(LPVOID p)
{
    WinThreadStart start = *(WinThreadStart *)p;
    free(p);
    uint32_t rc = start.fn(start.arg);
    /* Leaves the count before the thread handle becomes signalled (when this returns). */
    Plat_AtomicDec(&g_cThreads);
    return rc;
}

void *Plat_CreateThread(PlatThreadProc *fn, void *arg)
{
    WinThreadStart *start = malloc(sizeof *start);
    if (!start)
        return NULL;
    start->fn = fn;
    start->arg = arg;
    Plat_AtomicInc(&g_cThreads);
    HANDLE h = CreateThread(NULL, 0, WinThreadMain, start, 0, NULL);
    if (!h) {
        Plat_AtomicDec(&g_cThreads);
        free(start);
    }
    return h;
}

void *Plat_DuplicateHandle(void *h)
{
    HANDLE dup = NULL;
    if (!DuplicateHandle(GetCurrentProcess(), (HANDLE)h, GetCurrentProcess(), &dup, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
        return NULL;
    return dup;
}

uint32_t Plat_WaitForSingleObject(void *h, uint32_t ms)
{
    return (uint32_t)WaitForSingleObject((HANDLE)h, (DWORD)ms);
}
int Plat_CloseHandle(void *h) { return CloseHandle((HANDLE)h) ? 1 : 0; }
uint32_t Plat_GetThreadId(void *h) { return (uint32_t)GetThreadId((HANDLE)h); }
uint32_t Plat_GetCurrentThreadId(void) { return (uint32_t)GetCurrentThreadId(); }
void Plat_Sleep(uint32_t ms) { Sleep(ms); }
void Plat_PinModule(void)
{
    HMODULE m = NULL;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                       (LPCWSTR)(void *)Plat_PinModule, &m);
}
uint32_t Plat_LiveHandles(void) { return 0; }

void Plat_Lock(PlatLock *l) { AcquireSRWLockExclusive((PSRWLOCK)&l->srw); }
void Plat_Unlock(PlatLock *l) { ReleaseSRWLockExclusive((PSRWLOCK)&l->srw); }

int Plat_RecMutexInit(PlatRecMutex *m)
{
    CRITICAL_SECTION *cs = malloc(sizeof *cs);
    if (!cs)
        return 0;
    InitializeCriticalSection(cs);
    m->cs = cs;
    return 1;
}
void Plat_RecMutexDestroy(PlatRecMutex *m)
{
    if (m->cs) {
        DeleteCriticalSection((CRITICAL_SECTION *)m->cs);
        free(m->cs);
        m->cs = NULL;
    }
}
void Plat_RecMutexLock(PlatRecMutex *m) { EnterCriticalSection((CRITICAL_SECTION *)m->cs); }
void Plat_RecMutexUnlock(PlatRecMutex *m) { LeaveCriticalSection((CRITICAL_SECTION *)m->cs); }

/* Thread-local MAPIInitialize counter: one TLS slot, allocated once. (MinGW's _Thread_local goes
 * through emutls and would pull libgcc/winpthreads runtime DLLs in; TlsAlloc does not.) */
static INIT_ONCE g_tlsOnce = INIT_ONCE_STATIC_INIT;
static DWORD g_tlsIndex = TLS_OUT_OF_INDEXES;

static BOOL CALLBACK TlsInitOnce(PINIT_ONCE once, PVOID param, PVOID *ctx)
{
    (void)once;
    (void)param;
    (void)ctx;
    g_tlsIndex = TlsAlloc();
    return g_tlsIndex != TLS_OUT_OF_INDEXES;
}

uint32_t Plat_TlsGetInitCount(void)
{
    if (!InitOnceExecuteOnce(&g_tlsOnce, TlsInitOnce, NULL, NULL))
        return 0;
    return (uint32_t)(uintptr_t)TlsGetValue(g_tlsIndex);
}
void Plat_TlsSetInitCount(uint32_t n)
{
    if (InitOnceExecuteOnce(&g_tlsOnce, TlsInitOnce, NULL, NULL))
        TlsSetValue(g_tlsIndex, (LPVOID)(uintptr_t)n);
}

uint64_t Plat_NowFileTime(void)
{
    FILETIME ft;
    GetSystemTimeAsFileTime(&ft);
    return ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

#else
/* ==============================================================================================
 * Linux / POSIX
 * ============================================================================================ */
#include <dlfcn.h>
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { PLAT_EVENT = 1, PLAT_THREAD = 2 };

/* A kernel-like object. References: one per open handle, plus one held by a running thread. */
typedef struct PlatObj {
    int kind;
    volatile int32_t cRef;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int signaled;
    int manualReset;
    /* threads only */
    uint32_t tid;
    int started;
    PlatThreadProc *fn;
    void *arg;
} PlatObj;

#define PLAT_HANDLE_MAGIC 0x484E444Cu /* 'HNDL' */

/* A handle: what the caller holds. Every live handle is linked into the registry. */
typedef struct PlatHandleRec {
    uint32_t magic;
    PlatObj *obj;
    struct PlatHandleRec *prev, *next;
} PlatHandleRec;

static PlatLock g_handleLock = PLAT_LOCK_INIT;
static PlatHandleRec *g_handles;
static uint32_t g_cHandles;

static PlatObj *ObjCreate(int kind, int manualReset, int signaled)
{
    PlatObj *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    if (pthread_cond_init(&o->cv, &ca) != 0) {
        pthread_condattr_destroy(&ca);
        free(o);
        return NULL;
    }
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&o->mu, NULL);
    o->kind = kind;
    o->cRef = 1;
    o->manualReset = manualReset;
    o->signaled = signaled;
    return o;
}

static void ObjRelease(PlatObj *o)
{
    if (Plat_AtomicDec(&o->cRef) == 0) {
        /* The atomic decrement already orders this after the other holders' last use; the
         * lock/unlock pair makes that visible to race detectors (helgrind, TSan) too. */
        pthread_mutex_lock(&o->mu);
        pthread_mutex_unlock(&o->mu);
        pthread_cond_destroy(&o->cv);
        pthread_mutex_destroy(&o->mu);
        free(o);
    }
}

/* Wraps an object reference (which the handle takes over) in a registered handle. */
static void *HandleNew(PlatObj *o)
{
    PlatHandleRec *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->magic = PLAT_HANDLE_MAGIC;
    h->obj = o;
    Plat_Lock(&g_handleLock);
    h->next = g_handles;
    if (g_handles)
        g_handles->prev = h;
    g_handles = h;
    g_cHandles++;
    Plat_Unlock(&g_handleLock);
    return h;
}

/* Looks a handle up in the registry and returns a new reference to its object, or NULL. */
static PlatObj *HandleAcquire(void *handle)
{
    PlatObj *o = NULL;
    if (!handle)
        return NULL;
    Plat_Lock(&g_handleLock);
    for (PlatHandleRec *h = g_handles; h; h = h->next) {
        if (h == handle) {
            o = h->obj;
            Plat_AtomicInc(&o->cRef);
            break;
        }
    }
    Plat_Unlock(&g_handleLock);
    return o;
}

uint32_t Plat_LiveHandles(void)
{
    Plat_Lock(&g_handleLock);
    uint32_t n = g_cHandles;
    Plat_Unlock(&g_handleLock);
    return n;
}

void *Plat_CreateEvent(int manualReset, int initialState)
{
    PlatObj *o = ObjCreate(PLAT_EVENT, manualReset, initialState);
    if (!o)
        return NULL;
    void *h = HandleNew(o);
    if (!h)
        ObjRelease(o);
    return h;
}

static int EventSet(void *h, int signaled)
{
    PlatObj *o = HandleAcquire(h);
    if (!o)
        return 0;
    int ok = o->kind == PLAT_EVENT;
    if (ok) {
        pthread_mutex_lock(&o->mu);
        o->signaled = signaled;
        if (signaled)
            pthread_cond_broadcast(&o->cv);
        pthread_mutex_unlock(&o->mu);
    }
    ObjRelease(o);
    return ok;
}
int Plat_SetEvent(void *h) { return EventSet(h, 1); }
int Plat_ResetEvent(void *h) { return EventSet(h, 0); }

static uint32_t CurrentTid(void) { return (uint32_t)syscall(SYS_gettid); }
uint32_t Plat_GetCurrentThreadId(void) { return CurrentTid(); }

static void *ThreadMain(void *p)
{
    PlatObj *o = p;
    pthread_mutex_lock(&o->mu);
    o->tid = CurrentTid();
    o->started = 1;
    pthread_cond_broadcast(&o->cv);
    pthread_mutex_unlock(&o->mu);

    o->fn(o->arg);

    /* Leave the running-thread count first, then signal the handle: a caller that waited on the
     * thread handle sees cThreads already decremented. */
    Plat_AtomicDec(&g_cThreads);
    pthread_mutex_lock(&o->mu);
    o->signaled = 1;
    pthread_cond_broadcast(&o->cv);
    pthread_mutex_unlock(&o->mu);
    ObjRelease(o); /* the thread's own reference */
    return NULL;
}

void *Plat_CreateThread(PlatThreadProc *fn, void *arg)
{
    PlatObj *o = ObjCreate(PLAT_THREAD, 1, 0);
    if (!o)
        return NULL;
    o->fn = fn;
    o->arg = arg;
    o->cRef = 2; /* the handle's reference and the running thread's reference */
    void *h = HandleNew(o);
    if (!h) {
        o->cRef = 1;
        ObjRelease(o);
        return NULL;
    }
    Plat_AtomicInc(&g_cThreads);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    int rc = pthread_create(&t, &attr, ThreadMain, o);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        Plat_AtomicDec(&g_cThreads);
        ObjRelease(o); /* the thread's reference, never taken */
        Plat_CloseHandle(h);
        return NULL;
    }
    /* Wait until the thread has published its id, so Plat_GetThreadId works immediately. */
    pthread_mutex_lock(&o->mu);
    while (!o->started)
        pthread_cond_wait(&o->cv, &o->mu);
    pthread_mutex_unlock(&o->mu);
    return h;
}

void *Plat_DuplicateHandle(void *h)
{
    PlatObj *o = HandleAcquire(h);
    if (!o)
        return NULL;
    void *dup = HandleNew(o); /* takes over the reference */
    if (!dup)
        ObjRelease(o);
    return dup;
}

uint32_t Plat_WaitForSingleObject(void *h, uint32_t ms)
{
    PlatObj *o = HandleAcquire(h);
    if (!o)
        return PLAT_WAIT_FAILED;

    struct timespec deadline;
    if (ms != PLAT_INFINITE) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += ms / 1000;
        deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    uint32_t result = PLAT_WAIT_OBJECT_0;
    pthread_mutex_lock(&o->mu);
    while (!o->signaled) {
        if (ms == 0) {
            result = PLAT_WAIT_TIMEOUT;
            break;
        }
        int rc = ms == PLAT_INFINITE ? pthread_cond_wait(&o->cv, &o->mu)
                                     : pthread_cond_timedwait(&o->cv, &o->mu, &deadline);
        if (rc == ETIMEDOUT && !o->signaled) {
            result = PLAT_WAIT_TIMEOUT;
            break;
        }
    }
    if (result == PLAT_WAIT_OBJECT_0 && o->kind == PLAT_EVENT && !o->manualReset)
        o->signaled = 0; /* auto-reset event: releasing one waiter resets it */
    pthread_mutex_unlock(&o->mu);
    ObjRelease(o);
    return result;
}

int Plat_CloseHandle(void *handle)
{
    PlatHandleRec *found = NULL;
    if (!handle)
        return 0;
    Plat_Lock(&g_handleLock);
    for (PlatHandleRec *h = g_handles; h; h = h->next) {
        if (h == handle) {
            found = h;
            if (h->prev)
                h->prev->next = h->next;
            else
                g_handles = h->next;
            if (h->next)
                h->next->prev = h->prev;
            g_cHandles--;
            break;
        }
    }
    Plat_Unlock(&g_handleLock);
    if (!found)
        return 0;
    found->magic = 0;
    ObjRelease(found->obj);
    free(found);
    return 1;
}

uint32_t Plat_GetThreadId(void *h)
{
    PlatObj *o = HandleAcquire(h);
    if (!o)
        return 0;
    uint32_t tid = o->kind == PLAT_THREAD ? o->tid : 0;
    ObjRelease(o);
    return tid;
}

void Plat_Sleep(uint32_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

void Plat_PinModule(void)
{
    /* Another reference on this shared object that dlclose can never drop (glibc 2.34+ has dladdr
     * and dlopen in libc itself). */
    Dl_info info;
    if (dladdr((void *)Plat_PinModule, &info) && info.dli_fname)
        dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
}

void Plat_Lock(PlatLock *l) { pthread_mutex_lock(&l->m); }
void Plat_Unlock(PlatLock *l) { pthread_mutex_unlock(&l->m); }

int Plat_RecMutexInit(PlatRecMutex *m)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    int rc = pthread_mutex_init(&m->m, &a);
    pthread_mutexattr_destroy(&a);
    return rc == 0;
}
void Plat_RecMutexDestroy(PlatRecMutex *m) { pthread_mutex_destroy(&m->m); }
void Plat_RecMutexLock(PlatRecMutex *m) { pthread_mutex_lock(&m->m); }
void Plat_RecMutexUnlock(PlatRecMutex *m) { pthread_mutex_unlock(&m->m); }

static _Thread_local uint32_t t_initCount;
uint32_t Plat_TlsGetInitCount(void) { return t_initCount; }
void Plat_TlsSetInitCount(uint32_t n) { t_initCount = n; }

uint64_t Plat_NowFileTime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((uint64_t)ts.tv_sec + 11644473600ull) * 10000000ull + (uint64_t)ts.tv_nsec / 100u;
}
#endif

/* ==============================================================================================
 * Files (platform.h "Files")
 * ============================================================================================ */
#include <stdio.h>
#include <string.h>

#if defined(_WIN32)
/* Latin-1 bytes -> malloc'ed UTF-16, with an optional suffix. */
static WCHAR *WidePath(const char *path, const char *suffix)
{
    size_t n = strlen(path), m = suffix ? strlen(suffix) : 0;
    WCHAR *w = malloc((n + m + 1) * sizeof *w);
    if (!w)
        return NULL;
    for (size_t i = 0; i < n; i++)
        w[i] = (WCHAR)(unsigned char)path[i];
    for (size_t i = 0; i < m; i++)
        w[n + i] = (WCHAR)(unsigned char)suffix[i];
    w[n + m] = 0;
    return w;
}

static int WinFail(const char *what, char *err, size_t cbErr)
{
    DWORD e = GetLastError();
    char text[200] = "";
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, e, 0, text,
                   sizeof text, NULL);
    size_t n = strlen(text);
    while (n && (text[n - 1] == '\r' || text[n - 1] == '\n' || text[n - 1] == '.'))
        text[--n] = 0;
    snprintf(err, cbErr, "%s: %s (Win32 error %lu)", what, n ? text : "error", (unsigned long)e);
    if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
        return PLAT_FILE_NOT_FOUND;
    return PLAT_FILE_ERROR;
}

int Plat_FileLockOpen(const char *path, void **out, char *err, size_t cbErr)
{
    *out = NULL;
    WCHAR *w = WidePath(path, NULL);
    if (!w) {
        snprintf(err, cbErr, "out of memory");
        return PLAT_FILE_ERROR;
    }
    HANDLE h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        int r = WinFail("cannot open the lock file", err, cbErr);
        return r == PLAT_FILE_NOT_FOUND ? PLAT_FILE_ERROR : r;
    }
    *out = h;
    return PLAT_FILE_OK;
}

int Plat_FileLockAcquire(void *lock, char *err, size_t cbErr)
{
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    /* A synchronous handle: LockFileEx waits until the lock is granted. */
    if (!LockFileEx((HANDLE)lock, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov)) {
        WinFail("cannot lock the lock file", err, cbErr);
        return PLAT_FILE_ERROR;
    }
    return PLAT_FILE_OK;
}

void Plat_FileLockRelease(void *lock)
{
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    UnlockFileEx((HANDLE)lock, 0, 1, 0, &ov);
}

void Plat_FileLockClose(void *lock)
{
    if (lock)
        CloseHandle((HANDLE)lock); /* drops a lock still held */
}

int Plat_ReadFile(const char *path, size_t maxBytes, unsigned char **data, size_t *cb,
                  uint64_t *fileSize, char *err, size_t cbErr)
{
    *data = NULL, *cb = 0, *fileSize = 0;
    WCHAR *w = WidePath(path, NULL);
    if (!w) {
        snprintf(err, cbErr, "out of memory");
        return PLAT_FILE_ERROR;
    }
    HANDLE h = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    free(w);
    if (h == INVALID_HANDLE_VALUE)
        return WinFail("cannot open", err, cbErr);
    LARGE_INTEGER size;
    int r = PLAT_FILE_OK;
    if (!GetFileSizeEx(h, &size)) {
        r = WinFail("cannot get the size", err, cbErr);
    } else {
        *fileSize = (uint64_t)size.QuadPart;
        size_t want = (uint64_t)size.QuadPart < maxBytes ? (size_t)size.QuadPart : maxBytes;
        unsigned char *p = malloc(want ? want : 1);
        size_t got = 0;
        if (!p) {
            snprintf(err, cbErr, "out of memory for %lu bytes", (unsigned long)want);
            r = PLAT_FILE_ERROR;
        }
        while (p && got < want) {
            DWORD chunk = want - got > 0x10000000u ? 0x10000000u : (DWORD)(want - got), n = 0;
            if (!ReadFile(h, p + got, chunk, &n, NULL)) {
                r = WinFail("cannot read", err, cbErr);
                break;
            }
            if (n == 0)
                break;
            got += n;
        }
        if (r == PLAT_FILE_OK) {
            *data = p;
            *cb = got;
        } else {
            free(p);
        }
    }
    CloseHandle(h);
    return r;
}

int Plat_WriteFileAtomic(const char *path, const void *data, size_t cb, char *err, size_t cbErr)
{
    char suffix[32];
    snprintf(suffix, sizeof suffix, ".tmp-%lu", (unsigned long)GetCurrentProcessId());
    WCHAR *tmp = WidePath(path, suffix), *dst = WidePath(path, NULL);
    int r = PLAT_FILE_OK;
    if (!tmp || !dst) {
        snprintf(err, cbErr, "out of memory");
        r = PLAT_FILE_ERROR;
    }
    HANDLE h = INVALID_HANDLE_VALUE;
    if (r == PLAT_FILE_OK) {
        h = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
        if (h == INVALID_HANDLE_VALUE)
            r = WinFail("cannot create the temporary file", err, cbErr);
    }
    size_t done = 0;
    while (r == PLAT_FILE_OK && done < cb) {
        DWORD chunk = cb - done > 0x10000000u ? 0x10000000u : (DWORD)(cb - done), n = 0;
        if (!WriteFile(h, (const unsigned char *)data + done, chunk, &n, NULL) || n == 0)
            r = WinFail("cannot write the temporary file", err, cbErr);
        done += n;
    }
    if (r == PLAT_FILE_OK && !FlushFileBuffers(h))
        r = WinFail("cannot flush the temporary file", err, cbErr);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    if (r == PLAT_FILE_OK &&
        !MoveFileExW(tmp, dst, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        r = WinFail("cannot rename the temporary file over the store file", err, cbErr);
    if (r != PLAT_FILE_OK && tmp && h != INVALID_HANDLE_VALUE)
        DeleteFileW(tmp);
    if (r == PLAT_FILE_NOT_FOUND)
        r = PLAT_FILE_ERROR; /* a missing directory is a write failure like any other */
    free(tmp);
    free(dst);
    return r;
}

uint32_t Plat_GetProcessId(void) { return (uint32_t)GetCurrentProcessId(); }

#else
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

static int PosixFail(const char *what, char *err, size_t cbErr)
{
    int e = errno;
    snprintf(err, cbErr, "%s: %s", what, strerror(e));
    return e == ENOENT ? PLAT_FILE_NOT_FOUND : PLAT_FILE_ERROR;
}

int Plat_FileLockOpen(const char *path, void **out, char *err, size_t cbErr)
{
    *out = NULL;
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        int r = PosixFail("cannot open the lock file", err, cbErr);
        return r == PLAT_FILE_NOT_FOUND ? PLAT_FILE_ERROR : r;
    }
    *out = (void *)(intptr_t)(fd + 1); /* never NULL */
    return PLAT_FILE_OK;
}

int Plat_FileLockAcquire(void *lock, char *err, size_t cbErr)
{
    int fd = (int)(intptr_t)lock - 1;
    while (flock(fd, LOCK_EX) != 0) { /* blocks until granted */
        if (errno != EINTR) {
            PosixFail("cannot lock the lock file", err, cbErr);
            return PLAT_FILE_ERROR;
        }
    }
    return PLAT_FILE_OK;
}

void Plat_FileLockRelease(void *lock) { flock((int)(intptr_t)lock - 1, LOCK_UN); }

void Plat_FileLockClose(void *lock)
{
    if (lock)
        close((int)(intptr_t)lock - 1); /* drops a lock still held */
}

int Plat_ReadFile(const char *path, size_t maxBytes, unsigned char **data, size_t *cb,
                  uint64_t *fileSize, char *err, size_t cbErr)
{
    *data = NULL, *cb = 0, *fileSize = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return PosixFail("cannot open", err, cbErr);
    struct stat st;
    int r = PLAT_FILE_OK;
    if (fstat(fd, &st) != 0) {
        r = PosixFail("cannot get the size", err, cbErr);
    } else if (!S_ISREG(st.st_mode)) {
        snprintf(err, cbErr, "not a regular file");
        r = PLAT_FILE_ERROR;
    } else {
        *fileSize = (uint64_t)st.st_size;
        size_t want = (uint64_t)st.st_size < maxBytes ? (size_t)st.st_size : maxBytes;
        unsigned char *p = malloc(want ? want : 1);
        size_t got = 0;
        if (!p) {
            snprintf(err, cbErr, "out of memory for %lu bytes", (unsigned long)want);
            r = PLAT_FILE_ERROR;
        }
        while (p && got < want) {
            ssize_t n = read(fd, p + got, want - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                r = PosixFail("cannot read", err, cbErr);
                break;
            }
            if (n == 0)
                break;
            got += (size_t)n;
        }
        if (r == PLAT_FILE_OK) {
            *data = p;
            *cb = got;
        } else {
            free(p);
        }
    }
    close(fd);
    return r;
}

int Plat_WriteFileAtomic(const char *path, const void *data, size_t cb, char *err, size_t cbErr)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 32);
    if (!tmp) {
        snprintf(err, cbErr, "out of memory");
        return PLAT_FILE_ERROR;
    }
    snprintf(tmp, n + 32, "%s.tmp-%lu", path, (unsigned long)getpid());
    int r = PLAT_FILE_OK;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        r = PosixFail("cannot create the temporary file", err, cbErr);
    size_t done = 0;
    while (r == PLAT_FILE_OK && done < cb) {
        ssize_t w = write(fd, (const unsigned char *)data + done, cb - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            r = PosixFail("cannot write the temporary file", err, cbErr);
        else
            done += (size_t)w;
    }
    if (r == PLAT_FILE_OK && fsync(fd) != 0)
        r = PosixFail("cannot flush the temporary file", err, cbErr);
    if (fd >= 0 && close(fd) != 0 && r == PLAT_FILE_OK)
        r = PosixFail("cannot close the temporary file", err, cbErr);
    if (r == PLAT_FILE_OK && rename(tmp, path) != 0)
        r = PosixFail("cannot rename the temporary file over the store file", err, cbErr);
    if (r != PLAT_FILE_OK && fd >= 0)
        unlink(tmp);
    free(tmp);
    return r == PLAT_FILE_NOT_FOUND ? PLAT_FILE_ERROR : r;
}

uint32_t Plat_GetProcessId(void) { return (uint32_t)getpid(); }
#endif

/* ==============================================================================================
 * Exports: the portable HANDLE API for the bridge (same names on every platform)
 * ============================================================================================ */

/* WaitForSingleObject: 0 (WAIT_OBJECT_0), 0x102 (WAIT_TIMEOUT) or 0xFFFFFFFF (WAIT_FAILED). */
SAMPLE_API(uint32_t) SampleWaitForSingleObject(void *h, uint32_t ms)
{
    return Plat_WaitForSingleObject(h, ms);
}

/* CloseHandle: nonzero on success, 0 for an unknown or already closed handle. */
SAMPLE_API(int32_t) SampleCloseHandle(void *h) { return Plat_CloseHandle(h); }

/* GetThreadId: the OS thread id (gettid() on Linux) for a thread handle, else 0. */
SAMPLE_API(uint32_t) SampleGetThreadId(void *h) { return Plat_GetThreadId(h); }
