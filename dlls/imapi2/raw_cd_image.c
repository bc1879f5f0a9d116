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

    CRITICAL_SECTION cs;
    IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE image_type;
    LONG start_of_leadout_limit;
    VARIANT_BOOL disable_gapless_audio;
    BSTR media_catalog_number;
    LONG starting_track_number;
    IStream *special_pregap;
    IStream *subcode;
    BOOL read_only;                 /* CreateResultImage was called */
    LONG track_count;
    struct raw_cd_track tracks[99];
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
        LONG i;

        for (i = 0; i < object->track_count; i++)
            IStream_Release(object->tracks[i].data);
        if (object->special_pregap) IStream_Release(object->special_pregap);
        if (object->subcode) IStream_Release(object->subcode);
        SysFreeString(object->media_catalog_number);
        object->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&object->cs);
        free(object);
        unlock_module();
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

/* Track starts follow from the track lengths: the first track has its 2-second pre-gap at
 * LBA -150 and starts at 0; the others follow directly, or after a 2-second pre-gap of their own
 * when gapless audio is disabled. */
static void update_layout(struct raw_cd_image *object)
{
    LONG i, next = 0;

    for (i = 0; i < object->track_count; i++)
    {
        struct raw_cd_track *track = &object->tracks[i];

        track->number = object->starting_track_number + i;
        track->pregap = !i || object->disable_gapless_audio ? RAW_CD_PREGAP_SECTORS : 0;
        track->start = i ? next + track->pregap : 0;
        next = track->start + track->count;
    }
}

static LONG start_of_leadout(const struct raw_cd_image *object)
{
    const struct raw_cd_track *last;

    if (!object->track_count) return 0;
    last = &object->tracks[object->track_count - 1];
    return last->start + last->count;
}

static HRESULT stream_size(IStream *stream, ULONGLONG *size)
{
    STATSTG stat;
    HRESULT hr;

    if (FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME)))
        return hr;
    *size = stat.cbSize.QuadPart;
    return S_OK;
}

ULONG raw_cd_image_sector_size(IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type)
{
    /* MMC data block types 1 (16 bytes of P-Q), 2 (96 bytes of packed R-W) and 3 (96 bytes of
     * raw interleaved P-W). */
    return type == IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY ? RAW_CD_SECTOR_SIZE + 16
            : RAW_CD_SECTOR_SIZE + 96;
}

LONG raw_cd_layout_sector_count(const struct raw_cd_layout *layout)
{
    return layout->leadout + RAW_CD_LEADOUT_SECTORS - RAW_CD_IMAGE_FIRST_LBA;
}

void raw_cd_layout_release(struct raw_cd_layout *layout)
{
    LONG i;

    if (InterlockedDecrement(&layout->refcount)) return;
    for (i = 0; i < layout->track_count; i++)
        if (layout->tracks[i].data) IStream_Release(layout->tracks[i].data);
    if (layout->special_pregap) IStream_Release(layout->special_pregap);
    if (layout->subcode) IStream_Release(layout->subcode);
    layout->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&layout->cs);
    free(layout);
}

struct raw_cd_track *raw_cd_image_lock_track(IRawCDImageCreator *iface, LONG index,
        BOOL *read_only)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    LONG i;

    EnterCriticalSection(&object->cs);
    i = index - object->starting_track_number;
    if (i < 0 || i >= object->track_count)
    {
        LeaveCriticalSection(&object->cs);
        return NULL;
    }
    *read_only = object->read_only;
    return &object->tracks[i];
}

void raw_cd_image_unlock(IRawCDImageCreator *iface)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    LeaveCriticalSection(&object->cs);
}

