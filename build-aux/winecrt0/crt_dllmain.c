/*
 * Minimal winecrt0 for the i386 build: the DLL entry point.
 *
 * Wine installs its PE start-up library (libwinecrt0.a) only for the
 * architectures it was built for; a 64-bit-only Wine has none for i386, so
 * "winegcc -b i686-w64-mingw32 -shared" cannot link.  build-aux/i386.mk
 * builds the pieces of it that imapi2.dll needs from the files in this
 * directory, one object per piece so that a module only pulls in what it
 * uses.  Nothing here depends on Wine being present at run time.
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

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved);

/* winegcc links DLLs with --entry DllMainCRTStartup.  There is no C runtime
 * state to set up (the CRT is ucrtbase.dll, initialised by its own entry
 * point), so simply hand over to the module's DllMain. */
BOOL WINAPI DllMainCRTStartup(HINSTANCE instance, DWORD reason, void *reserved)
{
    return DllMain(instance, reason, reserved);
}
