/*
 * Conformance tests for the multisession objects of MsftDiscFormat2Data.
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

/* Expected values are derived from READ DISC INFORMATION and READ TRACK
 * INFORMATION as the drive reports them through IDiscRecorder2Ex, with the
 * rules of MMC-6 and Microsoft's documentation, so the same checks hold on
 * Windows with a real burner. */

#define COBJMACROS

#include <stdarg.h>
#include <stdio.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "oleauto.h"
#include "imapi2.h"
#include "imapi2error.h"

#include "wine/test.h"

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

static unsigned int be16(const BYTE *p) { return (p[0] << 8) | p[1]; }
static LONG be32(const BYTE *p) { return (LONG)(((ULONG)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]); }

struct track
{
    BOOL valid;
    unsigned int number, session;
    LONG start, nwa, free_blocks, size, lra;
    BOOL nwa_valid, lra_valid, data;
};

static struct track get_track(IDiscRecorder2Ex *ex, ULONG address, IMAPI_READ_TRACK_ADDRESS_TYPE type)
{
    struct track track = {0};
    BYTE *data = NULL;
    ULONG size = 0;
    HRESULT hr;

    hr = IDiscRecorder2Ex_GetTrackInformation(ex, address, type, &data, &size);
    ok(hr == S_OK, "GetTrackInformation(%lu, %d) failed, hr %#lx.\n", address, type, hr);
    if (hr != S_OK || size < 28)
    {
        CoTaskMemFree(data);
        return track;
    }
    track.valid = TRUE;
    track.number = data[2] | (size > 32 ? data[32] << 8 : 0);
    track.session = data[3] | (size > 33 ? data[33] << 8 : 0);
    track.data = (data[5] & 0x4) != 0;
    track.nwa_valid = data[7] & 1;
    track.lra_valid = (data[7] & 2) && size >= 32;
    track.start = be32(data + 8);
    track.nwa = be32(data + 12);
    track.free_blocks = be32(data + 16);
    track.size = be32(data + 24);
    if (track.lra_valid)
        track.lra = be32(data + 28);
    CoTaskMemFree(data);
    return track;
}

struct expected
{
    WORD profile;
    BOOL sequential, random, blank, appendable, finalized;
    LONG start_prev, last_written_prev, next_writable, free_sectors, total, write_unit;
    BOOL first_data_session;
};

static WORD current_profile(IDiscRecorder2Ex *ex)
{
    BYTE cdb[10] = {0x46, 0x01, 0, 0, 0, 0, 0, 0, 8, 0}, sense[18], header[8];
    ULONG fetched = 0;
    HRESULT hr;

    hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, cdb, sizeof(cdb), sense, 10, header, sizeof(header),
            &fetched);
    ok(hr == S_OK, "GET CONFIGURATION failed, hr %#lx.\n", hr);
    return hr == S_OK && fetched >= 8 ? be16(header + 6) : 0;
}

/* multisession.md 3.2: the IMAPI2 values as functions of the MMC data. */
static BOOL derive(IDiscRecorder2Ex *ex, struct expected *e)
{
    unsigned int status, last_state, sessions, first_tls, last_tls, complete;
    struct track invisible, first, last;
    BYTE *disc = NULL;
    ULONG size = 0;
    HRESULT hr;

    memset(e, 0, sizeof(*e));
    e->profile = current_profile(ex);
    switch (e->profile)
    {
    case 0x09: case 0x0a: case 0x11: case 0x14: case 0x1b: case 0x2b: case 0x41:
        e->sequential = TRUE;
        break;
    case 0x12: case 0x13: case 0x1a: case 0x2a: case 0x43:
        e->random = TRUE;
        break;
    default:
        return FALSE;
    }
    e->write_unit = e->profile <= 0x0a ? 1 : e->profile >= 0x40 ? 32 : 16;

    hr = IDiscRecorder2Ex_GetDiscInformation(ex, &disc, &size);
    ok(hr == S_OK && size >= 12, "GetDiscInformation failed, hr %#lx, size %lu.\n", hr, size);
    if (hr != S_OK || size < 12)
    {
        CoTaskMemFree(disc);
        return FALSE;
    }
    status = disc[2] & 3;
    last_state = (disc[2] >> 2) & 3;
    sessions = disc[4] | (disc[9] << 8);
    first_tls = disc[5] | (disc[10] << 8);
    last_tls = disc[6] | (disc[11] << 8);
    CoTaskMemFree(disc);

    e->start_prev = e->last_written_prev = -1;
    e->first_data_session = TRUE;
    if (e->random)
        return TRUE;

    e->blank = status == 0;
    e->appendable = status == 1 && last_state == 0;
    e->finalized = status == 2;
    if (!e->blank && !e->appendable)
        return TRUE;

    /* The invisible track is the last track of the last session (MMC-6 6.27.3.2). */
    invisible = get_track(ex, last_tls, IMAPI_READ_TRACK_ADDRESS_TYPE_TRACK);
    if (!invisible.valid) return FALSE;
    ok(invisible.nwa_valid, "NWA not valid on writable media.\n");
    e->next_writable = e->blank ? max(invisible.nwa, 0) : invisible.nwa;
    e->total = e->next_writable + invisible.free_blocks;
    /* Microsoft: run-out and post-gap sectors are not free; CD TAO spends 2 + 150. */
    if (e->write_unit == 1)
        e->free_sectors = invisible.free_blocks - 152;
    else
        e->free_sectors = invisible.free_blocks / e->write_unit * e->write_unit;

    complete = last_state == 3 ? sessions : sessions - 1;
    if (!complete)
        return TRUE;
    first = get_track(ex, complete, IMAPI_READ_TRACK_ADDRESS_TYPE_SESSION);
    last = get_track(ex, first_tls - 1, IMAPI_READ_TRACK_ADDRESS_TYPE_TRACK);
    if (!first.valid || !last.valid) return FALSE;
    ok(first.session == complete, "First track of session %u is in session %u.\n", complete, first.session);
    ok(last.session == complete, "Track %u is in session %u.\n", first_tls - 1, last.session);
    e->start_prev = first.start;
    e->last_written_prev = last.lra_valid ? last.lra : last.start + last.size - 1;
    e->first_data_session = !first.data && !last.data;
    return TRUE;
}

