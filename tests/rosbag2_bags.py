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


def split_rosbag2(src: Path, dst: Path, storage: str, parts: int) -> Path:
    """Write the messages of the ROS 2 MCAP ``src`` into a rosbag2 folder of ``parts`` storage files.

    As a recorder splitting by size does: consecutive runs of messages (in ``src``'s order) go
    to ``dst_0``, ``dst_1``... and one ``metadata.yaml`` lists them all, with the counts and
    times of the whole recording and of each file. Every storage file declares every topic.
    """
    import shutil
    import tempfile

    import yaml
    from mcap.reader import make_reader
    from rosbags.rosbag2 import StoragePlugin, Writer
    from rosbags.typesys import Stores, get_typestore

    store = get_typestore(Stores.ROS2_HUMBLE)
    plugin = StoragePlugin.MCAP if storage == "mcap" else StoragePlugin.SQLITE3
    with src.open("rb") as f:
        messages = [
            (schema.name, channel.topic, message.log_time, message.data)
            for schema, channel, message in make_reader(f).iter_messages(log_time_order=False)
            if schema is not None
        ]
    topics = list(dict.fromkeys((topic, msgtype) for msgtype, topic, _t, _d in messages))
    dst.mkdir(parents=True)
    infos = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(parts):
            part = Path(tmp) / f"{dst.name}_{i}"
            with Writer(part, version=9, storage_plugin=plugin) as w:
                conns = {t: w.add_connection(t, m, typestore=store) for t, m in topics}
                for _msgtype, topic, t, data in messages[
                    i * len(messages) // parts : (i + 1) * len(messages) // parts
                ]:
                    w.write(conns[topic], t, data)
            info = yaml.safe_load((part / "metadata.yaml").read_text())[
                "rosbag2_bagfile_information"
            ]
            (storage_file,) = info["relative_file_paths"]
            shutil.move(part / storage_file, dst / storage_file)
            infos.append(info)
    merged = dict(infos[0])
    merged["relative_file_paths"] = [p for info in infos for p in info["relative_file_paths"]]
    merged["files"] = [f for info in infos for f in info["files"]]
    merged["message_count"] = sum(info["message_count"] for info in infos)
    start = min(info["starting_time"]["nanoseconds_since_epoch"] for info in infos)
    end = max(
        info["starting_time"]["nanoseconds_since_epoch"] + info["duration"]["nanoseconds"]
        for info in infos
    )
    merged["starting_time"] = {"nanoseconds_since_epoch": start}
    merged["duration"] = {"nanoseconds": end - start}
    merged["topics_with_message_count"] = [
        dict(
            topic,
            message_count=sum(
                info["topics_with_message_count"][k]["message_count"] for info in infos
            ),
        )
        for k, topic in enumerate(infos[0]["topics_with_message_count"])
    ]
    text = yaml.safe_dump({"rosbag2_bagfile_information": merged})
    (dst / "metadata.yaml").write_text(text, encoding="utf-8")
    return dst
