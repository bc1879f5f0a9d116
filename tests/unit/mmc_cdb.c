/*
 * Unit tests of the MMC layer: CDB and parameter list builders
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

/* Every expected CDB below is written out byte by byte from the command's
 * table in MMC-6 / SPC-4, with each field set to a value that cannot be
 * confused with a neighbour's. */

#include <string.h>

#include "mmc.h"
#include "wine/test.h"

#define check_cdb(cdb, n, ...) check_cdb_(__LINE__, cdb, n, #cdb, __VA_ARGS__)
static void check_cdb_(int line, const uint8_t *cdb, unsigned int n, const char *name, unsigned int expect_len,
        const uint8_t *expect)
{
    unsigned int i;

    ok_(__FILE__, line)(n == expect_len, "%s: length %u, expected %u.\n", name, n, expect_len);
    for (i = 0; i < 16; i++)
    {
        uint8_t want = i < expect_len ? expect[i] : 0;

        if (cdb[i] != want)
        {
            ok_(__FILE__, line)(0, "%s: byte %u is %#x, expected %#x.\n", name, i, cdb[i], want);
            return;
        }
    }
    ok_(__FILE__, line)(1, "bytes match\n");
}

static void fill_junk(uint8_t *cdb)
{
    memset(cdb, 0xcc, 16);
}

static void test_spc_commands(void)
{
    uint8_t cdb[16];
    unsigned int n;

    fill_junk(cdb);
    n = mmc_build_test_unit_ready(cdb);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x00, 0, 0, 0, 0, 0});

    fill_junk(cdb);
    n = mmc_build_request_sense(cdb, false, 18);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x03, 0, 0, 0, 18, 0});
    n = mmc_build_request_sense(cdb, true, 252);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x03, 0x01, 0, 0, 252, 0});

    /* SPC-4 6.4.1: EVPD bit 0 of byte 1, page code byte 2, allocation bytes 3-4. */
    fill_junk(cdb);
    n = mmc_build_inquiry(cdb, 0x0160);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x12, 0, 0, 0x01, 0x60, 0});
    n = mmc_build_inquiry_vpd(cdb, 0x80, 0x00fc);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x12, 0x01, 0x80, 0x00, 0xfc, 0});

    /* SPC-4 6.11 / MMC-6 6.10: DBD bit 3, PC bits 7-6, page bits 5-0. */
    fill_junk(cdb);
    n = mmc_build_mode_sense(cdb, 0x2a, MMC_PC_DEFAULT, true, 0x1234);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x5a, 0x08, 0xaa, 0, 0, 0, 0, 0x12, 0x34, 0});
    n = mmc_build_mode_sense(cdb, 0x05, MMC_PC_CHANGEABLE, false, 0x00ff);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x5a, 0x00, 0x45, 0, 0, 0, 0, 0x00, 0xff, 0});
    n = mmc_build_mode_sense(cdb, 0x01, MMC_PC_SAVED, false, 8);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x5a, 0x00, 0xc1, 0, 0, 0, 0, 0, 8, 0});
    n = mmc_build_mode_sense(cdb, 0x1a, MMC_PC_CURRENT, true, 0x0400);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x5a, 0x08, 0x1a, 0, 0, 0, 0, 0x04, 0x00, 0});

    /* PF bit 4 always, SP bit 0, parameter list length bytes 7-8. */
    fill_junk(cdb);
    n = mmc_build_mode_select(cdb, false, 60);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x55, 0x10, 0, 0, 0, 0, 0, 0, 60, 0});
    n = mmc_build_mode_select(cdb, true, 0x0201);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x55, 0x11, 0, 0, 0, 0, 0, 0x02, 0x01, 0});

    /* Parameter list: 8-byte header all zero (SPC-4: mode data length is
     * reserved in MODE SELECT), then the page with PS (byte 0 bit 7) cleared. */
    {
        static const uint8_t page[4] = {0x85, 0x02, 0x41, 0x02};
        static const uint8_t expect[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0x05, 0x02, 0x41, 0x02};
        uint8_t list[12];
        uint32_t len;

        memset(list, 0xcc, sizeof(list));
        len = mmc_build_mode_select_list(list, page, sizeof(page));
        ok(len == 12, "Got list length %u.\n", len);
        ok(!memcmp(list, expect, sizeof(expect)), "Unexpected parameter list.\n");
    }

    /* SBC: IMMED byte 1 bit 0; byte 4 LoEj bit 1, Start bit 0. */
    fill_junk(cdb);
    n = mmc_build_start_stop_unit(cdb, true, MMC_START_STOP_EJECT);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x1b, 0x01, 0, 0, 0x02, 0});
    n = mmc_build_start_stop_unit(cdb, false, MMC_START_STOP_LOAD);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x1b, 0x00, 0, 0, 0x03, 0});
    n = mmc_build_start_stop_unit(cdb, false, MMC_START_STOP_START);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x1b, 0x00, 0, 0, 0x01, 0});

    /* Prevent bits 1-0 of byte 4: persistent 10b, prevent 01b. */
    fill_junk(cdb);
    n = mmc_build_prevent_allow(cdb, true, false);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x1e, 0, 0, 0, 0x01, 0});
    n = mmc_build_prevent_allow(cdb, false, true);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x1e, 0, 0, 0, 0x02, 0});
    n = mmc_build_prevent_allow(cdb, false, false);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x1e, 0, 0, 0, 0x00, 0});
}

