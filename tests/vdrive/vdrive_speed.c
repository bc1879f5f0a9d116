/*
 * Unit tests of the virtual recorder: write speeds, SET CD SPEED and SET
 * STREAMING, as MODE SENSE page 2Ah and GET PERFORMANCE report them.
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

/* MMC speeds are kB/s of 1000 bytes; 1x is 176.4 on CD (75 frames of 2352
 * bytes), 1385 on DVD and 4495.5 on BD.  The recorder supports CD 48x 32x
 * 24x 16x, DVD 16x 8x 4x and BD 12x 8x 6x 4x 2x (vdrive.h). */

#include "vdtest.h"

struct speed_media
{
    const char *media;
    int deci_kbps;              /* 1x in tenths of kB/s */
    int count;
    uint32_t speeds[5];         /* fastest first */
};

static const struct speed_media speed_media[] =
{
    {"cd-r",  1764,  4, {8467, 5645, 4234, 2822}},
    {"dvd+r", 13850, 3, {22160, 11080, 5540}},
    {"bd-r",  44955, 5, {53946, 35964, 26973, 17982, 8991}},
};

/* Page 2Ah of MODE SENSE(10), current values; NULL on failure. */
static const uint8_t *page_2a(struct tdrive *td)
{
    uint8_t cdb[10] = {0x5a, 0x08, 0x2a, 0, 0, 0, 0, 0x01, 0x00, 0};

    if (td_in(td, cdb, sizeof(cdb), 256)) return NULL;
    return td->reply + 8 + be16(td->reply + 6);
}

/* Current write speed selected (page 2Ah bytes 28-29), checked against the
 * obsolete current write speed (bytes 20-21); 0 on failure. */
static uint32_t selected_speed(struct tdrive *td)
{
    const uint8_t *p = page_2a(td);

    if (!p || p[0] != 0x2a || p[1] + 2 < 32) return 0;
    ok(be16(p + 20) == be16(p + 28), "current write speed %u, selected %u\n", be16(p + 20), be16(p + 28));
    return be16(p + 28);
}

/* GET PERFORMANCE type 00h, Write, nominal: the start and end performance. */
static uint32_t performance_speed(struct tdrive *td)
{
    uint8_t cdb[12] = {0xac, 0x04, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0};

    if (td_in(td, cdb, sizeof(cdb), 8 + 16)) return 0;
    if (be32(td->reply) != 4 + 16 || !(td->reply[4] & 0x02)) return 0;
    ok(be32(td->reply + 8 + 4) == be32(td->reply + 8 + 12), "start performance %u, end %u\n",
       be32(td->reply + 8 + 4), be32(td->reply + 8 + 12));
    return be32(td->reply + 8 + 12);
}

#define check_speed(td, expect) check_speed_(__FILE__, __LINE__, td, expect)
static void check_speed_(const char *file, int line, struct tdrive *td, uint32_t expect)
{
    uint32_t selected = selected_speed(td), performance = performance_speed(td);

    ok_(file, line)(selected == expect, "page 2Ah reports %u kB/s, expected %u\n", selected, expect);
    ok_(file, line)(performance == expect, "GET PERFORMANCE reports %u kB/s, expected %u\n", performance, expect);
}

static uint32_t set_cd_speed(struct tdrive *td, int rotation, uint32_t read, uint32_t write)
{
    uint8_t cdb[12] = {0xbb, rotation};

    wbe16(cdb + 2, read);
    wbe16(cdb + 4, write);
    return td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_NONE, NULL, 0);
}

/* One performance descriptor (MMC-6 SET STREAMING, type 0, 28 bytes). */
static uint32_t set_streaming(struct tdrive *td, int flags, uint32_t write_kb, uint32_t write_ms)
{
    uint8_t cdb[12] = {0xb6, 0, 0, 0, 0, 0, 0, 0, 0x00, 0, 28, 0};
    uint8_t d[28] = {0};

    d[0] = flags;
    wbe32(d + 8, 0x00100000);       /* end LBA */
    wbe32(d + 12, 22160);           /* read size (kB) */
    wbe32(d + 16, 1000);            /* read time (ms) */
    wbe32(d + 20, write_kb);
    wbe32(d + 24, write_ms);
    return td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_TO_DEVICE, d, sizeof(d));
}

/* The speed list: page 2Ah descriptors and GET PERFORMANCE type 03h agree,
 * and every speed is a whole multiple of 1x, rounded. */
