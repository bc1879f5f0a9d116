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
#include <winioctl.h>
#include <ntddscsi.h>

#include "imapi2.h"
#include "imapi2error.h"
#include "imapi2fs.h"

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
    { E_IMAPI_ERASE_RECORDER_IN_USE, "E_IMAPI_ERASE_RECORDER_IN_USE", "the recorder is erasing already" },
    { E_IMAPI_ERASE_DRIVE_FAILED_ERASE_COMMAND, "E_IMAPI_ERASE_DRIVE_FAILED_ERASE_COMMAND", "the drive refused to erase" },
    { E_IMAPI_ERASE_TOOK_LONGER_THAN_ONE_HOUR, "E_IMAPI_ERASE_TOOK_LONGER_THAN_ONE_HOUR", "the erase took longer than an hour" },
    { E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE, "E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE",
      "the erase failed or stopped: the media may be unusable, erase it again" },
    { E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED, "E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED", "this media cannot be erased" },
    { E_IMAPI_ERASE_RECORDER_NOT_SUPPORTED, "E_IMAPI_ERASE_RECORDER_NOT_SUPPORTED", "this drive cannot erase" },
    { E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID, "E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID", "the client name is not valid" },
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

/* Names for the summary of a burn to several drives. */
static const struct
{
    HRESULT hr;
    const char *name;
}
common_errors[] =
{
    { S_OK, "S_OK" },
    { S_FALSE, "S_FALSE" },
    { E_FAIL, "E_FAIL" },
    { E_OUTOFMEMORY, "E_OUTOFMEMORY" },
    { E_INVALIDARG, "E_INVALIDARG" },
    { E_POINTER, "E_POINTER" },
    { E_NOTIMPL, "E_NOTIMPL" },
    { E_UNEXPECTED, "E_UNEXPECTED" },
};

static const struct
{
    DWORD error;
    const char *name;
}
win32_errors[] =
{
    { ERROR_INVALID_FUNCTION, "ERROR_INVALID_FUNCTION" },
    { ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND" },
    { ERROR_PATH_NOT_FOUND, "ERROR_PATH_NOT_FOUND" },
    { ERROR_TOO_MANY_OPEN_FILES, "ERROR_TOO_MANY_OPEN_FILES" },
    { ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED" },
    { ERROR_NOT_READY, "ERROR_NOT_READY" },
    { ERROR_SHARING_VIOLATION, "ERROR_SHARING_VIOLATION" },
    { ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED" },
    { ERROR_CALL_NOT_IMPLEMENTED, "ERROR_CALL_NOT_IMPLEMENTED" },
    { ERROR_SEM_TIMEOUT, "ERROR_SEM_TIMEOUT" },
    { ERROR_IO_DEVICE, "ERROR_IO_DEVICE" },
};

static const char *hresult_name(HRESULT hr, char *buffer, size_t size)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(known_errors); ++i)
        if (known_errors[i].hr == hr)
            return known_errors[i].name;
    for (i = 0; i < ARRAY_SIZE(common_errors); ++i)
        if (common_errors[i].hr == hr)
            return common_errors[i].name;
    if (HRESULT_FACILITY(hr) == FACILITY_WIN32 && FAILED(hr))
    {
        for (i = 0; i < ARRAY_SIZE(win32_errors); ++i)
        {
            if (win32_errors[i].error == HRESULT_CODE(hr))
            {
                snprintf(buffer, size, "HRESULT_FROM_WIN32(%s)", win32_errors[i].name);
                return buffer;
            }
        }
    }
    snprintf(buffer, size, "0x%08lx", (unsigned long)hr);
    return buffer;
}

/* PREFIX is empty with one drive, "X: " with several. */
static void print_drive_error(const char *prefix, const char *what, HRESULT hr)
{
    char text[512];
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(known_errors); ++i)
    {
        if (known_errors[i].hr == hr)
        {
            fprintf(stderr, "imapi2-burn: %s%s failed: 0x%08lx %s (%s)\n", prefix, what, (unsigned long)hr,
                    known_errors[i].name, known_errors[i].meaning);
            return;
        }
    }
    if (!FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, hr, 0,
            text, sizeof(text), NULL))
        strcpy(text, "unknown error");
    text[strcspn(text, "\r\n")] = 0;
    fprintf(stderr, "imapi2-burn: %s%s failed: 0x%08lx (%s)\n", prefix, what, (unsigned long)hr, text);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: imapi2-burn --drive X: [--drive Y: ...] --info\n"
            "       imapi2-burn --drive X: [--drive Y: ...] --close-open-session\n"
            "       imapi2-burn --drive X: [--drive Y: ...] --erase [--full]\n"
            "       imapi2-burn --drive X: [--drive Y: ...] [--close] [--speed N] [--dvd-compat] IMAGE\n"
            "       imapi2-burn --drive X: [--close] [--speed N] --files DIR [--append]\n"
            "       imapi2-burn --files DIR --output FILE\n"
            "       imapi2-burn --drive X: [--open] --audio FILE...\n"
            "       imapi2-burn --drive X: --tracks\n"
            "       imapi2-burn --drive X: --raw-audio FILE...\n"
            "  --drive X:    the recorder; given several times, IMAGE is burned to every\n"
            "                drive at once, each line is prefixed with its drive letter and\n"
            "                a summary line per drive ends the output\n"
            "  --info        print the media's multisession values (key=value)\n"
            "  --close-open-session  close the track and session a killed burner left\n"
            "                open (media state NON_EMPTY_SESSION), so the disc takes\n"
            "                new sessions again\n"
            "  --erase       blank the rewritable media (IDiscFormat2Erase); --full: all of it\n"
            "  --close       close the media after this session (ForceMediaToBeClosed)\n"
            "  --speed N     write at N times the media's 1x speed\n"
            "  --dvd-compat  keep DVD+R consumer compatibility mode (which closes the disc)\n"
            "  --cancel-after S  call CancelWrite after S seconds of writing (for tests)\n"
            "  --files DIR   burn the folder DIR as a file system image made by IMAPI2FS\n"
            "                (MsftFileSystemImage, defaults chosen for the media)\n"
            "  --append      with --files: import the disc's last session and add DIR to\n"
            "                it in a new session\n"
            "  --output FILE with --files and no drive: write the image to FILE (NUL: nowhere)\n"
            "  --audio FILE...  write each file (raw 44.1 kHz 16-bit stereo little-endian PCM,\n"
            "                a multiple of 2352 bytes) as an audio track at once\n"
            "                (IDiscFormat2TrackAtOnce), then print what --tracks prints\n"
            "  --open        with --audio: leave the session open (DoNotFinalizeMedia)\n"
            "  --tracks      print the audio tracks of a blank or open CD (tracks=, used=,\n"
            "                free=, toc= the bytes of ExpectedTableOfContents)\n"
            "  --raw-audio FILE...  make a raw disc-at-once image of the files as audio\n"
            "                tracks with 2-second pre-gaps (IRawCDImageCreator, raw P-W\n"
            "                sub-channel), print tracks= and its toc=, and write it to a\n"
            "                blank CD (IDiscFormat2RawCD)\n");
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

static void print_long(const char *prefix, const char *key, HRESULT hr, LONG value)
{
    printf("%s%s=%ld\n", prefix, key, SUCCEEDED(hr) ? value : -1L);
}

struct info_value
{
    HRESULT hr;
    LONG value;
};

/* The multisession query comes first, on the fresh object, as a program that
 * appends a session makes it: MultisessionInterfaces and the five properties
 * (the benchmark counts its commands); the media type and status follow. */
