/*
 * Unit tests of the virtual recorder: CD-R and CD-RW recording model.
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

/* The numbers follow doc/multisession.md: an 80-minute CD-R has its last
 * possible lead-out at 79:59:74 = (79*60+59)*75+74-150 = 359849 and its
 * ATIP lead-in at 97:15:35 = (97*60+15)*75+35-450150 = -12490.  A TAO track
 * of N blocks occupies N + 2 (run-out); a session's lead-out starts right
 * after its last track (A2); the next session's first user block is
 * A2 + 6750 + 4500 + 150 = A2 + 11400 after session 1 and
 * A2 + 2250 + 4500 + 150 = A2 + 6900 after later sessions. */

#include <time.h>

#include "vdtest.h"

#define CD_LEADOUT_MAX 359849

static void check_msf(const uint8_t *p, int m, int s, int f, const char *what)
{
    ok(p[0] == m && p[1] == s && p[2] == f, "%s: %02u:%02u:%02u, expected %02d:%02d:%02d\n", what,
       p[0], p[1], p[2], m, s, f);
}

/* A raw TOC descriptor with the given session and POINT, or NULL. */
static const uint8_t *find_point(const uint8_t *toc, int session, int point)
{
    uint32_t len = be16(toc) + 2, pos;

    for (pos = 4; pos + 11 <= len; pos += 11)
        if (toc[pos] == session && toc[pos + 3] == point) return toc + pos;
    return NULL;
}

static void test_blank_cd_r(void)
{
    struct tdrive *td = td_create("cd-r");
    struct track_expect e = {1, 1, 0, -1, 0, CD_LEADOUT_MAX, 1, 1, 0};
    uint32_t last = 0;

    if (!td) return;
    ok(td_tur(td) == 0, "TEST UNIT READY after creation\n");
    ok(td_profile(td) == 0x0009, "profile %#x\n", td_profile(td));
    check_disc(td, 0, 0, 1, 1, 1);
    ok(!(td->reply[2] & 0x10), "CD-R must not be erasable\n");
    /* lead-in of the blank disc: ATIP 97:15:35; last possible lead-out 79:59:74 */
    check_msf(td->reply + 17, 97, 15, 35, "RDI lead-in");
    check_msf(td->reply + 21, 79, 59, 74, "RDI last possible lead-out");

    /* blank disc, TAO selected: NWA 0, free = 359849 - 0 */
    ok(td_write_params(td, 1, 3) == 0, "MODE SELECT page 05h\n");
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    check_track(td, &e);
    ok(td_toc(td, 0, 0, 0) == SENSE(5, 0x24, 0), "READ TOC on a blank disc must fail 05/24/00\n");
    ok(td_read_capacity(td, &last) == 0 && last == 0, "READ CAPACITY of a blank disc %u\n", last);

    ok(td_toc(td, 4, 1, 0) == 0, "ATIP\n");
    check_msf(td->reply + 8, 97, 15, 35, "ATIP lead-in");
    check_msf(td->reply + 12, 79, 59, 74, "ATIP lead-out");
    ok(!(td->reply[6] & 0x40), "ATIP says CD-RW\n");
    ok(td_feature_current(td, 0x002d) == 1, "CD TAO feature not current\n");
    ok(td_feature_current(td, 0x002b) == 0, "DVD+R feature current on CD-R\n");
    ok(td_feature_current(td, 0x0010) == 0, "Random Readable current on a blank CD-R\n");
    td_destroy(td);
}

