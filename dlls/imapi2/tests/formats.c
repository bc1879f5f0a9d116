/*
 * The IDiscFormat2 base shared by every format object: one set of rules.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "oleauto.h"
#include "imapi2.h"
#include "imapi2error.h"

#include "wine/test.h"

enum format_kind { FORMAT_DATA, FORMAT_ERASE, FORMAT_TAO, FORMAT_RAW_CD };

static const struct format_class
{
    enum format_kind kind;
    const CLSID *clsid;
    const char *name;
    HRESULT client_name_not_valid;
    /* the media types the format may report */
    IMAPI_MEDIA_PHYSICAL_TYPE types[16];
    unsigned int type_count;
}
format_classes[] =
{
    {
        FORMAT_DATA, &CLSID_MsftDiscFormat2Data, "data", E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID,
        {
            IMAPI_MEDIA_TYPE_CDR, IMAPI_MEDIA_TYPE_CDRW, IMAPI_MEDIA_TYPE_DVDPLUSR, IMAPI_MEDIA_TYPE_DVDPLUSRW,
            IMAPI_MEDIA_TYPE_DVDPLUSR_DUALLAYER, IMAPI_MEDIA_TYPE_DVDDASHR, IMAPI_MEDIA_TYPE_DVDDASHRW,
            IMAPI_MEDIA_TYPE_DVDDASHR_DUALLAYER, IMAPI_MEDIA_TYPE_DVDRAM, IMAPI_MEDIA_TYPE_DVDPLUSRW_DUALLAYER,
            IMAPI_MEDIA_TYPE_BDR, IMAPI_MEDIA_TYPE_BDRE, IMAPI_MEDIA_TYPE_DISK,
        }, 13,
    },
    {
        FORMAT_ERASE, &CLSID_MsftDiscFormat2Erase, "erase", E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID,
        { IMAPI_MEDIA_TYPE_CDRW, IMAPI_MEDIA_TYPE_DVDDASHRW, IMAPI_MEDIA_TYPE_DVDPLUSRW, IMAPI_MEDIA_TYPE_BDRE }, 4,
    },
    {
        FORMAT_TAO, &CLSID_MsftDiscFormat2TrackAtOnce, "track at once", E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID,
        { IMAPI_MEDIA_TYPE_CDR, IMAPI_MEDIA_TYPE_CDRW }, 2,
    },
    {
        FORMAT_RAW_CD, &CLSID_MsftDiscFormat2RawCD, "raw CD", E_IMAPI_DF2RAW_CLIENT_NAME_IS_NOT_VALID,
        { IMAPI_MEDIA_TYPE_CDR, IMAPI_MEDIA_TYPE_CDRW }, 2,
    },
};

/* The methods that are not in IDiscFormat2, through each format's own interface. */
static HRESULT format_put_recorder(enum format_kind kind, IDiscFormat2 *format, IDiscRecorder2 *recorder)
{
    switch (kind)
    {
    case FORMAT_DATA: return IDiscFormat2Data_put_Recorder((IDiscFormat2Data *)format, recorder);
    case FORMAT_ERASE: return IDiscFormat2Erase_put_Recorder((IDiscFormat2Erase *)format, recorder);
    case FORMAT_TAO: return IDiscFormat2TrackAtOnce_put_Recorder((IDiscFormat2TrackAtOnce *)format, recorder);
    case FORMAT_RAW_CD: return IDiscFormat2RawCD_put_Recorder((IDiscFormat2RawCD *)format, recorder);
    }
    return E_FAIL;
}

static HRESULT format_get_recorder(enum format_kind kind, IDiscFormat2 *format, IDiscRecorder2 **recorder)
{
    switch (kind)
    {
    case FORMAT_DATA: return IDiscFormat2Data_get_Recorder((IDiscFormat2Data *)format, recorder);
    case FORMAT_ERASE: return IDiscFormat2Erase_get_Recorder((IDiscFormat2Erase *)format, recorder);
    case FORMAT_TAO: return IDiscFormat2TrackAtOnce_get_Recorder((IDiscFormat2TrackAtOnce *)format, recorder);
    case FORMAT_RAW_CD: return IDiscFormat2RawCD_get_Recorder((IDiscFormat2RawCD *)format, recorder);
    }
    return E_FAIL;
}

