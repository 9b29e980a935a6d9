#!/usr/bin/env python3
"""Measures the wizards' final step as a person feels it, through a pseudo-terminal: from the Enter
that confirms the review (`? Create Stream S (Y/n)`) to `Stream S was created` on screen, and the same
for `consumer add` (`Information for Consumer ... created`). That is one JetStream API round trip
(STREAM.CREATE / CONSUMER.CREATE) plus rendering the info report.

Usage: scripts/measure-wizard.py [BUILD_DIR] [RUNS]   (default .build/release, 20 runs)
Runs against nats-server (NATS_SERVER_BIN) and natsd from BUILD_DIR (skipped, with a message, when it
has no JetStream yet). Prints median, p90 and max. A benchmark, never a test.
"""
import importlib.util, os, shutil, signal, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("measure_console", os.path.join(here, "measure-console.py"))
mc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mc)


def measure(label, server_cmd, natsh, base, runs):
    port = mc.free_port()
    store = tempfile.mkdtemp(prefix="natsh-wizard-store-")
    server = subprocess.Popen(server_cmd + ["-a", "127.0.0.1", "-p", str(port), "-js", "-sd", store],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.7)
    c = mc.Console(natsh, dict(base, NATS_URL=f"nats://127.0.0.1:{port}"))
    try:
        c.wait_for(f"natsh 127.0.0.1:{port}> ")
        c.send("stream add probe --subjects probe --defaults\r")
        try:
            c.wait_for("? Create Stream probe (Y/n)", timeout=5)
        except (TimeoutError, EOFError):
            print(f"wizard create round trip ({label}): no JetStream answers, skipped")
            return
        c.send("\r")
        c.wait_for("Stream probe was created")
        c.wait_for("> ")
        streams, consumers = [], []
        for i in range(runs):
            c.send(f"stream add bench_{i} --subjects bench.{i} --defaults\r")
            c.wait_for(f"? Create Stream bench_{i} (Y/n)")
            t0 = time.monotonic()
            c.send("\r")
            t1 = c.wait_for(f"Stream bench_{i} was created")
            c.wait_for("Active Consumers: 0")
            t2 = time.monotonic()
            streams.append((t2 - t0) * 1000)
            c.wait_for("> ")
            c.send(f"consumer add bench_{i} c{i} --pull --defaults\r")
            c.wait_for(f"? Create Consumer bench_{i} > c{i} (Y/n)")
            t0 = time.monotonic()
            c.send("\r")
            c.wait_for(f"Information for Consumer bench_{i} > c{i} created")
            c.wait_for("Waiting Pulls:")
            consumers.append((time.monotonic() - t0) * 1000)
            c.wait_for("> ")
        report(f"stream add: Enter to report shown ({label})", streams)
        report(f"consumer add: Enter to report shown ({label})", consumers)
    finally:
        c.close()
        server.send_signal(signal.SIGTERM)
        server.wait()
        shutil.rmtree(store, ignore_errors=True)


def report(name, values):
    values.sort()
    med = values[len(values) // 2]
    p90 = values[int(0.9 * (len(values) - 1))]
    print(f"{name}: median {med:.1f} ms, p90 {p90:.1f} ms, max {values[-1]:.1f} ms ({len(values)} runs)")


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else ".build/release"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    natsh = os.path.abspath(os.path.join(build, "natsh"))
    natsd = os.path.abspath(os.path.join(build, "natsd"))
    nats_server = os.environ.get("NATS_SERVER_BIN") or shutil.which("nats-server")
    home = tempfile.mkdtemp(prefix="natsh-wizard-")
    base = dict(os.environ, TERM="xterm", LC_ALL="C.UTF-8", NO_COLOR="1", HOME=home,
                XDG_DATA_HOME=home + "/data", XDG_STATE_HOME=home + "/state", XDG_CONFIG_HOME=home + "/config")
    for label, binary in (("nats-server", nats_server), ("natsd", natsd)):
        if not binary or not os.path.exists(binary):
            print(f"wizard create round trip ({label}): binary not found, skipped")
            continue
        measure(label, [binary], natsh, base, runs)
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
