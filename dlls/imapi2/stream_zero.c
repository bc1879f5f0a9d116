/*
 * Image Mastering API v2: MsftStreamZero, a read-only stream of zeros.
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

struct stream_zero
{
    IStream IStream_iface;
    LONG refcount;

    ULONGLONG size;
    ULONGLONG position;
};

static HRESULT stream_zero_new(ULONGLONG size, ULONGLONG position, IStream **out);

static inline struct stream_zero *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct stream_zero, IStream_iface);
}

static HRESULT WINAPI stream_zero_QueryInterface(IStream *iface, REFIID riid, void **out)
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

static ULONG WINAPI stream_zero_AddRef(IStream *iface)
{
    struct stream_zero *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedIncrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI stream_zero_Release(IStream *iface)
{
    struct stream_zero *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedDecrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        free(stream);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI stream_zero_Read(IStream *iface, void *data, ULONG size, ULONG *read)
{
    struct stream_zero *stream = impl_from_IStream(iface);
    ULONG count = 0;

    TRACE("%p, %p, %lu, %p.\n", iface, data, size, read);

    if (!data) return STG_E_INVALIDPOINTER;

    if (stream->position < stream->size)
        count = min(size, stream->size - stream->position);
    memset(data, 0, count);
    stream->position += count;

    if (read) *read = count;
    return S_OK;
}

static HRESULT WINAPI stream_zero_Write(IStream *iface, const void *data, ULONG size,
        ULONG *written)
{
    TRACE("%p, %p, %lu, %p.\n", iface, data, size, written);

    if (written) *written = 0;
    return STG_E_ACCESSDENIED;
}

static HRESULT WINAPI stream_zero_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin,
        ULARGE_INTEGER *new_position)
{
    struct stream_zero *stream = impl_from_IStream(iface);
    HRESULT hr;

    TRACE("%p, %s, %lu, %p.\n", iface, wine_dbgstr_longlong(move.QuadPart), origin, new_position);

    if (FAILED(hr = stream_seek_position(&stream->position, move, origin, stream->size)))
        return hr;
    if (new_position) new_position->QuadPart = stream->position;
    return S_OK;
}

static HRESULT WINAPI stream_zero_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    struct stream_zero *stream = impl_from_IStream(iface);

    TRACE("%p, %s.\n", iface, wine_dbgstr_longlong(size.QuadPart));

    stream->size = size.QuadPart;
    return S_OK;
}

static HRESULT WINAPI stream_zero_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size,
        ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    TRACE("%p, %p, %s, %p, %p.\n", iface, dest, wine_dbgstr_longlong(size.QuadPart), read, written);

    return stream_copy_to(iface, dest, size, read, written);
}

static HRESULT WINAPI stream_zero_Commit(IStream *iface, DWORD flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    /* Nothing is ever written, so there is nothing to commit. */
    return S_OK;
}

static HRESULT WINAPI stream_zero_Revert(IStream *iface)
{
    TRACE("%p.\n", iface);

    return S_OK;
}

static HRESULT WINAPI stream_zero_LockRegion(IStream *iface, ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_zero_UnlockRegion(IStream *iface, ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_zero_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct stream_zero *stream = impl_from_IStream(iface);

    TRACE("%p, %p, %#lx.\n", iface, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    if (flags & ~(STATFLAG_NONAME | STATFLAG_NOOPEN)) return STG_E_INVALIDFLAG;

    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = stream->size;
    stat->grfMode = STGM_READ;
    return S_OK;
}

static HRESULT WINAPI stream_zero_Clone(IStream *iface, IStream **out)
{
    struct stream_zero *stream = impl_from_IStream(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return STG_E_INVALIDPOINTER;
    return stream_zero_new(stream->size, stream->position, out);
}

static const IStreamVtbl stream_zero_vtbl =
{
    stream_zero_QueryInterface,
    stream_zero_AddRef,
    stream_zero_Release,
    stream_zero_Read,
    stream_zero_Write,
    stream_zero_Seek,
    stream_zero_SetSize,
    stream_zero_CopyTo,
    stream_zero_Commit,
    stream_zero_Revert,
    stream_zero_LockRegion,
    stream_zero_UnlockRegion,
    stream_zero_Stat,
    stream_zero_Clone,
};

static HRESULT stream_zero_new(ULONGLONG size, ULONGLONG position, IStream **out)
{
    struct stream_zero *stream;

    if (!(stream = calloc(1, sizeof(*stream))))
    {
        *out = NULL;
        return E_OUTOFMEMORY;
    }

    stream->IStream_iface.lpVtbl = &stream_zero_vtbl;
    stream->refcount = 1;
    lock_module();
    stream->size = size;
    stream->position = position;

    *out = &stream->IStream_iface;
    return S_OK;
}

HRESULT stream_zero_create(REFIID riid, void **out)
{
    IStream *stream;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (FAILED(hr = stream_zero_new(0, 0, &stream)))
        return hr;
    hr = IStream_QueryInterface(stream, riid, out);
    IStream_Release(stream);
    return hr;
}
