/*
 * imapi2-burn: burns an image as a new session, or prints the multisession
 * layout of the media, through IMAPI2 only.
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

#include <windef.h>
#include <winbase.h>
#include <objbase.h>
#include <oleauto.h>
#include <ocidl.h>
#include <shlwapi.h>

#include "imapi2.h"
#include "imapi2error.h"

static const struct
{
    HRESULT hr;
    const char *name;
    const char *meaning;
}
known_errors[] =
{
    { E_IMAPI_REQUEST_CANCELLED, "E_IMAPI_REQUEST_CANCELLED", "the request was cancelled" },
    { E_IMAPI_RECORDER_REQUIRED, "E_IMAPI_RECORDER_REQUIRED", "no recorder selected" },
    { E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE, "E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE", "the drive lacks a mode page" },
    { E_IMAPI_RECORDER_MEDIA_NO_MEDIA, "E_IMAPI_RECORDER_MEDIA_NO_MEDIA", "there is no media in the drive" },
    { E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, "E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE", "the media is incompatible or of unknown format" },
    { E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN, "E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN", "the media is upside down" },
    { E_IMAPI_RECORDER_MEDIA_BECOMING_READY, "E_IMAPI_RECORDER_MEDIA_BECOMING_READY", "the drive is becoming ready, try again later" },
    { E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS, "E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS", "the media is being formatted" },
    { E_IMAPI_RECORDER_MEDIA_BUSY, "E_IMAPI_RECORDER_MEDIA_BUSY", "the drive is busy with a long operation" },
    { E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, "E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS", "the drive refused the mode parameters" },
    { E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED, "E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED", "the media is write protected" },
    { E_IMAPI_RECORDER_NO_SUCH_FEATURE, "E_IMAPI_RECORDER_NO_SUCH_FEATURE", "the drive lacks a feature" },
    { E_IMAPI_RECORDER_FEATURE_IS_NOT_CURRENT, "E_IMAPI_RECORDER_FEATURE_IS_NOT_CURRENT", "a feature is not current" },
    { E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED, "E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED", "the drive does not support GET CONFIGURATION" },
    { E_IMAPI_RECORDER_COMMAND_TIMEOUT, "E_IMAPI_RECORDER_COMMAND_TIMEOUT", "the drive did not answer in time" },
    { E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT, "E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT", "the DVD structure is not present" },
    { E_IMAPI_RECORDER_MEDIA_SPEED_MISMATCH, "E_IMAPI_RECORDER_MEDIA_SPEED_MISMATCH", "the media speed does not suit the drive" },
    { E_IMAPI_RECORDER_LOCKED, "E_IMAPI_RECORDER_LOCKED", "another program holds the drive exclusively" },
    { E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED, "E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED", "the media is not formatted" },
    { E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE, "E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE", "the drive sent an invalid reply" },
    { E_IMAPI_LOSS_OF_STREAMING, "E_IMAPI_LOSS_OF_STREAMING", "the drive ran out of data" },
    { E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, "E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE", "the drive reported an unrecoverable error" },
    { E_IMAPI_DF2DATA_WRITE_IN_PROGRESS, "E_IMAPI_DF2DATA_WRITE_IN_PROGRESS", "a write is in progress" },
    { E_IMAPI_DF2DATA_WRITE_NOT_IN_PROGRESS, "E_IMAPI_DF2DATA_WRITE_NOT_IN_PROGRESS", "no write is in progress" },
    { E_IMAPI_DF2DATA_INVALID_MEDIA_STATE, "E_IMAPI_DF2DATA_INVALID_MEDIA_STATE", "the media is not in a state this operation accepts" },
    { E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED, "E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED", "the image size is not a multiple of 2048" },
    { E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA, "E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA", "the image does not fit on the media" },
    { E_IMAPI_DF2DATA_MEDIA_NOT_BLANK, "E_IMAPI_DF2DATA_MEDIA_NOT_BLANK", "the media is not blank" },
    { E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED, "E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED", "this media type cannot be written" },
    { E_IMAPI_DF2DATA_RECORDER_NOT_SUPPORTED, "E_IMAPI_DF2DATA_RECORDER_NOT_SUPPORTED", "this drive cannot write data discs" },
    { E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID, "E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID", "the client name is not valid" },
};

static const char *media_type_names[] =
{
    "IMAPI_MEDIA_TYPE_UNKNOWN", "IMAPI_MEDIA_TYPE_CDROM", "IMAPI_MEDIA_TYPE_CDR", "IMAPI_MEDIA_TYPE_CDRW",
    "IMAPI_MEDIA_TYPE_DVDROM", "IMAPI_MEDIA_TYPE_DVDRAM", "IMAPI_MEDIA_TYPE_DVDPLUSR",
    "IMAPI_MEDIA_TYPE_DVDPLUSRW", "IMAPI_MEDIA_TYPE_DVDPLUSR_DUALLAYER", "IMAPI_MEDIA_TYPE_DVDDASHR",
    "IMAPI_MEDIA_TYPE_DVDDASHRW", "IMAPI_MEDIA_TYPE_DVDDASHR_DUALLAYER", "IMAPI_MEDIA_TYPE_DISK",
    "IMAPI_MEDIA_TYPE_DVDPLUSRW_DUALLAYER", "IMAPI_MEDIA_TYPE_HDDVDROM", "IMAPI_MEDIA_TYPE_HDDVDR",
    "IMAPI_MEDIA_TYPE_HDDVDRAM", "IMAPI_MEDIA_TYPE_BDROM", "IMAPI_MEDIA_TYPE_BDR", "IMAPI_MEDIA_TYPE_BDRE",
};

static const char *action_names[] =
{
    "validating media", "formatting media", "initializing hardware", "calibrating power",
    "writing data", "finalizing", "completed", "verifying",
};

static void print_error(const char *what, HRESULT hr)
{
    char text[512];
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(known_errors); ++i)
    {
        if (known_errors[i].hr == hr)
        {
            fprintf(stderr, "imapi2-burn: %s failed: 0x%08lx %s (%s)\n", what, (unsigned long)hr,
                    known_errors[i].name, known_errors[i].meaning);
            return;
        }
    }
    if (!FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, hr, 0,
            text, sizeof(text), NULL))
        strcpy(text, "unknown error");
    text[strcspn(text, "\r\n")] = 0;
    fprintf(stderr, "imapi2-burn: %s failed: 0x%08lx (%s)\n", what, (unsigned long)hr, text);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: imapi2-burn --drive X: --info\n"
            "       imapi2-burn --drive X: [--close] [--speed N] [--dvd-compat] IMAGE\n"
            "  --info        print the media's multisession values (key=value)\n"
            "  --close       close the media after this session (ForceMediaToBeClosed)\n"
            "  --speed N     write at N times the media's 1x speed\n"
            "  --dvd-compat  keep DVD+R consumer compatibility mode (which closes the disc)\n"
            "  --cancel-after S  call CancelWrite after S seconds of writing (for tests)\n");
}

/* The recorder whose volume path is the drive letter. */
static HRESULT find_recorder(WCHAR letter, IDiscRecorder2 **out)
{
    IDiscMaster2 *master;
    LONG count, i;
    HRESULT hr;

    *out = NULL;
    if (FAILED(hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2,
            (void **)&master)))
        return hr;
    if (FAILED(hr = IDiscMaster2_get_Count(master, &count)))
        count = 0;
    for (i = 0; i < count && !*out; ++i)
    {
        IDiscRecorder2 *recorder;
        SAFEARRAY *paths = NULL;
        BSTR id = NULL;

        if (FAILED(IDiscMaster2_get_Item(master, i, &id)))
            continue;
        if (SUCCEEDED(CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_INPROC_SERVER,
                &IID_IDiscRecorder2, (void **)&recorder)))
        {
            if (SUCCEEDED(IDiscRecorder2_InitializeDiscRecorder(recorder, id))
                    && SUCCEEDED(IDiscRecorder2_get_VolumePathNames(recorder, &paths)) && paths)
            {
                LONG lower, upper, j;

                SafeArrayGetLBound(paths, 1, &lower);
                SafeArrayGetUBound(paths, 1, &upper);
                for (j = lower; j <= upper && !*out; ++j)
                {
                    VARIANT v;

                    VariantInit(&v);
                    if (SUCCEEDED(SafeArrayGetElement(paths, &j, &v)) && V_VT(&v) == VT_BSTR && V_BSTR(&v)
                            && towupper(V_BSTR(&v)[0]) == towupper(letter))
                    {
                        *out = recorder;
                        IDiscRecorder2_AddRef(recorder);
                    }
                    VariantClear(&v);
                }
                SafeArrayDestroy(paths);
            }
            IDiscRecorder2_Release(recorder);
        }
        SysFreeString(id);
    }
    IDiscMaster2_Release(master);
    return *out ? S_OK : HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
}

