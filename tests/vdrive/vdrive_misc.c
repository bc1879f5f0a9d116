/*
 * Unit tests of the virtual recorder: drive commands, sense codes, media
 * changes, persistence, corrupt state, faults, log and pacing.
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

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "vdtest.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void test_inquiry(void)
{
    struct tdrive *td = td_create("none");
    uint8_t std[6] = {0x12, 0, 0, 0, 96, 0};
    uint8_t vpd[6] = {0x12, 0x01, 0x00, 0, 255, 0};

    if (!td) return;
    ok(td_in(td, std, sizeof(std), 96) == 0, "INQUIRY\n");
    ok(td->transferred == 96, "transferred %u\n", td->transferred);
    ok(td->reply[0] == 0x05 && (td->reply[1] & 0x80), "device type %02x rmb %02x\n", td->reply[0], td->reply[1]);
    ok(!memcmp(td->reply + 8, "VDRIVE", 6), "vendor %.8s\n", td->reply + 8);
    std[4] = 36;
    ok(td_in(td, std, sizeof(std), 255) == 0 && td->transferred == 36, "allocation length honoured: %u\n",
       td->transferred);
    ok(td_in(td, vpd, sizeof(vpd), 255) == 0 && td->reply[3] == 3 && td->reply[4] == 0 && td->reply[5] == 0x80
       && td->reply[6] == 0x83, "VPD page list\n");
    vpd[2] = 0x80;
    ok(td_in(td, vpd, sizeof(vpd), 255) == 0 && td->reply[1] == 0x80 && td->reply[3] > 0, "serial page\n");
    vpd[2] = 0x83;
    ok(td_in(td, vpd, sizeof(vpd), 255) == 0 && td->reply[1] == 0x83 && be16(td->reply + 2) > 4, "device id page\n");
    vpd[2] = 0x99;
    ok(td_in(td, vpd, sizeof(vpd), 255) == SENSE(5, 0x24, 0), "unknown VPD page\n");
    std[2] = 0x80;
    ok(td_in(td, std, sizeof(std), 255) == SENSE(5, 0x24, 0), "page code without EVPD\n");
    td_destroy(td);
}

static void test_bad_commands(void)
{
    struct tdrive *td = td_create("dvd+r");
    uint8_t unknown[10] = {0xff};
    uint8_t sense6[6] = {0x1a, 0, 0x2a, 0, 64, 0};
    uint8_t select6[6] = {0x15, 0x10, 0, 0, 0, 0};
    uint8_t rdi[10] = {0x51, 0x01, 0, 0, 0, 0, 0, 0, 34, 0};
    uint8_t ms[10] = {0x5a, 0, 0x30, 0, 0, 0, 0, 0, 255, 0};
    uint8_t request_sense[6] = {0x03, 0, 0, 0, 18, 0};
    uint8_t read_cd[12] = {0xbe};

    if (!td) return;
    td_settle(td);
    ok(td_exec(td, unknown, sizeof(unknown), VDRIVE_DIR_NONE, NULL, 0) == SENSE(5, 0x20, 0), "unknown opcode\n");
    ok(td_in(td, request_sense, sizeof(request_sense), 18) == 0 && td->reply[2] == 5 && td->reply[12] == 0x20,
       "REQUEST SENSE returns the last sense: %x/%02x\n", td->reply[2], td->reply[12]);
    ok(td_in(td, request_sense, sizeof(request_sense), 18) == 0 && td->reply[2] == 0 && td->reply[12] == 0,
       "REQUEST SENSE clears it\n");
    ok(td_exec(td, read_cd, sizeof(read_cd), VDRIVE_DIR_NONE, NULL, 0) == SENSE(5, 0x30, 0), "READ CD of a DVD\n");
    ok(td_in(td, sense6, sizeof(sense6), 64) == 0, "MODE SENSE(6), as SCSI drives take it\n");
    ok(td_exec(td, select6, sizeof(select6), VDRIVE_DIR_NONE, NULL, 0) == SENSE(5, 0x20, 0), "MODE SELECT(6)\n");
    ok(td_in(td, rdi, sizeof(rdi), 34) == SENSE(5, 0x24, 0), "RDI data type 1\n");
    ok(td_in(td, ms, sizeof(ms), 255) == SENSE(5, 0x24, 0), "MODE SENSE of page 30h\n");
    ms[2] = 0xc0 | 0x2a;
    ok(td_in(td, ms, sizeof(ms), 255) == SENSE(5, 0x39, 0), "saved mode page values\n");
    ok(td_read(td, 0, 1) == SENSE(5, 0x21, 0), "read of a blank DVD+R\n");
    ok(td_write(td, 100000000, 16, 0) == SENSE(5, 0x21, 2), "write far away\n");
    ok(td_rti(td, 1, 7) == SENSE(5, 0x24, 0), "RTI of a missing track\n");
    ok(td_close(td, 2, 0) == SENSE(5, 0x2c, 0), "closing an empty session\n");
    ok(td_close(td, 7, 0) == SENSE(5, 0x24, 0), "close function 7\n");
    ok(td_format(td, 0x26, 0) == SENSE(5, 0x30, 6), "FORMAT UNIT on DVD+R\n");
    ok(td_write_run(td, 0, 16, 16) == 0, "write\n");
    ok(td_read(td, 0, 2) == 0, "data of an open track reads back\n");
    ok(td_read(td, 16, 1) == SENSE(5, 0x21, 0) && td->transferred == 0, "read past the recorded blocks\n");
    td_destroy(td);
}

static void test_configuration_and_pages(void)
{
    struct tdrive *td = td_create("dvd+r");
    uint8_t all[10] = {0x46, 0x00, 0, 0, 0, 0, 0, 0x10, 0x00, 0};
    uint8_t ms[10] = {0x5a, 0x08, 0x2a, 0, 0, 0, 0, 0x01, 0x00, 0};
    uint8_t gesn[10] = {0x4a, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0};
    uint8_t perf[12] = {0xac, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0x03, 0};
    uint32_t len, pos;
    int found_current = 0, features = 0, prev = -1, sorted = 1;

    if (!td) return;
    td_settle(td);
    ok(td_in(td, all, sizeof(all), 4096) == 0, "GET CONFIGURATION\n");
    len = be32(td->reply) + 4;
    ok(be16(td->reply + 6) == 0x1b, "current profile %#x\n", be16(td->reply + 6));
    ok(be16(td->reply + 8) == 0x0000, "first feature %#x\n", be16(td->reply + 8));
    for (pos = 12; pos < 12u + td->reply[11]; pos += 4)
        if (be16(td->reply + pos) == 0x1b && (td->reply[pos + 2] & 1)) found_current = 1;
    ok(found_current, "DVD+R not flagged current in the profile list\n");
    for (pos = 8; pos + 4 <= len; pos += 4 + td->reply[pos + 3])
    {
        int code = be16(td->reply + pos);
        if (code <= prev) sorted = 0;
        prev = code;
        features++;
        ok(td->reply[pos + 3] % 4 == 0, "feature %04x length %u\n", code, td->reply[pos + 3]);
    }
    ok(sorted && features >= 20, "%d features, sorted %d\n", features, sorted);
    ok(td_feature_current(td, 0x0107) == 1 && td_feature_current(td, 0x0108) == 1 && td_feature_current(td, 0x0100) == 1,
       "drive features\n");

    ok(td_in(td, ms, sizeof(ms), 256) == 0, "MODE SENSE 2Ah\n");
    ok(td->reply[8] == 0x2a && (td->reply[8 + 2] & 0x08), "page 2Ah must announce DVD-ROM reading\n");
    ms[2] = 0x3f;
    ok(td_in(td, ms, sizeof(ms), 256) == 0 && be16(td->reply) + 2 > 8 + 52 + 12 + 12, "page 3Fh length %u\n",
       be16(td->reply));
    ms[2] = 0x40 | 0x05;
    ok(td_in(td, ms, sizeof(ms), 256) == 0 && td->reply[8] == 0x05 && (td->reply[8 + 2] & 0x0f) == 0x0f,
       "changeable page 05h write type mask %02x\n", td->reply[8 + 2]);

    ok(td_in(td, gesn, sizeof(gesn), 8) == 0 && td->reply[2] == 4 && td->reply[4] == 0 && (td->reply[5] & 2),
       "GESN media: event %u status %02x\n", td->reply[4], td->reply[5]);
    gesn[1] = 0;
    ok(td_in(td, gesn, sizeof(gesn), 8) == SENSE(5, 0x24, 0), "asynchronous GESN\n");

    ok(td_in(td, perf, sizeof(perf), 8 + 16 * 8) == 0, "GET PERFORMANCE 03h\n");
    ok(be32(td->reply) >= 4 + 16 && be32(td->reply + 8 + 12) > 0, "write speed descriptors: %u bytes\n",
       be32(td->reply));
    perf[10] = 0;
    ok(td_in(td, perf, sizeof(perf), 8 + 16 * 8) == 0 && be32(td->reply) == 4 + 16, "GET PERFORMANCE 00h\n");
    perf[10] = 0x05;
    ok(td_in(td, perf, sizeof(perf), 8 + 16 * 8) == SENSE(5, 0x24, 0), "GET PERFORMANCE type 05h\n");
    td_destroy(td);
}

static void test_media_changes(void)
{
    struct tdrive *td = td_create("none");
    uint8_t pamr[6] = {0x1e, 0, 0, 0, 1, 0};
    uint8_t eject[6] = {0x1b, 0, 0, 0, 0x02, 0};
    uint8_t load[6] = {0x1b, 0, 0, 0, 0x03, 0};
    uint8_t gesn[10] = {0x4a, 0x01, 0, 0, 0x10, 0, 0, 0, 8, 0};
    uint8_t inquiry[6] = {0x12, 0, 0, 0, 36, 0};
    char err[256];

    if (!td) return;
    ok(td_tur(td) == SENSE(2, 0x3a, 1), "empty drive, tray closed\n");
    ok(td_profile(td) == 0, "profile without media %#x\n", td_profile(td));
    ok(vdrive_insert(td->dir, "cd-r", err, sizeof(err)) == 0, "insert: %s\n", err);
    ok(td_in(td, inquiry, sizeof(inquiry), 36) == 0, "INQUIRY is not affected by unit attention\n");
    ok(td_in(td, gesn, sizeof(gesn), 8) == 0 && td->reply[4] == 2, "GESN new media: %u\n", td->reply[4]);
    ok(td_in(td, gesn, sizeof(gesn), 8) == 0 && td->reply[4] == 0, "GESN event consumed: %u\n", td->reply[4]);
    ok(td_tur(td) == SENSE(6, 0x28, 0), "unit attention after a media change\n");
    ok(td_tur(td) == 0, "ready\n");
    ok(td_exec(td, pamr, sizeof(pamr), VDRIVE_DIR_NONE, NULL, 0) == 0, "PREVENT\n");
    ok(td_exec(td, eject, sizeof(eject), VDRIVE_DIR_NONE, NULL, 0) == SENSE(5, 0x53, 2), "eject while prevented\n");
    pamr[4] = 0;
    ok(td_exec(td, pamr, sizeof(pamr), VDRIVE_DIR_NONE, NULL, 0) == 0, "ALLOW\n");
    ok(td_exec(td, eject, sizeof(eject), VDRIVE_DIR_NONE, NULL, 0) == 0, "eject\n");
    ok(td_tur(td) == SENSE(2, 0x3a, 2), "tray open\n");
    ok(td_rdi(td) == SENSE(2, 0x3a, 2), "RDI with the tray open\n");
    ok(td_in(td, gesn, sizeof(gesn), 8) == 0 && td->reply[4] == 3 && (td->reply[5] & 1), "GESN removal\n");
    ok(td_exec(td, load, sizeof(load), VDRIVE_DIR_NONE, NULL, 0) == 0, "load\n");
    ok(td_tur(td) == SENSE(6, 0x28, 0) && td_tur(td) == 0, "ready after loading\n");
    ok(vdrive_eject(td->dir, err, sizeof(err)) == 0 && td_tur(td) == SENSE(2, 0x3a, 2), "vdrive_eject\n");
    ok(vdrive_insert(td->dir, "none", err, sizeof(err)) == 0, "insert none\n");
    ok(td_tur(td) == SENSE(2, 0x3a, 1), "no medium, tray closed\n");
    ok(vdrive_insert(td->dir, "bogus", err, sizeof(err)) < 0 && strstr(err, "dvd+r-dl"), "bad media: '%s'\n", err);
    ok(vdrive_insert(td->dir, "reload", err, sizeof(err)) < 0, "reload without a disc\n");
    td_destroy(td);
}

static void test_rom_media(void)
{
    struct tdrive *td = td_create("none");
    char err[256], path[700], file[600];
    uint8_t block[BLOCK * 3];
    uint32_t last = 0;
    int fd;

    if (!td) return;
    /* a ROM disc from what DIR/disc.img holds: 2.5 blocks -> 3 */
    snprintf(path, sizeof(path), "%s/disc.img", td->dir);
    memset(block, 0xab, sizeof(block));
    fd = open(path, O_WRONLY);
    ok(fd >= 0 && write(fd, block, BLOCK * 2 + BLOCK / 2) == BLOCK * 2 + BLOCK / 2, "write image\n");
    if (fd >= 0) close(fd);
    ok(vdrive_insert(td->dir, "cd-rom", err, sizeof(err)) == 0, "insert cd-rom: %s\n", err);
    td_settle(td);
    ok(td_profile(td) == 0x0008, "profile %#x\n", td_profile(td));
    ok(td_read_capacity(td, &last) == 0 && last == 2, "READ CAPACITY %u\n", last);
    check_disc(td, 2, 3, 1, 1, 1);
    ok(td_read(td, 1, 1) == 0 && td->reply[0] == 0xab, "ROM data\n");
    ok(td_write(td, 3, 1, 0) == SENSE(5, 0x30, 5), "write to CD-ROM\n");
    ok(td_toc(td, 0, 0, 0) == 0 && td->reply[3] == 1 && be32(td->reply + 16) == 3, "CD-ROM TOC lead-out %u\n",
       be32(td->reply + 16));
    ok(td_toc(td, 4, 1, 0) == SENSE(5, 0x24, 0), "ATIP on CD-ROM\n");

    /* a DVD-ROM from a file */
    snprintf(file, sizeof(file), "%s/content", td->dir);
    fd = open(file, O_WRONLY | O_CREAT, 0644);
    memset(block, 0x5c, sizeof(block));
    ok(fd >= 0 && write(fd, block, sizeof(block)) == (ssize_t)sizeof(block), "write content\n");
    if (fd >= 0) close(fd);
    snprintf(path, sizeof(path), "dvd-rom:%s", file);
    ok(vdrive_insert(td->dir, path, err, sizeof(err)) == 0, "insert dvd-rom: %s\n", err);
    td_settle(td);
    ok(td_profile(td) == 0x0010, "profile %#x\n", td_profile(td));
    ok(td_read_capacity(td, &last) == 0 && last == 2, "READ CAPACITY %u\n", last);
    ok(td_read(td, 2, 1) == 0 && td->reply[BLOCK - 1] == 0x5c, "DVD-ROM data\n");
    ok(vdrive_insert(td->dir, "cd-r:somefile", err, sizeof(err)) < 0, "content for recordable media\n");
    td_destroy(td);
}

