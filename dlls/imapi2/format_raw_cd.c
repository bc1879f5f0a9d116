/*
 * Image Mastering API v2: MsftDiscFormat2RawCD, CDs written disc at once from raw sectors.
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

/* Raw sectors are written disc at once (CD Mastering, feature 002Eh) on CD-R and CD-RW. */
static const WORD format_raw_cd_profiles[] = { MMC_PROFILE_CD_R, MMC_PROFILE_CD_RW };
static const WORD format_raw_cd_features[] = { MMC_FEATURE_CD_MASTERING };

static const struct format_base_desc format_raw_cd_desc =
{
    L"raw CD",
    format_raw_cd_profiles, ARRAY_SIZE(format_raw_cd_profiles),
    format_raw_cd_features, ARRAY_SIZE(format_raw_cd_features),
    E_IMAPI_DF2RAW_RECORDER_NOT_SUPPORTED,
    E_IMAPI_DF2RAW_CLIENT_NAME_IS_NOT_VALID,
};

struct format_raw_cd
{
    IDiscFormat2RawCD IDiscFormat2RawCD_iface;
    struct event_source events;
    LONG refcount;

    struct format_base base;
    VARIANT_BOOL buffer_underrun_free_disabled;
    IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE sector_type;
};

static inline struct format_raw_cd *impl_from_IDiscFormat2RawCD(IDiscFormat2RawCD *iface)
{
    return CONTAINING_RECORD(iface, struct format_raw_cd, IDiscFormat2RawCD_iface);
}

static HRESULT WINAPI format_raw_cd_QueryInterface(IDiscFormat2RawCD *iface, REFIID riid,
        void **out)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IDiscFormat2)
            || IsEqualGUID(riid, &IID_IDiscFormat2RawCD))
    {
        *out = &object->IDiscFormat2RawCD_iface;
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

static ULONG WINAPI format_raw_cd_AddRef(IDiscFormat2RawCD *iface)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);
    ULONG refcount = InterlockedIncrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI format_raw_cd_Release(IDiscFormat2RawCD *iface)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);
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

static HRESULT WINAPI format_raw_cd_GetTypeInfoCount(IDiscFormat2RawCD *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI format_raw_cd_GetTypeInfo(IDiscFormat2RawCD *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IDiscFormat2RawCD_tid, index, typeinfo);
}

