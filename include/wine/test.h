/*
 * The Wine conformance test API, reimplemented for imapi2 for Wine
 *
 * Copyright 2026 The imapi2-for-Wine authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, write to the Free Software
 * Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
 */

/*
 * Test files use the same macros and print the same lines as under Wine's own
 * include/wine/test.h, so that dlls/imapi2/tests can move into Wine's tree
 * unchanged.  The harness itself (counters, output, main()) is compiled once
 * per program, in the translation unit that defines STANDALONE before
 * including this header: normally the generated testlist.c, which also
 * defines winetest_testlist[].  A single-file program may instead define
 * STANDALONE in the test file itself; START_TEST then creates a one-entry
 * list.
 *
 * Windows targets (mingw, winegcc -mno-cygwin) use the Win32 API.  Native
 * Linux builds (the unit tests of the MMC layer and of the emulator) use only
 * standard C and POSIX; there the platform counts as Wine: broken() is false,
 * todo_wine is active and win_skip() is a failure.  GUID and WCHAR helpers
 * exist only on Windows targets, the other wine_dbgstr_* everywhere.
 */

#ifndef __WINE_WINE_TEST_H
#define __WINE_WINE_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
# include <windef.h>
# include <winbase.h>
#endif

#ifdef __WINE_WINE_DEBUG_H
#error wine/debug.h must not be used in conformance tests
#endif

#ifndef INVALID_FILE_ATTRIBUTES
# define INVALID_FILE_ATTRIBUTES  (~0u)
#endif
#ifndef INVALID_SET_FILE_POINTER
# define INVALID_SET_FILE_POINTER (~0u)
#endif

#ifndef ARRAY_SIZE
# define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

#if defined(__GNUC__) || defined(__clang__)
# define WINETEST_PRINTF_ATTR(fmt, args) __attribute__((format(printf, fmt, args)))
#else
# define WINETEST_PRINTF_ATTR(fmt, args)
#endif

/* WINETEST_DEBUG: 0 hides traces, todo notes and the summary; default 1. */
extern int winetest_debug;
/* WINETEST_INTERACTIVE: tests that need a user may run when non-zero. */
extern int winetest_interactive;
/* WINETEST_REPORT_SUCCESS: print a line for every passing check. */
extern int winetest_report_success;
/* "wine" or "windows"; WINETEST_PLATFORM overrides the detection. */
extern const char *winetest_platform;
/* 1 under Wine (and in native builds), 0 on Windows. */
extern int winetest_platform_is_wine;

