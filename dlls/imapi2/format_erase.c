/*
 * Image Mastering API v2: MsftDiscFormat2Erase, blanking rewritable media.
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
#include "mmc.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* Rewritable media that BLANK erases. */
static const WORD format_erase_profiles[] =
{
    MMC_PROFILE_CD_RW, MMC_PROFILE_DVD_RW_SEQUENTIAL, MMC_PROFILE_DVD_RW_RESTRICTED_OVERWRITE,
};

static const WORD format_erase_features[] =
{
    MMC_FEATURE_CD_TRACK_AT_ONCE, MMC_FEATURE_CD_MASTERING, MMC_FEATURE_DVD_MINUS_R_RW_WRITE,
    MMC_FEATURE_RIGID_RESTRICTED_OVERWRITE, MMC_FEATURE_RESTRICTED_OVERWRITE,
};

static const struct format_base_desc format_erase_desc =
{
    L"erase",
    format_erase_profiles, ARRAY_SIZE(format_erase_profiles),
    format_erase_features, ARRAY_SIZE(format_erase_features),
    E_IMAPI_ERASE_RECORDER_NOT_SUPPORTED,
    E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID,
};

struct format_erase
{
    IDiscFormat2Erase IDiscFormat2Erase_iface;
    struct event_source events;
    LONG refcount;

    struct format_base base;
    VARIANT_BOOL full_erase;
};

static inline struct format_erase *impl_from_IDiscFormat2Erase(IDiscFormat2Erase *iface)
{
    return CONTAINING_RECORD(iface, struct format_erase, IDiscFormat2Erase_iface);
}

static HRESULT WINAPI format_erase_QueryInterface(IDiscFormat2Erase *iface, REFIID riid, void **out)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IDiscFormat2)
            || IsEqualGUID(riid, &IID_IDiscFormat2Erase))
    {
        *out = &object->IDiscFormat2Erase_iface;
    }
    else if (IsEqualGUID(riid, &IID_IConnectionPointContainer))
    {
        *out = &object->events.IConnectionPointContainer_iface;
    }
    else
    {
        WARN("%s not supported.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }

    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI format_erase_AddRef(IDiscFormat2Erase *iface)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);
    ULONG refcount = InterlockedIncrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI format_erase_Release(IDiscFormat2Erase *iface)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);
    ULONG refcount = InterlockedDecrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        event_source_cleanup(&object->events);
        format_base_cleanup(&object->base);
        free(object);
    }
    return refcount;
}

static HRESULT WINAPI format_erase_GetTypeInfoCount(IDiscFormat2Erase *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI format_erase_GetTypeInfo(IDiscFormat2Erase *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IDiscFormat2Erase_tid, index, typeinfo);
}

static HRESULT WINAPI format_erase_GetIDsOfNames(IDiscFormat2Erase *iface, REFIID riid,
        LPOLESTR *names,
        UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IDiscFormat2Erase_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI format_erase_Invoke(IDiscFormat2Erase *iface, DISPID member, REFIID riid,
        LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);

    return dispatch_invoke(IDiscFormat2Erase_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

static HRESULT WINAPI format_erase_IsRecorderSupported(IDiscFormat2Erase *iface, IDiscRecorder2 *recorder, VARIANT_BOOL *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    return format_base_IsRecorderSupported(&object->base, recorder, value);
}

static HRESULT WINAPI format_erase_IsCurrentMediaSupported(IDiscFormat2Erase *iface, IDiscRecorder2 *recorder, VARIANT_BOOL *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    return format_base_IsCurrentMediaSupported(&object->base, recorder, value);
}

static HRESULT WINAPI format_erase_get_MediaPhysicallyBlank(IDiscFormat2Erase *iface, VARIANT_BOOL *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    return format_base_get_MediaPhysicallyBlank(&object->base, value);
}

static HRESULT WINAPI format_erase_get_MediaHeuristicallyBlank(IDiscFormat2Erase *iface, VARIANT_BOOL *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    return format_base_get_MediaHeuristicallyBlank(&object->base, value);
}

static HRESULT WINAPI format_erase_get_SupportedMediaTypes(IDiscFormat2Erase *iface, SAFEARRAY **value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    return format_base_get_SupportedMediaTypes(&object->base, value);
}

static HRESULT WINAPI format_erase_put_Recorder(IDiscFormat2Erase *iface, IDiscRecorder2 *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    return format_base_put_Recorder(&object->base, value);
}

static HRESULT WINAPI format_erase_get_Recorder(IDiscFormat2Erase *iface, IDiscRecorder2 **value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    return format_base_get_Recorder(&object->base, value);
}

static HRESULT WINAPI format_erase_put_FullErase(IDiscFormat2Erase *iface, VARIANT_BOOL value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    TRACE("%p, %#x.\n", iface, value);

    object->full_erase = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI format_erase_get_FullErase(IDiscFormat2Erase *iface, VARIANT_BOOL *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->full_erase;
    return S_OK;
}

static HRESULT WINAPI format_erase_get_CurrentPhysicalMediaType(IDiscFormat2Erase *iface, IMAPI_MEDIA_PHYSICAL_TYPE *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    return format_base_get_CurrentPhysicalMediaType(&object->base, value);
}

static HRESULT WINAPI format_erase_put_ClientName(IDiscFormat2Erase *iface, BSTR value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    return format_base_put_ClientName(&object->base, value);
}

static HRESULT WINAPI format_erase_get_ClientName(IDiscFormat2Erase *iface, BSTR *value)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);

    return format_base_get_ClientName(&object->base, value);
}

static HRESULT WINAPI format_erase_EraseMedia(IDiscFormat2Erase *iface)
{
    FIXME("%p: stub\n", iface);

    return E_NOTIMPL;
}

static const IDiscFormat2EraseVtbl format_erase_vtbl =
{
    format_erase_QueryInterface,
    format_erase_AddRef,
    format_erase_Release,
    format_erase_GetTypeInfoCount,
    format_erase_GetTypeInfo,
    format_erase_GetIDsOfNames,
    format_erase_Invoke,
    format_erase_IsRecorderSupported,
    format_erase_IsCurrentMediaSupported,
    format_erase_get_MediaPhysicallyBlank,
    format_erase_get_MediaHeuristicallyBlank,
    format_erase_get_SupportedMediaTypes,
    format_erase_put_Recorder,
    format_erase_get_Recorder,
    format_erase_put_FullErase,
    format_erase_get_FullErase,
    format_erase_get_CurrentPhysicalMediaType,
    format_erase_put_ClientName,
    format_erase_get_ClientName,
    format_erase_EraseMedia,
};

HRESULT format_erase_create(REFIID riid, void **out)
{
    struct format_erase *object;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(object = calloc(1, sizeof(*object))))
        return E_OUTOFMEMORY;

    object->IDiscFormat2Erase_iface.lpVtbl = &format_erase_vtbl;
    object->refcount = 1;
    format_base_init(&object->base, &format_erase_desc);
    event_source_init(&object->events, (IUnknown *)&object->IDiscFormat2Erase_iface,
            &IID_DDiscFormat2EraseEvents);

    hr = IDiscFormat2Erase_QueryInterface(&object->IDiscFormat2Erase_iface, riid, out);
    IDiscFormat2Erase_Release(&object->IDiscFormat2Erase_iface);
    return hr;
}
