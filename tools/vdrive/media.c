/*
 * Virtual MMC recorder: the media model (sessions, tracks, recording rules).
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

#include <string.h>
#include <unistd.h>

#include "vdrive_private.h"

#define WRITE_TYPE_PACKET 0
#define WRITE_TYPE_TAO    1
#define WRITE_TYPE_SAO    2
#define MULTI_SESSION_NEXT_ALLOWED 3
#define MULTI_SESSION_B0_FF        1

#define CLOSE_STOP_BG_FORMAT   0
#define CLOSE_TRACK            1
#define CLOSE_SESSION          2
#define CLOSE_FINALIZE_MIN_RADIUS 5
#define CLOSE_FINALIZE         6

#define BLANK_FULL    0
#define BLANK_MINIMAL 1

#define TRACK_MODE_DATA        4
#define TRACK_MODE_INCREMENTAL 5
#define TRACK_MODE_PACKET      7

const struct vd_media_info *vd_media(const struct vd_state *s)
{
    return &vd_media_table[s->media];
}

static int is_cd(const struct vd_state *s)
{
    return vd_media(s)->family == VD_FAMILY_CD;
}

static int is_dvd_minus(const struct vd_state *s)
{
    return s->media == VD_MEDIA_DVD_R || s->media == VD_MEDIA_DVD_RW;
}

static int is_plus_r(const struct vd_state *s)
{
    return s->media == VD_MEDIA_DVD_PLUS_R || s->media == VD_MEDIA_DVD_PLUS_R_DL;
}

static int kind(const struct vd_state *s)
{
    return vd_media(s)->kind;
}

static int32_t round_up(int32_t value, int32_t unit)
{
    return (value + unit - 1) / unit * unit;
}

int vd_write_type(const struct vd_state *s)
{
    return s->page05.bytes[2] & 0x0f;
}

int vd_multisession_field(const struct vd_state *s)
{
    return s->page05.bytes[3] >> 6;
}

static unsigned int open_session(const struct vd_state *s)
{
    return s->session_count + 1;
}

int vd_has_appendable_track(const struct vd_state *s)
{
    return kind(s) == VD_KIND_SEQUENTIAL && !s->finalized;
}

int vd_disc_status(const struct vd_state *s)
{
    switch (kind(s))
    {
    case VD_KIND_ROM:
        return VD_DISC_COMPLETE;
    case VD_KIND_RANDOM:
        return s->formatted ? VD_DISC_COMPLETE : VD_DISC_BLANK;
    case VD_KIND_SEQUENTIAL:
        if (s->finalized) return VD_DISC_COMPLETE;
        if (!s->track_count && !s->inv_written && !s->session_count && !s->inv_damaged)
            /* a formatted but unwritten BD-R reports one empty session (libburn) */
            return s->formatted ? VD_DISC_APPENDABLE : VD_DISC_BLANK;
        return VD_DISC_APPENDABLE;
    }
    return VD_DISC_BLANK;
}

int vd_last_session_state(const struct vd_state *s)
{
    unsigned int i;

    switch (kind(s))
    {
    case VD_KIND_ROM:
        return VD_SESSION_COMPLETE;
    case VD_KIND_RANDOM:
        return s->formatted ? VD_SESSION_COMPLETE : VD_SESSION_EMPTY;
    case VD_KIND_SEQUENTIAL:
        if (s->finalized) return VD_SESSION_COMPLETE;
        if (s->inv_damaged) return VD_SESSION_DAMAGED;
        for (i = 0; i < s->track_count; i++)
        {
            if (s->tracks[i].session != open_session(s)) continue;
            if (s->tracks[i].flags & VD_TRACK_DAMAGED) return VD_SESSION_DAMAGED;
        }
        for (i = 0; i < s->track_count; i++)
            if (s->tracks[i].session == open_session(s)) return VD_SESSION_INCOMPLETE;
        return s->inv_written ? VD_SESSION_INCOMPLETE : VD_SESSION_EMPTY;
    }
    return VD_SESSION_EMPTY;
}

int vd_session_total(const struct vd_state *s)
{
    switch (kind(s))
    {
    case VD_KIND_ROM:
    case VD_KIND_RANDOM:
        return 1;
    case VD_KIND_SEQUENTIAL:
        return s->session_count + (s->finalized ? 0 : 1);
    }
    return 0;
}

int vd_last_track_number(const struct vd_state *s)
{
    if (kind(s) == VD_KIND_SEQUENTIAL) return s->track_count + (s->finalized ? 0 : 1);
    return kind(s) == VD_KIND_NONE ? 0 : 1;
}

