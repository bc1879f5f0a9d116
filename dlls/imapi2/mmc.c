/*
 * MMC/SPC command layer: CDB builders, reply parsers, sense mapping.
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmc.h"
#include "imapi2error.h"

#define MMC_S_OK 0
#define MMC_E_OUTOFMEMORY ((int32_t)0x8007000e)

static unsigned int cdb_start(uint8_t cdb[16], uint8_t opcode, unsigned int len)
{
    memset(cdb, 0, 16);
    cdb[0] = opcode;
    return len;
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

/* ---- MSF <-> LBA ---- */

int32_t mmc_msf_to_lba(uint8_t minute, uint8_t second, uint8_t frame)
{
    int32_t frames = ((int32_t)minute * 60 + second) * 75 + frame;

    if (minute < 90)
        return frames - 150;
    return frames - 450150;
}

bool mmc_lba_to_msf(int32_t lba, struct mmc_msf *msf)
{
    int32_t frames;

    if (lba < -45150 || lba > 404849)
        return false;
    /* Negative LBAs below -150 live in the lead-in region, M >= 90. */
    frames = lba >= -150 ? lba + 150 : lba + 450150;
    msf->minute = frames / (60 * 75);
    msf->second = (frames / 75) % 60;
    msf->frame = frames % 75;
    return true;
}

/* ---- CDB builders ---- */

unsigned int mmc_build_test_unit_ready(uint8_t cdb[16])
{
    return cdb_start(cdb, MMC_TEST_UNIT_READY, 6);
}

unsigned int mmc_build_request_sense(uint8_t cdb[16], bool descriptor_format, uint8_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_REQUEST_SENSE, 6);

    cdb[1] = descriptor_format ? 0x01 : 0;
    cdb[4] = alloc;
    return len;
}

unsigned int mmc_build_inquiry(uint8_t cdb[16], uint16_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_INQUIRY, 6);

    mmc_put_be16(cdb + 3, alloc);
    return len;
}

unsigned int mmc_build_inquiry_vpd(uint8_t cdb[16], uint8_t page, uint16_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_INQUIRY, 6);

    cdb[1] = 0x01; /* EVPD */
    cdb[2] = page;
    mmc_put_be16(cdb + 3, alloc);
    return len;
}

unsigned int mmc_build_get_configuration(uint8_t cdb[16], uint8_t rt, uint16_t start_feature, uint16_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_GET_CONFIGURATION, 10);

    cdb[1] = rt & 0x03;
    mmc_put_be16(cdb + 2, start_feature);
    mmc_put_be16(cdb + 7, alloc);
    return len;
}

unsigned int mmc_build_mode_sense(uint8_t cdb[16], uint8_t page, uint8_t page_control, bool dbd, uint16_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_MODE_SENSE_10, 10);

    cdb[1] = dbd ? 0x08 : 0;
    cdb[2] = ((page_control & 0x03) << 6) | (page & 0x3f);
    mmc_put_be16(cdb + 7, alloc);
    return len;
}

unsigned int mmc_build_mode_select(uint8_t cdb[16], bool save_pages, uint16_t parameter_length)
{
    unsigned int len = cdb_start(cdb, MMC_MODE_SELECT_10, 10);

    /* MMC-6 6.10: PF must be 1. */
    cdb[1] = 0x10 | (save_pages ? 0x01 : 0);
    mmc_put_be16(cdb + 7, parameter_length);
    return len;
}

uint32_t mmc_build_mode_select_list(uint8_t *list, const uint8_t *page, uint32_t page_length)
{
    /* SPC-4 7.5.5: the header's mode data length is reserved in MODE SELECT,
     * and so is the page's PS bit. */
    memset(list, 0, MMC_MODE_HEADER_LENGTH);
    memcpy(list + MMC_MODE_HEADER_LENGTH, page, page_length);
    if (page_length) list[MMC_MODE_HEADER_LENGTH] &= ~MMC_MODE_PAGE_PS;
    return MMC_MODE_HEADER_LENGTH + page_length;
}

unsigned int mmc_build_get_event_status(uint8_t cdb[16], bool polled, uint8_t class_mask, uint16_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_GET_EVENT_STATUS_NOTIFICATION, 10);

    cdb[1] = polled ? 0x01 : 0;
    cdb[4] = class_mask;
    mmc_put_be16(cdb + 7, alloc);
    return len;
}

unsigned int mmc_build_read_disc_info(uint8_t cdb[16], uint8_t data_type, uint16_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_READ_DISC_INFORMATION, 10);

    cdb[1] = data_type & 0x07;
    mmc_put_be16(cdb + 7, alloc);
    return len;
}

unsigned int mmc_build_read_track_info_open(uint8_t cdb[16], enum mmc_track_address type, bool open,
        uint32_t number, uint16_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_READ_TRACK_INFORMATION, 10);

    cdb[1] = (open ? 0x04 : 0) | (type & 0x03);
    mmc_put_be32(cdb + 2, number);
    mmc_put_be16(cdb + 7, alloc);
    return len;
}

unsigned int mmc_build_read_track_info(uint8_t cdb[16], enum mmc_track_address type, uint32_t number, uint16_t alloc)
{
    return mmc_build_read_track_info_open(cdb, type, false, number, alloc);
}

unsigned int mmc_build_read_toc(uint8_t cdb[16], uint8_t format, bool msf, uint8_t track_session, uint16_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_READ_TOC_PMA_ATIP, 10);

    cdb[1] = msf ? 0x02 : 0;
    cdb[2] = format & 0x0f;
    cdb[6] = track_session;
    mmc_put_be16(cdb + 7, alloc);
    return len;
}

unsigned int mmc_build_read_capacity(uint8_t cdb[16])
{
    return cdb_start(cdb, MMC_READ_CAPACITY, 10);
}

unsigned int mmc_build_read_format_capacities(uint8_t cdb[16], uint16_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_READ_FORMAT_CAPACITIES, 10);

    mmc_put_be16(cdb + 7, alloc);
    return len;
}

unsigned int mmc_build_start_stop_unit(uint8_t cdb[16], bool immediate, uint8_t action)
{
    unsigned int len = cdb_start(cdb, MMC_START_STOP_UNIT, 6);

    cdb[1] = immediate ? 0x01 : 0;
    cdb[4] = action & 0x03;
    return len;
}

unsigned int mmc_build_prevent_allow(uint8_t cdb[16], bool prevent, bool persistent)
{
    unsigned int len = cdb_start(cdb, MMC_PREVENT_ALLOW_MEDIUM_REMOVAL, 6);

    cdb[4] = (persistent ? 0x02 : 0) | (prevent ? 0x01 : 0);
    return len;
}

unsigned int mmc_build_get_performance(uint8_t cdb[16], uint8_t type, uint8_t data_type, uint32_t start_lba,
        uint16_t max_descriptors)
{
    unsigned int len = cdb_start(cdb, MMC_GET_PERFORMANCE, 12);

    cdb[1] = data_type & 0x1f;
    mmc_put_be32(cdb + 2, start_lba);
    mmc_put_be16(cdb + 8, max_descriptors);
    cdb[10] = type;
    return len;
}

unsigned int mmc_build_set_streaming(uint8_t cdb[16], uint8_t type, uint16_t parameter_length)
{
    unsigned int len = cdb_start(cdb, MMC_SET_STREAMING, 12);

    cdb[8] = type;
    mmc_put_be16(cdb + 9, parameter_length);
    return len;
}

unsigned int mmc_build_set_cd_speed(uint8_t cdb[16], uint8_t rotation_control, uint16_t read_speed,
        uint16_t write_speed)
{
    unsigned int len = cdb_start(cdb, MMC_SET_CD_SPEED, 12);

    cdb[1] = rotation_control & 0x03;
    mmc_put_be16(cdb + 2, read_speed);
    mmc_put_be16(cdb + 4, write_speed);
    return len;
}

unsigned int mmc_build_read_disc_structure(uint8_t cdb[16], uint8_t media_type, uint32_t address, uint8_t layer,
        uint8_t format, uint16_t alloc, uint8_t agid)
{
    unsigned int len = cdb_start(cdb, MMC_READ_DISC_STRUCTURE, 12);

    cdb[1] = media_type & 0x0f;
    mmc_put_be32(cdb + 2, address);
    cdb[6] = layer;
    cdb[7] = format;
    mmc_put_be16(cdb + 8, alloc);
    cdb[10] = (agid & 0x03) << 6;
    return len;
}

unsigned int mmc_build_send_disc_structure(uint8_t cdb[16], uint8_t media_type, uint8_t format,
        uint16_t parameter_length, uint8_t agid)
{
    unsigned int len = cdb_start(cdb, MMC_SEND_DISC_STRUCTURE, 12);

    cdb[1] = media_type & 0x0f;
    cdb[7] = format;
    mmc_put_be16(cdb + 8, parameter_length);
    cdb[10] = (agid & 0x03) << 6;
    return len;
}

unsigned int mmc_build_send_disc_structure_list(uint8_t *list, uint32_t size, const uint8_t *data, uint16_t count)
{
    uint32_t total = (uint32_t)count + MMC_DISC_STRUCTURE_HEADER_LENGTH;

    if (!list || size < total || total > 0xffff || (count && !data))
        return 0;
    /* MMC-6 6.43.3: the data length counts the bytes after itself. */
    mmc_put_be16(list, count + 2);
    list[2] = list[3] = 0;
    if (count)
        memcpy(list + MMC_DISC_STRUCTURE_HEADER_LENGTH, data, count);
    return total;
}

unsigned int mmc_build_read_10(uint8_t cdb[16], uint32_t lba, uint16_t blocks)
{
    unsigned int len = cdb_start(cdb, MMC_READ_10, 10);

    mmc_put_be32(cdb + 2, lba);
    mmc_put_be16(cdb + 7, blocks);
    return len;
}

unsigned int mmc_build_read_12(uint8_t cdb[16], uint32_t lba, uint32_t blocks, bool streaming)
{
    unsigned int len = cdb_start(cdb, MMC_READ_12, 12);

    mmc_put_be32(cdb + 2, lba);
    mmc_put_be32(cdb + 6, blocks);
    cdb[10] = streaming ? 0x80 : 0;
    return len;
}

unsigned int mmc_build_write_10(uint8_t cdb[16], uint32_t lba, uint16_t blocks, bool fua)
{
    unsigned int len = cdb_start(cdb, MMC_WRITE_10, 10);

    cdb[1] = fua ? 0x08 : 0;
    mmc_put_be32(cdb + 2, lba);
    mmc_put_be16(cdb + 7, blocks);
    return len;
}

unsigned int mmc_build_write_12(uint8_t cdb[16], uint32_t lba, uint32_t blocks, bool fua, bool streaming)
{
    unsigned int len = cdb_start(cdb, MMC_WRITE_12, 12);

    cdb[1] = fua ? 0x08 : 0;
    mmc_put_be32(cdb + 2, lba);
    mmc_put_be32(cdb + 6, blocks);
    cdb[10] = streaming ? 0x80 : 0;
    return len;
}

unsigned int mmc_build_synchronize_cache(uint8_t cdb[16], bool immediate)
{
    unsigned int len = cdb_start(cdb, MMC_SYNCHRONIZE_CACHE, 10);

    cdb[1] = immediate ? 0x02 : 0;
    return len;
}

unsigned int mmc_build_close_track_session(uint8_t cdb[16], bool immediate, uint8_t function, uint16_t track)
{
    unsigned int len = cdb_start(cdb, MMC_CLOSE_TRACK_SESSION, 10);

    cdb[1] = immediate ? 0x01 : 0;
    cdb[2] = function & 0x07;
    mmc_put_be16(cdb + 4, track);
    return len;
}

unsigned int mmc_build_reserve_track(uint8_t cdb[16], uint32_t blocks)
{
    unsigned int len = cdb_start(cdb, MMC_RESERVE_TRACK, 10);

    mmc_put_be32(cdb + 5, blocks);
    return len;
}

unsigned int mmc_build_blank(uint8_t cdb[16], bool immediate, uint8_t type, uint32_t address)
{
    unsigned int len = cdb_start(cdb, MMC_BLANK, 12);

    cdb[1] = (immediate ? 0x10 : 0) | (type & 0x07);
    mmc_put_be32(cdb + 2, address);
    return len;
}

unsigned int mmc_build_format_unit(uint8_t cdb[16])
{
    unsigned int len = cdb_start(cdb, MMC_FORMAT_UNIT, 6);

    cdb[1] = 0x10 | MMC_FORMAT_CODE; /* FmtData */
    return len;
}

unsigned int mmc_build_format_unit_parameters(uint8_t list[MMC_FORMAT_PARAMETER_LIST_LENGTH], bool immediate,
        uint32_t blocks, uint8_t format_type, uint8_t format_subtype, uint32_t type_parameter)
{
    memset(list, 0, MMC_FORMAT_PARAMETER_LIST_LENGTH);
    /* MMC-6 6.5.3.2: Immed is only honoured with FOV set. */
    list[1] = immediate ? 0x82 : 0;
    mmc_put_be16(list + 2, 8);
    mmc_put_be32(list + 4, blocks);
    list[8] = ((format_type & 0x3f) << 2) | (format_subtype & 0x03);
    mmc_put_be24(list + 9, type_parameter);
    return MMC_FORMAT_PARAMETER_LIST_LENGTH;
}

