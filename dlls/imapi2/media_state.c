/*
 * Image Mastering API v2: the state of the medium in a drive, as the data
 * burner and the multisession objects report it.
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

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

static BOOL profile_is_random(WORD profile)
{
    switch (profile)
    {
    case MMC_PROFILE_DVD_RAM:
    case MMC_PROFILE_DVD_RW_RESTRICTED_OVERWRITE:
    case MMC_PROFILE_DVD_PLUS_RW:
    case MMC_PROFILE_DVD_PLUS_RW_DL:
    case MMC_PROFILE_BD_RE:
        return TRUE;
    }
    return FALSE;
}

/* Profiles IDiscFormat2Data writes in sessions (doc/multisession.md 1.1). */
static BOOL profile_is_sequential(WORD profile)
{
    switch (profile)
    {
    case MMC_PROFILE_CD_R:
    case MMC_PROFILE_CD_RW:
    case MMC_PROFILE_DVD_R_SEQUENTIAL:
    case MMC_PROFILE_DVD_RW_SEQUENTIAL:
    case MMC_PROFILE_DVD_R_DL_SEQUENTIAL:
    case MMC_PROFILE_DVD_PLUS_R:
    case MMC_PROFILE_DVD_PLUS_R_DL:
    case MMC_PROFILE_BD_R_SRM:
        return TRUE;
    }
    return FALSE;
}

BOOL media_data_writable(WORD profile)
{
    return profile_is_sequential(profile) || profile_is_random(profile);
}

BOOL media_needs_write_parameters(WORD profile)
{
    return mmc_profile_is_cd(profile) || profile == MMC_PROFILE_DVD_R_SEQUENTIAL
            || profile == MMC_PROFILE_DVD_RW_SEQUENTIAL || profile == MMC_PROFILE_DVD_R_DL_SEQUENTIAL;
}

/* DVD-R/-RW sequential recording: incremental (feature 0021h) or DAO only. */
static BOOL profile_needs_incremental(WORD profile)
{
    return profile == MMC_PROFILE_DVD_R_SEQUENTIAL || profile == MMC_PROFILE_DVD_RW_SEQUENTIAL
            || profile == MMC_PROFILE_DVD_R_DL_SEQUENTIAL;
}

static LONG default_write_unit(WORD profile)
{
    if (mmc_profile_is_cd(profile)) return 1;
    if (mmc_profile_is_bd(profile)) return 32;
    return 16;
}

LONG media_snapshot_free_sectors(const struct media_snapshot *snapshot, BOOL postgap_in_image)
{
    LONG free_sectors = snapshot->free_raw;

    if (snapshot->random)
        return snapshot->total;
    /* Microsoft: run-out blocks and post-gaps are not counted as free. */
    if (mmc_profile_is_cd(snapshot->profile))
        free_sectors -= CD_RUNOUT + (postgap_in_image ? 0 : CD_POSTGAP);
    else if (snapshot->write_unit > 1)
        free_sectors -= free_sectors % snapshot->write_unit;
    return max(free_sectors, 0);
}

/* Page 05h as Write uses it; the drive reports the NWA for the selected write
 * type (MMC-6 6.27.3.13), so the query selects it too. */
HRESULT media_select_write_parameters(const struct mmc_device *dev, WORD profile, BYTE multi_session,
        BOOL buffer_underrun_free)
{
    struct mmc_write_params params;
    uint8_t cdb[16], list[MMC_WRITE_PARAMETERS_LIST_LENGTH];
    unsigned int n;

    memset(&params, 0, sizeof(params));
    params.buffer_underrun_free = buffer_underrun_free;
    params.multi_session = multi_session;
    params.data_block_type = MMC_DATA_BLOCK_MODE1_2048;
    if (mmc_profile_is_cd(profile))
    {
        params.write_type = MMC_WRITE_TYPE_TAO;
        params.track_mode = MMC_TRACK_MODE_DATA;
        params.session_format = MMC_SESSION_FORMAT_CDDA_CDROM;
    }
    else
    {
        params.write_type = MMC_WRITE_TYPE_PACKET;
        params.track_mode = MMC_TRACK_MODE_DATA_INCREMENTAL;
        params.link_size_valid = TRUE;
        params.link_size = 16;
        params.fixed_packet = TRUE;
        params.packet_size = 16;
    }
    if (!mmc_build_write_params_page(list, sizeof(list), &params))
        return E_FAIL;
    n = mmc_build_mode_select(cdb, FALSE, sizeof(list));
    return mmc_run_out(dev, cdb, n, list, sizeof(list));
}

