/*
 * IMAPI2 stream objects: zero, pseudo-random, concatenated and interleaved streams
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

static IStream *create_memory_stream(const char *data)
{
    LARGE_INTEGER zero = {{0}};
    IStream *stream;
    HRESULT hr;

    hr = CreateStreamOnHGlobal(NULL, TRUE, &stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IStream_Write(stream, data, strlen(data), NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return stream;
}

#define check_stream_size(a, b) check_stream_size_(__LINE__, a, b)
static void check_stream_size_(unsigned int line, void *iface, ULONGLONG expected)
{
    STATSTG stat;
    HRESULT hr;

    memset(&stat, 0xcc, sizeof(stat));
    hr = IStream_Stat((IStream *)iface, &stat, STATFLAG_NONAME);
    ok_(__FILE__, line)(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok_(__FILE__, line)(stat.type == STGTY_STREAM, "Unexpected type %lu.\n", stat.type);
    ok_(__FILE__, line)(stat.cbSize.QuadPart == expected, "Unexpected size %s, expected %s.\n",
            wine_dbgstr_longlong(stat.cbSize.QuadPart), wine_dbgstr_longlong(expected));
}

#define check_read(a, b, c, d) check_read_(__LINE__, a, b, c, d)
static void check_read_(unsigned int line, void *iface, ULONGLONG offset, ULONG size,
        const char *expected)
{
    LARGE_INTEGER move;
    char buffer[64];
    ULONG read;
    HRESULT hr;

    move.QuadPart = offset;
    hr = IStream_Seek((IStream *)iface, move, STREAM_SEEK_SET, NULL);
    ok_(__FILE__, line)(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    memset(buffer, 0, sizeof(buffer));
    read = 0xdeadbeef;
    hr = IStream_Read((IStream *)iface, buffer, size, &read);
    ok_(__FILE__, line)(SUCCEEDED(hr), "Unexpected hr %#lx.\n", hr);
    ok_(__FILE__, line)(read == strlen(expected), "Read %lu bytes, expected %u.\n",
            read, (unsigned int)strlen(expected));
    ok_(__FILE__, line)(!memcmp(buffer, expected, strlen(expected)), "Read %s, expected %s.\n",
            wine_dbgstr_an(buffer, read), wine_dbgstr_a(expected));
}

static ULONGLONG get_position(void *iface)
{
    LARGE_INTEGER zero = {{0}};
    ULARGE_INTEGER position;
    HRESULT hr;

    position.QuadPart = 0xdeadbeef;
    hr = IStream_Seek((IStream *)iface, zero, STREAM_SEEK_CUR, &position);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    return position.QuadPart;
}

static void test_zero(void)
{
    ULARGE_INTEGER size, position;
    ISequentialStream *sequential;
    LARGE_INTEGER move;
    IStream *stream;
    BYTE buffer[4096];
    ULONG read, i;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftStreamZero, NULL, CLSCTX_INPROC_SERVER, &IID_IStream,
            (void **)&stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;

    hr = IStream_QueryInterface(stream, &IID_ISequentialStream, (void **)&sequential);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ISequentialStream_Release(sequential);

    check_stream_size(stream, 0);
    read = 0xdeadbeef;
    hr = IStream_Read(stream, buffer, sizeof(buffer), &read);
    ok(SUCCEEDED(hr), "Unexpected hr %#lx.\n", hr);
    ok(!read, "Unexpected read %lu.\n", read);

    size.QuadPart = 10000;
    hr = IStream_SetSize(stream, size);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_stream_size(stream, 10000);

    memset(buffer, 0xcc, sizeof(buffer));
    hr = IStream_Read(stream, buffer, sizeof(buffer), &read);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(read == sizeof(buffer), "Unexpected read %lu.\n", read);
    for (i = 0; i < sizeof(buffer); ++i)
        if (buffer[i]) break;
    ok(i == sizeof(buffer), "Byte %lu is %#x.\n", i, buffer[i]);
    ok(get_position(stream) == sizeof(buffer), "Unexpected position.\n");

    move.QuadPart = -10;
    position.QuadPart = 0;
    hr = IStream_Seek(stream, move, STREAM_SEEK_END, &position);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(position.QuadPart == 9990, "Unexpected position %s.\n",
            wine_dbgstr_longlong(position.QuadPart));
    memset(buffer, 0xcc, sizeof(buffer));
    hr = IStream_Read(stream, buffer, 100, &read);
    ok(SUCCEEDED(hr), "Unexpected hr %#lx.\n", hr);
    ok(read == 10, "Unexpected read %lu.\n", read);
    ok(!buffer[9] && buffer[10] == 0xcc, "Unexpected data %#x %#x.\n", buffer[9], buffer[10]);

    move.QuadPart = 5;
    hr = IStream_Seek(stream, move, STREAM_SEEK_SET, &position);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    move.QuadPart = -6;
    hr = IStream_Seek(stream, move, STREAM_SEEK_CUR, &position);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);

    hr = IStream_Write(stream, buffer, 10, &read);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);

    IStream_Release(stream);
}

static void test_prng(void)
{
    BYTE first[1000], second[1000];
    IStreamPseudoRandomBased *stream, *stream2;
    LARGE_INTEGER move;
    ULARGE_INTEGER size;
    ULONG read, seed, i;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftStreamPrng001, NULL, CLSCTX_INPROC_SERVER,
            &IID_IStreamPseudoRandomBased, (void **)&stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;
    hr = CoCreateInstance(&CLSID_MsftStreamPrng001, NULL, CLSCTX_INPROC_SERVER,
            &IID_IStreamPseudoRandomBased, (void **)&stream2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    check_stream_size(stream, 0);

    hr = IStreamPseudoRandomBased_put_Seed(stream, 1234);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    seed = 0;
    hr = IStreamPseudoRandomBased_get_Seed(stream, &seed);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(seed == 1234, "Unexpected seed %lu.\n", seed);

    size.QuadPart = sizeof(first);
    hr = IStreamPseudoRandomBased_SetSize(stream, size);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_stream_size(stream, sizeof(first));

    hr = IStreamPseudoRandomBased_Read(stream, first, sizeof(first), &read);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(read == sizeof(first), "Unexpected read %lu.\n", read);
    for (i = 1; i < sizeof(first); ++i)
        if (first[i] != first[0]) break;
    ok(i < sizeof(first), "Data is constant.\n");
    hr = IStreamPseudoRandomBased_Read(stream, second, sizeof(second), &read);
    ok(SUCCEEDED(hr), "Unexpected hr %#lx.\n", hr);
    ok(!read, "Unexpected read %lu past the end.\n", read);

    /* Setting the seed seeks back to the start and gives the same data. */
    hr = IStreamPseudoRandomBased_put_Seed(stream, 1234);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(!get_position(stream), "Position not reset.\n");
    memset(second, 0, sizeof(second));
    hr = IStreamPseudoRandomBased_Read(stream, second, sizeof(second), &read);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(!memcmp(first, second, sizeof(first)), "Data differs for the same seed.\n");

    /* Reading from an offset gives the same bytes as reading through. */
    move.QuadPart = 123;
    hr = IStreamPseudoRandomBased_Seek(stream, move, STREAM_SEEK_SET, NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    memset(second, 0, sizeof(second));
    hr = IStreamPseudoRandomBased_Read(stream, second, 100, &read);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(!memcmp(first + 123, second, 100), "Data at offset 123 differs.\n");

    /* Another object with the same seed gives the same data. */
    hr = IStreamPseudoRandomBased_put_Seed(stream2, 1234);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IStreamPseudoRandomBased_SetSize(stream2, size);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    memset(second, 0, sizeof(second));
    hr = IStreamPseudoRandomBased_Read(stream2, second, sizeof(second), &read);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(!memcmp(first, second, sizeof(first)), "Data differs between objects.\n");

    hr = IStreamPseudoRandomBased_put_Seed(stream2, 4321);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IStreamPseudoRandomBased_Read(stream2, second, sizeof(second), &read);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(memcmp(first, second, sizeof(first)), "Data is the same for another seed.\n");

    /* Microsoft documents the extended seed as not implemented. */
    seed = 1;
    hr = IStreamPseudoRandomBased_put_ExtendedSeed(stream, &seed, 1);
    ok(hr == E_NOTIMPL, "Unexpected hr %#lx.\n", hr);

    IStreamPseudoRandomBased_Release(stream2);
    IStreamPseudoRandomBased_Release(stream);
}

