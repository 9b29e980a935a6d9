"""A request nobody listens to fails at once with no responders (503 status) (nats-py)."""
import asyncio
import sys
import time

import nats
from nats.errors import NoRespondersError


async def main(url):
    nc = await nats.connect(url, name="py-noresp", allow_reconnect=False)
    start = time.monotonic()
    try:
        await nc.request("nobody.home", b"?", timeout=5)
        raise AssertionError("request should have failed")
    except NoRespondersError:
        pass
    assert time.monotonic() - start < 2, "no responders must not wait for the timeout"
    await nc.close()
    print("ok noresponders")


asyncio.run(main(sys.argv[1]))
