/*
 * Image Mastering API v2: private declarations shared by the objects.
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

#ifndef __IMAPI2_PRIVATE_H
#define __IMAPI2_PRIVATE_H

#include <stdarg.h>
#include <stdlib.h>

#define COBJMACROS

#include "windef.h"
#include "winbase.h"
#include "objbase.h"
#include "oleauto.h"
#include "olectl.h"
#include "ocidl.h"

#include "imapi2.h"
#include "imapi2error.h"

/* Dual interfaces whose IDispatch goes through the type library. */
#define TID_LIST \
    XDIID(IDiscMaster2) \
    XDIID(IDiscRecorder2) \
    XDIID(IWriteEngine2) \
    XDIID(IWriteEngine2EventArgs) \
    XDIID(IDiscFormat2) \
    XDIID(IDiscFormat2Erase) \
    XDIID(IDiscFormat2Data) \
    XDIID(IDiscFormat2DataEventArgs) \
    XDIID(IDiscFormat2TrackAtOnce) \
    XDIID(IDiscFormat2TrackAtOnceEventArgs) \
    XDIID(IDiscFormat2RawCD) \
    XDIID(IDiscFormat2RawCDEventArgs) \
    XDIID(IWriteSpeedDescriptor) \
    XDIID(IMultisession) \
    XDIID(IMultisessionSequential) \
    XDIID(IMultisessionSequential2) \
    XDIID(IMultisessionRandomWrite) \
    XDIID(IRawCDImageCreator) \
    XDIID(IRawCDImageTrackInfo)

typedef enum
{
#define XDIID(iface) iface##_tid,
TID_LIST
#undef XDIID
    LAST_tid
} tid_t;

HRESULT get_typeinfo(tid_t tid, ITypeInfo **typeinfo);

/* Every COM object of the DLL calls lock_module() when it is created and
 * unlock_module() when it is freed; DllCanUnloadNow() counts them with the
 * IClassFactory::LockServer locks. */
void lock_module(void);
void unlock_module(void);

/* IDispatch through the type library, shared by every dual interface. */
HRESULT dispatch_get_type_info(tid_t tid, UINT index, ITypeInfo **typeinfo);
HRESULT dispatch_get_ids_of_names(tid_t tid, REFIID riid, LPOLESTR *names, UINT count,
        LCID lcid, DISPID *ids);
HRESULT dispatch_invoke(tid_t tid, void *iface, DISPID member, REFIID riid, LCID lcid,
        WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err);

#include "events.h"

/* ISupportErrorInfo embedded in an object: says yes for the listed interfaces. */
struct support_error_info
{
    ISupportErrorInfo ISupportErrorInfo_iface;
    IUnknown *outer;
    const IID * const *iids;
};

void support_error_info_init(struct support_error_info *info, IUnknown *outer,
        const IID * const *iids);

/* Object constructors: create the object and query it for riid. */
HRESULT discmaster_create(REFIID riid, void **out);
HRESULT recorder_create(REFIID riid, void **out);
HRESULT write_engine_create(REFIID riid, void **out);
HRESULT format_erase_create(REFIID riid, void **out);
HRESULT format_data_create(REFIID riid, void **out);
HRESULT format_tao_create(REFIID riid, void **out);
HRESULT format_raw_cd_create(REFIID riid, void **out);
HRESULT stream_zero_create(REFIID riid, void **out);
HRESULT stream_prng_create(REFIID riid, void **out);
HRESULT stream_concatenate_create(REFIID riid, void **out);
HRESULT stream_interleave_create(REFIID riid, void **out);
HRESULT raw_cd_image_create(REFIID riid, void **out);

static inline WCHAR *strdupW(const WCHAR *str)
{
    WCHAR *ret;
    size_t size;

    if (!str) return NULL;
    size = (wcslen(str) + 1) * sizeof(WCHAR);
    if ((ret = malloc(size))) memcpy(ret, str, size);
    return ret;
}

