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
#include "data_writer.h"
#include "mmc.h"
#include "media_state.h"
#include "patience.h"
#include "transport.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* Audio tracks are written track at once on CD-R and CD-RW, in sectors of
 * 588 stereo samples of 16 bits. */
#define AUDIO_SECTOR_SIZE 2352
/* Red Book: at most 99 tracks; the pre-gap the drive writes before each
 * track written at once is 2 seconds (MMC-6 4.2.3.3, page 05h Audio Pause
 * Length). */
#define TAO_MAX_TRACKS      99
#define AUDIO_PAUSE_BLOCKS  150
#define EVENT_INTERVAL_MS   500

/* ---- IDiscFormat2TrackAtOnceEventArgs: one progress report ---- */

struct tao_progress
{
    IMAPI_FORMAT2_TAO_WRITE_ACTION action;
    LONG track;
    LONG start_lba;
    LONG sector_count;
    LONG last_read_lba;
    LONG last_written_lba;
    LONG total_buffer;
    LONG used_buffer;
    LONG elapsed;
    LONG remaining;
};

struct tao_event_args
{
    IDiscFormat2TrackAtOnceEventArgs IDiscFormat2TrackAtOnceEventArgs_iface;
    LONG refcount;
    struct tao_progress progress;
};

static inline struct tao_event_args *impl_from_IDiscFormat2TrackAtOnceEventArgs(
        IDiscFormat2TrackAtOnceEventArgs *iface)
{
    return CONTAINING_RECORD(iface, struct tao_event_args, IDiscFormat2TrackAtOnceEventArgs_iface);
}

