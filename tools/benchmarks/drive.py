"""The load benchmark's client: signed-in people clicking through their pages, in a process of its own.

    python -m tools.benchmarks.drive mix TARGETS_JSON PORT SECONDS RATE CLICK_SECONDS WARMUP_SECONDS OUT_JSON
    python -m tools.benchmarks.drive max TARGETS_JSON PORT SECONDS PAGE USERS OUT_JSON

`mix`: RATE × CLICK_SECONDS people (therapists, portal clients and clinic admins 16 : 3 : 1), each with
their own session, each clicking one of their role's pages every CLICK_SECONDS, starting at a random
moment of the first interval, so requests arrive at a steady RATE per second, as from independent people.
It is an open loop: a person's next click does not wait for a slow answer, and each request's time is
counted from the moment it was due to be sent, so time spent waiting for a free connection counts
too (no coordinated omission). The first WARMUP_SECONDS run the same load unrecorded: a server that has just
started has workers that have not yet loaded their templates or opened their database connections, and a
clinic's server has been running for days.

`max`: USERS people clicking PAGE without pause (a closed loop) for SECONDS: the highest rate it sustains.

Each request opens its own connection (`Connection: close`, as gunicorn's sync workers answer), like a
browser that has just been idle for eight seconds. asyncio keeps the client's own cost to a fraction of a
millisecond per request, so the times are the server's. A request not answered within TIMEOUT_SECONDS counts as
a failure. Writes {page: {"times": [ms ...], "failures": n, "seconds": s, "answered": n}} to OUT_JSON, where
`answered` (mix only) is how many requests were answered with 200 within the measured seconds: the rate the
server achieved, which falls below RATE when it cannot keep up (the capacity step of tools/benchmarks/load.py).
"""

import asyncio
import json
import random
import sys
import time

WEIGHTS = {"therapist": 16, "client": 3, "admin": 1}
# A safety net only: a request the client gave up on stays in gunicorn's queue and would slow the next phase,
# so the client waits for every answer unless the server is plainly stuck.
TIMEOUT_SECONDS = 120


async def fetch(port, url, cookie):
    """GET url; return the HTTP status (0 when the connection failed or no answer came in TIMEOUT_SECONDS)."""
    try:
        return await asyncio.wait_for(_fetch(port, url, cookie), TIMEOUT_SECONDS)
    except (OSError, TimeoutError, IndexError, ValueError):
        return 0


async def _fetch(port, url, cookie):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        request = (
            f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nX-Forwarded-Proto: https\r\n"
            "Accept: text/html\r\nConnection: close\r\n\r\n"
        )
        writer.write(request.encode("latin-1"))
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # the rest, until the server closes
        return int(status_line.split()[1])
    finally:
        writer.close()


def people(targets, count):
    """count people, in the weights of WEIGHTS; each is (role, session), sessions dealt round-robin."""
    total = sum(WEIGHTS.values())
    crowd = []
    for role, weight in WEIGHTS.items():
        sessions = targets["sessions"][role]
        crowd += [(role, sessions[n % len(sessions)]) for n in range(count * weight // total)]
    return crowd


async def mix(targets, port, seconds, rate, click_seconds, warmup):
    rng = random.Random(1)  # nosec B311
    crowd = people(targets, int(rate * click_seconds))
    results = {}
    pending = set()
    start = time.perf_counter() + 0.5
    measured_from = start + warmup
    measured_until = measured_from + seconds

    async def click(due, page, url, cookie):
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        status = await fetch(port, url, cookie)
        done = time.perf_counter()
        result = results.setdefault(page, {"times": [], "failures": 0, "answered": 0})
        if status != 200:
            result["failures"] += 1  # during the warm-up too: a failure is never left out
        elif measured_from <= done < measured_until:
            result["answered"] += 1
        if due >= measured_from:
            result["times"].append((done - due) * 1000)

    # Every click of the run, scheduled up front: person p clicks at phase_p + k × click_seconds.
    schedule = []
    for role, session in crowd:
        phase = rng.uniform(0, click_seconds)
        k = 0
        while phase + k * click_seconds < warmup + seconds:
            page = rng.choice(targets["pages"][role])
            schedule.append((start + phase + k * click_seconds, page, session["pages"][page], session["cookie"]))
            k += 1
    schedule.sort()
    for due, page, url, cookie in schedule:
        # Create each click's task shortly before it is due, so thousands of sleeping tasks don't pile up.
        await asyncio.sleep(max(0.0, due - 0.05 - time.perf_counter()))
        task = asyncio.ensure_future(click(due, page, url, cookie))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    for result in results.values():
        result["seconds"] = seconds
    return results


async def busiest(targets, port, seconds, page, users):
    role = next((role for role, pages in targets["pages"].items() if page in pages), "therapist")
    sessions = targets["sessions"][role]
    result = {"times": [], "failures": 0}
    deadline = time.perf_counter() + seconds

    async def person(session):
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status = await fetch(port, session["pages"][page], session["cookie"])
            result["times"].append((time.perf_counter() - started) * 1000)
            if status != 200:
                result["failures"] += 1

    began = time.perf_counter()
    await asyncio.gather(*(person(sessions[n % len(sessions)]) for n in range(users)))
    result["seconds"] = time.perf_counter() - began
    return {page: result}


def main(argv):
    mode, targets_file, port, seconds = argv[1], argv[2], int(argv[3]), float(argv[4])
    with open(targets_file) as handle:
        targets = json.load(handle)
    if mode == "mix":
        rate, click_seconds, warmup, out = float(argv[5]), float(argv[6]), float(argv[7]), argv[8]
        results = asyncio.run(mix(targets, port, seconds, rate, click_seconds, warmup))
    else:
        page, users, out = argv[5], int(argv[6]), argv[7]
        results = asyncio.run(busiest(targets, port, seconds, page, users))
    with open(out, "w") as handle:
        json.dump(results, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