unsigned int mmc_build_send_opc_information(uint8_t cdb[16], bool do_opc, uint16_t parameter_length)
{
    unsigned int len = cdb_start(cdb, MMC_SEND_OPC_INFORMATION, 10);

    cdb[1] = do_opc ? 0x01 : 0;
    mmc_put_be16(cdb + 7, parameter_length);
    return len;
}

unsigned int mmc_build_read_buffer_capacity(uint8_t cdb[16], bool block, uint16_t alloc)
{
    unsigned int len = cdb_start(cdb, MMC_READ_BUFFER_CAPACITY, 10);

    cdb[1] = block ? 0x01 : 0;
    mmc_put_be16(cdb + 7, alloc);
    return len;
}

unsigned int mmc_build_streaming_descriptor(uint8_t desc[MMC_STREAMING_DESCRIPTOR_LENGTH],
        const struct mmc_streaming_descriptor *d)
{
    memset(desc, 0, MMC_STREAMING_DESCRIPTOR_LENGTH);
    desc[0] = ((d->write_rotation_control & 0x03) << 3) | (d->restore_defaults ? 0x04 : 0)
            | (d->exact ? 0x02 : 0) | (d->random_access ? 0x01 : 0);
    mmc_put_be32(desc + 4, d->start_lba);
    mmc_put_be32(desc + 8, d->end_lba);
    mmc_put_be32(desc + 12, d->read_size);
    mmc_put_be32(desc + 16, d->read_time);
    mmc_put_be32(desc + 20, d->write_size);
    mmc_put_be32(desc + 24, d->write_time);
    return MMC_STREAMING_DESCRIPTOR_LENGTH;
}

unsigned int mmc_build_write_params_page(uint8_t *list, uint32_t size, const struct mmc_write_params *p)
{
    uint8_t *page;

    if (!list || !p || size < MMC_WRITE_PARAMETERS_LIST_LENGTH)
        return 0;
    memset(list, 0, MMC_WRITE_PARAMETERS_LIST_LENGTH);
    /* SPC-4 7.4.3: mode data length is reserved in MODE SELECT, no block descriptor. */
    page = list + MMC_MODE_HEADER_LENGTH;
    page[0] = MMC_MODE_PAGE_WRITE_PARAMETERS; /* PS must be 0 when selecting */
    page[1] = MMC_WRITE_PARAMETERS_PAGE_LENGTH;
    page[2] = (p->buffer_underrun_free ? 0x40 : 0) | (p->link_size_valid ? 0x20 : 0)
            | (p->test_write ? 0x10 : 0) | (p->write_type & 0x0f);
    page[3] = ((p->multi_session & 0x03) << 6) | (p->fixed_packet ? 0x20 : 0) | (p->copy ? 0x10 : 0)
            | (p->track_mode & 0x0f);
    page[4] = p->data_block_type & 0x0f;
    page[5] = p->link_size;
    page[7] = p->host_application_code & 0x3f;
    page[8] = p->session_format;
    mmc_put_be32(page + 10, p->packet_size);
    mmc_put_be16(page + 14, p->audio_pause_length);
    return MMC_WRITE_PARAMETERS_LIST_LENGTH;
}

/* ---- sense ---- */

int mmc_parse_sense(const uint8_t *buf, uint32_t len, struct mmc_sense *s)
{
    uint32_t limit, offset;
    uint8_t code;

    memset(s, 0, sizeof(*s));
    if (!buf || len < 1)
        return MMC_ERR_SHORT;
    code = buf[0] & 0x7f;
    s->response_code = code;
    if (code == 0x70 || code == 0x71)
    {
        s->deferred = code == 0x71;
        if (len < 3)
            return MMC_ERR_SHORT;
        s->valid = true;
        s->filemark = !!(buf[2] & 0x80);
        s->end_of_medium = !!(buf[2] & 0x40);
        s->incorrect_length = !!(buf[2] & 0x20);
        s->key = buf[2] & 0x0f;
        if (len >= 7 && (buf[0] & 0x80))
        {
            s->information_valid = true;
            s->information = mmc_get_be32(buf + 3);
        }
        /* SPC-4 4.5.3: fields past byte 7 exist only as far as the additional
         * sense length says, and only as far as the buffer goes. */
        limit = len >= 8 ? min_u32(len, 8 + buf[7]) : len;
        if (limit >= 12)
        {
            s->command_specific_valid = true;
            s->command_specific = mmc_get_be32(buf + 8);
        }
        if (limit >= 13)
            s->asc = buf[12];
        if (limit >= 14)
            s->ascq = buf[13];
        if (limit >= 18 && (buf[15] & 0x80))
        {
            s->sense_key_specific_valid = true;
            memcpy(s->sense_key_specific, buf + 15, 3);
        }
    }
    else if (code == 0x72 || code == 0x73)
    {
        s->deferred = code == 0x73;
        if (len < 2)
            return MMC_ERR_SHORT;
        s->valid = true;
        s->key = buf[1] & 0x0f;
        if (len >= 3)
            s->asc = buf[2];
        if (len >= 4)
            s->ascq = buf[3];
        limit = len >= 8 ? min_u32(len, 8 + buf[7]) : len;
        /* SPC-4 4.5.2: walk the descriptors, each a type and a length. */
        for (offset = 8; offset + 2 <= limit; offset += 2 + buf[offset + 1])
        {
            const uint8_t *d = buf + offset;
            uint32_t dlen = 2 + d[1];

            if (offset + dlen > limit)
                break;
            if (d[0] == 0x00 && dlen >= 12)
            {
                s->information_valid = !!(d[2] & 0x80);
                s->information = ((uint64_t)mmc_get_be32(d + 4) << 32) | mmc_get_be32(d + 8);
            }
            else if (d[0] == 0x01 && dlen >= 12)
            {
                s->command_specific_valid = true;
                s->command_specific = ((uint64_t)mmc_get_be32(d + 4) << 32) | mmc_get_be32(d + 8);
            }
            else if (d[0] == 0x02 && dlen >= 7 && (d[4] & 0x80))
            {
                s->sense_key_specific_valid = true;
                memcpy(s->sense_key_specific, d + 4, 3);
            }
        }
    }
    else
    {
        return MMC_ERR_INVALID;
    }

    if (s->sense_key_specific_valid && (s->key == SENSE_KEY_NOT_READY || s->key == SENSE_KEY_NO_SENSE))
    {
        s->progress_valid = true;
        s->progress = mmc_get_be16(s->sense_key_specific + 1);
    }
    return MMC_OK;
}

enum sense_match
{
    MATCH_ASCQ, /* key, ASC and ASCQ */
    MATCH_ASC,  /* key and ASC, any ASCQ */
    MATCH_KEY,  /* key alone */
};

/* The first matching row wins, so specific rows come before wildcards. */
struct sense_map
{
    uint8_t key;
    uint8_t asc;
    uint8_t ascq;
    enum sense_match match;
    int32_t hresult;
    enum mmc_disposition disposition;
    const char *text;
};

static const struct sense_map sense_table[] =
{
    {SENSE_KEY_NOT_READY, SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_CAUSE_NOT_REPORTABLE, MATCH_ASCQ,
            E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY,
            "logical unit not ready, cause not reportable"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_BECOMING_READY, MATCH_ASCQ,
            E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY,
            "logical unit is in process of becoming ready"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_INIT_REQUIRED, MATCH_ASCQ,
            E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY,
            "logical unit not ready, initializing command required"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_MANUAL_INTERVENTION, MATCH_ASCQ,
            E_IMAPI_RECORDER_MEDIA_NO_MEDIA, MMC_DISPOSITION_FAIL,
            "logical unit not ready, manual intervention required"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_FORMAT_IN_PROGRESS, MATCH_ASCQ,
            E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS, MMC_DISPOSITION_RETRY,
            "logical unit not ready, format in progress"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_OPERATION_IN_PROGRESS, MATCH_ASCQ,
            E_IMAPI_RECORDER_MEDIA_BUSY, MMC_DISPOSITION_RETRY, "logical unit not ready, operation in progress"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_NOT_READY, SENSE_ASCQ_NOT_READY_LONG_WRITE_IN_PROGRESS, MATCH_ASCQ,
            E_IMAPI_RECORDER_MEDIA_BUSY, MMC_DISPOSITION_RETRY, "logical unit not ready, long write in progress"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_NOT_READY, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_BUSY, MMC_DISPOSITION_RETRY, "logical unit not ready"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_MEDIUM_NOT_PRESENT, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_NO_MEDIA, MMC_DISPOSITION_FAIL, "medium not present"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_INCOMPATIBLE_MEDIUM, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, MMC_DISPOSITION_FAIL, "incompatible medium installed"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_NOT_SELF_CONFIGURED, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY, "logical unit has not self-configured yet"},
    {SENSE_KEY_NOT_READY, SENSE_ASC_MEDIUM_FORMAT_CORRUPTED, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, MMC_DISPOSITION_FAIL, "medium format corrupted"},
    {SENSE_KEY_MEDIUM_ERROR, SENSE_ASC_WRITE_ERROR, SENSE_ASCQ_WRITE_ERROR_LOSS_OF_STREAMING, MATCH_ASCQ,
            E_IMAPI_LOSS_OF_STREAMING, MMC_DISPOSITION_FAIL, "write error, loss of streaming"},
    {SENSE_KEY_MEDIUM_ERROR, SENSE_ASC_WRITE_ERROR, 0, MATCH_ASC,
            E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL, "write error"},
    {SENSE_KEY_MEDIUM_ERROR, SENSE_ASC_UNRECOVERED_READ_ERROR, 0, MATCH_ASC,
            E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL, "unrecovered read error"},
    {SENSE_KEY_MEDIUM_ERROR, SENSE_ASC_INCOMPATIBLE_MEDIUM, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, MMC_DISPOSITION_FAIL, "incompatible medium"},
    {SENSE_KEY_MEDIUM_ERROR, SENSE_ASC_MEDIUM_FORMAT_CORRUPTED, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, MMC_DISPOSITION_FAIL, "medium format corrupted"},
    {SENSE_KEY_MEDIUM_ERROR, SENSE_ASC_MEDIUM_NOT_PRESENT, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_NO_MEDIA, MMC_DISPOSITION_FAIL, "medium not present"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_INVALID_COMMAND_OPCODE, 0, MATCH_ASC,
            E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL, "invalid command operation code"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_LBA_OUT_OF_RANGE, SENSE_ASCQ_INVALID_ADDRESS_FOR_WRITE, MATCH_ASCQ,
            E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL, "invalid address for write"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_LBA_OUT_OF_RANGE, 0, MATCH_ASC,
            E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL, "logical block address out of range"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_INVALID_FIELD_IN_CDB, 0, MATCH_ASC,
            E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL, "invalid field in CDB"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_INVALID_FIELD_IN_PARAMETER_LIST, 0, MATCH_ASC,
            E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, MMC_DISPOSITION_FAIL, "invalid field in parameter list"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_PARAMETER_LIST_LENGTH_ERROR, 0, MATCH_ASC,
            E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, MMC_DISPOSITION_FAIL, "parameter list length error"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_COMMAND_SEQUENCE_ERROR, 0, MATCH_ASC,
            E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL, "command sequence error"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_INCOMPATIBLE_MEDIUM, SENSE_ASCQ_MEDIUM_NOT_FORMATTED, MATCH_ASCQ,
            E_IMAPI_RECORDER_MEDIA_NOT_FORMATTED, MMC_DISPOSITION_FAIL, "medium not formatted"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_INCOMPATIBLE_MEDIUM, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, MMC_DISPOSITION_FAIL, "incompatible medium installed"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_MEDIUM_NOT_PRESENT, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_NO_MEDIA, MMC_DISPOSITION_FAIL, "medium not present"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_SAVING_PARAMETERS_NOT_SUPPORTED, 0, MATCH_ASC,
            E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS, MMC_DISPOSITION_FAIL, "saving parameters not supported"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_END_OF_USER_AREA, 0, MATCH_ASC,
            E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE, MMC_DISPOSITION_FAIL, "end of user area encountered"},
    {SENSE_KEY_ILLEGAL_REQUEST, SENSE_ASC_ILLEGAL_MODE_FOR_TRACK, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE, MMC_DISPOSITION_FAIL, "illegal mode for this track"},
    {SENSE_KEY_UNIT_ATTENTION, SENSE_ASC_MEDIUM_MAY_HAVE_CHANGED, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY,
            "not ready to ready change, medium may have changed"},
    {SENSE_KEY_UNIT_ATTENTION, SENSE_ASC_POWER_ON_RESET, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY,
            "power on, reset, or bus device reset occurred"},
    {SENSE_KEY_UNIT_ATTENTION, SENSE_ASC_PARAMETERS_CHANGED, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY, "parameters changed"},
    {SENSE_KEY_UNIT_ATTENTION, SENSE_ASC_MEDIUM_NOT_PRESENT, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_NO_MEDIA, MMC_DISPOSITION_FAIL, "medium not present"},
    {SENSE_KEY_UNIT_ATTENTION, SENSE_ASC_OPERATOR_REQUEST, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY, "operator request or state change input"},
    {SENSE_KEY_UNIT_ATTENTION, 0, 0, MATCH_KEY,
            E_IMAPI_RECORDER_MEDIA_BECOMING_READY, MMC_DISPOSITION_RETRY, "unit attention"},
    {SENSE_KEY_DATA_PROTECT, SENSE_ASC_WRITE_PROTECTED, 0, MATCH_ASC,
            E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED, MMC_DISPOSITION_FAIL, "write protected"},
    {SENSE_KEY_DATA_PROTECT, 0, 0, MATCH_KEY,
            E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED, MMC_DISPOSITION_FAIL, "data protect"},
    {SENSE_KEY_ABORTED_COMMAND, 0, 0, MATCH_KEY,
            E_IMAPI_RECORDER_MEDIA_BUSY, MMC_DISPOSITION_RETRY, "aborted command"},
};