static void test_information_commands(void)
{
    uint8_t cdb[16];
    unsigned int n;

    /* MMC-6 6.6: RT bits 1-0, starting feature bytes 2-3, allocation 7-8. */
    fill_junk(cdb);
    n = mmc_build_get_configuration(cdb, MMC_CONFIG_RT_ONE, 0x0021, 0x0010);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x46, 0x02, 0x00, 0x21, 0, 0, 0, 0x00, 0x10, 0});
    n = mmc_build_get_configuration(cdb, MMC_CONFIG_RT_CURRENT, 0x1234, 0xfffc);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x46, 0x01, 0x12, 0x34, 0, 0, 0, 0xff, 0xfc, 0});
    n = mmc_build_get_configuration(cdb, MMC_CONFIG_RT_ALL, 0, 8);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x46, 0x00, 0, 0, 0, 0, 0, 0, 8, 0});

    /* MMC-6 6.7: Polled byte 1 bit 0, class request byte 4, allocation 7-8. */
    fill_junk(cdb);
    n = mmc_build_get_event_status(cdb, true, 1 << MMC_EVENT_CLASS_MEDIA, 8);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x4a, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0});

    /* MMC-6 6.22: data type bits 2-0 of byte 1. */
    fill_junk(cdb);
    n = mmc_build_read_disc_info(cdb, MMC_DISC_INFO_DATA_STANDARD, 0x0022);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x51, 0x00, 0, 0, 0, 0, 0, 0x00, 0x22, 0});
    n = mmc_build_read_disc_info(cdb, MMC_DISC_INFO_DATA_POW_RESOURCES, 0x0102);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x51, 0x02, 0, 0, 0, 0, 0, 0x01, 0x02, 0});

    /* MMC-6 6.27: Open bit 2, type bits 1-0, number bytes 2-5, allocation 7-8. */
    fill_junk(cdb);
    n = mmc_build_read_track_info(cdb, MMC_TRACK_ADDRESS_TRACK, 0xff, 0x0030);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x52, 0x01, 0, 0, 0, 0xff, 0, 0x00, 0x30, 0});
    n = mmc_build_read_track_info(cdb, MMC_TRACK_ADDRESS_LBA, 0x01020304, 0x0201);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x52, 0x00, 0x01, 0x02, 0x03, 0x04, 0, 0x02, 0x01, 0});
    n = mmc_build_read_track_info(cdb, MMC_TRACK_ADDRESS_SESSION, 3, 28);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x52, 0x02, 0, 0, 0, 3, 0, 0, 28, 0});
    n = mmc_build_read_track_info_open(cdb, MMC_TRACK_ADDRESS_TRACK, true, 0x0105, 48);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x52, 0x05, 0, 0, 0x01, 0x05, 0, 0, 48, 0});

    /* MMC-6 6.26: MSF byte 1 bit 1, format byte 2 bits 3-0, number byte 6. */
    fill_junk(cdb);
    n = mmc_build_read_toc(cdb, MMC_TOC_FORMAT_TOC, false, 1, 0x0324);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x43, 0x00, 0x00, 0, 0, 0, 1, 0x03, 0x24, 0});
    n = mmc_build_read_toc(cdb, MMC_TOC_FORMAT_SESSION_INFO, true, 0, 12);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x43, 0x02, 0x01, 0, 0, 0, 0, 0, 12, 0});
    n = mmc_build_read_toc(cdb, MMC_TOC_FORMAT_FULL_TOC, true, 2, 0x1000);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x43, 0x02, 0x02, 0, 0, 0, 2, 0x10, 0x00, 0});
    n = mmc_build_read_toc(cdb, MMC_TOC_FORMAT_ATIP, true, 0, 28);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x43, 0x02, 0x04, 0, 0, 0, 0, 0, 28, 0});

    fill_junk(cdb);
    n = mmc_build_read_capacity(cdb);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0});

    fill_junk(cdb);
    n = mmc_build_read_format_capacities(cdb, 0x00fc);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x23, 0, 0, 0, 0, 0, 0, 0x00, 0xfc, 0});

    /* MMC-6 6.8: data type byte 1 bits 4-0, LBA 2-5, max descriptors 8-9, type 10. */
    fill_junk(cdb);
    n = mmc_build_get_performance(cdb, MMC_PERFORMANCE_TYPE_WRITE_SPEED, 0, 0, 0x0011);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xac, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x11, 0x03, 0});
    n = mmc_build_get_performance(cdb, MMC_PERFORMANCE_TYPE_PERFORMANCE, 0x10, 0x0a0b0c0d, 0x0203);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xac, 0x10, 0x0a, 0x0b, 0x0c, 0x0d, 0, 0, 0x02, 0x03, 0x00, 0});

    /* MMC-6 6.39: type byte 8, parameter list length bytes 9-10. */
    fill_junk(cdb);
    n = mmc_build_set_streaming(cdb, 0x00, 28);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xb6, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x00, 28, 0});

    /* MMC-6 6.37: rotational control byte 1 bits 1-0, read 2-3, write 4-5. */
    fill_junk(cdb);
    n = mmc_build_set_cd_speed(cdb, 1, 0xffff, 0x0b06);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xbb, 0x01, 0xff, 0xff, 0x0b, 0x06, 0, 0, 0, 0, 0, 0});

    /* MMC-6 6.23: media type byte 1, address 2-5, layer 6, format 7, alloc 8-9, AGID 10 bits 7-6. */
    fill_junk(cdb);
    n = mmc_build_read_disc_structure(cdb, 0x1, 0x11223344, 1, 0x20, 0x0808, 2);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xad, 0x01, 0x11, 0x22, 0x33, 0x44, 0x01, 0x20, 0x08, 0x08, 0x80, 0});

    /* MMC-6 6.24: Block bit 0 of byte 1. */
    fill_junk(cdb);
    n = mmc_build_read_buffer_capacity(cdb, true, 12);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x5c, 0x01, 0, 0, 0, 0, 0, 0, 12, 0});
    n = mmc_build_read_buffer_capacity(cdb, false, 0x0100);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x5c, 0x00, 0, 0, 0, 0, 0, 0x01, 0x00, 0});
}

