"""The service catalog of the contract (SPEC S1): stable codes, both languages, groups."""

GROUPS = {
    "hw": ("hardware", "硬件", "Hardware"),
    "sys": ("system", "系统", "System"),
    "sw": ("software", "客户端软件", "Client software"),
    "coord": ("coordination", "第三方协调", "Coordination"),
    "onsite": ("onsite", "现场服务", "Onsite service"),
    "sec": ("security", "安全服务", "Security service"),
    "install": ("installation", "设备安装", "Device installation"),
    "asset": ("asset", "资产管理", "Asset management"),
}

# code, name_zh, name_en, default urgency, ticket type
ITEMS = [
    ("hw.desktop", "台式电脑", "Desktop PC", "medium", "incident"),
    ("hw.laptop", "笔记本电脑", "Laptop", "medium", "incident"),
    ("hw.printer", "网络打印机", "Network printer", "medium", "incident"),
    ("hw.other", "其他桌面设备", "Other desktop device", "low", "incident"),
    ("sys.windows", "Windows 故障", "Windows fault", "medium", "incident"),
    ("sys.virus", "病毒感染", "Virus infection", "high", "incident"),
    ("sys.network", "网络连接", "Network connection", "medium", "incident"),
    ("sw.client", "客户端软件功能支持", "Client software support", "low", "incident"),
    ("coord.third_party", "第三方公司协调", "Third-party company", "low", "request"),
    ("coord.hw_vendor", "硬件厂商协调", "Hardware vendor", "low", "request"),
    ("coord.transport", "IT 运输商协调", "IT transport vendor", "low", "request"),
    ("onsite.engineer", "现场工程师支持", "Onsite engineer support", "medium", "request"),
    ("onsite.manufacturer", "厂商现场服务", "Manufacturer service", "low", "request"),
    ("sec.windows_upgrade", "Windows 升级", "Windows upgrade", "low", "request"),
    ("sec.antivirus", "防病毒库更新", "Antivirus signature update", "medium", "request"),
    ("sec.patch", "客户端软件补丁", "Client software patch", "low", "request"),
    (
        "sec.password",
        "密码轮换与默认密码",
        "Password rotation and default passwords",
        "medium",
        "request",
    ),
    ("install.new", "新设备安装", "New device installation", "low", "installation"),
    ("install.replace", "更换设备安装", "Replacement device installation", "low", "installation"),
    ("asset.inventory", "设备清单", "Device inventory", "low", "request"),
]


def group_of(code: str) -> str:
    """The catalog group prefix of an item code: 'hw.printer' → 'hw'."""
    return code.split(".", 1)[0]
