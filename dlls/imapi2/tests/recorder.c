/*
 * Tests of MsftDiscRecorder2: IDiscRecorder2 and IDiscRecorder2Ex.
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

/* Expected values come from the drive itself: the tests read INQUIRY, GET
 * CONFIGURATION, MODE SENSE and READ DISC INFORMATION through
 * SendCommandGetDataFromDevice and compare the properties with them, so the
 * same checks hold on Windows with a real burner. */

#define COBJMACROS

#include <stdarg.h>
#include <stdio.h>

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "oleauto.h"
#include "imapi2.h"
#include "imapi2error.h"
#include "winioctl.h"
#include "ntddstor.h"

#include "wine/test.h"
#include "virtual_recorder.h"

#define CLIENT_NAME "imapi2 conformance test"

static const char *child_exe;

static IDiscRecorder2 *create_recorder(void)
{
    IDiscRecorder2 *recorder = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscRecorder2,
            (void **)&recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return recorder;
}

static IDiscRecorder2 *open_recorder(const WCHAR *id)
{
    IDiscRecorder2 *recorder = create_recorder();
    HRESULT hr;

    if (!recorder) return NULL;
    hr = IDiscRecorder2_InitializeDiscRecorder(recorder, (BSTR)id);
    ok(hr == S_OK, "InitializeDiscRecorder(%s) failed, hr %#lx.\n", wine_dbgstr_w(id), hr);
    if (FAILED(hr))
    {
        IDiscRecorder2_Release(recorder);
        return NULL;
    }
    return recorder;
}

static IDiscRecorder2Ex *get_ex(IDiscRecorder2 *recorder)
{
    IDiscRecorder2Ex *ex = NULL;
    HRESULT hr;

    hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return ex;
}

static HRESULT get_data(IDiscRecorder2Ex *ex, const BYTE *cdb, ULONG cdb_size, BYTE *buffer, ULONG size,
        ULONG *fetched, BYTE sense[18])
{
    BYTE dummy[18];

    return IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, (BYTE *)cdb, cdb_size, sense ? sense : dummy,
            30, buffer, size, fetched);
}

static unsigned short be16(const BYTE *p)
{
    return (p[0] << 8) | p[1];
}

