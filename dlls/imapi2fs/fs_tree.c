/*
 * File system image engine: the tree of directories and files.
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

#include <stdlib.h>
#include <string.h>

#include "fsimage.h"
#include "imapi2fserror.h"

static uint16_t fold(uint16_t c)
{
    if (c >= 'a' && c <= 'z') return c - 'a' + 'A';
    /* Latin-1 lower case letters, except the division sign and y diaeresis. */
    if (c >= 0xe0 && c <= 0xfe && c != 0xf7) return c - 0x20;
    return c;
}

int fsi_name_compare(const uint16_t *a, const uint16_t *b)
{
    for (;; a++, b++)
    {
        uint16_t ca = fold(*a), cb = fold(*b);
        if (ca != cb) return ca < cb ? -1 : 1;
        if (!ca) return 0;
    }
}

size_t fsi_name_length(const uint16_t *name)
{
    size_t len = 0;
    while (name[len]) len++;
    return len;
}

struct fsi_node *fsi_node_create(const uint16_t *name, bool is_dir, fsi_time now)
{
    size_t len = fsi_name_length(name);
    struct fsi_node *node;

    if (!(node = calloc(1, sizeof(*node)))) return NULL;
    if (!(node->name = malloc((len + 1) * sizeof(uint16_t))))
    {
        free(node);
        return NULL;
    }
    memcpy(node->name, name, (len + 1) * sizeof(uint16_t));
    node->is_dir = is_dir;
    node->created = node->accessed = node->modified = now;
    return node;
}

static void release_data(struct fsi_node *node)
{
    if (node->source) node->source->release(node->source);
    node->source = NULL;
    free(node->extents);
    node->extents = NULL;
    node->extent_count = 0;
}

void fsi_node_destroy(struct fsi_node *node)
{
    size_t i;

    if (!node) return;
    for (i = 0; i < node->count; i++)
    {
        node->children[i]->parent = NULL;
        fsi_node_destroy(node->children[i]);
    }
    free(node->children);
    for (i = 0; i < node->stream_count; i++)
    {
        node->streams[i]->parent = NULL;
        fsi_node_destroy(node->streams[i]);
    }
    free(node->streams);
    release_data(node);
    free(node->name);
    free(node);
}

/* Index of name among dir's children, or where it would go (*found false). */
static size_t lookup(const struct fsi_node *dir, const uint16_t *name, bool *found)
{
    size_t lo = 0, hi = dir->count;

    *found = false;
    while (lo < hi)
    {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = fsi_name_compare(dir->children[mid]->name, name);

        if (!cmp)
        {
            *found = true;
            return mid;
        }
        if (cmp < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int32_t add_stream(struct fsi_node *file, struct fsi_node *stream)
{
    if (file->is_dir || file->is_stream || stream->is_dir) return FSI_E_INVALIDARG;
    if (fsi_node_find_stream(file, stream->name)) return IMAPI_E_DUP_NAME;
    if (file->stream_count == file->stream_capacity)
    {
        size_t capacity = file->stream_capacity ? file->stream_capacity * 2 : 4;
        struct fsi_node **streams = realloc(file->streams, capacity * sizeof(*streams));

        if (!streams) return FSI_E_OUTOFMEMORY;
        file->streams = streams;
        file->stream_capacity = capacity;
    }
    file->streams[file->stream_count++] = stream;
    stream->parent = file;
    return FSI_S_OK;
}

int32_t fsi_node_attach(struct fsi_node *dir, struct fsi_node *child)
{
    bool found;
    size_t pos;

    if (child->is_stream) return add_stream(dir, child);
    if (!dir->is_dir) return IMAPI_E_NOT_DIR;
    pos = lookup(dir, child->name, &found);
    if (found) return IMAPI_E_DUP_NAME;
    if (dir->count == dir->capacity)
    {
        size_t capacity = dir->capacity ? dir->capacity * 2 : 8;
        struct fsi_node **children = realloc(dir->children, capacity * sizeof(*children));

        if (!children) return FSI_E_OUTOFMEMORY;
        dir->children = children;
        dir->capacity = capacity;
    }
    memmove(dir->children + pos + 1, dir->children + pos, (dir->count - pos) * sizeof(*dir->children));
    dir->children[pos] = child;
    dir->count++;
    child->parent = dir;
    return FSI_S_OK;
}

void fsi_node_detach(struct fsi_node *node)
{
    struct fsi_node *dir = node->parent;
    bool found;
    size_t pos;

    if (!dir) return;
    if (node->is_stream)
    {
        for (pos = 0; pos < dir->stream_count; pos++)
        {
            if (dir->streams[pos] != node) continue;
            memmove(dir->streams + pos, dir->streams + pos + 1,
                    (dir->stream_count - pos - 1) * sizeof(*dir->streams));
            dir->stream_count--;
            break;
        }
        node->parent = NULL;
        return;
    }
    pos = lookup(dir, node->name, &found);
    if (found && dir->children[pos] == node)
    {
        memmove(dir->children + pos, dir->children + pos + 1, (dir->count - pos - 1) * sizeof(*dir->children));
        dir->count--;
    }
    node->parent = NULL;
}

struct fsi_node *fsi_node_find(const struct fsi_node *dir, const uint16_t *name)
{
    bool found;
    size_t pos;

    if (!dir->is_dir) return NULL;
    pos = lookup(dir, name, &found);
    return found ? dir->children[pos] : NULL;
}

struct fsi_node *fsi_node_find_stream(const struct fsi_node *file, const uint16_t *name)
{
    size_t i;

    for (i = 0; i < file->stream_count; i++)
        if (!fsi_name_compare(file->streams[i]->name, name)) return file->streams[i];
    return NULL;
}

void fsi_node_set_source(struct fsi_node *file, struct fsi_source *source, uint64_t size)
{
    if (source) source->addref(source);
    release_data(file);
    file->source = source;
    file->size = size;
}

void fsi_node_count(const struct fsi_node *dir, uint64_t *files, uint64_t *dirs)
{
    size_t i;

    *files = *dirs = 0;
    if (!dir->is_dir) return;
    for (i = 0; i < dir->count; i++)
    {
        const struct fsi_node *child = dir->children[i];

        if (child->is_dir)
        {
            uint64_t f, d;

            fsi_node_count(child, &f, &d);
            *files += f;
            *dirs += d + 1;
        }
        else (*files)++;
    }
}

unsigned int fsi_node_depth(const struct fsi_node *node)
{
    unsigned int depth = 0;

    while (node->parent)
    {
        node = node->parent;
        depth++;
    }
    return depth;
}

uint16_t *fsi_node_path(const struct fsi_node *node)
{
    const struct fsi_node *n;
    size_t len = 0, pos;
    uint16_t *path;

    for (n = node; n->parent; n = n->parent) len += 1 + fsi_name_length(n->name);
    if (node->is_stream && !node->parent) len = 1 + fsi_name_length(node->name);
    if (!len) len = 1;
    if (!(path = malloc((len + 1) * sizeof(uint16_t)))) return NULL;
    path[len] = 0;
    path[0] = '\\';
    pos = len;
    for (n = node; n->parent; n = n->parent)
    {
        size_t l = fsi_name_length(n->name);

        pos -= l;
        memcpy(path + pos, n->name, l * sizeof(uint16_t));
        path[--pos] = n->is_stream ? ':' : '\\';
    }
    /* A stream no longer attached to its file: ":name". */
    if (node->is_stream && !node->parent)
    {
        memcpy(path + 1, node->name, (len - 1) * sizeof(uint16_t));
        path[0] = ':';
    }
    return path;
}