static HRESULT WINAPI tao_event_args_QueryInterface(IDiscFormat2TrackAtOnceEventArgs *iface, REFIID riid,
        void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IWriteEngine2EventArgs)
            || IsEqualGUID(riid, &IID_IDiscFormat2TrackAtOnceEventArgs))
    {
        *out = iface;
        IDiscFormat2TrackAtOnceEventArgs_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI tao_event_args_AddRef(IDiscFormat2TrackAtOnceEventArgs *iface)
{
    struct tao_event_args *args = impl_from_IDiscFormat2TrackAtOnceEventArgs(iface);
    ULONG refcount = InterlockedIncrement(&args->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI tao_event_args_Release(IDiscFormat2TrackAtOnceEventArgs *iface)
{
    struct tao_event_args *args = impl_from_IDiscFormat2TrackAtOnceEventArgs(iface);
    ULONG refcount = InterlockedDecrement(&args->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        free(args);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI tao_event_args_GetTypeInfoCount(IDiscFormat2TrackAtOnceEventArgs *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI tao_event_args_GetTypeInfo(IDiscFormat2TrackAtOnceEventArgs *iface, UINT index,
        LCID lcid, ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IDiscFormat2TrackAtOnceEventArgs_tid, index, typeinfo);
}

static HRESULT WINAPI tao_event_args_GetIDsOfNames(IDiscFormat2TrackAtOnceEventArgs *iface, REFIID riid,
        LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IDiscFormat2TrackAtOnceEventArgs_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI tao_event_args_Invoke(IDiscFormat2TrackAtOnceEventArgs *iface, DISPID member,
        REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info,
        UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);

    return dispatch_invoke(IDiscFormat2TrackAtOnceEventArgs_tid, iface, member, riid, lcid, flags, params,
            result, excep_info, arg_err);
}

#define TAO_EVENT_ARGS_GETTER(name, field) \
static HRESULT WINAPI tao_event_args_get_##name(IDiscFormat2TrackAtOnceEventArgs *iface, LONG *value) \
{ \
    struct tao_event_args *args = impl_from_IDiscFormat2TrackAtOnceEventArgs(iface); \
\
    TRACE("%p, %p.\n", iface, value); \
\
    if (!value) return E_POINTER; \
    *value = field; \
    return S_OK; \
}

TAO_EVENT_ARGS_GETTER(StartLba, args->progress.start_lba)
TAO_EVENT_ARGS_GETTER(SectorCount, args->progress.sector_count)
TAO_EVENT_ARGS_GETTER(LastReadLba, args->progress.last_read_lba)
TAO_EVENT_ARGS_GETTER(LastWrittenLba, args->progress.last_written_lba)
TAO_EVENT_ARGS_GETTER(TotalSystemBuffer, args->progress.total_buffer)
TAO_EVENT_ARGS_GETTER(UsedSystemBuffer, args->progress.used_buffer)
TAO_EVENT_ARGS_GETTER(FreeSystemBuffer, args->progress.total_buffer - args->progress.used_buffer)
TAO_EVENT_ARGS_GETTER(CurrentTrackNumber, args->progress.track)

static HRESULT WINAPI tao_event_args_get_CurrentAction(IDiscFormat2TrackAtOnceEventArgs *iface,
        IMAPI_FORMAT2_TAO_WRITE_ACTION *value)
{
    struct tao_event_args *args = impl_from_IDiscFormat2TrackAtOnceEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.action;
    return S_OK;
}

TAO_EVENT_ARGS_GETTER(ElapsedTime, args->progress.elapsed)
TAO_EVENT_ARGS_GETTER(RemainingTime, args->progress.remaining)

static const IDiscFormat2TrackAtOnceEventArgsVtbl tao_event_args_vtbl =
{
    tao_event_args_QueryInterface,
    tao_event_args_AddRef,
    tao_event_args_Release,
    tao_event_args_GetTypeInfoCount,
    tao_event_args_GetTypeInfo,
    tao_event_args_GetIDsOfNames,
    tao_event_args_Invoke,
    tao_event_args_get_StartLba,
    tao_event_args_get_SectorCount,
    tao_event_args_get_LastReadLba,
    tao_event_args_get_LastWrittenLba,
    tao_event_args_get_TotalSystemBuffer,
    tao_event_args_get_UsedSystemBuffer,
    tao_event_args_get_FreeSystemBuffer,
    tao_event_args_get_CurrentTrackNumber,
    tao_event_args_get_CurrentAction,
    tao_event_args_get_ElapsedTime,
    tao_event_args_get_RemainingTime,
};

static HRESULT tao_event_args_create(const struct tao_progress *progress, IDispatch **out)
{
    struct tao_event_args *args;

    if (!(args = calloc(1, sizeof(*args))))
        return E_OUTOFMEMORY;
    args->IDiscFormat2TrackAtOnceEventArgs_iface.lpVtbl = &tao_event_args_vtbl;
    args->refcount = 1;
    lock_module();
    args->progress = *progress;
    *out = (IDispatch *)&args->IDiscFormat2TrackAtOnceEventArgs_iface;
    return S_OK;
}

/* ---- MsftDiscFormat2TrackAtOnce ---- */

/* One track of the disc as READ TRACK INFORMATION gives it. */
struct tao_track
{
    LONG start;
    LONG size;          /* the run-out included once closed */
    BYTE mode;          /* the control nibble */
};

struct tao_disc
{
    struct tao_track tracks[TAO_MAX_TRACKS];
    LONG track_count;               /* closed tracks */
    LONG next_writable;
    LONG free_blocks;               /* of the invisible track */
    BOOL blank;
    BOOL open;                      /* the last session is incomplete: tracks can be added */
};

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
    struct format_session session;  /* writing: AddAudioTrack runs; written: a track was added */
    LONG cancel;                    /* CancelAddTrack: the writer polls it */
    IMAPI_BURN_VERIFICATION_LEVEL verification_level;
    struct tao_disc disc;           /* as last read: PrepareMedia, after each track */

    /* AddAudioTrack only, on its thread. */
    struct tao_progress progress;
    ULONGLONG write_start, last_event;
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
        format_session_cleanup(&object->session);
        object->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&object->cs);
        format_base_cleanup(&object->base);
        free(object);
        unlock_module();
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

/* Page 05h for audio written at once (MMC-6 7.5.4): track mode 0 (two
 * channels, no pre-emphasis), raw 2352-byte blocks, the 2-second pause; the
 * multi-session field closes the disc with the session. */
static HRESULT select_audio_parameters(const struct mmc_device *dev, BOOL buffer_underrun_free)
{
    struct mmc_write_params params;
    uint8_t cdb[16], list[MMC_WRITE_PARAMETERS_LIST_LENGTH];
    unsigned int n;

    memset(&params, 0, sizeof(params));
    params.buffer_underrun_free = buffer_underrun_free;
    params.write_type = MMC_WRITE_TYPE_TAO;
    params.multi_session = MMC_MULTI_SESSION_NONE;
    params.track_mode = MMC_TRACK_MODE_AUDIO;
    params.data_block_type = MMC_DATA_BLOCK_RAW_2352;
    params.session_format = MMC_SESSION_FORMAT_CDDA_CDROM;
    params.audio_pause_length = AUDIO_PAUSE_BLOCKS;
    if (!mmc_build_write_params_page(list, sizeof(list), &params))
        return E_FAIL;
    n = mmc_build_mode_select(cdb, FALSE, sizeof(list));
    return mmc_run_out(dev, cdb, n, list, sizeof(list));
}

/* The tracks of the disc and where the next one goes: READ DISC
 * INFORMATION, READ TRACK INFORMATION of each track and of the invisible one. */
static HRESULT read_disc(const struct mmc_device *dev, struct tao_disc *disc)
{
    struct mmc_track_info track;
    struct mmc_disc_info info;
    unsigned int number, last;
    int32_t limit;
    HRESULT hr;

    memset(disc, 0, sizeof(*disc));
    if (FAILED(hr = mmc_drive_read_disc_info(dev, TRUE, &info)))
        return hr;
    if (!mmc_disc_info_plausible(&info, TRUE))
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    limit = mmc_disc_address_limit(&info, TRUE);
    disc->blank = info.disc_status == MMC_DISC_STATUS_EMPTY;
    disc->open = info.disc_status == MMC_DISC_STATUS_INCOMPLETE
            && info.last_session_state == MMC_SESSION_STATE_INCOMPLETE;
    /* on an appendable disc the last track is the invisible one */
    last = info.last_track_last_session - (info.disc_status == MMC_DISC_STATUS_COMPLETE ? 0 : 1);
    if (disc->blank) last = 0;
    for (number = 1; number <= last && disc->track_count < TAO_MAX_TRACKS; number++)
    {
        if (FAILED(hr = mmc_drive_read_track_info(dev, MMC_TRACK_ADDRESS_TRACK, number, &track)))
            return hr;
        if (!mmc_track_info_plausible(&track, &info, TRUE, limit))
            return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
        disc->tracks[disc->track_count].start = track.start_address;
        disc->tracks[disc->track_count].size = track.track_size;
        disc->tracks[disc->track_count].mode = track.track_mode;
        disc->track_count++;
    }
    if (info.disc_status == MMC_DISC_STATUS_COMPLETE)
        return S_OK;
    if (FAILED(hr = mmc_drive_read_track_info(dev, MMC_TRACK_ADDRESS_TRACK, MMC_INVISIBLE_TRACK, &track)))
        return hr;
    if (!mmc_track_info_plausible(&track, &info, TRUE, limit))
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    if (track.nwa_valid)
    {
        disc->next_writable = track.next_writable_address;
        disc->free_blocks = track.free_blocks;
    }
    TRACE("%ld tracks, next writable %ld, free %ld, open %d.\n", disc->track_count, disc->next_writable,
            disc->free_blocks, disc->open);
    return S_OK;
}

/* The medium PrepareMedia accepts: a blank CD-R or CD-RW, one whose session
 * tracks at once left open (DoNotFinalizeMedia), or an appendable one that
 * holds only audio tracks (a burner that closed its session but not the
 * disc), to add tracks to. Data discs and closed ones are not blank. */
static HRESULT check_media(const struct mmc_device *dev, BOOL buffer_underrun_free, struct tao_disc *disc)
{
    struct media_snapshot snapshot;
    struct mmc_disc_info info;
    LONG i;
    HRESULT hr;

    if (FAILED(hr = media_snapshot_read(dev, &snapshot, SNAPSHOT_NO_MODE_SELECT)))
        return hr;
    TRACE("Profile %#x, blank %d, appendable %d.\n", snapshot.profile, snapshot.blank, snapshot.appendable);
    if (snapshot.profile != MMC_PROFILE_CD_R && snapshot.profile != MMC_PROFILE_CD_RW)
        return E_IMAPI_DF2TAO_MEDIA_IS_NOT_SUPPORTED;
    if (FAILED(hr = mmc_drive_read_disc_info(dev, TRUE, &info)))
        return hr;
    if (info.disc_status != MMC_DISC_STATUS_EMPTY && info.disc_status != MMC_DISC_STATUS_INCOMPLETE)
        return E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK;
    if (FAILED(hr = read_disc(dev, disc)))
        return hr;
    for (i = 0; i < disc->track_count; i++)
        if (disc->tracks[i].mode & MMC_CONTROL_DATA_TRACK)
            return E_IMAPI_DF2TAO_MEDIA_IS_NOT_BLANK;
    /* MMC-6 6.27.3.13: the NWA is reported for the selected write type */
    if (FAILED(hr = select_audio_parameters(dev, buffer_underrun_free)))
        return hr;
    return read_disc(dev, disc);
}

static HRESULT close_session(struct format_tao *object, struct recorder_device *device);

static HRESULT format_tao_check_media(void *format, const struct mmc_device *dev, void *found)
{
    struct format_tao *object = format;

    return check_media(dev, !object->buffer_underrun_free_disabled, found);
}

static void format_tao_keep(void *format, const void *found)
{
    struct format_tao *object = format;

    object->disc = *(const struct tao_disc *)found;
    /* a session left open by an earlier DoNotFinalizeMedia is closed too */
    object->session.written = object->disc.open;
}

/* DoNotFinalizeMedia leaves the session open for more tracks. */
static HRESULT format_tao_close(void *format, struct recorder_device *device, BOOL written)
{
    struct format_tao *object = format;

    return written && !object->do_not_finalize_media ? close_session(object, device) : S_OK;
}

static const struct format_session_desc format_tao_session_desc =
{
    E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID,
    E_IMAPI_DF2TAO_MEDIA_IS_PREPARED,
    E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED,
    E_IMAPI_DF2TAO_WRITE_IN_PROGRESS,
    format_tao_check_media,
    format_tao_keep,
    format_tao_close,
};

static HRESULT WINAPI format_tao_PrepareMedia(IDiscFormat2TrackAtOnce *iface)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    struct tao_disc disc;

    TRACE("%p.\n", iface);

    return format_session_prepare(&object->base, &object->session, &format_tao_session_desc, object, &disc);
}

/* Microsoft: 44.1 kHz 16-bit stereo samples, whole 2352-byte sectors. */
static HRESULT check_audio_stream(IStream *stream, LONG *blocks)
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
    *blocks = stat.cbSize.QuadPart / AUDIO_SECTOR_SIZE;
    return S_OK;
}

static void format_tao_fire(struct format_tao *object, IMAPI_FORMAT2_TAO_WRITE_ACTION action)
{
    struct tao_progress *progress = &object->progress;
    ULONGLONG now = GetTickCount64();
    IDispatch *args;
    LONG done;

    progress->action = action;
    progress->elapsed = (now - object->write_start) / 1000;
    done = progress->last_written_lba - progress->start_lba + 1;
    if (done > 0 && progress->sector_count > done)
        progress->remaining = (LONG)((now - object->write_start) * (progress->sector_count - done) / done / 1000);
    else
        progress->remaining = 0;
    object->last_event = now;

    if (!connection_point_has_sinks(&object->events.cp))
        return;
    if (FAILED(tao_event_args_create(progress, &args)))
        return;

    /* DDiscFormat2TrackAtOnceEvents::Update(object, progress). */
    connection_point_fire_update(&object->events.cp, DISPID_DDISCFORMAT2TAOEVENTS_UPDATE,
            (IDispatch *)&object->IDiscFormat2TrackAtOnce_iface, args);
    IDispatch_Release(args);
}

static void tao_writer_progress(void *context, const struct writer_progress *p)
{
    struct format_tao *object = context;
    struct tao_progress *progress = &object->progress;

    if (!p->final && GetTickCount64() - object->last_event < EVENT_INTERVAL_MS)
        return;
    progress->last_written_lba = progress->start_lba + p->written_blocks - 1;
    progress->last_read_lba = progress->start_lba + p->read_blocks - 1;
    progress->used_buffer = p->used_buffer;
    progress->total_buffer = p->total_buffer;
    format_tao_fire(object, IMAPI_FORMAT2_TAO_WRITE_ACTION_WRITING);
}

static void writer_init(struct data_writer *writer, struct format_tao *object, const struct mmc_device *dev,
        struct patience *patience)
{
    memset(writer, 0, sizeof(*writer));
    writer->dev = dev;
    writer->patience = patience;
    writer->transport = recorder_device_transport(object->session.device);
    writer->cancel = &object->cancel;
    /* READ(10) cannot read audio sectors back: nothing to verify with */
    writer->verification = IMAPI_BURN_VERIFICATION_NONE;
    writer->progress = tao_writer_progress;
    writer->context = object;
    writer->block_size = AUDIO_SECTOR_SIZE;
    writer->stream_short_hr = E_IMAPI_DF2TAO_STREAM_NOT_SUPPORTED;
}

/* One track: page 05h, the NWA the drive gives for it (after the pre-gap it
 * writes itself), the stream in 2352-byte WRITEs through the write core,
 * SYNCHRONIZE CACHE and CLOSE TRACK, even after a cancel or an error, so
 * that the disc stays readable. */
static HRESULT write_track(struct format_tao *object, IStream *stream, LONG blocks, BOOL *issued)
{
    struct mmc_track_info invisible;
    struct data_writer writer;
    struct write_range range;
    struct write_plan plan;
    struct patience patience;
    struct mmc_device dev;
    struct tao_disc disc;
    LARGE_INTEGER zero;
    HRESULT hr, close_hr;
    DWORD transfer;

    format_base_patient_device(object->session.device, &object->cancel, &patience, &dev);
    writer_init(&writer, object, &dev, &patience);

    memset(&object->progress, 0, sizeof(object->progress));
    object->progress.track = object->disc.track_count + 1;
    object->progress.sector_count = blocks;
    object->progress.last_read_lba = object->progress.last_written_lba = -1;
    object->write_start = GetTickCount64();
    object->last_event = 0;
    format_tao_fire(object, IMAPI_FORMAT2_TAO_WRITE_ACTION_PREPARING);

    if (object->disc.track_count >= TAO_MAX_TRACKS)
        return E_IMAPI_DF2TAO_TRACK_LIMIT_REACHED;
    if (FAILED(hr = select_audio_parameters(&dev, !object->buffer_underrun_free_disabled)))
        return hr;
    /* MMC-6 6.27.3.13: the NWA is reported for the write type just selected */
    if (FAILED(hr = mmc_drive_read_track_info(&dev, MMC_TRACK_ADDRESS_TRACK, MMC_INVISIBLE_TRACK, &invisible)))
        return hr;
    if (!invisible.nwa_valid || (ULONGLONG)blocks + CD_RUNOUT > invisible.free_blocks)
    {
        WARN("%ld blocks, %u free.\n", blocks, invisible.free_blocks);
        return E_IMAPI_DF2TAO_NOT_ENOUGH_SPACE;
    }
    TRACE("Track %u: %ld blocks at %d.\n", invisible.track, blocks, invisible.next_writable_address);

    memset(&plan, 0, sizeof(plan));
    range.lba = invisible.next_writable_address;
    range.blocks = blocks;
    range.stream_block = 0;
    plan.ranges = &range;
    plan.range_count = 1;
    plan.stream_blocks = plan.total_blocks = blocks;
    plan.close_function = NO_CLOSE;
    object->progress.start_lba = range.lba;
    object->progress.last_read_lba = object->progress.last_written_lba = range.lba - 1;

    zero.QuadPart = 0;
    IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    transfer = data_writer_bulk_blocks_of(writer.transport, AUDIO_SECTOR_SIZE) * AUDIO_SECTOR_SIZE;
    hr = data_writer_write(&writer, stream, &plan, transfer);

    format_tao_fire(object, IMAPI_FORMAT2_TAO_WRITE_ACTION_FINISHING);
    *issued = writer.issued;
    if (writer.issued && hr != E_IMAPI_RECORDER_MEDIA_NO_MEDIA)
    {
        /* the drive ends the track with its run-out */
        close_hr = data_writer_synchronize_cache(&writer);
        if (SUCCEEDED(close_hr))
            close_hr = data_writer_close(&writer, MMC_CLOSE_TRACK, invisible.track);
        if (SUCCEEDED(hr) && FAILED(close_hr))
            hr = close_hr;
    }
    if (FAILED(hr) && object->cancel)
        hr = E_IMAPI_REQUEST_CANCELLED;
    data_writer_cleanup(&writer);
    media_written();

    if (SUCCEEDED(read_disc(&dev, &disc)))
    {
        EnterCriticalSection(&object->cs);
        object->disc = disc;
        LeaveCriticalSection(&object->cs);
    }
    return hr;
}

static HRESULT WINAPI format_tao_AddAudioTrack(IDiscFormat2TrackAtOnce *iface, IStream *data)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    BOOL issued = FALSE;
    LONG blocks = 0;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, data);

    if (!data) return E_POINTER;

    EnterCriticalSection(&object->cs);
    if (!object->session.recorder)
        hr = E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED;
    else if (object->session.writing)
        hr = E_IMAPI_DF2TAO_WRITE_IN_PROGRESS;
    else
        hr = S_OK;
    LeaveCriticalSection(&object->cs);
    if (FAILED(hr))
        return hr;
    if (FAILED(hr = check_audio_stream(data, &blocks)))
        return hr;

    EnterCriticalSection(&object->cs);
    if (object->session.writing)
        hr = E_IMAPI_DF2TAO_WRITE_IN_PROGRESS;
    object->session.writing = TRUE;
    object->cancel = FALSE;
    LeaveCriticalSection(&object->cs);
    if (FAILED(hr))
        return hr;

    hr = write_track(object, data, blocks, &issued);

    EnterCriticalSection(&object->cs);
    object->session.writing = FALSE;
    if (issued)
        object->session.written = TRUE;
    LeaveCriticalSection(&object->cs);
    TRACE("AddAudioTrack done, hr %#lx.\n", hr);
    return hr;
}

