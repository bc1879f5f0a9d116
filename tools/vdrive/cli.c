/*
 * Virtual MMC recorder: the vdrive control program
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

#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "vdrive.h"

#define EXIT_OK         0
#define EXIT_RUNTIME    1
#define EXIT_USAGE      2

#define MAX_DRIVES      16
#define BRIDGE_NAME     "vdrive-bridge.so"
#define DEFAULT_WINE    "/usr/lib/wine/wine64"
#define WINE_DRIVES_KEY "[Software\\\\Wine\\\\Drives]"
#define WINE_MOUNT_DIR  "vdrive"

static const char *const profiles[] =
{
    "none", "cd-rom", "cd-r", "cd-rw", "dvd-rom", "dvd-r", "dvd-rw", "dvd-rw-ro", "dvd+r",
    "dvd+r-dl", "dvd+rw", "bd-r", "bd-re",
};

static const char *program = "vdrive";

static void usage(FILE *out)
{
    fprintf(out,
            "Usage:\n"
            "  %1$s new DIR --media PROFILE     a recorder holding blank PROFILE media\n"
            "  %1$s insert DIR --media PROFILE  swap the media for blank PROFILE media\n"
            "  %1$s insert DIR --media reload   close the tray over the disc still in it\n"
            "  %1$s eject DIR                   open the tray\n"
            "  %1$s layout DIR                  the disc: profile, status, sessions, tracks\n"
            "  %1$s exec DIR [DIR...] -- COMMAND [ARGS...]\n"
            "      run COMMAND with the recorders as /dev/sr0, /dev/sr1, ...\n"
            "  %1$s env DIR [DIR...]            print the environment exec sets\n"
            "  %1$s wine-map DIR WINEPREFIX LETTER\n"
            "      map the recorder into a Wine prefix as the CD-ROM drive LETTER:\n"
            "  %1$s fault DIR SPEC              inject a fault (see vdrive.h)\n"
            "  %1$s speed DIR SPEED             pace writes: Nx-cd, Nx-dvd, Nx-bd, kB/s, unpaced\n"
            "  %1$s log DIR on|off|show|clear   the command log\n"
            "PROFILE: none cd-rom cd-r cd-rw dvd-rom dvd-r dvd-rw dvd-rw-ro dvd+r dvd+r-dl\n"
            "         dvd+rw bd-r bd-re; cd-rom:FILE and dvd-rom:FILE hold FILE's content\n"
            "Environment: VDRIVE_BRIDGE (the bridge library), WINE, WINESERVER.\n",
            program);
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list args;

    fprintf(stderr, "%s: ", program);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fprintf(stderr, "\nTry '%s help'.\n", program);
    return EXIT_USAGE;
}

static int runtime_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int runtime_error(const char *fmt, ...)
{
    va_list args;

    fprintf(stderr, "%s: ", program);
    va_start(args, fmt);
    vfprintf(stderr, fmt, args);
    va_end(args);
    fprintf(stderr, "\n");
    return EXIT_RUNTIME;
}

static int core_result(int ret, const char *dir, const char *err)
{
    if (ret)
        return runtime_error("%s: %s", dir, err[0] ? err : "failed");
    return EXIT_OK;
}

/* A profile name; ROM media may name the file holding their content
 * ("cd-rom:FILE"), and insert also takes "reload" (the disc in the tray). */
