/*
 * Image Mastering API v2: MsftMultisessionSequential, the session layout of sequential media.
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

struct multisession_sequential
{
    IMultisessionSequential2 IMultisessionSequential2_iface;
    LONG refcount;
    IDiscRecorder2 *recorder;
    struct multisession_media media;
    BOOL postgap_in_image;
    BOOL in_use;
};

static inline struct multisession_sequential *impl_from_IMultisessionSequential2(IMultisessionSequential2 *iface)
{
    return CONTAINING_RECORD(iface, struct multisession_sequential, IMultisessionSequential2_iface);
}

static HRESULT WINAPI multisession_sequential_QueryInterface(IMultisessionSequential2 *iface, REFIID riid,
        void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IMultisession) || IsEqualGUID(riid, &IID_IMultisessionSequential)
            || IsEqualGUID(riid, &IID_IMultisessionSequential2))
    {
        *out = iface;
        IMultisessionSequential2_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI multisession_sequential_AddRef(IMultisessionSequential2 *iface)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);
    ULONG refcount = InterlockedIncrement(&multisession->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI multisession_sequential_Release(IMultisessionSequential2 *iface)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);
    ULONG refcount = InterlockedDecrement(&multisession->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    if (!refcount)
    {
        if (multisession->recorder)
            IDiscRecorder2_Release(multisession->recorder);
        multisession_media_cleanup(&multisession->media);
        free(multisession);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI multisession_sequential_GetTypeInfoCount(IMultisessionSequential2 *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);
    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI multisession_sequential_GetTypeInfo(IMultisessionSequential2 *iface, UINT index,
        LCID lcid, ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);
    return dispatch_get_type_info(IMultisessionSequential2_tid, index, typeinfo);
}

static HRESULT WINAPI multisession_sequential_GetIDsOfNames(IMultisessionSequential2 *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IMultisessionSequential2_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI multisession_sequential_Invoke(IMultisessionSequential2 *iface, DISPID member,
        REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info,
        UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);
    return dispatch_invoke(IMultisessionSequential2_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

static HRESULT WINAPI multisession_sequential_get_IsSupportedOnCurrentMediaState(IMultisessionSequential2 *iface,
        VARIANT_BOOL *value)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = multisession_media_get(&multisession->media, &snapshot)))
        return hr;
    *value = (snapshot.sequential && snapshot.multisession_capable
            && (snapshot.blank || snapshot.appendable)) ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI multisession_sequential_put_InUse(IMultisessionSequential2 *iface, VARIANT_BOOL value)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);

    TRACE("%p, %#x.\n", iface, value);

    multisession->in_use = !!value;
    return S_OK;
}

static HRESULT WINAPI multisession_sequential_get_InUse(IMultisessionSequential2 *iface, VARIANT_BOOL *value)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = multisession->in_use ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI multisession_sequential_get_ImportRecorder(IMultisessionSequential2 *iface,
        IDiscRecorder2 **value)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if ((*value = multisession->recorder))
        IDiscRecorder2_AddRef(*value);
    return S_OK;
}

static HRESULT WINAPI multisession_sequential_get_IsFirstDataSession(IMultisessionSequential2 *iface,
        VARIANT_BOOL *value)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = multisession_media_get(&multisession->media, &snapshot)))
        return hr;
    if (FAILED(snapshot.address_hr))
        return snapshot.address_hr;
    *value = snapshot.first_data_session ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

enum address_field
{
    FIELD_START_PREV,
    FIELD_LAST_WRITTEN_PREV,
    FIELD_NEXT_WRITABLE,
    FIELD_FREE,
};

static HRESULT get_address(struct multisession_sequential *multisession, enum address_field field, LONG *value)
{
    struct media_snapshot snapshot;
    HRESULT hr;

    if (!value) return E_POINTER;
    if (FAILED(hr = multisession_media_get(&multisession->media, &snapshot)))
        return hr;
    if (FAILED(snapshot.address_hr))
        return snapshot.address_hr;
    switch (field)
    {
    case FIELD_START_PREV: *value = snapshot.start_prev; break;
    case FIELD_LAST_WRITTEN_PREV: *value = snapshot.last_written_prev; break;
    case FIELD_NEXT_WRITABLE: *value = snapshot.next_writable; break;
    case FIELD_FREE: *value = media_snapshot_free_sectors(&snapshot, multisession->postgap_in_image); break;
    }
    return S_OK;
}

static HRESULT WINAPI multisession_sequential_get_StartAddressOfPreviousSession(IMultisessionSequential2 *iface,
        LONG *value)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);

    TRACE("%p, %p.\n", iface, value);

    return get_address(multisession, FIELD_START_PREV, value);
}

static HRESULT WINAPI multisession_sequential_get_LastWrittenAddressOfPreviousSession(
        IMultisessionSequential2 *iface, LONG *value)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);

    TRACE("%p, %p.\n", iface, value);

    return get_address(multisession, FIELD_LAST_WRITTEN_PREV, value);
}

static HRESULT WINAPI multisession_sequential_get_NextWritableAddress(IMultisessionSequential2 *iface,
        LONG *value)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);

    TRACE("%p, %p.\n", iface, value);

    return get_address(multisession, FIELD_NEXT_WRITABLE, value);
}

static HRESULT WINAPI multisession_sequential_get_FreeSectorsOnMedia(IMultisessionSequential2 *iface,
        LONG *value)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);

    TRACE("%p, %p.\n", iface, value);

    return get_address(multisession, FIELD_FREE, value);
}

static HRESULT WINAPI multisession_sequential_get_WriteUnitSize(IMultisessionSequential2 *iface, LONG *value)
{
    struct multisession_sequential *multisession = impl_from_IMultisessionSequential2(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = multisession_media_get(&multisession->media, &snapshot)))
        return hr;
    *value = snapshot.write_unit;
    return S_OK;
}

static const IMultisessionSequential2Vtbl multisession_sequential_vtbl =
{
    multisession_sequential_QueryInterface,
    multisession_sequential_AddRef,
    multisession_sequential_Release,
    multisession_sequential_GetTypeInfoCount,
    multisession_sequential_GetTypeInfo,
    multisession_sequential_GetIDsOfNames,
    multisession_sequential_Invoke,
    multisession_sequential_get_IsSupportedOnCurrentMediaState,
    multisession_sequential_put_InUse,
    multisession_sequential_get_InUse,
    multisession_sequential_get_ImportRecorder,
    multisession_sequential_get_IsFirstDataSession,
    multisession_sequential_get_StartAddressOfPreviousSession,
    multisession_sequential_get_LastWrittenAddressOfPreviousSession,
    multisession_sequential_get_NextWritableAddress,
    multisession_sequential_get_FreeSectorsOnMedia,
    multisession_sequential_get_WriteUnitSize,
};

HRESULT multisession_sequential_create(IDiscFormat2Data *format, IDiscRecorder2 *recorder,
        const struct media_snapshot *snapshot, BOOL postgap_in_image, IDispatch **out)
{
    struct multisession_sequential *multisession;

    if (!(multisession = calloc(1, sizeof(*multisession))))
        return E_OUTOFMEMORY;

    multisession->IMultisessionSequential2_iface.lpVtbl = &multisession_sequential_vtbl;
    multisession->refcount = 1;
    lock_module();
    if ((multisession->recorder = recorder))
        IDiscRecorder2_AddRef(recorder);
    multisession_media_init(&multisession->media, format, snapshot);
    multisession->postgap_in_image = postgap_in_image;

    *out = (IDispatch *)&multisession->IMultisessionSequential2_iface;
    return S_OK;
}
