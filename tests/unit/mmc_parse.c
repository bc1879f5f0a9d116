/*
 * Unit tests of the MMC layer: reply parsers
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

/* The replies are laid out by hand from the MMC-6 tables, every field set to
 * a value that tells it apart from its neighbours. Truncated replies are
 * copied into buffers of exactly their length, so that a read past the end
 * shows up under AddressSanitizer. */

#include <stdlib.h>
#include <string.h>

#include "mmc.h"
#include "wine/test.h"

static uint8_t *copy_exact(const uint8_t *buf, uint32_t len)
{
    uint8_t *ret = malloc(len ? len : 1);

    memcpy(ret, buf, len);
    return ret;
}

static void test_inquiry(void)
{
    static const uint8_t reply[36] =
    {
        0x05, 0x80, 0x05, 0x32, 0x1f, 0x00, 0x00, 0x00,
        'V', 'E', 'N', 'D', 'O', 'R', '0', '1',
        'P', 'R', 'O', 'D', 'U', 'C', 'T', '-', 'N', 'A', 'M', 'E', '-', '0', '1', '6',
        'R', '3', 'V', '4',
    };
    struct mmc_inquiry inq;
    uint8_t buf[36];
    uint32_t len;
    int ret;

    ret = mmc_parse_inquiry(reply, sizeof(reply), &inq);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(inq.peripheral_qualifier == 0, "Got qualifier %u.\n", inq.peripheral_qualifier);
    ok(inq.device_type == MMC_PERIPHERAL_TYPE_MMC, "Got type %u.\n", inq.device_type);
    ok(inq.removable, "Not removable.\n");
    ok(inq.version == 5, "Got version %u.\n", inq.version);
    ok(inq.response_data_format == 2, "Got format %u.\n", inq.response_data_format);
    ok(inq.additional_length == 31, "Got additional length %u.\n", inq.additional_length);
    ok(!strcmp(inq.vendor, "VENDOR01"), "Got vendor \"%s\".\n", inq.vendor);
    ok(!strcmp(inq.product, "PRODUCT-NAME-016"), "Got product \"%s\".\n", inq.product);
    ok(!strcmp(inq.revision, "R3V4"), "Got revision \"%s\".\n", inq.revision);

    for (len = 0; len < sizeof(reply); len++)
    {
        uint8_t *p = copy_exact(reply, len);

        ret = mmc_parse_inquiry(p, len, &inq);
        ok(ret == MMC_ERR_SHORT, "Length %u: got %d.\n", len, ret);
        ok(!inq.vendor[0] && !inq.product[0], "Length %u: identity filled.\n", len);
        free(p);
    }

    /* The additional length says the reply ends before the revision. */
    memcpy(buf, reply, sizeof(buf));
    buf[4] = 0x1e;
    ret = mmc_parse_inquiry(buf, sizeof(buf), &inq);
    ok(ret == MMC_ERR_SHORT, "Got %d.\n", ret);
    /* ... or far more than came: what came is enough. */
    buf[4] = 0xff;
    ret = mmc_parse_inquiry(buf, sizeof(buf), &inq);
    ok(ret == MMC_OK, "Got %d.\n", ret);

    /* Control characters are not passed on. */
    buf[8] = 0x00;
    buf[9] = 0x0a;
    buf[31] = 0xff;
    buf[0] = 0x7f;
    ret = mmc_parse_inquiry(buf, sizeof(buf), &inq);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(!strcmp(inq.vendor, "  NDOR01"), "Got vendor \"%s\".\n", inq.vendor);
    ok(!strcmp(inq.product, "PRODUCT-NAME-01 "), "Got product \"%s\".\n", inq.product);
    ok(inq.peripheral_qualifier == 3 && inq.device_type == 0x1f, "Got %u/%#x.\n", inq.peripheral_qualifier,
            inq.device_type);
}

static void test_unit_serial_number(void)
{
    static const uint8_t reply[12] = {0x05, 0x80, 0x00, 0x08, 'S', 'N', '1', '2', '3', '4', '5', '6'};
    char serial[32];
    uint8_t buf[12];
    int ret;

    ret = mmc_parse_unit_serial_number(reply, sizeof(reply), serial, sizeof(serial));
    ok(ret == MMC_OK && !strcmp(serial, "SN123456"), "Got %d \"%s\".\n", ret, serial);
    ret = mmc_parse_unit_serial_number(reply, sizeof(reply), serial, 4);
    ok(ret == MMC_OK && !strcmp(serial, "SN1"), "Got %d \"%s\".\n", ret, serial);
    ret = mmc_parse_unit_serial_number(reply, 6, serial, sizeof(serial));
    ok(ret == MMC_OK && !strcmp(serial, "SN"), "Got %d \"%s\".\n", ret, serial);
    ret = mmc_parse_unit_serial_number(reply, 3, serial, sizeof(serial));
    ok(ret == MMC_ERR_SHORT && !serial[0], "Got %d \"%s\".\n", ret, serial);
    memcpy(buf, reply, sizeof(buf));
    buf[1] = 0x83;
    ret = mmc_parse_unit_serial_number(buf, sizeof(buf), serial, sizeof(serial));
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);
    buf[1] = 0x80;
    buf[3] = 0x02;
    ret = mmc_parse_unit_serial_number(buf, sizeof(buf), serial, sizeof(serial));
    ok(ret == MMC_OK && !strcmp(serial, "SN"), "Got %d \"%s\".\n", ret, serial);
}

/* A GET CONFIGURATION reply of a DVD writer with a DVD-R loaded. */
static const uint8_t config_reply[] =
{
    /* header: data length 0x84 (136), current profile 0011h */
    0x00, 0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x11,
    /* 8: 0000h Profile List, persistent + current, 3 profiles */
    0x00, 0x00, 0x03, 0x0c,
    0x00, 0x11, 0x01, 0x00,
    0x00, 0x1b, 0x00, 0x00,
    0x00, 0x09, 0x00, 0x00,
    /* 24: 0001h Core, version 2: ATAPI, DBE + INQ2 */
    0x00, 0x01, 0x0b, 0x08,
    0x00, 0x00, 0x00, 0x02, 0x03, 0x00, 0x00, 0x00,
    /* 36: 0003h Removable Medium: tray, eject, lock */
    0x00, 0x03, 0x03, 0x04,
    0x29, 0x00, 0x00, 0x00,
    /* 44: 0010h Random Readable: 2048, blocking 16, PP */
    0x00, 0x10, 0x01, 0x08,
    0x00, 0x00, 0x08, 0x00, 0x00, 0x10, 0x01, 0x00,
    /* 56: 0020h Random Writable, version 1, not current */
    0x00, 0x20, 0x04, 0x0c,
    0x00, 0x23, 0x05, 0xbf, 0x00, 0x00, 0x08, 0x00, 0x00, 0x20, 0x01, 0x00,
    /* 72: 0021h Incremental Streaming, version 1, current: 2 link sizes */
    0x00, 0x21, 0x05, 0x08,
    0x01, 0x00, 0x07, 0x02, 0x07, 0x10, 0x00, 0x00,
    /* 84: 002Dh CD TAO, version 2, current */
    0x00, 0x2d, 0x09, 0x04,
    0x46, 0x00, 0x0a, 0x0b,
    /* 92: 002Eh CD Mastering */
    0x00, 0x2e, 0x01, 0x04,
    0x2c, 0x01, 0x02, 0x03,
    /* 100: 002Fh DVD-R/-RW Write */
    0x00, 0x2f, 0x05, 0x04,
    0x4e, 0x00, 0x00, 0x00,
    /* 108: 002Bh DVD+R, write bit */
    0x00, 0x2b, 0x01, 0x04,
    0x01, 0x00, 0x00, 0x00,
    /* 116: FF01h vendor, 3 bytes */
    0xff, 0x01, 0x01, 0x03,
    0xaa, 0xbb, 0xcc,
    /* 123: 0107h Real Time Streaming */
    0x01, 0x07, 0x01, 0x04,
    0x1f, 0x00, 0x00, 0x00,
    /* 131: 0004h Write Protect, empty */
    0x00, 0x04, 0x02, 0x00,
    /* 135: 0102h Embedded Changer, empty; ends at 139 */
    0x01, 0x02, 0x00, 0x00,
};

static const struct
{
    uint16_t code;
    uint32_t end;
    bool current;
    bool persistent;
    uint8_t version;
}
config_features[] =
{
    {0x0000, 24, true, true, 0},
    {0x0001, 36, true, true, 2},
    {0x0003, 44, true, true, 0},
    {0x0010, 56, true, false, 0},
    {0x0020, 72, false, false, 1},
    {0x0021, 84, true, false, 1},
    {0x002d, 92, true, false, 2},
    {0x002e, 100, true, false, 0},
    {0x002f, 108, true, false, 1},
    {0x002b, 116, true, false, 0},
    {0xff01, 123, true, false, 0},
    {0x0107, 131, true, false, 0},
    {0x0004, 135, false, true, 0},
    {0x0102, 139, false, false, 0},
};

