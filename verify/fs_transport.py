"""kombu's filesystem transport, with each message written whole before a worker can see it.

kombu 5's filesystem ``_put`` creates the message file under its final name, then locks it and
writes. A worker listing the folder in between moves the still-empty file away, reads nothing and
stops with "Unrecoverable error: JSONDecodeError" (and the message is lost): seen on a loaded
machine. Here the message is written to a hidden name the worker's listing skips (it takes only
``*.<queue>.msg``) and renamed into place, which is atomic on one file system. The broker of
`make run` and of the SQLite test run is this transport (``filesystem://`` is mapped to it in
verify/settings.py); Redis in production is untouched.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        """Put ``payload`` onto ``queue``: written under a temporary name, then renamed."""
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        temporary = os.path.join(self.data_folder_out, f".{name}.tmp")
        try:
            with open(temporary, "wb", buffering=0) as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(temporary, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
