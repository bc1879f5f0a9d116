/*
 * Image Mastering API v2: MsftStreamPrng001, a read-only stream of pseudo-random bytes.
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

struct stream_prng
{
    IStreamPseudoRandomBased IStreamPseudoRandomBased_iface;
    LONG refcount;

    ULONGLONG size;
    ULONGLONG position;
    ULONG seed;
};

static HRESULT stream_prng_new(ULONGLONG size, ULONGLONG position, ULONG seed,
        IStreamPseudoRandomBased **out);

/* Counter-based generator (a splitmix64 finaliser over seed and word index):
 * any position can be read directly, so seeking costs nothing. */
static ULONG prng_word(ULONG seed, ULONGLONG index)
{
    ULONGLONG x = ((ULONGLONG)seed << 32 | seed) ^ (index * 0x9e3779b97f4a7c15ull);

    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    x ^= x >> 31;
    return (ULONG)x;
}

static inline struct stream_prng *impl_from_IStreamPseudoRandomBased(
        IStreamPseudoRandomBased *iface)
{
    return CONTAINING_RECORD(iface, struct stream_prng, IStreamPseudoRandomBased_iface);
}

static HRESULT WINAPI stream_prng_QueryInterface(IStreamPseudoRandomBased *iface, REFIID riid,
        void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_ISequentialStream)
            || IsEqualGUID(riid, &IID_IStream)
            || IsEqualGUID(riid, &IID_IStreamPseudoRandomBased))
    {
        *out = iface;
        IStreamPseudoRandomBased_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI stream_prng_AddRef(IStreamPseudoRandomBased *iface)
{
    struct stream_prng *stream = impl_from_IStreamPseudoRandomBased(iface);
    ULONG refcount = InterlockedIncrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI stream_prng_Release(IStreamPseudoRandomBased *iface)
{
    struct stream_prng *stream = impl_from_IStreamPseudoRandomBased(iface);
    ULONG refcount = InterlockedDecrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        free(stream);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI stream_prng_Read(IStreamPseudoRandomBased *iface, void *data, ULONG size,
        ULONG *read)
{
    struct stream_prng *stream = impl_from_IStreamPseudoRandomBased(iface);
    BYTE *bytes = data;
    ULONG count = 0, i, word;

    TRACE("%p, %p, %lu, %p.\n", iface, data, size, read);

    if (!data) return STG_E_INVALIDPOINTER;

    if (stream->position < stream->size)
        count = min(size, stream->size - stream->position);
    for (i = 0; i < count; ++i)
    {
        ULONGLONG position = stream->position + i;

        word = prng_word(stream->seed, position / sizeof(word));
        bytes[i] = word >> (8 * (position % sizeof(word)));
    }
    stream->position += count;

    if (read) *read = count;
    return S_OK;
}

static HRESULT WINAPI stream_prng_Write(IStreamPseudoRandomBased *iface, const void *data,
        ULONG size, ULONG *written)
{
    TRACE("%p, %p, %lu, %p.\n", iface, data, size, written);

    if (written) *written = 0;
    return STG_E_ACCESSDENIED;
}

static HRESULT WINAPI stream_prng_Seek(IStreamPseudoRandomBased *iface, LARGE_INTEGER move,
        DWORD origin,
        ULARGE_INTEGER *new_position)
{
    struct stream_prng *stream = impl_from_IStreamPseudoRandomBased(iface);
    HRESULT hr;

    TRACE("%p, %s, %lu, %p.\n", iface, wine_dbgstr_longlong(move.QuadPart), origin, new_position);

    if (FAILED(hr = stream_seek_position(&stream->position, move, origin, stream->size)))
        return hr;
    if (new_position) new_position->QuadPart = stream->position;
    return S_OK;
}

static HRESULT WINAPI stream_prng_SetSize(IStreamPseudoRandomBased *iface, ULARGE_INTEGER size)
{
    struct stream_prng *stream = impl_from_IStreamPseudoRandomBased(iface);

    TRACE("%p, %s.\n", iface, wine_dbgstr_longlong(size.QuadPart));

    stream->size = size.QuadPart;
    return S_OK;
}

static HRESULT WINAPI stream_prng_CopyTo(IStreamPseudoRandomBased *iface, IStream *dest,
        ULARGE_INTEGER size,
        ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    TRACE("%p, %p, %s, %p, %p.\n", iface, dest, wine_dbgstr_longlong(size.QuadPart), read, written);

    return stream_copy_to((IStream *)iface, dest, size, read, written);
}

static HRESULT WINAPI stream_prng_Commit(IStreamPseudoRandomBased *iface, DWORD flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    /* Nothing is ever written, so there is nothing to commit. */
    return S_OK;
}

static HRESULT WINAPI stream_prng_Revert(IStreamPseudoRandomBased *iface)
{
    TRACE("%p.\n", iface);

    return S_OK;
}

static HRESULT WINAPI stream_prng_LockRegion(IStreamPseudoRandomBased *iface, ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_prng_UnlockRegion(IStreamPseudoRandomBased *iface,
        ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_prng_Stat(IStreamPseudoRandomBased *iface, STATSTG *stat, DWORD flags)
{
    struct stream_prng *stream = impl_from_IStreamPseudoRandomBased(iface);

    TRACE("%p, %p, %#lx.\n", iface, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    if (flags & ~(STATFLAG_NONAME | STATFLAG_NOOPEN)) return STG_E_INVALIDFLAG;

    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = stream->size;
    stat->grfMode = STGM_READ;
    return S_OK;
}

static HRESULT WINAPI stream_prng_Clone(IStreamPseudoRandomBased *iface, IStream **out)
{
    struct stream_prng *stream = impl_from_IStreamPseudoRandomBased(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return STG_E_INVALIDPOINTER;
    return stream_prng_new(stream->size, stream->position, stream->seed,
            (IStreamPseudoRandomBased **)out);
}

static HRESULT WINAPI stream_prng_put_Seed(IStreamPseudoRandomBased *iface, ULONG value)
{
    struct stream_prng *stream = impl_from_IStreamPseudoRandomBased(iface);

    TRACE("%p, %#lx.\n", iface, value);

    /* The documentation: setting the seed also seeks to the start. */
    stream->seed = value;
    stream->position = 0;
    return S_OK;
}

static HRESULT WINAPI stream_prng_get_Seed(IStreamPseudoRandomBased *iface, ULONG *value)
{
    struct stream_prng *stream = impl_from_IStreamPseudoRandomBased(iface);

    TRACE("%p, %p.\n", iface, value);

    if (!value) return E_POINTER;
    *value = stream->seed;
    return S_OK;
}

/* Microsoft documents both ExtendedSeed methods as not implemented. */
static HRESULT WINAPI stream_prng_put_ExtendedSeed(IStreamPseudoRandomBased *iface, ULONG *values,
        ULONG count)
{
    FIXME("%p, %p, %lu: stub\n", iface, values, count);

    return E_NOTIMPL;
}

static HRESULT WINAPI stream_prng_get_ExtendedSeed(IStreamPseudoRandomBased *iface, ULONG **values,
        ULONG *count)
{
    FIXME("%p, %p, %p: stub\n", iface, values, count);

    return E_NOTIMPL;
}

static const IStreamPseudoRandomBasedVtbl stream_prng_vtbl =
{
    stream_prng_QueryInterface,
    stream_prng_AddRef,
    stream_prng_Release,
    stream_prng_Read,
    stream_prng_Write,
    stream_prng_Seek,
    stream_prng_SetSize,
    stream_prng_CopyTo,
    stream_prng_Commit,
    stream_prng_Revert,
    stream_prng_LockRegion,
    stream_prng_UnlockRegion,
    stream_prng_Stat,
    stream_prng_Clone,
    stream_prng_put_Seed,
    stream_prng_get_Seed,
    stream_prng_put_ExtendedSeed,
    stream_prng_get_ExtendedSeed,
};

static HRESULT stream_prng_new(ULONGLONG size, ULONGLONG position, ULONG seed,
        IStreamPseudoRandomBased **out)
{
    struct stream_prng *stream;

    if (!(stream = calloc(1, sizeof(*stream))))
    {
        *out = NULL;
        return E_OUTOFMEMORY;
    }

    stream->IStreamPseudoRandomBased_iface.lpVtbl = &stream_prng_vtbl;
    stream->refcount = 1;
    lock_module();
    stream->size = size;
    stream->position = position;
    stream->seed = seed;

    *out = &stream->IStreamPseudoRandomBased_iface;
    return S_OK;
}

HRESULT stream_prng_create(REFIID riid, void **out)
{
    IStreamPseudoRandomBased *stream;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (FAILED(hr = stream_prng_new(0, 0, 0, &stream)))
        return hr;
    hr = IStreamPseudoRandomBased_QueryInterface(stream, riid, out);
    IStreamPseudoRandomBased_Release(stream);
    return hr;
}
