' IMAPI2FS through IDispatch from VBScript: a folder made into an image the way
' Microsoft's IMAPI2FS samples do it (AddTree, CreateResultImage, ImageStream),
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
' Run as: cscript //nologo objects.vbs
' Prints one line per check: "ok DESCRIPTION", "fail DESCRIPTION: DETAIL" or
' "skip DESCRIPTION: REASON", and "done N" (N checks) at the very end, so
' that a script that dies half-way is noticed.  No recorder is needed: the
' image is made, not burned.

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

Sub Check(desc, passed, detail)
    If Err.Number <> 0 Then
        Report False, desc, ErrText()
        Err.Clear
    Else
        Report passed, desc, detail
    End If
End Sub

Const FsiFileSystemISO9660 = 1
Const FsiFileSystemJoliet = 2
Const FsiItemNotFound = 0
Const FsiItemDirectory = 1
Const FsiItemFile = 2

Dim fso, folder, sub1, f, image, root, item, result, stream, n, names, progress, blocks, boot

On Error Resume Next

' A folder to burn, in the temporary directory.
Set fso = CreateObject("Scripting.FileSystemObject")
folder = fso.BuildPath(fso.GetSpecialFolder(2), "imapi2fs-vbs-" & Int(Rnd * 1000000))
fso.CreateFolder folder
sub1 = fso.BuildPath(folder, "Sub Folder")
fso.CreateFolder sub1
Set f = fso.CreateTextFile(fso.BuildPath(folder, "first.txt"), True)
f.Write String(5000, "a")
f.Close
Set f = fso.CreateTextFile(fso.BuildPath(sub1, "second file.txt"), True)
f.Write String(100, "b")
f.Close
Check "a folder to burn", fso.FolderExists(sub1), "not created"

Set image = CreateObject("IMAPI2FS.MsftFileSystemImage")
Check "CreateObject(""IMAPI2FS.MsftFileSystemImage"")", Not image Is Nothing, "Nothing"
If image Is Nothing Then
    WScript.Echo "done " & checks
    WScript.Quit 0
End If

image.FileSystemsToCreate = FsiFileSystemISO9660 Or FsiFileSystemJoliet
Check "FileSystemsToCreate", image.FileSystemsToCreate = 3, "got " & image.FileSystemsToCreate
image.VolumeName = "VBS_TEST"
Check "VolumeName", image.VolumeName = "VBS_TEST", "got " & image.VolumeName
image.ChooseImageDefaultsForMediaType 2  ' IMAPI_MEDIA_TYPE_CDR
Check "ChooseImageDefaultsForMediaType", image.FreeMediaBlocks > 0, "FreeMediaBlocks " & image.FreeMediaBlocks

' The sample's way: root.AddTree folder, False.
Set root = image.Root
root.AddTree folder, False
Check "Root.AddTree", root.Count = 2, "Count " & root.Count
Check "FileCount", image.FileCount = 2, "got " & image.FileCount
Check "Exists a file", image.Exists("\Sub Folder\second file.txt") = FsiItemFile, "not a file"
Check "Exists a directory", image.Exists("Sub Folder") = FsiItemDirectory, "not a directory"
Check "Exists nothing", image.Exists("nothing here") = FsiItemNotFound, "found"

names = ""
For Each item In root
    names = names & "[" & item.Name & "]"
Next
Check "For Each over the root", names = "[first.txt][Sub Folder]", "got " & names

Set item = root.Item("Sub Folder\second file.txt")
Check "Item(path).DataSize", item.DataSize = 100, "got " & item.DataSize
Check "Item(path).FullPath", item.FullPath = "\Sub Folder\second file.txt", "got " & item.FullPath
Check "FileSystemName (ISO 9660, level 2)", item.FileSystemName(FsiFileSystemISO9660) = "SECOND_FILE.TXT;1", _
    "got " & item.FileSystemName(FsiFileSystemISO9660)
Check "FileSystemPath (Joliet)", item.FileSystemPath(FsiFileSystemJoliet) = "\Sub Folder\second file.txt", _
    "got " & item.FileSystemPath(FsiFileSystemJoliet)

root.AddDirectory "Sub Folder"
Report Err.Number = &HC0AAB112, "AddDirectory of an existing name raises IMAPI_E_DUP_NAME", ErrText()
Err.Clear

Set result = image.CreateResultImage()
Check "CreateResultImage", Not result Is Nothing, "Nothing"
Set stream = result.ImageStream
Check "ImageStream", Not stream Is Nothing, "Nothing"
Check "BlockSize", result.BlockSize = 2048, "got " & result.BlockSize
blocks = result.TotalBlocks
Check "TotalBlocks", blocks > 16, "got " & blocks

' FirstBlock and LastBlock are ULONGs, a type VBScript does not compute
' with: the files are named by their descriptions.
names = ""
For Each progress In result.ProgressItems
    names = names & "[" & progress.Description & "]"
Next
Check "For Each over ProgressItems: one per file", names = "[\first.txt][\Sub Folder\second file.txt]", _
    "got " & names
Check "ProgressItems.Count", result.ProgressItems.Count = 2, "got " & result.ProgressItems.Count

Set boot = CreateObject("IMAPI2FS.BootOptions")
Check "CreateObject(""IMAPI2FS.BootOptions"")", Not boot Is Nothing, "Nothing"
boot.Manufacturer = "VBS"
Check "BootOptions.Manufacturer", boot.Manufacturer = "VBS", "got " & boot.Manufacturer
boot.PlatformId = &HEF
Check "BootOptions.PlatformId EFI", boot.PlatformId = &HEF, "got " & boot.PlatformId

' Named streams (UDF 2.01): AddStream with another file's Data, RemoveStream.
' FsiNamedStreams is [hidden, restricted] in the type library, not for scripts.
image.FileSystemsToCreate = 7
image.UDFRevision = &H201
Set item = root.Item("first.txt")
item.AddStream "Zone.Identifier", root.Item("Sub Folder\second file.txt").Data
Check "AddStream", True, ""
item.AddStream "copy", item.Data
Check "AddStream of the file's own data", True, ""
n = item.IsNamedStream
Check "IsNamedStream of the file", n = False, "got " & n
item.RemoveStream "copy"
Check "RemoveStream", True, ""
item.RemoveStream "copy"
n = Err.Number
Err.Clear
Check "RemoveStream again: IMAPI_E_ITEM_NOT_FOUND", n = &HC0AAB118, "got 0x" & Hex(n)
Set result = image.CreateResultImage()
n = result.TotalBlocks
Check "CreateResultImage with a stream", n > blocks, "got " & n & ", " & blocks & " before"
' The stream keeps "second file.txt" open while the image lives.
Set stream = Nothing
Set result = Nothing
Set item = Nothing
Set root = Nothing
Set image = Nothing

fso.DeleteFolder folder, True
WScript.Echo "done " & checks
