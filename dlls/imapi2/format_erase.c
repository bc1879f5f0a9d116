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
#include "media_state.h"
#include "mmc.h"
#include "patience.h"
#include "transport.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* Rewritable media.  BLANK erases CD-RW and DVD-RW; a DVD-RW in restricted
 * overwrite is blanked too: MMC-6 4.5.4, BLANK returns it to sequential
 * recording, blank, as the other two.  DVD+RW and BD-RE have nothing to blank:
 * they are formatted (FORMAT UNIT, MMC-6 6.5) and overwritten in place; see
 * erase_overwritable(). */
static const WORD format_erase_profiles[] =
{
    MMC_PROFILE_CD_RW, MMC_PROFILE_DVD_RW_SEQUENTIAL, MMC_PROFILE_DVD_RW_RESTRICTED_OVERWRITE,
    MMC_PROFILE_DVD_PLUS_RW, MMC_PROFILE_BD_RE,
};

static const WORD format_erase_features[] =
{
    MMC_FEATURE_CD_TRACK_AT_ONCE, MMC_FEATURE_CD_MASTERING, MMC_FEATURE_DVD_MINUS_R_RW_WRITE,
    MMC_FEATURE_RIGID_RESTRICTED_OVERWRITE, MMC_FEATURE_RESTRICTED_OVERWRITE, MMC_FEATURE_DVD_PLUS_RW,
    MMC_FEATURE_BD_WRITE,
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
    LONG erasing;
};

/* BLANK types (MMC-6 6.2.2). */
#define BLANK_TYPE_FULL     0   /* blank the disc */
#define BLANK_TYPE_MINIMAL  1   /* minimally blank: the lead-in, PMA, first track's start */

/* The drive finishes BLANK in the background; it is asked every
 * ERASE_POLL_MS and the sinks hear of it every ERASE_EVENT_MS (Microsoft:
 * every 0.5 or 1 second).  An erase still running after an hour is given up
 * (E_IMAPI_ERASE_TOOK_LONGER_THAN_ONE_HOUR). */
#define ERASE_POLL_MS       250
#define ERASE_EVENT_MS      1000
#define ERASE_LIMIT_MS      (60 * 60 * 1000)

/* Until the drive reports its progress: what a quick blank takes, and a full
 * one at the slowest speeds (an 80 minute CD-RW at 4x, a DVD-RW at 2x).  The
 * estimate follows the drive's progress indication once it gives one. */
#define ERASE_ESTIMATE_QUICK_S      60
#define ERASE_ESTIMATE_FULL_CD_S    1200
#define ERASE_ESTIMATE_FULL_DVD_S   1800

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
        unlock_module();
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

/* DDiscFormat2EraseEvents::Update(object, elapsedSeconds, estimatedTotalSeconds). */
static void format_erase_fire(struct format_erase *object, LONG elapsed, LONG total)
{
    DISPPARAMS params;
    VARIANT argv[3];

    TRACE("%p, elapsed %ld, total %ld.\n", object, elapsed, total);

    if (!connection_point_has_sinks(&object->events.cp))
        return;
    /* arguments in reverse order */
    V_VT(&argv[0]) = VT_I4;
    V_I4(&argv[0]) = total;
    V_VT(&argv[1]) = VT_I4;
    V_I4(&argv[1]) = elapsed;
    V_VT(&argv[2]) = VT_DISPATCH;
    V_DISPATCH(&argv[2]) = (IDispatch *)&object->IDiscFormat2Erase_iface;
    params.rgvarg = argv;
    params.rgdispidNamedArgs = NULL;
    params.cArgs = 3;
    params.cNamedArgs = 0;
    connection_point_fire(&object->events.cp, DISPID_IDISCFORMAT2ERASEEVENTS_UPDATE, &params);
}

/* 02/04/07 after BLANK, 02/04/04 after FORMAT UNIT. */
static BOOL sense_operation_in_progress(const struct mmc_sense *sense)
{
    return sense->valid && sense->key == SENSE_KEY_NOT_READY && sense->asc == SENSE_ASC_NOT_READY
            && (sense->ascq == SENSE_ASCQ_NOT_READY_OPERATION_IN_PROGRESS
            || sense->ascq == SENSE_ASCQ_NOT_READY_FORMAT_IN_PROGRESS);
}

/* Waits for the BLANK or FORMAT UNIT sent with Immed: TEST UNIT READY
 * answers 02/04/07 (02/04/04) until it is done.  A medium that leaves the drive gives
 * E_IMAPI_RECORDER_MEDIA_NO_MEDIA, a drive that stops answering
 * E_IMAPI_RECORDER_COMMAND_TIMEOUT.  A drive that was reset meanwhile (it
 * lost power: the erase stopped where it was) or reports an error of the
 * erase (a deferred medium error: bad media) gives
 * E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE, which Microsoft
 * documents for an erase that failed on bad media and for "the media may be
 * unusable, the erase may be complete, or the drive may still be erasing". */