/* doc/multisession.md 5.1: IMAPI writes 20000 + 150 post-gap blocks. */
static void test_cd_r_sessions(void)
{
    struct tdrive *td = td_create("cd-r");
    struct track_expect e;
    const uint8_t *d;
    uint32_t last = 0;
    char line[512];

    if (!td) return;
    td_settle(td);
    ok(td_write_params(td, 1, 3) == 0, "MODE SELECT page 05h TAO multi 11b\n");
    ok(td_write_run(td, 0, 20150, 16) == 0, "session 1 write\n");
    check_disc(td, 1, 1, 1, 1, 1);       /* track written, not closed: incomplete */
    ok(td_sync(td) == 0, "SYNCHRONIZE CACHE\n");
    ok(td_close(td, 2, 0) == 0, "CLOSE SESSION\n");

    /* A2 = 20150 + 2 = 20152; NWA = 20152 + 11400 = 31552; free = 359849 - 31552 */
    check_disc(td, 1, 0, 2, 2, 2);
    /* lead-in of session 2 = 31552 - 150 - 4500 = 26902 = 06:00:52 */
    check_msf(td->reply + 17, 6, 0, 52, "RDI lead-in of session 2");
    ok(td_rti(td, 1, 1) == 0, "RTI track 1\n");
    e = (struct track_expect){1, 1, 0, 20152, 0, 0, 0, 0, 0};
    check_track(td, &e);
    ok(!(td->reply[7] & 2), "LRA_V set on CD\n");
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    e = (struct track_expect){2, 2, 31552, -1, 31552, 359849 - 31552, 1, 1, 0};
    check_track(td, &e);
    ok(td_rti(td, 1, 2) == 0, "RTI track 2 by number\n");
    check_track(td, &e);
    ok(td_rti(td, 2, 2) == 0, "RTI session 2\n");
    check_track(td, &e);
    ok(td_rti(td, 0, 31600) == 0, "RTI by LBA\n");
    check_track(td, &e);

    ok(td_read_capacity(td, &last) == 0 && last == 20151, "READ CAPACITY %u, expected 20151 (A2 - 1)\n", last);
    ok(td_toc(td, 1, 0, 0) == 0, "TOC format 1\n");
    ok(be16(td->reply) == 10 && td->reply[2] == 1 && td->reply[3] == 1 && td->reply[6] == 1
       && be32(td->reply + 8) == 0, "TOC format 1: last session %u first track %u start %u\n",
       td->reply[3], td->reply[6], be32(td->reply + 8));
    ok(td_toc(td, 0, 0, 0) == 0, "TOC format 0\n");
    ok(be16(td->reply) == 18 && td->reply[3] == 1 && td->reply[4 + 2] == 1 && be32(td->reply + 8) == 0
       && td->reply[12 + 2] == 0xaa && be32(td->reply + 16) == 20152, "TOC format 0: leadout %u\n",
       be32(td->reply + 16));
    /* MSF: track 1 at 0 + 150 = 00:02:00, lead-out 20152 + 150 = 20302 = 04:30:52 */
    ok(td_toc(td, 0, 1, 0) == 0, "TOC format 0 MSF\n");
    check_msf(td->reply + 9, 0, 2, 0, "track 1 MSF");
    check_msf(td->reply + 17, 4, 30, 52, "lead-out MSF");

    ok(td_toc(td, 2, 1, 1) == 0, "full TOC\n");
    ok((be16(td->reply) - 2) % 11 == 0, "full TOC length %u\n", be16(td->reply));
    d = find_point(td->reply, 1, 0xa0);
    ok(d && d[8] == 1, "A0 first track\n");
    d = find_point(td->reply, 1, 0xa1);
    ok(d && d[8] == 1, "A1 last track\n");
    d = find_point(td->reply, 1, 0xa2);
    ok(d != NULL, "no A2\n");
    if (d) check_msf(d + 8, 4, 30, 52, "A2");
    d = find_point(td->reply, 1, 1);
    ok(d && (d[1] & 0x0f) == 4, "track 1 CTL\n");
    if (d) check_msf(d + 8, 0, 2, 0, "track 1 start");
    /* B0: next program area = the pre-gap of session 2 = 31402 = 07:00:52 */
    d = find_point(td->reply, 1, 0xb0);
    ok(d != NULL, "no B0 on an appendable disc\n");
    if (d)
    {
        check_msf(d + 4, 7, 0, 52, "B0 next program area");
        check_msf(d + 8, 79, 59, 74, "B0 maximum lead-out");
    }
    d = find_point(td->reply, 1, 0xc0);
    ok(d != NULL, "no C0 on a recordable disc\n");
    if (d) check_msf(d + 8, 97, 15, 35, "C0 ATIP lead-in");

    /* the last user block reads, the run-out does not */
    ok(td_read(td, 20149, 1) == 0 && td->reply[0] == (uint8_t)(20144 + 5), "read LBA 20149: %02x\n", td->reply[0]);
    ok(td_read(td, 20150, 1) == SENSE(5, 0x21, 0), "reading the run-out must fail\n");
    ok(td_write(td, 31551, 1, 0) == SENSE(5, 0x21, 2), "write before the NWA must fail 05/21/02\n");

    /* session 2: 5000 + 150 blocks at 31552: A2 = 31552 + 5150 + 2 = 36704,
     * NWA = 36704 + 6900 = 43604, free = 359849 - 43604 = 316245 */
    ok(td_write_run(td, 31552, 5150, 16) == 0, "session 2 write\n");
    ok(td_sync(td) == 0 && td_close(td, 2, 0) == 0, "close session 2\n");
    check_disc(td, 1, 0, 3, 3, 3);
    check_msf(td->reply + 17, 8, 41, 29, "RDI lead-in of session 3");   /* 43604 - 4650 = 38954 */
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    e = (struct track_expect){3, 3, 43604, -1, 43604, 316245, 1, 1, 0};
    check_track(td, &e);
    ok(td_rti(td, 1, 2) == 0, "RTI track 2\n");
    e = (struct track_expect){2, 2, 31552, 5152, 0, 0, 0, 0, 0};
    check_track(td, &e);
    ok(td_toc(td, 1, 0, 0) == 0 && td->reply[3] == 2 && td->reply[6] == 2 && be32(td->reply + 8) == 31552,
       "TOC format 1 after session 2: session %u track %u start %u\n", td->reply[3], td->reply[6],
       be32(td->reply + 8));
    ok(td_read_capacity(td, &last) == 0 && last == 36703, "READ CAPACITY %u\n", last);
    ok(td_toc(td, 2, 1, 1) == 0, "full TOC\n");
    d = find_point(td->reply, 2, 0xb0);
    /* 43604 - 150 = 43454 -> 43604 frames = 09:41:29 */
    ok(d != NULL, "no B0 in session 2\n");
    if (d) check_msf(d + 4, 9, 41, 29, "B0 of session 2");

    td_layout_line(td, "session 2 track 2 ", line, sizeof(line));
    ok(td_layout_value(line, "start") == 31552 && td_layout_value(line, "size") == 5152
       && td_layout_value(line, "recorded") == 5150 && td_layout_value(line, "nwa") == -1,
       "layout line '%s'\n", line);
    td_layout_line(td, "session 3 track 3 ", line, sizeof(line));
    ok(td_layout_value(line, "nwa") == 43604 && td_layout_value(line, "free") == 316245 && strstr(line, "state blank"),
       "layout line '%s'\n", line);
    td_layout_line(td, "disc ", line, sizeof(line));
    ok(!strncmp(line, "disc appendable last-session empty sessions 3 tracks 3", 54), "layout '%s'\n", line);

    /* session 3 closes the disc: multi-session 00b */
    ok(td_write_params(td, 1, 0) == 0, "page 05h multi 00b\n");
    ok(td_write_run(td, 43604, 300, 16) == 0, "session 3 write\n");
    ok(td_sync(td) == 0 && td_close(td, 2, 0) == 0, "close session 3\n");
    check_disc(td, 2, 3, 3, 3, 3);
    ok(td->reply[17] == 0xff && td->reply[21] == 0xff, "finalized disc: lead-in %02x lead-out %02x\n",
       td->reply[17], td->reply[21]);
    ok(td_rti(td, 1, 0xff) == SENSE(5, 0x24, 0), "RTI FFh on a finalized disc\n");
    ok(td_write(td, 43604 + 302 + 6900, 1, 0) == SENSE(5, 0x21, 2), "write to a finalized disc\n");
    ok(td_close(td, 2, 0) == SENSE(5, 0x2c, 0), "CLOSE SESSION on a finalized disc\n");
    ok(td_toc(td, 2, 1, 1) == 0, "full TOC\n");
    ok(find_point(td->reply, 3, 0xb0) == NULL, "B0 present after closing with multi-session 00b\n");
    ok(find_point(td->reply, 3, 3) != NULL, "track 3 missing from the full TOC\n");
    ok(td_feature_current(td, 0x0021) == 0, "incremental streaming current on a finalized disc\n");
    td_destroy(td);
}

