"""Runs the real tshark with the freshly built plugin loaded.

tshark run by root loads no personal plugins, and CI runs as root: the plugin is copied into a temporary HOME
(laid out as ~/.local/lib/wireshark/plugins/4.0/epan/lisp-msrt.so, world-readable) and tshark runs as the
unprivileged uid 65534 through setpriv. Run by anyone else, tshark runs as that user with the same HOME.
"""
import json
import os
import shutil
import subprocess
import tempfile

PLUGIN_SUBDIR = ".local/lib/wireshark/plugins/4.0/epan"


class Tshark:
    def __init__(self, plugin_so):
        self.home = tempfile.mkdtemp(prefix="msrt-plugin-home-")
        target = os.path.join(self.home, PLUGIN_SUBDIR)
        os.makedirs(target)
        shutil.copy(plugin_so, os.path.join(target, "lisp-msrt.so"))
        for root, dirs, files in os.walk(self.home):
            for name in dirs + files:
                os.chmod(os.path.join(root, name), 0o755)
        os.chmod(self.home, 0o755)
        self.as_root = os.geteuid() == 0
        self.readable = {}

    def close(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def share(self, path):
        """A copy of `path` the unprivileged user can read (the original folder may be private)."""
        if not self.as_root:
            return path
        if path not in self.readable:
            copy = os.path.join(self.home, "in-%d-%s" % (len(self.readable), os.path.basename(path)))
            shutil.copy(path, copy)
            os.chmod(copy, 0o644)
            self.readable[path] = copy
        return self.readable[path]

    def command(self, args):
        env = ["env", "-i", "HOME=" + self.home, "PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8"]
        # -G must come first; every other run gets room for large trees.
        base = ["tshark"] if args[:1] == ["-G"] else ["tshark", "-o", "gui.max_tree_items:1000000"]
        if self.as_root:
            return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + env + base + args
        return env + base + args

    def run(self, args, timeout=600, check=True):
        p = subprocess.run(self.command(args), capture_output=True, text=True, errors="replace", timeout=timeout, cwd=self.home)
        if check and p.returncode != 0:
            raise RuntimeError("tshark %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr[-2000:]))
        return p

    def json(self, capture, extra=()):
        """Two-pass JSON of a capture; objects are lists of (key, value) pairs, so repeated keys survive."""
        p = self.run(["-r", self.share(capture), "-2", "-T", "json"] + list(extra))
        return json.loads(p.stdout, object_pairs_hook=lambda pairs: pairs)


def get(pairs, key, default=None):
    for k, v in pairs:
        if k == key:
            return v
    return default


def get_all(pairs, key):
    return [v for k, v in pairs if k == key]


def walk(pairs):
    """Every (key, value) pair of a JSON tree, depth first."""
    for k, v in pairs:
        yield k, v
        if isinstance(v, list) and v and isinstance(v[0], tuple):
            yield from walk(v)
        elif isinstance(v, list):
            for item in v:
                if isinstance(item, list) and item and isinstance(item[0], tuple):
                    yield from walk(item)


def layers(frame):
    return get(get(frame, "_source"), "layers")
