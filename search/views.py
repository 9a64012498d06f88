"""The search page."""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from boards.access import public_view

from . import selectors


@public_view
def search(request: HttpRequest) -> HttpResponse:
    """Results for ``?q=``: only what the visitor may see (search.sources)."""
    query = request.GET.get("q", "").strip()[: selectors.MAX_QUERY_LENGTH]
    hits = selectors.search(user=request.user, query=query) if query else []
    return render(request, "search/results.html", {
        "query": query, "hits": hits, "searched": bool(query),
        "no_words": bool(query) and not selectors.query_words(query),
    })
