/*
 * Conformance tests for MsftDiscFormat2Erase
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

/* Writes are small (1 MiB) and happen only on blank or appendable media: each
 * configuration of the virtual recorder is fresh, and on Windows the tests
 * write only to media the drive reports as writable. */

#define COBJMACROS


#define COBJMACROS
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "oleauto.h"
#include "ocidl.h"
#include "imapi2.h"
#include "imapi2error.h"

#include "wine/test.h"
#include "virtual_recorder.h"

static IDiscRecorder2 *get_recorder(void)
{
    IDiscRecorder2 *recorder = NULL;
    IDiscMaster2 *master;
    LONG count = 0;
    BSTR id = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2, (void **)&master);
    if (FAILED(hr)) return NULL;
    if (SUCCEEDED(IDiscMaster2_get_Count(master, &count)) && count > 0
            && SUCCEEDED(IDiscMaster2_get_Item(master, 0, &id)))
    {
        hr = CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscRecorder2,
                (void **)&recorder);
        if (SUCCEEDED(hr) && FAILED(IDiscRecorder2_InitializeDiscRecorder(recorder, id)))
        {
            IDiscRecorder2_Release(recorder);
            recorder = NULL;
        }
        SysFreeString(id);
    }
    IDiscMaster2_Release(master);
    return recorder;
}

static IDiscFormat2Erase *create_erase(void)
{
    IDiscFormat2Erase *erase = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Erase, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Erase,
            (void **)&erase);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return erase;
}

/* The event sink: DDiscFormat2EraseEvents::Update(object, elapsed, total). */
static IDiscFormat2Erase *sink_erase;
static IDiscRecorder2 *sink_recorder;
static unsigned int update_count;
static LONG max_elapsed, last_total;
static BOOL events_ok;
static const char *sink_fault;      /* injected once elapsed reaches sink_fault_at */
static LONG sink_fault_at;

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_DDiscFormat2EraseEvents))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface) { return 2; }
static ULONG WINAPI sink_Release(IDispatch *iface) { return 1; }

static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    ok(0, "unexpected call\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    ok(0, "unexpected call\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
        DISPID *ids)
{
    ok(0, "unexpected call\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    IDiscFormat2Erase *erase;
    LONG elapsed, total;
    HRESULT hr;

    update_count++;
    ok(member == DISPID_IDISCFORMAT2ERASEEVENTS_UPDATE, "Unexpected member %ld.\n", member);
    ok(params->cArgs == 3, "Unexpected argument count %u.\n", params->cArgs);
    if (params->cArgs != 3) return S_OK;
    ok(V_VT(&params->rgvarg[2]) == VT_DISPATCH && V_VT(&params->rgvarg[1]) == VT_I4
            && V_VT(&params->rgvarg[0]) == VT_I4, "Unexpected argument types %u, %u, %u.\n",
            V_VT(&params->rgvarg[2]), V_VT(&params->rgvarg[1]), V_VT(&params->rgvarg[0]));
    hr = IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[2]), &IID_IDiscFormat2Erase, (void **)&erase);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        ok(erase == sink_erase, "The object is not the erase format.\n");
        IDiscFormat2Erase_Release(erase);
    }
    elapsed = V_I4(&params->rgvarg[1]);
    total = V_I4(&params->rgvarg[0]);
    if (elapsed < 0 || elapsed > total || elapsed < max_elapsed)
    {
        events_ok = FALSE;
        trace("Update(%ld, %ld) after elapsed %ld.\n", elapsed, total, max_elapsed);
    }
    max_elapsed = max(max_elapsed, elapsed);
    last_total = total;
    if (sink_fault && elapsed >= sink_fault_at)
    {
        hr = inject_faults(sink_recorder, sink_fault);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        sink_fault = NULL;
    }
    return S_OK;
}

static const IDispatchVtbl sink_vtbl =
{
    sink_QueryInterface, sink_AddRef, sink_Release, sink_GetTypeInfoCount, sink_GetTypeInfo,
    sink_GetIDsOfNames, sink_Invoke,
};

static IDispatch sink = { &sink_vtbl };

