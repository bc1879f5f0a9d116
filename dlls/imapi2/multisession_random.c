/*
 * Image Mastering API v2: MsftMultisessionRandomWrite, the layout of overwritable media.
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

struct multisession_random
{
    IMultisessionRandomWrite IMultisessionRandomWrite_iface;
    LONG refcount;
    IDiscRecorder2 *recorder;
    struct multisession_media media;
    BOOL in_use;
};

static inline struct multisession_random *impl_from_IMultisessionRandomWrite(IMultisessionRandomWrite *iface)
{
    return CONTAINING_RECORD(iface, struct multisession_random, IMultisessionRandomWrite_iface);
}

static HRESULT WINAPI multisession_random_QueryInterface(IMultisessionRandomWrite *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IMultisession) || IsEqualGUID(riid, &IID_IMultisessionRandomWrite))
    {
        *out = iface;
        IMultisessionRandomWrite_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI multisession_random_AddRef(IMultisessionRandomWrite *iface)
{
    struct multisession_random *multisession = impl_from_IMultisessionRandomWrite(iface);
    ULONG refcount = InterlockedIncrement(&multisession->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI multisession_random_Release(IMultisessionRandomWrite *iface)
{
    struct multisession_random *multisession = impl_from_IMultisessionRandomWrite(iface);
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

static HRESULT WINAPI multisession_random_GetTypeInfoCount(IMultisessionRandomWrite *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);
    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI multisession_random_GetTypeInfo(IMultisessionRandomWrite *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);
    return dispatch_get_type_info(IMultisessionRandomWrite_tid, index, typeinfo);
}

static HRESULT WINAPI multisession_random_GetIDsOfNames(IMultisessionRandomWrite *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);
    return dispatch_get_ids_of_names(IMultisessionRandomWrite_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI multisession_random_Invoke(IMultisessionRandomWrite *iface, DISPID member, REFIID riid,
        LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
            params, result, excep_info, arg_err);
    return dispatch_invoke(IMultisessionRandomWrite_tid, iface, member, riid, lcid, flags, params, result,
            excep_info, arg_err);
}

static HRESULT WINAPI multisession_random_get_IsSupportedOnCurrentMediaState(IMultisessionRandomWrite *iface,
        VARIANT_BOOL *value)
{
    struct multisession_random *multisession = impl_from_IMultisessionRandomWrite(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = multisession_media_get(&multisession->media, &snapshot)))
        return hr;
    *value = snapshot.random ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI multisession_random_put_InUse(IMultisessionRandomWrite *iface, VARIANT_BOOL value)
{
    struct multisession_random *multisession = impl_from_IMultisessionRandomWrite(iface);

    TRACE("%p, %#x.\n", iface, value);

    multisession->in_use = !!value;
    return S_OK;
}

static HRESULT WINAPI multisession_random_get_InUse(IMultisessionRandomWrite *iface, VARIANT_BOOL *value)
{
    struct multisession_random *multisession = impl_from_IMultisessionRandomWrite(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = multisession->in_use ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI multisession_random_get_ImportRecorder(IMultisessionRandomWrite *iface,
        IDiscRecorder2 **value)
{
    struct multisession_random *multisession = impl_from_IMultisessionRandomWrite(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if ((*value = multisession->recorder))
        IDiscRecorder2_AddRef(*value);
    return S_OK;
}

static HRESULT WINAPI multisession_random_get_WriteUnitSize(IMultisessionRandomWrite *iface, LONG *value)
{
    struct multisession_random *multisession = impl_from_IMultisessionRandomWrite(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = multisession_media_get(&multisession->media, &snapshot)))
        return hr;
    *value = snapshot.write_unit;
    return S_OK;
}

static HRESULT WINAPI multisession_random_get_LastWrittenAddress(IMultisessionRandomWrite *iface, LONG *value)
{
    struct multisession_random *multisession = impl_from_IMultisessionRandomWrite(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = multisession_media_get(&multisession->media, &snapshot)))
        return hr;
    /* Microsoft: E_NOTIMPL when the drive cannot report it. */
    if (FAILED(snapshot.last_written_hr))
        return snapshot.last_written_hr;
    *value = snapshot.last_written;
    return S_OK;
}

static HRESULT WINAPI multisession_random_get_TotalSectorsOnMedia(IMultisessionRandomWrite *iface, LONG *value)
{
    struct multisession_random *multisession = impl_from_IMultisessionRandomWrite(iface);
    struct media_snapshot snapshot;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = multisession_media_get(&multisession->media, &snapshot)))
        return hr;
    *value = snapshot.total;
    return S_OK;
}

static const IMultisessionRandomWriteVtbl multisession_random_vtbl =
{
    multisession_random_QueryInterface,
    multisession_random_AddRef,
    multisession_random_Release,
    multisession_random_GetTypeInfoCount,
    multisession_random_GetTypeInfo,
    multisession_random_GetIDsOfNames,
    multisession_random_Invoke,
    multisession_random_get_IsSupportedOnCurrentMediaState,
    multisession_random_put_InUse,
    multisession_random_get_InUse,
    multisession_random_get_ImportRecorder,
    multisession_random_get_WriteUnitSize,
    multisession_random_get_LastWrittenAddress,
    multisession_random_get_TotalSectorsOnMedia,
};

HRESULT multisession_random_create(IDiscFormat2Data *format, IDiscRecorder2 *recorder,
        const struct media_snapshot *snapshot, IDispatch **out)
{
    struct multisession_random *multisession;

    if (!(multisession = calloc(1, sizeof(*multisession))))
        return E_OUTOFMEMORY;

    multisession->IMultisessionRandomWrite_iface.lpVtbl = &multisession_random_vtbl;
    multisession->refcount = 1;
    lock_module();
    if ((multisession->recorder = recorder))
        IDiscRecorder2_AddRef(recorder);
    multisession_media_init(&multisession->media, format, snapshot);

    *out = (IDispatch *)&multisession->IMultisessionRandomWrite_iface;
    return S_OK;
}
