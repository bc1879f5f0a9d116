/*
 * Image Mastering API v2: the IDiscFormat2 base shared by the format objects.
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

/* One set of rules for every format object:
 *  - NULL out-pointers and NULL recorder arguments give E_POINTER;
 *  - put_Recorder(NULL) detaches the recorder (Microsoft's IMAPI2 sample
 *    checks that it does); get_Recorder then gives S_OK and NULL (its page
 *    lists no other code), the media getters E_IMAPI_RECORDER_REQUIRED;
 *  - put_Recorder accepts only a recorder IsRecorderSupported accepts;
 *  - IsCurrentMediaSupported without a medium gives VARIANT_FALSE and
 *    E_IMAPI_RECORDER_MEDIA_NO_MEDIA, as Windows 7 and later do (Vista gave S_OK);
 *  - the media getters give E_IMAPI_RECORDER_LOCKED while another client holds
 *    exclusive access, as their pages list;
 *  - one client name rule, the one AcquireExclusiveAccess applies. */

#include "imapi2_private.h"
#include "mmc.h"
#include "patience.h"
#include "transport.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* MediaHeuristicallyBlank looks at the first and last 2 MB of the recorded area. */
#define HEURISTIC_BLOCKS    (2 * 1024 * 1024 / MMC_BLOCK_SIZE)
#define HEURISTIC_READ      16

IMAPI_MEDIA_PHYSICAL_TYPE format_base_media_type(WORD profile)
{
    switch (profile)
    {
    case MMC_PROFILE_CD_ROM: return IMAPI_MEDIA_TYPE_CDROM;
    case MMC_PROFILE_CD_R: return IMAPI_MEDIA_TYPE_CDR;
    case MMC_PROFILE_CD_RW: return IMAPI_MEDIA_TYPE_CDRW;
    case MMC_PROFILE_DVD_ROM: return IMAPI_MEDIA_TYPE_DVDROM;
    case MMC_PROFILE_DVD_R_SEQUENTIAL: return IMAPI_MEDIA_TYPE_DVDDASHR;
    case MMC_PROFILE_DVD_RAM: return IMAPI_MEDIA_TYPE_DVDRAM;
    case MMC_PROFILE_DVD_RW_RESTRICTED_OVERWRITE:
    case MMC_PROFILE_DVD_RW_SEQUENTIAL: return IMAPI_MEDIA_TYPE_DVDDASHRW;
    case MMC_PROFILE_DVD_R_DL_SEQUENTIAL:
    case MMC_PROFILE_DVD_R_DL_LAYER_JUMP: return IMAPI_MEDIA_TYPE_DVDDASHR_DUALLAYER;
    case MMC_PROFILE_DVD_PLUS_RW: return IMAPI_MEDIA_TYPE_DVDPLUSRW;
    case MMC_PROFILE_DVD_PLUS_R: return IMAPI_MEDIA_TYPE_DVDPLUSR;
    case MMC_PROFILE_DVD_PLUS_RW_DL: return IMAPI_MEDIA_TYPE_DVDPLUSRW_DUALLAYER;
    case MMC_PROFILE_DVD_PLUS_R_DL: return IMAPI_MEDIA_TYPE_DVDPLUSR_DUALLAYER;
    case MMC_PROFILE_BD_ROM: return IMAPI_MEDIA_TYPE_BDROM;
    case MMC_PROFILE_BD_R_SRM:
    case MMC_PROFILE_BD_R_RRM: return IMAPI_MEDIA_TYPE_BDR;
    case MMC_PROFILE_BD_RE: return IMAPI_MEDIA_TYPE_BDRE;
    case MMC_PROFILE_HD_DVD_ROM: return IMAPI_MEDIA_TYPE_HDDVDROM;
    case MMC_PROFILE_HD_DVD_R: return IMAPI_MEDIA_TYPE_HDDVDR;
    case MMC_PROFILE_HD_DVD_RAM: return IMAPI_MEDIA_TYPE_HDDVDRAM;
    default: return IMAPI_MEDIA_TYPE_UNKNOWN;
    }
}

/* ntddcdrm.h: IOCTL_CDROM_EXCLUSIVE_ACCESS takes alphanumerics, space, period,
 * comma, colon, semicolon, hyphen and underscore, shorter than
 * CDROM_EXCLUSIVE_CALLER_LENGTH (64) with its NUL. Microsoft's pages of
 * put_ClientName: not NULL nor empty, the same character set. */
BOOL format_base_valid_client_name(const WCHAR *name)
{
    size_t len, i;

    if (!name || !(len = wcslen(name)) || len >= 64)
        return FALSE;
    for (i = 0; i < len; ++i)
    {
        WCHAR c = name[i];

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            continue;
        if (!wcschr(L" .,:;-_", c))
            return FALSE;
    }
    return TRUE;
}

void format_base_init(struct format_base *base, const struct format_base_desc *desc)
{
    memset(base, 0, sizeof(*base));
    base->desc = desc;
    InitializeCriticalSection(&base->cs);
    base->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": format_base.cs");
}

