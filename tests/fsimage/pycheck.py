#!/usr/bin/python3
# Reads an image with pycdlib and compares every file against the source
# tree: pycheck.py IMG SRC joliet|udf|iso [eltorito N]
# Joliet and UDF names are compared as they are (for Joliet the tree's
# names must fit in 64 characters); ISO 9660 names only by count and content.
import hashlib
import io
import os
import sys

import pycdlib


def digest_fp(fp):
    return hashlib.sha1(fp.getvalue()).hexdigest()


def main():
    img, src, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    iso = pycdlib.PyCdlib()
    iso.open(img)
    errors = 0
    host = {}
    for dirpath, dirnames, filenames in os.walk(src):
        for name in filenames:
            path = os.path.join(dirpath, name)
            with open(path, 'rb') as f:
                host['/' + os.path.relpath(path, src)] = hashlib.sha1(f.read()).hexdigest()
    found = {}
    key = {'joliet': 'joliet_path', 'udf': 'udf_path'}.get(mode, 'iso_path')
    kwargs = {key: '/'}
    for dirname, dirlist, filelist in iso.walk(**kwargs):
        for name in filelist:
            path = (dirname.rstrip('/') + '/' + name)
            out = io.BytesIO()
            iso.get_file_from_iso_fp(out, **{key: path})
            found[path] = digest_fp(out)
    if mode in ('joliet', 'udf'):
        for path, digest in sorted(host.items()):
            if found.get(path) != digest:
                print('pycheck: %s differs or is missing' % path)
                errors += 1
        for path in found:
            if path not in host:
                print('pycheck: unexpected %s' % path)
                errors += 1
    else:
        if sorted(found.values()) != sorted(host.values()):
            print('pycheck: ISO 9660 contents differ: %d vs %d files' % (len(found), len(host)))
            errors += 1
    if len(sys.argv) > 5 and sys.argv[4] == 'eltorito':
        et = iso.eltorito_boot_catalog
        entries = 1 + sum(len(s.section_entries) for s in et.sections) if et else 0
        if entries != int(sys.argv[5]):
            print('pycheck: %d boot entries' % entries)
            errors += 1
    iso.close()
    sys.exit(1 if errors else 0)


main()