/* Helpers shared by the IStream objects (MsftStream*). */
static inline HRESULT stream_seek_position(ULONGLONG *position, LARGE_INTEGER move, DWORD origin,
        ULONGLONG size)
{
    LONGLONG base;

    switch (origin)
    {
    case STREAM_SEEK_SET: base = 0; break;
    case STREAM_SEEK_CUR: base = *position; break;
    case STREAM_SEEK_END: base = size; break;
    default: return STG_E_INVALIDFUNCTION;
    }
    if (move.QuadPart < 0 && base + move.QuadPart < 0)
        return STG_E_INVALIDFUNCTION;
    *position = base + move.QuadPart;
    return S_OK;
}

/* IStream::CopyTo through Read and Write, for streams that have nothing better. */
static inline HRESULT stream_copy_to(IStream *from, IStream *to, ULARGE_INTEGER size,
        ULARGE_INTEGER *total_read, ULARGE_INTEGER *total_written)
{
    ULONGLONG done_read = 0, done_written = 0;
    HRESULT hr = S_OK;
    BYTE buffer[4096];
    ULONG chunk, read, written;

    if (!to) return STG_E_INVALIDPOINTER;

    while (done_read < size.QuadPart)
    {
        chunk = min(sizeof(buffer), size.QuadPart - done_read);
        if (FAILED(hr = IStream_Read(from, buffer, chunk, &read)) || !read)
            break;
        done_read += read;
        hr = IStream_Write(to, buffer, read, &written);
        done_written += written;
        if (FAILED(hr) || written != read)
            break;
    }
    if (total_read) total_read->QuadPart = done_read;
    if (total_written) total_written->QuadPart = done_written;
    return FAILED(hr) ? hr : S_OK;
}

/* Data burning and multisession (format_data.c, multisession_*.c,
 * write_speed_descriptor.c). */

/* What IDiscFormat2Data and the multisession objects report for one media
 * state; filled by format_data.c from the MMC replies. */
struct media_snapshot
{
    HRESULT hr;                         /* S_OK, or why the media could not be read */
    WORD profile;
    IMAPI_MEDIA_PHYSICAL_TYPE type;
    BOOL sequential;                    /* written in sessions */
    BOOL random;                        /* overwritable in place */
    BOOL multisession_capable;
    BOOL incremental;                   /* feature 0021h current: DVD-R/-RW incremental recording */
    BOOL blank;
    BOOL appendable;
    BOOL formatted;                     /* random media */
    LONG status;                        /* IMAPI_FORMAT2_DATA_MEDIA_STATE bits */
    HRESULT address_hr;                 /* error of the address getters, if any */
    BOOL first_data_session;
    LONG start_prev;
    LONG last_written_prev;
    LONG next_writable;
    LONG free_raw;                      /* Free Blocks of the invisible track, or the capacity */
    LONG total;
    LONG write_unit;
    HRESULT last_written_hr;            /* random media: E_NOTIMPL when the drive cannot say */
    LONG last_written;
    WORD invisible_track;
    BYTE bg_format_status;
    BYTE disc_info[34];                 /* READ DISC INFORMATION as read: the fingerprint */
    DWORD disc_info_size;
    LONG generation;                    /* media_generation() when read */
};

/* FreeSectorsOnMedia for a snapshot: the CD post-gap and run-out excluded. */
LONG media_snapshot_free_sectors(const struct media_snapshot *snapshot, BOOL postgap_in_image);

/* The medium as it is now, read afresh through an IDiscFormat2Data of ours. */
HRESULT format_data_current_media(IDiscFormat2Data *format, struct media_snapshot *snapshot);

