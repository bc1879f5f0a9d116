/*
 * Image Mastering API v2: the write core the burners share (data_writer.c).
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

#ifndef __IMAPI2_DATA_WRITER_H
#define __IMAPI2_DATA_WRITER_H

#include "mmc.h"
#include "patience.h"
#include "transport.h"

/* Where the stream's blocks go: ranges of blocks, each from a position in the
 * stream (one range for a session; an IBlockRangeList stream on overwritable
 * media gives several). */
struct write_range
{
    LONG lba;
    LONG blocks;                    /* with the padding and post-gap past the stream's end */
    ULONGLONG stream_block;         /* where the range's data starts in the stream */
};

#define NO_CLOSE 0xff

struct write_plan
{
    struct write_range *ranges;
    unsigned int range_count;
    LONG stream_blocks;
    LONG total_blocks;              /* with padding and post-gap */
    BOOL close_disc;
    BOOL write_parameters;          /* page 05h */
    BOOL close_track;
    BYTE close_function;            /* CLOSE TRACK SESSION after the track; NO_CLOSE for none */
    BOOL format_first;
    /* The drive's buffer and the rate it empties it at (MODE SENSE 2Ah);
     * with both known the writer sends slots from the caller's thread while
     * the stream keeps that buffer from running dry (data_writer.c). */
    DWORD drive_buffer_bytes;
    DWORD drive_bytes_per_second;
};

enum writer_phase
{
    WRITER_WRITING,
    WRITER_VERIFYING,
};

/* What the writer tells the burner while it works. */
struct writer_progress
{
    enum writer_phase phase;
    BOOL final;                     /* the end of the phase: always worth reporting */
    LONG read_blocks;               /* taken from the stream */
    LONG written_blocks;            /* taken by the drive */
    DWORD used_buffer;              /* bytes waiting for the drive */
    DWORD total_buffer;
};

/* Verification keeps a checksum of what the stream supplied, per group of up
 * to VERIFY_GROUP_BLOCKS blocks as they were written: QUICK for the groups
 * holding VERIFY_QUICK_SAMPLES blocks spread evenly over the stream (its first
 * and last block among them), FULL for every group. It then reads those
 * groups back and compares. */
#define VERIFY_GROUP_BLOCKS     32
#define VERIFY_QUICK_SAMPLES    16

struct verify_group
{
    LONG lba;
    LONG blocks;
    UINT64 checksum;
};

/* One Write's pipeline: the caller's thread reads the stream and reports the
 * progress, a second thread keeps the drive busy with WRITE(10) (or WRITE(12))
 * commands of the transfer size; then synchronize, close and verify through
 * the same drive. A burner fills the first group of fields and calls the
 * functions below; nothing here takes a lock of the burner's. Blocks are
 * block_size bytes (0: MMC_BLOCK_SIZE): 2048 for data, 2352 for audio, 2352
 * or 2448 for raw sectors; the plan's ranges give the starting LBA and the
 * block counts in those blocks. */
struct data_writer
{
    const struct mmc_device *dev;   /* patient: waits over a busy drive */
    struct patience *patience;      /* its state, for the polling after Immed commands */
    struct transport *transport;
    const LONG *cancel;
    IMAPI_BURN_VERIFICATION_LEVEL verification;
    /* Called on the caller's thread, often: the burner decides what to fire. */
    void (*progress)(void *context, const struct writer_progress *progress);
    void *context;
    DWORD block_size;               /* bytes per block in the stream and per WRITE; 0 for MMC_BLOCK_SIZE */
    BOOL write_12;                  /* WRITE(12) with the Streaming bit instead of WRITE(10) */
    HRESULT stream_short_hr;        /* the error when the stream ends early; 0 for the data one */

    /* Set by data_writer_write. */
    BOOL issued;                    /* a WRITE was sent: the track needs closing */
    struct verify_group *groups;
    unsigned int group_count, group_size;
};

/* Writes plan's ranges from stream, max_transfer bytes per WRITE. */
HRESULT data_writer_write(struct data_writer *writer, IStream *stream, const struct write_plan *plan,
        DWORD max_transfer);
/* Reads back the groups data_writer_write recorded and compares them:
 * E_IMAPI_BURN_VERIFICATION_FAILED on the first difference. Only blocks of
 * MMC_BLOCK_SIZE are verified (READ(10) returns user data of 2048 bytes):
 * other writers record nothing and this does nothing. */
HRESULT data_writer_verify(struct data_writer *writer, DWORD max_transfer);
void data_writer_cleanup(struct data_writer *writer);

/* Immed commands and their end, as every burner closes what it wrote. */
HRESULT data_writer_wait_immediate(struct data_writer *writer);
HRESULT data_writer_synchronize_cache(struct data_writer *writer);
HRESULT data_writer_close(struct data_writer *writer, BYTE function, WORD track);

/* Blocks per command for bulk data, as the transport allows now. */
DWORD data_writer_bulk_blocks(const struct transport *transport);
/* The same for blocks of block_size bytes. */
DWORD data_writer_bulk_blocks_of(const struct transport *transport, DWORD block_size);
/* The writer's block size: block_size, or MMC_BLOCK_SIZE when unset. */
DWORD data_writer_block_size(const struct data_writer *writer);

#endif /* __IMAPI2_DATA_WRITER_H */
