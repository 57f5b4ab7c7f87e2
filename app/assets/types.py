"""The CI types the register starts with and their parameter definitions (pure data)."""

from collections.abc import Iterable

# The types the register starts with (API.md); managers add more as data.
_COMPUTER = [
    ("ip", "IP 地址", "IP address", "ip"),
    ("mac", "MAC 地址", "MAC address", "mac"),
    ("cpu", "处理器", "CPU", "text"),
    ("ram_gb", "内存 (GB)", "RAM (GB)", "int"),
    ("disk_gb", "硬盘 (GB)", "Disk (GB)", "int"),
    ("os_version", "操作系统版本", "OS version", "text"),
]
_NETWORKED = [
    ("ip", "IP 地址", "IP address", "ip"),
    ("mac", "MAC 地址", "MAC address", "mac"),
    ("firmware", "固件版本", "Firmware", "text"),
]
_MONITOR = [("size_inch", "尺寸 (英寸)", "Size (inch)", "int")]
_VERSION = [("version", "版本", "Version", "text")]
_PHONE = [*_NETWORKED[:2], ("extension", "分机号", "Extension", "text")]
_LICENCE = [("seats", "授权数", "Seats", "int"), ("expires_on", "到期日", "Expires on", "date")]
DEFAULT_TYPES = [
    # code, name_zh, name_en, category, parameters (key, name_zh, name_en, kind)
    ("desktop", "台式电脑", "Desktop PC", "hardware", _COMPUTER),
    ("laptop", "笔记本电脑", "Laptop", "hardware", _COMPUTER),
    ("monitor", "显示器", "Monitor", "hardware", _MONITOR),
    ("dock", "扩展坞", "Docking station", "hardware", []),  # part of most desk sets (S5)
    ("network_printer", "网络打印机", "Network printer", "hardware", _NETWORKED),
    ("phone", "电话", "Phone", "hardware", _PHONE),
    ("network_device", "网络设备", "Network device", "hardware", _NETWORKED),
    ("other_device", "其他设备", "Other device", "hardware", []),
    ("operating_system", "操作系统", "Operating system", "software", _VERSION),
    ("application", "应用软件", "Application software", "software", _VERSION),
    ("licence", "许可证", "Licence", "licence", _LICENCE),
]


def parameter_defs(parameters: Iterable[tuple]) -> list[dict]:
    return [
        {"key": k, "name_zh": zh, "name_en": en, "kind": kind} for k, zh, en, kind in parameters
    ]
