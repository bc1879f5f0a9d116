/*
 * IMAPI2 file system image: FsiStream, the read-only stream of a result image.
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

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

/* Every stream of one result (ImageStream, its clones) reads the same
 * layout: the layout keeps no per-reader state we may rely on, and file
 * sources are read through it, so all its reads go under the lock the
 * result shares with its streams.  The same lock guards each stream's
 * position, which keeps Read (position, read, advance) atomic. */
struct image_stream
{
    IStream IStream_iface;
    LONG refcount;

    struct fsi_layout *layout;      /* owned by the owner */
    CRITICAL_SECTION *lock;         /* owned by the owner */
    IUnknown *owner;                /* a reference: keeps layout and lock alive */
    ULONGLONG size;
    ULONGLONG position;
    struct readahead *readahead;    /* owned by the owner; NULL: none */

    /* Or a stream over one file's data (an imported file's Data). */
    struct fsi_source *source;      /* a reference */
    CRITICAL_SECTION source_lock;
};

static HRESULT image_stream_new(struct fsi_layout *layout, CRITICAL_SECTION *lock, IUnknown *owner,
        struct readahead *ra, ULONGLONG position, IStream **out);

static inline struct image_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct image_stream, IStream_iface);
}

static HRESULT WINAPI image_stream_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_ISequentialStream)
            || IsEqualGUID(riid, &IID_IStream))
    {
        *out = iface;
        IStream_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI image_stream_AddRef(IStream *iface)
{
    struct image_stream *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedIncrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI image_stream_Release(IStream *iface)
{
    struct image_stream *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedDecrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        if (stream->readahead)
        {
            /* Under the lock: no read of another stream is between
             * readahead_begin() and readahead_end() while it stops. */
            EnterCriticalSection(stream->lock);
            readahead_detach(stream->readahead);
            LeaveCriticalSection(stream->lock);
        }
        if (stream->owner) IUnknown_Release(stream->owner);
        if (stream->source)
        {
            stream->source->release(stream->source);
            stream->source_lock.DebugInfo->Spare[0] = 0;
            DeleteCriticalSection(&stream->source_lock);
        }
        free(stream);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI image_stream_Read(IStream *iface, void *data, ULONG size, ULONG *read)
{
    struct image_stream *stream = impl_from_IStream(iface);
    ULONG count = 0;
    HRESULT hr = S_OK;

    TRACE("%p, %p, %lu, %p.\n", iface, data, size, read);

    if (read) *read = 0;
    if (!data) return STG_E_INVALIDPOINTER;

    EnterCriticalSection(stream->lock);
    if (stream->position < stream->size)
        count = min(size, stream->size - stream->position);
    if (count && !stream->source) readahead_begin(stream->readahead, stream, stream->position);
    if (count && FAILED(hr = stream->source ? stream->source->read(stream->source, stream->position, data, count)
            : fsi_layout_read(stream->layout, stream->position, data, count)))
    {
        WARN("Failed to read %lu bytes at %s, hr %#lx.\n", count,
                wine_dbgstr_longlong(stream->position), hr);
        count = 0;
    }
    if (!stream->source) readahead_end(stream->readahead);
    stream->position += count;
    LeaveCriticalSection(stream->lock);

    if (read) *read = count;
    if (FAILED(hr)) return hr;
    return count == size ? S_OK : S_FALSE;
}

static HRESULT WINAPI image_stream_Write(IStream *iface, const void *data, ULONG size,
        ULONG *written)
{
    TRACE("%p, %p, %lu, %p.\n", iface, data, size, written);

    if (written) *written = 0;
    return STG_E_ACCESSDENIED;
}

static HRESULT WINAPI image_stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin,
        ULARGE_INTEGER *new_position)
{
    struct image_stream *stream = impl_from_IStream(iface);
    HRESULT hr = S_OK;
    LONGLONG base;

    TRACE("%p, %s, %lu, %p.\n", iface, wine_dbgstr_longlong(move.QuadPart), origin, new_position);

    EnterCriticalSection(stream->lock);
    switch (origin)
    {
    case STREAM_SEEK_SET: base = 0; break;
    case STREAM_SEEK_CUR: base = stream->position; break;
    case STREAM_SEEK_END: base = stream->size; break;
    default: hr = STG_E_INVALIDFUNCTION; break;
    }
    if (SUCCEEDED(hr))
    {
        if (move.QuadPart < 0 && base + move.QuadPart < 0)
            hr = STG_E_INVALIDFUNCTION;
        else
            stream->position = base + move.QuadPart;
    }
    if (new_position) new_position->QuadPart = stream->position;
    LeaveCriticalSection(stream->lock);

    return hr;
}

static HRESULT WINAPI image_stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    TRACE("%p, %s.\n", iface, wine_dbgstr_longlong(size.QuadPart));

    return STG_E_ACCESSDENIED;
}

static HRESULT WINAPI image_stream_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size,
        ULARGE_INTEGER *total_read, ULARGE_INTEGER *total_written)
{
    ULONGLONG done_read = 0, done_written = 0;
    ULONG chunk, read, written;
    HRESULT hr = S_OK;
    BYTE *buffer;

    TRACE("%p, %p, %s, %p, %p.\n", iface, dest, wine_dbgstr_longlong(size.QuadPart),
            total_read, total_written);

    if (total_read) total_read->QuadPart = 0;
    if (total_written) total_written->QuadPart = 0;
    if (!dest) return STG_E_INVALIDPOINTER;
    if (!(buffer = malloc(16 * FSI_BLOCK_SIZE))) return E_OUTOFMEMORY;

    while (done_read < size.QuadPart)
    {
        chunk = min(16 * FSI_BLOCK_SIZE, size.QuadPart - done_read);
        if (FAILED(hr = IStream_Read(iface, buffer, chunk, &read)) || !read)
            break;
        done_read += read;
        written = 0;
        hr = IStream_Write(dest, buffer, read, &written);
        done_written += written;
        if (FAILED(hr) || written != read)
            break;
    }
    free(buffer);

    if (total_read) total_read->QuadPart = done_read;
    if (total_written) total_written->QuadPart = done_written;
    return FAILED(hr) ? hr : S_OK;
}

