/*
 * Tests of MsftRawCDImageCreator and the raw disc images it creates
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

#include <stdarg.h>

#define COBJMACROS

#include "windef.h"
#include "winbase.h"
#include "winreg.h"
#include "winerror.h"
#include "objbase.h"
#include "oleauto.h"
#include "olectl.h"
#include "ocidl.h"

#include "imapi2.h"
#include "imapi2error.h"

#include "wine/test.h"
#include "virtual_recorder.h"

#define SECTOR 2352
#define FIRST_LBA (-22650)      /* MSF 95:00:00, where the image starts */
#define LEADOUT_SECTORS 6750

/* Audio whose every sector says where it comes from: track, sector, byte. */
static BYTE pcm_byte(unsigned int track, unsigned int sector, unsigned int i)
{
    return (BYTE)(track * 61 + sector * 7 + i * 13 + (i >> 8));
}

static IStream *create_pcm_stream(unsigned int track, unsigned int sectors, unsigned int extra)
{
    LARGE_INTEGER zero = {{0}};
    BYTE buffer[SECTOR];
    IStream *stream;
    unsigned int s, i;
    HRESULT hr;

    hr = CreateStreamOnHGlobal(NULL, TRUE, &stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    for (s = 0; s < sectors; s++)
    {
        for (i = 0; i < SECTOR; i++) buffer[i] = pcm_byte(track, s, i);
        hr = IStream_Write(stream, buffer, SECTOR, NULL);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    }
    if (extra)
    {
        hr = IStream_Write(stream, buffer, extra, NULL);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    }
    hr = IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return stream;
}

static IRawCDImageCreator *create_creator(void)
{
    IRawCDImageCreator *creator = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftRawCDImageCreator, NULL, CLSCTX_INPROC_SERVER,
            &IID_IRawCDImageCreator, (void **)&creator);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return creator;
}

/* CRC-16 (x^16 + x^12 + x^5 + 1), inverted: what the Q sub-channel carries. */
static unsigned short q_crc(const BYTE *q)
{
    unsigned short crc = 0;
    unsigned int i, bit;

    for (i = 0; i < 10; i++)
    {
        crc ^= q[i] << 8;
        for (bit = 0; bit < 8; bit++)
            crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    }
    return ~crc;
}

static unsigned int from_bcd(BYTE value)
{
    return (value >> 4) * 10 + (value & 0xf);
}

static LONG msf_frames(const BYTE *msf)
{
    return (from_bcd(msf[0]) * 60 + from_bcd(msf[1])) * 75 + from_bcd(msf[2]);
}

static LONG get_long(IRawCDImageTrackInfo *info, HRESULT (STDMETHODCALLTYPE *get)(IRawCDImageTrackInfo *, LONG *))
{
    LONG value = -12345;
    HRESULT hr;

    hr = get(info, &value);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return value;
}

static void check_track(IRawCDImageCreator *creator, LONG index, LONG start, LONG count)
{
    IRawCDImageTrackInfo *info = NULL;
    HRESULT hr;

    hr = IRawCDImageCreator_get_TrackInfo(creator, index, &info);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (!info) return;
    ok(get_long(info, info->lpVtbl->get_StartingLba) == start, "Track %ld: unexpected start.\n", index);
    ok(get_long(info, info->lpVtbl->get_SectorCount) == count, "Track %ld: unexpected count.\n", index);
    ok(get_long(info, info->lpVtbl->get_TrackNumber) == index, "Track %ld: unexpected number.\n", index);
    IRawCDImageTrackInfo_Release(info);
}

