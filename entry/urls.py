from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from alerts.api import (
    AlertRuleViewSet,
    AlertViewSet,
    ChannelViewSet,
    HouseModeView,
    PushSubscriptionViewSet,
    push_key,
)
from analysis.api import CalibrationResetView, CalibrationView, PromptVersionView
from cameras.api import CameraViewSet, ZoneViewSet
from detection.api import DetectionViewSet, MediaFileViewSet
from events.api import EventViewSet
from household.api import (
    FaceViewSet,
    IncidentViewSet,
    PersonViewSet,
    PlateReadViewSet,
    VehicleViewSet,
)
from household.visitors_api import ExpectedVisitorViewSet
from ops import api, logs, perf_api, views
from reports.analytics_api import analytics_view
from reports.exports_api import ExportJobViewSet

handler400 = "homesec.errors.bad_request"
handler404 = "homesec.errors.not_found"
handler500 = "homesec.errors.server_error"

admin.site.site_header = "homesec"
admin.site.site_title = "homesec admin"

router = DefaultRouter()
router.register("cameras", CameraViewSet)
router.register("zones", ZoneViewSet)
router.register("events", EventViewSet)
router.register("detections", DetectionViewSet)
router.register("media", MediaFileViewSet)
router.register("alert-rules", AlertRuleViewSet)
router.register("channels", ChannelViewSet)
router.register("alerts", AlertViewSet)
router.register("push-subscriptions", PushSubscriptionViewSet)
router.register("visitors", ExpectedVisitorViewSet)
router.register("people", PersonViewSet)
router.register("faces", FaceViewSet)
router.register("vehicles", VehicleViewSet)
router.register("plate-reads", PlateReadViewSet)
router.register("incidents", IncidentViewSet)
router.register("dead-letters", api.DeadLetterViewSet)
router.register("tokens", api.TokenViewSet, basename="token")
router.register("exports", ExportJobViewSet)

urlpatterns = [
    path("health", views.health, name="health"),
    path("ready", api.ready, name="ready"),
    path("metrics", api.metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/mode/", HouseModeView.as_view(), name="house-mode"),
    path("api/push-key/", push_key, name="push-key"),
    path("api/system/health/", api.system_health, name="system-health"),
    path("api/system/status/", api.system_status_view, name="system-status"),
    path("api/system/gpu/", api.gpu_current, name="gpu-current"),
    path("api/system/gpu/history/", api.gpu_history, name="gpu-history"),
    path("api/system/performance/", perf_api.current, name="performance"),
    path("api/system/performance/history/", perf_api.history, name="performance-history"),
    path("api/calibration/", CalibrationView.as_view(), name="calibration"),
    path("api/calibration/reset/", CalibrationResetView.as_view(), name="calibration-reset"),
    path("api/prompt-versions/", PromptVersionView.as_view(), name="prompt-versions"),
    path("api/analytics/", analytics_view, name="analytics"),
    path("api/logs/", logs.LogList.as_view(), name="logs"),
    path("api/logs/frontend/", logs.FrontendLog.as_view(), name="logs-frontend"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/", include(router.urls)),
    path("", include("web.urls")),
]
