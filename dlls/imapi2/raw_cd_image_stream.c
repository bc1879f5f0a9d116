/*
 * Image Mastering API v2: the raw disc image MsftRawCDImageCreator creates.
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

/* The image is computed sector by sector as it is read: the main channel from the tracks'
 * streams (silence elsewhere), the P and Q sub-channels from the layout (doc/raw-cd.md), the
 * R-W sub-channel from the generator stream when there is one. */
struct raw_cd_image_stream
{
    IStream IStream_iface;
    LONG refcount;

    struct raw_cd_layout *layout;
    ULONG sector_size;
    ULONGLONG size;
    ULONGLONG position;
    LONG cached;                /* index of the sector in buffer, -1 when none */
    BYTE buffer[RAW_CD_SECTOR_SIZE + 96];
};

static HRESULT raw_cd_image_stream_new(struct raw_cd_layout *layout, ULONGLONG position,
        IStream **out);

static inline struct raw_cd_image_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct raw_cd_image_stream, IStream_iface);
}

static BYTE bcd(unsigned int value)
{
    return ((value / 10) << 4) | (value % 10);
}

/* A count of frames as BCD minutes, seconds and frames. */
static void frames_to_msf(LONG frames, BYTE *msf)
{
    msf[0] = bcd(frames / (60 * 75));
    msf[1] = bcd(frames / 75 % 60);
    msf[2] = bcd(frames % 75);
}

/* The Q sub-channel's CRC: CRC-16 with the polynomial x^16 + x^12 + x^5 + 1 over the 80 bits of
 * control, address and data, stored inverted, most significant byte first. */
static void q_set_crc(BYTE *q)
{
    unsigned short crc = 0;
    unsigned int i, bit;

    for (i = 0; i < 10; i++)
    {
        crc ^= q[i] << 8;
        for (bit = 0; bit < 8; bit++)
            crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    }
    crc = ~crc;
    q[10] = crc >> 8;
    q[11] = crc;
}

static BYTE track_control(const struct raw_cd_track *track, LONG lba)
{
    BYTE control = 0;

    /* audio, two channels: bit 1 digital copy permitted, bit 0 pre-emphasis; SCMS alternates
     * the copy bit (copy once) */
    if (track->copy == IMAPI_CD_TRACK_DIGITAL_COPY_PERMITTED
            || (track->copy == IMAPI_CD_TRACK_DIGITAL_COPY_SCMS && ((lba + 150) / 4) & 1))
        control |= 0x2;
    if (track->preemphasis) control |= 0x1;
    return control;
}

static const struct raw_cd_track *track_at(const struct raw_cd_layout *layout, LONG lba)
{
    LONG i;

    for (i = layout->track_count - 1; i > 0; i--)
        if (lba >= layout->tracks[i].start - layout->tracks[i].pregap) break;
    return &layout->tracks[i];
}

static unsigned int char6(WCHAR c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 0x11 : c - '0';
}

