/*
 * IMAPI2 file system image: EnumFsiItems, the enumerator of a directory (IEnumFsiItems, IEnumVARIANT).
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

/* The items of the directory when the enumerator was made: changes to the
 * directory do not disturb an enumeration under way. */
struct items
{
    LONG refcount;
    IFsiItem **items;
    ULONG count;
};

struct enum_items
{
    IEnumFsiItems IEnumFsiItems_iface;
    IEnumVARIANT IEnumVARIANT_iface;
    LONG refcount;
    struct items *items;
    ULONG pos;
};

static void items_release(struct items *items)
{
    ULONG i;

    if (InterlockedDecrement(&items->refcount)) return;
    for (i = 0; i < items->count; i++) IFsiItem_Release(items->items[i]);
    free(items->items);
    free(items);
}

static inline struct enum_items *impl_from_IEnumFsiItems(IEnumFsiItems *iface)
{
    return CONTAINING_RECORD(iface, struct enum_items, IEnumFsiItems_iface);
}

static inline struct enum_items *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct enum_items, IEnumVARIANT_iface);
}

static HRESULT enum_create(struct items *items, ULONG pos, REFIID riid, void **out);

static HRESULT WINAPI enum_items_QueryInterface(IEnumFsiItems *iface, REFIID riid, void **out)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumFsiItems))
        *out = &e->IEnumFsiItems_iface;
    else if (IsEqualGUID(riid, &IID_IEnumVARIANT))
        *out = &e->IEnumVARIANT_iface;
    else
    {
        WARN("%s not supported.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI enum_items_AddRef(IEnumFsiItems *iface)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);
    ULONG refcount = InterlockedIncrement(&e->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI enum_items_Release(IEnumFsiItems *iface)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);
    ULONG refcount = InterlockedDecrement(&e->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        items_release(e->items);
        free(e);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI enum_items_Next(IEnumFsiItems *iface, ULONG count, IFsiItem **items, ULONG *fetched)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);
    ULONG n = 0;

    TRACE("%p, %lu, %p, %p.\n", iface, count, items, fetched);

    if (!items || (count > 1 && !fetched)) return E_POINTER;
    while (n < count && e->pos < e->items->count)
    {
        items[n] = e->items->items[e->pos++];
        IFsiItem_AddRef(items[n]);
        n++;
    }
    if (fetched) *fetched = n;
    return n == count ? S_OK : S_FALSE;
}

static HRESULT WINAPI enum_items_Skip(IEnumFsiItems *iface, ULONG count)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);
    ULONG left = e->items->count - e->pos;

    TRACE("%p, %lu.\n", iface, count);

    e->pos += min(count, left);
    return count <= left ? S_OK : S_FALSE;
}

static HRESULT WINAPI enum_items_Reset(IEnumFsiItems *iface)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);

    TRACE("%p.\n", iface);

    e->pos = 0;
    return S_OK;
}

static HRESULT WINAPI enum_items_Clone(IEnumFsiItems *iface, IEnumFsiItems **out)
{
    struct enum_items *e = impl_from_IEnumFsiItems(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    return enum_create(e->items, e->pos, &IID_IEnumFsiItems, (void **)out);
}

static const IEnumFsiItemsVtbl enum_items_vtbl =
{
    enum_items_QueryInterface,
    enum_items_AddRef,
    enum_items_Release,
    enum_items_Next,
    enum_items_Skip,
    enum_items_Reset,
    enum_items_Clone,
};

static HRESULT WINAPI enum_variant_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **out)
{
    return enum_items_QueryInterface(&impl_from_IEnumVARIANT(iface)->IEnumFsiItems_iface, riid, out);
}

static ULONG WINAPI enum_variant_AddRef(IEnumVARIANT *iface)
{
    return enum_items_AddRef(&impl_from_IEnumVARIANT(iface)->IEnumFsiItems_iface);
}

static ULONG WINAPI enum_variant_Release(IEnumVARIANT *iface)
{
    return enum_items_Release(&impl_from_IEnumVARIANT(iface)->IEnumFsiItems_iface);
}