static const struct sense_map *find_sense(uint8_t key, uint8_t asc, uint8_t ascq)
{
    size_t i;

    for (i = 0; i < sizeof(sense_table) / sizeof(sense_table[0]); i++)
    {
        const struct sense_map *m = &sense_table[i];

        if (m->key != key)
            continue;
        if (m->match == MATCH_KEY)
            return m;
        if (m->asc == asc && (m->match == MATCH_ASC || m->ascq == ascq))
            return m;
    }
    return NULL;
}

int32_t mmc_sense_to_hresult(const struct mmc_sense *s)
{
    const struct sense_map *m;

    if (!s || !s->valid)
        return E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE;
    if (s->key == SENSE_KEY_NO_SENSE || s->key == SENSE_KEY_RECOVERED_ERROR)
        return MMC_S_OK;
    if ((m = find_sense(s->key, s->asc, s->ascq)))
        return m->hresult;
    return E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE;
}

int32_t mmc_command_sense_to_hresult(uint8_t opcode, const struct mmc_sense *s)
{
    if (s && s->valid && s->key == SENSE_KEY_ILLEGAL_REQUEST)
    {
        switch (opcode)
        {
        case MMC_MODE_SENSE_10:
            if (s->asc == SENSE_ASC_INVALID_FIELD_IN_CDB)
                return E_IMAPI_RECORDER_NO_SUCH_MODE_PAGE;
            break;
        case MMC_MODE_SELECT_10:
            if (s->asc == SENSE_ASC_INVALID_FIELD_IN_CDB || s->asc == SENSE_ASC_INVALID_FIELD_IN_PARAMETER_LIST
                    || s->asc == SENSE_ASC_PARAMETER_LIST_LENGTH_ERROR)
                return E_IMAPI_RECORDER_INVALID_MODE_PARAMETERS;
            break;
        case MMC_GET_CONFIGURATION:
            if (s->asc == SENSE_ASC_INVALID_COMMAND_OPCODE)
                return E_IMAPI_RECORDER_GET_CONFIGURATION_NOT_SUPPORTED;
            break;
        case MMC_READ_DISC_STRUCTURE:
            if (s->asc == SENSE_ASC_INVALID_FIELD_IN_CDB || s->asc == SENSE_ASC_INCOMPATIBLE_MEDIUM)
                return E_IMAPI_RECORDER_DVD_STRUCTURE_NOT_PRESENT;
            break;
        }
    }
    return mmc_sense_to_hresult(s);
}

enum mmc_disposition mmc_sense_disposition(const struct mmc_sense *s)
{
    const struct sense_map *m;

    if (!s || !s->valid)
        return MMC_DISPOSITION_FAIL;
    if (s->key == SENSE_KEY_NO_SENSE || s->key == SENSE_KEY_RECOVERED_ERROR)
        return MMC_DISPOSITION_OK;
    if ((m = find_sense(s->key, s->asc, s->ascq)))
        return m->disposition;
    return MMC_DISPOSITION_FAIL;
}

/* ---- text helpers ---- */

struct code_name
{
    uint16_t code;
    const char *name;
};

static const char *lookup_name(const struct code_name *table, size_t count, uint16_t code, const char *fallback)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (table[i].code == code)
            return table[i].name;
    return fallback;
}

static const struct code_name opcode_names[] =
{
    {MMC_TEST_UNIT_READY, "TEST UNIT READY"},
    {MMC_REQUEST_SENSE, "REQUEST SENSE"},
    {MMC_FORMAT_UNIT, "FORMAT UNIT"},
    {MMC_INQUIRY, "INQUIRY"},
    {MMC_START_STOP_UNIT, "START STOP UNIT"},
    {MMC_PREVENT_ALLOW_MEDIUM_REMOVAL, "PREVENT ALLOW MEDIUM REMOVAL"},
    {MMC_READ_FORMAT_CAPACITIES, "READ FORMAT CAPACITIES"},
    {MMC_READ_CAPACITY, "READ CAPACITY"},
    {MMC_READ_10, "READ(10)"},
    {MMC_WRITE_10, "WRITE(10)"},
    {MMC_SEEK_10, "SEEK(10)"},
    {MMC_WRITE_AND_VERIFY_10, "WRITE AND VERIFY(10)"},
    {MMC_VERIFY_10, "VERIFY(10)"},
    {MMC_SYNCHRONIZE_CACHE, "SYNCHRONIZE CACHE"},
    {MMC_WRITE_BUFFER, "WRITE BUFFER"},
    {MMC_READ_BUFFER, "READ BUFFER"},
    {MMC_READ_SUBCHANNEL, "READ SUB-CHANNEL"},
    {MMC_READ_TOC_PMA_ATIP, "READ TOC/PMA/ATIP"},
    {MMC_GET_CONFIGURATION, "GET CONFIGURATION"},
    {MMC_PLAY_AUDIO_MSF, "PLAY AUDIO MSF"},
    {MMC_GET_EVENT_STATUS_NOTIFICATION, "GET EVENT STATUS NOTIFICATION"},
    {MMC_PAUSE_RESUME, "PAUSE/RESUME"},
    {MMC_STOP_PLAY_SCAN, "STOP PLAY/SCAN"},
    {MMC_READ_DISC_INFORMATION, "READ DISC INFORMATION"},
    {MMC_READ_TRACK_INFORMATION, "READ TRACK INFORMATION"},
    {MMC_RESERVE_TRACK, "RESERVE TRACK"},
    {MMC_SEND_OPC_INFORMATION, "SEND OPC INFORMATION"},
    {MMC_MODE_SELECT_10, "MODE SELECT(10)"},
    {MMC_REPAIR_TRACK, "REPAIR TRACK"},
    {MMC_MODE_SENSE_10, "MODE SENSE(10)"},
    {MMC_CLOSE_TRACK_SESSION, "CLOSE TRACK/SESSION"},
    {MMC_READ_BUFFER_CAPACITY, "READ BUFFER CAPACITY"},
    {MMC_SEND_CUE_SHEET, "SEND CUE SHEET"},
    {MMC_REPORT_LUNS, "REPORT LUNS"},
    {MMC_BLANK, "BLANK"},
    {MMC_SECURITY_PROTOCOL_IN, "SECURITY PROTOCOL IN"},
    {MMC_SEND_KEY, "SEND KEY"},
    {MMC_REPORT_KEY, "REPORT KEY"},
    {MMC_LOAD_UNLOAD_MEDIUM, "LOAD/UNLOAD MEDIUM"},
    {MMC_SET_READ_AHEAD, "SET READ AHEAD"},
    {MMC_READ_12, "READ(12)"},
    {MMC_WRITE_12, "WRITE(12)"},
    {MMC_READ_MEDIA_SERIAL_NUMBER, "READ MEDIA SERIAL NUMBER"},
    {MMC_GET_PERFORMANCE, "GET PERFORMANCE"},
    {MMC_READ_DISC_STRUCTURE, "READ DISC STRUCTURE"},
    {MMC_SECURITY_PROTOCOL_OUT, "SECURITY PROTOCOL OUT"},
    {MMC_SET_STREAMING, "SET STREAMING"},
    {MMC_READ_CD_MSF, "READ CD MSF"},
    {MMC_SCAN, "SCAN"},
    {MMC_SET_CD_SPEED, "SET CD SPEED"},
    {MMC_MECHANISM_STATUS, "MECHANISM STATUS"},
    {MMC_READ_CD, "READ CD"},
    {MMC_SEND_DISC_STRUCTURE, "SEND DISC STRUCTURE"},
};

const char *mmc_opcode_name(uint8_t opcode)
{
    return lookup_name(opcode_names, sizeof(opcode_names) / sizeof(opcode_names[0]), opcode, "unknown opcode");
}

static const char * const sense_key_names[16] =
{
    "NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR", "HARDWARE ERROR", "ILLEGAL REQUEST",
    "UNIT ATTENTION", "DATA PROTECT", "BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND",
    "reserved (Ch)", "VOLUME OVERFLOW", "MISCOMPARE", "COMPLETED",
};

const char *mmc_sense_key_name(uint8_t key)
{
    return sense_key_names[key & 0x0f];
}

const char *mmc_sense_text(uint8_t key, uint8_t asc, uint8_t ascq)
{
    const struct sense_map *m;

    if (key == SENSE_KEY_NO_SENSE && asc == SENSE_ASC_NO_ADDITIONAL_SENSE)
        return "no additional sense information";
    if (key == SENSE_KEY_RECOVERED_ERROR)
    {
        if (asc == SENSE_ASC_CD_CONTROL_ERROR && ascq == SENSE_ASCQ_POWER_CALIBRATION_ALMOST_FULL)
            return "power calibration area almost full";
        return "recovered error";
    }
    if (key == SENSE_KEY_HARDWARE_ERROR)
        return "hardware error";
    if (key == SENSE_KEY_MEDIUM_ERROR && asc == SENSE_ASC_CD_CONTROL_ERROR
            && ascq == SENSE_ASCQ_POWER_CALIBRATION_FULL)
        return "power calibration area is full";
    if ((m = find_sense(key, asc, ascq)))
        return m->text;
    return mmc_sense_key_name(key);
}

static const struct code_name profile_names[] =
{
    {MMC_PROFILE_NONE, "none"},
    {MMC_PROFILE_NON_REMOVABLE_DISK, "non-removable disk"},
    {MMC_PROFILE_REMOVABLE_DISK, "removable disk"},
    {MMC_PROFILE_MO_ERASABLE, "MO erasable"},
    {MMC_PROFILE_MO_WRITE_ONCE, "MO write once"},
    {MMC_PROFILE_AS_MO, "AS-MO"},
    {MMC_PROFILE_CD_ROM, "CD-ROM"},
    {MMC_PROFILE_CD_R, "CD-R"},
    {MMC_PROFILE_CD_RW, "CD-RW"},
    {MMC_PROFILE_DVD_ROM, "DVD-ROM"},
    {MMC_PROFILE_DVD_R_SEQUENTIAL, "DVD-R sequential"},
    {MMC_PROFILE_DVD_RAM, "DVD-RAM"},
    {MMC_PROFILE_DVD_RW_RESTRICTED_OVERWRITE, "DVD-RW restricted overwrite"},
    {MMC_PROFILE_DVD_RW_SEQUENTIAL, "DVD-RW sequential"},
    {MMC_PROFILE_DVD_R_DL_SEQUENTIAL, "DVD-R DL sequential"},
    {MMC_PROFILE_DVD_R_DL_LAYER_JUMP, "DVD-R DL layer jump"},
    {MMC_PROFILE_DVD_RW_DL, "DVD-RW DL"},
    {MMC_PROFILE_DVD_DOWNLOAD_DISC, "DVD-Download"},
    {MMC_PROFILE_DVD_PLUS_RW, "DVD+RW"},
    {MMC_PROFILE_DVD_PLUS_R, "DVD+R"},
    {MMC_PROFILE_DDCD_ROM, "DDCD-ROM"},
    {MMC_PROFILE_DDCD_R, "DDCD-R"},
    {MMC_PROFILE_DDCD_RW, "DDCD-RW"},
    {MMC_PROFILE_DVD_PLUS_RW_DL, "DVD+RW DL"},
    {MMC_PROFILE_DVD_PLUS_R_DL, "DVD+R DL"},
    {MMC_PROFILE_BD_ROM, "BD-ROM"},
    {MMC_PROFILE_BD_R_SRM, "BD-R SRM"},
    {MMC_PROFILE_BD_R_RRM, "BD-R RRM"},
    {MMC_PROFILE_BD_RE, "BD-RE"},
    {MMC_PROFILE_HD_DVD_ROM, "HD DVD-ROM"},
    {MMC_PROFILE_HD_DVD_R, "HD DVD-R"},
    {MMC_PROFILE_HD_DVD_RAM, "HD DVD-RAM"},
    {MMC_PROFILE_HD_DVD_RW, "HD DVD-RW"},
    {MMC_PROFILE_HD_DVD_R_DL, "HD DVD-R DL"},
    {MMC_PROFILE_HD_DVD_RW_DL, "HD DVD-RW DL"},
    {MMC_PROFILE_NON_STANDARD, "non-standard"},
};

const char *mmc_profile_name(uint16_t profile)
{
    return lookup_name(profile_names, sizeof(profile_names) / sizeof(profile_names[0]), profile, "unknown profile");
}

