/*
 * Unit tests of the virtual recorder: DVD media (±R, ±RW, DVD+R DL).
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

/* DVD addresses move in 16-block ECC units: a closed track of N blocks
 * occupies N rounded up to 16.  Capacities: single layer 2295104 blocks,
 * DVD+R DL 4173824.  The gaps between sessions are drive-defined; the
 * recorder documents its choice in vdrive.h (DVD+R 18768, the value of
 * doc/multisession.md's worked example 5.2; DVD-R borders 16384 after the
 * first, 3072 after later ones), so the expectations below are
 * end-of-session + documented gap. */

#include "vdtest.h"

#define DVD_CAPACITY    2295104
#define DVD_DL_CAPACITY 4173824
#define PLUS_R_GAP      18768
#define MINUS_FIRST_GAP 16384
#define MINUS_LATER_GAP 3072

static void test_dvd_plus_r(const char *media, int profile, int capacity)
{
    struct tdrive *td = td_create(media);
    struct track_expect e;
    uint32_t last = 0;
    uint8_t structure[12] = {0xad, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0x04, 0, 0};

    if (!td) return;
    winetest_push_context("%s", media);
    td_settle(td);
    ok(td_profile(td) == profile, "profile %#x\n", td_profile(td));
    ok(td_feature_current(td, 0x002b) == 1, "DVD+R feature not current\n");
    ok(td_feature_current(td, 0x003b) == (profile == 0x2b), "DVD+R DL feature\n");
    ok(td_feature_current(td, 0x001f) == 1, "DVD read feature not current\n");
    ok(td_feature_current(td, 0x001e) == 0, "CD read feature current\n");
    check_disc(td, 0, 0, 1, 1, 1);
    ok(be32(td->reply + 20) == (uint32_t)capacity, "last possible lead-out %u\n", be32(td->reply + 20));
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    e = (struct track_expect){1, 1, 0, capacity, 0, capacity, 1, 1, 0};
    check_track(td, &e);
    ok(td_in(td, structure, sizeof(structure), 2052) == 0, "READ DISC STRUCTURE 00h\n");
    ok(be16(td->reply) == 2050 && td->reply[4] == (profile == 0x2b ? 0xe1 : 0xa1), "book type %02x\n", td->reply[4]);
    structure[7] = 0x11;
    ok(td_in(td, structure, sizeof(structure), 2052) == 0 && be16(td->reply) == 258, "ADIP length %u\n",
       be16(td->reply));
    structure[7] = 0x20;
    ok(td_in(td, structure, sizeof(structure), 2052) == (profile == 0x2b ? 0 : SENSE(5, 0x24, 0)),
       "layer boundary structure\n");

    /* session 1: 4000 blocks (250 ECC units): track 1 = 0..3999, the
     * next session starts at 4000 + 18768 = 22768 */
    ok(td_write_run(td, 0, 4000, 16) == 0, "session 1 write\n");
    ok(td_sync(td) == 0, "SYNCHRONIZE CACHE\n");
    check_disc(td, 1, 1, 1, 1, 1);
    ok(td_close(td, 1, 1) == 0, "CLOSE TRACK 1\n");
    check_disc(td, 1, 1, 1, 1, 2);
    ok(td_close(td, 2, 0) == 0, "CLOSE SESSION\n");
    check_disc(td, 1, 0, 2, 2, 2);
    ok(td_rti(td, 1, 1) == 0, "RTI 1\n");
    e = (struct track_expect){1, 1, 0, 4000, 0, 0, 0, 0, 0};
    check_track(td, &e);
    ok((td->reply[6] & 0x80) && (td->reply[7] & 2) && be32(td->reply + 28) == 3999,
       "closed DVD+R track: RT %d LRA_V %d LRA %u\n", td->reply[6] >> 7, (td->reply[7] >> 1) & 1,
       be32(td->reply + 28));
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    e = (struct track_expect){2, 2, 22768, capacity - 22768, 22768, capacity - 22768, 1, 1, 0};
    check_track(td, &e);
    ok(td_read_capacity(td, &last) == 0 && last == 3999, "READ CAPACITY %u\n", last);
    ok(td_toc(td, 1, 0, 0) == 0 && td->reply[3] == 1 && be32(td->reply + 8) == 0, "TOC format 1\n");
    ok(td_toc(td, 2, 0, 1) == SENSE(5, 0x24, 0), "full TOC must fail on DVD\n");

    /* session 2: 1000 blocks pad to 1008: end 22768 + 1008 = 23776,
     * next 23776 + 18768 = 42544 */
    ok(td_write_run(td, 22768, 1000, 16) == 0, "session 2 write\n");
    ok(td_sync(td) == 0 && td_close(td, 1, 2) == 0 && td_close(td, 2, 0) == 0, "close session 2\n");
    check_disc(td, 1, 0, 3, 3, 3);
    ok(td_rti(td, 1, 2) == 0, "RTI 2\n");
    e = (struct track_expect){2, 2, 22768, 1008, 0, 0, 0, 0, 0};
    check_track(td, &e);
    ok(td_rti(td, 2, 3) == 0, "RTI session 3\n");
    e = (struct track_expect){3, 3, 42544, capacity - 42544, 42544, capacity - 42544, 1, 1, 0};
    check_track(td, &e);
    ok(td_toc(td, 1, 0, 0) == 0 && td->reply[3] == 2 && td->reply[6] == 2 && be32(td->reply + 8) == 22768,
       "TOC format 1: session %u track %u start %u\n", td->reply[3], td->reply[6], be32(td->reply + 8));
    /* padding reads back as zeros; beyond the track nothing reads */
    ok(td_read(td, 23775, 1) == 0 && td->reply[0] == 0, "padding block\n");
    ok(td_read(td, 23776, 1) == SENSE(5, 0x21, 0), "read past the session\n");
    ok(td_write(td, 42560, 16, 0) == SENSE(5, 0x21, 2), "write off the NWA\n");

    /* finalize: DVD+R DL with 110b, DVD+R with 101b */
    ok(td_close(td, profile == 0x2b ? 6 : 5, 0) == 0, "finalize\n");
    check_disc(td, 2, 3, 2, 2, 2);
    ok(td_rti(td, 1, 0xff) == SENSE(5, 0x24, 0), "RTI FFh on a finalized disc\n");
    ok(td_close(td, 2, 0) == SENSE(5, 0x2c, 0), "close after finalizing\n");
    ok(td_write(td, 42544, 16, 0) == SENSE(5, 0x21, 2), "write to a finalized disc\n");
    winetest_pop_context();
    td_destroy(td);
}