int vd_first_track_last_session(const struct vd_state *s)
{
    unsigned int i;

    if (kind(s) != VD_KIND_SEQUENTIAL) return 1;
    if (s->finalized) return s->sessions[s->session_count - 1].first_track;
    for (i = 0; i < s->track_count; i++)
        if (s->tracks[i].session == open_session(s)) return i + 1;
    return s->track_count + 1;
}

int32_t vd_invisible_free(const struct vd_state *s)
{
    int32_t nwa = s->inv_start + s->inv_written;
    return nwa < s->capacity ? s->capacity - nwa : 0;
}

/* The blocks a closed track occupies: CD TAO adds the 2 run-out blocks
 * (doc/multisession.md section 0.3), DVD pads to the 16-block ECC unit, BD
 * to the 32-block cluster. */
static int32_t closed_size(const struct vd_state *s, int32_t written)
{
    /* SAO writes the whole session in one go: no link, no run-out */
    if (is_cd(s)) return written + (vd_write_type(s) == WRITE_TYPE_SAO ? 0 : CD_RUNOUT);
    return round_up(written, vd_media(s)->write_unit);
}

/* Where the next track of the same session starts: on CD the next track's
 * 150-block pre-gap absorbs the link and run-in blocks. */
static int32_t next_track_start(const struct vd_state *s, int32_t end)
{
    if (is_cd(s)) return end + CD_PREGAP;
    return round_up(end, vd_media(s)->write_unit);
}

/* DVD-R/-RW incremental tracks are variable-packet (growisofs refuses fixed
 * packets on profiles 11h/14h); DVD+R and BD-R record whole ECC units. */
static void set_packet(const struct vd_state *s, struct vd_track_view *v)
{
    v->packet = 1;
    if (is_dvd_minus(s)) return;
    v->fixed_packet = 1;
    v->packet_size = vd_media(s)->write_unit;
}

int vd_track_view(const struct vd_state *s, int number, struct vd_track_view *v)
{
    const struct vd_media_info *info = vd_media(s);

    memset(v, 0, sizeof(*v));
    v->number = number;
    v->data_mode = 1;
    v->mode = TRACK_MODE_DATA;

    if (kind(s) == VD_KIND_RANDOM)
    {
        if (number != 1) return -1;
        v->session = 1;
        v->start = 0;
        v->size = s->formatted ? s->formatted_blocks : s->capacity;
        v->blank = !s->formatted;
        v->packet = v->fixed_packet = 1;
        v->packet_size = info->write_unit;
        v->mode = TRACK_MODE_PACKET;
        v->lra_valid = s->last_recorded >= 0;
        v->lra = s->last_recorded;
        v->free_blocks = s->formatted ? v->size - (s->last_recorded + 1) : s->capacity;
        if (!s->formatted) v->data_mode = 0x0f;
        return 0;
    }
    if (number >= 1 && (unsigned int)number <= s->track_count)
    {
        const struct vd_track *t = &s->tracks[number - 1];

        v->session = t->session;
        v->start = t->start;
        v->size = t->size;
        v->damaged = !!(t->flags & VD_TRACK_DAMAGED);
        v->reserved = !!(t->flags & VD_TRACK_RESERVED);
        v->mode = t->mode;
        if (t->flags & VD_TRACK_CLOSED)
        {
            v->free_blocks = 0;
            v->nwa_valid = 0;
            /* closed DVD+R fragments read back as reserved and complete
             * (dvd+rw-mediainfo relies on it) */
            if (is_plus_r(s)) v->reserved = 1;
        }
        else
        {
            v->nwa = t->start + t->written;
            v->free_blocks = t->size - t->written;
            v->nwa_valid = v->free_blocks > 0 && !v->damaged;
            v->blank = !t->written;
            if (v->blank) v->data_mode = 0x0f;
        }
        if (!is_cd(s) && t->written)
        {
            v->lra_valid = 1;
            v->lra = (t->flags & VD_TRACK_CLOSED) ? t->start + t->size - 1 : t->start + t->written - 1;
        }
        if (!is_cd(s) && kind(s) == VD_KIND_SEQUENTIAL) set_packet(s, v);
        return 0;
    }
    if (number == (int)s->track_count + 1 && vd_has_appendable_track(s))
    {
        v->invisible = 1;
        v->session = open_session(s);
        v->start = s->inv_start;
        v->size = s->capacity - s->inv_start;
        v->nwa = s->inv_start + s->inv_written;
        v->free_blocks = vd_invisible_free(s);
        v->blank = !s->inv_written;
        v->damaged = s->inv_damaged;
        v->nwa_valid = !s->inv_damaged && v->free_blocks > 0;
        if (v->blank) v->data_mode = 0x0f;
        if (is_cd(s))
        {
            /* MMC: the NWA is reported for the selected write type; SAO
             * starts with the pre-gap, but only on blank media (SAO does
             * not append, and libburn reads the NWA of appendable discs
             * with SAO selected) */
            if (vd_write_type(s) == WRITE_TYPE_SAO && vd_disc_status(s) == VD_DISC_BLANK)
                v->nwa = s->inv_start - CD_PREGAP;
            v->mode = s->page05.bytes[3] & 0x0f;
        }
        else
        {
            set_packet(s, v);
            if (is_dvd_minus(s)) v->mode = TRACK_MODE_INCREMENTAL;
            if (s->inv_written)
            {
                v->lra_valid = 1;
                v->lra = v->nwa - 1;
            }
        }
        return 0;
    }
    return -1;
}

