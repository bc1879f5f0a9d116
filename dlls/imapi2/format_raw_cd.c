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
#include "data_writer.h"
#include "mmc.h"
#include "media_state.h"
#include "patience.h"
#include "transport.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

#define EVENT_INTERVAL_MS   500
/* WriteMedia: the image starts at MSF 95:00:00, 22500 sectors before the pre-gap. */
#define IMAGE_LEAD_IN_SECTORS   (-RAW_CD_PREGAP_SECTORS - RAW_CD_IMAGE_FIRST_LBA)

/* ---- IDiscFormat2RawCDEventArgs: one progress report ---- */

struct raw_cd_progress
{
    IMAPI_FORMAT2_RAW_CD_WRITE_ACTION action;
    LONG start_lba;
    LONG sector_count;
    LONG last_read_lba;
    LONG last_written_lba;
    LONG total_buffer;
    LONG used_buffer;
    LONG elapsed;
    LONG remaining;
};

struct raw_cd_event_args
{
    IDiscFormat2RawCDEventArgs IDiscFormat2RawCDEventArgs_iface;
    LONG refcount;
    struct raw_cd_progress progress;
};

static inline struct raw_cd_event_args *impl_from_IDiscFormat2RawCDEventArgs(
        IDiscFormat2RawCDEventArgs *iface)
{
    return CONTAINING_RECORD(iface, struct raw_cd_event_args, IDiscFormat2RawCDEventArgs_iface);
}

