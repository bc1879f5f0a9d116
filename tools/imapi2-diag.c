/*
 * imapi2-diag: lists the optical recorders IMAPI2 sees, through IMAPI2 only.
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

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "oleauto.h"
#include "imapi2.h"
#include "imapi2error.h"

struct name
{
    LONG value;
    const char *text;
};

static const struct name profile_names[] =
{
    {0x0001, "Non-removable disk"}, {0x0002, "Removable disk"}, {0x0003, "MO erasable"},
    {0x0004, "MO write once"}, {0x0005, "AS-MO"}, {0x0008, "CD-ROM"}, {0x0009, "CD-R"},
    {0x000a, "CD-RW"}, {0x0010, "DVD-ROM"}, {0x0011, "DVD-R"}, {0x0012, "DVD-RAM"},
    {0x0013, "DVD-RW restricted overwrite"}, {0x0014, "DVD-RW sequential"},
    {0x0015, "DVD-R DL sequential"}, {0x0016, "DVD-R DL layer jump"}, {0x001a, "DVD+RW"},
    {0x001b, "DVD+R"}, {0x0020, "DDCD-ROM"}, {0x0021, "DDCD-R"}, {0x0022, "DDCD-RW"},
    {0x002a, "DVD+RW DL"}, {0x002b, "DVD+R DL"}, {0x0040, "BD-ROM"}, {0x0041, "BD-R SRM"},
    {0x0042, "BD-R RRM"}, {0x0043, "BD-RE"}, {0x0050, "HD DVD-ROM"}, {0x0051, "HD DVD-R"},
    {0x0052, "HD DVD-RAM"}, {0xffff, "non-standard"},
};

static const struct name feature_names[] =
{
    {0x0000, "Profile List"}, {0x0001, "Core"}, {0x0002, "Morphing"}, {0x0003, "Removable Medium"},
    {0x0004, "Write Protect"}, {0x0010, "Random Readable"}, {0x001d, "Multi-Read"}, {0x001e, "CD Read"},
    {0x001f, "DVD Read"}, {0x0020, "Random Writable"}, {0x0021, "Incremental Streaming Writable"},
    {0x0022, "Sector Erasable"}, {0x0023, "Formattable"}, {0x0024, "Hardware Defect Management"},
    {0x0025, "Write Once"}, {0x0026, "Restricted Overwrite"}, {0x0027, "CD-RW CAV Write"},
    {0x0028, "MRW"}, {0x0029, "Enhanced Defect Reporting"}, {0x002a, "DVD+RW"}, {0x002b, "DVD+R"},
    {0x002c, "Rigid Restricted Overwrite"}, {0x002d, "CD Track at Once"}, {0x002e, "CD Mastering"},
    {0x002f, "DVD-R/-RW Write"}, {0x0033, "Layer Jump Recording"}, {0x0037, "CD-RW Media Write Support"},
    {0x0038, "BD-R Pseudo-Overwrite"}, {0x003a, "DVD+RW DL"}, {0x003b, "DVD+R DL"}, {0x0040, "BD Read"},
    {0x0041, "BD Write"}, {0x0050, "HD DVD Read"}, {0x0051, "HD DVD Write"}, {0x0100, "Power Management"},
    {0x0101, "SMART"}, {0x0102, "Embedded Changer"}, {0x0103, "CD Audio External Play"},
    {0x0104, "Microcode Upgrade"}, {0x0105, "Timeout"}, {0x0106, "DVD CSS"}, {0x0107, "Real Time Streaming"},
    {0x0108, "Drive Serial Number"}, {0x0109, "Media Serial Number"}, {0x010a, "Disc Control Blocks"},
    {0x010b, "DVD CPRM"}, {0x010c, "Firmware Information"}, {0x010d, "AACS"}, {0x0110, "VCPS"},
};

static const char * const media_names[] =
{
    "UNKNOWN", "CDROM", "CDR", "CDRW", "DVDROM", "DVDRAM", "DVDPLUSR", "DVDPLUSRW",
    "DVDPLUSR_DUALLAYER", "DVDDASHR", "DVDDASHRW", "DVDDASHR_DUALLAYER", "DISK",
    "DVDPLUSRW_DUALLAYER", "HDDVDROM", "HDDVDR", "HDDVDRAM", "BDROM", "BDR", "BDRE",
};

static const char *lookup(const struct name *names, size_t count, LONG value)
{
    size_t i;

    for (i = 0; i < count; ++i)
        if (names[i].value == value) return names[i].text;
    return "unknown";
}

static const char *hresult_text(HRESULT hr)
{
    static char text[256];
    DWORD len;

    len = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, hr, 0,
            text, sizeof(text), NULL);
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' ')) text[--len] = 0;
    return len ? text : "";
}

static void print_failure(const char *what, HRESULT hr)
{
    printf("  %-22s failed, hr %#lx %s\n", what, hr, hresult_text(hr));
}

static void print_string(IDiscRecorder2 *recorder, const char *what,
        HRESULT (WINAPI *get)(IDiscRecorder2 *, BSTR *))
{
    BSTR value = NULL;
    HRESULT hr;

    if (FAILED(hr = get(recorder, &value)))
        print_failure(what, hr);
    else
        printf("  %-22s %ls\n", what, value);
    SysFreeString(value);
}

/* Prints a SAFEARRAY of VARIANT: VT_I4 codes with names, or strings. */
static void print_array(const char *what, SAFEARRAY *array, const struct name *names, size_t count)
{
    LONG lower, upper, i;
    VARIANT item;

    printf("  %-22s", what);
    SafeArrayGetLBound(array, 1, &lower);
    SafeArrayGetUBound(array, 1, &upper);
    if (upper < lower) printf(" (none)");
    for (i = lower; i <= upper; ++i)
    {
        VariantInit(&item);
        if (FAILED(SafeArrayGetElement(array, &i, &item))) continue;
        if (V_VT(&item) == VT_BSTR)
            printf(" %ls", V_BSTR(&item));
        else if (V_VT(&item) == VT_I4 && names)
            printf("\n    %04lx %s", V_I4(&item), lookup(names, count, V_I4(&item)));
        else if (V_VT(&item) == VT_I4)
            printf(" %#lx", V_I4(&item));
        VariantClear(&item);
    }
    printf("\n");
}

