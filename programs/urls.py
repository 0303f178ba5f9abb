from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="plan_create"),
    path("copy/", views.plan_copy, name="plan_copy"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("<int:pk>/return/", views.plan_return, name="plan_return"),
    path("<int:pk>/revise/", views.plan_revise, name="plan_revise"),
    path("<int:pk>/compare/<int:other_pk>/", views.plan_compare, name="plan_compare"),
    path("<int:pk>/traceability/", views.plan_traceability, name="traceability"),
    path(
        "<int:pk>/traceability/<int:aspiration_pk>/",
        views.traceability_row,
        name="traceability_row",
    ),
    path(
        "<int:pk>/traceability/<int:aspiration_pk>/plan/",
        views.traceability_plan,
        name="traceability_plan",
    ),
    path(
        "<int:pk>/traceability/<int:aspiration_pk>/decide/",
        views.traceability_decide,
        name="traceability_decide",
    ),
    path("<int:plan_pk>/programs/new/", views.program_create, name="program_create"),
    path("programs/<int:pk>/", views.program_detail, name="program_detail"),
    path("programs/<int:pk>/edit/", views.program_edit, name="program_edit"),
    path("programs/<int:pk>/delete/", views.program_delete, name="program_delete"),
    path("programs/<int:pk>/aspirations/link/", views.program_link, name="program_link"),
    path(
        "programs/<int:pk>/aspirations/<int:aspiration_pk>/unlink/",
        views.program_unlink,
        name="program_unlink",
    ),
    path("programs/<int:program_pk>/activities/new/", views.child_create("activity"), name="activity_create"),
    path("activities/<int:pk>/edit/", views.child_edit("activity"), name="activity_edit"),
    path("activities/<int:pk>/delete/", views.child_delete("activity"), name="activity_delete"),
    path("programs/<int:program_pk>/indicators/new/", views.child_create("indicator"), name="indicator_create"),
    path("indicators/<int:pk>/edit/", views.child_edit("indicator"), name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.child_delete("indicator"), name="indicator_delete"),
    path("programs/<int:program_pk>/partners/new/", views.child_create("partner"), name="partner_create"),
    path("partners/<int:pk>/edit/", views.child_edit("partner"), name="partner_edit"),
    path("partners/<int:pk>/delete/", views.child_delete("partner"), name="partner_delete"),
    path("renstra/", views.strategic_plan_list, name="renstra_list"),
    path("renstra/new/", views.strategic_plan_form, name="renstra_create"),
    path("renstra/<int:pk>/", views.strategic_plan_detail, name="renstra_detail"),
    path("renstra/<int:pk>/edit/", views.strategic_plan_form, name="renstra_edit"),
    path("renstra/<int:renstra_pk>/goals/new/", views.strategic_goal_form, name="goal_create"),
    path("renstra/<int:renstra_pk>/goals/<int:pk>/edit/", views.strategic_goal_form, name="goal_edit"),
    path("goals/<int:goal_pk>/indicators/new/", views.goal_indicator_form, name="goal_indicator_create"),
    path("goals/<int:goal_pk>/indicators/<int:pk>/edit/", views.goal_indicator_form, name="goal_indicator_edit"),
    path("renstra/<int:renstra_pk>/goals/<int:pk>/delete/", views.strategic_goal_delete, name="goal_delete"),
    path("goals/<int:goal_pk>/indicators/<int:pk>/delete/", views.goal_indicator_delete, name="goal_indicator_delete"),
]