static void test_properties(void)
{
    IRawCDImageTrackInfo *info;
    IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type;
    IRawCDImageCreator *creator;
    IStream *tracks[3], *bad;
    VARIANT_BOOL gapless;
    SAFEARRAY *array;
    LONG value, i;
    VARIANT *data;
    IStream *image;
    HRESULT hr;
    BSTR str;

    if (!(creator = create_creator())) return;

    hr = IRawCDImageCreator_get_NumberOfExistingTracks(creator, &value);
    ok(hr == S_OK && !value, "Unexpected hr %#lx, value %ld.\n", hr, value);
    hr = IRawCDImageCreator_get_StartingTrackNumber(creator, &value);
    ok(hr == S_OK && value == 1, "Unexpected hr %#lx, value %ld.\n", hr, value);
    hr = IRawCDImageCreator_get_DisableGaplessAudio(creator, &gapless);
    ok(hr == S_OK && gapless == VARIANT_FALSE, "Unexpected hr %#lx, value %#x.\n", hr, gapless);
    hr = IRawCDImageCreator_CreateResultImage(creator, &image);
    ok(hr == E_IMAPI_RAW_IMAGE_NO_TRACKS, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageCreator_put_ResultingImageType(creator, 4);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageCreator_put_StartingTrackNumber(creator, 100);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);

    /* only audio; a multiple of 2352 bytes, at least 4 seconds */
    tracks[0] = create_pcm_stream(1, 300, 0);
    hr = IRawCDImageCreator_AddTrack(creator, IMAPI_CD_SECTOR_MODE1, tracks[0], &value);
    ok(hr == E_IMAPI_RAW_IMAGE_SECTOR_TYPE_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
    bad = create_pcm_stream(9, 300, 100);
    hr = IRawCDImageCreator_AddTrack(creator, IMAPI_CD_SECTOR_AUDIO, bad, &value);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);
    IStream_Release(bad);
    bad = create_pcm_stream(9, 299, 0);
    hr = IRawCDImageCreator_AddTrack(creator, IMAPI_CD_SECTOR_AUDIO, bad, &value);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);
    IStream_Release(bad);

    hr = IRawCDImageCreator_put_StartingTrackNumber(creator, 3);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    value = 0;
    hr = IRawCDImageCreator_AddTrack(creator, IMAPI_CD_SECTOR_AUDIO, tracks[0], &value);
    ok(hr == S_OK && value == 3, "Unexpected hr %#lx, index %ld.\n", hr, value);
    hr = IRawCDImageCreator_put_StartingTrackNumber(creator, 1);
    ok(hr == E_IMAPI_RAW_IMAGE_TRACKS_ALREADY_ADDED, "Unexpected hr %#lx.\n", hr);
    tracks[1] = create_pcm_stream(2, 450, 0);
    hr = IRawCDImageCreator_AddTrack(creator, IMAPI_CD_SECTOR_AUDIO, tracks[1], &value);
    ok(hr == S_OK && value == 4, "Unexpected hr %#lx, index %ld.\n", hr, value);
    tracks[2] = create_pcm_stream(3, 301, 0);
    hr = IRawCDImageCreator_AddTrack(creator, IMAPI_CD_SECTOR_AUDIO, tracks[2], &value);
    ok(hr == S_OK && value == 5, "Unexpected hr %#lx, index %ld.\n", hr, value);

    hr = IRawCDImageCreator_get_NumberOfExistingTracks(creator, &value);
    ok(hr == S_OK && value == 3, "Unexpected hr %#lx, value %ld.\n", hr, value);
    /* gapless: the tracks follow each other */
    check_track(creator, 3, 0, 300);
    check_track(creator, 4, 300, 450);
    check_track(creator, 5, 750, 301);
    hr = IRawCDImageCreator_get_StartOfLeadout(creator, &value);
    ok(hr == S_OK && value == 1051, "Unexpected hr %#lx, value %ld.\n", hr, value);
    hr = IRawCDImageCreator_get_LastUsedUserSectorInImage(creator, &value);
    ok(hr == S_OK && value == 1050, "Unexpected hr %#lx, value %ld.\n", hr, value);
    hr = IRawCDImageCreator_get_TrackInfo(creator, 6, &info);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);

    /* 2-second pre-gaps between the tracks */
    hr = IRawCDImageCreator_put_DisableGaplessAudio(creator, VARIANT_TRUE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_track(creator, 3, 0, 300);
    check_track(creator, 4, 450, 450);
    check_track(creator, 5, 1050, 301);
    hr = IRawCDImageCreator_get_StartOfLeadout(creator, &value);
    ok(hr == S_OK && value == 1351, "Unexpected hr %#lx, value %ld.\n", hr, value);

    hr = IRawCDImageCreator_get_ExpectedTableOfContents(creator, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        static const BYTE expected[] =
        {
            0x00, 0x22, 0x03, 0x05,
            0x00, 0x12, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x12, 0x04, 0x00, 0x00, 0x00, 0x01, 0xc2,
            0x00, 0x12, 0x05, 0x00, 0x00, 0x00, 0x04, 0x1a,
            0x00, 0x12, 0xaa, 0x00, 0x00, 0x00, 0x05, 0x47,
        };
        ok(array->rgsabound[0].cElements == sizeof(expected), "Unexpected size %lu.\n",
                array->rgsabound[0].cElements);
        SafeArrayAccessData(array, (void **)&data);
        for (i = 0; i < min(sizeof(expected), array->rgsabound[0].cElements); i++)
            ok(V_VT(&data[i]) == VT_UI1 && V_UI1(&data[i]) == expected[i],
                    "Byte %ld: type %u, value %#x.\n", i, V_VT(&data[i]), V_UI1(&data[i]));
        SafeArrayUnaccessData(array);
        SafeArrayDestroy(array);
    }

    /* indexes */
    hr = IRawCDImageCreator_get_TrackInfo(creator, 4, &info);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_AddTrackIndex(info, 0);
    ok(hr == S_IMAPI_RAW_IMAGE_TRACK_INDEX_ALREADY_EXISTS, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_AddTrackIndex(info, 200);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_AddTrackIndex(info, 210);
    ok(hr == E_IMAPI_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_AddTrackIndex(info, 450);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_AddTrackIndex(info, 100);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_ClearTrackIndex(info, 0);
    ok(hr == E_IMAPI_RAW_IMAGE_TRACK_INDEX_OFFSET_ZERO_CANNOT_BE_CLEARED, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_ClearTrackIndex(info, 5);
    ok(hr == E_IMAPI_RAW_IMAGE_TRACK_INDEX_NOT_FOUND, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_get_TrackIndexes(info, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        static const LONG expected[] = {0, 100, 200};

        ok(array->rgsabound[0].cElements == 3, "Unexpected count %lu.\n", array->rgsabound[0].cElements);
        SafeArrayAccessData(array, (void **)&data);
        for (i = 0; i < min(3, array->rgsabound[0].cElements); i++)
            ok(V_I4(&data[i]) == expected[i], "Index %ld at %ld.\n", i, V_I4(&data[i]));
        SafeArrayUnaccessData(array);
        SafeArrayDestroy(array);
    }
    hr = IRawCDImageTrackInfo_put_ISRC(info, SysAllocString(L"US-ABC"));
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    str = SysAllocString(L"USABC2600042");
    hr = IRawCDImageTrackInfo_put_ISRC(info, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    hr = IRawCDImageTrackInfo_get_ISRC(info, &str);
    ok(hr == S_OK && !wcscmp(str, L"USABC2600042"), "Unexpected hr %#lx, %s.\n", hr, wine_dbgstr_w(str));
    SysFreeString(str);
    hr = IRawCDImageTrackInfo_put_DigitalAudioCopySetting(info, IMAPI_CD_TRACK_DIGITAL_COPY_PROHIBITED);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    str = SysAllocString(L"12345");
    hr = IRawCDImageCreator_put_MediaCatalogNumber(creator, str);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);

    hr = IRawCDImageCreator_put_ResultingImageType(creator, IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageCreator_CreateResultImage(creator, &image);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK) IStream_Release(image);

    /* read-only from now on */
    hr = IRawCDImageCreator_CreateResultImage(creator, &image);
    ok(hr == E_IMAPI_RAW_IMAGE_IS_READ_ONLY, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageCreator_put_ResultingImageType(creator, IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY);
    ok(hr == E_IMAPI_RAW_IMAGE_IS_READ_ONLY, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageCreator_get_ResultingImageType(creator, &type);
    ok(hr == S_OK && type == IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW, "Unexpected hr %#lx, %d.\n", hr, type);
    hr = IRawCDImageCreator_AddTrack(creator, IMAPI_CD_SECTOR_AUDIO, tracks[0], &value);
    ok(hr == E_IMAPI_RAW_IMAGE_IS_READ_ONLY, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_AddTrackIndex(info, 300);
    ok(hr == E_IMAPI_RAW_IMAGE_TRACK_INDEX_TOO_CLOSE_TO_OTHER_INDEX || hr == E_IMAPI_RAW_IMAGE_IS_READ_ONLY,
            "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_AddTrackIndex(info, 400);
    ok(hr == E_IMAPI_RAW_IMAGE_IS_READ_ONLY, "Unexpected hr %#lx.\n", hr);
    IRawCDImageTrackInfo_Release(info);

    for (i = 0; i < 3; i++) IStream_Release(tracks[i]);
    IRawCDImageCreator_Release(creator);
}

struct expected_track
{
    LONG number, pregap_start, start, count;
    LONG indexes[4], index_count;
    BYTE control;
    const char *isrc;
};

static const char six_bit[] = "0123456789_______ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* Reads the whole image and checks the main channel, P and the Q CRC, position, mode 2 and 3
 * of every sector, and the TOC the lead-in carries. */
static void check_image(IStream *image, IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type,
        const struct expected_track *tracks, LONG track_count, LONG leadout, const char *mcn)
{
    ULONG sector_size = type == IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY ? 2368 : 2448;
    LONG lba, sectors = leadout + LEADOUT_SECTORS - FIRST_LBA, t, i, index, errors = 0;
    LONG toc_seen[256] = {0}, mcn_seen = 0, isrc_seen = 0;
    BYTE sector[2448], q[12], expected_control;
    const struct expected_track *track;
    STATSTG stat;
    ULONG read;
    HRESULT hr;
    BOOL p;

    hr = IStream_Stat(image, &stat, STATFLAG_NONAME);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(stat.cbSize.QuadPart == (ULONGLONG)sectors * sector_size, "Unexpected size %s.\n",
            wine_dbgstr_longlong(stat.cbSize.QuadPart));

    for (lba = FIRST_LBA; lba < leadout + LEADOUT_SECTORS && errors < 10; lba++)
    {
        hr = IStream_Read(image, sector, sector_size, &read);
        if (hr != S_OK || read != sector_size)
        {
            ok(0, "LBA %ld: hr %#lx, read %lu.\n", lba, hr, read);
            break;
        }

        /* P and Q */
        memset(q, 0, sizeof(q));
        if (type == IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW)
        {
            p = !!(sector[SECTOR] & 0x80);
            for (i = 0; i < 96; i++)
            {
                if (!!(sector[SECTOR + i] & 0x80) != p)
                {
                    ok(0, "LBA %ld: P changes within the sector.\n", lba);
                    errors++;
                }
                if (sector[SECTOR + i] & 0x40) q[i / 8] |= 0x80 >> (i % 8);
                if (sector[SECTOR + i] & 0x3f) errors++;
            }
        }
        else
        {
            memcpy(q, sector + SECTOR, 12);
            p = !!(sector[SECTOR + 15] & 0x80);
        }
        if (((q_crc(q) >> 8) & 0xff) != q[10] || (q_crc(q) & 0xff) != q[11])
        {
            ok(0, "LBA %ld: bad Q CRC %02x%02x.\n", lba, q[10], q[11]);
            errors++;
            continue;
        }

        if (lba < -150)
        {
            /* lead-in: track 0, POINT, running time, POINT's value */
            ok(!p, "LBA %ld: P set in the lead-in.\n", lba);
            if ((q[0] & 0xf) != 1 || q[1] || msf_frames(q + 3) != lba - FIRST_LBA)
            {
                ok(0, "LBA %ld: lead-in Q %02x %02x %02x %02x:%02x:%02x.\n", lba, q[0], q[1], q[2],
                        q[3], q[4], q[5]);
                errors++;
                continue;
            }
            if (q[2] == 0xa0) toc_seen[0xa0] = from_bcd(q[7]);
            else if (q[2] == 0xa1) toc_seen[0xa1] = from_bcd(q[7]);
            else if (q[2] == 0xa2) toc_seen[0xa2] = msf_frames(q + 7) - 150;
            else toc_seen[from_bcd(q[2])] = msf_frames(q + 7) - 150 + 1;
            for (i = 0; i < SECTOR; i++) if (sector[i]) break;
            ok(i == SECTOR, "LBA %ld: data in the lead-in.\n", lba);
            continue;
        }
        if (lba >= leadout)
        {
            ok((q[0] & 0xf) == 1 && q[1] == 0xaa && q[2] == 1
                    && msf_frames(q + 3) == lba - leadout && msf_frames(q + 7) == lba + 150,
                    "LBA %ld: lead-out Q %02x %02x %02x.\n", lba, q[0], q[1], q[2]);
            continue;
        }

        for (t = track_count - 1; t > 0 && lba < tracks[t].pregap_start; t--)
            ;
        track = &tracks[t];
        expected_control = track->control;
        if ((q[0] & 0xf) == 2)
        {
            char digits[14];

            for (i = 0; i < 13; i++) digits[i] = '0' + ((q[1 + i / 2] >> (i & 1 ? 0 : 4)) & 0xf);
            digits[13] = 0;
            ok(mcn && !strcmp(digits, mcn), "LBA %ld: MCN %s.\n", lba, digits);
            ok(from_bcd(q[9]) == (lba + 150) % 75, "LBA %ld: AFRAME %02x.\n", lba, q[9]);
            mcn_seen++;
        }
        else if ((q[0] & 0xf) == 3)
        {
            char isrc[13];
            unsigned int bits = q[1] << 24 | q[2] << 16 | q[3] << 8 | q[4];

            for (i = 0; i < 5; i++) isrc[i] = six_bit[(bits >> (26 - 6 * i)) & 0x3f];
            for (i = 0; i < 7; i++) isrc[5 + i] = '0' + ((q[5 + i / 2] >> (i & 1 ? 0 : 4)) & 0xf);
            isrc[12] = 0;
            ok(track->isrc && !strcmp(isrc, track->isrc), "LBA %ld: ISRC %s.\n", lba, isrc);
            isrc_seen++;
        }
        else if ((q[0] & 0xf) == 1)
        {
            if (lba < track->start) index = 0;
            else
                for (index = 0; index < track->index_count && track->indexes[index] <= lba - track->start; index++)
                    ;
            if (from_bcd(q[1]) != track->number || from_bcd(q[2]) != index
                    || msf_frames(q + 7) != lba + 150
                    || msf_frames(q + 3) != (lba < track->start ? track->start - lba : lba - track->start))
            {
                ok(0, "LBA %ld: Q %02x %02x %02x %02x:%02x:%02x %02x %02x:%02x:%02x, track %ld index %ld.\n",
                        lba, q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], q[8], q[9],
                        track->number, index);
                errors++;
            }
            ok(p == (index == 0), "LBA %ld: P %d.\n", lba, p);
        }
        else
        {
            ok(0, "LBA %ld: Q mode %u.\n", lba, q[0] & 0xf);
            errors++;
        }
        ok((q[0] >> 4) == expected_control, "LBA %ld: control %#x.\n", lba, q[0] >> 4);

        /* main channel */
        if (lba >= track->start)
        {
            for (i = 0; i < SECTOR; i++)
                if (sector[i] != pcm_byte(track->number, lba - track->start, i)) break;
        }
        else
            for (i = 0; i < SECTOR; i++) if (sector[i]) break;
        if (i != SECTOR)
        {
            ok(0, "LBA %ld: main channel differs at %ld.\n", lba, i);
            errors++;
        }
    }
    ok(!errors, "%ld errors.\n", errors);

    ok(toc_seen[0xa0] == tracks[0].number, "A0 %ld.\n", toc_seen[0xa0]);
    ok(toc_seen[0xa1] == tracks[track_count - 1].number, "A1 %ld.\n", toc_seen[0xa1]);
    ok(toc_seen[0xa2] == leadout, "A2 %ld.\n", toc_seen[0xa2]);
    for (t = 0; t < track_count; t++)
        ok(toc_seen[tracks[t].number] == tracks[t].start + 1, "Track %ld: %ld in the lead-in.\n",
                tracks[t].number, toc_seen[tracks[t].number] - 1);
    if (mcn) ok(mcn_seen >= (leadout + 150) / 100, "MCN seen %ld times.\n", mcn_seen);
    else ok(!mcn_seen, "MCN seen %ld times.\n", mcn_seen);
    if (tracks[track_count - 1].isrc) ok(isrc_seen > 0, "ISRC seen %ld times.\n", isrc_seen);
}

static void test_image(IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE type, BOOL gaps)
{
    struct expected_track expected[3] =
    {
        {1, -150, 0, 300, {0}, 1, 0x2},
        {2, 300, 300, 450, {0, 100}, 2, 0x2},
        {3, 750, 750, 376, {0}, 1, 0x3, "GBZ9Z0512345"},
    };
    IRawCDImageTrackInfo *info;
    IRawCDImageCreator *creator;
    IStream *tracks[3], *image;
    LONG value, i, leadout;
    HRESULT hr;
    BSTR str;

    winetest_push_context("type %d gaps %d", type, gaps);
    if (gaps)
    {
        expected[1].pregap_start = 300;
        expected[1].start = 450;
        expected[2].pregap_start = 900;
        expected[2].start = 1050;
    }
    leadout = expected[2].start + expected[2].count;

    if (!(creator = create_creator())) goto done;
    hr = IRawCDImageCreator_put_ResultingImageType(creator, type);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageCreator_put_DisableGaplessAudio(creator, gaps ? VARIANT_TRUE : VARIANT_FALSE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    str = SysAllocString(L"4006381333931");
    hr = IRawCDImageCreator_put_MediaCatalogNumber(creator, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    for (i = 0; i < 3; i++)
    {
        tracks[i] = create_pcm_stream(i + 1, expected[i].count, 0);
        hr = IRawCDImageCreator_AddTrack(creator, IMAPI_CD_SECTOR_AUDIO, tracks[i], &value);
        ok(hr == S_OK && value == i + 1, "Unexpected hr %#lx, index %ld.\n", hr, value);
    }
    hr = IRawCDImageCreator_get_TrackInfo(creator, 2, &info);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_AddTrackIndex(info, 100);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IRawCDImageTrackInfo_Release(info);
    hr = IRawCDImageCreator_get_TrackInfo(creator, 3, &info);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IRawCDImageTrackInfo_put_AudioHasPreemphasis(info, VARIANT_TRUE);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    str = SysAllocString(L"GBZ9Z0512345");
    hr = IRawCDImageTrackInfo_put_ISRC(info, str);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(str);
    IRawCDImageTrackInfo_Release(info);

    hr = IRawCDImageCreator_get_StartOfLeadout(creator, &value);
    ok(hr == S_OK && value == leadout, "Unexpected hr %#lx, value %ld.\n", hr, value);
    hr = IRawCDImageCreator_CreateResultImage(creator, &image);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        check_image(image, type, expected, 3, leadout, "4006381333931");
        IStream_Release(image);
    }
    for (i = 0; i < 3; i++) IStream_Release(tracks[i]);
    IRawCDImageCreator_Release(creator);
done:
    winetest_pop_context();
}

static IDiscRecorder2 *get_recorder(void)
{
    IDiscRecorder2 *recorder = NULL;
    IDiscMaster2 *master;
    LONG count = 0;
    BSTR id = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2, (void **)&master);
    if (FAILED(hr)) return NULL;
    if (SUCCEEDED(IDiscMaster2_get_Count(master, &count)) && count > 0
            && SUCCEEDED(IDiscMaster2_get_Item(master, 0, &id)))
    {
        hr = CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscRecorder2,
                (void **)&recorder);
        if (SUCCEEDED(hr) && FAILED(IDiscRecorder2_InitializeDiscRecorder(recorder, id)))
        {
            IDiscRecorder2_Release(recorder);
            recorder = NULL;
        }
        SysFreeString(id);
    }
    IDiscMaster2_Release(master);
    return recorder;
}

static BOOL erase_medium(IDiscRecorder2 *recorder)
{
    IDiscFormat2Erase *erase;
    BSTR name;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2Erase, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2Erase,
            (void **)&erase);
    if (FAILED(hr)) return FALSE;
    IDiscFormat2Erase_put_Recorder(erase, recorder);
    name = SysAllocString(L"imapi2 raw cd test");
    IDiscFormat2Erase_put_ClientName(erase, name);
    SysFreeString(name);
    hr = IDiscFormat2Erase_EraseMedia(erase);
    ok(hr == S_OK, "EraseMedia failed, hr %#lx.\n", hr);
    IDiscFormat2Erase_Release(erase);
    return hr == S_OK;
}

static HRESULT send_in(IDiscRecorder2 *recorder, BYTE *cdb, ULONG cdb_size, BYTE *data, ULONG size)
{
    IDiscRecorder2Ex *ex;
    BYTE sense[18];
    ULONG got = 0;
    HRESULT hr;

    if (FAILED(hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex)))
        return hr;
    hr = IDiscRecorder2Ex_SendCommandGetDataFromDevice(ex, cdb, cdb_size, sense, 0, data, size, &got);
    IDiscRecorder2Ex_Release(ex);
    return hr;
}

/* DDiscFormat2RawCDEvents. */
static unsigned int raw_updates;
static IMAPI_FORMAT2_RAW_CD_WRITE_ACTION raw_first_action, raw_last_action;
static LONG raw_last_written;
static IDiscFormat2RawCD *cancel_format;  /* CancelWrite at the first update of writing */
static HRESULT cancel_hr;

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch)
            || IsEqualGUID(riid, &IID_DDiscFormat2RawCDEvents))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface) { return 2; }
static ULONG WINAPI sink_Release(IDispatch *iface) { return 1; }
static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count) { return E_NOTIMPL; }
static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return E_NOTIMPL;
}
static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
        LCID lcid, DISPID *ids)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
        DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep_info, UINT *arg_err)
{
    IMAPI_FORMAT2_RAW_CD_WRITE_ACTION action = -1;
    IDiscFormat2RawCDEventArgs *args;
    HRESULT hr;

    ok(member == DISPID_DDISCFORMAT2RAWCDEVENTS_UPDATE, "Member %ld.\n", member);
    ok(params->cArgs == 2, "%u arguments.\n", params->cArgs);
    if (params->cArgs != 2) return S_OK;
    hr = IDispatch_QueryInterface(V_DISPATCH(&params->rgvarg[0]), &IID_IDiscFormat2RawCDEventArgs, (void **)&args);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return S_OK;
    IDiscFormat2RawCDEventArgs_get_CurrentAction(args, &action);
    IDiscFormat2RawCDEventArgs_get_LastWrittenLba(args, &raw_last_written);
    if (!raw_updates++) raw_first_action = action;
    raw_last_action = action;
    if (cancel_format && action == IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_WRITING)
    {
        cancel_hr = IDiscFormat2RawCD_CancelWrite(cancel_format);
        cancel_format = NULL;
    }
    IDiscFormat2RawCDEventArgs_Release(args);
    return S_OK;
}

