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

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

struct write_engine
{
    IWriteEngine2 IWriteEngine2_iface;
    struct event_source events;
    LONG refcount;

    IDiscRecorder2Ex *recorder;
    VARIANT_BOOL use_streaming_write12;
    LONG starting_sectors_per_second;
    LONG ending_sectors_per_second;
    LONG bytes_per_sector;
};

static inline struct write_engine *impl_from_IWriteEngine2(IWriteEngine2 *iface)
{
    return CONTAINING_RECORD(iface, struct write_engine, IWriteEngine2_iface);
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
        if (object->recorder)
            IDiscRecorder2Ex_Release(object->recorder);
        free(object);
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

static HRESULT WINAPI write_engine_WriteSection(IWriteEngine2 *iface, IStream *data, LONG start,
        LONG count)
{
    FIXME("%p, %p, %ld, %ld: stub\n", iface, data, start, count);

    if (!data) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI write_engine_CancelWrite(IWriteEngine2 *iface)
{
    FIXME("%p: stub\n", iface);

    return E_NOTIMPL;
}

static HRESULT WINAPI write_engine_put_Recorder(IWriteEngine2 *iface, IDiscRecorder2Ex *value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    IDiscRecorder2Ex_AddRef(value);
    if (object->recorder)
        IDiscRecorder2Ex_Release(object->recorder);
    object->recorder = value;
    return S_OK;
}

static HRESULT WINAPI write_engine_get_Recorder(IWriteEngine2 *iface, IDiscRecorder2Ex **value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    if ((*value = object->recorder))
        IDiscRecorder2Ex_AddRef(*value);
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

static HRESULT WINAPI write_engine_put_StartingSectorsPerSecond(IWriteEngine2 *iface, LONG value)
{
    struct write_engine *object = impl_from_IWriteEngine2(iface);

    TRACE("%p, %ld.\n", iface, value);

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
    /* WriteSection is not implemented, so no write is ever in progress. */
    *value = VARIANT_FALSE;
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
    event_source_init(&object->events, (IUnknown *)&object->IWriteEngine2_iface,
            &IID_DWriteEngine2Events);
    object->bytes_per_sector = IMAPI_SECTOR_SIZE;

    hr = IWriteEngine2_QueryInterface(&object->IWriteEngine2_iface, riid, out);
    IWriteEngine2_Release(&object->IWriteEngine2_iface);
    return hr;
}