int vd_track_of_lba(const struct vd_state *s, int32_t lba)
{
    unsigned int i;

    if (kind(s) == VD_KIND_RANDOM) return lba >= 0 && lba < s->capacity ? 1 : -1;
    for (i = 0; i < s->track_count; i++)
        if (lba >= s->tracks[i].start && lba < s->tracks[i].start + s->tracks[i].size) return i + 1;
    if (vd_has_appendable_track(s) && lba >= s->inv_start && lba < s->capacity) return s->track_count + 1;
    return -1;
}

/* Number of readable blocks from lba on (0: unreadable). */
int32_t vd_readable_extent(const struct vd_state *s, int32_t lba)
{
    unsigned int i;

    if (lba < 0) return 0;
    switch (kind(s))
    {
    case VD_KIND_ROM:
        return lba < s->rom_blocks ? s->rom_blocks - lba : 0;
    case VD_KIND_RANDOM:
        return s->formatted && lba < s->formatted_blocks ? s->formatted_blocks - lba : 0;
    case VD_KIND_SEQUENTIAL:
        for (i = 0; i < s->track_count; i++)
        {
            const struct vd_track *t = &s->tracks[i];
            int32_t end = t->start + t->written;

            /* a closed DVD/BD track reads its padding back as zeros; the
             * CD run-out blocks are not readable */
            if ((t->flags & VD_TRACK_CLOSED) && !is_cd(s)) end = t->start + t->size;
            if (lba >= t->start && lba < end) return end - lba;
        }
        if (vd_has_appendable_track(s) && lba >= s->inv_start && lba < s->inv_start + s->inv_written)
            return s->inv_start + s->inv_written - lba;
        return 0;
    }
    return 0;
}

/* End (exclusive) of the last complete session: what READ CAPACITY
 * describes on sequential media. */
int32_t vd_readable_end(const struct vd_state *s)
{
    switch (kind(s))
    {
    case VD_KIND_ROM:
        return s->rom_blocks;
    case VD_KIND_RANDOM:
        return s->formatted ? s->formatted_blocks : 0;
    case VD_KIND_SEQUENTIAL:
        return s->session_count ? s->sessions[s->session_count - 1].leadout_start : 0;
    }
    return 0;
}

int32_t vd_recorded_end(const struct vd_state *s)
{
    if (kind(s) == VD_KIND_RANDOM) return s->last_recorded + 1;
    if (s->inv_written) return s->inv_start + s->inv_written;
    if (s->track_count) return s->tracks[s->track_count - 1].start + s->tracks[s->track_count - 1].size;
    return 0;
}