static const struct code_name feature_names[] =
{
    {MMC_FEATURE_PROFILE_LIST, "Profile List"},
    {MMC_FEATURE_CORE, "Core"},
    {MMC_FEATURE_MORPHING, "Morphing"},
    {MMC_FEATURE_REMOVABLE_MEDIUM, "Removable Medium"},
    {MMC_FEATURE_WRITE_PROTECT, "Write Protect"},
    {MMC_FEATURE_RANDOM_READABLE, "Random Readable"},
    {MMC_FEATURE_MULTI_READ, "Multi-Read"},
    {MMC_FEATURE_CD_READ, "CD Read"},
    {MMC_FEATURE_DVD_READ, "DVD Read"},
    {MMC_FEATURE_RANDOM_WRITABLE, "Random Writable"},
    {MMC_FEATURE_INCREMENTAL_STREAMING_WRITABLE, "Incremental Streaming Writable"},
    {MMC_FEATURE_SECTOR_ERASABLE, "Sector Erasable"},
    {MMC_FEATURE_FORMATTABLE, "Formattable"},
    {MMC_FEATURE_HARDWARE_DEFECT_MANAGEMENT, "Hardware Defect Management"},
    {MMC_FEATURE_WRITE_ONCE, "Write Once"},
    {MMC_FEATURE_RESTRICTED_OVERWRITE, "Restricted Overwrite"},
    {MMC_FEATURE_CD_RW_CAV_WRITE, "CD-RW CAV Write"},
    {MMC_FEATURE_MRW, "MRW"},
    {MMC_FEATURE_ENHANCED_DEFECT_REPORTING, "Enhanced Defect Reporting"},
    {MMC_FEATURE_DVD_PLUS_RW, "DVD+RW"},
    {MMC_FEATURE_DVD_PLUS_R, "DVD+R"},
    {MMC_FEATURE_RIGID_RESTRICTED_OVERWRITE, "Rigid Restricted Overwrite"},
    {MMC_FEATURE_CD_TRACK_AT_ONCE, "CD Track at Once"},
    {MMC_FEATURE_CD_MASTERING, "CD Mastering"},
    {MMC_FEATURE_DVD_MINUS_R_RW_WRITE, "DVD-R/-RW Write"},
    {MMC_FEATURE_LAYER_JUMP_RECORDING, "Layer Jump Recording"},
    {MMC_FEATURE_LJ_RIGID_RESTRICTED_OVERWRITE, "LJ Rigid Restricted Overwrite"},
    {MMC_FEATURE_STOP_LONG_OPERATION, "Stop Long Operation"},
    {MMC_FEATURE_CD_RW_MEDIA_WRITE_SUPPORT, "CD-RW Media Write Support"},
    {MMC_FEATURE_BD_R_PSEUDO_OVERWRITE, "BD-R Pseudo-Overwrite"},
    {MMC_FEATURE_DVD_PLUS_RW_DL, "DVD+RW Dual Layer"},
    {MMC_FEATURE_DVD_PLUS_R_DL, "DVD+R Dual Layer"},
    {MMC_FEATURE_BD_READ, "BD Read"},
    {MMC_FEATURE_BD_WRITE, "BD Write"},
    {MMC_FEATURE_TSR, "TSR"},
    {MMC_FEATURE_HD_DVD_READ, "HD DVD Read"},
    {MMC_FEATURE_HD_DVD_WRITE, "HD DVD Write"},
    {MMC_FEATURE_HYBRID_DISC, "Hybrid Disc"},
    {MMC_FEATURE_POWER_MANAGEMENT, "Power Management"},
    {MMC_FEATURE_SMART, "S.M.A.R.T."},
    {MMC_FEATURE_EMBEDDED_CHANGER, "Embedded Changer"},
    {MMC_FEATURE_CD_AUDIO_EXTERNAL_PLAY, "CD Audio External Play"},
    {MMC_FEATURE_MICROCODE_UPGRADE, "Microcode Upgrade"},
    {MMC_FEATURE_TIMEOUT, "Timeout"},
    {MMC_FEATURE_DVD_CSS, "DVD CSS"},
    {MMC_FEATURE_REAL_TIME_STREAMING, "Real Time Streaming"},
    {MMC_FEATURE_DRIVE_SERIAL_NUMBER, "Drive Serial Number"},
    {MMC_FEATURE_MEDIA_SERIAL_NUMBER, "Media Serial Number"},
    {MMC_FEATURE_DISC_CONTROL_BLOCKS, "Disc Control Blocks"},
    {MMC_FEATURE_DVD_CPRM, "DVD CPRM"},
    {MMC_FEATURE_FIRMWARE_INFORMATION, "Firmware Information"},
    {MMC_FEATURE_AACS, "AACS"},
    {MMC_FEATURE_VCPS, "VCPS"},
};

const char *mmc_feature_name(uint16_t feature)
{
    if (feature >= MMC_FEATURE_VENDOR_FIRST)
        return "vendor specific";
    return lookup_name(feature_names, sizeof(feature_names) / sizeof(feature_names[0]), feature, "unknown feature");
}

void mmc_describe_cdb(const uint8_t *cdb, unsigned int cdb_len, char *text, size_t size)
{
    if (!text || !size)
        return;
    text[0] = 0;
    if (!cdb || !cdb_len)
        return;

    switch (cdb[0])
    {
    case MMC_READ_10:
    case MMC_WRITE_10:
        if (cdb_len >= 10)
            snprintf(text, size, "lba %d blocks %u", (int32_t)mmc_get_be32(cdb + 2), mmc_get_be16(cdb + 7));
        break;
    case MMC_READ_12:
    case MMC_WRITE_12:
        if (cdb_len >= 12)
            snprintf(text, size, "lba %d blocks %u", (int32_t)mmc_get_be32(cdb + 2), mmc_get_be32(cdb + 6));
        break;
    case MMC_INQUIRY:
        if (cdb_len >= 6)
            snprintf(text, size, "evpd %u page %#x alloc %u", cdb[1] & 1, cdb[2], mmc_get_be16(cdb + 3));
        break;
    case MMC_GET_CONFIGURATION:
        if (cdb_len >= 10)
            snprintf(text, size, "rt %u start %04x alloc %u", cdb[1] & 3, mmc_get_be16(cdb + 2),
                    mmc_get_be16(cdb + 7));
        break;
    case MMC_MODE_SENSE_10:
        if (cdb_len >= 10)
            snprintf(text, size, "page %#04x pc %u alloc %u", cdb[2] & 0x3f, cdb[2] >> 6, mmc_get_be16(cdb + 7));
        break;
    case MMC_MODE_SELECT_10:
        if (cdb_len >= 10)
            snprintf(text, size, "length %u", mmc_get_be16(cdb + 7));
        break;
    case MMC_READ_TRACK_INFORMATION:
        if (cdb_len >= 10)
            snprintf(text, size, "type %u number %u alloc %u", cdb[1] & 3, mmc_get_be32(cdb + 2),
                    mmc_get_be16(cdb + 7));
        break;
    case MMC_READ_TOC_PMA_ATIP:
        if (cdb_len >= 10)
            snprintf(text, size, "format %u msf %u number %u alloc %u", cdb[2] & 0x0f, (cdb[1] >> 1) & 1, cdb[6],
                    mmc_get_be16(cdb + 7));
        break;
    case MMC_CLOSE_TRACK_SESSION:
        if (cdb_len >= 10)
            snprintf(text, size, "function %u track %u immed %u", cdb[2] & 7, mmc_get_be16(cdb + 4), cdb[1] & 1);
        break;
    case MMC_BLANK:
        if (cdb_len >= 12)
            snprintf(text, size, "type %u immed %u", cdb[1] & 7, (cdb[1] >> 4) & 1);
        break;
    case MMC_START_STOP_UNIT:
        if (cdb_len >= 6)
            snprintf(text, size, "loej %u start %u", (cdb[4] >> 1) & 1, cdb[4] & 1);
        break;
    case MMC_RESERVE_TRACK:
        if (cdb_len >= 10)
            snprintf(text, size, "blocks %u", mmc_get_be32(cdb + 5));
        break;
    case MMC_READ_DISC_INFORMATION:
    case MMC_GET_EVENT_STATUS_NOTIFICATION:
    case MMC_READ_FORMAT_CAPACITIES:
    case MMC_READ_BUFFER_CAPACITY:
        if (cdb_len >= 10)
            snprintf(text, size, "alloc %u", mmc_get_be16(cdb + 7));
        break;
    }
}

/* ---- INQUIRY ---- */

static void copy_ascii(char *dst, const uint8_t *src, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : ' ';
    dst[count] = 0;
}

int mmc_parse_inquiry(const uint8_t *buf, uint32_t len, struct mmc_inquiry *inq)
{
    uint32_t valid;

    memset(inq, 0, sizeof(*inq));
    if (!buf || len < 5)
        return MMC_ERR_SHORT;
    inq->peripheral_qualifier = buf[0] >> 5;
    inq->device_type = buf[0] & 0x1f;
    inq->removable = !!(buf[1] & 0x80);
    inq->version = buf[2];
    inq->response_data_format = buf[3] & 0x0f;
    inq->additional_length = buf[4];
    valid = min_u32(len, (uint32_t)buf[4] + 5);
    if (valid < MMC_INQUIRY_STANDARD_LENGTH)
        return MMC_ERR_SHORT;
    copy_ascii(inq->vendor, buf + 8, 8);
    copy_ascii(inq->product, buf + 16, 16);
    copy_ascii(inq->revision, buf + 32, 4);
    return MMC_OK;
}

int mmc_parse_unit_serial_number(const uint8_t *buf, uint32_t len, char *serial, size_t size)
{
    uint32_t count;

    if (!serial || !size)
        return MMC_ERR_PARAMETER;
    serial[0] = 0;
    if (!buf || len < 4)
        return MMC_ERR_SHORT;
    if (buf[1] != MMC_VPD_UNIT_SERIAL_NUMBER)
        return MMC_ERR_INVALID;
    count = min_u32(len - 4, mmc_get_be16(buf + 2));
    if (count > size - 1)
        count = size - 1;
    copy_ascii(serial, buf + 4, count);
    return MMC_OK;
}

/* ---- GET CONFIGURATION ---- */

int mmc_parse_config_header(const uint8_t *buf, uint32_t len, struct mmc_config_header *header)
{
    memset(header, 0, sizeof(*header));
    if (!buf || len < 8)
        return MMC_ERR_SHORT;
    header->data_length = mmc_get_be32(buf);
    header->current_profile = mmc_get_be16(buf + 6);
    /* Microsoft's MmcDataFindFeaturePage: the walk stops at min(len, DataLength + 4). */
    header->valid_length = header->data_length > len - 4 ? len : header->data_length + 4;
    if (header->data_length < 4)
        return MMC_ERR_INVALID;
    return MMC_OK;
}

int mmc_next_feature(const uint8_t *buf, uint32_t len, uint32_t *offset, struct mmc_feature *f)
{
    struct mmc_config_header header;
    uint32_t pos;
    int ret;

    memset(f, 0, sizeof(*f));
    if ((ret = mmc_parse_config_header(buf, len, &header)))
        return ret;
    pos = *offset < 8 ? 8 : *offset;
    if (pos >= header.valid_length || header.valid_length - pos < 4)
        return MMC_ERR_NOT_FOUND;

    f->code = mmc_get_be16(buf + pos);
    f->version = (buf[pos + 2] >> 2) & 0x0f;
    f->persistent = !!(buf[pos + 2] & 0x02);
    f->current = !!(buf[pos + 2] & 0x01);
    f->additional_length = buf[pos + 3];
    f->offset = pos;
    if ((f->additional_length & 3) && f->code < MMC_FEATURE_VENDOR_FIRST)
        return MMC_ERR_INVALID;
    /* A descriptor cut off by the limit was not really transferred. */
    if (header.valid_length - pos - 4 < f->additional_length)
        return MMC_ERR_NOT_FOUND;
    f->data = buf + pos + 4;
    *offset = pos + 4 + f->additional_length;
    return MMC_OK;
}

int mmc_find_feature(const uint8_t *buf, uint32_t len, uint16_t code, struct mmc_feature *f)
{
    uint32_t offset = 0;
    int ret;

    while (!(ret = mmc_next_feature(buf, len, &offset, f)))
    {
        if (f->code == code)
            return MMC_OK;
    }
    memset(f, 0, sizeof(*f));
    return ret;
}

int mmc_parse_profile_list(const struct mmc_feature *f, struct mmc_profile_descriptor *profiles,
        unsigned int max, unsigned int *count)
{
    unsigned int i, n;

    *count = 0;
    if (!f || f->code != MMC_FEATURE_PROFILE_LIST)
        return MMC_ERR_PARAMETER;
    if (f->additional_length & 3)
        return MMC_ERR_INVALID;
    n = f->additional_length / 4;
    for (i = 0; i < n && i < max; i++)
    {
        profiles[i].profile = mmc_get_be16(f->data + i * 4);
        profiles[i].current = !!(f->data[i * 4 + 2] & 0x01);
    }
    *count = n;
    return MMC_OK;
}