static int show_info(IDiscFormat2Data *format, const char *prefix)
{
    IMAPI_FORMAT2_DATA_MEDIA_STATE status = 0;
    IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
    IMultisessionSequential2 *sequential = NULL;
    IMultisessionRandomWrite *random = NULL;
    struct info_value start, last, next, free, total, unit;
    SAFEARRAY *array = NULL;
    VARIANT_BOOL first = VARIANT_TRUE, heuristic = VARIANT_FALSE;
    HRESULT hr, first_hr = S_OK, array_hr;

    if (SUCCEEDED(array_hr = IDiscFormat2Data_get_MultisessionInterfaces(format, &array)) && array)
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
    if (sequential)
    {
        first_hr = IMultisessionSequential2_get_IsFirstDataSession(sequential, &first);
        start.hr = IMultisessionSequential2_get_StartAddressOfPreviousSession(sequential, &start.value);
        last.hr = IMultisessionSequential2_get_LastWrittenAddressOfPreviousSession(sequential, &last.value);
        next.hr = IMultisessionSequential2_get_NextWritableAddress(sequential, &next.value);
        free.hr = IMultisessionSequential2_get_FreeSectorsOnMedia(sequential, &free.value);
        unit.hr = IMultisessionSequential2_get_WriteUnitSize(sequential, &unit.value);
        total.hr = IDiscFormat2Data_get_TotalSectorsOnMedia(format, &total.value);
        IMultisessionSequential2_Release(sequential);
    }
    else
    {
        /* Overwritable media have no sessions: IMAPI2 says -1 for them. */
        start.hr = IDiscFormat2Data_get_StartAddressOfPreviousSession(format, &start.value);
        last.hr = IDiscFormat2Data_get_LastWrittenAddressOfPreviousSession(format, &last.value);
        next.hr = IDiscFormat2Data_get_NextWritableAddress(format, &next.value);
        free.hr = IDiscFormat2Data_get_FreeSectorsOnMedia(format, &free.value);
        if (random)
            total.hr = IMultisessionRandomWrite_get_TotalSectorsOnMedia(random, &total.value);
        else
            total.hr = IDiscFormat2Data_get_TotalSectorsOnMedia(format, &total.value);
        unit.hr = random ? IMultisessionRandomWrite_get_WriteUnitSize(random, &unit.value) : E_FAIL;
        if (random)
            IMultisessionRandomWrite_Release(random);
    }

    if (FAILED(hr = IDiscFormat2Data_get_CurrentPhysicalMediaType(format, &type)))
        print_drive_error(prefix, "CurrentPhysicalMediaType", hr);
    printf("%smedia=%s\n", prefix, type < ARRAY_SIZE(media_type_names) ? media_type_names[type] : "IMAPI_MEDIA_TYPE_UNKNOWN");
    if (FAILED(hr = IDiscFormat2Data_get_CurrentMediaStatus(format, &status)))
        print_drive_error(prefix, "CurrentMediaStatus", hr);
    printf("%sstatus=0x%04x\n", prefix, status);
    if (FAILED(array_hr))
        print_drive_error(prefix, "MultisessionInterfaces", array_hr);
    if (sequential)
        printf("%sfirst_data_session=%d\n", prefix, SUCCEEDED(first_hr) ? !!first : -1);
    else
        printf("%sfirst_data_session=1\n", prefix);
    print_long(prefix, "start_prev", start.hr, start.value);
    print_long(prefix, "last_written_prev", last.hr, last.value);
    print_long(prefix, "next_writable", next.hr, next.value);
    print_long(prefix, "free", free.hr, free.value);
    print_long(prefix, "total", total.hr, total.value);
    print_long(prefix, "write_unit", unit.hr, unit.value);
    /* Overwritable media read as recorded once formatted: blank is what the
     * heuristic says (an erased DVD+RW or BD-RE). */
    hr = IDiscFormat2Data_get_MediaHeuristicallyBlank(format, &heuristic);
    printf("%sheuristically_blank=%d\n", prefix, SUCCEEDED(hr) ? !!heuristic : -1);
    return 0;
}

/* What to burn, the same for every drive. */
struct burn_options
{
    const WCHAR *image;
    const WCHAR *files;     /* a folder burned through IMAPI2FS instead of an image */
    BOOL append;            /* with files: import the last session, add to it */
    const WCHAR *output;    /* with files and no drive: write the image to this file */
    BOOL info;
    BOOL close_open_session;
    BOOL erase;
    BOOL full_erase;
    BOOL close;
    BOOL dvd_compat;
    LONG speed;
    LONG cancel_after;
};

/* User and kernel seconds of the whole process, every thread. */
static double process_cpu_seconds(void)
{
    FILETIME create, exit_time, kernel, user;

    if (!GetProcessTimes(GetCurrentProcess(), &create, &exit_time, &kernel, &user))
        return 0;
    return ((((ULONGLONG)kernel.dwHighDateTime << 32) | kernel.dwLowDateTime)
            + (((ULONGLONG)user.dwHighDateTime << 32) | user.dwLowDateTime)) / 1e7;
}

/* One drive's burn; with several drives, each runs in its own thread. */
struct drive_job
{
    WCHAR letter;
    char prefix[8];                 /* "" with one drive, "X: " with several */
    BOOL several;
    const struct burn_options *options;
    HANDLE thread;
    HRESULT hr;                     /* the first failure, or S_OK */
    double seconds;                 /* of IDiscFormat2Data::Write */
    double cpu;                     /* the process's user + kernel seconds during it */
    ULONGLONG bytes;                /* the image on success, else what the events reported written */
    int ret;
};

