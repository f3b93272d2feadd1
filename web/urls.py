from django.contrib.auth import views as auth_views
from django.urls import path

from . import people, setup_views, views, visitors

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
    path("people/", people.people_page, name="people"),
    path("people/<int:pk>/", people.person_update, name="person-update"),
    path("people/<int:pk>/merge/", people.person_merge, name="person-merge"),
    path("people/<int:pk>/forget/", people.person_forget, name="person-forget"),
    path("people/faces/<int:pk>/enrol/", people.face_enrol, name="face-enrol"),
    path("vehicles/", people.vehicles_page, name="vehicles"),
    path("vehicles/<int:pk>/delete/", people.vehicle_delete, name="vehicle-delete"),
    path("settings/calibration/reset/", setup_views.reset_calibration, name="calibration-reset"),
]
