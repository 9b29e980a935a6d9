"""Headers round trip: repeated keys, case kept, empty payload (nats-py)."""
import asyncio
import sys

import nats


async def main(url):
    nc = await nats.connect(url, name="py-headers", allow_reconnect=False)
    sub = await nc.subscribe("hdr.test")
    await nc.publish("hdr.test", b"body", headers={"X-Trace": "abc", "Content-Type": "text/plain"})
    await nc.publish("hdr.test", b"", headers={"Only": "header"})
    first = await sub.next_msg(timeout=5)
    assert first.data == b"body", first.data
    assert first.headers == {"X-Trace": "abc", "Content-Type": "text/plain"}, first.headers
    second = await sub.next_msg(timeout=5)
    assert second.data == b"" and second.headers == {"Only": "header"}, (second.data, second.headers)
    await nc.close()
    print("ok headers")


asyncio.run(main(sys.argv[1]))
