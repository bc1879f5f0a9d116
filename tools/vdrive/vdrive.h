/*
 * Virtual MMC recorder: the interface between the emulator core and its
 * front ends (the SG_IO bridge and the control CLI).
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

#ifndef VDRIVE_H
#define VDRIVE_H

#include <stdint.h>
#include <stdio.h>
#include <stddef.h>

/* A recorder lives in a directory DIR:
 *   DIR/disc.img    the placeholder: the disc's user data, LBA n at byte n * 2048
 *                   (sparse).  Wine's dosdevices and the bridge point at this file.
 *   DIR/audio.img   the CD-DA sectors of audio tracks, LBA n at byte n * 2352
 *                   (sparse); READ CD returns them, READ(10) refuses them
 *   DIR/state       media and drive state (binary, versioned, checksummed)
 *   DIR/lock        flock()ed around every command, so processes are serialised
 *   DIR/log         command log, when enabled
 * Nothing in this directory is shared with dlls/imapi2: the emulator is the
 * independent side of every test. */

#define VDRIVE_PLACEHOLDER "disc.img"

enum vdrive_direction
{
    VDRIVE_DIR_NONE = 0,
    VDRIVE_DIR_TO_DEVICE = 1,   /* data out: WRITE, MODE SELECT, ... */
    VDRIVE_DIR_FROM_DEVICE = 2, /* data in: READ, INQUIRY, ... */
};

/* What happened to one command, in the terms an SG_IO front end needs. */
struct vdrive_result
{
    uint8_t  status;        /* SCSI status: 0x00 GOOD, 0x02 CHECK CONDITION */
    uint32_t transferred;   /* bytes actually moved (<= data_len) */
    uint8_t  sense[32];     /* fixed-format (70h) sense when status == 0x02 */
    uint32_t sense_len;     /* valid bytes in sense (18 for fixed format) */
    uint8_t  host_status;   /* 0, or e.g. 0x03 (DID_TIME_OUT) for an injected timeout */
    int      sys_errno;     /* non-zero: the ioctl itself must fail with this errno */
};

