/*
 * IMAPI2 file system image: read-ahead of host files for the image stream.
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

/* An image of many small host files spends its time opening, reading and
 * closing them, one after the other, as the stream reaches each.  A result's
 * read-ahead lets a few worker threads do that for the files just ahead of
 * the stream: small files are read whole into memory, large ones only
 * opened; the reader then copies, or reads from the handle it is given.
 *
 * The window covers at most READAHEAD_WINDOW files and READAHEAD_MAX_BYTES
 * buffered bytes from the file the reader is in, so memory stays bounded
 * whatever the image's size.  It follows the stream that reads sequentially:
 * a reader jumping forward moves it, the stream that moved it last moves it
 * back by seeking backwards, and any other reader behind it (a clone reading
 * elsewhere) reads its files directly.  Only host file sources (AddTree) are
 * read ahead; IStream sources are the program's and are read as before.
 *
 * Under Wine every wait and wake-up costs, so there are few: the workers
 * sleep once the window is full and are woken when a quarter of it is free,
 * and a reader that caught up with them is woken once a batch of files is
 * ready, not for each.
 *
 * The layout reads the sources itself, so the reader tells them which
 * read-ahead they read for through a thread-local value, set by the image
 * stream around each read of the layout (under the result's lock, which
 * serialises every reader of one read-ahead).  The workers never take that
 * lock: the result's lock and then ours is the only order. */

#include "imapi2fs_private.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

#define READAHEAD_WINDOW        64              /* files */
#define READAHEAD_MAX_BYTES     (32u << 20)     /* buffered */
#define READAHEAD_SMALL_FILE    (256u << 10)    /* read whole at most this size */
#define READAHEAD_MAX_THREADS   8
#define READAHEAD_BATCH         16              /* files the reader waits for at once */

enum entry_state
{
    ENTRY_EMPTY,        /* nothing: read the file directly */
    ENTRY_BUSY,         /* a worker is opening or reading it */
    ENTRY_READY,        /* data (or a handle, or an error) to serve */
};

struct readahead_entry
{
    enum entry_state state;
    size_t index;               /* the file it is for */
    BOOL dropped;               /* left behind while busy: the worker frees it */
    BYTE *data;                 /* small files: the bytes read */
    ULONGLONG valid;            /* how many of them */
    ULONGLONG reserved;         /* counted in buffered */
    HANDLE file;                /* large files: the open handle */
    ULONGLONG position;         /* of its file pointer */
    HRESULT hr;                 /* the failure past valid, or of opening */
};

struct readahead_file
{
    struct fsi_source *source;  /* NULL: not one we read ahead */
    const WCHAR *path;
    ULONGLONG size;
    uint32_t end_block;         /* the block after its data, from the image's start */
};

struct readahead
{
    struct readahead_file *files;
    size_t count;

    SRWLOCK lock;
    CONDITION_VARIABLE work;    /* workers: something to do, or stop */
    CONDITION_VARIABLE done;    /* the reader: an entry is ready */
    struct readahead_entry entries[READAHEAD_WINDOW];   /* file i in entries[i % WINDOW] */
    size_t head;                /* the file the reader is in */
    size_t issue;               /* the next file for a worker; head <= issue <= head + WINDOW */
    ULONGLONG buffered;
    const void *owner;          /* the stream the window follows */
    BOOL stop;
    unsigned int idle;          /* workers waiting for work */
    size_t waiting;             /* the file the reader waits for, or ~0 */

    HANDLE threads[READAHEAD_MAX_THREADS];
    unsigned int thread_count;
    LONG streams;               /* streams attached: the workers run while there are any */
};

/* The read-ahead a thread reads the layout for.  One TLS index, allocated
 * the first time an image stream is read and kept for the life of the
 * process (the DLL's other objects do not need to know about it). */
static DWORD readahead_tls = TLS_OUT_OF_INDEXES;
static INIT_ONCE readahead_tls_once = INIT_ONCE_STATIC_INIT;

static BOOL WINAPI readahead_tls_init(INIT_ONCE *once, void *param, void **context)
{
    readahead_tls = TlsAlloc();
    return TRUE;
}

static inline struct readahead_entry *entry_of(struct readahead *ra, size_t index)
{
    return &ra->entries[index % READAHEAD_WINDOW];
}

static void entry_free(struct readahead *ra, struct readahead_entry *entry)
{
    free(entry->data);
    entry->data = NULL;
    if (entry->file != INVALID_HANDLE_VALUE) CloseHandle(entry->file);
    entry->file = INVALID_HANDLE_VALUE;
    ra->buffered -= entry->reserved;
    entry->reserved = 0;
    entry->valid = 0;
    entry->hr = S_OK;
    entry->dropped = FALSE;
    entry->state = ENTRY_EMPTY;
}

