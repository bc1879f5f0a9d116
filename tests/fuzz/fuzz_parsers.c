/*
 * libFuzzer target: every MMC reply parser on hostile input
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

/* The first byte picks the parser, the rest is the reply. libFuzzer hands
 * over a buffer of exactly that size, so AddressSanitizer sees any read past
 * the reply; the checks below also catch results that escape the buffer. */

#include <stdlib.h>
#include <string.h>

#include "mmc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(x) do { if (!(x)) abort(); } while (0)

static bool inside(const uint8_t *buf, uint32_t len, const uint8_t *p, uint32_t n)
{
    return p >= buf && p <= buf + len && n <= (uint32_t)(buf + len - p);
}

static void fuzz_config(const uint8_t *buf, uint32_t len)
{
    struct mmc_profile_descriptor profiles[8];
    struct mmc_incremental_streaming_feature inc;
    struct mmc_removable_medium_feature removable;
    struct mmc_write_feature write;
    struct mmc_random_feature random;
    struct mmc_core_feature core;
    struct mmc_config_header header;
    struct mmc_feature feature;
    uint32_t offset = 0, last = 0;
    unsigned int count;
    bool bit;

    if (mmc_parse_config_header(buf, len, &header) == MMC_OK)
        require(header.valid_length <= len);
    while (mmc_next_feature(buf, len, &offset, &feature) == MMC_OK)
    {
        require(offset > last);
        last = offset;
        require(inside(buf, len, feature.data, feature.additional_length));
        mmc_parse_profile_list(&feature, profiles, 8, &count);
        mmc_parse_core_feature(&feature, &core);
        mmc_parse_removable_medium_feature(&feature, &removable);
        mmc_parse_random_readable_feature(&feature, &random);
        mmc_parse_random_writable_feature(&feature, &random);
        mmc_parse_incremental_streaming_feature(&feature, &inc);
        mmc_parse_write_feature(&feature, &write);
        mmc_parse_feature_write_bit(&feature, &bit);
    }
    if (len >= 3 && mmc_find_feature(buf, len, mmc_get_be16(buf + len - 2), &feature) == MMC_OK)
        require(inside(buf, len, feature.data, feature.additional_length));
}

static void fuzz_mode(const uint8_t *buf, uint32_t len)
{
    static const uint8_t codes[] =
    {
        MMC_MODE_PAGE_ERROR_RECOVERY, MMC_MODE_PAGE_WRITE_PARAMETERS, MMC_MODE_PAGE_POWER_CONDITION,
        MMC_MODE_PAGE_CAPABILITIES, 0x00,
    };
    struct mmc_capabilities_page caps;
    struct mmc_write_params params;
    struct mmc_mode_header header;
    struct mmc_mode_page page;
    unsigned int i;

    if (mmc_parse_mode_header(buf, len, &header) == MMC_OK)
        require(header.valid_length <= len);
    for (i = 0; i < sizeof(codes); i++)
    {
        if (mmc_find_mode_page(buf, len, codes[i], &page) != MMC_OK)
            continue;
        require(inside(buf, len, page.data, page.size));
        mmc_parse_capabilities_page(&page, &caps);
        require(caps.speeds_present <= MMC_MAX_CAPABILITIES_SPEEDS);
        mmc_parse_write_params_page(&page, &params);
    }
}

