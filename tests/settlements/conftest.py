"""Settlement tests run on 4 November 2026, 10:00 in Shanghai: October's sheet is due."""

import pytest
import time_machine

from tests.settlements.helpers import NOVEMBER_4


@pytest.fixture
def november(app):
    with time_machine.travel(NOVEMBER_4, tick=False) as traveller:
        yield traveller
