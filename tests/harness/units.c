/*
 * Self-test of include/wine/test.h: units with known outcomes
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
 * Each unit below has an outcome that run.sh knows in advance (counts, exit
 * status, exact lines).  The markers in comments (LINE_xxx) let run.sh find
 * the line numbers the harness must print.  Every unit counts the platform
 * as Wine: natively that is the rule, under Wine it is detected.
 */

#include "wine/test.h"

/* Three passing checks: 3 executed, no failure. */
START_TEST(pass)
{
    ok(1, "one\n");
    ok(2 + 2 == 4, "two\n");
    ok_(__FILE__, __LINE__)(1, "three\n");
}

/* Two failures (one with two contexts pushed) and one pass. */
START_TEST(fail)
{
    ok(0, "first failure %d\n", 42); /* LINE_FAIL1 */
    winetest_push_context("outer %d", 1);
    winetest_push_context("inner");
    ok(0, "second failure\n"); /* LINE_FAIL2 */
    winetest_pop_context();
    winetest_pop_context();
    ok(1, "a pass\n");
}

/* A helper reports its caller's line through ok_(). */
static void check_positive(const char *file, int line, int value)
{
    ok_(file, line)(value > 0, "expected a positive value, got %d\n", value);
}
#define check_positive(value) check_positive(__FILE__, __LINE__, value)

START_TEST(location)
{
    check_positive(1);
    check_positive(-5); /* LINE_HELPER */
}

/* 8 executed: 3 marked todo, 2 failures (a todo that passed and a
 * pass under nested todo), 3 plain passes. */
START_TEST(todo)
{
    todo_wine ok(0, "todo on wine\n"); /* LINE_TODO1 */
    todo_wine ok(1, "fixed but still todo\n"); /* LINE_TODO_SUCCEEDED */
    todo_wine_if(0) ok(1, "todo_wine_if(0) is a plain check\n");
    todo_wine_if(1) ok(0, "todo_wine_if(1) on wine\n");
    todo_if(0) ok(1, "todo_if(0) is a plain check\n");
    todo_wine
    {
        todo_if(0) ok(1, "an enclosing todo still applies\n"); /* LINE_TODO_NESTED */
        todo_if(0) ok(0, "nested todo failure\n");
    }
    ok(1, "after the blocks, checks are plain again\n");
}

/* broken() is false on Wine, so this is one failure. */
START_TEST(broken)
{
    ok(!broken(1), "broken(1) is false on wine\n");
    ok(broken(1), "broken(1) must not pass on wine\n"); /* LINE_BROKEN */
    ok(!broken(0), "broken(0) is false everywhere\n");
}

/* 2 skips, 1 check; win_skip is a failure on Wine: 2 executed, 1 failure. */
START_TEST(skip)
{
    skip("first skip\n"); /* LINE_SKIP */
    skip("second skip %s\n", "with argument");
    ok(1, "a pass\n");
    win_skip("not acceptable on wine\n"); /* LINE_WIN_SKIP */
}

/* Traces print with the location, and are hidden when WINETEST_DEBUG=0. */
START_TEST(trace)
{
    trace("hello %s\n", "world"); /* LINE_TRACE */
    winetest_push_context("ctx");
    trace("with context\n");
    winetest_pop_context();
}

/* flaky failures are reported but not counted as failures. */
START_TEST(flaky)
{
    flaky ok(0, "flaky failure\n"); /* LINE_FLAKY */
    flaky_wine ok(1, "flaky pass\n");
}

/* The debug string helpers, checked from inside. */
START_TEST(dbgstr)
{
    const char *first, *second;

    ok(!strcmp(wine_dbgstr_a("abc"), "\"abc\""), "got %s\n", wine_dbgstr_a("abc"));
    ok(!strcmp(wine_dbgstr_a(NULL), "(null)"), "got %s\n", wine_dbgstr_a(NULL));
    ok(!strcmp(wine_dbgstr_a("a\nb\t\"\\"), "\"a\\nb\\t\\\"\\\\\""),
       "got %s\n", wine_dbgstr_a("a\nb\t\"\\"));
    ok(!strcmp(wine_dbgstr_an("abcdef", 3), "\"abc\""), "got %s\n", wine_dbgstr_an("abcdef", 3));
    ok(!strcmp(wine_dbgstr_a("\x01"), "\"\\01\""), "got %s\n", wine_dbgstr_a("\x01"));
    ok(!strcmp(wine_dbgstr_longlong(0x123456789abcdefULL), "123456789abcdef"),
       "got %s\n", wine_dbgstr_longlong(0x123456789abcdefULL));
    /* Rotating buffers: an earlier result survives a later call. */
    first = wine_dbgstr_a("first");
    second = wine_dbgstr_a("second");
    ok(first != second, "buffers are shared\n");
    ok(!strcmp(first, "\"first\""), "first result overwritten: %s\n", first);
    ok(!strcmp(second, "\"second\""), "got %s\n", second);
#ifdef _WIN32
    {
        static const GUID guid = {0x12345678, 0x9abc, 0xdef0, {1, 2, 3, 4, 5, 6, 7, 8}};
        static const WCHAR text[] = {'w', 'i', 'd', 'e', 0x263a, 0};

        ok(!strcmp(wine_dbgstr_guid(&guid), "{12345678-9abc-def0-0102-030405060708}"),
           "got %s\n", wine_dbgstr_guid(&guid));
        ok(!strcmp(wine_dbgstr_w(text), "L\"wide\\263a\""), "got %s\n", wine_dbgstr_w(text));
        ok(!strcmp(wine_dbgstr_wn(text, 2), "L\"wi\""), "got %s\n", wine_dbgstr_wn(text, 2));
        ok(!strcmp(wine_dbgstr_w(NULL), "(null)"), "got %s\n", wine_dbgstr_w(NULL));
    }
#endif
    ok(winetest_platform_is_wine, "the platform must count as wine here\n");
    ok(!strcmp(winetest_platform, "wine"), "got platform %s\n", winetest_platform);
}

/* Arguments after the unit name reach the unit. */
START_TEST(mainargs)
{
    char **argv;
    int argc = winetest_get_mainargs(&argv);

    ok(argc == 3, "got argc %d\n", argc);
    if (argc == 3) ok(!strcmp(argv[2], "extra"), "got %s\n", argv[2]);
}

/* winetest_debug reflects WINETEST_DEBUG; run.sh sets it to 2. */
START_TEST(debuglevel)
{
    ok(winetest_debug == 2, "got winetest_debug %d\n", winetest_debug);
}
