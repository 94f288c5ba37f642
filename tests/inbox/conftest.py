# The talent tests' own data, reused here under names of their own (the inbox tests add accounts to it).
from tests.learning.conftest import catalogue  # noqa: F401
from tests.talent.test_bottom_rank import floor as bottom_rank_floor  # noqa: F401
from tests.talent.test_nine_box import floor as nine_box_floor  # noqa: F401
from tests.talent.test_promotion_rounds import ladder  # noqa: F401
from tests.talent.test_promotion_rounds import people as round_people  # noqa: F401