/* MMC-6 6.27.3.13: the drive reports the NWA for the write type page 05h holds.
 * When the page cannot be selected, that NWA is only right if the page already
 * says TAO (CD) or incremental (DVD-R/-RW), as Write would select. */
static HRESULT check_write_type(const struct mmc_device *dev, WORD profile)
{
    struct mmc_write_params params;
    struct mmc_mode_page page;
    uint8_t *data;
    uint32_t len;
    HRESULT hr;

    if (FAILED(hr = mmc_drive_mode_sense_data(dev, MMC_MODE_PAGE_WRITE_PARAMETERS, MMC_PC_CURRENT, &data, &len)))
        return hr;
    if (mmc_find_mode_page(data, len, MMC_MODE_PAGE_WRITE_PARAMETERS, &page) != MMC_OK
            || mmc_parse_write_params_page(&page, &params) != MMC_OK)
        hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    else if (params.write_type != (mmc_profile_is_cd(profile) ? MMC_WRITE_TYPE_TAO : MMC_WRITE_TYPE_PACKET))
        hr = S_FALSE;
    free(data);
    return hr;
}

/* The full format Write gives unformatted overwritable media: the first of
 * the formattable descriptors it knows. */
const struct mmc_format_descriptor *media_full_format(const struct mmc_format_capacities *caps)
{
    unsigned int i;

    for (i = 0; i < caps->count; ++i)
    {
        BYTE type = caps->formattable[i].type;

        if (type == MMC_FORMAT_TYPE_DVD_PLUS_RW_FULL || type == MMC_FORMAT_TYPE_BD_RE_WITH_SPARES
                || type == MMC_FORMAT_TYPE_FULL || type == MMC_FORMAT_TYPE_CD_DVD_RW_FULL)
            return &caps->formattable[i];
    }
    return NULL;
}

static void snapshot_random(const struct mmc_device *dev, const struct mmc_disc_info *disc,
        struct media_snapshot *s)
{
    const struct mmc_format_descriptor *full;
    struct mmc_format_capacities caps;
    struct mmc_track_info track;
    uint8_t cdb[16], buf[256];
    unsigned int n;
    uint32_t got;
    HRESULT hr;

    s->next_writable = 0;
    s->start_prev = s->last_written_prev = -1;
    s->first_data_session = TRUE;
    s->bg_format_status = disc->bg_format_status;

    n = mmc_build_read_format_capacities(cdb, sizeof(buf));
    if (FAILED(hr = mmc_run_in(dev, cdb, n, buf, sizeof(buf), &got)))
    {
        s->hr = hr;
        return;
    }
    if (mmc_parse_format_capacities(buf, got, &caps) != MMC_OK)
    {
        s->hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
        return;
    }
    s->formatted = caps.current.type == MMC_CAPACITY_FORMATTED;
    s->total = caps.current.blocks;
    /* The capacity the format Write would start gives (growisofs get_2k_capacity). */
    if (!s->formatted && (full = media_full_format(&caps)))
        s->total = full->blocks;
    if (s->total <= 0 || s->total > MMC_MAX_DISC_BLOCKS)
    {
        WARN("Implausible capacity %ld.\n", s->total);
        s->hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
        return;
    }
    s->free_raw = s->total;
    s->blank = !s->formatted || disc->disc_status == MMC_DISC_STATUS_EMPTY;
    s->status = IMAPI_FORMAT2_DATA_MEDIA_STATE_OVERWRITE_ONLY;
    if (s->blank)
        s->status |= IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK;

    s->last_written_hr = E_NOTIMPL;
    if (s->formatted && SUCCEEDED(mmc_drive_read_track_info(dev, MMC_TRACK_ADDRESS_TRACK, 1, &track))
            && track.lra_valid && track.has_last_recorded_address
            && track.last_recorded_address >= -1 && track.last_recorded_address < s->total)
    {
        s->last_written = track.last_recorded_address;
        s->last_written_hr = S_OK;
    }
}