uint32_t vd_check_write(struct vdrive *drive, int32_t lba, uint32_t blocks, int *target)
{
    struct vd_state *s = drive->state;
    const struct vd_media_info *info = vd_media(s);
    unsigned int i;

    if (s->write_protected) return SENSE_WRITE_PROTECTED;
    switch (kind(s))
    {
    case VD_KIND_ROM:
        return SENSE_CANNOT_WRITE_FORMAT;
    case VD_KIND_RANDOM:
        if (!s->formatted) return SENSE_NOT_FORMATTED;
        /* restricted overwrite only writes whole 32 KiB ECC blocks */
        if (s->media == VD_MEDIA_DVD_RW_RO && (lba % info->write_unit || blocks % info->write_unit))
            return SENSE_INVALID_WRITE_ADDRESS;
        if (lba < 0 || (int64_t)lba + blocks > s->formatted_blocks) return SENSE_LBA_OUT_OF_RANGE;
        *target = -2;
        return VD_GOOD;
    case VD_KIND_SEQUENTIAL:
        break;
    default:
        return SENSE_NO_MEDIUM;
    }

    if (s->finalized) return SENSE_INVALID_WRITE_ADDRESS;
    if (is_cd(s))
    {
        if (vd_write_type(s) > WRITE_TYPE_SAO) return SENSE_ILLEGAL_TRACK_MODE;
        if (vd_write_type(s) == WRITE_TYPE_SAO && !s->dao_pending) return SENSE_SEQUENCE_ERROR;
        /* TAO: an audio track takes raw 2352-byte blocks, a data track does not */
        if (vd_write_type(s) == WRITE_TYPE_TAO
                && vd_write_is_audio(s) != (vd_write_block_size(s) == VD_AUDIO_BLOCK_SIZE))
            return SENSE_ILLEGAL_TRACK_MODE;
    }
    else if (is_dvd_minus(s))
    {
        if (vd_write_type(s) == WRITE_TYPE_PACKET && !s->incremental_ok) return SENSE_ILLEGAL_TRACK_MODE;
        if (vd_write_type(s) == WRITE_TYPE_SAO && !s->dao_pending) return SENSE_SEQUENCE_ERROR;
        if (vd_write_type(s) != WRITE_TYPE_PACKET && vd_write_type(s) != WRITE_TYPE_SAO)
            return SENSE_ILLEGAL_TRACK_MODE;
    }

    for (i = 0; i < s->track_count; i++)
    {
        struct vd_track *t = &s->tracks[i];

        if (t->flags & VD_TRACK_CLOSED) continue;
        if (lba != t->start + t->written) continue;
        if (t->flags & VD_TRACK_DAMAGED) return SENSE_INVALID_WRITE_ADDRESS;
        if ((int64_t)t->written + blocks > t->size) return SENSE_LBA_OUT_OF_RANGE;
        *target = i;
        return VD_GOOD;
    }
    if (is_cd(s) && vd_write_type(s) == WRITE_TYPE_SAO && !s->inv_written
            && lba >= s->inv_start - CD_PREGAP && lba < s->inv_start)
    {
        /* the SAO pre-gap: accepted, but it holds no user data */
        if (lba + (int64_t)blocks > s->inv_start) return SENSE_INVALID_WRITE_ADDRESS;
        *target = -3;
        return VD_GOOD;
    }
    if (s->inv_damaged || lba != s->inv_start + s->inv_written) return SENSE_INVALID_WRITE_ADDRESS;
    if ((int64_t)lba + blocks > s->capacity) return SENSE_LBA_OUT_OF_RANGE;
    if (is_cd(s) && !s->inv_written && s->track_count >= CD_MAX_TRACKS) return SENSE_INVALID_WRITE_ADDRESS;
    if (!s->inv_written && s->track_count >= VD_MAX_TRACKS) return SENSE_INVALID_WRITE_ADDRESS;
    *target = -1;
    return VD_GOOD;
}

void vd_commit_write(struct vdrive *drive, int target, int32_t lba, uint32_t blocks)
{
    struct vd_state *s = drive->state;

    if (!blocks) return;
    if (target == -2)
    {
        if (lba + (int32_t)blocks - 1 > s->last_recorded) s->last_recorded = lba + blocks - 1;
    }
    else if (target == -1)
        s->inv_written += blocks;
    else if (target >= 0)
        s->tracks[target].written += blocks;
    vd_mark_dirty(drive);
}

void vd_interrupt_write(struct vd_state *s)
{
    unsigned int i;

    if (s->inv_written)
    {
        s->inv_damaged = 1;
        return;
    }
    for (i = 0; i < s->track_count; i++)
        if (!(s->tracks[i].flags & VD_TRACK_CLOSED) && s->tracks[i].written) s->tracks[i].flags |= VD_TRACK_DAMAGED;
}

static uint8_t new_track_mode(const struct vd_state *s)
{
    if (is_cd(s) && vd_write_type(s) == WRITE_TYPE_SAO && (s->cue_track_mode & CUE_TRACK_MODE_VALID))
        return s->cue_track_mode & 0x0f;
    if (is_cd(s)) return s->page05.bytes[3] & 0x0f;
    if (is_dvd_minus(s)) return TRACK_MODE_INCREMENTAL;
    return TRACK_MODE_DATA;
}

/* The CTL nibble of a track: bit 2 clear for audio (MMC-6 Table 567). */
int vd_mode_is_audio(int mode)
{
    return !(mode & 0x04);
}

