/*
 * SCSI pass-through to the virtual recorder through Wine, checked from a Windows program
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

/*
 * Environment, set by spti.sh:
 *   SPTI_DRIVE    the drive letter of the recorder (e.g. X); unset: skip
 *   SPTI_PROFILE  the MMC profile of the blank write-once medium it holds (hex)
 *   SPTI_INPUT    a file of SPTI_SECTORS * 2048 bytes to write at the NWA
 *   SPTI_OUTPUT   where to store the NWA the data went to, for the script
 */

#define STANDALONE
#include <windows.h>
#include <winioctl.h>
#include <ntddscsi.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "wine/test.h"

#define SECTOR_SIZE             2048
#define SENSE_SIZE              18
#define DEFAULT_TIMEOUT_S       30
#define WRITE_SECTORS           16      /* one DVD ECC block */

#define MMC_INQUIRY             0x12
#define MMC_READ_10             0x28
#define MMC_WRITE_10            0x2a
#define MMC_SYNCHRONIZE_CACHE   0x35
#define MMC_GET_CONFIGURATION   0x46
#define MMC_READ_DISC_INFO      0x51
#define MMC_READ_TRACK_INFO     0x52
#define SPC_RESERVED_OPCODE     0x0c    /* defined for no MMC device */

#define SCSI_STATUS_GOOD            0x00
#define SCSI_STATUS_CHECK_CONDITION 0x02
#define PERIPHERAL_TYPE_MMC         0x05

#define SENSE_KEY_ILLEGAL_REQUEST   0x05
#define SENSE_ASC_INVALID_OPCODE    0x20

#define DISC_STATUS_BLANK       0x00
#define TRACK_INFO_NWA_VALID    0x01

struct sptd_with_sense
{
    SCSI_PASS_THROUGH_DIRECT sptd;
    UCHAR sense[SENSE_SIZE + 14];   /* ends the struct on an 8-byte boundary */
};

struct spt_with_buffer
{
    SCSI_PASS_THROUGH spt;
    UCHAR sense[SENSE_SIZE + 6];
    UCHAR data[96];
};

static HANDLE drive;
static char letter;

static DWORD be32(const UCHAR *p)
{
    return (DWORD)p[0] << 24 | (DWORD)p[1] << 16 | (DWORD)p[2] << 8 | p[3];
}

/* Sends one command; returns the SCSI status, or -1 if DeviceIoControl failed. */
static int send_direct(const UCHAR *cdb, UCHAR cdb_len, UCHAR data_in, void *data, DWORD *len,
                       UCHAR *sense, UCHAR *sense_len)
{
    struct sptd_with_sense request;
    DWORD returned = 0;
    BOOL ret;

    memset(&request, 0, sizeof(request));
    request.sptd.Length = sizeof(request.sptd);
    request.sptd.CdbLength = cdb_len;
    request.sptd.DataIn = data_in;
    request.sptd.DataTransferLength = *len;
    request.sptd.DataBuffer = data;
    request.sptd.TimeOutValue = DEFAULT_TIMEOUT_S;
    request.sptd.SenseInfoOffset = offsetof(struct sptd_with_sense, sense);
    request.sptd.SenseInfoLength = SENSE_SIZE;
    memcpy(request.sptd.Cdb, cdb, cdb_len);

    ret = DeviceIoControl(drive, IOCTL_SCSI_PASS_THROUGH_DIRECT, &request, sizeof(request),
                          &request, sizeof(request), &returned, NULL);
    if (!ret)
    {
        trace("opcode %02x: DeviceIoControl failed, error %lu\n", cdb[0], GetLastError());
        return -1;
    }
    ok(returned == sizeof(request.sptd), "opcode %02x: returned %lu bytes, expected %u.\n",
       cdb[0], returned, (unsigned)sizeof(request.sptd));
    *len = request.sptd.DataTransferLength;
    if (sense)
        memcpy(sense, request.sense, SENSE_SIZE);
    if (sense_len)
        *sense_len = request.sptd.SenseInfoLength;
    return request.sptd.ScsiStatus;
}

static void test_drive_type(void)
{
    char root[] = "?:\\";

    root[0] = letter;
    ok(GetDriveTypeA(root) == DRIVE_CDROM, "GetDriveType(%s) = %u, expected DRIVE_CDROM.\n",
       root, GetDriveTypeA(root));
}

