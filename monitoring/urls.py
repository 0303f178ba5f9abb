from django.urls import path

from . import public_views, views

app_name = "monitoring"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("plans/<int:pk>/", views.plan_monitoring, name="plan"),
    path("plans/<int:pk>/export.xlsx", views.realisation_export, name="export"),
    path("plans/<int:pk>/periods/<int:quarter>/close/", views.period_close, name="period_close"),
    path("plans/<int:pk>/periods/<int:quarter>/reopen/", views.period_reopen, name="period_reopen"),
    path("programs/<int:pk>/", views.program_monitoring, name="program"),
    path("programs/<int:pk>/indicators/", views.indicator_actuals, name="indicators"),
    path("plans/<int:pk>/renstra-indicators/", views.renstra_indicator_actual, name="renstra_indicator"),
    path("activities/<int:pk>/months/<int:month>/", views.realisation_record, name="record"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]

# Public pages, under /public/ with the report's PDF of the same FGD (csrplan/urls.py joins them).
# Printed on hand-outs: keep the paths.
public_patterns = [
    path("plan/", public_views.approved_plan, name="plan"),
    path("fgd/<str:code>/", public_views.fgd_outcomes, name="fgd_outcomes"),
]