static HRESULT WINAPI format_tao_CancelAddTrack(IDiscFormat2TrackAtOnce *iface)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    HRESULT hr = S_OK;

    TRACE("%p.\n", iface);

    EnterCriticalSection(&object->cs);
    if (object->session.writing)
        InterlockedExchange(&object->cancel, TRUE);
    else
        hr = E_IMAPI_DF2TAO_WRITE_NOT_IN_PROGRESS;
    LeaveCriticalSection(&object->cs);
    return hr;
}

/* CLOSE SESSION with the multi-session field of the audio page: no next
 * session, the disc is closed. */
static HRESULT close_session(struct format_tao *object, struct recorder_device *device)
{
    struct data_writer writer;
    struct patience patience;
    struct mmc_device dev;
    LONG cancel = FALSE;
    HRESULT hr;

    format_base_patient_device(device, &cancel, &patience, &dev);
    memset(&writer, 0, sizeof(writer));
    writer.dev = &dev;
    writer.patience = &patience;
    writer.transport = recorder_device_transport(device);
    writer.cancel = &cancel;
    if (FAILED(hr = select_audio_parameters(&dev, !object->buffer_underrun_free_disabled)))
        return hr;
    hr = data_writer_close(&writer, MMC_CLOSE_SESSION, 0);
    media_written();
    return hr;
}

