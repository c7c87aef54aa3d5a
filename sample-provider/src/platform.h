/*
 * platform.h - the small portable layer under the sample provider.
 *
 * MAPI is a Windows API: the provider needs Win32 events, threads, HANDLEs, thread-local storage
 * and locks. On Windows those are the real kernel32 objects. On Linux (where the bridge's test
 * tier runs) this file provides equivalents built on pthreads:
 *
 *   HANDLE  Plat_CreateEvent(manualReset, initialState)   ~ CreateEventW(NULL, ...)
 *   BOOL    Plat_SetEvent / Plat_ResetEvent(h)              ~ SetEvent / ResetEvent
 *   HANDLE  Plat_CreateThread(fn, arg)                      ~ CreateThread (+ thread accounting)
 *   HANDLE  Plat_DuplicateHandle(h)                         ~ DuplicateHandle (same process)
 *   ULONG   Plat_WaitForSingleObject(h, ms)                 ~ WaitForSingleObject
 *   BOOL    Plat_CloseHandle(h)                             ~ CloseHandle
 *   ULONG   Plat_GetThreadId(h)                             ~ GetThreadId (gettid() on Linux)
 *
 * Linux HANDLE semantics follow Win32's: a handle refers to a kernel-like object (event or thread)
 * with its own reference count; the object lives until every handle to it is closed and (for a
 * thread) the thread has finished. A thread handle becomes signalled when the thread function
 * returns. Waiting on or closing an unknown/closed handle fails (WAIT_FAILED / FALSE) instead of
 * crashing, because every live handle is registered. Live handles are counted for the stats.
 *
 * The bridge uses three of these through exports (SampleWaitForSingleObject, SampleCloseHandle,
 * SampleGetThreadId) on Linux, where it would call kernel32 on Windows. The Windows build exports
 * the same three names, forwarding to kernel32, so a caller may use one code path everywhere.
 *
 * This header deliberately uses only <stdint.h> types (no MAPI typedefs, no <windows.h>), so that
 * platform.c can include <windows.h> without clashing with mapi.h.
 */
#ifndef KMAPI_SAMPLE_PLATFORM_H
#define KMAPI_SAMPLE_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && !defined(_WIN64)
#define PLAT_STDCALL __stdcall
#else
#define PLAT_STDCALL
#endif

/* Exported symbols. On Windows the exports are listed in the generated .def file (plain names and
 * Name@N aliases), so no __declspec is needed; on ELF everything else is hidden
 * (-fvisibility=hidden) and exports are marked here. */
#if defined(_WIN32)
#define SAMPLE_EXPORT
#else
#define SAMPLE_EXPORT __attribute__((visibility("default")))
#endif
/* Calling convention + visibility for every exported function. */
#define SAMPLE_API(ret) SAMPLE_EXPORT ret PLAT_STDCALL

#define PLAT_INFINITE 0xFFFFFFFFu
#define PLAT_WAIT_OBJECT_0 0x00000000u
#define PLAT_WAIT_TIMEOUT 0x00000102u
#define PLAT_WAIT_FAILED 0xFFFFFFFFu

/* ---- Handles (events and threads) ------------------------------------------------------------ */
typedef uint32_t(PlatThreadProc)(void *arg);

void *Plat_CreateEvent(int manualReset, int initialState);
int Plat_SetEvent(void *h);
int Plat_ResetEvent(void *h);
/* Creates a running thread. The thread counts in SampleStats.cThreads from this call until its
 * function has returned. Returns the thread handle (close it with Plat_CloseHandle), or NULL. */
void *Plat_CreateThread(PlatThreadProc *fn, void *arg);
void *Plat_DuplicateHandle(void *h);
uint32_t Plat_WaitForSingleObject(void *h, uint32_t ms);
int Plat_CloseHandle(void *h);
uint32_t Plat_GetThreadId(void *h);
uint32_t Plat_GetCurrentThreadId(void);
void Plat_Sleep(uint32_t ms);
/* Keeps the module this code is in loaded until the process ends (a thread that never returns
 * runs in it: leak.thread). Windows: GetModuleHandleEx(..._PIN); Linux: dlopen(RTLD_NODELETE). */
void Plat_PinModule(void);

/* Number of live handles created by this layer (0 on Windows: kernel handles may be closed with
 * kernel32's CloseHandle, which the provider cannot observe). */
uint32_t Plat_LiveHandles(void);
/* Number of threads created by Plat_CreateThread whose function has not returned yet. */
uint32_t Plat_RunningThreads(void);