/* DDiscFormat2DataEvents sink: a progress bar on a console, lines otherwise. */
struct progress_sink
{
    IDispatch IDispatch_iface;
    IDiscFormat2Data *format;
    const char *prefix;
    LONG cancel_after;              /* seconds of writing; -1 never */
    BOOL terminal;
    int last_action;
    int last_percent;
    LONG written;                   /* sectors, as the last event reported */
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
    if (action == IMAPI_FORMAT2_DATA_WRITE_ACTION_WRITING_DATA && written > sink->written)
        sink->written = min(written, count);
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
        /* One printf per line: the C runtime keeps the lines of several drives whole. */
        printf("%sprogress: %s %d%% (%ld of %ld sectors, %lds elapsed, %lds left)\n", sink->prefix,
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

/* The folder of --files as an IMAPI2FS image stream: the defaults for the
 * media in the recorder, the disc's last session imported with --append. */
static HRESULT create_files_stream(IDiscFormat2Data *format, struct drive_job *job, IStream **stream)
{
    const struct burn_options *options = job->options;
    IFileSystemImageResult *result = NULL;
    IFileSystemImage *image = NULL;
    IDiscRecorder2 *recorder = NULL;
    IFsiDirectoryItem *root = NULL;
    FsiFileSystems imported, fs;
    SAFEARRAY *multisession;
    LONG files = 0, dirs = 0, blocks = 0, start = 0;
    const char *what;
    BSTR dir;
    HRESULT hr;

    what = "creating MsftFileSystemImage";
    if (FAILED(hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER,
            &IID_IFileSystemImage, (void **)&image)))
        goto done;
    what = "ChooseImageDefaults";
    if (FAILED(hr = IDiscFormat2Data_get_Recorder(format, &recorder))
            || FAILED(hr = IFileSystemImage_ChooseImageDefaults(image, recorder)))
        goto done;
    if (options->append)
    {
        what = "MultisessionInterfaces";
        if (FAILED(hr = IDiscFormat2Data_get_MultisessionInterfaces(format, &multisession)))
            goto done;
        hr = IFileSystemImage_put_MultisessionInterfaces(image, multisession);
        SafeArrayDestroy(multisession);
        if (FAILED(hr)) goto done;
        what = "ImportFileSystem";
        if (FAILED(hr = IFileSystemImage_ImportFileSystem(image, &imported)))
            goto done;
        printf("%simported the last session (file system %#x)\n", job->prefix, imported);
    }
    what = "AddTree";
    /* The folder is read while the image is written, as a burner that
     * streams it: nothing is copied to the working directory first. */
    IFileSystemImage_put_StageFiles(image, VARIANT_FALSE);
    dir = SysAllocString(options->files);
    if (SUCCEEDED(hr = IFileSystemImage_get_Root(image, &root)))
        hr = IFsiDirectoryItem_AddTree(root, dir, VARIANT_FALSE);
    SysFreeString(dir);
    if (FAILED(hr)) goto done;
    what = "CreateResultImage";
    if (FAILED(hr = IFileSystemImage_CreateResultImage(image, &result))
            || FAILED(hr = IFileSystemImageResult_get_ImageStream(result, stream)))
        goto done;
    IFileSystemImage_get_FileCount(image, &files);
    IFileSystemImage_get_DirectoryCount(image, &dirs);
    IFileSystemImage_get_FileSystemsToCreate(image, &fs);
    IFileSystemImage_get_SessionStartBlock(image, &start);
    IFileSystemImageResult_get_TotalBlocks(result, &blocks);
    printf("%simage: %ld files, %ld directories, file systems %#x, %ld blocks from block %ld\n",
            job->prefix, files, dirs, fs, blocks, start);

done:
    if (FAILED(hr)) print_drive_error(job->prefix, what, hr);
    if (result) IFileSystemImageResult_Release(result);
    if (root) IFsiDirectoryItem_Release(root);
    if (recorder) IDiscRecorder2_Release(recorder);
    if (image) IFileSystemImage_Release(image);
    return hr;
}

static int burn(IDiscFormat2Data *format, struct drive_job *job)
{
    const struct burn_options *options = job->options;
    struct progress_sink sink = {{&sink_vtbl}, format, job->prefix, options->cancel_after, FALSE, -1, 0, 0};
    IConnectionPointContainer *container;
    IConnectionPoint *point = NULL;
    IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
    LARGE_INTEGER frequency, start, end;
    double cpu_start;
    STATSTG stat;
    IStream *stream;
    DWORD cookie = 0;
    BSTR name;
    HRESULT hr;

    /* Progress bars of several drives would overwrite each other. */
    sink.terminal = !job->several && GetFileType(GetStdHandle(STD_OUTPUT_HANDLE)) == FILE_TYPE_CHAR;

    /* Each drive reads the image through a stream of its own. */
    if (options->files)
        hr = create_files_stream(format, job, &stream);
    else if (FAILED(hr = SHCreateStreamOnFileEx(options->image, STGM_READ | STGM_SHARE_DENY_WRITE,
            FILE_ATTRIBUTE_NORMAL, FALSE, NULL, &stream)))
        print_drive_error(job->prefix, "opening the image", hr);
    if (FAILED(hr))
    {
        job->hr = hr;
        return 1;
    }

    name = SysAllocString(L"imapi2-burn");
    IDiscFormat2Data_put_ClientName(format, name);
    SysFreeString(name);
    IDiscFormat2Data_put_ForceMediaToBeClosed(format, options->close ? VARIANT_TRUE : VARIANT_FALSE);
    /* DVD+R stays appendable only outside consumer compatibility mode. */
    IDiscFormat2Data_put_DisableConsumerDvdCompatibilityMode(format,
            options->dvd_compat ? VARIANT_FALSE : VARIANT_TRUE);
    if (options->speed > 0 && SUCCEEDED(IDiscFormat2Data_get_CurrentPhysicalMediaType(format, &type)))
    {
        LONG one_x = IMAPI_SECTORS_PER_SECOND_AT_1X_DVD;

        if (type >= IMAPI_MEDIA_TYPE_CDROM && type <= IMAPI_MEDIA_TYPE_CDRW)
            one_x = IMAPI_SECTORS_PER_SECOND_AT_1X_CD;
        else if (type >= IMAPI_MEDIA_TYPE_BDROM)
            one_x = IMAPI_SECTORS_PER_SECOND_AT_1X_BD;
        IDiscFormat2Data_SetWriteSpeed(format, options->speed * one_x, VARIANT_FALSE);
    }

    if (SUCCEEDED(IDiscFormat2Data_QueryInterface(format, &IID_IConnectionPointContainer, (void **)&container)))
    {
        if (SUCCEEDED(IConnectionPointContainer_FindConnectionPoint(container, &IID_DDiscFormat2DataEvents, &point)))
            IConnectionPoint_Advise(point, (IUnknown *)&sink.IDispatch_iface, &cookie);
        IConnectionPointContainer_Release(container);
    }

    QueryPerformanceFrequency(&frequency);
    cpu_start = process_cpu_seconds();
    QueryPerformanceCounter(&start);
    hr = IDiscFormat2Data_Write(format, stream);
    QueryPerformanceCounter(&end);
    job->cpu = process_cpu_seconds() - cpu_start;
    if (sink.terminal && sink.last_action != IMAPI_FORMAT2_DATA_WRITE_ACTION_COMPLETED)
        printf("\n");

    if (point)
    {
        IConnectionPoint_Unadvise(point, cookie);
        IConnectionPoint_Release(point);
    }
    job->hr = hr;
    job->seconds = (double)(end.QuadPart - start.QuadPart) / frequency.QuadPart;
    if (SUCCEEDED(hr) && SUCCEEDED(IStream_Stat(stream, &stat, STATFLAG_NONAME)))
        job->bytes = stat.cbSize.QuadPart;
    else
        job->bytes = (ULONGLONG)sink.written * 2048;
    IStream_Release(stream);
    if (FAILED(hr))
    {
        print_drive_error(job->prefix, "Write", hr);
        return 1;
    }
    /* With several drives the CPU is the whole process's: every burn is in it. */
    if (job->several)
        printf("%sdone in %.3f s\n", job->prefix, job->seconds);
    else
        printf("imapi2-burn: done in %.3f s (CPU %.3f s)\n", job->seconds, job->cpu);
    return 0;
}

/* Finds the drive's recorder and burns to it, or prints its values; the
 * caller has initialised COM on this thread. */
static HRESULT send_no_data(IDiscRecorder2Ex *ex, const BYTE *cdb, const char *prefix, const char *what)
{
    BYTE sense[18] = {0};
    HRESULT hr;

    /* Closing can take minutes: no Immed bit, a long timeout. */
    hr = IDiscRecorder2Ex_SendCommandNoData(ex, (BYTE *)cdb, 10, sense, 900);
    if (hr == S_IMAPI_COMMAND_HAS_SENSE_DATA)
        printf("%simapi2-burn: %s: sense %x/%02x/%02x\n", prefix, what, sense[2] & 0xf, sense[12], sense[13]);
    else if (FAILED(hr))
        print_drive_error(prefix, what, hr);
    return hr;
}

/* CLOSE SESSION leaves CD and DVD-R media appendable only when page 05h says
 * multi-session 11b (MMC-6 7.5.4.7); the killed burner may have left anything
 * there. Media without the page (DVD+R, BD-R) refuse MODE SENSE: nothing to do. */
static void keep_appendable(IDiscRecorder2Ex *ex)
{
    static const BYTE mode_sense[10] = {0x5a, 0, 0x05, 0, 0, 0, 0, 0, 0xff, 0};
    BYTE mode_select[10] = {0x55, 0x10}, data[255] = {0}, sense[18];
    ULONG fetched = 0, length, offset;

    if (IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, (BYTE *)mode_sense, sizeof(mode_sense), sense, 60,
            data, sizeof(data), &fetched) != S_OK || fetched < 8)
        return;
    length = min(fetched, ((ULONG)data[0] << 8 | data[1]) + 2);
    offset = 8 + ((ULONG)data[6] << 8 | data[7]);
    if (offset + 4 > length || (data[offset] & 0x3f) != 0x05)
        return;
    data[offset + 3] |= 0xc0;
    data[0] = data[1] = 0;          /* reserved in MODE SELECT */
    data[offset] &= 0x3f;           /* PS is reserved too */
    mode_select[7] = length >> 8;
    mode_select[8] = length;
    IDiscRecorder2Ex_SendCommandSendDataToDevice(ex, mode_select, sizeof(mode_select), sense, 60, data, length);
}