/* Microsoft: ReleaseMedia closes what was written (the session, the disc
 * unless DoNotFinalizeMedia) and gives the medium up. */
static HRESULT WINAPI format_tao_ReleaseMedia(IDiscFormat2TrackAtOnce *iface)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p.\n", iface);

    return format_session_release(&object->base, &object->session, &format_tao_session_desc, object);
}

/* The disc as PrepareMedia or the last track left it, for the getters that
 * Microsoft documents only inside a track-writing session. */
static HRESULT get_disc(struct format_tao *object, struct tao_disc *disc)
{
    HRESULT hr = S_OK;

    EnterCriticalSection(&object->cs);
    if (!object->session.recorder)
        hr = E_IMAPI_DF2TAO_MEDIA_IS_NOT_PREPARED;
    else if (object->session.writing)
        hr = E_IMAPI_DF2TAO_WRITE_IN_PROGRESS;
    else
        *disc = object->disc;
    LeaveCriticalSection(&object->cs);
    return hr;
}

/* As IDiscFormat2Data's (format_base.c): the speed goes to the drive now, and
 * what it then reports gives S_IMAPI_SPEEDADJUSTED, S_IMAPI_ROTATIONADJUSTED
 * or S_IMAPI_BOTHADJUSTED; PrepareMedia sends it again.  Without a medium the
 * request is kept. */