/* Whether the block at lba is one a reader cannot read: the drive refuses it
 * (sense key 3 or 5) while the block before the run-out can be read. One READ. */
static BOOL ends_in_runout(const struct mmc_device *dev, int32_t lba)
{
    struct mmc_command cmd;
    struct mmc_sense sense;
    uint8_t cdb[16], *buf;
    unsigned int n;
    int32_t hr;

    if (!(buf = malloc(MMC_BLOCK_SIZE)))
        return FALSE;
    n = mmc_build_read_10(cdb, lba, 1);
    mmc_command_init(&cmd, cdb, n, MMC_DIR_FROM_DEVICE, buf, MMC_BLOCK_SIZE);
    hr = mmc_execute(dev, &cmd, &sense);
    free(buf);
    TRACE("READ %d: hr %#x, sense %x/%02x/%02x.\n", lba, hr, sense.valid ? sense.key : 0,
            sense.valid ? sense.asc : 0, sense.valid ? sense.ascq : 0);
    return FAILED(hr) && sense.valid && (sense.key == SENSE_KEY_MEDIUM_ERROR || sense.key == SENSE_KEY_ILLEGAL_REQUEST);
}

/* The status bits from the disc information; FALSE when no address can
 * follow (finalized, unknown). */
static BOOL sequential_status(const struct mmc_disc_info *disc, struct media_snapshot *s)
{
    s->blank = disc->disc_status == MMC_DISC_STATUS_EMPTY;

    switch (disc->disc_status)
    {
    case MMC_DISC_STATUS_EMPTY:
        s->status = IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK;
        break;
    case MMC_DISC_STATUS_INCOMPLETE:
        if (disc->last_session_state == MMC_SESSION_STATE_EMPTY)
        {
            s->appendable = TRUE;
            s->status = IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE;
        }
        else
        {
            /* Microsoft: the address getters fail on media that cannot take a
             * session (doc/multisession.md 3.5). */
            if (disc->last_session_state == MMC_SESSION_STATE_INCOMPLETE)
                s->status = IMAPI_FORMAT2_DATA_MEDIA_STATE_NON_EMPTY_SESSION;
            else
                s->status = IMAPI_FORMAT2_DATA_MEDIA_STATE_DAMAGED;
            s->address_hr = E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
        }
        break;
    case MMC_DISC_STATUS_COMPLETE:
        s->status = IMAPI_FORMAT2_DATA_MEDIA_STATE_FINALIZED;
        if (disc->erasable)
            s->status |= IMAPI_FORMAT2_DATA_MEDIA_STATE_ERASE_REQUIRED;
        s->address_hr = E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
        return FALSE;
    default:
        s->status = IMAPI_FORMAT2_DATA_MEDIA_STATE_UNSUPPORTED_MEDIA;
        s->address_hr = E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
        return FALSE;
    }
    if (s->blank || s->appendable)
    {
        /* Microsoft: APPENDABLE "supports multiple sessions"; FINAL_SESSION
         * "only one more session, or no multisession support". */
        if (s->multisession_capable)
            s->status |= IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE;
        else
            s->status |= IMAPI_FORMAT2_DATA_MEDIA_STATE_FINAL_SESSION;
        /* Without feature 0021h DVD-R, DVD-RW and DVD-R DL take only DAO, which
         * Write does not do: incremental writes fail with 5/64/00. */
        if (profile_needs_incremental(s->profile) && !s->incremental)
        {
            s->status |= IMAPI_FORMAT2_DATA_MEDIA_STATE_UNSUPPORTED_MEDIA;
            s->address_hr = E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
        }
    }

    return TRUE;
}

/* Only the NWA of writable media depends on the write type: page 05h is
 * selected as Write would, or found already so. FALSE with s->hr on failure. */
