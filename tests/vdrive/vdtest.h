/*
 * Helpers shared by the unit tests of the virtual recorder's core.
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

/* Every command goes through vdrive_execute() as a burner program would
 * send it: CDBs are built here by hand from the MMC-6 tables, replies are
 * decoded by offset, nothing is taken from the emulator's own headers. */

#ifndef VDTEST_H
#define VDTEST_H

#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vdrive.h"
#include "wine/test.h"

#define BLOCK 2048

/* sense as 0xKKAAQQ; 0 for GOOD */
#define SENSE(k, a, q) (((k) << 16) | ((a) << 8) | (q))

struct tdrive
{
    char dir[512];
    struct vdrive *drive;
    struct vdrive_result result;
    uint32_t transferred;
    uint8_t reply[65536];
};

static inline uint32_t be16(const uint8_t *p) { return (p[0] << 8) | p[1]; }
static inline uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline void wbe32(uint8_t *p, uint32_t v) { p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v; }
static inline void wbe16(uint8_t *p, uint32_t v) { p[0] = v >> 8; p[1] = v; }

static inline int td_make_dir(char *dir, size_t size)
{
    const char *base = getenv("TMPDIR");

    if (!base || !*base) base = P_tmpdir;
    snprintf(dir, size, "%s/vdtest-XXXXXX", base);
    return mkdtemp(dir) ? 0 : -1;
}

static inline void td_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[1024];

    if (!d) return;
    while ((e = readdir(d)))
    {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* Creates a recorder holding MEDIA and opens it; consumes nothing. */
static inline struct tdrive *td_create(const char *media)
{
    struct tdrive *td = calloc(1, sizeof(*td));
    char err[256] = "";

    if (!td || td_make_dir(td->dir, sizeof(td->dir)) < 0)
    {
        ok(0, "cannot make a temporary directory\n");
        free(td);
        return NULL;
    }
    if (vdrive_create(td->dir, media, err, sizeof(err)) < 0 || !(td->drive = vdrive_open(td->dir, err, sizeof(err))))
    {
        ok(0, "cannot create a %s recorder: %s\n", media, err);
        td_remove_dir(td->dir);
        free(td);
        return NULL;
    }
    return td;
}

static inline void td_destroy(struct tdrive *td)
{
    if (!td) return;
    vdrive_close(td->drive);
    td_remove_dir(td->dir);
    free(td);
}

static inline uint32_t td_exec(struct tdrive *td, const uint8_t *cdb, unsigned int len,
                               enum vdrive_direction dir, void *data, uint32_t data_len)
{
    int ret = vdrive_execute(td->drive, cdb, len, dir, data, data_len, 10000, &td->result);

    ok(ret == 0, "vdrive_execute(%02x) returned %d\n", cdb[0], ret);
    td->transferred = td->result.transferred;
    if (td->result.status == 0) return 0;
    ok(td->result.status == 2, "opcode %02x: status %#x\n", cdb[0], td->result.status);
    ok(td->result.sense_len >= 14 && ((td->result.sense[0] & 0x7f) == 0x70 || (td->result.sense[0] & 0x7f) == 0x71),
       "opcode %02x: bad sense header %02x len %u\n", cdb[0], td->result.sense[0], td->result.sense_len);
    return SENSE(td->result.sense[2] & 0x0f, td->result.sense[12], td->result.sense[13]);
}

/* Data-in command into td->reply. */
static inline uint32_t td_in(struct tdrive *td, const uint8_t *cdb, unsigned int len, uint32_t alloc)
{
    memset(td->reply, 0xcc, alloc);
    return td_exec(td, cdb, len, VDRIVE_DIR_FROM_DEVICE, td->reply, alloc);
}

static inline uint32_t td_tur(struct tdrive *td)
{
    uint8_t cdb[6] = {0x00};
    return td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_NONE, NULL, 0);
}

/* Swallows the UNIT ATTENTION a new medium raises. */
static inline void td_settle(struct tdrive *td)
{
    int i;
    for (i = 0; i < 3 && td_tur(td); i++);
}

static inline uint32_t td_rdi(struct tdrive *td)
{
    uint8_t cdb[10] = {0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0};
    return td_in(td, cdb, sizeof(cdb), 34);
}

/* READ TRACK INFORMATION: type 0 LBA, 1 track, 2 session */
static inline uint32_t td_rti(struct tdrive *td, int type, uint32_t value)
{
    uint8_t cdb[10] = {0x52, type, 0, 0, 0, 0, 0, 0, 48, 0};
    wbe32(cdb + 2, value);
    return td_in(td, cdb, sizeof(cdb), 48);
}

