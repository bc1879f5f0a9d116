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

/* The expected addresses come from outside imapi2.dll: under Wine the test
 * runner reads the virtual recorder's own layout of the disc (and checks it
 * against cdrskin -msinfo) and passes it in IMAPI2_TEST_EXPECT_<letter>; the
 * values must then match exactly. Without it (Windows with a real burner) the
 * values are only checked for what Microsoft documents and for consistency. */

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

static unsigned int be16(const BYTE *p) { return (p[0] << 8) | p[1]; }

struct expected
{
    WORD profile;
    BOOL sequential, random, blank, appendable, finalized;
    LONG write_unit;
    /* From IMAPI2_TEST_EXPECT_<letter>, when known is set. */
    BOOL known;
    LONG start_prev, last_written_prev, next_writable, free_sectors, total;
    BOOL first_data_session;
};

static char recorder_letter(IDiscRecorder2 *recorder)
{
    SAFEARRAY *paths = NULL;
    VARIANT *items;
    char letter = 0;

    if (FAILED(IDiscRecorder2_get_VolumePathNames(recorder, &paths)) || !paths) return 0;
    if (paths->rgsabound[0].cElements && SUCCEEDED(SafeArrayAccessData(paths, (void **)&items)))
    {
        if (V_VT(&items[0]) == VT_BSTR && V_BSTR(&items[0]) && V_BSTR(&items[0])[0]
                && V_BSTR(&items[0])[1] == ':')
            letter = (char)towupper(V_BSTR(&items[0])[0]);
        SafeArrayUnaccessData(paths);
    }
    SafeArrayDestroy(paths);
    return letter;
}

static BOOL get_field(const char *values, const char *key, LONG *value)
{
    char pattern[48];
    const char *p;

    sprintf(pattern, " %s=", key);
    if (!(p = strstr(values, pattern))) return FALSE;
    *value = strtol(p + strlen(pattern), NULL, 0);
    return TRUE;
}

/* The test runner's description of the disc in this drive: "profile=0x001b
 * status=appendable start_prev=0 last_written_prev=191 ...". */
static BOOL outside_values(char letter, struct expected *e)
{
    char name[32], buffer[512], values[514], status[32] = "";
    LONG profile = -1, first = -1;
    const char *p;
    BOOL ret;

    sprintf(name, "IMAPI2_TEST_EXPECT_%c", letter);
    if (!letter || !GetEnvironmentVariableA(name, buffer, sizeof(buffer))) return FALSE;
    sprintf(values, " %s", buffer);
    if ((p = strstr(values, " status="))) sscanf(p + 8, "%31s", status);
    ret = get_field(values, "profile", &profile);
    ok(ret && *status, "Malformed %s=%s.\n", name, buffer);
    if (!ret || !*status) return FALSE;
    e->known = TRUE;
    e->profile = profile;
    e->blank = !strcmp(status, "blank");
    e->appendable = !strcmp(status, "appendable");
    e->finalized = !strcmp(status, "finalized");
    if (!e->blank && !e->appendable) return TRUE;
    ret = get_field(values, "start_prev", &e->start_prev)
            && get_field(values, "last_written_prev", &e->last_written_prev)
            && get_field(values, "next_writable", &e->next_writable)
            && get_field(values, "free", &e->free_sectors)
            && get_field(values, "total", &e->total)
            && get_field(values, "first_data_session", &first);
    ok(ret, "Malformed %s=%s.\n", name, buffer);
    e->first_data_session = first != 0;
    return ret;
}

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

/* Which kind of multisession object the medium takes (doc/multisession.md 1.1),
 * and, when the test runner did not say, the disc status the drive reports
 * (READ DISC INFORMATION byte 2, doc/multisession.md 1.2). */