/* A burner killed mid-track leaves the track open and the session incomplete:
 * IMAPI2 calls that NON_EMPTY_SESSION and will not write. The repair is what
 * MMC offers for it, sent through IDiscRecorder2Ex: flush the drive's cache,
 * close the open track (the last track of the last session), close the
 * session. The interrupted data becomes a session of its own. */
static int erase_media(IDiscRecorder2 *recorder, BOOL full, const char *prefix)
{
    IDiscFormat2Erase *erase;
    BSTR name;
    HRESULT hr;

    if (FAILED(hr = CoCreateInstance(&CLSID_MsftDiscFormat2Erase, NULL, CLSCTX_INPROC_SERVER,
            &IID_IDiscFormat2Erase, (void **)&erase)))
    {
        print_drive_error(prefix, "creating MsftDiscFormat2Erase", hr);
        return 1;
    }
    name = SysAllocString(L"imapi2-burn");
    if (FAILED(hr = IDiscFormat2Erase_put_Recorder(erase, recorder)))
        print_drive_error(prefix, "put_Recorder", hr);
    else if (FAILED(hr = IDiscFormat2Erase_put_ClientName(erase, name)))
        print_drive_error(prefix, "put_ClientName", hr);
    else if (FAILED(hr = IDiscFormat2Erase_put_FullErase(erase, full ? VARIANT_TRUE : VARIANT_FALSE)))
        print_drive_error(prefix, "put_FullErase", hr);
    else if (FAILED(hr = IDiscFormat2Erase_EraseMedia(erase)))
        print_drive_error(prefix, "EraseMedia", hr);
    else
        printf("%simapi2-burn: erased (%s)\n", prefix, full ? "full" : "quick");
    SysFreeString(name);
    IDiscFormat2Erase_Release(erase);
    return FAILED(hr) ? 1 : 0;
}

static int close_open_session(IDiscRecorder2 *recorder, IDiscFormat2Data *format, const char *prefix)
{
    static const BYTE read_disc_info[10] = {0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0};
    static const BYTE sync_cache[10] = {0x35};
    static const BYTE close_session[10] = {0x5b, 0, 0x02};
    IMAPI_FORMAT2_DATA_MEDIA_STATE status = 0;
    IDiscFormat2Data *after;
    BYTE close_track[10] = {0x5b, 0, 0x01}, info[34] = {0}, sense[18];
    IDiscRecorder2Ex *ex;
    unsigned int track;
    ULONG fetched = 0;
    BSTR name;
    HRESULT hr;
    int ret = 1;

    if (FAILED(hr = IDiscFormat2Data_get_CurrentMediaStatus(format, &status)))
    {
        print_drive_error(prefix, "get_CurrentMediaStatus", hr);
        return 1;
    }
    if (!(status & IMAPI_FORMAT2_DATA_MEDIA_STATE_NON_EMPTY_SESSION))
    {
        printf("%simapi2-burn: no open session to close (media state %#x)\n", prefix, status);
        return status & IMAPI_FORMAT2_DATA_MEDIA_STATE_UNSUPPORTED_MASK ? 1 : 0;
    }
    if (FAILED(hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex)))
    {
        print_drive_error(prefix, "IDiscRecorder2Ex", hr);
        return 1;
    }
    name = SysAllocString(L"imapi2-burn");
    if (FAILED(hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_FALSE, name)))
    {
        print_drive_error(prefix, "AcquireExclusiveAccess", hr);
        goto done;
    }
    hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, (BYTE *)read_disc_info, sizeof(read_disc_info), sense,
            60, info, sizeof(info), &fetched);
    if (hr != S_OK || fetched < 12)
    {
        print_drive_error(prefix, "READ DISC INFORMATION", FAILED(hr) ? hr : E_FAIL);
        goto release;
    }
    track = info[6] | info[11] << 8;
    printf("%simapi2-burn: closing track %u and its session\n", prefix, track);
    close_track[4] = track >> 8;
    close_track[5] = track;
    keep_appendable(ex);
    send_no_data(ex, sync_cache, prefix, "SYNCHRONIZE CACHE");
    /* On CD the flush already ended a track-at-once track: a refusal is fine. */
    send_no_data(ex, close_track, prefix, "CLOSE TRACK");
    hr = send_no_data(ex, close_session, prefix, "CLOSE SESSION");
    /* A new object reads the state afresh. */
    if (hr == S_OK && SUCCEEDED(hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER,
            &IID_IDiscFormat2Data, (void **)&after)))
    {
        if (SUCCEEDED(hr = IDiscFormat2Data_put_Recorder(after, recorder))
                && SUCCEEDED(hr = IDiscFormat2Data_get_CurrentMediaStatus(after, &status)))
        {
            printf("%simapi2-burn: media state now %#x\n", prefix, status);
            ret = status & IMAPI_FORMAT2_DATA_MEDIA_STATE_UNSUPPORTED_MASK ? 1 : 0;
        }
        IDiscFormat2Data_Release(after);
    }
    if (FAILED(hr))
        print_drive_error(prefix, "reading the media state", hr);
release:
    IDiscRecorder2_ReleaseExclusiveAccess(recorder);
done:
    SysFreeString(name);
    IDiscRecorder2Ex_Release(ex);
    return ret;
}

static int run_drive(struct drive_job *job)
{
    IDiscFormat2Data *format = NULL;
    IDiscRecorder2 *recorder = NULL;
    int ret = 1;
    HRESULT hr;

    if (FAILED(hr = find_recorder(job->letter, &recorder)))
    {
        fprintf(stderr, "imapi2-burn: no recorder at %lc:\n", job->letter);
        job->hr = hr;
        goto done;
    }
    if (FAILED(hr = CoCreateInstance(&CLSID_MsftDiscFormat2Data, NULL, CLSCTX_INPROC_SERVER,
            &IID_IDiscFormat2Data, (void **)&format)))
    {
        print_drive_error(job->prefix, "creating MsftDiscFormat2Data", hr);
        job->hr = hr;
        goto done;
    }
    if (FAILED(hr = IDiscFormat2Data_put_Recorder(format, recorder)))
    {
        print_drive_error(job->prefix, "put_Recorder", hr);
        job->hr = hr;
        goto done;
    }
    if (job->options->erase)
        ret = erase_media(recorder, job->options->full_erase, job->prefix);
    else if (job->options->close_open_session)
        ret = close_open_session(recorder, format, job->prefix);
    else
        ret = job->options->info ? show_info(format, job->prefix) : burn(format, job);

done:
    if (format)
        IDiscFormat2Data_Release(format);
    if (recorder)
        IDiscRecorder2_Release(recorder);
    return ret;
}

