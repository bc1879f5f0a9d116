/*
 * Virtual MMC recorder tests: CD-DA tracks written track at once.
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

/* Audio tracks as MMC-6 lays them out in TAO: page 05h with track mode 0 and
 * data block type 0 takes 2352-byte blocks; a track of N blocks occupies
 * N + 2 (run-out), the next one starts after its 150-block pre-gap; the TOC
 * gives audio tracks CTL 0; READ CD returns the 2352 bytes written, and
 * digital silence in the pre-gaps and run-outs. */

#include "vdtest.h"

#define AUDIO 2352

static void fill_audio(uint8_t *buf, int32_t lba, uint32_t blocks)
{
    uint32_t i;

    for (i = 0; i < blocks * AUDIO; i++)
        buf[i] = (uint8_t)((lba * 7 + i / AUDIO * 7 + i * 13) ^ (i >> 8));
}

/* Page 05h for TAO with the given track mode and data block type. */
static uint32_t set_tao(struct tdrive *td, int track_mode, int block_type, int multi)
{
    uint8_t sense_cdb[10] = {0x5a, 0, 0x05, 0, 0, 0, 0, 0, 255, 0};
    uint8_t select_cdb[10] = {0x55, 0x10};
    uint8_t page[256];
    uint32_t sense, len;

    if ((sense = td_in(td, sense_cdb, sizeof(sense_cdb), 255))) return sense;
    len = be16(td->reply) + 2;
    memcpy(page, td->reply, len);
    page[0] = page[1] = 0;
    page[8 + 2] = (page[8 + 2] & 0xf0) | 1;
    page[8 + 3] = (multi << 6) | track_mode;
    page[8 + 4] = block_type;
    wbe16(select_cdb + 7, len);
    return td_exec(td, select_cdb, sizeof(select_cdb), VDRIVE_DIR_TO_DEVICE, page, len);
}

static uint32_t write_audio(struct tdrive *td, int32_t lba, uint32_t blocks)
{
    uint8_t cdb[10] = {0x2a};
    uint8_t *buf = malloc((size_t)blocks * AUDIO);
    uint32_t sense;

    fill_audio(buf, lba, blocks);
    wbe32(cdb + 2, lba);
    wbe16(cdb + 7, blocks);
    sense = td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_TO_DEVICE, buf, blocks * AUDIO);
    free(buf);
    return sense;
}

static uint32_t read_cd(struct tdrive *td, int32_t lba, uint32_t blocks, int type, int fields, int sub,
        uint32_t alloc)
{
    uint8_t cdb[12] = {0xbe, type << 2};

    wbe32(cdb + 2, lba);
    cdb[6] = blocks >> 16; cdb[7] = blocks >> 8; cdb[8] = blocks;
    cdb[9] = fields;
    cdb[10] = sub;
    return td_in(td, cdb, sizeof(cdb), alloc);
}

