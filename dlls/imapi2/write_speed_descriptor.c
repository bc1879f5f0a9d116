/*
 * Image Mastering API v2: MsftWriteSpeedDescriptor, one supported write speed.
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

struct write_speed_descriptor
{
    IWriteSpeedDescriptor IWriteSpeedDescriptor_iface;
    LONG refcount;
    IMAPI_MEDIA_PHYSICAL_TYPE type;
    BOOL pure_cav;
    LONG speed;
};

static inline struct write_speed_descriptor *impl_from_IWriteSpeedDescriptor(IWriteSpeedDescriptor *iface)
{
    return CONTAINING_RECORD(iface, struct write_speed_descriptor, IWriteSpeedDescriptor_iface);
}

static HRESULT WINAPI write_speed_descriptor_QueryInterface(IWriteSpeedDescriptor *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IWriteSpeedDescriptor))
    {
        *out = iface;
        IWriteSpeedDescriptor_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI write_speed_descriptor_AddRef(IWriteSpeedDescriptor *iface)
{
    struct write_speed_descriptor *descriptor = impl_from_IWriteSpeedDescriptor(iface);
    ULONG refcount = InterlockedIncrement(&descriptor->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI write_speed_descriptor_Release(IWriteSpeedDescriptor *iface)
{
    struct write_speed_descriptor *descriptor = impl_from_IWriteSpeedDescriptor(iface);
    ULONG refcount = InterlockedDecrement(&descriptor->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    if (!refcount)
    {
        free(descriptor);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI write_speed_descriptor_GetTypeInfoCount(IWriteSpeedDescriptor *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);
    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI write_speed_descriptor_GetTypeInfo(IWriteSpeedDescriptor *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);
    return dispatch_get_type_info(IWriteSpeedDescriptor_tid, index, typeinfo);
}

static HRESULT WINAPI write_speed_descriptor_GetIDsOfNames(IWriteSpeedDescriptor *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IWriteSpeedDescriptor_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI write_speed_descriptor_Invoke(IWriteSpeedDescriptor *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);
    return dispatch_invoke(IWriteSpeedDescriptor_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

static HRESULT WINAPI write_speed_descriptor_get_MediaType(IWriteSpeedDescriptor *iface,
        IMAPI_MEDIA_PHYSICAL_TYPE *value)
{
    struct write_speed_descriptor *descriptor = impl_from_IWriteSpeedDescriptor(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = descriptor->type;
    return S_OK;
}

static HRESULT WINAPI write_speed_descriptor_get_RotationTypeIsPureCAV(IWriteSpeedDescriptor *iface,
        VARIANT_BOOL *value)
{
    struct write_speed_descriptor *descriptor = impl_from_IWriteSpeedDescriptor(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = descriptor->pure_cav ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI write_speed_descriptor_get_WriteSpeed(IWriteSpeedDescriptor *iface, LONG *value)
{
    struct write_speed_descriptor *descriptor = impl_from_IWriteSpeedDescriptor(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = descriptor->speed;
    return S_OK;
}

static const IWriteSpeedDescriptorVtbl write_speed_descriptor_vtbl =
{
    write_speed_descriptor_QueryInterface,
    write_speed_descriptor_AddRef,
    write_speed_descriptor_Release,
    write_speed_descriptor_GetTypeInfoCount,
    write_speed_descriptor_GetTypeInfo,
    write_speed_descriptor_GetIDsOfNames,
    write_speed_descriptor_Invoke,
    write_speed_descriptor_get_MediaType,
    write_speed_descriptor_get_RotationTypeIsPureCAV,
    write_speed_descriptor_get_WriteSpeed,
};

HRESULT write_speed_descriptor_create(IMAPI_MEDIA_PHYSICAL_TYPE type, BOOL pure_cav, LONG speed, IDispatch **out)
{
    struct write_speed_descriptor *descriptor;

    if (!(descriptor = calloc(1, sizeof(*descriptor))))
        return E_OUTOFMEMORY;

    descriptor->IWriteSpeedDescriptor_iface.lpVtbl = &write_speed_descriptor_vtbl;
    descriptor->refcount = 1;
    lock_module();
    descriptor->type = type;
    descriptor->pure_cav = pure_cav;
    descriptor->speed = speed;

    *out = (IDispatch *)&descriptor->IWriteSpeedDescriptor_iface;
    return S_OK;
}
