/*
 * IMAPI2 through IDispatch from JScript
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

/*
 * Run as: cscript //nologo objects.js
 * Same output protocol as objects.vbs: "ok ...", "fail ...: ...", "done N".
 */

var checks = 0;

function report(passed, desc, detail)
{
    checks++;
    WScript.Echo((passed ? "ok " : "fail ") + desc + (passed ? "" : ": " + detail));
}

function error_text(e)
{
    return "error 0x" + ((e.number + 0x100000000) % 0x100000000).toString(16) + " (" + e.message + ")";
}

function create(progid)
{
    try
    {
        var obj = new ActiveXObject(progid);
        report(obj != null, "new ActiveXObject(\"" + progid + "\")", "got null");
        return obj;
    }
    catch (e)
    {
        report(false, "new ActiveXObject(\"" + progid + "\")", error_text(e));
        return null;
    }
}

function test_disc_master()
{
    var master = create("IMAPI2.MsftDiscMaster2"), count, items, e;

    if (!master) return;
    try
    {
        report(typeof master.IsSupportedEnvironment == "boolean",
               "MsftDiscMaster2.IsSupportedEnvironment is a boolean",
               "typeof " + typeof master.IsSupportedEnvironment);
    }
    catch (e)
    {
        report(false, "MsftDiscMaster2.IsSupportedEnvironment", error_text(e));
    }
    try
    {
        count = master.Count;
        report(typeof count == "number" && count >= 0, "MsftDiscMaster2.Count is a number >= 0",
               "got " + count);
    }
    catch (e)
    {
        report(false, "MsftDiscMaster2.Count", error_text(e));
        return;
    }
    /* The collection through _NewEnum (DISPID_NEWENUM). */
    try
    {
        items = 0;
        for (e = new Enumerator(master); !e.atEnd() && items <= 64; e.moveNext())
            items++;
        report(items == count, "Enumerator over MsftDiscMaster2 gives Count items",
               items + " items for Count " + count);
    }
    catch (e)
    {
        report(false, "Enumerator over MsftDiscMaster2", error_text(e));
    }
}

function test_format_data()
{
    var format = create("IMAPI2.MsftDiscFormat2Data");

    if (!format) return;
    try
    {
        format.ClientName = "Imapi2Test";
        report(format.ClientName === "Imapi2Test", "MsftDiscFormat2Data.ClientName round trip",
               "got " + format.ClientName);
    }
    catch (e)
    {
        report(false, "MsftDiscFormat2Data.ClientName round trip", error_text(e));
    }
}

test_disc_master();
test_format_data();
WScript.Echo("done " + checks);
