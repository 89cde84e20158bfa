"""
spawn.py — runs one command and writes what it cost to a report file:

    python3 -S -I scripts/bench/spawn.py REPORT TIMEOUT COMMAND [ARG...]

REPORT gets one line: "wall_seconds exit_code maxrss_kib user_seconds
sys_seconds timed_out". The command inherits standard input, output and
error. After TIMEOUT seconds (0: never) it is killed (SIGKILL): a hung run
must not hang the bench.

Why a separate small process: Linux folds the memory high-water mark of
the process that forks into the child's ru_maxrss (the mm that execve
replaces is a copy of the parent's, or the parent's own with vfork), so a
child of the bench script, which holds a few tens of MB, would report at
least that much. Forked from this process (a bare interpreter, about
8 MB, started with -S -I so that it imports nothing), the command's
ru_maxrss is its own: newsflow alone needs more than that to start.

Keep it free of imports beyond os, sys, signal and time.
"""

import os
import signal
import sys
import time


def main():
    report, timeout, argv = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        except OSError as e:
            os.write(2, f"spawn.py: {argv[0]}: {e.strerror}\n".encode())
        os._exit(127)

    timed_out = []

    def kill(signum, frame):
        # On timeout, or when the bench itself is stopped: the command must not outlive it.
        timed_out.append(signum == signal.SIGALRM)
        os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGALRM, kill)
    signal.signal(signal.SIGTERM, kill)
    if timeout > 0:
        signal.setitimer(signal.ITIMER_REAL, timeout)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    with open(report, "w") as f:
        f.write(f"{wall:.6f} {os.waitstatus_to_exitcode(status)} {ru.ru_maxrss} "
                f"{ru.ru_utime:.6f} {ru.ru_stime:.6f} {int(any(timed_out))}\n")


if __name__ == "__main__":
    main()
