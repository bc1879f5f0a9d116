/*
 * Tests of the event sinks of MsftDiscMaster2: which thread they are called on.
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

#define COBJMACROS

#include <stdarg.h>

#include "windef.h"
#include "winbase.h"
#include "winuser.h"
#include "objbase.h"
#include "oleauto.h"
#include "olectl.h"
#include "ocidl.h"
#include "imapi2.h"
#include "imapi2error.h"

#include "wine/test.h"
#include "virtual_recorder.h"

/* How long a device change may take to be noticed (Windows learns of it at
 * once, our poller within a second). */
#define EVENT_TIMEOUT_MS 10000

struct sink
{
    IDispatch IDispatch_iface;
    LONG refcount;
    HANDLE event;           /* set after each event */
    LONG added, removed;
    DWORD thread;           /* where the last event was called */
    DISPID last;
    BOOL args_ok;
    WCHAR id[256];
    /* when set, the next event unadvises the sink from inside its handler */
    IConnectionPoint *unadvise_point;
    DWORD unadvise_cookie;
    HRESULT unadvise_hr;
};

static inline struct sink *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IDispatch_iface);
}

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_DDiscMaster2Events))
    {
        *out = iface;
        IDispatch_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface)
{
    struct sink *sink = impl_from_IDispatch(iface);
    return InterlockedIncrement(&sink->refcount);
}

static ULONG WINAPI sink_Release(IDispatch *iface)
{
    struct sink *sink = impl_from_IDispatch(iface);
    return InterlockedDecrement(&sink->refcount);
}

static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    ok(0, "Unexpected call.\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    ok(0, "Unexpected call.\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
        LCID lcid, DISPID *ids)
{
    ok(0, "Unexpected call.\n");
    return E_NOTIMPL;
}

/* NotifyDeviceAdded(IDispatch *object, BSTR uniqueId), and Removed alike:
 * the arguments come in reverse order. */
static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    struct sink *sink = impl_from_IDispatch(iface);

    ok(member == DISPID_DDISCMASTER2EVENTS_DEVICEADDED || member == DISPID_DDISCMASTER2EVENTS_DEVICEREMOVED,
            "Unexpected event %ld.\n", member);
    sink->thread = GetCurrentThreadId();
    sink->last = member;
    sink->args_ok = params && params->cArgs == 2 && !params->cNamedArgs
            && V_VT(&params->rgvarg[0]) == VT_BSTR && V_VT(&params->rgvarg[1]) == VT_DISPATCH
            && V_DISPATCH(&params->rgvarg[1]);
    sink->id[0] = 0;
    if (sink->args_ok && V_BSTR(&params->rgvarg[0]))
        lstrcpynW(sink->id, V_BSTR(&params->rgvarg[0]), ARRAY_SIZE(sink->id));
    if (member == DISPID_DDISCMASTER2EVENTS_DEVICEADDED)
        InterlockedIncrement(&sink->added);
    else if (member == DISPID_DDISCMASTER2EVENTS_DEVICEREMOVED)
        InterlockedIncrement(&sink->removed);

    if (sink->unadvise_point)
    {
        sink->unadvise_hr = IConnectionPoint_Unadvise(sink->unadvise_point, sink->unadvise_cookie);
        sink->unadvise_point = NULL;
    }
    SetEvent(sink->event);
    return S_OK;
}

static const IDispatchVtbl sink_vtbl =
{
    sink_QueryInterface,
    sink_AddRef,
    sink_Release,
    sink_GetTypeInfoCount,
    sink_GetTypeInfo,
    sink_GetIDsOfNames,
    sink_Invoke,
};

static void init_sink(struct sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IDispatch_iface.lpVtbl = &sink_vtbl;
    sink->refcount = 1;
    sink->event = CreateEventW(NULL, TRUE, FALSE, NULL);
}

/* Waits for the handle while dispatching what comes to this thread, as a
 * single-threaded apartment must to receive calls from other apartments. */
