/*
 * Conformance tests for MsftWriteEngine2
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

/* Sections are written only to the blank random-writable media of a virtual
 * recorder (DVD+RW, BD-RE): no track needs setting up there. */

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

#define SECTORS 40

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

static IWriteEngine2 *create_engine(void)
{
    IWriteEngine2 *engine = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftWriteEngine2, NULL, CLSCTX_INPROC_SERVER, &IID_IWriteEngine2,
            (void **)&engine);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return engine;
}

/* sectors of 2048 bytes, each byte derived from its sector and offset */
static IStream *create_stream(LONG sectors, BYTE seed)
{
    HGLOBAL memory = GlobalAlloc(GMEM_MOVEABLE, sectors * 2048);
    IStream *stream = NULL;
    BYTE *data = GlobalLock(memory);
    LONG i;

    for (i = 0; i < sectors * 2048; ++i)
        data[i] = (BYTE)(seed + i / 2048 * 7 + i % 251);
    GlobalUnlock(memory);
    CreateStreamOnHGlobal(memory, TRUE, &stream);
    return stream;
}

/* The event sink: DWriteEngine2Events::Update(object, progress). */
static IWriteEngine2 *sink_engine;
static unsigned int update_count;
static BOOL in_progress_ok, args_ok, cancel_in_update;
static LONG expect_start, expect_count, last_written, last_read;
static HRESULT cancel_hr;

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_DWriteEngine2Events))
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
    IWriteEngine2EventArgs *args;
    LONG start = -1, count = -1, total = -1, used = -1, free_buffer = -1;
    VARIANT_BOOL writing = VARIANT_FALSE;
    IWriteEngine2 *engine;
    HRESULT hr;

    update_count++;
    ok(member == DISPID_DWRITEENGINE2EVENTS_UPDATE, "Unexpected member %ld.\n", member);
    ok(params->cArgs == 2, "Unexpected argument count %u.\n", params->cArgs);
    if (params->cArgs != 2) return S_OK;
    ok(V_VT(&params->rgvarg[1]) == VT_DISPATCH && V_VT(&params->rgvarg[0]) == VT_DISPATCH,
            "Unexpected argument types %u, %u.\n", V_VT(&params->rgvarg[1]), V_VT(&params->rgvarg[0]));
    hr = IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[1]), &IID_IWriteEngine2, (void **)&engine);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        ok(engine == sink_engine, "The object is not the write engine.\n");
        hr = IWriteEngine2_get_WriteInProgress(engine, &writing);
        if (hr != S_OK || writing != VARIANT_TRUE)
            in_progress_ok = FALSE;
        if (cancel_in_update)
        {
            cancel_hr = IWriteEngine2_CancelWrite(engine);
            cancel_in_update = FALSE;
        }
        IWriteEngine2_Release(engine);
    }
    hr = IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[0]), &IID_IWriteEngine2EventArgs, (void **)&args);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return S_OK;
    hr = IWriteEngine2EventArgs_get_StartLba(args, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    IWriteEngine2EventArgs_get_StartLba(args, &start);
    IWriteEngine2EventArgs_get_SectorCount(args, &count);
    IWriteEngine2EventArgs_get_LastReadLba(args, &last_read);
    IWriteEngine2EventArgs_get_LastWrittenLba(args, &last_written);
    IWriteEngine2EventArgs_get_TotalSystemBuffer(args, &total);
    IWriteEngine2EventArgs_get_UsedSystemBuffer(args, &used);
    IWriteEngine2EventArgs_get_FreeSystemBuffer(args, &free_buffer);
    if (start != expect_start || count != expect_count || last_written > last_read
            || last_written < start - 1 || last_read >= start + count || total != used + free_buffer)
    {
        args_ok = FALSE;
        trace("start %ld count %ld read %ld written %ld buffer %ld/%ld/%ld\n", start, count, last_read,
                last_written, total, used, free_buffer);
    }
    IWriteEngine2EventArgs_Release(args);
    return S_OK;
}

static const IDispatchVtbl sink_vtbl =
{
    sink_QueryInterface, sink_AddRef, sink_Release, sink_GetTypeInfoCount, sink_GetTypeInfo,
    sink_GetIDsOfNames, sink_Invoke,
};

static IDispatch sink = { &sink_vtbl };