static void print_long(const char *key, HRESULT hr, LONG value)
{
    printf("%s=%ld\n", key, SUCCEEDED(hr) ? value : -1L);
}

static int show_info(IDiscFormat2Data *format)
{
    IMAPI_FORMAT2_DATA_MEDIA_STATE status = 0;
    IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
    IMultisessionSequential2 *sequential = NULL;
    IMultisessionRandomWrite *random = NULL;
    SAFEARRAY *array = NULL;
    VARIANT_BOOL first = VARIANT_TRUE;
    LONG value;
    HRESULT hr;

    if (FAILED(hr = IDiscFormat2Data_get_CurrentPhysicalMediaType(format, &type)))
        print_error("CurrentPhysicalMediaType", hr);
    printf("media=%s\n", type < ARRAY_SIZE(media_type_names) ? media_type_names[type] : "IMAPI_MEDIA_TYPE_UNKNOWN");
    if (FAILED(hr = IDiscFormat2Data_get_CurrentMediaStatus(format, &status)))
        print_error("CurrentMediaStatus", hr);
    printf("status=0x%04x\n", status);

    if (SUCCEEDED(hr = IDiscFormat2Data_get_MultisessionInterfaces(format, &array)) && array)
    {
        LONG index = 0;
        VARIANT v;

        VariantInit(&v);
        if (SUCCEEDED(SafeArrayGetElement(array, &index, &v)) && V_VT(&v) == VT_DISPATCH && V_DISPATCH(&v))
        {
            if (FAILED(IDispatch_QueryInterface(V_DISPATCH(&v), &IID_IMultisessionSequential2, (void **)&sequential)))
                IDispatch_QueryInterface(V_DISPATCH(&v), &IID_IMultisessionRandomWrite, (void **)&random);
        }
        VariantClear(&v);
        SafeArrayDestroy(array);
    }
    else if (FAILED(hr))
        print_error("MultisessionInterfaces", hr);

    if (sequential)
    {
        hr = IMultisessionSequential2_get_IsFirstDataSession(sequential, &first);
        printf("first_data_session=%d\n", SUCCEEDED(hr) ? !!first : -1);
        hr = IMultisessionSequential2_get_StartAddressOfPreviousSession(sequential, &value);
        print_long("start_prev", hr, value);
        hr = IMultisessionSequential2_get_LastWrittenAddressOfPreviousSession(sequential, &value);
        print_long("last_written_prev", hr, value);
        hr = IMultisessionSequential2_get_NextWritableAddress(sequential, &value);
        print_long("next_writable", hr, value);
        hr = IMultisessionSequential2_get_FreeSectorsOnMedia(sequential, &value);
        print_long("free", hr, value);
        hr = IDiscFormat2Data_get_TotalSectorsOnMedia(format, &value);
        print_long("total", hr, value);
        hr = IMultisessionSequential2_get_WriteUnitSize(sequential, &value);
        print_long("write_unit", hr, value);
        IMultisessionSequential2_Release(sequential);
    }
    else
    {
        /* Overwritable media have no sessions: IMAPI2 says -1 for them. */
        printf("first_data_session=1\n");
        hr = IDiscFormat2Data_get_StartAddressOfPreviousSession(format, &value);
        print_long("start_prev", hr, value);
        hr = IDiscFormat2Data_get_LastWrittenAddressOfPreviousSession(format, &value);
        print_long("last_written_prev", hr, value);
        hr = IDiscFormat2Data_get_NextWritableAddress(format, &value);
        print_long("next_writable", hr, value);
        hr = IDiscFormat2Data_get_FreeSectorsOnMedia(format, &value);
        print_long("free", hr, value);
        if (random)
            hr = IMultisessionRandomWrite_get_TotalSectorsOnMedia(random, &value);
        else
            hr = IDiscFormat2Data_get_TotalSectorsOnMedia(format, &value);
        print_long("total", hr, value);
        hr = random ? IMultisessionRandomWrite_get_WriteUnitSize(random, &value) : E_FAIL;
        print_long("write_unit", hr, value);
        if (random)
            IMultisessionRandomWrite_Release(random);
    }
    return 0;
}