/* Two TAO tracks in one session: the second starts 2 + 150 blocks after the
 * first one's data (run-out, then pre-gap). */
static void test_cd_two_tracks(void)
{
    struct tdrive *td = td_create("cd-r");
    struct track_expect e;

    if (!td) return;
    td_settle(td);
    td_write_params(td, 1, 3);
    ok(td_write_run(td, 0, 300, 16) == 0 && td_sync(td) == 0, "track 1\n");
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    e = (struct track_expect){2, 1, 452, -1, 452, 359849 - 452, 1, 1, 0};
    check_track(td, &e);
    check_disc(td, 1, 1, 1, 1, 2);
    ok(td_write_run(td, 452, 300, 16) == 0 && td_sync(td) == 0, "track 2\n");
    ok(td_close(td, 2, 0) == 0, "close session\n");
    /* A2 = 452 + 302 = 754; NWA = 754 + 11400 = 12154 */
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    e = (struct track_expect){3, 2, 12154, -1, 12154, 359849 - 12154, 1, 1, 0};
    check_track(td, &e);
    ok(td_toc(td, 0, 0, 0) == 0, "TOC\n");
    ok(td->reply[2] == 1 && td->reply[3] == 2 && be32(td->reply + 16) == 452 && be32(td->reply + 24) == 754,
       "TOC tracks %u-%u, track 2 at %u, lead-out %u\n", td->reply[2], td->reply[3], be32(td->reply + 16),
       be32(td->reply + 24));
    ok(td_toc(td, 0, 0, 2) == 0 && be16(td->reply) == 18, "TOC from track 2: length %u\n", be16(td->reply));
    ok(td_toc(td, 0, 0, 3) == SENSE(5, 0x24, 0), "TOC from track 3\n");
    td_destroy(td);
}