static int is_media(const char *name, int insert)
{
    size_t i;

    if (insert && !strcmp(name, "reload"))
        return 1;
    if ((!strncmp(name, "cd-rom:", 7) && name[7]) || (!strncmp(name, "dvd-rom:", 8) && name[8]))
        return 1;
    for (i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
        if (!strcmp(name, profiles[i]))
            return 1;
    return 0;
}

/* Parses "DIR --media PROFILE" (the option may also come first). */
static int parse_media_args(int argc, char **argv, int insert, const char **dir,
                            const char **media)
{
    int i;

    *dir = *media = NULL;
    for (i = 0; i < argc; i++)
    {
        if (!strcmp(argv[i], "--media") && i + 1 < argc)
            *media = argv[++i];
        else if (!strncmp(argv[i], "--media=", 8))
            *media = argv[i] + 8;
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("unknown option '%s'", argv[i]);
        else if (!*dir)
            *dir = argv[i];
        else
            return usage_error("unexpected argument '%s'", argv[i]);
    }
    if (!*dir)
        return usage_error("missing DIR");
    if (!*media)
        return usage_error("missing --media PROFILE");
    if (!is_media(*media, insert))
        return usage_error("unknown media profile '%s'", *media);
    return EXIT_OK;
}

static int cmd_new_insert(int argc, char **argv, int create)
{
    const char *dir, *media;
    char err[512] = "";
    int ret;

    if ((ret = parse_media_args(argc, argv, !create, &dir, &media)))
        return ret;
    if (create)
        ret = vdrive_create(dir, media, err, sizeof(err));
    else
        ret = vdrive_insert(dir, media, err, sizeof(err));
    return core_result(ret, dir, err);
}

static int cmd_eject(int argc, char **argv)
{
    char err[512] = "";

    if (argc != 1)
        return usage_error("eject takes exactly one DIR");
    return core_result(vdrive_eject(argv[0], err, sizeof(err)), argv[0], err);
}

static int cmd_layout(int argc, char **argv)
{
    char err[512] = "";
    int ret;

    if (argc != 1)
        return usage_error("layout takes exactly one DIR");
    ret = vdrive_layout(argv[0], stdout, err, sizeof(err));
    fflush(stdout);
    return core_result(ret, argv[0], err);
}

static int cmd_fault(int argc, char **argv)
{
    char err[512] = "";

    if (argc != 2)
        return usage_error("fault takes DIR and SPEC");
    return core_result(vdrive_fault(argv[0], argv[1], err, sizeof(err)), argv[0], err);
}

static int cmd_speed(int argc, char **argv)
{
    char err[512] = "";

    if (argc != 2)
        return usage_error("speed takes DIR and SPEED");
    return core_result(vdrive_speed(argv[0], argv[1], err, sizeof(err)), argv[0], err);
}

static int cmd_log(int argc, char **argv)
{
    char err[512] = "";
    int ret;

    if (argc != 2)
        return usage_error("log takes DIR and one of on, off, show, clear");
    if (strcmp(argv[1], "on") && strcmp(argv[1], "off") && strcmp(argv[1], "show")
        && strcmp(argv[1], "clear"))
        return usage_error("unknown log action '%s'", argv[1]);
    ret = vdrive_log(argv[0], argv[1], stdout, err, sizeof(err));
    fflush(stdout);
    return core_result(ret, argv[0], err);
}

/* ---- exec / env ---- */

/* The absolute directory of a recorder, checked to hold a placeholder. */
static int recorder_path(const char *dir, char *out, size_t size)
{
    char resolved[PATH_MAX], placeholder[PATH_MAX + sizeof(VDRIVE_PLACEHOLDER) + 1];
    struct stat st;

    if (!realpath(dir, resolved))
        return runtime_error("%s: %s", dir, strerror(errno));
    snprintf(placeholder, sizeof(placeholder), "%s/%s", resolved, VDRIVE_PLACEHOLDER);
    if (stat(placeholder, &st) || !S_ISREG(st.st_mode))
        return runtime_error("%s: not a recorder (no %s; create one with '%s new')", dir,
                             VDRIVE_PLACEHOLDER, program);
    if (strchr(resolved, ':'))
        return runtime_error("%s: a recorder path must not contain ':'", dir);
    if (strlen(resolved) >= size)
        return runtime_error("%s: path too long", dir);
    strcpy(out, resolved);
    return EXIT_OK;
}

static int bridge_path(char *out, size_t size)
{
    const char *env = getenv("VDRIVE_BRIDGE");
    char self[PATH_MAX], *slash;
    ssize_t len;

    if (env && *env)
    {
        if (access(env, R_OK))
            return runtime_error("VDRIVE_BRIDGE=%s: %s", env, strerror(errno));
        if (!realpath(env, out))
            return runtime_error("VDRIVE_BRIDGE=%s: %s", env, strerror(errno));
        return EXIT_OK;
    }
    if ((len = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
        return runtime_error("cannot locate the vdrive executable: %s", strerror(errno));
    self[len] = 0;
    if (!(slash = strrchr(self, '/')))
        return runtime_error("cannot locate the vdrive executable");
    *slash = 0;
    if ((size_t)snprintf(out, size, "%s/%s", self, BRIDGE_NAME) >= size)
        return runtime_error("path too long");
    if (access(out, R_OK))
        return runtime_error("%s: %s (build it, or set VDRIVE_BRIDGE)", out, strerror(errno));
    return EXIT_OK;
}

/* Builds the values of VDRIVE_DRIVES and LD_PRELOAD for the recorders. */
static int bridge_environment(int count, char **dirs, char **drives_value, char **preload_value)
{
    char bridge[PATH_MAX], dir[PATH_MAX];
    const char *preload = getenv("LD_PRELOAD");
    size_t used = 0, size = 1;
    char *list;
    int i, ret;

    if (count > MAX_DRIVES)
        return usage_error("at most %u recorders", MAX_DRIVES);
    if ((ret = bridge_path(bridge, sizeof(bridge))))
        return ret;
    size += (size_t)count * PATH_MAX;
    if (!(list = malloc(size)))
        return runtime_error("out of memory");
    list[0] = 0;
    for (i = 0; i < count; i++)
    {
        if ((ret = recorder_path(dirs[i], dir, sizeof(dir))))
        {
            free(list);
            return ret;
        }
        used += snprintf(list + used, size - used, "%s%s", i ? ":" : "", dir);
    }
    *drives_value = list;
    if (preload && *preload && !strstr(preload, bridge))
    {
        if (asprintf(preload_value, "%s:%s", bridge, preload) < 0)
            return runtime_error("out of memory");
    }
    else if (!(*preload_value = strdup(bridge)))
        return runtime_error("out of memory");
    return EXIT_OK;
}

static int cmd_exec(int argc, char **argv)
{
    char *drives_value, *preload_value;
    int separator, ret;

    for (separator = 0; separator < argc; separator++)
        if (!strcmp(argv[separator], "--"))
            break;
    if (separator == argc)
        return usage_error("exec needs '--' before the command");
    if (!separator)
        return usage_error("exec needs at least one DIR");
    if (separator + 1 == argc)
        return usage_error("exec needs a COMMAND after '--'");
    if ((ret = bridge_environment(separator, argv, &drives_value, &preload_value)))
        return ret;
    if (setenv("VDRIVE_DRIVES", drives_value, 1) || setenv("LD_PRELOAD", preload_value, 1))
        return runtime_error("setenv: %s", strerror(errno));
    execvp(argv[separator + 1], argv + separator + 1);
    return runtime_error("%s: %s", argv[separator + 1], strerror(errno));
}

static void print_quoted(const char *name, const char *value)
{
    printf("%s='", name);
    for (; *value; value++)
    {
        if (*value == '\'')
            fputs("'\\''", stdout);
        else
            putchar(*value);
    }
    printf("'; export %s\n", name);
}

static int cmd_env(int argc, char **argv)
{
    char *drives_value, *preload_value;
    int ret;

    if (!argc)
        return usage_error("env needs at least one DIR");
    if ((ret = bridge_environment(argc, argv, &drives_value, &preload_value)))
        return ret;
    print_quoted("VDRIVE_DRIVES", drives_value);
    print_quoted("LD_PRELOAD", preload_value);
    return EXIT_OK;
}

/* ---- wine-map ---- */

static const char *wine_binary(void)
{
    const char *env = getenv("WINE");

    if (env && *env)
        return env;
    if (!access(DEFAULT_WINE, X_OK))
        return DEFAULT_WINE;
    return "wine64";
}

/* wineserver lives next to the wine loader in Debian's layout. */
static const char *wineserver_binary(char *buffer, size_t size)
{
    const char *env = getenv("WINESERVER"), *wine = wine_binary();
    const char *slash = strrchr(wine, '/');

    if (env && *env)
        return env;
    if (slash && (size_t)snprintf(buffer, size, "%.*s/wineserver", (int)(slash - wine), wine) < size
        && !access(buffer, X_OK))
        return buffer;
    return "wineserver";
}

/* Runs a command with WINEPREFIX set, WINEDEBUG quiet and without the
 * bridge; a failure is reported unless quiet. */
static int run_wine_tool(const char *prefix, char *const *args, int quiet)
{
    int status;
    pid_t pid;

    fflush(stdout);
    if ((pid = fork()) < 0)
        return runtime_error("fork: %s", strerror(errno));
    if (!pid)
    {
        setenv("WINEPREFIX", prefix, 1);
        if (!getenv("WINEDEBUG"))
            setenv("WINEDEBUG", "-all", 1);
        unsetenv("LD_PRELOAD");
        unsetenv("VDRIVE_DRIVES");
        execvp(args[0], args);
        fprintf(stderr, "%s: %s: %s\n", program, args[0], strerror(errno));
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return runtime_error("waitpid: %s", strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status))
        return quiet ? EXIT_RUNTIME : runtime_error("%s failed (status %#x)", args[0], status);
    return EXIT_OK;
}

static int read_file(const char *path, char **data, size_t *size)
{
    FILE *file;
    long len;

    if (!(file = fopen(path, "rb")))
        return runtime_error("%s: %s", path, strerror(errno));
    if (fseek(file, 0, SEEK_END) || (len = ftell(file)) < 0 || fseek(file, 0, SEEK_SET)
        || !(*data = malloc(len + 1)) || fread(*data, 1, len, file) != (size_t)len)
    {
        fclose(file);
        return runtime_error("%s: cannot read", path);
    }
    fclose(file);
    (*data)[len] = 0;
    *size = len;
    return EXIT_OK;
}

static int write_file(const char *path, const char *parts[], const size_t sizes[], int count)
{
    char temp[PATH_MAX + 16];
    FILE *file;
    int i;

    snprintf(temp, sizeof(temp), "%s.vdrive-tmp", path);
    if (!(file = fopen(temp, "wb")))
        return runtime_error("%s: %s", temp, strerror(errno));
    for (i = 0; i < count; i++)
    {
        if (sizes[i] && fwrite(parts[i], 1, sizes[i], file) != sizes[i])
        {
            fclose(file);
            unlink(temp);
            return runtime_error("%s: write failed", temp);
        }
    }
    if (fclose(file) || rename(temp, path))
    {
        unlink(temp);
        return runtime_error("%s: %s", path, strerror(errno));
    }
    return EXIT_OK;
}

static const char *next_line(const char *p)
{
    const char *nl = strchr(p, '\n');
    return nl ? nl + 1 : p + strlen(p);
}

/* Sets "x:"="cdrom" in HKLM\Software\Wine\Drives, editing system.reg
 * while no wineserver holds the registry. */
static int set_drive_type(const char *prefix, char letter)
{
    char path[PATH_MAX + 16], value[32], name[8], header[64];
    const char *parts[3], *section, *p, *insert, *replace_end;
    size_t size = 0, sizes[3];
    char *data = NULL;
    int ret;

    snprintf(path, sizeof(path), "%s/system.reg", prefix);
    if ((ret = read_file(path, &data, &size)))
        return ret;
    snprintf(name, sizeof(name), "\"%c:\"=", letter);
    snprintf(value, sizeof(value), "\"%c:\"=\"cdrom\"\n", letter);

    section = NULL;
    for (p = data; *p; p = next_line(p))
    {
        if (!strncmp(p, WINE_DRIVES_KEY, strlen(WINE_DRIVES_KEY))
            && (p[strlen(WINE_DRIVES_KEY)] == ' ' || p[strlen(WINE_DRIVES_KEY)] == '\n'))
        {
            section = p;
            break;
        }
    }
    if (!section)
    {
        snprintf(header, sizeof(header), "\n" WINE_DRIVES_KEY " %lld\n", (long long)time(NULL));
        parts[0] = data;   sizes[0] = size;
        parts[1] = header; sizes[1] = strlen(header);
        parts[2] = value;  sizes[2] = strlen(value);
        ret = write_file(path, parts, sizes, 3);
        free(data);
        return ret;
    }

    /* Within the section: replace our letter's value, or add it after the
     * header and its #time line. */
    insert = next_line(section);
    if (!strncmp(insert, "#time=", 6))
        insert = next_line(insert);
    replace_end = insert;
    for (p = insert; *p && *p != '\n' && *p != '['; p = next_line(p))
    {
        if (!strncasecmp(p, name, strlen(name)))
        {
            insert = p;
            replace_end = next_line(p);
            break;
        }
    }
    parts[0] = data;        sizes[0] = insert - data;
    parts[1] = value;       sizes[1] = strlen(value);
    parts[2] = replace_end; sizes[2] = size - (replace_end - data);
    ret = write_file(path, parts, sizes, 3);
    free(data);
    return ret;
}

static int replace_symlink(const char *target, const char *link)
{
    if (unlink(link) && errno != ENOENT)
        return runtime_error("%s: %s", link, strerror(errno));
    if (symlink(target, link))
        return runtime_error("%s: %s", link, strerror(errno));
    return EXIT_OK;
}

static int cmd_wine_map(int argc, char **argv)
{
    char dir[PATH_MAX], prefix[PATH_MAX], path[PATH_MAX * 2], target[PATH_MAX * 2];
    char server_buffer[PATH_MAX];
    const char *server;
    struct stat st;
    char letter;
    int ret;

    if (argc != 3)
        return usage_error("wine-map takes DIR, WINEPREFIX and LETTER");
    if (strlen(argv[2]) > 2 || !isalpha((unsigned char)argv[2][0])
        || (argv[2][1] && argv[2][1] != ':'))
        return usage_error("LETTER must be a drive letter, e.g. x");
    letter = tolower((unsigned char)argv[2][0]);
    if (letter == 'c' || letter == 'z')
        return usage_error("drive %c: is Wine's own; choose another letter", letter);
    if ((ret = recorder_path(argv[0], dir, sizeof(dir))))
        return ret;

    if (mkdir(argv[1], 0777) && errno != EEXIST)
        return runtime_error("%s: %s", argv[1], strerror(errno));
    if (!realpath(argv[1], prefix))
        return runtime_error("%s: %s", argv[1], strerror(errno));

    snprintf(path, sizeof(path), "%s/system.reg", prefix);
    if (stat(path, &st))
    {
        char *const init[] = {(char *)wine_binary(), (char *)"wineboot.exe", (char *)"--init",
                              NULL};
        fprintf(stderr, "%s: creating the Wine prefix %s\n", program, prefix);
        if ((ret = run_wine_tool(prefix, init, 0)))
            return ret;
    }

    /* Wine reads dosdevices and the drive types when wineserver and
     * mountmgr start: stop the server first, and wait for it. */
    server = wineserver_binary(server_buffer, sizeof(server_buffer));
    {
        char *const kill_args[] = {(char *)server, (char *)"-k", NULL};
        char *const wait_args[] = {(char *)server, (char *)"-w", NULL};
        /* -k and -w fail when no server runs: that is fine */
        run_wine_tool(prefix, kill_args, 1);
        run_wine_tool(prefix, wait_args, 1);
    }

    /* LETTER:: is the device that \\.\LETTER: opens; LETTER: must be a
     * directory, or GetDriveType says DRIVE_NO_ROOT_DIR.  An empty one
     * stands for the unmounted disc. */
    snprintf(path, sizeof(path), "%s/%s", prefix, WINE_MOUNT_DIR);
    if (mkdir(path, 0777) && errno != EEXIST)
        return runtime_error("%s: %s", path, strerror(errno));
    snprintf(path, sizeof(path), "%s/%s/%c", prefix, WINE_MOUNT_DIR, letter);
    if (mkdir(path, 0777) && errno != EEXIST)
        return runtime_error("%s: %s", path, strerror(errno));
    snprintf(path, sizeof(path), "%s/dosdevices", prefix);
    if (mkdir(path, 0777) && errno != EEXIST)
        return runtime_error("%s: %s", path, strerror(errno));

    snprintf(target, sizeof(target), "../%s/%c", WINE_MOUNT_DIR, letter);
    snprintf(path, sizeof(path), "%s/dosdevices/%c:", prefix, letter);
    if ((ret = replace_symlink(target, path)))
        return ret;
    snprintf(target, sizeof(target), "%s/%s", dir, VDRIVE_PLACEHOLDER);
    snprintf(path, sizeof(path), "%s/dosdevices/%c::", prefix, letter);
    if ((ret = replace_symlink(target, path)))
        return ret;
    if ((ret = set_drive_type(prefix, letter)))
        return ret;

    printf("%c: is the recorder %s in %s; run programs with\n"
           "  WINEPREFIX=%s %s exec %s -- %s PROGRAM.exe\n",
           toupper((unsigned char)letter), dir, prefix, prefix, program, dir, wine_binary());
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    void (*disable_bridge)(void);
    const char *command;

    if (argv[0] && *argv[0])
        program = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

    /* Run under 'vdrive exec', this process has the bridge preloaded: the
     * core below must see the placeholders as plain files. */
    if ((disable_bridge = (void (*)(void))dlsym(RTLD_DEFAULT, "vdrive_bridge_disable")))
        disable_bridge();

    if (argc < 2)
        return usage_error("missing command");
    command = argv[1];
    argc -= 2;
    argv += 2;

    if (!strcmp(command, "help") || !strcmp(command, "--help") || !strcmp(command, "-h"))
    {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(command, "new"))
        return cmd_new_insert(argc, argv, 1);
    if (!strcmp(command, "insert"))
        return cmd_new_insert(argc, argv, 0);
    if (!strcmp(command, "eject"))
        return cmd_eject(argc, argv);
    if (!strcmp(command, "layout"))
        return cmd_layout(argc, argv);
    if (!strcmp(command, "exec"))
        return cmd_exec(argc, argv);
    if (!strcmp(command, "env"))
        return cmd_env(argc, argv);
    if (!strcmp(command, "wine-map"))
        return cmd_wine_map(argc, argv);
    if (!strcmp(command, "fault"))
        return cmd_fault(argc, argv);
    if (!strcmp(command, "speed"))
        return cmd_speed(argc, argv);
    if (!strcmp(command, "log"))
        return cmd_log(argc, argv);
    return usage_error("unknown command '%s'", command);
}