/* What a multisession object reports. The objects are live, not frozen: a
 * program hands them to IFileSystemImage (put_MultisessionInterfaces), whose
 * ImportFileSystem reads the previous session at StartAddressOfPreviousSession
 * and whose CreateResultImage lays the new session out at NextWritableAddress
 * when they run, and Microsoft's multisession samples keep one object across
 * burns; values frozen at get_MultisessionInterfaces would place a session on
 * sectors already written. Reading them costs no command until this process
 * writes to a drive (media_generation() moves), then one fresh snapshot: a
 * full multisession query stays at the snapshot's commands. A write by another
 * process is seen by a new object and by IDiscFormat2Data's getters. */
struct multisession_media
{
    IDiscFormat2Data *format;           /* ours, a reference */
    SRWLOCK lock;
    struct media_snapshot snapshot;
};

void multisession_media_init(struct multisession_media *media, IDiscFormat2Data *format,
        const struct media_snapshot *snapshot);
void multisession_media_cleanup(struct multisession_media *media);
/* A copy of the state, read again first if this process wrote since. */
HRESULT multisession_media_get(struct multisession_media *media, struct media_snapshot *snapshot);

HRESULT multisession_sequential_create(IDiscFormat2Data *format, IDiscRecorder2 *recorder,
        const struct media_snapshot *snapshot, BOOL postgap_in_image, IDispatch **out);
HRESULT multisession_random_create(IDiscFormat2Data *format, IDiscRecorder2 *recorder,
        const struct media_snapshot *snapshot, IDispatch **out);
HRESULT write_speed_descriptor_create(IMAPI_MEDIA_PHYSICAL_TYPE type, BOOL pure_cav, LONG speed,
        IDispatch **out);

/* Raw disc-at-once CD images (raw_cd_image.c, raw_cd_track_info.c, raw_cd_image_stream.c).
 * Layout of the image CreateResultImage returns (doc/raw-cd.md): the lead-in from
 * MSF 95:00:00 (RAW_CD_IMAGE_FIRST_LBA), the 2-second pre-gap of the first track, the tracks
 * (with 2-second pre-gaps when gapless audio is disabled) and RAW_CD_LEADOUT_SECTORS of lead-out;
 * each sector is 2352 bytes of main channel followed by the sub-channel of the image type. */
#define RAW_CD_SECTOR_SIZE          2352
#define RAW_CD_IMAGE_FIRST_LBA      (-22650)
#define RAW_CD_PREGAP_SECTORS       150
#define RAW_CD_LEADOUT_SECTORS      6750
#define RAW_CD_MIN_TRACK_SECTORS    300
#define RAW_CD_MAX_LEADOUT_LBA      404849  /* 89:59:74 */
#define RAW_CD_MAX_INDEXES          98      /* index 1 to 99 */
#define RAW_CD_MIN_INDEX_DISTANCE   75      /* sectors between two indexes of a track */

struct raw_cd_track
{
    IStream *data;
    IMAPI_CD_SECTOR_TYPE type;
    LONG number;
    LONG pregap;                /* sectors of index 0 before start */
    LONG start;                 /* LBA of index 1 */
    LONG count;
    WCHAR isrc[13];             /* empty when none */
    IMAPI_CD_TRACK_DIGITAL_COPY_SETTING copy;
    BOOL preemphasis;
    LONG index_count;           /* offsets from start of indexes 1, 2, ...; index 1 at 0 */
    LONG indexes[RAW_CD_MAX_INDEXES];
};

/* What a result image reads: a copy of the creator's tracks, frozen. */
struct raw_cd_layout
{
    LONG refcount;
    CRITICAL_SECTION cs;        /* serialises reads of the source streams */
    IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type;
    char mcn[14];               /* 13 digits or empty */
    IStream *special_pregap;
    IStream *subcode;
    LONG leadout;               /* LBA of the lead-out */
    LONG track_count;
    struct raw_cd_track tracks[99];
};