static void print_list(IDiscRecorder2 *recorder, const char *what,
        HRESULT (WINAPI *get)(IDiscRecorder2 *, SAFEARRAY **), const struct name *names, size_t count)
{
    SAFEARRAY *array = NULL;
    HRESULT hr;

    if (FAILED(hr = get(recorder, &array)))
    {
        print_failure(what, hr);
        return;
    }
    print_array(what, array, names, count);
    SafeArrayDestroy(array);
}

static void print_media(IDiscRecorder2 *recorder)
{
    IMAPI_MEDIA_PHYSICAL_TYPE type;
    IDiscFormat2Data *format;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Data,
            (void **)&format);
    if (FAILED(hr))
    {
        print_failure("Current media", hr);
        return;
    }
    if (FAILED(hr = IDiscFormat2Data_put_Recorder(format, recorder)))
        print_failure("Current media", hr);
    else if (FAILED(hr = IDiscFormat2Data_get_CurrentPhysicalMediaType(format, &type)))
    {
        if (hr == E_NOTIMPL)
            printf("  %-22s (not available: IDiscFormat2Data is not implemented yet)\n", "Current media");
        else
            print_failure("Current media", hr);
    }
    else
        printf("  %-22s IMAPI_MEDIA_TYPE_%s\n", "Current media",
                (unsigned int)type < ARRAY_SIZE(media_names) ? media_names[type] : "?");
    IDiscFormat2Data_Release(format);
}

