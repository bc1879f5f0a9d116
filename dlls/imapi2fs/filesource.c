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
    OVERLAPPED ovl = {0};
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
    }
    while (SUCCEEDED(hr) && done < len)
    {
        ovl.Offset = (DWORD)(offset + done);
        ovl.OffsetHigh = (DWORD)((offset + done) >> 32);
        if (!ReadFile(source->file, (BYTE *)buf + done, len - done, &read, &ovl))
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

HRESULT host_file_source_create(const WCHAR *path, struct fsi_source **out, ULONGLONG *size)
{
    struct host_file_source *source;
    WIN32_FILE_ATTRIBUTE_DATA data;
    size_t len = wcslen(path);

    if (!GetFileAttributesExW(path, GetFileExInfoStandard, &data))
        return IMAPI_E_FILE_NOT_FOUND;
    if (!(source = calloc(1, offsetof(struct host_file_source, path[len + 1]))))
        return E_OUTOFMEMORY;
    source->source.read = host_file_source_read;
    source->source.addref = host_file_source_addref;
    source->source.release = host_file_source_release;
    source->refcount = 1;
    source->file = INVALID_HANDLE_VALUE;
    source->size = ((ULONGLONG)data.nFileSizeHigh << 32) | data.nFileSizeLow;
    memcpy(source->path, path, (len + 1) * sizeof(WCHAR));
    InitializeCriticalSection(&source->cs);
    source->cs.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": host_file_source.cs");
    *out = &source->source;
    *size = source->size;
    return S_OK;
}

const WCHAR *host_file_source_path(struct fsi_source *source, ULONGLONG *size)
{
    if (source->read != host_file_source_read) return NULL;
    *size = impl_from_host_file_source(source)->size;
    return impl_from_host_file_source(source)->path;
}

HRESULT source_get_stream(struct fsi_source *source, IStream **stream)
{
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
