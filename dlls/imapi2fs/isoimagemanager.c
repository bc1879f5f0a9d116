/*
 * IMAPI2 file system image: MsftIsoImageManager, the check of an existing disc image.
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
#include "shlwapi.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

struct iso_image_manager
{
    IIsoImageManager IIsoImageManager_iface;
    LONG refcount;

    CRITICAL_SECTION cs;
    BSTR path;                  /* set by SetPath only */
    IStream *stream;
};

static inline struct iso_image_manager *impl_from_IIsoImageManager(IIsoImageManager *iface)
{
    return CONTAINING_RECORD(iface, struct iso_image_manager, IIsoImageManager_iface);
}

static HRESULT WINAPI iso_image_manager_QueryInterface(IIsoImageManager *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IIsoImageManager))
    {
        *out = iface;
        IIsoImageManager_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI iso_image_manager_AddRef(IIsoImageManager *iface)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);
    ULONG refcount = InterlockedIncrement(&manager->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI iso_image_manager_Release(IIsoImageManager *iface)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);
    ULONG refcount = InterlockedDecrement(&manager->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        if (manager->stream) IStream_Release(manager->stream);
        SysFreeString(manager->path);
        manager->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&manager->cs);
        free(manager);
        unlock_module();
    }
    return refcount;
}

/* IIsoImageManager is not dual, but it derives from IDispatch: its
 * IDispatch goes through its (TKIND_INTERFACE) type information. */
static HRESULT WINAPI iso_image_manager_GetTypeInfoCount(IIsoImageManager *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI iso_image_manager_GetTypeInfo(IIsoImageManager *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IIsoImageManager_tid, index, typeinfo);
}

static HRESULT WINAPI iso_image_manager_GetIDsOfNames(IIsoImageManager *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IIsoImageManager_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI iso_image_manager_Invoke(IIsoImageManager *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);

    return dispatch_invoke(IIsoImageManager_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

/* NULL before SetPath, and after SetStream. */
static HRESULT WINAPI iso_image_manager_get_Path(IIsoImageManager *iface, BSTR *value)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    EnterCriticalSection(&manager->cs);
    *value = NULL;
    if (manager->path && !(*value = SysAllocString(manager->path)))
        hr = E_OUTOFMEMORY;
    LeaveCriticalSection(&manager->cs);
    return hr;
}

static HRESULT WINAPI iso_image_manager_get_Stream(IIsoImageManager *iface, IStream **value)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    EnterCriticalSection(&manager->cs);
    if ((*value = manager->stream)) IStream_AddRef(*value);
    LeaveCriticalSection(&manager->cs);
    return S_OK;
}

static void iso_image_manager_set(struct iso_image_manager *manager, BSTR path, IStream *stream)
{
    IStream *old_stream;
    BSTR old_path;

    EnterCriticalSection(&manager->cs);
    old_path = manager->path;
    old_stream = manager->stream;
    manager->path = path;
    manager->stream = stream;
    LeaveCriticalSection(&manager->cs);

    SysFreeString(old_path);
    if (old_stream) IStream_Release(old_stream);
}

static HRESULT WINAPI iso_image_manager_SetPath(IIsoImageManager *iface, BSTR value)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);
    IStream *stream;
    BSTR path;
    HRESULT hr;

    TRACE("%p, %s.\n", iface, debugstr_w(value));

    if (!value || !*value) return IMAPI_E_INVALID_PATH;

    if (FAILED(hr = SHCreateStreamOnFileEx(value, STGM_READ | STGM_SHARE_DENY_WRITE, FILE_ATTRIBUTE_NORMAL,
            FALSE, NULL, &stream)))
        return hr;
    if (!(path = SysAllocString(value)))
    {
        IStream_Release(stream);
        return E_OUTOFMEMORY;
    }
    iso_image_manager_set(manager, path, stream);
    return S_OK;
}

static HRESULT WINAPI iso_image_manager_SetStream(IIsoImageManager *iface, IStream *stream)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);

    TRACE("%p, %p.\n", iface, stream);

    if (!stream) return E_POINTER;

    IStream_AddRef(stream);
    iso_image_manager_set(manager, NULL, stream);
    return S_OK;
}

static HRESULT read_block(IStream *stream, ULONGLONG block, BYTE *buffer)
{
    LARGE_INTEGER move;
    ULONG done = 0, read;
    HRESULT hr;

    move.QuadPart = block * FSI_BLOCK_SIZE;
    if (FAILED(hr = IStream_Seek(stream, move, STREAM_SEEK_SET, NULL)))
        return hr;
    while (done < FSI_BLOCK_SIZE)
    {
        if (FAILED(hr = IStream_Read(stream, buffer + done, FSI_BLOCK_SIZE - done, &read)))
            return hr;
        if (!read) return S_FALSE;
        done += read;
    }
    return S_OK;
}

/* ECMA-119 volume descriptors from block 16 up to the terminator: a primary
 * (type 1) or supplementary (type 2) descriptor makes an ISO 9660 volume.
 * ECMA-167's volume recognition sequence shares the area: an NSR02/NSR03
 * descriptor, with an anchor volume descriptor pointer (tag 2) at block 256,
 * makes a UDF volume. */
