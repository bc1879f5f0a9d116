/*
 * Image Mastering API v2: MsftDiscFormat2Data, data sessions on CD, DVD and BD media.
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

#include "imapi2_private.h"
#include "data_writer.h"
#include "media_state.h"
#include "patience.h"
#include "transport.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

#define EVENT_INTERVAL_MS   500


/* ---- IDiscFormat2DataEventArgs: one progress report ---- */

struct data_progress
{
    IMAPI_FORMAT2_DATA_WRITE_ACTION action;
    LONG start_lba;
    LONG sector_count;
    LONG last_read_lba;
    LONG last_written_lba;
    LONG total_buffer;
    LONG used_buffer;
    LONG elapsed;
    LONG remaining;
    LONG total_time;
};

struct data_event_args
{
    IDiscFormat2DataEventArgs IDiscFormat2DataEventArgs_iface;
    LONG refcount;
    struct data_progress progress;
};

static inline struct data_event_args *impl_from_IDiscFormat2DataEventArgs(IDiscFormat2DataEventArgs *iface)
{
    return CONTAINING_RECORD(iface, struct data_event_args, IDiscFormat2DataEventArgs_iface);
}

static HRESULT WINAPI data_event_args_QueryInterface(IDiscFormat2DataEventArgs *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IWriteEngine2EventArgs) || IsEqualGUID(riid, &IID_IDiscFormat2DataEventArgs))
    {
        *out = iface;
        IDiscFormat2DataEventArgs_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI data_event_args_AddRef(IDiscFormat2DataEventArgs *iface)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);
    ULONG refcount = InterlockedIncrement(&args->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI data_event_args_Release(IDiscFormat2DataEventArgs *iface)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);
    ULONG refcount = InterlockedDecrement(&args->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    if (!refcount)
    {
        free(args);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI data_event_args_GetTypeInfoCount(IDiscFormat2DataEventArgs *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);
    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI data_event_args_GetTypeInfo(IDiscFormat2DataEventArgs *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);
    return dispatch_get_type_info(IDiscFormat2DataEventArgs_tid, index, typeinfo);
}

static HRESULT WINAPI data_event_args_GetIDsOfNames(IDiscFormat2DataEventArgs *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IDiscFormat2DataEventArgs_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI data_event_args_Invoke(IDiscFormat2DataEventArgs *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);
    return dispatch_invoke(IDiscFormat2DataEventArgs_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

static HRESULT WINAPI data_event_args_get_StartLba(IDiscFormat2DataEventArgs *iface, LONG *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.start_lba;
    return S_OK;
}

static HRESULT WINAPI data_event_args_get_SectorCount(IDiscFormat2DataEventArgs *iface, LONG *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.sector_count;
    return S_OK;
}

static HRESULT WINAPI data_event_args_get_LastReadLba(IDiscFormat2DataEventArgs *iface, LONG *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.last_read_lba;
    return S_OK;
}

static HRESULT WINAPI data_event_args_get_LastWrittenLba(IDiscFormat2DataEventArgs *iface, LONG *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.last_written_lba;
    return S_OK;
}

static HRESULT WINAPI data_event_args_get_TotalSystemBuffer(IDiscFormat2DataEventArgs *iface, LONG *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.total_buffer;
    return S_OK;
}

static HRESULT WINAPI data_event_args_get_UsedSystemBuffer(IDiscFormat2DataEventArgs *iface, LONG *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.used_buffer;
    return S_OK;
}

static HRESULT WINAPI data_event_args_get_FreeSystemBuffer(IDiscFormat2DataEventArgs *iface, LONG *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.total_buffer - args->progress.used_buffer;
    return S_OK;
}

static HRESULT WINAPI data_event_args_get_ElapsedTime(IDiscFormat2DataEventArgs *iface, LONG *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.elapsed;
    return S_OK;
}

static HRESULT WINAPI data_event_args_get_RemainingTime(IDiscFormat2DataEventArgs *iface, LONG *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.remaining;
    return S_OK;
}

static HRESULT WINAPI data_event_args_get_TotalTime(IDiscFormat2DataEventArgs *iface, LONG *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.total_time;
    return S_OK;
}

static HRESULT WINAPI data_event_args_get_CurrentAction(IDiscFormat2DataEventArgs *iface,
        IMAPI_FORMAT2_DATA_WRITE_ACTION *value)
{
    struct data_event_args *args = impl_from_IDiscFormat2DataEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.action;
    return S_OK;
}

static const IDiscFormat2DataEventArgsVtbl data_event_args_vtbl =
{
    data_event_args_QueryInterface,
    data_event_args_AddRef,
    data_event_args_Release,
    data_event_args_GetTypeInfoCount,
    data_event_args_GetTypeInfo,
    data_event_args_GetIDsOfNames,
    data_event_args_Invoke,
    data_event_args_get_StartLba,
    data_event_args_get_SectorCount,
    data_event_args_get_LastReadLba,
    data_event_args_get_LastWrittenLba,
    data_event_args_get_TotalSystemBuffer,
    data_event_args_get_UsedSystemBuffer,
    data_event_args_get_FreeSystemBuffer,
    data_event_args_get_ElapsedTime,
    data_event_args_get_RemainingTime,
    data_event_args_get_TotalTime,
    data_event_args_get_CurrentAction,
};

static HRESULT data_event_args_create(const struct data_progress *progress, IDispatch **out)
{
    struct data_event_args *args;

    if (!(args = calloc(1, sizeof(*args))))
        return E_OUTOFMEMORY;
    args->IDiscFormat2DataEventArgs_iface.lpVtbl = &data_event_args_vtbl;
    args->refcount = 1;
    lock_module();
    args->progress = *progress;
    *out = (IDispatch *)&args->IDiscFormat2DataEventArgs_iface;
    return S_OK;
}

/* ---- MsftDiscFormat2Data ---- */

/* What the client sets; Write works on a copy taken when it starts. */
struct data_settings
{
    BOOL buffer_underrun_free_disabled;
    BOOL postgap_in_image;
    BOOL force_media_to_be_closed;
    BOOL disable_dvd_compatibility;
    BOOL force_overwrite;
    LONG requested_speed;
    BOOL requested_pure_cav;
    IMAPI_BURN_VERIFICATION_LEVEL verification;
};

struct format_data
{
    IDiscFormat2Data IDiscFormat2Data_iface;
    IBurnVerification IBurnVerification_iface;
    LONG refcount;
    struct event_source events;
    struct support_error_info error_info;

    struct format_base base;        /* recorder, device, client name */
    CRITICAL_SECTION cs;            /* the fields below; never held across SCSI I/O */
    struct media_snapshot snapshot;
    BOOL snapshot_valid;

    struct data_settings settings;

    /* Write only, from its start to its end: */
    struct recorder_device *device;
    IDiscRecorder2 *recorder;
    struct transport *transport;
    struct mmc_device dev;          /* patient: waits over a busy drive */
    struct patience patience;
    struct data_writer writer;

    LONG writing;
    LONG cancel;
    struct data_settings write_settings;    /* the settings of the running Write */
    struct data_progress progress;
    ULONGLONG write_start;
    ULONGLONG last_event;
};

static inline struct format_data *impl_from_IDiscFormat2Data(IDiscFormat2Data *iface)
{
    return CONTAINING_RECORD(iface, struct format_data, IDiscFormat2Data_iface);
}

static inline struct format_data *impl_from_IBurnVerification(IBurnVerification *iface)
{
    return CONTAINING_RECORD(iface, struct format_data, IBurnVerification_iface);
}

static void format_data_fire(struct format_data *format, IMAPI_FORMAT2_DATA_WRITE_ACTION action)
{
    struct data_progress *progress = &format->progress;
    IDispatch *args;
    ULONGLONG now = GetTickCount64();
    LONG done;

    progress->action = action;
    progress->elapsed = (now - format->write_start) / 1000;
    done = progress->last_written_lba - progress->start_lba + 1;
    if (action == IMAPI_FORMAT2_DATA_WRITE_ACTION_COMPLETED)
        progress->total_time = progress->elapsed;
    else if (done > 0 && progress->sector_count > 0)
        progress->total_time = (LONG)((now - format->write_start) * progress->sector_count / done / 1000);
    else
        progress->total_time = progress->elapsed;
    progress->total_time = max(progress->total_time, progress->elapsed);
    progress->remaining = progress->total_time - progress->elapsed;
    format->last_event = now;

    if (!connection_point_has_sinks(&format->events.cp))
        return;
    if (FAILED(data_event_args_create(progress, &args)))
        return;

    /* DDiscFormat2DataEvents::Update(object, progress). */
    connection_point_fire_update(&format->events.cp, DISPID_DDISCFORMAT2DATAEVENTS_UPDATE,
            (IDispatch *)&format->IDiscFormat2Data_iface, args);
    IDispatch_Release(args);
}

/* A device reference and a patient executor over it, for one call. */
struct data_device
{
    struct recorder_device *device;
    IDiscRecorder2 *recorder;
    struct patience patience;
    struct mmc_device dev;
};

static HRESULT data_device_open(struct format_data *format, struct data_device *d, const LONG *cancel)
{
    HRESULT hr;

    if (FAILED(hr = format_base_get_device(&format->base, &d->device, &d->recorder)))
        return hr;
    format_base_patient_device(d->device, cancel, &d->patience, &d->dev);
    return S_OK;
}

static void data_device_close(struct data_device *d)
{
    recorder_device_release(d->device);
    IDiscRecorder2_Release(d->recorder);
}

/* Stores a snapshot read without the lock held. */
static void format_data_keep_snapshot(struct format_data *format, const struct media_snapshot *snapshot, BOOL valid)
{
    EnterCriticalSection(&format->cs);
    format->snapshot = *snapshot;
    format->snapshot_valid = valid;
    LeaveCriticalSection(&format->cs);
}

/* Page 05h is selected only while nobody else holds exclusive access (a
 * getter takes none itself: it has no name to take it under). */
static unsigned int snapshot_flags(struct format_data *format, IDiscRecorder2 *recorder)
{
    unsigned int flags = 0;
    BSTR owner = NULL, name = NULL;

    if (SUCCEEDED(IDiscRecorder2_get_ExclusiveAccessOwner(recorder, &owner)) && owner && *owner
            && (FAILED(format_base_get_ClientName(&format->base, &name)) || !name || wcscmp(owner, name)))
    {
        TRACE("Exclusive access is held by %s.\n", debugstr_w(owner));
        flags |= SNAPSHOT_NO_MODE_SELECT;
    }
    SysFreeString(owner);
    SysFreeString(name);
    return flags;
}

/* The media state. Every getter describes the medium as it is now: a good
 * snapshot is kept only while nothing in this process wrote to a drive since,
 * and the drive shows no media event and the same disc information
 * (media_snapshot_current); otherwise, or when fresh is set, it is read
 * again. A snapshot taken without page 05h selected is not kept. While Write
 * runs, the one it read answers. */
static HRESULT format_data_snapshot(struct format_data *format, struct media_snapshot *snapshot, BOOL fresh)
{
    struct data_device d;
    unsigned int flags;
    BOOL valid;
    HRESULT hr;

    EnterCriticalSection(&format->cs);
    valid = format->snapshot_valid;
    *snapshot = format->snapshot;
    hr = format->writing ? (valid ? snapshot->hr : E_IMAPI_DF2DATA_WRITE_IN_PROGRESS) : S_OK;
    LeaveCriticalSection(&format->cs);
    if (hr != S_OK)
        return hr;
    if (format->writing)
        return snapshot->hr;

    if (FAILED(hr = data_device_open(format, &d, NULL)))
        return hr;
    if (!fresh && valid && snapshot->generation == media_generation() && media_snapshot_current(&d.dev, snapshot))
        hr = snapshot->hr;
    else
    {
        flags = snapshot_flags(format, d.recorder);
        hr = media_snapshot_read(&d.dev, snapshot, flags);
        if (!format->writing)
            format_data_keep_snapshot(format, snapshot, SUCCEEDED(hr) && !(flags & SNAPSHOT_NO_MODE_SELECT));
    }
    data_device_close(&d);
    return hr;
}

static HRESULT format_data_get_snapshot(struct format_data *format, struct media_snapshot *snapshot)
{
    return format_data_snapshot(format, snapshot, FALSE);
}

/* For the multisession objects (see multisession_sequential.c): the medium as
 * it is now, read afresh. */
HRESULT format_data_current_media(IDiscFormat2Data *iface, struct media_snapshot *snapshot)
{
    return format_data_snapshot(impl_from_IDiscFormat2Data(iface), snapshot, TRUE);
}

static HRESULT WINAPI format_data_QueryInterface(IDiscFormat2Data *iface, REFIID riid, void **out)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IDiscFormat2) || IsEqualGUID(riid, &IID_IDiscFormat2Data))
        *out = &format->IDiscFormat2Data_iface;
    else if (IsEqualGUID(riid, &IID_IBurnVerification))
        *out = &format->IBurnVerification_iface;
    else if (IsEqualGUID(riid, &IID_IConnectionPointContainer))
        *out = &format->events.IConnectionPointContainer_iface;
    else if (IsEqualGUID(riid, &IID_ISupportErrorInfo))
        *out = &format->error_info.ISupportErrorInfo_iface;
    else
    {
        WARN("%s not supported.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }

    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI format_data_AddRef(IDiscFormat2Data *iface)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    ULONG refcount = InterlockedIncrement(&format->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI format_data_Release(IDiscFormat2Data *iface)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    ULONG refcount = InterlockedDecrement(&format->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        format_base_cleanup(&format->base);
        event_source_cleanup(&format->events);
        format->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&format->cs);
        free(format);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI format_data_GetTypeInfoCount(IDiscFormat2Data *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);
    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI format_data_GetTypeInfo(IDiscFormat2Data *iface, UINT index, LCID lcid, ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);
    return dispatch_get_type_info(IDiscFormat2Data_tid, index, typeinfo);
}

static HRESULT WINAPI format_data_GetIDsOfNames(IDiscFormat2Data *iface, REFIID riid, LPOLESTR *names,
        UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IDiscFormat2Data_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI format_data_Invoke(IDiscFormat2Data *iface, DISPID member, REFIID riid, LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);
    return dispatch_invoke(IDiscFormat2Data_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

/* A recorder that can write any of the media this format writes. */
static HRESULT WINAPI format_data_IsRecorderSupported(IDiscFormat2Data *iface, IDiscRecorder2 *recorder,
        VARIANT_BOOL *value)
{
    TRACE("%p, %p, %p.\n", iface, recorder, value);
    return format_base_IsRecorderSupported(&impl_from_IDiscFormat2Data(iface)->base, recorder, value);
}

static BOOL snapshot_media_supported(const struct media_snapshot *snapshot)
{
    if (snapshot->status & IMAPI_FORMAT2_DATA_MEDIA_STATE_UNSUPPORTED_MEDIA)
        return FALSE;
    return snapshot->sequential || snapshot->random;
}

/* Beyond the profile, the state matters: DVD-R without incremental recording
 * cannot take a session. Any recorder may be asked, not only ours. */
static HRESULT WINAPI format_data_IsCurrentMediaSupported(IDiscFormat2Data *iface, IDiscRecorder2 *recorder,
        VARIANT_BOOL *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    struct media_snapshot snapshot;
    struct recorder_device *device;
    struct mmc_device dev;
    BOOL same;
    HRESULT hr;

    TRACE("%p, %p, %p.\n", iface, recorder, value);

    if (!recorder || !value) return E_POINTER;
    *value = VARIANT_FALSE;

    /* While Write runs on that recorder, its snapshot answers. */
    EnterCriticalSection(&format->cs);
    same = format->writing && recorder == format->recorder;
    hr = format->snapshot_valid ? format->snapshot.hr : E_IMAPI_DF2DATA_WRITE_IN_PROGRESS;
    snapshot = format->snapshot;
    LeaveCriticalSection(&format->cs);
    if (!same)
    {
        if (FAILED(hr = format_base_open_device(recorder, &device)))
            return hr;
        transport_device(recorder_device_transport(device), &dev);
        /* A question must not change the write parameters another client set. */
        hr = media_snapshot_read(&dev, &snapshot, SNAPSHOT_NO_MODE_SELECT);
        recorder_device_release(device);
    }
    /* Windows 7 and later: no medium is E_IMAPI_RECORDER_MEDIA_NO_MEDIA (Vista said S_OK). */
    if (SUCCEEDED(hr))
        *value = snapshot_media_supported(&snapshot) ? VARIANT_TRUE : VARIANT_FALSE;
    return hr;
}

static HRESULT WINAPI format_data_get_MediaPhysicallyBlank(IDiscFormat2Data *iface, VARIANT_BOOL *value)
{
    TRACE("%p, %p.\n", iface, value);
    return format_base_get_MediaPhysicallyBlank(&impl_from_IDiscFormat2Data(iface)->base, value);
}

static HRESULT WINAPI format_data_get_MediaHeuristicallyBlank(IDiscFormat2Data *iface, VARIANT_BOOL *value)
{
    TRACE("%p, %p.\n", iface, value);
    return format_base_get_MediaHeuristicallyBlank(&impl_from_IDiscFormat2Data(iface)->base, value);
}

static HRESULT WINAPI format_data_get_SupportedMediaTypes(IDiscFormat2Data *iface, SAFEARRAY **value)
{
    TRACE("%p, %p.\n", iface, value);
    return format_base_get_SupportedMediaTypes(&impl_from_IDiscFormat2Data(iface)->base, value);
}

static HRESULT WINAPI format_data_put_Recorder(IDiscFormat2Data *iface, IDiscRecorder2 *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (SUCCEEDED(hr = format_base_put_Recorder(&format->base, value)))
    {
        EnterCriticalSection(&format->cs);
        format->snapshot_valid = FALSE;
        LeaveCriticalSection(&format->cs);
    }
    return hr;
}

static HRESULT WINAPI format_data_get_Recorder(IDiscFormat2Data *iface, IDiscRecorder2 **value)
{
    TRACE("%p, %p.\n", iface, value);
    return format_base_get_Recorder(&impl_from_IDiscFormat2Data(iface)->base, value);
}

/* The setters refuse while Write runs; Write copies the settings when it starts. */
static HRESULT format_data_set_flag(struct format_data *format, BOOL *field, VARIANT_BOOL value)
{
    HRESULT hr = S_OK;

    EnterCriticalSection(&format->cs);
    if (format->writing)
        hr = E_IMAPI_DF2DATA_WRITE_IN_PROGRESS;
    else
        *field = !!value;
    LeaveCriticalSection(&format->cs);
    return hr;
}

static HRESULT format_data_get_flag(const BOOL *field, VARIANT_BOOL *value)
{
    if (!value) return E_POINTER;
    *value = *field ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI format_data_put_BufferUnderrunFreeDisabled(IDiscFormat2Data *iface, VARIANT_BOOL value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %#x.\n", iface, value);
    return format_data_set_flag(format, &format->settings.buffer_underrun_free_disabled, value);
}

static HRESULT WINAPI format_data_get_BufferUnderrunFreeDisabled(IDiscFormat2Data *iface, VARIANT_BOOL *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %p.\n", iface, value);
    return format_data_get_flag(&format->settings.buffer_underrun_free_disabled, value);
}

static HRESULT WINAPI format_data_put_PostgapAlreadyInImage(IDiscFormat2Data *iface, VARIANT_BOOL value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %#x.\n", iface, value);
    return format_data_set_flag(format, &format->settings.postgap_in_image, value);
}

static HRESULT WINAPI format_data_get_PostgapAlreadyInImage(IDiscFormat2Data *iface, VARIANT_BOOL *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %p.\n", iface, value);
    return format_data_get_flag(&format->settings.postgap_in_image, value);
}

static HRESULT WINAPI format_data_put_ForceMediaToBeClosed(IDiscFormat2Data *iface, VARIANT_BOOL value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %#x.\n", iface, value);
    return format_data_set_flag(format, &format->settings.force_media_to_be_closed, value);
}

static HRESULT WINAPI format_data_get_ForceMediaToBeClosed(IDiscFormat2Data *iface, VARIANT_BOOL *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %p.\n", iface, value);
    return format_data_get_flag(&format->settings.force_media_to_be_closed, value);
}

static HRESULT WINAPI format_data_put_DisableConsumerDvdCompatibilityMode(IDiscFormat2Data *iface,
        VARIANT_BOOL value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %#x.\n", iface, value);
    return format_data_set_flag(format, &format->settings.disable_dvd_compatibility, value);
}

static HRESULT WINAPI format_data_get_DisableConsumerDvdCompatibilityMode(IDiscFormat2Data *iface,
        VARIANT_BOOL *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %p.\n", iface, value);
    return format_data_get_flag(&format->settings.disable_dvd_compatibility, value);
}

static HRESULT WINAPI format_data_put_ForceOverwrite(IDiscFormat2Data *iface, VARIANT_BOOL value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %#x.\n", iface, value);
    return format_data_set_flag(format, &format->settings.force_overwrite, value);
}

static HRESULT WINAPI format_data_get_ForceOverwrite(IDiscFormat2Data *iface, VARIANT_BOOL *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %p.\n", iface, value);
    return format_data_get_flag(&format->settings.force_overwrite, value);
}

/* IMAPI_MEDIA_WRITE_PROTECT_STATE of the medium in the snapshot: read-only
 * media, the WP bit of the mode parameter header, and on DVD and BD READ DISC
 * STRUCTURE format C0h (MMC-6: SWPP, PWP, WDP, MSWI). While Write runs the
 * medium was writable when it started. */
static LONG format_data_protection(struct format_data *format, const struct media_snapshot *snapshot)
{
    struct mmc_write_protection wp;
    struct mmc_mode_header header;
    struct data_device d;
    uint8_t cdb[16], buf[MMC_MODE_HEADER_LENGTH];
    unsigned int n;
    uint32_t got;
    LONG state = 0;

    if (!snapshot->sequential && !snapshot->random)
        state |= IMAPI_WRITEPROTECTED_READ_ONLY_MEDIA;
    if (format->writing || FAILED(data_device_open(format, &d, NULL)))
        return state;
    /* The header alone: one command each. */
    n = mmc_build_mode_sense(cdb, MMC_MODE_PAGE_CAPABILITIES, MMC_PC_CURRENT, TRUE, sizeof(buf));
    if (SUCCEEDED(mmc_run_in(&d.dev, cdb, n, buf, sizeof(buf), &got))
            && mmc_parse_mode_header(buf, got, &header) == MMC_OK && header.write_protected)
        state |= IMAPI_WRITEPROTECTED_BY_SOFTWARE_WRITE_PROTECT;
    if (mmc_profile_is_dvd(snapshot->profile) || mmc_profile_is_bd(snapshot->profile))
    {
        n = mmc_build_read_disc_structure(cdb, mmc_profile_is_bd(snapshot->profile) ? MMC_DISC_STRUCTURE_MEDIA_BD
                : MMC_DISC_STRUCTURE_MEDIA_DVD, 0, 0, MMC_DISC_STRUCTURE_WRITE_PROTECTION, sizeof(buf), 0);
        if (SUCCEEDED(mmc_run_in(&d.dev, cdb, n, buf, sizeof(buf), &got))
                && mmc_parse_write_protection(buf, got, &wp) == MMC_OK)
        {
            if (wp.until_power_down) state |= IMAPI_WRITEPROTECTED_UNTIL_POWERDOWN;
            if (wp.persistent) state |= IMAPI_WRITEPROTECTED_BY_SOFTWARE_WRITE_PROTECT;
            if (wp.disc) state |= IMAPI_WRITEPROTECTED_BY_CARTRIDGE;
            if (wp.media_specific) state |= IMAPI_WRITEPROTECTED_BY_MEDIA_SPECIFIC_REASON;
        }
    }
    data_device_close(&d);
    TRACE("Write protection %#lx.\n", state);
    return state;
}

static HRESULT WINAPI format_data_get_CurrentMediaStatus(IDiscFormat2Data *iface,
        IMAPI_FORMAT2_DATA_MEDIA_STATE *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = format_data_get_snapshot(format, &snapshot)))
        return hr;
    *value = snapshot.status;
    /* Writable media that are protected now say so before Write is tried. */
    if ((snapshot.sequential || snapshot.random) && format_data_protection(format, &snapshot))
        *value |= IMAPI_FORMAT2_DATA_MEDIA_STATE_WRITE_PROTECTED;
    return S_OK;
}

static HRESULT WINAPI format_data_get_WriteProtectStatus(IDiscFormat2Data *iface,
        IMAPI_MEDIA_WRITE_PROTECT_STATE *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = format_data_get_snapshot(format, &snapshot)))
        return hr;
    *value = format_data_protection(format, &snapshot);
    return S_OK;
}

static HRESULT format_data_get_address(struct format_data *format, LONG *value,
        LONG (*field)(const struct media_snapshot *s, BOOL postgap))
{
    struct media_snapshot snapshot;
    HRESULT hr;

    if (!value) return E_POINTER;
    if (FAILED(hr = format_data_get_snapshot(format, &snapshot)))
        return hr;
    if (FAILED(snapshot.address_hr))
        return snapshot.address_hr;
    *value = field(&snapshot, format->settings.postgap_in_image);
    return S_OK;
}

static LONG field_total(const struct media_snapshot *s, BOOL postgap) { return s->total; }
static LONG field_free(const struct media_snapshot *s, BOOL postgap) { return media_snapshot_free_sectors(s, postgap); }
static LONG field_next_writable(const struct media_snapshot *s, BOOL postgap) { return s->next_writable; }
static LONG field_start_prev(const struct media_snapshot *s, BOOL postgap) { return s->start_prev; }
static LONG field_last_written_prev(const struct media_snapshot *s, BOOL postgap) { return s->last_written_prev; }

static HRESULT WINAPI format_data_get_TotalSectorsOnMedia(IDiscFormat2Data *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);
    return format_data_get_address(impl_from_IDiscFormat2Data(iface), value, field_total);
}

static HRESULT WINAPI format_data_get_FreeSectorsOnMedia(IDiscFormat2Data *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);
    return format_data_get_address(impl_from_IDiscFormat2Data(iface), value, field_free);
}

