"""Identity verification for check-ins, behind one interface (IdentityVerifier).

Providers:
- "local" (LocalFaceVerifier): dlib's face detector and ResNet face descriptor, with the model
  files that ship inside the face_recognition_models package on PyPI (loaded from the
  installed package, never fetched at run time). Two descriptors closer than the policy's
  `identity.max_face_distance_milli` / 1000 (default 0.6, dlib's documented threshold) match.
- "external" (ExternalHttpVerifier): a certified provider over HTTPS (settings
  CORRECTION_IDENTITY_URL and CORRECTION_IDENTITY_TOKEN); it receives the photo and our
  reference id and answers {"match": bool, "score": float}.
- "unavailable" (UnavailableVerifier): used when neither is configured or installed; every
  check is recorded as NOT performed, so an officer must confirm it. Never a silent pass.

The reference template is a 128-number descriptor kept encrypted in the subject's file
(Subject.face_template_ciphertext); results store only the provider, the outcome and score.
Choose the provider with settings.CORRECTION_IDENTITY_PROVIDER ("local" by default).
"""
from __future__ import annotations

import base64
import functools
import importlib.util
import io
import json
import math
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from smartjustice.accounts import crypto
from smartjustice.core.errors import InvalidInput

from .choices import IdentityResult

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_SIDE_PX = 1024


@dataclass(frozen=True)
class Verification:
    result: str
    provider: str
    score: float | None = None
    detail: str = ""


class IdentityVerifier:
    """Interface: `enroll` turns a reference photo into a template (or raises InvalidInput for
    a photo without exactly one face); `verify` compares a check-in photo with the template."""

    name = "abstract"

    def enroll(self, photo: bytes) -> str:
        raise NotImplementedError

    def verify(self, template: str, photo: bytes, *, max_distance: float, reference: str = "") -> Verification:
        raise NotImplementedError


def check_photo(photo: bytes | None) -> bytes:
    if not photo:
        raise InvalidInput(_("Take a photo of your face for the identity check."), field="photo")
    if len(photo) > MAX_PHOTO_BYTES:
        raise InvalidInput(_("The photo is larger than 5 MB; take it again at a lower resolution."), field="photo")
    return photo


def _decode(photo: bytes):
    import numpy as np
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(photo))
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError):
        raise InvalidInput(_("The photo could not be read; use a JPEG or PNG picture."), field="photo") from None
    image.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX))
    return np.ascontiguousarray(np.asarray(image))


def _model_dir() -> Path | None:
    # The package's __init__ imports pkg_resources (gone from recent setuptools); we only need
    # the data files, so we locate the package without importing it.
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "models"
    return path if path.is_dir() else None


def local_available() -> bool:
    return importlib.util.find_spec("dlib") is not None and _model_dir() is not None


@functools.cache
def _dlib_models():
    import dlib

    base = _model_dir()
    return (dlib.get_frontal_face_detector(),
            dlib.shape_predictor(str(base / "shape_predictor_5_face_landmarks.dat")),
            dlib.face_recognition_model_v1(str(base / "dlib_face_recognition_resnet_model_v1.dat")))


class LocalFaceVerifier(IdentityVerifier):
    name = "local-dlib"

    def _descriptor(self, photo: bytes) -> tuple[str, list[float] | None]:
        detector, predictor, encoder = _dlib_models()
        image = _decode(check_photo(photo))
        faces = detector(image, 1)
        if len(faces) == 0:
            return IdentityResult.NO_FACE, None
        if len(faces) > 1:
            return IdentityResult.SEVERAL_FACES, None
        return IdentityResult.MATCHED, list(encoder.compute_face_descriptor(image, predictor(image, faces[0])))

    def enroll(self, photo: bytes) -> str:
        outcome, descriptor = self._descriptor(photo)
        if descriptor is None:
            raise InvalidInput(FACE_MESSAGES[outcome], field="photo")
        return crypto.encrypt(json.dumps([round(value, 6) for value in descriptor]))

    def verify(self, template: str, photo: bytes, *, max_distance: float, reference: str = "") -> Verification:
        outcome, descriptor = self._descriptor(photo)
        if descriptor is None:
            return Verification(outcome, self.name)
        stored = json.loads(crypto.decrypt(template))
        distance = math.dist(stored, descriptor)
        score = round(1.0 - distance, 4)
        result = IdentityResult.MATCHED if distance <= max_distance else IdentityResult.NOT_MATCHED
        return Verification(result, self.name, score, f"distance {distance:.3f} (max {max_distance:.3f})")


class ExternalHttpVerifier(IdentityVerifier):
    """A certified provider's HTTP API. Enrolment sends the reference photo and keeps the
    provider's reference id (encrypted) as the template."""

    name = "external"

    def __init__(self, url: str, token: str, timeout: float = 10.0):
        self.url, self.token, self.timeout = url.rstrip("/"), token, timeout

    def _post(self, path: str, payload: dict) -> dict:
        request = urllib.request.Request(
            f"{self.url}/{path}", data=json.dumps(payload).encode(), method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured https URL)
            return json.loads(response.read().decode())

    def enroll(self, photo: bytes) -> str:
        try:
            answer = self._post("enroll", {"photo": base64.b64encode(check_photo(photo)).decode()})
        except (urllib.error.URLError, TimeoutError, ValueError):
            raise InvalidInput(_("The identity provider could not be reached; try the enrolment again later."), field="photo") from None
        return crypto.encrypt(json.dumps({"reference": str(answer.get("reference", ""))}))

    def verify(self, template: str, photo: bytes, *, max_distance: float, reference: str = "") -> Verification:
        stored = json.loads(crypto.decrypt(template))
        try:
            answer = self._post("verify", {"reference": stored.get("reference", ""),
                                           "photo": base64.b64encode(check_photo(photo)).decode()})
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            return Verification(IdentityResult.PROVIDER_ERROR, self.name, detail=str(exc)[:200])
        faces = answer.get("faces")
        if faces == 0:
            return Verification(IdentityResult.NO_FACE, self.name)
        if isinstance(faces, int) and faces > 1:
            return Verification(IdentityResult.SEVERAL_FACES, self.name)
        score = answer.get("score")
        result = IdentityResult.MATCHED if answer.get("match") is True else IdentityResult.NOT_MATCHED
        return Verification(result, self.name, float(score) if isinstance(score, (int, float)) else None)


class UnavailableVerifier(IdentityVerifier):
    """No provider: nothing is verified, and every check says so."""

    name = "unavailable"

    def enroll(self, photo: bytes) -> str:
        raise InvalidInput(_("No identity verification provider is installed; the reference photo cannot be enrolled."),
                           field="photo")

    def verify(self, template: str, photo: bytes, *, max_distance: float, reference: str = "") -> Verification:
        check_photo(photo)
        return Verification(IdentityResult.NOT_PERFORMED, self.name, detail="no provider configured")


FACE_MESSAGES = {
    IdentityResult.NO_FACE: _("No face was found in the photo. Face the camera in good light and try again."),
    IdentityResult.SEVERAL_FACES: _("More than one face is in the photo. Make sure only you are in the picture."),
}


def get_verifier() -> IdentityVerifier:
    choice = getattr(settings, "CORRECTION_IDENTITY_PROVIDER", "local")
    if choice == "external":
        return ExternalHttpVerifier(settings.CORRECTION_IDENTITY_URL, getattr(settings, "CORRECTION_IDENTITY_TOKEN", ""))
    if choice == "local" and local_available():
        return LocalFaceVerifier()
    return UnavailableVerifier()