#define DATA_BLOCK_RAW_2352 0

/* The bytes a WRITE carries per block: in TAO page 05h's data block type
 * (MMC-6 7.5.4.9: 0 is 2352 bytes of raw audio), in SAO the cue sheet's
 * track, 2048 elsewhere. */
uint32_t vd_write_block_size(const struct vd_state *s)
{
    if (!is_cd(s)) return VD_BLOCK_SIZE;
    if (vd_write_type(s) == WRITE_TYPE_SAO && !vd_mode_is_audio(new_track_mode(s)))
        return VD_BLOCK_SIZE;
    if (vd_write_type(s) == WRITE_TYPE_SAO)
        return VD_AUDIO_BLOCK_SIZE + ((s->cue_form & CUE_FORM_SUBCHANNEL) ? 96 : 0);
    if (vd_write_type(s) == WRITE_TYPE_TAO && (s->page05.bytes[4] & 0x0f) == DATA_BLOCK_RAW_2352)
        return VD_AUDIO_BLOCK_SIZE;
    return VD_BLOCK_SIZE;
}

/* Whether the track being written now holds audio. */
int vd_write_is_audio(const struct vd_state *s)
{
    return is_cd(s) && vd_mode_is_audio(new_track_mode(s));
}

int vd_cd_sector(const struct vd_state *s, int32_t lba, struct vd_cd_sector *sector)
{
    unsigned int i;

    if (!is_cd(s) || lba < 0) return 0;
    for (i = 0; i < s->track_count; i++)
    {
        const struct vd_track *t = &s->tracks[i];
        /* every track but a session's first has its pre-gap before it */
        int32_t pregap = (i && s->tracks[i - 1].session == t->session) ? CD_PREGAP : 0;

        if (lba < t->start - pregap || lba >= t->start + t->size) continue;
        sector->audio = vd_mode_is_audio(t->mode);
        sector->recorded = (lba >= t->start || (t->flags & VD_TRACK_PREGAP)) && lba < t->start + t->written;
        sector->track = i + 1;
        sector->start = t->start;
        return 1;
    }
    if (vd_has_appendable_track(s) && s->inv_written && lba < s->inv_start + s->inv_written)
    {
        int32_t pregap = (s->track_count && s->tracks[s->track_count - 1].session == open_session(s))
                ? CD_PREGAP : 0;

        if (lba < s->inv_start - pregap) return 0;
        sector->audio = vd_write_is_audio(s);
        sector->recorded = lba >= s->inv_start;
        sector->track = s->track_count + 1;
        sector->start = s->inv_start;
        return 1;
    }
    return 0;
}

/* Turn the written part of the invisible track into a closed track. */
static void close_invisible(struct vd_state *s)
{
    struct vd_track *t = &s->tracks[s->track_count];
    int32_t end;

    t->start = s->inv_start;
    t->written = s->inv_written;
    t->size = closed_size(s, s->inv_written);
    t->session = open_session(s);
    t->flags = VD_TRACK_CLOSED | (s->inv_damaged ? VD_TRACK_DAMAGED : 0);
    t->mode = new_track_mode(s);
    s->track_count++;
    end = t->start + t->size;
    s->inv_start = next_track_start(s, end);
    s->inv_written = 0;
    s->inv_damaged = 0;
}

/* SAO: the written session becomes the tracks of the cue sheet, each ending where the next
 * one's pre-gap begins (or the next one, gapless), the last one where the writing stopped. */
static void split_cue_tracks(struct vd_state *s)
{
    int32_t end = s->inv_start + s->inv_written, next;
    unsigned int i, session = open_session(s);
    struct vd_track *t;

    if (s->cue_count < 2 || s->cue_tracks[0].start != s->inv_start || s->inv_damaged) return;
    for (i = 0; i < s->cue_count && s->track_count < VD_MAX_TRACKS; i++)
    {
        const struct vd_cue_track *cue = &s->cue_tracks[i];

        if (cue->start >= end) break;
        next = i + 1 < s->cue_count ? s->cue_tracks[i + 1].pregap_start : end;
        if (next > end) next = end;
        t = &s->tracks[s->track_count++];
        memset(t, 0, sizeof(*t));
        t->start = cue->start;
        t->written = t->size = next - cue->start;
        t->session = session;
        t->flags = VD_TRACK_CLOSED | (i && cue->pregap_start < cue->start ? VD_TRACK_PREGAP : 0);
        t->mode = cue->ctl;
    }
    s->inv_written = 0;
}