void format_base_cleanup(struct format_base *base)
{
    if (base->device)
        recorder_device_release(base->device);
    if (base->recorder)
        IDiscRecorder2_Release(base->recorder);
    SysFreeString(base->client_name);
    base->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&base->cs);
}

void format_base_set_busy(struct format_base *base, HRESULT busy)
{
    EnterCriticalSection(&base->cs);
    base->busy = busy;
    LeaveCriticalSection(&base->cs);
}

/* Opens \\.\X: from the recorder's first volume path (X:\). */
static HRESULT open_through_volume_path(IDiscRecorder2 *recorder, struct recorder_device **device)
{
    SAFEARRAY *paths = NULL;
    LONG lower, upper;
    VARIANT path;
    HRESULT hr;

    if (FAILED(hr = IDiscRecorder2_get_VolumePathNames(recorder, &paths)))
        return hr;
    if (!paths)
        return E_IMAPI_RECORDER_REQUIRED;
    VariantInit(&path);
    hr = E_IMAPI_RECORDER_REQUIRED;
    if (SUCCEEDED(SafeArrayGetLBound(paths, 1, &lower)) && SUCCEEDED(SafeArrayGetUBound(paths, 1, &upper))
            && lower <= upper && SUCCEEDED(SafeArrayGetElement(paths, &lower, &path)))
    {
        if (V_VT(&path) == VT_BSTR && V_BSTR(&path))
            hr = recorder_device_open(V_BSTR(&path), device);
        VariantClear(&path);
    }
    SafeArrayDestroy(paths);
    return hr;
}

HRESULT format_base_open_device(IDiscRecorder2 *recorder, struct recorder_device **device)
{
    HRESULT hr;

    if ((hr = recorder_get_device(recorder, device)) != S_FALSE)
        return hr;
    TRACE("Recorder %p is not ours: opening its volume path.\n", recorder);
    return open_through_volume_path(recorder, device);
}

void format_base_patient_device(struct recorder_device *device, const LONG *cancel, struct patience *patience,
        struct mmc_device *dev)
{
    struct mmc_device inner;

    transport_device(recorder_device_transport(device), &inner);
    patience_init(patience, &inner, cancel, dev);
}

HRESULT format_base_get_device(struct format_base *base, struct recorder_device **device,
        IDiscRecorder2 **recorder)
{
    HRESULT hr = S_OK;

    *device = NULL;
    if (recorder) *recorder = NULL;
    EnterCriticalSection(&base->cs);
    if (!base->recorder || !base->device)
        hr = E_IMAPI_RECORDER_REQUIRED;
    else
    {
        *device = recorder_device_addref(base->device);
        if (recorder)
            IDiscRecorder2_AddRef(*recorder = base->recorder);
    }
    LeaveCriticalSection(&base->cs);
    return hr;
}

static BOOL desc_has_profile(const struct format_base_desc *desc, WORD profile)
{
    unsigned int i;

    for (i = 0; i < desc->profile_count; ++i)
        if (desc->profiles[i] == profile) return TRUE;
    return FALSE;
}

/* A drive that can write some of the media of this format: one of its
 * features, and one of its profiles in the drive's profile list. */
static HRESULT device_supported(const struct format_base_desc *desc, struct recorder_device *device,
        BOOL *supported)
{
    struct mmc_profile_descriptor profiles[64];
    struct mmc_feature feature;
    unsigned int i, count;
    struct mmc_device dev;
    BOOL writes = FALSE;
    uint8_t *data;
    uint32_t len;
    HRESULT hr;

    *supported = FALSE;
    transport_device(recorder_device_transport(device), &dev);
    if (FAILED(hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, 0, &data, &len)))
        return hr;
    for (i = 0; i < desc->feature_count && !writes; ++i)
        writes = mmc_find_feature(data, len, desc->features[i], &feature) == MMC_OK;
    if (writes && mmc_find_feature(data, len, MMC_FEATURE_PROFILE_LIST, &feature) == MMC_OK
            && mmc_parse_profile_list(&feature, profiles, ARRAY_SIZE(profiles), &count) == MMC_OK)
    {
        count = min(count, ARRAY_SIZE(profiles));
        for (i = 0; i < count && !*supported; ++i)
            *supported = desc_has_profile(desc, profiles[i].profile);
    }
    free(data);
    return S_OK;
}

static HRESULT device_read_media(struct recorder_device *device, struct format_base_media *media)
{
    struct mmc_disc_info disc;
    struct mmc_device dev;
    uint16_t profile;
    HRESULT hr;

    memset(media, 0, sizeof(*media));
    transport_device(recorder_device_transport(device), &dev);
    if (FAILED(hr = mmc_drive_current_profile(&dev, &profile)))
        return hr;
    if (!profile)
        return E_IMAPI_RECORDER_MEDIA_NO_MEDIA;
    media->profile = profile;
    media->type = format_base_media_type(profile);
    if (FAILED(hr = mmc_drive_read_disc_info(&dev, mmc_profile_is_cd(profile), &disc)))
        return hr;
    media->disc_status = disc.disc_status;
    media->erasable = disc.erasable;
    TRACE("profile %#x, disc status %u, erasable %d.\n", profile, disc.disc_status, disc.erasable);
    return S_OK;
}