static void test_write_commands(void)
{
    uint8_t cdb[16];
    unsigned int n;

    /* SBC READ(10)/WRITE(10): FUA byte 1 bit 3, LBA 2-5, length 7-8. */
    fill_junk(cdb);
    n = mmc_build_read_10(cdb, 0x00112233, 0x0010);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x28, 0, 0x00, 0x11, 0x22, 0x33, 0, 0x00, 0x10, 0});
    n = mmc_build_write_10(cdb, 0x8899aabb, 0x0120, false);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x2a, 0, 0x88, 0x99, 0xaa, 0xbb, 0, 0x01, 0x20, 0});
    n = mmc_build_write_10(cdb, 16, 32, true);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x2a, 0x08, 0, 0, 0, 16, 0, 0, 32, 0});

    /* READ(12)/WRITE(12): LBA 2-5, length 6-9, Streaming byte 10 bit 7. */
    fill_junk(cdb);
    n = mmc_build_read_12(cdb, 0x01020304, 0x05060708, true);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xa8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0x80, 0});
    n = mmc_build_write_12(cdb, 0x0a0b0c0d, 0x00000020, false, false);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xaa, 0, 0x0a, 0x0b, 0x0c, 0x0d, 0, 0, 0, 0x20, 0, 0});
    n = mmc_build_write_12(cdb, 1, 2, true, true);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xaa, 0x08, 0, 0, 0, 1, 0, 0, 0, 2, 0x80, 0});

    /* MMC-6 6.41: Immed is byte 1 bit 1. */
    fill_junk(cdb);
    n = mmc_build_synchronize_cache(cdb, true);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x35, 0x02, 0, 0, 0, 0, 0, 0, 0, 0});
    n = mmc_build_synchronize_cache(cdb, false);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x35, 0x00, 0, 0, 0, 0, 0, 0, 0, 0});

    /* MMC-6 6.3: Immed byte 1 bit 0, close function byte 2 bits 2-0, track 4-5. */
    fill_junk(cdb);
    n = mmc_build_close_track_session(cdb, true, MMC_CLOSE_TRACK, 0x0102);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x5b, 0x01, 0x01, 0, 0x01, 0x02, 0, 0, 0, 0});
    n = mmc_build_close_track_session(cdb, false, MMC_CLOSE_FINALIZE, 0);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x5b, 0x00, 0x06, 0, 0, 0, 0, 0, 0, 0});
    n = mmc_build_close_track_session(cdb, true, MMC_CLOSE_SESSION, 0);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x5b, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0});

    /* MMC-6 6.31: reservation size bytes 5-8 with ARSV = 0. */
    fill_junk(cdb);
    n = mmc_build_reserve_track(cdb, 0x0001d4c0);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x53, 0, 0, 0, 0, 0x00, 0x01, 0xd4, 0xc0, 0});

    /* MMC-6 6.2: Immed byte 1 bit 4, blanking type bits 2-0, address 2-5. */
    fill_junk(cdb);
    n = mmc_build_blank(cdb, true, MMC_BLANK_MINIMAL, 0);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xa1, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    n = mmc_build_blank(cdb, false, MMC_BLANK_TRACK, 0x00000203);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xa1, 0x02, 0, 0, 0x02, 0x03, 0, 0, 0, 0, 0, 0});
    n = mmc_build_blank(cdb, true, MMC_BLANK_DISC, 0);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xa1, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

    /* MMC-6 6.5: FmtData byte 1 bit 4, format code 001b. */
    fill_junk(cdb);
    n = mmc_build_format_unit(cdb);
    check_cdb(cdb, n, 6, (const uint8_t[]){0x04, 0x11, 0, 0, 0, 0});

    /* MMC-6 6.30: DoOpc byte 1 bit 0, parameter list length 7-8. */
    fill_junk(cdb);
    n = mmc_build_send_opc_information(cdb, true, 0);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x54, 0x01, 0, 0, 0, 0, 0, 0, 0, 0});
    n = mmc_build_send_opc_information(cdb, false, 0x0010);
    check_cdb(cdb, n, 10, (const uint8_t[]){0x54, 0x00, 0, 0, 0, 0, 0, 0x00, 0x10, 0});
}