static HRESULT format_put_client_name(enum format_kind kind, IDiscFormat2 *format, BSTR name)
{
    switch (kind)
    {
    case FORMAT_DATA: return IDiscFormat2Data_put_ClientName((IDiscFormat2Data *)format, name);
    case FORMAT_ERASE: return IDiscFormat2Erase_put_ClientName((IDiscFormat2Erase *)format, name);
    case FORMAT_TAO: return IDiscFormat2TrackAtOnce_put_ClientName((IDiscFormat2TrackAtOnce *)format, name);
    case FORMAT_RAW_CD: return IDiscFormat2RawCD_put_ClientName((IDiscFormat2RawCD *)format, name);
    }
    return E_FAIL;
}

static HRESULT format_get_client_name(enum format_kind kind, IDiscFormat2 *format, BSTR *name)
{
    switch (kind)
    {
    case FORMAT_DATA: return IDiscFormat2Data_get_ClientName((IDiscFormat2Data *)format, name);
    case FORMAT_ERASE: return IDiscFormat2Erase_get_ClientName((IDiscFormat2Erase *)format, name);
    case FORMAT_TAO: return IDiscFormat2TrackAtOnce_get_ClientName((IDiscFormat2TrackAtOnce *)format, name);
    case FORMAT_RAW_CD: return IDiscFormat2RawCD_get_ClientName((IDiscFormat2RawCD *)format, name);
    }
    return E_FAIL;
}

static HRESULT format_get_media_type(enum format_kind kind, IDiscFormat2 *format, IMAPI_MEDIA_PHYSICAL_TYPE *type)
{
    switch (kind)
    {
    case FORMAT_DATA:
        return IDiscFormat2Data_get_CurrentPhysicalMediaType((IDiscFormat2Data *)format, type);
    case FORMAT_ERASE:
        return IDiscFormat2Erase_get_CurrentPhysicalMediaType((IDiscFormat2Erase *)format, type);
    case FORMAT_TAO:
        return IDiscFormat2TrackAtOnce_get_CurrentPhysicalMediaType((IDiscFormat2TrackAtOnce *)format, type);
    case FORMAT_RAW_CD:
        return IDiscFormat2RawCD_get_CurrentPhysicalMediaType((IDiscFormat2RawCD *)format, type);
    }
    return E_FAIL;
}

static IDiscFormat2 *create_format(const struct format_class *class)
{
    IDiscFormat2 *format = NULL;
    IUnknown *specific;
    HRESULT hr;

    hr = CoCreateInstance(class->clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2, (void **)&format);
    ok(hr == S_OK, "%s: unexpected hr %#lx.\n", class->name, hr);
    if (FAILED(hr)) return NULL;

    /* The specific interface is the same object, so the casts above hold. */
    switch (class->kind)
    {
    case FORMAT_DATA: hr = IDiscFormat2_QueryInterface(format, &IID_IDiscFormat2Data, (void **)&specific); break;
    case FORMAT_ERASE: hr = IDiscFormat2_QueryInterface(format, &IID_IDiscFormat2Erase, (void **)&specific); break;
    case FORMAT_TAO:
        hr = IDiscFormat2_QueryInterface(format, &IID_IDiscFormat2TrackAtOnce, (void **)&specific);
        break;
    case FORMAT_RAW_CD: hr = IDiscFormat2_QueryInterface(format, &IID_IDiscFormat2RawCD, (void **)&specific); break;
    }
    ok(hr == S_OK && (void *)specific == (void *)format, "%s: hr %#lx, %p, %p.\n", class->name, hr, specific,
            format);
    if (SUCCEEDED(hr)) IUnknown_Release(specific);
    return format;
}

static const char *env(const char *name)
{
    const char *value = getenv(name);
    return value ? value : "";
}

/* From the drive itself: the other units may have written on blank media. */
static BOOL disc_is_blank(IDiscRecorder2 *recorder)
{
    IDiscRecorder2Ex *ex;
    BYTE *data = NULL;
    ULONG size = 0;
    BOOL blank;
    HRESULT hr;

    hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return FALSE;
    hr = IDiscRecorder2Ex_GetDiscInformation(ex, &data, &size);
    ok(hr == S_OK && size >= 3, "Unexpected hr %#lx, size %lu.\n", hr, size);
    /* MMC: Disc Status, byte 2 bits 1-0, 00b empty. */
    blank = SUCCEEDED(hr) && size >= 3 && !(data[2] & 3);
    CoTaskMemFree(data);
    IDiscRecorder2Ex_Release(ex);
    return blank;
}

