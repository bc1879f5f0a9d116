/*
 * Image Mastering API v2: the IRawCDImageTrackInfo of a track of MsftRawCDImageCreator.
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

/* A view of one track of an image creator: it holds the creator and reads and changes the
 * creator's track under the creator's lock. */
struct raw_cd_track_info
{
    IRawCDImageTrackInfo IRawCDImageTrackInfo_iface;
    LONG refcount;

    IRawCDImageCreator *creator;
    LONG index;
};

static inline struct raw_cd_track_info *impl_from_IRawCDImageTrackInfo(IRawCDImageTrackInfo *iface)
{
    return CONTAINING_RECORD(iface, struct raw_cd_track_info, IRawCDImageTrackInfo_iface);
}

static struct raw_cd_track *lock_track(struct raw_cd_track_info *object, BOOL *read_only)
{
    return raw_cd_image_lock_track(object->creator, object->index, read_only);
}

static void unlock_track(struct raw_cd_track_info *object)
{
    raw_cd_image_unlock(object->creator);
}

static HRESULT WINAPI raw_cd_track_info_QueryInterface(IRawCDImageTrackInfo *iface, REFIID riid,
        void **out)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IRawCDImageTrackInfo))
    {
        *out = &object->IRawCDImageTrackInfo_iface;
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

static ULONG WINAPI raw_cd_track_info_AddRef(IRawCDImageTrackInfo *iface)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);
    ULONG refcount = InterlockedIncrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI raw_cd_track_info_Release(IRawCDImageTrackInfo *iface)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);
    ULONG refcount = InterlockedDecrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        IRawCDImageCreator_Release(object->creator);
        free(object);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI raw_cd_track_info_GetTypeInfoCount(IRawCDImageTrackInfo *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI raw_cd_track_info_GetTypeInfo(IRawCDImageTrackInfo *iface, UINT index,
        LCID lcid, ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IRawCDImageTrackInfo_tid, index, typeinfo);
}

static HRESULT WINAPI raw_cd_track_info_GetIDsOfNames(IRawCDImageTrackInfo *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IRawCDImageTrackInfo_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI raw_cd_track_info_Invoke(IRawCDImageTrackInfo *iface, DISPID member,
        REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result,
        EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);

    return dispatch_invoke(IRawCDImageTrackInfo_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

enum track_field
{
    FIELD_STARTING_LBA,
    FIELD_SECTOR_COUNT,
    FIELD_TRACK_NUMBER,
    FIELD_SECTOR_TYPE,
    FIELD_COPY_SETTING,
};

static HRESULT get_field(struct raw_cd_track_info *object, enum track_field field, LONG *value)
{
    struct raw_cd_track *track;
    BOOL read_only;

    if (!value) return E_POINTER;
    if (!(track = lock_track(object, &read_only)))
        return E_UNEXPECTED;
    switch (field)
    {
    case FIELD_STARTING_LBA: *value = track->start; break;
    case FIELD_SECTOR_COUNT: *value = track->count; break;
    case FIELD_TRACK_NUMBER: *value = track->number; break;
    case FIELD_SECTOR_TYPE: *value = track->type; break;
    case FIELD_COPY_SETTING: *value = track->copy; break;
    }
    unlock_track(object);
    return S_OK;
}

static HRESULT WINAPI raw_cd_track_info_get_StartingLba(IRawCDImageTrackInfo *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    return get_field(impl_from_IRawCDImageTrackInfo(iface), FIELD_STARTING_LBA, value);
}

static HRESULT WINAPI raw_cd_track_info_get_SectorCount(IRawCDImageTrackInfo *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    return get_field(impl_from_IRawCDImageTrackInfo(iface), FIELD_SECTOR_COUNT, value);
}

static HRESULT WINAPI raw_cd_track_info_get_TrackNumber(IRawCDImageTrackInfo *iface, LONG *value)
{
    TRACE("%p, %p.\n", iface, value);

    return get_field(impl_from_IRawCDImageTrackInfo(iface), FIELD_TRACK_NUMBER, value);
}

static HRESULT WINAPI raw_cd_track_info_get_SectorType(IRawCDImageTrackInfo *iface,
        IMAPI_CD_SECTOR_TYPE *value)
{
    TRACE("%p, %p.\n", iface, value);

    return get_field(impl_from_IRawCDImageTrackInfo(iface), FIELD_SECTOR_TYPE, (LONG *)value);
}

static HRESULT WINAPI raw_cd_track_info_get_ISRC(IRawCDImageTrackInfo *iface, BSTR *value)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);
    struct raw_cd_track *track;
    HRESULT hr = S_OK;
    BOOL read_only;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (!(track = lock_track(object, &read_only)))
        return E_UNEXPECTED;
    if (track->isrc[0] && !(*value = SysAllocString(track->isrc)))
        hr = E_OUTOFMEMORY;
    unlock_track(object);
    return hr;
}