/* SAO: the NWA of a blank disc is the pre-gap start (-150); no run-out.
 * The track's mode comes from the cue sheet (MMC: page 05h Track Mode is
 * not used in SAO), here a data track (CTL 4) while page 05h says audio. */
static void test_cd_sao(void)
{
    struct tdrive *td = td_create("cd-r");
    uint8_t cue_cdb[10] = {0x5d, 0, 0, 0, 0, 0, 0, 0, 32, 0};
    /* lead-in, track 1 index 0 (pre-gap) and index 1, lead-out: CTL/ADR,
     * TNO, INDEX, DATA FORM, SCMS, MIN, SEC, FRAME */
    uint8_t cue[32] =
    {
        0x41, 0x00, 0x00, 0x14, 0, 0, 0, 0,
        0x41, 0x01, 0x00, 0x10, 0, 0, 0, 0,
        0x41, 0x01, 0x01, 0x10, 0, 0, 2, 0,
        0x41, 0xaa, 0x01, 0x14, 0, 0, 15, 25,
    };
    struct track_expect e;

    if (!td) return;
    td_settle(td);
    td_write_params(td, 2, 3);
    ok(td_set_page05(td, -1, -1, 0) == 0, "page 05h track mode audio\n");
    ok(td_rti(td, 1, 0xff) == 0 && (int32_t)be32(td->reply + 12) == -150, "SAO NWA %d, expected -150\n",
       (int32_t)be32(td->reply + 12));
    ok(td_write(td, -150, 16, 0) == SENSE(5, 0x2c, 0), "SAO write without a cue sheet\n");
    ok(td_exec(td, cue_cdb, sizeof(cue_cdb), VDRIVE_DIR_TO_DEVICE, cue, sizeof(cue)) == 0, "SEND CUE SHEET\n");
    ok(td_write_run(td, -150, 150, 50) == 0, "pre-gap\n");
    ok(td_write_run(td, 0, 1000, 16) == 0, "data\n");
    ok(td_sync(td) == 0, "SYNCHRONIZE CACHE ends the SAO session\n");
    ok(td_rti(td, 1, 1) == 0 && (td->reply[5] & 0x0f) == 4, "SAO track mode %#x, expected 4 from the cue sheet\n",
       td->reply[5] & 0x0f);
    /* A2 = 1000 (no run-out in SAO); NWA = 1000 + 11400 once TAO is selected */
    td_set_page05(td, -1, -1, 4);
    td_write_params(td, 1, 3);
    check_disc(td, 1, 0, 2, 2, 2);
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    e = (struct track_expect){2, 2, 12400, -1, 12400, 359849 - 12400, 1, 1, 0};
    check_track(td, &e);
    td_destroy(td);
}