HRESULT format_base_read_media(struct format_base *base, struct format_base_media *media)
{
    struct recorder_device *device;
    IDiscRecorder2 *recorder;
    HRESULT hr;

    if (FAILED(hr = format_base_get_device(base, &device, &recorder)))
        return hr;
    if (SUCCEEDED(hr = recorder_check_exclusive(recorder)))
        hr = device_read_media(device, media);
    recorder_device_release(device);
    IDiscRecorder2_Release(recorder);
    return hr;
}

HRESULT format_base_IsRecorderSupported(struct format_base *base, IDiscRecorder2 *recorder,
        VARIANT_BOOL *value)
{
    struct recorder_device *device;
    BOOL supported;
    HRESULT hr;

    TRACE("%s %p, %p, %p.\n", debugstr_w(base->desc->name), base, recorder, value);

    if (!recorder || !value) return E_POINTER;
    *value = VARIANT_FALSE;

    if (FAILED(hr = format_base_open_device(recorder, &device)))
        return hr;
    hr = device_supported(base->desc, device, &supported);
    recorder_device_release(device);
    if (SUCCEEDED(hr))
        *value = supported ? VARIANT_TRUE : VARIANT_FALSE;
    return hr;
}

HRESULT format_base_IsCurrentMediaSupported(struct format_base *base, IDiscRecorder2 *recorder,
        VARIANT_BOOL *value)
{
    struct format_base_media media;
    struct recorder_device *device;
    BOOL supported;
    HRESULT hr;

    TRACE("%s %p, %p, %p.\n", debugstr_w(base->desc->name), base, recorder, value);

    if (!recorder || !value) return E_POINTER;
    *value = VARIANT_FALSE;

    if (FAILED(hr = format_base_open_device(recorder, &device)))
        return hr;
    /* Microsoft: VARIANT_TRUE implies that IsRecorderSupported says so too. */
    if (SUCCEEDED(hr = device_supported(base->desc, device, &supported)) && supported
            && SUCCEEDED(hr = device_read_media(device, &media)))
        *value = desc_has_profile(base->desc, media.profile) ? VARIANT_TRUE : VARIANT_FALSE;
    recorder_device_release(device);
    return hr;
}

HRESULT format_base_get_MediaPhysicallyBlank(struct format_base *base, VARIANT_BOOL *value)
{
    struct format_base_media media;
    HRESULT hr;

    TRACE("%s %p, %p.\n", debugstr_w(base->desc->name), base, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = format_base_read_media(base, &media)))
        return hr;
    *value = media.disc_status == MMC_DISC_STATUS_EMPTY ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

/* Whether blocks [start, end) hold only zeros; blocks that cannot be read hold
 * nothing either (unrecorded areas of some media). */
static HRESULT blocks_are_zero(const struct mmc_device *dev, uint32_t start, uint32_t end, BOOL *zero)
{
    struct mmc_command cmd;
    struct mmc_sense sense;
    uint8_t cdb[16], *buf;
    uint32_t lba, count, i;
    unsigned int n;
    HRESULT hr = S_OK;

    *zero = TRUE;
    if (!(buf = malloc(HEURISTIC_READ * MMC_BLOCK_SIZE)))
        return E_OUTOFMEMORY;
    for (lba = start; lba < end && *zero; lba += count)
    {
        count = min(HEURISTIC_READ, end - lba);
        n = mmc_build_read_10(cdb, lba, count);
        memset(buf, 0, count * MMC_BLOCK_SIZE);
        mmc_command_init(&cmd, cdb, n, MMC_DIR_FROM_DEVICE, buf, count * MMC_BLOCK_SIZE);
        if (FAILED(hr = mmc_execute(dev, &cmd, &sense)))
        {
            if (hr == E_IMAPI_RECORDER_MEDIA_NO_MEDIA || hr == E_IMAPI_RECORDER_LOCKED)
                break;
            hr = S_OK;
            /* Recorded, but not as data sectors: audio or another mode READ(10)
             * cannot return (MMC: 05/64/00, illegal mode for this track). */
            if (sense.valid && sense.asc == SENSE_ASC_ILLEGAL_MODE_FOR_TRACK)
            {
                TRACE("Blocks %u..%u are recorded in a mode READ(10) does not read.\n", lba, lba + count - 1);
                *zero = FALSE;
                break;
            }
            TRACE("Blocks %u..%u cannot be read, hr %#lx.\n", lba, lba + count - 1, hr);
            continue;
        }
        for (i = 0; i < cmd.transferred && *zero; ++i)
            *zero = !buf[i];
    }
    free(buf);
    return hr;
}

