' IMAPI2 through IDispatch from VBScript: create every automation object by
' ProgID and use a property of each.
'
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
' Run as: cscript //nologo objects.vbs
' Prints one line per check: "ok DESCRIPTION", "fail DESCRIPTION: DETAIL" or
' "skip DESCRIPTION: REASON", and "done N" (N checks) at the very end, so
' that a script that dies half-way is noticed.  None of these checks needs a
' recorder.

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

Sub Skip(desc, reason)
    WScript.Echo "skip " & desc & ": " & reason
End Sub

Function ErrText()
    ErrText = "error 0x" & Hex(Err.Number) & " (" & Err.Description & ")"
End Function

' The object, or Nothing when CreateObject fails.
Function Create(progid)
    Dim obj
    Set obj = Nothing
    On Error Resume Next
    Set obj = CreateObject(progid)
    If Err.Number <> 0 Then
        Report False, "CreateObject(""" & progid & """)", ErrText()
        Set obj = Nothing
    Else
        Report Not obj Is Nothing, "CreateObject(""" & progid & """)", "got Nothing"
    End If
    Set Create = obj
End Function

' A value read back after an assignment must be the value assigned.  The
' objects and properties are named explicitly: VBScript has no CallByName.
Sub CheckValue(desc, value, expected)
    If Err.Number <> 0 Then
        Report False, desc, ErrText()
        Err.Clear
    ElseIf VarType(value) <> VarType(expected) Then
        Report False, desc, "got VarType " & VarType(value) & ", expected " & VarType(expected)
    Else
        Report value = expected, desc, "got " & value & ", expected " & expected
    End If
End Sub

Sub TestDiscMaster()
    Dim master, supported, count, id, n, i, ok_types

    Set master = Create("IMAPI2.MsftDiscMaster2")
    If master Is Nothing Then Exit Sub
    On Error Resume Next

    supported = master.IsSupportedEnvironment
    If Err.Number <> 0 Then
        Report False, "MsftDiscMaster2.IsSupportedEnvironment", ErrText()
        Err.Clear
    Else
        Report VarType(supported) = vbBoolean, "MsftDiscMaster2.IsSupportedEnvironment is a Boolean", _
            "VarType " & VarType(supported)
    End If

    count = master.Count
    If Err.Number <> 0 Then
        Report False, "MsftDiscMaster2.Count", ErrText()
        Err.Clear
        Exit Sub
    End If
    Report VarType(count) = vbLong And count >= 0, "MsftDiscMaster2.Count is a Long >= 0", _
        "got " & count & " (VarType " & VarType(count) & ")"

    ' _NewEnum and Item enumerate the same unique IDs.
    n = 0
    ok_types = True
    For Each id In master
        If Err.Number <> 0 Then Exit For
        If VarType(id) <> vbString Then ok_types = False
        n = n + 1
        If n > 64 Then Exit For
    Next
    If Err.Number <> 0 Then
        Report False, "For Each over MsftDiscMaster2", ErrText()
        Err.Clear
    Else
        Report n = count And ok_types, "For Each over MsftDiscMaster2 gives Count strings", _
            n & " items for Count " & count
    End If

    For i = 0 To count - 1
        id = master.Item(i)
        If Err.Number <> 0 Then
            Report False, "MsftDiscMaster2.Item(" & i & ")", ErrText()
            Err.Clear
        Else
            Report VarType(id) = vbString And Len(id) > 0, "MsftDiscMaster2.Item(" & i & ") is a unique ID", _
                "got VarType " & VarType(id)
            ' Item is the default member.
            Report master(i) = id, "MsftDiscMaster2(" & i & ") = Item(" & i & ")", "differs"
        End If
    Next

    id = master.Item(count)
    Report Err.Number <> 0, "MsftDiscMaster2.Item(Count) raises an error", "no error"
    Err.Clear
End Sub

Sub TestFormatData()
    Dim format, value

    Set format = Create("IMAPI2.MsftDiscFormat2Data")
    If format Is Nothing Then Exit Sub
    On Error Resume Next
    format.ClientName = "Imapi2Test"
    value = format.ClientName
    CheckValue "MsftDiscFormat2Data.ClientName round trip", value, "Imapi2Test"
    format.ForceOverwrite = True
    value = format.ForceOverwrite
    CheckValue "MsftDiscFormat2Data.ForceOverwrite round trip", value, True
End Sub

Sub TestFormatErase()
    Dim format, value

    Set format = Create("IMAPI2.MsftDiscFormat2Erase")
    If format Is Nothing Then Exit Sub
    On Error Resume Next
    format.ClientName = "Imapi2Test"
    value = format.ClientName
    CheckValue "MsftDiscFormat2Erase.ClientName round trip", value, "Imapi2Test"
    format.FullErase = True
    value = format.FullErase
    CheckValue "MsftDiscFormat2Erase.FullErase round trip", value, True
End Sub

Sub TestFormatTrackAtOnce()
    Dim format, value

    Set format = Create("IMAPI2.MsftDiscFormat2TrackAtOnce")
    If format Is Nothing Then Exit Sub
    On Error Resume Next
    format.ClientName = "Imapi2Test"
    value = format.ClientName
    CheckValue "MsftDiscFormat2TrackAtOnce.ClientName round trip", value, "Imapi2Test"
    format.DoNotFinalizeMedia = True
    value = format.DoNotFinalizeMedia
    CheckValue "MsftDiscFormat2TrackAtOnce.DoNotFinalizeMedia round trip", value, True
End Sub

Sub TestFormatRawCD()
    Dim format, value

    Set format = Create("IMAPI2.MsftDiscFormat2RawCD")
    If format Is Nothing Then Exit Sub
    On Error Resume Next
    format.ClientName = "Imapi2Test"
    value = format.ClientName
    CheckValue "MsftDiscFormat2RawCD.ClientName round trip", value, "Imapi2Test"
    format.BufferUnderrunFreeDisabled = True
    value = format.BufferUnderrunFreeDisabled
    CheckValue "MsftDiscFormat2RawCD.BufferUnderrunFreeDisabled round trip", value, True
End Sub

Sub TestWriteEngine()
    Dim engine, value

    Set engine = Create("IMAPI2.MsftWriteEngine2")
    If engine Is Nothing Then Exit Sub
    On Error Resume Next
    engine.BytesPerSector = 2048
    value = engine.BytesPerSector
    CheckValue "MsftWriteEngine2.BytesPerSector round trip", value, CLng(2048)
    engine.UseStreamingWrite12 = True
    value = engine.UseStreamingWrite12
    CheckValue "MsftWriteEngine2.UseStreamingWrite12 round trip", value, True
End Sub

Sub TestRawCDImageCreator()
    Dim creator, value

    Set creator = Create("IMAPI2.MsftRawCDImageCreator")
    If creator Is Nothing Then Exit Sub
    On Error Resume Next
    creator.DisableGaplessAudio = True
    value = creator.DisableGaplessAudio
    CheckValue "MsftRawCDImageCreator.DisableGaplessAudio round trip", value, True
    creator.StartingTrackNumber = 5
    value = creator.StartingTrackNumber
    CheckValue "MsftRawCDImageCreator.StartingTrackNumber round trip", value, CLng(5)
End Sub

Sub TestRecorder()
    Dim recorder

    ' Every property needs InitializeDiscRecorder first; see recorders.vbs.
    Set recorder = Create("IMAPI2.MsftDiscRecorder2")
End Sub

Dim progid, obj

TestDiscMaster
TestRecorder
TestWriteEngine
TestFormatErase
TestFormatData
TestFormatTrackAtOnce
TestFormatRawCD
TestRawCDImageCreator

' The versioned ProgIDs create the same objects.
For Each progid In Array("MsftDiscMaster2", "MsftDiscRecorder2", "MsftWriteEngine2", _
        "MsftDiscFormat2Erase", "MsftDiscFormat2Data", "MsftDiscFormat2TrackAtOnce", _
        "MsftDiscFormat2RawCD", "MsftRawCDImageCreator")
    Set obj = Create("IMAPI2." & progid & ".1")
Next

' The stream classes implement IStream and its IMAPI2 extensions, none of
' which is an automation interface (Windows SDK coclass definitions).
For Each progid In Array("MsftStreamZero", "MsftStreamPrng001", "MsftStreamConcatenate", _
        "MsftStreamInterleave")
    Skip "CreateObject(""IMAPI2." & progid & """)", "not an automation object"
Next

WScript.Echo "done " & checks