static HRESULT erase_wait(struct format_erase *object, const struct mmc_device *dev, LONG estimate)
{
    ULONGLONG start = GetTickCount64(), last_event = start, now;
    struct mmc_sense sense;
    LONG elapsed;
    HRESULT hr;

    format_erase_fire(object, 0, estimate);
    for (;;)
    {
        hr = mmc_drive_test_unit_ready(dev, &sense);
        now = GetTickCount64();
        elapsed = (now - start) / 1000;
        if (sense.reset)
        {
            WARN("The drive was reset while erasing.\n");
            return E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE;
        }
        if (!sense_operation_in_progress(&sense))
        {
            if (SUCCEEDED(hr))
                format_erase_fire(object, elapsed, elapsed);
            else if (hr != E_IMAPI_RECORDER_MEDIA_NO_MEDIA && hr != E_IMAPI_RECORDER_COMMAND_TIMEOUT)
            {
                WARN("The erase failed: sense %#x/%#x/%#x%s, hr %#lx.\n", sense.key, sense.asc, sense.ascq,
                        sense.deferred ? " (deferred)" : "", hr);
                hr = E_IMAPI_ERASE_UNEXPECTED_DRIVE_RESPONSE_DURING_ERASE;
            }
            return hr;
        }
        /* The progress indication (SPC-4): a fraction of 65536. */
        if (sense.progress_valid && sense.progress > 0)
            estimate = (LONG)((now - start) * 65536 / sense.progress / 1000);
        estimate = max(estimate, elapsed);
        if (now - start > ERASE_LIMIT_MS)
            return E_IMAPI_ERASE_TOOK_LONGER_THAN_ONE_HOUR;
        if (now - last_event >= ERASE_EVENT_MS)
        {
            format_erase_fire(object, elapsed, estimate);
            last_event = now;
        }
        Sleep(ERASE_POLL_MS);
    }
}

/* What BLANK's or FORMAT UNIT's failure means to the caller: the documented media and drive
 * codes as they are, anything else the drive's refusal to erase. */
static HRESULT erase_blank_failure(HRESULT hr)
{
    switch (hr)
    {
    case E_IMAPI_RECORDER_MEDIA_NO_MEDIA:
    case E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED:
    case E_IMAPI_RECORDER_MEDIA_BECOMING_READY:
    case E_IMAPI_RECORDER_MEDIA_BUSY:
    case E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN:
    case E_IMAPI_RECORDER_COMMAND_TIMEOUT:
    case E_IMAPI_RECORDER_LOCKED:
        return hr;
    }
    WARN("BLANK or FORMAT UNIT failed, hr %#lx.\n", hr);
    return E_IMAPI_ERASE_DRIVE_FAILED_ERASE_COMMAND;
}

/* BD-RE format sub-types of format type 30h (MMC-6 6.5.4.2.15). */
#define BD_RE_QUICK_REFORMAT        0
#define BD_RE_FULL_CERTIFICATION    2
#define BD_RE_QUICK_CERTIFICATION   3

/* Until the drive reports its progress: a first format of a DVD+RW (the
 * drive goes on in the background) or a quick BD-RE format, and a full
 * format of a single layer disc at 2x. */
#define ERASE_ESTIMATE_FORMAT_QUICK_S   30
#define ERASE_ESTIMATE_FORMAT_FULL_S    3600

/* What MediaHeuristicallyBlank reads: the first and last 2 MB. */
#define ERASE_ZERO_BLOCKS       (2 * 1024 * 1024 / MMC_BLOCK_SIZE)
#define ERASE_ZERO_CHUNK        32

static HRESULT erase_write_zeros(const struct mmc_device *dev, uint32_t lba, uint32_t blocks)
{
    static const uint8_t zeros[ERASE_ZERO_CHUNK * MMC_BLOCK_SIZE];
    uint8_t cdb[16];
    unsigned int n;
    uint32_t count;
    HRESULT hr;

    while (blocks)
    {
        count = min(blocks, ERASE_ZERO_CHUNK);
        n = mmc_build_write_10(cdb, lba, count, false);
        if (FAILED(hr = mmc_run_out(dev, cdb, n, (void *)zeros, count * MMC_BLOCK_SIZE)))
            return hr;
        lba += count;
        blocks -= count;
    }
    return S_OK;
}