static void test_speed_list(const struct speed_media *m)
{
    struct tdrive *td = td_create(m->media);
    uint8_t perf[12] = {0xac, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0x03, 0};
    const uint8_t *p;
    int i, n;

    if (!td) return;
    td_settle(td);
    p = page_2a(td);
    ok(p && p[0] == 0x2a, "MODE SENSE 2Ah failed\n");
    if (!p) goto done;
    n = be16(p + 30);
    ok(n == m->count, "%s: %d descriptors in page 2Ah, expected %d\n", m->media, n, m->count);
    for (i = 0; i < n && i < m->count; i++)
    {
        uint32_t v = be16(p + 32 + 4 * i + 2);
        uint32_t factor = (v * 10 + m->deci_kbps / 2) / m->deci_kbps;

        ok(v == m->speeds[i], "%s: page 2Ah speed %d is %u, expected %u\n", m->media, i, v, m->speeds[i]);
        ok((factor * m->deci_kbps + 5) / 10 == v, "%s: %u kB/s is no whole multiple of 1x\n", m->media, v);
    }
    ok(be16(p + 18) == m->speeds[0], "%s: maximum write speed %u\n", m->media, be16(p + 18));
    ok(td_in(td, perf, sizeof(perf), 8 + 16 * 8) == 0, "GET PERFORMANCE 03h\n");
    n = (be32(td->reply) - 4) / 16;
    ok(n == m->count, "%s: %d write speed descriptors, expected %d\n", m->media, n, m->count);
    for (i = 0; i < n && i < m->count; i++)
        ok(be32(td->reply + 8 + 16 * i + 12) == m->speeds[i], "%s: descriptor %d write speed %u, expected %u\n",
           m->media, i, be32(td->reply + 8 + 16 * i + 12), m->speeds[i]);
    check_speed(td, m->speeds[0]);
done:
    td_destroy(td);
}

static void test_set_cd_speed(const struct speed_media *m)
{
    struct tdrive *td = td_create(m->media);
    const uint32_t *s = m->speeds;
    int last = m->count - 1;
    const uint8_t *p;

    if (!td) return;
    td_settle(td);
    ok(set_cd_speed(td, 0, 0xffff, s[1]) == 0, "SET CD SPEED\n");
    check_speed(td, s[1]);
    ok(set_cd_speed(td, 0, 0xffff, (s[1] + s[2]) / 2) == 0, "SET CD SPEED\n");
    check_speed(td, s[2]);                       /* between two speeds: the slower */
    ok(set_cd_speed(td, 0, 0xffff, s[0] - 1) == 0, "SET CD SPEED\n");
    check_speed(td, s[0]);                       /* hosts round: 1 kB/s short still selects it */
    ok(set_cd_speed(td, 0, 0xffff, s[1] * 97 / 100) == 0, "SET CD SPEED\n");
    check_speed(td, s[2]);                       /* 3% short does not */
    ok(set_cd_speed(td, 0, 0xffff, s[last] / 2) == 0, "SET CD SPEED\n");
    check_speed(td, s[last]);                    /* below the slowest: the slowest */
    ok(set_cd_speed(td, 0, 0xffff, 0) == 0, "SET CD SPEED 0\n");
    check_speed(td, s[last]);
    ok(set_cd_speed(td, 0, 0xffff, 0xffff) == 0, "SET CD SPEED FFFFh\n");
    check_speed(td, s[0]);
    ok(set_cd_speed(td, 0, 0xffff, 0xfffe) == 0, "SET CD SPEED FFFEh\n");
    check_speed(td, s[0]);

    /* rotation control: 01b CAV is reported back, 10b is reserved */
    ok(set_cd_speed(td, 1, 0xffff, s[1]) == 0, "SET CD SPEED CAV\n");
    p = page_2a(td);
    ok(p && (p[27] & 0x03) == 1, "rotation control selected %d\n", p ? p[27] & 0x03 : -1);
    check_speed(td, s[1]);
    {
        uint8_t cdb[10] = {0x5a, 0x08, 0x80 | 0x2a, 0, 0, 0, 0, 0x01, 0x00, 0};

        ok(td_in(td, cdb, sizeof(cdb), 256) == 0 && be16(td->reply + 8 + 28) == s[0] && !(td->reply[8 + 27] & 3),
           "default page 2Ah: %u kB/s, rotation %d\n", be16(td->reply + 8 + 28), td->reply[8 + 27] & 3);
    }
    ok(set_cd_speed(td, 2, 0xffff, s[last]) == SENSE(5, 0x24, 0), "rotation control 10b accepted\n");
    check_speed(td, s[1]);
    ok(set_cd_speed(td, 0, 0xffff, 0xffff) == 0, "SET CD SPEED CLV\n");
    p = page_2a(td);
    ok(p && (p[27] & 0x03) == 0, "rotation control selected %d\n", p ? p[27] & 0x03 : -1);
    td_destroy(td);
}