static void test_cd_rw_blank(void)
{
    struct tdrive *td = td_create("cd-rw");
    struct track_expect e = {1, 1, 0, -1, 0, CD_LEADOUT_MAX, 1, 1, 0};
    int type;

    if (!td) return;
    td_settle(td);
    ok(td_profile(td) == 0x000a, "profile %#x\n", td_profile(td));
    ok(td_toc(td, 4, 1, 0) == 0 && (td->reply[6] & 0x40), "ATIP disc type must say CD-RW\n");
    for (type = 0; type <= 1; type++)
    {
        winetest_push_context("blank type %d", type);
        td_write_params(td, 1, 0);
        ok(td_write_run(td, 0, 400, 32) == 0 && td_sync(td) == 0 && td_close(td, 2, 0) == 0, "write and close\n");
        check_disc(td, 2, 3, 1, 1, 1);
        ok(td->reply[2] & 0x10, "CD-RW must be erasable\n");
        ok(td_blank(td, type) == 0, "BLANK\n");
        check_disc(td, 0, 0, 1, 1, 1);
        ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
        check_track(td, &e);
        ok(td_read(td, 0, 1) == SENSE(5, 0x21, 0), "blanked data still readable\n");
        winetest_pop_context();
    }
    ok(td_blank(td, 5) == SENSE(5, 0x24, 0), "unsupported blanking type\n");
    td_destroy(td);

    td = td_create("cd-r");
    if (!td) return;
    td_settle(td);
    ok(td_blank(td, 0) == SENSE(5, 0x30, 0), "BLANK on CD-R\n");
    td_destroy(td);
}

/* BLANK in the background: Immed answers at once, media commands report
 * 02/04/07 with a growing progress indication until the time has passed;
 * without Immed the command itself takes the time; an eject stops it. */
