/*
 * check.h - the tiny assertion harness shared by the provider's C tests: CHECK counts every check and
 * prints each failure with its file and line; CHECK_HR compares HRESULTs; TAGS declares an
 * SPropTagArray of the listed tags; Now() is the seconds the timings are taken in. Each test's main()
 * reports g_checks / g_failures.
 */
#ifndef KMAPI_SAMPLE_TEST_CHECK_H
#define KMAPI_SAMPLE_TEST_CHECK_H

#include <stdio.h>
#include <time.h>

static int g_failures, g_checks;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        g_checks++;                                                                                \
        if (!(cond)) {                                                                             \
            g_failures++;                                                                          \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                        \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_HR(expr, expected)                                                                   \
    do {                                                                                           \
        HRESULT hr_ = (expr);                                                                      \
        CHECK(hr_ == (HRESULT)(expected), "got 0x%08X, expected 0x%08X", (unsigned)hr_,            \
              (unsigned)(expected));                                                               \
    } while (0)

#define TAGS(name, ...)                                                                            \
    struct {                                                                                       \
        ULONG cValues;                                                                             \
        ULONG aulPropTag[sizeof((ULONG[]){__VA_ARGS__}) / sizeof(ULONG)];                          \
    } name = {sizeof((ULONG[]){__VA_ARGS__}) / sizeof(ULONG), {__VA_ARGS__}}

/* Wall-clock seconds (clock() is wall-clock time on Windows' C runtime). */
static inline double Now(void)
{
#if defined(_WIN32)
    return (double)clock() / CLOCKS_PER_SEC;
#else
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return ts.tv_sec + ts.tv_nsec / 1e9;
#endif
}

#endif /* KMAPI_SAMPLE_TEST_CHECK_H */