ULONG raw_cd_image_sector_size(IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type);
LONG raw_cd_layout_sector_count(const struct raw_cd_layout *layout);
void raw_cd_layout_release(struct raw_cd_layout *layout);
HRESULT raw_cd_image_stream_create(struct raw_cd_layout *layout, IStream **out);
struct raw_cd_layout *raw_cd_image_stream_layout(IStream *stream);
/* The creator's track for its track info object, with the creator locked; NULL when gone. */
struct raw_cd_track *raw_cd_image_lock_track(IRawCDImageCreator *iface, LONG index,
        BOOL *read_only);
void raw_cd_image_unlock(IRawCDImageCreator *iface);
HRESULT raw_cd_track_info_create(IRawCDImageCreator *creator, LONG index,
        IRawCDImageTrackInfo **out);

/* Recorders (recorder.c).  A recorder's unique ID is
 *   \\?\scsi#cdrom&ven_<vendor>&prod_<product>#wine&drive_<letter>#{53f56308-b6bf-11d0-94f2-00a0c91efb8b}
 * (see recorder.c); it fits in RECORDER_ID_LENGTH characters. */
#define RECORDER_ID_LENGTH 128

/* One INQUIRY on the CD-ROM drive at letter: S_OK and its unique ID if it is
 * an MMC device, S_FALSE if it answered as another device type, a failure if
 * it could not be asked (worth asking again later). */
HRESULT recorder_probe(WCHAR letter, WCHAR *id);

/* The drive handle (recorder.c).  Each recorder opens its drive once, in
 * InitializeDiscRecorder, and keeps it until it is released or initialised
 * again; the format objects borrow a reference instead of opening the drive a
 * second way.  A reference stays valid after its recorder is gone.
 *
 * Threads: single commands may be sent on one handle from several threads at
 * once (DeviceIoControl on a synchronous handle is serialised by the system;
 * transport.c guards what it shares).  A sequence of commands that relies on
 * drive state kept between them (mode page 05h, then WRITE) is protected by
 * the recorder's exclusive access, never by an object lock. */
struct recorder_device;
struct transport;

/* S_OK and a new reference for a recorder of this DLL; S_FALSE and NULL for an
 * IDiscRecorder2 implemented elsewhere; HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE)
 * for ours before InitializeDiscRecorder. */
HRESULT recorder_get_device(IDiscRecorder2 *recorder, struct recorder_device **device);
/* A handle of our own on a device path ("X:\", "\\.\X:"). */
HRESULT recorder_device_open(const WCHAR *path, struct recorder_device **device);
struct recorder_device *recorder_device_addref(struct recorder_device *device);
void recorder_device_release(struct recorder_device *device);
struct transport *recorder_device_transport(struct recorder_device *device);
/* E_IMAPI_RECORDER_LOCKED while a client other than this recorder object holds
 * exclusive access; S_OK otherwise and for recorders implemented elsewhere. */
HRESULT recorder_check_exclusive(IDiscRecorder2 *recorder);

/* ---- The IDiscFormat2 base (format_base.c) ----
 *
 * Shared by MsftDiscFormat2Data, Erase, TrackAtOnce and RawCD: the recorder,
 * its device, the client name and the IDiscFormat2 methods.  Each format
 * embeds a struct format_base, describes what it writes in a static
 * struct format_base_desc, and forwards its vtable methods in one line.
 *
 * Locking rule: base->cs protects the fields only and is never held across
 * SCSI I/O.  I/O runs on a device reference taken under the lock
 * (format_base_get_device), so a slow drive never blocks a getter of another
 * thread, and put_Recorder during I/O only drops the base's own reference. */

struct format_base_desc
{
    const WCHAR *name;              /* for traces */
    const WORD *profiles;           /* MMC profiles of the media the format writes */
    unsigned int profile_count;
    const WORD *features;           /* a drive with one of these can write some of them */
    unsigned int feature_count;
    HRESULT recorder_not_supported; /* put_Recorder: the recorder writes none of them */
    HRESULT client_name_not_valid;  /* put_ClientName */
};

