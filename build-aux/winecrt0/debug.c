/*
 * Minimal winecrt0 for the i386 build: the debug channel functions that
 * wine/debug.h calls (see crt_dllmain.c for why this library exists).
 *
 * Wine's ntdll.dll implements them, but the i386 import library of
 * mingw-w64 does not know them and real Windows does not have them, so they
 * are looked up in ntdll at run time.  Where ntdll lacks them (Windows) every
 * channel is off: nothing is printed and the module loads and works as usual.
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

#include "windef.h"
#include "winbase.h"
#include "wine/debug.h"

typedef unsigned char (__cdecl *get_channel_flags_func)(struct __wine_debug_channel *);
typedef const char * (__cdecl *strdup_func)(const char *);
typedef int (__cdecl *output_func)(const char *);
typedef int (__cdecl *header_func)(enum __wine_debug_class, struct __wine_debug_channel *, const char *);

static void * volatile p_get_channel_flags;
static void * volatile p_strdup;
static void * volatile p_output;
static void * volatile p_header;

/* Returns ntdll's export, or the fallback; the result is cached.  Threads
 * racing here store the same value, so no lock is needed. */
static void *resolve(void * volatile *cache, const char *name, void *fallback)
{
    void *func = *cache;
    HMODULE ntdll;

    if (func) return func;
    if (!(ntdll = GetModuleHandleW(L"ntdll.dll")) || !(func = (void *)GetProcAddress(ntdll, name)))
        func = fallback;
    InterlockedExchangePointer((void **)cache, func);
    return func;
}

static unsigned char __cdecl fallback_get_channel_flags(struct __wine_debug_channel *channel)
{
    /* Clearing the cached flags (including the lazy-init bit) makes the
     * debug macros skip the channel from now on. */
    channel->flags = 0;
    return 0;
}

/* The debugstr helpers format into the caller's stack and return a copy from
 * here, before the header call finds the channel disabled, so the copy must
 * outlive the caller: a small ring buffer, as short-lived as Wine's. */
#define RING_SIZE 4096
#define MAX_COPY  512

static char ring[RING_SIZE];
static LONG ring_pos;

static const char * __cdecl fallback_strdup(const char *str)
{
    unsigned int len, i;
    char *copy;

    for (len = 0; len < MAX_COPY - 1 && str[len]; ++len) ;
    copy = ring + (ULONG)InterlockedExchangeAdd(&ring_pos, len + 1) % (RING_SIZE - MAX_COPY);
    for (i = 0; i < len; ++i) copy[i] = str[i];
    copy[len] = 0;
    return copy;
}

static int __cdecl fallback_output(const char *str)
{
    return 0;
}

static int __cdecl fallback_header(enum __wine_debug_class cls, struct __wine_debug_channel *channel,
                                   const char *function)
{
    fallback_get_channel_flags(channel);
    return -1;
}

unsigned char __cdecl __wine_dbg_get_channel_flags(struct __wine_debug_channel *channel)
{
    get_channel_flags_func func = resolve(&p_get_channel_flags, "__wine_dbg_get_channel_flags",
                                          fallback_get_channel_flags);
    return func(channel);
}

const char * __cdecl __wine_dbg_strdup(const char *str)
{
    strdup_func func = resolve(&p_strdup, "__wine_dbg_strdup", fallback_strdup);
    return func(str);
}

int __cdecl __wine_dbg_output(const char *str)
{
    output_func func = resolve(&p_output, "__wine_dbg_output", fallback_output);
    return func(str);
}

int __cdecl __wine_dbg_header(enum __wine_debug_class cls, struct __wine_debug_channel *channel,
                              const char *function)
{
    header_func func = resolve(&p_header, "__wine_dbg_header", fallback_header);
    return func(cls, channel, function);
}
