/*
 * Benchmark helper: enumerate the recorders through IMAPI2 and initialise one.
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

/* usage: bench-recorders.exe [--enumerate-only]
 * Prints "step=<name> ms=<elapsed>" for each step.  A driver script runs it
 * twice, with and without --enumerate-only, and reads the recorders' command
 * logs after each run to count the commands each step cost. */

#define COBJMACROS
#include <stdio.h>
#include <windows.h>
#include "imapi2.h"

static LARGE_INTEGER frequency, start;

static void step_begin(void)
{
    QueryPerformanceCounter(&start);
}

static void step_end(const char *name)
{
    LARGE_INTEGER now;

    QueryPerformanceCounter(&now);
    printf("step=%s ms=%.3f\n", name, (now.QuadPart - start.QuadPart) * 1000.0 / frequency.QuadPart);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    IDiscRecorder2 *recorder;
    IDiscMaster2 *master;
    BOOL enumerate_only = argc > 1 && !strcmp(argv[1], "--enumerate-only");
    BSTR first = NULL;
    LONG count, i;
    HRESULT hr;

    QueryPerformanceFrequency(&frequency);
    CoInitializeEx(NULL, COINIT_MULTITHREADED);

    step_begin();
    hr = CoCreateInstance(&CLSID_MsftDiscMaster2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscMaster2, (void **)&master);
    if (FAILED(hr))
    {
        printf("error=CoCreateInstance hr=%#lx\n", hr);
        return 1;
    }
    step_end("create");

    step_begin();
    hr = IDiscMaster2_get_Count(master, &count);
    for (i = 0; SUCCEEDED(hr) && i < count; ++i)
    {
        BSTR id;

        if (FAILED(hr = IDiscMaster2_get_Item(master, i, &id)))
            break;
        if (!first)
            first = id;
        else
            SysFreeString(id);
    }
    if (FAILED(hr))
    {
        printf("error=enumerate hr=%#lx\n", hr);
        return 1;
    }
    printf("recorders=%ld\n", count);
    step_end("enumerate");

    if (!first || enumerate_only)
        return 0;

    step_begin();
    hr = CoCreateInstance(&CLSID_MsftDiscRecorder2, NULL, CLSCTX_INPROC_SERVER, &IID_IDiscRecorder2, (void **)&recorder);
    if (SUCCEEDED(hr))
        hr = IDiscRecorder2_InitializeDiscRecorder(recorder, first);
    if (FAILED(hr))
    {
        printf("error=InitializeDiscRecorder hr=%#lx\n", hr);
        return 1;
    }
    step_end("initialize");

    IDiscRecorder2_Release(recorder);
    SysFreeString(first);
    IDiscMaster2_Release(master);
    CoUninitialize();
    return 0;
}
