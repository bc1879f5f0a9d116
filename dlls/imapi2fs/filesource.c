/*
 * IMAPI2 file system image: where file data comes from: streams and host files.
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

#include "imapi2fs_private.h"
#include "shlwapi.h"

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* ReadFile or WriteFile at OFFSET through the file pointer of a handle opened
 * for synchronous I/O, *POSITION tracking it: without an OVERLAPPED, because
 * kernelbase passes the OVERLAPPED as the completion value of the I/O and
 * Wine's ntdll then reports the completion to wineserver, a round trip per
 * call that Windows does not make for a handle with no completion port. */
BOOL file_io_at(HANDLE file, BOOL write, ULONGLONG *position, ULONGLONG offset, void *buf, DWORD len,
        DWORD *done)
{
    LARGE_INTEGER move;
    BOOL ret;

    *done = 0;
    if (*position != offset)
    {
        move.QuadPart = offset;
        if (!SetFilePointerEx(file, move, NULL, FILE_BEGIN))
        {
            *position = ~(ULONGLONG)0;
            return FALSE;
        }
        *position = offset;
    }
    ret = write ? WriteFile(file, buf, len, done, NULL) : ReadFile(file, buf, len, done, NULL);
    if (ret)
        *position += *done;
    else
        *position = ~(ULONGLONG)0;      /* unknown: seek next time */
    return ret;
}

/* An IStream given by the program (AddFile, put_Data).  The layout reads it
 * at absolute offsets; the program may share the stream, so each read seeks. */
struct stream_source
{
    struct fsi_source source;
    LONG refcount;
    IStream *stream;
    ULONGLONG size;
    CRITICAL_SECTION cs;
};

static inline struct stream_source *impl_from_stream_source(struct fsi_source *source)
{
    return CONTAINING_RECORD(source, struct stream_source, source);
}

static int32_t stream_source_read(struct fsi_source *iface, uint64_t offset, void *buf, uint32_t len)
{
    struct stream_source *source = impl_from_stream_source(iface);
    LARGE_INTEGER move;
    HRESULT hr = S_OK;
    ULONG done = 0, read;

    EnterCriticalSection(&source->cs);
    move.QuadPart = offset;
    if (FAILED(IStream_Seek(source->stream, move, STREAM_SEEK_SET, NULL)))
        hr = IMAPI_E_DATA_STREAM_READ_FAILURE;
    while (SUCCEEDED(hr) && done < len)
    {
        read = 0;
        if (FAILED(IStream_Read(source->stream, (BYTE *)buf + done, len - done, &read)))
            hr = IMAPI_E_DATA_STREAM_READ_FAILURE;
        else if (!read)
            hr = IMAPI_E_DATA_STREAM_INCONSISTENCY;    /* shorter than it said */
        done += read;
    }
    LeaveCriticalSection(&source->cs);
    if (FAILED(hr)) WARN("Reading %u bytes at %#I64x failed, hr %#lx.\n", len, offset, hr);
    return hr;
}

static void stream_source_addref(struct fsi_source *iface)
{
    InterlockedIncrement(&impl_from_stream_source(iface)->refcount);
}

static void stream_source_release(struct fsi_source *iface)
{
    struct stream_source *source = impl_from_stream_source(iface);

    if (InterlockedDecrement(&source->refcount)) return;
    IStream_Release(source->stream);
    source->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&source->cs);
    free(source);
}

HRESULT stream_source_create(IStream *stream, struct fsi_source **out, ULONGLONG *size)
{
    struct stream_source *source;
    STATSTG stat;
    HRESULT hr;

    if (FAILED(hr = IStream_Stat(stream, &stat, STATFLAG_NONAME)))
    {
        WARN("Stat failed, hr %#lx.\n", hr);
        return IMAPI_E_DATA_STREAM_INCONSISTENCY;
    }
    if (!(source = calloc(1, sizeof(*source)))) return E_OUTOFMEMORY;
    source->source.read = stream_source_read;
    source->source.addref = stream_source_addref;
    source->source.release = stream_source_release;
    source->refcount = 1;
    source->stream = stream;
    IStream_AddRef(stream);
    source->size = stat.cbSize.QuadPart;
    InitializeCriticalSection(&source->cs);
    source->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": stream_source.cs");
    *out = &source->source;
    *size = source->size;
    return S_OK;
}

/* A file of the host's file system (AddTree).  Opened when it is first read
 * and closed once its last byte has been read: an image of 100,000 files
 * keeps at most a few handles open. */
struct host_file_source
{
    struct fsi_source source;
    LONG refcount;
    HANDLE file;
    ULONGLONG position;             /* of its file pointer */
    ULONGLONG size;
    CRITICAL_SECTION cs;
    WCHAR path[1];
};

static inline struct host_file_source *impl_from_host_file_source(struct fsi_source *source)
{
    return CONTAINING_RECORD(source, struct host_file_source, source);
}

