#!/usr/bin/env python3
"""Measures `stream view` and `stream info` on a large stream as a person feels them, through a
pseudo-terminal, against nats-server and natsd:

  1. a page of `stream view` at the start, middle and end of the stream: from the Enter that answers
     `? Next Page? (Y/n)` to the page's last message on screen (goal <= 50 ms), and to the next
     question (natsh reads the following page before asking, so that is when it can be answered);
  2. the command itself: from Enter on `stream view bench 10 --id N` to the first page;
  3. `stream info` on it: Enter to the State block;
  4. the wizard's final create round trip (scripts/measure-wizard.py, run as is).

Usage: scripts/bench-stream-view.py [BUILD_DIR] [MESSAGES] [RUNS]
       (default .build/release, 1000000 messages, 10 runs per figure)
Prints median, p90 and max, and replaces its own section of BENCHMARKS.md. A benchmark, never a test.
"""
import datetime, importlib.util, json, os, re, shutil, signal, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("measure_console", os.path.join(here, "measure-console.py"))
mc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mc)

BEGIN, END = "<!-- bench-stream-view:begin -->", "<!-- bench-stream-view:end -->"
BODY = "message {{Count}} of a large stream, padded to the size of a small JSON event......"


def natsh_run(natsh, env, *args, timeout=600):
    return subprocess.run([natsh, *args], env=env, capture_output=True, text=True, timeout=timeout)


def fill(natsh, env, n):
    """Creates stream `bench` and publishes n messages into it; returns the count stored."""
    r = natsh_run(natsh, env, "stream", "add", "bench", "--subjects", "bench.>", "--defaults")
    if r.returncode != 0:
        raise RuntimeError(f"stream add: {r.stderr}")
    t0 = time.monotonic()
    stored = 0
    # Core publishes are not flow-controlled: a server may drop some under a burst (nats-server
    # does). Publish in chunks, count what was stored, and top up until the stream holds n.
    while stored < n:
        chunk = min(n - stored, 50_000)
        r = natsh_run(natsh, env, "pub", "bench.data", BODY, "--count", str(chunk), "--quiet")
        if r.returncode != 0:
            raise RuntimeError(f"pub: {r.stderr}")
        last, stable = -1, 0
        while stable < 2:
            info = json.loads(natsh_run(natsh, env, "--json", "stream", "info", "bench").stdout)
            stored = info["state"]["messages"]
            stable = stable + 1 if stored == last else 0
            last = stored
            time.sleep(0.2)
    print(f"  filled {stored:,} messages in {time.monotonic() - t0:.1f} s")
    return stored