static BOOL pump_until(HANDLE handle, DWORD timeout)
{
    DWORD start = GetTickCount(), elapsed;
    MSG msg;

    for (;;)
    {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        if (WaitForSingleObject(handle, 0) == WAIT_OBJECT_0) return TRUE;
        if ((elapsed = GetTickCount() - start) >= timeout) return FALSE;
        MsgWaitForMultipleObjects(1, &handle, FALSE, timeout - elapsed, QS_ALLINPUT);
    }
}

static void pump_messages(DWORD timeout)
{
    HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);

    pump_until(event, timeout);
    CloseHandle(event);
}

/* Pumps until the sink has only the test's reference left. */
static LONG wait_sink_released(struct sink *sink)
{
    DWORD start = GetTickCount();

    while (sink->refcount != 1 && GetTickCount() - start < EVENT_TIMEOUT_MS)
        pump_messages(100);
    return sink->refcount;
}

/* The first drive of the test configuration, and the ID of its recorder. */
static char test_letter;
static WCHAR test_id[256];
static WCHAR test_target[MAX_PATH];

static char letter_of_recorder(const WCHAR *id)
{
    IDiscRecorder2 *recorder;
    SAFEARRAY *paths = NULL;
    VARIANT *items;
    char letter = 0;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscRecorder2,
            (void **)&recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return 0;
    hr = IDiscRecorder2_InitializeDiscRecorder(recorder, (BSTR)id);
    ok(hr == S_OK, "InitializeDiscRecorder(%s) failed, hr %#lx.\n", wine_dbgstr_w(id), hr);
    if (hr == S_OK && IDiscRecorder2_get_VolumePathNames(recorder, &paths) == S_OK)
    {
        if (paths->rgsabound[0].cElements && SUCCEEDED(SafeArrayAccessData(paths, (void **)&items)))
        {
            if (V_VT(&items[0]) == VT_BSTR && V_BSTR(&items[0]) && V_BSTR(&items[0])[1] == ':')
                letter = (char)towupper(V_BSTR(&items[0])[0]);
            SafeArrayUnaccessData(paths);
        }
        SafeArrayDestroy(paths);
    }
    IDiscRecorder2_Release(recorder);
    return letter;
}

/* Devices are made to come and go by removing a drive letter and defining it
 * again: only on the virtual recorder's configuration, never on a user's
 * machine. */