static int32_t host_file_source_read(struct fsi_source *iface, uint64_t offset, void *buf, uint32_t len)
{
    struct host_file_source *source = impl_from_host_file_source(iface);
    HRESULT hr = S_OK;
    DWORD done = 0, read;

    /* Read ahead by a worker of the image stream reading it? */
    if (readahead_serve(iface, offset, buf, len, &hr))
    {
        if (FAILED(hr)) WARN("Reading %s at %#I64x failed, hr %#lx.\n", debugstr_w(source->path), offset, hr);
        return hr;
    }

    EnterCriticalSection(&source->cs);
    if (source->file == INVALID_HANDLE_VALUE)
    {
        source->file = CreateFileW(source->path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE,
                NULL, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, NULL);
        if (source->file == INVALID_HANDLE_VALUE)
            hr = IMAPI_E_DATA_STREAM_READ_FAILURE;
        source->position = 0;
    }
    while (SUCCEEDED(hr) && done < len)
    {
        if (!file_io_at(source->file, FALSE, &source->position, offset + done, (BYTE *)buf + done, len - done,
                &read))
            hr = IMAPI_E_DATA_STREAM_READ_FAILURE;
        else if (!read)
            hr = IMAPI_E_DATA_STREAM_INCONSISTENCY;    /* the file shrank */
        done += read;
    }
    if (source->file != INVALID_HANDLE_VALUE && (FAILED(hr) || offset + len >= source->size))
    {
        CloseHandle(source->file);
        source->file = INVALID_HANDLE_VALUE;
    }
    LeaveCriticalSection(&source->cs);
    if (FAILED(hr)) WARN("Reading %s at %#I64x failed, hr %#lx.\n", debugstr_w(source->path), offset, hr);
    return hr;
}

static void host_file_source_addref(struct fsi_source *iface)
{
    InterlockedIncrement(&impl_from_host_file_source(iface)->refcount);
}

static void host_file_source_release(struct fsi_source *iface)
{
    struct host_file_source *source = impl_from_host_file_source(iface);

    if (InterlockedDecrement(&source->refcount)) return;
    if (source->file != INVALID_HANDLE_VALUE) CloseHandle(source->file);
    source->cs.DebugInfo->Spare[0] = 0;
    DeleteCriticalSection(&source->cs);
    free(source);
}

/* size: as the directory listing gave it (AddTree has it from FindNextFile:
 * asking the file again would cost a path lookup per file). */
HRESULT host_file_source_create(const WCHAR *path, ULONGLONG size, struct fsi_source **out)
{
    struct host_file_source *source;
    size_t len = wcslen(path);

    if (!(source = calloc(1, offsetof(struct host_file_source, path[len + 1]))))
        return E_OUTOFMEMORY;
    source->source.read = host_file_source_read;
    source->source.addref = host_file_source_addref;
    source->source.release = host_file_source_release;
    source->refcount = 1;
    source->file = INVALID_HANDLE_VALUE;
    source->size = size;
    memcpy(source->path, path, (len + 1) * sizeof(WCHAR));
    InitializeCriticalSection(&source->cs);
    source->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": host_file_source.cs");
    *out = &source->source;
    return S_OK;
}

const WCHAR *host_file_source_path(struct fsi_source *source, ULONGLONG *size)
{
    if (source->read != host_file_source_read) return NULL;
    *size = impl_from_host_file_source(source)->size;
    return impl_from_host_file_source(source)->path;
}

/* ---- Staged file data (IFileSystemImage::StageFiles) ----
 *
 * The data of a file added while StageFiles is set is copied at once into
 * the image's stash file, a temporary file of the working directory, one
 * file after the other; the tree then reads the copy, and what becomes of
 * the original no longer matters.  The stash goes with the last source
 * staged in it (it is opened delete-on-close). */

struct stash
{
    LONG refcount;
    HANDLE file;
    SRWLOCK lock;                   /* end */
    ULONGLONG end;                  /* where the next file's data goes */
    SRWLOCK io_lock;                /* position, and the I/O through it */
    ULONGLONG position;             /* of the file pointer */
};

HRESULT stash_create(const WCHAR *dir, struct stash **out)
{
    WCHAR temp[MAX_PATH], path[MAX_PATH];
    struct stash *stash;

    if (!dir || !*dir)
    {
        DWORD len = GetTempPathW(ARRAY_SIZE(temp), temp);

        if (!len || len >= ARRAY_SIZE(temp)) return IMAPI_E_STASHFILE_OPEN_FAILURE;
        dir = temp;
    }
    if (!GetTempFileNameW(dir, L"fsi", 0, path))
    {
        WARN("No stash file in %s, error %lu.\n", debugstr_w(dir), GetLastError());
        return IMAPI_E_STASHFILE_OPEN_FAILURE;
    }
    if (!(stash = calloc(1, sizeof(*stash))))
    {
        DeleteFileW(path);
        return E_OUTOFMEMORY;
    }
    stash->file = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
            CREATE_ALWAYS, FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    if (stash->file == INVALID_HANDLE_VALUE)
    {
        WARN("Cannot open the stash file %s, error %lu.\n", debugstr_w(path), GetLastError());
        DeleteFileW(path);
        free(stash);
        return IMAPI_E_STASHFILE_OPEN_FAILURE;
    }
    TRACE("Stash file %s.\n", debugstr_w(path));
    stash->refcount = 1;
    InitializeSRWLock(&stash->lock);
    InitializeSRWLock(&stash->io_lock);
    *out = stash;
    return S_OK;
}

