"""Check-ins with an identity check: the local dlib provider with the face_recognition_models
files, the 'unavailable' provider (never a silent pass) and the external adapter's contract."""
import json
import uuid

import pytest

from smartjustice.core.errors import InvalidInput
from smartjustice.correction import identity, services
from smartjustice.correction.errors import IdentityNotVerified
from smartjustice.correction.models import Alert, CheckIn, IdentityCheck, Subject

from . import faces
from .conftest import INSIDE

needs_local = pytest.mark.skipif(not identity.local_available(), reason="dlib-bin / face_recognition_models not installed")


def check_in(subject, user, photo, **extra):
    return services.check_in(subject, acting_user=user, latitude=INSIDE[0], longitude=INSIDE[1], accuracy_m=20,
                             photo=photo, client_id=str(uuid.uuid4()), **extra)


@pytest.fixture
def enrolled(subject, officer):
    return services.enroll_face(subject, faces.one_face(), acting_user=officer, verifier=identity.LocalFaceVerifier())


@needs_local
def test_enrolment_keeps_only_an_encrypted_template_in_the_file(enrolled):
    row = Subject.objects.get(pk=enrolled.pk)

    assert row.face_template_provider == "local-dlib"
    assert len(json.loads(identity.crypto.decrypt(row.face_template_ciphertext))) == 128
    assert "[" not in row.face_template_ciphertext


@needs_local
def test_a_matching_face_inside_the_county_counts(enrolled, subject_user, county_fence):
    row = check_in(enrolled, subject_user, faces.one_face_mirrored())

    check = IdentityCheck.objects.get()
    assert (check.result, check.provider) == ("matched", "local-dlib")
    assert 0.7 < check.score <= 1.0
    assert (row.counts, row.inside_permitted_area, row.is_passive) == (True, True, False)


@needs_local
def test_another_persons_face_is_recorded_alerted_and_refused(enrolled, subject_user):
    with pytest.raises(IdentityNotVerified):
        check_in(enrolled, subject_user, faces.other_person())

    check = IdentityCheck.objects.get()
    assert check.result == "not_matched"
    assert check.score < 0.4
    assert CheckIn.objects.count() == 0
    assert list(Alert.objects.values_list("rule", flat=True)) == ["identity_failed"]


@needs_local
@pytest.mark.parametrize("photo, result", [(faces.no_face, "no_face"), (faces.two_faces, "several_faces")])
def test_photos_without_exactly_one_face_get_a_specific_error(enrolled, subject_user, photo, result):
    with pytest.raises(InvalidInput) as raised:
        check_in(enrolled, subject_user, photo())

    assert raised.value.field == "photo"
    assert IdentityCheck.objects.get().result == result
    assert CheckIn.objects.count() == 0


def test_an_oversized_or_unreadable_photo_is_refused(subject, subject_user, officer):
    with pytest.raises(InvalidInput) as raised:
        services.enroll_face(subject, b"x" * (5 * 1024 * 1024 + 1), acting_user=officer,
                             verifier=identity.LocalFaceVerifier())
    assert "5 MB" in str(raised.value)

    if identity.local_available():
        with pytest.raises(InvalidInput):
            services.enroll_face(subject, b"not an image", acting_user=officer, verifier=identity.LocalFaceVerifier())


def test_without_a_provider_the_check_is_recorded_as_not_performed_and_does_not_count(subject, subject_user):
    subject.face_template_ciphertext = identity.crypto.encrypt("[]")
    subject.save(update_fields=["face_template_ciphertext"])

    row = check_in(subject, subject_user, faces.one_face(), verifier=identity.UnavailableVerifier())

    assert IdentityCheck.objects.get().result == "not_performed"
    assert row.counts is False


def test_without_a_reference_photo_the_check_in_does_not_count(subject, subject_user):
    row = check_in(subject, subject_user, faces.one_face(), verifier=identity.UnavailableVerifier())

    assert IdentityCheck.objects.get().result == "not_enrolled"
    assert row.counts is False


class FakeProvider(identity.ExternalHttpVerifier):
    """The external adapter with its HTTP call replaced: tests the mapping of answers."""

    def __init__(self, answer):
        super().__init__("https://provider.invalid", "token")
        self.answer, self.calls = answer, []

    def _post(self, path, payload):
        self.calls.append(path)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.mark.parametrize("answer, result", [({"match": True, "score": 0.93}, "matched"),
                                            ({"match": False, "score": 0.2}, "not_matched"),
                                            ({"faces": 0}, "no_face"), ({"faces": 2}, "several_faces"),
                                            (identity.urllib.error.URLError("down"), "provider_error")])
def test_the_external_adapter_maps_the_providers_answer(answer, result):
    template = identity.crypto.encrypt(json.dumps({"reference": "R1"}))

    outcome = FakeProvider(answer).verify(template, b"photo-bytes", max_distance=0.6)

    assert outcome.result == result