static void test_config_walk(void)
{
    struct mmc_config_header header;
    struct mmc_feature feature;
    uint32_t offset, len, i;
    int ret;

    ok(sizeof(config_reply) == 139, "Reply is %u bytes.\n", (unsigned int)sizeof(config_reply));
    ret = mmc_parse_config_header(config_reply, sizeof(config_reply), &header);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(header.data_length == 0x84, "Got data length %u.\n", header.data_length);
    ok(header.current_profile == MMC_PROFILE_DVD_R_SEQUENTIAL, "Got profile %#x.\n", header.current_profile);
    ok(header.valid_length == 136, "Got valid length %u.\n", header.valid_length);

    /* The header says 136 bytes: the last feature (at 135..139) is outside. */
    offset = 0;
    for (i = 0; i < 13; i++)
    {
        ret = mmc_next_feature(config_reply, sizeof(config_reply), &offset, &feature);
        ok(ret == MMC_OK, "Feature %u: got %d.\n", i, ret);
        ok(feature.code == config_features[i].code, "Feature %u: code %#x.\n", i, feature.code);
        ok(feature.current == config_features[i].current, "Feature %u: current %d.\n", i, feature.current);
        ok(feature.persistent == config_features[i].persistent, "Feature %u: persistent %d.\n", i,
                feature.persistent);
        ok(feature.version == config_features[i].version, "Feature %u: version %u.\n", i, feature.version);
        ok(offset == config_features[i].end, "Feature %u: next offset %u.\n", i, offset);
    }
    ret = mmc_next_feature(config_reply, sizeof(config_reply), &offset, &feature);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);

    /* Every truncation: exactly the features that fit are seen. */
    for (len = 0; len <= sizeof(config_reply); len++)
    {
        uint8_t *p = copy_exact(config_reply, len);
        unsigned int count = 0, expect = 0;

        for (i = 0; i < 13; i++)
            if (config_features[i].end <= len)
                expect++;
        offset = 0;
        while (!(ret = mmc_next_feature(p, len, &offset, &feature)))
            count++;
        ok(count == expect, "Length %u: %u features, expected %u.\n", len, count, expect);
        ok(ret == (len < 8 ? MMC_ERR_SHORT : MMC_ERR_NOT_FOUND), "Length %u: walk ended with %d.\n", len, ret);
        ret = mmc_find_feature(p, len, MMC_FEATURE_REAL_TIME_STREAMING, &feature);
        ok(ret == (len >= 131 ? MMC_OK : len < 8 ? MMC_ERR_SHORT : MMC_ERR_NOT_FOUND), "Length %u: find gave %d.\n",
                len, ret);
        free(p);
    }
}

static void test_config_lying(void)
{
    struct mmc_config_header header;
    struct mmc_feature feature;
    uint8_t buf[sizeof(config_reply)];
    uint32_t offset;
    int ret;

    /* The header claims only the profile list: nothing after it is looked at. */
    memcpy(buf, config_reply, sizeof(buf));
    buf[3] = 20;
    ret = mmc_find_feature(buf, sizeof(buf), MMC_FEATURE_PROFILE_LIST, &feature);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ret = mmc_find_feature(buf, sizeof(buf), MMC_FEATURE_CORE, &feature);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);
    /* The header cuts the core feature in half: pretend it never came. */
    buf[3] = 26;
    ret = mmc_find_feature(buf, sizeof(buf), MMC_FEATURE_CORE, &feature);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);

    /* A header claiming 4 GiB walks only what arrived. */
    buf[0] = buf[1] = buf[2] = buf[3] = 0xff;
    ret = mmc_parse_config_header(buf, sizeof(buf), &header);
    ok(ret == MMC_OK && header.valid_length == sizeof(buf), "Got %d, valid length %u.\n", ret,
            header.valid_length);
    ret = mmc_find_feature(buf, sizeof(buf), 0x0102, &feature);
    ok(ret == MMC_OK && feature.additional_length == 0, "Got %d.\n", ret);
    ret = mmc_find_feature(buf, sizeof(buf), 0x0103, &feature);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);

    /* Data length below the header's own 4 bytes. */
    memcpy(buf, config_reply, sizeof(buf));
    buf[3] = 3;
    ret = mmc_parse_config_header(buf, sizeof(buf), &header);
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);

    /* A standard feature whose length is not a multiple of 4 ends the walk. */
    memcpy(buf, config_reply, sizeof(buf));
    buf[39] = 5;
    offset = 0;
    ret = mmc_next_feature(buf, sizeof(buf), &offset, &feature);
    ok(ret == MMC_OK && feature.code == 0, "Got %d.\n", ret);
    ret = mmc_next_feature(buf, sizeof(buf), &offset, &feature);
    ok(ret == MMC_OK && feature.code == 1, "Got %d.\n", ret);
    ret = mmc_next_feature(buf, sizeof(buf), &offset, &feature);
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);
    ret = mmc_find_feature(buf, sizeof(buf), MMC_FEATURE_RANDOM_READABLE, &feature);
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);
    ret = mmc_find_feature(buf, sizeof(buf), MMC_FEATURE_CORE, &feature);
    ok(ret == MMC_OK, "Got %d.\n", ret);

    /* A feature length of 252 running past the end. */
    memcpy(buf, config_reply, sizeof(buf));
    buf[11] = 0xfc;
    ret = mmc_find_feature(buf, sizeof(buf), MMC_FEATURE_PROFILE_LIST, &feature);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);
}

static void test_config_features(void)
{
    struct mmc_incremental_streaming_feature inc;
    struct mmc_removable_medium_feature removable;
    struct mmc_profile_descriptor profiles[2];
    struct mmc_write_feature write;
    struct mmc_random_feature random;
    struct mmc_core_feature core;
    struct mmc_feature feature;
    unsigned int count;
    bool bit;
    int ret;

    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_PROFILE_LIST, &feature);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ret = mmc_parse_profile_list(&feature, profiles, 2, &count);
    ok(ret == MMC_OK && count == 3, "Got %d, count %u.\n", ret, count);
    ok(profiles[0].profile == MMC_PROFILE_DVD_R_SEQUENTIAL && profiles[0].current, "Got %#x %d.\n",
            profiles[0].profile, profiles[0].current);
    ok(profiles[1].profile == MMC_PROFILE_DVD_PLUS_R && !profiles[1].current, "Got %#x %d.\n",
            profiles[1].profile, profiles[1].current);

    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_CORE, &feature);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ret = mmc_parse_core_feature(&feature, &core);
    ok(ret == MMC_OK && core.physical_interface == 2 && core.device_busy_event && core.inquiry2,
            "Got %d %u %d %d.\n", ret, core.physical_interface, core.device_busy_event, core.inquiry2);
    ret = mmc_parse_profile_list(&feature, profiles, 2, &count);
    ok(ret == MMC_ERR_PARAMETER, "Profile list parsed from the core feature: %d.\n", ret);

    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_REMOVABLE_MEDIUM, &feature);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ret = mmc_parse_removable_medium_feature(&feature, &removable);
    ok(ret == MMC_OK && removable.loading_mechanism == MMC_LOADING_TRAY && removable.eject && removable.lock
            && !removable.load && !removable.prevent_jumper, "Got %d %u.\n", ret, removable.loading_mechanism);

    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_RANDOM_READABLE, &feature);
    ret = mmc_parse_random_readable_feature(&feature, &random);
    ok(ret == MMC_OK && random.logical_block_size == 2048 && random.blocking == 16 && random.page_present,
            "Got %d %u %u.\n", ret, random.logical_block_size, random.blocking);

    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_RANDOM_WRITABLE, &feature);
    ok(ret == MMC_OK && !feature.current, "Got %d %d.\n", ret, feature.current);
    ret = mmc_parse_random_writable_feature(&feature, &random);
    ok(ret == MMC_OK && random.last_lba == 0x002305bf && random.logical_block_size == 2048
            && random.blocking == 32 && random.page_present, "Got %d %#x %u %u.\n", ret, random.last_lba,
            random.logical_block_size, random.blocking);

    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_INCREMENTAL_STREAMING_WRITABLE, &feature);
    ret = mmc_parse_incremental_streaming_feature(&feature, &inc);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(inc.data_block_types == 0x0100, "Got data block types %#x.\n", inc.data_block_types);
    ok(inc.track_resources_info && inc.address_mode_reservation && inc.buffer_underrun_free, "Flags wrong.\n");
    ok(inc.link_size_count == 2 && inc.link_sizes[0] == 7 && inc.link_sizes[1] == 16, "Got %u link sizes.\n",
            inc.link_size_count);

    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_CD_TRACK_AT_ONCE, &feature);
    ret = mmc_parse_write_feature(&feature, &write);
    ok(ret == MMC_OK && write.buffer_underrun_free && write.test_write && write.rewritable && !write.sao
            && write.data_type_supported == 0x0a0b, "Got %d %#x.\n", ret, write.data_type_supported);

    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_CD_MASTERING, &feature);
    ret = mmc_parse_write_feature(&feature, &write);
    ok(ret == MMC_OK && !write.buffer_underrun_free && write.sao && write.raw && write.test_write
            && !write.rewritable && write.max_cue_sheet_length == 0x010203, "Got %d %#x.\n", ret,
            write.max_cue_sheet_length);

    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_DVD_MINUS_R_RW_WRITE, &feature);
    ret = mmc_parse_write_feature(&feature, &write);
    ok(ret == MMC_OK && write.buffer_underrun_free && write.dual_layer && write.test_write && write.rewritable,
            "Got %d.\n", ret);

    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_DVD_PLUS_R, &feature);
    ret = mmc_parse_feature_write_bit(&feature, &bit);
    ok(ret == MMC_OK && bit, "Got %d %d.\n", ret, bit);

    /* The vendor feature keeps its odd length. */
    ret = mmc_find_feature(config_reply, sizeof(config_reply), 0xff01, &feature);
    ok(ret == MMC_OK && feature.additional_length == 3 && feature.data[2] == 0xcc, "Got %d.\n", ret);

    /* Payload parsers refuse descriptors too short for their fields. */
    ret = mmc_find_feature(config_reply, sizeof(config_reply), MMC_FEATURE_WRITE_PROTECT, &feature);
    ok(ret == MMC_OK && !feature.current && feature.persistent && !feature.additional_length, "Got %d.\n", ret);
    feature.code = MMC_FEATURE_RANDOM_WRITABLE;
    feature.additional_length = 8;
    feature.data = config_reply + 60;
    ret = mmc_parse_random_writable_feature(&feature, &random);
    ok(ret == MMC_ERR_SHORT, "Got %d.\n", ret);
    feature.code = MMC_FEATURE_INCREMENTAL_STREAMING_WRITABLE;
    feature.additional_length = 4;
    feature.data = config_reply + 76;
    ret = mmc_parse_incremental_streaming_feature(&feature, &inc);
    ok(ret == MMC_ERR_SHORT && !inc.link_size_count, "Link sizes read past the feature: %d.\n", ret);
    feature.code = MMC_FEATURE_PROFILE_LIST;
    feature.additional_length = 6;
    ret = mmc_parse_profile_list(&feature, profiles, 2, &count);
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);
}