static void test_format_parameters(void)
{
    /* MMC-6 6.5.3: 4-byte header (byte 1: FOV bit 7, Immed bit 1; descriptor
     * length 8), then blocks, type << 2 | subtype, type dependent parameter. */
    static const uint8_t expect_immed[12] =
        {0x00, 0x82, 0x00, 0x08, 0x00, 0x23, 0x05, 0xc0, 0x98, 0x00, 0x08, 0x00};
    static const uint8_t expect_plain[12] =
        {0x00, 0x00, 0x00, 0x08, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x01, 0x02, 0x03};
    uint8_t list[MMC_FORMAT_PARAMETER_LIST_LENGTH];
    unsigned int n;

    memset(list, 0xcc, sizeof(list));
    n = mmc_build_format_unit_parameters(list, true, 0x002305c0, MMC_FORMAT_TYPE_DVD_PLUS_RW_FULL, 0, 0x0800);
    ok(n == 12, "Got length %u.\n", n);
    ok(!memcmp(list, expect_immed, 12), "DVD+RW format list differs.\n");

    memset(list, 0xcc, sizeof(list));
    n = mmc_build_format_unit_parameters(list, false, 0xffffffff, MMC_FORMAT_TYPE_BD_R_WITH_SPARES, 1, 0x010203);
    ok(n == 12, "Got length %u.\n", n);
    ok(!memcmp(list, expect_plain, 12), "BD-R format list differs.\n");
}