/* DDiscFormat2DataEvents sink: a progress bar on a console, lines otherwise. */
struct progress_sink
{
    IDispatch IDispatch_iface;
    IDiscFormat2Data *format;
    LONG cancel_after;              /* seconds of writing; -1 never */
    BOOL terminal;
    int last_action;
    int last_percent;
};

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
static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count) { *count = 0; return S_OK; }

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
        DISPID *ids)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    struct progress_sink *sink = CONTAINING_RECORD(iface, struct progress_sink, IDispatch_iface);
    IMAPI_FORMAT2_DATA_WRITE_ACTION action = 0;
    IDiscFormat2DataEventArgs *args;
    LONG start = 0, count = 0, written = 0, elapsed = 0, remaining = 0, used = 0, total = 0;
    int percent;

    if (member != DISPID_DDISCFORMAT2DATAEVENTS_UPDATE || !params || params->cArgs != 2
            || V_VT(&params->rgvarg[0]) != VT_DISPATCH || !V_DISPATCH(&params->rgvarg[0]))
        return S_OK;
    if (FAILED(IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[0]), &IID_IDiscFormat2DataEventArgs,
            (void **)&args)))
        return S_OK;
    IDiscFormat2DataEventArgs_get_CurrentAction(args, &action);
    IDiscFormat2DataEventArgs_get_StartLba(args, &start);
    IDiscFormat2DataEventArgs_get_SectorCount(args, &count);
    IDiscFormat2DataEventArgs_get_LastWrittenLba(args, &written);
    IDiscFormat2DataEventArgs_get_ElapsedTime(args, &elapsed);
    IDiscFormat2DataEventArgs_get_RemainingTime(args, &remaining);
    IDiscFormat2DataEventArgs_get_UsedSystemBuffer(args, &used);
    IDiscFormat2DataEventArgs_get_TotalSystemBuffer(args, &total);
    IDiscFormat2DataEventArgs_Release(args);

    written = written - start + 1;
    percent = count > 0 ? (int)((LONGLONG)max(written, 0) * 100 / count) : 0;
    if (action != IMAPI_FORMAT2_DATA_WRITE_ACTION_WRITING_DATA)
        percent = action == IMAPI_FORMAT2_DATA_WRITE_ACTION_COMPLETED ? 100 : sink->last_percent;
    if (sink->terminal)
    {
        char bar[41];
        int i, filled = percent * 40 / 100;

        for (i = 0; i < 40; ++i)
            bar[i] = i < filled ? '#' : '-';
        bar[40] = 0;
        printf("\r[%s] %3d%% %-21s %lds left, buffer %ld%%  ", bar, percent,
                action < ARRAY_SIZE(action_names) ? action_names[action] : "?", remaining,
                total ? used * 100 / total : 0);
        if (action == IMAPI_FORMAT2_DATA_WRITE_ACTION_COMPLETED)
            printf("\n");
        fflush(stdout);
    }
    else if (action != sink->last_action || percent / 10 != sink->last_percent / 10)
    {
        printf("progress: %s %d%% (%ld of %ld sectors, %lds elapsed, %lds left)\n",
                action < ARRAY_SIZE(action_names) ? action_names[action] : "?", percent,
                max(written, 0L), count, elapsed, remaining);
        fflush(stdout);
    }
    sink->last_action = action;
    sink->last_percent = percent;
    if (sink->cancel_after >= 0 && action == IMAPI_FORMAT2_DATA_WRITE_ACTION_WRITING_DATA
            && elapsed >= sink->cancel_after)
    {
        sink->cancel_after = -1;
        IDiscFormat2Data_CancelWrite(sink->format);
    }
    return S_OK;
}

