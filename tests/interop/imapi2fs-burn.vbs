' The call sequence of Microsoft's VBScript IMAPI2 samples "Burning a Disc" and
' "Creating a Multisession Disc": a folder burned through IMAPI2FS and
' IDiscFormat2Data on the first recorder, a later one appended to it.
' with For Each over directories and progress items, and boot options.
' Copyright 2026 The imapi2-for-Wine authors
'
' This library is free software; you can redistribute it and/or
' modify it under the terms of the GNU Lesser General Public
' License as published by the Free Software Foundation; either
' version 2.1 of the License, or (at your option) any later version.
'
' This library is distributed in the hope that it will be useful,
' but WITHOUT ANY WARRANTY; without even the implied warranty of
' MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
' Lesser General Public License for more details.
'
' You should have received a copy of the GNU Lesser General Public
' License along with this library; if not, write to the Free Software
' Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
'
'
' Run as: cscript //nologo imapi2fs-burn.vbs FOLDER [append]
' Prints "ok DESCRIPTION" or "fail DESCRIPTION: DETAIL" per check and
' "done N" at the end.  The events sample (WScript.ConnectObject) and the
' boot image sample (ADODB.Stream) cannot run under Wine 8's wscript and
' msado15: see doc/wine-bugs/wscript-event-sinks.md.

Option Explicit

Dim checks
checks = 0

Sub Report(passed, desc, detail)
    checks = checks + 1
    If passed Then
        WScript.Echo "ok " & desc
    Else
        WScript.Echo "fail " & desc & ": " & detail
    End If
End Sub

Sub Check(desc, passed)
    If Err.Number <> 0 Then
        Report False, desc, "error 0x" & Hex(Err.Number) & " (" & Err.Description & ")"
        Err.Clear
    Else
        Report passed, desc, "unexpected value"
    End If
End Sub

Dim folder, append, master, recorder, uniqueId, writer, fsi, root, result, stream, imported

folder = WScript.Arguments(0)
append = WScript.Arguments.Count > 1

On Error Resume Next

' The samples' steps: the first recorder by its unique ID.
Set master = CreateObject("IMAPI2.MsftDiscMaster2")
Check "MsftDiscMaster2 has a recorder", master.Count > 0
uniqueId = master.Item(0)
Set recorder = CreateObject("IMAPI2.MsftDiscRecorder2")
recorder.InitializeDiscRecorder uniqueId
Check "InitializeDiscRecorder", True

Set writer = CreateObject("IMAPI2.MsftDiscFormat2Data")
writer.Recorder = recorder
writer.ClientName = "IMAPIv2 TEST"
Check "MsftDiscFormat2Data on the recorder", True

Set fsi = CreateObject("IMAPI2FS.MsftFileSystemImage")
fsi.ChooseImageDefaults recorder
Check "ChooseImageDefaults(recorder)", fsi.FreeMediaBlocks > 0

If append Then
    ' Multisession sample: the writer's multisession interfaces, then import.
    fsi.MultisessionInterfaces = writer.MultisessionInterfaces
    Check "MultisessionInterfaces", fsi.SessionStartBlock > 0
    imported = fsi.ImportFileSystem()
    Check "ImportFileSystem", imported <> 0

    ' Microsoft documents IMAPI_E_READONLY for AddStream on an image that
    ' imported a file system, whatever the file: tried on the first imported
    ' file of the root (a directory item has no DataSize).
    Dim item, imported_file, size
    Set imported_file = Nothing
    For Each item In fsi.Root
        If imported_file Is Nothing Then
            size = item.DataSize
            If Err.Number = 0 Then Set imported_file = item
            Err.Clear
        End If
    Next
    Check "an imported file in the root", Not imported_file Is Nothing
    If Not imported_file Is Nothing Then
        imported_file.AddStream "stream", imported_file.Data
        Report Err.Number = &HC0AAB102, "AddStream on an imported image gives IMAPI_E_READONLY", _
            "error 0x" & Hex(Err.Number)
        Err.Clear
    End If
End If

Set root = fsi.Root
root.AddTree folder, False
Check "Root.AddTree", root.Count > 0

Set result = fsi.CreateResultImage()
Set stream = result.ImageStream
Check "CreateResultImage().ImageStream", Not stream Is Nothing

writer.Write stream
Check "Write", True

WScript.Echo "done " & checks