static DWORD advise(IWriteEngine2 *engine, IConnectionPoint **point)
{
    IConnectionPointContainer *container;
    DWORD cookie = 0;
    HRESULT hr;

    hr = IWriteEngine2_QueryInterface(engine, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DWriteEngine2Events, point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPointContainer_Release(container);
    hr = IConnectionPoint_Advise(*point, (IUnknown *)&sink, &cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return cookie;
}

static void test_properties(void)
{
    IWriteEngine2 *engine = create_engine();
    VARIANT_BOOL value = 0xdead;
    IStream *stream;
    LONG size = 0;
    HRESULT hr;

    if (!engine) return;

    hr = IWriteEngine2_get_BytesPerSector(engine, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_get_BytesPerSector(engine, &size);
    ok(hr == S_OK && size == 2048, "Unexpected hr %#lx, BytesPerSector %ld.\n", hr, size);
    hr = IWriteEngine2_put_BytesPerSector(engine, 0);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_get_WriteInProgress(engine, &value);
    ok(hr == S_OK && value == VARIANT_FALSE, "Unexpected hr %#lx, WriteInProgress %#x.\n", hr, value);

    /* Microsoft: -1, the maximum speed, by default. */
    hr = IWriteEngine2_get_StartingSectorsPerSecond(engine, &size);
    ok(hr == S_OK && size == -1, "Unexpected hr %#lx, StartingSectorsPerSecond %ld.\n", hr, size);
    hr = IWriteEngine2_get_EndingSectorsPerSecond(engine, &size);
    ok(hr == S_OK && size == -1, "Unexpected hr %#lx, EndingSectorsPerSecond %ld.\n", hr, size);
    hr = IWriteEngine2_put_StartingSectorsPerSecond(engine, 0);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_put_EndingSectorsPerSecond(engine, -2);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_put_StartingSectorsPerSecond(engine, 1200);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_put_EndingSectorsPerSecond(engine, 3000);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_get_StartingSectorsPerSecond(engine, &size);
    ok(hr == S_OK && size == 1200, "Unexpected hr %#lx, StartingSectorsPerSecond %ld.\n", hr, size);
    hr = IWriteEngine2_get_EndingSectorsPerSecond(engine, &size);
    ok(hr == S_OK && size == 3000, "Unexpected hr %#lx, EndingSectorsPerSecond %ld.\n", hr, size);
    hr = IWriteEngine2_get_UseStreamingWrite12(engine, &value);
    ok(hr == S_OK && value == VARIANT_FALSE, "Unexpected hr %#lx, UseStreamingWrite12 %#x.\n", hr, value);

    /* Microsoft: a success code while no write is in progress. */
    hr = IWriteEngine2_CancelWrite(engine);
    ok(hr == S_IMAPI_WRITE_NOT_IN_PROGRESS, "Unexpected hr %#lx.\n", hr);

    stream = create_stream(4, 0);
    hr = IWriteEngine2_WriteSection(engine, NULL, 0, 4);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_WriteSection(engine, stream, 0, 0);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_WriteSection(engine, stream, 0, -1);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_WriteSection(engine, stream, 0, 4);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);

    IWriteEngine2_Release(engine);
}

/* A new data session formats the medium (DVD+RW and BD-RE come unformatted). */
static BOOL format_medium(IDiscRecorder2 *recorder, IMAPI_MEDIA_PHYSICAL_TYPE *type)
{
    IDiscFormat2Data *data;
    IStream *stream;
    BSTR name;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Data,
            (void **)&data);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return FALSE;
    IDiscFormat2Data_put_Recorder(data, recorder);
    *type = IMAPI_MEDIA_TYPE_UNKNOWN;
    IDiscFormat2Data_get_CurrentPhysicalMediaType(data, type);
    if (*type != IMAPI_MEDIA_TYPE_DVDPLUSRW && *type != IMAPI_MEDIA_TYPE_BDRE)
    {
        IDiscFormat2Data_Release(data);
        return FALSE;
    }
    stream = create_stream(16, 0x55);
    name = SysAllocString(L"imapi2 write engine test");
    IDiscFormat2Data_put_ClientName(data, name);
    SysFreeString(name);
    hr = IDiscFormat2Data_Write(data, stream);
    ok(hr == S_OK, "Write failed, hr %#lx.\n", hr);
    IStream_Release(stream);
    IDiscFormat2Data_Release(data);
    return hr == S_OK;
}

/* READ(10) of the sectors at lba through IDiscRecorder2Ex, 16 at a time (what
 * any host takes), compared with what create_stream(sectors, seed) holds. */
static void check_sectors(IDiscRecorder2Ex *ex, LONG lba, LONG sectors, BYTE seed)
{
    BYTE cdb[10] = {0x28}, sense[18];
    BYTE *buffer = malloc(sectors * 2048);
    LONG i, done, count, bad = -1;
    ULONG fetched;
    HRESULT hr = S_OK;

    for (done = 0; done < sectors && hr == S_OK; done += count)
    {
        count = min(sectors - done, 16);
        cdb[2] = (lba + done) >> 24; cdb[3] = (lba + done) >> 16; cdb[4] = (lba + done) >> 8; cdb[5] = lba + done;
        cdb[7] = 0; cdb[8] = count;
        fetched = 0;
        hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, cdb, sizeof(cdb), sense, 60,
                buffer + done * 2048, count * 2048, &fetched);
        ok(hr == S_OK, "READ(10) at %ld failed, hr %#lx.\n", lba + done, hr);
        ok(fetched == count * 2048, "Read %lu bytes.\n", fetched);
    }
    for (i = 0; hr == S_OK && i < sectors * 2048 && bad < 0; ++i)
        if (buffer[i] != (BYTE)(seed + i / 2048 * 7 + i % 251)) bad = i;
    ok(bad < 0, "Sector %ld at %ld differs from what was written.\n", bad / 2048, lba);
    free(buffer);
}