static unsigned int be32(const BYTE *p)
{
    return ((unsigned int)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

/* GET CONFIGURATION through the raw interface. */
static ULONG get_configuration(IDiscRecorder2Ex *ex, BYTE rt, USHORT start, BYTE *buffer, ULONG size)
{
    BYTE cdb[10] = {0x46, rt, start >> 8, start & 0xff, 0, 0, 0, size >> 8, size & 0xff, 0};
    ULONG fetched = 0;
    HRESULT hr;

    hr = get_data(ex, cdb, sizeof(cdb), buffer, size, &fetched, NULL);
    ok(hr == S_OK, "GET CONFIGURATION failed, hr %#lx.\n", hr);
    if (hr != S_OK || fetched < 8) return 0;
    return min(fetched, be32(buffer) + 4);
}

/* Walks feature descriptors; returns the number of codes stored. */
static ULONG feature_codes(const BYTE *buffer, ULONG len, BOOL current_only, LONG *codes, ULONG max)
{
    ULONG offset = 8, n = 0;

    while (offset + 4 <= len)
    {
        ULONG size = 4 + buffer[offset + 3];

        if (offset + size > len) break;
        if ((!current_only || (buffer[offset + 2] & 1)) && n < max)
            codes[n++] = be16(buffer + offset);
        offset += size;
    }
    return n;
}

static ULONG profile_codes(const BYTE *buffer, ULONG len, BOOL current_only, LONG *codes, ULONG max)
{
    ULONG offset = 8, n = 0, i, size;

    if (len < 12 || be16(buffer + 8) != 0) return 0;
    size = min(buffer[11], len - 12);
    for (i = 0; i + 4 <= size; i += 4)
    {
        if ((!current_only || (buffer[offset + 4 + i + 2] & 1)) && n < max)
            codes[n++] = be16(buffer + offset + 4 + i);
    }
    return n;
}

static void check_codes_(unsigned int line, SAFEARRAY *array, const LONG *expect, ULONG count)
{
    VARIANT *items;
    ULONG i;

    ok_(__FILE__, line)(array != NULL, "No array.\n");
    if (!array) return;
    ok_(__FILE__, line)(SafeArrayGetDim(array) == 1, "Unexpected dimensions %u.\n", SafeArrayGetDim(array));
    ok_(__FILE__, line)(array->rgsabound[0].cElements == count, "Got %lu elements, expected %lu.\n",
            array->rgsabound[0].cElements, count);
    if (FAILED(SafeArrayAccessData(array, (void **)&items))) return;
    for (i = 0; i < min(count, array->rgsabound[0].cElements); ++i)
    {
        ok_(__FILE__, line)(V_VT(&items[i]) == VT_I4, "Element %lu: type %s.\n", i, wine_dbgstr_vt(V_VT(&items[i])));
        ok_(__FILE__, line)(V_I4(&items[i]) == expect[i], "Element %lu: got %#lx, expected %#lx.\n",
                i, V_I4(&items[i]), expect[i]);
    }
    SafeArrayUnaccessData(array);
}
#define check_codes(a, e, c) check_codes_(__LINE__, a, e, c)

static void check_buffer_codes_(unsigned int line, const LONG *got, ULONG got_count, const LONG *expect,
        ULONG count)
{
    ULONG i;

    ok_(__FILE__, line)(got_count == count, "Got %lu codes, expected %lu.\n", got_count, count);
    for (i = 0; got && i < min(count, got_count); ++i)
        ok_(__FILE__, line)(got[i] == expect[i], "Code %lu: got %#lx, expected %#lx.\n", i, got[i], expect[i]);
}
#define check_buffer_codes(a, b, c, d) check_buffer_codes_(__LINE__, a, b, c, d)

/* The profile of IMAPI2_TEST_MEDIA for this drive letter, -1 if unknown, 0 for none. */
static int expected_profile(char letter)
{
    static const struct { const char *name; int profile; } media[] =
    {
        {"none", 0}, {"cd-rom", 0x08}, {"cd-r", 0x09}, {"cd-rw", 0x0a}, {"dvd-rom", 0x10},
        {"dvd-r", 0x11}, {"dvd-rw", 0x14}, {"dvd+rw", 0x1a}, {"dvd+r", 0x1b}, {"dvd+r-dl", 0x2b},
        {"bd-rom", 0x40}, {"bd-r", 0x41}, {"bd-re", 0x43},
    };
    char drives[128], medias[256], *d, *m, *dctx, *mctx;
    unsigned int i;

    if (!GetEnvironmentVariableA("IMAPI2_TEST_DRIVES", drives, sizeof(drives))
            || !GetEnvironmentVariableA("IMAPI2_TEST_MEDIA", medias, sizeof(medias)))
        return -1;
    for (d = strtok_s(drives, " ", &dctx), m = strtok_s(medias, " ", &mctx); d && m;
            d = strtok_s(NULL, " ", &dctx), m = strtok_s(NULL, " ", &mctx))
    {
        if (toupper(d[0]) != letter) continue;
        for (i = 0; i < ARRAY_SIZE(media); ++i)
            if (!strcmp(m, media[i].name)) return media[i].profile;
        return -1;
    }
    return -1;
}

static char recorder_letter(IDiscRecorder2 *recorder)
{
    SAFEARRAY *paths = NULL;
    VARIANT *items;
    char letter = 0;
    HRESULT hr;

    hr = IDiscRecorder2_get_VolumePathNames(recorder, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_get_VolumePathNames(recorder, &paths);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr != S_OK) return 0;
    ok(SafeArrayGetDim(paths) == 1, "Unexpected dimensions %u.\n", SafeArrayGetDim(paths));
    ok(paths->rgsabound[0].cElements >= 1, "No path names.\n");
    if (paths->rgsabound[0].cElements && SUCCEEDED(SafeArrayAccessData(paths, (void **)&items)))
    {
        ok(V_VT(&items[0]) == VT_BSTR, "Unexpected type %s.\n", wine_dbgstr_vt(V_VT(&items[0])));
        if (V_VT(&items[0]) == VT_BSTR && V_BSTR(&items[0]))
        {
            const WCHAR *path = V_BSTR(&items[0]);

            ok(path[wcslen(path) - 1] == '\\', "Unexpected path %s.\n", wine_dbgstr_w(path));
            if (wcslen(path) == 3 && path[1] == ':') letter = (char)towupper(path[0]);
        }
        SafeArrayUnaccessData(paths);
    }
    SafeArrayDestroy(paths);
    return letter;
}

static void test_uninitialized(void)
{
    IDiscRecorder2 *recorder = create_recorder();
    IDiscRecorder2Ex *ex;
    VARIANT_BOOL bool_value;
    SAFEARRAY *array;
    LONG number;
    BSTR str;
    HRESULT hr;

    if (!recorder) return;
    ex = get_ex(recorder);

    hr = IDiscRecorder2_get_VendorId(recorder, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_get_ActiveDiscRecorder(recorder, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_get_LegacyDeviceNumber(recorder, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_get_DeviceCanLoadMedia(recorder, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_get_SupportedProfiles(recorder, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_get_ExclusiveAccessOwner(recorder, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    str = (BSTR)0xdeadbeef;
    hr = IDiscRecorder2_get_VendorId(recorder, &str);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_get_ProductId(recorder, &str);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_get_VolumePathNames(recorder, &array);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_get_LegacyDeviceNumber(recorder, &number);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_get_DeviceCanLoadMedia(recorder, &bool_value);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_EjectMedia(recorder);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);
    str = SysAllocString(L"" CLIENT_NAME);
    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, str);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);

    /* Malformed IDs. */
    hr = IDiscRecorder2_InitializeDiscRecorder(recorder, NULL);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    str = SysAllocString(L"");
    hr = IDiscRecorder2_InitializeDiscRecorder(recorder, str);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    str = SysAllocString(L"no such recorder");
    hr = IDiscRecorder2_InitializeDiscRecorder(recorder, str);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);

    IDiscRecorder2Ex_Release(ex);
    ok(!IDiscRecorder2_Release(recorder), "Object not released.\n");
}

static void test_identity(IDiscRecorder2 *recorder, IDiscRecorder2Ex *ex, const WCHAR *id)
{
    static const BYTE inquiry_cdb[6] = {0x12, 0, 0, 0, 96, 0};
    BYTE inquiry[96], sense[18];
    STORAGE_DEVICE_DESCRIPTOR *device;
    STORAGE_ADAPTER_DESCRIPTOR *adapter;
    WCHAR expect[32];
    ULONG fetched, size, value;
    LONG number;
    BYTE *data;
    HRESULT hr;
    BSTR str;
    int i, n;

    str = NULL;
    hr = IDiscRecorder2_get_ActiveDiscRecorder(recorder, &str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(str && !wcscmp(str, id), "Got %s, expected %s.\n", wine_dbgstr_w(str), wine_dbgstr_w(id));
    SysFreeString(str);

    memset(inquiry, 0, sizeof(inquiry));
    memset(sense, 0xcc, sizeof(sense));
    fetched = 0;
    hr = get_data(ex, inquiry_cdb, sizeof(inquiry_cdb), inquiry, sizeof(inquiry), &fetched, sense);
    ok(hr == S_OK, "INQUIRY failed, hr %#lx.\n", hr);
    ok(fetched >= 36, "INQUIRY returned %lu bytes.\n", fetched);
    ok(!sense[0] && !sense[2], "Sense %02x %02x after success.\n", sense[0], sense[2]);
    ok((inquiry[0] & 0x1f) == 5, "Peripheral device type %u.\n", inquiry[0] & 0x1f);

    /* Vendor, product and revision as sent by INQUIRY without trailing blanks;
     * Windows may keep the blanks. */
    for (i = 0; i < 3; ++i)
    {
        static const int offset[] = {8, 16, 32}, length[] = {8, 16, 4};
        HRESULT (WINAPI *get)(IDiscRecorder2 *, BSTR *) = i == 0 ? recorder->lpVtbl->get_VendorId
                : i == 1 ? recorder->lpVtbl->get_ProductId : recorder->lpVtbl->get_ProductRevision;
        int full;

        for (n = 0; n < length[i]; ++n) expect[n] = inquiry[offset[i] + n];
        full = n;
        expect[n] = 0;
        while (n && expect[n - 1] == ' ') expect[--n] = 0;
        str = NULL;
        hr = get(recorder, &str);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        ok((str && !wcscmp(str, expect)) || broken(str && wcslen(str) == (size_t)full),
                "Field %d: got %s, expected %s.\n", i, wine_dbgstr_w(str), wine_dbgstr_w(expect));
        SysFreeString(str);
    }

    str = NULL;
    hr = IDiscRecorder2_get_VolumeName(recorder, &str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(str && *str, "Empty volume name.\n");
    trace("Volume name %s.\n", wine_dbgstr_w(str));
    SysFreeString(str);

    number = -1;
    hr = IDiscRecorder2_get_LegacyDeviceNumber(recorder, &number);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(number >= 0, "Unexpected number %ld.\n", number);

    /* Descriptors. */
    hr = IDiscRecorder2Ex_GetDeviceDescriptor(ex, NULL, &size);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_GetDeviceDescriptor(ex, &data, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    data = NULL;
    hr = IDiscRecorder2Ex_GetDeviceDescriptor(ex, &data, &size);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        device = (STORAGE_DEVICE_DESCRIPTOR *)data;
        ok(size >= sizeof(*device), "Size %lu.\n", size);
        ok(device->Size <= size, "Descriptor size %lu, buffer %lu.\n", device->Size, size);
        ok(device->DeviceType == 5, "Device type %u.\n", device->DeviceType);
        ok(device->RemovableMedia == !!(inquiry[1] & 0x80), "Removable %u.\n", device->RemovableMedia);
        ok(device->VendorIdOffset && device->VendorIdOffset < size, "Vendor offset %lu.\n", device->VendorIdOffset);
        if (device->VendorIdOffset && device->VendorIdOffset < size)
            ok(!strncmp((char *)data + device->VendorIdOffset, (char *)inquiry + 8,
                    strlen((char *)data + device->VendorIdOffset)), "Vendor %s.\n",
                    wine_dbgstr_a((char *)data + device->VendorIdOffset));
        CoTaskMemFree(data);
    }
    data = NULL;
    hr = IDiscRecorder2Ex_GetAdapterDescriptor(ex, &data, &size);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        adapter = (STORAGE_ADAPTER_DESCRIPTOR *)data;
        ok(size >= sizeof(*adapter), "Size %lu.\n", size);
        ok(adapter->MaximumTransferLength >= 2048, "Maximum transfer %lu.\n", adapter->MaximumTransferLength);
        CoTaskMemFree(data);
    }

    hr = IDiscRecorder2Ex_GetByteAlignmentMask(ex, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    value = 0xdeadbeef;
    hr = IDiscRecorder2Ex_GetByteAlignmentMask(ex, &value);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(!(value & (value + 1)), "Mask %#lx is not 2^n - 1.\n", value);
    value = 0;
    hr = IDiscRecorder2Ex_GetMaximumPageAlignedTransferSize(ex, &value);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(value >= 2048, "Page aligned maximum %lu.\n", value);
    size = value;
    value = 0;
    hr = IDiscRecorder2Ex_GetMaximumNonPageAlignedTransferSize(ex, &value);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(value >= 2048 && value <= size, "Non page aligned maximum %lu (aligned %lu).\n", value, size);
}

static void test_raw_commands(IDiscRecorder2Ex *ex, int profile)
{
    static const BYTE tur[6] = {0};
    static const BYTE bad_inquiry[10] = {0x12, 0, 0, 0, 36, 0};
    BYTE sense[18], buffer[64];
    ULONG fetched;
    HRESULT hr;

    hr = IDiscRecorder2Ex_SendCommandNoData(ex, NULL, 6, sense, 10);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_SendCommandNoData(ex, (BYTE *)tur, 6, NULL, 10);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_SendCommandNoData(ex, (BYTE *)tur, 5, sense, 10);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_SendCommandNoData(ex, (BYTE *)tur, 17, sense, 10);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    /* INQUIRY is a group 0 command: 6 bytes. */
    hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, (BYTE *)bad_inquiry, 10, sense, 10, buffer,
            sizeof(buffer), &fetched);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, (BYTE *)bad_inquiry, 6, sense, 10, NULL,
            sizeof(buffer), &fetched);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, (BYTE *)bad_inquiry, 6, sense, 10, buffer,
            sizeof(buffer), NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_SendCommandSendDataToDevice(ex, (BYTE *)bad_inquiry, 6, sense, 10, NULL, 4);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    /* TEST UNIT READY: the sense of an empty drive is returned as data. */
    memset(sense, 0xcc, sizeof(sense));
    hr = IDiscRecorder2Ex_SendCommandNoData(ex, (BYTE *)tur, 6, sense, 10);
    if (profile == 0)
    {
        ok(hr == S_IMAPI_COMMAND_HAS_SENSE_DATA, "Unexpected hr %#lx.\n", hr);
        ok((sense[0] & 0x7f) == 0x70 || (sense[0] & 0x7f) == 0x71, "Sense response code %#x.\n", sense[0]);
        ok((sense[2] & 0xf) == 2 && sense[12] == 0x3a, "Sense %x/%02x/%02x, expected 2/3a.\n",
                sense[2] & 0xf, sense[12], sense[13]);
    }
    else if (profile > 0)
    {
        ok(hr == S_OK, "Unexpected hr %#lx, sense %x/%02x/%02x.\n", hr, sense[2] & 0xf, sense[12], sense[13]);
        ok(!sense[0], "Sense %#x after success.\n", sense[0]);
    }
}

static void test_profiles_and_features(IDiscRecorder2 *recorder, IDiscRecorder2Ex *ex, int profile)
{
    LONG expect[256], *codes;
    BYTE *buffer, *page;
    SAFEARRAY *array;
    ULONG len, n, count, size, i;
    HRESULT hr;
    BOOL current_found;

    buffer = malloc(0x8000);

    /* Supported profiles: the profile list of GET CONFIGURATION. */
    len = get_configuration(ex, 0, 0, buffer, 0x8000);
    n = profile_codes(buffer, len, FALSE, expect, ARRAY_SIZE(expect));
    ok(n > 0, "No profiles.\n");
    array = NULL;
    hr = IDiscRecorder2_get_SupportedProfiles(recorder, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_codes(array, expect, n);
    if (array) SafeArrayDestroy(array);
    codes = NULL;
    hr = IDiscRecorder2Ex_GetSupportedProfiles(ex, FALSE, (IMAPI_PROFILE_TYPE **)&codes, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_buffer_codes(codes, count, expect, n);
    CoTaskMemFree(codes);
    hr = IDiscRecorder2Ex_GetSupportedProfiles(ex, FALSE, NULL, &count);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    /* Supported features. */
    n = feature_codes(buffer, len, FALSE, expect, ARRAY_SIZE(expect));
    ok(n > 0, "No features.\n");
    array = NULL;
    hr = IDiscRecorder2_get_SupportedFeaturePages(recorder, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_codes(array, expect, n);
    if (array) SafeArrayDestroy(array);
    codes = NULL;
    hr = IDiscRecorder2Ex_GetSupportedFeaturePages(ex, FALSE, (IMAPI_FEATURE_PAGE_TYPE **)&codes, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_buffer_codes(codes, count, expect, n);
    CoTaskMemFree(codes);

    /* A feature the drive lists, and one it does not. */
    page = NULL;
    hr = IDiscRecorder2Ex_GetFeaturePage(ex, IMAPI_FEATURE_PAGE_TYPE_CORE, FALSE, &page, &size);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        ok(size >= 4 && be16(page) == 1, "Got feature %#x, size %lu.\n", size >= 2 ? be16(page) : 0, size);
        ok(size == 4u + page[3], "Size %lu, additional length %u.\n", size, page[3]);
        CoTaskMemFree(page);
    }
    hr = IDiscRecorder2Ex_GetFeaturePage(ex, IMAPI_FEATURE_PAGE_TYPE_CORE, FALSE, NULL, &size);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    for (i = 0; i < n; ++i)
        if (expect[i] == IMAPI_FEATURE_PAGE_TYPE_VCPS) break;
    if (i == n)
    {
        hr = IDiscRecorder2Ex_GetFeaturePage(ex, IMAPI_FEATURE_PAGE_TYPE_VCPS, FALSE, &page, &size);
        ok(hr == E_IMAPI_RECORDER_NO_SUCH_FEATURE, "Unexpected hr %#lx.\n", hr);
    }

    /* Current features. */
    len = get_configuration(ex, 1, 0, buffer, 0x8000);
    n = feature_codes(buffer, len, TRUE, expect, ARRAY_SIZE(expect));
    array = NULL;
    hr = IDiscRecorder2_get_CurrentFeaturePages(recorder, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_codes(array, expect, n);
    if (array) SafeArrayDestroy(array);
    codes = NULL;
    hr = IDiscRecorder2Ex_GetSupportedFeaturePages(ex, TRUE, (IMAPI_FEATURE_PAGE_TYPE **)&codes, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_buffer_codes(codes, count, expect, n);
    CoTaskMemFree(codes);

    /* A feature supported but not current must be refused with currentFeatureOnly. */
    len = get_configuration(ex, 0, 0, buffer, 0x8000);
    n = feature_codes(buffer, len, FALSE, expect, ARRAY_SIZE(expect));
    current_found = FALSE;
    for (i = 0; i < n && !current_found; ++i)
    {
        LONG cur[256];
        ULONG k, m = feature_codes(buffer, len, TRUE, cur, ARRAY_SIZE(cur));

        for (k = 0; k < m; ++k)
            if (cur[k] == expect[i]) break;
        if (k < m) continue;
        hr = IDiscRecorder2Ex_GetFeaturePage(ex, expect[i], TRUE, &page, &size);
        ok(hr == E_IMAPI_RECORDER_FEATURE_IS_NOT_CURRENT, "Feature %#lx: unexpected hr %#lx.\n", expect[i], hr);
        current_found = TRUE;
    }

    /* Current profiles: the CurrentP bits, and the configured media. */
    len = get_configuration(ex, 2, 0, buffer, 0x8000);
    n = profile_codes(buffer, len, TRUE, expect, ARRAY_SIZE(expect));
    array = NULL;
    hr = IDiscRecorder2_get_CurrentProfiles(recorder, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_codes(array, expect, n);
    if (array) SafeArrayDestroy(array);
    codes = NULL;
    hr = IDiscRecorder2Ex_GetSupportedProfiles(ex, TRUE, (IMAPI_PROFILE_TYPE **)&codes, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_buffer_codes(codes, count, expect, n);
    if (profile == 0)
        ok(!count, "Got %lu current profiles without media.\n", count);
    else if (profile > 0)
    {
        /* Real drives may mark several profiles current (CD-ROM with CD-R,
         * BD-ROM with BD-R): the medium's own must be among them. */
        for (i = 0; codes && i < count; ++i)
            if (codes[i] == profile) break;
        ok(codes && i < count, "Profile %#x is not among the %lu current profiles.\n", profile, count);
    }
    CoTaskMemFree(codes);

    free(buffer);
}

static void test_mode_pages(IDiscRecorder2 *recorder, IDiscRecorder2Ex *ex)
{
    BYTE cdb[10] = {0x5a, 0x08, 0x3f, 0, 0, 0, 0, 0x10, 0x00, 0};
    LONG expect[64];
    BYTE *buffer, *page;
    ULONG fetched, len, offset, n = 0, size;
    VARIANT_BOOL can_load;
    SAFEARRAY *array;
    BOOL seen[64] = {0};
    HRESULT hr;

    buffer = malloc(0x1000);
    hr = get_data(ex, cdb, sizeof(cdb), buffer, 0x1000, &fetched, NULL);
    ok(hr == S_OK, "MODE SENSE failed, hr %#lx.\n", hr);
    len = fetched >= 8 ? min(fetched, be16(buffer) + 2u) : 0;
    for (offset = 8 + (len >= 8 ? be16(buffer + 6) : 0); offset + 2 <= len; )
    {
        BYTE code = buffer[offset] & 0x3f;

        if (!seen[code]) expect[n++] = code;
        seen[code] = TRUE;
        offset += (buffer[offset] & 0x40) ? 4 + be16(buffer + offset + 2) : 2 + buffer[offset + 1];
    }
    free(buffer);

    array = NULL;
    hr = IDiscRecorder2_get_SupportedModePages(recorder, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_codes(array, expect, n);
    if (array) SafeArrayDestroy(array);

    hr = IDiscRecorder2Ex_GetSupportedModePages(ex, 4, (IMAPI_MODE_PAGE_TYPE **)&page, &size);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);

    /* Page 2Ah and the loading mechanism it reports. */
    page = NULL;
    hr = IDiscRecorder2Ex_GetModePage(ex, IMAPI_MODE_PAGE_TYPE_LEGACY_CAPABILITIES,
            IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES, &page, &size);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        BYTE mechanism;

        ok(size >= 8 && (page[0] & 0x3f) == 0x2a, "Got page %#x, size %lu.\n", page[0], size);
        ok(size == 2u + page[1], "Size %lu, page length %u.\n", size, page[1]);
        /* Page 2Ah byte 6 bits 7-5: 0 caddy, 1 tray, 2 pop-up, 4 and 5 changers. */
        mechanism = size >= 7 ? page[6] >> 5 : 0xff;
        hr = IDiscRecorder2_get_DeviceCanLoadMedia(recorder, &can_load);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        ok(can_load == ((mechanism == 1 || mechanism == 4 || mechanism == 5) ? VARIANT_TRUE : VARIANT_FALSE),
                "Got %#x for loading mechanism %u.\n", can_load, mechanism);
        CoTaskMemFree(page);
    }
    hr = IDiscRecorder2Ex_GetModePage(ex, IMAPI_MODE_PAGE_TYPE_LEGACY_CAPABILITIES, 4, &page, &size);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_GetModePage(ex, IMAPI_MODE_PAGE_TYPE_LEGACY_CAPABILITIES,
            IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES, NULL, &size);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_SetModePage(ex, IMAPI_MODE_PAGE_REQUEST_TYPE_CHANGEABLE_VALUES, (BYTE *)expect, 4);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_SetModePage(ex, IMAPI_MODE_PAGE_REQUEST_TYPE_CURRENT_VALUES, NULL, 4);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
}

static void test_media_info(IDiscRecorder2Ex *ex, int profile)
{
    static const BYTE rdi_cdb[10] = {0x51, 0, 0, 0, 0, 0, 0, 0x10, 0, 0};
    BYTE raw[0x1000], *data;
    ULONG fetched, size;
    HRESULT hr;

    hr = IDiscRecorder2Ex_GetDiscInformation(ex, NULL, &size);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_GetTrackInformation(ex, 1, 3, &data, &size);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_ReadDvdStructure(ex, 0x100, 0, 0, 0, &data, &size);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2Ex_ReadDvdStructure(ex, 0, 0, 0, 0, NULL, &size);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    data = NULL;
    hr = IDiscRecorder2Ex_GetDiscInformation(ex, &data, &size);
    if (profile == 0)
    {
        ok(hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA, "Unexpected hr %#lx.\n", hr);
        return;
    }
    if (profile < 0 && FAILED(hr))
    {
        skip("No disc information, hr %#lx.\n", hr);
        return;
    }
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = get_data(ex, rdi_cdb, sizeof(rdi_cdb), raw, 0x1000, &fetched, NULL);
    ok(hr == S_OK, "READ DISC INFORMATION failed, hr %#lx.\n", hr);
    ok(size >= 34 && size == be16(raw) + 2u, "Size %lu, reported length %u.\n", size, be16(raw));
    ok(size <= fetched && !memcmp(data, raw, size), "Disc information differs.\n");
    CoTaskMemFree(data);
}

static void run_child(const WCHAR *id, const char *mode)
{
    PROCESS_INFORMATION info;
    STARTUPINFOA startup = {sizeof(startup)};
    char cmdline[512], id_a[256];
    unsigned int tries = 0;
    BOOL ret;

    WideCharToMultiByte(CP_ACP, 0, id, -1, id_a, sizeof(id_a), NULL, NULL);
    sprintf(cmdline, "\"%s\" recorder %s \"%s\"", child_exe, mode, id_a);
    /* Wine 8 without its preloader now and then loses a new process before
     * it is initialised (ERROR_INTERNAL_ERROR: the child died in its
     * start-up, nothing of the test ran); that is not what this tests, so it
     * is started again. */
    while (!(ret = CreateProcessA(NULL, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info))
            && GetLastError() == ERROR_INTERNAL_ERROR && ++tries < 3)
    {
        trace("CreateProcess failed with ERROR_INTERNAL_ERROR, once more.\n");
        Sleep(100);
    }
    ok(ret, "CreateProcess failed, error %lu.\n", GetLastError());
    if (!ret) return;
    wait_child_process(info.hProcess);
    CloseHandle(info.hProcess);
    CloseHandle(info.hThread);
}

/* In the child process. */
static void child_main(const char *mode, const char *id_a)
{
    IDiscRecorder2 *recorder;
    WCHAR id[256];
    BSTR name, owner;
    HRESULT hr;

    MultiByteToWideChar(CP_ACP, 0, id_a, -1, id, ARRAY_SIZE(id));
    if (!(recorder = open_recorder(id))) return;
    name = SysAllocString(L"child process");

    if (!strcmp(mode, "locked"))
    {
        hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, name);
        ok(hr == E_IMAPI_RECORDER_LOCKED || broken(hr == E_ACCESSDENIED), "Unexpected hr %#lx.\n", hr);
        owner = NULL;
        hr = IDiscRecorder2_get_ExclusiveAccessOwner(recorder, &owner);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        ok(owner && !wcscmp(owner, L"" CLIENT_NAME), "Owner %s.\n", wine_dbgstr_w(owner));
        SysFreeString(owner);
        /* Would open the tray of a real drive if the lock did not hold. */
        if (may_disturb_system())
        {
            hr = IDiscRecorder2_EjectMedia(recorder);
            ok(hr == E_IMAPI_RECORDER_LOCKED, "Unexpected hr %#lx.\n", hr);
        }
    }
    else if (!strcmp(mode, "free"))
    {
        owner = (BSTR)0xdeadbeef;
        hr = IDiscRecorder2_get_ExclusiveAccessOwner(recorder, &owner);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        ok(owner && !*owner, "Owner %s.\n", wine_dbgstr_w(owner));
        SysFreeString(owner);
        hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, name);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        hr = IDiscRecorder2_ReleaseExclusiveAccess(recorder);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    }
    else if (!strcmp(mode, "die"))
    {
        /* Exits holding the lock, as a crashing client would. */
        hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, name);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        ExitProcess(winetest_get_failures());
    }
    SysFreeString(name);
    IDiscRecorder2_Release(recorder);
}

static void test_exclusive_access(IDiscRecorder2 *recorder, const WCHAR *id)
{
    IDiscRecorder2 *other;
    BSTR name, owner;
    HRESULT hr;

    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, NULL);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    name = SysAllocString(L"");
    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, name);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    SysFreeString(name);
    /* ntddcdrm.h: alphanumerics, space . , : ; - _ only, shorter than 64 bytes. */
    name = SysAllocString(L"bad/name");
    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, name);
    ok(hr == E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID || broken(hr == E_INVALIDARG), "Unexpected hr %#lx.\n", hr);
    SysFreeString(name);
    name = SysAllocString(L"0123456789012345678901234567890123456789012345678901234567890123");
    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, name);
    ok(hr == E_IMAPI_RECORDER_CLIENT_NAME_IS_NOT_VALID || broken(hr == E_INVALIDARG), "Unexpected hr %#lx.\n", hr);
    SysFreeString(name);

    owner = (BSTR)0xdeadbeef;
    hr = IDiscRecorder2_get_ExclusiveAccessOwner(recorder, &owner);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(owner && !*owner, "Owner %s.\n", wine_dbgstr_w(owner));
    SysFreeString(owner);

    name = SysAllocString(L"" CLIENT_NAME);
    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, name);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_FALSE, name);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    owner = NULL;
    hr = IDiscRecorder2_get_ExclusiveAccessOwner(recorder, &owner);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(owner && !wcscmp(owner, name), "Owner %s.\n", wine_dbgstr_w(owner));
    SysFreeString(owner);

    /* Another client in this process. */
    if ((other = open_recorder(id)))
    {
        hr = IDiscRecorder2_AcquireExclusiveAccess(other, VARIANT_TRUE, name);
        ok(hr == E_IMAPI_RECORDER_LOCKED || broken(hr == E_ACCESSDENIED), "Unexpected hr %#lx.\n", hr);
        if (may_disturb_system())
        {
            hr = IDiscRecorder2_CloseTray(other);
            ok(hr == E_IMAPI_RECORDER_LOCKED, "Unexpected hr %#lx.\n", hr);
        }
        IDiscRecorder2_Release(other);
    }
    /* And in another process. */
    run_child(id, "locked");

    /* Two acquisitions need two releases. */
    hr = IDiscRecorder2_ReleaseExclusiveAccess(recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    run_child(id, "locked");
    hr = IDiscRecorder2_ReleaseExclusiveAccess(recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    run_child(id, "free");

    /* A client that exits without releasing loses the lock. */
    run_child(id, "die");
    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, name);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_ReleaseExclusiveAccess(recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    /* Releasing the object releases its lock too. */
    if ((other = open_recorder(id)))
    {
        hr = IDiscRecorder2_AcquireExclusiveAccess(other, VARIANT_TRUE, name);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        IDiscRecorder2_Release(other);
        run_child(id, "free");
    }
    SysFreeString(name);
}

static void test_eject(IDiscRecorder2 *recorder, IDiscRecorder2Ex *ex, int profile)
{
    static const BYTE tur[6] = {0};
    VARIANT_BOOL can_load;
    BYTE sense[18];
    HRESULT hr;

    if (!may_disturb_system())
    {
        skip("Not ejecting the tray of a real drive (set WINETEST_INTERACTIVE=1 to allow it).\n");
        return;
    }
    hr = IDiscRecorder2_get_DeviceCanLoadMedia(recorder, &can_load);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (!can_load)
    {
        skip("The drive cannot close its tray.\n");
        return;
    }

    hr = IDiscRecorder2_EjectMedia(recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    /* The tray is open: no medium present (MMC-6: 2/3A/02). */
    hr = IDiscRecorder2Ex_SendCommandNoData(ex, (BYTE *)tur, 6, sense, 10);
    ok(hr == S_IMAPI_COMMAND_HAS_SENSE_DATA, "Unexpected hr %#lx.\n", hr);
    ok((sense[2] & 0xf) == 2 && sense[12] == 0x3a, "Sense %x/%02x/%02x.\n", sense[2] & 0xf, sense[12], sense[13]);

    hr = IDiscRecorder2_CloseTray(recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (profile > 0)
    {
        /* The medium is back; a unit attention may come first. */
        hr = IDiscRecorder2Ex_SendCommandNoData(ex, (BYTE *)tur, 6, sense, 10);
        if (hr == S_IMAPI_COMMAND_HAS_SENSE_DATA && (sense[2] & 0xf) == 6)
            hr = IDiscRecorder2Ex_SendCommandNoData(ex, (BYTE *)tur, 6, sense, 10);
        ok(hr == S_OK, "Unexpected hr %#lx, sense %x/%02x/%02x.\n", hr, sense[2] & 0xf, sense[12], sense[13]);
    }
}

static void test_mcn(IDiscRecorder2 *recorder)
{
    HRESULT hr;

    hr = IDiscRecorder2_DisableMcn(recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_DisableMcn(recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_EnableMcn(recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscRecorder2_EnableMcn(recorder);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
}

static void test_recorder(const WCHAR *id)
{
    IDiscRecorder2 *recorder;
    IDiscRecorder2Ex *ex;
    char letter;
    int profile;

    if (!(recorder = open_recorder(id))) return;
    ex = get_ex(recorder);
    letter = recorder_letter(recorder);
    profile = expected_profile(letter);
    trace("Recorder %s at %c:, expected profile %d.\n", wine_dbgstr_w(id), letter ? letter : '?', profile);

    test_identity(recorder, ex, id);
    test_raw_commands(ex, profile);
    test_profiles_and_features(recorder, ex, profile);
    test_mode_pages(recorder, ex);
    test_media_info(ex, profile);
    test_mcn(recorder);
    test_exclusive_access(recorder, id);
    test_eject(recorder, ex, profile);

    IDiscRecorder2Ex_Release(ex);
    ok(!IDiscRecorder2_Release(recorder), "Object not released.\n");
}

START_TEST(recorder)
{
    IDiscMaster2 *master;
    LONG count, i;
    char **argv;
    HRESULT hr;
    BSTR id;
    int argc;

    argc = winetest_get_mainargs(&argv);
    child_exe = argv[0];

    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    if (argc >= 4)
    {
        child_main(argv[2], argv[3]);
        CoUninitialize();
        return;
    }

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    if (FAILED(hr))
    {
        win_skip("MsftDiscMaster2 is not available, hr %#lx.\n", hr);
        CoUninitialize();
        return;
    }

    test_uninitialized();

    hr = IDiscMaster2_get_Count(master, &count);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (!count) skip("No recorder found.\n");
    for (i = 0; i < count; ++i)
    {
        hr = IDiscMaster2_get_Item(master, i, &id);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        if (FAILED(hr)) continue;
        winetest_push_context("recorder %ld", i);
        test_recorder(id);
        winetest_pop_context();
        SysFreeString(id);
    }

    IDiscMaster2_Release(master);
    CoUninitialize();
}