static void close_reserved(struct vd_track *t)
{
    /* the drive pads an under-filled reservation */
    t->flags |= VD_TRACK_CLOSED;
}

/* The gap from the end of a session (A2 on CD) to the next session's first
 * user block.  CD: lead-out 6750 (first) or 2250 (later), lead-in 4500,
 * pre-gap 150, so NWA = A2 + 11400 or A2 + 6900 (doc/multisession.md 0.1).
 * DVD-R border zones, DVD+R closure/intro zones and BD-R are drive-defined;
 * the values are this recorder's (vdrive.h). */
static int32_t session_gap(const struct vd_state *s)
{
    int first = s->session_count == 0;

    if (is_cd(s)) return (first ? CD_FIRST_LEADOUT : CD_LATER_LEADOUT) + CD_LEADIN + CD_PREGAP;
    if (is_dvd_minus(s)) return first ? DVD_MINUS_FIRST_BORDER : DVD_MINUS_LATER_BORDER;
    if (is_plus_r(s)) return DVD_PLUS_R_SESSION_GAP;
    return BD_R_SESSION_GAP;
}

static uint32_t close_open_session(struct vd_state *s, int finalize)
{
    struct vd_session *session;
    unsigned int i, first = 0;
    int32_t end;

    if (s->inv_written) close_invisible(s);
    for (i = 0; i < s->track_count; i++)
    {
        if (s->tracks[i].session != open_session(s)) continue;
        if (!first) first = i + 1;
        if (!(s->tracks[i].flags & VD_TRACK_CLOSED)) close_reserved(&s->tracks[i]);
    }
    if (!first) return SENSE_SEQUENCE_ERROR;
    if (s->session_count >= VD_MAX_SESSIONS) return SENSE_SEQUENCE_ERROR;

    session = &s->sessions[s->session_count];
    session->first_track = first;
    session->last_track = s->track_count;
    end = s->tracks[s->track_count - 1].start + s->tracks[s->track_count - 1].size;
    session->leadout_start = end;
    session->next_start = round_up(end + session_gap(s), vd_media(s)->write_unit);
    s->session_count++;
    s->inv_written = 0;
    s->inv_damaged = 0;
    s->dao_pending = 0;
    if (finalize || session->next_start >= s->capacity || s->session_count >= VD_MAX_SESSIONS
            || (is_cd(s) && s->track_count >= CD_MAX_TRACKS))
    {
        s->finalized = 1;
        return VD_GOOD;
    }
    s->inv_start = session->next_start;
    return VD_GOOD;
}

uint32_t vd_close(struct vdrive *drive, int function, int number)
{
    struct vd_state *s = drive->state;
    uint32_t sense;
    int finalize;

    if (s->write_protected) return SENSE_WRITE_PROTECTED;
    if (kind(s) == VD_KIND_ROM) return SENSE_INCOMPATIBLE_MEDIUM;
    if (kind(s) == VD_KIND_RANDOM)
    {
        switch (function)
        {
        case CLOSE_STOP_BG_FORMAT:
            if (s->media != VD_MEDIA_DVD_PLUS_RW) return SENSE_INVALID_FIELD_CDB;
            if (s->bg_format == 2) s->bg_format = 1;
            break;
        case CLOSE_SESSION:
            if (s->media == VD_MEDIA_DVD_PLUS_RW && s->formatted) s->bg_format = 3;
            break;
        case CLOSE_TRACK:
            break;
        default:
            return SENSE_INVALID_FIELD_CDB;
        }
        vd_mark_dirty(drive);
        return VD_GOOD;
    }

    if (s->finalized) return SENSE_SEQUENCE_ERROR;
    switch (function)
    {
    case CLOSE_TRACK:
        if (number == (int)s->track_count + 1 || (is_cd(s) && number == 0xff))
        {
            if (s->inv_written) close_invisible(s);
        }
        else if (number >= 1 && number <= (int)s->track_count)
        {
            struct vd_track *t = &s->tracks[number - 1];
            if (!(t->flags & VD_TRACK_CLOSED)) close_reserved(t);
        }
        else
            return SENSE_INVALID_FIELD_CDB;
        break;
    case CLOSE_SESSION:
        if (is_cd(s) || is_dvd_minus(s))
            finalize = vd_multisession_field(s) != MULTI_SESSION_NEXT_ALLOWED;
        else
            finalize = 0;
        if ((sense = close_open_session(s, finalize))) return sense;
        s->no_b0 = s->finalized && vd_multisession_field(s) != MULTI_SESSION_B0_FF;
        break;
    case CLOSE_FINALIZE_MIN_RADIUS:
    case CLOSE_FINALIZE:
        if (!is_plus_r(s) && !(s->media == VD_MEDIA_BD_R && function == CLOSE_FINALIZE))
            return SENSE_INVALID_FIELD_CDB;
        if (vd_last_session_state(s) != VD_SESSION_EMPTY)
        {
            if ((sense = close_open_session(s, 1))) return sense;
        }
        else if (!s->session_count)
            return SENSE_SEQUENCE_ERROR;
        s->finalized = 1;
        s->no_b0 = 1;
        break;
    default:
        return SENSE_INVALID_FIELD_CDB;
    }
    vd_mark_dirty(drive);
    return VD_GOOD;
}