static const uint8_t disc_info_reply[42] =
{
    0x00, 0x28, 0x15, 0x01, 0x02, 0x03, 0x05, 0xf6,
    0x20, 0x01, 0x02, 0x03, 0xde, 0xad, 0xbe, 0xef,
    0x00, 0x61, 0x0f, 0x23, 0x00, 0x4f, 0x3b, 0x4a,
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
    0x55, 0x01,
    0x00, 0x2a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
};

static void test_disc_info(void)
{
    struct mmc_disc_info info;
    uint8_t buf[42];
    uint32_t len;
    int ret;

    ret = mmc_parse_disc_info(disc_info_reply, sizeof(disc_info_reply), true, &info);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(info.length == 40, "Got length %u.\n", info.length);
    ok(info.data_type == 0, "Got data type %u.\n", info.data_type);
    ok(info.erasable, "Not erasable.\n");
    ok(info.last_session_state == MMC_SESSION_STATE_INCOMPLETE, "Got state %u.\n", info.last_session_state);
    ok(info.disc_status == MMC_DISC_STATUS_INCOMPLETE, "Got status %u.\n", info.disc_status);
    ok(info.first_track == 1, "Got first track %u.\n", info.first_track);
    ok(info.sessions == 0x0102, "Got sessions %#x.\n", info.sessions);
    ok(info.first_track_last_session == 0x0203, "Got first track %#x.\n", info.first_track_last_session);
    ok(info.last_track_last_session == 0x0305, "Got last track %#x.\n", info.last_track_last_session);
    ok(info.disc_id_valid && info.disc_bar_code_valid && info.unrestricted_use && info.disc_application_code_valid
            && info.dirty, "Byte 7 flags wrong.\n");
    ok(info.bg_format_status == MMC_BG_FORMAT_IN_PROGRESS, "Got BG format %u.\n", info.bg_format_status);
    ok(info.disc_type == MMC_SESSION_FORMAT_CDROM_XA, "Got disc type %#x.\n", info.disc_type);
    ok(info.disc_id == 0xdeadbeef, "Got disc id %#x.\n", info.disc_id);
    ok(info.last_session_lead_in == -12490, "Got lead-in %d.\n", info.last_session_lead_in);
    ok(info.last_possible_lead_out == 359849, "Got lead-out %d.\n", info.last_possible_lead_out);
    ok(info.disc_bar_code[0] == 1 && info.disc_bar_code[7] == 8, "Bar code wrong.\n");
    ok(info.disc_application_code == 0x55, "Got application code %#x.\n", info.disc_application_code);
    ok(info.opc_table_count == 1 && info.opc_tables_present == 1, "Got %u/%u OPC tables.\n",
            info.opc_tables_present, info.opc_table_count);

    ret = mmc_parse_disc_info(disc_info_reply, sizeof(disc_info_reply), false, &info);
    ok(ret == MMC_OK && info.last_session_lead_in == 0x00610f23 && info.last_possible_lead_out == 0x004f3b4a,
            "Got %d %#x %#x.\n", ret, info.last_session_lead_in, info.last_possible_lead_out);

    for (len = 0; len <= sizeof(disc_info_reply); len++)
    {
        uint8_t *p = copy_exact(disc_info_reply, len);

        ret = mmc_parse_disc_info(p, len, true, &info);
        if (len < 34)
            ok(ret == MMC_ERR_SHORT && !info.sessions, "Length %u: got %d.\n", len, ret);
        else
            ok(ret == MMC_OK && info.opc_tables_present == (len == 42), "Length %u: got %d, %u OPC tables.\n", len,
                    ret, info.opc_tables_present);
        free(p);
    }

    for (len = 0; len < 8; len++)
    {
        uint8_t bit = 1 << len;

        memcpy(buf, disc_info_reply, sizeof(buf));
        buf[7] = bit;
        buf[2] = bit & 0x1f;
        ret = mmc_parse_disc_info(buf, sizeof(buf), true, &info);
        ok(ret == MMC_OK, "Bit %u: got %d.\n", len, ret);
        ok(info.erasable == (len == 4), "Bit %u: erasable %d.\n", len, info.erasable);
        ok(info.last_session_state == ((bit >> 2) & 3), "Bit %u: state %u.\n", len, info.last_session_state);
        ok(info.disc_status == (bit & 3), "Bit %u: status %u.\n", len, info.disc_status);
        ok(info.disc_id_valid == (len == 7) && info.disc_bar_code_valid == (len == 6)
                && info.unrestricted_use == (len == 5) && info.disc_application_code_valid == (len == 4)
                && info.dirty == (len == 2), "Bit %u: byte 7 flags wrong.\n", len);
        ok(info.bg_format_status == (bit & 3), "Bit %u: BG format %u.\n", len, info.bg_format_status);
    }

    memcpy(buf, disc_info_reply, sizeof(buf));
    buf[1] = 0x10;
    ret = mmc_parse_disc_info(buf, sizeof(buf), true, &info);
    ok(ret == MMC_ERR_SHORT, "A length of 18 was accepted: %d.\n", ret);
    buf[0] = 0xff;
    buf[1] = 0xff;
    buf[33] = 200;
    ret = mmc_parse_disc_info(buf, sizeof(buf), true, &info);
    ok(ret == MMC_OK && info.opc_table_count == 200 && info.opc_tables_present == 1, "Got %d, %u OPC tables.\n", ret,
            info.opc_tables_present);
    buf[2] = 0x20 | 0x0e;
    ret = mmc_parse_disc_info(buf, sizeof(buf), true, &info);
    ok(ret == MMC_ERR_INVALID, "Track resources data taken as standard: %d.\n", ret);
}

static const uint8_t track_info_reply[48] =
{
    0x00, 0x2e, 0x02, 0x03, 0x00, 0x75, 0xf1, 0x03,
    0x00, 0x00, 0x11, 0x11, 0x00, 0x00, 0x22, 0x22,
    0x00, 0x03, 0x33, 0x33, 0x00, 0x00, 0x00, 0x10,
    0x00, 0x04, 0x44, 0x44, 0x00, 0x00, 0x55, 0x55,
    0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x66, 0x66,
    0x00, 0x00, 0x77, 0x77, 0x00, 0x00, 0x88, 0x88,
};