static DWORD WINAPI drive_thread(void *arg)
{
    struct drive_job *job = arg;
    HRESULT hr;

    /* Every thread joins the MTA and makes its own objects. */
    if (FAILED(hr = CoInitializeEx(NULL, COINIT_MULTITHREADED)))
    {
        print_drive_error(job->prefix, "CoInitializeEx", hr);
        job->hr = hr;
        job->ret = 1;
        return 1;
    }
    job->ret = run_drive(job);
    CoUninitialize();
    return job->ret;
}

/* Wine's ntdll keeps SCSI pass-through state for at most this many CD-ROM
 * devices per process (the cache of CDROM_Open); later ones do not answer. */
#define WINE_MAX_CDROM_DEVICES 5

static BOOL running_under_wine(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");

    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}

/* Asks for the drive's pass-through limits. Under Wine this takes one of the
 * places of ntdll's CD-ROM cache, as IDiscMaster2's probe of the drive does,
 * and fails once they are all taken; a mapping to nothing takes none. */
static BOOL answers_pass_through(WCHAR letter)
{
    WCHAR device[] = L"\\\\.\\A:";
    IO_SCSI_CAPABILITIES caps;
    DWORD returned;
    HANDLE handle;
    BOOL ret;

    device[4] = letter;
    handle = CreateFileW(device, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
            OPEN_EXISTING, 0, NULL);
    if (handle == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED)
        handle = CreateFileW(device, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    if (handle == INVALID_HANDLE_VALUE)
        return FALSE;
    ret = DeviceIoControl(handle, IOCTL_SCSI_GET_CAPABILITIES, NULL, 0, &caps, sizeof(caps), &returned, NULL);
    CloseHandle(handle);
    return ret;
}

/* Under Wine, refuses a drive that cannot answer because the CD-ROM devices
 * before it took the places ntdll has for this process, naming the first
 * such drive; nothing is burned then. IDiscMaster2 opens every CD-ROM drive
 * of the prefix in drive letter order, wanted or not, so the drives are
 * asked in that order here too. */
static BOOL check_wine_device_limit(const struct drive_job *jobs, unsigned int count)
{
    char served[WINE_MAX_CDROM_DEVICES * 4 + 1] = "";
    unsigned int i, answered = 0;
    WCHAR root[] = L"A:\\", letter, last = 0;

    if (!running_under_wine())
        return TRUE;
    for (i = 0; i < count; ++i)
        last = max(last, jobs[i].letter);
    for (letter = 'A'; letter <= last; ++letter)
    {
        root[0] = letter;
        if (GetDriveTypeW(root) != DRIVE_CDROM)
            continue;
        if (answers_pass_through(letter))
        {
            if (answered < WINE_MAX_CDROM_DEVICES)
                sprintf(served + strlen(served), "%s%c:", answered ? " " : "", (char)letter);
            ++answered;
            continue;
        }
        if (answered < WINE_MAX_CDROM_DEVICES)
            continue;
        for (i = 0; i < count; ++i)
        {
            if (jobs[i].letter != letter)
                continue;
            fprintf(stderr, "imapi2-burn: %lc: does not answer: Wine serves SCSI pass-through for at most %u "
                    "CD-ROM devices per process, and %s took them (in drive letter order); burn to at most %u "
                    "drives at once, or map fewer CD-ROM drives\n", letter, WINE_MAX_CDROM_DEVICES, served,
                    WINE_MAX_CDROM_DEVICES);
            return FALSE;
        }
    }
    return TRUE;
}

static void print_summary(const struct drive_job *jobs, unsigned int count)
{
    unsigned int i, failed = 0;
    char buffer[64];

    for (i = 0; i < count; ++i)
    {
        const struct drive_job *job = &jobs[i];
        double rate = job->seconds > 0 ? job->bytes / 1048576.0 / job->seconds : 0;

        if (job->ret || FAILED(job->hr))
            ++failed;
        printf("imapi2-burn: summary %lc: %s %.3f s %.2f MiB/s\n", job->letter,
                hresult_name(job->hr, buffer, sizeof(buffer)), job->seconds, rate);
    }
    printf("imapi2-burn: %u of %u drives burned%s\n", count - failed, count, failed ? ", some failed" : "");
}

static WCHAR *to_wide(const char *str)
{
    int len = MultiByteToWideChar(CP_ACP, 0, str, -1, NULL, 0);
    WCHAR *ret = malloc(len * sizeof(WCHAR));

    if (ret)
        MultiByteToWideChar(CP_ACP, 0, str, -1, ret, len);
    return ret;
}

/* --files DIR --output FILE: the image IMAPI2FS makes of DIR (ISO 9660,
 * Joliet and UDF), streamed to FILE as a burner would read it. */
static int write_image(const struct burn_options *options)
{
    IFileSystemImageResult *result = NULL;
    IFileSystemImage *image = NULL;
    IFsiDirectoryItem *root = NULL;
    IStream *stream = NULL;
    LARGE_INTEGER frequency, start, added, laid_out, end;
    ULONGLONG total = 0;
    HANDLE file = INVALID_HANDLE_VALUE;
    const char *what;
    BYTE *buffer = NULL;
    ULONG read;
    DWORD written;
    BSTR dir;
    HRESULT hr;

    QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&start);
    what = "creating MsftFileSystemImage";
    if (FAILED(hr = CoCreateInstance(&CLSID_MsftFileSystemImage, NULL, CLSCTX_INPROC_SERVER,
            &IID_IFileSystemImage, (void **)&image)))
        goto done;
    IFileSystemImage_put_FileSystemsToCreate(image, FsiFileSystemISO9660 | FsiFileSystemJoliet | FsiFileSystemUDF);
    IFileSystemImage_put_FreeMediaBlocks(image, 0);
    what = "AddTree";
    /* The folder is read while the image is written, as a burner that
     * streams it: nothing is copied to the working directory first. */
    IFileSystemImage_put_StageFiles(image, VARIANT_FALSE);
    dir = SysAllocString(options->files);
    if (SUCCEEDED(hr = IFileSystemImage_get_Root(image, &root)))
        hr = IFsiDirectoryItem_AddTree(root, dir, VARIANT_FALSE);
    SysFreeString(dir);
    if (FAILED(hr)) goto done;
    QueryPerformanceCounter(&added);
    what = "CreateResultImage";
    if (FAILED(hr = IFileSystemImage_CreateResultImage(image, &result))
            || FAILED(hr = IFileSystemImageResult_get_ImageStream(result, &stream)))
        goto done;
    QueryPerformanceCounter(&laid_out);
    what = "writing the image";
    file = CreateFileW(options->output, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        hr = HRESULT_FROM_WIN32(GetLastError());
        goto done;
    }
    if (!(buffer = malloc(1 << 20)))
    {
        hr = E_OUTOFMEMORY;
        goto done;
    }
    while (SUCCEEDED(hr = IStream_Read(stream, buffer, 1 << 20, &read)) && read)
    {
        if (!WriteFile(file, buffer, read, &written, NULL) || written != read)
        {
            hr = HRESULT_FROM_WIN32(GetLastError());
            break;
        }
        total += read;
    }
    if (SUCCEEDED(hr)) hr = S_OK;
    QueryPerformanceCounter(&end);
    if (SUCCEEDED(hr))
        printf("imapi2-burn: %I64u bytes written in %.3f s (AddTree %.3f s, CreateResultImage %.3f s, "
                "reading the image %.3f s)\n", total, (double)(end.QuadPart - start.QuadPart) / frequency.QuadPart,
                (double)(added.QuadPart - start.QuadPart) / frequency.QuadPart,
                (double)(laid_out.QuadPart - added.QuadPart) / frequency.QuadPart,
                (double)(end.QuadPart - laid_out.QuadPart) / frequency.QuadPart);

done:
    if (FAILED(hr)) print_drive_error("", what, hr);
    free(buffer);
    if (file != INVALID_HANDLE_VALUE) CloseHandle(file);
    if (stream) IStream_Release(stream);
    if (result) IFileSystemImageResult_Release(result);
    if (root) IFsiDirectoryItem_Release(root);
    if (image) IFileSystemImage_Release(image);
    return FAILED(hr) ? 1 : 0;
}