static HRESULT WINAPI raw_cd_image_CreateResultImage(IRawCDImageCreator *iface, IStream **result)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    struct raw_cd_layout *layout;
    ULONGLONG size = 0;
    HRESULT hr;
    LONG i;

    TRACE("%p, %p.\n", iface, result);

    if (!result) return E_POINTER;
    *result = NULL;

    if (!(layout = calloc(1, sizeof(*layout))))
        return E_OUTOFMEMORY;

    EnterCriticalSection(&object->cs);
    if (object->read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else if (!object->track_count)
        hr = E_IMAPI_RAW_IMAGE_NO_TRACKS;
    else if (object->start_of_leadout_limit
            && start_of_leadout(object) > object->start_of_leadout_limit)
        hr = E_IMAPI_RAW_IMAGE_INSUFFICIENT_SPACE;
    else
        hr = S_OK;
    if (SUCCEEDED(hr))
    {
        layout->refcount = 1;
        InitializeCriticalSection(&layout->cs);
        layout->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": raw_cd_layout.cs");
        layout->type = object->image_type;
        layout->leadout = start_of_leadout(object);
        layout->track_count = object->track_count;
        memcpy(layout->tracks, object->tracks, object->track_count * sizeof(*object->tracks));
        for (i = 0; i < layout->track_count; i++)
            IStream_AddRef(layout->tracks[i].data);
        if (object->media_catalog_number)
            WideCharToMultiByte(CP_ACP, 0, object->media_catalog_number, -1, layout->mcn,
                    sizeof(layout->mcn), NULL, NULL);
        if ((layout->special_pregap = object->special_pregap))
            IStream_AddRef(layout->special_pregap);
        if ((layout->subcode = object->subcode))
            IStream_AddRef(layout->subcode);
    }
    LeaveCriticalSection(&object->cs);
    if (FAILED(hr))
    {
        free(layout);
        return hr;
    }

    /* The R-W generator covers every sector of the image. */
    if (layout->subcode && (FAILED(hr = stream_size(layout->subcode, &size))
            || size != (ULONGLONG)raw_cd_layout_sector_count(layout) * 96))
    {
        WARN("R-W sub-code stream of %s bytes, expected %ld sectors.\n",
                wine_dbgstr_longlong(size), raw_cd_layout_sector_count(layout));
        raw_cd_layout_release(layout);
        return FAILED(hr) ? hr : E_INVALIDARG;
    }

    hr = raw_cd_image_stream_create(layout, result);
    raw_cd_layout_release(layout);
    if (FAILED(hr)) return hr;

    EnterCriticalSection(&object->cs);
    object->read_only = TRUE;
    LeaveCriticalSection(&object->cs);
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_AddTrack(IRawCDImageCreator *iface, IMAPI_CD_SECTOR_TYPE type,
        IStream *data, LONG *index)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    struct raw_cd_track *track;
    ULONGLONG size;
    HRESULT hr;

    TRACE("%p, %d, %p, %p.\n", iface, type, data, index);

    if (!data || !index) return E_POINTER;
    *index = 0;
    if (type < IMAPI_CD_SECTOR_AUDIO || type > IMAPI_CD_SECTOR_MODE2FORM2RAW)
        return E_INVALIDARG;
    /* The documentation: audio is the only type AddTrack supports. */
    if (type != IMAPI_CD_SECTOR_AUDIO)
        return E_IMAPI_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED;

    if (FAILED(hr = stream_size(data, &size)))
        return hr;
    if (size % RAW_CD_SECTOR_SIZE || size / RAW_CD_SECTOR_SIZE < RAW_CD_MIN_TRACK_SECTORS)
    {
        WARN("Stream of %s bytes.\n", wine_dbgstr_longlong(size));
        return E_INVALIDARG;
    }

    EnterCriticalSection(&object->cs);
    if (object->read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else if (object->starting_track_number + object->track_count > 99)
        hr = E_IMAPI_RAW_IMAGE_TOO_MANY_TRACKS;
    else if (start_of_leadout(object) + RAW_CD_PREGAP_SECTORS + size / RAW_CD_SECTOR_SIZE
            > RAW_CD_MAX_LEADOUT_LBA)
        hr = E_IMAPI_RAW_IMAGE_INSUFFICIENT_SPACE;
    if (SUCCEEDED(hr))
    {
        track = &object->tracks[object->track_count++];
        memset(track, 0, sizeof(*track));
        track->data = data;
        IStream_AddRef(data);
        track->type = type;
        track->count = size / RAW_CD_SECTOR_SIZE;
        track->copy = IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED;
        track->index_count = 1;
        update_layout(object);
        *index = track->number;
    }
    LeaveCriticalSection(&object->cs);
    return hr;
}