static HRESULT WINAPI raw_cd_event_args_QueryInterface(IDiscFormat2RawCDEventArgs *iface,
        REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_IWriteEngine2EventArgs)
            || IsEqualGUID(riid, &IID_IDiscFormat2RawCDEventArgs))
    {
        *out = iface;
        IDiscFormat2RawCDEventArgs_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI raw_cd_event_args_AddRef(IDiscFormat2RawCDEventArgs *iface)
{
    struct raw_cd_event_args *args = impl_from_IDiscFormat2RawCDEventArgs(iface);
    ULONG refcount = InterlockedIncrement(&args->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI raw_cd_event_args_Release(IDiscFormat2RawCDEventArgs *iface)
{
    struct raw_cd_event_args *args = impl_from_IDiscFormat2RawCDEventArgs(iface);
    ULONG refcount = InterlockedDecrement(&args->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        free(args);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI raw_cd_event_args_GetTypeInfoCount(IDiscFormat2RawCDEventArgs *iface,
        UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    if (!count) return E_POINTER;
    *count = 1;
    return S_OK;
}

static HRESULT WINAPI raw_cd_event_args_GetTypeInfo(IDiscFormat2RawCDEventArgs *iface, UINT index,
        LCID lcid, ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_type_info(IDiscFormat2RawCDEventArgs_tid, index, typeinfo);
}

static HRESULT WINAPI raw_cd_event_args_GetIDsOfNames(IDiscFormat2RawCDEventArgs *iface,
        REFIID riid, LPOLESTR *names, UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids_of_names(IDiscFormat2RawCDEventArgs_tid, riid, names, count, lcid, ids);
}

static HRESULT WINAPI raw_cd_event_args_Invoke(IDiscFormat2RawCDEventArgs *iface, DISPID member,
        REFIID riid, LCID lcid, WORD flags, DISPPARAMS *params, VARIANT *result,
        EXCEPINFO *excep_info, UINT *arg_err)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid,
            flags, params, result, excep_info, arg_err);

    return dispatch_invoke(IDiscFormat2RawCDEventArgs_tid, iface, member, riid, lcid, flags,
            params, result, excep_info, arg_err);
}

#define RAW_CD_EVENT_ARGS_GETTER(name, field) \
static HRESULT WINAPI raw_cd_event_args_get_##name(IDiscFormat2RawCDEventArgs *iface, LONG *value) \
{ \
    struct raw_cd_event_args *args = impl_from_IDiscFormat2RawCDEventArgs(iface); \
\
    TRACE("%p, %p.\\n", iface, value); \
\
    if (!value) return E_POINTER; \
    *value = field; \
    return S_OK; \
}

RAW_CD_EVENT_ARGS_GETTER(StartLba, args->progress.start_lba)
RAW_CD_EVENT_ARGS_GETTER(SectorCount, args->progress.sector_count)
RAW_CD_EVENT_ARGS_GETTER(LastReadLba, args->progress.last_read_lba)
RAW_CD_EVENT_ARGS_GETTER(LastWrittenLba, args->progress.last_written_lba)
RAW_CD_EVENT_ARGS_GETTER(TotalSystemBuffer, args->progress.total_buffer)
RAW_CD_EVENT_ARGS_GETTER(UsedSystemBuffer, args->progress.used_buffer)
RAW_CD_EVENT_ARGS_GETTER(FreeSystemBuffer, args->progress.total_buffer - args->progress.used_buffer)

static HRESULT WINAPI raw_cd_event_args_get_CurrentAction(IDiscFormat2RawCDEventArgs *iface,
        IMAPI_FORMAT2_RAW_CD_WRITE_ACTION *value)
{
    struct raw_cd_event_args *args = impl_from_IDiscFormat2RawCDEventArgs(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = args->progress.action;
    return S_OK;
}

RAW_CD_EVENT_ARGS_GETTER(ElapsedTime, args->progress.elapsed)
RAW_CD_EVENT_ARGS_GETTER(RemainingTime, args->progress.remaining)

static const IDiscFormat2RawCDEventArgsVtbl raw_cd_event_args_vtbl =
{
    raw_cd_event_args_QueryInterface,
    raw_cd_event_args_AddRef,
    raw_cd_event_args_Release,
    raw_cd_event_args_GetTypeInfoCount,
    raw_cd_event_args_GetTypeInfo,
    raw_cd_event_args_GetIDsOfNames,
    raw_cd_event_args_Invoke,
    raw_cd_event_args_get_StartLba,
    raw_cd_event_args_get_SectorCount,
    raw_cd_event_args_get_LastReadLba,
    raw_cd_event_args_get_LastWrittenLba,
    raw_cd_event_args_get_TotalSystemBuffer,
    raw_cd_event_args_get_UsedSystemBuffer,
    raw_cd_event_args_get_FreeSystemBuffer,
    raw_cd_event_args_get_CurrentAction,
    raw_cd_event_args_get_ElapsedTime,
    raw_cd_event_args_get_RemainingTime,
};

static HRESULT raw_cd_event_args_create(const struct raw_cd_progress *progress, IDispatch **out)
{
    struct raw_cd_event_args *args;

    if (!(args = calloc(1, sizeof(*args))))
        return E_OUTOFMEMORY;
    args->IDiscFormat2RawCDEventArgs_iface.lpVtbl = &raw_cd_event_args_vtbl;
    args->refcount = 1;
    lock_module();
    args->progress = *progress;
    *out = (IDispatch *)&args->IDiscFormat2RawCDEventArgs_iface;
    return S_OK;
}

/* ---- MsftDiscFormat2RawCD ---- */

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

    CRITICAL_SECTION cs;            /* the fields below; never held across SCSI I/O */
    struct format_session session;  /* writing: WriteMedia runs; written: the blank disc is no more */
    LONG cancel;                    /* CancelWrite: the writer polls it */
    LONG next_session;              /* the NWA with SAO selected: the first pre-gap */
    LONG last_leadout;              /* the last possible start of the lead-out */

    /* WriteMedia only, on its thread. */
    struct raw_cd_progress progress;
    ULONGLONG write_start, last_event;
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
        format_session_cleanup(&object->session);
        object->cs.DebugInfo->Spare[0] = 0;
        DeleteCriticalSection(&object->cs);
        format_base_cleanup(&object->base);
        free(object);
        unlock_module();
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

/* Page 05h for session at once (MMC-6 7.5.4): the cue sheet gives the tracks and their data
 * forms; no next session: the disc is closed with it. */
static HRESULT select_sao_parameters(const struct mmc_device *dev, BOOL buffer_underrun_free)
{
    struct mmc_write_params params;
    uint8_t cdb[16], list[MMC_WRITE_PARAMETERS_LIST_LENGTH];
    unsigned int n;

    memset(&params, 0, sizeof(params));
    params.buffer_underrun_free = buffer_underrun_free;
    params.write_type = MMC_WRITE_TYPE_SAO;
    params.multi_session = MMC_MULTI_SESSION_NONE;
    params.track_mode = MMC_TRACK_MODE_AUDIO;
    params.data_block_type = MMC_DATA_BLOCK_RAW_2352;
    params.session_format = MMC_SESSION_FORMAT_CDDA_CDROM;
    if (!mmc_build_write_params_page(list, sizeof(list), &params))
        return E_FAIL;
    n = mmc_build_mode_select(cdb, FALSE, sizeof(list));
    return mmc_run_out(dev, cdb, n, list, sizeof(list));
}

/* A blank CD-R or CD-RW: the only medium a disc-at-once image goes to. With SAO selected the
 * invisible track's NWA is the first pre-gap (MMC-6 6.27.3.13). */
static HRESULT check_media(const struct mmc_device *dev, BOOL buffer_underrun_free,
        LONG *next_session, LONG *last_leadout)
{
    struct media_snapshot snapshot;
    struct mmc_track_info invisible;
    struct mmc_disc_info info;
    HRESULT hr;

    if (FAILED(hr = media_snapshot_read(dev, &snapshot, SNAPSHOT_NO_MODE_SELECT)))
        return hr;
    TRACE("Profile %#x, blank %d.\n", snapshot.profile, snapshot.blank);
    if (snapshot.profile != MMC_PROFILE_CD_R && snapshot.profile != MMC_PROFILE_CD_RW)
        return E_IMAPI_DF2RAW_MEDIA_IS_NOT_SUPPORTED;
    if (FAILED(hr = mmc_drive_read_disc_info(dev, TRUE, &info)))
        return hr;
    if (!mmc_disc_info_plausible(&info, TRUE))
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    if (info.disc_status != MMC_DISC_STATUS_EMPTY)
        return E_IMAPI_DF2RAW_MEDIA_IS_NOT_BLANK;
    if (FAILED(hr = select_sao_parameters(dev, buffer_underrun_free)))
        return hr;
    if (FAILED(hr = mmc_drive_read_track_info(dev, MMC_TRACK_ADDRESS_TRACK, MMC_INVISIBLE_TRACK,
            &invisible)))
        return hr;
    if (!invisible.nwa_valid)
        return E_IMAPI_DF2RAW_MEDIA_IS_NOT_BLANK;
    *next_session = invisible.next_writable_address;
    *last_leadout = invisible.next_writable_address + RAW_CD_PREGAP_SECTORS + invisible.free_blocks;
    TRACE("NWA %ld, last lead-out %ld.\n", *next_session, *last_leadout);
    return S_OK;
}

/* What PrepareMedia finds on the blank disc. */
struct raw_cd_found
{
    LONG next_session;
    LONG last_leadout;
};

static HRESULT format_raw_cd_check_media(void *format, const struct mmc_device *dev, void *found)
{
    struct format_raw_cd *object = format;
    struct raw_cd_found *f = found;

    return check_media(dev, !object->buffer_underrun_free_disabled, &f->next_session, &f->last_leadout);
}

static void format_raw_cd_keep(void *format, const void *found)
{
    struct format_raw_cd *object = format;
    const struct raw_cd_found *f = found;

    object->next_session = f->next_session;
    object->last_leadout = f->last_leadout;
}

static const struct format_session_desc format_raw_cd_session_desc =
{
    E_IMAPI_DF2RAW_CLIENT_NAME_IS_NOT_VALID,
    E_IMAPI_DF2RAW_MEDIA_IS_PREPARED,
    E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED,
    E_IMAPI_DF2RAW_WRITE_IN_PROGRESS,
    format_raw_cd_check_media,
    format_raw_cd_keep,
    NULL,
};

/* Microsoft: PrepareMedia locks the medium for WriteMedia until ReleaseMedia. */
static HRESULT WINAPI format_raw_cd_PrepareMedia(IDiscFormat2RawCD *iface)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);
    struct raw_cd_found found;

    TRACE("%p.\n", iface);

    return format_session_prepare(&object->base, &object->session, &format_raw_cd_session_desc, object, &found);
}

static void format_raw_cd_fire(struct format_raw_cd *object, IMAPI_FORMAT2_RAW_CD_WRITE_ACTION action)
{
    struct raw_cd_progress *progress = &object->progress;
    ULONGLONG now = GetTickCount64();
    IDispatch *args;
    LONG done;

    progress->action = action;
    progress->elapsed = (now - object->write_start) / 1000;
    done = progress->last_written_lba - progress->start_lba + 1;
    if (done > 0 && progress->sector_count > done)
        progress->remaining = (LONG)((now - object->write_start) * (progress->sector_count - done)
                / done / 1000);
    else
        progress->remaining = 0;
    object->last_event = now;

    if (!connection_point_has_sinks(&object->events.cp))
        return;
    if (FAILED(raw_cd_event_args_create(progress, &args)))
        return;

    /* DDiscFormat2RawCDEvents::Update(object, progress). */
    connection_point_fire_update(&object->events.cp, DISPID_DDISCFORMAT2RAWCDEVENTS_UPDATE,
            (IDispatch *)&object->IDiscFormat2RawCD_iface, args);
    IDispatch_Release(args);
}

static void raw_cd_writer_progress(void *context, const struct writer_progress *p)
{
    struct format_raw_cd *object = context;
    struct raw_cd_progress *progress = &object->progress;

    if (!p->final && GetTickCount64() - object->last_event < EVENT_INTERVAL_MS)
        return;
    progress->last_written_lba = progress->start_lba + p->written_blocks - 1;
    progress->last_read_lba = progress->start_lba + p->read_blocks - 1;
    progress->used_buffer = p->used_buffer;
    progress->total_buffer = p->total_buffer;
    format_raw_cd_fire(object, IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_WRITING);
}

static BYTE bcd(unsigned int value)
{
    return ((value / 10) << 4) | (value % 10);
}

/* One 8-byte cue sheet entry (MMC-6 6.33.3.2): CTL/ADR, TNO and INDEX in BCD, DATA FORM, SCMS,
 * the absolute time in binary. */
static BYTE *cue_entry(BYTE *entry, BYTE ctl, BYTE tno, BYTE index, BYTE form, LONG lba)
{
    LONG frames = lba + RAW_CD_PREGAP_SECTORS;

    entry[0] = ctl << 4 | 1;
    entry[1] = tno == 0xaa ? 0xaa : bcd(tno);
    entry[2] = bcd(index);
    entry[3] = form;
    entry[4] = 0;
    entry[5] = frames / (60 * 75);
    entry[6] = frames / 75 % 60;
    entry[7] = frames % 75;
    return entry + 8;
}

static BYTE track_ctl(const struct raw_cd_track *track)
{
    return (track->copy == IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED ? 0x2 : 0)
            | (track->preemphasis ? 0x1 : 0);
}

/* The cue sheet of the image: lead-in, each track's pre-gap and indexes, the lead-out; the
 * blocks carry 96 bytes of sub-channel, raw P-W or packed R-W. */
static DWORD build_cue_sheet(const struct raw_cd_layout *layout, BYTE *sheet)
{
    BYTE sub = layout->type == IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW ? 0x40 : 0xc0;
    BYTE *entry = sheet;
    LONG i, j;

    entry = cue_entry(entry, track_ctl(&layout->tracks[0]), 0, 0, 0x01 | sub, -RAW_CD_PREGAP_SECTORS);
    for (i = 0; i < layout->track_count; i++)
    {
        const struct raw_cd_track *track = &layout->tracks[i];

        if (track->pregap)
            entry = cue_entry(entry, track_ctl(track), track->number, 0, sub,
                    track->start - track->pregap);
        for (j = 0; j < track->index_count; j++)
            entry = cue_entry(entry, track_ctl(track), track->number, j + 1, sub,
                    track->start + track->indexes[j]);
    }
    entry = cue_entry(entry, track_ctl(&layout->tracks[layout->track_count - 1]), 0xaa, 1,
            0x01 | sub, layout->leadout);
    return entry - sheet;
}

static HRESULT send_cue_sheet(const struct mmc_device *dev, BYTE *sheet, DWORD size)
{
    uint8_t cdb[10] = {MMC_SEND_CUE_SHEET};

    cdb[6] = size >> 16;
    cdb[7] = size >> 8;
    cdb[8] = size;
    return mmc_run_out(dev, cdb, sizeof(cdb), sheet, size);
}

/* Page 05h, SEND CUE SHEET, the image from its first pre-gap in raw blocks through the write
 * core (the pre-gap and the program area as two ranges: the drive takes no WRITE across LBA 0),
 * SYNCHRONIZE CACHE: the drive writes lead-in and lead-out and closes the disc itself. */
static HRESULT write_image(struct format_raw_cd *object, IStream *stream,
        const struct raw_cd_layout *layout, LONG lead_in, LONG stream_sectors)
{
    DWORD sector_size = raw_cd_image_sector_size(layout->type), sheet_size, transfer;
    BYTE sheet[8 * (2 + 99 * (RAW_CD_MAX_INDEXES + 1))];
    struct write_range ranges[2];
    struct data_writer writer;
    struct patience patience;
    struct write_plan plan;
    struct mmc_device dev;
    HRESULT hr, close_hr;

    format_base_patient_device(object->session.device, &object->cancel, &patience, &dev);
    memset(&writer, 0, sizeof(writer));
    writer.dev = &dev;
    writer.patience = &patience;
    writer.transport = recorder_device_transport(object->session.device);
    writer.cancel = &object->cancel;
    /* READ(10) cannot read audio back: nothing to verify with */
    writer.verification = IMAPI_BURN_VERIFICATION_NONE;
    writer.progress = raw_cd_writer_progress;
    writer.context = object;
    writer.block_size = sector_size;
    writer.stream_short_hr = E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED;

    memset(&object->progress, 0, sizeof(object->progress));
    object->progress.start_lba = -RAW_CD_PREGAP_SECTORS;
    object->progress.sector_count = layout->leadout + RAW_CD_PREGAP_SECTORS;
    object->progress.last_read_lba = object->progress.last_written_lba = -RAW_CD_PREGAP_SECTORS - 1;
    object->write_start = GetTickCount64();
    object->last_event = 0;
    format_raw_cd_fire(object, IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_PREPARING);

    if (FAILED(hr = select_sao_parameters(&dev, !object->buffer_underrun_free_disabled)))
        return hr;
    sheet_size = build_cue_sheet(layout, sheet);
    TRACE("Cue sheet of %lu bytes, lead-out at %ld.\n", sheet_size, layout->leadout);
    if (FAILED(hr = send_cue_sheet(&dev, sheet, sheet_size)))
        return hr;

    ranges[0].lba = -RAW_CD_PREGAP_SECTORS;
    ranges[0].blocks = RAW_CD_PREGAP_SECTORS;
    ranges[0].stream_block = lead_in;
    ranges[1].lba = 0;
    ranges[1].blocks = layout->leadout;
    ranges[1].stream_block = lead_in + RAW_CD_PREGAP_SECTORS;
    memset(&plan, 0, sizeof(plan));
    plan.ranges = ranges;
    plan.range_count = 2;
    plan.stream_blocks = stream_sectors;
    plan.total_blocks = layout->leadout + RAW_CD_PREGAP_SECTORS;
    plan.close_function = NO_CLOSE;

    transfer = data_writer_bulk_blocks_of(writer.transport, sector_size) * sector_size;
    hr = data_writer_write(&writer, stream, &plan, transfer);

    format_raw_cd_fire(object, IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_FINISHING);
    if (writer.issued && hr != E_IMAPI_RECORDER_MEDIA_NO_MEDIA)
    {
        /* the drive ends the session with its lead-out */
        close_hr = data_writer_synchronize_cache(&writer);
        if (SUCCEEDED(hr) && FAILED(close_hr))
            hr = close_hr;
    }
    if (FAILED(hr) && object->cancel)
        hr = E_IMAPI_REQUEST_CANCELLED;
    if (writer.issued)
    {
        EnterCriticalSection(&object->cs);
        object->session.written = TRUE;
        LeaveCriticalSection(&object->cs);
    }
    data_writer_cleanup(&writer);
    media_written();
    return hr;
}

static unsigned int from_bcd(BYTE value)
{
    return (value >> 4) * 10 + (value & 0x0f);
}

static BOOL q_crc_ok(const BYTE *q)
{
    unsigned short crc = 0;
    unsigned int i, bit;

    for (i = 0; i < 10; i++)
    {
        crc ^= q[i] << 8;
        for (bit = 0; bit < 8; bit++)
            crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    }
    crc = ~crc;
    return q[10] == (crc >> 8) && q[11] == (crc & 0xff);
}

/* The tracks of a raw image that is not one of ours, from the mode 1 Q of its sectors from the
 * first pre-gap on: track and index changes, the lead-out (track AAh) or the stream's end. */
static HRESULT scan_raw_image(IStream *stream, LONG lead_in, LONG sectors, struct raw_cd_layout **out)
{
    const DWORD sector_size = RAW_CD_SECTOR_SIZE + 96, chunk = 64;
    struct raw_cd_layout *layout;
    struct raw_cd_track *track = NULL;
    LONG lba = -RAW_CD_PREGAP_SECTORS, end = sectors - lead_in - RAW_CD_PREGAP_SECTORS, got, i;
    LARGE_INTEGER move;
    HRESULT hr = S_OK;
    BYTE *buffer, q[12];
    ULONG read;

    if (!(layout = calloc(1, sizeof(*layout))))
        return E_OUTOFMEMORY;
    if (!(buffer = malloc(chunk * sector_size)))
    {
        free(layout);
        return E_OUTOFMEMORY;
    }
    layout->refcount = 1;
    InitializeCriticalSection(&layout->cs);
    layout->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": raw_cd_layout.cs");
    layout->type = IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW;
    layout->leadout = end;

    move.QuadPart = (ULONGLONG)lead_in * sector_size;
    if (FAILED(hr = IStream_Seek(stream, move, STREAM_SEEK_SET, NULL)))
        goto done;
    while (lba < end && layout->leadout == end)
    {
        for (got = 0; got < chunk * sector_size; got += read)
        {
            if (FAILED(hr = IStream_Read(stream, buffer + got, chunk * sector_size - got, &read)))
                goto done;
            if (!read) break;
        }
        for (i = 0; i + 1 <= got / (LONG)sector_size && lba < end; i++, lba++)
        {
            const BYTE *sub = buffer + i * sector_size + RAW_CD_SECTOR_SIZE;
            unsigned int bit, number, index;

            memset(q, 0, sizeof(q));
            for (bit = 0; bit < 96; bit++)
                if (sub[bit] & 0x40) q[bit / 8] |= 0x80 >> (bit % 8);
            if ((q[0] & 0x0f) != 1 || !q_crc_ok(q))
                continue;
            if (q[1] == 0xaa)
            {
                layout->leadout = lba;
                break;
            }
            number = from_bcd(q[1]);
            index = from_bcd(q[2]);
            if (number < 1 || number > 99)
                continue;
            if (!track || number != track->number)
            {
                if ((track && number != track->number + 1) || layout->track_count == 99)
                {
                    hr = E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED;
                    goto done;
                }
                track = &layout->tracks[layout->track_count++];
                track->number = number;
                track->start = lba;
            }
            /* until index 1, start holds where the track's pre-gap began */
            if (index == track->index_count + 1 && track->index_count < RAW_CD_MAX_INDEXES)
            {
                if (!track->index_count)
                {
                    track->pregap = lba - track->start;
                    track->start = lba;
                    track->copy = (q[0] >> 4) & 0x2 ? IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED
                            : IMAPI_CD_TRACK_DIGITAL_COPY_PROHIBITED;
                    track->preemphasis = (q[0] >> 4) & 0x1;
                }
                track->indexes[track->index_count++] = lba - track->start;
            }
        }
        if (got < chunk * (LONG)sector_size)
            break;
    }
    if (!layout->track_count || layout->tracks[0].start != 0 || !layout->tracks[0].index_count)
        hr = E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED;
    for (i = 0; SUCCEEDED(hr) && i < layout->track_count; i++)
        if (!layout->tracks[i].index_count)
            hr = E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED;
    TRACE("%ld tracks, lead-out at %ld, hr %#lx.\n", layout->track_count, layout->leadout, hr);

done:
    free(buffer);
    if (FAILED(hr))
    {
        raw_cd_layout_release(layout);
        return hr;
    }
    *out = layout;
    return S_OK;
}

static HRESULT WINAPI format_raw_cd_WriteMedia(IDiscFormat2RawCD *iface, IStream *data)
{
    TRACE("%p, %p.\n", iface, data);

    return IDiscFormat2RawCD_WriteMedia2(iface, data, IMAGE_LEAD_IN_SECTORS);
}

/* lead_in: the sectors of the stream before the first pre-gap (doc/raw-cd.md 5). */
static HRESULT WINAPI format_raw_cd_WriteMedia2(IDiscFormat2RawCD *iface, IStream *data,
        LONG lead_in)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);
    IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE requested;
    struct raw_cd_layout *layout;
    LONG last_leadout, sectors;
    DWORD sector_size;
    STATSTG stat;
    HRESULT hr;

    TRACE("%p, %p, %ld.\n", iface, data, lead_in);

    if (!data) return E_POINTER;
    if (lead_in < 0) return E_INVALIDARG;

    EnterCriticalSection(&object->cs);
    if (!object->session.recorder)
        hr = E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED;
    else if (object->session.writing)
        hr = E_IMAPI_DF2RAW_WRITE_IN_PROGRESS;
    else if (object->session.written)
        hr = E_IMAPI_DF2RAW_MEDIA_IS_NOT_BLANK;
    else
        hr = S_OK;
    requested = object->sector_type;
    last_leadout = object->last_leadout;
    LeaveCriticalSection(&object->cs);
    if (FAILED(hr))
        return hr;

    /* session at once takes 96 bytes of sub-channel per block, not 16 */
    if (requested == IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY)
        return E_IMAPI_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED;
    if (FAILED(hr = IStream_Stat(data, &stat, STATFLAG_NONAME)))
        return hr;
    sector_size = raw_cd_image_sector_size(requested);
    sectors = min(stat.cbSize.QuadPart / sector_size, MAXLONG);
    /* Ours tell their tracks; the tracks of another raw image are in its Q sub-channel. */
    if (!(layout = raw_cd_image_stream_layout(data)))
    {
        if (requested != IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW || stat.cbSize.QuadPart % sector_size
                || sectors < lead_in + RAW_CD_PREGAP_SECTORS)
            return E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED;
        if (FAILED(hr = scan_raw_image(data, lead_in, sectors, &layout)))
            return hr;
    }
    if (layout->type != requested)
        hr = E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED;
    else if (stat.cbSize.QuadPart % sector_size || sectors < lead_in + RAW_CD_PREGAP_SECTORS
            + layout->leadout)
        hr = E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED;
    else if (layout->leadout > last_leadout)
        hr = E_IMAPI_DF2RAW_NOT_ENOUGH_SPACE;
    if (FAILED(hr))
    {
        WARN("Image of type %d (%d requested), hr %#lx.\n", layout->type, requested, hr);
        raw_cd_layout_release(layout);
        return hr;
    }

    EnterCriticalSection(&object->cs);
    if (object->session.writing)
        hr = E_IMAPI_DF2RAW_WRITE_IN_PROGRESS;
    object->session.writing = TRUE;
    object->cancel = FALSE;
    LeaveCriticalSection(&object->cs);
    if (SUCCEEDED(hr))
    {
        hr = write_image(object, data, layout, lead_in, sectors);
        EnterCriticalSection(&object->cs);
        object->session.writing = FALSE;
        LeaveCriticalSection(&object->cs);
    }
    raw_cd_layout_release(layout);
    TRACE("WriteMedia done, hr %#lx.\n", hr);
    return hr;
}