/* Control operations (the CLI).  All return 0 on success, or -1 with a
 * human-readable message in err.  A corrupt or truncated DIR/state makes
 * every operation but vdrive_create fail with a message saying so; the
 * image is never touched by a failed load.
 *
 * MEDIA (vdrive_create, vdrive_insert): one of
 *   none cd-rom cd-r cd-rw dvd-rom dvd-r dvd-rw dvd-rw-ro dvd+r dvd+r-dl
 *   dvd+rw bd-r bd-re
 * Recordable and rewritable media arrive blank (DVD+RW and BD-RE
 * unformatted, dvd-rw-ro fully formatted) and empty the image.  ROM media
 * take their content from the image: either "cd-rom:FILE" / "dvd-rom:FILE"
 * (FILE is copied into DIR/disc.img first), or plain "cd-rom" / "dvd-rom",
 * which uses whatever DIR/disc.img holds (rounded up to whole blocks; an
 * empty image gives a 300-block disc of zeros).  Either way the disc has
 * one finalized session with one data track.
 * vdrive_insert also takes "reload": close the tray over the disc that is
 * still in it (after vdrive_eject, START STOP UNIT eject, or the
 * remove-after fault).  Inserting raises UNIT ATTENTION 06/28/00 and a GESN
 * "new media" event.  vdrive_eject opens the tray (02/3A/02 from then on),
 * overriding PREVENT ALLOW MEDIUM REMOVAL like a user's paper clip; the
 * disc stays in the tray.
 *
 * Capacities (blocks of 2048): CD-R/RW last possible lead-out 359849
 * (79:59:74); DVD-R, DVD-RW, DVD+R, DVD+RW 2295104; DVD+R DL 4173824;
 * BD-R and unformatted BD-RE 12219392 (BD-RE default format 11826176).
 *
 * Gaps between sessions (first user block of session n+1 minus the end of
 * session n, where the end of a CD session is its lead-out start A2, which
 * includes the 2 run-out blocks of a TAO track):
 *   CD: 11400 after session 1 (lead-out 6750 + lead-in 4500 + pre-gap 150),
 *       6900 after later sessions (2250 + 4500 + 150);
 *   DVD-R/-RW: 16384 after the first border, 3072 after later ones;
 *   DVD+R/DL: 18768 (the worked example of doc/multisession.md section 5.2);
 *   BD-R: 0 (the next session starts at the next 32-block cluster).
 * Tracks: a CD TAO track occupies its data + 2 run-out blocks and the next
 * track of the same session starts 150 (pre-gap) blocks later; DVD tracks
 * are padded to 16 blocks, BD-R tracks to 32.  On CD, SYNCHRONIZE CACHE in
 * TAO mode ends the track being written (as TAO drives do).
 *
 * Layout (vdrive_layout) prints lines of a keyword followed by "key value"
 * pairs; "-" stands for an absent value.  Addresses are LBAs.
 *   media NAME profile 0xPPPP tray open|closed write-protect yes|no
 *   disc STATUS last-session empty|incomplete|damaged|complete sessions N tracks N capacity N [bg-format none|suspended|running|complete]
 *     STATUS: none, blank, appendable, finalized (sequential and ROM media),
 *     unformatted, formatted (DVD+RW, DVD-RW RO, BD-RE); "sessions" and
 *     "tracks" count as READ DISC INFORMATION does (including the empty
 *     or incomplete last session and the invisible track)
 *   session N start S end E next X state complete|empty|incomplete|damaged
 *     one line per session; E is the end (exclusive; on CD the lead-out
 *     start A2), X the first user block of the following session
 *   session N track T start S size Z recorded R nwa W lra L free F state STATE
 *     one line per track, numbered as READ TRACK INFORMATION numbers them;
 *     Z is the track size as READ TRACK INFORMATION reports it (closed CD
 *     TAO tracks include the 2 run-out blocks), R the blocks of user data
 *     written; STATE: closed, reserved, open (partly written, not closed),
 *     blank (the empty invisible track), damaged (interrupted write),
 *     formatted / unformatted (random-writable media: one track).
 *
 * Faults (vdrive_fault): SPEC is one item or a comma-separated list:
 *   medium-error:LBA     READ touching LBA fails 03/11/00, WRITE 03/0C/00
 *                        (blocks before it are transferred); stays until clear
 *   remove-after:N       after N more written blocks the disc leaves the
 *                        drive: that WRITE fails 02/3A/00 having written N,
 *                        the tray is open (02/3A/02), the track is damaged
 *   not-ready:N          the next N media commands fail 02/04/01
 *   long-write:N         the next N media commands fail 02/04/08
 *   timeout:OPCODE[:N]   the next N (default 1) commands with OPCODE (hex,
 *                        e.g. 2a or 0x2a) do nothing and report host_status
 *                        0x03 with no data moved
 *   truncate:OPCODE:N    the next reply to OPCODE is cut to N bytes
 *   garbage:OPCODE[:N]   the next N (default 1) replies to OPCODE are
 *                        pseudo-random bytes, different each time
 *   corrupt:LBA[:N]      the next N (default 1) WRITE commands that store
 *                        block LBA succeed (GOOD, everything transferred)
 *                        but store it with its first byte inverted (XOR
 *                        FFh): a later READ returns other bytes for that
 *                        block only.  Any writable medium, WRITE(10) and
 *                        WRITE(12)
 *   corrupt-write[:N]    the same for the first block of each of the next N
 *                        (default 1) WRITE commands, wherever they write
 *                        (one corrupt fault at a time: the later item
 *                        replaces the earlier; a failed WRITE or a CD SAO
 *                        pre-gap, which stores nothing, does not count)
 *   poke:OPCODE:OFFSET:VALUE[:N]  the next N (decimal, default 1, up to 2^31-1)
 *                        replies to OPCODE (hex) have byte OFFSET (decimal,
 *                        0-65535) of their data-in set to VALUE (hex byte,
 *                        e.g. 01 or 0x01); length and status are unchanged.
 *                        A reply counts when it ends GOOD with data in,
 *                        even one too short to reach OFFSET, which stays
 *                        as it was.  Up to 4 pokes at once, each counting
 *                        down on its own (two on the same opcode change
 *                        the same replies); one with the opcode and offset
 *                        of an active poke replaces it, a fifth fails the
 *                        SPEC.  Applied after truncate, before garbage
 *   write-protect[:on|:off]  medium write protected: writes fail 07/27/00,
 *                        MODE SENSE(10) sets WP (bit 7 of header byte 3), and
 *                        READ DISC STRUCTURE format C0h sets WDP (bit 2 of
 *                        byte 4); the fault ends when another disc is inserted
 *   blank-time:MS        the next BLANK or FORMAT UNIT takes MS milliseconds
 *                        (1 to 3600000), paced or not: with Immed the drive
 *                        answers media commands 02/04/07 (FORMAT UNIT:
 *                        02/04/04) with a progress indication
 *                        (sense bytes 15-17) meanwhile, without it the
 *                        command itself takes that long
 *   erase-failure        the next BLANK or FORMAT UNIT fails with 03/51/00
 *                        (erase failure): without Immed the command itself,
 *                        with Immed the first media command after the time
 *                        it takes, as a deferred error (response code 71h);
 *                        the disc is erased in the model all the same
 *   power-loss           the drive loses power and comes back now: a
 *                        background BLANK or FORMAT UNIT stops, PREVENT and
 *                        the speeds are forgotten, and the first media
 *                        command answers 06/29/00 (power on, reset)
 *   eject                the disc leaves the drive now (tray open, PREVENT
 *                        overridden, as the user's hand does); a background
 *                        BLANK stops with it
 *   pace:KBPS            paces the drive at KBPS kB/s of user data, as
 *                        'vdrive speed DIR KBPS' does (0: unpaced); a setting,
 *                        which clear leaves alone
 *   clear                removes every fault, including write-protect, poke,
 *                        blank-time and erase-failure
 * READ DISC STRUCTURE format C0h (Write Protection Status) answers on DVD and
 * BD media and is listed by format FFh; on CD media every format, C0h
 * included, fails 05/30/02 as before.
 * An empty item (",,", a leading or trailing comma) or an unknown one makes
 * the whole SPEC fail and changes nothing.  The same SPEC can be sent to the
 * drive itself with the vendor-specific command FFh (CDB bytes 1-6 "VDRIVE",
 * bytes 7-8 the length of the SPEC sent as data out): tests running under
 * Wine inject faults through the pass-through path that way.  A bad SPEC
 * there fails 05/26/00 and changes nothing.
 * "Media commands" are those needing a disc (TEST UNIT READY, READ, WRITE,
 * READ CAPACITY, READ DISC/TRACK INFORMATION, READ TOC, CLOSE, BLANK, ...);
 * INQUIRY, REQUEST SENSE, GET CONFIGURATION, GESN and MODE SENSE are not.
 *
 * Write speeds the drive reports (kB/s of 1000 bytes, rounded from the 1x
 * rates 176.4 for CD, 1385 for DVD, 4495.5 for BD): CD 48x 32x 24x 16x =
 * 8467 5645 4234 2822; DVD 16x 8x 4x = 22160 11080 5540; BD 12x 8x 6x 4x 2x
 * = 53946 35964 26973 17982 8991.  GET PERFORMANCE type 03h and the
 * descriptors of page 2Ah list them all, always.  The drive writes at the
 * speed last requested by SET CD SPEED (write speed, FFFFh = fastest;
 * rotation control 00b CLV or 01b CAV, others 05/24/00) or SET STREAMING
 * (write size * 1000 / write time of the performance descriptor; RDD
 * restores the fastest): the fastest supported speed not above the request
 * (a request up to 1% short of a speed selects it), or the slowest when the
 * request is below them all.  Page 2Ah bytes 20-21 and 28-29 (current write
 * speed, current write speed selected), byte 27 (rotation control
 * selected) and GET PERFORMANCE type 00h with Write set (nominal
 * performance) report that speed.  Inserting or reloading a disc (also
 * START STOP UNIT closing the tray) resets it to the fastest.
 *
 * Speed (vdrive_speed): "unpaced", "Nx-cd" (N * 75 blocks/s), "Nx-dvd"
 * (N * 1385000 B/s), "Nx-bd" (N * 4495500 B/s) or a number of kB/s (1000
 * bytes) of user data; WRITE commands then take the time the drive would.
 * Pacing is the emulated time only and does not follow the speed selected
 * by the host.  Paced, BLANK takes the time of writing what it erases at
 * that rate: the whole disc for type 0, 6750 blocks (CD) or 65536 blocks
 * (DVD-RW) for type 1; with Immed in the background (02/04/07 and a
 * progress indication in sense bytes 15-17 until it is done).
 *
 * Log (vdrive_log): "on", "off", "clear", "show" (copies DIR/log to out).
 * One line per command:
 *   SECONDS.MICROS NAME cdb=HEX len=N xfer=N status=0xSS sense=K/AA/QQ|- [host=0xHH] pid=N
 */
