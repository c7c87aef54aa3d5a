/*
 * Native side of the koffi-mapi benchmarks (built by bench/run.js with `cc`).
 *
 *  - Calc: a COM-shaped object whose slot 3 (Add) does almost nothing, for the vtable-call figure
 *    (slot 4, Touch, is the same without the out parameter),
 *    and CalcLoop, the C baseline: n calls through the object's vtable, read the way a COM client
 *    reads it (obj->lpVtbl->Add), so the compiler cannot inline the call.
 *  - DriveProgress: one native thread (created here, like a store provider's sync thread) that calls
 *    a progress callback n times and records, per call, the round trip measured on CLOCK_MONOTONIC:
 *    the time the provider thread is blocked while the call is relayed to the JS main thread and back.
 *    The callback is either slot 3 of a COM object (an IMAPISyncProgressCallback implemented in JS
 *    with the bridge) or a plain function pointer with the same signature (a raw koffi.register'ed
 *    callback). Call it with Koffi's .async: the thread blocks until the main thread runs each call.
 */
#define _GNU_SOURCE /* pthread_attr_setaffinity_np, sched_setaffinity */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))

typedef int32_t HRESULT;
typedef uint32_t ULONG;
typedef uint16_t WCHAR;

/* ---- Calc ------------------------------------------------------------------------------------- */

typedef struct Calc Calc;
typedef struct {
    HRESULT (*QueryInterface)(Calc *, const void *, void **);
    ULONG (*AddRef)(Calc *);
    ULONG (*Release)(Calc *);
    HRESULT (*Add)(Calc *, ULONG, ULONG, ULONG *);
    HRESULT (*Touch)(Calc *, ULONG, ULONG);
} CalcVtbl;
struct Calc {
    const CalcVtbl *lpVtbl;
    ULONG refs;
};

static HRESULT Calc_QI(Calc *c, const void *iid, void **ppv)
{
    (void)iid;
    *ppv = c;
    c->refs++;
    return 0;
}
static ULONG Calc_AddRef(Calc *c) { return ++c->refs; }
static ULONG Calc_Release(Calc *c) { return c->refs > 1 ? --c->refs : 1; } /* static object: never freed */
static HRESULT Calc_Add(Calc *c, ULONG a, ULONG b, ULONG *out)
{
    (void)c;
    if (!out) return (HRESULT)0x80070057; /* E_INVALIDARG */
    *out = a + b;
    return 0;
}
/* Slot 4: the same work without an out parameter (no output marshalling on either JS path). */
static HRESULT Calc_Touch(Calc *c, ULONG a, ULONG b)
{
    (void)c;
    return a + b == 0 ? 1 /* S_FALSE */ : 0;
}
static const CalcVtbl calc_vtbl = {Calc_QI, Calc_AddRef, Calc_Release, Calc_Add, Calc_Touch};
static Calc calc = {&calc_vtbl, 1};

EXPORT void *BenchGetCalc(void) { return &calc; }

/* n calls of obj->lpVtbl->Add through the vtable; returns a checksum so nothing is optimised away. */
EXPORT ULONG BenchCalcLoop(void *obj, ULONG n)
{
    Calc *c = (Calc *)obj;
    ULONG out = 0, acc = 0;
    for (ULONG i = 0; i < n; i++) {
        c->lpVtbl->Add(c, i, 1, &out);
        acc += out;
    }
    return acc;
}

/* ---- Progress driver ---------------------------------------------------------------------------- */

typedef HRESULT (*ProgressFn)(void *self, const WCHAR *text, ULONG index, ULONG max);
typedef struct {
    const void *vtbl[6]; /* QueryInterface, AddRef, Release, Progress, Error, Done */
} CbVtbl;
typedef struct {
    const CbVtbl *lpVtbl;
} Cb;

typedef struct {
    void *self;
    ProgressFn fn; /* NULL: call self->lpVtbl->Progress */
    ULONG n;
    uint64_t *lat; /* n round trips, ns (may be NULL) */
    uint64_t elapsed;
    HRESULT hr;
    ULONG failures;
} Job;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void *progress_thread(void *arg)
{
    Job *job = (Job *)arg;
    static const WCHAR step[] = {'S', 'y', 'n', 'c', 'i', 'n', 'g', ' ', 'I', 'n', 'b', 'o', 'x', 0};
    ProgressFn fn = job->fn ? job->fn : (ProgressFn)((Cb *)job->self)->lpVtbl->vtbl[3];
    uint64_t start = now_ns();
    for (ULONG i = 0; i < job->n; i++) {
        uint64_t t0 = now_ns();
        HRESULT hr = fn(job->self, step, i + 1, job->n);
        uint64_t t1 = now_ns();
        if (job->lat) job->lat[i] = t1 - t0;
        if (hr != 0) {
            job->failures++;
            if (job->hr == 0) job->hr = hr;
        }
    }
    job->elapsed = now_ns() - start;
    return NULL;
}

/*
 * Creates one thread that calls the callback n times, waits for it, and returns the thread's elapsed
 * time in ns (first to last call returned). cpu >= 0 pins that thread to that CPU. lat receives n round trips (ns); failures counts non-S_OK
 * results. Must be called with .async (the thread's calls wait for the JS main thread).
 */
EXPORT uint64_t BenchDriveProgress(void *self, void *fn, ULONG n, uint64_t *lat, ULONG *failures, int cpu)
{
    Job job;
    memset(&job, 0, sizeof job);
    job.self = self;
    job.fn = (ProgressFn)fn;
    job.n = n;
    job.lat = lat;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        pthread_attr_setaffinity_np(&attr, sizeof set, &set);
    }
    pthread_t th;
    int rc = pthread_create(&th, &attr, progress_thread, &job);
    pthread_attr_destroy(&attr);
    if (rc != 0) return 0;
    pthread_join(th, NULL);
    if (failures) *failures = job.failures;
    return job.elapsed;
}

/* Pins the calling thread to one CPU (the JS main thread, for the progress figure). 0 on success. */
EXPORT int BenchPinThisThread(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}

/*
 * The same n calls on the calling thread (no relay: Koffi runs the JS directly inside this call).
 * Isolates what the JS side of one event costs; returns elapsed ns.
 */
EXPORT uint64_t BenchCallProgressHere(void *self, void *fn, ULONG n)
{
    Job job;
    memset(&job, 0, sizeof job);
    job.self = self;
    job.fn = (ProgressFn)fn;
    job.n = n;
    progress_thread(&job);
    return job.failures ? 0 : job.elapsed;
}