static HRESULT WINAPI format_raw_cd_CancelWrite(IDiscFormat2RawCD *iface)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);
    HRESULT hr = S_OK;

    TRACE("%p.\n", iface);

    EnterCriticalSection(&object->cs);
    if (object->session.writing)
        InterlockedExchange(&object->cancel, TRUE);
    else
        hr = E_IMAPI_DF2RAW_WRITE_NOT_IN_PROGRESS;
    LeaveCriticalSection(&object->cs);
    return hr;
}

/* The drive closed the disc at the end of WriteMedia: ReleaseMedia only gives the medium up. */
static HRESULT WINAPI format_raw_cd_ReleaseMedia(IDiscFormat2RawCD *iface)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p.\n", iface);

    return format_session_release(&object->base, &object->session, &format_raw_cd_session_desc, object);
}

/* As the track-at-once burner's: the speed goes to the drive now (the
 * answer says what it took), PrepareMedia sends it again. */
static HRESULT WINAPI format_raw_cd_SetWriteSpeed(IDiscFormat2RawCD *iface, LONG speed,
        VARIANT_BOOL pure_cav)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p, %ld, %#x.\n", iface, speed, pure_cav);

    return format_session_set_write_speed(&object->base, &object->session, &format_raw_cd_session_desc, speed, !!pure_cav);
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
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&object->cs);
    if (!object->session.recorder)
        hr = E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED;
    else
        *value = object->next_session;
    LeaveCriticalSection(&object->cs);
    return hr;
}

