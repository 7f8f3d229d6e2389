#!/usr/bin/env python3
"""`cmake --install` puts the plugin where tshark looks for personal plugins, and tshark then loads it.

The install rule's destination is $HOME/.local/lib/wireshark/plugins/4.0/epan (at configure time); DESTDIR
redirects it into a temporary tree, which then serves as the HOME of an unprivileged tshark.

Usage: install_check.py BUILD_DIR CAPTURE
"""
import os
import subprocess
import sys
import tempfile

from tshark_env import PLUGIN_SUBDIR, Tshark


def main():
    build, capture = sys.argv[1], sys.argv[2]
    dest = tempfile.mkdtemp(prefix="msrt-install-")
    env = dict(os.environ, DESTDIR=dest)
    subprocess.run(["cmake", "--install", build, "--component", "plugin"], check=True, env=env,
                   capture_output=True)
    # os.walk, not glob: the destination is under a hidden folder (.local), which "**" does not enter.
    found = [os.path.join(d, f) for d, _, files in os.walk(dest) for f in files if f == "lisp-msrt.so"]
    checks = [(len(found) == 1, "exactly one lisp-msrt.so installed: %s" % found)]
    if found:
        checks.append((found[0].endswith(os.path.join(PLUGIN_SUBDIR, "lisp-msrt.so")),
                       "installed under %s: %s" % (PLUGIN_SUBDIR, found[0])))
        with Tshark(found[0]) as ts:
            plugins = ts.run(["-G", "plugins"]).stdout
            checks.append(("lisp-msrt.so" in plugins, "tshark -G plugins lists lisp-msrt.so"))
            out = ts.run(["-r", ts.share(capture), "-Y", "lisp-msrt.type"]).stdout
            checks.append(("LISP-MSRT" in out, "tshark decodes a capture with the installed plugin"))
    subprocess.run(["rm", "-rf", dest])
    failed = [what for ok, what in checks if not ok]
    for what in failed:
        print("FAIL " + what)
    print("%d passed, %d failed" % (len(checks) - len(failed), len(failed)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
