/*
 * Image Mastering API v2: MsftDiscFormat2TrackAtOnce, audio CDs written track at once.
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
#include "media_state.h"
#include "patience.h"
#include "transport.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* Audio tracks are written track at once on CD-R and CD-RW, in sectors of
 * 588 stereo samples of 16 bits. */
#define AUDIO_SECTOR_SIZE 2352

static const WORD format_tao_profiles[] = { MMC_PROFILE_CD_R, MMC_PROFILE_CD_RW };
static const WORD format_tao_features[] = { MMC_FEATURE_CD_TRACK_AT_ONCE };

static const struct format_base_desc format_tao_desc =
{
    L"track at once",
    format_tao_profiles, ARRAY_SIZE(format_tao_profiles),
    format_tao_features, ARRAY_SIZE(format_tao_features),
    E_IMAPI_DF2TAO_RECORDER_NOT_SUPPORTED,
    E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID,
};

struct format_tao
{
    IDiscFormat2TrackAtOnce IDiscFormat2TrackAtOnce_iface;
    IBurnVerification IBurnVerification_iface;
    struct event_source events;
    LONG refcount;

    struct format_base base;
    VARIANT_BOOL buffer_underrun_free_disabled;
    VARIANT_BOOL do_not_finalize_media;

    CRITICAL_SECTION cs;            /* the fields below; never held across SCSI I/O */
    BOOL preparing;                 /* PrepareMedia runs */
    IDiscRecorder2 *prepared;       /* PrepareMedia to ReleaseMedia: the recorder, held exclusively */
    BOOL locked;                    /* its exclusive access was taken */
    IMAPI_BURN_VERIFICATION_LEVEL verification_level;
};

static inline struct format_tao *impl_from_IDiscFormat2TrackAtOnce(IDiscFormat2TrackAtOnce *iface)
{
    return CONTAINING_RECORD(iface, struct format_tao, IDiscFormat2TrackAtOnce_iface);
}

static HRESULT WINAPI format_tao_QueryInterface(IDiscFormat2TrackAtOnce *iface, REFIID riid,
        void **out)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IDiscFormat2)
            || IsEqualGUID(riid, &IID_IDiscFormat2TrackAtOnce))
    {
        *out = &object->IDiscFormat2TrackAtOnce_iface;
    }
    else if (IsEqualGUID(riid, &IID_IBurnVerification))
    {
        *out = &object->IBurnVerification_iface;
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

static ULONG WINAPI format_tao_AddRef(IDiscFormat2TrackAtOnce *iface)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    ULONG refcount = InterlockedIncrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI format_tao_Release(IDiscFormat2TrackAtOnce *iface)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    ULONG refcount = InterlockedDecrement(&object->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        event_source_cleanup(&object->events);
        if (object->prepared)
        {
            if (object->locked)
                IDiscRecorder2_ReleaseExclusiveAccess(object->prepared);
            IDiscRecorder2_Release(object->prepared);
        }
        object->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&object->cs);
        format_base_cleanup(&object->base);
        free(object);
    }
    return refcount;
}

static HRESULT WINAPI format_tao_GetTypeInfoCount(IDiscFormat2TrackAtOnce *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI format_tao_GetTypeInfo(IDiscFormat2TrackAtOnce *iface, UINT index, LCID lcid,
        ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IDiscFormat2TrackAtOnce_tid, index, typeinfo);
}

