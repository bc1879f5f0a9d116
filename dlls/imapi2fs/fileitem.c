/*
 * IMAPI2 file system image: FsiFileItem, a file of the image.
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

static inline struct item *impl_from_IFsiFileItem2(IFsiFileItem2 *iface)
{
    return CONTAINING_RECORD(iface, struct item, IFsiFileItem2_iface);
}

static HRESULT WINAPI file_item_QueryInterface(IFsiFileItem2 *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IFsiItem) || IsEqualGUID(riid, &IID_IFsiFileItem)
            || IsEqualGUID(riid, &IID_IFsiFileItem2))
    {
        *out = iface;
        IFsiFileItem2_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI file_item_AddRef(IFsiFileItem2 *iface)
{
    struct item *item = impl_from_IFsiFileItem2(iface);
    ULONG refcount = item_addref(item);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI file_item_Release(IFsiFileItem2 *iface)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p.\n", iface);
    return item_release(item);
}

static HRESULT WINAPI file_item_GetTypeInfoCount(IFsiFileItem2 *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI file_item_GetTypeInfo(IFsiFileItem2 *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);
    return dispatch_get_type_info(IFsiFileItem2_tid, index, typeinfo);
}

static HRESULT WINAPI file_item_GetIDsOfNames(IFsiFileItem2 *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IFsiFileItem2_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI file_item_Invoke(IFsiFileItem2 *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);
    return dispatch_invoke(IFsiFileItem2_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

static HRESULT WINAPI file_item_get_Name(IFsiFileItem2 *iface, BSTR *value)
{
    TRACE("%p, %p.\n", iface, value);
    return item_get_name(impl_from_IFsiFileItem2(iface), value);
}

static HRESULT WINAPI file_item_get_FullPath(IFsiFileItem2 *iface, BSTR *value)
{
    TRACE("%p, %p.\n", iface, value);
    return item_get_full_path(impl_from_IFsiFileItem2(iface), value);
}

static HRESULT WINAPI file_item_get_CreationTime(IFsiFileItem2 *iface, DATE *value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %p.\n", iface, value);
    return item_get_time(item, &item->node->created, value);
}

static HRESULT WINAPI file_item_put_CreationTime(IFsiFileItem2 *iface, DATE value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %f.\n", iface, value);
    return item_put_time(item, &item->node->created, value);
}

static HRESULT WINAPI file_item_get_LastAccessedTime(IFsiFileItem2 *iface, DATE *value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %p.\n", iface, value);
    return item_get_time(item, &item->node->accessed, value);
}

static HRESULT WINAPI file_item_put_LastAccessedTime(IFsiFileItem2 *iface, DATE value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %f.\n", iface, value);
    return item_put_time(item, &item->node->accessed, value);
}

static HRESULT WINAPI file_item_get_LastModifiedTime(IFsiFileItem2 *iface, DATE *value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %p.\n", iface, value);
    return item_get_time(item, &item->node->modified, value);
}

static HRESULT WINAPI file_item_put_LastModifiedTime(IFsiFileItem2 *iface, DATE value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %f.\n", iface, value);
    return item_put_time(item, &item->node->modified, value);
}

static HRESULT WINAPI file_item_get_IsHidden(IFsiFileItem2 *iface, VARIANT_BOOL *value)
{
    TRACE("%p, %p.\n", iface, value);
    return item_get_hidden(impl_from_IFsiFileItem2(iface), value);
}

static HRESULT WINAPI file_item_put_IsHidden(IFsiFileItem2 *iface, VARIANT_BOOL value)
{
    TRACE("%p, %d.\n", iface, value);
    return item_put_hidden(impl_from_IFsiFileItem2(iface), value);
}

static HRESULT WINAPI file_item_FileSystemName(IFsiFileItem2 *iface, FsiFileSystems fs, BSTR *value)
{
    TRACE("%p, %#x, %p.\n", iface, fs, value);
    return item_file_system_name(impl_from_IFsiFileItem2(iface), fs, value);
}

static HRESULT WINAPI file_item_FileSystemPath(IFsiFileItem2 *iface, FsiFileSystems fs, BSTR *value)
{
    TRACE("%p, %#x, %p.\n", iface, fs, value);
    return item_file_system_path(impl_from_IFsiFileItem2(iface), fs, value);
}

static HRESULT WINAPI file_item_get_DataSize(IFsiFileItem2 *iface, LONGLONG *value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(image_lock(item->image));
    *value = item->node->size;
    LeaveCriticalSection(image_lock(item->image));
    return S_OK;
}

static HRESULT WINAPI file_item_get_DataSize32BitLow(IFsiFileItem2 *iface, LONG *value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(image_lock(item->image));
    *value = (LONG)(ULONG)item->node->size;
    LeaveCriticalSection(image_lock(item->image));
    return S_OK;
}

static HRESULT WINAPI file_item_get_DataSize32BitHigh(IFsiFileItem2 *iface, LONG *value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(image_lock(item->image));
    *value = (LONG)(ULONG)(item->node->size >> 32);
    LeaveCriticalSection(image_lock(item->image));
    return S_OK;
}

static HRESULT WINAPI file_item_get_Data(IFsiFileItem2 *iface, IStream **value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);
    struct fsi_source *source;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    EnterCriticalSection(image_lock(item->image));
    if ((source = item->node->source)) source->addref(source);
    LeaveCriticalSection(image_lock(item->image));

    /* An imported file's data is on the disc, read through the image's
     * multisession interface when the image is burned. */
    if (!source)
        return item->node->extent_count ? image_imported_stream(item->image, item->node, value)
                : stream_empty_create(value);
    hr = source_get_stream(source, value);
    source->release(source);
    return hr;
}