static const IDispatchVtbl sink_vtbl =
{
    sink_QueryInterface, sink_AddRef, sink_Release, sink_GetTypeInfoCount, sink_GetTypeInfo,
    sink_GetIDsOfNames, sink_Invoke,
};
static IDispatch sink = { &sink_vtbl };

/* A stream that is not one of MsftRawCDImageCreator's: it forwards to one that is. */
struct foreign_stream
{
    IStream IStream_iface;
    LONG refcount;
    IStream *inner;
};

static struct foreign_stream *foreign_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct foreign_stream, IStream_iface);
}

static HRESULT WINAPI foreign_QueryInterface(IStream *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_ISequentialStream)
            || IsEqualGUID(riid, &IID_IStream))
    {
        *out = iface;
        IStream_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI foreign_AddRef(IStream *iface)
{
    return InterlockedIncrement(&foreign_from_IStream(iface)->refcount);
}

static ULONG WINAPI foreign_Release(IStream *iface)
{
    struct foreign_stream *stream = foreign_from_IStream(iface);
    ULONG refcount = InterlockedDecrement(&stream->refcount);

    if (!refcount)
    {
        IStream_Release(stream->inner);
        free(stream);
    }
    return refcount;
}

static HRESULT WINAPI foreign_Read(IStream *iface, void *data, ULONG size, ULONG *read)
{
    return IStream_Read(foreign_from_IStream(iface)->inner, data, size, read);
}

static HRESULT WINAPI foreign_Write(IStream *iface, const void *data, ULONG size, ULONG *written)
{
    return STG_E_ACCESSDENIED;
}

static HRESULT WINAPI foreign_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin, ULARGE_INTEGER *position)
{
    return IStream_Seek(foreign_from_IStream(iface)->inner, move, origin, position);
}

