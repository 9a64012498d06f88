"""``{% home_tasks %}``: the signed-in person's tasks (home.selectors) on the home page.

A template tag, so that the boards' home page shows them without boards importing this
package (apps import downward only).
"""
from django import template

from home.selectors import person_tasks

register = template.Library()


@register.inclusion_tag("home/_tasks.html", takes_context=True)
def home_tasks(context) -> dict:
    """The task lists of ``request.user``; nothing for anonymous visitors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(getattr(user, "is_authenticated", False))
    return {"signed_in": signed_in, "task_lists": person_tasks(user=user) if signed_in else []}