static void check_types(const struct format_class *class, SAFEARRAY *array, BOOL nonempty)
{
    LONG lower = 0, upper = -1, i;
    unsigned int j;
    VARIANT v;
    HRESULT hr;

    ok(SafeArrayGetDim(array) == 1, "%s: %u dimensions.\n", class->name, SafeArrayGetDim(array));
    SafeArrayGetLBound(array, 1, &lower);
    SafeArrayGetUBound(array, 1, &upper);
    if (nonempty)
        ok(upper >= lower, "%s: no media types.\n", class->name);
    for (i = lower; i <= upper; ++i)
    {
        VariantInit(&v);
        hr = SafeArrayGetElement(array, &i, &v);
        ok(hr == S_OK && V_VT(&v) == VT_I4, "%s: hr %#lx, type %u.\n", class->name, hr, V_VT(&v));
        for (j = 0; j < class->type_count; ++j)
            if (class->types[j] == V_I4(&v)) break;
        ok(j < class->type_count, "%s: unexpected media type %ld.\n", class->name, V_I4(&v));
        VariantClear(&v);
    }
}

static void test_client_name(const struct format_class *class, IDiscFormat2 *format)
{
    static const WCHAR *invalid[] =
    {
        L"",
        L"bad/name",
        L"star*",
        L"tab\tname",
        L"0123456789012345678901234567890123456789012345678901234567890123",    /* 64 */
    };
    static const WCHAR *valid[] =
    {
        L"x",
        L"IMAPI2 test: 1.0, ok; a-b_c",
        L"012345678901234567890123456789012345678901234567890123456789012",     /* 63 */
    };
    BSTR name, got;
    unsigned int i;
    HRESULT hr;

    hr = format_get_client_name(class->kind, format, NULL);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);

    name = SysAllocString(L"first");
    hr = format_put_client_name(class->kind, format, name);
    ok(hr == S_OK, "%s: unexpected hr %#lx.\n", class->name, hr);
    SysFreeString(name);

    hr = format_put_client_name(class->kind, format, NULL);
    ok(hr == class->client_name_not_valid, "%s: unexpected hr %#lx for NULL.\n", class->name, hr);
    for (i = 0; i < ARRAY_SIZE(invalid); ++i)
    {
        name = SysAllocString(invalid[i]);
        hr = format_put_client_name(class->kind, format, name);
        ok(hr == class->client_name_not_valid, "%s: unexpected hr %#lx for %s.\n", class->name, hr,
                wine_dbgstr_w(invalid[i]));
        SysFreeString(name);
        got = NULL;
        hr = format_get_client_name(class->kind, format, &got);
        ok(hr == S_OK && got && !wcscmp(got, L"first"), "%s: hr %#lx, name %s.\n", class->name, hr,
                wine_dbgstr_w(got));
        SysFreeString(got);
    }
    for (i = 0; i < ARRAY_SIZE(valid); ++i)
    {
        name = SysAllocString(valid[i]);
        hr = format_put_client_name(class->kind, format, name);
        ok(hr == S_OK, "%s: unexpected hr %#lx for %s.\n", class->name, hr, wine_dbgstr_w(valid[i]));
        SysFreeString(name);
        got = NULL;
        hr = format_get_client_name(class->kind, format, &got);
        ok(hr == S_OK && got && !wcscmp(got, valid[i]), "%s: hr %#lx, name %s.\n", class->name, hr,
                wine_dbgstr_w(got));
        SysFreeString(got);
    }
}

static void test_no_recorder(const struct format_class *class)
{
    IMAPI_MEDIA_PHYSICAL_TYPE type;
    IDiscRecorder2 *recorder;
    IDiscFormat2 *format;
    VARIANT_BOOL flag;
    SAFEARRAY *array;
    HRESULT hr;

    if (!(format = create_format(class))) return;

    hr = IDiscFormat2_IsRecorderSupported(format, NULL, &flag);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = IDiscFormat2_IsRecorderSupported(format, NULL, NULL);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = IDiscFormat2_IsCurrentMediaSupported(format, NULL, &flag);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = IDiscFormat2_get_MediaPhysicallyBlank(format, NULL);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = IDiscFormat2_get_MediaHeuristicallyBlank(format, NULL);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = IDiscFormat2_get_SupportedMediaTypes(format, NULL);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = format_get_recorder(class->kind, format, NULL);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = format_get_media_type(class->kind, format, NULL);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);

    recorder = (IDiscRecorder2 *)0xdeadbeef;
    hr = format_get_recorder(class->kind, format, &recorder);
    ok(hr == S_OK && !recorder, "%s: hr %#lx, recorder %p.\n", class->name, hr, recorder);
    /* Clearing a recorder that was never set works too. */
    hr = format_put_recorder(class->kind, format, NULL);
    ok(hr == S_OK, "%s: unexpected hr %#lx.\n", class->name, hr);

    hr = IDiscFormat2_get_MediaPhysicallyBlank(format, &flag);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = IDiscFormat2_get_MediaHeuristicallyBlank(format, &flag);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = format_get_media_type(class->kind, format, &type);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "%s: unexpected hr %#lx.\n", class->name, hr);

    /* What the format writes, whatever the recorder. */
    array = NULL;
    hr = IDiscFormat2_get_SupportedMediaTypes(format, &array);
    ok(hr == S_OK, "%s: unexpected hr %#lx.\n", class->name, hr);
    if (array)
    {
        check_types(class, array, TRUE);
        SafeArrayDestroy(array);
    }

    test_client_name(class, format);

    IDiscFormat2_Release(format);
}