/* Microsoft: no file system, and the first and last 2 MB of the disc zero.
 * ISO 9660 and UDF both start at block 16, so the first 2 MB cover the file
 * system check; the last 2 MB are those before the last recorded block. */
HRESULT format_base_get_MediaHeuristicallyBlank(struct format_base *base, VARIANT_BOOL *value)
{
    struct format_base_media media;
    struct recorder_device *device;
    struct mmc_capacity capacity;
    IDiscRecorder2 *recorder;
    struct mmc_device dev;
    uint32_t blocks;
    BOOL zero = TRUE;
    HRESULT hr;

    TRACE("%s %p, %p.\n", debugstr_w(base->desc->name), base, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = format_base_get_device(base, &device, &recorder)))
        return hr;
    if (FAILED(hr = recorder_check_exclusive(recorder)) || FAILED(hr = device_read_media(device, &media)))
        goto done;
    if (media.disc_status == MMC_DISC_STATUS_EMPTY)
        goto done;

    transport_device(recorder_device_transport(device), &dev);
    if (FAILED(mmc_drive_read_capacity(&dev, &capacity)))
    {
        /* Nothing recorded that the drive can read back. */
        WARN("READ CAPACITY failed on a medium that is not blank.\n");
        goto done;
    }
    blocks = capacity.last_lba + 1;
    if (SUCCEEDED(hr = blocks_are_zero(&dev, 0, min(blocks, HEURISTIC_BLOCKS), &zero)) && zero
            && blocks > HEURISTIC_BLOCKS)
        hr = blocks_are_zero(&dev, max(blocks - HEURISTIC_BLOCKS, HEURISTIC_BLOCKS), blocks, &zero);

done:
    recorder_device_release(device);
    IDiscRecorder2_Release(recorder);
    if (SUCCEEDED(hr))
        *value = zero ? VARIANT_TRUE : VARIANT_FALSE;
    return hr;
}

static HRESULT types_to_safearray(const IMAPI_MEDIA_PHYSICAL_TYPE *types, unsigned int count, SAFEARRAY **out)
{
    SAFEARRAY *array;
    unsigned int i;
    VARIANT *v;
    HRESULT hr;

    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, count)))
        return E_OUTOFMEMORY;
    if (FAILED(hr = SafeArrayAccessData(array, (void **)&v)))
    {
        SafeArrayDestroy(array);
        return hr;
    }
    for (i = 0; i < count; ++i)
    {
        V_VT(&v[i]) = VT_I4;
        V_I4(&v[i]) = types[i];
    }
    SafeArrayUnaccessData(array);
    *out = array;
    return S_OK;
}

static void add_type(IMAPI_MEDIA_PHYSICAL_TYPE *types, unsigned int *count, IMAPI_MEDIA_PHYSICAL_TYPE type)
{
    unsigned int i;

    for (i = 0; i < *count; ++i)
        if (types[i] == type) return;
    types[(*count)++] = type;
}

/* The media types of the format; with a recorder, those its drive knows. */
HRESULT format_base_get_SupportedMediaTypes(struct format_base *base, SAFEARRAY **value)
{
    const struct format_base_desc *desc = base->desc;
    struct mmc_profile_descriptor profiles[64];
    IMAPI_MEDIA_PHYSICAL_TYPE types[64];
    struct recorder_device *device;
    unsigned int count = 0, total, i;
    struct mmc_feature feature;
    IDiscRecorder2 *recorder;
    struct mmc_device dev;
    uint8_t *data;
    uint32_t len;
    HRESULT hr;

    TRACE("%s %p, %p.\n", debugstr_w(desc->name), base, value);

    if (!value) return E_POINTER;
    *value = NULL;

    if (FAILED(format_base_get_device(base, &device, &recorder)))
    {
        for (i = 0; i < desc->profile_count && count < ARRAY_SIZE(types); ++i)
            add_type(types, &count, format_base_media_type(desc->profiles[i]));
        return types_to_safearray(types, count, value);
    }

    if (SUCCEEDED(hr = recorder_check_exclusive(recorder)))
    {
        transport_device(recorder_device_transport(device), &dev);
        hr = mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, MMC_FEATURE_PROFILE_LIST, &data, &len);
    }
    recorder_device_release(device);
    IDiscRecorder2_Release(recorder);
    if (FAILED(hr))
        return hr;

    if (mmc_find_feature(data, len, MMC_FEATURE_PROFILE_LIST, &feature) == MMC_OK
            && mmc_parse_profile_list(&feature, profiles, ARRAY_SIZE(profiles), &total) == MMC_OK)
    {
        total = min(total, ARRAY_SIZE(profiles));
        for (i = 0; i < total; ++i)
            if (desc_has_profile(desc, profiles[i].profile))
                add_type(types, &count, format_base_media_type(profiles[i].profile));
    }
    free(data);
    return types_to_safearray(types, count, value);
}