static void test_set_streaming(const struct speed_media *m)
{
    struct tdrive *td = td_create(m->media);
    const uint32_t *s = m->speeds;
    int last = m->count - 1;

    if (!td) return;
    td_settle(td);
    ok(set_streaming(td, 0, s[1], 1000) == 0, "SET STREAMING\n");
    check_speed(td, s[1]);
    ok(set_streaming(td, 0, s[0] * 3, 3000) == 0, "SET STREAMING\n");
    check_speed(td, s[0]);                       /* the ratio counts, not the size */
    ok(set_streaming(td, 0, s[1] + s[2], 2000) == 0, "SET STREAMING\n");
    check_speed(td, s[2]);                       /* between two speeds: the slower */
    ok(set_streaming(td, 0, 1, 1000) == 0, "SET STREAMING\n");
    check_speed(td, s[last]);                    /* below the slowest: the slowest */
    ok(set_streaming(td, 0x04, 1, 1000) == 0, "SET STREAMING RDD\n");
    check_speed(td, s[0]);                       /* restore drive defaults: the fastest */
    ok(set_streaming(td, 0, 0xffffffff, 1) == 0, "SET STREAMING huge\n");
    check_speed(td, s[0]);
    /* the two commands select the same thing */
    ok(set_streaming(td, 0, s[last], 1000) == 0 && set_cd_speed(td, 0, 0xffff, s[1]) == 0, "both\n");
    check_speed(td, s[1]);
    td_destroy(td);
}

/* A new medium spins up at the fastest speed. */
static void test_speed_reset(void)
{
    struct tdrive *td = td_create("dvd+r");
    uint8_t eject[6] = {0x1b, 0, 0, 0, 0x02, 0}, load[6] = {0x1b, 0, 0, 0, 0x03, 0};
    char err[256];

    if (!td) return;
    td_settle(td);
    ok(set_cd_speed(td, 0, 0xffff, 5540) == 0, "SET CD SPEED\n");
    check_speed(td, 5540);
    ok(vdrive_insert(td->dir, "dvd+r", err, sizeof(err)) == 0, "insert: %s\n", err);
    td_settle(td);
    check_speed(td, 22160);

    ok(set_streaming(td, 0, 11080, 1000) == 0, "SET STREAMING\n");
    check_speed(td, 11080);
    ok(vdrive_eject(td->dir, err, sizeof(err)) == 0 && vdrive_insert(td->dir, "reload", err, sizeof(err)) == 0,
       "eject and reload: %s\n", err);
    td_settle(td);
    check_speed(td, 22160);

    ok(set_cd_speed(td, 0, 0xffff, 5540) == 0, "SET CD SPEED\n");
    ok(td_exec(td, eject, sizeof(eject), VDRIVE_DIR_NONE, NULL, 0) == 0, "eject\n");
    ok(td_exec(td, load, sizeof(load), VDRIVE_DIR_NONE, NULL, 0) == 0, "load\n");
    td_settle(td);
    check_speed(td, 22160);

    /* another family: the same request maps onto its own speeds */
    ok(set_cd_speed(td, 0, 0xffff, 5540) == 0, "SET CD SPEED\n");
    check_speed(td, 5540);
    ok(vdrive_insert(td->dir, "bd-r", err, sizeof(err)) == 0, "insert: %s\n", err);
    td_settle(td);
    check_speed(td, 53946);

    /* the selection lasts while the disc stays */
    ok(set_cd_speed(td, 0, 0xffff, 20000) == 0, "SET CD SPEED\n");
    ok(td_write(td, 0, 32, 1) == 0, "write\n");
    check_speed(td, 17982);
    td_destroy(td);
}

START_TEST(vdrive_speed)
{
    unsigned int i;

    for (i = 0; i < sizeof(speed_media) / sizeof(speed_media[0]); i++)
    {
        test_speed_list(&speed_media[i]);
        test_set_cd_speed(&speed_media[i]);
        test_set_streaming(&speed_media[i]);
    }
    test_speed_reset();
}