static HRESULT WINAPI foreign_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    return STG_E_ACCESSDENIED;
}

static HRESULT WINAPI foreign_CopyTo(IStream *iface, IStream *dest, ULARGE_INTEGER size, ULARGE_INTEGER *read,
        ULARGE_INTEGER *written)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI foreign_Commit(IStream *iface, DWORD flags)
{
    return S_OK;
}

static HRESULT WINAPI foreign_Revert(IStream *iface)
{
    return S_OK;
}

static HRESULT WINAPI foreign_LockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size, DWORD type)
{
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI foreign_UnlockRegion(IStream *iface, ULARGE_INTEGER offset, ULARGE_INTEGER size,
        DWORD type)
{
    return STG_E_INVALIDFUNCTION;
}

static HRESULT WINAPI foreign_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    return IStream_Stat(foreign_from_IStream(iface)->inner, stat, flags);
}

static HRESULT WINAPI foreign_Clone(IStream *iface, IStream **out)
{
    return E_NOTIMPL;
}

static const IStreamVtbl foreign_vtbl =
{
    foreign_QueryInterface, foreign_AddRef, foreign_Release, foreign_Read, foreign_Write, foreign_Seek,
    foreign_SetSize, foreign_CopyTo, foreign_Commit, foreign_Revert, foreign_LockRegion, foreign_UnlockRegion,
    foreign_Stat, foreign_Clone,
};