HRESULT format_base_put_Recorder(struct format_base *base, IDiscRecorder2 *value)
{
    struct recorder_device *device = NULL, *old_device;
    IDiscRecorder2 *old_recorder;
    BOOL supported;
    HRESULT hr;

    TRACE("%s %p, %p.\n", debugstr_w(base->desc->name), base, value);

    if (value)
    {
        if (FAILED(hr = format_base_open_device(value, &device)))
            return hr;
        if (FAILED(hr = device_supported(base->desc, device, &supported)) || !supported)
        {
            recorder_device_release(device);
            return FAILED(hr) ? hr : base->desc->recorder_not_supported;
        }
    }

    EnterCriticalSection(&base->cs);
    if (FAILED(hr = base->busy))
    {
        LeaveCriticalSection(&base->cs);
        if (device) recorder_device_release(device);
        return hr;
    }
    old_recorder = base->recorder;
    old_device = base->device;
    if ((base->recorder = value))
        IDiscRecorder2_AddRef(value);
    base->device = device;
    LeaveCriticalSection(&base->cs);

    if (old_device) recorder_device_release(old_device);
    if (old_recorder) IDiscRecorder2_Release(old_recorder);
    return S_OK;
}

HRESULT format_base_get_Recorder(struct format_base *base, IDiscRecorder2 **value)
{
    TRACE("%s %p, %p.\n", debugstr_w(base->desc->name), base, value);

    if (!value) return E_POINTER;
    EnterCriticalSection(&base->cs);
    if ((*value = base->recorder))
        IDiscRecorder2_AddRef(*value);
    LeaveCriticalSection(&base->cs);
    return S_OK;
}

HRESULT format_base_put_ClientName(struct format_base *base, BSTR value)
{
    HRESULT hr;
    BSTR copy;

    TRACE("%s %p, %s.\n", debugstr_w(base->desc->name), base, debugstr_w(value));

    if (!format_base_valid_client_name(value))
        return base->desc->client_name_not_valid;
    if (!(copy = SysAllocString(value)))
        return E_OUTOFMEMORY;
    EnterCriticalSection(&base->cs);
    if (SUCCEEDED(hr = base->busy))
    {
        SysFreeString(base->client_name);
        base->client_name = copy;
        copy = NULL;
    }
    LeaveCriticalSection(&base->cs);
    SysFreeString(copy);
    return hr;
}

HRESULT format_base_get_ClientName(struct format_base *base, BSTR *value)
{
    HRESULT hr = S_OK;

    TRACE("%s %p, %p.\n", debugstr_w(base->desc->name), base, value);

    if (!value) return E_POINTER;
    *value = NULL;
    EnterCriticalSection(&base->cs);
    if (base->client_name && !(*value = SysAllocString(base->client_name)))
        hr = E_OUTOFMEMORY;
    LeaveCriticalSection(&base->cs);
    return hr;
}

HRESULT format_base_get_CurrentPhysicalMediaType(struct format_base *base, IMAPI_MEDIA_PHYSICAL_TYPE *value)
{
    struct format_base_media media;
    HRESULT hr;

    TRACE("%s %p, %p.\n", debugstr_w(base->desc->name), base, value);

    if (!value) return E_POINTER;
    if (FAILED(hr = format_base_read_media(base, &media)))
        return hr;
    *value = media.type;
    return S_OK;
}

/* ---- Write speeds: IDiscFormat2Data and IDiscFormat2TrackAtOnce ---- */

/* MMC speeds are in kB/s (1000 bytes); IMAPI's in sectors per second, where a
 * CD sector is 2352 bytes at 1x (75 per second) and others are 2048. */
static LONG kbps_to_sectors(WORD profile, DWORD kbps)
{
    DWORD sector = mmc_profile_is_cd(profile) ? 2352 : MMC_BLOCK_SIZE;

    return (LONG)(((ULONGLONG)kbps * 1000 + sector / 2) / sector);
}

static DWORD sectors_to_kbps(WORD profile, LONG sectors)
{
    return (DWORD)(((ULONGLONG)sectors * (mmc_profile_is_cd(profile) ? 2352 : MMC_BLOCK_SIZE) + 500) / 1000);
}

/* The current recorder's device, through patience: a busy drive is waited for. */
struct speed_device
{
    struct recorder_device *device;
    IDiscRecorder2 *recorder;
    struct patience patience;
    struct mmc_device dev;
};

static HRESULT speed_device_open(struct format_base *base, struct speed_device *d)
{
    HRESULT hr;

    if (FAILED(hr = format_base_get_device(base, &d->device, &d->recorder)))
        return hr;
    format_base_patient_device(d->device, NULL, &d->patience, &d->dev);
    return S_OK;
}

static void speed_device_close(struct speed_device *d)
{
    recorder_device_release(d->device);
    IDiscRecorder2_Release(d->recorder);
}

