/*
 * libFuzzer target: the mmc_drive_* exchanges against a drive that answers
 * with fuzzer-chosen status, transfer counts, sense and data
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

/* Input: a sequence of answers. Each answer is
 *   status (1 byte), transferred (2 bytes, big-endian), sense length (1 byte),
 *   data length (2 bytes), then the sense bytes and the data bytes;
 * the drive functions run in a fixed order until the input runs out. */

#include <stdlib.h>
#include <string.h>

#include "mmc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(x) do { if (!(x)) abort(); } while (0)

struct stream
{
    const uint8_t *data;
    size_t size;
    size_t pos;
    unsigned int commands;
};

static const uint8_t *take(struct stream *s, size_t n)
{
    const uint8_t *p;

    if (s->size - s->pos < n)
        return NULL;
    p = s->data + s->pos;
    s->pos += n;
    return p;
}

static int32_t fuzz_execute(void *ctx, struct mmc_command *cmd)
{
    struct stream *s = ctx;
    const uint8_t *head, *sense, *reply;
    uint32_t sense_len, reply_len;

    require(cmd->cdb_len >= 6 && cmd->cdb_len <= 16);
    require(cmd->direction != MMC_DIR_NONE || !cmd->length);
    require(cmd->timeout);
    /* A drive function never asks for more than a 16-bit allocation length. */
    require(cmd->length <= 0xffff);
    if (++s->commands > 64 || !(head = take(s, 6)))
        return (int32_t)0x80070015; /* HRESULT_FROM_WIN32(ERROR_NOT_READY) */
    sense_len = head[3];
    reply_len = mmc_get_be16(head + 4);
    if (!(sense = take(s, sense_len)) || !(reply = take(s, reply_len)))
        return (int32_t)0x80070015;

    cmd->status = head[0];
    cmd->transferred = mmc_get_be16(head + 1);
    if (cmd->direction == MMC_DIR_FROM_DEVICE)
        memcpy(cmd->data, reply, reply_len < cmd->length ? reply_len : cmd->length);
    memcpy(cmd->sense, sense, sense_len < sizeof(cmd->sense) ? sense_len : sizeof(cmd->sense));
    cmd->sense_length = sense_len;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct stream s = {data, size, 0, 0};
    struct mmc_device dev = {fuzz_execute, &s};
    struct mmc_track_info track;
    struct mmc_disc_info disc;
    struct mmc_capacity capacity;
    struct mmc_inquiry inquiry;
    struct mmc_sense sense;
    uint16_t profile = 0;
    uint8_t *buf;
    uint32_t len;

    if (size > 0x40000)
        return 0;
    mmc_drive_test_unit_ready(&dev, &sense);
    mmc_drive_inquiry(&dev, &inquiry);
    mmc_drive_current_profile(&dev, &profile);
    if (mmc_drive_get_configuration(&dev, MMC_CONFIG_RT_ALL, 0, &buf, &len) >= 0)
    {
        require(buf && len >= 8 && len <= MMC_CONFIG_MAX_LENGTH);
        free(buf);
    }
    else
        require(!buf && !len);
    mmc_drive_read_disc_info(&dev, mmc_profile_is_cd(profile), &disc);
    mmc_drive_read_invisible_track(&dev, profile, &disc, &track);
    if (mmc_drive_mode_page(&dev, MMC_MODE_PAGE_CAPABILITIES, MMC_PC_CURRENT, &buf, &len) >= 0)
    {
        require(buf && len >= 2 && (buf[0] & 0x3f) == MMC_MODE_PAGE_CAPABILITIES);
        free(buf);
    }
    if (mmc_drive_toc_data(&dev, MMC_TOC_FORMAT_FULL_TOC, true, 1, &buf, &len) >= 0)
        free(buf);
    mmc_drive_read_capacity(&dev, &capacity);
    return 0;
}
