from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/progress/", views.job_progress, name="progress"),
    path("<int:pk>/retry/", views.retry, name="retry"),
    path("<int:pk>/download/", views.download, name="download"),
]

# Public, under /public/ beside the page it prints (csrplan/urls.py joins them).
public_patterns = [
    path("fgd/<str:code>/pdf/", views.fgd_outcomes_pdf, name="fgd_outcomes_pdf"),
]