static inline uint32_t td_write(struct tdrive *td, int32_t lba, uint32_t blocks, uint8_t fill)
{
    uint8_t cdb[10] = {0x2a};
    uint8_t *buf = malloc((size_t)blocks * BLOCK + 1);
    uint32_t sense, i;

    for (i = 0; i < blocks; i++) memset(buf + (size_t)i * BLOCK, fill + i, BLOCK);
    wbe32(cdb + 2, lba);
    wbe16(cdb + 7, blocks);
    sense = td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_TO_DEVICE, buf, blocks * BLOCK);
    free(buf);
    return sense;
}

/* Writes COUNT blocks from LBA in 16-block commands, as burners do. */
static inline uint32_t td_write_run(struct tdrive *td, int32_t lba, uint32_t count, uint32_t chunk)
{
    uint32_t done = 0, sense;

    while (done < count)
    {
        uint32_t n = count - done < chunk ? count - done : chunk;
        if ((sense = td_write(td, lba + done, n, (uint8_t)(lba + done)))) return sense;
        done += n;
    }
    return 0;
}

static inline uint32_t td_read(struct tdrive *td, int32_t lba, uint32_t blocks)
{
    uint8_t cdb[10] = {0x28};
    wbe32(cdb + 2, lba);
    wbe16(cdb + 7, blocks);
    return td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_FROM_DEVICE, td->reply, blocks * BLOCK);
}

static inline uint32_t td_sync(struct tdrive *td)
{
    uint8_t cdb[10] = {0x35};
    return td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_NONE, NULL, 0);
}

static inline uint32_t td_close(struct tdrive *td, int function, int track)
{
    uint8_t cdb[10] = {0x5b, 0, function};
    wbe16(cdb + 4, track);
    return td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_NONE, NULL, 0);
}

static inline uint32_t td_read_capacity(struct tdrive *td, uint32_t *last)
{
    uint8_t cdb[10] = {0x25};
    uint32_t sense = td_in(td, cdb, sizeof(cdb), 8);
    *last = be32(td->reply);
    return sense;
}

static inline uint32_t td_toc(struct tdrive *td, int format, int msf, int number)
{
    uint8_t cdb[10] = {0x43, msf ? 0x02 : 0, format, 0, 0, 0, number, 0x0f, 0xff, 0};
    return td_in(td, cdb, sizeof(cdb), 4095);
}

/* MODE SENSE(10) page 05h, patched, MODE SELECT(10) back. */
/* MODE SENSE page 05h, change the fields that are not -1, MODE SELECT it back. */
static inline uint32_t td_set_page05(struct tdrive *td, int write_type, int multi, int track_mode)
{
    uint8_t sense_cdb[10] = {0x5a, 0, 0x05, 0, 0, 0, 0, 0, 255, 0};
    uint8_t select_cdb[10] = {0x55, 0x10};
    uint8_t page[256];
    uint32_t sense, len;

    if ((sense = td_in(td, sense_cdb, sizeof(sense_cdb), 255))) return sense;
    len = be16(td->reply) + 2;
    memcpy(page, td->reply, len);
    page[0] = page[1] = 0;
    if (write_type >= 0) page[8 + 2] = (page[8 + 2] & 0xf0) | write_type;
    if (multi >= 0) page[8 + 3] = (page[8 + 3] & 0x3f) | (multi << 6);
    if (track_mode >= 0) page[8 + 3] = (page[8 + 3] & 0xf0) | track_mode;
    wbe16(select_cdb + 7, len);
    return td_exec(td, select_cdb, sizeof(select_cdb), VDRIVE_DIR_TO_DEVICE, page, len);
}

static inline uint32_t td_write_params(struct tdrive *td, int write_type, int multi)
{
    return td_set_page05(td, write_type, multi, -1);
}

static inline uint32_t td_format(struct tdrive *td, int type, uint32_t blocks)
{
    uint8_t cdb[6] = {0x04, 0x11};
    uint8_t list[12] = {0, 0x02, 0, 8};
    wbe32(list + 4, blocks);
    list[8] = type << 2;
    return td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_TO_DEVICE, list, sizeof(list));
}

static inline uint32_t td_blank(struct tdrive *td, int type)
{
    uint8_t cdb[12] = {0xa1, type};
    return td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_NONE, NULL, 0);
}

/* GET CONFIGURATION RT=2 for one feature: its current bit, -1 if absent. */
static inline int td_feature_current(struct tdrive *td, int feature)
{
    uint8_t cdb[10] = {0x46, 0x02, feature >> 8, feature, 0, 0, 0, 0x01, 0, 0};
    if (td_in(td, cdb, sizeof(cdb), 256)) return -2;
    if (be32(td->reply) + 4 < 12 || be16(td->reply + 8) != (uint32_t)feature) return -1;
    return td->reply[10] & 1;
}