/* ISRC: CC-OOO-YY-NNNNN without the dashes: a country code and an owner code of letters or
 * digits, the year and a serial number of digits (the Q sub-channel mode 3 encoding). */
static BOOL isrc_valid(const WCHAR *isrc)
{
    unsigned int i;

    if (wcslen(isrc) != 12) return FALSE;
    for (i = 0; i < 12; i++)
    {
        if (isrc[i] >= '0' && isrc[i] <= '9') continue;
        if (i < 5 && isrc[i] >= 'A' && isrc[i] <= 'Z') continue;
        return FALSE;
    }
    return TRUE;
}

static HRESULT WINAPI raw_cd_track_info_put_ISRC(IRawCDImageTrackInfo *iface, BSTR value)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);
    struct raw_cd_track *track;
    HRESULT hr = S_OK;
    BOOL read_only;

    TRACE("%p, %s.\n", iface, debugstr_w(value));

    if (value && *value && !isrc_valid(value))
        return E_INVALIDARG;
    if (!(track = lock_track(object, &read_only)))
        return E_UNEXPECTED;
    if (read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else if (track->type != IMAPI_CD_SECTOR_AUDIO)
        hr = E_INVALIDARG;
    else if (value)
        lstrcpynW(track->isrc, value, ARRAY_SIZE(track->isrc));
    else
        track->isrc[0] = 0;
    unlock_track(object);
    return hr;
}

static HRESULT WINAPI raw_cd_track_info_get_DigitalAudioCopySetting(IRawCDImageTrackInfo *iface,
        IMAPI_CD_TRACK_DIGITAL_COPY_SETTING *value)
{
    TRACE("%p, %p.\n", iface, value);

    return get_field(impl_from_IRawCDImageTrackInfo(iface), FIELD_COPY_SETTING, (LONG *)value);
}

static HRESULT WINAPI raw_cd_track_info_put_DigitalAudioCopySetting(IRawCDImageTrackInfo *iface,
        IMAPI_CD_TRACK_DIGITAL_COPY_SETTING value)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);
    struct raw_cd_track *track;
    HRESULT hr = S_OK;
    BOOL read_only;

    TRACE("%p, %d.\n", iface, value);

    if (value < IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED || value > IMAPI_CD_TRACK_DIGITAL_COPY_SCMS)
        return E_INVALIDARG;
    if (!(track = lock_track(object, &read_only)))
        return E_UNEXPECTED;
    if (read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else
        track->copy = value;
    unlock_track(object);
    return hr;
}

static HRESULT WINAPI raw_cd_track_info_get_AudioHasPreemphasis(IRawCDImageTrackInfo *iface,
        VARIANT_BOOL *value)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);
    struct raw_cd_track *track;
    BOOL read_only;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (!(track = lock_track(object, &read_only)))
        return E_UNEXPECTED;
    *value = track->preemphasis ? VARIANT_TRUE : VARIANT_FALSE;
    unlock_track(object);
    return S_OK;
}

static HRESULT WINAPI raw_cd_track_info_put_AudioHasPreemphasis(IRawCDImageTrackInfo *iface,
        VARIANT_BOOL value)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);
    struct raw_cd_track *track;
    HRESULT hr = S_OK;
    BOOL read_only;

    TRACE("%p, %#x.\n", iface, value);

    if (!(track = lock_track(object, &read_only)))
        return E_UNEXPECTED;
    if (read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else if (track->type != IMAPI_CD_SECTOR_AUDIO)
        hr = E_INVALIDARG;
    else
        track->preemphasis = !!value;
    unlock_track(object);
    return hr;
}

/* The offsets from the track's start of its indexes 1, 2, ...: index 1 is always at 0. */
static HRESULT WINAPI raw_cd_track_info_get_TrackIndexes(IRawCDImageTrackInfo *iface,
        SAFEARRAY **value)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);
    LONG indexes[RAW_CD_MAX_INDEXES], count, i;
    struct raw_cd_track *track;
    SAFEARRAY *array;
    BOOL read_only;
    VARIANT *data;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (!(track = lock_track(object, &read_only)))
        return E_UNEXPECTED;
    count = track->index_count;
    memcpy(indexes, track->indexes, count * sizeof(*indexes));
    unlock_track(object);

    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, count)))
        return E_OUTOFMEMORY;
    if (FAILED(hr = SafeArrayAccessData(array, (void **)&data)))
    {
        SafeArrayDestroy(array);
        return hr;
    }
    for (i = 0; i < count; i++)
    {
        V_VT(&data[i]) = VT_I4;
        V_I4(&data[i]) = indexes[i];
    }
    SafeArrayUnaccessData(array);
    *value = array;
    return S_OK;
}

