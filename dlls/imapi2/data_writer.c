/*
 * Image Mastering API v2: the write core the burners share: stream to WRITE
 * commands with two threads, the end of Immed commands, and verification
 * that compares what was read back with what the stream supplied.
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

#include "imapi2_private.h"
#include "data_writer.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

#define QUEUE_SLOTS         8
#define SLOT_BYTES          (256 * 1024)

/* A serial writer reads a slot of the stream and sends it itself, in the
 * caller's thread: the drive then waits for the stream while a slot is read,
 * which it does not notice while its buffer holds data.  Reading a slot may
 * take a quarter of the time the drive's buffer lasts at the speed it
 * writes; two reads in a row slower than that and the rest of the stream goes
 * through the writer thread (a stream made as it is read, a slow share). */
#define SERIAL_BUFFER_SHARE 4
#define SERIAL_SLOW_READS   2
/* Whatever a drive claims (page 2Ah's buffer size and speed are the drive's
 * word, a huge buffer or a speed of a few kB/s would make any stream look
 * quick): a slot read in more than a quarter of a second is slow. */
#define SERIAL_MAX_READ_MS  250
#define IMMEDIATE_TIMEOUT_MS (30 * 60 * 1000)
#define IMMEDIATE_POLL_MS   100
#define IMMEDIATE_FIRST_POLL_MS 5

DWORD data_writer_bulk_blocks_of(const struct transport *transport, DWORD block_size)
{
    struct transport_limits limits;

    transport_get_limits(transport, &limits);
    return max(limits.bulk_transfer / block_size, 1);
}

DWORD data_writer_bulk_blocks(const struct transport *transport)
{
    return data_writer_bulk_blocks_of(transport, MMC_BLOCK_SIZE);
}

DWORD data_writer_block_size(const struct data_writer *writer)
{
    return writer->block_size ? writer->block_size : MMC_BLOCK_SIZE;
}

/* ---- checksums of what the stream supplied ---- */

/* 64 bits per group of blocks, eight bytes at a time: any changed byte changes
 * it (the multiplier is odd, so each step is a bijection of the state). */
static UINT64 checksum_update(UINT64 sum, const BYTE *data, DWORD size)
{
    const BYTE *end = data + size;
    UINT64 word;

    for (; data + sizeof(word) <= end; data += sizeof(word))
    {
        memcpy(&word, data, sizeof(word));
        sum = (sum ^ word) * 0x9e3779b97f4a7c15ull;
        sum ^= sum >> 29;
    }
    for (; data < end; ++data)
        sum = (sum ^ *data) * 0x100000001b3ull;
    return sum;
}

#define CHECKSUM_SEED 0xcbf29ce484222325ull

static BOOL record_group(struct data_writer *writer, LONG lba, LONG blocks, const BYTE *data)
{
    struct verify_group *groups;

    if (writer->group_count == writer->group_size)
    {
        unsigned int size = max(writer->group_size * 2, 64);

        if (!(groups = realloc(writer->groups, size * sizeof(*groups))))
            return FALSE;
        writer->groups = groups;
        writer->group_size = size;
    }
    groups = &writer->groups[writer->group_count++];
    groups->lba = lba;
    groups->blocks = blocks;
    groups->checksum = checksum_update(CHECKSUM_SEED, data, blocks * MMC_BLOCK_SIZE);
    return TRUE;
}

/* The stream blocks QUICK compares: VERIFY_QUICK_SAMPLES spread evenly from
 * the first to the last, sample i being last * i / (VERIFY_QUICK_SAMPLES - 1).
 * Called for every group written: the first sample at or after FIRST is
 * found directly, not by trying them all (a division each). */
static BOOL quick_sample_in(LONG stream_blocks, ULONGLONG first, LONG count)
{
    ULONGLONG last = stream_blocks - 1, i;

    if (stream_blocks <= 0)
        return FALSE;
    if (!last)
        return !first;
    /* last * i / (N - 1) >= first  <=>  i >= first * (N - 1) / last, rounded up */
    i = (first * (VERIFY_QUICK_SAMPLES - 1) + last - 1) / last;
    return i < VERIFY_QUICK_SAMPLES && last * i / (VERIFY_QUICK_SAMPLES - 1) < first + count;
}

