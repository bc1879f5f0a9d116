/*
 * Conformance tests for MsftDiscFormat2Data.
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

#include <stdarg.h>
#include <stdio.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "oleauto.h"
#include "ocidl.h"
#include "imapi2.h"
#include "imapi2error.h"

#include "wine/test.h"
#include "virtual_recorder.h"

#define DEFINE_EXPECT(func) \
    static BOOL expect_ ## func = FALSE, called_ ## func = FALSE

#define SET_EXPECT(func) \
    expect_ ## func = TRUE

#define CHECK_EXPECT2(func) \
    do { \
        ok(expect_ ##func, "unexpected call " #func "\n"); \
        called_ ## func = TRUE; \
    } while (0)

#define CHECK_CALLED(func) \
    do { \
        ok(called_ ## func, "expected " #func "\n"); \
        expect_ ## func = called_ ## func = FALSE; \
    } while (0)

DEFINE_EXPECT(Update);

#define TEST_BLOCKS 512

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

static IDiscFormat2Data *create_format(void)
{
    IDiscFormat2Data *format = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Data,
            (void **)&format);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return format;
}

static IStream *create_memory_stream(SIZE_T size, BYTE seed)
{
    HGLOBAL memory = GlobalAlloc(GMEM_MOVEABLE, size);
    IStream *stream = NULL;
    BYTE *data = GlobalLock(memory);
    SIZE_T i;

    for (i = 0; i < size; ++i)
        data[i] = (BYTE)(i / 251 + seed + i);
    GlobalUnlock(memory);
    CreateStreamOnHGlobal(memory, TRUE, &stream);
    return stream;
}

/* A stream that only says how large it is: Write must refuse it unread. */
struct size_stream
{
    IStream IStream_iface;
    ULONGLONG size;
    HRESULT read_hr;                /* 0: Read must not be called */
    /* Or, with available set: Read gives the bytes of create_memory_stream(seed)
     * up to available, then ends early. */
    ULONGLONG available, position;
    BYTE seed;
    DWORD delay_ms;                 /* each Read takes that long first */
};

static HRESULT WINAPI size_stream_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IStream)
            || IsEqualGUID(riid, &IID_ISequentialStream))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI size_stream_AddRef(IStream *iface) { return 2; }
static ULONG WINAPI size_stream_Release(IStream *iface) { return 1; }

static HRESULT WINAPI size_stream_Read(IStream *iface, void *data, ULONG size, ULONG *read)
{
    struct size_stream *stream = CONTAINING_RECORD(iface, struct size_stream, IStream_iface);

    BYTE *bytes = data;
    ULONG i;

    if (stream->available)
    {
        if (stream->delay_ms) Sleep(stream->delay_ms);
        for (i = 0; i < size && stream->position < stream->available; ++i, ++stream->position)
            bytes[i] = (BYTE)(stream->position / 251 + stream->seed + stream->position);
        if (read) *read = i;
        return S_OK;
    }
    ok(stream->read_hr != 0, "unexpected call\n");
    if (read) *read = 0;
    return stream->read_hr ? stream->read_hr : E_FAIL;
}

static HRESULT WINAPI size_stream_Write(IStream *iface, const void *data, ULONG size, ULONG *written)
{
    ok(0, "unexpected call\n");
    return E_NOTIMPL;
}

static HRESULT WINAPI size_stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *pos)
{
    struct size_stream *stream = CONTAINING_RECORD(iface, struct size_stream, IStream_iface);

    if (origin == STREAM_SEEK_SET)
        stream->position = move.QuadPart;
    else if (origin == STREAM_SEEK_CUR)
        stream->position += move.QuadPart;
    else
        stream->position = stream->size + move.QuadPart;
    if (pos) pos->QuadPart = stream->position;
    return S_OK;
}

static HRESULT WINAPI size_stream_SetSize(IStream *iface, ULARGE_INTEGER size) { return E_NOTIMPL; }

static HRESULT WINAPI size_stream_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size,
        ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI size_stream_Commit(IStream *iface, DWORD flags) { return E_NOTIMPL; }
static HRESULT WINAPI size_stream_Revert(IStream *iface) { return E_NOTIMPL; }

static HRESULT WINAPI size_stream_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI size_stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size,
        DWORD type)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI size_stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct size_stream *stream = CONTAINING_RECORD(iface, struct size_stream, IStream_iface);

    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = stream->size;
    return S_OK;
}

static HRESULT WINAPI size_stream_Clone(IStream *iface, IStream **out) { return E_NOTIMPL; }

static const IStreamVtbl size_stream_vtbl =
{
    size_stream_QueryInterface, size_stream_AddRef, size_stream_Release, size_stream_Read, size_stream_Write,
    size_stream_Seek, size_stream_SetSize, size_stream_CopyTo, size_stream_Commit, size_stream_Revert,
    size_stream_LockRegion, size_stream_UnlockRegion, size_stream_Stat, size_stream_Clone,
};

/* The DDiscFormat2DataEvents sink. */
static IDiscFormat2Data *sink_format;
static BOOL sink_cancel;
static unsigned int update_count;
static IMAPI_FORMAT2_DATA_WRITE_ACTION first_action, last_action;
static LONG event_start_lba, event_sector_count, event_last_written, event_max_elapsed;
static BOOL seen_writing, event_order_ok, event_buffer_ok;
static HRESULT cancel_hr;
static BOOL sink_try_setters;
static HRESULT setter_hrs[4];

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_DDiscFormat2DataEvents))
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
    IMAPI_FORMAT2_DATA_WRITE_ACTION action = 0xdead;
    IDiscFormat2DataEventArgs *args;
    LONG start, count, written, read, total, used, free_buffer, elapsed, remaining, total_time;
    IDiscFormat2Data *format;
    HRESULT hr;

    CHECK_EXPECT2(Update);
    ok(member == DISPID_DDISCFORMAT2DATAEVENTS_UPDATE, "Unexpected member %ld.\n", member);
    ok(params->cArgs == 2, "Unexpected argument count %u.\n", params->cArgs);
    ok(V_VT(&params->rgvarg[0]) == VT_DISPATCH && V_VT(&params->rgvarg[1]) == VT_DISPATCH,
            "Unexpected argument types %u, %u.\n", V_VT(&params->rgvarg[0]), V_VT(&params->rgvarg[1]));

    hr = IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[1]), &IID_IDiscFormat2Data, (void **)&format);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        ok(format == sink_format, "The object is not the format.\n");
        IDiscFormat2Data_Release(format);
    }

    hr = IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[0]), &IID_IDiscFormat2DataEventArgs, (void **)&args);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return S_OK;
    IDiscFormat2DataEventArgs_get_CurrentAction(args, &action);
    IDiscFormat2DataEventArgs_get_StartLba(args, &start);
    IDiscFormat2DataEventArgs_get_SectorCount(args, &count);
    IDiscFormat2DataEventArgs_get_LastWrittenLba(args, &written);
    IDiscFormat2DataEventArgs_get_LastReadLba(args, &read);
    IDiscFormat2DataEventArgs_get_TotalSystemBuffer(args, &total);
    IDiscFormat2DataEventArgs_get_UsedSystemBuffer(args, &used);
    IDiscFormat2DataEventArgs_get_FreeSystemBuffer(args, &free_buffer);
    IDiscFormat2DataEventArgs_get_ElapsedTime(args, &elapsed);
    IDiscFormat2DataEventArgs_get_RemainingTime(args, &remaining);
    IDiscFormat2DataEventArgs_get_TotalTime(args, &total_time);
    hr = IDiscFormat2DataEventArgs_get_CurrentAction(args, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    IDiscFormat2DataEventArgs_Release(args);

    if (!update_count++)
        first_action = action;
    else if (action < last_action && action != IMAPI_FORMAT2_DATA_WRITE_ACTION_VERIFYING
            && last_action != IMAPI_FORMAT2_DATA_WRITE_ACTION_VERIFYING)
        event_order_ok = FALSE;
    last_action = action;
    if (total != used + free_buffer || used < 0 || used > total)
        event_buffer_ok = FALSE;
    ok(elapsed >= 0 && remaining >= 0 && total_time >= elapsed, "Times %ld, %ld, %ld.\n", elapsed, remaining,
            total_time);
    event_max_elapsed = max(event_max_elapsed, elapsed);
    if (action == IMAPI_FORMAT2_DATA_WRITE_ACTION_WRITING_DATA)
    {
        seen_writing = TRUE;
        event_start_lba = start;
        event_sector_count = count;
        ok(written >= start - 1 && written <= start + count - 1, "Last written %ld, start %ld, count %ld.\n",
                written, start, count);
        ok(written <= read, "Written %ld past read %ld.\n", written, read);
        ok(total > 0, "No system buffer.\n");
        if (sink_try_setters)
        {
            BSTR name = SysAllocString(L"other");

            sink_try_setters = FALSE;
            setter_hrs[0] = IDiscFormat2Data_put_ForceOverwrite(sink_format, VARIANT_TRUE);
            setter_hrs[1] = IDiscFormat2Data_put_ClientName(sink_format, name);
            setter_hrs[2] = IDiscFormat2Data_SetWriteSpeed(sink_format, 1, VARIANT_FALSE);
            setter_hrs[3] = IDiscFormat2Data_put_PostgapAlreadyInImage(sink_format, VARIANT_TRUE);
            SysFreeString(name);
        }
        if (sink_cancel)
            cancel_hr = IDiscFormat2Data_CancelWrite(sink_format);
    }
    if (action == IMAPI_FORMAT2_DATA_WRITE_ACTION_FINALIZATION || action == IMAPI_FORMAT2_DATA_WRITE_ACTION_COMPLETED)
        event_last_written = written;
    return S_OK;
}