static HRESULT WINAPI format_raw_cd_GetIDsOfNames(IDiscFormat2RawCD *iface, REFIID riid,
        LPOLESTR *names,
        UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IDiscFormat2RawCD_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI format_raw_cd_Invoke(IDiscFormat2RawCD *iface, DISPID member, REFIID riid,
        LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);

    return dispatch_invoke(IDiscFormat2RawCD_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

static HRESULT WINAPI format_raw_cd_IsRecorderSupported(IDiscFormat2RawCD *iface, IDiscRecorder2 *recorder, VARIANT_BOOL *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_IsRecorderSupported(&object->base, recorder, value);
}

static HRESULT WINAPI format_raw_cd_IsCurrentMediaSupported(IDiscFormat2RawCD *iface, IDiscRecorder2 *recorder, VARIANT_BOOL *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_IsCurrentMediaSupported(&object->base, recorder, value);
}

static HRESULT WINAPI format_raw_cd_get_MediaPhysicallyBlank(IDiscFormat2RawCD *iface, VARIANT_BOOL *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_get_MediaPhysicallyBlank(&object->base, value);
}

static HRESULT WINAPI format_raw_cd_get_MediaHeuristicallyBlank(IDiscFormat2RawCD *iface, VARIANT_BOOL *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_get_MediaHeuristicallyBlank(&object->base, value);
}

static HRESULT WINAPI format_raw_cd_get_SupportedMediaTypes(IDiscFormat2RawCD *iface, SAFEARRAY **value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_get_SupportedMediaTypes(&object->base, value);
}

static HRESULT WINAPI format_raw_cd_PrepareMedia(IDiscFormat2RawCD *iface)
{
    FIXME("%p: stub\n", iface);

    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_WriteMedia(IDiscFormat2RawCD *iface, IStream *data)
{
    FIXME("%p, %p: stub\n", iface, data);

    if (!data) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_WriteMedia2(IDiscFormat2RawCD *iface, IStream *data,
        LONG lead_in_sectors)
{
    FIXME("%p, %p, %ld: stub\n", iface, data, lead_in_sectors);

    if (!data) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_CancelWrite(IDiscFormat2RawCD *iface)
{
    FIXME("%p: stub\n", iface);

    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_ReleaseMedia(IDiscFormat2RawCD *iface)
{
    FIXME("%p: stub\n", iface);

    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_SetWriteSpeed(IDiscFormat2RawCD *iface, LONG speed,
        VARIANT_BOOL pure_cav)
{
    FIXME("%p, %ld, %#x: stub\n", iface, speed, pure_cav);

    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_put_Recorder(IDiscFormat2RawCD *iface, IDiscRecorder2 *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_put_Recorder(&object->base, value);
}

static HRESULT WINAPI format_raw_cd_get_Recorder(IDiscFormat2RawCD *iface, IDiscRecorder2 **value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_get_Recorder(&object->base, value);
}

static HRESULT WINAPI format_raw_cd_put_BufferUnderrunFreeDisabled(IDiscFormat2RawCD *iface,
        VARIANT_BOOL value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p, %#x.\n", iface, value);

    object->buffer_underrun_free_disabled = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI format_raw_cd_get_BufferUnderrunFreeDisabled(IDiscFormat2RawCD *iface,
        VARIANT_BOOL *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->buffer_underrun_free_disabled;
    return S_OK;
}

static HRESULT WINAPI format_raw_cd_get_StartOfNextSession(IDiscFormat2RawCD *iface, LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_get_LastPossibleStartOfLeadout(IDiscFormat2RawCD *iface,
        LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_get_CurrentPhysicalMediaType(IDiscFormat2RawCD *iface, IMAPI_MEDIA_PHYSICAL_TYPE *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_get_CurrentPhysicalMediaType(&object->base, value);
}

static HRESULT WINAPI format_raw_cd_get_SupportedSectorTypes(IDiscFormat2RawCD *iface,
        SAFEARRAY * *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_put_RequestedSectorType(IDiscFormat2RawCD *iface,
        IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p, %d.\n", iface, value);

    if (value < IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY || value > IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW)
        return E_INVALIDARG;
    object->sector_type = value;
    return S_OK;
}

static HRESULT WINAPI format_raw_cd_get_RequestedSectorType(IDiscFormat2RawCD *iface,
        IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->sector_type;
    return S_OK;
}

static HRESULT WINAPI format_raw_cd_put_ClientName(IDiscFormat2RawCD *iface, BSTR value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_put_ClientName(&object->base, value);
}

static HRESULT WINAPI format_raw_cd_get_ClientName(IDiscFormat2RawCD *iface, BSTR *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_get_ClientName(&object->base, value);
}

static HRESULT WINAPI format_raw_cd_get_RequestedWriteSpeed(IDiscFormat2RawCD *iface, LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_get_RequestedRotationTypeIsPureCAV(IDiscFormat2RawCD *iface,
        VARIANT_BOOL *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_get_CurrentWriteSpeed(IDiscFormat2RawCD *iface, LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_get_CurrentRotationTypeIsPureCAV(IDiscFormat2RawCD *iface,
        VARIANT_BOOL *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_get_SupportedWriteSpeeds(IDiscFormat2RawCD *iface,
        SAFEARRAY * *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_raw_cd_get_SupportedWriteSpeedDescriptors(IDiscFormat2RawCD *iface,
        SAFEARRAY * *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static const IDiscFormat2RawCDVtbl format_raw_cd_vtbl =
{
    format_raw_cd_QueryInterface,
    format_raw_cd_AddRef,
    format_raw_cd_Release,
    format_raw_cd_GetTypeInfoCount,
    format_raw_cd_GetTypeInfo,
    format_raw_cd_GetIDsOfNames,
    format_raw_cd_Invoke,
    format_raw_cd_IsRecorderSupported,
    format_raw_cd_IsCurrentMediaSupported,
    format_raw_cd_get_MediaPhysicallyBlank,
    format_raw_cd_get_MediaHeuristicallyBlank,
    format_raw_cd_get_SupportedMediaTypes,
    format_raw_cd_PrepareMedia,
    format_raw_cd_WriteMedia,
    format_raw_cd_WriteMedia2,
    format_raw_cd_CancelWrite,
    format_raw_cd_ReleaseMedia,
    format_raw_cd_SetWriteSpeed,
    format_raw_cd_put_Recorder,
    format_raw_cd_get_Recorder,
    format_raw_cd_put_BufferUnderrunFreeDisabled,
    format_raw_cd_get_BufferUnderrunFreeDisabled,
    format_raw_cd_get_StartOfNextSession,
    format_raw_cd_get_LastPossibleStartOfLeadout,
    format_raw_cd_get_CurrentPhysicalMediaType,
    format_raw_cd_get_SupportedSectorTypes,
    format_raw_cd_put_RequestedSectorType,
    format_raw_cd_get_RequestedSectorType,
    format_raw_cd_put_ClientName,
    format_raw_cd_get_ClientName,
    format_raw_cd_get_RequestedWriteSpeed,
    format_raw_cd_get_RequestedRotationTypeIsPureCAV,
    format_raw_cd_get_CurrentWriteSpeed,
    format_raw_cd_get_CurrentRotationTypeIsPureCAV,
    format_raw_cd_get_SupportedWriteSpeeds,
    format_raw_cd_get_SupportedWriteSpeedDescriptors,
};

HRESULT format_raw_cd_create(REFIID riid, void **out)
{
    struct format_raw_cd *object;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(object = calloc(1, sizeof(*object))))
        return E_OUTOFMEMORY;

    object->IDiscFormat2RawCD_iface.lpVtbl = &format_raw_cd_vtbl;
    object->refcount = 1;
    format_base_init(&object->base, &format_raw_cd_desc);
    event_source_init(&object->events, (IUnknown *)&object->IDiscFormat2RawCD_iface,
            &IID_DDiscFormat2RawCDEvents);
    /* The documented default. */
    object->sector_type = IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED;

    hr = IDiscFormat2RawCD_QueryInterface(&object->IDiscFormat2RawCD_iface, riid, out);
    IDiscFormat2RawCD_Release(&object->IDiscFormat2RawCD_iface);
    return hr;
}