/* MODE SENSE page 2Ah: the speed and rotation the drive writes at, its buffer. */
HRESULT format_base_drive_capabilities(const struct mmc_device *dev, struct mmc_capabilities_page *caps)
{
    struct mmc_mode_page page;
    uint8_t *data;
    uint32_t len;
    HRESULT hr;

    if (FAILED(hr = mmc_drive_mode_sense_data(dev, MMC_MODE_PAGE_CAPABILITIES, MMC_PC_CURRENT, &data, &len)))
        return hr;
    if (mmc_find_mode_page(data, len, MMC_MODE_PAGE_CAPABILITIES, &page) != MMC_OK
            || mmc_parse_capabilities_page(&page, caps) != MMC_OK)
        hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    free(data);
    return hr;
}

static HRESULT speed_capabilities(struct format_base *base, struct mmc_capabilities_page *caps)
{
    struct speed_device d;
    HRESULT hr;

    if (FAILED(hr = speed_device_open(base, &d)))
        return hr;
    hr = format_base_drive_capabilities(&d.dev, caps);
    speed_device_close(&d);
    return hr;
}

HRESULT format_base_current_write_speed(struct format_base *base, WORD profile, LONG *value)
{
    struct mmc_capabilities_page caps;
    HRESULT hr;

    if (FAILED(hr = speed_capabilities(base, &caps)))
        return hr;
    *value = kbps_to_sectors(profile, caps.has_write_speed_selected
            ? caps.current_write_speed_selected : caps.current_write_speed);
    return S_OK;
}