void stash_addref(struct stash *stash)
{
    InterlockedIncrement(&stash->refcount);
}

void stash_release(struct stash *stash)
{
    if (!stash || InterlockedDecrement(&stash->refcount)) return;
    CloseHandle(stash->file);
    free(stash);
}

struct staged_source
{
    struct fsi_source source;
    LONG refcount;
    struct stash *stash;            /* a reference */
    ULONGLONG offset, size;         /* of the copy in the stash */
};

static inline struct staged_source *impl_from_staged_source(struct fsi_source *source)
{
    return CONTAINING_RECORD(source, struct staged_source, source);
}

/* Reads and writes of the stash, one at a time: they share its file pointer. */
static BOOL stash_io(struct stash *stash, BOOL write, ULONGLONG offset, void *buf, DWORD len)
{
    BOOL ret = TRUE;
    DWORD done;

    AcquireSRWLockExclusive(&stash->io_lock);
    while (ret && len)
    {
        if ((ret = file_io_at(stash->file, write, &stash->position, offset, buf, len, &done)) && !done)
            ret = FALSE;
        buf = (BYTE *)buf + done;
        offset += done;
        len -= done;
    }
    ReleaseSRWLockExclusive(&stash->io_lock);
    return ret;
}

static int32_t staged_source_read(struct fsi_source *iface, uint64_t offset, void *buf, uint32_t len)
{
    struct staged_source *source = impl_from_staged_source(iface);

    if (offset > source->size || len > source->size - offset) return IMAPI_E_DATA_STREAM_INCONSISTENCY;
    if (!stash_io(source->stash, FALSE, source->offset + offset, buf, len))
    {
        WARN("Reading %u bytes of the stash at %#I64x failed, error %lu.\n", len, source->offset + offset,
                GetLastError());
        return IMAPI_E_STASHFILE_READ_FAILURE;
    }
    return S_OK;
}

static void staged_source_addref(struct fsi_source *iface)
{
    InterlockedIncrement(&impl_from_staged_source(iface)->refcount);
}

static void staged_source_release(struct fsi_source *iface)
{
    struct staged_source *source = impl_from_staged_source(iface);

    if (InterlockedDecrement(&source->refcount)) return;
    stash_release(source->stash);
    free(source);
}

#define STAGE_CHUNK (1u << 20)

/* Copies the SIZE bytes of FROM into the stash; *OUT reads the copy. */
HRESULT staged_source_create(struct stash *stash, struct fsi_source *from, ULONGLONG size,
        struct fsi_source **out)
{
    struct staged_source *source;
    ULONGLONG done;
    HRESULT hr = S_OK;
    BYTE *buf;

    if (!(source = calloc(1, sizeof(*source)))) return E_OUTOFMEMORY;
    if (!(buf = malloc(min(size, STAGE_CHUNK) + 1)))
    {
        free(source);
        return E_OUTOFMEMORY;
    }
    AcquireSRWLockExclusive(&stash->lock);
    source->offset = stash->end;
    stash->end += size;
    ReleaseSRWLockExclusive(&stash->lock);

    for (done = 0; SUCCEEDED(hr) && done < size; done += min(size - done, STAGE_CHUNK))
    {
        DWORD len = (DWORD)min(size - done, STAGE_CHUNK);

        if (FAILED(hr = from->read(from, done, buf, len)))
            break;
        if (!stash_io(stash, TRUE, source->offset + done, buf, len))
        {
            WARN("Writing %lu bytes to the stash at %#I64x failed, error %lu.\n", len, source->offset + done,
                    GetLastError());
            hr = IMAPI_E_STASHFILE_WRITE_FAILURE;
        }
    }
    free(buf);
    if (FAILED(hr))
    {
        free(source);
        return hr;
    }
    source->source.read = staged_source_read;
    source->source.addref = staged_source_addref;
    source->source.release = staged_source_release;
    source->refcount = 1;
    stash_addref(source->stash = stash);
    source->size = size;
    *out = &source->source;
    return S_OK;
}

HRESULT source_get_stream(struct fsi_source *source, IStream **stream)
{
    if (source->read == staged_source_read)
        return source_stream_create(source, impl_from_staged_source(source)->size, stream);
    if (source->read == stream_source_read)
    {
        *stream = impl_from_stream_source(source)->stream;
        IStream_AddRef(*stream);
        return S_OK;
    }
    if (source->read == host_file_source_read)
        return SHCreateStreamOnFileEx(impl_from_host_file_source(source)->path,
                STGM_READ | STGM_SHARE_DENY_NONE, FILE_ATTRIBUTE_NORMAL, FALSE, NULL, stream);
    return E_UNEXPECTED;
}

HRESULT stream_empty_create(IStream **stream)
{
    return CreateStreamOnHGlobal(NULL, TRUE, stream);
}