static HRESULT WINAPI raw_cd_image_AddSpecialPregap(IRawCDImageCreator *iface, IStream *data)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    ULONGLONG size;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, data);

    if (!data) return E_POINTER;
    /* It replaces the silence of the first track's 2-second pre-gap. */
    if (FAILED(hr = stream_size(data, &size)))
        return hr;
    if (size != RAW_CD_PREGAP_SECTORS * RAW_CD_SECTOR_SIZE)
        return E_INVALIDARG;

    EnterCriticalSection(&object->cs);
    if (object->read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else
    {
        if (object->special_pregap) IStream_Release(object->special_pregap);
        IStream_AddRef(object->special_pregap = data);
    }
    LeaveCriticalSection(&object->cs);
    return hr;
}

static HRESULT WINAPI raw_cd_image_AddSubcodeRWGenerator(IRawCDImageCreator *iface,
        IStream *subcode)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, subcode);

    if (!subcode) return E_POINTER;

    /* Its size is checked against the image in CreateResultImage. */
    EnterCriticalSection(&object->cs);
    if (object->read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else
    {
        if (object->subcode) IStream_Release(object->subcode);
        IStream_AddRef(object->subcode = subcode);
    }
    LeaveCriticalSection(&object->cs);
    return hr;
}

static HRESULT WINAPI raw_cd_image_put_ResultingImageType(IRawCDImageCreator *iface,
        IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %d.\n", iface, value);

    if (value < IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY || value > IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW)
        return E_INVALIDARG;
    EnterCriticalSection(&object->cs);
    if (object->read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else
        object->image_type = value;
    LeaveCriticalSection(&object->cs);
    return hr;
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
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&object->cs);
    *value = start_of_leadout(object);
    LeaveCriticalSection(&object->cs);
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_put_StartOfLeadoutLimit(IRawCDImageCreator *iface, LONG value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %ld.\n", iface, value);

    if (value < 0) return E_INVALIDARG;
    EnterCriticalSection(&object->cs);
    if (object->read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else
        object->start_of_leadout_limit = value;
    LeaveCriticalSection(&object->cs);
    return hr;
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
    HRESULT hr = S_OK;

    TRACE("%p, %#x.\n", iface, value);

    EnterCriticalSection(&object->cs);
    if (object->read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else
    {
        object->disable_gapless_audio = value ? VARIANT_TRUE : VARIANT_FALSE;
        update_layout(object);
    }
    LeaveCriticalSection(&object->cs);
    return hr;
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
    HRESULT hr = S_OK;
    unsigned int i;

    TRACE("%p, %s.\n", iface, debugstr_w(value));

    /* The Q sub-channel carries 13 BCD digits (a UPC/EAN code); an empty string clears it. */
    if (value && *value)
    {
        if (wcslen(value) != 13) return E_INVALIDARG;
        for (i = 0; i < 13; i++)
            if (value[i] < '0' || value[i] > '9') return E_INVALIDARG;
        if (!(number = SysAllocString(value)))
            return E_OUTOFMEMORY;
    }
    EnterCriticalSection(&object->cs);
    if (object->read_only)
    {
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
        SysFreeString(number);
    }
    else
    {
        SysFreeString(object->media_catalog_number);
        object->media_catalog_number = number;
    }
    LeaveCriticalSection(&object->cs);
    return hr;
}

static HRESULT WINAPI raw_cd_image_get_MediaCatalogNumber(IRawCDImageCreator *iface, BSTR *value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;

    EnterCriticalSection(&object->cs);
    *value = NULL;
    if (object->media_catalog_number && !(*value = SysAllocString(object->media_catalog_number)))
        hr = E_OUTOFMEMORY;
    LeaveCriticalSection(&object->cs);
    return hr;
}

static HRESULT WINAPI raw_cd_image_put_StartingTrackNumber(IRawCDImageCreator *iface, LONG value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %ld.\n", iface, value);

    /* Red Book track numbers run from 1 to 99. */
    if (value < 1 || value > 99) return E_INVALIDARG;
    EnterCriticalSection(&object->cs);
    if (object->read_only)
        hr = E_IMAPI_RAW_IMAGE_IS_READ_ONLY;
    else if (object->track_count)
        hr = E_IMAPI_RAW_IMAGE_TRACKS_ALREADY_ADDED;
    else
        object->starting_track_number = value;
    LeaveCriticalSection(&object->cs);
    return hr;
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
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    BOOL exists;

    TRACE("%p, %ld, %p.\n", iface, index, value);

    if (!value) return E_POINTER;
    *value = NULL;
    /* The index is the track number AddTrack returned. */
    EnterCriticalSection(&object->cs);
    exists = index >= object->starting_track_number
            && index < object->starting_track_number + object->track_count;
    LeaveCriticalSection(&object->cs);
    if (!exists) return E_INVALIDARG;
    return raw_cd_track_info_create(iface, index, value);
}

static HRESULT WINAPI raw_cd_image_get_NumberOfExistingTracks(IRawCDImageCreator *iface,
        LONG *value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&object->cs);
    *value = object->track_count;
    LeaveCriticalSection(&object->cs);
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_get_LastUsedUserSectorInImage(IRawCDImageCreator *iface,
        LONG *value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&object->cs);
    *value = start_of_leadout(object) - 1;
    LeaveCriticalSection(&object->cs);
    return S_OK;
}

/* The TOC READ TOC/PMA/ATIP format 0000b (LBA addresses) will give for the written disc; each
 * byte one VARIANT of type VT_UI1, as IDiscFormat2TrackAtOnce gives it. */
static HRESULT WINAPI raw_cd_image_get_ExpectedTableOfContents(IRawCDImageCreator *iface,
        SAFEARRAY * *value)
{
    struct raw_cd_image *object = impl_from_IRawCDImageCreator(iface);
    BYTE toc[4 + 8 * 100], *entry;
    SAFEARRAY *array;
    VARIANT *data;
    LONG i, size;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;

    EnterCriticalSection(&object->cs);
    if (!object->track_count)
    {
        LeaveCriticalSection(&object->cs);
        return E_IMAPI_RAW_IMAGE_NO_TRACKS;
    }
    size = 4 + 8 * (object->track_count + 1);
    memset(toc, 0, size);
    toc[0] = (size - 2) >> 8;
    toc[1] = size - 2;
    toc[2] = object->starting_track_number;
    toc[3] = object->starting_track_number + object->track_count - 1;
    for (i = 0; i <= object->track_count; i++)
    {
        const struct raw_cd_track *track = &object->tracks[min(i, object->track_count - 1)];
        LONG start = track->start;
        BYTE control = 0;

        if (track->copy == IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED) control |= 0x2;
        if (track->preemphasis) control |= 0x1;
        entry = toc + 4 + 8 * i;
        entry[1] = 0x10 | control;      /* ADR 1: the Q sub-channel position */
        entry[2] = track->number;
        if (i == object->track_count)
        {
            entry[2] = 0xaa;
            start = track->start + track->count;
        }
        entry[4] = start >> 24;
        entry[5] = start >> 16;
        entry[6] = start >> 8;
        entry[7] = start;
    }
    LeaveCriticalSection(&object->cs);

    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, size)))
        return E_OUTOFMEMORY;
    if (FAILED(hr = SafeArrayAccessData(array, (void **)&data)))
    {
        SafeArrayDestroy(array);
        return hr;
    }
    for (i = 0; i < size; i++)
    {
        V_VT(&data[i]) = VT_UI1;
        V_UI1(&data[i]) = toc[i];
    }
    SafeArrayUnaccessData(array);
    *value = array;
    return S_OK;
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
    lock_module();
    InitializeCriticalSection(&object->cs);
    object->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": raw_cd_image.cs");
    object->image_type = IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED;
    object->starting_track_number = 1;

    hr = IRawCDImageCreator_QueryInterface(&object->IRawCDImageCreator_iface, riid, out);
    IRawCDImageCreator_Release(&object->IRawCDImageCreator_iface);
    return hr;
}
