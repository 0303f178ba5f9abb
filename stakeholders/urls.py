from django.urls import path

from . import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.stakeholder_list, name="list"),
    path("export/", views.stakeholder_export, name="export"),
    path("new/", views.stakeholder_create, name="create"),
    path("map/", views.stakeholder_map, name="map"),
    path("import/", views.import_upload, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("organisations/", views.organization_list, name="organization_list"),
    path("organisations/new/", views.organization_create, name="organization_create"),
    path("organisations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organisations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("<int:pk>/", views.stakeholder_detail, name="detail"),
    path("<int:pk>/edit/", views.stakeholder_edit, name="edit"),
    path("<int:pk>/archive/", views.stakeholder_archive, name="archive"),
    path("<int:pk>/engagements/", views.engagement_add, name="engagement_add"),
    path("<int:pk>/personal-data/", views.stakeholder_personal_data, name="personal_data"),
    path("<int:pk>/erase/", views.stakeholder_erase, name="erase"),
]
