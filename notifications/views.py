"""The email preferences page and the unsubscribe link's page."""
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from boards.access import login_required_view, public_view

from . import selectors, services
from .forms import PreferenceForm
from .models import Frequency
from .sending import person_from_token


@login_required_view
def preferences(request: HttpRequest) -> HttpResponse:
    """The signed-in person's choice of emails (immediate, weekly digest only, none)."""
    person = getattr(request.user, "person", None)
    if person is None:
        return render(request, "notifications/preferences.html", {"person": None})
    form = PreferenceForm(
        request.POST or None, initial={"frequency": selectors.person_frequency(person=person)}
    )
    if request.method == "POST" and form.is_valid():
        services.preference_set(
            person=person, frequency=form.cleaned_data["frequency"], actor=request.user
        )
        messages.success(request, "Your email preferences are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"person": person, "form": form})


@public_view
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop every email to the person a signed token names. The GET asks; only the POST
    changes anything, so a mail scanner following the link unsubscribes nobody."""
    person = person_from_token(token)
    if person is None:
        raise Http404("This unsubscribe link does not work.")
    done = False
    if request.method == "POST":
        services.preference_set(person=person, frequency=Frequency.NONE)
        done = True
    return render(request, "notifications/unsubscribe.html", {"done": done, "email": person.email})
