/*
 * platform_test.c - checks the portable HANDLE / thread / TLS layer (src/platform.c) directly,
 * compiled together with it (its functions are internal to the provider library).
 *
 * Built and run by `node scripts/build-provider.js --smoke`, next to smoke.c.
 */
#include <stdio.h>
#include <time.h>

#include "../src/platform.h"

#include "check.h"


typedef struct Work {
    void *startEvent; /* waited on by the thread */
    void *doneEvent;  /* set by the thread */
    uint32_t tid;     /* the thread's own id */
    uint32_t initCountSeen;
    uint32_t sleepMs;
} Work;

static uint32_t Worker(void *p)
{
    Work *w = p;
    w->tid = Plat_GetCurrentThreadId();
    w->initCountSeen = Plat_TlsGetInitCount(); /* a new thread starts at 0 */
    if (w->startEvent)
        Plat_WaitForSingleObject(w->startEvent, PLAT_INFINITE);
    if (w->sleepMs)
        Plat_Sleep(w->sleepMs);
    if (w->doneEvent)
        Plat_SetEvent(w->doneEvent);
    return 7;
}

int main(void)
{
#if !defined(_WIN32) /* only the Linux layer counts handles (kernel32 does not tell) */
    uint32_t baseHandles = Plat_LiveHandles();
#endif

    /* Manual-reset event. */
    void *ev = Plat_CreateEvent(1, 0);
    CHECK(ev != NULL, "CreateEvent");
    CHECK(Plat_WaitForSingleObject(ev, 0) == PLAT_WAIT_TIMEOUT, "not signalled");
    double t0 = Now();
    CHECK(Plat_WaitForSingleObject(ev, 60) == PLAT_WAIT_TIMEOUT, "timed wait");
    CHECK(Now() - t0 >= 0.05, "waited ~60 ms (%.3f s)", Now() - t0);
    CHECK(Plat_SetEvent(ev), "SetEvent");
    CHECK(Plat_WaitForSingleObject(ev, 0) == PLAT_WAIT_OBJECT_0, "signalled");
    CHECK(Plat_WaitForSingleObject(ev, 0) == PLAT_WAIT_OBJECT_0, "manual reset stays signalled");
    CHECK(Plat_ResetEvent(ev), "ResetEvent");
    CHECK(Plat_WaitForSingleObject(ev, 0) == PLAT_WAIT_TIMEOUT, "reset");

    /* Auto-reset event. */
    void *ae = Plat_CreateEvent(0, 1);
    CHECK(Plat_WaitForSingleObject(ae, 0) == PLAT_WAIT_OBJECT_0, "initially signalled");
    CHECK(Plat_WaitForSingleObject(ae, 0) == PLAT_WAIT_TIMEOUT, "auto reset after one wait");
    CHECK(Plat_CloseHandle(ae), "close");

    /* Duplicated handles refer to the same object and are closed independently. */
    void *dup = Plat_DuplicateHandle(ev);
    CHECK(dup != NULL && dup != ev, "DuplicateHandle");
    CHECK(Plat_CloseHandle(ev), "close original");
    CHECK(Plat_SetEvent(dup), "set through the duplicate");
    CHECK(Plat_WaitForSingleObject(dup, 0) == PLAT_WAIT_OBJECT_0, "wait through the duplicate");
#if !defined(_WIN32)
    /* The Linux layer validates handles; on Windows a closed handle value may be reused. */
    CHECK(Plat_WaitForSingleObject(ev, 0) == PLAT_WAIT_FAILED, "closed handle: WAIT_FAILED");
    CHECK(!Plat_CloseHandle(ev), "double close fails");
    CHECK(Plat_LiveHandles() == baseHandles + 1, "one live handle");
#endif
    CHECK(Plat_CloseHandle(dup), "close duplicate");

    /* A thread: id, running count, handle signalled when it ends, cross-thread event. */
    Plat_TlsSetInitCount(5);
    Work w = {Plat_CreateEvent(1, 0), Plat_CreateEvent(1, 0), 0, 99, 20};
    void *th = Plat_CreateThread(Worker, &w);
    CHECK(th != NULL, "CreateThread");
    CHECK(Plat_GetThreadId(th) != 0 && Plat_GetThreadId(th) != Plat_GetCurrentThreadId(),
          "thread id available at once");
    CHECK(Plat_RunningThreads() == 1, "one running thread");
    CHECK(Plat_WaitForSingleObject(th, 0) == PLAT_WAIT_TIMEOUT, "thread still running");
    Plat_SetEvent(w.startEvent);
    CHECK(Plat_WaitForSingleObject(w.doneEvent, 5000) == PLAT_WAIT_OBJECT_0, "worker signalled");
    CHECK(Plat_WaitForSingleObject(th, 5000) == PLAT_WAIT_OBJECT_0, "thread handle signalled");
    CHECK(Plat_RunningThreads() == 0, "no running thread after the handle is signalled");
    CHECK(w.tid == Plat_GetThreadId(th), "GetThreadId matches the thread's own id");
    CHECK(w.initCountSeen == 0, "TLS init count is per thread");
    CHECK(Plat_TlsGetInitCount() == 5, "this thread's count unchanged");
    Plat_TlsSetInitCount(0);
    CHECK(Plat_GetThreadId(w.startEvent) == 0, "GetThreadId of an event is 0");
    CHECK(Plat_CloseHandle(th) && Plat_CloseHandle(w.startEvent) && Plat_CloseHandle(w.doneEvent),
          "close all");

    /* Closing a thread handle while the thread runs is fine; the thread finishes on its own. */
    Work w2 = {NULL, NULL, 0, 0, 50};
    void *th2 = Plat_CreateThread(Worker, &w2);
    CHECK(Plat_CloseHandle(th2), "close a running thread's handle");
    for (int i = 0; i < 200 && Plat_RunningThreads(); i++)
        Plat_Sleep(10);
    CHECK(Plat_RunningThreads() == 0, "detached thread finished");
#if !defined(_WIN32)
    CHECK(Plat_LiveHandles() == baseHandles, "no live handle left (%u)",
          (unsigned)Plat_LiveHandles());
#endif

    /* Atomics. */
    volatile int32_t n = 0;
    CHECK(Plat_AtomicInc(&n) == 1 && Plat_AtomicAdd(&n, 5) == 6 && Plat_AtomicDec(&n) == 5,
          "atomics return the new value");

    printf("platform: %d checks, %d failures\n", g_checks, g_failures);
    return g_failures ? 1 : 0;
}
