"""Publish/subscribe with wildcards, in order, through natsd (nats-py)."""
import asyncio
import sys

import nats


async def main(url):
    nc = await nats.connect(url, name="py-pubsub", allow_reconnect=False)
    got, tails = [], []
    done = asyncio.Event()

    async def on_msg(msg):
        got.append((msg.subject, msg.data))
        if len(got) == 100:
            done.set()

    async def on_tail(msg):
        tails.append(msg.subject)

    await nc.subscribe("py.*", cb=on_msg)
    await nc.subscribe("py.>", cb=on_tail)
    for i in range(100):
        await nc.publish(f"py.{i % 3}", f"m{i}".encode())
    await nc.publish("py.deep.er", b"x")
    await asyncio.wait_for(done.wait(), 10)
    await nc.flush()
    assert [d for _, d in got] == [f"m{i}".encode() for i in range(100)], got[:5]
    assert got[4][0] == "py.1", got[4]
    assert len(tails) == 101 and tails[-1] == "py.deep.er", tails[-3:]
    assert nc.max_payload == 1048576, nc.max_payload
    await nc.close()
    print("ok pubsub")


asyncio.run(main(sys.argv[1]))