static BOOL sequential_write_type(const struct mmc_device *dev, struct media_snapshot *s, unsigned int flags)
{
    HRESULT select_hr = S_FALSE, hr;

    if (!media_needs_write_parameters(s->profile) || FAILED(s->address_hr))
        return TRUE;
    if (!(flags & SNAPSHOT_NO_MODE_SELECT)
            && FAILED(select_hr = media_select_write_parameters(dev, s->profile, MMC_MULTI_SESSION_OPEN, TRUE)))
        WARN("Selecting the write parameters failed, hr %#lx.\n", select_hr);
    if (select_hr == S_OK || (hr = check_write_type(dev, s->profile)) == S_OK)
        return TRUE;
    TRACE("Write type not selected, hr %#lx.\n", hr);
    if (FAILED(select_hr))
    {
        s->hr = select_hr;
        return FALSE;
    }
    /* Not ours to select: the state is known, the addresses are not. */
    s->address_hr = E_IMAPI_RECORDER_LOCKED;
    return TRUE;
}

/* The invisible track: the next writable address, the free blocks, the
 * total. FALSE with s->hr on failure. */
static BOOL sequential_invisible(const struct mmc_device *dev, const struct mmc_disc_info *disc,
        struct media_snapshot *s, int32_t limit, struct mmc_track_info *invisible)
{
    BOOL cd = mmc_profile_is_cd(s->profile);
    HRESULT hr;

    /* FFh addresses the invisible track only on CD and DVD+R (MMC-6 6.27.3.2). */
    if (FAILED(hr = mmc_drive_read_track_info(dev, MMC_TRACK_ADDRESS_TRACK, mmc_profile_accepts_invisible_track(s->profile)
            ? MMC_INVISIBLE_TRACK : max(disc->last_track_last_session, 1), invisible)))
    {
        s->hr = hr;
        return FALSE;
    }
    if (!mmc_track_info_plausible(invisible, disc, cd, limit))
    {
        WARN("Implausible invisible track %u, session %u, start %d, NWA %d (valid %d), free %u; limit %d.\n",
                invisible->track, invisible->session, invisible->start_address, invisible->next_writable_address,
                invisible->nwa_valid, invisible->free_blocks, limit);
        s->hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
        return FALSE;
    }
    s->invisible_track = invisible->track;
    if (invisible->damage && !invisible->nwa_valid)
    {
        s->status &= ~(IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE | IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK);
        s->status |= IMAPI_FORMAT2_DATA_MEDIA_STATE_DAMAGED;
        s->appendable = s->blank = FALSE;
        s->address_hr = E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
    }
    /* A freshly formatted BD-R shows one empty session and an empty invisible
     * track at 0: it is blank (libburn; doc/multisession.md 8.15). */
    if (s->profile == MMC_PROFILE_BD_R_SRM && s->appendable && disc->sessions == 1
            && disc->last_session_state == MMC_SESSION_STATE_EMPTY && !invisible->start_address
            && invisible->nwa_valid && !invisible->next_writable_address)
    {
        s->appendable = FALSE;
        s->blank = TRUE;
        s->status = (s->status & ~IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE) | IMAPI_FORMAT2_DATA_MEDIA_STATE_BLANK;
        if (s->multisession_capable)
            s->status |= IMAPI_FORMAT2_DATA_MEDIA_STATE_APPENDABLE;
    }
    s->free_raw = invisible->free_blocks;
    if (s->blank)
    {
        /* Microsoft: blank media start at 0; some drives say -150 on blank CDs. */
        s->next_writable = max(invisible->start_address, invisible->nwa_valid ? invisible->next_writable_address : 0);
        s->next_writable = max(s->next_writable, 0);
    }
    else if (invisible->nwa_valid)
        s->next_writable = invisible->next_writable_address;
    else
        s->address_hr = E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
    /* IMAPI v1 QueryMediaInfo: total = next writable + free. */
    s->total = s->next_writable + invisible->free_blocks;

    return TRUE;
}

/* The last complete session: its first track's start, where its last track's
 * data ends, whether it holds data. */
static void sequential_previous(const struct mmc_device *dev, const struct mmc_disc_info *disc,
        struct media_snapshot *s, int32_t limit, const struct mmc_track_info *invisible, unsigned int complete)
{
    struct mmc_track_info first, last;
    BOOL cd = mmc_profile_is_cd(s->profile), data_seen;
    LONG last_track;
    HRESULT hr;

