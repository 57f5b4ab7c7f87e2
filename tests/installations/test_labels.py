"""What installation pages say in the reader's language: the device types of the set (S4)."""

import re

from tests.changes.test_labels import speaks_chinese
from tests.installations.helpers import installed


def test_the_signature_screen_names_the_device_types(app, login_as):
    number = installed(app, login_as)  # a laptop and a monitor
    speaks_chinese(app, "employee")
    page = login_as("employee").get(f"/installations/{number}/sign").get_data(as_text=True)
    items = re.search(r'data-testid="signed-items">(.*?)</ul>', page, re.S).group(1)
    assert "笔记本电脑" in items and "显示器" in items
    assert "laptop" not in items and "monitor" not in items
