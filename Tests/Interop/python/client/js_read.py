"""nats-py reads what the Swift client wrote (JetStreamPythonInteropTests: stream SWW, bucket swkv)."""
import asyncio
import sys

import nats

BINARY = bytes(range(256))


async def main(url):
    nc = await nats.connect(url, name="py-js-read", allow_reconnect=False)
    js = nc.jetstream()
    info = await js.stream_info("SWW")
    assert info.state.messages == 3, info.state

    m1 = await js.get_msg("SWW", 1)
    assert m1.subject == "sww.text" and m1.data == b"hello from swift", (m1.subject, m1.data)
    assert m1.headers.get("X-Trace") == "xyz" and m1.headers.get("X-Lang") == "swift", m1.headers
    m2 = await js.get_msg("SWW", 2)
    assert m2.data == BINARY, m2.data
    m3 = await js.get_last_msg("SWW", "sww.empty")
    assert m3.data in (b"", None) and m3.headers.get("Only") == "header", (m3.data, m3.headers)

    # A pull consumer made by nats-py over the Swift client's messages.
    sub = await js.pull_subscribe("sww.>", durable="py")
    msgs = await sub.fetch(3, timeout=5)
    assert [m.data for m in msgs] == [b"hello from swift", BINARY, b""], [m.data for m in msgs]
    for m in msgs:
        await m.ack()

    kv = await js.key_value("swkv")
    e = await kv.get("color")
    assert e.value == b"green" and e.revision == 2, (e.value, e.revision)
    hist = await kv.history("color")
    assert [h.value for h in hist] == [b"red", b"green"], [h.value for h in hist]
    b = await kv.get("bin")
    assert b.value == BINARY
    try:
        await kv.get("deleted")
        raise AssertionError("deleted key found")
    except nats.js.errors.KeyNotFoundError:
        pass
    try:
        await kv.get("purged")
        raise AssertionError("purged key found")
    except nats.js.errors.KeyNotFoundError:
        pass
    keys = sorted(await kv.keys())
    assert keys == ["bin", "color", "made.by.create"], keys
    status = await kv.status()
    assert status.history == 4, status.history
    # nats-py writes into the Swift-made bucket; the Swift side checks it afterwards.
    await kv.put("from.python", b"hi swift")
    await nc.close()
    print("ok js-read")


asyncio.run(main(sys.argv[1]))