extern void winetest_set_location(const char *file, int line);
extern int broken(int condition);
extern int winetest_vok(int condition, const char *msg, va_list args);
extern void winetest_vskip(const char *msg, va_list args);
extern void winetest_ok(int condition, const char *msg, ...) WINETEST_PRINTF_ATTR(2, 3);
extern void winetest_skip(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_win_skip(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_trace(const char *msg, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_subtest(const char *name);
extern void winetest_push_context(const char *fmt, ...) WINETEST_PRINTF_ATTR(1, 2);
extern void winetest_pop_context(void);
extern void winetest_start_todo(int is_todo);
extern int winetest_loop_todo(void);
extern void winetest_end_todo(void);
extern void winetest_start_flaky(int is_flaky);
extern int winetest_loop_flaky(void);
extern void winetest_end_flaky(void);
extern int winetest_get_mainargs(char ***argv);
extern long winetest_get_failures(void);
extern void winetest_add_failures(long count);

extern const char *wine_dbgstr_an(const char *str, int n);
extern const char *wine_dbgstr_longlong(unsigned long long value);
static inline const char *wine_dbgstr_a(const char *str)
{
    return wine_dbgstr_an(str, -1);
}

/* A piece of the calling thread's ring of string buffers. */
extern char *winetest_get_buffer(size_t size);

#ifdef _WIN32
extern const char *wine_dbgstr_wn(const WCHAR *str, int n);
extern const char *wine_dbgstr_guid(const GUID *guid);
extern const char *wine_dbgstr_rect(const RECT *rect);
extern void winetest_wait_child_process(HANDLE process);
static inline const char *wine_dbgstr_w(const WCHAR *str)
{
    return wine_dbgstr_wn(str, -1);
}
#define wait_child_process winetest_wait_child_process
#endif

/* VARIANT helpers, when the test included oleauto.h first. */
#if defined(_WIN32) && defined(__oaidl_h__) && defined(V_VT)
static inline const char *wine_dbgstr_vt(VARTYPE vt)
{
    static const char *const names[] =
    {
        "VT_EMPTY", "VT_NULL", "VT_I2", "VT_I4", "VT_R4", "VT_R8", "VT_CY", "VT_DATE",
        "VT_BSTR", "VT_DISPATCH", "VT_ERROR", "VT_BOOL", "VT_VARIANT", "VT_UNKNOWN",
        "VT_DECIMAL", "15", "VT_I1", "VT_UI1", "VT_UI2", "VT_UI4", "VT_I8", "VT_UI8",
        "VT_INT", "VT_UINT", "VT_VOID", "VT_HRESULT", "VT_PTR", "VT_SAFEARRAY",
        "VT_CARRAY", "VT_USERDEFINED", "VT_LPSTR", "VT_LPWSTR",
    };
    VARTYPE base = vt & VT_TYPEMASK;
    char *buffer = winetest_get_buffer(64);

    if (base < ARRAY_SIZE(names))
        sprintf(buffer, "%s", names[base]);
    else
        sprintf(buffer, "vt(%u)", base);
    if (vt & VT_ARRAY) strcat(buffer, "|VT_ARRAY");
    if (vt & VT_BYREF) strcat(buffer, "|VT_BYREF");
    if (vt & VT_VECTOR) strcat(buffer, "|VT_VECTOR");
    return buffer;
}

static inline const char *wine_dbgstr_variant(const VARIANT *v)
{
    char *buffer;

    if (!v) return "(null)";
    if (V_VT(v) & VT_BYREF)
    {
        buffer = winetest_get_buffer(96);
        sprintf(buffer, "{%s: %p}", wine_dbgstr_vt(V_VT(v)), V_BYREF(v));
        return buffer;
    }
    buffer = winetest_get_buffer(400);
    switch (V_VT(v))
    {
    case VT_EMPTY: return "{VT_EMPTY}";
    case VT_NULL:  return "{VT_NULL}";
    case VT_I2:    sprintf(buffer, "{VT_I2: %d}", V_I2(v)); break;
    case VT_I4:    sprintf(buffer, "{VT_I4: %ld}", (long)V_I4(v)); break;
    case VT_UI4:   sprintf(buffer, "{VT_UI4: %lu}", (unsigned long)V_UI4(v)); break;
    case VT_INT:   sprintf(buffer, "{VT_INT: %d}", V_INT(v)); break;
    case VT_UI1:   sprintf(buffer, "{VT_UI1: %u}", V_UI1(v)); break;
    case VT_R8:    sprintf(buffer, "{VT_R8: %g}", V_R8(v)); break;
    case VT_BOOL:  sprintf(buffer, "{VT_BOOL: %x}", (unsigned short)V_BOOL(v)); break;
    case VT_ERROR: sprintf(buffer, "{VT_ERROR: %#lx}", (unsigned long)V_ERROR(v)); break;
    case VT_BSTR:  sprintf(buffer, "{VT_BSTR: %.300s}", wine_dbgstr_w(V_BSTR(v))); break;
    case VT_DISPATCH: sprintf(buffer, "{VT_DISPATCH: %p}", (void *)V_DISPATCH(v)); break;
    case VT_UNKNOWN:  sprintf(buffer, "{VT_UNKNOWN: %p}", (void *)V_UNKNOWN(v)); break;
    default:       sprintf(buffer, "{%s}", wine_dbgstr_vt(V_VT(v))); break;
    }
    return buffer;
}
#endif

#ifdef STANDALONE
# define START_TEST(name) \
    static void func_##name(void); \
    const struct test winetest_testlist[] = { { #name, func_##name }, { 0, 0 } }; \
    static void func_##name(void)
#else
# define START_TEST(name) void func_##name(void)
#endif

/* Each of these records the caller's location, then evaluates to the function
 * that takes the check's arguments. */
#define ok_(file, line)       (winetest_set_location(file, line), 0) ? (void)0 : winetest_ok
#define skip_(file, line)     (winetest_set_location(file, line), 0) ? (void)0 : winetest_skip
#define win_skip_(file, line) (winetest_set_location(file, line), 0) ? (void)0 : winetest_win_skip
#define trace_(file, line)    (winetest_set_location(file, line), 0) ? (void)0 : winetest_trace
#define subtest_(file, line)  (winetest_set_location(file, line), 0) ? (void)0 : winetest_subtest

#define ok       ok_(__FILE__, __LINE__)
#define skip     skip_(__FILE__, __LINE__)
#define win_skip win_skip_(__FILE__, __LINE__)
#define trace    trace_(__FILE__, __LINE__)
#define subtest  subtest_(__FILE__, __LINE__)

/* A block that runs exactly once with the todo (or flaky) state pushed. */
#define todo_if(is_todo) \
    for (winetest_start_todo(is_todo); winetest_loop_todo(); winetest_end_todo())
#define todo_wine             todo_if(winetest_platform_is_wine)
#define todo_wine_if(is_todo) todo_if((is_todo) && winetest_platform_is_wine)

#define flaky_if(is_flaky) \
    for (winetest_start_flaky(is_flaky); winetest_loop_flaky(); winetest_end_flaky())
#define flaky                   flaky_if(1)
#define flaky_wine              flaky_if(winetest_platform_is_wine)
#define flaky_wine_if(is_flaky) flaky_if((is_flaky) && winetest_platform_is_wine)


/************************************************************************
 * The harness.  Compiled only where STANDALONE is defined.
 */

#ifdef STANDALONE

#ifndef _WIN32
# include <unistd.h>
#endif

struct test
{
    const char *name;
    void (*func)(void);
};

extern const struct test winetest_testlist[];

int winetest_debug = 1;
int winetest_interactive = 0;
int winetest_report_success = 0;
const char *winetest_platform = "windows";
int winetest_platform_is_wine = 0;

static int winetest_argc;
static char **winetest_argv;
static const struct test *winetest_current;

/* Counters of the unit being run. */
static long winetest_successes;
static long winetest_failures;
static long winetest_flaky_failures;
static long winetest_todo_successes;
static long winetest_todo_failures;
static long winetest_skipped;

#define WINETEST_MAX_CONTEXT      8
#define WINETEST_CONTEXT_SIZE     128
#define WINETEST_STRING_POOL_SIZE 4096

/* What each thread remembers between the location macro and the check. */
struct winetest_thread_data
{
    const char *file;
    int line;
    unsigned int todo_level;      /* one bit per nested todo_if, innermost lowest */
    int todo_do_loop;
    unsigned int flaky_level;
    int flaky_do_loop;
    unsigned int context_count;
    char context[WINETEST_MAX_CONTEXT][WINETEST_CONTEXT_SIZE];
    size_t pool_pos;
    char pool[WINETEST_STRING_POOL_SIZE];  /* rotating buffers of wine_dbgstr_* */
};

#ifdef _WIN32

static DWORD winetest_tls_index = TLS_OUT_OF_INDEXES;
static CRITICAL_SECTION winetest_print_cs;

static struct winetest_thread_data *winetest_thread(void)
{
    struct winetest_thread_data *data;
    DWORD error = GetLastError();

    if (winetest_tls_index == TLS_OUT_OF_INDEXES)
        winetest_tls_index = TlsAlloc();
    if (!(data = TlsGetValue(winetest_tls_index)))
    {
        data = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*data));
        TlsSetValue(winetest_tls_index, data);
    }
    /* Checks must not disturb the last error a test is about to look at. */
    SetLastError(error);
    return data;
}

static void winetest_lock(void)
{
    EnterCriticalSection(&winetest_print_cs);
}

static void winetest_unlock(void)
{
    LeaveCriticalSection(&winetest_print_cs);
}

static void winetest_increment(long *counter)
{
    InterlockedIncrement((LONG *)counter);
}

static unsigned int winetest_process_id(void)
{
    return GetCurrentProcessId();
}

#else  /* _WIN32 */

static __thread struct winetest_thread_data winetest_thread_storage;

static struct winetest_thread_data *winetest_thread(void)
{
    return &winetest_thread_storage;
}

static void winetest_lock(void)
{
    flockfile(stdout);
}

static void winetest_unlock(void)
{
    funlockfile(stdout);
}

static void winetest_increment(long *counter)
{
    __atomic_add_fetch(counter, 1, __ATOMIC_SEQ_CST);
}

static unsigned int winetest_process_id(void)
{
    return (unsigned int)getpid();
}

#endif  /* _WIN32 */

void winetest_set_location(const char *file, int line)
{
    struct winetest_thread_data *data = winetest_thread();
    const char *base = file;
    const char *p;

    for (p = file; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    data->file = base;
    data->line = line;
}

/* "file.c:123: " + kind + "context: " for each pushed context. */
static void winetest_print_prefix(const char *kind)
{
    struct winetest_thread_data *data = winetest_thread();
    unsigned int i;

    printf("%s:%d: %s", data->file ? data->file : "?", data->line, kind);
    for (i = 0; i < data->context_count; i++)
        printf("%s: ", data->context[i]);
}

/* One whole message under the lock, flushed, so lines never interleave. */
static void winetest_print(const char *kind, const char *msg, va_list args)
{
    winetest_lock();
    winetest_print_prefix(kind);
    vprintf(msg, args);
    fflush(stdout);
    winetest_unlock();
}

int broken(int condition)
{
    return !winetest_platform_is_wine && condition;
}

int winetest_vok(int condition, const char *msg, va_list args)
{
    struct winetest_thread_data *data = winetest_thread();

    if (data->todo_level)
    {
        if (condition)
        {
            /* A todo that passes is a failure: the todo must be removed. */
            if (data->flaky_level)
            {
                winetest_print("Test succeeded inside flaky todo block: ", msg, args);
                winetest_increment(&winetest_flaky_failures);
            }
            else
            {
                winetest_print("Test succeeded inside todo block: ", msg, args);
                winetest_increment(&winetest_todo_failures);
            }
            return 0;
        }
        if (winetest_debug > 0)
            winetest_print("Test marked todo: ", msg, args);
        winetest_increment(&winetest_todo_successes);
        return 1;
    }

    if (!condition)
    {
        if (data->flaky_level)
        {
            winetest_print("Test marked flaky: ", msg, args);
            winetest_increment(&winetest_flaky_failures);
        }
        else
        {
            winetest_print("Test failed: ", msg, args);
            winetest_increment(&winetest_failures);
        }
        return 0;
    }

    if (winetest_report_success)
    {
        winetest_lock();
        winetest_print_prefix("Test succeeded\n");
        fflush(stdout);
        winetest_unlock();
    }
    winetest_increment(&winetest_successes);
    return 1;
}

void winetest_ok(int condition, const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    winetest_vok(condition, msg, args);
    va_end(args);
}

void winetest_trace(const char *msg, ...)
{
    va_list args;

    if (winetest_debug <= 0) return;
    va_start(args, msg);
    winetest_print("", msg, args);
    va_end(args);
}

void winetest_vskip(const char *msg, va_list args)
{
    winetest_print("Tests skipped: ", msg, args);
    winetest_increment(&winetest_skipped);
}

void winetest_skip(const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    winetest_vskip(msg, args);
    va_end(args);
}

/* A skip that is acceptable on old Windows only: a failure under Wine. */
void winetest_win_skip(const char *msg, ...)
{
    va_list args;

    va_start(args, msg);
    if (winetest_platform_is_wine)
        winetest_vok(0, msg, args);
    else
        winetest_vskip(msg, args);
    va_end(args);
}

void winetest_subtest(const char *name)
{
    struct winetest_thread_data *data = winetest_thread();

    winetest_lock();
    printf("%s:%d: Subtest %s\n", data->file ? data->file : "?", data->line, name);
    fflush(stdout);
    winetest_unlock();
}

void winetest_push_context(const char *fmt, ...)
{
    struct winetest_thread_data *data = winetest_thread();
    va_list args;

    /* Too deep: still counted, so that pops stay balanced. */
    if (data->context_count < WINETEST_MAX_CONTEXT)
    {
        va_start(args, fmt);
        vsnprintf(data->context[data->context_count], WINETEST_CONTEXT_SIZE, fmt, args);
        va_end(args);
        data->context[data->context_count][WINETEST_CONTEXT_SIZE - 1] = 0;
    }
    data->context_count++;
}

void winetest_pop_context(void)
{
    struct winetest_thread_data *data = winetest_thread();

    if (data->context_count) data->context_count--;
}

/* Nesting is a bit stack, one bit per block: a check is todo when any
 * enclosing block is, as in Wine. */
void winetest_start_todo(int is_todo)
{
    struct winetest_thread_data *data = winetest_thread();

    data->todo_level = (data->todo_level << 1) | (is_todo != 0);
    data->todo_do_loop = 1;
}

int winetest_loop_todo(void)
{
    struct winetest_thread_data *data = winetest_thread();
    int run = data->todo_do_loop;

    data->todo_do_loop = 0;
    return run;
}

void winetest_end_todo(void)
{
    winetest_thread()->todo_level >>= 1;
}

void winetest_start_flaky(int is_flaky)
{
    struct winetest_thread_data *data = winetest_thread();

    data->flaky_level = (data->flaky_level << 1) | (is_flaky != 0);
    data->flaky_do_loop = 1;
}

int winetest_loop_flaky(void)
{
    struct winetest_thread_data *data = winetest_thread();
    int run = data->flaky_do_loop;

    data->flaky_do_loop = 0;
    return run;
}

void winetest_end_flaky(void)
{
    winetest_thread()->flaky_level >>= 1;
}

int winetest_get_mainargs(char ***argv)
{
    *argv = winetest_argv;
    return winetest_argc;
}

long winetest_get_failures(void)
{
    return winetest_failures;
}

void winetest_add_failures(long count)
{
    while (count-- > 0) winetest_increment(&winetest_failures);
}

/* Valid until the ring wraps, which is what wine_dbgstr_* callers expect. */
char *winetest_get_buffer(size_t size)
{
    struct winetest_thread_data *data = winetest_thread();
    char *buffer;

    if (size > sizeof(data->pool)) size = sizeof(data->pool);
    if (data->pool_pos + size > sizeof(data->pool)) data->pool_pos = 0;
    buffer = data->pool + data->pool_pos;
    data->pool_pos += size;
    return buffer;
}

/* Quote one character of a debug string into out (at least 7 bytes). */
static int winetest_quote_char(char *out, unsigned int c)
{
    switch (c)
    {
    case '\n': return sprintf(out, "\\n");
    case '\r': return sprintf(out, "\\r");
    case '\t': return sprintf(out, "\\t");
    case '"':  return sprintf(out, "\\\"");
    case '\\': return sprintf(out, "\\\\");
    }
    if (c >= ' ' && c < 127)
    {
        out[0] = (char)c;
        out[1] = 0;
        return 1;
    }
    return sprintf(out, c < 0x100 ? "\\%02x" : "\\%04x", c);
}

#define WINETEST_DBGSTR_MAX 300  /* characters shown before "..." */

const char *wine_dbgstr_an(const char *str, int n)
{
    char *buffer, *out;
    int i;

    if (!str) return "(null)";
    if ((unsigned long long)(size_t)str < 0x10000)
    {
        buffer = winetest_get_buffer(8);
        sprintf(buffer, "#%04x", (unsigned int)(size_t)str);
        return buffer;
    }
    if (n < 0) n = (int)strlen(str);
    buffer = out = winetest_get_buffer(WINETEST_DBGSTR_MAX * 5 + 8);
    *out++ = '"';
    for (i = 0; i < n && out - buffer < WINETEST_DBGSTR_MAX; i++)
        out += winetest_quote_char(out, (unsigned char)str[i]);
    *out++ = '"';
    if (i < n) out += sprintf(out, "...");
    *out = 0;
    return buffer;
}

const char *wine_dbgstr_longlong(unsigned long long value)
{
    char *buffer = winetest_get_buffer(20);

    if (value >> 32)
        sprintf(buffer, "%lx%08lx", (unsigned long)(value >> 32), (unsigned long)(value & 0xffffffff));
    else
        sprintf(buffer, "%lx", (unsigned long)value);
    return buffer;
}

#ifdef _WIN32

const char *wine_dbgstr_wn(const WCHAR *str, int n)
{
    char *buffer, *out;
    int i;

    if (!str) return "(null)";
    if ((ULONG_PTR)str < 0x10000)
    {
        buffer = winetest_get_buffer(8);
        sprintf(buffer, "#%04x", (unsigned int)(ULONG_PTR)str);
        return buffer;
    }
    if (n < 0) for (n = 0; str[n]; n++) ;
    buffer = out = winetest_get_buffer(WINETEST_DBGSTR_MAX * 5 + 9);
    *out++ = 'L';
    *out++ = '"';
    for (i = 0; i < n && out - buffer < WINETEST_DBGSTR_MAX; i++)
        out += winetest_quote_char(out, str[i]);
    *out++ = '"';
    if (i < n) out += sprintf(out, "...");
    *out = 0;
    return buffer;
}

const char *wine_dbgstr_guid(const GUID *guid)
{
    char *buffer;

    if (!guid) return "(null)";
    if ((ULONG_PTR)guid < 0x10000)
    {
        buffer = winetest_get_buffer(16);
        sprintf(buffer, "<guid-0x%04x>", (unsigned int)(ULONG_PTR)guid & 0xffff);
        return buffer;
    }
    buffer = winetest_get_buffer(39);
    sprintf(buffer, "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
            (unsigned int)guid->Data1, guid->Data2, guid->Data3,
            guid->Data4[0], guid->Data4[1], guid->Data4[2], guid->Data4[3],
            guid->Data4[4], guid->Data4[5], guid->Data4[6], guid->Data4[7]);
    return buffer;
}

const char *wine_dbgstr_rect(const RECT *rect)
{
    char *buffer;

    if (!rect) return "(null)";
    buffer = winetest_get_buffer(64);
    sprintf(buffer, "(%ld,%ld)-(%ld,%ld)", (long)rect->left, (long)rect->top,
            (long)rect->right, (long)rect->bottom);
    return buffer;
}

/* A child started by the test reports its failure count as exit code. */
void winetest_wait_child_process(HANDLE process)
{
    DWORD code = 1;

    if (WaitForSingleObject(process, 30000))
        printf("%s: child process wait failed\n", winetest_current->name);
    else
        GetExitCodeProcess(process, &code);
    if (code > 255)
    {
        printf("%s: exception 0x%08lx in child process\n", winetest_current->name,
               (unsigned long)code);
        winetest_increment(&winetest_failures);
    }
    else if (code)
    {
        printf("%s: %lu failures in child process\n", winetest_current->name,
               (unsigned long)code);
        winetest_add_failures(code);
    }
    fflush(stdout);
}

static LONG CALLBACK winetest_exception_filter(EXCEPTION_POINTERS *ptrs)
{
    struct winetest_thread_data *data = winetest_thread();

    if (data->file)
        printf("%s:%d: this is the last test seen before the exception\n", data->file, data->line);
    printf("%04x:%s: unhandled exception %08lx at %p\n", winetest_process_id(),
           winetest_current ? winetest_current->name : "?",
           (unsigned long)ptrs->ExceptionRecord->ExceptionCode,
           ptrs->ExceptionRecord->ExceptionAddress);
    fflush(stdout);
    return EXCEPTION_EXECUTE_HANDLER;
}

static int winetest_detect_wine(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");

    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}

#else  /* _WIN32 */

static int winetest_detect_wine(void)
{
    return 1;
}

#endif  /* _WIN32 */

static const struct test *winetest_find(const char *name)
{
    const struct test *test;
    const char *p;
    size_t len;

    /* Accept "dir/unit.c" as well as "unit", like Wine. */
    for (p = name; *p; p++)
        if (*p == '/' || *p == '\\') name = p + 1;
    len = strlen(name);
    if (len > 2 && !strcmp(name + len - 2, ".c")) len -= 2;
    for (test = winetest_testlist; test->name; test++)
        if (!strncmp(test->name, name, len) && !test->name[len]) return test;
    return NULL;
}

static void winetest_list(void)
{
    const struct test *test;

    printf("Valid test names:\n");
    for (test = winetest_testlist; test->name; test++)
        printf("    %s\n", test->name);
    fflush(stdout);
}

/* Runs one unit; returns its failure count. */
static long winetest_run(const struct test *test)
{
    long failures;

    winetest_successes = winetest_failures = winetest_flaky_failures = 0;
    winetest_todo_successes = winetest_todo_failures = winetest_skipped = 0;
    winetest_current = test;

    test->func();

    failures = winetest_failures + winetest_todo_failures;
    if (winetest_debug)
    {
        winetest_lock();
        printf("%04x:%s: %ld tests executed (%ld marked as todo, %ld %s), %ld skipped.\n",
               winetest_process_id(), test->name,
               winetest_successes + winetest_failures + winetest_flaky_failures
               + winetest_todo_successes + winetest_todo_failures,
               winetest_todo_successes, failures, failures == 1 ? "failure" : "failures",
               winetest_skipped);
        fflush(stdout);
        winetest_unlock();
    }
    return failures;
}

static int winetest_env_int(const char *name, int *value)
{
    const char *text = getenv(name);

    if (!text || !*text) return 0;
    *value = atoi(text);
    return 1;
}

int main(int argc, char **argv)
{
    const struct test *test;
    const char *platform;
    long failures = 0;

    winetest_argc = argc;
    winetest_argv = argv;

#ifdef _WIN32
    InitializeCriticalSection(&winetest_print_cs);
#endif
    winetest_platform_is_wine = winetest_detect_wine();
    if ((platform = getenv("WINETEST_PLATFORM")) && *platform)
        winetest_platform_is_wine = !strcmp(platform, "wine");
    winetest_platform = winetest_platform_is_wine ? "wine" : "windows";
    winetest_env_int("WINETEST_DEBUG", &winetest_debug);
    winetest_env_int("WINETEST_INTERACTIVE", &winetest_interactive);
    winetest_env_int("WINETEST_REPORT_SUCCESS", &winetest_report_success);

#ifdef _WIN32
    if (!winetest_platform_is_wine) SetUnhandledExceptionFilter(winetest_exception_filter);
    if (!winetest_interactive) SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
#endif

    if (argc > 1 && !strcmp(argv[1], "--list"))
    {
        winetest_list();
        return 0;
    }
    if (argc > 1)
    {
        /* Further arguments belong to the unit (winetest_get_mainargs). */
        if (!(test = winetest_find(argv[1])))
        {
            printf("Fatal: test '%s' does not exist.\n", argv[1]);
            winetest_list();
            return 1;
        }
        failures = winetest_run(test);
    }
    else
    {
        for (test = winetest_testlist; test->name; test++)
            failures += winetest_run(test);
    }
    fflush(stdout);
    return failures > 255 ? 255 : (int)failures;
}

#endif  /* STANDALONE */

#endif  /* __WINE_WINE_TEST_H */
