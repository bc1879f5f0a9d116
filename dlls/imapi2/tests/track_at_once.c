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
    IStream *stream;
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
        IDiscRecorder2_Release(recorder);
    }

    CoUninitialize();
}
