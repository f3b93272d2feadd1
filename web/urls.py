from django.contrib.auth import views as auth_views
from django.urls import path

from . import analytics_views, digest_views, exports_views, logs, setup_views, views, visitors

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("mode/", views.set_mode, name="mode"),
    path("events/", views.events, name="events"),
    path("events/review/", views.review_events, name="events-review"),
    path("events/<int:pk>/", views.event_detail, name="event-page"),
    path("events/<int:pk>/update/", views.update_event, name="event-update"),
    path("events/<int:pk>/feedback/", views.event_feedback, name="event-feedback"),
    path("cameras/", setup_views.cameras, name="cameras"),
    path("cameras/<slug:pk>/", setup_views.camera, name="camera"),
    path("alerts/", setup_views.alerts, name="alerts"),
    path("alerts/acknowledge/", setup_views.acknowledge, name="alerts-acknowledge"),
    path("alerts/rules/new/", setup_views.rule, name="rule-new"),
    path("alerts/rules/<int:pk>/", setup_views.rule, name="rule"),
    path("system/", setup_views.system, name="system"),
    path("system/logs/", logs.logs, name="logs"),
    path(
        "system/dead-letters/<int:pk>/requeue/",
        setup_views.dead_letter,
        {"action": "requeue"},
        name="dead-letter-requeue",
    ),
    path(
        "system/dead-letters/<int:pk>/discard/",
        setup_views.dead_letter,
        {"action": "discard"},
        name="dead-letter-discard",
    ),
    path("settings/", setup_views.settings_page, name="settings"),
    path("settings/visitors/new/", visitors.visitor, name="visitor-new"),
    path("settings/visitors/<int:pk>/", visitors.visitor, name="visitor"),
    path("settings/visitors/<int:pk>/delete/", visitors.delete_visitor, name="visitor-delete"),
    path("settings/calibration/reset/", setup_views.reset_calibration, name="calibration-reset"),
    path("exports/", exports_views.exports_page, name="exports"),
    path("analytics/", analytics_views.analytics_page, name="analytics-page"),
    path("settings/digest/", digest_views.digest_settings, name="digest-settings"),
]
