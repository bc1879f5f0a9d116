/*
 * IMAPI2 file system image: FileSystemImageResult, the laid out image.
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

/* The blocks DiscId hashes: the volume recognition area (ISO 9660 / Joliet
 * descriptors, UDF's VRS and main volume descriptor sequence) up to and
 * including UDF's first anchor at block 256. */
#define DISC_ID_FIRST_BLOCK 16
#define DISC_ID_LAST_BLOCK  256

struct result
{
    IFileSystemImageResult2 IFileSystemImageResult2_iface;
    LONG refcount;

    struct fsi_layout *layout;
    struct fsi_node *root;          /* the tree the layout reads: freed after it */
    uint32_t session_start;
    /* Serialises the reads of the layout by every stream of this result,
     * and guards disc_id. */
    CRITICAL_SECTION lock;
    WCHAR disc_id[39];              /* computed on first use */
    /* Reads the host files ahead of the image streams; made with the first. */
    struct readahead *readahead;
    BOOL readahead_made;
};

static inline struct result *impl_from_IFileSystemImageResult2(IFileSystemImageResult2 *iface)
{
    return CONTAINING_RECORD(iface, struct result, IFileSystemImageResult2_iface);
}

static HRESULT WINAPI result_QueryInterface(IFileSystemImageResult2 *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IFileSystemImageResult)
            || IsEqualGUID(riid, &IID_IFileSystemImageResult2))
    {
        *out = iface;
        IFileSystemImageResult2_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI result_AddRef(IFileSystemImageResult2 *iface)
{
    struct result *result = impl_from_IFileSystemImageResult2(iface);
    ULONG refcount = InterlockedIncrement(&result->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI result_Release(IFileSystemImageResult2 *iface)
{
    struct result *result = impl_from_IFileSystemImageResult2(iface);
    ULONG refcount = InterlockedDecrement(&result->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        /* Its workers read the sources; then the layout reads the tree's
         * nodes and sources: they go first. */
        readahead_destroy(result->readahead);
        fsi_layout_destroy(result->layout);
        if (result->root) fsi_node_destroy(result->root);
        result->lock.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&result->lock);
        free(result);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI result_GetTypeInfoCount(IFileSystemImageResult2 *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI result_GetTypeInfo(IFileSystemImageResult2 *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IFileSystemImageResult2_tid, index, typeinfo);
}

static HRESULT WINAPI result_GetIDsOfNames(IFileSystemImageResult2 *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IFileSystemImageResult2_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI result_Invoke(IFileSystemImageResult2 *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);

    return dispatch_invoke(IFileSystemImageResult2_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

/* Each call returns a new stream positioned at 0 over the same image, so
 * that two consumers (or two burns) never share a position. */
static HRESULT WINAPI result_get_ImageStream(IFileSystemImageResult2 *iface, IStream **value)
{
    struct result *result = impl_from_IFileSystemImageResult2(iface);
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    EnterCriticalSection(&result->lock);
    if (!result->readahead_made)
    {
        /* Without it, the stream reads every file itself, as it can. */
        if (FAILED(hr = readahead_create(result->layout, result->session_start, &result->readahead)))
            WARN("No read-ahead, hr %#lx.\n", hr);
        result->readahead_made = TRUE;
    }
    LeaveCriticalSection(&result->lock);
    return image_stream_create_readahead(result->layout, &result->lock, (IUnknown *)iface,
            result->readahead, value);
}

static HRESULT WINAPI result_get_ProgressItems(IFileSystemImageResult2 *iface, IProgressItems **value)
{
    struct result *result = impl_from_IFileSystemImageResult2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    return progress_items_create(result->layout, (IUnknown *)iface, value);
}

static HRESULT WINAPI result_get_TotalBlocks(IFileSystemImageResult2 *iface, LONG *value)
{
    struct result *result = impl_from_IFileSystemImageResult2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = fsi_layout_blocks(result->layout);
    return S_OK;
}

static HRESULT WINAPI result_get_BlockSize(IFileSystemImageResult2 *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = FSI_BLOCK_SIZE;
    return S_OK;
}

/* A 128-bit FNV-1a variant: two 64-bit lanes with different bases. */
static void disc_id_hash(UINT64 hash[2], const BYTE *data, size_t size)
{
    static const UINT64 prime = 0x100000001b3ull;
    size_t i;

    for (i = 0; i < size; ++i)
    {
        hash[0] = (hash[0] ^ data[i]) * prime;
        hash[1] = (hash[1] ^ (BYTE)(data[i] + i)) * prime;
    }
}

/* Called with the lock held. */
static HRESULT result_compute_disc_id(struct result *result)
{
    UINT64 hash[2] = { 0xcbf29ce484222325ull, 0x84222325cbf29ce4ull };
    uint32_t blocks = fsi_layout_blocks(result->layout), block, last;
    BYTE *buffer;
    HRESULT hr = S_OK;
    GUID guid;

    if (!(buffer = malloc(FSI_BLOCK_SIZE))) return E_OUTOFMEMORY;

    last = blocks ? min(blocks - 1, DISC_ID_LAST_BLOCK) : 0;
    for (block = DISC_ID_FIRST_BLOCK; block <= last && block < blocks; ++block)
    {
        if (FAILED(hr = fsi_layout_read(result->layout, (UINT64)block * FSI_BLOCK_SIZE,
                buffer, FSI_BLOCK_SIZE)))
            break;
        disc_id_hash(hash, buffer, FSI_BLOCK_SIZE);
    }
    /* The size and the place of the session tell apart images whose
     * descriptors happen to match. */
    if (SUCCEEDED(hr))
    {
        disc_id_hash(hash, (const BYTE *)&blocks, sizeof(blocks));
        disc_id_hash(hash, (const BYTE *)&result->session_start, sizeof(result->session_start));
    }
    free(buffer);
    if (FAILED(hr)) return hr;

    memcpy(&guid, hash, sizeof(guid));
    StringFromGUID2(&guid, result->disc_id, ARRAY_SIZE(result->disc_id));
    return S_OK;
}

/* Microsoft documents DiscId as "the disc volume name"; what it names is the
 * image's content.  Ours is a GUID-formatted ("{...}") hash of the volume
 * descriptors, the image size and its start: the same image always gives the
 * same string, and any change to the descriptors (creation time included)
 * another one. */
static HRESULT WINAPI result_get_DiscId(IFileSystemImageResult2 *iface, BSTR *value)
{
    struct result *result = impl_from_IFileSystemImageResult2(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;

    EnterCriticalSection(&result->lock);
    if (!result->disc_id[0])
        hr = result_compute_disc_id(result);
    if (SUCCEEDED(hr) && !(*value = SysAllocString(result->disc_id)))
        hr = E_OUTOFMEMORY;
    LeaveCriticalSection(&result->lock);

    if (FAILED(hr)) WARN("Failed, hr %#lx.\n", hr);
    return hr;
}

/* A sequential image is written in one piece: its modified blocks are the
 * whole session, from its first block to its last. */
static HRESULT WINAPI result_get_ModifiedBlocks(IFileSystemImageResult2 *iface, IBlockRangeList **value)
{
    struct result *result = impl_from_IFileSystemImageResult2(iface);
    uint32_t blocks = fsi_layout_blocks(result->layout);
    LONG range[2];

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (!blocks) return block_range_list_create(NULL, 0, value);

    range[0] = result->session_start;
    range[1] = result->session_start + blocks - 1;
    return block_range_list_create(range, 1, value);
}

static const IFileSystemImageResult2Vtbl result_vtbl =
{
    result_QueryInterface,
    result_AddRef,
    result_Release,
    result_GetTypeInfoCount,
    result_GetTypeInfo,
    result_GetIDsOfNames,
    result_Invoke,
    result_get_ImageStream,
    result_get_ProgressItems,
    result_get_TotalBlocks,
    result_get_BlockSize,
    result_get_DiscId,
    result_get_ModifiedBlocks,
};

HRESULT result_create_at(struct fsi_layout *layout, struct fsi_node *root, uint32_t session_start,
        IFileSystemImageResult **out)
{
    struct result *result;

    TRACE("%p, %p, %#x, %p.\n", layout, root, session_start, out);

    if (!out) return E_POINTER;
    *out = NULL;
    if (!layout) return E_INVALIDARG;

    /* Nothing is taken over on failure: the caller still owns layout and root. */
    if (!(result = calloc(1, sizeof(*result))))
        return E_OUTOFMEMORY;

    result->IFileSystemImageResult2_iface.lpVtbl = &result_vtbl;
    result->refcount = 1;
    result->layout = layout;
    result->root = root;
    result->session_start = session_start;
    InitializeCriticalSection(&result->lock);
    result->lock.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": result.lock");
    lock_module();

    TRACE("Created result %p, %u blocks.\n", result, fsi_layout_blocks(layout));
    *out = (IFileSystemImageResult *)&result->IFileSystemImageResult2_iface;
    return S_OK;
}

HRESULT result_create(struct fsi_layout *layout, struct fsi_node *root, IFileSystemImageResult **out)
{
    return result_create_at(layout, root, 0, out);
}