static HRESULT WINAPI enum_variant_Next(IEnumVARIANT *iface, ULONG count, VARIANT *items, ULONG *fetched)
{
    struct enum_items *e = impl_from_IEnumVARIANT(iface);
    ULONG n = 0;

    TRACE("%p, %lu, %p, %p.\n", iface, count, items, fetched);

    if (!items) return E_POINTER;
    while (n < count && e->pos < e->items->count)
    {
        V_VT(&items[n]) = VT_DISPATCH;
        V_DISPATCH(&items[n]) = (IDispatch *)e->items->items[e->pos++];
        IDispatch_AddRef(V_DISPATCH(&items[n]));
        n++;
    }
    if (fetched) *fetched = n;
    return n == count ? S_OK : S_FALSE;
}

static HRESULT WINAPI enum_variant_Skip(IEnumVARIANT *iface, ULONG count)
{
    return enum_items_Skip(&impl_from_IEnumVARIANT(iface)->IEnumFsiItems_iface, count);
}

static HRESULT WINAPI enum_variant_Reset(IEnumVARIANT *iface)
{
    return enum_items_Reset(&impl_from_IEnumVARIANT(iface)->IEnumFsiItems_iface);
}

static HRESULT WINAPI enum_variant_Clone(IEnumVARIANT *iface, IEnumVARIANT **out)
{
    struct enum_items *e = impl_from_IEnumVARIANT(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    return enum_create(e->items, e->pos, &IID_IEnumVARIANT, (void **)out);
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

static HRESULT enum_create(struct items *items, ULONG pos, REFIID riid, void **out)
{
    struct enum_items *e;
    HRESULT hr;

    if (!(e = calloc(1, sizeof(*e)))) return E_OUTOFMEMORY;
    e->IEnumFsiItems_iface.lpVtbl = &enum_items_vtbl;
    e->IEnumVARIANT_iface.lpVtbl = &enum_variant_vtbl;
    e->refcount = 1;
    e->items = items;
    InterlockedIncrement(&items->refcount);
    e->pos = pos;
    lock_module();
    hr = enum_items_QueryInterface(&e->IEnumFsiItems_iface, riid, out);
    enum_items_Release(&e->IEnumFsiItems_iface);
    return hr;
}

HRESULT enum_items_create(struct item *dir, REFIID riid, void **out)
{
    struct items *items;
    HRESULT hr = S_OK;
    ULONG i;

    *out = NULL;
    if (!(items = calloc(1, sizeof(*items)))) return E_OUTOFMEMORY;
    items->refcount = 1;

    EnterCriticalSection(image_lock(dir->image));
    if (dir->node->count && !(items->items = calloc(dir->node->count, sizeof(*items->items))))
        hr = E_OUTOFMEMORY;
    for (i = 0; SUCCEEDED(hr) && i < dir->node->count; i++)
    {
        if (SUCCEEDED(hr = item_get(dir->image, dir->node->children[i], &IID_IFsiItem,
                (void **)&items->items[i])))
            items->count++;
    }
    LeaveCriticalSection(image_lock(dir->image));

    if (SUCCEEDED(hr)) hr = enum_create(items, 0, riid, out);
    items_release(items);
    return hr;
}

HRESULT enum_items_create_from(IFsiItem **list, ULONG count, REFIID riid, void **out)
{
    struct items *items;
    HRESULT hr;
    ULONG i;

    *out = NULL;
    if (!(items = calloc(1, sizeof(*items)))) return E_OUTOFMEMORY;
    items->refcount = 1;
    if (count && !(items->items = calloc(count, sizeof(*items->items))))
    {
        free(items);
        return E_OUTOFMEMORY;
    }
    for (i = 0; i < count; i++)
    {
        items->items[i] = list[i];
        IFsiItem_AddRef(list[i]);
    }
    items->count = count;
    hr = enum_create(items, 0, riid, out);
    items_release(items);
    return hr;
}