static void reset_sink(IDiscFormat2Erase *erase, IDiscRecorder2 *recorder)
{
    sink_erase = erase;
    sink_recorder = recorder;
    update_count = 0;
    max_elapsed = 0;
    last_total = -1;
    events_ok = TRUE;
    sink_fault = NULL;
}

static DWORD advise(IDiscFormat2Erase *erase, IConnectionPoint **point)
{
    IConnectionPointContainer *container;
    DWORD cookie = 0;
    HRESULT hr;

    hr = IDiscFormat2Erase_QueryInterface(erase, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DDiscFormat2EraseEvents, point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPointContainer_Release(container);
    hr = IConnectionPoint_Advise(*point, (IUnknown *)&sink, &cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return cookie;
}

static void test_properties(void)
{
    IDiscFormat2Erase *erase = create_erase();
    VARIANT_BOOL full = 0xdead;
    BSTR name;
    HRESULT hr;

    if (!erase) return;

    hr = IDiscFormat2Erase_get_FullErase(erase, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Erase_get_FullErase(erase, &full);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(full == VARIANT_FALSE, "Unexpected FullErase %#x.\n", full);
    hr = IDiscFormat2Erase_put_FullErase(erase, VARIANT_TRUE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Erase_get_FullErase(erase, &full);
    ok(hr == S_OK && full == VARIANT_TRUE, "Unexpected hr %#lx, FullErase %#x.\n", hr, full);
    hr = IDiscFormat2Erase_put_FullErase(erase, VARIANT_FALSE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Erase_get_FullErase(erase, &full);
    ok(hr == S_OK && full == VARIANT_FALSE, "Unexpected hr %#lx, FullErase %#x.\n", hr, full);

    /* Without a recorder there is nothing to erase, client name or not. */
    hr = IDiscFormat2Erase_EraseMedia(erase);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    name = SysAllocString(L"imapi2 erase test");
    hr = IDiscFormat2Erase_put_ClientName(erase, name);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name);
    hr = IDiscFormat2Erase_EraseMedia(erase);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);

    IDiscFormat2Erase_Release(erase);
}

static BOOL is_overwritable(IMAPI_MEDIA_PHYSICAL_TYPE type)
{
    return type == IMAPI_MEDIA_TYPE_DVDPLUSRW || type == IMAPI_MEDIA_TYPE_BDRE;
}

static BOOL is_erasable(IMAPI_MEDIA_PHYSICAL_TYPE type)
{
    return type == IMAPI_MEDIA_TYPE_CDRW || type == IMAPI_MEDIA_TYPE_DVDDASHRW || is_overwritable(type);
}

/* Writes a small session with IDiscFormat2Data (on a DVD-RW in restricted
 * overwrite, a DVD+RW or a BD-RE: its first blocks, formatting it first if
 * it is not); not zeros, which MediaHeuristicallyBlank takes for blank. */
static BOOL write_session(IDiscRecorder2 *recorder, IMAPI_MEDIA_PHYSICAL_TYPE type)
{
    HGLOBAL memory = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, 64 * 2048);
    IDiscFormat2Data *data;
    BYTE *bytes;
    IStream *stream = NULL;
    LONG next = -1;
    BSTR name;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Data,
            (void **)&data);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return FALSE;
    bytes = GlobalLock(memory);
    memset(bytes, 0x5a, 64 * 2048);
    GlobalUnlock(memory);
    CreateStreamOnHGlobal(memory, TRUE, &stream);
    name = SysAllocString(L"imapi2 erase test");
    IDiscFormat2Data_put_ClientName(data, name);
    SysFreeString(name);
    hr = IDiscFormat2Data_put_Recorder(data, recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_Write(data, stream);
    ok(hr == S_OK, "Write failed, hr %#lx.\n", hr);
    IDiscFormat2Data_get_NextWritableAddress(data, &next);
    if (type == IMAPI_MEDIA_TYPE_CDRW)
        ok(next > 0, "Unexpected next writable address %ld after a write.\n", next);
    IStream_Release(stream);
    IDiscFormat2Data_Release(data);
    return hr == S_OK;
}

/* What IDiscFormat2Data of a new object sees: blank, written from 0. */
static void check_blank(IDiscRecorder2 *recorder)
{
    IMAPI_FORMAT2_DATA_MEDIA_STATE status = 0;
    IDiscFormat2Data *data;
    LONG next = -1;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Data,
            (void **)&data);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = IDiscFormat2Data_put_Recorder(data, recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_CurrentMediaStatus(data, &status);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(status & IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK, "Unexpected media status %#x.\n", status);
    hr = IDiscFormat2Data_get_NextWritableAddress(data, &next);
    ok(hr == S_OK && !next, "Unexpected hr %#lx, next writable address %ld.\n", hr, next);
    IDiscFormat2Data_Release(data);
}

/* A DVD+RW or BD-RE after EraseMedia: formatted, so overwrite-only and not
 * physically blank, but heuristically blank (its first and last 2 MB), and
 * IDiscFormat2Data writes it from 0. */
static void check_overwritable_blank(IDiscFormat2Erase *erase, IDiscRecorder2 *recorder)
{
    IMAPI_FORMAT2_DATA_MEDIA_STATE status = 0;
    IDiscFormat2Data *data;
    VARIANT_BOOL blank;
    LONG next = -1;
    HRESULT hr;

    hr = IDiscFormat2Erase_get_MediaHeuristicallyBlank(erase, &blank);
    ok(hr == S_OK && blank == VARIANT_TRUE, "Unexpected hr %#lx, heuristically blank %#x.\n", hr, blank);
    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Data,
            (void **)&data);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = IDiscFormat2Data_put_Recorder(data, recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_CurrentMediaStatus(data, &status);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY, "Unexpected media status %#x.\n", status);
    hr = IDiscFormat2Data_get_MediaHeuristicallyBlank(data, &blank);
    ok(hr == S_OK && blank == VARIANT_TRUE, "Unexpected hr %#lx, heuristically blank %#x.\n", hr, blank);
    hr = IDiscFormat2Data_get_NextWritableAddress(data, &next);
    ok(hr == S_OK && !next, "Unexpected hr %#lx, next writable address %ld.\n", hr, next);
    IDiscFormat2Data_Release(data);
}

/* Puts a DVD-RW that the configuration holds in restricted overwrite back in
 * that mode (FORMAT UNIT type 15h, quick), for the tests that come after. */
static void restore_restricted_overwrite(IDiscRecorder2 *recorder)
{
    BYTE cdb[6] = {0x04, 0x11}, list[12] = {0, 0x02, 0, 8, 0xff, 0xff, 0xff, 0xff, 0x15 << 2}, sense[18];
    IDiscRecorder2Ex *ex;
    HRESULT hr;

    if (FAILED(IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex)))
        return;
    hr = IDiscRecorder2Ex_SendCommandSendDataToDevice(ex, cdb, sizeof(cdb), sense, 60, list, sizeof(list));
    ok(hr == S_OK, "FORMAT UNIT failed, hr %#lx.\n", hr);
    IDiscRecorder2Ex_Release(ex);
}