static void test_send_disc_structure(void)
{
    /* MMC-6 6.43: parameter list = Disc Structure Data Length (the bytes after
     * it: data + 2 reserved), 2 reserved bytes, then the structure. */
    static const uint8_t data[5] = {0x11, 0x22, 0x33, 0x44, 0x55};
    static const uint8_t expect_list[9] = {0x00, 0x07, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
    uint8_t cdb[16], list[16];
    unsigned int n;

    /* Media type byte 1 bits 3-0, format byte 7, parameter list length 8-9,
     * AGID byte 10 bits 7-6. */
    fill_junk(cdb);
    n = mmc_build_send_disc_structure(cdb, MMC_DISC_STRUCTURE_MEDIA_BD, 0x0f, 0x0809, 2);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xbf, 0x01, 0, 0, 0, 0, 0, 0x0f, 0x08, 0x09, 0x80, 0});
    fill_junk(cdb);
    n = mmc_build_send_disc_structure(cdb, 0xf1, 0x04, 4, 7);
    check_cdb(cdb, n, 12, (const uint8_t[]){0xbf, 0x01, 0, 0, 0, 0, 0, 0x04, 0x00, 0x04, 0xc0, 0});

    memset(list, 0xcc, sizeof(list));
    n = mmc_build_send_disc_structure_list(list, sizeof(list), data, sizeof(data));
    ok(n == 9, "Got length %u.\n", n);
    ok(!memcmp(list, expect_list, 9), "List differs.\n");
    ok(list[9] == 0xcc, "Wrote past the list.\n");

    memset(list, 0xcc, sizeof(list));
    n = mmc_build_send_disc_structure_list(list, 4, NULL, 0);
    ok(n == 4 && list[0] == 0 && list[1] == 2 && list[2] == 0 && list[3] == 0, "Got %u, %02x %02x.\n", n,
            list[0], list[1]);

    n = mmc_build_send_disc_structure_list(list, 8, data, sizeof(data));
    ok(!n, "Got length %u.\n", n);
    n = mmc_build_send_disc_structure_list(list, 0x20000, data, 0xfffc);
    ok(!n, "Got length %u.\n", n);
    n = mmc_build_send_disc_structure_list(list, sizeof(list), NULL, 1);
    ok(!n, "Got length %u.\n", n);
}