static HRESULT WINAPI format_data_get_NextWritableAddress(IDiscFormat2Data *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);
    return format_data_get_address(impl_from_IDiscFormat2Data(iface), value, field_next_writable);
}

static HRESULT WINAPI format_data_get_StartAddressOfPreviousSession(IDiscFormat2Data *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);
    return format_data_get_address(impl_from_IDiscFormat2Data(iface), value, field_start_prev);
}

static HRESULT WINAPI format_data_get_LastWrittenAddressOfPreviousSession(IDiscFormat2Data *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);
    return format_data_get_address(impl_from_IDiscFormat2Data(iface), value, field_last_written_prev);
}

static HRESULT WINAPI format_data_get_CurrentPhysicalMediaType(IDiscFormat2Data *iface,
        IMAPI_MEDIA_PHYSICAL_TYPE *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = format_data_get_snapshot(format, &snapshot)))
        return hr;
    *value = snapshot.type;
    return S_OK;
}

/* The name Write passes to AcquireExclusiveAccess, so the same rule (ntddcdrm.h):
 * alphanumerics, space, period, comma, colon, semicolon, hyphen, underscore,
 * shorter than CDROM_EXCLUSIVE_CALLER_LENGTH (64) with its NUL. */
static HRESULT WINAPI format_data_put_ClientName(IDiscFormat2Data *iface, BSTR value)
{
    TRACE("%p, %s.\n", iface, debugstr_w(value));
    return format_base_put_ClientName(&impl_from_IDiscFormat2Data(iface)->base, value);
}