static HRESULT WINAPI file_item_put_Data(IFsiFileItem2 *iface, IStream *data)
{
    struct item *item = impl_from_IFsiFileItem2(iface);
    struct fsi_source *source;
    ULONGLONG size;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, data);

    if (!data) return E_POINTER;
    if (FAILED(hr = stream_source_create(data, &source, &size)))
        return hr;
    EnterCriticalSection(image_lock(item->image));
    image_set_data(item->image, item->node, source, size);
    LeaveCriticalSection(image_lock(item->image));
    source->release(source);
    return S_OK;
}

static HRESULT WINAPI file_item_get_FsiNamedStreams(IFsiFileItem2 *iface, IFsiNamedStreams **streams)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %p.\n", iface, streams);

    if (!streams) return E_POINTER;
    return named_streams_create(item, streams);
}

static HRESULT WINAPI file_item_get_IsNamedStream(IFsiFileItem2 *iface, VARIANT_BOOL *value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = item->node->is_stream ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

/* The stream is kept whatever the file systems; only UDF 2.00 and later
 * write it, and AddStream says so with IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED
 * (a success) otherwise.  The file must be in the image already.  As
 * Microsoft documents it, an image holding an imported file system takes no
 * named stream: IMAPI_E_READONLY, whatever the file. */
static HRESULT WINAPI file_item_AddStream(IFsiFileItem2 *iface, BSTR name, IStream *data)
{
    struct item *item = impl_from_IFsiFileItem2(iface);
    struct fsi_source *source;
    struct fsi_node *stream;
    ULONGLONG size;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(name), data);

    if (!name || !data) return E_POINTER;
    /* A named stream has no streams of its own. */
    if (item->node->is_stream) return IMAPI_E_INVALID_PARAM;
    if (FAILED(hr = stream_source_create(data, &source, &size))) return hr;
    if (!(stream = fsi_node_create((const uint16_t *)name, FALSE, fsi_now())))
    {
        source->release(source);
        return E_OUTOFMEMORY;
    }
    stream->is_stream = TRUE;
    fsi_node_set_source(stream, source, size);
    source->release(source);

    EnterCriticalSection(image_lock(item->image));
    if (SUCCEEDED(hr = item_check_name(item->image, name)) && !image_contains(item->image, item->node))
        hr = IMAPI_E_NOT_IN_FILE_SYSTEM;
    if (SUCCEEDED(hr) && image_is_imported(item->image))
        hr = IMAPI_E_READONLY;
    if (SUCCEEDED(hr) && SUCCEEDED(hr = fsi_node_attach(item->node, stream)))
    {
        image_log_attach(item->image, stream);
        if (!image_has_named_streams(item->image)) hr = IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED;
    }
    LeaveCriticalSection(image_lock(item->image));
    if (FAILED(hr)) fsi_node_destroy(stream);
    return hr;
}

static HRESULT WINAPI file_item_RemoveStream(IFsiFileItem2 *iface, BSTR name)
{
    struct item *item = impl_from_IFsiFileItem2(iface);
    struct fsi_node *stream;
    HRESULT hr = S_OK;

    TRACE("%p, %s.\n", iface, debugstr_w(name));

    if (!name) return E_POINTER;
    EnterCriticalSection(image_lock(item->image));
    if (!(stream = fsi_node_find_stream(item->node, (const uint16_t *)name)))
        hr = IMAPI_E_ITEM_NOT_FOUND;
    else
    {
        image_log_detach(item->image, stream);
        fsi_node_detach(stream);
        item_node_release(item->image, stream);
        if (!image_has_named_streams(item->image)) hr = IMAPI_S_IMAGE_FEATURE_NOT_SUPPORTED;
    }
    LeaveCriticalSection(image_lock(item->image));
    return hr;
}

static HRESULT WINAPI file_item_get_IsRealTime(IFsiFileItem2 *iface, VARIANT_BOOL *value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = item->real_time ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

/* A real-time file is written with streaming (no defect management) on
 * media that have it; the layout does not depend on it. */
static HRESULT WINAPI file_item_put_IsRealTime(IFsiFileItem2 *iface, VARIANT_BOOL value)
{
    struct item *item = impl_from_IFsiFileItem2(iface);

    TRACE("%p, %d.\n", iface, value);

    item->real_time = !!value;
    return S_OK;
}

static const IFsiFileItem2Vtbl file_item_vtbl =
{
    file_item_QueryInterface,
    file_item_AddRef,
    file_item_Release,
    file_item_GetTypeInfoCount,
    file_item_GetTypeInfo,
    file_item_GetIDsOfNames,
    file_item_Invoke,
    file_item_get_Name,
    file_item_get_FullPath,
    file_item_get_CreationTime,
    file_item_put_CreationTime,
    file_item_get_LastAccessedTime,
    file_item_put_LastAccessedTime,
    file_item_get_LastModifiedTime,
    file_item_put_LastModifiedTime,
    file_item_get_IsHidden,
    file_item_put_IsHidden,
    file_item_FileSystemName,
    file_item_FileSystemPath,
    file_item_get_DataSize,
    file_item_get_DataSize32BitLow,
    file_item_get_DataSize32BitHigh,
    file_item_get_Data,
    file_item_put_Data,
    file_item_get_FsiNamedStreams,
    file_item_get_IsNamedStream,
    file_item_AddStream,
    file_item_RemoveStream,
    file_item_get_IsRealTime,
    file_item_put_IsRealTime,
};

void file_item_init(struct item *item)
{
    item->IFsiFileItem2_iface.lpVtbl = &file_item_vtbl;
}

BOOL file_item_is_ours(IFsiFileItem2 *iface)
{
    return iface->lpVtbl == &file_item_vtbl;
}
