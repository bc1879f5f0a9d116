/*
 * IMAPI2 file system image: ProgressItems, ProgressItem and their enumerators.
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

/* One progress item per file with data in the image, in block order, as
 * fsi_layout_file() lists them.  The layout and its nodes are immutable
 * while the result (owner) lives, so the objects below read them without
 * a lock; each holds a reference on the owner. */

struct progress_item
{
    IProgressItem IProgressItem_iface;
    LONG refcount;
    IUnknown *owner;
    WCHAR *description;
    ULONG first_block;
    ULONG block_count;
};

static inline struct progress_item *impl_from_IProgressItem(IProgressItem *iface)
{
    return CONTAINING_RECORD(iface, struct progress_item, IProgressItem_iface);
}

static HRESULT WINAPI progress_item_QueryInterface(IProgressItem *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IProgressItem))
    {
        *out = iface;
        IProgressItem_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI progress_item_AddRef(IProgressItem *iface)
{
    struct progress_item *item = impl_from_IProgressItem(iface);
    ULONG refcount = InterlockedIncrement(&item->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI progress_item_Release(IProgressItem *iface)
{
    struct progress_item *item = impl_from_IProgressItem(iface);
    ULONG refcount = InterlockedDecrement(&item->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        IUnknown_Release(item->owner);
        free(item->description);
        free(item);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI progress_item_GetTypeInfoCount(IProgressItem *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI progress_item_GetTypeInfo(IProgressItem *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IProgressItem_tid, index, typeinfo);
}

static HRESULT WINAPI progress_item_GetIDsOfNames(IProgressItem *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IProgressItem_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI progress_item_Invoke(IProgressItem *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);

    return dispatch_invoke(IProgressItem_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

static HRESULT WINAPI progress_item_get_Description(IProgressItem *iface, BSTR *value)
{
    struct progress_item *item = impl_from_IProgressItem(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (!(*value = SysAllocString(item->description)))
        return E_OUTOFMEMORY;
    return S_OK;
}

static HRESULT WINAPI progress_item_get_FirstBlock(IProgressItem *iface, ULONG *value)
{
    struct progress_item *item = impl_from_IProgressItem(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = item->first_block;
    return S_OK;
}

static HRESULT WINAPI progress_item_get_LastBlock(IProgressItem *iface, ULONG *value)
{
    struct progress_item *item = impl_from_IProgressItem(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = item->block_count ? item->first_block + item->block_count - 1 : item->first_block;
    return S_OK;
}

static HRESULT WINAPI progress_item_get_BlockCount(IProgressItem *iface, ULONG *value)
{
    struct progress_item *item = impl_from_IProgressItem(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = item->block_count;
    return S_OK;
}

static const IProgressItemVtbl progress_item_vtbl =
{
    progress_item_QueryInterface,
    progress_item_AddRef,
    progress_item_Release,
    progress_item_GetTypeInfoCount,
    progress_item_GetTypeInfo,
    progress_item_GetIDsOfNames,
    progress_item_Invoke,
    progress_item_get_Description,
    progress_item_get_FirstBlock,
    progress_item_get_LastBlock,
    progress_item_get_BlockCount,
};

static HRESULT progress_item_create(const struct fsi_layout *layout, size_t index, IUnknown *owner,
        IProgressItem **out)
{
    const struct fsi_layout_file *file = fsi_layout_file(layout, index);
    struct progress_item *item;

    *out = NULL;
    if (!file) return E_INVALIDARG;
    if (!(item = calloc(1, sizeof(*item))))
        return E_OUTOFMEMORY;
    if (!(item->description = (WCHAR *)fsi_node_path(file->node)))
    {
        free(item);
        return E_OUTOFMEMORY;
    }

    item->IProgressItem_iface.lpVtbl = &progress_item_vtbl;
    item->refcount = 1;
    item->owner = owner;
    IUnknown_AddRef(owner);
    item->first_block = file->first_block;
    item->block_count = file->block_count;
    lock_module();

    *out = &item->IProgressItem_iface;
    return S_OK;
}

/* Enumerators: IEnumVARIANT (_NewEnum) and IEnumProgressItems
 * (EnumProgressItems), both a position over the layout's files. */

struct progress_enum
{
    IEnumVARIANT IEnumVARIANT_iface;
    IEnumProgressItems IEnumProgressItems_iface;
    LONG refcount;
    BOOL variant;                   /* which of the two interfaces this one is */
    struct fsi_layout *layout;
    IUnknown *owner;
    CRITICAL_SECTION cs;            /* guards position */
    size_t position;
};

static HRESULT progress_enum_create(struct fsi_layout *layout, IUnknown *owner, BOOL variant,
        size_t position, struct progress_enum **out);

static inline struct progress_enum *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct progress_enum, IEnumVARIANT_iface);
}

static inline struct progress_enum *impl_from_IEnumProgressItems(IEnumProgressItems *iface)
{
    return CONTAINING_RECORD(iface, struct progress_enum, IEnumProgressItems_iface);
}

static HRESULT progress_enum_query_interface(struct progress_enum *enumerator, REFIID riid, void **out)
{
    if (!out) return E_POINTER;

    if (enumerator->variant && (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumVARIANT)))
        *out = &enumerator->IEnumVARIANT_iface;
    else if (!enumerator->variant && (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_IEnumProgressItems)))
        *out = &enumerator->IEnumProgressItems_iface;
    else
    {
        WARN("%s not supported.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }

    InterlockedIncrement(&enumerator->refcount);
    return S_OK;
}

static ULONG progress_enum_addref(struct progress_enum *enumerator)
{
    ULONG refcount = InterlockedIncrement(&enumerator->refcount);

    TRACE("%p, refcount %lu.\n", enumerator, refcount);
    return refcount;
}

static ULONG progress_enum_release(struct progress_enum *enumerator)
{
    ULONG refcount = InterlockedDecrement(&enumerator->refcount);

    TRACE("%p, refcount %lu.\n", enumerator, refcount);

    if (!refcount)
    {
        IUnknown_Release(enumerator->owner);
        enumerator->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&enumerator->cs);
        free(enumerator);
        unlock_module();
    }
    return refcount;
}

/* Takes up to count items from the position: S_FALSE when fewer remain. */
static HRESULT progress_enum_next(struct progress_enum *enumerator, ULONG count,
        IProgressItem **items, ULONG *fetched)
{
    size_t total = fsi_layout_file_count(enumerator->layout);
    HRESULT hr = S_OK;
    ULONG i;

    EnterCriticalSection(&enumerator->cs);
    for (i = 0; i < count && enumerator->position < total; ++i)
    {
        if (FAILED(hr = progress_item_create(enumerator->layout, enumerator->position,
                enumerator->owner, &items[i])))
            break;
        ++enumerator->position;
    }
    LeaveCriticalSection(&enumerator->cs);

    if (FAILED(hr))
    {
        while (i) IProgressItem_Release(items[--i]);
        if (fetched) *fetched = 0;
        return hr;
    }
    if (fetched) *fetched = i;
    return i == count ? S_OK : S_FALSE;
}

static HRESULT progress_enum_skip(struct progress_enum *enumerator, ULONG count)
{
    size_t total = fsi_layout_file_count(enumerator->layout);
    HRESULT hr = S_OK;

    EnterCriticalSection(&enumerator->cs);
    if (total - enumerator->position < count)
    {
        enumerator->position = total;
        hr = S_FALSE;
    }
    else
        enumerator->position += count;
    LeaveCriticalSection(&enumerator->cs);
    return hr;
}

static void progress_enum_reset(struct progress_enum *enumerator)
{
    EnterCriticalSection(&enumerator->cs);
    enumerator->position = 0;
    LeaveCriticalSection(&enumerator->cs);
}

static HRESULT progress_enum_clone(struct progress_enum *enumerator, struct progress_enum **out)
{
    size_t position;

    EnterCriticalSection(&enumerator->cs);
    position = enumerator->position;
    LeaveCriticalSection(&enumerator->cs);

    return progress_enum_create(enumerator->layout, enumerator->owner, enumerator->variant, position, out);
}

static HRESULT WINAPI enum_variant_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    return progress_enum_query_interface(impl_from_IEnumVARIANT(iface), riid, out);
}

static ULONG WINAPI enum_variant_AddRef(IEnumVARIANT *iface)
{
    return progress_enum_addref(impl_from_IEnumVARIANT(iface));
}

static ULONG WINAPI enum_variant_Release(IEnumVARIANT *iface)
{
    return progress_enum_release(impl_from_IEnumVARIANT(iface));
}

static HRESULT WINAPI enum_variant_Next(IEnumVARIANT *iface, ULONG count, VARIANT *values, ULONG *fetched)
{
    struct progress_enum *enumerator = impl_from_IEnumVARIANT(iface);
    IProgressItem **items;
    ULONG got = 0, i;
    HRESULT hr;

    TRACE("%p, %lu, %p, %p.\n", iface, count, values, fetched);

    if (fetched) *fetched = 0;
    if (!values) return E_POINTER;
    if (count > 1 && !fetched) return E_INVALIDARG;
    if (!count) return S_OK;

    if (!(items = calloc(count, sizeof(*items)))) return E_OUTOFMEMORY;
    hr = progress_enum_next(enumerator, count, items, &got);
    if (SUCCEEDED(hr))
    {
        for (i = 0; i < got; ++i)
        {
            VariantInit(&values[i]);
            V_VT(&values[i]) = VT_DISPATCH;
            V_DISPATCH(&values[i]) = (IDispatch *)items[i];
        }
        if (fetched) *fetched = got;
    }
    free(items);
    return hr;
}

static HRESULT WINAPI enum_variant_Skip(IEnumVARIANT *iface, ULONG count)
{
    TRACE("%p, %lu.\n", iface, count);

    return progress_enum_skip(impl_from_IEnumVARIANT(iface), count);
}

static HRESULT WINAPI enum_variant_Reset(IEnumVARIANT *iface)
{
    TRACE("%p.\n", iface);

    progress_enum_reset(impl_from_IEnumVARIANT(iface));
    return S_OK;
}

static HRESULT WINAPI enum_variant_Clone(IEnumVARIANT *iface, IEnumVARIANT **out)
{
    struct progress_enum *clone;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    *out = NULL;
    if (SUCCEEDED(hr = progress_enum_clone(impl_from_IEnumVARIANT(iface), &clone)))
        *out = &clone->IEnumVARIANT_iface;
    return hr;
}

static const IEnumVARIANTVtbl enum_variant_vtbl =
{
    enum_variant_QueryInterface,
    enum_variant_AddRef,
    enum_variant_Release,
    enum_variant_Next,
    enum_variant_Skip,
    enum_variant_Reset,
    enum_variant_Clone,
};

static HRESULT WINAPI enum_progress_items_QueryInterface(IEnumProgressItems *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    return progress_enum_query_interface(impl_from_IEnumProgressItems(iface), riid, out);
}

static ULONG WINAPI enum_progress_items_AddRef(IEnumProgressItems *iface)
{
    return progress_enum_addref(impl_from_IEnumProgressItems(iface));
}

static ULONG WINAPI enum_progress_items_Release(IEnumProgressItems *iface)
{
    return progress_enum_release(impl_from_IEnumProgressItems(iface));
}

static HRESULT WINAPI enum_progress_items_Next(IEnumProgressItems *iface, ULONG count,
        IProgressItem **items, ULONG *fetched)
{
    TRACE("%p, %lu, %p, %p.\n", iface, count, items, fetched);

    if (fetched) *fetched = 0;
    if (!items) return E_POINTER;
    if (count > 1 && !fetched) return E_INVALIDARG;
    if (!count) return S_OK;

    return progress_enum_next(impl_from_IEnumProgressItems(iface), count, items, fetched);
}

static HRESULT WINAPI enum_progress_items_Skip(IEnumProgressItems *iface, ULONG count)
{
    TRACE("%p, %lu.\n", iface, count);

    return progress_enum_skip(impl_from_IEnumProgressItems(iface), count);
}

static HRESULT WINAPI enum_progress_items_Reset(IEnumProgressItems *iface)
{
    TRACE("%p.\n", iface);

    progress_enum_reset(impl_from_IEnumProgressItems(iface));
    return S_OK;
}

static HRESULT WINAPI enum_progress_items_Clone(IEnumProgressItems *iface, IEnumProgressItems **out)
{
    struct progress_enum *clone;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    *out = NULL;
    if (SUCCEEDED(hr = progress_enum_clone(impl_from_IEnumProgressItems(iface), &clone)))
        *out = &clone->IEnumProgressItems_iface;
    return hr;
}

static const IEnumProgressItemsVtbl enum_progress_items_vtbl =
{
    enum_progress_items_QueryInterface,
    enum_progress_items_AddRef,
    enum_progress_items_Release,
    enum_progress_items_Next,
    enum_progress_items_Skip,
    enum_progress_items_Reset,
    enum_progress_items_Clone,
};

static HRESULT progress_enum_create(struct fsi_layout *layout, IUnknown *owner, BOOL variant,
        size_t position, struct progress_enum **out)
{
    struct progress_enum *enumerator;

    *out = NULL;
    if (!(enumerator = calloc(1, sizeof(*enumerator))))
        return E_OUTOFMEMORY;

    enumerator->IEnumVARIANT_iface.lpVtbl = &enum_variant_vtbl;
    enumerator->IEnumProgressItems_iface.lpVtbl = &enum_progress_items_vtbl;
    enumerator->refcount = 1;
    enumerator->variant = variant;
    enumerator->layout = layout;
    enumerator->owner = owner;
    IUnknown_AddRef(owner);
    InitializeCriticalSection(&enumerator->cs);
    enumerator->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": progress_enum.cs");
    enumerator->position = position;
    lock_module();

    *out = enumerator;
    return S_OK;
}

/* ProgressItems: the collection. */

struct progress_items
{
    IProgressItems IProgressItems_iface;
    LONG refcount;
    struct fsi_layout *layout;
    IUnknown *owner;
};

static inline struct progress_items *impl_from_IProgressItems(IProgressItems *iface)
{
    return CONTAINING_RECORD(iface, struct progress_items, IProgressItems_iface);
}

static HRESULT WINAPI progress_items_QueryInterface(IProgressItems *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IProgressItems))
    {
        *out = iface;
        IProgressItems_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI progress_items_AddRef(IProgressItems *iface)
{
    struct progress_items *items = impl_from_IProgressItems(iface);
    ULONG refcount = InterlockedIncrement(&items->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI progress_items_Release(IProgressItems *iface)
{
    struct progress_items *items = impl_from_IProgressItems(iface);
    ULONG refcount = InterlockedDecrement(&items->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        IUnknown_Release(items->owner);
        free(items);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI progress_items_GetTypeInfoCount(IProgressItems *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI progress_items_GetTypeInfo(IProgressItems *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IProgressItems_tid, index, typeinfo);
}

static HRESULT WINAPI progress_items_GetIDsOfNames(IProgressItems *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IProgressItems_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI progress_items_Invoke(IProgressItems *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);

    return dispatch_invoke(IProgressItems_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

static HRESULT WINAPI progress_items_get__NewEnum(IProgressItems *iface, IEnumVARIANT **value)
{
    struct progress_items *items = impl_from_IProgressItems(iface);
    struct progress_enum *enumerator;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (SUCCEEDED(hr = progress_enum_create(items->layout, items->owner, TRUE, 0, &enumerator)))
        *value = &enumerator->IEnumVARIANT_iface;
    return hr;
}

static HRESULT WINAPI progress_items_get_Item(IProgressItems *iface, LONG index, IProgressItem **value)
{
    struct progress_items *items = impl_from_IProgressItems(iface);

    TRACE("%p, %ld, %p.\n", iface, index, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (index < 0 || (size_t)index >= fsi_layout_file_count(items->layout))
        return E_INVALIDARG;
    return progress_item_create(items->layout, index, items->owner, value);
}

static HRESULT WINAPI progress_items_get_Count(IProgressItems *iface, LONG *value)
{
    struct progress_items *items = impl_from_IProgressItems(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = fsi_layout_file_count(items->layout);
    return S_OK;
}

static HRESULT WINAPI progress_items_ProgressItemFromBlock(IProgressItems *iface, ULONG block,
        IProgressItem **value)
{
    struct progress_items *items = impl_from_IProgressItems(iface);
    const struct fsi_layout_file *file;
    size_t low = 0, high, middle;

    TRACE("%p, %lu, %p.\n", iface, block, value);

    if (!value) return E_POINTER;
    *value = NULL;

    /* The files are in block order and do not overlap. */
    high = fsi_layout_file_count(items->layout);
    while (low < high)
    {
        middle = low + (high - low) / 2;
        file = fsi_layout_file(items->layout, middle);
        if (block < file->first_block)
            high = middle;
        else if (block - file->first_block >= max(file->block_count, 1))
            low = middle + 1;
        else
            return progress_item_create(items->layout, middle, items->owner, value);
    }

    WARN("No item at block %lu.\n", block);
    return E_INVALIDARG;
}

/* Descriptions are full paths ("\dir\file"); they compare as Windows
 * compares file names, without regard to case, and the leading
 * backslash may be left out. */
static HRESULT WINAPI progress_items_ProgressItemFromDescription(IProgressItems *iface, BSTR description,
        IProgressItem **value)
{
    struct progress_items *items = impl_from_IProgressItems(iface);
    size_t i, count = fsi_layout_file_count(items->layout);
    const WCHAR *wanted = description;
    uint16_t *path;
    BOOL match;

    TRACE("%p, %s, %p.\n", iface, debugstr_w(description), value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (!description || !*description) return E_INVALIDARG;
    if (*wanted == '\\') ++wanted;

    for (i = 0; i < count; ++i)
    {
        if (!(path = fsi_node_path(fsi_layout_file(items->layout, i)->node)))
            return E_OUTOFMEMORY;
        match = !fsi_name_compare(path + 1, (const uint16_t *)wanted);
        free(path);
        if (match)
            return progress_item_create(items->layout, i, items->owner, value);
    }

    WARN("No item %s.\n", debugstr_w(description));
    return E_INVALIDARG;
}

static HRESULT WINAPI progress_items_get_EnumProgressItems(IProgressItems *iface, IEnumProgressItems **value)
{
    struct progress_items *items = impl_from_IProgressItems(iface);
    struct progress_enum *enumerator;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (SUCCEEDED(hr = progress_enum_create(items->layout, items->owner, FALSE, 0, &enumerator)))
        *value = &enumerator->IEnumProgressItems_iface;
    return hr;
}

static const IProgressItemsVtbl progress_items_vtbl =
{
    progress_items_QueryInterface,
    progress_items_AddRef,
    progress_items_Release,
    progress_items_GetTypeInfoCount,
    progress_items_GetTypeInfo,
    progress_items_GetIDsOfNames,
    progress_items_Invoke,
    progress_items_get__NewEnum,
    progress_items_get_Item,
    progress_items_get_Count,
    progress_items_ProgressItemFromBlock,
    progress_items_ProgressItemFromDescription,
    progress_items_get_EnumProgressItems,
};

HRESULT progress_items_create(struct fsi_layout *layout, IUnknown *owner, IProgressItems **out)
{
    struct progress_items *items;

    TRACE("%p, %p, %p.\n", layout, owner, out);

    if (!out) return E_POINTER;
    *out = NULL;
    if (!layout || !owner) return E_INVALIDARG;

    if (!(items = calloc(1, sizeof(*items))))
        return E_OUTOFMEMORY;

    items->IProgressItems_iface.lpVtbl = &progress_items_vtbl;
    items->refcount = 1;
    items->layout = layout;
    items->owner = owner;
    IUnknown_AddRef(owner);
    lock_module();

    *out = &items->IProgressItems_iface;
    return S_OK;
}