    last_track = disc->first_track_last_session - 1;
    /* The empty invisible track opens the last session: some drives misreport
     * the disc information's first track in it (track 1 on a disc with more
     * sessions), which would put the previous session in the lead-in. The
     * track list decides (doc/multisession.md 3.6). */
    if (disc->last_session_state == MMC_SESSION_STATE_EMPTY && invisible->track
            && invisible->track != disc->first_track_last_session)
    {
        WARN("The disc information says the last session begins with track %u, the drive's invisible track "
                "is %u: taking the track's.\n", disc->first_track_last_session, invisible->track);
        last_track = invisible->track - 1;
    }

    /* The first track of the last complete session: on CD its start is what
     * wodim -msinfo prints (READ TOC format 1 says the same). */
    if (FAILED(hr = mmc_drive_read_track_info(dev, MMC_TRACK_ADDRESS_SESSION, complete, &first)))
    {
        s->hr = hr;
        return;
    }
    if (!mmc_track_info_plausible(&first, disc, cd, limit) || first.session != complete)
    {
        WARN("Implausible first track %u of session %u (asked for session %u).\n", first.track,
                first.session, complete);
        s->hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
        return;
    }
    s->start_prev = first.start_address;
    /* On CD a session may hold audio only; DVD and BD have data tracks only. */
    data_seen = !cd || (first.track_mode & MMC_CONTROL_DATA_TRACK);

    if (first.track == last_track)
        last = first;
    else if (FAILED(hr = mmc_drive_read_track_info(dev, MMC_TRACK_ADDRESS_TRACK, last_track, &last)))
    {
        s->hr = hr;
        return;
    }
    if (!mmc_track_info_plausible(&last, disc, cd, limit) || last.track != last_track)
    {
        WARN("Implausible last track %u (asked for %ld).\n", last.track, last_track);
        s->hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
        return;
    }
    if (last.track_mode & MMC_CONTROL_DATA_TRACK)
        data_seen = TRUE;
    if (last.lra_valid && last.has_last_recorded_address)
        s->last_written_prev = last.last_recorded_address;
    else
        s->last_written_prev = last.start_address + last.track_size - 1;
    /* CD reports no Last Recorded Address, and the Track Size of a track
     * written at once counts the two run-out blocks the drive adds after the
     * data (doc/multisession.md 3.7): where the previous write ended is two
     * blocks earlier when the track's last block cannot be read. */
    if (cd && !(last.lra_valid && last.has_last_recorded_address) && (last.track_mode & MMC_CONTROL_DATA_TRACK)
            && last.track_size > CD_RUNOUT && ends_in_runout(dev, s->last_written_prev))
        s->last_written_prev -= CD_RUNOUT;
    /* The previous session lies before the next one: anything else (a track
     * in the lead-in, a session ending past the NWA) cannot be appended to. */
    if (s->last_written_prev < s->start_prev
            || (SUCCEEDED(s->address_hr) && s->last_written_prev >= s->next_writable))
    {
        WARN("Implausible previous session %ld..%ld, next writable %ld.\n", s->start_prev, s->last_written_prev,
                s->next_writable);
        s->hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
        return;
    }
    s->first_data_session = !data_seen;
}

static void snapshot_sequential(const struct mmc_device *dev, const struct mmc_disc_info *disc,
        struct media_snapshot *s, unsigned int flags)
{
    int32_t limit = mmc_disc_address_limit(disc, mmc_profile_is_cd(s->profile));
    struct mmc_track_info invisible;
    unsigned int complete;

    s->start_prev = s->last_written_prev = -1;
    s->next_writable = 0;
    if (!sequential_status(disc, s) || !sequential_write_type(dev, s, flags)
            || !sequential_invisible(dev, disc, s, limit, &invisible))
        return;

    complete = disc->last_session_state == MMC_SESSION_STATE_COMPLETE ? disc->sessions : disc->sessions - 1;
    if (!complete || s->blank || !s->multisession_capable)
    {
        s->first_data_session = TRUE;
        return;
    }
    sequential_previous(dev, disc, s, limit, &invisible, complete);
}