static HRESULT WINAPI format_tao_GetIDsOfNames(IDiscFormat2TrackAtOnce *iface, REFIID riid,
        LPOLESTR *names,
        UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IDiscFormat2TrackAtOnce_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI format_tao_Invoke(IDiscFormat2TrackAtOnce *iface, DISPID member, REFIID riid,
        LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);

    return dispatch_invoke(IDiscFormat2TrackAtOnce_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

static HRESULT WINAPI format_tao_IsRecorderSupported(IDiscFormat2TrackAtOnce *iface, IDiscRecorder2 *recorder, VARIANT_BOOL *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    return format_base_IsRecorderSupported(&object->base, recorder, value);
}

static HRESULT WINAPI format_tao_IsCurrentMediaSupported(IDiscFormat2TrackAtOnce *iface, IDiscRecorder2 *recorder, VARIANT_BOOL *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    return format_base_IsCurrentMediaSupported(&object->base, recorder, value);
}

static HRESULT WINAPI format_tao_get_MediaPhysicallyBlank(IDiscFormat2TrackAtOnce *iface, VARIANT_BOOL *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    return format_base_get_MediaPhysicallyBlank(&object->base, value);
}

static HRESULT WINAPI format_tao_get_MediaHeuristicallyBlank(IDiscFormat2TrackAtOnce *iface, VARIANT_BOOL *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    return format_base_get_MediaHeuristicallyBlank(&object->base, value);
}

static HRESULT WINAPI format_tao_get_SupportedMediaTypes(IDiscFormat2TrackAtOnce *iface, SAFEARRAY **value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    return format_base_get_SupportedMediaTypes(&object->base, value);
}

/* The medium PrepareMedia accepts: a blank CD-R or CD-RW, where the audio
 * tracks open the first session. */
static HRESULT check_media(struct recorder_device *device, const LONG *cancel)
{
    struct media_snapshot snapshot;
    struct mmc_device inner, dev;
    struct patience patience;
    HRESULT hr;

    transport_device(recorder_device_transport(device), &inner);
    patience_init(&patience, &inner, cancel, &dev);
    if (FAILED(hr = media_snapshot_read(&dev, &snapshot, 0)))
        return hr;
    TRACE("Profile %#x, blank %d, appendable %d.\n", snapshot.profile, snapshot.blank, snapshot.appendable);
    if (snapshot.profile != MMC_PROFILE_CD_R && snapshot.profile != MMC_PROFILE_CD_RW)
        return E_IMAPI_DF2TAO_MEDIA_IS_NOT_SUPPORTED;
    if (!snapshot.blank)
        return E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK;
    return S_OK;
}

/* Microsoft: PrepareMedia locks the medium for the tracks that follow, until
 * ReleaseMedia; it needs a recorder and a client name (the name of the
 * exclusive access it takes). */
static HRESULT WINAPI format_tao_PrepareMedia(IDiscFormat2TrackAtOnce *iface)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    struct recorder_device *device;
    IDiscRecorder2 *recorder;
    BSTR client_name = NULL;
    LONG cancel = FALSE;
    BOOL locked = FALSE;
    HRESULT hr;

    TRACE("%p.\n", iface);

    if (FAILED(hr = format_base_get_device(&object->base, &device, &recorder)))
        return hr;
    if (FAILED(hr = format_base_get_ClientName(&object->base, &client_name)) || !client_name)
    {
        WARN("No client name.\n");
        recorder_device_release(device);
        IDiscRecorder2_Release(recorder);
        return FAILED(hr) ? hr : E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID;
    }

    EnterCriticalSection(&object->cs);
    if (object->prepared || object->preparing)
        hr = E_IMAPI_DF2TAO_MEDIA_IS_PREPARED;
    else
        object->preparing = TRUE;
    LeaveCriticalSection(&object->cs);
    if (FAILED(hr))
        goto done;

    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, client_name);
    if (SUCCEEDED(hr))
        locked = TRUE;
    if (SUCCEEDED(hr) || hr == E_NOTIMPL)
        hr = check_media(device, &cancel);
    if (FAILED(hr) && locked)
    {
        IDiscRecorder2_ReleaseExclusiveAccess(recorder);
        locked = FALSE;
    }

    EnterCriticalSection(&object->cs);
    object->preparing = FALSE;
    if (SUCCEEDED(hr))
    {
        IDiscRecorder2_AddRef(object->prepared = recorder);
        object->locked = locked;
        format_base_set_busy(&object->base, E_IMAPI_DF2TAO_MEDIA_IS_PREPARED);
    }
    LeaveCriticalSection(&object->cs);

done:
    SysFreeString(client_name);
    recorder_device_release(device);
    IDiscRecorder2_Release(recorder);
    TRACE("PrepareMedia done, hr %#lx.\n", hr);
    return hr;
}