/* Called with the lock held. */
static BOOL readahead_can_issue(struct readahead *ra)
{
    struct readahead_entry *entry;

    if (ra->issue >= ra->count || ra->issue - ra->head >= READAHEAD_WINDOW) return FALSE;
    entry = entry_of(ra, ra->issue);
    if (entry->state != ENTRY_EMPTY) return FALSE;     /* still busy with a dropped file */
    if (ra->files[ra->issue].size <= READAHEAD_SMALL_FILE && ra->buffered
            && ra->buffered + ra->files[ra->issue].size > READAHEAD_MAX_BYTES)
        return FALSE;
    return TRUE;
}

/* Called with the lock held, when the reader made room: the idle workers
 * are woken once a quarter of the window is free, not for every file. */
static void readahead_wake(struct readahead *ra)
{
    if (ra->idle && ra->issue - ra->head <= READAHEAD_WINDOW * 3 / 4 && readahead_can_issue(ra))
        WakeAllConditionVariable(&ra->work);
}

/* Called with the lock held: forgets the files [head, end). */
static void readahead_drop(struct readahead *ra, size_t end)
{
    for (; ra->head < end && ra->head < ra->issue; ++ra->head)
    {
        struct readahead_entry *entry = entry_of(ra, ra->head);

        if (entry->index != ra->head) continue;
        if (entry->state == ENTRY_BUSY) entry->dropped = TRUE;
        else if (entry->state == ENTRY_READY) entry_free(ra, entry);
    }
    ra->head = end;
    if (ra->issue < end) ra->issue = end;
    readahead_wake(ra);
}

/* Called with the lock held: whether the reader waiting for its file may
 * go on.  Each wake-up costs a round trip through wineserver under Wine:
 * the reader is woken once its file and those after it, up to a batch,
 * are read (or no more can be), not for every file. */
static BOOL readahead_reader_may_go(struct readahead *ra)
{
    size_t index = ra->waiting, end = min(ra->count, index + READAHEAD_BATCH);

    for (; index < end && index < ra->issue; ++index)
    {
        if (!ra->files[index].source) continue;
        if (entry_of(ra, index)->state == ENTRY_BUSY) return FALSE;
    }
    return index == end || !readahead_can_issue(ra);
}