uint32_t vd_sync_cache(struct vdrive *drive)
{
    struct vd_state *s = drive->state;
    unsigned int i;

    if (kind(s) != VD_KIND_SEQUENTIAL || s->finalized) return VD_GOOD;
    if (is_cd(s) && vd_write_type(s) == WRITE_TYPE_SAO && s->dao_pending)
    {
        /* SAO: the drive writes lead-in and lead-out by itself */
        if (s->inv_written)
        {
            split_cue_tracks(s);
            close_open_session(s, vd_multisession_field(s) != MULTI_SESSION_NEXT_ALLOWED);
            s->no_b0 = s->finalized && vd_multisession_field(s) != MULTI_SESSION_B0_FF;
            vd_mark_dirty(drive);
        }
        return VD_GOOD;
    }
    if (is_cd(s) && vd_write_type(s) == WRITE_TYPE_TAO && s->inv_written)
    {
        /* TAO: flushing the buffer ends the track with its run-out */
        close_invisible(s);
        vd_mark_dirty(drive);
        return VD_GOOD;
    }
    if (is_dvd_minus(s) && vd_write_type(s) == WRITE_TYPE_SAO && s->dao_pending)
    {
        for (i = 0; i < s->track_count; i++)
        {
            if (s->tracks[i].session == open_session(s) && s->tracks[i].written)
            {
                /* DAO: single session, finalized without a close command */
                close_open_session(s, 1);
                s->no_b0 = 1;
                vd_mark_dirty(drive);
                break;
            }
        }
    }
    return VD_GOOD;
}

uint32_t vd_reserve(struct vdrive *drive, int32_t blocks)
{
    struct vd_state *s = drive->state;
    struct vd_track *t;
    int32_t size;

    if (s->write_protected) return SENSE_WRITE_PROTECTED;
    if (kind(s) != VD_KIND_SEQUENTIAL) return SENSE_INCOMPATIBLE_MEDIUM;
    if (blocks <= 0) return SENSE_INVALID_FIELD_CDB;
    if (s->finalized || s->inv_written || s->inv_damaged || s->track_count >= VD_MAX_TRACKS)
        return SENSE_SEQUENCE_ERROR;
    if (is_dvd_minus(s) && vd_write_type(s) == WRITE_TYPE_SAO)
    {
        /* DAO: one reservation on a blank disc */
        if (s->track_count || s->session_count) return SENSE_SEQUENCE_ERROR;
        s->dao_pending = 1;
    }
    size = is_cd(s) ? blocks : round_up(blocks, vd_media(s)->write_unit);
    if ((int64_t)s->inv_start + size > s->capacity) return SENSE_INVALID_FIELD_CDB;
    t = &s->tracks[s->track_count++];
    memset(t, 0, sizeof(*t));
    t->start = s->inv_start;
    t->size = size;
    t->session = open_session(s);
    t->flags = VD_TRACK_RESERVED;
    t->mode = new_track_mode(s);
    s->inv_start = next_track_start(s, t->start + closed_size(s, size));
    vd_mark_dirty(drive);
    return VD_GOOD;
}

static void wipe_disc(struct vdrive *drive)
{
    struct vd_state *s = drive->state;

    s->finalized = 0;
    s->no_b0 = 0;
    s->dao_pending = 0;
    s->inv_start = 0;
    s->inv_written = 0;
    s->inv_damaged = 0;
    s->session_count = 0;
    s->track_count = 0;
    s->last_recorded = -1;
    memset(s->sessions, 0, sizeof(s->sessions));
    memset(s->tracks, 0, sizeof(s->tracks));
    vd_punch(drive, 0, s->capacity);
    vd_mark_dirty(drive);
}

