/*
 * Conformance tests for MsftDiscFormat2TrackAtOnce
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

/* PrepareMedia takes the medium only on a virtual recorder: it locks the
 * drive, and on a blank CD its later tracks would write. */

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

static IDiscFormat2TrackAtOnce *create_tao(void)
{
    IDiscFormat2TrackAtOnce *tao = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2TrackAtOnce, NULL, CLSCTX_INPROC_SERVER,
            &IID_IDiscFormat2TrackAtOnce, (void **)&tao);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return tao;
}

static IStream *create_stream(ULONG size)
{
    HGLOBAL memory = GlobalAlloc(GMEM_MOVEABLE | GMEM_ZEROINIT, max(size, 1));
    IStream *stream = NULL;
    ULARGE_INTEGER length;

    CreateStreamOnHGlobal(memory, TRUE, &stream);
    length.QuadPart = size;
    IStream_SetSize(stream, length);
    return stream;
}

static void set_client_name(IDiscFormat2TrackAtOnce *tao)
{
    BSTR name = SysAllocString(L"imapi2 track at once test");
    HRESULT hr;

    hr = IDiscFormat2TrackAtOnce_put_ClientName(tao, name);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name);
}

static void test_unprepared(void)
{
    IDiscFormat2TrackAtOnce *tao = create_tao();
    SAFEARRAY *array;
    VARIANT_BOOL cav;
    IStream *stream;
    LONG speed;
    HRESULT hr;

    if (!tao) return;

    hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    set_client_name(tao);
    hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);

    stream = create_stream(10 * 2352);
    hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
    ok(hr == E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);
    hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao);
    ok(hr == E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED, "Unexpected hr %#lx.\n", hr);

    /* Speeds: the fastest is asked for until SetWriteSpeed, which needs a recorder. */
    hr = IDiscFormat2TrackAtOnce_get_RequestedWriteSpeed(tao, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    speed = 0;
    hr = IDiscFormat2TrackAtOnce_get_RequestedWriteSpeed(tao, &speed);
    ok(hr == S_OK && speed == -1, "Unexpected hr %#lx, speed %ld.\n", hr, speed);
    hr = IDiscFormat2TrackAtOnce_get_RequestedRotationTypeIsPureCAV(tao, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    cav = VARIANT_TRUE;
    hr = IDiscFormat2TrackAtOnce_get_RequestedRotationTypeIsPureCAV(tao, &cav);
    ok(hr == S_OK && cav == VARIANT_FALSE, "Unexpected hr %#lx, pure CAV %#x.\n", hr, cav);
    hr = IDiscFormat2TrackAtOnce_SetWriteSpeed(tao, 10, VARIANT_FALSE);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_get_CurrentWriteSpeed(tao, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_get_CurrentWriteSpeed(tao, &speed);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_get_CurrentRotationTypeIsPureCAV(tao, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_get_SupportedWriteSpeeds(tao, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    array = (SAFEARRAY *)0xdeadbeef;
    hr = IDiscFormat2TrackAtOnce_get_SupportedWriteSpeeds(tao, &array);
    ok(hr == E_IMAPI_RECORDER_REQUIRED && !array, "Unexpected hr %#lx, array %p.\n", hr, array);
    hr = IDiscFormat2TrackAtOnce_get_SupportedWriteSpeedDescriptors(tao, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    IDiscFormat2TrackAtOnce_Release(tao);
}

/* The speeds of a SAFEARRAY of VARIANTs: VT_I4, or IWriteSpeedDescriptor. */
static unsigned int array_speeds(SAFEARRAY *array, LONG *speeds, unsigned int max, IMAPI_MEDIA_PHYSICAL_TYPE type)
{
    IWriteSpeedDescriptor *descriptor;
    IMAPI_MEDIA_PHYSICAL_TYPE got_type;
    LONG lower = 0, upper = -1, i;
    unsigned int count = 0;
    VARIANT v;

    SafeArrayGetLBound(array, 1, &lower);
    SafeArrayGetUBound(array, 1, &upper);
    for (i = lower; i <= upper && count < max; i++)
    {
        VariantInit(&v);
        if (FAILED(SafeArrayGetElement(array, &i, &v)))
            break;
        if (V_VT(&v) == VT_I4)
            speeds[count++] = V_I4(&v);
        else if (V_VT(&v) == VT_DISPATCH && SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&v),
                &IID_IWriteSpeedDescriptor, (void **)&descriptor)))
        {
            speeds[count] = 0;
            IWriteSpeedDescriptor_get_WriteSpeed(descriptor, &speeds[count++]);
            got_type = IMAPI_MEDIA_TYPE_UNKNOWN;
            IWriteSpeedDescriptor_get_MediaType(descriptor, &got_type);
            ok(got_type == type, "Unexpected media type %d.\n", got_type);
            IWriteSpeedDescriptor_Release(descriptor);
        }
        else
            ok(0, "Unexpected element type %#x.\n", V_VT(&v));
        VariantClear(&v);
    }
    return count;
}

/* The speed getters and SetWriteSpeed on a CD give what IDiscFormat2Data
 * gives on the same drive: one implementation, in CD sectors (75 a second
 * at 1x). */
static void test_speeds(IDiscRecorder2 *recorder)
{
    LONG speeds[32], descriptor_speeds[32], data_speeds[32], speed, data_speed;
    unsigned int count, descriptor_count, data_count, i;
    IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
    IDiscFormat2TrackAtOnce *tao = create_tao();
    IDiscFormat2Data *data;
    SAFEARRAY *array;
    VARIANT_BOOL cav;
    HRESULT hr;

    if (!tao) return;
    if (FAILED(IDiscFormat2TrackAtOnce_put_Recorder(tao, recorder))
            || FAILED(IDiscFormat2TrackAtOnce_get_CurrentPhysicalMediaType(tao, &type))
            || (type != IMAPI_MEDIA_TYPE_CDR && type != IMAPI_MEDIA_TYPE_CDRW))
    {
        skip("No CD-R or CD-RW for the speeds.\n");
        IDiscFormat2TrackAtOnce_Release(tao);
        return;
    }
    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Data,
            (void **)&data);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr))
    {
        IDiscFormat2TrackAtOnce_Release(tao);
        return;
    }
    IDiscFormat2Data_put_Recorder(data, recorder);

    array = NULL;
    hr = IDiscFormat2TrackAtOnce_get_SupportedWriteSpeeds(tao, &array);
    ok(hr == S_OK && array, "Unexpected hr %#lx.\n", hr);
    count = array ? array_speeds(array, speeds, ARRAY_SIZE(speeds), type) : 0;
    if (array) SafeArrayDestroy(array);
    ok(count > 0, "No write speeds.\n");
    for (i = 0; i < count; i++)
        ok(speeds[i] >= 75, "Speed %u is %ld sectors per second.\n", i, speeds[i]);
    array = NULL;
    hr = IDiscFormat2TrackAtOnce_get_SupportedWriteSpeedDescriptors(tao, &array);
    ok(hr == S_OK && array, "Unexpected hr %#lx.\n", hr);
    descriptor_count = array ? array_speeds(array, descriptor_speeds, ARRAY_SIZE(descriptor_speeds), type) : 0;
    if (array) SafeArrayDestroy(array);
    ok(descriptor_count == count && !memcmp(speeds, descriptor_speeds, count * sizeof(*speeds)),
            "The descriptors give other speeds (%u of %u).\n", descriptor_count, count);
    array = NULL;
    hr = IDiscFormat2Data_get_SupportedWriteSpeeds(data, &array);
    ok(hr == S_OK && array, "Unexpected hr %#lx.\n", hr);
    data_count = array ? array_speeds(array, data_speeds, ARRAY_SIZE(data_speeds), type) : 0;
    if (array) SafeArrayDestroy(array);
    ok(data_count == count && !memcmp(speeds, data_speeds, count * sizeof(*speeds)),
            "IDiscFormat2Data gives other speeds (%u of %u).\n", data_count, count);

    speed = data_speed = 0;
    hr = IDiscFormat2TrackAtOnce_get_CurrentWriteSpeed(tao, &speed);
    ok(hr == S_OK && speed > 0, "Unexpected hr %#lx, speed %ld.\n", hr, speed);
    hr = IDiscFormat2Data_get_CurrentWriteSpeed(data, &data_speed);
    ok(hr == S_OK && data_speed == speed, "Unexpected hr %#lx, speed %ld, data %ld.\n", hr, speed, data_speed);
    hr = IDiscFormat2TrackAtOnce_get_CurrentRotationTypeIsPureCAV(tao, &cav);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    if (!may_disturb_system() || !count)
    {
        IDiscFormat2Data_Release(data);
        IDiscFormat2TrackAtOnce_Release(tao);
        return;
    }
    hr = IDiscFormat2TrackAtOnce_SetWriteSpeed(tao, -2, VARIANT_FALSE);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    /* the slowest the drive lists, then the fastest */
    hr = IDiscFormat2TrackAtOnce_SetWriteSpeed(tao, speeds[count - 1], VARIANT_FALSE);
    ok(hr == S_OK || hr == S_IMAPI_SPEEDADJUSTED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_get_RequestedWriteSpeed(tao, &speed);
    ok(hr == S_OK && speed == speeds[count - 1], "Unexpected hr %#lx, speed %ld.\n", hr, speed);
    hr = IDiscFormat2TrackAtOnce_get_RequestedRotationTypeIsPureCAV(tao, &cav);
    ok(hr == S_OK && cav == VARIANT_FALSE, "Unexpected hr %#lx, pure CAV %#x.\n", hr, cav);
    hr = IDiscFormat2TrackAtOnce_get_CurrentWriteSpeed(tao, &speed);
    ok(hr == S_OK && speed == speeds[count - 1], "Unexpected hr %#lx, speed %ld of %ld.\n", hr, speed,
            speeds[count - 1]);
    hr = IDiscFormat2Data_get_CurrentWriteSpeed(data, &data_speed);
    ok(hr == S_OK && data_speed == speed, "Unexpected hr %#lx, data speed %ld.\n", hr, data_speed);
    if (is_virtual_recorder())
    {
        /* the virtual recorder takes pure CAV and says so in page 2Ah */
        hr = IDiscFormat2TrackAtOnce_SetWriteSpeed(tao, speeds[count - 1], VARIANT_TRUE);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        hr = IDiscFormat2TrackAtOnce_get_CurrentRotationTypeIsPureCAV(tao, &cav);
        ok(hr == S_OK && cav == VARIANT_TRUE, "Unexpected hr %#lx, pure CAV %#x.\n", hr, cav);
        hr = IDiscFormat2TrackAtOnce_get_RequestedRotationTypeIsPureCAV(tao, &cav);
        ok(hr == S_OK && cav == VARIANT_TRUE, "Unexpected hr %#lx, pure CAV %#x.\n", hr, cav);
    }
    hr = IDiscFormat2TrackAtOnce_SetWriteSpeed(tao, -1, VARIANT_FALSE);
    ok(hr == S_OK || hr == S_IMAPI_SPEEDADJUSTED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_get_CurrentWriteSpeed(tao, &speed);
    ok(hr == S_OK && speed == speeds[0], "Unexpected hr %#lx, speed %ld of %ld.\n", hr, speed, speeds[0]);

    IDiscFormat2Data_Release(data);
    IDiscFormat2TrackAtOnce_Release(tao);
}

/* While the medium is prepared the recorder is held in our client's name. */
static void check_owner(IDiscRecorder2 *recorder)
{
    BSTR owner = NULL;
    HRESULT hr;

    hr = IDiscRecorder2_get_ExclusiveAccessOwner(recorder, &owner);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(owner && !wcscmp(owner, L"imapi2 track at once test"), "Unexpected owner %s.\n", wine_dbgstr_w(owner));
    SysFreeString(owner);
}

static BOOL erase_medium(IDiscRecorder2 *recorder)
{
    IDiscFormat2Erase *erase;
    BSTR name;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Erase, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Erase,
            (void **)&erase);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return FALSE;
    IDiscFormat2Erase_put_Recorder(erase, recorder);
    name = SysAllocString(L"imapi2 track at once test");
    IDiscFormat2Erase_put_ClientName(erase, name);
    SysFreeString(name);
    hr = IDiscFormat2Erase_EraseMedia(erase);
    ok(hr == S_OK, "EraseMedia failed, hr %#lx.\n", hr);
    IDiscFormat2Erase_Release(erase);
    return hr == S_OK;
}