static void test_erase(IDiscFormat2Erase *erase, IDiscRecorder2 *recorder, IMAPI_MEDIA_PHYSICAL_TYPE type,
        BOOL full, const char *spec)
{
    IConnectionPoint *point;
    VARIANT_BOOL blank;
    DWORD cookie, start;
    HRESULT hr;

    winetest_push_context("%s%s", full ? "full" : "quick", spec ? " paced" : "");
    if (!write_session(recorder, type))
    {
        winetest_pop_context();
        return;
    }
    hr = IDiscFormat2Erase_get_MediaPhysicallyBlank(erase, &blank);
    ok(hr == S_OK && blank == VARIANT_FALSE, "Unexpected hr %#lx, blank %#x.\n", hr, blank);
    hr = IDiscFormat2Erase_get_MediaHeuristicallyBlank(erase, &blank);
    ok(hr == S_OK && blank == VARIANT_FALSE, "Unexpected hr %#lx, heuristically blank %#x.\n", hr, blank);

    IDiscFormat2Erase_put_FullErase(erase, full ? VARIANT_TRUE : VARIANT_FALSE);
    if (spec) inject_faults(recorder, spec);
    reset_sink(erase, recorder);
    cookie = advise(erase, &point);
    start = GetTickCount();
    hr = IDiscFormat2Erase_EraseMedia(erase);
    ok(hr == S_OK, "EraseMedia failed, hr %#lx.\n", hr);
    start = GetTickCount() - start;
    IConnectionPoint_Unadvise(point, cookie);
    IConnectionPoint_Release(point);

    ok(update_count > 0, "No Update.\n");
    ok(events_ok, "Elapsed times went back or past the total.\n");
    ok(last_total == max_elapsed, "The last Update said %ld of %ld seconds.\n", max_elapsed, last_total);
    if (spec)
    {
        /* a 2.5 second erase: updates about every second while it runs */
        ok(start >= 2000, "EraseMedia took %lu ms.\n", start);
        ok(update_count >= 3, "Got %u updates.\n", update_count);
        ok(max_elapsed >= 2, "Elapsed at most %ld.\n", max_elapsed);
    }

    if (is_overwritable(type))
    {
        /* formatted: the drive reports the disc complete */
        check_overwritable_blank(erase, recorder);
        winetest_pop_context();
        return;
    }
    hr = IDiscFormat2Erase_get_MediaPhysicallyBlank(erase, &blank);
    ok(hr == S_OK && blank == VARIANT_TRUE, "Unexpected hr %#lx, blank %#x.\n", hr, blank);
    /* Blanking returns a DVD-RW to sequential recording (MMC-6 4.5.4), which
     * our IDiscFormat2Data does not write yet: put it back for the next write. */
    if (type == IMAPI_MEDIA_TYPE_CDRW)
        check_blank(recorder);
    else
        restore_restricted_overwrite(recorder);
    winetest_pop_context();
}