/* Microsoft: 44.1 kHz 16-bit stereo samples, whole 2352-byte sectors. */
static HRESULT check_audio_stream(IStream *stream)
{
    STATSTG stat;
    HRESULT hr;

    if (FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME)))
        return hr;
    if (!stat.cbSize.QuadPart || stat.cbSize.QuadPart % AUDIO_SECTOR_SIZE
            || stat.cbSize.QuadPart / AUDIO_SECTOR_SIZE > MAXLONG)
    {
        WARN("Stream of %s bytes.\n", wine_dbgstr_longlong(stat.cbSize.QuadPart));
        return E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED;
    }
    return S_OK;
}

static HRESULT WINAPI format_tao_AddAudioTrack(IDiscFormat2TrackAtOnce *iface, IStream *data)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    HRESULT hr;

    TRACE("%p, %p.\n", iface, data);

    if (!data) return E_POINTER;
    if (!object->prepared) return E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED;
    if (FAILED(hr = check_audio_stream(data)))
        return hr;

    /* The audio write itself (page 05h for audio track at once, the 2-second
     * pre-gap, 2352-byte WRITEs through the write core, CLOSE TRACK) waits
     * for a recorder that takes 2352-byte blocks to test it against. */
    FIXME("%p, %p: writing audio tracks is not implemented.\n", iface, data);
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_CancelAddTrack(IDiscFormat2TrackAtOnce *iface)
{
    TRACE("%p.\n", iface);

    /* No AddAudioTrack ever runs yet. */
    return E_IMAPI_DF2TAO_WRITE_NOT_IN_PROGRESS;
}

/* Microsoft: ReleaseMedia closes what was written (the session, the disc
 * unless DoNotFinalizeMedia) and gives the medium up. */
static HRESULT WINAPI format_tao_ReleaseMedia(IDiscFormat2TrackAtOnce *iface)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    IDiscRecorder2 *recorder;
    BOOL locked;

    TRACE("%p.\n", iface);

    EnterCriticalSection(&object->cs);
    recorder = object->prepared;
    locked = object->locked;
    object->prepared = NULL;
    object->locked = FALSE;
    if (recorder)
        format_base_set_busy(&object->base, S_OK);
    LeaveCriticalSection(&object->cs);
    if (!recorder)
        return E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED;

    /* No track was written: nothing to close. */
    if (locked)
        IDiscRecorder2_ReleaseExclusiveAccess(recorder);
    IDiscRecorder2_Release(recorder);
    return S_OK;
}

