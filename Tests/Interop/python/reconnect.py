"""Reconnect after natsd restarts: the subscription is restored and works again (nats-py).

Prints `ready` once subscribed; the test then restarts the server on the same port.
"""
import asyncio
import sys

import nats


async def main(url):
    reconnected = asyncio.Event()

    async def on_reconnect():
        reconnected.set()

    nc = await nats.connect(
        url, name="py-reconnect", reconnected_cb=on_reconnect, max_reconnect_attempts=-1, reconnect_time_wait=0.1
    )
    sub = await nc.subscribe("rc.test")
    await nc.publish("rc.test", b"before")
    assert (await sub.next_msg(timeout=5)).data == b"before"
    print("ready", flush=True)
    await asyncio.wait_for(reconnected.wait(), 30)
    await nc.publish("rc.test", b"after")
    msg = await sub.next_msg(timeout=5)
    assert msg.data == b"after", msg.data
    assert nc.stats["reconnects"] >= 1, nc.stats
    await nc.close()
    print("ok reconnect")


asyncio.run(main(sys.argv[1]))
