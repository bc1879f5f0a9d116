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
 * human-readable message in err. */
int vdrive_create(const char *dir, const char *media, char *err, size_t errsize);
int vdrive_insert(const char *dir, const char *media, char *err, size_t errsize);
int vdrive_eject(const char *dir, char *err, size_t errsize);
int vdrive_layout(const char *dir, FILE *out, char *err, size_t errsize);
int vdrive_fault(const char *dir, const char *spec, char *err, size_t errsize);
int vdrive_speed(const char *dir, const char *speed, char *err, size_t errsize);
int vdrive_log(const char *dir, const char *action, FILE *out, char *err, size_t errsize);

/* Command execution (the bridge).  vdrive_open() does not hold the lock;
 * vdrive_execute() takes it, reloads the state if another process changed it,
 * runs the command and saves the state it changed. */
struct vdrive;
struct vdrive *vdrive_open(const char *dir, char *err, size_t errsize);
void vdrive_close(struct vdrive *drive);
int vdrive_execute(struct vdrive *drive, const uint8_t *cdb, unsigned int cdb_len,
                   enum vdrive_direction direction, void *data, uint32_t data_len,
                   unsigned int timeout_ms, struct vdrive_result *result);

#endif /* VDRIVE_H */
