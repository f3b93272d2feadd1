"""An alert's answers, opened from its email or its push notification without a login
(alerts/actions.py makes and checks the links). Opening a link only shows what it will do
and a button (a mail scanner that follows links changes nothing); the button, or the
notification's action, POSTs it. A JSON answer for the service worker, a page otherwise."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from alerts import actions
from detection.api import file_response
from detection.models import Detection


@csrf_exempt  # the signed link is the credential: no session or cookie is read or trusted
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    wants_json = "application/json" in request.headers.get("Accept", "")
    request.user = AnonymousUser()  # a session that came along is not who answers: the link is
    try:
        row = actions.link_for(token)
        done = actions.carry_out(row, request) if request.method == "POST" else None
    except actions.Refused as refused:
        if wants_json:
            return JsonResponse({"error": str(refused)}, status=refused.status)
        return render(request, "web/answer.html", {"error": refused}, status=refused.status)
    if wants_json and done:
        return JsonResponse({"done": done})
    context = {"row": row, "alert": row.alert, "done": done, "title": actions.title(row.action)}
    return render(request, "web/answer.html", context)


@require_GET
def picture(request, token: str):
    """The event's picture that a notification shows (the link expires)."""
    try:
        detection_id = actions.picture_of(token)
    except actions.Refused as refused:
        raise Http404(str(refused)) from None
    found = Detection.objects.filter(pk=detection_id).exclude(thumbnail_path="").first()
    if found is None:
        raise Http404("this picture is gone")
    return file_response(settings.MEDIA_ROOT, found.thumbnail_path)