static IStream *create_foreign_stream(IStream *inner)
{
    struct foreign_stream *stream = calloc(1, sizeof(*stream));

    stream->IStream_iface.lpVtbl = &foreign_vtbl;
    stream->refcount = 1;
    IStream_AddRef(stream->inner = inner);
    return &stream->IStream_iface;
}

/* The TOC of the cue sheet, the audio read back. */
static void check_written_disc(IDiscRecorder2 *recorder, const LONG *starts, const LONG *counts, LONG leadout)
{
    BYTE cdb[12], *buffer;
    HRESULT hr;
    LONG i, j;

    buffer = malloc(10 * SECTOR);
    memset(cdb, 0, sizeof(cdb));
    cdb[0] = 0x43;
    cdb[8] = 0xff;
    hr = send_in(recorder, cdb, 10, buffer, 0xff);
    ok(hr == S_OK, "READ TOC failed, hr %#lx.\n", hr);
    ok(buffer[2] == 1 && buffer[3] == 3, "Tracks %u-%u.\n", buffer[2], buffer[3]);
    for (i = 0; i < 3; i++)
    {
        const BYTE *entry = buffer + 4 + 8 * i;

        ok(entry[1] == 0x12 && entry[2] == i + 1, "Track %ld: %02x %02x.\n", i + 1, entry[1], entry[2]);
        ok((entry[4] << 24 | entry[5] << 16 | entry[6] << 8 | entry[7]) == starts[i], "Track %ld at %u.\n",
                i + 1, entry[4] << 24 | entry[5] << 16 | entry[6] << 8 | entry[7]);
    }
    ok(buffer[4 + 24 + 2] == 0xaa && buffer[4 + 24 + 7] == (leadout & 0xff) && buffer[4 + 24 + 6] == (leadout >> 8),
            "Lead-out %02x%02x.\n", buffer[4 + 24 + 6], buffer[4 + 24 + 7]);
    for (i = 0; i < 3; i++)
    {
        LONG lba = starts[i] + counts[i] - 10;

        memset(cdb, 0, sizeof(cdb));
        cdb[0] = 0xbe;
        cdb[1] = 1 << 2;
        cdb[2] = lba >> 24; cdb[3] = lba >> 16; cdb[4] = lba >> 8; cdb[5] = lba;
        cdb[8] = 10;
        cdb[9] = 0x10;
        hr = send_in(recorder, cdb, 12, buffer, 10 * SECTOR);
        ok(hr == S_OK, "READ CD failed, hr %#lx.\n", hr);
        for (j = 0; j < 10 * SECTOR; j++)
            if (buffer[j] != pcm_byte(i + 1, counts[i] - 10 + j / SECTOR, j % SECTOR)) break;
        ok(j == 10 * SECTOR, "Track %ld differs at %ld.\n", i + 1, j);
    }
    free(buffer);
}

