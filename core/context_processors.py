from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .access import Role, has_role, user_role
from .templatetags.csrplan import fixed_url

# (label, url name, lowest role that sees it)
NAVIGATION = [
    (_("Dashboard"), "home", Role.VIEWER),
    (_("Stakeholders"), "stakeholders:list", Role.VIEWER),
    (_("FGD"), "fgd:list", Role.VIEWER),
    (_("Aspirations"), "aspirations:list", Role.VIEWER),
    (_("Plans"), "programs:list", Role.VIEWER),
    (_("Monitoring"), "monitoring:list", Role.VIEWER),
    (_("Reports"), "reports:list", Role.VIEWER),
]


def navigation(request):
    user = getattr(request, "user", None)
    role = user_role(user) if user is not None else None
    if role is None:
        return {"nav_items": [], "user_role": None, "company_name": settings.COMPANY_NAME}
    path = request.path
    items = []
    for label, url_name, minimum in NAVIGATION:
        if not has_role(user, minimum):
            continue
        url = fixed_url(url_name)
        active = path == url if url == "/" else path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {
        "nav_items": items,
        "user_role": role,
        "show_admin_link": has_role(user, Role.ADMINISTRATOR),
        "company_name": settings.COMPANY_NAME,
    }