/* Records the groups of a slot that verification will compare: blocks of the
 * stream starting at stream_block, written from lba. */
static HRESULT record_slot(struct data_writer *writer, const struct write_plan *plan, LONG lba,
        ULONGLONG stream_block, const BYTE *data, LONG blocks)
{
    LONG done, count;

    /* READ(10) gives back 2048 bytes of user data a block: only data is compared. */
    if (writer->verification == IMAPI_BURN_VERIFICATION_NONE || data_writer_block_size(writer) != MMC_BLOCK_SIZE)
        return S_OK;
    for (done = 0; done < blocks; done += count)
    {
        count = min(blocks - done, VERIFY_GROUP_BLOCKS);
        if (writer->verification == IMAPI_BURN_VERIFICATION_QUICK
                && !quick_sample_in(plan->stream_blocks, stream_block + done, count))
            continue;
        if (!record_group(writer, lba + done, count, data + (SIZE_T)done * MMC_BLOCK_SIZE))
            return E_OUTOFMEMORY;
    }
    return S_OK;
}

/* ---- the two threads ---- */

/* The hand-off between the thread that reads the stream (the caller's, which
 * also reports the progress) and the thread that sends WRITE commands. */
struct write_queue
{
    SRWLOCK lock;
    CONDITION_VARIABLE changed;
    BYTE *buffers[QUEUE_SLOTS];
    LONG lbas[QUEUE_SLOTS];
    DWORD blocks[QUEUE_SLOTS];
    unsigned int head, count;
    BOOL eof, stop;
    HRESULT hr;
    LONG written;
    BOOL issued;                    /* a WRITE was sent: the track needs closing */
    DWORD max_blocks;               /* per WRITE command */
    DWORD slot_blocks;              /* per buffer: whole WRITE commands */
    DWORD block_size;
    BOOL write_12;
    const struct mmc_device *dev;
    struct transport *transport;
    const LONG *cancel;
    HANDLE thread;                  /* the writer thread, once started */
    LONGLONG serial_limit;          /* serial while a slot reads in fewer performance counter ticks; 0: never */
    unsigned int slow_reads;        /* slower reads in a row */
};

static HRESULT write_slot(struct write_queue *queue, const BYTE *data, LONG lba, DWORD blocks)
{
    uint8_t cdb[16];
    unsigned int n;
    HRESULT hr;

    while (blocks)
    {
        DWORD count = min(blocks, queue->max_blocks);

        if (*queue->cancel)
            return E_IMAPI_REQUEST_CANCELLED;
        /* MMC: WRITE(12) with Streaming asks the drive to keep the data
         * flowing rather than retry defects (the streaming write of
         * SET STREAMING); the LBA is two's complement, so the lead-in's
         * negative addresses pass through both. */
        if (queue->write_12)
            n = mmc_build_write_12(cdb, lba, count, FALSE, TRUE);
        else
            n = mmc_build_write_10(cdb, lba, count, FALSE);
        queue->issued = TRUE;
        /* 2/04/08 (long write in progress, the drive's buffer is full) is
         * waited over by the patient executor. */
        if (FAILED(hr = mmc_run_out(queue->dev, cdb, n, (void *)data, count * queue->block_size)))
        {
            DWORD bulk = data_writer_bulk_blocks_of(queue->transport, queue->block_size);

            /* The host refused a transfer that large: the same data in smaller commands. */
            if (hr != TRANSPORT_E_TOO_LARGE || bulk >= count)
                return hr;
            queue->max_blocks = bulk;
            continue;
        }
        InterlockedExchangeAdd(&queue->written, count);
        data += count * queue->block_size;
        lba += count;
        blocks -= count;
    }
    return S_OK;
}

static DWORD WINAPI writer_thread(void *arg)
{
    struct write_queue *queue = arg;
    unsigned int slot;
    HRESULT hr;

    AcquireSRWLockExclusive(&queue->lock);
    for (;;)
    {
        while (!queue->count && !queue->eof && !queue->stop)
            SleepConditionVariableSRW(&queue->changed, &queue->lock, INFINITE, 0);
        if (queue->stop || !queue->count)
            break;
        slot = queue->head;
        ReleaseSRWLockExclusive(&queue->lock);

        hr = write_slot(queue, queue->buffers[slot], queue->lbas[slot], queue->blocks[slot]);

        AcquireSRWLockExclusive(&queue->lock);
        if (FAILED(hr))
        {
            queue->hr = hr;
            queue->stop = TRUE;
            WakeAllConditionVariable(&queue->changed);
            break;
        }
        queue->head = (queue->head + 1) % QUEUE_SLOTS;
        queue->count--;
        WakeAllConditionVariable(&queue->changed);
    }
    ReleaseSRWLockExclusive(&queue->lock);
    return 0;
}