static void fuzz_toc(const uint8_t *buf, uint32_t len)
{
    struct mmc_full_toc_entry entry;
    struct mmc_session_info session;
    struct mmc_toc_header header;
    struct mmc_toc_track track;
    struct mmc_atip atip;
    int i, count;
    int32_t lba;

    mmc_parse_toc_header(buf, len, &header);
    count = mmc_toc_track_count(buf, len);
    for (i = 0; i < count; i++)
    {
        require(mmc_get_toc_track(buf, len, false, i, &track) == MMC_OK);
        require(mmc_get_toc_track(buf, len, true, i, &track) == MMC_OK);
    }
    require(count < 0 || mmc_get_toc_track(buf, len, false, count, &track) == MMC_ERR_NOT_FOUND);
    count = mmc_full_toc_entry_count(buf, len);
    for (i = 0; i < count; i++)
    {
        require(mmc_get_full_toc_entry(buf, len, i, &entry) == MMC_OK);
        mmc_full_toc_entry_lba(&entry);
        mmc_full_toc_next_program_area(&entry, &lba);
    }
    mmc_parse_session_info(buf, len, false, &session);
    mmc_parse_session_info(buf, len, true, &session);
    mmc_parse_atip(buf, len, &atip);
}

static void fuzz_misc(const uint8_t *buf, uint32_t len, unsigned int which)
{
    struct mmc_write_speed_descriptor speed;
    struct mmc_format_capacities formats;
    struct mmc_buffer_capacity buffer;
    struct mmc_media_event event;
    struct mmc_track_info track;
    struct mmc_capacity capacity;
    struct mmc_disc_info disc;
    struct mmc_inquiry inquiry;
    struct mmc_sense sense;
    struct mmc_msf msf;
    char serial[24];
    int i, count;

    switch (which)
    {
    case 0:
        if (mmc_parse_inquiry(buf, len, &inquiry) == MMC_OK)
            require(strlen(inquiry.vendor) == 8 && strlen(inquiry.product) == 16 && strlen(inquiry.revision) == 4);
        mmc_parse_unit_serial_number(buf, len, serial, sizeof(serial));
        require(strlen(serial) < sizeof(serial));
        break;
    case 1:
        if (mmc_parse_disc_info(buf, len, false, &disc) == MMC_OK)
            require(disc.opc_tables_present <= disc.opc_table_count && 34 + disc.opc_tables_present * 8 <= len);
        mmc_parse_disc_info(buf, len, true, &disc);
        break;
    case 2:
        if (mmc_parse_track_info(buf, len, &track) == MMC_OK)
            require(len >= 28 && (!track.has_layer_jump || len >= 48));
        break;
    case 3:
        mmc_parse_read_capacity(buf, len, &capacity);
        if (mmc_parse_format_capacities(buf, len, &formats) == MMC_OK)
            require(12 + formats.count * 8 <= len && formats.count <= MMC_MAX_FORMAT_DESCRIPTORS);
        break;
    case 4:
        mmc_parse_media_event(buf, len, &event);
        mmc_parse_buffer_capacity(buf, len, false, &buffer);
        mmc_parse_buffer_capacity(buf, len, true, &buffer);
        break;
    case 5:
        count = mmc_write_speed_count(buf, len);
        for (i = 0; i < count; i++)
            require(mmc_get_write_speed(buf, len, i, &speed) == MMC_OK);
        break;
    case 6:
        if (mmc_parse_sense(buf, len, &sense) == MMC_OK)
        {
            mmc_sense_to_hresult(&sense);
            mmc_sense_disposition(&sense);
            require(mmc_sense_text(sense.key, sense.asc, sense.ascq) != NULL);
        }
        break;
    case 7:
        if (len >= 4)
        {
            int32_t lba = (int32_t)mmc_get_be32(buf);

            if (mmc_lba_to_msf(lba, &msf))
                require(mmc_msf_to_lba(msf.minute, msf.second, msf.frame) == lba);
            mmc_msf_to_lba(buf[0], buf[1], buf[2]);
        }
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *buf;
    uint32_t len;

    if (!size || size > 0x20000)
        return 0;
    buf = data + 1;
    len = size - 1;
    switch (data[0] % 11)
    {
    case 0: fuzz_config(buf, len); break;
    case 1: fuzz_mode(buf, len); break;
    case 2: fuzz_toc(buf, len); break;
    default: fuzz_misc(buf, len, data[0] % 11 - 3); break;
    }
    return 0;
}
