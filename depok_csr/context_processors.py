from django.conf import settings


def portal(request):
    """What every page's layout shows: the portal's contact address."""
    return {"PORTAL_CONTACT_EMAIL": settings.PORTAL_CONTACT_EMAIL}