static HRESULT WINAPI format_raw_cd_get_LastPossibleStartOfLeadout(IDiscFormat2RawCD *iface,
        LONG *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&object->cs);
    if (!object->session.recorder)
        hr = E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED;
    else
        *value = object->last_leadout;
    LeaveCriticalSection(&object->cs);
    return hr;
}

static HRESULT WINAPI format_raw_cd_get_CurrentPhysicalMediaType(IDiscFormat2RawCD *iface, IMAPI_MEDIA_PHYSICAL_TYPE *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    return format_base_get_CurrentPhysicalMediaType(&object->base, value);
}

/* What session at once takes: blocks with 96 bytes of sub-channel, packed R-W or raw P-W. */
static HRESULT WINAPI format_raw_cd_get_SupportedSectorTypes(IDiscFormat2RawCD *iface,
        SAFEARRAY * *value)
{
    static const IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE types[] =
    {
        IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED,
        IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW,
    };
    SAFEARRAY *array;
    VARIANT *data;
    unsigned int i;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = NULL;
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, ARRAY_SIZE(types))))
        return E_OUTOFMEMORY;
    if (FAILED(hr = SafeArrayAccessData(array, (void **)&data)))
    {
        SafeArrayDestroy(array);
        return hr;
    }
    for (i = 0; i < ARRAY_SIZE(types); i++)
    {
        V_VT(&data[i]) = VT_I4;
        V_I4(&data[i]) = types[i];
    }
    SafeArrayUnaccessData(array);
    *value = array;
    return S_OK;
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
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&object->cs);
    *value = object->session.requested_speed;
    LeaveCriticalSection(&object->cs);
    return S_OK;
}