static void test_track_info(void)
{
    /* A finalized CD-RW track, as a libburn log shows a real drive sending it. */
    static const uint8_t cdrw[36] =
    {
        0x00, 0x22, 0x01, 0x01, 0x00, 0x04, 0x01, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x85, 0x81, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
    };
    struct mmc_track_info info;
    uint8_t buf[48];
    uint32_t len;
    int ret;

    ret = mmc_parse_track_info(track_info_reply, sizeof(track_info_reply), &info);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(info.length == 46, "Got length %u.\n", info.length);
    ok(info.track == 0x0102, "Got track %#x.\n", info.track);
    ok(info.session == 0x0203, "Got session %#x.\n", info.session);
    ok(info.layer_jump_recording_status == 1, "Got LJRS %u.\n", info.layer_jump_recording_status);
    ok(info.damage && info.copy, "Damage/copy wrong.\n");
    ok(info.track_mode == MMC_TRACK_MODE_DATA_INCREMENTAL, "Got track mode %u.\n", info.track_mode);
    ok(info.reserved_track && info.blank && info.packet && info.fixed_packet, "Byte 6 flags wrong.\n");
    ok(info.data_mode == 1, "Got data mode %u.\n", info.data_mode);
    ok(info.lra_valid && info.nwa_valid, "Byte 7 flags wrong.\n");
    ok(info.start_address == 0x1111, "Got start %#x.\n", info.start_address);
    ok(info.next_writable_address == 0x2222, "Got NWA %#x.\n", info.next_writable_address);
    ok(info.free_blocks == 0x33333, "Got free %#x.\n", info.free_blocks);
    ok(info.fixed_packet_size == 16, "Got packet size %u.\n", info.fixed_packet_size);
    ok(info.track_size == 0x44444, "Got size %#x.\n", info.track_size);
    ok(info.has_last_recorded_address && info.last_recorded_address == 0x5555, "Got LRA %#x.\n",
            info.last_recorded_address);
    ok(info.has_read_compatibility_lba && info.read_compatibility_lba == 0x6666, "Got RC LBA %#x.\n",
            info.read_compatibility_lba);
    ok(info.has_layer_jump && info.next_layer_jump_address == 0x7777 && info.last_layer_jump_address == 0x8888,
            "Got jumps %#x %#x.\n", info.next_layer_jump_address, info.last_layer_jump_address);

    for (len = 0; len <= sizeof(track_info_reply); len++)
    {
        uint8_t *p = copy_exact(track_info_reply, len);

        ret = mmc_parse_track_info(p, len, &info);
        if (len < 28)
        {
            ok(ret == MMC_ERR_SHORT, "Length %u: got %d.\n", len, ret);
        }
        else
        {
            ok(ret == MMC_OK, "Length %u: got %d.\n", len, ret);
            ok(info.has_last_recorded_address == (len >= 32), "Length %u: LRA present %d.\n", len,
                    info.has_last_recorded_address);
            ok(info.track == (len >= 34 ? 0x0102 : 0x02), "Length %u: track %#x.\n", len, info.track);
            ok(info.has_read_compatibility_lba == (len >= 40), "Length %u: RC LBA present.\n", len);
            ok(info.has_layer_jump == (len >= 48), "Length %u: layer jump present.\n", len);
        }
        free(p);
    }

    /* A reply that claims 28 bytes but delivers 48: the tail is not used. */
    memcpy(buf, track_info_reply, sizeof(buf));
    buf[1] = 26;
    ret = mmc_parse_track_info(buf, sizeof(buf), &info);
    ok(ret == MMC_OK && !info.has_last_recorded_address && info.track == 2, "Got %d.\n", ret);
    buf[1] = 25;
    ret = mmc_parse_track_info(buf, sizeof(buf), &info);
    ok(ret == MMC_ERR_SHORT, "Got %d.\n", ret);
    /* Blank media NWA of -150 from some drives comes through signed. */
    memcpy(buf, track_info_reply, sizeof(buf));
    buf[12] = buf[13] = buf[14] = 0xff;
    buf[15] = 0x6a;
    ret = mmc_parse_track_info(buf, sizeof(buf), &info);
    ok(ret == MMC_OK && info.next_writable_address == -150, "Got %d.\n", info.next_writable_address);

    /* One bit at a time, so that no two flags can be swapped unnoticed. */
    for (len = 0; len < 8; len++)
    {
        uint8_t bit = 1 << len;

        memcpy(buf, track_info_reply, sizeof(buf));
        buf[5] = buf[6] = buf[7] = bit;
        ret = mmc_parse_track_info(buf, sizeof(buf), &info);
        ok(ret == MMC_OK, "Bit %u: got %d.\n", len, ret);
        ok(info.layer_jump_recording_status == bit >> 6, "Bit %u: LJRS %u.\n", len, info.layer_jump_recording_status);
        ok(info.damage == (len == 5) && info.copy == (len == 4), "Bit %u: damage/copy wrong.\n", len);
        ok(info.track_mode == (bit & 0x0f), "Bit %u: track mode %u.\n", len, info.track_mode);
        ok(info.reserved_track == (len == 7) && info.blank == (len == 6) && info.packet == (len == 5)
                && info.fixed_packet == (len == 4), "Bit %u: byte 6 flags wrong.\n", len);
        ok(info.data_mode == (bit & 0x0f), "Bit %u: data mode %u.\n", len, info.data_mode);
        ok(info.lra_valid == (len == 1) && info.nwa_valid == (len == 0), "Bit %u: byte 7 flags wrong.\n", len);
    }

    ret = mmc_parse_track_info(cdrw, sizeof(cdrw), &info);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(info.track == 1 && info.session == 1 && info.track_mode == 4 && info.data_mode == 1, "Got %u %u %u %u.\n",
            info.track, info.session, info.track_mode, info.data_mode);
    ok(!info.nwa_valid && !info.lra_valid && !info.blank, "Flags wrong.\n");
    ok(info.start_address == 0 && info.track_size == 34177, "Got %d %u.\n", info.start_address, info.track_size);
    ok(info.has_last_recorded_address && !info.has_read_compatibility_lba, "Optional fields wrong.\n");
}

static void test_toc(void)
{
    static const uint8_t toc_lba[28] =
    {
        0x00, 0x1a, 0x01, 0x02,
        0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x14, 0x02, 0x00, 0x00, 0x00, 0x4e, 0x20,
        0x00, 0x16, 0xaa, 0x00, 0x00, 0x00, 0x4e, 0xd8,
    };
    static const uint8_t toc_msf[20] =
    {
        0x00, 0x12, 0x01, 0x01,
        0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00,
        0x00, 0x14, 0xaa, 0x00, 0x00, 0x04, 0x1e, 0x34,
    };
    struct mmc_toc_header header;
    struct mmc_toc_track track;
    uint8_t buf[28];
    uint32_t len;
    int ret;

    ret = mmc_parse_toc_header(toc_lba, sizeof(toc_lba), &header);
    ok(ret == MMC_OK && header.length == 26 && header.first == 1 && header.last == 2 && header.valid_length == 28,
            "Got %d %u %u %u.\n", ret, header.length, header.first, header.last);
    ok(mmc_toc_track_count(toc_lba, sizeof(toc_lba)) == 3, "Got %d.\n", mmc_toc_track_count(toc_lba, 28));
    ret = mmc_get_toc_track(toc_lba, sizeof(toc_lba), false, 1, &track);
    ok(ret == MMC_OK && track.adr == 1 && track.control == 4 && track.track == 2 && track.address == 20000,
            "Got %d %u %u %u %d.\n", ret, track.adr, track.control, track.track, track.address);
    ret = mmc_get_toc_track(toc_lba, sizeof(toc_lba), false, 2, &track);
    ok(ret == MMC_OK && track.track == MMC_TOC_LEAD_OUT_TRACK && track.control == 6 && track.address == 20184,
            "Got %d %#x %d.\n", ret, track.track, track.address);
    ret = mmc_get_toc_track(toc_lba, sizeof(toc_lba), false, 3, &track);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);

    ret = mmc_get_toc_track(toc_msf, sizeof(toc_msf), true, 0, &track);
    ok(ret == MMC_OK && track.address == 0 && track.msf.second == 2, "Got %d %d.\n", ret, track.address);
    ret = mmc_get_toc_track(toc_msf, sizeof(toc_msf), true, 1, &track);
    ok(ret == MMC_OK && track.address == 20152 && track.msf.minute == 4 && track.msf.second == 30
            && track.msf.frame == 52, "Got %d %d.\n", ret, track.address);

    for (len = 0; len <= sizeof(toc_lba); len++)
    {
        uint8_t *p = copy_exact(toc_lba, len);
        int count = mmc_toc_track_count(p, len);

        if (len < 4)
            ok(count == MMC_ERR_SHORT, "Length %u: got %d.\n", len, count);
        else
            ok(count == (int)(len - 4) / 8, "Length %u: got %d.\n", len, count);
        ret = mmc_get_toc_track(p, len, false, 2, &track);
        ok(ret == (len == 28 ? MMC_OK : len < 4 ? MMC_ERR_SHORT : MMC_ERR_NOT_FOUND), "Length %u: got %d.\n", len, ret);
        free(p);
    }

    memcpy(buf, toc_lba, sizeof(buf));
    buf[1] = 10;
    ok(mmc_toc_track_count(buf, sizeof(buf)) == 1, "Got %d.\n", mmc_toc_track_count(buf, sizeof(buf)));
    buf[1] = 1;
    ok(mmc_toc_track_count(buf, sizeof(buf)) == MMC_ERR_INVALID, "Got %d.\n", mmc_toc_track_count(buf, 28));
    buf[0] = 0xff;
    buf[1] = 0xff;
    ok(mmc_toc_track_count(buf, sizeof(buf)) == 3, "Got %d.\n", mmc_toc_track_count(buf, 28));
}

static void test_session_info(void)
{
    static const uint8_t reply[12] = {0x00, 0x0a, 0x01, 0x02, 0x00, 0x14, 0x03, 0x00, 0x00, 0x00, 0x7b, 0x40};
    static const uint8_t reply_msf[12] = {0x00, 0x0a, 0x01, 0x02, 0x00, 0x14, 0x03, 0x00, 0x00, 0x07, 0x02, 0x34};
    struct mmc_session_info info;
    uint32_t len;
    int ret;

    ret = mmc_parse_session_info(reply, sizeof(reply), false, &info);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(info.first_session == 1 && info.last_session == 2, "Got sessions %u-%u.\n", info.first_session,
            info.last_session);
    ok(info.adr == 1 && info.control == 4, "Got ADR/CTL %u/%u.\n", info.adr, info.control);
    ok(info.first_track_last_session == 3, "Got track %u.\n", info.first_track_last_session);
    ok(info.start_address == 31552, "Got start %d.\n", info.start_address);
    ret = mmc_parse_session_info(reply_msf, sizeof(reply_msf), true, &info);
    ok(ret == MMC_OK && info.start_address == 31552, "Got %d %d.\n", ret, info.start_address);

    for (len = 0; len < sizeof(reply); len++)
    {
        uint8_t *p = copy_exact(reply, len);

        ret = mmc_parse_session_info(p, len, false, &info);
        ok(ret == MMC_ERR_SHORT, "Length %u: got %d.\n", len, ret);
        free(p);
    }
}

static const uint8_t full_toc_reply[59] =
{
    0x00, 0x39, 0x01, 0x01,
    /* A0: first track 1, disc type 20h */
    0x01, 0x14, 0x00, 0xa0, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x00,
    /* A1: last track 1 */
    0x01, 0x14, 0x00, 0xa1, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
    /* A2: lead-out at 04:30:52 = 20152 */
    0x01, 0x14, 0x00, 0xa2, 0x00, 0x00, 0x00, 0x00, 0x04, 0x1e, 0x34,
    /* track 1 at 00:02:00 */
    0x01, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
    /* B0 (ADR 5): next program area 07:02:52 = 31552, maximum lead-out 79:59:74 */
    0x01, 0x54, 0x00, 0xb0, 0x07, 0x02, 0x34, 0x03, 0x4f, 0x3b, 0x4a,
};