static BOOL classify(IDiscRecorder2Ex *ex, char letter, struct expected *e)
{
    BYTE *disc = NULL;
    ULONG size = 0;
    WORD profile;
    HRESULT hr;

    memset(e, 0, sizeof(*e));
    profile = current_profile(ex);
    if (outside_values(letter, e))
        ok(e->profile == profile, "Current profile %#x, the test runner says %#x.\n", profile, e->profile);
    e->profile = profile;
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
    /* ECC block of the medium: a CD sector, a DVD ECC block, a BD cluster. */
    e->write_unit = e->profile <= 0x0a ? 1 : e->profile >= 0x40 ? 32 : 16;
    if (e->known || e->random) return TRUE;

    hr = IDiscRecorder2Ex_GetDiscInformation(ex, &disc, &size);
    ok(hr == S_OK && size >= 3, "GetDiscInformation failed, hr %#lx, size %lu.\n", hr, size);
    if (hr == S_OK && size >= 3)
    {
        e->blank = (disc[2] & 3) == 0;
        e->appendable = (disc[2] & 3) == 1 && !(disc[2] & 0xc);
        e->finalized = (disc[2] & 3) == 2;
    }
    CoTaskMemFree(disc);
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
    LONG value, format_value, start, last, next, free_sectors, total;
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

    hr = IMultisessionSequential2_get_StartAddressOfPreviousSession(ms, &start);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IMultisessionSequential2_get_LastWrittenAddressOfPreviousSession(ms, &last);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IMultisessionSequential2_get_NextWritableAddress(ms, &next);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IMultisessionSequential2_get_FreeSectorsOnMedia(ms, &free_sectors);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2Data_get_TotalSectorsOnMedia(format, &total);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IMultisessionSequential2_get_IsFirstDataSession(ms, &flag);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    /* Microsoft: the multisession object reports what IDiscFormat2Data does. */
#define CHECK_FORMAT(prop, expect) \
    do { \
        format_value = 0xdead; \
        format_hr = IDiscFormat2Data_get_##prop(format, &format_value); \
        ok(format_hr == S_OK && format_value == expect, #prop ": format says %ld (hr %#lx), multisession %ld.\n", \
                format_value, format_hr, expect); \
    } while (0)
    CHECK_FORMAT(StartAddressOfPreviousSession, start);
    CHECK_FORMAT(LastWrittenAddressOfPreviousSession, last);
    CHECK_FORMAT(NextWritableAddress, next);
    CHECK_FORMAT(FreeSectorsOnMedia, free_sectors);
#undef CHECK_FORMAT
    check_dispatch((IDispatch *)ms, L"NextWritableAddress", next);
    check_dispatch((IDispatch *)ms, L"StartAddressOfPreviousSession", start);

    if (e->known)
    {
        /* The disc as the recorder lays it out. */
        ok(start == e->start_prev, "Start of previous session %ld, expected %ld.\n", start, e->start_prev);
        /* Where the host's write ended: never the 2 run-out blocks of a CD
         * track-at-once track (doc/multisession.md 3.7). */
        ok(last == e->last_written_prev, "Last written address of previous session %ld, expected %ld.\n",
                last, e->last_written_prev);
        ok(next == e->next_writable, "Next writable address %ld, expected %ld.\n", next, e->next_writable);
        ok(free_sectors == e->free_sectors, "Free sectors %ld, expected %ld.\n", free_sectors, e->free_sectors);
        ok(total == e->total, "Total sectors %ld, expected %ld.\n", total, e->total);
        ok(!flag == !e->first_data_session, "First data session %#x, expected %d.\n", flag, e->first_data_session);
        return;
    }

    /* A real burner: what Microsoft documents, and what any layout satisfies. */
    ok(free_sectors > 0 && free_sectors <= total - next, "Free %ld, next writable %ld, total %ld.\n",
            free_sectors, next, total);
    ok(next % e->write_unit == 0, "Next writable %ld, write unit %ld.\n", next, e->write_unit);
    if (e->blank)
    {
        ok(start == -1 && last == -1, "Blank media: previous session %ld-%ld.\n", start, last);
        ok(next == 0, "Blank media: next writable %ld.\n", next);
        ok(flag == VARIANT_TRUE, "Blank media: first data session %#x.\n", flag);
    }
    else
    {
        ok(start >= 0 && start <= last && last < next && next < total,
                "Previous session %ld-%ld, next writable %ld, total %ld.\n", start, last, next, total);
        /* Only a CD can hold audio sessions before the first data session. */
        if (e->write_unit > 1)
            ok(flag == VARIANT_FALSE, "First data session %#x after a DVD or BD session.\n", flag);
    }
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
    if (!classify(ex, recorder_letter(recorder), &e))
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
    IDiscMaster2 *master;
    LONG count = 0, i;
    BSTR id;
    HRESULT hr;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2, (void **)&master);
    if (FAILED(hr))
    {
        win_skip("MsftDiscMaster2 is not available, hr %#lx.\n", hr);
        CoUninitialize();
        return;
    }
    hr = IDiscMaster2_get_Count(master, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (!count) skip("No recorder found.\n");
    for (i = 0; i < count; ++i)
    {
        if (FAILED(IDiscMaster2_get_Item(master, i, &id))) continue;
        hr = CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscRecorder2,
                (void **)&recorder);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        if (SUCCEEDED(hr))
        {
            hr = IDiscRecorder2_InitializeDiscRecorder(recorder, id);
            ok(hr == S_OK, "InitializeDiscRecorder failed, hr %#lx.\n", hr);
            winetest_push_context("recorder %ld", i);
            if (hr == S_OK) test_multisession(recorder);
            winetest_pop_context();
            IDiscRecorder2_Release(recorder);
        }
        SysFreeString(id);
    }
    IDiscMaster2_Release(master);

    CoUninitialize();
}