static void check_dispatch(IDispatch *dispatch, const WCHAR *name, LONG expect)
{
    DISPPARAMS params = {0};
    LPOLESTR names[1] = {(LPOLESTR)name};
    DISPID id = -1;
    VARIANT result;
    HRESULT hr;

    hr = IDispatch_GetIDsOfNames(dispatch, &IID_NULL, names, 1, LOCALE_USER_DEFAULT, &id);
    ok(hr == S_OK, "GetIDsOfNames(%s) failed, hr %#lx.\n", wine_dbgstr_w(name), hr);
    VariantInit(&result);
    hr = IDispatch_Invoke(dispatch, id, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &params, &result,
            NULL, NULL);
    ok(hr == S_OK, "Invoke(%s) failed, hr %#lx.\n", wine_dbgstr_w(name), hr);
    ok(V_VT(&result) == VT_I4 && V_I4(&result) == expect, "%s: got type %u value %ld, expected %ld.\n",
            wine_dbgstr_w(name), V_VT(&result), V_I4(&result), expect);
}

static void test_sequential(IDiscFormat2Data *format, IDiscRecorder2 *recorder, IMultisessionSequential2 *ms,
        const struct expected *e)
{
    LONG value, format_value;
    IDiscRecorder2 *import = NULL;
    VARIANT_BOOL flag;
    HRESULT hr, format_hr;

    hr = IMultisessionSequential2_get_IsSupportedOnCurrentMediaState(ms, &flag);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(!flag == !(e->blank || e->appendable), "Supported %#x, blank %d, appendable %d.\n", flag, e->blank,
            e->appendable);
    hr = IMultisessionSequential2_get_ImportRecorder(ms, &import);
    ok(hr == S_OK && import == recorder, "Unexpected hr %#lx, recorder %p.\n", hr, import);
    if (import) IDiscRecorder2_Release(import);
    hr = IMultisessionSequential2_put_InUse(ms, VARIANT_TRUE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IMultisessionSequential2_get_InUse(ms, &flag);
    ok(hr == S_OK && flag == VARIANT_TRUE, "Unexpected hr %#lx, in use %#x.\n", hr, flag);
    hr = IMultisessionSequential2_get_WriteUnitSize(ms, &value);
    ok(hr == S_OK && value == e->write_unit, "Unexpected hr %#lx, unit %ld, expected %ld.\n", hr, value,
            e->write_unit);
    hr = IMultisessionSequential2_get_NextWritableAddress(ms, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    if (e->finalized)
    {
        hr = IMultisessionSequential2_get_NextWritableAddress(ms, &value);
        ok(hr == E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, "Unexpected hr %#lx.\n", hr);
        format_hr = IDiscFormat2Data_get_NextWritableAddress(format, &value);
        ok(format_hr == hr, "Format hr %#lx, multisession hr %#lx.\n", format_hr, hr);
        return;
    }
    if (!e->blank && !e->appendable)
        return;

#define CHECK_VALUE(prop, field) \
    do { \
        value = format_value = 0xdead; \
        hr = IMultisessionSequential2_get_##prop(ms, &value); \
        ok(hr == S_OK, #prop ": unexpected hr %#lx.\n", hr); \
        ok(value == e->field, #prop ": got %ld, expected %ld.\n", value, e->field); \
        format_hr = IDiscFormat2Data_get_##prop(format, &format_value); \
        ok(format_hr == hr && format_value == value, #prop ": format says %ld (hr %#lx).\n", format_value, format_hr); \
    } while (0)

    CHECK_VALUE(StartAddressOfPreviousSession, start_prev);
    CHECK_VALUE(LastWrittenAddressOfPreviousSession, last_written_prev);
    CHECK_VALUE(NextWritableAddress, next_writable);
    CHECK_VALUE(FreeSectorsOnMedia, free_sectors);
#undef CHECK_VALUE

    hr = IDiscFormat2Data_get_TotalSectorsOnMedia(format, &value);
    ok(hr == S_OK && value == e->total, "Total %ld, expected %ld (hr %#lx).\n", value, e->total, hr);
    hr = IMultisessionSequential2_get_IsFirstDataSession(ms, &flag);
    ok(hr == S_OK && !flag == !e->first_data_session, "Unexpected hr %#lx, first %#x.\n", hr, flag);

    check_dispatch((IDispatch *)ms, L"NextWritableAddress", e->next_writable);
    check_dispatch((IDispatch *)ms, L"StartAddressOfPreviousSession", e->start_prev);
}

static void test_random(IDiscFormat2Data *format, IMultisessionRandomWrite *ms, const struct expected *e)
{
    LONG value, total = 0;
    VARIANT_BOOL flag;
    HRESULT hr;

    hr = IMultisessionRandomWrite_get_IsSupportedOnCurrentMediaState(ms, &flag);
    ok(hr == S_OK && flag == VARIANT_TRUE, "Unexpected hr %#lx, supported %#x.\n", hr, flag);
    hr = IMultisessionRandomWrite_get_WriteUnitSize(ms, &value);
    ok(hr == S_OK && value == e->write_unit, "Unexpected hr %#lx, unit %ld.\n", hr, value);
    hr = IMultisessionRandomWrite_get_TotalSectorsOnMedia(ms, &total);
    ok(hr == S_OK && total > 0, "Unexpected hr %#lx, total %ld.\n", hr, total);
    hr = IDiscFormat2Data_get_TotalSectorsOnMedia(format, &value);
    ok(hr == S_OK && value == total, "Format total %ld, multisession total %ld.\n", value, total);
    /* Microsoft: on overwritable media free space is the total capacity. */
    hr = IDiscFormat2Data_get_FreeSectorsOnMedia(format, &value);
    ok(hr == S_OK && value == total, "Free %ld, total %ld.\n", value, total);
    hr = IDiscFormat2Data_get_NextWritableAddress(format, &value);
    ok(hr == S_OK && value == 0, "Next writable %ld.\n", value);
    hr = IDiscFormat2Data_get_StartAddressOfPreviousSession(format, &value);
    ok(hr == S_OK && value == -1, "Start of previous session %ld.\n", value);
    hr = IMultisessionRandomWrite_get_LastWrittenAddress(ms, &value);
    ok(hr == S_OK || hr == E_NOTIMPL, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
        ok(value >= 0 && value < total, "Last written %ld of %ld.\n", value, total);
}

static void test_multisession(IDiscRecorder2 *recorder)
{
    IMultisessionSequential2 *sequential;
    IMultisessionRandomWrite *random;
    IDiscFormat2Data *format;
    IDiscRecorder2Ex *ex;
    struct expected e;
    SAFEARRAY *array = NULL;
    VARIANT *items;
    HRESULT hr;

    hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Data,
            (void **)&format);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_put_Recorder(format, recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    hr = IDiscFormat2Data_get_MultisessionInterfaces(format, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_MultisessionInterfaces(format, &array);
    if (!derive(ex, &e))
    {
        if (!e.profile)
            ok(hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA, "Unexpected hr %#lx.\n", hr);
        else
            ok(hr == E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, "Unexpected hr %#lx.\n", hr);
        goto done;
    }
    /* Microsoft: always at least one element, also on blank media. */
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr != S_OK) goto done;
    ok(SafeArrayGetDim(array) == 1 && array->rgsabound[0].cElements >= 1, "Unexpected array.\n");
    SafeArrayAccessData(array, (void **)&items);
    ok(V_VT(&items[0]) == VT_DISPATCH, "Unexpected type %u.\n", V_VT(&items[0]));

    sequential = NULL;
    random = NULL;
    IDispatch_QueryInterface(V_DISPATCH(&items[0]), &IID_IMultisessionSequential2, (void **)&sequential);
    IDispatch_QueryInterface(V_DISPATCH(&items[0]), &IID_IMultisessionRandomWrite, (void **)&random);
    ok(!sequential == !e.sequential, "Profile %#x: sequential object %p.\n", e.profile, sequential);
    ok(!random == !e.random, "Profile %#x: random-write object %p.\n", e.profile, random);
    if (sequential)
    {
        test_sequential(format, recorder, sequential, &e);
        IMultisessionSequential2_Release(sequential);
    }
    if (random)
    {
        test_random(format, random, &e);
        IMultisessionRandomWrite_Release(random);
    }
    SafeArrayUnaccessData(array);
    SafeArrayDestroy(array);

done:
    IDiscFormat2Data_Release(format);
    IDiscRecorder2Ex_Release(ex);
}

START_TEST(multisession)
{
    IDiscRecorder2 *recorder;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    if (!(recorder = get_recorder()))
        skip("No recorder found.\n");
    else
    {
        test_multisession(recorder);
        IDiscRecorder2_Release(recorder);
    }

    CoUninitialize();
}