int mmc_parse_core_feature(const struct mmc_feature *f, struct mmc_core_feature *core)
{
    memset(core, 0, sizeof(*core));
    if (!f || f->code != MMC_FEATURE_CORE)
        return MMC_ERR_PARAMETER;
    if (f->additional_length < 4)
        return MMC_ERR_SHORT;
    core->physical_interface = mmc_get_be32(f->data);
    if (f->additional_length >= 8)
    {
        core->device_busy_event = !!(f->data[4] & 0x01);
        core->inquiry2 = !!(f->data[4] & 0x02);
    }
    return MMC_OK;
}

int mmc_parse_removable_medium_feature(const struct mmc_feature *f, struct mmc_removable_medium_feature *r)
{
    memset(r, 0, sizeof(*r));
    if (!f || f->code != MMC_FEATURE_REMOVABLE_MEDIUM)
        return MMC_ERR_PARAMETER;
    if (f->additional_length < 1)
        return MMC_ERR_SHORT;
    r->loading_mechanism = f->data[0] >> 5;
    r->load = !!(f->data[0] & 0x10);
    r->eject = !!(f->data[0] & 0x08);
    r->prevent_jumper = !!(f->data[0] & 0x04);
    r->lock = !!(f->data[0] & 0x01);
    return MMC_OK;
}

int mmc_parse_random_readable_feature(const struct mmc_feature *f, struct mmc_random_feature *r)
{
    memset(r, 0, sizeof(*r));
    if (!f || f->code != MMC_FEATURE_RANDOM_READABLE)
        return MMC_ERR_PARAMETER;
    if (f->additional_length < 7)
        return MMC_ERR_SHORT;
    r->logical_block_size = mmc_get_be32(f->data);
    r->blocking = mmc_get_be16(f->data + 4);
    r->page_present = !!(f->data[6] & 0x01);
    return MMC_OK;
}

int mmc_parse_random_writable_feature(const struct mmc_feature *f, struct mmc_random_feature *r)
{
    memset(r, 0, sizeof(*r));
    if (!f || f->code != MMC_FEATURE_RANDOM_WRITABLE)
        return MMC_ERR_PARAMETER;
    if (f->additional_length < 11)
        return MMC_ERR_SHORT;
    r->last_lba = mmc_get_be32(f->data);
    r->logical_block_size = mmc_get_be32(f->data + 4);
    r->blocking = mmc_get_be16(f->data + 8);
    r->page_present = !!(f->data[10] & 0x01);
    return MMC_OK;
}

int mmc_parse_incremental_streaming_feature(const struct mmc_feature *f,
        struct mmc_incremental_streaming_feature *inc)
{
    memset(inc, 0, sizeof(*inc));
    if (!f || f->code != MMC_FEATURE_INCREMENTAL_STREAMING_WRITABLE)
        return MMC_ERR_PARAMETER;
    if (f->additional_length < 4)
        return MMC_ERR_SHORT;
    inc->data_block_types = mmc_get_be16(f->data);
    inc->track_resources_info = !!(f->data[2] & 0x04);
    inc->address_mode_reservation = !!(f->data[2] & 0x02);
    inc->buffer_underrun_free = !!(f->data[2] & 0x01);
    inc->link_size_count = f->data[3];
    /* The link sizes follow, padded to a multiple of 4. */
    if (f->additional_length - 4u < inc->link_size_count)
    {
        inc->link_size_count = 0;
        return MMC_ERR_SHORT;
    }
    memcpy(inc->link_sizes, f->data + 4, inc->link_size_count);
    return MMC_OK;
}

int mmc_parse_write_feature(const struct mmc_feature *f, struct mmc_write_feature *w)
{
    memset(w, 0, sizeof(*w));
    if (!f || (f->code != MMC_FEATURE_CD_TRACK_AT_ONCE && f->code != MMC_FEATURE_CD_MASTERING
            && f->code != MMC_FEATURE_DVD_MINUS_R_RW_WRITE))
        return MMC_ERR_PARAMETER;
    if (f->additional_length < 1)
        return MMC_ERR_SHORT;
    w->buffer_underrun_free = !!(f->data[0] & 0x40);
    w->test_write = !!(f->data[0] & 0x04);
    w->rewritable = !!(f->data[0] & 0x02);
    switch (f->code)
    {
    case MMC_FEATURE_CD_TRACK_AT_ONCE:
        if (f->additional_length >= 4)
            w->data_type_supported = mmc_get_be16(f->data + 2);
        break;
    case MMC_FEATURE_CD_MASTERING:
        w->sao = !!(f->data[0] & 0x20);
        w->raw = !!(f->data[0] & 0x08);
        if (f->additional_length >= 4)
            w->max_cue_sheet_length = mmc_get_be24(f->data + 1);
        break;
    case MMC_FEATURE_DVD_MINUS_R_RW_WRITE:
        w->dual_layer = !!(f->data[0] & 0x08);
        break;
    }
    return MMC_OK;
}

int mmc_parse_feature_write_bit(const struct mmc_feature *f, bool *write)
{
    *write = false;
    if (!f || (f->code != MMC_FEATURE_DVD_PLUS_RW && f->code != MMC_FEATURE_DVD_PLUS_R
            && f->code != MMC_FEATURE_DVD_PLUS_RW_DL && f->code != MMC_FEATURE_DVD_PLUS_R_DL))
        return MMC_ERR_PARAMETER;
    if (f->additional_length < 1)
        return MMC_ERR_SHORT;
    *write = !!(f->data[0] & 0x01);
    return MMC_OK;
}

/* ---- READ DISC INFORMATION ---- */

static int32_t address_field(const uint8_t *p, bool msf)
{
    if (msf)
        return mmc_msf_to_lba(p[1], p[2], p[3]);
    return (int32_t)mmc_get_be32(p);
}

int mmc_parse_disc_info(const uint8_t *buf, uint32_t len, bool msf_addresses, struct mmc_disc_info *info)
{
    uint32_t valid;

    memset(info, 0, sizeof(*info));
    if (!buf || len < 2)
        return MMC_ERR_SHORT;
    info->length = mmc_get_be16(buf);
    valid = min_u32(len, (uint32_t)info->length + 2);
    if (valid < MMC_DISC_INFO_MIN_LENGTH)
        return MMC_ERR_SHORT;
    info->data_type = buf[2] >> 5;
    if (info->data_type != MMC_DISC_INFO_DATA_STANDARD)
        return MMC_ERR_INVALID;
    info->erasable = !!(buf[2] & 0x10);
    info->last_session_state = (buf[2] >> 2) & 0x03;
    info->disc_status = buf[2] & 0x03;
    info->first_track = buf[3];
    info->sessions = buf[4] | (buf[9] << 8);
    info->first_track_last_session = buf[5] | (buf[10] << 8);
    info->last_track_last_session = buf[6] | (buf[11] << 8);
    info->disc_id_valid = !!(buf[7] & 0x80);
    info->disc_bar_code_valid = !!(buf[7] & 0x40);
    info->unrestricted_use = !!(buf[7] & 0x20);
    info->disc_application_code_valid = !!(buf[7] & 0x10);
    info->dirty = !!(buf[7] & 0x04);
    info->bg_format_status = buf[7] & 0x03;
    info->disc_type = buf[8];
    info->disc_id = mmc_get_be32(buf + 12);
    info->last_session_lead_in = address_field(buf + 16, msf_addresses);
    info->last_possible_lead_out = address_field(buf + 20, msf_addresses);
    memcpy(info->disc_bar_code, buf + 24, 8);
    info->disc_application_code = buf[32];
    info->opc_table_count = buf[33];
    info->opc_tables_present = (valid - MMC_DISC_INFO_MIN_LENGTH) / 8;
    if (info->opc_tables_present > info->opc_table_count)
        info->opc_tables_present = info->opc_table_count;
    return MMC_OK;
}

/* ---- READ TRACK INFORMATION ---- */

int mmc_parse_track_info(const uint8_t *buf, uint32_t len, struct mmc_track_info *info)
{
    uint32_t valid;

    memset(info, 0, sizeof(*info));
    if (!buf || len < 2)
        return MMC_ERR_SHORT;
    info->length = mmc_get_be16(buf);
    valid = min_u32(len, (uint32_t)info->length + 2);
    if (valid < MMC_TRACK_INFO_MIN_LENGTH)
        return MMC_ERR_SHORT;
    info->track = buf[2];
    info->session = buf[3];
    info->layer_jump_recording_status = buf[5] >> 6;
    info->damage = !!(buf[5] & 0x20);
    info->copy = !!(buf[5] & 0x10);
    info->track_mode = buf[5] & 0x0f;
    info->reserved_track = !!(buf[6] & 0x80);
    info->blank = !!(buf[6] & 0x40);
    info->packet = !!(buf[6] & 0x20);
    info->fixed_packet = !!(buf[6] & 0x10);
    info->data_mode = buf[6] & 0x0f;
    info->lra_valid = !!(buf[7] & 0x02);
    info->nwa_valid = !!(buf[7] & 0x01);
    info->start_address = (int32_t)mmc_get_be32(buf + 8);
    info->next_writable_address = (int32_t)mmc_get_be32(buf + 12);
    info->free_blocks = mmc_get_be32(buf + 16);
    info->fixed_packet_size = mmc_get_be32(buf + 20);
    info->track_size = mmc_get_be32(buf + 24);
    /* MMC-6 6.27.3: older drives stop at byte 27, and the high bytes of the
     * track and session numbers only exist from byte 33 on. */
    if (valid >= 32)
    {
        info->has_last_recorded_address = true;
        info->last_recorded_address = (int32_t)mmc_get_be32(buf + 28);
    }
    if (valid >= 34)
    {
        info->track |= buf[32] << 8;
        info->session |= buf[33] << 8;
    }
    if (valid >= 40)
    {
        info->has_read_compatibility_lba = true;
        info->read_compatibility_lba = (int32_t)mmc_get_be32(buf + 36);
    }
    if (valid >= 48)
    {
        info->has_layer_jump = true;
        info->next_layer_jump_address = (int32_t)mmc_get_be32(buf + 40);
        info->last_layer_jump_address = (int32_t)mmc_get_be32(buf + 44);
    }
    return MMC_OK;
}

/* ---- plausibility ---- */

int32_t mmc_disc_address_limit(const struct mmc_disc_info *disc, bool cd)
{
    int32_t max = cd ? MMC_MAX_CD_BLOCKS : MMC_MAX_DISC_BLOCKS;

    /* Finalized media report FF:FF:FF (CD) or FFFFFFFFh here. */
    if (disc->last_possible_lead_out > 0 && disc->last_possible_lead_out < max)
        return disc->last_possible_lead_out;
    return max;
}

bool mmc_disc_info_plausible(const struct mmc_disc_info *disc, bool cd)
{
    if (!disc->sessions || !disc->first_track)
        return false;
    if (disc->first_track > disc->first_track_last_session
            || disc->first_track_last_session > disc->last_track_last_session)
        return false;
    if (disc->sessions > disc->last_track_last_session)
        return false;
    if (cd && disc->last_track_last_session > 99)
        return false;
    return true;
}

static bool address_below(int32_t address, int32_t lowest, int32_t limit)
{
    return address >= lowest && address < limit;
}

bool mmc_track_info_plausible(const struct mmc_track_info *track, const struct mmc_disc_info *disc, bool cd,
        int32_t limit)
{
    int32_t lowest = cd ? -150 : 0;

    if (!track->track || track->track < disc->first_track || track->track > disc->last_track_last_session)
        return false;
    if (!track->session || track->session > disc->sessions)
        return false;
    if (!address_below(track->start_address, lowest, limit))
        return false;
    if (track->nwa_valid && !address_below(track->next_writable_address, lowest, limit))
        return false;
    if (track->lra_valid && track->has_last_recorded_address
            && !address_below(track->last_recorded_address, lowest, limit))
        return false;
    if (track->free_blocks > (uint32_t)limit || track->track_size > (uint32_t)limit)
        return false;
    return true;
}

/* ---- READ TOC/PMA/ATIP ---- */

int mmc_parse_toc_header(const uint8_t *buf, uint32_t len, struct mmc_toc_header *header)
{
    memset(header, 0, sizeof(*header));
    if (!buf || len < 4)
        return MMC_ERR_SHORT;
    header->length = mmc_get_be16(buf);
    header->first = buf[2];
    header->last = buf[3];
    header->valid_length = min_u32(len, (uint32_t)header->length + 2);
    if (header->valid_length < 4)
        return MMC_ERR_INVALID;
    return MMC_OK;
}

int mmc_toc_track_count(const uint8_t *buf, uint32_t len)
{
    struct mmc_toc_header header;
    int ret;

    if ((ret = mmc_parse_toc_header(buf, len, &header)))
        return ret;
    return (header.valid_length - 4) / 8;
}

int mmc_get_toc_track(const uint8_t *buf, uint32_t len, bool msf, unsigned int index, struct mmc_toc_track *t)
{
    const uint8_t *d;
    int count;

    memset(t, 0, sizeof(*t));
    if ((count = mmc_toc_track_count(buf, len)) < 0)
        return count;
    if (index >= (unsigned int)count)
        return MMC_ERR_NOT_FOUND;
    d = buf + 4 + index * 8;
    t->adr = d[1] >> 4;
    t->control = d[1] & 0x0f;
    t->track = d[2];
    if (msf)
    {
        t->msf.minute = d[5];
        t->msf.second = d[6];
        t->msf.frame = d[7];
    }
    t->address = address_field(d + 4, msf);
    return MMC_OK;
}