static BOOL format_writes(const struct format_class *class, const char *media)
{
    switch (class->kind)
    {
    case FORMAT_DATA: return !strstr(media, "-rom");
    case FORMAT_ERASE: return !strcmp(media, "cd-rw") || !strncmp(media, "dvd-rw", 6) || !strcmp(media, "dvd+rw")
            || !strcmp(media, "bd-re");
    case FORMAT_TAO:
    case FORMAT_RAW_CD: return !strcmp(media, "cd-r") || !strcmp(media, "cd-rw");
    }
    return FALSE;
}

/* Another recorder object on the same drive holds exclusive access. */
static void test_locked(const struct format_class *class, IDiscFormat2 *format, IDiscRecorder2 *recorder)
{
    IDiscRecorder2 *other;
    VARIANT_BOOL flag;
    SAFEARRAY *array;
    BSTR id, name;
    HRESULT hr;

    if (FAILED(IDiscRecorder2_get_ActiveDiscRecorder(recorder, &id))) return;
    hr = CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscRecorder2,
            (void **)&other);
    if (SUCCEEDED(hr) && FAILED(hr = IDiscRecorder2_InitializeDiscRecorder(other, id)))
        IDiscRecorder2_Release(other);
    SysFreeString(id);
    if (FAILED(hr)) return;

    name = SysAllocString(L"other client");
    hr = IDiscRecorder2_AcquireExclusiveAccess(other, VARIANT_FALSE, name);
    SysFreeString(name);
    ok(hr == S_OK, "%s: unexpected hr %#lx.\n", class->name, hr);
    if (hr == S_OK)
    {
        hr = IDiscFormat2_get_MediaPhysicallyBlank(format, &flag);
        ok(hr == E_IMAPI_RECORDER_LOCKED, "%s: unexpected hr %#lx.\n", class->name, hr);
        hr = IDiscFormat2_get_MediaHeuristicallyBlank(format, &flag);
        ok(hr == E_IMAPI_RECORDER_LOCKED, "%s: unexpected hr %#lx.\n", class->name, hr);
        array = NULL;
        hr = IDiscFormat2_get_SupportedMediaTypes(format, &array);
        ok(hr == E_IMAPI_RECORDER_LOCKED, "%s: unexpected hr %#lx.\n", class->name, hr);
        if (array) SafeArrayDestroy(array);
        IDiscRecorder2_ReleaseExclusiveAccess(other);
    }
    IDiscRecorder2_Release(other);
}