/* A full erase of 20 s that FAULT interrupts a second in: EraseMedia gives
 * EXPECT at once. */
#define erase_interrupted(a, b, c, d) erase_interrupted_(__LINE__, a, b, c, d)
static void erase_interrupted_(unsigned int line, IDiscFormat2Erase *erase, IDiscRecorder2 *recorder,
        const char *fault, HRESULT expect)
{
    IConnectionPoint *point;
    DWORD cookie, start;
    HRESULT hr;

    IDiscFormat2Erase_put_FullErase(erase, VARIANT_TRUE);
    inject_faults(recorder, "blank-time:20000");
    reset_sink(erase, recorder);
    sink_fault = fault;
    sink_fault_at = 1;
    cookie = advise(erase, &point);
    start = GetTickCount();
    hr = IDiscFormat2Erase_EraseMedia(erase);
    ok_(__FILE__, line)(hr == expect, "%s: unexpected hr %#lx.\n", fault, hr);
    start = GetTickCount() - start;
    ok_(__FILE__, line)(start < 5000, "%s: EraseMedia took %lu ms.\n", fault, start);
    ok_(__FILE__, line)(!sink_fault, "%s: the fault was not injected.\n", fault);
    IConnectionPoint_Unadvise(point, cookie);
    IConnectionPoint_Release(point);
    IDiscFormat2Erase_put_FullErase(erase, VARIANT_FALSE);
}

/* The disc leaves the drive while it is erased: the documented no-media
 * error, at once. */