static HRESULT WINAPI image_stream_Commit(IStream *iface, DWORD flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    /* Nothing is ever written, so there is nothing to commit. */
    return S_OK;
}

static HRESULT WINAPI image_stream_Revert(IStream *iface)
{
    TRACE("%p.\n", iface);

    return S_OK;
}

static HRESULT WINAPI image_stream_LockRegion(IStream *iface, ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI image_stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI image_stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct image_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %p, %#lx.\n", iface, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    if (flags & ~(STATFLAG_NONAME | STATFLAG_NOOPEN)) return STG_E_INVALIDFLAG;

    /* The stream has no name: pwcsName stays NULL whatever the flags, which
     * STATFLAG_DEFAULT callers free with CoTaskMemFree(NULL) harmlessly. */
    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = stream->size;
    stat->grfMode = STGM_READ | STGM_SHARE_DENY_WRITE;
    stat->clsid = CLSID_FsiStream;
    return S_OK;
}

static HRESULT WINAPI image_stream_Clone(IStream *iface, IStream **out)
{
    struct image_stream *stream = impl_from_IStream(iface);
    ULONGLONG position;

    TRACE("%p, %p.\n", iface, out);

    if (!out) return STG_E_INVALIDPOINTER;

    EnterCriticalSection(stream->lock);
    position = stream->position;
    LeaveCriticalSection(stream->lock);

    if (stream->source)
    {
        HRESULT hr;

        if (SUCCEEDED(hr = source_stream_create(stream->source, stream->size, out)))
            impl_from_IStream(*out)->position = position;
        return hr;
    }
    return image_stream_new(stream->layout, stream->lock, stream->owner, stream->readahead, position, out);
}

static const IStreamVtbl image_stream_vtbl =
{
    image_stream_QueryInterface,
    image_stream_AddRef,
    image_stream_Release,
    image_stream_Read,
    image_stream_Write,
    image_stream_Seek,
    image_stream_SetSize,
    image_stream_CopyTo,
    image_stream_Commit,
    image_stream_Revert,
    image_stream_LockRegion,
    image_stream_UnlockRegion,
    image_stream_Stat,
    image_stream_Clone,
};

static HRESULT image_stream_new(struct fsi_layout *layout, CRITICAL_SECTION *lock, IUnknown *owner,
        struct readahead *ra, ULONGLONG position, IStream **out)
{
    struct image_stream *stream;

    *out = NULL;
    if (!(stream = calloc(1, sizeof(*stream))))
        return E_OUTOFMEMORY;

    stream->IStream_iface.lpVtbl = &image_stream_vtbl;
    stream->refcount = 1;
    stream->layout = layout;
    stream->lock = lock;
    stream->owner = owner;
    IUnknown_AddRef(owner);
    stream->size = (ULONGLONG)fsi_layout_blocks(layout) * FSI_BLOCK_SIZE;
    stream->position = position;
    stream->readahead = ra;
    readahead_attach(ra);
    lock_module();

    TRACE("Created stream %p, size %s.\n", stream, wine_dbgstr_longlong(stream->size));
    *out = &stream->IStream_iface;
    return S_OK;
}

HRESULT image_stream_create(struct fsi_layout *layout, CRITICAL_SECTION *lock, IUnknown *owner,
        IStream **out)
{
    TRACE("%p, %p, %p, %p.\n", layout, lock, owner, out);

    if (!out) return E_POINTER;
    if (!layout || !lock || !owner)
    {
        *out = NULL;
        return E_INVALIDARG;
    }
    return image_stream_new(layout, lock, owner, NULL, 0, out);
}

HRESULT image_stream_create_readahead(struct fsi_layout *layout, CRITICAL_SECTION *lock, IUnknown *owner,
        struct readahead *ra, IStream **out)
{
    TRACE("%p, %p, %p, %p, %p.\n", layout, lock, owner, ra, out);

    if (!out) return E_POINTER;
    if (!layout || !lock || !owner)
    {
        *out = NULL;
        return E_INVALIDARG;
    }
    return image_stream_new(layout, lock, owner, ra, 0, out);
}

HRESULT source_stream_create(struct fsi_source *source, ULONGLONG size, IStream **out)
{
    struct image_stream *stream;

    *out = NULL;
    if (!(stream = calloc(1, sizeof(*stream))))
        return E_OUTOFMEMORY;

    stream->IStream_iface.lpVtbl = &image_stream_vtbl;
    stream->refcount = 1;
    stream->source = source;
    source->addref(source);
    InitializeCriticalSection(&stream->source_lock);
    stream->source_lock.DebugInfo->Spare[0] = (DWORD_PTR)(__FILE__ ": image_stream.source_lock");
    stream->lock = &stream->source_lock;
    stream->size = size;
    lock_module();

    *out = &stream->IStream_iface;
    return S_OK;
}
