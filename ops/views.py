from django.http import JsonResponse


def health(request):
    """Liveness: the web process answers. No login, no database."""
    return JsonResponse({"status": "ok"})