int mmc_parse_session_info(const uint8_t *buf, uint32_t len, bool msf, struct mmc_session_info *info)
{
    struct mmc_toc_header header;
    int ret;

    memset(info, 0, sizeof(*info));
    if ((ret = mmc_parse_toc_header(buf, len, &header)))
        return ret;
    if (header.valid_length < 12)
        return MMC_ERR_SHORT;
    info->first_session = header.first;
    info->last_session = header.last;
    info->adr = buf[5] >> 4;
    info->control = buf[5] & 0x0f;
    info->first_track_last_session = buf[6];
    info->start_address = address_field(buf + 8, msf);
    return MMC_OK;
}

int mmc_full_toc_entry_count(const uint8_t *buf, uint32_t len)
{
    struct mmc_toc_header header;
    int ret;

    if ((ret = mmc_parse_toc_header(buf, len, &header)))
        return ret;
    return (header.valid_length - 4) / 11;
}

int mmc_get_full_toc_entry(const uint8_t *buf, uint32_t len, unsigned int index, struct mmc_full_toc_entry *e)
{
    const uint8_t *d;
    int count;

    memset(e, 0, sizeof(*e));
    if ((count = mmc_full_toc_entry_count(buf, len)) < 0)
        return count;
    if (index >= (unsigned int)count)
        return MMC_ERR_NOT_FOUND;
    d = buf + 4 + index * 11;
    e->session = d[0];
    e->adr = d[1] >> 4;
    e->control = d[1] & 0x0f;
    e->tno = d[2];
    e->point = d[3];
    e->minute = d[4];
    e->second = d[5];
    e->frame = d[6];
    e->zero = d[7];
    e->pminute = d[8];
    e->psecond = d[9];
    e->pframe = d[10];
    return MMC_OK;
}

int32_t mmc_full_toc_entry_lba(const struct mmc_full_toc_entry *e)
{
    return mmc_msf_to_lba(e->pminute, e->psecond, e->pframe);
}

bool mmc_full_toc_next_program_area(const struct mmc_full_toc_entry *e, int32_t *lba)
{
    if (e->point != MMC_TOC_POINT_NEXT_PROGRAM_AREA)
        return false;
    if (e->minute == 0xff && e->second == 0xff && e->frame == 0xff)
        return false;
    *lba = mmc_msf_to_lba(e->minute, e->second, e->frame);
    return true;
}

int mmc_parse_atip(const uint8_t *buf, uint32_t len, struct mmc_atip *atip)
{
    struct mmc_toc_header header;
    int ret;

    memset(atip, 0, sizeof(*atip));
    if ((ret = mmc_parse_toc_header(buf, len, &header)))
        return ret;
    if (header.valid_length < 15)
        return MMC_ERR_SHORT;
    atip->indicative_target_writing_power = (buf[4] >> 4) & 0x07;
    atip->reference_speed = buf[4] & 0x07;
    atip->unrestricted_use = !!(buf[5] & 0x40);
    atip->rewritable = !!(buf[6] & 0x40);
    atip->disc_subtype = (buf[6] >> 3) & 0x07;
    atip->a1_valid = !!(buf[6] & 0x04);
    atip->a2_valid = !!(buf[6] & 0x02);
    atip->a3_valid = !!(buf[6] & 0x01);
    atip->lead_in_msf.minute = buf[8];
    atip->lead_in_msf.second = buf[9];
    atip->lead_in_msf.frame = buf[10];
    atip->last_lead_out_msf.minute = buf[12];
    atip->last_lead_out_msf.second = buf[13];
    atip->last_lead_out_msf.frame = buf[14];
    atip->lead_in_start = mmc_msf_to_lba(buf[8], buf[9], buf[10]);
    atip->last_possible_lead_out = mmc_msf_to_lba(buf[12], buf[13], buf[14]);
    return MMC_OK;
}

/* ---- capacities ---- */

int mmc_parse_read_capacity(const uint8_t *buf, uint32_t len, struct mmc_capacity *cap)
{
    memset(cap, 0, sizeof(*cap));
    if (!buf || len < 8)
        return MMC_ERR_SHORT;
    cap->last_lba = mmc_get_be32(buf);
    cap->block_length = mmc_get_be32(buf + 4);
    return MMC_OK;
}

int mmc_parse_format_capacities(const uint8_t *buf, uint32_t len, struct mmc_format_capacities *caps)
{
    uint32_t valid, i;

    memset(caps, 0, sizeof(*caps));
    if (!buf || len < 4)
        return MMC_ERR_SHORT;
    caps->list_length = buf[3];
    if (caps->list_length % 8 || caps->list_length < 8)
        return MMC_ERR_INVALID;
    valid = min_u32(len, 4 + caps->list_length);
    if (valid < 12)
        return MMC_ERR_SHORT;
    caps->current.blocks = mmc_get_be32(buf + 4);
    caps->current.type = buf[8] & 0x03;
    caps->current.parameter = mmc_get_be24(buf + 9);
    for (i = 12; i + 8 <= valid && caps->count < MMC_MAX_FORMAT_DESCRIPTORS; i += 8)
    {
        struct mmc_format_descriptor *d = &caps->formattable[caps->count++];

        d->blocks = mmc_get_be32(buf + i);
        d->type = buf[i + 4] >> 2;
        d->subtype = buf[i + 4] & 0x03;
        d->parameter = mmc_get_be24(buf + i + 5);
    }
    return MMC_OK;
}

/* ---- MODE SENSE(10) ---- */

int mmc_parse_mode_header(const uint8_t *buf, uint32_t len, struct mmc_mode_header *h)
{
    memset(h, 0, sizeof(*h));
    if (!buf || len < MMC_MODE_HEADER_LENGTH)
        return MMC_ERR_SHORT;
    h->mode_data_length = mmc_get_be16(buf);
    h->medium_type = buf[2];
    h->device_specific = buf[3];
    h->write_protected = !!(buf[3] & 0x80);
    h->block_descriptor_length = mmc_get_be16(buf + 6);
    h->valid_length = min_u32(len, (uint32_t)h->mode_data_length + 2);
    if (h->valid_length < MMC_MODE_HEADER_LENGTH)
        return MMC_ERR_INVALID;
    if (h->block_descriptor_length != 0 && h->block_descriptor_length != 8)
        return MMC_ERR_INVALID;
    return MMC_OK;
}

int mmc_parse_write_protection(const uint8_t *buf, uint32_t len, struct mmc_write_protection *wp)
{
    memset(wp, 0, sizeof(*wp));
    if (!buf || len < MMC_DISC_STRUCTURE_HEADER_LENGTH + 1)
        return MMC_ERR_SHORT;
    if (mmc_get_be16(buf) + 2u < MMC_DISC_STRUCTURE_HEADER_LENGTH + 1)
        return MMC_ERR_INVALID;
    wp->until_power_down = !!(buf[4] & 0x01);
    wp->persistent = !!(buf[4] & 0x02);
    wp->disc = !!(buf[4] & 0x04);
    wp->media_specific = !!(buf[4] & 0x08);
    return MMC_OK;
}

int mmc_next_mode_page(const uint8_t *buf, uint32_t len, uint32_t *offset, struct mmc_mode_page *page)
{
    struct mmc_mode_header h;
    uint32_t pos, header, rest;
    int ret;

    memset(page, 0, sizeof(*page));
    if ((ret = mmc_parse_mode_header(buf, len, &h)))
        return ret;
    pos = MMC_MODE_HEADER_LENGTH + h.block_descriptor_length;
    if (*offset > pos)
        pos = *offset;
    if (pos >= h.valid_length || h.valid_length - pos < 2)
        return MMC_ERR_NOT_FOUND;

    page->code = buf[pos] & 0x3f;
    page->parameters_savable = !!(buf[pos] & 0x80);
    page->subpage_format = !!(buf[pos] & 0x40);
    if (page->subpage_format)
    {
        /* SPC-4 7.5.7: sub_page format, a 2-byte page length in bytes 2-3. */
        if (h.valid_length - pos < 4)
        {
            memset(page, 0, sizeof(*page));
            return MMC_ERR_NOT_FOUND;
        }
        page->subpage = buf[pos + 1];
        page->page_length = mmc_get_be16(buf + pos + 2);
        header = 4;
    }
    else
    {
        page->page_length = buf[pos + 1];
        header = 2;
    }
    rest = h.valid_length - pos;
    page->data = buf + pos;
    page->size = min_u32(rest, header + page->page_length);
    page->offset = pos;
    *offset = pos + header + page->page_length;
    return MMC_OK;
}

int mmc_find_mode_page(const uint8_t *buf, uint32_t len, uint8_t code, struct mmc_mode_page *page)
{
    uint32_t offset = 0;
    int ret;

    /* Only the page_0 format page of that code: a subpage of it is another page. */
    while (!(ret = mmc_next_mode_page(buf, len, &offset, page)))
    {
        if (page->code == (code & 0x3f) && !page->subpage_format)
            return MMC_OK;
    }
    memset(page, 0, sizeof(*page));
    return ret;
}

int mmc_parse_capabilities_page(const struct mmc_mode_page *page, struct mmc_capabilities_page *c)
{
    const uint8_t *p;
    uint32_t size, i, n;

    memset(c, 0, sizeof(*c));
    if (!page || !page->data || page->code != MMC_MODE_PAGE_CAPABILITIES)
        return MMC_ERR_PARAMETER;
    p = page->data;
    size = page->size;
    /* MMC-1 defined 14h bytes; everything after byte 21 is optional. */
    if (size < 22)
        return MMC_ERR_SHORT;
    c->read_cd_r = !!(p[2] & 0x01);
    c->read_cd_rw = !!(p[2] & 0x02);
    c->method2 = !!(p[2] & 0x04);
    c->read_dvd_rom = !!(p[2] & 0x08);
    c->read_dvd_r = !!(p[2] & 0x10);
    c->read_dvd_ram = !!(p[2] & 0x20);
    c->write_cd_r = !!(p[3] & 0x01);
    c->write_cd_rw = !!(p[3] & 0x02);
    c->test_write = !!(p[3] & 0x04);
    c->write_dvd_r = !!(p[3] & 0x10);
    c->write_dvd_ram = !!(p[3] & 0x20);
    c->audio_play = !!(p[4] & 0x01);
    c->composite = !!(p[4] & 0x02);
    c->digital_port1 = !!(p[4] & 0x04);
    c->digital_port2 = !!(p[4] & 0x08);
    c->mode2_form1 = !!(p[4] & 0x10);
    c->mode2_form2 = !!(p[4] & 0x20);
    c->multi_session = !!(p[4] & 0x40);
    c->buf = !!(p[4] & 0x80);
    c->cdda_supported = !!(p[5] & 0x01);
    c->cdda_accurate = !!(p[5] & 0x02);
    c->rw_supported = !!(p[5] & 0x04);
    c->rw_deinterleaved = !!(p[5] & 0x08);
    c->c2_pointers = !!(p[5] & 0x10);
    c->isrc = !!(p[5] & 0x20);
    c->upc = !!(p[5] & 0x40);
    c->read_bar_code = !!(p[5] & 0x80);
    c->lock = !!(p[6] & 0x01);
    c->lock_state = !!(p[6] & 0x02);
    c->prevent_jumper = !!(p[6] & 0x04);
    c->eject = !!(p[6] & 0x08);
    c->loading_mechanism = p[6] >> 5;
    c->separate_volume = !!(p[7] & 0x01);
    c->separate_channel_mute = !!(p[7] & 0x02);
    c->disc_present_supported = !!(p[7] & 0x04);
    c->sw_slot_selection = !!(p[7] & 0x08);
    c->side_change = !!(p[7] & 0x10);
    c->rw_in_lead_in = !!(p[7] & 0x20);
    c->max_read_speed = mmc_get_be16(p + 8);
    c->volume_levels = mmc_get_be16(p + 10);
    c->buffer_size = mmc_get_be16(p + 12);
    c->current_read_speed = mmc_get_be16(p + 14);
    c->max_write_speed = mmc_get_be16(p + 18);
    c->current_write_speed = mmc_get_be16(p + 20);
    if (size >= 24)
    {
        c->has_copy_management_revision = true;
        c->copy_management_revision = mmc_get_be16(p + 22);
    }
    if (size >= 32)
    {
        c->has_write_speed_selected = true;
        c->rotation_control_selected = p[27] & 0x03;
        c->current_write_speed_selected = mmc_get_be16(p + 28);
        c->speed_count = mmc_get_be16(p + 30);
        n = (size - 32) / 4;
        if (n > c->speed_count)
            n = c->speed_count;
        if (n > MMC_MAX_CAPABILITIES_SPEEDS)
            n = MMC_MAX_CAPABILITIES_SPEEDS;
        for (i = 0; i < n; i++)
        {
            c->speeds[i].rotation_control = p[32 + i * 4 + 1] & 0x03;
            c->speeds[i].write_speed = mmc_get_be16(p + 32 + i * 4 + 2);
        }
        c->speeds_present = n;
    }
    return MMC_OK;
}