/* The 12 bytes of Q (with CRC) and the P flag of the sector at lba. */
static BOOL sector_subchannel(const struct raw_cd_layout *layout, LONG lba, BYTE *q)
{
    const struct raw_cd_track *track, *first = &layout->tracks[0];
    const struct raw_cd_track *last = &layout->tracks[layout->track_count - 1];
    BOOL p = FALSE;
    LONG i, n;

    memset(q, 0, 12);
    if (lba < -RAW_CD_PREGAP_SECTORS)
    {
        /* lead-in: the TOC, every entry three times in a row: the tracks, A0, A1, A2 */
        LONG frame = lba - RAW_CD_IMAGE_FIRST_LBA;

        n = (frame / 3) % (layout->track_count + 3);
        frames_to_msf(frame, q + 3);
        if (n < layout->track_count)
        {
            track = &layout->tracks[n];
            q[0] = track_control(track, track->start) << 4 | 1;
            q[2] = bcd(track->number);
            frames_to_msf(track->start + 150, q + 7);
        }
        else if (n == layout->track_count)
        {
            q[0] = track_control(first, first->start) << 4 | 1;
            q[2] = 0xa0;
            q[7] = bcd(first->number);      /* PSEC 00: CD-DA or CD-ROM */
        }
        else if (n == layout->track_count + 1)
        {
            q[0] = track_control(last, last->start) << 4 | 1;
            q[2] = 0xa1;
            q[7] = bcd(last->number);
        }
        else
        {
            q[0] = track_control(last, last->start) << 4 | 1;
            q[2] = 0xa2;
            frames_to_msf(layout->leadout + 150, q + 7);
        }
    }
    else if (lba >= layout->leadout)
    {
        /* lead-out: track AA, P alternating at 2 Hz */
        q[0] = track_control(last, lba) << 4 | 1;
        q[1] = 0xaa;
        q[2] = 0x01;
        frames_to_msf(lba - layout->leadout, q + 3);
        frames_to_msf(lba + 150, q + 7);
        p = !(((lba - layout->leadout) * 4 / 75) & 1);
    }
    else
    {
        track = track_at(layout, lba);
        q[0] = track_control(track, lba) << 4 | 1;
        q[1] = bcd(track->number);
        if (lba < track->start)
        {
            /* the pre-gap, index 0: the relative time counts down to the track's start */
            q[2] = 0;
            frames_to_msf(track->start - lba, q + 3);
            p = TRUE;
        }
        else
        {
            for (i = 0; i < track->index_count && track->indexes[i] <= lba - track->start; i++)
                ;
            q[2] = bcd(i);
            frames_to_msf(lba - track->start, q + 3);
        }
        frames_to_msf(lba + 150, q + 7);

        if (layout->mcn[0] && !((lba + 150) % 100))
        {
            /* mode 2: the media catalog number, 13 BCD digits */
            q[0] = (q[0] & 0xf0) | 2;
            memset(q + 1, 0, 8);
            for (i = 0; i < 13; i++)
                q[1 + i / 2] |= (layout->mcn[i] - '0') << (i & 1 ? 0 : 4);
            q[9] = bcd((lba + 150) % 75);
        }
        else if (track->isrc[0] && lba >= track->start && (lba + 150) % 100 == 50)
        {
            /* mode 3: the ISRC, five 6-bit characters then seven BCD digits */
            unsigned int bits = 0;

            q[0] = (q[0] & 0xf0) | 3;
            memset(q + 1, 0, 8);
            for (i = 0; i < 5; i++)
                bits = bits << 6 | char6(track->isrc[i]);
            bits <<= 2;
            q[1] = bits >> 24;
            q[2] = bits >> 16;
            q[3] = bits >> 8;
            q[4] = bits;
            for (i = 0; i < 7; i++)
                q[5 + i / 2] |= (track->isrc[5 + i] - '0') << (i & 1 ? 0 : 4);
            q[9] = bcd((lba + 150) % 75);
        }
    }
    q_set_crc(q);
    return p;
}

static HRESULT read_at(IStream *stream, ULONGLONG offset, BYTE *data, ULONG size)
{
    LARGE_INTEGER move;
    ULONG read;
    HRESULT hr;

    move.QuadPart = offset;
    if (FAILED(hr = IStream_Seek(stream, move, STREAM_SEEK_SET, NULL)))
        return hr;
    while (size)
    {
        if (FAILED(hr = IStream_Read(stream, data, size, &read)))
            return hr;
        if (!read) return E_FAIL;
        data += read;
        size -= read;
    }
    return S_OK;
}