static void test_write(IWriteEngine2 *engine, IDiscRecorder2Ex *ex, LONG lba, BYTE seed, BOOL write_12)
{
    IConnectionPoint *point;
    IStream *stream;
    VARIANT_BOOL value;
    DWORD cookie;
    HRESULT hr;

    winetest_push_context("WRITE(%u) at %ld", write_12 ? 12 : 10, lba);
    hr = IWriteEngine2_put_UseStreamingWrite12(engine, write_12 ? VARIANT_TRUE : VARIANT_FALSE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    stream = create_stream(SECTORS, seed);
    sink_engine = engine;
    update_count = 0;
    in_progress_ok = args_ok = TRUE;
    expect_start = lba;
    expect_count = SECTORS;
    last_written = last_read = -100;
    cookie = advise(engine, &point);
    hr = IWriteEngine2_WriteSection(engine, stream, lba, SECTORS);
    ok(hr == S_OK, "WriteSection failed, hr %#lx.\n", hr);
    IConnectionPoint_Unadvise(point, cookie);
    IConnectionPoint_Release(point);
    ok(update_count > 0, "No Update.\n");
    ok(in_progress_ok, "WriteInProgress was not TRUE in Update.\n");
    ok(args_ok, "Unexpected event arguments.\n");
    ok(last_written == lba + SECTORS - 1, "The last Update said %ld written.\n", last_written);
    hr = IWriteEngine2_get_WriteInProgress(engine, &value);
    ok(hr == S_OK && value == VARIANT_FALSE, "Unexpected hr %#lx, WriteInProgress %#x.\n", hr, value);
    IStream_Release(stream);
    check_sectors(ex, lba, SECTORS, seed);
    winetest_pop_context();
}

static void test_recorder(IDiscRecorder2 *recorder)
{
    const char *state = getenv("IMAPI2_TEST_STATE");
    IMAPI_MEDIA_PHYSICAL_TYPE type;
    IDiscRecorder2Ex *ex, *got = NULL;
    IConnectionPoint *point;
    IWriteEngine2 *engine;
    IStream *stream;
    LARGE_INTEGER move;
    DWORD cookie;
    HRESULT hr;

    if (!may_disturb_system() || !is_virtual_recorder() || (state && strcmp(state, "blank")))
    {
        skip("Not writing sections to this disc.\n");
        return;
    }
    if (!format_medium(recorder, &type))
    {
        skip("No blank DVD+RW or BD-RE.\n");
        return;
    }
    if (!(engine = create_engine())) return;
    hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_put_Recorder(engine, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_put_Recorder(engine, ex);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IWriteEngine2_get_Recorder(engine, &got);
    ok(hr == S_OK && got == ex, "Unexpected hr %#lx, recorder %p.\n", hr, got);
    if (got) IDiscRecorder2Ex_Release(got);

    test_write(engine, ex, 1000, 0x11, FALSE);
    test_write(engine, ex, 2000, 0x22, TRUE);
    /* the first section is still there */
    check_sectors(ex, 1000, SECTORS, 0x11);

    /* Every sector asked for must be in the stream: nothing is written otherwise. */
    stream = create_stream(SECTORS, 0x33);
    hr = IWriteEngine2_WriteSection(engine, stream, 1000, SECTORS + 1);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    move.QuadPart = 2048;
    IStream_Seek(stream, move, STREAM_SEEK_SET, NULL);
    hr = IWriteEngine2_WriteSection(engine, stream, 1000, SECTORS);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    check_sectors(ex, 1000, SECTORS, 0x11);

    /* CancelWrite from the first Update: the documented cancel error. */
    move.QuadPart = 0;
    IStream_Seek(stream, move, STREAM_SEEK_SET, NULL);
    update_count = 0;
    in_progress_ok = args_ok = TRUE;
    expect_start = 3000;
    expect_count = SECTORS;
    cancel_in_update = TRUE;
    cancel_hr = 0xdeadbeef;
    cookie = advise(engine, &point);
    hr = IWriteEngine2_WriteSection(engine, stream, 3000, SECTORS);
    ok(hr == E_IMAPI_REQUEST_CANCELLED, "Unexpected hr %#lx.\n", hr);
    ok(cancel_hr == S_OK, "CancelWrite in Update returned %#lx.\n", cancel_hr);
    IConnectionPoint_Unadvise(point, cookie);
    IConnectionPoint_Release(point);
    IStream_Release(stream);

    IDiscRecorder2Ex_Release(ex);
    IWriteEngine2_Release(engine);
}

START_TEST(write_engine)
{
    IDiscRecorder2 *recorder;
    IWriteEngine2 *engine;
    HRESULT hr;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    hr = CoCreateInstance(&CLSID_MsftWriteEngine2, NULL, CLSCTX_INPROC_SERVER, &IID_IWriteEngine2,
            (void **)&engine);
    if (FAILED(hr))
    {
        win_skip("MsftWriteEngine2 is not available, hr %#lx.\n", hr);
        CoUninitialize();
        return;
    }
    IWriteEngine2_Release(engine);

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