static void print_recorder(LONG index, BSTR id)
{
    IDiscRecorder2 *recorder;
    VARIANT_BOOL can_load;
    LONG number;
    HRESULT hr;

    printf("Recorder %ld: %ls\n", index, id);
    hr = CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscRecorder2,
            (void **)&recorder);
    if (FAILED(hr))
    {
        print_failure("MsftDiscRecorder2", hr);
        return;
    }
    if (FAILED(hr = IDiscRecorder2_InitializeDiscRecorder(recorder, id)))
    {
        print_failure("InitializeDiscRecorder", hr);
        IDiscRecorder2_Release(recorder);
        return;
    }

    print_string(recorder, "Vendor", recorder->lpVtbl->get_VendorId);
    print_string(recorder, "Product", recorder->lpVtbl->get_ProductId);
    print_string(recorder, "Revision", recorder->lpVtbl->get_ProductRevision);
    print_list(recorder, "Volume paths", recorder->lpVtbl->get_VolumePathNames, NULL, 0);
    print_string(recorder, "Volume name", recorder->lpVtbl->get_VolumeName);
    if (SUCCEEDED(hr = IDiscRecorder2_get_LegacyDeviceNumber(recorder, &number)))
        printf("  %-22s %ld\n", "Legacy device number", number);
    else
        print_failure("Legacy device number", hr);
    if (SUCCEEDED(hr = IDiscRecorder2_get_DeviceCanLoadMedia(recorder, &can_load)))
        printf("  %-22s %s\n", "Can load media", can_load ? "yes" : "no");
    else
        print_failure("Can load media", hr);
    print_string(recorder, "Exclusive owner", recorder->lpVtbl->get_ExclusiveAccessOwner);
    print_list(recorder, "Current profiles", recorder->lpVtbl->get_CurrentProfiles,
            profile_names, ARRAY_SIZE(profile_names));
    print_media(recorder);
    print_list(recorder, "Supported profiles", recorder->lpVtbl->get_SupportedProfiles,
            profile_names, ARRAY_SIZE(profile_names));
    print_list(recorder, "Supported features", recorder->lpVtbl->get_SupportedFeaturePages,
            feature_names, ARRAY_SIZE(feature_names));
    print_list(recorder, "Current features", recorder->lpVtbl->get_CurrentFeaturePages,
            feature_names, ARRAY_SIZE(feature_names));
    print_list(recorder, "Mode pages", recorder->lpVtbl->get_SupportedModePages, NULL, 0);

    IDiscRecorder2_Release(recorder);
}

int __cdecl main(int argc, char **argv)
{
    VARIANT_BOOL supported = VARIANT_FALSE;
    IDiscMaster2 *master;
    LONG count = 0, i;
    HRESULT hr;
    BSTR id;

    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "/?")))
    {
        printf("Usage: imapi2-diag.exe\n"
               "Lists each optical recorder IMAPI2 sees with its identity, volume paths,\n"
               "profiles, current media, features and mode pages.\n");
        return 0;
    }

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master);
    if (FAILED(hr))
    {
        fprintf(stderr, "imapi2-diag: cannot create MsftDiscMaster2, hr %#lx %s\n", hr, hresult_text(hr));
        CoUninitialize();
        return 1;
    }

    if (FAILED(hr = IDiscMaster2_get_IsSupportedEnvironment(master, &supported)))
        fprintf(stderr, "imapi2-diag: IsSupportedEnvironment failed, hr %#lx\n", hr);
    if (FAILED(hr = IDiscMaster2_get_Count(master, &count)))
        fprintf(stderr, "imapi2-diag: Count failed, hr %#lx\n", hr);
    printf("%ld recorder(s); supported environment: %s\n", count, supported ? "yes" : "no");

    for (i = 0; i < count; ++i)
    {
        if (FAILED(hr = IDiscMaster2_get_Item(master, i, &id)))
        {
            printf("Recorder %ld: Item failed, hr %#lx\n", i, hr);
            continue;
        }
        print_recorder(i, id);
        SysFreeString(id);
    }

    IDiscMaster2_Release(master);
    CoUninitialize();
    return FAILED(hr) ? 1 : 0;
}