/* ---- --raw-audio: IRawCDImageCreator and IDiscFormat2RawCD ---- */

static const char *raw_action_names[] = {"unknown", "preparing", "writing", "finishing"};

static HRESULT WINAPI raw_sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_DDiscFormat2RawCDEvents))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static HRESULT WINAPI raw_sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    IMAPI_FORMAT2_RAW_CD_WRITE_ACTION action = IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_UNKNOWN;
    LONG start = 0, count = 0, written = 0, elapsed = 0, remaining = 0;
    IDiscFormat2RawCDEventArgs *args;

    if (params->cArgs != 2 || V_VT(&params->rgvarg[0]) != VT_DISPATCH
            || FAILED(IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[0]),
            &IID_IDiscFormat2RawCDEventArgs, (void **)&args)))
        return S_OK;
    IDiscFormat2RawCDEventArgs_get_CurrentAction(args, &action);
    IDiscFormat2RawCDEventArgs_get_StartLba(args, &start);
    IDiscFormat2RawCDEventArgs_get_SectorCount(args, &count);
    IDiscFormat2RawCDEventArgs_get_LastWrittenLba(args, &written);
    IDiscFormat2RawCDEventArgs_get_ElapsedTime(args, &elapsed);
    IDiscFormat2RawCDEventArgs_get_RemainingTime(args, &remaining);
    IDiscFormat2RawCDEventArgs_Release(args);
    printf("progress: %s, %ld of %ld sectors from %ld, %ld s elapsed, %ld s remaining\n",
            action < ARRAY_SIZE(raw_action_names) ? raw_action_names[action] : "?",
            max(written - start + 1, 0), count, start, elapsed, remaining);
    fflush(stdout);
    return S_OK;
}

static const IDispatchVtbl raw_sink_vtbl =
{
    raw_sink_QueryInterface, sink_AddRef, sink_Release, sink_GetTypeInfoCount, sink_GetTypeInfo,
    sink_GetIDsOfNames, raw_sink_Invoke,
};

static IDispatch raw_sink = { &raw_sink_vtbl };

static void print_toc_bytes(SAFEARRAY *toc)
{
    LONG lower, upper, i;

    printf("toc=");
    SafeArrayGetLBound(toc, 1, &lower);
    SafeArrayGetUBound(toc, 1, &upper);
    for (i = lower; i <= upper; ++i)
    {
        VARIANT v;

        VariantInit(&v);
        SafeArrayGetElement(toc, &i, &v);
        printf("%s%02x", i == lower ? "" : " ", V_VT(&v) == VT_UI1 ? V_UI1(&v) : 0);
        VariantClear(&v);
    }
    printf("\n");
}

/* The image of the files, then written disc at once. */
static HRESULT make_raw_image(WCHAR **files, unsigned int count, IStream **image)
{
    IRawCDImageCreator *creator;
    SAFEARRAY *toc = NULL;
    unsigned int i;
    LONG value = 0;
    HRESULT hr;

    if (FAILED(hr = CoCreateInstance(&CLSID_MsftRawCDImageCreator, NULL, CLSCTX_INPROC_SERVER,
            &IID_IRawCDImageCreator, (void **)&creator)))
    {
        print_drive_error("", "creating MsftRawCDImageCreator", hr);
        return hr;
    }
    if (FAILED(hr = IRawCDImageCreator_put_ResultingImageType(creator, IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW)))
        print_drive_error("", "put_ResultingImageType", hr);
    else if (FAILED(hr = IRawCDImageCreator_put_DisableGaplessAudio(creator, VARIANT_TRUE)))
        print_drive_error("", "put_DisableGaplessAudio", hr);
    for (i = 0; i < count && SUCCEEDED(hr); ++i)
    {
        IStream *stream;

        if (FAILED(hr = SHCreateStreamOnFileW(files[i], STGM_READ | STGM_SHARE_DENY_WRITE, &stream)))
        {
            fprintf(stderr, "imapi2-burn: cannot open %ls: %#lx\n", files[i], hr);
            break;
        }
        hr = IRawCDImageCreator_AddTrack(creator, IMAPI_CD_SECTOR_AUDIO, stream, &value);
        IStream_Release(stream);
        if (FAILED(hr))
            print_drive_error("", "AddTrack", hr);
        else
            printf("imapi2-burn: track %ld added (%ls)\n", value, files[i]);
    }
    if (SUCCEEDED(hr))
    {
        hr = IRawCDImageCreator_get_NumberOfExistingTracks(creator, &value);
        print_long("", "tracks", hr, value);
        hr = IRawCDImageCreator_get_StartOfLeadout(creator, &value);
        print_long("", "leadout", hr, value);
        if (SUCCEEDED(hr = IRawCDImageCreator_get_ExpectedTableOfContents(creator, &toc)))
        {
            print_toc_bytes(toc);
            SafeArrayDestroy(toc);
        }
        if (FAILED(hr = IRawCDImageCreator_CreateResultImage(creator, image)))
            print_drive_error("", "CreateResultImage", hr);
    }
    IRawCDImageCreator_Release(creator);
    return hr;
}