static HRESULT WINAPI format_tao_SetWriteSpeed(IDiscFormat2TrackAtOnce *iface, LONG speed,
        VARIANT_BOOL pure_cav)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p, %ld, %#x.\n", iface, speed, pure_cav);

    return format_session_set_write_speed(&object->base, &object->session, &format_tao_session_desc, speed, !!pure_cav);
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

static HRESULT WINAPI format_tao_get_NumberOfExistingTracks(IDiscFormat2TrackAtOnce *iface, LONG *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    struct tao_disc disc;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = get_disc(object, &disc)))
        return hr;
    *value = disc.track_count;
    return S_OK;
}

static HRESULT WINAPI format_tao_get_TotalSectorsOnMedia(IDiscFormat2TrackAtOnce *iface, LONG *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    struct tao_disc disc;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = get_disc(object, &disc)))
        return hr;
    *value = disc.next_writable + disc.free_blocks;
    return S_OK;
}

static HRESULT WINAPI format_tao_get_FreeSectorsOnMedia(IDiscFormat2TrackAtOnce *iface, LONG *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    struct tao_disc disc;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = get_disc(object, &disc)))
        return hr;
    *value = max(disc.free_blocks - CD_RUNOUT, 0);
    return S_OK;
}

static HRESULT WINAPI format_tao_get_UsedSectorsOnMedia(IDiscFormat2TrackAtOnce *iface, LONG *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    struct tao_disc disc;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = get_disc(object, &disc)))
        return hr;
    *value = disc.next_writable;
    return S_OK;
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