static BOOL find_test_drive(IDiscMaster2 *master)
{
    char buffer[128];
    LONG count, i;
    HRESULT hr;
    BSTR id;

    if (!is_virtual_recorder())
        return FALSE;
    if (!GetEnvironmentVariableA("IMAPI2_TEST_DRIVES", buffer, sizeof(buffer)) || buffer[1] != ':')
        return FALSE;

    hr = IDiscMaster2_get_Count(master, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    for (i = 0; SUCCEEDED(hr) && i < count && !test_letter; ++i)
    {
        if (FAILED(hr = IDiscMaster2_get_Item(master, i, &id))) break;
        if (letter_of_recorder(id) == buffer[0])
        {
            test_letter = buffer[0];
            lstrcpynW(test_id, id, ARRAY_SIZE(test_id));
        }
        SysFreeString(id);
    }
    ok(test_letter != 0, "No recorder at %c:.\n", buffer[0]);
    return test_letter != 0;
}

static void drive_name(WCHAR *name)
{
    name[0] = test_letter;
    name[1] = ':';
    name[2] = 0;
}

static void remove_test_drive(void)
{
    WCHAR name[3];
    BOOL ret;

    drive_name(name);
    ret = !!QueryDosDeviceW(name, test_target, ARRAY_SIZE(test_target));
    ok(ret, "QueryDosDevice(%s) failed, error %lu.\n", wine_dbgstr_w(name), GetLastError());
    ret = DefineDosDeviceW(DDD_REMOVE_DEFINITION, name, NULL);
    ok(ret, "Removing %s failed, error %lu.\n", wine_dbgstr_w(name), GetLastError());
}

static void restore_test_drive(void)
{
    WCHAR name[3];
    BOOL ret;

    drive_name(name);
    ret = DefineDosDeviceW(DDD_RAW_TARGET_PATH, name, test_target);
    ok(ret, "Defining %s failed, error %lu.\n", wine_dbgstr_w(name), GetLastError());
}

static IConnectionPoint *get_connection_point(IDiscMaster2 *master)
{
    IConnectionPointContainer *container;
    IConnectionPoint *point = NULL;
    HRESULT hr;

    hr = IDiscMaster2_QueryInterface(master, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return NULL;
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DDiscMaster2Events, &point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPointContainer_Release(container);
    return point;
}

static void check_event(struct sink *sink, DISPID expect, DWORD thread, int line)
{
    ok_(__FILE__, line)(sink->last == expect, "Got event %ld, expected %ld.\n", sink->last, expect);
    ok_(__FILE__, line)(sink->args_ok, "Unexpected arguments.\n");
    ok_(__FILE__, line)(!lstrcmpW(sink->id, test_id), "Got ID %s, expected %s.\n",
            wine_dbgstr_w(sink->id), wine_dbgstr_w(test_id));
    if (thread)
        ok_(__FILE__, line)(sink->thread == thread, "Event called on thread %#lx, expected the advising thread %#lx.\n",
                sink->thread, thread);
}

/* A sink advised from a single-threaded apartment is called on that thread,
 * when it pumps messages, and may unadvise itself from its handler. */
static void test_sta_sink(void)
{
    IConnectionPoint *point;
    IDiscMaster2 *master;
    struct sink sink;
    DWORD cookie;
    HRESULT hr;
    BOOL ret;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    if (!find_test_drive(master))
    {
        skip("Devices cannot be made to come and go here.\n");
        IDiscMaster2_Release(master);
        return;
    }
    if (!(point = get_connection_point(master)))
    {
        IDiscMaster2_Release(master);
        return;
    }

    init_sink(&sink);
    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink.IDispatch_iface, &cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    remove_test_drive();
    ret = pump_until(sink.event, EVENT_TIMEOUT_MS);
    ok(ret, "No event after the drive was removed.\n");
    if (ret) check_event(&sink, DISPID_DDISCMASTER2EVENTS_DEVICEREMOVED, GetCurrentThreadId(), __LINE__);
    ok(sink.removed == 1 && !sink.added, "Got %ld removed, %ld added.\n", sink.removed, sink.added);

    ResetEvent(sink.event);
    sink.unadvise_point = point;
    sink.unadvise_cookie = cookie;
    sink.unadvise_hr = 0xdeadbeef;
    restore_test_drive();
    ret = pump_until(sink.event, EVENT_TIMEOUT_MS);
    ok(ret, "No event after the drive came back.\n");
    if (ret) check_event(&sink, DISPID_DDISCMASTER2EVENTS_DEVICEADDED, GetCurrentThreadId(), __LINE__);
    ok(sink.unadvise_hr == S_OK, "Unadvise from the handler: hr %#lx.\n", sink.unadvise_hr);
    hr = IConnectionPoint_Unadvise(point, cookie);
    ok(hr == CONNECT_E_NOCONNECTION, "Unexpected hr %#lx.\n", hr);

    /* Nothing more comes once unadvised. */
    pump_messages(1500);
    ok(sink.removed == 1 && sink.added == 1, "Got %ld removed, %ld added.\n", sink.removed, sink.added);
    ok(wait_sink_released(&sink) == 1, "Sink still referenced %ld times.\n", sink.refcount - 1);

    IConnectionPoint_Release(point);
    ok(!IDiscMaster2_Release(master), "Object not released.\n");
    CloseHandle(sink.event);
}

static DWORD WINAPI watchdog_proc(void *arg)
{
    if (WaitForSingleObject(arg, 30000) == WAIT_TIMEOUT)
    {
        ok(0, "Deadlocked.\n");
        ExitProcess(1);
    }
    return 0;
}

/* The apartment that advised unadvises, and releases the disc master, while
 * the poller waits for it to take an event: nothing may wait for the poller. */
static void test_sta_unadvise_pending(void)
{
    HANDLE watchdog, done;
    IConnectionPoint *point;
    IDiscMaster2 *master;
    struct sink sink;
    DWORD cookie, start, elapsed;
    HRESULT hr;

    if (!test_letter) return;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    if (!(point = get_connection_point(master)))
    {
        IDiscMaster2_Release(master);
        return;
    }
    init_sink(&sink);
    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink.IDispatch_iface, &cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    /* Not pumping: the removal is noticed, and its event waits for us. */
    remove_test_drive();
    Sleep(2500);
    ok(!sink.removed, "Event called on thread %#lx while the apartment was not pumping.\n", sink.thread);

    done = CreateEventW(NULL, TRUE, FALSE, NULL);
    watchdog = CreateThread(NULL, 0, watchdog_proc, done, 0, NULL);
    start = GetTickCount();
    hr = IConnectionPoint_Unadvise(point, cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPoint_Release(point);
    IDiscMaster2_Release(master);
    elapsed = GetTickCount() - start;
    ok(elapsed < 5000, "Unadvise and Release took %lu ms.\n", elapsed);
    SetEvent(done);
    WaitForSingleObject(watchdog, INFINITE);
    CloseHandle(watchdog);
    CloseHandle(done);

    /* The pending event may still be delivered; then everything lets go. */
    pump_messages(1000);
    ok(sink.removed <= 1 && !sink.added, "Got %ld removed, %ld added.\n", sink.removed, sink.added);
    if (sink.removed)
        check_event(&sink, DISPID_DDISCMASTER2EVENTS_DEVICEREMOVED, GetCurrentThreadId(), __LINE__);
    restore_test_drive();
    ok(wait_sink_released(&sink) == 1, "Sink still referenced %ld times.\n", sink.refcount - 1);
    CloseHandle(sink.event);
}

/* A sink advised from the multithreaded apartment is called on any thread,
 * without its thread pumping messages. */
static DWORD WINAPI mta_thread_proc(void *arg)
{
    IConnectionPoint *point;
    IDiscMaster2 *master;
    struct sink sink;
    DWORD cookie;
    HRESULT hr;

    hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr))
    {
        CoUninitialize();
        return 0;
    }
    if ((point = get_connection_point(master)))
    {
        init_sink(&sink);
        hr = IConnectionPoint_Advise(point, (IUnknown *)&sink.IDispatch_iface, &cookie);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

        remove_test_drive();
        ok(!WaitForSingleObject(sink.event, EVENT_TIMEOUT_MS), "No event after the drive was removed.\n");
        if (sink.removed) check_event(&sink, DISPID_DDISCMASTER2EVENTS_DEVICEREMOVED, 0, __LINE__);
        ResetEvent(sink.event);
        restore_test_drive();
        ok(!WaitForSingleObject(sink.event, EVENT_TIMEOUT_MS), "No event after the drive came back.\n");
        if (sink.added) check_event(&sink, DISPID_DDISCMASTER2EVENTS_DEVICEADDED, 0, __LINE__);
        ok(sink.removed == 1 && sink.added == 1, "Got %ld removed, %ld added.\n", sink.removed, sink.added);

        hr = IConnectionPoint_Unadvise(point, cookie);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        IConnectionPoint_Release(point);
        ok(wait_sink_released(&sink) == 1, "Sink still referenced %ld times.\n", sink.refcount - 1);
        CloseHandle(sink.event);
    }
    ok(!IDiscMaster2_Release(master), "Object not released.\n");
    CoUninitialize();
    return 0;
}

static void test_mta_sink(void)
{
    HANDLE thread;

    if (!test_letter) return;

    thread = CreateThread(NULL, 0, mta_thread_proc, NULL, 0, NULL);
    ok(pump_until(thread, 4 * EVENT_TIMEOUT_MS), "The thread did not finish.\n");
    CloseHandle(thread);
}

START_TEST(events)
{
    IDiscMaster2 *master;
    HRESULT hr;

    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    if (FAILED(hr))
    {
        win_skip("MsftDiscMaster2 is not available, hr %#lx.\n", hr);
        CoUninitialize();
        return;
    }
    IDiscMaster2_Release(master);

    test_sta_sink();
    test_sta_unadvise_pending();
    test_mta_sink();

    CoUninitialize();
}
