/*
 * Image Mastering API v2: MsftStreamInterleave, streams read in turns of fixed sizes.
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

/* The output is a run of phases: in each, every stream that still has data
 * gives the same chunk size once per cycle. A phase ends when a stream runs
 * out of full chunks; its last, shorter chunk makes a one-cycle phase. */
struct interleave_phase
{
    ULONGLONG start;
    ULONGLONG cycles;
    ULONGLONG cycle_size;
    ULONGLONG *stream_base;  /* where each stream is at the start of the phase */
    ULONG *chunk;            /* bytes each stream gives per cycle */
};

struct stream_interleave
{
    IStreamInterleave IStreamInterleave_iface;
    LONG refcount;

    IStream **streams;
    ULONG count;
    struct interleave_phase *phases;
    ULONG phase_count;
    void *tables;
    ULONGLONG size;
    ULONGLONG position;
};

static inline struct stream_interleave *impl_from_IStreamInterleave(IStreamInterleave *iface)
{
    return CONTAINING_RECORD(iface, struct stream_interleave, IStreamInterleave_iface);
}

static void locate(const struct stream_interleave *interleave, ULONGLONG position, ULONG *stream,
        ULONGLONG *offset_in_stream, ULONGLONG *size_in_chunk)
{
    const struct interleave_phase *phase = interleave->phases;
    ULONGLONG cycle, within;
    ULONG i;

    while (position >= phase->start + phase->cycles * phase->cycle_size)
        ++phase;

    cycle = (position - phase->start) / phase->cycle_size;
    within = (position - phase->start) % phase->cycle_size;
    for (i = 0; within >= phase->chunk[i]; ++i)
        within -= phase->chunk[i];

    *stream = i;
    *offset_in_stream = phase->stream_base[i] + cycle * phase->chunk[i] + within;
    *size_in_chunk = phase->chunk[i] - within;
}

static HRESULT build_phases(struct stream_interleave *interleave, const ULONGLONG *sizes,
        const ULONG *interleave_sizes)
{
    ULONG count = interleave->count, max_phases = 2 * count, i;
    ULONGLONG *remaining, *consumed, *bases, cycles, out = 0;
    struct interleave_phase *phase;
    ULONG *chunks;
    BOOL any;

    interleave->phases = calloc(max_phases, sizeof(*interleave->phases));
    interleave->tables = calloc(max_phases * count, sizeof(ULONGLONG) + sizeof(ULONG));
    remaining = calloc(2 * count, sizeof(*remaining));
    if (!interleave->phases || !interleave->tables || !remaining)
    {
        free(remaining);
        return E_OUTOFMEMORY;
    }
    consumed = remaining + count;
    bases = interleave->tables;
    chunks = (ULONG *)(bases + max_phases * count);
    memcpy(remaining, sizes, count * sizeof(*remaining));

    for (;;)
    {
        cycles = ~(ULONGLONG)0;
        any = FALSE;
        for (i = 0; i < count; ++i)
        {
            if (!remaining[i]) continue;
            any = TRUE;
            cycles = min(cycles, remaining[i] / interleave_sizes[i]);
        }
        if (!any) break;

        phase = &interleave->phases[interleave->phase_count];
        phase->stream_base = bases + interleave->phase_count * count;
        phase->chunk = chunks + interleave->phase_count * count;
        phase->start = out;
        phase->cycles = cycles ? cycles : 1;
        for (i = 0; i < count; ++i)
        {
            if (cycles)
                phase->chunk[i] = remaining[i] ? interleave_sizes[i] : 0;
            else
                phase->chunk[i] = min(remaining[i], interleave_sizes[i]);
            phase->stream_base[i] = consumed[i];
            phase->cycle_size += phase->chunk[i];
            consumed[i] += phase->cycles * phase->chunk[i];
            remaining[i] -= phase->cycles * phase->chunk[i];
        }
        out += phase->cycles * phase->cycle_size;
        ++interleave->phase_count;
    }

    interleave->size = out;
    free(remaining);
    return S_OK;
}