static void test_full_toc(void)
{
    struct mmc_full_toc_entry entry;
    uint32_t len;
    int32_t lba;
    int ret;

    ok(mmc_full_toc_entry_count(full_toc_reply, sizeof(full_toc_reply)) == 5, "Got %d.\n",
            mmc_full_toc_entry_count(full_toc_reply, sizeof(full_toc_reply)));
    ret = mmc_get_full_toc_entry(full_toc_reply, sizeof(full_toc_reply), 0, &entry);
    ok(ret == MMC_OK && entry.session == 1 && entry.adr == 1 && entry.control == 4 && entry.point == 0xa0
            && entry.pminute == 1 && entry.psecond == MMC_SESSION_FORMAT_CDROM_XA, "Got %d %#x.\n", ret, entry.point);
    ret = mmc_get_full_toc_entry(full_toc_reply, sizeof(full_toc_reply), 2, &entry);
    ok(ret == MMC_OK && entry.point == MMC_TOC_POINT_LEAD_OUT && mmc_full_toc_entry_lba(&entry) == 20152,
            "Got %d %d.\n", ret, mmc_full_toc_entry_lba(&entry));
    ok(!mmc_full_toc_next_program_area(&entry, &lba), "A2 taken as B0.\n");
    ret = mmc_get_full_toc_entry(full_toc_reply, sizeof(full_toc_reply), 3, &entry);
    ok(ret == MMC_OK && entry.point == 1 && mmc_full_toc_entry_lba(&entry) == 0, "Got %d.\n", ret);
    ret = mmc_get_full_toc_entry(full_toc_reply, sizeof(full_toc_reply), 4, &entry);
    ok(ret == MMC_OK && entry.adr == 5 && entry.point == MMC_TOC_POINT_NEXT_PROGRAM_AREA && entry.zero == 3,
            "Got %d.\n", ret);
    ok(mmc_full_toc_next_program_area(&entry, &lba) && lba == 31552, "Got %d.\n", lba);
    ok(mmc_full_toc_entry_lba(&entry) == 359849, "Got %d.\n", mmc_full_toc_entry_lba(&entry));
    entry.minute = entry.second = entry.frame = 0xff;
    ok(!mmc_full_toc_next_program_area(&entry, &lba), "FF:FF:FF gave an area.\n");
    ret = mmc_get_full_toc_entry(full_toc_reply, sizeof(full_toc_reply), 5, &entry);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);

    for (len = 0; len <= sizeof(full_toc_reply); len++)
    {
        uint8_t *p = copy_exact(full_toc_reply, len);
        int count = mmc_full_toc_entry_count(p, len);

        ok(count == (len < 4 ? MMC_ERR_SHORT : (int)(len - 4) / 11), "Length %u: got %d.\n", len, count);
        if (count > 0)
        {
            ret = mmc_get_full_toc_entry(p, len, count - 1, &entry);
            ok(ret == MMC_OK, "Length %u: got %d.\n", len, ret);
        }
        free(p);
    }
}

static void test_atip(void)
{
    static const uint8_t reply[28] =
    {
        0x00, 0x1a, 0x00, 0x00,
        0xd2, 0x40, 0xdd, 0x00, 0x61, 0x0f, 0x23, 0x00, 0x4f, 0x3b, 0x4a, 0x00,
        0x11, 0x22, 0x33, 0x00, 0x44, 0x55, 0x66, 0x00, 0x77, 0x88, 0x99, 0x00,
    };
    struct mmc_atip atip;
    uint32_t len;
    int ret;

    ret = mmc_parse_atip(reply, sizeof(reply), &atip);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(atip.indicative_target_writing_power == 5 && atip.reference_speed == 2, "Got %u %u.\n",
            atip.indicative_target_writing_power, atip.reference_speed);
    ok(atip.unrestricted_use && atip.rewritable && atip.disc_subtype == 3, "Got %d %d %u.\n", atip.unrestricted_use,
            atip.rewritable, atip.disc_subtype);
    ok(atip.a1_valid && !atip.a2_valid && atip.a3_valid, "A flags wrong.\n");
    ok(atip.lead_in_start == -12490 && atip.lead_in_msf.minute == 97, "Got %d.\n", atip.lead_in_start);
    ok(atip.last_possible_lead_out == 359849 && atip.last_lead_out_msf.frame == 74, "Got %d.\n",
            atip.last_possible_lead_out);

    for (len = 0; len < 15; len++)
    {
        uint8_t *p = copy_exact(reply, len);

        ret = mmc_parse_atip(p, len, &atip);
        ok(ret == MMC_ERR_SHORT, "Length %u: got %d.\n", len, ret);
        free(p);
    }
    ret = mmc_parse_atip(reply, 15, &atip);
    ok(ret == MMC_OK && atip.last_possible_lead_out == 359849, "Got %d.\n", ret);
}

static void test_capacities(void)
{
    static const uint8_t capacity[8] = {0x00, 0x04, 0xe8, 0xa7, 0x00, 0x00, 0x08, 0x00};
    static const uint8_t formats[28] =
    {
        0x00, 0x00, 0x00, 0x18,
        0x00, 0x23, 0x05, 0xc0, 0x02, 0x00, 0x08, 0x00,
        0x00, 0x23, 0x05, 0xc0, 0x98, 0x00, 0x00, 0x00,
        0x00, 0x11, 0x22, 0x33, 0xc5, 0x00, 0x00, 0x01,
    };
    struct mmc_format_capacities caps;
    struct mmc_capacity cap;
    uint8_t buf[28];
    uint32_t len;
    int ret;

    ret = mmc_parse_read_capacity(capacity, sizeof(capacity), &cap);
    ok(ret == MMC_OK && cap.last_lba == 0x0004e8a7 && cap.block_length == 2048, "Got %d %#x %u.\n", ret,
            cap.last_lba, cap.block_length);
    ret = mmc_parse_read_capacity(capacity, 7, &cap);
    ok(ret == MMC_ERR_SHORT, "Got %d.\n", ret);

    ret = mmc_parse_format_capacities(formats, sizeof(formats), &caps);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(caps.list_length == 24, "Got list length %u.\n", caps.list_length);
    ok(caps.current.blocks == 0x002305c0 && caps.current.type == MMC_CAPACITY_FORMATTED
            && caps.current.parameter == 2048, "Current descriptor wrong.\n");
    ok(caps.count == 2, "Got %u descriptors.\n", caps.count);
    ok(caps.formattable[0].blocks == 0x002305c0 && caps.formattable[0].type == MMC_FORMAT_TYPE_DVD_PLUS_RW_FULL
            && caps.formattable[0].subtype == 0, "First descriptor wrong.\n");
    ok(caps.formattable[1].blocks == 0x00112233 && caps.formattable[1].type == MMC_FORMAT_TYPE_BD_RE_NO_SPARES
            && caps.formattable[1].subtype == 1 && caps.formattable[1].parameter == 1, "Second descriptor wrong.\n");

    for (len = 0; len <= sizeof(formats); len++)
    {
        uint8_t *p = copy_exact(formats, len);

        ret = mmc_parse_format_capacities(p, len, &caps);
        if (len < 12)
            ok(ret == MMC_ERR_SHORT, "Length %u: got %d.\n", len, ret);
        else
            ok(ret == MMC_OK && caps.count == (len - 12) / 8, "Length %u: got %d, %u.\n", len, ret, caps.count);
        free(p);
    }

    memcpy(buf, formats, sizeof(buf));
    buf[3] = 0xf8;
    ret = mmc_parse_format_capacities(buf, sizeof(buf), &caps);
    ok(ret == MMC_OK && caps.count == 2, "Got %d, %u.\n", ret, caps.count);
    buf[3] = 0x0c;
    ret = mmc_parse_format_capacities(buf, sizeof(buf), &caps);
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);
    buf[3] = 0;
    ret = mmc_parse_format_capacities(buf, sizeof(buf), &caps);
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);
    buf[3] = 8;
    ret = mmc_parse_format_capacities(buf, sizeof(buf), &caps);
    ok(ret == MMC_OK && caps.count == 0, "Got %d, %u.\n", ret, caps.count);
}

/* MODE SENSE(10) of page 2Ah with two write speed descriptors. */
static const uint8_t caps_reply[48] =
{
    0x00, 0x2e, 0x70, 0x80, 0x00, 0x00, 0x00, 0x00,
    0xaa, 0x26, 0x3f, 0x37, 0xc1, 0x03, 0x29, 0x04,
    0x1b, 0x90, 0x01, 0x00, 0x08, 0x00, 0x0b, 0x06,
    0x00, 0x00, 0x1b, 0x91, 0x0b, 0x07, 0x00, 0x01,
    0x00, 0x00, 0x00, 0x01, 0x0b, 0x08, 0x00, 0x02,
    0x00, 0x00, 0x1b, 0x90, 0x00, 0x01, 0x0b, 0x06,
};