struct format_base
{
    const struct format_base_desc *desc;
    CRITICAL_SECTION cs;            /* fields only: never held across SCSI I/O */
    IDiscRecorder2 *recorder;
    struct recorder_device *device; /* the recorder's, or opened through its volume path */
    BSTR client_name;
    HRESULT busy;                   /* set by the format while put_Recorder/put_ClientName must refuse */
};

/* What the base reads of the current medium. */
struct format_base_media
{
    WORD profile;
    IMAPI_MEDIA_PHYSICAL_TYPE type;
    BYTE disc_status;               /* READ DISC INFORMATION: MMC_DISC_STATUS_* */
    BOOL erasable;
};

void format_base_init(struct format_base *base, const struct format_base_desc *desc);
void format_base_cleanup(struct format_base *base);
/* S_OK: put_Recorder and put_ClientName work; a failure: they return it
 * (E_IMAPI_DF2DATA_WRITE_IN_PROGRESS while writing, ...). */
void format_base_set_busy(struct format_base *base, HRESULT busy);

/* A new reference to the device of the current recorder (E_IMAPI_RECORDER_REQUIRED
 * without one), and optionally the recorder, AddRef'ed. */
HRESULT format_base_get_device(struct format_base *base, struct recorder_device **device,
        IDiscRecorder2 **recorder);
/* A device for any recorder: its own, or for a recorder implemented elsewhere
 * one opened through its first volume path. */
HRESULT format_base_open_device(IDiscRecorder2 *recorder, struct recorder_device **device);
/* The patient device (patience.h) of DEVICE, for the commands of one call:
 * its transport, waited over while the drive is busy, until *CANCEL (which
 * may be NULL).  PATIENCE must outlive DEV. */
struct mmc_device;
struct patience;
void format_base_patient_device(struct recorder_device *device, const LONG *cancel, struct patience *patience,
        struct mmc_device *dev);
/* MODE SENSE page 2Ah of DEV, parsed: its speeds, rotation and buffer. */
struct mmc_capabilities_page;
HRESULT format_base_drive_capabilities(const struct mmc_device *dev, struct mmc_capabilities_page *caps);
/* The current medium of the current recorder: E_IMAPI_RECORDER_REQUIRED,
 * E_IMAPI_RECORDER_LOCKED, E_IMAPI_RECORDER_MEDIA_NO_MEDIA, ... */
HRESULT format_base_read_media(struct format_base *base, struct format_base_media *media);
IMAPI_MEDIA_PHYSICAL_TYPE format_base_media_type(WORD profile);
/* The client name rule of IOCTL_CDROM_EXCLUSIVE_ACCESS: not empty, shorter than
 * 64 characters with its NUL, alphanumerics, space and " .,:;-_". */
BOOL format_base_valid_client_name(const WCHAR *name);

/* The IDiscFormat2 methods and those every format has. */
HRESULT format_base_IsRecorderSupported(struct format_base *base, IDiscRecorder2 *recorder,
        VARIANT_BOOL *value);
HRESULT format_base_IsCurrentMediaSupported(struct format_base *base, IDiscRecorder2 *recorder,
        VARIANT_BOOL *value);
HRESULT format_base_get_MediaPhysicallyBlank(struct format_base *base, VARIANT_BOOL *value);
HRESULT format_base_get_MediaHeuristicallyBlank(struct format_base *base, VARIANT_BOOL *value);
HRESULT format_base_get_SupportedMediaTypes(struct format_base *base, SAFEARRAY **value);
HRESULT format_base_put_Recorder(struct format_base *base, IDiscRecorder2 *value);
HRESULT format_base_get_Recorder(struct format_base *base, IDiscRecorder2 **value);
HRESULT format_base_put_ClientName(struct format_base *base, BSTR value);
HRESULT format_base_get_ClientName(struct format_base *base, BSTR *value);