static int burn_raw_audio(WCHAR letter, WCHAR **files, unsigned int count)
{
    IConnectionPointContainer *container;
    IConnectionPoint *point = NULL;
    IDiscFormat2RawCD *raw = NULL;
    IDiscRecorder2 *recorder;
    IStream *image = NULL;
    DWORD cookie = 0;
    LONG value = 0;
    BSTR name;
    HRESULT hr;
    int ret = 0;

    if (FAILED(make_raw_image(files, count, &image)))
        return 1;
    if (FAILED(hr = find_recorder(letter, &recorder)))
    {
        print_drive_error("", "finding the recorder", hr);
        IStream_Release(image);
        return 1;
    }
    if (FAILED(hr = CoCreateInstance(&CLSID_MsftDiscFormat2RawCD, NULL, CLSCTX_INPROC_SERVER,
            &IID_IDiscFormat2RawCD, (void **)&raw)))
    {
        print_drive_error("", "creating MsftDiscFormat2RawCD", hr);
        IDiscRecorder2_Release(recorder);
        IStream_Release(image);
        return 1;
    }
    name = SysAllocString(L"imapi2-burn");
    if (FAILED(hr = IDiscFormat2RawCD_put_Recorder(raw, recorder)))
        print_drive_error("", "put_Recorder", hr);
    else if (FAILED(hr = IDiscFormat2RawCD_put_ClientName(raw, name)))
        print_drive_error("", "put_ClientName", hr);
    else if (FAILED(hr = IDiscFormat2RawCD_put_RequestedSectorType(raw, IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW)))
        print_drive_error("", "put_RequestedSectorType", hr);
    else if (FAILED(hr = IDiscFormat2RawCD_PrepareMedia(raw)))
        print_drive_error("", "PrepareMedia", hr);
    SysFreeString(name);
    if (FAILED(hr))
    {
        IDiscFormat2RawCD_Release(raw);
        IDiscRecorder2_Release(recorder);
        IStream_Release(image);
        return 1;
    }
    hr = IDiscFormat2RawCD_get_StartOfNextSession(raw, &value);
    print_long("", "start_of_next_session", hr, value);
    hr = IDiscFormat2RawCD_get_LastPossibleStartOfLeadout(raw, &value);
    print_long("", "last_possible_start_of_leadout", hr, value);

    if (SUCCEEDED(IDiscFormat2RawCD_QueryInterface(raw, &IID_IConnectionPointContainer, (void **)&container)))
    {
        if (SUCCEEDED(IConnectionPointContainer_FindConnectionPoint(container,
                &IID_DDiscFormat2RawCDEvents, &point)))
            IConnectionPoint_Advise(point, (IUnknown *)&raw_sink, &cookie);
        IConnectionPointContainer_Release(container);
    }
    if (FAILED(hr = IDiscFormat2RawCD_WriteMedia(raw, image)))
    {
        print_drive_error("", "WriteMedia", hr);
        ret = 1;
    }
    else
        printf("imapi2-burn: image written\n");
    if (point)
    {
        IConnectionPoint_Unadvise(point, cookie);
        IConnectionPoint_Release(point);
    }
    if (FAILED(hr = IDiscFormat2RawCD_ReleaseMedia(raw)))
    {
        print_drive_error("", "ReleaseMedia", hr);
        ret = 1;
    }
    IDiscFormat2RawCD_Release(raw);
    IDiscRecorder2_Release(recorder);
    IStream_Release(image);
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

/* ---- --audio and --tracks: IDiscFormat2TrackAtOnce ---- */

static const char *tao_action_names[] = {"unknown", "preparing", "writing", "finishing", "verifying"};

static HRESULT WINAPI tao_sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
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

static HRESULT WINAPI tao_sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *arg_err)
{
    IMAPI_FORMAT2_TAO_WRITE_ACTION action = IMAPI_FORMAT2_TAO_WRITE_ACTION_UNKNOWN;
    IDiscFormat2TrackAtOnceEventArgs *args;
    LONG track = 0, start = 0, count = 0, written = 0, elapsed = 0, remaining = 0;

    if (params->cArgs != 2 || V_VT(&params->rgvarg[0]) != VT_DISPATCH
            || FAILED(IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[0]),
            &IID_IDiscFormat2TrackAtOnceEventArgs, (void **)&args)))
        return S_OK;
    IDiscFormat2TrackAtOnceEventArgs_get_CurrentTrackNumber(args, &track);
    IDiscFormat2TrackAtOnceEventArgs_get_CurrentAction(args, &action);
    IDiscFormat2TrackAtOnceEventArgs_get_StartLba(args, &start);
    IDiscFormat2TrackAtOnceEventArgs_get_SectorCount(args, &count);
    IDiscFormat2TrackAtOnceEventArgs_get_LastWrittenLba(args, &written);
    IDiscFormat2TrackAtOnceEventArgs_get_ElapsedTime(args, &elapsed);
    IDiscFormat2TrackAtOnceEventArgs_get_RemainingTime(args, &remaining);
    IDiscFormat2TrackAtOnceEventArgs_Release(args);
    printf("progress: track %ld %s, %ld of %ld sectors from %ld, %ld s elapsed, %ld s remaining\n", track,
            action < ARRAY_SIZE(tao_action_names) ? tao_action_names[action] : "?",
            max(written - start + 1, 0), count, start, elapsed, remaining);
    fflush(stdout);
    return S_OK;
}

static const IDispatchVtbl tao_sink_vtbl =
{
    tao_sink_QueryInterface, sink_AddRef, sink_Release, sink_GetTypeInfoCount, sink_GetTypeInfo,
    sink_GetIDsOfNames, tao_sink_Invoke,
};

static IDispatch tao_sink = { &tao_sink_vtbl };

static void print_tracks(IDiscFormat2TrackAtOnce *tao)
{
    SAFEARRAY *toc = NULL;
    LONG value = 0, lower, upper, i;
    HRESULT hr;

    hr = IDiscFormat2TrackAtOnce_get_NumberOfExistingTracks(tao, &value);
    print_long("", "tracks", hr, value);
    hr = IDiscFormat2TrackAtOnce_get_UsedSectorsOnMedia(tao, &value);
    print_long("", "used", hr, value);
    hr = IDiscFormat2TrackAtOnce_get_FreeSectorsOnMedia(tao, &value);
    print_long("", "free", hr, value);
    if (FAILED(hr = IDiscFormat2TrackAtOnce_get_ExpectedTableOfContents(tao, &toc)))
    {
        print_long("", "toc", hr, 0);
        return;
    }
    printf("toc=");
    SafeArrayGetLBound(toc, 1, &lower);
    SafeArrayGetUBound(toc, 1, &upper);
    for (i = lower; i <= upper; ++i)
    {
        VARIANT v;

        VariantInit(&v);
        SafeArrayGetElement(toc, &i, &v);
        printf("%s%02x", i == lower ? "" : " ", V_VT(&v) == VT_UI1 ? V_UI1(&v) : 0);
        VariantClear(&v);
    }
    printf("\n");
    SafeArrayDestroy(toc);
}

/* Each file an audio track, or with no files the tracks already there. */
static int burn_audio(WCHAR letter, WCHAR **files, unsigned int count, BOOL leave_open)
{
    IConnectionPointContainer *container;
    IDiscFormat2TrackAtOnce *tao = NULL;
    IConnectionPoint *point = NULL;
    IDiscRecorder2 *recorder;
    DWORD cookie = 0;
    unsigned int i;
    BSTR name;
    HRESULT hr;
    int ret = 0;

    if (FAILED(hr = find_recorder(letter, &recorder)))
    {
        print_drive_error("", "finding the recorder", hr);
        return 1;
    }
    if (FAILED(hr = CoCreateInstance(&CLSID_MsftDiscFormat2TrackAtOnce, NULL, CLSCTX_INPROC_SERVER,
            &IID_IDiscFormat2TrackAtOnce, (void **)&tao)))
    {
        print_drive_error("", "creating MsftDiscFormat2TrackAtOnce", hr);
        IDiscRecorder2_Release(recorder);
        return 1;
    }
    name = SysAllocString(L"imapi2-burn");
    if (FAILED(hr = IDiscFormat2TrackAtOnce_put_Recorder(tao, recorder)))
        print_drive_error("", "put_Recorder", hr);
    else if (FAILED(hr = IDiscFormat2TrackAtOnce_put_ClientName(tao, name)))
        print_drive_error("", "put_ClientName", hr);
    else if (FAILED(hr = IDiscFormat2TrackAtOnce_put_DoNotFinalizeMedia(tao,
            leave_open ? VARIANT_TRUE : VARIANT_FALSE)))
        print_drive_error("", "put_DoNotFinalizeMedia", hr);
    else if (FAILED(hr = IDiscFormat2TrackAtOnce_PrepareMedia(tao)))
        print_drive_error("", "PrepareMedia", hr);
    SysFreeString(name);
    if (FAILED(hr))
    {
        IDiscFormat2TrackAtOnce_Release(tao);
        IDiscRecorder2_Release(recorder);
        return 1;
    }

    if (SUCCEEDED(IDiscFormat2TrackAtOnce_QueryInterface(tao, &IID_IConnectionPointContainer,
            (void **)&container)))
    {
        if (SUCCEEDED(IConnectionPointContainer_FindConnectionPoint(container,
                &IID_DDiscFormat2TrackAtOnceEvents, &point)))
            IConnectionPoint_Advise(point, (IUnknown *)&tao_sink, &cookie);
        IConnectionPointContainer_Release(container);
    }
    for (i = 0; i < count && !ret; ++i)
    {
        IStream *stream;

        if (FAILED(hr = SHCreateStreamOnFileW(files[i], STGM_READ | STGM_SHARE_DENY_WRITE, &stream)))
        {
            fprintf(stderr, "imapi2-burn: cannot open %ls: %#lx\n", files[i], hr);
            ret = 1;
            break;
        }
        hr = IDiscFormat2TrackAtOnce_AddAudioTrack(tao, stream);
        IStream_Release(stream);
        if (FAILED(hr))
        {
            print_drive_error("", "AddAudioTrack", hr);
            ret = 1;
        }
        else
            printf("imapi2-burn: track %u added (%ls)\n", i + 1, files[i]);
    }
    if (point)
    {
        IConnectionPoint_Unadvise(point, cookie);
        IConnectionPoint_Release(point);
    }
    print_tracks(tao);
    if (FAILED(hr = IDiscFormat2TrackAtOnce_ReleaseMedia(tao)))
    {
        print_drive_error("", "ReleaseMedia", hr);
        ret = 1;
    }
    IDiscFormat2TrackAtOnce_Release(tao);
    IDiscRecorder2_Release(recorder);
    return ret;
}