/* Microsoft: the READ TOC (format 0) the tracks written in this session will
 * give once it is closed; each byte one VARIANT of type VT_UI1. */
static HRESULT WINAPI format_tao_get_ExpectedTableOfContents(IDiscFormat2TrackAtOnce *iface,
        SAFEARRAY * *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);
    BYTE toc[4 + 8 * (TAO_MAX_TRACKS + 1)], *entry;
    const struct tao_track *last;
    struct tao_disc disc;
    SAFEARRAY *array;
    VARIANT *data;
    LONG i, size;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (FAILED(hr = get_disc(object, &disc)))
        return hr;
    if (!disc.track_count)
        return E_IMAPI_DF2TAO_TABLE_OF_CONTENTS_EMPTY_DISC;

    size = 4 + 8 * (disc.track_count + 1);
    memset(toc, 0, size);
    toc[0] = (size - 2) >> 8;
    toc[1] = size - 2;
    toc[2] = 1;
    toc[3] = disc.track_count;
    for (i = 0; i <= disc.track_count; i++)
    {
        const struct tao_track *track = &disc.tracks[min(i, disc.track_count - 1)];
        LONG start = track->start;

        entry = toc + 4 + 8 * i;
        entry[1] = 0x10 | (track->mode & 0x0f);     /* ADR 1: the Q sub-channel position */
        entry[2] = i + 1;
        if (i == disc.track_count)
        {
            /* the lead-out follows the last track and its run-out */
            last = &disc.tracks[disc.track_count - 1];
            entry[2] = 0xaa;
            start = last->start + last->size;
        }
        entry[4] = start >> 24;
        entry[5] = start >> 16;
        entry[6] = start >> 8;
        entry[7] = start;
    }

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
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&object->cs);
    *value = object->session.requested_speed;
    LeaveCriticalSection(&object->cs);
    return S_OK;
}

