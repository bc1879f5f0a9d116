/*
 * IMAPI2 file system image: FsiNamedStreams, the named streams of a file.
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

#include "imapi2fs_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* The streams of the file when the collection was made, as the items of
 * the stream nodes (IsNamedStream true, Name the stream's name, Data its
 * bytes): later AddStream and RemoveStream calls do not change it. */
struct named_streams
{
    IFsiNamedStreams IFsiNamedStreams_iface;
    LONG refcount;
    IFsiItem **items;
    ULONG count;
};

static inline struct named_streams *impl_from_IFsiNamedStreams(IFsiNamedStreams *iface)
{
    return CONTAINING_RECORD(iface, struct named_streams, IFsiNamedStreams_iface);
}

static HRESULT WINAPI named_streams_QueryInterface(IFsiNamedStreams *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IFsiNamedStreams))
    {
        *out = iface;
        IFsiNamedStreams_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI named_streams_AddRef(IFsiNamedStreams *iface)
{
    struct named_streams *streams = impl_from_IFsiNamedStreams(iface);
    ULONG refcount = InterlockedIncrement(&streams->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI named_streams_Release(IFsiNamedStreams *iface)
{
    struct named_streams *streams = impl_from_IFsiNamedStreams(iface);
    ULONG refcount = InterlockedDecrement(&streams->refcount);
    ULONG i;

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        for (i = 0; i < streams->count; i++) IFsiItem_Release(streams->items[i]);
        free(streams->items);
        free(streams);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI named_streams_GetTypeInfoCount(IFsiNamedStreams *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI named_streams_GetTypeInfo(IFsiNamedStreams *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);
    return dispatch_get_type_info(IFsiNamedStreams_tid, index, typeinfo);
}

static HRESULT WINAPI named_streams_GetIDsOfNames(IFsiNamedStreams *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IFsiNamedStreams_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI named_streams_Invoke(IFsiNamedStreams *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);
    return dispatch_invoke(IFsiNamedStreams_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

static HRESULT WINAPI named_streams_get__NewEnum(IFsiNamedStreams *iface, IEnumVARIANT **value)
{
    struct named_streams *streams = impl_from_IFsiNamedStreams(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    return enum_items_create_from(streams->items, streams->count, &IID_IEnumVARIANT, (void **)value);
}

static HRESULT WINAPI named_streams_get_Item(IFsiNamedStreams *iface, LONG index, IFsiFileItem2 **value)
{
    struct named_streams *streams = impl_from_IFsiNamedStreams(iface);

    TRACE("%p, %ld, %p.\n", iface, index, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (index < 0 || (ULONG)index >= streams->count) return E_INVALIDARG;
    return IFsiItem_QueryInterface(streams->items[index], &IID_IFsiFileItem2, (void **)value);
}

static HRESULT WINAPI named_streams_get_Count(IFsiNamedStreams *iface, LONG *value)
{
    struct named_streams *streams = impl_from_IFsiNamedStreams(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = streams->count;
    return S_OK;
}

static HRESULT WINAPI named_streams_get_EnumNamedStreams(IFsiNamedStreams *iface, IEnumFsiItems **value)
{
    struct named_streams *streams = impl_from_IFsiNamedStreams(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    return enum_items_create_from(streams->items, streams->count, &IID_IEnumFsiItems, (void **)value);
}

static const IFsiNamedStreamsVtbl named_streams_vtbl =
{
    named_streams_QueryInterface,
    named_streams_AddRef,
    named_streams_Release,
    named_streams_GetTypeInfoCount,
    named_streams_GetTypeInfo,
    named_streams_GetIDsOfNames,
    named_streams_Invoke,
    named_streams_get__NewEnum,
    named_streams_get_Item,
    named_streams_get_Count,
    named_streams_get_EnumNamedStreams,
};

HRESULT named_streams_create(struct item *file, IFsiNamedStreams **out)
{
    struct named_streams *streams;
    const struct fsi_node *node = file->node;
    HRESULT hr = S_OK;
    size_t i;

    *out = NULL;
    if (!(streams = calloc(1, sizeof(*streams)))) return E_OUTOFMEMORY;
    streams->IFsiNamedStreams_iface.lpVtbl = &named_streams_vtbl;
    streams->refcount = 1;
    lock_module();

    EnterCriticalSection(image_lock(file->image));
    if (node->stream_count && !(streams->items = calloc(node->stream_count, sizeof(*streams->items))))
        hr = E_OUTOFMEMORY;
    for (i = 0; SUCCEEDED(hr) && i < node->stream_count; i++)
    {
        if (SUCCEEDED(hr = item_get(file->image, node->streams[i], &IID_IFsiItem,
                (void **)&streams->items[i])))
            streams->count++;
    }
    LeaveCriticalSection(image_lock(file->image));

    if (FAILED(hr))
    {
        IFsiNamedStreams_Release(&streams->IFsiNamedStreams_iface);
        return hr;
    }
    *out = &streams->IFsiNamedStreams_iface;
    return S_OK;
}