static int burn_main(int argc, WCHAR **argv)
{
    struct burn_options options = {.speed = 0, .cancel_after = -1};
    struct drive_job jobs[26];
    unsigned int count = 0, i, j, audio_count = 0;
    BOOL audio = FALSE, tracks = FALSE, leave_open = FALSE, raw_audio = FALSE;
    WCHAR *audio_files[99];
    int ret = 0;

    memset(jobs, 0, sizeof(jobs));
    for (i = 1; i < argc; ++i)
    {
        if (!wcscmp(argv[i], L"--drive") && i + 1 < argc)
        {
            WCHAR letter = towupper(argv[++i][0]);

            /* X, X: or X:\ */
            if (letter < 'A' || letter > 'Z' || (argv[i][1] && (argv[i][1] != ':'
                    || (argv[i][2] && (argv[i][2] != '\\' || argv[i][3])))))
            {
                fprintf(stderr, "imapi2-burn: %ls is not a drive letter\n", argv[i]);
                return 2;
            }
            for (j = 0; j < count; ++j)
            {
                if (jobs[j].letter == letter)
                {
                    fprintf(stderr, "imapi2-burn: %lc: is given twice\n", letter);
                    return 2;
                }
            }
            jobs[count++].letter = letter;
        }
        else if (!wcscmp(argv[i], L"--info"))
            options.info = TRUE;
        else if (!wcscmp(argv[i], L"--erase"))
            options.erase = TRUE;
        else if (!wcscmp(argv[i], L"--full"))
            options.full_erase = TRUE;
        else if (!wcscmp(argv[i], L"--close-open-session"))
            options.close_open_session = TRUE;
        else if (!wcscmp(argv[i], L"--close"))
            options.close = TRUE;
        else if (!wcscmp(argv[i], L"--dvd-compat"))
            options.dvd_compat = TRUE;
        else if (!wcscmp(argv[i], L"--speed") && i + 1 < argc)
            options.speed = wcstol(argv[++i], NULL, 10);
        else if (!wcscmp(argv[i], L"--cancel-after") && i + 1 < argc)
            options.cancel_after = wcstol(argv[++i], NULL, 10);
        else if (!wcscmp(argv[i], L"--files") && i + 1 < argc)
            options.files = argv[++i];
        else if (!wcscmp(argv[i], L"--append"))
            options.append = TRUE;
        else if (!wcscmp(argv[i], L"--output") && i + 1 < argc)
            options.output = argv[++i];
        else if (!wcscmp(argv[i], L"--audio"))
        {
            audio = TRUE;
            while (i + 1 < argc && argv[i + 1][0] != '-' && audio_count < ARRAY_SIZE(audio_files))
                audio_files[audio_count++] = argv[++i];
        }
        else if (!wcscmp(argv[i], L"--raw-audio"))
        {
            raw_audio = TRUE;
            while (i + 1 < argc && argv[i + 1][0] != '-' && audio_count < ARRAY_SIZE(audio_files))
                audio_files[audio_count++] = argv[++i];
        }
        else if (!wcscmp(argv[i], L"--tracks"))
            tracks = TRUE;
        else if (!wcscmp(argv[i], L"--open"))
            leave_open = TRUE;
        else if (argv[i][0] != '-' && !options.image)
            options.image = argv[i];
        else
        {
            usage();
            return 2;
        }
    }
    if (raw_audio)
    {
        if (count != 1 || !audio_count || audio || tracks || leave_open || options.image || options.files
                || options.info || options.erase || options.close_open_session)
        {
            usage();
            return 2;
        }
        CoInitializeEx(NULL, COINIT_MULTITHREADED);
        ret = burn_raw_audio(jobs[0].letter, audio_files, audio_count);
        CoUninitialize();
        return ret;
    }
    if (audio || tracks)
    {
        if (count != 1 || (audio && (!audio_count || tracks)) || options.image || options.files || options.info
                || options.erase || options.close_open_session)
        {
            usage();
            return 2;
        }
        CoInitializeEx(NULL, COINIT_MULTITHREADED);
        ret = burn_audio(jobs[0].letter, audio_files, audio_count, leave_open);
        CoUninitialize();
        return ret;
    }
    if (options.output)
    {
        int ret;

        if (count || !options.files || options.append)
        {
            usage();
            return 2;
        }
        CoInitializeEx(NULL, COINIT_MULTITHREADED);
        ret = write_image(&options);
        CoUninitialize();
        return ret;
    }
    if (!count || (!options.info && !options.close_open_session && !options.erase && !options.image
            && !options.files) || (options.image && options.files) || (options.append && !options.files)
            || ((options.image || options.files) && (options.info || options.close_open_session || options.erase))
            || (options.full_erase && !options.erase))
    {
        usage();
        return 2;
    }
    for (i = 0; i < count; ++i)
    {
        jobs[i].options = &options;
        jobs[i].several = count > 1;
        jobs[i].hr = S_OK;
        if (count > 1)
            sprintf(jobs[i].prefix, "%c: ", (char)jobs[i].letter);
    }
    if (!check_wine_device_limit(jobs, count))
        return 1;

    /* One drive: on this thread, with the output of the single-drive tool. */
    if (count == 1)
    {
        CoInitializeEx(NULL, COINIT_MULTITHREADED);
        ret = run_drive(&jobs[0]);
        CoUninitialize();
        return ret;
    }

    /* Several drives: their values one after the other... */
    if (options.info || options.close_open_session || options.erase)
    {
        CoInitializeEx(NULL, COINIT_MULTITHREADED);
        for (i = 0; i < count; ++i)
            if (run_drive(&jobs[i]))
                ret = 1;
        CoUninitialize();
        return ret;
    }

    /* ...or one thread per drive, all burning at once. */
    for (i = 0; i < count; ++i)
    {
        if (!(jobs[i].thread = CreateThread(NULL, 0, drive_thread, &jobs[i], 0, NULL)))
        {
            jobs[i].hr = HRESULT_FROM_WIN32(GetLastError());
            jobs[i].ret = 1;
            print_drive_error(jobs[i].prefix, "CreateThread", jobs[i].hr);
        }
    }
    for (i = 0; i < count; ++i)
    {
        if (!jobs[i].thread)
            continue;
        WaitForSingleObject(jobs[i].thread, INFINITE);
        CloseHandle(jobs[i].thread);
    }
    print_summary(jobs, count);
    for (i = 0; i < count; ++i)
        if (jobs[i].ret || FAILED(jobs[i].hr))
            ret = 1;
    return ret;
}