static void test_write(IDiscRecorder2 *recorder)
{
    static const LONG counts[3] = {300, 450, 376};
    IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
    IConnectionPointContainer *container;
    LONG value, i, starts[3] = {0, 300, 900};
    VARIANT_BOOL blank = VARIANT_FALSE;
    IStream *tracks[3], *image;
    IRawCDImageCreator *creator;
    IConnectionPoint *point;
    IDiscFormat2RawCD *raw;
    SAFEARRAY *array;
    DWORD cookie = 0;
    HRESULT hr;
    BSTR name;

    if (!may_disturb_system() || !is_virtual_recorder())
    {
        skip("Not writing to this disc.\n");
        return;
    }
    hr = CoCreateInstance(&CLSID_MsftDiscFormat2RawCD, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2RawCD,
            (void **)&raw);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = IDiscFormat2RawCD_put_Recorder(raw, recorder);
    if (hr == E_IMAPI_DF2RAW_RECORDER_NOT_SUPPORTED)
    {
        skip("The recorder cannot write raw.\n");
        IDiscFormat2RawCD_Release(raw);
        return;
    }
    IDiscFormat2RawCD_get_CurrentPhysicalMediaType(raw, &type);
    IDiscFormat2RawCD_get_MediaPhysicallyBlank(raw, &blank);
    /* A CD-R is left blank for the track_at_once unit; a CD-RW is erased again there. */
    if (type != IMAPI_MEDIA_TYPE_CDRW)
    {
        skip("No CD-RW.\n");
        IDiscFormat2RawCD_Release(raw);
        return;
    }
    if (!blank && (type != IMAPI_MEDIA_TYPE_CDRW || !erase_medium(recorder)))
    {
        skip("No blank CD.\n");
        IDiscFormat2RawCD_Release(raw);
        return;
    }

    hr = IDiscFormat2RawCD_get_SupportedSectorTypes(raw, &array);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK) SafeArrayDestroy(array);
    hr = IDiscFormat2RawCD_get_StartOfNextSession(raw, &value);
    ok(hr == E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2RawCD_CancelWrite(raw);
    ok(hr == E_IMAPI_DF2RAW_WRITE_NOT_IN_PROGRESS, "Unexpected hr %#lx.\n", hr);
    name = SysAllocString(L"imapi2 raw cd test");
    IDiscFormat2RawCD_put_ClientName(raw, name);
    SysFreeString(name);
    hr = IDiscFormat2RawCD_PrepareMedia(raw);
    ok(hr == S_OK, "PrepareMedia failed, hr %#lx.\n", hr);
    if (FAILED(hr))
    {
        IDiscFormat2RawCD_Release(raw);
        return;
    }
    hr = IDiscFormat2RawCD_PrepareMedia(raw);
    ok(hr == E_IMAPI_DF2RAW_MEDIA_IS_PREPARED, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2RawCD_get_StartOfNextSession(raw, &value);
    ok(hr == S_OK && value == -150, "Unexpected hr %#lx, start %ld.\n", hr, value);
    hr = IDiscFormat2RawCD_get_LastPossibleStartOfLeadout(raw, &value);
    ok(hr == S_OK && value > 300000, "Unexpected hr %#lx, lead-out %ld.\n", hr, value);

    creator = create_creator();
    IRawCDImageCreator_put_ResultingImageType(creator, IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW);
    for (i = 0; i < 3; i++)
    {
        tracks[i] = create_pcm_stream(i + 1, counts[i], 0);
        hr = IRawCDImageCreator_AddTrack(creator, IMAPI_CD_SECTOR_AUDIO, tracks[i], &value);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        if (i == 1) IRawCDImageCreator_put_DisableGaplessAudio(creator, VARIANT_TRUE);
    }
    /* DisableGaplessAudio gives every track after the first its pre-gap, whenever it is set */
    starts[1] = 450;
    starts[2] = 1050;
    hr = IRawCDImageCreator_CreateResultImage(creator, &image);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    /* sub-channel of 16 bytes: not written session at once */
    IDiscFormat2RawCD_put_RequestedSectorType(raw, IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY);
    hr = IDiscFormat2RawCD_WriteMedia(raw, image);
    ok(hr == E_IMAPI_DF2RAW_DATA_BLOCK_TYPE_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
    /* the image is raw, not cooked */
    IDiscFormat2RawCD_put_RequestedSectorType(raw, IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED);
    hr = IDiscFormat2RawCD_WriteMedia(raw, image);
    ok(hr == E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
    IDiscFormat2RawCD_put_RequestedSectorType(raw, IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW);

    hr = IDiscFormat2RawCD_QueryInterface(raw, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_DDiscFormat2RawCDEvents, &point);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IConnectionPoint_Advise(point, (IUnknown *)&sink, &cookie);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    /* cancelled before its first WRITE: the disc stays blank */
    cancel_format = raw;
    cancel_hr = 0xdeadbeef;
    hr = IDiscFormat2RawCD_WriteMedia(raw, image);
    ok(hr == E_IMAPI_REQUEST_CANCELLED, "Unexpected hr %#lx.\n", hr);
    ok(cancel_hr == S_OK, "CancelWrite returned %#lx.\n", cancel_hr);
    raw_updates = 0;

    hr = IDiscFormat2RawCD_WriteMedia(raw, image);
    ok(hr == S_OK, "WriteMedia failed, hr %#lx.\n", hr);
    ok(raw_updates >= 3, "%u updates.\n", raw_updates);
    ok(raw_first_action == IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_PREPARING, "First action %d.\n", raw_first_action);
    ok(raw_last_action == IMAPI_FORMAT2_RAW_CD_WRITE_ACTION_FINISHING, "Last action %d.\n", raw_last_action);
    ok(raw_last_written == 1050 + 376 - 1, "Last written %ld.\n", raw_last_written);
    IConnectionPoint_Unadvise(point, cookie);
    IConnectionPoint_Release(point);
    IConnectionPointContainer_Release(container);

    hr = IDiscFormat2RawCD_WriteMedia(raw, image);
    ok(hr == E_IMAPI_DF2RAW_MEDIA_IS_NOT_BLANK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2RawCD_ReleaseMedia(raw);
    ok(hr == S_OK, "ReleaseMedia failed, hr %#lx.\n", hr);
    hr = IDiscFormat2RawCD_ReleaseMedia(raw);
    ok(hr == E_IMAPI_DF2RAW_MEDIA_IS_NOT_PREPARED, "Unexpected hr %#lx.\n", hr);

    check_written_disc(recorder, starts, counts, 1426);

    /* a raw image that is not ours: its tracks come from its Q sub-channel */
    if (erase_medium(recorder))
    {
        IStream *foreign = create_foreign_stream(image);

        hr = IDiscFormat2RawCD_PrepareMedia(raw);
        ok(hr == S_OK, "PrepareMedia failed, hr %#lx.\n", hr);
        hr = IDiscFormat2RawCD_WriteMedia2(raw, foreign, 22499);
        ok(hr == E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
        hr = IDiscFormat2RawCD_WriteMedia2(raw, foreign, 22500);
        ok(hr == S_OK, "WriteMedia2 failed, hr %#lx.\n", hr);
        hr = IDiscFormat2RawCD_ReleaseMedia(raw);
        ok(hr == S_OK, "ReleaseMedia failed, hr %#lx.\n", hr);
        check_written_disc(recorder, starts, counts, 1426);
        IStream_Release(foreign);
    }

    /* the defaults of both objects: cooked images, packed R-W, gapless tracks */
    if (erase_medium(recorder))
    {
        IRawCDImageCreator *cooked = create_creator();
        IMAPI_FORMAT2_RAW_CD_DATA_SECTOR_TYPE sector_type = 0;
        IStream *cooked_image = NULL;
        LONG gapless[3] = {0, 300, 750};

        for (i = 0; i < 3; i++)
            IRawCDImageCreator_AddTrack(cooked, IMAPI_CD_SECTOR_AUDIO, tracks[i], &value);
        hr = IRawCDImageCreator_CreateResultImage(cooked, &cooked_image);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        IRawCDImageCreator_Release(cooked);
        IDiscFormat2RawCD_Release(raw);
        hr = CoCreateInstance(&CLSID_MsftDiscFormat2RawCD, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2RawCD,
                (void **)&raw);
        ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
        IDiscFormat2RawCD_get_RequestedSectorType(raw, &sector_type);
        ok(sector_type == IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_COOKED, "Requested sector type %d.\n", sector_type);
        IDiscFormat2RawCD_put_Recorder(raw, recorder);
        name = SysAllocString(L"imapi2 raw cd test");
        IDiscFormat2RawCD_put_ClientName(raw, name);
        SysFreeString(name);
        hr = IDiscFormat2RawCD_PrepareMedia(raw);
        ok(hr == S_OK, "PrepareMedia failed, hr %#lx.\n", hr);
        hr = IDiscFormat2RawCD_WriteMedia(raw, cooked_image);
        ok(hr == S_OK, "WriteMedia failed, hr %#lx.\n", hr);
        hr = IDiscFormat2RawCD_ReleaseMedia(raw);
        ok(hr == S_OK, "ReleaseMedia failed, hr %#lx.\n", hr);
        check_written_disc(recorder, gapless, counts, 1126);
        if (cooked_image) IStream_Release(cooked_image);
    }

    /* a medium error in the middle: the write fails, the medium is given up */
    if (erase_medium(recorder))
    {
        IDiscFormat2RawCD_put_RequestedSectorType(raw, IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW);
        hr = IDiscFormat2RawCD_PrepareMedia(raw);
        ok(hr == S_OK, "PrepareMedia failed, hr %#lx.\n", hr);
        hr = inject_faults(recorder, "medium-error:400");
        ok(hr == S_OK, "inject_faults failed, hr %#lx.\n", hr);
        hr = IDiscFormat2RawCD_WriteMedia(raw, image);
        /* the sense 03/0C/00 maps to no documented code of its own yet */
        ok(FAILED(hr) && hr != E_NOTIMPL && hr != E_IMAPI_REQUEST_CANCELLED
                && hr != E_IMAPI_DF2RAW_STREAM_NOT_SUPPORTED, "Unexpected hr %#lx.\n", hr);
        inject_faults(recorder, "clear");
        hr = IDiscFormat2RawCD_ReleaseMedia(raw);
        ok(hr == S_OK, "ReleaseMedia failed, hr %#lx.\n", hr);
    }

    /* the units after this one want a blank CD-RW */
    erase_medium(recorder);

    IStream_Release(image);
    for (i = 0; i < 3; i++) IStream_Release(tracks[i]);
    IRawCDImageCreator_Release(creator);
    IDiscFormat2RawCD_Release(raw);
}

/* The speeds of the raw burner are those of the track-at-once one on the
 * same CD: one implementation in format_base.c. */
static void test_speeds(IDiscRecorder2 *recorder)
{
    IMAPI_MEDIA_PHYSICAL_TYPE type = IMAPI_MEDIA_TYPE_UNKNOWN;
    LONG speed = 0, tao_speed = 0, requested = 0, lower = 0, upper = -1, slowest = 0;
    IDiscFormat2TrackAtOnce *tao;
    IDiscFormat2RawCD *raw;
    SAFEARRAY *array = NULL;
    VARIANT_BOOL cav;
    VARIANT v;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2RawCD, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscFormat2RawCD,
            (void **)&raw);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;

    hr = IDiscFormat2RawCD_SetWriteSpeed(raw, -1, VARIANT_FALSE);
    ok(hr == E_IMAPI_RECORDER_REQUIRED, "Without a recorder: hr %#lx.\n", hr);
    hr = IDiscFormat2RawCD_get_RequestedWriteSpeed(raw, &requested);
    ok(hr == S_OK && requested == -1, "hr %#lx, requested %ld.\n", hr, requested);
    hr = IDiscFormat2RawCD_get_RequestedRotationTypeIsPureCAV(raw, &cav);
    ok(hr == S_OK && cav == VARIANT_FALSE, "hr %#lx, pure CAV %#x.\n", hr, cav);
    hr = IDiscFormat2RawCD_get_SupportedWriteSpeeds(raw, NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    hr = CoCreateInstance(&CLSID_MsftDiscFormat2TrackAtOnce, NULL, CLSCTX_INPROC_SERVER,
            &IID_IDiscFormat2TrackAtOnce, (void **)&tao);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr) || FAILED(IDiscFormat2RawCD_put_Recorder(raw, recorder))
            || FAILED(IDiscFormat2RawCD_get_CurrentPhysicalMediaType(raw, &type))
            || (type != IMAPI_MEDIA_TYPE_CDR && type != IMAPI_MEDIA_TYPE_CDRW))
    {
        skip("No CD-R or CD-RW for the speeds.\n");
        if (SUCCEEDED(hr)) IDiscFormat2TrackAtOnce_Release(tao);
        IDiscFormat2RawCD_Release(raw);
        return;
    }
    IDiscFormat2TrackAtOnce_put_Recorder(tao, recorder);

    hr = IDiscFormat2RawCD_get_CurrentWriteSpeed(raw, &speed);
    ok(hr == S_OK && speed >= 75, "hr %#lx, speed %ld.\n", hr, speed);
    hr = IDiscFormat2TrackAtOnce_get_CurrentWriteSpeed(tao, &tao_speed);
    ok(hr == S_OK && tao_speed == speed, "hr %#lx, track-at-once speed %ld, raw %ld.\n", hr, tao_speed, speed);
    hr = IDiscFormat2RawCD_get_CurrentRotationTypeIsPureCAV(raw, &cav);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IDiscFormat2RawCD_get_SupportedWriteSpeedDescriptors(raw, &array);
    ok(hr == S_OK && array, "Unexpected hr %#lx.\n", hr);
    if (array) SafeArrayDestroy(array);
    array = NULL;
    hr = IDiscFormat2RawCD_get_SupportedWriteSpeeds(raw, &array);
    ok(hr == S_OK && array, "Unexpected hr %#lx.\n", hr);
    if (array)
    {
        SafeArrayGetLBound(array, 1, &lower);
        SafeArrayGetUBound(array, 1, &upper);
        ok(upper >= lower, "No speeds.\n");
        VariantInit(&v);
        if (upper >= lower && SUCCEEDED(SafeArrayGetElement(array, &upper, &v)) && V_VT(&v) == VT_I4)
            slowest = V_I4(&v);
        SafeArrayDestroy(array);
    }

    if (may_disturb_system() && slowest)
    {
        hr = IDiscFormat2RawCD_SetWriteSpeed(raw, -2, VARIANT_FALSE);
        ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
        hr = IDiscFormat2RawCD_SetWriteSpeed(raw, slowest, VARIANT_FALSE);
        ok(hr == S_OK || hr == S_IMAPI_SPEEDADJUSTED, "Unexpected hr %#lx.\n", hr);
        hr = IDiscFormat2RawCD_get_RequestedWriteSpeed(raw, &requested);
        ok(hr == S_OK && requested == slowest, "hr %#lx, requested %ld.\n", hr, requested);
        hr = IDiscFormat2RawCD_get_CurrentWriteSpeed(raw, &speed);
        ok(hr == S_OK && speed == slowest, "hr %#lx, speed %ld of %ld.\n", hr, speed, slowest);
        hr = IDiscFormat2TrackAtOnce_get_CurrentWriteSpeed(tao, &tao_speed);
        ok(hr == S_OK && tao_speed == slowest, "hr %#lx, track-at-once speed %ld.\n", hr, tao_speed);
        hr = IDiscFormat2RawCD_SetWriteSpeed(raw, -1, VARIANT_FALSE);
        ok(hr == S_OK || hr == S_IMAPI_SPEEDADJUSTED, "Unexpected hr %#lx.\n", hr);
    }

    IDiscFormat2TrackAtOnce_Release(tao);
    IDiscFormat2RawCD_Release(raw);
}

START_TEST(raw_cd)
{
    IDiscRecorder2 *recorder;

    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    test_properties();
    test_image(IMAPI_FORMAT2_RAW_CD_SUBCODE_IS_RAW, FALSE);
    test_image(IMAPI_FORMAT2_RAW_CD_SUBCODE_PQ_ONLY, TRUE);
    if (!(recorder = get_recorder()))
        skip("No recorder found.\n");
    else
    {
        test_speeds(recorder);
        test_write(recorder);
        IDiscRecorder2_Release(recorder);
    }

    CoUninitialize();
}