HRESULT format_base_current_rotation_is_pure_cav(struct format_base *base, VARIANT_BOOL *value)
{
    struct mmc_capabilities_page caps;
    HRESULT hr;

    if (!value) return E_POINTER;
    if (FAILED(hr = speed_capabilities(base, &caps)))
        return hr;
    *value = caps.has_write_speed_selected && caps.rotation_control_selected == 1 ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

/* GET PERFORMANCE type 03h: the write speeds for the current media. */
static HRESULT speed_list(struct format_base *base, struct mmc_write_speed_descriptor *speeds,
        unsigned int *count)
{
    struct speed_device d;
    uint8_t cdb[16], *buf;
    unsigned int n, i, max_speeds = *count;
    uint32_t got, size = 8 + 16 * max_speeds;
    int total;
    HRESULT hr;

    *count = 0;
    if (!(buf = malloc(size)))
        return E_OUTOFMEMORY;
    n = mmc_build_get_performance(cdb, MMC_PERFORMANCE_TYPE_WRITE_SPEED, 0, 0, max_speeds);
    if (SUCCEEDED(hr = speed_device_open(base, &d)))
    {
        hr = mmc_run_in(&d.dev, cdb, n, buf, size, &got);
        speed_device_close(&d);
    }
    if (SUCCEEDED(hr) && (total = mmc_write_speed_count(buf, got)) >= 0)
    {
        for (i = 0; i < (unsigned int)total && i < max_speeds; ++i)
        {
            if (mmc_get_write_speed(buf, got, i, &speeds[*count]) == MMC_OK)
                ++*count;
        }
    }
    else if (SUCCEEDED(hr))
        hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    free(buf);
    return hr;
}

/* SupportedWriteSpeeds (VT_I4 sectors per second) or
 * SupportedWriteSpeedDescriptors (IWriteSpeedDescriptor). */
HRESULT format_base_supported_write_speeds(struct format_base *base, WORD profile, BOOL descriptors,
        SAFEARRAY **value)
{
    struct mmc_write_speed_descriptor speeds[32];
    unsigned int count = ARRAY_SIZE(speeds), i;
    SAFEARRAY *array;
    VARIANT *v;
    HRESULT hr;

    *value = NULL;
    if (FAILED(hr = speed_list(base, speeds, &count)))
        return hr;
    if (!(array = SafeArrayCreateVector(VT_VARIANT, 0, count)))
        return E_OUTOFMEMORY;
    if (FAILED(hr = SafeArrayAccessData(array, (void **)&v)))
    {
        SafeArrayDestroy(array);
        return hr;
    }
    for (i = 0; i < count && SUCCEEDED(hr); ++i)
    {
        if (!descriptors)
        {
            V_VT(&v[i]) = VT_I4;
            V_I4(&v[i]) = kbps_to_sectors(profile, speeds[i].write_speed);
            continue;
        }
        V_VT(&v[i]) = VT_DISPATCH;
        hr = write_speed_descriptor_create(format_base_media_type(profile), speeds[i].write_rotation_control == 1,
                kbps_to_sectors(profile, speeds[i].write_speed), &V_DISPATCH(&v[i]));
        if (FAILED(hr))
            V_VT(&v[i]) = VT_EMPTY;
    }
    SafeArrayUnaccessData(array);
    if (FAILED(hr))
    {
        SafeArrayDestroy(array);
        return hr;
    }
    *value = array;
    return S_OK;
}

/* SET CD SPEED on CD, SET STREAMING on DVD and BD (what growisofs and
 * cdrecord send); sectors_per_second -1 asks for the fastest. */
HRESULT format_base_send_write_speed(const struct mmc_device *dev, WORD profile, LONG total,
        LONG sectors_per_second, BOOL pure_cav)
{
    DWORD kbps = sectors_per_second < 0 ? 0xffffffff : sectors_to_kbps(profile, sectors_per_second);
    uint8_t cdb[16];
    unsigned int n;

    if (mmc_profile_is_cd(profile))
    {
        n = mmc_build_set_cd_speed(cdb, pure_cav ? 1 : 0, 0xffff, min(kbps, 0xffff));
        return mmc_run_out(dev, cdb, n, NULL, 0);
    }
    else
    {
        struct mmc_streaming_descriptor descriptor;
        uint8_t list[MMC_STREAMING_DESCRIPTOR_LENGTH];

        memset(&descriptor, 0, sizeof(descriptor));
        descriptor.write_rotation_control = pure_cav ? 1 : 0;
        descriptor.end_lba = max(total - 1, 0);
        descriptor.read_size = kbps;
        descriptor.read_time = 1000;
        descriptor.write_size = kbps;
        descriptor.write_time = 1000;
        mmc_build_streaming_descriptor(list, &descriptor);
        n = mmc_build_set_streaming(cdb, 0, sizeof(list));
        return mmc_run_out(dev, cdb, n, list, sizeof(list));
    }
}

/* SetWriteSpeed: the speed goes to the drive now, and what the drive then
 * reports says whether it took it: S_IMAPI_SPEEDADJUSTED when it picked
 * another speed (more than 1% off: drives round), S_IMAPI_ROTATIONADJUSTED
 * when it did not take the rotation asked for, S_IMAPI_BOTHADJUSTED for both. */
HRESULT format_base_set_write_speed(struct format_base *base, WORD profile, LONG total,
        LONG sectors_per_second, BOOL pure_cav)
{
    struct mmc_capabilities_page caps;
    BOOL speed_adjusted, rotation_adjusted;
    struct speed_device d;
    DWORD asked, got;
    HRESULT hr;

    if (FAILED(hr = speed_device_open(base, &d)))
        return hr;
    hr = format_base_send_write_speed(&d.dev, profile, total, sectors_per_second, pure_cav);
    speed_device_close(&d);
    if (FAILED(hr))
    {
        WARN("The drive refused the speed, hr %#lx.\n", hr);
        return hr;
    }
    if (FAILED(speed_capabilities(base, &caps)))
        return S_OK;

    got = caps.has_write_speed_selected ? caps.current_write_speed_selected : caps.current_write_speed;
    asked = sectors_per_second < 0 ? got : sectors_to_kbps(profile, sectors_per_second);
    speed_adjusted = (ULONGLONG)max(got, asked) * 100 > (ULONGLONG)min(got, asked) * 101;
    rotation_adjusted = caps.has_write_speed_selected && pure_cav != (caps.rotation_control_selected == 1);
    TRACE("Asked %lu kB/s%s, the drive uses %lu kB/s, rotation %u.\n", asked, pure_cav ? " CAV" : "", got,
            caps.rotation_control_selected);
    if (speed_adjusted && rotation_adjusted) return S_IMAPI_BOTHADJUSTED;
    if (speed_adjusted) return S_IMAPI_SPEEDADJUSTED;
    if (rotation_adjusted) return S_IMAPI_ROTATIONADJUSTED;
    return S_OK;
}

HRESULT format_base_media_current_write_speed(struct format_base *base, LONG *value)
{
    struct format_base_media media;
    HRESULT hr;

    if (!value) return E_POINTER;
    if (FAILED(hr = format_base_read_media(base, &media)))
        return hr;
    return format_base_current_write_speed(base, media.profile, value);
}

HRESULT format_base_media_write_speeds(struct format_base *base, BOOL descriptors, SAFEARRAY **value)
{
    struct format_base_media media;
    HRESULT hr;

    if (!value) return E_POINTER;
    *value = NULL;
    if (FAILED(hr = format_base_read_media(base, &media)))
        return hr;
    return format_base_supported_write_speeds(base, media.profile, descriptors, value);
}

/* SetWriteSpeed of a CD burner once the request is stored: sent now on a CD, else kept. */
static HRESULT format_base_cd_set_write_speed(struct format_base *base, LONG sectors_per_second, BOOL pure_cav)
{
    struct format_base_media media;

    if (FAILED(format_base_read_media(base, &media)) || !mmc_profile_is_cd(media.profile))
        return S_OK;
    return format_base_set_write_speed(base, media.profile, 0, sectors_per_second, pure_cav);
}

/* ---- A prepared medium: PrepareMedia to ReleaseMedia ---- */

void format_session_init(struct format_session *session, CRITICAL_SECTION *cs)
{
    memset(session, 0, sizeof(*session));
    session->cs = cs;
    session->requested_speed = -1;
}

void format_session_cleanup(struct format_session *session)
{
    if (session->recorder)
    {
        if (session->locked)
            IDiscRecorder2_ReleaseExclusiveAccess(session->recorder);
        IDiscRecorder2_Release(session->recorder);
    }
    if (session->device)
        recorder_device_release(session->device);
}

/* Microsoft: PrepareMedia locks the medium for the writes that follow, until
 * ReleaseMedia; it needs a recorder and a client name (the name of the
 * exclusive access it takes). */
HRESULT format_session_prepare(struct format_base *base, struct format_session *session,
        const struct format_session_desc *desc, void *format, void *found)
{
    struct recorder_device *device;
    struct patience patience;
    struct mmc_device dev;
    IDiscRecorder2 *recorder;
    BSTR client_name = NULL;
    LONG cancel = FALSE;
    BOOL locked = FALSE;
    HRESULT hr;

    if (FAILED(hr = format_base_get_device(base, &device, &recorder)))
        return hr;
    if (FAILED(hr = format_base_get_ClientName(base, &client_name)) || !client_name)
    {
        WARN("No client name.\n");
        recorder_device_release(device);
        IDiscRecorder2_Release(recorder);
        return FAILED(hr) ? hr : desc->client_name_not_valid;
    }

    EnterCriticalSection(session->cs);
    if (session->recorder || session->preparing)
        hr = desc->media_is_prepared;
    else
        session->preparing = TRUE;
    LeaveCriticalSection(session->cs);
    if (FAILED(hr))
        goto done;

    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, client_name);
    if (SUCCEEDED(hr))
        locked = TRUE;
    if (SUCCEEDED(hr) || hr == E_NOTIMPL)
    {
        LONG speed;
        BOOL pure_cav;

        format_base_patient_device(device, &cancel, &patience, &dev);
        hr = desc->check_media(format, &dev, found);
        EnterCriticalSection(session->cs);
        speed = session->requested_speed;
        pure_cav = session->requested_pure_cav;
        LeaveCriticalSection(session->cs);
        /* the speed SetWriteSpeed asked for, as Write of the data burner sends
         * it (check_media took only CD-R and CD-RW: SET CD SPEED) */
        if (SUCCEEDED(hr) && speed > 0
                && FAILED(format_base_send_write_speed(&dev, MMC_PROFILE_CD_R, 0, speed, pure_cav)))
            WARN("Setting the write speed failed.\n");
    }
    if (FAILED(hr) && locked)
    {
        IDiscRecorder2_ReleaseExclusiveAccess(recorder);
        locked = FALSE;
    }

    EnterCriticalSection(session->cs);
    session->preparing = FALSE;
    if (SUCCEEDED(hr))
    {
        IDiscRecorder2_AddRef(session->recorder = recorder);
        session->device = recorder_device_addref(device);
        session->locked = locked;
        session->written = FALSE;
        desc->keep(format, found);
        format_base_set_busy(base, desc->media_is_prepared);
    }
    LeaveCriticalSection(session->cs);

done:
    SysFreeString(client_name);
    recorder_device_release(device);
    IDiscRecorder2_Release(recorder);
    TRACE("PrepareMedia done, hr %#lx.\n", hr);
    return hr;
}