static void test_inquiry(void)
{
    UCHAR cdb[6] = {MMC_INQUIRY, 0, 0, 0, 96, 0};
    UCHAR data[96];
    DWORD len = sizeof(data);
    int status;

    memset(data, 0xcc, sizeof(data));
    status = send_direct(cdb, sizeof(cdb), SCSI_IOCTL_DATA_IN, data, &len, NULL, NULL);
    ok(status == SCSI_STATUS_GOOD, "INQUIRY: status %d.\n", status);
    /* SPC: the standard data is at least 36 bytes, byte 4 says how many follow */
    ok(len >= 36 && len <= sizeof(data), "INQUIRY: %lu bytes.\n", len);
    ok((data[0] & 0x1f) == PERIPHERAL_TYPE_MMC, "INQUIRY: peripheral type %#x.\n", data[0] & 0x1f);
    ok(data[1] & 0x80, "INQUIRY: RMB not set.\n");
    ok(data[4] + 5 >= 36, "INQUIRY: additional length %u.\n", data[4]);
    ok(data[8] >= 0x20 && data[8] < 0x7f, "INQUIRY: vendor not ASCII (%#x).\n", data[8]);
}

/* The same through the buffered IOCTL, which copies the data into the packet. */
static void test_inquiry_buffered(void)
{
    struct spt_with_buffer request;
    DWORD returned = 0;
    BOOL ret;

    memset(&request, 0, sizeof(request));
    request.spt.Length = sizeof(request.spt);
    request.spt.CdbLength = 6;
    request.spt.DataIn = SCSI_IOCTL_DATA_IN;
    request.spt.DataTransferLength = 36;
    request.spt.DataBufferOffset = offsetof(struct spt_with_buffer, data);
    request.spt.TimeOutValue = DEFAULT_TIMEOUT_S;
    request.spt.SenseInfoOffset = offsetof(struct spt_with_buffer, sense);
    request.spt.SenseInfoLength = SENSE_SIZE;
    request.spt.Cdb[0] = MMC_INQUIRY;
    request.spt.Cdb[4] = 36;
    ret = DeviceIoControl(drive, IOCTL_SCSI_PASS_THROUGH, &request, sizeof(request), &request,
                          sizeof(request), &returned, NULL);
    ok(ret, "IOCTL_SCSI_PASS_THROUGH failed, error %lu.\n", GetLastError());
    ok(request.spt.ScsiStatus == SCSI_STATUS_GOOD, "buffered INQUIRY: status %u.\n",
       request.spt.ScsiStatus);
    ok(request.spt.DataTransferLength == 36, "buffered INQUIRY: %lu bytes.\n",
       request.spt.DataTransferLength);
    ok((request.data[0] & 0x1f) == PERIPHERAL_TYPE_MMC, "buffered INQUIRY: type %#x.\n",
       request.data[0]);
}

static void test_get_configuration(unsigned int profile)
{
    UCHAR cdb[10] = {MMC_GET_CONFIGURATION, 0x01, 0, 0, 0, 0, 0, 0x10, 0x00, 0};
    UCHAR data[4096];
    DWORD len = sizeof(data), length;
    int status;

    status = send_direct(cdb, sizeof(cdb), SCSI_IOCTL_DATA_IN, data, &len, NULL, NULL);
    ok(status == SCSI_STATUS_GOOD, "GET CONFIGURATION: status %d.\n", status);
    ok(len >= 8, "GET CONFIGURATION: %lu bytes.\n", len);
    if (len < 8)
        return;
    /* MMC: bytes 0-3 count the bytes after themselves; bytes 6-7 the current profile */
    length = be32(data);
    ok(length + 4 >= len, "GET CONFIGURATION: data length %lu for %lu bytes.\n", length, len);
    ok((data[6] << 8 | data[7]) == profile, "GET CONFIGURATION: current profile %04x, expected %04x.\n",
       data[6] << 8 | data[7], profile);
    /* RT=1: the first descriptor is the Profile List feature (0000h), current */
    if (len >= 12)
        ok(data[8] == 0 && data[9] == 0 && (data[10] & 1),
           "GET CONFIGURATION: first feature %02x%02x flags %02x.\n", data[8], data[9], data[10]);
}