static HRESULT WINAPI format_data_get_ClientName(IDiscFormat2Data *iface, BSTR *value)
{
    TRACE("%p, %p.\n", iface, value);
    return format_base_get_ClientName(&impl_from_IDiscFormat2Data(iface)->base, value);
}

static HRESULT WINAPI format_data_get_RequestedWriteSpeed(IDiscFormat2Data *iface, LONG *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = format->settings.requested_speed;
    return S_OK;
}

static HRESULT WINAPI format_data_get_RequestedRotationTypeIsPureCAV(IDiscFormat2Data *iface, VARIANT_BOOL *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = format->settings.requested_pure_cav ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

/* The speed getters, SetWriteSpeed and the speed Write asks for are
 * format_base.c's, shared with the track-at-once burner. */
static HRESULT WINAPI format_data_get_CurrentWriteSpeed(IDiscFormat2Data *iface, LONG *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = format_data_get_snapshot(format, &snapshot)))
        return hr;
    return format_base_current_write_speed(&format->base, snapshot.profile, value);
}

static HRESULT WINAPI format_data_get_CurrentRotationTypeIsPureCAV(IDiscFormat2Data *iface, VARIANT_BOOL *value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p, %p.\n", iface, value);

    return format_base_current_rotation_is_pure_cav(&format->base, value);
}

