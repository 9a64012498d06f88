"""``{% board_plans board access as plans %}``: the plans a board page lists for its visitor."""
from typing import Any

from django import template

from plans.selectors import board_plans as select_board_plans

register = template.Library()


@register.simple_tag
def board_plans(board: Any, access: Any) -> list:
    """``board``'s plans the visitor may see (approved ones, or every one for members)."""
    return select_board_plans(board=board, is_member=access.is_member)