static void test_read_disc_information(void)
{
    UCHAR cdb[10] = {MMC_READ_DISC_INFO, 0, 0, 0, 0, 0, 0, 0, 34, 0};
    UCHAR data[34];
    DWORD len = sizeof(data);
    int status;

    status = send_direct(cdb, sizeof(cdb), SCSI_IOCTL_DATA_IN, data, &len, NULL, NULL);
    ok(status == SCSI_STATUS_GOOD, "READ DISC INFORMATION: status %d.\n", status);
    ok(len >= 34, "READ DISC INFORMATION: %lu bytes.\n", len);
    if (len < 34)
        return;
    /* MMC, blank disc: status 00b, one (empty) session, first = last track = 1 */
    ok((data[2] & 0x03) == DISC_STATUS_BLANK, "disc status %u, expected blank.\n", data[2] & 3);
    ok(data[4] == 1 && data[9] == 0, "sessions %u, expected 1.\n", data[9] << 8 | data[4]);
    ok(data[3] == 1, "first track %u.\n", data[3]);
    ok(data[5] == 1 && data[6] == 1, "first/last track in last session %u/%u.\n", data[5], data[6]);
}

static BOOL next_writable_address(DWORD *nwa)
{
    UCHAR cdb[10] = {MMC_READ_TRACK_INFO, 0x01, 0, 0, 0, 1, 0, 0, 40, 0};
    UCHAR data[40];
    DWORD len = sizeof(data);
    int status;

    status = send_direct(cdb, sizeof(cdb), SCSI_IOCTL_DATA_IN, data, &len, NULL, NULL);
    ok(status == SCSI_STATUS_GOOD, "READ TRACK INFORMATION: status %d.\n", status);
    if (status != SCSI_STATUS_GOOD || len < 16)
        return FALSE;
    ok(data[7] & TRACK_INFO_NWA_VALID, "track 1 of a blank disc has no valid NWA.\n");
    *nwa = be32(data + 12);
    /* MMC: the invisible track of a blank disc starts at LBA 0 */
    ok(*nwa == 0, "NWA of a blank disc is %lu.\n", *nwa);
    return TRUE;
}

static BOOL load_input(UCHAR *buffer, DWORD size)
{
    char path[MAX_PATH];
    FILE *file;
    size_t got;

    if (!GetEnvironmentVariableA("SPTI_INPUT", path, sizeof(path)))
        return FALSE;
    if (!(file = fopen(path, "rb")))
        return FALSE;
    got = fread(buffer, 1, size, file);
    fclose(file);
    return got == size;
}

static void test_write_read(void)
{
    static UCHAR written[WRITE_SECTORS * SECTOR_SIZE], read_back[WRITE_SECTORS * SECTOR_SIZE];
    UCHAR cdb[10], sense[SENSE_SIZE], sense_len;
    char path[MAX_PATH];
    DWORD nwa, len;
    FILE *file;
    int status;

    if (!load_input(written, sizeof(written)))
    {
        skip("SPTI_INPUT is not a file of %u bytes.\n", (unsigned)sizeof(written));
        return;
    }
    if (!next_writable_address(&nwa))
        return;

    memset(cdb, 0, sizeof(cdb));
    cdb[0] = MMC_WRITE_10;
    cdb[2] = nwa >> 24; cdb[3] = nwa >> 16; cdb[4] = nwa >> 8; cdb[5] = nwa;
    cdb[8] = WRITE_SECTORS;
    len = sizeof(written);
    status = send_direct(cdb, sizeof(cdb), SCSI_IOCTL_DATA_OUT, written, &len, sense, &sense_len);
    ok(status == SCSI_STATUS_GOOD, "WRITE(10) at %lu: status %d, sense %02x/%02x/%02x.\n", nwa,
       status, sense[2] & 0x0f, sense[12], sense[13]);
    ok(len == sizeof(written), "WRITE(10): %lu bytes moved.\n", len);

    memset(cdb, 0, sizeof(cdb));
    cdb[0] = MMC_SYNCHRONIZE_CACHE;
    len = 0;
    status = send_direct(cdb, sizeof(cdb), SCSI_IOCTL_DATA_UNSPECIFIED, NULL, &len, NULL, NULL);
    ok(status == SCSI_STATUS_GOOD, "SYNCHRONIZE CACHE: status %d.\n", status);

    memset(cdb, 0, sizeof(cdb));
    cdb[0] = MMC_READ_10;
    cdb[2] = nwa >> 24; cdb[3] = nwa >> 16; cdb[4] = nwa >> 8; cdb[5] = nwa;
    cdb[8] = WRITE_SECTORS;
    len = sizeof(read_back);
    memset(read_back, 0, sizeof(read_back));
    status = send_direct(cdb, sizeof(cdb), SCSI_IOCTL_DATA_IN, read_back, &len, sense, &sense_len);
    ok(status == SCSI_STATUS_GOOD, "READ(10) at %lu: status %d, sense %02x/%02x/%02x.\n", nwa,
       status, sense[2] & 0x0f, sense[12], sense[13]);
    ok(len == sizeof(read_back), "READ(10): %lu bytes.\n", len);
    ok(!memcmp(written, read_back, sizeof(written)), "READ(10) returned other data than written.\n");

    if (GetEnvironmentVariableA("SPTI_OUTPUT", path, sizeof(path)) && (file = fopen(path, "w")))
    {
        fprintf(file, "%lu\n", nwa);
        fclose(file);
    }
}