static const IDispatchVtbl sink_vtbl =
{
    sink_QueryInterface, sink_AddRef, sink_Release, sink_GetTypeInfoCount, sink_GetTypeInfo,
    sink_GetIDsOfNames, sink_Invoke,
};

static IDispatch sink = { &sink_vtbl };

static void reset_sink(IDiscFormat2Data *format, BOOL cancel)
{
    sink_format = format;
    sink_cancel = cancel;
    update_count = 0;
    first_action = last_action = 0;
    seen_writing = FALSE;
    event_order_ok = event_buffer_ok = TRUE;
    event_start_lba = event_sector_count = event_last_written = event_max_elapsed = -1;
    cancel_hr = 0xdeadbeef;
}

static DWORD advise(IDiscFormat2Data *format, IConnectionPoint **point)
{
    IConnectionPointContainer *container;
    DWORD cookie = 0;
    HRESULT hr;

    hr = IDiscFormat2Data_QueryInterface(format, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DDiscFormat2DataEvents, point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPointContainer_Release(container);
    hr = IConnectionPoint_Advise(*point, (IUnknown *)&sink, &cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return cookie;
}

/* READ(10) through the recorder: the data must be what was written. */
static BOOL read_back(IDiscRecorder2 *recorder, LONG lba, BYTE seed, LONG stream_block)
{
    BYTE cdb[10] = {0x28}, sense[18], buffer[2048], expect[2048];
    IDiscRecorder2Ex *ex;
    ULONG fetched = 0, i;
    HRESULT hr;

    if (FAILED(IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex)))
        return FALSE;
    cdb[2] = lba >> 24; cdb[3] = lba >> 16; cdb[4] = lba >> 8; cdb[5] = lba;
    cdb[8] = 1;
    hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, cdb, sizeof(cdb), sense, 20, buffer, sizeof(buffer),
            &fetched);
    IDiscRecorder2Ex_Release(ex);
    for (i = 0; i < sizeof(expect); ++i)
    {
        SIZE_T offset = (SIZE_T)stream_block * 2048 + i;
        expect[i] = (BYTE)(offset / 251 + seed + offset);
    }
    return hr == S_OK && fetched == sizeof(buffer) && !memcmp(buffer, expect, sizeof(buffer));
}

