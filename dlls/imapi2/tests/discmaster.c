/*
 * Tests of MsftDiscMaster2, the enumeration of optical recorders.
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
#include "objbase.h"
#include "oleauto.h"
#include "olectl.h"
#include "ocidl.h"
#include "imapi2.h"
#include "imapi2error.h"

#include "wine/test.h"
#include "virtual_recorder.h"

/* The test configuration (tests/conformance.sh), if any: the drive letters
 * that hold a virtual recorder, e.g. "E: F: G:". */
static BOOL get_test_drives(char *letters, size_t size)
{
    char buffer[128], *p;
    size_t n = 0;

    SetLastError(0xdeadbeef);
    if (!GetEnvironmentVariableA("IMAPI2_TEST_DRIVES", buffer, sizeof(buffer)))
    {
        /* Set but empty: a configuration without recorders. */
        if (GetLastError() == ERROR_ENVVAR_NOT_FOUND) return FALSE;
        buffer[0] = 0;
    }
    for (p = buffer; *p && n + 1 < size; ++p)
        if (*p >= 'A' && *p <= 'Z' && p[1] == ':') letters[n++] = *p;
    letters[n] = 0;
    return TRUE;
}

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
    if (hr == S_OK)
    {
        hr = IDiscRecorder2_get_VolumePathNames(recorder, &paths);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        if (hr == S_OK && paths->rgsabound[0].cElements && SUCCEEDED(SafeArrayAccessData(paths, (void **)&items)))
        {
            if (V_VT(&items[0]) == VT_BSTR && V_BSTR(&items[0]) && V_BSTR(&items[0])[1] == ':')
                letter = (char)towupper(V_BSTR(&items[0])[0]);
            SafeArrayUnaccessData(paths);
        }
        if (paths) SafeArrayDestroy(paths);
    }
    IDiscRecorder2_Release(recorder);
    return letter;
}