static void test_cd_rw_blank_background(void)
{
    uint8_t blank_immed[12] = {0xa1, 0x10 | 1}, request_sense[6] = {0x03, 0, 0, 0, 18, 0};
    struct tdrive *td = td_create("cd-rw");
    struct timespec start, end;
    unsigned int progress, last = 0, polls = 0;
    uint32_t sense;
    char err[256];
    long ms;

    if (!td) return;
    td_settle(td);
    td_write_params(td, 1, 0);
    ok(td_write_run(td, 0, 64, 32) == 0 && td_sync(td) == 0 && td_close(td, 2, 0) == 0, "write and close\n");

    ok(vdrive_fault(td->dir, "blank-time:600", err, sizeof(err)) == 0, "fault: %s\n", err);
    clock_gettime(CLOCK_MONOTONIC, &start);
    ok(td_exec(td, blank_immed, sizeof(blank_immed), VDRIVE_DIR_NONE, NULL, 0) == 0, "BLANK Immed\n");
    while ((sense = td_tur(td)) == SENSE(2, 0x04, 0x07))
    {
        ok(td->result.sense[15] == 0x80, "SKSV %#x\n", td->result.sense[15]);
        progress = be16(td->result.sense + 16);
        ok(progress >= last, "progress went back from %u to %u\n", last, progress);
        last = progress;
        ok(td_in(td, request_sense, sizeof(request_sense), 18) == 0, "REQUEST SENSE\n");
        ok((td->reply[2] & 0x0f) == 2 && td->reply[12] == 0x04 && td->reply[13] == 0x07 && td->reply[15] == 0x80,
           "REQUEST SENSE while busy %x/%02x/%02x\n", td->reply[2] & 0x0f, td->reply[12], td->reply[13]);
        polls++;
        usleep(50000);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    ms = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000;
    ok(!sense, "TEST UNIT READY after the blank %06x\n", sense);
    ok(polls >= 3 && ms >= 550, "busy for %ld ms, %u polls\n", ms, polls);
    ok(last > 0 && last < 65536, "last progress %u\n", last);
    check_disc(td, 0, 0, 1, 1, 1);

    /* without Immed the command takes the time */
    ok(vdrive_fault(td->dir, "blank-time:300", err, sizeof(err)) == 0, "fault: %s\n", err);
    clock_gettime(CLOCK_MONOTONIC, &start);
    ok(td_blank(td, 1) == 0, "BLANK\n");
    clock_gettime(CLOCK_MONOTONIC, &end);
    ms = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000;
    ok(ms >= 280, "BLANK took %ld ms\n", ms);
    ok(td_tur(td) == 0, "ready after BLANK\n");

    /* paced: a full blank of a CD at 48x takes the disc's writing time */
    ok(vdrive_speed(td->dir, "48x-cd", err, sizeof(err)) == 0, "speed: %s\n", err);
    ok(td_exec(td, blank_immed, sizeof(blank_immed), VDRIVE_DIR_NONE, NULL, 0) == 0, "BLANK Immed minimal\n");
    ok(td_tur(td) == SENSE(2, 0x04, 0x07), "busy after a paced minimal blank\n");
    blank_immed[1] = 0x10;
    ok(td_exec(td, blank_immed, sizeof(blank_immed), VDRIVE_DIR_NONE, NULL, 0) == SENSE(2, 0x04, 0x07),
       "BLANK while blanking\n");
    ok(vdrive_fault(td->dir, "eject", err, sizeof(err)) == 0, "fault: %s\n", err);
    ok(td_tur(td) == SENSE(2, 0x3a, 0x02), "an eject ends the blank\n");
    ok(vdrive_insert(td->dir, "reload", err, sizeof(err)) == 0, "reload: %s\n", err);
    td_settle(td);
    ok(td_exec(td, blank_immed, sizeof(blank_immed), VDRIVE_DIR_NONE, NULL, 0) == 0, "BLANK Immed full\n");
    ok(td_tur(td) == SENSE(2, 0x04, 0x07), "busy after a paced full blank\n");
    ok(vdrive_fault(td->dir, "eject", err, sizeof(err)) == 0, "fault: %s\n", err);
    td_destroy(td);
}

/* erase-failure: BLANK without Immed fails 03/51/00 itself; with Immed the
 * first media command once the blank's time is over reports it deferred
 * (response code 71h), and only once.  power-loss: a background blank stops
 * and the next media command answers 06/29/00, once. */
static void test_cd_rw_blank_faults(void)
{
    uint8_t blank_immed[12] = {0xa1, 0x10 | 1};
    struct tdrive *td = td_create("cd-rw");
    char err[256];

    if (!td) return;
    td_settle(td);
    ok(vdrive_fault(td->dir, "erase-failure", err, sizeof(err)) == 0, "fault: %s\n", err);
    ok(td_blank(td, 1) == SENSE(3, 0x51, 0x00), "BLANK with erase-failure\n");
    ok((td->result.sense[0] & 0x7f) == 0x70, "current error, response code %#x\n", td->result.sense[0]);
    ok(td_tur(td) == 0, "ready after the failed BLANK\n");

    ok(vdrive_fault(td->dir, "erase-failure", err, sizeof(err)) == 0, "fault: %s\n", err);
    ok(td_exec(td, blank_immed, sizeof(blank_immed), VDRIVE_DIR_NONE, NULL, 0) == 0, "BLANK Immed\n");
    usleep(5000);
    ok(td_tur(td) == SENSE(3, 0x51, 0x00), "deferred erase failure\n");
    ok((td->result.sense[0] & 0x7f) == 0x71, "deferred error, response code %#x\n", td->result.sense[0]);
    ok(td_tur(td) == 0, "reported once\n");
    ok(td_blank(td, 1) == 0, "the next BLANK\n");

    ok(vdrive_fault(td->dir, "erase-failure", err, sizeof(err)) == 0
       && vdrive_fault(td->dir, "clear", err, sizeof(err)) == 0, "fault: %s\n", err);
    ok(td_blank(td, 1) == 0, "clear removes erase-failure\n");

    ok(vdrive_fault(td->dir, "blank-time:20000", err, sizeof(err)) == 0, "fault: %s\n", err);
    ok(td_exec(td, blank_immed, sizeof(blank_immed), VDRIVE_DIR_NONE, NULL, 0) == 0, "BLANK Immed\n");
    ok(td_tur(td) == SENSE(2, 0x04, 0x07), "blanking\n");
    ok(vdrive_fault(td->dir, "power-loss", err, sizeof(err)) == 0, "fault: %s\n", err);
    ok(td_tur(td) == SENSE(6, 0x29, 0x00), "power-on reset after the power loss\n");
    ok(td_tur(td) == 0, "the blank stopped with the power\n");
    td_destroy(td);
}

/* An interrupted write: the disc leaves the drive after 100 blocks. */
static void test_cd_interrupted(void)
{
    struct tdrive *td = td_create("cd-r");
    struct track_expect e;
    char err[256], line[512];

    if (!td) return;
    td_settle(td);
    td_write_params(td, 1, 3);
    ok(vdrive_fault(td->dir, "remove-after:100", err, sizeof(err)) == 0, "fault: %s\n", err);
    ok(td_write(td, 0, 64, 1) == 0, "first write\n");
    ok(td_write(td, 64, 64, 1) == SENSE(2, 0x3a, 0), "the write that loses the disc\n");
    ok(td->transferred == 36 * BLOCK, "transferred %u, expected %u\n", td->transferred, 36 * BLOCK);
    ok(td_tur(td) == SENSE(2, 0x3a, 2), "tray must be open\n");
    ok(vdrive_insert(td->dir, "reload", err, sizeof(err)) == 0, "reload: %s\n", err);
    ok(td_tur(td) == SENSE(6, 0x28, 0), "unit attention after reload\n");
    ok(td_tur(td) == 0, "ready after reload\n");
    /* 100 blocks recorded, the track damaged: NWA not valid */
    check_disc(td, 1, 2, 1, 1, 1);
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    e = (struct track_expect){1, 1, 0, -1, 0, 359849 - 100, 0, 0, 1};
    check_track(td, &e);
    ok(td_write(td, 100, 16, 0) == SENSE(5, 0x21, 2), "writing after the damage\n");
    td_layout_line(td, "session 1 track 1 ", line, sizeof(line));
    ok(td_layout_value(line, "recorded") == 100 && strstr(line, "state damaged"), "layout '%s'\n", line);
    td_destroy(td);
}

START_TEST(vdrive_cd)
{
    test_blank_cd_r();
    test_cd_r_sessions();
    test_cd_two_tracks();
    test_cd_sao();
    test_cd_rw_blank();
    test_cd_rw_blank_background();
    test_cd_rw_blank_faults();
    test_cd_interrupted();
}
