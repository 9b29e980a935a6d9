"""Queue groups: each message to exactly one member, spread over all of them (nats-py)."""
import asyncio
import sys

import nats


async def main(url):
    nc = await nats.connect(url, name="py-queue", allow_reconnect=False)
    counts = [0, 0, 0]
    total = 300
    done = asyncio.Event()

    def member(k):
        async def cb(msg):
            counts[k] += 1
            if sum(counts) == total:
                done.set()
        return cb

    for k in range(3):
        await nc.subscribe("work.items", queue="workers", cb=member(k))
    await nc.flush()
    for i in range(total):
        await nc.publish("work.items", str(i).encode())
    await asyncio.wait_for(done.wait(), 10)
    await asyncio.sleep(0.1)
    assert sum(counts) == total, counts
    assert all(c > 30 for c in counts), counts
    await nc.close()
    print("ok queue", counts)


asyncio.run(main(sys.argv[1]))