/* The state survives close/reopen and another process's commands. */
static void test_persistence(void)
{
    struct tdrive *td = td_create("cd-r");
    struct track_expect e;
    char err[256], before[512], after[512];
    pid_t pid;
    int status, i;

    if (!td) return;
    td_settle(td);
    td_write_params(td, 1, 3);
    ok(td_write_run(td, 0, 300, 16) == 0 && td_sync(td) == 0 && td_close(td, 2, 0) == 0, "session 1\n");
    td_layout_line(td, "session 2 track 2 ", before, sizeof(before));

    vdrive_close(td->drive);
    td->drive = vdrive_open(td->dir, err, sizeof(err));
    ok(td->drive != NULL, "reopen: %s\n", err);
    if (!td->drive) return;
    td_layout_line(td, "session 2 track 2 ", after, sizeof(after));
    ok(!strcmp(before, after) && before[0], "layout changed across reopen: '%s' / '%s'\n", before, after);

    /* a child process writes session 2 through its own handle; the parent
     * polls meanwhile: 304 blocks at 302 + 11400 = 11702, so
     * A2 = 11702 + 304 + 2 = 12008 and the NWA is 12008 + 6900 = 18908 */
    pid = fork();
    if (!pid)
    {
        struct vdrive *d = vdrive_open(td->dir, err, sizeof(err));
        struct vdrive_result r;
        uint8_t buf[16 * BLOCK] = {0};
        uint32_t lba;
        int bad = !d;

        for (lba = 11702; d && lba < 11702 + 304; lba += 16)
        {
            uint8_t w[10] = {0x2a, 0, lba >> 24, lba >> 16, lba >> 8, lba, 0, 0, 16, 0};
            vdrive_execute(d, w, 10, VDRIVE_DIR_TO_DEVICE, buf, sizeof(buf), 1000, &r);
            bad |= r.status;
        }
        if (d)
        {
            uint8_t sync[10] = {0x35}, close_session[10] = {0x5b, 0, 2};
            vdrive_execute(d, sync, 10, VDRIVE_DIR_NONE, NULL, 0, 1000, &r);
            bad |= r.status;
            vdrive_execute(d, close_session, 10, VDRIVE_DIR_NONE, NULL, 0, 1000, &r);
            bad |= r.status;
            vdrive_close(d);
        }
        _exit(bad ? 1 : 0);
    }
    for (i = 0; i < 200; i++) ok(td_rdi(td) == 0, "RDI while the child writes\n");
    ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x\n", status);
    ok(td_rti(td, 1, 0xff) == 0, "RTI FFh\n");
    e = (struct track_expect){3, 3, 18908, -1, 18908, 359849 - 18908, 1, 1, 0};
    check_track(td, &e);

    /* a handle inherited through fork() keeps working in the child */
    pid = fork();
    if (!pid)
    {
        struct vdrive_result r;
        uint8_t tur[6] = {0};
        vdrive_execute(td->drive, tur, 6, VDRIVE_DIR_NONE, NULL, 0, 1000, &r);
        _exit(r.status ? 1 : 0);
    }
    ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0, "inherited handle\n");
    ok(td_tur(td) == 0, "parent after the child\n");
    td_destroy(td);
}