static void test_recorder(IDiscRecorder2 *recorder)
{
    VARIANT_BOOL blank = VARIANT_FALSE;
    IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
    HRESULT type_hr;
    IDiscFormat2TrackAtOnce *tao = create_tao();
    IStream *stream;
    HRESULT hr;

    if (!tao) return;
    hr = IDiscFormat2TrackAtOnce_put_Recorder(tao, recorder);
    if (hr == E_IMAPI_DF2TAO_RECORDER_NOT_SUPPORTED)
    {
        skip("The recorder cannot write track at once.\n");
        IDiscFormat2TrackAtOnce_Release(tao);
        return;
    }
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    type_hr = IDiscFormat2TrackAtOnce_get_CurrentPhysicalMediaType(tao, &type);

    /* The client name names the exclusive access PrepareMedia takes. */
    hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
    ok(hr == E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID, "Unexpected hr %#lx.\n", hr);
    set_client_name(tao);

    if (!may_disturb_system() || !is_virtual_recorder())
    {
        skip("Not preparing this disc.\n");
        IDiscFormat2TrackAtOnce_Release(tao);
        return;
    }

    hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
    if (type_hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA || (type != IMAPI_MEDIA_TYPE_CDR && type != IMAPI_MEDIA_TYPE_CDRW))
    {
        ok(hr == (type_hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA ? E_IMAPI_RECORDER_MEDIA_NO_MEDIA
                : E_IMAPI_DF2TAO_MEDIA_IS_NOT_SUPPORTED), "Unexpected hr %#lx.\n", hr);
        hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao);
        ok(hr == E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED, "Unexpected hr %#lx.\n", hr);
        IDiscFormat2TrackAtOnce_Release(tao);
        return;
    }
    IDiscFormat2TrackAtOnce_get_MediaPhysicallyBlank(tao, &blank);
    if (!blank)
    {
        /* The units before this one wrote data sessions: audio tracks need
         * a blank disc. A CD-RW is blanked for the rest. */
        ok(hr == E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK, "Unexpected hr %#lx.\n", hr);
        if (type != IMAPI_MEDIA_TYPE_CDRW || !erase_medium(recorder))
        {
            skip("No blank CD.\n");
            IDiscFormat2TrackAtOnce_Release(tao);
            return;
        }
        hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
    }
    ok(hr == S_OK, "PrepareMedia failed, hr %#lx.\n", hr);
    check_owner(recorder);
    hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
    ok(hr == E_IMAPI_DF2TAO_MEDIA_IS_PREPARED, "Unexpected hr %#lx.\n", hr);

    /* Whole sectors of 2352 bytes, or nothing is written. */
    stream = create_stream(10 * 2352 + 1);
    hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
    ok(hr == E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);
    stream = create_stream(2048);
    hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
    ok(hr == E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);
    stream = create_stream(0);
    hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
    ok(hr == E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);

    hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao);
    ok(hr == S_OK, "ReleaseMedia failed, hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao);
    ok(hr == E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED, "Unexpected hr %#lx.\n", hr);

    /* prepared again, and released by the object's end */
    hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
    ok(hr == S_OK, "PrepareMedia failed, hr %#lx.\n", hr);
    IDiscFormat2TrackAtOnce_Release(tao);

    tao = create_tao();
    IDiscFormat2TrackAtOnce_put_Recorder(tao, recorder);
    set_client_name(tao);
    hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
    ok(hr == S_OK, "PrepareMedia failed, hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao);
    ok(hr == S_OK, "ReleaseMedia failed, hr %#lx.\n", hr);
    IDiscFormat2TrackAtOnce_Release(tao);
}

/* The DDiscFormat2TrackAtOnceEvents sink. */
static IDiscFormat2TrackAtOnce *sink_tao;
/* When the sink calls CancelAddTrack: never, at the first update (before a
 * sector is written) or at the first update that reports sectors written. */
enum sink_cancel { CANCEL_NEVER, CANCEL_PREPARING, CANCEL_WRITING };
static enum sink_cancel sink_cancel;
static unsigned int update_count;
static IMAPI_FORMAT2_TAO_WRITE_ACTION first_action, last_action;
static LONG event_track, event_start_lba, event_sector_count, event_last_written;
static BOOL seen_writing, event_order_ok;
static HRESULT cancel_hr;
static LONG cancel_written;

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_DDiscFormat2TrackAtOnceEvents))
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
    IMAPI_FORMAT2_TAO_WRITE_ACTION action = 0xdead;
    LONG track = -1, start = -1, count = -1, written = -1, read = -1, elapsed = -1, remaining = -1;
    LONG total = -1, used = -1, free_buffer = -1;
    IDiscFormat2TrackAtOnceEventArgs *args;
    IWriteEngine2EventArgs *base;
    IDiscFormat2TrackAtOnce *tao;
    HRESULT hr;

    ok(member == DISPID_DDISCFORMAT2TAOEVENTS_UPDATE, "Unexpected member %ld.\n", member);
    ok(params->cArgs == 2, "Unexpected argument count %u.\n", params->cArgs);
    ok(V_VT(&params->rgvarg[0]) == VT_DISPATCH && V_VT(&params->rgvarg[1]) == VT_DISPATCH,
            "Unexpected argument types %u, %u.\n", V_VT(&params->rgvarg[0]), V_VT(&params->rgvarg[1]));

    hr = IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[1]), &IID_IDiscFormat2TrackAtOnce, (void **)&tao);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        ok(tao == sink_tao, "The object is not the format.\n");
        IDiscFormat2TrackAtOnce_Release(tao);
    }
    hr = IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[0]), &IID_IDiscFormat2TrackAtOnceEventArgs,
            (void **)&args);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return S_OK;
    hr = IDiscFormat2TrackAtOnceEventArgs_QueryInterface(args, &IID_IWriteEngine2EventArgs, (void **)&base);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (SUCCEEDED(hr)) IWriteEngine2EventArgs_Release(base);
    IDiscFormat2TrackAtOnceEventArgs_get_CurrentAction(args, &action);
    IDiscFormat2TrackAtOnceEventArgs_get_CurrentTrackNumber(args, &track);
    IDiscFormat2TrackAtOnceEventArgs_get_StartLba(args, &start);
    IDiscFormat2TrackAtOnceEventArgs_get_SectorCount(args, &count);
    IDiscFormat2TrackAtOnceEventArgs_get_LastWrittenLba(args, &written);
    IDiscFormat2TrackAtOnceEventArgs_get_LastReadLba(args, &read);
    IDiscFormat2TrackAtOnceEventArgs_get_TotalSystemBuffer(args, &total);
    IDiscFormat2TrackAtOnceEventArgs_get_UsedSystemBuffer(args, &used);
    IDiscFormat2TrackAtOnceEventArgs_get_FreeSystemBuffer(args, &free_buffer);
    IDiscFormat2TrackAtOnceEventArgs_get_ElapsedTime(args, &elapsed);
    IDiscFormat2TrackAtOnceEventArgs_get_RemainingTime(args, &remaining);
    hr = IDiscFormat2TrackAtOnceEventArgs_get_CurrentTrackNumber(args, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    IDiscFormat2TrackAtOnceEventArgs_Release(args);

    if (!update_count++)
        first_action = action;
    else if (action < last_action)
        event_order_ok = FALSE;
    last_action = action;
    event_track = track;
    ok(elapsed >= 0 && remaining >= 0, "Times %ld, %ld.\n", elapsed, remaining);
    ok(total == used + free_buffer, "Buffer %ld, used %ld, free %ld.\n", total, used, free_buffer);
    if (action == IMAPI_FORMAT2_TAO_WRITE_ACTION_WRITING)
    {
        seen_writing = TRUE;
        event_start_lba = start;
        event_sector_count = count;
        event_last_written = written;
        ok(written >= start - 1 && written <= start + count - 1, "Last written %ld, start %ld, count %ld.\n",
                written, start, count);
        ok(written <= read, "Written %ld past read %ld.\n", written, read);
    }
    if ((sink_cancel == CANCEL_PREPARING && action == IMAPI_FORMAT2_TAO_WRITE_ACTION_PREPARING)
            || (sink_cancel == CANCEL_WRITING && action == IMAPI_FORMAT2_TAO_WRITE_ACTION_WRITING
            && written >= start && cancel_hr == 0xdeadbeef))
    {
        cancel_hr = IDiscFormat2TrackAtOnce_CancelAddTrack(sink_tao);
        cancel_written = written - start + 1;
    }
    return S_OK;
}