static void test_concatenate(void)
{
    IStream *streams[4], *more[2], *stream;
    IStreamConcatenate *concat;
    LARGE_INTEGER move;
    ULONG refcount;
    char buffer[16];
    ULONG read;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftStreamConcatenate, NULL, CLSCTX_INPROC_SERVER,
            &IID_IStreamConcatenate, (void **)&concat);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;

    streams[0] = create_memory_stream("abc");
    streams[1] = create_memory_stream("de");
    streams[2] = create_memory_stream("fghij");
    streams[3] = create_memory_stream("kl");

    hr = IStreamConcatenate_Initialize(concat, NULL, streams[1]);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IStreamConcatenate_Initialize(concat, streams[0], NULL);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IStreamConcatenate_Initialize2(concat, NULL, 2);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);

    hr = IStreamConcatenate_Initialize(concat, streams[0], streams[1]);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_stream_size(concat, 5);
    hr = IStreamConcatenate_Append(concat, streams[2]);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_stream_size(concat, 10);

    check_read(concat, 0, 16, "abcdefghij");
    check_read(concat, 2, 4, "cdef");
    check_read(concat, 5, 5, "fghij");
    check_read(concat, 9, 5, "j");

    move.QuadPart = 0;
    hr = IStreamConcatenate_Seek(concat, move, STREAM_SEEK_SET, NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    memset(buffer, 0, sizeof(buffer));
    hr = IStreamConcatenate_Read(concat, buffer, 4, &read);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IStreamConcatenate_Read(concat, buffer + 4, 4, &read);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok(!strcmp(buffer, "abcdefgh"), "Unexpected data %s.\n", wine_dbgstr_a(buffer));

    IStreamConcatenate_Release(concat);

    /* Initialize2 and Append2 */
    hr = CoCreateInstance(&CLSID_MsftStreamConcatenate, NULL, CLSCTX_INPROC_SERVER,
            &IID_IStreamConcatenate, (void **)&concat);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = IStreamConcatenate_Append(concat, streams[0]);
    ok(FAILED(hr), "Append before Initialize: unexpected hr %#lx.\n", hr);
    hr = IStreamConcatenate_Initialize2(concat, streams + 1, 2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    /* The documentation forbids using a stream twice. */
    more[0] = streams[0];
    more[1] = streams[3];
    hr = IStreamConcatenate_Append2(concat, more, 2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_stream_size(concat, 12);
    check_read(concat, 0, 16, "defghijabckl");
    hr = IStreamConcatenate_QueryInterface(concat, &IID_IStream, (void **)&stream);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    IStream_Release(stream);
    refcount = IStreamConcatenate_Release(concat);
    ok(!refcount, "Unexpected refcount %lu.\n", refcount);

    refcount = IStream_Release(streams[2]);
    ok(!refcount, "Unexpected refcount %lu.\n", refcount);
    IStream_Release(streams[3]);
    IStream_Release(streams[1]);
    IStream_Release(streams[0]);
}

static void test_interleave(void)
{
    ULONG sizes[2] = { 2, 1 }, zero_sizes[2] = { 2, 0 }, refcount;
    IStreamInterleave *interleave;
    IStream *streams[2];
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsftStreamInterleave, NULL, CLSCTX_INPROC_SERVER,
            &IID_IStreamInterleave, (void **)&interleave);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (FAILED(hr)) return;

    streams[0] = create_memory_stream("01234567");
    streams[1] = create_memory_stream("abcd");

    hr = IStreamInterleave_Initialize(interleave, NULL, sizes, 2);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IStreamInterleave_Initialize(interleave, streams, NULL, 2);
    ok(hr == E_POINTER, "Unexpected hr %#lx.\n", hr);
    hr = IStreamInterleave_Initialize(interleave, streams, sizes, 0);
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = IStreamInterleave_Initialize(interleave, streams, zero_sizes, 2);
    ok(FAILED(hr), "Unexpected hr %#lx.\n", hr);

    hr = IStreamInterleave_Initialize(interleave, streams, sizes, 2);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_stream_size(interleave, 12);
    check_read(interleave, 0, 16, "01a23b45c67d");
    check_read(interleave, 3, 4, "23b4");
    check_read(interleave, 11, 4, "d");

    refcount = IStreamInterleave_Release(interleave);
    ok(!refcount, "Unexpected refcount %lu.\n", refcount);
    refcount = IStream_Release(streams[1]);
    ok(!refcount, "Unexpected refcount %lu.\n", refcount);
    refcount = IStream_Release(streams[0]);
    ok(!refcount, "Unexpected refcount %lu.\n", refcount);
}

START_TEST(streams)
{
    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    test_zero();
    test_prng();
    test_concatenate();
    test_interleave();

    CoUninitialize();
}