static HRESULT WINAPI format_raw_cd_get_RequestedRotationTypeIsPureCAV(IDiscFormat2RawCD *iface,
        VARIANT_BOOL *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&object->cs);
    *value = object->session.requested_pure_cav ? VARIANT_TRUE : VARIANT_FALSE;
    LeaveCriticalSection(&object->cs);
    return S_OK;
}

static HRESULT WINAPI format_raw_cd_get_CurrentWriteSpeed(IDiscFormat2RawCD *iface, LONG *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p, %p.\n", iface, value);

    return format_base_media_current_write_speed(&object->base, value);
}

static HRESULT WINAPI format_raw_cd_get_CurrentRotationTypeIsPureCAV(IDiscFormat2RawCD *iface,
        VARIANT_BOOL *value)
{
    struct format_raw_cd *object = impl_from_IDiscFormat2RawCD(iface);

    TRACE("%p, %p.\n", iface, value);

    return format_base_current_rotation_is_pure_cav(&object->base, value);
}

static HRESULT WINAPI format_raw_cd_get_SupportedWriteSpeeds(IDiscFormat2RawCD *iface,
        SAFEARRAY **value)
{
    TRACE("%p, %p.\n", iface, value);

    return format_base_media_write_speeds(&impl_from_IDiscFormat2RawCD(iface)->base, FALSE, value);
}

static HRESULT WINAPI format_raw_cd_get_SupportedWriteSpeedDescriptors(IDiscFormat2RawCD *iface,
        SAFEARRAY **value)
{
    TRACE("%p, %p.\n", iface, value);

    return format_base_media_write_speeds(&impl_from_IDiscFormat2RawCD(iface)->base, TRUE, value);
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
    lock_module();
    format_base_init(&object->base, &format_raw_cd_desc);
    InitializeCriticalSection(&object->cs);
    object->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": format_raw_cd.cs");
    format_session_init(&object->session, &object->cs);
    event_source_init(&object->events, (IUnknown *)&object->IDiscFormat2RawCD_iface,
            &IID_DDiscFormat2RawCDEvents);
    /* The documented default. */
    object->sector_type = IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED;

    hr = IDiscFormat2RawCD_QueryInterface(&object->IDiscFormat2RawCD_iface, riid, out);
    IDiscFormat2RawCD_Release(&object->IDiscFormat2RawCD_iface);
    return hr;
}