static void test_mode_pages(void)
{
    struct mmc_capabilities_page caps;
    struct mmc_mode_header header;
    struct mmc_mode_page page;
    uint8_t buf[64];
    uint32_t len;
    int ret;

    ret = mmc_parse_mode_header(caps_reply, sizeof(caps_reply), &header);
    ok(ret == MMC_OK && header.mode_data_length == 46 && header.medium_type == 0x70 && header.write_protected
            && header.block_descriptor_length == 0 && header.valid_length == 48, "Got %d.\n", ret);
    ret = mmc_find_mode_page(caps_reply, sizeof(caps_reply), MMC_MODE_PAGE_CAPABILITIES, &page);
    ok(ret == MMC_OK && page.code == 0x2a && page.parameters_savable && page.page_length == 38 && page.size == 40
            && page.offset == 8, "Got %d %u %u.\n", ret, page.page_length, page.size);
    ret = mmc_parse_capabilities_page(&page, &caps);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(caps.read_cd_r && caps.read_cd_rw && caps.method2 && caps.read_dvd_rom && caps.read_dvd_r && caps.read_dvd_ram,
            "Read bits wrong.\n");
    ok(caps.write_cd_r && caps.write_cd_rw && caps.test_write && caps.write_dvd_r && caps.write_dvd_ram,
            "Write bits wrong.\n");
    ok(caps.buf && caps.multi_session && caps.audio_play && !caps.composite, "Byte 4 wrong.\n");
    ok(caps.cdda_supported && caps.cdda_accurate && !caps.c2_pointers, "Byte 5 wrong.\n");
    ok(caps.loading_mechanism == MMC_LOADING_TRAY && caps.eject && caps.lock && !caps.lock_state, "Byte 6 wrong.\n");
    ok(caps.disc_present_supported && !caps.side_change, "Byte 7 wrong.\n");
    ok(caps.max_read_speed == 7056 && caps.volume_levels == 256 && caps.buffer_size == 2048
            && caps.current_read_speed == 2822, "Speeds wrong.\n");
    ok(caps.max_write_speed == 7057 && caps.current_write_speed == 2823, "Write speeds wrong.\n");
    ok(caps.has_copy_management_revision && caps.copy_management_revision == 1, "Copy management wrong.\n");
    ok(caps.has_write_speed_selected && caps.rotation_control_selected == 1
            && caps.current_write_speed_selected == 2824, "Selected speed wrong.\n");
    ok(caps.speed_count == 2 && caps.speeds_present == 2, "Got %u/%u speeds.\n", caps.speeds_present,
            caps.speed_count);
    ok(caps.speeds[0].rotation_control == 0 && caps.speeds[0].write_speed == 7056
            && caps.speeds[1].rotation_control == 1 && caps.speeds[1].write_speed == 2822,
            "Speed descriptors wrong.\n");

    for (len = 0; len <= sizeof(caps_reply); len++)
    {
        uint8_t *p = copy_exact(caps_reply, len);

        ret = mmc_find_mode_page(p, len, MMC_MODE_PAGE_CAPABILITIES, &page);
        if (len < 8)
            ok(ret == MMC_ERR_SHORT, "Length %u: got %d.\n", len, ret);
        else if (len < 10)
            ok(ret == MMC_ERR_NOT_FOUND, "Length %u: got %d.\n", len, ret);
        else
        {
            ok(ret == MMC_OK && page.size == len - 8, "Length %u: got %d, size %u.\n", len, ret, page.size);
            ret = mmc_parse_capabilities_page(&page, &caps);
            if (len < 30)
                ok(ret == MMC_ERR_SHORT, "Length %u: got %d.\n", len, ret);
            else
                ok(ret == MMC_OK && caps.speeds_present == (len < 40 ? 0 : (len - 40) / 4)
                        && caps.has_write_speed_selected == (len >= 40), "Length %u: got %d, %u speeds.\n", len, ret,
                        caps.speeds_present);
        }
        free(p);
    }

    for (len = 0; len < 8; len++)
    {
        uint8_t bit = 1 << len;

        memcpy(buf, caps_reply, sizeof(caps_reply));
        buf[10] = buf[11] = buf[12] = buf[13] = buf[14] = buf[15] = bit;
        ret = mmc_find_mode_page(buf, sizeof(caps_reply), MMC_MODE_PAGE_CAPABILITIES, &page);
        ret = mmc_parse_capabilities_page(&page, &caps);
        ok(ret == MMC_OK, "Bit %u: got %d.\n", len, ret);
        ok(caps.read_cd_r == (len == 0) && caps.read_cd_rw == (len == 1) && caps.method2 == (len == 2)
                && caps.read_dvd_rom == (len == 3) && caps.read_dvd_r == (len == 4) && caps.read_dvd_ram == (len == 5),
                "Bit %u: byte 2 wrong.\n", len);
        ok(caps.write_cd_r == (len == 0) && caps.write_cd_rw == (len == 1) && caps.test_write == (len == 2)
                && caps.write_dvd_r == (len == 4) && caps.write_dvd_ram == (len == 5), "Bit %u: byte 3 wrong.\n", len);
        ok(caps.audio_play == (len == 0) && caps.composite == (len == 1) && caps.digital_port1 == (len == 2)
                && caps.digital_port2 == (len == 3) && caps.mode2_form1 == (len == 4) && caps.mode2_form2 == (len == 5)
                && caps.multi_session == (len == 6) && caps.buf == (len == 7), "Bit %u: byte 4 wrong.\n", len);
        ok(caps.cdda_supported == (len == 0) && caps.cdda_accurate == (len == 1) && caps.rw_supported == (len == 2)
                && caps.rw_deinterleaved == (len == 3) && caps.c2_pointers == (len == 4) && caps.isrc == (len == 5)
                && caps.upc == (len == 6) && caps.read_bar_code == (len == 7), "Bit %u: byte 5 wrong.\n", len);
        ok(caps.lock == (len == 0) && caps.lock_state == (len == 1) && caps.prevent_jumper == (len == 2)
                && caps.eject == (len == 3) && caps.loading_mechanism == (bit >> 5), "Bit %u: byte 6 wrong.\n", len);
        ok(caps.separate_volume == (len == 0) && caps.separate_channel_mute == (len == 1)
                && caps.disc_present_supported == (len == 2) && caps.sw_slot_selection == (len == 3)
                && caps.side_change == (len == 4) && caps.rw_in_lead_in == (len == 5), "Bit %u: byte 7 wrong.\n", len);
    }

    /* A speed count far above what came. */
    memcpy(buf, caps_reply, sizeof(caps_reply));
    buf[38] = 0xff;
    buf[39] = 0xff;
    ret = mmc_find_mode_page(buf, sizeof(caps_reply), MMC_MODE_PAGE_CAPABILITIES, &page);
    ret = mmc_parse_capabilities_page(&page, &caps);
    ok(ret == MMC_OK && caps.speed_count == 0xffff && caps.speeds_present == 2, "Got %d, %u.\n", ret,
            caps.speeds_present);

    /* The mode data length stops before the page header. */
    memcpy(buf, caps_reply, sizeof(caps_reply));
    buf[1] = 7;
    ret = mmc_find_mode_page(buf, sizeof(caps_reply), MMC_MODE_PAGE_CAPABILITIES, &page);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);
    buf[1] = 5;
    ret = mmc_find_mode_page(buf, sizeof(caps_reply), MMC_MODE_PAGE_CAPABILITIES, &page);
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);
    /* ... or cuts the page short. */
    buf[1] = 26;
    ret = mmc_find_mode_page(buf, sizeof(caps_reply), MMC_MODE_PAGE_CAPABILITIES, &page);
    ok(ret == MMC_OK && page.size == 20, "Got %d, size %u.\n", ret, page.size);
    ret = mmc_parse_capabilities_page(&page, &caps);
    ok(ret == MMC_ERR_SHORT, "Got %d.\n", ret);

    /* Block descriptor lengths other than 0 and 8 are refused. */
    memcpy(buf, caps_reply, sizeof(caps_reply));
    buf[7] = 16;
    ret = mmc_find_mode_page(buf, sizeof(caps_reply), MMC_MODE_PAGE_CAPABILITIES, &page);
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);

    /* An 8-byte block descriptor is skipped. */
    memset(buf, 0, sizeof(buf));
    memcpy(buf, caps_reply, 8);
    buf[1] = 46 + 8;
    buf[7] = 8;
    memset(buf + 8, 0xee, 8);
    memcpy(buf + 16, caps_reply + 8, 40);
    ret = mmc_find_mode_page(buf, 56, MMC_MODE_PAGE_CAPABILITIES, &page);
    ok(ret == MMC_OK && page.offset == 16 && page.size == 40, "Got %d, offset %u.\n", ret, page.offset);

    /* The wrong page is not returned. */
    ret = mmc_find_mode_page(caps_reply, sizeof(caps_reply), MMC_MODE_PAGE_WRITE_PARAMETERS, &page);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);
    page.code = MMC_MODE_PAGE_WRITE_PARAMETERS;
    ret = mmc_parse_capabilities_page(&page, &caps);
    ok(ret == MMC_ERR_PARAMETER, "Got %d.\n", ret);
}