/* Microsoft: ReleaseMedia closes what was written and gives the medium up. */
HRESULT format_session_release(struct format_base *base, struct format_session *session,
        const struct format_session_desc *desc, void *format)
{
    struct recorder_device *device;
    IDiscRecorder2 *recorder;
    BOOL locked, written;
    HRESULT hr = S_OK;

    EnterCriticalSection(session->cs);
    if (session->writing)
    {
        LeaveCriticalSection(session->cs);
        return desc->write_in_progress;
    }
    recorder = session->recorder;
    device = session->device;
    locked = session->locked;
    written = session->written;
    session->recorder = NULL;
    session->device = NULL;
    session->locked = FALSE;
    session->written = FALSE;
    if (recorder)
        format_base_set_busy(base, S_OK);
    LeaveCriticalSection(session->cs);
    if (!recorder)
        return desc->media_is_not_prepared;

    if (desc->close)
        hr = desc->close(format, device, written);
    recorder_device_release(device);
    if (locked)
        IDiscRecorder2_ReleaseExclusiveAccess(recorder);
    IDiscRecorder2_Release(recorder);
    TRACE("ReleaseMedia done, hr %#lx.\n", hr);
    return hr;
}

HRESULT format_session_set_write_speed(struct format_base *base, struct format_session *session,
        const struct format_session_desc *desc, LONG speed, BOOL pure_cav)
{
    IDiscRecorder2 *recorder;
    HRESULT hr = S_OK;

    /* Microsoft: -1 (0xffffffff) asks for the fastest speed. */
    if (speed < -1)
        return E_INVALIDARG;
    if (FAILED(hr = format_base_get_Recorder(base, &recorder)))
        return hr;
    if (!recorder)
        return E_IMAPI_RECORDER_REQUIRED;
    IDiscRecorder2_Release(recorder);
    EnterCriticalSection(session->cs);
    if (session->writing)
        hr = desc->write_in_progress;
    else
    {
        session->requested_speed = speed;
        session->requested_pure_cav = pure_cav;
    }
    LeaveCriticalSection(session->cs);
    if (FAILED(hr))
        return hr;

    return format_base_cd_set_write_speed(base, speed, pure_cav);
}
