#!/usr/bin/env python3
"""Measures natsh as a person meets it, through a pseudo-terminal:

  1. start to first prompt, connected to a running nats-server (goal <= 100 ms);
  2. `server start` to connected, for natsd and for nats-server (goal <= 300 ms).

Usage: scripts/measure-console.py [BUILD_DIR] [RUNS]   (default .build/release, 20 runs)
Prints median, p90 and max for each figure. Outside `swift test`: timing goals live here.
"""
import fcntl, os, pty, re, select, shutil, signal, socket, statistics, struct, subprocess, sys, tempfile, termios, time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\r")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Console:
    def __init__(self, natsh, env):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(natsh, [natsh], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
        self.buf = b""

    def wait_for(self, text, timeout=10.0):
        needle = text.encode()
        end = time.monotonic() + timeout
        while True:
            clean = ANSI.sub(b"", self.buf)
            if needle in clean:
                self.buf = clean[clean.index(needle) + len(needle):]
                return time.monotonic()
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"waiting for {text!r}; got {clean[-400:]!r}")
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise EOFError(f"natsh ended while waiting for {text!r}")
                self.buf += chunk

    def send(self, keys):
        os.write(self.fd, keys.encode())

    def close(self):
        try:
            self.send("\x04")
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


def stats(name, values_ms, goal):
    values_ms.sort()
    med = statistics.median(values_ms)
    p90 = values_ms[int(0.9 * (len(values_ms) - 1))]
    verdict = "meets" if med <= goal else "MISSES"
    print(f"{name}: median {med:.1f} ms, p90 {p90:.1f} ms, max {values_ms[-1]:.1f} ms "
          f"({len(values_ms)} runs; goal <= {goal} ms: {verdict})")


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else ".build/release"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    natsh = os.path.abspath(os.path.join(build, "natsh"))
    natsd = os.path.abspath(os.path.join(build, "natsd"))
    nats_server = os.environ.get("NATS_SERVER_BIN") or shutil.which("nats-server")
    home = tempfile.mkdtemp(prefix="natsh-measure-")
    base = dict(os.environ, TERM="xterm", LC_ALL="C.UTF-8", NO_COLOR="1", HOME=home,
                XDG_DATA_HOME=home + "/data", XDG_STATE_HOME=home + "/state", XDG_CONFIG_HOME=home + "/config")

    # 1. Start to first prompt, with a server already listening.
    port = free_port()
    server = subprocess.Popen([nats_server, "-a", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    env = dict(base, NATS_URL=f"nats://127.0.0.1:{port}")
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        c = Console(natsh, env)
        t1 = c.wait_for(f"natsh 127.0.0.1:{port}> ")
        times.append((t1 - t0) * 1000)
        c.close()
    server.send_signal(signal.SIGTERM)
    server.wait()
    stats("start to first prompt (connected)", times, 100)

    # 2. `server start` to connected.
    for label, binary in (("natsd", natsd), ("nats-server", nats_server)):
        if not binary or not os.path.exists(binary):
            print(f"server start ({label}): binary not found, skipped")
            continue
        times = []
        for _ in range(max(5, runs // 2)):
            port = free_port()
            c = Console(natsh, dict(base, NATS_URL=f"nats://127.0.0.1:{port}"))
            c.wait_for("(Y/n)")
            c.send("n\r")
            c.wait_for("(not connected)> ")
            t0 = time.monotonic()
            c.send(f"server start --binary {binary}\r")
            t1 = c.wait_for(f"Connected to nats://127.0.0.1:{port}")
            times.append((t1 - t0) * 1000)
            c.wait_for("> ")
            c.close()
        stats(f"server start to connected ({label})", times, 300)
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