static void test_recorder(const struct format_class *class, IDiscRecorder2 *recorder)
{
    const char *state = env("IMAPI2_TEST_STATE");
    char media[32];
    BOOL virtual = *env("IMAPI2_TEST_CONFIG") != 0;
    VARIANT_BOOL flag, supported;
    IDiscRecorder2 *got;
    IDiscFormat2 *format;
    SAFEARRAY *array;
    HRESULT hr;

    /* The recorder tested is the first drive: the first of the media listed. */
    sscanf(env("IMAPI2_TEST_MEDIA"), "%31s", media);
    if (!*env("IMAPI2_TEST_MEDIA")) media[0] = 0;
    if (!(format = create_format(class))) return;

    supported = 0xdead;
    hr = IDiscFormat2_IsRecorderSupported(format, recorder, &supported);
    ok(hr == S_OK && (supported == VARIANT_TRUE || supported == VARIANT_FALSE), "%s: hr %#lx, supported %#x.\n",
            class->name, hr, supported);
    hr = IDiscFormat2_IsRecorderSupported(format, recorder, NULL);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = IDiscFormat2_IsCurrentMediaSupported(format, recorder, NULL);
    ok(hr == E_POINTER, "%s: unexpected hr %#lx.\n", class->name, hr);
    if (virtual)
        /* The virtual recorder writes CDs track at once and disc at once. */
        ok(supported == VARIANT_TRUE, "%s: recorder not supported.\n", class->name);
    if (supported != VARIANT_TRUE)
    {
        IDiscFormat2_Release(format);
        return;
    }

    flag = 0xdead;
    hr = IDiscFormat2_IsCurrentMediaSupported(format, recorder, &flag);
    if (!strcmp(state, "none"))
        /* Microsoft: Windows 7 and later fail, Vista said S_OK; both with VARIANT_FALSE. */
        ok((hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA || broken(hr == S_OK)) && flag == VARIANT_FALSE,
                "%s: hr %#lx, supported %#x.\n", class->name, hr, flag);
    else if (*media)
        ok(hr == S_OK && flag == (format_writes(class, media) ? VARIANT_TRUE : VARIANT_FALSE),
                "%s on %s: hr %#lx, supported %#x.\n", class->name, media, hr, flag);

    hr = format_put_recorder(class->kind, format, recorder);
    ok(hr == S_OK, "%s: unexpected hr %#lx.\n", class->name, hr);
    got = NULL;
    hr = format_get_recorder(class->kind, format, &got);
    ok(hr == S_OK && got == recorder, "%s: hr %#lx, recorder %p.\n", class->name, hr, got);
    if (got) IDiscRecorder2_Release(got);

    array = NULL;
    hr = IDiscFormat2_get_SupportedMediaTypes(format, &array);
    ok(hr == S_OK, "%s: unexpected hr %#lx.\n", class->name, hr);
    if (array)
    {
        check_types(class, array, virtual);
        SafeArrayDestroy(array);
    }

    if (!strcmp(state, "none"))
    {
        hr = IDiscFormat2_get_MediaPhysicallyBlank(format, &flag);
        ok(hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA, "%s: unexpected hr %#lx.\n", class->name, hr);
        hr = IDiscFormat2_get_MediaHeuristicallyBlank(format, &flag);
        ok(hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA, "%s: unexpected hr %#lx.\n", class->name, hr);
    }
    else if (!strcmp(state, "blank") || !strcmp(state, "appendable"))
    {
        BOOL blank = disc_is_blank(recorder);

        flag = 0xdead;
        hr = IDiscFormat2_get_MediaPhysicallyBlank(format, &flag);
        ok(hr == S_OK && flag == (blank ? VARIANT_TRUE : VARIANT_FALSE), "%s: hr %#lx, blank %#x.\n",
                class->name, hr, flag);
        /* A session written by xorriso, or by the format_data tests, holds data
         * in the first 2 MB; the virtual read-only discs are all zeros, which
         * the heuristic rightly calls blank. */
        flag = 0xdead;
        hr = IDiscFormat2_get_MediaHeuristicallyBlank(format, &flag);
        if (!strstr(media, "-rom"))
            ok(hr == S_OK && flag == (blank ? VARIANT_TRUE : VARIANT_FALSE), "%s: hr %#lx, blank %#x.\n",
                    class->name, hr, flag);
        else
            ok(hr == S_OK, "%s: hr %#lx.\n", class->name, hr);
    }

    test_locked(class, format, recorder);

    /* Microsoft's IMAPI2 sample clears the recorder after a burn and checks it worked. */
    hr = format_put_recorder(class->kind, format, NULL);
    ok(hr == S_OK, "%s: unexpected hr %#lx.\n", class->name, hr);
    got = (IDiscRecorder2 *)0xdeadbeef;
    hr = format_get_recorder(class->kind, format, &got);
    ok(hr == S_OK && !got, "%s: hr %#lx, recorder %p.\n", class->name, hr, got);
    hr = IDiscFormat2_get_MediaPhysicallyBlank(format, &flag);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "%s: unexpected hr %#lx.\n", class->name, hr);
    hr = IDiscFormat2_get_MediaHeuristicallyBlank(format, &flag);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "%s: unexpected hr %#lx.\n", class->name, hr);

    IDiscFormat2_Release(format);
}

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

START_TEST(formats)
{
    IDiscRecorder2 *recorder;
    IDiscFormat2 *format;
    unsigned int i;
    HRESULT hr;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2,
            (void **)&format);
    if (FAILED(hr))
    {
        win_skip("IMAPI2 is not available, hr %#lx.\n", hr);
        CoUninitialize();
        return;
    }
    IDiscFormat2_Release(format);

    for (i = 0; i < ARRAY_SIZE(format_classes); ++i)
        test_no_recorder(&format_classes[i]);

    if (!(recorder = get_recorder()))
        skip("No recorder found.\n");
    else
    {
        for (i = 0; i < ARRAY_SIZE(format_classes); ++i)
            test_recorder(&format_classes[i], recorder);
        IDiscRecorder2_Release(recorder);
    }

    CoUninitialize();
}