static int file_equals(const char *path, const uint8_t *data, size_t size)
{
    uint8_t buf[BLOCK * 4];
    ssize_t got;
    int fd = open(path, O_RDONLY);

    if (fd < 0) return 0;
    got = read(fd, buf, sizeof(buf));
    close(fd);
    return got == (ssize_t)size && !memcmp(buf, data, size);
}

static void test_corrupt_state(void)
{
    struct tdrive *td = td_create("dvd+r");
    char err[256] = "", path[600], image[600];
    uint8_t inquiry[6] = {0x12, 0, 0, 0, 36, 0}, saved[BLOCK * 2], byte;
    struct stat st;
    int fd;

    if (!td) return;
    td_settle(td);
    ok(td_write_run(td, 0, 2, 16) == 0, "write\n");
    snprintf(path, sizeof(path), "%s/state", td->dir);
    snprintf(image, sizeof(image), "%s/disc.img", td->dir);
    fd = open(image, O_RDONLY);
    ok(fd >= 0 && read(fd, saved, sizeof(saved)) == (ssize_t)sizeof(saved), "read image\n");
    if (fd >= 0) close(fd);

    /* flip one byte in the middle of the state */
    fd = open(path, O_RDWR);
    ok(fd >= 0 && fstat(fd, &st) == 0, "open state\n");
    if (fd < 0) return;
    ok(pread(fd, &byte, 1, st.st_size / 2) == 1, "read state\n");
    byte ^= 0x5a;
    ok(pwrite(fd, &byte, 1, st.st_size / 2) == 1, "corrupt state\n");
    ok(vdrive_layout(td->dir, stdout, err, sizeof(err)) < 0 && strstr(err, "corrupt"), "layout error '%s'\n", err);
    ok(vdrive_insert(td->dir, "cd-r", err, sizeof(err)) < 0 && strstr(err, "corrupt"), "insert error '%s'\n", err);
    ok(td_tur(td) == SENSE(4, 0x44, 0), "TEST UNIT READY on a corrupt state\n");
    ok(td_write(td, 2, 1, 0) == SENSE(4, 0x44, 0), "WRITE on a corrupt state\n");
    ok(td_in(td, inquiry, sizeof(inquiry), 36) == 0, "INQUIRY still answers\n");
    ok(file_equals(image, saved, sizeof(saved)), "the image changed\n");

    /* truncated */
    ok(ftruncate(fd, st.st_size / 3) == 0, "truncate\n");
    ok(vdrive_layout(td->dir, stdout, err, sizeof(err)) < 0 && strstr(err, "truncated"), "layout error '%s'\n", err);
    ok(td_rdi(td) == SENSE(4, 0x44, 0), "RDI on a truncated state\n");
    ok(ftruncate(fd, 0) == 0, "truncate to nothing\n");
    ok(td_tur(td) == SENSE(4, 0x44, 0), "TUR on an empty state\n");
    close(fd);
    ok(file_equals(image, saved, sizeof(saved)), "the image changed\n");

    /* vdrive_create repairs it */
    ok(vdrive_create(td->dir, "dvd+r", err, sizeof(err)) == 0, "recreate: %s\n", err);
    ok(td_tur(td) == 0, "TUR after recreating\n");
    ok(vdrive_open(P_tmpdir "/no-such-recorder-dir", err, sizeof(err)) == NULL && err[0], "open a missing dir\n");
    td_destroy(td);
}