static HRESULT read_stream(IStream *stream, BYTE *buffer, ULONG size, ULONG *done)
{
    ULONG read;
    HRESULT hr;

    *done = 0;
    while (*done < size)
    {
        read = 0;
        hr = IStream_Read(stream, buffer + *done, size - *done, &read);
        if (FAILED(hr))
            return hr;
        if (!read)
            break;
        *done += read;
    }
    return S_OK;
}

static void report_writing(struct data_writer *writer, struct write_queue *queue, LONG read_blocks, BOOL final)
{
    struct writer_progress progress;

    progress.phase = WRITER_WRITING;
    progress.final = final;
    progress.read_blocks = read_blocks;
    progress.written_blocks = ReadNoFence(&queue->written);
    progress.used_buffer = 0;
    /* Serial, nothing waits in the queue and no other thread touches it. */
    if (queue->thread)
    {
        AcquireSRWLockShared(&queue->lock);
        progress.used_buffer = queue->count * queue->slot_blocks * queue->block_size;
        ReleaseSRWLockShared(&queue->lock);
    }
    progress.total_buffer = QUEUE_SLOTS * queue->slot_blocks * queue->block_size;
    writer->progress(writer->context, &progress);
}

static void stop_queue(struct write_queue *queue, BOOL stop)
{
    AcquireSRWLockExclusive(&queue->lock);
    queue->eof = TRUE;
    if (stop)
        queue->stop = TRUE;
    WakeAllConditionVariable(&queue->changed);
    ReleaseSRWLockExclusive(&queue->lock);
}

/* A free slot of the queue, or QUEUE_SLOTS when the writer stopped; waits a
 * little while all are full. */
static unsigned int free_slot(struct write_queue *queue)
{
    unsigned int slot = QUEUE_SLOTS;

    if (!queue->thread)
        return queue->head;
    AcquireSRWLockExclusive(&queue->lock);
    if (queue->count == QUEUE_SLOTS && !queue->stop)
        SleepConditionVariableSRW(&queue->changed, &queue->lock, 100, 0);
    if (queue->stop)
        slot = QUEUE_SLOTS + 1;
    else if (queue->count < QUEUE_SLOTS)
        slot = (queue->head + queue->count) % QUEUE_SLOTS;
    ReleaseSRWLockExclusive(&queue->lock);
    return slot;
}

static HRESULT start_writer(struct write_queue *queue)
{
    if (!(queue->thread = CreateThread(NULL, 0, writer_thread, queue, 0, NULL)))
        return HRESULT_FROM_WIN32(GetLastError());
    return S_OK;
}

/* Serial: the slot goes to the drive from this thread, and the stream keeps
 * doing so while it reads quickly enough (see SERIAL_BUFFER_SHARE). */
static HRESULT write_serial(struct write_queue *queue, unsigned int slot, LONG lba, DWORD blocks, LONGLONG read_ticks)
{
    HRESULT hr;

    if (FAILED(hr = write_slot(queue, queue->buffers[slot], lba, blocks)))
        return hr;
    if (read_ticks < queue->serial_limit)
        queue->slow_reads = 0;
    else if (++queue->slow_reads >= SERIAL_SLOW_READS)
    {
        TRACE("The stream reads slowly (%s ticks a slot): a writer thread from now on.\n",
                wine_dbgstr_longlong(read_ticks));
        queue->serial_limit = 0;
        return start_writer(queue);
    }
    return S_OK;
}

/* Feeds one range to the drive: read into a free slot, record what
 * verification needs, send it (serial) or hand it to the writer thread. */
