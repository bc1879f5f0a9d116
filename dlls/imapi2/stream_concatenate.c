/*
 * Image Mastering API v2: MsftStreamConcatenate, streams read one after the other.
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

#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(imapi2);

struct stream_part
{
    IStream *stream;
    ULONGLONG start;
    ULONGLONG size;
};

struct stream_concatenate
{
    IStreamConcatenate IStreamConcatenate_iface;
    LONG refcount;

    struct stream_part *parts;
    ULONG count;
    ULONG capacity;
    ULONGLONG size;
    ULONGLONG position;
};

static inline struct stream_concatenate *impl_from_IStreamConcatenate(IStreamConcatenate *iface)
{
    return CONTAINING_RECORD(iface, struct stream_concatenate, IStreamConcatenate_iface);
}

static HRESULT add_streams(struct stream_concatenate *concat, IStream **streams, ULONG count)
{
    struct stream_part *parts;
    ULONGLONG size = concat->size;
    STATSTG stat;
    HRESULT hr;
    ULONG i;

    for (i = 0; i < count; ++i)
    {
        if (!streams[i]) return E_POINTER;
    }

    if (concat->count + count > concat->capacity)
    {
        ULONG capacity = max(concat->capacity * 2, concat->count + count);

        if (!(parts = realloc(concat->parts, capacity * sizeof(*parts))))
            return E_OUTOFMEMORY;
        concat->parts = parts;
        concat->capacity = capacity;
    }

    /* Sizes first, so that a failure leaves the object unchanged. */
    parts = concat->parts + concat->count;
    for (i = 0; i < count; ++i)
    {
        if (FAILED(hr = IStream_Stat(streams[i], &stat, STATFLAG_NONAME)))
        {
            WARN("Failed to get the size of stream %p, hr %#lx.\n", streams[i], hr);
            return hr;
        }
        parts[i].start = size;
        parts[i].size = stat.cbSize.QuadPart;
        size += stat.cbSize.QuadPart;
    }

    for (i = 0; i < count; ++i)
    {
        parts[i].stream = streams[i];
        IStream_AddRef(streams[i]);
    }
    concat->count += count;
    concat->size = size;
    return S_OK;
}