int mmc_parse_write_params_page(const struct mmc_mode_page *page, struct mmc_write_params *w)
{
    const uint8_t *p;

    memset(w, 0, sizeof(*w));
    if (!page || !page->data || page->code != MMC_MODE_PAGE_WRITE_PARAMETERS)
        return MMC_ERR_PARAMETER;
    p = page->data;
    if (page->size < 16)
        return MMC_ERR_SHORT;
    w->buffer_underrun_free = !!(p[2] & 0x40);
    w->link_size_valid = !!(p[2] & 0x20);
    w->test_write = !!(p[2] & 0x10);
    w->write_type = p[2] & 0x0f;
    w->multi_session = p[3] >> 6;
    w->fixed_packet = !!(p[3] & 0x20);
    w->copy = !!(p[3] & 0x10);
    w->track_mode = p[3] & 0x0f;
    w->data_block_type = p[4] & 0x0f;
    w->link_size = p[5];
    w->host_application_code = p[7] & 0x3f;
    w->session_format = p[8];
    w->packet_size = mmc_get_be32(p + 10);
    w->audio_pause_length = mmc_get_be16(p + 14);
    return MMC_OK;
}

/* ---- GET EVENT STATUS NOTIFICATION ---- */

int mmc_parse_media_event(const uint8_t *buf, uint32_t len, struct mmc_media_event *e)
{
    uint32_t valid;

    memset(e, 0, sizeof(*e));
    if (!buf || len < 4)
        return MMC_ERR_SHORT;
    e->descriptor_length = mmc_get_be16(buf);
    e->no_event_available = !!(buf[2] & 0x80);
    e->notification_class = buf[2] & 0x07;
    e->supported_classes = buf[3];
    if (e->no_event_available || e->notification_class != MMC_EVENT_CLASS_MEDIA)
        return MMC_ERR_NOT_FOUND;
    valid = min_u32(len, (uint32_t)e->descriptor_length + 2);
    if (valid < 8)
        return MMC_ERR_SHORT;
    e->event_code = buf[4] & 0x0f;
    e->media_present = !!(buf[5] & 0x02);
    e->tray_open = !!(buf[5] & 0x01);
    e->start_slot = buf[6];
    e->end_slot = buf[7];
    return MMC_OK;
}

/* ---- GET PERFORMANCE ---- */

int mmc_write_speed_count(const uint8_t *buf, uint32_t len)
{
    uint32_t data_length, valid;

    if (!buf || len < 8)
        return MMC_ERR_SHORT;
    data_length = mmc_get_be32(buf);
    valid = data_length > len - 4 ? len : data_length + 4;
    if (valid < 8)
        return MMC_ERR_INVALID;
    return (valid - 8) / 16;
}

int mmc_get_write_speed(const uint8_t *buf, uint32_t len, unsigned int index, struct mmc_write_speed_descriptor *d)
{
    const uint8_t *p;
    int count;

    memset(d, 0, sizeof(*d));
    if ((count = mmc_write_speed_count(buf, len)) < 0)
        return count;
    if (index >= (unsigned int)count)
        return MMC_ERR_NOT_FOUND;
    p = buf + 8 + index * 16;
    d->write_rotation_control = (p[0] >> 3) & 0x03;
    d->restore_defaults = !!(p[0] & 0x04);
    d->exact = !!(p[0] & 0x02);
    d->mixed_read_write = !!(p[0] & 0x01);
    d->end_lba = mmc_get_be32(p + 4);
    d->read_speed = mmc_get_be32(p + 8);
    d->write_speed = mmc_get_be32(p + 12);
    return MMC_OK;
}

/* ---- READ BUFFER CAPACITY ---- */

int mmc_parse_buffer_capacity(const uint8_t *buf, uint32_t len, bool block, struct mmc_buffer_capacity *cap)
{
    uint32_t valid;

    memset(cap, 0, sizeof(*cap));
    if (!buf || len < 2)
        return MMC_ERR_SHORT;
    cap->data_length = mmc_get_be16(buf);
    valid = min_u32(len, (uint32_t)cap->data_length + 2);
    if (valid < 12)
        return MMC_ERR_SHORT;
    cap->block = block;
    if (block)
    {
        /* MMC-6 6.25.3: the Block bit echoes in byte 3. */
        if (!(buf[3] & 0x01))
            return MMC_ERR_INVALID;
        cap->available = mmc_get_be32(buf + 8);
    }
    else
    {
        cap->buffer_length = mmc_get_be32(buf + 4);
        cap->available = mmc_get_be32(buf + 8);
    }
    return MMC_OK;
}

/* ---- profiles ---- */

bool mmc_profile_is_cd(uint16_t profile)
{
    return profile >= MMC_PROFILE_CD_ROM && profile <= MMC_PROFILE_CD_RW;
}

bool mmc_profile_is_dvd(uint16_t profile)
{
    return (profile >= MMC_PROFILE_DVD_ROM && profile <= MMC_PROFILE_DVD_PLUS_R)
            || profile == MMC_PROFILE_DVD_PLUS_RW_DL || profile == MMC_PROFILE_DVD_PLUS_R_DL;
}

bool mmc_profile_is_bd(uint16_t profile)
{
    return profile >= MMC_PROFILE_BD_ROM && profile <= MMC_PROFILE_BD_RE;
}

bool mmc_profile_accepts_invisible_track(uint16_t profile)
{
    return mmc_profile_is_cd(profile) || profile == MMC_PROFILE_DVD_PLUS_R || profile == MMC_PROFILE_DVD_PLUS_R_DL;
}

/* ---- executor and drive functions ---- */

unsigned int mmc_command_timeout(uint8_t opcode)
{
    switch (opcode)
    {
    case MMC_WRITE_10:
    case MMC_WRITE_12:
    case MMC_WRITE_AND_VERIFY_10:
    case MMC_RESERVE_TRACK:
    case MMC_CLOSE_TRACK_SESSION:
    case MMC_BLANK:
    case MMC_FORMAT_UNIT:
    case MMC_SEND_OPC_INFORMATION:
    case MMC_SYNCHRONIZE_CACHE:
    case MMC_SEND_CUE_SHEET:
        return MMC_TIMEOUT_LONG;
    case MMC_START_STOP_UNIT:
    case MMC_LOAD_UNLOAD_MEDIUM:
        return MMC_TIMEOUT_LOAD;
    default:
        return MMC_TIMEOUT_DEFAULT;
    }
}

void mmc_command_init(struct mmc_command *cmd, const uint8_t *cdb, unsigned int cdb_len,
        enum mmc_direction direction, void *data, uint32_t length)
{
    memset(cmd, 0, sizeof(*cmd));
    if (cdb_len > sizeof(cmd->cdb))
        cdb_len = sizeof(cmd->cdb);
    memcpy(cmd->cdb, cdb, cdb_len);
    cmd->cdb_len = cdb_len;
    cmd->direction = direction;
    cmd->data = data;
    cmd->length = length;
    cmd->timeout = mmc_command_timeout(cdb[0]);
}

int32_t mmc_status_to_hresult(uint8_t status)
{
    switch (status)
    {
    case MMC_STATUS_GOOD:
    case MMC_STATUS_CONDITION_MET:
        return MMC_S_OK;
    case MMC_STATUS_BUSY:
    case MMC_STATUS_TASK_SET_FULL:
        return E_IMAPI_RECORDER_MEDIA_BUSY;
    case MMC_STATUS_RESERVATION_CONFLICT:
        return E_IMAPI_RECORDER_LOCKED;
    default:
        /* CHECK CONDITION included: what went wrong is in the sense data. */
        return E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE;
    }
}

static bool reads_whole_blocks(uint8_t opcode)
{
    switch (opcode)
    {
    case MMC_READ_10:
    case MMC_READ_12:
    case MMC_READ_CD:
    case MMC_READ_CD_MSF:
        return true;
    default:
        return false;
    }
}

bool mmc_command_lost(const struct mmc_command *cmd)
{
    if (cmd->status != MMC_STATUS_GOOD && cmd->status != MMC_STATUS_CONDITION_MET)
        return false;
    if (cmd->direction == MMC_DIR_NONE || !cmd->length)
        return false;
    if (cmd->direction == MMC_DIR_TO_DEVICE || reads_whole_blocks(cmd->cdb[0]))
        return cmd->transferred < cmd->length;
    /* Other replies may be shorter than the allocation length, never empty. */
    return !cmd->transferred;
}

bool mmc_command_drive_busy(const struct mmc_command *cmd)
{
    struct mmc_sense sense;

    if (cmd->status == MMC_STATUS_BUSY || cmd->status == MMC_STATUS_TASK_SET_FULL)
        return true;
    if (cmd->status != MMC_STATUS_CHECK_CONDITION)
        return false;
    if (mmc_parse_sense(cmd->sense, min_u32(cmd->sense_length, sizeof(cmd->sense)), &sense) || !sense.valid)
        return false;
    return sense.key == SENSE_KEY_NOT_READY && sense.asc == SENSE_ASC_NOT_READY
            && (sense.ascq == SENSE_ASCQ_NOT_READY_BECOMING_READY
            || sense.ascq == SENSE_ASCQ_NOT_READY_LONG_WRITE_IN_PROGRESS);
}

bool mmc_opcode_needs_ready(uint8_t opcode)
{
    switch (opcode)
    {
    case MMC_INQUIRY:
    case MMC_REQUEST_SENSE:
    case MMC_GET_CONFIGURATION:
    case MMC_GET_EVENT_STATUS_NOTIFICATION:
    case MMC_MODE_SENSE_10:
    case MMC_MODE_SELECT_10:
    case MMC_MECHANISM_STATUS:
        return false;
    default:
        return true;
    }
}

int32_t mmc_execute(const struct mmc_device *dev, struct mmc_command *cmd, struct mmc_sense *sense_out)
{
    unsigned int attentions = 0, lost = 0;
    struct mmc_sense sense;
    bool reset = false;
    int32_t hr;

    if (sense_out)
        memset(sense_out, 0, sizeof(*sense_out));
    if (!dev || !dev->execute || !cmd)
        return E_IMAPI_RECORDER_REQUIRED;

    for (;;)
    {
        memset(&sense, 0, sizeof(sense));
        if (sense_out)
        {
            memset(sense_out, 0, sizeof(*sense_out));
            sense_out->reset = reset;
        }
        cmd->status = MMC_STATUS_GOOD;
        cmd->transferred = 0;
        cmd->sense_length = 0;
        memset(cmd->sense, 0, sizeof(cmd->sense));

        if ((hr = dev->execute(dev->ctx, cmd)) < 0)
        {
            cmd->transferred = 0;
            return hr;
        }
        if (cmd->transferred > cmd->length)
            cmd->transferred = cmd->length;
        if (cmd->sense_length > sizeof(cmd->sense))
            cmd->sense_length = sizeof(cmd->sense);

        if (mmc_command_lost(cmd))
        {
            if (lost++ < MMC_LOST_COMMAND_RETRIES)
                continue;
            cmd->transferred = 0;
            return E_IMAPI_RECORDER_COMMAND_TIMEOUT;
        }

        switch (cmd->status)
        {
        case MMC_STATUS_CHECK_CONDITION:
            mmc_parse_sense(cmd->sense, cmd->sense_length, &sense);
            if (sense_out)
            {
                *sense_out = sense;
                sense_out->reset = reset;
            }
            if (!sense.valid)
                return E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE;
            /* A unit attention reports an event, not a failure of this command:
             * the repeated command normally succeeds (SPC-4 5.9). */
            if (sense.key == SENSE_KEY_UNIT_ATTENTION && attentions++ < 2
                    && mmc_sense_disposition(&sense) == MMC_DISPOSITION_RETRY)
            {
                if (sense.asc == SENSE_ASC_POWER_ON_RESET) reset = true;
                continue;
            }
            return mmc_command_sense_to_hresult(cmd->cdb[0], &sense);
        default:
            return mmc_status_to_hresult(cmd->status);
        }
    }
}

static int32_t run_no_data(const struct mmc_device *dev, const uint8_t *cdb, unsigned int cdb_len,
        struct mmc_sense *sense)
{
    struct mmc_command cmd;

    mmc_command_init(&cmd, cdb, cdb_len, MMC_DIR_NONE, NULL, 0);
    return mmc_execute(dev, &cmd, sense);
}

static int32_t run_in(const struct mmc_device *dev, const uint8_t *cdb, unsigned int cdb_len, void *data,
        uint32_t length, uint32_t *transferred)
{
    struct mmc_command cmd;
    int32_t hr;

    mmc_command_init(&cmd, cdb, cdb_len, MMC_DIR_FROM_DEVICE, data, length);
    hr = mmc_execute(dev, &cmd, NULL);
    *transferred = hr >= 0 ? cmd.transferred : 0;
    return hr;
}

int32_t mmc_run_in(const struct mmc_device *dev, const uint8_t *cdb, unsigned int cdb_len, void *data,
        uint32_t length, uint32_t *transferred)
{
    if (length)
        memset(data, 0, length);
    return run_in(dev, cdb, cdb_len, data, length, transferred);
}