static HRESULT WINAPI raw_cd_track_info_AddTrackIndex(IRawCDImageTrackInfo *iface, LONG offset)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);
    struct raw_cd_track *track;
    HRESULT hr = S_OK;
    BOOL read_only;
    LONG i;

    TRACE("%p, %ld.\n", iface, offset);

    if (!(track = lock_track(object, &read_only)))
        return E_UNEXPECTED;
    if (read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else if (offset < 0 || offset >= track->count)
        hr = E_INVALIDARG;
    else
    {
        for (i = 0; i < track->index_count && track->indexes[i] < offset; i++)
            ;
        if (i < track->index_count && track->indexes[i] == offset)
            hr = S_IMAPI_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS;
        else if (track->index_count == RAW_CD_MAX_INDEXES)
            hr = E_IMAPI_RAW_IMAGE_TOO_MANY_TRACK_INDEXES;
        else if ((i && offset - track->indexes[i - 1] < RAW_CD_MIN_INDEX_DISTANCE)
                || (i < track->index_count
                && track->indexes[i] - offset < RAW_CD_MIN_INDEX_DISTANCE))
            hr = E_IMAPI_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX;
        else
        {
            memmove(&track->indexes[i + 1], &track->indexes[i],
                    (track->index_count - i) * sizeof(*track->indexes));
            track->indexes[i] = offset;
            track->index_count++;
        }
    }
    unlock_track(object);
    return hr;
}

static HRESULT WINAPI raw_cd_track_info_ClearTrackIndex(IRawCDImageTrackInfo *iface, LONG offset)
{
    struct raw_cd_track_info *object = impl_from_IRawCDImageTrackInfo(iface);
    struct raw_cd_track *track;
    HRESULT hr = E_IMAPI_RAW_IMAGE_TRACK_INDEX_NOT_FOUND;
    BOOL read_only;
    LONG i;

    TRACE("%p, %ld.\n", iface, offset);

    if (!(track = lock_track(object, &read_only)))
        return E_UNEXPECTED;
    if (read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else if (!offset)
        hr = E_IMAPI_RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED;
    else
    {
        for (i = 1; i < track->index_count; i++)
        {
            if (track->indexes[i] != offset) continue;
            memmove(&track->indexes[i], &track->indexes[i + 1],
                    (track->index_count - i - 1) * sizeof(*track->indexes));
            track->index_count--;
            hr = S_OK;
            break;
        }
    }
    unlock_track(object);
    return hr;
}

static const IRawCDImageTrackInfoVtbl raw_cd_track_info_vtbl =
{
    raw_cd_track_info_QueryInterface,
    raw_cd_track_info_AddRef,
    raw_cd_track_info_Release,
    raw_cd_track_info_GetTypeInfoCount,
    raw_cd_track_info_GetTypeInfo,
    raw_cd_track_info_GetIDsOfNames,
    raw_cd_track_info_Invoke,
    raw_cd_track_info_get_StartingLba,
    raw_cd_track_info_get_SectorCount,
    raw_cd_track_info_get_TrackNumber,
    raw_cd_track_info_get_SectorType,
    raw_cd_track_info_get_ISRC,
    raw_cd_track_info_put_ISRC,
    raw_cd_track_info_get_DigitalAudioCopySetting,
    raw_cd_track_info_put_DigitalAudioCopySetting,
    raw_cd_track_info_get_AudioHasPreemphasis,
    raw_cd_track_info_put_AudioHasPreemphasis,
    raw_cd_track_info_get_TrackIndexes,
    raw_cd_track_info_AddTrackIndex,
    raw_cd_track_info_ClearTrackIndex,
};

HRESULT raw_cd_track_info_create(IRawCDImageCreator *creator, LONG index,
        IRawCDImageTrackInfo **out)
{
    struct raw_cd_track_info *object;

    TRACE("%p, %ld, %p.\n", creator, index, out);

    if (!(object = calloc(1, sizeof(*object))))
        return E_OUTOFMEMORY;

    object->IRawCDImageTrackInfo_iface.lpVtbl = &raw_cd_track_info_vtbl;
    object->refcount = 1;
    lock_module();
    IRawCDImageCreator_AddRef(object->creator = creator);
    object->index = index;

    *out = &object->IRawCDImageTrackInfo_iface;
    return S_OK;
}
