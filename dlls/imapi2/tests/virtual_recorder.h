/*
 * The project's virtual recorder, as the conformance tests see it
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

/* The test runner names its configuration in IMAPI2_TEST_CONFIG when the drives
 * are virtual recorders; on Windows and with real drives it is unset. */
static inline BOOL is_virtual_recorder(void)
{
    return GetEnvironmentVariableA("IMAPI2_TEST_CONFIG", NULL, 0) > 0;
}

/* Tests that open the tray, write to the media or change the system's
 * registration of imapi2.dll run only against virtual recorders (in a
 * throwaway prefix), or when someone at the machine asked for them with
 * WINETEST_INTERACTIVE=1. */
static inline BOOL may_disturb_system(void)
{
    return winetest_interactive || is_virtual_recorder();
}

/* Injects faults (the SPEC grammar of the recorder's control program, e.g.
 * "timeout:2a:2") with the recorder's vendor-specific command FFh, through
 * IDiscRecorder2Ex. Never sent to a drive that is not virtual: S_FALSE then. */
static inline HRESULT inject_faults(IDiscRecorder2 *recorder, const char *spec)
{
    BYTE cdb[10] = {0xff, 'V', 'D', 'R', 'I', 'V', 'E'}, sense[18];
    ULONG length = strlen(spec);
    IDiscRecorder2Ex *ex;
    HRESULT hr;

    if (!is_virtual_recorder())
        return S_FALSE;
    if (FAILED(hr = IDiscRecorder2_QueryInterface(recorder, &IID_IDiscRecorder2Ex, (void **)&ex)))
        return hr;
    cdb[7] = length >> 8;
    cdb[8] = length;
    hr = IDiscRecorder2Ex_SendCommandSendDataToDevice(ex, cdb, sizeof(cdb), sense, 0, (BYTE *)spec, length);
    IDiscRecorder2Ex_Release(ex);
    return hr;
}