static void test_client_name(IDiscFormat2Data *format)
{
    static const WCHAR *invalid[] =
    {
        L"", L"bad/name", L"bad\\name", L"tab\tname", L"\x00e9t\x00e9",
        L"0123456789012345678901234567890123456789012345678901234567890123",
    };
    unsigned int i;
    BSTR name, got;
    HRESULT hr;

    /* Microsoft: the name goes to AcquireExclusiveAccess, whose rule applies. */
    hr = IDiscFormat2Data_put_ClientName(format, NULL);
    ok(hr == E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID, "Unexpected hr %#lx.\n", hr);
    for (i = 0; i < ARRAY_SIZE(invalid); ++i)
    {
        name = SysAllocString(invalid[i]);
        hr = IDiscFormat2Data_put_ClientName(format, name);
        ok(hr == E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID || broken(hr == S_OK && i),
                "%s: unexpected hr %#lx.\n", wine_dbgstr_w(invalid[i]), hr);
        SysFreeString(name);
    }

    name = SysAllocString(L"Imapi2 test-1_v.2,a:b;c");
    hr = IDiscFormat2Data_put_ClientName(format, name);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    got = NULL;
    hr = IDiscFormat2Data_get_ClientName(format, &got);
    ok(hr == S_OK && got && !wcscmp(got, name), "Unexpected hr %#lx, name %s.\n", hr, wine_dbgstr_w(got));
    SysFreeString(got);
    SysFreeString(name);
    hr = IDiscFormat2Data_get_ClientName(format, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
}

static void test_no_recorder(void)
{
    IDiscFormat2Data *format = create_format();
    IConnectionPointContainer *container;
    IBurnVerification *verification;
    IDiscRecorder2 *recorder;
    IMAPI_FORMAT2_DATA_MEDIA_STATE status;
    IMAPI_MEDIA_PHYSICAL_TYPE type;
    SAFEARRAY *array;
    VARIANT_BOOL flag;
    IDispatch *dispatch;
    IStream *stream;
    LONG value;
    HRESULT hr;

    if (!format) return;

    hr = IDiscFormat2Data_QueryInterface(format, &IID_IDiscFormat2, (void **)&dispatch);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IDispatch_Release(dispatch);
    hr = IDiscFormat2Data_QueryInterface(format, &IID_IDispatch, (void **)&dispatch);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IDispatch_Release(dispatch);
    hr = IDiscFormat2Data_QueryInterface(format, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPointContainer_Release(container);
    hr = IDiscFormat2Data_QueryInterface(format, &IID_IBurnVerification, (void **)&verification);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IBurnVerification_put_BurnVerificationLevel(verification, 3);
        ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
        hr = IBurnVerification_put_BurnVerificationLevel(verification, IMAPI_BURN_VERIFICATION_FULL);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        hr = IBurnVerification_get_BurnVerificationLevel(verification, (IMAPI_BURN_VERIFICATION_LEVEL *)&value);
        ok(hr == S_OK && value == IMAPI_BURN_VERIFICATION_FULL, "Unexpected hr %#lx, level %ld.\n", hr, value);
        IBurnVerification_Release(verification);
    }

    /* Microsoft documents FALSE as the default of these. */
    flag = 0xdead;
    hr = IDiscFormat2Data_get_ForceMediaToBeClosed(format, &flag);
    ok(hr == S_OK && flag == VARIANT_FALSE, "Unexpected hr %#lx, value %#x.\n", hr, flag);
    flag = 0xdead;
    hr = IDiscFormat2Data_get_DisableConsumerDvdCompatibilityMode(format, &flag);
    ok(hr == S_OK && flag == VARIANT_FALSE, "Unexpected hr %#lx, value %#x.\n", hr, flag);
    flag = 0xdead;
    hr = IDiscFormat2Data_get_PostgapAlreadyInImage(format, &flag);
    ok(hr == S_OK && flag == VARIANT_FALSE, "Unexpected hr %#lx, value %#x.\n", hr, flag);
    hr = IDiscFormat2Data_put_ForceMediaToBeClosed(format, VARIANT_TRUE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_ForceMediaToBeClosed(format, &flag);
    ok(hr == S_OK && flag == VARIANT_TRUE, "Unexpected hr %#lx, value %#x.\n", hr, flag);
    hr = IDiscFormat2Data_get_ForceMediaToBeClosed(format, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    test_client_name(format);

    recorder = (IDiscRecorder2 *)0xdeadbeef;
    hr = IDiscFormat2Data_get_Recorder(format, &recorder);
    ok(hr == S_OK && !recorder, "Unexpected hr %#lx, recorder %p.\n", hr, recorder);
    /* Microsoft's C++ sample clears the recorder after a burn and fails if that fails. */
    hr = IDiscFormat2Data_put_Recorder(format, NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    hr = IDiscFormat2Data_get_CurrentMediaStatus(format, &status);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_CurrentPhysicalMediaType(format, &type);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_NextWritableAddress(format, &value);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_FreeSectorsOnMedia(format, &value);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_MultisessionInterfaces(format, &array);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_NextWritableAddress(format, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    stream = create_memory_stream(2048, 0);
    hr = IDiscFormat2Data_Write(format, stream);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);
    hr = IDiscFormat2Data_Write(format, NULL);
    ok(hr == E_POINTER || broken(hr == E_INVALIDARG), "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_CancelWrite(format);
    ok(hr == E_IMAPI_DF2DATA_WRITE_NOT_IN_PROGRESS, "Unexpected hr %#lx.\n", hr);

    /* The speed goes to a drive: there is none. */
    hr = IDiscFormat2Data_SetWriteSpeed(format, 1385, VARIANT_TRUE);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_RequestedWriteSpeed(format, &value);
    ok(hr == S_OK && value == -1, "Unexpected hr %#lx, speed %ld.\n", hr, value);
    hr = IDiscFormat2Data_get_RequestedRotationTypeIsPureCAV(format, &flag);
    ok(hr == S_OK && flag == VARIANT_FALSE, "Unexpected hr %#lx, value %#x.\n", hr, flag);
    hr = IDiscFormat2Data_SetWriteSpeed(format, -2, VARIANT_FALSE);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);

    hr = IDiscFormat2Data_IsRecorderSupported(format, NULL, &flag);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    value = IDiscFormat2Data_Release(format);
    ok(!value, "Unexpected refcount %ld.\n", value);
}

struct media_values
{
    HRESULT hr;
    IMAPI_FORMAT2_DATA_MEDIA_STATE status;
    LONG next_writable, start_prev, last_written_prev, free_sectors, total;
};

static void get_values(IDiscFormat2Data *format, struct media_values *v)
{
    HRESULT hr;

    memset(v, 0, sizeof(*v));
    v->hr = IDiscFormat2Data_get_CurrentMediaStatus(format, &v->status);
    if (FAILED(v->hr)) return;
    if (FAILED(hr = IDiscFormat2Data_get_NextWritableAddress(format, &v->next_writable))) v->hr = hr;
    if (FAILED(hr = IDiscFormat2Data_get_StartAddressOfPreviousSession(format, &v->start_prev))) v->hr = hr;
    if (FAILED(hr = IDiscFormat2Data_get_LastWrittenAddressOfPreviousSession(format, &v->last_written_prev))) v->hr = hr;
    if (FAILED(hr = IDiscFormat2Data_get_FreeSectorsOnMedia(format, &v->free_sectors))) v->hr = hr;
    if (FAILED(hr = IDiscFormat2Data_get_TotalSectorsOnMedia(format, &v->total))) v->hr = hr;
}

static BOOL is_cd(IMAPI_MEDIA_PHYSICAL_TYPE type)
{
    return type == IMAPI_MEDIA_TYPE_CDR || type == IMAPI_MEDIA_TYPE_CDRW;
}

static LONG write_unit_of(IMAPI_MEDIA_PHYSICAL_TYPE type)
{
    if (is_cd(type)) return 1;
    if (type >= IMAPI_MEDIA_TYPE_BDROM) return 32;
    return 16;
}

static void set_write_options(IDiscFormat2Data *format);

static void test_write_validation(IDiscFormat2Data *format, const struct media_values *before)
{
    struct size_stream big = {{&size_stream_vtbl}};
    struct media_values after;
    IStream *stream;
    BSTR name = NULL;
    HRESULT hr;

    /* Microsoft: the client name must be set before Write. */
    hr = IDiscFormat2Data_get_ClientName(format, &name);
    ok(hr == S_OK && !name, "ClientName: hr %#lx, %s.\n", hr, wine_dbgstr_w(name));
    SysFreeString(name);
    stream = create_memory_stream(64 * 2048, 0);
    hr = IDiscFormat2Data_Write(format, stream);
    ok(hr == E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID, "Write without a client name: hr %#lx.\n", hr);
    IStream_Release(stream);
    get_values(format, &after);
    ok(after.status == before->status && after.next_writable == before->next_writable,
            "Status %#x, next writable %ld; was %#x, %ld.\n", after.status, after.next_writable, before->status,
            before->next_writable);
    set_write_options(format);

    stream = create_memory_stream(2049, 0);
    hr = IDiscFormat2Data_Write(format, stream);
    ok(hr == E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);

    hr = IDiscFormat2Data_Write(format, NULL);
    ok(hr == E_POINTER || broken(hr == E_INVALIDARG), "Unexpected hr %#lx.\n", hr);

    /* One sector more than FreeSectorsOnMedia. */
    big.size = ((ULONGLONG)before->free_sectors + 1) * 2048;
    hr = IDiscFormat2Data_Write(format, &big.IStream_iface);
    ok(hr == E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, "Unexpected hr %#lx.\n", hr);

    get_values(format, &after);
    ok(after.hr == S_OK, "Unexpected hr %#lx.\n", after.hr);
    ok(after.status == before->status, "Status %#x, was %#x.\n", after.status, before->status);
    ok(after.next_writable == before->next_writable, "Next writable %ld, was %ld.\n", after.next_writable,
            before->next_writable);

    /* A stream that fails to read: its error comes back, nothing is recorded.
     * Blank overwritable media may be formatted by then. */
    big.size = 64 * 2048;
    big.read_hr = STG_E_READFAULT;
    hr = IDiscFormat2Data_Write(format, &big.IStream_iface);
    ok(hr == STG_E_READFAULT, "Unexpected hr %#lx.\n", hr);
    get_values(format, &after);
    ok(after.hr == S_OK, "Unexpected hr %#lx.\n", after.hr);
    ok(after.next_writable == before->next_writable, "Next writable %ld, was %ld.\n", after.next_writable,
            before->next_writable);
    ok((after.status & ~IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK) == (before->status & ~IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK),
            "Status %#x, was %#x.\n", after.status, before->status);
}

/* A client name, and a disc left appendable. */
static void set_write_options(IDiscFormat2Data *format)
{
    BSTR name;
    HRESULT hr;

    name = SysAllocString(L"imapi2test");
    hr = IDiscFormat2Data_put_ClientName(format, name);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name);
    hr = IDiscFormat2Data_put_ForceMediaToBeClosed(format, VARIANT_FALSE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    /* Outside compatibility mode DVD+R stays appendable (Microsoft's table). */
    hr = IDiscFormat2Data_put_DisableConsumerDvdCompatibilityMode(format, VARIANT_TRUE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
}

static void test_write(IDiscRecorder2 *recorder, IDiscFormat2Data *format, IMAPI_MEDIA_PHYSICAL_TYPE type,
        const struct media_values *before)
{
    BOOL random = (before->status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY) != 0;
    IBurnVerification *verification;
    IConnectionPoint *point;
    struct media_values after;
    LONG padded, expect_last;
    VARIANT_BOOL flag;
    IStream *stream;
    unsigned int i;
    DWORD cookie;
    HRESULT hr;

    set_write_options(format);
    cookie = advise(format, &point);

    /* CancelWrite from the event handler, before any data: nothing is written. */
    reset_sink(format, TRUE);
    SET_EXPECT(Update);
    stream = create_memory_stream(TEST_BLOCKS * 2048, 7);
    hr = IDiscFormat2Data_Write(format, stream);
    ok(hr == E_IMAPI_REQUEST_CANCELLED, "Unexpected hr %#lx.\n", hr);
    CHECK_CALLED(Update);
    ok(cancel_hr == S_OK, "CancelWrite returned %#lx.\n", cancel_hr);
    IStream_Release(stream);
    get_values(format, &after);
    ok(after.hr == S_OK, "Unexpected hr %#lx.\n", after.hr);
    ok(after.next_writable == before->next_writable, "Next writable %ld, was %ld.\n", after.next_writable,
            before->next_writable);
    /* Blank overwritable media are formatted before the first WRITING_DATA update. */
    if (random)
        ok((after.status & ~IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK) == (before->status & ~IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK),
                "Status %#x, was %#x.\n", after.status, before->status);
    else
        ok(after.status == before->status, "Status %#x, was %#x.\n", after.status, before->status);

    /* Full verification reads every written sector back. */
    hr = IDiscFormat2Data_QueryInterface(format, &IID_IBurnVerification, (void **)&verification);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        hr = IBurnVerification_put_BurnVerificationLevel(verification, IMAPI_BURN_VERIFICATION_FULL);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        IBurnVerification_Release(verification);
    }

    reset_sink(format, FALSE);
    sink_try_setters = TRUE;
    memset(setter_hrs, 0xcc, sizeof(setter_hrs));
    SET_EXPECT(Update);
    stream = create_memory_stream(TEST_BLOCKS * 2048, 3);
    hr = IDiscFormat2Data_Write(format, stream);
    ok(hr == S_OK, "Write failed, hr %#lx.\n", hr);
    CHECK_CALLED(Update);
    IStream_Release(stream);
    IConnectionPoint_Unadvise(point, cookie);
    IConnectionPoint_Release(point);
    sink_try_setters = FALSE;
    if (hr != S_OK) return;

    /* Microsoft: the settings cannot change while Write runs. */
    for (i = 0; i < ARRAY_SIZE(setter_hrs); ++i)
        ok(setter_hrs[i] == E_IMAPI_DF2DATA_WRITE_IN_PROGRESS, "Setter %u: unexpected hr %#lx.\n", i,
                setter_hrs[i]);
    flag = 0xdead;
    hr = IDiscFormat2Data_get_PostgapAlreadyInImage(format, &flag);
    ok(hr == S_OK && flag == VARIANT_FALSE, "Unexpected hr %#lx, value %#x.\n", hr, flag);
    hr = IDiscFormat2Data_get_ForceOverwrite(format, &flag);
    ok(hr == S_OK && flag == VARIANT_FALSE, "Unexpected hr %#lx, value %#x.\n", hr, flag);

    ok(first_action == IMAPI_FORMAT2_DATA_WRITE_ACTION_VALIDATING_MEDIA, "First action %d.\n", first_action);
    ok(last_action == IMAPI_FORMAT2_DATA_WRITE_ACTION_COMPLETED, "Last action %d.\n", last_action);
    ok(seen_writing, "No WRITING_DATA update.\n");
    ok(event_order_ok, "Actions went backwards.\n");
    ok(event_buffer_ok, "Buffer figures do not add up.\n");
    ok(event_start_lba == (random ? 0 : before->next_writable), "StartLba %ld, next writable was %ld.\n",
            event_start_lba, before->next_writable);

    /* Sequential DVD/BD record whole ECC blocks; CD appends the documented
     * 150-sector post-gap. */
    padded = TEST_BLOCKS;
    if (is_cd(type))
        padded += 150;
    else if (!random)
        padded = (padded + write_unit_of(type) - 1) / write_unit_of(type) * write_unit_of(type);
    ok(event_sector_count == padded, "SectorCount %ld, expected %ld.\n", event_sector_count, padded);
    ok(event_last_written == event_start_lba + padded - 1, "LastWrittenLba %ld, expected %ld.\n",
            event_last_written, event_start_lba + padded - 1);

    get_values(format, &after);
    ok(read_back(recorder, random ? 0 : before->next_writable, 3, 0), "First sector differs.\n");
    ok(read_back(recorder, (random ? 0 : before->next_writable) + TEST_BLOCKS - 1, 3, TEST_BLOCKS - 1),
            "Last sector differs.\n");
    if (type == IMAPI_MEDIA_TYPE_DVDPLUSR_DUALLAYER)
    {
        /* Microsoft: outside compatibility mode DVD+R DL media are closed normally. */
        ok(after.status == IMAPI_FORMAT2_DATA_MEDIA_STATE_FINALIZED, "Status %#x.\n", after.status);
        ok(after.hr == E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, "Unexpected hr %#lx.\n", after.hr);
        return;
    }
    ok(after.hr == S_OK, "Unexpected hr %#lx.\n", after.hr);
    if (random)
    {
        ok(after.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY, "Status %#x.\n", after.status);
        ok(!(after.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK), "Status %#x.\n", after.status);
        ok(after.next_writable == 0, "Next writable %ld.\n", after.next_writable);
        ok(after.free_sectors == after.total, "Free %ld, total %ld.\n", after.free_sectors, after.total);
        return;
    }
    ok(after.status == IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE, "Status %#x.\n", after.status);
    /* The new session starts where the old next writable address was. */
    ok(after.start_prev == before->next_writable, "Start of previous session %ld, expected %ld.\n",
            after.start_prev, before->next_writable);
    /* Where this Write ended: on CD not the 2 run-out blocks the drive adds
     * after the track (doc/multisession.md 3.7). */
    expect_last = before->next_writable + padded - 1;
    ok(after.last_written_prev == expect_last, "Last written %ld, expected %ld.\n", after.last_written_prev,
            expect_last);
    ok(after.next_writable > after.last_written_prev, "Next writable %ld, last written %ld.\n",
            after.next_writable, after.last_written_prev);
    if (is_cd(type))
    {
        /* 2 run-out blocks, then 6750 lead-out + 4500 lead-in + 150 pre-gap after
         * session 1, 2250 + 4500 + 150 later (doc/multisession.md 0.1, 0.3). */
        LONG gap = after.next_writable - after.last_written_prev - 1;
        ok(gap == 11400 + 2 || gap == 6900 + 2, "Session gap %ld.\n", gap);
    }
    ok(after.total == before->total, "Total %ld, was %ld.\n", after.total, before->total);
    ok(after.free_sectors <= before->free_sectors - padded, "Free %ld, was %ld.\n", after.free_sectors,
            before->free_sectors);
}

static IDiscFormat2Data *create_writer(IDiscRecorder2 *recorder)
{
    IDiscFormat2Data *format = create_format();
    HRESULT hr;

    if (!format) return NULL;
    hr = IDiscFormat2Data_put_Recorder(format, recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    set_write_options(format);
    return format;
}

/* A new format object on the virtual recorder's media, which must take a
 * session now, and the values it reads; NULL (skipped) otherwise. */
static IDiscFormat2Data *writable_virtual_media(IDiscRecorder2 *recorder, const char *what,
        struct media_values *values)
{
    IDiscFormat2Data *format;

    if (!is_virtual_recorder())
    {
        skip("%s: needs the virtual recorder.\n", what);
        return NULL;
    }
    if (!(format = create_writer(recorder))) return NULL;
    get_values(format, values);
    if (FAILED(values->hr) || !(values->status & (IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK
            | IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE | IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY)))
    {
        skip("%s: media not writable, hr %#lx, status %#x.\n", what, values->hr, values->status);
        IDiscFormat2Data_Release(format);
        return NULL;
    }
    return format;
}

/* Injects spec, then writes blocks sectors of create_memory_stream(seed). */
#define write_with_faults(a, b, c, d, e) write_with_faults_(__LINE__, a, b, c, d, e)
static HRESULT write_with_faults_(unsigned int line, IDiscRecorder2 *recorder, IDiscFormat2Data *format,
        const char *spec, ULONG blocks, BYTE seed)
{
    IStream *stream;
    HRESULT hr;

    hr = inject_faults(recorder, spec);
    ok_(__FILE__, line)(hr == S_OK, "Cannot inject %s, hr %#lx.\n", spec, hr);
    stream = create_memory_stream(blocks * 2048, seed);
    hr = IDiscFormat2Data_Write(format, stream);
    IStream_Release(stream);
    return hr;
}

/* A command the host adapter timed out reaches IMAPI2 under Wine as GOOD with
 * nothing transferred (Wine drops the host status). Such a WRITE must never
 * count as written: it is repeated once, then Write fails with
 * E_IMAPI_RECORDER_COMMAND_TIMEOUT. Needs the virtual recorder's faults. */
static void test_lost_commands(IDiscRecorder2 *recorder)
{
    struct media_values before, after;
    IDiscFormat2Data *format;
    LONG start, value;
    BOOL random;
    HRESULT hr;

    if (!(format = writable_virtual_media(recorder, "lost commands", &before))) return;
    random = (before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY) != 0;
    start = random ? 0 : before.next_writable;

    /* The first WRITE times out once: it is sent again, nothing is missing. */
    hr = write_with_faults(recorder, format, "timeout:2a", 64, 11);
    ok(hr == S_OK, "Write with one lost WRITE: hr %#lx.\n", hr);
    ok(read_back(recorder, start, 11, 0), "Sector %ld (the lost WRITE's) differs.\n", start);
    ok(read_back(recorder, start + 15, 11, 15), "Sector %ld (the lost WRITE's) differs.\n", start + 15);
    ok(read_back(recorder, start + 63, 11, 63), "Sector %ld differs.\n", start + 63);
    IDiscFormat2Data_Release(format);

    if (random)
    {
        /* Lost twice in a row: Write fails, and says why. */
        format = create_writer(recorder);
        hr = write_with_faults(recorder, format, "timeout:2a:2", 64, 12);
        ok(hr == E_IMAPI_RECORDER_COMMAND_TIMEOUT, "Write with a WRITE lost twice: hr %#lx.\n", hr);
        ok(read_back(recorder, 0, 11, 0), "Sector 0 changed although no WRITE reached it.\n");
        IDiscFormat2Data_Release(format);
    }
    inject_faults(recorder, "clear");

    /* Replies are checked the same way: READ DISC INFORMATION lost once is
     * repeated, lost twice is a timeout. */
    format = create_writer(recorder);
    get_values(format, &before);
    IDiscFormat2Data_Release(format);
    format = create_writer(recorder);
    hr = inject_faults(recorder, "timeout:51");
    ok(hr == S_OK, "Cannot inject the fault, hr %#lx.\n", hr);
    get_values(format, &after);
    ok(after.hr == S_OK && after.hr == before.hr, "Getters with one lost command: hr %#lx.\n", after.hr);
    ok(after.next_writable == before.next_writable && after.free_sectors == before.free_sectors,
            "Next writable %ld, free %ld; expected %ld, %ld.\n", after.next_writable, after.free_sectors,
            before.next_writable, before.free_sectors);
    IDiscFormat2Data_Release(format);

    format = create_writer(recorder);
    hr = inject_faults(recorder, "timeout:51:2");
    ok(hr == S_OK, "Cannot inject the fault, hr %#lx.\n", hr);
    value = 0xdead;
    hr = IDiscFormat2Data_get_NextWritableAddress(format, &value);
    ok(hr == E_IMAPI_RECORDER_COMMAND_TIMEOUT, "A getter with a command lost twice: hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_NextWritableAddress(format, &value);
    ok(hr == S_OK && value == before.next_writable, "After the timeout: hr %#lx, next writable %ld.\n", hr, value);
    IDiscFormat2Data_Release(format);
    inject_faults(recorder, "clear");
}

/* A READ TRACK INFORMATION reply that parses but makes no sense (random bytes,
 * cut short) is E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, and Write sends
 * nothing to the addresses it names. */
static void test_implausible_replies(IDiscRecorder2 *recorder)
{
    static const char *faults[] = {"garbage:52", "garbage:52", "garbage:52", "garbage:52", "truncate:52:10"};
    struct media_values before, after;
    IDiscFormat2Data *format;
    unsigned int i;
    LONG value;
    HRESULT hr;

    if (!(format = writable_virtual_media(recorder, "implausible replies", &before))) return;
    IDiscFormat2Data_Release(format);
    /* Random-writable media take no address from READ TRACK INFORMATION. */
    if (before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY)
    {
        skip("Implausible replies: random-writable media.\n");
        return;
    }

    for (i = 0; i < ARRAY_SIZE(faults); ++i)
    {
        format = create_writer(recorder);
        hr = inject_faults(recorder, faults[i]);
        ok(hr == S_OK, "Cannot inject %s, hr %#lx.\n", faults[i], hr);
        value = 0xdead;
        hr = IDiscFormat2Data_get_NextWritableAddress(format, &value);
        ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, "%u (%s): hr %#lx, next writable %ld.\n", i,
                faults[i], hr, value);
        IDiscFormat2Data_Release(format);
    }

    format = create_writer(recorder);
    hr = write_with_faults(recorder, format, "garbage:52", 64, 13);
    ok(hr == E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, "Write: hr %#lx.\n", hr);
    IDiscFormat2Data_Release(format);
    inject_faults(recorder, "clear");

    format = create_writer(recorder);
    get_values(format, &after);
    ok(after.hr == S_OK, "Unexpected hr %#lx.\n", after.hr);
    ok(after.status == before.status && after.next_writable == before.next_writable
            && after.free_sectors == before.free_sectors,
            "The disc changed: status %#x, next writable %ld, free %ld; was %#x, %ld, %ld.\n", after.status,
            after.next_writable, after.free_sectors, before.status, before.next_writable, before.free_sectors);
    IDiscFormat2Data_Release(format);
}

static ULONGLONG cancel_time;
static HRESULT cancel_thread_hr;

static DWORD WINAPI cancel_thread(void *arg)
{
    Sleep(500);
    cancel_time = GetTickCount64();
    cancel_thread_hr = IDiscFormat2Data_CancelWrite(arg);
    return 0;
}

/* A drive that is becoming ready or busy writing its buffer is waited for,
 * while the state is read as much as during Write; CancelWrite ends the wait
 * within 2 s whatever the drive keeps answering. Needs the virtual recorder. */
static void test_busy_drive(IDiscRecorder2 *recorder)
{
    struct media_values before, after;
    IDiscFormat2Data *format;
    ULONGLONG returned;
    IStream *stream;
    HANDLE thread;
    LONG start;
    HRESULT hr;

    if (!(format = writable_virtual_media(recorder, "busy drive", &before))) return;
    IDiscFormat2Data_Release(format);
    start = (before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY) ? 0 : before.next_writable;

    /* Becoming ready for three media commands: the getters wait. */
    format = create_writer(recorder);
    hr = inject_faults(recorder, "not-ready:3");
    ok(hr == S_OK, "Cannot inject the fault, hr %#lx.\n", hr);
    get_values(format, &after);
    ok(after.hr == S_OK, "Getters on a drive becoming ready: hr %#lx.\n", after.hr);
    ok(after.next_writable == before.next_writable, "Next writable %ld, expected %ld.\n", after.next_writable,
            before.next_writable);

    /* Not ready, then busy: Write waits for both. */
    hr = write_with_faults(recorder, format, "not-ready:2,long-write:4", 32, 21);
    ok(hr == S_OK, "Write on a busy drive: hr %#lx.\n", hr);
    ok(read_back(recorder, start, 21, 0), "Sector %ld differs.\n", start);
    ok(read_back(recorder, start + 31, 21, 31), "Sector %ld differs.\n", start + 31);
    IDiscFormat2Data_Release(format);

    /* Busy for good: CancelWrite half a second in; Write ends within 2 s of it. */
    format = create_writer(recorder);
    get_values(format, &before);
    if (before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_FINALIZED)
    {
        IDiscFormat2Data_Release(format);
        return;
    }
    hr = inject_faults(recorder, "long-write:1000000");
    ok(hr == S_OK, "Cannot inject the fault, hr %#lx.\n", hr);
    stream = create_memory_stream(64 * 2048, 22);
    cancel_time = 0;
    cancel_thread_hr = 0xdeadbeef;
    thread = CreateThread(NULL, 0, cancel_thread, format, 0, NULL);
    hr = IDiscFormat2Data_Write(format, stream);
    returned = GetTickCount64();
    ok(hr == E_IMAPI_REQUEST_CANCELLED, "Write cancelled on a busy drive: hr %#lx.\n", hr);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    ok(cancel_thread_hr == S_OK, "CancelWrite: hr %#lx.\n", cancel_thread_hr);
    ok(cancel_time && returned - cancel_time < 2000, "Write returned %lu ms after CancelWrite.\n",
            (ULONG)(returned - cancel_time));
    IStream_Release(stream);
    IDiscFormat2Data_Release(format);
    inject_faults(recorder, "clear");

    format = create_writer(recorder);
    get_values(format, &after);
    ok(after.hr == S_OK, "After the busy drive: hr %#lx.\n", after.hr);
    IDiscFormat2Data_Release(format);
}

/* IStream::Stat promised more than Read gives: Write fails with the documented
 * code, and what it began is closed, so the disc stays usable. */
static void test_short_stream(IDiscRecorder2 *recorder)
{
    struct size_stream short_stream = {{&size_stream_vtbl}};
    struct media_values before, after;
    IDiscFormat2Data *format;
    HRESULT hr;

    if (!(format = writable_virtual_media(recorder, "short stream", &before))) return;
    short_stream.size = 200 * 2048;
    short_stream.available = 150 * 2048 + 100;
    short_stream.seed = 23;
    hr = IDiscFormat2Data_Write(format, &short_stream.IStream_iface);
    ok(hr == E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED, "Write of a short stream: hr %#lx.\n", hr);
    IDiscFormat2Data_Release(format);

    format = create_writer(recorder);
    get_values(format, &after);
    ok(after.hr == S_OK, "After the short stream: hr %#lx.\n", after.hr);
    if (!(before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY))
        ok(after.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE, "Status %#x: no longer appendable.\n",
                after.status);
    IDiscFormat2Data_Release(format);
}

/* A stream much slower than the drive (0.3 s a read, more than the writer
 * allows a serial read whatever the drive): Write goes on with the stream
 * read by one thread and written by another once the reads prove slow, and
 * every block lands where it belongs. */
static void test_slow_stream(IDiscRecorder2 *recorder)
{
    struct size_stream slow_stream = {{&size_stream_vtbl}};
    struct media_values before;
    IDiscFormat2Data *format;
    LONG start, blocks = 640;
    HRESULT hr;

    if (!(format = writable_virtual_media(recorder, "slow stream", &before))) return;
    if (before.free_sectors < blocks + 1000)
    {
        skip("slow stream: %ld free blocks.\n", before.free_sectors);
        IDiscFormat2Data_Release(format);
        return;
    }
    start = (before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY) ? 0 : before.next_writable;
    slow_stream.size = slow_stream.available = blocks * 2048;
    slow_stream.seed = 27;
    slow_stream.delay_ms = 300;
    hr = IDiscFormat2Data_Write(format, &slow_stream.IStream_iface);
    ok(hr == S_OK, "Write of a slow stream: hr %#lx.\n", hr);
    ok(read_back(recorder, start, 27, 0), "Sector %ld differs.\n", start);
    ok(read_back(recorder, start + 300, 27, 300), "Sector %ld differs.\n", start + 300);
    ok(read_back(recorder, start + blocks - 1, 27, blocks - 1), "Sector %ld differs.\n", start + blocks - 1);
    IDiscFormat2Data_Release(format);
}

static HRESULT send_command(IDiscRecorder2 *recorder, const BYTE *cdb, ULONG cdb_size, BYTE *data, ULONG size,
        BOOL out, BYTE *sense)
{
    IDiscRecorder2Ex *ex;
    ULONG fetched;
    HRESULT hr;

    if (FAILED(hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex)))
        return hr;
    if (!size)
        hr = IDiscRecorder2Ex_SendCommandNoData(ex, (BYTE *)cdb, cdb_size, sense, 600);
    else if (out)
        hr = IDiscRecorder2Ex_SendCommandSendDataToDevice(ex, (BYTE *)cdb, cdb_size, sense, 60, data, size);
    else
        hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, (BYTE *)cdb, cdb_size, sense, 60, data, size,
                &fetched);
    IDiscRecorder2Ex_Release(ex);
    return hr;
}

/* A burner killed in the middle of a track leaves the track open and the
 * session incomplete. Microsoft lists that state (NON_EMPTY_SESSION) among the
 * unsupported ones: there is no next writable address a new session could be
 * built for (readers look for a session's file system at its start, which holds
 * the interrupted data), so the address getters and Write fail with
 * E_IMAPI_DF2DATA_INVALID_MEDIA_STATE and nothing is written. Closing the track
 * and the session (MMC CLOSE TRACK SESSION, what the IDiscRecorder2Ex commands
 * of a repair tool send) makes the disc appendable again, the interrupted data a
 * session of its own. Needs the virtual recorder: it writes without closing. */
/* What another burner (another process) does: count sectors of fill at start
 * in WRITE(10)s of 16 (at most 32 KiB go through Wine's pass-through at once),
 * through IDiscRecorder2Ex. Returns FALSE if a WRITE failed. */
static BOOL raw_write(IDiscRecorder2 *recorder, LONG start, LONG count, BYTE fill)
{
    BYTE cdb[10] = {0x2a}, sense[18], *data;
    BOOL ret = TRUE;
    LONG lba;
    HRESULT hr;

    data = malloc(16 * 2048);
    memset(data, fill, 16 * 2048);
    for (lba = start; lba < start + count; lba += 16)
    {
        cdb[2] = lba >> 24; cdb[3] = lba >> 16; cdb[4] = lba >> 8; cdb[5] = lba;
        cdb[8] = 16;
        hr = send_command(recorder, cdb, sizeof(cdb), data, 16 * 2048, TRUE, sense);
        ok(hr == S_OK, "Raw WRITE at %ld: hr %#lx, sense %02x/%02x/%02x.\n", lba, hr, sense[2] & 0xf, sense[12],
                sense[13]);
        if (hr != S_OK) ret = FALSE;
    }
    free(data);
    return ret;
}

/* Ends what raw_write() began as another burner would: flush, close the open
 * track (the last one of the last session), close the session. */
static void raw_close(IDiscRecorder2 *recorder)
{
    static const BYTE read_disc_info[10] = {0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0};
    static const BYTE sync_cache[10] = {0x35};
    static const BYTE close_session[10] = {0x5b, 0, 0x02};
    BYTE cdb[10] = {0x5b, 0, 0x01}, sense[18], info[34];
    unsigned int track;
    HRESULT hr;

    memset(info, 0, sizeof(info));
    hr = send_command(recorder, read_disc_info, sizeof(read_disc_info), info, sizeof(info), FALSE, sense);
    ok(hr == S_OK, "READ DISC INFORMATION: hr %#lx.\n", hr);
    track = info[6] | info[11] << 8;
    ok((info[2] & 0x0c) == 0x04, "State of the last session %#x, expected incomplete.\n", (info[2] >> 2) & 3);
    hr = send_command(recorder, sync_cache, sizeof(sync_cache), NULL, 0, FALSE, sense);
    ok(hr == S_OK, "SYNCHRONIZE CACHE: hr %#lx.\n", hr);
    cdb[4] = track >> 8;
    cdb[5] = track;
    hr = send_command(recorder, cdb, sizeof(cdb), NULL, 0, FALSE, sense);
    /* CD: the flush already ended the track-at-once track. */
    ok(hr == S_OK || (hr == S_IMAPI_COMMAND_HAS_SENSE_DATA && (sense[2] & 0xf) == 5),
            "CLOSE TRACK %u: hr %#lx, sense %02x/%02x/%02x.\n", track, hr, sense[2] & 0xf, sense[12], sense[13]);
    hr = send_command(recorder, close_session, sizeof(close_session), NULL, 0, FALSE, sense);
    ok(hr == S_OK, "CLOSE SESSION: hr %#lx, sense %02x/%02x/%02x.\n", hr, sense[2] & 0xf, sense[12], sense[13]);
}

static void test_interrupted_burn(IDiscRecorder2 *recorder)
{
    struct media_values before, after;
    IDiscFormat2Data *format;
    IStream *stream;
    LONG start, value;
    HRESULT hr;

    if (!(format = writable_virtual_media(recorder, "interrupted burn", &before))) return;
    IDiscFormat2Data_Release(format);
    if (!(before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE)
            || (before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY))
    {
        skip("Interrupted burn: not appendable sequential media, status %#x.\n", before.status);
        return;
    }
    start = before.next_writable;

    /* What the killed burner managed: 32 sectors, never closed. */
    raw_write(recorder, start, 32, 0x5a);

    format = create_writer(recorder);
    get_values(format, &after);
    ok(after.status == IMAPI_FORMAT2_DATA_MEDIA_STATE_NON_EMPTY_SESSION, "Status %#x.\n", after.status);
    value = 0xdead;
    hr = IDiscFormat2Data_get_NextWritableAddress(format, &value);
    ok(hr == E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, "NextWritableAddress: hr %#lx, %ld.\n", hr, value);
    hr = IDiscFormat2Data_get_StartAddressOfPreviousSession(format, &value);
    ok(hr == E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, "StartAddressOfPreviousSession: hr %#lx.\n", hr);
    stream = create_memory_stream(32 * 2048, 24);
    hr = IDiscFormat2Data_Write(format, stream);
    ok(hr == E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, "Write: hr %#lx.\n", hr);
    IStream_Release(stream);
    IDiscFormat2Data_Release(format);

    /* The repair. */
    raw_close(recorder);

    format = create_writer(recorder);
    get_values(format, &after);
    ok(after.hr == S_OK, "After the repair: hr %#lx.\n", after.hr);
    ok(after.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE, "Status %#x.\n", after.status);
    ok(after.start_prev == start, "The interrupted session starts at %ld, expected %ld.\n", after.start_prev, start);
    ok(after.last_written_prev >= start + 31 && after.next_writable > after.last_written_prev,
            "Last written %ld, next writable %ld.\n", after.last_written_prev, after.next_writable);
    stream = create_memory_stream(32 * 2048, 25);
    hr = IDiscFormat2Data_Write(format, stream);
    ok(hr == S_OK, "Write after the repair: hr %#lx.\n", hr);
    IStream_Release(stream);
    ok(read_back(recorder, after.next_writable, 25, 0), "Sector %ld differs.\n", after.next_writable);
    IDiscFormat2Data_Release(format);
}

/* The first multisession object of format, as IMultisessionSequential
 * (NULL on overwritable media). */
static IMultisessionSequential *get_sequential(IDiscFormat2Data *format)
{
    IMultisessionSequential *sequential = NULL;
    SAFEARRAY *array = NULL;
    LONG index = 0;
    VARIANT v;
    HRESULT hr;

    hr = IDiscFormat2Data_get_MultisessionInterfaces(format, &array);
    ok(hr == S_OK, "get_MultisessionInterfaces: hr %#lx.\n", hr);
    if (FAILED(hr)) return NULL;
    VariantInit(&v);
    if (SUCCEEDED(SafeArrayGetElement(array, &index, &v)) && V_VT(&v) == VT_DISPATCH)
        IDispatch_QueryInterface(V_DISPATCH(&v), &IID_IMultisessionSequential, (void **)&sequential);
    VariantClear(&v);
    SafeArrayDestroy(array);
    return sequential;
}

static void check_values_(unsigned int line, const char *what, const struct media_values *got,
        const struct media_values *expect)
{
    ok_(__FILE__, line)(got->hr == expect->hr && got->status == expect->status
            && got->next_writable == expect->next_writable && got->start_prev == expect->start_prev
            && got->last_written_prev == expect->last_written_prev && got->free_sectors == expect->free_sectors
            && got->total == expect->total,
            "%s: hr %#lx status %#x next %ld prev %ld..%ld free %ld total %ld; a new object says "
            "hr %#lx status %#x next %ld prev %ld..%ld free %ld total %ld.\n", what, got->hr, got->status,
            got->next_writable, got->start_prev, got->last_written_prev, got->free_sectors, got->total, expect->hr,
            expect->status, expect->next_writable, expect->start_prev, expect->last_written_prev,
            expect->free_sectors, expect->total);
}
#define check_values(a, b, c) check_values_(__LINE__, a, b, c)

/* Every getter describes the medium as it is now: after a Write through
 * another object, after another burner's session, and a multisession object
 * fetched before a Write reports the medium after it. */
static void test_live_values(IDiscRecorder2 *recorder)
{
    IMultisessionSequential *sequential;
    struct media_values before, old, now;
    IDiscFormat2Data *writer, *reader, *fresh;
    LONG value, start, last;
    VARIANT_BOOL first;
    IStream *stream;
    HRESULT hr;

    if (!(writer = writable_virtual_media(recorder, "live values", &before))) return;
    reader = create_writer(recorder);
    get_values(reader, &old);
    check_values("Before", &old, &before);
    sequential = get_sequential(reader);

    stream = create_memory_stream(64 * 2048, 31);
    hr = IDiscFormat2Data_Write(writer, stream);
    IStream_Release(stream);
    ok(hr == S_OK, "Write: hr %#lx.\n", hr);

    fresh = create_writer(recorder);
    get_values(fresh, &now);
    IDiscFormat2Data_Release(fresh);
    get_values(reader, &old);
    check_values("Another object after Write", &old, &now);
    get_values(writer, &old);
    check_values("The writer after Write", &old, &now);
    if (!(before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY))
        ok(now.free_sectors < before.free_sectors, "Free %ld before, %ld after.\n", before.free_sectors,
                now.free_sectors);

    if (sequential)
    {
        value = 0xdead;
        hr = IMultisessionSequential_get_NextWritableAddress(sequential, &value);
        ok(hr == now.hr && (FAILED(hr) || value == now.next_writable),
                "Multisession object after Write: NWA hr %#lx %ld, the medium says hr %#lx %ld.\n", hr, value,
                now.hr, now.next_writable);
        hr = IMultisessionSequential_get_StartAddressOfPreviousSession(sequential, &value);
        ok(hr == now.hr && (FAILED(hr) || value == now.start_prev),
                "Multisession object after Write: start %ld, the medium says %ld.\n", value, now.start_prev);
        hr = IMultisessionSequential_get_IsFirstDataSession(sequential, &first);
        ok(hr == now.hr && (FAILED(hr) || first == VARIANT_FALSE), "First data session: hr %#lx, %#x.\n", hr,
                first);
        IMultisessionSequential_Release(sequential);
    }

    /* Another burner appends a session behind this process's back. */
    if (now.hr == S_OK && (now.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE)
            && !(now.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY))
    {
        start = now.next_writable;
        last = start + 32 * 3 - 1;
        if (raw_write(recorder, start, 32 * 3, 0x3c))
        {
            raw_close(recorder);
            fresh = create_writer(recorder);
            get_values(fresh, &now);
            IDiscFormat2Data_Release(fresh);
            ok(now.start_prev == start && now.last_written_prev >= last, "A new object: previous session %ld..%ld, "
                    "expected %ld..%ld or more.\n", now.start_prev, now.last_written_prev, start, last);
            get_values(reader, &old);
            check_values("An object queried before another burner's session", &old, &now);
        }
    }
    else
        skip("Live values: no second session on status %#x.\n", now.status);

    IDiscFormat2Data_Release(reader);
    IDiscFormat2Data_Release(writer);
}

static LONG current_write_speed(IDiscFormat2Data *format)
{
    LONG value = -2;
    HRESULT hr;

    hr = IDiscFormat2Data_get_CurrentWriteSpeed(format, &value);
    ok(hr == S_OK, "CurrentWriteSpeed: hr %#lx.\n", hr);
    return value;
}

/* SetWriteSpeed reaches the drive at once: CurrentWriteSpeed then reports
 * what the drive picked, and the result says when it picked another speed. */
static void test_write_speed(IDiscRecorder2 *recorder)
{
    LONG speeds[32], count = 0, lowest = MAXLONG, second = MAXLONG, highest = 0, i;
    struct media_values values;
    IDiscFormat2Data *format;
    VARIANT_BOOL cav;
    SAFEARRAY *array;
    VARIANT *v;
    HRESULT hr;

    if (!(format = writable_virtual_media(recorder, "write speed", &values))) return;
    hr = IDiscFormat2Data_get_SupportedWriteSpeeds(format, &array);
    ok(hr == S_OK, "SupportedWriteSpeeds: hr %#lx.\n", hr);
    if (SUCCEEDED(hr) && SUCCEEDED(SafeArrayAccessData(array, (void **)&v)))
    {
        for (i = 0; i < (LONG)array->rgsabound[0].cElements && count < ARRAY_SIZE(speeds); ++i)
            if (V_VT(&v[i]) == VT_I4) speeds[count++] = V_I4(&v[i]);
        SafeArrayUnaccessData(array);
    }
    if (SUCCEEDED(hr)) SafeArrayDestroy(array);
    for (i = 0; i < count; ++i)
    {
        lowest = min(lowest, speeds[i]);
        highest = max(highest, speeds[i]);
    }
    for (i = 0; i < count; ++i)
        if (speeds[i] > lowest) second = min(second, speeds[i]);
    if (count < 2 || second == MAXLONG)
    {
        skip("Write speed: %ld speeds.\n", count);
        IDiscFormat2Data_Release(format);
        return;
    }

    hr = IDiscFormat2Data_SetWriteSpeed(format, lowest, VARIANT_FALSE);
    ok(hr == S_OK, "SetWriteSpeed(%ld): hr %#lx.\n", lowest, hr);
    ok(current_write_speed(format) == lowest, "Expected %ld.\n", lowest);

    hr = IDiscFormat2Data_SetWriteSpeed(format, -1, VARIANT_FALSE);
    ok(hr == S_OK, "SetWriteSpeed(-1): hr %#lx.\n", hr);
    ok(current_write_speed(format) == highest, "Expected %ld.\n", highest);

    /* Between two speeds the drive takes the lower one; below all, the lowest. */
    hr = IDiscFormat2Data_SetWriteSpeed(format, lowest + (second - lowest) / 2, VARIANT_FALSE);
    ok(hr == S_IMAPI_SPEEDADJUSTED, "SetWriteSpeed(%ld): hr %#lx.\n", lowest + (second - lowest) / 2, hr);
    ok(current_write_speed(format) == lowest, "Expected %ld.\n", lowest);
    hr = IDiscFormat2Data_SetWriteSpeed(format, lowest / 2, VARIANT_FALSE);
    ok(hr == S_IMAPI_SPEEDADJUSTED, "SetWriteSpeed(%ld): hr %#lx.\n", lowest / 2, hr);
    ok(current_write_speed(format) == lowest, "Expected %ld.\n", lowest);

    /* Whatever the drive does with pure CAV, the result and the getter agree. */
    hr = IDiscFormat2Data_SetWriteSpeed(format, highest, VARIANT_TRUE);
    ok(hr == S_OK || hr == S_IMAPI_ROTATIONADJUSTED, "SetWriteSpeed(%ld, CAV): hr %#lx.\n", highest, hr);
    cav = 0xdead;
    IDiscFormat2Data_get_CurrentRotationTypeIsPureCAV(format, &cav);
    ok(cav == (hr == S_OK ? VARIANT_TRUE : VARIANT_FALSE), "hr %#lx, pure CAV %#x.\n", hr, cav);

    hr = IDiscFormat2Data_SetWriteSpeed(format, -1, VARIANT_FALSE);
    ok(hr == S_OK, "SetWriteSpeed(-1): hr %#lx.\n", hr);
    IDiscFormat2Data_Release(format);
}

/* A write-protected medium says so before Write is tried: CurrentMediaStatus
 * and WriteProtectStatus, from the mode parameter header and, on DVD and BD,
 * READ DISC STRUCTURE format C0h. */
static void test_write_protect(IDiscRecorder2 *recorder)
{
    IMAPI_MEDIA_WRITE_PROTECT_STATE protect;
    IMAPI_MEDIA_PHYSICAL_TYPE type = 0;
    IMAPI_FORMAT2_DATA_MEDIA_STATE status;
    struct media_values before, after;
    IDiscFormat2Data *format;
    IStream *stream;
    HRESULT hr;

    if (!(format = writable_virtual_media(recorder, "write protection", &before))) return;
    IDiscFormat2Data_get_CurrentPhysicalMediaType(format, &type);
    ok(!(before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_WRITE_PROTECTED), "Status %#x.\n", before.status);
    protect = 0xdead;
    hr = IDiscFormat2Data_get_WriteProtectStatus(format, &protect);
    ok(hr == S_OK && !protect, "WriteProtectStatus: hr %#lx, %#x.\n", hr, protect);

    hr = inject_faults(recorder, "write-protect");
    ok(hr == S_OK, "Cannot inject write-protect, hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_CurrentMediaStatus(format, &status);
    ok(hr == S_OK && (status & IMAPI_FORMAT2_DATA_MEDIA_STATE_WRITE_PROTECTED), "Status: hr %#lx, %#x.\n", hr,
            status);
    hr = IDiscFormat2Data_get_WriteProtectStatus(format, &protect);
    ok(hr == S_OK && (protect & IMAPI_WRITEPROTECTED_BY_SOFTWARE_WRITE_PROTECT),
            "WriteProtectStatus: hr %#lx, %#x.\n", hr, protect);
    if (!is_cd(type))
        ok(protect & IMAPI_WRITEPROTECTED_BY_CARTRIDGE, "DVD and BD: the disc's own protection, %#x.\n", protect);
    stream = create_memory_stream(64 * 2048, 41);
    hr = IDiscFormat2Data_Write(format, stream);
    ok(hr == E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED, "Write: hr %#lx.\n", hr);
    IStream_Release(stream);

    hr = inject_faults(recorder, "write-protect:off");
    ok(hr == S_OK, "Cannot end write-protect, hr %#lx.\n", hr);
    get_values(format, &after);
    ok(after.hr == S_OK && after.status == before.status && after.next_writable == before.next_writable,
            "After: hr %#lx, status %#x, next writable %ld; before %#x, %ld.\n", after.hr, after.status,
            after.next_writable, before.status, before.next_writable);
    hr = IDiscFormat2Data_get_WriteProtectStatus(format, &protect);
    ok(hr == S_OK && !protect, "WriteProtectStatus: hr %#lx, %#x.\n", hr, protect);
    IDiscFormat2Data_Release(format);
}

/* A drive that misreports READ DISC INFORMATION's first track in the last
 * session as track 1 on a disc with more sessions: the previous session must
 * not come out of the lead-in; the track list decides. */
static void test_misreported_disc_info(IDiscRecorder2 *recorder)
{
    struct media_values before, after;
    IDiscFormat2Data *format;
    HRESULT hr;

    if (!(format = writable_virtual_media(recorder, "misreported disc information", &before))) return;
    IDiscFormat2Data_Release(format);
    if (!(before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE) || before.start_prev < 0
            || (before.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY))
    {
        skip("Misreported disc information: no previous session, status %#x.\n", before.status);
        return;
    }
    /* Bytes 5 and 10: the LSB and MSB of the first track in the last session. */
    hr = inject_faults(recorder, "poke:51:5:01:8,poke:51:10:00:8");
    ok(hr == S_OK, "Cannot inject, hr %#lx.\n", hr);
    format = create_writer(recorder);
    get_values(format, &after);
    IDiscFormat2Data_Release(format);
    inject_faults(recorder, "clear");
    ok(after.hr == S_OK && after.start_prev == before.start_prev && after.last_written_prev == before.last_written_prev
            && after.next_writable == before.next_writable, "hr %#lx, previous session %ld..%ld, next %ld; "
            "expected %ld..%ld, %ld.\n", after.hr, after.start_prev, after.last_written_prev, after.next_writable,
            before.start_prev, before.last_written_prev, before.next_writable);
}

/* Writes blocks sectors with the verification level after a silent corruption
 * of one block at offset from the start of the write: the WRITE succeeds, a
 * later READ returns other bytes. */
static HRESULT write_corrupted(IDiscRecorder2 *recorder, IMAPI_BURN_VERIFICATION_LEVEL level, LONG blocks,
        LONG offset, BYTE seed)
{
    IBurnVerification *verification;
    IDiscFormat2Data *format;
    struct media_values values;
    char spec[64];
    LONG start;
    HRESULT hr;

    format = create_writer(recorder);
    get_values(format, &values);
    start = (values.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY) ? 0 : values.next_writable;
    hr = IDiscFormat2Data_QueryInterface(format, &IID_IBurnVerification, (void **)&verification);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IBurnVerification_put_BurnVerificationLevel(verification, level);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IBurnVerification_Release(verification);
    sprintf(spec, "corrupt:%ld", start + offset);
    hr = write_with_faults(recorder, format, spec, blocks, seed);
    inject_faults(recorder, "clear");
    ok(!read_back(recorder, start + offset, seed, offset), "Block %ld was not corrupted.\n", start + offset);
    IDiscFormat2Data_Release(format);
    return hr;
}

/* Verification compares what it reads back with what the stream supplied:
 * QUICK a sample of 16 blocks spread from the first to the last (in groups of
 * 32), FULL every block. */
static void test_verification(IDiscRecorder2 *recorder)
{
    struct media_values values;
    IDiscFormat2Data *format;
    HRESULT hr;

    if (!(format = writable_virtual_media(recorder, "verification", &values))) return;
    IDiscFormat2Data_Release(format);

    hr = write_corrupted(recorder, IMAPI_BURN_VERIFICATION_QUICK, 1600, 0, 51);
    ok(hr == E_IMAPI_BURN_VERIFICATION_FAILED, "QUICK, first block corrupted: hr %#lx.\n", hr);
    hr = write_corrupted(recorder, IMAPI_BURN_VERIFICATION_QUICK, 1600, 1599, 52);
    ok(hr == E_IMAPI_BURN_VERIFICATION_FAILED, "QUICK, last block corrupted: hr %#lx.\n", hr);
    /* Block 48 lies in no group QUICK samples (0, 106, 213, ... 1599). */
    hr = write_corrupted(recorder, IMAPI_BURN_VERIFICATION_QUICK, 1600, 48, 53);
    ok(hr == S_OK, "QUICK, an unsampled block corrupted: hr %#lx.\n", hr);
    hr = write_corrupted(recorder, IMAPI_BURN_VERIFICATION_FULL, 1600, 48, 54);
    ok(hr == E_IMAPI_BURN_VERIFICATION_FAILED, "FULL, block 48 corrupted: hr %#lx.\n", hr);
    hr = write_corrupted(recorder, IMAPI_BURN_VERIFICATION_NONE, 1600, 0, 55);
    ok(hr == S_OK, "NONE: hr %#lx.\n", hr);
}

/* Another client holds exclusive access: the state can still be read, and the
 * format does not change the drive's write parameters behind its back. */
static void test_other_client(IDiscRecorder2 *recorder, const struct media_values *expect)
{
    IDiscFormat2Data *format;
    IDiscRecorder2 *other;
    struct media_values values;
    VARIANT_BOOL flag;
    BSTR name;
    HRESULT hr;

    if (!(other = get_recorder()))
        return;
    name = SysAllocString(L"other client");
    hr = IDiscRecorder2_AcquireExclusiveAccess(other, VARIANT_FALSE, name);
    SysFreeString(name);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr != S_OK)
    {
        IDiscRecorder2_Release(other);
        return;
    }

    if ((format = create_format()))
    {
        hr = IDiscFormat2Data_put_Recorder(format, recorder);
        ok(hr == S_OK || broken(FAILED(hr)), "Unexpected hr %#lx.\n", hr);
        if (hr == S_OK)
        {
            get_values(format, &values);
            ok(values.hr == S_OK || broken(FAILED(values.hr)), "Unexpected hr %#lx.\n", values.hr);
            if (values.hr == S_OK)
            {
                ok(values.status == expect->status, "Status %#x, expected %#x.\n", values.status, expect->status);
                ok(values.next_writable == expect->next_writable, "Next writable %ld, expected %ld.\n",
                        values.next_writable, expect->next_writable);
                ok(values.free_sectors == expect->free_sectors, "Free %ld, expected %ld.\n",
                        values.free_sectors, expect->free_sectors);
            }
            hr = IDiscFormat2Data_IsCurrentMediaSupported(format, recorder, &flag);
            ok((hr == S_OK && flag == VARIANT_TRUE) || broken(FAILED(hr)), "Unexpected hr %#lx, supported %#x.\n",
                    hr, flag);
        }
        IDiscFormat2Data_Release(format);
    }

    hr = IDiscRecorder2_ReleaseExclusiveAccess(other);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IDiscRecorder2_Release(other);
}

static void test_format(IDiscRecorder2 *recorder)
{
    IDiscFormat2Data *format = create_format();
    IMAPI_MEDIA_PHYSICAL_TYPE type = 0xdead;
    IDiscRecorder2 *got = NULL;
    struct media_values values;
    VARIANT_BOOL flag;
    SAFEARRAY *array;
    HRESULT hr;

    if (!format) return;

    hr = IDiscFormat2Data_IsRecorderSupported(format, recorder, &flag);
    ok(hr == S_OK && flag == VARIANT_TRUE, "Unexpected hr %#lx, supported %#x.\n", hr, flag);
    hr = IDiscFormat2Data_put_Recorder(format, recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr != S_OK)
    {
        IDiscFormat2Data_Release(format);
        return;
    }
    hr = IDiscFormat2Data_get_Recorder(format, &got);
    ok(hr == S_OK && got == recorder, "Unexpected hr %#lx, recorder %p.\n", hr, got);
    if (got) IDiscRecorder2_Release(got);

    hr = IDiscFormat2Data_get_SupportedMediaTypes(format, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        ok(SafeArrayGetDim(array) == 1 && array->rgsabound[0].cElements > 0, "No media types.\n");
        SafeArrayDestroy(array);
    }

    hr = IDiscFormat2Data_get_CurrentPhysicalMediaType(format, &type);
    if (hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA)
    {
        skip("No media.\n");
        IDiscFormat2Data_Release(format);
        return;
    }
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    get_values(format, &values);
    if (values.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_UNSUPPORTED_MEDIA)
    {
        ok(values.hr == E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, "Unexpected hr %#lx.\n", values.hr);
        hr = IDiscFormat2Data_IsCurrentMediaSupported(format, recorder, &flag);
        ok(hr == S_OK && flag == VARIANT_FALSE, "Unexpected hr %#lx, supported %#x.\n", hr, flag);
        IDiscFormat2Data_Release(format);
        return;
    }
    hr = IDiscFormat2Data_IsCurrentMediaSupported(format, recorder, &flag);
    ok(hr == S_OK && flag == VARIANT_TRUE, "Unexpected hr %#lx, supported %#x.\n", hr, flag);

    if (values.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_FINALIZED)
    {
        ok(values.hr == E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, "Unexpected hr %#lx.\n", values.hr);
        IDiscFormat2Data_Release(format);
        return;
    }
    ok(values.hr == S_OK, "Unexpected hr %#lx.\n", values.hr);
    hr = IDiscFormat2Data_get_MediaPhysicallyBlank(format, &flag);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(!flag == !(values.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK), "Blank %#x, status %#x.\n", flag,
            values.status);
    if (values.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK)
    {
        /* Microsoft: blank media start at 0 and have no previous session. */
        ok(values.next_writable == 0, "Next writable %ld.\n", values.next_writable);
        ok(values.start_prev == -1, "Start of previous session %ld.\n", values.start_prev);
        ok(values.last_written_prev == -1, "Last written %ld.\n", values.last_written_prev);
        hr = IDiscFormat2Data_get_MediaHeuristicallyBlank(format, &flag);
        ok(hr == S_OK && flag == VARIANT_TRUE, "Unexpected hr %#lx, blank %#x.\n", hr, flag);
    }
    if (values.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY)
        ok(values.free_sectors == values.total, "Free %ld, total %ld.\n", values.free_sectors, values.total);
    else
        ok(values.free_sectors <= values.total - values.next_writable, "Free %ld, total %ld, next %ld.\n",
                values.free_sectors, values.total, values.next_writable);

    test_other_client(recorder, &values);

    if (values.status & IMAPI_FORMAT2_DATA_MEDIA_STATE_WRITE_PROTECTED)
        skip("Write-protected media.\n");
    else if (!may_disturb_system())
        skip("Not writing to the media of a real drive (set WINETEST_INTERACTIVE=1 to allow it).\n");
    else if (values.status & (IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK | IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE
            | IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY))
    {
        test_write_validation(format, &values);
        test_write(recorder, format, type, &values);
    }

    hr = IDiscFormat2Data_put_Recorder(format, recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IDiscFormat2Data_Release(format);
}

START_TEST(format_data)
{
    IDiscRecorder2 *recorder;
    IDiscFormat2Data *format;
    HRESULT hr;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Data,
            (void **)&format);
    if (FAILED(hr))
    {
        win_skip("MsftDiscFormat2Data is not available, hr %#lx.\n", hr);
        CoUninitialize();
        return;
    }
    IDiscFormat2Data_Release(format);

    test_no_recorder();

    if (!(recorder = get_recorder()))
        skip("No recorder found.\n");
    else
    {
        test_format(recorder);
        test_implausible_replies(recorder);
        test_lost_commands(recorder);
        test_busy_drive(recorder);
        test_short_stream(recorder);
        test_slow_stream(recorder);
        test_interrupted_burn(recorder);
        test_live_values(recorder);
        test_write_speed(recorder);
        test_write_protect(recorder);
        test_misreported_disc_info(recorder);
        test_verification(recorder);
        IDiscRecorder2_Release(recorder);
    }

    CoUninitialize();
}
