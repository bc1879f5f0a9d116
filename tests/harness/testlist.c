/*
 * Test list of the harness self-test, in the form a build generates it
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

#define STANDALONE
#include "wine/test.h"

extern void func_pass(void);
extern void func_fail(void);
extern void func_location(void);
extern void func_todo(void);
extern void func_broken(void);
extern void func_skip(void);
extern void func_trace(void);
extern void func_flaky(void);
extern void func_dbgstr(void);
extern void func_mainargs(void);
extern void func_debuglevel(void);

const struct test winetest_testlist[] =
{
    { "pass", func_pass },
    { "fail", func_fail },
    { "location", func_location },
    { "todo", func_todo },
    { "broken", func_broken },
    { "skip", func_skip },
    { "trace", func_trace },
    { "flaky", func_flaky },
    { "dbgstr", func_dbgstr },
    { "mainargs", func_mainargs },
    { "debuglevel", func_debuglevel },
    { 0, 0 }
};