/* ---- Atomics (sequentially consistent) ------------------------------------------------------- */
int32_t Plat_AtomicInc(volatile int32_t *p);            /* returns the new value */
int32_t Plat_AtomicDec(volatile int32_t *p);            /* returns the new value */
int32_t Plat_AtomicAdd(volatile int32_t *p, int32_t v); /* returns the new value */
int32_t Plat_AtomicLoad(volatile int32_t *p);

/* ---- Locks ----------------------------------------------------------------------------------- */
/* PlatLock: non-recursive, statically initialisable with PLAT_LOCK_INIT. */
#if defined(_WIN32)
typedef struct PlatLock {
    void *srw; /* SRWLOCK storage (pointer-sized) */
} PlatLock;
#define PLAT_LOCK_INIT {0}
typedef struct PlatRecMutex {
    void *cs; /* heap-allocated CRITICAL_SECTION */
} PlatRecMutex;
#else
#include <pthread.h>
typedef struct PlatLock {
    pthread_mutex_t m;
} PlatLock;
#define PLAT_LOCK_INIT {PTHREAD_MUTEX_INITIALIZER}
typedef struct PlatRecMutex {
    pthread_mutex_t m;
} PlatRecMutex;
#endif

void Plat_Lock(PlatLock *l);
void Plat_Unlock(PlatLock *l);
/* Recursive mutex: may be re-entered by the owning thread. */
int Plat_RecMutexInit(PlatRecMutex *m);
void Plat_RecMutexDestroy(PlatRecMutex *m);
void Plat_RecMutexLock(PlatRecMutex *m);
void Plat_RecMutexUnlock(PlatRecMutex *m);

/* ---- Thread-local MAPIInitialize counter ----------------------------------------------------- */
uint32_t Plat_TlsGetInitCount(void);
void Plat_TlsSetInitCount(uint32_t n);

/* ---- Time ------------------------------------------------------------------------------------ */
/* Current time as a Windows FILETIME value (100 ns intervals since 1601-01-01 UTC). */
uint64_t Plat_NowFileTime(void);

/* ---- Files (persist.c: the store=PATH knob) -------------------------------------------------
 * Paths are 8-bit strings, as the profile string delivers them; on Windows each byte is taken as
 * a Latin-1 code point and the wide-character APIs are used. Failures return a PLAT_FILE_* code
 * and put the OS's reason (strerror / FormatMessage text) into err. */
#define PLAT_FILE_OK 0
#define PLAT_FILE_NOT_FOUND 1 /* the file (or a directory on its path) does not exist */
#define PLAT_FILE_ERROR 3     /* any other failure */

/* An exclusive lock on a lock file, taken and let go many times (persist.c takes it for each
 * transaction). Plat_FileLockOpen opens (creating it if needed) the file `path`: one open per
 * holder, because flock / LockFileEx locks belong to an open file (description / handle), not to
 * the process, so two holders in one process exclude each other as two processes do. Acquire
 * blocks until the lock is granted (flock(LOCK_EX), retried on EINTR; LockFileEx without
 * LOCKFILE_FAIL_IMMEDIATELY on a synchronous handle) and fails only when the OS refuses the lock
 * (PLAT_FILE_ERROR, err set: ENOLCK, a file system without locks...). The lock is not recursive:
 * only one thread may use a holder at a time (persist.c: under the data-set lock). A process that
 * dies, however it dies, drops its locks (the OS closes its files). */
int Plat_FileLockOpen(const char *path, void **out, char *err, size_t cbErr);
int Plat_FileLockAcquire(void *lock, char *err, size_t cbErr);
void Plat_FileLockRelease(void *lock);
void Plat_FileLockClose(void *lock); /* releases it if held */
/* Reads up to maxBytes from the start of the file into a malloc'ed buffer (*data, *cb: what was
 * read); *fileSize is the whole file's size. */
int Plat_ReadFile(const char *path, size_t maxBytes, unsigned char **data, size_t *cb,
                  uint64_t *fileSize, char *err, size_t cbErr);
/* Writes the file atomically: into "<path>.tmp-<pid>", flushed to disk, then renamed over path
 * (rename(); MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)). On failure the
 * temporary file is removed and path is untouched. */
int Plat_WriteFileAtomic(const char *path, const void *data, size_t cb, char *err, size_t cbErr);
uint32_t Plat_GetProcessId(void);

#endif /* KMAPI_SAMPLE_PLATFORM_H */