HRESULT media_snapshot_read(const struct mmc_device *dev, struct media_snapshot *s, unsigned int flags)
{
    struct mmc_config_header header;
    struct mmc_disc_info disc;
    struct mmc_feature feature;
    struct mmc_random_feature random;
    uint8_t cdb[16], *buf;
    uint32_t got, size = 4096;
    unsigned int n;
    HRESULT hr;

    memset(s, 0, sizeof(*s));
    s->start_prev = s->last_written_prev = -1;
    s->last_written_hr = E_NOTIMPL;
    s->generation = media_generation();

    /* One GET CONFIGURATION with the current features only. */
    if (!(buf = malloc(size)))
        return s->hr = E_OUTOFMEMORY;
    n = mmc_build_get_configuration(cdb, MMC_CONFIG_RT_CURRENT, 0, size);
    if (FAILED(hr = mmc_run_in(dev, cdb, n, buf, size, &got)))
    {
        free(buf);
        return s->hr = hr;
    }
    if (mmc_parse_config_header(buf, got, &header) != MMC_OK)
    {
        free(buf);
        return s->hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    }
    s->profile = header.current_profile;
    if (!s->profile)
    {
        free(buf);
        return s->hr = E_IMAPI_RECORDER_MEDIA_NO_MEDIA;
    }
    s->type = format_base_media_type(s->profile);
    s->random = profile_is_random(s->profile);
    s->sequential = profile_is_sequential(s->profile);
    s->write_unit = default_write_unit(s->profile);

    /* Feature 0004h only says which write-protect controls the drive has
     * (MMC-6 5.3.4), not whether the medium is protected: a protected
     * medium shows up as 07/27/xx when Write tries it. */
    if (s->random && mmc_find_feature(buf, got, MMC_FEATURE_RANDOM_WRITABLE, &feature) == MMC_OK
            && mmc_parse_random_writable_feature(&feature, &random) == MMC_OK && random.blocking)
        s->write_unit = random.blocking;
    else if (mmc_find_feature(buf, got, MMC_FEATURE_RANDOM_READABLE, &feature) == MMC_OK
            && mmc_parse_random_readable_feature(&feature, &random) == MMC_OK && random.blocking)
        s->write_unit = random.blocking;

    s->incremental = mmc_find_feature(buf, got, MMC_FEATURE_INCREMENTAL_STREAMING_WRITABLE, &feature) == MMC_OK
            && feature.current;

    switch (s->profile)
    {
    case MMC_PROFILE_CD_R:
    case MMC_PROFILE_CD_RW:
    case MMC_PROFILE_DVD_PLUS_R:
    case MMC_PROFILE_DVD_PLUS_R_DL:
        s->multisession_capable = TRUE;
        break;
    case MMC_PROFILE_DVD_R_SEQUENTIAL:
    case MMC_PROFILE_DVD_RW_SEQUENTIAL:
        /* DAO-only media (minimally blanked DVD-RW) have no sessions; DVD-R DL
         * is single-session in practice (doc/multisession.md 1.1). */
        s->multisession_capable = s->incremental;
        break;
    case MMC_PROFILE_BD_R_SRM:
        /* SRM+POW is overwrite emulation, not sessions (doc/multisession.md 4.6). */
        if (mmc_find_feature(buf, got, MMC_FEATURE_BD_R_PSEUDO_OVERWRITE, &feature) == MMC_OK && feature.current)
            s->sequential = FALSE;
        else
            s->multisession_capable = TRUE;
        break;
    }
    free(buf);

    if (!s->sequential && !s->random)
    {
        s->status = IMAPI_FORMAT2_DATA_MEDIA_STATE_UNSUPPORTED_MEDIA;
        if (mmc_profile_is_cd(s->profile) || s->profile == MMC_PROFILE_DVD_ROM
                || s->profile == MMC_PROFILE_BD_ROM)
            s->status |= IMAPI_FORMAT2_DATA_MEDIA_STATE_WRITE_PROTECTED;
        s->address_hr = E_IMAPI_DF2DATA_INVALID_MEDIA_STATE;
        return S_OK;
    }

    if (!(buf = malloc(size)))
        return s->hr = E_OUTOFMEMORY;
    n = mmc_build_read_disc_info(cdb, MMC_DISC_INFO_DATA_STANDARD, 2048);
    hr = mmc_run_in(dev, cdb, n, buf, 2048, &got);
    if (SUCCEEDED(hr))
    {
        s->disc_info_size = min(got, sizeof(s->disc_info));
        memcpy(s->disc_info, buf, s->disc_info_size);
    }
    if (SUCCEEDED(hr) && mmc_parse_disc_info(buf, got, mmc_profile_is_cd(s->profile), &disc) != MMC_OK)
        hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    if (SUCCEEDED(hr) && s->sequential && !mmc_disc_info_plausible(&disc, mmc_profile_is_cd(s->profile)))
    {
        WARN("Implausible disc information: %u sessions, tracks %u, %u..%u.\n", disc.sessions, disc.first_track,
                disc.first_track_last_session, disc.last_track_last_session);
        hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    }
    free(buf);
    if (FAILED(hr))
        return s->hr = hr;

    if (s->random)
        snapshot_random(dev, &disc, s);
    else
        snapshot_sequential(dev, &disc, s, flags);
    TRACE("profile %#x status %#lx prev %ld..%ld nwa %ld free %ld total %ld unit %ld hr %#lx.\n",
            s->profile, s->status, s->start_prev, s->last_written_prev, s->next_writable, s->free_raw,
            s->total, s->write_unit, s->hr);
    return s->hr;
}