static HRESULT WINAPI format_tao_SetWriteSpeed(IDiscFormat2TrackAtOnce *iface, LONG speed,
        VARIANT_BOOL pure_cav)
{
    FIXME("%p, %ld, %#x: stub\n", iface, speed, pure_cav);

    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_put_Recorder(IDiscFormat2TrackAtOnce *iface, IDiscRecorder2 *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    return format_base_put_Recorder(&object->base, value);
}

static HRESULT WINAPI format_tao_get_Recorder(IDiscFormat2TrackAtOnce *iface, IDiscRecorder2 **value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    return format_base_get_Recorder(&object->base, value);
}

static HRESULT WINAPI format_tao_put_BufferUnderrunFreeDisabled(IDiscFormat2TrackAtOnce *iface,
        VARIANT_BOOL value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p, %#x.\n", iface, value);

    object->buffer_underrun_free_disabled = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI format_tao_get_BufferUnderrunFreeDisabled(IDiscFormat2TrackAtOnce *iface,
        VARIANT_BOOL *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->buffer_underrun_free_disabled;
    return S_OK;
}

static HRESULT WINAPI format_tao_get_NumberOfExistingTracks(IDiscFormat2TrackAtOnce *iface,
        LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_get_TotalSectorsOnMedia(IDiscFormat2TrackAtOnce *iface,
        LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_get_FreeSectorsOnMedia(IDiscFormat2TrackAtOnce *iface, LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_get_UsedSectorsOnMedia(IDiscFormat2TrackAtOnce *iface, LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_put_DoNotFinalizeMedia(IDiscFormat2TrackAtOnce *iface,
        VARIANT_BOOL value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p, %#x.\n", iface, value);

    object->do_not_finalize_media = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI format_tao_get_DoNotFinalizeMedia(IDiscFormat2TrackAtOnce *iface,
        VARIANT_BOOL *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->do_not_finalize_media;
    return S_OK;
}

static HRESULT WINAPI format_tao_get_ExpectedTableOfContents(IDiscFormat2TrackAtOnce *iface,
        SAFEARRAY * *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_get_CurrentPhysicalMediaType(IDiscFormat2TrackAtOnce *iface, IMAPI_MEDIA_PHYSICAL_TYPE *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    return format_base_get_CurrentPhysicalMediaType(&object->base, value);
}

static HRESULT WINAPI format_tao_put_ClientName(IDiscFormat2TrackAtOnce *iface, BSTR value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    return format_base_put_ClientName(&object->base, value);
}

static HRESULT WINAPI format_tao_get_ClientName(IDiscFormat2TrackAtOnce *iface, BSTR *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    return format_base_get_ClientName(&object->base, value);
}

static HRESULT WINAPI format_tao_get_RequestedWriteSpeed(IDiscFormat2TrackAtOnce *iface,
        LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_get_RequestedRotationTypeIsPureCAV(IDiscFormat2TrackAtOnce *iface,
        VARIANT_BOOL *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_get_CurrentWriteSpeed(IDiscFormat2TrackAtOnce *iface, LONG *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_get_CurrentRotationTypeIsPureCAV(IDiscFormat2TrackAtOnce *iface,
        VARIANT_BOOL *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_get_SupportedWriteSpeeds(IDiscFormat2TrackAtOnce *iface,
        SAFEARRAY * *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static HRESULT WINAPI format_tao_get_SupportedWriteSpeedDescriptors(IDiscFormat2TrackAtOnce *iface,
        SAFEARRAY * *value)
{
    FIXME("%p, %p: stub\n", iface, value);

    if (!value) return E_POINTER;
    return E_NOTIMPL;
}

static const IDiscFormat2TrackAtOnceVtbl format_tao_vtbl =
{
    format_tao_QueryInterface,
    format_tao_AddRef,
    format_tao_Release,
    format_tao_GetTypeInfoCount,
    format_tao_GetTypeInfo,
    format_tao_GetIDsOfNames,
    format_tao_Invoke,
    format_tao_IsRecorderSupported,
    format_tao_IsCurrentMediaSupported,
    format_tao_get_MediaPhysicallyBlank,
    format_tao_get_MediaHeuristicallyBlank,
    format_tao_get_SupportedMediaTypes,
    format_tao_PrepareMedia,
    format_tao_AddAudioTrack,
    format_tao_CancelAddTrack,
    format_tao_ReleaseMedia,
    format_tao_SetWriteSpeed,
    format_tao_put_Recorder,
    format_tao_get_Recorder,
    format_tao_put_BufferUnderrunFreeDisabled,
    format_tao_get_BufferUnderrunFreeDisabled,
    format_tao_get_NumberOfExistingTracks,
    format_tao_get_TotalSectorsOnMedia,
    format_tao_get_FreeSectorsOnMedia,
    format_tao_get_UsedSectorsOnMedia,
    format_tao_put_DoNotFinalizeMedia,
    format_tao_get_DoNotFinalizeMedia,
    format_tao_get_ExpectedTableOfContents,
    format_tao_get_CurrentPhysicalMediaType,
    format_tao_put_ClientName,
    format_tao_get_ClientName,
    format_tao_get_RequestedWriteSpeed,
    format_tao_get_RequestedRotationTypeIsPureCAV,
    format_tao_get_CurrentWriteSpeed,
    format_tao_get_CurrentRotationTypeIsPureCAV,
    format_tao_get_SupportedWriteSpeeds,
    format_tao_get_SupportedWriteSpeedDescriptors,
};

static inline struct format_tao *impl_from_IBurnVerification(IBurnVerification *iface)
{
    return CONTAINING_RECORD(iface, struct format_tao, IBurnVerification_iface);
}

static HRESULT WINAPI format_tao_verification_QueryInterface(IBurnVerification *iface, REFIID riid,
        void **out)
{
    struct format_tao *object = impl_from_IBurnVerification(iface);
    return format_tao_QueryInterface(&object->IDiscFormat2TrackAtOnce_iface, riid, out);
}

static ULONG WINAPI format_tao_verification_AddRef(IBurnVerification *iface)
{
    struct format_tao *object = impl_from_IBurnVerification(iface);
    return format_tao_AddRef(&object->IDiscFormat2TrackAtOnce_iface);
}

static ULONG WINAPI format_tao_verification_Release(IBurnVerification *iface)
{
    struct format_tao *object = impl_from_IBurnVerification(iface);
    return format_tao_Release(&object->IDiscFormat2TrackAtOnce_iface);
}

static HRESULT WINAPI format_tao_verification_put_BurnVerificationLevel(IBurnVerification *iface,
        IMAPI_BURN_VERIFICATION_LEVEL value)
{
    struct format_tao *object = impl_from_IBurnVerification(iface);

    TRACE("%p, %d.\n", iface, value);

    if (value < IMAPI_BURN_VERIFICATION_NONE || value > IMAPI_BURN_VERIFICATION_FULL)
        return E_INVALIDARG;
    object->verification_level = value;
    return S_OK;
}

static HRESULT WINAPI format_tao_verification_get_BurnVerificationLevel(IBurnVerification *iface,
        IMAPI_BURN_VERIFICATION_LEVEL *value)
{
    struct format_tao *object = impl_from_IBurnVerification(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = object->verification_level;
    return S_OK;
}

static const IBurnVerificationVtbl format_tao_verification_vtbl =
{
    format_tao_verification_QueryInterface,
    format_tao_verification_AddRef,
    format_tao_verification_Release,
    format_tao_verification_put_BurnVerificationLevel,
    format_tao_verification_get_BurnVerificationLevel,
};

HRESULT format_tao_create(REFIID riid, void **out)
{
    struct format_tao *object;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(object = calloc(1, sizeof(*object))))
        return E_OUTOFMEMORY;

    object->IDiscFormat2TrackAtOnce_iface.lpVtbl = &format_tao_vtbl;
    object->refcount = 1;
    format_base_init(&object->base, &format_tao_desc);
    InitializeCriticalSection(&object->cs);
    object->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": format_tao.cs");
    event_source_init(&object->events, (IUnknown *)&object->IDiscFormat2TrackAtOnce_iface,
            &IID_DDiscFormat2TrackAtOnceEvents);
    object->IBurnVerification_iface.lpVtbl = &format_tao_verification_vtbl;
    object->verification_level = IMAPI_BURN_VERIFICATION_QUICK;

    hr = IDiscFormat2TrackAtOnce_QueryInterface(&object->IDiscFormat2TrackAtOnce_iface, riid, out);
    IDiscFormat2TrackAtOnce_Release(&object->IDiscFormat2TrackAtOnce_iface);
    return hr;
}
