/*
 * IMAPI2 file system image: BlockRange and BlockRangeList (IFileSystemImageResult2::ModifiedBlocks).
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

/* BlockRange: one immutable range of LBAs. */

struct block_range
{
    IBlockRange IBlockRange_iface;
    LONG refcount;
    LONG start, end;
};

static inline struct block_range *impl_from_IBlockRange(IBlockRange *iface)
{
    return CONTAINING_RECORD(iface, struct block_range, IBlockRange_iface);
}

static HRESULT WINAPI block_range_QueryInterface(IBlockRange *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IBlockRange))
    {
        *out = iface;
        IBlockRange_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI block_range_AddRef(IBlockRange *iface)
{
    struct block_range *range = impl_from_IBlockRange(iface);
    ULONG refcount = InterlockedIncrement(&range->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI block_range_Release(IBlockRange *iface)
{
    struct block_range *range = impl_from_IBlockRange(iface);
    ULONG refcount = InterlockedDecrement(&range->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        free(range);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI block_range_GetTypeInfoCount(IBlockRange *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI block_range_GetTypeInfo(IBlockRange *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IBlockRange_tid, index, typeinfo);
}

static HRESULT WINAPI block_range_GetIDsOfNames(IBlockRange *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IBlockRange_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI block_range_Invoke(IBlockRange *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);

    return dispatch_invoke(IBlockRange_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

static HRESULT WINAPI block_range_get_StartLba(IBlockRange *iface, LONG *value)
{
    struct block_range *range = impl_from_IBlockRange(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = range->start;
    return S_OK;
}

static HRESULT WINAPI block_range_get_EndLba(IBlockRange *iface, LONG *value)
{
    struct block_range *range = impl_from_IBlockRange(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = range->end;
    return S_OK;
}

static const IBlockRangeVtbl block_range_vtbl =
{
    block_range_QueryInterface,
    block_range_AddRef,
    block_range_Release,
    block_range_GetTypeInfoCount,
    block_range_GetTypeInfo,
    block_range_GetIDsOfNames,
    block_range_Invoke,
    block_range_get_StartLba,
    block_range_get_EndLba,
};

static HRESULT block_range_create(LONG start, LONG end, IBlockRange **out)
{
    struct block_range *range;

    if (!(range = calloc(1, sizeof(*range))))
        return E_OUTOFMEMORY;

    range->IBlockRange_iface.lpVtbl = &block_range_vtbl;
    range->refcount = 1;
    range->start = start;
    range->end = end;
    lock_module();

    *out = &range->IBlockRange_iface;
    return S_OK;
}

/* BlockRangeList: an immutable list of ranges; BlockRanges builds a new
 * SAFEARRAY of VT_DISPATCH BlockRange objects on each call. */

struct block_range_list
{
    IBlockRangeList IBlockRangeList_iface;
    LONG refcount;
    unsigned int count;
    LONG ranges[];          /* start, end pairs */
};

static inline struct block_range_list *impl_from_IBlockRangeList(IBlockRangeList *iface)
{
    return CONTAINING_RECORD(iface, struct block_range_list, IBlockRangeList_iface);
}

static HRESULT WINAPI block_range_list_QueryInterface(IBlockRangeList *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IBlockRangeList))
    {
        *out = iface;
        IBlockRangeList_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI block_range_list_AddRef(IBlockRangeList *iface)
{
    struct block_range_list *list = impl_from_IBlockRangeList(iface);
    ULONG refcount = InterlockedIncrement(&list->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI block_range_list_Release(IBlockRangeList *iface)
{
    struct block_range_list *list = impl_from_IBlockRangeList(iface);
    ULONG refcount = InterlockedDecrement(&list->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        free(list);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI block_range_list_GetTypeInfoCount(IBlockRangeList *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI block_range_list_GetTypeInfo(IBlockRangeList *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IBlockRangeList_tid, index, typeinfo);
}

static HRESULT WINAPI block_range_list_GetIDsOfNames(IBlockRangeList *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IBlockRangeList_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI block_range_list_Invoke(IBlockRangeList *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);

    return dispatch_invoke(IBlockRangeList_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

static HRESULT WINAPI block_range_list_get_BlockRanges(IBlockRangeList *iface, SAFEARRAY **value)
{
    struct block_range_list *list = impl_from_IBlockRangeList(iface);
    IBlockRange *range;
    VARIANT *data;
    SAFEARRAY *array;
    HRESULT hr = S_OK;
    unsigned int i;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;

    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, list->count)))
        return E_OUTOFMEMORY;
    if (FAILED(hr = SafeArrayAccessData(array, (void **)&data)))
    {
        SafeArrayDestroy(array);
        return hr;
    }
    for (i = 0; i < list->count; ++i)
    {
        if (FAILED(hr = block_range_create(list->ranges[2 * i], list->ranges[2 * i + 1], &range)))
            break;
        V_VT(&data[i]) = VT_DISPATCH;
        V_DISPATCH(&data[i]) = (IDispatch *)range;
    }
    SafeArrayUnaccessData(array);

    if (FAILED(hr))
    {
        SafeArrayDestroy(array);
        return hr;
    }
    *value = array;
    return S_OK;
}

static const IBlockRangeListVtbl block_range_list_vtbl =
{
    block_range_list_QueryInterface,
    block_range_list_AddRef,
    block_range_list_Release,
    block_range_list_GetTypeInfoCount,
    block_range_list_GetTypeInfo,
    block_range_list_GetIDsOfNames,
    block_range_list_Invoke,
    block_range_list_get_BlockRanges,
};

HRESULT block_range_list_create(const LONG *ranges, unsigned int count, IBlockRangeList **out)
{
    struct block_range_list *list;

    TRACE("%p, %u, %p.\n", ranges, count, out);

    if (!out) return E_POINTER;
    *out = NULL;
    if (count && !ranges) return E_INVALIDARG;

    if (!(list = calloc(1, offsetof(struct block_range_list, ranges[2 * count]))))
        return E_OUTOFMEMORY;

    list->IBlockRangeList_iface.lpVtbl = &block_range_list_vtbl;
    list->refcount = 1;
    list->count = count;
    if (count) memcpy(list->ranges, ranges, 2 * count * sizeof(*ranges));
    lock_module();

    *out = &list->IBlockRangeList_iface;
    return S_OK;
}
