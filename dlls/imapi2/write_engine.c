/*
 * Image Mastering API v2: MsftWriteEngine2, raw sector writes through a recorder.
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

/* Update events come at most this often while sectors flow, and at the
 * start and end of every WriteSection. */
#define EVENT_INTERVAL_MS   500

/* ---- IWriteEngine2EventArgs: one progress report ---- */

struct engine_progress
{
    LONG start_lba;
    LONG sector_count;
    LONG last_read_lba;
    LONG last_written_lba;
    LONG total_buffer;
    LONG used_buffer;
};

struct engine_event_args
{
    IWriteEngine2EventArgs IWriteEngine2EventArgs_iface;
    LONG refcount;
    struct engine_progress progress;
};

static inline struct engine_event_args *impl_from_IWriteEngine2EventArgs(IWriteEngine2EventArgs *iface)
{
    return CONTAINING_RECORD(iface, struct engine_event_args, IWriteEngine2EventArgs_iface);
}

static HRESULT WINAPI engine_event_args_QueryInterface(IWriteEngine2EventArgs *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IWriteEngine2EventArgs))
    {
        *out = iface;
        IWriteEngine2EventArgs_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI engine_event_args_AddRef(IWriteEngine2EventArgs *iface)
{
    struct engine_event_args *args = impl_from_IWriteEngine2EventArgs(iface);
    ULONG refcount = InterlockedIncrement(&args->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI engine_event_args_Release(IWriteEngine2EventArgs *iface)
{
    struct engine_event_args *args = impl_from_IWriteEngine2EventArgs(iface);
    ULONG refcount = InterlockedDecrement(&args->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        free(args);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI engine_event_args_GetTypeInfoCount(IWriteEngine2EventArgs *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI engine_event_args_GetTypeInfo(IWriteEngine2EventArgs *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IWriteEngine2EventArgs_tid, index, typeinfo);
}

static HRESULT WINAPI engine_event_args_GetIDsOfNames(IWriteEngine2EventArgs *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IWriteEngine2EventArgs_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI engine_event_args_Invoke(IWriteEngine2EventArgs *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);

    return dispatch_invoke(IWriteEngine2EventArgs_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

static HRESULT WINAPI engine_event_args_get_StartLba(IWriteEngine2EventArgs *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = impl_from_IWriteEngine2EventArgs(iface)->progress.start_lba;
    return S_OK;
}

static HRESULT WINAPI engine_event_args_get_SectorCount(IWriteEngine2EventArgs *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = impl_from_IWriteEngine2EventArgs(iface)->progress.sector_count;
    return S_OK;
}

static HRESULT WINAPI engine_event_args_get_LastReadLba(IWriteEngine2EventArgs *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = impl_from_IWriteEngine2EventArgs(iface)->progress.last_read_lba;
    return S_OK;
}

static HRESULT WINAPI engine_event_args_get_LastWrittenLba(IWriteEngine2EventArgs *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = impl_from_IWriteEngine2EventArgs(iface)->progress.last_written_lba;
    return S_OK;
}

static HRESULT WINAPI engine_event_args_get_TotalSystemBuffer(IWriteEngine2EventArgs *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = impl_from_IWriteEngine2EventArgs(iface)->progress.total_buffer;
    return S_OK;
}

static HRESULT WINAPI engine_event_args_get_UsedSystemBuffer(IWriteEngine2EventArgs *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = impl_from_IWriteEngine2EventArgs(iface)->progress.used_buffer;
    return S_OK;
}

static HRESULT WINAPI engine_event_args_get_FreeSystemBuffer(IWriteEngine2EventArgs *iface, LONG *value)
{
    struct engine_event_args *args = impl_from_IWriteEngine2EventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.total_buffer - args->progress.used_buffer;
    return S_OK;
}

static const IWriteEngine2EventArgsVtbl engine_event_args_vtbl =
{
    engine_event_args_QueryInterface,
    engine_event_args_AddRef,
    engine_event_args_Release,
    engine_event_args_GetTypeInfoCount,
    engine_event_args_GetTypeInfo,
    engine_event_args_GetIDsOfNames,
    engine_event_args_Invoke,
    engine_event_args_get_StartLba,
    engine_event_args_get_SectorCount,
    engine_event_args_get_LastReadLba,
    engine_event_args_get_LastWrittenLba,
    engine_event_args_get_TotalSystemBuffer,
    engine_event_args_get_UsedSystemBuffer,
    engine_event_args_get_FreeSystemBuffer,
};

static HRESULT engine_event_args_create(const struct engine_progress *progress, IDispatch **out)
{
    struct engine_event_args *args;

    if (!(args = calloc(1, sizeof(*args))))
        return E_OUTOFMEMORY;
    args->IWriteEngine2EventArgs_iface.lpVtbl = &engine_event_args_vtbl;
    args->refcount = 1;
    lock_module();
    args->progress = *progress;
    *out = (IDispatch *)&args->IWriteEngine2EventArgs_iface;
    return S_OK;
}

/* ---- MsftWriteEngine2 ---- */

struct write_engine
{
    IWriteEngine2 IWriteEngine2_iface;
    struct event_source events;
    LONG refcount;

    CRITICAL_SECTION cs;            /* the fields below; never held across SCSI I/O */
    IDiscRecorder2Ex *recorder;
    VARIANT_BOOL use_streaming_write12;
    LONG starting_sectors_per_second;
    LONG ending_sectors_per_second;
    LONG bytes_per_sector;

    /* WriteSection only, from its start to its end: */
    LONG writing;
    LONG cancel;
    struct engine_progress progress;
    ULONGLONG last_event;
};

static inline struct write_engine *impl_from_IWriteEngine2(IWriteEngine2 *iface)
{
    return CONTAINING_RECORD(iface, struct write_engine, IWriteEngine2_iface);
}

/* DWriteEngine2Events::Update(object, progress), on the thread of WriteSection. */
static void write_engine_fire(struct write_engine *engine)
{
    IDispatch *args;

    engine->last_event = GetTickCount64();
    if (!connection_point_has_sinks(&engine->events.cp))
        return;
    if (FAILED(engine_event_args_create(&engine->progress, &args)))
        return;

    connection_point_fire_update(&engine->events.cp, DISPID_DWRITEENGINE2EVENTS_UPDATE,
            (IDispatch *)&engine->IWriteEngine2_iface, args);
    IDispatch_Release(args);
}

static void engine_writer_progress(void *context, const struct writer_progress *p)
{
    struct write_engine *engine = context;
    struct engine_progress *progress = &engine->progress;

    if (!p->final && GetTickCount64() - engine->last_event < EVENT_INTERVAL_MS)
        return;
    progress->last_read_lba = progress->start_lba + p->read_blocks - 1;
    progress->last_written_lba = progress->start_lba + p->written_blocks - 1;
    progress->used_buffer = p->used_buffer;
    progress->total_buffer = p->total_buffer;
    write_engine_fire(engine);
}

static HRESULT WINAPI write_engine_QueryInterface(IWriteEngine2 *iface, REFIID riid, void **out)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IWriteEngine2))
    {
        *out = &object->IWriteEngine2_iface;
    }
    else if (IsEqualGUID(riid, &IID_IConnectionPointContainer))
    {
        *out = &object->events.IConnectionPointContainer_iface;
    }
    else
    {
        WARN("%s not supported.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }

    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI write_engine_AddRef(IWriteEngine2 *iface)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);
    ULONG refcount = InterlockedIncrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI write_engine_Release(IWriteEngine2 *iface)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);
    ULONG refcount = InterlockedDecrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        event_source_cleanup(&object->events);
        object->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&object->cs);
        if (object->recorder)
            IDiscRecorder2Ex_Release(object->recorder);
        free(object);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI write_engine_GetTypeInfoCount(IWriteEngine2 *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI write_engine_GetTypeInfo(IWriteEngine2 *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IWriteEngine2_tid, index, typeinfo);
}

static HRESULT WINAPI write_engine_GetIDsOfNames(IWriteEngine2 *iface, REFIID riid, LPOLESTR *names,
        UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IWriteEngine2_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI write_engine_Invoke(IWriteEngine2 *iface, DISPID member, REFIID riid,
        LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);

    return dispatch_invoke(IWriteEngine2_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

/* The bytes of stream from its current position to its end. */
static HRESULT stream_remaining(IStream *stream, ULONGLONG *remaining)
{
    LARGE_INTEGER zero;
    ULARGE_INTEGER position;
    STATSTG stat;
    HRESULT hr;

    if (FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME)))
        return hr;
    zero.QuadPart = 0;
    if (FAILED(hr = IStream_Seek(stream, zero, STREAM_SEEK_CUR, &position)))
        return hr;
    *remaining = stat.cbSize.QuadPart > position.QuadPart ? stat.cbSize.QuadPart - position.QuadPart : 0;
    return S_OK;
}

/* The WRITE size: what the host takes, in whole sectors. */
static DWORD engine_transfer_size(struct transport *transport, DWORD sector)
{
    struct transport_limits limits;
    DWORD size;

    transport_get_limits(transport, &limits);
    size = limits.bulk_transfer ? limits.bulk_transfer : 65536;
    return max(size - size % sector, sector);
}

/* Writes count sectors from the stream's current position at start, as they
 * come: no track setup, no closing (the caller selected the write mode and
 * closes what it writes), then SYNCHRONIZE CACHE so the sectors are on the
 * disc when WriteSection returns. */
static HRESULT write_engine_write(struct write_engine *engine, struct recorder_device *device, IStream *stream,
        LONG start, LONG count, DWORD sector, BOOL write_12)
{
    struct data_writer writer;
    struct write_range range;
    struct write_plan plan;
    struct mmc_device dev;
    struct patience patience;
    struct transport *transport = recorder_device_transport(device);
    HRESULT hr, sync_hr;

    format_base_patient_device(device, &engine->cancel, &patience, &dev);

    memset(&writer, 0, sizeof(writer));
    writer.dev = &dev;
    writer.patience = &patience;
    writer.transport = transport;
    writer.cancel = &engine->cancel;
    writer.verification = IMAPI_BURN_VERIFICATION_NONE;
    writer.progress = engine_writer_progress;
    writer.context = engine;
    writer.block_size = sector;
    writer.write_12 = write_12;
    writer.stream_short_hr = E_INVALIDARG;

    memset(&plan, 0, sizeof(plan));
    range.lba = start;
    range.blocks = count;
    range.stream_block = 0;     /* read on from where the stream is */
    plan.ranges = &range;
    plan.range_count = 1;
    plan.stream_blocks = count;
    plan.total_blocks = count;
    plan.close_function = NO_CLOSE;

    hr = data_writer_write(&writer, stream, &plan, engine_transfer_size(transport, sector));
    if (writer.issued && hr != E_IMAPI_RECORDER_MEDIA_NO_MEDIA)
    {
        sync_hr = data_writer_synchronize_cache(&writer);
        if (SUCCEEDED(hr) && FAILED(sync_hr))
            hr = sync_hr;
    }
    if (FAILED(hr) && engine->cancel)
        hr = E_IMAPI_REQUEST_CANCELLED;
    data_writer_cleanup(&writer);
    return hr;
}

static HRESULT WINAPI write_engine_WriteSection(IWriteEngine2 *iface, IStream *data, LONG start,
        LONG count)
{
    struct write_engine *engine = impl_from_IWriteEngine2(iface);
    struct recorder_device *device = NULL;
    IDiscRecorder2 *recorder = NULL;
    ULONGLONG remaining;
    DWORD sector;
    BOOL write_12;
    HRESULT hr;

    TRACE("%p, %p, %ld, %ld.\n", iface, data, start, count);

    if (!data) return E_POINTER;
    if (count <= 0) return E_INVALIDARG;

    EnterCriticalSection(&engine->cs);
    if (engine->writing)
        hr = E_IMAPI_RECORDER_MEDIA_BUSY;
    else if (!engine->recorder)
        hr = E_IMAPI_RECORDER_REQUIRED;
    else
        hr = IDiscRecorder2Ex_QueryInterface(engine->recorder, &IID_IDiscRecorder2, (void **)&recorder);
    sector = engine->bytes_per_sector;
    write_12 = engine->use_streaming_write12 == VARIANT_TRUE;
    LeaveCriticalSection(&engine->cs);
    if (FAILED(hr))
        return hr;

    /* Every sector asked for must be in the stream, before anything is written. */
    if (FAILED(hr = stream_remaining(data, &remaining)))
        goto done;
    if (remaining / sector < (ULONGLONG)count)
    {
        WARN("The stream holds %s bytes, %ld sectors of %lu asked for.\n", wine_dbgstr_longlong(remaining),
                count, sector);
        hr = E_INVALIDARG;
        goto done;
    }
    if (FAILED(hr = format_base_open_device(recorder, &device)))
        goto done;

    EnterCriticalSection(&engine->cs);
    if (engine->writing)
        hr = E_IMAPI_RECORDER_MEDIA_BUSY;
    else
    {
        engine->writing = TRUE;
        engine->cancel = FALSE;
        memset(&engine->progress, 0, sizeof(engine->progress));
        engine->progress.start_lba = start;
        engine->progress.sector_count = count;
        engine->progress.last_read_lba = engine->progress.last_written_lba = start - 1;
        engine->last_event = 0;
    }
    LeaveCriticalSection(&engine->cs);
    if (FAILED(hr))
        goto done;

    hr = write_engine_write(engine, device, data, start, count, sector, write_12);
    /* The disc changed, for every object of this process: read it again. */
    media_written();

    EnterCriticalSection(&engine->cs);
    engine->writing = FALSE;
    LeaveCriticalSection(&engine->cs);
    TRACE("WriteSection done, hr %#lx.\n", hr);

done:
    if (device)
        recorder_device_release(device);
    IDiscRecorder2_Release(recorder);
    return hr;
}

/* Microsoft: called from the Update handler; S_IMAPI_WRITE_NOT_IN_PROGRESS
 * while no WriteSection runs. */
static HRESULT WINAPI write_engine_CancelWrite(IWriteEngine2 *iface)
{
    struct write_engine *engine = impl_from_IWriteEngine2(iface);

    TRACE("%p.\n", iface);

    if (!engine->writing)
        return S_IMAPI_WRITE_NOT_IN_PROGRESS;
    InterlockedExchange(&engine->cancel, TRUE);
    return S_OK;
}

static HRESULT WINAPI write_engine_put_Recorder(IWriteEngine2 *iface, IDiscRecorder2Ex *value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);
    IDiscRecorder2Ex *old;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    IDiscRecorder2Ex_AddRef(value);
    EnterCriticalSection(&object->cs);
    old = object->recorder;
    object->recorder = value;
    LeaveCriticalSection(&object->cs);
    if (old)
        IDiscRecorder2Ex_Release(old);
    return S_OK;
}

static HRESULT WINAPI write_engine_get_Recorder(IWriteEngine2 *iface, IDiscRecorder2Ex **value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    EnterCriticalSection(&object->cs);
    if ((*value = object->recorder))
        IDiscRecorder2Ex_AddRef(*value);
    LeaveCriticalSection(&object->cs);
    return S_OK;
}

static HRESULT WINAPI write_engine_put_UseStreamingWrite12(IWriteEngine2 *iface, VARIANT_BOOL value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %#x.\n", iface, value);

    object->use_streaming_write12 = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI write_engine_get_UseStreamingWrite12(IWriteEngine2 *iface,
        VARIANT_BOOL *value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->use_streaming_write12;
    return S_OK;
}

/* Microsoft: estimates "used to optimize sleep time in the write engine", -1
 * (the default) for the maximum speed; they are not sent to the drive.  The
 * write loop here never sleeps between commands (the drive's own buffer
 * paces it), so they are kept and reported only. */
static HRESULT WINAPI write_engine_put_StartingSectorsPerSecond(IWriteEngine2 *iface, LONG value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %ld.\n", iface, value);

    if (!value || value < -1) return E_INVALIDARG;
    object->starting_sectors_per_second = value;
    return S_OK;
}

static HRESULT WINAPI write_engine_get_StartingSectorsPerSecond(IWriteEngine2 *iface, LONG *value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->starting_sectors_per_second;
    return S_OK;
}

static HRESULT WINAPI write_engine_put_EndingSectorsPerSecond(IWriteEngine2 *iface, LONG value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %ld.\n", iface, value);

    if (!value || value < -1) return E_INVALIDARG;
    object->ending_sectors_per_second = value;
    return S_OK;
}

static HRESULT WINAPI write_engine_get_EndingSectorsPerSecond(IWriteEngine2 *iface, LONG *value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->ending_sectors_per_second;
    return S_OK;
}

static HRESULT WINAPI write_engine_put_BytesPerSector(IWriteEngine2 *iface, LONG value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %ld.\n", iface, value);

    if (value <= 0) return E_INVALIDARG;
    object->bytes_per_sector = value;
    return S_OK;
}

static HRESULT WINAPI write_engine_get_BytesPerSector(IWriteEngine2 *iface, LONG *value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->bytes_per_sector;
    return S_OK;
}

static HRESULT WINAPI write_engine_get_WriteInProgress(IWriteEngine2 *iface, VARIANT_BOOL *value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = impl_from_IWriteEngine2(iface)->writing ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static const IWriteEngine2Vtbl write_engine_vtbl =
{
    write_engine_QueryInterface,
    write_engine_AddRef,
    write_engine_Release,
    write_engine_GetTypeInfoCount,
    write_engine_GetTypeInfo,
    write_engine_GetIDsOfNames,
    write_engine_Invoke,
    write_engine_WriteSection,
    write_engine_CancelWrite,
    write_engine_put_Recorder,
    write_engine_get_Recorder,
    write_engine_put_UseStreamingWrite12,
    write_engine_get_UseStreamingWrite12,
    write_engine_put_StartingSectorsPerSecond,
    write_engine_get_StartingSectorsPerSecond,
    write_engine_put_EndingSectorsPerSecond,
    write_engine_get_EndingSectorsPerSecond,
    write_engine_put_BytesPerSector,
    write_engine_get_BytesPerSector,
    write_engine_get_WriteInProgress,
};

HRESULT write_engine_create(REFIID riid, void **out)
{
    struct write_engine *object;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(object = calloc(1, sizeof(*object))))
        return E_OUTOFMEMORY;

    object->IWriteEngine2_iface.lpVtbl = &write_engine_vtbl;
    object->refcount = 1;
    lock_module();
    InitializeCriticalSection(&object->cs);
    object->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": write_engine.cs");
    event_source_init(&object->events, (IUnknown *)&object->IWriteEngine2_iface,
            &IID_DWriteEngine2Events);
    object->bytes_per_sector = IMAPI_SECTOR_SIZE;
    object->starting_sectors_per_second = -1;
    object->ending_sectors_per_second = -1;

    hr = IWriteEngine2_QueryInterface(&object->IWriteEngine2_iface, riid, out);
    IWriteEngine2_Release(&object->IWriteEngine2_iface);
    return hr;
}