static HRESULT feed_range(struct data_writer *writer, struct write_queue *queue, IStream *stream,
        const struct write_plan *plan, const struct write_range *r, LONG *read_blocks)
{
    DWORD block_size = queue->block_size;
    ULONGLONG stream_size = (ULONGLONG)plan->stream_blocks * block_size;
    LONG done_blocks = 0;
    HRESULT hr;

    while (done_blocks < r->blocks)
    {
        ULONGLONG offset = (r->stream_block + done_blocks) * block_size;
        DWORD blocks = min((DWORD)(r->blocks - done_blocks), queue->slot_blocks);
        LARGE_INTEGER before, after;
        ULONG want = 0, got = 0;
        unsigned int slot;

        if (*writer->cancel)
            return E_IMAPI_REQUEST_CANCELLED;
        if ((slot = free_slot(queue)) > QUEUE_SLOTS)
            return S_OK;    /* the writer thread failed: its error is the answer */
        if (slot == QUEUE_SLOTS)
        {
            report_writing(writer, queue, *read_blocks, FALSE);
            continue;
        }

        /* Past the stream's end: zero padding and the CD post-gap. */
        if (offset < stream_size)
            want = (ULONG)min((ULONGLONG)blocks * block_size, stream_size - offset);
        QueryPerformanceCounter(&before);
        if (want && FAILED(hr = read_stream(stream, queue->buffers[slot], want, &got)))
            return hr;
        QueryPerformanceCounter(&after);
        if (got < want)
        {
            /* Shorter than IStream::Stat said: a stream Write cannot use.
             * What was queued is written and closed; the progress shows
             * how far the stream went. */
            WARN("Stream ended early: %lu of %lu bytes.\n", got, want);
            *read_blocks += got / block_size;
            return writer->stream_short_hr ? writer->stream_short_hr : E_IMAPI_DF2DATA_STREAM_NOT_SUPPORTED;
        }
        memset(queue->buffers[slot] + got, 0, blocks * block_size - got);
        if (FAILED(hr = record_slot(writer, plan, r->lba + done_blocks, r->stream_block + done_blocks,
                queue->buffers[slot], got / block_size)))
            return hr;

        if (!queue->thread)
        {
            if (FAILED(hr = write_serial(queue, slot, r->lba + done_blocks, blocks, after.QuadPart - before.QuadPart)))
                return hr;
        }
        else
        {
            AcquireSRWLockExclusive(&queue->lock);
            queue->lbas[slot] = r->lba + done_blocks;
            queue->blocks[slot] = blocks;
            queue->count++;
            WakeAllConditionVariable(&queue->changed);
            ReleaseSRWLockExclusive(&queue->lock);
            /* Let an idle writer on this processor send the slot while its data is
             * still in the cache, rather than after the queue is full: on one
             * core that halves the CPU of a burn (make bench, under taskset -c 0,
             * with the virtual recorder copying the data). */
            SwitchToThread();
        }

        done_blocks += blocks;
        *read_blocks += blocks;
        report_writing(writer, queue, *read_blocks, FALSE);
    }
    return S_OK;
}