static HRESULT build_sector(struct raw_cd_image_stream *stream, LONG sector)
{
    struct raw_cd_layout *layout = stream->layout;
    LONG lba = RAW_CD_IMAGE_FIRST_LBA + sector;
    BYTE *sub = stream->buffer + RAW_CD_SECTOR_SIZE, q[12], rw[96];
    const struct raw_cd_track *track;
    HRESULT hr = S_OK;
    unsigned int i;
    BOOL p;

    memset(stream->buffer, 0, sizeof(stream->buffer));
    memset(rw, 0, sizeof(rw));

    EnterCriticalSection(&layout->cs);
    if (lba >= 0 && lba < layout->leadout)
    {
        track = track_at(layout, lba);
        if (lba >= track->start)
            hr = read_at(track->data, (ULONGLONG)(lba - track->start) * RAW_CD_SECTOR_SIZE,
                    stream->buffer, RAW_CD_SECTOR_SIZE);
    }
    else if (lba >= -RAW_CD_PREGAP_SECTORS && lba < 0 && layout->special_pregap)
        hr = read_at(layout->special_pregap,
                (ULONGLONG)(lba + RAW_CD_PREGAP_SECTORS) * RAW_CD_SECTOR_SIZE,
                stream->buffer, RAW_CD_SECTOR_SIZE);
    if (SUCCEEDED(hr) && layout->subcode)
        hr = read_at(layout->subcode, (ULONGLONG)sector * 96, rw, sizeof(rw));
    LeaveCriticalSection(&layout->cs);
    if (FAILED(hr))
    {
        WARN("Failed to read the data of LBA %ld, hr %#lx.\n", lba, hr);
        return hr;
    }

    p = sector_subchannel(layout, lba, q);
    switch (layout->type)
    {
    case IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY:
        /* 16 bytes: Q with its CRC, three zero bytes, P in bit 7 of the last */
        memcpy(sub, q, 12);
        sub[15] = p ? 0x80 : 0;
        break;
    case IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED:
        /* 96 bytes of R-W in packs: P and Q come from the recorder */
        memcpy(sub, rw, 96);
        break;
    case IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW:
        /* 96 bytes, one bit of each channel P (bit 7) to W (bit 0) per byte */
        for (i = 0; i < 96; i++)
            sub[i] = (p ? 0x80 : 0) | ((q[i / 8] >> (7 - i % 8)) & 1) << 6 | (rw[i] & 0x3f);
        break;
    }
    stream->cached = sector;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_stream_QueryInterface(IStream *iface, REFIID riid, void **out)
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

static ULONG WINAPI raw_cd_image_stream_AddRef(IStream *iface)
{
    struct raw_cd_image_stream *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedIncrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);
    return refcount;
}

static ULONG WINAPI raw_cd_image_stream_Release(IStream *iface)
{
    struct raw_cd_image_stream *stream = impl_from_IStream(iface);
    ULONG refcount = InterlockedDecrement(&stream->refcount);

    TRACE("%p, refcount %lu.\n", iface, refcount);

    if (!refcount)
    {
        raw_cd_layout_release(stream->layout);
        free(stream);
        unlock_module();
    }
    return refcount;
}

static HRESULT WINAPI raw_cd_image_stream_Read(IStream *iface, void *data, ULONG size, ULONG *read)
{
    struct raw_cd_image_stream *stream = impl_from_IStream(iface);
    ULONG count = 0, chunk, offset;
    HRESULT hr = S_OK;
    LONG sector;

    TRACE("%p, %p, %lu, %p.\n", iface, data, size, read);

    if (!data) return STG_E_INVALIDPOINTER;

    while (count < size && stream->position < stream->size)
    {
        sector = stream->position / stream->sector_size;
        offset = stream->position % stream->sector_size;
        if (sector != stream->cached && FAILED(hr = build_sector(stream, sector)))
            break;
        chunk = min(size - count, stream->sector_size - offset);
        memcpy((BYTE *)data + count, stream->buffer + offset, chunk);
        count += chunk;
        stream->position += chunk;
    }

    if (read) *read = count;
    return count ? S_OK : hr;
}

static HRESULT WINAPI raw_cd_image_stream_Write(IStream *iface, const void *data, ULONG size,
        ULONG *written)
{
    TRACE("%p, %p, %lu, %p.\n", iface, data, size, written);

    if (written) *written = 0;
    return STG_E_ACCESSDENIED;
}

static HRESULT WINAPI raw_cd_image_stream_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin,
        ULARGE_INTEGER *new_position)
{
    struct raw_cd_image_stream *stream = impl_from_IStream(iface);
    HRESULT hr;

    TRACE("%p, %s, %lu, %p.\n", iface, wine_dbgstr_longlong(move.QuadPart), origin, new_position);

    if (FAILED(hr = stream_seek_position(&stream->position, move, origin, stream->size)))
        return hr;
    if (new_position) new_position->QuadPart = stream->position;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    TRACE("%p, %s.\n", iface, wine_dbgstr_longlong(size.QuadPart));

    return STG_E_ACCESSDENIED;
}