/* An unclosed track survives a close and reopen as an incomplete session. */
static void test_dvd_plus_r_incomplete(void)
{
    struct tdrive *td = td_create("dvd+r");
    struct track_expect e;
    char err[256];

    if (!td) return;
    td_settle(td);
    ok(td_write_run(td, 0, 32, 16) == 0, "write\n");
    vdrive_close(td->drive);
    td->drive = vdrive_open(td->dir, err, sizeof(err));
    ok(td->drive != NULL, "reopen: %s\n", err);
    if (!td->drive) return;
    check_disc(td, 1, 1, 1, 1, 1);
    ok(td_rti(td, 1, 1) == 0, "RTI 1\n");
    e = (struct track_expect){1, 1, 0, DVD_CAPACITY, 32, DVD_CAPACITY - 32, 1, 0, 0};
    check_track(td, &e);
    ok((td->reply[7] & 2) && be32(td->reply + 28) == 31, "LRA %u\n", be32(td->reply + 28));
    ok(td_close(td, 2, 0) == 0, "CLOSE SESSION closes the open track too\n");
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    e = (struct track_expect){2, 2, 32 + PLUS_R_GAP, -1, 32 + PLUS_R_GAP, DVD_CAPACITY - 32 - PLUS_R_GAP, 1, 1, 0};
    check_track(td, &e);
    td_destroy(td);
}