static HRESULT WINAPI format_data_get_SupportedWriteSpeeds(IDiscFormat2Data *iface, SAFEARRAY **value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (FAILED(hr = format_data_get_snapshot(format, &snapshot)))
        return hr;
    return format_base_supported_write_speeds(&format->base, snapshot.profile, FALSE, value);
}

static HRESULT WINAPI format_data_get_SupportedWriteSpeedDescriptors(IDiscFormat2Data *iface, SAFEARRAY **value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (FAILED(hr = format_data_get_snapshot(format, &snapshot)))
        return hr;
    return format_base_supported_write_speeds(&format->base, snapshot.profile, TRUE, value);
}

static HRESULT WINAPI format_data_get_MultisessionInterfaces(IDiscFormat2Data *iface, SAFEARRAY **value)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    struct media_snapshot snapshot;
    IDiscRecorder2 *recorder;
    IDispatch *multisession;
    SAFEARRAY *array;
    VARIANT *v;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    /* Always read afresh: the objects report this state until this process
     * writes (see struct multisession_media). */
    if (FAILED(hr = format_data_snapshot(format, &snapshot, TRUE)))
        return hr;

    if (FAILED(hr = format_base_get_Recorder(&format->base, &recorder)))
        return hr;
    /* Microsoft: at least one element, also on blank media. */
    if (!recorder)
        hr = E_IMAPI_RECORDER_REQUIRED;
    else if (snapshot.sequential)
        hr = multisession_sequential_create(iface, recorder, &snapshot, format->settings.postgap_in_image,
                &multisession);
    else if (snapshot.random)
        hr = multisession_random_create(iface, recorder, &snapshot, &multisession);
    else
        hr = E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
    if (recorder)
        IDiscRecorder2_Release(recorder);
    if (FAILED(hr))
        return hr;

    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, 1)))
    {
        IDispatch_Release(multisession);
        return E_OUTOFMEMORY;
    }
    if (FAILED(hr = SafeArrayAccessData(array, (void **)&v)))
    {
        SafeArrayDestroy(array);
        IDispatch_Release(multisession);
        return hr;
    }
    V_VT(&v[0]) = VT_DISPATCH;
    V_DISPATCH(&v[0]) = multisession;
    SafeArrayUnaccessData(array);
    *value = array;
    return S_OK;
}