static HRESULT WINAPI raw_cd_image_stream_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size,
        ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    TRACE("%p, %p, %s, %p, %p.\n", iface, dest, wine_dbgstr_longlong(size.QuadPart), read, written);

    return stream_copy_to(iface, dest, size, read, written);
}

static HRESULT WINAPI raw_cd_image_stream_Commit(IStream *iface, DWORD flags)
{
    TRACE("%p, %#lx.\n", iface, flags);

    return S_OK;
}

static HRESULT WINAPI raw_cd_image_stream_Revert(IStream *iface)
{
    TRACE("%p.\n", iface);

    return S_OK;
}

static HRESULT WINAPI raw_cd_image_stream_LockRegion(IStream *iface, ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI raw_cd_image_stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset,
        ULARGE_INTEGER size, DWORD type)
{
    TRACE("%p, %s, %s, %#lx.\n", iface, wine_dbgstr_longlong(offset.QuadPart),
            wine_dbgstr_longlong(size.QuadPart), type);

    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI raw_cd_image_stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct raw_cd_image_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %p, %#lx.\n", iface, stat, flags);

    if (!stat) return STG_E_INVALIDPOINTER;
    if (flags & ~(STATFLAG_NONAME | STATFLAG_NOOPEN)) return STG_E_INVALIDFLAG;

    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = stream->size;
    stat->grfMode = STGM_READ;
    return S_OK;
}

static HRESULT WINAPI raw_cd_image_stream_Clone(IStream *iface, IStream **out)
{
    struct raw_cd_image_stream *stream = impl_from_IStream(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return STG_E_INVALIDPOINTER;
    return raw_cd_image_stream_new(stream->layout, stream->position, out);
}

static const IStreamVtbl raw_cd_image_stream_vtbl =
{
    raw_cd_image_stream_QueryInterface,
    raw_cd_image_stream_AddRef,
    raw_cd_image_stream_Release,
    raw_cd_image_stream_Read,
    raw_cd_image_stream_Write,
    raw_cd_image_stream_Seek,
    raw_cd_image_stream_SetSize,
    raw_cd_image_stream_CopyTo,
    raw_cd_image_stream_Commit,
    raw_cd_image_stream_Revert,
    raw_cd_image_stream_LockRegion,
    raw_cd_image_stream_UnlockRegion,
    raw_cd_image_stream_Stat,
    raw_cd_image_stream_Clone,
};

static HRESULT raw_cd_image_stream_new(struct raw_cd_layout *layout, ULONGLONG position,
        IStream **out)
{
    struct raw_cd_image_stream *stream;

    if (!(stream = calloc(1, sizeof(*stream))))
    {
        *out = NULL;
        return E_OUTOFMEMORY;
    }

    stream->IStream_iface.lpVtbl = &raw_cd_image_stream_vtbl;
    stream->refcount = 1;
    lock_module();
    InterlockedIncrement(&layout->refcount);
    stream->layout = layout;
    stream->sector_size = raw_cd_image_sector_size(layout->type);
    stream->size = (ULONGLONG)raw_cd_layout_sector_count(layout) * stream->sector_size;
    stream->position = position;
    stream->cached = -1;

    *out = &stream->IStream_iface;
    return S_OK;
}

/* The layout behind one of our images, with a reference; NULL for another stream. */
struct raw_cd_layout *raw_cd_image_stream_layout(IStream *iface)
{
    struct raw_cd_image_stream *stream;

    if (iface->lpVtbl != &raw_cd_image_stream_vtbl) return NULL;
    stream = impl_from_IStream(iface);
    InterlockedIncrement(&stream->layout->refcount);
    return stream->layout;
}

HRESULT raw_cd_image_stream_create(struct raw_cd_layout *layout, IStream **out)
{
    TRACE("%p, %p.\n", layout, out);

    return raw_cd_image_stream_new(layout, 0, out);
}
