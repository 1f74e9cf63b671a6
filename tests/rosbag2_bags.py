"""rosbag2 folders for tests: an MCAP recording (ROS 2 CDR) rewritten with ``rosbags.rosbag2.Writer``."""

from __future__ import annotations

from pathlib import Path


def rosbag2_from_mcap(src: Path, dst: Path, storage: str) -> Path:
    """Write the messages of the ROS 2 MCAP ``src`` into the rosbag2 folder ``dst``.

    ``storage`` is ``sqlite3`` or ``mcap`` (the storage plugin). Topics, message types, order,
    log times and the CDR bytes are those of ``src``.
    """
    from mcap.reader import make_reader
    from rosbags.rosbag2 import StoragePlugin, Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE)
    plugin = StoragePlugin.MCAP if storage == "mcap" else StoragePlugin.SQLITE3
    with src.open("rb") as f, Writer(dst, version=9, storage_plugin=plugin) as w:
        conns = {}
        for schema, channel, message in make_reader(f).iter_messages(log_time_order=False):
            if channel.topic not in conns:
                assert schema is not None
                conns[channel.topic] = w.add_connection(channel.topic, schema.name, typestore=store)
            w.write(conns[channel.topic], message.log_time, message.data)
    return dst
