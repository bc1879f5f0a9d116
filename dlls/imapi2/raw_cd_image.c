/*
 * Image Mastering API v2: MsftRawCDImageCreator, builds raw disc-at-once CD images.
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

struct raw_cd_image
{
    IRawCDImageCreator IRawCDImageCreator_iface;
    LONG refcount;

    IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE image_type;
    LONG start_of_leadout_limit;
    VARIANT_BOOL disable_gapless_audio;
    BSTR media_catalog_number;
    LONG starting_track_number;
};

static inline struct raw_cd_image *impl_from_IRawCDImageCreator(IRawCDImageCreator *iface)
{
    return CONTAINING_RECORD(iface, struct raw_cd_image, IRawCDImageCreator_iface);
}

static HRESULT WINAPI raw_cd_image_QueryInterface(IRawCDImageCreator *iface, REFIID riid,
        void **out)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IRawCDImageCreator))
    {
        *out = &object->IRawCDImageCreator_iface;
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

static ULONG WINAPI raw_cd_image_AddRef(IRawCDImageCreator *iface)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    ULONG refcount = InterlockedIncrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI raw_cd_image_Release(IRawCDImageCreator *iface)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    ULONG refcount = InterlockedDecrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        SysFreeString(object->media_catalog_number);
        free(object);
    }
    return refcount;
}

static HRESULT WINAPI raw_cd_image_GetTypeInfoCount(IRawCDImageCreator *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_GetTypeInfo(IRawCDImageCreator *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IRawCDImageCreator_tid, index, typeinfo);
}

static HRESULT WINAPI raw_cd_image_GetIDsOfNames(IRawCDImageCreator *iface, REFIID riid,
        LPOLESTR *names,
        UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IRawCDImageCreator_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI raw_cd_image_Invoke(IRawCDImageCreator *iface, DISPID member, REFIID riid,
        LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);

    return dispatch_invoke(IRawCDImageCreator_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

static HRESULT WINAPI raw_cd_image_CreateResultImage(IRawCDImageCreator *iface, IStream **result)
{
    FIXME("%p, %p: stub\n", iface, result);

    if (!result) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI raw_cd_image_AddTrack(IRawCDImageCreator *iface, IMAPI_CD_SECTOR_TYPE type,
        IStream *data, LONG *index)
{
    FIXME("%p, %d, %p, %p: stub\n", iface, type, data, index);

    return E_NOTIMPL;
}

static HRESULT WINAPI raw_cd_image_AddSpecialPregap(IRawCDImageCreator *iface, IStream *data)
{
    FIXME("%p, %p: stub\n", iface, data);

    if (!data) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI raw_cd_image_AddSubcodeRWGenerator(IRawCDImageCreator *iface,
        IStream *subcode)
{
    FIXME("%p, %p: stub\n", iface, subcode);

    if (!subcode) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI raw_cd_image_put_ResultingImageType(IRawCDImageCreator *iface,
        IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %d.\n", iface, value);

    if (value < IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY || value > IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW)
        return E_INVALIDARG;
    object->image_type = value;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_get_ResultingImageType(IRawCDImageCreator *iface,
        IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE *value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->image_type;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_get_StartOfLeadout(IRawCDImageCreator *iface, LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI raw_cd_image_put_StartOfLeadoutLimit(IRawCDImageCreator *iface, LONG value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %ld.\n", iface, value);

    if (value < 0) return E_INVALIDARG;
    object->start_of_leadout_limit = value;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_get_StartOfLeadoutLimit(IRawCDImageCreator *iface, LONG *value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->start_of_leadout_limit;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_put_DisableGaplessAudio(IRawCDImageCreator *iface,
        VARIANT_BOOL value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %#x.\n", iface, value);

    object->disable_gapless_audio = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_get_DisableGaplessAudio(IRawCDImageCreator *iface,
        VARIANT_BOOL *value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->disable_gapless_audio;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_put_MediaCatalogNumber(IRawCDImageCreator *iface, BSTR value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    BSTR number = NULL;

    TRACE("%p, %s.\n", iface, debugstr_w(value));

    if (value && !(number = SysAllocString(value)))
        return E_OUTOFMEMORY;
    SysFreeString(object->media_catalog_number);
    object->media_catalog_number = number;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_get_MediaCatalogNumber(IRawCDImageCreator *iface, BSTR *value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    *value = NULL;
    if (object->media_catalog_number && !(*value = SysAllocString(object->media_catalog_number)))
        return E_OUTOFMEMORY;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_put_StartingTrackNumber(IRawCDImageCreator *iface, LONG value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %ld.\n", iface, value);

    /* Red Book track numbers run from 1 to 99. */
    if (value < 1 || value > 99) return E_INVALIDARG;
    object->starting_track_number = value;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_get_StartingTrackNumber(IRawCDImageCreator *iface, LONG *value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->starting_track_number;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_get_TrackInfo(IRawCDImageCreator *iface, LONG index,
        IRawCDImageTrackInfo **value)
{
    FIXME("%p, %ld, %p: stub\n", iface, index, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI raw_cd_image_get_NumberOfExistingTracks(IRawCDImageCreator *iface,
        LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    /* AddTrack is not implemented, so no track is ever added. */
    *value = 0;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_get_LastUsedUserSectorInImage(IRawCDImageCreator *iface,
        LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI raw_cd_image_get_ExpectedTableOfContents(IRawCDImageCreator *iface,
        SAFEARRAY * *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static const IRawCDImageCreatorVtbl raw_cd_image_vtbl =
{
    raw_cd_image_QueryInterface,
    raw_cd_image_AddRef,
    raw_cd_image_Release,
    raw_cd_image_GetTypeInfoCount,
    raw_cd_image_GetTypeInfo,
    raw_cd_image_GetIDsOfNames,
    raw_cd_image_Invoke,
    raw_cd_image_CreateResultImage,
    raw_cd_image_AddTrack,
    raw_cd_image_AddSpecialPregap,
    raw_cd_image_AddSubcodeRWGenerator,
    raw_cd_image_put_ResultingImageType,
    raw_cd_image_get_ResultingImageType,
    raw_cd_image_get_StartOfLeadout,
    raw_cd_image_put_StartOfLeadoutLimit,
    raw_cd_image_get_StartOfLeadoutLimit,
    raw_cd_image_put_DisableGaplessAudio,
    raw_cd_image_get_DisableGaplessAudio,
    raw_cd_image_put_MediaCatalogNumber,
    raw_cd_image_get_MediaCatalogNumber,
    raw_cd_image_put_StartingTrackNumber,
    raw_cd_image_get_StartingTrackNumber,
    raw_cd_image_get_TrackInfo,
    raw_cd_image_get_NumberOfExistingTracks,
    raw_cd_image_get_LastUsedUserSectorInImage,
    raw_cd_image_get_ExpectedTableOfContents,
};

HRESULT raw_cd_image_create(REFIID riid, void **out)
{
    struct raw_cd_image *object;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(object = calloc(1, sizeof(*object))))
        return E_OUTOFMEMORY;

    object->IRawCDImageCreator_iface.lpVtbl = &raw_cd_image_vtbl;
    object->refcount = 1;
    object->image_type = IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED;
    object->starting_track_number = 1;

    hr = IRawCDImageCreator_QueryInterface(&object->IRawCDImageCreator_iface, riid, out);
    IRawCDImageCreator_Release(&object->IRawCDImageCreator_iface);
    return hr;
}
