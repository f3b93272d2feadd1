"""People, faces, vehicles and plates over the REST API (issue 17). Anyone logged in may
look; naming, merging, splitting, enrolling and forgetting need an admin, and each is in
the audit log. Forgetting a person deletes every embedding and crop of theirs."""

from django.conf import settings
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from detection.api import file_response
from homesec.audit import Audited, record

from . import incidents, people
from .models import Face, Incident, Person, PlateRead, Vehicle
from .plates import PLATE, normalise


class PersonSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True, help_text="The name, or “Unknown #id”.")
    seen = serializers.IntegerField(read_only=True, help_text="Faces of theirs kept.")
    first_seen = serializers.DateTimeField(read_only=True, allow_null=True)
    last_seen = serializers.DateTimeField(read_only=True, allow_null=True)
    cameras = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "display_name",
            "role",
            "seen",
            "first_seen",
            "last_seen",
            "cameras",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def get_cameras(self, person) -> list[str]:
        return people.cameras_of(person)


class Merge(serializers.Serializer):
    other = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), help_text="Their faces join this person; they go."
    )


class PersonViewSet(
    Audited,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """People seen, grouped by face. PATCH names them and sets their role; DELETE (or
    ``/forget/``) deletes them with every embedding and crop; ``/merge/`` takes in another."""

    queryset = people.summaries(Person.objects.all())
    serializer_class = PersonSerializer
    http_method_names = ["get", "patch", "delete", "post", "head", "options"]
    filterset_fields = ["role"]
    ordering = ["-created_at"]

    def perform_destroy(self, instance):
        deleted = people.forget(instance)
        record(
            "person.forget",
            f"person {instance.pk}: {instance}",
            {"faces": deleted},
            request=self.request,
        )

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def forget(self, request, pk=None):
        """Delete the person, every embedding and every face crop of theirs."""
        person = self.get_object()
        self.perform_destroy(person)
        return Response({"forgotten": int(pk)})

    @extend_schema(request=Merge, responses={200: PersonSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """The other person's faces become this person's (the same person, seen twice)."""
        person = self.get_object()
        data = Merge(data=request.data)
        data.is_valid(raise_exception=True)
        other = data.validated_data["other"]
        moved = people.merge(person, other)
        record(
            "person.merge",
            f"person {person.pk}: {person}",
            {"other": other.pk, "faces": moved},
            request=request,
        )
        return Response(PersonSerializer(self.get_queryset().get(pk=person.pk)).data)


class FaceSerializer(serializers.ModelSerializer):
    visible = serializers.BooleanField(read_only=True)
    person_name = serializers.SerializerMethodField()

    class Meta:
        model = Face
        fields = [
            "id",
            "person",
            "person_name",
            "detection",
            "camera_id",
            "seen_at",
            "distance",
            "visible",
        ]
        read_only_fields = fields

    def get_person_name(self, face) -> str:
        return face.person.display_name if face.person else ""


class Enrol(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    role = serializers.ChoiceField(choices=Person.Role.choices, default=Person.Role.HOUSEHOLD)


class FaceViewSet(viewsets.ReadOnlyModelViewSet):
    """Faces seen (and person detections whose face was not visible). ``/enrol/`` names
    the face's person; ``/split/`` moves a face to a new person; ``/crop`` is its image;
    ``/remove/`` deletes it."""

    queryset = Face.objects.select_related("person")
    serializer_class = FaceSerializer
    filterset_fields = ["person", "detection", "camera_id"]
    ordering = ["-seen_at"]

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    @action(detail=True)
    def crop(self, request, pk=None):
        return file_response(settings.MEDIA_ROOT, self.get_object().crop_path)

    @extend_schema(request=Enrol, responses={200: PersonSerializer})
    @action(detail=True, methods=["post"])
    def enrol(self, request, pk=None):
        """Say who this face is: its unnamed group takes the name and role; a face already
        with a named person that is someone else is split off first."""
        face = self.get_object()
        data = Enrol(data=request.data)
        data.is_valid(raise_exception=True)
        person = enrol(face, **data.validated_data)
        record(
            "person.enrol",
            f"person {person.pk}: {person}",
            {"face": face.pk, **data.validated_data},
            request=request,
        )
        return Response(PersonSerializer(people.summaries(Person.objects).get(pk=person.pk)).data)

    @extend_schema(request=None, responses={200: PersonSerializer})
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        """This face is not their person: it becomes a new unknown person."""
        face = self._visible()
        person = people.split(face)
        record("face.split", f"face {face.pk}", {"person": person.pk}, request=request)
        return Response(PersonSerializer(people.summaries(Person.objects).get(pk=person.pk)).data)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Delete this face's embedding and crop."""
        face = self.get_object()
        people.remove_face(face)
        record("face.delete", f"face {pk}", {"person": face.person_id}, request=request)
        return Response({"removed": int(pk)})

    def _visible(self) -> Face:
        face = self.get_object()
        if not face.visible:
            raise serializers.ValidationError({"face": "no face was visible in this detection"})
        return face


def enrol(face: Face, *, name: str, role: str) -> Person:
    if not face.visible:
        raise serializers.ValidationError({"face": "no face was visible in this detection"})
    with transaction.atomic():
        person = face.person
        if person is None or (person.name and person.name != name):
            person = people.split(face)
        person.name, person.role = name, role
        person.save(update_fields=["name", "role", "updated_at"])
    return person


class VehicleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vehicle
        fields = ["id", "plate", "name", "role", "created_at"]
        read_only_fields = ["created_at"]

    def validate_plate(self, value: str) -> str:
        plate = normalise(value)
        if not PLATE.match(plate):
            raise serializers.ValidationError("4-10 letters and digits, at least one of each")
        return plate


class VehicleViewSet(Audited, viewsets.ModelViewSet):
    """Vehicles the household knows by their plate: a batch whose plate read matches one
    scores lower and says whose it is."""

    queryset = Vehicle.objects.all()
    serializer_class = VehicleSerializer
    filterset_fields = ["role"]
    ordering = ["name", "id"]


class PlateReadSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlateRead
        fields = ["id", "detection", "text", "confidence", "camera_id", "seen_at"]


class PlateReadViewSet(viewsets.ReadOnlyModelViewSet):
    """Plates read on vehicles (empty text: none could be read)."""

    queryset = PlateRead.objects.all()
    serializer_class = PlateReadSerializer
    filterset_fields = ["text", "camera_id", "detection"]
    ordering = ["-seen_at"]


class IncidentSerializer(serializers.ModelSerializer):
    path = serializers.SerializerMethodField(help_text="Its events in order, camera by camera.")

    class Meta:
        model = Incident
        fields = ["id", "key", "who", "started_at", "ended_at", "path"]

    def get_path(self, incident) -> list[dict]:
        return [
            {
                "event": e.pk,
                "camera": e.camera_id,
                "camera_name": e.camera.name,
                "started_at": e.started_at,
                "risk_level": e.risk_level,
            }
            for e in incidents.path(incident)
        ]


class IncidentViewSet(viewsets.ReadOnlyModelViewSet):
    """The same person (by face) or plate seen by several cameras within minutes: one
    incident, its path through the cameras in order."""

    queryset = Incident.objects.all()
    serializer_class = IncidentSerializer
    filterset_fields = ["key"]
    ordering = ["-started_at", "-id"]
