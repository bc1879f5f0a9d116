/*
 * Unit tests of the virtual recorder: BD-R (SRM) and BD-RE.
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

/* BD records in 32-block clusters: a closed track of N blocks occupies N
 * rounded up to 32.  A 25 GB BD-R holds 12219392 blocks; BD-RE formats to
 * 11826176 by default (format 00h) or 12219392 without spares (31h).  The
 * recorder starts a BD-R session right after the previous one (vdrive.h). */

#include "vdtest.h"

#define BD_CAPACITY      12219392
#define BD_RE_DEFAULT    11826176

static void test_bd_r(void)
{
    struct tdrive *td = td_create("bd-r");
    uint8_t rfc[10] = {0x23, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0};
    uint8_t structure[12] = {0xad, 0x01, 0, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0, 0};
    struct track_expect e;
    uint32_t last = 0;

    if (!td) return;
    td_settle(td);
    ok(td_profile(td) == 0x0041, "profile %#x\n", td_profile(td));
    ok(td_feature_current(td, 0x0041) == 1, "BD write not current\n");
    ok(td_feature_current(td, 0x0040) == 1, "BD read not current\n");
    ok(td_feature_current(td, 0x0038) == -1, "pseudo-overwrite must be absent\n");
    check_disc(td, 0, 0, 1, 1, 1);
    ok(td_rti(td, 1, 0xff) == SENSE(5, 0x24, 0), "RTI FFh is not valid on BD-R\n");
    ok(td_in(td, rfc, sizeof(rfc), 256) == 0 && td->reply[3] == 24 && td->reply[16] >> 2 == 0x00
       && td->reply[24] >> 2 == 0x32, "READ FORMAT CAPACITIES of a blank BD-R\n");
    ok(td_in(td, structure, sizeof(structure), 256) == 0 && td->reply[4] == 'D' && td->reply[5] == 'I',
       "BD disc information\n");

    /* formatted but unwritten: one empty session, appendable (libburn) */
    ok(td_format(td, 0x00, 0) == 0, "FORMAT UNIT 00h\n");
    check_disc(td, 1, 0, 1, 1, 1);
    ok(td_read_capacity(td, &last) == 0 && last == 0, "READ CAPACITY %u\n", last);

    /* session 1: 1000 blocks -> 1024; session 2 starts at 1024 */
    ok(td_write_run(td, 0, 1000, 32) == 0, "session 1 write\n");
    ok(td_sync(td) == 0 && td_close(td, 1, 1) == 0 && td_close(td, 2, 0) == 0, "close session 1\n");
    check_disc(td, 1, 0, 2, 2, 2);
    ok(td_rti(td, 1, 1) == 0, "RTI 1\n");
    e = (struct track_expect){1, 1, 0, 1024, 0, 0, 0, 0, 0};
    check_track(td, &e);
    ok(td_rti(td, 1, 2) == 0, "RTI 2\n");
    e = (struct track_expect){2, 2, 1024, BD_CAPACITY - 1024, 1024, BD_CAPACITY - 1024, 1, 1, 0};
    check_track(td, &e);
    ok(be32(td->reply + 20) == 32, "packet size %u\n", be32(td->reply + 20));

    /* session 2: 2000 -> 2016, end 3040 */
    ok(td_write_run(td, 1024, 2000, 32) == 0, "session 2 write\n");
    ok(td_sync(td) == 0 && td_close(td, 1, 2) == 0 && td_close(td, 2, 0) == 0, "close session 2\n");
    ok(td_rti(td, 2, 3) == 0, "RTI session 3\n");
    e = (struct track_expect){3, 3, 3040, BD_CAPACITY - 3040, 3040, BD_CAPACITY - 3040, 1, 1, 0};
    check_track(td, &e);
    ok(td_rti(td, 2, 2) == 0 && be32(td->reply + 8) == 1024, "RTI session 2 start %u\n", be32(td->reply + 8));
    ok(td_read_capacity(td, &last) == 0 && last == 3039, "READ CAPACITY %u\n", last);

    ok(td_close(td, 5, 0) == SENSE(5, 0x24, 0), "minimum-radius finalization is DVD+R only\n");
    ok(td_close(td, 6, 0) == 0, "finalize\n");
    check_disc(td, 2, 3, 2, 2, 2);
    ok(td_format(td, 0x00, 0) == SENSE(5, 0x2c, 0), "formatting a written BD-R\n");
    td_destroy(td);
}

static void test_bd_re(void)
{
    struct tdrive *td = td_create("bd-re");
    uint8_t rfc[10] = {0x23, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0};
    uint32_t last = 0;

    if (!td) return;
    td_settle(td);
    ok(td_profile(td) == 0x0043, "profile %#x\n", td_profile(td));
    check_disc(td, 0, 0, 1, 1, 1);
    ok(td_write(td, 0, 32, 0) == SENSE(5, 0x30, 0x10), "write to unformatted BD-RE\n");
    ok(td_in(td, rfc, sizeof(rfc), 256) == 0, "READ FORMAT CAPACITIES\n");
    ok((td->reply[8] & 3) == 1 && be32(td->reply + 4) == BD_CAPACITY, "current descriptor %u type %d\n",
       be32(td->reply + 4), td->reply[8] & 3);
    ok(td->reply[3] == 32 && td->reply[16] >> 2 == 0x00 && be32(td->reply + 12) == BD_RE_DEFAULT
       && td->reply[32] >> 2 == 0x31 && be32(td->reply + 28) == BD_CAPACITY, "format descriptors\n");

    ok(td_format(td, 0x00, 0) == 0, "FORMAT UNIT 00h\n");
    check_disc(td, 2, 3, 1, 1, 1);
    ok(td_read_capacity(td, &last) == 0 && last == BD_RE_DEFAULT - 1, "READ CAPACITY %u\n", last);
    ok(td_feature_current(td, 0x0020) == 1, "random writable not current\n");
    ok(td_feature_current(td, 0x0024) == 1, "defect management not current\n");
    ok(td_write(td, 64, 32, 0x11) == 0 && td_write(td, 0, 32, 0x22) == 0 && td_write(td, 64, 32, 0x33) == 0,
       "overwrites\n");
    ok(td_read(td, 64, 1) == 0 && td->reply[0] == 0x33, "read back %02x\n", td->reply[0]);
    ok(td_write(td, BD_RE_DEFAULT - 16, 32, 0) == SENSE(5, 0x21, 0), "write past the formatted size\n");
    ok(td_rti(td, 1, 1) == 0 && (td->reply[7] & 2) && be32(td->reply + 28) == 95 && be32(td->reply + 24) == BD_RE_DEFAULT,
       "RTI 1: LRA %u size %u\n", be32(td->reply + 28), be32(td->reply + 24));

    ok(td_format(td, 0x31, 0) == 0, "FORMAT UNIT 31h (no spares)\n");
    ok(td_read_capacity(td, &last) == 0 && last == BD_CAPACITY - 1, "READ CAPACITY %u\n", last);
    ok(td_read(td, 64, 1) == 0 && td->reply[0] == 0, "reformatting keeps old data %02x\n", td->reply[0]);
    td_destroy(td);
}

START_TEST(vdrive_bd)
{
    test_bd_r();
    test_bd_re();
}