static void test_dvd_minus_r(const char *media, int profile)
{
    struct tdrive *td = td_create(media);
    struct track_expect e;

    if (!td) return;
    winetest_push_context("%s", media);
    td_settle(td);
    ok(td_profile(td) == profile, "profile %#x\n", td_profile(td));
    ok(td_feature_current(td, 0x0021) == 1, "incremental streaming not current\n");
    ok(td_feature_current(td, 0x002f) == 1, "DVD-R write not current\n");
    ok(td_rti(td, 1, 0xff) == SENSE(5, 0x24, 0), "RTI FFh is not valid on DVD-R\n");
    ok(td_write_params(td, 0, 3) == 0, "page 05h incremental, multi 11b\n");
    ok(td_write_params(td, 1, 3) == SENSE(5, 0x26, 0), "TAO is not a DVD-R write type\n");
    ok(td_rti(td, 1, 1) == 0, "RTI 1\n");
    e = (struct track_expect){1, 1, 0, DVD_CAPACITY, 0, DVD_CAPACITY, 1, 1, 0};
    check_track(td, &e);
    /* incremental, variable packets: growisofs rejects FP=1 on DVD-R */
    ok((td->reply[5] & 0x0f) == 5 && (td->reply[6] & 0x30) == 0x20 && be32(td->reply + 20) == 0,
       "track mode %d, packet/FP %#x, packet size %u\n", td->reply[5] & 0x0f, td->reply[6] & 0x30,
       be32(td->reply + 20));

    /* border 1: 1000 blocks -> 1008; next border at 1008 + 16384 = 17392 */
    ok(td_write_run(td, 0, 1000, 16) == 0, "border 1 write\n");
    ok(td_sync(td) == 0 && td_close(td, 1, 1) == 0 && td_close(td, 2, 0) == 0, "close border 1\n");
    check_disc(td, 1, 0, 2, 2, 2);
    ok(td_rti(td, 1, 2) == 0, "RTI 2\n");
    e = (struct track_expect){2, 2, 17392, -1, 17392, DVD_CAPACITY - 17392, 1, 1, 0};
    check_track(td, &e);
    ok(td_rti(td, 1, 1) == 0, "RTI 1\n");
    e = (struct track_expect){1, 1, 0, 1008, 0, 0, 0, 0, 0};
    check_track(td, &e);

    /* border 2: 1000 -> 1008, end 18400; next 18400 + 3072 = 21472 */
    ok(td_write_run(td, 17392, 1000, 16) == 0, "border 2 write\n");
    ok(td_sync(td) == 0 && td_close(td, 1, 2) == 0 && td_close(td, 2, 0) == 0, "close border 2\n");
    ok(td_rti(td, 1, 3) == 0, "RTI 3\n");
    e = (struct track_expect){3, 3, 21472, -1, 21472, DVD_CAPACITY - 21472, 1, 1, 0};
    check_track(td, &e);
    ok(td_toc(td, 1, 0, 0) == 0 && td->reply[3] == 2 && be32(td->reply + 8) == 17392, "TOC format 1 %u\n",
       be32(td->reply + 8));

    /* the last border with multi-session 00b closes the disc */
    ok(td_write_params(td, 0, 0) == 0, "multi 00b\n");
    ok(td_write_run(td, 21472, 32, 16) == 0 && td_sync(td) == 0 && td_close(td, 1, 3) == 0
       && td_close(td, 2, 0) == 0, "last border\n");
    check_disc(td, 2, 3, 3, 3, 3);
    ok(td_feature_current(td, 0x0021) == 0, "incremental streaming current on a closed disc\n");
    winetest_pop_context();
    td_destroy(td);
}

static void test_dvd_minus_r_dao(void)
{
    struct tdrive *td = td_create("dvd-r");
    uint8_t reserve[10] = {0x53, 0, 0, 0, 0, 0, 0, 0x03, 0xe8, 0};   /* 1000 blocks */
    struct track_expect e;

    if (!td) return;
    td_settle(td);
    ok(td_write_params(td, 2, 0) == 0, "page 05h DAO\n");
    ok(td_write(td, 0, 16, 0) == SENSE(5, 0x2c, 0), "DAO write without a reservation\n");
    ok(td_exec(td, reserve, sizeof(reserve), VDRIVE_DIR_NONE, NULL, 0) == 0, "RESERVE TRACK\n");
    ok(td_rti(td, 1, 1) == 0, "RTI 1\n");
    e = (struct track_expect){1, 1, 0, 1008, 0, 1008, 1, 1, 0};
    check_track(td, &e);
    ok(td->reply[6] & 0x80, "reserved track without RT\n");
    ok(td_exec(td, reserve, sizeof(reserve), VDRIVE_DIR_NONE, NULL, 0) == SENSE(5, 0x2c, 0), "second reservation\n");
    ok(td_write_run(td, 0, 1000, 16) == 0, "DAO write\n");
    ok(td_sync(td) == 0, "SYNCHRONIZE CACHE\n");
    /* DAO: one session, finalized without a close command */
    check_disc(td, 2, 3, 1, 1, 1);
    td_destroy(td);
}

