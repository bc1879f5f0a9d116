' IMAPI2 through IDispatch from VBScript: list the recorders and who they are.
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
' Run as: cscript //nologo recorders.vbs
' Same output protocol as objects.vbs, plus "info ..." lines that describe
' each recorder:
'   info recorder N: VENDOR PRODUCT REVISION paths=E:\ id=UNIQUEID
' With no recorder it checks nothing about recorders and says so with a skip.

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

Function ErrText()
    ErrText = "error 0x" & Hex(Err.Number) & " (" & Err.Description & ")"
End Function

' Reads one string property by name through the recorder's IDispatch; "" and
' a failed check when the read fails or gives no string.
Function ReadString(recorder, index, name)
    Dim value
    value = ""
    On Error Resume Next
    Select Case name
        Case "VendorId": value = recorder.VendorId
        Case "ProductId": value = recorder.ProductId
        Case "ProductRevision": value = recorder.ProductRevision
        Case "ActiveDiscRecorder": value = recorder.ActiveDiscRecorder
    End Select
    If Err.Number <> 0 Then
        Report False, "recorder " & index & ": " & name, ErrText()
        value = ""
    Else
        Report VarType(value) = vbString, "recorder " & index & ": " & name & " is a string", _
            "VarType " & VarType(value)
    End If
    ReadString = value
End Function

Sub DescribeRecorder(index, id)
    Dim recorder, vendor, product, revision, active, paths, path_list, path

    On Error Resume Next
    Set recorder = CreateObject("IMAPI2.MsftDiscRecorder2")
    If Err.Number <> 0 Then
        Report False, "CreateObject(""IMAPI2.MsftDiscRecorder2"")", ErrText()
        Exit Sub
    End If

    recorder.InitializeDiscRecorder id
    If Err.Number <> 0 Then
        Report False, "recorder " & index & ": InitializeDiscRecorder", ErrText()
        Exit Sub
    End If
    Report True, "recorder " & index & ": InitializeDiscRecorder", ""

    active = ReadString(recorder, index, "ActiveDiscRecorder")
    Report active = id, "recorder " & index & ": ActiveDiscRecorder is the ID it was initialized with", _
        "got " & active
    vendor = ReadString(recorder, index, "VendorId")
    product = ReadString(recorder, index, "ProductId")
    revision = ReadString(recorder, index, "ProductRevision")

    ' VolumePathNames is a SAFEARRAY of VARIANT strings (one per mount point).
    path_list = ""
    paths = recorder.VolumePathNames
    If Err.Number <> 0 Then
        Report False, "recorder " & index & ": VolumePathNames", ErrText()
        Err.Clear
    Else
        Report IsArray(paths), "recorder " & index & ": VolumePathNames is an array", _
            "VarType " & VarType(paths)
        If IsArray(paths) Then
            For Each path In paths
                If path_list <> "" Then path_list = path_list & ","
                path_list = path_list & path
            Next
        End If
    End If

    WScript.Echo "info recorder " & index & ": " & Trim(vendor) & " " & Trim(product) & " " & _
        Trim(revision) & " paths=" & path_list & " id=" & id
End Sub

Dim master, id, index

On Error Resume Next
Set master = CreateObject("IMAPI2.MsftDiscMaster2")
If Err.Number <> 0 Then
    Report False, "CreateObject(""IMAPI2.MsftDiscMaster2"")", ErrText()
    WScript.Echo "done " & checks
    WScript.Quit 0
End If
On Error GoTo 0

WScript.Echo "info " & master.Count & " recorder(s)"
If master.Count = 0 Then
    WScript.Echo "skip recorder identity: no recorder"
End If

index = 0
For Each id In master
    DescribeRecorder index, id
    index = index + 1
Next

WScript.Echo "done " & checks