static void test_write_params_page(void)
{
    /* MMC-6 7.5: mode parameter header (8 zero bytes for MODE SELECT), then
     * page 05h, length 32h, and the fields at their page offsets. */
    uint8_t expect[MMC_WRITE_PARAMETERS_LIST_LENGTH] = {0};
    struct mmc_write_params params;
    uint8_t list[80];
    unsigned int n;

    memset(&params, 0, sizeof(params));
    params.buffer_underrun_free = true;
    params.link_size_valid = true;
    params.test_write = true;
    params.write_type = MMC_WRITE_TYPE_TAO;
    params.multi_session = MMC_MULTI_SESSION_OPEN;
    params.fixed_packet = true;
    params.copy = true;
    params.track_mode = MMC_TRACK_MODE_DATA_INCREMENTAL;
    params.data_block_type = MMC_DATA_BLOCK_MODE2_FORM1_2048;
    params.link_size = 7;
    params.host_application_code = 0x2a;
    params.session_format = MMC_SESSION_FORMAT_CDROM_XA;
    params.packet_size = 0x00010203;
    params.audio_pause_length = 150;

    expect[8] = 0x05;
    expect[9] = 0x32;
    expect[10] = 0x40 | 0x20 | 0x10 | 0x01;  /* BUFE, LS_V, Test Write, TAO */
    expect[11] = 0xc0 | 0x20 | 0x10 | 0x05;  /* multi 11b, FP, Copy, track mode 5 */
    expect[12] = 0x0a;
    expect[13] = 7;
    expect[15] = 0x2a;
    expect[16] = 0x20;
    expect[18] = 0x00;
    expect[19] = 0x01;
    expect[20] = 0x02;
    expect[21] = 0x03;
    expect[22] = 0x00;
    expect[23] = 150;

    memset(list, 0xcc, sizeof(list));
    n = mmc_build_write_params_page(list, sizeof(list), &params);
    ok(n == 60, "Got length %u.\n", n);
    ok(!memcmp(list, expect, 60), "Page 05h differs.\n");
    ok(list[60] == 0xcc, "Wrote past the list.\n");

    /* DVD-R incremental as in doc/multisession.md 4.3: packet, LS_V, link 16, FP, packet 16. */
    memset(&params, 0, sizeof(params));
    params.write_type = MMC_WRITE_TYPE_PACKET;
    params.link_size_valid = true;
    params.link_size = 16;
    params.fixed_packet = true;
    params.packet_size = 16;
    params.track_mode = MMC_TRACK_MODE_DATA_INCREMENTAL;
    params.data_block_type = MMC_DATA_BLOCK_MODE1_2048;
    params.multi_session = MMC_MULTI_SESSION_NONE;
    n = mmc_build_write_params_page(list, sizeof(list), &params);
    ok(n == 60, "Got length %u.\n", n);
    ok(list[10] == 0x20, "Got byte 2 %#x.\n", list[10]);
    ok(list[11] == 0x25, "Got byte 3 %#x.\n", list[11]);
    ok(list[12] == 0x08, "Got byte 4 %#x.\n", list[12]);
    ok(list[13] == 16, "Got link size %u.\n", list[13]);
    ok(list[21] == 16 && !list[18] && !list[19] && !list[20], "Got packet size bytes %x %x %x %x.\n",
            list[18], list[19], list[20], list[21]);

    n = mmc_build_write_params_page(list, 59, &params);
    ok(n == 0, "A 59-byte buffer was accepted (%u).\n", n);
}