static void test_mode_page_list(void)
{
    /* Pages 01h and 05h, as page 3Fh returns them. */
    static const uint8_t reply[8 + 12 + 52] =
    {
        0x00, 0x46, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x0a, 0xc0, 0x05, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
        0x05, 0x32, 0x61, 0xe5, 0x0a, 0x10, 0x00, 0x2a, 0x20, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x96,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
    };
    struct mmc_write_params params;
    struct mmc_mode_page page;
    uint8_t buf[sizeof(reply)];
    int ret;

    ret = mmc_find_mode_page(reply, sizeof(reply), MMC_MODE_PAGE_ERROR_RECOVERY, &page);
    ok(ret == MMC_OK && page.offset == 8 && page.size == 12 && page.data[2] == 0xc0, "Got %d.\n", ret);
    ret = mmc_find_mode_page(reply, sizeof(reply), MMC_MODE_PAGE_WRITE_PARAMETERS, &page);
    ok(ret == MMC_OK && page.offset == 20 && page.size == 52, "Got %d, offset %u.\n", ret, page.offset);
    ret = mmc_parse_write_params_page(&page, &params);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(params.buffer_underrun_free && params.link_size_valid && !params.test_write
            && params.write_type == MMC_WRITE_TYPE_TAO, "Byte 2 wrong.\n");
    ok(params.multi_session == MMC_MULTI_SESSION_OPEN && params.fixed_packet && !params.copy
            && params.track_mode == MMC_TRACK_MODE_DATA_INCREMENTAL, "Byte 3 wrong.\n");
    ok(params.data_block_type == MMC_DATA_BLOCK_MODE2_FORM1_2048 && params.link_size == 16
            && params.host_application_code == 0x2a && params.session_format == MMC_SESSION_FORMAT_CDROM_XA,
            "Bytes 4-8 wrong.\n");
    ok(params.packet_size == 16 && params.audio_pause_length == 150, "Got %u %u.\n", params.packet_size,
            params.audio_pause_length);

    ret = mmc_find_mode_page(reply, sizeof(reply), MMC_MODE_PAGE_POWER_CONDITION, &page);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);
    /* Read as a sub_page format page, page 01h's bytes announce C005h bytes:
     * everything after them is taken to be part of it. */
    memcpy(buf, reply, sizeof(buf));
    buf[8] = 0x41;
    ret = mmc_find_mode_page(buf, sizeof(buf), MMC_MODE_PAGE_WRITE_PARAMETERS, &page);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);
    /* Page 05h cut to 14 bytes. */
    memcpy(buf, reply, sizeof(buf));
    buf[1] = 0x20;
    ret = mmc_find_mode_page(buf, sizeof(buf), MMC_MODE_PAGE_WRITE_PARAMETERS, &page);
    ok(ret == MMC_OK && page.size == 14, "Got %d, %u.\n", ret, page.size);
    ret = mmc_parse_write_params_page(&page, &params);
    ok(ret == MMC_ERR_SHORT, "Got %d.\n", ret);
}

static void test_mode_page_walk(void)
{
    /* SPC-4 7.5.7: a sub_page format page (byte 0 PS | SPF | page code, byte 1
     * subpage code, bytes 2-3 page length) ahead of page_0 format pages 01h
     * and 1Ah (byte 0 PS | page code, byte 1 page length). */
    static const uint8_t reply[8 + 10 + 12 + 12] =
    {
        0x00, 0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xc1, 0x02, 0x00, 0x06, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
        0x01, 0x0a, 0xc0, 0x05, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
        0x1a, 0x0a, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    static const struct
    {
        uint8_t code, subpage;
        bool savable, spf;
        uint16_t page_length;
        uint32_t offset, size;
    }
    expect[] =
    {
        {0x01, 0x02, true, true, 6, 8, 10},
        {0x01, 0x00, false, false, 10, 18, 12},
        {0x1a, 0x00, false, false, 10, 30, 12},
    };
    struct mmc_mode_page page;
    uint8_t buf[sizeof(reply)];
    uint32_t offset = 0;
    unsigned int i;
    int ret;

    for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
    {
        ret = mmc_next_mode_page(reply, sizeof(reply), &offset, &page);
        ok(ret == MMC_OK, "Page %u: got %d.\n", i, ret);
        ok(page.code == expect[i].code && page.subpage == expect[i].subpage
                && page.parameters_savable == expect[i].savable && page.subpage_format == expect[i].spf,
                "Page %u: got code %#x/%#x.\n", i, page.code, page.subpage);
        ok(page.page_length == expect[i].page_length && page.offset == expect[i].offset
                && page.size == expect[i].size && page.data == reply + expect[i].offset,
                "Page %u: got length %u, offset %u, size %u.\n", i, page.page_length, page.offset, page.size);
    }
    ret = mmc_next_mode_page(reply, sizeof(reply), &offset, &page);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);

    /* Lookups skip the subpage: the page_0 format page 01h is found. */
    ret = mmc_find_mode_page(reply, sizeof(reply), MMC_MODE_PAGE_ERROR_RECOVERY, &page);
    ok(ret == MMC_OK && !page.subpage_format && page.offset == 18 && page.size == 12, "Got %d, offset %u.\n", ret,
            page.offset);
    ret = mmc_find_mode_page(reply, sizeof(reply), MMC_MODE_PAGE_POWER_CONDITION, &page);
    ok(ret == MMC_OK && page.offset == 30, "Got %d, offset %u.\n", ret, page.offset);

    /* A subpage alone does not stand for its page. */
    memcpy(buf, reply, sizeof(buf));
    buf[1] = 8 + 10 - 2;
    ret = mmc_find_mode_page(buf, sizeof(buf), MMC_MODE_PAGE_ERROR_RECOVERY, &page);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);

    /* The mode data length ends inside the 4-byte sub_page header. */
    buf[1] = 8 + 3 - 2;
    offset = 0;
    ret = mmc_next_mode_page(buf, sizeof(buf), &offset, &page);
    ok(ret == MMC_ERR_NOT_FOUND && !page.data, "Got %d.\n", ret);

    /* ... or inside the subpage: its size is cut, the walk ends after it. */
    buf[1] = 8 + 7 - 2;
    offset = 0;
    ret = mmc_next_mode_page(buf, sizeof(buf), &offset, &page);
    ok(ret == MMC_OK && page.subpage_format && page.page_length == 6 && page.size == 7, "Got %d, size %u.\n", ret,
            page.size);
    ret = mmc_next_mode_page(buf, sizeof(buf), &offset, &page);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);

    /* With an 8-byte block descriptor the walk starts after it. */
    memset(buf, 0, sizeof(buf));
    memcpy(buf, reply, 8);
    buf[1] = 8 + 8 + 12 - 2;
    buf[7] = 8;
    memcpy(buf + 16, reply + 18, 12);
    offset = 0;
    ret = mmc_next_mode_page(buf, 28, &offset, &page);
    ok(ret == MMC_OK && page.code == 0x01 && page.offset == 16, "Got %d, offset %u.\n", ret, page.offset);
    ret = mmc_next_mode_page(buf, 28, &offset, &page);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);

    /* A bad header. */
    offset = 0;
    ret = mmc_next_mode_page(reply, 7, &offset, &page);
    ok(ret == MMC_ERR_SHORT, "Got %d.\n", ret);
    buf[7] = 4;
    offset = 0;
    ret = mmc_next_mode_page(buf, 28, &offset, &page);
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);
}

static void test_media_event(void)
{
    static const uint8_t reply[8] = {0x00, 0x06, 0x04, 0x5e, 0x02, 0x02, 0x01, 0x03};
    struct mmc_media_event event;
    uint8_t buf[8];
    uint32_t len;
    int ret;

    ret = mmc_parse_media_event(reply, sizeof(reply), &event);
    ok(ret == MMC_OK, "Got %d.\n", ret);
    ok(event.descriptor_length == 6 && !event.no_event_available && event.notification_class == MMC_EVENT_CLASS_MEDIA
            && event.supported_classes == 0x5e, "Header wrong.\n");
    ok(event.event_code == MMC_MEDIA_EVENT_NEW_MEDIA && event.media_present && !event.tray_open
            && event.start_slot == 1 && event.end_slot == 3, "Event wrong.\n");

    for (len = 0; len < sizeof(reply); len++)
    {
        uint8_t *p = copy_exact(reply, len);

        ret = mmc_parse_media_event(p, len, &event);
        ok(ret == MMC_ERR_SHORT, "Length %u: got %d.\n", len, ret);
        free(p);
    }

    memcpy(buf, reply, sizeof(buf));
    buf[2] = 0x84;
    ret = mmc_parse_media_event(buf, sizeof(buf), &event);
    ok(ret == MMC_ERR_NOT_FOUND && event.no_event_available, "Got %d.\n", ret);
    buf[2] = 0x02;
    ret = mmc_parse_media_event(buf, sizeof(buf), &event);
    ok(ret == MMC_ERR_NOT_FOUND && event.notification_class == 2, "Got %d.\n", ret);
    memcpy(buf, reply, sizeof(buf));
    buf[1] = 2;
    ret = mmc_parse_media_event(buf, sizeof(buf), &event);
    ok(ret == MMC_ERR_SHORT, "Got %d.\n", ret);
    buf[1] = 6;
    buf[5] = 0x01;
    ret = mmc_parse_media_event(buf, sizeof(buf), &event);
    ok(ret == MMC_OK && !event.media_present && event.tray_open, "Got %d.\n", ret);
}