static void test_dvd_rw(void)
{
    struct tdrive *td = td_create("dvd-rw");
    uint8_t rfc[10] = {0x23, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0};
    struct track_expect e;
    uint32_t last = 0;

    if (!td) return;
    td_settle(td);
    td_write_params(td, 0, 3);
    ok(td_write_run(td, 0, 64, 16) == 0 && td_sync(td) == 0 && td_close(td, 1, 1) == 0 && td_close(td, 2, 0) == 0,
       "session\n");
    check_disc(td, 1, 0, 2, 2, 2);
    ok(td->reply[2] & 0x10, "DVD-RW must be erasable\n");

    /* full blank: blank again and still incremental */
    ok(td_blank(td, 0) == 0, "full BLANK\n");
    check_disc(td, 0, 0, 1, 1, 1);
    ok(td_feature_current(td, 0x0021) == 1, "incremental lost after a full blank\n");
    ok(td_rti(td, 1, 1) == 0, "RTI 1\n");
    e = (struct track_expect){1, 1, 0, DVD_CAPACITY, 0, DVD_CAPACITY, 1, 1, 0};
    check_track(td, &e);

    /* minimal blank: DAO only (libburn cookbook, 05/64/00 otherwise) */
    ok(td_write_run(td, 0, 64, 16) == 0 && td_sync(td) == 0 && td_close(td, 2, 0) == 0, "session\n");
    ok(td_blank(td, 1) == 0, "minimal BLANK\n");
    check_disc(td, 0, 0, 1, 1, 1);
    ok(td_feature_current(td, 0x0021) == 0, "incremental current after a minimal blank\n");
    ok(td_write(td, 0, 16, 0) == SENSE(5, 0x64, 0), "incremental write after a minimal blank\n");

    /* format to restricted overwrite */
    ok(td_in(td, rfc, sizeof(rfc), 256) == 0, "READ FORMAT CAPACITIES\n");
    ok(td->reply[3] >= 16 && td->reply[12 + 4] >> 2 == 0x00 && be32(td->reply + 12) == DVD_CAPACITY,
       "format 00h descriptor %u\n", be32(td->reply + 12));
    ok(td_format(td, 0x00, DVD_CAPACITY) == 0, "FORMAT UNIT 00h\n");
    ok(td_profile(td) == 0x0013, "profile after formatting %#x\n", td_profile(td));
    ok(td_feature_current(td, 0x0026) == 1, "restricted overwrite not current\n");
    ok(td_feature_current(td, 0x0020) == 1, "random writable not current\n");
    check_disc(td, 2, 3, 1, 1, 1);
    ok(td_read_capacity(td, &last) == 0 && last == DVD_CAPACITY - 1, "READ CAPACITY %u\n", last);
    ok(td_write(td, 100, 16, 0) == SENSE(5, 0x21, 2), "unaligned restricted-overwrite write\n");
    ok(td_write(td, 96, 16, 0x40) == 0 && td_write(td, 32, 16, 0x20) == 0 && td_write(td, 96, 16, 0x41) == 0,
       "overwrite\n");
    ok(td_read(td, 96, 1) == 0 && td->reply[0] == 0x41, "read back %02x\n", td->reply[0]);
    ok(td_rti(td, 1, 1) == 0 && (td->reply[7] & 2) && be32(td->reply + 28) == 111, "LRA %u\n",
       be32(td->reply + 28));
    ok(td_write(td, DVD_CAPACITY - 16, 32, 0) == SENSE(5, 0x21, 0), "write past the formatted size\n");
    ok(td_blank(td, 0) == 0 && td_profile(td) == 0x0014, "BLANK back to sequential: %#x\n", td_profile(td));
    td_destroy(td);
}