static void test_enumeration(void)
{
    IDiscMaster2 *master, *master2;
    VARIANT_BOOL supported;
    char letters[32], seen[32] = {0};
    BSTR id, id2;
    LONG count, count2, i, j;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    hr = IDiscMaster2_get_Count(master, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscMaster2_get_IsSupportedEnvironment(master, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscMaster2_get_Item(master, 0, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    count = -1;
    hr = IDiscMaster2_get_Count(master, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(count >= 0, "Unexpected count %ld.\n", count);
    trace("%ld recorder(s).\n", count);

    supported = 0xdead;
    hr = IDiscMaster2_get_IsSupportedEnvironment(master, &supported);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(supported == (count ? VARIANT_TRUE : VARIANT_FALSE), "Unexpected value %#x for %ld recorders.\n",
            supported, count);

    id = (BSTR)0xdeadbeef;
    hr = IDiscMaster2_get_Item(master, -1, &id);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IDiscMaster2_get_Item(master, count, &id);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);

    if (get_test_drives(letters, sizeof(letters)))
    {
        ok(count == (LONG)strlen(letters), "Expected %u recorders (%s), got %ld.\n",
                (unsigned int)strlen(letters), letters, count);
    }
    else
        letters[0] = 0;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscMaster2_get_Count(master2, &count2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(count2 == count, "Count changed from %ld to %ld.\n", count, count2);

    for (i = 0; i < count; ++i)
    {
        char letter;

        winetest_push_context("recorder %ld", i);
        id = NULL;
        hr = IDiscMaster2_get_Item(master, i, &id);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        ok(id && *id, "Got empty ID.\n");
        trace("ID %s.\n", wine_dbgstr_w(id));

        /* Stable: the same for another object and another call. */
        hr = IDiscMaster2_get_Item(master2, i, &id2);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        ok(id && id2 && !wcscmp(id, id2), "IDs differ: %s, %s.\n", wine_dbgstr_w(id), wine_dbgstr_w(id2));
        SysFreeString(id2);

        /* Unique. */
        for (j = 0; j < i; ++j)
        {
            hr = IDiscMaster2_get_Item(master, j, &id2);
            ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
            ok(wcscmp(id, id2), "Recorders %ld and %ld share ID %s.\n", j, i, wine_dbgstr_w(id));
            SysFreeString(id2);
        }

        letter = letter_of_recorder(id);
        if (letters[0])
        {
            ok(letter && strchr(letters, letter), "Recorder at %c: is not one of %s.\n", letter, letters);
            if (letter && strchr(letters, letter))
            {
                ok(!seen[strchr(letters, letter) - letters], "%c: enumerated twice.\n", letter);
                seen[strchr(letters, letter) - letters] = 1;
            }
        }
        SysFreeString(id);
        winetest_pop_context();
    }

    IDiscMaster2_Release(master2);
    ok(!IDiscMaster2_Release(master), "Object not released.\n");
}

static IDiscRecorder2 *open_recorder(const WCHAR *id, HRESULT *hr)
{
    IDiscRecorder2 *recorder = NULL;

    *hr = CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscRecorder2,
            (void **)&recorder);
    ok(*hr == S_OK, "Unexpected hr %#lx.\n", *hr);
    if (FAILED(*hr)) return NULL;
    *hr = IDiscRecorder2_InitializeDiscRecorder(recorder, (BSTR)id);
    return recorder;
}

/* An INQUIRY reply garbled or cut short on the way: the drive is still listed
 * under the same ID; a drive that keeps answering nonsense gets a documented
 * IMAPI error. Needs the virtual recorder's faults. */
static void test_bad_identity(void)
{
    static const char *faults[] = {"garbage:12", "truncate:12:8", "truncate:12:30"};
    IDiscRecorder2 *recorder, *other;
    IDiscMaster2 *master;
    LONG count, count2;
    BSTR id, id2;
    unsigned int i;
    HRESULT hr;

    if (!is_virtual_recorder())
    {
        skip("Bad identities need the virtual recorder's faults.\n");
        return;
    }
    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    count = 0;
    hr = IDiscMaster2_get_Count(master, &count);
    if (hr != S_OK || !count)
    {
        skip("No recorder.\n");
        IDiscMaster2_Release(master);
        return;
    }
    hr = IDiscMaster2_get_Item(master, 0, &id);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IDiscMaster2_Release(master);
    recorder = open_recorder(id, &hr);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    for (i = 0; i < ARRAY_SIZE(faults); ++i)
    {
        winetest_push_context("%s", faults[i]);
        /* The first recorder of a new list: probed afresh. */
        hr = inject_faults(recorder, faults[i]);
        ok(hr == S_OK, "Cannot inject the fault, hr %#lx.\n", hr);
        hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
                (void **)&master);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        count2 = 0;
        hr = IDiscMaster2_get_Count(master, &count2);
        ok(hr == S_OK && count2 == count, "hr %#lx, %ld recorders, expected %ld.\n", hr, count2, count);
        id2 = NULL;
        hr = IDiscMaster2_get_Item(master, 0, &id2);
        ok(hr == S_OK && id2 && !wcscmp(id, id2), "hr %#lx, ID %s, expected %s.\n", hr, wine_dbgstr_w(id2),
                wine_dbgstr_w(id));
        SysFreeString(id2);
        IDiscMaster2_Release(master);

        hr = inject_faults(recorder, faults[i]);
        ok(hr == S_OK, "Cannot inject the fault, hr %#lx.\n", hr);
        other = open_recorder(id, &hr);
        ok(hr == S_OK, "InitializeDiscRecorder: hr %#lx.\n", hr);
        if (other) IDiscRecorder2_Release(other);
        winetest_pop_context();
    }

    /* Nonsense twice in a row: documented codes only. */
    hr = inject_faults(recorder, "garbage:12:2");
    ok(hr == S_OK, "Cannot inject the fault, hr %#lx.\n", hr);
    other = open_recorder(id, &hr);
    ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE || hr == HRESULT_FROM_WIN32(ERROR_DEV_NOT_EXIST),
            "InitializeDiscRecorder with two garbage replies: hr %#lx.\n", hr);
    if (other) IDiscRecorder2_Release(other);
    inject_faults(recorder, "clear");

    IDiscRecorder2_Release(recorder);
    SysFreeString(id);
}

static void test_enumerator(void)
{
    IEnumVARIANT *e, *clone;
    IDiscMaster2 *master;
    VARIANT items[3];
    ULONG fetched;
    LONG count, i;
    HRESULT hr;
    BSTR id;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscMaster2_get_Count(master, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    hr = IDiscMaster2_get__NewEnum(master, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscMaster2_get__NewEnum(master, &e);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    for (i = 0; i < count; ++i)
    {
        VariantInit(&items[0]);
        fetched = 0xdead;
        hr = IEnumVARIANT_Next(e, 1, items, &fetched);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        ok(fetched == 1, "Unexpected fetched %lu.\n", fetched);
        ok(V_VT(&items[0]) == VT_BSTR, "Unexpected type %s.\n", wine_dbgstr_vt(V_VT(&items[0])));
        hr = IDiscMaster2_get_Item(master, i, &id);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        ok(V_VT(&items[0]) == VT_BSTR && !wcscmp(V_BSTR(&items[0]), id), "Item %ld differs: %s, %s.\n",
                i, wine_dbgstr_w(V_BSTR(&items[0])), wine_dbgstr_w(id));
        SysFreeString(id);
        VariantClear(&items[0]);
    }
    fetched = 0xdead;
    hr = IEnumVARIANT_Next(e, 1, items, &fetched);
    ok(hr == S_FALSE, "Unexpected hr %#lx.\n", hr);
    ok(!fetched, "Unexpected fetched %lu.\n", fetched);

    hr = IEnumVARIANT_Reset(e);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IEnumVARIANT_Skip(e, count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IEnumVARIANT_Skip(e, 1);
    ok(hr == S_FALSE, "Unexpected hr %#lx.\n", hr);

    hr = IEnumVARIANT_Reset(e);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    memset(items, 0, sizeof(items));
    fetched = 0xdead;
    hr = IEnumVARIANT_Next(e, 3, items, &fetched);
    ok(hr == (count >= 3 ? S_OK : S_FALSE), "Unexpected hr %#lx.\n", hr);
    ok(fetched == (ULONG)min(count, 3), "Unexpected fetched %lu.\n", fetched);
    for (i = 0; i < (LONG)fetched; ++i) VariantClear(&items[i]);

    hr = IEnumVARIANT_Reset(e);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (count)
    {
        hr = IEnumVARIANT_Skip(e, 1);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    }
    hr = IEnumVARIANT_Clone(e, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IEnumVARIANT_Clone(e, &clone);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    /* The clone starts where the original stands. */
    fetched = 0xdead;
    hr = IEnumVARIANT_Next(clone, 1, items, &fetched);
    ok(hr == (count > 1 ? S_OK : S_FALSE), "Unexpected hr %#lx.\n", hr);
    ok(fetched == (count > 1 ? 1 : 0), "Unexpected fetched %lu.\n", fetched);
    if (fetched)
    {
        hr = IDiscMaster2_get_Item(master, 1, &id);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        ok(!wcscmp(V_BSTR(&items[0]), id), "Clone item differs: %s, %s.\n",
                wine_dbgstr_w(V_BSTR(&items[0])), wine_dbgstr_w(id));
        SysFreeString(id);
        VariantClear(&items[0]);
    }
    ok(!IEnumVARIANT_Release(clone), "Clone not released.\n");
    ok(!IEnumVARIANT_Release(e), "Enumerator not released.\n");
    ok(!IDiscMaster2_Release(master), "Object not released.\n");
}

/* A DDiscMaster2Events sink: nothing changes during the test, so any call
 * is unexpected. */
static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_DDiscMaster2Events))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface)
{
    return 2;
}

static ULONG WINAPI sink_Release(IDispatch *iface)
{
    return 1;
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

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    ok(0, "Unexpected event %ld.\n", member);
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

static IDispatch sink = { &sink_vtbl };

static void test_events(void)
{
    IConnectionPointContainer *container;
    IConnectionPoint *point;
    IDiscMaster2 *master;
    DWORD cookie, cookie2;
    IID iid;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscMaster2_QueryInterface(master, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_IDispatch, &point);
    ok(hr == CONNECT_E_NOCONNECTION, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DDiscMaster2Events, &point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPoint_GetConnectionInterface(point, &iid);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(IsEqualGUID(&iid, &IID_DDiscMaster2Events), "Unexpected IID %s.\n", wine_dbgstr_guid(&iid));

    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink, &cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink, &cookie2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(cookie != cookie2, "Same cookie %lu.\n", cookie);

    /* Longer than the polling interval: no device comes or goes meanwhile. */
    Sleep(1500);

    hr = IConnectionPoint_Unadvise(point, cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPoint_Unadvise(point, cookie);
    ok(hr == CONNECT_E_NOCONNECTION, "Unexpected hr %#lx.\n", hr);

    IConnectionPoint_Release(point);
    IConnectionPointContainer_Release(container);
    /* Released with a sink still advised: the poller must go too. */
    ok(!IDiscMaster2_Release(master), "Object not released.\n");
}

static void test_dispatch(void)
{
    DISPPARAMS params = {0};
    IDiscMaster2 *master;
    LONG count;
    VARIANT result;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscMaster2_get_Count(master, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    VariantInit(&result);
    hr = IDiscMaster2_Invoke(master, 1, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &params,
            &result, NULL, NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(V_VT(&result) == VT_I4, "Unexpected type %s.\n", wine_dbgstr_vt(V_VT(&result)));
    ok(V_I4(&result) == count, "Got %ld, expected %ld.\n", V_I4(&result), count);

    IDiscMaster2_Release(master);
}

START_TEST(discmaster)
{
    IDiscMaster2 *master;
    HRESULT hr;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    if (FAILED(hr))
    {
        win_skip("MsftDiscMaster2 is not available, hr %#lx.\n", hr);
        CoUninitialize();
        return;
    }
    IDiscMaster2_Release(master);

    test_enumeration();
    test_bad_identity();
    test_enumerator();
    test_events();
    test_dispatch();

    CoUninitialize();
}