static HRESULT WINAPI stream_interleave_QueryInterface(IStreamInterleave *iface, REFIID riid,
        void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;

    if (IsEqualGUID(riid, &IID_IUnknown)
            || IsEqualGUID(riid, &IID_ISequentialStream)
            || IsEqualGUID(riid, &IID_IStream)
            || IsEqualGUID(riid, &IID_IStreamInterleave))
    {
        *out = iface;
        IStreamInterleave_AddRef(iface);
        return S_OK;
    }

    WARN("%s not supported.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI stream_interleave_AddRef(IStreamInterleave *iface)
{
    struct stream_interleave *interleave = impl_from_IStreamInterleave(iface);
    ULONG refcount = InterlockedIncrement(&interleave->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI stream_interleave_Release(IStreamInterleave *iface)
{
    struct stream_interleave *interleave = impl_from_IStreamInterleave(iface);
    ULONG refcount = InterlockedDecrement(&interleave->refcount);
    ULONG i;

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        for (i = 0; i < interleave->count; ++i)
            IStream_Release(interleave->streams[i]);
        free(interleave->streams);
        free(interleave->phases);
        free(interleave->tables);
        free(interleave);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI stream_interleave_Read(IStreamInterleave *iface, void *data, ULONG size,
        ULONG *read)
{
    struct stream_interleave *interleave = impl_from_IStreamInterleave(iface);
    ULONGLONG offset_in_stream, size_in_chunk;
    LARGE_INTEGER offset;
    HRESULT hr = S_OK;
    ULONG done = 0, chunk, got, stream;

    TRACE("%p, %p, %lu, %p.\n", iface, data, size, read);

    if (!data) return STG_E_INVALIDPOINTER;

    while (done < size && interleave->position < interleave->size)
    {
        locate(interleave, interleave->position, &stream, &offset_in_stream, &size_in_chunk);

        offset.QuadPart = offset_in_stream;
        chunk = min(size - done, size_in_chunk);
        if (FAILED(hr = IStream_Seek(interleave->streams[stream], offset, STREAM_SEEK_SET, NULL)))
            break;
        got = 0;
        hr = IStream_Read(interleave->streams[stream], (BYTE *)data + done, chunk, &got);
        if (FAILED(hr))
            break;
        done += got;
        interleave->position += got;
        if (got < chunk)
        {
            WARN("Stream %p is shorter than it said.\n", interleave->streams[stream]);
            break;
        }
    }

    if (read) *read = done;
    return FAILED(hr) ? hr : S_OK;
}

static HRESULT WINAPI stream_interleave_Write(IStreamInterleave *iface, const void *data,
        ULONG size, ULONG *written)
{
    TRACE("%p, %p, %lu, %p.\n", iface, data, size, written);

    if (written) *written = 0;
    return STG_E_ACCESSDENIED;
}

static HRESULT WINAPI stream_interleave_Seek(IStreamInterleave *iface, LARGE_INTEGER move,
        DWORD origin, ULARGE_INTEGER *new_position)
{
    struct stream_interleave *interleave = impl_from_IStreamInterleave(iface);
    HRESULT hr;

    TRACE("%p, %s, %lu, %p.\n", iface, wine_dbgstr_longlong(move.QuadPart), origin, new_position);

    if (FAILED(hr = stream_seek_position(&interleave->position, move, origin, interleave->size)))
        return hr;
    if (new_position) new_position->QuadPart = interleave->position;
    return S_OK;
}

static HRESULT WINAPI stream_interleave_SetSize(IStreamInterleave *iface, ULARGE_INTEGER size)
{
    FIXME("%p, %s: stub\n", iface, wine_dbgstr_longlong(size.QuadPart));

    return E_NOTIMPL;
}

static HRESULT WINAPI stream_interleave_CopyTo(IStreamInterleave *iface, IStream *dest,
        ULARGE_INTEGER size, ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    TRACE("%p, %p, %s, %p, %p.\n", iface, dest, wine_dbgstr_longlong(size.QuadPart), read, written);

    return stream_copy_to((IStream *)iface, dest, size, read, written);
}

static HRESULT WINAPI stream_interleave_Commit(IStreamInterleave *iface, DWORD flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    /* Nothing is ever written, so there is nothing to commit. */
    return S_OK;
}

static HRESULT WINAPI stream_interleave_Revert(IStreamInterleave *iface)
{
    TRACE("%p.\n", iface);

    return S_OK;
}

static HRESULT WINAPI stream_interleave_LockRegion(IStreamInterleave *iface, ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_interleave_UnlockRegion(IStreamInterleave *iface,
        ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI stream_interleave_Stat(IStreamInterleave *iface, STATSTG *stat, DWORD flags)
{
    struct stream_interleave *interleave = impl_from_IStreamInterleave(iface);

    TRACE("%p, %p, %#lx.\n", iface, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    if (flags & ~(STATFLAG_NONAME | STATFLAG_NOOPEN)) return STG_E_INVALIDFLAG;

    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = interleave->size;
    stat->grfMode = STGM_READ;
    return S_OK;
}

static HRESULT WINAPI stream_interleave_Clone(IStreamInterleave *iface, IStream **out)
{
    FIXME("%p, %p: stub\n", iface, out);

    return E_NOTIMPL;
}

static HRESULT WINAPI stream_interleave_Initialize(IStreamInterleave *iface, IStream **streams,
        ULONG *interleave_sizes, ULONG count)
{
    struct stream_interleave *interleave = impl_from_IStreamInterleave(iface);
    ULONGLONG *sizes;
    STATSTG stat;
    HRESULT hr;
    ULONG i;

    TRACE("%p, %p, %p, %lu.\n", iface, streams, interleave_sizes, count);

    if (!streams || !interleave_sizes) return E_POINTER;
    if (!count) return E_INVALIDARG;
    for (i = 0; i < count; ++i)
    {
        if (!streams[i]) return E_POINTER;
        if (!interleave_sizes[i]) return E_INVALIDARG;
    }
    if (interleave->streams) return E_UNEXPECTED;

    if (!(sizes = calloc(count, sizeof(*sizes))))
        return E_OUTOFMEMORY;
    for (i = 0; i < count; ++i)
    {
        if (FAILED(hr = IStream_Stat(streams[i], &stat, STATFLAG_NONAME)))
        {
            WARN("Failed to get the size of stream %p, hr %#lx.\n", streams[i], hr);
            goto done;
        }
        sizes[i] = stat.cbSize.QuadPart;
    }

    if (!(interleave->streams = calloc(count, sizeof(*interleave->streams))))
    {
        hr = E_OUTOFMEMORY;
        goto done;
    }
    interleave->count = count;
    if (FAILED(hr = build_phases(interleave, sizes, interleave_sizes)))
    {
        free(interleave->phases);
        free(interleave->tables);
        free(interleave->streams);
        interleave->phases = NULL;
        interleave->tables = NULL;
        interleave->streams = NULL;
        interleave->phase_count = interleave->count = 0;
        goto done;
    }

    for (i = 0; i < count; ++i)
    {
        interleave->streams[i] = streams[i];
        IStream_AddRef(streams[i]);
    }

done:
    free(sizes);
    return hr;
}

static const IStreamInterleaveVtbl stream_interleave_vtbl =
{
    stream_interleave_QueryInterface,
    stream_interleave_AddRef,
    stream_interleave_Release,
    stream_interleave_Read,
    stream_interleave_Write,
    stream_interleave_Seek,
    stream_interleave_SetSize,
    stream_interleave_CopyTo,
    stream_interleave_Commit,
    stream_interleave_Revert,
    stream_interleave_LockRegion,
    stream_interleave_UnlockRegion,
    stream_interleave_Stat,
    stream_interleave_Clone,
    stream_interleave_Initialize,
};

HRESULT stream_interleave_create(REFIID riid, void **out)
{
    struct stream_interleave *interleave;
    HRESULT hr;

    TRACE("%s, %p.\n", debugstr_guid(riid), out);

    if (!(interleave = calloc(1, sizeof(*interleave))))
        return E_OUTOFMEMORY;

    interleave->IStreamInterleave_iface.lpVtbl = &stream_interleave_vtbl;
    interleave->refcount = 1;
    lock_module();

    hr = IStreamInterleave_QueryInterface(&interleave->IStreamInterleave_iface, riid, out);
    IStreamInterleave_Release(&interleave->IStreamInterleave_iface);
    return hr;
}