/* GET EVENT STATUS NOTIFICATION, polled: has the media changed since? */
static BOOL media_event(const struct mmc_device *dev)
{
    struct mmc_media_event event;
    uint8_t cdb[16], buf[8];
    unsigned int n;
    uint32_t got;
    int ret;

    n = mmc_build_get_event_status(cdb, TRUE, 1 << MMC_EVENT_CLASS_MEDIA, sizeof(buf));
    if (FAILED(mmc_run_in(dev, cdb, n, buf, sizeof(buf), &got)))
        return TRUE;
    ret = mmc_parse_media_event(buf, got, &event);
    if (ret == MMC_ERR_NOT_FOUND)
        return !event.no_event_available;
    if (ret != MMC_OK)
        return TRUE;
    return event.event_code != MMC_MEDIA_EVENT_NO_CHANGE;
}

/* A write changes no media event, and another process's write changes nothing
 * this process can see but the disc itself: its READ DISC INFORMATION (disc
 * status, sessions, tracks, state of the last session) moves with every track
 * or session closed on sequential media, and with every format on overwritable
 * media, whose other values (NWA 0, the formatted capacity) only a format
 * changes. So a snapshot stands while no media event came and the disc
 * information reads back the same: two commands. */
BOOL media_snapshot_current(const struct mmc_device *dev, const struct media_snapshot *s)
{
    uint8_t cdb[16], buf[sizeof(s->disc_info)];
    unsigned int n;
    uint32_t got;

    if (media_event(dev))
        return FALSE;
    if (!s->disc_info_size)
        return TRUE;
    n = mmc_build_read_disc_info(cdb, MMC_DISC_INFO_DATA_STANDARD, sizeof(buf));
    if (FAILED(mmc_run_in(dev, cdb, n, buf, sizeof(buf), &got)))
        return FALSE;
    return got == s->disc_info_size && !memcmp(buf, s->disc_info, got);
}

/* Bumped by every write, format or close this process sends to any drive. */
static LONG generation;

LONG media_generation(void)
{
    return ReadNoFence(&generation);
}

void media_written(void)
{
    InterlockedIncrement(&generation);
}

void multisession_media_init(struct multisession_media *media, IDiscFormat2Data *format,
        const struct media_snapshot *snapshot)
{
    if ((media->format = format))
        IDiscFormat2Data_AddRef(format);
    InitializeSRWLock(&media->lock);
    media->snapshot = *snapshot;
}

void multisession_media_cleanup(struct multisession_media *media)
{
    if (media->format)
        IDiscFormat2Data_Release(media->format);
}

HRESULT multisession_media_get(struct multisession_media *media, struct media_snapshot *snapshot)
{
    struct media_snapshot fresh;
    HRESULT hr;

    AcquireSRWLockShared(&media->lock);
    *snapshot = media->snapshot;
    ReleaseSRWLockShared(&media->lock);
    if (snapshot->generation == media_generation() || !media->format)
        return S_OK;

    TRACE("This process wrote since generation %ld: reading the medium again.\n", snapshot->generation);
    if (FAILED(hr = format_data_current_media(media->format, &fresh)))
        return hr;
    AcquireSRWLockExclusive(&media->lock);
    media->snapshot = fresh;
    ReleaseSRWLockExclusive(&media->lock);
    *snapshot = fresh;
    return S_OK;
}