def summary(values):
    values = sorted(values)
    return values[len(values) // 2], values[int(0.9 * (len(values) - 1))], values[-1]


def fmt(values):
    med, p90, mx = summary(values)
    return f"{med:.1f} / {p90:.1f} / {mx:.1f}"


def measure(label, binary, natsh, base, n, runs):
    port = mc.free_port()
    store = tempfile.mkdtemp(prefix="natsh-view-store-")
    server = subprocess.Popen([binary, "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", store],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(base, NATS_URL=f"nats://127.0.0.1:{port}")
    time.sleep(0.7)
    rows = {}
    c = None
    try:
        stored = fill(natsh, env, n)
        c = mc.Console(natsh, env)
        prompt = f"natsh 127.0.0.1:{port}> "
        c.wait_for(prompt)
        for where, first in (("start", 1), ("middle", stored // 2), ("end", stored - 19)):
            command, page, question = [], [], []
            for _ in range(runs):
                c.send(f"stream view bench 10 --id {first}\r")
                t0 = time.monotonic()
                c.wait_for(f"[{first + 9}] Subject")
                c.wait_for("? Next Page? (Y/n)")
                command.append((time.monotonic() - t0) * 1000)
                c.send("\r")
                t0 = time.monotonic()
                t_page = c.wait_for(f"[{first + 19}] Subject")
                c.wait_for("\n\n")  # its body
                t_page = time.monotonic()
                page.append((t_page - t0) * 1000)
                c.wait_for("Reached apparent end of data" if where == "end" else "? Next Page? (Y/n)")
                question.append((time.monotonic() - t0) * 1000)
                if where != "end":
                    c.send("n\r")
                c.wait_for(prompt)
            rows[where] = (command, page, question)
        info = []
        for _ in range(runs):
            c.send("stream info bench\r")
            t0 = time.monotonic()
            c.wait_for("Active Consumers:")
            info.append((time.monotonic() - t0) * 1000)
            c.wait_for(prompt)
        rows["info"] = info
        return stored, rows
    finally:
        if c:
            c.close()
        server.send_signal(signal.SIGTERM)
        server.wait()
        shutil.rmtree(store, ignore_errors=True)


def version(binary):
    """`nats-server v2.15.1`, `natsd 0.1.0` (natsd's --version names the protocol level first)."""
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except Exception:
        out = ""
    first = out.splitlines()[0] if out else ""
    own = re.search(r"\((natsd [^)]*)\)", first)
    if own:
        return own.group(1)
    return first.replace("nats-server: ", "nats-server ") or os.path.basename(binary)


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else ".build/release"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    natsh = os.path.abspath(os.path.join(build, "natsh"))
    natsd = os.path.abspath(os.path.join(build, "natsd"))
    nats_server = os.environ.get("NATS_SERVER_BIN") or shutil.which("nats-server")
    home = tempfile.mkdtemp(prefix="natsh-view-")
    base = dict(os.environ, TERM="xterm", LC_ALL="C.UTF-8", NO_COLOR="1", HOME=home,
                XDG_DATA_HOME=home + "/data", XDG_STATE_HOME=home + "/state", XDG_CONFIG_HOME=home + "/config")
    results = []
    for label, binary in (("nats-server", nats_server), ("natsd", natsd)):
        if not binary or not os.path.exists(binary):
            print(f"{label}: binary not found, skipped")
            continue
        print(f"{label} ({version(binary)}):")
        stored, rows = measure(label, binary, natsh, base, n, runs)
        results.append((label, version(binary), stored, rows))
        for where in ("start", "middle", "end"):
            command, page, question = rows[where]
            verdict = "meets" if summary(page)[0] <= 50 else "MISSES"
            print(f"  page at the {where}: keypress to page {fmt(page)} ms ({verdict} <= 50 ms), "
                  f"to next question {fmt(question)} ms, command to first page {fmt(command)} ms")
        print(f"  stream info: {fmt(rows['info'])} ms")
    shutil.rmtree(home, ignore_errors=True)

    w = subprocess.run([sys.executable, os.path.join(here, "measure-wizard.py"), build, str(runs)],
                       capture_output=True, text=True, timeout=900)
    wizard = w.stdout.strip().splitlines()
    if w.returncode != 0 and w.stderr.strip():
        last = w.stderr.strip().splitlines()[-1]
        said = re.search(r"error: ([^\\]*)", last)  # natsh's own words, from the transcript
        wizard.append("the next server was not measured: " + (said.group(1) if said else last))
    for line in wizard:
        print(line)

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [BEGIN, "## Console: `stream view` and `stream info` on a large stream",
             "", "Regenerated by `scripts/bench-stream-view.py` (this section only; do not edit it by hand).", "",
             f"- Run: {stamp}, natsh release build through a pseudo-terminal, {runs} runs per figure; "
             "median / p90 / max in ms. Goal: a page within 50 ms of the keypress.",
             "- `keypress to page`: Enter on `? Next Page? (Y/n)` to the page's last message on screen; "
             "`to next question`: until natsh has read the following page and asks again (the end: "
             "`Reached apparent end of data`); `command`: Enter on `stream view bench 10 --id N` to its first page "
             "(stream info plus two pages read).", "",
             "| server | messages | where | keypress to page | to next question | command to first page |",
             "|---|---|---|---|---|---|"]
    for label, ver, stored, rows in results:
        for where in ("start", "middle", "end"):
            command, page, question = rows[where]
            lines.append(f"| {ver} | {stored:,} | {where} | {fmt(page)} | {fmt(question)} | {fmt(command)} |")
    lines += ["", "| server | `stream info` (Enter to State block) |", "|---|---|"]
    for label, ver, stored, rows in results:
        lines.append(f"| {ver} | {fmt(rows['info'])} |")
    if wizard:
        lines += ["", "Wizard create round trip (`scripts/measure-wizard.py`, Enter on the confirmation to the report):", ""]
        lines += [f"- {line}" for line in wizard]
    lines.append(END)
    section = "\n".join(lines)

    path = os.path.join(here, "..", "BENCHMARKS.md")
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    open(path, "w").write(text)
    print(f"wrote {os.path.relpath(path)}")


if __name__ == "__main__":
    main()
