#!/usr/bin/env python3
"""Where a wasm module's bytes go: code size per function, grouped by source file.

Link the module once with `--profiling-funcs -Wl,--no-demangle` (mangled function names in the
name section, so that they can be found in the library; the same code otherwise), then:
  tools/wasm-size.py x/wasmnn-core.wasm --lib build/wasm/CMakeFiles/wnn.dir \
      --lib build/wasm/CMakeFiles/wasmnn-core.dir [--top 40] [--by file|family] [--grep REGEX]
Sections, the largest functions, and the functions' bytes per group. With --lib, a function is
attributed to the object file that defines its symbol (llvm-nm); templates and inline functions
instantiated in several objects go to the first one. Without --lib, or for
symbols from no object (libc, libc++, Embind), a group from the demangled name.
Sizes are raw bytes of each function body; gzip compresses code to ~35-40 %.
"""
import argparse
import collections
import os
import re
import subprocess
import sys

SECTION_NAMES = {0: 'custom', 1: 'type', 2: 'import', 3: 'function', 4: 'table', 5: 'memory',
                 6: 'global', 7: 'export', 8: 'start', 9: 'element', 10: 'code', 11: 'data',
                 12: 'datacount'}


def leb(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos


def read_name(data, pos):
    n, pos = leb(data, pos)
    return data[pos:pos + n].decode('utf-8', 'replace'), pos + n


def parse(data):
    """-> (sections [(name, size)], function bodies {index: size}, names {index: name})."""
    assert data[:4] == b'\0asm', 'not a wasm module'
    pos, sections, bodies, names, imported_funcs = 8, [], {}, {}, 0
    while pos < len(data):
        sid = data[pos]
        size, body = leb(data, pos + 1)
        end = body + size
        name = SECTION_NAMES.get(sid, str(sid))
        if sid == 0:
            cname, p = read_name(data, body)
            name = 'custom:' + cname
            if cname == 'name':
                while p < end:
                    sub, p = data[p], p + 1
                    sub_size, p = leb(data, p)
                    if sub == 1:
                        count, q = leb(data, p)
                        for _ in range(count):
                            idx, q = leb(data, q)
                            names[idx], q = read_name(data, q)
                    p += sub_size
        elif sid == 2:
            count, p = leb(data, body)
            for _ in range(count):
                _, p = read_name(data, p)
                _, p = read_name(data, p)
                kind, p = data[p], p + 1
                if kind == 0:
                    imported_funcs += 1
                    _, p = leb(data, p)
                elif kind == 1:
                    p += 1
                    flags, p = leb(data, p)
                    _, p = leb(data, p)
                    if flags & 1:
                        _, p = leb(data, p)
                elif kind == 2:
                    flags, p = leb(data, p)
                    _, p = leb(data, p)
                    if flags & 1:
                        _, p = leb(data, p)
                elif kind == 3:
                    p += 2
        elif sid == 10:
            count, p = leb(data, body)
            for i in range(count):
                fsize, q = leb(data, p)
                bodies[imported_funcs + i] = q + fsize - p
                p = q + fsize
        sections.append((name, end - pos))
        pos = end
    return sections, bodies, names


def demangle(names):
    mangled = [n for n in names if n.startswith('_Z')]
    if not mangled:
        return {}
    out = subprocess.run(['llvm-cxxfilt'], input='\n'.join(mangled), capture_output=True,
                         text=True).stdout.splitlines()
    return dict(zip(mangled, out))


def defining_objects(lib):
    """Mangled symbol -> source file (first definition) of the objects of a CMake target
    directory (build/wasm/CMakeFiles/wnn.dir: one object per source, by path), or of a static
    library or object file (an archive keeps only base names: two sources of one name, e.g.
    ops/math/reduce.cpp and kernels/scalar/reduce.cpp, show as 'a|b')."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src')
    if os.path.isdir(lib):
        strip = lambda o: re.sub(r'.*?/src/', '', o.removesuffix('.cpp.o'))
        # Only objects of sources that still exist (a build tree keeps those of moved files).
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(lib) for f in fs
                       if f.endswith('.cpp.o') and
                       os.path.exists(os.path.join(root, strip(os.path.join(d, f)) + '.cpp')))
    else:
        files, sources = [lib], {}
        for folder, _, names in os.walk(root):
            for f in names:
                if f.endswith('.cpp'):
                    path = os.path.relpath(os.path.join(folder, f), root)[:-4]
                    sources[f + '.o'] = path if f + '.o' not in sources else sources[f + '.o'] + '|' + path
        strip = lambda o: sources.get(os.path.basename(o), o.removesuffix('.cpp.o'))
    out = subprocess.run(['llvm-nm', '--defined-only', '-A', *files], capture_output=True,
                         text=True).stdout
    owner = {}
    for line in out.splitlines():
        m = re.match(r'(?:.*?\.a:)?(\S+\.o): +[0-9a-f]* +[TtWw] +(\S+)$', line)
        if m and m.group(2) not in owner:
            owner[m.group(2)] = strip(m.group(1))
    return owner


def name_group(plain):
    """A group from a demangled name when no object file says where it came from."""
    if re.match(r'(std::__2::|std::|__cxx|__cxa|operator new|operator delete)', plain):
        return 'libc++'
    if re.match(r'(emscripten::|_embind|embind)', plain) or 'emscripten::internal' in plain:
        return 'embind'
    if plain.startswith('wnn::'):
        parts = re.split(r'::', re.sub(r'<.*', '', plain))
        return 'wnn::' + parts[1] if len(parts) > 2 else 'wnn'
    if re.match(r'(dlmalloc|emmalloc|malloc|free|realloc|memalign|sbrk|emscripten_builtin)', plain):
        return 'malloc'
    return 'libc/other'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('wasm')
    ap.add_argument('--lib', action='append', default=[],
                    help='where to look symbols up: a CMake target directory of objects, a .a or a .o')
    ap.add_argument('--top', type=int, default=40)
    ap.add_argument('--by', choices=['file', 'family'], default='family',
                    help='group by object file, or by its folder under src/wnn (default)')
    ap.add_argument('--grep', help='only functions whose demangled name matches this regex')
    args = ap.parse_args()
    data = open(args.wasm, 'rb').read()
    sections, bodies, names = parse(data)
    if not names:
        sys.exit('no function names: link with --profiling-funcs')
    plain = demangle([names.get(i, '') for i in bodies])
    owner = {}
    for lib in args.lib:
        for sym, obj in defining_objects(lib).items():
            owner.setdefault(sym, obj)

    print(f'{args.wasm}: {len(data):,} bytes')
    for name, size in sorted(sections, key=lambda s: -s[1]):
        print(f'  {size:>10,}  {name}')
    funcs = []
    for idx, size in bodies.items():
        raw = names.get(idx, f'func{idx}')
        nice = plain.get(raw, raw)
        obj = owner.get(raw)
        if obj:
            obj = obj.replace('wnn/', '')
            group = obj if args.by == 'file' else '|'.join(
                sorted({os.path.dirname(o) or o for o in obj.split('|')}))
        else:
            group = name_group(nice)
        funcs.append((size, nice, group))
    if args.grep:
        funcs = [f for f in funcs if re.search(args.grep, f[1])]
    funcs.sort(key=lambda f: -f[0])
    total = sum(f[0] for f in funcs)
    print(f'\n{len(funcs):,} functions, {total:,} bytes of code; the largest:')
    for size, nice, group in funcs[:args.top]:
        print(f'  {size:>8,}  {group:<28} {nice[:150]}')
    groups = collections.defaultdict(lambda: [0, 0])
    for size, _, group in funcs:
        groups[group][0] += size
        groups[group][1] += 1
    print('\nper group (bytes, functions):')
    for group, (size, count) in sorted(groups.items(), key=lambda g: -g[1][0]):
        print(f'  {size:>8,} {100 * size / total:5.1f}%  {count:>5}  {group}')


if __name__ == '__main__':
    main()
