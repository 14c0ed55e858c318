"""Test harness, not part of the site: `python tests/harness/pause_at_write.py K <generate's arguments>`
runs insights.generate and stops half-way through its K-th file write (the temporary file written,
not yet renamed over the real one), says so on stderr and waits for a signal. A test then interrupts
the generator at a moment it chose, whatever the speed of the machine.

Every write of the generator ends with os.replace(temporary, final): that call is the seam."""

import os
import signal
import sys

from insights import generate

_real_replace = os.replace
_writes = 0


def _replace(src, dst, *args, **kwargs):
    global _writes
    if str(src).endswith(".tmp"):
        _writes += 1
        if _writes == int(sys.argv[1]):
            print(f"paused at write {_writes}: {os.path.basename(dst)}", file=sys.stderr, flush=True)
            signal.pause()
    return _real_replace(src, dst, *args, **kwargs)


if __name__ == "__main__":  # not in the drawing processes, which import this module again
    os.replace = _replace
    sys.exit(generate.main(sys.argv[2:]))
