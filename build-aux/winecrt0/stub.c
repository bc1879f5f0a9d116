/*
 * Minimal winecrt0 for the i386 build: the target of "@ stub" spec entries
 * (see crt_dllmain.c for why this library exists).
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

/* The exception code Wine's debugger and winedbg report as an unimplemented
 * function; the two parameters are the module and the function name. */
#define STUB_EXCEPTION_CODE 0x80000100

void __cdecl __wine_spec_unimplemented_stub(const char *module, const char *function)
{
    ULONG_PTR params[2];

    params[0] = (ULONG_PTR)module;
    params[1] = (ULONG_PTR)function;
    for (;;) RaiseException(STUB_EXCEPTION_CODE, EXCEPTION_NONCONTINUABLE, 2, params);
}