HRESULT data_writer_write(struct data_writer *writer, IStream *stream, const struct write_plan *plan,
        DWORD max_transfer)
{
    struct write_queue queue;
    LARGE_INTEGER frequency;
    LONG read_blocks = 0;
    unsigned int i, range;
    HRESULT hr = S_OK;
    BOOL sequential_read = plan->range_count == 1 && !plan->ranges[0].stream_block;

    writer->issued = FALSE;
    writer->group_count = 0;
    memset(&queue, 0, sizeof(queue));
    InitializeSRWLock(&queue.lock);
    InitializeConditionVariable(&queue.changed);
    queue.dev = writer->dev;
    queue.transport = writer->transport;
    queue.cancel = writer->cancel;
    queue.block_size = data_writer_block_size(writer);
    queue.write_12 = writer->write_12;
    queue.max_blocks = max(max_transfer / queue.block_size, 1);
    /* Fewer, larger stream reads and hand-offs; the drive still gets max_transfer. */
    queue.slot_blocks = queue.max_blocks * max(SLOT_BYTES / (queue.max_blocks * queue.block_size), 1);
    for (i = 0; i < QUEUE_SLOTS; ++i)
    {
        if (!(queue.buffers[i] = transport_alloc_buffer(queue.slot_blocks * queue.block_size)))
        {
            hr = E_OUTOFMEMORY;
            goto done;
        }
    }
    /* Hand-offs between threads cost more CPU than the rest of the host's
     * work (make bench, host CPU per GiB: 0.25-0.40 s through the queue,
     * 0.13 s serial, 0.12 s for the raw loop): serial while the stream keeps
     * the drive's buffer from running dry.  A drive that does not say what
     * its buffer holds and how fast it writes gets the writer thread. */
    QueryPerformanceFrequency(&frequency);
    if (plan->drive_buffer_bytes && plan->drive_bytes_per_second)
        queue.serial_limit = min(frequency.QuadPart * plan->drive_buffer_bytes
                / ((LONGLONG)SERIAL_BUFFER_SHARE * plan->drive_bytes_per_second),
                frequency.QuadPart * SERIAL_MAX_READ_MS / 1000);
    TRACE("Serial while a slot reads in under %s ticks of %s.\n", wine_dbgstr_longlong(queue.serial_limit),
            wine_dbgstr_longlong(frequency.QuadPart));
    if (!queue.serial_limit && FAILED(hr = start_writer(&queue)))
        goto done;

    report_writing(writer, &queue, 0, TRUE);
    for (range = 0; range < plan->range_count && SUCCEEDED(hr); ++range)
    {
        const struct write_range *r = &plan->ranges[range];

        if (!sequential_read)
        {
            LARGE_INTEGER move;

            move.QuadPart = r->stream_block * queue.block_size;
            if (FAILED(hr = IStream_Seek(stream, move, STREAM_SEEK_SET, NULL)))
                break;
        }
        hr = feed_range(writer, &queue, stream, plan, r, &read_blocks);
    }
    stop_queue(&queue, FAILED(hr));

    while (queue.thread && WaitForSingleObject(queue.thread, 100) == WAIT_TIMEOUT)
    {
        if (*writer->cancel)
            stop_queue(&queue, TRUE);
        report_writing(writer, &queue, read_blocks, FALSE);
    }
    if (SUCCEEDED(hr) && FAILED(queue.hr))
        hr = queue.hr;
    /* A WRITE the drive kept refusing after CancelWrite failed because of it. */
    if (*writer->cancel)
        hr = E_IMAPI_REQUEST_CANCELLED;
    /* However short the write, the client sees every sector written. */
    report_writing(writer, &queue, read_blocks, SUCCEEDED(hr));

done:
    if (queue.thread)
        CloseHandle(queue.thread);
    for (i = 0; i < QUEUE_SLOTS; ++i)
        transport_free_buffer(queue.buffers[i]);
    /* The writer thread has ended: its fields are ours. */
    writer->issued = queue.issued;
    return hr;
}

/* ---- verification ---- */

static void report_verifying(struct data_writer *writer, LONG verified, BOOL final)
{
    struct writer_progress progress;

    memset(&progress, 0, sizeof(progress));
    progress.phase = WRITER_VERIFYING;
    progress.final = final;
    progress.read_blocks = verified;
    writer->progress(writer->context, &progress);
}

/* Reads one group back, in commands the host takes, into its checksum. */
static HRESULT read_group(struct data_writer *writer, const struct verify_group *group, BYTE *buffer,
        DWORD *chunk, UINT64 *checksum)
{
    uint8_t cdb[16];
    unsigned int n;
    uint32_t got;
    LONG done, count;
    HRESULT hr;

    *checksum = CHECKSUM_SEED;
    /* What the host takes now: Write may have found it smaller. */
    *chunk = min(*chunk, data_writer_bulk_blocks(writer->transport));
    for (done = 0; done < group->blocks; done += count)
    {
        count = min(group->blocks - done, (LONG)*chunk);
        n = mmc_build_read_10(cdb, group->lba + done, count);
        hr = mmc_run_in(writer->dev, cdb, n, buffer, count * MMC_BLOCK_SIZE, &got);
        if (hr == TRANSPORT_E_TOO_LARGE && data_writer_bulk_blocks(writer->transport) < (DWORD)count)
        {
            /* The host refused a transfer that large: read again in smaller commands. */
            *chunk = data_writer_bulk_blocks(writer->transport);
            count = 0;
            continue;
        }
        if (FAILED(hr))
            return hr;
        if (got < count * MMC_BLOCK_SIZE)
            return E_IMAPI_RECORDER_INVALID_RESPONSE_FROM_DEVICE;
        *checksum = checksum_update(*checksum, buffer, count * MMC_BLOCK_SIZE);
    }
    return S_OK;
}