/* Opens a file, and reads it whole when it is small. */
static void readahead_fetch(const struct readahead_file *file, struct readahead_entry *entry)
{
    ULONGLONG position = 0;
    HANDLE handle;
    DWORD read;

    handle = CreateFileW(file->path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE,
            NULL, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    if (handle == INVALID_HANDLE_VALUE)
    {
        entry->hr = IMAPI_E_DATA_STREAM_READ_FAILURE;
        return;
    }
    if (file->size > READAHEAD_SMALL_FILE)
    {
        entry->file = handle;
        entry->position = 0;
        return;
    }
    if (!(entry->data = malloc(file->size)))
        entry->hr = E_OUTOFMEMORY;
    while (SUCCEEDED(entry->hr) && entry->valid < file->size)
    {
        if (!file_io_at(handle, FALSE, &position, entry->valid, entry->data + entry->valid,
                file->size - entry->valid, &read))
            entry->hr = IMAPI_E_DATA_STREAM_READ_FAILURE;
        else if (!read)
            entry->hr = IMAPI_E_DATA_STREAM_INCONSISTENCY;    /* the file shrank */
        else
            entry->valid += read;
    }
    CloseHandle(handle);
}

static DWORD WINAPI readahead_worker(void *param)
{
    struct readahead *ra = param;
    struct readahead_entry *entry;
    size_t index;

    AcquireSRWLockExclusive(&ra->lock);
    for (;;)
    {
        while (!ra->stop && !readahead_can_issue(ra))
        {
            if (ra->waiting != ~(size_t)0 && readahead_reader_may_go(ra))
                WakeAllConditionVariable(&ra->done);
            ++ra->idle;
            SleepConditionVariableSRW(&ra->work, &ra->lock, INFINITE, 0);
            --ra->idle;
        }
        if (ra->stop) break;

        index = ra->issue++;
        if (!ra->files[index].source) continue;
        entry = entry_of(ra, index);
        entry->index = index;
        entry->state = ENTRY_BUSY;
        entry->reserved = ra->files[index].size <= READAHEAD_SMALL_FILE ? ra->files[index].size : 0;
        ra->buffered += entry->reserved;

        /* Nobody else touches a busy entry, nor the file list. */
        ReleaseSRWLockExclusive(&ra->lock);
        readahead_fetch(&ra->files[index], entry);
        AcquireSRWLockExclusive(&ra->lock);

        if (entry->dropped)
            entry_free(ra, entry);      /* this worker goes on with the next */
        else
        {
            entry->state = ENTRY_READY;
            if (ra->waiting != ~(size_t)0 && readahead_reader_may_go(ra))
                WakeAllConditionVariable(&ra->done);
        }
    }
    ReleaseSRWLockExclusive(&ra->lock);
    return 0;
}

/* Called with the lock held, by the reader only. */
static void readahead_start(struct readahead *ra)
{
    SYSTEM_INFO info;
    unsigned int count;

    if (ra->thread_count) return;
    GetSystemInfo(&info);
    count = min(max(info.dwNumberOfProcessors, 2), READAHEAD_MAX_THREADS);
    ra->stop = FALSE;
    while (ra->thread_count < count)
    {
        HANDLE thread;

        if (!(thread = CreateThread(NULL, 0, readahead_worker, ra, 0, NULL)))
        {
            WARN("CreateThread failed, error %lu.\n", GetLastError());
            break;
        }
        ra->threads[ra->thread_count++] = thread;
    }
    TRACE("%p: %u workers.\n", ra, ra->thread_count);
}

/* Stops and joins the workers, and forgets every file read ahead. */
static void readahead_stop(struct readahead *ra)
{
    unsigned int i;

    AcquireSRWLockExclusive(&ra->lock);
    ra->stop = TRUE;
    WakeAllConditionVariable(&ra->work);
    ReleaseSRWLockExclusive(&ra->lock);

    for (i = 0; i < ra->thread_count; ++i)
    {
        WaitForSingleObject(ra->threads[i], INFINITE);
        CloseHandle(ra->threads[i]);
    }
    ra->thread_count = 0;

    /* No worker left: every entry is ready or empty. */
    for (i = 0; i < READAHEAD_WINDOW; ++i)
        if (ra->entries[i].state != ENTRY_EMPTY) entry_free(ra, &ra->entries[i]);
    ra->head = ra->issue = 0;
    ra->owner = NULL;
    ra->stop = FALSE;
}

HRESULT readahead_create(struct fsi_layout *layout, uint32_t session_start, struct readahead **out)
{
    size_t count = fsi_layout_file_count(layout), i, eligible = 0;
    struct readahead *ra;

    *out = NULL;
    InitOnceExecuteOnce(&readahead_tls_once, readahead_tls_init, NULL, NULL);
    if (readahead_tls == TLS_OUT_OF_INDEXES) return S_FALSE;

    if (!(ra = calloc(1, sizeof(*ra)))) return E_OUTOFMEMORY;
    if (count && !(ra->files = calloc(count, sizeof(*ra->files))))
    {
        free(ra);
        return E_OUTOFMEMORY;
    }
    ra->count = count;
    for (i = 0; i < count; ++i)
    {
        const struct fsi_layout_file *file = fsi_layout_file(layout, i);
        struct readahead_file *entry = &ra->files[i];

        entry->end_block = file->first_block - session_start + file->block_count;
        if (!file->node->source || !file->node->size) continue;
        if (!(entry->path = host_file_source_path(file->node->source, &entry->size))) continue;
        /* The size the layout reads, whatever the file's size is now. */
        entry->size = file->node->size;
        entry->source = file->node->source;
        ++eligible;
    }
    if (!eligible)
    {
        free(ra->files);
        free(ra);
        return S_FALSE;
    }
    InitializeSRWLock(&ra->lock);
    InitializeConditionVariable(&ra->work);
    InitializeConditionVariable(&ra->done);
    ra->waiting = ~(size_t)0;
    for (i = 0; i < READAHEAD_WINDOW; ++i)
    {
        ra->entries[i].file = INVALID_HANDLE_VALUE;
        ra->entries[i].index = ~(size_t)0;
    }
    TRACE("%p: %Iu files, %Iu read ahead.\n", ra, count, eligible);
    *out = ra;
    return S_OK;
}

void readahead_destroy(struct readahead *ra)
{
    if (!ra) return;
    readahead_stop(ra);
    free(ra->files);
    free(ra);
}

void readahead_attach(struct readahead *ra)
{
    if (ra) InterlockedIncrement(&ra->streams);
}

/* The last stream gone, the workers go: none is left behind a result
 * nobody reads. */
void readahead_detach(struct readahead *ra)
{
    if (ra && !InterlockedDecrement(&ra->streams)) readahead_stop(ra);
}

/* The first file whose data ends after block. */
static size_t readahead_find(const struct readahead *ra, uint32_t block)
{
    size_t low = 0, high = ra->count;

    while (low < high)
    {
        size_t middle = low + (high - low) / 2;

        if (ra->files[middle].end_block <= block) low = middle + 1;
        else high = middle;
    }
    return low;
}

/* Called by the image stream, with the result's lock held, before it reads
 * the layout at position; readahead_end() after. */
void readahead_begin(struct readahead *ra, const void *stream, ULONGLONG position)
{
    ULONGLONG block = position / FSI_BLOCK_SIZE;
    size_t index;

    if (!ra) return;
    index = readahead_find(ra, block > UINT32_MAX ? UINT32_MAX : (uint32_t)block);

    AcquireSRWLockExclusive(&ra->lock);
    if (index >= ra->head && index < ra->issue)
        readahead_drop(ra, index);      /* sequential: move on */
    else if (index >= ra->issue || stream == ra->owner)
    {
        /* A jump forward, or the stream we follow went back: start over there. */
        readahead_drop(ra, ra->issue);
        ra->head = ra->issue = index;
        readahead_wake(ra);
    }
    else
    {
        /* Another stream behind the window: it reads directly. */
        ReleaseSRWLockExclusive(&ra->lock);
        TlsSetValue(readahead_tls, ra);
        return;
    }
    ra->owner = stream;
    if (!ra->thread_count && index < ra->count) readahead_start(ra);
    ReleaseSRWLockExclusive(&ra->lock);
    TlsSetValue(readahead_tls, ra);
}

void readahead_end(struct readahead *ra)
{
    if (ra) TlsSetValue(readahead_tls, NULL);
}

/* Serves a read of a host file source from the read-ahead of this thread's
 * reader, if it has that file: TRUE, with the result in *hr, or FALSE when
 * the caller reads the file itself. */
BOOL readahead_serve(struct fsi_source *source, uint64_t offset, void *buf, uint32_t len, HRESULT *hr)
{
    struct readahead_entry *entry = NULL;
    struct readahead *ra;
    DWORD done = 0, read;
    size_t index, end;

    if (readahead_tls == TLS_OUT_OF_INDEXES || !(ra = TlsGetValue(readahead_tls))) return FALSE;

    AcquireSRWLockExclusive(&ra->lock);
    for (index = ra->head; index < ra->issue; ++index)
        if (ra->files[index].source == source) break;
    if (index == ra->issue)
    {
        /* Not issued yet (the reader caught up with the workers)? Read it
         * directly and let the workers go on after it. */
        end = min(ra->count, ra->issue + READAHEAD_WINDOW);
        for (; index < end; ++index)
        {
            if (ra->files[index].source != source) continue;
            readahead_drop(ra, index + 1);
            break;
        }
        ReleaseSRWLockExclusive(&ra->lock);
        return FALSE;
    }

    /* The layout reads in order: the files before this one are done with. */
    if (index > ra->head) readahead_drop(ra, index);
    entry = entry_of(ra, index);
    while (entry->index == index && entry->state == ENTRY_BUSY)
    {
        ra->waiting = index;
        SleepConditionVariableSRW(&ra->done, &ra->lock, INFINITE, 0);
        ra->waiting = ~(size_t)0;
    }
    if (entry->index != index || entry->state != ENTRY_READY)
    {
        ReleaseSRWLockExclusive(&ra->lock);
        return FALSE;
    }
    ReleaseSRWLockExclusive(&ra->lock);

    /* A ready entry at or after head is the reader's alone: workers only
     * take empty entries, and readers are serialised by the result's lock. */
    if (entry->file != INVALID_HANDLE_VALUE)
    {
        *hr = S_OK;
        while (SUCCEEDED(*hr) && done < len)
        {
            if (!file_io_at(entry->file, FALSE, &entry->position, offset + done, (BYTE *)buf + done,
                    len - done, &read))
                *hr = IMAPI_E_DATA_STREAM_READ_FAILURE;
            else if (!read)
                *hr = IMAPI_E_DATA_STREAM_INCONSISTENCY;    /* the file shrank */
            done += read;
        }
        if (FAILED(*hr) || offset + len >= ra->files[index].size)
        {
            /* Done with it, or failed: a retry reads directly. */
            AcquireSRWLockExclusive(&ra->lock);
            entry_free(ra, entry);
            readahead_wake(ra);
            ReleaseSRWLockExclusive(&ra->lock);
        }
        return TRUE;
    }
    if (offset + len <= entry->valid)
    {
        memcpy(buf, entry->data + offset, len);
        *hr = S_OK;
        return TRUE;
    }
    if (SUCCEEDED(entry->hr))
        return FALSE;   /* beyond what the layout reads: cannot happen */
    /* Reported where today's direct read would fail; a retry reads directly. */
    *hr = entry->hr;
    AcquireSRWLockExclusive(&ra->lock);
    entry_free(ra, entry);
    readahead_wake(ra);
    ReleaseSRWLockExclusive(&ra->lock);
    return TRUE;
}