static void test_removal(IDiscFormat2Erase *erase, IDiscRecorder2 *recorder)
{
    HRESULT hr;

    erase_interrupted(erase, recorder, "eject", E_IMAPI_RECORDER_MEDIA_NO_MEDIA);
    hr = IDiscRecorder2_CloseTray(recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
}

/* The medium fails a full erase (a deferred error once the drive is done
 * with the BLANK or FORMAT UNIT): Microsoft documents
 * E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE for an erase that fails
 * on bad media.  The next erase goes through. */
static void test_erase_failure(IDiscFormat2Erase *erase, IDiscRecorder2 *recorder)
{
    HRESULT hr;

    IDiscFormat2Erase_put_FullErase(erase, VARIANT_TRUE);
    hr = inject_faults(recorder, "erase-failure");
    ok(hr == S_OK, "inject_faults failed, hr %#lx.\n", hr);
    hr = IDiscFormat2Erase_EraseMedia(erase);
    ok(hr == E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Erase_EraseMedia(erase);
    ok(hr == S_OK, "EraseMedia after the failure failed, hr %#lx.\n", hr);
    IDiscFormat2Erase_put_FullErase(erase, VARIANT_FALSE);
}

/* The drive loses power in the middle of a full erase and comes back: the
 * erase stopped, EraseMedia says so at once instead of waiting for it or
 * calling it done, the drive is usable again and the next erase goes through. */
static void test_power_loss(IDiscFormat2Erase *erase, IDiscRecorder2 *recorder)
{
    HRESULT hr;

    erase_interrupted(erase, recorder, "power-loss", E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE);
    hr = IDiscFormat2Erase_EraseMedia(erase);
    ok(hr == S_OK, "EraseMedia after the power loss failed, hr %#lx.\n", hr);
}

static void test_recorder(IDiscRecorder2 *recorder)
{
    IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
    IDiscFormat2Erase *erase = create_erase();
    const char *state = getenv("IMAPI2_TEST_STATE");
    HRESULT hr, media_hr;
    BSTR name;

    if (!erase) return;
    hr = IDiscFormat2Erase_put_Recorder(erase, recorder);
    if (hr == E_IMAPI_ERASE_RECORDER_NOT_SUPPORTED)
    {
        skip("The recorder cannot erase.\n");
        IDiscFormat2Erase_Release(erase);
        return;
    }
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    media_hr = IDiscFormat2Erase_get_CurrentPhysicalMediaType(erase, &type);
    trace("Media type %d, hr %#lx.\n", type, media_hr);

    if (!may_disturb_system())
    {
        skip("Not erasing a real disc.\n");
        IDiscFormat2Erase_Release(erase);
        return;
    }

    /* The client name names the exclusive access EraseMedia takes. */
    hr = IDiscFormat2Erase_EraseMedia(erase);
    ok(hr == E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID, "Unexpected hr %#lx.\n", hr);
    name = SysAllocString(L"imapi2 erase test");
    hr = IDiscFormat2Erase_put_ClientName(erase, name);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name);

    if (media_hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA)
    {
        hr = IDiscFormat2Erase_EraseMedia(erase);
        ok(hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA, "Unexpected hr %#lx.\n", hr);
    }
    else if (SUCCEEDED(media_hr) && !is_erasable(type))
    {
        hr = IDiscFormat2Erase_EraseMedia(erase);
        ok(hr == E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
    }
    else if (SUCCEEDED(media_hr) && (!state || !strcmp(state, "blank")) && is_virtual_recorder())
    {
        test_erase(erase, recorder, type, FALSE, NULL);
        test_erase(erase, recorder, type, TRUE, NULL);
        test_erase(erase, recorder, type, TRUE, "blank-time:2500");
        if (write_session(recorder, type))
            test_removal(erase, recorder);
        test_erase_failure(erase, recorder);
        test_power_loss(erase, recorder);
        /* leave the disc as the configuration describes it */
        hr = IDiscFormat2Erase_EraseMedia(erase);
        ok(hr == S_OK, "EraseMedia failed, hr %#lx.\n", hr);
        if (type == IMAPI_MEDIA_TYPE_DVDDASHRW)
            restore_restricted_overwrite(recorder);
    }
    IDiscFormat2Erase_Release(erase);
}

START_TEST(erase)
{
    IDiscRecorder2 *recorder;
    IDiscFormat2Erase *erase;
    HRESULT hr;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Erase, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Erase,
            (void **)&erase);
    if (FAILED(hr))
    {
        win_skip("MsftDiscFormat2Erase is not available, hr %#lx.\n", hr);
        CoUninitialize();
        return;
    }
    IDiscFormat2Erase_Release(erase);

    test_properties();

    if (!(recorder = get_recorder()))
        skip("No recorder found.\n");
    else
    {
        test_recorder(recorder);
        IDiscRecorder2_Release(recorder);
    }

    CoUninitialize();
}