/* CRC-16 CCITT of the 10 Q bytes, inverted, as ECMA-130 22.3.6 stores it. */
static int q_crc_ok(const uint8_t *q)
{
    uint16_t crc = 0;
    int i, bit;

    for (i = 0; i < 10; i++)
    {
        crc ^= q[i] << 8;
        for (bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    }
    crc = ~crc;
    return q[10] == (crc >> 8) && q[11] == (crc & 0xff);
}

static void test_audio_tao(void)
{
    struct tdrive *td = td_create("cd-r");
    uint8_t expect[10 * AUDIO], zeros[AUDIO];
    uint32_t sense;

    if (!td) return;
    memset(zeros, 0, sizeof(zeros));

    /* audio with Mode 1 blocks, and data with raw blocks, are refused */
    ok(set_tao(td, 0, 8, 3) == 0, "page 05h\n");
    sense = td_write(td, 0, 1, 0);
    ok(sense == SENSE(5, 0x64, 0), "audio track with 2048-byte blocks: %06x\n", sense);
    ok(set_tao(td, 4, 0, 3) == 0, "page 05h\n");
    sense = write_audio(td, 0, 1);
    ok(sense == SENSE(5, 0x64, 0), "data track with 2352-byte blocks: %06x\n", sense);

    ok(set_tao(td, 0, 0, 3) == 0, "page 05h audio TAO\n");
    ok(td_rti(td, 1, 0xff) == 0, "READ TRACK INFORMATION\n");
    ok((td->reply[5] & 0x0f) == 0, "invisible track mode %u\n", td->reply[5] & 0x0f);
    ok(be32(td->reply + 12) == 0, "NWA %u\n", be32(td->reply + 12));
    sense = write_audio(td, 0, 10);
    ok(sense == 0, "write track 1: %06x\n", sense);
    ok(td_close(td, 1, 0xff) == 0, "CLOSE TRACK\n");
    ok(td_rti(td, 1, 1) == 0, "READ TRACK INFORMATION 1\n");
    ok((td->reply[5] & 0x0f) == 0, "track 1 mode %u\n", td->reply[5] & 0x0f);
    ok(be32(td->reply + 8) == 0 && be32(td->reply + 24) == 12, "track 1 start %u size %u\n",
       be32(td->reply + 8), be32(td->reply + 24));
    ok(td_rti(td, 1, 2) == 0, "READ TRACK INFORMATION 2\n");
    ok(be32(td->reply + 12) == 162, "track 2 NWA %u, expected 162 (12 + 150 pre-gap)\n", be32(td->reply + 12));
    sense = write_audio(td, 162, 5);
    ok(sense == 0, "write track 2: %06x\n", sense);
    ok(td_sync(td) == 0, "SYNCHRONIZE CACHE ends the track\n");
    ok(td_close(td, 2, 0) == 0, "CLOSE SESSION\n");
    td_settle(td);

    /* TOC: two audio tracks, CTL 0 */
    ok(td_toc(td, 0, 0, 0) == 0, "READ TOC format 0\n");
    ok(be16(td->reply) == 2 + 3 * 8, "TOC length %u\n", be16(td->reply));
    ok(td->reply[4 + 1] == 0x10 && td->reply[4 + 2] == 1 && be32(td->reply + 8) == 0,
       "track 1: adr/ctl %02x number %u start %u\n", td->reply[5], td->reply[6], be32(td->reply + 8));
    ok(td->reply[12 + 1] == 0x10 && td->reply[12 + 2] == 2 && be32(td->reply + 16) == 162,
       "track 2: adr/ctl %02x number %u start %u\n", td->reply[13], td->reply[14], be32(td->reply + 16));
    ok(td->reply[20 + 2] == 0xaa && be32(td->reply + 24) == 169, "lead-out %u\n", be32(td->reply + 24));
    ok(td_toc(td, 1, 0, 0) == 0, "READ TOC format 1\n");
    ok(td->reply[5] == 0x10 && td->reply[6] == 1, "session info adr/ctl %02x track %u\n", td->reply[5], td->reply[6]);
    ok(td_toc(td, 2, 0, 0) == 0, "READ TOC format 2\n");
    ok(td->reply[4 + 1] == 0x10, "raw TOC A0 adr/ctl %02x\n", td->reply[5]);

    /* READ CD: the sectors written, silence around them */
    ok(read_cd(td, 0, 10, 1, 0x10, 0, 10 * AUDIO) == 0, "READ CD CD-DA\n");
    fill_audio(expect, 0, 10);
    ok(td->transferred == 10 * AUDIO && !memcmp(td->reply, expect, 10 * AUDIO), "track 1 reads back (%u bytes)\n",
       td->transferred);
    ok(read_cd(td, 162, 5, 0, 0xf8, 0, 5 * AUDIO) == 0, "READ CD any type, all fields\n");
    fill_audio(expect, 162, 5);
    ok(td->transferred == 5 * AUDIO && !memcmp(td->reply, expect, 5 * AUDIO), "track 2 reads back\n");
    ok(read_cd(td, 11, 1, 1, 0x10, 0, AUDIO) == 0 && !memcmp(td->reply, zeros, AUDIO), "run-out reads as silence\n");
    ok(read_cd(td, 100, 1, 1, 0x10, 0, AUDIO) == 0 && !memcmp(td->reply, zeros, AUDIO), "pre-gap reads as silence\n");
    ok(read_cd(td, 0, 1, 1, 0x10, 2, AUDIO + 16) == 0 && td->transferred == AUDIO + 16, "with Q: %u bytes\n",
       td->transferred);
    {
        const uint8_t *q = td->reply + AUDIO;

        ok(q[0] == 0x01 && q[1] == 0x01 && q[2] == 0x01, "Q of track 1: %02x %02x %02x\n", q[0], q[1], q[2]);
        ok(q[7] == 0x00 && q[8] == 0x02 && q[9] == 0x00, "absolute time %02x:%02x:%02x\n", q[7], q[8], q[9]);
        ok(q_crc_ok(q), "Q CRC %02x%02x\n", q[10], q[11]);
    }
    ok(read_cd(td, 161, 1, 1, 0x10, 2, AUDIO + 16) == 0, "READ CD of the pre-gap with Q\n");
    {
        const uint8_t *q = td->reply + AUDIO;

        ok(q[1] == 0x02 && q[2] == 0x00, "pre-gap of track 2: track %02x index %02x\n", q[1], q[2]);
        ok(q[3] == 0 && q[4] == 0 && q[5] == 0, "relative time %02x:%02x:%02x\n", q[3], q[4], q[5]);
        ok(q_crc_ok(q), "Q CRC %02x%02x\n", q[10], q[11]);
    }
    ok(read_cd(td, 12, 1, 1, 0x10, 1, AUDIO + 96) == 0, "READ CD with raw P-W\n");
    ok((td->reply[AUDIO] & 0x80) && (td->reply[AUDIO + 7] & 0x40), "P set in the pause, Q's ADR bit: %02x %02x\n",
       td->reply[AUDIO], td->reply[AUDIO + 7]);
    sense = read_cd(td, 0, 1, 2, 0x10, 0, AUDIO);
    ok(sense == SENSE(5, 0x64, 0), "Mode 1 expected: %06x\n", sense);
    sense = read_cd(td, 169, 1, 0, 0x10, 0, AUDIO);
    ok(sense == SENSE(5, 0x21, 0), "past the lead-out: %06x\n", sense);
    sense = td_read(td, 0, 1);
    ok(sense == SENSE(5, 0x64, 0), "READ(10) of audio: %06x\n", sense);

    /* a data track after the audio ones keeps its own block size */
    ok(set_tao(td, 4, 8, 3) == 0, "page 05h data TAO\n");
    ok(td_rti(td, 1, 3) == 0, "READ TRACK INFORMATION 3\n");
    sense = td_write(td, be32(td->reply + 12), 4, 0x40);
    ok(sense == 0, "data track: %06x\n", sense);
    ok(td_close(td, 2, 0) == 0, "CLOSE SESSION\n");
    td_settle(td);
    ok(td_toc(td, 0, 0, 3) == 0, "READ TOC from track 3\n");
    ok(td->reply[4 + 1] == 0x14, "data track adr/ctl %02x\n", td->reply[5]);
    ok(read_cd(td, be32(td->reply + 8), 1, 2, 0x10, 0, 2048) == 0 && td->transferred == 2048 && td->reply[0] == 0x40,
       "READ CD of Mode 1 user data: %u bytes, %02x\n", td->transferred, td->reply[0]);
    td_destroy(td);
}

/* SAO from a cue sheet of three audio tracks (track 1's pre-gap, track 2 gapless, track 3
 * after a pre-gap of its own), written in 2448-byte blocks (2352 + 96 bytes of raw P-W): the
 * tracks of the cue sheet, the main channel stored and read back. */
static void test_audio_sao_raw(void)
{
    struct tdrive *td = td_create("cd-r");
    uint8_t cue_cdb[10] = {0x5d, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    uint8_t cue[] =
    {
        0x01, 0x00, 0x00, 0x41, 0, 0, 0, 0,
        0x01, 0x01, 0x00, 0x40, 0, 0, 0, 0,
        0x01, 0x01, 0x01, 0x40, 0, 0, 2, 0,
        0x21, 0x02, 0x01, 0x40, 0, 0, 6, 0,     /* 300: copy permitted */
        0x01, 0x03, 0x00, 0x40, 0, 0, 12, 0,    /* 750 */
        0x01, 0x03, 0x01, 0x40, 0, 0, 14, 0,    /* 900 */
        0x01, 0xaa, 0x01, 0x41, 0, 0, 18, 0,    /* 1200 */
    };
    uint8_t *buf, expect[AUDIO];
    uint32_t sense, i, blocks;
    int32_t lba;

    if (!td) return;
    td_settle(td);
    td_write_params(td, 2, 0);
    /* tracks out of order are refused */
    {
        uint8_t bad[] =
        {
            0x01, 0x02, 0x01, 0x40, 0, 0, 2, 0,
            0x01, 0x01, 0x01, 0x40, 0, 0, 6, 0,
        };

        cue_cdb[8] = sizeof(bad);
        sense = td_exec(td, cue_cdb, sizeof(cue_cdb), VDRIVE_DIR_TO_DEVICE, bad, sizeof(bad));
        ok(sense == SENSE(5, 0x26, 0), "cue sheet with tracks out of order: %06x\n", sense);
    }
    cue_cdb[8] = sizeof(cue);
    sense = td_exec(td, cue_cdb, sizeof(cue_cdb), VDRIVE_DIR_TO_DEVICE, cue, sizeof(cue));
    ok(sense == 0, "SEND CUE SHEET: %06x\n", sense);
    buf = malloc(150 * 2448);
    for (lba = -150; lba < 1200; lba += blocks)
    {
        uint8_t cdb[10] = {0x2a};

        blocks = lba < 0 ? 150 : 100;
        for (i = 0; i < blocks; i++)
        {
            fill_audio(buf + i * 2448, lba + i, 1);
            memset(buf + i * 2448 + AUDIO, 0x3f, 96);
        }
        wbe32(cdb + 2, lba);
        wbe16(cdb + 7, blocks);
        sense = td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_TO_DEVICE, buf, blocks * 2448);
        ok(sense == 0, "write %d: %06x\n", lba, sense);
    }
    free(buf);
    ok(td_sync(td) == 0, "SYNCHRONIZE CACHE ends the SAO session\n");
    td_settle(td);

    ok(td_toc(td, 0, 0, 0) == 0, "READ TOC format 0\n");
    ok(be16(td->reply) == 2 + 4 * 8, "TOC length %u\n", be16(td->reply));
    ok(td->reply[2] == 1 && td->reply[3] == 3, "tracks %u-%u\n", td->reply[2], td->reply[3]);
    ok(td->reply[5] == 0x10 && be32(td->reply + 8) == 0, "track 1: %02x at %u\n", td->reply[5], be32(td->reply + 8));
    ok(td->reply[13] == 0x12 && be32(td->reply + 16) == 300, "track 2: %02x at %u\n", td->reply[13],
       be32(td->reply + 16));
    ok(td->reply[21] == 0x10 && be32(td->reply + 24) == 900, "track 3: %02x at %u\n", td->reply[21],
       be32(td->reply + 24));
    ok(td->reply[30] == 0xaa && be32(td->reply + 32) == 1200, "lead-out %u\n", be32(td->reply + 32));

    for (lba = 0; lba < 1200; lba += 299)
    {
        ok(read_cd(td, lba, 1, 1, 0x10, 0, AUDIO) == 0, "READ CD %d\n", lba);
        fill_audio(expect, lba, 1);
        ok(!memcmp(td->reply, expect, AUDIO), "LBA %d reads back\n", lba);
    }
    ok(read_cd(td, 950, 1, 1, 0x10, 2, AUDIO + 16) == 0, "READ CD with Q\n");
    ok(td->reply[AUDIO + 1] == 0x03 && td->reply[AUDIO + 2] == 0x01 && q_crc_ok(td->reply + AUDIO),
       "Q of track 3: %02x %02x\n", td->reply[AUDIO + 1], td->reply[AUDIO + 2]);
    td_destroy(td);
}

static void test_mode_sense_6(void)
{
    struct tdrive *td = td_create("cd-r");
    uint8_t cdb[6] = {0x1a, 0, 0x2a, 0, 255, 0};

    if (!td) return;
    ok(td_in(td, cdb, sizeof(cdb), 255) == 0, "MODE SENSE(6)\n");
    ok(td->reply[3] == 8 && be16(td->reply + 4 + 6) == 2048, "block descriptor %u, block size %u\n", td->reply[3],
       be16(td->reply + 10));
    ok((td->reply[12] & 0x3f) == 0x2a, "page %02x\n", td->reply[12]);
    ok(td->reply[12 + 5] & 0x01, "CD-DA commands supported\n");
    cdb[1] = 0x08;
    ok(td_in(td, cdb, sizeof(cdb), 255) == 0, "MODE SENSE(6) DBD\n");
    ok(td->reply[3] == 0 && (td->reply[4] & 0x3f) == 0x2a, "no block descriptor\n");
    td_destroy(td);
}

START_TEST(vdrive_audio)
{
    test_audio_tao();
    test_audio_sao_raw();
    test_mode_sense_6();
}