uint32_t vd_blank(struct vdrive *drive, int type, int32_t number)
{
    struct vd_state *s = drive->state;

    (void)number;
    if (!vd_media(s)->erasable || vd_media(s)->family == VD_FAMILY_BD || s->media == VD_MEDIA_DVD_PLUS_RW)
        return SENSE_INCOMPATIBLE_MEDIUM;
    if (s->write_protected) return SENSE_WRITE_PROTECTED;
    if (type != BLANK_FULL && type != BLANK_MINIMAL) return SENSE_INVALID_FIELD_CDB;
    wipe_disc(drive);
    if (s->media == VD_MEDIA_DVD_RW_RO || s->media == VD_MEDIA_DVD_RW)
    {
        s->media = VD_MEDIA_DVD_RW;
        s->formatted = 0;
        s->formatted_blocks = 0;
        /* minimal blanking loses incremental recording (libburn cookbook) */
        s->incremental_ok = type == BLANK_FULL;
    }
    return VD_GOOD;
}

#define FORMAT_FULL            0x00
#define FORMAT_DVD_RW_FULL     0x10
#define FORMAT_DVD_RW_GROW     0x13
#define FORMAT_DVD_RW_QUICK    0x15
#define FORMAT_DVD_PLUS_RW     0x26
#define FORMAT_BD_SPARE        0x30
#define FORMAT_BD_NO_SPARE     0x31
#define FORMAT_BD_R_SRM        0x32

uint32_t vd_format(struct vdrive *drive, int format_type, int32_t blocks, int subtype, int restart)
{
    struct vd_state *s = drive->state;

    (void)subtype;
    if (s->write_protected) return SENSE_WRITE_PROTECTED;
    switch (s->media)
    {
    case VD_MEDIA_DVD_PLUS_RW:
        if (format_type != FORMAT_DVD_PLUS_RW && format_type != FORMAT_FULL) return SENSE_INVALID_FIELD_PARAM;
        /* Restart resumes a suspended background format; a disc formatted
         * already is formatted again, its whole area written anew. */
        if (!(s->formatted && restart && s->bg_format == 1)) wipe_disc(drive);
        s->formatted = 1;
        s->formatted_blocks = s->capacity;
        s->bg_format = 2;
        break;
    case VD_MEDIA_DVD_RW:
    case VD_MEDIA_DVD_RW_RO:
        if (format_type != FORMAT_FULL && format_type != FORMAT_DVD_RW_FULL && format_type != FORMAT_DVD_RW_QUICK
                && !(format_type == FORMAT_DVD_RW_GROW && s->media == VD_MEDIA_DVD_RW_RO))
            return SENSE_INVALID_FIELD_PARAM;
        if (blocks < 0 || blocks > s->capacity) return SENSE_INVALID_FIELD_PARAM;
        if (s->media == VD_MEDIA_DVD_RW) wipe_disc(drive);
        s->media = VD_MEDIA_DVD_RW_RO;
        s->formatted = 1;
        /* quick formats leave the size to sequential growth; this recorder
         * makes the whole disc overwritable at once */
        s->formatted_blocks = (blocks && format_type != FORMAT_DVD_RW_QUICK && format_type != FORMAT_DVD_RW_GROW)
                ? round_up(blocks, vd_media(s)->write_unit) : s->capacity;
        if (s->formatted_blocks > s->capacity) s->formatted_blocks = s->capacity;
        break;
    case VD_MEDIA_BD_RE:
        if (format_type != FORMAT_FULL && format_type != FORMAT_BD_SPARE && format_type != FORMAT_BD_NO_SPARE)
            return SENSE_INVALID_FIELD_PARAM;
        if (blocks < 0 || blocks > s->capacity) return SENSE_INVALID_FIELD_PARAM;
        if (format_type == FORMAT_BD_NO_SPARE) blocks = s->capacity;
        else if (!blocks) blocks = BD_RE_DEFAULT_FORMAT;
        wipe_disc(drive);
        s->formatted = 1;
        s->formatted_blocks = round_up(blocks, vd_media(s)->write_unit);
        if (s->formatted_blocks > s->capacity) s->formatted_blocks = s->capacity;
        break;
    case VD_MEDIA_BD_R:
        if (format_type != FORMAT_FULL && format_type != FORMAT_BD_R_SRM) return SENSE_INVALID_FIELD_PARAM;
        if (vd_disc_status(s) != VD_DISC_BLANK) return SENSE_SEQUENCE_ERROR;
        s->formatted = 1;
        break;
    default:
        return SENSE_CANNOT_FORMAT;
    }
    vd_mark_dirty(drive);
    return VD_GOOD;
}
