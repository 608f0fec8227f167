"""The filesystem broker writes a message whole before a worker can take it (verify/fs_transport.py)."""

from __future__ import annotations

import os
import threading

from kombu import Connection


def test_the_filesystem_broker_is_ours_and_a_reader_never_sees_a_half_written_message(tmp_path, settings):
    folder = tmp_path / "queue"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder), "store_processed": False}
    with Connection("filesystem://localhost//", transport_options=options) as conn:
        assert type(conn.transport).__module__ == "verify.fs_transport"
        queue = conn.SimpleQueue("race")
        payloads = [{"n": i, "pad": "x" * 20_000} for i in range(300)]
        seen: list[str] = []
        stop = threading.Event()

        def watch():  # what a worker's listing would take, read the instant it appears
            while not stop.is_set():
                for name in os.listdir(folder):
                    if name.endswith(".race.msg"):
                        try:
                            data = (folder / name).read_bytes()
                        except OSError:
                            continue
                        seen.append(data[:1].decode() if data else "")

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            for payload in payloads:
                queue.put(payload)
        finally:
            stop.set()
            watcher.join()
        assert seen and "" not in seen  # never an empty (half-written) file under the queue's name
        got = [queue.get(timeout=1).payload["n"] for _ in payloads]
        assert sorted(got) == list(range(300))
        assert not [name for name in os.listdir(folder) if name.endswith(".tmp")]
        queue.close()