static const IDispatchVtbl sink_vtbl =
{
    sink_QueryInterface, sink_AddRef, sink_Release, sink_GetTypeInfoCount, sink_GetTypeInfo,
    sink_GetIDsOfNames, sink_Invoke,
};

static int burn(IDiscFormat2Data *format, const WCHAR *image, BOOL close, LONG speed, BOOL dvd_compat,
        LONG cancel_after)
{
    struct progress_sink sink = {{&sink_vtbl}, format, cancel_after, FALSE, -1, 0};
    IConnectionPointContainer *container;
    IConnectionPoint *point = NULL;
    IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
    LARGE_INTEGER frequency, start, end;
    IStream *stream;
    DWORD cookie = 0;
    BSTR name;
    HRESULT hr;

    sink.terminal = GetFileType(GetStdHandle(STD_OUTPUT_HANDLE)) == FILE_TYPE_CHAR;

    if (FAILED(hr = SHCreateStreamOnFileEx(image, STGM_READ | STGM_SHARE_DENY_WRITE, FILE_ATTRIBUTE_NORMAL,
            FALSE, NULL, &stream)))
    {
        print_error("opening the image", hr);
        return 1;
    }

    name = SysAllocString(L"imapi2-burn");
    IDiscFormat2Data_put_ClientName(format, name);
    SysFreeString(name);
    IDiscFormat2Data_put_ForceMediaToBeClosed(format, close ? VARIANT_TRUE : VARIANT_FALSE);
    /* DVD+R stays appendable only outside consumer compatibility mode. */
    IDiscFormat2Data_put_DisableConsumerDvdCompatibilityMode(format, dvd_compat ? VARIANT_FALSE : VARIANT_TRUE);
    if (speed > 0 && SUCCEEDED(IDiscFormat2Data_get_CurrentPhysicalMediaType(format, &type)))
    {
        LONG one_x = IMAPI_SECTORS_PER_SECOND_AT_1X_DVD;

        if (type >= IMAPI_MEDIA_TYPE_CDROM && type <= IMAPI_MEDIA_TYPE_CDRW)
            one_x = IMAPI_SECTORS_PER_SECOND_AT_1X_CD;
        else if (type >= IMAPI_MEDIA_TYPE_BDROM)
            one_x = IMAPI_SECTORS_PER_SECOND_AT_1X_BD;
        IDiscFormat2Data_SetWriteSpeed(format, speed * one_x, VARIANT_FALSE);
    }

    if (SUCCEEDED(IDiscFormat2Data_QueryInterface(format, &IID_IConnectionPointContainer, (void **)&container)))
    {
        if (SUCCEEDED(IConnectionPointContainer_FindConnectionPoint(container, &IID_DDiscFormat2DataEvents, &point)))
            IConnectionPoint_Advise(point, (IUnknown *)&sink.IDispatch_iface, &cookie);
        IConnectionPointContainer_Release(container);
    }

    QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&start);
    hr = IDiscFormat2Data_Write(format, stream);
    QueryPerformanceCounter(&end);
    if (sink.terminal && sink.last_action != IMAPI_FORMAT2_DATA_WRITE_ACTION_COMPLETED)
        printf("\n");

    if (point)
    {
        IConnectionPoint_Unadvise(point, cookie);
        IConnectionPoint_Release(point);
    }
    IStream_Release(stream);
    if (FAILED(hr))
    {
        print_error("Write", hr);
        return 1;
    }
    printf("imapi2-burn: done in %.3f s\n", (double)(end.QuadPart - start.QuadPart) / frequency.QuadPart);
    return 0;
}