/* ---- Write ---- */

static void plan_close(struct format_data *format, const struct media_snapshot *s, struct write_plan *plan)
{
    const struct data_settings *settings = &format->write_settings;
    LONG free_after = media_snapshot_free_sectors(s, settings->postgap_in_image) - plan->stream_blocks;
    BOOL close = settings->force_media_to_be_closed || !s->multisession_capable;

    plan->close_track = FALSE;
    plan->close_function = NO_CLOSE;
    plan->write_parameters = media_needs_write_parameters(s->profile);

    if (s->random)
    {
        /* DVD+RW: a compatible lead-out ends a background format (MMC-6 6.3.3.2). */
        if (s->profile == MMC_PROFILE_DVD_PLUS_RW && (plan->format_first
                || s->bg_format_status == MMC_BG_FORMAT_SUSPENDED || s->bg_format_status == MMC_BG_FORMAT_IN_PROGRESS))
            plan->close_function = MMC_CLOSE_SESSION;
        plan->close_disc = FALSE;
        return;
    }

    /* Microsoft: the media is closed when at most 2% of it would remain free. */
    if ((LONGLONG)free_after * 50 <= s->total)
        close = TRUE;

    switch (s->profile)
    {
    case MMC_PROFILE_CD_R:
    case MMC_PROFILE_CD_RW:
        /* TAO: SYNCHRONIZE CACHE ends the track; the page 05h multi-session
         * field decides whether CLOSE SESSION finalizes. */
        plan->close_function = MMC_CLOSE_SESSION;
        break;
    case MMC_PROFILE_DVD_PLUS_R:
        plan->close_track = TRUE;
        /* Microsoft: in compatibility mode the disc is always closed. */
        if (!settings->disable_dvd_compatibility)
            plan->close_function = MMC_CLOSE_FINALIZE_MIN_RADIUS, close = TRUE;
        else
            plan->close_function = close ? MMC_CLOSE_FINALIZE : MMC_CLOSE_SESSION;
        break;
    case MMC_PROFILE_DVD_PLUS_R_DL:
        plan->close_track = TRUE;
        if (!settings->disable_dvd_compatibility)
            plan->close_function = MMC_CLOSE_FINALIZE_MIN_RADIUS;
        else
            plan->close_function = MMC_CLOSE_FINALIZE;
        close = TRUE;
        break;
    case MMC_PROFILE_BD_R_SRM:
        plan->close_track = TRUE;
        plan->close_function = close ? MMC_CLOSE_FINALIZE : MMC_CLOSE_SESSION;
        break;
    default:
        /* DVD-R/-RW incremental: close the track, then the border; page 05h decides. */
        plan->close_track = TRUE;
        plan->close_function = MMC_CLOSE_SESSION;
        break;
    }
    plan->close_disc = close;
}

/* Ends what was written; after a failure or CancelWrite it leaves the session
 * closed but the disc appendable, so earlier sessions stay readable. Every
 * step is tried whatever the one before gave. */
static HRESULT finish_write(struct format_data *format, const struct media_snapshot *s,
        const struct write_plan *plan, BOOL failed)
{
    const struct mmc_device *dev = &format->dev;
    BYTE function = plan->close_function;
    HRESULT hr, track_hr = S_OK, sync_hr;

    if (FAILED(sync_hr = data_writer_synchronize_cache(&format->writer)))
        WARN("SYNCHRONIZE CACHE failed, hr %#lx.\n", sync_hr);
    if (failed && s->sequential)
    {
        if (plan->write_parameters)
            media_select_write_parameters(dev, s->profile, MMC_MULTI_SESSION_OPEN,
                    !format->write_settings.buffer_underrun_free_disabled);
        if (function == MMC_CLOSE_FINALIZE || function == MMC_CLOSE_FINALIZE_MIN_RADIUS)
            function = MMC_CLOSE_SESSION;
    }
    if (plan->close_track && FAILED(track_hr = data_writer_close(&format->writer, MMC_CLOSE_TRACK, s->invisible_track)))
        WARN("CLOSE TRACK failed, hr %#lx.\n", track_hr);
    /* Closing the session closes the track too: its result decides. */
    if (function != NO_CLOSE)
        hr = data_writer_close(&format->writer, function, s->invisible_track);
    else
        hr = track_hr;
    if (failed)
        return S_OK;
    return FAILED(sync_hr) ? sync_hr : hr;
}

static HRESULT format_media(struct format_data *format, const struct media_snapshot *s)
{
    const struct mmc_device *dev = &format->dev;
    struct mmc_format_capacities caps;
    const struct mmc_format_descriptor *descriptor;
    uint8_t cdb[16], buf[256], list[MMC_FORMAT_PARAMETER_LIST_LENGTH];
    ULONGLONG start = GetTickCount64();
    unsigned int n;
    uint32_t got;
    HRESULT hr;

    n = mmc_build_read_format_capacities(cdb, sizeof(buf));
    if (FAILED(hr = mmc_run_in(dev, cdb, n, buf, sizeof(buf), &got)))
        return hr;
    if (mmc_parse_format_capacities(buf, got, &caps) != MMC_OK)
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    if (!(descriptor = media_full_format(&caps)))
        return E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED;

    mmc_build_format_unit_parameters(list, TRUE, descriptor->blocks, descriptor->type, descriptor->subtype,
            descriptor->parameter);
    n = mmc_build_format_unit(cdb);
    if (FAILED(hr = mmc_run_out(dev, cdb, n, list, sizeof(list))))
        return hr;

    /* DVD+RW formats in the background and is writable at once; others report
     * "format in progress" until done. */
    for (;;)
    {
        hr = mmc_drive_test_unit_ready(dev, NULL);
        if (hr != E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS && hr != E_IMAPI_RECORDER_MEDIA_BECOMING_READY
                && hr != E_IMAPI_RECORDER_MEDIA_BUSY)
            return hr;
        if (format->cancel)
            return E_IMAPI_REQUEST_CANCELLED;
        if (GetTickCount64() - start > MMC_TIMEOUT_LOAD * 1000)
            return E_IMAPI_RECORDER_COMMAND_TIMEOUT;
        if (GetTickCount64() - format->last_event >= EVENT_INTERVAL_MS)
            format_data_fire(format, IMAPI_FORMAT2_DATA_WRITE_ACTION_FORMATTING_MEDIA);
        Sleep(100);
    }
}

static void set_write_speed(struct format_data *format, const struct media_snapshot *s)
{
    const struct data_settings *settings = &format->write_settings;
    HRESULT hr;

    if (settings->requested_speed <= 0)
        return;
    if (FAILED(hr = format_base_send_write_speed(&format->dev, s->profile, s->total, settings->requested_speed,
            settings->requested_pure_cav)))
        WARN("Setting the write speed failed, hr %#lx.\n", hr);
}