static HRESULT find_volume_descriptors(IStream *stream, ULONGLONG blocks, BOOL *found)
{
    BOOL iso = FALSE, nsr = FALSE;
    ULONGLONG block;
    BYTE *buffer;
    HRESULT hr = S_OK;

    *found = FALSE;
    if (!(buffer = malloc(FSI_BLOCK_SIZE))) return E_OUTOFMEMORY;

    for (block = 16; block < blocks && block < 16 + 64; ++block)
    {
        if ((hr = read_block(stream, block, buffer)) != S_OK)
            break;
        if (!memcmp(buffer + 1, "CD001", 5))
        {
            /* The set terminator (255) may be followed by a UDF sequence. */
            if (buffer[0] == 1 || buffer[0] == 2) iso = TRUE;
        }
        else if (!memcmp(buffer + 1, "NSR02", 5) || !memcmp(buffer + 1, "NSR03", 5))
            nsr = TRUE;
        else if (!memcmp(buffer + 1, "TEA01", 5))
            break;
        else if (memcmp(buffer + 1, "BEA01", 5) && memcmp(buffer + 1, "BOOT2", 5)
                && memcmp(buffer + 1, "CDW02", 5))
            break;
    }

    if (SUCCEEDED(hr) && !iso && nsr && blocks > 256 && read_block(stream, 256, buffer) == S_OK
            && buffer[0] == 2 && buffer[1] == 0)
        *found = TRUE;
    if (iso) *found = TRUE;

    free(buffer);
    return FAILED(hr) ? hr : S_OK;
}

static HRESULT WINAPI iso_image_manager_Validate(IIsoImageManager *iface)
{
    struct iso_image_manager *manager = impl_from_IIsoImageManager(iface);
    LARGE_INTEGER zero = {{0}};
    ULARGE_INTEGER position;
    ULONGLONG blocks;
    IStream *stream;
    STATSTG stat;
    BOOL found;
    HRESULT hr;

    TRACE("%p.\n", iface);

    EnterCriticalSection(&manager->cs);
    if ((stream = manager->stream)) IStream_AddRef(stream);
    LeaveCriticalSection(&manager->cs);

    if (!stream) return IMAPI_E_IMAGEMANAGER_NO_IMAGE;

    memset(&stat, 0, sizeof(stat));
    if (FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME)))
    {
        WARN("Failed to get the image size, hr %#lx.\n", hr);
        IStream_Release(stream);
        return hr;
    }
    if (stat.cbSize.QuadPart % FSI_BLOCK_SIZE)
    {
        WARN("Image size %s is not a multiple of %u.\n", wine_dbgstr_longlong(stat.cbSize.QuadPart),
                FSI_BLOCK_SIZE);
        IStream_Release(stream);
        return IMAPI_E_IMAGEMANAGER_IMAGE_NOT_ALIGNED;
    }
    blocks = stat.cbSize.QuadPart / FSI_BLOCK_SIZE;
    if (blocks > MAXLONG)
    {
        WARN("Image of %s blocks is too big.\n", wine_dbgstr_longlong(blocks));
        IStream_Release(stream);
        return IMAPI_E_IMAGEMANAGER_IMAGE_TOO_BIG;
    }

    /* Leave the caller's stream where it was. */
    if (FAILED(IStream_Seek(stream, zero, STREAM_SEEK_CUR, &position)))
        position.QuadPart = 0;
    hr = find_volume_descriptors(stream, blocks, &found);
    zero.QuadPart = position.QuadPart;
    IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    IStream_Release(stream);

    if (FAILED(hr))
    {
        WARN("Failed to read the image, hr %#lx.\n", hr);
        return hr;
    }
    if (!found)
    {
        WARN("No valid volume descriptor.\n");
        return IMAPI_E_IMAGEMANAGER_NO_VALID_VD_FOUND;
    }
    return S_OK;
}

static const IIsoImageManagerVtbl iso_image_manager_vtbl =
{
    iso_image_manager_QueryInterface,
    iso_image_manager_AddRef,
    iso_image_manager_Release,
    iso_image_manager_GetTypeInfoCount,
    iso_image_manager_GetTypeInfo,
    iso_image_manager_GetIDsOfNames,
    iso_image_manager_Invoke,
    iso_image_manager_get_Path,
    iso_image_manager_get_Stream,
    iso_image_manager_SetPath,
    iso_image_manager_SetStream,
    iso_image_manager_Validate,
};

HRESULT iso_image_manager_create(REFIID riid, void **out)
{
    struct iso_image_manager *manager;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    *out = NULL;

    if (!(manager = calloc(1, sizeof(*manager))))
        return E_OUTOFMEMORY;

    manager->IIsoImageManager_iface.lpVtbl = &iso_image_manager_vtbl;
    manager->refcount = 1;
    InitializeCriticalSection(&manager->cs);
    manager->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": iso_image_manager.cs");
    lock_module();

    hr = IIsoImageManager_QueryInterface(&manager->IIsoImageManager_iface, riid, out);
    IIsoImageManager_Release(&manager->IIsoImageManager_iface);
    return hr;
}
