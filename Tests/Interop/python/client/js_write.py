"""nats-py writes a stream and a KV bucket; the Swift client reads them back (JetStreamPythonInteropTests)."""
import asyncio
import sys

import nats

BINARY = bytes(range(256))


async def main(url):
    nc = await nats.connect(url, name="py-js-write", allow_reconnect=False)
    js = nc.jetstream()
    await js.add_stream(name="PYW", subjects=["pyw.>"], allow_direct=True)
    a1 = await js.publish("pyw.text", b"hello from python", headers={"X-Trace": "abc", "X-Lang": "py"})
    a2 = await js.publish("pyw.bin", BINARY)
    a3 = await js.publish("pyw.text", b"", headers={"Only": "header"})
    a4 = await js.publish("pyw.dup", b"once", headers={"Nats-Msg-Id": "dup-1"})
    a5 = await js.publish("pyw.dup", b"once", headers={"Nats-Msg-Id": "dup-1"})
    assert [a1.seq, a2.seq, a3.seq, a4.seq, a5.seq] == [1, 2, 3, 4, 4], (a1, a2, a3, a4, a5)
    assert a5.duplicate, a5

    kv = await js.create_key_value(bucket="pykv", history=5)
    await kv.put("k1", b"v1")
    await kv.put("k1", b"v2")
    await kv.put("k2", BINARY)
    await kv.delete("k2")
    await kv.put("k3", b"gone")
    await kv.purge("k3")
    await kv.create("k4", b"created")
    await kv.put("dir.sub.key", b"nested")
    await nc.close()
    print("ok js-write")


asyncio.run(main(sys.argv[1]))