/* IBlockRangeList on the stream: only those ranges change (Microsoft: Write). */
static HRESULT get_block_ranges(IStream *stream, LONG stream_blocks, struct write_plan *plan)
{
    IBlockRangeList *list;
    SAFEARRAY *array = NULL;
    LONG lower, upper, i;
    HRESULT hr;

    if (FAILED(IStream_QueryInterface(stream, &IID_IBlockRangeList, (void **)&list)))
        return S_FALSE;
    hr = IBlockRangeList_get_BlockRanges(list, &array);
    IBlockRangeList_Release(list);
    if (FAILED(hr) || !array)
        return S_FALSE;
    if (FAILED(SafeArrayGetLBound(array, 1, &lower)) || FAILED(SafeArrayGetUBound(array, 1, &upper)))
    {
        SafeArrayDestroy(array);
        return S_FALSE;
    }
    if (upper >= lower && (plan->ranges = calloc(upper - lower + 1, sizeof(*plan->ranges))))
    {
        for (i = lower; i <= upper; ++i)
        {
            IBlockRange *range;
            LONG start, end;
            VARIANT v;

            VariantInit(&v);
            if (FAILED(SafeArrayGetElement(array, &i, &v)) || V_VT(&v) != VT_DISPATCH || !V_DISPATCH(&v))
            {
                VariantClear(&v);
                continue;
            }
            if (SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&v), &IID_IBlockRange, (void **)&range)))
            {
                if (SUCCEEDED(IBlockRange_get_StartLba(range, &start)) && SUCCEEDED(IBlockRange_get_EndLba(range, &end))
                        && start >= 0 && end >= start && start < stream_blocks)
                {
                    struct write_range *r = &plan->ranges[plan->range_count++];

                    r->lba = start;
                    r->blocks = min(end, stream_blocks - 1) - start + 1;
                    r->stream_block = start;
                    plan->total_blocks += r->blocks;
                }
                IBlockRange_Release(range);
            }
            VariantClear(&v);
        }
    }
    SafeArrayDestroy(array);
    if (plan->range_count)
        return S_OK;
    free(plan->ranges);
    plan->ranges = NULL;
    return S_FALSE;
}

/* The writer's progress as IDiscFormat2DataEventArgs: at most every
 * EVENT_INTERVAL_MS, and at the end of each phase. */
static void writer_progress(void *context, const struct writer_progress *p)
{
    struct format_data *format = context;
    struct data_progress *progress = &format->progress;

    if (!p->final && GetTickCount64() - format->last_event < EVENT_INTERVAL_MS)
        return;
    if (p->phase == WRITER_VERIFYING)
    {
        format_data_fire(format, IMAPI_FORMAT2_DATA_WRITE_ACTION_VERIFYING);
        return;
    }
    progress->last_written_lba = progress->start_lba + p->written_blocks - 1;
    progress->last_read_lba = progress->start_lba + p->read_blocks - 1;
    progress->used_buffer = p->used_buffer;
    progress->total_buffer = p->total_buffer;
    format_data_fire(format, IMAPI_FORMAT2_DATA_WRITE_ACTION_WRITING_DATA);
}

/* The drive's buffer and the speed it writes at now (page 2Ah, after the
 * speed was set): unknown (0) when the drive does not say. */
static void plan_drive_buffer(struct format_data *format, struct write_plan *plan)
{
    struct mmc_capabilities_page caps;
    HRESULT hr;

    plan->drive_buffer_bytes = plan->drive_bytes_per_second = 0;
    if (FAILED(hr = format_base_drive_capabilities(&format->dev, &caps)))
    {
        WARN("No capabilities page, hr %#lx.\n", hr);
        return;
    }
    plan->drive_buffer_bytes = caps.buffer_size * 1024;
    plan->drive_bytes_per_second = (caps.has_write_speed_selected && caps.current_write_speed_selected
            ? caps.current_write_speed_selected : caps.current_write_speed) * 1000;
    TRACE("Buffer %lu bytes, writing %lu bytes/s.\n", plan->drive_buffer_bytes, plan->drive_bytes_per_second);
}

/* Step 1: the stream and the medium allow the write. */
static HRESULT validate_write(struct format_data *format, IStream *stream, struct media_snapshot *snapshot,
        LONG *stream_blocks)
{
    const struct data_settings *settings = &format->write_settings;
    STATSTG stat;
    HRESULT hr;

    if (FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME)))
        return hr;
    if (!stat.cbSize.QuadPart || stat.cbSize.QuadPart % MMC_BLOCK_SIZE
            || stat.cbSize.QuadPart / MMC_BLOCK_SIZE > MAXLONG)
        return E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED;
    *stream_blocks = stat.cbSize.QuadPart / MMC_BLOCK_SIZE;

    format_data_fire(format, IMAPI_FORMAT2_DATA_WRITE_ACTION_VALIDATING_MEDIA);
    hr = media_snapshot_read(&format->dev, snapshot, 0);
    format_data_keep_snapshot(format, snapshot, SUCCEEDED(hr));
    if (FAILED(hr))
        return hr;

    if (!snapshot_media_supported(snapshot))
        return E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED;
    if (snapshot->sequential && !snapshot->blank && !snapshot->appendable)
        return E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
    /* No valid NWA (NWA_V = 0): there is nowhere to write (doc/multisession.md 8.1). */
    if (snapshot->sequential && FAILED(snapshot->address_hr))
        return snapshot->address_hr;
    if (*stream_blocks > media_snapshot_free_sectors(snapshot, settings->postgap_in_image))
        return E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA;
    return S_OK;
}

/* Step 2: where the blocks go and how the track ends. */
static HRESULT plan_write(struct format_data *format, IStream *stream, const struct media_snapshot *snapshot,
        struct write_plan *plan, struct write_range *single)
{
    const struct data_settings *settings = &format->write_settings;

    plan->format_first = snapshot->random && !snapshot->formatted;
    if (!snapshot->random || settings->force_overwrite || get_block_ranges(stream, plan->stream_blocks, plan) != S_OK)
    {
        single->lba = snapshot->random ? 0 : snapshot->next_writable;
        single->blocks = plan->stream_blocks;
        single->stream_block = 0;
        /* Sequential DVD and BD record whole ECC blocks; CD gets the 150-block
         * post-gap Microsoft documents unless the image has it. */
        if (mmc_profile_is_cd(snapshot->profile) && !settings->postgap_in_image)
            single->blocks += CD_POSTGAP;
        else if (snapshot->sequential && snapshot->write_unit > 1 && single->blocks % snapshot->write_unit)
            single->blocks += snapshot->write_unit - single->blocks % snapshot->write_unit;
        if (snapshot->sequential && single->blocks > snapshot->free_raw)
            return E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA;
        plan->ranges = single;
        plan->range_count = 1;
        plan->total_blocks = single->blocks;
    }
    plan_close(format, snapshot, plan);
    TRACE("Writing %ld blocks (%ld with padding) at %ld, close function %#x, disc %s.\n", plan->stream_blocks,
            plan->total_blocks, plan->ranges[0].lba, plan->close_function, plan->close_disc ? "closed" : "open");
    return S_OK;
}

/* Step 3: format, write parameters, speed, power calibration. */
static HRESULT prepare_write(struct format_data *format, const struct media_snapshot *snapshot,
        const struct write_plan *plan)
{
    const struct data_settings *settings = &format->write_settings;
    HRESULT hr;

    if (plan->format_first)
    {
        format_data_fire(format, IMAPI_FORMAT2_DATA_WRITE_ACTION_FORMATTING_MEDIA);
        if (FAILED(hr = format_media(format, snapshot)))
            return hr;
    }

    format_data_fire(format, IMAPI_FORMAT2_DATA_WRITE_ACTION_INITIALIZING_HARDWARE);
    if (plan->write_parameters && FAILED(hr = media_select_write_parameters(&format->dev, snapshot->profile,
            plan->close_disc ? MMC_MULTI_SESSION_NONE : MMC_MULTI_SESSION_OPEN,
            !settings->buffer_underrun_free_disabled)))
        return hr;
    set_write_speed(format, snapshot);

    if (snapshot->profile == MMC_PROFILE_DVD_R_SEQUENTIAL || snapshot->profile == MMC_PROFILE_DVD_RW_SEQUENTIAL
            || snapshot->profile == MMC_PROFILE_DVD_R_DL_SEQUENTIAL)
    {
        uint8_t cdb[16];
        unsigned int n;

        format_data_fire(format, IMAPI_FORMAT2_DATA_WRITE_ACTION_CALIBRATING_POWER);
        n = mmc_build_send_opc_information(cdb, TRUE, 0);
        /* growisofs: drives that need no OPC refuse it; that is fine. */
        if (FAILED(mmc_run_out(&format->dev, cdb, n, NULL, 0)))
            TRACE("OPC refused.\n");
    }
    return format->cancel ? E_IMAPI_REQUEST_CANCELLED : S_OK;
}