static inline int td_profile(struct tdrive *td)
{
    uint8_t cdb[10] = {0x46, 0x01, 0, 0, 0, 0, 0, 0, 8, 0};
    if (td_in(td, cdb, sizeof(cdb), 8)) return -1;
    return be16(td->reply + 6);
}

/* The layout line starting with PREFIX (e.g. "session 2 track 2 "), or "". */
static inline const char *td_layout_line(struct tdrive *td, const char *prefix, char *line, size_t size)
{
    char *text = NULL, *p, err[256];
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);

    line[0] = 0;
    if (!out) return line;
    if (vdrive_layout(td->dir, out, err, sizeof(err)) < 0) fprintf(out, "error %s\n", err);
    fclose(out);
    for (p = text; p && *p; )
    {
        char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (!strncmp(p, prefix, strlen(prefix)) && n < size)
        {
            memcpy(line, p, n);
            line[n] = 0;
            break;
        }
        p += n + (end ? 1 : 0);
    }
    free(text);
    return line;
}

/* Value of "KEY N" in a layout line; -1 when absent or "-". */
static inline long td_layout_value(const char *line, const char *key)
{
    char pattern[64];
    const char *p;

    snprintf(pattern, sizeof(pattern), " %s ", key);
    if (!(p = strstr(line, pattern))) return -1;
    p += strlen(pattern);
    if (*p == '-') return -1;
    return strtol(p, NULL, 10);
}

/* Expected values of READ TRACK INFORMATION, checked field by field. */
struct track_expect
{
    int number, session;
    int32_t start, size, nwa, free_blocks;
    int nwa_valid, blank, damaged;
};

#define check_track(td, e) check_track_(__FILE__, __LINE__, td, e)
static inline void check_track_(const char *file, int line, struct tdrive *td, const struct track_expect *e)
{
    const uint8_t *r = td->reply;

    ok_(file, line)(be16(r) + 2 >= 36, "RTI length %u\n", be16(r) + 2);
    ok_(file, line)((r[32] << 8 | r[2]) == e->number, "track number %u, expected %d\n", r[32] << 8 | r[2], e->number);
    ok_(file, line)((r[33] << 8 | r[3]) == e->session, "session %u, expected %d\n", r[33] << 8 | r[3], e->session);
    ok_(file, line)((int32_t)be32(r + 8) == e->start, "start %d, expected %d\n", (int32_t)be32(r + 8), e->start);
    ok_(file, line)(!!(r[7] & 1) == e->nwa_valid, "NWA_V %d, expected %d\n", r[7] & 1, e->nwa_valid);
    if (e->nwa_valid)
        ok_(file, line)((int32_t)be32(r + 12) == e->nwa, "NWA %d, expected %d\n", (int32_t)be32(r + 12), e->nwa);
    ok_(file, line)((int32_t)be32(r + 16) == e->free_blocks, "free %d, expected %d\n", (int32_t)be32(r + 16),
                    e->free_blocks);
    if (e->size >= 0)
        ok_(file, line)((int32_t)be32(r + 24) == e->size, "size %d, expected %d\n", (int32_t)be32(r + 24), e->size);
    ok_(file, line)(!!(r[6] & 0x40) == e->blank, "blank %d, expected %d\n", !!(r[6] & 0x40), e->blank);
    ok_(file, line)(!!(r[5] & 0x20) == e->damaged, "damage %d, expected %d\n", !!(r[5] & 0x20), e->damaged);
}

/* Disc status, last session state, sessions, first/last track in last session. */
#define check_disc(td, s, l, n, f, t) check_disc_(__FILE__, __LINE__, td, s, l, n, f, t)
static inline void check_disc_(const char *file, int line, struct tdrive *td, int status, int last_state,
                               int sessions, int first, int last)
{
    uint32_t sense = td_rdi(td);
    const uint8_t *r = td->reply;

    ok_(file, line)(!sense, "READ DISC INFORMATION failed %06x\n", sense);
    ok_(file, line)((r[2] & 3) == status, "disc status %d, expected %d\n", r[2] & 3, status);
    ok_(file, line)(((r[2] >> 2) & 3) == last_state, "last session state %d, expected %d\n", (r[2] >> 2) & 3,
                    last_state);
    ok_(file, line)((r[9] << 8 | r[4]) == sessions, "sessions %d, expected %d\n", r[9] << 8 | r[4], sessions);
    ok_(file, line)((r[10] << 8 | r[5]) == first, "first track in last session %d, expected %d\n",
                    r[10] << 8 | r[5], first);
    ok_(file, line)((r[11] << 8 | r[6]) == last, "last track in last session %d, expected %d\n",
                    r[11] << 8 | r[6], last);
}

#endif /* VDTEST_H */