int vdrive_create(const char *dir, const char *media, char *err, size_t errsize);
int vdrive_insert(const char *dir, const char *media, char *err, size_t errsize);
int vdrive_eject(const char *dir, char *err, size_t errsize);
int vdrive_layout(const char *dir, FILE *out, char *err, size_t errsize);
int vdrive_fault(const char *dir, const char *spec, char *err, size_t errsize);
int vdrive_speed(const char *dir, const char *speed, char *err, size_t errsize);
int vdrive_log(const char *dir, const char *action, FILE *out, char *err, size_t errsize);

/* Command execution (the bridge).  vdrive_open() does not hold the lock;
 * vdrive_execute() takes it, reloads the state if another process changed it,
 * runs the command and saves the state it changed.  vdrive_open() fails only
 * when DIR is not a recorder; a corrupt state file makes every command but
 * INQUIRY fail with CHECK CONDITION 04/44/00.  vdrive_execute() returns 0
 * with result filled in, or -1 for invalid arguments (NULL pointers).  One
 * handle may be shared by threads (it has a mutex); a handle inherited
 * through fork() keeps working (it takes a fresh lock in the child). */
struct vdrive;
struct vdrive *vdrive_open(const char *dir, char *err, size_t errsize);
void vdrive_close(struct vdrive *drive);
int vdrive_execute(struct vdrive *drive, const uint8_t *cdb, unsigned int cdb_len,
                   enum vdrive_direction direction, void *data, uint32_t data_len,
                   unsigned int timeout_ms, struct vdrive_result *result);

#endif /* VDRIVE_H */