static void test_faults(void)
{
    struct tdrive *td = td_create("dvd+r");
    uint8_t inquiry[6] = {0x12, 0, 0, 0, 96, 0}, normal[96];
    char err[512];
    int i;

    if (!td) return;
    td_settle(td);
    ok(td_write_run(td, 0, 64, 16) == 0, "write\n");

    ok(vdrive_fault(td->dir, "medium-error:40", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_read(td, 32, 16) == SENSE(3, 0x11, 0), "read over the bad block\n");
    ok(td->transferred == 8 * BLOCK && (td->result.sense[0] & 0x80) && be32(td->result.sense + 3) == 40,
       "transferred %u, information %u\n", td->transferred, be32(td->result.sense + 3));
    ok(td_read(td, 0, 16) == 0, "read elsewhere\n");
    ok(vdrive_fault(td->dir, "medium-error:70", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_write(td, 64, 16, 0) == SENSE(3, 0x0c, 0), "write over a bad block\n");
    ok(vdrive_fault(td->dir, "clear", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_rti(td, 1, 0xff) == 0 && be32(td->reply + 12) == 70, "NWA after the failed write %u\n",
       be32(td->reply + 12));
    ok(td_write(td, 70, 10, 0) == 0 && td_read(td, 32, 16) == 0, "after clear\n");

    ok(vdrive_fault(td->dir, "not-ready:2", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_tur(td) == SENSE(2, 0x04, 1) && td_tur(td) == SENSE(2, 0x04, 1) && td_tur(td) == 0, "becoming ready\n");
    ok(vdrive_fault(td->dir, "long-write:1", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_in(td, inquiry, sizeof(inquiry), 96) == 0, "INQUIRY during a long write\n");
    memcpy(normal, td->reply, sizeof(normal));
    ok(td_tur(td) == SENSE(2, 0x04, 8) && td_tur(td) == 0, "long write in progress\n");

    ok(vdrive_fault(td->dir, "timeout:0x00", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_tur(td) == 0 && td->result.host_status == 0x03, "timeout: host status %#x\n", td->result.host_status);
    ok(td_tur(td) == 0 && td->result.host_status == 0, "after the timeout\n");
    ok(vdrive_fault(td->dir, "timeout:0:2", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_tur(td) == 0 && td->result.host_status == 0x03, "first of two timeouts\n");
    ok(td_tur(td) == 0 && td->result.host_status == 0x03, "second of two timeouts\n");
    ok(td_tur(td) == 0 && td->result.host_status == 0, "after two timeouts\n");
    ok(vdrive_fault(td->dir, "timeout:0:0", err, sizeof(err)) < 0, "zero timeouts accepted\n");

    ok(vdrive_fault(td->dir, "truncate:12:8", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_in(td, inquiry, sizeof(inquiry), 96) == 0 && td->transferred == 8, "truncated to %u\n", td->transferred);
    ok(td_in(td, inquiry, sizeof(inquiry), 96) == 0 && td->transferred == 96, "one-shot truncation\n");

    ok(vdrive_fault(td->dir, "garbage:12", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_in(td, inquiry, sizeof(inquiry), 96) == 0 && td->transferred == 96 && memcmp(td->reply, normal, 96),
       "garbage reply\n");
    ok(td_in(td, inquiry, sizeof(inquiry), 96) == 0 && !memcmp(td->reply, normal, 96), "one-shot garbage\n");
    ok(vdrive_fault(td->dir, "garbage:12:2", err, sizeof(err)) == 0, "%s\n", err);
    {
        uint8_t first[96];

        ok(td_in(td, inquiry, sizeof(inquiry), 96) == 0 && memcmp(td->reply, normal, 96), "first garbage reply\n");
        memcpy(first, td->reply, sizeof(first));
        ok(td_in(td, inquiry, sizeof(inquiry), 96) == 0 && memcmp(td->reply, normal, 96)
           && memcmp(td->reply, first, 96), "second garbage reply, different from the first\n");
        ok(td_in(td, inquiry, sizeof(inquiry), 96) == 0 && !memcmp(td->reply, normal, 96), "two garbage replies\n");
    }

    ok(vdrive_fault(td->dir, "write-protect", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_write(td, 80, 16, 0) == SENSE(7, 0x27, 0), "write-protected write\n");
    ok(td_close(td, 1, 1) == SENSE(7, 0x27, 0), "write-protected close\n");
    ok(td_read(td, 0, 1) == 0, "reads still work\n");
    ok(vdrive_fault(td->dir, "write-protect:off", err, sizeof(err)) == 0 && td_write(td, 80, 16, 0) == 0,
       "write-protect off\n");

    ok(vdrive_fault(td->dir, "bogus:1", err, sizeof(err)) < 0 && strstr(err, "truncate:OPCODE:N"),
       "bad spec message '%s'\n", err);
    ok(vdrive_fault(td->dir, "not-ready:3,timeout:zz", err, sizeof(err)) < 0, "bad list\n");
    ok(td_tur(td) == 0, "a rejected list must not apply partly\n");
    ok(vdrive_fault(td->dir, "medium-error:x", err, sizeof(err)) < 0, "bad LBA\n");
    ok(vdrive_fault(td->dir, ",,,", err, sizeof(err)) < 0 && strstr(err, "empty"), "',,,' accepted: '%s'\n", err);
    ok(vdrive_fault(td->dir, "not-ready:3,", err, sizeof(err)) < 0, "trailing comma accepted\n");
    ok(vdrive_fault(td->dir, ",not-ready:3", err, sizeof(err)) < 0, "leading comma accepted\n");
    ok(vdrive_fault(td->dir, "not-ready:3,,long-write:1", err, sizeof(err)) < 0, "empty item accepted\n");
    ok(vdrive_fault(td->dir, "", err, sizeof(err)) < 0, "empty spec accepted\n");
    ok(td_tur(td) == 0, "a rejected list must not apply partly\n");
    for (i = 0; i < 9; i++) vdrive_fault(td->dir, "medium-error:1", err, sizeof(err));
    ok(strstr(err, "at most") != NULL, "too many medium errors: '%s'\n", err);

    /* data written before the faults is intact */
    ok(td_read(td, 0, 1) == 0 && td->reply[0] == 0 && td_read(td, 17, 1) == 0 && td->reply[0] == 17,
       "stored data %02x\n", td->reply[0]);
    td_destroy(td);
}

static uint32_t td_control(struct tdrive *td, const char *signature, const char *spec)
{
    uint8_t cdb[10] = {0xff};
    size_t len = strlen(spec);

    memcpy(cdb + 1, signature, 6);
    wbe16(cdb + 7, len);
    return td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_TO_DEVICE, (void *)spec, len);
}

/* The vendor-specific control command injects the same faults in-band. */
static void test_control_command(void)
{
    struct tdrive *td = td_create("dvd-rw-ro");    /* formatted: writable at once */

    if (!td) return;
    ok(td_control(td, "VDRIVE", "not-ready:1") == 0, "control command refused\n");
    ok(td->transferred == strlen("not-ready:1"), "transferred %u\n", td->transferred);
    ok(td_tur(td) == SENSE(2, 0x04, 1), "not-ready fault through the control command\n");
    ok(td_tur(td) == 0, "one-shot\n");
    ok(td_control(td, "VDRIVX", "not-ready:1") == SENSE(5, 0x20, 0), "wrong signature accepted\n");
    ok(td_tur(td) == 0, "a refused control command must not inject\n");
    ok(td_control(td, "VDRIVE", "not-ready:1,,") == SENSE(5, 0x26, 0), "empty item accepted\n");
    ok(td_control(td, "VDRIVE", "bogus") == SENSE(5, 0x26, 0), "bad spec accepted\n");
    ok(td_tur(td) == 0, "a bad spec must not inject\n");
    ok(td_control(td, "VDRIVE", "timeout:2a:2") == 0, "timeout through the control command\n");
    ok(td_write(td, 0, 16, 1) == 0 && td->result.host_status == 0x03 && !td->transferred,
       "first WRITE: host %#x, %u bytes\n", td->result.host_status, td->transferred);
    ok(td_write(td, 0, 16, 1) == 0 && td->result.host_status == 0x03, "second WRITE times out\n");
    ok(td_write(td, 0, 16, 1) == 0 && td->result.host_status == 0 && td->transferred == 16 * BLOCK,
       "third WRITE: host %#x, %u bytes\n", td->result.host_status, td->transferred);
    td_destroy(td);
}

/* READ DISC STRUCTURE format C0h, Write Protection Status (MMC-6): a 4-byte
 * header, then byte 4 with SWPP (bit 0), PWP (1), WDP (2) and MSWI (3). */
static uint32_t td_write_protection(struct tdrive *td, int media_type)
{
    uint8_t cdb[12] = {0xad, media_type, 0, 0, 0, 0, 0, 0xc0, 0, 8, 0, 0};
    return td_in(td, cdb, sizeof(cdb), 8);
}

/* MODE SENSE(10) header byte 3, the device-specific parameter (WP: bit 7). */
static int td_mode_header_wp(struct tdrive *td)
{
    uint8_t cdb[10] = {0x5a, 0x08, 0x2a, 0, 0, 0, 0, 0x01, 0x00, 0};
    if (td_in(td, cdb, sizeof(cdb), 256)) return -1;
    return !!(td->reply[3] & 0x80);
}

/* The structures format FFh lists: does it name FORMAT? */
static int td_structure_listed(struct tdrive *td, int media_type, int format)
{
    uint8_t cdb[12] = {0xad, media_type, 0, 0, 0, 0, 0, 0xff, 0x01, 0x00, 0, 0};
    uint32_t pos, len;

    if (td_in(td, cdb, sizeof(cdb), 256)) return -1;
    len = be16(td->reply) + 2;
    for (pos = 4; pos + 4 <= len; pos += 4)
        if (td->reply[pos] == format) return (td->reply[pos + 1] & 0x40) && be16(td->reply + pos + 2) == 8;
    return 0;
}

static void test_write_protection_status(void)
{
    static const struct { const char *media; int media_type; } media[] =
    {
        {"dvd+r", 0}, {"dvd-rw", 0}, {"dvd+rw", 0}, {"dvd-rom", 0}, {"bd-r", 1}, {"bd-re", 1}, {"bd-r", 0},
    };
    static const char * const cds[] = {"cd-r", "cd-rw", "cd-rom"};
    struct tdrive *td;
    char err[256];
    unsigned int i;

    for (i = 0; i < sizeof(media) / sizeof(media[0]); i++)
    {
        if (!(td = td_create(media[i].media))) return;
        td_settle(td);
        ok(td_write_protection(td, media[i].media_type) == 0, "%s: format C0h refused\n", media[i].media);
        ok(td->transferred == 8 && be16(td->reply) == 6 && td->reply[4] == 0 && !td->reply[5],
           "%s: %u bytes, length %u, flags %02x\n", media[i].media, td->transferred, be16(td->reply), td->reply[4]);
        ok(td_structure_listed(td, media[i].media_type, 0xc0) == 1, "%s: format C0h not listed\n", media[i].media);
        ok(td_mode_header_wp(td) == 0, "%s: WP set without protection\n", media[i].media);

        ok(vdrive_fault(td->dir, "write-protect", err, sizeof(err)) == 0, "%s\n", err);
        ok(td_write_protection(td, media[i].media_type) == 0 && td->reply[4] == 0x04,
           "%s: protected medium reports %02x, expected WDP\n", media[i].media, td->reply[4]);
        ok(td_mode_header_wp(td) == 1, "%s: WP not set\n", media[i].media);
        ok(td_write(td, 0, 32, 0) == SENSE(7, 0x27, 0), "%s: write-protected write\n", media[i].media);

        ok(vdrive_fault(td->dir, "write-protect:off", err, sizeof(err)) == 0, "%s\n", err);
        ok(td_write_protection(td, media[i].media_type) == 0 && td->reply[4] == 0, "%s: %02x after the fault\n",
           media[i].media, td->reply[4]);
        ok(td_mode_header_wp(td) == 0, "%s: WP set after the fault\n", media[i].media);
        ok(vdrive_fault(td->dir, "write-protect,clear", err, sizeof(err)) == 0, "%s\n", err);
        ok(td_write_protection(td, media[i].media_type) == 0 && td->reply[4] == 0, "%s: %02x after clear\n",
           media[i].media, td->reply[4]);
        td_destroy(td);
    }

    /* the short header alone, as hosts ask first */
    if ((td = td_create("dvd+r")))
    {
        uint8_t cdb[12] = {0xad, 0, 0, 0, 0, 0, 0, 0xc0, 0, 4, 0, 0};

        td_settle(td);
        ok(td_in(td, cdb, sizeof(cdb), 4) == 0 && td->transferred == 4 && be16(td->reply) == 6, "header only\n");
        /* another disc ends the protection */
        ok(vdrive_fault(td->dir, "write-protect", err, sizeof(err)) == 0, "%s\n", err);
        ok(vdrive_insert(td->dir, "dvd+r", err, sizeof(err)) == 0, "insert: %s\n", err);
        td_settle(td);
        ok(td_write_protection(td, 0) == 0 && td->reply[4] == 0, "new disc reports %02x\n", td->reply[4]);
        ok(td_mode_header_wp(td) == 0, "WP set for the new disc\n");
        ok(vdrive_insert(td->dir, "none", err, sizeof(err)) == 0, "insert none: %s\n", err);
        ok(td_write_protection(td, 0) == SENSE(2, 0x3a, 1), "no disc\n");
        ok(vdrive_fault(td->dir, "write-protect", err, sizeof(err)) == 0, "%s\n", err);
        ok(td_mode_header_wp(td) == 0, "WP set without a disc\n");
        td_destroy(td);
    }

    /* CD media have no disc structures at all */
    for (i = 0; i < sizeof(cds) / sizeof(cds[0]); i++)
    {
        if (!(td = td_create(cds[i]))) return;
        td_settle(td);
        ok(td_write_protection(td, 0) == SENSE(5, 0x30, 2) && !td->transferred, "%s: format C0h\n", cds[i]);
        ok(vdrive_fault(td->dir, "write-protect", err, sizeof(err)) == 0, "%s\n", err);
        ok(td_write_protection(td, 0) == SENSE(5, 0x30, 2), "%s: format C0h when protected\n", cds[i]);
        if (i < 2)
        {
            ok(td_mode_header_wp(td) == 1, "%s: WP not set\n", cds[i]);
            ok(td_write(td, 0, 1, 0) == SENSE(7, 0x27, 0), "%s: write-protected write\n", cds[i]);
        }
        td_destroy(td);
    }
}

static uint32_t td_write12(struct tdrive *td, int32_t lba, uint32_t blocks, const uint8_t *buf)
{
    uint8_t cdb[12] = {0xaa};

    wbe32(cdb + 2, lba);
    wbe32(cdb + 6, blocks);
    return td_exec(td, cdb, sizeof(cdb), VDRIVE_DIR_TO_DEVICE, (void *)buf, blocks * BLOCK);
}

/* Blocks FIRST..FIRST+COUNT-1 as td_write() filled them from FILL, read back:
 * the block at BAD (if any) must differ in its first byte only. */
#define check_blocks(td, first, count, fill, bad) check_blocks_(__LINE__, td, first, count, fill, bad)
static void check_blocks_(int line, struct tdrive *td, int32_t first, uint32_t count, uint8_t fill, int32_t bad)
{
    uint8_t expect[BLOCK];
    uint32_t i, sense = td_read(td, first, count);

    ok_(__FILE__, line)(!sense && td->transferred == count * BLOCK, "read %d+%u: sense %06x, %u bytes\n", first,
                        count, sense, td->transferred);
    if (sense) return;
    for (i = 0; i < count; i++)
    {
        const uint8_t *got = td->reply + (size_t)i * BLOCK;

        memset(expect, (uint8_t)(fill + i), BLOCK);
        if (first + (int32_t)i == bad)
        {
            uint8_t inverted = ~expect[0];

            ok_(__FILE__, line)(got[0] == inverted, "block %d: first byte %02x, expected %02x\n", first + i, got[0],
                                inverted);
            ok_(__FILE__, line)(!memcmp(got + 1, expect + 1, BLOCK - 1), "block %d: other bytes changed\n", first + i);
        }
        else
            ok_(__FILE__, line)(!memcmp(got, expect, BLOCK), "block %d changed (%02x, expected %02x)\n",
                                first + i, got[0], expect[0]);
    }
}

/* corrupt:LBA and corrupt-write: the WRITE succeeds, what is stored is not
 * what was sent. */
static void test_corrupt(void)
{
    static const struct { const char *media; int format; uint32_t unit; } media[] =
    {
        {"cd-r", -1, 4}, {"cd-rw", -1, 4}, {"dvd-r", -1, 16}, {"dvd-rw", -1, 16}, {"dvd-rw-ro", -1, 16},
        {"dvd+r", -1, 16}, {"dvd+r-dl", -1, 16}, {"dvd+rw", 0x26, 16}, {"bd-r", -1, 32}, {"bd-re", 0x00, 32},
    };
    uint8_t buf[64 * BLOCK], copy[64 * BLOCK];
    struct tdrive *td;
    char err[512];
    unsigned int i, j;

    for (i = 0; i < sizeof(media) / sizeof(media[0]); i++)
    {
        const char *name = media[i].media;
        uint32_t unit = media[i].unit;

        if (!(td = td_create(name))) return;
        td_settle(td);
        if (media[i].format >= 0)
            ok(td_format(td, media[i].format, media[i].format == 0x26 ? 0xffffffff : 0) == 0, "%s: format\n", name);

        /* corrupt:LBA through WRITE(10): only that block */
        ok(vdrive_fault(td->dir, "corrupt:2", err, sizeof(err)) == 0, "%s: %s\n", name, err);
        ok(td_write(td, 0, unit, 0x40) == 0 && td->transferred == unit * BLOCK && !td->result.host_status,
           "%s: corrupted WRITE(10) must succeed: %u bytes\n", name, td->transferred);
        check_blocks(td, 0, unit, 0x40, 2);
        /* one-shot: the next write is stored as sent */
        ok(vdrive_fault(td->dir, "corrupt:1000000", err, sizeof(err)) == 0, "%s: %s\n", name, err);
        ok(td_write(td, unit, unit, 0x60) == 0, "%s: write\n", name);
        check_blocks(td, unit, unit, 0x60, -1);

        /* corrupt-write through WRITE(12): the first block, the host's buffer untouched */
        ok(vdrive_fault(td->dir, "corrupt-write", err, sizeof(err)) == 0, "%s: %s\n", name, err);
        for (j = 0; j < unit; j++) memset(buf + (size_t)j * BLOCK, (uint8_t)(0x80 + j), BLOCK);
        memcpy(copy, buf, unit * BLOCK);
        ok(td_write12(td, 2 * unit, unit, buf) == 0 && td->transferred == unit * BLOCK,
           "%s: corrupted WRITE(12) must succeed\n", name);
        ok(!memcmp(buf, copy, unit * BLOCK), "%s: the host's buffer changed\n", name);
        check_blocks(td, 2 * unit, unit, 0x80, 2 * unit);
        ok(td_write12(td, 3 * unit, unit, buf) == 0, "%s: WRITE(12)\n", name);
        check_blocks(td, 3 * unit, unit, 0x80, -1);
        /* the earlier blocks stay as they were */
        check_blocks(td, 0, unit, 0x40, 2);
        ok(vdrive_fault(td->dir, "clear", err, sizeof(err)) == 0, "%s: %s\n", name, err);
        td_destroy(td);
    }

    if (!(td = td_create("dvd+r"))) return;
    td_settle(td);
    /* the count: two WRITE commands, then none; in-band through FFh */
    ok(td_control(td, "VDRIVE", "corrupt-write:2") == 0, "corrupt-write:2 through the control command\n");
    ok(td_write(td, 0, 16, 0x10) == 0 && td_write(td, 16, 16, 0x20) == 0 && td_write(td, 32, 16, 0x30) == 0,
       "three writes\n");
    check_blocks(td, 0, 16, 0x10, 0);
    check_blocks(td, 16, 16, 0x20, 16);
    check_blocks(td, 32, 16, 0x30, -1);
    /* a failed WRITE does not count */
    ok(td_control(td, "VDRIVE", "corrupt-write,write-protect") == 0, "corrupt-write,write-protect\n");
    ok(td_write(td, 48, 16, 0x40) == SENSE(7, 0x27, 0), "write-protected write\n");
    ok(td_control(td, "VDRIVE", "write-protect:off") == 0, "write-protect:off\n");
    ok(td_write(td, 48, 16, 0x40) == 0, "write\n");
    check_blocks(td, 48, 16, 0x40, 48);
    /* corrupt:LBA waits for the write that covers it; clear removes it */
    ok(td_control(td, "VDRIVE", "corrupt:70") == 0, "corrupt:70\n");
    ok(td_write(td, 64, 4, 0x50) == 0 && td_write(td, 68, 4, 0x54) == 0, "two writes\n");
    check_blocks(td, 64, 4, 0x50, -1);
    check_blocks(td, 68, 4, 0x54, 70);
    ok(td_control(td, "VDRIVE", "corrupt:0x50:3,clear") == 0, "corrupt then clear\n");
    ok(td_write(td, 72, 16, 0x60) == 0, "write\n");
    check_blocks(td, 72, 16, 0x60, -1);
    /* a later corrupt item replaces the earlier */
    ok(vdrive_fault(td->dir, "corrupt:200,corrupt-write", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_write(td, 88, 8, 0x70) == 0, "write\n");
    check_blocks(td, 88, 8, 0x70, 88);
    td_destroy(td);

    /* rewritable media: corrupt:LBA:N corrupts N rewrites of the block */
    if (!(td = td_create("dvd-rw-ro"))) return;
    td_settle(td);
    ok(vdrive_fault(td->dir, "corrupt:5:2", err, sizeof(err)) == 0, "%s\n", err);
    for (i = 0; i < 3; i++)
    {
        ok(td_write(td, 0, 16, 0x10 * i) == 0, "write %u\n", i);
        check_blocks(td, 0, 16, 0x10 * i, i < 2 ? 5 : -1);
    }
    td_destroy(td);

    /* bad specs change nothing */
    if (!(td = td_create("dvd+r"))) return;
    td_settle(td);
    {
        static const char * const bad[] =
        {
            "corrupt", "corrupt:", "corrupt:x", "corrupt:-1", "corrupt:5:0", "corrupt:5:", "corrupt:5:x",
            "corrupt:5:1:2", "corrupt:99999999999", "corrupt-write:", "corrupt-write:0", "corrupt-write:x",
            "corrupt-write:-2", "corrupt-writes", "corrupt:1,bogus",
        };

        for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        {
            ok(vdrive_fault(td->dir, bad[i], err, sizeof(err)) < 0 && strstr(err, "corrupt:LBA[:N]"),
               "'%s' accepted: '%s'\n", bad[i], err);
            ok(td_control(td, "VDRIVE", bad[i]) == SENSE(5, 0x26, 0), "'%s' accepted in-band\n", bad[i]);
        }
    }
    ok(td_write(td, 0, 16, 0x10) == 0, "write\n");
    check_blocks(td, 0, 16, 0x10, -1);
    td_destroy(td);
}

/* READ DISC INFORMATION with the given allocation length, into a buffer of 34. */
static uint32_t td_rdi_alloc(struct tdrive *td, unsigned int alloc)
{
    uint8_t cdb[10] = {0x51, 0, 0, 0, 0, 0, 0, 0, alloc, 0};
    return td_in(td, cdb, sizeof(cdb), 34);
}

/* The reply matches NORMAL but for byte OFFSET (-1: none), which holds VALUE;
 * and OFFSET2 (-1: none), which holds VALUE2. */
#define check_rdi(td, normal, o, v, o2, v2) check_rdi_(__LINE__, td, normal, o, v, o2, v2)
static void check_rdi_(int line, struct tdrive *td, const uint8_t *normal, int offset, uint8_t value,
                       int offset2, uint8_t value2)
{
    uint8_t expect[34];
    uint32_t sense = td_rdi(td);

    memcpy(expect, normal, sizeof(expect));
    if (offset >= 0) expect[offset] = value;
    if (offset2 >= 0) expect[offset2] = value2;
    ok_(__FILE__, line)(!sense && !td->result.host_status && td->transferred == 34,
                        "RDI: sense %06x host %#x, %u bytes\n", sense, td->result.host_status, td->transferred);
    ok_(__FILE__, line)(!memcmp(td->reply, expect, sizeof(expect)),
                        "RDI byte 5 %02x byte 10 %02x, expected %02x %02x\n",
                        td->reply[5], td->reply[10], expect[5], expect[10]);
}

/* poke:OPCODE:OFFSET:VALUE[:N]: the drive misreports one byte of a reply. */
static void test_poke(void)
{
    uint8_t normal[34];
    struct tdrive *td;
    char err[512];
    unsigned int i;

    if (!(td = td_create("dvd+r"))) return;
    td_settle(td);
    /* two sessions: the first track in the last session is 2 */
    ok(td_write_run(td, 0, 32, 16) == 0 && td_sync(td) == 0 && td_close(td, 1, 1) == 0
       && td_close(td, 2, 0) == 0, "session 1\n");
    check_disc(td, 1, 0, 2, 2, 2);
    ok(td_rdi(td) == 0 && td->transferred == 34, "RDI: %u bytes\n", td->transferred);
    memcpy(normal, td->reply, sizeof(normal));
    ok(normal[5] == 2 && normal[10] == 0, "first track in last session %02x %02x\n", normal[10], normal[5]);

    /* one reply, by default: byte 5 lies, nothing else changes */
    ok(vdrive_fault(td->dir, "poke:51:5:01", err, sizeof(err)) == 0, "%s\n", err);
    check_rdi(td, normal, 5, 0x01, -1, 0);
    check_rdi(td, normal, -1, 0, -1, 0);

    /* N replies, in-band; other commands and failed replies do not count */
    ok(td_control(td, "VDRIVE", "poke:0x51:5:0x01:2") == 0, "poke through the control command\n");
    check_rdi(td, normal, 5, 0x01, -1, 0);
    ok(td_rti(td, 1, 1) == 0 && td_tur(td) == 0, "RTI, TUR\n");
    ok(td_control(td, "VDRIVE", "not-ready:1") == 0, "not-ready\n");
    ok(td_rdi(td) == SENSE(2, 0x04, 1), "RDI not ready\n");
    check_rdi(td, normal, 5, 0x01, -1, 0);
    check_rdi(td, normal, -1, 0, -1, 0);

    /* a poke on another opcode leaves RDI alone */
    ok(vdrive_fault(td->dir, "poke:52:5:ff", err, sizeof(err)) == 0, "%s\n", err);
    check_rdi(td, normal, -1, 0, -1, 0);
    ok(td_rti(td, 1, 1) == 0 && td->reply[5] == 0xff, "RTI byte 5 %02x\n", td->reply[5]);
    ok(td_rti(td, 1, 1) == 0 && td->reply[5] != 0xff, "RTI byte 5 poked twice\n");

    /* two pokes at once on one opcode (a 16-bit field: LSB byte 5, MSB
     * byte 10), counting down on their own */
    ok(vdrive_fault(td->dir, "poke:51:5:34,poke:51:10:12:2", err, sizeof(err)) == 0, "%s\n", err);
    check_rdi(td, normal, 5, 0x34, 10, 0x12);
    check_rdi(td, normal, 10, 0x12, -1, 0);
    check_rdi(td, normal, -1, 0, -1, 0);
    /* the same opcode and offset replace the earlier poke */
    ok(vdrive_fault(td->dir, "poke:51:5:01:3,poke:51:5:07", err, sizeof(err)) == 0, "%s\n", err);
    check_rdi(td, normal, 5, 0x07, -1, 0);
    check_rdi(td, normal, -1, 0, -1, 0);
    /* four at once; a fifth fails the whole SPEC */
    ok(vdrive_fault(td->dir, "poke:51:0:aa,poke:51:33:bb,poke:51:5:01,poke:51:10:02", err, sizeof(err)) == 0,
       "%s\n", err);
    ok(vdrive_fault(td->dir, "poke:51:4:09", err, sizeof(err)) < 0 && strstr(err, "at most"),
       "fifth poke accepted: '%s'\n", err);
    ok(td_control(td, "VDRIVE", "poke:51:4:09") == SENSE(5, 0x26, 0), "fifth poke accepted in-band\n");
    {
        uint8_t expect[34];

        memcpy(expect, normal, sizeof(expect));
        expect[0] = 0xaa; expect[33] = 0xbb; expect[5] = 0x01; expect[10] = 0x02;
        ok(td_rdi(td) == 0 && td->transferred == 34 && !memcmp(td->reply, expect, 34),
           "four pokes: %02x %02x %02x %02x\n", td->reply[0], td->reply[33], td->reply[5], td->reply[10]);
    }
    check_rdi(td, normal, -1, 0, -1, 0);

    /* a reply too short to reach OFFSET is untouched, and counts */
    ok(vdrive_fault(td->dir, "poke:51:5:01,poke:51:65535:01", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_rdi_alloc(td, 4) == 0 && td->transferred == 4 && !memcmp(td->reply, normal, 4)
       && td->reply[5] == 0xcc, "short reply: %u bytes, byte 5 %02x\n", td->transferred, td->reply[5]);
    check_rdi(td, normal, -1, 0, -1, 0);
    /* after truncate: the byte the reply no longer holds is not poked */
    ok(vdrive_fault(td->dir, "truncate:51:5,poke:51:5:01,poke:51:4:09", err, sizeof(err)) == 0, "%s\n", err);
    ok(td_rdi(td) == 0, "RDI\n");
    ok(td->transferred == 5 && td->reply[4] == 0x09 && td->reply[5] == normal[5] && !memcmp(td->reply, normal, 4),
       "truncated reply: %u bytes, bytes 4-5 %02x %02x\n", td->transferred, td->reply[4], td->reply[5]);
    check_rdi(td, normal, -1, 0, -1, 0);

    /* clear removes them */
    ok(vdrive_fault(td->dir, "poke:51:5:01:1000,poke:51:10:01:2147483647", err, sizeof(err)) == 0, "%s\n", err);
    check_rdi(td, normal, 5, 0x01, 10, 0x01);
    ok(vdrive_fault(td->dir, "clear", err, sizeof(err)) == 0, "%s\n", err);
    check_rdi(td, normal, -1, 0, -1, 0);
    ok(td_control(td, "VDRIVE", "poke:51:5:01:5,clear") == 0, "poke then clear\n");
    check_rdi(td, normal, -1, 0, -1, 0);

    /* bad specs change nothing */
    {
        static const char * const bad[] =
        {
            "poke", "poke:", "poke:51", "poke:51:5", "poke:51:5:", "poke::5:01", "poke:51::01", "poke:zz:5:01",
            "poke:151:5:01", "poke:51:65536:01", "poke:51:-1:01", "poke:51:+5:01", "poke:51:0x5:01",
            "poke:51:5x:01", "poke:51:5:100", "poke:51:5:0x1ff", "poke:51:5:-1", "poke:51:5:g", "poke:51:5:01:0",
            "poke:51:5:01:", "poke:51:5:01:x", "poke:51:5:01:-1", "poke:51:5:01:2147483648", "poke:51:5:01:1:2",
            "poke:51:5:01:1:", "pokes:51:5:01", "poke:51:5:01,bogus", "poke:51:5:01,poke:51:10",
        };

        for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        {
            ok(vdrive_fault(td->dir, bad[i], err, sizeof(err)) < 0 && strstr(err, "poke:OPCODE:OFFSET:VALUE[:N]"),
               "'%s' accepted: '%s'\n", bad[i], err);
            ok(td_control(td, "VDRIVE", bad[i]) == SENSE(5, 0x26, 0), "'%s' accepted in-band\n", bad[i]);
        }
    }
    check_rdi(td, normal, -1, 0, -1, 0);
    td_destroy(td);
}

static void test_log(void)
{
    struct tdrive *td = td_create("cd-r");
    char err[256], *text = NULL;
    size_t len = 0;
    FILE *out;
    int lines = 0;
    char *p;

    if (!td) return;
    ok(vdrive_log(td->dir, "on", NULL, err, sizeof(err)) == 0, "log on: %s\n", err);
    td_tur(td);
    td_rdi(td);
    ok(td_write(td, 5, 1, 0) == SENSE(5, 0x21, 2), "bad write\n");
    ok(vdrive_log(td->dir, "off", NULL, err, sizeof(err)) == 0, "log off\n");
    td_tur(td);
    out = open_memstream(&text, &len);
    ok(vdrive_log(td->dir, "show", out, err, sizeof(err)) == 0, "log show\n");
    fclose(out);
    for (p = text; p && (p = strchr(p, '\n')); p++) lines++;
    ok(lines == 3, "%d lines:\n%s", lines, text);
    ok(text && strstr(text, "TEST_UNIT_READY cdb=000000000000 len=0") && strstr(text, "READ_DISC_INFORMATION")
       && strstr(text, "WRITE_10 cdb=2a000000000500000100 len=2048") && strstr(text, "sense=5/21/02"),
       "log text:\n%s", text);
    free(text);
    ok(vdrive_log(td->dir, "clear", NULL, err, sizeof(err)) == 0, "log clear\n");
    text = NULL;
    out = open_memstream(&text, &len);
    vdrive_log(td->dir, "show", out, err, sizeof(err));
    fclose(out);
    ok(len == 0, "log not cleared: %zu bytes\n", len);
    free(text);
    ok(vdrive_log(td->dir, "loud", NULL, err, sizeof(err)) < 0, "bad log action\n");
    td_destroy(td);
}

/* 4x-cd = 4 * 75 blocks/s: 150 blocks take 0.5 s. */
static void test_pacing(void)
{
    struct tdrive *td = td_create("cd-r");
    char err[256];
    double start, elapsed;

    if (!td) return;
    td_settle(td);
    td_write_params(td, 1, 3);
    ok(vdrive_speed(td->dir, "4x-cd", err, sizeof(err)) == 0, "speed: %s\n", err);
    start = now();
    ok(td_write_run(td, 0, 150, 10) == 0, "paced write\n");
    elapsed = now() - start;
    ok(elapsed > 0.49 && elapsed < 0.6, "150 blocks at 4x took %.3f s, expected 0.5\n", elapsed);
    ok(vdrive_speed(td->dir, "unpaced", err, sizeof(err)) == 0, "unpaced\n");
    start = now();
    ok(td_write_run(td, 150, 150, 10) == 0, "unpaced write\n");
    ok(now() - start < 0.2, "unpaced write took %.3f s\n", now() - start);
    ok(vdrive_speed(td->dir, "16x-bd", err, sizeof(err)) == 0 && vdrive_speed(td->dir, "8x-dvd", err, sizeof(err)) == 0
       && vdrive_speed(td->dir, "10000", err, sizeof(err)) == 0, "speed forms\n");
    ok(vdrive_speed(td->dir, "fast", err, sizeof(err)) < 0 && strstr(err, "unpaced"), "bad speed '%s'\n", err);
    ok(vdrive_speed(td->dir, "4x-hd", err, sizeof(err)) < 0, "bad unit\n");
    td_destroy(td);
}

/* Immed: GOOD at once, then the drive reports 02/04/07 (operation in
 * progress) to the next media commands until the job is "done" (MMC-6 6.3
 * CLOSE TRACK SESSION and 6.41 SYNCHRONIZE CACHE); without Immed, no wait. */
static void test_immed(void)
{
    uint8_t sync_immed[10] = {0x35, 0x02};
    uint8_t close_immed[10] = {0x5b, 0x01, 0x02};
    struct tdrive *td = td_create("dvd+r");
    uint32_t sense;
    int busy;

    if (!td) return;
    td_settle(td);
    ok(td_write(td, 0, 16, 0x5a) == 0, "write\n");

    ok(td_exec(td, sync_immed, sizeof(sync_immed), VDRIVE_DIR_NONE, NULL, 0) == 0, "SYNC CACHE Immed\n");
    for (busy = 0; busy < 10 && (sense = td_tur(td)) == SENSE(2, 0x04, 0x07); busy++);
    ok(busy > 0, "no 02/04/07 after SYNC CACHE Immed\n");
    ok(sense == 0, "TEST UNIT READY after the wait: sense %#x\n", sense);

    /* the busy drive also refuses other media commands */
    ok(td_exec(td, close_immed, sizeof(close_immed), VDRIVE_DIR_NONE, NULL, 0) == 0, "CLOSE SESSION Immed\n");
    ok(td_rdi(td) == SENSE(2, 0x04, 0x07), "READ DISC INFORMATION while closing\n");
    for (busy = 0; busy < 10 && (sense = td_tur(td)) == SENSE(2, 0x04, 0x07); busy++);
    ok(sense == 0, "TEST UNIT READY after the wait: sense %#x\n", sense);
    ok(td_rdi(td) == 0 && (td->reply[2] & 0x03) == 1, "closed session leaves the disc appendable\n");

    ok(td_sync(td) == 0, "SYNC CACHE\n");
    ok(td_tur(td) == 0, "no wait without Immed\n");
    td_destroy(td);
}

START_TEST(vdrive_misc)
{
    test_inquiry();
    test_bad_commands();
    test_configuration_and_pages();
    test_media_changes();
    test_rom_media();
    test_persistence();
    test_corrupt_state();
    test_faults();
    test_control_command();
    test_write_protection_status();
    test_corrupt();
    test_poke();
    test_log();
    test_pacing();
    test_immed();
}