static HRESULT WINAPI stream_concatenate_QueryInterface(IStreamConcatenate *iface, REFIID riid,
        void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_ISequentialStream)
            || IsEqualGUID(riid, &IID_IStream)
            || IsEqualGUID(riid, &IID_IStreamConcatenate))
    {
        *out = iface;
        IStreamConcatenate_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI stream_concatenate_AddRef(IStreamConcatenate *iface)
{
    struct stream_concatenate *concat = impl_from_IStreamConcatenate(iface);
    ULONG refcount = InterlockedIncrement(&concat->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI stream_concatenate_Release(IStreamConcatenate *iface)
{
    struct stream_concatenate *concat = impl_from_IStreamConcatenate(iface);
    ULONG refcount = InterlockedDecrement(&concat->refcount);
    ULONG i;

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        for (i = 0; i < concat->count; ++i)
            IStream_Release(concat->parts[i].stream);
        free(concat->parts);
        free(concat);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI stream_concatenate_Read(IStreamConcatenate *iface, void *data, ULONG size,
        ULONG *read)
{
    struct stream_concatenate *concat = impl_from_IStreamConcatenate(iface);
    ULONG done = 0, chunk, got;
    struct stream_part *part;
    LARGE_INTEGER offset;
    HRESULT hr = S_OK;
    ULONG i = 0;

    TRACE("%p, %p, %lu, %p.\n", iface, data, size, read);

    if (!data) return STG_E_INVALIDPOINTER;

    while (done < size && concat->position < concat->size)
    {
        while (concat->position >= concat->parts[i].start + concat->parts[i].size)
            ++i;
        part = &concat->parts[i];

        offset.QuadPart = concat->position - part->start;
        chunk = min(size - done, part->start + part->size - concat->position);
        if (FAILED(hr = IStream_Seek(part->stream, offset, STREAM_SEEK_SET, NULL)))
            break;
        got = 0;
        if (FAILED(hr = IStream_Read(part->stream, (BYTE *)data + done, chunk, &got)))
            break;
        done += got;
        concat->position += got;
        if (got < chunk)
        {
            WARN("Stream %p is shorter than it said.\n", part->stream);
            break;
        }
    }

    if (read) *read = done;
    return FAILED(hr) ? hr : S_OK;
}

static HRESULT WINAPI stream_concatenate_Write(IStreamConcatenate *iface, const void *data,
        ULONG size, ULONG *written)
{
    TRACE("%p, %p, %lu, %p.\n", iface, data, size, written);

    if (written) *written = 0;
    return STG_E_ACCESSDENIED;
}

static HRESULT WINAPI stream_concatenate_Seek(IStreamConcatenate *iface, LARGE_INTEGER move,
        DWORD origin, ULARGE_INTEGER *new_position)
{
    struct stream_concatenate *concat = impl_from_IStreamConcatenate(iface);
    HRESULT hr;

    TRACE("%p, %s, %lu, %p.\n", iface, wine_dbgstr_longlong(move.QuadPart), origin, new_position);

    if (FAILED(hr = stream_seek_position(&concat->position, move, origin, concat->size)))
        return hr;
    if (new_position) new_position->QuadPart = concat->position;
    return S_OK;
}

static HRESULT WINAPI stream_concatenate_SetSize(IStreamConcatenate *iface, ULARGE_INTEGER size)
{
    FIXME("%p, %s: stub\n", iface, wine_dbgstr_longlong(size.QuadPart));

    return E_NOTIMPL;
}

static HRESULT WINAPI stream_concatenate_CopyTo(IStreamConcatenate *iface, IStream *dest,
        ULARGE_INTEGER size, ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    TRACE("%p, %p, %s, %p, %p.\n", iface, dest, wine_dbgstr_longlong(size.QuadPart), read, written);

    return stream_copy_to((IStream *)iface, dest, size, read, written);
}

static HRESULT WINAPI stream_concatenate_Commit(IStreamConcatenate *iface, DWORD flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    /* Nothing is ever written, so there is nothing to commit. */
    return S_OK;
}

static HRESULT WINAPI stream_concatenate_Revert(IStreamConcatenate *iface)
{
    TRACE("%p.\n", iface);

    return S_OK;
}

static HRESULT WINAPI stream_concatenate_LockRegion(IStreamConcatenate *iface,
        ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_concatenate_UnlockRegion(IStreamConcatenate *iface,
        ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_concatenate_Stat(IStreamConcatenate *iface, STATSTG *stat, DWORD flags)
{
    struct stream_concatenate *concat = impl_from_IStreamConcatenate(iface);

    TRACE("%p, %p, %#lx.\n", iface, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    if (flags & ~(STATFLAG_NONAME | STATFLAG_NOOPEN)) return STG_E_INVALIDFLAG;

    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = concat->size;
    stat->grfMode = STGM_READ;
    return S_OK;
}

static HRESULT WINAPI stream_concatenate_Clone(IStreamConcatenate *iface, IStream **out)
{
    FIXME("%p, %p: stub\n", iface, out);

    return E_NOTIMPL;
}

static HRESULT WINAPI stream_concatenate_Initialize(IStreamConcatenate *iface, IStream *stream1,
        IStream *stream2)
{
    struct stream_concatenate *concat = impl_from_IStreamConcatenate(iface);
    IStream *streams[2] = { stream1, stream2 };

    TRACE("%p, %p, %p.\n", iface, stream1, stream2);

    if (concat->count) return E_UNEXPECTED;
    return add_streams(concat, streams, ARRAY_SIZE(streams));
}

static HRESULT WINAPI stream_concatenate_Initialize2(IStreamConcatenate *iface, IStream **streams,
        ULONG count)
{
    struct stream_concatenate *concat = impl_from_IStreamConcatenate(iface);

    TRACE("%p, %p, %lu.\n", iface, streams, count);

    if (!streams) return E_POINTER;
    if (!count) return E_INVALIDARG;
    if (concat->count) return E_UNEXPECTED;
    return add_streams(concat, streams, count);
}

static HRESULT WINAPI stream_concatenate_Append(IStreamConcatenate *iface, IStream *stream)
{
    struct stream_concatenate *concat = impl_from_IStreamConcatenate(iface);

    TRACE("%p, %p.\n", iface, stream);

    /* The documentation: Initialize or Initialize2 must come first. */
    if (!concat->count) return E_UNEXPECTED;
    return add_streams(concat, &stream, 1);
}

static HRESULT WINAPI stream_concatenate_Append2(IStreamConcatenate *iface, IStream **streams,
        ULONG count)
{
    struct stream_concatenate *concat = impl_from_IStreamConcatenate(iface);

    TRACE("%p, %p, %lu.\n", iface, streams, count);

    if (!streams) return E_POINTER;
    if (!count) return E_INVALIDARG;
    if (!concat->count) return E_UNEXPECTED;
    return add_streams(concat, streams, count);
}

static const IStreamConcatenateVtbl stream_concatenate_vtbl =
{
    stream_concatenate_QueryInterface,
    stream_concatenate_AddRef,
    stream_concatenate_Release,
    stream_concatenate_Read,
    stream_concatenate_Write,
    stream_concatenate_Seek,
    stream_concatenate_SetSize,
    stream_concatenate_CopyTo,
    stream_concatenate_Commit,
    stream_concatenate_Revert,
    stream_concatenate_LockRegion,
    stream_concatenate_UnlockRegion,
    stream_concatenate_Stat,
    stream_concatenate_Clone,
    stream_concatenate_Initialize,
    stream_concatenate_Initialize2,
    stream_concatenate_Append,
    stream_concatenate_Append2,
};

HRESULT stream_concatenate_create(REFIID riid, void **out)
{
    struct stream_concatenate *concat;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(concat = calloc(1, sizeof(*concat))))
        return E_OUTOFMEMORY;

    concat->IStreamConcatenate_iface.lpVtbl = &stream_concatenate_vtbl;
    concat->refcount = 1;
    lock_module();

    hr = IStreamConcatenate_QueryInterface(&concat->IStreamConcatenate_iface, riid, out);
    IStreamConcatenate_Release(&concat->IStreamConcatenate_iface);
    return hr;
}