static void test_streaming_descriptor(void)
{
    /* MMC-6 6.39.2.1: byte 0 WRC bits 4-3, RDD bit 2, Exact bit 1, RA bit 0. */
    static const uint8_t expect[28] =
    {
        0x08 | 0x02, 0, 0, 0,
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x23, 0x05, 0xbf,
        0x00, 0x00, 0x1b, 0x90,
        0x00, 0x00, 0x03, 0xe8,
        0x00, 0x00, 0x36, 0xb0,
        0x00, 0x00, 0x03, 0xe9,
    };
    struct mmc_streaming_descriptor d = {0};
    uint8_t desc[MMC_STREAMING_DESCRIPTOR_LENGTH];
    unsigned int n;

    d.write_rotation_control = 1;
    d.exact = true;
    d.start_lba = 0;
    d.end_lba = 0x002305bf;
    d.read_size = 7056;
    d.read_time = 1000;
    d.write_size = 14000;
    d.write_time = 1001;
    n = mmc_build_streaming_descriptor(desc, &d);
    ok(n == 28, "Got length %u.\n", n);
    ok(!memcmp(desc, expect, 28), "Descriptor differs.\n");

    d.write_rotation_control = 0;
    d.exact = false;
    d.restore_defaults = true;
    d.random_access = true;
    mmc_build_streaming_descriptor(desc, &d);
    ok(desc[0] == 0x05, "Got byte 0 %#x.\n", desc[0]);
}

static void test_msf(void)
{
    struct mmc_msf msf;

    /* MMC-6 table 570 and doc/multisession.md 0.4. */
    ok(mmc_msf_to_lba(0, 2, 0) == 0, "00:02:00 is %d.\n", mmc_msf_to_lba(0, 2, 0));
    ok(mmc_msf_to_lba(0, 0, 0) == -150, "00:00:00 is %d.\n", mmc_msf_to_lba(0, 0, 0));
    ok(mmc_msf_to_lba(79, 59, 74) == 359849, "79:59:74 is %d.\n", mmc_msf_to_lba(79, 59, 74));
    ok(mmc_msf_to_lba(97, 15, 35) == -12490, "97:15:35 is %d.\n", mmc_msf_to_lba(97, 15, 35));
    ok(mmc_msf_to_lba(89, 59, 74) == 404849, "89:59:74 is %d.\n", mmc_msf_to_lba(89, 59, 74));
    ok(mmc_msf_to_lba(90, 0, 0) == -45150, "90:00:00 is %d.\n", mmc_msf_to_lba(90, 0, 0));
    ok(mmc_msf_to_lba(99, 59, 74) == -151, "99:59:74 is %d.\n", mmc_msf_to_lba(99, 59, 74));
    ok(mmc_msf_to_lba(6, 0, 52) == 26902, "06:00:52 is %d.\n", mmc_msf_to_lba(6, 0, 52));

    ok(mmc_lba_to_msf(359849, &msf) && msf.minute == 79 && msf.second == 59 && msf.frame == 74,
            "359849 gave %u:%u:%u.\n", msf.minute, msf.second, msf.frame);
    ok(mmc_lba_to_msf(-12490, &msf) && msf.minute == 97 && msf.second == 15 && msf.frame == 35,
            "-12490 gave %u:%u:%u.\n", msf.minute, msf.second, msf.frame);
    ok(mmc_lba_to_msf(-150, &msf) && !msf.minute && !msf.second && !msf.frame,
            "-150 gave %u:%u:%u.\n", msf.minute, msf.second, msf.frame);
    ok(mmc_lba_to_msf(-151, &msf) && msf.minute == 99 && msf.second == 59 && msf.frame == 74,
            "-151 gave %u:%u:%u.\n", msf.minute, msf.second, msf.frame);
    ok(mmc_lba_to_msf(0, &msf) && !msf.minute && msf.second == 2 && !msf.frame,
            "0 gave %u:%u:%u.\n", msf.minute, msf.second, msf.frame);
    ok(!mmc_lba_to_msf(404850, &msf), "404850 converted.\n");
    ok(!mmc_lba_to_msf(-45151, &msf), "-45151 converted.\n");
    ok(mmc_lba_to_msf(-45150, &msf) && msf.minute == 90, "-45150 gave minute %u.\n", msf.minute);
}