HRESULT data_writer_verify(struct data_writer *writer, DWORD max_transfer)
{
    DWORD chunk = min(max(max_transfer / MMC_BLOCK_SIZE, 1), VERIFY_GROUP_BLOCKS);
    LONG verified = 0;
    unsigned int i;
    UINT64 checksum;
    BYTE *buffer;
    HRESULT hr = S_OK;

    if (writer->verification == IMAPI_BURN_VERIFICATION_NONE || !writer->group_count)
        return S_OK;
    TRACE("Comparing %u groups of blocks, level %u.\n", writer->group_count, writer->verification);
    report_verifying(writer, 0, TRUE);
    if (!(buffer = transport_alloc_buffer(VERIFY_GROUP_BLOCKS * MMC_BLOCK_SIZE)))
        return E_OUTOFMEMORY;
    for (i = 0; i < writer->group_count; ++i)
    {
        const struct verify_group *group = &writer->groups[i];

        if (*writer->cancel)
        {
            hr = E_IMAPI_REQUEST_CANCELLED;
            break;
        }
        if (FAILED(hr = read_group(writer, group, buffer, &chunk, &checksum)))
        {
            WARN("Reading %ld blocks at %ld back failed, hr %#lx.\n", group->blocks, group->lba, hr);
            break;
        }
        if (checksum != group->checksum)
        {
            WARN("The %ld blocks at %ld read back differ from what was written.\n", group->blocks, group->lba);
            hr = E_IMAPI_BURN_VERIFICATION_FAILED;
            break;
        }
        verified += group->blocks;
        report_verifying(writer, verified, FALSE);
    }
    transport_free_buffer(buffer);
    if (SUCCEEDED(hr))
        report_verifying(writer, verified, TRUE);
    return hr;
}

void data_writer_cleanup(struct data_writer *writer)
{
    free(writer->groups);
    writer->groups = NULL;
    writer->group_count = writer->group_size = 0;
}

/* ---- the end of Immed commands ---- */

/* Waits for an Immed command to end: TEST UNIT READY while the drive says
 * "operation in progress" (a busy drive's "long write in progress" is waited
 * over by the patient executor). Finalizing can take minutes; a cancelled
 * Write waits no longer than the patience allows after a cancel, and the
 * drive finishes on its own. */
HRESULT data_writer_wait_immediate(struct data_writer *writer)
{
    ULONGLONG start = GetTickCount64();
    DWORD poll = IMMEDIATE_FIRST_POLL_MS;
    struct mmc_sense sense;
    HRESULT hr;

    for (;;)
    {
        hr = mmc_drive_test_unit_ready(writer->dev, &sense);
        if (!sense.valid || sense.key != SENSE_KEY_NOT_READY || sense.asc != SENSE_ASC_NOT_READY
                || sense.ascq != SENSE_ASCQ_NOT_READY_OPERATION_IN_PROGRESS)
            return hr;
        if (GetTickCount64() - start > IMMEDIATE_TIMEOUT_MS)
            return E_IMAPI_RECORDER_COMMAND_TIMEOUT;
        if (*writer->cancel && !patience_keep_waiting(writer->patience))
            return E_IMAPI_REQUEST_CANCELLED;
        /* A cache flush is often over in milliseconds, a finalization takes
         * minutes: poll soon, then less often. */
        Sleep(poll);
        poll = min(poll * 2, IMMEDIATE_POLL_MS);
    }
}

HRESULT data_writer_close(struct data_writer *writer, BYTE function, WORD track)
{
    uint8_t cdb[16];
    unsigned int n;
    HRESULT hr;

    n = mmc_build_close_track_session(cdb, TRUE, function, track);
    if (FAILED(hr = mmc_run_out(writer->dev, cdb, n, NULL, 0)))
        return hr;
    return data_writer_wait_immediate(writer);
}

HRESULT data_writer_synchronize_cache(struct data_writer *writer)
{
    uint8_t cdb[16];
    unsigned int n;
    HRESULT hr;

    n = mmc_build_synchronize_cache(cdb, TRUE);
    if (FAILED(hr = mmc_run_out(writer->dev, cdb, n, NULL, 0)))
        return hr;
    return data_writer_wait_immediate(writer);
}