int32_t mmc_run_out(const struct mmc_device *dev, const uint8_t *cdb, unsigned int cdb_len, void *data,
        uint32_t length)
{
    struct mmc_command cmd;

    mmc_command_init(&cmd, cdb, cdb_len, data ? MMC_DIR_TO_DEVICE : MMC_DIR_NONE, data, data ? length : 0);
    return mmc_execute(dev, &cmd, NULL);
}

int32_t mmc_drive_test_unit_ready(const struct mmc_device *dev, struct mmc_sense *sense)
{
    uint8_t cdb[16];
    unsigned int n = mmc_build_test_unit_ready(cdb);

    return run_no_data(dev, cdb, n, sense);
}

int32_t mmc_drive_start_stop(const struct mmc_device *dev, bool immediate, uint8_t action)
{
    uint8_t cdb[16];
    unsigned int n = mmc_build_start_stop_unit(cdb, immediate, action);

    return run_no_data(dev, cdb, n, NULL);
}

int32_t mmc_drive_prevent_allow(const struct mmc_device *dev, bool prevent)
{
    uint8_t cdb[16];
    unsigned int n = mmc_build_prevent_allow(cdb, prevent, false);

    return run_no_data(dev, cdb, n, NULL);
}

int32_t mmc_drive_inquiry(const struct mmc_device *dev, struct mmc_inquiry *inq)
{
    uint8_t cdb[16], buf[96];
    uint32_t got;
    unsigned int n;
    int32_t hr;

    memset(inq, 0, sizeof(*inq));
    memset(buf, 0, sizeof(buf));
    n = mmc_build_inquiry(cdb, sizeof(buf));
    if ((hr = run_in(dev, cdb, n, buf, sizeof(buf), &got)) < 0)
        return hr;
    if (mmc_parse_inquiry(buf, got, inq))
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    return MMC_S_OK;
}

/* Reads a reply whose first length_size bytes give the length of the rest.
 * The first request asks for first_alloc bytes, so a reply that fits takes
 * one command; a longer one is asked for again with the announced length,
 * repeated while it keeps growing (Microsoft's DeviceGetConfigurationWithAlloc).
 * Every request is clamped to max_alloc and to what the transport moves in one
 * command: a drive announcing more gets a truncated reply, not a failure. */
typedef unsigned int (*build_alloc_fn)(uint8_t cdb[16], const void *args, uint16_t alloc);

static int32_t two_pass(const struct mmc_device *dev, build_alloc_fn build, const void *args,
        unsigned int length_size, uint32_t first_alloc, uint32_t max_alloc, uint8_t **data, uint32_t *len)
{
    uint32_t limit = max_alloc, want, got;
    uint8_t cdb[16], *buf = NULL, *tmp;
    unsigned int attempt, n;
    uint64_t reported;
    int32_t hr;

    *data = NULL;
    *len = 0;
    if (dev && dev->max_transfer >= length_size && dev->max_transfer < limit)
        limit = dev->max_transfer;
    want = first_alloc < length_size ? length_size : min_u32(first_alloc, limit);

    for (attempt = 0;; attempt++)
    {
        if (!(tmp = realloc(buf, want)))
        {
            free(buf);
            return MMC_E_OUTOFMEMORY;
        }
        buf = tmp;
        memset(buf, 0, want);
        n = build(cdb, args, want);
        if ((hr = run_in(dev, cdb, n, buf, want, &got)) < 0)
        {
            free(buf);
            return hr;
        }
        if (got < length_size)
        {
            free(buf);
            return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
        }
        reported = (length_size == 4 ? mmc_get_be32(buf) : mmc_get_be16(buf)) + (uint64_t)length_size;
        /* ATAPI cannot always tell how much really moved: trust the smaller. */
        if (reported <= got)
        {
            got = reported;
            break;
        }
        /* Less than asked for is all there is; past the limit we cannot ask;
         * still growing after four tries, keep what we have. */
        if (got < want || want >= limit || attempt == 4)
            break;
        want = reported < limit ? reported : limit;
    }
    *data = buf;
    *len = got;
    return MMC_S_OK;
}

struct config_args
{
    uint8_t rt;
    uint16_t start;
};

static unsigned int build_config(uint8_t cdb[16], const void *args, uint16_t alloc)
{
    const struct config_args *a = args;

    return mmc_build_get_configuration(cdb, a->rt, a->start, alloc);
}

int32_t mmc_drive_get_configuration(const struct mmc_device *dev, uint8_t rt, uint16_t start_feature,
        uint8_t **data, uint32_t *len)
{
    return mmc_drive_get_configuration_alloc(dev, rt, start_feature, 8, data, len);
}

int32_t mmc_drive_get_configuration_alloc(const struct mmc_device *dev, uint8_t rt, uint16_t start_feature,
        uint32_t first_alloc, uint8_t **data, uint32_t *len)
{
    struct config_args args = {rt, start_feature};
    struct mmc_config_header header;
    int32_t hr;

    /* The header is needed in any case. */
    if (first_alloc < 8)
        first_alloc = 8;
    if ((hr = two_pass(dev, build_config, &args, 4, first_alloc, MMC_CONFIG_MAX_LENGTH, data, len)) < 0)
        return hr;
    if (mmc_parse_config_header(*data, *len, &header))
    {
        free(*data);
        *data = NULL;
        *len = 0;
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    }
    return hr;
}

int32_t mmc_drive_current_profile(const struct mmc_device *dev, uint16_t *profile)
{
    struct mmc_config_header header;
    uint8_t cdb[16], buf[8];
    uint32_t got;
    unsigned int n;
    int32_t hr;

    *profile = MMC_PROFILE_NONE;
    memset(buf, 0, sizeof(buf));
    n = mmc_build_get_configuration(cdb, MMC_CONFIG_RT_CURRENT, MMC_FEATURE_PROFILE_LIST, sizeof(buf));
    if ((hr = run_in(dev, cdb, n, buf, sizeof(buf), &got)) < 0)
        return hr;
    if (mmc_parse_config_header(buf, got, &header))
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    *profile = header.current_profile;
    return MMC_S_OK;
}

static unsigned int build_disc_info(uint8_t cdb[16], const void *args, uint16_t alloc)
{
    (void)args;
    return mmc_build_read_disc_info(cdb, MMC_DISC_INFO_DATA_STANDARD, alloc);
}

int32_t mmc_drive_disc_info_data(const struct mmc_device *dev, uint8_t **data, uint32_t *len)
{
    return two_pass(dev, build_disc_info, NULL, 2, 2, 0xffff, data, len);
}

struct track_args
{
    enum mmc_track_address type;
    uint32_t number;
};

static unsigned int build_track_info(uint8_t cdb[16], const void *args, uint16_t alloc)
{
    const struct track_args *a = args;

    return mmc_build_read_track_info(cdb, a->type, a->number, alloc);
}

int32_t mmc_drive_track_info_data(const struct mmc_device *dev, enum mmc_track_address type, uint32_t number,
        uint8_t **data, uint32_t *len)
{
    struct track_args args = {type, number};

    return two_pass(dev, build_track_info, &args, 2, 2, 0xffff, data, len);
}

struct mode_args
{
    uint8_t page;
    uint8_t page_control;
};

static unsigned int build_mode_sense(uint8_t cdb[16], const void *args, uint16_t alloc)
{
    const struct mode_args *a = args;

    return mmc_build_mode_sense(cdb, a->page, a->page_control, true, alloc);
}

int32_t mmc_drive_mode_sense_data(const struct mmc_device *dev, uint8_t page, uint8_t page_control,
        uint8_t **data, uint32_t *len)
{
    struct mode_args args = {page, page_control};

    /* Some drives reject an allocation below the mode parameter header. */
    return two_pass(dev, build_mode_sense, &args, 2, MMC_MODE_HEADER_LENGTH, 0xffff, data, len);
}

struct toc_args
{
    uint8_t format;
    bool msf;
    uint8_t number;
};

static unsigned int build_toc(uint8_t cdb[16], const void *args, uint16_t alloc)
{
    const struct toc_args *a = args;

    return mmc_build_read_toc(cdb, a->format, a->msf, a->number, alloc);
}

int32_t mmc_drive_toc_data(const struct mmc_device *dev, uint8_t format, bool msf, uint8_t track_session,
        uint8_t **data, uint32_t *len)
{
    struct toc_args args = {format, msf, track_session};

    return two_pass(dev, build_toc, &args, 2, 4, 0xffff, data, len);
}

struct disc_structure_args
{
    uint8_t media_type;
    uint32_t address;
    uint8_t layer;
    uint8_t format;
    uint8_t agid;
};

static unsigned int build_disc_structure(uint8_t cdb[16], const void *args, uint16_t alloc)
{
    const struct disc_structure_args *a = args;

    return mmc_build_read_disc_structure(cdb, a->media_type, a->address, a->layer, a->format, alloc, a->agid);
}

int32_t mmc_drive_disc_structure_data(const struct mmc_device *dev, uint8_t media_type, uint32_t address,
        uint8_t layer, uint8_t format, uint8_t agid, uint8_t **data, uint32_t *len)
{
    struct disc_structure_args args = {media_type, address, layer, format, agid};
    int32_t hr;

    if ((hr = two_pass(dev, build_disc_structure, &args, 2, MMC_DISC_STRUCTURE_HEADER_LENGTH, 0xffff,
            data, len)) < 0)
        return hr;
    if (*len < MMC_DISC_STRUCTURE_HEADER_LENGTH)
    {
        free(*data);
        *data = NULL;
        *len = 0;
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    }
    return hr;
}

int32_t mmc_drive_read_disc_info(const struct mmc_device *dev, bool msf_addresses, struct mmc_disc_info *info)
{
    uint8_t *data;
    uint32_t len;
    int32_t hr;

    memset(info, 0, sizeof(*info));
    if ((hr = mmc_drive_disc_info_data(dev, &data, &len)) < 0)
        return hr;
    if (mmc_parse_disc_info(data, len, msf_addresses, info))
        hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    free(data);
    return hr;
}

int32_t mmc_drive_read_track_info(const struct mmc_device *dev, enum mmc_track_address type, uint32_t number,
        struct mmc_track_info *info)
{
    struct track_args args = {type, number};
    uint8_t *data;
    uint32_t len;
    int32_t hr;

    memset(info, 0, sizeof(*info));
    /* The reply has a fixed size (48 bytes in MMC-6): one command asks for it all. */
    if ((hr = two_pass(dev, build_track_info, &args, 2, MMC_TRACK_INFO_ALLOC, 0xffff, &data, &len)) < 0)
        return hr;
    if (mmc_parse_track_info(data, len, info))
        hr = E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    free(data);
    return hr;
}

int32_t mmc_drive_read_session_info(const struct mmc_device *dev, struct mmc_session_info *info)
{
    uint8_t cdb[16], buf[12];
    uint32_t got;
    unsigned int n;
    int32_t hr;

    memset(info, 0, sizeof(*info));
    memset(buf, 0, sizeof(buf));
    n = mmc_build_read_toc(cdb, MMC_TOC_FORMAT_SESSION_INFO, false, 0, sizeof(buf));
    if ((hr = run_in(dev, cdb, n, buf, sizeof(buf), &got)) < 0)
        return hr;
    if (mmc_parse_session_info(buf, got, false, info))
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    return MMC_S_OK;
}

int32_t mmc_drive_read_invisible_track(const struct mmc_device *dev, uint16_t profile,
        const struct mmc_disc_info *disc, struct mmc_track_info *info)
{
    uint32_t track;

    if (mmc_profile_accepts_invisible_track(profile))
        track = MMC_INVISIBLE_TRACK;
    else if (disc && disc->last_track_last_session)
        track = disc->last_track_last_session;
    else
        track = 1;
    return mmc_drive_read_track_info(dev, MMC_TRACK_ADDRESS_TRACK, track, info);
}

int32_t mmc_drive_mode_page(const struct mmc_device *dev, uint8_t page, uint8_t page_control,
        uint8_t **data, uint32_t *len)
{
    struct mmc_mode_page found;
    uint8_t *reply, *copy;
    uint32_t reply_len;
    int32_t hr;

    *data = NULL;
    *len = 0;
    if ((hr = mmc_drive_mode_sense_data(dev, page, page_control, &reply, &reply_len)) < 0)
        return hr;
    if (mmc_find_mode_page(reply, reply_len, page, &found) || found.size < 2)
    {
        free(reply);
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    }
    if (!(copy = malloc(found.size)))
    {
        free(reply);
        return MMC_E_OUTOFMEMORY;
    }
    memcpy(copy, found.data, found.size);
    free(reply);
    *data = copy;
    *len = found.size;
    return MMC_S_OK;
}

int32_t mmc_drive_read_capacity(const struct mmc_device *dev, struct mmc_capacity *capacity)
{
    uint8_t cdb[16], buf[8];
    uint32_t got;
    unsigned int n;
    int32_t hr;

    memset(capacity, 0, sizeof(*capacity));
    memset(buf, 0, sizeof(buf));
    n = mmc_build_read_capacity(cdb);
    if ((hr = run_in(dev, cdb, n, buf, sizeof(buf), &got)) < 0)
        return hr;
    if (mmc_parse_read_capacity(buf, got, capacity))
        return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
    return MMC_S_OK;
}