static HRESULT WINAPI format_tao_get_RequestedRotationTypeIsPureCAV(IDiscFormat2TrackAtOnce *iface,
        VARIANT_BOOL *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&object->cs);
    *value = object->session.requested_pure_cav ? VARIANT_TRUE : VARIANT_FALSE;
    LeaveCriticalSection(&object->cs);
    return S_OK;
}

static HRESULT WINAPI format_tao_get_CurrentWriteSpeed(IDiscFormat2TrackAtOnce *iface, LONG *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p, %p.\n", iface, value);

    return format_base_media_current_write_speed(&object->base, value);
}

static HRESULT WINAPI format_tao_get_CurrentRotationTypeIsPureCAV(IDiscFormat2TrackAtOnce *iface,
        VARIANT_BOOL *value)
{
    struct format_tao *object = impl_from_IDiscFormat2TrackAtOnce(iface);

    TRACE("%p, %p.\n", iface, value);

    return format_base_current_rotation_is_pure_cav(&object->base, value);
}

static HRESULT WINAPI format_tao_get_SupportedWriteSpeeds(IDiscFormat2TrackAtOnce *iface,
        SAFEARRAY **value)
{
    TRACE("%p, %p.\n", iface, value);

    return format_base_media_write_speeds(&impl_from_IDiscFormat2TrackAtOnce(iface)->base, FALSE, value);
}

static HRESULT WINAPI format_tao_get_SupportedWriteSpeedDescriptors(IDiscFormat2TrackAtOnce *iface,
        SAFEARRAY **value)
{
    TRACE("%p, %p.\n", iface, value);

    return format_base_media_write_speeds(&impl_from_IDiscFormat2TrackAtOnce(iface)->base, TRUE, value);
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
    lock_module();
    format_base_init(&object->base, &format_tao_desc);
    InitializeCriticalSection(&object->cs);
    object->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": format_tao.cs");
    format_session_init(&object->session, &object->cs);
    event_source_init(&object->events, (IUnknown *)&object->IDiscFormat2TrackAtOnce_iface,
            &IID_DDiscFormat2TrackAtOnceEvents);
    object->IBurnVerification_iface.lpVtbl = &format_tao_verification_vtbl;
    object->verification_level = IMAPI_BURN_VERIFICATION_QUICK;

    hr = IDiscFormat2TrackAtOnce_QueryInterface(&object->IDiscFormat2TrackAtOnce_iface, riid, out);
    IDiscFormat2TrackAtOnce_Release(&object->IDiscFormat2TrackAtOnce_iface);
    return hr;
}