/* DVD+RW and BD-RE.  They read as recorded once formatted, so what makes
 * them "erased" for IMAPI is MediaHeuristicallyBlank, which reads the first
 * and last 2 MB (Microsoft: "mainly for DVD+RW and DVD-RAM media").
 *
 * Quick: an unformatted disc gets the quick format a drive offers (DVD+RW
 * 26h, which goes on in the background; BD-RE 30h quick certification, as
 * xorriso -format as_needed); then the first and last 2 MB are written with
 * zeros: the volume descriptors and anchors of ISO 9660 and UDF, and what
 * MediaHeuristicallyBlank reads.
 *
 * Full: FORMAT UNIT over the whole disc: DVD+RW 26h again (the drive formats
 * the whole disc anew, as dvd+rw-format -force), BD-RE 30h with full
 * certification, with its progress.
 *
 * A DVD+RW background format is then ended with CLOSE SESSION (MMC-6
 * 6.3.3.2), as dvd+rw-format does: the disc is complete and compatible. */
static HRESULT erase_overwritable(struct format_erase *object, const struct mmc_device *dev, WORD profile,
        BOOL full)
{
    uint8_t cdb[16], buf[256], list[MMC_FORMAT_PARAMETER_LIST_LENGTH];
    const struct mmc_format_descriptor *descriptor = NULL;
    struct mmc_format_capacities caps;
    struct mmc_capacity capacity;
    BOOL formatted, format;
    ULONGLONG start = GetTickCount64();
    uint32_t got, blocks, tail;
    uint8_t subtype = 0;
    unsigned int n, i;
    HRESULT hr;

    n = mmc_build_read_format_capacities(cdb, sizeof(buf));
    if (FAILED(hr = mmc_run_in(dev, cdb, n, buf, sizeof(buf), &got)))
        return hr;
    if (mmc_parse_format_capacities(buf, got, &caps) != MMC_OK)
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    formatted = caps.current.type == MMC_CAPACITY_FORMATTED;
    for (i = 0; i < caps.count && !descriptor; i++)
    {
        if (caps.formattable[i].type == (profile == MMC_PROFILE_BD_RE
                ? MMC_FORMAT_TYPE_BD_RE_WITH_SPARES : MMC_FORMAT_TYPE_DVD_PLUS_RW_FULL))
            descriptor = &caps.formattable[i];
    }
    TRACE("Formatted %d (%u blocks), descriptor %p.\n", formatted, caps.current.blocks, descriptor);

    format = full || !formatted;
    if (format)
    {
        if (!descriptor)
        {
            WARN("The drive offers no format for profile %#x.\n", profile);
            return E_IMAPI_ERASE_DRIVE_FAILED_ERASE_COMMAND;
        }
        blocks = descriptor->blocks;
        if (profile == MMC_PROFILE_BD_RE)
        {
            subtype = full ? BD_RE_FULL_CERTIFICATION : BD_RE_QUICK_CERTIFICATION;
            /* keep the size the disc was formatted with */
            if (formatted) blocks = caps.current.blocks;
        }
        mmc_build_format_unit_parameters(list, TRUE, blocks, descriptor->type, subtype, descriptor->parameter);
        n = mmc_build_format_unit(cdb);
        if (FAILED(hr = mmc_run_out(dev, cdb, n, list, sizeof(list))))
            return erase_blank_failure(hr);
        if (FAILED(hr = erase_wait(object, dev, full ? ERASE_ESTIMATE_FORMAT_FULL_S : ERASE_ESTIMATE_FORMAT_QUICK_S)))
            return hr;
    }
    else
        format_erase_fire(object, 0, ERASE_ESTIMATE_QUICK_S);

    if (!full)
    {
        if (FAILED(hr = mmc_drive_read_capacity(dev, &capacity)))
            return hr;
        blocks = capacity.last_lba + 1;
        if (FAILED(hr = erase_write_zeros(dev, 0, min(blocks, ERASE_ZERO_BLOCKS))))
            return hr;
        tail = blocks > ERASE_ZERO_BLOCKS ? min(blocks - ERASE_ZERO_BLOCKS, ERASE_ZERO_BLOCKS) : 0;
        if (tail && FAILED(hr = erase_write_zeros(dev, blocks - tail, tail)))
            return hr;
        n = mmc_build_synchronize_cache(cdb, false);
        if (FAILED(hr = mmc_run_out(dev, cdb, n, NULL, 0)))
            return hr;
    }
    if (profile == MMC_PROFILE_DVD_PLUS_RW)
    {
        n = mmc_build_close_track_session(cdb, false, MMC_CLOSE_SESSION, 0);
        if (FAILED(hr = mmc_run_out(dev, cdb, n, NULL, 0)))
            return hr;
    }
    if (!format)
    {
        LONG elapsed = (GetTickCount64() - start) / 1000;
        format_erase_fire(object, elapsed, elapsed);
    }
    return S_OK;
}