/* The WRITE size: what the host takes, in whole write units. */
static DWORD write_transfer_size(struct format_data *format, const struct media_snapshot *snapshot)
{
    struct transport_limits limits;
    DWORD unit_bytes = snapshot->write_unit * MMC_BLOCK_SIZE, size;

    transport_get_limits(format->transport, &limits);
    size = limits.bulk_transfer ? limits.bulk_transfer : 65536;
    if (size >= unit_bytes)
        return size - size % unit_bytes;
    return size - size % MMC_BLOCK_SIZE;
}

/* Validate, plan, prepare, write, finish (close and verify). */
static HRESULT format_data_write(struct format_data *format, IStream *stream, BSTR client_name)
{
    struct data_writer *writer = &format->writer;
    struct media_snapshot snapshot;
    struct write_plan plan;
    struct write_range single;
    LARGE_INTEGER zero;
    DWORD max_transfer;
    BOOL locked = FALSE;
    HRESULT hr;

    memset(&plan, 0, sizeof(plan));
    memset(writer, 0, sizeof(*writer));
    writer->dev = &format->dev;
    writer->patience = &format->patience;
    writer->transport = format->transport;
    writer->cancel = &format->cancel;
    writer->verification = format->write_settings.verification;
    writer->progress = writer_progress;
    writer->context = format;

    memset(&format->progress, 0, sizeof(format->progress));
    format->progress.last_read_lba = format->progress.last_written_lba = -1;
    format->write_start = GetTickCount64();
    format->last_event = 0;

    hr = IDiscRecorder2_AcquireExclusiveAccess(format->recorder, VARIANT_TRUE, client_name);
    if (SUCCEEDED(hr))
        locked = TRUE;
    else if (hr != E_NOTIMPL)
        return hr;

    if (FAILED(hr = validate_write(format, stream, &snapshot, &plan.stream_blocks)))
        goto done;
    if (FAILED(hr = plan_write(format, stream, &snapshot, &plan, &single)))
        goto done;
    format->progress.start_lba = plan.ranges[0].lba;
    format->progress.sector_count = plan.total_blocks;
    format->progress.last_read_lba = format->progress.last_written_lba = plan.ranges[0].lba - 1;
    if (FAILED(hr = prepare_write(format, &snapshot, &plan)))
        goto done;

    zero.QuadPart = 0;
    if (plan.range_count == 1 && !plan.ranges[0].stream_block)
        IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    max_transfer = write_transfer_size(format, &snapshot);
    plan_drive_buffer(format, &plan);
    hr = data_writer_write(writer, stream, &plan, max_transfer);

    format_data_fire(format, IMAPI_FORMAT2_DATA_WRITE_ACTION_FINALIZATION);
    if (FAILED(hr))
    {
        /* Even a WRITE that failed may have left a partial track open. */
        if (writer->issued && hr != E_IMAPI_RECORDER_MEDIA_NO_MEDIA)
            finish_write(format, &snapshot, &plan, TRUE);
        goto done;
    }
    if (FAILED(hr = finish_write(format, &snapshot, &plan, FALSE)))
        goto done;
    hr = data_writer_verify(writer, max_transfer);

done:
    if (FAILED(hr) && format->cancel)
        hr = E_IMAPI_REQUEST_CANCELLED;
    data_writer_cleanup(writer);
    /* The media state changed, for every object of this process: read it again. */
    media_written();
    format_data_keep_snapshot(format, &snapshot, SUCCEEDED(media_snapshot_read(&format->dev, &snapshot, 0)));
    if (SUCCEEDED(hr))
        format_data_fire(format, IMAPI_FORMAT2_DATA_WRITE_ACTION_COMPLETED);
    if (locked)
        IDiscRecorder2_ReleaseExclusiveAccess(format->recorder);
    if (plan.ranges != &single)
        free(plan.ranges);
    return hr;
}

static HRESULT WINAPI format_data_Write(IDiscFormat2Data *iface, IStream *data)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    struct recorder_device *device;
    IDiscRecorder2 *recorder;
    BSTR client_name = NULL;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, data);

    if (!data) return E_POINTER;

    if (FAILED(hr = format_base_get_device(&format->base, &device, &recorder)))
        return hr;
    if (FAILED(hr = format_base_get_ClientName(&format->base, &client_name)) || !client_name)
    {
        /* Microsoft: the client name must be set before Write; it names the
         * exclusive access Write takes. */
        WARN("No client name.\n");
        recorder_device_release(device);
        IDiscRecorder2_Release(recorder);
        return FAILED(hr) ? hr : E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID;
    }

    /* The setters refuse while writing is set: the copies stay as they are. */
    EnterCriticalSection(&format->cs);
    if (format->writing)
        hr = E_IMAPI_DF2DATA_WRITE_IN_PROGRESS;
    else
    {
        format->writing = TRUE;
        format->cancel = FALSE;
        format->write_settings = format->settings;
        format->device = device;
        format->recorder = recorder;
        format->transport = recorder_device_transport(device);
        format_base_patient_device(device, &format->cancel, &format->patience, &format->dev);
        format_base_set_busy(&format->base, E_IMAPI_DF2DATA_WRITE_IN_PROGRESS);
    }
    LeaveCriticalSection(&format->cs);
    if (FAILED(hr))
    {
        recorder_device_release(device);
        IDiscRecorder2_Release(recorder);
        SysFreeString(client_name);
        return hr;
    }

    hr = format_data_write(format, data, client_name);
    SysFreeString(client_name);

    EnterCriticalSection(&format->cs);
    format->writing = FALSE;
    format->device = NULL;
    format->recorder = NULL;
    format->transport = NULL;
    format_base_set_busy(&format->base, S_OK);
    LeaveCriticalSection(&format->cs);
    recorder_device_release(device);
    IDiscRecorder2_Release(recorder);
    TRACE("Write done, hr %#lx.\n", hr);
    return hr;
}

static HRESULT WINAPI format_data_CancelWrite(IDiscFormat2Data *iface)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);

    TRACE("%p.\n", iface);

    if (!format->writing)
        return E_IMAPI_DF2DATA_WRITE_NOT_IN_PROGRESS;
    InterlockedExchange(&format->cancel, TRUE);
    return S_OK;
}

/* The speed goes to the drive now, and what the drive then reports says
 * whether it took it: S_IMAPI_SPEEDADJUSTED when it picked another speed (more
 * than 1% off: drives round), S_IMAPI_ROTATIONADJUSTED when it did not take
 * the rotation asked for, S_IMAPI_BOTHADJUSTED for both. Write sends it
 * again. Without a medium the request is kept for Write. */
static HRESULT WINAPI format_data_SetWriteSpeed(IDiscFormat2Data *iface, LONG sectors_per_second,
        VARIANT_BOOL pure_cav)
{
    struct format_data *format = impl_from_IDiscFormat2Data(iface);
    struct media_snapshot snapshot;
    IDiscRecorder2 *recorder;
    HRESULT hr = S_OK;

    TRACE("%p, %ld, %#x.\n", iface, sectors_per_second, pure_cav);

    /* Microsoft: -1 (0xffffffff) asks for the fastest speed. */
    if (sectors_per_second < -1)
        return E_INVALIDARG;
    if (FAILED(hr = format_base_get_Recorder(&format->base, &recorder)))
        return hr;
    if (!recorder)
        return E_IMAPI_RECORDER_REQUIRED;
    IDiscRecorder2_Release(recorder);
    EnterCriticalSection(&format->cs);
    if (format->writing)
        hr = E_IMAPI_DF2DATA_WRITE_IN_PROGRESS;
    else
    {
        format->settings.requested_speed = sectors_per_second;
        format->settings.requested_pure_cav = !!pure_cav;
    }
    LeaveCriticalSection(&format->cs);
    if (FAILED(hr))
        return hr;

    if (FAILED(hr = format_data_get_snapshot(format, &snapshot)))
        return hr == E_IMAPI_RECORDER_REQUIRED ? hr : S_OK;
    if (!snapshot.sequential && !snapshot.random)
        return S_OK;
    return format_base_set_write_speed(&format->base, snapshot.profile, snapshot.total, sectors_per_second,
            !!pure_cav);
}