static const IDispatchVtbl sink_vtbl =
{
    sink_QueryInterface, sink_AddRef, sink_Release, sink_GetTypeInfoCount, sink_GetTypeInfo,
    sink_GetIDsOfNames, sink_Invoke,
};

static IDispatch sink = { &sink_vtbl };

static void reset_sink(IDiscFormat2TrackAtOnce *tao, enum sink_cancel cancel)
{
    sink_tao = tao;
    sink_cancel = cancel;
    cancel_written = -1;
    update_count = 0;
    first_action = last_action = 0;
    seen_writing = FALSE;
    event_order_ok = TRUE;
    event_track = event_start_lba = event_sector_count = event_last_written = -1;
    cancel_hr = 0xdeadbeef;
}

static void advise(IDiscFormat2TrackAtOnce *tao)
{
    IConnectionPointContainer *container;
    IConnectionPoint *point;
    DWORD cookie = 0;
    HRESULT hr;

    hr = IDiscFormat2TrackAtOnce_QueryInterface(tao, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DDiscFormat2TrackAtOnceEvents, &point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPointContainer_Release(container);
    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink, &cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IConnectionPoint_Release(point);
}

/* Samples of a track: a pattern of its own per track. */
static IStream *create_audio_stream(LONG sectors, BYTE seed)
{
    IStream *stream = create_stream(sectors * 2352);
    BYTE *data;
    HGLOBAL memory;
    LONG i;

    GetHGlobalFromStream(stream, &memory);
    data = GlobalLock(memory);
    for (i = 0; i < sectors * 2352; i++)
        data[i] = (BYTE)(seed + i * 7 + i / 2352);
    GlobalUnlock(memory);
    return stream;
}

static LONG get_long(IDiscFormat2TrackAtOnce *tao, HRESULT (WINAPI *getter)(IDiscFormat2TrackAtOnce *, LONG *),
        HRESULT expect_hr)
{
    LONG value = -1;
    HRESULT hr = getter(tao, &value);

    ok(hr == expect_hr, "Unexpected hr %#lx.\n", hr);
    return value;
}

#define existing_tracks(tao) get_long(tao, tao->lpVtbl->get_NumberOfExistingTracks, S_OK)
#define used_sectors(tao) get_long(tao, tao->lpVtbl->get_UsedSectorsOnMedia, S_OK)
#define free_sectors(tao) get_long(tao, tao->lpVtbl->get_FreeSectorsOnMedia, S_OK)
#define total_sectors(tao) get_long(tao, tao->lpVtbl->get_TotalSectorsOnMedia, S_OK)

/* ExpectedTableOfContents: READ TOC format 0, a VARIANT of VT_UI1 per byte.
 * Checks the header and the descriptors against starts (the lead-out last). */
static void check_toc(IDiscFormat2TrackAtOnce *tao, LONG count, const LONG *starts)
{
    SAFEARRAY *array = NULL;
    VARIANT *data;
    LONG lower = -1, upper = -1, i;
    BYTE toc[4 + 8 * 100];
    HRESULT hr;

    hr = IDiscFormat2TrackAtOnce_get_ExpectedTableOfContents(tao, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    SafeArrayGetLBound(array, 1, &lower);
    SafeArrayGetUBound(array, 1, &upper);
    ok(lower == 0 && upper == 4 + 8 * (count + 1) - 1, "Bounds %ld, %ld.\n", lower, upper);
    SafeArrayAccessData(array, (void **)&data);
    for (i = 0; i <= upper && i < ARRAY_SIZE(toc); i++)
    {
        ok(V_VT(&data[i]) == VT_UI1, "Element %ld has type %u.\n", i, V_VT(&data[i]));
        toc[i] = V_UI1(&data[i]);
    }
    SafeArrayUnaccessData(array);
    SafeArrayDestroy(array);
    if (upper != 4 + 8 * (count + 1) - 1) return;

    ok(((toc[0] << 8) | toc[1]) == upper - 1, "Length %u.\n", (toc[0] << 8) | toc[1]);
    ok(toc[2] == 1 && toc[3] == count, "Tracks %u to %u.\n", toc[2], toc[3]);
    for (i = 0; i <= count; i++)
    {
        const BYTE *entry = toc + 4 + 8 * i;
        LONG start = (entry[4] << 24) | (entry[5] << 16) | (entry[6] << 8) | entry[7];

        ok(entry[1] == 0x10, "Track %ld: ADR/control %#x.\n", i + 1, entry[1]);
        ok(entry[2] == (i == count ? 0xaa : i + 1), "Entry %ld: track %#x.\n", i, entry[2]);
        ok(start == starts[i], "Entry %ld: start %ld, expected %ld.\n", i, start, starts[i]);
    }
}

/* Audio tracks on a blank disc: track at once, each after a 2-second pre-gap
 * (150 sectors) and followed by the 2 run-out sectors (MMC), so that the
 * second of N sectors after a first of M starts at M + 2 + 150. */
static void test_audio(IDiscRecorder2 *recorder)
{
    static const LONG starts2[] = {0, 252, 304};
    static const LONG starts3[] = {0, 252, 454, 486};
    IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
    VARIANT_BOOL blank = VARIANT_FALSE, flag;
    IDiscFormat2TrackAtOnce *tao;
    SAFEARRAY *array;
    LONG used, free, total, tracks;
    IStream *stream;
    HRESULT hr;

    if (!may_disturb_system() || !is_virtual_recorder())
    {
        skip("Not writing audio to this disc.\n");
        return;
    }
    if (!(tao = create_tao())) return;
    IDiscFormat2TrackAtOnce_put_Recorder(tao, recorder);
    set_client_name(tao);
    IDiscFormat2TrackAtOnce_get_CurrentPhysicalMediaType(tao, &type);
    IDiscFormat2TrackAtOnce_get_MediaPhysicallyBlank(tao, &blank);
    if (type != IMAPI_MEDIA_TYPE_CDR && type != IMAPI_MEDIA_TYPE_CDRW)
    {
        skip("No CD-R or CD-RW.\n");
        IDiscFormat2TrackAtOnce_Release(tao);
        return;
    }
    if (!blank && (type != IMAPI_MEDIA_TYPE_CDRW || !erase_medium(recorder)))
    {
        skip("No blank CD.\n");
        IDiscFormat2TrackAtOnce_Release(tao);
        return;
    }

    /* Outside PrepareMedia the disc is not described. */
    get_long(tao, tao->lpVtbl->get_NumberOfExistingTracks, E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED);
    hr = IDiscFormat2TrackAtOnce_get_ExpectedTableOfContents(tao, &array);
    ok(hr == E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED, "Unexpected hr %#lx.\n", hr);

    hr = IDiscFormat2TrackAtOnce_put_DoNotFinalizeMedia(tao, VARIANT_TRUE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
    ok(hr == S_OK, "PrepareMedia failed, hr %#lx.\n", hr);
    if (FAILED(hr))
    {
        IDiscFormat2TrackAtOnce_Release(tao);
        return;
    }
    ok(existing_tracks(tao) == 0, "Tracks on a blank disc.\n");
    ok(used_sectors(tao) == 0, "Used sectors on a blank disc.\n");
    total = total_sectors(tao);
    free = free_sectors(tao);
    ok(total > 300000 && free > 300000 && free < total, "Total %ld, free %ld.\n", total, free);
    hr = IDiscFormat2TrackAtOnce_get_ExpectedTableOfContents(tao, &array);
    ok(hr == E_IMAPI_DF2TAO_TABLE_OF_CONTENTS_EMPTY_DISC, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_get_ExpectedTableOfContents(tao, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2TrackAtOnce_CancelAddTrack(tao);
    ok(hr == E_IMAPI_DF2TAO_WRITE_NOT_IN_PROGRESS, "Unexpected hr %#lx.\n", hr);

    /* track 1: 100 sectors, with progress */
    advise(tao);
    reset_sink(tao, CANCEL_NEVER);
    stream = create_audio_stream(100, 1);
    hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
    ok(hr == S_OK, "AddAudioTrack failed, hr %#lx.\n", hr);
    IStream_Release(stream);
    ok(update_count >= 3, "%u updates.\n", update_count);
    ok(first_action == IMAPI_FORMAT2_TAO_WRITE_ACTION_PREPARING, "First action %d.\n", first_action);
    ok(last_action == IMAPI_FORMAT2_TAO_WRITE_ACTION_FINISHING, "Last action %d.\n", last_action);
    ok(event_order_ok, "Actions out of order.\n");
    ok(seen_writing, "No writing update.\n");
    ok(event_track == 1, "Track %ld.\n", event_track);
    ok(event_start_lba == 0 && event_sector_count == 100 && event_last_written == 99,
            "Start %ld, count %ld, last written %ld.\n", event_start_lba, event_sector_count, event_last_written);
    ok(existing_tracks(tao) == 1, "Tracks after one.\n");
    used = used_sectors(tao);
    ok(used == 252, "Used %ld, expected 252 (100, run-out, pre-gap).\n", used);
    ok(free_sectors(tao) == free - 252, "Free %ld, was %ld.\n", free_sectors(tao), free);

    /* track 2: 50 sectors after the pre-gap */
    reset_sink(tao, CANCEL_NEVER);
    stream = create_audio_stream(50, 2);
    hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
    ok(hr == S_OK, "AddAudioTrack failed, hr %#lx.\n", hr);
    IStream_Release(stream);
    ok(event_track == 2, "Track %ld.\n", event_track);
    ok(event_start_lba == 252, "Start %ld.\n", event_start_lba);
    ok(existing_tracks(tao) == 2, "Tracks after two.\n");
    check_toc(tao, 2, starts2);

    /* cancelled before a sector is written: no track */
    reset_sink(tao, CANCEL_PREPARING);
    stream = create_audio_stream(2000, 3);
    hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
    ok(hr == E_IMAPI_REQUEST_CANCELLED, "Unexpected hr %#lx.\n", hr);
    ok(cancel_hr == S_OK, "CancelAddTrack from the sink, hr %#lx.\n", cancel_hr);
    IStream_Release(stream);
    tracks = existing_tracks(tao);
    ok(tracks == 2, "Tracks after a cancel %ld.\n", tracks);

    /* DoNotFinalizeMedia: the session stays open for the next PrepareMedia */
    hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao);
    ok(hr == S_OK, "ReleaseMedia failed, hr %#lx.\n", hr);
    /* audio sectors do not read with READ(10), which does not make them blank */
    flag = VARIANT_TRUE;
    hr = IDiscFormat2TrackAtOnce_get_MediaHeuristicallyBlank(tao, &flag);
    ok(hr == S_OK, "get_MediaHeuristicallyBlank failed, hr %#lx.\n", hr);
    ok(flag == VARIANT_FALSE, "A disc of audio tracks is taken for blank.\n");
    IDiscFormat2TrackAtOnce_Release(tao);

    tao = create_tao();
    IDiscFormat2TrackAtOnce_put_Recorder(tao, recorder);
    set_client_name(tao);
    hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
    ok(hr == S_OK, "PrepareMedia of the open disc failed, hr %#lx.\n", hr);
    if (SUCCEEDED(hr))
    {
        ok(existing_tracks(tao) == 2, "Tracks of the open disc.\n");
        check_toc(tao, 2, starts2);
        stream = create_audio_stream(30, 4);
        hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
        ok(hr == S_OK, "AddAudioTrack failed, hr %#lx.\n", hr);
        IStream_Release(stream);
        ok(existing_tracks(tao) == 3, "Tracks after three.\n");
        check_toc(tao, 3, starts3);
        /* the session and the disc are closed */
        hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao);
        ok(hr == S_OK, "ReleaseMedia failed, hr %#lx.\n", hr);
        hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
        ok(hr == E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK, "Unexpected hr %#lx.\n", hr);
    }
    IDiscFormat2TrackAtOnce_Release(tao);

    /* a medium error in the middle of a track: AddAudioTrack fails, the
     * track is closed as far as it got, ReleaseMedia still works */
    if (type == IMAPI_MEDIA_TYPE_CDRW && erase_medium(recorder))
    {
        tao = create_tao();
        IDiscFormat2TrackAtOnce_put_Recorder(tao, recorder);
        set_client_name(tao);
        hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
        ok(hr == S_OK, "PrepareMedia failed, hr %#lx.\n", hr);
        hr = inject_faults(recorder, "medium-error:40");
        ok(hr == S_OK, "inject_faults failed, hr %#lx.\n", hr);
        stream = create_audio_stream(100, 5);
        hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
        /* the sense 03/0C/00 maps to no documented code of its own yet */
        ok(FAILED(hr) && hr != E_NOTIMPL && hr != E_IMAPI_REQUEST_CANCELLED, "Unexpected hr %#lx.\n", hr);
        IStream_Release(stream);
        inject_faults(recorder, "clear");
        hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao);
        ok(hr == S_OK, "ReleaseMedia failed, hr %#lx.\n", hr);
        IDiscFormat2TrackAtOnce_Release(tao);
    }

    /* cancelled in the middle of a track on a drive paced at 2x: AddAudioTrack
     * returns within a second or two, and what was written is closed as a
     * track of its own, so the disc stays readable and takes more tracks */
    if (type == IMAPI_MEDIA_TYPE_CDRW && erase_medium(recorder))
    {
        ULONGLONG start;
        DWORD elapsed;

        tao = create_tao();
        IDiscFormat2TrackAtOnce_put_Recorder(tao, recorder);
        set_client_name(tao);
        hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao);
        ok(hr == S_OK, "PrepareMedia failed, hr %#lx.\n", hr);
        hr = inject_faults(recorder, "pace:353");
        ok(hr == S_OK, "inject_faults failed, hr %#lx.\n", hr);
        advise(tao);
        reset_sink(tao, CANCEL_WRITING);
        stream = create_audio_stream(1500, 6);
        start = GetTickCount64();
        hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
        elapsed = GetTickCount64() - start;
        ok(hr == E_IMAPI_REQUEST_CANCELLED, "Unexpected hr %#lx.\n", hr);
        ok(cancel_hr == S_OK, "CancelAddTrack from the sink, hr %#lx.\n", cancel_hr);
        ok(cancel_written > 0 && cancel_written < 1500, "Cancelled after %ld sectors.\n", cancel_written);
        ok(elapsed < 5000, "AddAudioTrack returned after %lu ms of a 10 s track.\n", elapsed);
        IStream_Release(stream);
        inject_faults(recorder, "pace:0");
        tracks = existing_tracks(tao);
        ok(tracks == 1, "Tracks after a cancel mid-track %ld.\n", tracks);
        /* the track, its 2 run-out blocks and the next pre-gap */
        used = used_sectors(tao);
        ok(used - 152 >= cancel_written && used - 152 < 1500, "Used %ld after %ld sectors.\n", used,
                cancel_written);
        stream = create_audio_stream(30, 7);
        hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
        ok(hr == S_OK, "AddAudioTrack after the cancel failed, hr %#lx.\n", hr);
        IStream_Release(stream);
        ok(existing_tracks(tao) == 2, "Tracks after one more.\n");
        hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao);
        ok(hr == S_OK, "ReleaseMedia failed, hr %#lx.\n", hr);
        IDiscFormat2TrackAtOnce_Release(tao);
    }

    /* the units after this one want a blank CD-RW */
    if (type == IMAPI_MEDIA_TYPE_CDRW)
        erase_medium(recorder);
}

START_TEST(track_at_once)
{
    IDiscRecorder2 *recorder;
    IDiscFormat2TrackAtOnce *tao;
    HRESULT hr;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2TrackAtOnce, NULL, CLSCTX_INPROC_SERVER,
            &IID_IDiscFormat2TrackAtOnce, (void **)&tao);
    if (FAILED(hr))
    {
        win_skip("MsftDiscFormat2TrackAtOnce is not available, hr %#lx.\n", hr);
        CoUninitialize();
        return;
    }
    IDiscFormat2TrackAtOnce_Release(tao);

    test_unprepared();

    if (!(recorder = get_recorder()))
        skip("No recorder found.\n");
    else
    {
        test_recorder(recorder);
        test_speeds(recorder);
        test_audio(recorder);
        IDiscRecorder2_Release(recorder);
    }

    CoUninitialize();
}