static BOOL erase_supported_profile(WORD profile)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(format_erase_profiles); i++)
        if (format_erase_profiles[i] == profile) return TRUE;
    return FALSE;
}

static HRESULT format_erase_erase(struct format_erase *object, IDiscRecorder2 *recorder,
        struct recorder_device *device, BSTR client_name)
{
    struct format_base_media media;
    struct patience patience;
    struct mmc_device dev;
    BOOL locked = FALSE, full;
    uint8_t cdb[16];
    unsigned int n;
    LONG estimate;
    HRESULT hr;

    full = object->full_erase == VARIANT_TRUE;
    format_base_patient_device(device, NULL, &patience, &dev);

    hr = IDiscRecorder2_AcquireExclusiveAccess(recorder, VARIANT_TRUE, client_name);
    if (SUCCEEDED(hr))
        locked = TRUE;
    else if (hr != E_NOTIMPL)
        return hr;

    if (FAILED(hr = format_base_read_media(&object->base, &media)))
        goto done;
    TRACE("Profile %#x, disc status %u, erasable %d.\n", media.profile, media.disc_status, media.erasable);
    if (!erase_supported_profile(media.profile))
    {
        WARN("Profile %#x cannot be erased.\n", media.profile);
        hr = E_IMAPI_ERASE_MEDIA_IS_NOT_SUPPORTED;
        goto done;
    }

    if (media.profile == MMC_PROFILE_DVD_PLUS_RW || media.profile == MMC_PROFILE_BD_RE)
    {
        hr = erase_overwritable(object, &dev, media.profile, full);
        goto done;
    }

    /* Microsoft: a full erase overwrites the whole medium, a quick one the
     * table of contents only. */
    n = mmc_build_blank(cdb, TRUE, full ? BLANK_TYPE_FULL : BLANK_TYPE_MINIMAL, 0);
    if (FAILED(hr = mmc_run_out(&dev, cdb, n, NULL, 0)))
    {
        hr = erase_blank_failure(hr);
        goto done;
    }
    if (!full)
        estimate = ERASE_ESTIMATE_QUICK_S;
    else
        estimate = mmc_profile_is_cd(media.profile) ? ERASE_ESTIMATE_FULL_CD_S : ERASE_ESTIMATE_FULL_DVD_S;
    hr = erase_wait(object, &dev, estimate);

done:
    /* The medium changed, for every object of this process: read it again. */
    media_written();
    if (locked)
        IDiscRecorder2_ReleaseExclusiveAccess(recorder);
    return hr;
}

static HRESULT WINAPI format_erase_EraseMedia(IDiscFormat2Erase *iface)
{
    struct format_erase *object = impl_from_IDiscFormat2Erase(iface);
    struct recorder_device *device;
    IDiscRecorder2 *recorder;
    BSTR client_name = NULL;
    HRESULT hr;

    TRACE("%p.\n", iface);

    if (FAILED(hr = format_base_get_device(&object->base, &device, &recorder)))
        return hr;
    if (FAILED(hr = format_base_get_ClientName(&object->base, &client_name)) || !client_name)
    {
        /* Microsoft: the client name names the exclusive access the erase
         * takes; without one there is nothing to take it with. */
        WARN("No client name.\n");
        recorder_device_release(device);
        IDiscRecorder2_Release(recorder);
        return FAILED(hr) ? hr : E_IMAPI_ERASE_CLIENT_NAME_IS_NOT_VALID;
    }
    if (InterlockedCompareExchange(&object->erasing, TRUE, FALSE))
        hr = E_IMAPI_ERASE_RECORDER_IN_USE;
    else
    {
        format_base_set_busy(&object->base, E_IMAPI_ERASE_RECORDER_IN_USE);
        hr = format_erase_erase(object, recorder, device, client_name);
        format_base_set_busy(&object->base, S_OK);
        InterlockedExchange(&object->erasing, FALSE);
    }

    SysFreeString(client_name);
    recorder_device_release(device);
    IDiscRecorder2_Release(recorder);
    TRACE("Erase done, hr %#lx.\n", hr);
    return hr;
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
    lock_module();
    format_base_init(&object->base, &format_erase_desc);
    event_source_init(&object->events, (IUnknown *)&object->IDiscFormat2Erase_iface,
            &IID_DDiscFormat2EraseEvents);

    hr = IDiscFormat2Erase_QueryInterface(&object->IDiscFormat2Erase_iface, riid, out);
    IDiscFormat2Erase_Release(&object->IDiscFormat2Erase_iface);
    return hr;
}
