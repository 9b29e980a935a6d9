"""Request/reply through natsd, new-style muxed inbox and old-style (nats-py)."""
import asyncio
import sys

import nats


async def main(url):
    service = await nats.connect(url, name="py-service", allow_reconnect=False)
    client = await nats.connect(url, name="py-client", allow_reconnect=False)

    async def handler(msg):
        await msg.respond(b"echo:" + msg.data)

    await service.subscribe("svc.echo", queue="svc", cb=handler)
    await service.flush()
    for i in range(20):
        reply = await client.request("svc.echo", f"r{i}".encode(), timeout=5)
        assert reply.data == f"echo:r{i}".encode(), reply.data
    old = await client.request("svc.echo", b"old", timeout=5, old_style=True)
    assert old.data == b"echo:old", old.data
    await client.close()
    await service.close()
    print("ok request")


asyncio.run(main(sys.argv[1]))