static WCHAR *to_wide(const char *str)
{
    int len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    WCHAR *ret = malloc(len * sizeof(WCHAR));

    if (ret)
        MultiByteToWideChar(CP_ACP, 0, str, -1, ret, len);
    return ret;
}

static int burn_main(int argc, WCHAR **argv);

int __cdecl main(int argc, char **argv)
{
    WCHAR **wargv = calloc(argc + 1, sizeof(*wargv));
    int i;

    for (i = 0; i < argc; ++i)
        wargv[i] = to_wide(argv[i]);
    return burn_main(argc, wargv);
}

static int burn_main(int argc, WCHAR **argv)
{
    IDiscFormat2Data *format = NULL;
    IDiscRecorder2 *recorder = NULL;
    const WCHAR *drive = NULL, *image = NULL;
    BOOL info = FALSE, close = FALSE, dvd_compat = FALSE;
    LONG speed = 0, cancel_after = -1;
    int i, ret = 1;
    HRESULT hr;

    for (i = 1; i < argc; ++i)
    {
        if (!wcscmp(argv[i], L"--drive") && i + 1 < argc)
            drive = argv[++i];
        else if (!wcscmp(argv[i], L"--info"))
            info = TRUE;
        else if (!wcscmp(argv[i], L"--close"))
            close = TRUE;
        else if (!wcscmp(argv[i], L"--dvd-compat"))
            dvd_compat = TRUE;
        else if (!wcscmp(argv[i], L"--speed") && i + 1 < argc)
            speed = wcstol(argv[++i], NULL, 10);
        else if (!wcscmp(argv[i], L"--cancel-after") && i + 1 < argc)
            cancel_after = wcstol(argv[++i], NULL, 10);
        else if (argv[i][0] != '-' && !image)
            image = argv[i];
        else
        {
            usage();
            return 2;
        }
    }
    if (!drive || !drive[0] || (!info && !image))
    {
        usage();
        return 2;
    }

    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (FAILED(hr = find_recorder(drive[0], &recorder)))
    {
        fprintf(stderr, "imapi2-burn: no recorder at %lc:\n", drive[0]);
        goto done;
    }
    if (FAILED(hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER,
            &IID_IDiscFormat2Data, (void **)&format)))
    {
        print_error("creating MsftDiscFormat2Data", hr);
        goto done;
    }
    if (FAILED(hr = IDiscFormat2Data_put_Recorder(format, recorder)))
    {
        print_error("put_Recorder", hr);
        goto done;
    }
    ret = info ? show_info(format) : burn(format, image, close, speed, dvd_compat, cancel_after);

done:
    if (format)
        IDiscFormat2Data_Release(format);
    if (recorder)
        IDiscRecorder2_Release(recorder);
    CoUninitialize();
    return ret;
}