static void test_write_speeds(void)
{
    static const uint8_t reply[40] =
    {
        0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00, 0x00,
        0x0f, 0x00, 0x00, 0x00, 0x00, 0x23, 0x05, 0xbf, 0x00, 0x00, 0x2b, 0x11, 0x00, 0x00, 0x2b, 0x12,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xe8, 0xa7, 0x00, 0x00, 0x1b, 0x90, 0x00, 0x00, 0x0b, 0x06,
    };
    struct mmc_write_speed_descriptor d;
    uint8_t buf[40];
    uint32_t len;
    int ret;

    ok(mmc_write_speed_count(reply, sizeof(reply)) == 2, "Got %d.\n", mmc_write_speed_count(reply, sizeof(reply)));
    ret = mmc_get_write_speed(reply, sizeof(reply), 0, &d);
    ok(ret == MMC_OK && d.write_rotation_control == 1 && d.restore_defaults && d.exact && d.mixed_read_write
            && d.end_lba == 0x002305bf && d.read_speed == 11025 && d.write_speed == 11026, "Got %d.\n", ret);
    ret = mmc_get_write_speed(reply, sizeof(reply), 1, &d);
    ok(ret == MMC_OK && !d.write_rotation_control && !d.exact && d.end_lba == 0x0004e8a7 && d.read_speed == 7056
            && d.write_speed == 2822, "Got %d.\n", ret);
    ret = mmc_get_write_speed(reply, sizeof(reply), 2, &d);
    ok(ret == MMC_ERR_NOT_FOUND, "Got %d.\n", ret);

    for (len = 0; len <= sizeof(reply); len++)
    {
        uint8_t *p = copy_exact(reply, len);
        int count = mmc_write_speed_count(p, len);

        ok(count == (len < 8 ? MMC_ERR_SHORT : (int)(len - 8) / 16), "Length %u: got %d.\n", len, count);
        free(p);
    }

    memcpy(buf, reply, sizeof(buf));
    buf[0] = buf[1] = buf[2] = buf[3] = 0xff;
    ok(mmc_write_speed_count(buf, sizeof(buf)) == 2, "Got %d.\n", mmc_write_speed_count(buf, sizeof(buf)));
    buf[0] = buf[1] = buf[2] = 0;
    buf[3] = 0x14;
    ok(mmc_write_speed_count(buf, sizeof(buf)) == 1, "Got %d.\n", mmc_write_speed_count(buf, sizeof(buf)));
    buf[3] = 2;
    ok(mmc_write_speed_count(buf, sizeof(buf)) == MMC_ERR_INVALID, "Got %d.\n", mmc_write_speed_count(buf, 40));
}

static void test_buffer_capacity(void)
{
    static const uint8_t bytes[12] = {0x00, 0x0a, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x3f, 0xf8, 0x00};
    static const uint8_t blocks[12] = {0x00, 0x0a, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0xff};
    struct mmc_buffer_capacity cap;
    uint32_t len;
    int ret;

    ret = mmc_parse_buffer_capacity(bytes, sizeof(bytes), false, &cap);
    ok(ret == MMC_OK && cap.data_length == 10 && !cap.block && cap.buffer_length == 0x400000
            && cap.available == 0x3ff800, "Got %d %#x %#x.\n", ret, cap.buffer_length, cap.available);
    ret = mmc_parse_buffer_capacity(blocks, sizeof(blocks), true, &cap);
    ok(ret == MMC_OK && cap.block && cap.available == 2047 && !cap.buffer_length, "Got %d %u.\n", ret,
            cap.available);
    ret = mmc_parse_buffer_capacity(bytes, sizeof(bytes), true, &cap);
    ok(ret == MMC_ERR_INVALID, "Got %d.\n", ret);
    for (len = 0; len < sizeof(bytes); len++)
    {
        uint8_t *p = copy_exact(bytes, len);

        ret = mmc_parse_buffer_capacity(p, len, false, &cap);
        ok(ret == MMC_ERR_SHORT, "Length %u: got %d.\n", len, ret);
        free(p);
    }
}

static void test_profiles(void)
{
    ok(mmc_profile_accepts_invisible_track(MMC_PROFILE_CD_R), "CD-R.\n");
    ok(mmc_profile_accepts_invisible_track(MMC_PROFILE_CD_RW), "CD-RW.\n");
    ok(mmc_profile_accepts_invisible_track(MMC_PROFILE_DVD_PLUS_R), "DVD+R.\n");
    ok(mmc_profile_accepts_invisible_track(MMC_PROFILE_DVD_PLUS_R_DL), "DVD+R DL.\n");
    ok(!mmc_profile_accepts_invisible_track(MMC_PROFILE_DVD_R_SEQUENTIAL), "DVD-R.\n");
    ok(!mmc_profile_accepts_invisible_track(MMC_PROFILE_DVD_RW_SEQUENTIAL), "DVD-RW.\n");
    ok(!mmc_profile_accepts_invisible_track(MMC_PROFILE_BD_R_SRM), "BD-R.\n");
    ok(mmc_profile_is_cd(MMC_PROFILE_CD_ROM) && !mmc_profile_is_cd(MMC_PROFILE_DVD_ROM), "CD family.\n");
    ok(mmc_profile_is_dvd(MMC_PROFILE_DVD_PLUS_RW_DL) && !mmc_profile_is_dvd(MMC_PROFILE_BD_RE), "DVD family.\n");
    ok(mmc_profile_is_bd(MMC_PROFILE_BD_R_RRM) && !mmc_profile_is_bd(MMC_PROFILE_HD_DVD_ROM), "BD family.\n");
}

static void test_plausibility(void)
{
    struct mmc_disc_info disc;
    struct mmc_track_info track, t;

    /* An appendable CD-R: session 1 is track 1, the invisible track 2 in session 2. */
    memset(&disc, 0, sizeof(disc));
    disc.sessions = 2;
    disc.first_track = 1;
    disc.first_track_last_session = 2;
    disc.last_track_last_session = 2;
    disc.last_possible_lead_out = 359849;
    ok(mmc_disc_info_plausible(&disc, true), "An appendable CD-R is implausible.\n");
    ok(mmc_disc_address_limit(&disc, true) == 359849, "Limit %d.\n", mmc_disc_address_limit(&disc, true));
    disc.last_possible_lead_out = mmc_msf_to_lba(0xff, 0xff, 0xff);
    ok(mmc_disc_address_limit(&disc, true) == MMC_MAX_CD_BLOCKS, "FF:FF:FF limit %d.\n",
            mmc_disc_address_limit(&disc, true));
    disc.last_possible_lead_out = -1;
    ok(mmc_disc_address_limit(&disc, false) == MMC_MAX_DISC_BLOCKS, "FFFFFFFFh limit %d.\n",
            mmc_disc_address_limit(&disc, false));
    disc.last_possible_lead_out = 359849;

    memset(&track, 0, sizeof(track));
    track.track = 2;
    track.session = 2;
    track.start_address = 11582;
    track.nwa_valid = true;
    track.next_writable_address = 11582;
    track.free_blocks = 359849 - 11582;
    track.track_size = track.free_blocks;
    ok(mmc_track_info_plausible(&track, &disc, true, 359849), "The invisible track is implausible.\n");

    /* What a garbage reply looked like: NWA -1009440576, track 1102. */
    t = track; t.next_writable_address = -1009440576;
    ok(!mmc_track_info_plausible(&t, &disc, true, 359849), "A negative NWA is plausible.\n");
    t = track; t.next_writable_address = -150;
    ok(mmc_track_info_plausible(&t, &disc, true, 359849), "NWA -150 on CD is implausible.\n");
    ok(!mmc_track_info_plausible(&t, &disc, false, 359849), "NWA -150 on DVD is plausible.\n");
    t = track; t.nwa_valid = false; t.next_writable_address = -1009440576;
    ok(mmc_track_info_plausible(&t, &disc, true, 359849), "An invalid NWA was checked.\n");
    t = track; t.track = 1102;
    ok(!mmc_track_info_plausible(&t, &disc, true, 359849), "Track 1102 is plausible.\n");
    t = track; t.track = 0;
    ok(!mmc_track_info_plausible(&t, &disc, true, 359849), "Track 0 (the lead-in) is plausible.\n");
    t = track; t.session = 3;
    ok(!mmc_track_info_plausible(&t, &disc, true, 359849), "Session 3 of 2 is plausible.\n");
    t = track; t.next_writable_address = 359849;
    ok(!mmc_track_info_plausible(&t, &disc, true, 359849), "An NWA at the lead-out is plausible.\n");
    t = track; t.free_blocks = 0xfce20000;
    ok(!mmc_track_info_plausible(&t, &disc, true, 359849), "Free blocks past the disc are plausible.\n");
    t = track; t.track_size = 359850;
    ok(!mmc_track_info_plausible(&t, &disc, true, 359849), "A track larger than the disc is plausible.\n");
    t = track; t.start_address = -11078;
    ok(!mmc_track_info_plausible(&t, &disc, true, 359849), "A track in the lead-in is plausible.\n");
    t = track; t.lra_valid = t.has_last_recorded_address = true; t.last_recorded_address = 400000;
    ok(!mmc_track_info_plausible(&t, &disc, true, 359849), "An LRA past the disc is plausible.\n");

    disc.sessions = 3;
    ok(!mmc_disc_info_plausible(&disc, true), "3 sessions in 2 tracks are plausible.\n");
    disc.sessions = 2;
    disc.first_track_last_session = 3;
    ok(!mmc_disc_info_plausible(&disc, true), "First track of the last session past its last track.\n");
    disc.first_track_last_session = 2;
    disc.last_track_last_session = 100;
    ok(!mmc_disc_info_plausible(&disc, true), "100 CD tracks are plausible.\n");
    ok(mmc_disc_info_plausible(&disc, false), "100 DVD tracks are implausible.\n");
    disc.sessions = 0;
    ok(!mmc_disc_info_plausible(&disc, false), "No session is plausible.\n");
}

START_TEST(mmc_parse)
{
    test_inquiry();
    test_unit_serial_number();
    test_config_walk();
    test_config_lying();
    test_config_features();
    test_disc_info();
    test_track_info();
    test_toc();
    test_session_info();
    test_full_toc();
    test_atip();
    test_capacities();
    test_mode_pages();
    test_mode_page_list();
    test_mode_page_walk();
    test_media_event();
    test_write_speeds();
    test_buffer_capacity();
    test_profiles();
    test_plausibility();
}