static const IDiscFormat2DataVtbl format_data_vtbl =
{
    format_data_QueryInterface,
    format_data_AddRef,
    format_data_Release,
    format_data_GetTypeInfoCount,
    format_data_GetTypeInfo,
    format_data_GetIDsOfNames,
    format_data_Invoke,
    format_data_IsRecorderSupported,
    format_data_IsCurrentMediaSupported,
    format_data_get_MediaPhysicallyBlank,
    format_data_get_MediaHeuristicallyBlank,
    format_data_get_SupportedMediaTypes,
    format_data_put_Recorder,
    format_data_get_Recorder,
    format_data_put_BufferUnderrunFreeDisabled,
    format_data_get_BufferUnderrunFreeDisabled,
    format_data_put_PostgapAlreadyInImage,
    format_data_get_PostgapAlreadyInImage,
    format_data_get_CurrentMediaStatus,
    format_data_get_WriteProtectStatus,
    format_data_get_TotalSectorsOnMedia,
    format_data_get_FreeSectorsOnMedia,
    format_data_get_NextWritableAddress,
    format_data_get_StartAddressOfPreviousSession,
    format_data_get_LastWrittenAddressOfPreviousSession,
    format_data_put_ForceMediaToBeClosed,
    format_data_get_ForceMediaToBeClosed,
    format_data_put_DisableConsumerDvdCompatibilityMode,
    format_data_get_DisableConsumerDvdCompatibilityMode,
    format_data_get_CurrentPhysicalMediaType,
    format_data_put_ClientName,
    format_data_get_ClientName,
    format_data_get_RequestedWriteSpeed,
    format_data_get_RequestedRotationTypeIsPureCAV,
    format_data_get_CurrentWriteSpeed,
    format_data_get_CurrentRotationTypeIsPureCAV,
    format_data_get_SupportedWriteSpeeds,
    format_data_get_SupportedWriteSpeedDescriptors,
    format_data_put_ForceOverwrite,
    format_data_get_ForceOverwrite,
    format_data_get_MultisessionInterfaces,
    format_data_Write,
    format_data_CancelWrite,
    format_data_SetWriteSpeed,
};

static HRESULT WINAPI burn_verification_QueryInterface(IBurnVerification *iface, REFIID riid, void **out)
{
    struct format_data *format = impl_from_IBurnVerification(iface);
    return IDiscFormat2Data_QueryInterface(&format->IDiscFormat2Data_iface, riid, out);
}

static ULONG WINAPI burn_verification_AddRef(IBurnVerification *iface)
{
    struct format_data *format = impl_from_IBurnVerification(iface);
    return IDiscFormat2Data_AddRef(&format->IDiscFormat2Data_iface);
}

static ULONG WINAPI burn_verification_Release(IBurnVerification *iface)
{
    struct format_data *format = impl_from_IBurnVerification(iface);
    return IDiscFormat2Data_Release(&format->IDiscFormat2Data_iface);
}

static HRESULT WINAPI burn_verification_put_BurnVerificationLevel(IBurnVerification *iface,
        IMAPI_BURN_VERIFICATION_LEVEL value)
{
    struct format_data *format = impl_from_IBurnVerification(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %d.\n", iface, value);

    if (value < IMAPI_BURN_VERIFICATION_NONE || value > IMAPI_BURN_VERIFICATION_FULL)
        return E_INVALIDARG;
    EnterCriticalSection(&format->cs);
    if (format->writing)
        hr = E_IMAPI_DF2DATA_WRITE_IN_PROGRESS;
    else
        format->settings.verification = value;
    LeaveCriticalSection(&format->cs);
    return hr;
}

static HRESULT WINAPI burn_verification_get_BurnVerificationLevel(IBurnVerification *iface,
        IMAPI_BURN_VERIFICATION_LEVEL *value)
{
    struct format_data *format = impl_from_IBurnVerification(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = format->settings.verification;
    return S_OK;
}

static const IBurnVerificationVtbl burn_verification_vtbl =
{
    burn_verification_QueryInterface,
    burn_verification_AddRef,
    burn_verification_Release,
    burn_verification_put_BurnVerificationLevel,
    burn_verification_get_BurnVerificationLevel,
};

static const WORD data_profiles[] =
{
    MMC_PROFILE_CD_R, MMC_PROFILE_CD_RW, MMC_PROFILE_DVD_R_SEQUENTIAL, MMC_PROFILE_DVD_RW_SEQUENTIAL,
    MMC_PROFILE_DVD_R_DL_SEQUENTIAL, MMC_PROFILE_DVD_PLUS_R, MMC_PROFILE_DVD_PLUS_R_DL, MMC_PROFILE_BD_R_SRM,
    MMC_PROFILE_DVD_RAM, MMC_PROFILE_DVD_RW_RESTRICTED_OVERWRITE, MMC_PROFILE_DVD_PLUS_RW,
    MMC_PROFILE_DVD_PLUS_RW_DL, MMC_PROFILE_BD_RE,
};

static const WORD data_features[] =
{
    MMC_FEATURE_RANDOM_WRITABLE, MMC_FEATURE_INCREMENTAL_STREAMING_WRITABLE, MMC_FEATURE_DVD_PLUS_RW,
    MMC_FEATURE_DVD_PLUS_R, MMC_FEATURE_CD_TRACK_AT_ONCE, MMC_FEATURE_DVD_MINUS_R_RW_WRITE,
    MMC_FEATURE_DVD_PLUS_R_DL, MMC_FEATURE_BD_WRITE,
};

static const struct format_base_desc format_data_desc =
{
    L"MsftDiscFormat2Data",
    data_profiles, ARRAY_SIZE(data_profiles),
    data_features, ARRAY_SIZE(data_features),
    E_IMAPI_DF2DATA_RECORDER_NOT_SUPPORTED,
    E_IMAPI_DF2DATA_CLIENT_NAME_IS_NOT_VALID,
};

HRESULT format_data_create(REFIID riid, void **out)
{
    static const IID * const error_iids[] = { &IID_IDiscFormat2Data, &IID_IDiscFormat2, NULL };
    struct format_data *format;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(format = calloc(1, sizeof(*format))))
        return E_OUTOFMEMORY;

    format->IDiscFormat2Data_iface.lpVtbl = &format_data_vtbl;
    format->IBurnVerification_iface.lpVtbl = &burn_verification_vtbl;
    format->refcount = 1;
    lock_module();
    event_source_init(&format->events, (IUnknown *)&format->IDiscFormat2Data_iface, &IID_DDiscFormat2DataEvents);
    support_error_info_init(&format->error_info, (IUnknown *)&format->IDiscFormat2Data_iface, error_iids);
    format_base_init(&format->base, &format_data_desc);
    InitializeCriticalSection(&format->cs);
    format->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": format_data.cs");
    format->settings.requested_speed = -1;
    format->settings.verification = IMAPI_BURN_VERIFICATION_QUICK;

    hr = IDiscFormat2Data_QueryInterface(&format->IDiscFormat2Data_iface, riid, out);
    IDiscFormat2Data_Release(&format->IDiscFormat2Data_iface);
    return hr;
}