static void test_timeouts(void)
{
    ok(mmc_command_timeout(MMC_WRITE_10) == MMC_TIMEOUT_LONG, "WRITE(10) timeout.\n");
    ok(mmc_command_timeout(MMC_WRITE_12) == MMC_TIMEOUT_LONG, "WRITE(12) timeout.\n");
    ok(mmc_command_timeout(MMC_RESERVE_TRACK) == MMC_TIMEOUT_LONG, "RESERVE TRACK timeout.\n");
    ok(mmc_command_timeout(MMC_CLOSE_TRACK_SESSION) == MMC_TIMEOUT_LONG, "CLOSE timeout.\n");
    ok(mmc_command_timeout(MMC_BLANK) == MMC_TIMEOUT_LONG, "BLANK timeout.\n");
    ok(mmc_command_timeout(MMC_FORMAT_UNIT) == MMC_TIMEOUT_LONG, "FORMAT UNIT timeout.\n");
    ok(mmc_command_timeout(MMC_SEND_OPC_INFORMATION) == MMC_TIMEOUT_LONG, "OPC timeout.\n");
    ok(mmc_command_timeout(MMC_SYNCHRONIZE_CACHE) == MMC_TIMEOUT_LONG, "SYNC CACHE timeout.\n");
    ok(mmc_command_timeout(MMC_INQUIRY) == MMC_TIMEOUT_DEFAULT, "INQUIRY timeout.\n");
    ok(mmc_command_timeout(MMC_READ_10) == MMC_TIMEOUT_DEFAULT, "READ(10) timeout.\n");
    ok(MMC_TIMEOUT_DEFAULT == 30 && MMC_TIMEOUT_LONG == 200, "Timeout values %u %u.\n",
            MMC_TIMEOUT_DEFAULT, MMC_TIMEOUT_LONG);
}

static void test_names(void)
{
    char text[96];
    uint8_t cdb[16];
    unsigned int n;

    ok(!strcmp(mmc_opcode_name(MMC_READ_TRACK_INFORMATION), "READ TRACK INFORMATION"), "Got %s.\n",
            mmc_opcode_name(MMC_READ_TRACK_INFORMATION));
    ok(!strcmp(mmc_opcode_name(0xff), "unknown opcode"), "Got %s.\n", mmc_opcode_name(0xff));
    ok(!strcmp(mmc_profile_name(MMC_PROFILE_DVD_PLUS_R_DL), "DVD+R DL"), "Got %s.\n",
            mmc_profile_name(MMC_PROFILE_DVD_PLUS_R_DL));
    ok(!strcmp(mmc_profile_name(0x7777), "unknown profile"), "Got %s.\n", mmc_profile_name(0x7777));
    ok(!strcmp(mmc_feature_name(MMC_FEATURE_INCREMENTAL_STREAMING_WRITABLE), "Incremental Streaming Writable"),
            "Got %s.\n", mmc_feature_name(MMC_FEATURE_INCREMENTAL_STREAMING_WRITABLE));
    ok(!strcmp(mmc_feature_name(0xff42), "vendor specific"), "Got %s.\n", mmc_feature_name(0xff42));

    n = mmc_build_write_10(cdb, 27, 16, false);
    mmc_describe_cdb(cdb, n, text, sizeof(text));
    ok(!strcmp(text, "lba 27 blocks 16"), "Got \"%s\".\n", text);
    mmc_describe_cdb(cdb, n, text, 5);
    ok(!strcmp(text, "lba "), "Got \"%s\".\n", text);
    n = mmc_build_read_track_info(cdb, MMC_TRACK_ADDRESS_TRACK, 255, 48);
    mmc_describe_cdb(cdb, n, text, sizeof(text));
    ok(!strcmp(text, "type 1 number 255 alloc 48"), "Got \"%s\".\n", text);
    /* A truncated CDB is not decoded. */
    mmc_describe_cdb(cdb, 4, text, sizeof(text));
    ok(!strcmp(text, ""), "Got \"%s\".\n", text);
}

START_TEST(mmc_cdb)
{
    test_spc_commands();
    test_information_commands();
    test_write_commands();
    test_format_parameters();
    test_send_disc_structure();
    test_write_params_page();
    test_streaming_descriptor();
    test_msf();
    test_timeouts();
    test_names();
}