/* Write speeds in sectors per second (2352-byte sectors on CD, 2048 on DVD
 * and BD), -1 the fastest; PROFILE is the current medium's, TOTAL its
 * sectors (the end of SET STREAMING's range). */
HRESULT format_base_current_write_speed(struct format_base *base, WORD profile, LONG *value);
HRESULT format_base_current_rotation_is_pure_cav(struct format_base *base, VARIANT_BOOL *value);
HRESULT format_base_supported_write_speeds(struct format_base *base, WORD profile, BOOL descriptors,
        SAFEARRAY **value);
HRESULT format_base_send_write_speed(const struct mmc_device *dev, WORD profile, LONG total,
        LONG sectors_per_second, BOOL pure_cav);
HRESULT format_base_set_write_speed(struct format_base *base, WORD profile, LONG total,
        LONG sectors_per_second, BOOL pure_cav);
/* The same for the medium in the recorder now (the CD burners). */
HRESULT format_base_media_current_write_speed(struct format_base *base, LONG *value);
HRESULT format_base_media_write_speeds(struct format_base *base, BOOL descriptors, SAFEARRAY **value);
HRESULT format_base_get_CurrentPhysicalMediaType(struct format_base *base,
        IMAPI_MEDIA_PHYSICAL_TYPE *value);

/* ---- A prepared medium (format_base.c) ----
 *
 * MsftDiscFormat2TrackAtOnce and MsftDiscFormat2RawCD hold the medium from
 * PrepareMedia to ReleaseMedia: the recorder, with the exclusive access
 * taken in the client's name, and its device.  The fields are under the
 * format's own lock (cs), with what else the format keeps there. */
struct format_session
{
    CRITICAL_SECTION *cs;           /* the format's; never held across SCSI I/O */
    BOOL preparing;                 /* PrepareMedia runs */
    IDiscRecorder2 *recorder;       /* PrepareMedia to ReleaseMedia: held exclusively */
    struct recorder_device *device; /* its device, as long */
    BOOL locked;                    /* its exclusive access was taken */
    BOOL writing;                   /* a write (track, image) runs */
    BOOL written;                   /* something was written since PrepareMedia */
    LONG requested_speed;           /* SetWriteSpeed: sectors per second, -1 the fastest */
    BOOL requested_pure_cav;
};

struct format_session_desc
{
    HRESULT client_name_not_valid;  /* E_IMAPI_DF2TAO_CLIENT_NAME_IS_NOT_VALID, ... */
    HRESULT media_is_prepared;
    HRESULT media_is_not_prepared;
    HRESULT write_in_progress;
    /* PrepareMedia: reads and checks the medium through DEV (a CD-R or CD-RW
     * only), filling FOUND; keep() then stores FOUND under the lock. */
    HRESULT (*check_media)(void *format, const struct mmc_device *dev, void *found);
    void (*keep)(void *format, const void *found);
    /* ReleaseMedia: closes what must be (NULL: nothing), outside the lock;
     * WRITTEN is the session's written. */
    HRESULT (*close)(void *format, struct recorder_device *device, BOOL written);
};

void format_session_init(struct format_session *session, CRITICAL_SECTION *cs);
/* Gives up what the session holds, on the format's final release. */
void format_session_cleanup(struct format_session *session);
HRESULT format_session_prepare(struct format_base *base, struct format_session *session,
        const struct format_session_desc *desc, void *format, void *found);
HRESULT format_session_release(struct format_base *base, struct format_session *session,
        const struct format_session_desc *desc, void *format);
/* SetWriteSpeed of a CD burner: kept for PrepareMedia, and sent now when a CD
 * is in the recorder (S_IMAPI_SPEEDADJUSTED, ... say what the drive took). */
HRESULT format_session_set_write_speed(struct format_base *base, struct format_session *session,
        const struct format_session_desc *desc, LONG speed, BOOL pure_cav);



#endif /* __IMAPI2_PRIVATE_H */
