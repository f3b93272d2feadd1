from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from . import views

admin.site.site_header = "homesec"
admin.site.site_title = "homesec admin"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("health", views.health, name="health"),
    path("admin/", admin.site.urls),
]