static void test_dvd_plus_rw(void)
{
    struct tdrive *td = td_create("dvd+rw");
    uint8_t rfc[10] = {0x23, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0};
    uint8_t request_sense[6] = {0x03, 0, 0, 0, 18, 0};
    unsigned int polls = 0;
    uint32_t last = 0;
    char err[256];

    if (!td) return;
    td_settle(td);
    ok(td_profile(td) == 0x001a, "profile %#x\n", td_profile(td));
    check_disc(td, 0, 0, 1, 1, 1);
    ok((td->reply[7] & 3) == 0, "background format status %d\n", td->reply[7] & 3);
    ok(td_in(td, rfc, sizeof(rfc), 256) == 0, "READ FORMAT CAPACITIES\n");
    ok((td->reply[8] & 3) == 1 && be32(td->reply + 4) == DVD_CAPACITY, "unformatted current descriptor\n");
    ok(td->reply[3] == 16 && td->reply[16] >> 2 == 0x26 && be32(td->reply + 12) == DVD_CAPACITY,
       "format 26h descriptor\n");
    ok(td_write(td, 0, 16, 0) == SENSE(5, 0x30, 0x10), "write to unformatted DVD+RW\n");

    ok(td_format(td, 0x26, 0xffffffff) == 0, "FORMAT UNIT 26h\n");
    check_disc(td, 2, 3, 1, 1, 1);
    ok((td->reply[7] & 3) == 2, "background format must be running: %d\n", td->reply[7] & 3);
    ok(td_read_capacity(td, &last) == 0 && last == DVD_CAPACITY - 1, "READ CAPACITY %u\n", last);
    /* random overwrite, 2 KiB granularity */
    ok(td_write(td, 5, 3, 0x10) == 0 && td_write(td, 1000, 16, 0x30) == 0 && td_write(td, 6, 1, 0x77) == 0,
       "overwrites\n");
    ok(td_read(td, 5, 3) == 0 && td->reply[0] == 0x10 && td->reply[BLOCK] == 0x77 && td->reply[2 * BLOCK] == 0x12,
       "read back %02x %02x %02x\n", td->reply[0], td->reply[BLOCK], td->reply[2 * BLOCK]);
    ok(td_read(td, 2000, 1) == 0 && td->reply[0] == 0, "unwritten formatted block reads as zeros\n");
    ok(td_close(td, 0, 0) == 0, "CLOSE 000b stops the background format\n");
    ok(td_rdi(td) == 0 && (td->reply[7] & 3) == 1, "background format suspended: %d\n", td->reply[7] & 3);
    ok(td_close(td, 2, 0) == 0, "CLOSE 010b completes the format\n");
    ok(td_rdi(td) == 0 && (td->reply[7] & 3) == 3, "background format complete: %d\n", td->reply[7] & 3);
    ok(td_feature_current(td, 0x002a) == 1, "DVD+RW feature not current\n");
    ok(td_blank(td, 0) == SENSE(5, 0x30, 0), "BLANK on DVD+RW\n");

    /* formatted again (dvd+rw-format -force): the disc is written anew, and
     * with blank-time the format runs in the background, 02/04/04 with a
     * progress indication meanwhile */
    ok(vdrive_fault(td->dir, "blank-time:400", err, sizeof(err)) == 0, "fault: %s\n", err);
    ok(td_format(td, 0x26, 0xffffffff) == 0, "FORMAT UNIT 26h again\n");
    ok(td_tur(td) == SENSE(2, 0x04, 0x04), "busy while formatting\n");
    ok(td->result.sense[15] == 0x80, "SKSV %#x\n", td->result.sense[15]);
    ok(td_in(td, request_sense, sizeof(request_sense), 18) == 0 && td->reply[12] == 0x04 && td->reply[13] == 0x04
       && td->reply[15] == 0x80, "REQUEST SENSE while formatting %02x/%02x\n", td->reply[12], td->reply[13]);
    while (td_tur(td) == SENSE(2, 0x04, 0x04) && polls++ < 100)
        usleep(20000);
    ok(td_tur(td) == 0, "ready after the format, %u polls\n", polls);
    ok(td_read(td, 5, 1) == 0 && td->reply[0] == 0, "the format wiped the disc %02x\n", td->reply[0]);
    ok(td_rdi(td) == 0 && (td->reply[7] & 3) == 2, "background format running: %d\n", td->reply[7] & 3);
    td_destroy(td);
}

START_TEST(vdrive_dvd)
{
    test_dvd_plus_r("dvd+r", 0x1b, DVD_CAPACITY);
    test_dvd_plus_r("dvd+r-dl", 0x2b, DVD_DL_CAPACITY);
    test_dvd_plus_r_incomplete();
    test_dvd_minus_r("dvd-r", 0x11);
    test_dvd_minus_r("dvd-rw", 0x14);
    test_dvd_minus_r_dao();
    test_dvd_rw();
    test_dvd_plus_rw();
}
