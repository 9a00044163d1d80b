"""Test photos made at run time from images that ship inside scikit-image (test extra): the
astronaut portrait (one face), two copies side by side (several faces), a plain grey card (no
face) and a different person from the bundled LFW sample. Nothing is copied into the repo."""
import io

import pytest


def _png(array) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def _data():
    return pytest.importorskip("skimage.data")


def one_face() -> bytes:
    return _png(_data().astronaut()[0:300, 100:400].copy())


def one_face_mirrored() -> bytes:
    return _png(_data().astronaut()[0:300, 100:400][:, ::-1].copy())


def two_faces() -> bytes:
    import numpy as np

    crop = _data().astronaut()[0:300, 100:400]
    return _png(np.concatenate([crop, crop], axis=1).copy())


def no_face() -> bytes:
    import numpy as np

    return _png(np.full((300, 300, 3), 128, dtype="uint8"))


def other_person() -> bytes:
    import numpy as np
    from PIL import Image

    face = (_data().lfw_subset()[0] * 255).astype("uint8")
    big = np.asarray(Image.fromarray(face).resize((200, 200), Image.BICUBIC))
    return _png(np.stack([big] * 3, axis=-1).copy())