static void test_invalid_opcode(void)
{
    UCHAR cdb[6] = {SPC_RESERVED_OPCODE};
    UCHAR sense[SENSE_SIZE], sense_len = 0;
    DWORD len = 0;
    int status;

    memset(sense, 0, sizeof(sense));
    status = send_direct(cdb, sizeof(cdb), SCSI_IOCTL_DATA_UNSPECIFIED, NULL, &len, sense,
                         &sense_len);
    ok(status == SCSI_STATUS_CHECK_CONDITION, "reserved opcode: status %d.\n", status);
    ok(sense_len >= 14 && sense_len <= SENSE_SIZE, "reserved opcode: %u sense bytes.\n", sense_len);
    ok((sense[0] & 0x7f) == 0x70, "sense response code %#x.\n", sense[0]);
    ok((sense[2] & 0x0f) == SENSE_KEY_ILLEGAL_REQUEST && sense[12] == SENSE_ASC_INVALID_OPCODE
       && sense[13] == 0, "sense %02x/%02x/%02x, expected 05/20/00.\n", sense[2] & 0x0f,
       sense[12], sense[13]);
}

/* Wine's own IOCTLs on the drive, which become Linux ioctls on the placeholder. */
static void test_other_ioctls(void)
{
    IO_SCSI_CAPABILITIES caps;
    SCSI_ADDRESS address;
    DWORD returned;
    BOOL ret;

    ret = DeviceIoControl(drive, IOCTL_STORAGE_CHECK_VERIFY, NULL, 0, NULL, 0, &returned, NULL);
    ok(ret, "IOCTL_STORAGE_CHECK_VERIFY failed, error %lu.\n", GetLastError());

    memset(&address, 0xcc, sizeof(address));
    ret = DeviceIoControl(drive, IOCTL_SCSI_GET_ADDRESS, NULL, 0, &address, sizeof(address),
                          &returned, NULL);
    ok(ret, "IOCTL_SCSI_GET_ADDRESS failed, error %lu.\n", GetLastError());
    if (ret)
        ok(address.TargetId == 0 && address.Lun == 0, "address %u:%u:%u:%u.\n",
           address.PortNumber, address.PathId, address.TargetId, address.Lun);

    memset(&caps, 0, sizeof(caps));
    ret = DeviceIoControl(drive, IOCTL_SCSI_GET_CAPABILITIES, NULL, 0, &caps, sizeof(caps),
                          &returned, NULL);
    ok(ret, "IOCTL_SCSI_GET_CAPABILITIES failed, error %lu.\n", GetLastError());
    if (ret)
        ok(caps.MaximumTransferLength >= WRITE_SECTORS * SECTOR_SIZE,
           "MaximumTransferLength %lu.\n", caps.MaximumTransferLength);
}

START_TEST(spti_roundtrip)
{
    char value[32], path[16];
    unsigned int profile;

    if (!GetEnvironmentVariableA("SPTI_DRIVE", value, sizeof(value)) || !isalpha(value[0]))
    {
        skip("SPTI_DRIVE is not set; no recorder to test.\n");
        return;
    }
    letter = toupper(value[0]);
    profile = GetEnvironmentVariableA("SPTI_PROFILE", value, sizeof(value))
              ? strtoul(value, NULL, 16) : 0;

    test_drive_type();
    sprintf(path, "\\\\.\\%c:", letter);
    drive = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                        NULL, OPEN_EXISTING, 0, NULL);
    ok(drive != INVALID_HANDLE_VALUE, "CreateFile(%s) failed, error %lu.\n", path, GetLastError());
    if (drive == INVALID_HANDLE_VALUE)
        return;

    test_inquiry();
    test_inquiry_buffered();
    test_get_configuration(profile);
    test_read_disc_information();
    test_invalid_opcode();
    test_other_ioctls();
    test_write_read();
    CloseHandle(drive);
}
